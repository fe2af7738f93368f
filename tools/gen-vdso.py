#!/usr/bin/env python3
"""gen-vdso.py - write the guest vDSO: a small arm64 ELF shared object, hand-assembled here
from the encodings in the Arm ARM (so building vemu needs no arm64 toolchain), that vemu
maps into every guest process and announces with AT_SYSINFO_EHDR (linux-user/vdso.c).

Like the arm64 kernel's vDSO it is linked at address 0, is named linux-vdso.so.1, and exports
with version LINUX_2.6.39:
  __kernel_clock_gettime, __kernel_gettimeofday, __kernel_clock_getres  (read CNTVCT_EL0 and
      the [vvar] data page vemu keeps one page below the image; fall back on the syscall)
  __kernel_rt_sigreturn   (nop; mov x8, #139; svc #0, as the kernel's)
It has .hash, .dynsym, .dynstr, .gnu.version, .gnu.version_d, .text, .dynamic and section
headers, all in one PT_LOAD.  Like the kernel's (arch/arm64/kernel/vdso/vdso.lds.S discards
.eh_frame and .eh_frame_hdr) it has no unwind tables: libgcc, libunwind and gdb recognise
the signal trampoline by its instructions and read the whole register file from the
signal frame.  (The kernel source's CFI for it, CFA = x29, would give the interrupted
frame a wrong sp: libgcc's _Unwind_Backtrace follows it into garbage.)

Outputs: a C file with the image bytes, a header with the [vvar] layout and the symbol
offsets (the one place both sides take them from), and the raw image (for readelf/objdump
in tests).
Example: python3 gen-vdso.py vdso-image.c vdso-image.h vdso.so
         aarch64-linux-gnu-objdump -d vdso.so     # the disassembly of the functions
"""
import struct
import sys

PAGE = 4096
VVAR_SIZE = PAGE  # the [vvar] page sits right below the image

# [vvar] layout (bytes from its start).  Per clock id 0..15: flags, offset, res, trunc.
VV = {
    "SEQ": 0x00,  # u32 sequence count: odd while vemu rewrites the page
    "EXPIRY": 0x08,  # u64 CNTVCT value from which the VV_F_FRESH clocks must take the syscall
    "MULT": 0x10,  # u64 ns = (CNTVCT * MULT) >> SHIFT
    "SHIFT": 0x18,  # u32
    "TZ": 0x20,  # struct timezone (two s32) for gettimeofday
    "FLAGS": 0x40,  # u32[16]: 0 = syscall, VV_F_COUNTER | VV_F_FRESH
    "OFFSET": 0x80,  # s64[16]: ns added to the counter's ns (CLOCK_MONOTONIC)
    "RES": 0x100,  # u64[16]: clock_getres in ns
    "TRUNC": 0x180,  # u64[16]: round down to a multiple of this (coarse clocks), 0 = no
}
VV_NCLOCKS = 16
VV_F_COUNTER = 1  # served from CNTVCT_EL0 + OFFSET
VV_F_FRESH = 2  # OFFSET is only good until EXPIRY

NR_CLOCK_GETTIME = 113
NR_CLOCK_GETRES = 114
NR_GETTIMEOFDAY = 169
NR_RT_SIGRETURN = 139


# ---- a tiny A64 assembler (encodings from the Arm ARM, section C6) ----------------------

