/*
 * translate-crypto.c - trans_* functions for the A64 cryptographic instructions (patterns
 * in a64-crypto.decode).
 *
 * Each instruction is accepted only when the CPU model advertises its feature (HWCAP_AES,
 * PMULL, SHA1, SHA2, SHA512, SHA3, SM3, SM4), so a model without it raises SIGILL as such a CPU
 * does.  AES, SHA-1/256/512, SM3, SM4 and PMULL become one call of a helper chosen once per process
 * (helper-crypto.h: host AES-NI/SHA-NI/PCLMULQDQ or portable C) with the register numbers
 * as constant arguments, except SHA-1, SHA-256, AES and PMULL (64-bit) when the host has SHA-NI,
 * AES-NI or PCLMULQDQ: those become an IR_VCRYPTO op on the loaded registers, which the
 * native backend emits inline; the SHA-3 bitwise instructions (EOR3, BCAX, RAX1, XAR) are inline
 * IR on the two 64-bit halves.
 * Example: `rax1 v0.2d, v1.2d, v2.2d` becomes, for each half h,
 *     ld t1, env.v1[h]; ld t2, env.v2[h]; rotli t2, 1; xor t1, t2; st t1, env.v0[h]
 */
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-crypto.h"
#include "target/aarch64/translate.h"

#include "a64-decode.h"

/* The IR_VCRYPTO step of op, or IR_VCRYPTO_NB if op is only a helper. */
static IrVecCrypto vcrypto_kind(CryptoOp op)
{
    switch (op) {
    case CRYPTO_SHA256H:
        return IR_VCRYPTO_SHA256_ABCD;
    case CRYPTO_SHA256H2:
        return IR_VCRYPTO_SHA256_EFGH;
    case CRYPTO_SHA256SU0:
        return IR_VCRYPTO_SHA256_SCHED0;
    case CRYPTO_SHA256SU1:
        return IR_VCRYPTO_SHA256_SCHED1;
    case CRYPTO_SHA1C:
        return IR_VCRYPTO_SHA1_CH;
    case CRYPTO_SHA1P:
        return IR_VCRYPTO_SHA1_PARITY;
    case CRYPTO_SHA1M:
        return IR_VCRYPTO_SHA1_MAJ;
    case CRYPTO_SHA1H:
        return IR_VCRYPTO_SHA1_ROL30;
    case CRYPTO_SHA1SU0:
        return IR_VCRYPTO_SHA1_SCHED0;
    case CRYPTO_SHA1SU1:
        return IR_VCRYPTO_SHA1_SCHED1;
    case CRYPTO_AESE:
        return IR_VCRYPTO_AESE;
    case CRYPTO_AESD:
        return IR_VCRYPTO_AESD;
    case CRYPTO_AESMC:
        return IR_VCRYPTO_AESMC;
    case CRYPTO_AESIMC:
        return IR_VCRYPTO_AESIMC;
    case CRYPTO_PMULL:
        return IR_VCRYPTO_CLMUL_LO;
    case CRYPTO_PMULL2:
        return IR_VCRYPTO_CLMUL_HI;
    default:
        return IR_VCRYPTO_NB;
    }
}

static bool gen_crypto(DisasContext *s, uint64_t hwcap, CryptoOp op, int64_t rd, int64_t rn,
                       int64_t rm)
{
    if (!(s->env->hwcap & hwcap)) {
        return false;
    }
    IrVecCrypto kind = vcrypto_kind(op);
    if (kind != IR_VCRYPTO_NB && crypto_vec_fn(op) && crypto_uses_host(op)) {
        /* the host has the instructions: an IR op the native backend emits inline */
        IrTemp v[4];
        const int64_t reg[3] = {rd, rn, rm};
        for (int i = 0; i < 4; i++) {
            v[i] = ir_new_temp(s->ir, IR_V128);
            if (i > 1 && reg[i - 1] == reg[i - 2]) {
                v[i] = v[i - 1];
            } else if (i == 3 && reg[2] == reg[0]) {
                v[i] = v[1];
            } else if (i) {
                ir_ld(s->ir, v[i], IR_ENV, vreg_offset((int)reg[i - 1]), MO_128);
            }
        }
        ir_vcrypto(s->ir, kind, crypto_vec_fn(op), v[0], v[1], v[2], v[3]);
        ir_st(s->ir, v[0], IR_ENV, vreg_offset((int)rd), MO_128);
        return true;
    }
    ir_call4(s->ir, crypto_helper(op), 0, IR_ENV, ir_const32(s->ir, (uint32_t)rd),
             ir_const32(s->ir, (uint32_t)rn), ir_const32(s->ir, (uint32_t)rm));
    return true;
}

