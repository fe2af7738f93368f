/*
 * translate-fp.c - trans_* functions for the A64 scalar floating-point instructions
 * (patterns in a64-fp.decode).
 *
 * Moves (FMOV register/general/immediate, FABS/FNEG, FCSEL) are plain IR on
 * env->vregs; anything that rounds, raises FP exceptions or needs the A64 NaN rules is a
 * call to a helper in helper-fp.c, which reads and writes env->vregs itself and returns
 * NZCV for the compares.  Every write to a scalar register zeroes the rest of the vector
 * register.
 * Example: `fadd d0, d1, d2` becomes
 *     call fp_2src(env, fp_desc(rd=0, rn=1, rm=2, esz=3, op=2))
 */
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/translate.h"
#include "a64-decode.h"
#include "target/aarch64/helper-vec.h"

#define FP_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_EXIT)

static IrHelper h_fp_2src = {.name = "fp_2src",
                             .func = (void *)helper_fp_2src,
                             .ret = IR_VOID,
                             .nargs = 2,
                             .args = {IR_I64, IR_I64},
                             .flags = FP_CALL_FLAGS};
static IrHelper h_fp_1src = {.name = "fp_1src",
                             .func = (void *)helper_fp_1src,
                             .ret = IR_VOID,
                             .nargs = 2,
                             .args = {IR_I64, IR_I64},
                             .flags = FP_CALL_FLAGS};
static IrHelper h_fp_3src = {.name = "fp_3src",
                             .func = (void *)helper_fp_3src,
                             .ret = IR_VOID,
                             .nargs = 2,
                             .args = {IR_I64, IR_I64},
                             .flags = FP_CALL_FLAGS};
static IrHelper h_fp_cmp = {.name = "fp_cmp",
                            .func = (void *)helper_fp_cmp,
                            .ret = IR_I64,
                            .nargs = 2,
                            .args = {IR_I64, IR_I64},
                            .flags = FP_CALL_FLAGS};
static IrHelper h_fp_ccmp = {.name = "fp_ccmp",
                             .func = (void *)helper_fp_ccmp,
                             .ret = IR_I64,
                             .nargs = 3,
                             .args = {IR_I64, IR_I64, IR_I64},
                             .flags = FP_CALL_FLAGS};
static IrHelper h_fp_to_int = {.name = "fp_to_int",
                               .func = (void *)helper_fp_to_int,
                               .ret = IR_I64,
                               .nargs = 2,
                               .args = {IR_I64, IR_I64},
                               .flags = FP_CALL_FLAGS};
static IrHelper h_int_to_fp = {.name = "int_to_fp",
                               .func = (void *)helper_int_to_fp,
                               .ret = IR_VOID,
                               .nargs = 3,
                               .args = {IR_I64, IR_I64, IR_I64},
                               .flags = FP_CALL_FLAGS};

/* ftype -> log2 of the element size in bytes (1 half, 2 single, 3 double), or -1. */
static int ft_esz_any(int64_t ft)
{
    switch (ft) {
    case 0:
        return 2;
    case 1:
        return 3;
    case 3:
        return 1;
    default:
        return -1;
    }
}

/* Half precision (ftype 3) needs FEAT_FP16 everywhere but FCVT. */
static int ft_esz_s(DisasContext *s, int64_t ft)
{
    return ft == 3 && !(s->env->hwcap & A64_HWCAP_FPHP) ? -1 : ft_esz_any(ft);
}

/* Vd = zero-extended v (I64), upper 64 bits cleared. */
static void write_fp_scalar(DisasContext *s, int rd, IrTemp v)
{
    ir_st(s->ir, v, IR_ENV, vreg_offset(rd), MO_64);
    ir_st(s->ir, ir_const64(s->ir, 0), IR_ENV, vreg_offset(rd) + 8, MO_64);
}

static IrTemp read_fp_scalar(DisasContext *s, int rn, int esz)
{
    IrTemp t = new_tmp(s);
    ir_ld(s->ir, t, IR_ENV, vreg_offset(rn), (MemOp)esz);
    return t;
}

