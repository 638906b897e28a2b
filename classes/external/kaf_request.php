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
use tool_kalturalti13\local\kaf\site;

/**
 * kaf_request: one GET or POST to an allowed KAF path, with the KAF session of this Moodle session.
 *
 * Private keys in the response are replaced by tokens; a posted field whose value is a token is sent as its key,
 * a token anywhere else is refused (docs/shim.md, Secrets).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class kaf_request extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'method' => new external_value(PARAM_RAW, 'GET or POST'),
            'path' => new external_value(PARAM_RAW, 'Absolute path on the KAF host, optionally with a query'),
            'fields' => external_shapes::pairs('Form fields, order kept, names may repeat'),
        ]);
    }

    /**
     * Sends the request.
     *
     * @param string $method GET or POST
     * @param string $path path
     * @param array $fields list of name/value
     * @return array Response
     */
    public static function execute(string $method, string $path, array $fields = []): array {
        $params = self::validate_parameters(
            self::execute_parameters(),
            ['method' => $method, 'path' => $path, 'fields' => $fields]
        );
        external_shapes::guard();
        return external_shapes::policy(function () use ($params) {
            return site::gateway()->request($params['method'], $params['path'], $params['fields']);
        });
    }

    /**
     * Returns Response.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'status' => new external_value(PARAM_INT, 'HTTP status'),
            'finalpath' => new external_value(PARAM_RAW, 'The path of the last request (after redirects within KAF)'),
            'contenttype' => new external_value(PARAM_RAW, 'Content-Type'),
            'body' => new external_value(PARAM_RAW, 'The body as text, private keys replaced by tokens'),
            'truncated' => new external_value(PARAM_BOOL, 'Whether the body was cut at the size cap'),
            'location' => new external_value(PARAM_RAW, 'A redirect target that was not followed, or ""'),
        ]);
    }
}
