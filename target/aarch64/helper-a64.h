/*
 * helper-a64.h - helpers and constants shared by the A64 integer, branch and system
 * translators (translate-dp.c, translate-branch.c, translate-sys.c) and their helpers
 * (helper-dp.c, helper-sys.c), plus the bitmask-immediate decoder used by the unit tests.
 *
 * Helpers are plain C functions described by an IrHelper so that IR can call them.
 * Example (CRC32W w0, w1, w2):
 *     ir_call3(s->ir, &helper_info_crc32, d, acc, val, ir_const32(s->ir, 4));
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_A64_H
#define VEMU_TARGET_AARCH64_HELPER_A64_H

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"
#include "tcg/ir.h"

/* Generic timer frequency reported by CNTFRQ_EL0; CNTVCT_EL0 counts at this rate. */
#define A64_CNTFRQ_HZ 100000000ull

/* CTR_EL0 as on Cortex-A72: RES1 bit 31, CWG=ERG=4, DminLine=IminLine=4 (64-byte lines),
 * L1Ip=0b11 (PIPT), IDC=DIC=0 (software must do cache maintenance, so IC IVAU is seen). */
#define A64_CTR_EL0 0x8444c004ull
/* DCZID_EL0: DZP=0 (DC ZVA allowed), BS=4 -> 4-byte words << 4 = 64-byte blocks. */
#define A64_DCZID_EL0 0x4ull
#define A64_DCZVA_BYTES 64
/* IminLine of CTR_EL0: the granule IC IVAU invalidates. */
#define A64_ICACHE_LINE 64

/* DecodeBitMasks() for logical immediates (Arm ARM J1 shared pseudocode): the 32- or
 * 64-bit (sf) value encoded by N:immr:imms, or false if the encoding is reserved. */
bool a64_logic_imm_decode(int sf, int n, int immr, int imms, uint64_t *value);

/* ---- helper-dp.c ---- */
/* CRC32{B,H,W,X} / CRC32C*: acc is the 32-bit accumulator, bytes = 1, 2, 4 or 8 low
 * bytes of val are consumed; polynomial 0x04C11DB7 (crc32) or 0x1EDC6F41 (crc32c),
 * bit-reflected, no inversion. */
uint64_t helper_crc32(uint64_t acc, uint64_t val, uint32_t bytes);
uint64_t helper_crc32c(uint64_t acc, uint64_t val, uint32_t bytes);
extern IrHelper helper_info_crc32;
extern IrHelper helper_info_crc32c;

/* ---- helper-sys.c ---- */
/* CNTVCT_EL0: CLOCK_MONOTONIC scaled to A64_CNTFRQ_HZ. */
uint64_t helper_cntvct(void);
/* IC IVAU: remember the line; ISB: drop translations of remembered lines and, if any,
 * leave the block with pc = next_pc (so the new code is translated afresh). */
void helper_ic_ivau(uint64_t addr);
extern IrHelper helper_info_cntvct;
extern IrHelper helper_info_ic_ivau;
/* MRS/MSR FPSR, with the flags inline FP arithmetic left pending (cpu.h). */
uint64_t helper_fpsr_read(CPUArchState *env);
void helper_fpsr_write(CPUArchState *env, uint64_t v);
extern IrHelper helper_info_fpsr_read;
extern IrHelper helper_info_fpsr_write;

#endif
