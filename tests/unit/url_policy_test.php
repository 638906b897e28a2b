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

use PHPUnit\Framework\TestCase;
use tool_kalturalti13\local\address_policy;
use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\url_policy;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\url_policy::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\address_policy::class)]
/**
 * The URL and address policy (no Moodle).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\url_policy
 * @covers     \tool_kalturalti13\local\address_policy
 */
final class url_policy_test extends TestCase {
    /**
     * Good kaf_uri values.
     *
     * @return array
     */
    public static function good_uris(): array {
        return [
            ['https://12345.kaf.kaltura.com', 'https://12345.kaf.kaltura.com', '12345.kaf.kaltura.com', 443],
            ['https://KAF.Example.org', 'https://kaf.example.org', 'kaf.example.org', 443],
            ['https://kaf.example.org:8443', 'https://kaf.example.org:8443', 'kaf.example.org', 8443],
            ['https://kaf.example.org:443', 'https://kaf.example.org', 'kaf.example.org', 443],
        ];
    }

    /**
     * A good kaf_uri parses to its origin, host and port.
     *
     * @dataProvider good_uris
     * @param string $uri input
     * @param string $origin expected origin
     * @param string $host expected host
     * @param int $port expected port
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('good_uris')]
    public function test_good_uris(string $uri, string $origin, string $host, int $port): void {
        $o = url_policy::parse_kaf_uri($uri, false);
        $this->assertSame($origin, $o['origin']);
        $this->assertSame($host, $o['host']);
        $this->assertSame($port, $o['port']);
    }

    /**
     * Bad kaf_uri values, refused without the test flag.
     *
     * @return array
     */
    public static function bad_uris(): array {
        return [
            'http' => ['http://kaf.example.org'],
            'trailing slash' => ['https://kaf.example.org/'],
            'path' => ['https://kaf.example.org/admin'],
            'query' => ['https://kaf.example.org?x=1'],
            'fragment' => ['https://kaf.example.org#x'],
            'space' => ['https://kaf.example.org '],
            'inner space' => ['https://kaf example.org'],
            'no scheme' => ['kaf.example.org'],
            'userinfo' => ['https://kaf@evil.example'],
            'userinfo with password' => ['https://kaf.example.org:x@evil.example'],
            'dotted loopback' => ['https://127.0.0.1'],
            'decimal ip' => ['https://2130706433'],
            'octal ip' => ['https://0177.0.0.1'],
            'hex ip' => ['https://0x7f000001'],
            'hex dotted' => ['https://0x7f.0.0.1'],
            'short ip' => ['https://127.1'],
            'ipv6 loopback' => ['https://[::1]'],
            'ipv6 mapped' => ['https://[::ffff:127.0.0.1]'],
            'file' => ['file:///etc/passwd'],
            'gopher' => ['gopher://kaf.example.org'],
            'ftp' => ['ftp://kaf.example.org'],
            'javascript' => ['javascript:alert(1)'],
            'backslash' => ['https://kaf.example.org\\@evil.example'],
            'port zero' => ['https://kaf.example.org:0'],
            'port too big' => ['https://kaf.example.org:70000'],
            'empty' => [''],
            'trailing dot' => ['https://kaf.example.org.'],
            'underscore' => ['https://kaf_x.example.org'],
            'leading hyphen' => ['https://-kaf.example.org'],
            'unicode' => ['https://kaf.exämple.org'],
            'newline' => ["https://kaf.example.org\n"],
            'encoded slash' => ['https://kaf.example.org%2fadmin'],
        ];
    }

    /**
     * A bad kaf_uri is refused.
     *
     * @dataProvider bad_uris
     * @param string $uri input
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bad_uris')]
    public function test_bad_uris(string $uri): void {
        try {
            url_policy::parse_kaf_uri($uri, false);
            $this->fail('accepted: ' . $uri);
        } catch (policy_exception $e) {
            $this->assertSame('kafuribad', $e->errorcode);
        }
    }

    /**
     * The test flag allows http and canonical loopback literals, never the odd numeric forms.
     */
    public function test_insecure_flag(): void {
        $o = url_policy::parse_kaf_uri('http://127.0.0.1:8123', true);
        $this->assertSame('http://127.0.0.1:8123', $o['origin']);
        $this->assertTrue($o['ip']);
        $this->assertSame('localhost', url_policy::parse_kaf_uri('http://localhost:9', true)['host']);
        $uris = ['http://2130706433', 'http://0177.0.0.1', 'http://0x7f000001', 'http://127.1', 'ftp://127.0.0.1',
            'http://127.0.0.1/x'];
        foreach ($uris as $uri) {
            try {
                url_policy::parse_kaf_uri($uri, true);
                $this->fail('accepted: ' . $uri);
            } catch (policy_exception $e) {
                $this->assertSame('kafuribad', $e->errorcode);
            }
        }
    }

