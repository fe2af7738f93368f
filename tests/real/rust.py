#!/usr/bin/env python3
"""rust.py - Rust programs from Debian's arm64 packages (rustc 1.63) under vemu vs amd64.

ripgrep and fd search directory trees with a pool of threads (crossbeam work-stealing,
atomics, parking through futexes); ripgrep's --pcre2 compiles patterns with PCRE2's JIT (more
run-time generated code); hyperfine starts programs and measures them with wait4's rusage.
  rg       literal, regex, -w/-i/-v/-c/-l/-o, --replace, multiline, --pcre2, globs and types,
           --files, a 600-file tree searched with several threads (--sort path for a fixed order)
  fdfind   name patterns, -e/-t/-H/-d/-E, --exec (output lines sorted: fd prints in the
           order its threads finish)
  hyperfine --version, --help; a measured run of `rg --version` exported as JSON, of which the
           command names, run counts and exit codes are compared (not the times)
Each transcript must equal the amd64 build's (same Debian version).

Example:
  tests/real/rust.py --vemu build/vemu-aarch64 --top .
"""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realcheck  # noqa: E402
from realcheck import text  # noqa: E402

PKGS = ["ripgrep", "fd-find", "hyperfine", "libc6", "libgcc-s1", "libpcre2-8-0"]
RG = "/usr/bin/rg"
FD = "/usr/bin/fdfind"


def tree(s, files=600):
    """tree/: nested directories of .txt, .c, .md files and a hidden and an ignored one."""
    for i in range(files):
        ext = ("txt", "c", "md", "rs")[i % 4]
        s.write("tree/d%d/e%d/f%03d.%s" % (i % 5, i % 3, i, ext), text(30 + i % 50, i))
    s.write("tree/.hidden/secret.txt", "line hidden aaaa\n")
    s.write("tree/.ignore", "d4/e2/\n")
    s.write("tree/bin.dat", b"line \x00 binary aaaa\n" * 10)


def c_rg_basic(s):
    s.write("poem.txt", "The quick brown fox\njumps over\nthe lazy dog.\nTHE END\nfoxes: 3\n")
    s.note(s.run([RG, "--version"], show=False).decode().splitlines()[0])  # then SIMD features
    for args in (["fox"], ["-i", "the"], ["-w", "fox"], ["-v", "o"], ["-c", "[aeiou]{1}"],
                 ["-o", r"\b\w{5}\b"], ["-n", "--column", "o"], ["-r", "$1-$1", r"(\w+)x"],
                 ["-U", r"over\nthe"], ["-F", "dog."], ["-e", "fox", "-e", "END"],
                 ["--pcre2", r"(?<=quick )\w+"], ["--pcre2", r"^(\w)\w*\s(?!\1)"],
                 ["-C1", "over"], ["nomatch"]):
        s.run([RG, "--no-config", "--color=never", "-H"] + args + ["poem.txt"])


def c_rg_tree(s):
    tree(s)
    base = [RG, "--no-config", "--sort", "path", "--color=never"]
    s.run(base + ["-c", "aaaaaaaa", "tree"])
    s.run(base + ["-l", "-t", "c", "line 4[0-9] ", "tree"])
    s.run(base + ["--files", "-g", "*.md", "-g", "!d1/**", "tree"])
    s.run(base + ["--hidden", "-n", "hidden", "tree"])
    s.run(base + ["--no-ignore", "-c", "line 0 of", "tree/d4"])
    s.run(base + ["-a", "-c", "binary", "tree/bin.dat"])
    s.run(base + ["-c", "binary", "tree"])
    s.run(base + ["--pcre2", "-o", "-m", "2", r"(?i)\b([a-f])\1{7}\b", "tree/d2"])
    # unsorted: a thread pool searches the tree; compare the sorted lines
    out = s.run([RG, "--no-config", "-j", "4", "--color=never", "-n", r"[0-9a-f]{7}0 hh",
                 "tree"], show=False)
    lines = sorted(out.decode().splitlines())
    s.note("threaded search: %d lines, first %s, last %s" % (len(lines), lines[:1], lines[-1:]))


def c_fd(s):
    tree(s, 200)
    s.run([FD, "--version"])
    # (options, pattern, command for --exec/--exec-batch)
    for opts, pat, cmd in (([], "f01", []), (["-e", "md"], ".", []), (["-t", "d"], ".", []),
                           (["-H"], "secret", []), (["-d", "2"], ".", []),
                           (["-E", "d3", "-e", "rs"], ".", []), (["-g"], "*1.c", []),
                           (["--no-ignore"], "f19", []),
                           (["-e", "c"], "f01", ["-x", RG, "--no-config", "-c", "bbbbbbbb"]),
                           ([], "^f0[0-4]", ["-X", RG, "--no-config", "-l", "dddddd"])):
        out = s.run([FD, "--color=never"] + opts + [pat, "tree"] + cmd, show=False)
        s.note("$ fdfind %s\n%s" % (" ".join(opts + [pat] + cmd),
                                     "\n".join(sorted(out.decode().splitlines()))))


def c_hyperfine(s):
    s.run(["/usr/bin/hyperfine", "--version"])
    s.run(["/usr/bin/hyperfine", "--help"])
    s.run(["/usr/bin/hyperfine", "-N", "-i", "--runs", "3", "--warmup", "1", "--style", "none",
           "--export-json", "h.json", "/usr/bin/rg --version",
           "/usr/bin/rg --no-config -q nomatch h.json"], show=False, stderr=False)
    res = json.loads(s.read("h.json"))["results"]
    for r in res:
        s.note("%s: %d runs, exit codes %s, keys %s" % (r["command"], len(r["times"]),
                                                        r.get("exit_codes"), sorted(r)))
    s.run(["/usr/bin/hyperfine", "-N", "--runs", "2", "/usr/bin/rg --nonsense"], show=False)


CHECKS = [
    ("rg (patterns, options, PCRE2 JIT)", c_rg_basic),
    ("rg over a 600-file tree (threads, ignore files, types)", c_rg_tree),
    ("fdfind (patterns, types, depth, --exec)", c_fd),
    ("hyperfine (spawning and timing programs)", c_hyperfine),
]

if __name__ == "__main__":
    sys.exit(realcheck.main("rust", PKGS, CHECKS, doc=__doc__))
