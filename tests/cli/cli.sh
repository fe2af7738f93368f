#!/bin/sh
# cli.sh - tests of vemu-aarch64's command line and error handling: every option and its
# VEMU_* variable, exit statuses and one-line messages for bad input, -d logging, -strace,
# -L for dynamically linked programs, SIGILL on unallocated encodings.
#
#   tests/cli/cli.sh VEMU ARGS_PROG BAD_INSN_PROG HELLO_ASM [DYN_HELLO]
# Prints "ok N - what" / "not ok N - what" and ends with "N passed, M failed".
set -u
vemu=$1 args=$2 badinsn=$3 helloasm=$4 dynhello=${5:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vemu-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() {
    n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"
    sed 's/^/#   /' "$tmp/out" "$tmp/err" 2>/dev/null | head -20
}
# run CMD...: stdout -> out, stderr -> err, status -> $st
run() { "$@" >"$tmp/out" 2>"$tmp/err"; st=$?; }
# expect_error DESC STATUS MSG-SUBSTRING CMD...: status, exactly one stderr line, prefix, text
expect_error() {
    desc=$1 want=$2 msg=$3; shift 3
    run "$@"
    lines=$(wc -l <"$tmp/err")
    if [ "$st" -eq "$want" ] && [ "$lines" -eq 1 ] && grep -q "^vemu-aarch64: .*$msg" "$tmp/err" \
        && [ ! -s "$tmp/out" ]; then
        ok "$desc"
    else
        echo "#   status $st (want $want), $lines stderr lines"; bad "$desc"
    fi
}
has() { grep -q -- "$1" "$2"; }

run "$vemu" -version
if [ $st -eq 0 ] && has "vemu-aarch64 version" "$tmp/out"; then ok "-version"; else bad "-version"; fi
run "$vemu" -h
if [ $st -eq 0 ] && has "VEMU_LD_PREFIX" "$tmp/out" && has "-strace" "$tmp/out"; then ok "-h lists options and variables"; else bad "-h"; fi
run "$vemu" -cpu help
if [ $st -eq 0 ] && has "max" "$tmp/out" && has "cortex-a53" "$tmp/out"; then ok "-cpu help"; else bad "-cpu help"; fi
run "$vemu" -d help
if [ $st -eq 0 ] && has "in_asm" "$tmp/out" && has "unimp" "$tmp/out"; then ok "-d help"; else bad "-d help"; fi

expect_error "unknown option" 125 "unknown option '-frobnicate'" "$vemu" -frobnicate "$args"
expect_error "option without its argument" 125 "needs an argument" "$vemu" -L
expect_error "no program" 125 "no program given" "$vemu"
expect_error "unknown -cpu model" 125 "unknown CPU model" "$vemu" -cpu pentium "$args"
expect_error "unknown -d item" 125 "unknown log item 'bogus'" "$vemu" -d in_asm,bogus "$args"
expect_error "bad -s size" 125 "stack size" "$vemu" -s 12 "$args"
expect_error "missing program file" 127 "No such file or directory" "$vemu" "$tmp/nonexistent"
printf 'just text\n' >"$tmp/text"
expect_error "not an ELF file" 126 "not an ELF file" "$vemu" "$tmp/text"
expect_error "ELF of another machine" 126 "not aarch64" "$vemu" /bin/sh
head -c 200 "$args" >"$tmp/trunc"
expect_error "truncated ELF" 126 "truncated" "$vemu" "$tmp/trunc"
: >"$tmp/empty"
expect_error "empty file" 126 "" "$vemu" "$tmp/empty"
expect_error "directory" 126 "" "$vemu" "$tmp"
if [ -n "$dynhello" ]; then
    expect_error "missing ELF interpreter" 127 "interpreter .* not found" \
        env -u VEMU_LD_PREFIX "$vemu" -L "$tmp/noroot" "$dynhello"
    run "$vemu" -L /usr/aarch64-linux-gnu "$dynhello"
    if [ $st -eq 0 ] && has "hello, world" "$tmp/out"; then ok "-L runs a dynamic program"; else bad "-L dynamic"; fi
    run env VEMU_LD_PREFIX=/usr/aarch64-linux-gnu "$vemu" "$dynhello"
    if [ $st -eq 0 ] && has "hello, world" "$tmp/out"; then ok "VEMU_LD_PREFIX"; else bad "VEMU_LD_PREFIX"; fi
fi

run "$vemu" "$helloasm"
if [ $st -eq 0 ] && [ ! -s "$tmp/err" ]; then ok "raw-syscall program, nothing on stderr"; else bad "hello-asm"; fi
run "$vemu" -0 renamed "$args" one two
if [ $st -eq 0 ] && has "argv\[0\]=renamed" "$tmp/out" && has "argv\[2\]=two" "$tmp/out"; then ok "-0 argv0"; else bad "-0"; fi
run env VEMU_ARGV0=fromenv "$vemu" "$args"
if has "argv\[0\]=fromenv" "$tmp/out"; then ok "VEMU_ARGV0"; else bad "VEMU_ARGV0"; fi
run env VEMU_T1=gone "$vemu" -E VEMU_T2=set -U VEMU_T1 "$args" --env VEMU_T1 --env VEMU_T2
if has "env VEMU_T1=(unset)" "$tmp/out" && has "env VEMU_T2=set" "$tmp/out"; then ok "-E / -U"; else bad "-E/-U"; fi
run env VEMU_T1=gone VEMU_SET_ENV=VEMU_A=1,VEMU_B=2 VEMU_UNSET_ENV=VEMU_T1 "$vemu" "$args" \
    --env VEMU_A --env VEMU_B --env VEMU_T1
if has "env VEMU_A=1" "$tmp/out" && has "env VEMU_B=2" "$tmp/out" && has "VEMU_T1=(unset)" "$tmp/out"; then
    ok "VEMU_SET_ENV / VEMU_UNSET_ENV"; else bad "VEMU_SET_ENV/UNSET"; fi
run "$vemu" -- "$args" -h
if [ $st -eq 0 ] && has "argv\[1\]=-h" "$tmp/out"; then ok "-- ends options; guest gets -h"; else bad "--"; fi
run "$vemu" "$args" --exit 42
if [ $st -eq 42 ]; then ok "exit status passes through"; else bad "exit status ($st)"; fi
run "$vemu" "$args" --kill 15
if [ $st -eq 143 ]; then ok "death by SIGTERM passes through"; else bad "SIGTERM status ($st)"; fi

# -L applies to the lookups of a module loader (node's libuv uses statx): a symlink that
# exists only under the prefix is found by stat, statx, faccessat, readlink and statfs
mkdir -p "$tmp/pfx/only-in-prefix"
: >"$tmp/pfx/only-in-prefix/target"
ln -s target "$tmp/pfx/only-in-prefix/link"
run "$vemu" -L "$tmp/pfx" "$args" --lookup /only-in-prefix/link
if [ $st -eq 0 ] && has "stat=0 statx=0 access=0 readlink=0 statfs=0" "$tmp/out"; then
    ok "-L: stat, statx, faccessat, readlink, statfs"; else bad "-L lookups"; fi
run "$vemu" "$args" --lookup /only-in-prefix/link
if [ $st -eq 0 ] && has "stat=2 statx=2 access=2 readlink=2 statfs=2" "$tmp/out"; then
    ok "without -L the same lookups fail with ENOENT"; else bad "lookups without -L"; fi

run "$vemu" -strace "$args" --exit 3
if [ $st -eq 3 ] && grep -q "write(1" "$tmp/err" && grep -q "exit_group(3" "$tmp/err"; then
    ok "-strace logs syscalls to stderr"; else bad "-strace"; fi
run env VEMU_STRACE=1 "$vemu" "$args"
if grep -q "write(1" "$tmp/err"; then ok "VEMU_STRACE"; else bad "VEMU_STRACE"; fi
run "$vemu" -d in_asm,op,op_opt -D "$tmp/log" "$helloasm"
if [ $st -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q "svc" "$tmp/log" && grep -q "^ mov_i64 x8" "$tmp/log" \
    && grep -q "OP after optimization" "$tmp/log"; then ok "-d in_asm,op,op_opt -D file"; else bad "-d -D"; cat "$tmp/log" | head; fi
run env VEMU_LOG=exec VEMU_LOG_FILENAME="$tmp/log2" "$vemu" "$helloasm"
if grep -q "^Trace: " "$tmp/log2"; then ok "VEMU_LOG / VEMU_LOG_FILENAME (exec)"; else bad "VEMU_LOG"; fi

run "$vemu" -d unimp "$badinsn"
if [ $st -eq 132 ] && grep -q "unallocated encoding 0x00800000" "$tmp/err"; then
    ok "unallocated encoding: guest SIGILL, named by -d unimp"; else bad "SIGILL (status $st)"; fi
run "$vemu" "$badinsn"
# (the shell itself may report "Illegal instruction" on that stream; vemu must add nothing)
if [ $st -eq 132 ] && ! grep -qi "vemu\|unallocated" "$tmp/err"; then ok "SIGILL without -d unimp: vemu prints nothing"; else bad "quiet SIGILL"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
