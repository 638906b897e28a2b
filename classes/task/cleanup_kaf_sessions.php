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

namespace tool_kalturalti13\task;

use tool_kalturalti13\local\kaf\session_store;

/**
 * Hourly: deletes the KAF sessions (cookies, secrets) whose Moodle session would have expired: untouched for longer
 * than $CFG->sessiontimeout. They are ignored once expired already; this removes them from the database.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cleanup_kaf_sessions extends \core\task\scheduled_task {
    /**
     * Name.
     *
     * @return string
     */
    public function get_name() {
        return get_string('taskcleanupkafsessions', 'tool_kalturalti13');
    }

    /**
     * Deletes the expired rows.
     */
    public function execute() {
        mtrace('Kaltura KAF sessions: ' . session_store::delete_expired() . ' expired session(s) deleted.');
        $orphans = \tool_kalturalti13\local\kaf\session_cleanup::delete_orphans();
        mtrace('Kaltura KAF sessions: ' . $orphans . ' session(s) of ended Moodle sessions deleted.');
    }
}
