// The committed AMD build must be what `npm run build` makes now, and every built module must load under a
// real AMD loader by its Moodle id.
import {describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createRequire} from 'node:module';
import path from 'node:path';
import {rollup, type RollupOptions, type OutputOptions} from 'rollup';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);

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
        const requirejs = require('requirejs');
        const ctx = requirejs.config({
            context: 'build-test',
            baseUrl: path.join(root, 'amd/build'),
            nodeRequire: require,
            // Moodle serves tool_kalturalti13/<name> from amd/build/<name>.min.js.
            paths: Object.fromEntries(readdirSync(path.join(root, 'amd/build')).filter((n) => n.endsWith('.min.js'))
                .map((n) => [`tool_kalturalti13/${n.replace(/\.min\.js$/, '')}`, n.replace(/\.js$/, '')])),
        });
        // Moodle's core modules do not exist outside Moodle: stand-ins that only need to be definable.
        for (const id of ['core/ajax', 'core/str', 'core/templates', 'core/notification', 'core/pending',
            'core/config', 'core/modal_factory', 'core/modal_events', 'core/modal_save_cancel', 'core/modal',
            'jquery']) {
            requirejs.define(id, [], () => ({}));
        }
        const modules = readdirSync(path.join(root, 'amd/build')).filter((n) => n.endsWith('.min.js'));
        expect(modules.length).toBeGreaterThan(0);
        for (const file of modules) {
            const id = `tool_kalturalti13/${file.replace(/\.min\.js$/, '')}`;
            const source = readFileSync(path.join(root, 'amd/build', file), 'utf8');
            expect(source.startsWith(`define("${id}",`), `${file} defines ${id}`).toBe(true);
            const mod = await new Promise<Record<string, unknown>>((resolve, reject) => {
                ctx([id], resolve, reject);
            });
            expect(typeof mod.init, `${id} exposes init`).toBe('function');
        }
    });
});
