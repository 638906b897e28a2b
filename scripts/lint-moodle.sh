#!/usr/bin/env bash
# Moodle's own checkers, run the way moodle-plugin-ci 4.5.10 runs them, on the plugin placed at
# admin/tool/kalturalti13 inside a Moodle 4.5.6 tree of the lint's own (docs/coding-style.md):
#   phpcs         moodle-cs 3.7.0, `moodle` and `moodle-extra`: no error, no warning (the issue asks for no
#                 error from moodle-extra; it has no warning either, and the lint keeps it so)
#   phpdoc        local_moodlecheck 1.3.2, on an empty SQLite database
#   savepoints    local_ci 1.1.4's check_upgrade_savepoints.php
#   mustache      local_ci 1.1.4's mustache_lint.php: each template's example context rendered, then
#                 validated by the Nu HTML checker (vnu-jar 23.4.11 from package-lock.json)
#   grunt         stylelint 15.11.0 on styles.css with Moodle 4.5.6's own .stylelintrc (scripts/stylelint.mjs)
# Every checker runs even when an earlier one failed; the script fails when any of them found anything.
# Called by scripts/lint.sh; `bash scripts/lint-moodle.sh phpcs mustache` runs only the named ones.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/lint-cache.sh

checks=("$@")
((${#checks[@]})) || checks=(lang phpcs phpdoc savepoints mustache grunt)
vnu=$root/node_modules/vnu-jar/build/dist/vnu.jar
[[ -f "$vnu" ]] || { echo "lint: $vnu missing: run scripts/deps.sh (npm ci)" >&2; exit 1; }

# One run at a time in the lint tree: the plugin's copy, moodlecheck's config.php and local/moodlecheck
# are the run's own. Another checkout linting at the same moment waits here.
exec 8>"$lint_cache/tree.lock"
flock 8

# The plugin's files as git sees them (tracked, and untracked but not ignored), copied in as on a site, but
# for tests/fixtures: that is another plugin's code (our stand-in for Kaltura's local_kaltura, @package
# local_kaltura), which moodle-cs would judge as tool_kalturalti13's. It is left out of the plugin's copy, as
# moodle-plugin-ci's IGNORE_PATHS=tests/fixtures would leave it out, and checked instead where the test
# sites install it, as the plugin it is: local/kaltura.
plugin=$lint_moodle/admin/tool/kalturalti13
fixture=$lint_moodle/local/kaltura
mkdir -p "$plugin" "$fixture"
rsync -a --delete --delete-excluded --exclude=/.git --exclude=/tests/fixtures/ --filter=':- .gitignore' \
    "$root/" "$plugin/"
rsync -a --delete --delete-excluded --filter=':- .gitignore' "$root/tests/fixtures/local_kaltura/" "$fixture/"
cd "$plugin"
# Every PHP file, as moodle-plugin-ci lists them. It leaves out what thirdpartylibs.xml names; that names only
# amd/build/forge_keys-lazy.min.js today, so no PHP file is left out: say so if that changes.
if [[ -f thirdpartylibs.xml ]] && php -r '
    foreach (simplexml_load_file("thirdpartylibs.xml")->library as $l) {
        $p = trim((string) $l->location);
        if (is_dir($p) || str_ends_with($p, ".php")) { echo "thirdpartylibs.xml: $p\n"; exit(0); }
    }
    exit(1);'; then
    echo "lint: teach scripts/lint-moodle.sh to leave out the PHP of that library, as moodle-plugin-ci does" >&2
    exit 1
fi
php_list() {
    (cd "$1" && find . -name '*.php' -not -path './node_modules/*' -not -path './vendor/*' | sort)
}
mapfile -t php_files < <(php_list "$plugin")
mapfile -t fixture_files < <(php_list "$fixture")

failed=()
run_lang() {
    # moodle-cs's LangFilesOrdering (run again by phpcs below): strings sorted, no free comments. Said
    # here first with the command that fixes it.
    php "$root/scripts/sort-lang.php" --check lang/en/tool_kalturalti13.php ||
        { echo "lang: run 'php scripts/sort-lang.php' (sorts lang/en/tool_kalturalti13.php as moodle-cs wants)"; return 1; }
}
# phpcs as `moodle-plugin-ci phpcs --max-warnings 0` runs it (but for -p, its progress dots), on the plugin's
# files and the fixture's at once, from the Moodle root (the sniffs find the component from each file's path);
# it exits non-zero on any error or warning.
phpcs_std() {
    (cd "$lint_moodle" && "$cs_dir/vendor/bin/phpcs" --standard="$1" --extensions=php -w -s --no-cache \
        --no-colors --report-full --report-summary --basepath=. --report-width=132 --encoding=utf-8 \
        --runtime-set moodleTodoCommentRegex '' --runtime-set moodleLicenseRegex '' \
        "${php_files[@]/#./$plugin}" "${fixture_files[@]/#./$fixture}")
}
run_phpcs() {
    local count=$((${#php_files[@]} + ${#fixture_files[@]}))
    # `moodle-extra` is `moodle` plus two rules (its ruleset.xml: <rule ref="moodle"/>, constants' visibility,
    # data providers), nothing loosened: clean there is clean in `moodle` too, so one run says both. When it
    # is not clean, `moodle` runs as well, to say which standard the findings break.
    if phpcs_std moodle-extra; then
        echo "phpcs moodle-extra (so moodle too): $count files (${#fixture_files[@]} of the fixture), no error, no warning"
        return 0
    fi
    echo "phpcs moodle-extra: not clean (vendor/bin/phpcbf in $cs_dir fixes some); now --standard=moodle:"
    phpcs_std moodle >/dev/null && echo "phpcs moodle: clean (the findings above are moodle-extra's own)" ||
        echo "phpcs moodle: not clean either"
    return 1
}
# moodlecheck.sh prints one line per file checked: only its findings and the count are shown.
run_phpdoc() {
    local rc=0 where
    for where in plugin fixture; do
        local out st=0
        out=$(MAX_WARNINGS=0 "$mc_dir/bin/moodlecheck.sh" "$lint_moodle" "${!where}" 2>&1) || st=$?
        grep -B1 -E '^\s+Line' <<<"$out" || true
        grep -E 'rror|Exception|^moodlecheck:' <<<"$out" | grep -vE '^\s+Line' |
            sed "s/^moodlecheck:/moodlecheck (the $where):/"
        ((st == 0)) || rc=1
    done
    return "$rc"
}
run_savepoints() {
    "$ci_dir/bin/check_upgrade_savepoints.sh" "$plugin"
}
run_mustache() {
    bash "$root/scripts/lint-mustache.sh" "$lint_moodle" "$plugin" "$ci_dir" "$vnu" "$lint_cache"
}
run_grunt() {
    node "$root/scripts/stylelint.mjs" "$lint_moodle" "$plugin"
}
for check in "${checks[@]}"; do
    echo "== $check"
    start=$SECONDS
    "run_$check" || failed+=("$check")
    echo "($check: $((SECONDS - start)) s)"
done
if ((${#failed[@]})); then
    echo "lint (Moodle's checkers): NOT clean: ${failed[*]}"
    exit 1
fi
echo "lint (Moodle's checkers): ${checks[*]}: clean"
