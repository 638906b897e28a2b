#!/usr/bin/env bash
# local_ci 1.1.4's mustache lint, as `moodle-plugin-ci mustache` 4.5.10 runs it: mustache_lint.php once per
# template of the plugin (templates/mobileapp/ skipped), from the Moodle root, through the toolbox's
# mustache_lint_wrapper.php (mustache.php 2.14.2); each template's example context rendered, its Mustache
# syntax checked and the HTML validated by the Nu HTML checker, vnu-jar 23.4.11. Fails when any template
# printed a WARNING or ERROR.
# One difference, for time only: moodle-plugin-ci gives mustache_lint.php the jar (`--validator=vnu.jar`), so
# every template starts a Java VM (about 4 s each on an idle 2-core machine, 20 s on a busy one). Here the same
# jar runs once as the checker's own HTTP service (nu.validator.servlet.Main, on 127.0.0.1) and
# mustache_lint.php is given its URL, which it supports (`--validator=http://...`): same checker, same
# version, same messages. And a clean result is remembered (keyed by every template's path and content, the
# jar, local_ci and the Moodle tree): the templates unchanged since a clean run are not checked again.
# LINT_NO_CACHE=1 checks them anyway.
# Usage: lint-mustache.sh MOODLE_DIR PLUGIN_DIR LOCAL_CI_DIR VNU_JAR CACHE_DIR
set -euo pipefail
moodle=$1 plugin=$2 ci_dir=$3 vnu=$4 cache=$5

mapfile -d '' templates < <(find "$plugin" -name '*.mustache' -not -path '*/node_modules/*' \
    -not -path '*/templates/mobileapp/*' -print0 | sort -z)
((${#templates[@]})) || { echo "mustache: no template"; exit 0; }
key=$({
    for t in "${templates[@]}"; do printf '%s\n' "${t#"$plugin"/}"; cat "$t"; done
    sha256sum "$vnu" "$ci_dir/local_ci/mustache_lint/"*.php "$ci_dir/bin/mustache_lint_wrapper.php"
    printf '%s\n' "$moodle"
} | sha256sum | cut -c1-32)
stamp=$cache/mustache-clean/$key
if [[ -f "$stamp" && -z "${LINT_NO_CACHE:-}" ]]; then
    echo "mustache: ${#templates[@]} templates unchanged since a clean run (LINT_NO_CACHE=1 checks them again)"
    exit 0
fi

# The Nu HTML checker as a service on a free loopback port, for this run only.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
java -Xss1024k -Dnu.validator.servlet.bind-address=127.0.0.1 -cp "$vnu" nu.validator.servlet.Main "$port" \
    >"$log" 2>&1 8>&- &
vnu_pid=$!
trap 'kill "$vnu_pid" 2>/dev/null; wait "$vnu_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for ((i = 0; i < 240; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/" && break
    kill -0 "$vnu_pid" 2>/dev/null || { cat "$log"; echo "mustache: the Nu HTML checker did not start"; exit 1; }
    sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$port/" || { echo "mustache: the Nu HTML checker did not answer in 2 minutes"; exit 1; }

code=0
for t in "${templates[@]}"; do
    (cd "$moodle" && env -u _JAVA_OPTIONS php "$ci_dir/bin/mustache_lint_wrapper.php" \
        --filename="$t" --validator="http://127.0.0.1:$port/" --basename="$moodle") |
        grep -v '^INFO: ESLint did run$' | sed "s|^$plugin/|  |" || code=1
done
if ((code)); then
    echo "mustache: not clean"
    exit 1
fi
mkdir -p "${stamp%/*}"
touch "$stamp"
echo "mustache: ${#templates[@]} templates clean (Nu HTML checker, vnu-jar 23.4.11)"
