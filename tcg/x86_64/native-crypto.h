/*
 * native-crypto.h - the IR's cryptographic steps (IR_VCRYPTO) as x86-64 SHA-NI, AES-NI and
 * PCLMULQDQ code, for the native backend (native.c), which keeps V128 values in xmm
 * registers and calls this with the registers of the inputs.  Example: four SHA-256
 * rounds on {A,B,C,D} in xmm3, {E,F,G,H} in xmm4 and W+K in xmm5, the new {A,B,C,D}
 * into xmm6:
 *     native_emit_vcrypto(cb, IR_VCRYPTO_SHA256_ABCD, 6, 3, 4, 5);
 */
#ifndef VEMU_TCG_X86_64_NATIVE_CRYPTO_H
#define VEMU_TCG_X86_64_NATIVE_CRYPTO_H

#include <stdbool.h>

#include "tcg/ir.h"
#include "tcg/x86_64/x86-emit.h"

/* Whether this host has the instructions for kind (cpuid, checked once). */
bool native_vcrypto_supported(IrVecCrypto kind);
/* The packed SHA-256 state (ABEF = {F,E,B,A}, CDGH = {H,G,D,C}) lives in these registers,
 * which the backend leaves to this file. */
#define NATIVE_SHA_ABEF 14
#define NATIVE_SHA_CDGH 15

/* Emit d = kind(a, b, c) for xmm registers a, b, c (none of them xmm0-xmm2, which the code
 * uses as scratch) and d (xmm1, or a register other than a, b and c).  The SHA-256 round
 * steps leave the packed new state in NATIVE_SHA_ABEF/CDGH. */
void native_emit_vcrypto(CodeBuf *cb, IrVecCrypto kind, int d, int a, int b, int c);
/* Four SHA-256 rounds with W+K in xmm wk on the packed state, packed first from xmm abcd
 * and efgh if pack (else the packed registers already hold that state). */
void native_emit_sha256_rounds(CodeBuf *cb, bool pack, int abcd, int efgh, int wk);
/* xmm d (not xmm14-15) = the new {A,B,C,D} (abcd) or {E,F,G,H} from the packed state. */
void native_emit_sha256_unpack(CodeBuf *cb, bool abcd, int d);

#endif
