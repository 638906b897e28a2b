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

namespace tool_kalturalti13;

use core_external\external_description;
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use tool_kalturalti13\local\contract;
use tool_kalturalti13\local\kaf\door;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\contract::class)]
/**
 * The shim against db/contract.json, the one definition of the page's calls: every external function's parameters and
 * returns, field by field, and every error code the PHP throws (each with its string). tests/build/contract.test.ts
 * holds the TypeScript to the same file.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\contract
 */
final class contract_test extends \advanced_testcase {
    /** The contract's type names for the PARAM_ types the shim uses. */
    private const TYPES = [
        PARAM_INT => 'int',
        PARAM_BOOL => 'bool',
        PARAM_RAW => 'raw',
        PARAM_TEXT => 'text',
        PARAM_ALPHA => 'alpha',
        PARAM_ALPHANUMEXT => 'alphanumext',
    ];

    /**
     * The contract.
     *
     * @return array
     */
    private static function contract(): array {
        return contract::read();
    }

    /**
     * Every error code of the contract.
     *
     * @return string[]
     */
    private static function codes(): array {
        return contract::codes();
    }

    /**
     * A Moodle description in the form compare() expects.
     *
     * @param external_description $d the description
     * @param string $where where it is, for the message
     * @return array
     */
    private static function from_php(external_description $d, string $where): array {
        $presence = [VALUE_REQUIRED => 'required', VALUE_OPTIONAL => 'optional', VALUE_DEFAULT => 'default'][$d->required];
        $out = ['presence' => $presence];
        if ($presence === 'default') {
            $out['default'] = $d->default;
        }
        if ($d instanceof external_value) {
            if (!isset(self::TYPES[$d->type])) {
                self::fail("$where: PARAM type {$d->type} has no name in the contract");
            }
            // Not compared: allownull, which Moodle sets on every value unless NULL_NOT_ALLOWED is asked for (the shim never
            // asks), so it cannot say which fields are null; the contract's nullable is held to the TypeScript instead.
            return $out + ['type' => self::TYPES[$d->type]];
        }
        if ($d instanceof external_multiple_structure) {
            return $out + ['list' => self::from_php($d->content, "$where []")];
        }
        if ($d instanceof external_single_structure) {
            $fields = [];
            foreach ($d->keys as $name => $field) {
                $fields[$name] = self::from_php($field, "$where.$name");
            }
            return $out + ['object' => $fields];
        }
        self::fail("$where: a description of class " . get_class($d));
    }

    /**
     * A contract node in the same form as from_php().
     *
     * @param string|array $node "int", {type, optional, nullable, default}, {object}, {list} or {ref}
     * @param array $shapes the contract's named shapes
     * @return array
     */
    private static function from_json($node, array $shapes): array {
        if (is_string($node)) {
            $node = ['type' => $node];
        }
        if (isset($node['ref'])) {
            // A named shape, with this place's own optional or default.
            $shape = $shapes[$node['ref']];
            $outer = $node;
            unset($outer['ref']);
            return self::from_json($outer + (is_string($shape) ? ['type' => $shape] : $shape), $shapes);
        }
        $presence = array_key_exists('default', $node) ? 'default' : (!empty($node['optional']) ? 'optional' : 'required');
        $out = ['presence' => $presence];
        if ($presence === 'default') {
            $out['default'] = $node['default'];
        }
        if (isset($node['list'])) {
            return $out + ['list' => self::from_json($node['list'], $shapes)];
        }
        if (isset($node['object'])) {
            $fields = [];
            foreach ($node['object'] as $name => $field) {
                $fields[$name] = self::from_json($field, $shapes);
            }
            return $out + ['object' => $fields];
        }
        return $out + ['type' => $node['type']];
    }

