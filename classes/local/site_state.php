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
 * The state of Moodle, local_kaltura and mod_lti the page needs (get_state), and the settings writer (save_settings).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class site_state {
    /** Plain local_kaltura settings reported as strings. */
    private const SETTINGS = ['kaf_uri', 'uri', 'lti_version', 'partner_id', 'client_id', 'enable_logging', 'enable_submission'];

    /**
     * Makes sure local_kaltura/client_id exists, as local_kaltura's settings.php does when it builds the admin tree.
     *
     * @return string the client id
     */
    public static function ensure_client_id(): string {
        $clientid = kaltura_settings::get('client_id');
        if ($clientid === null || $clientid === '') {
            $clientid = random_string(15);
            set_config('client_id', $clientid, 'local_kaltura');
        }
        return $clientid;
    }

    /**
     * The whole state (the State shape of docs/contract.md).
     *
     * @return array
     */
    public static function get(): array {
        global $CFG, $DB;
        $installed = kaltura_settings::installed();
        $release = '';
        $version = '';
        if ($installed) {
            $info = \core_plugin_manager::instance()->get_plugin_info('local_kaltura');
            $release = (string)($info->release ?? '');
            $version = (string)($info->versiondb ?? get_config('local_kaltura', 'version'));
            self::ensure_client_id();
        }
        // The stored rows, not Moodle's config cache: the plan and the run's checks judge what is saved.
        $stored = self::stored();
        $settings = [];
        foreach (self::SETTINGS as $name) {
            $settings[$name] = (string)self::row($stored, $name);
        }
        $settings['guest_support'] = self::row($stored, 'guest_support');
        $settings['adminsecretset'] = (string)self::row($stored, 'adminsecret') !== '';
        // A cache that disagrees with the rows (filled by a request that read them before a save was committed) is
        // dropped, so Moodle uses what is saved from the next read on.
        $cached = (array)get_config('local_kaltura');
        foreach ($stored as $name => $value) {
            if (!array_key_exists($name, $cached) || (string)$cached[$name] !== (string)$value) {
                \cache_helper::invalidate_by_definition('core', 'config', [], 'local_kaltura');
                break;
            }
        }

        $wwwroot = $CFG->wwwroot;
        $urls = [
            'auth' => $wwwroot . '/local/kaltura/auth.php',
            'token' => $wwwroot . '/mod/lti/token.php',
            'certs' => $wwwroot . '/mod/lti/certs.php',
        ];

        $tooltypes = tool_types::list();
        $claim = self::claim();

        return [
            'moodle' => [
                'release' => (string)$CFG->release,
                'version' => (string)$CFG->version,
                'branch' => (string)$CFG->branch,
                'wwwroot' => $wwwroot,
                'https' => strpos($wwwroot, 'https://') === 0,
                'requires' => $claim['requires'],
                'supportedfrom' => $claim['supportedfrom'],
                'supportedto' => $claim['supportedto'],
                'ltix' => self::has_ltix(),
                'insecurekaf' => \tool_kalturalti13\local\kaf\site::insecure(),
            ],
            'kaltura' => [
                'installed' => $installed,
                'release' => $release,
                'version' => $version,
                'hasauth' => file_exists($CFG->dirroot . '/local/kaltura/auth.php'),
            ],
            'settings' => $settings,
            'urls' => $urls,
            'lti' => [
                'sitekey' => (string)get_config('mod_lti', 'privatekey') !== '',
                'kid' => (string)get_config('mod_lti', 'kid') !== '',
                'tooltypes' => $tooltypes,
                'coursetools' => tool_types::course_tools(),
                'clientidtype' => tool_types::holder((string)$settings['client_id']),
            ],
            'run' => journal::current(),
            'beforeupgrade' => ['enable_logging' => last_upgrade::before('enable_logging')],
        ];
    }

    /**
     * What this plugin's version.php claims: the Moodle version it requires and the branches it supports.
     *
     * Read from Moodle's plugin information, so the page's Moodle version check has one home for the range.
     *
     * @return array requires (a version, e.g. "2023042400"), supportedfrom and supportedto (branches, e.g. 402 and 501;
     *               0 when version.php declares no range)
     */
    public static function claim(): array {
        $info = \core_plugin_manager::instance()->get_plugin_info('tool_kalturalti13');
        $supported = $info->pluginsupported ?? null;
        return [
            'requires' => (string)($info->versionrequires ?? ''),
            'supportedfrom' => is_array($supported) ? (int)$supported[0] : 0,
            'supportedto' => is_array($supported) ? (int)$supported[1] : 0,
        ];
    }

    /**
     * Whether this Moodle has the core_ltix subsystem (forks have it; no Moodle release does yet).
     *
     * The plugin writes mod_lti's tool types and site key; with core_ltix those may live elsewhere, so the page warns.
     *
     * @return bool
     */
    public static function has_ltix(): bool {
        return array_key_exists('ltix', \core_component::get_core_subsystems());
    }

    /**
     * local_kaltura's settings as stored (config_plugins), past Moodle's config cache.
     *
     * @return array name => value
     */
    private static function stored(): array {
        global $DB;
        return $DB->get_records_menu('config_plugins', ['plugin' => 'local_kaltura'], '', 'name, value');
    }

    /**
     * One setting from stored(), null when it is not there (as setting() says of the config cache).
     *
     * @param array $stored stored()
     * @param string $name setting
     * @return string|null
     */
    private static function row(array $stored, string $name): ?string {
        return array_key_exists($name, $stored) ? (string)$stored[$name] : null;
    }

    /**
     * Validates and writes local_kaltura settings: all or nothing, one config-log row per changed value.
     *
     * Judged against the stored values, not Moodle's config cache; and that cache is dropped again once the writes are
     * committed. set_config() drops it inside the transaction, so a request running beside this one (a rollback puts
     * KAF and Moodle back in parallel, and every KAF request reads kaf_uri) can miss the cache there, read the values
     * from before the commit and cache them: Moodle, and this plugin's verification, would then see the old values.
     *
     * @param array $changes list of ['name' => string, 'value' => string]
     * @param callable|null $intransaction called after the writes, before the commit (tests stand in a request beside)
     * @throws moodle_exception kalturamissing, settingunknown, settinginvalid
     */
    public static function save(array $changes, ?callable $intransaction = null): void {
        global $DB;
        if (!kaltura_settings::installed()) {
            throw new moodle_exception('kalturamissing', 'tool_kalturalti13');
        }
        $stored = self::stored();
        $current = [];
        foreach (array_keys(settings_validator::RULES) as $name) {
            $current[$name] = self::row($stored, $name);
        }
        try {
            $writes = settings_validator::validate($changes, $current, kaf\site::insecure(), snapshot::settings());
        } catch (policy_exception $e) {
            throw self::to_moodle($e);
        }
        if (!$writes) {
            return;
        }
        $transaction = $DB->start_delegated_transaction();
        foreach ($writes as $name => $value) {
            set_config($name, $value, 'local_kaltura');
            add_to_config_log($name, $current[$name], $value, 'local_kaltura');
        }
        if ($intransaction) {
            $intransaction();
        }
        $transaction->allow_commit();
        \cache_helper::invalidate_by_definition('core', 'config', [], 'local_kaltura');
    }

    /**
     * Turns a policy refusal into the moodle_exception the page receives.
     *
     * @param policy_exception $e refusal
     * @return moodle_exception
     */
    public static function to_moodle(policy_exception $e): moodle_exception {
        $a = $e->a;
        if ($e->errorcode === 'settinginvalid') {
            // One whole sentence per rule, naming the setting (rule_*), under the one code the page knows.
            $moodle = new moodle_exception('rule_' . $a['rule'], 'tool_kalturalti13', '', s($a['name']));
            $moodle->errorcode = 'settinginvalid';
            return $moodle;
        } else if ($e->errorcode === 'kafuribad') {
            $a = null;
        } else if (is_string($a)) {
            $a = s($a);
        }
        return new moodle_exception($e->errorcode, 'tool_kalturalti13', '', $a);
    }
}
