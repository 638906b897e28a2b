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

use renderable;
use renderer_base;
use templatable;

/**
 * A run's report: what was planned, each step, and how it ended. Built from the journal, which holds no secrets.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report implements renderable, templatable {
    /** @var array the run as the journal gives it (RunSummary) */
    protected $run;

    /** @var mixed the run's outcome detail (run_finish's detail, decoded): {cause, sides} or {evidence} */
    protected $outcome;

    /** Where a difference may be: the sides the engine restores. */
    private const SIDES = ['kaf', 'moodle', 'tooltype', 'ltigrading'];

    /**
     * Makes the report.
     *
     * @param array $run RunSummary from \tool_kalturalti13\local\journal::get()
     * @param string $detail the run's outcome detail (JSON, no secrets; '' while it runs)
     */
    public function __construct(array $run, string $detail = '') {
        $this->run = $run;
        $this->outcome = self::decode($detail);
    }

    /**
     * What is left to set by hand: each field that still differs after a rollback that did not put everything back,
     * on each side, with its value now and the value to set (keys only as tokens or fingerprints, as the journal has
     * them). Empty when the run ended anywhere else.
     *
     * @param mixed $outcome the decoded outcome detail
     * @return array list of ['where' => side, 'field' => string, 'now' => string, 'wanted' => string]; a side that could
     *               not be read back is one row with 'unread' => true (field '*')
     */
    public static function tofix($outcome): array {
        $out = [];
        $sides = is_array($outcome) && isset($outcome['sides']) && is_array($outcome['sides']) ? $outcome['sides'] : [];
        foreach ($sides as $side) {
            if (
                !is_array($side) || !empty($side['restored']) || !in_array($side['where'] ?? '', self::SIDES, true)
                    || !is_array($side['differences'] ?? null)
            ) {
                continue;
            }
            if (!empty($side['unread'])) {
                // The side could not be read back: nothing is known of it, so every field of it is to check.
                $out[] = ['where' => $side['where'], 'field' => '*', 'now' => '', 'wanted' => '', 'unread' => true];
            }
            foreach ($side['differences'] as $d) {
                if (!is_array($d)) {
                    continue;
                }
                $now = empty($d['absent']) ? (string)($d['now'] ?? '') : get_string('report_absent', 'tool_kalturalti13');
                $out[] = ['where' => $side['where'], 'field' => (string)($d['field'] ?? ''), 'now' => $now,
                    'wanted' => (string)($d['wanted'] ?? '')];
            }
        }
        return $out;
    }

    /**
     * The engine's message for why the run failed, as text.
     *
     * @param mixed $outcome the decoded outcome detail
     * @return string the text, '' when the outcome names no cause
     */
    protected static function cause_text($outcome): string {
        $cause = is_array($outcome) ? ($outcome['cause'] ?? null) : null;
        return $cause === null ? '' : sentences::cause_sentence($cause);
    }

    /**
     * The run as a document to download: the summary with its JSON fields decoded.
     *
     * @return array
     */
    public function as_document(): array {
        $run = $this->run;
        $run['plan'] = self::decode($run['plan']);
        foreach ($run['steps'] as $i => $step) {
            $run['steps'][$i]['detail'] = self::decode($step['detail']);
        }
        $run['outcome'] = $this->outcome;
        $run['tofix'] = self::tofix($this->outcome);
        return ['component' => 'tool_kalturalti13', 'report' => 'run'] + $run;
    }

    /**
     * Decodes a JSON field of the journal, keeping text that is not JSON as it is.
     *
     * @param string|null $json the field
     * @return mixed
     */
    protected static function decode(?string $json) {
        if ($json === null || $json === '') {
            return null;
        }
        $value = json_decode($json, true);
        return json_last_error() === JSON_ERROR_NONE ? $value : $json;
    }

    /**
     * A value as the page shows it: a private key's token (the journal's form of it, whole or shortened) as its short
     * fingerprint, as the plan shows it (keys.ts tokenFingerprint), and an empty value as "(empty)".
     *
     * @param string $value the value
     * @param string $empty the text for an empty value
     * @return string
     */
    public static function shown(string $value, string $empty): string {
        // The engine shortens a long value around an ellipsis (verify.ts short()): a token may come cut in two.
        if (preg_match('/^\[\[secret:sha256:([0-9a-f]{16})[0-9a-f]*(?:…[0-9a-f]*)?\]\]$/uD', trim($value), $m)) {
            return 'sha256:' . $m[1] . '…';
        }
        return $value === '' ? $empty : $value;
    }

    /**
     * The report's title: the run's number and its kind, as one whole sentence per kind.
     *
     * @param array $run RunSummary
     * @return string
     */
    public static function heading(array $run): string {
        $key = $run['kind'] === 'revert' ? 'report_heading_revert' : 'report_heading_upgrade';
        return get_string($key, 'tool_kalturalti13', (int)$run['id']);
    }

    /**
     * Context for tool_kalturalti13/report.
     *
     * @param renderer_base $output renderer
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $run = $this->run;
        $plan = self::decode($run['plan']);
        $empty = get_string('plan_emptyvalue', 'tool_kalturalti13');
        $changes = [];
        $tools = [];
        foreach ((is_array($plan) && isset($plan['changes']) && is_array($plan['changes'])) ? $plan['changes'] : [] as $c) {
            if (!is_array($c)) {
                continue;
            }
            $where = in_array($c['where'] ?? '', self::SIDES, true) ? $c['where'] : 'moodle';
            $after = is_scalar($c['afterDisplay'] ?? null) ? (string)$c['afterDisplay'] : '';
            $kind = $c['after']['kind'] ?? 'value';
            if ($kind === 'newprivatekey') {
                $after = get_string('plan_newprivatekey', 'tool_kalturalti13');
            } else if ($kind === 'newpublickey') {
                $after = get_string('plan_newpublickey', 'tool_kalturalti13');
            }
            $before = is_scalar($c['beforeDisplay'] ?? null) ? (string)$c['beforeDisplay'] : '';
            $tool = is_array($c['tool'] ?? null) && is_scalar($c['tool']['name'] ?? null) ? (string)$c['tool']['name'] : '';
            if ($tool !== '' && is_scalar($c['tool']['id'] ?? null)) {
                $tools[(string)$c['tool']['id']] = $tool;
            }
            // As the page's plan shows it: the tool's name after its side, "(empty)" for an empty value, a KAF field
            // its form did not show yet as such.
            $changes[] = [
                'where' => get_string('plan_where_' . $where, 'tool_kalturalti13') . ($tool !== '' ? ': ' . $tool : ''),
                'field' => is_scalar($c['field'] ?? null) ? (string)$c['field'] : '',
                'before' => !empty($c['beforeHidden']) ? get_string('plan_hiddenvalue', 'tool_kalturalti13')
                    : self::shown($before, $empty),
                'after' => self::shown($after, $empty),
            ];
        }
        $steps = [];
        foreach ($run['steps'] as $step) {
            $label = 'steplabel_' . $step['name'];
            $detail = self::decode($step['detail']);
            $evidence = [];
            if ($step['status'] === 'done' && $step['name'] === 'verify') {
                $evidence = sentences::evidence_sentences($detail, $this->outcome);
            } else if ($step['status'] === 'done' && $step['name'] === 'rollbackverify' && is_array($detail)) {
                $evidence = sentences::restored_sentences($detail);
            }
            $steps[] = [
                'name' => $step['name'],
                'label' => get_string_manager()->string_exists($label, 'tool_kalturalti13')
                    ? get_string($label, 'tool_kalturalti13') : $step['name'],
                'status' => $step['status'],
                'statuslabel' => get_string('step_' . $step['status'], 'tool_kalturalti13'),
                'duration' => format_float($step['durationms'] / 1000, 1) . ' s',
                'sentence' => sentences::step_sentence($step['name'], $step['status'], $detail, $tools),
                'evidence' => array_map(fn($text) => ['text' => $text], $evidence),
                'hasevidence' => !empty($evidence),
            ];
        }
        $tofix = [];
        foreach (self::tofix($this->outcome) as $d) {
            if (!empty($d['unread']) || $d['field'] === '*') {
                // The side could not be read back (runs journaled before 'unread' said so with the field '*').
                $d = ['field' => get_string('report_tofix_allfields', 'tool_kalturalti13'),
                    'now' => get_string('report_tofix_unknown', 'tool_kalturalti13'),
                    'wanted' => get_string('report_tofix_snapshot', 'tool_kalturalti13')] + $d;
            }
            $tofix[] = ['where' => get_string('plan_where_' . $d['where'], 'tool_kalturalti13'),
                'now' => self::shown($d['now'], $empty), 'wanted' => self::shown($d['wanted'], $empty)] + $d;
        }
        $userid = array_map(fn($text) => ['text' => $text], sentences::userid_sentences($plan));
        $id = (int)$run['id'];
        return [
            'ending' => sentences::ending($run['status']),
            'cause' => self::cause_text($this->outcome),
            'tofix' => $tofix,
            'hastofix' => !empty($tofix),
            'id' => $id,
            'heading' => self::heading($run),
            'status' => $run['status'],
            'statuslabel' => get_string('runstatus_' . $run['status'], 'tool_kalturalti13'),
            'user' => $run['userfullname'],
            'timestarted' => userdate($run['timestarted']),
            'timefinished' => $run['timefinished'] ? userdate($run['timefinished']) : '',
            'changes' => $changes,
            'haschanges' => !empty($changes),
            'userid' => $userid,
            'hasuserid' => !empty($userid),
            'steps' => $steps,
            'jsonurl' => (new \moodle_url('/admin/tool/kalturalti13/report.php', ['id' => $id, 'format' => 'json']))->out(false),
            'backurl' => (new \moodle_url('/admin/tool/kalturalti13/index.php'))->out(false),
        ];
    }
}
