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

/**
 * A run's report, as a page or as a JSON download. The journal holds no secrets, so neither does the report.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$id = required_param('id', PARAM_INT);
$format = optional_param('format', 'html', PARAM_ALPHA);

admin_externalpage_setup('tool_kalturalti13', '', null, new moodle_url('/admin/tool/kalturalti13/report.php', ['id' => $id]));

$run = \tool_kalturalti13\local\journal::get($id);
$report = new \tool_kalturalti13\output\report($run, \tool_kalturalti13\local\journal::get_detail((int)$run['id']));

if ($format === 'json') {
    $filename = 'kalturalti13-run-' . $id . '.json';
    header('Content-Type: application/json; charset=utf-8');
    header('Content-Disposition: attachment; filename="' . $filename . '"');
    header('X-Content-Type-Options: nosniff');
    echo json_encode($report->as_document(), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    die();
}

// The print stylesheet (styles.css) keeps only the report when this page is printed or saved as PDF.
$PAGE->add_body_class('tool_kalturalti13-reportpage');
$PAGE->navbar->add(\tool_kalturalti13\output\report::heading($run));
echo $OUTPUT->header();
echo $OUTPUT->render_from_template('tool_kalturalti13/report', $report->export_for_template($OUTPUT));
echo $OUTPUT->footer();
