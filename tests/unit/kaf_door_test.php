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
use tool_kalturalti13\local\kaf\cookie_jar;
use tool_kalturalti13\local\kaf\door;
use tool_kalturalti13\local\kaf\login;
use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\redactor;

defined('MOODLE_INTERNAL') || die();

// Moodle's runner does not read tests/unit/bootstrap.php.
require_once(__DIR__ . '/fake_transport.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\door::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\cookie_jar::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\login::class)]
/**
 * The KAF door with a scripted client (no Moodle).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\kaf\door
 * @covers     \tool_kalturalti13\local\kaf\cookie_jar
 * @covers     \tool_kalturalti13\local\kaf\login
 */
final class kaf_door_test extends TestCase {
    /** Login page. */
    private const LOGIN = '<form action="/admin/authenticate" method="post"><input type="hidden" name="referrer" value="/admin">'
        . '<input name="Login[username]"><input type="password" name="Login[password]">'
        . '<input type="submit" name="Login[login]" value="Sign in"></form>';

    /**
     * A door on kaf.example.org resolving to a public address.
     *
     * @param fake_transport $t client
     * @param array $ips resolved addresses
     * @return door
     */
    private function door(fake_transport $t, array $ips = ['93.184.216.34']): door {
        return new door($t, 'https://kaf.example.org', false, function () use ($ips) {
            return $ips;
        });
    }

    /**
     * Pinning, timeouts, TLS verification, cookies.
     */
    public function test_request_pins_and_cookies(): void {
        $t = (new fake_transport())->answer(200, [['set-cookie', 'kms=abc; Path=/; HttpOnly'],
            ['content-type', 'text/html']], 'hello');
        $door = $this->door($t);
        $r = $door->request('GET', '/version');
        $this->assertSame(200, $r['status']);
        $this->assertSame('/version', $r['finalpath']);
        $this->assertSame('text/html', $r['contenttype']);
        [$method, $url, , , $options] = $t->sent[0];
        $this->assertSame('https://kaf.example.org/version', $url);
        $this->assertSame(['kaf.example.org:443:93.184.216.34'], $options['resolve']);
        $this->assertTrue($options['verifytls']);
        $this->assertSame(door::MAX_BYTES, $options['maxbytes']);
        $this->assertSame(['kms' => 'abc'], $door->jar()->all());
        $t->answer(200, [['set-cookie', 'kms=deleted; Max-Age=0']]);
        $door->request('GET', '/admin');
        $this->assertContains('Cookie: kms=abc', $t->sent[1][2]);
        $this->assertSame([], $door->jar()->all());
    }

    /**
     * Redirects: followed within the host, at most 3, never elsewhere.
     */
    public function test_redirects(): void {
        $t = (new fake_transport())
            ->answer(302, [['location', '/admin/login']])
            ->answer(303, [['location', 'https://kaf.example.org/admin']])
            ->answer(200, [], 'done');
        $r = $this->door($t)->request('POST', '/admin/authenticate', [['name' => 'a', 'value' => 'b']]);
        $this->assertSame('/admin', $r['finalpath']);
        $this->assertSame('', $r['location']);
        $this->assertSame(['POST', 'GET', 'GET'], array_column($t->sent, 0));
        $this->assertSame('', $t->sent[1][3]);

        $t = (new fake_transport())->answer(302, [['location', 'https://moodle.example/local/kaltura/auth.php?x=1']]);
        $r = $this->door($t)->request('GET', '/hosted/index/oidc-init?client_id=abc');
        $this->assertSame(302, $r['status']);
        $this->assertSame('https://moodle.example/local/kaltura/auth.php?x=1', $r['location']);
        $this->assertCount(1, $t->sent);

        $t = new fake_transport();
        for ($i = 0; $i < 5; $i++) {
            $t->answer(302, [['location', '/admin/x' . $i]]);
        }
        $r = $this->door($t)->request('GET', '/admin');
        $this->assertCount(door::MAX_REDIRECTS + 1, $t->sent);
        $this->assertSame(302, $r['status']);

        $t = (new fake_transport())->answer(307, [['location', '/admin/y']])->answer(200);
        $this->door($t)->request('POST', '/admin/x', [['name' => 'a', 'value' => 'b']]);
        $this->assertSame(['POST', 'POST'], array_column($t->sent, 0));
        $this->assertSame('a=b', $t->sent[1][3]);
    }

    /**
     * Attempts to leave the KAF host, each refused (with no request made, or not followed).
     *
     * @return array
     */
    public static function escapes(): array {
        return [
            'redirect to another host' => ['redirect', 'https://evil.example/admin'],
            'redirect scheme-relative' => ['redirect', '//evil.example/admin'],
            'redirect to loopback' => ['redirect', 'https://127.0.0.1/admin'],
            'redirect to private address' => ['redirect', 'https://10.0.0.5/admin'],
            'redirect to metadata' => ['redirect', 'http://169.254.169.254/latest/meta-data/'],
            'redirect userinfo' => ['redirect', 'https://kaf.example.org@evil.example/admin'],
            'redirect other port' => ['redirect', 'https://kaf.example.org:8443/admin'],
            'redirect http downgrade' => ['redirect', 'http://kaf.example.org/admin'],
            'redirect file' => ['redirect', 'file:///etc/passwd'],
            'redirect gopher' => ['redirect', 'gopher://kaf.example.org:70/x'],
            'redirect ftp' => ['redirect', 'ftp://kaf.example.org/x'],
            'redirect dotdot' => ['redirect', '/admin/../../secret'],
            'resolves to loopback' => ['resolve', '127.0.0.1'],
            'resolves to private' => ['resolve', '192.168.0.10'],
            'resolves to link-local' => ['resolve', '169.254.169.254'],
            'resolves to ipv6 loopback' => ['resolve', '::1'],
            'resolves to mapped loopback' => ['resolve', '::ffff:127.0.0.1'],
            'uri ip decimal' => ['uri', 'https://2130706433'],
            'uri ip octal' => ['uri', 'https://0177.0.0.1'],
            'uri ip hex' => ['uri', 'https://0x7f000001'],
            'uri ipv6 loopback' => ['uri', 'https://[::1]'],
            'uri userinfo' => ['uri', 'https://kaf@evil.example'],
            'uri file' => ['uri', 'file:///etc/passwd'],
            'path other host' => ['path', '//evil.example/admin'],
            'path absolute' => ['path', 'https://evil.example/admin'],
            'path encoded slash' => ['path', '/admin%2f..%2fx'],
            'path dotdot' => ['path', '/admin/../x'],
        ];
    }

    /**
     * Every way off the KAF host (a redirect, an address, the URI, a path) is refused or not followed.
     *
     * @dataProvider escapes
     * @param string $how redirect, resolve, uri or path
     * @param string $value the target
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('escapes')]
    public function test_escapes_refused(string $how, string $value): void {
        $t = new fake_transport();
        if ($how === 'redirect') {
            $t->answer(302, [['location', $value]]);
            $r = $this->door($t)->request('GET', '/admin');
            $this->assertCount(1, $t->sent, 'not followed');
            $this->assertNotSame('', $r['location']);
            return;
        }
        try {
            if ($how === 'resolve') {
                $this->door($t, ['93.184.216.34', $value])->request('GET', '/admin');
            } else if ($how === 'uri') {
                new door($t, $value, false);
            } else {
                $this->door($t)->request('GET', $value);
            }
            $this->fail('not refused');
        } catch (policy_exception $e) {
            $this->assertContains($e->errorcode, ['kafhostrefused', 'kafuribad', 'kafpathrefused']);
        }
        $this->assertSame([], $t->sent, 'no request was made');
    }

    /**
     * The loopback name is refused without the flag and allowed with it.
     */
    public function test_loopback_needs_flag(): void {
        $t = new fake_transport();
        $local = function () {
            return ['127.0.0.1'];
        };
        try {
            (new door($t, 'https://kaf.localtest.me', false, $local))->request('GET', '/version');
            $this->fail('not refused');
        } catch (policy_exception $e) {
            $this->assertSame('kafhostrefused', $e->errorcode);
        }
        $t->answer(200, [], '1.0');
        $door = new door($t, 'http://kaf.localtest.me:8123', true, $local);
        $this->assertSame('1.0', $door->request('GET', '/version')['body']);
        // The test flag relaxes the address rules only: TLS is verified all the same.
        $this->assertTrue($t->sent[0][4]['verifytls']);
        $this->assertSame(['kaf.localtest.me:8123:127.0.0.1'], $t->sent[0][4]['resolve']);
    }

    /**
     * Transport errors map to distinct codes.
     */
    public function test_errors(): void {
        $codes = [28 => 'kaftimeout', 60 => 'kaftlserror', 35 => 'kaftlserror', 7 => 'kafunreachable', 6 => 'kafunreachable'];
        foreach ($codes as $errno => $code) {
            $t = (new fake_transport())->answer(0, [], '', $errno);
            try {
                $this->door($t)->request('GET', '/version');
                $this->fail('no error');
            } catch (policy_exception $e) {
                $this->assertSame($code, $e->errorcode);
            }
        }
        try {
            $this->door(new fake_transport(), [])->request('GET', '/version');
            $this->fail('no error');
        } catch (policy_exception $e) {
            $this->assertSame('kafunreachable', $e->errorcode);
        }
    }

    /**
     * Keys in responses become tokens; tokens in fields become keys again; unknown tokens are refused.
     */
    public function test_secrets(): void {
        $pem = "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----";
        $t = (new fake_transport())->answer(200, [], '<textarea name="k">' . $pem . '</textarea>');
        $door = $this->door($t);
        $r = $door->request('GET', '/admin/config/tab/hosted');
        $token = redactor::token($pem);
        $this->assertSame('<textarea name="k">' . $token . '</textarea>', $r['body']);
        $this->assertSame([$token => $pem], $r['secrets']);
        $door->set_secret_lookup(function (string $t) use ($token, $pem) {
            return $t === $token ? $pem : null;
        });
        $t->answer(200);
        $door->request('POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => $token], ['name' => 'k', 'value' => 'x']]);
        $this->assertSame('k=' . urlencode($pem) . '&k=x', $t->sent[1][3]);
        try {
            $door->request('POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => redactor::token('other')]]);
            $this->fail('unknown token posted');
        } catch (policy_exception $e) {
            $this->assertSame('secretunknown', $e->errorcode);
        }
        $this->assertCount(2, $t->sent);
    }

    /**
     * A door holding one key, for the secret rules.
     *
     * @param fake_transport $t client
     * @param string $pem the key held
     * @return door
     */
    private function door_with_key(fake_transport $t, string $pem): door {
        $door = $this->door($t);
        $token = redactor::token($pem);
        $door->set_secret_lookup(function (string $t) use ($token, $pem) {
            return $t === $token ? $pem : null;
        });
        return $door;
    }

    /**
     * Where a token may stand for its key: only as the whole value of a posted field (a textarea's trailing line end
     * aside). Anywhere else nothing is sent and the request is refused with secretmisplaced.
     *
     * @return array
     */
    public static function misplaced_tokens(): array {
        $token = redactor::token("-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----");
        return [
            'GET field' => ['GET', '/admin/config/tab/hosted', [['name' => 'k', 'value' => $token]]],
            'GET field, part' => ['GET', '/admin/config/tab/hosted', [['name' => 'k', 'value' => 'a' . $token]]],
            'query' => ['GET', '/admin/config/tab/hosted?k=' . urlencode($token), []],
            'query, raw' => ['GET', '/admin/x?k=[[secret:sha256:' . str_repeat('a', 64) . ']]', []],
            'POST, part of a value' => ['POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => 'x' . $token]]],
            'POST, value after' => ['POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => $token . ' x']]],
            'POST, two tokens' => ['POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => $token . $token]]],
            'POST, field name' => ['POST', '/admin/config/tab/hosted', [['name' => $token, 'value' => 'x']]],
            'POST query' => ['POST', '/admin/config/tab/hosted?k=' . urlencode($token), [['name' => 'k', 'value' => 'x']]],
            'GET field, raw key' => ['GET', '/admin/config/tab/hosted',
                [['name' => 'k', 'value' => "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----"]]],
            'query, encoded key' => ['GET', '/admin/x?k=' . rawurlencode("-----BEGIN PRIVATE KEY-----\nQUJD"), []],
        ];
    }

    /**
     * A token anywhere but a posted field's whole value is refused, nothing sent.
     *
     * @dataProvider misplaced_tokens
     * @param string $method method
     * @param string $path path
     * @param array $fields fields
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('misplaced_tokens')]
    public function test_misplaced_token_refused(string $method, string $path, array $fields): void {
        $t = new fake_transport();
        $door = $this->door_with_key($t, "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----");
        try {
            $door->request($method, $path, $fields);
            $this->fail('sent');
        } catch (policy_exception $e) {
            $this->assertSame('secretmisplaced', $e->errorcode);
            $this->assertStringNotContainsString('QUJD', json_encode($e->a));
        }
        $this->assertCount(0, $t->sent);
    }

    /**
     * The token alone, or with a textarea's trailing line end, is the key again.
     */
    public function test_token_as_whole_value(): void {
        $pem = "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----";
        $token = redactor::token($pem);
        $t = (new fake_transport())->answer(200)->answer(200);
        $door = $this->door_with_key($t, $pem);
        $door->request('POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => $token . "\r\n"]]);
        $this->assertSame('k=' . urlencode($pem . "\r\n"), $t->sent[0][3]);
        $door->request('POST', '/admin/config/tab/hosted', [['name' => 'k', 'value' => $token]]);
        $this->assertSame('k=' . urlencode($pem), $t->sent[1][3]);
    }

    /**
     * Nothing the door returns holds key material: finalpath and location are scrubbed when a key is in them, raw or
     * URL-encoded; a refused path is named without its query and cut short.
     */
    public function test_no_key_in_paths_returned(): void {
        $pem = "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----";
        $t = (new fake_transport())
            ->answer(302, [['location', '/admin/done?k=' . rawurlencode($pem)]])
            ->answer(200, [], 'ok');
        $r = $this->door($t)->request('GET', '/admin/config');
        $this->assertSame('/admin/done?' . redactor::TRUNCATED, $r['finalpath']);
        $t = (new fake_transport())->answer(302, [['location', 'https://other.example/?k=' . urlencode($pem)]]);
        $r = $this->door($t)->request('GET', '/admin/config');
        $this->assertStringNotContainsString('PRIVATE', urldecode($r['location']));
        $this->assertStringNotContainsString('QUJD', urldecode($r['location']));
        $this->assertSame('https://other.example/?' . redactor::TRUNCATED, $r['location']);
        $t = (new fake_transport())->answer(302, [['location', 'https://other.example/?k=' . urlencode(urlencode($pem))]]);
        $r = $this->door($t)->request('GET', '/admin/config');
        $this->assertStringNotContainsString('QUJD', urldecode(urldecode($r['location'])));
        // A refused path is named by its path part only, cut short: never its query, never a key.
        $long = '/admin/x?k=' . str_repeat('QUJD', 600);
        try {
            $this->door(new fake_transport())->request('GET', $long);
            $this->fail('sent');
        } catch (policy_exception $e) {
            $this->assertSame('kafpathrefused', $e->errorcode);
            $this->assertSame('/admin/x', $e->a);
        }
        try {
            $this->door(new fake_transport())->request('GET', '/other/' . str_repeat('a', 300));
            $this->fail('sent');
        } catch (policy_exception $e) {
            $this->assertSame('kafpathrefused', $e->errorcode);
            $this->assertLessThanOrEqual(100, mb_strlen($e->a));
        }
    }

    /**
     * A body the door cannot read as text (UTF-16/32, NUL bytes, another declared charset) is refused, and so is a
     * body that still holds a key once its entities are decoded: redaction works on plain text only.
     *
     * @return array
     */
    public static function unreadable_bodies(): array {
        $pem = "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----";
        return [
            'UTF-16LE' => [[], "\xff\xfe" . mb_convert_encoding($pem, 'UTF-16LE', 'UTF-8')],
            'UTF-16BE, no BOM' => [[], mb_convert_encoding($pem, 'UTF-16BE', 'UTF-8')],
            'declared UTF-7' => [[['content-type', 'text/html; charset=UTF-7']], '+AC0AL'],
            'entity dashes' => [[], str_replace('-', '&#45;', $pem)],
            'hex entity dashes' => [[], '<textarea>' . str_replace('-', '&#x2d;', $pem) . '</textarea>'],
            'padded entity dashes' => [[], str_replace('-', '&#0045;', $pem)],
        ];
    }

    /**
     * Bodies the door refuses.
     *
     * @dataProvider unreadable_bodies
     * @param array $headers response headers
     * @param string $body response body
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('unreadable_bodies')]
    public function test_unreadable_body_refused(array $headers, string $body): void {
        $t = (new fake_transport())->answer(200, $headers, $body);
        try {
            $r = $this->door($t)->request('GET', '/admin/config/tab/hosted');
            $this->fail('returned: ' . json_encode($r));
        } catch (policy_exception $e) {
            $this->assertSame('kafunexpectedpage', $e->errorcode);
        }
    }

    /**
     * Text bodies pass: UTF-8, and ISO-8859-1 read as such.
     */
    public function test_text_bodies(): void {
        $t = (new fake_transport())
            ->answer(200, [['content-type', 'text/html; charset=utf-8']], "caf\u{e9}")
            ->answer(200, [['content-type', 'text/html; charset=ISO-8859-1']], "caf\xe9");
        $door = $this->door($t);
        $this->assertSame("caf\u{e9}", $door->request('GET', '/version')['body']);
        $this->assertSame("caf\u{e9}", $door->request('GET', '/version')['body']);
    }

    /**
     * Login: success, wrong credentials, unexpected page; the whole form is posted.
     */
    public function test_login(): void {
        $t = (new fake_transport())
            ->answer(200, [], self::LOGIN)
            ->answer(302, [['set-cookie', 'kms=s1'], ['location', '/admin']])
            ->answer(200, [], '<a id="logout-button">Log out</a>');
        $door = $this->door($t);
        login::run($door, 'admin@example.com', 'p&ss=w rd');
        $this->assertSame(['kms' => 's1'], $door->jar()->all());
        $this->assertSame('https://kaf.example.org/admin/authenticate', $t->sent[1][1]);
        parse_str($t->sent[1][3], $posted);
        $this->assertSame(['referrer' => '/admin', 'Login' => ['username' => 'admin@example.com', 'password' => 'p&ss=w rd',
            'login' => 'Sign in']], $posted);

        $t = (new fake_transport())->answer(200, [], self::LOGIN)->answer(200, [], self::LOGIN);
        try {
            login::run($this->door($t), 'a', 'wrong');
            $this->fail('accepted');
        } catch (policy_exception $e) {
            $this->assertSame('kafbadcredentials', $e->errorcode);
        }

        $t = (new fake_transport())->answer(200, [], '<html>Maintenance</html>');
        try {
            login::run($this->door($t), 'a', 'b');
            $this->fail('accepted');
        } catch (policy_exception $e) {
            $this->assertSame('kafunexpectedpage', $e->errorcode);
        }
    }

    /**
     * Methods other than GET and POST are refused before any request.
     */
    public function test_methods(): void {
        $t = new fake_transport();
        foreach (['PUT', 'DELETE', 'get', 'HEAD', ''] as $method) {
            try {
                $this->door($t)->request($method, '/admin');
                $this->fail('accepted ' . $method);
            } catch (policy_exception $e) {
                $this->assertSame('kafmethodrefused', $e->errorcode);
            }
        }
        $this->assertSame([], $t->sent);
    }

    /**
     * The jar: what KAF set or deleted since it was filled is what gets merged into the stored jar, by name, so a
     * concurrent request's cookies survive; a new login replaces the changes.
     */
    public function test_cookie_jar_changes_and_merge(): void {
        $jar = new cookie_jar(['a' => '1', 'b' => '2']);
        $this->assertSame('Cookie: a=1; b=2', $jar->header());
        $jar->take('b=; Max-Age=0');
        $jar->take('c=3; Path=/; HttpOnly');
        $jar->take('bad name=x');
        $this->assertSame(['a' => '1', 'c' => '3'], $jar->all());
        $this->assertSame(['b' => null, 'c' => '3'], $jar->changes());
        // Another request of the same session stored d meanwhile, and changed a: both stay.
        $stored = ['a' => '9', 'b' => '2', 'd' => '4'];
        $this->assertSame(['a' => '9', 'd' => '4', 'c' => '3'], cookie_jar::merge($stored, $jar->changes()));
        $jar->clear();
        $this->assertNull($jar->header());
        $this->assertSame([], $jar->changes());
    }
}
