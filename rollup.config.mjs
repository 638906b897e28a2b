// Builds each entry in amd/src into a Moodle AMD module amd/build/<name>.min.js (+ .map).
// Moodle's own `grunt amd` only handles amd/src/*.js, so it never touches these TypeScript sources.
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import {nodeResolve} from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const buildDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'amd', 'build');

const component = 'tool_kalturalti13';

// Entry modules: the page; the engine, loaded once the page is up (so the first paint needs only the checks); and
// the node-forge key generator, loaded only where WebCrypto is missing. Moodle's requirejs.php leaves modules named
// *-lazy out of the bundle of every AMD module that it serves on every page of the site.
export const entries = ['page', 'engine-lazy', 'forge_keys-lazy'];

const isExternal = (id) => /^core\//.test(id) || id === 'jquery' || id.startsWith(component + '/');

export default entries.map((name) => ({
    input: `amd/src/${name}.ts`,
    external: isExternal,
    // Sibling entries are imported as './engine-lazy' in source; load them as AMD modules by id.
    makeAbsoluteExternalsRelative: false,
    plugins: [
        {
            name: 'sibling-entries-as-amd',
            resolveId(source) {
                const m = /^\.\/([a-z_-]+)$/.exec(source);
                if (m && entries.includes(m[1]) && m[1] !== name) {
                    return {id: `${component}/${m[1]}`, external: true};
                }
                return null;
            },
        },
        nodeResolve({browser: true}),
        commonjs(),
        typescript({tsconfig: './tsconfig.json', sourceMap: true, inlineSources: true}),
        terser({format: {comments: false}}),
    ],
    output: {
        file: `amd/build/${name}.min.js`,
        format: 'amd',
        amd: {id: `${component}/${name}`},
        sourcemap: true,
        // Sources relative to amd/build wherever the map is written, so the build does not depend on its folder.
        sourcemapPathTransform: (relative, mapPath) =>
            path.relative(buildDir, path.resolve(path.dirname(mapPath), relative)).split(path.sep).join('/'),
        interop: 'auto',
        generatedCode: 'es2015',
    },
}));
