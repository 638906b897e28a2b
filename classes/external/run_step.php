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
 * run_step: records one step of the running run (upsert by name).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_step extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'runid' => new external_value(PARAM_INT, 'Run id'),
            'name' => new external_value(PARAM_RAW, 'Step name'),
            'status' => new external_value(PARAM_RAW, 'pending, running, done, failed or skipped'),
            'timestarted' => new external_value(PARAM_INT, 'ms since the epoch'),
            'durationms' => new external_value(PARAM_INT, 'Duration in ms'),
            'detail' => new external_value(PARAM_RAW, 'JSON, no secrets', VALUE_DEFAULT, '{}'),
        ]);
    }

    /**
     * Records the step.
     *
     * @param int $runid run
     * @param string $name step
     * @param string $status status
     * @param int $timestarted ms
     * @param int $durationms ms
     * @param string $detail JSON
     * @return array ok
     */
    public static function execute(
        int $runid,
        string $name,
        string $status,
        int $timestarted,
        int $durationms,
        string $detail = '{}'
    ): array {
        $params = self::validate_parameters(self::execute_parameters(), ['runid' => $runid, 'name' => $name,
            'status' => $status, 'timestarted' => $timestarted, 'durationms' => $durationms, 'detail' => $detail]);
        external_shapes::guard();
        journal::step(
            $params['runid'],
            $params['name'],
            $params['status'],
            $params['timestarted'],
            $params['durationms'],
            $params['detail']
        );
        return ['ok' => true];
    }

    /**
     * Returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure(['ok' => new external_value(PARAM_BOOL, 'Recorded')]);
    }
}
