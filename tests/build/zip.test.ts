// `make zip`: one folder kalturalti13/ with what a Moodle site needs, and nothing of the development tooling. What is
// checked here is the ZIP's own content, unpacked: its version.php, its PHP, its amd/build.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {loadAmdBuild} from './amd';

const root = path.resolve(__dirname, '../..');
let dir = '';
let names: string[] = [];
let plugin = '';

beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-zip-'));
    const zip = path.join(dir, 'plugin.zip');
    execFileSync('bash', [path.join(root, 'scripts/zip.sh'), zip], {cwd: root});
    names = execFileSync('python3', ['-c', `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
z.extractall(sys.argv[2])
print("\\n".join(z.namelist()))`, zip, path.join(dir, 'unpacked')], {encoding: 'utf8'}).trim().split('\n');
    plugin = path.join(dir, 'unpacked', 'kalturalti13');
});

afterAll(() => {
    rmSync(dir, {recursive: true, force: true});
});

describe('tool_kalturalti13.zip', () => {
    it('holds the plugin in kalturalti13/, with its build, and no tooling, tests or fixtures', () => {
        expect(new Set(names.map((n) => n.split('/')[0]))).toEqual(new Set(['kalturalti13']));
        for (const needed of ['version.php', 'settings.php', 'index.php', 'report.php', 'lang/en/tool_kalturalti13.php',
            'db/services.php', 'db/install.xml', 'classes/privacy/provider.php', 'templates/page.mustache',
            'amd/build/page.min.js', 'amd/build/page.min.js.map', 'amd/build/forge_keys-lazy.min.js', 'styles.css']) {
            expect(names, needed).toContain(`kalturalti13/${needed}`);
        }
        const forbidden = names.filter((n) => /\/(node_modules|tools|tests|scripts|\.ci|\.git)\//.test(n)
            || /(package(-lock)?\.json|tsconfig.*\.json|\.mjs|vitest\.config\.ts|Makefile)$/.test(n));
        expect(forbidden).toEqual([]);
    });

    it('declares the plugin in its own version.php: component, a version, Moodle 4.2 to 5.1', () => {
        const declared = JSON.parse(execFileSync('php', ['-r', `define('MOODLE_INTERNAL', 1); define('MATURITY_BETA', 100);
            define('ANY_VERSION', 'any'); $plugin = new stdClass(); include($argv[1]); echo json_encode($plugin);`,
        path.join(plugin, 'version.php')], {encoding: 'utf8'}));
        expect(declared.component).toBe('tool_kalturalti13');
        expect(String(declared.version)).toMatch(/^20\d{8}$/);
        expect(declared.requires).toBe(2023042400); // Moodle 4.2.0, the oldest release the tests install.
        expect(declared.supported).toEqual([402, 501]);
        expect(declared.dependencies).toHaveProperty('local_kaltura');
    });

    it('has only PHP files that parse', () => {
        const php = names.filter((n) => n.endsWith('.php'));
        expect(php.length).toBeGreaterThan(10);
        for (const f of php) {
            execFileSync('php', ['-l', path.join(dir, 'unpacked', f)], {encoding: 'utf8'});
        }
    });

    it('ships built modules that load by their ids, each with a source map whose own sources it ships', async() => {
        const build = path.join(plugin, 'amd', 'build');
        const modules = await loadAmdBuild(build);
        expect(modules.map((m) => m.id)).toEqual(['tool_kalturalti13/engine-lazy', 'tool_kalturalti13/forge_keys-lazy',
            'tool_kalturalti13/page']);
        for (const {file, id, source, exports} of modules) {
            expect(source.startsWith(`define("${id}",`), `${file} defines ${id}`).toBe(true);
            expect(typeof exports.init, `${id} exposes init`).toBe('function');
            const map = JSON.parse(readFileSync(path.join(build, `${file}.map`), 'utf8')) as {sources: string[]};
            for (const src of map.sources.filter((s) => s.startsWith('../src/'))) {
                expect(existsSync(path.join(build, src)), `${file}.map names ${src}`).toBe(true);
            }
        }
        expect(readdirSync(build).sort()).toEqual(modules.flatMap((m) => [m.file, `${m.file}.map`]).sort());
    });
});
