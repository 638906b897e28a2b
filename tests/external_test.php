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

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/unit/bad_inputs.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\get_state::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\save_settings::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\kaf_request::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\journal::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\last_upgrade::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\site_state::class)]
/**
 * The external functions in a real Moodle: access, sesskey, bad inputs, settings, journal, lock, events.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\external\get_state
 * @covers     \tool_kalturalti13\external\save_settings
 * @covers     \tool_kalturalti13\external\kaf_request
 * @covers     \tool_kalturalti13\local\journal
 * @covers     \tool_kalturalti13\local\last_upgrade
 * @covers     \tool_kalturalti13\local\site_state
 */
final class external_test extends \advanced_testcase {
    /**
     * A typical LTI 1.1 site.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
        set_config('kaf_uri', 'https://12345.kaf.invalid', 'local_kaltura');
        set_config('uri', 'www.kaltura.com', 'local_kaltura');
        set_config('lti_version', 'LTI-1p0', 'local_kaltura');
        set_config('partner_id', '12345', 'local_kaltura');
        set_config('adminsecret', 'topsecret', 'local_kaltura');
        set_config('enable_logging', '0', 'local_kaltura');
        set_config('enable_submission', '0', 'local_kaltura');
        unset_config('guest_support', 'local_kaltura');
    }

    /**
     * Every function with valid-looking arguments.
     *
     * @return array
     */
    public static function functions(): array {
        return [
            'get_state' => ['get_state', []],
            'kaf_login' => ['kaf_login', ['u', 'p']],
            'kaf_request' => ['kaf_request', ['GET', '/version', []]],
            'save_settings' => ['save_settings', [[['name' => 'partner_id', 'value' => '5']]]],
            'save_tool_type' => ['save_tool_type', [1, [['name' => 'ltiversion', 'value' => '1.3.0']]]],
            'run_start' => ['run_start', ['upgrade', '{}']],
            'run_step' => ['run_step', [1, 'backup', 'done', 1, 1, '{}']],
            'run_snapshot' => ['run_snapshot', [1, '{}']],
            'run_get_snapshot' => ['run_get_snapshot', [1]],
            'run_finish' => ['run_finish', [1, 'completed', '{}']],
            'run_get' => ['run_get', [0]],
            'lti_probe' => ['lti_probe', ['']],
        ];
    }

    /**
     * A user without moodle/site:config is refused by every function, and nothing changes.
     *
     * @dataProvider functions
     * @param string $name function
     * @param array $args arguments
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('functions')]
    public function test_capability_required(string $name, array $args): void {
        global $DB;
        $this->setUser($this->getDataGenerator()->create_user());
        $before = $DB->count_records('config_log');
        try {
            call_user_func_array(['\\tool_kalturalti13\\external\\' . $name, 'execute'], $args);
            $this->fail('not refused');
        } catch (\required_capability_exception $e) {
            $this->assertSame('nopermissions', $e->errorcode);
        }
        $this->assertSame($before, $DB->count_records('config_log'));
        $this->assertSame('12345', get_config('local_kaltura', 'partner_id'));
        $this->assertSame(0, $DB->count_records(journal::RUNS));
    }

    /**
     * The declarations: ajax, login required, moodle/site:config, read-only session.
     */
    public function test_services_declared(): void {
        global $CFG;
        $functions = [];
        require($CFG->dirroot . '/admin/tool/kalturalti13/db/services.php');
        $this->assertCount(12, $functions);
        foreach (array_keys(self::functions()) as $name) {
            $f = $functions['tool_kalturalti13_' . $name];
            $this->assertTrue($f['ajax']);
            $this->assertTrue($f['loginrequired']);
            $this->assertSame('moodle/site:config', $f['capabilities']);
            $this->assertSame('tool_kalturalti13\\external\\' . $name, $f['classname']);
            // None writes $SESSION: Moodle need not take the session lock for them (docs/shim.md).
            $this->assertTrue($f['readonlysession'] ?? false, $name . ' is readonlysession');
        }
    }

