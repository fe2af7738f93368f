#!/usr/bin/env python3
"""isa-coverage.py - generate docs/isa-coverage.md: for every A64 encoding class of the Arm
ARM (C4.1, the top-level decode groups outside SVE/SME), how much of it vemu implements.

For each class, random words inside the class's fixed bits are drawn; binutils' objdump says
which of them are allocated instructions (it decodes them), and vemu's decoder
(build/tests/disas/disas-words) says which of those vemu executes (its trans_* accepts them
under -cpu max).  Status: "yes" (at least 99% of the allocated words), "partial (N%)" or
"no".  The classes whose encodings are mostly EL1+ operations ("EL0 subset": exceptions,
barriers, PSTATE, SYS/SYSL, MRS/MSR, branches to a register, WFET/WFIT's class) are judged
instead on every encoding of their operation fields that EL0 may execute on Linux
(tools/a64el0.py): "yes (EL0: M of N)".  The sample is deterministic (fixed seed), so the file only changes when the decoder
does.  The "difftest" column shows how many random instructions of the class the difftest
compared with its oracle (qemu-aarch64 10) and found equal, on the native backend and on the
interpreter (tci): the counts file that tests/difftest/difftest.py --counts writes
(docs/difftest-counts.json holds the 2-million-instruction run, docs/design/difftest.md).

Example:
  python3 tools/isa-coverage.py --tool build/tests/disas/disas-words \
      --difftest docs/difftest-counts.json --out docs/isa-coverage.md
"""

import argparse
import json
import os
import random
import sys

sys.dont_write_bytecode = True          # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import a64el0  # noqa: E402
import a64words  # noqa: E402
from a64classes import CLASSES, first_class, mask_value  # noqa: E402


def difftest_cell(dt, name):
    """'native (tci N)' instruction counts of one class, or a dash."""
    native = dt.get("native", {}).get(name, 0)
    others = ["%s %d" % (b, d.get(name, 0)) for b, d in sorted(dt.items())
              if b != "native" and d.get(name, 0)]
    if not native and not others:
        return "—"
    return str(native) + (" (%s)" % ", ".join(others) if others else "")


def difftest_note(path, runs):
    """The paragraph that says where the difftest column comes from."""
    if not path:
        return ["*Difftest* (empty here: run with --difftest FILE) holds the number of random",
                "instructions of the class checked against the oracle (docs/design/difftest.md).",
                ""]
    groups = {}                 # (backend, oracle) -> [seeds, failed, class lists]
    for r in runs:
        g = groups.setdefault((r["backend"], r["oracle"]), [0, 0, set()])
        g[0] += r["passed"] + r["failed"]
        g[1] += r["failed"]
        g[2].add(r["classes"])
    parts = []
    for (b, o), (n, f, cls) in sorted(groups.items()):
        what = "" if len(cls) > 1 or len(next(iter(cls))) > 60 else " of " + next(iter(cls))
        parts.append(f"{b} against {o.replace('qemu-aarch64 ', '')}: {n} seeds{what}, {f} failed")
    oracles = sorted({o for _, o in groups})
    return [f"*Difftest*: random instructions of the class (static count of the generated",
            "bodies' instruction words, set-up and skipped instructions included) that",
            "tests/difftest compared with " + " and ".join(oracles) + " and found equal, on the",
            "native backend and, in parentheses, on the interpreter (tci).  From",
            f"`{os.path.relpath(path)}` (200 units a seed; " + ";\n".join(parts) + ");",
            "docs/design/difftest.md says how to run it again.  A dash: no generator covers",
            "the class (not implemented by vemu or by the oracle, or outside EL0).", ""]


def el0_stats(tool):
    """For each EL0-subset class: (EL0 words, implemented, missing labels, outside-scope words)
    over every operation encoding (tools/a64el0.py); EL0 words are those objdump decodes and
    EL0 may execute on Linux."""
    res = {}
    for name in a64el0.RULES:
        words = a64el0.enumerate_words(name)
        texts = a64words.objdump_texts(words)
        rows = a64words.vemu_rows(tool, words)
        n = impl = out = 0
        missing = {}
        for w, text, row in zip(words, texts, rows):
            kind, label = a64el0.classify(name, w)
            if kind == "out":
                out += 1
            elif kind == "el0" and a64words.allocated(text):
                n += 1
                if row[1]:
                    impl += 1
                else:
                    missing[label] = missing.get(label, 0) + 1
        res[name] = (n, impl, sorted(missing), out)
    return res


