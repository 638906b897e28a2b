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

    /**
     * Makes the report.
     *
     * @param array $run RunSummary from \tool_kalturalti13\local\journal::get()
     */
    public function __construct(array $run) {
        $this->run = $run;
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
     * Context for tool_kalturalti13/report.
     *
     * @param renderer_base $output renderer
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $run = $this->run;
        $plan = self::decode($run['plan']);
        $changes = [];
        foreach ((is_array($plan) && isset($plan['changes']) && is_array($plan['changes'])) ? $plan['changes'] : [] as $c) {
            $where = ($c['where'] ?? '') === 'kaf' ? 'kaf' : 'moodle';
            $after = (string)($c['afterDisplay'] ?? '');
            $kind = $c['after']['kind'] ?? 'value';
            if ($kind === 'newprivatekey') {
                $after = get_string('plan_newprivatekey', 'tool_kalturalti13');
            } else if ($kind === 'newpublickey') {
                $after = get_string('plan_newpublickey', 'tool_kalturalti13');
            }
            $changes[] = [
                'where' => get_string('plan_where_' . $where, 'tool_kalturalti13'),
                'field' => (string)($c['field'] ?? ''),
                'before' => (string)($c['beforeDisplay'] ?? ''),
                'after' => $after,
            ];
        }
        $steps = [];
        foreach ($run['steps'] as $step) {
            $label = 'steplabel_' . $step['name'];
            $steps[] = [
                'name' => $step['name'],
                'label' => get_string_manager()->string_exists($label, 'tool_kalturalti13')
                    ? get_string($label, 'tool_kalturalti13') : $step['name'],
                'status' => $step['status'],
                'statuslabel' => get_string('step_' . $step['status'], 'tool_kalturalti13'),
                'duration' => format_float($step['durationms'] / 1000, 1) . ' s',
                'detail' => $step['detail'] === '' ? '' : json_encode(
                    self::decode($step['detail']),
                    JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
                ),
            ];
        }
        $id = (int)$run['id'];
        return [
            'id' => $id,
            'heading' => get_string('report_heading', 'tool_kalturalti13', ['id' => $id, 'kind' => $run['kind']]),
            'status' => $run['status'],
            'statuslabel' => get_string('runstatus_' . $run['status'], 'tool_kalturalti13'),
            'user' => $run['userfullname'],
            'timestarted' => userdate($run['timestarted']),
            'timefinished' => $run['timefinished'] ? userdate($run['timefinished']) : '',
            'changes' => $changes,
            'haschanges' => !empty($changes),
            'steps' => $steps,
            'jsonurl' => (new \moodle_url('/admin/tool/kalturalti13/report.php', ['id' => $id, 'format' => 'json']))->out(false),
            'backurl' => (new \moodle_url('/admin/tool/kalturalti13/index.php'))->out(false),
        ];
    }
}
