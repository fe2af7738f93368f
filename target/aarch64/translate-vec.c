/*
 * translate-vec.c - AdvSIMD instructions translated into the IR's lane-wise vector ops
 * (IR_VOP, and AND/OR/XOR on V128) instead of a call to a run-time decoded helper:
 * integer add/sub, the bitwise group (AND, BIC, ORR, EOR, BSL, BIT, BIF), CMEQ, the
 * element reversals, EXT and the immediate shifts SHL/USHR/SSHR; FADD, FSUB, FMUL, FDIV,
 * FMLA and FMLS on single/double lanes (IR_VFOP); CMGT/CMGE/CMHI/CMHS, SMAX/UMAX/SMIN/UMIN,
 * MUL, ADDP/UMAXP/UMINP (128-bit), SHRN/XTN (64-bit), SSHLL/USHLL, ZIP/UZP/TRN.  The native
 * backend
 * emits them as SSE instructions.  translate-simd.c tries these first; anything they do
 * not cover (other opcodes, reserved encodings) falls through to the helpers, which also
 * raise SIGILL for reserved ones.
 * Example: `add v0.4s, v1.4s, v2.4s` becomes
 *     ld_v128 t1, env, $v1 ; ld_v128 t2, env, $v2 ; vop t0, t1, t2, add, vece=2 ; st_v128 t0
 */
#include "target/aarch64/translate.h"
#include "target/aarch64/helper-vec.h"
#include "a64-decode.h"

static IrTemp load_vec(DisasContext *s, int reg)
{
    IrTemp t = ir_new_temp(s->ir, IR_V128);
    ir_ld(s->ir, t, IR_ENV, vreg_offset(reg), MO_128);
    return t;
}

/* Vd = v; a 64-bit form (q = 0) zeroes the upper half, as every AdvSIMD write does. */
static void store_vec(DisasContext *s, int reg, IrTemp v, int q)
{
    ir_st(s->ir, v, IR_ENV, vreg_offset(reg), MO_128);
    if (!q) {
        clear_vreg_high(s, reg, 8);
    }
}

static void gen_vop2(DisasContext *s, IrVecOp vop, unsigned vece, int rd, int rn, int rm, int q,
                     uint32_t imm)
{
    IrTemp n = load_vec(s, rn), m = rm >= 0 ? load_vec(s, rm) : n;
    IrTemp d = ir_new_temp(s->ir, IR_V128);
    ir_vop(s->ir, vop, vece, d, n, m, imm);
    store_vec(s, rd, d, q);
}

/* The bitwise group (opcode 00011): AND BIC ORR EOR BSL BIT BIF (not ORN). */
static bool gen_bitwise(DisasContext *s, const arg_SIMD_3SAME *a)
{
    IrContext *ir = s->ir;
    int sel = (int)(a->u << 2 | a->size);
    if (sel == 3) {
        return false; /* ORN */
    }
    IrTemp n = load_vec(s, (int)a->rn);
    IrTemp m = a->rm == a->rn ? n : load_vec(s, (int)a->rm); /* MOV Vd, Vn is ORR Vd, Vn, Vn */
    IrTemp r = ir_new_temp(ir, IR_V128);
    switch (sel) {
    case 0:
        ir_and(ir, r, n, m);
        break;
    case 1:
        ir_vop(ir, IR_VOP_ANDC, 0, r, n, m, 0);
        break;
    case 2:
        ir_or(ir, r, n, m);
        break;
    case 4:
        ir_xor(ir, r, n, m);
        break;
    default: {
        /* BSL: d = m ^ ((m ^ n) & d);  BIT: d ^ ((d ^ n) & m);  BIF: d ^ ((d ^ n) & ~m) */
        IrTemp d = load_vec(s, (int)a->rd), t = ir_new_temp(ir, IR_V128);
        if (sel == 5) {
            ir_xor(ir, t, m, n);
            ir_and(ir, t, t, d);
            ir_xor(ir, r, m, t);
        } else {
            ir_xor(ir, t, d, n);
            if (sel == 6) {
                ir_and(ir, t, t, m);
            } else {
                ir_vop(ir, IR_VOP_ANDC, 0, t, t, m, 0);
            }
            ir_xor(ir, r, d, t);
        }
        break;
    }
    }
    store_vec(s, (int)a->rd, r, (int)a->q);
    return true;
}

