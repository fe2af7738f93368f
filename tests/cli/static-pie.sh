#!/bin/sh
# static-pie.sh - vemu-aarch64-static is a static-pie: position independent (ELF type DYN),
# no PT_INTERP and no DT_NEEDED, so it runs inside any root (binfmt_misc flag F, chroots).
#   tests/cli/static-pie.sh build/vemu-aarch64-static
set -u
exe=$1
command -v readelf >/dev/null || { echo "FAIL readelf (binutils) is missing"; exit 1; }
fail=0
readelf -h "$exe" | grep -q 'Type: *DYN' || { echo "FAIL $exe: not position independent"; fail=1; }
if readelf -l "$exe" | grep -q INTERP; then
    echo "FAIL $exe: has a PT_INTERP (dynamically linked)"
    fail=1
fi
if readelf -d "$exe" | grep -q NEEDED; then
    echo "FAIL $exe: needs shared libraries: $(readelf -d "$exe" | grep NEEDED | tr -s ' ')"
    fail=1
fi
out=$(env -i "$exe" -version 2>&1) || { echo "FAIL $exe -version: $out"; fail=1; }
[ "$fail" = 0 ] && echo "PASS static-pie"
exit "$fail"
