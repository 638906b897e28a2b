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
 * Where the shim may go: the KAF origin from kaf_uri, the allowed methods and paths, redirects (the addresses a KAF
 * host may resolve to are address_policy's).
 *
 * Plain PHP, no Moodle calls: tested in tests/unit without a Moodle site.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class url_policy {
    /** Paths allowed exactly. */
    private const EXACT_PATHS = ['/version', '/admin', '/hosted/index/lti-advantage-key-set', '/hosted/index/oidc-init'];

    /** Path prefixes allowed (the KAF admin console). */
    private const PREFIX_PATHS = ['/admin/'];

    /** Longest path (with query) we send. */
    private const MAX_PATH = 2048;

    /**
     * Parses and checks a kaf_uri: only scheme://host[:port], https (http only with the test flag),
     * a DNS host name (IP literals only with the test flag, and then only in canonical form).
     *
     * @param string $uri the value of local_kaltura/kaf_uri
     * @param bool $insecure the config.php test flag
     * @return array ['scheme' => string, 'host' => string, 'port' => int, 'origin' => string, 'ip' => bool]
     * @throws policy_exception kafuribad with a rule key in $a
     */
    public static function parse_kaf_uri(string $uri, bool $insecure): array {
        if ($uri === '') {
            throw new policy_exception('kafuribad', 'empty');
        }
        if (preg_match('/[\x00-\x20\x7f-\xff]/', $uri)) {
            throw new policy_exception('kafuribad', 'space');
        }
        if (!preg_match('~^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$~D', $uri, $m)) {
            throw new policy_exception('kafuribad', 'scheme');
        }
        $scheme = $m[1];
        $rest = $m[2];
        if ($scheme !== 'https' && !($insecure && $scheme === 'http')) {
            throw new policy_exception('kafuribad', 'scheme');
        }
        if (strpos($rest, '@') !== false) {
            throw new policy_exception('kafuribad', 'userinfo');
        }
        if (preg_match('~[/?#\\\\]~', $rest)) {
            throw new policy_exception('kafuribad', 'path');
        }
        if (!preg_match('~^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$~D', $rest, $h)) {
            throw new policy_exception('kafuribad', 'host');
        }
        $host = strtolower($h[1]);
        $port = isset($h[2]) ? (int)$h[2] : ($scheme === 'https' ? 443 : 80);
        if ($port < 1 || $port > 65535) {
            throw new policy_exception('kafuribad', 'port');
        }
        $ip = false;
        if ($host[0] === '[') {
            $literal = substr($host, 1, -1);
            if (!$insecure || filter_var($literal, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6) === false) {
                throw new policy_exception('kafuribad', 'iplit');
            }
            $ip = true;
        } else if (self::looks_numeric($host)) {
            if (!$insecure || !self::is_canonical_ipv4($host)) {
                throw new policy_exception('kafuribad', 'iplit');
            }
            $ip = true;
        } else if (!self::is_host_name($host)) {
            throw new policy_exception('kafuribad', 'host');
        }
        $defaultport = $scheme === 'https' ? 443 : 80;
        $origin = $scheme . '://' . $host . ($port === $defaultport ? '' : ':' . $port);
        return ['scheme' => $scheme, 'host' => $host, 'port' => $port, 'origin' => $origin, 'ip' => $ip];
    }

    /**
     * The host[:port] a kaf_uri names, read leniently (spaces, an http or https scheme or none, a path or trailing
     * slash, upper case), the way the page offers its correction; null when it names none. Two values with the same
     * host are one KAF: a corrected kaf_uri may be used for a run's session before it is saved, and a rollback may
     * put the value as it was back.
     *
     * @param string $uri a kaf_uri, as stored or corrected
     * @return string|null lower-case host[:port]
     */
    public static function kaf_host_of(string $uri): ?string {
        $s = preg_replace('/\s+/', '', $uri);
        $s = preg_replace('~^https?://~i', '', $s);
        $s = strtolower(preg_split('~[/?#]~', $s, 2)[0]);
        if (
            $s === '' || strpos($s, '@') !== false || strpos($s, '://') !== false
                || !preg_match('~^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:[0-9]{1,5})?$~D', $s)
        ) {
            return null;
        }
        return $s;
    }

    /**
     * Whether two kaf_uri values name the same KAF (kaf_host_of).
     *
     * @param string $a one value
     * @param string $b the other
     * @return bool
     */
    public static function same_kaf(string $a, string $b): bool {
        $ha = self::kaf_host_of($a);
        return $ha !== null && $ha === self::kaf_host_of($b);
    }

    /**
     * Whether a host name is a syntactically valid DNS name (letters, digits, hyphens; labels of 1-63).
     *
     * @param string $host lower-case host
     * @return bool
     */
    public static function is_host_name(string $host): bool {
        if (strlen($host) > 253 || $host === '') {
            return false;
        }
        foreach (explode('.', $host) as $label) {
            if (!preg_match('/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/D', $label)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a host looks like an IPv4 address in any notation a resolver may accept
     * (dotted, decimal, octal, hex, shortened): its last label is numeric or hex.
     *
     * @param string $host lower-case host
     * @return bool
     */
    public static function looks_numeric(string $host): bool {
        $labels = explode('.', rtrim($host, '.'));
        $last = end($labels);
        return (bool)preg_match('/^(0x[0-9a-f]*|[0-9]+)$/D', $last);
    }

    /**
     * Whether a string is an IPv4 address in canonical dotted-quad form (no leading zeros).
     *
     * @param string $host host
     * @return bool
     */
    public static function is_canonical_ipv4(string $host): bool {
        $octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
        return (bool)preg_match('/^' . $octet . '(\.' . $octet . '){3}$/D', $host);
    }

    /**
     * Checks a request the page or the shim asks for: the method (GET or POST) and the path (check_path). The one
     * home of both rules: kaf_request and the door call it.
     *
     * @param string $method method
     * @param string $path path with optional query
     * @throws policy_exception kafmethodrefused, kafpathrefused
     */
    public static function check_request(string $method, string $path): void {
        if ($method !== 'GET' && $method !== 'POST') {
            throw new policy_exception('kafmethodrefused', $method);
        }
        self::check_path($path);
    }

    /**
     * Checks a path (with optional query) asked for by the page: absolute, plain characters, no dot segments,
     * no percent-encoding in the path part, on the allow-list.
     *
     * @param string $path e.g. /admin/config/tab/hosted or /hosted/index/oidc-init?client_id=x
     * @return string the same path, accepted
     * @throws policy_exception kafpathrefused
     */
    public static function check_path(string $path): string {
        if ($path === '' || strlen($path) > self::MAX_PATH || $path[0] !== '/' || (isset($path[1]) && $path[1] === '/')) {
            throw new policy_exception('kafpathrefused', self::shown_path($path));
        }
        $qpos = strpos($path, '?');
        $p = $qpos === false ? $path : substr($path, 0, $qpos);
        $q = $qpos === false ? '' : substr($path, $qpos + 1);
        if (!preg_match('#^(/[A-Za-z0-9._~-]+)*/?$#D', $p)) {
            throw new policy_exception('kafpathrefused', self::shown_path($path));
        }
        foreach (explode('/', $p) as $segment) {
            if ($segment === '.' || $segment === '..') {
                throw new policy_exception('kafpathrefused', self::shown_path($path));
            }
        }
        if ($q !== '' && !preg_match("~^([A-Za-z0-9._\~=&+:/,;@!$*()'-]|%[0-9A-Fa-f]{2})*$~D", $q)) {
            throw new policy_exception('kafpathrefused', self::shown_path($path));
        }
        if (!self::path_on_list($p)) {
            throw new policy_exception('kafpathrefused', self::shown_path($path));
        }
        return $path;
    }

    /** Longest path part named in a message. */
    private const SHOWN_PATH = 80;

    /**
     * A path as a message may name it: its path part only (never the query, where fields go), cut to SHOWN_PATH
     * characters, and nothing of it when it holds key material.
     *
     * @param string $path a path the page or KAF gave
     * @return string
     */
    public static function shown_path(string $path): string {
        $p = explode('?', $path, 2)[0];
        if (strlen($p) > self::SHOWN_PATH) {
            $p = substr($p, 0, self::SHOWN_PATH) . '...';
        }
        $p = mb_scrub($p, 'UTF-8');
        return redactor::holds_key($p) || redactor::tokens_in($p) ? redactor::TRUNCATED : $p;
    }

    /**
     * Whether a path (no query) is on the allow-list.
     *
     * @param string $p path
     * @return bool
     */
    public static function path_on_list(string $p): bool {
        if (in_array($p, self::EXACT_PATHS, true)) {
            return true;
        }
        foreach (self::PREFIX_PATHS as $prefix) {
            if (strpos($p, $prefix) === 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a path needs a logged-in KAF session (the admin console).
     *
     * @param string $path path with optional query
     * @return bool
     */
    public static function needs_session(string $path): bool {
        $p = strtok($path, '?');
        return $p === '/admin' || strpos($p, '/admin/') === 0;
    }

    /**
     * Resolves a redirect target against the current request and decides whether it may be followed.
     *
     * @param array $origin parse_kaf_uri() result
     * @param string $currentpath the path just requested
     * @param string $location the Location header
     * @return array ['follow' => bool, 'path' => string (when follow), 'url' => string (absolute, for reporting)]
     */
    public static function resolve_redirect(array $origin, string $currentpath, string $location): array {
        $location = trim($location);
        $refused = ['follow' => false, 'path' => '', 'url' => $location];
        if ($location === '' || preg_match('/[\x00-\x20\x7f\\\\]/', $location)) {
            return $refused;
        }
        if (strpos($location, '//') === 0) {
            $location = $origin['scheme'] . ':' . $location;
            $refused['url'] = $location;
        }
        if (preg_match('~^[A-Za-z][A-Za-z0-9+.-]*:~', $location)) {
            $parts = parse_url($location);
            if (
                $parts === false
                || !isset($parts['scheme'], $parts['host'])
                || isset($parts['user'])
                || isset($parts['pass'])
                || strpos(substr($location, strlen($parts['scheme']) + 3), '@') !== false
            ) {
                return $refused;
            }
            $scheme = strtolower($parts['scheme']);
            $host = strtolower($parts['host']);
            $port = $parts['port'] ?? ($scheme === 'https' ? 443 : ($scheme === 'http' ? 80 : 0));
            if ($scheme !== $origin['scheme'] || $host !== $origin['host'] || (int)$port !== $origin['port']) {
                return $refused;
            }
            $path = ($parts['path'] ?? '/') . (isset($parts['query']) ? '?' . $parts['query'] : '');
        } else if ($location[0] === '/') {
            $path = $location;
        } else {
            $dir = strtok($currentpath, '?');
            $dir = substr($dir, 0, strrpos($dir, '/') + 1);
            $path = $dir . $location;
        }
        $hash = strpos($path, '#');
        if ($hash !== false) {
            $path = substr($path, 0, $hash);
        }
        $url = $origin['origin'] . $path;
        try {
            self::check_path($path);
        } catch (policy_exception $e) {
            return ['follow' => false, 'path' => '', 'url' => $url];
        }
        return ['follow' => true, 'path' => $path, 'url' => $url];
    }
}
