#!/usr/bin/env python3
"""Test runner for tools/decodegen.py: negative specs (bad/*.decode must fail
with the message in their '# expect:' line), the hand-written positive test
(good/*.decode + good/test_main.c compiled with the host cc), template helper
calls (good/helpers.decode with --disas-helpers, checked by good/helpers_main.c), and a
random differential test (random spec, generated C vs. a Python reference matcher).

Example:
  python3 tests/decodegen/run_tests.py --generator tools/decodegen.py \
      --cc cc --workdir build/tests/decodegen
Prints one line per case, then 'N passed, M failed'; exits 1 on failure.
"""

import argparse
import importlib.util
import os
import random
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CFLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow",
          "-Werror"]
OUTS = ("h", "c.inc", "disas.c", "names.c")


class Runner:
    def __init__(self, args):
        self.gen = os.path.abspath(args.generator)
        self.cc = shlex.split(" ".join(args.cc))
        self.work = os.path.join(os.path.abspath(args.workdir),
                                 "decodegen-work")
        self.passed = 0
        self.failed = 0
        self.t0 = time.monotonic()

    def result(self, name, ok, detail=""):
        now = time.monotonic()
        took = f" ({now - self.t0:.1f}s)" if now - self.t0 >= 0.5 else ""
        self.t0 = now
        if ok:
            self.passed += 1
            print(f"PASS {name}{took}")
        else:
            self.failed += 1
            print(f"FAIL {name}{took}")
            for line in detail.rstrip().splitlines():
                print(f"    {line}")
        sys.stdout.flush()

    def outputs(self, d, base):
        return [os.path.join(d, f"{base}.{ext}") if ext != "disas.c" and
                ext != "names.c" else os.path.join(d, f"{base}_{ext}")
                for ext in OUTS]

    def generate(self, d, base, specs, extra=()):
        h, inc, dis, names = self.outputs(d, base)
        cmd = [sys.executable, self.gen, "--decode-header", h,
               "--decode-inc", inc, "--disas", dis, "--names", names] + \
            list(extra) + specs
        return subprocess.run(cmd, capture_output=True, text=True)

    def compile(self, d, exe, sources, opt="-O1"):
        cmd = self.cc + CFLAGS + [opt, "-I", d, "-o", exe] + sources
        return subprocess.run(cmd, capture_output=True, text=True)

    # -- negative tests ----------------------------------------------------
    def negative(self):
        bad = os.path.join(HERE, "bad")
        d = os.path.join(self.work, "bad")
        os.makedirs(d, exist_ok=True)
        for fn in sorted(os.listdir(bad)):
            if not fn.endswith(".decode"):
                continue
            path = os.path.join(bad, fn)
            expect = None
            specs = [path]
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("# expect:"):
                        expect = line[len("# expect:"):].strip()
                    elif line.startswith("# also:"):
                        specs += [os.path.join(bad, x)
                                  for x in line[len("# also:"):].split()]
            if expect is None:
                continue            # helper file used by another case
            base = fn[:-len(".decode")]
            for o in self.outputs(d, base):
                if os.path.exists(o):
                    os.remove(o)
            r = self.generate(d, base, specs)
            problems = []
            if r.returncode != 1:
                problems.append(f"exit status {r.returncode}, want 1")
            if not r.stderr.startswith("decodegen: "):
                problems.append("stderr does not start with 'decodegen: '")
            if expect not in r.stderr:
                problems.append(f"want message containing: {expect}")
            if any(os.path.exists(o) for o in self.outputs(d, base)):
                problems.append("outputs were written")
            if problems:
                problems.append(f"stderr: {r.stderr.strip()}")
            self.result(f"negative/{base}", not problems, "\n".join(problems))

    # -- hand-written positive test ----------------------------------------
    def positive(self):
        good = os.path.join(HERE, "good")
        d = os.path.join(self.work, "good")
        os.makedirs(d, exist_ok=True)
        specs = [os.path.join(good, "good1.decode"),
                 os.path.join(good, "good2.decode")]
        r = self.generate(d, "good", specs)
        self.result("positive/generate", r.returncode == 0 and not r.stderr,
                    r.stderr)
        if r.returncode != 0:
            return
        h, inc, dis, names = self.outputs(d, "good")
        exe = os.path.join(d, "good_test")
        r = self.compile(d, exe, [os.path.join(good, "test_main.c"),
                                  os.path.join(good, "decode_main.c"),
                                  dis, names])
        self.result("positive/compile", r.returncode == 0,
                    r.stdout + r.stderr)
        if r.returncode != 0:
            return
        r = subprocess.run([exe], capture_output=True, text=True)
        self.result("positive/run", r.returncode == 0,
                    "\n".join(l for l in r.stdout.splitlines()
                              if not l.startswith("ok")) + r.stderr)
        # the body-only form of the .c.inc must compile too
        body = os.path.join(d, "body_only.c")
        with open(body, "w", encoding="utf-8") as fh:
            fh.write('#include "good.h"\n'
                     "int a64_decode(DisasContext *s, uint32_t insn)\n{\n"
                     "#define A64_DECODE_BODY_ONLY\n"
                     '#include "good.c.inc"\n}\n')
        r = subprocess.run(self.cc + CFLAGS + ["-I", d, "-c", "-o",
                                               body + ".o", body],
                           capture_output=True, text=True)
        self.result("positive/body-only-inc", r.returncode == 0,
                    r.stdout + r.stderr)

    # -- template helper calls ----------------------------------------------
    def helpers(self):
        good = os.path.join(HERE, "good")
        d = os.path.join(self.work, "helpers")
        os.makedirs(d, exist_ok=True)
        shutil.copy(os.path.join(good, "helpers.h"), d)
        r = self.generate(d, "helpers_gen", [os.path.join(good, "helpers.decode")],
                          ["--disas-helpers", "helpers.h"])
        self.result("helpers/generate", r.returncode == 0 and not r.stderr, r.stderr)
        if r.returncode != 0:
            return
        h, inc, dis, names = self.outputs(d, "helpers_gen")
        exe = os.path.join(d, "helpers_test")
        r = self.compile(d, exe, [os.path.join(good, "helpers_main.c"), dis, names])
        self.result("helpers/compile", r.returncode == 0, r.stdout + r.stderr)
        if r.returncode != 0:
            return
        r = subprocess.run([exe], capture_output=True, text=True)
        self.result("helpers/run", r.returncode == 0, r.stdout + r.stderr)

    # -- random differential test ------------------------------------------
    def load_generator(self):
        sys.dont_write_bytecode = True     # keep the source tree clean
        spec = importlib.util.spec_from_file_location("decodegen", self.gen)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    def random_spec(self, mod, rng, count):
        lines = []
        pats = []
        names = 0
        while len(pats) < count:
            toks = []
            bit = 32
            nfield = 0
            fields = []
            # bias: fix bits 28:25 most of the time, like real A64 groups
            fix_top = rng.random() < 0.95
            while bit > 0:
                in_top = 25 <= bit - 1 <= 28
                kind = rng.random()
                # like A64, the opcode bits are mostly in the top half
                lit = 0.85 if bit > 21 else 0.35
                if fix_top and in_top or kind < lit:
                    n = 1 if in_top else rng.randint(1, min(bit, 6))
                    toks.append("".join(rng.choice("01") for _ in range(n)))
                elif kind < lit + 0.05:
                    n = rng.randint(1, min(bit, 3))
                    toks.append("." * n)
                else:
                    n = rng.randint(1, min(bit, 12 if bit < 32 else 32))
                    if bit == 32 and rng.random() < 0.9:
                        n = rng.randint(1, 4)
                    name = f"f{nfield}"
                    nfield += 1
                    signed = rng.random() < 0.3
                    toks.append(f"{name}:{'s' if signed else ''}{n}")
                    fields.append((name, n))
                bit -= n
            for name, n in fields:
                if rng.random() < 0.15:
                    op = rng.choice(["=", "!=", "=", "!=", "<", ">", "<=", ">="])
                    toks.append(f"{{{name}{op}{rng.randint(0, (1 << n) - 1)}}}")
            name = f"P{names}"
            names += 1
            line = f"{name} {' '.join(toks)}"
            try:
                p = mod.parse_line(line, None, f"random:{len(lines) + 1}",
                                   len(pats))
            except mod.SpecError:
                continue
            if any(not e.constraints and (e.mask & ~p.mask) == 0 and
                   (p.value & e.mask) == e.value for e in pats):
                continue            # shadowed: the generator would refuse
            if p.mask.bit_count() < 6:
                continue            # too general: would swallow everything
            pats.append(p)
            lines.append(line)
        return lines, pats

    def random_test(self, seed, count, ninsns):
        name = f"random/seed{seed}-{count}pats"
        mod = self.load_generator()
        rng = random.Random(seed)
        lines, pats = self.random_spec(mod, rng, count)
        d = os.path.join(self.work, f"random{seed}")
        os.makedirs(d, exist_ok=True)
        spec = os.path.join(d, "rnd.decode")
        with open(spec, "w", encoding="utf-8") as fh:
            fh.write("# random spec\n" + "\n".join(lines) + "\n")
        r = self.generate(d, "rnd", [spec])
        if r.returncode != 0:
            self.result(name, False, r.stderr)
            return
        h, inc, dis, names = self.outputs(d, "rnd")
        drv = os.path.join(d, "driver.c")
        with open(drv, "w", encoding="utf-8") as fh:
            fh.write(self.driver_source(pats))
        exe = os.path.join(d, "rnd_test")
        r = self.compile(d, exe, [drv, dis, names], opt="-O0")
        if r.returncode != 0:
            self.result(name, False, r.stdout + r.stderr)
            return
        insns = []
        for _ in range(ninsns):
            if rng.random() < 0.7:
                p = rng.choice(pats)
                insns.append(p.value | (rng.getrandbits(32) & ~p.mask))
            else:
                insns.append(rng.getrandbits(32))
        r = subprocess.run([exe], input="".join(f"{i:08x}\n" for i in insns),
                           capture_output=True, text=True)
        got = r.stdout.splitlines()
        errors = []
        if r.returncode != 0 or len(got) != len(insns):
            errors.append(f"driver exit {r.returncode}, {len(got)} lines")
        for insn, line in zip(insns, got):
            want = self.expect_line(pats, insn)
            if line != want:
                errors.append(f"got  {line}\nwant {want}")
                if len(errors) > 5:
                    break
        self.result(name, not errors, "\n".join(errors))

    @staticmethod
    def expect_line(pats, insn):
        for p in pats:
            if p.matches(insn):
                vals = []
                for f in p.fields:
                    v = (insn >> f.pos) & f.umask
                    if f.signed and v >> (f.width - 1):
                        v -= 1 << f.width
                    vals.append(f" {f.name}={v}")
                text = p.name.lower() + "".join(vals)
                dec = p.index if p.index % 2 == 0 else -(2 + p.index)
                return f"{insn:08x} {p.index} {dec}|{text}|{text}"
        return f"{insn:08x} -1 -1||.inst 0x{insn:08x} (unallocated)"

    @staticmethod
    def driver_source(pats):
        o = ["/* generated random-test driver */",
             "#include <inttypes.h>", "#include <stdio.h>",
             "#include <string.h>", '#include "rnd.h"',
             "struct DisasContext { char rec[512]; };",
             '#include "rnd.c.inc"']
        for p in pats:
            o.append(f"bool trans_{p.name}(DisasContext *s, arg_{p.name} *a)")
            o.append("{")
            o.append("    size_t n = 0;")
            o.append(f'    n += (size_t)snprintf(s->rec, sizeof(s->rec), '
                     f'"{p.name.lower()}");')
            for f in p.fields:
                o.append(f'    n += (size_t)snprintf(s->rec + n, '
                         f'sizeof(s->rec) - n, " {f.name}=%" PRId64, '
                         f'a->{f.name});')
            if not p.fields:
                o.append("    (void)a;")
            o.append("    (void)n;")
            o.append(f"    return {'true' if p.index % 2 == 0 else 'false'};")
            o.append("}")
        o.append("""
int main(void)
{
    unsigned insn;
    while (scanf("%x", &insn) == 1) {
        DisasContext ctx;
        char buf[512];
        int m, r;
        ctx.rec[0] = 0;
        m = a64_match((uint32_t)insn);
        r = a64_decode(&ctx, (uint32_t)insn);
        a64_disas((uint32_t)insn, 0, buf, sizeof(buf));
        printf("%08x %d %d|%s|%s\\n", insn, m, r, ctx.rec, buf);
    }
    return 0;
}""")
        return "\n".join(o) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generator", required=True)
    ap.add_argument("--cc", required=True, nargs="+",
                    help="C compiler command (may be several words)")
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    r = Runner(args)
    if os.path.isdir(r.work):
        shutil.rmtree(r.work)
    os.makedirs(r.work)
    r.negative()
    r.positive()
    r.helpers()
    r.random_test(1, 60, 4000)
    r.random_test(2, 200, 20000)
    r.random_test(3, 400, 20000)
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