def el0_status(st):
    n, impl, missing, _ = st
    if impl == n:
        return f"yes (EL0: {impl} of {n})"
    return f"partial (EL0: {impl} of {n}; missing {', '.join(missing)})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="build/tests/disas/disas-words")
    ap.add_argument("--out", default="-")
    ap.add_argument("--per-class", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--difftest", default=None,
                    help="counts file of difftest.py --counts (the difftest column)")
    args = ap.parse_args()
    dt, dt_runs = {}, []
    if args.difftest:
        with open(args.difftest, encoding="utf-8") as fh:
            data = json.load(fh)
        dt = {b: d.get("encoding", {}) for b, d in data["backends"].items()}
        dt_runs = data["runs"]
    a64words.require_objdump("isa-coverage")
    rng = random.Random(args.seed)
    words, owner = [], []
    for i, (_, _, bits, _) in enumerate(CLASSES):
        m, v = mask_value(bits)
        got = 0
        for _ in range(args.per_class * 4):
            if got == args.per_class:
                break
            w = v | (rng.getrandbits(32) & ~m & 0xffffffff)
            if first_class(CLASSES, w) == i:
                words.append(w)
                owner.append(i)
                got += 1
    alloc = [a64words.allocated(t) for t in a64words.objdump_texts(words)]
    el0 = el0_stats(args.tool)
    impl = [r[1] for r in a64words.vemu_rows(args.tool, words)]
    stats = [[0, 0, 0] for _ in CLASSES]     # sampled, allocated, implemented of allocated
    for i, a, v in zip(owner, alloc, impl):
        stats[i][0] += 1
        if a:
            stats[i][1] += 1
            stats[i][2] += v
    lines = [
        "# A64 ISA coverage",
        "",
        "Generated by `tools/isa-coverage.py` (do not edit; rerun it after changing the decoder",
        "or after a difftest run: `python3 tools/isa-coverage.py --tool "
        "build/tests/disas/disas-words",
        "--difftest docs/difftest-counts.json --out docs/isa-coverage.md`).",
        "",
        "One row per A64 encoding class of the Arm ARM (C4.1, outside SVE and SME, which no",
        f"vemu model advertises).  For each class {args.per_class} random words with the class's",
        "fixed bits were drawn (seed " + str(args.seed) + "); *allocated* counts those that "
        "binutils' objdump",
        "decodes as an instruction, *implemented* those of them that vemu executes under",
        "`-cpu max` (anything else raises SIGILL).  Status: yes (>= 99 % of the allocated "
        "words), partial,",
        "or no.  Allocated words include every architecture extension binutils knows, so a",
        "class is partial when an extension in the *features* column is missing (see",
        "docs/compatibility.md).",
        "",
    ]
    lines += difftest_note(args.difftest, dt_runs)
    lines += [
        "| group | class | features | allocated | implemented | status | difftest |",
        "|---|---|---|---:|---:|---|---:|",
    ]
    totals = [0, 0]
    for (group, name, bits, feats), (n, a, v) in zip(CLASSES, stats):
        if name in el0:
            status = el0_status(el0[name])
        elif a == 0:
            status = "n/a (nothing allocated)"
        elif v >= 0.99 * a:
            status = "yes"
        elif v == 0:
            status = "no"
        else:
            status = f"partial ({100 * v // a} %)"
        totals[0] += a
        totals[1] += v
        lines.append(f"| {group} | {name} | {feats} | {a} | {v} | {status} | "
                     f"{difftest_cell(dt, name)} |")
    lines += ["", f"Total: {totals[1]} of {totals[0]} allocated sampled words implemented "
              f"({100 * totals[1] / max(totals[0], 1):.1f} %).", "",
              "Classes marked EL0 subset (exception generation, barriers, PSTATE, SYS/SYSL, "
              "MRS/MSR,",
              "branches to a register, and WFET/WFIT's class, whose other encodings objdump "
              "prints as",
              "generic MSR) are mostly EL1/EL2/EL3 or debug operations (HVC, SMC, "
              "DCPS,",
              "ERET, TLBI, AT, MSR DAIFSet, EL1 system registers...) that raise SIGILL at EL0 "
              "on",
              "Linux too, so their status counts EL0 words instead of the sample: every "
              "encoding of",
              "the class's operation fields is enumerated (tools/a64el0.py), and *EL0: M of N* "
              "says",
              "that N of them are allocated and executable at EL0 on Linux (the Arm ARM's EL0 "
              "access",
              "rules under Linux's SCTLR_EL1/CNTKCTL_EL1/MDSCR_EL1 settings, the kernel's "
              "ID-register",
              "emulation, features up to Armv8.8 outside SVE/SME, MTE included) and vemu "
              "executes M;",
              "*missing* names the EL0 operations it lacks.  EL0 operations of later or "
              "excluded",
              "features (" + ", ".join(f"{name}: {st[3]}" for name, st in el0.items() if st[3])
              + " encodings:",
              "SME's SMSTART/SVCR/TPIDR2_EL0, GCS, FP8's FPMR) are left out.",
              "",
              "The load/store pair classes include STGP (FEAT_MTE); their words vemu refuses",
              "are CONSTRAINED UNPREDICTABLE forms objdump still prints (a load pair into one",
              "register twice).  In Load/store memory tags, LDGM/STGM/STZGM are EL1-only and",
              "raise SIGILL at EL0 as on Linux (docs/design/mte.md).",
              "",
              "The two classes left partial hold no instruction of Armv8.0-8.5 user mode: in",
              "AdvSIMD three same, objdump also decodes FMLAL/FMLSL(2) with bit 22 set, which the",
              "Arm ARM reserves (the encoding has sz = 0; vemu and qemu-aarch64 raise SIGILL); in",
              "Atomic memory operations, the words left are ST64BV/ST64BV0 (FEAT_LS64_V,",
              "Armv8.7), 64-byte stores to device memory that Linux does not map for user space",
              "and no vemu model advertises.", ""]
    text = "\n".join(lines)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
