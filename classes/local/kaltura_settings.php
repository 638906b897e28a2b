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
 * Reads local_kaltura's settings. Its own class so that the status check (wiring) and the state the page reads
 * (site_state) both read them without one depending on the other.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class kaltura_settings {
    /**
     * Whether local_kaltura is installed.
     *
     * @return bool
     */
    public static function installed(): bool {
        return get_config('local_kaltura', 'version') !== false;
    }

    /**
     * The current value of a local_kaltura setting, null when the setting does not exist.
     *
     * @param string $name setting
     * @return string|null
     */
    public static function get(string $name): ?string {
        $value = get_config('local_kaltura', $name);
        return $value === false ? null : (string)$value;
    }
}
