#!/usr/bin/env python3
"""gen.py - seeded random A64 instruction sequences for the vemu-vs-qemu difftest.

From a seed, build an arm64 assembly program that loads seeded pseudo-random
values into x0..x28, v0..v31, NZCV, FPCR, FPSR and a 512-byte scratch buffer,
runs N random instructions from a safe pool, then dumps the whole state as hex
lines on stdout (one 64-bit word per line) with a raw write syscall and exits 0.

Register conventions in the generated program:
  x29  base of the scratch buffer (scratch + 256), never written by the body
  x30  used only by the init and dump code, never read or written by the body
  sp   never read or written by the body
x30 is also the loop counter and link register of the ctrl class's own units,
which never run other units' code with x30 live across it except their bodies,
which do not touch x30 (the pauth class's XPACLRI unit saves x30 in a data register and
restores it).  The scratch buffer's middle (x29) is a page boundary,
so accesses around x29 cross pages.
The body is a list of "units"; a unit is one instruction or a short fixed
group (an address set-up + a writeback load, a forward conditional skip), so
the reducer in difftest.py can drop units without breaking the program.

Instruction classes (--classes): int, mem, lse, intx, fp, simd, simdx, vfp,
ahp, flagm2, ctrl (backward loops, BL/RET, BR/BLR/RET to a register, SVC), the
Armv8.1-8.6 additions dotprod, rdm, fcma, frintts, jscvt, i8mm, bf16, rng,
fp16 (half-precision scalar and vector), fhm (FMLAL/FMLSL), mte (ADDG/SUBG/SUBP/
SUBPS/CMPP/GMI), mops (FEAT_MOPS sequences on the scratch buffer), and crypto (AES,
SHA1/SHA256/SHA512, EOR3/BCAX/RAX1/XAR, SM3, SM4, PMULL/PMULL2 8- and 64-bit).
See docs/design/difftest.md for what each covers and what is
excluded and why.

Example:
  python3 tests/difftest/gen.py --seed 7 --insns 50 --classes int,mem > t.s
  aarch64-linux-gnu-gcc -nostdlib -static -march=armv8.5-a -o t t.s
  qemu-aarch64 ./t | head
"""

import argparse
import random
import struct

ALL_CLASSES = ('int', 'mem', 'lse', 'intx', 'fp', 'simd', 'simdx', 'vfp', 'ahp', 'flagm2', 'ctrl',
               'dotprod', 'rdm', 'fcma', 'frintts', 'jscvt', 'i8mm', 'bf16', 'rng', 'crypto',
               'fp16', 'fhm', 'pauth', 'cssc', 'sysx', 'mte', 'mops')
# classes that need a newer oracle than Debian 12's qemu-aarch64 7.2: the oldest qemu version
# (major, minor) that implements them.  difftest.py leaves a class out (and says so) when its
# oracle is older.  Debian 13's qemu 10.0 (tools/fetch-oracle.py, --oracle qemu10) has SSBS,
# DIT, SB, DPB/DPB2 and HBC but not FEAT_CSSC (qemu 10.1 added it): class cssc runs against
# Debian testing's qemu (difftest.py --oracle-suite forky); tests/guest/isa-ext checks CSSC
# against C models too.
ORACLE_MIN = {'sysx': (10, 0), 'cssc': (10, 1), 'mops': (10, 0)}

SCRATCH_SIZE = 512          # bytes; x29 points at its middle
SCRATCH_HALF = SCRATCH_SIZE // 2
# dump layout (64-bit words): x0..x28, nzcv, fpsr, fpcr, v0..v31 (lo, hi), scratch
DUMP_NAMES = (['x%d' % i for i in range(29)] + ['nzcv', 'fpsr', 'fpcr'] +
              ['v%d.%s' % (i, h) for i in range(32) for h in ('lo', 'hi')] +
              ['scratch[%+d]' % (o - SCRATCH_HALF) for o in range(0, SCRATCH_SIZE, 8)])
DUMP_WORDS = len(DUMP_NAMES)

CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc',
         'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv']

M64 = (1 << 64) - 1


# --------------------------------------------------------------------------
# values

def rand_int64(r):
    k = r.randrange(12)
    if k == 0:
        return r.choice([0, 1, M64, 1 << 63, (1 << 63) - 1, 0x7fffffff, 0x80000000,
                         0xffffffff, 1 << 32, 0xffffffff80000000, 2, 63, 64, 32, 31])
    if k == 1:
        return r.randrange(0, 130)
    if k == 2:
        return (-r.randrange(1, 130)) & M64
    if k == 3:
        return r.getrandbits(32)
    if k == 4:  # sign-extended 32-bit
        v = r.getrandbits(32)
        return v | 0xffffffff00000000 if v & 0x80000000 else v
    if k == 5:
        return r.getrandbits(r.randrange(1, 64))
    return r.getrandbits(64)


F32_SPECIAL = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
               0x7fc00000, 0xffc00000, 0x7f800001, 0x7fa00000, 0x7fc12345, 0xff812345,
               0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3effffff,
               0x3f000000, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000,
               0x40490fdb, 0x34000000, 0x4b000000, 0x4b000001, 0x3fc00000, 0x40200000]
F64_SPECIAL = [0, 1 << 63, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000,
               0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000000,
               0x7ff0000000000001, 0x7ff4000000000000, 0x7ff8123456789abc,
               0xfff0000000abcdef, 1, 0x800fffffffffffff, 0x0010000000000000,
               0x7fefffffffffffff, 0xffefffffffffffff, 0x3fdfffffffffffff,
               0x3fe0000000000000, 0x41e0000000000000, 0xc1e0000000000000,
               0x43e0000000000000, 0xc3e0000000000000, 0x41f0000000000000,
               0x400921fb54442d18, 0x4330000000000000, 0x4330000000000001,
               0x3ff8000000000000, 0x4004000000000000, 0x3e70000000000000]


def rand_f32(r):
    k = r.randrange(4)
    if k == 0:
        return r.choice(F32_SPECIAL)
    if k == 1:  # "nice" values around 1..2^24 with small fractions
        return struct.unpack('<I', struct.pack('<f', r.randrange(-300, 300) / r.choice([1, 2, 4, 3, 10])))[0]
    if k == 2:  # random sign/exponent near the middle
        return (r.getrandbits(1) << 31) | (r.randrange(100, 160) << 23) | r.getrandbits(23)
    return r.getrandbits(32)


def rand_f64(r):
    k = r.randrange(4)
    if k == 0:
        return r.choice(F64_SPECIAL)
    if k == 1:
        return struct.unpack('<Q', struct.pack('<d', r.randrange(-300, 300) / r.choice([1, 2, 4, 3, 10])))[0]
    if k == 2:
        return (r.getrandbits(1) << 63) | (r.randrange(900, 1150) << 52) | r.getrandbits(52)
    return r.getrandbits(64)


F16_SPECIAL = [0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01,
               0x7d00, 0x7e55, 0xfd23, 0x0001, 0x83ff, 0x03ff, 0x0400, 0x8400, 0x7bff, 0xfbff,
               0x3bff, 0x3800, 0x4000, 0x3e00, 0x5bff, 0x6400, 0x7800, 0x0200, 0x1400, 0x3c01,
               0x4248, 0x5640, 0xd640]


def rand_f16(r):
    k = r.randrange(4)
    if k == 0:
        return r.choice(F16_SPECIAL)
    if k == 1:  # near 1.0 and small integers
        return (r.getrandbits(1) << 15) | (r.randrange(10, 22) << 10) | r.getrandbits(10)
    if k == 2:  # tiny: denormals and the smallest normals
        return (r.getrandbits(1) << 15) | (r.randrange(0, 3) << 10) | r.getrandbits(10)
    return r.getrandbits(16)


def rand_vec_half(r, fp, f16=False):
    """One 64-bit half of a vector register."""
    if f16 and r.randrange(3):
        return sum(rand_f16(r) << (16 * i) for i in range(4))
    if not fp or r.randrange(4) == 0:
        return rand_int64(r)
    if r.randrange(2):
        return rand_f64(r)
    return rand_f32(r) | (rand_f32(r) << 32)


def bitmask_imm(r, width):
    """A random valid logical (bitmask) immediate for a width-bit operation."""
    esize = r.choice([e for e in (2, 4, 8, 16, 32, 64) if e <= width])
    ones = r.randrange(1, esize)
    rot = r.randrange(esize)
    elem = (1 << ones) - 1
    elem = ((elem >> rot) | (elem << (esize - rot))) & ((1 << esize) - 1)
    v = 0
    for i in range(0, width, esize):
        v |= elem << i
    return v


# --------------------------------------------------------------------------
# operand helpers

class G:
    """Generator state: the rng and the enabled classes."""

    def __init__(self, seed, classes, oracle):
        self.r = random.Random(seed)
        self.classes = classes
        self.oracle = oracle    # the oracle's qemu major version (7 or 10)

    # general registers ---------------------------------------------------
    def n(self):
        return self.r.randrange(29)

    def reg(self, sf, zr=True, n=None):
        """A register name; 31 is the zero register (only when zr)."""
        if n is None:
            n = self.n() if not zr or self.r.randrange(12) else 31
        if n == 31:
            return 'xzr' if sf else 'wzr'
        return ('x%d' if sf else 'w%d') % n

    def sf(self):
        return self.r.randrange(2)

    def cond(self):
        return self.r.choice(CONDS)

    def distinct(self, k):
        return self.r.sample(range(29), k)


def bits(sf):
    return 64 if sf else 32


# --------------------------------------------------------------------------
# int class

def g_addsub_imm(g):
    r, sf = g.r, g.sf()
    op = r.choice(['add', 'sub', 'adds', 'subs'])
    rd = g.reg(sf, zr=op.endswith('s'))
    sh = ', lsl #12' if r.randrange(4) == 0 else ''
    return ['%s %s, %s, #%d%s' % (op, rd, g.reg(sf, zr=False), r.randrange(4096), sh)]


def g_addsub_shift(g):
    r, sf = g.r, g.sf()
    op = r.choice(['add', 'sub', 'adds', 'subs'])
    return ['%s %s, %s, %s, %s #%d' % (op, g.reg(sf), g.reg(sf), g.reg(sf),
                                       r.choice(['lsl', 'lsr', 'asr']), r.randrange(bits(sf)))]


def g_addsub_ext(g):
    r, sf = g.r, g.sf()
    op = r.choice(['add', 'sub', 'adds', 'subs'])
    ext = r.choice(['uxtb', 'uxth', 'uxtw', 'sxtb', 'sxth', 'sxtw'] + (['uxtx', 'sxtx'] if sf else []))
    rm = g.reg(ext.endswith('x'))
    rd = g.reg(sf, zr=op.endswith('s'))
    return ['%s %s, %s, %s, %s #%d' % (op, rd, g.reg(sf, zr=False), rm, ext, r.randrange(5))]


def g_adc(g):
    r, sf = g.r, g.sf()
    op = r.choice(['adc', 'adcs', 'sbc', 'sbcs'])
    return ['%s %s, %s, %s' % (op, g.reg(sf), g.reg(sf), g.reg(sf))]


def g_logic_imm(g):
    r, sf = g.r, g.sf()
    op = r.choice(['and', 'orr', 'eor', 'ands'])
    rd = g.reg(sf, zr=(op == 'ands'))
    return ['%s %s, %s, #0x%x' % (op, rd, g.reg(sf), bitmask_imm(r, bits(sf)))]


def g_logic_shift(g):
    r, sf = g.r, g.sf()
    op = r.choice(['and', 'orr', 'eor', 'bic', 'orn', 'eon', 'ands', 'bics'])
    return ['%s %s, %s, %s, %s #%d' % (op, g.reg(sf), g.reg(sf), g.reg(sf),
                                       r.choice(['lsl', 'lsr', 'asr', 'ror']), r.randrange(bits(sf)))]


