/*
 * translate-simd-fp16.c - trans_* functions for half-precision Advanced SIMD (FEAT_FP16)
 * and FEAT_FHM (patterns in a64-simd-fp16.decode).
 *
 * The FP16 groups have the same opcodes as the single/double ones, so each becomes a call
 * to the general helper of helper-simd.c with the descriptor's SD_FP16 bit set (the
 * element size is then half, and the size field carries only the a bit, bit 23);
 * FMLAL/FMLSL call helper_simd_fhm (helper-fp16.c).  As in translate-simd.c the helper's C
 * function is first run on a scratch state to find out whether the encoding is allocated,
 * and each instruction needs its HWCAP (ASIMDHP, ASIMDFHM; FCMLA also FCMA), else SIGILL.
 * Scalar FP16 (fadd h0, h1, h2...) is a64-fp.decode's patterns with ftype 3
 * (translate-fp.c checks FPHP).
 * Example: `fadd v0.8h, v1.8h, v2.8h` becomes
 *     call simd_3same(env, simd_desc(0, 1, 2, 0, 1, 0, 0x1a, 0, 0) | SD_FP16_BIT)
 */

#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-fp16.h"
#include "target/aarch64/translate.h"
#include "a64-decode.h"


SIMD_HELPER(simd_3same)
SIMD_HELPER(simd_2misc)
SIMD_HELPER(simd_across)
SIMD_HELPER(simd_pairwise_scalar)
SIMD_HELPER(simd_shift_imm)
SIMD_HELPER(simd_indexed)
SIMD_HELPER(simd_x)
SIMD_HELPER(simd_fhm)

typedef bool (*CheckFn)(CPUArchState *, uint64_t);

/* Emit h(env, desc) if the model has every bit of hwcap and check() accepts desc. */
static bool gen_h(DisasContext *s, uint64_t hwcap, IrHelper *h, CheckFn check, uint64_t desc)
{
    if ((s->env->hwcap & hwcap) != hwcap) {
        return false;
    }
    return gen_simd_call(s, h, check, desc);
}

static uint64_t hdesc(int64_t rd, int64_t rn, int64_t rm, int64_t a, int64_t q, int64_t u,
                      int64_t opc, bool scalar, unsigned imm)
{
    return simd_desc((unsigned)rd, (unsigned)rn, (unsigned)rm, (unsigned)(a << 1), (unsigned)q,
                     (unsigned)u, (unsigned)opc, scalar, imm) |
           SD_FP16_BIT;
}

#define HP A64_HWCAP_ASIMDHP

/* ---- three same, two-register misc, across lanes, pairwise ---- */

bool trans_H_3SAME(DisasContext *s, arg_H_3SAME *a)
{
    return gen_h(s, HP, &h_simd_3same, simd_3same,
                 hdesc(a->rd, a->rn, a->rm, a->a, a->q, a->u, 0x18 | a->opc, false, 0));
}

bool trans_HS_3SAME(DisasContext *s, arg_HS_3SAME *a)
{
    return gen_h(s, HP, &h_simd_3same, simd_3same,
                 hdesc(a->rd, a->rn, a->rm, a->a, 0, a->u, 0x18 | a->opc, true, 0));
}

bool trans_H_2MISC(DisasContext *s, arg_H_2MISC *a)
{
    return gen_h(s, HP, &h_simd_2misc, simd_2misc,
                 hdesc(a->rd, a->rn, 0, a->a, a->q, a->u, a->opc, false, 0));
}

bool trans_HS_2MISC(DisasContext *s, arg_HS_2MISC *a)
{
    return gen_h(s, HP, &h_simd_2misc, simd_2misc,
                 hdesc(a->rd, a->rn, 0, a->a, 0, a->u, a->opc, true, 0));
}

bool trans_H_MAXNMV(DisasContext *s, arg_H_MAXNMV *a)
{
    return gen_h(s, HP, &h_simd_across, simd_across,
                 hdesc(a->rd, a->rn, 0, a->a, a->q, 0, 0x0c, false, 0));
}

bool trans_H_MAXV(DisasContext *s, arg_H_MAXV *a)
{
    return gen_h(s, HP, &h_simd_across, simd_across,
                 hdesc(a->rd, a->rn, 0, a->a, a->q, 0, 0x0f, false, 0));
}

bool trans_HS_PAIR(DisasContext *s, arg_HS_PAIR *a)
{
    return gen_h(s, HP, &h_simd_pairwise_scalar, simd_pairwise_scalar,
                 hdesc(a->rd, a->rn, 0, a->a, 0, 0, a->opc, true, 0));
}

