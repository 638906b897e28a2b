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

namespace tool_kalturalti13\output;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\output\report::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\output\sentences::class)]
/**
 * The run report reads as a document: each step's detail (as the engine journals it) said as a sentence, the evidence
 * through its strings, the cause in the tense of how the run ended, and no JSON or string key anywhere on the page.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\output\report
 * @covers     \tool_kalturalti13\output\sentences
 */
final class report_test extends \advanced_testcase {
    /** A key's fingerprint as the keys step journals it. */
    private const THUMB = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

    /**
     * A plan as the engine stores it (types.ts Plan): a KAF field that was empty, a new key, a tool, the user-id decision.
     *
     * @param array $userid the user-id decision
     * @return string JSON
     */
    private static function plan(array $userid = ['risk' => 'aftersave', 'choice' => 'keep', 'release' => '4.5.1']): string {
        return json_encode(['kind' => 'upgrade', 'userid' => $userid, 'changes' => [
            ['where' => 'kaf', 'field' => 'authMethod', 'before' => 'lti', 'after' => ['kind' => 'value', 'value' => 'lti1.3'],
                'beforeDisplay' => 'lti', 'afterDisplay' => 'lti1.3'],
            ['where' => 'kaf', 'field' => 'lti13ClientId', 'before' => '', 'after' => ['kind' => 'value', 'value' => 'abc'],
                'beforeDisplay' => '', 'afterDisplay' => 'abc'],
            ['where' => 'kaf', 'field' => 'lti13ServicePrivateKey', 'before' => '', 'after' => ['kind' => 'newprivatekey'],
                'beforeDisplay' => '', 'afterDisplay' => ''],
            ['where' => 'tooltype', 'field' => 'lti_ltiversion', 'before' => 'LTI-1p0',
                'after' => ['kind' => 'value', 'value' => '1.3.0'], 'beforeDisplay' => 'LTI-1p0', 'afterDisplay' => '1.3.0',
                'tool' => ['id' => 7, 'name' => 'Kaltura Video Quiz']],
        ]]);
    }

    /**
     * A step as journal::summary gives it.
     *
     * @param string $name step
     * @param string $status status
     * @param array $detail detail
     * @return array
     */
    private static function step(string $name, string $status, array $detail): array {
        return ['name' => $name, 'status' => $status, 'timestarted' => 0, 'durationms' => 1500,
            'detail' => json_encode((object)$detail)];
    }

    /**
     * A run as journal::get gives it.
     *
     * @param string $status status
     * @param array $steps steps
     * @param string $plan plan JSON
     * @return array
     */
    private static function summary(string $status, array $steps, string $plan = ''): array {
        return ['id' => 12, 'kind' => 'upgrade', 'status' => $status, 'userid' => 2, 'userfullname' => 'Admin User',
            'timestarted' => 1764000000, 'timefinished' => 1764000060, 'plan' => $plan ?: self::plan(), 'steps' => $steps];
    }

    /**
     * The rendered page and its context must hold no JSON, no string key and no missing string.
     *
     * @param report $report the report
     * @return string the rendered HTML
     */
    private function assert_document(report $report): string {
        global $PAGE;
        $output = $PAGE->get_renderer('core');
        $context = $report->export_for_template($output);
        $html = $output->render_from_template('tool_kalturalti13/report', $context);
        $texts = [];
        array_walk_recursive($context, function ($v) use (&$texts) {
            $texts[] = (string)$v;
        });
        foreach (['{"', 'engine_', '[[', '{$a'] as $bad) {
            foreach ($texts as $text) {
                $this->assertStringNotContainsString($bad, $text);
            }
            $this->assertStringNotContainsString($bad, $html);
        }
        return $html;
    }

