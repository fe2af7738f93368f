#!/usr/bin/env python3
"""python-regrtest.py - CPython's own regression suite: Debian's arm64 python3.11 under vemu
against Debian's amd64 python3.11 run natively.

Both builds come with their runtime libraries and libpython3.11-testsuite (the `test`
package) from tools/fetch-deb.sh, merged into one root per architecture by bench/sysroot.py
(cached under ${VEMU_CACHE:-~/.cache/vemu}/python-regrtest/).  For each test module it runs
`python3.11 -m test -v --timeout T --tempdir DIR MODULE` (regrtest in one process, no -u
resources: no network, no largefile, no cpu-heavy tests) natively and under the runner, reads
every test's outcome from unittest's verbose lines and compares the two sets: a test that
passes natively and fails, errors or never reports under the runner (a crash, a timeout) is
a failure of the module's check.  A test that fails natively too, or is skipped under both,
is not the runner's fault; tests skipped only under the runner are listed.

The quick slice (the meson test `python-regrtest`, suite `real`) runs QUICK; --full (meson
test setup `full`, suite `real-full`) runs the whole list of issue 7.  `--runner
qemu-aarch64` (or VEMU_REAL_RUNNER) runs the arm64 build under Debian's qemu-aarch64
instead, for the side-by-side table in docs/compatibility.md (qemu is an oracle only).

Example:
  tests/real/python-regrtest.py --vemu build/vemu-aarch64 --top . test_json test_re
  tests/real/python-regrtest.py --vemu build/vemu-aarch64 --top . --full --log-dir /tmp/py
Prints "ok N - MODULE: R run, F failed, S skipped (native: ...)" per module, the tests that
differ under it, and ends with "N passed, M failed"; exit 1 on any failure.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
PKGS = ["libc6", "libgcc-s1", "python3.11", "python3.11-minimal", "libpython3.11-minimal",
        "libpython3.11-stdlib", "libpython3.11-testsuite", "zlib1g", "libexpat1", "libssl3",
        "libbz2-1.0", "libcrypt1", "libffi8", "liblzma5", "libncursesw6", "libreadline8",
        "libsqlite3-0", "libtinfo6", "libuuid1", "libdb5.3", "media-types",
        "dash"]  # /bin/sh: an arm64 system's shell runs the scripts tests write
FULL = ["test_threading", "test_subprocess", "test_signal", "test_socket", "test_os",
        "test_mmap", "test_select", "test_json", "test_re", "test_zlib", "test_hashlib",
        "test_decimal", "test_math", "test_time", "test_fcntl"]
# the modules closest to the kernel interface, and test_json for the interpreter: about 3.5
# minutes for both runs on this 2-core machine at load 10 (test_signal alone 2 of them, its
# own sleeps); test_math, test_decimal and the process-heavy modules stay in --full
QUICK = ["test_signal", "test_select", "test_fcntl", "test_mmap", "test_time", "test_re",
         "test_zlib", "test_hashlib", "test_json"]

# "test_x (test.mod.Class.test_x) ... ok", a failing subtest "  test_x (id) (i=1) ... FAIL",
# "setUpClass (test.mod.Class) ... skipped 'why'"
DESC = re.compile(r"^\s*(\w+) \(([\w.]+)\)((?: \(.*\)| \[.*\])?) \.\.\. ?(.*)$")
HEAD = re.compile(r"^\s*(\w+) \(([\w.]+)\)((?: \(.*\)| \[.*\])?)$")
STATUS = re.compile(r"^(ok|FAIL|ERROR|expected failure|unexpected success|skipped(?: .*)?)$")
# Left out of every run (native and emulated), with the reason: AF_VSOCK to the local CID
# hangs natively on this build machine (no vsock loopback transport) until the timeout.
IGNORE = {"test_socket": ["*ThreadedVSOCKSocketStreamTest*"]}
MAX_NOTES = 40  # "#" lines per module
RAN = re.compile(r"^Ran (\d+) tests? in ")


def outcome(status):
    """pass / fail / skip from unittest's status word."""
    if status in ("ok", "expected failure"):
        return "pass"
    if status.startswith("skipped"):
        return "skip"
    return "fail"  # FAIL, ERROR, unexpected success


