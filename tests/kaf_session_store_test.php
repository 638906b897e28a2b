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

use core_external\external_api;
use tool_kalturalti13\local\journal;
use tool_kalturalti13\local\kaf\cookie_jar;
use tool_kalturalti13\local\kaf\session_store;
use tool_kalturalti13\local\redactor;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\session_store::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\cookie_jar::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\external_shapes::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\task\cleanup_kaf_sessions::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\lti_probe::class)]
/**
 * The KAF session store (tool_kalturalti13_kafsess): bound to the user and the Moodle session, encrypted, expiring
 * with the session, deleted at logout and (its secrets) at run_finish, merging concurrent cookie writes; and the
 * external functions that no longer hold the session lock or write $SESSION.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\kaf\session_store
 * @covers     \tool_kalturalti13\local\kaf\cookie_jar
 * @covers     \tool_kalturalti13\local\external_shapes
 * @covers     \tool_kalturalti13\task\cleanup_kaf_sessions
 * @covers     \tool_kalturalti13\external\lti_probe
 */
final class kaf_session_store_test extends \advanced_testcase {
    /** A KAF origin. */
    private const ORIGIN = 'https://12345.kaf.invalid';

    /** A private key as KAF shows it. */
    public const PEM = "-----BEGIN PRIVATE KEY-----\nUVVKRFJFVkdSMGhKU2t0TVRVNVA=\n-----END PRIVATE KEY-----";

