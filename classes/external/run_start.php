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
use tool_kalturalti13\local\journal;

/**
 * run_start: starts a run and takes the site-wide lock (a second running run is refused).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_start extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'kind' => new external_value(PARAM_RAW, 'upgrade or revert'),
            'plan' => new external_value(PARAM_RAW, 'The plan, JSON, no secrets'),
        ]);
    }

    /**
     * Starts.
     *
     * @param string $kind upgrade or revert
     * @param string $plan JSON
     * @return array RunSummary
     */
    public static function execute(string $kind, string $plan): array {
        $params = self::validate_parameters(self::execute_parameters(), ['kind' => $kind, 'plan' => $plan]);
        external_shapes::guard();
        $id = journal::start($params['kind'], $params['plan']);
        return journal::get($id);
    }

    /**
     * Returns RunSummary.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return external_shapes::run_summary();
    }
}
