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

/**
 * What the shim keeps in the admin's Moodle session: the KAF cookies and the secrets of the open run,
 * both encrypted with \core\encryption. Also builds the KAF door from the site's settings.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class kaf_session {
    /** $SESSION key of the encrypted KAF cookie jar. */
    const KEY_KAF = 'tool_kalturalti13_kaf';

    /** $SESSION key of the encrypted secrets (token => encrypted PEM). */
    const KEY_SECRETS = 'tool_kalturalti13_secrets';

    /**
     * Whether the config.php test flag is set ($CFG->tool_kalturalti13_allow_insecure_kaf = true).
     *
     * @return bool
     */
    public static function insecure(): bool {
        global $CFG;
        return !empty($CFG->tool_kalturalti13_allow_insecure_kaf);
    }

    /**
     * The Moodle HTTP client used on every version: \curl, with Moodle's security helper unless the test flag is set.
     *
     * @return http_transport
     */
    public static function transport(): http_transport {
        global $CFG;
        require_once($CFG->libdir . '/filelib.php');
        return new curl_transport(new \curl(['ignoresecurity' => self::insecure()]));
    }

    /**
     * The door for the site's kaf_uri, with this session's KAF cookies and secrets.
     *
     * @param http_transport|null $transport client (tests); default transport()
     * @param string $login a corrected kaf_uri to log in with (same KAF as the stored one); '' for the stored one
     * @return kaf_door
     * @throws policy_exception kafuribad
     */
    public static function door(?http_transport $transport = null, string $login = ''): kaf_door {
        $stored = (string)get_config('local_kaltura', 'kaf_uri');
        $kafuri = $stored;
        if ($login !== '') {
            // The page's correction of kaf_uri, for this session only: it is saved with the run, not before.
            if (!url_policy::same_kaf($login, $stored)) {
                throw new policy_exception('kafuribad', 'host');
            }
            $kafuri = $login;
        } else {
            // The origin this session logged in to, while kaf_uri names the same KAF (corrected or put back by a run).
            $origin = self::session_origin();
            if ($origin !== null && url_policy::same_kaf($origin, $stored)) {
                $kafuri = $origin;
            }
        }
        $door = new kaf_door($transport ?? self::transport(), $kafuri, self::insecure());
        $door->set_cookies(self::load_cookies($door->get_origin()['origin']));
        $door->set_secret_lookup([self::class, 'get_secret']);
        return $door;
    }

    /**
     * The KAF origin this Moodle session is logged in to, if any.
     *
     * @return string|null origin
     */
    public static function session_origin(): ?string {
        global $SESSION;
        if (empty($SESSION->{self::KEY_KAF})) {
            return null;
        }
        try {
            $data = json_decode(\core\encryption::decrypt($SESSION->{self::KEY_KAF}), true);
        } catch (\Throwable $e) {
            return null;
        }
        return is_array($data) && is_string($data['origin'] ?? null) ? $data['origin'] : null;
    }

    /**
     * The KAF cookies kept for an origin.
     *
     * @param string $origin KAF origin
     * @return array name => value
     */
    public static function load_cookies(string $origin): array {
        global $SESSION;
        if (empty($SESSION->{self::KEY_KAF})) {
            return [];
        }
        try {
            $data = json_decode(\core\encryption::decrypt($SESSION->{self::KEY_KAF}), true);
        } catch (\Throwable $e) {
            return [];
        }
        if (!is_array($data) || ($data['origin'] ?? '') !== $origin || !is_array($data['cookies'] ?? null)) {
            return [];
        }
        return $data['cookies'];
    }

    /**
     * Keeps the KAF cookies (encrypted) in the Moodle session.
     *
     * @param string $origin KAF origin
     * @param array $cookies name => value
     */
    public static function save_cookies(string $origin, array $cookies): void {
        global $SESSION;
        if (!$cookies) {
            unset($SESSION->{self::KEY_KAF});
            return;
        }
        $SESSION->{self::KEY_KAF} = \core\encryption::encrypt(json_encode(['origin' => $origin, 'cookies' => $cookies]));
    }

    /**
     * Forgets the KAF session.
     */
    public static function forget(): void {
        global $SESSION;
        unset($SESSION->{self::KEY_KAF});
    }

    /**
     * Keeps secrets (encrypted) in the Moodle session.
     *
     * @param array $secrets token => PEM
     */
    public static function put_secrets(array $secrets): void {
        global $SESSION;
        if (!$secrets) {
            return;
        }
        $held = $SESSION->{self::KEY_SECRETS} ?? [];
        $held = is_array($held) ? $held : [];
        foreach ($secrets as $token => $pem) {
            $held[$token] = \core\encryption::encrypt($pem);
        }
        $SESSION->{self::KEY_SECRETS} = $held;
    }

    /**
     * The PEM a token stands for, if this session holds it.
     *
     * @param string $token token
     * @return string|null
     */
    public static function get_secret(string $token): ?string {
        global $SESSION;
        $held = $SESSION->{self::KEY_SECRETS} ?? [];
        if (!is_array($held) || !isset($held[$token])) {
            return null;
        }
        try {
            return \core\encryption::decrypt($held[$token]);
        } catch (\Throwable $e) {
            return null;
        }
    }

    /**
     * Forgets every secret held in the session.
     */
    public static function clear_secrets(): void {
        global $SESSION;
        unset($SESSION->{self::KEY_SECRETS});
    }
}
