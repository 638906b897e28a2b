#!/usr/bin/env bash
# `make demo`: a Moodle 4.5.6 site (from the release tarball, see scripts/moodle.sh) with this plugin installed from
# its ZIP and the local_kaltura fixture set up as an LTI 1.1 integration, and the KAF simulator it points at over
# TLS, all on loopback. Prints the URL and the logins; Ctrl-C stops everything it started, PostgreSQL included.
# MOODLE_VERSION=4.3.0 or 4.2.0 serves another release.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
KAF_PORT=${KAF_PORT:-8443}

bash scripts/deps.sh || exit 1
url=$(bash scripts/moodle.sh url) || exit 1
site_dir=$(dirname "$(bash scripts/moodle.sh zip)") || exit 1
mkdir -p "$site_dir"

# The site is shared with the browser tests and the benchmark: one user at a time.
exec 8> "$site_dir/site.lock"
if ! flock -n 8; then
    echo "demo: waiting for the browser tests or the benchmark to finish with the test site"
    flock -w 1800 8 || { echo "demo: gave up waiting"; exit 1; }
fi

# Stop only what this demo started: a site or database someone else had running stays up.
kafsim_pid=''
web_was_up=0
db_was_up=0
curl -sf -o /dev/null "$url/login/index.php" && web_was_up=1
pg_lsclusters -h 2>/dev/null | awk '$1==15 && $2=="main" {print $4}' | grep -q online && db_was_up=1
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "demo: stopping what it started"
    if [[ -n "$kafsim_pid" ]]; then
        kill -TERM "$kafsim_pid" 2>/dev/null
        wait "$kafsim_pid" 2>/dev/null
    fi
    ((web_was_up)) || bash scripts/moodle.sh stop 8>&- >/dev/null 2>&1
    ((db_was_up)) || bash scripts/moodle.sh db-stop 8>&- >/dev/null 2>&1
    echo "demo: stopped"
}
trap stop_all INT TERM EXIT

bash scripts/moodle.sh serve 8>&-
rc=$?
if ((rc == 3)); then
    echo "demo: no Moodle could be had (see the line above)."
    exit 3
fi
((rc == 0)) || exit "$rc"
MOODLE_DIR=$(bash scripts/moodle.sh where) || exit 1
mkdir -p "$site_dir/kafsim-tls"

# The simulator, run by node itself (not through npm, which would not pass Ctrl-C on), over TLS as KAF is.
log="$site_dir/kafsim-demo.log"
node --import tsx tools/kafsim/main.ts --port "$KAF_PORT" --tls --tls-dir "$site_dir/kafsim-tls" > "$log" 2>&1 8>&- &
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

  Moodle $(bash scripts/moodle.sh version)    $url/admin/tool/kalturalti13/index.php
                  log in as admin / ${MOODLE_ADMIN_PASS:-Admin-1234}
  KAF simulator   $kaf_url/admin   (KAF admin: admin@example.com / kafsim-admin)
                  its state: $kaf_url/__sim/state

  The site is on LTI 1.1 with kaf_uri = $kaf_url. Open the Moodle URL, connect to KAF with the KAF
  admin login, read the plan, and press Upgrade. Ctrl-C stops everything this command started.

EOF
wait "$kafsim_pid"
