"""workloads.py - what bench/run measures: Debian programs, their inputs, sizes and checks.

Each Workload names the Debian packages it needs (the same names for arm64 and amd64; the
runtime libraries are listed explicitly, no dependency solving), builds its command for one
runner (a program path inside that runner's root), and says how its result is read:
  kind "time"  wall time in seconds (or milliseconds per start for start-up), lower is better;
  kind "rate"  a throughput the program prints itself (openssl speed, 7-Zip's rating), higher
               is better;
and which outputs must agree: "all" (vemu, qemu-aarch64 and native print the same bytes),
"arm64" (only the two emulators of the arm64 build: e.g. cc1 emits arm64 vs x86 assembly),
"none" (timing figures; the output is checked for the expected shape instead).

Example: for w in select(["xz", "gzip"]): print(w.name, w.sizes["quick"])
"""

import os
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Optional

import inputs

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "scripts")

# Every dynamic arm64 program needs these (libc6 comes from the host for native runs).
BASE_PKGS = ["libc6", "libgcc-s1"]


@dataclass
class Cmd:
    argv: list
    stdin: Optional[str] = None
    env: dict = field(default_factory=dict)


@dataclass
class Workload:
    name: str
    title: str
    pkgs: list
    make: Callable  # (runner, workdir, size) -> Cmd
    sizes: dict  # "quick"/"full" -> size parameter
    kind: str = "time"
    unit: str = "s"
    compare: str = "all"
    cpu_bound: bool = True
    repeat: int = 1  # invocations per sample: start-up is the mean of several
    parse: Optional[Callable] = None  # output text -> value (kind "rate")
    check: Optional[Callable] = None  # output text -> error string or None
    quick: dict = field(default_factory=dict)  # fields that differ in --quick mode

    def for_mode(self, mode):
        """This workload as run in mode "quick" or "full"."""
        w = replace(self, **self.quick) if mode == "quick" else self
        return replace(w, size=w.sizes[mode])

    size: object = None


def _tail_number(pattern):
    """parse() that reads the first number group of pattern from the output."""

    def parse(text):
        m = re.search(pattern, text, re.M)
        if not m:
            raise ValueError("no match for %r in output" % pattern)
        return float(m.group(1))

    return parse


def _openssl_rate(text):
    # -mr output: "+F:<n>:<alg>:<bytes per second for each block size>"
    m = re.search(r"^\+F\d*:\d+:[^:]+:([0-9.]+)", text, re.M)
    if not m:
        raise ValueError("no +F line in openssl speed -mr output")
    return float(m.group(1)) / 1e6


def _expect(pattern):
    def check(text):
        return None if re.search(pattern, text, re.M) else "output lacks %r" % pattern

    return check


def _openssl(alg_args):
    def make(r, work, seconds):
        return Cmd(r.prog("usr/bin/openssl") + ["speed", "-seconds", str(seconds), "-bytes",
                                                 "16384", "-mr"] + alg_args,
                   env={"OPENSSL_CONF": "/dev/null"})

    return make


def _sevenzip(threads):
    def make(r, work, size):
        if size == "bench":
            # fixed work (-mfreq/-mtime pin the iteration count instead of calibrating to
            # the measured speed); 7-Zip's own rating, in MIPS, is the result
            return Cmd(r.prog("usr/bin/7zz") + ["b", "-mmt%d" % threads, "-md18", "-mfreq=1",
                                                 "-mtime=1", "1"])
        return Cmd(r.prog("usr/bin/7zz") + ["a", "-txz", "-mx5", "-mmt%d" % threads, "-an",
                                             "-so", inputs.text_file(work, size)])

    return make


# --quick compresses a small file instead (the benchmark has a floor of seconds natively)
SEVENZIP_QUICK = {"kind": "time", "unit": "s", "compare": "all", "parse": None, "check": None}


