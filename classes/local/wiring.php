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
 * The LTI 1.3 wiring of the site, checked without credentials: local_kaltura's settings, mod_lti's site key and
 * what certs.php publishes, and KAF's public endpoints (lti_probe). The latest result is cached (MUC, application).
 *
 * A result is data (codes and parameters), not text: it is cached for every viewer and rendered in the viewer's
 * language by wiring_view.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class wiring {
    /** MUC definition (db/caches.php). */
    public const CACHE = 'status';

    /** Cache key of the latest result. */
    public const KEY = 'latest';

    /** How long a result is reused when tool_kalturalti13/statusttl is not set, seconds. */
    public const DEFAULT_TTL = 3600;

    /** Probe timeouts, seconds: System status must not wait a minute for a KAF that is down. */
    public const CONNECT_TIMEOUT = 5;

    /** Total per request. */
    public const TIMEOUT = 10;

    /** Statuses, worst last (the values of \core\check\result). */
    private const SEVERITY = ['ok' => 0, 'info' => 1, 'warning' => 2, 'error' => 3];

    /**
     * A finding.
     *
     * @param string $id which check
     * @param string $status ok, info, warning or error
     * @param string $code lang string wiring_<code> (and wiring_<code>_fix when not ok)
     * @param array $a string parameters of the strings
     * @return array
     */
    private static function finding(string $id, string $status, string $code, array $a = []): array {
        return ['id' => $id, 'status' => $status, 'code' => $code, 'a' => array_map('strval', $a)];
    }

    /**
     * The reference the last verified upgrade recorded.
     *
     * @return array thumbprint, kafuri ('' when none)
     */
    public static function reference(): array {
        return [
            'thumbprint' => (string)get_config('tool_kalturalti13', 'verifiedthumbprint'),
            'kafuri' => (string)get_config('tool_kalturalti13', 'verifiedkafuri'),
        ];
    }

    /**
     * Records the key set thumbprint and kaf_uri of a verified upgrade (public values), with config-log rows.
     *
     * @param string $thumbprint RFC 7638 thumbprint of the key the run saved at KAF
     * @throws \moodle_exception probebadthumbprint
     */
    public static function record_verified(string $thumbprint): void {
        if (!probe_rule::is_thumbprint($thumbprint)) {
            throw new \moodle_exception('probebadthumbprint', 'tool_kalturalti13');
        }
        $values = ['verifiedthumbprint' => $thumbprint, 'verifiedkafuri' => (string)kaltura_settings::get('kaf_uri')];
        foreach ($values as $name => $value) {
            $old = get_config('tool_kalturalti13', $name);
            if ($old !== $value) {
                set_config($name, $value, 'tool_kalturalti13');
                add_to_config_log($name, $old === false ? null : $old, $value, 'tool_kalturalti13');
            }
        }
    }

    /**
     * Checks everything now (KAF is called).
     *
     * @param http_transport|null $transport client (tests); default Moodle's \curl
     * @return array status, time, findings (list of id, status, code, a), probe (lti_probe::run() or null)
     */
    public static function check(?http_transport $transport = null): array {
        global $CFG;
        $findings = [];
        $probe = null;
        $done = function () use (&$findings, &$probe): array {
            return ['status' => self::worst($findings), 'time' => time(), 'findings' => $findings, 'probe' => $probe];
        };
        if (!kaltura_settings::installed()) {
            $findings[] = self::finding('kaltura', 'error', 'kalturamissing');
            return $done();
        }
        $version = (string)kaltura_settings::get('lti_version');
        if ($version !== '1.3.0') {
            $findings[] = self::finding('ltiversion', 'info', 'ltiversion11', ['version' => $version]);
            return $done();
        }
        $findings[] = self::finding('ltiversion', 'ok', 'ltiversionok');

        $kafuri = (string)kaltura_settings::get('kaf_uri');
        $reference = self::reference();
        $door = null;
        try {
            $door = kaf\site::public_door($kafuri, $transport);
            $door->set_timeouts(self::CONNECT_TIMEOUT, self::TIMEOUT);
            if ($reference['kafuri'] !== '' && $reference['kafuri'] !== $kafuri) {
                $findings[] = self::finding('kafuri', 'error', 'kafurichanged', ['was' => $reference['kafuri'], 'now' => $kafuri]);
            } else {
                $findings[] = self::finding('kafuri', 'ok', 'kafuriok', ['uri' => $kafuri]);
            }
        } catch (policy_exception $e) {
            $findings[] = self::finding('kafuri', 'error', $kafuri === '' ? 'kafuriempty' : 'kafuribad', ['uri' => $kafuri]);
        }

        $clientid = (string)kaltura_settings::get('client_id');
        $findings[] = $clientid === '' ? self::finding('clientid', 'error', 'clientidmissing')
            : self::finding('clientid', 'ok', 'clientidok', ['clientid' => $clientid]);

        $findings[] = self::site_key();

        if ($door !== null && $clientid !== '') {
            $probe = (new lti_probe($door))->run($CFG->wwwroot, $kafuri, $clientid, $reference['thumbprint']);
            array_push($findings, ...self::judge_probe($probe, $CFG->wwwroot, $kafuri, $clientid, $reference['thumbprint']));
        }
        return $done();
    }

    /**
     * mod_lti's site key, and that /mod/lti/certs.php publishes its kid (computed here as certs.php computes it).
     *
     * @return array finding
     */
    public static function site_key(): array {
        $pem = (string)get_config('mod_lti', 'privatekey');
        $kid = (string)get_config('mod_lti', 'kid');
        if ($pem === '') {
            return self::finding('sitekey', 'error', 'sitekeymissing');
        }
        $key = @openssl_pkey_get_private($pem);
        $details = $key ? openssl_pkey_get_details($key) : false;
        if (!$details || ($details['type'] ?? -1) !== OPENSSL_KEYTYPE_RSA || ($details['bits'] ?? 0) < probe_rule::MIN_RSA_BITS) {
            return self::finding('sitekey', 'error', 'sitekeybad');
        }
        if ($kid === '') {
            return self::finding('sitekey', 'error', 'sitekeynokid');
        }
        try {
            $jwks = \mod_lti\local\ltiopenid\jwks_helper::get_jwks();
        } catch (\Throwable $e) {
            $jwks = [];
        }
        $published = array_column($jwks['keys'] ?? [], 'kid');
        if (!in_array($kid, $published, true)) {
            return self::finding('sitekey', 'error', 'certsnokid', ['kid' => $kid]);
        }
        return self::finding('sitekey', 'ok', 'sitekeyok', ['kid' => $kid, 'bits' => $details['bits']]);
    }

    /**
     * The findings of KAF's answers.
     *
     * @param array $probe lti_probe::run()
     * @param string $wwwroot Moodle's wwwroot
     * @param string $kafuri kaf_uri
     * @param string $clientid client id
     * @param string $expected the recorded thumbprint ('' when none)
     * @return array list of findings
     */
    public static function judge_probe(
        array $probe,
        string $wwwroot,
        string $kafuri,
        string $clientid,
        string $expected
    ): array {
        $k = $probe['keyset'];
        $o = $probe['oidc'];
        $out = [];
        $keyurl = $kafuri . lti_probe::KEYSET_PATH;
        switch ($k['problem']) {
            case '':
                $out[] = $expected === ''
                    ? self::finding('keyset', 'ok', 'keysetnoreference', ['thumbprint' => $k['thumbprint'], 'bits' => $k['bits']])
                    : self::finding('keyset', 'ok', 'keysetok', ['thumbprint' => $k['thumbprint'], 'bits' => $k['bits']]);
                break;
            case 'kafrequest':
                $out[] = self::finding('kaf', 'error', 'kafdown', ['uri' => $kafuri, 'error' => $k['error']]);
                // The login initiation failed for the same reason: one finding says it.
                return $out;
            case 'keysetchanged':
                $out[] = self::finding('keyset', 'warning', 'keysetchanged', ['was' => $expected, 'now' => $k['thumbprint'],
                    'url' => $keyurl]);
                break;
            case 'keysetweak':
                $out[] = self::finding('keyset', 'error', 'keysetweak', ['bits' => $k['bits'], 'url' => $keyurl]);
                break;
            case 'keysetstatus':
                $out[] = self::finding('keyset', 'error', 'keysetstatus', ['status' => $k['httpstatus'], 'url' => $keyurl]);
                break;
            default:
                $out[] = self::finding('keyset', 'error', $k['problem'], ['url' => $keyurl]);
        }

        $auth = $wwwroot . '/local/kaltura/auth.php';
        $redirect = $kafuri . '/hosted/index/oauth2-launch';
        $problems = $o['problems'];
        if ($o['error'] !== '') {
            $out[] = self::finding('kaf', 'error', 'kafdown', ['uri' => $kafuri, 'error' => $o['error']]);
        } else if ($problems === []) {
            $out[] = self::finding('oidc', 'ok', 'oidcok', ['auth' => $auth, 'clientid' => $clientid, 'redirect' => $redirect]);
        } else if (in_array('location', $problems, true)) {
            $out[] = self::finding('oidc', 'error', 'oidcnoredirect', ['status' => $o['httpstatus'],
                'excerpt' => $o['excerpt'], 'clientid' => $clientid, 'auth' => $auth]);
        } else {
            $location = $o['location'];
            if (in_array('target', $problems, true)) {
                $got = (string)strtok($location, '?');
                $out[] = self::finding('oidc', 'error', 'oidctarget', ['got' => $got, 'want' => $auth]);
            }
            if (in_array('client_id', $problems, true)) {
                $out[] = self::finding('oidc', 'error', 'oidcclientid', [
                    'got' => probe_rule::param($location, 'client_id'), 'want' => $clientid]);
            }
            if (in_array('redirect_uri', $problems, true)) {
                $out[] = self::finding('oidc', 'error', 'oidcredirect', [
                    'got' => probe_rule::param($location, 'redirect_uri'), 'want' => $redirect]);
            }
            $other = array_diff($problems, ['target', 'client_id', 'redirect_uri']);
            if ($other) {
                $out[] = self::finding('oidc', 'error', 'oidcother', ['problems' => implode(', ', $other)]);
            }
        }
        return $out;
    }

    /**
     * The worst status of a list of findings.
     *
     * @param array $findings findings
     * @return string
     */
    public static function worst(array $findings): string {
        $worst = 'ok';
        foreach ($findings as $f) {
            if (self::SEVERITY[$f['status']] > self::SEVERITY[$worst]) {
                $worst = $f['status'];
            }
        }
        return $worst;
    }

    /**
     * How long a result is reused, seconds.
     *
     * @return int
     */
    public static function ttl(): int {
        $ttl = get_config('tool_kalturalti13', 'statusttl');
        return $ttl === false || $ttl === '' ? self::DEFAULT_TTL : max(0, (int)$ttl);
    }

    /**
     * The cached result, or null when there is none or it is older than ttl().
     *
     * @return array|null
     */
    public static function cached(): ?array {
        $r = \cache::make('tool_kalturalti13', self::CACHE)->get(self::KEY);
        if (!is_array($r) || !isset($r['time']) || $r['time'] + self::ttl() <= time()) {
            return null;
        }
        return $r;
    }

    /**
     * The latest result: the cached one while fresh, else a new check (stored in the cache).
     *
     * @return array
     */
    public static function latest(): array {
        return self::cached() ?? self::refresh();
    }

    /**
     * Checks now and stores the result in the cache.
     *
     * @param http_transport|null $transport client (tests)
     * @return array
     */
    public static function refresh(?http_transport $transport = null): array {
        $r = self::check($transport);
        // The findings say all; KAF's raw answers (a redirect with its state and nonce) are not kept.
        \cache::make('tool_kalturalti13', self::CACHE)->set(self::KEY, ['probe' => null] + $r);
        return $r;
    }

    /**
     * Drops the cached result (the settings or KAF changed through this tool).
     */
    public static function forget(): void {
        \cache::make('tool_kalturalti13', self::CACHE)->delete(self::KEY);
    }

    /**
     * Observer of \core\event\config_log_created (db/events.php): a setting the check reads changed (the Kaltura
     * settings page, mod_lti's settings), so the cached result is dropped.
     *
     * @param \core\event\config_log_created $event the event
     */
    public static function config_changed(\core\event\config_log_created $event): void {
        if (in_array($event->other['plugin'] ?? '', ['local_kaltura', 'mod_lti'], true)) {
            self::forget();
        }
    }
}
