#!/bin/sh
# run-busybox.sh - meson wrapper for the busybox-applets test: fetch Debian's
# arm64 busybox-static (cached by tools/fetch-deb.sh) and run busybox.sh
# with the emulator.  A failed fetch (no network, no apt) FAILS the test
# with a clear message; it is never reported as a pass.
#
#   tests/real/run-busybox.sh RUNNER FETCH_DEB BUSYBOX_SH
#   e.g. tests/real/run-busybox.sh build/vemu-aarch64 tools/fetch-deb.sh tests/real/busybox.sh
#
# VEMU_REAL_RUNNER, when set, replaces RUNNER (e.g. qemu-aarch64, for comparison).
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 RUNNER FETCH_DEB BUSYBOX_SH" >&2
    exit 2
fi
runner=${VEMU_REAL_RUNNER:-$1}
# busybox.sh works in a temporary directory: make a relative runner path absolute.
case $runner in
*/*) runner=$(cd "$(dirname "$runner")" && pwd)/$(basename "$runner") ;;
esac
fetch=$2
script=$3
if ! root=$("$fetch" busybox-static); then
    echo "busybox-applets: FAIL: could not fetch busybox-static:arm64 with $fetch" >&2
    echo "busybox-applets: this test needs apt with network access once (then it is cached in \${VEMU_CACHE:-\$HOME/.cache/vemu})" >&2
    exit 1
fi
bb=$root/bin/busybox
if [ ! -x "$bb" ]; then
    echo "busybox-applets: FAIL: $bb missing after fetching busybox-static" >&2
    exit 1
fi
exec "$script" "$runner" "$bb"
