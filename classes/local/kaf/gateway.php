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

use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\url_policy;

/**
 * What kaf_login and kaf_request do, without Moodle: the KAF session's door, the login, and one request with the
 * session kept. The external functions give it the site's session keeper and door; the integration tier gives it
 * one in memory, so both run this code.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class gateway {
    /** @var session_keeper where the KAF session is kept */
    private $keeper;

    /** @var callable kaf_uri => door without a session */
    private $opendoor;

    /** @var string local_kaltura/kaf_uri as stored */
    private $stored;

    /**
     * Constructor.
     *
     * @param session_keeper $keeper where the KAF session is kept
     * @param callable $opendoor kaf_uri => door (throws policy_exception kafuribad)
     * @param string $stored local_kaltura/kaf_uri as stored
     */
    public function __construct(session_keeper $keeper, callable $opendoor, string $stored) {
        $this->keeper = $keeper;
        $this->opendoor = $opendoor;
        $this->stored = $stored;
    }

    /**
     * The door for the stored kaf_uri, with the kept session's cookies and secrets.
     *
     * @param string $login a corrected kaf_uri to log in with (same KAF as the stored one); '' for the stored one
     * @return door
     * @throws policy_exception kafuribad
     */
    public function door(string $login = ''): door {
        $kafuri = $this->stored;
        if ($login !== '') {
            // The page's correction of kaf_uri, for this session only: it is saved with the run, not before.
            if (!url_policy::same_kaf($login, $this->stored)) {
                throw new policy_exception('kafuribad', 'host');
            }
            $kafuri = $login;
        } else {
            // The origin this session logged in to, while kaf_uri names the same KAF (corrected or put back by a run).
            $origin = $this->keeper->origin();
            if ($origin !== null && url_policy::same_kaf($origin, $this->stored)) {
                $kafuri = $origin;
            }
        }
        $door = ($this->opendoor)($kafuri);
        $door->set_cookies($this->keeper->cookies($door->get_origin()['origin']));
        $door->set_secret_lookup([$this->keeper, 'get_secret']);
        return $door;
    }

    /**
     * Logs in to KAF and keeps the new session (an old one is forgotten first, also when the login fails).
     *
     * @param string $username KAF admin username
     * @param string $password KAF admin password
     * @param string $kafuri a corrected kaf_uri for this session, or ''
     * @return array loggedin, kafhost
     * @throws policy_exception kafuribad, kafbadcredentials, kafunexpectedpage and the door's errors
     */
    public function login(string $username, string $password, string $kafuri = ''): array {
        $door = $this->door($kafuri);
        $this->keeper->forget_cookies();
        login::run($door, $username, $password);
        $origin = $door->get_origin();
        $this->keeper->replace($origin['origin'], $door->jar());
        return ['loggedin' => true, 'kafhost' => $origin['host']];
    }

    /**
     * One request to an allowed KAF path with the kept session; private keys in the answer become tokens.
     *
     * @param string $method GET or POST
     * @param string $path absolute path, optionally with a query
     * @param array $fields list of ['name' => string, 'value' => string]
     * @return array status, finalpath, contenttype, body, truncated, location
     * @throws policy_exception kafnotloggedin, the secret rule's, the URL policy's and the door's errors
     */
    public function request(string $method, string $path, array $fields): array {
        // Refused before anything else, even before a bad kaf_uri or a missing KAF session.
        secret_rule::check($method, $path, $fields);
        url_policy::check_request($method, $path);
        $door = $this->door();
        $origin = $door->get_origin()['origin'];
        $needssession = url_policy::needs_session($path);
        if ($needssession && !$door->jar()->all()) {
            throw new policy_exception('kafnotloggedin');
        }
        $response = $door->request($method, $path, $fields);
        $secrets = $response['secrets'];
        unset($response['secrets']);
        if ($needssession && login::is_login_page($response['body'])) {
            $this->keeper->put_secrets($secrets);
            $this->keeper->forget_cookies();
            throw new policy_exception('kafnotloggedin');
        }
        $this->keeper->save($origin, $door->jar(), $secrets);
        return $response;
    }
}
