#!/usr/bin/env bash
# Real-Moodle route for tool_kalturalti13's tests and demo: one local Moodle site per Moodle release
# (PostgreSQL 15, php-fpm 8.2, nginx on 127.0.0.1), with this plugin installed from the ZIP that `make zip`
# builds and the local_kaltura test fixture beside it.
#
# Usage: scripts/moodle.sh <command> [args]
#   source         make sure the Moodle source tree of the site exists (see "Where Moodle comes from")
#   deps           install the Debian packages the site needs (only what is missing)
#   db             start the PostgreSQL 15 cluster, create the role and the site's database
#   db-stop        stop the PostgreSQL 15 cluster
#   install        source + deps + db + the plugin from the ZIP and the fixture + config.php
#                  + install the site once (upgrade on later runs) + purge caches
#   phpunit-init   install + composer phpunit into the tree's vendor/ + Moodle's PHPUnit init (when needed)
#   phpunit [args] phpunit-init + this plugin's PHPUnit tests (a skipped or incomplete test fails the run)
#   serve          install + start php-fpm and nginx for the site
#   stop           stop the site's nginx and php-fpm
#   where          print the site's Moodle tree (exit 3 when it has not been made yet)
#   url            print the site's wwwroot
#   version        print the site's Moodle release
#   serving        exit 0 when this site's own nginx and php-fpm are running
#   zip            print the path of the ZIP installed in the site
#
# Environment:
#   MOODLE_VERSION   the release of the site: 4.5.6 (default), 4.3.0 or 4.2.0
#   MOODLE_DIR       use this Moodle 4.2-4.5 tree instead (config.php and the plugins are written into it)
#   MOODLE_TARBALLS  folder of moodle-X.Y.Z.tar.xz files and their SHA256SUMS (default: ../shared/moodle
#                    beside this repository)
#   MOODLE_PORT      HTTP port on 127.0.0.1 (default 8405 for 4.5.x, 8403 for 4.3.x, 8402 for 4.2.x)
#   KLTI_SITE_TAG    a name for a second, separate set of sites (own database, dataroot, tree); needs MOODLE_PORT
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
PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
DB_USER=kalturalti13
DB_PASS=kalturalti13
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

as_postgres() { # From /, which the postgres user can always enter (a private working folder it cannot).
    if [ "$(id -un)" = postgres ]; then (cd / && "$@"); else (cd / && runuser -u postgres -- "$@"); fi
}

moodle_ok() { [ -f "$1/version.php" ] && [ -f "$1/lib/setup.php" ]; }

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
        # $release reads "4.3 (Build: ...)" for a .0 release, "4.5.6 (Build: ...)" after it.
        VERSION="$(php -r 'define("MOODLE_INTERNAL", 1); foreach (["ALPHA", "BETA", "RC", "STABLE"] as $m) {
            define("MATURITY_$m", 0); } $CFG = new stdClass(); include($argv[1]);
            preg_match("/^(\d+\.\d+)(\.\d+)?/", $release, $m); echo $m[1] . ($m[2] ?? ".0");' "$MOODLE_DIR/version.php")" \
            || die "cannot read the Moodle release of MOODLE_DIR=$MOODLE_DIR"
    fi
    BRANCH="$(branch_of "$VERSION")"
    ((BRANCH >= 402 && BRANCH <= 405)) || die "Moodle $VERSION: this plugin supports Moodle 4.2 to 4.5"
    [[ -z "$TAG" || "$TAG" =~ ^[a-z0-9]+$ ]] || die "KLTI_SITE_TAG must be lower-case letters and digits"
    if [ -n "$TAG" ] && [ -z "${MOODLE_PORT:-}" ]; then
        die "KLTI_SITE_TAG=$TAG needs its own MOODLE_PORT"
    fi
    KEY="$BRANCH${TAG:+_$TAG}"
    SITE="$CACHE/sites/$KEY"
    if [ -z "${MOODLE_DIR:-}" ]; then
        MOODLE_DIR="$SITE/moodle"
    fi
    PORT="${MOODLE_PORT:-8$BRANCH}"
    WWWROOT="http://127.0.0.1:${PORT}"
    DATAROOT="$SITE/moodledata"
    PHPUNIT_DATAROOT="$SITE/phpunitdata"
    RUNDIR="$SITE/run"
    # The database belongs to this cache (this home folder): a second home's sites never take over this one's.
    DB_NAME="kalturalti13_${KEY}_$(printf '%s' "$CACHE" | sha1sum | cut -c1-6)"
    ZIP="$SITE/tool_kalturalti13.zip"
}

