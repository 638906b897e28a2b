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
 * Test helper for the browser tests: puts the test site into a known state and reads it back.
 *
 * Usage: php site.php MOODLE_DIR reset '{"kaf_uri": "...", ...}' | read | tooltype '{"name": "...", "baseurl": "..."}' | run
 *        | theme NAME | readonly on|off | storewrite SID WRITER START_MS SAVES | storeread SID WRITERS SAVES
 *        | runstart START_MS HOLD_MS
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');

$command = $argv[2] ?? '';
if ($command === 'readonly') {
    // Moodle's read-only sessions (lib/classes/session/manager.php), with the session caches mapped to a file store
    // as Moodle requires for them. Written to the file config.php includes (scripts/moodle.sh), and put back.
    if (file_exists($CFG->dirroot . '/cache/locallib.php')) {
        // Before 4.5; from 4.5 on the cache classes autoload under their old names.
        require_once($CFG->dirroot . '/cache/locallib.php');
    }
    $on = ($argv[3] ?? '') === 'on';
    $file = $CFG->dataroot . '/tool_kalturalti13-e2e.php';
    $writer = cache_config_writer::instance();
    $stores = $writer->get_all_stores();
    if ($on) {
        if (!isset($stores['klti_session_file'])) {
            $writer->add_store_instance('klti_session_file', 'file', []);
        }
        file_put_contents($file, "<?php\n\$CFG->enable_read_only_sessions = true;\n");
    } else if (file_exists($file)) {
        unlink($file);
    }
    $writer->set_mode_mappings([
        cache_store::MODE_APPLICATION => ['default_application'],
        cache_store::MODE_SESSION => [$on ? 'klti_session_file' : 'default_session'],
        cache_store::MODE_REQUEST => ['default_request'],
    ]);
    purge_all_caches();
    echo json_encode(['ok' => true, 'readonly' => $on]), "\n";
} else if ($command === 'reset') {
    // The site as a 1.1 integration would have it; runs and the plugin's config log rows from earlier tests go.
    $settings = json_decode($argv[3] ?? '{}', true) + [
        'kaf_uri' => '',
        'uri' => 'www.kaltura.com',
        'lti_version' => 'LTI-1p0',
        'partner_id' => '12345',
        'adminsecret' => 'admin-secret-for-lti11',
        'enable_logging' => '0',
        'enable_submission' => '0',
    ];
    foreach ($settings as $name => $value) {
        set_config($name, $value, 'local_kaltura');
    }
    $DB->delete_records('tool_kalturalti13_steps');
    $DB->delete_records('tool_kalturalti13_runs');
    $DB->delete_records('config_log', ['plugin' => 'local_kaltura']);
    // The grade tools earlier tests made (named "E2E ...") and their activities.
    foreach ($DB->get_records_select('lti_types', $DB->sql_like('name', '?'), ['E2E %'], '', 'id') as $type) {
        $DB->delete_records('lti', ['typeid' => $type->id]);
        $DB->delete_records('lti_types_config', ['typeid' => $type->id]);
        $DB->delete_records('lti_types', ['id' => $type->id]);
    }
    echo json_encode(['ok' => true]), "\n";
} else if ($command === 'tooltype') {
    // A Video Quiz grade tool on LTI 1.1 (an External tool type on the KAF host) and one activity using it.
    $args = json_decode($argv[3] ?? '{}', true);
    $now = time();
    $id = $DB->insert_record('lti_types', (object)['name' => 'E2E ' . $args['name'], 'baseurl' => $args['baseurl'],
        'tooldomain' => (string)parse_url($args['baseurl'], PHP_URL_HOST), 'state' => 1, 'course' => SITEID,
        'coursevisible' => 1, 'ltiversion' => 'LTI-1p0', 'clientid' => null, 'createdby' => 2, 'timecreated' => $now,
        'timemodified' => $now]);
    foreach (['resourcekey' => 'kafkey', 'password' => 'kafsecret', 'ltiservice_gradesynchronization' => '0'] as $k => $v) {
        $DB->insert_record('lti_types_config', (object)['typeid' => $id, 'name' => $k, 'value' => $v]);
    }
    $DB->insert_record('lti', (object)['course' => SITEID, 'name' => 'E2E quiz activity', 'typeid' => $id, 'toolurl' => '',
        'timecreated' => $now, 'timemodified' => $now]);
    echo json_encode(['id' => $id]), "\n";
} else if ($command === 'run') {
    // A finished run of the admin's, made through the plugin's own journal, for the report's access test.
    \core\session\manager::set_user(get_admin());
    $id = \tool_kalturalti13\local\journal::start('upgrade', json_encode(['changes' => []]));
    \tool_kalturalti13\local\journal::finish($id, 'completed', '{}');
    echo json_encode(['id' => $id]), "\n";
} else if ($command === 'runstart') {
    // One of several processes starting a run at the same moment (tests/site/store.test.ts): exactly one may win.
    // The winner holds its run while the others try, then closes it.
    [$startms, $holdms] = [(float)$argv[3], (int)$argv[4]];
    \core\session\manager::set_user(get_admin());
    $wait = $startms - microtime(true) * 1000;
    if ($wait > 0) {
        usleep((int)($wait * 1000));
    }
    try {
        $id = \tool_kalturalti13\local\journal::start('upgrade', json_encode(['changes' => []]));
    } catch (moodle_exception $e) {
        echo json_encode(['error' => $e->errorcode]), "\n";
        exit(0);
    }
    usleep($holdms * 1000);
    \tool_kalturalti13\local\journal::finish($id, 'completed', '{}');
    echo json_encode(['id' => $id]), "\n";
} else if ($command === 'theme') {
    // The site's theme (boost or classic), for checking the page in both.
    set_config('theme', $argv[3]);
    theme_reset_all_caches();
    echo json_encode(['ok' => true]), "\n";
} else if ($command === 'storewrite') {
    // One of several processes writing to one Moodle session's KAF store at once, as parallel kaf_request calls do
    // (tests/e2e/store.test.ts): from a shared start time, N saves of a cookie and a secret of their own.
    [$sid, $writer, $startms, $saves] = [$argv[3], (int)$argv[4], (float)$argv[5], (int)$argv[6]];
    \core\session\manager::set_user(get_admin());
    session_id($sid);
    $wait = $startms - microtime(true) * 1000;
    if ($wait > 0) {
        usleep((int)($wait * 1000));
    }
    for ($i = 0; $i < $saves; $i++) {
        $jar = new \tool_kalturalti13\local\kaf\cookie_jar();
        $jar->take("w{$writer}_{$i}=v; Path=/");
        \tool_kalturalti13\local\kaf\session_store::save('https://kaf.invalid', $jar, ["t{$writer}_{$i}" => 'pem']);
    }
    echo json_encode(['ok' => true]), "\n";
} else if ($command === 'storeread') {
    // What that session's store holds of the writers' cookies and secrets; the session's row goes afterwards.
    [$sid, $writers, $saves] = [$argv[3], (int)$argv[4], (int)$argv[5]];
    \core\session\manager::set_user(get_admin());
    session_id($sid);
    $cookies = \tool_kalturalti13\local\kaf\session_store::cookies('https://kaf.invalid');
    $missing = ['cookies' => [], 'secrets' => []];
    for ($w = 0; $w < $writers; $w++) {
        for ($i = 0; $i < $saves; $i++) {
            if (!isset($cookies["w{$w}_{$i}"])) {
                $missing['cookies'][] = "w{$w}_{$i}";
            }
            if (\tool_kalturalti13\local\kaf\session_store::get_secret("t{$w}_{$i}") === null) {
                $missing['secrets'][] = "t{$w}_{$i}";
            }
        }
    }
    $DB->delete_records('tool_kalturalti13_kafsess', ['userid' => get_admin()->id,
        'sidhash' => \tool_kalturalti13\local\kaf\session_store::sidhash($sid)]);
    echo json_encode(['held' => count($cookies), 'missing' => $missing]), "\n";
} else if ($command === 'read') {
    $config = (array)get_config('local_kaltura');
    $log = array_values(array_map(function ($r) {
        return ['name' => $r->name, 'oldvalue' => $r->oldvalue, 'value' => $r->value];
    }, $DB->get_records('config_log', ['plugin' => 'local_kaltura'], 'id ASC')));
    $runs = array_values(array_map(function ($r) {
        return ['id' => (int)$r->id, 'kind' => $r->kind, 'status' => $r->status];
    }, $DB->get_records('tool_kalturalti13_runs', null, 'id ASC')));
    $tooltypes = [];
    foreach ($DB->get_records_select('lti_types', $DB->sql_like('name', '?'), ['E2E %'], 'id ASC') as $type) {
        $tooltypes[] = ['id' => (int)$type->id, 'name' => $type->name, 'ltiversion' => $type->ltiversion,
            'clientid' => (string)$type->clientid,
            'config' => $DB->get_records_menu('lti_types_config', ['typeid' => $type->id], 'name', 'name, value')];
    }
    echo json_encode(['config' => $config, 'log' => $log, 'runs' => $runs, 'wwwroot' => $CFG->wwwroot,
        'tooltypes' => $tooltypes]), "\n";
} else {
    fwrite(STDERR, "usage: site.php MOODLE_DIR reset JSON | read | tooltype JSON | run | theme NAME | readonly on|off"
        . " | storewrite SID WRITER START_MS SAVES | storeread SID WRITERS SAVES\n");
    exit(2);
}
