# lib.sh - shared by the tests/root scripts (sourced): root/binfmt_misc checks that skip
# with meson's status 77 and a message, binfmt entries that are always removed, checks.
#
# Example:
#     . "$(dirname "$0")/lib.sh"
#     need_root; need_binfmt_misc
#     test_entry f; e=$entry            # vemu-test-<pid>-f, removed by the EXIT trap
#     expect_eq "argv0" "myname" "$(...)"
BINFMT=/proc/sys/fs/binfmt_misc
test_entries=
test_cleanups=
mounted_binfmt=0
failures=0

skip() {
    echo "SKIP: $*"
    exit 77
}

need_root() {
    [ "$(id -u)" = 0 ] || skip "needs root (binfmt_misc, chroot, mounts); CI runs it as root"
}

need_binfmt_misc() {
    if [ ! -e "$BINFMT/register" ]; then
        mount -t binfmt_misc binfmt_misc "$BINFMT" 2>/dev/null ||
            skip "binfmt_misc cannot be mounted here"
        mounted_binfmt=1
    fi
    [ "$(cat "$BINFMT/status")" = enabled ] || skip "binfmt_misc is disabled on this host"
}

# Sets entry to a unique entry name, removed on exit whatever happens.
test_entry() {
    entry=vemu-test-$$-$1
    test_entries="$test_entries $entry"
}

# Removes the work directory $1, but never while something is mounted below it: rm -rf
# would go on into a bind-mounted /dev.  Used in at_exit after vemu-chroot --cleanup.
remove_work() {
    if grep -qF " $1/" /proc/self/mountinfo; then
        echo "FAIL still mounted below $1: not removed (vemu-chroot --cleanup, then rm -r)"
        return 1
    fi
    rm -rf --one-file-system "$1"
}

# Run "$@" at exit (last registered first).
at_exit() {
    test_cleanups="$*
$test_cleanups"
}

lib_cleanup() {
    st=$?
    trap - EXIT INT TERM HUP
    printf '%s\n' "$test_cleanups" | while IFS= read -r c; do
        [ -n "$c" ] && eval "$c"
    done
    # Something else may have mounted a new /proc over ours meanwhile, hiding binfmt_misc:
    # the entries still exist (one binfmt_misc per user namespace), so mount it again.
    remounted=0
    if [ -n "$test_entries" ] && [ ! -e "$BINFMT/register" ] &&
        mount -t binfmt_misc binfmt_misc "$BINFMT" 2>/dev/null; then
        remounted=1
    fi
    for n in $test_entries; do
        [ -e "$BINFMT/$n" ] && echo -1 >"$BINFMT/$n"
    done
    [ "$remounted" = 1 ] && umount "$BINFMT"
    if [ "$mounted_binfmt" = 1 ]; then
        others=0
        for f in "$BINFMT"/*; do
            case "${f##*/}" in register | status) ;; *) others=1 ;; esac
        done
        [ "$others" = 1 ] || umount "$BINFMT" 2>/dev/null
    fi
    exit "$st"
}
trap lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}

expect_eq() {
    if [ "$2" = "$3" ]; then
        echo "ok   $1"
    else
        fail "$1: expected '$2' got '$3'"
    fi
}

# Value of key=value line $1 in text $2.
field() {
    printf '%s\n' "$2" | sed -n "s/^$1=//p" | head -n 1
}

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures check(s) failed"
        exit 1
    fi
    echo "PASS $1"
    exit 0
}