    /**
     * Through the ajax entry point's own call (lib/ajax/service.php calls this with ajaxonly), a missing or
     * wrong sesskey is refused before the function runs.
     */
    public function test_sesskey_required(): void {
        global $DB;
        $this->setAdminUser();
        unset($_POST['sesskey'], $_GET['sesskey']);
        foreach (array_keys(self::functions()) as $name) {
            // No sesskey at all: confirm_sesskey() asks for the required parameter "sesskey".
            $r = external_api::call_external_function('tool_kalturalti13_' . $name, [], true);
            $this->assertTrue($r['error'], $name);
            $this->assertSame('missingparam', $r['exception']->errorcode, $name);
            $this->assertStringContainsString('sesskey', $r['exception']->message, $name);
        }
        $_POST['sesskey'] = 'wrong';
        $r = external_api::call_external_function(
            'tool_kalturalti13_save_settings',
            ['changes' => [['name' => 'partner_id', 'value' => '777']]],
            true
        );
        $this->assertSame('invalidsesskey', $r['exception']->errorcode);
        $this->assertSame('12345', get_config('local_kaltura', 'partner_id'));
        $_POST['sesskey'] = sesskey();
        $r = external_api::call_external_function('tool_kalturalti13_get_state', [], true);
        $this->assertFalse($r['error']);
        $this->assertSame('12345', $r['data']['settings']['partner_id']);
        unset($_POST['sesskey']);
        $this->assertSame(0, $DB->count_records(journal::RUNS));
    }

    /**
     * get_state: settings, client id ensured, URLs, tool types on the KAF host, no secret.
     */
    public function test_get_state(): void {
        global $DB, $CFG;
        $this->setAdminUser();
        unset_config('client_id', 'local_kaltura');
        $DB->insert_record('lti_types', (object)['name' => 'Video quiz', 'baseurl' => 'https://12345.kaf.invalid/browseandembed',
            'tooldomain' => '12345.kaf.invalid', 'state' => 1, 'course' => 1, 'coursevisible' => 1, 'ltiversion' => 'LTI-1p0',
            'clientid' => null, 'createdby' => 2, 'timecreated' => time(), 'timemodified' => time()]);
        $DB->insert_record('lti_types', (object)['name' => 'Other', 'baseurl' => 'https://tool.example/x',
            'tooldomain' => 'tool.example', 'state' => 1, 'course' => 1, 'coursevisible' => 1, 'ltiversion' => '1.3.0',
            'clientid' => 'abc', 'createdby' => 2, 'timecreated' => time(), 'timemodified' => time()]);
        $state = external\get_state::execute();
        $state = external_api::clean_returnvalue(external\get_state::execute_returns(), $state);
        $clientid = get_config('local_kaltura', 'client_id');
        $this->assertSame(15, strlen($clientid));
        $this->assertSame($clientid, $state['settings']['client_id']);
        $this->assertTrue($state['settings']['adminsecretset']);
        $this->assertNull($state['settings']['guest_support']);
        $this->assertSame($CFG->wwwroot . '/local/kaltura/auth.php', $state['urls']['auth']);
        $this->assertSame(['auth', 'token', 'certs'], array_keys($state['urls']), 'KAF\'s URLs are not returned');
        $this->assertCount(1, $state['lti']['tooltypes']);
        $this->assertSame('Video quiz', $state['lti']['tooltypes'][0]['name']);
        $this->assertArrayNotHasKey('run', $state);
        $this->assertStringNotContainsString('topsecret', json_encode($state));
        $this->assertSame($clientid, external\get_state::execute()['settings']['client_id'], 'stable once stored');
    }

    /**
     * get_state's beforeupgrade: trace logging as the latest upgrade found it, only while that completed upgrade is the
     * latest finished run (what a revert puts back).
     */
    public function test_get_state_before_upgrade(): void {
        $this->setAdminUser();
        $logging = fn() => external_api::clean_returnvalue(
            external\get_state::execute_returns(),
            external\get_state::execute()
        )['beforeupgrade']['enable_logging'];
        $this->assertSame('', $logging(), 'no run yet');
        $plan = json_encode(['kind' => 'upgrade', 'changes' => [
            ['where' => 'kaf', 'field' => 'enable_logging', 'before' => 'x', 'after' => ['kind' => 'value', 'value' => 'y']],
            ['where' => 'moodle', 'field' => 'enable_logging', 'before' => '0', 'after' => ['kind' => 'value', 'value' => '1']],
        ]]);
        $run = external\run_start::execute('upgrade', $plan);
        $this->assertSame('', $logging(), 'a running upgrade is not finished');
        external\run_finish::execute($run['id'], 'completed', '{}');
        $this->assertSame('0', $logging());
        $failed = external\run_start::execute('upgrade', $plan);
        external\run_finish::execute($failed['id'], 'rolledback', '{}');
        $this->assertSame('', $logging(), 'the latest finished run is not a completed upgrade');
        $again = external\run_start::execute('upgrade', json_encode(['kind' => 'upgrade', 'changes' => []]));
        external\run_finish::execute($again['id'], 'completed', '{}');
        $this->assertSame('', $logging(), 'that upgrade did not change logging');
        $third = external\run_start::execute('upgrade', $plan);
        external\run_finish::execute($third['id'], 'completed', '{}');
        $this->assertSame('0', $logging());
        $revert = external\run_start::execute('revert', '{}');
        external\run_finish::execute($revert['id'], 'completed', '{}');
        $this->assertSame('', $logging(), 'reverted since');
    }

