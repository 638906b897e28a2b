#!/usr/bin/env bash
# `make test`: every test tier, each printing its own summary; fails when any tier fails or runs no test.
# The real-Moodle tiers skip, saying why, only when no Moodle checkout can be found (see scripts/moodle.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --all || exit 1

logdir=$(mktemp -d)
declare -a names=() results=()
failed=0 passed=0 skipped=0

# Runs one tier: name, then the command. A tier passes when it exits 0 and its output shows tests ran.
tier() {
    local name=$1 log="$logdir/$1.log"
    shift
    echo
    echo "=== tier: $name ==="
    local start=$SECONDS rc
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    local took=$((SECONDS - start))
    local verdict
    if ((rc == 3)) && grep -q 'skipped:' "$log"; then
        verdict="skipped ($(grep -m1 -o 'skipped:.*' "$log"))"
        skipped=$((skipped + 1))
    elif ((rc != 0)); then
        verdict="FAILED (exit $rc)"
        failed=$((failed + 1))
    elif grep -Eq 'No tests executed|No test files found|no tests? (ran|found)' "$log"; then
        verdict="FAILED (ran no test)"
        failed=$((failed + 1))
    else
        verdict="passed"
        passed=$((passed + 1))
    fi
    names+=("$name") results+=("$verdict, ${took}s")
}

tier lint bash scripts/lint.sh
tier build npx vitest run --project build
tier ts-unit npx vitest run --project unit
tier kafsim npx vitest run --project kafsim
tier integration npx vitest run --project integration
tier php-unit phpunit -c tests/unit/phpunit.xml
tier moodle bash scripts/moodle.sh phpunit
tier e2e bash scripts/e2e.sh

echo
echo "=== summary ==="
for i in "${!names[@]}"; do
    printf '%-12s %s\n' "${names[$i]}" "${results[$i]}"
done
rm -rf "$logdir"
echo "tiers: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
