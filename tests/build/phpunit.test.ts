// The PHPUnit tests run on PHPUnit 9.5/9.6 (Moodle 4.2, 4.5, and the plain tier) and on PHPUnit 11 (Moodle 5.1), which
// fails the run on doc-comment metadata: every annotation the old runners read has its attribute beside it. Checked
// here, in seconds, rather than only by the 5.1 Moodle tier.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * Every *_test.php under a folder.
 *
 * @param dir the folder, from the repository root
 * @returns the files, from the repository root
 */
function testFiles(dir: string): string[] {
    return readdirSync(path.join(root, dir)).flatMap((name) => {
        const rel = path.join(dir, name);
        if (statSync(path.join(root, rel)).isDirectory()) {
            return name === 'fixtures' ? [] : testFiles(rel);
        }
        return name.endsWith('_test.php') ? [rel] : [];
    });
}

describe('PHPUnit metadata', () => {
    const files = testFiles('tests');
    it('finds the test files', () => {
        expect(files).toContain(path.join('tests', 'privacy', 'provider_test.php'));
    });

    it.each(files)('%s: each @dataProvider and @covers has its attribute', (file) => {
        const source = readFileSync(path.join(root, file), 'utf8');
        const missing: string[] = [];
        for (const m of source.matchAll(/@dataProvider (\w+)[\s\S]*?(?=\n\s*(?:public|protected|private)?\s*function )/g)) {
            if (!m[0].includes(`Attributes\\DataProvider('${m[1]}')`)) {
                missing.push(`DataProvider('${m[1]}')`);
            }
        }
        for (const m of source.matchAll(/^ \* @covers\s+\\?([\w\\]+)/gm)) {
            const name = (m[1] ?? '').replace(/^\\/, '');
            if (!source.includes(`CoversClass(\\${name}::class)`) && !source.includes(`CoversClass(${name}::class)`)) {
                missing.push(`CoversClass(${name})`);
            }
        }
        expect(missing).toEqual([]);
    });
});
