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

use core\update\validator;

#[\PHPUnit\Framework\Attributes\CoversNothing]
/**
 * The ZIP that scripts/zip.sh builds, through Moodle's own plugin validator, as Site administration > Plugins >
 * Install plugins runs it: unpacked by \core\update\code_manager, then \core\update\validator.
 *
 * The ZIP is TOOL_KALTURALTI13_ZIP, or built from TOOL_KALTURALTI13_REPO (the repository, as scripts/moodle.sh
 * sets it) with scripts/zip.sh.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @coversNothing
 */
final class plugin_validator_test extends \advanced_testcase {
    /**
     * The ZIP to validate, built once for the test.
     *
     * @return string path
     */
    private function zip(): string {
        $zip = (string)getenv('TOOL_KALTURALTI13_ZIP');
        if ($zip !== '') {
            $this->assertFileExists($zip, 'TOOL_KALTURALTI13_ZIP');
            return $zip;
        }
        $repo = getenv('TOOL_KALTURALTI13_REPO') ?: dirname(__DIR__);
        if (!is_file($repo . '/scripts/zip.sh') || !file_exists($repo . '/.git')) {
            $this->markTestSkipped('No ZIP to validate: set TOOL_KALTURALTI13_ZIP to the plugin ZIP, or '
                . 'TOOL_KALTURALTI13_REPO to the repository (a git checkout with scripts/zip.sh).');
        }
        $zip = make_request_directory() . '/tool_kalturalti13.zip';
        $cmd = 'cd ' . escapeshellarg($repo) . ' && bash scripts/zip.sh ' . escapeshellarg($zip) . ' 2>&1';
        exec($cmd, $output, $code);
        $this->assertSame(0, $code, 'scripts/zip.sh: ' . implode("\n", $output));
        return $zip;
    }

    /**
     * The validator's messages of a level.
     *
     * @param validator $validator the validator, executed
     * @param string[] $levels levels
     * @return array of [level, code, addinfo]
     */
    private static function messages(validator $validator, array $levels): array {
        $found = [];
        foreach ($validator->get_messages() as $m) {
            if (in_array($m->level, $levels, true)) {
                $found[] = [$m->level, $m->msgcode, is_scalar($m->addinfo) ? (string)$m->addinfo : json_encode($m->addinfo)];
            }
        }
        return $found;
    }

    /**
     * Unpacked as the installer does, the ZIP passes with no error and no warning but its maturity (beta), both
     * on a site without the plugin and on this one (which has it, so Moodle also warns that it will replace it).
     */
    public function test_zip_passes_moodles_validator(): void {
        global $CFG;
        $this->resetAfterTest();
        $dir = make_request_directory();
        $files = (new \core\update\code_manager())->unzip_plugin_file($this->zip(), $dir);
        $this->assertArrayHasKey('kalturalti13/version.php', $files);
        $this->assertArrayHasKey('kalturalti13/LICENSE', $files);

        // A site without the plugin: admin/tool stood in for by an empty, writable folder.
        $newsite = make_request_directory();
        $validator = new class ($dir, $files, $newsite) extends validator {
            /** @var string where tool plugins go */
            private $tooldir;

            /**
             * The validator, with tool plugins going to $tooldir.
             *
             * @param string $dir the unpacked ZIP
             * @param array $files its files
             * @param string $tooldir the admin/tool stand-in
             */
            public function __construct(string $dir, array $files, string $tooldir) {
                parent::__construct($dir, $files);
                $this->tooldir = $tooldir;
            }

            /**
             * Where a plugin type goes: tool to the stand-in.
             *
             * @param string $plugintype type
             * @return string|null
             */
            public function get_plugintype_location($plugintype) {
                return $plugintype === 'tool' ? $this->tooldir : parent::get_plugintype_location($plugintype);
            }
        };
        $validator->assert_plugin_type('tool');
        $validator->assert_moodle_version($CFG->version);
        $passed = $validator->execute();
        $this->assertSame([], self::messages($validator, [validator::ERROR]));
        $this->assertTrue($passed);
        $this->assertSame([[validator::WARNING, 'maturity', 'MATURITY_BETA']], self::messages($validator, [validator::WARNING]));
        $this->assertSame('tool_kalturalti13', $validator->get_versionphp_info()['component']);
        $this->assertSame('kalturalti13', $validator->get_rootdir());
        $this->assertSame('tool_kalturalti13', $validator->get_language_file_name());

        // This site, where admin/tool/kalturalti13 exists.
        $validator = validator::instance($dir, $files);
        $validator->assert_plugin_type('tool');
        $validator->assert_moodle_version($CFG->version);
        $passed = $validator->execute();
        $this->assertSame([], self::messages($validator, [validator::ERROR]));
        $this->assertTrue($passed);
        $this->assertSame(
            [[validator::WARNING, 'maturity', 'MATURITY_BETA'],
                [validator::WARNING, 'targetexists', $CFG->dirroot . '/admin/tool/kalturalti13']],
            self::messages($validator, [validator::WARNING])
        );
    }
}
