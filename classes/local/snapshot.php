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
 * The rollback snapshot of the running run: stored (encrypted, with the secrets it refers to, when it holds a token),
 * read back (tokens only; the secrets go back to this session's KAF session), and the Moodle settings it would put back.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class snapshot {
    /**
     * Stores the rollback snapshot. Tokens in it must stand for secrets this session holds; when it
     * holds any, the snapshot and those secrets are stored encrypted, until the run is finished.
     *
     * @param int $runid run id
     * @param string $snapshot JSON
     * @throws moodle_exception runnotfound, runnotrunning, runbadjson, secretunknown
     */
    public static function store(int $runid, string $snapshot): void {
        global $DB;
        $run = journal::running($runid);
        [$snapshot, $found] = journal::clean_json($snapshot, journal::MAX_JSON, 'snapshot');
        kaf\session_store::put_secrets($found);
        $secrets = [];
        foreach (redactor::tokens_in($snapshot) as $token) {
            $pem = kaf\session_store::get_secret($token);
            if ($pem === null) {
                throw new moodle_exception('secretunknown', 'tool_kalturalti13');
            }
            $secrets[$token] = $pem;
        }
        // Always encrypted: every Hosted value (and the keys' tokens) is kept until the run ends.
        $record = (object)['id' => $run->id, 'timemodified' => time()];
        $record->snapshot = 'enc:' . \core\encryption::encrypt($snapshot);
        $record->secrets = $secrets ? \core\encryption::encrypt(json_encode($secrets)) : null;
        $DB->update_record(journal::RUNS, $record);
    }

    /**
     * The rollback snapshot (tokens, never secrets). The secrets it refers to are put back in this
     * session, so a rollback can post them even from a new session.
     *
     * @param int $runid run id
     * @return string JSON ('' when none)
     * @throws moodle_exception runnotfound, runnotrunning
     */
    public static function get(int $runid): string {
        $run = journal::running($runid);
        if ($run->snapshot === null || $run->snapshot === '') {
            return '';
        }
        $snapshot = $run->snapshot;
        if (strpos($snapshot, 'enc:') === 0) {
            $snapshot = \core\encryption::decrypt(substr($snapshot, 4));
        }
        if (!empty($run->secrets)) {
            $secrets = json_decode(\core\encryption::decrypt($run->secrets), true);
            kaf\session_store::put_secrets(is_array($secrets) ? $secrets : []);
        }
        return $snapshot;
    }

    /**
     * The Moodle settings in the running run's snapshot (what its rollback puts back), or [] when no run is open.
     *
     * @return array name => value
     */
    public static function settings(): array {
        global $DB;
        $runs = $DB->get_records(journal::RUNS, ['status' => 'running'], 'id ASC', 'id, snapshot', 0, 1);
        $raw = $runs ? (string)reset($runs)->snapshot : '';
        if (strpos($raw, 'enc:') === 0) {
            $raw = \core\encryption::decrypt(substr($raw, 4));
        }
        $snapshot = json_decode($raw, true);
        $moodle = is_array($snapshot) ? ($snapshot['moodle'] ?? null) : null;
        return is_array($moodle) ? array_filter($moodle, 'is_string') : [];
    }
}
