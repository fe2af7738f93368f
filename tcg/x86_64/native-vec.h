/*
 * native-vec.h - the IR's lane-wise vector ops beyond add/sub/shift/compare-equal (IR_VOP:
 * signed and unsigned compares, min/max, multiply, pairwise add/min/max, narrowing and
 * widening) as SSE2/SSSE3/SSE4.1 code, for the native backend (native.c), which keeps
 * V128 values in xmm registers.  Example: UMAXP v2.16b of the value in xmm4 with itself:
 *     if (native_vop_supported(IR_VOP_MAXUP, 0)) native_emit_vop(cb, IR_VOP_MAXUP, 0, 0, 4, 4);
 * leaves the result in xmm0.
 */
#ifndef VEMU_TCG_X86_64_NATIVE_VEC_H
#define VEMU_TCG_X86_64_NATIVE_VEC_H

#include <stdbool.h>

#include "tcg/ir.h"
#include "tcg/x86_64/x86-emit.h"

/* Whether this file emits vop for lanes of 8 << vece bits on this host (cpuid: SSSE3 and
 * SSE4.1 where needed). */
bool native_vop_supported(IrVecOp vop, unsigned vece);
/* xmm0 = vop(xmm a, xmm b) (see IrVecOp); a and b are not xmm0-xmm2, which the code uses
 * as scratch; r11 is clobbered (constant tables). */
void native_emit_vop(CodeBuf *cb, IrVecOp vop, unsigned vece, unsigned imm, int a, int b);

#endif
