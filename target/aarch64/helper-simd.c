/*
 * helper-simd.c - A64 Advanced SIMD operations on env->vregs, one function per encoding
 * group (three same, three different, two-register misc, across lanes, shift by
 * immediate, permute, table lookup, extract, by element).
 *
 * Each simd_<group>(env, desc) decodes the operation from the descriptor (see
 * helper-vec.h), computes the whole result into a local Vreg and only then writes Vd
 * (zeroing bits 127:64 for 64-bit forms, and everything above element 0 for scalar
 * forms).  It returns false without touching env for encodings that are unallocated or
 * not implemented: the translator calls it once on a scratch CPUArchState to decide.
 * Saturating operations set FPSR.QC; floating-point elements go through helper-fp.c.
 * Example: simd_3same(env, simd_desc(0, 1, 2, 0, 1, 1, 0x11, 0, 0)) is
 * `cmeq v0.16b, v1.16b, v2.16b`: each byte of v0 = (v1 == v2) ? 0xff : 0.
 */
#include <string.h>

#include "target/aarch64/helper-vec.h"
#include "tcg/ir.h"
#include "target/aarch64/helper-crypto.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

static inline uint64_t emask(int size)
{
    return size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
}

static inline uint64_t eget(const Vreg *v, int idx, int size)
{
    switch (size) {
    case 0:
        return v->b[idx];
    case 1:
        return v->h[idx];
    case 2:
        return v->s[idx];
    default:
        return v->d[idx];
    }
}

static inline void eset(Vreg *v, int idx, int size, uint64_t x)
{
    switch (size) {
    case 0:
        v->b[idx] = (uint8_t)x;
        break;
    case 1:
        v->h[idx] = (uint16_t)x;
        break;
    case 2:
        v->s[idx] = (uint32_t)x;
        break;
    default:
        v->d[idx] = x;
        break;
    }
}

static inline int64_t sext(uint64_t x, int size)
{
    int sh = 64 - (8 << size);
    return (int64_t)(x << sh) >> sh;
}

static uint64_t clamp_s(s128 v, int size, bool *qc)
{
    int bits = 8 << size;
    s128 max = ((s128)1 << (bits - 1)) - 1;
    s128 min = -max - 1;
    if (v > max) {
        *qc = true;
        v = max;
    } else if (v < min) {
        *qc = true;
        v = min;
    }
    return (uint64_t)v & emask(size);
}

static uint64_t clamp_u(s128 v, int size, bool *qc)
{
    s128 max = ((s128)1 << (8 << size)) - 1;
    if (v > max) {
        *qc = true;
        v = max;
    } else if (v < 0) {
        *qc = true;
        v = 0;
    }
    return (uint64_t)v;
}

static inline s128 elem_val(uint64_t x, int size, bool is_unsigned)
{
    return is_unsigned ? (s128)x : (s128)sext(x, size);
}

/* Shift by a signed amount (SSHL family); rounding and saturation optional. */
static uint64_t shift_reg(uint64_t a, int64_t sh, int size, bool u, bool round, bool sat, bool *qc)
{
    int bits = 8 << size;
    s128 v = elem_val(a, size, u);
    if (sh >= 0) {
        if (sh >= bits) {
            if (sat && v != 0) {
                *qc = true;
                return u ? emask(size) : (v < 0 ? (1ull << (bits - 1)) : emask(size) >> 1);
            }
            return 0;
        }
        s128 r = v * ((s128)1 << sh); /* |v| < 2^64, sh < 64: fits */
        if (sat) {
            return u ? clamp_u(r, size, qc) : clamp_s(r, size, qc);
        }
        return (uint64_t)r & emask(size);
    }
    int n = (int)-sh;
    if (n > bits + 1) {
        n = bits + 1;
    }
    if (round) {
        v += (s128)1 << (n - 1);
    }
    s128 r = v >> n;
    if (sat) {
        return u ? clamp_u(r, size, qc) : clamp_s(r, size, qc);
    }
    return (uint64_t)r & emask(size);
}

/* FP element size: half with SD_FP16 (FEAT_FP16 encodings), else single or double */
static int fp_esz_of(uint64_t desc)
{
    return SD_FP16(desc) ? 1 : 2 + (SD_SIZE(desc) & 1);
}

static void write_vreg(CPUArchState *env, int rd, const Vreg *r, bool q)
{
    env->vregs[rd] = *r;
    if (!q) {
        env->vregs[rd].d[1] = 0;
    }
}

static void finish(CPUArchState *env, bool qc, FpCtx *c)
{
    if (qc) {
        env->fpsr |= FPSR_QC;
    }
    fp_ctx_finish(env, c);
}

/* IR_VFOP's exact definition (tcg/ir.h): fop lane by lane over the low bytes of the
 * 16-byte values at pa, pb, pc, the result written over pa's (the rest zero). */
uint64_t helper_vfop(void *env_ptr, uint64_t pa, uint64_t pb, uint64_t pc, uint32_t desc)
{
    CPUArchState *env = env_ptr;
    int fop = (int)(desc & 0xff), esz = (int)(desc >> 8) & 7;
    int lanes = (int)((desc >> 16) & 0xff) >> esz;
    Vreg a, b, c, r;
    memcpy(&a, (const void *)(uintptr_t)pa, 16);
    memcpy(&b, (const void *)(uintptr_t)pb, 16);
    memcpy(&c, (const void *)(uintptr_t)pc, 16);
    memset(&r, 0, sizeof r);
    FpCtx ctx = fp_ctx_begin(env);
    static const int binop[] = {[IR_FOP_ADD] = FPOP_ADD,
                                [IR_FOP_SUB] = FPOP_SUB,
                                [IR_FOP_MUL] = FPOP_MUL,
                                [IR_FOP_DIV] = FPOP_DIV};
    for (int i = 0; i < lanes; i++) {
        uint64_t x = eget(&a, i, esz), y = eget(&b, i, esz), v;
        if (ir_fop_is_fma((unsigned)fop)) {
            unsigned k = (unsigned)(fop - IR_FOP_FMA); /* bit0: negate the product, bit1: c */
            v = fp_muladd(&ctx, esz, eget(&c, i, esz), x, y, k & 2, k & 1);
        } else {
            v = fp_binop(&ctx, binop[fop], esz, x, y);
        }
        eset(&r, i, esz, v);
    }
    memcpy((void *)(uintptr_t)pa, &r, 16);
    fp_ctx_finish(env, &ctx);
    return 0;
}

/* ---------------- three same ---------------- */