    /**
     * Every function of db/services.php is in the contract, and no other.
     */
    public function test_functions_are_the_services(): void {
        global $CFG;
        $functions = [];
        require(\core_component::get_component_directory('tool_kalturalti13') . '/db/services.php');
        $names = [];
        foreach ($functions as $name => $def) {
            $short = substr($name, strlen('tool_kalturalti13_'));
            $this->assertSame('tool_kalturalti13\\external\\' . $short, $def['classname']);
            $names[] = $short;
        }
        $contract = array_keys(self::contract()['functions']);
        sort($names);
        sort($contract);
        $this->assertSame($names, $contract);
        $this->assertCount(12, $names);
    }

    /**
     * Each function's execute_parameters() and execute_returns() are what the contract says, field by field.
     */
    public function test_parameters_and_returns_match(): void {
        $contract = self::contract();
        foreach ($contract['functions'] as $name => $def) {
            $class = 'tool_kalturalti13\\external\\' . $name;
            $params = ['object' => $def['params']];
            $this->assertEquals(
                self::from_json($params, $contract['shapes']),
                self::from_php($class::execute_parameters(), "$name()"),
                "$name: execute_parameters() differs from db/contract.json"
            );
            $this->assertEquals(
                self::from_json($def['returns'], $contract['shapes']),
                self::from_php($class::execute_returns(), "$name returns"),
                "$name: execute_returns() differs from db/contract.json"
            );
            $this->assertEmpty(array_diff($def['errors'], self::codes()), "$name: an error code not in the contract's list");
        }
    }

    /**
     * A change the comparison must see: a field renamed, a type changed, a field made optional.
     */
    public function test_comparison_sees_a_difference(): void {
        $shapes = self::contract()['shapes'];
        $php = self::from_php(new external_single_structure([
            'ok' => new external_value(PARAM_BOOL, 'Stored'),
        ]), 'probe');
        $this->assertEquals(self::from_json(['object' => ['ok' => 'bool']], $shapes), $php);
        $this->assertNotEquals(self::from_json(['object' => ['done' => 'bool']], $shapes), $php);
        $this->assertNotEquals(self::from_json(['object' => ['ok' => 'int']], $shapes), $php);
        $this->assertNotEquals(self::from_json(['object' => ['ok' => ['type' => 'bool', 'optional' => true]]], $shapes), $php);
    }

    /**
     * The error codes the PHP throws, read from its source: a moodle_exception of this plugin with a literal code, a
     * policy_exception with one, an errorcode set by hand, and the door's curl error mapping.
     *
     * @return string[]
     */
    private static function thrown(): array {
        $dir = \core_component::get_component_directory('tool_kalturalti13') . '/classes';
        $found = [];
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS));
        foreach ($files as $file) {
            if (substr($file->getFilename(), -4) !== '.php') {
                continue;
            }
            $text = file_get_contents($file->getPathname());
            preg_match_all("/moodle_exception\\(\\s*'([a-z0-9_]+)',\\s*'tool_kalturalti13'/", $text, $a);
            preg_match_all("/policy_exception\\(\\s*'([a-z0-9_]+)'/", $text, $b);
            preg_match_all("/->errorcode = '([a-z0-9_]+)'/", $text, $c);
            $found = array_merge($found, $a[1], $b[1], $c[1]);
        }
        foreach ([28, 35, 60, 6, 7] as $errno) {
            $found[] = door::error_code($errno);
        }
        $found = array_values(array_unique($found));
        sort($found);
        return $found;
    }

    /**
     * Every code the PHP throws is in the contract, every code of the contract is thrown, and each has its string.
     */
    public function test_error_codes(): void {
        $thrown = self::thrown();
        $codes = self::codes();
        sort($codes);
        $this->assertContains('kaftimeout', $thrown);
        $this->assertContains('settinginvalid', $thrown);
        $this->assertSame($codes, $thrown, 'the error codes the PHP throws differ from db/contract.json');
        $this->assertSame(count($codes), count(array_unique($codes)));
        foreach ($codes as $code) {
            $this->assertTrue(get_string_manager()->string_exists($code, 'tool_kalturalti13'), "no string $code");
        }
    }
}
