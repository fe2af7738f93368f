/*
 * disas-helpers.c - the operand and alias formatting behind the disassembler templates
 * (see disas-helpers.h and docs/design/decoder.md): register names by size, bitmask and
 * floating-point immediates, vector arrangements, opcode-indexed mnemonic tables for the
 * AdvSIMD groups, addressing modes, and the Arm ARM "preferred disassembly" alias rules
 * (MOV, CMP, LSL, UBFX, CSET, MUL, ...), spelled the way binutils' objdump prints them so
 * that tests/disas can compare the two word for word.
 * Example: dis_bfm(b, n, pc, 2, 1, 1, 0, 1, 0) ("ubfm x0, x1, #1, #0") -> "lsl x0, x1, #63".
 */
#include "target/aarch64/disas-helpers.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "target/aarch64/helper-a64.h"

typedef struct {
    char *b;
    size_t n, pos;
} Out;

static Out out_init(char *b, size_t n)
{
    Out o = {b, n, 0};
    if (n) {
        b[0] = '\0';
    }
    return o;
}

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    int w;

    if (o->n == 0 || o->pos + 1 >= o->n) {
        return;
    }
    va_start(ap, fmt);
    w = vsnprintf(o->b + o->pos, o->n - o->pos, fmt, ap);
    va_end(ap);
    if (w > 0) {
        o->pos += (size_t)w;
        if (o->pos >= o->n) {
            o->pos = o->n - 1;
        }
    }
}

const char *dis_xreg_name(char *buf, size_t len, int64_t r, int sp)
{
    if (r == 31) {
        snprintf(buf, len, "%s", sp ? "sp" : "xzr");
    } else {
        snprintf(buf, len, "x%d", (int)r);
    }
    return buf;
}

/* General register: x/w by sf; 31 is sp/wsp when sp, else xzr/wzr. */
static void reg(Out *o, int64_t sf, int64_t r, int sp)
{
    if (r == 31) {
        put(o, "%s", sf ? (sp ? "sp" : "xzr") : (sp ? "wsp" : "wzr"));
    } else {
        put(o, "%c%d", sf ? 'x' : 'w', (int)r);
    }
}

/* "ra, rb": two general registers of the same width */
static void reg_pair(Out *o, int64_t sf, int64_t ra, int sp_a, int64_t rb, int sp_b)
{
    reg(o, sf, ra, sp_a);
    put(o, ", ");
    reg(o, sf, rb, sp_b);
}

static void hex(Out *o, uint64_t v)
{
    put(o, "#0x%" PRIx64, v);
}

static const char *const conds[16] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                      "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"};
static const char *const shifts[4] = {"lsl", "lsr", "asr", "ror"};
static const char *const extends[8] = {"uxtb", "uxth", "uxtw", "uxtx",
                                       "sxtb", "sxth", "sxtw", "sxtx"};

/* ---------------------------------------------------------------------------------- */
/* Branches, exceptions, system                                                        */

DIS_HELPER(tb, int64_t op, int64_t b5, int64_t b40, int64_t imm, int64_t rt)
{
    Out o = out_init(b, n);
    put(&o, "%s ", op ? "tbnz" : "tbz");
    reg(&o, b5, rt, 0);
    put(&o, ", #%d, 0x%" PRIx64, (int)(b5 << 5 | b40), pc + (uint64_t)imm * 4);
}

DIS_HELPER(ret, int64_t rn)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "ret");
    if (rn != 30) {
        put(&o, " ");
        reg(&o, 1, rn, 0);
    }
}

DIS_HELPER(hint, int64_t crm, int64_t op2)
{
    static const char *const names[40] = {
        [0] = "nop",        [1] = "yield",      [2] = "wfe",        [3] = "wfi",
        [4] = "sev",        [5] = "sevl",       [7] = "xpaclri",    [8] = "pacia1716",
        [10] = "pacib1716", [12] = "autia1716", [14] = "autib1716", [16] = "esb",
        [17] = "psb csync", [18] = "tsb csync", [20] = "csdb",      [22] = "clearbhb",
        [24] = "paciaz",    [25] = "paciasp",   [26] = "pacibz",    [27] = "pacibsp",
        [28] = "autiaz",    [29] = "autiasp",   [30] = "autibz",    [31] = "autibsp",
        [32] = "bti",       [34] = "bti c",     [36] = "bti j",     [38] = "bti jc",
    };
    int h = (int)(crm << 3 | op2);
    Out o = out_init(b, n);
    (void)pc;
    if (h < 40 && names[h]) {
        put(&o, "%s", names[h]);
    } else {
        put(&o, "hint #0x%x", h);
    }
}

/* kind: 0 CLREX, 1 DSB, 2 DMB, 3 ISB */
DIS_HELPER(barrier, int64_t kind, int64_t crm)
{
    static const char *const opts[16] = {
        [1] = "oshld", [2] = "oshst",  [3] = "osh",  [5] = "nshld", [6] = "nshst", [7] = "nsh",
        [9] = "ishld", [10] = "ishst", [11] = "ish", [13] = "ld",   [14] = "st",   [15] = "sy"};
    static const char *const names[4] = {"clrex", "dsb", "dmb", "isb"};
    Out o = out_init(b, n);
    (void)pc;
    if (kind == 1 && crm == 0) {
        put(&o, "ssbb");
    } else if (kind == 1 && crm == 4) {
        put(&o, "pssbb");
    } else if ((kind == 0 || kind == 3) && crm == 15) {
        put(&o, "%s", names[kind]);
    } else if (kind == 0 || kind == 3) {
        put(&o, "%s #0x%x", names[kind], (int)crm);
    } else if (opts[crm]) {
        put(&o, "%s %s", names[kind], opts[crm]);
    } else {
        put(&o, "%s #0x%02x", names[kind], (int)crm);
    }
}

DIS_HELPER(msr_i, int64_t op1, int64_t crm, int64_t op2)
{
    const char *name = NULL;
    Out o = out_init(b, n);
    (void)pc;
    if (op1 == 0 && crm == 0 && op2 <= 2) {
        put(&o, "%s", op2 == 0 ? "cfinv" : op2 == 1 ? "xaflag" : "axflag");
        return;
    }
    if (op1 == 0 && op2 == 3) {
        name = "uao";
    } else if (op1 == 0 && op2 == 4) {
        name = "pan";
    } else if (op1 == 0 && op2 == 5) {
        name = "spsel";
    } else if (op1 == 3 && op2 == 1) {
        name = "ssbs";
    } else if (op1 == 3 && op2 == 2) {
        name = "dit";
    } else if (op1 == 3 && op2 == 4) {
        name = "tco";
    } else if (op1 == 3 && op2 == 6) {
        name = "daifset";
    } else if (op1 == 3 && op2 == 7) {
        name = "daifclr";
    }
    if (name) {
        put(&o, "msr %s, #0x%x", name, (int)crm);
    } else {
        put(&o, "msr s0_%d_c4_c%d_%d, xzr", (int)op1, (int)crm, (int)op2);
    }
}

DIS_HELPER(sys, int64_t l, int64_t op1, int64_t crn, int64_t crm, int64_t op2, int64_t rt)
{
    static const struct {
        int op1, crn, crm, op2;
        const char *name;
    } ops[] = {
        {0, 7, 1, 0, "ic ialluis"}, {0, 7, 5, 0, "ic iallu"}, {3, 7, 5, 1, "ic ivau"},
        {3, 7, 4, 1, "dc zva"},     {0, 7, 6, 1, "dc ivac"},  {0, 7, 6, 2, "dc isw"},
        {3, 7, 10, 1, "dc cvac"},   {0, 7, 10, 2, "dc csw"},  {3, 7, 11, 1, "dc cvau"},
        {3, 7, 14, 1, "dc civac"},  {0, 7, 14, 2, "dc cisw"}, {3, 7, 12, 1, "dc cvap"},
        {3, 7, 13, 1, "dc cvadp"},
    };
    Out o = out_init(b, n);
    (void)pc;
    if (!l) {
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            if (ops[i].op1 == op1 && ops[i].crn == crn && ops[i].crm == crm && ops[i].op2 == op2) {
                put(&o, "%s", ops[i].name);
                if (rt != 31 || strncmp(ops[i].name, "dc", 2) == 0 ||
                    strcmp(ops[i].name, "ic ivau") == 0) {
                    put(&o, ", ");
                    reg(&o, 1, rt, 0);
                }
                return;
            }
        }
        put(&o, "sys #%d, C%d, C%d, #%d", (int)op1, (int)crn, (int)crm, (int)op2);
        if (rt != 31) {
            put(&o, ", x%d", (int)rt);
        }
        return;
    }
    put(&o, "sysl ");
    reg(&o, 1, rt, 0);
    put(&o, ", #%d, C%d, C%d, #%d", (int)op1, (int)crn, (int)crm, (int)op2);
}

