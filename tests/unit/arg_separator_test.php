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

use PHPUnit\Framework\TestCase;
use tool_kalturalti13\local\kaf\door;
use tool_kalturalti13\local\probe_rule;

defined('MOODLE_INTERNAL') || die();

// Moodle's runner does not read tests/unit/bootstrap.php.
require_once(__DIR__ . '/fake_transport.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\door::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\probe_rule::class)]
/**
 * The URLs and bodies the shim builds join their parameters with '&' whatever arg_separator.output says.
 *
 * Moodle 5.2 sets arg_separator.output to '&amp;' (for http_build_query in HTML); a URL sent to KAF must not carry it.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\kaf\door
 * @covers     \tool_kalturalti13\local\probe_rule
 */
final class arg_separator_test extends TestCase {
    /** @var string|false arg_separator.output before the test */
    private $saved;

    /**
     * Sets arg_separator.output as Moodle 5.2 does.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->saved = ini_get('arg_separator.output');
        ini_set('arg_separator.output', '&amp;');
        $this->assertSame('a=1&amp;b=2', http_build_query(['a' => 1, 'b' => 2]), 'the setting took effect');
    }

    /**
     * Puts arg_separator.output back.
     */
    protected function tearDown(): void {
        ini_set('arg_separator.output', (string)$this->saved);
        parent::tearDown();
    }

    /**
     * A door on kaf.example.org resolving to a public address.
     *
     * @param fake_transport $t client
     * @return door
     */
    private function door(fake_transport $t): door {
        return new door($t, 'https://kaf.example.org', false, function () {
            return ['93.184.216.34'];
        });
    }

    /**
     * GET fields go into the query joined by '&', after a query the path already has too.
     */
    public function test_get_query(): void {
        $t = (new fake_transport())->answer(200)->answer(200);
        $door = $this->door($t);
        $door->request('GET', '/hosted/index/oidc-init', [['name' => 'a', 'value' => '1'], ['name' => 'b', 'value' => 'x y']]);
        $this->assertSame('https://kaf.example.org/hosted/index/oidc-init?a=1&b=x+y', $t->sent[0][1]);
        $door->request('GET', '/hosted/index/oidc-init?client_id=abc', [['name' => 'a', 'value' => '1'],
            ['name' => 'a', 'value' => '2']]);
        $this->assertSame('https://kaf.example.org/hosted/index/oidc-init?client_id=abc&a=1&a=2', $t->sent[1][1]);
    }

    /**
     * The probe's OIDC login initiation: every parameter reaches KAF, none under a name starting with "amp;".
     */
    public function test_probe_oidc_url(): void {
        $t = (new fake_transport())->answer(200);
        $params = probe_rule::oidc_params('https://moodle.example', 'https://kaf.example.org', 'client123');
        $this->door($t)->request('GET', '/hosted/index/oidc-init', $params);
        $url = $t->sent[0][1];
        $this->assertStringNotContainsString('&amp;', $url);
        parse_str((string)parse_url($url, PHP_URL_QUERY), $query);
        $this->assertSame(array_column($params, 'value', 'name'), $query);
    }

    /**
     * A POST body is application/x-www-form-urlencoded with '&' between fields.
     */
    public function test_post_body(): void {
        $t = (new fake_transport())->answer(200);
        $this->door($t)->request('POST', '/admin/authenticate', [['name' => 'Login[username]', 'value' => 'a@b'],
            ['name' => 'Login[password]', 'value' => 'p&q']]);
        $this->assertSame('Login%5Busername%5D=a%40b&Login%5Bpassword%5D=p%26q', $t->sent[0][3]);
    }
}
