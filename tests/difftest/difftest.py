#!/usr/bin/env python3
"""difftest.py - run random A64 sequences under vemu and qemu-aarch64 and compare.

For each seed, gen.py builds a program (seeded initial state, N random
instructions, a hex dump of x0..x28, NZCV, FPSR, FPCR, v0..v31 and the scratch
buffer); it is assembled with the cross gcc and run under both emulators.
qemu-aarch64 is the oracle.  On a mismatch the differing fields are printed
and the instruction list is reduced (delta debugging over gen.py's units,
keeping the init/dump frame) to a minimal sequence that still differs, which
is printed with its encodings (objdump) and saved in the work directory.

Prints one line per seed and ends with exactly "N passed, M failed"; exits 1
if anything failed.

Example:
  tests/difftest/difftest.py --vemu build/vemu-aarch64 --qemu /usr/bin/qemu-aarch64 \\
      --cc aarch64-linux-gnu-gcc --seeds 1-50 --insns 200 --classes int,mem,lse
The seed range can be overridden with VEMU_DIFFTEST_SEEDS (e.g. 1-2000) and the
classes with VEMU_DIFFTEST_CLASSES, for release checks.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

RUN_TIMEOUT = 20


def parse_seeds(s):
    seeds = []
    for part in s.split(','):
        part = part.strip()
        if not part:
            continue
        if '-' in part:
            a, b = part.split('-', 1)
            seeds += range(int(a), int(b) + 1)
        else:
            seeds.append(int(part))
    return seeds


def init_state(prog, units):
    """The initial values of the registers the given units mention, as one line."""
    xs, vs = set(), set()
    for u in units:
        for line in u:
            for m in re.finditer(r'\b([xw])(\d+)\b', line):
                if int(m.group(2)) < 29:
                    xs.add(int(m.group(2)))
            for m in re.finditer(r'\b([vqdshb])(\d+)\b', line):
                vs.add(int(m.group(2)))
    parts = ['nzcv=%x fpcr=%x fpsr=%x' % (prog.nzcv, prog.fpcr, prog.fpsr)]
    parts += ['x%d=%016x' % (i, prog.xregs[i]) for i in sorted(xs)]
    parts += ['v%d=%016x:%016x' % (i, prog.vregs[i][1], prog.vregs[i][0]) for i in sorted(vs) if i < 32]
    return ' '.join(parts)


class Runner:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        cc = args.cc
        objdump = cc[:-3] + 'objdump' if cc.endswith('gcc') else 'objdump'
        self.objdump = shutil.which(objdump) or shutil.which('aarch64-linux-gnu-objdump') or objdump

    def build(self, prog, units, stem):
        src = stem + '.s'
        exe = stem
        with open(src, 'w') as f:
            f.write(prog.render(units))
        p = subprocess.run([self.args.cc, '-nostdlib', '-static', '-march=armv8.5-a',
                            '-o', exe, src], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError('assembler failed for %s:\n%s' % (src, p.stderr))
        return exe

    def run1(self, emu, exe):
        try:
            p = subprocess.run([emu, exe], capture_output=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return ('timeout', None)
        out = p.stdout.decode('ascii', 'replace').split('\n')
        if p.returncode != 0 or len(out) < gen.DUMP_WORDS:
            err = p.stderr.decode('utf-8', 'replace').strip().splitlines()
            return ('exit %d%s' % (p.returncode, (': ' + err[-1]) if err else ''), None)
        try:
            return ('ok', [int(x, 16) for x in out[:gen.DUMP_WORDS]])
        except ValueError:
            return ('bad output', None)

    def compare(self, prog, units, stem):
        """Returns (oracle_ok, list of differences as strings)."""
        exe = self.build(prog, units, stem)
        qs, qd = self.run1(self.args.qemu, exe)
        vs, vd = self.run1(self.args.vemu, exe)
        if qs != 'ok':
            return False, ['oracle (qemu) failed: %s' % qs]
        if vs != 'ok':
            return True, ['vemu failed: %s' % vs]
        diffs = []
        for name, a, b in zip(gen.DUMP_NAMES, qd, vd):
            if a != b:
                diffs.append('%-13s qemu %016x  vemu %016x' % (name, a, b))
        return True, diffs

    def reduce(self, prog, stem):
        """ddmin over the unit list: smallest list that still differs."""
        units = list(prog.units)
        trials = [0]

        def differs(us):
            trials[0] += 1
            try:
                ok, d = self.compare(prog, us, stem + '-try')
            except RuntimeError:
                return False
            return ok and bool(d)

        n = 2
        while len(units) >= 2 and trials[0] < self.args.max_trials:
            chunk = (len(units) + n - 1) // n
            parts = [units[i:i + chunk] for i in range(0, len(units), chunk)]
            progress = False
            for i in range(len(parts)):
                comp = [u for j, p in enumerate(parts) if j != i for u in p]
                if differs(comp):
                    units = comp
                    n = max(n - 1, 2)
                    progress = True
                    break
            if not progress:
                if n >= len(units):
                    break
                n = min(len(units), n * 2)
        # one last pass dropping single units
        i = 0
        while i < len(units) and len(units) > 1 and trials[0] < self.args.max_trials:
            comp = units[:i] + units[i + 1:]
            if differs(comp):
                units = comp
            else:
                i += 1
        for ext in ('-try', '-try.s'):
            try:
                os.unlink(stem + ext)
            except OSError:
                pass
        return units, trials[0]

    def disasm(self, exe):
        p = subprocess.run([self.objdump, '-d', exe], capture_output=True, text=True)
        lines, on = [], False
        for line in p.stdout.splitlines():
            if line.endswith('<body_start>:'):
                on = True
                continue
            if line.endswith('<body_end>:'):
                break
            if on and line.strip():
                lines.append(line)
        return lines

    def seed(self, s):
        """Returns (passed, text)."""
        try:
            return self.seed1(s)
        except (RuntimeError, OSError) as e:
            return False, 'seed %d: FAIL (harness: %s)' % (s, str(e).strip())

    def seed1(self, s):
        a = self.args
        prog = gen.Program(s, a.insns, a.classes)
        stem = os.path.join(self.workdir, 'seed%d' % s)
        ok, diffs = self.compare(prog, prog.units, stem)
        if not diffs:
            if not a.keep:
                for f in (stem, stem + '.s'):
                    os.unlink(f)
            return True, 'seed %d: ok' % s
        out = ['seed %d: FAIL (%d fields differ)' % (s, len(diffs))]
        out += ['    ' + d for d in diffs[:40]]
        if not ok or a.no_reduce:
            out.append('    program: %s.s' % stem)
            return False, '\n'.join(out)
        units, trials = self.reduce(prog, stem)
        mstem = stem + '-min'
        exe = self.build(prog, units, mstem)
        _, mdiffs = self.compare(prog, units, mstem)
        out.append('    reduced to %d unit(s) in %d trials: %s.s' % (len(units), trials, mstem))
        for d in mdiffs[:20]:
            out.append('      ' + d)
        out.append('    initial state: ' + init_state(prog, units))
        out.append('    minimal sequence:')
        for line in self.disasm(exe):
            out.append('      ' + line.strip())
        return False, '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vemu', required=True)
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--cc', default='aarch64-linux-gnu-gcc')
    ap.add_argument('--seeds', default='1-50')
    ap.add_argument('--insns', type=int, default=200)
    ap.add_argument('--classes', default='int,mem,lse')
    ap.add_argument('--workdir', default=None, help='keep programs here (default: a temp dir, '
                    'kept only if something failed)')
    ap.add_argument('--jobs', '-j', type=int, default=2)
    ap.add_argument('--keep', action='store_true', help='keep passing programs too')
    ap.add_argument('--no-reduce', action='store_true')
    ap.add_argument('--max-trials', type=int, default=400)
    a = ap.parse_args()
    # every sequence runs once: without this, vemu's tiered translation would run them all
    # on the interpreter (cold code) and the native backend would go untested
    os.environ.setdefault('VEMU_TIER', '0')
    a.seeds = os.environ.get('VEMU_DIFFTEST_SEEDS') or a.seeds
    a.classes = gen.parse_classes(os.environ.get('VEMU_DIFFTEST_CLASSES') or a.classes)
    a.vemu = os.path.abspath(a.vemu)
    if a.workdir:
        os.makedirs(a.workdir, exist_ok=True)
        workdir = a.workdir
    else:
        workdir = tempfile.mkdtemp(prefix='vemu-difftest-')
    r = Runner(a, workdir)
    seeds = parse_seeds(a.seeds)
    print('difftest: classes %s, %d insns, seeds %s, workdir %s' %
          (','.join(a.classes), a.insns, a.seeds, workdir), flush=True)
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for ok, text in ex.map(r.seed, seeds):
            print(text, flush=True)
            if ok:
                passed += 1
            else:
                failed += 1
    if failed == 0 and not a.workdir and not a.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