DIS_HELPER(sysreg, int64_t op0, int64_t op1, int64_t crn, int64_t crm, int64_t op2)
{
    static const struct {
        unsigned key;
        const char *name;
    } regs[] = {
#define SR(a, b_, c, d, e, nm) {(a) << 14 | (b_) << 11 | (c) << 7 | (d) << 3 | (e), nm}
        SR(3, 3, 4, 2, 0, "nzcv"),
        SR(3, 3, 4, 2, 1, "daif"),
        SR(3, 3, 4, 2, 5, "dit"),
        SR(3, 3, 4, 2, 6, "ssbs"),
        SR(3, 3, 4, 2, 7, "tco"),
        SR(3, 3, 4, 4, 0, "fpcr"),
        SR(3, 3, 4, 4, 1, "fpsr"),
        SR(3, 3, 13, 0, 2, "tpidr_el0"),
        SR(3, 3, 13, 0, 3, "tpidrro_el0"),
        SR(3, 3, 14, 0, 0, "cntfrq_el0"),
        SR(3, 3, 14, 0, 1, "cntpct_el0"),
        SR(3, 3, 14, 0, 2, "cntvct_el0"),
        SR(3, 3, 14, 0, 5, "cntpctss_el0"),
        SR(3, 3, 14, 0, 6, "cntvctss_el0"),
        SR(3, 3, 0, 0, 1, "ctr_el0"),
        SR(3, 3, 0, 0, 7, "dczid_el0"),
        SR(3, 3, 2, 4, 0, "rndr"),
        SR(3, 3, 2, 4, 1, "rndrrs"),
        SR(3, 0, 0, 0, 0, "midr_el1"),
        SR(3, 0, 0, 0, 5, "mpidr_el1"),
        SR(3, 0, 0, 0, 6, "revidr_el1"),
        /* the AArch32 ID registers (readable from AArch64 EL0 under Linux) */
        SR(3, 0, 0, 1, 0, "id_pfr0_el1"),
        SR(3, 0, 0, 1, 1, "id_pfr1_el1"),
        SR(3, 0, 0, 1, 2, "id_dfr0_el1"),
        SR(3, 0, 0, 1, 3, "id_afr0_el1"),
        SR(3, 0, 0, 1, 4, "id_mmfr0_el1"),
        SR(3, 0, 0, 1, 5, "id_mmfr1_el1"),
        SR(3, 0, 0, 1, 6, "id_mmfr2_el1"),
        SR(3, 0, 0, 1, 7, "id_mmfr3_el1"),
        SR(3, 0, 0, 2, 0, "id_isar0_el1"),
        SR(3, 0, 0, 2, 1, "id_isar1_el1"),
        SR(3, 0, 0, 2, 2, "id_isar2_el1"),
        SR(3, 0, 0, 2, 3, "id_isar3_el1"),
        SR(3, 0, 0, 2, 4, "id_isar4_el1"),
        SR(3, 0, 0, 2, 5, "id_isar5_el1"),
        SR(3, 0, 0, 2, 6, "id_mmfr4_el1"),
        SR(3, 0, 0, 2, 7, "id_isar6_el1"),
        SR(3, 0, 0, 3, 0, "mvfr0_el1"),
        SR(3, 0, 0, 3, 1, "mvfr1_el1"),
        SR(3, 0, 0, 3, 2, "mvfr2_el1"),
        SR(3, 0, 0, 3, 4, "id_pfr2_el1"),
        SR(3, 0, 0, 3, 5, "id_dfr1_el1"),
        SR(3, 0, 0, 3, 6, "id_mmfr5_el1"),
        SR(3, 0, 0, 4, 0, "id_aa64pfr0_el1"),
        SR(3, 0, 0, 4, 1, "id_aa64pfr1_el1"),
        SR(3, 0, 0, 4, 4, "id_aa64zfr0_el1"),
        SR(3, 0, 0, 5, 0, "id_aa64dfr0_el1"),
        SR(3, 0, 0, 5, 1, "id_aa64dfr1_el1"),
        SR(3, 0, 0, 5, 4, "id_aa64afr0_el1"),
        SR(3, 0, 0, 5, 5, "id_aa64afr1_el1"),
        SR(3, 0, 0, 6, 0, "id_aa64isar0_el1"),
        SR(3, 0, 0, 6, 1, "id_aa64isar1_el1"),
        SR(3, 0, 0, 6, 2, "id_aa64isar2_el1"),
        SR(3, 0, 0, 7, 0, "id_aa64mmfr0_el1"),
        SR(3, 0, 0, 7, 1, "id_aa64mmfr1_el1"),
        SR(3, 0, 0, 7, 2, "id_aa64mmfr2_el1"),
        SR(3, 0, 1, 0, 0, "sctlr_el1"),
        SR(3, 0, 4, 2, 2, "currentel"),
        SR(3, 0, 13, 0, 4, "tpidr_el1"),
        SR(3, 1, 0, 0, 0, "ccsidr_el1"),
#undef SR
    };
    unsigned key = (unsigned)(op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2);
    Out o = out_init(b, n);
    (void)pc;
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        if (regs[i].key == key) {
            put(&o, "%s", regs[i].name);
            return;
        }
    }
    put(&o, "s%d_%d_c%d_c%d_%d", (int)op0, (int)op1, (int)crn, (int)crm, (int)op2);
}

/* ---------------------------------------------------------------------------------- */
/* Integer data processing                                                             */

/* MoveWidePreferred() of the Arm ARM: would MOVZ/MOVN express this bitmask immediate? */
static int move_wide_preferred(int sf, int nbit, int imms, int immr)
{
    int width = sf ? 64 : 32;
    if (sf && !nbit) {
        return 0;
    }
    if (!sf && (nbit || (imms & 0x20))) {
        return 0;
    }
    if (imms < 16) {
        return ((-immr) & 15) <= 15 - imms;
    }
    if (imms >= width - 15) {
        return (immr & 15) <= imms - (width - 15);
    }
    return 0;
}

/* opc: 0 AND, 1 ORR, 2 EOR, 3 ANDS */
DIS_HELPER(logimm, int64_t opc, int64_t sf, int64_t nbit, int64_t immr, int64_t imms, int64_t rn,
           int64_t rd)
{
    static const char *const names[4] = {"and", "orr", "eor", "ands"};
    uint64_t imm = 0;
    Out o = out_init(b, n);
    (void)pc;
    a64_logic_imm_decode((int)sf, (int)nbit, (int)immr, (int)imms, &imm);
    if (opc == 1 && rn == 31 && !move_wide_preferred((int)sf, (int)nbit, (int)imms, (int)immr)) {
        put(&o, "mov ");
        reg(&o, sf, rd, 1);
    } else if (opc == 3 && rd == 31) {
        put(&o, "tst ");
        reg(&o, sf, rn, 0);
    } else {
        put(&o, "%s ", names[opc]);
        reg(&o, sf, rd, opc != 3);
        put(&o, ", ");
        reg(&o, sf, rn, 0);
    }
    put(&o, ", ");
    hex(&o, imm);
}

