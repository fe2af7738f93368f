"""measure.py - the three runners and one timed run of a workload under one of them.

A Runner says how a program of its root is started: vemu-aarch64 -L ARM64ROOT PROG,
qemu-aarch64 -L ARM64ROOT PROG, or the amd64 build of the same package natively with
LD_LIBRARY_PATH into the amd64 root (the host's glibc, same Debian release).  run_once()
starts the command with a clean environment (plus the caller's VEMU_* variables for vemu),
waits for it, and returns wall time, peak RSS and the output.  Peak RSS comes from GNU
time (%M, the ru_maxrss that wait4 reports for its child): a process forked from this
Python script would start with Python's own high-water mark, which Linux carries across
exec.  GNU time adds the same small cost (one exec of a tiny program, well under a
millisecond) to every runner.

Example:
    r = Runner("qemu", "arm64", root, ["qemu-aarch64", "-L", root])
    res = run_once(r.prog("usr/bin/xz") + ["-c", "f"], None, r.env({}, tmp), out, err)
    # res.seconds, res.maxrss_kb, res.status
"""

import os
import subprocess
import time
from dataclasses import dataclass

import sysroot


@dataclass
class Runner:
    name: str  # vemu, qemu or native
    arch: str  # arm64 or amd64
    root: str
    prefix: list  # the emulator's argv before the program ([] natively)

    @property
    def triplet(self):
        return sysroot.TRIPLET[self.arch]

    def path(self, rel):
        return os.path.join(self.root, rel)

    def prog(self, rel):
        return self.prefix + [self.path(rel)]

    def perl_env(self):
        # the emulators find perl's modules through -L; natively, point @INC at the root
        if self.prefix:
            return {}
        return {"PERL5LIB": self.path("usr/lib/%s/perl-base" % self.triplet)}

    def env(self, extra, tmp):
        e = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": tmp, "TMPDIR": tmp,
             "PYTHONHASHSEED": "0"}
        if not self.prefix:
            e["LD_LIBRARY_PATH"] = sysroot.native_libdirs(self.root, self.arch)
        if self.name == "vemu":  # vemu's own settings, e.g. VEMU_ACCEL=tci
            e.update((k, v) for k, v in os.environ.items() if k.startswith("VEMU_"))
        e.update(extra)
        return e


@dataclass
class Result:
    seconds: float
    maxrss_kb: int
    status: int  # exit status, or -signal
    out_path: str
    err_tail: str


GNU_TIME = "/usr/bin/time"


def check_gnu_time():
    if not os.access(GNU_TIME, os.X_OK):
        raise SystemExit("bench: %s not found: GNU time measures peak RSS (apt-get install time)"
                         % GNU_TIME)


def run_once(argv, stdin_path, env, out_path, err_path):
    """Run argv with stdout to out_path; wall seconds, peak RSS, status."""
    rss_path = out_path + ".rss"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", rss_path] + argv, stdin=stdin,
                                    stdout=out, stderr=err, env=env, cwd=env["TMPDIR"])
            _, status, _ = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = 0  # reaped here: keep Popen from waiting again
        finally:
            if stdin_path:
                stdin.close()
    code = os.waitstatus_to_exitcode(status)
    with open(err_path, "rb") as f:
        tail = f.read()[-600:].decode("utf-8", "replace")
    try:
        with open(rss_path) as f:
            maxrss = int(f.read().split()[-1])  # earlier lines: "Command exited with ..."
    except (OSError, ValueError, IndexError):
        maxrss = 0
        if code == 0:
            code, tail = 1, "GNU time wrote no peak RSS to %s\n%s" % (rss_path, tail)
    return Result(seconds, maxrss, code, out_path, tail)
