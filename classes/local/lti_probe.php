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

/**
 * The LTI 1.3 probe of KAF's public endpoints, through the one door to KAF: its key set, and an OIDC login
 * initiation with this site's issuer and client id and the probe's login hint. No credentials, no KAF session.
 *
 * The door is handed in (with no cookies), so the same allow-list, address checks, redirect rules and redaction
 * apply. No Moodle calls here: tests/integration runs it from plain PHP against the simulator.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class lti_probe {
    /** KAF's tool key set. */
    public const KEYSET_PATH = '/hosted/index/lti-advantage-key-set';

    /** KAF's OIDC login initiation. */
    private const OIDC_PATH = '/hosted/index/oidc-init';

    /** What run() may probe: both halves, or one (the page runs the two in parallel). */
    public const PARTS = ['both', 'keyset', 'oidc'];

    /** @var kaf\door the door */
    private $door;

    /**
     * Constructor.
     *
     * @param kaf\door $door a door without KAF session cookies
     */
    public function __construct(kaf\door $door) {
        $this->door = $door;
    }

    /**
     * The probes. With both, a transport failure of the first is not repeated by the second (KAF is down, once). A half
     * not probed comes back as nothing found and nothing wrong (not_probed()).
     *
     * @param string $wwwroot Moodle's wwwroot
     * @param string $kafuri local_kaltura/kaf_uri as stored
     * @param string $clientid local_kaltura/client_id
     * @param string $expected thumbprint the key set must hold ('' = none to compare with)
     * @param string $part both, keyset or oidc (PARTS)
     * @return array ['keyset' => keyset() with expected, 'oidc' => oidc()] (the shape of the lti_probe external function)
     */
    public function run(string $wwwroot, string $kafuri, string $clientid, string $expected, string $part = 'both'): array {
        $out = self::not_probed($expected);
        if ($part !== 'oidc') {
            $out['keyset'] = $this->keyset($expected);
            $out['keyset']['matched'] = (bool)$out['keyset']['matched'];
            $out['keyset']['expected'] = $expected;
        }
        if ($part === 'keyset') {
            return $out;
        }
        $error = $out['keyset']['error'];
        $out['oidc'] = $error !== '' && $error !== 'kafpathrefused' ? self::failed_oidc($error)
            : $this->oidc($wwwroot, $kafuri, $clientid);
        return $out;
    }

    /**
     * Both halves as they are when not probed.
     *
     * @param string $expected the thumbprint that would have been compared with
     * @return array ['keyset' => ..., 'oidc' => ...]
     */
    public static function not_probed(string $expected): array {
        return [
            'keyset' => ['problem' => '', 'httpstatus' => 0, 'error' => '', 'expected' => $expected, 'matched' => false,
                'thumbprint' => '', 'bits' => 0, 'kid' => '', 'keys' => []],
            'oidc' => ['httpstatus' => 0, 'location' => '', 'problems' => [], 'excerpt' => '', 'error' => ''],
        ];
    }

    /**
     * Reads and judges KAF's key set.
     *
     * @param string $expected thumbprint it must hold ('' = none)
     * @return array probe_rule::judge_keyset() plus httpstatus and error (a door error code, '' when it answered)
     */
    public function keyset(string $expected): array {
        try {
            $r = $this->door->request('GET', self::KEYSET_PATH);
        } catch (policy_exception $e) {
            return ['problem' => 'kafrequest', 'keys' => [], 'thumbprint' => '', 'bits' => 0, 'kid' => '',
                'matched' => $expected === '' ? null : false, 'httpstatus' => 0, 'error' => $e->errorcode];
        }
        return probe_rule::judge_keyset((int)$r['status'], $r['body'], $expected)
            + ['httpstatus' => (int)$r['status'], 'error' => ''];
    }

    /**
     * Starts an OIDC login initiation at KAF and judges where KAF sends it.
     *
     * @param string $wwwroot Moodle's wwwroot
     * @param string $kafuri local_kaltura/kaf_uri as stored
     * @param string $clientid local_kaltura/client_id
     * @return array httpstatus, location (the redirect target, '' when none), problems (probe_rule::oidc_problems),
     *               excerpt (KAF's page text when it did not redirect), error (a door error code or '')
     */
    public function oidc(string $wwwroot, string $kafuri, string $clientid): array {
        try {
            $r = $this->door->request('GET', self::OIDC_PATH, probe_rule::oidc_params($wwwroot, $kafuri, $clientid));
        } catch (policy_exception $e) {
            return self::failed_oidc($e->errorcode);
        }
        $location = (string)$r['location'];
        return [
            'httpstatus' => (int)$r['status'],
            'location' => $location,
            'problems' => probe_rule::oidc_problems($location, $wwwroot, $kafuri, $clientid),
            'excerpt' => $location === '' ? page_text::excerpt((string)$r['body']) : '',
            'error' => '',
        ];
    }

    /**
     * The OIDC result of a request that did not reach KAF.
     *
     * @param string $error door error code
     * @return array
     */
    private static function failed_oidc(string $error): array {
        return ['httpstatus' => 0, 'location' => '', 'problems' => ['location'], 'excerpt' => '', 'error' => $error];
    }
}
