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
 * A refusal by one of the plain policy classes (no Moodle needed), carrying a lang string code.
 *
 * The external functions turn it into a moodle_exception with the same code and $a.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class policy_exception extends \Exception {
    /** @var string error code, a string identifier in lang/en/tool_kalturalti13.php */
    public $errorcode;

    /** @var mixed value for the lang string ($a) */
    public $a;

    /**
     * Constructor.
     *
     * @param string $errorcode lang string identifier
     * @param mixed $a lang string parameter
     */
    public function __construct(string $errorcode, $a = null) {
        $this->errorcode = $errorcode;
        $this->a = $a;
        parent::__construct($errorcode);
    }
}
