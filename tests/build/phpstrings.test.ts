// Every string key the PHP asks this plugin for exists in lang/en/tool_kalturalti13.php: get_string, lang_string,
// string_exists and moodle_exception with a literal key, and for a key built from a literal start ('steplabel_' . $x)
// at least one string with that start. A strings change once removed a key report.php still used; nothing failed.
import {describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const langFile = 'lang/en/tool_kalturalti13.php';
const keys = new Set([...readFileSync(path.join(root, langFile), 'utf8').matchAll(/^\$string\['([^']+)'\]\s*=/gm)]
    .map((m) => m[1] ?? ''));

/** The PHP files of the plugin (git's list: what would ship, and the tests). */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.php'], {cwd: root,
    encoding: 'utf8'}).split('\n').filter((f) => f !== '' && f !== langFile && !f.startsWith('node_modules/'));

/** A call naming this plugin's string: the key literal, and whether more follows it (`'prefix_' . $x`). */
const CALL = /\b(?:get_string|lang_string|string_exists|moodle_exception)\(\s*'([a-z0-9_:]+)'\s*(\.)?[^;]*?'tool_kalturalti13'/g;

describe('PHP string keys', () => {
    it('finds the PHP files and the calls', () => {
        expect(files).toContain('report.php');
        expect(files).toContain('classes/output/report.php');
    });

    it('asks only for keys lang/en defines', () => {
        const missing: string[] = [];
        let calls = 0;
        for (const file of files) {
            const text = readFileSync(path.join(root, file), 'utf8');
            for (const m of text.matchAll(CALL)) {
                const [whole, key = '', prefix] = m;
                // The component must be this call's own argument, not a later call's on the same statement.
                if (/\)\s*[,;.]/.test(whole.slice(0, whole.lastIndexOf("'tool_kalturalti13'"))) && !prefix) {
                    continue;
                }
                calls++;
                const ok = prefix ? [...keys].some((k) => k.startsWith(key)) : keys.has(key);
                if (!ok) {
                    const line = text.slice(0, m.index).split('\n').length;
                    missing.push(`${file}:${line}: ${key}${prefix ? '…' : ''}`);
                }
            }
        }
        expect(calls).toBeGreaterThan(50);
        expect(missing).toEqual([]);
    });

    it('would catch a removed key', () => {
        const text = "echo get_string('report_heading', 'tool_kalturalti13');";
        const found = [...text.matchAll(CALL)].map((m) => m[1]);
        expect(found).toEqual(['report_heading']);
        expect(keys.has('report_heading')).toBe(false);
    });
});
