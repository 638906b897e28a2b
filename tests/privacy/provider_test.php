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

namespace tool_kalturalti13\privacy;

use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use core_privacy\tests\provider_testcase;
use tool_kalturalti13\local\journal;
use tool_kalturalti13\local\kaf\cookie_jar;
use tool_kalturalti13\local\kaf\session_store;
use tool_kalturalti13\local\snapshot;
use tool_kalturalti13\local\redactor;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\privacy\provider::class)]
/**
 * The privacy provider, with Moodle's provider_testcase: metadata, contexts, users, export, deletion.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\privacy\provider
 */
final class provider_test extends provider_testcase {
    /** A private key as KAF's Hosted form would hold it. */
    public const PEM = "-----BEGIN PRIVATE KEY-----\nUFJJVkFURUtFWUJPRFk=\n-----END PRIVATE KEY-----";

    /** @var \stdClass administrator with a finished run and a running one */
    private $alice;

    /** @var \stdClass administrator with one run */
    private $bob;

    /** @var \stdClass user without runs */
    private $carol;

    /**
     * Three users, two of them with runs; one run still running, with a snapshot that refers to a private key.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
        set_config('adminsecret', 'the-admin-secret', 'local_kaltura');
        $gen = $this->getDataGenerator();
        $this->alice = $gen->create_user();
        $this->bob = $gen->create_user();
        $this->carol = $gen->create_user();

        $this->setUser($this->alice);
        $plan = ['hosted' => ['authMethod' => ['lti', 'lti1.3']], 'keys' => 'new key, SHA-256 3f2a'];
        $first = journal::start('upgrade', json_encode($plan));
        journal::step($first, 'backup', 'done', 1700000000000, 420, '{"ok":true}');
        journal::finish($first, 'completed', '{}');

        $this->setUser($this->bob);
        $second = journal::start('revert', '{"moodle":{"lti_version":["1.3.0","LTI-1p0"]}}');
        journal::step($second, 'kaf', 'failed', 1700000001000, 80, '{"error":"kafstatus"}');
        journal::finish($second, 'rolledback', '{}');

        $this->setUser($this->alice);
        $third = journal::start('upgrade', '{"hosted":{"lti13ClientId":["","abc123"]}}');
        [, $secrets] = redactor::redact('<textarea>' . self::PEM . '</textarea>');
        session_store::put_secrets($secrets);
        snapshot::store($third, json_encode(['lti13ServicePrivateKey' => redactor::token(self::PEM)]));
        journal::step($third, 'snapshot', 'done', 1700000002000, 15, '{}');
        $this->setUser(null);
    }

    /**
     * The runs table with its personal fields, and KAF as an external location, each with a string.
     */
    public function test_metadata(): void {
        $collection = provider::get_metadata(new collection('tool_kalturalti13'));
        $items = [];
        foreach ($collection->get_collection() as $item) {
            $items[$item->get_name()] = $item;
        }
        $this->assertSame(['tool_kalturalti13_runs', 'tool_kalturalti13_kafsess', 'kaf'], array_keys($items));
        $fields = array_keys($items['tool_kalturalti13_runs']->get_privacy_fields());
        $this->assertSame(['userid', 'timestarted', 'timefinished', 'plan'], $fields);
        $this->assertSame(['username', 'password'], array_keys($items['kaf']->get_privacy_fields()));
        $strings = get_string_manager();
        foreach ($items as $item) {
            $this->assertTrue($strings->string_exists($item->get_summary(), 'tool_kalturalti13'), $item->get_summary());
            foreach ($item->get_privacy_fields() as $string) {
                $this->assertTrue($strings->string_exists($string, 'tool_kalturalti13'), $string);
            }
        }
    }

    /**
     * A user with runs has data in the system context; a user without has none anywhere.
     */
    public function test_get_contexts_for_userid(): void {
        $contexts = $this->get_contexts_for_userid($this->alice->id, 'tool_kalturalti13');
        $this->assertSame([(int)\context_system::instance()->id], array_map('intval', $contexts->get_contextids()));
        $this->assertCount(0, $this->get_contexts_for_userid($this->carol->id, 'tool_kalturalti13'));
    }

