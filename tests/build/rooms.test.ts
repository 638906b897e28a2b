// The shape of the code: small modules, and no import circle (type-only imports count: a circle of types is still a
// circle of meaning).
import {describe, expect, it} from 'vitest';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const MAX_LINES = 350;

/**
 * Every file under a folder with one of the endings.
 *
 * @param dir the folder, from the repository root
 * @param ends the endings
 * @returns repository paths
 */
function files(dir: string, ends: string[]): string[] {
    const out: string[] = [];
    const walk = (d: string): void => {
        for (const name of readdirSync(path.join(root, d))) {
            const rel = path.join(d, name);
            if (name === 'node_modules') {
                continue;
            }
            if (statSync(path.join(root, rel)).isDirectory()) {
                walk(rel);
            } else if (ends.some((e) => name.endsWith(e))) {
                out.push(rel);
            }
        }
    };
    walk(dir);
    return out;
}

/**
 * The local modules a TypeScript file imports (relative specifiers), resolved to repository paths.
 *
 * @param file the file
 * @returns the imported files
 */
function imports(file: string): string[] {
    const src = readFileSync(path.join(root, file), 'utf8');
    const out: string[] = [];
    for (const m of src.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? '';
        const base = path.join(path.dirname(file), spec);
        const found = [base + '.ts', path.join(base, 'index.ts')].find((c) => {
            try {
                return statSync(path.join(root, c)).isFile();
            } catch {
                return false;
            }
        });
        if (found) {
            out.push(found);
        }
    }
    return out;
}

describe('rooms with one job', () => {
    it(`keeps every module in amd/src, classes, tools and scripts at ${MAX_LINES} lines or fewer`, () => {
        const all = [...files('amd/src', ['.ts']), ...files('classes', ['.php']), ...files('tools', ['.ts']),
            ...files('scripts', ['.sh'])];
        expect(all).toContain(path.join('scripts', 'moodle', 'site.sh'));
        expect(all.length).toBeGreaterThan(50);
        const long = all.map((f) => [f, readFileSync(path.join(root, f), 'utf8').split('\n').length - 1] as const)
            .filter(([, n]) => n > MAX_LINES);
        expect(long).toEqual([]);
    });

    it('has no import circle in amd/src or tools', () => {
        const graph = new Map<string, string[]>();
        for (const f of [...files('amd/src', ['.ts']), ...files('tools', ['.ts'])]) {
            graph.set(f, imports(f));
        }
        expect([...graph.values()].flat().length).toBeGreaterThan(50);
        const circles: string[] = [];
        const state = new Map<string, 'open' | 'done'>();
        const visit = (f: string, trail: string[]): void => {
            if (state.get(f) === 'done') {
                return;
            }
            if (state.get(f) === 'open') {
                circles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
                return;
            }
            state.set(f, 'open');
            for (const g of graph.get(f) ?? []) {
                visit(g, [...trail, f]);
            }
            state.set(f, 'done');
        };
        [...graph.keys()].forEach((f) => visit(f, []));
        expect(circles).toEqual([]);
    });
});
