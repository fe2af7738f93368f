#!/bin/sh
# same-as-host.sh - one C program built twice, for arm64 (run under vemu on both backends)
# and for the host (run natively): the outputs and exit statuses must be equal.  For
# calls whose answers depend on the host (its network interfaces, its key and namespace
# policy), the host kernel is the reference vemu passes them to.
#
#   tests/host/same-as-host.sh VEMU ARM64_PROG HOST_PROG NAME
# Prints "ok N - what" / "not ok N - what" and ends with "N passed, M failed".
set -u
vemu=$1 guest=$2 host=$3 name=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vemu-host.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

"$host" >"$tmp/host" 2>&1
hst=$?
for accel in native tci; do
    VEMU_ACCEL=$accel "$vemu" "$guest" >"$tmp/vemu" 2>&1
    st=$?
    if [ "$st" -eq "$hst" ] && diff -u "$tmp/host" "$tmp/vemu" >"$tmp/diff"; then
        ok "$name as on the host ($accel, status $st, $(wc -l <"$tmp/vemu") lines)"
    else
        bad "$name ($accel; status $st, host $hst)"
        sed 's/^/#   /' "$tmp/diff" | head -30
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
