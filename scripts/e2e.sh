#!/usr/bin/env bash
# The browser tier on one Moodle release (MOODLE_VERSION, default 4.5.6): Debian's Chromium (playwright-core)
# drives the real page in a real Moodle, with the plugin from its ZIP, against the KAF simulator.
# On 4.5 and 5.1 it first installs the ZIP the way an administrator does, through Site administration > Plugins >
# Install plugins (tests/e2e/install). Exit 3 (skipped) only when no Moodle can be had.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
if [[ -z "${KLTI_E2E_ON_SITE:-}" ]]; then
    exec env KLTI_E2E_ON_SITE=1 bash scripts/live-site.sh e2e bash scripts/e2e.sh "$@"
fi
echo "e2e: Moodle $MOODLE_VERSION at $MOODLE_URL, plugin from $KLTI_ZIP"
# KLTI_E2E_INSTALL=0 leaves the installer test out, for a quicker loop while developing; make test always runs it.
case "$MOODLE_VERSION" in
    4.5.* | 5.1.*) [[ "${KLTI_E2E_INSTALL:-1}" == 0 ]] || npx vitest run --project e2e-install || exit $? ;;
esac
exec npx vitest run --project e2e "$@"
