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
use tool_kalturalti13\local\wiring as wiring_status;
use tool_kalturalti13\local\wiring_view;

/**
 * System status check: the site's LTI 1.3 wiring with KAF (Site administration > Reports > System status).
 *
 * Reads the cached result (an hour by default), so opening System status does not call KAF each time.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class wiring extends \core\check\check {
    /**
     * Id (unique within the component).
     *
     * @return string
     */
    public function get_id(): string {
        return 'wiring';
    }

    /**
     * Name.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkwiring', 'tool_kalturalti13');
    }

    /**
     * The upgrade page.
     *
     * @return \action_link
     */
    public function get_action_link(): ?\action_link {
        return new \action_link(
            new \moodle_url('/admin/tool/kalturalti13/index.php'),
            get_string('checkwiring_action', 'tool_kalturalti13')
        );
    }

    /**
     * The result: OK, info (still on LTI 1.1), warning or error, with each finding and its fix in the details.
     *
     * @return result
     */
    public function get_result(): result {
        global $OUTPUT;
        try {
            $r = wiring_status::latest();
            $details = $OUTPUT->render_from_template('tool_kalturalti13/wiring', wiring_view::export($r));
            return new result($r['status'], wiring_view::summary($r), $details);
        } catch (\Throwable $e) {
            // One broken check must not take System status down with it.
            debugging('tool_kalturalti13 wiring check: ' . $e->getMessage(), DEBUG_DEVELOPER);
            return new result(result::UNKNOWN, get_string('wiring_failed', 'tool_kalturalti13', s($e->getMessage())));
        }
    }
}
