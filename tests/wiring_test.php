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

use core\check\result;
use tool_kalturalti13\local\probe_rule;
use tool_kalturalti13\local\watcher;
use tool_kalturalti13\local\wiring;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/kafsim_lifecycle.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\wiring::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\lti_probe::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\watcher::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\check\wiring::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\task\watch_wiring::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\lti_probe::class)]
/**
 * The LTI 1.3 wiring check, its watch task and the lti_probe external function, against the KAF simulator over real
 * HTTP (loopback, with the test flag): a verified upgrade checks out; each way it can break later is named with its fix.
 *
 * The simulator comes from kafsim_helper (KAFSIM_URL, or started from the repository with node).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\wiring
 * @covers     \tool_kalturalti13\local\lti_probe
 * @covers     \tool_kalturalti13\local\watcher
 * @covers     \tool_kalturalti13\check\wiring
 * @covers     \tool_kalturalti13\task\watch_wiring
 * @covers     \tool_kalturalti13\external\lti_probe
 */
final class wiring_test extends \advanced_testcase {
    use kafsim_lifecycle;

    /** @var string the client id of the test site */
    private const CLIENTID = 'AbCdEfGhIjKlMnO';

    /** @var string the public key KAF holds after the "verified upgrade" of setUp */
    private $publicpem = '';

    /** @var string its thumbprint */
    private $thumbprint = '';

