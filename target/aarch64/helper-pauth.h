/*
 * helper-pauth.h - pointer authentication (FEAT_PAuth) for user mode: the PAC function,
 * AddPAC/Auth/Strip as the Arm ARM pseudocode defines them for Linux's user address space,
 * and the per-thread keys (env->pac_keys).
 *
 * Linux runs EL0 with a 48-bit VA, TCR_EL1.TBI0 set and TBI1/TBID0 clear: for a user
 * pointer (bit 55 clear) the PAC lives in bits 54:48 and the top byte is kept, for data
 * and instruction pointers alike (the kernel's NT_ARM_PAC_MASK reports GENMASK(54, 48) for
 * both); a pointer with bit 55 set has no TBI, so its PAC also takes bits 63:56.  The PAC
 * function is vemu's IMPLEMENTATION DEFINED one (ID_AA64ISAR1_EL1.API/GPI = 1), see
 * docs/design/pauth.md.
 * Example: p = pauth_add(env, 0x400123, sp, PAC_KEY_IA) -> 0x005a000000400123 (key-dependent);
 *          pauth_auth(env, p, sp, PAC_KEY_IA) -> 0x400123; with another modifier
 *          -> 0x0020000000400123 (bit 53: error code 01 of key A, a non-canonical address).
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_PAUTH_H
#define VEMU_TARGET_AARCH64_HELPER_PAUTH_H

#include <stddef.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"

/* Key numbers: the bit order of Linux's PR_PAC_AP*KEY masks. */
enum { PAC_KEY_IA, PAC_KEY_IB, PAC_KEY_DA, PAC_KEY_DB, PAC_KEY_GA, PAC_NKEYS };
#define PAC_KEYS_ALL ((1u << PAC_NKEYS) - 1)
#define PAC_KEYS_ADDR ((1u << PAC_KEY_GA) - 1) /* the keys PR_PAC_SET_ENABLED_KEYS takes */

/* SipHash-2-4 of len bytes at msg under the key k0 (bytes 0-7), k1 (bytes 8-15). */
uint64_t siphash24(uint64_t k0, uint64_t k1, const void *msg, size_t len);

/* The 64-bit PAC of (ptr, modifier) under a 128-bit key (key[0] = low half). */
uint64_t pauth_compute(uint64_t ptr, uint64_t modifier, const uint64_t key[2]);

/* AddPAC, Auth and Strip as the pseudocode defines them under Linux's TCR_EL1. */
uint64_t pauth_add(const CPUArchState *env, uint64_t ptr, uint64_t modifier, int key);
uint64_t pauth_auth(const CPUArchState *env, uint64_t ptr, uint64_t modifier, int key);
uint64_t pauth_strip(uint64_t ptr);

/* New random values for the keys in mask (PAC_KEYS_ALL at exec, PR_PAC_RESET_KEYS). */
void pauth_reset_keys(CPUArchState *env, unsigned mask);

/* Translated-code entry points; key is a PAC_KEY_* constant. */
uint64_t helper_pac(CPUArchState *env, uint64_t ptr, uint64_t modifier, uint64_t key);
uint64_t helper_aut(CPUArchState *env, uint64_t ptr, uint64_t modifier, uint64_t key);
/* LDRAA/LDRAB: Auth(base, 0, key) + offset, or a data abort (pc = the LDRA*) when that
 * is not a user address. */
uint64_t helper_ldra_addr(CPUArchState *env, uint64_t base, uint64_t offset, uint64_t key,
                          uint64_t pc);
uint64_t helper_pacga(CPUArchState *env, uint64_t x, uint64_t modifier);
uint64_t helper_xpac(uint64_t ptr);

#endif