    /**
     * get_state reports this plugin's own version.php claim (requires, supported) as Moodle read it, and whether the
     * site has the core_ltix subsystem (no Moodle release has it yet).
     */
    public function test_get_state_claim_and_ltix(): void {
        global $CFG;
        $this->setAdminUser();
        $plugin = new \stdClass();
        require(\core_component::get_component_directory('tool_kalturalti13') . '/version.php');
        $state = external\get_state::execute();
        $state = external_api::clean_returnvalue(external\get_state::execute_returns(), $state);
        $moodle = $state['moodle'];
        $this->assertSame((string)$plugin->requires, $moodle['requires']);
        $this->assertSame($plugin->supported, [$moodle['supportedfrom'], $moodle['supportedto']]);
        $this->assertSame([402, 501], [$moodle['supportedfrom'], $moodle['supportedto']]);
        $this->assertSame((string)$CFG->branch, $moodle['branch']);
        $this->assertGreaterThanOrEqual($moodle['supportedfrom'], (int)$moodle['branch'], 'the tests run on a claimed release');
        $this->assertLessThanOrEqual($moodle['supportedto'], (int)$moodle['branch'], 'the tests run on a claimed release');
        $hasltix = array_key_exists('ltix', \core_component::get_core_subsystems());
        $this->assertSame($hasltix, $moodle['ltix']);
        $this->assertSame($hasltix, local\site_state::has_ltix());
        $this->assertFalse($moodle['ltix'], 'no Moodle release the tests install has core_ltix');
    }

    /**
     * Bad save_settings inputs.
     *
     * @return array
     */
    public static function bad_settings(): array {
        return unit\bad_inputs::settings();
    }

    /**
     * Each bad input gets its error and changes nothing.
     *
     * @dataProvider bad_settings
     * @param array $changes changes
     * @param string $code error code
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bad_settings')]
    public function test_save_settings_refuses(array $changes, string $code): void {
        global $DB;
        $this->setAdminUser();
        $before = $DB->get_records_menu('config_plugins', ['plugin' => 'local_kaltura'], 'name', 'name, value');
        $logs = $DB->count_records('config_log');
        try {
            external\save_settings::execute($changes);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame($code, $e->errorcode);
            $this->assertNotEmpty($e->getMessage());
            $this->assertStringNotContainsString('[[', $e->getMessage());
        }
        $this->assertSame($before, $DB->get_records_menu('config_plugins', ['plugin' => 'local_kaltura'], 'name', 'name, value'));
        $this->assertSame($logs, $DB->count_records('config_log'));
    }

    /**
     * A good save writes the values and one config-log row per change, and returns the state.
     */
    public function test_save_settings(): void {
        global $DB;
        $this->setAdminUser();
        $logs = $DB->count_records('config_log');
        $state = external\save_settings::execute([
            ['name' => 'lti_version', 'value' => '1.3.0'],
            ['name' => 'enable_logging', 'value' => '1'],
            ['name' => 'partner_id', 'value' => '12345'],
            ['name' => 'kaf_uri', 'value' => 'https://12345.kaf.kaltura.com'],
        ]);
        $this->assertSame('1.3.0', $state['settings']['lti_version']);
        $this->assertSame('1.3.0', get_config('local_kaltura', 'lti_version'));
        $this->assertSame($logs + 3, $DB->count_records('config_log'));
        $rows = $DB->get_records('config_log', ['plugin' => 'local_kaltura', 'name' => 'lti_version'], 'id DESC', '*', 0, 1);
        $row = reset($rows);
        $this->assertSame('LTI-1p0', $row->oldvalue);
        $this->assertSame('1.3.0', $row->value);
        external\save_settings::execute([['name' => 'lti_version', 'value' => '1.3.0']]);
        $this->assertSame($logs + 3, $DB->count_records('config_log'), 'unchanged values write nothing');
    }

