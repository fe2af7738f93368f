#!/bin/sh
# vdso-strace.sh - glibc's clock_gettime, gettimeofday and time go through the vDSO:
# `vdso --loop N` makes N calls of each (4N in all, clock_gettime for two clocks), and
# vemu's -strace must show almost none of them.  A few remain by design: the vDSO
# takes the syscall when the [vvar] offsets are older than 10 ms (docs/design/vdso.md),
# so the bound is one per millisecond of run time, far below 4N.
#
#   tests/guest/vdso-strace.sh VEMU PROG [N]
#   e.g. tests/guest/vdso-strace.sh build/vemu-aarch64 build/tests/guest/vdso 2000
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 VEMU PROG [N]" >&2
    exit 2
fi
vemu=$1 prog=$2 n=${3:-2000}
log=$(mktemp "${TMPDIR:-/tmp}/vemu-vdso.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT
start=$(date +%s%N)
"$vemu" -strace "$prog" --loop "$n" >"$log" 2>&1
status=$?
end=$(date +%s%N)
if [ $status -ne 0 ] || ! grep -q "^loop $n done" "$log"; then
    tail -n 5 "$log"
    echo "vdso-strace: the program failed (status $status)" >&2
    exit 1
fi
calls=$(grep -cE ' (clock_gettime|gettimeofday)\(' "$log")
ms=$(( (end - start) / 1000000 ))
limit=$(( ms + 5 ))
echo "$((4 * n)) time calls in ${ms} ms, $calls of them system calls (limit $limit)"
if [ "$calls" -gt "$limit" ]; then
    grep -E ' (clock_gettime|gettimeofday)\(' "$log" | head -n 5
    echo "vdso-strace: the time calls are not going through the vDSO" >&2
    exit 1
fi
echo "PASS vdso-strace"
