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

/**
 * The integration tier's HTTP client for the door: PHP's own streams (the CLI of this machine may lack the curl
 * extension), trusting the simulator's test CA. Each request is noted as "METHOD /path" for the tests.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace tool_kalturalti13\integration;

use tool_kalturalti13\local\http_transport;

/**
 * One request over PHP streams, redirects not followed, as the door's transport contract says.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class stream_transport implements http_transport {
    /** @var float longest wait, seconds */
    private $cap;

    /** @var string the CA file to trust (the simulator's test CA), '' for PHP's default */
    private $cafile;

    /** @var string[] every request sent: "METHOD /path" (no query) */
    public $sent = [];

    /**
     * Constructor.
     *
     * @param float $cap longest wait per request, seconds (the test site's own timeout)
     * @param string $cafile the CA file to trust, as a site trusts a CA
     */
    public function __construct(float $cap, string $cafile = '') {
        $this->cap = $cap;
        $this->cafile = $cafile;
    }

    /**
     * Sends one request.
     *
     * @param string $method GET or POST
     * @param string $url URL
     * @param array $headers header lines
     * @param string $body body
     * @param array $options door options
     * @return array transport result
     */
    public function send(string $method, string $url, array $headers, string $body, array $options): array {
        $this->sent[] = $method . ' ' . (string)parse_url($url, PHP_URL_PATH);
        $ctx = stream_context_create([
            'http' => ['method' => $method, 'header' => implode("\r\n", $headers), 'content' => $body,
                'ignore_errors' => true, 'follow_location' => 0, 'max_redirects' => 1, 'protocol_version' => 1.1,
                'timeout' => min((float)$options['timeout'], $this->cap)],
            'ssl' => ['verify_peer' => !empty($options['verifytls']), 'verify_peer_name' => !empty($options['verifytls'])]
                + ($this->cafile !== '' ? ['cafile' => $this->cafile] : []),
        ]);
        $http_response_header = [];
        $started = microtime(true);
        $data = @file_get_contents($url, false, $ctx, 0, (int)$options['maxbytes'] + 1);
        if ($data === false || !$http_response_header) {
            // No answer: streams do not say why, so a wait that used up the time is a timeout (curl's 28), anything
            // else could not connect (7).
            $timedout = microtime(true) - $started >= 0.9 * min((float)$options['timeout'], $this->cap);
            return ['status' => 0, 'headers' => [], 'body' => '', 'truncated' => false, 'errno' => $timedout ? 28 : 7,
                'error' => (string)(error_get_last()['message'] ?? ''), 'blocked' => false];
        }
        $status = 0;
        $out = [];
        foreach ($http_response_header as $line) {
            if (preg_match('~^HTTP/\S+\s+(\d{3})~', $line, $m)) {
                $status = (int)$m[1];
                $out = [];
            } else if (strpos($line, ':') !== false) {
                [$name, $value] = explode(':', $line, 2);
                $out[] = [strtolower(trim($name)), trim($value)];
            }
        }
        $truncated = strlen($data) > (int)$options['maxbytes'];
        return ['status' => $status, 'headers' => $out, 'body' => $truncated ? substr($data, 0, (int)$options['maxbytes']) : $data,
            'truncated' => $truncated, 'errno' => 0, 'error' => '', 'blocked' => false];
    }
}