def g_movw(g):
    r, sf = g.r, g.sf()
    op = r.choice(['movz', 'movn', 'movk'])
    return ['%s %s, #0x%x, lsl #%d' % (op, g.reg(sf, zr=False), r.getrandbits(16),
                                       16 * r.randrange(4 if sf else 2))]


def g_bitfield(g):
    r, sf = g.r, g.sf()
    op = r.choice(['sbfm', 'ubfm', 'bfm'])
    w = bits(sf)
    return ['%s %s, %s, #%d, #%d' % (op, g.reg(sf), g.reg(sf), r.randrange(w), r.randrange(w))]


def g_extr(g):
    r, sf = g.r, g.sf()
    return ['extr %s, %s, %s, #%d' % (g.reg(sf), g.reg(sf), g.reg(sf), r.randrange(bits(sf)))]


def g_ccmp(g):
    r, sf = g.r, g.sf()
    op = r.choice(['ccmp', 'ccmn'])
    rm = g.reg(sf) if r.randrange(2) else '#%d' % r.randrange(32)
    return ['%s %s, %s, #%d, %s' % (op, g.reg(sf), rm, r.randrange(16), g.cond())]


def g_csel(g):
    r, sf = g.r, g.sf()
    op = r.choice(['csel', 'csinc', 'csinv', 'csneg'])
    return ['%s %s, %s, %s, %s' % (op, g.reg(sf), g.reg(sf), g.reg(sf), g.cond())]


def g_mul(g):
    r = g.r
    k = r.randrange(3)
    if k == 0:
        sf = g.sf()
        op = r.choice(['madd', 'msub'])
        return ['%s %s, %s, %s, %s' % (op, g.reg(sf), g.reg(sf), g.reg(sf), g.reg(sf))]
    if k == 1:
        op = r.choice(['smaddl', 'smsubl', 'umaddl', 'umsubl'])
        return ['%s %s, %s, %s, %s' % (op, g.reg(1), g.reg(0), g.reg(0), g.reg(1))]
    op = r.choice(['smulh', 'umulh'])
    return ['%s %s, %s, %s' % (op, g.reg(1), g.reg(1), g.reg(1))]


def g_div(g):
    r, sf = g.r, g.sf()
    return ['%s %s, %s, %s' % (r.choice(['sdiv', 'udiv']), g.reg(sf), g.reg(sf), g.reg(sf))]


def g_shiftv(g):
    r, sf = g.r, g.sf()
    op = r.choice(['lslv', 'lsrv', 'asrv', 'rorv'])
    return ['%s %s, %s, %s' % (op, g.reg(sf), g.reg(sf), g.reg(sf))]


def g_unary(g):
    r, sf = g.r, g.sf()
    ops = ['clz', 'cls', 'rbit', 'rev', 'rev16'] + (['rev32'] if sf else [])
    return ['%s %s, %s' % (r.choice(ops), g.reg(sf), g.reg(sf))]


def g_skip(g):
    """A forward conditional branch over 1..3 integer instructions."""
    r = g.r
    k = r.randrange(4)
    if k == 0:
        br = 'b.%s 1f' % r.choice(CONDS)
    elif k == 1:
        br = '%s %s, 1f' % (r.choice(['cbz', 'cbnz']), g.reg(g.sf(), zr=False))
    else:
        sf = g.sf()
        br = '%s %s, #%d, 1f' % (r.choice(['tbz', 'tbnz']), g.reg(sf, zr=False), r.randrange(bits(sf)))
    body = []
    for _ in range(r.randrange(1, 4)):
        body += r.choice(g.skip_gens)(g)  # any enabled class except nested skips
    return [br] + body + ['1:']


# --------------------------------------------------------------------------
# intx class: optional ARMv8.1-8.5 integer extensions qemu 7.2 also implements
# (CRC32, FlagM, FlagM2, RCpc)

def g_intx(g):
    r = g.r
    k = r.randrange(5)
    if k == 0:
        sz = r.choice('bhwx')
        return ['crc32%s%s w%d, %s, %s' % (r.choice(['', 'c']), sz, g.n(), g.reg(0),
                                           g.reg(sz == 'x'))]
    if k == 1:
        k = r.randrange(6)
        if k == 0:
            return ['msr nzcv, %s' % g.reg(1)]
        if k == 1:
            return ['mrs %s, nzcv' % g.reg(1, zr=False)]
        if k == 2:
            t = g.n()
            return ['msr tpidr_el0, x%d' % t, 'mrs %s, tpidr_el0' % g.reg(1, zr=False)]
        if k == 3:
            return [r.choice(['nop', 'dmb ish', 'dsb sy', 'isb', 'yield', 'csdb',
                              'prfm pldl1keep, [x29, #%d]' % (8 * r.randrange(32)),
                              'prfum pstl1strm, [x29, #%d]' % r.randrange(-256, 256)])]
        if k == 4:
            # literal pool in .text after the exit code
            op, size, sf = r.choice([('ldr', 4, 0), ('ldr', 8, 1), ('ldrsw', 4, 1)])
            return ['%s %s, lits+%d' % (op, g.reg(sf, zr=False), size * r.randrange(64 // size))]
        return [r.choice(['adr %s, body_start' % g.reg(1, zr=False), 'adr %s, lits+%d' % (g.reg(1, zr=False), r.randrange(64)),
                          'adrp %s, scratch' % g.reg(1, zr=False), 'cfinv'])]
    if k == 2:
        return ['rmif %s, #%d, #%d' % (g.reg(1), r.randrange(64), r.randrange(16))]
    if k == 3:
        return ['%s %s' % (r.choice(['setf8', 'setf16']), g.reg(0))]
    op, size, sf = r.choice([('ldaprb', 1, 0), ('ldaprh', 2, 0), ('ldapr', 4, 0), ('ldapr', 8, 1),
                             ('ldapurb', 1, 0), ('ldapurh', 2, 0), ('ldapur', 4, 0), ('ldapur', 8, 1),
                             ('ldapursb', 1, 0), ('ldapursb', 1, 1), ('ldapursh', 2, 0),
                             ('ldapursh', 2, 1), ('ldapursw', 4, 1),
                             ('stlurb', 1, 0), ('stlurh', 2, 0), ('stlur', 4, 0), ('stlur', 8, 1)])
    if op.startswith('ldapr'):
        b, t = g.distinct(2)
        return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - size, size),
                '%s %s, [x%d]' % (op, g.reg(sf, n=t), b)]
    off = size * r.randrange(-SCRATCH_HALF // size, (SCRATCH_HALF - size) // size + 1)
    off = max(-256, min(255, off))
    off -= off % size
    return ['%s %s, [x29, #%d]' % (op, g.reg(sf), off)]


def g_flagm2(g):
    """FEAT_FlagM2 (ARMv8.5): class flagm2."""
    return [g.r.choice(['axflag', 'xaflag'])]


INT_GENS = [g_addsub_imm, g_addsub_shift, g_addsub_ext, g_adc, g_logic_imm, g_logic_shift,
            g_movw, g_bitfield, g_extr, g_ccmp, g_csel, g_mul, g_div, g_shiftv, g_unary]


# --------------------------------------------------------------------------
# mem class: everything is addressed from x29 = scratch + 256

LD_ST = [  # (load mnemonic or store, size, register width for rt)
    ('ldrb', 1, 0), ('ldrh', 2, 0), ('ldr', 4, 0), ('ldr', 8, 1),
    ('ldrsb', 1, 0), ('ldrsb', 1, 1), ('ldrsh', 2, 0), ('ldrsh', 2, 1), ('ldrsw', 4, 1),
    ('strb', 1, 0), ('strh', 2, 0), ('str', 4, 0), ('str', 8, 1),
]


def unscaled(op):
    return 'ldur' + op[3:] if op.startswith('ld') else 'stur' + op[3:]


def g_ldst_uimm(g):
    r = g.r
    op, size, sf = r.choice(LD_ST)
    off = size * r.randrange((SCRATCH_HALF - size) // size + 1)
    return ['%s %s, [x29, #%d]' % (op, g.reg(sf), off)]


def g_ldst_unscaled(g):
    r = g.r
    op, size, sf = r.choice(LD_ST)
    off = r.randrange(-256, 256 - size + 1)
    return ['%s %s, [x29, #%d]' % (unscaled(op), g.reg(sf), off)]


def g_ldst_pair(g):
    r = g.r
    op, size, sf = r.choice([('ldp', 4, 0), ('ldp', 8, 1), ('ldpsw', 4, 1), ('stp', 4, 0), ('stp', 8, 1)])
    lo = max(-64 * size, -SCRATCH_HALF)
    hi = min(63 * size, SCRATCH_HALF - 2 * size)
    off = size * r.randrange(lo // size, hi // size + 1)
    if op.startswith('ld'):
        t1, t2 = g.distinct(2)
        a, b = g.reg(sf, n=t1), g.reg(sf, n=t2)
    else:
        a, b = g.reg(sf), g.reg(sf)
    return ['%s %s, %s, [x29, #%d]' % (op, a, b, off)]


def set_base(g, b, lo, hi, align=1):
    """Unit prefix: xb = x29 + k with lo <= k <= hi, k a multiple of align."""
    k = align * g.r.randrange(-((-lo) // align), hi // align + 1)
    if k >= 0:
        return 'add x%d, x29, #%d' % (b, k)
    return 'sub x%d, x29, #%d' % (b, -k)


def g_ldst_wb(g):
    """Pre/post-indexed single and pair accesses on a copy of the base."""
    r = g.r
    b, t1, t2 = g.distinct(3)
    if r.randrange(3):
        op, size, sf = r.choice(LD_ST)
        imm = r.randrange(-256, 256)
        pre = r.randrange(2)
        # the access is at base+imm (pre) or base (post): keep it in [-256, 256-size]
        lo, hi = -SCRATCH_HALF, SCRATCH_HALF - size
        if pre:
            lo, hi = lo - imm, hi - imm
        setup = set_base(g, b, max(lo, -4095), min(hi, 4095))
        rt = g.reg(sf, n=t1)
        if pre:
            return [setup, '%s %s, [x%d, #%d]!' % (op, rt, b, imm)]
        return [setup, '%s %s, [x%d], #%d' % (op, rt, b, imm)]
    op, size, sf = r.choice([('ldp', 4, 0), ('ldp', 8, 1), ('ldpsw', 4, 1), ('stp', 4, 0), ('stp', 8, 1)])
    imm = size * r.randrange(-64, 64)
    pre = r.randrange(2)
    lo, hi = -SCRATCH_HALF, SCRATCH_HALF - 2 * size
    if pre:
        lo, hi = lo - imm, hi - imm
    setup = set_base(g, b, max(lo, -4095), min(hi, 4095))
    a, c = g.reg(sf, n=t1), g.reg(sf, n=t2)
    if pre:
        return [setup, '%s %s, %s, [x%d, #%d]!' % (op, a, c, b, imm)]
    return [setup, '%s %s, %s, [x%d], #%d' % (op, a, c, b, imm)]


def g_ldst_regoff(g):
    r = g.r
    op, size, sf = r.choice(LD_ST)
    i = g.n()
    sh = r.randrange(2) * {1: 0, 2: 1, 4: 2, 8: 3}[size]
    scale = 1 << sh
    mode = r.choice(['lsl', 'sxtw', 'uxtw'])
    if mode == 'uxtw':
        k = r.randrange(0, (SCRATCH_HALF - size) // scale + 1)
    else:
        k = r.randrange(-SCRATCH_HALF // scale, (SCRATCH_HALF - size) // scale + 1)
    if mode == 'sxtw':
        # only the low 32 bits count: put junk in the top half
        setup = ['mov x%d, #%d' % (i, k), 'movk x%d, #0x%x, lsl #48' % (i, r.getrandbits(16))]
    else:
        setup = ['mov x%d, #%d' % (i, k)]
    idx = ('x%d' % i) if mode == 'lsl' else ('w%d' % i)
    ext = '%s #%d' % (mode, sh) if (sh or mode == 'lsl') else mode
    if mode == 'lsl' and sh == 0 and r.randrange(2):
        ext = ''
    addr = '[x29, %s%s]' % (idx, (', ' + ext) if ext else '')
    return setup + ['%s %s, %s' % (op, g.reg(sf), addr)]


def g_ldst_acqrel(g):
    r = g.r
    op, size, sf = r.choice([('ldarb', 1, 0), ('ldarh', 2, 0), ('ldar', 4, 0), ('ldar', 8, 1),
                             ('stlrb', 1, 0), ('stlrh', 2, 0), ('stlr', 4, 0), ('stlr', 8, 1)])
    b, t = g.distinct(2)
    return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - size, size),
            '%s %s, [x%d]' % (op, g.reg(sf, n=t), b)]


def g_ldst_excl(g):
    """LDXR/LDAXR/LDXP/LDAXP (then CLREX); never STXR, whose status may be 1."""
    r = g.r
    b, t1, t2 = g.distinct(3)
    if r.randrange(3):
        op, size, sf = r.choice([('ldxrb', 1, 0), ('ldxrh', 2, 0), ('ldxr', 4, 0), ('ldxr', 8, 1),
                                 ('ldaxrb', 1, 0), ('ldaxrh', 2, 0), ('ldaxr', 4, 0), ('ldaxr', 8, 1)])
        return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - size, size),
                '%s %s, [x%d]' % (op, g.reg(sf, n=t1), b), 'clrex']
    op = r.choice(['ldxp', 'ldaxp'])
    sf = g.sf()
    size = 8 if sf else 4
    return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - 2 * size, 2 * size),
            '%s %s, %s, [x%d]' % (op, g.reg(sf, n=t1), g.reg(sf, n=t2), b), 'clrex']


def g_ldst_unpriv(g):
    """LDTR*/STTR* (unprivileged: at EL0 the same as LDUR/STUR)."""
    r = g.r
    op, size, sf = r.choice(LD_ST)
    op = ('ldtr' if op.startswith('ld') else 'sttr') + op[3:]
    off = r.randrange(-256, 256 - size + 1)
    return ['%s %s, [x29, #%d]' % (op, g.reg(sf), off)]


MEM_GENS = [g_ldst_excl, g_ldst_uimm, g_ldst_unscaled, g_ldst_pair, g_ldst_wb, g_ldst_regoff,
            g_ldst_acqrel, g_ldst_unpriv]


# --------------------------------------------------------------------------
# lse class: LSE atomics on aligned scratch addresses (armv8.1-a)

def g_lse(g):
    r = g.r
    order = r.choice(['', 'a', 'l', 'al'])
    k = r.randrange(6)
    if k == 5:  # casp: even register pairs, 4- or 8-byte elements
        sf = g.sf()
        size = 8 if sf else 4
        evens = r.sample(range(0, 28, 2), 3)
        s, t, b = evens[0], evens[1], evens[2] + r.randrange(2)
        return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - 2 * size, 2 * size),
                'casp%s %s, %s, %s, %s, [x%d]' % (order, g.reg(sf, n=s), g.reg(sf, n=s + 1),
                                                 g.reg(sf, n=t), g.reg(sf, n=t + 1), b)]
    sz, size, sf = r.choice([('b', 1, 0), ('h', 2, 0), ('', 4, 0), ('', 8, 1)])
    b, s, t = g.distinct(3)
    setup = set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - size, size)
    rs = g.reg(sf, n=s) if r.randrange(8) else g.reg(sf, n=31)
    rt = g.reg(sf, n=t) if r.randrange(6) else g.reg(sf, n=31)
    if k == 4:
        return [setup, 'cas%s%s %s, %s, [x%d]' % (order, sz, rs, rt, b)]
    if k == 3:
        return [setup, 'swp%s%s %s, %s, [x%d]' % (order, sz, rs, rt, b)]
    op = r.choice(['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'])
    return [setup, 'ld%s%s%s %s, %s, [x%d]' % (op, order, sz, rs, rt, b)]


