#!/usr/bin/env bash
# Real-Moodle route for tool_kalturalti13's tests and demo: a local Moodle site (PostgreSQL 15,
# php-fpm 8.2, nginx) on 127.0.0.1 with this plugin and the local_kaltura test fixture installed.
#
# Usage: scripts/moodle.sh <command> [args]
#   deps           install the Debian packages the site needs (only what is missing)
#   db             start the PostgreSQL 15 cluster, create the role and database
#   db-stop        stop the PostgreSQL 15 cluster
#   install        deps + db + copy plugin and fixture into MOODLE_DIR + write config.php
#                  + install the site once (upgrade on later runs) + purge caches
#   phpunit-init   install + composer phpunit into MOODLE_DIR/vendor + Moodle's PHPUnit init (when needed)
#   phpunit [args] phpunit-init + run this plugin's PHPUnit tests (extra args go to phpunit)
#   serve          install + start php-fpm and nginx on 127.0.0.1:${MOODLE_PORT:-8080}
#   stop           stop nginx and php-fpm started by serve
#   where          print the Moodle checkout in use (exit 3 when there is none)
#
# Environment:
#   MOODLE_DIR     a Moodle 4.x checkout (default: $HOME/.cache/tool_kalturalti13/moodle when it holds one)
#   MOODLE_PORT    HTTP port on 127.0.0.1 (default 8080)
#
# Site admin login: admin / Admin-1234 (MOODLE_ADMIN_PASS overrides it at first install only).
# Everything this script writes outside MOODLE_DIR lives under $HOME/.cache/tool_kalturalti13/.
# Exit code 3 means no Moodle checkout was found (the real-Moodle tier is skipped).
# shellcheck disable=SC2317 # Functions run through timed() look unreachable to shellcheck.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$HOME/.cache/tool_kalturalti13"
PORT="${MOODLE_PORT:-8080}"
WWWROOT="http://127.0.0.1:${PORT}"
DATAROOT="$CACHE/moodledata"
PHPUNIT_DATAROOT="$CACHE/phpunitdata"
RUNDIR="$CACHE/run"
PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
DB_NAME=kalturalti13
DB_USER=kalturalti13
DB_PASS=kalturalti13
ADMIN_USER='admin'
ADMIN_PASS="${MOODLE_ADMIN_PASS:-Admin-1234}"
PHPUNIT_CONSTRAINT='9.5.*' # What Moodle 4.x's composer.json pins.
# Moodle's environment check requires max_input_vars >= 5000, from the CLI too.
PHP=(php -d max_input_vars=5000)

log() { printf '[moodle.sh] %s\n' "$*"; }
die() { printf '[moodle.sh] error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
timed() { # timed LABEL command...: runs the command and prints how long it took.
    local label="$1" start
    shift
    start=$(now_ms)
    "$@"
    log "$label: $(( $(now_ms) - start ))ms"
}

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

moodle_ok() { [ -f "$1/version.php" ] && [ -f "$1/lib/setup.php" ]; }

resolve_moodle() {
    local dir="${MOODLE_DIR:-$CACHE/moodle}"
    if ! moodle_ok "$dir"; then
        echo "real-Moodle tier skipped: no Moodle found; set MOODLE_DIR to a Moodle 4.x checkout"
        exit 3
    fi
    MOODLE_DIR="$(cd "$dir" && pwd)"
}

# ---------------------------------------------------------------- deps
DEBS=(postgresql php8.2-cli php8.2-pgsql php8.2-curl php8.2-gd php8.2-zip php8.2-xml php8.2-intl
    php8.2-mbstring php8.2-soap php8.2-fpm nginx rsync curl composer locales)

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
    want=$'# Written by tool_kalturalti13 scripts/moodle.sh.\nlisten_addresses = \'127.0.0.1\'\nsynchronous_commit = off\nfsync = off\nfull_page_writes = off\n'
    if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "${want%$'\n'}" ]; then
        printf '%s' "$want" > "$conf"
        if [ "$(pg_status)" = online ]; then
            pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart 9>&- # The server must not inherit the lock.
        fi
    fi
    status="$(pg_status)"
    if [ "$status" != online ]; then
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start 9>&- # The server must not inherit the lock.
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

cmd_db_stop() {
    if [ "$(pg_status)" = online ]; then
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
        log "PostgreSQL $PG_VERSION/$PG_CLUSTER stopped"
    fi
}