    /**
     * A fresh RSA key pair.
     *
     * @param int $bits size
     * @return array [private PEM, public PEM, thumbprint]
     */
    private static function keypair(int $bits = 2048): array {
        $key = openssl_pkey_new(['private_key_bits' => $bits, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        openssl_pkey_export($key, $pem);
        $details = openssl_pkey_get_details($key);
        $tp = probe_rule::rsa_thumbprint(probe_rule::b64url($details['rsa']['n']), probe_rule::b64url($details['rsa']['e']));
        return [$pem, $details['key'], $tp];
    }

    /**
     * The state a verified upgrade leaves: KAF's Hosted module on LTI 1.3 with Moodle's URLs, client id and a key
     * pair; Moodle's local_kaltura on 1.3 pointing at the simulator; the key's thumbprint recorded.
     */
    protected function setUp(): void {
        global $CFG;
        parent::setUp();
        $this->use_kafsim();
        kafsim_helper::call('/__sim/reset');
        [$private, $this->publicpem, $this->thumbprint] = self::keypair();
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => [
            'authMethod' => 'lti1.3',
            'lti13PlatformOidcAuthUrl' => $CFG->wwwroot . '/local/kaltura/auth.php',
            'lti13AuthTokenUrl' => $CFG->wwwroot . '/mod/lti/token.php',
            'lti13KeysUrl' => $CFG->wwwroot . '/mod/lti/certs.php',
            'lti13ClientId' => self::CLIENTID,
            'lti13ServicePrivateKey' => $private,
            'lti13ServicePublicKey' => $this->publicpem,
        ]]]);
        set_config('kaf_uri', self::$url, 'local_kaltura');
        set_config('lti_version', '1.3.0', 'local_kaltura');
        set_config('partner_id', '12345', 'local_kaltura');
        set_config('client_id', self::CLIENTID, 'local_kaltura');
        if ((string)get_config('mod_lti', 'privatekey') === '' || (string)get_config('mod_lti', 'kid') === '') {
            // As mod_lti makes them at install.
            [$sitekey] = self::keypair();
            set_config('privatekey', $sitekey, 'mod_lti');
            set_config('kid', bin2hex(random_bytes(10)), 'mod_lti');
        }
        wiring::record_verified($this->thumbprint);
        wiring::forget();
        $this->setAdminUser();
    }

    /**
     * The finding with this id and a status other than ok, or null.
     *
     * @param array $result result
     * @param string $code code
     * @return array|null
     */
    private static function finding(array $result, string $code): ?array {
        foreach ($result['findings'] as $f) {
            if ($f['code'] === $code) {
                return $f;
            }
        }
        return null;
    }

    /**
     * How many requests the simulator has logged.
     *
     * @return int
     */
    private static function requests(): int {
        return count(kafsim_helper::call('/__sim/state', null, 'GET')['log'] ?? []);
    }

    /**
     * The check is registered the Moodle way and a verified upgrade is OK, with every finding OK.
     */
    public function test_verified_upgrade_is_ok(): void {
        $checks = array_filter(\core\check\manager::get_checks('status'), function ($c) {
            return $c instanceof check\wiring;
        });
        $this->assertCount(1, $checks, 'registered through tool_kalturalti13_status_checks()');
        $check = reset($checks);
        $this->assertSame('tool_kalturalti13', $check->get_component());
        $this->assertSame('tool_kalturalti13_wiring', $check->get_ref());
        $this->assertSame(get_string('checkwiring', 'tool_kalturalti13'), $check->get_name());
        $this->assertStringEndsWith('/admin/tool/kalturalti13/index.php', $check->get_action_link()->url->out(false));

        $result = $check->get_result();
        $this->assertSame(result::OK, $result->get_status(), $result->get_summary() . "\n" . $result->get_details());
        $this->assertSame(get_string('wiring_summary_ok', 'tool_kalturalti13'), $result->get_summary());
        $r = wiring::latest();
        $codes = array_column($r['findings'], 'code');
        foreach (['ltiversionok', 'kafuriok', 'clientidok', 'sitekeyok', 'keysetok', 'oidcok'] as $code) {
            $this->assertContains($code, $codes);
        }
        $this->assertSame(['ok'], array_values(array_unique(array_column($r['findings'], 'status'))));
        $this->assertSame($this->thumbprint, self::finding($r, 'keysetok')['a']['thumbprint']);
        $this->assertStringContainsString($this->thumbprint, $result->get_details());
        $this->assertSame((string)get_config('mod_lti', 'kid'), self::finding($r, 'sitekeyok')['a']['kid']);
    }

    /**
     * A site still on LTI 1.1: info, not an error, pointing to the upgrade, and KAF not called.
     */
    public function test_lti11_site_points_to_upgrade(): void {
        set_config('lti_version', 'LTI-1p0', 'local_kaltura');
        $before = self::requests();
        $result = (new check\wiring())->get_result();
        $this->assertSame(result::INFO, $result->get_status());
        $this->assertStringContainsString('LTI 1.1', $result->get_summary());
        $this->assertStringContainsString(get_string('wiring_ltiversion11_fix', 'tool_kalturalti13'), $result->get_details());
        $this->assertSame($before, self::requests(), 'no request to KAF');
    }

    /**
     * (a) A new key pair saved in KAF: a warning naming both thumbprints and what to do.
     */
    public function test_new_key_pair_in_kaf(): void {
        [$private, $public, $tp] = self::keypair();
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['lti13ServicePrivateKey' => $private,
            'lti13ServicePublicKey' => $public]]]);
        $r = wiring::refresh();
        $this->assertSame('warning', $r['status']);
        $f = self::finding($r, 'keysetchanged');
        $this->assertSame(['was' => $this->thumbprint, 'now' => $tp], array_intersect_key($f['a'], ['was' => 1, 'now' => 1]));
        $result = (new check\wiring())->get_result();
        $this->assertSame(result::WARNING, $result->get_status());
        $this->assertStringContainsString($tp, $result->get_summary());
        $this->assertStringContainsString(get_string('wiring_keysetchanged_fix', 'tool_kalturalti13'), $result->get_details());
        // The login initiation is unaffected.
        $this->assertNotNull(self::finding($r, 'oidcok'));
    }

    /**
     * A key too small, and no key at all: errors.
     */
    public function test_weak_or_missing_key(): void {
        [, $public] = self::keypair(1024);
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['lti13ServicePublicKey' => $public]]]);
        $r = wiring::refresh();
        $this->assertSame('error', $r['status']);
        $this->assertSame('1024', self::finding($r, 'keysetweak')['a']['bits']);
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['lti13ServicePublicKey' => '']]]);
        $this->assertNotNull(self::finding(wiring::refresh(), 'keysetempty'));
    }

    /**
     * (b) Another client id in KAF: KAF refuses the login initiation; the error says so, with KAF's own words and
     * Moodle's client id to paste.
     */
    public function test_other_client_id_in_kaf(): void {
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['lti13ClientId' => 'SomeoneElsesId']]]);
        $r = wiring::refresh();
        $this->assertSame('error', $r['status']);
        $f = self::finding($r, 'oidcnoredirect');
        $this->assertSame('400', $f['a']['status']);
        $this->assertStringContainsString('client_id mismatch', $f['a']['excerpt']);
        $this->assertSame(self::CLIENTID, $f['a']['clientid']);
        $result = (new check\wiring())->get_result();
        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertStringContainsString('lti13ClientId to ' . self::CLIENTID, $result->get_details());
        // The key set is still right.
        $this->assertNotNull(self::finding($r, 'keysetok'));
    }

    /**
     * (c) authMethod back to LTI 1.1 in KAF: the login initiation is refused; the fix names authMethod.
     */
    public function test_authmethod_back_to_lti11_in_kaf(): void {
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['authMethod' => 'lti']]]);
        $r = wiring::refresh();
        $this->assertSame('error', $r['status']);
        $f = self::finding($r, 'oidcnoredirect');
        $this->assertStringContainsString('LTI 1.3 is not enabled', $f['a']['excerpt']);
        $this->assertStringContainsString('authMethod to LTI 1.3', (new check\wiring())->get_result()->get_details());
    }

    /**
     * KAF sending logins elsewhere: the target and the fix named.
     */
    public function test_oidc_target_changed_in_kaf(): void {
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => [
            'lti13PlatformOidcAuthUrl' => 'https://old.example/auth.php',
        ]]]);
        $r = wiring::refresh();
        $f = self::finding($r, 'oidctarget');
        $this->assertSame('https://old.example/auth.php', $f['a']['got']);
        $this->assertStringEndsWith('/local/kaltura/auth.php', $f['a']['want']);
    }

    /**
     * (d) kaf_uri changed in Moodle: to another origin (the error names both), and to a bad form.
     */
    public function test_kaf_uri_changed_in_moodle(): void {
        $other = str_replace('127.0.0.1', 'localhost', self::$url);
        set_config('kaf_uri', $other, 'local_kaltura');
        $r = wiring::refresh();
        $this->assertSame('error', $r['status']);
        $this->assertSame(['was' => self::$url, 'now' => $other], self::finding($r, 'kafurichanged')['a']);
        $result = (new check\wiring())->get_result();
        $this->assertStringContainsString(s(self::$url), $result->get_details());

        set_config('kaf_uri', self::$url . '/', 'local_kaltura');
        $r = wiring::refresh();
        $this->assertSame('error', $r['status']);
        $this->assertNotNull(self::finding($r, 'kafuribad'));
        $this->assertNull($r['probe'], 'KAF is not called with a bad kaf_uri');
    }

    /**
     * (e) KAF down: one error naming KAF and the door's reason; the key set answering 503: its own error.
     */
    public function test_kaf_down(): void {
        kafsim_helper::call('/__sim/faults', ['kind' => 'reset', 'pathPrefix' => '/hosted/', 'count' => 'always']);
        $r = wiring::refresh();
        $this->assertSame('error', $r['status']);
        $down = array_values(array_filter($r['findings'], function ($f) {
            return $f['code'] === 'kafdown';
        }));
        $this->assertCount(1, $down);
        $this->assertSame('kafunreachable', $down[0]['a']['error']);
        $result = (new check\wiring())->get_result();
        $this->assertStringContainsString(
            get_string('kafunreachable', 'tool_kalturalti13', s(self::$url)),
            $result->get_summary()
        );

        kafsim_helper::call('/__sim/faults', null, 'DELETE');
        kafsim_helper::call('/__sim/faults', ['kind' => 'status', 'status' => 503, 'path' => '/hosted/index/lti-advantage-key-set',
            'count' => 'always']);
        $this->assertSame('503', self::finding(wiring::refresh(), 'keysetstatus')['a']['status']);
    }

    /**
     * A check that cannot run says so (unknown) instead of breaking System status.
     */
    public function test_broken_result_is_unknown(): void {
        \cache::make('tool_kalturalti13', wiring::CACHE)->set(wiring::KEY, ['time' => time(), 'status' => 'ok',
            'findings' => [['id' => 'x', 'status' => 'no-such-status', 'code' => 'x', 'a' => []]]]);
        $result = (new check\wiring())->get_result();
        $messages = array_column($this->getDebuggingMessages(), 'message');
        $this->resetDebugging();
        $this->assertNotEmpty(preg_grep('/^tool_kalturalti13 wiring check: /', $messages));
        $this->assertSame(result::UNKNOWN, $result->get_status());
        $this->assertStringContainsString('could not run', $result->get_summary());
    }

    /**
     * The site key: missing, and a kid that certs.php does not publish.
     */
    public function test_site_key(): void {
        $kid = (string)get_config('mod_lti', 'kid');
        set_config('kid', '', 'mod_lti');
        $this->assertSame('sitekeynokid', wiring::site_key()['code']);
        set_config('kid', $kid, 'mod_lti');
        set_config('privatekey', '', 'mod_lti');
        $this->assertSame('sitekeymissing', wiring::site_key()['code']);
        set_config('privatekey', 'not a key', 'mod_lti');
        $this->assertSame('sitekeybad', wiring::site_key()['code']);
    }

    /**
     * The result is cached: System status does not call KAF again until it is older than statusttl; forget() and a
     * finished run drop it.
     */
    public function test_cached(): void {
        $first = wiring::latest();
        $this->assertSame('ok', $first['status']);
        $n = self::requests();
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['authMethod' => 'lti']]]);
        $this->assertSame('ok', (new check\wiring())->get_result()->get_status(), 'the cached result');
        $this->assertSame($n, self::requests(), 'no request to KAF while the result is fresh');

        set_config('statusttl', 0, 'tool_kalturalti13');
        $this->assertSame('error', wiring::latest()['status'], 'a result older than statusttl is checked again');
        $this->assertGreaterThan($n, self::requests());

        set_config('statusttl', 3600, 'tool_kalturalti13');
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['authMethod' => 'lti1.3']]]);
        $this->assertSame('error', wiring::latest()['status'], 'still the cached error');
        wiring::forget();
        $this->assertSame('ok', wiring::latest()['status']);
    }

    /**
     * A change of the Kaltura settings through Moodle's settings page (a config-log row) drops the cached result.
     */
    public function test_settings_change_drops_cache(): void {
        wiring::latest();
        $this->assertNotNull(wiring::cached());
        add_to_config_log('enable_logging', '0', '1', 'core_other_plugin');
        $this->assertNotNull(wiring::cached(), 'another plugin\'s setting');
        $other = str_replace('127.0.0.1', 'localhost', self::$url);
        set_config('kaf_uri', $other, 'local_kaltura');
        add_to_config_log('kaf_uri', self::$url, $other, 'local_kaltura');
        $this->assertNull(wiring::cached());
        $this->assertSame(result::ERROR, (new check\wiring())->get_result()->get_status());
    }

    /**
     * The watch task: one notification per change, none while nothing changes, none for a recovery; an event for
     * each change; no secret in what it sends.
     */
    public function test_task_notifies_once_per_change(): void {
        $admin = get_admin();
        $sink = $this->redirectMessages();
        $events = $this->redirectEvents();
        $task = new task\watch_wiring();
        $run = function () use ($task) {
            ob_start();
            $task->execute();
            return ob_get_clean();
        };

        $run();
        $this->assertSame(0, $sink->count(), 'OK: nothing sent');

        // Case (a), a new key pair: one notification; the next days none.
        [$private, $public] = self::keypair();
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['lti13ServicePrivateKey' => $private,
            'lti13ServicePublicKey' => $public]]]);
        $this->assertStringContainsString('warning', $run());
        $this->assertSame(1, $sink->count());
        $run();
        $run();
        $this->assertSame(1, $sink->count(), 'not every day');
        $message = $sink->get_messages()[0];
        $this->assertSame('tool_kalturalti13', $message->component);
        $this->assertSame('wiringdrift', $message->eventtype);
        $this->assertEquals($admin->id, $message->useridto);
        $this->assertStringContainsString(get_string('wiring_keysetchanged_fix', 'tool_kalturalti13'), $message->fullmessage);
        $this->assertStringContainsString('/admin/tool/kalturalti13/index.php', $message->contexturl);
        $dump = json_encode($sink->get_messages());
        $this->assertStringNotContainsString('PRIVATE KEY', $dump);
        $keybody = substr(str_replace("\n", '', trim(preg_replace('/-----[^-]+-----/', '', $private))), 0, 64);
        $this->assertStringNotContainsString($keybody, $dump);

        // Back to OK: nothing sent. Then (c): one; then (e) on top of it: the problem changed, one more.
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['lti13ServicePublicKey' => $this->publicpem]]]);
        $run();
        $this->assertSame(1, $sink->count());
        kafsim_helper::call('/__sim/state', ['modules' => ['hosted' => ['authMethod' => 'lti']]]);
        $run();
        $run();
        $this->assertSame(2, $sink->count());
        kafsim_helper::call('/__sim/faults', ['kind' => 'reset', 'pathPrefix' => '/hosted/', 'count' => 'always']);
        $run();
        $run();
        $this->assertSame(3, $sink->count());
        $this->assertStringContainsString(
            get_string('wiring_kafdown_fix', 'tool_kalturalti13'),
            $sink->get_messages()[2]->fullmessage
        );

        $changes = array_values(array_filter($events->get_events(), function ($e) {
            return $e instanceof event\wiring_changed;
        }));
        $this->assertSame(
            [['', 'ok'], ['ok', 'warning:keysetchanged'], ['warning:keysetchanged', 'ok'],
            ['ok', 'error:oidcnoredirect'], ['error:oidcnoredirect', 'error:kafdown']],
            array_map(function ($e) {
                return [$e->other['from'], $e->other['to']];
            },
            $changes)
        );
        // The task refreshed what System status shows.
        $this->assertSame('error', wiring::cached()['status']);
    }

    /**
     * The decision alone: the first result, a change of problem, a recovery, an unchanged problem.
     */
    public function test_watcher_decide(): void {
        $ok = ['status' => 'ok', 'findings' => [['status' => 'ok', 'code' => 'oidcok']]];
        $down = ['status' => 'error', 'findings' => [['status' => 'error', 'code' => 'kafdown']]];
        $info = ['status' => 'info', 'findings' => [['status' => 'info', 'code' => 'ltiversion11']]];
        $this->assertSame(['changed' => true, 'notify' => false, 'signature' => 'ok'], watcher::decide('', $ok));
        $this->assertSame(['changed' => true, 'notify' => true, 'signature' => 'error:kafdown'], watcher::decide('ok', $down));
        $this->assertFalse(watcher::decide('error:kafdown', $down)['changed']);
        $this->assertSame(['changed' => true, 'notify' => false, 'signature' => 'ok'], watcher::decide('error:kafdown', $ok));
        $this->assertSame(['changed' => true, 'notify' => false, 'signature' => 'info'], watcher::decide('ok', $info));
    }

    /**
     * A completed upgrade records the thumbprint and kaf_uri it verified, with config-log rows; a bad thumbprint is
     * refused and changes nothing; failed runs and reverts record nothing.
     */
    public function test_run_finish_records_reference(): void {
        global $DB;
        unset_config('verifiedthumbprint', 'tool_kalturalti13');
        unset_config('verifiedkafuri', 'tool_kalturalti13');
        [, , $tp] = self::keypair();

        $run = external\run_start::execute('upgrade', '{}');
        try {
            external\run_finish::execute($run['id'], 'completed', '{}', 'not-a-thumbprint');
            $this->fail('a bad thumbprint was accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('probebadthumbprint', $e->errorcode);
        }
        $this->assertFalse(get_config('tool_kalturalti13', 'verifiedthumbprint'));
        $this->assertSame('running', $DB->get_field('tool_kalturalti13_runs', 'status', ['id' => $run['id']]));

        external\run_finish::execute($run['id'], 'failed', '{}', $tp);
        $this->assertFalse(get_config('tool_kalturalti13', 'verifiedthumbprint'), 'a failed run records nothing');

        $run = external\run_start::execute('upgrade', '{}');
        external\run_finish::execute($run['id'], 'completed', '{}', $tp);
        $this->assertSame($tp, get_config('tool_kalturalti13', 'verifiedthumbprint'));
        $this->assertSame(self::$url, get_config('tool_kalturalti13', 'verifiedkafuri'));
        $logs = $DB->get_records('config_log', ['plugin' => 'tool_kalturalti13', 'name' => 'verifiedthumbprint'], 'id DESC');
        $log = reset($logs);
        $this->assertSame($tp, $log->value);
        $this->assertNull($log->oldvalue);
        $this->assertTrue($DB->record_exists('config_log', ['plugin' => 'tool_kalturalti13', 'name' => 'verifiedkafuri']));

        $run = external\run_start::execute('revert', '{}');
        external\run_finish::execute($run['id'], 'completed', '{}', $this->thumbprint);
        $this->assertSame($tp, get_config('tool_kalturalti13', 'verifiedthumbprint'), 'a revert records nothing');
    }

    /**
     * The lti_probe external function: the rule's verdict for the expected key, the recorded key by default; bad
     * input refused; administrators only.
     */
    public function test_external_probe(): void {
        $r = external\lti_probe::clean_returnvalue(
            external\lti_probe::execute_returns(),
            external\lti_probe::execute($this->thumbprint)
        );
        $this->assertTrue($r['keyset']['matched']);
        $this->assertSame('', $r['keyset']['problem']);
        $this->assertSame(2048, $r['keyset']['bits']);
        $this->assertSame([], $r['oidc']['problems']);
        $this->assertSame(self::CLIENTID, probe_rule::param($r['oidc']['location'], 'client_id'));
        $this->assertSame(probe_rule::LOGIN_HINT, probe_rule::param($r['oidc']['location'], 'login_hint'));

        [, , $other] = self::keypair();
        $r = external\lti_probe::execute($other);
        $this->assertFalse($r['keyset']['matched']);
        $this->assertSame('keysetchanged', $r['keyset']['problem']);
        $r = external\lti_probe::execute('');
        $this->assertSame($this->thumbprint, $r['keyset']['expected'], 'the recorded thumbprint by default');
        $this->assertTrue($r['keyset']['matched']);

        try {
            external\lti_probe::execute('short');
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('probebadthumbprint', $e->errorcode);
        }
        $this->setUser($this->getDataGenerator()->create_user());
        $this->expectException(\required_capability_exception::class);
        external\lti_probe::execute('');
    }
}
