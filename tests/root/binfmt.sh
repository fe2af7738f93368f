#!/bin/sh
# binfmt.sh - vemu-binfmt and the ways binfmt_misc starts vemu (root only, else skip 77).
#
#   tests/root/binfmt.sh VEMU_BINFMT VEMU_STATIC IDS_PROG FETCH_DEB
#
# Registers uniquely named entries (vemu-test-<pid>-*, removed by a trap even on failure)
# and checks: F runs an arm64 program straight from the shell; P keeps argv[0]; O loads an
# execute-only program from AT_EXECFD; a setuid-root program reports euid 0 (and
# AT_SECURE) only with C, also when a program under vemu execs it (vemu lets the kernel
# run it when binfmt_misc handles arm64); --dry-run prints the line; status reports a conflicting entry;
# unregister leaves an entry vemu did not create exactly as it was; --systemd writes and
# removes the binfmt.d file.  Run alone (is_parallel false): two entries for arm64 ELF
# would race for the same programs.
set -u
# shellcheck source=tests/root/lib.sh
. "$(dirname "$0")/lib.sh"
[ $# -eq 4 ] || { echo "usage: $0 VEMU_BINFMT VEMU_STATIC IDS_PROG FETCH_DEB" >&2; exit 2; }
vb=$(realpath "$1") vemu=$(realpath "$2") ids_src=$(realpath "$3") fetch=$(realpath "$4")
need_root
need_binfmt_misc
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing"; exit 1; }

work=$(mktemp -d /tmp/vemu-binfmt-test.XXXXXX)
at_exit "rm -rf '$work'"
chmod 755 "$work"
cp "$ids_src" "$work/ids"
chmod 755 "$work/ids"
ids=$work/ids
bb=$("$fetch" busybox-static) || { echo "FAIL cannot fetch busybox-static (apt)"; exit 1; }
cp "$bb/bin/busybox" "$work/busybox"
test_entry main
e=$entry
as_nobody() {
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# --dry-run: the exact line, nothing registered
line=$("$vb" register --name "$e" --interpreter "$vemu" --flags PF --dry-run)
expect_eq "dry-run line" ":$e:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:$vemu:FP" "$line"
expect_eq "dry-run registers nothing" no "$([ -e "$BINFMT/$e" ] && echo yes || echo no)"
expect_eq "C implies O" "FOC" "$("$vb" register --name "$e" --interpreter "$vemu" --flags CF --dry-run | sed 's/.*://')"

# F: straight from the shell
"$vb" register --name "$e" --interpreter "$vemu" --flags F >/dev/null || fail "register F"
out=$("$ids" one two)
expect_eq "F: program ran, argc" 3 "$(field argc "$out")"
expect_eq "F: arg2" two "$(field arg2 "$out")"
expect_eq "F: argv0 without P is the path" "$ids" "$(field argv0 "$out")"
expect_eq "F: /proc/self/exe is the program" "$ids" "$(field exe "$out")"

# P: argv[0] preserved
"$vb" register --force --name "$e" --interpreter "$vemu" --flags FP >/dev/null || fail "register FP"
out=$(bash -c 'exec -a my-argv0 "$0" x' "$ids")
expect_eq "P: argv0" my-argv0 "$(field argv0 "$out")"
expect_eq "P: arg1" x "$(field arg1 "$out")"
expect_eq "P: /proc/self/exe" "$ids" "$(field exe "$out")"

# O: an execute-only program (vemu cannot open it; the kernel can)
cp "$ids" "$work/xonly"
chmod 711 "$work/xonly"
"$vb" register --force --name "$e" --interpreter "$vemu" --flags FO >/dev/null || fail "register FO"
out=$(as_nobody "$work/xonly" o 2>&1)
expect_eq "O: execute-only program runs from AT_EXECFD" o "$(field arg1 "$out")"
expect_eq "O: /proc/self/exe" "$work/xonly" "$(field exe "$out")"

# C: setuid root
chown 0:0 "$ids"
chmod 4755 "$ids"
"$vb" register --force --name "$e" --interpreter "$vemu" --flags F >/dev/null || fail "register F"
out=$(as_nobody "$ids" 2>&1)
expect_eq "without C: euid of the caller" 65534 "$(field euid "$out")"
expect_eq "without C: AT_SECURE" 0 "$(field secure "$out")"
"$vb" register --force --name "$e" --interpreter "$vemu" --flags FPC >/dev/null || fail "register FPC"
out=$(as_nobody "$ids" 2>&1)
expect_eq "with C: euid 0" 0 "$(field euid "$out")"
expect_eq "with C: ruid stays" 65534 "$(field ruid "$out")"
expect_eq "with C: AT_SECURE" 1 "$(field secure "$out")"
out=$(VEMU_STRACE=1 as_nobody "$ids" 2>&1)
expect_eq "with C: VEMU_* ignored (no strace output)" "" "$(printf '%s\n' "$out" | grep -v '=' )"
# a shell under vemu (started explicitly) execs the setuid program: the kernel runs it
out=$(as_nobody "$vemu" "$work/busybox" sh -c "exec $ids" 2>&1)
expect_eq "with C, exec'd from a program under vemu: euid 0" 0 "$(field euid "$out")"
chmod 755 "$ids"

# status: our entry, plus a conflicting "qemu" entry registered before it
"$vb" unregister --name "$e" >/dev/null
test_entry qemu
q=$entry
printf ':%s:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/usr/bin/qemu-aarch64-static:F' "$q" >"$BINFMT/register" 2>/dev/null ||
    printf ':%s:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/usr/bin/qemu-aarch64-static:' "$q" >"$BINFMT/register"
"$vb" register --name "$e" --interpreter "$vemu" --flags FP >/dev/null 2>&1 || fail "register FP"
st=$("$vb" status)
status_rc=$?
printf '%s\n' "$st" | sed 's/^/  status| /'
expect_eq "status: our entry works in chroots" yes \
    "$(printf '%s\n' "$st" | grep -A1 "entry $e (vemu): enabled" | grep -q 'chroots: will work' && echo yes || echo no)"
expect_eq "status: conflict reported" yes \
    "$(printf '%s\n' "$st" | grep -A1 "entry $q (another emulator)" | grep -q conflict && echo yes || echo no)"
expect_eq "status: exit 1 on a conflict" 1 "$status_rc"
echo -1 >"$BINFMT/$q"

# unregister leaves an entry vemu did not create as it was
test_entry foreign
f=$entry
printf ':%s:M:2:\\x12\\x34\\x56::/bin/false:' "$f" >"$BINFMT/register" || fail "dummy entry"
echo 0 >"$BINFMT/$f"  # disabled: a state unregister must not change either
before=$(cat "$BINFMT/$f")
"$vb" unregister --name "$f" >/dev/null 2>&1 && fail "unregister of a foreign entry succeeded"
"$vb" unregister --name "$e" >/dev/null || fail "unregister"
expect_eq "our entry removed" no "$([ -e "$BINFMT/$e" ] && echo yes || echo no)"
expect_eq "foreign entry unchanged" "$before" "$(cat "$BINFMT/$f" 2>/dev/null)"

# --systemd: binfmt.d file written, applied, removed
export VEMU_BINFMT_D="$work/binfmt.d"
"$vb" register --systemd --name "$e" --interpreter "$vemu" >/dev/null || fail "register --systemd"
expect_eq "binfmt.d file" \
    "$("$vb" register --name "$e" --interpreter "$vemu" --dry-run)" \
    "$(grep -v '^#' "$VEMU_BINFMT_D/$e.conf" 2>/dev/null)"
expect_eq "--systemd applied it" yes "$([ -e "$BINFMT/$e" ] && echo yes || echo no)"
"$vb" unregister --systemd --name "$e" >/dev/null || fail "unregister --systemd"
expect_eq "binfmt.d file removed" no "$([ -e "$VEMU_BINFMT_D/$e.conf" ] && echo yes || echo no)"
finish binfmt