/* Unpack an NZCV word (bits 31:28) into the lazy flag globals. */
static void gen_set_nzcv_word(DisasContext *s, IrTemp nzcv)
{
    IrContext *ir = s->ir;
    ir_shli(ir, cpu_NF, nzcv, 32);
    ir_shri(ir, cpu_ZF, nzcv, 30);
    ir_andi(ir, cpu_ZF, cpu_ZF, 1);
    ir_xori(ir, cpu_ZF, cpu_ZF, 1);
    ir_shri(ir, cpu_CF, nzcv, 29);
    ir_andi(ir, cpu_CF, cpu_CF, 1);
    ir_shli(ir, cpu_VF, nzcv, 35);
}

static void call_desc(DisasContext *s, IrHelper *h, uint64_t desc)
{
    ir_call2(s->ir, h, 0, IR_ENV, ir_const64(s->ir, desc));
}

/* ---- 1 source ---- */

bool trans_FMOV_r(DisasContext *s, arg_FMOV_r *a)
{
    int esz = ft_esz_s(s, a->ft);
    if (esz < 0) {
        return false;
    }
    write_fp_scalar(s, a->rd, read_fp_scalar(s, a->rn, esz));
    return true;
}

static bool do_sign_op(DisasContext *s, int64_t ft, int rd, int rn, bool neg)
{
    int esz = ft_esz_s(s, ft);
    if (esz < 0) {
        return false;
    }
    IrTemp t = read_fp_scalar(s, rn, esz);
    uint64_t sign = 1ull << ((8 << esz) - 1);
    if (neg) {
        ir_xori(s->ir, t, t, sign);
    } else {
        ir_andi(s->ir, t, t, ~sign);
    }
    write_fp_scalar(s, rd, t);
    return true;
}

bool trans_FABS_s(DisasContext *s, arg_FABS_s *a)
{
    return do_sign_op(s, a->ft, a->rd, a->rn, false);
}

bool trans_FNEG_s(DisasContext *s, arg_FNEG_s *a)
{
    return do_sign_op(s, a->ft, a->rd, a->rn, true);
}

/* ---- arithmetic inline on the host (IR_FOP) ----
 * Single and double precision while FPCR rounds to nearest and does not flush to zero
 * (the block's flags record that, cpu.h): IEEE arithmetic then gives Arm's result and
 * flags, except for NaN results and results that may have been tiny before rounding,
 * which the backend hands to helper_fop. */
static bool fop_inline_ok(DisasContext *s, int esz)
{
    return esz >= 2 && !(s->tb_flags & A64_TBF_FP_EXACT);
}

static void gen_fop(DisasContext *s, IrFpOp fop, int esz, int rd, int rn, int rm, int ra)
{
    IrTemp zero = ir_const64(s->ir, 0);
    IrTemp a = read_fp_scalar(s, rn, esz);
    bool unary = fop == IR_FOP_SQRT || ir_fop_is_rint(fop);
    IrTemp b = unary ? zero : read_fp_scalar(s, rm, esz);
    IrTemp c = ir_fop_is_fma(fop) ? read_fp_scalar(s, ra, esz) : zero;
    IrTemp r = new_tmp(s);
    ir_fop(s->ir, fop, (unsigned)esz, helper_fop, r, a, b, c);
    write_fp_scalar(s, rd, r);
}

bool trans_FSQRT_s(DisasContext *s, arg_FSQRT_s *a)
{
    int esz = ft_esz_s(s, a->ft);
    if (esz < 0) {
        return false;
    }
    if (fop_inline_ok(s, esz)) {
        gen_fop(s, IR_FOP_SQRT, esz, a->rd, a->rn, 0, 0);
        return true;
    }
    call_desc(s, &h_fp_1src, fp_desc(a->rd, a->rn, 0, 0, esz, FPU_SQRT, 0));
    return true;
}

bool trans_FCVT_s(DisasContext *s, arg_FCVT_s *a)
{
    int from = ft_esz_any(a->ft), to = ft_esz_any(a->opc);
    if (from < 0 || to < 0 || from == to) {
        return false;
    }
    if (fop_inline_ok(s, from) && to >= 2) {
        gen_fop(s, IR_FOP_CVT, from, a->rd, a->rn, 0, 0);
        return true;
    }
    call_desc(s, &h_fp_1src, fp_desc(a->rd, a->rn, 0, 0, from, 0x10 | to, 0));
    return true;
}

