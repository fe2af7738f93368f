#!/bin/sh
# deb.sh - install-test of the Debian package tools/make-deb.sh builds (root only, else
# skip 77), in a throwaway copy of this host with a binfmt_misc of its own.
#
#   tests/root/deb.sh MAKE_DEB BUILD_DIR IDS_PROG
#
# The package is made from BUILD_DIR (make-deb.sh --build: no second compile).  The
# throwaway root is an overlay of the host's /usr plus copies of /etc and /var/lib/dpkg,
# entered in new user, mount and pid namespaces: since Linux 6.7 binfmt_misc mounted in
# a user namespace is that namespace's own, so nothing here touches the host's entries,
# and every mount goes away with the namespace, even on SIGKILL.  Inside, as Debian's
# qemu-user-static does it: in a container (systemd-detect-virt) the postinst registers
# nothing; without systemd or binfmt-support nothing either, but the shipped binfmt.d file
# registers vemu through systemd-binfmt; with binfmt-support installed, dpkg -i registers
# vemu-aarch64 (update-binfmts --import, flags F and P), an arm64 program runs through it
# (vemu's VEMU_STRACE shows it is vemu, argv[0] kept), and dpkg --purge removes the entry
# and every file while the entries registered before (a foreign one, and what
# binfmt-support imported) stay exactly as they were.
set -u
# shellcheck source=tests/root/lib.sh
. "$(dirname "$0")/lib.sh"

# ---- in a mount namespace of its own: deb.sh --overlay ROOT --------------------------
# The overlay is mounted here, by the real root: dpkg renames directories, which an
# overlay needs redirect_dir for, and that a user namespace may not turn on.
if [ "${1:-}" = --overlay ]; then
    r=$2
    mount -t overlay overlay \
        -o "lowerdir=/usr,upperdir=$r/.usr-upper,workdir=$r/.usr-work,redirect_dir=on" \
        "$r/usr" || { echo "FAIL cannot mount an overlay of /usr"; exit 1; }
    exec unshare --user --map-root-user --mount --pid --fork --kill-child "$0" --inside "$r"
fi

