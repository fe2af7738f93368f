#!/bin/sh
# crossbuild.sh - cross-build a Debian package inside an arm64 root (root only, else skip
# 77): the long check of issue 8, run by `meson test -C build --setup full --suite root-full`.
#
#   tests/root/crossbuild.sh VEMU_ROOTFS VEMU_CHROOT [TIMES_FILE]
#
# Makes a Debian bookworm arm64 root with `vemu-rootfs debootstrap --variant minbase`
# (second stage inside the root), adds deb-src lines made from the root's own deb lines
# (the host's apt mirror, as vemu-rootfs found it), then inside the root with vemu-chroot:
# apt-get update, apt-get build-dep -y PKG, apt-get source PKG, dpkg-buildpackage -b -uc
# -us.  The .deb must say Architecture: arm64 (dpkg-deb --info), install with dpkg -i
# inside the root, and its program must work.  Nothing may stay mounted below the work
# directory.  PKG is $VEMU_CROSSBUILD_PKG: tree (the default: a plain Makefile, built in
# minutes) or hello (its gnulib configure script alone takes over half an hour under
# emulation on a loaded 2-core machine).  arm64 programs run through whatever binfmt_misc entry works in the root, or
# vemu-chroot brings vemu-aarch64-static along: bench/rootfs-timing runs this script once
# with vemu's and once with qemu-aarch64-static's entry and appends "STEP SECONDS" lines
# to TIMES_FILE.  4 to 17 minutes for tree on the native backend on a loaded 2-core machine.
set -u
# shellcheck source=tests/root/lib.sh
. "$(dirname "$0")/lib.sh"
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: $0 VEMU_ROOTFS VEMU_CHROOT [TIMES_FILE]" >&2; exit 2; }
vr=$(realpath "$1") vc=$(realpath "$2") times=${3:-/dev/null}
need_root
command -v debootstrap >/dev/null || { echo "FAIL debootstrap missing (tools/quickstart installs it)"; exit 1; }
work=$(mktemp -d "${VEMU_ROOT_WORK:-/tmp}/vemu-crossbuild.XXXXXX")
export VEMU_CHROOT_STATE="$work/state"
at_exit "'$vc' --cleanup '$work/root' >/dev/null 2>&1; remove_work '$work'"
r=$work/root
pkg=${VEMU_CROSSBUILD_PKG:-tree}
case "$pkg" in
tree | hello) ;;
*) echo "crossbuild.sh: VEMU_CROSSBUILD_PKG=$pkg: tree or hello" >&2; exit 2 ;;
esac

# Runs "$@" and appends "STEP SECONDS" to the times file; returns the command's status.
timed() {
    what=$1
    shift
    t0=$(date +%s)
    "$@"
    st=$?
    echo "$what $(($(date +%s) - t0))" >>"$times"
    return "$st"
}

# A shell command inside the root, output in the log (the tail is shown on failure).
in_root() {
    "$vc" "$r" /bin/sh -c "$1" >>"$work/build.log" 2>&1 ||
        { st=$?; tail -n 30 "$work/build.log"; return "$st"; }
}

"$vr" debootstrap --suite bookworm --variant minbase "$r" 2>&1 | tee "$work/debootstrap.log"
expect_eq "vemu-rootfs debootstrap: status" "$r: Debian bookworm arm64 ready" \
    "$(sed -n "s|^vemu-rootfs: \(.*ready\) (vemu-chroot .*|\1|p" "$work/debootstrap.log")"
# vemu-rootfs reports each step as "done in N s": [1/2] first stage, [2/2] second stage
sed -n 's/^vemu-rootfs: *done in \([0-9]*\) s$/\1/p' "$work/debootstrap.log" |
    awk 'NR == 1 { print "first-stage", $1 } NR == 2 { print "second-stage", $1 }' >>"$times"
[ -x "$r/usr/bin/apt-get" ] || { fail "no root to build in"; finish crossbuild; }

# deb-src from the root's deb lines: the same mirror and suite, never a fixed host name
sed -n 's/^deb /deb-src /p' "$r/etc/apt/sources.list" >"$work/src.list"
expect_eq "deb-src lines from the root's sources.list" yes \
    "$([ -s "$work/src.list" ] && echo yes || echo no)"
cat "$work/src.list" >>"$r/etc/apt/sources.list"
mkdir -p "$r/build"
export DEBIAN_FRONTEND=noninteractive
timed apt-update in_root 'apt-get update -q'
expect_eq "apt-get update" 0 "$?"
timed build-dep in_root "apt-get build-dep -y -q $pkg"
expect_eq "apt-get build-dep -y $pkg" 0 "$?"
timed source in_root "cd /build && apt-get source -q $pkg"
expect_eq "apt-get source $pkg" 0 "$?"
timed dpkg-buildpackage in_root "cd /build/$pkg-*/ && dpkg-buildpackage -b -uc -us"
expect_eq "dpkg-buildpackage -b -uc -us" 0 "$?"

deb=$(ls "$r/build/${pkg}_"*_arm64.deb 2>/dev/null | head -n 1)
expect_eq "an arm64 .deb was built" yes "$([ -n "$deb" ] && echo yes || echo no)"
if [ -n "$deb" ]; then
    expect_eq "dpkg-deb --info: Architecture" "Architecture: arm64" \
        "$(dpkg-deb --info "$deb" | sed -n 's/^ *\(Architecture: .*\)/\1/p')"
    version=$(dpkg-deb --field "$deb" Version)
    in_root "dpkg -i /build/${deb##*/}"
    expect_eq "dpkg -i inside the root" 0 "$?"
    expect_eq "installed version is the one built" "$version" \
        "$("$vc" "$r" dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null)"
    if [ "$pkg" = hello ]; then
        expect_eq "the built hello greets" "Hello, world!" "$("$vc" "$r" hello 2>/dev/null)"
    else
        mkdir -p "$r/build/t/a/b" && : >"$r/build/t/a/f"
        # tree 2 counts the directory named too (as Debian's amd64 tree 2.1.0 does)
        expect_eq "the built tree counts the directories and the file" "2 directories, 1 file" \
            "$("$vc" "$r" /bin/sh -c 'cd /build/t && tree a' 2>/dev/null | tail -n 1)"
    fi
fi
expect_eq "nothing left mounted below $work" "" "$(grep -F " $work/" /proc/self/mountinfo)"
finish crossbuild
