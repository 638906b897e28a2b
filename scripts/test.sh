#!/usr/bin/env bash
# `make test`: every test tier, each printing its own summary; fails when any tier fails or runs no test.
# The real-Moodle tiers run once per release in MOODLE_VERSIONS (default: 4.5.6 5.1 4.2.0: the LTS, the newest
# release this platform runs and the oldest claimed; 4.3.0 runs on demand), each on its own site
# (scripts/moodle.sh). Under CI (CI=true) a tier that cannot run fails; elsewhere it says it was skipped and why.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/tier.sh
. scripts/tier.sh
bash scripts/deps.sh --all || exit 1
versions=${MOODLE_VERSIONS:-4.5.6 5.1 4.2.0}

logdir=$(mktemp -d)
declare -a names=() results=() failures=()
# A failed tier's whole log is kept here for whoever looks into it (CI shows only the end of the output).
keep="${XDG_CACHE_HOME:-$HOME/.cache}/tool_kalturalti13/test-logs/$(date -u +%Y%m%dT%H%M%SZ)"
failed=0 passed=0 skipped=0

# Runs one tier: name, then the command.
tier() {
    local name=$1 log
    log="$logdir/$(printf '%s' "$1" | tr -c 'a-zA-Z0-9.-' '_').log"
    shift
    echo
    echo "=== tier: $name ==="
    local start=$SECONDS rc verdict
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    verdict=$(tier_verdict "$rc" "$log")
    case $? in
        0) passed=$((passed + 1)) ;;
        3) skipped=$((skipped + 1)) ;;
        *) failed=$((failed + 1)) ;;
    esac
    names+=("$name") results+=("$verdict, $((SECONDS - start))s")
    if [[ $verdict == FAILED* ]]; then
        failures+=("$name:" "$(tier_failures "$log" | sed 's/^/  /')")
        mkdir -p "$keep" && cp "$log" "$keep/"
    fi
}

# PostgreSQL and the tests' MariaDB are stopped at the end when this run started them.
db_was_up=0
pg_lsclusters -h 2>/dev/null | awk '$1==15 && $2=="main" {print $4}' | grep -q online && db_was_up=1
mariadb_was_up=0
[[ -S "${HOME}/.cache/tool_kalturalti13/mariadb/mysqld.sock" ]] && mariadb_was_up=1

tier lint bash scripts/lint.sh
tier build npx vitest run --project build
tier ts-unit npx vitest run --project unit
tier kafsim npx vitest run --project kafsim
tier integration npx vitest run --project integration
tier php-unit phpunit -c tests/unit/phpunit.xml
# A Moodle tier: the plugin's PHPUnit tests, then several PHP processes at once against the site's database.
moodle_tier() { bash scripts/moodle.sh phpunit && bash scripts/moodle.sh concurrency; }
for v in $versions; do
    tier "moodle $v" env MOODLE_VERSION="$v" bash -c "$(declare -f moodle_tier); moodle_tier"
done
# The LTS on MariaDB too (most Moodle sites run MariaDB or MySQL): a site of its own, on a MariaDB server of its own.
for v in ${MARIADB_VERSIONS-4.5.6}; do
    tier "moodle $v mariadb" env MOODLE_VERSION="$v" MOODLE_DB=mariadb bash -c "$(declare -f moodle_tier); moodle_tier"
done
for v in $versions; do
    tier "e2e $v" env MOODLE_VERSION="$v" bash scripts/e2e.sh
done

if ((!db_was_up)); then
    bash scripts/moodle.sh db-stop >/dev/null 2>&1 || true
fi
if ((!mariadb_was_up)); then
    MOODLE_DB=mariadb bash scripts/moodle.sh db-stop >/dev/null 2>&1 || true
fi

echo
echo "=== summary ==="
for i in "${!names[@]}"; do
    printf '%-12s %s\n' "${names[$i]}" "${results[$i]}"
done
rm -rf "$logdir"
if ((${#failures[@]})); then
    echo "--- what failed (whole logs: $keep) ---"
    printf '%s\n' "${failures[@]}" | grep -v '^$'
fi
echo "tiers: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
