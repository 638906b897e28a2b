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

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/filelib.php');

/**
 * This site's own HTTP security rules (Site administration > Security > HTTP security: curlsecurityblockedhosts,
 * curlsecurityallowedport), as Moodle's curl security helper reads them, applied to the address the door pins.
 *
 * Moodle's \curl checks the URL against them with a DNS answer of its own and pins that answer; the door pins the
 * answer it checked against address_policy instead, so it checks that same answer against these rules too.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class site_rules extends \core\files\curl_security_helper {
    /**
     * Whether a connection to an address and port is allowed by the site's rules.
     *
     * @param string $ip address
     * @param int $port port
     * @return bool
     */
    public function allowed(string $ip, int $port): bool {
        if (!$this->is_enabled()) {
            return true;
        }
        return !$this->address_explicitly_blocked($ip) && !$this->port_is_blocked($port);
    }
}
