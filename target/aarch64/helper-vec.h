/*
 * helper-vec.h - the floating-point and AdvSIMD helpers of the A64 front end.
 *
 * Two layers:
 *   - scalar FP primitives (helper-fp.c) working on raw IEEE bit patterns of element size
 *     esz (1 = half, 2 = single, 3 = double) with an FpCtx that carries FPCR and collects
 *     the cumulative FPSR flags; they implement the A64 rules (NaN propagation, default
 *     NaN, flush-to-zero, saturating conversions) on top of host float/double arithmetic;
 *   - helpers called from translated code (helper_*), which read and write env->vregs
 *     directly.  AdvSIMD helpers take one 64-bit descriptor built with simd_desc().
 * Each simd_<group>() returns false, leaving env untouched, for an encoding it does not
 * implement; the translator runs it on a scratch state at translate time to decide
 * between emitting the call and SIGILL.
 * Example: `add v0.4s, v1.4s, v2.4s` becomes
 *     helper_simd_3same(env, simd_desc(0, 1, 2, 2, 1, 0, 0x10, 0, 0))
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_VEC_H
#define VEMU_TARGET_AARCH64_HELPER_VEC_H

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"

/* FPSR cumulative exception bits and QC. */
#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPSR_IDC (1u << 7)
#define FPSR_QC (1u << 27)

/* FPCR fields. */
#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
#define FPCR_AHP (1u << 26)
#define FPCR_FZ16 (1u << 19)
#define FPCR_RMODE_SHIFT 22

/* Rounding modes, numbered as FPCR.RMode, plus ties-away (FCVTA*, FRINTA) and "use FPCR". */
enum { FPR_N = 0, FPR_P = 1, FPR_M = 2, FPR_Z = 3, FPR_A = 4, FPR_FPCR = 5 };

typedef struct FpCtx {
    uint32_t fpcr;
    uint32_t flags;    /* FPSR bits raised so far */
    uint32_t op_flags; /* bits raised by the host operation in progress */
    uint32_t fpsr_in;  /* FPSR before the instruction (its sticky bits) */
} FpCtx;

/* Binary operations of fp_binop(). */
enum {
    FPOP_ADD,
    FPOP_SUB,
    FPOP_MUL,
    FPOP_DIV,
    FPOP_MAX,
    FPOP_MIN,
    FPOP_MAXNM,
    FPOP_MINNM,
    FPOP_NMUL,
    FPOP_ABD,
    FPOP_MULX,
    FPOP_RECPS,
    FPOP_RSQRTS,
    FPOP_CMEQ, /* comparisons return an all-ones / zero mask */
    FPOP_CMGE,
    FPOP_CMGT,
    FPOP_ACGE,
    FPOP_ACGT,
};

/* Unary operations of fp_unop(). */
enum {
    FPU_ABS,
    FPU_NEG,
    FPU_SQRT,
    FPU_RINT_N, /* FRINTN/P/M/Z/A in FPR_* order */
    FPU_RINT_P,
    FPU_RINT_M,
    FPU_RINT_Z,
    FPU_RINT_A,
    FPU_RINT_X, /* FPCR mode, signals inexact */
    FPU_RINT_I, /* FPCR mode, quiet */
    FPU_RECPE,  /* FRECPE */
    FPU_RSQRTE, /* FRSQRTE */
    FPU_RECPX,  /* FRECPX */
};

/* URECPE / URSQRTE on one 32-bit element. */
uint32_t unsigned_recip_estimate(uint32_t a);
uint32_t unsigned_rsqrt_estimate(uint32_t a);

uint64_t fp_binop(FpCtx *c, int op, int esz, uint64_t a, uint64_t b);
uint64_t fp_unop(FpCtx *c, int op, int esz, uint64_t a);
/* (neg_prod ? -(n*m) : n*m) + (neg_add ? -a : a), fused. */
uint64_t fp_muladd(FpCtx *c, int esz, uint64_t a, uint64_t n, uint64_t m, bool neg_add,
                   bool neg_prod);
/* FCMP/FCMPE: NZCV in bits 31:28. */
uint32_t fp_compare(FpCtx *c, int esz, uint64_t a, uint64_t b, bool signal_qnan);
/* Convert with rounding mode rmode (FPR_*), saturating to a bits-wide (un)signed integer;
 * fbits > 0 gives a fixed-point result. */
uint64_t fp_to_int(FpCtx *c, int esz, uint64_t a, int rmode, bool is_unsigned, int bits, int fbits);
/* Convert a bits-wide (un)signed integer (fixed-point with fbits) to FP. */
uint64_t int_to_fp(FpCtx *c, int esz, uint64_t v, bool is_signed, int bits, int fbits);
/* FCVT between precisions. */
uint64_t fp_convert(FpCtx *c, int from_esz, int to_esz, uint64_t a);
/* VFPExpandImm: the 8-bit FMOV immediate as an esz-sized IEEE pattern. */
static inline uint64_t vfp_expand_imm(int esz, unsigned imm8)
{
    int ebits = esz == 1 ? 5 : esz == 2 ? 8 : 11;
    int fbits = esz == 1 ? 10 : esz == 2 ? 23 : 52;
    uint64_t b6 = (imm8 >> 6) & 1;
    uint64_t e =
        (b6 ^ 1) << (ebits - 1) | (b6 ? ((1ull << (ebits - 3)) - 1) << 2 : 0) | ((imm8 >> 4) & 3);
    return (uint64_t)(imm8 >> 7) << (ebits + fbits) | e << fbits |
           (uint64_t)(imm8 & 15) << (fbits - 4);
}

/* Start an FP helper's work: the flags inline code left pending go to env->fpsr first
 * (the helper's own host arithmetic then cannot lose them, and FpCtx.fpsr_in is exact). */
