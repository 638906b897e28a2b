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
 * What a KAF session holds and how each keeper's write changes it, as pure functions of
 * ['origin' => ?string, 'cookies' => name => value, 'secrets' => token => PEM]: the site's table (session_store) and
 * the integration tier's memory apply the same changes.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class session_data {
    /** An empty session. */
    public const EMPTY = ['origin' => null, 'cookies' => [], 'secrets' => []];

    /**
     * After a request: the cookies KAF set or deleted are merged by name while the session is of the same origin (a
     * jar of another origin is another login's, made meanwhile, and stays), and the response's secrets are added.
     *
     * @param array $data the session
     * @param string $origin the door's origin
     * @param cookie_jar $jar the door's jar
     * @param array $secrets token => PEM
     * @return array the session after
     */
    public static function saved(array $data, string $origin, cookie_jar $jar, array $secrets): array {
        if ($data['origin'] === null) {
            $data['origin'] = $origin;
        }
        if ($data['origin'] === $origin) {
            $data['cookies'] = cookie_jar::merge($data['cookies'], $jar->changes());
        }
        $data['secrets'] = $secrets + $data['secrets'];
        return $data;
    }

    /**
     * After a login: the new session replaces the old; the secrets stay.
     *
     * @param array $data the session
     * @param string $origin the origin logged in to
     * @param cookie_jar $jar the door's jar after the login
     * @return array the session after
     */
    public static function replaced(array $data, string $origin, cookie_jar $jar): array {
        return ['origin' => $origin, 'cookies' => $jar->all()] + $data;
    }

    /**
     * KAF ended the session: no origin, no cookies; the secrets stay.
     *
     * @param array $data the session
     * @return array the session after
     */
    public static function forgotten(array $data): array {
        return ['origin' => null, 'cookies' => []] + $data;
    }

    /**
     * Secrets added.
     *
     * @param array $data the session
     * @param array $secrets token => PEM
     * @return array the session after
     */
    public static function with_secrets(array $data, array $secrets): array {
        $data['secrets'] = $secrets + $data['secrets'];
        return $data;
    }

    /**
     * The cookies kept for an origin (none for another).
     *
     * @param array $data the session
     * @param string $origin the origin
     * @return array name => value
     */
    public static function cookies_for(array $data, string $origin): array {
        return $data['origin'] === $origin ? $data['cookies'] : [];
    }
}
