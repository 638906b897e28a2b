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

/**
 * The KAF session cookies of one door: what it sends, what KAF set or deleted during this request.
 *
 * Plain PHP, no Moodle calls. The changes (not the whole jar) are what session_store merges into the stored jar, so
 * two requests of one Moodle session that run at the same time do not undo each other's cookies.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class cookie_jar {
    /** @var array name => value */
    private $cookies;

    /** @var array name => value, or null for a cookie KAF deleted, since the jar was filled */
    private $changes = [];

    /**
     * Constructor.
     *
     * @param array $cookies name => value (from the store)
     */
    public function __construct(array $cookies = []) {
        $this->cookies = $cookies;
    }

    /**
     * The cookies held.
     *
     * @return array name => value
     */
    public function all(): array {
        return $this->cookies;
    }

    /**
     * What KAF set (name => value) or deleted (name => null) since the jar was filled or emptied.
     *
     * @return array
     */
    public function changes(): array {
        return $this->changes;
    }

    /**
     * Forgets every cookie (a new login): the stored jar is then replaced, not merged.
     */
    public function clear(): void {
        $this->cookies = [];
        $this->changes = [];
    }

    /**
     * The Cookie request header, or null when the jar is empty.
     *
     * @return string|null
     */
    public function header(): ?string {
        if (!$this->cookies) {
            return null;
        }
        $pairs = [];
        foreach ($this->cookies as $name => $value) {
            $pairs[] = $name . '=' . $value;
        }
        return 'Cookie: ' . implode('; ', $pairs);
    }

    /**
     * Takes one Set-Cookie header: stores the cookie, or deletes it when it is empty or expired.
     *
     * @param string $header the header value
     */
    public function take(string $header): void {
        $parts = explode(';', $header);
        $pair = explode('=', array_shift($parts), 2);
        $name = trim($pair[0]);
        // A cookie name is an RFC 7230 token; \x60 is the backtick, spelled so for the coding standard.
        if ($name === '' || !preg_match('/^[!#$%&\'*+.^_\x60|~0-9A-Za-z-]+$/D', $name)) {
            return;
        }
        $value = trim($pair[1] ?? '');
        $expired = $value === '' || strtolower($value) === 'deleted';
        foreach ($parts as $attr) {
            $attr = explode('=', $attr, 2);
            $key = strtolower(trim($attr[0]));
            $v = trim($attr[1] ?? '');
            if ($key === 'max-age' && is_numeric($v) && (int)$v <= 0) {
                $expired = true;
            } else if ($key === 'expires' && ($t = strtotime($v)) !== false && $t < time()) {
                $expired = true;
            }
        }
        if ($expired) {
            unset($this->cookies[$name]);
            $this->changes[$name] = null;
        } else {
            $this->cookies[$name] = $value;
            $this->changes[$name] = $value;
        }
    }

    /**
     * Applies changes (changes()) to a stored jar, by cookie name.
     *
     * @param array $stored name => value as stored now
     * @param array $changes name => value or null
     * @return array name => value
     */
    public static function merge(array $stored, array $changes): array {
        foreach ($changes as $name => $value) {
            if ($value === null) {
                unset($stored[$name]);
            } else {
                $stored[$name] = $value;
            }
        }
        return $stored;
    }
}
