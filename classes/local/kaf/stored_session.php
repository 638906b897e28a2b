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
 * The site's session keeper: this Moodle session's row of tool_kalturalti13_kafsess (session_store).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class stored_session implements session_keeper {
    /**
     * The origin this session logged in to, or null.
     *
     * @return string|null
     */
    public function origin(): ?string {
        return session_store::origin();
    }

    /**
     * The cookies kept for an origin.
     *
     * @param string $origin scheme://host[:port]
     * @return array name => value
     */
    public function cookies(string $origin): array {
        return session_store::cookies($origin);
    }

    /**
     * The PEM a token stands for, or null.
     *
     * @param string $token a secret token
     * @return string|null
     */
    public function get_secret(string $token): ?string {
        return session_store::get_secret($token);
    }

    /**
     * Keeps the cookies a request changed and the secrets it found.
     *
     * @param string $origin the origin
     * @param cookie_jar $jar the door's jar
     * @param array $secrets token => PEM
     */
    public function save(string $origin, cookie_jar $jar, array $secrets = []): void {
        session_store::save($origin, $jar, $secrets);
    }

    /**
     * Replaces the session by a new login's.
     *
     * @param string $origin the origin
     * @param cookie_jar $jar the cookies
     */
    public function replace(string $origin, cookie_jar $jar): void {
        session_store::replace($origin, $jar);
    }

    /**
     * Forgets the cookies.
     */
    public function forget_cookies(): void {
        session_store::forget_cookies();
    }

    /**
     * Keeps secrets.
     *
     * @param array $secrets token => PEM
     */
    public function put_secrets(array $secrets): void {
        session_store::put_secrets($secrets);
    }
}