/* FADD, FSUB, FMUL, FDIV, FMLA, FMLS on single or double lanes (IR_VFOP) while FPCR
 * rounds to nearest without flushing (the block's flags, cpu.h); the helper otherwise.
 * FDIV's 64-bit form stays a helper: the inline code computes the zeroed upper lanes
 * too, and 0/0 would raise Invalid Operation. */
static bool gen_fp3(DisasContext *s, const arg_SIMD_3SAME *a)
{
    int esz = (a->size & 1) ? 3 : 2;
    bool hi = (a->size >> 1) & 1;
    int fop;
    if ((s->tb_flags & A64_TBF_FP_EXACT) || (esz == 3 && !a->q)) {
        return false;
    }
    switch (a->opc << 2 | a->u << 1 | hi) {
    case 0x1a << 2:
        fop = IR_FOP_ADD;
        break;
    case 0x1a << 2 | 1:
        fop = IR_FOP_SUB;
        break;
    case 0x1b << 2 | 2:
        fop = IR_FOP_MUL;
        break;
    case 0x1f << 2 | 2:
        if (!a->q) {
            return false;
        }
        fop = IR_FOP_DIV;
        break;
    case 0x19 << 2: /* FMLA: d + n * m */
        fop = IR_FOP_FMA;
        break;
    case 0x19 << 2 | 1: /* FMLS: d - n * m */
        fop = IR_FOP_FMA_NP;
        break;
    default:
        return false;
    }
    IrTemp n = load_vec(s, (int)a->rn), m = a->rm == a->rn ? n : load_vec(s, (int)a->rm);
    IrTemp c = ir_fop_is_fma((unsigned)fop) ? load_vec(s, (int)a->rd) : n;
    IrTemp d = ir_new_temp(s->ir, IR_V128);
    ir_vfop(s->ir, (IrFpOp)fop, (unsigned)esz, a->q ? 16 : 8, helper_vfop, d, n, m, c);
    store_vec(s, (int)a->rd, d, (int)a->q);
    return true;
}

bool vec_3same_inline(DisasContext *s, const arg_SIMD_3SAME *a)
{
    if (a->opc >= 0x18) {
        return gen_fp3(s, a);
    }
    int q = (int)a->q;
    unsigned size = (unsigned)a->size;
    if (size == 3 && !q && a->opc != 0x03) {
        return false; /* reserved: the helper path raises SIGILL */
    }
    switch (a->opc) {
    case 0x10: /* ADD / SUB */
        gen_vop2(s, a->u ? IR_VOP_SUB : IR_VOP_ADD, size, (int)a->rd, (int)a->rn, (int)a->rm, q, 0);
        return true;
    case 0x11: /* CMEQ (register); U=0 is CMTST */
        if (!a->u) {
            return false;
        }
        gen_vop2(s, IR_VOP_CMPEQ, size, (int)a->rd, (int)a->rn, (int)a->rm, q, 0);
        return true;
    case 0x03:
        return gen_bitwise(s, a);
    case 0x06: /* CMGT, CMHI */
    case 0x07: /* CMGE, CMHS */ {
        static const IrVecOp cmp[2][2] = {{IR_VOP_CMPGT, IR_VOP_CMPHI},
                                          {IR_VOP_CMPGE, IR_VOP_CMPHS}};
        gen_vop2(s, cmp[a->opc & 1][a->u], size, (int)a->rd, (int)a->rn, (int)a->rm, q, 0);
        return true;
    }
    case 0x0c: /* SMAX, UMAX */
    case 0x0d: /* SMIN, UMIN */ {
        static const IrVecOp mm[2][2] = {{IR_VOP_MAXS, IR_VOP_MAXU}, {IR_VOP_MINS, IR_VOP_MINU}};
        if (size == 3) {
            return false;
        }
        gen_vop2(s, mm[a->opc & 1][a->u], size, (int)a->rd, (int)a->rn, (int)a->rm, q, 0);
        return true;
    }
    case 0x13: /* MUL (U=0; PMUL is U=1), 16- and 32-bit lanes */
        if (a->u || (size != 1 && size != 2)) {
            return false;
        }
        gen_vop2(s, IR_VOP_MUL, size, (int)a->rd, (int)a->rn, (int)a->rm, q, 0);
        return true;
    case 0x14: /* UMAXP (U=1) */
    case 0x15: /* UMINP (U=1) */
        /* (the 64-bit forms pair within each 64-bit half: the helper) */
        if (!a->u || !q || size == 3) {
            return false;
        }
        gen_vop2(s, a->opc == 0x14 ? IR_VOP_MAXUP : IR_VOP_MINUP, size, (int)a->rd, (int)a->rn,
                 (int)a->rm, q, 0);
        return true;
    case 0x17: /* ADDP (U=0) */
        if (a->u || !q) {
            return false;
        }
        gen_vop2(s, IR_VOP_ADDP, size, (int)a->rd, (int)a->rn, (int)a->rm, q, 0);
        return true;
    default:
        return false;
    }
}

