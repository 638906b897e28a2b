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
use tool_kalturalti13\local\tool_types;

/**
 * save_tool_type: changes one Video Quiz grade tool (lti_types on the KAF host), all or nothing.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class save_tool_type extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'typeid' => new external_value(PARAM_INT, 'lti_types id'),
            'changes' => external_shapes::pairs('ltiversion, clientid or lti_types_config names to change'),
        ]);
    }

    /**
     * Saves.
     *
     * @param int $typeid lti_types id
     * @param array $changes list of name/value
     * @return array the tool type now
     */
    public static function execute(int $typeid, array $changes): array {
        $params = self::validate_parameters(self::execute_parameters(), ['typeid' => $typeid, 'changes' => $changes]);
        external_shapes::guard();
        return tool_types::save($params['typeid'], $params['changes']);
    }

    /**
     * Returns the tool type.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return external_shapes::tool_type();
    }
}
