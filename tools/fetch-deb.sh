#!/bin/sh
# fetch-deb.sh - fetch Debian packages (arm64 by default) for tests/real and bench/, cached.
#
#   tools/fetch-deb.sh [--arch ARCH] PKG[=VERSION] [PKG[=VERSION]...]
#   e.g. root=$(tools/fetch-deb.sh busybox-static) && ls "$root/bin/busybox"
#        tools/fetch-deb.sh --arch amd64 xz-utils   # the host build of the same package
#        tools/fetch-deb.sh --arch amd64 nodejs=18.20.4+dfsg-1~deb12u3  # that exact version
#        tools/fetch-deb.sh --arch all node-acorn   # an Architecture: all package
#
# For each PKG: makes sure dpkg knows the architecture (adding it and running
# apt-get update when its package lists are missing), runs
# `apt-get download PKG:ARCH` into $CACHE/debs, unpacks it with `dpkg-deb -x`
# into $CACHE/root/PKG/ (arm64) or $CACHE/root-ARCH/PKG/ (any other ARCH) and
# prints that directory, one line per package.  An architecture-independent
# package (Architecture: all) is accepted too, and `--arch all` fetches one by
# name (apt has no PKG:arm64 for it).  PKG=VERSION asks for that version (when
# the host's candidate differs from the arm64 one, e.g. a third-party repository);
# an unpacked package of another version is replaced.  CACHE is
# ${VEMU_CACHE:-$HOME/.cache/vemu}.  A package that is already unpacked (in the
# version asked for) is printed straight away: no apt, no network.
# Mirrors come from apt's own configuration; nothing here names a host.
# Messages go to stderr; exit status 1 on any failure.
# shellcheck disable=SC2012  # ls on our own cache's file names
set -eu

prog=fetch-deb
die() {
    echo "$prog: $*" >&2
    exit 1
}

arch=arm64
if [ "${1:-}" = --arch ]; then
    [ $# -ge 2 ] || die "usage: $0 [--arch ARCH] PKG [PKG...]"
    arch=$2
    shift 2
fi
case $arch in
    '' | *[!a-z0-9]*) die "$arch: not an architecture name" ;;
esac
[ $# -ge 1 ] || die "usage: $0 [--arch ARCH] PKG [PKG...]"

cache=${VEMU_CACHE:-${HOME:-/root}/.cache/vemu}
debs=$cache/debs
if [ "$arch" = arm64 ]; then
    roots=$cache/root
else
    roots=$cache/root-$arch
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for '$*' (run as root or install sudo)"
    fi
}

arch_lists_present() {
    # apt stores lists as ..._binary-ARCH_Packages (maybe compressed: .lz4, .gz, ...)
    for f in /var/lib/apt/lists/*_binary-"$arch"_Packages*; do
        [ -e "$f" ] && return 0
    done
    return 1
}

apt_ready=0
ensure_apt_arch() {
    [ "$apt_ready" -eq 0 ] || return 0
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script needs Debian or Ubuntu"
    command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found"
    if [ "$arch" = all ]; then
        : # every architecture's lists carry the Architecture: all packages
    elif ! dpkg --print-foreign-architectures | grep -qx "$arch" &&
        [ "$(dpkg --print-architecture)" != "$arch" ]; then
        echo "$prog: adding the $arch architecture to dpkg" >&2
        as_root dpkg --add-architecture "$arch"
        as_root apt-get update >&2 || die "apt-get update failed (no network?)"
    elif ! arch_lists_present; then
        echo "$prog: no $arch package lists yet, running apt-get update" >&2
        as_root apt-get update >&2 || die "apt-get update failed (no network?)"
    fi
    apt_ready=1
}

# split a PKG[=VERSION] argument into $pkg, $ver (maybe empty) and $fver, the
# version as apt-get download spells it in file names (epoch ':' as %3a, else '*')
parse_spec() {
    pkg=${1%%=*}
    ver=
    case $1 in *=*) ver=${1#*=} ;; esac
    case $pkg in
        '' | -* | */* | *:*) die "$1: not a plain package name" ;;
    esac
    case $ver in
        *[!A-Za-z0-9.+~:-]*) die "$1: not a package version" ;;
    esac
    fver='*'
    [ -z "$ver" ] || fver=$(printf '%s' "$ver" | sed 's/:/%3a/')
}

