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
 * run_finish: closes the running run, releases the lock, deletes the snapshot and secrets, fires the event; a completed
 * upgrade records the thumbprint of the key it verified (the status check's reference).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_finish extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'runid' => new external_value(PARAM_INT, 'Run id'),
            'status' => new external_value(PARAM_RAW, 'completed, failed, rolledback or rollbackfailed'),
            'detail' => new external_value(PARAM_RAW, 'JSON, no secrets', VALUE_DEFAULT, '{}'),
            'keythumbprint' => new external_value(PARAM_RAW, 'RFC 7638 thumbprint of the key a completed upgrade verified in '
                . 'KAF\'s key set (recorded for the status check); "" = none', VALUE_DEFAULT, ''),
        ]);
    }

    /**
     * Finishes.
     *
     * @param int $runid run
     * @param string $status final status
     * @param string $detail JSON
     * @param string $keythumbprint the verified key's thumbprint
     * @return array RunSummary
     */
    public static function execute(int $runid, string $status, string $detail = '{}', string $keythumbprint = ''): array {
        $params = self::validate_parameters(
            self::execute_parameters(),
            ['runid' => $runid, 'status' => $status, 'detail' => $detail, 'keythumbprint' => $keythumbprint]
        );
        external_shapes::guard();
        journal::finish($params['runid'], $params['status'], $params['detail'], $params['keythumbprint']);
        return journal::get($params['runid']);
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