static int fp3_op(int u, int a, int opc)
{
    static const int8_t tab[2][2][8] = {
        /* opc 0x18..0x1f */
        {{FPOP_MAXNM, -2, FPOP_ADD, FPOP_MULX, FPOP_CMEQ, -1, FPOP_MAX, FPOP_RECPS},
         {FPOP_MINNM, -3, FPOP_SUB, -1, -1, -1, FPOP_MIN, FPOP_RSQRTS}},
        {{FPOP_MAXNM, -1, FPOP_ADD, FPOP_MUL, FPOP_CMGE, FPOP_ACGE, FPOP_MAX, FPOP_DIV},
         {FPOP_MINNM, -1, FPOP_ABD, -1, FPOP_CMGT, FPOP_ACGT, FPOP_MIN, -1}},
    };
    return tab[u][a][opc - 0x18];
}

static bool int3_elem(int u, int opc, int size, uint64_t a, uint64_t b, uint64_t d, uint64_t *res,
                      bool *qc)
{
    s128 va = elem_val(a, size, u), vb = elem_val(b, size, u);
    uint64_t m = emask(size);
    uint64_t r;
    switch (opc) {
    case 0x00: /* SHADD/UHADD */
        r = (uint64_t)((va + vb) >> 1);
        break;
    case 0x01: /* SQADD/UQADD */
        r = u ? clamp_u(va + vb, size, qc) : clamp_s(va + vb, size, qc);
        break;
    case 0x02: /* SRHADD/URHADD */
        r = (uint64_t)((va + vb + 1) >> 1);
        break;
    case 0x04: /* SHSUB/UHSUB */
        r = (uint64_t)((va - vb) >> 1);
        break;
    case 0x05: /* SQSUB/UQSUB */
        r = u ? clamp_u(va - vb, size, qc) : clamp_s(va - vb, size, qc);
        break;
    case 0x06: /* CMGT/CMHI */
        r = va > vb ? m : 0;
        break;
    case 0x07: /* CMGE/CMHS */
        r = va >= vb ? m : 0;
        break;
    case 0x08: /* SSHL/USHL */
    case 0x09: /* SQSHL/UQSHL */
    case 0x0a: /* SRSHL/URSHL */
    case 0x0b: /* SQRSHL/UQRSHL */
        r = shift_reg(a, (int8_t)b, size, u, opc & 2, opc & 1, qc);
        break;
    case 0x0c: /* SMAX/UMAX */
        r = (uint64_t)(va > vb ? va : vb);
        break;
    case 0x0d: /* SMIN/UMIN */
        r = (uint64_t)(va < vb ? va : vb);
        break;
    case 0x0e: /* SABD/UABD */
        r = (uint64_t)(va > vb ? va - vb : vb - va);
        break;
    case 0x0f: /* SABA/UABA */
        r = d + (uint64_t)(va > vb ? va - vb : vb - va);
        break;
    case 0x10: /* ADD/SUB */
        r = u ? a - b : a + b;
        break;
    case 0x11: /* CMTST/CMEQ */
        r = (u ? a == b : (a & b) != 0) ? m : 0;
        break;
    case 0x12: /* MLA/MLS */
        r = u ? d - a * b : d + a * b;
        break;
    case 0x13: /* MUL/PMUL */
        if (u) {
            r = 0;
            for (int i = 0; i < 8; i++) {
                if (b >> i & 1) {
                    r ^= a << i;
                }
            }
        } else {
            r = a * b;
        }
        break;
    case 0x16: { /* SQDMULH/SQRDMULH */
        int bits = 8 << size;
        s128 p = 2 * (s128)sext(a, size) * (s128)sext(b, size);
        if (u) {
            p += (s128)1 << (bits - 1);
        }
        r = clamp_s(p >> bits, size, qc);
        break;
    }
    default:
        return false;
    }
    *res = r & m;
    return true;
}

/* Fast paths for the hot integer operations (string functions use CMEQ, CMHS, UMAXP,
 * ADDP... on bytes): typed loops the host compiler can vectorise.  Return false to fall
 * back to the generic element-by-element code. */
#define FAST_LOOP(EXPR)                                                                            \
    do {                                                                                           \
        for (int i = 0; i < ne; i++) {                                                             \
            r[i] = (EXPR);                                                                         \
        }                                                                                          \
        return true;                                                                               \
    } while (0)

#define FAST_PAIR(EXPR)                                                                            \
    do {                                                                                           \
        for (int i = 0; i < ne / 2; i++) {                                                         \
            __typeof__(r[0]) x = a[2 * i], y = a[2 * i + 1];                                       \
            r[i] = (EXPR);                                                                         \
        }                                                                                          \
        for (int i = 0; i < ne / 2; i++) {                                                         \
            __typeof__(r[0]) x = b[2 * i], y = b[2 * i + 1];                                       \
            r[ne / 2 + i] = (EXPR);                                                                \
        }                                                                                          \
        return true;                                                                               \
    } while (0)

#define FAST3(T, ST, SUFFIX)                                                                       \
    static bool fast3_##SUFFIX(int u, int opc, int ne, const T *a, const T *b, T *r)               \
    {                                                                                              \
        const T ones = (T) ~(T)0;                                                                  \
        switch (opc << 1 | u) {                                                                    \
        case 0x10 << 1:                                                                            \
            FAST_LOOP((T)(a[i] + b[i]));                                                           \
        case 0x10 << 1 | 1:                                                                        \
            FAST_LOOP((T)(a[i] - b[i]));                                                           \
        case 0x11 << 1:                                                                            \
            FAST_LOOP((a[i] & b[i]) != 0 ? ones : 0);                                              \
        case 0x11 << 1 | 1:                                                                        \
            FAST_LOOP(a[i] == b[i] ? ones : 0);                                                    \
        case 0x06 << 1:                                                                            \
            FAST_LOOP((ST)a[i] > (ST)b[i] ? ones : 0);                                             \
        case 0x06 << 1 | 1:                                                                        \
            FAST_LOOP(a[i] > b[i] ? ones : 0);                                                     \
        case 0x07 << 1:                                                                            \
            FAST_LOOP((ST)a[i] >= (ST)b[i] ? ones : 0);                                            \
        case 0x07 << 1 | 1:                                                                        \
            FAST_LOOP(a[i] >= b[i] ? ones : 0);                                                    \
        case 0x14 << 1 | 1:                                                                        \
            FAST_PAIR(x > y ? x : y);                                                              \
        case 0x15 << 1 | 1:                                                                        \
            FAST_PAIR(x < y ? x : y);                                                              \
        case 0x17 << 1:                                                                            \
            FAST_PAIR((T)(x + y));                                                                 \
        default:                                                                                   \
            return false;                                                                          \
        }                                                                                          \
    }

FAST3(uint8_t, int8_t, b)
FAST3(uint16_t, int16_t, h)
FAST3(uint32_t, int32_t, s)
FAST3(uint64_t, int64_t, d)

