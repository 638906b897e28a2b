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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\external\save_tool_type::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_kalturalti13\local\tool_types::class)]
/**
 * The Video Quiz grade tools: listing in get_state and save_tool_type.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_kalturalti13\external\save_tool_type
 * @covers     \tool_kalturalti13\local\tool_types
 */
final class tool_types_test extends \advanced_testcase {
    /** The LTI 1.3 configuration the upgrade gives a grade tool. */
    private const UPGRADE = [
        ['name' => 'ltiversion', 'value' => '1.3.0'],
        ['name' => 'clientid', 'value' => 'ClientId0123456'],
        ['name' => 'keytype', 'value' => 'JWK_KEYSET'],
        ['name' => 'publickeyset', 'value' => 'https://12345.kaf.invalid/hosted/index/lti-advantage-key-set'],
        ['name' => 'initiatelogin', 'value' => 'https://12345.kaf.invalid/hosted/index/oidc-init'],
        ['name' => 'redirectionuris', 'value' => 'https://12345.kaf.invalid/hosted/index/oauth2-launch'],
        ['name' => 'ltiservice_gradesynchronization', 'value' => '2'],
    ];

    /**
     * A site on LTI 1.1 with local_kaltura pointing at a KAF host.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
        set_config('kaf_uri', 'https://12345.kaf.invalid', 'local_kaltura');
        set_config('lti_version', 'LTI-1p0', 'local_kaltura');
        set_config('partner_id', '12345', 'local_kaltura');
        set_config('client_id', 'ClientId0123456', 'local_kaltura');
    }

    /**
     * Makes a tool type.
     *
     * @param string $name name
     * @param string $baseurl tool URL
     * @param string $domain tool domain
     * @param string|null $clientid client id
     * @param array $config lti_types_config values
     * @param int $course the course it belongs to (SITEID: a site tool)
     * @return int id
     */
    private function type(
        string $name,
        string $baseurl,
        string $domain = '',
        ?string $clientid = null,
        array $config = [],
        int $course = SITEID
    ): int {
        global $DB;
        $id = $DB->insert_record('lti_types', (object)['name' => $name, 'baseurl' => $baseurl, 'tooldomain' => $domain,
            'state' => 1, 'course' => $course, 'coursevisible' => 1, 'ltiversion' => $clientid ? '1.3.0' : 'LTI-1p0',
            'clientid' => $clientid, 'createdby' => 2, 'timecreated' => time(), 'timemodified' => time()]);
        foreach ($config as $k => $v) {
            $DB->insert_record('lti_types_config', (object)['typeid' => $id, 'name' => $k, 'value' => $v]);
        }
        return $id;
    }

    /**
     * The state's tool types, cleaned as the web service would.
     *
     * @return array lti part of get_state
     */
    private function lti(): array {
        $state = external\get_state::execute();
        return \core_external\external_api::clean_returnvalue(external\get_state::execute_returns(), $state)['lti'];
    }

    /**
     * No type on the KAF host: an empty list.
     */
    public function test_none(): void {
        $this->setAdminUser();
        $this->type('Other', 'https://tool.example/launch', 'tool.example');
        $lti = $this->lti();
        $this->assertSame([], $lti['tooltypes']);
        $this->assertSame(0, $lti['clientidtype']);
    }

    /**
     * One type, found by base URL, with its config and the activities using it.
     */
    public function test_one_with_activities(): void {
        $this->setAdminUser();
        $id = $this->type(
            'Kaltura Video Quiz',
            'https://12345.kaf.invalid/browseandembed/index/index',
            '',
            null,
            ['sendname' => '1', 'ltiservice_gradesynchronization' => '0']
        );
        $course = $this->getDataGenerator()->create_course(['shortname' => 'BIO101']);
        $this->getDataGenerator()->create_module('lti', ['course' => $course->id, 'typeid' => $id, 'name' => 'Quiz 1',
            'toolurl' => '']);
        $this->getDataGenerator()->create_module('lti', ['course' => $course->id, 'typeid' => $id, 'name' => 'Quiz 2',
            'toolurl' => '']);
        $types = $this->lti()['tooltypes'];
        $this->assertCount(1, $types);
        $this->assertSame($id, $types[0]['id']);
        $this->assertSame('LTI-1p0', $types[0]['ltiversion']);
        $this->assertSame('0', $types[0]['ltiservice_gradesynchronization']);
        $this->assertSame('', $types[0]['keytype']);
        $this->assertSame(2, $types[0]['activitycount']);
        $this->assertSame(['course' => 'BIO101', 'name' => 'Quiz 1'], $types[0]['activities'][0]);
    }

