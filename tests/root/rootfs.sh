#!/bin/sh
# rootfs.sh - vemu-rootfs unpack, setup and image on a small arm64 root (root only, else
# skip 77); full: a real `vemu-rootfs debootstrap --variant minbase` of Debian bookworm
# arm64 (network: the host's apt mirror), apt-get install hello inside it, and its image.
#
#   tests/root/rootfs.sh quick|full VEMU_ROOTFS VEMU_CHROOT IDS_PROG FETCH_DEB
#
# quick: a tarball the test makes (busybox-static + ids) is unpacked, set up (/tmp 1777,
# hostname, modules directory), made into a raw ext4 image with mkfs.ext4 -d and with
# --loop; both pass e2fsck -fn, hold the files (debugfs) and mountinfo is unchanged.
set -u
# shellcheck source=tests/root/lib.sh
. "$(dirname "$0")/lib.sh"
[ $# -eq 5 ] || { echo "usage: $0 quick|full VEMU_ROOTFS VEMU_CHROOT IDS FETCH_DEB" >&2; exit 2; }
mode=$1 vr=$(realpath "$2") vc=$(realpath "$3") ids=$(realpath "$4") fetch=$(realpath "$5")
need_root
for t in mkfs.ext4 e2fsck debugfs; do
    command -v $t >/dev/null || { echo "FAIL $t missing (tools/quickstart installs e2fsprogs)"; exit 1; }
done
work=$(mktemp -d "${VEMU_ROOT_WORK:-/tmp}/vemu-rootfs-test.XXXXXX")
export VEMU_CHROOT_STATE="$work/state"
at_exit "'$vc' --cleanup '$work/root' >/dev/null 2>&1; remove_work '$work'"
cat /proc/self/mountinfo >"$work/mi.before"
r=$work/root

check_image() { # IMAGE WHAT
    e2fsck -fn "$1" >"$work/fsck.log" 2>&1
    expect_eq "$2: e2fsck -fn clean" 0 "$?"
    expect_eq "$2: /tmp mode in the image" 1777 \
        "$(debugfs -R 'stat /tmp' "$1" 2>/dev/null | sed -n 's/.*Mode: *0*\([0-7]*\).*/\1/p' | head -n 1)"
    expect_eq "$2: hostname in the image" board \
        "$(debugfs -R 'cat /etc/hostname' "$1" 2>/dev/null)"
}

if [ "$mode" = quick ]; then
    bb=$("$fetch" busybox-static) || { echo "FAIL cannot fetch busybox-static (apt)"; exit 1; }
    src=$work/src
    mkdir -p "$src/bin" "$src/etc" "$src/tmp" "$src/root"
    cp "$bb/bin/busybox" "$src/bin/"
    for a in sh ls cat echo true; do ln -s busybox "$src/bin/$a"; done
    cp "$ids" "$src/bin/ids"
    echo 'root:x:0:0:root:/root:/bin/sh' >"$src/etc/passwd"
    chmod 755 "$src/tmp"
    tar -C "$src" -czf "$work/root.tar.gz" . || fail "making the tarball"
    "$vr" unpack "$work/root.tar.gz" "$r" 2>"$work/unpack.log"
    expect_eq "unpack: status" 0 "$?"
    expect_eq "unpack: busybox there" yes "$([ -x "$r/bin/busybox" ] && echo yes || echo no)"
    "$vr" unpack "$work/root.tar.gz" "$r" 2>/dev/null
    expect_eq "unpack into a non-empty root refused" 2 "$?"
    mkdir -p "$work/modules/6.1.0-test/kernel"
    echo fake >"$work/modules/6.1.0-test/modules.dep"
    "$vr" setup --hostname board --modules "$work/modules/6.1.0-test" "$r" 2>"$work/setup.log"
    expect_eq "setup: status" 0 "$?"
    expect_eq "setup: /tmp 1777" 1777 "$(stat -c %a "$r/tmp")"
    expect_eq "setup: modules copied" fake "$(cat "$r/lib/modules/6.1.0-test/modules.dep" 2>/dev/null)"
    expect_eq "setup: progress shown" yes "$(grep -q '\[1/1\]' "$work/setup.log" && echo yes || echo no)"
    out=$("$vc" "$r" /bin/ids z 2>/dev/null)
    expect_eq "the root runs arm64 programs" z "$(field arg1 "$out")"
else
    "$vr" debootstrap --suite bookworm --variant minbase "$r"
    expect_eq "debootstrap: status" 0 "$?"
    "$vr" setup --hostname board --packages hello "$r"
    expect_eq "setup --packages hello: status" 0 "$?"
    out=$("$vc" "$r" hello 2>"$work/hello.err")
    expect_eq "hello inside the root" "Hello, world!" "$out"
fi

"$vr" image "$r" "$work/root.img" 2>"$work/image.log"
expect_eq "image: status" 0 "$?"
check_image "$work/root.img" "mkfs.ext4 -d image"
"$vr" image --loop --label vemu "$r" "$work/loop.img" 2>"$work/loop.log"
expect_eq "image --loop: status" 0 "$?"
check_image "$work/loop.img" "loop-mounted image"
"$vr" image --size 1K "$r" "$work/small.img" 2>/dev/null
expect_eq "image smaller than the root refused" 2 "$?"
cat /proc/self/mountinfo >"$work/mi.after"
expect_eq "nothing left mounted below $work" "" "$(grep -F " $work/" "$work/mi.after")"
# the host's own /proc, /sys, /dev mounts are untouched (a root whose /proc is a symlink
# to /proc once made vemu-chroot mount on the host's /proc)
host_mounts() { awk '$5 ~ "^/(proc|sys|dev)(/pts|/shm)?$" { print $5, $9 }' "$1" | sort; }
expect_eq "host /proc, /sys, /dev mounts unchanged" "$(host_mounts "$work/mi.before")" \
    "$(host_mounts "$work/mi.after")"
if [ "$mode" = quick ]; then
    # the full mode runs for minutes: other work on the machine may mount meanwhile
    expect_eq "mountinfo unchanged" yes "$(cmp -s "$work/mi.before" "$work/mi.after" && echo yes || echo no)"
fi
finish "rootfs-$mode"
