/*
 * translate-ldst.c - A64 plain loads and stores (patterns in a64-ldst.decode): LDR/STR
 * and signed loads in every addressing mode (unsigned scaled offset, unscaled, pre/post
 * index, register offset, literal, unprivileged), PRFM (a no-op), LDP/STP/LDPSW/LDNP/STNP,
 * the SIMD&FP register forms (B/H/S/D/Q) and the AdvSIMD structure transfers LD1-LD4,
 * ST1-ST4 (multiple and single structure, LDnR replicate).
 *
 * Example: ldr x0, [x1, #16]! (pre-index) becomes
 *     t = x1 + 16;  v = qld64(t);  x0 = v;  x1 = t
 * Register writes always come after all memory accesses of the instruction, and writeback
 * comes last, so a faulting access leaves the registers untouched and a load with Rt == Rn
 * and writeback leaves the written-back address in Rn (what qemu does for this CONSTRAINED
 * UNPREDICTABLE case).
 */
#include "target/aarch64/translate.h"
#include "a64-decode.h"
#include "target/aarch64/helper-ldst.h"
#include "target/aarch64/mte.h"

/* Addressing modes shared by the immediate forms. */
enum { AM_OFFSET, AM_POST, AM_PRE };

/* A fresh temp holding a + off (never aliases a guest register global). */
static IrTemp addr_plus(DisasContext *s, IrTemp a, int64_t off)
{
    IrTemp t = new_tmp(s);
    if (off == 0) {
        ir_mov(s->ir, t, a);
    } else {
        ir_addi(s->ir, t, a, off);
    }
    return t;
}

/* Compute the access address for base register rn (31 = SP) and mode; *wb receives the
 * writeback value (0 if none). */
static IrTemp gen_ldst_addr(DisasContext *s, int rn, int64_t off, int mode, IrTemp *wb)
{
    IrTemp base = read_xreg_sp(s, rn);
    IrTemp addr;

    switch (mode) {
    case AM_POST:
        addr = addr_plus(s, base, 0);
        *wb = addr_plus(s, base, off);
        break;
    case AM_PRE:
        addr = addr_plus(s, base, off);
        *wb = addr;
        break;
    default:
        addr = addr_plus(s, base, off);
        *wb = 0;
        break;
    }
    return addr;
}

static void gen_writeback(DisasContext *s, int rn, IrTemp wb)
{
    if (wb) {
        write_xreg_sp(s, rn, wb);
    }
}

/* Is (size, opc) a valid GPR load/store?  opc: 0 store, 1 load zero-extend, 2 load
 * sign-extend to 64 bits, 3 load sign-extend to 32 bits.  size 3 / opc 2 is PRFM and
 * is checked by the callers. */
static bool gpr_ldst_valid(int size, int opc)
{
    return !(opc == 3 && size >= 2) && !(opc == 2 && size == 3);
}

/* Load into a fresh temp (not yet written to Rt). */
static IrTemp gen_gpr_load(DisasContext *s, int size, int opc, IrTemp addr, MemOp extra)
{
    IrTemp t = new_tmp(s);
    MemOp mop = (MemOp)(size | extra | (opc >= 2 ? MO_SIGN : 0));
    ir_qld(s->ir, t, addr, mop);
    return t;
}

static void gen_gpr_setreg(DisasContext *s, int opc, int rt, IrTemp v)
{
    if (opc == 3) {
        write_wreg(s, rt, v);
    } else {
        write_xreg(s, rt, v);
    }
}

/* One GPR load or store at addr, then writeback. */
static void gen_gpr_ldst(DisasContext *s, int size, int opc, int rt, IrTemp addr, int rn, IrTemp wb,
                         MemOp extra)
{
    if (opc == 0) {
        ir_qst(s->ir, read_xreg(s, rt), addr, (MemOp)(size | extra));
        gen_writeback(s, rn, wb);
    } else {
        IrTemp v = gen_gpr_load(s, size, opc, addr, extra);
        gen_gpr_setreg(s, opc, rt, v);
        gen_writeback(s, rn, wb);
    }
}

/* SIMD&FP register access size: 0..3 for B/H/S/D, 4 for Q, -1 if unallocated. */
static int fp_ldst_size(int size, int opc)
{
    if (opc & 2) {
        return size == 0 ? 4 : -1;
    }
    return size;
}

