// Message → text through core/str, in one round trip per render.
import {get_strings as getStrings} from 'core/str';
import type {Message} from '../local/types';
import type {Lookup} from './view';

const COMPONENT = 'tool_kalturalti13';

/**
 * A stable key for a message with its params.
 *
 * @param m the message
 * @returns the key
 */
function id(m: Message): string {
    return JSON.stringify([m.key, m.params ?? null]);
}

/**
 * Builds something that needs strings: a first pass records which messages it asks for, core/str fetches them
 * all at once, and a second pass builds it with the text.
 *
 * @param build makes the result from a lookup
 * @returns the result built with real strings
 */
export async function withStrings<T>(build: (t: Lookup) => T): Promise<T> {
    const wanted = new Map<string, Message>();
    build((m) => {
        wanted.set(id(m), m);
        return '';
    });
    const list = [...wanted.values()];
    const texts = list.length ? await getStrings(list.map((m) => ({key: m.key, component: COMPONENT, param: m.params}))) : [];
    const found = new Map<string, string>();
    list.forEach((m, i) => found.set(id(m), texts[i] ?? m.key));
    return build((m) => found.get(id(m)) ?? m.key);
}

/**
 * One string.
 *
 * @param key string key
 * @param params its {$a} params
 * @returns the text
 */
export async function str(key: string, params?: Message['params']): Promise<string> {
    return withStrings((t) => t(params ? {key, params} : {key}));
}
