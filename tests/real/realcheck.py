"""realcheck.py - the harness of tests/real's program checks: arm64 under vemu vs amd64 natively.

A check script (git.py, node.py, gorust.py, tools.py) names Debian packages and a list of
checks; each check is a function that drives one "side" through a few commands and returns
nothing.  The harness fetches the arm64 packages and the amd64 build of exactly the same
versions (tools/fetch-deb.sh through bench/sysroot.py, cached), hard-links each set into a
private root, and runs every check twice: the amd64 programs natively, chrooted into their
root (`unshare -rm`, /dev and /proc bound in, so compiled-in paths such as git's exec path
or node's /usr/share/nodejs resolve inside it), and the arm64 programs under
`vemu-aarch64 -L ROOT`.  Each side works in its own empty directory, seen as /w; every
command's stdout, stderr and exit status go into a transcript (the host path of the work
directory replaced by /w), and the check passes when both transcripts are equal.

Example (in a check script):
    def init(s):
        s.run(["/usr/bin/git", "init", "-q", "r"])
        s.write("r/a.txt", b"hello\\n")
    CHECKS = [("git init", init)]
    sys.exit(realcheck.main("git", PKGS, CHECKS))
A check listed as (name, fn, "full") runs only with --full.  VEMU_REAL_RUNNER (e.g.
qemu-aarch64) runs the arm64 side with another emulator instead of vemu.
Prints "ok - NAME (Xs)" or "not ok - NAME" with a diff excerpt per check, then
"N passed, M failed"; exit 1 on any failure, 2 when the packages cannot be fetched.
"""

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
BASE_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/w/home",
            "TERM": "dumb"}
# run argv chrooted into $1 with /dev and /proc bound in, in the work directory /w
CHROOT_SH = ('r=$1; shift; for d in dev proc; do mkdir -p "$r/$d" && '
             'mount --rbind "/$d" "$r/$d" || exit 125; done; '
             'exec unshare --root="$r" --wd="$WD" "$@"')