/* Load 1 << size bytes (size 0..4) from addr into a fresh temp (V128 for size 4). */
static IrTemp gen_fp_load(DisasContext *s, int size, IrTemp addr)
{
    IrTemp t;
    if (size == 4) {
        t = ir_new_temp(s->ir, IR_V128);
        ir_qld(s->ir, t, addr, MO_128);
    } else {
        t = new_tmp(s);
        ir_qld(s->ir, t, addr, (MemOp)size);
    }
    return t;
}

/* Write a loaded value to vector register rt, zeroing the bytes above it. */
static void gen_fp_setreg(DisasContext *s, int size, int rt, IrTemp v)
{
    if (size == 4) {
        ir_st(s->ir, v, IR_ENV, vreg_offset(rt), MO_128);
    } else {
        ir_st(s->ir, v, IR_ENV, vreg_offset(rt), MO_64);
        clear_vreg_high(s, rt, 8);
    }
}

static void gen_fp_store(DisasContext *s, int size, int rt, IrTemp addr)
{
    IrTemp t;
    if (size == 4) {
        t = ir_new_temp(s->ir, IR_V128);
        ir_ld(s->ir, t, IR_ENV, vreg_offset(rt), MO_128);
        ir_qst(s->ir, t, addr, MO_128);
    } else {
        t = new_tmp(s);
        ir_ld(s->ir, t, IR_ENV, vreg_offset(rt), (MemOp)size);
        ir_qst(s->ir, t, addr, (MemOp)size);
    }
}

static void gen_fp_ldst(DisasContext *s, int size, bool load, int rt, IrTemp addr, int rn,
                        IrTemp wb)
{
    if (load) {
        IrTemp v = gen_fp_load(s, size, addr);
        gen_fp_setreg(s, size, rt, v);
    } else {
        gen_fp_store(s, size, rt, addr);
    }
    gen_writeback(s, rn, wb);
}

/* ---- unsigned scaled immediate ---- */

bool trans_LDST_ui_gpr(DisasContext *s, arg_LDST_ui_gpr *a)
{
    IrTemp wb, addr;
    if (a->opc == 2 && a->sz == 3) {
        return true; /* PRFM (immediate) */
    }
    if (!gpr_ldst_valid((int)a->sz, (int)a->opc)) {
        return false;
    }
    addr = gen_ldst_addr(s, (int)a->rn, a->imm << a->sz, AM_OFFSET, &wb);
    gen_gpr_ldst(s, (int)a->sz, (int)a->opc, (int)a->rt, addr, (int)a->rn, wb, 0);
    return true;
}

bool trans_LDST_ui_fp(DisasContext *s, arg_LDST_ui_fp *a)
{
    int size = fp_ldst_size((int)a->sz, (int)a->opc);
    IrTemp wb, addr;
    if (size < 0) {
        return false;
    }
    addr = gen_ldst_addr(s, (int)a->rn, a->imm << size, AM_OFFSET, &wb);
    gen_fp_ldst(s, size, a->opc & 1, (int)a->rt, addr, (int)a->rn, wb);
    return true;
}

/* ---- 9-bit signed immediate: unscaled, post-index, unprivileged, pre-index ---- */

static int imm9_mode(int idx)
{
    return idx == 1 ? AM_POST : idx == 3 ? AM_PRE : AM_OFFSET;
}

bool trans_LDST_imm9_gpr(DisasContext *s, arg_LDST_imm9_gpr *a)
{
    IrTemp wb, addr;
    if (a->opc == 2 && a->sz == 3) {
        return a->idx == 0; /* PRFUM; other modes unallocated */
    }
    if (!gpr_ldst_valid((int)a->sz, (int)a->opc)) {
        return false;
    }
    /* LDTR/STTR (idx 2) behave like LDUR/STUR at EL0. */
    addr = gen_ldst_addr(s, (int)a->rn, a->imm, imm9_mode((int)a->idx), &wb);
    gen_gpr_ldst(s, (int)a->sz, (int)a->opc, (int)a->rt, addr, (int)a->rn, wb, 0);
    return true;
}

bool trans_LDST_imm9_fp(DisasContext *s, arg_LDST_imm9_fp *a)
{
    int size = fp_ldst_size((int)a->sz, (int)a->opc);
    IrTemp wb, addr;
    if (size < 0 || a->idx == 2) {
        return false;
    }
    addr = gen_ldst_addr(s, (int)a->rn, a->imm, imm9_mode((int)a->idx), &wb);
    gen_fp_ldst(s, size, a->opc & 1, (int)a->rt, addr, (int)a->rn, wb);
    return true;
}

