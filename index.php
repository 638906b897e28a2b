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
 * The one-click upgrade page.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/adminlib.php');

admin_externalpage_setup('tool_kalturalti13');

// The "Check again now" button: the status check afresh (KAF's public endpoints), then back to the page.
if (optional_param('recheck', 0, PARAM_BOOL) && confirm_sesskey()) {
    \tool_kalturalti13\local\wiring::refresh();
    redirect(new moodle_url('/admin/tool/kalturalti13/index.php'));
}

$PAGE->requires->js_call_amd('tool_kalturalti13/page', 'init', ['#tool_kalturalti13-root']);
// The status and the checklist are drawn with these strings: in the page (M.str), core/str gives them without a
// round trip before the first paint. A string left out is only fetched, as any other.
$strings = array_keys(get_string_manager()->load_component_strings('tool_kalturalti13', current_language()));
$PAGE->requires->strings_for_js(array_values(preg_grep('/^(status|side|check|engine_pf)_/', $strings)), 'tool_kalturalti13');

// The state the checks need, in the page itself and in get_state's exact shape, so they show without a round trip.
// The capability was checked by admin_externalpage_setup().
$state = \tool_kalturalti13\external\get_state::clean_returnvalue(
    \tool_kalturalti13\external\get_state::execute_returns(),
    \tool_kalturalti13\local\external_shapes::state_out(\tool_kalturalti13\local\site_state::get())
);

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('pluginname', 'tool_kalturalti13'));
echo $OUTPUT->render_from_template('tool_kalturalti13/page', ['state' => json_encode($state)]);

// The status check's latest result, as System status shows it; only a cached one, so the page never waits for KAF.
$wiring = \tool_kalturalti13\local\wiring::cached();
$context = ['result' => $wiring ? \tool_kalturalti13\local\wiring_view::export($wiring) : null,
    'recheck' => ['url' => (new moodle_url('/admin/tool/kalturalti13/index.php'))->out(false), 'sesskey' => sesskey()],
    'statusurl' => (new moodle_url('/report/status/index.php'))->out(false)];
echo $OUTPUT->render_from_template('tool_kalturalti13/wiring_section', $context);
echo $OUTPUT->footer();
