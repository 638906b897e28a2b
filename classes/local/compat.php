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

namespace tool_kalturalti13\local;

/**
 * Moodle-version compatibility.
 *
 * The external API classes are global classes from lib/externallib.php on Moodle 4.0 and 4.1, and
 * \core_external\* from 4.2 (where lib/externallib.php only aliases them, and must not be included in
 * unit tests). load_external() makes the names tool_kalturalti13\local\external\{api, function_parameters,
 * value, single_structure, multiple_structure} point at whichever exists, without defining anything in
 * another component's namespace.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class compat {
    /** Our alias => class name inside core_external (4.2+) or the global one (4.0, 4.1). */
    private const EXTERNAL = [
        'api' => 'external_api',
        'function_parameters' => 'external_function_parameters',
        'value' => 'external_value',
        'single_structure' => 'external_single_structure',
        'multiple_structure' => 'external_multiple_structure',
    ];

    /**
     * Defines the aliases once.
     */
    public static function load_external(): void {
        global $CFG;
        if (class_exists('tool_kalturalti13\local\external\api', false)) {
            return;
        }
        if (class_exists('core_external\external_api')) {
            $prefix = 'core_external\\';
        } else {
            require_once($CFG->libdir . '/externallib.php');
            $prefix = '';
        }
        foreach (self::EXTERNAL as $alias => $class) {
            class_alias($prefix . $class, 'tool_kalturalti13\local\external\\' . $alias);
        }
    }
}
