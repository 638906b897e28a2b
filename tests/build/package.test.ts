// What the ZIP says to an administrator and to the plugins directory: the licence, the administrators'
// README, and a local_kaltura dependency that matches what the docs and the page say is needed.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const read = (f: string): string => readFileSync(path.join(root, f), 'utf8');

let dir = '';
let shipped: Map<string, string>;

beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kalturalti13-package-'));
    const zip = path.join(dir, 'plugin.zip');
    execFileSync('bash', [path.join(root, 'scripts/zip.sh'), zip], {cwd: root});
    const json = execFileSync('python3', ['-c', `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({n: z.read(n).decode('utf8') for n in z.namelist() if n.count('/') == 1}))`, zip],
    {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
    shipped = new Map(Object.entries(JSON.parse(json) as Record<string, string>));
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('the package', () => {
    it('ships the GNU GPL v3, the same text as the repository LICENSE', () => {
        const licence = shipped.get('kalturalti13/LICENSE');
        expect(licence).toBe(read('LICENSE'));
        expect(licence).toMatch(/^\s*GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007/);
        expect(licence).toContain('END OF TERMS AND CONDITIONS');
    });

    it('ships the administrators\' README as README.md, not the developer one', () => {
        const readme = shipped.get('kalturalti13/README.md') ?? '';
        expect(readme).toBe(read('docs/README.admin.md'));
        expect(readme).not.toBe(read('README.md'));
        const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        for (const needed of ['Requirements', 'Install', 'Use', 'Revert', 'Troubleshooting', 'Privacy']) {
            expect(headings, needed).toContain(needed);
        }
        // Inside the ZIP there is no docs/, tests/ or Makefile for a link or a command to lean on.
        expect(readme).not.toMatch(/\]\((?!https?:)[^)]*\)/);
        expect(readme).not.toMatch(/\bmake (test|demo|zip|lint)\b|npm run|docs\//);
    });

    it('depends on the local_kaltura release the README and docs/package.md name', () => {
        const version = shipped.get('kalturalti13/version.php') ?? '';
        const dep = /'local_kaltura'\s*=>\s*(\d{10})/.exec(version);
        expect(dep, 'a numeric local_kaltura dependency').not.toBeNull();
        // The table in docs/package.md gives the package each number belongs to.
        const row = new RegExp(`^\\| ([\\d.-]+) \\| ${dep?.[1]} \\| ([\\d.]+) \\| yes \\|$`, 'm').exec(read('docs/package.md'));
        expect(row, 'the dependency is a package with LTI 1.3 in docs/package.md').not.toBeNull();
        expect(shipped.get('kalturalti13/README.md')).toContain(`at release ${row?.[2]} or later`);
    });
});
