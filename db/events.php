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
 * Event observers: a change of local_kaltura's or mod_lti's settings (the config log) drops the status check's cached
 * result, so System status shows the change at once rather than within the hour; a logout deletes the KAF session
 * and secrets that Moodle session held (local\kaf\session_store).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$observers = [
    [
        'eventname' => '\core\event\config_log_created',
        'callback' => '\tool_kalturalti13\local\wiring::config_changed',
    ],
    [
        'eventname' => '\core\event\user_loggedout',
        'callback' => '\tool_kalturalti13\local\kaf\session_store::user_loggedout',
    ],
];
