#!/usr/bin/env bash
# Static checks: ESLint (Moodle core's rules), TypeScript, php -l on every PHP file, and Moodle's PHP
# coding standard (phpcs --standard=moodle and moodle-extra on every PHP file; docs/coding-style.md).
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

# Moodle's PHP coding standard (moodlehq/moodle-cs), as the plugins directory checks it. The Composer
# registry here lacks moodle-cs, so it comes from a tarball next to the checkout (docs/coding-style.md);
# PHP_CodeSniffer itself comes from Composer. Set up once per tarball in a cache, under a lock because
# several checkouts may lint at once.
cs_tarball=${MOODLE_CS_TARBALL:-$PWD/../shared/tools/moodle-cs/moodle-cs-standards.tar.xz}
[[ -f "$cs_tarball" ]] || { echo "phpcs: $cs_tarball not found; set MOODLE_CS_TARBALL to moodle-cs-standards.tar.xz"; exit 1; }
cs_sum=$(sha256sum "$cs_tarball" | cut -c1-16)
cs_cache=$HOME/.cache/tool_kalturalti13
cs_dir=$cs_cache/moodle-cs-$cs_sum
mkdir -p "$cs_cache"
(
    flock 9
    if [[ ! -f "$cs_dir/.ready" ]]; then
        echo "phpcs: setting up moodle-cs in $cs_dir"
        rm -rf "$cs_dir"
        mkdir -p "$cs_dir"
        tar -xJf "$cs_tarball" -C "$cs_dir"
        COMPOSER_ALLOW_SUPERUSER=1 composer --working-dir="$cs_dir" --no-interaction --quiet \
            require squizlabs/php_codesniffer:^3.13
        "$cs_dir/vendor/bin/phpcs" --config-set installed_paths \
            "$cs_dir/moodle-cs,$cs_dir/PHPCSUtils,$cs_dir/PHPCSExtra,$cs_dir/PHPCompatibility" >/dev/null
        "$cs_dir/vendor/bin/phpcs" -i | grep -q 'moodle-extra' || { echo "phpcs: moodle standards not installed"; exit 1; }
        touch "$cs_dir/.ready"
    fi
) 9>"$cs_cache/moodle-cs.lock"
mapfile -d '' php_files < <(git ls-files -z --cached --others --exclude-standard -- '*.php')
# The plain PHP tier's tests are *_test.php like Moodle's (moodle-cs treats only those as tests); an old
# *_unittest.php name would be skipped by tests/unit/phpunit.xml without a word.
if git ls-files --cached --others --exclude-standard -- 'tests/*_unittest.php' | grep .; then
    echo "phpcs: rename these to *_test.php (tests/unit/phpunit.xml runs only *_test.php)"; exit 1
fi
# phpcs exits non-zero on any error or warning. Its deprecation notices about two sniffs that moodle-cs
# still names go to stdout before the report; they are dropped so a clean run prints nothing.
phpcs() {
    local out rc=0
    out=$("$cs_dir/vendor/bin/phpcs" -s --extensions=php --ignore='*/node_modules/*,*/vendor/*' "$@") || rc=$?
    if ((rc)); then printf '%s\n' "$out" | sed '/^DEPRECATED:/,/^future\.$/d'; fi
    return "$rc"
}
# `moodle` is what the plugins directory checks; `moodle-extra` (which includes it) is kept everywhere too.
phpcs --standard=moodle "${php_files[@]}" || { echo "phpcs --standard=moodle: not clean (vendor/bin/phpcbf in $cs_dir fixes some)"; exit 1; }
echo "phpcs moodle: ${#php_files[@]} files clean"
phpcs --standard=moodle-extra "${php_files[@]}" || { echo "phpcs --standard=moodle-extra: not clean (vendor/bin/phpcbf in $cs_dir fixes some)"; exit 1; }
echo "phpcs moodle-extra: ${#php_files[@]} files clean"