/* ---- by element: index H:L:M ---- */

bool trans_H_INDEXED(DisasContext *s, arg_H_INDEXED *a)
{
    return gen_h(s, HP, &h_simd_indexed, simd_indexed,
                 hdesc(a->rd, a->rn, a->rm, 0, a->q, a->u, a->opc, false,
                       (unsigned)(a->h << 2 | a->l << 1 | a->m)));
}

bool trans_HS_INDEXED(DisasContext *s, arg_HS_INDEXED *a)
{
    return gen_h(s, HP, &h_simd_indexed, simd_indexed,
                 hdesc(a->rd, a->rn, a->rm, 0, 0, a->u, a->opc, true,
                       (unsigned)(a->h << 2 | a->l << 1 | a->m)));
}

/* FCMLA Vd.<4h|8h>, Vn, Vm.h[H:L]: Vm = M:Rm; index H = 1 needs Q (two pairs in 64 bits) */
bool trans_FCMLA_xh(DisasContext *s, arg_FCMLA_xh *a)
{
    if (a->h && !a->q) {
        return false;
    }
    uint64_t desc = simd_desc((unsigned)a->rd, (unsigned)a->rn, (unsigned)(a->m << 4 | a->rm), 1,
                              (unsigned)a->q, 0, SX_FCMLA, 0,
                              SXI_INDEXED | SXI_ROT(a->rot) | (unsigned)(a->h << 1 | a->l));
    return gen_h(s, HP | A64_HWCAP_FCMA, &h_simd_x, simd_x, desc);
}

/* ---- fixed-point conversions: immh:immb = 001:imm4 ---- */

static bool do_fix(DisasContext *s, int64_t rd, int64_t rn, int64_t q, int64_t u, int opc,
                   bool scalar, int64_t imm4)
{
    return gen_h(s, HP, &h_simd_shift_imm, simd_shift_imm,
                 hdesc(rd, rn, 0, 0, q, u, opc, scalar, (unsigned)(0x10 | imm4)));
}

bool trans_H_CVTF_FIX(DisasContext *s, arg_H_CVTF_FIX *a)
{
    return do_fix(s, a->rd, a->rn, a->q, a->u, 0x1c, false, a->imm4);
}

bool trans_H_FCVTZ_FIX(DisasContext *s, arg_H_FCVTZ_FIX *a)
{
    return do_fix(s, a->rd, a->rn, a->q, a->u, 0x1f, false, a->imm4);
}

bool trans_HS_CVTF_FIX(DisasContext *s, arg_HS_CVTF_FIX *a)
{
    return do_fix(s, a->rd, a->rn, 0, a->u, 0x1c, true, a->imm4);
}

bool trans_HS_FCVTZ_FIX(DisasContext *s, arg_HS_FCVTZ_FIX *a)
{
    return do_fix(s, a->rd, a->rn, 0, a->u, 0x1f, true, a->imm4);
}

/* ---- FEAT_FHM ---- */

#define TRANS_FHM_V(NAME, OP)                                                                      \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_h(s, A64_HWCAP_ASIMDFHM, &h_simd_fhm, simd_fhm,                                 \
                     simd_desc((unsigned)a->rd, (unsigned)a->rn, (unsigned)a->rm, 0,               \
                               (unsigned)a->q, 0, OP, 0, 0));                                      \
    }
#define TRANS_FHM_X(NAME, OP)                                                                      \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_h(s, A64_HWCAP_ASIMDFHM, &h_simd_fhm, simd_fhm,                                 \
                     simd_desc((unsigned)a->rd, (unsigned)a->rn, (unsigned)a->rm, 0,               \
                               (unsigned)a->q, 0, OP, 0,                                           \
                               SXI_INDEXED | (unsigned)(a->h << 2 | a->l << 1 | a->m)));           \
    }

/* clang-format off */
TRANS_FHM_V(FMLAL_v, 0)
TRANS_FHM_V(FMLSL_v, FHM_SUB)
TRANS_FHM_V(FMLAL2_v, FHM_TOP)
TRANS_FHM_V(FMLSL2_v, FHM_SUB | FHM_TOP)
TRANS_FHM_X(FMLAL_x, 0)
TRANS_FHM_X(FMLSL_x, FHM_SUB)
TRANS_FHM_X(FMLAL2_x, FHM_TOP)
TRANS_FHM_X(FMLSL2_x, FHM_SUB | FHM_TOP)
/* clang-format on */
