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
  tests/difftest/difftest.py --vemu build/vemu-aarch64 --oracle qemu10 \\
      --cc aarch64-linux-gnu-gcc --seeds 1-50 --insns 200 --classes int,mem,lse
The seed range can be overridden with VEMU_DIFFTEST_SEEDS (e.g. 1-2000) and the
classes with VEMU_DIFFTEST_CLASSES, for release checks.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, '..', '..', 'tools')
sys.dont_write_bytecode = True          # keep the source tree clean
sys.path.insert(0, HERE)
sys.path.insert(0, TOOLS)
import gen  # noqa: E402
import a64classes  # noqa: E402

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
        """Returns (passed, text, counts of the compared instructions or None)."""
        try:
            return self.seed1(s)
        except (RuntimeError, OSError) as e:
            return False, 'seed %d: FAIL (harness: %s)' % (s, str(e).strip()), None

    def seed1(self, s):
        a = self.args
        prog = gen.Program(s, a.insns, a.classes, a.oracle_major)
        stem = os.path.join(self.workdir, 'seed%d' % s)
        ok, diffs = self.compare(prog, prog.units, stem)
        if not diffs:
            counts = None
            if a.counts:
                counts = {'gen': prog.class_counts(), 'encoding': encoding_counts(stem)}
            if not a.keep:
                for f in (stem, stem + '.s'):
                    os.unlink(f)
            return True, 'seed %d: ok' % s, counts
        out = ['seed %d: FAIL (%d fields differ)' % (s, len(diffs))]
        out += ['    ' + d for d in diffs[:40]]
        if not ok or a.no_reduce:
            out.append('    program: %s.s' % stem)
            return False, '\n'.join(out), None
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
        return False, '\n'.join(out), None


