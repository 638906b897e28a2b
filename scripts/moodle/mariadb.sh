# shellcheck shell=bash
# Sourced by scripts/moodle.sh after db.sh when MOODLE_DB=mariadb: the same database functions for Debian 12's
# MariaDB 10.11, as a server of these sites' own (its data under the cache, 127.0.0.1:3307 and a socket there), so
# it never touches a system MariaDB. Moodle's MariaDB driver, utf8mb4 throughout, InnoDB's default REPEATABLE READ.

DEBS+=(mariadb-server mariadb-client php8.2-mysql)
MARIADB_DIR="$CACHE/mariadb"
MARIADB_PORT=3307
MARIADB_SOCK="$MARIADB_DIR/mysqld.sock"
MARIADB_PID="$MARIADB_DIR/mysqld.pid"

mariadb_admin() { mariadb --no-defaults -uroot --socket="$MARIADB_SOCK" -N -B "$@"; }

mariadb_up() { [ -S "$MARIADB_SOCK" ] && mariadb_admin -e 'SELECT 1' > /dev/null 2>&1; }

cmd_db() {
    mkdir -p "$MARIADB_DIR"
    if [ ! -d "$MARIADB_DIR/data/mysql" ]; then
        log "creating the MariaDB data folder $MARIADB_DIR/data"
        rm -rf "$MARIADB_DIR/data"
        mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$MARIADB_DIR/data" \
            --auth-root-authentication-method=socket > "$MARIADB_DIR/install.log" 2>&1 \
            || { tail -20 "$MARIADB_DIR/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    if ! mariadb_up; then
        # Loopback only; durability traded for speed (a throw-away test database), as for PostgreSQL.
        setsid mariadbd --no-defaults --user="$(id -un)" --datadir="$MARIADB_DIR/data" --socket="$MARIADB_SOCK" \
            --pid-file="$MARIADB_PID" --port="$MARIADB_PORT" --bind-address=127.0.0.1 --skip-log-bin \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit=0 \
            --max-connections=200 --log-error="$MARIADB_DIR/error.log" < /dev/null > /dev/null 2>&1 7>&- 8>&- 9>&- &
        for _ in $(seq 1 60); do
            mariadb_up && break
            sleep 0.5
        done
        mariadb_up || { tail -20 "$MARIADB_DIR/error.log" >&2; die "MariaDB did not start (see $MARIADB_DIR/error.log)"; }
        log "MariaDB started on 127.0.0.1:$MARIADB_PORT"
    fi
    mariadb_admin -e "CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
        GRANT ALL PRIVILEGES ON \`kalturalti13\\_%\`.* TO '$DB_USER'@'127.0.0.1';"
    [ -n "$(mariadb_admin -e "SHOW DATABASES LIKE '$DB_NAME'")" ] || create_database
}

create_database() {
    mariadb_admin -e "CREATE DATABASE \`$DB_NAME\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

drop_database() { mariadb_admin -e "DROP DATABASE \`$DB_NAME\`"; }

# Stops the server unless a database other than these sites' is in use.
cmd_db_stop() {
    mariadb_up || return 0
    local others
    others="$(mariadb_admin -e "SELECT count(*) FROM information_schema.processlist WHERE db IS NOT NULL
        AND db NOT LIKE 'kalturalti13\\_%' AND id <> CONNECTION_ID()" 2>/dev/null || echo 0)"
    if [ "${others:-0}" != 0 ]; then
        log "MariaDB left running: $others connection(s) to databases that are not these test sites'"
        return 0
    fi
    mariadb_admin -e 'SHUTDOWN'
    for _ in $(seq 1 60); do
        [ -S "$MARIADB_SOCK" ] || break
        sleep 0.5
    done
    log "MariaDB stopped"
}

db_query() {
    mariadb --no-defaults -h 127.0.0.1 -P "$MARIADB_PORT" -u "$DB_USER" -p"$DB_PASS" -N -B "$DB_NAME" -e "$1"
}

db_has_config_table() {
    db_query "SELECT 1 FROM information_schema.tables WHERE table_schema = '$DB_NAME' AND table_name = 'mdl_config'"
}

# Drops the phpu_ tables left by an interrupted PHPUnit init.
drop_phpunit_tables() {
    local t
    for t in $(db_query "SELECT table_name FROM information_schema.tables
            WHERE table_schema = '$DB_NAME' AND table_name LIKE 'phpu\\_%'"); do
        db_query "DROP TABLE IF EXISTS \`$t\`"
    done
}

db_config_php() {
    config_php_db mariadb \
        "['dbpersist' => 0, 'dbport' => $MARIADB_PORT, 'dbsocket' => '', 'dbcollation' => 'utf8mb4_unicode_ci']"
}
