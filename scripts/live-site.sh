#!/usr/bin/env bash
# Runs a command against a live test site (the browser tests, the benchmark): one user of the site at a time (they
# reset its settings), the site always running this checkout's plugin from its ZIP, and only what was started here
# stopped. The site is the one of MOODLE_VERSION (default 4.5.6; see scripts/moodle.sh).
# Usage: scripts/live-site.sh NAME COMMAND...   Exit 3 (skipped) when no Moodle can be had.
# KLTI_MOODLE_SH replaces scripts/moodle.sh (the runner's own tests use it to make the site fail).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
name=$1
shift
moodle_sh=${KLTI_MOODLE_SH:-scripts/moodle.sh}
# The command gets MOODLE_DIR (the site's tree); scripts/moodle.sh itself keeps the caller's choice.
caller_moodle_dir=${MOODLE_DIR-}
moodle() {
    if [[ -n "$caller_moodle_dir" ]]; then
        MOODLE_DIR="$caller_moodle_dir" bash "$moodle_sh" "$@"
    else
        env -u MOODLE_DIR bash "$moodle_sh" "$@"
    fi
}
bash scripts/deps.sh --browser || exit 1
url=$(moodle url) || exit 1
site_dir=$(dirname "$(moodle zip)") || exit 1
mkdir -p "$site_dir"
exec 8> "$site_dir/site.lock"
flock -w 1800 8 || { echo "$name: gave up waiting for the test site $url"; exit 1; }
started=0
if curl -sf -o /dev/null "$url/login/index.php"; then
    if ! moodle serving; then
        # Another site (another home folder's, say) on this site's port: its pages are not this site's.
        echo "$name: $url is served by another Moodle than this site's; stop it or set MOODLE_PORT"
        exit 1
    fi
    # This site, served by an earlier command: install this checkout's ZIP and upgrade, so the run never tests an
    # older copy.
    moodle install 8>&- >/dev/null
    rc=$?
else
    moodle serve 8>&-
    rc=$?
    ((rc == 0)) && started=1
fi
if ((rc == 3)); then
    echo "$name skipped: no Moodle site could be made (see the line above)"
    exit 3
fi
((rc == 0)) || { echo "$name: the test site $url could not be made ready (exit $rc)"; exit "$rc"; }
MOODLE_DIR=$(moodle where) || exit 1
# Moodle's $CFG->dirroot, where the plugins are: the tree, or its public/ folder from Moodle 5.1 on.
MOODLE_DIRROOT=$(moodle dirroot) || exit 1
KLTI_ZIP=$(moodle zip) || exit 1
MOODLE_VERSION=$(moodle version) || exit 1
export MOODLE_DIR MOODLE_DIRROOT MOODLE_URL="$url" KLTI_ZIP MOODLE_VERSION
"$@"
rc=$?
if ((started)); then
    moodle stop >/dev/null || echo "$name: could not stop the test site $url (scripts/moodle.sh stop)" >&2
fi
exit "$rc"
