# Sourced by scripts/lint-moodle.sh: sets up, once, the cache the Moodle lint tier runs from, and sets
#   lint_moodle  a Moodle 4.5.6 tree of the lint's own (never a test site's), unpacked from the release tarball
#   cs_dir       moodle-cs 3.7.0 + PHPCSUtils 1.2.2 + PHPCSExtra 1.5.0, PHP_CodeSniffer 3.13.6 from Composer
#   ci_dir       moodle-local_ci 1.1.4 (mustache lint, savepoints) with mustache.php 2.14.2
#   mc_dir       moodle-local_moodlecheck 1.3.2 (phpdoc)
# Everything lives under ~/.cache/tool_kalturalti13/lint/, each folder keyed by the SHA-256 of what it was
# made from, so a new tarball gets a new folder. The tarballs are found beside the checkout
# (../shared/moodle, ../shared/tools) or where MOODLE_TARBALLS and MOODLE_TOOLS say. Nothing is downloaded
# but PHP_CodeSniffer from the Composer registry (the first time only).

lint_cache=$HOME/.cache/tool_kalturalti13/lint
lint_release=4.5.6
tools_dir=${MOODLE_TOOLS:-$PWD/../shared/tools}
tarballs_dir=${MOODLE_TARBALLS:-$PWD/../shared/moodle}
mkdir -p "$lint_cache"

# lint_need FILE WHAT: FILE must exist, else say what to set.
lint_need() {
    [[ -f "$1" ]] || { echo "lint: $1 not found ($2)" >&2; exit 1; }
}

# lint_sum FILE: the first 16 hex digits of FILE's SHA-256 (a cache folder's key).
lint_sum() {
    sha256sum "$1" | cut -c1-16
}

# lint_once DIR LABEL COMMAND...: runs COMMAND to fill DIR unless DIR/.ready exists, under a lock (several
# checkouts may lint at once); a half-made DIR is thrown away and made again.
lint_once() {
    local dir=$1 label=$2
    shift 2
    [[ -f "$dir/.ready" ]] && return 0
    (
        flock 9
        if [[ ! -f "$dir/.ready" ]]; then
            echo "lint: setting up $label in $dir (once)"
            rm -rf "$dir"
            mkdir -p "$dir"
            "$@" "$dir"
            touch "$dir/.ready"
        fi
    ) 9>"$lint_cache/setup.lock"
}

# The Moodle release, checked against the SHA256SUMS beside it before it is unpacked.
moodle_tarball=$tarballs_dir/moodle-$lint_release.tar.xz
lint_need "$moodle_tarball" "set MOODLE_TARBALLS to the folder holding moodle-$lint_release.tar.xz and SHA256SUMS"
lint_need "$tarballs_dir/SHA256SUMS" "the checksums of the Moodle tarballs, beside them"
setup_moodle() {
    (cd "$tarballs_dir" && grep " moodle-$lint_release.tar.xz\$" SHA256SUMS | sha256sum -c --quiet -) ||
        { echo "lint: $moodle_tarball does not match its SHA256SUMS" >&2; exit 1; }
    tar -xJf "$moodle_tarball" -C "$1"
    [[ -f "$1/moodle/version.php" ]] || { echo "lint: $moodle_tarball holds no moodle/version.php" >&2; exit 1; }
}
moodle_dir=$lint_cache/moodle-$lint_release-$(lint_sum "$moodle_tarball")
lint_once "$moodle_dir" "Moodle $lint_release" setup_moodle
lint_moodle=$moodle_dir/moodle

# moodle-cs 3.7.0 and the standards it needs, with PHP_CodeSniffer 3.13.6 from Composer.
cs_tarball=$tools_dir/moodle-cs-3.7/moodle-cs-standards.tar.xz
lint_need "$cs_tarball" "set MOODLE_TOOLS to the folder holding moodle-cs-3.7/"
setup_cs() {
    tar -xJf "$cs_tarball" -C "$1"
    COMPOSER_ALLOW_SUPERUSER=1 composer --working-dir="$1" --no-interaction --quiet \
        require squizlabs/php_codesniffer:3.13.6
    "$1/vendor/bin/phpcs" --config-set installed_paths "$1/moodle-cs,$1/PHPCSUtils,$1/PHPCSExtra" >/dev/null
    "$1/vendor/bin/phpcs" -i | grep -q 'moodle-extra' || { echo "lint: moodle standards not installed" >&2; exit 1; }
}
cs_dir=$lint_cache/moodle-cs-$(lint_sum "$cs_tarball")
lint_once "$cs_dir" "moodle-cs 3.7.0" setup_cs

# local_ci 1.1.4 (its vnu-jar comes from this project's own package-lock.json, see lint-moodle.sh).
ci_tarball=$tools_dir/moodle-local_ci/moodle-local_ci.tar.xz
lint_need "$ci_tarball" "set MOODLE_TOOLS to the folder holding moodle-local_ci/"
setup_tar() {
    tar -xJf "$1" -C "$2"
}
ci_dir=$lint_cache/local_ci-$(lint_sum "$ci_tarball")
lint_once "$ci_dir" "moodle-local_ci 1.1.4" setup_tar "$ci_tarball"

# local_moodlecheck 1.3.2.
mc_tarball=$tools_dir/moodle-local_moodlecheck/moodle-local_moodlecheck.tar.xz
lint_need "$mc_tarball" "set MOODLE_TOOLS to the folder holding moodle-local_moodlecheck/"
mc_dir=$lint_cache/moodlecheck-$(lint_sum "$mc_tarball")
lint_once "$mc_dir" "moodle-local_moodlecheck 1.3.2" setup_tar "$mc_tarball"
