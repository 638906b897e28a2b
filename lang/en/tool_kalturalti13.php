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
 * English strings.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['pluginname'] = 'Kaltura LTI 1.3 upgrade';
$string['privacy:metadata:runs'] = 'The journal of upgrade runs: who started each run, when, the plan and each step. It holds no credentials and no private keys.';
$string['privacy:metadata:runs:userid'] = 'The administrator who started the run.';
$string['privacy:metadata:runs:timestarted'] = 'When the run started.';
$string['privacy:metadata:runs:plan'] = 'The planned changes, with keys shown only as fingerprints.';
$string['privacy:metadata:kaf'] = 'The KAF admin console of the site\'s Kaltura instance. The administrator\'s KAF credentials are sent to it to log in; they are not stored.';
$string['privacy:metadata:kaf:username'] = 'The KAF administrator\'s username.';
$string['privacy:metadata:kaf:password'] = 'The KAF administrator\'s password.';

// Page (amd/src/page and templates).
$string['loading'] = 'Checking the site…';
