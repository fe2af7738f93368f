# spawn.sh N - run N short processes one after another (sourced by Debian's dash).
#
# $BENCH_EMU is the emulator command line for arm64 children ("" natively): each child
# is a new emulator process, as binfmt_misc would start it, so vemu and qemu-aarch64
# pay the same start-up per process.  $BENCH_TRUE is the `true` program of the root.
# Example: BENCH_EMU="vemu-aarch64 -L root" BENCH_TRUE=root/bin/true dash spawn.sh 500
i=0
while [ "$i" -lt "$1" ]; do
    $BENCH_EMU "$BENCH_TRUE" || exit 1
    i=$((i + 1))
done
echo "spawned $i processes"