/* ---- register offset ---- */

/* base + (extend(Rm, opt) << shift); opt<1> must be 1 (UXTW, LSL, SXTW, SXTX). */
static IrTemp gen_reg_offset_addr(DisasContext *s, int rn, int rm, int opt, int shift)
{
    IrTemp off = new_tmp(s);
    IrTemp m = read_xreg(s, rm);
    IrTemp addr = new_tmp(s);

    switch (opt) {
    case 2:
        ir_ext32u(s->ir, off, m);
        break;
    case 6:
        ir_ext32s(s->ir, off, m);
        break;
    default:
        ir_mov(s->ir, off, m);
        break;
    }
    if (shift) {
        ir_shli(s->ir, off, off, (unsigned)shift);
    }
    ir_add(s->ir, addr, read_xreg_sp(s, rn), off);
    return addr;
}

bool trans_LDST_reg_gpr(DisasContext *s, arg_LDST_reg_gpr *a)
{
    IrTemp addr;
    if (!(a->opt & 2)) {
        return false;
    }
    if (a->opc == 2 && a->sz == 3) {
        return true; /* PRFM (register) */
    }
    if (!gpr_ldst_valid((int)a->sz, (int)a->opc)) {
        return false;
    }
    addr = gen_reg_offset_addr(s, (int)a->rn, (int)a->rm, (int)a->opt, a->s ? (int)a->sz : 0);
    gen_gpr_ldst(s, (int)a->sz, (int)a->opc, (int)a->rt, addr, (int)a->rn, 0, 0);
    return true;
}

bool trans_LDST_reg_fp(DisasContext *s, arg_LDST_reg_fp *a)
{
    int size = fp_ldst_size((int)a->sz, (int)a->opc);
    IrTemp addr;
    if (size < 0 || !(a->opt & 2)) {
        return false;
    }
    addr = gen_reg_offset_addr(s, (int)a->rn, (int)a->rm, (int)a->opt, a->s ? size : 0);
    gen_fp_ldst(s, size, a->opc & 1, (int)a->rt, addr, (int)a->rn, 0);
    return true;
}

/* ---- literal ---- */

bool trans_LDR_lit_gpr(DisasContext *s, arg_LDR_lit_gpr *a)
{
    IrTemp addr, v;
    if (a->opc == 3) {
        return true; /* PRFM (literal) */
    }
    addr = ir_const64(s->ir, s->pc + (uint64_t)a->imm * 4);
    switch (a->opc) {
    case 0: /* LDR Wt */
        v = gen_gpr_load(s, 2, 1, addr, 0);
        break;
    case 1: /* LDR Xt */
        v = gen_gpr_load(s, 3, 1, addr, 0);
        break;
    default: /* LDRSW Xt */
        v = gen_gpr_load(s, 2, 2, addr, 0);
        break;
    }
    write_xreg(s, (int)a->rt, v);
    return true;
}

bool trans_LDR_lit_fp(DisasContext *s, arg_LDR_lit_fp *a)
{
    int size;
    IrTemp addr;
    if (a->opc == 3) {
        return false;
    }
    size = 2 + (int)a->opc; /* S, D, Q */
    addr = ir_const64(s->ir, s->pc + (uint64_t)a->imm * 4);
    gen_fp_setreg(s, size, (int)a->rt, gen_fp_load(s, size, addr));
    return true;
}

/* ---- pairs ---- */

static int pair_mode(int idx)
{
    return idx == 1 ? AM_POST : idx == 3 ? AM_PRE : AM_OFFSET;
}

