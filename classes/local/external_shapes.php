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

namespace tool_kalturalti13\local;

use core_external\external_api;
use core_external\external_value;
use core_external\external_single_structure;
use core_external\external_multiple_structure;

/**
 * Shared parts of the external functions: the access check and the return shapes of docs/contract.md.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class external_shapes {
    /**
     * System context, moodle/site:config, then the session lock released. Called by every function right after
     * validate_parameters.
     *
     * None of our functions writes $SESSION (the KAF session is in kaf\session_store), so the lock Moodle takes for an
     * ajax request (on every call unless $CFG->enable_read_only_sessions is set) is released here with Moodle's own
     * \core\session\manager::write_close(): a KAF round trip no longer holds up the admin's other requests. In a
     * core/ajax batch the later calls find the session closed already; write_close() then only aborts, harmlessly.
     */
    public static function guard(): void {
        $context = \context_system::instance();
        external_api::validate_context($context);
        require_capability('moodle/site:config', $context);
        \core\session\manager::write_close();
    }

    /**
     * The list of {name, value} pairs used by kaf_request and save_settings.
     *
     * @param string $desc description
     * @return external_multiple_structure
     */
    public static function pairs(string $desc): external_multiple_structure {
        return new external_multiple_structure(new external_single_structure([
            'name' => new external_value(PARAM_RAW, 'Name'),
            'value' => new external_value(PARAM_RAW, 'Value'),
        ]), $desc, VALUE_DEFAULT, []);
    }

    /**
     * RunSummary.
     *
     * @param int $required VALUE_REQUIRED or VALUE_OPTIONAL
     * @return external_single_structure
     */
    public static function run_summary(int $required = VALUE_REQUIRED): external_single_structure {
        return new external_single_structure([
            'id' => new external_value(PARAM_INT, 'Run id'),
            'kind' => new external_value(PARAM_ALPHA, 'upgrade or revert'),
            'status' => new external_value(PARAM_ALPHA, 'running, completed, failed, rolledback or rollbackfailed'),
            'userid' => new external_value(PARAM_INT, 'Who started the run'),
            'userfullname' => new external_value(PARAM_TEXT, 'Their full name'),
            'timestarted' => new external_value(PARAM_INT, 'Unix time'),
            'timefinished' => new external_value(PARAM_INT, 'Unix time, 0 while running'),
            'plan' => new external_value(PARAM_RAW, 'The plan, JSON'),
            'steps' => new external_multiple_structure(new external_single_structure([
                'name' => new external_value(PARAM_RAW, 'Step name'),
                'status' => new external_value(PARAM_ALPHA, 'pending, running, done, failed or skipped'),
                'timestarted' => new external_value(PARAM_INT, 'ms since the epoch'),
                'durationms' => new external_value(PARAM_INT, 'Duration in ms'),
                'detail' => new external_value(PARAM_RAW, 'JSON, no secrets'),
            ])),
        ], 'Run summary', $required);
    }

    /**
     * State.
     *
     * @return external_single_structure
     */
    public static function state(): external_single_structure {
        $str = function (string $desc): external_value {
            return new external_value(PARAM_RAW, $desc);
        };
        return new external_single_structure([
            'moodle' => new external_single_structure([
                'release' => $str('Moodle release'),
                'version' => $str('Moodle version'),
                'branch' => $str('Moodle branch, e.g. 403'),
                'wwwroot' => $str('wwwroot'),
                'https' => new external_value(PARAM_BOOL, 'Whether wwwroot is https'),
                'requires' => $str('The Moodle version this plugin requires, e.g. 2023042400'),
                'supportedfrom' => new external_value(PARAM_INT, 'The oldest Moodle branch this plugin claims, e.g. 402'),
                'supportedto' => new external_value(PARAM_INT, 'The newest Moodle branch this plugin claims, e.g. 501'),
                'ltix' => new external_value(PARAM_BOOL, 'Whether this Moodle has the core_ltix subsystem'),
                'insecurekaf' => new external_value(PARAM_BOOL, 'Whether config.php sets tool_kalturalti13_allow_insecure_kaf'),
            ]),
            'kaltura' => new external_single_structure([
                'installed' => new external_value(PARAM_BOOL, 'Whether local_kaltura is installed'),
                'release' => $str('local_kaltura release'),
                'version' => $str('local_kaltura version'),
                'hasauth' => new external_value(PARAM_BOOL, 'Whether local/kaltura/auth.php exists'),
            ]),
            'settings' => new external_single_structure([
                'kaf_uri' => $str('kaf_uri'),
                'uri' => $str('uri'),
                'lti_version' => $str('lti_version'),
                'partner_id' => $str('partner_id'),
                'client_id' => $str('client_id'),
                'enable_logging' => $str('enable_logging'),
                'enable_submission' => $str('enable_submission'),
                'guest_support' => new external_value(
                    PARAM_RAW,
                    'guest_support, null when absent',
                    VALUE_REQUIRED,
                    null,
                    NULL_ALLOWED
                ),
                'adminsecretset' => new external_value(PARAM_BOOL, 'Whether adminsecret is set'),
            ]),
            'urls' => new external_single_structure([
                'auth' => $str('local/kaltura/auth.php URL'),
                'token' => $str('mod/lti/token.php URL'),
                'certs' => $str('mod/lti/certs.php URL'),
            ]),
            'lti' => new external_single_structure([
                'sitekey' => new external_value(PARAM_BOOL, 'Whether mod_lti has a site private key'),
                'kid' => new external_value(PARAM_BOOL, 'Whether mod_lti has a kid'),
                'tooltypes' => new external_multiple_structure(self::tool_type(), 'Site-level tools on the KAF host'),
                'coursetools' => new external_multiple_structure(new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'lti_types id'),
                    'name' => new external_value(PARAM_RAW, 'Name'),
                    'courseid' => new external_value(PARAM_INT, 'The course it belongs to'),
                    'course' => new external_value(PARAM_RAW, 'That course\'s short name'),
                    'activitycount' => new external_value(PARAM_INT, 'Activities using the type'),
                ]), 'Course tools on the KAF host: never upgraded'),
                'clientidtype' => new external_value(PARAM_INT, 'The lti_types id holding local_kaltura/client_id, 0 if none'),
            ]),
            'run' => self::run_summary(VALUE_OPTIONAL),
            'beforeupgrade' => new external_single_structure([
                'enable_logging' => $str('enable_logging before the latest upgrade, while that upgrade is the latest '
                    . 'finished run and changed it; "" otherwise'),
            ]),
        ]);
    }

    /**
     * A Video Quiz grade tool (lti_types row on the KAF host) with the config the upgrade manages.
     *
     * @return external_single_structure
     */
    public static function tool_type(): external_single_structure {
        $str = function (string $desc): external_value {
            return new external_value(PARAM_RAW, $desc);
        };
        $fields = [
            'id' => new external_value(PARAM_INT, 'lti_types id'),
            'name' => $str('Name'),
            'baseurl' => $str('Tool URL'),
            'ltiversion' => $str('LTI version'),
            'clientid' => $str('Client id'),
        ];
        foreach (tool_types::CONFIG as $name) {
            $fields[$name] = $str('lti_types_config ' . $name . ' ("" when absent)');
        }
        $fields['activitycount'] = new external_value(PARAM_INT, 'Activities using the type');
        $fields['activities'] = new external_multiple_structure(new external_single_structure([
            'course' => $str('Course short name'),
            'name' => $str('Activity name'),
        ]), 'A few of those activities');
        return new external_single_structure($fields);
    }

    /**
     * State with run omitted when there is none: Moodle 4.2 cannot return null for a structure (4.3 can).
     *
     * @param array $state site_state::get()
     * @return array
     */
    public static function state_out(array $state): array {
        if ($state['run'] === null) {
            unset($state['run']);
        }
        return $state;
    }

    /**
     * Calls a policy-level function and turns its refusal into a moodle_exception.
     *
     * @param callable $fn function
     * @return mixed
     */
    public static function policy(callable $fn) {
        try {
            return $fn();
        } catch (policy_exception $e) {
            throw site_state::to_moodle($e);
        }
    }
}
