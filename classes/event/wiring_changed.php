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

namespace tool_kalturalti13\event;

/**
 * Event: the watch task found the LTI 1.3 wiring in another state than last time (e.g. from OK to an error).
 *
 * other: from, to (status and the codes of what is not OK, e.g. "error:kafdown"; from is "" the first time).
 * No URL, key or secret: codes only.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class wiring_changed extends \core\event\base {

    /**
     * Init.
     */
    protected function init() {
        $this->data['crud'] = 'r';
        $this->data['edulevel'] = self::LEVEL_OTHER;
    }

    /**
     * Name.
     *
     * @return string
     */
    public static function get_name() {
        return get_string('eventwiringchanged', 'tool_kalturalti13');
    }

    /**
     * Description.
     *
     * @return string
     */
    public function get_description() {
        return get_string('eventwiringchangeddesc', 'tool_kalturalti13', (object)[
            'from' => $this->other['from'] === '' ? '-' : $this->other['from'],
            'to' => $this->other['to'],
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
        if (!isset($this->other['from'], $this->other['to'])) {
            throw new \coding_exception('from and to must be set in other.');
        }
    }
}