# ---- inside the namespaces: deb.sh --inside ROOT -------------------------------------
if [ "${1:-}" = --inside ]; then
    r=$2
    mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" &&
        mount -t binfmt_misc binfmt_misc "$r/proc/sys/fs/binfmt_misc" ||
        { echo "FAIL cannot mount proc, dev or binfmt_misc in the throwaway root"; exit 1; }
    bm=/proc/sys/fs/binfmt_misc
    in_root() { chroot "$r" env -i PATH=/usr/sbin:/usr/bin HOME=/root "$@"; }
    entries() { # names and contents of every entry, the vemu one left out
        for e in "$r$bm"/*; do
            case "${e##*/}" in register | status | vemu-aarch64) continue ;; esac
            echo "== ${e##*/}"
            cat "$e"
        done
    }
    is_entry() { [ -e "$r$bm/vemu-aarch64" ] && echo registered || echo absent; }
    vemu_files() { # files of the package left in the root
        for f in usr/bin/vemu-aarch64 usr/bin/vemu-aarch64-static usr/bin/vemu-binfmt \
            usr/bin/vemu-chroot usr/bin/vemu-rootfs usr/lib/binfmt.d/vemu-aarch64.conf \
            usr/share/binfmts/vemu-aarch64 var/lib/binfmts/vemu-aarch64 usr/share/doc/vemu; do
            [ -e "$r/$f" ] && echo "$f"
        done
    }
    # a foreign arm64 entry registered before (no F: not opened now, never used here)
    printf '%s' ':other-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/false:' \
        >"$r$bm/register" || { echo "FAIL cannot register in the private binfmt_misc"; exit 1; }
    entries >"$r/.entries-0"

    # 1. in a container: nothing registered, the user is told
    echo docker >"$r/run/systemd/container"
    in_root dpkg -i /tmp/vemu.deb >"$r/.log" 2>&1
    st=$?
    [ "$st" = 0 ] || cat "$r/.log"
    expect_eq "container: dpkg -i" 0 "$st"
    expect_eq "container: the postinst says why nothing is registered" yes \
        "$(grep -q 'in a container' "$r/.log" && echo yes || echo no)"
    expect_eq "container: no vemu-aarch64 entry" absent "$(is_entry)"
    in_root dpkg --purge vemu >>"$r/.log" 2>&1
    expect_eq "container: dpkg --purge" 0 "$?"
    rm -f "$r/run/systemd/container"

    # 2. no systemd, no binfmt-support: a hint; the binfmt.d file works with systemd-binfmt
    in_root dpkg -i /tmp/vemu.deb >"$r/.log" 2>&1
    expect_eq "plain: dpkg -i" 0 "$?"
    expect_eq "plain: the postinst names vemu-binfmt register" yes \
        "$(grep -q 'vemu-binfmt register' "$r/.log" && echo yes || echo no)"
    expect_eq "plain: no vemu-aarch64 entry" absent "$(is_entry)"
    if [ -x "$r/usr/lib/systemd/systemd-binfmt" ]; then
        in_root /usr/lib/systemd/systemd-binfmt /usr/lib/binfmt.d/vemu-aarch64.conf
        expect_eq "systemd-binfmt + the shipped binfmt.d file: entry" registered "$(is_entry)"
        expect_eq "systemd-binfmt: flags F and P" "flags: PF" \
            "$(grep '^flags' "$r$bm/vemu-aarch64" 2>/dev/null)"
        expect_eq "systemd-binfmt: an arm64 program runs" x \
            "$(field arg1 "$(in_root /tmp/ids x 2>/dev/null)")"
        [ -e "$r$bm/vemu-aarch64" ] && echo -1 >"$r$bm/vemu-aarch64"
    else
        fail "no systemd-binfmt in /usr/lib/systemd (package systemd): binfmt.d file untested"
    fi
    in_root dpkg --purge vemu >>"$r/.log" 2>&1
    expect_eq "plain: dpkg --purge" 0 "$?"

    # 3. binfmt-support: dpkg -i registers vemu the Debian way, --purge removes it
    printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
    chmod 755 "$r/usr/sbin/policy-rc.d"
    in_root dpkg -i /tmp/binfmt-support.deb >"$r/.log" 2>&1 ||
        { cat "$r/.log"; echo "FAIL installing binfmt-support"; exit 1; }
    entries >"$r/.entries-1" # with whatever binfmt-support imported (qemu-user-static's)
    in_root dpkg -i /tmp/vemu.deb >"$r/.log" 2>&1
    expect_eq "binfmt-support: dpkg -i" 0 "$?"
    expect_eq "binfmt-support: vemu-aarch64 registered" registered "$(is_entry)"
    e=$r$bm/vemu-aarch64
    expect_eq "binfmt-support: enabled" enabled "$(head -n 1 "$e" 2>/dev/null)"
    expect_eq "binfmt-support: interpreter" "interpreter /usr/bin/vemu-aarch64-static" \
        "$(grep '^interpreter' "$e" 2>/dev/null)"
    expect_eq "binfmt-support: flags F and P" "flags: PF" "$(grep '^flags' "$e" 2>/dev/null)"
    expect_eq "binfmt-support: update-binfmts knows it" yes \
        "$(in_root update-binfmts --display vemu-aarch64 2>/dev/null | grep -q 'package = vemu' && echo yes || echo no)"
    out=$(cd "$r/tmp" && chroot "$r" /bin/sh -c 'cd /tmp && exec ./ids y')
    expect_eq "an arm64 program runs through the entry" y "$(field arg1 "$out")"
    expect_eq "argv[0] kept (P)" ./ids "$(field argv0 "$out")"
    expect_eq "it is vemu that runs it (VEMU_STRACE)" yes \
        "$(in_root VEMU_STRACE=1 /tmp/ids 2>&1 >/dev/null | grep -q 'set_tid_address(' && echo yes || echo no)"
    in_root dpkg --purge vemu >>"$r/.log" 2>&1
    expect_eq "binfmt-support: dpkg --purge" 0 "$?"
    expect_eq "purge: vemu-aarch64 entry gone" absent "$(is_entry)"
    expect_eq "purge: no file of the package left" "" "$(vemu_files)"
    expect_eq "purge: dpkg forgot it" "" "$(in_root dpkg-query -W -f '${Status}' vemu 2>/dev/null)"
    entries >"$r/.entries-2"
    expect_eq "entries registered before are as they were" yes \
        "$(cmp -s "$r/.entries-1" "$r/.entries-2" && echo yes || echo no)"
    block() { awk -v n="== other-aarch64" '$0 == n { p = 1 } /^== / && $0 != n { p = 0 } p' "$1"; }
    expect_eq "the foreign entry is as it was" "$(block "$r/.entries-0")" "$(block "$r/.entries-2")"
    [ "$failures" = 0 ] || { echo "--- last dpkg output"; cat "$r/.log"; }
    exit "$failures"
