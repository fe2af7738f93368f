#!/bin/sh
# full-run.sh - the difftest's release run: 2 million random instructions against qemu 10.
#
#   tests/difftest/full-run.sh [BUILD_DIR [OUT_DIR]]
#   e.g. tests/difftest/full-run.sh build /tmp/difftest-full     # about 40-60 minutes
#
# Runs every class (the CI slice's list) for seeds 1..SEEDS (default 10000) x 200 units on the
# native backend in batches of 1000 seeds, then seeds 1..TCI_SEEDS (default 1000) on the
# interpreter (VEMU_ACCEL=tci), one process at nice 10 so a shared machine stays usable.
# Each batch's log is OUT_DIR/native-N.log / tci-N.log; the per-class instruction counts
# accumulate in OUT_DIR/counts.json, which tools/isa-coverage.py --difftest turns into the
# difftest column of docs/isa-coverage.md (copy it to docs/difftest-counts.json first).
# Failing seeds are reduced and kept in OUT_DIR/work-*; the summary line of every batch is
# printed as it ends.  Exit status 1 if any seed failed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
out=${2:-/tmp/vemu-difftest-full}
seeds=${SEEDS:-10000}
tci_seeds=${TCI_SEEDS:-1000}
classes=int,mem,lse,intx,fp,simd,simdx,vfp,ahp,flagm2,ctrl,dotprod,rdm,fcma,frintts,jscvt,i8mm
classes=$classes,bf16,rng,crypto,sysx
vemu=$(cd "$build" && pwd)/vemu-aarch64
[ -x "$vemu" ] || { echo "full-run: $vemu: not built (ninja -C $build)" >&2; exit 2; }
mkdir -p "$out"
status=0

batch() { # backend first last log
    if [ "$1" = tci ]; then export VEMU_ACCEL=tci; else unset VEMU_ACCEL; fi
    nice -n 10 python3 "$top/tests/difftest/difftest.py" --vemu "$vemu" \
        --oracle qemu10 --seeds "$2-$3" --insns 200 --classes "$classes" -j1 \
        --counts "$out/counts.json" --workdir "$out/work-$1" >"$4" 2>&1 || status=1
    echo "$1 seeds $2-$3: $(tail -n 1 "$4")"
}

batches() { # backend seeds: batches of 1000 seeds
    i=0
    while [ $((i * 1000)) -lt "$2" ]; do
        hi=$(((i + 1) * 1000))
        [ "$hi" -le "$2" ] || hi=$2
        batch "$1" $((i * 1000 + 1)) "$hi" "$out/$1-$i.log"
        i=$((i + 1))
    done
}

batches native "$seeds"
batches tci "$tci_seeds"
exit $status
