#!/bin/sh
# make-deb.sh - build a Debian package of vemu (the one command of issue 8's packaging).
#
#   tools/make-deb.sh [--build DIR] [OUTDIR]   # writes OUTDIR/vemu_VERSION_amd64.deb (default .)
#
# Configures a release build in build-deb/ with prefix /usr (or packages the existing
# build DIR as it is, moved from its prefix to /usr: what tests/root/deb.sh does, so that
# no second build is needed), installs it into a staging directory with `meson install
# --destdir`, adds binfmt-support's format file (/usr/share/binfmts/vemu-aarch64) next to
# the binfmt.d(5) file meson installs, and maintainer scripts that register vemu the way
# Debian's qemu-user-static does: systemd-binfmt reads /usr/lib/binfmt.d through systemd's
# dpkg trigger; binfmt-support (update-binfmts --import / --unimport) when installed;
# nothing inside a container, whose binfmt_misc is usually the host's.  Flags: F and P
# (vemu-binfmt(1)).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build-deb
own_build=0
if [ "${1:-}" = --build ]; then
    [ $# -ge 2 ] || { echo "make-deb.sh: --build needs a build directory" >&2; exit 2; }
    build=$(cd "$2" && pwd)
    own_build=1
    shift 2
fi
out=$(cd "${1:-.}" && pwd)
stage=$(mktemp -d)
chmod 755 "$stage"
trap 'rm -rf "$stage"' EXIT

if [ "$own_build" = 0 ]; then
    [ -f "$build/build.ninja" ] ||
        meson setup "$build" "$top" --prefix=/usr -Dbuildtype=release >/dev/null
    ninja -C "$build" >/dev/null
fi
[ -x "$build/vemu-aarch64-static" ] ||
    { echo "make-deb.sh: $build/vemu-aarch64-static: not built" >&2; exit 1; }
DESTDIR=$stage meson install -C "$build" --no-rebuild >/dev/null
prefix=$(python3 -c 'import json, sys
print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "prefix"))' \
    "$build/meson-info/intro-buildoptions.json")
version=$(sed -n "s/^  version : '\(.*\)',/\1/p" "$top/meson.build")
if [ "$prefix" != /usr ]; then
    # Only the files meson configures from *.in (scripts_conf: BINDIR, VERSION) name the
    # prefix: move the tree and make those again for /usr.
    mkdir -p "$stage/usr"
    cp -a "$stage$prefix/." "$stage/usr/"
    rm -rf "${stage:?}${prefix:?}"
    for in in "$top"/binfmt/*.in "$top"/chroot-helpers/*.in; do
        f=$(find "$stage/usr" -name "$(basename "$in" .in)")
        [ -n "$f" ] || continue
        sed "s|@BINDIR@|/usr/bin|g; s|@VERSION@|$version|g" "$in" >"$f"
    done
fi

mkdir -p "$stage/usr/share/binfmts" "$stage/DEBIAN" "$stage/usr/share/doc/vemu"
cp "$top/LICENSE" "$stage/usr/share/doc/vemu/copyright"
gzip -9n "$stage/usr/share/man/man1/"*.1
cat >"$stage/usr/share/binfmts/vemu-aarch64" <<'FMT'
package vemu
interpreter /usr/bin/vemu-aarch64-static
magic \x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00
mask \xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff
offset 0
credentials no
preserve yes
fix_binary yes
FMT
cat >"$stage/DEBIAN/control" <<CTL
Package: vemu
Version: $version
Architecture: amd64
Maintainer: The vemu developers <vemu@localhost>
Depends: libc6, libglib2.0-0, libelf1, libffi8
Recommends: debootstrap, e2fsprogs, systemd | binfmt-support
Section: otherosfs
Priority: optional
Description: user-mode emulator running Linux arm64 programs on x86-64
 vemu runs Linux arm64 (aarch64) programs on x86-64 hosts, explicitly
 (vemu-aarch64 PROG) or transparently through binfmt_misc, including inside
 chroots (vemu-aarch64-static).  vemu-chroot and vemu-rootfs make and enter
 arm64 Debian roots and ext4 images.
CTL
# The container test is Debian's qemu-user-static's.
in_container='in_container() {
    if command -v systemd-detect-virt >/dev/null; then
        systemd-detect-virt --quiet --container && return 0
    fi
    grep -zqs ^container= /proc/1/environ
}'
cat >"$stage/DEBIAN/postinst" <<POST
#!/bin/sh
set -e
$in_container
if [ "\$1" = configure ]; then
    if in_container; then
        echo "vemu: in a container: binfmt_misc left alone (vemu-binfmt register does it)" >&2
    elif command -v update-binfmts >/dev/null; then
        update-binfmts --import vemu-aarch64 || true
    elif [ ! -d /run/systemd/system ]; then
        echo "vemu: neither systemd nor binfmt-support runs here: vemu-binfmt register" \\
            "makes arm64 programs run directly" >&2
    fi
fi
POST
cat >"$stage/DEBIAN/prerm" <<PRE
#!/bin/sh
set -e
$in_container
if [ "\$1" = remove ] && ! in_container && command -v update-binfmts >/dev/null; then
    update-binfmts --unimport vemu-aarch64 || true
fi
PRE
chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm"
dpkg-deb --root-owner-group --build "$stage" "$out/vemu_${version}_amd64.deb" >/dev/null
echo "$out/vemu_${version}_amd64.deb"
