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
 * The addresses a KAF host name may resolve to: never unspecified, link-local, cloud metadata, multicast, 6to4,
 * Teredo or site-local ones;
 * loopback, private, shared and reserved ones only with the config.php test flag.
 *
 * Plain PHP, no Moodle calls: tested in tests/unit without a Moodle site.
 *
 * @package    tool_kalturalti13
 * @copyright  2026 tool_kalturalti13 contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class address_policy {
    /**
     * Addresses refused always, even with the test flag: unspecified, link-local, cloud metadata, multicast; and the
     * IPv6 ranges that tunnel IPv4 (6to4 2002::/16 and Teredo 2001::/32 carry an IPv4 address, a private or metadata
     * one too, that a relay would reach) or were never routed (site-local fec0::/10).
     */
    private const ALWAYS_REFUSED = [
        '0.0.0.0/8', '169.254.0.0/16', '100.100.100.200/32', '224.0.0.0/4', '255.255.255.255/32',
        '::/128', 'fe80::/10', 'fd00:ec2::254/128', 'ff00::/8',
        '2002::/16', '2001::/32', 'fec0::/10',
    ];

    /** Addresses refused unless the test flag is set: loopback, private, shared, reserved. */
    private const REFUSED_UNLESS_INSECURE = [
        '127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '192.0.0.0/24',
        '198.18.0.0/15', '240.0.0.0/4', '::1/128', 'fc00::/7', '64:ff9b::/96', '2001:db8::/32',
    ];

    /**
     * The door's default resolver: A records, then AAAA records.
     *
     * @param string $host host name
     * @return string[] addresses
     */
    public static function dns_resolve(string $host): array {
        $ips = @gethostbynamel($host) ?: [];
        if (!$ips && function_exists('dns_get_record')) {
            foreach (@dns_get_record($host, DNS_AAAA) ?: [] as $record) {
                if (!empty($record['ipv6'])) {
                    $ips[] = $record['ipv6'];
                }
            }
        }
        return $ips;
    }

    /**
     * Checks an address the KAF host name resolved to.
     *
     * @param string $ip an IPv4 or IPv6 address
     * @param bool $insecure the test flag: lets loopback and private addresses through
     * @return bool true when a connection to it is allowed
     */
    public static function allowed(string $ip, bool $insecure): bool {
        if (filter_var($ip, FILTER_VALIDATE_IP) === false) {
            return false;
        }
        $packed = inet_pton($ip);
        // IPv4-mapped and IPv4-compatible IPv6 addresses are judged by the IPv4 address inside.
        $prefix = strlen($packed) === 16 ? substr($packed, 0, 12) : null;
        $mapped = $prefix === str_repeat("\0", 10) . "\xff\xff";
        $compatible = $prefix === str_repeat("\0", 12) && !in_array(substr($packed, 12), ["\0\0\0\0", "\0\0\0\1"], true);
        if ($mapped || $compatible) {
            return self::allowed(inet_ntop(substr($packed, 12)), $insecure);
        }
        foreach (self::ALWAYS_REFUSED as $cidr) {
            if (self::in_cidr($packed, $cidr)) {
                return false;
            }
        }
        if (!$insecure) {
            foreach (self::REFUSED_UNLESS_INSECURE as $cidr) {
                if (self::in_cidr($packed, $cidr)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether a packed address is inside a CIDR range.
     *
     * @param string $packed inet_pton() output
     * @param string $cidr e.g. 10.0.0.0/8
     * @return bool
     */
    private static function in_cidr(string $packed, string $cidr): bool {
        [$net, $bits] = explode('/', $cidr);
        $netpacked = inet_pton($net);
        if (strlen($netpacked) !== strlen($packed)) {
            return false;
        }
        $bits = (int)$bits;
        $bytes = intdiv($bits, 8);
        if (substr($packed, 0, $bytes) !== substr($netpacked, 0, $bytes)) {
            return false;
        }
        $rest = $bits % 8;
        if ($rest === 0) {
            return true;
        }
        $mask = (0xff << (8 - $rest)) & 0xff;
        return (ord($packed[$bytes]) & $mask) === (ord($netpacked[$bytes]) & $mask);
    }
}
