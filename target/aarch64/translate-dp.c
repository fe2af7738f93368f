/*
 * translate-dp.c - A64 integer data processing: the trans_* functions for the patterns
 * of a64-dp.decode (immediate and register forms, Arm ARM C4.1.86 / C4.1.88 and the
 * instruction descriptions in C6.2).
 *
 * Integer work is done on I64 temps; 32-bit (sf == 0) forms either compute on the low
 * half and let write_wreg zero-extend, or (shifts, division) use I32 ops where the width
 * matters.  Flags go through the shared gen_*_flags utilities.
 * Example: "subs w0, w1, #4" (0x71001020) -> gen_sub_flags(sf=0, t, w1, 4); x0 = zext(t).
 */
#include "target/aarch64/translate.h"

#include "a64-decode.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-a64.h"

/* ------------------------------------------------------------------------------------ */
/* Small utilities                                                                      */

static IrTemp const64(DisasContext *s, uint64_t v)
{
    return ir_const64(s->ir, v);
}

static IrTemp zext32(DisasContext *s, IrTemp v)
{
    IrTemp t = new_tmp(s);

    ir_ext32u(s->ir, t, v);
    return t;
}

static IrTemp sext32(DisasContext *s, IrTemp v)
{
    IrTemp t = new_tmp(s);

    ir_ext32s(s->ir, t, v);
    return t;
}

/* Low 32 bits of an I64 value as an I32 temp. */
static IrTemp low32(DisasContext *s, IrTemp v)
{
    IrTemp t = new_tmp32(s);

    ir_extrl(s->ir, t, v);
    return t;
}

/* Zero-extend an I32 temp into a new I64 temp. */
static IrTemp widen32(DisasContext *s, IrTemp v32)
{
    IrTemp t = new_tmp(s);

    ir_extu(s->ir, t, v32);
    return t;
}

/* d = a + b (add) or a - b (sub), optionally setting NZCV; rd == 31 discards d. */
static IrTemp gen_addsub(DisasContext *s, int sf, bool sub, bool setflags, IrTemp a, IrTemp b,
                         bool want_result)
{
    IrTemp d = want_result ? new_tmp(s) : 0;

    if (setflags) {
        if (sub) {
            gen_sub_flags(s, sf, d, a, b, false);
        } else {
            gen_add_flags(s, sf, d, a, b, false);
        }
    } else if (sub) {
        ir_sub(s->ir, d, a, b);
    } else {
        ir_add(s->ir, d, a, b);
    }
    return d;
}

/* ------------------------------------------------------------------------------------ */
/* PC-relative addressing                                                               */

bool trans_ADR(DisasContext *s, arg_ADR *a)
{
    int64_t off = a->immhi * 4 + a->immlo;

    write_xreg(s, (int)a->rd, const64(s, s->pc + (uint64_t)off));
    return true;
}

