#!/bin/sh
# busybox.sh - run Debian's arm64 busybox-static under an emulator and
# compare what >= 25 of its applets print with the host's own tools (GNU
# coreutils, sed, grep, findutils, tar, gzip, dash) on the same input.
#
#   tests/real/busybox.sh RUNNER BUSYBOX
#   e.g. tests/real/busybox.sh qemu-aarch64 "$(tools/fetch-deb.sh busybox-static)/bin/busybox"
#
# RUNNER is word-split, so it may carry options ("qemu-aarch64 -cpu max").
# Prints TAP-like "ok N - name" / "not ok N - name" (with a diff excerpt
# as '#' lines), then exactly "N passed, M failed"; exits 1 on any failure.
# Where GNU and busybox legitimately differ only in column padding (wc,
# uniq -c) both sides are whitespace-normalised; ls -l compares names and
# sizes only.  busybox 1.35's od rejects the 'z' suffix of -t x1z (a busybox
# bug, native amd64 busybox does the same), so od is checked with -t x1 and -c.
# shellcheck disable=SC2016,SC2003,SC2018,SC2019,SC2308,SC2012  # literal awk/expr/tr/ls on purpose
set -u

# the C locale on both sides: collation (sort), classes (tr) and names (date)
LC_ALL=C
export LC_ALL
unset LANG LANGUAGE

