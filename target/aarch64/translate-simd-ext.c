/*
 * translate-simd-ext.c - trans_* functions for the Armv8.1-8.6 AdvSIMD and FP additions
 * (patterns in a64-simd-ext.decode and a64-fp-ext.decode): FEAT_DotProd, FEAT_RDM,
 * FEAT_FCMA, FEAT_FRINTTS, FEAT_JSCVT, FEAT_I8MM and FEAT_BF16.
 *
 * Each instruction exists only when the CPU model advertises its feature (HWCAP/HWCAP2 bit;
 * otherwise SIGILL, as on a core without it).  The work is one call to helper_simd_x()
 * with a descriptor (helper-ext.h); as in translate-simd.c the same C function is first run
 * on a scratch state to find out whether the encoding is allocated.  FJCVTZS calls its own
 * helper, which returns the result and the Z flag.
 * Example: `udot v0.4s, v1.16b, v2.4b[1]` (hwcap ASIMDDP) becomes
 *     call simd_x(env, simd_desc(0, 1, 2, 2, 1, 0, SX_UDOT, 0, SXI_INDEXED | 1))
 */
#include <string.h>

#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-ext.h"
#include "target/aarch64/translate.h"
#include "a64-decode.h"

static IrHelper h_simd_x = {.name = "simd_x",
                            .func = (void *)helper_simd_x,
                            .ret = IR_VOID,
                            .nargs = 2,
                            .args = {IR_I64, IR_I64},
                            .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                     IR_CALL_NO_EXIT};

static IrHelper h_fjcvtzs = {.name = "fjcvtzs",
                             .func = (void *)helper_fjcvtzs,
                             .ret = IR_I64,
                             .nargs = 2,
                             .args = {IR_I64, IR_I64},
                             .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                      IR_CALL_NO_EXIT};

enum { F_DP, F_RDM, F_FCMA, F_FRINT, F_JSCVT, F_I8MM, F_BF16 };

static bool has_feature(DisasContext *s, int f)
{
    switch (f) {
    case F_DP:
        return s->env->hwcap & A64_HWCAP_ASIMDDP;
    case F_RDM:
        return s->env->hwcap & A64_HWCAP_ASIMDRDM;
    case F_FCMA:
        return s->env->hwcap & A64_HWCAP_FCMA;
    case F_FRINT:
        return s->env->hwcap2 & A64_HWCAP2_FRINT;
    case F_JSCVT:
        return s->env->hwcap & A64_HWCAP_JSCVT;
    case F_I8MM:
        return s->env->hwcap2 & A64_HWCAP2_I8MM;
    default:
        return s->env->hwcap2 & A64_HWCAP2_BF16;
    }
}

/* Emit the helper call if the feature is there and simd_x() accepts desc. */
static bool gen_ext(DisasContext *s, int feature, uint64_t desc)
{
    static _Thread_local CPUArchState scratch;
    if (!has_feature(s, feature)) {
        return false;
    }
    memset(&scratch.vregs, 0, sizeof(scratch.vregs));
    scratch.fpcr = 0;
    scratch.fpsr = 0;
    if (!simd_x(&scratch, desc)) {
        return false;
    }
    ir_call2(s->ir, &h_simd_x, 0, IR_ENV, ir_const64(s->ir, desc));
    return true;
}

static uint64_t desc3(int64_t rd, int64_t rn, int64_t rm, int64_t size, int64_t q, int op,
                      bool scalar, unsigned imm)
{
    return simd_desc((unsigned)rd, (unsigned)rn, (unsigned)rm, (unsigned)size, (unsigned)q, 0,
                     (unsigned)op, scalar, imm);
}

/* ---- three same (extra) ---- */

#define TRANS_3X(NAME, FEAT, OP, SIZE)                                                             \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_ext(s, FEAT, desc3(a->rd, a->rn, a->rm, SIZE, a->q, OP, false, 0));             \
    }
#define TRANS_MM(NAME, FEAT, OP)                                                                   \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_ext(s, FEAT, desc3(a->rd, a->rn, a->rm, 2, 1, OP, false, 0));                   \
    }

