#!/usr/bin/env bash
# `make bench`: measures the upgrade in the real page (headless Chromium, the test Moodle, the KAF simulator) and
# writes docs/benchmarks.md and docs/benchmarks.json (tools/bench). Exits 0 even when a target is missed; non-zero
# only when it could not measure; 3 when no Moodle exists. Serves the test Moodle itself and stops what it started.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
bash scripts/deps.sh --browser || exit 1
# One user of the live test site at a time (browser tests, the benchmark): they reset its settings.
mkdir -p "$HOME/.cache/tool_kalturalti13"
exec 8> "$HOME/.cache/tool_kalturalti13/site.lock"
flock -w 1800 8 || { echo "bench: gave up waiting for the test site"; exit 1; }
started=0
if ! curl -sf -o /dev/null "http://127.0.0.1:${MOODLE_PORT:-8080}/login/index.php"; then
    bash scripts/moodle.sh serve 8>&-
    rc=$?
    if ((rc == 3)); then
        echo "bench skipped: no Moodle found; set MOODLE_DIR to a Moodle 4.x checkout"
        exit 3
    fi
    ((rc == 0)) || exit "$rc"
    started=1
fi
MOODLE_DIR=$(bash scripts/moodle.sh where) || exit 1
export MOODLE_DIR MOODLE_URL="http://127.0.0.1:${MOODLE_PORT:-8080}"
node --import tsx tools/bench/main.ts
rc=$?
if ((started)); then
    bash scripts/moodle.sh stop >/dev/null 2>&1 || true
fi
exit "$rc"