bool trans_FRINT_s(DisasContext *s, arg_FRINT_s *a)
{
    static const int ops[8] = {FPU_RINT_N, FPU_RINT_P, FPU_RINT_M, FPU_RINT_Z,
                               FPU_RINT_A, -1,         FPU_RINT_X, FPU_RINT_I};
    static const int fops[8] = {IR_FOP_RINT_N, IR_FOP_RINT_P, IR_FOP_RINT_M, IR_FOP_RINT_Z, -1, -1,
                                IR_FOP_RINT_X, IR_FOP_RINT_I};
    int esz = ft_esz_s(s, a->ft);
    int op = ops[a->rmode];
    if (esz < 0 || op < 0) {
        return false;
    }
    if (fops[a->rmode] >= 0 && fop_inline_ok(s, esz)) {
        gen_fop(s, (IrFpOp)fops[a->rmode], esz, a->rd, a->rn, 0, 0);
        return true;
    }
    call_desc(s, &h_fp_1src, fp_desc(a->rd, a->rn, 0, 0, esz, op, 0));
    return true;
}

/* ---- compare, immediate, conditional compare/select ---- */

bool trans_FCMP_s(DisasContext *s, arg_FCMP_s *a)
{
    int esz = ft_esz_s(s, a->ft);
    if (esz < 0) {
        return false;
    }
    IrTemp nzcv = new_tmp(s);
    if (fop_inline_ok(s, esz)) {
        IrTemp zero = ir_const64(s->ir, 0);
        IrTemp b = a->z ? zero : read_fp_scalar(s, a->rm, esz);
        ir_fop(s->ir, a->e ? IR_FOP_CMPE : IR_FOP_CMP, (unsigned)esz, helper_fop, nzcv,
               read_fp_scalar(s, a->rn, esz), b, zero);
        gen_set_nzcv_word(s, nzcv);
        return true;
    }
    ir_call2(s->ir, &h_fp_cmp, nzcv, IR_ENV,
             ir_const64(s->ir, fp_desc(0, a->rn, a->rm, 0, esz, a->e | a->z << 1, 0)));
    gen_set_nzcv_word(s, nzcv);
    return true;
}

bool trans_FMOV_imm(DisasContext *s, arg_FMOV_imm *a)
{
    int esz = ft_esz_s(s, a->ft);
    if (esz < 0) {
        return false;
    }
    write_fp_scalar(s, a->rd, ir_const64(s->ir, vfp_expand_imm(esz, (unsigned)a->imm8)));
    return true;
}

bool trans_FCCMP_s(DisasContext *s, arg_FCCMP_s *a)
{
    int esz = ft_esz_s(s, a->ft);
    if (esz < 0) {
        return false;
    }
    IrTemp cond = gen_cond_value(s, (int)a->cond);
    IrTemp nzcv = new_tmp(s);
    ir_call3(s->ir, &h_fp_ccmp, nzcv, IR_ENV,
             ir_const64(s->ir, fp_desc(0, a->rn, a->rm, 0, esz, a->e, a->nzcv)), cond);
    gen_set_nzcv_word(s, nzcv);
    return true;
}

bool trans_FCSEL_s(DisasContext *s, arg_FCSEL_s *a)
{
    int esz = ft_esz_s(s, a->ft);
    if (esz < 0) {
        return false;
    }
    IrTemp cond = gen_cond_value(s, (int)a->cond);
    IrTemp tn = read_fp_scalar(s, a->rn, esz);
    IrTemp tm = read_fp_scalar(s, a->rm, esz);
    IrTemp r = new_tmp(s);
    ir_movcond(s->ir, IR_COND_NE, r, cond, ir_const64(s->ir, 0), tn, tm);
    write_fp_scalar(s, a->rd, r);
    return true;
}

/* ---- 2 source ---- */