/* opc: 0 MOVN, 2 MOVZ, 3 MOVK */
DIS_HELPER(movw, int64_t opc, int64_t sf, int64_t hw, int64_t imm, int64_t rd)
{
    uint64_t v = (uint64_t)imm << (hw * 16);
    Out o = out_init(b, n);
    (void)pc;
    if (opc == 2 && !(imm == 0 && hw != 0)) {
        put(&o, "mov ");
        reg(&o, sf, rd, 0);
        put(&o, ", ");
        hex(&o, v);
        return;
    }
    if (opc == 0 && !(imm == 0 && hw != 0) && (sf || imm != 0xffff)) {
        v = ~v;
        if (!sf) {
            v &= 0xffffffffu;
        }
        put(&o, "mov ");
        reg(&o, sf, rd, 0);
        put(&o, ", ");
        hex(&o, v);
        return;
    }
    put(&o, "%s ", opc == 0 ? "movn" : opc == 2 ? "movz" : "movk");
    reg(&o, sf, rd, 0);
    put(&o, ", #0x%x", (unsigned)imm);
    if (hw) {
        put(&o, ", lsl #%d", (int)hw * 16);
    }
}

/* BFXPreferred() of the Arm ARM */
static int bfx_preferred(int sf, int uns, int imms, int immr)
{
    if (imms < immr) {
        return 0;
    }
    if (imms == (sf ? 63 : 31)) {
        return 0;
    }
    if (immr == 0) {
        if (!sf && (imms == 7 || imms == 15)) {
            return 0;
        }
        if (sf && !uns && (imms == 7 || imms == 15 || imms == 31)) {
            return 0;
        }
    }
    return 1;
}

/* opc: 0 SBFM, 1 BFM, 2 UBFM */
DIS_HELPER(bfm, int64_t opc, int64_t sf, int64_t immr, int64_t imms, int64_t rn, int64_t rd)
{
    int size = sf ? 64 : 32, r = (int)immr, s = (int)imms;
    const char *name = NULL;
    Out o = out_init(b, n);
    (void)pc;
#define RD_RN() reg_pair(&o, sf, rd, 0, rn, 0)
    if (opc == 1) {
        if (s < r) {
            if (rn == 31) {
                put(&o, "bfc ");
                reg(&o, sf, rd, 0);
            } else {
                put(&o, "bfi ");
                RD_RN();
            }
            put(&o, ", #%d, #%d", (size - r) & (size - 1), s + 1);
        } else {
            put(&o, "bfxil ");
            RD_RN();
            put(&o, ", #%d, #%d", r, s - r + 1);
        }
        return;
    }
    if (s == size - 1) {
        put(&o, "%s ", opc == 0 ? "asr" : "lsr");
        RD_RN();
        put(&o, ", #%d", r);
        return;
    }
    if (opc == 2 && s + 1 == r) {
        put(&o, "lsl ");
        RD_RN();
        put(&o, ", #%d", size - 1 - s);
        return;
    }
    if (s < r) {
        put(&o, "%s ", opc == 0 ? "sbfiz" : "ubfiz");
        RD_RN();
        put(&o, ", #%d, #%d", (size - r) & (size - 1), s + 1);
        return;
    }
    if (bfx_preferred((int)sf, opc == 2, s, r)) {
        put(&o, "%s ", opc == 0 ? "sbfx" : "ubfx");
        RD_RN();
        put(&o, ", #%d, #%d", r, s - r + 1);
        return;
    }
#undef RD_RN
    if (r == 0 && s == 7) {
        name = opc == 0 ? "sxtb" : "uxtb";
    } else if (r == 0 && s == 15) {
        name = opc == 0 ? "sxth" : "uxth";
    } else if (r == 0 && s == 31 && opc == 0) {
        name = "sxtw";
    }
    if (name) {
        put(&o, "%s ", name);
        reg(&o, sf && opc == 0, rd, 0);
        put(&o, ", ");
        reg(&o, 0, rn, 0);
        return;
    }
    put(&o, "%s ", opc == 0 ? "sbfm" : "ubfm");
    reg_pair(&o, sf, rd, 0, rn, 0);
    put(&o, ", #%d, #%d", r, s);
}

DIS_HELPER(extr, int64_t sf, int64_t rm, int64_t imms, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "%s ", rn == rm ? "ror" : "extr");
    reg_pair(&o, sf, rd, 0, rn, 0);
    if (rn != rm) {
        put(&o, ", ");
        reg(&o, sf, rm, 0);
    }
    put(&o, ", #%d", (int)imms);
}

static void shifted(Out *o, int64_t sf, int64_t rm, int64_t shift, int64_t amount)
{
    reg(o, sf, rm, 0);
    if (shift != 0 || amount != 0) {
        put(o, ", %s #%d", shifts[shift], (int)amount);
    }
}

/* opc: 0 AND, 1 ORR, 2 EOR, 3 ANDS; neg: the N bit (BIC, ORN, EON, BICS) */
DIS_HELPER(logreg, int64_t opc, int64_t neg, int64_t sf, int64_t shift, int64_t rm, int64_t imm6,
           int64_t rn, int64_t rd)
{
    static const char *const names[2][4] = {{"and", "orr", "eor", "ands"},
                                            {"bic", "orn", "eon", "bics"}};
    Out o = out_init(b, n);
    (void)pc;
    if (opc == 1 && rn == 31 && (neg || (shift == 0 && imm6 == 0))) {
        put(&o, "%s ", neg ? "mvn" : "mov");
        reg(&o, sf, rd, 0);
    } else if (opc == 3 && !neg && rd == 31) {
        put(&o, "tst ");
        reg(&o, sf, rn, 0);
    } else {
        put(&o, "%s ", names[neg][opc]);
        reg_pair(&o, sf, rd, 0, rn, 0);
    }
    put(&o, ", ");
    shifted(&o, sf, rm, shift, imm6);
}

DIS_HELPER(addsub_sr, int64_t sub, int64_t s, int64_t sf, int64_t shift, int64_t rm, int64_t imm6,
           int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    if (s && rd == 31) {
        put(&o, "%s ", sub ? "cmp" : "cmn");
        reg(&o, sf, rn, 0);
    } else if (sub && rn == 31) {
        put(&o, "%s ", s ? "negs" : "neg");
        reg(&o, sf, rd, 0);
    } else {
        put(&o, "%s%s ", sub ? "sub" : "add", s ? "s" : "");
        reg_pair(&o, sf, rd, 0, rn, 0);
    }
    put(&o, ", ");
    shifted(&o, sf, rm, shift, imm6);
}

DIS_HELPER(addsub_ext, int64_t sub, int64_t s, int64_t sf, int64_t rm, int64_t option, int64_t imm3,
           int64_t rn, int64_t rd)
{
    int uses_sp = rn == 31 || (!s && rd == 31);
    Out o = out_init(b, n);
    (void)pc;
    if (s && rd == 31) {
        put(&o, "%s ", sub ? "cmp" : "cmn");
        reg(&o, sf, rn, 1);
    } else {
        put(&o, "%s%s ", sub ? "sub" : "add", s ? "s" : "");
        reg(&o, sf, rd, !s);
        put(&o, ", ");
        reg(&o, sf, rn, 1);
    }
    put(&o, ", ");
    reg(&o, sf && (option & 3) == 3, rm, 0);
    if (uses_sp && option == (sf ? 3 : 2)) {
        if (imm3) {
            put(&o, ", lsl #%d", (int)imm3);
        }
    } else if (imm3) {
        put(&o, ", %s #%d", extends[option], (int)imm3);
    } else {
        put(&o, ", %s", extends[option]);
    }
}

DIS_HELPER(adc, int64_t sub, int64_t s, int64_t sf, int64_t rm, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    if (sub && rn == 31) {
        put(&o, "%s ", s ? "ngcs" : "ngc");
        reg(&o, sf, rd, 0);
    } else {
        put(&o, "%s%s ", sub ? "sbc" : "adc", s ? "s" : "");
        reg_pair(&o, sf, rd, 0, rn, 0);
    }
    put(&o, ", ");
    reg(&o, sf, rm, 0);
}

