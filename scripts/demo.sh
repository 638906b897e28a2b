#!/usr/bin/env bash
# `make demo`: a Moodle with this plugin and the local_kaltura fixture set up as an LTI 1.1 integration, and the KAF
# simulator it points at, both on loopback. Prints the URL and the logins; Ctrl-C stops everything it started.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CACHE="$HOME/.cache/tool_kalturalti13"
KAF_PORT=${KAF_PORT:-8443}
MOODLE_PORT=${MOODLE_PORT:-8080}
export MOODLE_PORT

bash scripts/deps.sh || exit 1

if ! MOODLE_DIR=$(bash scripts/moodle.sh where); then
    cat <<EOF
make demo needs a Moodle 4.x checkout, and none was found.
No package registry this machine can reach serves Moodle itself, so point the demo at one:
    MOODLE_DIR=/path/to/moodle make demo
(or put a Moodle 4.0-4.5 checkout at $CACHE/moodle). Everything else (PostgreSQL, nginx, php-fpm, the
KAF simulator) is installed and started by this command.
EOF
    exit 3
fi
export MOODLE_DIR

# The live site is shared with the browser tests and the benchmark: one user at a time.
mkdir -p "$CACHE"
exec 8> "$CACHE/site.lock"
if ! flock -n 8; then
    echo "demo: waiting for the browser tests or the benchmark to finish with the test site"
    flock -w 1800 8 || { echo "demo: gave up waiting"; exit 1; }
fi

# Stop only what this demo started: a site or database someone else had running stays up.
kafsim_pid=''
web_was_up=0
db_was_up=0
curl -sf -o /dev/null "http://127.0.0.1:$MOODLE_PORT/login/index.php" && web_was_up=1
pg_lsclusters -h 2>/dev/null | awk '$1==15 && $2=="main" {print $4}' | grep -q online && db_was_up=1
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "demo: stopping what it started"
    [[ -n "$kafsim_pid" ]] && kill -TERM "$kafsim_pid" 2>/dev/null && wait "$kafsim_pid" 2>/dev/null
    ((web_was_up)) || bash scripts/moodle.sh stop 8>&- >/dev/null 2>&1
    ((db_was_up)) || bash scripts/moodle.sh db-stop 8>&- >/dev/null 2>&1
    echo "demo: stopped"
}
trap stop_all INT TERM EXIT

bash scripts/moodle.sh serve 8>&- || exit 1
mkdir -p "$CACHE/kafsim-tls"

# The simulator, run by node itself (not through npm, which would not pass Ctrl-C on), over TLS as KAF is.
log="$CACHE/kafsim-demo.log"
node --import tsx tools/kafsim/main.ts --port "$KAF_PORT" --tls --tls-dir "$CACHE/kafsim-tls" > "$log" 2>&1 8>&- &
kafsim_pid=$!
for _ in $(seq 1 50); do
    grep -q 'kafsim listening on' "$log" && break
    kill -0 "$kafsim_pid" 2>/dev/null || { cat "$log"; echo "demo: the KAF simulator did not start"; exit 1; }
    sleep 0.2
done
kaf_url=$(grep -o 'https://[^ ]*' "$log" | head -1)
[[ -n "$kaf_url" ]] || { cat "$log"; echo "demo: the KAF simulator did not say where it listens"; exit 1; }

# The site as a Kaltura LTI 1.1 integration pointing at the simulator (this forgets earlier demo runs).
php "$ROOT/tests/e2e/site.php" "$MOODLE_DIR" reset "{\"kaf_uri\": \"$kaf_url\"}" >/dev/null || exit 1

cat <<EOF

  Moodle          http://127.0.0.1:$MOODLE_PORT/admin/tool/kalturalti13/index.php
                  log in as admin / ${MOODLE_ADMIN_PASS:-Admin-1234}
  KAF simulator   $kaf_url/admin   (KAF admin: admin@example.com / kafsim-admin)
                  its state: $kaf_url/__sim/state

  The site is on LTI 1.1 with kaf_uri = $kaf_url. Open the Moodle URL, connect to KAF with the KAF
  admin login, read the plan, and press Upgrade. Ctrl-C stops everything.

EOF
wait "$kafsim_pid"