db_query() { PGPASSWORD="$DB_PASS" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" -tAc "$1"; }

# ---------------------------------------------------------------- install
sync_code() {
    local plugindir="$MOODLE_DIR/admin/tool/kalturalti13"
    if [ -f "$ROOT/version.php" ]; then
        mkdir -p "$plugindir"
        rsync -a --delete \
            --exclude=/.git --exclude=/node_modules --exclude=/tools --exclude=/tests/e2e \
            --exclude=/test-results --exclude=/playwright-report --exclude=/blob-report \
            --exclude=/build --exclude=/vendor --exclude=/.cache --exclude=/tool_kalturalti13.zip \
            "$ROOT/" "$plugindir/"
    else
        log "warning: $ROOT/version.php missing; tool_kalturalti13 not copied"
        rm -rf "$plugindir"
    fi
    mkdir -p "$MOODLE_DIR/local/kaltura"
    rsync -a --delete "$ROOT/tests/fixtures/local_kaltura/" "$MOODLE_DIR/local/kaltura/"
}

write_config() {
    local tmp="$MOODLE_DIR/config.php.tmp.$$"
    mkdir -p "$DATAROOT" "$PHPUNIT_DATAROOT"
    cat > "$tmp" <<EOF
<?php
// Local test site of tool_kalturalti13, written by scripts/moodle.sh; rewritten on each install.

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

\$CFG->debug = E_ALL;
\$CFG->debugdisplay = 1;
\$CFG->noemailever = true;

// The test site only: lets tool_kalturalti13 reach the KAF simulator on loopback (docs/shim.md). Never in production.
\$CFG->tool_kalturalti13_allow_insecure_kaf = true;

require_once(__DIR__ . '/lib/setup.php');
EOF
    if cmp -s "$tmp" "$MOODLE_DIR/config.php"; then
        rm -f "$tmp"
    else
        mv "$tmp" "$MOODLE_DIR/config.php"
        log "wrote $MOODLE_DIR/config.php"
    fi
}

site_installed() {
    [ -n "$(db_query "SELECT value FROM mdl_config WHERE name = 'version'" 2>/dev/null || true)" ]
}

install_or_upgrade() {
    if site_installed; then
        timed "site upgrade" "${PHP[@]}" "$MOODLE_DIR/admin/cli/upgrade.php" --non-interactive
    else
        if [ -n "$(db_query "SELECT 1 FROM information_schema.tables WHERE table_name = 'mdl_config'")" ]; then
            log "half-installed site found: recreating database $DB_NAME and dataroot"
            psql_admin -c "DROP DATABASE $DB_NAME"
            create_database
            rm -rf "$DATAROOT" "$PHPUNIT_DATAROOT"
            mkdir -p "$DATAROOT" "$PHPUNIT_DATAROOT"
        fi
        local start
        start=$(now_ms)
        log "installing the site (about 2 minutes; log: $CACHE/install.log)"
        local ok=1
        "${PHP[@]}" "$MOODLE_DIR/admin/cli/install_database.php" --agree-license --lang=en \
            --adminuser="$ADMIN_USER" --adminpass="$ADMIN_PASS" --adminemail=admin@example.com \
            --supportemail=admin@example.com --fullname='tool_kalturalti13 test site' --shortname=kalturalti13 \
            > "$CACHE/install.log" 2>&1 || ok=0
        # install_database.php exits 0 even when the environment check stops it: ask the database.
        if [ "$ok" -eq 0 ] || ! site_installed; then
            tail -40 "$CACHE/install.log" >&2
            die "site install failed (see $CACHE/install.log)"
        fi
        log "site install: $(( $(now_ms) - start ))ms"
        log "site installed: $WWWROOT  login $ADMIN_USER / $ADMIN_PASS"
    fi
}

cmd_prepare() {
    resolve_moodle
    mkdir -p "$CACHE"
    timed deps cmd_deps
    timed db cmd_db
    timed sync sync_code
    write_config
}

cmd_install() {
    cmd_prepare
    install_or_upgrade
    timed "purge caches" "${PHP[@]}" "$MOODLE_DIR/admin/cli/purge_caches.php"
}

# ---------------------------------------------------------------- phpunit
ensure_phpunit_vendor() {
    [ -f "$MOODLE_DIR/vendor/phpunit/phpunit/composer.json" ] && return 0
    # Moodle's own composer.json also wants Behat packages that the registry here lacks, so only the
    # PHPUnit part is installed, into MOODLE_DIR/vendor, from a composer project kept in the cache.
    local proj="$CACHE/phpunit-composer"
    mkdir -p "$proj"
    cat > "$proj/composer.json" <<EOF
{
    "name": "tool-kalturalti13/moodle-phpunit",
    "description": "PHPUnit for a local Moodle test site (written by scripts/moodle.sh)",
    "license": "GPL-3.0-or-later",
    "require-dev": {
        "phpunit/phpunit": "$PHPUNIT_CONSTRAINT",
        "mikey179/vfsstream": "1.6.*"
    },
    "config": {"vendor-dir": "$MOODLE_DIR/vendor"}
}
EOF
    log "installing PHPUnit ($PHPUNIT_CONSTRAINT) with composer into $MOODLE_DIR/vendor"
    COMPOSER_ALLOW_SUPERUSER=1 composer update --working-dir="$proj" --no-interaction --no-progress --quiet \
        || die "composer could not install phpunit/phpunit $PHPUNIT_CONSTRAINT"
}

phpunit_util() { (cd "$MOODLE_DIR" && "${PHP[@]}" admin/tool/phpunit/cli/util.php "$@"); }

# Same steps as admin/tool/phpunit/cli/init.php, minus its composer.phar download.
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

phpunit_init_db() {
    local code=0 rebuilt=0
    phpunit_util --diag > "$CACHE/phpunit-diag.log" 2>&1 || code=$?
    if [ "$code" = 135 ] && grep -q 'try different prefix' "$CACHE/phpunit-diag.log"; then
        phpunit_reset_leftovers
        code=0
        phpunit_util --diag > "$CACHE/phpunit-diag.log" 2>&1 || code=$?
    fi
    case "$code" in
        0) ;;
        140) phpunit_util --install > "$CACHE/phpunit-init.log" 2>&1 \
                || { tail -40 "$CACHE/phpunit-init.log" >&2; die "PHPUnit init failed"; }
             rebuilt=1 ;;
        141) phpunit_util --drop > "$CACHE/phpunit-init.log" 2>&1 || true
             phpunit_util --install >> "$CACHE/phpunit-init.log" 2>&1 \
                || { tail -40 "$CACHE/phpunit-init.log" >&2; die "PHPUnit init failed"; }
             rebuilt=1 ;;
        *) cat "$CACHE/phpunit-diag.log" >&2; die "PHPUnit diagnosis failed (exit $code)" ;;
    esac
    if [ "$rebuilt" -eq 1 ] || [ ! -f "$MOODLE_DIR/phpunit.xml" ] \
        || ! grep -q 'tool_kalturalti13_testsuite' "$MOODLE_DIR/phpunit.xml"; then
        phpunit_util --buildconfig > /dev/null
    fi
}