bool trans_ADRP(DisasContext *s, arg_ADRP *a)
{
    int64_t off = (a->immhi * 4 + a->immlo) * 4096;

    write_xreg(s, (int)a->rd, const64(s, (s->pc & ~0xfffull) + (uint64_t)off));
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Add/subtract (immediate)                                                             */

static bool do_addsub_imm(DisasContext *s, int sf, bool sub, bool setflags, int sh, int64_t imm,
                          int rn, int rd)
{
    IrTemp b = const64(s, (uint64_t)imm << (sh ? 12 : 0));
    IrTemp n = read_xreg_sp(s, rn);
    IrTemp d;

    if (setflags) {
        /* ADDS/SUBS: Rd is XZR (CMP/CMN when 31), Rn may be SP. */
        d = gen_addsub(s, sf, sub, true, n, b, rd != 31);
        if (rd != 31) {
            write_reg_sf(s, sf, rd, d);
        }
    } else {
        d = gen_addsub(s, sf, sub, false, n, b, true);
        write_reg_sf_sp(s, sf, rd, d);
    }
    return true;
}

bool trans_MOV_sp_i(DisasContext *s, arg_MOV_sp_i *a)
{
    return do_addsub_imm(s, (int)a->sf, false, false, 0, 0, (int)a->rn, (int)a->rd);
}

bool trans_MOV_to_sp_i(DisasContext *s, arg_MOV_to_sp_i *a)
{
    return do_addsub_imm(s, (int)a->sf, false, false, 0, 0, (int)a->rn, (int)a->rd);
}

bool trans_ADD_i(DisasContext *s, arg_ADD_i *a)
{
    return do_addsub_imm(s, (int)a->sf, false, false, (int)a->sh, a->imm, (int)a->rn, (int)a->rd);
}

bool trans_CMN_i(DisasContext *s, arg_CMN_i *a)
{
    return do_addsub_imm(s, (int)a->sf, false, true, (int)a->sh, a->imm, (int)a->rn, (int)a->rd);
}

bool trans_ADDS_i(DisasContext *s, arg_ADDS_i *a)
{
    return do_addsub_imm(s, (int)a->sf, false, true, (int)a->sh, a->imm, (int)a->rn, (int)a->rd);
}

bool trans_SUB_i(DisasContext *s, arg_SUB_i *a)
{
    return do_addsub_imm(s, (int)a->sf, true, false, (int)a->sh, a->imm, (int)a->rn, (int)a->rd);
}

bool trans_CMP_i(DisasContext *s, arg_CMP_i *a)
{
    return do_addsub_imm(s, (int)a->sf, true, true, (int)a->sh, a->imm, (int)a->rn, (int)a->rd);
}

bool trans_SUBS_i(DisasContext *s, arg_SUBS_i *a)
{
    return do_addsub_imm(s, (int)a->sf, true, true, (int)a->sh, a->imm, (int)a->rn, (int)a->rd);
}

/* ------------------------------------------------------------------------------------ */
/* Logical (immediate)                                                                  */

bool a64_logic_imm_decode(int sf, int n, int immr, int imms, uint64_t *value)
{
    unsigned combined = ((unsigned)n << 6) | (~(unsigned)imms & 0x3f);
    unsigned len, levels, ones, rot, esize;
    uint64_t elem, emask;

    if (!sf && n) {
        return false; /* a 64-bit element cannot be encoded in a 32-bit op */
    }
    if (combined == 0) {
        return false;
    }
    len = 31u - (unsigned)__builtin_clz(combined);
    if (len < 1) {
        return false;
    }
    levels = (1u << len) - 1;
    if (((unsigned)imms & levels) == levels) {
        return false; /* an all-ones element is reserved */
    }
    ones = ((unsigned)imms & levels) + 1; /* 1 .. esize-1 */
    rot = (unsigned)immr & levels;
    esize = 1u << len;
    emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    elem = (1ull << ones) - 1;
    if (rot) {
        elem = ((elem >> rot) | (elem << (esize - rot))) & emask;
    }
    for (unsigned e = esize; e < 64; e *= 2) {
        elem |= elem << e;
    }
    *value = sf ? elem : (elem & 0xffffffffull);
    return true;
}

typedef enum LogicOp { LOG_AND, LOG_ORR, LOG_EOR, LOG_ANDS } LogicOp;

static bool do_logic_imm(DisasContext *s, LogicOp op, int sf, int n, int immr, int imms, int rn,
                         int rd)
{
    uint64_t imm;
    IrTemp d, src;

    if (!a64_logic_imm_decode(sf, n, immr, imms, &imm)) {
        return false;
    }
    if (rn == 31 && op == LOG_ORR) {
        /* MOV (bitmask immediate) */
        write_reg_sf_sp(s, sf, rd, const64(s, imm));
        return true;
    }
    src = read_xreg(s, rn);
    d = new_tmp(s);
    switch (op) {
    case LOG_AND:
    case LOG_ANDS:
        ir_andi(s->ir, d, src, imm);
        break;
    case LOG_ORR:
        ir_ori(s->ir, d, src, imm);
        break;
    case LOG_EOR:
        ir_xori(s->ir, d, src, imm);
        break;
    }
    if (op == LOG_ANDS) {
        gen_logic_flags(s, sf, d);
        write_reg_sf(s, sf, rd, d);
    } else {
        write_reg_sf_sp(s, sf, rd, d);
    }
    return true;
}

bool trans_AND_i(DisasContext *s, arg_AND_i *a)
{
    return do_logic_imm(s, LOG_AND, (int)a->sf, (int)a->n, (int)a->immr, (int)a->imms, (int)a->rn,
                        (int)a->rd);
}

bool trans_ORR_i(DisasContext *s, arg_ORR_i *a)
{
    return do_logic_imm(s, LOG_ORR, (int)a->sf, (int)a->n, (int)a->immr, (int)a->imms, (int)a->rn,
                        (int)a->rd);
}

bool trans_EOR_i(DisasContext *s, arg_EOR_i *a)
{
    return do_logic_imm(s, LOG_EOR, (int)a->sf, (int)a->n, (int)a->immr, (int)a->imms, (int)a->rn,
                        (int)a->rd);
}

bool trans_ANDS_i(DisasContext *s, arg_ANDS_i *a)
{
    return do_logic_imm(s, LOG_ANDS, (int)a->sf, (int)a->n, (int)a->immr, (int)a->imms, (int)a->rn,
                        (int)a->rd);
}

/* ------------------------------------------------------------------------------------ */
/* Move wide (immediate)                                                                */

bool trans_MOVN(DisasContext *s, arg_MOVN *a)
{
    uint64_t v;

    if (!a->sf && a->hw > 1) {
        return false;
    }
    v = ~((uint64_t)a->imm << (a->hw * 16));
    if (!a->sf) {
        v &= 0xffffffffull;
    }
    write_xreg(s, (int)a->rd, const64(s, v));
    return true;
}

bool trans_MOVZ(DisasContext *s, arg_MOVZ *a)
{
    if (!a->sf && a->hw > 1) {
        return false;
    }
    write_xreg(s, (int)a->rd, const64(s, (uint64_t)a->imm << (a->hw * 16)));
    return true;
}

bool trans_MOVK(DisasContext *s, arg_MOVK *a)
{
    IrTemp d;

    if (!a->sf && a->hw > 1) {
        return false;
    }
    d = new_tmp(s);
    ir_deposit(s->ir, d, read_xreg(s, (int)a->rd), const64(s, (uint64_t)a->imm),
               (unsigned)a->hw * 16, 16);
    write_reg_sf(s, (int)a->sf, (int)a->rd, d);
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Bitfield and extract                                                                 */

static bool bitfield_ok(int sf, int n, int immr, int imms)
{
    if (sf) {
        return n == 1;
    }
    return n == 0 && immr < 32 && imms < 32;
}

bool trans_SBFM(DisasContext *s, arg_SBFM *a)
{
    int sf = (int)a->sf, r = (int)a->immr, sv = (int)a->imms;
    unsigned width = sf ? 64 : 32;
    IrTemp src, d;

    if (!bitfield_ok(sf, (int)a->n, r, sv)) {
        return false;
    }
    src = read_xreg(s, (int)a->rn);
    d = new_tmp(s);
    if (sv >= r) {
        /* ASR / SBFX / SXTB / SXTH / SXTW */
        ir_sextract(s->ir, d, src, (unsigned)r, (unsigned)(sv - r + 1));
    } else {
        /* SBFIZ: sign-extended low sv+1 bits, shifted left by width - r */
        ir_sextract(s->ir, d, src, 0, (unsigned)sv + 1);
        ir_shli(s->ir, d, d, width - (unsigned)r);
    }
    write_reg_sf(s, sf, (int)a->rd, d);
    return true;
}

bool trans_UBFM(DisasContext *s, arg_UBFM *a)
{
    int sf = (int)a->sf, r = (int)a->immr, sv = (int)a->imms;
    unsigned width = sf ? 64 : 32;
    IrTemp src, d;

    if (!bitfield_ok(sf, (int)a->n, r, sv)) {
        return false;
    }
    src = read_xreg(s, (int)a->rn);
    d = new_tmp(s);
    if (sv >= r) {
        /* LSR / UBFX / UXTB / UXTH */
        if (sv == (int)width - 1) {
            if (sf) {
                ir_shri(s->ir, d, src, (unsigned)r);
            } else {
                ir_extract(s->ir, d, src, (unsigned)r, 32u - (unsigned)r);
            }
        } else {
            ir_extract(s->ir, d, src, (unsigned)r, (unsigned)(sv - r + 1));
        }
        write_xreg(s, (int)a->rd, d); /* already zero-extended */
    } else {
        /* LSL / UBFIZ: low sv+1 bits placed at width - r */
        unsigned pos = width - (unsigned)r;
        if (pos + (unsigned)sv + 1 == width) {
            ir_shli(s->ir, d, src, pos);
            write_reg_sf(s, sf, (int)a->rd, d);
        } else {
            ir_extract(s->ir, d, src, 0, (unsigned)sv + 1);
            ir_shli(s->ir, d, d, pos);
            write_xreg(s, (int)a->rd, d);
        }
    }
    return true;
}

bool trans_BFM(DisasContext *s, arg_BFM *a)
{
    int sf = (int)a->sf, r = (int)a->immr, sv = (int)a->imms;
    unsigned width = sf ? 64 : 32;
    IrTemp src, d, t;

    if (!bitfield_ok(sf, (int)a->n, r, sv)) {
        return false;
    }
    src = read_xreg(s, (int)a->rn);
    d = new_tmp(s);
    if (sv >= r) {
        /* BFXIL: bits [r, sv] of Rn into the bottom of Rd */
        t = new_tmp(s);
        ir_shri(s->ir, t, src, (unsigned)r);
        ir_deposit(s->ir, d, read_xreg(s, (int)a->rd), t, 0, (unsigned)(sv - r + 1));
    } else {
        /* BFI: low sv+1 bits of Rn at width - r */
        ir_deposit(s->ir, d, read_xreg(s, (int)a->rd), src, width - (unsigned)r, (unsigned)sv + 1);
    }
    write_reg_sf(s, sf, (int)a->rd, d);
    return true;
}

bool trans_EXTR(DisasContext *s, arg_EXTR *a)
{
    int sf = (int)a->sf;
    unsigned lsb = (unsigned)a->imms;
    IrTemp n, m, d, t;

    if (a->n != sf || (!sf && lsb >= 32)) {
        return false;
    }
    m = read_xreg(s, (int)a->rm);
    d = new_tmp(s);
    if (sf) {
        if (lsb == 0) {
            ir_mov(s->ir, d, m);
        } else if (a->rn == a->rm) {
            ir_rotri(s->ir, d, m, lsb); /* ROR (immediate) */
        } else {
            n = read_xreg(s, (int)a->rn);
            t = new_tmp(s);
            ir_shri(s->ir, d, m, lsb);
            ir_shli(s->ir, t, n, 64 - lsb);
            ir_or(s->ir, d, d, t);
        }
        write_xreg(s, (int)a->rd, d);
    } else if (a->rn == a->rm) {
        /* ROR (immediate): a 32-bit rotate, zero-extended into Xd */
        IrTemp w = ir_new_temp(s->ir, IR_I32);
        ir_extrl(s->ir, w, m);
        if (lsb) {
            ir_rotri(s->ir, w, w, lsb);
        }
        ir_extu(s->ir, d, w);
        write_xreg(s, (int)a->rd, d);
    } else {
        /* (Wn:Wm) >> lsb, computed on the 64-bit concatenation */
        n = read_xreg(s, (int)a->rn);
        t = new_tmp(s);
        ir_ext32u(s->ir, d, m);
        ir_shli(s->ir, t, n, 32);
        ir_or(s->ir, d, d, t);
        if (lsb) {
            ir_shri(s->ir, d, d, lsb);
        }
        write_wreg(s, (int)a->rd, d);
    }
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Shifted and extended register operands                                               */

/* Rm shifted by an immediate amount (LSL/LSR/ASR/ROR) at the operation's width.  For
 * 32-bit forms only the low 32 bits of the result are meaningful. */
static IrTemp shifted_reg(DisasContext *s, int sf, int rm, int shift, int amount)
{
    IrTemp v = read_xreg(s, rm);
    IrTemp t;

    if (amount == 0 || rm == 31) {
        return v;
    }
    t = new_tmp(s);
    switch (shift) {
    case 0:
        ir_shli(s->ir, t, v, (unsigned)amount);
        break;
    case 1:
        if (sf) {
            ir_shri(s->ir, t, v, (unsigned)amount);
        } else {
            ir_extract(s->ir, t, v, (unsigned)amount, 32u - (unsigned)amount);
        }
        break;
    case 2:
        if (sf) {
            ir_sari(s->ir, t, v, (unsigned)amount);
        } else {
            ir_sextract(s->ir, t, v, (unsigned)amount, 32u - (unsigned)amount);
        }
        break;
    default:
        if (sf) {
            ir_rotri(s->ir, t, v, (unsigned)amount);
        } else {
            IrTemp t32 = low32(s, v);
            ir_rotri(s->ir, t32, t32, (unsigned)amount);
            ir_extu(s->ir, t, t32);
        }
        break;
    }
    return t;
}

/* ExtendReg(Rm, option, shift): UXTB..SXTX then LSL #shift (0..4). */
static IrTemp extended_reg(DisasContext *s, int rm, int option, int shift)
{
    IrTemp v = read_xreg(s, rm);
    IrTemp t;

    if (rm == 31) {
        return v;
    }
    t = new_tmp(s);
    switch (option) {
    case 0:
        ir_ext8u(s->ir, t, v);
        break;
    case 1:
        ir_ext16u(s->ir, t, v);
        break;
    case 2:
        ir_ext32u(s->ir, t, v);
        break;
    case 4:
        ir_ext8s(s->ir, t, v);
        break;
    case 5:
        ir_ext16s(s->ir, t, v);
        break;
    case 6:
        ir_ext32s(s->ir, t, v);
        break;
    default: /* UXTX, SXTX */
        if (shift == 0) {
            return v;
        }
        ir_mov(s->ir, t, v);
        break;
    }
    if (shift) {
        ir_shli(s->ir, t, t, (unsigned)shift);
    }
    return t;
}

/* ------------------------------------------------------------------------------------ */
/* Logical (shifted register)                                                           */

typedef enum LogicRegOp {
    LR_AND,
    LR_BIC,
    LR_ORR,
    LR_ORN,
    LR_EOR,
    LR_EON,
    LR_ANDS,
    LR_BICS,
} LogicRegOp;

static bool do_logic_reg(DisasContext *s, LogicRegOp op, int sf, int shift, int rm, int imm6,
                         int rn, int rd)
{
    IrTemp n, m, d;

    if (!sf && imm6 >= 32) {
        return false;
    }
    m = shifted_reg(s, sf, rm, shift, imm6);
    n = read_xreg(s, rn);
    d = new_tmp(s);
    switch (op) {
    case LR_AND:
    case LR_ANDS:
        ir_and(s->ir, d, n, m);
        break;
    case LR_BIC:
    case LR_BICS:
        ir_andc(s->ir, d, n, m);
        break;
    case LR_ORR:
        ir_or(s->ir, d, n, m);
        break;
    case LR_ORN:
        ir_orc(s->ir, d, n, m);
        break;
    case LR_EOR:
        ir_xor(s->ir, d, n, m);
        break;
    case LR_EON:
        ir_eqv(s->ir, d, n, m);
        break;
    }
    if (op == LR_ANDS || op == LR_BICS) {
        gen_logic_flags(s, sf, d);
    }
    write_reg_sf(s, sf, rd, d);
    return true;
}

bool trans_MOV_r(DisasContext *s, arg_MOV_r *a)
{
    write_reg_sf(s, (int)a->sf, (int)a->rd, read_xreg(s, (int)a->rm));
    return true;
}

#define LOGIC_REG_TRANS(NAME, OP)                                                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_logic_reg(s, OP, (int)a->sf, (int)a->shift, (int)a->rm, (int)a->imm6,            \
                            (int)a->rn, (int)a->rd);                                               \
    }

LOGIC_REG_TRANS(AND_r, LR_AND)
LOGIC_REG_TRANS(BIC_r, LR_BIC)
LOGIC_REG_TRANS(ORR_r, LR_ORR)
LOGIC_REG_TRANS(ORN_r, LR_ORN)
LOGIC_REG_TRANS(EOR_r, LR_EOR)
LOGIC_REG_TRANS(EON_r, LR_EON)
LOGIC_REG_TRANS(ANDS_r, LR_ANDS)
LOGIC_REG_TRANS(BICS_r, LR_BICS)

/* ------------------------------------------------------------------------------------ */
/* Add/subtract (shifted and extended register)                                         */

static bool do_addsub_sr(DisasContext *s, int sf, bool sub, bool setflags, int shift, int rm,
                         int imm6, int rn, int rd)
{
    IrTemp n, m, d;

    if (shift == 3 || (!sf && imm6 >= 32)) {
        return false;
    }
    m = shifted_reg(s, sf, rm, shift, imm6);
    n = read_xreg(s, rn);
    d = gen_addsub(s, sf, sub, setflags, n, m, rd != 31 || !setflags);
    if (rd != 31) {
        write_reg_sf(s, sf, rd, d);
    }
    return true;
}

static bool do_addsub_ext(DisasContext *s, int sf, bool sub, bool setflags, int rm, int option,
                          int imm3, int rn, int rd)
{
    IrTemp n, m, d;

    if (imm3 > 4) {
        return false;
    }
    m = extended_reg(s, rm, option, imm3);
    n = read_xreg_sp(s, rn);
    if (setflags) {
        d = gen_addsub(s, sf, sub, true, n, m, rd != 31);
        if (rd != 31) {
            write_reg_sf(s, sf, rd, d);
        }
    } else {
        d = gen_addsub(s, sf, sub, false, n, m, true);
        write_reg_sf_sp(s, sf, rd, d);
    }
    return true;
}

#define ADDSUB_SR_TRANS(NAME, SUB, S)                                                              \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_addsub_sr(s, (int)a->sf, SUB, S, (int)a->shift, (int)a->rm, (int)a->imm6,        \
                            (int)a->rn, (int)a->rd);                                               \
    }

