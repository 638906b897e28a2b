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

namespace tool_kalturalti13;

use tool_kalturalti13\local\journal;
use tool_kalturalti13\local\kaf\session_store;
use tool_kalturalti13\local\redactor;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/kafsim_lifecycle.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\door::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\session_store::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\curl_transport::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\kaf_login::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\kaf_request::class)]
/**
 * Real HTTP round trips through the KAF door to the KAF simulator on loopback (with the test flag).
 *
 * The simulator comes from kafsim_helper (KAFSIM_URL, or started from the repository with node).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\kaf\door
 * @covers     \tool_kalturalti13\local\kaf\session_store
 * @covers     \tool_kalturalti13\local\curl_transport
 * @covers     \tool_kalturalti13\external\kaf_login
 * @covers     \tool_kalturalti13\external\kaf_request
 */
final class kafsim_test extends \advanced_testcase {
    use kafsim_lifecycle;

    /** KAF admin of the simulator. */
    private const USER = 'admin@example.com';

    /** Its password. */
    private const PASSWORD = 'kafsim-admin';

    /**
     * Points local_kaltura at the simulator, with the test flag.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->use_kafsim();
        set_config('kaf_uri', self::$url, 'local_kaltura');
        set_config('lti_version', 'LTI-1p0', 'local_kaltura');
        set_config('partner_id', '12345', 'local_kaltura');
        $this->setAdminUser();
        kafsim_helper::call('/__sim/reset');
    }

    /**
     * Without the test flag, the loopback simulator is refused (no http, no loopback).
     */
    public function test_refused_without_flag(): void {
        global $CFG;
        $CFG->tool_kalturalti13_allow_insecure_kaf = false;
        try {
            external\kaf_login::execute(self::USER, self::PASSWORD);
            $this->fail('loopback http accepted without the flag');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafuribad', $e->errorcode);
        }
        $port = parse_url(self::$url, PHP_URL_PORT);
        set_config('kaf_uri', 'https://localhost:' . $port, 'local_kaltura');
        try {
            external\kaf_login::execute(self::USER, self::PASSWORD);
            $this->fail('a name resolving to 127.0.0.1 accepted without the flag');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafhostrefused', $e->errorcode);
        }
    }

    /**
     * Wrong credentials and an unreachable host have their own errors.
     */
    public function test_login_errors(): void {
        try {
            external\kaf_login::execute(self::USER, 'wrong');
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafbadcredentials', $e->errorcode);
            $this->assertStringNotContainsString('wrong', $e->getMessage() . $e->debuginfo);
        }
        set_config('kaf_uri', 'http://127.0.0.1:1', 'local_kaltura');
        try {
            external\kaf_login::execute(self::USER, self::PASSWORD);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafunreachable', $e->errorcode);
        }
    }

