#!/usr/bin/env bash
# sha256-64m.sh - wall time of Debian's arm64 busybox `sha256sum` over a 64 MiB file under
# vemu-aarch64 and under Debian's qemu-aarch64, measured side by side in one run, plus
# the ratio (qemu time / vemu time: above 1 means vemu is faster).
#
#   bench/sha256-64m.sh [build-dir]      # default build dir: build
#
# Both emulators must print the host's own digest; runs are interleaved (vemu, qemu,
# vemu, qemu, ...) REPEAT times (default 3) and the best time of each is reported, which
# is the least noisy statistic on a shared machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
repeat=${REPEAT:-3}
vemu="$build/vemu-aarch64"
qemu=$(command -v qemu-aarch64) || { echo "sha256-64m: qemu-aarch64 not installed" >&2; exit 1; }
bb="$("$top/tools/fetch-deb.sh" busybox-static)/bin/busybox"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c $((64 << 20)) /dev/urandom >"$tmp/data"
want=$(sha256sum "$tmp/data" | cut -d' ' -f1)

best() { sort -n | head -1; }
run_timed() { # emulator -> seconds on stdout, checks the digest
    local start end got
    start=$(date +%s.%N)
    got=$("$1" "$bb" sha256sum "$tmp/data" | cut -d' ' -f1)
    end=$(date +%s.%N)
    if [ "$got" != "$want" ]; then
        echo "sha256-64m: $1 printed $got, expected $want" >&2
        exit 1
    fi
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

: >"$tmp/vemu.t"
: >"$tmp/qemu.t"
for _ in $(seq "$repeat"); do
    run_timed "$vemu" >>"$tmp/vemu.t"
    run_timed "$qemu" >>"$tmp/qemu.t"
done
tv=$(best <"$tmp/vemu.t")
tq=$(best <"$tmp/qemu.t")
printf 'machine: %s, %s cores, %s\n' "$(uname -m)" "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
printf 'busybox sha256sum 64 MiB: vemu %.2f s, qemu-aarch64 %.2f s (best of %d), ratio qemu/vemu %.3f\n' \
    "$tv" "$tq" "$repeat" "$(awk -v q="$tq" -v v="$tv" 'BEGIN { print q / v }')"