static inline FpCtx fp_ctx_begin(CPUArchState *env)
{
    a64_fpsr_sync(env);
    return (FpCtx){env->fpcr, 0, 0, env->fpsr};
}

/* Merge the flags collected in c into env->fpsr; drop whatever the helper's host
 * arithmetic left in the host flags (c has Arm's flags: they are not pending). */
static inline void fp_ctx_finish(CPUArchState *env, const FpCtx *c)
{
    env->fpsr |= c->flags;
    (void)host_fp_flags_take();
}

/* ---- scalar FP helpers (translate-fp.c); desc packs rd | rn<<5 | rm<<10 | ra<<15 |
 *      esz<<20 | op<<24 ---- */
#define FPD_RD(d) ((unsigned)(d)&31)
#define FPD_RN(d) ((unsigned)((d) >> 5) & 31)
#define FPD_RM(d) ((unsigned)((d) >> 10) & 31)
#define FPD_RA(d) ((unsigned)((d) >> 15) & 31)
#define FPD_ESZ(d) ((unsigned)((d) >> 20) & 7)
#define FPD_OP(d) ((unsigned)((d) >> 24) & 0xff)
#define FPD_EXTRA(d) ((unsigned)((d) >> 32) & 0xffff)
static inline uint64_t fp_desc(unsigned rd, unsigned rn, unsigned rm, unsigned ra, unsigned esz,
                               unsigned op, unsigned extra)
{
    return rd | rn << 5 | rm << 10 | ra << 15 | esz << 20 | (uint64_t)op << 24 |
           (uint64_t)extra << 32;
}

void helper_fp_2src(CPUArchState *env, uint64_t desc);
void helper_fp_1src(CPUArchState *env, uint64_t desc);
/* The exact meaning of IR_FOP (an IrFpFn, tcg/ir.h). */
uint64_t helper_fop(void *env, uint64_t a, uint64_t b, uint64_t c, uint32_t desc);
/* The exact meaning of IR_VFOP (an IrFpFn on pointers to the operands, tcg/ir.h). */
uint64_t helper_vfop(void *env, uint64_t pa, uint64_t pb, uint64_t pc, uint32_t desc);
void helper_fp_3src(CPUArchState *env, uint64_t desc);
uint64_t helper_fp_cmp(CPUArchState *env, uint64_t desc);
/* FCCMP: if cond then compare, else return the immediate nzcv (in extra). */
uint64_t helper_fp_ccmp(CPUArchState *env, uint64_t desc, uint64_t cond);
/* FCVT* to general register: op = rmode | unsigned<<3, extra = bits | fbits<<8. */
uint64_t helper_fp_to_int(CPUArchState *env, uint64_t desc);
/* SCVTF/UCVTF from a general register value: op = signed, extra = bits | fbits<<8. */
void helper_int_to_fp(CPUArchState *env, uint64_t desc, uint64_t val);

/* ---- AdvSIMD ---- */
#define SD_RD(d) ((unsigned)(d)&31)
#define SD_RN(d) ((unsigned)((d) >> 5) & 31)
#define SD_RM(d) ((unsigned)((d) >> 10) & 31)
#define SD_SIZE(d) ((unsigned)((d) >> 15) & 3)
#define SD_Q(d) ((unsigned)((d) >> 17) & 1)
#define SD_U(d) ((unsigned)((d) >> 18) & 1)
#define SD_OPC(d) ((unsigned)((d) >> 19) & 63)
#define SD_SCALAR(d) ((unsigned)((d) >> 25) & 1)
#define SD_IMM(d) ((unsigned)((d) >> 32) & 0xffff)
/* FEAT_FP16: the FP elements are half precision (the size field's low bit is ignored) */
#define SD_FP16_BIT (1ull << 26)
#define SD_FP16(d) ((unsigned)((d) >> 26) & 1)
static inline uint64_t simd_desc(unsigned rd, unsigned rn, unsigned rm, unsigned size, unsigned q,
                                 unsigned u, unsigned opc, unsigned scalar, unsigned imm)
{
    return rd | rn << 5 | rm << 10 | size << 15 | q << 17 | u << 18 | opc << 19 | scalar << 25 |
           (uint64_t)imm << 32;
}

bool simd_3same(CPUArchState *env, uint64_t desc);
bool simd_3diff(CPUArchState *env, uint64_t desc);
bool simd_2misc(CPUArchState *env, uint64_t desc);
bool simd_across(CPUArchState *env, uint64_t desc);
bool simd_pairwise_scalar(CPUArchState *env, uint64_t desc);
bool simd_shift_imm(CPUArchState *env, uint64_t desc); /* imm = immh:immb */
bool simd_perm(CPUArchState *env, uint64_t desc);
bool simd_tbl(CPUArchState *env, uint64_t desc);     /* imm = len | op<<2 */
bool simd_ext(CPUArchState *env, uint64_t desc);     /* imm = index */
bool simd_indexed(CPUArchState *env, uint64_t desc); /* imm = element index */

void helper_simd_3same(CPUArchState *env, uint64_t desc);
void helper_simd_3diff(CPUArchState *env, uint64_t desc);
void helper_simd_2misc(CPUArchState *env, uint64_t desc);
void helper_simd_across(CPUArchState *env, uint64_t desc);
void helper_simd_pairwise_scalar(CPUArchState *env, uint64_t desc);
void helper_simd_shift_imm(CPUArchState *env, uint64_t desc);
void helper_simd_perm(CPUArchState *env, uint64_t desc);
void helper_simd_tbl(CPUArchState *env, uint64_t desc);
void helper_simd_ext(CPUArchState *env, uint64_t desc);
void helper_simd_indexed(CPUArchState *env, uint64_t desc);

#endif