class Side:
    """One architecture's root and work directory; run() appends to the transcript."""

    def __init__(self, arch, root, vemu, timeout):
        self.arch, self.root, self.vemu, self.timeout = arch, root, vemu, timeout
        self.work = os.path.join(root, "w")
        self.log = []

    def reset(self):
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(os.path.join(self.work, "home"))
        self.log = []

    def host(self, rel):
        """The host path of /w/rel."""
        return os.path.join(self.work, rel)

    def write(self, rel, data, mode=None):
        p = self.host(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        if mode is not None:
            os.chmod(p, mode)

    def read(self, rel):
        with open(self.host(rel), "rb") as f:
            return f.read()

    def note(self, text):
        """Put a line of the check's own making (a digest, a count) in the transcript."""
        self.log.append(text.encode() + b"\n")

    def run(self, argv, cwd="", env=None, input=None, show=True, timeout=None, stderr=True):
        """Run argv (argv[0] an absolute path inside the root) in /w/cwd; returns stdout.

        The transcript gets the command and its stdout (show), its stderr (stderr: False
        for messages that depend on timing) and a non-zero exit status."""
        e = dict(BASE_ENV, **(env or {}))
        wd = "/w/" + cwd if cwd else "/w"
        if self.arch == "arm64":
            cmd = self.vemu + ["-L", self.root, self.root + argv[0]] + list(argv[1:])
            hwd = self.host(cwd)
        else:
            cmd = ["unshare", "-rm", "sh", "-c", CHROOT_SH, "sh", self.root] + list(argv)
            e["WD"] = wd
            hwd = None
        try:
            p = subprocess.run(cmd, cwd=hwd, env=e, input=input, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=timeout or self.timeout)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as t:
            rc, out, err = "timeout", t.stdout or b"", t.stderr or b""
        if self.arch == "amd64" and rc == 125:
            why = err.decode(errors="replace")
            raise SystemExit("realcheck: could not chroot into %s with unshare -rm (user "
                             "namespaces disabled?): %s" % (self.root, why))
        out, err = self._norm(out), self._norm(err)
        if show:
            self.log.append(b"$ " + " ".join(argv).encode() + b"\n" + out)
        if err and stderr:
            self.log.append(b"[stderr]\n" + err)
        if rc != 0:
            self.log.append(b"[exit %s]\n" % str(rc).encode())
        return out

    def _norm(self, b):
        for p in {self.work, os.path.realpath(self.work)}:
            b = b.replace(p.encode(), b"/w")
        if self.arch == "arm64":
            b = b.replace(self.root.encode(), b"")
        return b


def text(n, seed):
    """n lines of deterministic text (words, hex numbers, runs of letters) for inputs."""
    x, lines = seed, []
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        lines.append("line %d of %d: %08x %s" % (i, seed, x, "abcdefgh"[x % 8] * (x % 13)))
    return "\n".join(lines) + "\n"


def no_binnmu(ver):
    """A version without its binary-rebuild suffix (+bN): the same source on every arch."""
    head, sep, tail = ver.rpartition("+b")
    return head if sep and tail.isdigit() else ver


def amd64_versions(pkgs):
    """{pkg: [versions]} that apt's lists offer for amd64 (not what dpkg has installed)."""
    res = subprocess.run(["apt-cache", "madison"] + ["%s:amd64" % p for p in pkgs],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    vers = {}
    for line in res.stdout.splitlines():
        f = [x.strip() for x in line.split("|")]
        if len(f) >= 3 and f[2].endswith("amd64 Packages"):
            vers.setdefault(f[0], []).append(f[1])
    return vers


def fetch_roots(top, work, pkgs, all_pkgs):
    """Private arm64 and amd64 roots of pkgs (amd64 pinned to the arm64 versions, up to a
    binary rebuild: arm64 bc 1.07.1-3 and amd64 bc 1.07.1-3+b1 are built from one source)."""
    sys.path.insert(0, os.path.join(top, "bench"))
    import sysroot  # noqa: E402

    arm_dirs = sysroot.fetch(top, "arm64", pkgs)
    offered = amd64_versions(pkgs)
    pinned = []
    for p, d in zip(pkgs, arm_dirs):
        with open(os.path.join(d, ".vemu-complete")) as f:
            ver = f.read().strip().split("_")[1].replace("%3a", ":")
        same = [v for v in offered.get(p, []) if no_binnmu(v) == no_binnmu(ver)]
        pinned.append("%s=%s" % (p, ver if ver in same or not same else same[0]))
    amd_dirs = sysroot.fetch(top, "amd64", pinned)
    indep = sysroot.fetch(top, "all", all_pkgs) if all_pkgs else []
    roots = []
    for arch, dirs in (("arm64", arm_dirs), ("amd64", amd_dirs)):
        root = os.path.join(work, "root-" + arch)
        for d in list(dirs) + list(indep):
            sysroot.link_tree(d, root)
        roots.append(root)
    return roots


def excerpt(a, b, runner, n=12):
    lines = list(difflib.unified_diff(a.decode(errors="replace").splitlines(),
                                      b.decode(errors="replace").splitlines(),
                                      "amd64 (native)", "arm64 (%s)" % runner, lineterm="", n=1))
    return "\n".join("#   " + s for s in lines[:n])


def main(title, pkgs, checks, all_pkgs=(), doc=""):
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--vemu", required=True)
    ap.add_argument("--top", required=True, help="the source tree (tools/, bench/)")
    ap.add_argument("--full", action="store_true", help="also the checks marked full")
    ap.add_argument("--only", help="run only the checks whose name contains this")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per command")
    ap.add_argument("-v", action="store_true", help="print both transcripts")
    a = ap.parse_args()
    # VEMU_REAL_RUNNER (word-split) replaces vemu, e.g. "qemu-aarch64" for comparison
    vemu = os.environ.get("VEMU_REAL_RUNNER", "").split() or [os.path.abspath(a.vemu)]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="vemu-real-%s." % title) as work:
        try:
            arm, amd = fetch_roots(os.path.abspath(a.top), work, pkgs, all_pkgs)
        except SystemExit as e:
            print("%s: FAIL: %s" % (title, e), file=sys.stderr)
            print("%s: this test needs apt with network access once (then it is cached in "
                  "${VEMU_CACHE:-$HOME/.cache/vemu})" % title, file=sys.stderr)
            return 2
        sides = [Side("amd64", amd, vemu, a.timeout), Side("arm64", arm, vemu, a.timeout)]
        for name, fn, *opt in checks:
            if (opt and opt[0] == "full" and not a.full) or (a.only and a.only not in name):
                continue
            logs, t0 = [], time.time()
            for s in sides:
                s.reset()
                try:
                    fn(s)
                except (OSError, ValueError, IndexError) as e:
                    s.note("[check raised %r]" % e)
                logs.append(b"".join(s.log))
            dt = time.time() - t0
            if a.v:
                for s, lg in zip(sides, logs):
                    print("# --- %s [%s]\n%s" % (name, s.arch, lg.decode(errors="replace")))
            if logs[0] == logs[1]:
                print("ok - %s %s (%.1fs)" % (title, name, dt))
                passed += 1
            else:
                runner = os.path.basename(vemu[0])
                print("not ok - %s %s: arm64 under %s differs from amd64\n%s"
                      % (title, name, runner, excerpt(logs[0], logs[1], runner)))
                failed += 1
            sys.stdout.flush()
        for s in sides:
            shutil.rmtree(s.work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
