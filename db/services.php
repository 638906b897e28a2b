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

/**
 * External functions of the page (amd/src/services.ts): all ajax, system context, moodle/site:config.
 *
 * All are readonlysession: none writes $SESSION (the KAF session and the secrets are in their own table,
 * local\kaf\session_store), and each releases the session lock right after its access check
 * (local\external_shapes::guard), so the page's calls run side by side (docs/shim.md).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'tool_kalturalti13_get_state' => [
        'classname' => 'tool_kalturalti13\\external\\get_state',
        'methodname' => 'execute',
        'description' => 'The state of Moodle, local_kaltura and mod_lti for the LTI 1.3 upgrade.',
        'type' => 'write', // Stores local_kaltura/client_id when missing, as local_kaltura does.
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_kaf_login' => [
        'classname' => 'tool_kalturalti13\\external\\kaf_login',
        'methodname' => 'execute',
        'description' => 'Logs in to the KAF admin console (the session stays on the server).',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_kaf_request' => [
        'classname' => 'tool_kalturalti13\\external\\kaf_request',
        'methodname' => 'execute',
        'description' => 'One request to an allowed path of the KAF admin console.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_save_settings' => [
        'classname' => 'tool_kalturalti13\\external\\save_settings',
        'methodname' => 'execute',
        'description' => 'Validates and saves local_kaltura settings.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_save_tool_type' => [
        'classname' => 'tool_kalturalti13\\external\\save_tool_type',
        'methodname' => 'execute',
        'description' => 'Changes one Video Quiz grade tool (External Tool type on the KAF host), all or nothing.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_run_start' => [
        'classname' => 'tool_kalturalti13\\external\\run_start',
        'methodname' => 'execute',
        'description' => 'Starts an upgrade or revert run (site-wide lock).',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_run_step' => [
        'classname' => 'tool_kalturalti13\\external\\run_step',
        'methodname' => 'execute',
        'description' => 'Records a step of the running run.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_run_snapshot' => [
        'classname' => 'tool_kalturalti13\\external\\run_snapshot',
        'methodname' => 'execute',
        'description' => 'Stores the rollback snapshot of the running run.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_run_get_snapshot' => [
        'classname' => 'tool_kalturalti13\\external\\run_get_snapshot',
        'methodname' => 'execute',
        'description' => 'Reads the rollback snapshot of the running run.',
        'type' => 'read',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_run_finish' => [
        'classname' => 'tool_kalturalti13\\external\\run_finish',
        'methodname' => 'execute',
        'description' => 'Finishes the running run.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_run_get' => [
        'classname' => 'tool_kalturalti13\\external\\run_get',
        'methodname' => 'execute',
        'description' => 'Reads a run (the report).',
        'type' => 'read',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
    'tool_kalturalti13_lti_probe' => [
        'classname' => 'tool_kalturalti13\\external\\lti_probe',
        'methodname' => 'execute',
        'description' => 'Probes KAF\'s public LTI 1.3 endpoints (key set, OIDC login initiation) without credentials.',
        'type' => 'read',
        'ajax' => true,
        'loginrequired' => true,
        'capabilities' => 'moodle/site:config',
        'readonlysession' => true,
    ],
];
