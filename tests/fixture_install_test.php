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

#[\PHPUnit\Framework\Attributes\CoversNothing]
/**
 * Proves the real-Moodle test route: the local_kaltura fixture is installed next to this plugin.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @coversNothing
 */
final class fixture_install_test extends \advanced_testcase {
    /**
     * local_kaltura is installed and its settings carry their install defaults.
     *
     * @return void
     */
    public function test_local_kaltura_fixture_is_installed(): void {
        $this->resetAfterTest();

        $plugin = \core_plugin_manager::instance()->get_plugin_info('local_kaltura');
        $this->assertNotNull($plugin, 'local_kaltura is not on disk');
        $this->assertTrue($plugin->is_installed_and_upgraded(), 'local_kaltura is not installed');
        $this->assertNotEmpty(\core_plugin_manager::instance()->get_plugin_info('tool_kalturalti13'));

        $this->assertSame('LTI-1p0', get_config('local_kaltura', 'lti_version'));
        $this->assertSame('www.kaltura.com', get_config('local_kaltura', 'uri'));
    }
}
