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

namespace tool_kalturalti13\local\kaf;

/**
 * The hourly cleanup's second rule: KAF sessions whose Moodle session has ended are deleted at once, not
 * $CFG->sessiontimeout later (session_store::delete_expired is the first).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class session_cleanup {
    /**
     * Deletes the rows whose Moodle session no longer exists (not in the sessions table for that user): a killed
     * session, one that timed out or was closed without a logout event. Moodle keeps a sessions row for every live
     * session whatever its session handler.
     *
     * @return int rows deleted
     */
    public static function delete_orphans(): int {
        global $DB;
        $rows = $DB->get_records(session_store::TABLE, null, 'id ASC', 'id, userid, sidhash');
        if (!$rows) {
            return 0;
        }
        $live = [];
        $userids = array_values(array_unique(array_map('intval', array_column($rows, 'userid'))));
        foreach ($DB->get_records_list('sessions', 'userid', $userids, '', 'id, userid, sid') as $session) {
            $live[(int)$session->userid . ':' . session_store::sidhash((string)$session->sid)] = true;
        }
        $gone = [];
        foreach ($rows as $row) {
            if (!isset($live[(int)$row->userid . ':' . $row->sidhash])) {
                $gone[] = (int)$row->id;
            }
        }
        if ($gone) {
            $DB->delete_records_list(session_store::TABLE, 'id', $gone);
        }
        return count($gone);
    }
}
