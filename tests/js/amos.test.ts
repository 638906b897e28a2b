// Strings fit for AMOS: translators translate each string alone, so every string is a whole sentence (or a label or
// name) with named placeholders, no string's text is put inside another string, and the page never shows a raw code.
//
// The rules checked here:
// 1. Every string starts with a capital letter, a digit, a quote, a placeholder or a technical name (a setting or
//    plugin name such as kaf_uri, local_kaltura, config.php); a lowercase start marks a fragment.
// 2. No text from get_string() (PHP) or from a message (TypeScript) is passed as a placeholder value of another string,
//    except the few on SPLICE_OK, each a name or a whole sentence put where a name or sentence stands.
// 3. No string takes a raw code as a placeholder (the kind of run, the list of kaf_uri problems), except the event
//    descriptions (log lines, which quote ids and codes as Moodle's own events do); each code maps to its own string.
// 4. A placeholder count is never followed by a noun ("{$a->count} activities" is not plural-safe).
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {getString, strings} from './stubs/core-str';
import {state} from './fixtures';
import {preflightLocal, RUN_IN_PROGRESS, RUN_INTERRUPTED} from '../../amd/src/local/preflight';
import {KAFURI_PROBLEM, checkKafUri, type KafUriProblem} from '../../amd/src/local/kafuri';
import {checklistContext} from '../../amd/src/ui/view';
import type {Message} from '../../amd/src/local/model';

const root = path.resolve(__dirname, '../..');

/**
 * Lists files below a folder.
 *
 * @param dir folder
 * @returns paths
 */
function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/**
 * The text of a call's arguments from the opening parenthesis or brace at `open` to its match (strings skipped).
 *
 * @param src source text
 * @param open index of the opening ( or {
 * @returns the text inside
 */
function balanced(src: string, open: number): string {
    let depth = 0;
    let quote = '';
    for (let i = open; i < src.length; i++) {
        const c = src[i];
        if (quote) {
            if (c === '\\') {
                i++;
            } else if (c === quote) {
                quote = '';
            }
        } else if (c === '\'' || c === '"' || c === '`') {
            quote = c;
        } else if (c === '(' || c === '{' || c === '[') {
            depth++;
        } else if (c === ')' || c === '}' || c === ']') {
            depth--;
            if (depth === 0) {
                return src.slice(open + 1, i);
            }
        }
    }
    return src.slice(open + 1);
}

/** Strings that may be filled with another string's text, and why (where: a place's name, as a name). */
const SPLICE_OK: Record<string, string> = {
    // "KAF Hosted module: authMethod is now ..." — the side's label (plan_where_*) is a name, put where a name stands.
    verdict_difference: 'where is a plan_where_* label, a name',
    verdict_difference_absent: 'where is a plan_where_* label, a name',
    // The server's own whole-sentence message (a moodle_exception's text) after the engine's sentence.
    ...Object.fromEntries(Object.keys(strings).filter((k) => k.startsWith('engine_err_'))
        .map((k) => [k, 'detail is the server\'s whole-sentence message'])),
    // A finding's whole-sentence title, then how many others there are.
    wiring_summary_more: 'first is a whole-sentence finding title',
    // The notification: the summary and the subject carry whole-sentence findings.
    wiringdrift_body: 'summary is a whole sentence',
    wiringdrift_subject: 'summary is a whole sentence',
};

/** What a first word may be besides a capitalised one: a technical name kept as it is in every language. */
const TECHNICAL = /^(?:[a-z][a-z0-9]*_[a-z0-9_]+|config\.php)\b/;