# ---------------------------------------------------------------- where Moodle comes from
# The release as unpacked from its package, never written to: each site copies it.
PRISTINE_STAMP=.tool_kalturalti13-source

# Prints the expected SHA-256 of a tarball from the SHA256SUMS beside it (nothing when it has no line).
tarball_sum() {
    local sums="$TARBALLS/SHA256SUMS" name
    name="$(basename "$1")"
    [ -f "$sums" ] || return 0
    awk -v n="$name" '$2 == n || $2 == "*" n {print $1}' "$sums"
}

unpack_into() { # unpack_into ARCHIVE DEST SOURCE-ID
    local archive="$1" dest="$2" id="$3" tmp
    tmp="$(mktemp -d "$(dirname "$dest")/.unpack.XXXXXX")"
    log "unpacking $(basename "$archive") (about 30 s)"
    tar -xf "$archive" -C "$tmp"
    moodle_ok "$tmp/moodle" || { rm -rf "$tmp"; die "$archive does not unpack to a moodle/ folder"; }
    printf '%s\n' "$id" > "$tmp/moodle/$PRISTINE_STAMP"
    rm -rf "$dest"
    mv "$tmp/moodle" "$dest"
    rm -rf "$tmp"
}

# Moodle's download site keeps each release under stable<branch>/; it publishes checksums beside the package.
download_release() { # download_release DEST
    local dest="$1" base url dir sum got
    base="https://download.moodle.org/download.php/direct/stable$BRANCH"
    url="$base/moodle-$VERSION.tgz"
    dir="$(mktemp -d "$CACHE/.download.XXXXXX")"
    log "no tarball for Moodle $VERSION in $TARBALLS; downloading $url (about 45 MB, once)"
    if ! curl -fsSL --max-time 600 -o "$dir/moodle.tgz" "$url"; then
        rm -rf "$dir"
        return 1
    fi
    sum="$(curl -fsSL --max-time 60 "$url.sha256" 2>/dev/null | grep -oE '^[0-9a-f]{64}' || true)"
    got="$(sha256sum "$dir/moodle.tgz" | cut -d' ' -f1)"
    if [ -z "$sum" ]; then
        sum="$(curl -fsSL --max-time 60 "$url.md5" 2>/dev/null | grep -oE '^[0-9a-f]{32}' || true)"
        got="$(md5sum "$dir/moodle.tgz" | cut -d' ' -f1)"
    fi
    if [ -z "$sum" ] || [ "$sum" != "$got" ]; then
        rm -rf "$dir"
        die "the downloaded $url does not match the checksum Moodle publishes beside it"
    fi
    unpack_into "$dir/moodle.tgz" "$dest" "download $url $got"
    rm -rf "$dir"
}

# Makes sure the release's pristine tree is in the cache; prints nothing, dies or exits 3.
ensure_pristine() {
    local pristine="$CACHE/moodle-$VERSION" tarball="$TARBALLS/moodle-$VERSION.tar.xz" want got
    if [ -f "$pristine/$PRISTINE_STAMP" ] && moodle_ok "$pristine"; then
        return 0
    fi
    mkdir -p "$CACHE"
    if [ -f "$tarball" ]; then
        want="$(tarball_sum "$tarball")"
        [ -n "$want" ] || die "$TARBALLS/SHA256SUMS has no line for $(basename "$tarball"); refusing an unchecked tarball"
        got="$(sha256sum "$tarball" | cut -d' ' -f1)"
        [ "$want" = "$got" ] || die "$tarball does not match its SHA256SUMS line (got $got)"
        unpack_into "$tarball" "$pristine" "tarball $(basename "$tarball") $got"
        return 0
    fi
    if download_release "$pristine"; then
        return 0
    fi
    echo "skipped: no Moodle $VERSION found: no MOODLE_DIR, no tree in $CACHE, no $tarball," \
        "and no network to download it. Set MOODLE_TARBALLS to a folder holding moodle-$VERSION.tar.xz and its" \
        "SHA256SUMS, or MOODLE_DIR to a Moodle 4.2-4.5 tree."
    exit 3
}