LSE_GENS = [g_lse]


# --------------------------------------------------------------------------
# fp class: scalar single/double precision

def fr(g, t):
    return '%s%d' % (t, g.r.randrange(32))


def g_fp2(g):
    r = g.r
    t = r.choice('sd')
    op = r.choice(['fadd', 'fsub', 'fmul', 'fdiv', 'fnmul', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fabd'])
    return ['%s %s, %s, %s' % (op, fr(g, t), fr(g, t), fr(g, t))]


def g_fp1(g):
    r = g.r
    t = r.choice('sd')
    op = r.choice(['fsqrt', 'fabs', 'fneg', 'fmov', 'frintn', 'frintp', 'frintm', 'frintz',
                   'frinta', 'frintx', 'frinti'])
    return ['%s %s, %s' % (op, fr(g, t), fr(g, t))]


def g_fp3(g):
    r = g.r
    t = r.choice('sd')
    op = r.choice(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])
    return ['%s %s, %s, %s, %s' % (op, fr(g, t), fr(g, t), fr(g, t), fr(g, t))]


def g_fcmp(g):
    r = g.r
    t = r.choice('sd')
    op = r.choice(['fcmp', 'fcmpe'])
    k = r.randrange(4)
    if k == 0:
        return ['%s %s, #0.0' % (op, fr(g, t))]
    if k == 1:
        return ['%s %s, %s, #%d, %s' % (r.choice(['fccmp', 'fccmpe']), fr(g, t), fr(g, t),
                                        r.randrange(16), g.cond())]
    if k == 2:
        return ['fcsel %s, %s, %s, %s' % (fr(g, t), fr(g, t), fr(g, t), g.cond())]
    return ['%s %s, %s' % (op, fr(g, t), fr(g, t))]


def g_fcvt(g):
    r = g.r
    a, b = r.sample('hsd', 2)
    return ['fcvt %s, %s' % (fr(g, a), fr(g, b))]


def g_fcvt_h(g):
    """Conversions to and from half precision (class ahp: FPCR.AHP random)."""
    r = g.r
    k = r.randrange(4)
    if k == 0:
        two = r.randrange(2)
        return ['fcvtl%s v%d.4s, v%d.%s' % ('2' if two else '', r.randrange(32), r.randrange(32),
                                            '8h' if two else '4h')]
    if k == 1:
        two = r.randrange(2)
        return ['fcvtn%s v%d.%s, v%d.4s' % ('2' if two else '', r.randrange(32), '8h' if two else '4h',
                                            r.randrange(32))]
    a, b = r.choice([('h', 's'), ('s', 'h'), ('h', 'd'), ('d', 'h')])
    return ['fcvt %s, %s' % (fr(g, a), fr(g, b))]


def g_fcvt_int(g):
    r = g.r
    t, sf = r.choice('sd'), g.sf()
    k = r.randrange(3)
    if k == 0:
        op = 'fcvt%s%s' % (r.choice('npmza'), r.choice('su'))
        return ['%s %s, %s' % (op, g.reg(sf), fr(g, t))]
    if k == 1:
        op = r.choice(['fcvtzs', 'fcvtzu'])
        return ['%s %s, %s, #%d' % (op, g.reg(sf), fr(g, t), r.randrange(1, bits(sf) + 1))]
    op = r.choice(['scvtf', 'ucvtf'])
    fb = ', #%d' % r.randrange(1, bits(sf) + 1) if r.randrange(3) == 0 else ''
    return ['%s %s, %s%s' % (op, fr(g, t), g.reg(sf), fb)]


def g_fmov(g):
    r = g.r
    k = r.randrange(4)
    if k == 0:
        n = r.randrange(16, 32)
        # representable: +-(16..31)/16 * 2^(-3..4)
        val = r.choice([1, -1]) * (n / 16.0) * (2.0 ** r.randrange(-3, 5))
        return ['fmov %s, #%r' % (fr(g, r.choice('sd')), val)]
    if k == 1:
        sf = g.sf()
        return ['fmov %s, %s' % (fr(g, 'd' if sf else 's'), g.reg(sf))]
    if k == 2:
        sf = g.sf()
        return ['fmov %s, %s' % (g.reg(sf, zr=False), fr(g, 'd' if sf else 's'))]
    if r.randrange(2):
        return ['fmov v%d.d[1], %s' % (r.randrange(32), g.reg(1))]
    return ['fmov %s, v%d.d[1]' % (g.reg(1, zr=False), r.randrange(32))]


def g_fpcr(g):
    """Change FPCR (DN, FZ, RMode; AHP too with class ahp) or FPSR mid-sequence, read them."""
    r = g.r
    t = g.n()
    k = r.randrange(4)
    if k == 0:
        mask = 0x07c00000 if 'ahp' in g.classes else 0x03c00000
        if 'fp16' in g.classes or 'fhm' in g.classes:
            mask |= 1 << 19  # FZ16
        return ['mov x%d, #0x%x' % (t, r.getrandbits(32) & mask), 'msr fpcr, x%d' % t]
    if k == 1:
        return ['mov x%d, #0x%x' % (t, r.choice([0, 0x8000000, 0x9f, r.getrandbits(5)])),
                'msr fpsr, x%d' % t]
    return ['mrs x%d, %s' % (t, r.choice(['fpcr', 'fpsr']))]


FP_GENS = [g_fp2, g_fp1, g_fp3, g_fcmp, g_fcvt, g_fcvt_int, g_fmov, g_fpcr]


# --------------------------------------------------------------------------
# simd class: integer vector operations

ARR = ['8b', '16b', '4h', '8h', '2s', '4s', '2d']
ESIZE = {'b': 8, 'h': 16, 's': 32, 'd': 64}


def vr(g, arr):
    return 'v%d.%s' % (g.r.randrange(32), arr)


def g_v3same(g):
    r = g.r
    op = r.choice(['add', 'sub', 'and', 'orr', 'eor', 'bic', 'orn', 'bsl', 'bit', 'bif',
                   'cmeq', 'cmhi', 'cmhs', 'cmgt', 'cmge', 'cmtst', 'addp',
                   'umaxp', 'uminp', 'smaxp', 'sminp', 'umax', 'umin', 'smax', 'smin', 'mul',
                   'uqadd', 'sqadd', 'uqsub', 'sqsub', 'uabd', 'sabd', 'ushl', 'sshl'])
    if op in ('and', 'orr', 'eor', 'bic', 'orn', 'bsl', 'bit', 'bif'):
        arr = r.choice(['8b', '16b'])
    elif op in ('umaxp', 'uminp', 'smaxp', 'sminp', 'umax', 'umin', 'smax', 'smin', 'mul',
                'uabd', 'sabd'):
        arr = r.choice(ARR[:-1])
    else:
        arr = r.choice(ARR)
    return ['%s %s, %s, %s' % (op, vr(g, arr), vr(g, arr), vr(g, arr))]


def g_vacross(g):
    r = g.r
    op = r.choice(['addv', 'umaxv', 'uminv', 'smaxv', 'sminv'])
    arr = r.choice(['8b', '16b', '4h', '8h', '4s'])
    return ['%s %s%d, %s' % (op, arr[-1], r.randrange(32), vr(g, arr))]


def g_vmove(g):
    r = g.r
    k = r.randrange(6)
    arr = r.choice(ARR)
    e = arr[-1]
    lanes = 128 // ESIZE[e]
    if k == 0:
        return ['dup %s, v%d.%s[%d]' % (vr(g, arr), r.randrange(32), e, r.randrange(lanes))]
    if k == 1:
        return ['dup %s, %s' % (vr(g, arr), g.reg(e == 'd'))]
    if k == 2:
        return ['ins v%d.%s[%d], v%d.%s[%d]' % (r.randrange(32), e, r.randrange(lanes),
                                                r.randrange(32), e, r.randrange(lanes))]
    if k == 3:
        return ['ins v%d.%s[%d], %s' % (r.randrange(32), e, r.randrange(lanes), g.reg(e == 'd'))]
    if k == 4:
        if e == 'd' or (e == 's' and r.randrange(2)):
            return ['umov %s, v%d.%s[%d]' % (g.reg(e == 'd', zr=False), r.randrange(32), e, r.randrange(lanes))]
        if e == 's':
            return ['smov %s, v%d.s[%d]' % (g.reg(1, zr=False), r.randrange(32), r.randrange(lanes))]
        op = r.choice(['umov', 'smov'])
        sf = g.sf() if op == 'smov' else 0
        return ['%s %s, v%d.%s[%d]' % (op, g.reg(sf, zr=False), r.randrange(32), e, r.randrange(lanes))]
    a = r.choice(['8b', '16b'])
    return ['ext %s, %s, %s, #%d' % (vr(g, a), vr(g, a), vr(g, a), r.randrange(8 if a == '8b' else 16))]


def g_vperm(g):
    r = g.r
    op = r.choice(['zip1', 'zip2', 'uzp1', 'uzp2', 'trn1', 'trn2'])
    arr = r.choice(ARR)
    return ['%s %s, %s, %s' % (op, vr(g, arr), vr(g, arr), vr(g, arr))]


def g_v2misc(g):
    r = g.r
    k = r.randrange(7)
    if k == 0:
        op, arrs = r.choice([('rev64', ARR[:-2] + ['4s']), ('rev32', ['8b', '16b', '4h', '8h']),
                             ('rev16', ['8b', '16b'])])
        arr = r.choice(arrs)
        return ['%s %s, %s' % (op, vr(g, arr), vr(g, arr))]
    if k == 1:
        arr = r.choice(['8b', '16b'])
        return ['%s %s, %s' % (r.choice(['cnt', 'not', 'rbit']), vr(g, arr), vr(g, arr))]
    if k == 2:
        arr = r.choice(ARR)
        op = r.choice(['abs', 'neg', 'cmeq', 'cmgt', 'cmge', 'cmle', 'cmlt'])
        if op.startswith('cm'):
            return ['%s %s, %s, #0' % (op, vr(g, arr), vr(g, arr))]
        return ['%s %s, %s' % (op, vr(g, arr), vr(g, arr))]
    if k == 3:  # narrow
        src, dst = r.choice([('8h', '8b'), ('4s', '4h'), ('2d', '2s')])
        two = r.randrange(2)
        if two:
            dst = {'8b': '16b', '4h': '8h', '2s': '4s'}[dst]
        op = r.choice(['xtn', 'shrn', 'rshrn'])
        if op == 'xtn':
            return ['%s%s %s, %s' % (op, '2' if two else '', vr(g, dst), vr(g, src))]
        sh = r.randrange(1, ESIZE[dst[-1]] + 1)
        return ['%s%s %s, %s, #%d' % (op, '2' if two else '', vr(g, dst), vr(g, src), sh)]
    if k == 4:  # widen
        src, dst = r.choice([('8b', '8h'), ('4h', '4s'), ('2s', '2d')])
        two = r.randrange(2)
        if two:
            src = {'8b': '16b', '4h': '8h', '2s': '4s'}[src]
        op = r.choice(['uxtl', 'sxtl', 'ushll', 'sshll'])
        if op in ('uxtl', 'sxtl'):
            return ['%s%s %s, %s' % (op, '2' if two else '', vr(g, dst), vr(g, src))]
        return ['%s%s %s, %s, #%d' % (op, '2' if two else '', vr(g, dst), vr(g, src),
                                      r.randrange(ESIZE[src[-1]]))]
    if k == 5:  # shifts by immediate
        arr = r.choice(ARR)
        es = ESIZE[arr[-1]]
        op = r.choice(['shl', 'ushr', 'sshr', 'usra', 'ssra', 'sli', 'sri', 'urshr', 'srshr'])
        sh = r.randrange(es) if op in ('shl', 'sli') else r.randrange(1, es + 1)
        return ['%s %s, %s, #%d' % (op, vr(g, arr), vr(g, arr), sh)]
    # tbl / tbx with 1..4 consecutive table registers
    n = r.randrange(1, 5)
    first = r.randrange(32)
    arr = r.choice(['8b', '16b'])
    regs = ', '.join('v%d.16b' % ((first + i) % 32) for i in range(n))
    return ['%s %s, {%s}, %s' % (r.choice(['tbl', 'tbx']), vr(g, arr), regs, vr(g, arr))]


def g_movi(g):
    r = g.r
    k = r.randrange(5)
    if k == 0:
        arr = r.choice(['8b', '16b'])
        return ['movi %s, #0x%x' % (vr(g, arr), r.getrandbits(8))]
    if k == 1:
        arr = r.choice(['4h', '8h'])
        return ['%s %s, #0x%x, lsl #%d' % (r.choice(['movi', 'mvni']), vr(g, arr), r.getrandbits(8),
                                           r.choice([0, 8]))]
    if k == 2:
        arr = r.choice(['2s', '4s'])
        return ['%s %s, #0x%x, lsl #%d' % (r.choice(['movi', 'mvni']), vr(g, arr), r.getrandbits(8),
                                           r.choice([0, 8, 16, 24]))]
    if k == 3:
        arr = r.choice(['2s', '4s'])
        return ['%s %s, #0x%x, msl #%d' % (r.choice(['movi', 'mvni']), vr(g, arr), r.getrandbits(8),
                                           r.choice([8, 16]))]
    if r.randrange(3) == 0:
        n = r.randrange(16, 32)
        val = r.choice([1, -1]) * (n / 16.0) * (2.0 ** r.randrange(-3, 5))
        return ['fmov %s, #%r' % (vr(g, r.choice(['2s', '4s', '2d'])), val)]
    m = 0
    for i in range(8):
        if r.randrange(2):
            m |= 0xff << (8 * i)
    if r.randrange(2):
        return ['movi d%d, #0x%x' % (r.randrange(32), m)]
    return ['movi v%d.2d, #0x%x' % (r.randrange(32), m)]


def g_vldst(g):
    """SIMD&FP loads and stores of every size to the scratch buffer."""
    r = g.r
    t, size = r.choice([('b', 1), ('h', 2), ('s', 4), ('d', 8), ('q', 16)])
    op = r.choice(['ldr', 'str'])
    k = r.randrange(3)
    if k == 0:
        off = size * r.randrange((SCRATCH_HALF - size) // size + 1)
        return ['%s %s, [x29, #%d]' % (op, fr(g, t), off)]
    if k == 1:
        off = r.randrange(-256, 256 - size + 1)
        return ['%s %s, [x29, #%d]' % ('ldur' if op == 'ldr' else 'stur', fr(g, t), off)]
    if r.randrange(2):
        return g_vldst_more(g)
    b = g.n()
    arr = r.choice(['8b', '16b', '4h', '8h', '2s', '4s', '2d'])
    nreg = r.randrange(1, 5)
    total = nreg * (8 if arr in ('8b', '4h', '2s') else 16)
    first = r.randrange(32)
    regs = ', '.join('v%d.%s' % ((first + i) % 32, arr) for i in range(nreg))
    return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - total),
            '%s {%s}, [x%d]' % (r.choice(['ld1', 'st1']), regs, b)]


