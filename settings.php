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

/**
 * Registers the upgrade page and the status check's settings under Site administration > Plugins > Admin tools.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

if ($hassiteconfig) {
    $ADMIN->add('tools', new admin_externalpage(
        'tool_kalturalti13',
        get_string('pluginname', 'tool_kalturalti13'),
        new moodle_url('/admin/tool/kalturalti13/index.php'),
        'moodle/site:config'
    ));

    // How long the status check's result is reused (System status, the upgrade page); the daily task always asks KAF.
    $settings = new admin_settingpage('tool_kalturalti13_settings', get_string('settings_status', 'tool_kalturalti13'));
    $settings->add(new admin_setting_configduration(
        'tool_kalturalti13/statusttl',
        get_string('statusttl', 'tool_kalturalti13'),
        get_string('statusttl_desc', 'tool_kalturalti13'),
        \tool_kalturalti13\local\wiring::DEFAULT_TTL,
        HOURSECS
    ));
    // How long finished runs (journal, plans, reports) are kept; the daily task deletes older ones. 0 keeps them.
    $settings->add(new admin_setting_configduration(
        'tool_kalturalti13/runretention',
        get_string('runretention', 'tool_kalturalti13'),
        get_string('runretention_desc', 'tool_kalturalti13'),
        \tool_kalturalti13\local\retention::DEFAULT_RETENTION,
        DAYSECS
    ));
    $ADMIN->add('tools', $settings);
}
