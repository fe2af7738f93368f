#!/usr/bin/env python3
"""bti.py - Debian trixie's arm64 programs, built with -mbranch-protection=standard, under vemu.

trixie's glibc, grep, sed and hello carry the GNU property note with the AArch64 BTI (and
PAC) feature, so on a CPU with BTI the kernel guards ld.so's code and ld.so guards the
program's and every library's (mprotect/mmap with PROT_BTI): every indirect branch into
them must land on a BTI instruction.  Under `-cpu max` (HWCAP2_BTI) the programs must run
and /proc/self/smaps must show their code as guarded (VmFlags "bt") as on BTI hardware;
under `-cpu neoverse-n1` (no BTI) nothing is guarded and they still run.  Outputs are
compared with the host's own sed and grep (same behaviour for these inputs).

The packages come from the suite's archive on the mirror apt uses (tools/fetch-oracle.py
--root; cached); without network the test fails with a message.
Example: python3 tests/real/bti.py --vemu build/vemu-aarch64 --top .
"""

import argparse
import os
import subprocess
import sys

PKGS = "libc6,hello,grep,libpcre2-8-0,sed,libacl1,libselinux1"
TEXT = "hello world\nfoo bar\nzoo\n\nbaz qux quux\n"
GUARDED = ["/usr/bin/grep", "/libc.so.6", "/libpcre2-8.so", "/ld-linux-aarch64.so.1"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vemu", required=True)
    ap.add_argument("--top", required=True)
    a = ap.parse_args()
    p = subprocess.run([sys.executable, os.path.join(a.top, "tools", "fetch-oracle.py"),
                        "--root", PKGS], capture_output=True, text=True, check=False)
    if p.returncode != 0:
        print("not ok - cannot fetch trixie's arm64 packages: %s" % p.stderr.strip())
        return 2
    root = p.stdout.strip()
    failed = passed = 0

    def run(cpu, argv, stdin=""):
        env = dict(os.environ, VEMU_CPU=cpu, LC_ALL="C")
        return subprocess.run([a.vemu, "-L", root, root + argv[0]] + argv[1:], input=stdin,
                              capture_output=True, text=True, env=env, timeout=120, check=False)

    def check(name, ok, detail=""):
        nonlocal failed, passed
        if ok:
            passed += 1
            print("ok - %s" % name)
        else:
            failed += 1
            print("not ok - %s%s" % (name, ": " + detail if detail else ""))

    for cpu in ["max", "neoverse-n1"]:
        r = run(cpu, ["/usr/bin/hello"])
        check("%s: hello" % cpu, r.returncode == 0 and r.stdout == "Hello, world!\n",
              repr((r.returncode, r.stdout, r.stderr)))
        for prog, args in [("sed", ["-E", "s/(o+)/[\\1]/g; /^$/d; 3q"]),
                           ("grep", ["-n", "-E", "o{2}|ba."]),
                           ("grep", ["-c", "-v", "-i", "ZOO"])]:
            want = subprocess.run([prog] + args, input=TEXT, capture_output=True, text=True,
                                  env=dict(os.environ, LC_ALL="C"), check=False)
            got = run(cpu, ["/usr/bin/" + prog] + args, TEXT)
            check("%s: %s %s" % (cpu, prog, " ".join(args)),
                  (got.returncode, got.stdout, got.stderr) ==
                  (want.returncode, want.stdout, want.stderr),
                  "vemu %r, host %r" % ((got.returncode, got.stdout, got.stderr),
                                        (want.returncode, want.stdout)))
        # grep reads its own smaps: which executable mappings are guarded
        r = run(cpu, ["/usr/bin/grep", "-E", "^[0-9a-f]+-| bt $", "/proc/self/smaps"])
        guarded, last = [], None
        for line in r.stdout.splitlines():
            if line.startswith("VmFlags:"):
                if " bt " in line + " " and last and " r-xp " in last:
                    guarded.append(last.split()[-1])
            elif "-" in line.split()[0]:
                last = line
        if cpu == "max":
            missing = [g for g in GUARDED if not any(g in path for path in guarded)]
            check("max: program, ld.so and libraries guarded (VmFlags bt)",
                  r.returncode == 0 and not missing, "not guarded: %s" % missing)
        else:
            check("neoverse-n1: nothing guarded", r.returncode == 0 and not guarded,
                  "guarded: %s" % guarded)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
