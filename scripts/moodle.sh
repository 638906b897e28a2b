#!/usr/bin/env bash
# Real-Moodle route for tool_kalturalti13's tests and demo: one local Moodle site per Moodle release
# (PostgreSQL 15 or MariaDB 10.11, php-fpm 8.2, nginx on 127.0.0.1), with this plugin installed from the ZIP that `make zip`
# builds and the local_kaltura test fixture beside it. Its parts, one job each, live in scripts/moodle/:
# source.sh (where a release comes from), db.sh (Debian packages, PostgreSQL), mariadb.sh (MariaDB instead),
# site.sh (plugin, config.php, install), phpunit.sh (Moodle's PHPUnit) and web.sh (nginx and php-fpm).
#
# Usage: scripts/moodle.sh <command> [args]
#   source         make sure the Moodle source tree of the site exists (see "Where Moodle comes from")
#   deps           install the Debian packages the site needs (only what is missing)
#   db             start the database server (PostgreSQL 15 cluster or MariaDB), create the role and the database
#   db-stop        stop the database server
#   install        source + deps + db + the plugin from the ZIP and the fixture + config.php
#                  + install the site once (upgrade on later runs) + purge caches
#   phpunit-init   install + composer phpunit into the tree's vendor/ + Moodle's PHPUnit init (when needed)
#   phpunit [args] phpunit-init + this plugin's PHPUnit tests (a skipped or incomplete test fails the run)
#   concurrency    install + several PHP processes at once against the site's database (tests/site): the KAF
#                  session store keeps every save, the run lock lets exactly one run start
#   serve          install + start php-fpm and nginx for the site
#   stop           stop the site's nginx and php-fpm
#   where          print the site's Moodle tree (exit 3 when it has not been made yet)
#   dirroot        print the folder $CFG->dirroot names: the tree, or its public/ folder from 5.1 on
#   url            print the site's wwwroot
#   version        print the site's Moodle release
#   serving        exit 0 when this site's own nginx and php-fpm are running
#   zip            print the path of the ZIP installed in the site
#
# Environment:
#   MOODLE_VERSION   the release of the site: 4.5.6 (default), 4.2.0, 4.3.0, or 5.1 (the newest 5.1 build at
#                    hand: 5.1.3plus, in Moodle's public/ layout)
#   MOODLE_DIR       use this Moodle 4.2-5.1 tree instead (config.php and the plugins are written into it; from 5.1
#                    on the plugins go under its public/ folder, config.php stays at its top)
#   MOODLE_TARBALLS  folder of moodle-X.Y.Z.tar.xz files and their SHA256SUMS (default: ../shared/moodle
#                    beside this repository)
#   MOODLE_PORT      HTTP port on 127.0.0.1 (default 8 and the branch: 8405 for 4.5.x, 8402 for 4.2.x, 8501 for 5.1)
#   KLTI_SITE_TAG    a name for a second, separate set of sites (own database, dataroot, tree); needs MOODLE_PORT
#   MOODLE_DB        postgres (default) or mariadb: a site of its own on that database (port 9 and the branch)
#
# Where Moodle comes from, in this order: MOODLE_DIR; the tree already unpacked in the cache; the tarball from
# MOODLE_TARBALLS, checked against its SHA256SUMS; Moodle's official download of the same release (about 45 MB,
# once), checked against the checksum Moodle publishes beside it. When all fail: exit 3 with what to set.
#
# Site admin login: admin / Admin-1234 (MOODLE_ADMIN_PASS overrides it at first install only).
# Everything this script writes outside MOODLE_DIR lives under $HOME/.cache/tool_kalturalti13/.
# shellcheck disable=SC2317 # Functions run through timed() look unreachable to shellcheck.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$HOME/.cache/tool_kalturalti13"
VERSION="${MOODLE_VERSION:-4.5.6}"
TAG="${KLTI_SITE_TAG:-}"
TARBALLS="${MOODLE_TARBALLS:-$ROOT/../shared/moodle}"
ADMIN_USER='admin'
ADMIN_PASS="${MOODLE_ADMIN_PASS:-Admin-1234}"
# Moodle's environment check requires max_input_vars >= 5000, from the CLI too.
PHP=(php -d max_input_vars=5000)

log() { printf '[moodle.sh %s] %s\n' "$VERSION" "$*"; }
die() { printf '[moodle.sh %s] error: %s\n' "$VERSION" "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
timed() { # timed LABEL command...: runs the command and prints how long it took.
    local label="$1" start
    shift
    start=$(now_ms)
    "$@"
    log "$label: $(( $(now_ms) - start ))ms"
}

# The parts, each one job (see the top of this file).
DBKIND="${MOODLE_DB:-postgres}"
case "$DBKIND" in
    postgres) parts=(source db site phpunit web) ;;
    mariadb) parts=(source db mariadb site phpunit web) ;; # mariadb.sh replaces db.sh's database functions.
    *) printf 'MOODLE_DB=%s: postgres or mariadb\n' "$DBKIND" >&2; exit 1 ;;
esac
for part in "${parts[@]}"; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/moodle/$part.sh"
done

# The releases this plugin claims (version.php's $plugin->supported), as branches.
SUPPORTED_MIN=402
SUPPORTED_MAX=501
SUPPORTED_RANGE='4.2-5.1'

