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

use tool_kalturalti13\local\watcher;
use tool_kalturalti13\local\wiring;

/**
 * Daily: checks the LTI 1.3 wiring afresh (KAF's public endpoints, no credentials), refreshes the cached result
 * System status shows, and notifies site administrators once when it stops being OK.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class watch_wiring extends \core\task\scheduled_task {
    /**
     * Name.
     *
     * @return string
     */
    public function get_name() {
        return get_string('taskwatchwiring', 'tool_kalturalti13');
    }

    /**
     * Runs the check.
     */
    public function execute() {
        // The retention rule for finished runs first: it needs no KAF.
        $pruned = \tool_kalturalti13\local\retention::prune();
        mtrace('Kaltura LTI 1.3 runs: ' . $pruned . ' finished run(s) past the retention deleted.');
        $result = wiring::refresh();
        $sent = watcher::observe($result);
        mtrace('Kaltura LTI 1.3 wiring: ' . $result['status'] . ' (' . watcher::signature($result) . '); '
            . $sent . ' notification(s) sent.');
    }
}
