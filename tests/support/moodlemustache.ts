// Moodle's get_string and mustache helpers ({{#str}}, {{#pix}}) as the tests' stand-ins: the plugin's lang file read as
// get_string reads it, a missing string or a missing $a an error. Used by the template lint (tests/build) and by the
// built page under jsdom (tests/integration/moodlecore.ts).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';

const root = path.resolve(__dirname, '../..');

/** The plugin's strings, as get_string would find them. */
export const strings = new Map<string, string>(
    [...readFileSync(path.join(root, 'lang/en/tool_kalturalti13.php'), 'utf8')
        .matchAll(/^\$string\['([^']+)'\]\s*=\s*'((?:[^'\\]|\\.)*)';$/gm)]
        .map((m) => [m[1] ?? '', (m[2] ?? '').replace(/\\(['\\])/g, '$1')]),
);

type Lambda = () => (text: string, render: (t: string) => string) => string;

/**
 * Moodle's get_string for this plugin: {$a} and {$a->name} replaced, an unknown key an error.
 *
 * @param key string id
 * @param component component
 * @param a the $a argument
 * @returns the string
 */
export function getString(key: string, component = 'core', a?: unknown): string {
    const value = component === 'tool_kalturalti13' ? strings.get(key) : undefined;
    if (value === undefined) {
        throw new Error(`no string ${key}, ${component}`);
    }
    return value.replace(/\{\$a(?:->(\w+))?\}/g, (whole, name: string | undefined) => {
        const got = name === undefined ? a : (a as Record<string, unknown> | null)?.[name];
        if (got === undefined || (name === undefined && typeof a === 'object')) {
            throw new Error(`string ${key} needs ${whole}, the template gave ${JSON.stringify(a)}`);
        }
        return String(got);
    });
}

/** {{#str}} key, component, $a {{/str}}: key and component as written, $a rendered (JSON when it is an object). */
export const str: Lambda = () => (text, render) => {
    const [key = '', component = '', ...rest] = text.split(',');
    const next = rest.join(',').trim();
    const a = next.startsWith('{') && !next.startsWith('{{') ? JSON.parse(render(next)) : render(next);
    return getString(key.trim(), component.trim() || 'core', next === '' ? undefined : a);
};

/** {{#pix}} key, component, alt {{/pix}}: an icon element as Moodle's pix_icon renders it, alt text rendered. */
export const pix: Lambda = () => (text, render) => {
    const [key = '', component = '', ...rest] = text.split(',');
    if (!/^[a-z0-9_/-]+$/.test(key.trim()) || !/^[a-z0-9_]+$/.test(component.trim())) {
        throw new Error(`bad pix ${text}`);
    }
    const alt = render(rest.join(',').trim());
    const label = alt === '' ? 'aria-hidden="true"' : `role="img" aria-label="${Mustache.escape(alt)}"`;
    return `<i class="icon fa fa-fw" title="${Mustache.escape(alt)}" ${label}></i>`;
};