/* op:o2 = 00 CSEL, 01 CSINC, 10 CSINV, 11 CSNEG */
DIS_HELPER(csel, int64_t op, int64_t o2, int64_t sf, int64_t rm, int64_t cond, int64_t rn,
           int64_t rd)
{
    static const char *const names[4] = {"csel", "csinc", "csinv", "csneg"};
    static const char *const set[4] = {NULL, "cset", "csetm", NULL};
    static const char *const inv[4] = {NULL, "cinc", "cinv", "cneg"};
    int k = (int)(op << 1 | o2);
    Out o = out_init(b, n);
    (void)pc;
    if (k && (cond & 14) != 14 && rn == rm) {
        if (set[k] && rn == 31) {
            put(&o, "%s ", set[k]);
            reg(&o, sf, rd, 0);
            put(&o, ", %s", conds[cond ^ 1]);
            return;
        }
        if (k == 3 || rn != 31) {
            put(&o, "%s ", inv[k]);
            reg_pair(&o, sf, rd, 0, rn, 0);
            put(&o, ", %s", conds[cond ^ 1]);
            return;
        }
    }
    put(&o, "%s ", names[k]);
    reg_pair(&o, sf, rd, 0, rn, 0);
    put(&o, ", ");
    reg(&o, sf, rm, 0);
    put(&o, ", %s", conds[cond]);
}

DIS_HELPER(rev32, int64_t sf, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "%s ", sf ? "rev32" : "rev");
    reg_pair(&o, sf, rd, 0, rn, 0);
}

DIS_HELPER(crc, int64_t c, int64_t sz, int64_t sf, int64_t rm, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    (void)sf;
    put(&o, "crc32%s%c ", c ? "c" : "", "bhwx"[sz & 3]);
    reg_pair(&o, 0, rd, 0, rn, 0);
    put(&o, ", ");
    reg(&o, sz == 3, rm, 0);
}

/* op: 0 MADD, 1 MSUB, 2 SMADDL, 3 SMSUBL, 4 UMADDL, 5 UMSUBL */
DIS_HELPER(madd, int64_t op, int64_t sf, int64_t rm, int64_t ra, int64_t rn, int64_t rd)
{
    static const char *const full[6] = {"madd", "msub", "smaddl", "smsubl", "umaddl", "umsubl"};
    static const char *const alias[6] = {"mul", "mneg", "smull", "smnegl", "umull", "umnegl"};
    int wide = op >= 2;
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "%s ", ra == 31 ? alias[op] : full[op]);
    reg(&o, sf, rd, 0);
    put(&o, ", ");
    reg_pair(&o, sf && !wide, rn, 0, rm, 0);
    if (ra != 31) {
        put(&o, ", ");
        reg(&o, sf, ra, 0);
    }
}

/* ---------------------------------------------------------------------------------- */
/* Loads and stores                                                                    */

static const char *const size_sfx[4] = {"b", "h", "", ""};

static void base(Out *o, int64_t rn)
{
    put(o, "[");
    reg(o, 1, rn, 1);
}

static void base_imm(Out *o, int64_t rn, int64_t imm)
{
    base(o, rn);
    if (imm) {
        put(o, ", #%" PRId64, imm);
    }
    put(o, "]");
}

/* 5-bit PRFM operation: PLD/PLI/PST, L1..L3, KEEP/STRM; others as #imm */
static void prfop(Out *o, int64_t rt)
{
    static const char *const type[3] = {"pld", "pli", "pst"};
    int t = (int)(rt >> 3), tgt = (int)(rt >> 1 & 3);
    if (t < 3 && tgt < 3) {
        put(o, "%sl%d%s", type[t], tgt + 1, rt & 1 ? "strm" : "keep");
    } else {
        put(o, "#0x%02x", (int)rt);
    }
}

/* kind: 0 LDSTXR, 1 LDSTXP, 2 LDSTLR, 3 CAS_single, 4 CASP_pair */
DIS_HELPER(ldx, int64_t kind, int64_t sz, int64_t l, int64_t rs, int64_t o0, int64_t rt2,
           int64_t rn, int64_t rt)
{
    Out o = out_init(b, n);
    int x = sz == 3;
    (void)pc;
    switch (kind) {
    case 0:
        put(&o, "%s%s ", l ? (o0 ? "ldaxr" : "ldxr") : (o0 ? "stlxr" : "stxr"), size_sfx[sz]);
        if (!l) {
            reg(&o, 0, rs, 0);
            put(&o, ", ");
        }
        reg(&o, x, rt, 0);
        break;
    case 1:
        put(&o, "%s ", l ? (o0 ? "ldaxp" : "ldxp") : (o0 ? "stlxp" : "stxp"));
        if (!l) {
            reg(&o, 0, rs, 0);
            put(&o, ", ");
        }
        reg_pair(&o, sz, rt, 0, rt2, 0);
        break;
    case 2:
        put(&o, "%s%s ", l ? (o0 ? "ldar" : "ldlar") : (o0 ? "stlr" : "stllr"), size_sfx[sz]);
        reg(&o, x, rt, 0);
        break;
    case 3:
        put(&o, "cas%s%s%s ", l ? "a" : "", o0 ? "l" : "", size_sfx[sz]);
        reg_pair(&o, x, rs, 0, rt, 0);
        break;
    default:
        put(&o, "casp%s%s ", l ? "a" : "", o0 ? "l" : "");
        reg_pair(&o, sz, rs, 0, rs + 1, 0);
        put(&o, ", ");
        reg_pair(&o, sz, rt, 0, rt + 1, 0);
        break;
    }
    put(&o, ", ");
    base(&o, rn);
    put(&o, "]");
}

/* opc: 0 STLUR, 1 LDAPUR, 2 LDAPURS to X, 3 LDAPURS to W */
DIS_HELPER(ldapur, int64_t sz, int64_t opc, int64_t imm, int64_t rn, int64_t rt)
{
    static const char *const names[4] = {"stlur", "ldapur", "ldapurs", "ldapurs"};
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "%s%s%s ", names[opc], size_sfx[sz], opc >= 2 && sz == 2 ? "w" : "");
    reg(&o, opc == 2 || (opc < 2 && sz == 3), rt, 0);
    put(&o, ", ");
    base_imm(&o, rn, imm);
}

static const char fp_size_reg[5] = {'b', 'h', 's', 'd', 'q'};

DIS_HELPER(ldrlit, int64_t fp, int64_t opc, int64_t imm, int64_t rt)
{
    Out o = out_init(b, n);
    uint64_t target = pc + (uint64_t)imm * 4;
    if (fp) {
        put(&o, "ldr %c%d", "sdq"[opc], (int)rt);
    } else if (opc == 3) {
        put(&o, "prfm ");
        prfop(&o, rt);
    } else {
        put(&o, "%s ", opc == 2 ? "ldrsw" : "ldr");
        reg(&o, opc != 0, rt, 0);
    }
    put(&o, ", 0x%" PRIx64, target);
}

static void fpreg(Out *o, int size, int64_t r)
{
    put(o, "%c%d", fp_size_reg[size], (int)r);
}

/* idx: 0 no-allocate pair (offset), 1 post-index, 2 offset, 3 pre-index */
static void index_mode(Out *o, int64_t idx, int64_t rn, int64_t off)
{
    if (idx == 1) {
        base(o, rn);
        put(o, "], #%" PRId64, off);
    } else if (idx == 3) {
        base(o, rn);
        put(o, ", #%" PRId64 "]!", off);
    } else {
        base_imm(o, rn, off);
    }
}

