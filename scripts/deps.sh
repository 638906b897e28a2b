#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh machine: Debian packages and the npm lock file.
# Idempotent and quiet when everything is already there; waits for another apt run's lock rather than failing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
want=(php-cli php-xml php-mbstring php-intl phpunit rsync curl composer xz-utils)
if [[ "${1:-}" == "--browser" || "${1:-}" == "--all" ]]; then
    want+=(chromium fonts-dejavu-core)
fi
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
    echo "deps: installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The npm packages, exactly as the lock file says; reinstalled only when the lock file changed.
stamp=node_modules/.lock-stamp
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
    echo "deps: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi
