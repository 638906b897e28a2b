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

use tool_kalturalti13\local\contract;

/**
 * The run report's sentences: each step's journaled detail, the verification evidence, the cause of a failure and the
 * user-id decision, said in words. The shapes are the engine's (amd/src/local/run/steps.ts, run/index.ts,
 * run/rollback.ts, run/context.ts, journal.ts); a shape not known here gives a neutral sentence, never the detail.
 * Pure: strings only, no database.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class sentences {
    /** The engine's causes written for the moment they are shown ("is being undone"): the report's own, past, text. */
    private const CAUSES = [
        'engine_kaffieldsnotrevealed' => 'report_cause_kaffieldsnotrevealed',
        'engine_kafsaverejected' => 'report_cause_kafsaverejected',
        'engine_rollbackrequested' => 'report_cause_rollbackrequested',
        'engine_useridnokeep' => 'report_cause_useridnokeep',
        'engine_useridstillunread' => 'report_cause_useridstillunread',
        'engine_verifyfailed' => 'report_cause_verifyfailed',
    ];

    /** How a run may end, each with its own sentence. */
    private const ENDINGS = ['completed', 'failed', 'rolledback', 'rollbackfailed', 'running'];

    /** The user-id risks and choices a plan may record (model.ts UserIdRisk, UserIdDecision). */
    private const USERID_RISKS = ['none', 'differs', 'nofix', 'unknown', 'aftersave'];

    /**
     * A message of this plugin ({key, params}) as text, or '' when it is not one, names no string, or its string needs
     * a placeholder the params do not give (the page must never show a key or "{$a->...}").
     *
     * @param mixed $message the message as the journal holds it
     * @param string $prefix the key must start with this
     * @return string
     */
    public static function message_text($message, string $prefix = 'engine_'): string {
        $key = is_array($message) && is_string($message['key'] ?? null) ? $message['key'] : '';
        if (
            $key === '' || strpos($key, $prefix) !== 0 || !preg_match('/^[a-z0-9_]+$/', $key)
                || !get_string_manager()->string_exists($key, 'tool_kalturalti13')
        ) {
            return '';
        }
        $params = is_array($message['params'] ?? null) ? array_map('strval', array_filter($message['params'], 'is_scalar')) : [];
        // An engine message whose detail was empty ends in a space.
        $text = trim(get_string($key, 'tool_kalturalti13', (object)$params));
        return strpos($text, '{$a') === false ? $text : '';
    }

    /**
     * Why a run (or a step) failed, said as what happened: the engine's text, or the report's own where the engine's
     * speaks of the rollback as under way. How the run ended is said on its own (ending()).
     *
     * @param mixed $cause the engine's message ({key, params})
     * @return string never '' (a neutral sentence when the cause is missing or unknown)
     */
    public static function cause_sentence($cause): string {
        $key = is_array($cause) && is_string($cause['key'] ?? null) ? $cause['key'] : '';
        if (isset(self::CAUSES[$key])) {
            $text = self::message_text(['key' => self::CAUSES[$key]] + $cause, 'report_cause_');
        } else {
            $text = contract::error_text($cause) ?: self::message_text($cause);
        }
        return $text !== '' ? $text : get_string('report_cause_unknown', 'tool_kalturalti13');
    }

    /**
     * How the run ended, as one sentence.
     *
     * @param string $status the run's status
     * @return string
     */
    public static function ending(string $status): string {
        return in_array($status, self::ENDINGS, true) ? get_string('report_end_' . $status, 'tool_kalturalti13') : '';
    }

    /**
     * A number from a detail, or null when it is not one.
     *
     * @param array $detail the detail
     * @param string $name the field
     * @return int|null
     */
    private static function count(array $detail, string $name): ?int {
        $v = $detail[$name] ?? null;
        return is_int($v) || (is_string($v) && ctype_digit($v)) ? (int)$v : null;
    }

    /**
     * A text from a detail, or null when it is not one.
     *
     * @param array $detail the detail
     * @param string $name the field
     * @return string|null
     */
    private static function text(array $detail, string $name): ?string {
        $v = $detail[$name] ?? null;
        return is_string($v) || is_int($v) ? (string)$v : null;
    }

    /**
     * What a step did, as one sentence, from the detail the engine journaled for it (run/steps.ts, run/index.ts,
     * run/rollback.ts, run/context.ts; failed: {error}, skipped: {reason}, journal.ts). A shape this report does
     * not know gives a neutral sentence, never the detail itself.
     *
     * @param string $name the step
     * @param string $status its status
     * @param mixed $detail its detail, decoded
     * @param array $tools External tool id => name, from the plan (for the Moodle step)
     * @return string
     */
    public static function step_sentence(string $name, string $status, $detail, array $tools = []): string {
        $d = is_array($detail) ? $detail : [];
        if ($status === 'failed') {
            return self::cause_sentence($d['error'] ?? null);
        }
        if ($status === 'skipped') {
            $reason = self::message_text($d['reason'] ?? null, 'engine_step_');
            return $reason !== '' ? $reason : get_string('report_step_skipped', 'tool_kalturalti13');
        }
        if ($status !== 'done') {
            return get_string('report_step_notfinished', 'tool_kalturalti13');
        }
        $sentence = null;
        switch ($name) {
            case 'backup':
                $sentence = self::count($d, 'confirmed') === 1 ? get_string('report_step_backup', 'tool_kalturalti13') : null;
                break;
            case 'start':
            case 'snapshot':
            case 'keys':
            case 'kaf':
                $sentence = self::{$name . '_sentence'}($d);
                break;
            case 'moodle':
                $sentence = self::moodle_sentence($d, $tools);
                break;
            case 'verify':
                $sentence = $d ? get_string('report_step_verify', 'tool_kalturalti13') : null;
                break;
            case 'rollback':
                $sentence = self::restored($d) ? get_string('report_step_rollback', 'tool_kalturalti13') : null;
                break;
            case 'rollbackverify':
                $sentence = self::restored($d) ? get_string('report_step_rollbackverify', 'tool_kalturalti13') : null;
                break;
            case 'finish':
                $closed = self::text($d, 'status');
                $sentence = in_array($closed, ['completed', 'failed', 'rolledback', 'rollbackfailed'], true)
                    ? get_string('report_step_finish_' . $closed, 'tool_kalturalti13') : null;
                break;
        }
        return $sentence ?? get_string('report_step_done', 'tool_kalturalti13');
    }

    /**
     * The start step: {runid, changes}.
     *
     * @param array $d the detail
     * @return string|null null when the shape is not this step's
     */
    public static function start_sentence(array $d): ?string {
        $runid = self::count($d, 'runid');
        $changes = self::count($d, 'changes');
        return !isset($runid, $changes) ? null
            : get_string('report_step_start', 'tool_kalturalti13', (object)['runid' => $runid, 'changes' => $changes]);
    }

    /**
     * The snapshot step: {fields, settings}, how many KAF Hosted fields and Moodle settings it holds.
     *
     * @param array $d the detail
     * @return string|null null when the shape is not this step's
     */
    public static function snapshot_sentence(array $d): ?string {
        $fields = self::count($d, 'fields');
        $settings = self::count($d, 'settings');
        return !isset($fields, $settings) ? null
            : get_string('report_step_snapshot', 'tool_kalturalti13', (object)['fields' => $fields, 'settings' => $settings]);
    }

    /**
     * The keys step: {thumbprint, source}, the key by its fingerprint and whether it is new or KAF's.
     *
     * @param array $d the detail
     * @return string|null null when the shape is not this step's
     */
    public static function keys_sentence(array $d): ?string {
        $thumbprint = self::text($d, 'thumbprint');
        $source = self::text($d, 'source');
        if ($thumbprint === null || $thumbprint === '' || !in_array($source, ['new', 'kaf'], true)) {
            return null;
        }
        return get_string('report_step_keys_' . $source, 'tool_kalturalti13', (object)['thumbprint' => $thumbprint]);
    }

    /**
     * The KAF step: {saves, ltigrading}, the Hosted saves and whether the Ltigrading page was saved.
     *
     * @param array $d the detail
     * @return string|null null when the shape is not this step's
     */
    public static function kaf_sentence(array $d): ?string {
        $saves = self::count($d, 'saves');
        $ltigrading = self::count($d, 'ltigrading');
        if (!isset($saves, $ltigrading)) {
            return null;
        }
        if ($saves < 1) {
            return get_string($ltigrading ? 'report_step_kaf_ltigradingonly' : 'report_step_kaf_none', 'tool_kalturalti13');
        }
        return get_string(
            $ltigrading ? 'report_step_kaf_ltigrading' : 'report_step_kaf',
            'tool_kalturalti13',
            (object)['saves' => $saves]
        );
    }

    /**
     * The Moodle step: {settings, tooltypes}, the setting names and the tool ids, each a comma-separated list.
     *
     * @param array $d the detail
     * @param array $tools External tool id => name, from the plan
     * @return string|null null when the shape is not this step's
     */
    public static function moodle_sentence(array $d, array $tools = []): ?string {
        $settings = self::text($d, 'settings');
        $ids = self::text($d, 'tooltypes');
        if ($settings === null || $ids === null) {
            return null;
        }
        $names = [];
        foreach (array_filter(array_map('trim', explode(',', $ids)), 'strlen') as $id) {
            $names[] = isset($tools[$id]) ? '"' . $tools[$id] . '"' : $id;
        }
        $a = (object)['settings' => $settings, 'tools' => implode(', ', $names)];
        if ($settings !== '' && $names) {
            return get_string('report_step_moodle_both', 'tool_kalturalti13', $a);
        } else if ($settings !== '') {
            return get_string('report_step_moodle_settings', 'tool_kalturalti13', $a);
        } else if ($names) {
            return get_string('report_step_moodle_tools', 'tool_kalturalti13', $a);
        }
        return get_string('report_step_moodle_none', 'tool_kalturalti13');
    }

    /**
     * Whether a rollback step's detail says both sides were restored ({kaf: 'restored', moodle: 'restored'}).
     *
     * @param array $d the detail
     * @return bool
     */
    private static function restored(array $d): bool {
        return ($d['kaf'] ?? '') === 'restored' && ($d['moodle'] ?? '') === 'restored';
    }

    /**
     * What a verification proved, one sentence per check. The verify step journals each check's id and string key
     * only; the run's outcome holds the same checks with what they saw ({evidence: [{id, ok, message}]}), so each
     * check is said with that when the keys agree, and with its own string when that needs nothing more.
     *
     * @param mixed $detail the step's detail (check id => string key)
     * @param mixed $outcome the run's decoded outcome detail
     * @return string[]
     */
    public static function evidence_sentences($detail, $outcome): array {
        $recorded = [];
        $list = is_array($outcome) && is_array($outcome['evidence'] ?? null) ? $outcome['evidence'] : [];
        foreach ($list as $e) {
            if (is_array($e) && is_string($e['id'] ?? null) && is_array($e['message'] ?? null)) {
                $recorded[$e['id']] = $e['message'];
            }
        }
        $out = [];
        $checks = is_array($detail) ? $detail : [];
        foreach ($checks as $id => $key) {
            $text = '';
            if (is_string($key) && isset($recorded[$id]) && ($recorded[$id]['key'] ?? null) === $key) {
                $text = self::message_text($recorded[$id], 'engine_ev_');
            }
            if ($text === '' && is_string($key)) {
                $text = self::message_text(['key' => $key], 'engine_ev_');
            }
            $out[] = $text !== '' ? $text : get_string('report_ev_unrecorded', 'tool_kalturalti13');
        }
        return $out;
    }

    /**
     * What a rollback's check proved. It journals only that each side was restored ({kaf, moodle}), and the run's
     * outcome only the sides ({cause, sides}); the engine's evidence for a rollback (rollback.ts) is these two strings.
     *
     * @param array $detail the rollbackverify step's detail
     * @return string[] empty when the detail does not say both sides were restored
     */
    public static function restored_sentences(array $detail): array {
        if (!self::restored($detail)) {
            return [];
        }
        return [self::message_text(['key' => 'engine_ev_restoredkaf']), self::message_text(['key' => 'engine_ev_restoredmoodle'])];
    }

    /**
     * The user-id decision the plan recorded ({risk, choice, release}), as two sentences: the risk and the choice.
     *
     * @param mixed $plan the decoded plan
     * @return string[] empty for a revert
     */
    public static function userid_sentences($plan): array {
        if (!is_array($plan) || ($plan['kind'] ?? '') !== 'upgrade') {
            return [];
        }
        $decision = $plan['userid'] ?? null;
        $risk = is_array($decision) ? ($decision['risk'] ?? null) : null;
        if (!in_array($risk, self::USERID_RISKS, true)) {
            return [get_string('report_userid_notrecorded', 'tool_kalturalti13')];
        }
        // A plan always records the release; a question mark stands in for one that did not.
        $release = is_scalar($decision['release'] ?? null) ? (string)$decision['release'] : '';
        $release = $release !== '' ? $release : '?';
        $choice = $decision['choice'] ?? null;
        $choice = in_array($choice, ['keep', 'acknowledge'], true) ? $choice : 'none';
        return [
            get_string('report_userid_risk_' . $risk, 'tool_kalturalti13', (object)['release' => $release]),
            get_string('report_userid_choice_' . $choice, 'tool_kalturalti13'),
        ];
    }
}