    /**
     * Each step kind's detail, as the engine journals it, is one sentence.
     */
    public function test_step_sentences(): void {
        $this->resetAfterTest();
        $this->assertSame('The run was recorded in the journal as run 12, holding the lock so that no other run could start. '
            . 'Planned changes: 9.', sentences::step_sentence('start', 'done', ['runid' => 12, 'changes' => 9]));
        $this->assertSame(
            'KAF saved its current configuration as a backup and confirmed it.',
            sentences::step_sentence('backup', 'done', ['confirmed' => 1, 'text' => 'Configuration file was saved successfully.'])
        );
        $this->assertStringContainsString(
            'KAF Hosted fields recorded: 41. Moodle settings recorded: 2.',
            sentences::step_sentence('snapshot', 'done', ['fields' => 41, 'settings' => 2])
        );
        $this->assertStringContainsString(
            'Fingerprint of its public key: ' . self::THUMB . '.',
            sentences::step_sentence('keys', 'done', ['thumbprint' => self::THUMB, 'source' => 'new'])
        );
        $this->assertStringContainsString(
            'A new RSA key pair was made',
            sentences::step_sentence('keys', 'done', ['thumbprint' => self::THUMB, 'source' => 'new'])
        );
        $this->assertStringContainsString(
            'The key pair KAF already holds was kept.',
            sentences::step_sentence('keys', 'done', ['thumbprint' => self::THUMB, 'source' => 'kaf'])
        );
        $this->assertSame(
            'KAF\'s Hosted module was saved with the planned values (saves: 2), and so was the Ltigrading module.',
            sentences::step_sentence('kaf', 'done', ['saves' => 2, 'ltigrading' => 1])
        );
        $this->assertSame(
            'KAF\'s Hosted module was saved with the planned values (saves: 1).',
            sentences::step_sentence('kaf', 'done', ['saves' => 1, 'ltigrading' => 0])
        );
        $this->assertSame('Moodle\'s Kaltura settings were saved (kaf_uri, lti_version), and so was the LTI 1.3 configuration '
            . 'of the External tool "Kaltura Video Quiz".', sentences::step_sentence(
                'moodle',
                'done',
                ['settings' => 'kaf_uri, lti_version', 'tooltypes' => '7'],
                ['7' => 'Kaltura Video Quiz']
            ));
        $this->assertSame(
            'Moodle\'s Kaltura settings were saved: lti_version.',
            sentences::step_sentence('moodle', 'done', ['settings' => 'lti_version', 'tooltypes' => ''])
        );
        $this->assertSame(
            'The values recorded in the snapshot were put back at KAF and in Moodle.',
            sentences::step_sentence('rollback', 'done', ['kaf' => 'restored', 'moodle' => 'restored'])
        );
        $this->assertStringContainsString(
            'What verification proved',
            sentences::step_sentence('verify', 'done', ['keyset' => 'engine_ev_keysetok'])
        );
        $this->assertSame(
            'The run was closed as failed and rolled back.',
            sentences::step_sentence('finish', 'done', ['status' => 'rolledback'])
        );
        $this->assertSame(
            'No keys are needed.',
            sentences::step_sentence('keys', 'skipped', ['reason' => ['key' => 'engine_step_nokeys']])
        );
        // A shape this report does not know, or a step it does not know, is said neutrally, never as the detail.
        $neutral = get_string('report_step_done', 'tool_kalturalti13');
        $this->assertSame($neutral, sentences::step_sentence('kaf', 'done', ['saves' => 'many']));
        $elsewhere = ['thumbprint' => self::THUMB, 'source' => 'elsewhere'];
        $this->assertSame($neutral, sentences::step_sentence('keys', 'done', $elsewhere));
        $this->assertSame($neutral, sentences::step_sentence('newstep', 'done', ['x' => 1]));
        $this->assertSame($neutral, sentences::step_sentence('start', 'done', 'not json'));
        $notfinished = get_string('report_step_notfinished', 'tool_kalturalti13');
        $this->assertSame($notfinished, sentences::step_sentence('kaf', 'running', []));
    }

    /**
     * A token reads as the fingerprint the page shows (tests/vectors/tokens.json, read by the page's tests too).
     */
    public function test_token_fingerprint_vectors(): void {
        $vectors = json_decode((string)file_get_contents(dirname(__DIR__) . '/vectors/tokens.json'), true);
        foreach ($vectors['cases'] as $case) {
            $this->assertSame($case['fingerprint'], report::shown($case['token'], '-'), $case['name']);
        }
    }

