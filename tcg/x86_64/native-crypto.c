/*
 * native-crypto.c - IR_VCRYPTO steps on SHA-NI, AES-NI and PCLMULQDQ (see native-crypto.h).
 *
 * SHA-256 (Intel SDM, SHA256RNDS2/SHA256MSG1/SHA256MSG2): the IR's steps keep the state
 * as {A,B,C,D} and {E,F,G,H} (lane 0 first) and do four rounds; SHA256RNDS2 does two on
 * the packed halves ABEF = {F,E,B,A} and CDGH = {H,G,D,C} with W+K in lanes 0-1 of xmm0,
 * returning the new ABEF (the old ABEF is the new CDGH).  One SHUFPS packs each half and
 * one unpacks each result:
 *     CDGH = shufps(EFGH, ABCD, 0xbb)     ABEF = shufps(EFGH, ABCD, 0x11)
 *     ABCD = shufps(ABEF'', CDGH'', 0xbb) EFGH = shufps(ABEF'', CDGH'', 0x11)
 * The packed state stays in xmm14/xmm15 (NATIVE_SHA_ABEF/CDGH), which nothing else uses:
 * the partner step (SHA256H2 after SHA256H on the same inputs) only unpacks it, and the
 * next four rounds, if they continue from that state, start from it without packing, so
 * the critical path of a SHA-256 loop is the SHA256RNDS2 chain alone.
 * SCHED0 is SHA256MSG1(a, b); SCHED1 is SHA256MSG2(a + (c:b >> 32 bits), c).
 * SHA-1: SHA1RNDS4 keeps the state and W lane-reversed and adds K itself, so W - K + E
 * goes in; SHA1SU0 is a PALIGNR and two PXOR; SHA1SU1 is SHA1MSG2 on reversed lanes.
 * AES (helper-crypto-x86.c has the derivations): AESE = AESENCLAST(a ^ b, 0), AESD =
 * AESDECLAST(a ^ b, 0), AESMC = AESENC(AESDECLAST(b, 0), 0), AESIMC = AESIMC(b); the
 * carry-less products are PCLMULQDQ with immediate 0x00 / 0x11.
 */
#include "tcg/x86_64/native-crypto.h"

#include <cpuid.h>

enum { HAVE_SHA = 1, HAVE_AES = 2, HAVE_CLMUL = 4, HAVE_KNOWN = 8 };
static int have;

bool native_vcrypto_supported(IrVecCrypto kind)
{
    int h = __atomic_load_n(&have, __ATOMIC_RELAXED);
    if (!h) {
        unsigned a, b, c = 0, d, b7 = 0;
        bool sse41 = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1);
        if (!__get_cpuid_count(7, 0, &a, &b7, &d, &d)) {
            b7 = 0;
        }
        h = HAVE_KNOWN;
        if (sse41) {
            h |= (b7 & bit_SHA ? HAVE_SHA : 0) | (c & bit_AES ? HAVE_AES : 0) |
                 (c & bit_PCLMUL ? HAVE_CLMUL : 0);
        }
        __atomic_store_n(&have, h, __ATOMIC_RELAXED);
    }
    switch (kind) {
    case IR_VCRYPTO_SHA256_ABCD:
    case IR_VCRYPTO_SHA256_EFGH:
    case IR_VCRYPTO_SHA256_SCHED0:
    case IR_VCRYPTO_SHA256_SCHED1:
    case IR_VCRYPTO_SHA1_CH:
    case IR_VCRYPTO_SHA1_PARITY:
    case IR_VCRYPTO_SHA1_MAJ:
    case IR_VCRYPTO_SHA1_ROL30:
    case IR_VCRYPTO_SHA1_SCHED0:
    case IR_VCRYPTO_SHA1_SCHED1:
        return h & HAVE_SHA;
    case IR_VCRYPTO_AESE:
    case IR_VCRYPTO_AESD:
    case IR_VCRYPTO_AESMC:
    case IR_VCRYPTO_AESIMC:
        return h & HAVE_AES;
    case IR_VCRYPTO_CLMUL_LO:
    case IR_VCRYPTO_CLMUL_HI:
        return h & HAVE_CLMUL;
    default:
        return false;
    }
}

/* op xmm d, xmm s with the 0F (ext) or 0F 38 (ext38) escape; imm >= 0 appends it. */
static void sse(CodeBuf *cb, int opc, int d, int s, int imm)
{
    x86_op_rr(cb, opc, d, s);
    if (imm >= 0) {
        x86_byte(cb, (uint8_t)imm);
    }
}

