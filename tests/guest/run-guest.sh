#!/bin/sh
# run-guest.sh - run one tests/guest program under an arm64 runner and
# require both exit status 0 and a last output line "PASS <name>" (so an
# emulator that exits 0 early cannot pass by accident).
#
#   tests/guest/run-guest.sh RUNNER PROG NAME
#   e.g. tests/guest/run-guest.sh build/vemu-aarch64 build/tests/guest/arith arith
#
# VEMU_GUEST_RUNNER, when set, replaces RUNNER (word-split, so it may carry
# options): VEMU_GUEST_RUNNER=qemu-aarch64 meson test --suite guest runs the
# same programs under qemu for comparison.
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 RUNNER PROG NAME" >&2
    exit 2
fi
runner=$1 prog=$2 name=$3
if [ -n "${VEMU_GUEST_RUNNER:-}" ]; then
    runner=$VEMU_GUEST_RUNNER
fi
out=$(mktemp "${TMPDIR:-/tmp}/vemu-guest.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086  # the runner may be "qemu-aarch64 -cpu max"
$runner "$prog" >"$out" 2>&1
status=$?
cat "$out"
last=$(tail -n 1 "$out")
if [ "$status" -eq 77 ] && [ "$last" = "SKIP $name" ]; then
    exit 77 # the program found nothing to test on this host and said why (meson: skipped)
fi
if [ "$status" -ne 0 ]; then
    echo "run-guest: $name exited with status $status" >&2
    exit 1
fi
if [ "$last" != "PASS $name" ]; then
    echo "run-guest: $name exited 0 but its last line is '$last', not 'PASS $name'" >&2
    exit 1
fi
exit 0
