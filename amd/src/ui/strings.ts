// Message → text through core/str, in one round trip per render.
import {get_strings as getStrings} from 'core/str';
import type {Message} from '../local/model';
import type {Lookup} from './view';

const COMPONENT = 'tool_kalturalti13';

/**
 * A stable key for a message with its params.
 *
 * @param m the message
 * @returns the key
 */
function id(m: Message): string {
    return JSON.stringify([m.key, m.params ?? m.a ?? null]);
}

/** Passes before giving up on messages that keep asking for new ones (a message nested in a message is 2). */
const MAX_PASSES = 4;

/**
 * Builds something that needs strings: a pass records which messages it asks for that are not fetched yet, core/str
 * fetches them at once, and the next pass builds again with the text. A message whose params hold another message's
 * text (a difference naming its side) is asked for only once that text is known, so it takes one pass more; the
 * result is the first pass that asked for nothing new.
 *
 * @param build makes the result from a lookup
 * @returns the result built with real strings
 */
export async function withStrings<T>(build: (t: Lookup) => T): Promise<T> {
    const found = new Map<string, string>();
    for (let pass = 1; ; pass++) {
        const wanted = new Map<string, Message>();
        const result = build((m) => {
            // A shim error comes with the server's own text for its key: nothing to fetch.
            const text = m.text ?? found.get(id(m));
            if (text === undefined) {
                wanted.set(id(m), m);
                return '';
            }
            return text;
        });
        if (wanted.size === 0) {
            return result;
        }
        const list = [...wanted.values()];
        const texts = await getStrings(list.map((m) => ({key: m.key, component: COMPONENT, param: m.params ?? m.a})));
        list.forEach((m, i) => found.set(id(m), texts[i] ?? m.key));
        if (pass === MAX_PASSES) {
            return build((m) => m.text ?? found.get(id(m)) ?? m.key);
        }
    }
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
