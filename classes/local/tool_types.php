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
use tool_kalturalti13\local\policy_exception;

/**
 * The Video Quiz grade tools: mod_lti External Tool types on the KAF host (docs/platform.md §2.3), read and written.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class tool_types {
    /** Columns of lti_types we may change. */
    private const COLUMNS = ['ltiversion', 'clientid'];

    /** Names in lti_types_config we may change (mod_lti's own names). */
    public const CONFIG = ['keytype', 'publickeyset', 'initiatelogin', 'redirectionuris', 'ltiservice_gradesynchronization'];

    /** How many activity names are listed per type. */
    private const EXAMPLES = 3;

    /**
     * The host of a URL or tool domain, lower case ('' when none).
     *
     * @param string $url URL or bare domain
     * @return string
     */
    private static function host(string $url): string {
        $url = trim($url);
        if ($url === '') {
            return '';
        }
        if (strpos($url, '://') === false) {
            $url = 'https://' . $url;
        }
        return strtolower((string)parse_url($url, PHP_URL_HOST));
    }

    /**
     * Whether a type points at the KAF host, by base URL or tool domain.
     *
     * @param \stdClass $type lti_types row
     * @param string $kafhost KAF host
     * @return bool
     */
    private static function on_host(\stdClass $type, string $kafhost): bool {
        return $kafhost !== '' && (self::host((string)$type->baseurl) === $kafhost
            || self::host((string)$type->tooldomain) === $kafhost);
    }

    /**
     * The KAF host from local_kaltura/kaf_uri.
     *
     * @return string
     */
    public static function kaf_host(): string {
        return self::host((string)get_config('local_kaltura', 'kaf_uri'));
    }

    /**
     * One type as the page sees it: columns, the config we manage, and the activities using it.
     *
     * @param \stdClass $type lti_types row
     * @return array
     */
    private static function out(\stdClass $type): array {
        global $DB;
        $config = $DB->get_records_menu('lti_types_config', ['typeid' => $type->id], '', 'name, value');
        $out = [
            'id' => (int)$type->id,
            'name' => (string)$type->name,
            'baseurl' => (string)$type->baseurl,
            'ltiversion' => (string)$type->ltiversion,
            'clientid' => (string)$type->clientid,
        ];
        foreach (self::CONFIG as $name) {
            $out[$name] = (string)($config[$name] ?? '');
        }
        $out['activitycount'] = $DB->count_records('lti', ['typeid' => $type->id]);
        $rows = $DB->get_records_sql('SELECT l.id, l.name, c.shortname FROM {lti} l JOIN {course} c ON c.id = l.course
                                       WHERE l.typeid = ? ORDER BY l.id', [$type->id], 0, self::EXAMPLES);
        $out['activities'] = array_values(array_map(function ($r) {
            return ['course' => (string)$r->shortname, 'name' => (string)$r->name];
        }, $rows));
        return $out;
    }

    /**
     * The lti_types rows on the KAF host, site tools and course tools apart.
     *
     * @return array [\stdClass[] site tools (course = SITEID), \stdClass[] course tools]
     */
    private static function on_kaf_host(): array {
        global $DB;
        $kafhost = self::kaf_host();
        if ($kafhost === '' || !$DB->get_manager()->table_exists('lti_types')) {
            return [[], []];
        }
        $site = [];
        $course = [];
        $rs = $DB->get_recordset('lti_types', null, 'id ASC', 'id, name, baseurl, tooldomain, ltiversion, clientid, course');
        foreach ($rs as $type) {
            if (self::on_host($type, $kafhost)) {
                if ((int)$type->course === (int)SITEID) {
                    $site[] = $type;
                } else {
                    $course[] = $type;
                }
            }
        }
        $rs->close();
        return [$site, $course];
    }

    /**
     * The Video Quiz grade tool candidates: SITE-level lti_types (course = SITEID) on the KAF host. A course tool
     * (one a teacher with mod/lti:addcoursetool made) is never one: the upgrade would write the site's client id
     * and LTI 1.3 settings onto it, and mod_lti would bind KAF's service tokens to it.
     *
     * @return array list of tool types (external_shapes::tool_type)
     */
    public static function list(): array {
        return array_map([self::class, 'out'], self::on_kaf_host()[0]);
    }

    /**
     * The course tools on the KAF host, listed on the page as not changed.
     *
     * @return array list of ['id', 'name', 'courseid', 'course' (short name), 'activitycount']
     */
    public static function course_tools(): array {
        global $DB;
        $out = [];
        foreach (self::on_kaf_host()[1] as $type) {
            $out[] = [
                'id' => (int)$type->id,
                'name' => (string)$type->name,
                'courseid' => (int)$type->course,
                'course' => (string)$DB->get_field('course', 'shortname', ['id' => $type->course]),
                'activitycount' => $DB->count_records('lti', ['typeid' => $type->id]),
            ];
        }
        return $out;
    }

    /**
     * The id of the type that holds a client id (0 when none).
     *
     * @param string $clientid client id
     * @return int
     */
    public static function holder(string $clientid): int {
        global $DB;
        if ($clientid === '' || !$DB->get_manager()->table_exists('lti_types')) {
            return 0;
        }
        return (int)$DB->get_field('lti_types', 'id', ['clientid' => $clientid], IGNORE_MULTIPLE);
    }

    /**
     * Refuses a change to a field we may not change, or a value its rule refuses.
     *
     * @param string $name field
     * @param string $value value
     * @throws policy_exception tooltypefieldunknown or tooltypeinvalid, with the field's name
     */
    public static function check(string $name, string $value): void {
        if (!in_array($name, self::COLUMNS, true) && !in_array($name, self::CONFIG, true)) {
            throw new policy_exception('tooltypefieldunknown', $name);
        }
        if (!self::valid($name, $value)) {
            throw new policy_exception('tooltypeinvalid', $name);
        }
    }

    /**
     * Checks one change against its rule.
     *
     * @param string $name field
     * @param string $value value
     * @return bool
     */
    private static function valid(string $name, string $value): bool {
        $url = function (string $v): bool {
            return (bool)preg_match('~^https?://[^\s/?#]+(/[^\s]*)?$~', $v) && strlen($v) <= 1333;
        };
        if ($value === '' && $name !== 'ltiversion') {
            // Empty clears the value (a rollback to a tool that had none): clientid NULL, config row removed.
            return true;
        }
        switch ($name) {
            case 'ltiversion':
                return in_array($value, ['LTI-1p0', '1.3.0'], true);
            case 'clientid':
                return (bool)preg_match('/^[A-Za-z0-9._-]{1,255}$/', $value);
            case 'keytype':
                return in_array($value, ['RSA_KEY', 'JWK_KEYSET'], true);
            case 'publickeyset':
            case 'initiatelogin':
                return $url($value);
            case 'redirectionuris':
                $lines = preg_split('/\r\n|\r|\n/', trim($value));
                return $value !== '' && count(array_filter($lines, $url)) === count($lines);
            case 'ltiservice_gradesynchronization':
                return in_array($value, ['0', '1', '2'], true);
        }
        return false;
    }

    /**
     * Changes one type on the KAF host: all or nothing, in one transaction.
     *
     * @param int $typeid lti_types id
     * @param array $changes list of ['name' => string, 'value' => string]
     * @return array the type now (out())
     * @throws moodle_exception tooltypeunknown, tooltypefieldunknown, tooltypeinvalid, tooltypeclientidtaken
     */
    public static function save(int $typeid, array $changes): array {
        global $DB;
        $type = $DB->get_record('lti_types', ['id' => $typeid], 'id, name, baseurl, tooldomain, ltiversion, clientid, course');
        if (!$type || !self::on_host($type, self::kaf_host()) || (int)$type->course !== (int)SITEID) {
            throw new moodle_exception('tooltypeunknown', 'tool_kalturalti13', '', $typeid);
        }
        $writes = [];
        foreach ($changes as $change) {
            $name = (string)$change['name'];
            $value = (string)$change['value'];
            try {
                self::check($name, $value);
            } catch (policy_exception $e) {
                throw new moodle_exception($e->errorcode, 'tool_kalturalti13', '', s($name));
            }
            $writes[$name] = $value;
        }
        if (isset($writes['clientid']) && $writes['clientid'] !== '') {
            $other = $DB->get_record_select(
                'lti_types',
                'clientid = ? AND id <> ?',
                [$writes['clientid'], $typeid],
                'id, name',
                IGNORE_MULTIPLE
            );
            if ($other) {
                throw new moodle_exception(
                    'tooltypeclientidtaken',
                    'tool_kalturalti13',
                    '',
                    (object)['clientid' => s($writes['clientid']), 'name' => s($other->name), 'id' => $other->id]
                );
            }
        }
        if (!$writes) {
            return self::out($type);
        }
        $transaction = $DB->start_delegated_transaction();
        $record = (object)['id' => $typeid, 'timemodified' => time()];
        foreach (self::COLUMNS as $name) {
            if (array_key_exists($name, $writes)) {
                $record->$name = $name === 'clientid' && $writes[$name] === '' ? null : $writes[$name];
            }
        }
        $DB->update_record('lti_types', $record);
        foreach (self::CONFIG as $name) {
            if (!array_key_exists($name, $writes)) {
                continue;
            }
            $id = $DB->get_field('lti_types_config', 'id', ['typeid' => $typeid, 'name' => $name], IGNORE_MULTIPLE);
            if ($writes[$name] === '') {
                $DB->delete_records('lti_types_config', ['typeid' => $typeid, 'name' => $name]);
            } else if ($id) {
                $DB->set_field('lti_types_config', 'value', $writes[$name], ['id' => $id]);
            } else {
                $DB->insert_record('lti_types_config', (object)['typeid' => $typeid, 'name' => $name, 'value' => $writes[$name]]);
            }
        }
        $transaction->allow_commit();
        // Launches and services read the type afresh; only the tool key set is cached (by mod_lti, per URL).
        \cache::make('mod_lti', 'keyset')->purge();
        return self::out($DB->get_record('lti_types', ['id' => $typeid], 'id, name, baseurl, tooldomain, ltiversion, clientid'));
    }
}