#define TRANS_CRYPTO3(NAME, CAP, OP)                                                               \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_crypto(s, CAP, OP, a->rd, a->rn, a->rm);                                        \
    }
#define TRANS_CRYPTO2(NAME, CAP, OP)                                                               \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_crypto(s, CAP, OP, a->rd, a->rn, a->rd); /* (rm unused) */                      \
    }

TRANS_CRYPTO2(AESE, A64_HWCAP_AES, CRYPTO_AESE)
TRANS_CRYPTO2(AESD, A64_HWCAP_AES, CRYPTO_AESD)
TRANS_CRYPTO2(AESMC, A64_HWCAP_AES, CRYPTO_AESMC)
TRANS_CRYPTO2(AESIMC, A64_HWCAP_AES, CRYPTO_AESIMC)
TRANS_CRYPTO3(SHA1C, A64_HWCAP_SHA1, CRYPTO_SHA1C)
TRANS_CRYPTO3(SHA1P, A64_HWCAP_SHA1, CRYPTO_SHA1P)
TRANS_CRYPTO3(SHA1M, A64_HWCAP_SHA1, CRYPTO_SHA1M)
TRANS_CRYPTO3(SHA1SU0, A64_HWCAP_SHA1, CRYPTO_SHA1SU0)
TRANS_CRYPTO2(SHA1H, A64_HWCAP_SHA1, CRYPTO_SHA1H)
TRANS_CRYPTO2(SHA1SU1, A64_HWCAP_SHA1, CRYPTO_SHA1SU1)
TRANS_CRYPTO3(SHA256H, A64_HWCAP_SHA2, CRYPTO_SHA256H)
TRANS_CRYPTO3(SHA256H2, A64_HWCAP_SHA2, CRYPTO_SHA256H2)
TRANS_CRYPTO3(SHA256SU1, A64_HWCAP_SHA2, CRYPTO_SHA256SU1)
TRANS_CRYPTO2(SHA256SU0, A64_HWCAP_SHA2, CRYPTO_SHA256SU0)
TRANS_CRYPTO3(SHA512H, A64_HWCAP_SHA512, CRYPTO_SHA512H)
TRANS_CRYPTO3(SHA512H2, A64_HWCAP_SHA512, CRYPTO_SHA512H2)
TRANS_CRYPTO3(SHA512SU1, A64_HWCAP_SHA512, CRYPTO_SHA512SU1)
TRANS_CRYPTO2(SHA512SU0, A64_HWCAP_SHA512, CRYPTO_SHA512SU0)
TRANS_CRYPTO3(PMULL_1Q, A64_HWCAP_PMULL, CRYPTO_PMULL)
TRANS_CRYPTO3(PMULL2_1Q, A64_HWCAP_PMULL, CRYPTO_PMULL2)

/* ---- SM3 ---- */

bool trans_SM3SS1(DisasContext *s, arg_SM3SS1 *a)
{
    return gen_crypto(s, A64_HWCAP_SM3, CRYPTO_SM3SS1, a->rd, a->rn, a->rm | a->ra << 5);
}