    /**
     * Several types, found by base URL or tool domain; the one holding the client id is named.
     */
    public function test_several(): void {
        $this->setAdminUser();
        $a = $this->type('Quiz A', 'https://12345.kaf.invalid/a');
        $b = $this->type('Quiz B', 'https://elsewhere.example/b', '12345.kaf.invalid', 'ClientId0123456');
        $this->type('Other', 'https://tool.example/launch', 'tool.example');
        $lti = $this->lti();
        $this->assertSame([$a, $b], array_column($lti['tooltypes'], 'id'));
        $this->assertSame($b, $lti['clientidtype']);
    }

    /**
     * A course tool on the KAF host (a teacher's, mod/lti:addcoursetool) is never a grade tool candidate, whatever its
     * activity count: it is listed apart, with its course, as not changed; save_tool_type refuses it.
     */
    public function test_course_tools_not_candidates(): void {
        global $DB;
        $this->setAdminUser();
        $course = $this->getDataGenerator()->create_course(['shortname' => 'BIO101', 'fullname' => 'Biology']);
        $site = $this->type('Kaltura Video Quiz', 'https://12345.kaf.invalid/q');
        $teacher = $this->type('My quiz tool', 'https://12345.kaf.invalid/mine', '', null, [], (int)$course->id);
        $this->type('Other course tool', 'https://tool.example/x', 'tool.example', null, [], (int)$course->id);
        foreach ([1, 2, 3] as $i) {
            $this->getDataGenerator()->create_module('lti', ['course' => $course->id, 'typeid' => $teacher,
                'name' => 'Quiz ' . $i, 'toolurl' => '']);
        }
        $lti = $this->lti();
        $this->assertSame([$site], array_column($lti['tooltypes'], 'id'));
        $this->assertCount(1, $lti['coursetools']);
        $this->assertSame([
            'id' => $teacher,
            'name' => 'My quiz tool',
            'courseid' => (int)$course->id,
            'course' => 'BIO101',
            'activitycount' => 3,
        ], $lti['coursetools'][0]);
        $before = $DB->get_records('lti_types');
        try {
            external\save_tool_type::execute($teacher, self::UPGRADE);
            $this->fail('a course tool was upgraded');
        } catch (\moodle_exception $e) {
            $this->assertSame('tooltypeunknown', $e->errorcode);
        }
        $this->assertEquals($before, $DB->get_records('lti_types'));
        $this->assertSame(0, $DB->count_records('lti_types_config', ['typeid' => $teacher]));
    }

    /**
     * The upgrade: every field written, config rows created or updated, the type returned.
     */
    public function test_save_upgrade(): void {
        global $DB;
        $this->setAdminUser();
        $id = $this->type('Quiz', 'https://12345.kaf.invalid/q', '', null, ['ltiservice_gradesynchronization' => '0']);
        $out = external\save_tool_type::execute($id, self::UPGRADE);
        $out = \core_external\external_api::clean_returnvalue(external\save_tool_type::execute_returns(), $out);
        foreach (self::UPGRADE as $c) {
            $this->assertSame($c['value'], $out[$c['name']], $c['name']);
        }
        $this->assertSame('1.3.0', $DB->get_field('lti_types', 'ltiversion', ['id' => $id]));
        $this->assertSame(1, $DB->count_records('lti_types_config', ['typeid' => $id,
            'name' => 'ltiservice_gradesynchronization']));
        // And back (a rollback writes the old values; empty clears: clientid NULL, config rows removed).
        $back = [['name' => 'ltiversion', 'value' => 'LTI-1p0'], ['name' => 'ltiservice_gradesynchronization', 'value' => '0']];
        foreach (['clientid', 'keytype', 'publickeyset', 'initiatelogin', 'redirectionuris'] as $name) {
            $back[] = ['name' => $name, 'value' => ''];
        }
        $out = external\save_tool_type::execute($id, $back);
        $this->assertSame('LTI-1p0', $out['ltiversion']);
        $this->assertSame('0', $out['ltiservice_gradesynchronization']);
        $this->assertSame('', $out['clientid']);
        $this->assertNull($DB->get_field('lti_types', 'clientid', ['id' => $id]));
        $this->assertSame(1, $DB->count_records('lti_types_config', ['typeid' => $id]));
    }

