#!/usr/bin/env bash
# The browser tier: Debian's Chromium (playwright-core) drives the real page in a real Moodle against the KAF
# simulator. Exit 3 (skipped) only when no Moodle exists.
exec bash "$(dirname "$0")/live-site.sh" e2e npx vitest run --project e2e
