#!/usr/bin/env bash
# gdb.sh - gdb-multiarch debugging a guest through `vemu-aarch64 -g PORT` (the gdbstub):
# breakpoints, registers, memory, stepi, vector registers, threads, a guest SIGSEGV, and
# the exit status, all checked against what tests/gdb/gdb-target.c defines; with a fourth
# argument, the same program linked dynamically (PIE, ld.so and libc found through the
# auxv gdb reads with qXfer:auxv:read; run with -L /usr/aarch64-linux-gnu).
#   tests/gdb/gdb.sh build/vemu-aarch64 build/tests/gdb/gdb-target native [gdb-target-dyn]
# Prints "PASS name" / "FAIL name: why" per check; exits 1 on any failure.
set -u
vemu=$1
prog=$2
accel=${3:-native}
dyn_prog=${4:-}
command -v gdb-multiarch >/dev/null ||
    { echo "FAIL gdb-multiarch is missing (apt-get install gdb-multiarch, or tools/quickstart test)"; exit 1; }

tmp=$(mktemp -d)
vemu_pid=
cleanup() {
    if [ -n "$vemu_pid" ]; then
        kill -9 "$vemu_pid" 2>/dev/null
        wait "$vemu_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Wait until something listens on 127.0.0.1:$1 (without connecting: vemu accepts once).
wait_listen() {
    local hex
    hex=$(printf '%04X' "$1")
    for _ in $(seq 1 200); do
        if grep -q "^ *[0-9]*: 0100007F:$hex 00000000:0000 0A" /proc/net/tcp; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# gdb finds arm64 libraries in Debian's cross sysroot (or, with sysroot_cmd changed, reads
# them from vemu with vFile requests: its default sysroot is "target:").
sysroot_cmd='set sysroot /usr/aarch64-linux-gnu'

# run_gdb NAME MODE GDB-COMMANDS...: start vemu -g on MODE, run gdb with the commands;
# gdb's output in $tmp/NAME.gdb, vemu's in $tmp/NAME.out, vemu's status in $tmp/NAME.rc.
run_gdb() {
    local name=$1 mode=$2
    shift 2
    local port args=()
    port=$(free_port)
    "$vemu" -accel "$accel" -L /usr/aarch64-linux-gnu -g "$port" "$prog" "$mode" \
        >"$tmp/$name.out" 2>&1 &
    vemu_pid=$!
    if ! wait_listen "$port"; then
        echo "FAIL $name: vemu-aarch64 -g $port is not listening"
        fail=1
        return
    fi
    for c in "target remote 127.0.0.1:$port" "$@"; do
        args+=(-ex "$c")
    done
    local file=("$prog")
    if [ -n "${no_file:-}" ]; then
        file=()
    fi
    timeout 120 gdb-multiarch -batch -nx -ex "$sysroot_cmd" "${args[@]}" "${file[@]}" \
        >"$tmp/$name.gdb" 2>&1
    local i
    for i in $(seq 1 100); do
        kill -0 "$vemu_pid" 2>/dev/null || break
        sleep 0.05
    done
    wait "$vemu_pid" 2>/dev/null
    echo $? >"$tmp/$name.rc"
    vemu_pid=
}

# expect NAME CHECK REGEX: gdb's output for NAME must match REGEX (grep -E).
expect() {
    if grep -Eq -- "$3" "$tmp/$1.gdb"; then
        echo "PASS $1: $2"
    else
        echo "FAIL $1: $2: no match for /$3/ in gdb's output:"
        sed 's/^/    /' "$tmp/$1.gdb"
        fail=1
    fi
}

expect_rc() {
    local rc
    rc=$(cat "$tmp/$1.rc" 2>/dev/null)
    if [ "$rc" = "$2" ]; then
        echo "PASS $1: vemu exit status $2"
    else
        echo "FAIL $1: vemu exit status ${rc:-none}, expected $2"
        fail=1
    fi
}

# 0. bad ports are usage errors (status 125, one line naming the option)
bad_port() {
    local what=$1 want=$2 out rc
    shift 2
    out=$("$@" 2>&1 </dev/null)
    rc=$?
    if [ "$rc" = 125 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
        printf '%s' "$out" | grep -q "^vemu-aarch64: $want"; then
        echo "PASS options: $what"
    else
        echo "FAIL options: $what: status $rc, output: $out"
        fail=1
    fi
}
bad_port "-g abc" "-g abc: not a TCP port" "$vemu" -g abc "$prog"
bad_port "-g 70000" "-g 70000: not a TCP port" "$vemu" -g 70000 "$prog"
bad_port "VEMU_GDB=0" "-g 0: not a TCP port" env VEMU_GDB=0 "$vemu" "$prog"
python3 -c 'import socket, time; s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True); time.sleep(30)' >"$tmp/busy" &
busy_pid=$!
for _ in $(seq 1 100); do
    [ -s "$tmp/busy" ] && break
    sleep 0.05
done
busy=$(cat "$tmp/busy")
bad_port "a port in use" "-g $busy: cannot listen on localhost: Address already in use" \
    "$vemu" -g "$busy" "$prog"
kill "$busy_pid" 2>/dev/null
wait "$busy_pid" 2>/dev/null

# 1. breakpoints, registers, memory, stepi, a vector register, exit status 3
run_gdb basic basic \
    'break *add3' 'break *fp_set' continue \
    'info registers x0 x1 x2 pc' 'x/s greeting' \
    'printf "before %#lx\n", $pc' stepi 'printf "after %#lx\n", $pc' \
    'printf "x0 now %#lx\n", $x0' \
    continue stepi 'p $v0' 'p $d0' continue
expect basic "breakpoint on add3" 'Breakpoint 1, 0x[0-9a-f]+ in add3'
expect basic "x0 = first argument" '^x0 +0x11 '
expect basic "x1 = second argument" '^x1 +0x22 '
expect basic "x2 = third argument" '^x2 +0x33 '
expect basic "pc at add3" '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <add3>'
expect basic "x/s of a guest string" '<greeting>:.*"hello from the vemu gdbstub test"'
before=$(sed -n 's/^before 0x//p' "$tmp/basic.gdb")
after=$(sed -n 's/^after 0x//p' "$tmp/basic.gdb")
if [ -n "$before" ] && [ -n "$after" ] && [ $((0x$after - 0x$before)) = 4 ]; then
    echo "PASS basic: stepi moves pc by 4"
else
    echo "FAIL basic: stepi moved pc from 0x$before to 0x$after"
    fail=1
fi
expect basic "stepi ran add x0, x0, x1" '^x0 now 0x33$'
expect basic "second breakpoint (fp_set)" 'Breakpoint 2, 0x[0-9a-f]+ in fp_set'
expect basic "v0 after fmov d0, #1.5" 'd = \{f = \{1\.5, 0\}'
expect basic "d0 view of v0" '\{f = 1\.5, u = 4609434218613702656'
expect basic "exit reported with the program's status" 'exited with code 03'
expect_rc basic 3

# 2. threads: all three are listed when one stops
run_gdb threads threads 'break *threads_ready' continue 'info threads' 'thread 2' stepi \
    'thread 3' stepi continue
expect threads "breakpoint in the main thread" 'hit Breakpoint 1, 0x[0-9a-f]+ in threads_ready'
n=$(grep -Ec '^\*? +[0-9]+ +Thread [0-9]+' "$tmp/threads.gdb")
if [ "$n" = 3 ]; then
    echo "PASS threads: info threads lists 3 threads"
else
    echo "FAIL threads: info threads lists $n threads, expected 3:"
    sed 's/^/    /' "$tmp/threads.gdb"
    fail=1
fi
expect threads "a thread blocked in read()" 'Thread [0-9]+ +.*in read \('
expect threads "exit reported" 'exited normally'
expect_rc threads 0

# 1b. without the program file, gdb learns the architecture from vemu's target.xml and
# reads the program itself (qXfer:exec-file:read, then vFile with the default sysroot)
sysroot_cmd='show sysroot'
no_file=1 run_gdb nofile basic 'show architecture' 'x/i $pc' 'p/x $v0.q.u[0]' continue
sysroot_cmd='set sysroot /usr/aarch64-linux-gnu'
expect nofile "architecture aarch64 from the target description" 'currently "aarch64"'
expect nofile "the program's symbols, read from vemu" '=> 0x[0-9a-f]+ <_start>:'
expect nofile "vector registers typed by target.xml" '^\$1 = 0x0$'
expect nofile "exit reported" 'exited with code 03'
expect_rc nofile 3

# 2a. four threads racing to one breakpoint: every stop gdb sees is one it can explain
# (a hit that waited while gdb stepped another thread over the breakpoint is reported
# after that step, or dropped if the breakpoint is gone)
storm=('break *storm_hit')
for _ in $(seq 1 30); do
    storm+=(continue)
done
run_gdb storm storm "${storm[@]}" delete continue
n=$(grep -c 'hit Breakpoint 1, 0x[0-9a-f]* in storm_hit' "$tmp/storm.gdb")
if [ "$n" = 30 ] && ! grep -q 'internal-error' "$tmp/storm.gdb"; then
    echo "PASS storm: 30 breakpoint hits from racing threads"
else
    echo "FAIL storm: $n hits of 30:"
    sed 's/^/    /' "$tmp/storm.gdb" | tail -30
    fail=1
fi
expect storm "exit reported" 'exited normally'
expect_rc storm 0

# 2b. gdb's software watchpoints (no hardware ones in the stub) single-step to the store
run_gdb watch threads 'break *threads_ready' continue 'set can-use-hw-watchpoints 0' \
    'watch stop_spinning' continue delete continue
expect watch "the store to stop_spinning is seen" 'Old value = 0'
expect watch "with its new value" 'New value = 1'
expect watch "exit reported" 'exited normally'
expect_rc watch 0

# 2c. a vfork child shares the parent's memory and breakpoints: it stops as one more thread
run_gdb vfork vfork 'break *in_vfork_child' continue 'info threads' continue
expect vfork "the vfork child stops at the breakpoint" 'hit Breakpoint 1, 0x[0-9a-f]+ in in_vfork_child'
expect vfork "the parent waits in vfork" 'Thread [0-9]+ +0x[0-9a-f]+ in vfork \('
expect vfork "the parent sees the child's status and exits" 'exited normally'
expect_rc vfork 0

# 2d. stepping over vfork's svc: the child runs (and exits) while the parent steps
cat >"$tmp/vfork-step.cmds" <<'GDB'
set $n = 0
while $n < 16 && *(unsigned int *)$pc != 0xd4000001
  stepi
  set $n = $n + 1
end
printf "at svc: %d\n", *(unsigned int *)$pc == 0xd4000001
stepi
printf "child pid returned: %d\n", $x0 > 1
GDB
run_gdb vfork-step vfork 'break vfork' continue "source $tmp/vfork-step.cmds" continue
expect vfork-step "stepped to vfork's svc" '^at svc: 1$'
expect vfork-step "the step over it returns the child's pid" '^child pid returned: 1$'
expect vfork-step "exit reported" 'exited normally'
expect_rc vfork-step 0

# 3. a guest SIGSEGV stops the program; continuing passes it on and it kills the process
run_gdb segv segv continue 'x/i $pc' continue
expect segv "SIGSEGV reported" 'Program received signal SIGSEGV'
expect segv "stopped at the faulting store" '=> 0x[0-9a-f]+ <main\+[0-9]+>:[[:space:]]+str'
expect segv "death by SIGSEGV reported" 'Program terminated with signal SIGSEGV'
expect_rc segv 139

# 4. a dynamically linked PIE: breakpoints at relocated addresses, shared libraries
if [ -n "$dyn_prog" ]; then
    prog=$dyn_prog
    run_gdb dynamic basic 'break add3' continue 'info registers x0' 'info sharedlibrary' \
        'x/s greeting' continue
    expect dynamic "breakpoint on add3 in the relocated program" 'Breakpoint 1, 0x[0-9a-f]+ in add3'
    expect dynamic "x0 = first argument" '^x0 +0x11 '
    expect dynamic "libc.so.6 found through the auxv and r_debug" '/libc\.so\.6'
    expect dynamic "x/s of a guest string" '"hello from the vemu gdbstub test"'
    expect dynamic "exit reported" 'exited with code 03'
    expect_rc dynamic 3

    # gdb's default sysroot "target:": ld.so and libc come from vemu (vFile), -L applied
    sysroot_cmd='show sysroot'
    run_gdb hostio basic 'break add3' continue 'break printf' continue 'info sharedlibrary' \
        continue
    sysroot_cmd='set sysroot /usr/aarch64-linux-gnu'
    expect hostio "libc read from the target" 'target:/lib/libc\.so\.6'
    expect hostio "a breakpoint in libc (printf) is hit" 'Breakpoint 2, 0x[0-9a-f]+ in printf \(\) from target:'
    expect hostio "exit reported" 'exited with code 03'
    expect_rc hostio 3
fi

exit "$fail"
