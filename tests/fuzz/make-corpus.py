#!/usr/bin/env python3
"""make-corpus.py - generates a corpus of valid and malformed arm64 ELF files for the loader.

Files named valid-*.elf must be accepted by loader_check_elf_image, bad-*.elf rejected.
The corpus seeds the libFuzzer harness (fuzz-elf) and is replayed by `replay` in `meson test`.

Example:
    python3 tests/fuzz/make-corpus.py build/corpus                  # just write the files
    python3 tests/fuzz/make-corpus.py --replay build/tests/fuzz/fuzz-replay build/corpus
"""
import argparse
import os
import struct
import subprocess
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")  # Elf64_Ehdr, 64 bytes
PHDR = struct.Struct("<IIQQQQQQ")  # Elf64_Phdr, 56 bytes
PT_LOAD, PT_INTERP, PT_NOTE, PT_PHDR = 1, 3, 4, 6
ET_REL, ET_EXEC, ET_DYN, ET_CORE = 1, 2, 3, 4
PF_X, PF_W, PF_R = 1, 2, 4
EM_X86_64, EM_AARCH64 = 62, 183
GUEST_ADDR_MAX = 0x00007FFFFFFFFFFF
INTERP = b"/lib/ld-linux-aarch64.so.1\0"


def ident(cls=2, data=1):
    return b"\x7fELF" + bytes([cls, data, 1, 0]) + bytes(8)


class Elf:
    """A small arm64 executable: PT_PHDR, text PT_LOAD, data+bss PT_LOAD, optional PT_INTERP."""

    def __init__(self, etype=ET_EXEC, base=0x400000, interp=False):
        self.base = base
        self.ehdr = dict(ident=ident(), type=etype, machine=EM_AARCH64, version=1,
                         entry=base + 0x180, phoff=64, shoff=0, flags=0, ehsize=64,
                         phentsize=56, phnum=0, shentsize=0, shnum=0, shstrndx=0)
        self.phdrs = []
        self.phdrs.append(dict(type=PT_PHDR, flags=PF_R, offset=64, vaddr=base + 64,
                               paddr=base + 64, filesz=56 * 4, memsz=56 * 4, align=8))
        self.phdrs.append(dict(type=PT_LOAD, flags=PF_R | PF_X, offset=0, vaddr=base,
                               paddr=base, filesz=0x300, memsz=0x300, align=0x10000))
        self.phdrs.append(dict(type=PT_LOAD, flags=PF_R | PF_W, offset=0x1000,
                               vaddr=base + 0x11000, paddr=base + 0x11000, filesz=0x100,
                               memsz=0x3000, align=0x10000))
        if interp:
            self.phdrs.append(dict(type=PT_INTERP, flags=PF_R, offset=0x200, vaddr=base + 0x200,
                                   paddr=base + 0x200, filesz=len(INTERP), memsz=len(INTERP),
                                   align=1))
        else:
            self.phdrs.append(dict(type=PT_NOTE, flags=PF_R, offset=0x200, vaddr=base + 0x200,
                                   paddr=base + 0x200, filesz=0, memsz=0, align=4))
        self.size = 0x1100
        self.extra = {}  # offset -> bytes written last

    def build(self):
        e = dict(self.ehdr)
        if e["phnum"] == 0:
            e["phnum"] = len(self.phdrs)
        out = bytearray(max(self.size, 64 + 56 * len(self.phdrs)))
        out[0:64] = EHDR.pack(e["ident"], e["type"], e["machine"], e["version"], e["entry"],
                              e["phoff"], e["shoff"], e["flags"], e["ehsize"], e["phentsize"],
                              e["phnum"], e["shentsize"], e["shnum"], e["shstrndx"])
        for i, p in enumerate(self.phdrs):
            off = 64 + 56 * i
            out[off:off + 56] = PHDR.pack(p["type"], p["flags"], p["offset"], p["vaddr"],
                                          p["paddr"], p["filesz"], p["memsz"], p["align"])
        out[0x180:0x1C0] = b"\xd5" * 0x40
        if any(p["type"] == PT_INTERP for p in self.phdrs):
            out[0x200:0x200 + len(INTERP)] = INTERP
        if self.size >= 0x1100:
            out[0x1000:0x1100] = b"\x5a" * 0x100
        for off, b in self.extra.items():
            if len(out) < off + len(b):
                out.extend(bytes(off + len(b) - len(out)))
            out[off:off + len(b)] = b
        return bytes(out[:self.size]) if self.size < len(out) else bytes(out)


def valid_cases():
    yield "exec", Elf()
    yield "exec-interp", Elf(interp=True)
    yield "pie", Elf(ET_DYN, base=0)
    yield "pie-interp", Elf(ET_DYN, base=0, interp=True)
    e = Elf()
    e.phdrs[0]["type"] = PT_NOTE  # no PT_PHDR: AT_PHDR comes from the first PT_LOAD
    yield "no-pt-phdr", e
    e = Elf()
    e.phdrs[1], e.phdrs[2] = e.phdrs[2], e.phdrs[1]  # PT_LOADs out of order, no overlap
    yield "unsorted-loads", e
    e = Elf()
    e.phdrs[2]["vaddr"] = e.base + 0x300  # data shares the text's last page, bytes disjoint
    yield "shared-page", e
    e = Elf()
    e.phdrs[2]["filesz"] = 0  # pure bss
    yield "bss-only", e
    e = Elf()
    e.phdrs[2]["filesz"] = 0
    e.phdrs[2]["offset"] = 0x100000  # pure bss: the offset is never read (kernel behaviour)
    yield "bss-only-offset-past-eof", e
    e = Elf()
    e.phdrs.append(dict(type=PT_LOAD, flags=PF_R, offset=0, vaddr=0, paddr=0, filesz=0,
                        memsz=0, align=0))  # empty PT_LOAD at 0 is ignored
    yield "empty-load", e
    e = Elf(base=0x7FFF00000000)
    yield "exec-high", e