    /**
     * A failure written for "now" (the change is being undone) is said as what happened; an unknown cause neutrally.
     */
    public function test_cause_in_the_past(): void {
        $this->resetAfterTest();
        $cause = ['key' => 'engine_verifyfailed', 'params' => ['checks' => 'keyset']];
        $this->assertSame('Verification found these checks failing: keyset.', sentences::cause_sentence($cause));
        $this->assertStringNotContainsString('being undone', sentences::cause_sentence(['key' => 'engine_kafsaverejected',
            'params' => ['path' => '/admin/config/tab/hosted']]));
        $this->assertSame('These values changed since the plan was shown: authMethod. Nothing was changed. Reload the page to see '
            . 'a new plan.', sentences::cause_sentence(['key' => 'engine_planstale', 'params' => ['fields' => 'authMethod']]));
        $unknown = get_string('report_cause_unknown', 'tool_kalturalti13');
        $this->assertSame($unknown, sentences::cause_sentence(['key' => 'no_such_key']));
        $this->assertSame($unknown, sentences::cause_sentence(['key' => 'pluginname']));
        // A string whose placeholder the params do not fill is not shown half-done.
        $this->assertSame($unknown, sentences::cause_sentence(['key' => 'engine_planstale']));
        $this->assertSame($unknown, sentences::cause_sentence('engine_verifyfailed'));
    }

    /**
     * The user-id decision is said as the risk and the option taken.
     */
    public function test_userid_sentences(): void {
        $this->resetAfterTest();
        [$risk, $choice] = sentences::userid_sentences(json_decode(self::plan(), true));
        $this->assertStringContainsString('only once LTI 1.3 is saved', $risk);
        $this->assertStringContainsString('4.5.1', $risk);
        $this->assertStringContainsString('chose to keep users\' Kaltura ids', $choice);
        [, $choice] = sentences::userid_sentences(['kind' => 'upgrade',
            'userid' => ['risk' => 'nofix', 'choice' => 'acknowledge', 'release' => '4.4.2']]);
        $this->assertStringContainsString('accepted that users get new Kaltura ids', $choice);
        $this->assertSame(
            [get_string('report_userid_notrecorded', 'tool_kalturalti13')],
            sentences::userid_sentences(['kind' => 'upgrade'])
        );
        $this->assertSame([], sentences::userid_sentences(['kind' => 'revert']));
    }

    /**
     * A completed upgrade: each step a sentence, each check through its engine_ev_ string with what the outcome saw.
     */
    public function test_completed_report(): void {
        $this->resetAfterTest();
        $verify = ['hostedfields' => 'engine_ev_hostedok', 'keyset' => 'engine_ev_keysetok', 'oidc' => 'engine_ev_oidcok',
            'moodlesettings' => 'engine_ev_moodleok', 'unplanned' => 'engine_ev_unplannedok'];
        $run = self::summary('completed', [
            self::step('start', 'done', ['runid' => 12, 'changes' => 4]),
            self::step('backup', 'done', ['confirmed' => 1, 'text' => 'Configuration file was saved successfully.']),
            self::step('snapshot', 'done', ['fields' => 41, 'settings' => 2]),
            self::step('keys', 'done', ['thumbprint' => self::THUMB, 'source' => 'new']),
            self::step('kaf', 'done', ['saves' => 2, 'ltigrading' => 0]),
            self::step('moodle', 'done', ['settings' => 'lti_version', 'tooltypes' => '7']),
            self::step('verify', 'done', $verify),
            self::step('finish', 'done', ['status' => 'completed']),
        ]);
        $outcome = ['evidence' => [
            ['id' => 'hostedfields', 'ok' => true, 'message' => ['key' => 'engine_ev_hostedok', 'params' => ['count' => 9]]],
            ['id' => 'keyset', 'ok' => true, 'message' => ['key' => 'engine_ev_keysetok',
                'params' => ['thumbprint' => self::THUMB, 'kid' => 'k1']]],
            ['id' => 'moodlesettings', 'ok' => true, 'message' => ['key' => 'engine_ev_moodleok']],
        ]];
        $html = $this->assert_document(new report($run, json_encode($outcome)));
        $this->assertStringContainsString('KAF Hosted: every planned field holds its planned value (fields checked: 9).', $html);
        $this->assertStringContainsString('publishes our key ' . self::THUMB . '.', $html);
        $this->assertStringContainsString('Moodle: the Kaltura settings are as planned.', $html);
        // The oidc check's string needs what the outcome did not record: said neutrally, not half-filled.
        $this->assertStringContainsString(get_string('report_ev_unrecorded', 'tool_kalturalti13'), $html);
        $this->assertStringContainsString('Every planned change was made and verified.', $html);
        $this->assertStringContainsString('Kaltura Video Quiz', $html);
        // The plan's empty values read as on the page.
        $this->assertStringContainsString('>' . get_string('plan_emptyvalue', 'tool_kalturalti13') . '<', $html);
        $this->assertStringContainsString(get_string('plan_newprivatekey', 'tool_kalturalti13'), $html);
        $this->assertStringNotContainsString('Why it failed', $html);
    }