DIS_HELPER(ldstp, int64_t fp, int64_t opc, int64_t idx, int64_t l, int64_t imm, int64_t rt2,
           int64_t rn, int64_t rt)
{
    Out o = out_init(b, n);
    int scale;
    (void)pc;
    if (fp) {
        scale = 2 + (int)opc;
        put(&o, "%s ", idx == 0 ? (l ? "ldnp" : "stnp") : (l ? "ldp" : "stp"));
        fpreg(&o, scale, rt);
        put(&o, ", ");
        fpreg(&o, scale, rt2);
    } else {
        scale = opc == 2 ? 3 : 2;
        put(&o, "%s ", idx == 0 ? (l ? "ldnp" : "stnp") : opc == 1 ? "ldpsw" : (l ? "ldp" : "stp"));
        reg_pair(&o, opc != 0, rt, 0, rt2, 0);
    }
    put(&o, ", ");
    index_mode(&o, idx, rn, imm * (1 << scale));
}

/* mode: 0 imm9 (idx: 0 unscaled, 1 post, 2 unprivileged, 3 pre), 1 register offset
 * (imm = option, idx = S), 2 unsigned scaled 12-bit immediate */
DIS_HELPER(ldst, int64_t fp, int64_t mode, int64_t sz, int64_t opc, int64_t imm, int64_t idx,
           int64_t rm, int64_t rn, int64_t rt)
{
    const char *mod = mode == 0 && idx == 0 ? "u" : mode == 0 && idx == 2 ? "t" : "";
    int scale;
    Out o = out_init(b, n);
    (void)pc;
    if (fp) {
        scale = (int)(((opc & 2) << 1) | sz);
        put(&o, "%s%sr ", opc & 1 ? "ld" : "st", mod);
        fpreg(&o, scale, rt);
    } else if (opc == 2 && sz == 3) {
        scale = 3;
        put(&o, "prf%sm ", mod);
        prfop(&o, rt);
    } else {
        scale = (int)sz;
        if (opc < 2) {
            put(&o, "%s%sr%s ", opc ? "ld" : "st", mod, size_sfx[sz]);
        } else {
            put(&o, "ld%srs%s ", mod, sz == 2 ? "w" : size_sfx[sz]);
        }
        reg(&o, opc == 2 || (opc < 2 && sz == 3), rt, 0);
    }
    put(&o, ", ");
    if (mode == 0) {
        index_mode(&o, idx == 0 || idx == 2 ? 2 : idx, rn, imm);
    } else if (mode == 2) {
        base_imm(&o, rn, imm << scale);
    } else {
        int option = (int)imm, s = (int)idx;
        base(&o, rn);
        put(&o, ", ");
        reg(&o, option & 1, rm, 0);
        if (option == 3) {
            if (s) {
                put(&o, ", lsl #%d", scale);
            }
        } else {
            put(&o, ", %s", extends[option]);
            if (s) {
                put(&o, " #%d", scale);
            }
        }
        put(&o, "]");
    }
}

/* op: 0..7 LDADD LDCLR LDEOR LDSET LDSMAX LDSMIN LDUMAX LDUMIN, 8 SWP, 9 LDAPR */
DIS_HELPER(atomic, int64_t op, int64_t sz, int64_t a, int64_t r, int64_t rs, int64_t rn, int64_t rt)
{
    static const char *const ops[8] = {"add", "clr", "eor", "set", "smax", "smin", "umax", "umin"};
    int x = sz == 3;
    Out o = out_init(b, n);
    (void)pc;
    if (op == 9) {
        put(&o, "ldapr%s ", size_sfx[sz]);
    } else if (op < 8 && !a && rt == 31) {
        put(&o, "st%s%s%s ", ops[op], r ? "l" : "", size_sfx[sz]);
        reg(&o, x, rs, 0);
        put(&o, ", ");
        base(&o, rn);
        put(&o, "]");
        return;
    } else {
        put(&o, "%s%s%s%s%s ", op == 8 ? "swp" : "ld", op == 8 ? "" : ops[op], a ? "a" : "",
            r ? "l" : "", size_sfx[sz]);
        reg(&o, x, rs, 0);
        put(&o, ", ");
    }
    reg(&o, x, rt, 0);
    put(&o, ", ");
    base(&o, rn);
    put(&o, "]");
}

static const char *const arrangements[8] = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};

/* {v1.16b, v2.16b} or, for 3 and 4 registers that do not wrap past v31, {v1.16b-v3.16b};
 * arr is an arrangement ("16b") or a lane size ("s", as in {v0.s, v1.s}[1]) */
static void vlist(Out *o, int64_t first, int count, const char *arr)
{
    put(o, "{");
    if (count >= 3 && first + count <= 32) {
        put(o, "v%d.%s-v%d.%s", (int)first, arr, (int)((first + count - 1) & 31), arr);
    } else {
        for (int i = 0; i < count; i++) {
            put(o, "%sv%d.%s", i ? ", " : "", (int)((first + i) & 31), arr);
        }
    }
    put(o, "}");
}

DIS_HELPER(ldst_vec, int64_t single, int64_t q, int64_t l, int64_t r, int64_t post, int64_t rm,
           int64_t op, int64_t s, int64_t sz, int64_t rn, int64_t rt)
{
    Out o = out_init(b, n);
    int nregs, selem, bytes;
    (void)pc;
    if (!single) {
        static const int regs[16] = {4, 0, 4, 0, 3, 0, 3, 1, 2, 0, 2, 0, 0, 0, 0, 0};
        static const int el[16] = {4, 0, 1, 0, 3, 0, 1, 1, 2, 0, 1, 0, 0, 0, 0, 0};
        nregs = regs[op];
        selem = el[op];
        put(&o, "%s%d ", l ? "ld" : "st", selem);
        vlist(&o, rt, nregs, arrangements[sz << 1 | q]);
        bytes = nregs * (q ? 16 : 8);
    } else {
        int scale = (int)(op >> 1), index = 0, esize;
        selem = (int)(((op & 1) << 1) | r) + 1;
        if (scale == 3) {
            put(&o, "ld%dr ", selem);
            vlist(&o, rt, selem, arrangements[sz << 1 | q]);
            bytes = selem << sz;
        } else {
            if (scale == 2 && (sz & 1)) {
                scale = 3;
                index = (int)q;
            } else if (scale == 2) {
                index = (int)(q << 1 | s);
            } else if (scale == 1) {
                index = (int)(q << 2 | s << 1 | sz >> 1);
            } else {
                index = (int)(q << 3 | s << 2 | sz);
            }
            esize = scale;
            put(&o, "%s%d ", l ? "ld" : "st", selem);
            vlist(&o, rt, selem, (const char *[]){"b", "h", "s", "d"}[esize]);
            put(&o, "[%d]", index);
            bytes = selem << esize;
        }
    }
    put(&o, ", ");
    base(&o, rn);
    put(&o, "]");
    if (post) {
        if (rm == 31) {
            put(&o, ", #%d", bytes);
        } else {
            put(&o, ", x%d", (int)rm);
        }
    }
}

/* ---------------------------------------------------------------------------------- */
/* Scalar floating point                                                               */

/* ftype: 0 single, 1 double, 3 half */
static void freg_out(Out *o, int64_t type, int64_t r)
{
    put(o, "%c%d", type == 0 ? 's' : type == 1 ? 'd' : type == 3 ? 'h' : '?', (int)r);
}

DIS_HELPER(freg, int64_t type, int64_t r)
{
    Out o = out_init(b, n);
    (void)pc;
    freg_out(&o, type, r);
}

/* VFPExpandImm(): +-(16 + efgh) / 16 * 2^((bcd ^ 4) - 3), printed like objdump */
static double fp_imm8(int64_t imm8)
{
    double v = ldexp((16.0 + (double)(imm8 & 15)) / 16.0, (int)(((imm8 >> 4) & 7) ^ 4) - 3);
    return imm8 & 0x80 ? -v : v;
}

DIS_HELPER(fmovimm, int64_t type, int64_t imm8)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "#%.18e", fp_imm8(imm8));
    (void)type;
}