static bool fast3(int u, int opc, int size, int ne, const Vreg *a, const Vreg *b, Vreg *r)
{
    switch (size) {
    case 0:
        return fast3_b(u, opc, ne, a->b, b->b, r->b);
    case 1:
        return fast3_h(u, opc, ne, a->h, b->h, r->h);
    case 2:
        return fast3_s(u, opc, ne, a->s, b->s, r->s);
    default:
        return fast3_d(u, opc, ne, a->d, b->d, r->d);
    }
}

bool simd_3same(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc), scalar = SD_SCALAR(desc);
    const Vreg n = env->vregs[SD_RN(desc)], m = env->vregs[SD_RM(desc)];
    const Vreg d = env->vregs[rd];
    Vreg r;
    bool qc = false;
    FpCtx c = fp_ctx_begin(env);
    memset(&r, 0, sizeof(r));

    if (opc == 0x03) { /* logical, size selects the operation */
        if (scalar) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            uint64_t a = n.d[i], b = m.d[i], x = d.d[i];
            uint64_t v;
            switch (u << 2 | size) {
            case 0:
                v = a & b;
                break;
            case 1:
                v = a & ~b;
                break;
            case 2:
                v = a | b;
                break;
            case 3:
                v = a | ~b;
                break;
            case 4:
                v = a ^ b;
                break;
            case 5: /* BSL */
                v = (x & a) | (~x & b);
                break;
            case 6: /* BIT */
                v = (b & a) | (~b & x);
                break;
            default: /* BIF */
                v = (~b & a) | (b & x);
                break;
            }
            r.d[i] = v;
        }
        write_vreg(env, rd, &r, q);
        return true;
    }

    if (opc >= 0x18) { /* floating point */
        int esz = fp_esz_of(desc);
        int fop = fp3_op(u, size >> 1, opc);
        if (fop == -1 || (!scalar && esz == 3 && !q)) {
            return false;
        }
        bool pairwise = u && (opc == 0x18 || (opc == 0x1a && !(size >> 1)) || opc == 0x1e);
        if (scalar &&
            (pairwise || fop < 0 || opc == 0x1e || opc == 0x18 ||
             (opc == 0x1a && !(u && (size >> 1))) || (u && opc == 0x1b) || (u && opc == 0x1f))) {
            return false;
        }
        int ne = scalar ? 1 : (q ? 16 : 8) >> esz;
        for (int i = 0; i < ne; i++) {
            uint64_t a, b;
            if (pairwise) {
                const Vreg *src = i < ne / 2 ? &n : &m;
                int j = (i % (ne / 2)) * 2;
                a = eget(src, j, esz);
                b = eget(src, j + 1, esz);
            } else {
                a = eget(&n, i, esz);
                b = eget(&m, i, esz);
            }
            uint64_t v;
            if (fop < 0) { /* FMLA (-2) / FMLS (-3) */
                v = fp_muladd(&c, esz, eget(&d, i, esz), a, b, false, fop == -3);
            } else {
                v = fp_binop(&c, fop, esz, a, b);
            }
            eset(&r, i, esz, v);
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, false, &c);
        return true;
    }

    if (opc == 0x14 || opc == 0x15 || opc == 0x17) { /* SMAXP/UMAXP, SMINP/UMINP, ADDP */
        if (scalar || (opc == 0x17 && u) || (size == 3 && (opc != 0x17 || !q))) {
            return false;
        }
        if (fast3(u, opc, size, (q ? 16 : 8) >> size, &n, &m, &r)) {
            write_vreg(env, rd, &r, q);
            return true;
        }
        int ne = (q ? 16 : 8) >> size;
        for (int i = 0; i < ne; i++) {
            const Vreg *src = i < ne / 2 ? &n : &m;
            int j = (i % (ne / 2)) * 2;
            uint64_t a = eget(src, j, size), b = eget(src, j + 1, size);
            s128 va = elem_val(a, size, u), vb = elem_val(b, size, u);
            uint64_t v;
            if (opc == 0x17) {
                v = a + b;
            } else if (opc == 0x14) {
                v = (uint64_t)(va > vb ? va : vb);
            } else {
                v = (uint64_t)(va < vb ? va : vb);
            }
            eset(&r, i, size, v & emask(size));
        }
        write_vreg(env, rd, &r, q);
        return true;
    }

    /* integer element-wise: validity */
    switch (opc) {
    case 0x00:
    case 0x02:
    case 0x04:
    case 0x0c:
    case 0x0d:
    case 0x0e:
    case 0x0f:
    case 0x12:
        if (size == 3 || scalar) {
            return false;
        }
        break;
    case 0x13:
        if (size == 3 || scalar || (u && size != 0)) {
            return false;
        }
        break;
    case 0x16:
        if (size == 0 || size == 3) {
            return false;
        }
        break;
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x0a:
    case 0x10:
    case 0x11:
        if (scalar && size != 3) {
            return false;
        }
        break;
    case 0x01:
    case 0x05:
    case 0x09:
    case 0x0b:
        break;
    default:
        return false;
    }
    if (!scalar && size == 3 && !q) {
        return false;
    }
    int ne = scalar ? 1 : (q ? 16 : 8) >> size;
    if (fast3(u, opc, size, ne, &n, &m, &r)) {
        write_vreg(env, rd, &r, q && !scalar);
        return true;
    }
    for (int i = 0; i < ne; i++) {
        uint64_t v;
        if (!int3_elem(u, opc, size, eget(&n, i, size), eget(&m, i, size), eget(&d, i, size), &v,
                       &qc)) {
            return false;
        }
        eset(&r, i, size, v);
    }
    write_vreg(env, rd, &r, q && !scalar);
    finish(env, qc, &c);
    return true;
}

void helper_simd_3same(CPUArchState *env, uint64_t desc)
{
    simd_3same(env, desc);
}

/* ---------------- three different ---------------- */

/* (also PMULL 64-bit in helper-crypto.c) */
uint64_t pmul64(uint64_t a, uint64_t b, uint64_t *hi)
{
    u128 r = 0;
    for (int i = 0; i < 64; i++) {
        if (b >> i & 1) {
            r ^= (u128)a << i;
        }
    }
    *hi = (uint64_t)(r >> 64);
    return (uint64_t)r;
}

/* SQDMULL (opc 0xd) and the accumulating SQDMLAL (0x9) / SQDMLSL (0xb) on one element:
 * the doubled product saturates to 2*esize bits, then the accumulation saturates again. */
static uint64_t sqdmull_elem(uint64_t a, uint64_t b, int size, int opc, uint64_t acc, bool *qc)
{
    s128 p = 2 * (s128)sext(a, size) * (s128)sext(b, size);
    uint64_t prod = clamp_s(p, size + 1, qc);
    if (opc == 0xd) {
        return prod;
    }
    s128 x = sext(acc, size + 1);
    s128 y = sext(prod, size + 1);
    return clamp_s(opc == 0x9 ? x + y : x - y, size + 1, qc);
}

