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
 * The retention rule for finished runs (tool_kalturalti13/runretention), applied by the daily task.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class retention {
    /** How long a finished run is kept by default (tool_kalturalti13/runretention), seconds: 365 days. */
    public const DEFAULT_RETENTION = 365 * 86400;

    /**
     * Deletes the finished runs (and their steps) that ended longer ago than tool_kalturalti13/runretention, the way
     * Moodle prunes its logs (0 keeps them all). A running run is never deleted. Called by the daily task.
     *
     * @param int|null $now the time to judge by (tests)
     * @return int runs deleted
     */
    public static function prune(?int $now = null): int {
        global $DB;
        $retention = get_config('tool_kalturalti13', 'runretention');
        $retention = $retention === false ? self::DEFAULT_RETENTION : (int)$retention;
        if ($retention <= 0) {
            return 0;
        }
        $select = 'status <> ? AND timefinished > 0 AND timefinished < ?';
        $params = ['running', ($now ?? time()) - $retention];
        $ids = $DB->get_fieldset_select(journal::RUNS, 'id', $select, $params);
        if ($ids) {
            $DB->delete_records_list(journal::STEPS, 'runid', $ids);
            $DB->delete_records_list(journal::RUNS, 'id', $ids);
        }
        return count($ids);
    }
}
