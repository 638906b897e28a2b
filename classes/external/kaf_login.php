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
 * kaf_login: logs in to the KAF admin console; the cookie stays on the server, in session_store (this Moodle session only).
 *
 * The credentials are used for this one request and are never stored, logged, put in an event or returned.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class kaf_login extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'username' => new external_value(PARAM_RAW, 'KAF admin username (not stored)'),
            'password' => new external_value(PARAM_RAW, 'KAF admin password (not stored)'),
            'kafuri' => new external_value(PARAM_RAW, 'The corrected kaf_uri to log in at, for this session only (the run '
                . 'saves it); it must name the KAF that local_kaltura/kaf_uri names. Empty: kaf_uri as stored', VALUE_DEFAULT, ''),
        ]);
    }

    /**
     * Logs in.
     *
     * @param string $username KAF admin username
     * @param string $password KAF admin password
     * @param string $kafuri the corrected kaf_uri for this session, or '' (nothing is saved here)
     * @return array loggedin, kafhost
     */
    public static function execute(string $username, string $password, string $kafuri = ''): array {
        $params = self::validate_parameters(
            self::execute_parameters(),
            ['username' => $username, 'password' => $password, 'kafuri' => $kafuri]
        );
        external_shapes::guard();
        return external_shapes::policy(function () use ($params) {
            return site::gateway()->login($params['username'], $params['password'], $params['kafuri']);
        });
    }

    /**
     * Returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'loggedin' => new external_value(PARAM_BOOL, 'Logged in'),
            'kafhost' => new external_value(PARAM_RAW, 'The KAF host logged in to'),
        ]);
    }
}