WORKLOADS = [
    Workload("7zip-1t", "7-Zip 26.02 benchmark, 1 thread (quick: 7zz a -txz)",
             BASE_PKGS + ["libstdc++6", "7zip"], _sevenzip(1),
             {"quick": 64 << 10, "full": "bench"}, kind="rate", unit="MIPS", compare="none",
             parse=_tail_number(r"^Tot:\s+\d+\s+\d+\s+(\d+)"), check=_expect("^Tot:"),
             quick=SEVENZIP_QUICK),
    Workload("7zip-2t", "7-Zip 26.02 benchmark, 2 threads (quick: 7zz a -txz)",
             BASE_PKGS + ["libstdc++6", "7zip"], _sevenzip(2),
             {"quick": 64 << 10, "full": "bench"}, kind="rate", unit="MIPS", compare="none",
             parse=_tail_number(r"^Tot:\s+\d+\s+\d+\s+(\d+)"), check=_expect("^Tot:"),
             quick=SEVENZIP_QUICK),
    Workload("xz", "xz -6 -T1 of text",
             BASE_PKGS + ["xz-utils", "liblzma5"],
             lambda r, w, n: Cmd(r.prog("usr/bin/xz") + ["-6", "-T1", "-c",
                                                         inputs.text_file(w, n)]),
             {"quick": 64 << 10, "full": 4 << 20}),
    Workload("gzip", "gzip -9 of text",
             BASE_PKGS + ["gzip"],
             lambda r, w, n: Cmd(r.prog("bin/gzip") + ["-9", "-n", "-c", inputs.text_file(w, n)]),
             {"quick": 256 << 10, "full": 16 << 20}),
    Workload("bzip2", "bzip2 -9 of text",
             BASE_PKGS + ["bzip2", "libbz2-1.0"],
             lambda r, w, n: Cmd(r.prog("bin/bzip2") + ["-9", "-c", inputs.text_file(w, n)]),
             {"quick": 128 << 10, "full": 8 << 20}),
    Workload("python", "python3.11 CPU-bound script (bench/scripts/cpu.py)",
             BASE_PKGS + ["python3.11-minimal", "libpython3.11-minimal", "zlib1g", "libexpat1"],
             lambda r, w, n: Cmd(r.prog("usr/bin/python3.11") + [
                 "-I", "-S", os.path.join(SCRIPTS, "cpu.py"), str(n)]),
             {"quick": 1, "full": 6}),
    Workload("sqlite", "sqlite3 on a generated SQL script",
             BASE_PKGS + ["sqlite3", "libsqlite3-0", "libreadline8", "libtinfo6", "zlib1g"],
             lambda r, w, n: Cmd(r.prog("usr/bin/sqlite3") + ["-batch", ":memory:"],
                                 stdin=inputs.sqlite_script(w, n)),
             {"quick": 2000, "full": 200000}),
    Workload("perl", "perl text processing (bench/scripts/text.pl)",
             BASE_PKGS + ["perl-base", "libcrypt1"],
             lambda r, w, n: Cmd(r.prog("usr/bin/perl") + [
                 os.path.join(SCRIPTS, "text.pl"), inputs.text_file(w, n)],
                 env=r.perl_env()),
             {"quick": 64 << 10, "full": 4 << 20}),
    Workload("sha256sum", "coreutils sha256sum of a large file",
             BASE_PKGS + ["coreutils"],
             lambda r, w, n: Cmd(r.prog("usr/bin/sha256sum") + [inputs.random_file(w, n)]),
             {"quick": 1 << 20, "full": 128 << 20}),
    Workload("sort", "coreutils sort -k2,2n -k1,1 (LC_ALL=C)",
             BASE_PKGS + ["coreutils"],
             lambda r, w, n: Cmd(r.prog("usr/bin/sort") + ["-k2,2n", "-k1,1",
                                                           inputs.sort_file(w, n)]),
             {"quick": 5000, "full": 400000}),
    Workload("gcc", "gcc-12 cc1 -O2 of a generated C file (the cross-build workload)",
             BASE_PKGS + ["cpp-12", "libisl23", "libmpc3", "libmpfr6", "libgmp10", "zlib1g",
                          "libzstd1"],
             lambda r, w, n: Cmd(r.prog("usr/lib/gcc/%s/12/cc1" % r.triplet) + [
                 "-quiet", "-O2", inputs.c_file(w, n), "-o", "-"]),
             {"quick": 4, "full": 80}, compare="arm64"),
    Workload("spawn", "dash script running N short processes (bench/scripts/spawn.sh)",
             BASE_PKGS + ["dash", "coreutils"],
             lambda r, w, n: Cmd(r.prog("bin/dash") + [os.path.join(SCRIPTS, "spawn.sh"),
                                                       str(n)],
                                 env={"BENCH_EMU": " ".join(r.prefix),
                                      "BENCH_TRUE": r.path("bin/true")}),
             {"quick": 10, "full": 500}, cpu_bound=False),
    Workload("openssl-sha256", "openssl speed sha256, 16 KiB blocks",
             BASE_PKGS + ["openssl", "libssl3"], _openssl(["sha256"]),
             {"quick": 1, "full": 3}, kind="rate", unit="MB/s", compare="none",
             parse=_openssl_rate, check=_expect(r"^\+F")),
    Workload("openssl-aes-gcm", "openssl speed -evp aes-128-gcm, 16 KiB blocks",
             BASE_PKGS + ["openssl", "libssl3"], _openssl(["-evp", "aes-128-gcm"]),
             {"quick": 1, "full": 3}, kind="rate", unit="MB/s", compare="none",
             parse=_openssl_rate, check=_expect(r"^\+F")),
    Workload("start-static", "start-up: static busybox echo (ms per run)",
             ["busybox-static"],
             lambda r, w, n: Cmd(r.prog("bin/busybox") + ["echo", "hello"]),
             {"quick": 3, "full": 20}, unit="ms", cpu_bound=False, repeat=-1),
    Workload("start-dynamic", "start-up: dynamic GNU hello (ms per run)",
             BASE_PKGS + ["hello"],
             lambda r, w, n: Cmd(r.prog("usr/bin/hello")),
             {"quick": 3, "full": 20}, unit="ms", cpu_bound=False, repeat=-1),
]



def select(names=None):
    """The workloads named (all when names is empty); unknown names raise KeyError."""
    if not names:
        return list(WORKLOADS)
    byname = {w.name: w for w in WORKLOADS}
    return [byname[n] for n in names]


def packages(workloads):
    return sorted({p for w in workloads for p in w.pkgs})