    /**
     * Two KAF types cannot both take the client id: the second is refused, nothing of it changes.
     */
    public function test_clientid_conflict(): void {
        global $DB;
        $this->setAdminUser();
        $this->type('Quiz A', 'https://12345.kaf.invalid/a', '', 'ClientId0123456');
        $b = $this->type('Quiz B', 'https://12345.kaf.invalid/b');
        try {
            external\save_tool_type::execute($b, self::UPGRADE);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame('tooltypeclientidtaken', $e->errorcode);
            $this->assertStringContainsString('Quiz A', $e->getMessage());
        }
        $this->assertSame('LTI-1p0', $DB->get_field('lti_types', 'ltiversion', ['id' => $b]));
        $this->assertSame(0, $DB->count_records('lti_types_config', ['typeid' => $b]));
    }

    /**
     * Bad inputs.
     *
     * @return array
     */
    public static function bad(): array {
        return [
            'unknown field' => ['kaf', [['name' => 'baseurl', 'value' => 'https://x.example']], 'tooltypefieldunknown'],
            'bad version' => ['kaf', [['name' => 'ltiversion', 'value' => 'LTI-2p0']], 'tooltypeinvalid'],
            'bad key type' => ['kaf', [['name' => 'keytype', 'value' => 'PEM']], 'tooltypeinvalid'],
            'bad url' => ['kaf', [['name' => 'initiatelogin', 'value' => 'javascript:alert(1)']], 'tooltypeinvalid'],
            'bad ags' => ['kaf', [['name' => 'ltiservice_gradesynchronization', 'value' => '3']], 'tooltypeinvalid'],
            'bad client id' => ['kaf', [['name' => 'clientid', 'value' => 'a b']], 'tooltypeinvalid'],
            'partly bad' => ['kaf', [['name' => 'ltiversion', 'value' => '1.3.0'], ['name' => 'keytype', 'value' => 'x']],
                'tooltypeinvalid'],
            'not on the KAF host' => ['other', [['name' => 'ltiversion', 'value' => '1.3.0']], 'tooltypeunknown'],
            'no such type' => ['none', [['name' => 'ltiversion', 'value' => '1.3.0']], 'tooltypeunknown'],
        ];
    }

    /**
     * Each bad input is refused and nothing changes.
     *
     * @dataProvider bad
     * @param string $which which type
     * @param array $changes changes
     * @param string $code error code
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('bad')]
    public function test_save_refuses(string $which, array $changes, string $code): void {
        global $DB;
        $this->setAdminUser();
        $ids = ['kaf' => $this->type('Quiz', 'https://12345.kaf.invalid/q'),
            'other' => $this->type('Other', 'https://tool.example/x', 'tool.example'), 'none' => 999999];
        $before = [$DB->get_records('lti_types'), $DB->get_records('lti_types_config')];
        try {
            external\save_tool_type::execute($ids[$which], $changes);
            $this->fail('accepted');
        } catch (\moodle_exception $e) {
            $this->assertSame($code, $e->errorcode);
        }
        $this->assertEquals($before, [$DB->get_records('lti_types'), $DB->get_records('lti_types_config')]);
    }

    /**
     * Without moodle/site:config: refused, nothing changes.
     */
    public function test_capability(): void {
        global $DB;
        $id = $this->type('Quiz', 'https://12345.kaf.invalid/q');
        $this->setUser($this->getDataGenerator()->create_user());
        try {
            external\save_tool_type::execute($id, self::UPGRADE);
            $this->fail('accepted');
        } catch (\required_capability_exception $e) {
            $this->assertSame('nopermissions', $e->errorcode);
        }
        $this->assertSame('LTI-1p0', $DB->get_field('lti_types', 'ltiversion', ['id' => $id]));
    }
}
