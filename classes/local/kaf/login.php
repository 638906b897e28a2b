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

use tool_kalturalti13\local\policy_exception;
use tool_kalturalti13\local\redactor;
use tool_kalturalti13\local\url_policy;

/**
 * The login to KAF's admin console through the door, and the one place that tells a login page from a logged-in one.
 *
 * Plain PHP, no Moodle calls. Nothing of the credentials is kept or returned.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class login {
    /** Where the login form posts when it names no action (docs/platform.md §3). */
    private const PATH = '/admin/authenticate';

    /**
     * Whether a KAF page is its login form (KAF sent a session that ended back to it).
     *
     * @param string $body HTML
     * @return bool
     */
    public static function is_login_page(string $body): bool {
        return (bool)preg_match('/name\s*=\s*["\']Login\[password\]["\']/i', $body) && !self::is_logged_in_page($body);
    }

    /**
     * Whether a KAF page belongs to a logged-in session (it has the logout control).
     *
     * @param string $body HTML
     * @return bool
     */
    public static function is_logged_in_page(string $body): bool {
        return (bool)preg_match('/id\s*=\s*["\']logout-button["\']/i', $body);
    }

    /**
     * Logs in: GET /admin, the login form with every control it has, POST it with the credentials. On success the
     * door's jar holds the new KAF session (and only it); on failure the jar is empty.
     *
     * @param door $door the door (its jar is emptied first)
     * @param string $username KAF admin username
     * @param string $password KAF admin password
     * @throws policy_exception kafbadcredentials, kafunexpectedpage and the door's errors
     */
    public static function run(door $door, string $username, string $password): void {
        $door->jar()->clear();
        $page = $door->request('GET', '/admin');
        $form = self::find_form($page['body']);
        if ($form === null) {
            throw new policy_exception('kafunexpectedpage', $page['finalpath']);
        }
        $action = self::PATH;
        if ($form['action'] !== '') {
            $next = url_policy::resolve_redirect($door->get_origin(), $page['finalpath'], $form['action']);
            if ($next['follow']) {
                $action = $next['path'];
            }
        }
        $fields = [];
        foreach ($form['fields'] as [$name, $value]) {
            if ($name === 'Login[username]') {
                $value = $username;
            } else if ($name === 'Login[password]') {
                $value = $password;
            }
            if (redactor::tokens_in((string)$value)) {
                // A value that holds a secret token would be swapped for a key by the door; refuse rather than guess.
                throw new policy_exception('kafbadcredentials');
            }
            $fields[] = ['name' => $name, 'value' => $value];
        }
        $result = $door->request('POST', $action, $fields);
        if (self::is_logged_in_page($result['body'])) {
            return;
        }
        $door->jar()->clear();
        if (self::is_login_page($result['body'])) {
            throw new policy_exception('kafbadcredentials');
        }
        throw new policy_exception('kafunexpectedpage', $result['finalpath']);
    }

    /**
     * Finds the login form: the form holding Login[username], with all its successful controls.
     *
     * @param string $html page
     * @return array|null ['action' => string, 'fields' => list of [name, value]]
     */
    public static function find_form(string $html): ?array {
        if (stripos($html, 'Login[username]') === false) {
            return null;
        }
        $doc = new \DOMDocument();
        $previous = libxml_use_internal_errors(true);
        $doc->loadHTML('<?xml encoding="UTF-8">' . $html, LIBXML_NONET);
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        $xpath = new \DOMXPath($doc);
        $user = $xpath->query('//input[@name="Login[username]"]')->item(0);
        if (!$user) {
            return null;
        }
        $form = $user;
        while ($form && !($form instanceof \DOMElement && strtolower($form->nodeName) === 'form')) {
            $form = $form->parentNode;
        }
        if (!$form || !$xpath->query('.//input[@name="Login[password]"]', $form)->item(0)) {
            return null;
        }
        $fields = [];
        foreach ($xpath->query('.//input|.//select|.//textarea', $form) as $el) {
            $name = $el->getAttribute('name');
            if ($name === '' || $el->hasAttribute('disabled')) {
                continue;
            }
            $tag = strtolower($el->nodeName);
            if ($tag === 'textarea') {
                $fields[] = [$name, $el->textContent];
            } else if ($tag === 'select') {
                $value = null;
                foreach ($xpath->query('.//option', $el) as $opt) {
                    $v = $opt->hasAttribute('value') ? $opt->getAttribute('value') : $opt->textContent;
                    if ($value === null || $opt->hasAttribute('selected')) {
                        $value = $v;
                    }
                    if ($opt->hasAttribute('selected')) {
                        break;
                    }
                }
                $fields[] = [$name, (string)$value];
            } else {
                $type = strtolower($el->getAttribute('type') ?: 'text');
                if (in_array($type, ['submit', 'image', 'button', 'reset', 'file'], true) && $name !== 'Login[login]') {
                    continue;
                }
                if (($type === 'checkbox' || $type === 'radio') && !$el->hasAttribute('checked')) {
                    continue;
                }
                $value = $el->getAttribute('value');
                if ($type === 'checkbox' && !$el->hasAttribute('value')) {
                    $value = 'on';
                }
                $fields[] = [$name, $value];
            }
        }
        $names = array_column($fields, 0);
        if (!in_array('Login[login]', $names, true)) {
            $fields[] = ['Login[login]', 'Login'];
        }
        return ['action' => trim($form->getAttribute('action')), 'fields' => $fields];
    }
}