bool simd_3diff(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc);
    const Vreg n = env->vregs[SD_RN(desc)], m = env->vregs[SD_RM(desc)];
    const Vreg d = env->vregs[rd];
    Vreg r;
    memset(&r, 0, sizeof(r));
    FpCtx c = fp_ctx_begin(env);

    if (opc == 0x0e && !u) { /* PMULL/PMULL2 */
        if (SD_SCALAR(desc)) {
            return false;
        }
        if (size == 0) {
            for (int i = 0; i < 8; i++) {
                uint64_t hi;
                uint64_t v = pmul64(eget(&n, i + q * 8, 0), eget(&m, i + q * 8, 0), &hi);
                eset(&r, i, 1, v);
            }
        } else {
            return false; /* size 3 (64-bit) is PMULL_1Q in a64-crypto.decode */
        }
        write_vreg(env, rd, &r, true);
        return true;
    }
    if (size == 3) {
        return false;
    }
    if (opc == 0x9 || opc == 0xb || opc == 0xd) { /* SQDMLAL, SQDMLSL, SQDMULL */
        if (u || size == 0) {
            return false;
        }
        bool scalar = SD_SCALAR(desc);
        int nn = scalar ? 1 : 8 >> size;
        int half = (q && !scalar) ? nn : 0;
        bool qc = false;
        for (int i = 0; i < nn; i++) {
            uint64_t v = sqdmull_elem(eget(&n, half + i, size), eget(&m, half + i, size), size, opc,
                                      eget(&d, i, size + 1), &qc);
            eset(&r, i, size + 1, v);
        }
        write_vreg(env, rd, &r, !scalar);
        finish(env, qc, &c);
        return true;
    }
    if (SD_SCALAR(desc)) {
        return false;
    }
    int ne = 8 >> size; /* number of source elements per half */
    int half = q ? ne : 0;
    switch (opc) {
    case 0x4:
    case 0x6: { /* ADDHN/RADDHN, SUBHN/RSUBHN: narrow high half of the wide sum */
        int bits = 8 << size;
        r = q ? d : r;
        for (int i = 0; i < ne; i++) {
            uint64_t a = eget(&n, i, size + 1), b = eget(&m, i, size + 1);
            u128 v = opc == 0x4 ? (u128)a + b : (u128)a - b;
            if (u) {
                v += (u128)1 << (bits - 1);
            }
            eset(&r, half + i, size, (uint64_t)(v >> bits) & emask(size));
        }
        write_vreg(env, rd, &r, q);
        return true;
    }
    case 0x0:
    case 0x1:
    case 0x2:
    case 0x3:
    case 0x5:
    case 0x7:
    case 0x8:
    case 0xa:
    case 0xc:
        break;
    default:
        return false;
    }
    uint64_t wm = emask(size + 1);
    for (int i = 0; i < ne; i++) {
        s128 b = elem_val(eget(&m, half + i, size), size, u);
        s128 a;
        if (opc == 0x1 || opc == 0x3) { /* wide first operand */
            a = elem_val(eget(&n, i, size + 1), size + 1, u);
        } else {
            a = elem_val(eget(&n, half + i, size), size, u);
        }
        s128 acc = (s128)eget(&d, i, size + 1);
        s128 v;
        switch (opc) {
        case 0x0:
        case 0x1:
            v = a + b;
            break;
        case 0x2:
        case 0x3:
            v = a - b;
            break;
        case 0x5:
            v = acc + (a > b ? a - b : b - a);
            break;
        case 0x7:
            v = a > b ? a - b : b - a;
            break;
        case 0x8:
            v = acc + a * b;
            break;
        case 0xa:
            v = acc - a * b;
            break;
        default:
            v = a * b;
            break;
        }
        eset(&r, i, size + 1, (uint64_t)v & wm);
    }
    write_vreg(env, rd, &r, true);
    finish(env, false, &c);
    return true;
}

void helper_simd_3diff(CPUArchState *env, uint64_t desc)
{
    simd_3diff(env, desc);
}

/* ---------------- two-register misc ---------------- */

static uint64_t cls_clz(uint64_t a, int size, bool cls)
{
    int bits = 8 << size;
    if (cls) {
        a = (a ^ (a >> 1)) & (emask(size) >> 1); /* leading sign bits -> leading zeros */
        bits--;
        if (a == 0) {
            return (uint64_t)bits;
        }
        return (uint64_t)(__builtin_clzll(a) - (64 - bits));
    }
    if (a == 0) {
        return (uint64_t)bits;
    }
    return (uint64_t)(__builtin_clzll(a) - (64 - bits));
}