static bool do_fp_2src(DisasContext *s, int64_t ft, int rd, int rn, int rm, int op)
{
    /* by op (helper_fp_2src's numbering): FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM,
     * FMINNM, FNMUL */
    static const int fop_of[9] = {IR_FOP_MUL, IR_FOP_DIV,   IR_FOP_ADD,   IR_FOP_SUB, IR_FOP_MAX,
                                  IR_FOP_MIN, IR_FOP_MAXNM, IR_FOP_MINNM, IR_FOP_NMUL};
    int esz = ft_esz_s(s, ft);
    if (esz < 0) {
        return false;
    }
    if (fop_of[op] >= 0 && fop_inline_ok(s, esz)) {
        gen_fop(s, (IrFpOp)fop_of[op], esz, rd, rn, rm, 0);
        return true;
    }
    call_desc(s, &h_fp_2src, fp_desc(rd, rn, rm, 0, esz, op, 0));
    return true;
}

#define TRANS_FP2(NAME, OP)                                                                        \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_fp_2src(s, a->ft, a->rd, a->rn, a->rm, OP);                                      \
    }

TRANS_FP2(FMUL_s, 0)
TRANS_FP2(FDIV_s, 1)
TRANS_FP2(FADD_s, 2)
TRANS_FP2(FSUB_s, 3)
TRANS_FP2(FMAX_s, 4)
TRANS_FP2(FMIN_s, 5)
TRANS_FP2(FMAXNM_s, 6)
TRANS_FP2(FMINNM_s, 7)
TRANS_FP2(FNMUL_s, 8)

/* ---- 3 source ---- */

static bool do_fp_3src(DisasContext *s, int64_t ft, int rd, int rn, int rm, int ra, int op)
{
    /* FMADD a + n*m, FMSUB a - n*m, FNMADD -a - n*m, FNMSUB -a + n*m */
    static const IrFpOp fop_of[4] = {IR_FOP_FMA, IR_FOP_FMA_NP, IR_FOP_FMA_NPC, IR_FOP_FMA_NC};
    int esz = ft_esz_s(s, ft);
    if (esz < 0) {
        return false;
    }
    if (fop_inline_ok(s, esz)) {
        gen_fop(s, fop_of[op], esz, rd, rn, rm, ra);
        return true;
    }
    call_desc(s, &h_fp_3src, fp_desc(rd, rn, rm, ra, esz, op, 0));
    return true;
}

#define TRANS_FP3(NAME, OP)                                                                        \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_fp_3src(s, a->ft, a->rd, a->rn, a->rm, a->ra, OP);                               \
    }

TRANS_FP3(FMADD_s, 0)
TRANS_FP3(FMSUB_s, 1)
TRANS_FP3(FNMADD_s, 2)
TRANS_FP3(FNMSUB_s, 3)

/* ---- conversions between FP and general registers ---- */

bool trans_FMOV_to_gen(DisasContext *s, arg_FMOV_to_gen *a)
{
    IrTemp t = new_tmp(s);
    int rn = (int)a->rn;
    if (a->top) {
        if (!a->sf || a->ft != 2) {
            return false;
        }
        ir_ld(s->ir, t, IR_ENV, vreg_offset(rn) + 8, MO_64);
    } else if (a->ft == 0 && !a->sf) {
        ir_ld(s->ir, t, IR_ENV, vreg_offset(rn), MO_32);
    } else if (a->ft == 1 && a->sf) {
        ir_ld(s->ir, t, IR_ENV, vreg_offset(rn), MO_64);
    } else if (a->ft == 3 && ft_esz_s(s, 3) > 0) {
        ir_ld(s->ir, t, IR_ENV, vreg_offset(rn), MO_16);
    } else {
        return false;
    }
    write_xreg(s, (int)a->rd, t);
    return true;
}

bool trans_FMOV_from_gen(DisasContext *s, arg_FMOV_from_gen *a)
{
    IrTemp x = read_xreg(s, (int)a->rn);
    IrTemp t = new_tmp(s);
    int rd = (int)a->rd;
    if (a->top) {
        if (!a->sf || a->ft != 2) {
            return false;
        }
        ir_st(s->ir, x, IR_ENV, vreg_offset(rd) + 8, MO_64);
        return true;
    }
    if (a->ft == 0 && !a->sf) {
        ir_ext32u(s->ir, t, x);
    } else if (a->ft == 1 && a->sf) {
        ir_mov(s->ir, t, x);
    } else if (a->ft == 3 && ft_esz_s(s, 3) > 0) {
        ir_ext16u(s->ir, t, x);
    } else {
        return false;
    }
    write_fp_scalar(s, rd, t);
    return true;
}

