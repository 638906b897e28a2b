#!/usr/bin/env bash
# `make bench`: measures the upgrade in the real page (headless Chromium, the test Moodle, the KAF simulator) and
# writes docs/benchmarks.md and docs/benchmarks.json (tools/bench). Exits 0 even when a target is missed; non-zero
# only when it could not measure; 3 when no Moodle exists.
exec bash "$(dirname "$0")/live-site.sh" bench node --import tsx tools/bench/main.ts