    /**
     * Values another request caches while the save's transaction is open (read from before the commit) do not outlive
     * the save: Moodle and the save's answer see what was committed. A stale cache does not hide a change, and one
     * filled later still is not what the state reports, and is dropped.
     */
    public function test_save_settings_outlives_a_stale_config_cache(): void {
        global $DB;
        $this->setAdminUser();
        $before = (array)get_config('local_kaltura');
        $this->assertSame('LTI-1p0', $before['lti_version']);
        // A request beside the save misses the cache that set_config() dropped, reads the rows from before the commit
        // and caches them.
        \tool_kalturalti13\local\site_state::save([['name' => 'lti_version', 'value' => '1.3.0']], function () use ($before) {
            \cache::make('core', 'config')->set('local_kaltura', $before);
        });
        $this->assertSame('1.3.0', get_config('local_kaltura', 'lti_version'));
        // The other way round: the cache already claims the value the save asks for, the rows hold 1.3.0; the save
        // still writes it.
        \cache::make('core', 'config')->set('local_kaltura', ['lti_version' => 'LTI-1p0'] + $before);
        $state = external\save_settings::execute([['name' => 'lti_version', 'value' => 'LTI-1p0']]);
        $this->assertSame('LTI-1p0', $state['settings']['lti_version']);
        $this->assertSame('LTI-1p0', $DB->get_field('config_plugins', 'value', ['plugin' => 'local_kaltura',
            'name' => 'lti_version']));
        // A request that read the rows before that commit fills the cache after it: the state says what is stored,
        // and the stale copy is gone for what reads Moodle's settings next.
        \cache::make('core', 'config')->set('local_kaltura', ['lti_version' => '1.3.0'] + $before);
        $this->assertSame('LTI-1p0', external\get_state::execute()['settings']['lti_version']);
        $this->assertSame('LTI-1p0', get_config('local_kaltura', 'lti_version'));
    }

    /**
     * Bad kaf_request inputs.
     *
     * @return array
     */
    public static function bad_requests(): array {
        return unit\bad_inputs::requests();
    }

    /**
     * Each bad request is refused before any request is made (kaf_uri points at .invalid: a request
     * would fail as unreachable, not with the refusal).
     *
     * @dataProvider bad_requests
     * @param string $method method
     * @param string $path path
     * @param string $code error code
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bad_requests')]
    public function test_kaf_request_refuses(string $method, string $path, string $code): void {
        global $DB;
        $this->setAdminUser();
        session_store::replace('https://12345.kaf.invalid', new cookie_jar(['kms' => 'x']));
        $before = $DB->count_records('config_log');
        try {
            external\kaf_request::execute($method, $path, [['name' => 'a', 'value' => 'b']]);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame($code, $e->errorcode);
        }
        $this->assertSame($before, $DB->count_records('config_log'));
        $this->assertSame(['kms' => 'x'], session_store::cookies('https://12345.kaf.invalid'));
    }

    /**
     * No KAF session: kafnotloggedin, before any request; a bad kaf_uri: kafuribad.
     */
    public function test_kaf_request_needs_login(): void {
        $this->setAdminUser();
        try {
            external\kaf_request::execute('GET', '/admin/config/tab/hosted', []);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafnotloggedin', $e->errorcode);
        }
        set_config('kaf_uri', 'https://12345.kaf.kaltura.com/', 'local_kaltura');
        try {
            external\kaf_login::execute('admin', 'pw');
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafuribad', $e->errorcode);
        }
        set_config('kaf_uri', 'https://localhost', 'local_kaltura');
        try {
            external\kaf_login::execute('admin', 'pw');
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('kafhostrefused', $e->errorcode, 'a name resolving to 127.0.0.1 without the test flag');
        }
    }