# The site's own tree: a copy of the pristine release (config.php, the plugins and vendor/ are written into it).
cmd_source() {
    if [ "$MOODLE_DIR" != "$SITE/moodle" ]; then
        return 0 # The caller's own tree.
    fi
    local pristine="$CACHE/moodle-$VERSION"
    if [ -f "$MOODLE_DIR/$PRISTINE_STAMP" ] && moodle_ok "$MOODLE_DIR"; then
        return 0
    fi
    ensure_pristine
    log "making the site's tree $MOODLE_DIR from $pristine"
    mkdir -p "$SITE"
    rm -rf "$MOODLE_DIR.tmp"
    cp -a --reflink=auto "$pristine" "$MOODLE_DIR.tmp"
    rm -rf "$MOODLE_DIR"
    mv "$MOODLE_DIR.tmp" "$MOODLE_DIR"
}

# ---------------------------------------------------------------- deps
DEBS=(postgresql php8.2-cli php8.2-pgsql php8.2-curl php8.2-gd php8.2-zip php8.2-xml php8.2-intl
    php8.2-mbstring php8.2-soap php8.2-fpm nginx rsync curl composer locales xz-utils python3)

deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]; }

cmd_deps() {
    local missing=() pkg policy=/usr/sbin/policy-rc.d ourpolicy=0
    for pkg in "${DEBS[@]}"; do
        deb_installed "$pkg" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        ensure_locale
        return 0
    fi
    [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root to install them"
    log "installing: ${missing[*]}"
    # Keep apt from starting nginx/php-fpm/postgres system services (nginx would listen on 0.0.0.0:80).
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"
        chmod 755 "$policy"
        ourpolicy=1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > "$CACHE/apt.log" 2>&1 \
        || { [ "$ourpolicy" -eq 0 ] || rm -f "$policy"; tail -20 "$CACHE/apt.log" >&2; die "apt-get install failed"; }
    [ "$ourpolicy" -eq 0 ] || rm -f "$policy"
    ensure_locale
}

# Moodle's PHPUnit environment requires the en_AU.UTF-8 locale.
ensure_locale() {
    locale -a 2>/dev/null | grep -qiE '^en_AU\.utf-?8$' && return 0
    [ "$(id -u)" -eq 0 ] || die "locale en_AU.UTF-8 missing; run as root to generate it"
    log "generating locale en_AU.UTF-8"
    if ! grep -qE '^en_AU\.UTF-8 UTF-8' /etc/locale.gen; then
        echo 'en_AU.UTF-8 UTF-8' >> /etc/locale.gen
    fi
    locale-gen > /dev/null
}

# ---------------------------------------------------------------- db
pg_status() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}'; }

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }

cmd_db() {
    local conf="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/tool_kalturalti13.conf" want status
    if [ -z "$(pg_status)" ]; then
        log "creating PostgreSQL $PG_VERSION cluster $PG_CLUSTER"
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" > /dev/null
    fi
    # Listen on loopback only; trade crash safety for speed (a throw-away test database).
    want=$'# Written by tool_kalturalti13 scripts/moodle.sh.\nlisten_addresses = \'127.0.0.1\'\nsynchronous_commit = off\nfsync = off\nfull_page_writes = off\nmax_connections = 200\n'
    if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "${want%$'\n'}" ]; then
        printf '%s' "$want" > "$conf"
        if [ "$(pg_status)" = online ]; then
            pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart 7>&- 8>&- 9>&- # The server must not inherit the locks.
        fi
    fi
    status="$(pg_status)"
    if [ "$status" != online ]; then
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start 7>&- 8>&- 9>&- # The server must not inherit the locks.
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 1
    done
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
    if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != 1 ]; then
        psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS'"
    fi
    if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
        create_database
    fi
}

