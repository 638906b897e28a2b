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
 * Watches the LTI 1.3 wiring from the scheduled task: when the result turns from OK to a warning or an error (or the
 * set of problems changes), site administrators get one notification, and the change is logged as an event.
 *
 * What was last seen is kept in tool_kalturalti13/watchsignature (the task's own state, not a setting: no config log).
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class watcher {
    /** Config name of the last signature seen. */
    private const STATE = 'watchsignature';

    /**
     * A result in short: its status and the codes of what is not OK, e.g. "error:kafdown".
     *
     * @param array $result wiring::check()
     * @return string
     */
    public static function signature(array $result): string {
        $codes = [];
        foreach ($result['findings'] as $f) {
            if ($f['status'] === 'warning' || $f['status'] === 'error') {
                $codes[$f['code']] = true;
            }
        }
        $codes = array_keys($codes);
        sort($codes);
        return $result['status'] . ($codes ? ':' . implode(',', $codes) : '');
    }

    /**
     * What to do about a new result. Pure.
     *
     * @param string $previous the signature seen last ('' when never)
     * @param array $result the new result
     * @return array changed (bool), notify (bool), signature
     */
    public static function decide(string $previous, array $result): array {
        $signature = self::signature($result);
        $changed = $signature !== $previous;
        $bad = $result['status'] === 'warning' || $result['status'] === 'error';
        return ['changed' => $changed, 'notify' => $changed && $bad, 'signature' => $signature];
    }

    /**
     * Takes a new result: remembers it, logs a change, notifies administrators of a new problem.
     *
     * @param array $result wiring::check()
     * @return int how many notifications were sent
     */
    public static function observe(array $result): int {
        $previous = (string)get_config('tool_kalturalti13', self::STATE);
        $d = self::decide($previous, $result);
        if (!$d['changed']) {
            return 0;
        }
        set_config(self::STATE, $d['signature'], 'tool_kalturalti13');
        \tool_kalturalti13\event\wiring_changed::create([
            'context' => \context_system::instance(),
            'other' => ['from' => $previous, 'to' => $d['signature']],
        ])->trigger();
        return $d['notify'] ? self::notify($result) : 0;
    }

    /**
     * Sends the notification to every site administrator.
     *
     * @param array $result the result
     * @return int how many were sent
     */
    public static function notify(array $result): int {
        $summary = wiring_view::summary($result);
        $url = new \moodle_url('/admin/tool/kalturalti13/index.php');
        $lines = [];
        $items = [];
        foreach ($result['findings'] as $f) {
            if ($f['status'] === 'ok') {
                continue;
            }
            $text = wiring_view::text($f);
            $lines[] = '- ' . html_to_text($text['title'] . ' ' . $text['fix'], 0, false);
            $items[] = \html_writer::tag('li', $text['title'] . ' ' . $text['fix']);
        }
        $a = (object)['summary' => html_to_text($summary, 0, false), 'url' => $url->out(false),
            'site' => format_string(get_site()->fullname)];
        $sent = 0;
        foreach (get_admins() as $admin) {
            $message = new \core\message\message();
            $message->component = 'tool_kalturalti13';
            $message->name = 'wiringdrift';
            $message->userfrom = \core_user::get_noreply_user();
            $message->userto = $admin;
            $message->subject = get_string('wiringdrift_subject', 'tool_kalturalti13', $a);
            $message->fullmessage = get_string('wiringdrift_body', 'tool_kalturalti13', $a) . "\n\n" . implode("\n", $lines);
            $message->fullmessageformat = FORMAT_PLAIN;
            $message->fullmessagehtml = \html_writer::tag('p', s(get_string('wiringdrift_body', 'tool_kalturalti13', $a)))
                . \html_writer::tag('ul', implode('', $items));
            $message->smallmessage = $a->summary;
            $message->notification = 1;
            $message->contexturl = $url->out(false);
            $message->contexturlname = get_string('pluginname', 'tool_kalturalti13');
            if (message_send($message)) {
                $sent++;
            }
        }
        return $sent;
    }
}
