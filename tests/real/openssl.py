#!/usr/bin/env python3
"""openssl.py - Debian's arm64 openssl under vemu against Debian's amd64 openssl run natively.

openssl on arm64 picks its AES, GHASH (PMULL), SHA-1, SHA-256 and SHA-512 code from the
HWCAPs, so under the default model it runs the crypto-extension paths (AESE/AESMC, PMULL,
SHA256H...), under -cpu cortex-a53 its NEON/C fallbacks.  For each vemu configuration
(default model with host AES-NI/SHA-NI, VEMU_NO_HOST_CRYPTO=1, cortex-a53, neoverse-n1) it
runs `openssl dgst -sha1/-sha256/-sha512/-sha3-256` of a 3 MB file and of "abc",
`openssl enc -aes-256-cbc` and `-aes-128-ctr` encryption (and decryption of the native
ciphertext), and `openssl mac ... GMAC` (AES-128-GCM's GHASH), and requires the same bytes as
the amd64 build of the same openssl version.  It also checks, in vemu's `-d in_asm` log, that
openssl runs SHA256H, AESE and 64-bit PMULL under the default model and none of them under
cortex-a53.  The packages come from tools/fetch-deb.sh
(cached); without apt/network the test fails saying so.

Example:
  tests/real/openssl.py --vemu build/vemu-aarch64 --top .
Prints one "ok"/"not ok" line per check and ends with "N passed, M failed"; exit 1 on failure.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
PKGS = ["libc6", "libgcc-s1", "openssl", "libssl3"]
KEY256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
KEY128 = "2b7e151628aed2a6abf7158809cf4f3c"
IV = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
# which instructions openssl must pick (seen in vemu's -d in_asm log) where they are advertised
INTROSPECT = [("dgst -sha256 abc", "SHA256H", r"\bsha256h\b"),
              ("enc -aes-128-ctr", "AESE", r"\baese\b"),
              ("mac GMAC (AES-128-GCM)", "PMULL (64-bit)", r"\bpmull2? v\d+\.1q")]
CONFIGS = [
    ("default model, host crypto instructions", {}),
    ("default model, C helpers", {"VEMU_NO_HOST_CRYPTO": "1"}),
    ("cortex-a53 (no crypto extension)", {"VEMU_CPU": "cortex-a53"}),
    ("neoverse-n1", {"VEMU_CPU": "neoverse-n1"}),
]


def cases(work):
    big, abc = os.path.join(work, "big"), os.path.join(work, "abc")
    enc = ["enc", "-nosalt", "-in", big]
    return [
        ("dgst -sha1 big", ["dgst", "-sha1", "-r", big], None),
        ("dgst -sha256 big", ["dgst", "-sha256", "-r", big], None),
        ("dgst -sha512 big", ["dgst", "-sha512", "-r", big], None),
        ("dgst -sha3-256 big", ["dgst", "-sha3-256", "-r", big], None),
        ("dgst -sha256 abc", ["dgst", "-sha256", "-r", abc], None),
        ("dgst -sha512 abc", ["dgst", "-sha512", "-r", abc], None),
        ("enc -aes-256-cbc", enc + ["-aes-256-cbc", "-K", KEY256, "-iv", IV], "out"),
        ("enc -aes-128-ctr", enc + ["-aes-128-ctr", "-K", KEY128, "-iv", IV], "out"),
        ("mac GMAC (AES-128-GCM)", ["mac", "-cipher", "AES-128-GCM", "-macopt",
                                    "hexkey:" + KEY128, "-macopt", "hexiv:" + IV[:24],
                                    "-in", big, "GMAC"], None),
    ]


def run(cmd, env, out_path):
    """stdout (or the bytes written to out_path) of cmd; raises on a non-zero exit."""
    args = cmd + (["-out", out_path] if out_path else [])
    p = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    if p.returncode != 0:
        raise RuntimeError("exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[:300]))
    if out_path:
        with open(out_path, "rb") as f:
            return f.read()
    return p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vemu", required=True)
    ap.add_argument("--top", required=True, help="the source tree (tools/, bench/)")
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.top, "bench"))
    import sysroot  # noqa: E402

    try:
        arm_dirs = sysroot.fetch(a.top, "arm64", PKGS)
        amd_dirs = sysroot.fetch(a.top, "amd64", PKGS)
    except SystemExit as e:
        print("openssl: FAIL: %s" % e, file=sys.stderr)
        print("openssl: this test needs apt with network access once (then it is cached in "
              "${VEMU_CACHE:-$HOME/.cache/vemu})", file=sys.stderr)
        return 1
    vemu = os.path.abspath(a.vemu)
    base_env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "OPENSSL_CONF": "/dev/null"}
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="vemu-openssl.") as work:
        # private merged roots (hard links), so that bench/run's cached roots are left alone
        arm, amd = os.path.join(work, "root-arm64"), os.path.join(work, "root-amd64")
        for root, dirs in ((arm, arm_dirs), (amd, amd_dirs)):
            for d in dirs:
                sysroot.link_tree(d, root)
        native_env = dict(base_env, LD_LIBRARY_PATH=sysroot.native_libdirs(amd, "amd64"))
        native = [os.path.join(amd, "usr/bin/openssl")]
        emulated = [vemu, "-L", arm, os.path.join(arm, "usr/bin/openssl")]
        with open(os.path.join(work, "big"), "wb") as f:
            f.write(random.Random(1).randbytes(3 * 1024 * 1024 + 13))
        with open(os.path.join(work, "abc"), "wb") as f:
            f.write(b"abc")
        out = os.path.join(work, "out")
        want = {name: run(native + cmd, native_env, out if o else None)
                for name, cmd, o in cases(work)}
        # the native ciphertexts, to decrypt under vemu
        cts = {}
        for name, cmd, o in cases(work):
            if name.startswith("enc "):
                path = os.path.join(work, name.split()[-1].lstrip("-") + ".ct")
                with open(path, "wb") as f:
                    f.write(want[name])
                cts[name] = (cmd, path)
        with open(os.path.join(work, "big"), "rb") as f:
            plain = f.read()
        for label, extra in CONFIGS:
            env = dict(base_env, **extra)
            checks = [(name, cmd, o, want[name]) for name, cmd, o in cases(work)]
            for name, (cmd, path) in cts.items():
                dec = cmd[:cmd.index("-in")] + ["-d", "-in", path] + cmd[cmd.index("-in") + 2:]
                checks.append((name.replace("enc", "enc -d"), dec, "out", plain))
            for name, cmd, o, expect in checks:
                what = "%s [%s]" % (name, label)
                try:
                    got = run(emulated + cmd, env, out if o else None)
                except (RuntimeError, subprocess.TimeoutExpired) as e:
                    print("not ok - %s: %s" % (what, e))
                    failed += 1
                    continue
                if got == expect:
                    print("ok - %s" % what)
                    passed += 1
                else:
                    print("not ok - %s: output differs from the native amd64 openssl (%r... vs "
                          "%r...)" % (what, got[:64], expect[:64]))
                    failed += 1
        # OPENSSL_armcap-style introspection: the crypto-extension code paths are taken under
        # the default model (HWCAPs advertised) and not under cortex-a53
        log = os.path.join(work, "in_asm.log")
        for label, extra, want_used in (("default model", {}, True),
                                        ("cortex-a53", {"VEMU_CPU": "cortex-a53"}, False)):
            for name, insn, pattern in INTROSPECT:
                cmd = next(c for n, c, _ in cases(work) if n == name)
                o = out if name.startswith("enc ") else None
                what = "openssl %s %s for %s [%s]" % ("uses" if want_used else "does not use",
                                                     insn, name, label)
                try:
                    if os.path.exists(log):
                        os.remove(log)
                    run([vemu, "-d", "in_asm", "-D", log] + emulated[1:] + cmd,
                        dict(base_env, **extra), o)
                    with open(log, errors="replace") as f:
                        used = re.search(pattern, f.read()) is not None
                except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
                    print("not ok - %s: %s" % (what, e))
                    failed += 1
                    continue
                if used == want_used:
                    print("ok - %s" % what)
                    passed += 1
                else:
                    print("not ok - %s" % what)
                    failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
