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
 * db/contract.json, the one definition of the page's calls and of the shim's error codes, read where PHP needs it.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class contract {
    /**
     * The whole contract.
     *
     * @return array
     */
    public static function read(): array {
        $text = file_get_contents(dirname(__DIR__, 2) . '/db/contract.json');
        return json_decode($text, true, 64, JSON_THROW_ON_ERROR);
    }

    /**
     * Every error code the shim throws, each a string key of this plugin.
     *
     * @return string[]
     */
    public static function codes(): array {
        $errors = self::read()['errors'];
        return array_merge($errors['door'], $errors['other']);
    }

    /**
     * A shim error's text as the journal keeps it (model.ts Message): {key: code, text}, the string of its code as the
     * server filled it, which the page showed, or {key: code, a}, the string filled here; '' when the message is not
     * one. Journals from before each code had one string hold it as engine_err_<code> with the server's text in
     * params.detail.
     *
     * @param mixed $message the engine's message
     * @return string
     */
    public static function error_text($message): string {
        $key = is_array($message) && is_string($message['key'] ?? null) ? $message['key'] : '';
        $code = strpos($key, 'engine_err_') === 0 ? substr($key, strlen('engine_err_')) : $key;
        if ($key === '' || !in_array($code, self::codes(), true)) {
            return '';
        }
        $text = $message['text'] ?? $message['params']['detail'] ?? null;
        if (is_string($message['a'] ?? null) && $code === $key) {
            // A door code the page filled with KAF's address (a probe that got no answer).
            $text = get_string($code, 'tool_kalturalti13', $message['a']);
        }
        return is_string($text) ? trim($text) : '';
    }
}
