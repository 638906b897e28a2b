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
 * The door's rules for secrets (docs/shim.md, Secrets): where a token may stand for its key on the way to KAF, and
 * which bodies from KAF are text that redaction can read. Plain PHP, no Moodle calls.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class secret_rule {
    /**
     * A response body as the page may see it: text (text_of), every key replaced by its token, and refused when it
     * still holds a key in a form redaction does not read (entity-encoded dashes, URL-encoded).
     *
     * @param string $raw raw body
     * @param string $contenttype Content-Type header
     * @param string $path the path it answered (for the message)
     * @return array [string $body, array $secrets token => PEM]
     * @throws policy_exception kafunexpectedpage
     */
    public static function redacted_body(string $raw, string $contenttype, string $path): array {
        [$body, $secrets] = redactor::redact(self::text_of($raw, $contenttype, $path));
        if (redactor::holds_key($body)) {
            throw new policy_exception('kafunexpectedpage', url_policy::shown_path($path));
        }
        return [$body, $secrets];
    }

    /** Charsets a body may declare: UTF-8 and the ASCII-compatible single-byte ones read as ISO-8859-1. */
    private const TEXT_CHARSETS = ['utf-8', 'utf8', 'us-ascii', 'ascii', 'iso-8859-1', 'latin1', 'windows-1252'];

    /**
     * A response body as UTF-8 text, or a refusal: redaction reads plain text only, so a body in a form where a key
     * would not be plain text (UTF-16 or UTF-32, with or without a BOM, any NUL byte, a declared charset such as UTF-7)
     * is not passed on. Bytes that are not UTF-8 are read as ISO-8859-1 (ASCII-compatible, so a key stays plain).
     *
     * @param string $body raw body
     * @param string $contenttype Content-Type header
     * @param string $path the path it answered (for the message)
     * @return string
     * @throws policy_exception kafunexpectedpage
     */
    public static function text_of(string $body, string $contenttype, string $path): string {
        $charset = preg_match('/;\s*charset\s*=\s*"?([^";\s]+)/i', $contenttype, $m) ? strtolower($m[1]) : '';
        if (
            ($charset !== '' && !in_array($charset, self::TEXT_CHARSETS, true))
            || strpos($body, "\0") !== false
            || preg_match('/^(\xfe\xff|\xff\xfe)/', $body)
        ) {
            throw new policy_exception('kafunexpectedpage', url_policy::shown_path($path));
        }
        if (!preg_match('//u', $body)) {
            $body = mb_convert_encoding($body, 'UTF-8', 'ISO-8859-1');
        }
        return $body;
    }

    /**
     * The one rule for secrets on the way to KAF: a secret token stands for its key only as the whole value of a
     * POSTED field (a textarea's trailing line ends aside). A token anywhere else (a GET field, the path or its query,
     * a field name, part of a value) is refused, and so is a private key itself in a GET field or the path: a URL ends
     * up in KAF's access logs. Checked before anything is sent.
     *
     * @param string $method GET or POST
     * @param string $path path with optional query
     * @param array $fields list of ['name' => string, 'value' => string]
     * @throws policy_exception secretmisplaced
     */
    public static function check(string $method, string $path, array $fields): void {
        if (redactor::tokens_in(urldecode($path)) || redactor::tokens_in($path) || redactor::holds_key($path)) {
            throw new policy_exception('secretmisplaced');
        }
        foreach ($fields as $field) {
            $name = (string)($field['name'] ?? '');
            $value = (string)($field['value'] ?? '');
            if (redactor::tokens_in($name) || redactor::holds_key($name)) {
                throw new policy_exception('secretmisplaced');
            }
            if ($method !== 'POST') {
                if (redactor::tokens_in($value) || redactor::holds_key($value)) {
                    throw new policy_exception('secretmisplaced');
                }
            } else if (redactor::tokens_in($value) && !self::whole_token($value)) {
                throw new policy_exception('secretmisplaced');
            }
        }
    }

    /**
     * The token a value is, when it is exactly one token (trailing CR/LF line ends allowed).
     *
     * @param string $value field value
     * @return string|null the token
     */
    public static function whole_token(string $value): ?string {
        return preg_match('/^(' . redactor::TOKEN_PATTERN . ')[\r\n]*$/D', $value, $m) ? $m[1] : null;
    }

    /**
     * Whether an address (and the origin's port) passes address_policy and the site's own rules.
     *
     * @param string $ip address
     * @return bool
     */
    private function address_allowed(string $ip): bool {
        return address_policy::allowed($ip, $this->insecure)
            && ($this->sitecheck === null || call_user_func($this->sitecheck, $ip, (int)$this->origin['port']));
    }
}
