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

namespace tool_kalturalti13\unit;

/**
 * Bad inputs shared by the plain PHP tier and the Moodle tier.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class bad_inputs {
    /**
     * Bad save_settings changes: [changes, expected error code].
     *
     * @return array
     */
    public static function settings(): array {
        $one = function (string $name, $value): array {
            return [[['name' => $name, 'value' => $value]], 'settinginvalid'];
        };
        return [
            'kaf_uri http' => $one('kaf_uri', 'http://1.kaf.kaltura.com'),
            'kaf_uri trailing slash' => $one('kaf_uri', 'https://1.kaf.kaltura.com/'),
            'kaf_uri path' => $one('kaf_uri', 'https://1.kaf.kaltura.com/admin'),
            'kaf_uri space' => $one('kaf_uri', 'https://1.kaf.kaltura.com '),
            'kaf_uri leading space' => $one('kaf_uri', ' https://1.kaf.kaltura.com'),
            'kaf_uri no scheme' => $one('kaf_uri', '1.kaf.kaltura.com'),
            'kaf_uri userinfo' => $one('kaf_uri', 'https://kaf@evil.example'),
            'kaf_uri query' => $one('kaf_uri', 'https://1.kaf.kaltura.com?a=b'),
            'kaf_uri empty' => $one('kaf_uri', ''),
            'kaf_uri ip' => $one('kaf_uri', 'https://127.0.0.1'),
            'kaf_uri decimal ip' => $one('kaf_uri', 'https://2130706433'),
            'kaf_uri javascript' => $one('kaf_uri', 'javascript:alert(1)'),
            'kaf_uri file' => $one('kaf_uri', 'file:///etc/passwd'),
            'kaf_uri newline' => $one('kaf_uri', "https://1.kaf.kaltura.com\nX"),
            'lti_version 1.1' => $one('lti_version', '1.1'),
            'lti_version lower' => $one('lti_version', 'lti-1p0'),
            'lti_version 2' => $one('lti_version', 'LTI-2p0'),
            'lti_version empty' => $one('lti_version', ''),
            'partner_id empty' => $one('partner_id', ''),
            'partner_id zero' => $one('partner_id', '0'),
            'partner_id negative' => $one('partner_id', '-5'),
            'partner_id letters' => $one('partner_id', '12a'),
            'partner_id float' => $one('partner_id', '1.5'),
            'partner_id leading zero' => $one('partner_id', '012'),
            'partner_id huge' => $one('partner_id', str_repeat('9', 30)),
            'partner_id space' => $one('partner_id', ' 12'),
            'enable_logging 2' => $one('enable_logging', '2'),
            'enable_logging yes' => $one('enable_logging', 'yes'),
            'enable_submission empty' => $one('enable_submission', ''),
            'enable_submission true' => $one('enable_submission', 'true'),
            'uri path' => $one('uri', 'www.kaltura.com/api'),
            'uri space' => $one('uri', 'www kaltura.com'),
            'uri empty' => $one('uri', ''),
            'uri script' => $one('uri', '<script>'),
            'twice' => [[['name' => 'partner_id', 'value' => '5'], ['name' => 'partner_id', 'value' => '6']], 'settinginvalid'],
            'unknown name' => [[['name' => 'adminsecret', 'value' => 'x']], 'settingunknown'],
            'unknown client_id' => [[['name' => 'client_id', 'value' => 'abc']], 'settingunknown'],
            'unknown empty name' => [[['name' => '', 'value' => '1']], 'settingunknown'],
            'guest_support absent' => [[['name' => 'guest_support', 'value' => '1']], 'settingunknown'],
            'good then bad' => [[['name' => 'partner_id', 'value' => '7'], ['name' => 'lti_version', 'value' => 'x']],
                'settinginvalid'],
            'good then unknown' => [[['name' => 'enable_logging', 'value' => '1'], ['name' => 'foo', 'value' => '1']],
                'settingunknown'],
        ];
    }

    /**
     * Bad kaf_request inputs: [method, path, expected error code].
     *
     * @return array
     */
    public static function requests(): array {
        return [
            'method PUT' => ['PUT', '/admin', 'kafmethodrefused'],
            'method DELETE' => ['DELETE', '/admin', 'kafmethodrefused'],
            'method lower get' => ['get', '/admin', 'kafmethodrefused'],
            'method empty' => ['', '/admin', 'kafmethodrefused'],
            'method HEAD' => ['HEAD', '/version', 'kafmethodrefused'],
            'method CONNECT' => ['CONNECT', '/admin', 'kafmethodrefused'],
            'path empty' => ['GET', '', 'kafpathrefused'],
            'path relative' => ['GET', 'admin', 'kafpathrefused'],
            'path other host' => ['GET', '//evil.example/admin', 'kafpathrefused'],
            'path absolute url' => ['GET', 'https://evil.example/admin', 'kafpathrefused'],
            'path userinfo' => ['GET', 'https://kaf@evil.example/admin', 'kafpathrefused'],
            'path file' => ['GET', 'file:///etc/passwd', 'kafpathrefused'],
            'path gopher' => ['GET', 'gopher://evil.example/', 'kafpathrefused'],
            'path ftp' => ['GET', 'ftp://evil.example/', 'kafpathrefused'],
            'path decimal ip' => ['GET', 'https://2130706433/admin', 'kafpathrefused'],
            'path octal ip' => ['GET', 'https://0177.0.0.1/admin', 'kafpathrefused'],
            'path hex ip' => ['GET', 'https://0x7f000001/admin', 'kafpathrefused'],
            'path ipv6 loopback' => ['GET', 'https://[::1]/admin', 'kafpathrefused'],
            'path other port' => ['GET', ':8443/admin', 'kafpathrefused'],
            'path dotdot' => ['GET', '/admin/../../etc/passwd', 'kafpathrefused'],
            'path encoded dotdot' => ['GET', '/admin/%2e%2e/%2e%2e/x', 'kafpathrefused'],
            'path encoded slash' => ['GET', '/admin%2f..%2f..%2fx', 'kafpathrefused'],
            'path backslash' => ['GET', '/admin\\..\\x', 'kafpathrefused'],
            'path root' => ['GET', '/', 'kafpathrefused'],
            'path not listed' => ['GET', '/index.php', 'kafpathrefused'],
            'path hosted other' => ['GET', '/hosted/index/oauth2-launch', 'kafpathrefused'],
            'path prefix trick' => ['GET', '/administrator', 'kafpathrefused'],
            'path crlf' => ['GET', "/admin\r\nHost: evil.example", 'kafpathrefused'],
            'path tab' => ['POST', "/admin\t", 'kafpathrefused'],
            'path trailing newline' => ['GET', "/admin\n", 'kafpathrefused'],
            'query trailing newline' => ['GET', "/version?a=b\n", 'kafpathrefused'],
            'path fragment' => ['GET', '/admin#frag', 'kafpathrefused'],
            'path space' => ['GET', '/admin/a b', 'kafpathrefused'],
            'path at' => ['GET', '/admin@evil.example', 'kafpathrefused'],
        ];
    }
}
