<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * Sorts a lang file the way moodle-cs 3.7's moodle.Files.LangFilesOrdering wants it (a development tool, run without Moodle).
 *
 * The strings are put in strcmp order of their keys (PHP's sort with SORT_STRING, as the sniff's own fixer does),
 * each group on its own: the strings before the first "// Deprecated since ..." comment, then each such section
 * in its place. Every other comment among the strings is dropped (the sniff warns "Unexpected comment found").
 * Everything before the first string (licence, file phpdoc, MOODLE_INTERNAL check) stays as it is. The result is
 * checked to define exactly the same strings as the input before anything is written.
 *
 *   php scripts/sort-lang.php [FILE]          sorts FILE (default lang/en/tool_kalturalti13.php) in place
 *   php scripts/sort-lang.php --check [FILE]  says what is out of place; exit 1 if anything is, FILE unchanged
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// A development script run without Moodle: no config.php to include; the lang files it reads need MOODLE_INTERNAL.
// phpcs:disable moodle.Files.MoodleInternal.MoodleInternalGlobalState
define('MOODLE_INTERNAL', true);

/**
 * Splits a lang file into its head and its groups of strings.
 *
 * @param string $source The file's text.
 * @return array [head, groups, dropped]: groups is a list of [comment line or '', [key => statement]], dropped
 *     the free comments found (line => text).
 */
function tool_kalturalti13_lang_split(string $source): array {
    $tokens = token_get_all($source);
    $count = count($tokens);
    $head = '';
    $i = 0;
    while ($i < $count && !(is_array($tokens[$i]) && $tokens[$i][0] === T_VARIABLE)) {
        $head .= is_array($tokens[$i]) ? $tokens[$i][1] : $tokens[$i];
        $i++;
    }
    $groups = [['', []]];
    $dropped = [];
    while ($i < $count) {
        $token = $tokens[$i];
        if (is_array($token) && $token[0] === T_WHITESPACE) {
            $i++;
            continue;
        }
        if (is_array($token) && $token[0] === T_COMMENT) {
            if (strpos($token[1], '// Deprecated since ') === 0) {
                $groups[] = [rtrim($token[1]), []];
            } else {
                $dropped[$token[2]] = rtrim($token[1]);
            }
            $i++;
            continue;
        }
        if (!is_array($token) || $token[0] !== T_VARIABLE || $token[1] !== '$string') {
            $text = is_array($token) ? $token[1] : $token;
            $line = is_array($token) ? $token[2] : '?';
            throw new RuntimeException("line $line: expected \$string['key'] = ...; found " . trim($text));
        }
        $key = is_array($tokens[$i + 2] ?? null) && $tokens[$i + 2][0] === T_CONSTANT_ENCAPSED_STRING
            ? trim($tokens[$i + 2][1], "'\"") : null;
        if ($key === null || ($tokens[$i + 1] ?? '') !== '[' || ($tokens[$i + 3] ?? '') !== ']') {
            throw new RuntimeException("line {$token[2]}: expected \$string['key']");
        }
        $statement = '';
        while ($i < $count && $tokens[$i] !== ';') {
            $statement .= is_array($tokens[$i]) ? $tokens[$i][1] : $tokens[$i];
            $i++;
        }
        if ($i === $count) {
            throw new RuntimeException("line {$token[2]}: \$string['$key'] has no end");
        }
        $i++;
        $group = count($groups) - 1;
        if (isset($groups[$group][1][$key])) {
            throw new RuntimeException("line {$token[2]}: \$string['$key'] is there twice");
        }
        $groups[$group][1][$key] = $statement . ';';
    }
    return [$head, $groups, $dropped];
}

/**
 * Puts the pieces together again, each group sorted.
 *
 * @param string $head What comes before the first string.
 * @param array $groups The groups from tool_kalturalti13_lang_split().
 * @return string The sorted file.
 */
function tool_kalturalti13_lang_join(string $head, array $groups): string {
    $out = rtrim($head) . "\n\n";
    foreach ($groups as $n => [$comment, $strings]) {
        ksort($strings, SORT_STRING);
        if ($n > 0) {
            $out .= "\n" . $comment . "\n";
        }
        foreach ($strings as $statement) {
            $out .= $statement . "\n";
        }
    }
    return $out;
}

/**
 * The strings a lang file defines.
 *
 * @param string $source The file's text.
 * @return array key => string.
 */
function tool_kalturalti13_lang_strings(string $source): array {
    $file = tempnam(sys_get_temp_dir(), 'lang');
    file_put_contents($file, $source);
    $string = [];
    include($file);
    unlink($file);
    return $string;
}

/**
 * Sorts or checks the file named in the arguments.
 *
 * @param array $args The command line arguments: [--check] [FILE].
 * @return int The exit status: 0 sorted (or already so), 1 not sorted (--check), 2 a file it cannot sort.
 */
function tool_kalturalti13_lang_main(array $args): int {
    $check = in_array('--check', $args, true);
    $args = array_values(array_diff($args, ['--check']));
    $path = $args[0] ?? dirname(__DIR__) . '/lang/en/tool_kalturalti13.php';
    $source = file_get_contents($path);
    if ($source === false) {
        fwrite(STDERR, "sort-lang: cannot read $path\n");
        return 2;
    }
    try {
        [$head, $groups, $dropped] = tool_kalturalti13_lang_split($source);
    } catch (RuntimeException $e) {
        fwrite(STDERR, "sort-lang: $path: " . $e->getMessage() . "\n");
        return 2;
    }
    $sorted = tool_kalturalti13_lang_join($head, $groups);
    if (tool_kalturalti13_lang_strings($sorted) != tool_kalturalti13_lang_strings($source)) {
        fwrite(STDERR, "sort-lang: $path: the sorted file would not define the same strings; nothing written\n");
        return 2;
    }
    if ($sorted === $source) {
        echo "sort-lang: $path is sorted, no free comment\n";
        return 0;
    }
    if (!$check) {
        file_put_contents($path, $sorted);
        echo "sort-lang: $path sorted (" . count($dropped) . " free comments dropped)\n";
        return 0;
    }
    foreach ($dropped as $line => $text) {
        echo "$path:$line: free comment among the strings: $text\n";
    }
    foreach ($groups as [$comment, $strings]) {
        $previous = null;
        foreach (array_keys($strings) as $key) {
            if ($previous !== null && strcmp($previous, $key) > 0) {
                echo "$path: '$key' should come before '$previous'" . ($comment ? " ($comment)" : '') . "\n";
            }
            $previous = $key;
        }
    }
    echo "sort-lang: $path is not as moodle-cs wants it; php scripts/sort-lang.php sorts it\n";
    return 1;
}

exit(tool_kalturalti13_lang_main(array_slice($argv, 1)));
