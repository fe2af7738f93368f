#!/bin/sh
# make-deb.sh - build a Debian package of vemu (the one command of issue 8's packaging).
#
#   tools/make-deb.sh [OUTDIR]      # writes OUTDIR/vemu_VERSION_amd64.deb (default: .)
#
# Configures a release build in build-deb/ with prefix /usr, installs it into a staging
# directory with `meson install --destdir`, adds binfmt-support's format file
# (/usr/share/binfmts/vemu-aarch64) next to the binfmt.d(5) file meson installs, and
# maintainer scripts that register vemu the Debian way: systemd-binfmt when systemd runs
# the machine, else update-binfmts (binfmt-support), else vemu-binfmt itself; and remove
# the registration on removal.  Flags: F and P (vemu-binfmt(1)).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(cd "${1:-.}" && pwd)
build=$top/build-deb
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

[ -f "$build/build.ninja" ] || meson setup "$build" "$top" --prefix=/usr -Dbuildtype=release >/dev/null
ninja -C "$build" >/dev/null
DESTDIR=$stage meson install -C "$build" --no-rebuild >/dev/null
version=$(sed -n "s/^  version : '\(.*\)',/\1/p" "$top/meson.build")

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
Recommends: debootstrap, e2fsprogs
Suggests: systemd | binfmt-support
Section: otherosfs
Priority: optional
Description: user-mode emulator running Linux arm64 programs on x86-64
 vemu runs Linux arm64 (aarch64) programs on x86-64 hosts, explicitly
 (vemu-aarch64 PROG) or transparently through binfmt_misc, including inside
 chroots (vemu-aarch64-static).  vemu-chroot and vemu-rootfs make and enter
 arm64 Debian roots and ext4 images.
CTL
cat >"$stage/DEBIAN/postinst" <<'POST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        systemctl restart systemd-binfmt.service || true
    elif command -v update-binfmts >/dev/null; then
        update-binfmts --import vemu-aarch64 || true
    else
        vemu-binfmt register >/dev/null 2>&1 || true
    fi
fi
POST
cat >"$stage/DEBIAN/prerm" <<'PRE'
#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = deconfigure ]; then
    if command -v update-binfmts >/dev/null && [ ! -d /run/systemd/system ]; then
        update-binfmts --package vemu --remove vemu-aarch64 /usr/bin/vemu-aarch64-static || true
    fi
    vemu-binfmt unregister >/dev/null 2>&1 || true
fi
PRE
chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm"
dpkg-deb --root-owner-group --build "$stage" "$out/vemu_${version}_amd64.deb" >/dev/null
echo "$out/vemu_${version}_amd64.deb"