cmd_phpunit_init() {
    cmd_prepare
    timed "phpunit vendor" ensure_phpunit_vendor
    timed "phpunit init" phpunit_init_db
}

cmd_phpunit() {
    cmd_phpunit_init
    [ -f "$ROOT/version.php" ] || die "no version.php at $ROOT: nothing to test"
    cd "$MOODLE_DIR"
    local code=0 start
    start=$(now_ms)
    # The simulator tests start the KAF simulator from this repository (the copy in Moodle has no tools/).
    TOOL_KALTURALTI13_REPO="$ROOT" "${PHP[@]}" vendor/bin/phpunit --testsuite tool_kalturalti13_testsuite "$@" || code=$?
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
    cat > "$CACHE/php-fpm.conf" <<EOF
; Written by tool_kalturalti13 scripts/moodle.sh.
[global]
pid = $RUNDIR/php-fpm.pid
error_log = $RUNDIR/php-fpm.log
daemonize = yes

[moodle]
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
    cat > "$CACHE/nginx.conf" <<EOF
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
    access_log $RUNDIR/nginx-access.log;
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
        php-fpm8.2 "${fpmflags[@]}" --fpm-config "$CACHE/php-fpm.conf" 9>&- # Daemons must not inherit the lock.
    fi
    if pid_alive "$RUNDIR/nginx.pid"; then
        nginx -q -e "$RUNDIR/nginx-error.log" -c "$CACHE/nginx.conf" -p "$RUNDIR/" -s reload
    else
        if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
            die "something else already listens on 127.0.0.1:$PORT (set MOODLE_PORT)"
        fi
        nginx -q -e "$RUNDIR/nginx-error.log" -c "$CACHE/nginx.conf" -p "$RUNDIR/" 9>&-
    fi
    wait_http_200 "$WWWROOT/login/index.php"
}

cmd_serve() {
    cmd_install
    timed serve start_servers
    log "serving $WWWROOT  (login $ADMIN_USER / $ADMIN_PASS); stop with: scripts/moodle.sh stop"
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
usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

main() {
    local cmd="${1:-help}"
    [ "$#" -eq 0 ] || shift
    local start
    start=$(now_ms)
    case "$cmd" in
        help|-h|--help) ;;
        where) resolve_moodle; printf '%s\n' "$MOODLE_DIR"; return 0 ;;
        *) # One run at a time: the site and the PHPUnit tables are shared by everyone on this machine.
            mkdir -p "$CACHE"
            exec 9> "$CACHE/moodle.sh.lock"
            if ! flock -n 9; then
                log "waiting for another scripts/moodle.sh run to finish"
                flock -w 1800 9 || die "gave up waiting for $CACHE/moodle.sh.lock"
            fi ;;
    esac
    case "$cmd" in
        deps) mkdir -p "$CACHE"; cmd_deps ;;
        db) cmd_db ;;
        db-stop) cmd_db_stop ;;
        install) cmd_install ;;
        phpunit-init) cmd_phpunit_init ;;
        phpunit) cmd_phpunit "$@" ;;
        serve) cmd_serve ;;
        stop) cmd_stop ;;
        help|-h|--help) usage; return 0 ;;
        *) usage >&2; return 2 ;;
    esac
    log "$cmd done in $(( $(now_ms) - start ))ms"
}

main "$@"; exit # Same line: bash must not read on if this file changes during a run.