static bool fp_2misc(CPUArchState *env, uint64_t desc, FpCtx *c, Vreg *r, const Vreg *n)
{
    int size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc), scalar = SD_SCALAR(desc);
    int a = size >> 1;
    int esz = fp_esz_of(desc);
    (void)env;
    if (!scalar && esz == 3 && !q) {
        return false;
    }
    int ne = scalar ? 1 : (q ? 16 : 8) >> esz;
    int kind; /* 0 unop, 1 compare with zero, 2 to int, 3 from int */
    int arg = 0;
    bool uns = u;
    switch (a << 6 | u << 5 | opc) {
    case 0x0c | 1 << 6:
        kind = 1, arg = FPOP_CMGT;
        break;
    case 0x0d | 1 << 6:
        kind = 1, arg = FPOP_CMEQ;
        break;
    case 0x0e | 1 << 6:
        kind = 1, arg = -FPOP_CMGT; /* CMLT: 0 > x */
        break;
    case 0x0c | 1 << 6 | 1 << 5:
        kind = 1, arg = FPOP_CMGE;
        break;
    case 0x0d | 1 << 6 | 1 << 5:
        kind = 1, arg = -FPOP_CMGE; /* CMLE: 0 >= x */
        break;
    case 0x0f | 1 << 6:
        kind = 0, arg = FPU_ABS;
        break;
    case 0x0f | 1 << 6 | 1 << 5:
        kind = 0, arg = FPU_NEG;
        break;
    case 0x1f | 1 << 6 | 1 << 5:
        kind = 0, arg = FPU_SQRT;
        break;
    case 0x18:
        kind = 0, arg = FPU_RINT_N;
        break;
    case 0x19:
        kind = 0, arg = FPU_RINT_M;
        break;
    case 0x18 | 1 << 6:
        kind = 0, arg = FPU_RINT_P;
        break;
    case 0x19 | 1 << 6:
        kind = 0, arg = FPU_RINT_Z;
        break;
    case 0x18 | 1 << 5:
        kind = 0, arg = FPU_RINT_A;
        break;
    case 0x19 | 1 << 5:
        kind = 0, arg = FPU_RINT_X;
        break;
    case 0x19 | 1 << 6 | 1 << 5:
        kind = 0, arg = FPU_RINT_I;
        break;
    case 0x1a:
    case 0x1a | 1 << 5:
        kind = 2, arg = FPR_N;
        break;
    case 0x1b:
    case 0x1b | 1 << 5:
        kind = 2, arg = FPR_M;
        break;
    case 0x1c:
    case 0x1c | 1 << 5:
        kind = 2, arg = FPR_A;
        break;
    case 0x1a | 1 << 6:
    case 0x1a | 1 << 6 | 1 << 5:
        kind = 2, arg = FPR_P;
        break;
    case 0x1b | 1 << 6:
    case 0x1b | 1 << 6 | 1 << 5:
        kind = 2, arg = FPR_Z;
        break;
    case 0x1d:
    case 0x1d | 1 << 5:
        kind = 3;
        break;
    case 0x1d | 1 << 6:
        kind = 0, arg = FPU_RECPE;
        break;
    case 0x1d | 1 << 6 | 1 << 5:
        kind = 0, arg = FPU_RSQRTE;
        break;
    case 0x1f | 1 << 6:
        if (!scalar) {
            return false;
        }
        kind = 0, arg = FPU_RECPX;
        break;
    case 0x1c | 1 << 6:          /* URECPE */
    case 0x1c | 1 << 6 | 1 << 5: /* URSQRTE */
        if (esz != 2 || scalar) {
            return false;
        }
        kind = 4, arg = u;
        break;
    default:
        return false;
    }
    if (scalar && kind == 0 && arg != FPU_RECPE && arg != FPU_RSQRTE && arg != FPU_RECPX) {
        /* scalar FABS/FNEG/FSQRT/FRINT* are FP 1-source instructions */
        return false;
    }
    for (int i = 0; i < ne; i++) {
        uint64_t x = eget(n, i, esz), v;
        switch (kind) {
        case 0:
            v = fp_unop(c, arg, esz, x);
            break;
        case 1:
            v = arg >= 0 ? fp_binop(c, arg, esz, x, 0) : fp_binop(c, -arg, esz, 0, x);
            break;
        case 2:
            v = fp_to_int(c, esz, x, arg, uns, 8 << esz, 0);
            break;
        case 4:
            v = arg ? unsigned_rsqrt_estimate((uint32_t)x) : unsigned_recip_estimate((uint32_t)x);
            break;
        default:
            v = int_to_fp(c, esz, x, !uns, 8 << esz, 0);
            break;
        }
        eset(r, i, esz, v);
    }
    return true;
}

bool simd_2misc(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc), scalar = SD_SCALAR(desc);
    const Vreg n = env->vregs[SD_RN(desc)];
    const Vreg d = env->vregs[rd];
    Vreg r;
    memset(&r, 0, sizeof(r));
    bool qc = false;
    FpCtx c = fp_ctx_begin(env);
    int ne = scalar ? 1 : (q ? 16 : 8) >> size;
    uint64_t m = emask(size);

    if ((opc >= 0x0c && opc <= 0x0f) || opc >= 0x18) {
        if (!fp_2misc(env, desc, &c, &r, &n)) {
            return false;
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, false, &c);
        return true;
    }
    switch (opc) {
    case 0x00:                                      /* REV64 / REV32 */
    case 0x01: {                                    /* REV16 */
        int container = opc == 1 ? 1 : (u ? 2 : 3); /* log2 bytes of the container */
        if (scalar || size >= container || (opc == 1 && u)) {
            return false;
        }
        int per = 1 << (container - size);
        for (int i = 0; i < ne; i++) {
            int base = i & ~(per - 1);
            int j = base + (per - 1 - (i - base));
            eset(&r, i, size, eget(&n, j, size));
        }
        break;
    }
    case 0x02:   /* SADDLP/UADDLP */
    case 0x06: { /* SADALP/UADALP */
        if (scalar || size == 3) {
            return false;
        }
        for (int i = 0; i < ne / 2; i++) {
            s128 v = elem_val(eget(&n, 2 * i, size), size, u) +
                     elem_val(eget(&n, 2 * i + 1, size), size, u);
            if (opc == 0x06) {
                v += eget(&d, i, size + 1);
            }
            eset(&r, i, size + 1, (uint64_t)v & emask(size + 1));
        }
        break;
    }
    case 0x03: /* SUQADD / USQADD */
        if ((!scalar && size == 3 && !q)) {
            return false;
        }
        for (int i = 0; i < ne; i++) {
            s128 x = elem_val(eget(&n, i, size), size, !u);
            s128 acc = elem_val(eget(&d, i, size), size, u);
            eset(&r, i, size, u ? clamp_u(acc + x, size, &qc) : clamp_s(acc + x, size, &qc));
        }
        break;
    case 0x04: /* CLS / CLZ */
        if (scalar || size == 3) {
            return false;
        }
        for (int i = 0; i < ne; i++) {
            eset(&r, i, size, cls_clz(eget(&n, i, size), size, !u));
        }
        break;
    case 0x05: /* CNT / NOT / RBIT */
        if (scalar || (!u && size != 0) || (u && size > 1)) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            uint8_t x = n.b[i];
            if (!u) {
                x = (uint8_t)__builtin_popcount(x);
            } else if (size == 0) {
                x = (uint8_t)~x;
            } else {
                uint8_t y = 0;
                for (int k = 0; k < 8; k++) {
                    y |= (uint8_t)(((x >> k) & 1) << (7 - k));
                }
                x = y;
            }
            r.b[i] = x;
        }
        break;
    case 0x07: /* SQABS / SQNEG */
    case 0x0b: /* ABS / NEG */
        if ((scalar && opc == 0x0b && size != 3) || (!scalar && size == 3 && !q)) {
            return false;
        }
        for (int i = 0; i < ne; i++) {
            s128 x = sext(eget(&n, i, size), size);
            s128 v = u ? -x : (x < 0 ? -x : x);
            eset(&r, i, size, opc == 0x07 ? clamp_s(v, size, &qc) : (uint64_t)v & m);
        }
        break;
    case 0x08: /* CMGT #0 / CMGE #0 */
    case 0x09: /* CMEQ #0 / CMLE #0 */
    case 0x0a: /* CMLT #0 */
        if ((scalar && size != 3) || (!scalar && size == 3 && !q) || (opc == 0x0a && u)) {
            return false;
        }
        for (int i = 0; i < ne; i++) {
            int64_t x = sext(eget(&n, i, size), size);
            bool t;
            switch (opc << 1 | u) {
            case 0x10:
                t = x > 0;
                break;
            case 0x11:
                t = x >= 0;
                break;
            case 0x12:
                t = x == 0;
                break;
            case 0x13:
                t = x <= 0;
                break;
            default:
                t = x < 0;
                break;
            }
            eset(&r, i, size, t ? m : 0);
        }
        break;
    case 0x12:   /* XTN / SQXTUN */
    case 0x14: { /* SQXTN / UQXTN */
        if (size == 3 || (opc == 0x12 && !u && scalar)) {
            return false;
        }
        int nn = scalar ? 1 : 8 >> size;
        int half = (q && !scalar) ? nn : 0;
        if (half) {
            r = d;
        }
        for (int i = 0; i < nn; i++) {
            uint64_t w = eget(&n, i, size + 1);
            uint64_t v;
            if (opc == 0x12 && !u) {
                v = w & m;
            } else if (opc == 0x12) { /* SQXTUN: signed source, unsigned saturation */
                v = clamp_u(sext(w, size + 1), size, &qc);
            } else if (u) {
                v = clamp_u((s128)w, size, &qc);
            } else {
                v = clamp_s(sext(w, size + 1), size, &qc);
            }
            eset(&r, half + i, size, v);
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, qc, &c);
        return true;
    }
    case 0x13: { /* SHLL / SHLL2 */
        if (!u || scalar || size == 3) {
            return false;
        }
        int nn = 8 >> size;
        for (int i = 0; i < nn; i++) {
            eset(&r, i, size + 1, eget(&n, i + (q ? nn : 0), size) << (8 << size));
        }
        write_vreg(env, rd, &r, true);
        return true;
    }
    case 0x16:   /* FCVTN / FCVTXN */
    case 0x17: { /* FCVTL */
        int from, to;
        if (opc == 0x16) {
            from = (size & 1) ? 3 : 2;
            to = from - 1;
            if (u && !(size & 1)) {
                return false;
            }
        } else {
            to = (size & 1) ? 3 : 2;
            from = to - 1;
            if (u || scalar) {
                return false;
            }
        }
        if (size >> 1) {
            return false;
        }
        if (scalar && !u) {
            return false; /* only FCVTXN has a scalar form */
        }
        int nn = scalar ? 1 : (opc == 0x16 ? 16 >> from : 16 >> to);
        if (opc == 0x16) {
            int half = (q && !scalar) ? nn : 0;
            if (half) {
                r = d;
            }
            for (int i = 0; i < nn; i++) {
                uint64_t v;
                if (u) { /* FCVTXN: round to odd */
                    FpCtx c2 = {c.fpcr | (3u << FPCR_RMODE_SHIFT), 0, 0, c.fpsr_in};
                    uint64_t x = eget(&n, i, from);
                    v = fp_convert(&c2, from, to, x);
                    if ((c2.flags & FPSR_IXC) && !((v & 0x7f800000) == 0x7f800000)) {
                        v |= 1;
                    }
                    c.flags |= c2.flags;
                } else {
                    v = fp_convert(&c, from, to, eget(&n, i, from));
                }
                eset(&r, half + i, to, v);
            }
            write_vreg(env, rd, &r, q && !scalar);
        } else {
            for (int i = 0; i < nn; i++) {
                eset(&r, i, to, fp_convert(&c, from, to, eget(&n, i + (q ? nn : 0), from)));
            }
            write_vreg(env, rd, &r, true);
        }
        finish(env, false, &c);
        return true;
    }
    default:
        return false;
    }
    write_vreg(env, rd, &r, q && !scalar);
    finish(env, qc, &c);
    return true;
}

