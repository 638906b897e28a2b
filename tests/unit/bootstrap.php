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
 * Bootstrap of the plain PHP tests (no Moodle): the policy classes are required directly.
 *
 * Run: phpunit -c tests/unit/phpunit.xml
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('MOODLE_INTERNAL', true);

// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState -- this tier runs without Moodle.
$classes = dirname(__DIR__, 2) . '/classes/local/';
$names = ['policy_exception', 'url_policy', 'address_policy', 'redactor', 'settings_validator', 'http_transport',
    'kaf/cookie_jar', 'kaf/secret_rule', 'kaf/door', 'kaf/login', 'probe_rule', 'page_text', 'lti_probe'];
foreach ($names as $name) {
    require_once($classes . $name . '.php');
}
require_once(__DIR__ . '/bad_inputs.php');
require_once(__DIR__ . '/fake_transport.php');
