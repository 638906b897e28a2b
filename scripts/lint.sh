#!/usr/bin/env bash
# Static checks: ESLint (Moodle core's rules), TypeScript, and php -l on every PHP file.
set -euo pipefail
cd "$(dirname "$0")/.."
npx eslint --max-warnings 0 .
echo "eslint: clean"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.tools.json --noEmit
echo "tsc: clean"
count=0
while IFS= read -r -d '' f; do
    php -l "$f" >/dev/null || { echo "php -l failed: $f"; exit 1; }
    count=$((count + 1))
done < <(git ls-files -z --cached --others --exclude-standard -- '*.php')
echo "php -l: $count files clean"
# Moodle's PHP coding style (moodlehq/moodle-cs) is not in this machine's Packagist copy; see README.
