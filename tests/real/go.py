#!/usr/bin/env python3
"""go.py - Go programs from Debian's arm64 packages (Go 1.19 runtime) under vemu vs amd64.

Go's runtime runs goroutines on several threads, preempts them with SIGURG, parks them on
futexes and manages its own stacks and signal handlers, so these check the emulator's
threads, signals and futexes as much as the programs' output:
  fzf --filter    fuzzy matching of 150000 lines by parallel matcher goroutines; extended
                  syntax, exact mode, --nth/--delimiter, --tac, --no-sort, --tiebreak
  shfmt           parse and print shell scripts (indent, minify, simplify), -d diffs, -l/-w on
                  a directory tree, --to-json
  age             X25519 decryption of a message the amd64 age encrypted; encryption and
                  decryption round trips of 3 MB (ChaCha20-Poly1305 in 64 KiB chunks)
Each transcript must equal the amd64 build's (same Debian version).

Example:
  tests/real/go.py --vemu build/vemu-aarch64 --top .
"""

import hashlib
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realcheck  # noqa: E402
from realcheck import text  # noqa: E402

PKGS = ["fzf", "shfmt", "age", "libc6"]
KEY = "AGE-SECRET-KEY-1QD664JG3SGLM5T2YTYM7W2A7PT9Q7RRDJ4QWXAEMSL0AS2N5Z77S2WLK85\n"
PUB = "age1vxh3s47v2l02r7rcakua0nlwnz65aauhegm358qr3a88spfxkfesx276lq"
# "a message encrypted by the amd64 age for the arm64 one\n", made with amd64 age -a -r PUB
CIPHER = """-----BEGIN AGE ENCRYPTED FILE-----
YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBwUGYxTDh2d1NhODdTaFYr
Q2gzRmhtNVlEaUJuWFdPVThDOHBNMzZ3VGlBCmNsWVU5aEp3UzQ4dzVQUDV1T1hH
eTZ2NVlUOHpCR0VLVlcrVVp6VlNnZzQKLS0tIGJmSXhObk1OaU5uVW9tUmVSRGpx
dGpJTU43UmxRZlVrMkRJdWNUWjVHQlkKYoaphFDaRa6CU00aNWKAv6V5fP8IG8px
N7MpiWCdveWmfn79FHVcnhEHXLkXnLiDut8DAAukZx0JyRbChqHVEPjVb9IjePEe
muN+UN1M75DYbnj/Uy1H
-----END AGE ENCRYPTED FILE-----
"""
SCRIPT = """#!/bin/sh
# a script in need of formatting
f()  {
if [ "$1" = x ];then echo  yes
  else
 echo   no;fi
}
for i in 1 2 3;do case $i in 1) f x;; *) f "$i" ;; esac;done
while read -r a b;do echo "$a" | sed 's/a/b/g' >>out.txt;done <<EOF
one two
EOF
x=$(( 1+2 * 3 )); y=${x:-def}; arr=(a b c) ; echo "${arr[@]}" $[1+1]
"""


def digest(s, out, label):
    s.note("%s: %d lines, sha256 %s" % (label, out.count(b"\n"), hashlib.sha256(out).hexdigest()))


def c_fzf_small(s):
    s.run(["/usr/bin/fzf", "--version"])
    words = b"apple\nbanana\ncherry pie\napricot jam\nblueberry\npineapple\ngrape\n"
    for q in (["ap"], ["-e", "ap"], ["'rr !jam"], ["^b | e$"], ["--tiebreak=end", "pp"]):
        s.run(["/usr/bin/fzf"] + q[:-1] + ["--filter", q[-1]], input=words)


def c_fzf_big(s):
    data = text(150000, 5).encode()
    for q in (["a3f"], ["lin 99 ff"], ["-e", "of 5: 0"], ["--tac", "hhhh"], ["--no-sort", "7c"],
              ["-d", ":", "--nth", "2", "1aa"], ["^line 12 !ccc 0$"],
              ["--tiebreak=length,index", "ee"]):
        out = s.run(["/usr/bin/fzf"] + q[:-1] + ["--filter", q[-1]], input=data, show=False)
        digest(s, out, "fzf --filter " + " ".join(q))
        s.note(out[:300].decode())


def c_shfmt(s):
    s.write("s.sh", SCRIPT)
    s.run(["/usr/bin/shfmt", "--version"])
    s.run(["/usr/bin/shfmt", "s.sh"])
    s.run(["/usr/bin/shfmt", "-i", "2", "-ci", "-bn", "-sr", "-s", "s.sh"])
    s.run(["/usr/bin/shfmt", "-mn", "s.sh"])
    s.run(["/usr/bin/shfmt", "-d", "-i", "4", "s.sh"])
    s.run(["/usr/bin/shfmt", "-ln", "posix", "s.sh"])
    s.run(["/usr/bin/shfmt", "--to-json", "s.sh"])
    s.run(["/usr/bin/shfmt"], input=b"if then fi\n")


def c_shfmt_tree(s):
    for i in range(120):
        body = SCRIPT.replace("1 2 3", " ".join(str(j) for j in range(i % 9 + 1)))
        s.write("tree/d%d/s%d.sh" % (i % 7, i), body if i % 3 else "echo fine\n")
    s.run(["/usr/bin/shfmt", "-l", "tree"])
    s.run(["/usr/bin/shfmt", "-l", "-w", "-i", "2", "tree"])
    s.run(["/usr/bin/shfmt", "-l", "tree"])
    allsrc = b"".join(s.read(os.path.relpath(os.path.join(d, f), s.work))
                      for d, _, fs in sorted(os.walk(s.host("tree"))) for f in sorted(fs))
    digest(s, allsrc, "formatted tree")


def c_age(s):
    s.write("key", KEY)
    s.write("msg.age", CIPHER)
    s.run(["/usr/bin/age", "--version"])
    s.run(["/usr/bin/age", "-d", "-i", "key", "msg.age"])
    s.run(["/usr/bin/age-keygen", "-y", "key"])
    s.write("big", bytes((i * 131 + (i >> 9)) & 0xFF for i in range(3 * 1024 * 1024 + 5)))
    s.run(["/usr/bin/age", "-r", PUB, "-o", "big.age", "big"])
    s.note("ciphertext size %d" % len(s.read("big.age")))
    s.run(["/usr/bin/age", "-d", "-i", "key", "-o", "big.out", "big.age"])
    s.note("round trip %s" % (s.read("big.out") == s.read("big")))
    s.run(["/usr/bin/age", "-a", "-r", PUB, "-o", "small.age", "key"])
    s.run(["/usr/bin/age", "-d", "-i", "key", "small.age"])
    s.run(["/usr/bin/age", "-d", "-i", "key", "key"])


CHECKS = [
    ("fzf --filter (small, query syntax)", c_fzf_small),
    ("fzf --filter (150000 lines, parallel matchers)", c_fzf_big),
    ("shfmt (print, minify, diff, json)", c_shfmt),
    ("shfmt -l -w (a directory tree)", c_shfmt_tree),
    ("age (X25519, ChaCha20-Poly1305, 3 MB round trip)", c_age),
]

if __name__ == "__main__":
    sys.exit(realcheck.main("go", PKGS, CHECKS, doc=__doc__))