# The branch number of a release ("4.5.6" -> 405), the way Moodle's own version.php names it.
branch_of() {
    local major minor
    IFS=. read -r major minor _ <<< "$1"
    [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || die "MOODLE_VERSION '$1' is not a release like 4.5.6"
    printf '%d%02d' "$major" "$minor"
}

# ---------------------------------------------------------------- the site's identity
# Every site has its own tree, database, dataroot, PHPUnit dataroot, servers and port.
site_identity() {
    if [ -n "${MOODLE_DIR:-}" ]; then
        moodle_ok "$MOODLE_DIR" || die "MOODLE_DIR=$MOODLE_DIR holds no Moodle (no version.php and lib/setup.php)"
        MOODLE_DIR="$(cd "$MOODLE_DIR" && pwd)"
        # $release reads "4.3 (Build: ...)" for a .0 release, "4.5.6 (Build: ...)" after it, and
        # "5.1.3+ (Build: ...)" for a weekly build: "5.1.3plus", as its tarball is named.
        VERSION="$(php -r 'define("MOODLE_INTERNAL", 1); foreach (["ALPHA", "BETA", "RC", "STABLE"] as $m) {
            define("MATURITY_$m", 0); } $CFG = new stdClass(); include($argv[1]);
            preg_match("/^(\d+\.\d+)(\.\d+)?(\+)?/", $release, $m);
            echo $m[1] . (($m[2] ?? "") === "" ? ".0" : $m[2]) . (($m[3] ?? "") === "" ? "" : "plus");' \
            "$(dirroot_of "$MOODLE_DIR")/version.php")" \
            || die "cannot read the Moodle release of MOODLE_DIR=$MOODLE_DIR"
    else
        VERSION="$(resolve_release "$VERSION")"
    fi
    BRANCH="$(branch_of "$VERSION")"
    ((BRANCH >= SUPPORTED_MIN && BRANCH <= SUPPORTED_MAX)) \
        || die "Moodle $VERSION: this plugin supports Moodle $SUPPORTED_RANGE"
    [[ -z "$TAG" || "$TAG" =~ ^[a-z0-9]+$ ]] || die "KLTI_SITE_TAG must be lower-case letters and digits"
    if [ -n "$TAG" ] && [ -z "${MOODLE_PORT:-}" ]; then
        die "KLTI_SITE_TAG=$TAG needs its own MOODLE_PORT"
    fi
    local dbsuffix='' portprefix=8
    if [ "$DBKIND" = mariadb ]; then dbsuffix=_mariadb portprefix=9; fi
    KEY="$BRANCH$dbsuffix${TAG:+_$TAG}"
    SITE="$CACHE/sites/$KEY"
    if [ -z "${MOODLE_DIR:-}" ]; then
        MOODLE_DIR="$SITE/moodle"
    fi
    DIRROOT="$(dirroot_of "$MOODLE_DIR")" # Moodle's $CFG->dirroot (public/ from 5.1 on; set again once made).
    PORT="${MOODLE_PORT:-$portprefix$BRANCH}"
    WWWROOT="http://127.0.0.1:${PORT}"
    DATAROOT="$SITE/moodledata"
    PHPUNIT_DATAROOT="$SITE/phpunitdata"
    RUNDIR="$SITE/run"
    # The database belongs to this cache (this home folder): a second home's sites never take over this one's.
    DB_NAME="kalturalti13_${KEY}_$(printf '%s' "$CACHE" | sha1sum | cut -c1-6)"
    ZIP="$SITE/tool_kalturalti13.zip"
}

# ---------------------------------------------------------------- main
usage() { sed -n '2,44p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# Machine-wide steps (apt, the PostgreSQL cluster) take a lock of their own, briefly; a site's steps take the site's.
machine_locked() {
    local start
    start=$(now_ms)
    (
        exec 7> "$CACHE/machine.lock"
        flock -w 1800 7 || die "gave up waiting for $CACHE/machine.lock"
        "$@"
    )
    log "$1: $(( $(now_ms) - start ))ms"
}

main() {
    local cmd="${1:-help}"
    [ "$#" -eq 0 ] || shift
    case "$cmd" in
        help|-h|--help) usage; return 0 ;;
    esac
    site_identity
    case "$cmd" in
        where) moodle_ok "$MOODLE_DIR" || { echo "skipped: the Moodle $VERSION site has not been made yet"; exit 3; }
               printf '%s\n' "$MOODLE_DIR"; return 0 ;;
        dirroot) moodle_ok "$MOODLE_DIR" || { echo "skipped: the Moodle $VERSION site has not been made yet"; exit 3; }
                 dirroot_of "$MOODLE_DIR"; return 0 ;;
        url) printf '%s\n' "$WWWROOT"; return 0 ;;
        version) printf '%s\n' "$VERSION"; return 0 ;;
        serving) pid_alive "$RUNDIR/nginx.pid" && pid_alive "$RUNDIR/php-fpm.pid"; return ;;
        zip) printf '%s\n' "$ZIP"; return 0 ;;
    esac
    local start
    start=$(now_ms)
    mkdir -p "$SITE"
    # One run at a time per site: its tree, database and PHPUnit tables are shared by everyone on this machine.
    exec 9> "$SITE/moodle.sh.lock"
    if ! flock -n 9; then
        log "waiting for another scripts/moodle.sh run on this site to finish"
        flock -w 1800 9 || die "gave up waiting for $SITE/moodle.sh.lock"
    fi
    case "$cmd" in
        source) cmd_source ;;
        deps) machine_locked cmd_deps ;;
        db) machine_locked cmd_deps; machine_locked cmd_db ;;
        db-stop) machine_locked cmd_db_stop ;;
        install) cmd_install ;;
        phpunit-init) cmd_phpunit_init ;;
        phpunit) cmd_phpunit "$@" ;;
        concurrency) cmd_concurrency ;;
        serve) cmd_serve ;;
        stop) cmd_stop ;;
        *) usage >&2; return 2 ;;
    esac
    log "$cmd done in $(( $(now_ms) - start ))ms"
}

main "$@"; exit # Same line: bash must not read on if this file changes during a run.