/* FRINT<mode>: opcode = rmode (0 n, 1 p, 2 m, 3 z, 4 a, 6 x, 7 i) */
DIS_HELPER(fp1, int64_t opcode, int64_t type, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "frint%c ", "npmza?xi"[opcode & 7]);
    freg_out(&o, type, rd);
    put(&o, ", ");
    freg_out(&o, type, rn);
}

DIS_HELPER(fcmp, int64_t e, int64_t z, int64_t type, int64_t rm, int64_t rn)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "fcmp%s ", e ? "e" : "");
    freg_out(&o, type, rn);
    if (z) {
        put(&o, ", #0.0");
    } else {
        put(&o, ", ");
        freg_out(&o, type, rm);
    }
}

DIS_HELPER(fccmp, int64_t e, int64_t type, int64_t rm, int64_t cond, int64_t rn, int64_t nzcv)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "fccmp%s ", e ? "e" : "");
    freg_out(&o, type, rn);
    put(&o, ", ");
    freg_out(&o, type, rm);
    put(&o, ", #0x%x, %s", (unsigned)nzcv, conds[cond]);
}

DIS_HELPER(fmov_gen, int64_t to_fp, int64_t sf, int64_t type, int64_t top, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    int64_t fr = to_fp ? rd : rn, gr = to_fp ? rn : rd;
    (void)pc;
    put(&o, "fmov ");
    for (int i = 0; i < 2; i++) {
        if ((i == 0) == (to_fp != 0)) {
            if (top) {
                put(&o, "v%d.d[1]", (int)fr);
            } else {
                freg_out(&o, type, fr);
            }
        } else {
            reg(&o, sf, gr, 0);
        }
        if (i == 0) {
            put(&o, ", ");
        }
    }
}

/* kind: 0 FCVT<mode>{S,U}, 1 FCVTA{S,U}, 2 {S,U}CVTF, 3 FCVTZ{S,U} fixed, 4 {S,U}CVTF fixed */
DIS_HELPER(fcvt_gen, int64_t kind, int64_t sf, int64_t type, int64_t rmode, int64_t u,
           int64_t scale, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    char su = u ? 'u' : 's';
    (void)pc;
    if (kind == 2 || kind == 4) {
        put(&o, "%ccvtf ", su);
        freg_out(&o, type, rd);
        put(&o, ", ");
        reg(&o, sf, rn, 0);
    } else {
        put(&o, "fcvt%c%c ", kind == 1 ? 'a' : kind == 3 ? 'z' : "npmz"[rmode & 3], su);
        reg(&o, sf, rd, 0);
        put(&o, ", ");
        freg_out(&o, type, rn);
    }
    if (kind >= 3) {
        put(&o, ", #%d", (int)(64 - scale));
    }
}

/* ---------------------------------------------------------------------------------- */
/* Advanced SIMD.  In the group helpers q = -1 selects the scalar form of the group.   */

static const char elem_ch[4] = {'b', 'h', 's', 'd'};

/* vN.<T> for element size log2 `size` (0 b .. 3 d) and 64/128-bit q */
static void vreg(Out *o, int64_t r, int64_t size, int64_t q)
{
    put(o, "v%d.%s", (int)r, arrangements[(size & 3) << 1 | (q & 1)]);
}

/* scalar SIMD register by element size: b0, h0, s0, d0 */
static void sreg(Out *o, int64_t r, int64_t size)
{
    put(o, "%c%d", elem_ch[size & 3], (int)r);
}

/* vector register (q >= 0) or scalar register (q < 0) of element size `size` */
static void vs(Out *o, int64_t r, int64_t size, int64_t q)
{
    if (q < 0) {
        sreg(o, r, size);
    } else {
        vreg(o, r, size, q);
    }
}

static void two(Out *o, const char *mn, int64_t q)
{
    put(o, "%s%s ", mn, q > 0 ? "2" : "");
}

/* "OP vd, vn, vm" with three registers of one shape */
static void three_same(Out *o, const char *mn, int64_t size, int64_t q, int64_t rd, int64_t rn,
                       int64_t rm)
{
    put(o, "%s ", mn);
    vs(o, rd, size, q);
    put(o, ", ");
    vs(o, rn, size, q);
    put(o, ", ");
    vs(o, rm, size, q);
}

DIS_HELPER(copy, int64_t kind, int64_t q, int64_t imm5, int64_t imm4, int64_t rn, int64_t rd)
{
    int size = imm5 & 1 ? 0 : imm5 & 2 ? 1 : imm5 & 4 ? 2 : 3;
    int index = (int)(imm5 >> (size + 1));
    Out o = out_init(b, n);
    (void)pc;
    switch (kind) {
    case 0: /* DUP (element) */
        put(&o, "dup ");
        vreg(&o, rd, size, q);
        put(&o, ", v%d.%c[%d]", (int)rn, elem_ch[size], index);
        break;
    case 1: /* DUP (general) */
        put(&o, "dup ");
        vreg(&o, rd, size, q);
        put(&o, ", ");
        reg(&o, size == 3, rn, 0);
        break;
    case 2: /* SMOV */
    case 3: /* UMOV, MOV alias for 32/64-bit */
        if (kind == 3 && size >= 2) {
            put(&o, "mov ");
        } else {
            put(&o, "%s ", kind == 2 ? "smov" : "umov");
        }
        reg(&o, kind == 2 ? q : size == 3, rd, 0);
        put(&o, ", v%d.%c[%d]", (int)rn, elem_ch[size], index);
        break;
    case 4: /* INS (general), MOV alias */
        put(&o, "mov v%d.%c[%d], ", (int)rd, elem_ch[size], index);
        reg(&o, size == 3, rn, 0);
        break;
    case 5: /* INS (element), MOV alias */
        put(&o, "mov v%d.%c[%d], v%d.%c[%d]", (int)rd, elem_ch[size], index, (int)rn, elem_ch[size],
            (int)(imm4 >> size));
        break;
    default: /* DUP (element, scalar), MOV alias */
        put(&o, "mov %c%d, v%d.%c[%d]", elem_ch[size], (int)rd, (int)rn, elem_ch[size], index);
        break;
    }
}

DIS_HELPER(v3same, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rm, int64_t rn,
           int64_t rd)
{
    static const char *const ints[2][24] = {
        {"shadd", "sqadd", "srhadd", NULL,     "shsub", "sqsub", "cmgt",    "cmge",
         "sshl",  "sqshl", "srshl",  "sqrshl", "smax",  "smin",  "sabd",    "saba",
         "add",   "cmtst", "mla",    "mul",    "smaxp", "sminp", "sqdmulh", "addp"},
        {"uhadd", "uqadd", "urhadd", NULL,     "uhsub", "uqsub", "cmhi",     "cmhs",
         "ushl",  "uqshl", "urshl",  "uqrshl", "umax",  "umin",  "uabd",     "uaba",
         "sub",   "cmeq",  "mls",    "pmul",   "umaxp", "uminp", "sqrdmulh", NULL},
    };
    /* [u][a][opc - 24], a = size<1> */
    static const char *const fps[2][2][8] = {
        {{"fmaxnm", "fmla", "fadd", "fmulx", "fcmeq", "fmlal", "fmax", "frecps"},
         {"fminnm", "fmls", "fsub", NULL, NULL, "fmlsl", "fmin", "frsqrts"}},
        {{"fmaxnmp", "fmlal2", "faddp", "fmul", "fcmge", "facge", "fmaxp", "fdiv"},
         {"fminnmp", "fmlsl2", "fabd", NULL, "fcmgt", "facgt", "fminp", NULL}},
    };
    static const char *const logic[2][4] = {{"and", "bic", "orr", "orn"},
                                            {"eor", "bsl", "bit", "bif"}};
    Out o = out_init(b, n);
    const char *mn;
    (void)pc;
    if (opc >= 32) { /* per-mnemonic FP patterns pass size<1> as opc + 32 */
        opc -= 32;
        size |= 2;
    }
    if (opc == 3) {
        if (!u && size == 2 && rn == rm) {
            put(&o, "mov ");
            vreg(&o, rd, 0, q);
            put(&o, ", ");
            vreg(&o, rn, 0, q);
            return;
        }
        three_same(&o, logic[u][size], 0, q, rd, rn, rm);
        return;
    }
    if (opc >= 24) {
        mn = fps[u][size >> 1][opc - 24];
        three_same(&o, mn ? mn : "?", 2 + (size & 1), q, rd, rn, rm);
        return;
    }
    mn = ints[u][opc];
    three_same(&o, mn ? mn : "?", size, q, rd, rn, rm);
}

