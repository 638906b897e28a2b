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
use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\redactor;
use tool_kalturalti13\local\settings_validator;

defined('MOODLE_INTERNAL') || die();

// Moodle's runner does not read tests/unit/bootstrap.php.
require_once(__DIR__ . '/bad_inputs.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\redactor::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\settings_validator::class)]
/**
 * Redaction of private keys and validation of local_kaltura settings (no Moodle).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\redactor
 * @covers     \tool_kalturalti13\local\settings_validator
 */
final class redactor_settings_test extends TestCase {
    /** A fake PEM body (not a real key). */
    public const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nabc+/=\n"
        . "-----END PRIVATE KEY-----";

    /**
     * A key in a textarea is replaced by the token of the decoded PEM; the key is kept with the line ends KAF sent.
     */
    public function test_redacts_textarea(): void {
        $crlf = str_replace("\n", "\r\n", self::PEM);
        $html = '<textarea name="lti13ServicePrivateKey">' . $crlf . '</textarea><p>ok</p>';
        [$out, $secrets] = redactor::redact($html);
        $token = redactor::token(self::PEM);
        $this->assertSame('<textarea name="lti13ServicePrivateKey">' . $token . '</textarea><p>ok</p>', $out);
        $this->assertSame([$token => $crlf], $secrets);
        $this->assertFalse(redactor::holds_key($out));
        $this->assertTrue(redactor::is_token($token));
        $this->assertSame([$token], redactor::tokens_in('x' . $token . 'y' . $token));
    }

    /**
     * holds_key sees a key URL-encoded (once or twice) and HTML-encoded too, so the journal and the door's paths
     * refuse it in every form; scrub_url keeps a URL without one as it is.
     */
    public function test_holds_key_encoded(): void {
        $this->assertTrue(redactor::holds_key(rawurlencode(self::PEM)));
        $this->assertTrue(redactor::holds_key(urlencode(urlencode(self::PEM))));
        $this->assertTrue(redactor::holds_key(str_replace('-', '&#45;', self::PEM)));
        $this->assertTrue(redactor::holds_key('{"v":"' . rawurlencode(self::PEM) . '"}'));
        $this->assertFalse(redactor::holds_key('https://m.example/?a=%2D%2D&b=public'));
        $this->assertSame('/admin/x?a=1', redactor::scrub_url('/admin/x?a=1'));
        $this->assertSame('/admin/x?' . redactor::TRUNCATED, redactor::scrub_url('/admin/x?k=' . rawurlencode(self::PEM)));
        $this->assertSame(redactor::TRUNCATED, redactor::scrub_url('https://h/' . rawurlencode(self::PEM)));
    }

    /**
     * Entities, RSA flavour, attribute values and several keys.
     */
    public function test_redacts_variants(): void {
        $rsa = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----";
        $enc = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nBBBB\n-----END ENCRYPTED PRIVATE KEY-----";
        $html = '<input value="' . str_replace("\n", '&#10;', $rsa) . '"><pre>' . $enc . '</pre>';
        [$out, $secrets] = redactor::redact($html);
        $this->assertCount(2, $secrets);
        $this->assertArrayHasKey(redactor::token($rsa), $secrets);
        $this->assertArrayHasKey(redactor::token($enc), $secrets);
        $this->assertFalse(redactor::holds_key($out));
        $this->assertStringNotContainsString('AAAA', $out);
    }

    /**
     * A key cut by the size cap is dropped from its BEGIN line on.
     */
    public function test_truncated_key(): void {
        [$out, $secrets] = redactor::redact("<p>x</p>-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN");
        $this->assertSame('<p>x</p>' . redactor::TRUNCATED, $out);
        $this->assertSame([], $secrets);
    }

    /**
     * Public keys and plain text are left alone.
     */
    public function test_public_key_untouched(): void {
        $pub = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
        $this->assertSame([$pub, []], redactor::redact($pub));
    }

    /**
     * Current settings of a typical site.
     *
     * @return array
     */
    private static function current(): array {
        return ['kaf_uri' => 'https://1.kaf.kaltura.com', 'uri' => 'www.kaltura.com', 'lti_version' => 'LTI-1p0',
            'partner_id' => '1', 'enable_logging' => '0', 'enable_submission' => '0', 'guest_support' => null];
    }

    /**
     * Good changes; unchanged values are dropped.
     */
    public function test_good_settings(): void {
        $out = settings_validator::validate([
            ['name' => 'kaf_uri', 'value' => 'https://2.kaf.kaltura.com'],
            ['name' => 'lti_version', 'value' => '1.3.0'],
            ['name' => 'partner_id', 'value' => '1'],
            ['name' => 'enable_logging', 'value' => '1'],
            ['name' => 'uri', 'value' => 'https://www.kaltura.com'],
        ], self::current(), false);
        $this->assertSame(['kaf_uri' => 'https://2.kaf.kaltura.com', 'lti_version' => '1.3.0', 'enable_logging' => '1',
            'uri' => 'https://www.kaltura.com'], $out);
        $current = self::current();
        $current['guest_support'] = '1';
        $this->assertSame(
            ['guest_support' => '0'],
            settings_validator::validate([['name' => 'guest_support', 'value' => '0']], $current, false)
        );
    }

    /**
     * Bad changes (shared with the Moodle tier).
     *
     * @return array
     */
    public static function bad_settings(): array {
        return bad_inputs::settings();
    }

    /**
     * A bad settings change is refused with the code that says what is wrong.
     *
     * @dataProvider bad_settings
     * @param array $changes changes
     * @param string $code expected error code
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bad_settings')]
    public function test_bad_settings(array $changes, string $code): void {
        try {
            settings_validator::validate($changes, self::current(), false);
            $this->fail('accepted');
        } catch (policy_exception $e) {
            $this->assertSame($code, $e->errorcode);
        }
    }

    /**
     * A run's rollback may put kaf_uri back exactly as its snapshot holds it, and only that value, only for the same KAF.
     */
    public function test_kaf_uri_put_back_by_the_run(): void {
        $current = self::current();
        $snap = ['kaf_uri' => 'http://1.kaf.kaltura.com/'];
        $this->assertSame(
            ['kaf_uri' => 'http://1.kaf.kaltura.com/'],
            settings_validator::validate([['name' => 'kaf_uri', 'value' => 'http://1.kaf.kaltura.com/']], $current, false, $snap)
        );
        $refused = [
            'another bad form of the same host' => ['https://1.kaf.kaltura.com/', $snap],
            'no run open' => ['http://1.kaf.kaltura.com/', []],
            'another KAF' => ['http://2.kaf.kaltura.com/', ['kaf_uri' => 'http://2.kaf.kaltura.com/']],
        ];
        foreach ($refused as $why => [$value, $putback]) {
            try {
                settings_validator::validate([['name' => 'kaf_uri', 'value' => $value]], $current, false, $putback);
                $this->fail('accepted: ' . $why);
            } catch (policy_exception $e) {
                $this->assertSame('settinginvalid', $e->errorcode, $why);
            }
        }
    }
}
