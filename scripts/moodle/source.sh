# shellcheck shell=bash
# Sourced by scripts/moodle.sh: where a Moodle release comes from, and the site's own copy of it.
# A release is named like 4.5.6, or 5.1.3plus for a weekly build; "5.1" means the newest 5.1 build at hand.
# From 5.1 on, Moodle's web root is the tree's public/ folder (config.php, admin/cli/ and vendor/ stay at the top).

# The release as unpacked from its package, never written to: each site copies it.
PRISTINE_STAMP=.tool_kalturalti13-source

# The folder of a tree that Moodle's $CFG->dirroot names: public/ from 5.1 on, the tree itself before.
dirroot_of() {
    if [ -f "$1/public/version.php" ]; then printf '%s/public\n' "$1"; else printf '%s\n' "$1"; fi
}

moodle_ok() {
    local d
    d="$(dirroot_of "$1")"
    [ -f "$d/version.php" ] && [ -f "$d/lib/setup.php" ]
}

# A release "X.Y" (no point release) is the newest X.Y.* tarball in MOODLE_TARBALLS, else the newest in the cache.
resolve_release() {
    local want="$1" found
    if [[ ! "$want" =~ ^[0-9]+\.[0-9]+$ ]]; then
        printf '%s\n' "$want"
        return 0
    fi
    found="$(find "$TARBALLS" -maxdepth 1 -name "moodle-$want.*.tar.xz" -printf '%f\n' 2>/dev/null \
        | sed -E 's/^moodle-(.*)\.tar\.xz$/\1/' | sort -V | tail -1)"
    if [ -z "$found" ]; then
        found="$(find "$CACHE" -maxdepth 1 -type d -name "moodle-$want.*" -printf '%f\n' 2>/dev/null \
            | sed -E 's/^moodle-//' | sort -V | tail -1)"
    fi
    [ -n "$found" ] || found="$want.0"
    printf '%s\n' "$found"
}

# Prints the expected SHA-256 of a tarball from the SHA256SUMS beside it (nothing when it has no line).
tarball_sum() {
    local sums="$TARBALLS/SHA256SUMS" name
    name="$(basename "$1")"
    [ -f "$sums" ] || return 0
    awk -v n="$name" '$2 == n || $2 == "*" n {print $1}' "$sums"
}

unpack_into() { # unpack_into ARCHIVE DEST SOURCE-ID
    local archive="$1" dest="$2" id="$3" tmp
    tmp="$(mktemp -d "$(dirname "$dest")/.unpack.XXXXXX")"
    log "unpacking $(basename "$archive") (about 30 s)"
    tar -xf "$archive" -C "$tmp"
    moodle_ok "$tmp/moodle" || { rm -rf "$tmp"; die "$archive does not unpack to a moodle/ folder"; }
    printf '%s\n' "$id" > "$tmp/moodle/$PRISTINE_STAMP"
    rm -rf "$dest"
    mv "$tmp/moodle" "$dest"
    rm -rf "$tmp"
}

# Moodle's download site keeps each release under stable<branch>/; it publishes checksums beside the package.
# Only tagged releases are there (a weekly build such as 5.1.3plus is not).
download_release() { # download_release DEST
    local dest="$1" base url dir sum got
    [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || return 1
    base="https://download.moodle.org/download.php/direct/stable$BRANCH"
    url="$base/moodle-$VERSION.tgz"
    dir="$(mktemp -d "$CACHE/.download.XXXXXX")"
    log "no tarball for Moodle $VERSION in $TARBALLS; downloading $url (about 45 MB, once)"
    if ! curl -fsSL --max-time 600 -o "$dir/moodle.tgz" "$url"; then
        rm -rf "$dir"
        return 1
    fi
    sum="$(curl -fsSL --max-time 60 "$url.sha256" 2>/dev/null | grep -oE '^[0-9a-f]{64}' || true)"
    got="$(sha256sum "$dir/moodle.tgz" | cut -d' ' -f1)"
    if [ -z "$sum" ]; then
        sum="$(curl -fsSL --max-time 60 "$url.md5" 2>/dev/null | grep -oE '^[0-9a-f]{32}' || true)"
        got="$(md5sum "$dir/moodle.tgz" | cut -d' ' -f1)"
    fi
    if [ -z "$sum" ] || [ "$sum" != "$got" ]; then
        rm -rf "$dir"
        die "the downloaded $url does not match the checksum Moodle publishes beside it"
    fi
    unpack_into "$dir/moodle.tgz" "$dest" "download $url $got"
    rm -rf "$dir"
}

# Makes sure the release's pristine tree is in the cache; prints nothing, dies or exits 3.
ensure_pristine() {
    local pristine="$CACHE/moodle-$VERSION" tarball="$TARBALLS/moodle-$VERSION.tar.xz" want got
    if [ -f "$pristine/$PRISTINE_STAMP" ] && moodle_ok "$pristine"; then
        return 0
    fi
    mkdir -p "$CACHE"
    if [ -f "$tarball" ]; then
        want="$(tarball_sum "$tarball")"
        [ -n "$want" ] || die "$TARBALLS/SHA256SUMS has no line for $(basename "$tarball"); refusing an unchecked tarball"
        got="$(sha256sum "$tarball" | cut -d' ' -f1)"
        [ "$want" = "$got" ] || die "$tarball does not match its SHA256SUMS line (got $got)"
        unpack_into "$tarball" "$pristine" "tarball $(basename "$tarball") $got"
        return 0
    fi
    if download_release "$pristine"; then
        return 0
    fi
    echo "skipped: no Moodle $VERSION found: no MOODLE_DIR, no tree in $CACHE, no $tarball," \
        "and no network to download it. Set MOODLE_TARBALLS to a folder holding moodle-$VERSION.tar.xz and its" \
        "SHA256SUMS, or MOODLE_DIR to a Moodle $SUPPORTED_RANGE tree."
    exit 3
}

# The site's own tree: a copy of the pristine release (config.php, the plugins and vendor/ are written into it).
cmd_source() {
    if [ "$MOODLE_DIR" != "$SITE/moodle" ]; then
        return 0 # The caller's own tree.
    fi
    local pristine="$CACHE/moodle-$VERSION"
    if [ -f "$MOODLE_DIR/$PRISTINE_STAMP" ] && moodle_ok "$MOODLE_DIR"; then
        return 0
    fi
    ensure_pristine
    log "making the site's tree $MOODLE_DIR from $pristine"
    mkdir -p "$SITE"
    rm -rf "$MOODLE_DIR.tmp"
    cp -a --reflink=auto "$pristine" "$MOODLE_DIR.tmp"
    rm -rf "$MOODLE_DIR"
    mv "$MOODLE_DIR.tmp" "$MOODLE_DIR"
}
