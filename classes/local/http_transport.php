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
 * The HTTP client the KAF door sends through: one request, no redirects followed, the body capped.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
interface http_transport {
    /**
     * Sends one request and never follows a redirect.
     *
     * @param string $method GET or POST
     * @param string $url absolute URL
     * @param string[] $headers request header lines ("Name: value")
     * @param string $body the urlencoded body of a POST ('' for GET)
     * @param array $options resolve (string[] "host:port:address" pins), connecttimeout and timeout (seconds),
     *                       maxbytes (body cap), verifytls (bool)
     * @return array status (int, 0 when no answer), headers (list of [lower-case name, value]), body (string),
     *               truncated (bool), errno (int, a CURLE_* code), error (string), blocked (bool, refused by
     *               Moodle's curl security helper)
     */
    public function send(string $method, string $url, array $headers, string $body, array $options): array;
}