#define ADDSUB_EXT_TRANS(NAME, SUB, S)                                                             \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_addsub_ext(s, (int)a->sf, SUB, S, (int)a->rm, (int)a->option, (int)a->imm3,      \
                             (int)a->rn, (int)a->rd);                                              \
    }

ADDSUB_SR_TRANS(ADD_sr, false, false)
ADDSUB_SR_TRANS(ADDS_sr, false, true)
ADDSUB_SR_TRANS(SUB_sr, true, false)
ADDSUB_SR_TRANS(SUBS_sr, true, true)
ADDSUB_EXT_TRANS(ADD_ext, false, false)
ADDSUB_EXT_TRANS(ADDS_ext, false, true)
ADDSUB_EXT_TRANS(SUB_ext, true, false)
ADDSUB_EXT_TRANS(SUBS_ext, true, true)

/* ------------------------------------------------------------------------------------ */
/* Add/subtract with carry                                                              */

static bool do_adc(DisasContext *s, int sf, bool sub, bool setflags, int rm, int rn, int rd)
{
    IrTemp n = read_xreg(s, rn);
    IrTemp m = read_xreg(s, rm);
    IrTemp d;

    if (setflags) {
        d = rd == 31 ? 0 : new_tmp(s);
        if (sub) {
            gen_sub_flags(s, sf, d, n, m, true);
        } else {
            gen_add_flags(s, sf, d, n, m, true);
        }
        if (rd != 31) {
            write_reg_sf(s, sf, rd, d);
        }
        return true;
    }
    /* ADC: n + m + C;  SBC: n + ~m + C */
    d = new_tmp(s);
    if (sub) {
        IrTemp nm = new_tmp(s);
        ir_not(s->ir, nm, m);
        m = nm;
    }
    ir_add(s->ir, d, n, m);
    ir_add(s->ir, d, d, cpu_CF); /* cf is kept as 0/1 */
    write_reg_sf(s, sf, rd, d);
    return true;
}

