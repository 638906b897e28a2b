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
 * Version details.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'tool_kalturalti13';
$plugin->version = 2026120102;
$plugin->requires = 2023042400; // Moodle 4.2: the oldest release the tests install (4.0 and 4.1 need PHP <= 8.1).
$plugin->supported = [402, 501]; // Tested on 4.2, 4.5 and 5.1; the page warns above 5.1 (get_state reports this range).
$plugin->maturity = MATURITY_BETA;
$plugin->release = '0.1.0';
// Kaltura release 4.4.0 for Moodle 4.0, the first local_kaltura with LTI 1.3. Its version numbers are not
// monotonic across Kaltura's branches, so the page checks LTI 1.3 support itself (docs/package.md).
$plugin->dependencies = [
    'local_kaltura' => 2022041901,
];
