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

namespace tool_kalturalti13\local;

use moodle_exception;

/**
 * The journal of upgrade runs and the site-wide lock (one running run at a time); the rollback snapshot is snapshot's.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class journal {
    /** Runs table. */
    public const RUNS = 'tool_kalturalti13_runs';

    /** Steps table. */
    public const STEPS = 'tool_kalturalti13_steps';

    /** Kinds of run. */
    private const KINDS = ['upgrade', 'revert'];

    /** Statuses a run may finish with. */
    private const FINAL_STATUSES = ['completed', 'failed', 'rolledback', 'rollbackfailed'];

    /** Statuses of a step. */
    private const STEP_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'];

    /** Longest plan or snapshot accepted (bytes). */
    public const MAX_JSON = 1048576;

    /** Longest step or finish detail accepted (bytes). */
    private const MAX_DETAIL = 65536;

    /** @var int how long run_start waits for the start lock, seconds (tests shorten it) */
    public static $locktimeout = 10;

    /**
     * Checks a JSON text and returns it with any private key replaced by its token.
     *
     * @param string $json text
     * @param int $max longest allowed
     * @param string $what which argument (for the message)
     * @return array [string $json, array $secrets]
     * @throws moodle_exception runbadjson
     */
    public static function clean_json(string $json, int $max, string $what): array {
        if (strlen($json) > $max || json_decode($json) === null && trim($json) !== 'null') {
            throw new moodle_exception('runbadjson', 'tool_kalturalti13', '', $what);
        }
        [$clean, $secrets] = redactor::redact($json);
        if (redactor::holds_key($clean) || strpos($clean, redactor::TRUNCATED) !== false) {
            throw new moodle_exception('runbadjson', 'tool_kalturalti13', '', $what);
        }
        return [$clean, $secrets];
    }

    /**
     * Starts a run, refusing when another run is running. The check and the insert happen under a lock
     * from \core\lock\lock_config, so two starts cannot both succeed, even at the same moment.
     *
     * @param string $kind upgrade or revert
     * @param string $plan JSON
     * @return int run id
     * @throws moodle_exception runinprogress, runbadkind, runbadjson, runlockbusy
     */
    public static function start(string $kind, string $plan): int {
        global $DB, $USER;
        if (!in_array($kind, self::KINDS, true)) {
            throw new moodle_exception('runbadkind', 'tool_kalturalti13', '', $kind);
        }
        [$plan] = self::clean_json($plan, self::MAX_JSON, 'plan');
        $factory = \core\lock\lock_config::get_lock_factory('tool_kalturalti13');
        $lock = $factory->get_lock('runstart', self::$locktimeout);
        if (!$lock) {
            throw new moodle_exception('runlockbusy', 'tool_kalturalti13');
        }
        try {
            // Under the lock, nobody else can be between this check and the insert.
            $running = $DB->get_records(self::RUNS, ['status' => 'running'], 'id ASC', '*', 0, 1);
            if ($running) {
                $run = reset($running);
                $a = (object)[
                    'name' => self::user_name((int)$run->userid),
                    'time' => userdate($run->timestarted),
                    'id' => $run->id,
                ];
                throw new moodle_exception('runinprogress', 'tool_kalturalti13', '', $a);
            }
            $now = time();
            $id = (int)$DB->insert_record(self::RUNS, (object)[
                'kind' => $kind,
                'status' => 'running',
                'userid' => $USER->id,
                'timestarted' => $now,
                'timefinished' => 0,
                'timemodified' => $now,
                'plan' => $plan,
                'detail' => '',
                'snapshot' => null,
                'secrets' => null,
            ]);
        } finally {
            $lock->release();
        }
        \tool_kalturalti13\event\run_started::create_for_run($id, $kind)->trigger();
        return $id;
    }

    /**
     * A run record that is running.
     *
     * @param int $runid id
     * @return \stdClass
     * @throws moodle_exception runnotfound, runnotrunning
     */
    public static function running(int $runid): \stdClass {
        global $DB;
        $run = $DB->get_record(self::RUNS, ['id' => $runid]);
        if (!$run) {
            throw new moodle_exception('runnotfound', 'tool_kalturalti13', '', $runid);
        }
        if ($run->status !== 'running') {
            throw new moodle_exception('runnotrunning', 'tool_kalturalti13', '', $runid);
        }
        return $run;
    }

    /**
     * Records (inserts or updates by name) one step of a running run.
     *
     * @param int $runid run id
     * @param string $name step name
     * @param string $status step status
     * @param int $timestarted ms since the epoch
     * @param int $durationms duration
     * @param string $detail JSON, no secrets (private keys are replaced by tokens)
     * @throws moodle_exception runnotfound, runnotrunning, runbadstep, runbadjson
     */
    public static function step(
        int $runid,
        string $name,
        string $status,
        int $timestarted,
        int $durationms,
        string $detail
    ): void {
        global $DB;
        $run = self::running($runid);
        if (
            !preg_match('/^[a-z0-9_.:-]{1,100}$/iD', $name)
            || !in_array($status, self::STEP_STATUSES, true)
            || $timestarted < 0
            || $durationms < 0
        ) {
            throw new moodle_exception('runbadstep', 'tool_kalturalti13', '', $name);
        }
        [$detail] = self::clean_json($detail === '' ? '{}' : $detail, self::MAX_DETAIL, 'detail');
        $detail = self::settled_plan($run, $detail);
        $record = (object)[
            'runid' => $run->id,
            'name' => $name,
            'status' => $status,
            'timestarted' => $timestarted,
            'durationms' => $durationms,
            'detail' => $detail,
            'timemodified' => time(),
        ];
        $existing = $DB->get_record(self::STEPS, ['runid' => $run->id, 'name' => $name]);
        if ($existing) {
            $record->id = $existing->id;
            $DB->update_record(self::STEPS, $record);
        } else {
            $DB->insert_record(self::STEPS, $record);
        }
        $DB->set_field(self::RUNS, 'timemodified', time(), ['id' => $run->id]);
    }

    /**
     * A step that settled part of the plan during the run (plan.ts settleAfterFirstSave) sends the settled plan in its
     * detail: it becomes the run's plan, so that the report and a resumed run read the plan that ran.
     *
     * @param \stdClass $run the running run (its plan is updated here)
     * @param string $detail the step's detail, cleaned
     * @return string the detail without the plan
     * @throws moodle_exception runbadjson when the plan is not a plan of the run's kind
     */
    private static function settled_plan(\stdClass $run, string $detail): string {
        global $DB;
        $decoded = json_decode($detail, true);
        if (!is_array($decoded) || !array_key_exists('plan', $decoded)) {
            return $detail;
        }
        $plan = $decoded['plan'];
        if (!is_array($plan) || ($plan['kind'] ?? null) !== $run->kind || !is_array($plan['changes'] ?? null)) {
            throw new moodle_exception('runbadjson', 'tool_kalturalti13', '', 'plan');
        }
        $DB->set_field(self::RUNS, 'plan', json_encode($plan, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), ['id' => $run->id]);
        unset($decoded['plan']);
        return json_encode((object)$decoded, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }

    /**
     * Finishes a run: releases the lock, deletes the snapshot and every secret of the run, fires the event.
     * A completed upgrade records the thumbprint of the key it verified in KAF's key set (the status check's reference).
     *
     * @param int $runid run id
     * @param string $status completed, failed, rolledback or rollbackfailed
     * @param string $detail JSON, no secrets
     * @param string $thumbprint RFC 7638 thumbprint of the key a completed upgrade verified ('' = none)
     * @throws moodle_exception runnotfound, runnotrunning, runbadstatus, runbadjson, probebadthumbprint
     */
    public static function finish(int $runid, string $status, string $detail, string $thumbprint = ''): void {
        global $DB;
        $run = self::running($runid);
        if (!in_array($status, self::FINAL_STATUSES, true)) {
            throw new moodle_exception('runbadstatus', 'tool_kalturalti13', '', $status);
        }
        if ($thumbprint !== '' && !probe_rule::is_thumbprint($thumbprint)) {
            throw new moodle_exception('probebadthumbprint', 'tool_kalturalti13');
        }
        [$detail] = self::clean_json($detail === '' ? '{}' : $detail, self::MAX_DETAIL, 'detail');
        $now = time();
        $DB->update_record(self::RUNS, (object)[
            'id' => $run->id,
            'status' => $status,
            'timefinished' => $now,
            'timemodified' => $now,
            'detail' => $detail,
            'snapshot' => null,
            'secrets' => null,
        ]);
        // Every session's held secrets, not only this one's: the run may end in another admin's session, or be closed
        // long after the session that read the keys.
        kaf\session_store::clear_all_secrets();
        if ($status === 'completed' && $run->kind === 'upgrade' && $thumbprint !== '') {
            wiring::record_verified($thumbprint);
        }
        // Both sides may have changed: the status check must look again.
        wiring::forget();
        if ($status === 'completed') {
            $event = $run->kind === 'revert' ? \tool_kalturalti13\event\run_reverted::class
                : \tool_kalturalti13\event\run_completed::class;
        } else if ($status === 'rolledback') {
            $event = \tool_kalturalti13\event\run_rolled_back::class;
        } else {
            $event = \tool_kalturalti13\event\run_failed::class;
        }
        $event::create_for_run($run->id, $run->kind, $status)->trigger();
    }

    /**
     * The summary of a run (the report).
     *
     * @param int $runid run id, 0 for the latest
     * @return array|null RunSummary, null when there is no run at all
     * @throws moodle_exception runnotfound
     */
    public static function get(int $runid): ?array {
        global $DB;
        if ($runid === 0) {
            $runs = $DB->get_records(self::RUNS, null, 'id DESC', '*', 0, 1);
            return $runs ? self::summary(reset($runs)) : null;
        }
        $run = $DB->get_record(self::RUNS, ['id' => $runid]);
        if (!$run) {
            throw new moodle_exception('runnotfound', 'tool_kalturalti13', '', $runid);
        }
        return self::summary($run);
    }

    /**
     * A run's outcome detail as run_finish recorded it (JSON, no secrets: {cause, sides} or {evidence}).
     *
     * @param int $runid run id
     * @return string JSON, '' while the run is open
     */
    public static function get_detail(int $runid): string {
        global $DB;
        return (string)$DB->get_field(self::RUNS, 'detail', ['id' => $runid]);
    }

    /**
     * The running run, if any.
     *
     * @return array|null RunSummary
     */
    public static function current(): ?array {
        global $DB;
        $runs = $DB->get_records(self::RUNS, ['status' => 'running'], 'id ASC', '*', 0, 1);
        return $runs ? self::summary(reset($runs)) : null;
    }

    /**
     * A run record as RunSummary.
     *
     * @param \stdClass $run record
     * @return array
     */
    public static function summary(\stdClass $run): array {
        global $DB;
        $steps = [];
        foreach ($DB->get_records(self::STEPS, ['runid' => $run->id], 'id ASC') as $step) {
            $steps[] = [
                'name' => $step->name,
                'status' => $step->status,
                'timestarted' => (int)$step->timestarted,
                'durationms' => (int)$step->durationms,
                'detail' => (string)$step->detail,
            ];
        }
        return [
            'id' => (int)$run->id,
            'kind' => $run->kind,
            'status' => $run->status,
            'userid' => (int)$run->userid,
            'userfullname' => self::user_name((int)$run->userid),
            'timestarted' => (int)$run->timestarted,
            'timefinished' => (int)$run->timefinished,
            'plan' => (string)$run->plan,
            'steps' => $steps,
        ];
    }

    /**
     * A user's full name, or a placeholder when the user is gone.
     *
     * @param int $userid id
     * @return string
     */
    private static function user_name(int $userid): string {
        $user = \core_user::get_user($userid);
        return $user ? fullname($user) : get_string('unknownuser', 'tool_kalturalti13', $userid);
    }
}
