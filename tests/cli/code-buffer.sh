#!/bin/sh
# code-buffer.sh - a full code buffer is emptied and reused: tests/guest/code-buffer (6000
# generated functions, about 2 MiB of translated code) under `-tb-size 1` must pass while
# `-d stats` counts at least two cache flushes; -tb-size outside 1..256 is a usage error.
#   tests/cli/code-buffer.sh build/vemu-aarch64 build/tests/guest/code-buffer
set -u
vemu=$1 prog=$2
log=$(mktemp "${TMPDIR:-/tmp}/vemu-code-buffer.XXXXXX") || exit 2
out=$(mktemp "${TMPDIR:-/tmp}/vemu-code-buffer.XXXXXX") || exit 2
trap 'rm -f "$log" "$out"' EXIT
fail=0
"$vemu" -tb-size 1 -d stats -D "$log" "$prog" >"$out" 2>&1
status=$?
last=$(tail -n 1 "$out")
if [ "$status" -ne 0 ] || [ "$last" != "PASS code-buffer" ]; then
    cat "$out"
    echo "FAIL -tb-size 1: exit status $status, last line '$last'"
    fail=1
fi
flushes=$(sed -n 's/^ *cache flushes *\([0-9]*\).*/\1/p' "$log")
if [ -z "$flushes" ] || [ "$flushes" -lt 2 ]; then
    cat "$log"
    echo "FAIL -tb-size 1: expected at least 2 cache flushes in -d stats, got '${flushes}'"
    fail=1
fi
for bad in 0 257 1x; do
    "$vemu" -tb-size "$bad" "$prog" >/dev/null 2>"$out"
    status=$?
    if [ "$status" -ne 125 ] || ! grep -q -- "-tb-size $bad" "$out"; then
        echo "FAIL -tb-size $bad: expected a usage error (status 125), got $status: $(cat "$out")"
        fail=1
    fi
done
[ "$fail" = 0 ] && echo "PASS code-buffer ($flushes flushes)"
exit "$fail"
