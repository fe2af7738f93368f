"""a64classes.py - the A64 encoding classes of the Arm ARM (C4.1, the top-level decode groups
outside SVE/SME) as bit patterns, and a classifier from a 32-bit word to its class.  Shared by
tools/isa-coverage.py (one row per class) and tests/difftest/difftest.py (how many random
instructions of each class the difftest compared).

Example:
  i = first_class(CLASSES, 0x91000421)   # index of "Add/subtract (immediate)"
  CLASSES[i][1]                          # "Add/subtract (immediate)"
"""

# (group, class, bits 31..0 with x for free bits, features that the class needs)
CLASSES = [
    ("Data processing, immediate", "PC-rel. addressing", "xxx10000xxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, immediate", "Add/subtract (immediate)", "xxx100010xxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, immediate", "Add/subtract (immediate, with tags)", "xxx1000110xxxxxxxxxxxxxxxxxxxxxx", "FEAT_MTE"),
    ("Data processing, immediate", "Min/max (immediate)", "xxx1000111xxxxxxxxxxxxxxxxxxxxxx", "FEAT_CSSC"),
    ("Data processing, immediate", "Logical (immediate)", "xxx100100xxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, immediate", "Move wide (immediate)", "xxx100101xxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, immediate", "Bitfield", "xxx100110xxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, immediate", "Extract", "xxx100111xxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Branches, exceptions, system", "Conditional branch (immediate)", "0101010xxxxxxxxxxxxxxxxxxxxxxxxx", "base, FEAT_HBC"),
    ("Branches, exceptions, system", "Exception generation", "11010100xxxxxxxxxxxxxxxxxxxxxxxx", "base; EL0 subset"),
    ("Branches, exceptions, system", "System instructions with register", "11010101000000110001xxxxxxxxxxxx", "FEAT_WFxT; EL0 subset"),
    ("Branches, exceptions, system", "Hints", "11010101000000110010xxxxxxx11111", "base, FEAT_PAuth, FEAT_BTI"),
    ("Branches, exceptions, system", "Barriers", "11010101000000110011xxxxxxx11111", "base, FEAT_SB, FEAT_XS; EL0 subset"),
    ("Branches, exceptions, system", "PSTATE", "1101010100000xxx0100xxxxxxx11111", "FEAT_FlagM, FEAT_FlagM2, FEAT_SSBS, FEAT_DIT, FEAT_MTE; EL0 subset"),
    ("Branches, exceptions, system", "System instructions (SYS/SYSL)", "1101010100x01xxxxxxxxxxxxxxxxxxx", "DC/IC, FEAT_DPB, FEAT_DPB2, FEAT_MTE; EL0 subset"),
    ("Branches, exceptions, system", "System register move (MRS/MSR)", "1101010100x1xxxxxxxxxxxxxxxxxxxx", "EL0 registers, FEAT_RNG, FEAT_ECV, FEAT_MTE; EL0 subset"),
    ("Branches, exceptions, system", "Unconditional branch (register)", "1101011xxxx11111000000xxxxx00000", "base; EL0 subset"),
    ("Branches, exceptions, system", "Unconditional branch (register), authenticated", "1101011xxxx1111100001xxxxxxxxxxx", "FEAT_PAuth"),
    ("Branches, exceptions, system", "Unconditional branch (immediate)", "x00101xxxxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Branches, exceptions, system", "Compare and branch (immediate)", "x011010xxxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Branches, exceptions, system", "Test and branch (immediate)", "x011011xxxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Loads and stores", "AdvSIMD load/store multiple structures", "0x0011000x000000xxxxxxxxxxxxxxxx", "AdvSIMD"),
    ("Loads and stores", "AdvSIMD load/store multiple structures (post-indexed)", "0x0011001x0xxxxxxxxxxxxxxxxxxxxx", "AdvSIMD"),
    ("Loads and stores", "AdvSIMD load/store single structure", "0x0011010xx00000xxxxxxxxxxxxxxxx", "AdvSIMD"),
    ("Loads and stores", "AdvSIMD load/store single structure (post-indexed)", "0x0011011xxxxxxxxxxxxxxxxxxxxxxx", "AdvSIMD"),
    ("Loads and stores", "Load/store memory tags", "11011001xx1xxxxxxxxxxxxxxxxxxxxx", "FEAT_MTE"),
    ("Loads and stores", "Load/store exclusive, ordered, compare and swap", "xx001000xxxxxxxxxxxxxxxxxxxxxxxx", "base, FEAT_LSE, FEAT_LOR"),
    ("Loads and stores", "LDAPR/STLR (unscaled immediate)", "xx011001xx0xxxxxxxxx00xxxxxxxxxx", "FEAT_LRCPC2"),
    ("Loads and stores", "Load register (literal)", "xx011x00xxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Loads and stores", "Memory copy and set", "xx011x01xx0xxxxxxxxx01xxxxxxxxxx", "FEAT_MOPS; SETG*: FEAT_MTE"),
    ("Loads and stores", "Load/store no-allocate pair (offset)", "xx101x000xxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Loads and stores", "Load/store register pair (post-indexed)", "xx101x001xxxxxxxxxxxxxxxxxxxxxxx", "base, FEAT_MTE (STGP)"),
    ("Loads and stores", "Load/store register pair (offset)", "xx101x010xxxxxxxxxxxxxxxxxxxxxxx", "base, FEAT_MTE (STGP)"),
    ("Loads and stores", "Load/store register pair (pre-indexed)", "xx101x011xxxxxxxxxxxxxxxxxxxxxxx", "base, FEAT_MTE (STGP)"),
    ("Loads and stores", "Load/store register (unscaled immediate)", "xx111x00xx0xxxxxxxxx00xxxxxxxxxx", "base"),
    ("Loads and stores", "Load/store register (immediate post-indexed)", "xx111x00xx0xxxxxxxxx01xxxxxxxxxx", "base"),
    ("Loads and stores", "Load/store register (unprivileged)", "xx111x00xx0xxxxxxxxx10xxxxxxxxxx", "base"),
    ("Loads and stores", "Load/store register (immediate pre-indexed)", "xx111x00xx0xxxxxxxxx11xxxxxxxxxx", "base"),
    ("Loads and stores", "Atomic memory operations", "xx111x00xx1xxxxxxxxx00xxxxxxxxxx", "FEAT_LSE, FEAT_LRCPC"),
    ("Loads and stores", "Load/store register (register offset)", "xx111x00xx1xxxxxxxxx10xxxxxxxxxx", "base"),
    ("Loads and stores", "Load/store register (pac)", "xx111x00xx1xxxxxxxxxx1xxxxxxxxxx", "FEAT_PAuth"),
    ("Loads and stores", "Load/store register (unsigned immediate)", "xx111x01xxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, register", "Data-processing (2 source)", "x0x11010110xxxxxxxxxxxxxxxxxxxxx", "base, FEAT_CRC32, FEAT_CSSC, FEAT_PAuth, FEAT_MTE"),
    ("Data processing, register", "Data-processing (1 source)", "x10110101100000xxxxxxxxxxxxxxxxx", "base, FEAT_CSSC, FEAT_PAuth"),
    ("Data processing, register", "Logical (shifted register)", "xxx01010xxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, register", "Add/subtract (shifted register)", "xxx01011xx0xxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, register", "Add/subtract (extended register)", "xxx01011xx1xxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, register", "Add/subtract (with carry)", "xxx11010000xxxxx000000xxxxxxxxxx", "base"),
    ("Data processing, register", "Rotate right into flags", "xxx11010000xxxxxx00001xxxxxxxxxx", "FEAT_FlagM"),
    ("Data processing, register", "Evaluate into flags", "xxx11010000xxxxxxx0010xxxxxxxxxx", "FEAT_FlagM"),
    ("Data processing, register", "Conditional compare (register)", "xxx11010010xxxxxxxxx0xxxxxxxxxxx", "base"),
    ("Data processing, register", "Conditional compare (immediate)", "xxx11010010xxxxxxxxx1xxxxxxxxxxx", "base"),
    ("Data processing, register", "Conditional select", "xxx11010100xxxxxxxxxxxxxxxxxxxxx", "base"),
    ("Data processing, register", "Data-processing (3 source)", "xxx11011xxxxxxxxxxxxxxxxxxxxxxxx", "base"),
    ("SIMD and floating point", "Cryptographic AES", "01001110xx10100xxxxx10xxxxxxxxxx", "FEAT_AES"),
    ("SIMD and floating point", "Cryptographic three-register SHA", "01011110xx0xxxxx0xxx00xxxxxxxxxx", "FEAT_SHA1, FEAT_SHA256"),
    ("SIMD and floating point", "Cryptographic two-register SHA", "01011110xx10100xxxxx10xxxxxxxxxx", "FEAT_SHA1, FEAT_SHA256"),
    ("SIMD and floating point", "Cryptographic three-register SHA512", "11001110011xxxxx1x00xxxxxxxxxxxx", "FEAT_SHA512, FEAT_SHA3, FEAT_SM4"),
    ("SIMD and floating point", "Cryptographic four-register", "110011100xxxxxxx0xxxxxxxxxxxxxxx", "FEAT_SHA3, FEAT_SM3"),
    ("SIMD and floating point", "XAR", "11001110100xxxxxxxxxxxxxxxxxxxxx", "FEAT_SHA3"),
    ("SIMD and floating point", "Cryptographic two-register SHA512", "11001110110000001000xxxxxxxxxxxx", "FEAT_SHA512, FEAT_SM4"),
    ("SIMD and floating point", "Cryptographic three-register, imm2", "11001110010xxxxx10xxxxxxxxxxxxxx", "FEAT_SM3"),
    ("SIMD and floating point", "AdvSIMD scalar copy", "01x11110000xxxxx0xxxx1xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD scalar three same FP16", "01x11110x10xxxxx00xxx1xxxxxxxxxx", "FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD scalar two-register misc FP16", "01x11110x1111000xxxx10xxxxxxxxxx", "FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD scalar three same extra", "01x11110xx0xxxxx1xxxx1xxxxxxxxxx", "FEAT_RDM"),
    ("SIMD and floating point", "AdvSIMD scalar two-register misc", "01x11110xx10000xxxxx10xxxxxxxxxx", "AdvSIMD, FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD scalar pairwise", "01x11110xx11000xxxxx10xxxxxxxxxx", "AdvSIMD, FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD scalar three different", "01x11110xx1xxxxxxxxx00xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD scalar three same", "01x11110xx1xxxxxxxxxx1xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD scalar shift by immediate", "01x111110xxxxxxxxxxxx1xxxxxxxxxx", "AdvSIMD, FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD scalar x indexed element", "01x11111xxxxxxxxxxxxx0xxxxxxxxxx", "AdvSIMD, FEAT_FP16, FEAT_RDM"),
    ("SIMD and floating point", "AdvSIMD table lookup", "0x001110xx0xxxxx0xxx00xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD permute", "0x001110xx0xxxxx0xxx10xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD extract", "0x101110xx0xxxxx0xxxx0xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD copy", "0xx01110000xxxxx0xxxx1xxxxxxxxxx", "AdvSIMD"),
    ("SIMD and floating point", "AdvSIMD three same (FP16)", "0xx01110x10xxxxx00xxx1xxxxxxxxxx", "FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD two-register misc (FP16)", "0xx01110x1111000xxxx10xxxxxxxxxx", "FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD three-register extension", "0xx01110xx0xxxxx1xxxx1xxxxxxxxxx", "FEAT_DotProd, FEAT_RDM, FEAT_FCMA, FEAT_I8MM, FEAT_BF16"),
    ("SIMD and floating point", "AdvSIMD two-register misc", "0xx01110xx10000xxxxx10xxxxxxxxxx", "AdvSIMD, FEAT_FRINTTS, FEAT_BF16"),
    ("SIMD and floating point", "AdvSIMD across lanes", "0xx01110xx11000xxxxx10xxxxxxxxxx", "AdvSIMD, FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD three different", "0xx01110xx1xxxxxxxxx00xxxxxxxxxx", "AdvSIMD, FEAT_PMULL"),
    ("SIMD and floating point", "AdvSIMD three same", "0xx01110xx1xxxxxxxxxx1xxxxxxxxxx", "AdvSIMD, FEAT_FHM"),
    ("SIMD and floating point", "AdvSIMD modified immediate", "0xx0111100000xxxxxxxx1xxxxxxxxxx", "AdvSIMD, FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD shift by immediate", "0xx011110xxxxxxxxxxxx1xxxxxxxxxx", "AdvSIMD, FEAT_FP16"),
    ("SIMD and floating point", "AdvSIMD vector x indexed element", "0xx01111xxxxxxxxxxxxx0xxxxxxxxxx", "AdvSIMD, FEAT_FP16, FEAT_DotProd, FEAT_FHM, FEAT_RDM"),
    ("SIMD and floating point", "Conversion between FP and fixed-point", "x0x11110xx0xxxxxxxxxxxxxxxxxxxxx", "FP, FEAT_FP16"),
    ("SIMD and floating point", "Conversion between FP and integer", "x0x11110xx1xxxxx000000xxxxxxxxxx", "FP, FEAT_FP16, FEAT_JSCVT"),
    ("SIMD and floating point", "FP data-processing (1 source)", "x0x11110xx1xxxxxx10000xxxxxxxxxx", "FP, FEAT_FP16, FEAT_FRINTTS, FEAT_BF16"),
    ("SIMD and floating point", "FP compare", "x0x11110xx1xxxxxxx1000xxxxxxxxxx", "FP, FEAT_FP16"),
    ("SIMD and floating point", "FP immediate", "x0x11110xx1xxxxxxxx100xxxxxxxxxx", "FP, FEAT_FP16"),
    ("SIMD and floating point", "FP conditional compare", "x0x11110xx1xxxxxxxxx01xxxxxxxxxx", "FP, FEAT_FP16"),
    ("SIMD and floating point", "FP data-processing (2 source)", "x0x11110xx1xxxxxxxxx10xxxxxxxxxx", "FP, FEAT_FP16"),
    ("SIMD and floating point", "FP conditional select", "x0x11110xx1xxxxxxxxx11xxxxxxxxxx", "FP, FEAT_FP16"),
    ("SIMD and floating point", "FP data-processing (3 source)", "x0x11111xxxxxxxxxxxxxxxxxxxxxxxx", "FP, FEAT_FP16"),
]


def mask_value(bits):
    assert len(bits) == 32, bits
    mask = value = 0
    for i, ch in enumerate(bits):
        b = 31 - i
        if ch != "x":
            mask |= 1 << b
            if ch == "1":
                value |= 1 << b
    return mask, value


def first_class(classes, word):
    for i, (_, _, bits, _) in enumerate(classes):
        m, v = mask_value(bits)
        if word & m == v:
            return i
    return -1


_MASKS = None


def classify(word):
    """The class name of one word, or None outside every class (fast: masks computed once)."""
    global _MASKS
    if _MASKS is None:
        _MASKS = [mask_value(c[2]) + (c[1],) for c in CLASSES]
    for m, v, name in _MASKS:
        if word & m == v:
            return name
    return None
