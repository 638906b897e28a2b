// The shape of the code: small modules, no import circle in the TypeScript (type-only imports count: a circle of types
// is still a circle of meaning) and no circle among the PHP classes.
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

/**
 * The circles of a graph: one per edge that closes one, as a path that starts and ends at the same node.
 *
 * @param graph node → the nodes it depends on
 * @returns the circles, e.g. "a → b → a"
 */
function circlesIn(graph: Map<string, string[]>): string[] {
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
    return circles;
}

const PLUGIN = 'tool_kalturalti13';

/**
 * The class a file under classes/ holds, by Moodle's autoloading rule (classes/local/kaf/door.php is
 * tool_kalturalti13\\local\\kaf\\door).
 *
 * @param file repository path
 * @returns the class name, without a leading backslash
 */
function phpClassOf(file: string): string {
    return [PLUGIN, ...file.replace(/\.php$/, '').split(path.sep).slice(1)].join('\\');
}

/**
 * The plugin's classes a PHP file names: through `use`, fully qualified, relative to its namespace, or by a short
 * name of its own namespace. Comments and string literals are left out first.
 *
 * @param file repository path
 * @param known every class of the plugin
 * @returns the classes named, itself excluded
 */
function phpClassRefs(file: string, known: Set<string>): string[] {
    const code = readFileSync(path.join(root, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|#(?!\[)[^\n]*|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, ' ');
    const ns = /^namespace\s+([\w\\]+)\s*;/m.exec(code)?.[1] ?? '';
    const aliases = new Map<string, string>();
    for (const m of code.matchAll(/^use\s+([\w\\]+)(?:\s+as\s+(\w+))?\s*;/gm)) {
        const used = m[1] ?? '';
        aliases.set(m[2] ?? used.split('\\').pop() ?? '', used);
    }
    const self = phpClassOf(file);
    const out = new Set<string>();
    // A name, not a member (->x, ::x, $x), a declared function or constant, or a named argument (x: 1).
    const names = /(?<![\w\\$>:])(?<!(?:function|const)\s+)(\\?[A-Za-z_]\w*(?:\\[A-Za-z_]\w*)*)(?!\w|\s*:(?!:))/g;
    for (const m of code.matchAll(names)) {
        const name = m[1] ?? '';
        const [head = '', ...rest] = name.split('\\');
        let full = `${ns}\\${name}`;
        if (name.startsWith('\\')) {
            full = name.slice(1);
        } else if (head === PLUGIN) {
            full = name;
        } else if (aliases.has(head)) {
            full = [aliases.get(head) ?? '', ...rest].join('\\');
        }
        if (known.has(full) && full !== self) {
            out.add(full);
        }
    }
    return [...out];
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
        const circles = circlesIn(graph);
        expect(circles).toEqual([]);
    });

    it('has no circle among the PHP classes in classes/', () => {
        const php = files('classes', ['.php']);
        const known = new Set(php.map(phpClassOf));
        const graph = new Map(php.map((f) => [phpClassOf(f), phpClassRefs(f, known)]));
        // The reader must see what it should: the door's collaborators, and a relative name (kaf\\session_store).
        expect(graph.get(`${PLUGIN}\\local\\kaf\\door`)).toContain(`${PLUGIN}\\local\\url_policy`);
        expect(graph.get(`${PLUGIN}\\local\\journal`)).toContain(`${PLUGIN}\\local\\kaf\\session_store`);
        expect([...graph.values()].flat().length).toBeGreaterThan(50);
        expect(circlesIn(graph)).toEqual([]);
    });
});
