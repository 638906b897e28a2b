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
use core_external\external_multiple_structure;
use tool_kalturalti13\local\external_shapes;
use tool_kalturalti13\local\kaf\site;
use tool_kalturalti13\local\lti_probe as probe;
use tool_kalturalti13\local\probe_rule;
use tool_kalturalti13\local\kaltura_settings;
use tool_kalturalti13\local\wiring;

/**
 * lti_probe: KAF's key set and an OIDC login initiation, judged by the one probe rule (the engine's verification and
 * the status check share it). No KAF credentials or session: only KAF's public endpoints, through the door.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class lti_probe extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'thumbprint' => new external_value(PARAM_RAW, 'RFC 7638 thumbprint the key set must hold; "" = the one the last '
                . 'verified upgrade recorded', VALUE_DEFAULT, ''),
            'part' => new external_value(PARAM_ALPHA, 'What to probe: both (the key set and the OIDC login initiation), '
                . 'keyset or oidc; a half not probed comes back empty', VALUE_DEFAULT, 'both'),
        ]);
    }

    /**
     * Probes KAF with this site's issuer (wwwroot), kaf_uri and client id.
     *
     * @param string $thumbprint expected key
     * @param string $part both, keyset or oidc
     * @return array ProbeResult
     */
    public static function execute(string $thumbprint = '', string $part = 'both'): array {
        global $CFG;
        $params = self::validate_parameters(self::execute_parameters(), ['thumbprint' => $thumbprint, 'part' => $part]);
        external_shapes::guard();
        if (!in_array($params['part'], probe::PARTS, true)) {
            throw new \invalid_parameter_exception('part must be both, keyset or oidc, not "' . $params['part'] . '"');
        }
        $expected = $params['thumbprint'];
        if ($expected !== '' && !probe_rule::is_thumbprint($expected)) {
            throw new \moodle_exception('probebadthumbprint', 'tool_kalturalti13');
        }
        if ($expected === '') {
            $expected = wiring::reference()['thumbprint'];
        }
        $kafuri = (string)kaltura_settings::get('kaf_uri');
        $clientid = (string)kaltura_settings::get('client_id');
        $door = external_shapes::policy(function () use ($kafuri) {
            return site::public_door($kafuri);
        });
        $door->set_timeouts(wiring::CONNECT_TIMEOUT, wiring::TIMEOUT);
        $r = (new probe($door))->run($CFG->wwwroot, $kafuri, $clientid, $expected, $params['part']);
        return ['wwwroot' => $CFG->wwwroot, 'kafuri' => $kafuri, 'clientid' => $clientid] + $r;
    }

    /**
     * Returns ProbeResult.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        $code = 'A door error code (kafunreachable, kaftimeout, kaftlserror, kafhostrefused, ...) or "" when KAF answered';
        return new external_single_structure([
            'wwwroot' => new external_value(PARAM_RAW, 'The issuer sent'),
            'kafuri' => new external_value(PARAM_RAW, 'local_kaltura/kaf_uri'),
            'clientid' => new external_value(PARAM_RAW, 'local_kaltura/client_id'),
            'keyset' => new external_single_structure([
                'problem' => new external_value(PARAM_ALPHANUMEXT, '"" when right; kafrequest, keysetstatus, keysetjson, '
                    . 'keysetempty, keysetweak, keysetchanged'),
                'httpstatus' => new external_value(PARAM_INT, 'HTTP status (0 when KAF did not answer)'),
                'error' => new external_value(PARAM_ALPHANUMEXT, $code),
                'expected' => new external_value(PARAM_RAW, 'The thumbprint compared with ("" = none)'),
                'matched' => new external_value(PARAM_BOOL, 'Whether an RSA key of 2048+ bits with that thumbprint is there'),
                'thumbprint' => new external_value(PARAM_RAW, 'Thumbprint of the key that passed (or of the first RSA key)'),
                'bits' => new external_value(PARAM_INT, 'Its modulus size'),
                'kid' => new external_value(PARAM_RAW, 'Its kid'),
                'keys' => new external_multiple_structure(new external_single_structure([
                    'kid' => new external_value(PARAM_RAW, 'kid'),
                    'kty' => new external_value(PARAM_RAW, 'kty'),
                    'bits' => new external_value(PARAM_INT, 'RSA modulus size, 0 for other keys'),
                    'thumbprint' => new external_value(PARAM_RAW, 'RFC 7638 thumbprint (RSA keys), or ""'),
                ]), 'Every key KAF publishes'),
            ]),
            'oidc' => new external_single_structure([
                'httpstatus' => new external_value(PARAM_INT, 'HTTP status (0 when KAF did not answer)'),
                'location' => new external_value(PARAM_RAW, 'Where KAF redirects the login to ("" when it did not)'),
                'problems' => new external_multiple_structure(
                    new external_value(PARAM_ALPHANUMEXT, 'Problem'),
                    'What local/kaltura/auth.php would refuse: location, target or a parameter name; empty when right'
                ),
                'excerpt' => new external_value(PARAM_RAW, 'The text of KAF\'s page when it did not redirect'),
                'error' => new external_value(PARAM_ALPHANUMEXT, $code),
            ]),
        ]);
    }
}
