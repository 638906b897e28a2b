#!/usr/bin/env bash
# Runs a command against the live test site (the browser tests, the benchmark): one user of the site at a time
# (they reset its settings), the site always running this checkout's plugin, and only what was started here stopped.
# Usage: scripts/live-site.sh NAME COMMAND...   Exit 3 (skipped) when there is no Moodle checkout.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
name=$1
shift
bash scripts/deps.sh --browser || exit 1
mkdir -p "$HOME/.cache/tool_kalturalti13"
exec 8> "$HOME/.cache/tool_kalturalti13/site.lock"
flock -w 1800 8 || { echo "$name: gave up waiting for the test site"; exit 1; }
url="http://127.0.0.1:${MOODLE_PORT:-8080}"
started=0
if curl -sf -o /dev/null "$url/login/index.php"; then
    # Someone else's server: copy this checkout's plugin in and upgrade, so the run never tests an older copy.
    bash scripts/moodle.sh install 8>&- >/dev/null
else
    bash scripts/moodle.sh serve 8>&-
    started=1
fi
rc=$?
if ((rc == 3)); then
    echo "$name skipped: no Moodle found; set MOODLE_DIR to a Moodle 4.x checkout"
    exit 3
fi
((rc == 0)) || exit "$rc"
MOODLE_DIR=$(bash scripts/moodle.sh where) || exit 1
export MOODLE_DIR MOODLE_URL="$url"
"$@"
rc=$?
if ((started)); then
    bash scripts/moodle.sh stop >/dev/null 2>&1 || true
fi
exit "$rc"
