#!/usr/bin/env bash
# The browser tier: Debian's Chromium (playwright-core) drives the real page in a real Moodle against the KAF
# simulator. Serves the test Moodle itself and stops what it started. Exit 3 (skipped) only when no Moodle exists.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --browser || exit 1
# One user of the live test site at a time (browser tests, the benchmark): they reset its settings.
mkdir -p "$HOME/.cache/tool_kalturalti13"
exec 8> "$HOME/.cache/tool_kalturalti13/site.lock"
flock -w 1800 8 || { echo "e2e: gave up waiting for the test site"; exit 1; }
started=0
if ! curl -sf -o /dev/null "http://127.0.0.1:${MOODLE_PORT:-8080}/login/index.php"; then
    bash scripts/moodle.sh serve 8>&-
    rc=$?
    if ((rc == 3)); then
        echo "e2e skipped: no Moodle found; set MOODLE_DIR to a Moodle 4.x checkout"
        exit 3
    fi
    ((rc == 0)) || exit "$rc"
    started=1
fi
MOODLE_DIR=$(bash scripts/moodle.sh where) || exit 1
export MOODLE_DIR MOODLE_URL="http://127.0.0.1:${MOODLE_PORT:-8080}"
npx vitest run --project e2e
rc=$?
if ((started)); then
    bash scripts/moodle.sh stop >/dev/null 2>&1 || true
fi
exit "$rc"