def g_vldst_more(g):
    """FP/SIMD register offset, LDP/STP (offset and writeback), literal loads."""
    r = g.r
    t, size = r.choice([('b', 1), ('h', 2), ('s', 4), ('d', 8), ('q', 16)])
    op = r.choice(['ldr', 'str'])
    k = r.randrange(4)
    if k == 0:
        i = g.n()
        sh = r.randrange(2) * {1: 0, 2: 1, 4: 2, 8: 3, 16: 4}[size]
        kk = r.randrange(-SCRATCH_HALF // (1 << sh), (SCRATCH_HALF - size) // (1 << sh) + 1)
        return ['mov x%d, #%d' % (i, kk), '%s %s, [x29, x%d%s]' % (op, fr(g, t), i,
                                                                  ', lsl #%d' % sh if sh else '')]
    if k == 1:
        t, size = r.choice([('s', 4), ('d', 8), ('q', 16)])
        op = r.choice(['ldp', 'stp', 'ldnp', 'stnp'])
        a = r.randrange(32)
        c = (a + r.randrange(1, 32)) % 32
        lo = max(-64 * size, -SCRATCH_HALF)
        hi = min(63 * size, SCRATCH_HALF - 2 * size)
        wb = r.randrange(3) if 'n' not in op else 0
        if wb == 0:
            off = size * r.randrange(lo // size, hi // size + 1)
            return ['%s %s%d, %s%d, [x29, #%d]' % (op, t, a, t, c, off)]
        b = g.n()
        imm = size * r.randrange(-8, 8)
        blo, bhi = -SCRATCH_HALF, SCRATCH_HALF - 2 * size
        if wb == 1:
            blo, bhi = blo - imm, bhi - imm
        setup = set_base(g, b, max(blo, -4095), min(bhi, 4095))
        if wb == 1:
            return [setup, '%s %s%d, %s%d, [x%d, #%d]!' % (op, t, a, t, c, b, imm)]
        return [setup, '%s %s%d, %s%d, [x%d], #%d' % (op, t, a, t, c, b, imm)]
    if k == 2:
        t, size = r.choice([('s', 4), ('d', 8), ('q', 16)])
        return ['ldr %s, lits+%d' % (fr(g, t), size * r.randrange(64 // size))]
    b = g.n()
    imm = r.randrange(-256, 256)
    blo, bhi = -SCRATCH_HALF, SCRATCH_HALF - size
    pre = r.randrange(2)
    if pre:
        blo, bhi = blo - imm, bhi - imm
    setup = set_base(g, b, max(blo, -4095), min(bhi, 4095))
    if pre:
        return [setup, '%s %s, [x%d, #%d]!' % (op, fr(g, t), b, imm)]
    return [setup, '%s %s, [x%d], #%d' % (op, fr(g, t), b, imm)]


def g_vldst_struct(g):
    """LD1..LD4/ST1..ST4 structures, single lanes, LD1R..LD4R, with post-index."""
    r = g.r
    b, m = g.distinct(2)
    first = r.randrange(32)
    k = r.randrange(3)
    if k == 0:
        nreg = r.randrange(1, 5)
        arr = r.choice(['8b', '16b', '4h', '8h', '2s', '4s', '2d'] + (['1d'] if nreg == 1 else []))
        total = nreg * (8 if arr in ('8b', '4h', '2s', '1d') else 16)
        op = r.choice(['ld', 'st']) + str(nreg if r.randrange(2) or nreg == 1 else 1)
    elif k == 1:
        nreg = r.randrange(1, 5)
        e = r.choice('bhsd')
        total = nreg * ESIZE[e] // 8
        op = r.choice(['ld', 'st']) + str(nreg)
        arr = e
    else:
        nreg = r.randrange(1, 5)
        arr = r.choice(['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'])
        total = nreg * ESIZE[arr[-1]] // 8
        op = 'ld%dr' % nreg
    regs = ', '.join('v%d.%s' % ((first + i) % 32, arr) for i in range(nreg))
    if k == 1:
        regs = '{%s}[%d]' % (regs, r.randrange(128 // ESIZE[arr]))
    else:
        regs = '{%s}' % regs
    post = r.randrange(3)
    setup = [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - total)]
    if post == 0:
        return setup + ['%s %s, [x%d]' % (op, regs, b)]
    if post == 1:
        return setup + ['%s %s, [x%d], #%d' % (op, regs, b, total)]
    return setup + ['mov x%d, #%d' % (m, r.randrange(-64, 64)),
                    '%s %s, [x%d], x%d' % (op, regs, b, m)]


SIMD_GENS = [g_v3same, g_vacross, g_vmove, g_vperm, g_v2misc, g_movi, g_vldst, g_vldst_struct]


# --------------------------------------------------------------------------
# simdx class: more integer vector operations (long/wide/narrow, saturating)

def g_vx3(g):
    r = g.r
    op = r.choice(['mla', 'mls', 'shadd', 'uhadd', 'srhadd', 'urhadd', 'shsub', 'uhsub',
                   'sqdmulh', 'sqrdmulh', 'srshl', 'urshl', 'sqshl', 'uqshl', 'sqrshl', 'uqrshl',
                   'saba', 'uaba', 'pmul', 'addp', 'cmtst'])
    if op == 'pmul':
        arr = r.choice(['8b', '16b'])
    elif op in ('sqdmulh', 'sqrdmulh'):
        arr = r.choice(['4h', '8h', '2s', '4s'])
    elif op in ('srshl', 'urshl', 'sqshl', 'uqshl', 'sqrshl', 'uqrshl', 'addp', 'cmtst'):
        arr = r.choice(ARR)
    else:
        arr = r.choice(ARR[:-1])
    return ['%s %s, %s, %s' % (op, vr(g, arr), vr(g, arr), vr(g, arr))]


def g_vxlong(g):
    r = g.r
    src, dst, nar = r.choice([('8b', '8h', '8b'), ('4h', '4s', '4h'), ('2s', '2d', '2s')])
    two = r.randrange(2)
    wsrc = {'8b': '16b', '4h': '8h', '2s': '4s'}[src] if two else src
    sfx = '2' if two else ''
    k = r.randrange(4)
    if k == 0:
        op = r.choice(['uaddl', 'saddl', 'usubl', 'ssubl', 'umull', 'smull', 'umlal', 'smlal',
                       'uabdl', 'sabdl', 'sqdmull'])
        if op == 'sqdmull' and src == '8b':
            src, dst, wsrc = '4h', '4s', '8h' if two else '4h'
        return ['%s%s %s, %s, %s' % (op, sfx, vr(g, dst), vr(g, wsrc), vr(g, wsrc))]
    if k == 1:
        op = r.choice(['uaddw', 'saddw', 'usubw', 'ssubw'])
        return ['%s%s %s, %s, %s' % (op, sfx, vr(g, dst), vr(g, dst), vr(g, wsrc))]
    if k == 2:
        op = r.choice(['addhn', 'subhn', 'raddhn', 'rsubhn'])
        return ['%s%s %s, %s, %s' % (op, sfx, vr(g, wsrc), vr(g, dst), vr(g, dst))]
    op = r.choice(['sqxtn', 'uqxtn', 'sqxtun', 'sqshrn', 'uqshrn', 'sqrshrn', 'uqrshrn', 'sqshrun',
                   'sqrshrun'])
    if op.endswith('xtn') or op == 'sqxtun':
        return ['%s%s %s, %s' % (op, sfx, vr(g, wsrc), vr(g, dst))]
    return ['%s%s %s, %s, #%d' % (op, sfx, vr(g, wsrc), vr(g, dst), r.randrange(1, ESIZE[src[-1]] + 1))]


def g_vx2(g):
    r = g.r
    k = r.randrange(4)
    if k == 0:
        arr = r.choice(ARR)
        op = r.choice(['sqabs', 'sqneg', 'suqadd', 'usqadd'] + (['cls', 'clz'] if arr != '2d' else []))
        return ['%s %s, %s' % (op, vr(g, arr), vr(g, arr))]
    if k == 1:
        src, dst = r.choice([('8b', '4h'), ('16b', '8h'), ('4h', '2s'), ('8h', '4s'), ('2s', '1d'), ('4s', '2d')])
        op = r.choice(['saddlp', 'uaddlp', 'sadalp', 'uadalp'])
        return ['%s %s, %s' % (op, vr(g, dst), vr(g, src))]
    if k == 2:
        arr = r.choice(['8b', '16b', '4h', '8h', '4s'])
        op = r.choice(['saddlv', 'uaddlv'])
        d = {'b': 'h', 'h': 's', 's': 'd'}[arr[-1]]
        return ['%s %s%d, %s' % (op, d, r.randrange(32), vr(g, arr))]
    arr = r.choice(ARR)
    es = ESIZE[arr[-1]]
    op = r.choice(['sqshl', 'uqshl', 'sqshlu', 'rsra', 'ursra', 'srsra'])
    if op == 'rsra':
        op = 'ursra'
    sh = r.randrange(es) if op in ('sqshl', 'uqshl', 'sqshlu') else r.randrange(1, es + 1)
    return ['%s %s, %s, #%d' % (op, vr(g, arr), vr(g, arr), sh)]


def g_vxelem(g):
    r = g.r
    arr, e, lanes = r.choice([('4h', 'h', 8), ('8h', 'h', 8), ('2s', 's', 4), ('4s', 's', 4)])
    op = r.choice(['mul', 'mla', 'mls', 'sqdmulh', 'sqrdmulh'])
    m = r.randrange(16 if e == 'h' else 32)
    return ['%s %s, %s, v%d.%s[%d]' % (op, vr(g, arr), vr(g, arr), m, e, r.randrange(lanes))]


def g_vxscalar(g):
    """AdvSIMD scalar forms (b/h/s/d registers) and the remaining long/estimate ops."""
    r = g.r
    k = r.randrange(8)
    t = r.choice('bhsd')
    v = lambda tt: '%s%d' % (tt, r.randrange(32))  # noqa: E731
    if k == 0:
        op = r.choice(['sqadd', 'uqadd', 'sqsub', 'uqsub', 'sqshl', 'uqshl', 'sqrshl', 'uqrshl'])
        return ['%s %s, %s, %s' % (op, v(t), v(t), v(t))]
    if k == 1:
        op = r.choice(['add', 'sub', 'cmeq', 'cmge', 'cmgt', 'cmhi', 'cmhs', 'cmtst', 'sshl',
                       'ushl', 'srshl', 'urshl'])
        return ['%s %s, %s, %s' % (op, v('d'), v('d'), v('d'))]
    if k == 2:
        op = r.choice(['sqdmulh', 'sqrdmulh'])
        tt = r.choice('hs')
        return ['%s %s, %s, %s' % (op, v(tt), v(tt), v(tt))]
    if k == 3:
        op = r.choice(['shl', 'sli', 'ushr', 'sshr', 'usra', 'ssra', 'urshr', 'srshr', 'sri'])
        sh = r.randrange(64) if op in ('shl', 'sli') else r.randrange(1, 65)
        return ['%s %s, %s, #%d' % (op, v('d'), v('d'), sh)]
    if k == 4:
        op = r.choice(['sqabs', 'sqneg', 'suqadd', 'usqadd'])
        if r.randrange(2):
            return ['%s %s, %s' % (op, v(t), v(t))]
        op = r.choice(['abs', 'neg', 'cmeq', 'cmgt', 'cmge', 'cmle', 'cmlt'])
        return ['%s %s, %s%s' % (op, v('d'), v('d'), ', #0' if op.startswith('cm') else '')]
    if k == 5:
        nt, wt = r.choice([('b', 'h'), ('h', 's'), ('s', 'd')])
        op = r.choice(['sqxtn', 'uqxtn', 'sqxtun', 'sqshrn', 'uqshrn', 'sqrshrn', 'uqrshrn',
                       'sqshrun', 'sqrshrun'])
        if 'xt' in op:
            return ['%s %s, %s' % (op, v(nt), v(wt))]
        return ['%s %s, %s, #%d' % (op, v(nt), v(wt), r.randrange(1, ESIZE[nt] + 1))]
    if k == 6:
        e = r.choice('bhsd')
        lanes = 128 // ESIZE[e]
        if r.randrange(2):
            return ['dup %s, v%d.%s[%d]' % (v(e), r.randrange(32), e, r.randrange(lanes))]
        return ['addp %s, v%d.2d' % (v('d'), r.randrange(32))]
    k = r.randrange(4)
    if k == 0:
        src, dst = r.choice([('8b', '8h'), ('16b', '8h'), ('4h', '4s'), ('8h', '4s'), ('2s', '2d'), ('4s', '2d')])
        return ['shll%s %s, %s, #%d' % ('2' if src in ('16b', '8h', '4s') else '', vr(g, dst), vr(g, src),
                                        ESIZE[src[-1]])]
    if k == 1:
        arr = r.choice(['2s', '4s'])
        return ['%s %s, %s' % (r.choice(['urecpe', 'ursqrte']), vr(g, arr), vr(g, arr))]
    if k == 2:
        src, dst, e, lanes = r.choice([('4h', '4s', 'h', 8), ('8h', '4s', 'h', 8), ('2s', '2d', 's', 4),
                                       ('4s', '2d', 's', 4)])
        two = '2' if src in ('8h', '4s') else ''
        op = r.choice(['smull', 'umull', 'smlal', 'umlal', 'smlsl', 'umlsl', 'sqdmull', 'sqdmlal',
                       'sqdmlsl'])
        m = r.randrange(16 if e == 'h' else 32)
        return ['%s%s %s, %s, v%d.%s[%d]' % (op, two, vr(g, dst), vr(g, src), m, e, r.randrange(lanes))]
    if r.randrange(2):
        src = r.choice(['8b', '16b'])
        return ['pmull%s %s, %s, %s' % ('2' if src == '16b' else '', vr(g, '8h'), vr(g, src), vr(g, src))]
    op = r.choice(['sqdmlal', 'sqdmlsl', 'sqdmull', 'sqdmulh', 'sqrdmulh'])
    nt, wt = r.choice([('h', 's'), ('s', 'd')])
    if op.endswith('h'):
        wt = nt
    if r.randrange(2):
        lanes = 8 if nt == 'h' else 4
        m = r.randrange(16 if nt == 'h' else 32)
        return ['%s %s, %s, v%d.%s[%d]' % (op, v(wt), v(nt), m, nt, r.randrange(lanes))]
    return ['%s %s, %s, %s' % (op, v(wt), v(nt), v(nt))]


SIMDX_GENS = [g_vx3, g_vxlong, g_vx2, g_vxelem, g_vxscalar]


# --------------------------------------------------------------------------
# vfp class: vector floating point (and the scalar estimate/step instructions)

def g_vf3(g):
    r = g.r
    arr = r.choice(['2s', '4s', '2d'])
    op = r.choice(['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fabd',
                   'faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp', 'fmla', 'fmls', 'fmulx',
                   'frecps', 'frsqrts', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt'])
    return ['%s %s, %s, %s' % (op, vr(g, arr), vr(g, arr), vr(g, arr))]


def g_vf2(g):
    r = g.r
    arr = r.choice(['2s', '4s', '2d'])
    k = r.randrange(5)
    if k == 0:
        op = r.choice(['fabs', 'fneg', 'fsqrt', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta',
                       'frintx', 'frinti', 'frecpe', 'frsqrte', 'fcvtzs', 'fcvtzu', 'fcvtns',
                       'fcvtnu', 'fcvtas', 'fcvtau', 'fcvtms', 'fcvtmu', 'fcvtps', 'fcvtpu',
                       'scvtf', 'ucvtf'])
        return ['%s %s, %s' % (op, vr(g, arr), vr(g, arr))]
    if k == 1:
        if r.randrange(2):
            op = r.choice(['fcvtzs', 'fcvtzu', 'scvtf', 'ucvtf'])
            return ['%s %s, %s, #%d' % (op, vr(g, arr), vr(g, arr), r.randrange(1, ESIZE[arr[-1]] + 1))]
        op = r.choice(['fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'])
        return ['%s %s, %s, #0.0' % (op, vr(g, arr), vr(g, arr))]
    if k == 2:
        two = r.randrange(2)
        if r.randrange(2):
            return ['fcvtl%s v%d.2d, v%d.%s' % ('2' if two else '', r.randrange(32), r.randrange(32),
                                                '4s' if two else '2s')]
        op = r.choice(['fcvtn', 'fcvtxn'])
        return ['%s%s v%d.%s, v%d.2d' % (op, '2' if two else '', r.randrange(32),
                                         '4s' if two else '2s', r.randrange(32))]
    if k == 3:
        op = r.choice(['fmaxv', 'fminv', 'fmaxnmv', 'fminnmv'])
        return ['%s s%d, v%d.4s' % (op, r.randrange(32), r.randrange(32))]
    t = r.choice('sd')
    k = r.randrange(3)
    if k == 0:
        op = r.choice(['frecpe', 'frsqrte', 'frecpx'])
        return ['%s %s, %s' % (op, fr(g, t), fr(g, t))]
    if k == 1:
        op = r.choice(['frecps', 'frsqrts', 'fmulx', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt'])
        return ['%s %s, %s, %s' % (op, fr(g, t), fr(g, t), fr(g, t))]
    arr, e, lanes = r.choice([('2s', 's', 4), ('4s', 's', 4), ('2d', 'd', 2)])
    op = r.choice(['fmul', 'fmla', 'fmls', 'fmulx'])
    return ['%s %s, %s, v%d.%s[%d]' % (op, vr(g, arr), vr(g, arr), r.randrange(32), e, r.randrange(lanes))]


def g_vfscalar(g):
    """Scalar forms of vector FP: pairwise, int<->fp on FP registers, by element."""
    r = g.r
    t = r.choice('sd')
    n = lambda tt: '%s%d' % (tt, r.randrange(32))  # noqa: E731
    k = r.randrange(4)
    if k == 0:
        op = r.choice(['faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp'])
        return ['%s %s, v%d.%s' % (op, n(t), r.randrange(32), '2s' if t == 's' else '2d')]
    if k == 1:
        op = r.choice(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu', 'fcvtns', 'fcvtnu', 'fcvtas', 'fcvtau',
                       'fcvtms', 'fcvtmu', 'fcvtps', 'fcvtpu'])
        if r.randrange(3) == 0 and op in ('scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'):
            return ['%s %s, %s, #%d' % (op, n(t), n(t), r.randrange(1, 33 if t == 's' else 65))]
        return ['%s %s, %s' % (op, n(t), n(t))]
    if k == 2:
        op = r.choice(['fmul', 'fmla', 'fmls', 'fmulx'])
        return ['%s %s, %s, v%d.%s[%d]' % (op, n(t), n(t), r.randrange(32), t, r.randrange(4 if t == 's' else 2))]
    op = r.choice(['fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'])
    if t == 'd' and r.randrange(2):
        return ['fcvtxn s%d, d%d' % (r.randrange(32), r.randrange(32))]
    return ['%s %s, %s, #0.0' % (op, n(t), n(t))]


VFP_GENS = [g_vf3, g_vf2, g_vfscalar]


# --------------------------------------------------------------------------
# ctrl class: control flow a block-based translator must get right

def ctrl_body(g, n_max=4):
    body = []
    for _ in range(g.r.randrange(1, n_max + 1)):
        body += g.r.choice(g.body_gens)(g)
    return body


def g_loop(g):
    """A backward loop run 1..5 times, counted in x30 (bodies never touch x30)."""
    return ['mov x30, #%d' % g.r.randrange(1, 6), '2:'] + ctrl_body(g) + \
        ['sub x30, x30, #1', 'cbnz x30, 2b']


def g_call(g):
    """BL to a subroutine of random instructions that returns with RET."""
    return ['bl 3f', 'b 4f', '3:'] + ctrl_body(g) + ['ret', '4:']


def g_indirect(g):
    """BR, BLR or RET through a register to the next unit."""
    op = g.r.choice(['br x30', 'blr x30', 'ret', 'ret x30'])
    return ['adr x30, 5f', op, '5:']


def g_svc(g):
    """A system call with a deterministic result: sched_yield returns 0 in x0."""
    return ['mov x8, #124', 'svc #0']


CTRL_GENS = [g_loop, g_call, g_indirect, g_svc]

# --------------------------------------------------------------------------
# Armv8.1-8.6 additions (one class per feature)

def g_dotprod(g):
    r = g.r
    op = r.choice(['sdot', 'udot'])
    q = r.randrange(2)
    d, b = ('4s', '16b') if q else ('2s', '8b')
    if r.randrange(2):
        return ['%s %s, %s, %s' % (op, vr(g, d), vr(g, b), vr(g, b))]
    return ['%s %s, %s, %s[%d]' % (op, vr(g, d), vr(g, b), vr(g, '4b'), r.randrange(4))]


def g_rdm(g):
    r = g.r
    op = r.choice(['sqrdmlah', 'sqrdmlsh'])
    arr, e, lanes = r.choice([('4h', 'h', 8), ('8h', 'h', 8), ('2s', 's', 4), ('4s', 's', 4)])
    m = r.randrange(16 if e == 'h' else 32)
    k = r.randrange(4)
    if k == 0:
        return ['%s %s, %s, %s' % (op, vr(g, arr), vr(g, arr), vr(g, arr))]
    if k == 1:
        return ['%s %s, %s, v%d.%s[%d]' % (op, vr(g, arr), vr(g, arr), m, e, r.randrange(lanes))]
    rd, rn, rm = (e + str(r.randrange(32)) for _ in range(3))
    if k == 2:
        return ['%s %s, %s, %s' % (op, rd, rn, rm)]
    return ['%s %s, %s, v%d.%s[%d]' % (op, rd, rn, m, e, r.randrange(lanes))]


def g_fcma(g):
    r = g.r
    arr = r.choice(['2s', '4s', '2d'])
    if r.randrange(2):
        return ['fcadd %s, %s, %s, #%d' % (vr(g, arr), vr(g, arr), vr(g, arr), r.choice([90, 270]))]
    rot = r.choice([0, 90, 180, 270])
    if r.randrange(3) == 0:
        return ['fcmla %s, %s, %s[%d], #%d' % (vr(g, '4s'), vr(g, '4s'), vr(g, 's'), r.randrange(2),
                                               rot)]
    return ['fcmla %s, %s, %s, #%d' % (vr(g, arr), vr(g, arr), vr(g, arr), rot)]


def g_frintts(g):
    r = g.r
    op = r.choice(['frint32z', 'frint32x', 'frint64z', 'frint64x'])
    if r.randrange(2):
        t = r.choice('sd')
        return ['%s %s%d, %s%d' % (op, t, r.randrange(32), t, r.randrange(32))]
    arr = r.choice(['2s', '4s', '2d'])
    return ['%s %s, %s' % (op, vr(g, arr), vr(g, arr))]


def g_jscvt(g):
    # With qemu 7.2 as the oracle the source goes through FADD with -0.0 first (x + -0 == x
    # for every x, a NaN is quietened): with FPCR.FZ set that flushes a denormal to zero,
    # which keeps FJCVTZS away from the one case where qemu 7.2 is wrong (a flushed denormal
    # must give Z = 0: FPToFixedJS tests op<51:0>; qemu 7.2 sets Z).  qemu 10 gets it right,
    # so with it the raw register goes in, denormals under FZ included.
    r = g.r
    if g.oracle >= 10:
        return ['fjcvtzs %s, d%d' % (g.reg(0), r.randrange(32))]
    t, y = r.randrange(32), r.randrange(32)
    return ['movi d%d, #0' % t, 'fneg d%d, d%d' % (t, t), 'fadd d%d, d%d, d%d' % (t, y, t),
            'fjcvtzs %s, d%d' % (g.reg(0), t)]


def g_i8mm(g):
    r = g.r
    k = r.randrange(3)
    if k == 0:
        op = r.choice(['smmla', 'ummla', 'usmmla'])
        return ['%s %s, %s, %s' % (op, vr(g, '4s'), vr(g, '16b'), vr(g, '16b'))]
    d, b = r.choice([('4s', '16b'), ('2s', '8b')])
    if k == 1:
        return ['usdot %s, %s, %s' % (vr(g, d), vr(g, b), vr(g, b))]
    op = r.choice(['usdot', 'sudot'])
    return ['%s %s, %s, %s[%d]' % (op, vr(g, d), vr(g, b), vr(g, '4b'), r.randrange(4))]


def g_bf16(g):
    r = g.r
    k = r.randrange(7)
    if k == 0:
        return ['bfcvt h%d, s%d' % (r.randrange(32), r.randrange(32))]
    if k == 1:
        return [r.choice(['bfcvtn %s, %s' % (vr(g, '4h'), vr(g, '4s')),
                          'bfcvtn2 %s, %s' % (vr(g, '8h'), vr(g, '4s'))])]
    d, h = r.choice([('4s', '8h'), ('2s', '4h')])
    if k == 2:
        return ['bfdot %s, %s, %s' % (vr(g, d), vr(g, h), vr(g, h))]
    if k == 3:
        return ['bfdot %s, %s, %s[%d]' % (vr(g, d), vr(g, h), vr(g, '2h'), r.randrange(4))]
    if k == 4:
        return ['bfmmla %s, %s, %s' % (vr(g, '4s'), vr(g, '8h'), vr(g, '8h'))]
    op = r.choice(['bfmlalb', 'bfmlalt'])
    if k == 5:
        return ['%s %s, %s, %s' % (op, vr(g, '4s'), vr(g, '8h'), vr(g, '8h'))]
    return ['%s %s, %s, v%d.h[%d]' % (op, vr(g, '4s'), vr(g, '8h'), r.randrange(16), r.randrange(8))]


def g_rng(g):
    # the random value itself is cleared; NZCV (0000 on success) is compared
    x = g.n()
    return ['mrs x%d, %s' % (x, g.r.choice(['rndr', 'rndrrs'])), 'mov x%d, xzr' % x]


# --------------------------------------------------------------------------
# fp16 class: FEAT_FP16 half precision, scalar and vector; fhm class: FEAT_FHM

def hr(g):
    return 'h%d' % g.r.randrange(32)


def g_h_scalar(g):
    r = g.r
    k = r.randrange(9)
    if k == 0:
        op = r.choice(['fadd', 'fsub', 'fmul', 'fdiv', 'fnmul', 'fmax', 'fmin', 'fmaxnm', 'fminnm',
                       'fabd', 'fmulx', 'frecps', 'frsqrts', 'fcmeq', 'fcmge', 'fcmgt', 'facge',
                       'facgt'])
        return ['%s %s, %s, %s' % (op, hr(g), hr(g), hr(g))]
    if k == 1:
        op = r.choice(['fsqrt', 'fabs', 'fneg', 'fmov', 'frintn', 'frintp', 'frintm', 'frintz',
                       'frinta', 'frintx', 'frinti', 'frecpe', 'frsqrte', 'frecpx', 'scvtf',
                       'ucvtf'] + ['fcvt%s%s' % (m, u) for m in 'npmza' for u in 'su'])
        return ['%s %s, %s' % (op, hr(g), hr(g))]
    if k == 2:
        op = r.choice(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])
        return ['%s %s, %s, %s, %s' % (op, hr(g), hr(g), hr(g), hr(g))]
    if k == 3:
        op = r.choice(['fcmp', 'fcmpe'])
        j = r.randrange(4)
        if j == 0:
            return ['%s %s, #0.0' % (op, hr(g))]
        if j == 1:
            return ['%s %s, %s, #%d, %s' % (r.choice(['fccmp', 'fccmpe']), hr(g), hr(g),
                                            r.randrange(16), g.cond())]
        if j == 2:
            return ['fcsel %s, %s, %s, %s' % (hr(g), hr(g), hr(g), g.cond())]
        return ['%s %s, %s' % (op, hr(g), hr(g))]
    if k == 4:
        sf = g.sf()
        j = r.randrange(3)
        if j == 0:
            op = 'fcvt%s%s' % (r.choice('npmza'), r.choice('su'))
            return ['%s %s, %s' % (op, g.reg(sf), hr(g))]
        if j == 1:
            return ['%s %s, %s, #%d' % (r.choice(['fcvtzs', 'fcvtzu']), g.reg(sf), hr(g),
                                        r.randrange(1, bits(sf) + 1))]
        fb = ', #%d' % r.randrange(1, bits(sf) + 1) if r.randrange(3) == 0 else ''
        return ['%s %s, %s%s' % (r.choice(['scvtf', 'ucvtf']), hr(g), g.reg(sf), fb)]
    if k == 5:
        j = r.randrange(3)
        if j == 0:
            val = r.choice([1, -1]) * (r.randrange(16, 32) / 16.0) * (2.0 ** r.randrange(-3, 5))
            return ['fmov %s, #%r' % (hr(g), val)]
        sf = g.sf()
        if j == 1:
            return ['fmov %s, %s' % (hr(g), g.reg(sf))]
        return ['fmov %s, %s' % (g.reg(sf, zr=False), hr(g))]
    if k == 6:
        op = r.choice(['fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'])
        return ['%s %s, %s, #0.0' % (op, hr(g), hr(g))]
    if k == 7:
        op = r.choice(['faddp', 'fmaxnmp', 'fminnmp', 'fmaxp', 'fminp'])
        return ['%s %s, %s' % (op, hr(g), vr(g, '2h'))]
    j = r.randrange(3)
    if j == 0:
        op = r.choice(['fmla', 'fmls', 'fmul', 'fmulx'])
        return ['%s %s, %s, v%d.h[%d]' % (op, hr(g), hr(g), r.randrange(16), r.randrange(8))]
    op = r.choice(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'])
    d = r.randrange(32)
    unit = ['%s h%d, %s, #%d' % (op, d, hr(g), r.randrange(1, 17))]
    if op.startswith('fcvtz'):
        # qemu 7.2 writes the 16-bit result sign-extended to 32 bits (the Arm ARM writes
        # V[d] = result: zero-extended); the DUP keeps only the architectural 16 bits
        unit.append('dup h%d, v%d.h[0]' % (d, d))
    return unit


def g_h_vector(g):
    r = g.r
    arr = r.choice(['4h', '8h'])
    k = r.randrange(7)
    if k == 0:
        op = r.choice(['fmaxnm', 'fmla', 'fadd', 'fmulx', 'fcmeq', 'fmax', 'frecps', 'fminnm',
                       'fmls', 'fsub', 'fmin', 'frsqrts', 'fmaxnmp', 'faddp', 'fmul', 'fcmge',
                       'facge', 'fmaxp', 'fdiv', 'fminnmp', 'fabd', 'fcmgt', 'facgt', 'fminp'])
        return ['%s %s, %s, %s' % (op, vr(g, arr), vr(g, arr), vr(g, arr))]
    if k == 1:
        op = r.choice(['frintn', 'frintm', 'frintp', 'frintz', 'frinta', 'frintx', 'frinti',
                       'scvtf', 'ucvtf', 'frecpe', 'frsqrte', 'fsqrt', 'fabs', 'fneg'] +
                      ['fcvt%s%s' % (m, u) for m in 'npmza' for u in 'su'])
        return ['%s %s, %s' % (op, vr(g, arr), vr(g, arr))]
    if k == 2:
        op = r.choice(['fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'])
        return ['%s %s, %s, #0.0' % (op, vr(g, arr), vr(g, arr))]
    if k == 3:
        op = r.choice(['fmaxnmv', 'fminnmv', 'fmaxv', 'fminv'])
        return ['%s %s, %s' % (op, hr(g), vr(g, arr))]
    if k == 4:
        op = r.choice(['fmla', 'fmls', 'fmul', 'fmulx'])
        return ['%s %s, %s, v%d.h[%d]' % (op, vr(g, arr), vr(g, arr), r.randrange(16),
                                          r.randrange(8))]
    if k == 5:
        op = r.choice(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'])
        return ['%s %s, %s, #%d' % (op, vr(g, arr), vr(g, arr), r.randrange(1, 17))]
    # FCMA with half precision (needs FEAT_FCMA too)
    rot = r.choice([0, 90, 180, 270])
    j = r.randrange(3)
    if j == 0:
        return ['fcadd %s, %s, %s, #%d' % (vr(g, arr), vr(g, arr), vr(g, arr), r.choice([90, 270]))]
    if j == 1:
        return ['fcmla %s, %s, %s, #%d' % (vr(g, arr), vr(g, arr), vr(g, arr), rot)]
    return ['fcmla %s, %s, %s[%d], #%d' % (vr(g, arr), vr(g, arr), vr(g, 'h'),
                                           r.randrange(4 if arr == '8h' else 2), rot)]


def g_fhm(g):
    r = g.r
    op = r.choice(['fmlal', 'fmlsl', 'fmlal2', 'fmlsl2'])
    d, h = r.choice([('2s', '2h'), ('4s', '4h')])
    if r.randrange(2):
        return ['%s %s, %s, %s' % (op, vr(g, d), vr(g, h), vr(g, h))]
    return ['%s %s, %s, v%d.h[%d]' % (op, vr(g, d), vr(g, h), r.randrange(16), r.randrange(8))]


def g_pauth(g):
    """FEAT_PAuth: only what does not depend on the (random, per-emulator) keys: XPACI,
    XPACD and XPACLRI strip a PAC field from random values (bits 54:48 become copies of
    bit 55, and so do bits 63:56 when bit 55 is set: Linux's TBI0 = 1, TBI1 = 0)."""
    r = g.r
    if r.randrange(3) == 0:
        # x30 may hold a ctrl loop counter or return address: keep it in xT meanwhile
        t = g.n()
        m = r.choice([i for i in range(29) if i != t])
        return ['mov x%d, x30' % t, 'mov x30, %s' % g.reg(1), 'xpaclri', 'mov x%d, x30' % m,
                'mov x30, x%d' % t]
    return ['%s x%d' % (r.choice(['xpaci', 'xpacd']), g.n())]


def g_mte(g):
    """FEAT_MTE's register-only instructions: ADDG/SUBG (the tag choice follows GCR_EL1.Exclude:
    both emulators start a process with every tag excluded, as Linux does, so the new tag is 0),
    SUBP/SUBPS/CMPP (56-bit address differences; SUBPS/CMPP set NZCV) and GMI.  IRG (random)
    and the tag memory instructions are checked by tests/guest/mte.c instead."""
    r = g.r
    k = r.randrange(4)
    if k == 0:
        return ['%s x%d, x%d, #%d, #%d' % (r.choice(['addg', 'subg']), g.n(), g.n(),
                                           16 * r.randrange(64), r.randrange(16))]
    if k == 1:
        return ['%s x%d, %s, %s' % (r.choice(['subp', 'subps']), g.n(), g.reg(1, zr=False),
                                    g.reg(1, zr=False))]
    if k == 2:
        return ['cmpp %s, %s' % (g.reg(1, zr=False), g.reg(1, zr=False))]
    return ['gmi %s, %s, %s' % (g.reg(1), g.reg(1, zr=False), g.reg(1))]


# classes that need a newer oracle (ORACLE_MIN): cssc, sysx

def g_cssc(g):
    """FEAT_CSSC: ABS/CNT/CTZ, SMAX/SMIN/UMAX/UMIN register and immediate, 32 and 64 bit."""
    r, sf = g.r, g.sf()
    k = r.randrange(3)
    if k == 0:
        return ['%s %s, %s' % (r.choice(['abs', 'cnt', 'ctz']), g.reg(sf), g.reg(sf))]
    op = r.choice(['smax', 'smin', 'umax', 'umin'])
    if k == 1:
        return ['%s %s, %s, %s' % (op, g.reg(sf), g.reg(sf), g.reg(sf))]
    imm = r.randrange(-128, 128) if op[0] == 's' else r.randrange(256)
    return ['%s %s, %s, #%d' % (op, g.reg(sf), g.reg(sf), imm)]


# Hint numbers that are NOPs in user mode on both emulators: NOP, YIELD, SEV, SEVL, DGH, ESB,
# PSB/TSB CSYNC, GCSB DSYNC (no GCS), CSDB, CLRBHB, BTI (pages are not guarded), unallocated
# ones.  Left out: WFE/WFI (2, 3: they may sleep), the PAuth hints (7-15, 24-31: qemu 10
# implements FEAT_PAuth, vemu does not advertise it, so there they are NOPs), CHKFEAT (40).
NOP_HINTS = [0, 1, 4, 5, 6, 16, 17, 18, 19, 20, 21, 22, 23, 32, 33, 34, 35, 36, 37, 38, 39]


def g_sysx(g):
    """PSTATE.SSBS/DIT (FEAT_SSBS, FEAT_DIT), SB, SSBB/PSSBB, hints, DC CVAP/CVADP (FEAT_DPB,
    FEAT_DPB2) and the other EL0 cache maintenance by address, BC.cond (FEAT_HBC) skips."""
    r = g.r
    k = r.randrange(5)
    if k == 0:
        # a write before every read: the initial SSBS is the kernel's choice (mitigations)
        field, bit = r.choice([('ssbs', 12), ('dit', 24)])
        t = g.n()
        if r.randrange(2):
            unit = ['msr %s, #%d' % (field, r.randrange(2))]
        else:
            unit = ['mov x%d, #0x%x' % (t, r.randrange(2) << bit), 'msr %s, x%d' % (field, t)]
        if r.randrange(3):
            unit.append('mrs %s, %s' % (g.reg(1, zr=False), field))
        return unit
    if k == 1:
        return [r.choice(['sb', 'ssbb', 'pssbb', 'dmb oshld', 'dsb nsh', 'isb',
                          'hint #%d' % r.choice(NOP_HINTS), 'hint #%d' % r.randrange(64, 128)])]
    if k == 2:
        b = g.n()
        op = r.choice(['dc cvap', 'dc cvadp', 'dc cvau', 'dc cvac', 'dc civac', 'ic ivau'])
        return [set_base(g, b, -SCRATCH_HALF, SCRATCH_HALF - 1), '%s, x%d' % (op, b)]
    if k == 3:
        body = []
        for _ in range(r.randrange(1, 4)):
            body += r.choice(g.skip_gens)(g)
        return ['bc.%s 1f' % r.choice(CONDS)] + body + ['1:']
    return [r.choice(INT_GENS)(g)[0]]


MOPS_CPY_OPTS = ['', 'wt', 'rt', 't']
MOPS_CPY_NT = ['', 'wn', 'rn', 'n']


def g_mops(g):
    """FEAT_MOPS: a whole CPYF*/CPY*/SET* prologue-main-epilogue sequence on the scratch
    buffer (the registers after the epilogue and NZCV are the same for every implementation of
    the same option; vemu and qemu 10 both implement option A).  CPYF* never has the
    destination above an overlapping source (the forward-only copy's result is then
    IMPLEMENTATION DEFINED); CPY* overlaps either way."""
    r = g.r
    kind = r.choice(['cpyf', 'cpy', 'set'])
    d, s, n = g.distinct(3)
    size = r.choice([0, 1, r.randrange(2, 17), r.randrange(17, 129)])
    lo, hi = -SCRATCH_HALF, SCRATCH_HALF - size
    kd = r.randrange(lo, hi + 1)
    unit = ['%s x%d, x29, #%d' % (('add', d, kd) if kd >= 0 else ('sub', d, -kd))]
    if kind == 'set':
        data = 'xzr' if r.randrange(8) == 0 else 'x%d' % s
        sfx = r.choice(['', 't', 'n', 'tn'])
        unit.append('mov x%d, #%d' % (n, size))
        for st in 'pme':
            unit.append('set%s%s [x%d]!, x%d!, %s' % (st, sfx, d, n, data))
        return unit
    if kind == 'cpy' and r.randrange(2):
        ks = kd + r.randrange(-size - 1, size + 2)     # overlapping (or touching) regions
        ks = max(lo, min(hi, ks))
    else:
        ks = r.randrange(lo, hi + 1)
    if kind == 'cpyf' and kd > ks and kd < ks + size:
        kd, ks = ks, kd
    unit[0] = '%s x%d, x29, #%d' % (('add', d, kd) if kd >= 0 else ('sub', d, -kd))
    unit.append('%s x%d, x29, #%d' % (('add', s, ks) if ks >= 0 else ('sub', s, -ks)))
    unit.append('mov x%d, #%d' % (n, size))
    sfx = r.choice(MOPS_CPY_OPTS) + r.choice(MOPS_CPY_NT)
    for st in 'pme':
        unit.append('%s%s%s [x%d]!, [x%d]!, x%d!' % (kind, st, sfx, d, s, n))
    return unit


EXT_GENS = {'dotprod': [g_dotprod], 'rdm': [g_rdm], 'fcma': [g_fcma], 'frintts': [g_frintts],
            'jscvt': [g_jscvt], 'i8mm': [g_i8mm], 'bf16': [g_bf16], 'rng': [g_rng],
            'fp16': [g_h_scalar, g_h_vector, g_fpcr], 'fhm': [g_fhm], 'pauth': [g_pauth],
            'cssc': [g_cssc], 'sysx': [g_sysx], 'mte': [g_mte], 'mops': [g_mops]}


# --------------------------------------------------------------------------
# crypto class: FEAT_AES, FEAT_SHA1, FEAT_SHA256, FEAT_SHA512, FEAT_SHA3, FEAT_PMULL

def g_crypto(g):
    r = g.r

    def v(arr):
        return vr(g, arr)

    def n():
        return r.randrange(32)

    k = r.randrange(12)
    if k == 11:
        if r.randrange(2):
            return ['sm4e %s, %s' % (v('4s'), v('4s'))]
        return ['sm4ekey %s, %s, %s' % (v('4s'), v('4s'), v('4s'))]
    if k == 9:
        if r.randrange(2):
            return ['sm3ss1 %s, %s, %s, %s' % (v('4s'), v('4s'), v('4s'), v('4s'))]
        return ['%s %s, %s, %s' % (r.choice(['sm3partw1', 'sm3partw2']), v('4s'), v('4s'),
                                   v('4s'))]
    if k == 10:
        return ['%s %s, %s, v%d.s[%d]' % (r.choice(['sm3tt1a', 'sm3tt1b', 'sm3tt2a', 'sm3tt2b']),
                                          v('4s'), v('4s'), n(), r.randrange(4))]
    if k == 0:
        return ['%s %s, %s' % (r.choice(['aese', 'aesd', 'aesmc', 'aesimc']), v('16b'), v('16b'))]
    if k == 1:
        return ['%s q%d, s%d, %s' % (r.choice(['sha1c', 'sha1p', 'sha1m']), n(), n(), v('4s'))]
    if k == 2:
        op = r.choice(['sha1su0', 'sha256su1', 'sha256h', 'sha256h2'])
        if op in ('sha256h', 'sha256h2'):
            return ['%s q%d, q%d, %s' % (op, n(), n(), v('4s'))]
        return ['%s %s, %s, %s' % (op, v('4s'), v('4s'), v('4s'))]
    if k == 3:
        op = r.choice(['sha1h', 'sha1su1', 'sha256su0'])
        if op == 'sha1h':
            return ['sha1h s%d, s%d' % (n(), n())]
        return ['%s %s, %s' % (op, v('4s'), v('4s'))]
    if k == 4:
        op = r.choice(['sha512h', 'sha512h2', 'sha512su1', 'rax1'])
        if op in ('sha512h', 'sha512h2'):
            return ['%s q%d, q%d, %s' % (op, n(), n(), v('2d'))]
        return ['%s %s, %s, %s' % (op, v('2d'), v('2d'), v('2d'))]
    if k == 5:
        return ['sha512su0 %s, %s' % (v('2d'), v('2d'))]
    if k == 6:
        return ['%s %s, %s, %s, %s' % (r.choice(['eor3', 'bcax']), v('16b'), v('16b'), v('16b'),
                                       v('16b'))]
    if k == 7:
        return ['xar %s, %s, %s, #%d' % (v('2d'), v('2d'), v('2d'), r.randrange(64))]
    if r.randrange(2):
        return ['pmull %s, %s, %s' % (v('1q'), v('1d'), v('1d')) if r.randrange(2) else
                'pmull2 %s, %s, %s' % (v('1q'), v('2d'), v('2d'))]
    return ['pmull %s, %s, %s' % (v('8h'), v('8b'), v('8b')) if r.randrange(2) else
            'pmull2 %s, %s, %s' % (v('8h'), v('16b'), v('16b'))]

CLASS_GENS = {'int': INT_GENS + [g_skip], 'mem': MEM_GENS, 'lse': LSE_GENS,
              'fp': FP_GENS, 'simd': SIMD_GENS, 'ahp': [g_fcvt_h],
              'simdx': SIMDX_GENS, 'vfp': VFP_GENS, 'intx': [g_intx], 'flagm2': [g_flagm2] + INT_GENS[:6], 'ctrl': CTRL_GENS,
              'crypto': [g_crypto]}
CLASS_GENS.update(EXT_GENS)
CLASS_WEIGHT = {'int': 3, 'mem': 2, 'lse': 1, 'fp': 2, 'simd': 2, 'ahp': 1, 'simdx': 3, 'vfp': 4, 'intx': 2, 'flagm2': 1, 'ctrl': 2,
                'crypto': 3}
CLASS_WEIGHT.update({c: 1 for c in EXT_GENS})


# --------------------------------------------------------------------------
# program

class Program:
    """A generated test: seeded initial state plus a list of units."""

    def __init__(self, seed, insns, classes, oracle=10):
        g = G(seed, classes, oracle)
        r = g.r
        fp = bool(set(classes) - {'int', 'mem', 'lse', 'intx', 'flagm2'})
        self.xregs = [rand_int64(r) for _ in range(29)]
        f16 = 'fp16' in classes or 'fhm' in classes
        self.vregs = [(rand_vec_half(r, fp, f16), rand_vec_half(r, fp, f16)) for _ in range(32)]
        self.nzcv = r.getrandbits(4) << 28
        if fp:
            # DN(25) FZ(24) RMode(23:22), AHP(26) only with class ahp; no trap
            # enables, no FZ16/Len/Stride
            self.fpcr = r.getrandbits(4) << 22
            if 'ahp' in classes:
                self.fpcr |= r.getrandbits(1) << 26
            if f16:
                self.fpcr |= r.getrandbits(1) << 19  # FZ16
            self.fpsr = r.choice([0, 0, r.getrandbits(5) | (r.getrandbits(1) << 7) | (r.getrandbits(1) << 27)])
        else:
            self.fpcr = 0
            self.fpsr = 0
        self.scratch = bytes(r.getrandbits(8) for _ in range(SCRATCH_SIZE))
        self.lits = [rand_int64(r) for _ in range(8)]
        gens = []
        for c in classes:
            gens += [(c, gen) for gen in CLASS_GENS[c]] * CLASS_WEIGHT[c]
        g.skip_gens = [gen for _, gen in gens if gen is not g_skip and gen not in CTRL_GENS]
        g.body_gens = g.skip_gens or INT_GENS
        self.units = []
        self.unit_class = {}    # id(unit) -> the class that generated it
        while len(self.units) < insns:
            c, gen = r.choice(gens)
            self.units.append(gen(g))
            self.unit_class[id(self.units[-1])] = c

    def class_counts(self, units=None):
        """Instructions per generator class in the given units (labels are not counted)."""
        counts = {}
        for u in self.units if units is None else units:
            c = self.unit_class.get(id(u), '?')
            counts[c] = counts.get(c, 0) + sum(1 for line in u if not line.endswith(':'))
        return counts

    def render(self, units=None):
        if units is None:
            units = self.units
        out = []
        w = out.append
        w('// generated by tests/difftest/gen.py')
        w('\t.arch armv8.8-a+flagm+rcpc+rng+crypto+sha3+sm4+fp16+fp16fml+cssc+ssbs+memtag+mops')
        w('\t.text')
        w('\t.global _start')
        w('_start:')
        w('\tadrp x30, init')
        w('\tadd x30, x30, :lo12:init')
        for i in range(0, 32, 2):
            w('\tldp q%d, q%d, [x30], #32' % (i, i + 1))
        w('\tldp x0, x1, [x30], #16')
        w('\tmsr nzcv, x0')
        w('\tmsr fpcr, x1')
        w('\tldr x0, [x30], #8')
        w('\tmsr fpsr, x0')
        for i in range(0, 28, 2):
            w('\tldp x%d, x%d, [x30], #16' % (i, i + 1))
        w('\tldr x28, [x30]')
        w('\tadrp x29, scratch')
        w('\tadd x29, x29, :lo12:scratch')
        w('\tadd x29, x29, #%d' % SCRATCH_HALF)
        w('\t.global body_start')
        w('body_start:')
        for u in units:
            for line in u:
                w(line if line.endswith(':') else '\t' + line)
        w('\t.global body_end')
        w('body_end:')
        w('\tadrp x30, dump')
        w('\tadd x30, x30, :lo12:dump')
        for i in range(0, 28, 2):
            w('\tstp x%d, x%d, [x30], #16' % (i, i + 1))
        w('\tstr x28, [x30], #8')
        w('\tmrs x0, nzcv')
        w('\tmrs x1, fpsr')
        w('\tmrs x2, fpcr')
        w('\tstp x0, x1, [x30], #16')
        w('\tstr x2, [x30], #8')
        for i in range(0, 32, 2):
            w('\tstp q%d, q%d, [x30], #32' % (i, i + 1))
        # hex-dump dump[] and scratch[] (contiguous), one word per line
        w('\tadrp x1, dump')
        w('\tadd x1, x1, :lo12:dump')
        w('\tadrp x2, hexbuf')
        w('\tadd x2, x2, :lo12:hexbuf')
        w('\tmov x3, #%d' % DUMP_WORDS)
        w('8:\tldr x4, [x1], #8')
        w('\tmov x5, #60')
        w('9:\tlsr x6, x4, x5')
        w('\tand x6, x6, #15')
        w('\tcmp x6, #10')
        w('\tadd x7, x6, #48')
        w('\tadd x8, x6, #87')
        w('\tcsel x7, x7, x8, lo')
        w('\tstrb w7, [x2], #1')
        w('\tsubs x5, x5, #4')
        w('\tb.ge 9b')
        w('\tmov w7, #10')
        w('\tstrb w7, [x2], #1')
        w('\tsubs x3, x3, #1')
        w('\tb.ne 8b')
        w('\tmov x0, #1')
        w('\tadrp x1, hexbuf')
        w('\tadd x1, x1, :lo12:hexbuf')
        w('\tmov x2, #%d' % (DUMP_WORDS * 17))
        w('\tmov x8, #64')
        w('\tsvc #0')
        w('\tmov x0, #0')
        w('\tmov x8, #93')
        w('\tsvc #0')
        w('\t.balign 16')
        w('lits:')
        for i in range(0, 64, 8):
            w('\t.quad 0x%x' % self.lits[i // 8])
        w('\t.data')
        w('\t.balign 16')
        w('init:')
        for lo, hi in self.vregs:
            w('\t.quad 0x%x, 0x%x' % (lo, hi))
        w('\t.quad 0x%x, 0x%x, 0x%x' % (self.nzcv, self.fpcr, self.fpsr))
        for v in self.xregs:
            w('\t.quad 0x%x' % v)
        # dump + scratch are contiguous; scratch's middle (x29) falls on a page boundary
        w('\t.balign 4096')
        w('\t.space %d' % (4096 - SCRATCH_HALF - (DUMP_WORDS - SCRATCH_SIZE // 8) * 8))
        w('dump:')
        w('\t.space %d' % ((DUMP_WORDS - SCRATCH_SIZE // 8) * 8))
        w('scratch:')
        for i in range(0, SCRATCH_SIZE, 16):
            w('\t.byte ' + ', '.join('0x%02x' % b for b in self.scratch[i:i + 16]))
        w('\t.bss')
        w('hexbuf:')
        w('\t.space %d' % (DUMP_WORDS * 17))
        return '\n'.join(out) + '\n'


def parse_classes(s):
    cl = [c.strip() for c in s.split(',') if c.strip()]
    for c in cl:
        if c not in ALL_CLASSES:
            raise ValueError('unknown class %r (known: %s)' % (c, ','.join(ALL_CLASSES)))
    return cl


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--insns', type=int, default=200)
    ap.add_argument('--classes', default='int,mem')
    ap.add_argument('--oracle', type=int, default=10,
                    help="the oracle's qemu major version: 7 avoids its known bugs (default 10)")
    a = ap.parse_args()
    print(Program(a.seed, a.insns, parse_classes(a.classes), a.oracle).render(), end='')


if __name__ == '__main__':
    main()
