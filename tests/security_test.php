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
use tool_kalturalti13\local\http_transport;
use tool_kalturalti13\local\journal;
use tool_kalturalti13\local\kaf\site;
use tool_kalturalti13\local\policy_exception;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\site_rules::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\site::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\check\insecure_kaf::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\retention::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\task\watch_wiring::class)]
/**
 * Issue 20 in the Moodle tier: the site's own host rules on the pinned address, the insecure flag's status check,
 * the retention of finished runs.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\kaf\site_rules
 * @covers     \tool_kalturalti13\local\kaf\site
 * @covers     \tool_kalturalti13\check\insecure_kaf
 * @covers     \tool_kalturalti13\local\retention
 * @covers     \tool_kalturalti13\task\watch_wiring
 */
final class security_test extends \advanced_testcase {
    /**
     * A client that records what it would send and answers 200.
     *
     * @return http_transport
     */
    private function transport(): http_transport {
        return new class implements http_transport {
            /** @var array urls sent */
            public $sent = [];

            /**
             * Sends.
             *
             * @param string $method method
             * @param string $url url
             * @param array $headers headers
             * @param string $body body
             * @param array $options options
             * @return array
             */
            public function send(string $method, string $url, array $headers, string $body, array $options): array {
                $this->sent[] = [$url, $options['resolve']];
                return ['status' => 200, 'headers' => [], 'body' => 'ok', 'truncated' => false, 'errno' => 0,
                    'error' => '', 'blocked' => false];
            }
        };
    }

    /**
     * The address the door pins passes curlsecurityblockedhosts and curlsecurityallowedport, not only address_policy:
     * a public range an admin blocked (address_policy allows it) is refused before anything is sent.
     */
    public function test_pinned_address_obeys_the_sites_blocked_hosts(): void {
        global $CFG;
        $this->resetAfterTest();
        $resolver = function () {
            return ['93.184.216.34'];
        };
        $this->assertTrue(local\address_policy::allowed('93.184.216.34', false));
        $CFG->curlsecurityblockedhosts = "93.184.216.0/24\n";
        $CFG->curlsecurityallowedport = '';
        $t = $this->transport();
        try {
            site::public_door('https://kaf.example.org', $t, $resolver)->request('GET', '/version');
            $this->fail('a blocked address was connected to');
        } catch (policy_exception $e) {
            $this->assertSame('kafhostrefused', $e->errorcode);
        }
        $this->assertSame([], $t->sent);

        // A port off curlsecurityallowedport is refused the same way.
        $CFG->curlsecurityblockedhosts = '';
        $CFG->curlsecurityallowedport = "443\n";
        try {
            site::public_door('https://kaf.example.org:8443', $t, $resolver)->request('GET', '/version');
            $this->fail('a port off the list was connected to');
        } catch (policy_exception $e) {
            $this->assertSame('kafhostrefused', $e->errorcode);
        }
        $this->assertSame([], $t->sent);

        // Allowed: sent, pinned to the address checked.
        site::public_door('https://kaf.example.org', $t, $resolver)->request('GET', '/version');
        $this->assertSame([['https://kaf.example.org/version', ['kaf.example.org:443:93.184.216.34']]], $t->sent);
    }

    /**
     * The insecure flag is a warning on System status; without it, OK. The plugin lists the check.
     */
    public function test_insecure_flag_check(): void {
        global $CFG;
        $this->resetAfterTest();
        require_once($CFG->dirroot . '/admin/tool/kalturalti13/lib.php');
        $ids = array_map(function ($c) {
            return $c->get_id();
        }, tool_kalturalti13_status_checks());
        $this->assertContains('insecurekaf', $ids);
        $CFG->tool_kalturalti13_allow_insecure_kaf = true;
        $r = (new check\insecure_kaf())->get_result();
        $this->assertSame(result::WARNING, $r->get_status());
        $this->assertStringContainsString('tool_kalturalti13_allow_insecure_kaf', $r->get_details());
        $CFG->tool_kalturalti13_allow_insecure_kaf = false;
        $this->assertSame(result::OK, (new check\insecure_kaf())->get_result()->get_status());
        // And get_state tells the page.
        $this->setAdminUser();
        $CFG->tool_kalturalti13_allow_insecure_kaf = true;
        $this->assertTrue(external\get_state::execute()['moodle']['insecurekaf']);
    }

    /**
     * Finished runs older than the retention are deleted by the daily task, with their steps; newer ones, and a run in
     * progress however old, stay; 0 keeps everything.
     */
    public function test_retention_of_finished_runs(): void {
        global $DB;
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->assertEquals(365 * DAYSECS, local\retention::DEFAULT_RETENTION);
        $old = journal::start('upgrade', '{}');
        journal::step($old, 'backup', 'done', 1700000000000, 1, '{}');
        journal::finish($old, 'completed', '{}');
        $recent = journal::start('revert', '{}');
        journal::finish($recent, 'completed', '{}');
        $running = journal::start('upgrade', '{}');
        $DB->set_field(journal::RUNS, 'timefinished', time() - 366 * DAYSECS, ['id' => $old]);
        $DB->set_field(journal::RUNS, 'timestarted', time() - 400 * DAYSECS, ['id' => $running]);

        set_config('runretention', 0, 'tool_kalturalti13');
        $this->assertSame(0, local\retention::prune());
        set_config('runretention', 365 * DAYSECS, 'tool_kalturalti13');
        set_config('kaf_uri', '', 'local_kaltura');
        ob_start();
        (new task\watch_wiring())->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString('1 finished run(s) past the retention deleted', $out);
        $this->assertFalse($DB->record_exists(journal::RUNS, ['id' => $old]));
        $this->assertSame(0, $DB->count_records('tool_kalturalti13_steps', ['runid' => $old]));
        $this->assertTrue($DB->record_exists(journal::RUNS, ['id' => $recent]));
        $this->assertTrue($DB->record_exists(journal::RUNS, ['id' => $running]));
    }
}
