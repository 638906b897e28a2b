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

namespace tool_kalturalti13\local\kaf;

use tool_kalturalti13\local\address_policy;
use tool_kalturalti13\local\http_transport;
use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\redactor;
use tool_kalturalti13\local\url_policy;

/**
 * The one door to KAF: every request the shim makes to KAF goes through here.
 *
 * - https only (http only with the config.php test flag), to kaf_uri's host and port only;
 * - methods and paths as url_policy allows them;
 * - the host name resolved once; private, loopback, link-local and metadata addresses refused
 *   (loopback and private only let through by the test flag); the address pinned for the connection;
 * - redirects followed only within the host (at most 3, each re-checked); any other target reported, not followed;
 * - connect and total timeouts, a body size cap;
 * - the KAF session cookies in a cookie_jar (the caller keeps them in session_store);
 * - PEM private keys in responses replaced by tokens; tokens in posted fields replaced by the key they stand for.
 *
 * It takes its HTTP client in the constructor, so tests hand it one. No Moodle calls here.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class door {
    /** Most redirects followed within the KAF host. */
    public const MAX_REDIRECTS = 3;

    /** Connect timeout, seconds. */
    public const CONNECT_TIMEOUT = 10;

    /** Total timeout per request, seconds. */
    public const TIMEOUT = 30;

    /** Response body cap, bytes. */
    public const MAX_BYTES = 2097152;

    /** curl error numbers (CURLE_*) of a TLS failure: kaftlserror. */
    private const TLS_ERRNOS = [35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91];

    /** @var http_transport the HTTP client */
    protected $transport;

    /** @var array the KAF origin (url_policy::parse_kaf_uri) */
    protected $origin;

    /** @var bool the test flag */
    protected $insecure;

    /** @var callable host name => list of addresses */
    protected $resolver;

    /** @var string[]|null the pinned address (resolved once) */
    protected $pinned = null;

    /** @var cookie_jar the KAF session cookies */
    protected $jar;

    /** @var callable|null (string $ip, int $port) => bool: the site's own host rules (Moodle's curl security) */
    protected $sitecheck = null;

    /** @var callable|null token => PEM (or null when unknown) */
    protected $secretlookup = null;

    /** @var int connect timeout, seconds */
    protected $connecttimeout = self::CONNECT_TIMEOUT;

    /** @var int total timeout per request, seconds */
    protected $timeout = self::TIMEOUT;

    /**
     * Constructor.
     *
     * @param http_transport $transport the HTTP client
     * @param string $kafuri local_kaltura/kaf_uri
     * @param bool $insecure the config.php test flag ($CFG->tool_kalturalti13_allow_insecure_kaf)
     * @param callable|null $resolver host => string[] addresses; default DNS
     * @throws policy_exception kafuribad
     */
    public function __construct(http_transport $transport, string $kafuri, bool $insecure, ?callable $resolver = null) {
        $this->transport = $transport;
        $this->insecure = $insecure;
        $this->origin = url_policy::parse_kaf_uri($kafuri, $insecure);
        $this->resolver = $resolver ?? [address_policy::class, 'dns_resolve'];
        $this->jar = new cookie_jar();
    }

    /**
     * The KAF origin this door is bound to.
     *
     * @return array
     */
    public function get_origin(): array {
        return $this->origin;
    }

    /**
     * The KAF session cookies (filled from the store, changed by every response).
     *
     * @return cookie_jar
     */
    public function jar(): cookie_jar {
        return $this->jar;
    }

    /**
     * Fills the jar with the cookies kept for this origin (session_store).
     *
     * @param array $cookies name => value
     */
    public function set_cookies(array $cookies): void {
        $this->jar = new cookie_jar($cookies);
    }

    /**
     * Adds the site's own rules (curlsecurityblockedhosts/allowedport): the pinned address must pass them too.
     *
     * @param callable $check (string $ip, int $port) => bool allowed
     */
    public function set_site_check(callable $check): void {
        $this->sitecheck = $check;
    }

    /**
     * Sets how a secret token in a posted field is turned back into its PEM.
     *
     * @param callable $lookup token => ?string
     */
    public function set_secret_lookup(callable $lookup): void {
        $this->secretlookup = $lookup;
    }

    /**
     * Shortens the timeouts (the status check must not hold System status up for a minute when KAF is down).
     *
     * @param int $connect connect timeout, seconds (at most CONNECT_TIMEOUT)
     * @param int $total total per request, seconds (at most TIMEOUT)
     */
    public function set_timeouts(int $connect, int $total): void {
        $this->connecttimeout = max(1, min($connect, self::CONNECT_TIMEOUT));
        $this->timeout = max(1, min($total, self::TIMEOUT));
    }

    /**
     * Resolves the KAF host once, refuses it if any address is not allowed, and returns the pin for curl.
     *
     * @return string[] CURLOPT_RESOLVE entries
     * @throws policy_exception kafunreachable, kafhostrefused
     */
    protected function pin(): array {
        if ($this->pinned !== null) {
            return $this->pinned;
        }
        $host = $this->origin['host'];
        $ips = $this->origin['ip'] ? [trim($host, '[]')] : call_user_func($this->resolver, $host);
        if (!$ips) {
            throw new policy_exception('kafunreachable', $host);
        }
        foreach ($ips as $ip) {
            // The address policy, and the site's own rules for the address and port actually connected to.
            $site = $this->sitecheck === null || call_user_func($this->sitecheck, $ip, (int)$this->origin['port']);
            if (!address_policy::allowed($ip, $this->insecure) || !$site) {
                throw new policy_exception('kafhostrefused', $host);
            }
        }
        if ($this->origin['ip']) {
            return $this->pinned = [];
        }
        $pinip = strpos($ips[0], ':') !== false ? '[' . $ips[0] . ']' : $ips[0];
        return $this->pinned = [$host . ':' . $this->origin['port'] . ':' . $pinip];
    }

    /**
     * Encodes fields as application/x-www-form-urlencoded, order and repeats kept, a posted field's token replaced
     * by its key (secret_rule::check has refused every other place of a token).
     *
     * @param array $fields list of ['name' => string, 'value' => string]
     * @return string
     * @throws policy_exception secretunknown
     */
    protected function encode_fields(array $fields): string {
        $parts = [];
        foreach ($fields as $field) {
            $name = (string)($field['name'] ?? '');
            $value = (string)($field['value'] ?? '');
            $token = secret_rule::whole_token($value);
            if ($token !== null) {
                $pem = $this->secretlookup ? call_user_func($this->secretlookup, $token) : null;
                if ($pem === null) {
                    throw new policy_exception('secretunknown');
                }
                $value = $pem . substr($value, strlen($token));
            }
            $parts[] = urlencode($name) . '=' . urlencode($value);
        }
        return implode('&', $parts);
    }

    /**
     * One request to KAF (with redirects within the KAF host).
     *
     * @param string $method GET or POST
     * @param string $path an allowed path, optionally with a query
     * @param array $fields list of ['name' => string, 'value' => string]
     * @return array status, finalpath, contenttype, body (redacted), truncated, location, secrets (token => PEM)
     * @throws policy_exception kafmethodrefused, kafpathrefused, kafhostrefused, kafunreachable, kaftimeout, kaftlserror,
     *                          secretunknown
     */
    public function request(string $method, string $path, array $fields = []): array {
        secret_rule::check($method, $path, $fields);
        url_policy::check_request($method, $path);
        $encoded = $this->encode_fields($fields);
        if ($method === 'GET' && $encoded !== '') {
            $path .= (strpos($path, '?') === false ? '?' : '&') . $encoded;
            url_policy::check_path($path);
            $encoded = '';
        }
        $resolve = $this->pin();
        $redirects = 0;
        $location = '';
        while (true) {
            $r = $this->send_one($method, $path, $encoded, $resolve);
            $target = self::header_of($r['headers'], 'location');
            if (!in_array($r['status'], [301, 302, 303, 307, 308], true) || $target === null) {
                break;
            }
            $next = url_policy::resolve_redirect($this->origin, $path, $target);
            if (!$next['follow'] || $redirects >= self::MAX_REDIRECTS) {
                $location = $next['url'];
                break;
            }
            $redirects++;
            $path = $next['path'];
            if ($r['status'] !== 307 && $r['status'] !== 308) {
                $method = 'GET';
                $encoded = '';
            }
        }
        $contenttype = (string)self::header_of($r['headers'], 'content-type');
        [$body, $secrets] = secret_rule::redacted_body($r['body'], $contenttype, $path);
        return [
            'status' => $r['status'],
            'finalpath' => redactor::scrub_url($path),
            'contenttype' => $contenttype,
            'body' => $body,
            'truncated' => (bool)$r['truncated'],
            'location' => redactor::scrub_url($location),
            'secrets' => $secrets,
        ];
    }

    /**
     * The last value of a response header.
     *
     * @param array $headers list of [lower-case name, value]
     * @param string $want lower-case name
     * @return string|null
     */
    private static function header_of(array $headers, string $want): ?string {
        $found = null;
        foreach ($headers as [$name, $value]) {
            if ($name === $want) {
                $found = $value;
            }
        }
        return $found;
    }

    /**
     * Sends one request through the transport and takes the cookies it sets.
     *
     * @param string $method GET or POST
     * @param string $path checked path
     * @param string $body urlencoded body
     * @param array $resolve CURLOPT_RESOLVE pins
     * @return array transport result
     * @throws policy_exception on a transport failure
     */
    protected function send_one(string $method, string $path, string $body, array $resolve): array {
        $headers = ['Accept: text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8'];
        $cookie = $this->jar->header();
        if ($cookie !== null) {
            $headers[] = $cookie;
        }
        $r = $this->transport->send($method, $this->origin['origin'] . $path, $headers, $body, [
            'resolve' => $resolve,
            'connecttimeout' => $this->connecttimeout,
            'timeout' => $this->timeout,
            'maxbytes' => self::MAX_BYTES,
            // The test flag relaxes only the address rules; TLS peer and host are verified on every site.
            'verifytls' => true,
        ]);
        if (!empty($r['blocked'])) {
            throw new policy_exception('kafhostrefused', $this->origin['host']);
        }
        if (!empty($r['errno'])) {
            throw new policy_exception(self::error_code((int)$r['errno']), $this->origin['host']);
        }
        if (empty($r['status'])) {
            throw new policy_exception('kafunreachable', $this->origin['host']);
        }
        foreach ($r['headers'] as [$name, $value]) {
            if ($name === 'set-cookie') {
                $this->jar->take($value);
            }
        }
        return $r;
    }

    /**
     * Maps a curl error number to our error code.
     *
     * @param int $errno CURLE_* number
     * @return string kaftimeout, kaftlserror or kafunreachable
     */
    public static function error_code(int $errno): string {
        if ($errno === 28) { // CURLE_OPERATION_TIMEDOUT.
            return 'kaftimeout';
        }
        return in_array($errno, self::TLS_ERRNOS, true) ? 'kaftlserror' : 'kafunreachable';
    }
}
