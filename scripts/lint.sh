#!/usr/bin/env bash
# Static checks: ESLint (Moodle core's rules), TypeScript, php -l on every PHP file (moodle-plugin-ci's phplint),
# then Moodle's own checkers as moodle-plugin-ci runs them (scripts/lint-moodle.sh; docs/coding-style.md).
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

# The plain PHP tier's tests are *_test.php like Moodle's (moodle-cs treats only those as tests); an old
# *_unittest.php name would be skipped by tests/unit/phpunit.xml without a word.
if git ls-files --cached --others --exclude-standard -- 'tests/*_unittest.php' | grep .; then
    echo "lint: rename these to *_test.php (tests/unit/phpunit.xml runs only *_test.php)"; exit 1
fi

# Moodle's own checkers (moodle-cs 3.7.0, local_moodlecheck, local_ci's savepoints and mustache lint, stylelint
# with Moodle's configuration), on the plugin inside a Moodle 4.5.6 tree: scripts/lint-moodle.sh.
bash scripts/lint-moodle.sh
