/*
 * helper-fp16.h - FEAT_FHM's widening half-precision multiply-add (FMLAL, FMLAL2, FMLSL,
 * FMLSL2), vector and by element, in helper-fp16.c.  The other FEAT_FP16 instructions use
 * the helpers of helper-vec.h with SD_FP16 set.
 * The descriptor is helper-vec.h's simd_desc() with opc = FHM_SUB | FHM_TOP and, for the
 * by-element forms, imm = SXI_INDEXED | index.
 * Example: `fmlal2 v0.4s, v1.4h, v2.4h` is
 *     helper_simd_fhm(env, simd_desc(0, 1, 2, 0, 1, 0, FHM_TOP, 0, 0))
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_FP16_H
#define VEMU_TARGET_AARCH64_HELPER_FP16_H

#include "target/aarch64/helper-ext.h"

#define FHM_SUB 1 /* FMLSL: negate the Vn element */
#define FHM_TOP 2 /* FMLAL2/FMLSL2: the upper half of Vn (and of Vm for the vector form) */

bool simd_fhm(CPUArchState *env, uint64_t desc);
void helper_simd_fhm(CPUArchState *env, uint64_t desc);

#endif
