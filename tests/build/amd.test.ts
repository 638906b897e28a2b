// The checks Moodle's own `grunt amd` would apply to amd/build that still make sense for TypeScript sources:
// one built module per source entry, named by its file, each with a source map that sits beside it and points
// at real files whose text it carries.
import {describe, expect, it} from 'vitest';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const build = path.join(root, 'amd/build');
const modules = readdirSync(build).filter((n) => n.endsWith('.min.js')).sort();

interface SourceMap {
    version: number;
    file: string;
    sources: string[];
    sourcesContent?: Array<string | null>;
    mappings: string;
}

describe('amd/build', () => {
    it('holds exactly one module per top-level amd/src entry, and nothing else', () => {
        const entries = readdirSync(path.join(root, 'amd/src')).filter((n) => /\.(ts|js)$/.test(n) && !n.endsWith('.d.ts'))
            .map((n) => n.replace(/\.(ts|js)$/, ''));
        // Non-entry top-level sources (imported by an entry) are bundled, not built on their own.
        const built = modules.map((n) => n.replace(/\.min\.js$/, ''));
        expect(built.length).toBeGreaterThan(0);
        for (const name of built) {
            expect(entries, `amd/build/${name}.min.js has a source`).toContain(name);
        }
        expect(readdirSync(build).filter((n) => !modules.includes(n) && !modules.includes(n.replace(/\.map$/, ''))))
            .toEqual([]);
    });

    describe.each(modules)('%s', (file) => {
        const name = file.replace(/\.min\.js$/, '');
        const code = readFileSync(path.join(build, file), 'utf8');

        it('defines the Moodle id of its file name, once, as its first statement', () => {
            expect(code.startsWith(`define("tool_kalturalti13/${name}",[`)).toBe(true);
            expect([...code.matchAll(/\bdefine\("tool_kalturalti13\//g)].length).toBe(1);
            expect(name).toMatch(/^[a-z][a-z0-9_]*(-lazy)?$/);
        });

        it('ends with a sourceMappingURL to the map beside it, which points at real files it quotes', () => {
            const url = /\n\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
            expect(url).toBe(`${file}.map`);
            const mapPath = path.join(build, url ?? '');
            expect(existsSync(mapPath)).toBe(true);
            const map = JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMap;
            expect(map.version).toBe(3);
            expect(map.file).toBe(file);
            expect(map.mappings.length).toBeGreaterThan(0);
            expect(map.sources).toContain(`../src/${name}.ts`);
            expect(map.sourcesContent?.length).toBe(map.sources.length);
            map.sources.forEach((source, i) => {
                const onDisk = path.resolve(build, source);
                expect(existsSync(onDisk), `${source} exists`).toBe(true);
                expect(map.sourcesContent?.[i], `${source} is quoted as it is on disk`).toBe(readFileSync(onDisk, 'utf8'));
            });
        });
    });
});