/* 3 different: long (L), wide (W) and narrowing high half (HN) forms */
DIS_HELPER(v3diff, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rm, int64_t rn,
           int64_t rd)
{
    static const char *const names[2][15] = {
        {"saddl", "saddw", "ssubl", "ssubw", "addhn", "sabal", "subhn", "sabdl", "smlal", "sqdmlal",
         "smlsl", "sqdmlsl", "smull", "sqdmull", "pmull"},
        {"uaddl", "uaddw", "usubl", "usubw", "raddhn", "uabal", "rsubhn", "uabdl", "umlal", NULL,
         "umlsl", NULL, "umull", NULL, NULL},
    };
    const char *mn = opc < 15 ? names[u][opc] : NULL;
    int wide = opc == 1 || opc == 3, narrow = opc == 4 || opc == 6;
    Out o = out_init(b, n);
    (void)pc;
    two(&o, mn ? mn : "?", q);
    if (opc == 14 && size == 3) {
        put(&o, "v%d.1q, ", (int)rd);
        vreg(&o, rn, 3, q);
        put(&o, ", ");
        vreg(&o, rm, 3, q);
        return;
    }
    if (narrow) {
        vreg(&o, rd, size, q);
        put(&o, ", ");
        vreg(&o, rn, size + 1, 1);
        put(&o, ", ");
        vreg(&o, rm, size + 1, 1);
        return;
    }
    vs(&o, rd, size + 1, q < 0 ? -1 : 1);
    put(&o, ", ");
    vs(&o, rn, wide ? size + 1 : size, q < 0 ? -1 : wide ? 1 : q);
    put(&o, ", ");
    vs(&o, rm, size, q);
}

DIS_HELPER(v2misc, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rn, int64_t rd)
{
    static const char *const ints[2][21] = {
        {"rev64", "rev16", "saddlp", "suqadd", "cls", "cnt", "sadalp",
         "sqabs", "cmgt",  "cmeq",   "cmlt",   "abs", NULL,  NULL,
         NULL,    NULL,    NULL,     NULL,     "xtn", NULL,  "sqxtn"},
        {"rev32", NULL, "uaddlp", "usqadd", "clz", "mvn", "uadalp", "sqneg",  "cmge", "cmle", NULL,
         "neg",   NULL, NULL,     NULL,     NULL,  NULL,  NULL,     "sqxtun", "shll", "uqxtn"},
    };
    /* [u][a][opc - 12] for opc 12..31, a = size<1> */
    static const char *const fps[2][2][20] = {
        {{NULL,     NULL,     NULL,     NULL,    NULL,       NULL,      NULL,
          NULL,     NULL,     NULL,     "fcvtn", "fcvtl",    "frintn",  "frintm",
          "fcvtns", "fcvtms", "fcvtas", "scvtf", "frint32z", "frint64z"},
         {"fcmgt",  "fcmeq",  "fcmlt",  "fabs",   NULL, NULL,     NULL,
          NULL,     NULL,     NULL,     NULL,     NULL, "frintp", "frintz",
          "fcvtps", "fcvtzs", "urecpe", "frecpe", NULL, "frecpx"}},
        {{NULL,     NULL,     NULL,     NULL,     NULL,       NULL,      NULL,
          NULL,     NULL,     NULL,     "fcvtxn", NULL,       "frinta",  "frintx",
          "fcvtnu", "fcvtmu", "fcvtau", "ucvtf",  "frint32x", "frint64x"},
         {"fcmge",  "fcmle",  NULL,      "fneg",    NULL, NULL,   NULL,
          NULL,     NULL,     NULL,      NULL,      NULL, NULL,   "frinti",
          "fcvtpu", "fcvtzu", "ursqrte", "frsqrte", NULL, "fsqrt"}},
    };
    const char *mn = NULL;
    int fp = 0, esz = (int)size;
    Out o = out_init(b, n);
    (void)pc;
    if (opc >= 12 && !(opc >= 18 && opc <= 20)) {
        fp = 1;
        mn = fps[u][size >> 1][opc - 12];
        esz = 2 + (int)(size & 1);
    } else if (opc <= 20) {
        mn = ints[u][opc];
        if (u == 1 && opc == 5 && size == 1) {
            mn = "rbit";
        }
    }
    if (!mn) {
        mn = "?";
    }
    if (opc == 2 || opc == 6) { /* pairwise long */
        put(&o, "%s ", mn);
        vreg(&o, rd, size + 1, q);
        put(&o, ", ");
        vreg(&o, rn, size, q);
        return;
    }
    if (opc == 18 || opc == 20 || opc == 22) { /* narrowing */
        int nsz = opc == 22 ? 1 + (int)(size & 1) : (int)size;
        if (q < 0) {
            put(&o, "%s ", mn);
            sreg(&o, rd, nsz);
            put(&o, ", ");
            sreg(&o, rn, nsz + 1);
            return;
        }
        two(&o, mn, q);
        vreg(&o, rd, nsz, q);
        put(&o, ", ");
        vreg(&o, rn, nsz + 1, 1);
        return;
    }
    if (opc == 23 && !u) { /* FCVTL: widening */
        two(&o, mn, q);
        vreg(&o, rd, 2 + (size & 1), 1);
        put(&o, ", ");
        vreg(&o, rn, 1 + (size & 1), q);
        return;
    }
    if (opc == 19 && u) { /* SHLL */
        two(&o, mn, q);
        vreg(&o, rd, size + 1, 1);
        put(&o, ", ");
        vreg(&o, rn, size, q);
        put(&o, ", #%d", 8 << size);
        return;
    }
    if (!fp && opc == 5) {
        esz = 0;
    }
    if (opc == 28 && (size >> 1)) { /* URECPE, URSQRTE: 32-bit integer elements */
        esz = 2;
    }
    put(&o, "%s ", mn);
    vs(&o, rd, esz, q);
    put(&o, ", ");
    vs(&o, rn, esz, q);
    if (opc >= 8 && opc <= 10) {
        put(&o, ", #0");
    } else if (fp && opc >= 12 && opc <= 14) {
        put(&o, ", #0.0");
    }
}

/* across lanes (q >= 0) and scalar pairwise (q < 0: element pairs of v<rn>) */
DIS_HELPER(vacross, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    const char *mn = "?";
    int dsz = (int)size, nsz = (int)size;
    int64_t nq = q;
    (void)pc;
    if (q < 0) { /* ADDP (scalar), F{MAX,MIN}{NM}P, FADDP (scalar) */
        if (!u && opc == 27) {
            mn = "addp";
        } else if (u && opc == 12) {
            mn = size >> 1 ? "fminnmp" : "fmaxnmp";
        } else if (u && opc == 13) {
            mn = "faddp";
        } else if (u && opc == 15) {
            mn = size >> 1 ? "fminp" : "fmaxp";
        }
        if (u) {
            dsz = nsz = 2 + (int)(size & 1);
        }
        nq = 1;
        if (u && dsz == 2) {
            nq = 0;
        }
    } else if (opc == 12 || opc == 15) {
        mn = opc == 12 ? (size >> 1 ? "fminnmv" : "fmaxnmv") : (size >> 1 ? "fminv" : "fmaxv");
        dsz = nsz = 2;
    } else {
        static const char *const names[2][28] = {
            {[3] = "saddlv", [10] = "smaxv", [26] = "sminv", [27] = "addv"},
            {[3] = "uaddlv", [10] = "umaxv", [26] = "uminv"},
        };
        if (opc < 28 && names[u][opc]) {
            mn = names[u][opc];
        }
        if (opc == 3) {
            dsz = (int)size + 1;
        }
    }
    put(&o, "%s ", mn);
    sreg(&o, rd, dsz);
    put(&o, ", ");
    vreg(&o, rn, nsz, nq);
}

