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
 * The KAF door's HTTP client on every Moodle version: Moodle's \curl class (lib/filelib.php).
 *
 * Moodle's \curl applies the site's proxy settings and, unless built with ignoresecurity, the
 * curlsecurityblockedhosts / curlsecurityallowedport rules. Redirects are never followed here; the door does that.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class curl_transport implements http_transport {
    /** @var \curl the Moodle client */
    protected $curl;

    /**
     * Constructor.
     *
     * @param \curl $curl a Moodle curl object (tests may hand one in)
     */
    public function __construct(\curl $curl) {
        $this->curl = $curl;
    }

    /**
     * Sends one request.
     *
     * @param string $method GET or POST
     * @param string $url absolute URL
     * @param string[] $headers request header lines
     * @param string $body urlencoded body ('' for GET)
     * @param array $options see http_transport
     * @return array see http_transport
     */
    public function send(string $method, string $url, array $headers, string $body, array $options): array {
        $buffer = '';
        $truncated = false;
        $maxbytes = (int)($options['maxbytes'] ?? 2097152);
        $write = function ($ch, string $chunk) use (&$buffer, &$truncated, $maxbytes): int {
            $room = $maxbytes - strlen($buffer);
            if (strlen($chunk) > $room) {
                $buffer .= substr($chunk, 0, max(0, $room));
                $truncated = true;
                // Returning less than was given makes curl stop the transfer.
                return 0;
            }
            $buffer .= $chunk;
            return strlen($chunk);
        };
        $curlopts = [
            'CURLOPT_FOLLOWLOCATION' => 0,
            'CURLOPT_MAXREDIRS' => 0,
            'CURLOPT_CONNECTTIMEOUT' => (int)($options['connecttimeout'] ?? 10),
            'CURLOPT_TIMEOUT' => (int)($options['timeout'] ?? 30),
            // Always verified, the test site too: it trusts the simulator's test CA as a site trusts a CA (a CA file).
            'CURLOPT_SSL_VERIFYPEER' => 1,
            'CURLOPT_SSL_VERIFYHOST' => 2,
            'CURLOPT_RESOLVE' => array_values($options['resolve'] ?? []),
            'CURLOPT_WRITEFUNCTION' => $write,
            'CURLOPT_ENCODING' => '',
        ];
        $this->curl->resetHeader();
        $this->curl->setHeader($headers);
        if ($method === 'POST') {
            $this->curl->setHeader('Content-Type: application/x-www-form-urlencoded');
            $result = $this->curl->post($url, $body, $curlopts);
        } else {
            $result = $this->curl->get($url, [], $curlopts);
        }
        $info = $this->curl->get_info();
        $errno = (int)$this->curl->get_errno();
        $status = (int)($info['http_code'] ?? 0);
        if ($truncated && $errno === 23) {
            // CURLE_WRITE_ERROR is our own stop at the size cap.
            $errno = 0;
        }
        $blocked = $status === 0 && $errno === 0 && is_string($result) && $result !== '';
        return [
            'status' => $status,
            'headers' => self::parse_headers($this->curl->get_raw_response()),
            'body' => $buffer,
            'truncated' => $truncated,
            'errno' => $errno,
            'error' => $errno ? (string)$result : '',
            'blocked' => $blocked,
        ];
    }

    /**
     * Parses the raw header lines of the last response (after any proxy CONNECT answer).
     *
     * @param array $raw raw lines
     * @return array list of [lower-case name, value]
     */
    public static function parse_headers(array $raw): array {
        $headers = [];
        foreach ($raw as $line) {
            $line = rtrim($line, "\r\n");
            if (preg_match('~^HTTP/\S+\s+\d{3}~', $line)) {
                $headers = [];
                continue;
            }
            $pos = strpos($line, ':');
            if ($pos === false) {
                continue;
            }
            $headers[] = [strtolower(trim(substr($line, 0, $pos))), trim(substr($line, $pos + 1))];
        }
        return $headers;
    }
}