bool vec_2misc_inline(DisasContext *s, const arg_SIMD_2MISC *a)
{
    int q = (int)a->q;
    unsigned size = (unsigned)a->size;
    if (a->opc == 0x00 && size < 3 && (!a->u || size < 2)) {
        /* REV64 (U=0), REV32 (U=1) */
        gen_vop2(s, IR_VOP_REV, size, (int)a->rd, (int)a->rn, -1, q, a->u ? 4 : 8);
        return true;
    }
    if (a->opc == 0x01 && !a->u && size == 0) { /* REV16 */
        gen_vop2(s, IR_VOP_REV, 0, (int)a->rd, (int)a->rn, -1, q, 2);
        return true;
    }
    if (a->opc == 0x09 && !a->u && (size < 3 || q)) { /* CMEQ #0 */
        gen_vop2(s, IR_VOP_CMPEQ0, size, (int)a->rd, (int)a->rn, -1, q, 0);
        return true;
    }
    if (a->opc == 0x12 && !a->u && !q && size < 3) { /* XTN (XTN2 writes the upper half) */
        gen_vop2(s, IR_VOP_NARROW, size + 1, (int)a->rd, (int)a->rn, -1, 1, 0);
        return true;
    }
    return false;
}

bool vec_shiftimm_inline(DisasContext *s, const arg_SIMD_SHIFTIMM *a)
{
    int q = (int)a->q;
    unsigned immhb = (unsigned)(a->immh << 3 | a->immb);
    unsigned vece = 31 - (unsigned)__builtin_clz((unsigned)a->immh); /* immh != 0 */
    unsigned esize = 8u << vece;
    if (vece == 3 && !q) {
        return false; /* reserved */
    }
    if (a->opc == 0x0a && !a->u) { /* SHL */
        gen_vop2(s, IR_VOP_SHLI, vece, (int)a->rd, (int)a->rn, -1, q, immhb - esize);
        return true;
    }
    if (a->opc == 0x00) { /* SSHR (U=0), USHR (U=1) */
        unsigned shift = 2 * esize - immhb;
        if (!a->u && (vece == 0 || vece == 3)) {
            return false; /* no SSE form: the helper does it */
        }
        gen_vop2(s, a->u ? IR_VOP_SHRI : IR_VOP_SARI, vece, (int)a->rd, (int)a->rn, -1, q, shift);
        return true;
    }
    if (a->opc == 0x10 && !a->u && !q && vece < 3) { /* SHRN (SHRN2 writes the upper half) */
        /* vece: the narrow lanes; the shift is 2 * esize - immh:immb (1..esize) */
        gen_vop2(s, IR_VOP_NARROW, vece + 1, (int)a->rd, (int)a->rn, -1, 1, 2 * esize - immhb);
        return true;
    }
    if (a->opc == 0x14 && vece < 3) { /* SSHLL/USHLL (SXTL/UXTL), the "2" forms from the top */
        gen_vop2(s, a->u ? IR_VOP_WIDENU : IR_VOP_WIDENS, vece + 1, (int)a->rd, (int)a->rn, -1, 1,
                 (immhb - esize) | (q ? 0x100u : 0));
        return true;
    }
    return false;
}