    /**
     * Addresses.
     *
     * @return array
     */
    public static function addresses(): array {
        return [
            ['93.184.216.34', true, true],
            ['2606:2800:220:1:248:1893:25c8:1946', true, true],
            ['127.0.0.1', false, true],
            ['127.8.9.10', false, true],
            ['10.1.2.3', false, true],
            ['172.16.5.4', false, true],
            ['172.31.255.255', false, true],
            ['172.32.0.1', true, true],
            ['192.168.1.1', false, true],
            ['100.64.0.1', false, true],
            ['169.254.169.254', false, false],
            ['169.254.1.1', false, false],
            ['100.100.100.200', false, false],
            ['0.0.0.0', false, false],
            ['224.0.0.1', false, false],
            ['::1', false, true],
            ['::', false, false],
            ['fe80::1', false, false],
            ['fd00:ec2::254', false, false],
            ['fc00::1', false, true],
            ['::ffff:127.0.0.1', false, true],
            ['::ffff:169.254.169.254', false, false],
            ['::ffff:93.184.216.34', true, true],
            ['not an ip', false, false],
            // Tunnelled and deprecated IPv6 ranges: 6to4 and Teredo wrap an IPv4 address (a private or metadata one
            // too), site-local was never routed on the internet. Refused always.
            ['2002:a9fe:a9fe::1', false, false],
            ['2002:5db8:d822::1', false, false],
            ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false, false],
            ['2001::1', false, false],
            ['fec0::1', false, false],
            ['feff::1', false, false],
            ['2001:4860:4860::8888', true, true],
        ];
    }

    /**
     * Which addresses the door may reach, without and with the test flag.
     *
     * @dataProvider addresses
     * @param string $ip address
     * @param bool $secure allowed without the flag
     * @param bool $insecure allowed with the flag
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('addresses')]
    public function test_addresses(string $ip, bool $secure, bool $insecure): void {
        $this->assertSame($secure, address_policy::allowed($ip, false), $ip);
        $this->assertSame($insecure, address_policy::allowed($ip, true), $ip . ' (flag)');
    }

    /**
     * Paths the page may ask for.
     *
     * @return array
     */
    public static function good_paths(): array {
        return [
            ['/version'], ['/admin'], ['/admin/'], ['/admin/config/tab/hosted'], ['/admin/authenticate'],
            ['/hosted/index/lti-advantage-key-set'], ['/hosted/index/oidc-init?client_id=abc&iss=https%3A%2F%2Fm.example'],
            ['/admin/config/tab/hosted?x=1'],
        ];
    }

    /**
     * A KAF path on the list passes.
     *
     * @dataProvider good_paths
     * @param string $path path
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('good_paths')]
    public function test_good_paths(string $path): void {
        $this->assertSame($path, url_policy::check_path($path));
    }

    /**
     * Paths refused.
     *
     * @return array
     */
    public static function bad_paths(): array {
        return [
            'empty' => [''], 'relative' => ['admin'], 'scheme relative' => ['//evil.example/admin'],
            'absolute url' => ['https://evil.example/admin'], 'root' => ['/'], 'other path' => ['/index.php'],
            'dotdot' => ['/admin/../etc/passwd'], 'dot' => ['/admin/./x'], 'encoded dotdot' => ['/admin/%2e%2e/x'],
            'encoded slash' => ['/admin%2f..%2fsecret'], 'backslash' => ['/admin\\..\\x'], 'fragment' => ['/admin#x'],
            'space' => ['/admin/x y'], 'newline' => ["/admin\r\nHost: evil"], 'nul' => ["/admin\0"],
            'at' => ['/admin@evil.example'], 'hosted other' => ['/hosted/index/other'], 'prefix trick' => ['/administrator'],
            'version prefix' => ['/version/../admin'], 'bad query' => ['/admin?x=<script>'],
            'long' => ['/admin/' . str_repeat('a', 3000)],
            'double slash inside' => ['/admin//x'],
        ];
    }

    /**
     * A KAF path off the list is refused.
     *
     * @dataProvider bad_paths
     * @param string $path path
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bad_paths')]
    public function test_bad_paths(string $path): void {
        try {
            url_policy::check_path($path);
            $this->fail('accepted: ' . $path);
        } catch (policy_exception $e) {
            $this->assertSame('kafpathrefused', $e->errorcode);
        }
    }

    /**
     * Redirect targets.
     *
     * @return array
     */
    public static function redirects(): array {
        $o = 'https://kaf.example.org';
        return [
            ['/admin/config', true, '/admin/config', $o . '/admin/config'],
            ['https://kaf.example.org/admin', true, '/admin', $o . '/admin'],
            ['https://KAF.example.org:443/admin', true, '/admin', $o . '/admin'],
            ['config/tab/hosted', true, '/admin/config/tab/hosted', $o . '/admin/config/tab/hosted'],
            ['https://evil.example/admin', false, '', 'https://evil.example/admin'],
            ['//evil.example/admin', false, '', 'https://evil.example/admin'],
            ['http://kaf.example.org/admin', false, '', 'http://kaf.example.org/admin'],
            ['https://kaf.example.org:8443/admin', false, '', 'https://kaf.example.org:8443/admin'],
            ['https://kaf.example.org@evil.example/admin', false, '', 'https://kaf.example.org@evil.example/admin'],
            ['https://127.0.0.1/admin', false, '', 'https://127.0.0.1/admin'],
            ['https://10.0.0.1/admin', false, '', 'https://10.0.0.1/admin'],
            ['file:///etc/passwd', false, '', 'file:///etc/passwd'],
            ['gopher://kaf.example.org/x', false, '', 'gopher://kaf.example.org/x'],
            ['ftp://kaf.example.org/admin', false, '', 'ftp://kaf.example.org/admin'],
            ['/index.php', false, '', $o . '/index.php'],
            ['https://moodle.example/local/kaltura/auth.php?x=1', false, '', 'https://moodle.example/local/kaltura/auth.php?x=1'],
        ];
    }

    /**
     * Where a Location header leads: followed only on the KAF host, reported either way.
     *
     * @dataProvider redirects
     * @param string $location Location header
     * @param bool $follow expected
     * @param string $path expected path
     * @param string $url expected reported URL
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('redirects')]
    public function test_redirects(string $location, bool $follow, string $path, string $url): void {
        $origin = url_policy::parse_kaf_uri('https://kaf.example.org', false);
        $r = url_policy::resolve_redirect($origin, '/admin/index', $location);
        $this->assertSame($follow, $r['follow'], $location);
        $this->assertSame($path, $r['path']);
        $this->assertSame($url, $r['url']);
    }

    /**
     * kaf_host_of reads a kaf_uri as leniently as the page's correction; same_kaf compares two by it.
     */
    public function test_kaf_host_of(): void {
        $lenient = ['https://12345.kaf.kaltura.com', 'http://12345.kaf.kaltura.com/', ' HTTPS://12345.KAF.kaltura.com/admin ',
            '12345.kaf.kaltura.com', 'https://12345.kaf.kaltura.com?x=1'];
        foreach ($lenient as $uri) {
            $this->assertSame('12345.kaf.kaltura.com', url_policy::kaf_host_of($uri), $uri);
        }
        $this->assertSame('127.0.0.1:8780', url_policy::kaf_host_of('http://127.0.0.1:8780/'));
        foreach (['', 'https://', 'https://kaf@evil.example', 'javascript:alert(1)', 'file:///etc/passwd'] as $uri) {
            $this->assertNull(url_policy::kaf_host_of($uri), $uri);
        }
        $this->assertTrue(url_policy::same_kaf('http://1.kaf.kaltura.com/', 'https://1.kaf.kaltura.com'));
        $this->assertFalse(url_policy::same_kaf('https://1.kaf.kaltura.com', 'https://2.kaf.kaltura.com'));
        $this->assertFalse(url_policy::same_kaf('https://1.kaf.kaltura.com:8443', 'https://1.kaf.kaltura.com'));
        $this->assertFalse(url_policy::same_kaf('', ''));
    }
}
