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

namespace tool_kalturalti13\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_value;
use core_external\external_single_structure;
use tool_kalturalti13\local\external_shapes;
use tool_kalturalti13\local\site_state;

/**
 * save_settings: validates and writes local_kaltura settings, all or nothing, with config-log rows.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class save_settings extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'changes' => external_shapes::pairs('local_kaltura settings to change'),
        ]);
    }

    /**
     * Saves.
     *
     * @param array $changes list of name/value
     * @return array State
     */
    public static function execute(array $changes): array {
        $params = self::validate_parameters(self::execute_parameters(), ['changes' => $changes]);
        external_shapes::guard();
        site_state::save($params['changes']);
        return external_shapes::state_out(site_state::get());
    }

    /**
     * Returns State.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return external_shapes::state();
    }
}