def body_words(exe):
    """The instruction words between body_start and body_end of a static aarch64 ELF."""
    data = open(exe, 'rb').read()
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum = struct.unpack_from('<HH', data, 0x3a)
    secs = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize) for i in range(shnum)]
    syms = {}
    for sec in secs:
        if sec[1] != 2:                 # SHT_SYMTAB
            continue
        strtab = secs[sec[6]]
        for off in range(sec[4], sec[4] + sec[5], 24):
            name, _, _, _, value, _ = struct.unpack_from('<IBBHQQ', data, off)
            end = data.index(b'\0', strtab[4] + name)
            syms[data[strtab[4] + name:end]] = value
    lo, hi = syms[b'body_start'], syms[b'body_end']
    for sec in secs:
        addr, off, size = sec[3], sec[4], sec[5]
        if sec[1] == 1 and addr <= lo and hi <= addr + size:    # SHT_PROGBITS
            return list(struct.unpack_from('<%dI' % ((hi - lo) // 4), data, off + lo - addr))
    raise RuntimeError('%s: body_start..body_end not in a section' % exe)


def encoding_counts(exe):
    """Instructions of the body per Arm ARM encoding class (tools/a64classes.py)."""
    counts = {}
    for w in body_words(exe):
        c = a64classes.classify(w) or 'other'
        counts[c] = counts.get(c, 0) + 1
    return counts


def qemu_version(path):
    """((major, minor), name) of a qemu-aarch64 binary."""
    try:
        out = subprocess.run([path, '--version'], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SystemExit('difftest: oracle %s: does not run (%s)' % (path, e))
    m = re.search(r'version (\d+)\.(\d+)(\S*)', out)
    if not m:
        raise SystemExit('difftest: oracle %s: no version in its --version output' % path)
    return (int(m.group(1)), int(m.group(2))), 'qemu-aarch64 %s.%s%s' % m.groups()


def resolve_oracle(a):
    """Sets a.qemu, a.oracle_major and a.oracle_name from --oracle and --qemu."""
    if a.oracle in ('auto', 'qemu10'):
        p = subprocess.run([sys.executable, os.path.join(TOOLS, 'fetch-oracle.py'),
                            '--suite', a.oracle_suite], capture_output=True, text=True)
        if p.returncode == 0:
            a.qemu = p.stdout.strip()
        elif a.oracle == 'qemu10':
            sys.stderr.write(p.stderr)
            raise SystemExit('difftest: --oracle qemu10: tools/fetch-oracle.py failed (exit %d)'
                             % p.returncode)
        else:
            print('difftest: qemu 10 not available (%s), using the system qemu-aarch64' %
                  (p.stderr.strip().splitlines() or ['?'])[-1])
            a.oracle = 'system'
    if a.oracle == 'system':
        a.qemu = a.qemu or shutil.which('qemu-aarch64')
        if not a.qemu:
            raise SystemExit('difftest: --oracle system: qemu-aarch64 not found '
                             '(apt-get install qemu-user, or use --oracle qemu10)')
    a.oracle_version, a.oracle_name = qemu_version(a.qemu)
    a.oracle_major = a.oracle_version[0]
    left = [c for c in a.classes if a.oracle_version < gen.ORACLE_MIN.get(c, (0, 0))]
    if left:
        print('difftest: left out: %s (%s lacks them; see gen.ORACLE_MIN)' %
              (', '.join('%s (needs qemu >= %d.%d)' % ((c,) + gen.ORACLE_MIN[c]) for c in left),
               a.oracle_name))
        a.classes = [c for c in a.classes if c not in left]
    if not a.classes:
        raise SystemExit('difftest: no class left to check with %s' % a.oracle_name)


def add_counts(total, counts):
    for kind, d in counts.items():
        t = total.setdefault(kind, {})
        for k, n in d.items():
            t[k] = t.get(k, 0) + n


def save_counts(path, a, passed, failed, counts):
    """Merge this run's per-class instruction counts into the JSON file at path."""
    try:
        with open(path, encoding='utf-8') as fh:
            data = json.load(fh)
    except FileNotFoundError:
        data = {'runs': [], 'backends': {}}
    backend = os.environ.get('VEMU_ACCEL') or 'native'
    data['runs'].append({'backend': backend, 'oracle': a.oracle_name, 'seeds': a.seeds,
                         'insns': a.insns, 'classes': ','.join(a.classes), 'passed': passed,
                         'failed': failed})
    add_counts(data['backends'].setdefault(backend, {}), counts)
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
        fh.write('\n')
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vemu', required=True)
    ap.add_argument('--oracle', choices=['auto', 'qemu10', 'system'], default='auto',
                    help="qemu10: Debian 13's qemu-aarch64 10 (tools/fetch-oracle.py fetches it "
                    "into the cache); system: --qemu or the qemu-aarch64 on PATH (Debian 12: 7.2, "
                    "the qemu-10-only classes are left out); auto (default): qemu10 if it can "
                    "be had, else system")
    ap.add_argument('--qemu', default=None, help='the system oracle (with --oracle system)')
    ap.add_argument('--oracle-suite', default='trixie',
                    help='the Debian suite whose qemu-user --oracle qemu10 fetches (default '
                    'trixie: qemu 10.0; forky has 11.1, with FEAT_CSSC)')
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
    ap.add_argument('--counts', default=None, help='add the per-class counts of the instructions '
                    'of passing seeds to this JSON file (tools/isa-coverage.py --difftest reads it)')
    a = ap.parse_args()
    # every sequence runs once: without this, vemu's tiered translation would run them all
    # on the interpreter (cold code) and the native backend would go untested
    os.environ.setdefault('VEMU_TIER', '0')
    a.seeds = os.environ.get('VEMU_DIFFTEST_SEEDS') or a.seeds
    a.classes = gen.parse_classes(os.environ.get('VEMU_DIFFTEST_CLASSES') or a.classes)
    a.vemu = os.path.abspath(a.vemu)
    if a.qemu and a.oracle == 'auto':
        a.oracle = 'system'             # an explicit --qemu is the oracle
    resolve_oracle(a)
    if a.workdir:
        os.makedirs(a.workdir, exist_ok=True)
        workdir = a.workdir
    else:
        workdir = tempfile.mkdtemp(prefix='vemu-difftest-')
    r = Runner(a, workdir)
    seeds = parse_seeds(a.seeds)
    print('difftest: oracle %s (%s), classes %s, %d insns, seeds %s, workdir %s' %
          (a.oracle_name, a.qemu, ','.join(a.classes), a.insns, a.seeds, workdir), flush=True)
    passed = failed = 0
    counts = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for ok, text, c in ex.map(r.seed, seeds):
            print(text, flush=True)
            if ok:
                passed += 1
            else:
                failed += 1
            if c:
                add_counts(counts, c)
    if a.counts:
        save_counts(a.counts, a, passed, failed, counts)
    if failed == 0 and not a.workdir and not a.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
