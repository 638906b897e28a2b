// The lang sorter, scripts/sort-lang.php, sorts a lang file as moodle-cs 3.7's LangFilesOrdering wants it (strcmp order of the
// keys, each "// Deprecated since" section on its own, no other comment among the strings), keeps every string,
// and with --check says what is out of place without writing.
import {describe, expect, it} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/sort-lang.php');
const head = `<?php
// This file is part of Moodle - https://moodle.org/

/**
 * English strings.
 *
 * @package    tool_kalturalti13
 */

defined('MOODLE_INTERNAL') || die();
`;

/**
 * Writes a lang file into a fresh folder.
 *
 * @param body the strings and comments after the head
 * @returns its path
 */
function langFile(body: string): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sortlang-')), 'tool_x.php');
    writeFileSync(file, head + '\n' + body);
    return file;
}

describe('scripts/sort-lang.php', () => {
    it('sorts each section by strcmp, drops the free comments and keeps every string', () => {
        const file = langFile([
            '$string[\'pluginname\'] = \'X\';',
            '// Page.',
            '$string[\'b_two\'] = "It\'s; two";',
            '$string[\'a_one\'] = \'One {$a}\'; // Trailing.',
            '$string[\'B_upper\'] = \'Upper\';',
            '$string[\'multi\'] = \'Line one',
            'line two\';',
            '',
            '// Deprecated since Moodle 4.5.',
            '$string[\'zold\'] = \'Z\';',
            '$string[\'aold\'] = \'A\';',
            '',
        ].join('\n'));
        const check = spawnSync('php', [script, '--check', file], {encoding: 'utf8'});
        expect(check.status).toBe(1);
        expect(check.stdout).toContain('free comment among the strings: // Page.');
        expect(check.stdout).toContain('\'a_one\' should come before \'b_two\'');
        expect(readFileSync(file, 'utf8')).toContain('// Page.');

        execFileSync('php', [script, file]);
        const sorted = readFileSync(file, 'utf8');
        expect(sorted).toBe(head + '\n' + [
            '$string[\'B_upper\'] = \'Upper\';',
            '$string[\'a_one\'] = \'One {$a}\';',
            '$string[\'b_two\'] = "It\'s; two";',
            '$string[\'multi\'] = \'Line one',
            'line two\';',
            '$string[\'pluginname\'] = \'X\';',
            '',
            '// Deprecated since Moodle 4.5.',
            '$string[\'aold\'] = \'A\';',
            '$string[\'zold\'] = \'Z\';',
            '',
        ].join('\n'));
        expect(spawnSync('php', [script, '--check', file]).status).toBe(0);
    });

    it('refuses a file it cannot sort safely, and writes nothing', () => {
        const body = '$string[\'a\'] = \'A\';\n$other = 1;\n';
        const file = langFile(body);
        const run = spawnSync('php', [script, file], {encoding: 'utf8'});
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('expected $string');
        expect(readFileSync(file, 'utf8')).toBe(head + '\n' + body);
    });
});