fi

# ---- on the host ------------------------------------------------------------------------
[ $# -eq 3 ] || { echo "usage: $0 MAKE_DEB BUILD_DIR IDS_PROG" >&2; exit 2; }
make_deb=$(realpath "$1") build=$(realpath "$2") ids=$(realpath "$3")
need_root
kv=$(uname -r)
major=${kv%%.*} minor=${kv#*.}
minor=${minor%%[!0-9]*}
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 7 ]; }; then
    skip "Linux $kv has no binfmt_misc per user namespace (6.7): installing the package would change the host's entries"
fi
for t in unshare dpkg-deb apt-get; do
    command -v $t >/dev/null || { echo "FAIL $t missing"; exit 1; }
done
work=$(mktemp -d "${VEMU_ROOT_WORK:-/tmp}/vemu-deb-test.XXXXXX")
at_exit "remove_work '$work'"
# other work on the machine may register entries meanwhile: compare the names used here
ours() { ls /proc/sys/fs/binfmt_misc 2>/dev/null | grep -x 'vemu-aarch64\|other-aarch64\|qemu-aarch64\|qemu-arm'; }
ours >"$work/bm.before"
cat /proc/self/mountinfo >"$work/mi.before"

deb=$("$make_deb" --build "$build" "$work") || { echo "FAIL make-deb.sh --build $build"; exit 1; }
expect_eq "make-deb.sh: a package" "vemu amd64" "$(dpkg-deb --show --showformat '${Package} ${Architecture}' "$deb")"
cache=${VEMU_CACHE:-$HOME/.cache/vemu}/debs-amd64
mkdir -p "$cache"
bs=$(ls "$cache"/binfmt-support_*_amd64.deb 2>/dev/null | head -n 1)
if [ -z "$bs" ]; then
    (cd "$cache" && apt-get download -q binfmt-support >/dev/null 2>&1) ||
        { echo "FAIL cannot download binfmt-support (apt)"; exit 1; }
    bs=$(ls "$cache"/binfmt-support_*_amd64.deb | head -n 1)
fi

r=$work/root
mkdir -p "$r/usr" "$r/.usr-upper" "$r/.usr-work" "$r/proc" "$r/dev" "$r/run/systemd" \
    "$r/tmp" "$r/root" "$r/var/lib" "$r/var/log" "$r/var/cache/man" "$r/var/lib/binfmts"
for l in bin lib lib64 sbin; do
    [ -L "/$l" ] && ln -s "$(readlink "/$l")" "$r/$l"
done
[ -L "$r/bin" ] || skip "this host has no merged /usr (/bin is not a link to usr/bin)"
chmod 1777 "$r/tmp"
cp -a /etc "$r/etc" && cp -a /var/lib/dpkg "$r/var/lib/dpkg" ||
    { echo "FAIL copying /etc and /var/lib/dpkg"; exit 1; }
cp "$deb" "$r/tmp/vemu.deb" && cp "$bs" "$r/tmp/binfmt-support.deb" && cp "$ids" "$r/tmp/ids"

unshare --mount --propagation private "$(realpath "$0")" --overlay "$r"
st=$?
[ "$st" -lt 100 ] && failures=$((failures + st)) || fail "the run inside stopped with status $st"
expect_eq "host: binfmt_misc entries of these names unchanged" "$(cat "$work/bm.before")" "$(ours)"
expect_eq "host: vemu not installed" "" "$(dpkg-query -W -f '${Status}' vemu 2>/dev/null)"
expect_eq "host: nothing left mounted below $work" "" "$(grep -F " $work/" /proc/self/mountinfo)"
finish deb