/* FMLA, FMLS, FMUL by element on single/double lanes: the element duplicated
 * (IR_VOP_DUPLANE), then IR_VFOP as for the vector forms. */
bool vec_indexed_fp_inline(DisasContext *s, const arg_SIMD_INDEXED *a, int vm, int idx)
{
    int fop;
    if (a->u || (s->tb_flags & A64_TBF_FP_EXACT) || a->size < 2 || (a->size == 3 && !a->q)) {
        return false; /* FMULX (U=1), half precision, reserved: the helper */
    }
    switch (a->opc) {
    case 0x1:
        fop = IR_FOP_FMA; /* FMLA: d + n * m[idx] */
        break;
    case 0x5:
        fop = IR_FOP_FMA_NP; /* FMLS: d - n * m[idx] */
        break;
    case 0x9:
        fop = IR_FOP_MUL;
        break;
    default:
        return false;
    }
    IrContext *ir = s->ir;
    IrTemp n = load_vec(s, (int)a->rn), m = load_vec(s, vm);
    IrTemp e = ir_new_temp(ir, IR_V128), d = ir_new_temp(ir, IR_V128);
    ir_vop(ir, IR_VOP_DUPLANE, (unsigned)a->size, e, m, m, (uint32_t)idx);
    IrTemp c = ir_fop_is_fma((unsigned)fop) ? load_vec(s, (int)a->rd) : n;
    ir_vfop(ir, (IrFpOp)fop, (unsigned)a->size, a->q ? 16 : 8, helper_vfop, d, n, e, c);
    store_vec(s, (int)a->rd, d, (int)a->q);
    return true;
}

bool vec_perm_inline(DisasContext *s, const arg_SIMD_PERM *a)
{
    /* opc: 1 UZP1, 2 TRN1, 3 ZIP1, 5 UZP2, 6 TRN2, 7 ZIP2 */
    static const int vop_of[8] = {-1, IR_VOP_UZP, IR_VOP_TRN, IR_VOP_ZIP,
                                  -1, IR_VOP_UZP, IR_VOP_TRN, IR_VOP_ZIP};
    int vop = vop_of[a->opc & 7];
    unsigned second = (a->opc >> 2) & 1;
    if (vop < 0 || (a->size == 3 && !a->q)) {
        return false; /* unallocated or reserved: the helper raises SIGILL */
    }
    /* the 64-bit forms: TRN pairs stay within each half, and ZIP1 is the low half of the
     * 128-bit ZIP1; UZP and ZIP2 gather from elsewhere (the helper) */
    if (!a->q && (vop == IR_VOP_UZP || (vop == IR_VOP_ZIP && second))) {
        return false;
    }
    gen_vop2(s, (IrVecOp)vop, (unsigned)a->size, (int)a->rd, (int)a->rn, (int)a->rm, (int)a->q,
             second);
    return true;
}

bool vec_ext_inline(DisasContext *s, const arg_SIMD_EXT *a)
{
    if (!a->q) {
        return false; /* the 64-bit form picks from two 8-byte halves */
    }
    gen_vop2(s, IR_VOP_EXT, 0, (int)a->rd, (int)a->rn, (int)a->rm, 1, (uint32_t)a->imm4);
    return true;
}
