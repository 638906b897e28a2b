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

namespace tool_kalturalti13\privacy;

use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\transform;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;

/**
 * Privacy provider: the runs journal (who ran an upgrade, when, the plan), the KAF session of the administrator's
 * Moodle session (encrypted cookies and keys: deleted with the user's data, never exported) and the KAF admin console
 * the administrator's credentials are sent to (and not stored).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements
    \core_privacy\local\metadata\provider,
    \core_privacy\local\request\core_userlist_provider,
    \core_privacy\local\request\plugin\provider {
    /**
     * Describes the data.
     *
     * @param collection $collection collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_database_table('tool_kalturalti13_runs', [
            'userid' => 'privacy:metadata:runs:userid',
            'timestarted' => 'privacy:metadata:runs:timestarted',
            'timefinished' => 'privacy:metadata:runs:timefinished',
            'plan' => 'privacy:metadata:runs:plan',
        ], 'privacy:metadata:runs');
        $collection->add_database_table('tool_kalturalti13_kafsess', [
            'userid' => 'privacy:metadata:kafsess:userid',
            'data' => 'privacy:metadata:kafsess:data',
            'timemodified' => 'privacy:metadata:kafsess:timemodified',
        ], 'privacy:metadata:kafsess');
        $collection->add_external_location_link('kaf', [
            'username' => 'privacy:metadata:kaf:username',
            'password' => 'privacy:metadata:kaf:password',
        ], 'privacy:metadata:kaf');
        return $collection;
    }

    /**
     * The contexts holding a user's data: the system context when they started a run or hold a KAF session.
     *
     * @param int $userid user
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        global $DB;
        $contextlist = new contextlist();
        if (
            $DB->record_exists('tool_kalturalti13_runs', ['userid' => $userid])
            || $DB->record_exists('tool_kalturalti13_kafsess', ['userid' => $userid])
        ) {
            $contextlist->add_system_context();
        }
        return $contextlist;
    }

    /**
     * The users with data in a context.
     *
     * @param userlist $userlist list to fill
     */
    public static function get_users_in_context(userlist $userlist) {
        if (!$userlist->get_context() instanceof \context_system) {
            return;
        }
        $userlist->add_from_sql('userid', 'SELECT userid FROM {tool_kalturalti13_runs}', []);
        $userlist->add_from_sql('userid', 'SELECT userid FROM {tool_kalturalti13_kafsess}', []);
    }

    /**
     * Exports a user's runs. Their KAF session (cookies, private keys) is a secret: it is not exported.
     *
     * @param approved_contextlist $contextlist contexts
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;
        $userid = $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if (!$context instanceof \context_system) {
                continue;
            }
            $runs = [];
            foreach ($DB->get_records('tool_kalturalti13_runs', ['userid' => $userid], 'id ASC') as $run) {
                $runs[] = (object)[
                    'kind' => $run->kind,
                    'status' => $run->status,
                    'timestarted' => transform::datetime($run->timestarted),
                    'timefinished' => $run->timefinished ? transform::datetime($run->timefinished) : '-',
                    'plan' => $run->plan,
                ];
            }
            if ($runs) {
                writer::with_context($context)->export_data(
                    [get_string('pluginname', 'tool_kalturalti13'), get_string('privacy:runs', 'tool_kalturalti13')],
                    (object)['runs' => $runs]
                );
            }
        }
    }

    /**
     * Deletes every finished run (and its steps) and every KAF session in the context. A run in progress is not
     * deleted: it is a change to the site's configuration under way, and its snapshot is what lets an administrator
     * put KAF and Moodle back; deleting it would break a rollback. Its link to the user is removed instead (userid 0,
     * "unknown user") and so are the users' KAF sessions; the snapshot's own encrypted copy of the keys still lets any
     * administrator roll back or finish it, and the retention rule deletes it once it has ended.
     *
     * @param \context $context context
     */
    public static function delete_data_for_all_users_in_context(\context $context) {
        global $DB;
        if (!$context instanceof \context_system) {
            return;
        }
        self::delete_runs_where('1 = 1', []);
        $DB->delete_records('tool_kalturalti13_kafsess');
    }

    /**
     * Deletes a user's runs.
     *
     * @param approved_contextlist $contextlist contexts
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        foreach ($contextlist->get_contexts() as $context) {
            if ($context instanceof \context_system) {
                self::delete_runs_of([$contextlist->get_user()->id]);
            }
        }
    }

    /**
     * Deletes the runs of the users in a list.
     *
     * @param approved_userlist $userlist users
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        if ($userlist->get_context() instanceof \context_system) {
            self::delete_runs_of($userlist->get_userids());
        }
    }

    /**
     * Deletes runs and their steps, and the users' KAF sessions.
     *
     * @param int[] $userids users
     */
    protected static function delete_runs_of(array $userids) {
        global $DB;
        if (!$userids) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal($userids);
        self::delete_runs_where("userid $insql", $params);
        $DB->delete_records_select('tool_kalturalti13_kafsess', "userid $insql", $params);
    }

    /**
     * Deletes the finished runs a condition selects, with their steps; a running one among them keeps going, with
     * its link to the user removed (see delete_data_for_all_users_in_context).
     *
     * @param string $where condition on the runs table
     * @param array $params its parameters
     */
    protected static function delete_runs_where(string $where, array $params) {
        global $DB;
        $DB->delete_records_select(
            'tool_kalturalti13_steps',
            "runid IN (SELECT id FROM {tool_kalturalti13_runs} WHERE ($where) AND status <> ?)",
            array_merge($params, ['running'])
        );
        $DB->delete_records_select('tool_kalturalti13_runs', "($where) AND status <> ?", array_merge($params, ['running']));
        $DB->set_field_select('tool_kalturalti13_runs', 'userid', 0, "($where) AND status = ?", array_merge($params, ['running']));
    }
}
