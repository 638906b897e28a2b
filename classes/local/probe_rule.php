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
 * The rule of the LTI 1.3 probe, in one place: what KAF's key set and its OIDC login initiation must answer.
 *
 * Plain PHP, no Moodle calls and no I/O: the engine's verification (through the lti_probe external function) and
 * the status check both judge KAF's answers here. Tested in tests/unit without a Moodle site.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class probe_rule {
    /** The login hint (and message hint) of a probe: no Moodle user has it, so nobody can be logged in by it. */
    public const LOGIN_HINT = 'tool_kalturalti13-probe';

    /** Smallest RSA modulus accepted, in bits. */
    public const MIN_RSA_BITS = 2048;

    /** Every parameter local/kaltura/auth.php reads with its exact value (docs/platform.md §2.1). */
    private const OIDC_PROBLEMS = ['location', 'target', 'scope', 'response_type', 'response_mode', 'client_id', 'redirect_uri',
        'login_hint', 'lti_message_hint', 'prompt', 'nonce', 'state'];

    /**
     * Base64url without padding.
     *
     * @param string $bytes raw bytes
     * @return string
     */
    public static function b64url(string $bytes): string {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /**
     * Decodes base64url (padding optional); null when it is not base64url.
     *
     * @param string $text text
     * @return string|null raw bytes
     */
    public static function b64url_decode(string $text): ?string {
        if ($text === '' || !preg_match('/^[A-Za-z0-9_-]+$/D', $text)) {
            return null;
        }
        $raw = base64_decode(strtr($text, '-_', '+/'), true);
        return $raw === false ? null : $raw;
    }

    /**
     * The RFC 7638 thumbprint of an RSA public key: SHA-256 of {"e","kty","n"} in that order, no spaces, base64url.
     *
     * @param string $n modulus, base64url
     * @param string $e exponent, base64url
     * @return string
     */
    public static function rsa_thumbprint(string $n, string $e): string {
        $json = '{"e":' . json_encode($e) . ',"kty":"RSA","n":' . json_encode($n) . '}';
        return self::b64url(hash('sha256', $json, true));
    }

    /**
     * A base64url big-endian integer without leading zero bytes.
     *
     * @param string $value base64url
     * @return string
     */
    public static function canonical(string $value): string {
        $raw = ltrim((string)self::b64url_decode($value), "\0");
        return self::b64url($raw === '' ? "\0" : $raw);
    }

    /**
     * The size of an RSA modulus in bits (leading zero bytes not counted).
     *
     * @param string $n modulus, base64url
     * @return int 0 when it is not base64url
     */
    public static function rsa_bits(string $n): int {
        $raw = self::b64url_decode($n);
        if ($raw === null) {
            return 0;
        }
        $raw = ltrim($raw, "\0");
        if ($raw === '') {
            return 0;
        }
        return (strlen($raw) - 1) * 8 + strlen(decbin(ord($raw[0])));
    }

    /**
     * Whether a thumbprint has the form of one (43 base64url characters: SHA-256).
     *
     * @param string $thumbprint text
     * @return bool
     */
    public static function is_thumbprint(string $thumbprint): bool {
        return (bool)preg_match('/^[A-Za-z0-9_-]{43}$/D', $thumbprint);
    }

    /**
     * Judges KAF's key set (/hosted/index/lti-advantage-key-set).
     *
     * @param int $status HTTP status
     * @param string $body the body
     * @param string $expected the thumbprint it must hold ('' when there is none to compare with)
     * @return array problem ('' when right; keysetstatus, keysetjson, keysetempty, keysetweak, keysetchanged),
     *               keys (list of kid, kty, bits, thumbprint; RSA keys have a thumbprint), thumbprint (of the key that
     *               passes: the expected one, else the first usable), bits, kid, matched (null when nothing was expected)
     */
    public static function judge_keyset(int $status, string $body, string $expected): array {
        $out = ['problem' => '', 'keys' => [], 'thumbprint' => '', 'bits' => 0, 'kid' => '',
            'matched' => $expected === '' ? null : false];
        if ($status !== 200) {
            $out['problem'] = 'keysetstatus';
            return $out;
        }
        $json = json_decode($body, true);
        if (!is_array($json) || !isset($json['keys']) || !is_array($json['keys'])) {
            $out['problem'] = 'keysetjson';
            return $out;
        }
        $usable = [];
        foreach ($json['keys'] as $key) {
            if (!is_array($key)) {
                continue;
            }
            $kty = is_string($key['kty'] ?? null) ? $key['kty'] : '';
            $kid = is_scalar($key['kid'] ?? null) ? (string)$key['kid'] : '';
            $row = ['kid' => $kid, 'kty' => $kty, 'bits' => 0, 'thumbprint' => ''];
            $n = is_string($key['n'] ?? null) ? $key['n'] : '';
            $e = is_string($key['e'] ?? null) ? $key['e'] : '';
            if ($kty === 'RSA' && self::b64url_decode($n) !== null && self::b64url_decode($e) !== null) {
                $row['bits'] = self::rsa_bits($n);
                // RFC 7518 forbids leading zero bytes in n and e; a publisher that adds them still means the same
                // key, so the thumbprint is taken of the canonical form (as the engine computes it from the PEM).
                $row['thumbprint'] = self::rsa_thumbprint(self::canonical($n), self::canonical($e));
                if ($row['bits'] >= self::MIN_RSA_BITS) {
                    $usable[] = $row;
                }
            }
            $out['keys'][] = $row;
        }
        $rsa = array_filter($out['keys'], function (array $k): bool {
            return $k['thumbprint'] !== '';
        });
        if (!$rsa) {
            $out['problem'] = 'keysetempty';
            return $out;
        }
        if (!$usable) {
            $first = reset($rsa);
            $out['bits'] = $first['bits'];
            $out['thumbprint'] = $first['thumbprint'];
            $out['kid'] = $first['kid'];
            $out['problem'] = 'keysetweak';
            return $out;
        }
        $pick = $usable[0];
        if ($expected !== '') {
            $out['matched'] = false;
            foreach ($usable as $row) {
                if ($row['thumbprint'] === $expected) {
                    $pick = $row;
                    $out['matched'] = true;
                }
            }
            if (!$out['matched']) {
                $out['problem'] = 'keysetchanged';
            }
        }
        $out['thumbprint'] = $pick['thumbprint'];
        $out['bits'] = $pick['bits'];
        $out['kid'] = $pick['kid'];
        return $out;
    }

    /**
     * The query of the OIDC login initiation Moodle would send to KAF, with the probe's login hint.
     *
     * @param string $wwwroot Moodle's wwwroot (the issuer)
     * @param string $kafuri local_kaltura/kaf_uri
     * @param string $clientid local_kaltura/client_id
     * @return array list of ['name' => string, 'value' => string]
     */
    public static function oidc_params(string $wwwroot, string $kafuri, string $clientid): array {
        return [
            ['name' => 'iss', 'value' => $wwwroot],
            ['name' => 'login_hint', 'value' => self::LOGIN_HINT],
            ['name' => 'target_link_uri', 'value' => $kafuri . '/hosted/index/oauth2-launch'],
            ['name' => 'lti_message_hint', 'value' => self::LOGIN_HINT],
            ['name' => 'client_id', 'value' => $clientid],
        ];
    }

    /**
     * scheme://host[:port]/path of a URL with the scheme and host in lower case and a default port dropped
     * (as a browser compares them); null when it is not an absolute http(s) URL.
     *
     * @param string $url URL
     * @return string|null
     */
    public static function origin_path(string $url): ?string {
        $p = @parse_url($url);
        if (!is_array($p) || !isset($p['scheme'], $p['host']) || isset($p['user']) || isset($p['pass'])) {
            return null;
        }
        $scheme = strtolower($p['scheme']);
        if ($scheme !== 'https' && $scheme !== 'http') {
            return null;
        }
        $port = isset($p['port']) && (int)$p['port'] !== ($scheme === 'https' ? 443 : 80) ? ':' . (int)$p['port'] : '';
        return $scheme . '://' . strtolower($p['host']) . $port . ($p['path'] ?? '/');
    }

    /**
     * The query parameters of a URL: name => list of values, decoded as a browser's URLSearchParams does.
     *
     * @param string $url URL
     * @return array
     */
    public static function query_params(string $url): array {
        $query = (string)parse_url($url, PHP_URL_QUERY);
        $out = [];
        if ($query === '') {
            return $out;
        }
        foreach (explode('&', $query) as $pair) {
            if ($pair === '') {
                continue;
            }
            $kv = explode('=', $pair, 2);
            $out[urldecode($kv[0])][] = urldecode($kv[1] ?? '');
        }
        return $out;
    }

    /**
     * What is wrong with the redirect KAF's OIDC login initiation answered with, judged as local/kaltura/auth.php
     * judges the request: the target is Moodle's auth.php; scope=openid; response_type=id_token;
     * response_mode=form_post; prompt empty or none; client_id is Moodle's; redirect_uri is KAF's launch URL
     * exactly; the hints come back as sent; nonce and state present. Each parameter auth.php reads must appear once.
     *
     * @param string $location the redirect target ('' when KAF did not redirect off its host)
     * @param string $wwwroot Moodle's wwwroot
     * @param string $kafuri local_kaltura/kaf_uri
     * @param string $clientid local_kaltura/client_id
     * @return string[] names from OIDC_PROBLEMS; empty when right
     */
    public static function oidc_problems(string $location, string $wwwroot, string $kafuri, string $clientid): array {
        $target = $location === '' ? null : self::origin_path($location);
        if ($target === null) {
            return ['location'];
        }
        $q = self::query_params($location);
        $one = function (string $name) use ($q): ?string {
            return isset($q[$name]) && count($q[$name]) === 1 ? $q[$name][0] : null;
        };
        $problems = [];
        if ($target !== self::origin_path(rtrim($wwwroot, '/') . '/local/kaltura/auth.php')) {
            $problems[] = 'target';
        }
        $exact = [
            'scope' => 'openid',
            'response_type' => 'id_token',
            'response_mode' => 'form_post',
            'client_id' => $clientid,
            'redirect_uri' => $kafuri . '/hosted/index/oauth2-launch',
            'login_hint' => self::LOGIN_HINT,
            'lti_message_hint' => self::LOGIN_HINT,
        ];
        $names = ['scope', 'response_type', 'response_mode', 'client_id', 'redirect_uri', 'login_hint', 'lti_message_hint'];
        foreach ($names as $name) {
            if ($one($name) !== $exact[$name]) {
                $problems[] = $name;
            }
        }
        $prompt = $q['prompt'] ?? [];
        if (count($prompt) > 1 || !in_array($prompt[0] ?? '', ['', 'none'], true)) {
            $problems[] = 'prompt';
        }
        foreach (['nonce', 'state'] as $name) {
            if ((string)$one($name) === '') {
                $problems[] = $name;
            }
        }
        return $problems;
    }

    /**
     * The first value of a query parameter of a URL ('' when absent), for messages.
     *
     * @param string $url URL
     * @param string $name parameter
     * @return string
     */
    public static function param(string $url, string $name): string {
        return self::query_params($url)[$name][0] ?? '';
    }
}
