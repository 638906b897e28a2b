# shellcheck shell=bash
# Sourced by scripts/moodle.sh: Moodle's PHPUnit for the site (the release's own PHPUnit version) and this plugin's
# tests run with it.

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

phpunit_util() { (cd "$MOODLE_DIR" && "${PHP[@]}" "$DIRROOT/admin/tool/phpunit/cli/util.php" "$@"); }

# Drops the phpu_ tables and test dataroot left by an interrupted PHPUnit init, which Moodle
# itself refuses to touch ("Can not use database for testing, try different prefix").
phpunit_reset_leftovers() {
    log "removing an interrupted PHPUnit install (phpu_ tables, $PHPUNIT_DATAROOT)"
    drop_phpunit_tables
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
    # PHPUnit 10+ (Moodle 5.0 on) reports its own deprecations apart from PHP's (a doc-comment annotation where an
    # attribute belongs, say); Moodle 5.1's phpunit.xml fails on PHP's, and the run fails on PHPUnit's too.
    if vendor/bin/phpunit --help 2>/dev/null | grep -q -- '--fail-on-phpunit-deprecation'; then
        strict+=(--fail-on-phpunit-deprecation --display-phpunit-deprecations --fail-on-deprecation --display-deprecations)
    fi
    TOOL_KALTURALTI13_REPO="$ROOT" "${PHP[@]}" vendor/bin/phpunit --testsuite tool_kalturalti13_testsuite \
        "${strict[@]}" "$@" || code=$?
    log "phpunit run: $(( $(now_ms) - start ))ms"
    return "$code"
}
