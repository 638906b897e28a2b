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
 * A result of the wiring check (wiring::check) as text in the viewer's language: each finding's title and fix, the
 * one-line summary, and the context of templates/wiring.mustache.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class wiring_view {
    /**
     * Badge classes of each status (Bootstrap 4 and 5). Info as the page's status badges have it: dark text on Boost's
     * info colour fails WCAG contrast.
     */
    private const BADGE = ['ok' => 'badge-success bg-success', 'info' => 'badge-info text-bg-info',
        'warning' => 'badge-warning bg-warning text-dark', 'error' => 'badge-danger bg-danger'];

    /**
     * The text of a finding in the current language; every parameter escaped (KAF's page text among them).
     *
     * @param array $finding finding
     * @return array title, fix ('' when ok)
     */
    public static function text(array $finding): array {
        $a = (object)array_map('s', $finding['a']);
        if ($finding['code'] === 'kafdown') {
            $a->error = get_string($finding['a']['error'], 'tool_kalturalti13', s($finding['a']['uri']));
        }
        $title = get_string('wiring_' . $finding['code'], 'tool_kalturalti13', $a);
        $fix = $finding['status'] === 'ok' ? '' : get_string('wiring_' . $finding['code'] . '_fix', 'tool_kalturalti13', $a);
        return ['title' => $title, 'fix' => $fix];
    }

    /**
     * The one-line summary of a result.
     *
     * @param array $result result
     * @return string
     */
    public static function summary(array $result): string {
        if ($result['status'] === 'ok') {
            return get_string('wiring_summary_ok', 'tool_kalturalti13');
        }
        $bad = array_values(array_filter($result['findings'], function (array $f) use ($result): bool {
            return $f['status'] === $result['status'];
        }));
        $title = self::text($bad[0])['title'];
        return count($bad) > 1 ? get_string(
            'wiring_summary_more',
            'tool_kalturalti13',
            (object)['first' => $title, 'count' => count($bad) - 1]
        ) : $title;
    }

    /**
     * The badge class of a status.
     *
     * @param string $status ok, info, warning, error...
     * @return string
     * @throws \coding_exception on a status this view does not know
     */
    public static function badge(string $status): string {
        // Thrown, not left to an undefined-key warning: PHPUnit 10+ (Moodle 5.x) and production do not turn warnings
        // into exceptions, and the check's caller turns only a throwable into "could not run".
        if (!array_key_exists($status, self::BADGE)) {
            throw new \coding_exception('Unknown wiring status: ' . $status);
        }
        return self::BADGE[$status];
    }

    /**
     * The context of templates/wiring.mustache.
     *
     * @param array $result result
     * @return array
     */
    public static function export(array $result): array {
        $findings = [];
        foreach ($result['findings'] as $f) {
            $badge = self::badge($f['status']);
            $text = self::text($f);
            $findings[] = ['id' => $f['id'], 'status' => $f['status'], 'ok' => $f['status'] === 'ok',
                'statuslabel' => get_string('status' . $f['status']), 'badgeclass' => $badge,
                'title' => $text['title'], 'fix' => $text['fix']];
        }
        $badge = self::badge($result['status']);
        return [
            'status' => $result['status'],
            'statuslabel' => get_string('status' . $result['status']),
            'badgeclass' => $badge,
            'ok' => $result['status'] === 'ok',
            'summary' => self::summary($result),
            'checked' => get_string('wiring_checked', 'tool_kalturalti13', userdate($result['time'])),
            'findings' => $findings,
            'pageurl' => (new \moodle_url('/admin/tool/kalturalti13/index.php'))->out(false),
        ];
    }
}
