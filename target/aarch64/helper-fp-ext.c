/*
 * helper-fp-ext.c - floating-point semantics of the Armv8.3-8.6 additions (helper-ext.h),
 * following the Arm ARM pseudocode:
 *   - FCMLA/FCADD (FEAT_FCMA): complex multiply-accumulate and add with rotation, built from
 *     FPMulAdd/FPAdd with negated operands (FPNeg flips the sign, also of a NaN);
 *   - FRINT32Z/X, FRINT64Z/X (FEAT_FRINTTS): FPRoundIntN, where a NaN, an infinity or a value
 *     outside the 32/64-bit integer range gives the most negative integer (IOC only);
 *   - FJCVTZS (FEAT_JSCVT): FPToFixedJS, round toward zero modulo 2^32, Z = exact and in range;
 *   - BFloat16 (FEAT_BF16 without FEAT_EBF16): BFDOT/BFMMLA use BFMulH/BFAdd, which flush
 *     denormal inputs and tiny results to zero, return the default NaN for any NaN, round to
 *     odd and raise no exceptions; BFMLALB/T are FPMulAdd on the widened halves; BFCVT and
 *     BFCVTN round single to BFloat16 in the FPCR mode with the usual exceptions.
 * Example: bfdot of (1.0, 1.0) . (1.0, 2^-30) into 0.0 gives 0x3f800001 (round to odd),
 * where IEEE round-to-nearest would give 1.0.
 */
#include <string.h>

#include "target/aarch64/helper-ext.h"

static inline uint64_t esz_sign(int esz)
{
    return 1ull << ((8 << esz) - 1);
}

static uint64_t vget(const Vreg *v, int i, int esz)
{
    return esz == 1 ? v->h[i] : esz == 2 ? v->s[i] : v->d[i];
}
static void vset(Vreg *v, int i, int esz, uint64_t x)
{
    if (esz == 1) {
        v->h[i] = (uint16_t)x;
    } else if (esz == 2) {
        v->s[i] = (uint32_t)x;
    } else {
        v->d[i] = x;
    }
}

static void write_result(CPUArchState *env, int rd, Vreg *r, unsigned bytes, FpCtx *c)
{
    if (bytes < 16) {
        memset(r->b + bytes, 0, 16 - bytes);
    }
    env->vregs[rd] = *r;
    fp_ctx_finish(env, c);
}

/* ---- FCMLA / FCADD ---- */

static void fcmla(FpCtx *c, int esz, int ne, const Vreg *n, const Vreg *m, Vreg *r, int index,
                  int rot)
{
    uint64_t sgn = esz_sign(esz);
    for (int e = 0; e < ne / 2; e++) {
        int p = index >= 0 ? index : e; /* the Vm pair */
        uint64_t m_re = vget(m, 2 * p, esz), m_im = vget(m, 2 * p + 1, esz);
        uint64_t e1, e2, e3;
        switch (rot) {
        case 0:
            e1 = m_re, e3 = m_im, e2 = vget(n, 2 * e, esz);
            break;
        case 1:
            e1 = m_im ^ sgn, e3 = m_re, e2 = vget(n, 2 * e + 1, esz);
            break;
        case 2:
            e1 = m_re ^ sgn, e3 = m_im ^ sgn, e2 = vget(n, 2 * e, esz);
            break;
        default:
            e1 = m_im, e3 = m_re ^ sgn, e2 = vget(n, 2 * e + 1, esz);
            break;
        }
        uint64_t re = fp_muladd(c, esz, vget(r, 2 * e, esz), e2, e1, false, false);
        uint64_t im = fp_muladd(c, esz, vget(r, 2 * e + 1, esz), e2, e3, false, false);
        vset(r, 2 * e, esz, re);
        vset(r, 2 * e + 1, esz, im);
    }
}

static void fcadd(FpCtx *c, int esz, int ne, const Vreg *n, const Vreg *m, Vreg *r, int rot)
{
    uint64_t sgn = esz_sign(esz);
    for (int e = 0; e < ne / 2; e++) {
        uint64_t m_re = vget(m, 2 * e, esz), m_im = vget(m, 2 * e + 1, esz);
        uint64_t e1 = rot ? m_im : m_im ^ sgn;
        uint64_t e3 = rot ? m_re ^ sgn : m_re;
        uint64_t re = fp_binop(c, FPOP_ADD, esz, vget(n, 2 * e, esz), e1);
        uint64_t im = fp_binop(c, FPOP_ADD, esz, vget(n, 2 * e + 1, esz), e3);
        vset(r, 2 * e, esz, re);
        vset(r, 2 * e + 1, esz, im);
    }
}