bool trans_ADC(DisasContext *s, arg_ADC *a)
{
    return do_adc(s, (int)a->sf, false, false, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_ADCS(DisasContext *s, arg_ADCS *a)
{
    return do_adc(s, (int)a->sf, false, true, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_SBC(DisasContext *s, arg_SBC *a)
{
    return do_adc(s, (int)a->sf, true, false, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_SBCS(DisasContext *s, arg_SBCS *a)
{
    return do_adc(s, (int)a->sf, true, true, (int)a->rm, (int)a->rn, (int)a->rd);
}

/* ------------------------------------------------------------------------------------ */
/* Flag manipulation (FEAT_FlagM)                                                       */

/* RMIF: rotate Xn right by imm6 and copy bits 3..0 into the N, Z, C, V flags selected by
 * mask (bit 3 = N ... bit 0 = V). */
bool trans_RMIF(DisasContext *s, arg_RMIF *a)
{
    IrTemp t = new_tmp(s);
    int mask = (int)a->mask;

    ir_rotri(s->ir, t, read_xreg(s, (int)a->rn), (unsigned)a->imm6);
    if (mask & 8) {
        ir_shli(s->ir, cpu_NF, t, 60);
    }
    if (mask & 4) {
        IrTemp z = new_tmp(s);
        ir_andi(s->ir, z, t, 4);
        ir_xori(s->ir, cpu_ZF, z, 4); /* Z set -> zf == 0 */
    }
    if (mask & 2) {
        ir_extract(s->ir, cpu_CF, t, 1, 1);
    }
    if (mask & 1) {
        ir_shli(s->ir, cpu_VF, t, 63);
    }
    return true;
}

/* SETF8/SETF16: N = bit 7/15, Z = low 8/16 bits are zero, V = bit 8/16 ^ bit 7/15. */
static bool do_setf(DisasContext *s, int rn, unsigned bits)
{
    IrTemp w = read_xreg(s, rn);
    IrTemp t = new_tmp(s);

    ir_shli(s->ir, cpu_NF, w, 64 - bits);
    ir_extract(s->ir, cpu_ZF, w, 0, bits);
    ir_shli(s->ir, t, w, 1);
    ir_xor(s->ir, t, t, w);
    ir_shli(s->ir, cpu_VF, t, 63 - bits);
    return true;
}

bool trans_SETF8(DisasContext *s, arg_SETF8 *a)
{
    return do_setf(s, (int)a->rn, 8);
}

bool trans_SETF16(DisasContext *s, arg_SETF16 *a)
{
    return do_setf(s, (int)a->rn, 16);
}

/* ------------------------------------------------------------------------------------ */
/* Conditional compare                                                                  */

/* if cond then NZCV = flags(Rn +/- m) else NZCV = #nzcv; branch-free with movcond. */
static bool do_ccmp(DisasContext *s, int sf, bool sub, IrTemp m, int cond, int nzcv, int rn)
{
    IrTemp n = read_xreg(s, rn);
    IrTemp c, zero;

    if (cond >= 14) {
        if (sub) {
            gen_sub_flags(s, sf, 0, n, m, false);
        } else {
            gen_add_flags(s, sf, 0, n, m, false);
        }
        return true;
    }
    c = gen_cond_value(s, cond); /* evaluated on the old flags */
    if (sub) {
        gen_sub_flags(s, sf, 0, n, m, false);
    } else {
        gen_add_flags(s, sf, 0, n, m, false);
    }
    zero = const64(s, 0);
    ir_movcond(s->ir, IR_COND_EQ, cpu_NF, c, zero, const64(s, (nzcv & 8) ? ~0ull : 0), cpu_NF);
    ir_movcond(s->ir, IR_COND_EQ, cpu_ZF, c, zero, const64(s, (nzcv & 4) ? 0 : 1), cpu_ZF);
    ir_movcond(s->ir, IR_COND_EQ, cpu_CF, c, zero, const64(s, (nzcv & 2) ? 1 : 0), cpu_CF);
    ir_movcond(s->ir, IR_COND_EQ, cpu_VF, c, zero, const64(s, (nzcv & 1) ? ~0ull : 0), cpu_VF);
    return true;
}

bool trans_CCMN_r(DisasContext *s, arg_CCMN_r *a)
{
    return do_ccmp(s, (int)a->sf, false, read_xreg(s, (int)a->rm), (int)a->cond, (int)a->nzcv,
                   (int)a->rn);
}

bool trans_CCMP_r(DisasContext *s, arg_CCMP_r *a)
{
    return do_ccmp(s, (int)a->sf, true, read_xreg(s, (int)a->rm), (int)a->cond, (int)a->nzcv,
                   (int)a->rn);
}

bool trans_CCMN_i(DisasContext *s, arg_CCMN_i *a)
{
    return do_ccmp(s, (int)a->sf, false, const64(s, (uint64_t)a->imm5), (int)a->cond, (int)a->nzcv,
                   (int)a->rn);
}

bool trans_CCMP_i(DisasContext *s, arg_CCMP_i *a)
{
    return do_ccmp(s, (int)a->sf, true, const64(s, (uint64_t)a->imm5), (int)a->cond, (int)a->nzcv,
                   (int)a->rn);
}

/* ------------------------------------------------------------------------------------ */
/* Conditional select                                                                   */

typedef enum CselOp { CS_SEL, CS_INC, CS_INV, CS_NEG } CselOp;

static bool do_csel(DisasContext *s, CselOp op, int sf, int rm, int cond, int rn, int rd)
{
    IrTemp n = read_xreg(s, rn);
    IrTemp m = read_xreg(s, rm);
    IrTemp d, c;

    if (rn == 31 && rm == 31 && cond < 14 && (op == CS_INC || op == CS_INV)) {
        /* CSET / CSETM: the inverted condition as 0/1, or as 0/-1 */
        c = gen_cond_value(s, cond ^ 1);
        if (op == CS_INV) {
            d = new_tmp(s);
            ir_neg(s->ir, d, c);
            c = d;
        }
        write_reg_sf(s, sf, rd, c);
        return true;
    }
    if (op != CS_SEL) {
        IrTemp t = new_tmp(s);
        if (op == CS_INC) {
            ir_addi(s->ir, t, m, 1);
        } else if (op == CS_INV) {
            ir_not(s->ir, t, m);
        } else {
            ir_neg(s->ir, t, m);
        }
        m = t;
    }
    if (cond >= 14) {
        write_reg_sf(s, sf, rd, n);
        return true;
    }
    /* one comparison (of CMP's operands, or of one flag) and a conditional move */
    d = new_tmp(s);
    FusedCond fc;
    gen_cond_compare(s, cond, &fc);
    ir_movcond(s->ir, fc.cond, d, fc.a, fc.b, n, m);
    write_reg_sf(s, sf, rd, d);
    return true;
}

bool trans_CSEL(DisasContext *s, arg_CSEL *a)
{
    return do_csel(s, CS_SEL, (int)a->sf, (int)a->rm, (int)a->cond, (int)a->rn, (int)a->rd);
}

bool trans_CSINC(DisasContext *s, arg_CSINC *a)
{
    return do_csel(s, CS_INC, (int)a->sf, (int)a->rm, (int)a->cond, (int)a->rn, (int)a->rd);
}

bool trans_CSINV(DisasContext *s, arg_CSINV *a)
{
    return do_csel(s, CS_INV, (int)a->sf, (int)a->rm, (int)a->cond, (int)a->rn, (int)a->rd);
}

bool trans_CSNEG(DisasContext *s, arg_CSNEG *a)
{
    return do_csel(s, CS_NEG, (int)a->sf, (int)a->rm, (int)a->cond, (int)a->rn, (int)a->rd);
}

/* ------------------------------------------------------------------------------------ */
/* Data processing (1 source)                                                           */

/* d = ((v >> sh) & mask) | ((v & mask) << sh) */
static void swap_bits(DisasContext *s, IrTemp d, IrTemp v, unsigned sh, uint64_t mask)
{
    IrTemp t = new_tmp(s);

    ir_shri(s->ir, t, v, sh);
    ir_andi(s->ir, t, t, mask);
    ir_andi(s->ir, d, v, mask);
    ir_shli(s->ir, d, d, sh);
    ir_or(s->ir, d, d, t);
}

bool trans_RBIT(DisasContext *s, arg_RBIT *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp d = new_tmp(s);

    if (!a->sf) {
        v = zext32(s, v);
    }
    /* reverse the bits of each byte, then the bytes */
    swap_bits(s, d, v, 1, 0x5555555555555555ull);
    swap_bits(s, d, d, 2, 0x3333333333333333ull);
    swap_bits(s, d, d, 4, 0x0f0f0f0f0f0f0f0full);
    if (a->sf) {
        ir_bswap64(s->ir, d, d);
    } else {
        ir_bswap32(s->ir, d, d);
    }
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_REV16(DisasContext *s, arg_REV16 *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp d = new_tmp(s);

    swap_bits(s, d, v, 8, a->sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffull);
    write_xreg(s, (int)a->rd, d);
    return true;
}

/* opc 0b10: REV32 (64-bit) or REV (32-bit) */
bool trans_REV32(DisasContext *s, arg_REV32 *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp d = new_tmp(s);

    if (a->sf) {
        ir_bswap64(s->ir, d, v);
        ir_rotri(s->ir, d, d, 32);
    } else {
        ir_bswap32(s->ir, d, v);
    }
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_REV64(DisasContext *s, arg_REV64 *a)
{
    IrTemp d;

    if (!a->sf) {
        return false;
    }
    d = new_tmp(s);
    ir_bswap64(s->ir, d, read_xreg(s, (int)a->rn));
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_CLZ(DisasContext *s, arg_CLZ *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp d = new_tmp(s);

    if (a->sf) {
        ir_clz(s->ir, d, v, const64(s, 64));
    } else {
        /* clz32(w) == clz64((w << 32) | 0x80000000), never zero */
        IrTemp t = new_tmp(s);
        ir_shli(s->ir, t, v, 32);
        ir_ori(s->ir, t, t, 0x80000000ull);
        ir_clz(s->ir, d, t, const64(s, 64));
    }
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_CLS(DisasContext *s, arg_CLS *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp t = new_tmp(s);
    IrTemp d = new_tmp(s);

    /* CLS(x) = CLZ(x ^ (x >> 1)) - 1 at the operation's width */
    if (!a->sf) {
        v = sext32(s, v);
    }
    ir_sari(s->ir, t, v, 1);
    ir_xor(s->ir, t, t, v);
    ir_clz(s->ir, d, t, const64(s, 64));
    ir_addi(s->ir, d, d, a->sf ? -1 : -33);
    write_xreg(s, (int)a->rd, d);
    return true;
}

/* FEAT_CSSC (HWCAP2_CSSC): CTZ, CNT, ABS */
static bool has_cssc(DisasContext *s)
{
    return (s->env->hwcap2 & A64_HWCAP2_CSSC) != 0;
}

bool trans_CTZ(DisasContext *s, arg_CTZ *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp d = new_tmp(s);

    if (!has_cssc(s)) {
        return false;
    }
    if (!a->sf) {
        IrTemp t = new_tmp(s);
        ir_ori(s->ir, t, v, 1ull << 32);
        v = t;
    }
    ir_ctz(s->ir, d, v, const64(s, 64));
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_CNT_gpr(DisasContext *s, arg_CNT_gpr *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp d = new_tmp(s);

    if (!has_cssc(s)) {
        return false;
    }
    if (!a->sf) {
        v = zext32(s, v);
    }
    ir_ctpop(s->ir, d, v);
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_ABS_gpr(DisasContext *s, arg_ABS_gpr *a)
{
    IrTemp v = read_xreg(s, (int)a->rn);
    IrTemp neg = new_tmp(s);
    IrTemp d = new_tmp(s);

    if (!has_cssc(s)) {
        return false;
    }
    if (!a->sf) {
        v = sext32(s, v);
    }
    ir_neg(s->ir, neg, v);
    ir_movcond(s->ir, IR_COND_LT, d, v, const64(s, 0), neg, v);
    write_reg_sf(s, (int)a->sf, (int)a->rd, d);
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Data processing (2 source)                                                           */

typedef void (*IrBinFn)(IrContext *, IrTemp, IrTemp, IrTemp);

/* d = op(Rn, Rm) computed at the operation's width (I32 ops for sf == 0). */
static bool do_binop_width(DisasContext *s, int sf, IrBinFn fn, int rm, int rn, int rd)
{
    IrTemp n = read_xreg(s, rn);
    IrTemp m = read_xreg(s, rm);

    if (sf) {
        IrTemp d = new_tmp(s);
        fn(s->ir, d, n, m);
        write_xreg(s, rd, d);
    } else {
        IrTemp n32 = low32(s, n);
        IrTemp m32 = low32(s, m);
        IrTemp d32 = new_tmp32(s);
        fn(s->ir, d32, n32, m32);
        write_xreg(s, rd, widen32(s, d32));
    }
    return true;
}

bool trans_UDIV(DisasContext *s, arg_UDIV *a)
{
    return do_binop_width(s, (int)a->sf, ir_divu, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_SDIV(DisasContext *s, arg_SDIV *a)
{
    return do_binop_width(s, (int)a->sf, ir_divs, (int)a->rm, (int)a->rn, (int)a->rd);
}

/* Register shifts: the IR shift ops already take the count modulo the type width, which
 * is exactly A64's "amount MOD datasize". */
bool trans_LSLV(DisasContext *s, arg_LSLV *a)
{
    return do_binop_width(s, (int)a->sf, ir_shl, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_LSRV(DisasContext *s, arg_LSRV *a)
{
    return do_binop_width(s, (int)a->sf, ir_shr, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_ASRV(DisasContext *s, arg_ASRV *a)
{
    return do_binop_width(s, (int)a->sf, ir_sar, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_RORV(DisasContext *s, arg_RORV *a)
{
    return do_binop_width(s, (int)a->sf, ir_rotr, (int)a->rm, (int)a->rn, (int)a->rd);
}

bool trans_CRC32(DisasContext *s, arg_CRC32 *a)
{
    unsigned bytes = 1u << a->sz;
    IrTemp val = read_xreg(s, (int)a->rm);
    IrTemp d = new_tmp(s);

    if ((a->sz == 3) != (a->sf == 1)) {
        return false;
    }
    ir_call3(s->ir, a->c ? &helper_info_crc32c : &helper_info_crc32, d, read_xreg(s, (int)a->rn),
             val, ir_const32(s->ir, bytes));
    write_xreg(s, (int)a->rd, d); /* the helper returns a zero-extended 32-bit value */
    return true;
}

/* FEAT_CSSC SMAX/UMAX/SMIN/UMIN (register and immediate, a64-dp-ext.decode) */
static bool do_minmax(DisasContext *s, int sf, IrCond cond, bool is_signed, IrTemp n, IrTemp m,
                      int rd)
{
    IrTemp d = new_tmp(s);

    if (!has_cssc(s)) {
        return false;
    }
    if (!sf) {
        n = is_signed ? sext32(s, n) : zext32(s, n);
        m = is_signed ? sext32(s, m) : zext32(s, m);
    }
    ir_movcond(s->ir, cond, d, n, m, n, m);
    write_reg_sf(s, sf, rd, d);
    return true;
}

#define TRANS_MINMAX(NAME, COND, SIGNED)                                                           \
    bool trans_##NAME##_r(DisasContext *s, arg_##NAME##_r *a)                                      \
    {                                                                                              \
        return do_minmax(s, (int)a->sf, COND, SIGNED, read_xreg(s, (int)a->rn),                    \
                         read_xreg(s, (int)a->rm), (int)a->rd);                                    \
    }                                                                                              \
    bool trans_##NAME##_i(DisasContext *s, arg_##NAME##_i *a)                                      \
    {                                                                                              \
        return do_minmax(s, (int)a->sf, COND, SIGNED, read_xreg(s, (int)a->rn),                    \
                         const64(s, (uint64_t)a->imm), (int)a->rd);                                \
    }

TRANS_MINMAX(SMAX, IR_COND_GT, true)
TRANS_MINMAX(UMAX, IR_COND_GTU, false)
TRANS_MINMAX(SMIN, IR_COND_LT, true)
TRANS_MINMAX(UMIN, IR_COND_LTU, false)

/* ------------------------------------------------------------------------------------ */
/* Data processing (3 source)                                                           */

static bool do_madd(DisasContext *s, int sf, bool sub, IrTemp n, IrTemp m, int ra, int rd)
{
    IrTemp p = new_tmp(s);
    IrTemp d = new_tmp(s);

    ir_mul(s->ir, p, n, m);
    if (sub) {
        ir_sub(s->ir, d, read_xreg(s, ra), p);
    } else if (ra == 31) {
        d = p; /* MUL (MNEG is the sub form with XZR, also fine) */
    } else {
        ir_add(s->ir, d, read_xreg(s, ra), p);
    }
    write_reg_sf(s, sf, rd, d);
    return true;
}

bool trans_MADD(DisasContext *s, arg_MADD *a)
{
    return do_madd(s, (int)a->sf, false, read_xreg(s, (int)a->rn), read_xreg(s, (int)a->rm),
                   (int)a->ra, (int)a->rd);
}

bool trans_MSUB(DisasContext *s, arg_MSUB *a)
{
    return do_madd(s, (int)a->sf, true, read_xreg(s, (int)a->rn), read_xreg(s, (int)a->rm),
                   (int)a->ra, (int)a->rd);
}

bool trans_SMADDL(DisasContext *s, arg_SMADDL *a)
{
    return do_madd(s, 1, false, sext32(s, read_xreg(s, (int)a->rn)),
                   sext32(s, read_xreg(s, (int)a->rm)), (int)a->ra, (int)a->rd);
}

bool trans_SMSUBL(DisasContext *s, arg_SMSUBL *a)
{
    return do_madd(s, 1, true, sext32(s, read_xreg(s, (int)a->rn)),
                   sext32(s, read_xreg(s, (int)a->rm)), (int)a->ra, (int)a->rd);
}

bool trans_UMADDL(DisasContext *s, arg_UMADDL *a)
{
    return do_madd(s, 1, false, zext32(s, read_xreg(s, (int)a->rn)),
                   zext32(s, read_xreg(s, (int)a->rm)), (int)a->ra, (int)a->rd);
}

bool trans_UMSUBL(DisasContext *s, arg_UMSUBL *a)
{
    return do_madd(s, 1, true, zext32(s, read_xreg(s, (int)a->rn)),
                   zext32(s, read_xreg(s, (int)a->rm)), (int)a->ra, (int)a->rd);
}

bool trans_SMULH(DisasContext *s, arg_SMULH *a)
{
    IrTemp d = new_tmp(s);

    ir_mulsh(s->ir, d, read_xreg(s, (int)a->rn), read_xreg(s, (int)a->rm));
    write_xreg(s, (int)a->rd, d);
    return true;
}

bool trans_UMULH(DisasContext *s, arg_UMULH *a)
{
    IrTemp d = new_tmp(s);

    ir_muluh(s->ir, d, read_xreg(s, (int)a->rn), read_xreg(s, (int)a->rm));
    write_xreg(s, (int)a->rd, d);
    return true;
}