    /**
     * The users with data in the system context are the ones with runs; other contexts have none.
     */
    public function test_get_users_in_context(): void {
        $userlist = new userlist(\context_system::instance(), 'tool_kalturalti13');
        provider::get_users_in_context($userlist);
        $ids = array_map('intval', $userlist->get_userids());
        sort($ids);
        $this->assertSame([(int)$this->alice->id, (int)$this->bob->id], $ids);

        $course = $this->getDataGenerator()->create_course();
        $userlist = new userlist(\context_course::instance($course->id), 'tool_kalturalti13');
        provider::get_users_in_context($userlist);
        $this->assertSame([], $userlist->get_userids());
    }

    /**
     * A user's export holds their runs only: kind, outcome, times and plan.
     */
    public function test_export_user_data(): void {
        $this->export_all_data_for_user($this->alice->id, 'tool_kalturalti13');
        $writer = writer::with_context(\context_system::instance());
        $this->assertTrue($writer->has_any_data());
        $data = $writer->get_data([get_string('pluginname', 'tool_kalturalti13'), get_string('privacy:runs', 'tool_kalturalti13')]);
        $this->assertCount(2, $data->runs);
        [$done, $running] = $data->runs;
        $this->assertSame(['upgrade', 'completed'], [$done->kind, $done->status]);
        $this->assertSame(['upgrade', 'running'], [$running->kind, $running->status]);
        $this->assertSame('-', $running->timefinished);
        $this->assertStringContainsString('lti1.3', $done->plan);
        $this->assertStringContainsString('abc123', $running->plan);
        $this->assertStringNotContainsString('LTI-1p0', json_encode($data), 'none of Bob\'s run');
    }

    /**
     * Nothing exported holds a secret: no private key, no token or encrypted snapshot, no admin secret.
     */
    public function test_export_holds_no_secret(): void {
        global $DB;
        $running = $DB->get_record(journal::RUNS, ['status' => 'running'], '*', MUST_EXIST);
        $this->assertNotEmpty($running->secrets, 'the running run holds an encrypted secret to leak');
        $this->export_all_data_for_user($this->alice->id, 'tool_kalturalti13');
        $path = [get_string('pluginname', 'tool_kalturalti13'), get_string('privacy:runs', 'tool_kalturalti13')];
        $exported = json_encode(writer::with_context(\context_system::instance())->get_data($path));
        $secrets = ['PRIVATE KEY', 'UFJJVkFURUtFWUJPRFk', '[[secret:', 'enc:', $running->secrets,
            substr($running->snapshot, 4, 40), 'the-admin-secret'];
        foreach ($secrets as $secret) {
            $this->assertStringNotContainsString($secret, $exported);
        }
        $this->assertFalse(redactor::holds_key($exported));
    }

    /**
     * Deleting the system context deletes every run and step; another context deletes nothing.
     */
    public function test_delete_data_for_all_users_in_context(): void {
        global $DB;
        $course = $this->getDataGenerator()->create_course();
        provider::delete_data_for_all_users_in_context(\context_course::instance($course->id));
        $this->assertSame(3, $DB->count_records(journal::RUNS));

        provider::delete_data_for_all_users_in_context(\context_system::instance());
        // The run in progress stays (its rollback must stay possible), without its user; the rest is gone.
        $this->assertSame(1, $DB->count_records(journal::RUNS));
        $this->assert_running_run_kept();
        $this->assertSame(0, $DB->count_records(session_store::TABLE));
    }

    /**
     * Issue 20: the run in progress is kept, running, with its snapshot and steps, and no link to its user; any
     * administrator can still read its snapshot (the keys come back from the run's own encrypted copy) and finish it.
     */
    private function assert_running_run_kept(): void {
        global $DB;
        $run = $DB->get_record(journal::RUNS, ['status' => 'running'], '*', MUST_EXIST);
        $this->assertSame(0, (int)$run->userid);
        $this->assertSame(1, $DB->count_records('tool_kalturalti13_steps', ['runid' => $run->id]));
        $this->assertCount(0, $this->get_contexts_for_userid($this->alice->id, 'tool_kalturalti13'));
        $this->setAdminUser();
        $snapshot = snapshot::get((int)$run->id);
        $this->assertSame(json_encode(['lti13ServicePrivateKey' => redactor::token(self::PEM)]), $snapshot);
        $this->assertSame(self::PEM, session_store::get_secret(redactor::token(self::PEM)));
        journal::finish((int)$run->id, 'rolledback', '{}');
        $this->assertSame('rolledback', $DB->get_field(journal::RUNS, 'status', ['id' => $run->id]));
        $this->assertSame(0, $DB->count_records(session_store::TABLE), 'the run\'s keys are gone with it');
    }