/* ---- FRINT32/FRINT64 ---- */

static uint64_t frint_n(FpCtx *c, int esz, uint64_t a, int bits, bool use_fpcr)
{
    uint64_t sgn = esz_sign(esz);
    /* -2^(bits-1): exponent field bias + bits - 1, fraction zero */
    uint64_t most_neg =
        esz == 3 ? sgn | (uint64_t)(1023 + bits - 1) << 52 : sgn | (uint64_t)(127 + bits - 1) << 23;
    FpCtx t = *c;
    t.flags = 0;
    uint64_t v = fp_to_int(&t, esz, a, use_fpcr ? FPR_FPCR : FPR_Z, false, bits, 0);
    if (t.flags & FPSR_IOC) {
        c->flags |= FPSR_IOC | (t.flags & FPSR_IDC);
        return most_neg;
    }
    c->flags |= t.flags;
    if (v == 0) {
        return a & sgn; /* a zero result keeps the operand's sign */
    }
    return int_to_fp(&t, esz, v, true, bits, 0); /* exact */
}

/* ---- FJCVTZS ---- */

uint64_t fp_jscvt(FpCtx *c, uint64_t d)
{
    uint64_t frac = d & ((1ull << 52) - 1);
    int exp = (int)((d >> 52) & 0x7ff);
    bool sign = d >> 63;

    if (exp == 0 && frac != 0 && (c->fpcr & FPCR_FZ)) {
        c->flags |= FPSR_IDC;
        return 0; /* flushed to a zero, but the operand's fraction was not zero: Z = 0 */
    }
    if (exp == 0x7ff) {
        c->flags |= FPSR_IOC; /* NaN or infinity */
        return 0;
    }
    if (exp == 0 && frac == 0) {
        return sign ? 0 : 1ull << 32; /* -0.0 gives Z = 0 */
    }
    uint64_t mant = exp ? frac | 1ull << 52 : frac;
    int e = (exp ? exp : 1) - 1075; /* value = mant * 2^e */
    uint64_t low32, mag_hi;         /* the integer part mod 2^32, and whether it is >= 2^32 */
    bool inexact = false;
    unsigned __int128 mag;
    if (e >= 0) {
        mag = e >= 64 ? (unsigned __int128)1 << 64 : (unsigned __int128)mant << e;
        low32 = e >= 32 ? 0 : (uint32_t)(mant << e);
    } else {
        int sh = -e;
        uint64_t ip = sh >= 64 ? 0 : mant >> sh;
        inexact = sh >= 64 ? mant != 0 : (mant & ((1ull << sh) - 1)) != 0;
        mag = ip;
        low32 = (uint32_t)ip;
    }
    mag_hi = mag > ((unsigned __int128)1 << 31) || (!sign && mag == ((unsigned __int128)1 << 31));
    uint32_t result = sign ? (uint32_t)(0u - (uint32_t)low32) : (uint32_t)low32;
    if (mag_hi) {
        c->flags |= FPSR_IOC;
        return result;
    }
    if (inexact) {
        c->flags |= FPSR_IXC;
        return result;
    }
    return result | 1ull << 32;
}

uint64_t helper_fjcvtzs(CPUArchState *env, uint64_t rn)
{
    FpCtx c = fp_ctx_begin(env);
    uint64_t r = fp_jscvt(&c, env->vregs[rn].d[0]);
    fp_ctx_finish(env, &c);
    return r;
}

/* ---- BFloat16 ---- */

#define BF_DEFAULT_NAN 0x7fc00000u

/* BFRound(): the exact value x + err (err: the rounding error of x, 0 if x is exact) to
 * single precision, round to odd, tiny results flushed to zero, overflow to infinity. */
static uint32_t bf_round(double x, double err)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    if (err != 0) {
        if ((err < 0) != (x < 0)) {
            bits -= 1; /* the exact magnitude is below |x|: truncate toward zero */
        }
        bits |= 1;
    }
    uint32_t sign = (uint32_t)(bits >> 63) << 31;
    int exp = (int)((bits >> 52) & 0x7ff) - 1023;
    uint64_t mant = bits & ((1ull << 52) - 1);
    if (exp < -126) {
        return sign;
    }
    if (exp > 127) {
        return sign | 0x7f800000u;
    }
    uint32_t m23 = (uint32_t)(mant >> 29) | ((mant & ((1ull << 29) - 1)) != 0);
    return sign | (uint32_t)(exp + 127) << 23 | m23;
}