#define MOVDQA (0x6f | X86_P_EXT | X86_P_DATA16)
#define PSHUFD (0x70 | X86_P_EXT | X86_P_DATA16)
#define PADDD (0xfe | X86_P_EXT | X86_P_DATA16)
#define SHUFPS (0xc6 | X86_P_EXT)
#define SHA256RNDS2 (0xcb | X86_P_EXT38)
#define SHA256MSG1 (0xcc | X86_P_EXT38)
#define SHA256MSG2 (0xcd | X86_P_EXT38)
#define PXOR (0xef | X86_P_EXT | X86_P_DATA16)
#define AESIMC (0xdb | X86_P_EXT38 | X86_P_DATA16)
#define AESENC (0xdc | X86_P_EXT38 | X86_P_DATA16)
#define AESENCLAST (0xdd | X86_P_EXT38 | X86_P_DATA16)
#define AESDECLAST (0xdf | X86_P_EXT38 | X86_P_DATA16)

#define PSUBD (0xfa | X86_P_EXT | X86_P_DATA16)
#define POR (0xeb | X86_P_EXT | X86_P_DATA16)
#define SHA1MSG2 (0xca | X86_P_EXT38)
#define PSHIFTD (0x72 | X86_P_EXT | X86_P_DATA16)  /* /2 psrld, /6 pslld imm */
#define PSHIFTDQ (0x73 | X86_P_EXT | X86_P_DATA16) /* /3 psrldq, /7 pslldq imm (bytes) */

/* A 0F 3A opcode with an immediate: op xmm d, xmm s, imm; with the 66 prefix unless np
 * (PALIGNR 0F, PCLMULQDQ 44; SHA1RNDS4 CC has none). */
static void sse_3a_np(CodeBuf *cb, bool np, uint8_t opc, int d, int s, int imm)
{
    if (!np) {
        x86_byte(cb, 0x66);
    }
    if ((d | s) & 8) {
        x86_byte(cb, (uint8_t)(0x40 | ((d & 8) ? 4 : 0) | ((s & 8) ? 1 : 0)));
    }
    x86_byte(cb, 0x0f);
    x86_byte(cb, 0x3a);
    x86_byte(cb, opc);
    x86_byte(cb, (uint8_t)(0xc0 | ((d & 7) << 3) | (s & 7)));
    x86_byte(cb, (uint8_t)imm);
}

static void sse_3a(CodeBuf *cb, uint8_t opc, int d, int s, int imm)
{
    sse_3a_np(cb, false, opc, d, s, imm);
}

/* The round constants SHA1RNDS4 adds itself (Arm's W already holds W + K). */
static const uint32_t sha1_k[3][4] __attribute__((aligned(16))) = {
    {0x5a827999u, 0x5a827999u, 0x5a827999u, 0x5a827999u},
    {0x6ed9eba1u, 0x6ed9eba1u, 0x6ed9eba1u, 0x6ed9eba1u},
    {0x8f1bbcdcu, 0x8f1bbcdcu, 0x8f1bbcdcu, 0x8f1bbcdcu},
};

/* xmm d = lane 0 of xmm s, the other lanes zero. */
static void lane0_only(CodeBuf *cb, int d, int s)
{
    sse(cb, MOVDQA, d, s, -1);
    sse(cb, PSHIFTDQ, 7, d, 12);
    sse(cb, PSHIFTDQ, 3, d, 12);
}

void native_emit_sha256_rounds(CodeBuf *cb, bool pack, int abcd, int efgh, int wk)
{
    const int p = NATIVE_SHA_ABEF, q = NATIVE_SHA_CDGH;
    if (pack) {
        sse(cb, MOVDQA, q, efgh, -1);
        sse(cb, SHUFPS, q, abcd, 0xbb); /* CDGH */
        sse(cb, MOVDQA, p, efgh, -1);
        sse(cb, SHUFPS, p, abcd, 0x11); /* ABEF */
    }
    sse(cb, MOVDQA, 0, wk, -1);
    sse(cb, SHA256RNDS2, q, p, -1); /* q = ABEF after two rounds */
    sse(cb, PSHUFD, 0, wk, 0x0e);   /* W+K of the next two */
    sse(cb, SHA256RNDS2, p, q, -1); /* p = ABEF, q = CDGH after four */
}

void native_emit_sha256_unpack(CodeBuf *cb, bool abcd, int d)
{
    sse(cb, MOVDQA, d, NATIVE_SHA_ABEF, -1);
    sse(cb, SHUFPS, d, NATIVE_SHA_CDGH, abcd ? 0xbb : 0x11);
}