    /**
     * A full run: log in, read the Hosted form, post it back with a new key, read it again (the key comes back
     * as a token), snapshot, finish; then no password, session cookie or private key anywhere.
     */
    public function test_full_run_leaves_no_secret(): void {
        global $DB, $SESSION;
        $sink = $this->redirectEvents();
        $responses = [];
        $login = external\kaf_login::execute(self::USER, self::PASSWORD);
        $responses[] = $login;
        $this->assertTrue($login['loggedin']);
        $this->assertSame('127.0.0.1', $login['kafhost']);
        $cookies = session_store::cookies(self::$url);
        $this->assertNotEmpty($cookies);

        $run = external\run_start::execute('upgrade', '{"hosted":{"authMethod":"lti1.3"}}');
        $responses[] = $run;
        $page = external\kaf_request::execute('GET', '/admin/config/tab/hosted', []);
        $responses[] = $page;
        $this->assertSame(200, $page['status']);
        $this->assertStringContainsString('logout-button', $page['body']);
        $form = $this->form_fields($page['body']);
        $this->assertNotEmpty($form['fields']);

        $key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        openssl_pkey_export($key, $pem);
        $pub = openssl_pkey_get_details($key)['key'];
        $fields = [];
        $seen = [];
        foreach ($form['fields'] as [$name, $value]) {
            if ($name === 'authMethod') {
                $value = 'lti1.3';
            } else if ($name === 'lti13ServicePrivateKey') {
                $value = $pem;
            } else if ($name === 'lti13ServicePublicKey') {
                $value = $pub;
            }
            $seen[$name] = true;
            $fields[] = ['name' => $name, 'value' => $value];
        }
        foreach (['authMethod' => 'lti1.3', 'lti13ServicePrivateKey' => $pem, 'lti13ServicePublicKey' => $pub] as $n => $v) {
            if (!isset($seen[$n])) {
                $fields[] = ['name' => $n, 'value' => $v];
            }
        }
        $saved = external\kaf_request::execute('POST', $form['action'], $fields);
        $responses[] = $saved;
        $this->assertSame(200, $saved['status']);

        $again = external\kaf_request::execute('GET', '/admin/config/tab/hosted', []);
        $responses[] = $again;
        // The token covers BEGIN to the end of the END line: no trailing newline.
        $token = redactor::token(trim(str_replace("\r\n", "\n", $pem)));
        $this->assertStringContainsString($token, $again['body'], 'the saved key comes back as its token');
        $this->assertFalse(redactor::holds_key($again['body']));

        // Post the form back with the token: the server substitutes the key.
        $back = [];
        foreach ($this->form_fields($again['body'])['fields'] as [$name, $value]) {
            $back[] = ['name' => $name, 'value' => $value];
        }
        $responses[] = external\kaf_request::execute('POST', $form['action'], $back);
        $third = external\kaf_request::execute('GET', '/admin/config/tab/hosted', []);
        $responses[] = $third;
        $this->assertStringContainsString($token, $third['body'], 'the key survived a round trip as a token');

        $keyset = external\kaf_request::execute('GET', '/hosted/index/lti-advantage-key-set', []);
        $responses[] = $keyset;
        $this->assertSame(200, $keyset['status']);

        external\run_snapshot::execute($run['id'], json_encode(['lti13ServicePrivateKey' => $token]));
        $responses[] = external\run_get_snapshot::execute($run['id']);
        external\run_step::execute($run['id'], 'applykaf', 'done', 1700000000000, 12, '{"fields":3}');
        $responses[] = external\run_finish::execute($run['id'], 'completed', '{}');
        $responses[] = external\run_get::execute(0);
        $responses[] = external\get_state::execute();

        // Nothing of ours in the Moodle session: the KAF session lives in its own table.
        foreach (array_keys((array)$SESSION) as $key) {
            $this->assertStringNotContainsString('kalturalti13', $key);
        }

        // Every response, the plugin's tables, the config log, the site log and every event fired (what the
        // site log would record; the log store is off in unit tests).
        $dump = json_encode($responses);
        $this->assertTrue($DB->record_exists('tool_kalturalti13_kafsess', []), 'the KAF login is kept, encrypted');
        $tables = ['tool_kalturalti13_runs', 'tool_kalturalti13_steps', 'tool_kalturalti13_kafsess', 'config_log',
            'logstore_standard_log'];
        foreach ($tables as $table) {
            $dump .= json_encode($DB->get_records($table));
        }
        foreach ($sink->get_events() as $event) {
            $dump .= json_encode($event->get_data()) . $event->get_description();
        }
        $this->assertGreaterThanOrEqual(2, count($sink->get_events()));
        $keybody = trim(preg_replace('/-----[^-]+-----/', '', $pem));
        $needles = ['password' => self::PASSWORD, 'private key' => substr(str_replace("\n", '', $keybody), 0, 64),
            'BEGIN' => 'PRIVATE KEY-----'];
        foreach ($cookies as $value) {
            $needles['cookie'] = $value;
        }
        foreach ($needles as $what => $needle) {
            $this->assertFalse(strpos($dump, $needle), $what . ' leaked');
            $this->assertFalse(strpos(str_replace('\\/', '/', $dump), $needle), $what . ' leaked');
        }
    }

    /**
     * The OIDC login initiation redirects off the KAF host: reported in location, not followed.
     */
    public function test_oidc_init_not_followed(): void {
        $r = external\kaf_request::execute('GET', '/hosted/index/oidc-init?iss=x&login_hint=2&target_link_uri=y', []);
        $this->assertContains($r['status'], [200, 302, 303, 400]);
        if ($r['status'] === 302 || $r['status'] === 303) {
            $this->assertNotSame('', $r['location']);
        }
    }

    /**
     * The fields of the first form with a Save button (or the only form) of a page.
     *
     * @param string $html page
     * @return array action, fields (list of [name, value])
     */
    private function form_fields(string $html): array {
        $doc = new \DOMDocument();
        libxml_use_internal_errors(true);
        $doc->loadHTML('<?xml encoding="UTF-8">' . $html);
        libxml_clear_errors();
        $xpath = new \DOMXPath($doc);
        $form = null;
        foreach ($xpath->query('//form') as $f) {
            if ($xpath->query('.//*[@name="authMethod"]', $f)->length) {
                $form = $f;
                break;
            }
        }
        $this->assertNotNull($form, 'Hosted form found');
        $fields = [];
        foreach ($xpath->query('.//input|.//select|.//textarea', $form) as $el) {
            $name = $el->getAttribute('name');
            $type = strtolower($el->getAttribute('type'));
            if (
                $name === ''
                || in_array($type, ['button', 'reset', 'file'], true)
                || (in_array($type, ['checkbox', 'radio'], true) && !$el->hasAttribute('checked'))
            ) {
                continue;
            }
            if ($el->nodeName === 'textarea') {
                $value = $el->textContent;
            } else if ($el->nodeName === 'select') {
                $value = '';
                foreach ($xpath->query('.//option', $el) as $i => $opt) {
                    if ($i === 0 || $opt->hasAttribute('selected')) {
                        $value = $opt->getAttribute('value');
                    }
                }
            } else {
                $value = $el->getAttribute('value');
            }
            $fields[] = [$name, $value];
        }
        $action = $form->getAttribute('action') ?: '/admin/config/tab/hosted';
        $action = preg_replace('~^https?://[^/]+~', '', $action);
        return ['action' => $action, 'fields' => $fields];
    }
}