create_database() {
    psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
}

# Stops the cluster unless a database other than these sites' is in use (someone else's work on this machine).
cmd_db_stop() {
    [ "$(pg_status)" = online ] || return 0
    local others
    others="$(psql_admin -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL
        AND datname NOT LIKE 'kalturalti13\\_%' AND pid <> pg_backend_pid()" 2>/dev/null || echo 0)"
    if [ "${others:-0}" != 0 ]; then
        log "PostgreSQL left running: $others connection(s) to databases that are not these test sites'"
        return 0
    fi
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
    log "PostgreSQL $PG_VERSION/$PG_CLUSTER stopped"
}

db_query() { PGPASSWORD="$DB_PASS" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" -tAc "$1"; }

# ---------------------------------------------------------------- install
# The plugin as an administrator installs it: the ZIP from scripts/zip.sh (what `make zip` builds), unpacked into
# admin/tool/; the local_kaltura fixture (ours, never shipped) beside it.
install_code() {
    local plugindir="$MOODLE_DIR/admin/tool/kalturalti13"
    mkdir -p "$SITE"
    [ -f "$ROOT/version.php" ] || die "no version.php at $ROOT: no plugin to install"
    bash "$ROOT/scripts/zip.sh" "$ZIP" > /dev/null
    rm -rf "$plugindir"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ZIP" "$MOODLE_DIR/admin/tool"
    [ -f "$plugindir/version.php" ] || die "$ZIP did not unpack to admin/tool/kalturalti13"
    mkdir -p "$MOODLE_DIR/local/kaltura"
    rsync -a --delete "$ROOT/tests/fixtures/local_kaltura/" "$MOODLE_DIR/local/kaltura/"
}

# PHPUnit finds a plugin's tests in its tests/ folder, which the ZIP does not ship: the test files go in beside
# the installed code (the code under test stays the ZIP's).
install_phpunit_tests() {
    local dest="$MOODLE_DIR/admin/tool/kalturalti13/tests"
    mkdir -p "$dest/unit"
    cp "$ROOT"/tests/*.php "$dest/"
    cp "$ROOT"/tests/unit/bad_inputs.php "$dest/unit/" # The bad inputs, shared with the plain PHP tier.
}

trust_test_ca() {
    # The KAF simulator's test CA (tools/kafsim/tls.ts, made once), trusted the way a site trusts a CA: Moodle's \curl
    # takes $CFG->dataroot/moodleorgca.crt as its CA file (curl::get_cacert). TLS to the simulator is verified.
    local ca
    ca="$(cd "$ROOT" && node --import tsx tools/kafsim/tls.ts ca)" || die "could not make the KAF simulator's test CA"
    mkdir -p "$DATAROOT"
    cp "$ca" "$DATAROOT/moodleorgca.crt"
}

write_config() {
    local tmp="$MOODLE_DIR/config.php.tmp.$$" DEBUG_LEVEL='E_ALL'
    # Moodle 4.2.0's core emits PHP 8.2 deprecation notices on every page (fixed in later 4.2 point releases);
    # shown on the page they would break its JSON answers. The plugin's own are shown on 4.3 and 4.5.
    ((BRANCH != 402)) || DEBUG_LEVEL='E_ALL & ~E_DEPRECATED'
    mkdir -p "$DATAROOT" "$PHPUNIT_DATAROOT"
    rm -f "$DATAROOT/tool_kalturalti13-e2e.php"
    cat > "$tmp" <<PHPEOF
<?php
// Local test site of tool_kalturalti13 (Moodle $VERSION), written by scripts/moodle.sh; rewritten on each install.

unset(\$CFG);
global \$CFG;
\$CFG = new stdClass();

\$CFG->dbtype    = 'pgsql';
\$CFG->dblibrary = 'native';
\$CFG->dbhost    = '127.0.0.1';
\$CFG->dbname    = '$DB_NAME';
\$CFG->dbuser    = '$DB_USER';
\$CFG->dbpass    = '$DB_PASS';
\$CFG->prefix    = 'mdl_';
\$CFG->dboptions = ['dbpersist' => 0, 'dbport' => $PG_PORT, 'dbsocket' => ''];

\$CFG->wwwroot  = '$WWWROOT';
\$CFG->dataroot = '$DATAROOT';
\$CFG->admin    = 'admin';
\$CFG->directorypermissions = 02777;

\$CFG->phpunit_prefix   = 'phpu_';
\$CFG->phpunit_dataroot = '$PHPUNIT_DATAROOT';

\$CFG->debug = $DEBUG_LEVEL;
\$CFG->debugdisplay = 1;
\$CFG->noemailever = true;

// The test site only: lets tool_kalturalti13 reach the KAF simulator on loopback (docs/shim.md). Never in production.
\$CFG->tool_kalturalti13_allow_insecure_kaf = true;

// Options a browser test switches on for a while (tests/e2e/site.php readonly); removed on every install.
if (is_readable(\$CFG->dataroot . '/tool_kalturalti13-e2e.php')) {
    require(\$CFG->dataroot . '/tool_kalturalti13-e2e.php');
}

require_once(__DIR__ . '/lib/setup.php');
PHPEOF
    if cmp -s "$tmp" "$MOODLE_DIR/config.php"; then
        rm -f "$tmp"
    else
        mv "$tmp" "$MOODLE_DIR/config.php"
        log "wrote $MOODLE_DIR/config.php"
    fi
}

# A site counts as installed only with its own dataroot's mark: a database left by another dataroot (a new home
# folder, a removed cache) is made anew rather than used with a dataroot that does not match it.
INSTALLED_MARK=.tool_kalturalti13-installed

site_installed() {
    [ -f "$DATAROOT/$INSTALLED_MARK" ] && [ "$(cat "$DATAROOT/$INSTALLED_MARK")" = "$DB_NAME" ] \
        && [ -n "$(db_query "SELECT value FROM mdl_config WHERE name = 'version'" 2>/dev/null || true)" ]
}

install_or_upgrade() {
    if site_installed; then
        timed "site upgrade" "${PHP[@]}" "$MOODLE_DIR/admin/cli/upgrade.php" --non-interactive > "$SITE/upgrade.log" 2>&1 \
            || { tail -40 "$SITE/upgrade.log" >&2; die "site upgrade failed (see $SITE/upgrade.log)"; }
        return 0
    fi
    if [ -n "$(db_query "SELECT 1 FROM information_schema.tables WHERE table_name = 'mdl_config'")" ]; then
        log "a database without this site's dataroot found: recreating database $DB_NAME"
        psql_admin -c "DROP DATABASE $DB_NAME"
        create_database
    fi
    rm -rf "$DATAROOT" "$PHPUNIT_DATAROOT"
    mkdir -p "$DATAROOT" "$PHPUNIT_DATAROOT"
    local start ok=1
    start=$(now_ms)
    log "installing the site (about 2 minutes; log: $SITE/install.log)"
    local extra=()
    # --supportemail came with Moodle 4.3; 4.2's installer refuses options it does not know.
    if grep -q "'supportemail'" "$MOODLE_DIR/admin/cli/install_database.php"; then
        extra=(--supportemail=admin@example.com)
    fi
    "${PHP[@]}" "$MOODLE_DIR/admin/cli/install_database.php" --agree-license --lang=en \
        --adminuser="$ADMIN_USER" --adminpass="$ADMIN_PASS" --adminemail=admin@example.com "${extra[@]}" \
        --fullname="tool_kalturalti13 test site (Moodle $VERSION)" \
        --shortname="kalturalti13_$BRANCH" > "$SITE/install.log" 2>&1 || ok=0
    # install_database.php exits 0 even when the environment check stops it: ask the database.
    if [ "$ok" -eq 0 ] || [ -z "$(db_query "SELECT value FROM mdl_config WHERE name = 'version'" 2>/dev/null || true)" ]; then
        tail -40 "$SITE/install.log" >&2
        die "site install failed (see $SITE/install.log)"
    fi
    printf '%s' "$DB_NAME" > "$DATAROOT/$INSTALLED_MARK"
    log "site install: $(( $(now_ms) - start ))ms"
    log "site installed: $WWWROOT  login $ADMIN_USER / $ADMIN_PASS"
}

cmd_prepare() {
    mkdir -p "$CACHE"
    timed source cmd_source
    machine_locked cmd_deps
    machine_locked cmd_db
    timed "plugin from the ZIP" install_code
    write_config
}

cmd_install() {
    cmd_prepare
    install_or_upgrade
    # After the install: a first install starts from an empty dataroot.
    trust_test_ca
    timed "purge caches" "${PHP[@]}" "$MOODLE_DIR/admin/cli/purge_caches.php"
}

# ---------------------------------------------------------------- phpunit
ensure_phpunit_vendor() {
    [ -f "$MOODLE_DIR/vendor/phpunit/phpunit/composer.json" ] && return 0
    # Moodle's own composer.json also wants Behat packages that the registry here lacks, so only the PHPUnit part
    # is installed, at the release's own constraints, into the tree's vendor/ from a composer project in the cache.
    local proj="$SITE/phpunit-composer" phpunit vfs
    phpunit="$(php -r '$c = json_decode(file_get_contents($argv[1]), true); echo $c["require-dev"]["phpunit/phpunit"];' \
        "$MOODLE_DIR/composer.json")"
    vfs="$(php -r '$c = json_decode(file_get_contents($argv[1]), true); echo $c["require-dev"]["mikey179/vfsstream"];' \
        "$MOODLE_DIR/composer.json")"
    mkdir -p "$proj"
    cat > "$proj/composer.json" <<JSONEOF
{
    "name": "tool-kalturalti13/moodle-phpunit",
    "description": "PHPUnit for a local Moodle test site (written by scripts/moodle.sh)",
    "license": "GPL-3.0-or-later",
    "require-dev": {
        "phpunit/phpunit": "$phpunit",
        "mikey179/vfsstream": "$vfs"
    },
    "config": {"vendor-dir": "$MOODLE_DIR/vendor"}
}
JSONEOF
    log "installing PHPUnit ($phpunit) with composer into $MOODLE_DIR/vendor"
    COMPOSER_ALLOW_SUPERUSER=1 composer update --working-dir="$proj" --no-interaction --no-progress --quiet \
        || die "composer could not install phpunit/phpunit $phpunit"
}

phpunit_util() { (cd "$MOODLE_DIR" && "${PHP[@]}" admin/tool/phpunit/cli/util.php "$@"); }

# Drops the phpu_ tables and test dataroot left by an interrupted PHPUnit init, which Moodle
# itself refuses to touch ("Can not use database for testing, try different prefix").
phpunit_reset_leftovers() {
    log "removing an interrupted PHPUnit install (phpu_ tables, $PHPUNIT_DATAROOT)"
    db_query "DO \$\$ DECLARE r record; BEGIN
        FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'phpu\\_%' LOOP
            EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(r.tablename) || ' CASCADE';
        END LOOP; END \$\$" > /dev/null
    rm -rf "$PHPUNIT_DATAROOT"
    mkdir -p "$PHPUNIT_DATAROOT"
}

# Same steps as admin/tool/phpunit/cli/init.php, minus its composer.phar download.
phpunit_init_db() {
    local code=0 rebuilt=0
    phpunit_util --diag > "$SITE/phpunit-diag.log" 2>&1 || code=$?
    if [ "$code" = 135 ] && grep -q 'try different prefix' "$SITE/phpunit-diag.log"; then
        phpunit_reset_leftovers
        code=0
        phpunit_util --diag > "$SITE/phpunit-diag.log" 2>&1 || code=$?
    fi
    case "$code" in
        0) ;;
        140) log "PHPUnit init (about 2 minutes the first time; log: $SITE/phpunit-init.log)"
             phpunit_util --install > "$SITE/phpunit-init.log" 2>&1 \
                || { tail -40 "$SITE/phpunit-init.log" >&2; die "PHPUnit init failed"; }
             rebuilt=1 ;;
        141) log "PHPUnit re-init after a version change (log: $SITE/phpunit-init.log)"
             phpunit_util --drop > "$SITE/phpunit-init.log" 2>&1 || true
             phpunit_util --install >> "$SITE/phpunit-init.log" 2>&1 \
                || { tail -40 "$SITE/phpunit-init.log" >&2; die "PHPUnit init failed"; }
             rebuilt=1 ;;
        *) cat "$SITE/phpunit-diag.log" >&2; die "PHPUnit diagnosis failed (exit $code)" ;;
    esac
    if [ "$rebuilt" -eq 1 ] || [ ! -f "$MOODLE_DIR/phpunit.xml" ] \
        || ! grep -q 'tool_kalturalti13_testsuite' "$MOODLE_DIR/phpunit.xml"; then
        phpunit_util --buildconfig > /dev/null
    fi
}

cmd_phpunit_init() {
    cmd_prepare
    install_phpunit_tests
    install_or_upgrade
    timed "phpunit vendor" ensure_phpunit_vendor
    timed "phpunit init" phpunit_init_db
}

cmd_phpunit() {
    cmd_phpunit_init
    cd "$MOODLE_DIR"
    local code=0 start
    start=$(now_ms)
    log "PHPUnit: tool_kalturalti13 on Moodle $VERSION ($WWWROOT)"
    # The simulator tests start the KAF simulator from this repository (the installed plugin has no tools/).
    # A test that skips itself has not shown anything: it fails the run, as an incomplete one does. A test that
    # prints output is risky and fails too, except on 4.2.0: its core prints PHP 8.2 deprecation notices (dynamic
    # properties in theme_config, dml_missing_record_exception, ...) inside every test, which PHPUnit counts as the
    # test's output; the plugin's own output is caught on 4.3 and 4.5.
    local strict=(--fail-on-skipped --fail-on-incomplete --fail-on-warning)
    ((BRANCH == 402)) || strict+=(--fail-on-risky)
    TOOL_KALTURALTI13_REPO="$ROOT" "${PHP[@]}" vendor/bin/phpunit --testsuite tool_kalturalti13_testsuite \
        "${strict[@]}" "$@" || code=$?
    log "phpunit run: $(( $(now_ms) - start ))ms"
    return "$code"
}

# ---------------------------------------------------------------- serve / stop
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_server_configs() {
    local fpmuser='' nginxuser=''
    mkdir -p "$RUNDIR/nginx-tmp"
    if [ "$(id -u)" -eq 0 ]; then
        fpmuser=$'user = root\ngroup = root'
        nginxuser='user root root;'
    fi
    cat > "$SITE/php-fpm.conf" <<EOF
; Written by tool_kalturalti13 scripts/moodle.sh.
[global]
pid = $RUNDIR/php-fpm.pid
error_log = $RUNDIR/php-fpm.log
daemonize = yes

[moodle$KEY]
$fpmuser
listen = $RUNDIR/php-fpm.sock
listen.mode = 0600
pm = dynamic
pm.max_children = 6
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3
catch_workers_output = yes
php_admin_value[max_input_vars] = 5000
php_admin_value[memory_limit] = 256M
php_admin_value[upload_max_filesize] = 64M
php_admin_value[post_max_size] = 64M
EOF
    cat > "$SITE/nginx.conf" <<EOF
# Written by tool_kalturalti13 scripts/moodle.sh.
$nginxuser
worker_processes 1;
daemon on;
pid $RUNDIR/nginx.pid;
error_log $RUNDIR/nginx-error.log warn;

events { worker_connections 256; }

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # The combined format plus the time each request took (s) and when it ended (epoch s.ms): enough to lay a run's
    # requests out on a time line after the fact.
    log_format timed '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent '
                     '"\$http_referer" "\$http_user_agent" \$request_time \$msec';
    access_log $RUNDIR/nginx-access.log timed;
    client_body_temp_path $RUNDIR/nginx-tmp/body;
    fastcgi_temp_path $RUNDIR/nginx-tmp/fastcgi;
    proxy_temp_path $RUNDIR/nginx-tmp/proxy;
    uwsgi_temp_path $RUNDIR/nginx-tmp/uwsgi;
    scgi_temp_path $RUNDIR/nginx-tmp/scgi;
    client_max_body_size 64m;
    sendfile on;

    server {
        listen 127.0.0.1:$PORT;
        server_name 127.0.0.1;
        root $MOODLE_DIR;
        index index.php index.html;

        location ~ (/vendor/|/node_modules/|composer\.json|/readme|/README|readme\.txt|/upgrade\.txt|/UPGRADING\.md|db/install\.xml|/fixtures/|/behat/|phpunit\.xml|\.lock|environment\.xml|/\.git) {
            return 404;
        }

        location ~ [^/]\.php(/|\$) {
            fastcgi_split_path_info ^(.+?\.php)(/.*)\$;
            if (!-f \$document_root\$fastcgi_script_name) {
                return 404;
            }
            include /etc/nginx/fastcgi_params;
            fastcgi_param PATH_INFO \$fastcgi_path_info;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_index index.php;
            fastcgi_read_timeout 300;
            fastcgi_pass unix:$RUNDIR/php-fpm.sock;
        }
    }
}
EOF
}

wait_http_200() {
    local url="$1" status=""
    for _ in $(seq 1 60); do
        status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$url" || true)"
        [ "$status" = 200 ] && return 0
        sleep 0.5
    done
    die "$url did not answer 200 (last status: ${status:-none}); see $RUNDIR/*.log"
}

start_servers() {
    write_server_configs
    if pid_alive "$RUNDIR/php-fpm.pid"; then
        kill -USR2 "$(cat "$RUNDIR/php-fpm.pid")" # Reload the (possibly rewritten) configuration.
    else
        local fpmflags=()
        [ "$(id -u)" -ne 0 ] || fpmflags=(--allow-to-run-as-root)
        php-fpm8.2 "${fpmflags[@]}" --fpm-config "$SITE/php-fpm.conf" 7>&- 8>&- 9>&- # Daemons must not inherit the lock.
    fi
    if pid_alive "$RUNDIR/nginx.pid"; then
        nginx -q -e "$RUNDIR/nginx-error.log" -c "$SITE/nginx.conf" -p "$RUNDIR/" -s reload
    else
        if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
            die "something else already listens on 127.0.0.1:$PORT (set MOODLE_PORT)"
        fi
        nginx -q -e "$RUNDIR/nginx-error.log" -c "$SITE/nginx.conf" -p "$RUNDIR/" 7>&- 8>&- 9>&-
    fi
    wait_http_200 "$WWWROOT/login/index.php"
}

cmd_serve() {
    cmd_install
    timed serve start_servers
    log "serving $WWWROOT  (login $ADMIN_USER / $ADMIN_PASS); stop with: MOODLE_VERSION=$VERSION scripts/moodle.sh stop"
}

stop_pidfile() { # stop_pidfile NAME PIDFILE SIGNAL
    local name="$1" pidfile="$2" sig="$3" pid
    pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
    pid="$(cat "$pidfile")"
    kill "-$sig" "$pid"
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || { log "$name stopped"; rm -f "$pidfile"; return 0; }
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    log "$name killed"
}

cmd_stop() {
    stop_pidfile nginx "$RUNDIR/nginx.pid" TERM
    stop_pidfile php-fpm "$RUNDIR/php-fpm.pid" QUIT
}

# ---------------------------------------------------------------- main
usage() { sed -n '2,40p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

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
        serve) cmd_serve ;;
        stop) cmd_stop ;;
        *) usage >&2; return 2 ;;
    esac
    log "$cmd done in $(( $(now_ms) - start ))ms"
}

main "$@"; exit # Same line: bash must not read on if this file changes during a run.
