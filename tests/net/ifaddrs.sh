#!/bin/sh
# ifaddrs.sh - glibc's getifaddrs()/if_nameindex() (NETLINK_ROUTE dumps) under vemu
# against the host: tests/net/ifaddrs.c built for arm64 runs under vemu, the same
# source built for the host runs natively, and the outputs must be equal.
#
#   tests/net/ifaddrs.sh VEMU ARM64_PROG HOST_PROG
# Prints "ok N - what" / "not ok N - what" and ends with "N passed, M failed".
set -u
vemu=$1 guest=$2 host=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vemu-ifaddrs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

"$host" >"$tmp/host" 2>&1
hst=$?
for accel in native tci; do
    VEMU_ACCEL=$accel "$vemu" "$guest" >"$tmp/vemu" 2>&1
    st=$?
    if [ "$hst" -eq 0 ] && [ "$st" -eq 0 ] && diff -u "$tmp/host" "$tmp/vemu" >"$tmp/diff"; then
        ok "getifaddrs/if_nameindex as on the host ($accel): $(tail -1 "$tmp/vemu")"
    else
        bad "getifaddrs/if_nameindex ($accel; status $st, host $hst)"
        sed 's/^/#   /' "$tmp/diff" | head -30
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