def bad_cases():
    for cut in (0, 1, 3, 4, 5, 15, 16, 17, 40, 63, 64, 65, 100, 119, 120, 287, 288, 0x2FF,
                0x1000, 0x10FF):
        e = Elf()
        e.size = cut
        yield "truncated-%d" % cut, e
    e = Elf()
    e.ehdr["ident"] = b"\x7fELG" + ident()[4:]
    yield "bad-magic", e
    e = Elf()
    e.ehdr["ident"] = ident(cls=1)
    yield "class32", e
    e = Elf()
    e.ehdr["ident"] = ident(cls=9)
    yield "class-invalid", e
    e = Elf()
    e.ehdr["ident"] = ident(data=2)
    yield "big-endian", e
    e = Elf()
    e.ehdr["machine"] = EM_X86_64
    yield "machine-x86-64", e
    e = Elf()
    e.ehdr["machine"] = 40
    yield "machine-arm32", e
    for t, name in ((ET_REL, "rel"), (ET_CORE, "core"), (0, "none"), (0xFE00, "os")):
        e = Elf()
        e.ehdr["type"] = t
        yield "type-" + name, e
    for off in (0x1100, 0x10FF - 20, 1 << 63, (1 << 64) - 1):
        e = Elf()
        e.ehdr["phoff"] = off
        yield "phoff-%x" % off, e
    for n in (0, 1171, 0xFFFF):
        e = Elf()
        e.ehdr["phnum"] = n if n else 0
        if n == 0:
            e.phdrs = []
        yield "phnum-%d" % n, e
    for sz in (0, 32, 64, 0xFFFF):
        e = Elf()
        e.ehdr["phentsize"] = sz
        yield "phentsize-%d" % sz, e
    e = Elf()
    e.phdrs[2]["filesz"] = 0x4000
    yield "filesz-gt-memsz", e
    e = Elf()
    e.phdrs[2]["filesz"] = 0x1000
    yield "data-beyond-file", e
    e = Elf()
    e.phdrs[2]["offset"] = (1 << 64) - 0x10
    yield "offset-overflow", e
    e = Elf()
    e.phdrs[2]["vaddr"] = (1 << 64) - 0x1000
    yield "vaddr-overflow", e
    e = Elf()
    e.phdrs[2]["vaddr"] = GUEST_ADDR_MAX - 0x1000
    yield "above-address-space", e
    e = Elf()
    e.phdrs[2]["vaddr"] = 1 << 52
    yield "far-above-address-space", e
    e = Elf(ET_DYN, base=0)
    e.phdrs[2]["vaddr"] = GUEST_ADDR_MAX - 0x5500000000
    yield "pie-above-address-space", e
    e = Elf()
    e.phdrs[1]["vaddr"] = 0x100
    yield "zero-page", e
    e = Elf()
    e.phdrs[2]["vaddr"] = e.base + 0x200
    yield "overlap", e
    e = Elf()
    e.phdrs[2]["vaddr"] = e.base
    yield "overlap-same-start", e
    e = Elf()
    e.phdrs[1]["vaddr"] = e.base + 0x11100
    yield "overlap-unsorted", e
    e = Elf()
    e.phdrs[1]["type"] = PT_NOTE
    e.phdrs[2]["type"] = PT_NOTE
    yield "no-pt-load", e
    e = Elf()
    e.phdrs[1]["align"] = 0x3000
    yield "align-not-pow2", e
    e = Elf()
    e.phdrs[1]["align"] = 1 << 40
    yield "align-huge", e
    e = Elf(interp=True)
    e.phdrs[3]["filesz"] -= 1
    yield "interp-unterminated", e
    e = Elf(interp=True)
    e.phdrs[3]["filesz"] = 5000
    e.size = 0x3000
    e.extra[0x200 + 4999] = b"\0"
    yield "interp-too-long", e
    e = Elf(interp=True)
    e.phdrs[3]["offset"] = 0x10F0
    e.phdrs[3]["filesz"] = 0x100
    yield "interp-beyond-file", e
    e = Elf(interp=True)
    e.phdrs[3]["filesz"] = 1
    yield "interp-too-short", e
    e = Elf(interp=True)
    e.extra[0x200] = b"\0"
    yield "interp-empty", e


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--replay", help="run this replay program on the corpus afterwards")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    n = 0
    for prefix, gen in (("valid", valid_cases), ("bad", bad_cases)):
        for name, elf in gen():
            with open(os.path.join(args.outdir, "%s-%s.elf" % (prefix, name)), "wb") as f:
                f.write(elf.build())
            n += 1
    print("wrote %d files to %s" % (n, args.outdir))
    if args.replay:
        sys.stdout.flush()
        return subprocess.call([args.replay, args.outdir])
    return 0


if __name__ == "__main__":
    sys.exit(main())
