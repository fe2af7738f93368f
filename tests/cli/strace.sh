#!/bin/sh
# strace.sh - vemu-aarch64 -strace against the text strace prints for the same calls:
# tests/cli/strace-calls.c makes system calls with known arguments and the lines from
# its "BEGIN" marker on must equal tests/cli/strace-expected.txt exactly; then the
# "[pid N]" prefix of a second thread, signal delivery lines and "+++ killed by +++",
# and -D / VEMU_STRACE.
#
#   tests/cli/strace.sh VEMU STRACE_CALLS EXPECTED
# Prints "ok N - what" / "not ok N - what" and ends with "N passed, M failed".
set -u
vemu=$(readlink -f "$1") prog=$(readlink -f "$2") expected=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vemu-strace.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
# trace ARGS...: run the program under -strace in an empty directory, umask 022;
# the log from the BEGIN marker on goes to $tmp/log, the status to $st.
trace() {
    rm -rf "$tmp/run" && mkdir "$tmp/run"
    (cd "$tmp/run" && umask 022 && "$vemu" -strace "$prog" "$@" >/dev/null 2>"$tmp/raw")
    st=$?
    sed -n '/^write(-1, "BEGIN"/,$p' "$tmp/raw" >"$tmp/log"
}
# pids and uids differ from run to run
normalize() { sed -E 's/\[pid [0-9]+\]/[pid N]/; s/(si_pid|si_uid)=[0-9]+/\1=N/g; s/^kill\([0-9]+/kill(N/; s/^getpid\(\) = [0-9]+$/getpid() = N/'; }
# compare DESC STATUS WANT GOT: the run's status and its log, exactly
compare() {
    if [ "$st" -eq "$2" ] && diff -u "$3" "$4" >"$tmp/diff"; then
        ok "$1"
    else
        bad "$1 (status $st, want $2)"; sed 's/^/#   /' "$tmp/diff" | head -40
    fi
}

trace
compare "deterministic calls print exactly as strace prints them" 7 "$expected" "$tmp/log"

trace --thread
normalize <"$tmp/log" >"$tmp/norm"
if [ "$st" -eq 0 ] && head -1 "$tmp/norm" | grep -q '^write(-1, "BEGIN", 5) = -1 EBADF' \
    && grep -qx '\[pid N\] write(-1, "thread", 6) = -1 EBADF (Bad file descriptor)' "$tmp/norm" \
    && grep -qx '\[pid N\] exit(0) = ?' "$tmp/norm" \
    && grep -qx '\[pid N\] +++ exited with 0 +++' "$tmp/norm" \
    && tail -1 "$tmp/norm" | grep -qx '+++ exited with 0 +++'; then
    ok "[pid N] prefix while a second thread runs, none before"
else
    bad "threads (status $st)"; sed 's/^/#   /' "$tmp/norm" | head -30
fi

trace --fork
normalize <"$tmp/log" | sed -E 's/(clone\(.*\)|wait4\(N?[0-9]*.*\)) = [0-9]+$/\1 = N/; s/^(\[pid N\] wait4\()[0-9]+/\1N/' >"$tmp/norm"
missing=0
while IFS= read -r line; do
    grep -qxF "$line" "$tmp/norm" || { echo "#   missing: $line"; missing=1; }
done <<'END'
[pid N] clone(child_stack=NULL, flags=SIGCHLD) = N
[pid N] write(-1, "child", 5) = -1 EBADF (Bad file descriptor)
[pid N] exit_group(3) = ?
[pid N] +++ exited with 3 +++
[pid N] wait4(N, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = N
[pid N] +++ exited with 0 +++
END
if [ "$st" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$(grep -c 'clone(' "$tmp/norm")" -eq 1 ]; then
    ok "fork: parent and child lines carry [pid N], the clone shows once"
else
    bad "fork (status $st)"; sed 's/^/#   /' "$tmp/norm" | head -20
fi

trace --segv
normalize <"$tmp/log" >"$tmp/norm"
cat >"$tmp/want" <<'END'
write(-1, "BEGIN", 5) = -1 EBADF (Bad file descriptor)
getpid() = N
kill(N, SIGUSR2) = 0
--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=N, si_uid=N} ---
rt_sigreturn({mask=[]}) = 0
--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x0} ---
+++ killed by SIGSEGV +++
END
compare "signal delivery lines and +++ killed by SIGSEGV +++" 139 "$tmp/want" "$tmp/norm"

trace --bad
cat >"$tmp/want" <<'END'
write(-1, "BEGIN", 5) = -1 EBADF (Bad file descriptor)
socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3
openat(AT_FDCWD, 0x1000, O_RDONLY) = -1 EFAULT (Bad address)
write(2, 0x1000, 10) = -1 EFAULT (Bad address)
fstat(0, 0x1000) = -1 EFAULT (Bad address)
rt_sigaction(SIGUSR1, 0x1000, 0x1000, 8) = -1 EFAULT (Bad address)
rt_sigprocmask(SIG_BLOCK, 0x1000, 0x1000, 8) = -1 EFAULT (Bad address)
ppoll(0x1000, 2, 0x1000, 0x1000, 8) = -1 EFAULT (Bad address)
writev(1, [0x1000], 2) = -1 EFAULT (Bad address)
bind(3, 0x1000, 16) = -1 EFAULT (Bad address)
sendmsg(3, 0x1000, 0) = -1 EFAULT (Bad address)
execve(0x1000, 0x1000, 0x1000 <unfinished ...>
<... execve resumed>) = -1 EFAULT (Bad address)
clone3(0x1000, 88) = -1 EFAULT (Bad address)
exit_group(0) = ?
+++ exited with 0 +++
END
compare "unmapped pointers print as addresses, no fault" 0 "$tmp/want" "$tmp/log"

rm -rf "$tmp/run" && mkdir "$tmp/run"
(cd "$tmp/run" && umask 022 && "$vemu" -strace -D "$tmp/dlog" "$prog" >/dev/null 2>"$tmp/raw")
if [ ! -s "$tmp/raw" ] && grep -qx 'exit_group(7) = ?' "$tmp/dlog"; then
    ok "-strace -D FILE writes the trace to FILE, nothing to stderr"
else
    bad "-strace -D"
fi
(cd "$tmp/run" && VEMU_STRACE=1 "$vemu" "$prog" >/dev/null 2>"$tmp/raw")
if grep -qx 'close(99) = -1 EBADF (Bad file descriptor)' "$tmp/raw"; then
    ok "VEMU_STRACE=1"
else
    bad "VEMU_STRACE"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
