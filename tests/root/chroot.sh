#!/bin/sh
# chroot.sh - vemu-chroot never leaves a mount behind (root only, else skip 77).
#
#   tests/root/chroot.sh VEMU_CHROOT VEMU_BINFMT VEMU_STATIC IDS_PROG FETCH_DEB
#
# Builds a small arm64 root (Debian's busybox-static plus the ids test program) and checks
# that /proc/self/mountinfo is exactly as before when the command succeeds, fails, is
# stopped by SIGTERM to the helper, or when the helper is SIGKILLed (then
# `vemu-chroot --cleanup` or the next run cleans up); that the command sees /proc, /sys,
# /dev/pts and resolv.conf; that execve inside the root works both through binfmt_misc (F)
# and without any binfmt entry (vemu re-runs itself through its descriptor); that a root in
# use or not arm64 is refused.
set -u
# shellcheck source=tests/root/lib.sh
. "$(dirname "$0")/lib.sh"
[ $# -eq 5 ] || { echo "usage: $0 VEMU_CHROOT VEMU_BINFMT VEMU_STATIC IDS FETCH_DEB" >&2; exit 2; }
vc=$(realpath "$1") vb=$(realpath "$2") vemu=$(realpath "$3") ids=$(realpath "$4") fetch=$(realpath "$5")
need_root
need_binfmt_misc
bb=$("$fetch" busybox-static) || { echo "FAIL cannot fetch busybox-static (apt)"; exit 1; }

work=$(mktemp -d /tmp/vemu-chroot-test.XXXXXX)
export VEMU_CHROOT_STATE="$work/state"
at_exit "'$vc' --cleanup '$work/root' >/dev/null 2>&1; remove_work '$work'"
r=$work/root
mkdir -p "$r/bin" "$r/etc" "$r/root" "$r/tmp"
cp "$bb/bin/busybox" "$r/bin/busybox"
for a in sh ls cat echo sleep true false uname test; do ln -s busybox "$r/bin/$a"; done
cp "$ids" "$r/bin/ids"
echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"

# Every check compares against this (the test mounts nothing after it).
cat /proc/self/mountinfo >"$work/mi.before"
same_mounts() {
    cat /proc/self/mountinfo >"$work/mi.now"
    if cmp -s "$work/mi.before" "$work/mi.now"; then
        echo "ok   mountinfo unchanged: $1"
    else
        fail "mountinfo changed: $1"
        diff "$work/mi.before" "$work/mi.now" | sed 's/^/  /'
    fi
}
wait_mounted() { # until ROOT/dev/pts is mounted (the helper is running its command)
    n=0
    while ! grep -q " $r/dev/pts " /proc/self/mountinfo; do
        n=$((n + 1))
        [ "$n" -lt 300 ] || return 1
        sleep 0.1
    done
}

# success, no binfmt entry: the static emulator comes along; execve inside works
out=$("$vc" "$r" /bin/sh -c 'uname -m; test -e /proc/self/status && echo proc;
    test -d /sys/kernel && echo sys; test -e /dev/pts/ptmx && echo pts;
    test -e /dev/null && echo dev; /bin/ids a b' 2>"$work/err")
rc=$?
expect_eq "success: exit status" 0 "$rc"
expect_eq "success: output" "aarch64 proc sys pts dev" "$(printf '%s\n' "$out" | head -n 5 | tr '\n' ' ' | sed 's/ $//')"
expect_eq "execve inside the root (no binfmt)" b "$(field arg2 "$out")"
expect_eq "emulator removed from the root" no "$([ -e "$r/.vemu-aarch64-static" ] && echo yes || echo no)"
same_mounts "command succeeded"

# failure
"$vc" "$r" /bin/sh -c 'exit 7' 2>/dev/null
expect_eq "failure: exit status passed on" 7 "$?"
same_mounts "command failed"
"$vc" "$r" /bin/no-such-program 2>/dev/null
expect_eq "missing command: 127" 127 "$?"
same_mounts "command not found"

# SIGTERM to the helper while the command runs; a second session is refused meanwhile
"$vc" "$r" /bin/sleep 60 2>/dev/null &
helper=$!
wait_mounted || fail "helper never mounted"
"$vc" "$r" /bin/true 2>"$work/err2"
expect_eq "root in use: refused with 4" 4 "$?"
expect_eq "root in use: message" yes "$(grep -q 'in use' "$work/err2" && echo yes || echo no)"
kill -TERM "$helper"
wait "$helper"
expect_eq "SIGTERM: helper status" 143 "$?"
same_mounts "helper got SIGTERM"

# SIGKILL: a helper that cannot clean up, its command still running in the root
killed_helper() {
    "$vc" "$r" /bin/sleep 60 2>/dev/null &
    helper=$!
    wait_mounted || fail "helper never mounted"
    kill -KILL "$helper"
    wait "$helper" 2>/dev/null
}
# --cleanup stops what still runs in the root and unmounts
killed_helper
"$vc" --cleanup "$r" 2>/dev/null
expect_eq "--cleanup status" 0 "$?"
same_mounts "helper SIGKILLed, then --cleanup"

# the next run cleans up by itself
killed_helper
"$vc" "$r" /bin/true 2>"$work/err3"
expect_eq "next run after SIGKILL succeeds" 0 "$?"
same_mounts "helper SIGKILLed, then next run"

# binfmt_misc with F: no emulator copied, execve inside goes through the kernel
test_entry chroot
"$vb" register --name "$entry" --interpreter "$vemu" --flags FP >/dev/null || fail "register"
out=$("$vc" "$r" /bin/sh -c '/bin/ids x' 2>"$work/err4")
expect_eq "with F: ran through binfmt_misc" x "$(field arg1 "$out")"
expect_eq "with F: no emulator copied" no "$(grep -q 'running the command under' "$work/err4" && echo yes || echo no)"
"$vb" unregister --name "$entry" >/dev/null
same_mounts "with binfmt F"

# refusals
x=$work/x86root
mkdir -p "$x/bin"
cp /bin/sh "$x/bin/sh"
"$vc" "$x" /bin/sh -c true 2>"$work/err5"
expect_eq "x86-64 root refused with 2" 2 "$?"
expect_eq "x86-64 root: message" yes "$(grep -q 'not an arm64 root' "$work/err5" && echo yes || echo no)"
# a mount point that is a link out of the root (debootstrap --foreign leaves /proc -> /proc)
l=$work/linkroot
mkdir -p "$l"
cp -a "$r/bin" "$l/bin"
ln -s /proc "$l/proc"
"$vc" "$l" /bin/sh -c true 2>"$work/err6"
expect_eq "root with /proc -> /proc refused with 2" 2 "$?"
expect_eq "linked /proc: message" yes "$(grep -q 'not mounting there' "$work/err6" && echo yes || echo no)"
same_mounts "refused roots"
finish chroot
