/*
 * native-crypto.h - the IR's cryptographic steps (IR_VCRYPTO) as x86-64 SHA-NI code, for
 * the native backend (native.c), which keeps V128 values in xmm registers and calls this
 * with the registers of the inputs.  Example: SHA-256's four rounds on Arm-layout
 * {A,B,C,D} in xmm3, {E,F,G,H} in xmm4 and W+K in xmm5:
 *     int r = native_emit_vcrypto(cb, IR_VCRYPTO_SHA256_ABCD, 3, 4, 5);  // new ABCD in xmm r
 */
#ifndef VEMU_TCG_X86_64_NATIVE_CRYPTO_H
#define VEMU_TCG_X86_64_NATIVE_CRYPTO_H

#include <stdbool.h>

#include "tcg/ir.h"
#include "tcg/x86_64/x86-emit.h"

/* Whether this host has the instructions for kind (cpuid, checked once). */
bool native_vcrypto_supported(IrVecCrypto kind);
/* Emit o = kind(a, b, c) for xmm registers a, b, c (none of them xmm0-xmm2, which the code
 * uses as scratch); returns the scratch register that holds o. */
int native_emit_vcrypto(CodeBuf *cb, IrVecCrypto kind, int a, int b, int c);

#endif
