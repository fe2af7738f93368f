/*
 * helper-mte.h - the helpers translate-mte.c calls for memory tagging (helper-mte.c),
 * and the descriptor bits they take.
 * Example: ir_call4(ir, &h_stg, 0, IR_ENV, addr, xt, const(MTE_STG_ZERO)) is "stzg".
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_MTE_H
#define VEMU_TARGET_AARCH64_HELPER_MTE_H

#include <stdint.h>

#include "target/aarch64/cpu.h"

/* helper_stg desc */
#define MTE_STG_ZERO 1u /* STZG, STZ2G: zero the granules' data too */
#define MTE_STG_TWO 2u  /* ST2G, STZ2G: two granules */

/* helper_mte_check desc: access size in bytes, store, alignment mask the access needs */
#define MTE_CHECK_SIZE_MASK 0xffu
#define MTE_CHECK_STORE 0x100u
#define MTE_CHECK_ALIGN_SHIFT 16

/* The Arm ARM's ChooseNonExcludedTag(tag, offset, exclude). */
unsigned mte_choose_tag(unsigned tag, unsigned offset, unsigned exclude);

uint64_t helper_irg(CPUArchState *env, uint64_t xn, uint64_t xm);
/* desc: signed byte offset << 4 | tag offset */
uint64_t helper_addg(CPUArchState *env, uint64_t xn, uint64_t desc);
void helper_stg(CPUArchState *env, uint64_t addr, uint64_t xt, uint64_t desc);
void helper_stgp(CPUArchState *env, uint64_t addr, uint64_t lo, uint64_t hi);
uint64_t helper_ldg(CPUArchState *env, uint64_t addr, uint64_t xt);
void helper_dc_gva(CPUArchState *env, uint64_t xt, uint64_t zero);
void helper_mte_check(CPUArchState *env, uint64_t addr, uint64_t desc);

#endif
