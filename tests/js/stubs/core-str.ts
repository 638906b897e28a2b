// Test stand-in for Moodle's core/str (vitest.config.ts aliases core/str here) that takes each string from the real
// lang/en/tool_kalturalti13.php, read by PHP itself, and fills {$a} and {$a->name} as Moodle's string manager does.
// A key the lang file lacks comes back as "[[key]]", as Moodle shows a missing string, so a test can find it.
import {execFileSync} from 'node:child_process';
import path from 'node:path';

const file = path.resolve(__dirname, '../../../lang/en/tool_kalturalti13.php');

/** Every string of the component, as PHP reads the file. */
export const strings: Record<string, string> = JSON.parse(execFileSync('php', ['-r',
    `define('MOODLE_INTERNAL', 1); $string = []; include ${JSON.stringify(file)}; echo json_encode($string);`],
{encoding: 'utf8'}));

/** Every request made, in order (one entry per string asked for). */
export const requested: Array<{key: string; component: string}> = [];

/**
 * One string with its params filled, as get_string() does.
 *
 * @param key string key
 * @param param {$a}
 * @returns the text
 */
export function getString(key: string, param?: unknown): string {
    const text = strings[key];
    if (text === undefined) {
        return `[[${key}]]`;
    }
    if (param !== null && typeof param === 'object') {
        return Object.entries(param as Record<string, unknown>)
            .reduce((s, [k, v]) => s.split(`{$a->${k}}`).join(String(v)), text);
    }
    return param === undefined || param === null ? text : text.split('{$a}').join(String(param));
}

/**
 * As core/str's get_strings.
 *
 * @param list the requests
 * @returns their texts
 */
// eslint-disable-next-line camelcase -- core/str's own name
export async function get_strings(list: Array<{key: string; component: string; param?: unknown}>): Promise<string[]> {
    return list.map((r) => {
        requested.push({key: r.key, component: r.component});
        return r.component === 'tool_kalturalti13' ? getString(r.key, r.param) : `[[${r.key}]]`;
    });
}

/**
 * As core/str's get_string.
 *
 * @param key string key
 * @param component component
 * @param param {$a}
 * @returns the text
 */
// eslint-disable-next-line camelcase -- core/str's own name
export async function get_string(key: string, component: string, param?: unknown): Promise<string> {
    return (await get_strings([{key, component, param}]))[0] ?? '';
}
