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

namespace tool_kalturalti13\check;

use core\check\result;

/**
 * System status: a warning while config.php sets $CFG->tool_kalturalti13_allow_insecure_kaf, the test flag that lets
 * the KAF door use plain http, loopback and private addresses and skips Moodle's curl security helper. A check of its
 * own, so that the wiring check keeps saying only whether the wiring works.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class insecure_kaf extends \core\check\check {
    /**
     * The check's id.
     *
     * @return string
     */
    public function get_id(): string {
        return 'insecurekaf';
    }

    /**
     * The check's name.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkinsecurekaf', 'tool_kalturalti13');
    }

    /**
     * Warning when the flag is on, OK otherwise.
     *
     * @return result
     */
    public function get_result(): result {
        if (\tool_kalturalti13\local\kaf\site::insecure()) {
            return new result(
                result::WARNING,
                get_string('checkinsecurekaf_on', 'tool_kalturalti13'),
                get_string('checkinsecurekaf_details', 'tool_kalturalti13')
            );
        }
        return new result(result::OK, get_string('checkinsecurekaf_off', 'tool_kalturalti13'));
    }
}
