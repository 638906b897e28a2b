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
 * Replaces PEM private keys by opaque tokens so that no private key reaches the page, a log or the database.
 *
 * A token is "[[secret:sha256:<hex>]]", hex being the lowercase SHA-256 of the PEM as an HTML parser decodes it
 * (entities decoded, CR LF and lone CR turned into LF). Plain PHP, no Moodle calls.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class redactor {
    /** A space as it may appear in HTML. */
    private const SP = '(?: |&#0*32;|&#x0*20;|&nbsp;)';

    /** What replaces the unterminated tail of a truncated private key. */
    public const TRUNCATED = '[[secret:truncated]]';

    /** A token, as a regular expression without delimiters (the one home of its form: the door uses it too). */
    public const TOKEN_PATTERN = '\[\[secret:sha256:[0-9a-f]{64}\]\]';

    /**
     * The pattern of a complete PEM private key block, as raw text in a response body.
     *
     * @return string
     */
    private static function block_pattern(): string {
        $sp = self::SP;
        $label = "(?:[A-Z0-9]+{$sp}){0,3}PRIVATE{$sp}KEY-----";
        return "/-----BEGIN{$sp}{$label}.*?-----END{$sp}{$label}/s";
    }

    /**
     * The pattern of the start of a PEM private key block.
     *
     * @return string
     */
    private static function begin_pattern(): string {
        $sp = self::SP;
        return "/-----BEGIN{$sp}(?:[A-Z0-9]+{$sp}){0,3}PRIVATE{$sp}KEY-----/";
    }

    /**
     * The token of a PEM text.
     *
     * @param string $pem decoded PEM
     * @return string
     */
    public static function token(string $pem): string {
        return '[[secret:sha256:' . hash('sha256', $pem) . ']]';
    }

    /**
     * Whether a value is exactly one secret token.
     *
     * @param string $value value
     * @return bool
     */
    public static function is_token(string $value): bool {
        return (bool)preg_match('/^' . self::TOKEN_PATTERN . '$/D', $value);
    }

    /**
     * All tokens found in a text.
     *
     * @param string $text text
     * @return string[] distinct tokens
     */
    public static function tokens_in(string $text): array {
        preg_match_all('/' . self::TOKEN_PATTERN . '/', $text, $m);
        return array_values(array_unique($m[0]));
    }

    /**
     * Decodes raw HTML text the way a browser does for the content of a textarea or attribute.
     *
     * @param string $raw raw text
     * @return string
     */
    public static function decode(string $raw): string {
        $text = html_entity_decode($raw, ENT_QUOTES | ENT_HTML5, 'UTF-8');
        return str_replace(["\r\n", "\r"], "\n", $text);
    }

    /**
     * Replaces every private key in a text by its token.
     *
     * @param string $text the response body (or any text)
     * @return array [string $redacted, array $secrets token => PEM as KAF sent it]
     */
    public static function redact(string $text): array {
        $secrets = [];
        $redacted = preg_replace_callback(self::block_pattern(), function (array $m) use (&$secrets): string {
            // The token names the key as an HTML parser reads it (LF line ends), which is what the page can compute;
            // the server keeps the bytes KAF sent, line ends included, so a key posted back is byte-identical.
            $token = self::token(self::decode($m[0]));
            $secrets[$token] = html_entity_decode($m[0], ENT_QUOTES | ENT_HTML5, 'UTF-8');
            return $token;
        }, $text);
        if ($redacted === null) {
            // The regular expression failed (e.g. backtrack limit): refuse to pass anything on that may hold a key.
            return [self::TRUNCATED, []];
        }
        // A key cut by the size cap has no END line: drop everything from its BEGIN line.
        if (preg_match(self::begin_pattern(), $redacted, $m, PREG_OFFSET_CAPTURE)) {
            $redacted = substr($redacted, 0, $m[0][1]) . self::TRUNCATED;
        }
        return [$redacted, $secrets];
    }

    /**
     * The forms a text may hide a key in: as is, HTML-decoded, and URL-decoded up to three times (each HTML-decoded
     * too).
     *
     * @param string $text text
     * @return string[]
     */
    private static function readings(string $text): array {
        $forms = [$text, self::decode($text)];
        $u = $text;
        for ($i = 0; $i < 3; $i++) {
            $next = urldecode($u);
            if ($next === $u) {
                break;
            }
            $u = $next;
            $forms[] = $u;
            $forms[] = self::decode($u);
        }
        return $forms;
    }

    /**
     * Whether a text still holds something that looks like a private key, as plain text, HTML-encoded or
     * URL-encoded.
     *
     * @param string $text text
     * @return bool
     */
    public static function holds_key(string $text): bool {
        foreach (self::readings($text) as $form) {
            if (preg_match(self::begin_pattern(), $form) || stripos($form, 'PRIVATE KEY-----') !== false) {
                return true;
            }
        }
        return false;
    }

    /**
     * A URL or path the shim returns (finalpath, location), without key material: unchanged when it holds none;
     * otherwise its query replaced by TRUNCATED, or all of it when the part before the query holds a key too.
     *
     * @param string $url URL or path
     * @return string
     */
    public static function scrub_url(string $url): string {
        if (!self::holds_key($url)) {
            return $url;
        }
        $base = explode('?', $url, 2)[0];
        if ($base !== $url && !self::holds_key($base)) {
            return $base . '?' . self::TRUNCATED;
        }
        return self::TRUNCATED;
    }
}