describe('strings fit for AMOS', () => {
    it('has every string start as a sentence, a label or a name (a lowercase start marks a fragment)', () => {
        const fragments = Object.entries(strings)
            .filter(([, v]) => !/^(?:[A-Z0-9"'(]|\{\$a)/.test(v) && !TECHNICAL.test(v))
            .map(([k, v]) => `${k}: ${v.slice(0, 60)}`);
        expect(fragments).toEqual([]);
    });

    it('has no count followed by a noun (plural forms differ by language)', () => {
        const counted = Object.entries(strings).filter(([, v]) => /\{\$a->count\}\s+[a-z]/i.test(v)
            || /\b(?:the|all)\s+\{\$a->count\}/i.test(v)).map(([k]) => k);
        expect(counted).toEqual([]);
    });

    it('takes no raw code as a placeholder: the run kind and the kaf_uri problems have strings of their own', () => {
        const coded = Object.entries(strings)
            .filter(([k, v]) => /\{\$a->(?:kind|problems)\}/.test(v) && !/^eventrun[a-z]+desc$/.test(k)
                // The OIDC problems are LTI parameter names (client_id, redirect_uri), the same in every language.
                && !['engine_ev_oidcnoredirect', 'engine_ev_oidcwrong', 'wiring_oidcother'].includes(k))
            .map(([k]) => k);
        expect(coded).toEqual([]);
        const kinds = ['upgrade', 'revert'] as const;
        for (const kind of kinds) {
            for (const key of [RUN_INTERRUPTED[kind], RUN_IN_PROGRESS[kind]]) {
                expect(strings[key], key).toBeDefined();
                const text = getString(key, {user: 'Ada Admin', time: 'today', id: 3});
                expect(text).not.toMatch(/\{\$a|\bA upgrade\b/);
            }
        }
        expect(getString(RUN_INTERRUPTED.revert, {user: 'Ada Admin', time: 'today'}))
            .toBe('A revert run started by Ada Admin on today did not finish.');
        expect(getString(RUN_INTERRUPTED.upgrade, {user: 'Ada Admin', time: 'today'}))
            .toBe('An upgrade run started by Ada Admin on today did not finish.');
        for (const key of Object.values(KAFURI_PROBLEM)) {
            expect(strings[key], key).toMatch(/^The .*\.$/);
        }
        // The interrupted-run banner and report heading are chosen by kind in code, never filled with it.
        const php = readFileSync(path.join(root, 'classes/output/report.php'), 'utf8');
        expect(php).not.toMatch(/'kind' => \$run\['kind'\]/);
    });

    it('shows each kaf_uri problem as its own sentence, never its code', () => {
        const c = checkKafUri('HTTP://Tenant.KAF.example.com/ ');
        expect(c.status).toBe('fixable');
        const problems = c.status === 'fixable' ? c.problems : [];
        expect(problems).toEqual(expect.arrayContaining<KafUriProblem>(['spaces', 'http', 'trailingslash', 'uppercase']));
        const s = state();
        s.settings.kaf_uri = 'HTTP://Tenant.KAF.example.com/ ';
        const t = (m: Message): string => getString(m.key, m.params);
        const ctx = checklistContext(preflightLocal(s), t) as {checks: Array<{id: string; message: string}>};
        const text = ctx.checks.find((x) => x.id === 'kafuri')?.message ?? '';
        for (const p of problems) {
            expect(text).toContain(getString(KAFURI_PROBLEM[p]));
        }
        expect(text).not.toMatch(/\b(?:trailingslash|noscheme|uppercase|spaces, |path)\b|\{\$a|\[\[/);
    });

    it('shows a field missing from the page in words, not a made-up value', () => {
        const code = walk(path.join(root, 'amd/src')).filter((f) => f.endsWith('.ts'))
            .map((f) => readFileSync(f, 'utf8')).join('\n');
        expect(code).not.toMatch(/'\((?:absent|empty|none|missing|unknown)\)'/);
        expect(strings.verdict_difference_absent).toBeDefined();
        expect(strings.report_absent).toBeDefined();
    });

    it('passes no string\'s text into another string in the TypeScript (except SPLICE_OK)', () => {
        const found = new Set<string>();
        for (const f of walk(path.join(root, 'amd/src')).filter((x) => x.endsWith('.ts'))) {
            const src = readFileSync(f, 'utf8');
            // Calls with params: msg('key', {...}), str('key', {...}), check(id, result, 'key', {...}), {key, params}.
            const calls = [
                ...[...src.matchAll(/\b(?:msg|str|check)\(\s*(?:'[a-z]+',\s*'[a-z]+',\s*)?'([a-z0-9_]+)',\s*\{/g)]
                    .map((m) => ({key: m[1] ?? '', open: (m.index ?? 0) + m[0].length - 1})),
                ...[...src.matchAll(/\bkey: '([a-z0-9_]+)', params: \{/g)]
                    .map((m) => ({key: m[1] ?? '', open: (m.index ?? 0) + m[0].length - 1})),
            ];
            for (const {key, open} of calls) {
                if (/\b(?:t|str|msg|getString|codeMessage)\(/.test(balanced(src, open)) && !(key in SPLICE_OK)) {
                    found.add(`${path.relative(root, f)}: ${key}`);
                }
            }
        }
        expect([...found]).toEqual([]);
    });

    it('passes no get_string() text into another string in the PHP (except SPLICE_OK)', () => {
        const files = [
            ...walk(path.join(root, 'classes')),
            ...['index.php', 'report.php', 'lib.php', 'settings.php'].map((f) => path.join(root, f)),
        ].filter((f) => f.endsWith('.php'));
        const found = new Set<string>();
        for (const f of files) {
            const src = readFileSync(f, 'utf8');
            // Variables that hold a string's text.
            const holders = [...src.matchAll(/(\$[a-z_]+)\s*=\s*([^;]*)\bget_string\(/gi)].map((m) => m[1] ?? '');
            for (const m of src.matchAll(/(?:\bget_string|new \\?moodle_exception)\(/g)) {
                const open = (m.index ?? 0) + m[0].length - 1;
                const args = balanced(src, open);
                const key = /^\s*'([a-z0-9_:]+)'/.exec(args)?.[1] ?? args.split(',')[0]?.trim() ?? '';
                const rest = args.slice(args.indexOf(',') + 1);
                const nested = /\bget_string\(/.test(rest)
                    || holders.some((h) => new RegExp(`\\${h}\\b`).test(rest.slice(rest.indexOf(',') + 1)));
                if (nested && !(key in SPLICE_OK)) {
                    found.add(`${path.relative(root, f)}: ${key}`);
                }
            }
        }
        expect([...found]).toEqual([]);
    });
});
