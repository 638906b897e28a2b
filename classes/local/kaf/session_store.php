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

namespace tool_kalturalti13\local\kaf;

/**
 * The KAF session of this Moodle session, in a table of its own (tool_kalturalti13_kafsess), not in $SESSION: the
 * KAF origin logged in to (kaf_login's corrected kaf_uri among them), its cookies and the open run's secrets
 * (token => PEM), as one JSON encrypted with \core\encryption.
 *
 * A row belongs to one user and one Moodle session (sha256 of the session id): only that pair reads it. It ends with
 * the session: untouched for longer than $CFG->sessiontimeout it is ignored and deleted (and the cleanup task deletes
 * what is left), and the logout observer deletes it. Being outside $SESSION, it needs no session lock, so the external
 * functions release the lock at once and run side by side; each write re-reads the row under its row lock and
 * merges, so two requests that change the cookies at the same time keep both changes.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class session_store {
    /** The table. */
    public const TABLE = 'tool_kalturalti13_kafsess';

    /**
     * The key of a Moodle session in the table: sha256 of its id (the id itself is never stored).
     *
     * @param string|null $sid a session id; null for this request's
     * @return string 64 hex digits
     */
    public static function sidhash(?string $sid = null): string {
        return hash('sha256', $sid ?? (string)session_id());
    }

    /**
     * How long an untouched row lives: the Moodle session's timeout.
     *
     * @return int seconds
     */
    public static function lifetime(): int {
        global $CFG;
        return max(60, (int)($CFG->sessiontimeout ?? 7200));
    }

    /**
     * This user's and this session's row, if any and not expired (an expired one is deleted).
     *
     * @return \stdClass|null
     */
    private static function record(): ?\stdClass {
        global $DB, $USER;
        $record = $DB->get_record(self::TABLE, ['userid' => (int)$USER->id, 'sidhash' => self::sidhash()]);
        if (!$record) {
            return null;
        }
        if ((int)$record->timemodified < time() - self::lifetime()) {
            $DB->delete_records(self::TABLE, ['id' => $record->id]);
            return null;
        }
        return $record;
    }

    /**
     * The data of a row: origin (null when not logged in), cookies, secrets.
     *
     * @param \stdClass|null $record row
     * @return array
     */
    private static function decode(?\stdClass $record): array {
        $data = null;
        if ($record) {
            try {
                $data = json_decode(\core\encryption::decrypt($record->data), true);
            } catch (\Throwable $e) {
                $data = null;
            }
        }
        $data = is_array($data) ? $data : [];
        return [
            'origin' => is_string($data['origin'] ?? null) ? $data['origin'] : null,
            'cookies' => is_array($data['cookies'] ?? null) ? $data['cookies'] : [],
            'secrets' => is_array($data['secrets'] ?? null) ? $data['secrets'] : [],
        ];
    }

    /**
     * The KAF origin this Moodle session is logged in to, if any.
     *
     * @return string|null
     */
    public static function origin(): ?string {
        return self::decode(self::record())['origin'];
    }

    /**
     * The KAF cookies kept for an origin.
     *
     * @param string $origin KAF origin
     * @return array name => value
     */
    public static function cookies(string $origin): array {
        return session_data::cookies_for(self::decode(self::record()), $origin);
    }

    /**
     * The PEM a token stands for, if this session holds it.
     *
     * @param string $token token
     * @return string|null
     */
    public static function get_secret(string $token): ?string {
        $pem = self::decode(self::record())['secrets'][$token] ?? null;
        return is_string($pem) ? $pem : null;
    }

    /**
     * Keeps what a request to KAF brought: the cookies KAF set or deleted (merged by name into the stored jar, while it
     * is the jar of the same origin) and the secrets of the response. Always touches the row: a session in use lives on.
     *
     * @param string $origin the door's origin
     * @param cookie_jar $jar the door's jar
     * @param array $secrets token => PEM
     */
    public static function save(string $origin, cookie_jar $jar, array $secrets = []): void {
        self::update(function (array $data) use ($origin, $jar, $secrets): array {
            return session_data::saved($data, $origin, $jar, $secrets);
        });
    }

    /**
     * Replaces the KAF session by a new login's.
     *
     * @param string $origin the origin logged in to
     * @param cookie_jar $jar the door's jar after the login
     */
    public static function replace(string $origin, cookie_jar $jar): void {
        self::update(function (array $data) use ($origin, $jar): array {
            return session_data::replaced($data, $origin, $jar);
        });
    }

    /**
     * Forgets the KAF session (not the secrets).
     */
    public static function forget_cookies(): void {
        self::update(function (array $data): array {
            return session_data::forgotten($data);
        });
    }

    /**
     * Keeps secrets.
     *
     * @param array $secrets token => PEM
     */
    public static function put_secrets(array $secrets): void {
        if ($secrets) {
            self::update(function (array $data) use ($secrets): array {
                return session_data::with_secrets($data, $secrets);
            });
        }
    }

    /**
     * Forgets every secret of this session (the run is finished).
     */
    public static function clear_secrets(): void {
        self::update(function (array $data): array {
            $data['secrets'] = [];
            return $data;
        });
    }

    /**
     * Changes this session's row: under its row lock, re-read, changed, written (deleted when nothing is left).
     * A duplicate insert (two first writes at the same moment) is tried once more, as an update.
     *
     * @param callable $change data => data
     */
    private static function update(callable $change): void {
        global $DB;
        for ($try = 0;; $try++) {
            try {
                self::update_once($change);
                return;
            } catch (\dml_write_exception $e) {
                if ($try > 0 || $DB->is_transaction_started()) {
                    throw $e;
                }
            }
        }
    }

    /**
     * One try of update().
     *
     * @param callable $change data => data
     */
    private static function update_once(callable $change): void {
        global $DB, $USER;
        $userid = (int)$USER->id;
        $sidhash = self::sidhash();
        $transaction = $DB->start_delegated_transaction();
        try {
            $record = self::record();
            if ($record) {
                // An update that changes nothing takes the row's lock: a concurrent writer of this session waits here
                // until its transaction ends. The row is then read again, under the lock, so the write starts from what
                // the other wrote. With no row there is nothing to lock: a first write that races another's insert
                // fails on the unique index, and update() tries it again.
                $DB->execute(
                    'UPDATE {' . self::TABLE . '} SET timemodified = timemodified WHERE userid = ? AND sidhash = ?',
                    [$userid, $sidhash]
                );
                $record = self::record();
            }
            $data = $change(self::decode($record));
            $now = time();
            if ($data['origin'] === null || !$data['cookies']) {
                $data['origin'] = null;
                $data['cookies'] = [];
            }
            if ($data['origin'] === null && !$data['secrets']) {
                if ($record) {
                    $DB->delete_records(self::TABLE, ['id' => $record->id]);
                }
            } else {
                $encrypted = \core\encryption::encrypt(json_encode($data));
                if ($record) {
                    $DB->update_record(self::TABLE, (object)['id' => $record->id, 'data' => $encrypted, 'timemodified' => $now]);
                } else {
                    $DB->insert_record(self::TABLE, (object)['userid' => $userid, 'sidhash' => $sidhash, 'data' => $encrypted,
                        'timecreated' => $now, 'timemodified' => $now]);
                }
            }
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            $transaction->rollback($e);
        }
    }

    /**
     * Observer of \core\event\user_loggedout (db/events.php): the session's KAF session and secrets go with it.
     *
     * @param \core\event\user_loggedout $event the event
     */
    public static function user_loggedout(\core\event\user_loggedout $event): void {
        global $DB;
        $conditions = ['userid' => (int)$event->objectid];
        $sid = (string)($event->other['sessionid'] ?? '');
        if ($sid !== '') {
            $conditions['sidhash'] = self::sidhash($sid);
        }
        $DB->delete_records(self::TABLE, $conditions);
    }

    /**
     * Deletes the held secrets of every row, every user's and session's: called when a run ends, however it ends
     * (finished, rolled back, put back, closed later or by another admin, or by the privacy API). Only one run runs
     * at a time and secrets are held for it, so none may outlive it. A row left with no login is deleted. Each row
     * is changed under its row lock, as update_once() does, so a concurrent save of that session is not undone.
     *
     * @return int rows changed or deleted
     */
    public static function clear_all_secrets(): int {
        global $DB;
        $changed = 0;
        foreach ($DB->get_fieldset_select(self::TABLE, 'id', '1 = 1') as $id) {
            $transaction = $DB->start_delegated_transaction();
            try {
                $DB->execute('UPDATE {' . self::TABLE . '} SET timemodified = timemodified WHERE id = ?', [$id]);
                $record = $DB->get_record(self::TABLE, ['id' => $id]);
                $data = self::decode($record ?: null);
                if ($record && ($data['secrets'] || $data['origin'] === null || !$data['cookies'])) {
                    if ($data['origin'] === null || !$data['cookies']) {
                        $DB->delete_records(self::TABLE, ['id' => $id]);
                    } else {
                        $data['secrets'] = [];
                        $DB->set_field(self::TABLE, 'data', \core\encryption::encrypt(json_encode($data)), ['id' => $id]);
                    }
                    $changed++;
                }
                $transaction->allow_commit();
            } catch (\Throwable $e) {
                $transaction->rollback($e);
            }
        }
        return $changed;
    }

    /**
     * Deletes every row untouched for longer than lifetime() (the cleanup task).
     *
     * @return int rows deleted
     */
    public static function delete_expired(): int {
        global $DB;
        $select = 'timemodified < ?';
        $params = [time() - self::lifetime()];
        $count = $DB->count_records_select(self::TABLE, $select, $params);
        $DB->delete_records_select(self::TABLE, $select, $params);
        return $count;
    }
}