    /**
     * The report shows the plan that ran: where the run settled a line after the first save (the user-id setting KAF
     * shows only then), the plan the KAF step journaled is the one the report lists, not the one shown before the click.
     */
    public function test_report_shows_the_plan_that_ran(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $shown = json_decode(self::plan(), true);
        $runid = \tool_kalturalti13\local\journal::start('upgrade', json_encode($shown));
        $settled = $shown;
        $settled['changes'][] = ['where' => 'kaf', 'field' => 'lti13UserIdClaimProperty', 'before' => '',
            'after' => ['kind' => 'value', 'value' => 'user_username'], 'beforeDisplay' => '', 'afterDisplay' => 'user_username'];
        \tool_kalturalti13\local\journal::step($runid, 'kaf', 'running', 1764000000000, 0, json_encode(['plan' => $settled]));
        \tool_kalturalti13\local\journal::step($runid, 'kaf', 'done', 1764000000000, 900, '{"saves":2,"ltigrading":0}');
        \tool_kalturalti13\local\journal::finish($runid, 'completed', '{"evidence":[]}');
        $report = new report(\tool_kalturalti13\local\journal::get($runid), '{"evidence":[]}');
        $html = $this->assert_document($report);
        $this->assertStringContainsString('lti13UserIdClaimProperty', $html);
        $this->assertStringContainsString('user_username', $html);
        $this->assertSame($settled, $report->as_document()['plan']);
    }

    /**
     * A KAF field its form did not show when the plan was made reads as hidden in the plan table, as on the page.
     */
    public function test_hidden_before(): void {
        $this->resetAfterTest();
        $plan = json_encode(['kind' => 'upgrade', 'changes' => [
            ['where' => 'kaf', 'field' => 'lti13ClientId', 'before' => '', 'beforeDisplay' => '', 'beforeHidden' => true,
                'after' => ['kind' => 'value', 'value' => 'abc'], 'afterDisplay' => 'abc'],
        ]]);
        $html = $this->assert_document(new report(self::summary('completed', [], $plan), '{"evidence":[]}'));
        $this->assertStringContainsString(get_string('plan_hiddenvalue', 'tool_kalturalti13'), $html);
        $this->assertStringNotContainsString('>' . get_string('plan_emptyvalue', 'tool_kalturalti13') . '<', $html);
    }

    /**
     * A rolled-back run says its cause as what happened and what the rollback proved.
     */
    public function test_rolledback_report(): void {
        $this->resetAfterTest();
        $cause = ['key' => 'engine_verifyfailed', 'params' => ['checks' => 'keyset']];
        $run = self::summary('rolledback', [
            self::step('verify', 'failed', ['error' => $cause]),
            self::step('rollback', 'done', ['kaf' => 'restored', 'moodle' => 'restored']),
            self::step('rollbackverify', 'done', ['kaf' => 'restored', 'moodle' => 'restored']),
        ]);
        $html = $this->assert_document(new report($run, json_encode(['cause' => $cause, 'sides' => [
            ['where' => 'kaf', 'restored' => true, 'differences' => []],
            ['where' => 'moodle', 'restored' => true, 'differences' => []],
        ]])));
        $this->assertStringContainsString('Verification found these checks failing: keyset.', $html);
        $this->assertStringContainsString('Every change was undone', $html);
        $this->assertStringContainsString(get_string('engine_ev_restoredkaf', 'tool_kalturalti13'), $html);
        $this->assertStringContainsString(get_string('engine_ev_restoredmoodle', 'tool_kalturalti13'), $html);
        $this->assertStringNotContainsString('being undone', $html);
        $this->assertStringNotContainsString('data-region="report-tofix"', $html);
    }