    /**
     * The journal: start, the lock, steps, snapshot with a secret (encrypted at rest), finish, events.
     */
    public function test_journal(): void {
        global $DB;
        $this->setAdminUser();
        $sink = $this->redirectEvents();
        $run = external\run_start::execute('upgrade', '{"hosted":{"authMethod":["lti","lti1.3"]}}');
        $this->assertSame('running', $run['status']);
        $this->assertSame('upgrade', $run['kind']);

        $admin = get_admin();
        try {
            external\run_start::execute('upgrade', '{}');
            $this->fail('second run accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('runinprogress', $e->errorcode);
            $this->assertStringContainsString(fullname($admin), $e->getMessage());
        }
        $this->assertSame(1, $DB->count_records(journal::RUNS));

        external\run_step::execute($run['id'], 'backup', 'running', 1700000000000, 0, '{}');
        external\run_step::execute($run['id'], 'backup', 'done', 1700000000000, 420, '{"ok":true}');
        $pem = "-----BEGIN PRIVATE KEY-----\nQUJDREVG\n-----END PRIVATE KEY-----";
        [, $secrets] = redactor::redact('<textarea>' . $pem . '</textarea>');
        session_store::put_secrets($secrets);
        $token = redactor::token($pem);
        external\run_snapshot::execute($run['id'], json_encode(['lti13ServicePrivateKey' => $token]));
        $stored = $DB->get_record(journal::RUNS, ['id' => $run['id']]);
        $this->assertStringStartsWith('enc:', $stored->snapshot);
        $this->assertStringNotContainsString('QUJDREVG', $stored->snapshot . $stored->secrets);

        // A new session: the snapshot brings the secret back so a rollback can post it.
        session_store::clear_secrets();
        $snap = external\run_get_snapshot::execute($run['id']);
        $this->assertSame(json_encode(['lti13ServicePrivateKey' => $token]), $snap['snapshot']);
        $this->assertSame($pem, session_store::get_secret($token));

        try {
            external\run_snapshot::execute($run['id'], json_encode(['k' => redactor::token('unknown')]));
            $this->fail('unknown token accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('secretunknown', $e->errorcode);
        }
        try {
            external\run_step::execute($run['id'], 'x', 'bogus', 1, 1, '{}');
            $this->fail('bad status accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('runbadstep', $e->errorcode);
        }

        $done = external\run_finish::execute($run['id'], 'completed', '{"verified":true}');
        $this->assertSame('completed', $done['status']);
        $this->assertCount(1, $done['steps']);
        $this->assertSame(420, $done['steps'][0]['durationms']);
        $stored = $DB->get_record(journal::RUNS, ['id' => $run['id']]);
        $this->assertNull($stored->snapshot);
        $this->assertNull($stored->secrets);
        $this->assertNull(session_store::get_secret($token));
        try {
            external\run_step::execute($run['id'], 'late', 'done', 1, 1, '{}');
            $this->fail('step on a finished run accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('runnotrunning', $e->errorcode);
        }

        // The lock is released: a new run may start. Its snapshot holds no secret and is encrypted all the same
        // (issue 20): every Hosted value is kept until the run ends.
        $second = external\run_start::execute('revert', '{}');
        external\run_snapshot::execute($second['id'], json_encode(['hosted' => ['partnerId' => 'plain-hosted-value']]));
        $stored = $DB->get_record(journal::RUNS, ['id' => $second['id']]);
        $this->assertStringStartsWith('enc:', $stored->snapshot);
        $this->assertStringNotContainsString('plain-hosted-value', $stored->snapshot);
        $this->assertNull($stored->secrets);
        $back = external\run_get_snapshot::execute($second['id'])['snapshot'];
        $this->assertSame(json_encode(['hosted' => ['partnerId' => 'plain-hosted-value']]), $back);
        external\run_finish::execute($second['id'], 'completed', '{}');
        $this->assertSame($second['id'], external\run_get::execute(0)['id']);

        $events = $sink->get_events();
        $classes = array_map('get_class', $events);
        $this->assertSame([event\run_started::class, event\run_completed::class, event\run_started::class,
            event\run_reverted::class], $classes);
        foreach ($events as $event) {
            $this->assertSame(\context_system::instance()->id, $event->contextid);
            $this->assertSame(journal::RUNS, $event->objecttable);
            $this->assertNotEmpty($event->get_description());
            $this->assertNotEmpty($event::get_name());
            $this->assertStringNotContainsString('QUJDREVG', json_encode($event->get_data()) . $event->get_description());
        }
    }

    /**
     * A plan settled during the run (plan.ts settleAfterFirstSave) comes in a step's detail and becomes the run's plan,
     * which the summary, and so the report and a resumed run, then read; the step keeps the rest of its detail. A
     * plan of another kind is refused, and a detail with no plan leaves the run's plan as it is.
     */
    public function test_step_settles_the_plan(): void {
        $this->setAdminUser();
        $shown = ['kind' => 'upgrade', 'changes' => [['where' => 'kaf', 'field' => 'authMethod']]];
        $run = external\run_start::execute('upgrade', json_encode($shown));
        $settled = ['kind' => 'upgrade', 'changes' => [['where' => 'kaf', 'field' => 'authMethod'],
            ['where' => 'kaf', 'field' => 'lti13UserIdClaim']]];
        external\run_step::execute($run['id'], 'kaf', 'running', 1700000000000, 0, json_encode(['plan' => $settled]));
        $this->assertSame($settled, json_decode(external\run_get::execute($run['id'])['plan'], true));
        external\run_step::execute($run['id'], 'kaf', 'done', 1700000000000, 5, '{"saves":2}');
        $summary = external\run_get::execute($run['id']);
        $this->assertSame($settled, json_decode($summary['plan'], true));
        $this->assertSame('{"saves":2}', $summary['steps'][0]['detail']);
        try {
            external\run_step::execute($run['id'], 'kaf', 'running', 1, 0, json_encode(['plan' => ['kind' => 'revert',
                'changes' => []]]));
            $this->fail('a plan of another kind accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('runbadjson', $e->errorcode);
        }
        $this->assertSame($settled, json_decode(external\run_get::execute($run['id'])['plan'], true));
        external\run_finish::execute($run['id'], 'completed', '{}');
    }

    /**
     * Rolled back and failed runs fire their events.
     */
    public function test_finish_events(): void {
        $this->setAdminUser();
        $sink = $this->redirectEvents();
        $events = [
            'rolledback' => event\run_rolled_back::class,
            'failed' => event\run_failed::class,
            'rollbackfailed' => event\run_failed::class,
        ];
        foreach ($events as $status => $class) {
            $run = external\run_start::execute('upgrade', '{}');
            $sink->clear();
            external\run_finish::execute($run['id'], $status, '{}');
            $events = $sink->get_events();
            $this->assertCount(1, $events);
            $this->assertInstanceOf($class, $events[0]);
            $this->assertSame($status, $events[0]->other['status']);
        }
    }

    /**
     * The check-and-insert of run_start happens under a lock: while someone else holds it, a start is refused
     * (not let through), so two starts cannot race past the check.
     */
    public function test_start_lock(): void {
        global $DB;
        global $CFG;
        $this->setAdminUser();
        // PostgreSQL advisory locks are re-entrant within one connection, so hold the lock through file locks
        // (flock on a separate open file conflicts even within one process).
        $CFG->lock_factory = '\\core\\lock\\file_lock_factory';
        $factory = \core\lock\lock_config::get_lock_factory('tool_kalturalti13');
        $lock = $factory->get_lock('runstart', 0);
        $this->assertNotFalse($lock);
        journal::$locktimeout = 1;
        try {
            external\run_start::execute('upgrade', '{}');
            $this->fail('started without the lock');
        } catch (\moodle_exception $e) {
            $this->assertSame('runlockbusy', $e->errorcode);
        } finally {
            $lock->release();
            journal::$locktimeout = 10;
        }
        $this->assertSame(0, $DB->count_records(journal::RUNS));
    }

    /**
     * Bad run inputs.
     */
    public function test_run_bad_inputs(): void {
        $this->setAdminUser();
        $cases = [
            ['sideways', '{}', 'runbadkind'],
            ['upgrade', 'not json', 'runbadjson'],
            ['upgrade', json_encode(['k' => "-----BEGIN PRIVATE KEY-----\nAAAA"]), 'runbadjson'],
        ];
        foreach ($cases as [$kind, $plan, $code]) {
            try {
                external\run_start::execute($kind, $plan);
                $this->fail('accepted');
            } catch (\moodle_exception $e) {
                $this->assertSame($code, $e->errorcode);
            }
        }
        try {
            external\run_get::execute(999);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('runnotfound', $e->errorcode);
        }
    }
}
