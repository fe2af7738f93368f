"""a64el0.py - which words of the A64 system-instruction classes user space (EL0) can execute
on Linux, for tools/isa-coverage.py's "EL0 subset" rows.

Most encodings of these classes are EL1/EL2/EL3 or debug operations that raise SIGILL at EL0
on Linux too (HVC, SMC, DCPS, ERET, TLBI, AT, MSR DAIFSet, EL1 system registers...), so a
random sample says little.  Instead, every encoding of the class's operation fields is
enumerated (register and immediate operands fixed, they do not change what EL0 may do) and
each word is put in one of three groups from its fields, following the Arm ARM's EL0 access
rules under the settings Linux uses (SCTLR_EL1.UCI = 1, UCT = 1, DZE = 1, UMA = 0,
EnRCTX = 0; CNTKCTL_EL1.EL0VCTEN = 1, EL0PCTEN = 0; MDSCR_EL1.TDCC = 1; PMU and AMU
counters not enabled for EL0) and the kernel's emulation of the ID registers
(Documentation/arch/arm64/cpu-feature-registers.rst: op0 = 3, op1 = 0, CRn = 0, CRm = 0 with
MIDR/MPIDR/REVIDR, and CRm = 2..7):

  "el0"  EL0 executes it on Linux on a CPU with the feature (the coverage's scope: A64 up
         to Armv8.8 outside SVE and SME, MTE included);
  "out"  EL0 executes it on Linux, but its feature is outside that scope (SME's SMSTART,
         SVCR, TPIDR2_EL0; GCS, Armv9.4; FP8's FPMR, Armv9.5): counted apart;
  "no"   UNDEFINED at EL0 on Linux (SIGILL), or not an instruction.

Example:
  words = enumerate_words("Barriers")              # the 128 CRm:op2 encodings
  classify("Barriers", 0xd5033fdf)                 # ("el0", "isb")
"""

# MRS/MSR keys op0:op1:CRn:CRm:op2 of the registers EL0 may read or write on Linux.
def _key(op0, op1, crn, crm, op2):
    return (op0, op1, crn, crm, op2)


_RW = {  # readable and writable
    _key(3, 3, 4, 2, 0): "nzcv", _key(3, 3, 4, 4, 0): "fpcr", _key(3, 3, 4, 4, 1): "fpsr",
    _key(3, 3, 4, 2, 5): "dit", _key(3, 3, 4, 2, 6): "ssbs", _key(3, 3, 4, 2, 7): "tco",
    _key(3, 3, 13, 0, 2): "tpidr_el0",
}
_RO = {  # read only
    _key(3, 3, 13, 0, 3): "tpidrro_el0", _key(3, 3, 0, 0, 1): "ctr_el0",
    _key(3, 3, 0, 0, 7): "dczid_el0", _key(3, 3, 2, 4, 0): "rndr", _key(3, 3, 2, 4, 1): "rndrrs",
    _key(3, 3, 14, 0, 0): "cntfrq_el0", _key(3, 3, 14, 0, 2): "cntvct_el0",
    _key(3, 3, 14, 0, 6): "cntvctss_el0",
}
_OUT_REGS = {  # EL0 registers of features outside the scope
    _key(3, 3, 4, 2, 2): "svcr (SME)", _key(3, 3, 13, 0, 5): "tpidr2_el0 (SME)",
    _key(3, 3, 4, 4, 2): "fpmr (FP8)", _key(3, 3, 2, 5, 1): "gcspr_el0 (GCS)",
}
# DC/IC by virtual address that EL0 may execute (op1 = 3, CRn = 7): CRm, op2
_SYS_EL0 = {
    (4, 1): "dc zva", (4, 3): "dc gva", (4, 4): "dc gzva", (5, 1): "ic ivau",
    (10, 1): "dc cvac", (10, 3): "dc cgvac", (10, 5): "dc cgdvac", (11, 1): "dc cvau",
    (12, 1): "dc cvap", (12, 3): "dc cgvap", (12, 5): "dc cgdvap", (13, 1): "dc cvadp",
    (13, 3): "dc cgvadp", (13, 5): "dc cgdvadp", (14, 1): "dc civac", (14, 3): "dc cigvac",
    (14, 5): "dc cigdvac",
}


def _sysreg(w):
    return ((w >> 21) & 1, 2 + ((w >> 19) & 1), (w >> 16) & 7, (w >> 12) & 15, (w >> 8) & 15,
            (w >> 5) & 7)