enum { BF_ZERO, BF_NORMAL, BF_INF, BF_NAN };

/* BFUnpack() of a single-precision pattern (BFloat16 values are widened by << 16) */
static int bf_unpack(uint32_t a, double *v)
{
    int exp = (int)((a >> 23) & 0xff);
    uint32_t frac = a & 0x7fffff;
    double s = (a >> 31) ? -1.0 : 1.0;
    if (exp == 0) {
        *v = 0.0 * s;
        return BF_ZERO;
    }
    if (exp == 0xff) {
        *v = s;
        return frac ? BF_NAN : BF_INF;
    }
    uint64_t d =
        (uint64_t)(a >> 31) << 63 | (uint64_t)(exp - 127 + 1023) << 52 | (uint64_t)frac << 29;
    memcpy(v, &d, sizeof d);
    return BF_NORMAL;
}

/* BFMulH(): product of two BFloat16 values as a single-precision value */
static uint32_t bf_mul(uint16_t a, uint16_t b)
{
    double x, y;
    int ta = bf_unpack((uint32_t)a << 16, &x), tb = bf_unpack((uint32_t)b << 16, &y);
    uint32_t sign = ((uint32_t)(a ^ b) & 0x8000u) << 16;
    if (ta == BF_NAN || tb == BF_NAN) {
        return BF_DEFAULT_NAN;
    }
    if ((ta == BF_INF && tb == BF_ZERO) || (ta == BF_ZERO && tb == BF_INF)) {
        return BF_DEFAULT_NAN;
    }
    if (ta == BF_INF || tb == BF_INF) {
        return sign | 0x7f800000u;
    }
    if (ta == BF_ZERO || tb == BF_ZERO) {
        return sign;
    }
    return bf_round(x * y, 0.0); /* 8-bit by 8-bit significands: exact in double */
}

/* BFAdd() of two single-precision values */
static uint32_t bf_add(uint32_t a, uint32_t b)
{
    double x, y;
    int ta = bf_unpack(a, &x), tb = bf_unpack(b, &y);
    if (ta == BF_NAN || tb == BF_NAN) {
        return BF_DEFAULT_NAN;
    }
    if (ta == BF_INF && tb == BF_INF && (a >> 31) != (b >> 31)) {
        return BF_DEFAULT_NAN;
    }
    if (ta == BF_INF || tb == BF_INF) {
        return (ta == BF_INF ? a : b) & 0xff800000u;
    }
    if (ta == BF_ZERO && tb == BF_ZERO && (a >> 31) == (b >> 31)) {
        return a & 0x80000000u;
    }
    /* TwoSum: s + err == x + y exactly */
    double s = x + y;
    double bb = s - x;
    double err = (x - (s - bb)) + (y - bb);
    if (s == 0.0 && err == 0.0) {
        return 0; /* an exact zero sum is +0 */
    }
    return bf_round(s, err);
}

/* BFDotAdd(): addend + a1*b1 + a2*b2 */
static uint32_t bf_dot_add(uint32_t addend, uint16_t a1, uint16_t a2, uint16_t b1, uint16_t b2)
{
    return bf_add(addend, bf_add(bf_mul(a1, b1), bf_mul(a2, b2)));
}

/* FPConvertBF(): single to BFloat16 with FPCR's rounding mode, FZ, DN and exceptions */
static uint16_t bf_convert(FpCtx *c, uint32_t a)
{
    uint32_t exp = (a >> 23) & 0xff, frac = a & 0x7fffff;
    if (exp == 0 && frac && (c->fpcr & FPCR_FZ)) {
        c->flags |= FPSR_IDC;
        a &= 0x80000000u;
        frac = 0;
    }
    if (exp == 0xff && frac) {
        if (!(a & 0x400000u)) {
            c->flags |= FPSR_IOC;
        }
        return (c->fpcr & FPCR_DN) ? 0x7fc0 : (uint16_t)((a | 0x400000u) >> 16);
    }
    if ((a & 0x7fffffff) == 0 || exp == 0xff) {
        return (uint16_t)(a >> 16);
    }
    uint32_t sign = a >> 31, hi = (a & 0x7fffffff) >> 16, lo = a & 0xffff;
    bool up;
    switch ((c->fpcr >> FPCR_RMODE_SHIFT) & 3) {
    case FPR_N:
        up = lo > 0x8000 || (lo == 0x8000 && (hi & 1));
        break;
    case FPR_P:
        up = lo && !sign;
        break;
    case FPR_M:
        up = lo && sign;
        break;
    default:
        up = false;
        break;
    }
    if (lo) {
        c->flags |= FPSR_IXC;
        if (exp == 0) {
            c->flags |= FPSR_UFC; /* tiny before rounding and inexact */
        }
    }
    hi += up;
    if (hi >= 0x7f80) {
        c->flags |= FPSR_OFC;
    }
    return (uint16_t)(sign << 15 | hi);
}

