// The committed AMD build must be what `npm run build` makes now, and every built module must load under a
// real AMD loader by its Moodle id.
import {describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {rollup, type RollupOptions, type OutputOptions} from 'rollup';
import {loadAmdBuild} from './amd';

const root = path.resolve(__dirname, '../..');

/**
 * Builds every entry into a scratch folder with the project's own rollup config, exactly as `npm run build` writes.
 *
 * @returns file name → contents of every .min.js and .map written
 */
async function buildFresh(): Promise<Map<string, string>> {
    const configs = (await import(path.join(root, 'rollup.config.mjs'))).default as RollupOptions[];
    const dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-build-'));
    for (const config of configs) {
        const output = config.output as OutputOptions;
        const bundle = await rollup(config);
        await bundle.write({...output, file: path.join(dir, path.basename(output.file as string))});
        await bundle.close();
    }
    const files = new Map<string, string>();
    for (const name of readdirSync(dir)) {
        files.set(name, readFileSync(path.join(dir, name), 'utf8'));
    }
    rmSync(dir, {recursive: true});
    return files;
}

describe('amd/build', () => {
    it('equals a fresh build of amd/src, byte for byte, with a source map for every module', async() => {
        const fresh = await buildFresh();
        const committed = readdirSync(path.join(root, 'amd/build')).sort();
        expect(committed).toEqual([...fresh.keys()].sort());
        for (const [name, code] of fresh) {
            const onDisk = readFileSync(path.join(root, 'amd/build', name), 'utf8');
            expect(onDisk, `amd/build/${name} is stale: run npm run build`).toBe(code);
        }
        for (const name of committed.filter((n) => n.endsWith('.min.js'))) {
            const map = JSON.parse(readFileSync(path.join(root, 'amd/build', `${name}.map`), 'utf8'));
            // Our sources, and third-party ones bundled from node_modules (node-forge), all relative to amd/build.
            const foreign = map.sources.filter((s: string) => !/^\.\.\/(src|\.\.\/node_modules)\//.test(s));
            expect(foreign).toEqual([]);
            expect(map.sourcesContent.length).toBe(map.sources.length);
        }
    }, 120000);

    it('loads every module under requirejs by its id, each exposing init', async() => {
        const modules = await loadAmdBuild(path.join(root, 'amd/build'));
        expect(modules.length).toBeGreaterThan(0);
        for (const {file, id, source, exports} of modules) {
            expect(source.startsWith(`define("${id}",`), `${file} defines ${id}`).toBe(true);
            expect(typeof exports.init, `${id} exposes init`).toBe('function');
        }
    });
});
