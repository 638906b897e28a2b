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
 * What the latest upgrade found: the journal's plan of that run, read back so a revert can put a setting back.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class last_upgrade {
    /**
     * What the latest upgrade changed a Moodle Kaltura setting from, so a revert can put it back: known only while
     * the latest finished run is a completed upgrade (a revert or a failed run since then leaves nothing to put back).
     *
     * @param string $name the local_kaltura setting (e.g. enable_logging)
     * @return string the value before that upgrade; '' when unknown or unchanged
     */
    public static function before(string $name): string {
        global $DB;
        $runs = $DB->get_records_select(journal::RUNS, 'status <> ?', ['running'], 'id DESC', '*', 0, 1);
        $run = $runs ? reset($runs) : null;
        return $run ? self::found((string)$run->kind, (string)$run->status, (string)$run->plan, $name) : '';
    }

    /**
     * What a finished run's plan says a Moodle setting was before it, when that run is a completed upgrade.
     *
     * @param string $kind the run's kind
     * @param string $status the run's status
     * @param string $plan the run's plan (JSON)
     * @param string $name the local_kaltura setting
     * @return string the value before; '' when unknown or unchanged
     */
    public static function found(string $kind, string $status, string $plan, string $name): string {
        if ($kind !== 'upgrade' || $status !== 'completed') {
            return '';
        }
        $plan = json_decode($plan, true);
        foreach (is_array($plan) && is_array($plan['changes'] ?? null) ? $plan['changes'] : [] as $change) {
            if (
                is_array($change) && ($change['where'] ?? '') === 'moodle' && ($change['field'] ?? '') === $name
                    && is_string($change['before'] ?? null)
            ) {
                return $change['before'];
            }
        }
        return '';
    }
}