def parse(text):
    """(results {test id: (outcome, status)}, tests run or None if regrtest never finished)."""
    results, pending, ran = {}, None, None
    described = None  # a test with a docstring: "name (id)", then "Docstring ... status"
    for line in text.splitlines():
        m = DESC.match(line)
        if not m and described and " ... " in line:
            m = DESC.match(described + " ... " + line.rsplit(" ... ", 1)[1])
        described = None
        if m:
            name, ident, sub, rest = m.groups()
            key = ident + sub
            pending = None
            if STATUS.match(rest.strip()):
                results[key] = (outcome(rest.strip()), rest.strip())
            else:
                pending = key  # the test printed something before its status
            if sub and key in results and results[key][0] == "fail":
                results[ident] = ("fail", "subtest " + results[key][1])
            continue
        if HEAD.match(line):
            described = line
            continue
        s = line.strip()
        if pending and STATUS.match(s):
            results[pending] = (outcome(s), s)
            pending = None
            continue
        m = RAN.match(line)
        if m:
            ran = (ran or 0) + int(m.group(1))
    return results, ran


def counts(results, ran):
    fail = sum(1 for o, _ in results.values() if o == "fail")
    skip = sum(1 for o, _ in results.values() if o == "skip")
    run = ran if ran is not None else len(results)
    return "%d run, %d failed, %d skipped%s" % (run, fail, skip,
                                               "" if ran is not None else ", did not finish")


def default_signals():
    """In the child: SIGINT/SIGQUIT as a terminal would leave them (a shell's `cmd &` ignores
    them, and python installs its KeyboardInterrupt handler only over SIG_DFL), and a process
    group of its own, so that a test signalling its group does not reach this script."""
    os.setpgid(0, 0)
    for sig in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)


def run_module(name, cmd, env, work, module, timeout, log_dir):
    """Output of regrtest for module, its exit status (None: killed by our timeout)."""
    tmp = os.path.join(work, "tmp-%s-%s" % (name, module))
    os.makedirs(tmp)
    env = dict(env, TMPDIR=tmp, HOME=tmp)
    ignore = [a for pat in IGNORE.get(module, []) for a in ("--ignore", pat)]
    args = cmd + ["-m", "test", "-v", "--timeout", str(timeout), "--tempdir", tmp] + ignore + [
        module]
    t0 = time.monotonic()
    p = subprocess.Popen(args, env=env, cwd=tmp, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         preexec_fn=default_signals)
    try:
        out, _ = p.communicate(timeout=timeout + 120)
        status = p.returncode
    except subprocess.TimeoutExpired:
        # the whole group: a grandchild holding the pipe open would block the read
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        status = None
    try:
        os.killpg(p.pid, signal.SIGKILL)  # leftovers of a test that exited early
    except ProcessLookupError:
        pass
    secs = time.monotonic() - t0
    text = out.decode(errors="replace")
    if log_dir:
        with open(os.path.join(log_dir, "%s.%s.log" % (module, name)), "w") as f:
            f.write("$ %s\n%s\n[exit %s after %.0f s]\n" % (" ".join(args), text, status, secs))
    shutil.rmtree(tmp, ignore_errors=True)
    return text, status, secs


def error_excerpt(text, key):
    """The exception line of the traceback regrtest printed for test key, for the report."""
    ident = key.split(" ")[0]
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(?:FAIL|ERROR): \w+ \(([\w.]+)\)", line)
        if not m or m.group(1) != ident:
            continue
        body = lines[i + 1:]
        # the test's docstring may come first, then a line of dashes, then the traceback
        start = next((k + 1 for k, x in enumerate(body) if x.startswith("-" * 20)), len(body))
        tb = []
        for x in body[start:]:
            if x.startswith("=" * 20) or x.startswith("-" * 20):
                break
            tb.append(x)
        # the exception starts after the last indented line (the last frame's source)
        last_frame = max((k for k, x in enumerate(tb) if x[:1].isspace()), default=-1)
        exc = " ".join(x.strip() for x in tb[last_frame + 1:] if x.strip())
        return exc[:200]
    return ""


def compare(native, emulated, emu_text, emu_finished):
    """Tests the runner broke, tests skipped only under it, tests only it passes."""
    broken, skipped_only, fixed = [], [], []
    for key, (o, st) in sorted(native[0].items()):
        e = emulated[0].get(key)
        if o == "pass":
            if e is None:
                why = "no result" + ("" if emu_finished else " (the run did not finish)")
                broken.append((key, why))
            elif e[0] == "fail":
                broken.append((key, e[1] + ": " + error_excerpt(emu_text, key)))
            elif e[0] == "skip":
                skipped_only.append((key, e[1]))
        elif o == "fail" and e and e[0] == "pass":
            fixed.append(key)
    # tests only the runner ran and failed (e.g. arm64-only code paths)
    for key, (o, st) in sorted(emulated[0].items()):
        if key not in native[0] and o == "fail":
            broken.append((key, st + " (not run natively): " + error_excerpt(emu_text, key)))
    return broken, skipped_only, fixed


