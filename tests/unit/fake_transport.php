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

namespace tool_kalturalti13\unit;

use tool_kalturalti13\local\http_transport;

/**
 * A scripted HTTP client for the door tests.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class fake_transport implements http_transport {
    /** @var array queued answers */
    public $answers = [];

    /** @var array the requests sent: [method, url, headers, body, options] */
    public $sent = [];

    /**
     * Queues an answer.
     *
     * @param int $status status
     * @param array $headers list of [name, value]
     * @param string $body body
     * @param int $errno curl error
     * @return self
     */
    public function answer(int $status, array $headers = [], string $body = '', int $errno = 0): self {
        $this->answers[] = ['status' => $status, 'headers' => $headers, 'body' => $body, 'truncated' => false,
            'errno' => $errno, 'error' => $errno ? 'error' : '', 'blocked' => false];
        return $this;
    }

    /**
     * Sends.
     *
     * @param string $method method
     * @param string $url url
     * @param array $headers headers
     * @param string $body body
     * @param array $options options
     * @return array
     */
    public function send(string $method, string $url, array $headers, string $body, array $options): array {
        $this->sent[] = [$method, $url, $headers, $body, $options];
        if (!$this->answers) {
            throw new \RuntimeException('unexpected request ' . $url);
        }
        return array_shift($this->answers);
    }
}
