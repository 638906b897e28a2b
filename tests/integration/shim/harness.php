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
 * The shipped shim, run from plain PHP for the integration tier: the KAF gateway (door, login, cookie jar, redactor,
 * secret rule, URL policy), the LTI probe and the settings and tool-type rules, answering one JSON call per line on
 * stdin with one JSON line on stdout. Only what Moodle itself would hold (config, the session row) is in memory here.
 *
 * A call: {"fn": ..., "args": {...}}. An answer: {"ok": result, "sent": ["METHOD /path", ...]} or
 * {"error": code, "a": ...}. Start: php harness.php CAFILE TIMEOUTMS.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace tool_kalturalti13\integration;

use tool_kalturalti13\local\kaf\cookie_jar;
use tool_kalturalti13\local\kaf\door;
use tool_kalturalti13\local\kaf\gateway;
use tool_kalturalti13\local\kaf\session_data;
use tool_kalturalti13\local\kaf\session_keeper;
use tool_kalturalti13\local\last_upgrade;
use tool_kalturalti13\local\lti_probe;
use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\settings_validator;
use tool_kalturalti13\local\tool_types;

define('MOODLE_INTERNAL', true);

// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState -- a script run without Moodle.
$names = ['policy_exception', 'url_policy', 'address_policy', 'redactor', 'settings_validator', 'http_transport',
    'kaf/cookie_jar', 'kaf/secret_rule', 'kaf/door', 'kaf/login', 'kaf/session_keeper', 'kaf/session_data', 'kaf/gateway',
    'probe_rule', 'page_text', 'lti_probe', 'last_upgrade', 'tool_types'];
foreach ($names as $name) {
    require_once(dirname(__DIR__, 3) . '/classes/local/' . $name . '.php');
}
require_once(__DIR__ . '/stream_transport.php');

/**
 * The KAF session kept in memory, changed by the same functions as the site's table.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class memory_session implements session_keeper {
    /** @var array the session (session_data) */
    public $data = session_data::EMPTY;

    /**
     * Origin.
     *
     * @return string|null
     */
    public function origin(): ?string {
        return $this->data['origin'];
    }

    /**
     * Cookies.
     *
     * @param string $origin origin
     * @return array
     */
    public function cookies(string $origin): array {
        return session_data::cookies_for($this->data, $origin);
    }

    /**
     * A secret.
     *
     * @param string $token token
     * @return string|null
     */
    public function get_secret(string $token): ?string {
        return $this->data['secrets'][$token] ?? null;
    }

    /**
     * After a request.
     *
     * @param string $origin origin
     * @param cookie_jar $jar jar
     * @param array $secrets secrets
     */
    public function save(string $origin, cookie_jar $jar, array $secrets = []): void {
        $this->data = session_data::saved($this->data, $origin, $jar, $secrets);
    }

    /**
     * After a login.
     *
     * @param string $origin origin
     * @param cookie_jar $jar jar
     */
    public function replace(string $origin, cookie_jar $jar): void {
        $this->data = session_data::replaced($this->data, $origin, $jar);
    }

    /**
     * KAF ended the session.
     */
    public function forget_cookies(): void {
        $this->data = session_data::forgotten($this->data);
    }

    /**
     * Secrets added.
     *
     * @param array $secrets secrets
     */
    public function put_secrets(array $secrets): void {
        $this->data = session_data::with_secrets($this->data, $secrets);
    }
}

$transport = new stream_transport(((int)($argv[2] ?? 10000)) / 1000, (string)($argv[1] ?? ''));
$session = new memory_session();
$opendoor = function (string $kafuri) use ($transport): door {
    return new door($transport, $kafuri, true);
};
$calls = [
    'kaf_login' => function (array $a) use (&$session, $opendoor) {
        return (new gateway($session, $opendoor, $a['stored']))->login($a['username'], $a['password'], $a['kafuri']);
    },
    'kaf_request' => function (array $a) use (&$session, $opendoor) {
        return (new gateway($session, $opendoor, $a['stored']))->request($a['method'], $a['path'], $a['fields']);
    },
    'forget_session' => function () use (&$session) {
        $session = new memory_session();
        return true;
    },
    'lti_probe' => function (array $a) use ($opendoor) {
        $probe = new lti_probe($opendoor($a['kafuri']));
        return $probe->run($a['wwwroot'], $a['kafuri'], $a['clientid'], $a['thumbprint'], $a['part']);
    },
    'validate_settings' => function (array $a) {
        return settings_validator::validate($a['changes'], $a['current'], true, $a['putback']);
    },
    'tool_type_check' => function (array $a) {
        tool_types::check($a['name'], $a['value']);
        return true;
    },
    'last_upgrade' => function (array $a) {
        return last_upgrade::found($a['kind'], $a['status'], $a['plan'], $a['name']);
    },
];
while (($line = fgets(STDIN)) !== false) {
    $call = json_decode($line, true);
    $transport->sent = [];
    try {
        $out = ['ok' => $calls[$call['fn']]($call['args'] ?? [])];
    } catch (policy_exception $e) {
        $out = ['error' => $e->errorcode, 'a' => $e->a];
    }
    echo json_encode($out + ['sent' => $transport->sent], JSON_UNESCAPED_SLASHES) . "\n";
}