static bool do_fp_to_int(DisasContext *s, int64_t sf, int64_t ft, int rd, int rn, int rmode,
                         bool is_unsigned, int fbits)
{
    int esz = ft_esz_s(s, ft);
    if (esz < 0) {
        return false;
    }
    int bits = sf ? 64 : 32;
    IrTemp r = new_tmp(s);
    if ((rmode == FPR_Z || rmode == FPR_N) && !is_unsigned && fbits == 0 && fop_inline_ok(s, esz)) {
        IrTemp zero = ir_const64(s->ir, 0);
        IrFpOp fop = rmode == FPR_Z ? (sf ? IR_FOP_FCVTZS64 : IR_FOP_FCVTZS32)
                                    : (sf ? IR_FOP_FCVTNS64 : IR_FOP_FCVTNS32);
        ir_fop(s->ir, fop, (unsigned)esz, helper_fop, r, read_fp_scalar(s, rn, esz), zero, zero);
        write_reg_sf(s, (int)sf, rd, r);
        return true;
    }
    ir_call2(s->ir, &h_fp_to_int, r, IR_ENV,
             ir_const64(s->ir, fp_desc(0, rn, 0, 0, esz, rmode | (is_unsigned ? 8 : 0),
                                       bits | fbits << 8)));
    write_reg_sf(s, (int)sf, rd, r);
    return true;
}

static bool do_int_to_fp(DisasContext *s, int64_t sf, int64_t ft, int rd, int rn, bool is_signed,
                         int fbits)
{
    int esz = ft_esz_s(s, ft);
    if (esz < 0) {
        return false;
    }
    int bits = sf ? 64 : 32;
    if (fbits == 0 && fop_inline_ok(s, esz)) {
        IrTemp zero = ir_const64(s->ir, 0);
        IrTemp v = new_tmp(s), r = new_tmp(s);
        if (sf) {
            ir_mov(s->ir, v, read_xreg(s, rn));
        } else if (is_signed) {
            ir_ext32s(s->ir, v, read_xreg(s, rn));
        } else {
            ir_ext32u(s->ir, v, read_xreg(s, rn));
        }
        ir_fop(s->ir, is_signed ? IR_FOP_SCVTF : IR_FOP_UCVTF, (unsigned)esz, helper_fop, r, v,
               zero, zero);
        write_fp_scalar(s, rd, r);
        return true;
    }
    ir_call3(s->ir, &h_int_to_fp, 0, IR_ENV,
             ir_const64(s->ir, fp_desc(rd, 0, 0, 0, esz, is_signed, bits | fbits << 8)),
             read_xreg(s, rn));
    return true;
}

bool trans_FCVT_gen(DisasContext *s, arg_FCVT_gen *a)
{
    /* rmode 00 N, 01 P, 10 M, 11 Z: the FPR_* numbering */
    return do_fp_to_int(s, a->sf, a->ft, (int)a->rd, (int)a->rn, (int)a->rmode, a->u, 0);
}

bool trans_FCVTA_gen(DisasContext *s, arg_FCVTA_gen *a)
{
    return do_fp_to_int(s, a->sf, a->ft, (int)a->rd, (int)a->rn, FPR_A, a->u, 0);
}

bool trans_CVTF_gen(DisasContext *s, arg_CVTF_gen *a)
{
    return do_int_to_fp(s, a->sf, a->ft, (int)a->rd, (int)a->rn, !a->u, 0);
}

bool trans_FCVTZ_fix(DisasContext *s, arg_FCVTZ_fix *a)
{
    if (!a->sf && a->scale < 32) {
        return false;
    }
    return do_fp_to_int(s, a->sf, a->ft, (int)a->rd, (int)a->rn, FPR_Z, a->u, 64 - (int)a->scale);
}

bool trans_CVTF_fix(DisasContext *s, arg_CVTF_fix *a)
{
    if (!a->sf && a->scale < 32) {
        return false;
    }
    return do_int_to_fp(s, a->sf, a->ft, (int)a->rd, (int)a->rn, !a->u, 64 - (int)a->scale);
}
