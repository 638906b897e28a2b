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

namespace tool_kalturalti13;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/kafsim_helper.php');

/**
 * A test class's simulator: started once before its tests, stopped after them; its URL in self::$url, and in
 * self::$skip why it could not start.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
trait kafsim_lifecycle {
    /** @var string the simulator URL */
    private static $url = '';

    /** @var string why the simulator is not available */
    private static $skip = '';

    /**
     * Starts the simulator once for the class (kafsim_helper).
     */
    public static function setUpBeforeClass(): void {
        parent::setUpBeforeClass();
        self::$url = kafsim_helper::start();
        self::$skip = kafsim_helper::skip_reason();
    }

    /**
     * Stops the simulator we started.
     */
    public static function tearDownAfterClass(): void {
        kafsim_helper::stop();
        parent::tearDownAfterClass();
    }

    /**
     * For setUp: skips the test when the simulator is not there; otherwise the test flag on, reset after the test.
     */
    protected function use_kafsim(): void {
        global $CFG;
        if (self::$skip !== '') {
            $this->markTestSkipped(self::$skip);
        }
        $this->resetAfterTest();
        $CFG->tool_kalturalti13_allow_insecure_kaf = true;
    }
}
