#!/bin/sh
# fetch-deb.sh - fetch Debian arm64 packages for tests/real, cached.
#
#   tools/fetch-deb.sh PKG [PKG...]
#   e.g. root=$(tools/fetch-deb.sh busybox-static) && ls "$root/bin/busybox"
#
# For each PKG: makes sure dpkg knows the arm64 architecture (adding it and
# running apt-get update when the arm64 package lists are missing), runs
# `apt-get download PKG:arm64` into $CACHE/debs, unpacks it with
# `dpkg-deb -x` into $CACHE/root/PKG/ and prints that directory, one line
# per package.  CACHE is ${VEMU_CACHE:-$HOME/.cache/vemu}.  A package that
# is already unpacked is printed straight away: no apt, no network.
# Mirrors come from apt's own configuration; nothing here names a host.
# Messages go to stderr; exit status 1 on any failure.
# shellcheck disable=SC2012  # ls on our own cache's file names
set -eu

prog=fetch-deb
die() {
    echo "$prog: $*" >&2
    exit 1
}

[ $# -ge 1 ] || die "usage: $0 PKG [PKG...]"

cache=${VEMU_CACHE:-${HOME:-/root}/.cache/vemu}
debs=$cache/debs
roots=$cache/root

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for '$*' (run as root or install sudo)"
    fi
}

arm64_lists_present() {
    # apt stores lists as ..._binary-arm64_Packages (maybe compressed: .lz4, .gz, ...)
    for f in /var/lib/apt/lists/*_binary-arm64_Packages*; do
        [ -e "$f" ] && return 0
    done
    return 1
}

apt_ready=0
ensure_apt_arm64() {
    [ "$apt_ready" -eq 0 ] || return 0
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script needs Debian or Ubuntu"
    command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found"
    if ! dpkg --print-foreign-architectures | grep -qx arm64 &&
        [ "$(dpkg --print-architecture)" != arm64 ]; then
        echo "$prog: adding the arm64 architecture to dpkg" >&2
        as_root dpkg --add-architecture arm64
        as_root apt-get update >&2 || die "apt-get update failed (no network?)"
    elif ! arm64_lists_present; then
        echo "$prog: no arm64 package lists yet, running apt-get update" >&2
        as_root apt-get update >&2 || die "apt-get update failed (no network?)"
    fi
    apt_ready=1
}

fetch_one() {
    pkg=$1
    case $pkg in
        '' | -* | */* | *:*) die "$pkg: not a plain package name" ;;
    esac
    dest=$roots/$pkg
    if [ -f "$dest/.vemu-complete" ]; then
        echo "$dest"
        return 0
    fi
    ensure_apt_arm64
    mkdir -p "$debs" "$roots"
    deb=$(ls "$debs/${pkg}_"*_arm64.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        # apt-get download writes into the current directory; a temp dir keeps
        # a half-downloaded file out of the cache.
        tmp=$(mktemp -d "$debs/.dl.XXXXXX")
        if ! (cd "$tmp" && apt-get download "$pkg:arm64" >&2); then
            rm -rf "$tmp"
            # one retry after refreshing the lists (stale lists 404 on old versions)
            echo "$prog: $pkg: download failed, refreshing package lists and retrying" >&2
            as_root apt-get update >&2 || die "$pkg: apt-get update failed (no network?)"
            tmp=$(mktemp -d "$debs/.dl.XXXXXX")
            (cd "$tmp" && apt-get download "$pkg:arm64" >&2) || {
                rm -rf "$tmp"
                die "$pkg: apt-get download $pkg:arm64 failed (no network, or no such package)"
            }
        fi
        for f in "$tmp"/*.deb; do
            [ -f "$f" ] || { rm -rf "$tmp"; die "$pkg: apt-get download produced no .deb"; }
            mv "$f" "$debs/"
        done
        rm -rf "$tmp"
        deb=$(ls "$debs/${pkg}_"*_arm64.deb 2>/dev/null | head -n 1 || true)
        [ -n "$deb" ] || die "$pkg: downloaded file not found in $debs"
    fi
    # unpack into a private directory next to the final place, then rename:
    # a partial unpack is never used, and concurrent callers do not collide
    tmpdest=$(mktemp -d "$roots/.$pkg.XXXXXX")
    dpkg-deb -x "$deb" "$tmpdest" || { rm -rf "$tmpdest"; die "$pkg: dpkg-deb -x $deb failed"; }
    basename "$deb" >"$tmpdest/.vemu-complete"
    if [ -f "$dest/.vemu-complete" ]; then
        rm -rf "$tmpdest" # another caller finished first
    else
        rm -rf "$dest"
        mv "$tmpdest" "$dest"
    fi
    echo "$dest"
}

for p in "$@"; do
    fetch_one "$p"
done