/* clang-format off */
TRANS_3X(SQRDMLAH_v, F_RDM, SX_SQRDMLAH, a->size)
TRANS_3X(SQRDMLSH_v, F_RDM, SX_SQRDMLSH, a->size)
TRANS_3X(SDOT_v, F_DP, SX_SDOT, 2)
TRANS_3X(UDOT_v, F_DP, SX_UDOT, 2)
TRANS_3X(USDOT_v, F_I8MM, SX_USDOT, 2)
TRANS_3X(BFDOT_v, F_BF16, SX_BFDOT, 1)
TRANS_MM(SMMLA, F_I8MM, SX_SMMLA)
TRANS_MM(UMMLA, F_I8MM, SX_UMMLA)
TRANS_MM(USMMLA, F_I8MM, SX_USMMLA)
TRANS_MM(BFMMLA, F_BF16, SX_BFMMLA)
TRANS_MM(BFMLALB_v, F_BF16, SX_BFMLALB)
TRANS_MM(BFMLALT_v, F_BF16, SX_BFMLALT)
/* clang-format on */

bool trans_FCMLA_v(DisasContext *s, arg_FCMLA_v *a)
{
    if (a->size == 1 && !(s->env->hwcap & A64_HWCAP_ASIMDHP)) {
        return false;
    }
    return gen_ext(s, F_FCMA,
                   desc3(a->rd, a->rn, a->rm, a->size, a->q, SX_FCMLA, false, SXI_ROT(a->rot)));
}

bool trans_FCADD_v(DisasContext *s, arg_FCADD_v *a)
{
    if (a->size == 1 && !(s->env->hwcap & A64_HWCAP_ASIMDHP)) {
        return false;
    }
    return gen_ext(s, F_FCMA,
                   desc3(a->rd, a->rn, a->rm, a->size, a->q, SX_FCADD, false, SXI_ROT(a->rot)));
}

bool trans_SQRDMLAH_s(DisasContext *s, arg_SQRDMLAH_s *a)
{
    return gen_ext(s, F_RDM, desc3(a->rd, a->rn, a->rm, a->size, 0, SX_SQRDMLAH, true, 0));
}

bool trans_SQRDMLSH_s(DisasContext *s, arg_SQRDMLSH_s *a)
{
    return gen_ext(s, F_RDM, desc3(a->rd, a->rn, a->rm, a->size, 0, SX_SQRDMLSH, true, 0));
}

/* ---- by element: index H:L with Vm = M:Rm (32-bit groups), or H:L:M with Vm = Rm ---- */

#define TRANS_X_HL(NAME, FEAT, OP, SIZE, Q, SCALAR)                                                \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_ext(s, FEAT,                                                                    \
                       desc3(a->rd, a->rn, a->m << 4 | a->rm, SIZE, Q, OP, SCALAR,                 \
                             SXI_INDEXED | (unsigned)(a->h << 1 | a->l)));                         \
    }
#define TRANS_X_HLM(NAME, FEAT, OP, SIZE, Q, SCALAR)                                               \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_ext(s, FEAT,                                                                    \
                       desc3(a->rd, a->rn, a->rm, SIZE, Q, OP, SCALAR,                             \
                             SXI_INDEXED | (unsigned)(a->h << 2 | a->l << 1 | a->m)));             \
    }

/* clang-format off */
TRANS_X_HL(SDOT_x, F_DP, SX_SDOT, 2, a->q, false)
TRANS_X_HL(UDOT_x, F_DP, SX_UDOT, 2, a->q, false)
TRANS_X_HL(SUDOT_x, F_I8MM, SX_SUDOT, 2, a->q, false)
TRANS_X_HL(USDOT_x, F_I8MM, SX_USDOT, 2, a->q, false)
TRANS_X_HL(BFDOT_x, F_BF16, SX_BFDOT, 1, a->q, false)
TRANS_X_HLM(BFMLALB_x, F_BF16, SX_BFMLALB, 1, 1, false)
TRANS_X_HLM(BFMLALT_x, F_BF16, SX_BFMLALT, 1, 1, false)
TRANS_X_HLM(SQRDMLAH_xh, F_RDM, SX_SQRDMLAH, 1, a->q, false)
TRANS_X_HL(SQRDMLAH_xs, F_RDM, SX_SQRDMLAH, 2, a->q, false)
TRANS_X_HLM(SQRDMLSH_xh, F_RDM, SX_SQRDMLSH, 1, a->q, false)
TRANS_X_HL(SQRDMLSH_xs, F_RDM, SX_SQRDMLSH, 2, a->q, false)
TRANS_X_HLM(SQRDMLAH_sxh, F_RDM, SX_SQRDMLAH, 1, 0, true)
TRANS_X_HL(SQRDMLAH_sxs, F_RDM, SX_SQRDMLAH, 2, 0, true)
TRANS_X_HLM(SQRDMLSH_sxh, F_RDM, SX_SQRDMLSH, 1, 0, true)
TRANS_X_HL(SQRDMLSH_sxs, F_RDM, SX_SQRDMLSH, 2, 0, true)
/* clang-format on */

