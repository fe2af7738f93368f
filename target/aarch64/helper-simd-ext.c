/*
 * helper-simd-ext.c - integer semantics of the Armv8.1-8.6 AdvSIMD additions and the entry
 * point simd_x() for all of them (see helper-ext.h): SDOT/UDOT/USDOT/SUDOT (4-way byte
 * dot products into 32-bit lanes), SMMLA/UMMLA/USMMLA (2x8 by 8x2 byte matrices into a 2x2
 * 32-bit matrix), SQRDMLAH/SQRDMLSH (rounding doubling multiply-accumulate returning the
 * high half, saturating, FPSR.QC).  The floating-point operations are in helper-fp-ext.c.
 * Each follows the Arm ARM pseudocode of the instruction: results are computed into a
 * local Vreg, then written to Vd with bits above the operation's width cleared.
 * Example: sdot v0.4s, v1.16b, v2.16b with v1 = v2 = all 0xff bytes adds 4 to each lane.
 */
#include <string.h>

#include "target/aarch64/helper-ext.h"

/* Byte k of v as a signed or unsigned integer. */
static inline int32_t byte_val(const Vreg *v, int k, bool is_signed)
{
    return is_signed ? (int32_t)(int8_t)v->b[k] : (int32_t)v->b[k];
}

static void store_result(CPUArchState *env, int rd, const Vreg *r, unsigned bytes)
{
    Vreg v = *r;
    if (bytes < 16) {
        memset(v.b + bytes, 0, 16 - bytes);
    }
    env->vregs[rd] = v;
}

/* SDOT/UDOT/USDOT/SUDOT: signedness of the Vn and Vm bytes */
static void dot_product(const Vreg *n, const Vreg *m, Vreg *r, int lanes, int index, bool n_signed,
                        bool m_signed)
{
    for (int i = 0; i < lanes; i++) {
        int mbase = index >= 0 ? 4 * index : 4 * i;
        uint32_t sum = r->s[i];
        for (int k = 0; k < 4; k++) {
            sum += (uint32_t)(byte_val(n, 4 * i + k, n_signed) * byte_val(m, mbase + k, m_signed));
        }
        r->s[i] = sum;
    }
}

/* MatMulAdd(): Vd (2x2, 32-bit) += Vn (2x8 bytes, rows) * transpose(Vm (2x8 bytes, rows)) */
static void matmul(const Vreg *n, const Vreg *m, Vreg *r, bool n_signed, bool m_signed)
{
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            uint32_t sum = r->s[2 * i + j];
            for (int k = 0; k < 8; k++) {
                sum +=
                    (uint32_t)(byte_val(n, 8 * i + k, n_signed) * byte_val(m, 8 * j + k, m_signed));
            }
            r->s[2 * i + j] = sum;
        }
    }
}

/* SQRDMLAH/SQRDMLSH on one element of esize bits: SignedSatQ(((d << esize) +- 2*n*m +
 * (1 << (esize - 1))) >> esize) */
static uint64_t rdml(int esize, int64_t d, int64_t n, int64_t m, bool sub, bool *qc)
{
    __int128 prod = (__int128)2 * n * m;
    __int128 acc = ((__int128)d << esize) + (sub ? -prod : prod) + ((__int128)1 << (esize - 1));
    __int128 v = acc >> esize;
    __int128 max = ((__int128)1 << (esize - 1)) - 1, min = -max - 1;
    if (v > max) {
        v = max;
        *qc = true;
    } else if (v < min) {
        v = min;
        *qc = true;
    }
    return (uint64_t)v & ((1ull << esize) - 1);
}

static int64_t selem(const Vreg *v, int i, int size)
{
    return size == 1 ? (int64_t)(int16_t)v->h[i] : (int64_t)(int32_t)v->s[i];
}

static bool sqrdml(CPUArchState *env, uint64_t desc, bool sub)
{
    int size = SD_SIZE(desc);
    bool scalar = SD_SCALAR(desc), q = SD_Q(desc);
    unsigned imm = SD_IMM(desc);
    int index = (imm & SXI_INDEXED) ? (int)(imm & 15) : -1;
    if (size != 1 && size != 2) {
        return false;
    }
    const Vreg *n = &env->vregs[SD_RN(desc)], *m = &env->vregs[SD_RM(desc)];
    Vreg r = env->vregs[SD_RD(desc)];
    int esize = 8 << size;
    int ne = scalar ? 1 : (q ? 16 : 8) >> size;
    bool qc = false;
    for (int i = 0; i < ne; i++) {
        uint64_t v = rdml(esize, selem(&r, i, size), selem(n, i, size),
                          selem(m, index >= 0 ? index : i, size), sub, &qc);
        if (size == 1) {
            r.h[i] = (uint16_t)v;
        } else {
            r.s[i] = (uint32_t)v;
        }
    }
    store_result(env, SD_RD(desc), &r, scalar ? (unsigned)esize / 8 : q ? 16 : 8);
    if (qc) {
        env->fpsr |= FPSR_QC;
    }
    return true;
}

bool simd_x(CPUArchState *env, uint64_t desc)
{
    int op = SD_OPC(desc);
    bool q = SD_Q(desc);
    unsigned imm = SD_IMM(desc);
    int index = (imm & SXI_INDEXED) ? (int)(imm & 15) : -1;

    if (op >= SX_FIRST_FP) {
        return simd_x_fp(env, desc);
    }
    const Vreg *n = &env->vregs[SD_RN(desc)], *m = &env->vregs[SD_RM(desc)];
    Vreg r = env->vregs[SD_RD(desc)];
    switch (op) {
    case SX_SDOT:
    case SX_UDOT:
    case SX_USDOT:
    case SX_SUDOT:
        dot_product(n, m, &r, q ? 4 : 2, index, op == SX_SDOT || op == SX_SUDOT,
                    op == SX_SDOT || op == SX_USDOT);
        store_result(env, SD_RD(desc), &r, q ? 16 : 8);
        return true;
    case SX_SMMLA:
    case SX_UMMLA:
    case SX_USMMLA:
        matmul(n, m, &r, op == SX_SMMLA, op != SX_UMMLA);
        store_result(env, SD_RD(desc), &r, 16);
        return true;
    case SX_SQRDMLAH:
    case SX_SQRDMLSH:
        return sqrdml(env, desc, op == SX_SQRDMLSH);
    default:
        return false;
    }
}

void helper_simd_x(CPUArchState *env, uint64_t desc)
{
    simd_x(env, desc);
}
