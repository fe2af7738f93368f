/*
 * helper-ext.h - helpers for the Armv8.1-8.6 A64 additions outside SVE/SME, crypto and FP16:
 * dot products and matrix multiplies (FEAT_DotProd, FEAT_I8MM), rounding doubling
 * multiply-accumulate (FEAT_RDM), complex arithmetic (FEAT_FCMA), FRINT32/64 (FEAT_FRINTTS),
 * FJCVTZS (FEAT_JSCVT), BFloat16 (FEAT_BF16), RNDR/RNDRRS (FEAT_RNG).
 *
 * AdvSIMD and FP register forms use one entry point, simd_x(env, desc), with the
 * descriptor of helper-vec.h (simd_desc) and one of the SX_* operations in its opc field;
 * SD_IMM holds the element index (SXI_INDEXED set for by-element forms) and the rotation.
 * As with helper-simd.c, simd_x returns false, leaving env untouched, for an encoding it
 * does not implement; the translator runs it on a scratch state to decide.
 * Example: `sdot v0.4s, v1.16b, v2.4b[3]` is
 *     helper_simd_x(env, simd_desc(0, 1, 2, 2, 1, 0, SX_SDOT, 0, SXI_INDEXED | 3))
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_EXT_H
#define VEMU_TARGET_AARCH64_HELPER_EXT_H

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/helper-vec.h"

enum {
    SX_SDOT,
    SX_UDOT,
    SX_USDOT,
    SX_SUDOT,
    SX_SMMLA,
    SX_UMMLA,
    SX_USMMLA,
    SX_SQRDMLAH,
    SX_SQRDMLSH,
    /* floating point (helper-fp-ext.c) from here on */
    SX_FCMLA,
    SX_FCADD,
    SX_FRINT32Z,
    SX_FRINT32X,
    SX_FRINT64Z,
    SX_FRINT64X,
    SX_BFDOT,
    SX_BFMMLA,
    SX_BFMLALB,
    SX_BFMLALT,
    SX_BFCVTN, /* q = 1: BFCVTN2; scalar = 1: BFCVT */
};
#define SX_FIRST_FP SX_FCMLA

/* SD_IMM: element index in bits 3:0, by-element form, rotation (FCMLA 0..3, FCADD 0..1) */
#define SXI_INDEXED (1u << 4)
#define SXI_ROT(r) ((unsigned)(r) << 5)
#define SXI_GET_ROT(imm) (((imm) >> 5) & 3)

bool simd_x(CPUArchState *env, uint64_t desc);
void helper_simd_x(CPUArchState *env, uint64_t desc);
/* the floating-point half of simd_x (helper-fp-ext.c) */
bool simd_x_fp(CPUArchState *env, uint64_t desc);

/* FJCVTZS: the 32-bit result in bits 31:0 and PSTATE.Z in bit 32 (N = C = V = 0). */
uint64_t fp_jscvt(FpCtx *c, uint64_t d);
uint64_t helper_fjcvtzs(CPUArchState *env, uint64_t rn);

/* RNDR (reseed = 0) / RNDRRS (1): 64 random bits from getrandom(2); NZCV = 0000 on
 * success, 0100 with a zero result if no entropy could be had. */
uint64_t helper_rndr(CPUArchState *env, uint64_t reseed);

#endif
