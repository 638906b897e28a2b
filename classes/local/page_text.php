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
 * The text of a page KAF answered with, for a message (the probe's excerpt when KAF did not redirect).
 *
 * Plain PHP, no Moodle calls: tested in tests/unit without a Moodle site.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class page_text {
    /**
     * The text of an HTML or plain error page, squeezed to one line and cut, for a message: the element the page
     * marks as its error or alert when there is one (KAF's page chrome left out), else the whole text.
     *
     * @param string $body body
     * @param int $max longest
     * @return string
     */
    public static function excerpt(string $body, int $max = 200): string {
        $text = null;
        if (stripos($body, '<') !== false && class_exists('DOMDocument')) {
            $doc = new \DOMDocument();
            $errors = libxml_use_internal_errors(true);
            $loaded = $doc->loadHTML('<?xml encoding="UTF-8">' . $body);
            libxml_clear_errors();
            libxml_use_internal_errors($errors);
            if ($loaded) {
                $xpath = new \DOMXPath($doc);
                $lower = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'";
                foreach (['error', 'alert'] as $word) {
                    $node = $xpath->query("//body//*[contains(translate(@id, $lower), '$word')"
                        . " or contains(translate(@class, $lower), '$word')]")->item(0);
                    if ($node !== null && trim($node->textContent) !== '') {
                        $text = $node->textContent;
                        break;
                    }
                }
            }
        }
        if ($text === null) {
            $text = preg_replace('~<(script|style|head)\b.*?</\1>~is', ' ', $body);
            // Tags become spaces, so that <h1>Error</h1><p>text</p> reads as two words.
            $text = html_entity_decode(strip_tags(preg_replace('/</', ' <', (string)$text)), ENT_QUOTES | ENT_HTML5, 'UTF-8');
        }
        $text = trim(preg_replace('/\s+/u', ' ', $text));
        return mb_strlen($text) > $max ? mb_substr($text, 0, $max - 1) . '…' : $text;
    }
}
