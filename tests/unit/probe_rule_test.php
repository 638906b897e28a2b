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
use tool_kalturalti13\local\kaf\door;
use tool_kalturalti13\local\lti_probe;
use tool_kalturalti13\local\page_text;
use tool_kalturalti13\local\probe_rule;

defined('MOODLE_INTERNAL') || die();

// The scripted HTTP client of the door tests (Moodle's runner does not read tests/unit/bootstrap.php).
require_once(__DIR__ . '/fake_transport.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\probe_rule::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\lti_probe::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\page_text::class)]
/**
 * The probe rule (key set, OIDC login initiation) and the probe through a scripted door (no Moodle).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\probe_rule
 * @covers     \tool_kalturalti13\local\lti_probe
 * @covers     \tool_kalturalti13\local\page_text
 */
final class probe_rule_test extends TestCase {
    /** The RSA key of RFC 7638 section 3.1 and its thumbprint. */
    private const RFC_N = '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiF'
        . 'V4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZ'
        . 'Hzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8aw'
        . 'apJzKnqDKgw';

    /** Its thumbprint (RFC 7638 section 3.1). */
    private const RFC_TP = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

    /**
     * A JWK of a fresh RSA key.
     *
     * @param int $bits modulus size
     * @return array kty, n, e, kid
     */
    private static function jwk(int $bits): array {
        $key = openssl_pkey_new(['private_key_bits' => $bits, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        $rsa = openssl_pkey_get_details($key)['rsa'];
        return ['kty' => 'RSA', 'alg' => 'RS256', 'use' => 'sig', 'kid' => 'k' . $bits,
            'n' => probe_rule::b64url($rsa['n']), 'e' => probe_rule::b64url($rsa['e'])];
    }

    /**
     * Thumbprint and modulus size.
     */
    public function test_thumbprint_and_bits(): void {
        $this->assertSame(self::RFC_TP, probe_rule::rsa_thumbprint(self::RFC_N, 'AQAB'));
        $this->assertSame(2048, probe_rule::rsa_bits(self::RFC_N));
        $this->assertTrue(probe_rule::is_thumbprint(self::RFC_TP));
        $this->assertFalse(probe_rule::is_thumbprint(self::RFC_TP . 'x'));
        $this->assertFalse(probe_rule::is_thumbprint(str_replace('-', '+', self::RFC_TP)));
        $this->assertSame(1024, probe_rule::rsa_bits(self::jwk(1024)['n']));
        // A leading zero byte does not count.
        $this->assertSame(2048, probe_rule::rsa_bits(probe_rule::b64url("\0" . probe_rule::b64url_decode(self::RFC_N))));
        $this->assertSame(0, probe_rule::rsa_bits('not base64!'));
    }

    /**
     * The key set: each way it can be wrong, and right.
     */
    public function test_keyset(): void {
        $good = self::jwk(2048);
        $tp = probe_rule::rsa_thumbprint($good['n'], $good['e']);
        $set = json_encode(['keys' => [$good]]);

        $r = probe_rule::judge_keyset(200, $set, $tp);
        $this->assertSame('', $r['problem']);
        $this->assertTrue($r['matched']);
        $this->assertSame($tp, $r['thumbprint']);
        $this->assertSame(2048, $r['bits']);
        $this->assertSame('k2048', $r['kid']);

        $r = probe_rule::judge_keyset(200, $set, '');
        $this->assertSame('', $r['problem']);
        $this->assertNull($r['matched']);
        $this->assertSame($tp, $r['thumbprint']);

        $other = self::jwk(2048);
        $r = probe_rule::judge_keyset(200, json_encode(['keys' => [$other]]), $tp);
        $this->assertSame('keysetchanged', $r['problem']);
        $this->assertFalse($r['matched']);
        $this->assertSame(probe_rule::rsa_thumbprint($other['n'], $other['e']), $r['thumbprint']);

        // A modulus published with a leading zero byte is the same key.
        $padded = ['n' => probe_rule::b64url("\0" . probe_rule::b64url_decode($good['n']))] + $good;
        $this->assertTrue(probe_rule::judge_keyset(200, json_encode(['keys' => [$padded]]), $tp)['matched']);

        // Ours among others: found.
        $r = probe_rule::judge_keyset(200, json_encode(['keys' => [$other, $good]]), $tp);
        $this->assertSame('', $r['problem']);
        $this->assertSame($tp, $r['thumbprint']);

        $this->assertSame('keysetweak', probe_rule::judge_keyset(200, json_encode(['keys' => [self::jwk(1024)]]), '')['problem']);
        $this->assertSame('keysetempty', probe_rule::judge_keyset(200, '{"keys":[]}', '')['problem']);
        $this->assertSame('keysetempty', probe_rule::judge_keyset(200, '{"keys":[{"kty":"EC","crv":"P-256"}]}', '')['problem']);
        $this->assertSame('keysetjson', probe_rule::judge_keyset(200, '<html>maintenance</html>', '')['problem']);
        $this->assertSame('keysetjson', probe_rule::judge_keyset(200, '{"keys":"x"}', '')['problem']);
        $this->assertSame('keysetstatus', probe_rule::judge_keyset(503, $set, $tp)['problem']);
    }

    /**
     * The redirect KAF answers with, as the simulator (and KAF) builds it, with some parameters changed.
     *
     * @param array $over name => value (null: leave the parameter out)
     * @param string $base the target before the query
     * @return string
     */
    private static function redirect(array $over = [], string $base = 'https://m.example/local/kaltura/auth.php'): string {
        $params = array_merge(['scope' => 'openid', 'response_type' => 'id_token', 'response_mode' => 'form_post',
            'prompt' => 'none', 'client_id' => 'cid', 'redirect_uri' => 'https://k.example/hosted/index/oauth2-launch',
            'login_hint' => probe_rule::LOGIN_HINT, 'lti_message_hint' => probe_rule::LOGIN_HINT, 'state' => 's1',
            'nonce' => 'n1'], $over);
        $q = [];
        foreach ($params as $k => $v) {
            if ($v !== null) {
                $q[] = rawurlencode($k) . '=' . rawurlencode($v);
            }
        }
        return $base . '?' . implode('&', $q);
    }

    /**
     * Problems of a redirect for the site https://m.example, KAF https://k.example, client id cid.
     *
     * @param string $location redirect
     * @return string[]
     */
    private static function problems(string $location): array {
        return probe_rule::oidc_problems($location, 'https://m.example', 'https://k.example', 'cid');
    }

    /**
     * What auth.php accepts is accepted.
     */
    public function test_oidc_accepts(): void {
        $this->assertSame([], self::problems(self::redirect()));
        $this->assertSame([], self::problems(self::redirect(['prompt' => ''])));
        $this->assertSame([], self::problems(self::redirect(['prompt' => null])));
        // Host case and a default port do not matter, as in a browser.
        $this->assertSame([], self::problems(self::redirect([], 'https://M.example:443/local/kaltura/auth.php')));
        // A + in the query is a space, as URLSearchParams decodes it.
        $this->assertSame(['scope'], self::problems(str_replace('scope=openid', 'scope=openid+profile', self::redirect())));
    }

    /**
     * Each parameter auth.php checks.
     *
     * @dataProvider oidc_cases
     * @param string $problem the problem expected
     * @param array $over parameters changed
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('oidc_cases')]
    public function test_oidc_problem(string $problem, array $over): void {
        $this->assertSame([$problem], self::problems(self::redirect($over)));
    }

    /**
     * Cases: one parameter wrong or missing.
     *
     * @return array
     */
    public static function oidc_cases(): array {
        return [
            ['scope', ['scope' => 'openid profile']],
            ['scope', ['scope' => null]],
            ['response_type', ['response_type' => 'code']],
            ['response_type', ['response_type' => null]],
            ['response_mode', ['response_mode' => 'query']],
            ['response_mode', ['response_mode' => null]],
            ['prompt', ['prompt' => 'login']],
            ['client_id', ['client_id' => 'other']],
            ['client_id', ['client_id' => null]],
            ['redirect_uri', ['redirect_uri' => 'https://k.example/hosted/index/oauth2-launch/']],
            ['redirect_uri', ['redirect_uri' => 'http://k.example/hosted/index/oauth2-launch']],
            ['login_hint', ['login_hint' => '2']],
            ['login_hint', ['login_hint' => null]],
            ['lti_message_hint', ['lti_message_hint' => 'x']],
            ['lti_message_hint', ['lti_message_hint' => null]],
            ['nonce', ['nonce' => null]],
            ['nonce', ['nonce' => '']],
            ['state', ['state' => null]],
            ['state', ['state' => '']],
        ];
    }

    /**
     * A parameter twice, the wrong target, no redirect.
     */
    public function test_oidc_twice_target_none(): void {
        $this->assertSame(['client_id'], self::problems(self::redirect() . '&client_id=cid'));
        $this->assertSame(['prompt'], self::problems(self::redirect() . '&prompt=none'));
        $this->assertSame(['target'], self::problems(self::redirect([], 'https://m.example/local/kaltura/other.php')));
        $this->assertSame(['target'], self::problems(self::redirect([], 'https://evil.example/local/kaltura/auth.php')));
        $this->assertSame(['target'], self::problems(self::redirect([], 'https://m.example:8443/local/kaltura/auth.php')));
        $this->assertSame(['location'], self::problems(''));
        $this->assertSame(['location'], self::problems('not a url'));
        $this->assertSame(['location'], self::problems('javascript:alert(1)'));
        $this->assertSame(['location'], self::problems('https://u:p@m.example/local/kaltura/auth.php'));
    }

    /**
     * The probe through a scripted door: what it sends (no cookie, the probe hint, this site's issuer and client
     * id), and what it makes of the answers.
     */
    public function test_probe_through_door(): void {
        $good = self::jwk(2048);
        $tp = probe_rule::rsa_thumbprint($good['n'], $good['e']);
        $t = (new fake_transport())
            ->answer(200, [['content-type', 'application/json']], json_encode(['keys' => [$good]]))
            ->answer(302, [['location', self::redirect([], 'https://m.example/local/kaltura/auth.php')
                . '&x=' . rawurlencode('https://m.example')]]);
        $door = new door($t, 'https://k.example', false, function () {
            return ['93.184.216.34'];
        });
        $r = (new lti_probe($door))->run('https://m.example', 'https://k.example', 'cid', $tp);
        $this->assertSame('', $r['keyset']['problem']);
        $this->assertTrue($r['keyset']['matched']);
        $this->assertSame($tp, $r['keyset']['expected']);
        $this->assertSame([], $r['oidc']['problems']);
        $this->assertSame(302, $r['oidc']['httpstatus']);
        $this->assertCount(2, $t->sent);
        $this->assertSame('https://k.example/hosted/index/lti-advantage-key-set', $t->sent[0][1]);
        $url = $t->sent[1][1];
        $this->assertStringStartsWith('https://k.example/hosted/index/oidc-init?', $url);
        $q = probe_rule::query_params($url);
        $this->assertSame(['https://m.example'], $q['iss']);
        $this->assertSame(['cid'], $q['client_id']);
        $this->assertSame([probe_rule::LOGIN_HINT], $q['login_hint']);
        $this->assertSame(['https://k.example/hosted/index/oauth2-launch'], $q['target_link_uri']);
        foreach ($t->sent as [, , $headers]) {
            foreach ($headers as $h) {
                $this->assertStringStartsNotWith('Cookie:', $h);
            }
        }
    }

    /**
     * KAF down: the key set's error, and no second request; KAF refusing the login: its page text.
     */
    public function test_probe_failures(): void {
        $t = (new fake_transport())->answer(0, [], '', 7);
        $door = new door($t, 'https://k.example', false, function () {
            return ['93.184.216.34'];
        });
        $r = (new lti_probe($door))->run('https://m.example', 'https://k.example', 'cid', '');
        $this->assertSame('kafrequest', $r['keyset']['problem']);
        $this->assertSame('kafunreachable', $r['keyset']['error']);
        $this->assertFalse($r['keyset']['matched']);
        $this->assertSame('kafunreachable', $r['oidc']['error']);
        $this->assertSame(['location'], $r['oidc']['problems']);
        $this->assertCount(1, $t->sent);

        $t = (new fake_transport())->answer(200, [], '{"keys":[]}')
            ->answer(400, [['content-type', 'text/html']], '<html><head><title>x</title></head><body><h1>Error</h1>'
                . '<p>client_id mismatch: &quot;cid&quot;</p></body></html>');
        $door = new door($t, 'https://k.example', false, function () {
            return ['93.184.216.34'];
        });
        $r = (new lti_probe($door))->run('https://m.example', 'https://k.example', 'cid', '');
        $this->assertSame('keysetempty', $r['keyset']['problem']);
        $this->assertSame(400, $r['oidc']['httpstatus']);
        $this->assertSame(['location'], $r['oidc']['problems']);
        $this->assertSame('Error client_id mismatch: "cid"', $r['oidc']['excerpt']);
        // The page's own error element, without the chrome around it.
        $this->assertSame('LTI 1.3 is not enabled.', page_text::excerpt('<html><body><div id="header"><h1>Console</h1>'
            . '<span>Partner 1</span></div><div id="content"><h2>Error</h2><div class="alert alert-danger" id="Error-Message">'
            . 'LTI 1.3 is not enabled.</div></div></body></html>'));
        $this->assertSame('plain text', page_text::excerpt("plain\n  text"));
        $this->assertSame(str_repeat('x', 199) . '…', page_text::excerpt(str_repeat('x', 300)));
    }

    /**
     * One half only: only its request is made; the other half comes back as not probed.
     */
    public function test_probe_parts(): void {
        $good = self::jwk(2048);
        $tp = probe_rule::rsa_thumbprint($good['n'], $good['e']);
        $resolver = function () {
            return ['93.184.216.34'];
        };
        $t = (new fake_transport())->answer(200, [['content-type', 'application/json']], json_encode(['keys' => [$good]]));
        $r = (new lti_probe(new door($t, 'https://k.example', false, $resolver)))
            ->run('https://m.example', 'https://k.example', 'cid', $tp, 'keyset');
        $this->assertCount(1, $t->sent);
        $this->assertSame('https://k.example/hosted/index/lti-advantage-key-set', $t->sent[0][1]);
        $this->assertTrue($r['keyset']['matched']);
        $this->assertSame(lti_probe::not_probed($tp)['oidc'], $r['oidc']);
        $this->assertSame(['httpstatus' => 0, 'location' => '', 'problems' => [], 'excerpt' => '', 'error' => ''], $r['oidc']);

        $t = (new fake_transport())->answer(302, [['location', self::redirect([], 'https://m.example/local/kaltura/auth.php')]]);
        $r = (new lti_probe(new door($t, 'https://k.example', false, $resolver)))
            ->run('https://m.example', 'https://k.example', 'cid', $tp, 'oidc');
        $this->assertCount(1, $t->sent);
        $this->assertStringStartsWith('https://k.example/hosted/index/oidc-init?', $t->sent[0][1]);
        $this->assertSame(302, $r['oidc']['httpstatus']);
        $this->assertSame(['problem' => '', 'httpstatus' => 0, 'error' => '', 'expected' => $tp, 'matched' => false,
            'thumbprint' => '', 'bits' => 0, 'kid' => '', 'keys' => []], $r['keyset']);
    }
}
