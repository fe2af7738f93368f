"""report.py - medians, ratios, geomeans and peak RSS of a bench/run, as text or markdown.

Ratios are always time ratios, so below 1 means vemu is faster: for a "time" workload
vemu/qemu = median vemu time / median qemu time; for a "rate" workload (throughput) it is
qemu's rate / vemu's rate.  Geomeans: vemu/qemu over every workload measured, vemu/native
over the CPU-bound ones (start-up and process spawning excluded).

Example: print(table(results, workloads, ["vemu", "qemu", "native"], markdown=True))
"""

import math
import os
import platform
import statistics
import subprocess


def _median(xs):
    return statistics.median(xs) if xs else None


def time_ratio(w, a, b):
    """a's time over b's time (a, b: medians), whatever the workload's kind."""
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return a / b if w.kind == "time" else b / a


def _geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def _fmt(x, digits=3):
    if x is None:
        return "-"
    if x >= 100:
        return "%.0f" % x
    return "%.*g" % (digits, x)


def summarize(results, workloads, runners):
    """Rows: (workload, medians per runner, vemu/qemu, vemu/native, median RSS MB per runner)."""
    rows = []
    for w in workloads:
        r = results.get(w.name, {})
        med = {n: _median(r.get(n, {}).get("value", [])) for n in runners}
        rss = {n: _median(r.get(n, {}).get("rss", [])) for n in runners}
        vq = time_ratio(w, med.get("vemu"), med.get("qemu"))
        vn = time_ratio(w, med.get("vemu"), med.get("native"))
        rows.append((w, med, vq, vn, {n: (v / 1024 if v else None) for n, v in rss.items()}))
    return rows


def table(results, workloads, runners, markdown=False):
    rows = summarize(results, workloads, runners)
    head = ["workload", "unit"] + runners
    if "vemu" in runners and "qemu" in runners:
        head.append("vemu/qemu")
    if "vemu" in runners and "native" in runners:
        head.append("vemu/native")
    head += ["RSS MB " + n for n in runners]
    body = []
    for w, med, vq, vn, rss in rows:
        line = [w.name, w.unit] + [_fmt(med[n]) for n in runners]
        if "vemu/qemu" in head:
            line.append(_fmt(vq))
        if "vemu/native" in head:
            line.append(_fmt(vn))
        line += [_fmt(rss[n], 2) for n in runners]
        body.append(line)
    notes = []
    if "vemu/qemu" in head:
        g = _geomean([r[2] for r in rows])
        notes.append("geomean vemu/qemu (time ratio, %d workloads): %s"
                     % (sum(1 for r in rows if r[2]), _fmt(g)))
    if "vemu/native" in head:
        cpu = [r[3] for r in rows if r[0].cpu_bound]
        notes.append("geomean vemu/native (time ratio, %d CPU-bound workloads): %s"
                     % (sum(1 for x in cpu if x), _fmt(_geomean(cpu))))
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(line) + " |" for line in body]
        return "\n".join(out) + "\n\n" + "\n".join("- " + n for n in notes) + "\n"
    widths = [max(len(str(x[i])) for x in [head] + body) for i in range(len(head))]
    out = ["  ".join(str(x).rjust(wd) if i else str(x).ljust(wd)
                     for i, (x, wd) in enumerate(zip(line, widths))) for line in [head] + body]
    return "\n".join(out) + "\n" + "\n".join(notes) + "\n"


def _first_line(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine():
    """One line describing the host: CPU model, cores, kernel, Debian version."""
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/etc/debian_version") as f:
            debian = f.read().strip()
    except OSError:
        debian = "?"
    return "%s, %s, %d cores, Linux %s, Debian %s" % (
        platform.machine(), model, os.cpu_count() or 0, platform.release(), debian)


def versions(vemu, qemu):
    return "vemu: %s; qemu: %s" % (_first_line([vemu, "-version"]) if vemu else "-",
                                   _first_line([qemu, "-version"]) if qemu else "-")