bool trans_LDSTP_gpr(DisasContext *s, arg_LDSTP_gpr *a)
{
    int size, opc;
    IrTemp wb, addr, addr2;

    if (a->opc == 3) {
        return false;
    }
    if (a->opc == 1) {
        /* LDPSW; the store form (STGP) and the no-allocate form do not exist here. */
        if (!a->l || a->idx == 0) {
            return false;
        }
        size = 2;
        opc = 2;
    } else {
        size = a->opc ? 3 : 2;
        opc = a->l ? (size == 3 ? 1 : 3) : 0;
    }
    addr = gen_ldst_addr(s, (int)a->rn, a->imm * (1 << size), pair_mode((int)a->idx), &wb);
    addr2 = addr_plus(s, addr, 1 << size);
    if (!a->l) {
        mte_gen_access_check(s->ir, addr, (MemOp)(size + 1), true); /* both, before either */
        ir_qst(s->ir, read_xreg(s, (int)a->rt), addr, (MemOp)size);
        ir_qst(s->ir, read_xreg(s, (int)a->rt2), addr2, (MemOp)size);
    } else {
        /* opc 3 here means "32-bit zero-extended": load unsigned, write_wreg. */
        IrTemp v1 = gen_gpr_load(s, size, opc == 3 ? 1 : opc, addr, 0);
        IrTemp v2 = gen_gpr_load(s, size, opc == 3 ? 1 : opc, addr2, 0);
        /* Rt2 first: with Rt == Rt2 (CONSTRAINED UNPREDICTABLE) Rt gets the first
         * value, as qemu does. */
        gen_gpr_setreg(s, opc, (int)a->rt2, v2);
        gen_gpr_setreg(s, opc, (int)a->rt, v1);
    }
    gen_writeback(s, (int)a->rn, wb);
    return true;
}

bool trans_LDSTP_fp(DisasContext *s, arg_LDSTP_fp *a)
{
    int size;
    IrTemp wb, addr, addr2;

    if (a->opc == 3) {
        return false;
    }
    size = 2 + (int)a->opc; /* S, D, Q */
    addr = gen_ldst_addr(s, (int)a->rn, a->imm * (1 << size), pair_mode((int)a->idx), &wb);
    addr2 = addr_plus(s, addr, 1 << size);
    if (!a->l) {
        mte_gen_access_check(s->ir, addr, (MemOp)(size + 1), true); /* both, before either */
        gen_fp_store(s, size, (int)a->rt, addr);
        gen_fp_store(s, size, (int)a->rt2, addr2);
    } else {
        IrTemp v1 = gen_fp_load(s, size, addr);
        IrTemp v2 = gen_fp_load(s, size, addr2);
        /* Rt2 last: with Rt == Rt2 it gets the second value, as qemu does. */
        gen_fp_setreg(s, size, (int)a->rt, v1);
        gen_fp_setreg(s, size, (int)a->rt2, v2);
    }
    gen_writeback(s, (int)a->rn, wb);
    return true;
}

/* ---- AdvSIMD load/store multiple structures ---- */

static IrHelper h_simd_ldst_multi = {
    .name = "simd_ldst_multi",
    .func = helper_simd_ldst_multi,
    .ret = IR_VOID,
    .nargs = 3,
    .args = {IR_I64, IR_I64, IR_I64},
    .flags = 0,
};

/* rm: post-index register (31 = by the transfer size), or -1 for no writeback. */
static bool do_simd_ldst_mult(DisasContext *s, int q, int l, int op, int size, int rn, int rt,
                              int rm)
{
    int rpt, selem, r;
    int regbytes = q ? 16 : 8;
    IrTemp addr, base;

    switch (op) {
    case 0: /* LD4/ST4 */
        rpt = 1;
        selem = 4;
        break;
    case 2: /* LD1/ST1, 4 registers */
        rpt = 4;
        selem = 1;
        break;
    case 4: /* LD3/ST3 */
        rpt = 1;
        selem = 3;
        break;
    case 6: /* LD1/ST1, 3 registers */
        rpt = 3;
        selem = 1;
        break;
    case 7: /* LD1/ST1, 1 register */
        rpt = 1;
        selem = 1;
        break;
    case 8: /* LD2/ST2 */
        rpt = 1;
        selem = 2;
        break;
    case 10: /* LD1/ST1, 2 registers */
        rpt = 2;
        selem = 1;
        break;
    default:
        return false;
    }
    if (size == 3 && !q && selem != 1) {
        return false;
    }

    base = read_xreg_sp(s, rn);
    addr = addr_plus(s, base, 0);
    if (selem == 1) {
        /* Consecutive whole registers: one 64- or 128-bit access each. */
        for (r = 0; r < rpt; r++) {
            int reg = (rt + r) % 32;
            IrTemp ea = addr_plus(s, addr, r * regbytes);
            if (l) {
                gen_fp_setreg(s, q ? 4 : 3, reg, gen_fp_load(s, q ? 4 : 3, ea));
            } else {
                gen_fp_store(s, q ? 4 : 3, reg, ea);
            }
        }
    } else {
        uint64_t desc = (uint64_t)rt | (uint64_t)selem << 5 | (uint64_t)size << 8 |
                        (uint64_t)q << 10 | (uint64_t)l << 11;
        ir_call3(s->ir, &h_simd_ldst_multi, 0, IR_ENV, addr, ir_const64(s->ir, desc));
    }

    if (rm >= 0) {
        IrTemp wb;
        if (rm == 31) {
            wb = addr_plus(s, addr, rpt * selem * regbytes);
        } else {
            wb = new_tmp(s);
            ir_add(s->ir, wb, addr, read_xreg(s, rm));
        }
        write_xreg_sp(s, rn, wb);
    }
    return true;
}