# the cached .deb of $pkg ($fver) for $arch (or Architecture: all), if any
cached_deb() {
    # shellcheck disable=SC2086,SC2027  # $fver may be the glob *, left unquoted on purpose
    ls "$debs/${pkg}_"$fver"_$arch.deb" "$debs/${pkg}_"$fver"_all.deb" 2>/dev/null |
        head -n 1 || true
}

# is $1 (a directory in $roots) an unpacked $pkg in the version asked for?
unpacked_ok() {
    [ -f "$1/.vemu-complete" ] || return 1
    [ -z "$ver" ] && return 0
    case $(cat "$1/.vemu-complete") in
        "${pkg}_${fver}_"*) return 0 ;;
    esac
    return 1
}

# PKG:ARCH or PKG:ARCH=VERSION for apt-get download
apt_name() {
    if [ -n "$ver" ]; then echo "$pkg:$arch=$ver"; else echo "$pkg:$arch"; fi
}

fetch_one() {
    parse_spec "$1"
    dest=$roots/$pkg
    if unpacked_ok "$dest"; then
        echo "$dest"
        return 0
    fi
    ensure_apt_arch
    mkdir -p "$debs" "$roots"
    deb=$(cached_deb)
    if [ -z "$deb" ]; then
        # apt-get download writes into the current directory; a temp dir keeps
        # a half-downloaded file out of the cache.
        tmp=$(mktemp -d "$debs/.dl.XXXXXX")
        # an Architecture: all package without Multi-Arch: foreign (libpython3.11-testsuite)
        # is only found as PKG:all
        if ! (cd "$tmp" && { apt-get download "$(apt_name)" >&2 ||
            { [ -z "$ver" ] && apt-cache show "$pkg:all" >/dev/null 2>&1 &&
                apt-get download "$pkg:all" >&2; }; }); then
            rm -rf "$tmp"
            # one retry after refreshing the lists (stale lists 404 on old versions)
            echo "$prog: $pkg: download failed, refreshing package lists and retrying" >&2
            as_root apt-get update >&2 || die "$pkg: apt-get update failed (no network?)"
            tmp=$(mktemp -d "$debs/.dl.XXXXXX")
            (cd "$tmp" && apt-get download "$(apt_name)" >&2) || {
                rm -rf "$tmp"
                die "$pkg: apt-get download $(apt_name) failed (no network, or no such package)"
            }
        fi
        for f in "$tmp"/*.deb; do
            [ -f "$f" ] || { rm -rf "$tmp"; die "$pkg: apt-get download produced no .deb"; }
            mv "$f" "$debs/"
        done
        rm -rf "$tmp"
        deb=$(cached_deb)
        [ -n "$deb" ] || die "$pkg: downloaded file not found in $debs"
    fi
    # unpack into a private directory next to the final place, then rename:
    # a partial unpack is never used, and concurrent callers do not collide
    tmpdest=$(mktemp -d "$roots/.$pkg.XXXXXX")
    dpkg-deb -x "$deb" "$tmpdest" || { rm -rf "$tmpdest"; die "$pkg: dpkg-deb -x $deb failed"; }
    basename "$deb" >"$tmpdest/.vemu-complete"
    if unpacked_ok "$dest" && [ "$(cat "$dest/.vemu-complete")" = "$(basename "$deb")" ]; then
        rm -rf "$tmpdest" # another caller finished first
    else
        rm -rf "$dest"
        mv "$tmpdest" "$dest"
    fi
    echo "$dest"
}

# Download every package that is neither unpacked nor cached in one apt-get call
# (apt's start-up dominates for small packages); any failure here is left to
# fetch_one, which retries package by package and names the one that failed.
prefetch() {
    want=""
    for p in "$@"; do
        parse_spec "$p"
        unpacked_ok "$roots/$pkg" && continue
        [ -n "$(cached_deb)" ] && continue
        want="$want $(apt_name)"
    done
    [ -n "$want" ] || return 0
    ensure_apt_arch
    mkdir -p "$debs"
    tmp=$(mktemp -d "$debs/.dl.XXXXXX")
    # shellcheck disable=SC2086  # one word per package
    if (cd "$tmp" && apt-get download $want >&2); then
        for f in "$tmp"/*.deb; do
            [ -f "$f" ] && mv "$f" "$debs/"
        done
    fi
    rm -rf "$tmp"
}

[ $# -gt 1 ] && prefetch "$@"
for p in "$@"; do
    fetch_one "$p"
done
