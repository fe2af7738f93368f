/*
 * helper-crypto.h - the helpers behind the A64 cryptographic instructions (AES, SHA-1,
 * SHA-256, SHA-512, SM3, SM4, PMULL 64-bit; a64-crypto.decode, translate-crypto.c).
 *
 * Every operation has one signature, fn(env, rd, rn, rm), with the register numbers decoded
 * at translate time (rm is ignored by the two-register forms); it reads env->vregs[rd/rn/rm]
 * and writes the whole 128-bit env->vregs[rd], nothing else (no X registers, flags, FPCR or
 * FPSR), and never faults.  Two implementations exist:
 *   - helper-crypto.c: portable C following the Arm ARM pseudocode (the reference);
 *   - helper-crypto-x86.c: AES-NI, SHA-NI and PCLMULQDQ, for the operations the host CPU
 *     supports (checked once with cpuid).
 * crypto_helper() picks the host one unless VEMU_NO_HOST_CRYPTO=1 is set or the host lacks
 * the instructions.  Example (aese v0.16b, v1.16b):
 *     ir_call4(ir, crypto_helper(CRYPTO_AESE), 0, IR_ENV, rd=0, rn=1, rm=0)
 */
#ifndef VEMU_TARGET_AARCH64_HELPER_CRYPTO_H
#define VEMU_TARGET_AARCH64_HELPER_CRYPTO_H

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"
#include "tcg/ir.h"

typedef enum CryptoOp {
    CRYPTO_AESE,
    CRYPTO_AESD,
    CRYPTO_AESMC,
    CRYPTO_AESIMC,
    CRYPTO_SHA1C,
    CRYPTO_SHA1P,
    CRYPTO_SHA1M,
    CRYPTO_SHA1H,
    CRYPTO_SHA1SU0,
    CRYPTO_SHA1SU1,
    CRYPTO_SHA256H,
    CRYPTO_SHA256H2,
    CRYPTO_SHA256SU0,
    CRYPTO_SHA256SU1,
    CRYPTO_SHA512H,
    CRYPTO_SHA512H2,
    CRYPTO_SHA512SU0,
    CRYPTO_SHA512SU1,
    CRYPTO_PMULL,   /* PMULL Vd.1Q, Vn.1D, Vm.1D: low doublewords */
    CRYPTO_PMULL2,  /* PMULL2 Vd.1Q, Vn.2D, Vm.2D: high doublewords */
    CRYPTO_SM3SS1,  /* SM3SS1 Vd, Vn, Vm, Va: the fourth register is passed as rm >> 5 */
    CRYPTO_SM3TT1A, /* SM3TT1A/1B/2A/2B Vd, Vn, Vm.S[i]: rm is 4 * m + i (an element index) */
    CRYPTO_SM3TT1B,
    CRYPTO_SM3TT2A,
    CRYPTO_SM3TT2B,
    CRYPTO_SM3PARTW1,
    CRYPTO_SM3PARTW2,
    CRYPTO_SM4E,
    CRYPTO_SM4EKEY,
    CRYPTO_NB_OPS
} CryptoOp;

typedef void CryptoFn(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm);

/* The portable implementation of op (never NULL). */
CryptoFn *crypto_c_fn(CryptoOp op);
/* The host-instruction implementation of op, or NULL when this host (or this build) has
 * none for it. */
CryptoFn *crypto_host_fn(CryptoOp op);
/* The helper translated code calls for op: host instructions when available and allowed
 * (VEMU_NO_HOST_CRYPTO unset or 0), else the portable one.  Decided once per process. */
IrHelper *crypto_helper(CryptoOp op);
/* The portable function of op on values, d = op(Vd, Vn, Vm) (the meaning of the IR_VCRYPTO
 * step the translator emits for it), or NULL if op has only the helper form. */
IrVecFn *crypto_vec_fn(CryptoOp op);
/* Whether crypto_helper(op) is the host-instruction version (so the host has them and
 * VEMU_NO_HOST_CRYPTO does not forbid them). */
bool crypto_uses_host(CryptoOp op);
/* Name of op for messages and tests ("aese", "sha256h2", ...). */
const char *crypto_op_name(CryptoOp op);

/* 64 x 64 -> 128-bit carry-less multiply (helper-simd.c; also PMULL's 8-bit form). */
uint64_t pmul64(uint64_t a, uint64_t b, uint64_t *hi);

#endif