bool trans_SIMD_LDST_mult(DisasContext *s, arg_SIMD_LDST_mult *a)
{
    return do_simd_ldst_mult(s, (int)a->q, (int)a->l, (int)a->op, (int)a->sz, (int)a->rn,
                             (int)a->rt, -1);
}

bool trans_SIMD_LDST_mult_post(DisasContext *s, arg_SIMD_LDST_mult_post *a)
{
    return do_simd_ldst_mult(s, (int)a->q, (int)a->l, (int)a->op, (int)a->sz, (int)a->rn,
                             (int)a->rt, (int)a->rm);
}

/* ---- AdvSIMD load/store single structure (lanes, LDnR) ---- */

static const uint64_t dup_mult[4] = {
    0x0101010101010101ull,
    0x0001000100010001ull,
    0x0000000100000001ull,
    1,
};

static bool do_simd_ldst_single(DisasContext *s, int q, int l, int r, int op, int sbit, int size,
                                int rn, int rt, int rm)
{
    int scale = op >> 1;
    int selem = ((op & 1) << 1 | r) + 1;
    bool replicate = false;
    int index = 0;
    int k;
    IrTemp addr;

    switch (scale) {
    case 3:
        if (!l || sbit) {
            return false;
        }
        scale = size;
        replicate = true;
        break;
    case 0:
        index = q << 3 | sbit << 2 | size;
        break;
    case 1:
        if (size & 1) {
            return false;
        }
        index = q << 2 | sbit << 1 | size >> 1;
        break;
    default: /* 2 */
        if (size & 2) {
            return false;
        }
        if (!(size & 1)) {
            index = q << 1 | sbit;
        } else {
            if (sbit) {
                return false;
            }
            index = q;
            scale = 3;
        }
        break;
    }

    addr = addr_plus(s, read_xreg_sp(s, rn), 0);
    for (k = 0; k < selem; k++) {
        int reg = (rt + k) % 32;
        IrTemp ea = addr_plus(s, addr, k << scale);
        IrTemp t = new_tmp(s);
        if (replicate) {
            ir_qld(s->ir, t, ea, (MemOp)scale);
            if (scale != 3) {
                ir_mul(s->ir, t, t, ir_const64(s->ir, dup_mult[scale]));
            }
            ir_st(s->ir, t, IR_ENV, vreg_offset(reg), MO_64);
            if (q) {
                ir_st(s->ir, t, IR_ENV, vreg_offset(reg) + 8, MO_64);
            } else {
                clear_vreg_high(s, reg, 8);
            }
        } else if (l) {
            ir_qld(s->ir, t, ea, (MemOp)scale);
            ir_st(s->ir, t, IR_ENV, vreg_elem_offset(reg, index, scale), (MemOp)scale);
        } else {
            ir_ld(s->ir, t, IR_ENV, vreg_elem_offset(reg, index, scale), (MemOp)scale);
            ir_qst(s->ir, t, ea, (MemOp)scale);
        }
    }

    if (rm >= 0) {
        IrTemp wb;
        if (rm == 31) {
            wb = addr_plus(s, addr, selem << scale);
        } else {
            wb = new_tmp(s);
            ir_add(s->ir, wb, addr, read_xreg(s, rm));
        }
        write_xreg_sp(s, rn, wb);
    }
    return true;
}

bool trans_SIMD_LDST_single(DisasContext *s, arg_SIMD_LDST_single *a)
{
    return do_simd_ldst_single(s, (int)a->q, (int)a->l, (int)a->r, (int)a->op, (int)a->s,
                               (int)a->sz, (int)a->rn, (int)a->rt, -1);
}

bool trans_SIMD_LDST_single_post(DisasContext *s, arg_SIMD_LDST_single_post *a)
{
    return do_simd_ldst_single(s, (int)a->q, (int)a->l, (int)a->r, (int)a->op, (int)a->s,
                               (int)a->sz, (int)a->rn, (int)a->rt, (int)a->rm);
}