    /**
     * A rollback that did not put everything back lists the fields to set by hand, a side it could not read included.
     */
    public function test_rollbackfailed_report(): void {
        $this->resetAfterTest();
        $cause = ['key' => 'engine_kafsaverejected', 'params' => ['path' => '/admin/config/tab/hosted']];
        $outcome = ['cause' => $cause, 'sides' => [
            ['where' => 'kaf', 'restored' => false, 'differences' => [
                ['field' => 'authMethod', 'now' => 'lti1.3', 'wanted' => 'lti'],
                ['field' => 'lti13ClientId', 'now' => 'abc', 'wanted' => ''],
                // Shortened by the engine (verify.ts short()) as every value longer than 80 characters.
                ['field' => 'lti13ServicePrivateKey', 'now' => '[[secret:sha256:' . str_repeat('0a', 12) . '…'
                    . str_repeat('0b', 9) . ']]', 'wanted' => '[[secret:sha256:' . str_repeat('0c', 32) . ']]'],
            ]],
            ['where' => 'moodle', 'restored' => false, 'unread' => true, 'differences' => []],
        ]];
        $run = self::summary('rollbackfailed', [
            self::step('kaf', 'failed', ['error' => $cause]),
            // A shim error: its code's string as the server filled it, kept by the page as the message's text.
            self::step('rollback', 'failed', ['error' => ['key' => 'kafunreachable', 'text' => 'KAF at kaf.example could not '
                . 'be reached.']]),
            self::step('rollbackverify', 'failed', ['error' => ['key' => 'engine_rollbackunread_moodle']]),
        ]);
        $report = new report($run, json_encode($outcome));
        $html = $this->assert_document($report);
        $this->assertCount(4, report::tofix($outcome));
        // A private key shows as its fingerprint, as on the plan; the download keeps the journal's token.
        $this->assertStringContainsString('sha256:0a0a0a0a0a0a0a0a…', $html);
        $this->assertStringContainsString('sha256:0c0c0c0c0c0c0c0c…', $html);
        $this->assertStringContainsString('KAF refused the save of /admin/config/tab/hosted (it showed errors).', $html);
        $this->assertStringContainsString('The changes were not all undone', $html);
        $this->assertStringContainsString('KAF at kaf.example could not be reached.', $html);
        $this->assertStringContainsString('data-region="report-tofix"', $html);
        $this->assertStringContainsString('<tr data-field="authMethod">', $html);
        $this->assertStringContainsString(get_string('report_tofix_allfields', 'tool_kalturalti13'), $html);
        $this->assertStringContainsString(s(get_string('engine_rollbackunread_moodle', 'tool_kalturalti13')), $html);
        $this->assertStringNotContainsString('being undone', $html);
        // The download keeps the journal's own shapes for machines.
        $doc = $report->as_document();
        $this->assertSame($outcome, $doc['outcome']);
        $this->assertSame('authMethod', $doc['tofix'][0]['field']);
    }

    /**
     * A revert that failed before changing anything, and a run still open.
     */
    public function test_failed_and_running(): void {
        $this->resetAfterTest();
        $plan = json_encode(['kind' => 'revert', 'changes' => []]);
        $run = ['kind' => 'revert'] + self::summary('failed', [self::step('start', 'done', ['runid' => 12, 'changes' => 0]),
            self::step('backup', 'failed', ['error' => ['key' => 'engine_kafbackupnotconfirmed']])], $plan);
        $html = $this->assert_document(new report($run, json_encode(['cause' => ['key' => 'engine_kafbackupnotconfirmed']])));
        $this->assertStringContainsString('Nothing was changed: the run stopped before its first change.', $html);
        $this->assertStringContainsString(get_string('report_nochanges', 'tool_kalturalti13'), $html);
        $this->assertStringNotContainsString('data-region="report-userid"', $html);
        $running = self::summary('running', [self::step('kaf', 'running', [])]);
        $running['timefinished'] = 0;
        $html = $this->assert_document(new report($running, ''));
        $this->assertStringContainsString('The run has not finished', $html);
    }
}
