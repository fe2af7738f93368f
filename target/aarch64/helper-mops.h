/*
 * helper-mops.h - the memory copy and memory set instructions of FEAT_MOPS (CPY*, CPYF*,
 * SET*, and SETG* with FEAT_MTE) for user mode: one helper runs one prologue, main or epilogue
 * instruction on the registers in env, following the Arm ARM's option A algorithm
 * (docs/design/mops.md).
 *
 * The translator (translate-mops.c) packs the instruction into a descriptor and passes the
 * instruction's pc (for faults and for the kernel's MOPS-exception rewind).
 * Example: CPYFP [x0]!, [x1]!, x2!  ->  helper_mops(env, MOPS_DESC(MOPS_CPYF,
 *          MOPS_PROLOGUE, 0, 1, 2), pc): x0 += x2, x1 += x2, x2 = -x2, NZCV = 0000.
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_MOPS_H
#define VEMU_TARGET_AARCH64_HELPER_MOPS_H

#include <stdint.h>

#include "target/aarch64/cpu.h"

/* the instruction family; SETG: SET that also stores the Allocation Tag (FEAT_MTE) */
enum { MOPS_CPYF, MOPS_CPY, MOPS_SET, MOPS_SETG };
enum { MOPS_PROLOGUE, MOPS_MAIN, MOPS_EPILOGUE }; /* its stage */

/* rd, rs, rn: register numbers (Rs is SET's data register, 31 = XZR there). */
#define MOPS_DESC(kind, stage, rd, rs, rn)                                                         \
    ((uint64_t)(rd) | (uint64_t)(rs) << 5 | (uint64_t)(rn) << 10 | (uint64_t)(kind) << 15 |        \
     (uint64_t)(stage) << 17)

/* Run one FEAT_MOPS instruction.  May leave through cpu_loop_exit: a data abort (env
 * registers then hold the progress, so re-running the instruction finishes the job), a
 * pending signal during a long main stage (pc = this instruction), or the kernel's
 * handling of a MOPS exception (registers reset, pc = the prologue). */
void helper_mops(CPUArchState *env, uint64_t desc, uint64_t pc);

#endif
