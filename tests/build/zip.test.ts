// `make zip`: one folder kalturalti13/ with what a Moodle site needs, and nothing of the development tooling.
import {describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('tool_kalturalti13.zip', () => {
    it('holds the plugin in kalturalti13/, with its build, and no tooling, tests or fixtures', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-zip-'));
        try {
            const zip = path.join(dir, 'plugin.zip');
            execFileSync('bash', [path.join(root, 'scripts/zip.sh'), zip], {cwd: root});
            const names = execFileSync('python3', ['-c',
                'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip],
            {encoding: 'utf8'}).trim().split('\n');
            expect(new Set(names.map((n) => n.split('/')[0]))).toEqual(new Set(['kalturalti13']));
            for (const needed of ['version.php', 'settings.php', 'index.php', 'report.php', 'lang/en/tool_kalturalti13.php',
                'db/services.php', 'db/install.xml', 'classes/privacy/provider.php', 'templates/page.mustache',
                'amd/build/page.min.js', 'amd/build/page.min.js.map', 'amd/build/forge_keys-lazy.min.js', 'styles.css']) {
                expect(names, needed).toContain(`kalturalti13/${needed}`);
            }
            const forbidden = names.filter((n) => /\/(node_modules|tools|tests|scripts|docs|\.ci|\.git)\//.test(n)
                || /(package(-lock)?\.json|tsconfig.*\.json|\.mjs|vitest\.config\.ts|Makefile)$/.test(n));
            expect(forbidden).toEqual([]);
            // The version Moodle's installer reads is the one in the repository.
            const version = readFileSync(path.join(root, 'version.php'), 'utf8');
            expect(version).toMatch(/\$plugin->component = 'tool_kalturalti13';/);
        } finally {
            rmSync(dir, {recursive: true, force: true});
        }
    });
});
