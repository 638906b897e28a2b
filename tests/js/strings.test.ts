// Every word on the page comes from lang/en: each key the TypeScript or a template asks for must exist there.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {STEP_ORDER} from '../../amd/src/ui/view';
import {SHIM_CODES} from '../../amd/src/local/model';

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

const lang = readFileSync(path.join(root, 'lang/en/tool_kalturalti13.php'), 'utf8');
const defined = new Set([...lang.matchAll(/^\$string\['([^']+)'\]\s*=/gm)].map((m) => m[1] ?? ''));
const sources = walk(path.join(root, 'amd/src')).filter((f) => f.endsWith('.ts'));
const code = sources.map((f) => readFileSync(f, 'utf8')).join('\n');
const types = readFileSync(path.join(root, 'amd/src/local/model.ts'), 'utf8');
const union = (name: string): string[] => {
    const m = new RegExp(`export type ${name} =([^;]+);`).exec(types);
    return m ? [...(m[1] ?? '').matchAll(/'([a-z0-9]+)'/g)].map((x) => x[1] ?? '') : [];
};

describe('lang/en/tool_kalturalti13.php', () => {
    it('defines each string only once', () => {
        const all = [...lang.matchAll(/^\$string\['([^']+)'\]\s*=/gm)].map((m) => m[1] ?? '');
        expect(all.filter((k, i) => all.indexOf(k) !== i)).toEqual([]);
    });

    it('has every key the TypeScript names literally', () => {
        const keys = new Set([
            ...[...code.matchAll(/\bmsg\(\s*'([a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
            ...[...code.matchAll(/\bkey: '([a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
            ...[...code.matchAll(/\bstr\('([a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
            ...[...code.matchAll(/\bconfirm\('([a-z0-9_]+)', '([a-z0-9_]+)'/g)].flatMap((m) => [m[1] ?? '', m[2] ?? '']),
        ]);
        expect(keys.size).toBeGreaterThan(40);
        // A key ending in _ is a prefix completed at run time; its family is checked below.
        expect([...keys].filter((k) => !k.endsWith('_') && !defined.has(k))).toEqual([]);
    });

    it('has every key built from a name: checks, results, steps, places, error codes', () => {
        const checkIds = union('CheckId');
        expect(checkIds.length).toBeGreaterThan(10);
        const built = [
            ...checkIds.map((id) => `check_${id}`),
            ...union('CheckResult').map((r) => `check_${r}`),
            ...STEP_ORDER.map((s) => `steplabel_${s}`),
            ...['pending', 'running', 'done', 'failed', 'skipped'].map((s) => `step_${s}`),
            ...union('Where').map((w) => `plan_where_${w}`),
            ...SHIM_CODES,
        ];
        expect([...built].filter((k) => !defined.has(k))).toEqual([]);
    });

    it('has every key the templates ask for', () => {
        const templates = walk(path.join(root, 'templates')).filter((f) => f.endsWith('.mustache'));
        const keys = templates.flatMap((f) => [...readFileSync(f, 'utf8')
            .matchAll(/\{\{#str\}\}\s*([a-z0-9_]+)\s*,\s*tool_kalturalti13/g)].map((m) => m[1] ?? ''));
        expect(keys.length).toBeGreaterThan(10);
        expect(keys.filter((k) => !defined.has(k))).toEqual([]);
    });
});
