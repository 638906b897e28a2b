# shellcheck shell=bash
# Sourced by scripts/moodle.sh: the site itself: the plugin from its ZIP, config.php, install or upgrade.

# The plugin as an administrator installs it: the ZIP from scripts/zip.sh (what `make zip` builds), unpacked into
# admin/tool/ of the web root; the local_kaltura fixture (ours, never shipped) beside it.
install_code() {
    local plugindir="$DIRROOT/admin/tool/kalturalti13"
    mkdir -p "$SITE"
    [ -f "$ROOT/version.php" ] || die "no version.php at $ROOT: no plugin to install"
    bash "$ROOT/scripts/zip.sh" "$ZIP" > /dev/null
    rm -rf "$plugindir"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ZIP" "$DIRROOT/admin/tool"
    [ -f "$plugindir/version.php" ] || die "$ZIP did not unpack to admin/tool/kalturalti13"
    mkdir -p "$DIRROOT/local/kaltura"
    rsync -a --delete "$ROOT/tests/fixtures/local_kaltura/" "$DIRROOT/local/kaltura/"
}

# PHPUnit finds a plugin's tests in its tests/ folder, which the ZIP does not ship: the test files go in beside
# the installed code (the code under test stays the ZIP's).
install_phpunit_tests() {
    local dest="$DIRROOT/admin/tool/kalturalti13/tests"
    mkdir -p "$dest/unit"
    cp "$ROOT"/tests/*.php "$dest/"
    # Tests whose namespace is a subfolder's (moodle-cs wants tool_kalturalti13\privacy's in tests/privacy/, and
    # tool_kalturalti13\output's in tests/output/).
    local sub
    for sub in privacy output; do
        if [ -d "$ROOT/tests/$sub" ]; then
            mkdir -p "$dest/$sub"
            cp "$ROOT/tests/$sub"/*.php "$dest/$sub/"
        fi
    done
    cp "$ROOT"/tests/unit/bad_inputs.php "$dest/unit/" # The bad inputs, shared with the plain PHP tier.
    mkdir -p "$dest/vectors"
    cp "$ROOT"/tests/vectors/*.json "$dest/vectors/" # Known answers, shared with the page's tests.
}

trust_test_ca() {
    # The KAF simulator's test CA (tools/kafsim/tls.ts, made once), trusted the way a site trusts a CA: Moodle's \curl
    # takes $CFG->dataroot/moodleorgca.crt as its CA file (curl::get_cacert). TLS to the simulator is verified.
    local ca
    ca="$(cd "$ROOT" && node --import tsx tools/kafsim/tls.ts ca)" || die "could not make the KAF simulator's test CA"
    mkdir -p "$DATAROOT"
    cp "$ca" "$DATAROOT/moodleorgca.crt"
}

# config.php lives at the top of the tree in every layout (5.1's public/config.php loads it); so does the
# lib/setup.php it requires (5.1's hands over to public/lib/setup.php).
write_config() {
    local tmp="$MOODLE_DIR/config.php.tmp.$$" DEBUG_LEVEL='E_ALL'
    # Moodle 4.2.0's core emits PHP 8.2 deprecation notices on every page (fixed in later 4.2 point releases);
    # shown on the page they would break its JSON answers. The plugin's own are shown on 4.3 and later.
    ((BRANCH != 402)) || DEBUG_LEVEL='E_ALL & ~E_DEPRECATED'
    mkdir -p "$DATAROOT" "$PHPUNIT_DATAROOT"
    rm -f "$DATAROOT/tool_kalturalti13-e2e.php"
    {
        cat <<PHPEOF
<?php
// Local test site of tool_kalturalti13 (Moodle $VERSION), written by scripts/moodle.sh; rewritten on each install.

unset(\$CFG);
global \$CFG;
\$CFG = new stdClass();

PHPEOF
        db_config_php
        cat <<PHPEOF

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
    } > "$tmp"
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
    if [ -n "$(db_has_config_table)" ]; then
        log "a database without this site's dataroot found: recreating database $DB_NAME"
        drop_database
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
    DIRROOT="$(dirroot_of "$MOODLE_DIR")"
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

# Several PHP processes at once against the installed site's database (tests/site, run by vitest): what a real site
# sees when parallel requests of one administrator meet. Needs no web server.
cmd_concurrency() {
    cmd_install
    log "concurrency: the KAF session store and the run lock on $DBKIND"
    (cd "$ROOT" && MOODLE_DIR="$MOODLE_DIR" MOODLE_VERSION="$VERSION" npx vitest run --project site)
}