/* shift by immediate: element size from the highest set bit of immh */
DIS_HELPER(vshift, int64_t u, int64_t opc, int64_t q, int64_t immh, int64_t immb, int64_t rn,
           int64_t rd)
{
    static const char *const names[2][32] = {
        {[0] = "sshr",
         [2] = "ssra",
         [4] = "srshr",
         [6] = "srsra",
         [10] = "shl",
         [14] = "sqshl",
         [16] = "shrn",
         [17] = "rshrn",
         [18] = "sqshrn",
         [19] = "sqrshrn",
         [20] = "sshll",
         [28] = "scvtf",
         [31] = "fcvtzs"},
        {[0] = "ushr",
         [2] = "usra",
         [4] = "urshr",
         [6] = "ursra",
         [8] = "sri",
         [10] = "sli",
         [12] = "sqshlu",
         [14] = "uqshl",
         [16] = "sqshrun",
         [17] = "sqrshrun",
         [18] = "uqshrn",
         [19] = "uqrshrn",
         [20] = "ushll",
         [28] = "ucvtf",
         [31] = "fcvtzu"},
    };
    int es = immh & 8 ? 3 : immh & 4 ? 2 : immh & 2 ? 1 : 0;
    int esize = 8 << es, immhb = (int)(immh << 3 | immb);
    int left = opc == 10 || opc == 12 || opc == 14 || opc == 20;
    int shift = left ? immhb - esize : 2 * esize - immhb;
    const char *mn = opc < 32 && names[u][opc] ? names[u][opc] : "?";
    Out o = out_init(b, n);
    (void)pc;
    if (opc >= 16 && opc <= 19) { /* narrowing */
        if (q < 0) {
            put(&o, "%s ", mn);
            sreg(&o, rd, es);
            put(&o, ", ");
            sreg(&o, rn, es + 1);
        } else {
            two(&o, mn, q);
            vreg(&o, rd, es, q);
            put(&o, ", ");
            vreg(&o, rn, es + 1, 1);
        }
        put(&o, ", #%d", shift);
        return;
    }
    if (opc == 20) { /* SSHLL/USHLL, SXTL/UXTL when the shift is 0 */
        if (shift == 0) {
            two(&o, u ? "uxtl" : "sxtl", q);
        } else {
            two(&o, mn, q);
        }
        vreg(&o, rd, es + 1, 1);
        put(&o, ", ");
        vreg(&o, rn, es, q);
        if (shift) {
            put(&o, ", #%d", shift);
        }
        return;
    }
    put(&o, "%s ", mn);
    vs(&o, rd, es, q);
    put(&o, ", ");
    vs(&o, rn, es, q);
    put(&o, ", #%d", shift);
}

DIS_HELPER(vindexed, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t l, int64_t m,
           int64_t rm, int64_t h, int64_t rn, int64_t rd)
{
    static const char *const names[2][16] = {
        {"fmlal", "fmla", "smlal", "sqdmlal", "fmlsl", "fmls", "smlsl", "sqdmlsl", "mul", "fmul",
         "smull", "sqdmull", "sqdmulh", "sqrdmulh", "sdot", NULL},
        {"mla", NULL, "umlal", NULL, "mls", NULL, "umlsl", NULL, "fmlal2", "fmulx", "umull", NULL,
         "fmlsl2", "sqrdmlah", "udot", "sqrdmlsh"},
    };
    const char *mn = names[u][opc] ? names[u][opc] : "?";
    int fp = (!u && (opc == 1 || opc == 5 || opc == 9)) || (u && opc == 9);
    int longf = opc == 2 || opc == 3 || opc == 6 || opc == 7 || opc == 10 || opc == 11;
    int index, reg_m, es = (int)size;
    Out o = out_init(b, n);
    (void)pc;
    if (es == 1) {
        index = (int)(h << 2 | l << 1 | m);
        reg_m = (int)rm;
    } else if (es == 2) {
        index = (int)(h << 1 | l);
        reg_m = (int)(m << 4 | rm);
    } else {
        index = (int)h;
        reg_m = (int)(m << 4 | rm);
    }
    if (longf) {
        if (q < 0) {
            put(&o, "%s ", mn);
            sreg(&o, rd, es + 1);
            put(&o, ", ");
            sreg(&o, rn, es);
        } else {
            two(&o, mn, q);
            vreg(&o, rd, es + 1, 1);
            put(&o, ", ");
            vreg(&o, rn, es, q);
        }
    } else {
        put(&o, "%s ", mn);
        vs(&o, rd, es, q);
        put(&o, ", ");
        vs(&o, rn, es, q);
    }
    (void)fp;
    put(&o, ", v%d.%c[%d]", reg_m, elem_ch[es], index);
}

DIS_HELPER(vperm, int64_t opc, int64_t q, int64_t size, int64_t rm, int64_t rn, int64_t rd)
{
    static const char *const names[8] = {NULL, "uzp1", "trn1", "zip1",
                                         NULL, "uzp2", "trn2", "zip2"};
    Out o = out_init(b, n);
    (void)pc;
    three_same(&o, names[opc] ? names[opc] : "?", size, q, rd, rn, rm);
}

DIS_HELPER(vtbl, int64_t q, int64_t len, int64_t op, int64_t rm, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    put(&o, "%s ", op ? "tbx" : "tbl");
    vreg(&o, rd, 0, q);
    put(&o, ", ");
    vlist(&o, rn, (int)len + 1, "16b");
    put(&o, ", ");
    vreg(&o, rm, 0, q);
}

DIS_HELPER(vext, int64_t q, int64_t rm, int64_t imm4, int64_t rn, int64_t rd)
{
    Out o = out_init(b, n);
    (void)pc;
    three_same(&o, "ext", 0, q, rd, rn, rm);
    put(&o, ", #%d", (int)imm4);
}

DIS_HELPER(modimm, int64_t q, int64_t op, int64_t abc, int64_t cmode, int64_t o2, int64_t defgh,
           int64_t rd)
{
    unsigned imm8 = (unsigned)(abc << 5 | defgh);
    Out o = out_init(b, n);
    (void)pc;
    if (cmode == 15) {
        put(&o, "fmov ");
        vreg(&o, rd, o2 ? 1 : op ? 3 : 2, q);
        put(&o, ", #%.18e", fp_imm8(imm8));
        return;
    }
    if (cmode == 14) {
        if (!op) {
            put(&o, "movi ");
            vreg(&o, rd, 0, q);
            put(&o, ", #0x%x", imm8);
            return;
        }
        uint64_t v = 0;
        for (int i = 0; i < 8; i++) {
            if (imm8 >> i & 1) {
                v |= 0xffull << (8 * i);
            }
        }
        if (q) {
            put(&o, "movi v%d.2d, #0x%" PRIx64, (int)rd, v);
        } else {
            put(&o, "movi d%d, #0x%" PRIx64, (int)rd, v);
        }
        return;
    }
    if ((cmode & 14) == 12) { /* 32-bit shifting ones */
        put(&o, "%s ", op ? "mvni" : "movi");
        vreg(&o, rd, 2, q);
        put(&o, ", #0x%x, msl #%d", imm8, cmode & 1 ? 16 : 8);
        return;
    }
    int half = (cmode & 12) == 8;
    int amount = half ? (int)(cmode >> 1 & 1) * 8 : (int)(cmode >> 1 & 3) * 8;
    const char *mn = cmode & 1 ? (op ? "bic" : "orr") : (op ? "mvni" : "movi");
    put(&o, "%s ", mn);
    vreg(&o, rd, half ? 1 : 2, q);
    put(&o, ", #0x%x", imm8);
    if (amount) {
        put(&o, ", lsl #%d", amount);
    }
}
