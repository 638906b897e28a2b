#!/usr/bin/env bash
# The verdict on one test tier, shared by scripts/test.sh and its own tests (tests/build/runner.test.ts).
# Usage (sourced): tier_verdict RC LOGFILE   prints the verdict; returns 0 passed, 1 failed, 3 skipped.
# A tier passes when it exits 0 and its output shows tests ran. It is skipped only when it says "skipped:" and
# exits 3, and never under CI (CI=true), where a tier that cannot run is a failure.
tier_verdict() {
    local rc=$1 log=$2
    if ((rc == 3)) && grep -q 'skipped:' "$log"; then
        if [[ "${CI:-}" == true ]]; then
            echo "FAILED (skipped under CI: $(grep -m1 -o 'skipped:.*' "$log"))"
            return 1
        fi
        echo "skipped ($(grep -m1 -o 'skipped:.*' "$log"))"
        return 3
    fi
    if ((rc != 0)); then
        echo "FAILED (exit $rc)"
        return 1
    fi
    if grep -Eq 'No tests executed|No test files found|no tests? (ran|found)' "$log"; then
        echo "FAILED (ran no test)"
        return 1
    fi
    echo "passed"
    return 0
}

# Usage (sourced): tier_failures LOGFILE   prints up to 6 lines naming what failed in a tier's log (vitest's failed
# tests, PHPUnit's failures, a script's "error:" lines), without colour codes, each at most 150 characters. CI keeps
# only the end of the output, so the summary carries them.
tier_failures() {
    sed -E 's/\x1b\[[0-9;]*m//g' "$1" | awk '
        /^There (was|were) [0-9]+ (failure|error|PHPUnit test runner deprecation|deprecation)s?:/ { phpunit = 1; next }
        /^There (was|were) [0-9]+ / { phpunit = 0; next }
        /^ *(×|FAIL )/ || /^(error|ERROR|FAILED|Fatal error)\>/ || (phpunit && /^[0-9]+\) /) {
            sub(/^ +/, ""); sub(/ +[0-9]+ ?ms$/, "")
            if (!seen[$0]++ && n++ < 6) print substr($0, 1, 150)
        }'
}