void native_emit_vcrypto(CodeBuf *cb, IrVecCrypto kind, int d, int a, int b, int c)
{
    switch (kind) {
    case IR_VCRYPTO_SHA256_ABCD:
        native_emit_sha256_rounds(cb, true, a, b, c);
        native_emit_sha256_unpack(cb, true, d);
        break;
    case IR_VCRYPTO_SHA256_EFGH:
        native_emit_sha256_rounds(cb, true, b, a, c);
        native_emit_sha256_unpack(cb, false, d);
        break;
    case IR_VCRYPTO_SHA256_SCHED0:
        sse(cb, MOVDQA, d, a, -1);
        sse(cb, SHA256MSG1, d, b, -1);
        break;
    case IR_VCRYPTO_SHA256_SCHED1:
        sse(cb, MOVDQA, d, c, -1);
        sse_3a(cb, 0x0f, d, b, 4); /* palignr: d = c:b >> 32 bits */
        sse(cb, PADDD, d, a, -1);
        sse(cb, SHA256MSG2, d, c, -1);
        break;
    case IR_VCRYPTO_SHA1_CH:
    case IR_VCRYPTO_SHA1_PARITY:
    case IR_VCRYPTO_SHA1_MAJ: {
        /* SHA1RNDS4 keeps A in lane 3 and wants E added to the first W, without K */
        int fn = kind - IR_VCRYPTO_SHA1_CH;
        lane0_only(cb, 2, b);
        sse(cb, MOVDQA, 0, c, -1);
        x86_movi(cb, X86_R11, (uint64_t)(uintptr_t)sha1_k[fn]);
        x86_op_rm(cb, PSUBD, 0, X86_R11, 0);
        sse(cb, PADDD, 0, 2, -1);
        sse(cb, PSHUFD, 0, 0, 0x1b);
        sse(cb, PSHUFD, d, a, 0x1b);
        sse_3a_np(cb, true, 0xcc, d, 0, fn); /* sha1rnds4 */
        sse(cb, PSHUFD, d, d, 0x1b);
        break;
    }
    case IR_VCRYPTO_SHA1_ROL30:
        lane0_only(cb, 2, b);
        sse(cb, MOVDQA, d, 2, -1);
        sse(cb, PSHIFTD, 6, d, 30);
        sse(cb, PSHIFTD, 2, 2, 2);
        sse(cb, POR, d, 2, -1);
        break;
    case IR_VCRYPTO_SHA1_SCHED0:
        sse(cb, MOVDQA, d, b, -1);
        sse_3a(cb, 0x0f, d, a, 8); /* palignr: d = b:a >> 64 bits */
        sse(cb, PXOR, d, a, -1);
        sse(cb, PXOR, d, c, -1);
        break;
    case IR_VCRYPTO_SHA1_SCHED1:
        /* SHA1MSG2 on the lane-reversed values (Intel's W13..W19 run from lane 3 down) */
        sse(cb, PSHUFD, 2, b, 0x1b);
        sse(cb, PSHUFD, d, a, 0x1b);
        sse(cb, SHA1MSG2, d, 2, -1);
        sse(cb, PSHUFD, d, d, 0x1b);
        break;
    case IR_VCRYPTO_AESE:
    case IR_VCRYPTO_AESD:
        sse(cb, MOVDQA, d, a, -1);
        sse(cb, PXOR, d, b, -1);
        sse(cb, PXOR, 2, 2, -1);
        sse(cb, kind == IR_VCRYPTO_AESE ? AESENCLAST : AESDECLAST, d, 2, -1);
        break;
    case IR_VCRYPTO_AESMC:
        sse(cb, PXOR, 2, 2, -1);
        sse(cb, MOVDQA, d, b, -1);
        sse(cb, AESDECLAST, d, 2, -1); /* undoes the byte steps AESENC then does */
        sse(cb, AESENC, d, 2, -1);
        break;
    case IR_VCRYPTO_AESIMC:
        sse(cb, AESIMC, d, b, -1);
        break;
    case IR_VCRYPTO_CLMUL_LO:
    case IR_VCRYPTO_CLMUL_HI:
        sse(cb, MOVDQA, d, b, -1);
        sse_3a(cb, 0x44, d, c, kind == IR_VCRYPTO_CLMUL_LO ? 0x00 : 0x11);
        break;
    default:
        break;
    }
}