void helper_simd_2misc(CPUArchState *env, uint64_t desc)
{
    simd_2misc(env, desc);
}

/* ---------------- across lanes and scalar pairwise ---------------- */

/* Arm's Reduce(): recursive halving, which fixes the order of FP operations. */
static uint64_t fp_reduce(FpCtx *c, int op, int esz, const Vreg *n, int lo, int cnt)
{
    if (cnt == 1) {
        return eget(n, lo, esz);
    }
    int h = cnt / 2;
    uint64_t a = fp_reduce(c, op, esz, n, lo, h);
    uint64_t b = fp_reduce(c, op, esz, n, lo + h, h);
    return fp_binop(c, op, esz, a, b);
}

bool simd_across(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc);
    const Vreg n = env->vregs[SD_RN(desc)];
    Vreg r;
    memset(&r, 0, sizeof(r));
    FpCtx c = fp_ctx_begin(env);

    if (opc == 0x0c || opc == 0x0f) { /* FMAXNMV/FMINNMV, FMAXV/FMINV: 4s, or 4h/8h (U=0) */
        bool h = SD_FP16(desc);
        if ((h ? u : !u || !q) || (size & 1)) {
            return false;
        }
        bool is_min = size >> 1;
        int op = opc == 0x0c ? (is_min ? FPOP_MINNM : FPOP_MAXNM) : (is_min ? FPOP_MIN : FPOP_MAX);
        int esz = h ? 1 : 2;
        eset(&r, 0, esz, fp_reduce(&c, op, esz, &n, 0, (q ? 16 : 8) >> esz));
        write_vreg(env, rd, &r, false);
        finish(env, false, &c);
        return true;
    }
    if (size == 3 || (size == 2 && !q)) {
        return false;
    }
    int ne = (q ? 16 : 8) >> size;
    s128 acc = elem_val(eget(&n, 0, size), size, u);
    switch (opc) {
    case 0x03: /* SADDLV/UADDLV */
    case 0x1b: /* ADDV */
        if (opc == 0x1b && u) {
            return false;
        }
        for (int i = 1; i < ne; i++) {
            acc += elem_val(eget(&n, i, size), size, u);
        }
        if (opc == 0x03) {
            r.d[0] = (uint64_t)acc & emask(size + 1);
        } else {
            r.d[0] = (uint64_t)acc & emask(size);
        }
        break;
    case 0x0a: /* SMAXV/UMAXV */
    case 0x1a: /* SMINV/UMINV */
        for (int i = 1; i < ne; i++) {
            s128 x = elem_val(eget(&n, i, size), size, u);
            if (opc == 0x0a ? x > acc : x < acc) {
                acc = x;
            }
        }
        r.d[0] = (uint64_t)acc & emask(size);
        break;
    default:
        return false;
    }
    write_vreg(env, rd, &r, false);
    return true;
}

void helper_simd_across(CPUArchState *env, uint64_t desc)
{
    simd_across(env, desc);
}

bool simd_pairwise_scalar(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    const Vreg n = env->vregs[SD_RN(desc)];
    Vreg r;
    memset(&r, 0, sizeof(r));
    FpCtx c = fp_ctx_begin(env);
    if (!u && !SD_FP16(desc)) {
        if (opc != 0x1b || size != 3) { /* ADDP d, v.2d */
            return false;
        }
        r.d[0] = n.d[0] + n.d[1];
        write_vreg(env, rd, &r, false);
        return true;
    }
    int esz = fp_esz_of(desc);
    bool is_min = size >> 1;
    int op;
    switch (opc) {
    case 0x0c:
        op = is_min ? FPOP_MINNM : FPOP_MAXNM;
        break;
    case 0x0d:
        if (is_min) {
            return false;
        }
        op = FPOP_ADD;
        break;
    case 0x0f:
        op = is_min ? FPOP_MIN : FPOP_MAX;
        break;
    default:
        return false;
    }
    eset(&r, 0, esz, fp_binop(&c, op, esz, eget(&n, 0, esz), eget(&n, 1, esz)));
    write_vreg(env, rd, &r, false);
    finish(env, false, &c);
    return true;
}