def _mrs_msr(w):
    l, op0, op1, crn, crm, op2 = _sysreg(w)
    k = _key(op0, op1, crn, crm, op2)
    if k in _RW:
        return "el0", ("mrs " if l else "msr ") + _RW[k]
    if l and k in _RO:
        return "el0", "mrs " + _RO[k]
    if k in _OUT_REGS:
        return "out", _OUT_REGS[k]
    if l and op0 == 3 and op1 == 0 and crn == 0 and (crm == 0 and op2 in (0, 5, 6) or
                                                     2 <= crm <= 7):
        return "el0", "mrs ID register"
    return "no", ""


def _sys(w):
    l, _, op1, crn, crm, op2 = _sysreg(w)
    if op1 == 3 and crn == 7 and crm == 7 and (l, op2) in ((0, 0), (0, 2), (1, 1), (1, 3)):
        return "out", "GCS push/pop"
    if not l and op1 == 3 and crn == 7 and (crm, op2) in _SYS_EL0:
        return "el0", _SYS_EL0[(crm, op2)]
    return "no", ""


def _pstate(w):
    op1, crm, op2 = (w >> 16) & 7, (w >> 8) & 15, (w >> 5) & 7
    if op1 == 0 and crm == 0 and op2 <= 2:
        return "el0", ("cfinv", "xaflag", "axflag")[op2]
    if op1 == 3 and op2 in (1, 2, 4) and crm <= 1:
        return "el0", "msr " + {1: "ssbs", 2: "dit", 4: "tco"}[op2]
    if op1 == 3 and op2 == 3:
        return "out", "smstart/smstop (SME)"
    return "no", ""


def _barrier(w):
    crm, op2 = (w >> 8) & 15, (w >> 5) & 7
    if op2 in (2, 4, 5, 6):
        return "el0", ("clrex", "", "dsb", "dmb", "isb")[op2 - 2]
    if op2 == 7 and crm == 0:
        return "el0", "sb"
    if op2 == 1 and crm & 3 == 2:
        return "el0", "dsb nxs"
    return "no", ""                       # TCOMMIT (TME: Linux never enables it), unallocated


def _exception(w):
    opc, op2, ll = (w >> 21) & 7, (w >> 2) & 7, w & 3
    if op2 == 0 and (opc, ll) in ((0, 1), (1, 0)):
        return "el0", ("svc", "brk")[opc]
    return "no", ""                       # HVC, SMC, HLT, DCPS1-3, TCANCEL (TME)


def _wfxt(w):
    crm, op2 = (w >> 8) & 15, (w >> 5) & 7
    if crm == 0 and op2 <= 1:
        return "el0", ("wfet", "wfit")[op2]
    return "no", ""                       # unallocated (objdump prints a generic MSR)


def _branch_reg(w):
    opc = (w >> 21) & 15
    if opc in (0, 1, 2):
        return "el0", ("br", "blr", "ret")[opc]
    return "no", ""                       # ERET, DRPS


RULES = {
    "Exception generation": (_exception, [0xd4000000 | opc << 21 | imm << 5 | op2 << 2 | ll
                                          for opc in range(8) for op2 in range(8)
                                          for ll in range(4) for imm in (0, 0x1234)]),
    "System instructions with register": (_wfxt, [0xd5031003 | crm << 8 | op2 << 5
                                                  for crm in range(16) for op2 in range(8)]),
    "Barriers": (_barrier, [0xd503301f | crm << 8 | op2 << 5
                            for crm in range(16) for op2 in range(8)]),
    "PSTATE": (_pstate, [0xd500401f | op1 << 16 | crm << 8 | op2 << 5
                         for op1 in range(8) for crm in range(16) for op2 in range(8)]),
    "System instructions (SYS/SYSL)": (_sys, [0xd5080001 | l << 21 | f << 5
                                              for l in range(2) for f in range(1 << 14)]),
    "System register move (MRS/MSR)": (_mrs_msr, [0xd5100001 | l << 21 | f << 5
                                                  for l in range(2) for f in range(1 << 15)]),
    "Unconditional branch (register)": (_branch_reg, [0xd61f0000 | opc << 21 | rn << 5
                                                      for opc in range(16)
                                                      for rn in (1, 30, 31)]),
}


def enumerate_words(name):
    """Every operation encoding of an EL0-subset class (empty for other classes)."""
    return RULES[name][1] if name in RULES else []


def classify(name, word):
    """("el0" | "out" | "no", label) of one word of an EL0-subset class."""
    return RULES[name][0](word)