    /**
     * A site pointing at a KAF that cannot be reached (.invalid).
     */
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
        set_config('kaf_uri', self::ORIGIN, 'local_kaltura');
        set_config('lti_version', 'LTI-1p0', 'local_kaltura');
        set_config('partner_id', '12345', 'local_kaltura');
        $this->setAdminUser();
    }

    /**
     * This session's secret for the test PEM.
     *
     * @return string the token
     */
    private function hold_secret(): string {
        [, $secrets] = redactor::redact('<textarea>' . self::PEM . '</textarea>');
        session_store::put_secrets($secrets);
        return redactor::token(self::PEM);
    }

    /**
     * The row of the current user and session.
     *
     * @return \stdClass|false
     */
    private function row() {
        global $DB, $USER;
        return $DB->get_record(session_store::TABLE, ['userid' => $USER->id, 'sidhash' => session_store::sidhash()]);
    }

    /**
     * A row is read only for its user and its Moodle session; the session id itself is not stored.
     */
    public function test_bound_to_user_and_session(): void {
        global $DB;
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'cookie-value-1']));
        $token = $this->hold_secret();
        $this->assertSame(['kms' => 'cookie-value-1'], session_store::cookies(self::ORIGIN));
        $this->assertSame(self::PEM, session_store::get_secret($token));
        $this->assertSame([], session_store::cookies('https://other.kaf.invalid'), 'bound to the origin too');
        $row = $this->row();
        $this->assertSame(64, strlen($row->sidhash));

        // Another user in the same session id reads nothing.
        $this->setUser($this->getDataGenerator()->create_user());
        $this->assertSame([], session_store::cookies(self::ORIGIN));
        $this->assertNull(session_store::get_secret($token));
        $this->assertNull(session_store::origin());

        // The same user in another Moodle session reads nothing.
        $this->setAdminUser();
        $DB->set_field(session_store::TABLE, 'sidhash', session_store::sidhash('another-session'), ['id' => $row->id]);
        $this->assertSame([], session_store::cookies(self::ORIGIN));
        $this->assertNull(session_store::get_secret($token));
        $this->assertSame(1, $DB->count_records(session_store::TABLE), 'the other session\'s row is not touched');
    }

    /**
     * The data column holds no cookie value and no key: the JSON is encrypted.
     */
    public function test_nothing_in_plaintext(): void {
        global $DB;
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'cookie-value-1']));
        $this->hold_secret();
        $dump = json_encode($DB->get_records(session_store::TABLE));
        $this->assertStringNotContainsString('cookie-value-1', $dump);
        $this->assertStringNotContainsString('UVVKRFJFVkdSMGhKU2t0TVRVNVA', $dump);
        $this->assertStringNotContainsString('PRIVATE KEY', $dump);
        $this->assertStringNotContainsString(self::ORIGIN, $dump);
    }

    /**
     * A row untouched for longer than the session timeout is ignored and deleted; the task deletes the rest.
     */
    public function test_expires_with_the_session(): void {
        global $CFG, $DB;
        $CFG->sessiontimeout = 3600;
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v']));
        $DB->set_field(session_store::TABLE, 'timemodified', time() - 3601, ['id' => $this->row()->id]);
        $this->assertSame([], session_store::cookies(self::ORIGIN));
        $this->assertSame(0, $DB->count_records(session_store::TABLE), 'deleted when read');

        // The cleanup task: an expired row of another user goes, a live one stays.
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v']));
        $other = $this->getDataGenerator()->create_user();
        $this->setUser($other);
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'w']));
        $DB->set_field(session_store::TABLE, 'timemodified', time() - 7200, ['userid' => $other->id]);
        $this->setAdminUser();
        $this->live_session('live-session');
        $DB->set_field(session_store::TABLE, 'sidhash', session_store::sidhash('live-session'), ['id' => $this->row()->id]);
        ob_start();
        (new task\cleanup_kaf_sessions())->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString('1 expired', $out);
        $this->assertFalse($DB->record_exists(session_store::TABLE, ['userid' => $other->id]));
        $this->assertTrue($DB->record_exists(session_store::TABLE, ['sidhash' => session_store::sidhash('live-session')]));
    }

    /**
     * A Moodle session as the sessions table lists it.
     *
     * @param string $sid session id
     * @param int $userid its user (the current one when 0)
     */
    private function live_session(string $sid, int $userid = 0): void {
        global $DB, $USER;
        $DB->insert_record('sessions', (object)['state' => 0, 'sid' => $sid, 'userid' => $userid ?: $USER->id,
            'sessdata' => null, 'timecreated' => time(), 'timemodified' => time(), 'firstip' => '127.0.0.1',
            'lastip' => '127.0.0.1']);
    }

    /**
     * The secrets a row holds, decrypted.
     *
     * @param \stdClass $row a row of the store
     * @return array token => PEM
     */
    private static function secrets_of(\stdClass $row): array {
        return json_decode(\core\encryption::decrypt($row->data), true)['secrets'] ?? [];
    }

    /**
     * Issue 20: the next cleanup removes a row whose Moodle session no longer exists (killed, timed out without a
     * logout), fresh as it is; a row of a live session stays, and so does another user's row under the same sid.
     */
    public function test_cleanup_removes_rows_of_ended_sessions(): void {
        global $DB, $USER;
        $this->hold_secret();
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v']));
        $DB->set_field(session_store::TABLE, 'sidhash', session_store::sidhash('killed'), ['id' => $this->row()->id]);
        $this->hold_secret();
        $DB->set_field(session_store::TABLE, 'sidhash', session_store::sidhash('live'), ['id' => $this->row()->id]);
        $this->live_session('live');
        $other = $this->getDataGenerator()->create_user();
        $this->live_session('killed', (int)$other->id);
        $this->assertSame(2, $DB->count_records(session_store::TABLE));
        ob_start();
        (new task\cleanup_kaf_sessions())->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString('1 session(s) of ended Moodle sessions deleted', $out);
        $this->assertFalse($DB->record_exists(session_store::TABLE, ['sidhash' => session_store::sidhash('killed')]));
        $this->assertTrue($DB->record_exists(session_store::TABLE, ['userid' => $USER->id,
            'sidhash' => session_store::sidhash('live')]));
    }

    /**
     * Issue 20: a run's held secrets are gone when it ends, in every session that holds one: the session that
     * finishes it, another admin's, an old session of the admin who started it (a run closed later).
     *
     * @return array
     */
    public static function run_ends(): array {
        return [
            'completed' => ['completed'],
            'rolled back' => ['rolledback'],
            'failed' => ['failed'],
            'rollback failed' => ['rollbackfailed'],
        ];
    }

    /**
     * However the run ends, no row holds a secret after it.
     *
     * @dataProvider run_ends
     * @param string $status the final status
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('run_ends')]
    public function test_run_end_clears_every_sessions_secrets(string $status): void {
        global $DB;
        $admin2 = $this->getDataGenerator()->create_user();
        set_config('siteadmins', get_config('core', 'siteadmins') . ',' . $admin2->id);
        // The starting admin's first session, abandoned with the keys read (logged in at KAF).
        $run = external\run_start::execute('upgrade', '{}');
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v']));
        $this->hold_secret();
        $DB->set_field(session_store::TABLE, 'sidhash', session_store::sidhash('abandoned'), ['id' => $this->row()->id]);
        // A second admin, in their own session, holds the keys too (a rollback from a new session) and closes the run.
        $this->setUser($admin2);
        $this->hold_secret();
        $this->assertSame(2, $DB->count_records(session_store::TABLE));
        external\run_finish::execute($run['id'], $status, '{}');
        foreach ($DB->get_records(session_store::TABLE) as $row) {
            $this->assertSame([], self::secrets_of($row), 'a row still holds a key');
        }
        // The abandoned session keeps its KAF login (no secret); the second admin's secret-only row is gone.
        $this->assertSame(1, $DB->count_records(session_store::TABLE));
        $run = $DB->get_record('tool_kalturalti13_runs', ['id' => $run['id']]);
        $this->assertNull($run->secrets);
        $this->assertNull($run->snapshot);
    }


    /**
     * Logout (\core\event\user_loggedout, as require_logout() triggers it) deletes that session's row only.
     */
    public function test_deleted_at_logout(): void {
        global $DB, $USER;
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v']));
        $row = $this->row();
        $DB->set_field(session_store::TABLE, 'sidhash', session_store::sidhash('session-a'), ['id' => $row->id]);
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'w']));
        $this->assertSame(2, $DB->count_records(session_store::TABLE));
        \core\event\user_loggedout::create([
            'userid' => $USER->id,
            'objectid' => $USER->id,
            'other' => ['sessionid' => 'session-a'],
        ])->trigger();
        $this->assertFalse($DB->record_exists(session_store::TABLE, ['id' => $row->id]));
        $this->assertSame(['kms' => 'w'], session_store::cookies(self::ORIGIN), 'the other session stays');
    }

    /**
     * run_finish deletes the run's secrets; the KAF login stays until logout; with no login left the row goes.
     */
    public function test_run_finish_deletes_secrets(): void {
        global $DB;
        $run = external\run_start::execute('upgrade', '{}');
        $token = $this->hold_secret();
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v']));
        external\run_finish::execute($run['id'], 'completed', '{}');
        $this->assertNull(session_store::get_secret($token));
        $this->assertSame(['kms' => 'v'], session_store::cookies(self::ORIGIN));

        session_store::forget_cookies();
        $this->assertSame(0, $DB->count_records(session_store::TABLE));
        $run = external\run_start::execute('upgrade', '{}');
        $this->hold_secret();
        $this->assertSame(1, $DB->count_records(session_store::TABLE));
        external\run_finish::execute($run['id'], 'rolledback', '{}');
        $this->assertSame(0, $DB->count_records(session_store::TABLE), 'nothing left: the row is deleted');
    }

    /**
     * Two requests of one session that ran at the same time: each read the jar before the other wrote; both cookies
     * they received are kept, and a cookie one of them deleted is gone.
     */
    public function test_concurrent_jar_writes_merge(): void {
        session_store::replace(self::ORIGIN, new cookie_jar(['kms' => 'v1', 'old' => 'x']));
        $first = new cookie_jar(session_store::cookies(self::ORIGIN));
        $second = new cookie_jar(session_store::cookies(self::ORIGIN));
        $first->take('csrf=a1; Path=/');
        $second->take('kms=v2; Path=/');
        $second->take('old=deleted; Max-Age=0');
        session_store::save(self::ORIGIN, $first);
        session_store::save(self::ORIGIN, $second, ['[[secret:sha256:' . str_repeat('0', 64) . ']]' => 'pem']);
        $this->assertSame(['kms' => 'v2', 'csrf' => 'a1'], session_store::cookies(self::ORIGIN));
        $this->assertSame('pem', session_store::get_secret('[[secret:sha256:' . str_repeat('0', 64) . ']]'));

        // A jar of an origin this session is no longer logged in to changes nothing.
        $stale = new cookie_jar();
        $stale->take('kms=stale');
        session_store::save('https://other.kaf.invalid', $stale);
        $this->assertSame(['kms' => 'v2', 'csrf' => 'a1'], session_store::cookies(self::ORIGIN));
    }

    /**
     * kaf_login and kaf_request leave no tool_kalturalti13 key in $SESSION, whatever happens.
     */
    public function test_no_session_data(): void {
        global $SESSION;
        foreach ([['GET', '/admin'], ['GET', '/version'], ['PUT', '/admin'], ['GET', '/etc/passwd']] as [$method, $path]) {
            try {
                external\kaf_request::execute($method, $path, []);
            } catch (\moodle_exception $e) {
                $this->assertNotSame('', $e->errorcode);
            }
        }
        try {
            external\kaf_login::execute('admin', 'pw');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafunreachable', $e->errorcode);
        }
        $this->hold_secret();
        foreach (array_keys((array)$SESSION) as $key) {
            $this->assertStringNotContainsString('kalturalti13', $key);
        }
    }

    /**
     * Every function releases the session lock after its access check: with a session open, the guard closes it
     * through \core\session\manager::write_close(); a refused caller's session is not touched.
     */
    public function test_guard_releases_the_session_lock(): void {
        global $CFG;
        // No debugging snapshot of the session at close (it would be compared at shutdown, after this test).
        $CFG->debug = 0;
        $CFG->debugdeveloper = false;
        $manager = new \ReflectionClass(\core\session\manager::class);
        $handler = $manager->getProperty('handler');
        $handler->setAccessible(true);
        $active = $manager->getProperty('sessionactive');
        $active->setAccessible(true);
        $debug = $manager->getProperty('requireslockdebug');
        $debug->setAccessible(true);
        $saved = [$handler->getValue(), $active->getValue(), $debug->getValue()];
        $spy = new class extends \core\session\handler {
            /** @var int how often the session was closed */
            public $closed = 0;

            /**
             * Nothing to set up.
             */
            public function init() {
            }

            /**
             * No session exists.
             *
             * @param string $sid id
             * @return bool
             */
            public function session_exists($sid) {
                return false;
            }

            /**
             * Nothing to kill (Moodle 4.2 and 4.3 declare it abstract).
             */
            public function kill_all_sessions() {
            }

            /**
             * Nothing to kill (Moodle 4.2 and 4.3 declare it abstract).
             *
             * @param string $sid id
             */
            public function kill_session($sid) {
            }

            /**
             * Counts a write-close.
             */
            public function write_close() {
                $this->closed++;
            }

            /**
             * Counts an abort (write_close() of the manager aborts when there is no session id, as in CLI).
             */
            public function abort() {
                $this->closed++;
            }

            /**
             * A locked session.
             *
             * @return bool
             */
            public function requires_write_lock() {
                return true;
            }
        };
        try {
            $handler->setValue(null, $spy);
            $debug->setValue(null, true);
            $active->setValue(null, true);
            external\get_state::execute();
            $this->assertFalse($active->getValue(), 'the session was closed');
            $this->assertSame(1, $spy->closed);

            // A second function in the same request (a core/ajax batch) finds it closed and still works.
            $run = external\run_start::execute('upgrade', '{}');
            $this->assertSame($run['id'], external\run_get::execute(0)['id']);
            $this->assertFalse($active->getValue());

            // Refused callers never reach the release.
            $active->setValue(null, true);
            $spy->closed = 0;
            $this->setUser($this->getDataGenerator()->create_user());
            try {
                external\get_state::execute();
                $this->fail('not refused');
            } catch (\required_capability_exception $e) {
                $this->assertTrue($active->getValue());
                $this->assertSame(0, $spy->closed);
            }
        } finally {
            $handler->setValue(null, $saved[0]);
            $active->setValue(null, $saved[1]);
            $debug->setValue(null, $saved[2]);
        }
    }

    /**
     * A core/ajax batch of several of our functions in one request, as lib/ajax/service.php runs it: each answers.
     */
    public function test_ajax_batch(): void {
        $_POST['sesskey'] = sesskey();
        $call = function (string $name, array $args): array {
            $r = external_api::call_external_function('tool_kalturalti13_' . $name, $args, true);
            $this->assertFalse($r['error'], $name . ': ' . json_encode($r['exception'] ?? null));
            return $r['data'];
        };
        $this->assertSame('12345', $call('get_state', [])['settings']['partner_id']);
        $this->assertSame('kafunreachable', $call('lti_probe', ['thumbprint' => '', 'part' => 'oidc'])['oidc']['error']);
        $run = $call('run_start', ['kind' => 'upgrade', 'plan' => '{}']);
        $call('run_step', ['runid' => $run['id'], 'name' => 'backup', 'status' => 'done', 'timestarted' => 1,
            'durationms' => 1, 'detail' => '{}']);
        $this->assertSame('backup', $call('run_get', ['runid' => 0])['steps'][0]['name']);
        unset($_POST['sesskey']);
    }

    /**
     * lti_probe's part: both (the default), keyset or oidc, and nothing else. KAF here cannot be reached, so each half
     * probed says kafunreachable and a half not probed comes back empty.
     */
    public function test_lti_probe_part(): void {
        $empty = ['problem' => '', 'httpstatus' => 0, 'error' => '', 'expected' => '', 'matched' => false,
            'thumbprint' => '', 'bits' => 0, 'kid' => '', 'keys' => []];
        $clean = function (array $r): array {
            return external\lti_probe::clean_returnvalue(external\lti_probe::execute_returns(), $r);
        };
        $both = $clean(external\lti_probe::execute(''));
        $this->assertSame('kafrequest', $both['keyset']['problem']);
        $this->assertSame('kafunreachable', $both['oidc']['error']);
        $this->assertSame($both, $clean(external\lti_probe::execute('', 'both')));

        $keyset = $clean(external\lti_probe::execute('', 'keyset'));
        $this->assertSame('kafunreachable', $keyset['keyset']['error']);
        $this->assertSame(
            ['httpstatus' => 0, 'location' => '', 'problems' => [], 'excerpt' => '', 'error' => ''],
            $keyset['oidc']
        );

        $oidc = $clean(external\lti_probe::execute('', 'oidc'));
        $this->assertSame($empty, $oidc['keyset']);
        $this->assertSame('kafunreachable', $oidc['oidc']['error']);
        $this->assertSame(['location'], $oidc['oidc']['problems']);

        foreach (['all', 'KEYSET', '', 'key-set'] as $bad) {
            try {
                external\lti_probe::execute('', $bad);
                $this->fail('part ' . $bad . ' accepted');
            } catch (\invalid_parameter_exception $e) {
                $this->assertSame('invalidparameter', $e->errorcode);
            }
        }
    }
}