if [ $# -ne 2 ]; then
    echo "usage: $0 RUNNER BUSYBOX" >&2
    exit 2
fi
RUNNER=$1
BUSYBOX=$2
case $BUSYBOX in /*) ;; *) BUSYBOX=$(pwd)/$BUSYBOX ;; esac
if [ ! -f "$BUSYBOX" ]; then
    echo "busybox.sh: $BUSYBOX: no such file" >&2
    exit 2
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/vemu-busybox.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
cd "$W" || exit 2

# shellcheck disable=SC2086  # RUNNER may carry options
bb() { $RUNNER "$BUSYBOX" "$@"; }

n=0
passed=0
failed=0
name=
begin() {
    name=$1
    : >exp
    : >got
}
report() { # report OK? [detail]
    n=$((n + 1))
    if [ "$1" = 1 ]; then
        passed=$((passed + 1))
        echo "ok $n - $name"
    else
        failed=$((failed + 1))
        echo "not ok $n - $name"
        if [ -n "${2:-}" ]; then
            echo "$2" | sed 's/^/# /'
        fi
    fi
}
end() { # compare exp with got
    if cmp -s exp got; then
        report 1
    else
        report 0 "$(diff -u exp got | head -n 25)"
    fi
}
norm_ws() { awk '{ $1 = $1; print }'; }

# ---- deterministic inputs ----
awk 'BEGIN {
    split("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu", w, " ");
    x = 7;
    for (i = 1; i <= 300; i++) {
        x = (x * 1103 + 12345) % 65536;
        printf "%s:%d:%s %s:%d\n", w[x % 12 + 1], x % 1000, w[(x / 16) % 12 + 1], (x % 3 ? "Item" : "item"), i;
    }
}' >input.txt
printf 'one\ntwo\ntwo\nthree\nthree\nthree\nTwo\none\n' >dups.txt
mkdir -p tree/a/b tree/c
printf 'file one\n' >tree/a/one.txt
printf 'file two\n' >tree/a/b/two.txt
printf 'x' >tree/c/small.dat
cp input.txt tree/c/input.copy
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%c", (i * 7919 + i / 13) % 256 }' >bin.dat

# ---- shell ----
cat >script1.sh <<'SH'
i=0; total=0
while [ $i -lt 50 ]; do
    total=$(( total + i * i - (i % 7) * 3 ))
    i=$((i + 1))
done
for w in a b c; do printf '%s-' "$w"; done
echo
echo "total=$total shifts=$(( 1 << 10 )) $(( 1000 / 7 )) $(( -17 % 5 )) $(( 0x1f | 0x20 )) $(( 3 > 2 && 1 ))"
SH
begin "sh: loops and \$(( )) arithmetic"
sh script1.sh >exp 2>&1
bb sh script1.sh >got 2>&1
end

cat >script2.sh <<'SH'
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
classify() {
    case $1 in
        [0-9]*) echo "$1: number" ;;
        *.txt|*.md) echo "$1: text" ;;
        -*) echo "$1: option" ;;
        *) echo "$1: other" ;;
    esac
}
echo "fact 10 = $(fact 10)"
for a in 42 notes.txt README.md -v foo; do classify "$a"; done
set -- x "y z" w
echo "$# args, second is '$2'"
v=${UNSET:-default}; s=hello.tar.gz
echo "$v ${s%%.*} ${s#*.} ${#s}"
SH
begin "sh: functions, case, parameter expansion"
sh script2.sh >exp 2>&1
bb sh script2.sh >got 2>&1
end

cat >script3.sh <<'SH'
name=world
cat_it() { while IFS= read -r line; do echo "[$line]"; done; }
cat_it <<EOF
hello $name
  indented $(( 6 * 7 ))
EOF
cat_it <<'EOF'
no $expansion here
EOF
SH
begin "sh: here-docs"
sh script3.sh >exp 2>&1
bb sh script3.sh >got 2>&1
end

begin "sh: exit status and subshell"
sh -c '(exit 3); echo "s=$?"; false || echo or; true && echo and; exit 5' >exp 2>&1; echo "rc=$?" >>exp
bb sh -c '(exit 3); echo "s=$?"; false || echo or; true && echo and; exit 5' >got 2>&1; echo "rc=$?" >>got
end

# ---- text tools ----
begin "sed: s///g, ranges, -n p, y, d"
sed -e 's/a/A/g' -e '3,20d' -e 'y/lm/LM/' input.txt >exp
sed -n '/kappa/,/mu/p' input.txt >>exp
bb sed -e 's/a/A/g' -e '3,20d' -e 'y/lm/LM/' input.txt >got
bb sed -n '/kappa/,/mu/p' input.txt >>got
end

begin "sed: -E groups and in-place"
cp input.txt sed-host.txt; cp input.txt sed-bb.txt
sed -E -i 's/^([a-z]+):([0-9]+)/\2=\1/' sed-host.txt
bb sed -E -i 's/^([a-z]+):([0-9]+)/\2=\1/' sed-bb.txt
cat sed-host.txt >exp; cat sed-bb.txt >got
end

AWKPROG='{ split($0, f, ":"); sum[f[1]] += f[2]; n++ } $3 ~ /^item/ { c++ }
END { printf "lines=%d items=%d nf=%d\n", n, c, NF; for (k in sum) printf "%s %d\n", k, sum[k] | "sort"; }'
begin "awk: fields, arrays, printf, -F"
awk -F: "$AWKPROG" input.txt >exp
awk 'NR % 50 == 0 { print NR, $1, length($0) }' input.txt >>exp
bb awk -F: "$AWKPROG" input.txt >got
bb awk 'NR % 50 == 0 { print NR, $1, length($0) }' input.txt >>got
end

begin "sort: default, -n, -r, -k, -t, -u"
# (-u is used on whole lines only: which of several lines with equal keys
#  survives -u -k differs between GNU and busybox and is unspecified)
{ sort input.txt; sort -t: -k2 -n input.txt; sort -r -t: -k1,1 -k2,2n input.txt; sort -u dups.txt; sort -n -r -k3 -t: input.txt; } >exp
{ bb sort input.txt; bb sort -t: -k2 -n input.txt; bb sort -r -t: -k1,1 -k2,2n input.txt; bb sort -u dups.txt; bb sort -n -r -k3 -t: input.txt; } >got
end

begin "uniq -c (whitespace normalised)"
sort dups.txt | uniq -c | norm_ws >exp
sort dups.txt | bb uniq -c | norm_ws >got
end

begin "grep -E, -v, -c, -i, -n"
{ grep -E 'alpha|mu:[0-9]{2}:' input.txt; grep -v -c item input.txt; grep -i -c item input.txt; grep -n 'theta:9' input.txt; grep -q nomatch input.txt; echo "rc=$?"; } >exp
{ bb grep -E 'alpha|mu:[0-9]{2}:' input.txt; bb grep -v -c item input.txt; bb grep -i -c item input.txt; bb grep -n 'theta:9' input.txt; bb grep -q nomatch input.txt; echo "rc=$?"; } >got
end

begin "find -name, -type"
{ find tree -name '*.txt' | sort; find tree -type d | sort; find tree -type f -name 'small*'; } >exp
{ bb find tree -name '*.txt' | sort; bb find tree -type d | sort; bb find tree -type f -name 'small*'; } >got
end

begin "tar c/x round trip"
rm -rf x1 x2 && mkdir x1 x2
bb tar cf bb.tar tree && (cd x1 && bb tar xf ../bb.tar)
tar cf host.tar tree && (cd x2 && bb tar xf ../host.tar)
{ diff -r tree x1/tree && echo same1; diff -r tree x2/tree && echo same2; tar tf bb.tar | sort; } >got 2>&1
{ printf 'same1\nsame2\n'; tar tf host.tar | sort; } >exp
end

begin "gzip/gunzip round trip"
bb gzip -c bin.dat >bb.gz
gzip -c bin.dat >host.gz
{ gunzip -c bb.gz | cmp - bin.dat && echo host-gunzip-ok
  bb gunzip -c host.gz | cmp - bin.dat && echo bb-gunzip-ok
  bb gzip -c input.txt | bb gunzip -c | cmp - input.txt && echo bb-pipe-ok; } >got 2>&1
printf 'host-gunzip-ok\nbb-gunzip-ok\nbb-pipe-ok\n' >exp
end

begin "sha256sum"
sha256sum input.txt bin.dat >exp
bb sha256sum input.txt bin.dat >got
end

begin "md5sum"
md5sum input.txt bin.dat >exp
bb md5sum input.txt bin.dat >got
end

begin "wc (whitespace normalised)"
{ wc input.txt; wc -l <input.txt; wc -w -c bin.dat; } | norm_ws >exp
{ bb wc input.txt; bb wc -l <input.txt; bb wc -w -c bin.dat; } | norm_ws >got
end

begin "cut -d -f, -c"
{ cut -d: -f1,3 input.txt; cut -c2-5,9 input.txt; } >exp
{ bb cut -d: -f1,3 input.txt; bb cut -c2-5,9 input.txt; } >got
end

begin "tr: ranges, -d, -s"
{ tr a-z A-Z <input.txt; tr -d '0-9:' <input.txt; echo 'aaabbbccc   dd' | tr -s 'a-c '; } >exp
{ bb tr a-z A-Z <input.txt; bb tr -d '0-9:' <input.txt; echo 'aaabbbccc   dd' | bb tr -s 'a-c '; } >got
end

begin "od -A x -t x1, -c"
{ head -c 100 bin.dat | od -A x -t x1; head -c 40 input.txt | od -A x -c; } >exp
{ head -c 100 bin.dat | bb od -A x -t x1; head -c 40 input.txt | bb od -A x -c; } >got
end

begin "dd bs/count/skip"
dd if=bin.dat bs=7 count=13 skip=5 2>/dev/null >exp
bb dd if=bin.dat bs=7 count=13 skip=5 2>/dev/null >got
dd if=input.txt bs=1 skip=100 count=50 2>/dev/null >>exp
bb dd if=input.txt bs=1 skip=100 count=50 2>/dev/null >>got
end

begin "date -u -d @0 and +format"
{ date -u -d @0; date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %j %a'; } >exp
{ bb date -u -d @0; bb date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %j %a'; } >got
end

begin "expr"
{ expr 7 \* 6; expr 100 / 7 % 5; expr abcdef : 'a\(..\)'; expr 3 \< 10; expr length hello; expr 0 + 0; echo "rc=$?"; } >exp 2>&1
{ bb expr 7 \* 6; bb expr 100 / 7 % 5; bb expr abcdef : 'a\(..\)'; bb expr 3 \< 10; bb expr length hello; bb expr 0 + 0; echo "rc=$?"; } >got 2>&1
end

begin "printf"
{ env printf '%5.2f|%x|%o|%-6s|%05d|%c|%%|%s\n' 3.14159 255 8 ab 42 xyz 'multi word'; env printf '%s-%d\n' a 1 b 2; } >exp
{ bb printf '%5.2f|%x|%o|%-6s|%05d|%c|%%|%s\n' 3.14159 255 8 ab 42 xyz 'multi word'; bb printf '%s-%d\n' a 1 b 2; } >got
end

begin "seq"
{ seq 10; seq 2 3 20; seq -s, 5; seq -w 8 11; seq 5 -1 1; } >exp
{ bb seq 10; bb seq 2 3 20; bb seq -s, 5; bb seq -w 8 11; bb seq 5 -1 1; } >got
end

begin "ls -l (names and sizes)"
{ ls -l tree/c tree/a | awk 'NF >= 9 { print $5, $9 } NF < 9 && NF > 0 && !/^total/ { print }'; ls -1a tree; } >exp
{ bb ls -l tree/c tree/a | awk 'NF >= 9 { print $5, $9 } NF < 9 && NF > 0 && !/^total/ { print }'; bb ls -1a tree; } >got
end

begin "cp, mv, rm"
rm -rf ops && mkdir ops
bb cp input.txt ops/a.txt
bb cp -r tree ops/tree2
bb mv ops/a.txt ops/b.txt
bb rm ops/tree2/a/one.txt
bb rm -r ops/tree2/c
{ [ -e ops/a.txt ] && echo a-exists; cmp ops/b.txt input.txt && echo b-same
  [ -e ops/tree2/a/one.txt ] && echo one-exists; [ -d ops/tree2/c ] && echo c-exists
  cmp ops/tree2/a/b/two.txt tree/a/b/two.txt && echo two-same; } >got 2>&1
printf 'b-same\ntwo-same\n' >exp
end

begin "head and tail"
{ head -n 3 input.txt; head -c 10 input.txt; echo; tail -n 4 input.txt; tail -c 15 input.txt; tail -n +298 input.txt; } >exp
{ bb head -n 3 input.txt; bb head -c 10 input.txt; echo; bb tail -n 4 input.txt; bb tail -c 15 input.txt; bb tail -n +298 input.txt; } >got
end

begin "basename and dirname"
{ basename /usr/lib/file.tar.gz; basename /usr/lib/file.tar.gz .gz; basename /; dirname /usr/lib/file; dirname file; dirname /a/b/; } >exp
{ bb basename /usr/lib/file.tar.gz; bb basename /usr/lib/file.tar.gz .gz; bb basename /; bb dirname /usr/lib/file; bb dirname file; bb dirname /a/b/; } >got
end

begin "echo"
{ env echo hello world; env echo -n no-newline; env echo; env echo "  spaced  " a; } >exp
{ bb echo hello world; bb echo -n no-newline; bb echo; bb echo "  spaced  " a; } >got
end

begin "cat"
{ cat input.txt dups.txt; cat -n dups.txt; cat <bin.dat; } >exp
{ bb cat input.txt dups.txt; bb cat -n dups.txt; bb cat <bin.dat; } >got
end

begin "uname -m is aarch64"
echo aarch64 >exp
bb uname -m >got
end

begin "true/false exit codes"
printf 'true=0\nfalse=1\n' >exp
{ bb true; echo "true=$?"; bb false; echo "false=$?"; } >got
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$n" -ge 25 ]
