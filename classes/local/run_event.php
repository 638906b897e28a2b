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
 * What the run events share: system context, the runs table, kind and status in "other", never a secret.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
abstract class run_event extends \core\event\base {
    /** The lang string suffix of the event (eventrun<suffix>, eventrun<suffix>desc). */
    public const SUFFIX = '';

    /**
     * Creates the event for a run.
     *
     * @param int $runid run id
     * @param string $kind upgrade or revert
     * @param string $status the run's status
     * @return static
     */
    public static function create_for_run(int $runid, string $kind, string $status = 'running') {
        return static::create([
            'objectid' => $runid,
            'context' => \context_system::instance(),
            'other' => ['kind' => $kind, 'status' => $status],
        ]);
    }

    /**
     * Init.
     */
    protected function init() {
        $this->data['crud'] = 'u';
        $this->data['edulevel'] = self::LEVEL_OTHER;
        $this->data['objecttable'] = 'tool_kalturalti13_runs';
    }

    /**
     * Name.
     *
     * @return string
     */
    public static function get_name() {
        return get_string('eventrun' . static::SUFFIX, 'tool_kalturalti13');
    }

    /**
     * Description (no secret: ids, kind and status only).
     *
     * @return string
     */
    public function get_description() {
        return get_string('eventrun' . static::SUFFIX . 'desc', 'tool_kalturalti13', (object)[
            'userid' => $this->userid,
            'runid' => $this->objectid,
            'kind' => $this->other['kind'] ?? '',
            'status' => $this->other['status'] ?? '',
        ]);
    }

    /**
     * URL of the tool.
     *
     * @return \moodle_url
     */
    public function get_url() {
        return new \moodle_url('/admin/tool/kalturalti13/index.php');
    }

    /**
     * Validation.
     */
    protected function validate_data() {
        parent::validate_data();
        if (empty($this->objectid)) {
            throw new \coding_exception('The run id (objectid) must be set.');
        }
        if (!isset($this->other['kind'])) {
            throw new \coding_exception('The run kind must be set in other.');
        }
    }

    /**
     * Mapping of objectid for backup/restore: none (site-level runs are not restored).
     *
     * @return array
     */
    public static function get_objectid_mapping() {
        return ['db' => 'tool_kalturalti13_runs', 'restore' => \core\event\base::NOT_MAPPED];
    }

    /**
     * Mapping of other: nothing to map.
     *
     * @return bool
     */
    public static function get_other_mapping() {
        return false;
    }
}
