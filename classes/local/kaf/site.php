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

use tool_kalturalti13\local\curl_transport;
use tool_kalturalti13\local\http_transport;
use tool_kalturalti13\local\policy_exception;

/**
 * The doors this site opens to KAF: from local_kaltura/kaf_uri, the config.php test flag and Moodle's \curl; with this
 * Moodle session's KAF session (session_store) for the admin console, or without any for KAF's public endpoints.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class site {
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
     * A door without any KAF session (the LTI probe, the status check).
     *
     * @param string $kafuri the kaf_uri to go to
     * @param http_transport|null $transport client (tests); default transport()
     * @param callable|null $resolver host => addresses (tests); default DNS
     * @return door
     * @throws policy_exception kafuribad
     */
    public static function public_door(string $kafuri, ?http_transport $transport = null, ?callable $resolver = null): door {
        $door = new door($transport ?? self::transport(), $kafuri, self::insecure(), $resolver);
        if (!self::insecure()) {
            // The pinned address must pass this site's curlsecurityblockedhosts / curlsecurityallowedport too.
            $rules = new site_rules();
            $door->set_site_check([$rules, 'allowed']);
        }
        return $door;
    }

    /**
     * The KAF session of this Moodle session: its door, login and requests, kept in the site's table.
     *
     * @param http_transport|null $transport client (tests); default transport()
     * @return gateway
     */
    public static function gateway(?http_transport $transport = null): gateway {
        $opendoor = function (string $kafuri) use ($transport): door {
            return self::public_door($kafuri, $transport);
        };
        return new gateway(new stored_session(), $opendoor, (string)get_config('local_kaltura', 'kaf_uri'));
    }
}
