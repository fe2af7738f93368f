/*
 * helper-ldst.h - C helpers behind the A64 load/store translators: store-exclusive
 * (the LL/SC monitor), LSE atomics (CAS, CASP, LD<op>, SWP) and the interleaving AdvSIMD
 * structure transfers (LD2-LD4/ST2-ST4).  Implemented in helper-atomic.c; the IrHelper
 * descriptors live next to their users in translate-atomic.c / translate-ldst.c.
 *
 * All of them touch guest memory through g2h() and may fault (SIGSEGV is turned into a
 * precise guest signal by the host handler) or raise EXCP_ALIGN themselves, so they are
 * never declared IR_CALL_NO_EXIT.  Example (STXR w2, x1, [x0] at pc 0x400100):
 *     status = helper_stxr(env, x0, x1, 3, 0x400100);   // 0: stored, 1: monitor lost
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_LDST_H
#define VEMU_TARGET_AARCH64_HELPER_LDST_H

#include <stdint.h>

#include "target/aarch64/cpu.h"

/* LSE operation codes for helper_atomic_op (LDADD..LDUMIN use the encoding's opc). */
enum {
    A64_ATOMIC_ADD = 0,
    A64_ATOMIC_CLR = 1,
    A64_ATOMIC_EOR = 2,
    A64_ATOMIC_SET = 3,
    A64_ATOMIC_SMAX = 4,
    A64_ATOMIC_SMIN = 5,
    A64_ATOMIC_UMAX = 6,
    A64_ATOMIC_UMIN = 7,
    A64_ATOMIC_SWP = 8,
};

/* Store-exclusive of 1 << size bytes (size 0..3): 0 on success, 1 on failure.  Clears
 * the monitor.  EXCP_ALIGN (with env->pc = pc) unless addr is naturally aligned. */
uint64_t helper_stxr(CPUArchState *env, uint64_t addr, uint64_t val, uint64_t size, uint64_t pc);
/* STXP/STLXP of two X registers (16 bytes, 16-byte aligned): 0 on success, 1 on failure. */
uint64_t helper_stxp(CPUArchState *env, uint64_t addr, uint64_t lo, uint64_t hi, uint64_t pc);
/* CAS at size 0..3: returns the old memory value (zero-extended); stores newv if it
 * equals cmp (compared at the access size). */
uint64_t helper_cas(CPUArchState *env, uint64_t addr, uint64_t cmp, uint64_t newv, uint64_t size,
                    uint64_t pc);
/* CASP with X registers: compares x[rs+1]:x[rs] with the 16 bytes at addr, stores
 * x[rt+1]:x[rt] on a match, and writes the old memory value to x[rs], x[rs+1]
 * (register 31 reads as zero and is not written). */
void helper_casp128(CPUArchState *env, uint64_t addr, uint64_t rs, uint64_t rt, uint64_t pc);
/* LD<op>/SWP: desc = A64_ATOMIC_* | size << 4.  Returns the old value (zero-extended). */
uint64_t helper_atomic_op(CPUArchState *env, uint64_t addr, uint64_t val, uint64_t desc,
                          uint64_t pc);
/* LD2/LD3/LD4/ST2/ST3/ST4 (multiple structures, interleaved).  desc packs
 * rt | selem << 5 | size << 8 | q << 10 | load << 11. */
void helper_simd_ldst_multi(CPUArchState *env, uint64_t addr, uint64_t desc);

#endif