class Asm:
    def __init__(self):
        self.words = []  # ints, or (kind, label, base_word) to patch
        self.labels = {}

    def here(self):
        return 4 * len(self.words)

    def label(self, name):
        assert name not in self.labels, name
        self.labels[name] = self.here()

    def emit(self, w):
        self.words.append(w)

    def ref(self, kind, label, base):
        self.words.append((kind, label, base))

    def resolve(self, text_off, extern):
        out = []
        for i, w in enumerate(self.words):
            if isinstance(w, tuple):
                kind, label, base = w
                target = self.labels[label] if label in self.labels else extern[label] - text_off
                delta = target - 4 * i
                if kind == "imm19":  # B.cond, CBZ/CBNZ
                    assert delta % 4 == 0 and -(1 << 20) <= delta < (1 << 20)
                    w = base | (((delta >> 2) & 0x7FFFF) << 5)
                elif kind == "imm14":  # TBZ/TBNZ
                    assert delta % 4 == 0 and -(1 << 15) <= delta < (1 << 15)
                    w = base | (((delta >> 2) & 0x3FFF) << 5)
                elif kind == "adr":
                    assert -(1 << 20) <= delta < (1 << 20)
                    w = base | ((delta & 3) << 29) | (((delta >> 2) & 0x7FFFF) << 5)
                else:
                    raise ValueError(kind)
            out.append(w)
        return b"".join(struct.pack("<I", w) for w in out)

    # instructions used by the vDSO
    def nop(self):
        self.emit(0xD503201F)

    def bti_c(self):
        self.emit(0xD503245F)  # HINT #34: a NOP where BTI is not in force

    def ret(self):
        self.emit(0xD65F03C0)

    def svc0(self):
        self.emit(0xD4000001)

    def movz_x(self, rd, imm16, hw=0):
        self.emit(0xD2800000 | (hw << 21) | (imm16 << 5) | rd)

    def movk_x(self, rd, imm16, hw):
        self.emit(0xF2800000 | (hw << 21) | (imm16 << 5) | rd)

    def movz_w(self, rd, imm16):
        self.emit(0x52800000 | (imm16 << 5) | rd)

    def cmp_w_imm(self, rn, imm12):  # SUBS WZR, Wn, #imm
        self.emit(0x7100001F | (imm12 << 10) | (rn << 5))

    def subs_x_imm(self, rd, rn, imm12):
        self.emit(0xF1000000 | (imm12 << 10) | (rn << 5) | rd)

    def cmp_x(self, rn, rm):  # SUBS XZR, Xn, Xm
        self.emit(0xEB00001F | (rm << 16) | (rn << 5))

    def cmp_w(self, rn, rm):  # SUBS WZR, Wn, Wm
        self.emit(0x6B00001F | (rm << 16) | (rn << 5))

    def b_cond(self, cond, label):
        self.ref("imm19", label, 0x54000000 | cond)

    def cbz_w(self, rt, label):
        self.ref("imm19", label, 0x34000000 | rt)

    def cbz_x(self, rt, label):
        self.ref("imm19", label, 0xB4000000 | rt)

    def tbz(self, rt, bit, label, nonzero=False):
        base = (0x37000000 if nonzero else 0x36000000) | ((bit >> 5) << 31)
        self.ref("imm14", label, base | ((bit & 31) << 19) | rt)

    def adr(self, rd, label):
        self.ref("adr", label, 0x10000000 | rd)

    def add_x_imm(self, rd, rn, imm12):
        self.emit(0x91000000 | (imm12 << 10) | (rn << 5) | rd)

    def add_x(self, rd, rn, rm):
        self.emit(0x8B000000 | (rm << 16) | (rn << 5) | rd)

    def ldar_w(self, rt, rn):
        self.emit(0x88DFFC00 | (rn << 5) | rt)

    def ldr_w_imm(self, rt, rn, off):
        assert off % 4 == 0
        self.emit(0xB9400000 | ((off // 4) << 10) | (rn << 5) | rt)

    def ldr_x_imm(self, rt, rn, off):
        assert off % 8 == 0
        self.emit(0xF9400000 | ((off // 8) << 10) | (rn << 5) | rt)

    def str_x_imm(self, rt, rn, off):
        assert off % 8 == 0
        self.emit(0xF9000000 | ((off // 8) << 10) | (rn << 5) | rt)

    def ldr_w_uxtw2(self, rt, rn, wm):  # LDR Wt, [Xn, Wm, UXTW #2]
        self.emit(0xB8605800 | (wm << 16) | (rn << 5) | rt)

    def ldr_x_uxtw3(self, rt, rn, wm):  # LDR Xt, [Xn, Wm, UXTW #3]
        self.emit(0xF8605800 | (wm << 16) | (rn << 5) | rt)

    def stp_x(self, rt, rt2, rn):  # STP Xt, Xt2, [Xn]
        self.emit(0xA9000000 | (rt2 << 10) | (rn << 5) | rt)

    def mul_x(self, rd, rn, rm):  # MADD Xd, Xn, Xm, XZR
        self.emit(0x9B007C00 | (rm << 16) | (rn << 5) | rd)

    def msub_x(self, rd, rn, rm, ra):  # Xd = Xa - Xn * Xm
        self.emit(0x9B008000 | (rm << 16) | (ra << 10) | (rn << 5) | rd)

    def udiv_x(self, rd, rn, rm):
        self.emit(0x9AC00800 | (rm << 16) | (rn << 5) | rd)

    def lsr_x(self, rd, rn, rm):  # LSRV
        self.emit(0x9AC02400 | (rm << 16) | (rn << 5) | rd)

    def mrs_cntvct(self, rt):
        self.emit(0xD53BE040 | rt)

    def dmb_ishld(self):
        self.emit(0xD50339BF)


XZR = 31
EQ, NE, HS, HI = 0, 1, 2, 8
SPIN_LIMIT = 1 << 20  # tries of the sequence count before the vDSO gives up
NSEC_PER_SEC = 1000000000


def emit_counter_ns(a, p, clk_reg, fallback):
    """x6 = the nanoseconds of clock clk_reg (a W register; None: CLOCK_REALTIME) read
    from the counter and [vvar] at x2 under the sequence count; to fallback if the clock
    is not served or its offset has expired.  Uses x3..x10; x0, x1 are kept."""
    a.movz_x(10, SPIN_LIMIT >> 16, 1)
    a.label(p + "retry")
    a.ldar_w(3, 2)  # seq, with acquire: the data loads below come after it
    a.subs_x_imm(10, 10, 1)  # a page that stays odd (its writer died): the syscall
    a.b_cond(EQ, fallback)
    a.tbz(3, 0, p + "retry", nonzero=True)  # odd: vemu is rewriting the page
    if clk_reg is None:
        a.ldr_w_imm(5, 2, VV["FLAGS"])
    else:
        a.add_x_imm(4, 2, VV["FLAGS"])
        a.ldr_w_uxtw2(5, 4, clk_reg)
    a.cbz_w(5, fallback)
    a.mrs_cntvct(6)
    a.tbz(5, 1, p + "fresh")  # !VV_F_FRESH: no expiry
    a.ldr_x_imm(7, 2, VV["EXPIRY"])
    a.cmp_x(6, 7)
    a.b_cond(HS, fallback)
    a.label(p + "fresh")
    a.ldr_x_imm(7, 2, VV["MULT"])
    a.mul_x(6, 6, 7)
    a.ldr_w_imm(7, 2, VV["SHIFT"])
    a.lsr_x(6, 6, 7)
    if clk_reg is None:
        a.ldr_x_imm(7, 2, VV["OFFSET"])
    else:
        a.add_x_imm(4, 2, VV["OFFSET"])
        a.ldr_x_uxtw3(7, 4, clk_reg)
    a.add_x(6, 6, 7)
    if clk_reg is not None:
        a.add_x_imm(4, 2, VV["TRUNC"])
        a.ldr_x_uxtw3(7, 4, clk_reg)
        a.cbz_x(7, p + "exact")
        a.udiv_x(9, 6, 7)
        a.mul_x(6, 9, 7)  # round down to a multiple of TRUNC
        a.label(p + "exact")
    a.dmb_ishld()  # the data loads complete before the sequence is read again
    a.ldr_w_imm(9, 2, VV["SEQ"])
    a.cmp_w(9, 3)
    a.b_cond(NE, p + "retry")
    a.tbz(6, 63, fallback, nonzero=True)  # before 1970 (a clock set backwards): syscall
    # x9 = seconds, x6 = nanoseconds
    a.movz_x(7, NSEC_PER_SEC & 0xFFFF)
    a.movk_x(7, NSEC_PER_SEC >> 16, 1)
    a.udiv_x(9, 6, 7)
    a.msub_x(6, 9, 7, 6)


def emit_return0_and_fallback(a, fallback, nr):
    """return 0; then at fallback: the system call nr with the caller's x0, x1."""
    a.movz_w(0, 0)
    a.ret()
    a.label(fallback)
    a.movz_x(8, nr)
    a.svc0()
    a.ret()


def assemble():
    """The .text section: returns (Asm, {symbol: (offset, size)})."""
    a = Asm()
    syms = {}

    # __kernel_rt_sigreturn: the handler returns here (x30) when it has no SA_RESTORER.
    # As the kernel's: a nop before the symbol (for unwinders that subtract one from the
    # return address), then the two instructions libgcc and gdb look for.
    a.nop()
    syms["__kernel_rt_sigreturn"] = a.here()
    a.movz_x(8, NR_RT_SIGRETURN)
    a.svc0()

    # int __kernel_clock_gettime(clockid_t w0, struct timespec *x1)
    syms["__kernel_clock_gettime"] = a.here()
    a.bti_c()
    a.cmp_w_imm(0, VV_NCLOCKS - 1)
    a.b_cond(HI, "cg_fallback")  # negative ids (CPU-time, fd clocks) too: unsigned
    a.adr(2, "vvar")
    emit_counter_ns(a, "cg_", 0, "cg_fallback")
    a.stp_x(9, 6, 1)
    emit_return0_and_fallback(a, "cg_fallback", NR_CLOCK_GETTIME)

    # int __kernel_gettimeofday(struct timeval *x0, struct timezone *x1)
    syms["__kernel_gettimeofday"] = a.here()
    a.bti_c()
    a.adr(2, "vvar")
    a.cbz_x(0, "gt_tz")
    emit_counter_ns(a, "gt_", None, "gt_fallback")
    a.movz_x(7, 1000)
    a.udiv_x(6, 6, 7)  # microseconds
    a.stp_x(9, 6, 0)
    a.label("gt_tz")
    a.cbz_x(1, "gt_done")
    a.ldr_x_imm(4, 2, VV["TZ"])
    a.str_x_imm(4, 1, 0)
    a.label("gt_done")
    emit_return0_and_fallback(a, "gt_fallback", NR_GETTIMEOFDAY)

    # int __kernel_clock_getres(clockid_t w0, struct timespec *x1)
    syms["__kernel_clock_getres"] = a.here()
    a.bti_c()
    a.cmp_w_imm(0, VV_NCLOCKS - 1)
    a.b_cond(HI, "gr_fallback")
    a.adr(2, "vvar")
    a.add_x_imm(4, 2, VV["FLAGS"])
    a.ldr_w_uxtw2(5, 4, 0)
    a.cbz_w(5, "gr_fallback")
    a.cbz_x(1, "gr_done")
    a.add_x_imm(4, 2, VV["RES"])
    a.ldr_x_uxtw3(7, 4, 0)
    a.stp_x(XZR, 7, 1)  # every resolution is below a second
    a.label("gr_done")
    emit_return0_and_fallback(a, "gr_fallback", NR_CLOCK_GETRES)

    sizes = {}
    ends = sorted(list(syms.values()) + [a.here()])
    for name, off in syms.items():
        nxt = min(e for e in ends if e > off)
        sizes[name] = (off, nxt - off)
    return a, sizes


# ---- the ELF image ----------------------------------------------------------------------

def elf_hash(name):
    h = 0
    for c in name.encode():
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


class Strtab:
    def __init__(self):
        self.data = bytearray(b"\x00")
        self.index = {}

    def add(self, s):
        if s not in self.index:
            self.index[s] = len(self.data)
            self.data += s.encode() + b"\x00"
        return self.index[s]


SONAME = "linux-vdso.so.1"
VERSION = "LINUX_2.6.39"
EXPORTS = ["__kernel_rt_sigreturn", "__kernel_gettimeofday", "__kernel_clock_gettime",
           "__kernel_clock_getres"]

PT_LOAD, PT_DYNAMIC = 1, 2
SHT_PROGBITS, SHT_STRTAB, SHT_HASH, SHT_DYNAMIC, SHT_DYNSYM = 1, 3, 5, 6, 11
SHT_GNU_VERDEF, SHT_GNU_VERSYM = 0x6FFFFFFD, 0x6FFFFFFF
SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE = 2, 4, 1
DT = {"NULL": 0, "HASH": 4, "STRTAB": 5, "SYMTAB": 6, "STRSZ": 10, "SYMENT": 11, "SONAME": 14,
      "VERSYM": 0x6FFFFFF0, "VERDEF": 0x6FFFFFFC, "VERDEFNUM": 0x6FFFFFFD}


def align(v, a):
    return (v + a - 1) & ~(a - 1)


def build_image():
    asm, syms = assemble()
    dynstr = Strtab()
    dynstr.add(SONAME)
    dynstr.add(VERSION)
    for n in EXPORTS:
        dynstr.add(n)
    nsyms = 1 + len(EXPORTS)
    nphdr = 2

    # Layout (file offset == address): headers, .hash, .dynsym, .dynstr, .gnu.version,
    # .gnu.version_d, .text, .dynamic, .shstrtab, section headers.
    off = 64 + 56 * nphdr
    lay = {}

    def place(name, size, al):
        nonlocal off
        off = align(off, al)
        lay[name] = (off, size)
        off += size

    nbucket = 3
    hash_words = 2 + nbucket + nsyms
    place(".hash", 4 * hash_words, 8)
    place(".dynsym", 24 * nsyms, 8)
    place(".dynstr", len(dynstr.data), 1)
    place(".gnu.version", 2 * nsyms, 2)
    place(".gnu.version_d", 2 * (20 + 8), 8)
    text_size = 4 * len(asm.words)
    place(".text", text_size, 16)
    dyn_entries = ["HASH", "STRTAB", "SYMTAB", "STRSZ", "SYMENT", "SONAME", "VERSYM", "VERDEF",
                   "VERDEFNUM", "NULL"]
    place(".dynamic", 16 * len(dyn_entries), 8)
    shstr = Strtab()
    sec_names = [".hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d", ".text",
                 ".dynamic", ".shstrtab"]
    for n in sec_names:
        shstr.add(n)
    place(".shstrtab", len(shstr.data), 1)
    shoff = align(off, 8)
    shnum = 1 + len(sec_names)
    image_size = shoff + 64 * shnum
    img = bytearray(image_size)

    def put(name, data):
        o, size = lay[name]
        assert len(data) == size, (name, len(data), size)
        img[o:o + size] = data

    text_addr = lay[".text"][0]
    text = asm.resolve(text_addr, {"vvar": -VVAR_SIZE})
    put(".text", text)
    sec_index = {n: i + 1 for i, n in enumerate(sec_names)}

    # .dynsym: null, then the exports (global functions in .text), sorted as EXPORTS.
    dynsym = bytearray(24)
    for n in EXPORTS:
        o, size = syms[n]
        dynsym += struct.pack("<IBBHQQ", dynstr.index[n], (1 << 4) | 2, 0, sec_index[".text"],
                              text_addr + o, size)
    put(".dynsym", bytes(dynsym))
    put(".dynstr", bytes(dynstr.data))
    # .hash: buckets of symbol chains (System V ABI, "Hash Table")
    buckets = [0] * nbucket
    chains = [0] * nsyms
    for i in range(nsyms - 1, 0, -1):
        h = elf_hash(EXPORTS[i - 1]) % nbucket
        chains[i] = buckets[h]
        buckets[h] = i
    put(".hash", struct.pack("<%dI" % hash_words, nbucket, nsyms, *buckets, *chains))
    # .gnu.version: index 2 (LINUX_2.6.39) for every export
    put(".gnu.version", struct.pack("<%dH" % nsyms, 0, *([2] * len(EXPORTS))))
    # .gnu.version_d: the base (the file itself), then LINUX_2.6.39
    vd = bytearray()
    for ndx, (name, flags) in enumerate([(SONAME, 1), (VERSION, 0)], 1):
        nxt = 28 if ndx == 1 else 0
        vd += struct.pack("<HHHHIII", 1, flags, ndx, 1, elf_hash(name), 20, nxt)
        vd += struct.pack("<II", dynstr.index[name], 0)
    put(".gnu.version_d", bytes(vd))
    values = {"HASH": lay[".hash"][0], "STRTAB": lay[".dynstr"][0], "SYMTAB": lay[".dynsym"][0],
              "STRSZ": len(dynstr.data), "SYMENT": 24, "SONAME": dynstr.index[SONAME],
              "VERSYM": lay[".gnu.version"][0], "VERDEF": lay[".gnu.version_d"][0],
              "VERDEFNUM": 2, "NULL": 0}
    put(".dynamic", b"".join(struct.pack("<qQ", DT[k], values[k]) for k in dyn_entries))
    put(".shstrtab", bytes(shstr.data))

    # ELF header: ET_DYN, EM_AARCH64 (183), linked at 0
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    img[0:64] = ident + struct.pack("<HHIQQQIHHHHHH", 3, 183, 1, 0, 64, shoff, 0, 64, 56, nphdr,
                                    64, shnum, sec_index[".shstrtab"])
    ph = struct.pack("<IIQQQQQQ", PT_LOAD, 5, 0, 0, 0, image_size, image_size, PAGE)
    d_off, d_size = lay[".dynamic"]
    ph += struct.pack("<IIQQQQQQ", PT_DYNAMIC, 4, d_off, d_off, d_off, d_size, d_size, 8)
    img[64:64 + len(ph)] = ph

    # section headers
    sh = bytearray(64)
    info = {
        ".hash": (SHT_HASH, SHF_ALLOC, ".dynsym", 0, 8, 4),
        ".dynsym": (SHT_DYNSYM, SHF_ALLOC, ".dynstr", 1, 8, 24),
        ".dynstr": (SHT_STRTAB, SHF_ALLOC, None, 0, 1, 0),
        ".gnu.version": (SHT_GNU_VERSYM, SHF_ALLOC, ".dynsym", 0, 2, 2),
        ".gnu.version_d": (SHT_GNU_VERDEF, SHF_ALLOC, ".dynstr", 2, 8, 0),
        ".text": (SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, None, 0, 16, 0),
        ".dynamic": (SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, ".dynstr", 0, 8, 16),
        ".shstrtab": (SHT_STRTAB, 0, None, 0, 1, 0),
    }
    for n in sec_names:
        typ, flags, link, inf, al, ent = info[n]
        o, size = lay[n]
        addr = o if flags & SHF_ALLOC else 0
        sh += struct.pack("<IIQQQQIIQQ", shstr.index[n], typ, flags, addr, o, size,
                          sec_index[link] if link else 0, inf, al, ent)
    img[shoff:shoff + len(sh)] = sh
    return bytes(img), {n: text_addr + syms[n][0] for n in EXPORTS}


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: gen-vdso.py OUT.c OUT.h OUT.so\n")
        return 2
    img, addrs = build_image()
    if len(img) > 2 * PAGE:
        sys.stderr.write("gen-vdso.py: image of %d bytes is too large\n" % len(img))
        return 1
    with open(sys.argv[3], "wb") as f:
        f.write(img)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("/* Generated by tools/gen-vdso.py: the guest vDSO's [vvar] layout and symbols. */\n")
        f.write("#ifndef VEMU_VDSO_IMAGE_H\n#define VEMU_VDSO_IMAGE_H\n\n#include <stdint.h>\n\n")
        f.write("#define VDSO_VVAR_SIZE 0x%x /* [vvar] lies this far below the image */\n"
                % VVAR_SIZE)
        for k, v in VV.items():
            f.write("#define VDSO_VV_%s 0x%x\n" % (k, v))
        f.write("#define VDSO_VV_NCLOCKS %d\n" % VV_NCLOCKS)
        f.write("#define VDSO_VV_F_COUNTER %d\n#define VDSO_VV_F_FRESH %d\n"
                % (VV_F_COUNTER, VV_F_FRESH))
        for n, addr in addrs.items():
            f.write("#define VDSO_SYM%s 0x%x\n" % (n[len("__kernel"):].upper(), addr))
        f.write("\nextern const unsigned char vdso_image[];\n")
        f.write("#define VDSO_IMAGE_SIZE %d\n\n#endif\n" % len(img))
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("/* Generated by tools/gen-vdso.py: the guest vDSO image (linux-vdso.so.1). */\n")
        f.write('#include "vdso-image.h"\n\nconst unsigned char vdso_image[] = {\n')
        for i in range(0, len(img), 16):
            f.write("    " + ", ".join("0x%02x" % b for b in img[i:i + 16]) + ",\n")
        f.write("};\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
