# shellcheck shell=bash
# Sourced by scripts/moodle.sh: the Debian packages a site needs, and its PostgreSQL 15 database (the default;
# scripts/moodle/mariadb.sh replaces the database functions when MOODLE_DB=mariadb).

DEBS=(postgresql php8.2-cli php8.2-pgsql php8.2-curl php8.2-gd php8.2-zip php8.2-xml php8.2-intl
    php8.2-mbstring php8.2-soap php8.2-fpm nginx rsync curl composer locales xz-utils python3)

deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]; }

# apt waits for another apt or dpkg run (a fresh machine's own updates) instead of failing on its lock.
APT=(apt-get -o DPkg::Lock::Timeout=900)

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
    "${APT[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" \
        > "$CACHE/apt.log" 2>&1 \
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

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
DB_USER=kalturalti13
DB_PASS=kalturalti13

pg_status() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}'; }

as_postgres() { # From /, which the postgres user can always enter (a private working folder it cannot).
    if [ "$(id -un)" = postgres ]; then (cd / && "$@"); else (cd / && runuser -u postgres -- "$@"); fi
}

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }

cmd_db() {
    local conf="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/tool_kalturalti13.conf" want status
    if [ -z "$(pg_status)" ]; then
        log "creating PostgreSQL $PG_VERSION cluster $PG_CLUSTER"
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" > /dev/null
    fi
    # Listen on loopback only; trade crash safety for speed (a throw-away test database). The text is compared byte
    # for byte, its first line too: another checkout whose text differs would restart the cluster under this one.
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

drop_database() { psql_admin -c "DROP DATABASE $DB_NAME"; }

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

db_has_config_table() { db_query "SELECT 1 FROM information_schema.tables WHERE table_name = 'mdl_config'"; }

# Drops the phpu_ tables left by an interrupted PHPUnit init.
drop_phpunit_tables() {
    db_query "DO \$\$ DECLARE r record; BEGIN
        FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'phpu\\_%' LOOP
            EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(r.tablename) || ' CASCADE';
        END LOOP; END \$\$" > /dev/null
}

# The database part of config.php: the driver and its options (PHP), the rest the same on every database.
config_php_db() { # config_php_db DBTYPE DBOPTIONS
    cat <<PHPEOF
\$CFG->dbtype    = '$1';
\$CFG->dblibrary = 'native';
\$CFG->dbhost    = '127.0.0.1';
\$CFG->dbname    = '$DB_NAME';
\$CFG->dbuser    = '$DB_USER';
\$CFG->dbpass    = '$DB_PASS';
\$CFG->prefix    = 'mdl_';
\$CFG->dboptions = $2;
PHPEOF
}

db_config_php() { config_php_db pgsql "['dbpersist' => 0, 'dbport' => $PG_PORT, 'dbsocket' => '']"; }