    /**
     * Deleting one user's data deletes their runs and steps, and nobody else's.
     */
    public function test_delete_data_for_user(): void {
        global $DB;
        $system = \context_system::instance();
        $this->assertTrue($DB->record_exists(session_store::TABLE, ['userid' => $this->alice->id]), 'Alice holds a secret');
        provider::delete_data_for_user(new approved_contextlist($this->alice, 'tool_kalturalti13', [$system->id]));
        $this->assertSame(0, $DB->count_records(journal::RUNS, ['userid' => $this->alice->id]));
        $this->assertSame(1, $DB->count_records(journal::RUNS, ['userid' => $this->bob->id]));
        $bobs = $DB->get_field(journal::RUNS, 'id', ['userid' => $this->bob->id]);
        $this->assertSame(2, $DB->count_records('tool_kalturalti13_steps'));
        $this->assertSame(1, $DB->count_records('tool_kalturalti13_steps', ['runid' => $bobs]));
        $this->assertCount(0, $this->get_contexts_for_userid($this->alice->id, 'tool_kalturalti13'));
        $this->assertFalse($DB->record_exists(session_store::TABLE, ['userid' => $this->alice->id]), 'her KAF session too');
        // Her run in progress is kept, running, without her.
        $this->assert_running_run_kept();
    }

    /**
     * A user whose only data is a KAF session (cookies, keys): found in the system context, nothing exported (it is
     * a secret), deleted with the user's data.
     */
    public function test_kaf_session_only(): void {
        global $DB;
        $dave = $this->getDataGenerator()->create_user();
        $this->setUser($dave);
        session_store::replace('https://12345.kaf.invalid', new cookie_jar(['kms' => 'daves-cookie']));
        $this->setUser(null);
        $system = \context_system::instance();
        $contexts = $this->get_contexts_for_userid($dave->id, 'tool_kalturalti13');
        $this->assertSame([(int)$system->id], array_map('intval', $contexts->get_contextids()));
        $userlist = new userlist($system, 'tool_kalturalti13');
        provider::get_users_in_context($userlist);
        $this->assertContains((int)$dave->id, array_map('intval', $userlist->get_userids()));

        $this->export_all_data_for_user($dave->id, 'tool_kalturalti13');
        $this->assertFalse(writer::with_context($system)->has_any_data(), 'a KAF session is not exported');

        provider::delete_data_for_users(new approved_userlist($system, 'tool_kalturalti13', [$dave->id]));
        $this->assertFalse($DB->record_exists(session_store::TABLE, ['userid' => $dave->id]));
        $this->assertTrue($DB->record_exists(session_store::TABLE, ['userid' => $this->alice->id]), 'Alice\'s stays');
    }

    /**
     * Deleting a list of users deletes their runs only, and only for the system context.
     */
    public function test_delete_data_for_users(): void {
        global $DB;
        $course = $this->getDataGenerator()->create_course();
        $ids = [$this->bob->id, $this->carol->id];
        provider::delete_data_for_users(new approved_userlist(\context_course::instance($course->id), 'tool_kalturalti13', $ids));
        $this->assertSame(3, $DB->count_records(journal::RUNS));

        provider::delete_data_for_users(new approved_userlist(\context_system::instance(), 'tool_kalturalti13', $ids));
        $this->assertSame(0, $DB->count_records(journal::RUNS, ['userid' => $this->bob->id]));
        $this->assertSame(2, $DB->count_records(journal::RUNS, ['userid' => $this->alice->id]));
        $this->assertSame(2, $DB->count_records('tool_kalturalti13_steps'));
    }
}