/* ---- entry point ---- */

bool simd_x_fp(CPUArchState *env, uint64_t desc)
{
    int op = SD_OPC(desc), size = SD_SIZE(desc), rd = SD_RD(desc);
    bool q = SD_Q(desc), scalar = SD_SCALAR(desc);
    unsigned imm = SD_IMM(desc);
    int index = (imm & SXI_INDEXED) ? (int)(imm & 15) : -1;
    const Vreg n = env->vregs[SD_RN(desc)], m = env->vregs[SD_RM(desc)];
    Vreg r = env->vregs[rd];
    FpCtx c = fp_ctx_begin(env);
    unsigned bytes = q ? 16 : 8;

    switch (op) {
    case SX_FCMLA:
    case SX_FCADD:
        /* half precision (size 1, the translator checks FEAT_FP16); 2 x double needs Q */
        if (size < 1 || (size == 3 && !q)) {
            return false;
        }
        if (op == SX_FCMLA) {
            fcmla(&c, size, (int)bytes >> size, &n, &m, &r, index, (int)SXI_GET_ROT(imm));
        } else {
            fcadd(&c, size, (int)bytes >> size, &n, &m, &r, (int)SXI_GET_ROT(imm));
        }
        break;
    case SX_FRINT32Z:
    case SX_FRINT32X:
    case SX_FRINT64Z:
    case SX_FRINT64X: {
        int esz = size; /* 2 or 3 */
        if (!scalar && esz == 3 && !q) {
            return false;
        }
        int ne = scalar ? 1 : (int)bytes >> esz;
        int bits = op >= SX_FRINT64Z ? 64 : 32;
        bool x = op == SX_FRINT32X || op == SX_FRINT64X;
        for (int i = 0; i < ne; i++) {
            vset(&r, i, esz, frint_n(&c, esz, vget(&n, i, esz), bits, x));
        }
        if (scalar) {
            bytes = 1u << esz;
        }
        break;
    }
    case SX_BFDOT:
        for (int i = 0; i < (q ? 4 : 2); i++) {
            int j = index >= 0 ? index : i;
            r.s[i] = bf_dot_add(r.s[i], n.h[2 * i], n.h[2 * i + 1], m.h[2 * j], m.h[2 * j + 1]);
        }
        break;
    case SX_BFMMLA:
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                uint32_t sum = r.s[2 * i + j];
                for (int k = 0; k < 2; k++) {
                    sum = bf_dot_add(sum, n.h[4 * i + 2 * k], n.h[4 * i + 2 * k + 1],
                                     m.h[4 * j + 2 * k], m.h[4 * j + 2 * k + 1]);
                }
                r.s[2 * i + j] = sum;
            }
        }
        bytes = 16;
        break;
    case SX_BFMLALB:
    case SX_BFMLALT: {
        int sel = op == SX_BFMLALT;
        for (int i = 0; i < 4; i++) {
            uint64_t a = (uint64_t)n.h[2 * i + sel] << 16;
            uint64_t b = (uint64_t)m.h[index >= 0 ? index : 2 * i + sel] << 16;
            r.s[i] = (uint32_t)fp_muladd(&c, 2, r.s[i], a, b, false, false);
        }
        bytes = 16;
        break;
    }
    case SX_BFCVTN:
        if (scalar) {
            memset(&r, 0, sizeof r);
            r.h[0] = bf_convert(&c, n.s[0]);
            bytes = 2;
            break;
        }
        for (int i = 0; i < 4; i++) {
            r.h[(q ? 4 : 0) + i] = bf_convert(&c, n.s[i]);
        }
        break;
    default:
        return false;
    }
    write_result(env, rd, &r, bytes, &c);
    return true;
}
