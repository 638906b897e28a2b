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
 * Checks a set of changes to local_kaltura settings before anything is written. Plain PHP, no Moodle calls.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class settings_validator {
    /** Settings the tool may write, with the rule each value must meet. */
    public const RULES = [
        'kaf_uri' => 'kaf_uri',
        'uri' => 'uri',
        'lti_version' => 'lti_version',
        'partner_id' => 'partner_id',
        'enable_logging' => 'checkbox',
        'enable_submission' => 'checkbox',
        'guest_support' => 'checkbox',
    ];

    /** Settings that may be written only when they already exist (never invented). */
    private const ONLY_WHEN_PRESENT = ['guest_support'];

    /** Longest value accepted (config_plugins.value is text, but nothing here is long). */
    private const MAX_LENGTH = 1333;

    /**
     * Validates the changes.
     *
     * @param array $changes list of ['name' => string, 'value' => string]
     * @param array $current name => current value (null when the setting does not exist)
     * @param bool $insecure the config.php test flag (lets kaf_uri be http or a loopback address)
     * @param array $putback name => value the running run's snapshot holds (a rollback may write it back as it was)
     * @return array name => new value, only those that differ from the current value
     * @throws policy_exception settingunknown (name in $a) or settinginvalid ($a = ['name' => ..., 'rule' => ...])
     */
    public static function validate(array $changes, array $current, bool $insecure, array $putback = []): array {
        $seen = [];
        $out = [];
        foreach ($changes as $change) {
            $name = (string)($change['name'] ?? '');
            $value = $change['value'] ?? null;
            if (
                !array_key_exists($name, self::RULES)
                || (in_array($name, self::ONLY_WHEN_PRESENT, true) && !isset($current[$name]))
            ) {
                throw new policy_exception('settingunknown', $name);
            }
            if (isset($seen[$name])) {
                throw new policy_exception('settinginvalid', ['name' => $name, 'rule' => 'twice']);
            }
            $seen[$name] = true;
            if (
                !is_string($value)
                || strlen($value) > self::MAX_LENGTH
                || preg_match('/[\x00-\x1f\x7f]/', $value)
                || !preg_match('//u', $value)
            ) {
                throw new policy_exception('settinginvalid', ['name' => $name, 'rule' => self::RULES[$name]]);
            }
            // The running run's rollback may put kaf_uri back exactly as its snapshot holds it (the run corrected it),
            // as long as it names the same KAF: the run's own correction is undone, nothing new is let in.
            $isputback = $name === 'kaf_uri' && array_key_exists('kaf_uri', $putback) && $putback['kaf_uri'] === $value
                && isset($current['kaf_uri']) && url_policy::same_kaf($value, (string)$current['kaf_uri']);
            if (!$isputback && !self::value_ok(self::RULES[$name], $value, $insecure)) {
                throw new policy_exception('settinginvalid', ['name' => $name, 'rule' => self::RULES[$name]]);
            }
            if (!array_key_exists($name, $current) || (string)$current[$name] !== $value) {
                $out[$name] = $value;
            }
        }
        return $out;
    }

    /**
     * Whether one value meets its rule.
     *
     * @param string $rule rule key
     * @param string $value value
     * @param bool $insecure test flag
     * @return bool
     */
    private static function value_ok(string $rule, string $value, bool $insecure): bool {
        switch ($rule) {
            case 'kaf_uri':
                try {
                    url_policy::parse_kaf_uri($value, $insecure);
                    return true;
                } catch (policy_exception $e) {
                    return false;
                }
            case 'uri':
                if (!preg_match('~^(https?://)?([A-Za-z0-9.-]+)(:[0-9]{1,5})?/?$~D', $value, $m)) {
                    return false;
                }
                return url_policy::is_host_name(strtolower($m[2]));
            case 'lti_version':
                return $value === 'LTI-1p0' || $value === '1.3.0';
            case 'partner_id':
                return (bool)preg_match('/^[1-9][0-9]{0,17}$/D', $value);
            case 'checkbox':
                return $value === '0' || $value === '1';
        }
        return false;
    }
}
