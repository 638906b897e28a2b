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

namespace tool_kalturalti13;

/**
 * The KAF simulator the simulator tests (kafsim_test, wiring_test) talk to: taken from KAFSIM_URL when set, otherwise
 * started from the repository named by TOOL_KALTURALTI13_REPO (or this plugin's own directory when it is the
 * repository), with node, on a free loopback port. scripts/moodle.sh copies this file beside the installed tests.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class kafsim_helper {
    /** @var resource|null the simulator process we started */
    private static $proc = null;

    /** @var string the simulator URL */
    private static $url = '';

    /** @var string why the simulator is not available */
    private static $skip = '';

    /**
     * Starts the simulator (once; a test class calls it in setUpBeforeClass).
     *
     * @return string the simulator URL, '' when it is not available (skip_reason() says why)
     */
    public static function start(): string {
        if (self::$url !== '' || self::$skip !== '') {
            return self::$url;
        }
        if (getenv('KAFSIM_URL')) {
            return self::$url = rtrim(getenv('KAFSIM_URL'), '/');
        }
        $repo = getenv('TOOL_KALTURALTI13_REPO') ?: dirname(__DIR__);
        $tsx = $repo . '/node_modules/tsx/dist/cli.mjs';
        if (!is_file($repo . '/tools/kafsim/main.ts') || !is_file($tsx)) {
            self::$skip = 'KAF simulator not found: set KAFSIM_URL, or TOOL_KALTURALTI13_REPO to the repository '
                . '(with node_modules installed).';
            return '';
        }
        $node = trim((string)shell_exec('command -v node'));
        if ($node === '') {
            self::$skip = 'node is missing, so the KAF simulator cannot run: install Node.js to run these tests.';
            return '';
        }
        self::$proc = proc_open(
            [$node, $tsx, $repo . '/tools/kafsim/main.ts', '--port', '0'],
            [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']],
            $pipes,
            $repo
        );
        $deadline = microtime(true) + 30;
        while (microtime(true) < $deadline && ($line = fgets($pipes[1])) !== false) {
            if (preg_match('~kafsim listening on (http://\S+)~', $line, $m)) {
                return self::$url = rtrim($m[1], '/');
            }
        }
        self::$skip = 'The KAF simulator did not start.';
        return '';
    }

    /**
     * Why the simulator is not available ('' when it is).
     *
     * @return string
     */
    public static function skip_reason(): string {
        return self::$skip;
    }

    /**
     * Stops the simulator we started (a test class calls it in tearDownAfterClass).
     */
    public static function stop(): void {
        if (self::$proc) {
            proc_terminate(self::$proc);
            proc_close(self::$proc);
            self::$proc = null;
            self::$url = '';
        }
    }

    /**
     * A request to the simulator's test API.
     *
     * @param string $path /__sim/...
     * @param array|null $json body
     * @param string $method POST, GET or DELETE
     * @return array the answer
     */
    public static function call(string $path, ?array $json = null, string $method = 'POST'): array {
        global $CFG;
        require_once($CFG->libdir . '/filelib.php');
        $c = new \curl(['ignoresecurity' => true]);
        $c->setHeader(['Content-Type: application/json']);
        $body = $json === null ? '' : json_encode($json);
        if ($method === 'GET') {
            $out = $c->get(self::$url . $path);
        } else if ($method === 'DELETE') {
            $out = $c->delete(self::$url . $path);
        } else {
            $out = $c->post(self::$url . $path, $body);
        }
        return json_decode($out, true) ?? [];
    }
}
