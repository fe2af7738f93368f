#!/usr/bin/env python3
"""iproute2.py - Debian's arm64 `ip` (iproute2) under vemu against the amd64 build of the same
package version run natively: every command below talks NETLINK_ROUTE (RTM_GETLINK,
RTM_GETADDR, RTM_GETROUTE, RTM_GETRULE, RTM_GETNEIGH dumps and single requests, netlink error
replies), and its output and exit status must be the same.  Lifetimes of dynamic addresses
("valid_lft 3599sec") count down between the two runs and are masked.  The packages come
from tools/fetch-deb.sh through bench/sysroot.py (cached); without apt/network the test fails
saying so.  The roots are private trees of hard links in a temporary directory (as
openssl.py's), so bench/run's cached roots are left alone.

Example:
  tests/real/iproute2.py --vemu build/vemu-aarch64 --top .
Prints one "ok"/"not ok" line per command and ends with "N passed, M failed"; exit 1 on failure.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
LIBS = ["libbpf1", "libbsd0", "libcap2", "libdb5.3", "libelf1", "libmnl0", "libselinux1",
        "libtirpc3", "libxtables12", "libmd0", "zlib1g", "libpcre2-8-0", "libgssapi-krb5-2",
        "libkrb5-3", "libk5crypto3", "libcom-err2", "libkrb5support0", "libkeyutils1"]
COMMANDS = [
    ["-V"],
    ["addr"],
    ["link"],
    ["route"],
    ["-6", "addr"],
    ["-6", "route"],
    ["-4", "route", "show", "table", "all"],
    ["-j", "addr"],
    ["-d", "link"],
    ["-br", "addr"],
    ["-o", "link"],
    ["rule"],
    ["neigh"],
    ["addr", "show", "dev", "lo"],
    ["route", "get", "127.0.0.1"],
    ["link", "show", "dev", "no-such-if0"],   # an error: exit status 1 and the message
]


def run(cmd, env=None):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                         timeout=120)
    text = res.stdout.decode("utf-8", "replace")
    text = re.sub(r"(valid_lft|preferred_lft) \d+sec", r"\1 Nsec", text)
    text = re.sub(r'"(valid_life_time|preferred_life_time)":\d+', r'"\1":N', text)
    return res.returncode, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vemu", required=True)
    ap.add_argument("--top", required=True)
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(args.top, "bench"))
    import sysroot  # noqa: E402

    try:
        arm_dirs = sysroot.fetch(args.top, "arm64", ["libc6", "iproute2"] + LIBS)
        amd_dirs = sysroot.fetch(args.top, "amd64", ["iproute2"] + LIBS)
    except SystemExit as e:
        print("iproute2: FAIL: %s" % e, file=sys.stderr)
        print("iproute2: this test needs apt with network access once (then it is cached in "
              "${VEMU_CACHE:-$HOME/.cache/vemu})", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="vemu-iproute2.") as work:
        arm, amd = os.path.join(work, "root-arm64"), os.path.join(work, "root-amd64")
        for root, dirs in ((arm, arm_dirs), (amd, amd_dirs)):
            for d in dirs:
                sysroot.link_tree(d, root)
        env = dict(os.environ, LD_LIBRARY_PATH=sysroot.native_libdirs(amd, "amd64"))
        return compare(os.path.abspath(args.vemu), arm, amd, env)


def compare(vemu, arm, amd, env):
    passed = failed = 0
    for i, cmd in enumerate(COMMANDS, 1):
        want = run([os.path.join(amd, "bin", "ip")] + cmd, env)
        got = run([vemu, "-L", arm, os.path.join(arm, "bin", "ip")] + cmd)
        name = "ip " + " ".join(cmd)
        if got == want:
            passed += 1
            print("ok %d - %s (status %d, %d lines)" % (i, name, got[0], got[1].count("\n")))
        else:
            failed += 1
            print("not ok %d - %s: status %d, amd64 %d" % (i, name, got[0], want[0]))
            for line in (got[1] + "---- amd64:\n" + want[1]).splitlines()[:30]:
                print("#   " + line)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