#define TRANS_SM3TT(NAME, OP)                                                                      \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_crypto(s, A64_HWCAP_SM3, OP, a->rd, a->rn, a->rm * 4 + a->imm2);                \
    }

TRANS_SM3TT(SM3TT1A, CRYPTO_SM3TT1A)
TRANS_SM3TT(SM3TT1B, CRYPTO_SM3TT1B)
TRANS_SM3TT(SM3TT2A, CRYPTO_SM3TT2A)
TRANS_SM3TT(SM3TT2B, CRYPTO_SM3TT2B)
TRANS_CRYPTO3(SM3PARTW1, A64_HWCAP_SM3, CRYPTO_SM3PARTW1)
TRANS_CRYPTO3(SM3PARTW2, A64_HWCAP_SM3, CRYPTO_SM3PARTW2)
TRANS_CRYPTO2(SM4E, A64_HWCAP_SM4, CRYPTO_SM4E)
TRANS_CRYPTO3(SM4EKEY, A64_HWCAP_SM4, CRYPTO_SM4EKEY)

/* ---- SHA-3 bitwise operations, inline on the 64-bit halves ---- */

enum { SHA3_EOR3, SHA3_BCAX, SHA3_RAX1, SHA3_XAR };

/* Vd = f(Vn, Vm, Va) half by half; all sources are read before Vd is written. */
static bool gen_sha3(DisasContext *s, int kind, int rd, int rn, int rm, int ra, unsigned rot)
{
    IrTemp r[2];

    if (!(s->env->hwcap & A64_HWCAP_SHA3)) {
        return false;
    }
    for (int h = 0; h < 2; h++) {
        IrTemp n = new_tmp(s), m = new_tmp(s);
        ir_ld(s->ir, n, IR_ENV, vreg_offset(rn) + 8 * h, MO_64);
        ir_ld(s->ir, m, IR_ENV, vreg_offset(rm) + 8 * h, MO_64);
        r[h] = new_tmp(s);
        switch (kind) {
        case SHA3_EOR3:
        case SHA3_BCAX: {
            IrTemp a = new_tmp(s);
            ir_ld(s->ir, a, IR_ENV, vreg_offset(ra) + 8 * h, MO_64);
            if (kind == SHA3_EOR3) {
                ir_xor(s->ir, m, m, a);
            } else {
                ir_andc(s->ir, m, m, a); /* Vm AND NOT Va */
            }
            ir_xor(s->ir, r[h], n, m);
            break;
        }
        case SHA3_RAX1:
            ir_rotri(s->ir, m, m, 63); /* ROL(Vm, 1) */
            ir_xor(s->ir, r[h], n, m);
            break;
        default: /* XAR: ROR(Vn EOR Vm, imm6) */
            ir_xor(s->ir, r[h], n, m);
            if (rot) {
                ir_rotri(s->ir, r[h], r[h], rot);
            }
            break;
        }
    }
    ir_st(s->ir, r[0], IR_ENV, vreg_offset(rd), MO_64);
    ir_st(s->ir, r[1], IR_ENV, vreg_offset(rd) + 8, MO_64);
    return true;
}

bool trans_EOR3(DisasContext *s, arg_EOR3 *a)
{
    return gen_sha3(s, SHA3_EOR3, (int)a->rd, (int)a->rn, (int)a->rm, (int)a->ra, 0);
}

bool trans_BCAX(DisasContext *s, arg_BCAX *a)
{
    return gen_sha3(s, SHA3_BCAX, (int)a->rd, (int)a->rn, (int)a->rm, (int)a->ra, 0);
}

bool trans_RAX1(DisasContext *s, arg_RAX1 *a)
{
    return gen_sha3(s, SHA3_RAX1, (int)a->rd, (int)a->rn, (int)a->rm, 0, 0);
}

bool trans_XAR(DisasContext *s, arg_XAR *a)
{
    return gen_sha3(s, SHA3_XAR, (int)a->rd, (int)a->rn, (int)a->rm, 0, (unsigned)a->imm6);
}