def runner_cmd(runner, vemu, root):
    prog = os.path.join(root, "usr/bin/python3.11")
    if runner == "vemu":
        return [vemu, "-L", root, prog]
    return [runner, "-L", root, prog]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vemu", required=True)
    ap.add_argument("--top", required=True, help="the source tree (tools/, bench/)")
    ap.add_argument("--runner", default=os.environ.get("VEMU_REAL_RUNNER") or "vemu",
                    help="vemu (default) or an emulator such as qemu-aarch64 "
                    "(VEMU_REAL_RUNNER)")
    ap.add_argument("--full", action="store_true", help="every module of issue 7")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get(
        "VEMU_REGRTEST_TIMEOUT", "900")), help="seconds per module and runner (regrtest "
        "--timeout; VEMU_REGRTEST_TIMEOUT)")
    ap.add_argument("--log-dir", help="keep every run's output here (MODULE.RUNNER.log)")
    ap.add_argument("modules", nargs="*", help="test modules (default: the quick slice)")
    a = ap.parse_args()
    modules = a.modules or (FULL if a.full else QUICK)
    sys.path.insert(0, os.path.join(a.top, "bench"))
    import sysroot  # noqa: E402

    try:
        arm = sysroot.merged_root(a.top, "arm64", PKGS, group="python-regrtest")
        amd = sysroot.merged_root(a.top, "amd64", PKGS, group="python-regrtest")
    except SystemExit as e:
        print("python-regrtest: FAIL: %s" % e, file=sys.stderr)
        print("python-regrtest: this test needs apt with network access once (then it is "
              "cached in ${VEMU_CACHE:-$HOME/.cache/vemu})", file=sys.stderr)
        return 1
    runner = a.runner
    if runner != "vemu" and not shutil.which(runner):
        print("python-regrtest: FAIL: runner %s not found (apt-get install qemu-user)" % runner,
              file=sys.stderr)
        return 1
    label = "vemu" if runner == "vemu" else os.path.basename(runner.split()[0])
    base_env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    native_env = dict(base_env, LD_LIBRARY_PATH=sysroot.native_libdirs(amd, "amd64"))
    emu_env = dict(base_env)
    if runner != "vemu":
        emu_env["QEMU_LD_PREFIX"] = arm  # children started through a binfmt entry, if any
    native_cmd = [os.path.join(amd, "usr/bin/python3.11")]
    emu_cmd = runner_cmd(runner, os.path.abspath(a.vemu), arm)
    if a.log_dir:
        os.makedirs(a.log_dir, exist_ok=True)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="vemu-regrtest.") as work:
        for i, module in enumerate(modules, 1):
            ntext, nstatus, nsecs = run_module("native", native_cmd, native_env, work, module,
                                               a.timeout, a.log_dir)
            etext, estatus, esecs = run_module(label, emu_cmd, emu_env, work, module,
                                               a.timeout, a.log_dir)
            native, emulated = parse(ntext), parse(etext)
            if native[1] is None:
                print("not ok %d - %s: the native run did not finish (exit %s); output ends:\n%s"
                      % (i, module, nstatus, "\n".join(ntext.splitlines()[-15:])))
                failed += 1
                continue
            broken, skipped_only, fixed = compare(native, emulated, etext,
                                                  emulated[1] is not None)
            ok = not broken and emulated[1] is not None
            line = "%s %d - %s: %s (native: %s) [%s %.0f s, native %.0f s, exit %s/%s]" % (
                "ok" if ok else "not ok", i, module, counts(*emulated), counts(*native),
                label, esecs, nsecs, estatus, nstatus)
            print(line)
            for pat in IGNORE.get(module, []):
                print("#   left out of both runs: %s (see IGNORE)" % pat)
            notes = (["broken under %s: %s: %s" % (label, k, why) for k, why in broken] +
                     ["skipped only under %s: %s: %s" % (label, k, why)
                      for k, why in skipped_only] +
                     ["fails natively, passes under %s: %s" % (label, k) for k in fixed])
            for note in notes[:MAX_NOTES]:
                print("#   " + note)
            if len(notes) > MAX_NOTES:
                print("#   ... and %d more (the whole output: --log-dir)" %
                      (len(notes) - MAX_NOTES))
            if not ok and emulated[1] is None:
                print("#   %s output ends:" % label)
                for x in etext.splitlines()[-12:]:
                    print("#     " + x)
            sys.stdout.flush()
            passed, failed = passed + ok, failed + (not ok)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
