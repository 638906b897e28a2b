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
use tool_kalturalti13\local\kaf\login;
use tool_kalturalti13\local\redactor;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\redactor::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\kaf\login::class)]
/**
 * The known answers shared with the page's tests (tests/vectors/*.json): tokens, form serialisation, login pages.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\local\redactor
 * @covers     \tool_kalturalti13\local\kaf\login
 */
final class vectors_test extends TestCase {
    /**
     * The cases of one vector file.
     *
     * @param string $name file name without .json
     * @return array name => [case]
     */
    private static function cases(string $name): array {
        $file = json_decode((string)file_get_contents(dirname(__DIR__) . '/vectors/' . $name . '.json'), true);
        $out = [];
        foreach ($file['cases'] as $case) {
            $out[$case['name']] = [$case];
        }
        return $out;
    }

    /**
     * Token cases.
     *
     * @return array
     */
    public static function token_cases(): array {
        return self::cases('tokens');
    }

    /**
     * Form cases.
     *
     * @return array
     */
    public static function form_cases(): array {
        return self::cases('forms');
    }

    /**
     * Login page cases.
     *
     * @return array
     */
    public static function login_page_cases(): array {
        return self::cases('loginpages');
    }

    /**
     * A key in a page becomes the known token, and the key kept is the one KAF sent.
     *
     * @param array $case the case
     * @dataProvider token_cases
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('token_cases')]
    public function test_token(array $case): void {
        $this->assertSame($case['token'], redactor::token(redactor::decode($case['raw'])));
        [$out, $secrets] = redactor::redact('<textarea name="k">' . $case['raw'] . '</textarea>');
        $this->assertSame('<textarea name="k">' . $case['token'] . '</textarea>', $out);
        $this->assertSame([$case['token']], array_keys($secrets));
        $this->assertSame(str_replace("\r\n", "\n", $secrets[$case['token']]), $case['pem']);
    }

    /**
     * The login form is read as a browser would send it (and the Login[login] button is sent as well).
     *
     * @param array $case the case
     * @dataProvider form_cases
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('form_cases')]
    public function test_form(array $case): void {
        $form = login::find_form($case['html']);
        $this->assertNotNull($form);
        $sent = array_values(array_filter($form['fields'], function (array $f): bool {
            return $f[0] !== 'Login[login]';
        }));
        $this->assertSame($case['fields'], $sent);
        $this->assertContains(['Login[login]', 'Login'], $form['fields']);
    }

    /**
     * Login pages and logged-in pages are told apart.
     *
     * @param array $case the case
     * @dataProvider login_page_cases
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('login_page_cases')]
    public function test_login_page(array $case): void {
        $this->assertSame($case['loginpage'], login::is_login_page($case['html']));
        $this->assertSame($case['loggedin'], login::is_logged_in_page($case['html']));
    }
}