void helper_simd_pairwise_scalar(CPUArchState *env, uint64_t desc)
{
    simd_pairwise_scalar(env, desc);
}

/* ---------------- shift by immediate ---------------- */

bool simd_shift_imm(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc), scalar = SD_SCALAR(desc);
    unsigned imm7 = SD_IMM(desc) & 0x7f;
    unsigned immh = imm7 >> 3;
    int size = immh & 8 ? 3 : immh & 4 ? 2 : immh & 2 ? 1 : 0;
    int bits = 8 << size;
    int rshift = 2 * bits - (int)imm7; /* 1..bits */
    int lshift = (int)imm7 - bits;     /* 0..bits-1 */
    const Vreg n = env->vregs[SD_RN(desc)];
    const Vreg d = env->vregs[rd];
    Vreg r;
    memset(&r, 0, sizeof(r));
    bool qc = false;
    FpCtx c = fp_ctx_begin(env);
    int ne = scalar ? 1 : (q ? 16 : 8) >> size;
    uint64_t m = emask(size);

    if (opc >= 0x10 && opc <= 0x14) { /* narrowing and widening forms */
        if (size == 3) {
            return false;
        }
        if (opc == 0x14) { /* SSHLL/USHLL (SXTL/UXTL) */
            if (scalar) {
                return false;
            }
            int nn = 8 >> size;
            for (int i = 0; i < nn; i++) {
                s128 v = elem_val(eget(&n, i + (q ? nn : 0), size), size, u);
                eset(&r, i, size + 1, (uint64_t)(v << lshift) & emask(size + 1));
            }
            write_vreg(env, rd, &r, true);
            return true;
        }
        /* SHRN, RSHRN, SQSHRUN, SQRSHRUN, SQSHRN/UQSHRN, SQRSHRN/UQRSHRN */
        if (scalar && opc <= 0x11 && !u) {
            return false;
        }
        int nn = scalar ? 1 : 8 >> size;
        int half = (q && !scalar) ? nn : 0;
        if (half) {
            r = d;
        }
        bool round = opc & 1;
        for (int i = 0; i < nn; i++) {
            uint64_t w = eget(&n, i, size + 1);
            bool src_unsigned = (opc <= 0x11) ? !u : u; /* SQSHRUN: signed source */
            if (opc <= 0x11 && !u) {
                src_unsigned = true; /* SHRN: plain bits */
            }
            s128 v = elem_val(w, size + 1, src_unsigned);
            if (round) {
                v += (s128)1 << (rshift - 1);
            }
            v >>= rshift;
            uint64_t x;
            if (opc <= 0x11 && !u) {
                x = (uint64_t)v & m;
            } else if (opc <= 0x11 || u) { /* SQSHRUN/SQRSHRUN, UQSHRN/UQRSHRN */
                x = clamp_u(v, size, &qc);
            } else {
                x = clamp_s(v, size, &qc);
            }
            eset(&r, half + i, size, x);
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, qc, &c);
        return true;
    }
    if (!scalar && size == 3 && !q) {
        return false;
    }
    if (opc == 0x1c || opc == 0x1f) { /* SCVTF/UCVTF, FCVTZS/FCVTZU fixed-point */
        if (size < 2 && !(size == 1 && SD_FP16(desc))) {
            return false;
        }
        for (int i = 0; i < ne; i++) {
            uint64_t x = eget(&n, i, size);
            uint64_t v = opc == 0x1c ? int_to_fp(&c, size, x, !u, bits, rshift)
                                     : fp_to_int(&c, size, x, FPR_Z, u, bits, rshift);
            eset(&r, i, size, v);
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, false, &c);
        return true;
    }
    bool sized_scalar_ok = opc == 0x0c || opc == 0x0e;
    if (scalar && size != 3 && !sized_scalar_ok) {
        return false;
    }
    for (int i = 0; i < ne; i++) {
        uint64_t x = eget(&n, i, size);
        uint64_t old = eget(&d, i, size);
        uint64_t v;
        switch (opc) {
        case 0x00: /* SSHR/USHR */
        case 0x02: /* SSRA/USRA */
        case 0x04: /* SRSHR/URSHR */
        case 0x06: /* SRSRA/URSRA */
            v = shift_reg(x, -rshift, size, u, opc & 4, false, &qc);
            if (opc & 2) {
                v = (v + old) & m;
            }
            break;
        case 0x08: /* SRI */
            if (!u) {
                return false;
            }
            if (rshift == bits) {
                v = old;
            } else {
                uint64_t keep = ~(m >> rshift) & m;
                v = (old & keep) | (x >> rshift);
            }
            break;
        case 0x0a: /* SHL / SLI */
            if (u) {
                uint64_t ins = (m << lshift) & m;
                v = (old & ~ins & m) | ((x << lshift) & m);
            } else {
                v = (x << lshift) & m;
            }
            break;
        case 0x0c: /* SQSHLU */
            if (!u) {
                return false;
            }
            v = clamp_u((s128)sext(x, size) * ((s128)1 << lshift), size, &qc);
            break;
        case 0x0e: /* SQSHL/UQSHL (immediate) */
            v = shift_reg(x, lshift, size, u, false, true, &qc);
            break;
        default:
            return false;
        }
        eset(&r, i, size, v);
    }
    write_vreg(env, rd, &r, q && !scalar);
    finish(env, qc, &c);
    return true;
}

void helper_simd_shift_imm(CPUArchState *env, uint64_t desc)
{
    simd_shift_imm(env, desc);
}

/* ---------------- permute, table lookup, extract ---------------- */

bool simd_perm(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc);
    const Vreg n = env->vregs[SD_RN(desc)], m = env->vregs[SD_RM(desc)];
    Vreg r;
    memset(&r, 0, sizeof(r));
    if ((opc & 3) == 0 || (size == 3 && !q)) {
        return false;
    }
    int ne = (q ? 16 : 8) >> size;
    int part = opc >> 2;
    for (int i = 0; i < ne; i++) {
        uint64_t v;
        switch (opc & 3) {
        case 1: { /* UZP */
            int j = 2 * i + part;
            v = j < ne ? eget(&n, j, size) : eget(&m, j - ne, size);
            break;
        }
        case 2: { /* TRN */
            int p = i & ~1;
            v = (i & 1) ? eget(&m, p + part, size) : eget(&n, p + part, size);
            break;
        }
        default: { /* ZIP */
            int j = part * ne / 2 + i / 2;
            v = (i & 1) ? eget(&m, j, size) : eget(&n, j, size);
            break;
        }
        }
        eset(&r, i, size, v);
    }
    write_vreg(env, rd, &r, q);
    return true;
}