bool trans_FCMLA_x(DisasContext *s, arg_FCMLA_x *a)
{
    /* single precision: index = H, L and Q = 0 are unallocated (half needs FEAT_FP16) */
    if (a->l || !a->q) {
        return false;
    }
    return gen_ext(s, F_FCMA,
                   desc3(a->rd, a->rn, a->m << 4 | a->rm, 2, 1, SX_FCMLA, false,
                         SXI_INDEXED | SXI_ROT(a->rot) | (unsigned)a->h));
}

/* ---- two-register misc and scalar FP ---- */

#define TRANS_FRINT_V(NAME, OP)                                                                    \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_ext(s, F_FRINT, desc3(a->rd, a->rn, 0, 2 + a->sz, a->q, OP, false, 0));         \
    }
#define TRANS_FRINT_S(NAME, OP)                                                                    \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_ext(s, F_FRINT, desc3(a->rd, a->rn, 0, 2 + a->sz, 0, OP, true, 0));             \
    }

/* clang-format off */
TRANS_FRINT_V(FRINT32Z_v, SX_FRINT32Z)
TRANS_FRINT_V(FRINT32X_v, SX_FRINT32X)
TRANS_FRINT_V(FRINT64Z_v, SX_FRINT64Z)
TRANS_FRINT_V(FRINT64X_v, SX_FRINT64X)
TRANS_FRINT_S(FRINT32Z_s, SX_FRINT32Z)
TRANS_FRINT_S(FRINT32X_s, SX_FRINT32X)
TRANS_FRINT_S(FRINT64Z_s, SX_FRINT64Z)
TRANS_FRINT_S(FRINT64X_s, SX_FRINT64X)
/* clang-format on */

bool trans_BFCVTN(DisasContext *s, arg_BFCVTN *a)
{
    return gen_ext(s, F_BF16, desc3(a->rd, a->rn, 0, 2, 0, SX_BFCVTN, false, 0));
}

bool trans_BFCVTN2(DisasContext *s, arg_BFCVTN2 *a)
{
    return gen_ext(s, F_BF16, desc3(a->rd, a->rn, 0, 2, 1, SX_BFCVTN, false, 0));
}

bool trans_BFCVT(DisasContext *s, arg_BFCVT *a)
{
    return gen_ext(s, F_BF16, desc3(a->rd, a->rn, 0, 2, 0, SX_BFCVTN, true, 0));
}

/* FJCVTZS Wd, Dn: NZCV = 0:Z:0:0 */
bool trans_FJCVTZS(DisasContext *s, arg_FJCVTZS *a)
{
    if (!has_feature(s, F_JSCVT)) {
        return false;
    }
    IrContext *ir = s->ir;
    IrTemp r = new_tmp(s);
    ir_call2(ir, &h_fjcvtzs, r, IR_ENV, ir_const64(ir, (uint64_t)a->rn));
    IrTemp z = new_tmp(s);
    ir_shri(ir, z, r, 32);
    ir_xori(ir, cpu_ZF, z, 1); /* ZF holds 0 when Z is set */
    ir_movi(ir, cpu_NF, 0);
    ir_movi(ir, cpu_CF, 0);
    ir_movi(ir, cpu_VF, 0);
    write_wreg(s, (int)a->rd, r);
    return true;
}