void helper_simd_perm(CPUArchState *env, uint64_t desc)
{
    simd_perm(env, desc);
}

bool simd_tbl(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), rn = SD_RN(desc);
    bool q = SD_Q(desc);
    unsigned imm = SD_IMM(desc);
    int len = (imm & 3) + 1;
    bool tbx = imm >> 2 & 1;
    uint8_t table[64];
    for (int t = 0; t < len; t++) {
        memcpy(table + 16 * t, env->vregs[(rn + t) % 32].b, 16);
    }
    const Vreg idx = env->vregs[SD_RM(desc)];
    Vreg r = env->vregs[rd];
    int nb = q ? 16 : 8;
    for (int i = 0; i < nb; i++) {
        unsigned x = idx.b[i];
        if (x < (unsigned)(16 * len)) {
            r.b[i] = table[x];
        } else if (!tbx) {
            r.b[i] = 0;
        }
    }
    write_vreg(env, rd, &r, q);
    return true;
}

void helper_simd_tbl(CPUArchState *env, uint64_t desc)
{
    simd_tbl(env, desc);
}

bool simd_ext(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc);
    bool q = SD_Q(desc);
    unsigned pos = SD_IMM(desc) & 15;
    if (!q && pos >= 8) {
        return false;
    }
    uint8_t cat[32];
    int nb = q ? 16 : 8;
    memcpy(cat, env->vregs[SD_RN(desc)].b, nb);
    memcpy(cat + nb, env->vregs[SD_RM(desc)].b, nb);
    Vreg r;
    memset(&r, 0, sizeof(r));
    memcpy(r.b, cat + pos, nb);
    write_vreg(env, rd, &r, q);
    return true;
}

void helper_simd_ext(CPUArchState *env, uint64_t desc)
{
    simd_ext(env, desc);
}

/* ---------------- by element ---------------- */

bool simd_indexed(CPUArchState *env, uint64_t desc)
{
    int rd = SD_RD(desc), size = SD_SIZE(desc), u = SD_U(desc), opc = SD_OPC(desc);
    bool q = SD_Q(desc), scalar = SD_SCALAR(desc);
    int index = (int)SD_IMM(desc);
    const Vreg n = env->vregs[SD_RN(desc)], mreg = env->vregs[SD_RM(desc)];
    const Vreg d = env->vregs[rd];
    Vreg r;
    memset(&r, 0, sizeof(r));
    bool qc = false;
    FpCtx c = fp_ctx_begin(env);

    bool is_fp = !u ? (opc == 0x1 || opc == 0x5 || opc == 0x9) : opc == 0x9;
    if (is_fp) {
        if (size < 2 && !SD_FP16(desc)) {
            return false;
        }
        int esz = SD_FP16(desc) ? 1 : size;
        if (!scalar && esz == 3 && !q) {
            return false;
        }
        int ne = scalar ? 1 : (q ? 16 : 8) >> esz;
        uint64_t b = eget(&mreg, index, esz);
        for (int i = 0; i < ne; i++) {
            uint64_t a = eget(&n, i, esz), v;
            if (opc == 0x9) {
                v = fp_binop(&c, u ? FPOP_MULX : FPOP_MUL, esz, a, b);
            } else {
                v = fp_muladd(&c, esz, eget(&d, i, esz), a, b, false, opc == 0x5);
            }
            eset(&r, i, esz, v);
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, false, &c);
        return true;
    }
    if (size == 0 || size == 3) {
        return false;
    }
    uint64_t bm = eget(&mreg, index, size);
    switch (opc) {
    case 0x8:   /* MUL */
    case 0x0:   /* MLA (u=1) */
    case 0x4:   /* MLS (u=1) */
    case 0xc:   /* SQDMULH */
    case 0xd: { /* SQRDMULH */
        if (opc == 0x8 && u) {
            return false;
        }
        if ((opc == 0x0 || opc == 0x4) && !u) {
            return false;
        }
        if ((opc == 0xc || opc == 0xd) && u) {
            return false;
        }
        if (scalar && opc != 0xc && opc != 0xd) {
            return false;
        }
        int ne = scalar ? 1 : (q ? 16 : 8) >> size;
        for (int i = 0; i < ne; i++) {
            uint64_t a = eget(&n, i, size), v;
            if (opc == 0xc || opc == 0xd) {
                int3_elem(opc & 1, 0x16, size, a, bm, 0, &v, &qc);
            } else if (opc == 0x8) {
                v = (a * bm) & emask(size);
            } else {
                uint64_t acc = eget(&d, i, size);
                v = (opc == 0x0 ? acc + a * bm : acc - a * bm) & emask(size);
            }
            eset(&r, i, size, v);
        }
        write_vreg(env, rd, &r, q && !scalar);
        finish(env, qc, &c);
        return true;
    }
    case 0x3:   /* SQDMLAL */
    case 0x7:   /* SQDMLSL */
    case 0xb: { /* SQDMULL */
        if (u) {
            return false;
        }
        static const int map[16] = {[0x3] = 0x9, [0x7] = 0xb, [0xb] = 0xd};
        int nn = scalar ? 1 : 8 >> size;
        int half = (q && !scalar) ? nn : 0;
        for (int i = 0; i < nn; i++) {
            uint64_t v = sqdmull_elem(eget(&n, half + i, size), bm, size, map[opc],
                                      eget(&d, i, size + 1), &qc);
            eset(&r, i, size + 1, v);
        }
        write_vreg(env, rd, &r, !scalar);
        finish(env, qc, &c);
        return true;
    }
    case 0x2:   /* SMLAL/UMLAL */
    case 0x6:   /* SMLSL/UMLSL */
    case 0xa: { /* SMULL/UMULL */
        if (scalar) {
            return false;
        }
        int nn = 8 >> size;
        s128 b = elem_val(bm, size, u);
        for (int i = 0; i < nn; i++) {
            s128 a = elem_val(eget(&n, i + (q ? nn : 0), size), size, u);
            s128 acc = (s128)eget(&d, i, size + 1);
            s128 v = opc == 0xa ? a * b : opc == 0x2 ? acc + a * b : acc - a * b;
            eset(&r, i, size + 1, (uint64_t)v & emask(size + 1));
        }
        write_vreg(env, rd, &r, true);
        return true;
    }
    default:
        return false;
    }
}

void helper_simd_indexed(CPUArchState *env, uint64_t desc)
{
    simd_indexed(env, desc);
}
