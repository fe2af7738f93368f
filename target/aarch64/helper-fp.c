/*
 * helper-fp.c - A64 scalar floating-point semantics on top of host float/double.
 *
 * Values travel as raw IEEE bit patterns of element size esz (1 = half, 2 = single,
 * 3 = double).  The A64-specific parts are done here in C: NaN selection and quietening
 * (Arm ARM FPProcessNaNs: first signalling NaN, else first quiet NaN, or the default NaN
 * when FPCR.DN is set), min/max with signed zeros, FPCR.FZ flushing, saturating integer
 * conversions.  The arithmetic itself runs on the host with the rounding mode of
 * FPCR.RMode installed by fesetround() and the host exception flags collected into the
 * FPSR cumulative bits.
 * Example: fp_binop(&c, FPOP_ADD, 3, 0x3ff0000000000000, 0x7ff4000000000000) returns
 * 0x7ffc000000000000 (the signalling NaN operand, quietened) and sets FPSR_IOC in c.flags.
 */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "target/aarch64/helper-vec.h"
#include "tcg/ir.h"

/* Keep the compiler from moving FP arithmetic across fesetround()/fetestexcept(). */
#define FP_BARRIER(x) __asm__ volatile("" : "+m"(x))

static const int mant_bits[4] = {0, 10, 23, 52};
static const int exp_bits[4] = {0, 5, 8, 11};

static inline uint64_t sign_mask(int esz)
{
    return 1ull << ((8 << esz) - 1);
}
static inline uint64_t frac_mask(int esz)
{
    return (1ull << mant_bits[esz]) - 1;
}
static inline uint64_t expo_mask(int esz)
{
    return ((1ull << exp_bits[esz]) - 1) << mant_bits[esz];
}
static inline bool is_nan(int esz, uint64_t a)
{
    return (a & expo_mask(esz)) == expo_mask(esz) && (a & frac_mask(esz)) != 0;
}
static inline uint64_t quiet_bit(int esz)
{
    return 1ull << (mant_bits[esz] - 1);
}
static inline bool is_snan(int esz, uint64_t a)
{
    return is_nan(esz, a) && !(a & quiet_bit(esz));
}
static inline bool is_inf(int esz, uint64_t a)
{
    return (a & ~sign_mask(esz)) == expo_mask(esz);
}
static inline bool is_zero(int esz, uint64_t a)
{
    return (a & ~sign_mask(esz)) == 0;
}
static inline bool is_denormal(int esz, uint64_t a)
{
    return (a & expo_mask(esz)) == 0 && (a & frac_mask(esz)) != 0;
}
static inline uint64_t default_nan(int esz)
{
    return expo_mask(esz) | quiet_bit(esz);
}

/* FPCR.FZ: denormal inputs become signed zeros (IDC).  Half precision uses FZ16 instead,
 * and flushing a half input raises nothing (Arm ARM FPUnpackBase). */
static uint64_t flush_in(FpCtx *c, int esz, uint64_t a)
{
    if (esz == 1) {
        return (c->fpcr & FPCR_FZ16) && is_denormal(1, a) ? a & sign_mask(1) : a;
    }
    if ((c->fpcr & FPCR_FZ) && esz >= 2 && is_denormal(esz, a)) {
        c->flags |= FPSR_IDC;
        return a & sign_mask(esz);
    }
    return a;
}

/* The result when any operand is a NaN (up to three operands, priority order). */
static uint64_t process_nans(FpCtx *c, int esz, int n, const uint64_t *ops)
{
    uint64_t r = 0;
    bool found = false;
    for (int i = 0; i < n && !found; i++) {
        if (is_snan(esz, ops[i])) {
            r = ops[i];
            found = true;
        }
    }
    if (found) {
        c->flags |= FPSR_IOC;
    } else {
        for (int i = 0; i < n && !found; i++) {
            if (is_nan(esz, ops[i])) {
                r = ops[i];
                found = true;
            }
        }
    }
    if (c->fpcr & FPCR_DN) {
        return default_nan(esz);
    }
    return r | quiet_bit(esz);
}

static inline float bits_to_f(uint64_t a)
{
    uint32_t v = (uint32_t)a;
    float f;
    memcpy(&f, &v, 4);
    return f;
}
static inline uint64_t f_to_bits(float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    return v;
}
static inline double bits_to_d(uint64_t a)
{
    double d;
    memcpy(&d, &a, 8);
    return d;
}
static inline uint64_t d_to_bits(double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    return v;
}

/* Exact half -> double for non-NaN values. */
static double half_to_double(uint64_t h)
{
    int sign = (h >> 15) & 1;
    int e = (h >> 10) & 31;
    int m = h & 0x3ff;
    double v;
    if (e == 31) {
        v = INFINITY;
    } else if (e == 0) {
        v = ldexp(m, -24);
    } else {
        v = ldexp(m | 0x400, e - 25);
    }
    return sign ? -v : v;
}

/* Non-NaN value of a (after flushing) as a double; exact. */
static double to_double(int esz, uint64_t a)
{
    if (esz == 3) {
        return bits_to_d(a);
    }
    if (esz == 2) {
        return bits_to_f(a);
    }
    return half_to_double(a);
}

static int host_mode(int m)
{
    switch (m) {
    case FPR_P:
        return FE_UPWARD;
    case FPR_M:
        return FE_DOWNWARD;
    case FPR_Z:
        return FE_TOWARDZERO;
    default:
        return FE_TONEAREST;
    }
}

static inline int fpcr_rmode(const FpCtx *c)
{
    return (c->fpcr >> FPCR_RMODE_SHIFT) & 3;
}

/* The host's exception flags, cleared and read directly: glibc's feclearexcept() saves
 * and reloads the whole x87 environment, which cost more than the arithmetic it
 * surrounds.  The arithmetic here is SSE (MXCSR); libm's fma() is too where the host has
 * FMA3, and otherwise computes in x87, whose status word is then looked at as well.
 * The low six bits of both have the FE_* layout. */
#if defined(__x86_64__)
#include <cpuid.h>

static int check_x87 = -1;

static bool host_needs_x87_flags(void)
{
    if (check_x87 < 0) {
        unsigned a, b, c, d;
        check_x87 = !(__get_cpuid(1, &a, &b, &c, &d) && (c & bit_FMA));
    }
    return check_x87;
}

static inline void host_flags_clear(void)
{
    (void)host_fp_flags_take(); /* MXCSR (tcg/host-fp.h) */
    if (host_needs_x87_flags()) {
        __asm__ volatile("fnclex");
    }
}

static inline int host_flags_test(void)
{
    uint32_t csr = host_mxcsr();
    uint16_t sw = 0;
    if (host_needs_x87_flags()) {
        __asm__ volatile("fnstsw %0" : "=a"(sw));
    }
    return (int)((csr | sw) & FE_ALL_EXCEPT);
}
#else
static inline void host_flags_clear(void)
{
    feclearexcept(FE_ALL_EXCEPT);
}

static inline int host_flags_test(void)
{
    return fetestexcept(FE_ALL_EXCEPT);
}
#endif

static void host_begin(FpCtx *c, int m)
{
    c->op_flags = 0;
    host_flags_clear();
    if (m != FPR_N) {
        fesetround(host_mode(m));
    }
}

static void host_end(FpCtx *c, int m)
{
    int e = host_flags_test();
    uint32_t f = 0;
    if (m != FPR_N) {
        fesetround(FE_TONEAREST);
    }
    if (e & FE_INVALID) {
        f |= FPSR_IOC;
    }
    if (e & FE_DIVBYZERO) {
        f |= FPSR_DZC;
    }
    if (e & FE_OVERFLOW) {
        f |= FPSR_OFC;
    }
    if (e & FE_UNDERFLOW) {
        f |= FPSR_UFC;
    }
    if (e & FE_INEXACT) {
        f |= FPSR_IXC;
    }
    c->op_flags |= f;
    c->flags |= f;
}

/* A freshly computed result: NaN -> default NaN (inputs were not NaN); FZ flushing. */
static uint64_t finish_result(FpCtx *c, int esz, uint64_t r, uint32_t flags_before)
{
    if (is_nan(esz, r)) {
        return default_nan(esz);
    }
    /* Underflow (the host's, tiny after rounding and inexact, plus check_tiny's for
     * results Arm finds tiny before rounding) flushes too, even a result that rounded
     * up to the smallest normal. */
    bool host_uf = c->op_flags & FPSR_UFC;
    if ((c->fpcr & FPCR_FZ) && esz >= 2 && (is_denormal(esz, r) || host_uf)) {
        c->flags = flags_before | (c->op_flags & ~FPSR_IXC) | FPSR_UFC;
        return r & sign_mask(esz);
    }
    return r;
}

static double arith_d(int op, double x, double y)
{
    switch (op) {
    case FPOP_ADD:
        return x + y;
    case FPOP_SUB:
        return x - y;
    case FPOP_MUL:
    case FPOP_MULX:
        return x * y;
    case FPOP_DIV:
        return x / y;
    case FPOP_RECPS:
        return fma(x, y, 2.0); /* x already negated */
    case FPOP_RSQRTS:
        /* (3 + x*y) / 2 with one rounding: halve an operand exactly instead */
        if (fabs(x) >= 0x1p-1021) {
            return fma(x * 0.5, y, 1.5);
        }
        if (fabs(y) >= 0x1p-1021) {
            return fma(x, y * 0.5, 1.5);
        }
        return fma(x, y, 3.0) * 0.5;
    default:
        return 0;
    }
}

static float arith_f(int op, float x, float y)
{
    switch (op) {
    case FPOP_ADD:
        return x + y;
    case FPOP_SUB:
        return x - y;
    case FPOP_MUL:
    case FPOP_MULX:
        return x * y;
    case FPOP_DIV:
        return x / y;
    case FPOP_RECPS:
        return fmaf(x, y, 2.0f);
    case FPOP_RSQRTS:
        if (fabsf(x) >= 0x1p-125f) {
            return fmaf(x * 0.5f, y, 1.5f);
        }
        if (fabsf(y) >= 0x1p-125f) {
            return fmaf(x, y * 0.5f, 1.5f);
        }
        return fmaf(x, y, 3.0f) * 0.5f;
    default:
        return 0;
    }
}

/* Host arithmetic on raw operands in the current host rounding mode: kind 0 is the
 * binary operation op of a and b, kind 1 the fused n*m + a. */
static uint64_t host_compute(int kind, int op, int esz, uint64_t a, uint64_t b, uint64_t n,
                             uint64_t m)
{
    if (esz == 3) {
        double x = bits_to_d(kind ? n : a), y = bits_to_d(kind ? m : b), z = bits_to_d(a);
        FP_BARRIER(x);
        FP_BARRIER(y);
        FP_BARRIER(z);
        double d = kind ? fma(x, y, z) : arith_d(op, x, y);
        FP_BARRIER(d);
        return d_to_bits(d);
    }
    float x = bits_to_f(kind ? n : a), y = bits_to_f(kind ? m : b), z = bits_to_f(a);
    FP_BARRIER(x);
    FP_BARRIER(y);
    FP_BARRIER(z);
    float f = kind ? fmaf(x, y, z) : arith_f(op, x, y);
    FP_BARRIER(f);
    return f_to_bits(f);
}

/* Arm detects tininess before rounding, x86 after: a result that rounded up to the
 * smallest normal may still have been tiny.  The exact value is below 2^emin exactly
 * when the round-towards-zero result is, so recompute in that mode. */
static void check_tiny(FpCtx *c, int esz, uint64_t r, uint32_t before, int kind, int op, uint64_t a,
                       uint64_t b, uint64_t n, uint64_t m)
{
    uint64_t min_normal = 1ull << mant_bits[esz];
    (void)before;
    if ((r & ~sign_mask(esz)) != min_normal || !(c->op_flags & FPSR_IXC)) {
        return;
    }
    fesetround(FE_TOWARDZERO);
    uint64_t rz = host_compute(kind, op, esz, a, b, n, m);
    fesetround(FE_TONEAREST);
    if ((rz & ~sign_mask(esz)) < min_normal) {
        c->flags |= FPSR_UFC;
        c->op_flags |= FPSR_UFC;
    }
}

static uint64_t double_to_half(FpCtx *c, uint64_t a, int m, bool ahp);

/* v must be exact in the format. */
static uint64_t fp_const(int esz, double v)
{
    FpCtx none = {0, 0, 0, 0};
    if (esz == 1) {
        return double_to_half(&none, d_to_bits(v), FPR_N, false);
    }
    return esz == 3 ? d_to_bits(v) : f_to_bits((float)v);
}

/* FPRound to half precision of a double that holds the exact value or its round-to-odd
 * approximation: FPCR.FZ16 flushes a value below 2^-14 to zero with only UFC, otherwise
 * double_to_half rounds once in the FPCR mode. */
static uint64_t half_round(FpCtx *c, double d)
{
    if ((c->fpcr & FPCR_FZ16) && d != 0 && fabs(d) < 0x1p-14) {
        c->flags |= FPSR_UFC;
        return signbit(d) ? sign_mask(1) : 0;
    }
    return double_to_half(c, d_to_bits(d), fpcr_rmode(c), false);
}

/* Half-precision arithmetic (kind 0: op of a and b, 1: fused n*m + a, 2: sqrt a) on
 * non-NaN operands.  The operands widen exactly to double; the operation runs there
 * rounded to odd (round towards zero, then set the last bit if inexact), and half_round
 * rounds that once to half.  Rounding to odd with 53 >= 11 + 2 bits and then to 11 bits
 * in any mode gives the correctly rounded result of the exact value (Boldo and Melquiond,
 * "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to odd",
 * IEEE TC 2008), which makes the fused multiply-add exact as well; half operands keep
 * every double intermediate normal and finite.  Only an exact zero's sign depends on the
 * mode (x - x is -0 when rounding down), so such results are recomputed in that mode. */
static uint64_t half_compute(FpCtx *c, int kind, int op, uint64_t a, uint64_t b, uint64_t n,
                             uint64_t m)
{
    double x = half_to_double(kind == 1 ? n : a), y = half_to_double(kind == 1 ? m : b);
    double z = half_to_double(a), d;
    int mode = FE_TOWARDZERO;
    for (;;) {
        host_flags_clear();
        fesetround(mode);
        FP_BARRIER(x);
        FP_BARRIER(y);
        FP_BARRIER(z);
        d = kind == 1 ? fma(x, y, z) : kind == 2 ? sqrt(x) : arith_d(op, x, y);
        FP_BARRIER(d);
        fesetround(FE_TONEAREST);
        if (d != 0 || mode != FE_TOWARDZERO || fpcr_rmode(c) != FPR_M) {
            break;
        }
        mode = FE_DOWNWARD;
    }
    int e = host_flags_test();
    if (e & FE_INVALID) {
        c->flags |= FPSR_IOC;
        return default_nan(1);
    }
    if (e & FE_DIVBYZERO) {
        c->flags |= FPSR_DZC;
    }
    if (e & FE_INEXACT) {
        d = bits_to_d(d_to_bits(d) | 1);
    }
    return half_round(c, d);
}

/* An integer (fixed-point with fbits) to half: the value rounded to odd in 53 bits is
 * exact in a double, and half_round rounds it once. */
static uint64_t half_from_int(FpCtx *c, uint64_t v, bool is_signed, int fbits)
{
    bool neg = is_signed && (int64_t)v < 0;
    uint64_t u = neg ? -v : v;
    int sh = 0;
    while ((u >> sh) >> 53) {
        sh++;
    }
    uint64_t q = (u >> sh) | (sh && (u & ((1ull << sh) - 1)) ? 1 : 0);
    double d = ldexp((double)q, sh - fbits);
    return half_round(c, neg ? -d : d);
}

static uint64_t minmax(int esz, int op, uint64_t a, uint64_t b)
{
    double x = to_double(esz, a), y = to_double(esz, b);
    bool is_max = op == FPOP_MAX || op == FPOP_MAXNM;
    if (x == 0 && y == 0) {
        return is_max ? (a & b) : (a | b);
    }
    if (is_max) {
        return x > y ? a : b;
    }
    return x < y ? a : b;
}

static uint64_t compare_mask(FpCtx *c, int esz, int op, uint64_t a, uint64_t b)
{
    uint64_t ones = esz == 3 ? ~0ull : (1ull << (8 << esz)) - 1;
    if (is_nan(esz, a) || is_nan(esz, b)) {
        if (op != FPOP_CMEQ || is_snan(esz, a) || is_snan(esz, b)) {
            c->flags |= FPSR_IOC;
        }
        return 0;
    }
    double x = to_double(esz, a), y = to_double(esz, b);
    if (op == FPOP_ACGE || op == FPOP_ACGT) {
        x = fabs(x);
        y = fabs(y);
    }
    bool r;
    switch (op) {
    case FPOP_CMEQ:
        r = x == y;
        break;
    case FPOP_CMGE:
    case FPOP_ACGE:
        r = x >= y;
        break;
    default:
        r = x > y;
        break;
    }
    return r ? ones : 0;
}

static uint64_t fp_binop_core(FpCtx *c, int op, int esz, uint64_t a, uint64_t b);

/* ---- the fast path: host arithmetic without touching the host flags ----
 * IXC is sticky, so once the FPSR has it, an inexact result changes nothing.  With
 * round-to-nearest, single or double precision, every input zero or normal and a normal
 * result, no other exception can have occurred (no NaN, infinity or division by zero
 * in, no overflow or underflow out), and FZ/DN/tininess rules do not apply: the host's
 * IEEE result is Arm's.  Anything else takes the exact path (QEMU calls this
 * "hardfloat"). */
static inline bool zero_or_normal(int esz, uint64_t v)
{
    uint64_t e = v & expo_mask(esz);
    return e ? e != expo_mask(esz) : (v & frac_mask(esz)) == 0;
}

static inline bool fast_path_ok(const FpCtx *c, int esz)
{
    return esz >= 2 && ((c->fpsr_in | c->flags) & FPSR_IXC) &&
           ((c->fpcr >> FPCR_RMODE_SHIFT) & 3) == FPR_N;
}

/* A fast result is usable if normal, or a zero that no rounding produced (x - x).  The
 * smallest normal is not: it may have been tiny before rounding (Arm's tininess rule,
 * see check_tiny). */
static inline bool fast_result_ok(int esz, uint64_t r, bool exact_zero_possible)
{
    uint64_t e = r & expo_mask(esz);
    if (e == 0) {
        return exact_zero_possible && (r & frac_mask(esz)) == 0;
    }
    return e != expo_mask(esz) && (r & ~sign_mask(esz)) != 1ull << mant_bits[esz];
}

static bool fast_binop(const FpCtx *c, int op, int esz, uint64_t a, uint64_t b, uint64_t *out)
{
    if (op > FPOP_DIV || !fast_path_ok(c, esz) || !zero_or_normal(esz, a) ||
        !zero_or_normal(esz, b) || (op == FPOP_DIV && (b & ~sign_mask(esz)) == 0)) {
        return false;
    }
    uint64_t r = host_compute(0, op, esz, a, b, 0, 0);
    if (!fast_result_ok(esz, r, op == FPOP_ADD || op == FPOP_SUB)) {
        return false;
    }
    *out = r;
    return true;
}

/* FNMUL and FABD are FPNeg(FPMul()) and FPAbs(FPSub()): the sign change applies to NaN
 * results too. */
uint64_t fp_binop(FpCtx *c, int op, int esz, uint64_t a, uint64_t b)
{
    if (op == FPOP_NMUL) {
        return fp_binop_core(c, FPOP_MUL, esz, a, b) ^ sign_mask(esz);
    }
    if (op == FPOP_ABD) {
        return fp_binop_core(c, FPOP_SUB, esz, a, b) & ~sign_mask(esz);
    }
    return fp_binop_core(c, op, esz, a, b);
}

static uint64_t fp_binop_core(FpCtx *c, int op, int esz, uint64_t a, uint64_t b)
{
    a = flush_in(c, esz, a);
    b = flush_in(c, esz, b);
    if (op >= FPOP_CMEQ) {
        return compare_mask(c, esz, op, a, b);
    }
    if (op == FPOP_RECPS || op == FPOP_RSQRTS) {
        a ^= sign_mask(esz); /* the Arm pseudocode negates op1 before the NaN checks */
    }
    if (is_nan(esz, a) || is_nan(esz, b)) {
        if (op == FPOP_MAXNM || op == FPOP_MINNM) {
            bool qa = is_nan(esz, a) && !is_snan(esz, a);
            bool qb = is_nan(esz, b) && !is_snan(esz, b);
            if (qa && !is_nan(esz, b)) {
                return b;
            }
            if (qb && !is_nan(esz, a)) {
                return a;
            }
        }
        uint64_t ops[2] = {a, b};
        return process_nans(c, esz, 2, ops);
    }
    switch (op) {
    case FPOP_MAX:
    case FPOP_MIN:
    case FPOP_MAXNM:
    case FPOP_MINNM:
        return minmax(esz, op, a, b);
    case FPOP_MULX:
        if ((is_inf(esz, a) && is_zero(esz, b)) || (is_zero(esz, a) && is_inf(esz, b))) {
            return fp_const(esz, 2.0) | ((a ^ b) & sign_mask(esz));
        }
        break;
    case FPOP_RECPS:
    case FPOP_RSQRTS:
        if ((is_inf(esz, a) && is_zero(esz, b)) || (is_zero(esz, a) && is_inf(esz, b))) {
            return fp_const(esz, op == FPOP_RECPS ? 2.0 : 1.5);
        }
        if (is_inf(esz, a) || is_inf(esz, b)) {
            return expo_mask(esz) | ((a ^ b) & sign_mask(esz));
        }
        break;
    default:
        break;
    }
    uint64_t r;
    if (esz == 1) {
        return half_compute(c, 0, op, a, b, 0, 0);
    }
    if (fast_binop(c, op, esz, a, b, &r)) {
        return r;
    }
    uint32_t before = c->flags;
    int m = fpcr_rmode(c);
    host_begin(c, m);
    r = host_compute(0, op, esz, a, b, 0, 0);
    host_end(c, m);
    check_tiny(c, esz, r, before, 0, op, a, b, 0, 0);
    return finish_result(c, esz, r, before);
}

/* Round to an integral value in mode m (FPR_*) without touching the flags. */
static double round_int_d(double x, int m)
{
    switch (m) {
    case FPR_P:
        return ceil(x);
    case FPR_M:
        return floor(x);
    case FPR_Z:
        return trunc(x);
    case FPR_A:
        return round(x);
    default: {
        /* ties-to-even */
        double t = trunc(x);
        double diff = fabs(x - t);
        if (diff > 0.5 || (diff == 0.5 && fmod(t, 2.0) != 0)) {
            t += copysign(1.0, x);
        }
        return copysign(t, x);
    }
    }
}

/* Arm ARM RecipEstimate(): a in [256, 511] is 0.5 <= x < 1 in steps of 1/512; the
 * result in [256, 511] is 1/x in steps of 1/256. */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* Arm ARM RecipSqrtEstimate(): a in [128, 511] is 0.25 <= x < 1 in steps of 1/512. */
static unsigned rsqrt_estimate(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    unsigned b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

uint32_t unsigned_recip_estimate(uint32_t a)
{
    if (!(a >> 31)) {
        return 0xffffffffu;
    }
    return recip_estimate(a >> 23) << 23;
}

uint32_t unsigned_rsqrt_estimate(uint32_t a)
{
    if (!(a >> 30)) {
        return 0xffffffffu;
    }
    return rsqrt_estimate(a >> 23) << 23;
}

/* The operand's fraction widened to 52 bits and its biased exponent. */
static void widen_fraction(int esz, uint64_t a, uint64_t *frac, int64_t *exp)
{
    *frac = (a & frac_mask(esz)) << (52 - mant_bits[esz]);
    *exp = (int64_t)((a & expo_mask(esz)) >> mant_bits[esz]);
}

static uint64_t recip_estimate_fp(FpCtx *c, int esz, uint64_t a)
{
    uint64_t sign = a & sign_mask(esz);
    int ebits = exp_bits[esz];
    int64_t bias = (1 << (ebits - 1)) - 1;
    if (is_inf(esz, a)) {
        return sign;
    }
    if (is_zero(esz, a)) {
        c->flags |= FPSR_DZC;
        return sign | expo_mask(esz);
    }
    uint64_t frac;
    int64_t exp;
    widen_fraction(esz, a, &frac, &exp);
    /* |value| < 2^-(bias+1): the reciprocal overflows */
    if (exp == 0 && !(frac >> 51) && !((frac >> 50) & 1)) {
        int m = fpcr_rmode(c);
        bool to_inf = m == FPR_N || (m == FPR_P && !sign) || (m == FPR_M && sign);
        c->flags |= FPSR_OFC | FPSR_IXC;
        return sign | (to_inf ? expo_mask(esz) : expo_mask(esz) - 1);
    }
    if ((c->fpcr & (esz >= 2 ? FPCR_FZ : FPCR_FZ16)) && exp >= 2 * bias - 1) {
        c->flags |= FPSR_UFC;
        return sign;
    }
    if (exp == 0) {
        if (!(frac >> 51)) {
            exp = -1;
            frac = (frac << 2) & ((1ull << 52) - 1);
        } else {
            frac = (frac << 1) & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = (unsigned)(256 | (frac >> 44));
    int64_t result_exp = 2 * bias + 1 - 2 - exp; /* 253 - exp (single), 2045 - exp (double) */
    uint64_t est = recip_estimate(scaled);
    frac = (est & 0xff) << 44;
    if (result_exp == 0) {
        frac = (1ull << 51) | (frac >> 1);
    } else if (result_exp == -1) {
        frac = (1ull << 50) | (frac >> 2);
        result_exp = 0;
    }
    return sign | (uint64_t)result_exp << mant_bits[esz] | frac >> (52 - mant_bits[esz]);
}

static uint64_t rsqrt_estimate_fp(FpCtx *c, int esz, uint64_t a)
{
    uint64_t sign = a & sign_mask(esz);
    if (is_zero(esz, a)) {
        c->flags |= FPSR_DZC;
        return sign | expo_mask(esz);
    }
    if (sign) {
        c->flags |= FPSR_IOC;
        return default_nan(esz);
    }
    if (is_inf(esz, a)) {
        return 0;
    }
    uint64_t frac;
    int64_t exp;
    widen_fraction(esz, a, &frac, &exp);
    if (exp == 0) {
        while (!(frac >> 51)) {
            frac = (frac << 1) & ((1ull << 52) - 1);
            exp--;
        }
        frac = (frac << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled;
    if (!(exp & 1)) {
        scaled = (unsigned)(256 | (frac >> 44));
    } else {
        scaled = (unsigned)(128 | (frac >> 45));
    }
    int64_t k = esz == 3 ? 3068 : esz == 2 ? 380 : 44;
    int64_t result_exp = (k - exp) / 2;
    uint64_t est = rsqrt_estimate(scaled);
    return (uint64_t)result_exp << mant_bits[esz] | (est & 0xff) << (mant_bits[esz] - 8);
}

uint64_t fp_unop(FpCtx *c, int op, int esz, uint64_t a)
{
    if (op == FPU_ABS) {
        return a & ~sign_mask(esz);
    }
    if (op == FPU_NEG) {
        return a ^ sign_mask(esz);
    }
    a = flush_in(c, esz, a);
    if (is_nan(esz, a)) {
        return process_nans(c, esz, 1, &a);
    }
    if (op == FPU_SQRT) {
        if (is_zero(esz, a)) {
            return a;
        }
        if (a & sign_mask(esz)) {
            c->flags |= FPSR_IOC;
            return default_nan(esz);
        }
        if (esz == 1) {
            return half_compute(c, 2, 0, a, 0, 0, 0);
        }
        uint32_t before = c->flags;
        int m = fpcr_rmode(c);
        uint64_t r;
        host_begin(c, m);
        if (esz == 3) {
            double x = bits_to_d(a);
            FP_BARRIER(x);
            double d = sqrt(x);
            FP_BARRIER(d);
            r = d_to_bits(d);
        } else {
            float x = bits_to_f(a);
            FP_BARRIER(x);
            float f = sqrtf(x);
            FP_BARRIER(f);
            r = f_to_bits(f);
        }
        host_end(c, m);
        return finish_result(c, esz, r, before);
    }
    if (op == FPU_RECPE) {
        return recip_estimate_fp(c, esz, a);
    }
    if (op == FPU_RSQRTE) {
        return rsqrt_estimate_fp(c, esz, a);
    }
    if (op == FPU_RECPX) {
        uint64_t e = a & expo_mask(esz);
        e = e == 0 ? expo_mask(esz) - (1ull << mant_bits[esz]) : ~e & expo_mask(esz);
        return (a & sign_mask(esz)) | e;
    }
    /* FRINT* */
    if (is_inf(esz, a) || is_zero(esz, a)) {
        return a;
    }
    int m;
    switch (op) {
    case FPU_RINT_X:
    case FPU_RINT_I:
        m = fpcr_rmode(c);
        break;
    default:
        m = op - FPU_RINT_N;
        break;
    }
    double x = to_double(esz, a);
    double r = round_int_d(x, m);
    if (op == FPU_RINT_X && r != x) {
        c->flags |= FPSR_IXC;
    }
    return esz == 3 ? d_to_bits(r) : esz == 2 ? f_to_bits((float)r) : fp_const(1, r);
}

uint64_t fp_muladd(FpCtx *c, int esz, uint64_t a, uint64_t n, uint64_t m, bool neg_add,
                   bool neg_prod)
{
    a = flush_in(c, esz, a);
    n = flush_in(c, esz, n);
    m = flush_in(c, esz, m);
    if (neg_add) {
        a ^= sign_mask(esz);
    }
    if (neg_prod) {
        n ^= sign_mask(esz);
    }
    bool inf_zero = (is_inf(esz, n) && is_zero(esz, m)) || (is_zero(esz, n) && is_inf(esz, m));
    if (is_nan(esz, a) || is_nan(esz, n) || is_nan(esz, m)) {
        uint64_t ops[3] = {a, n, m};
        uint64_t r = process_nans(c, esz, 3, ops);
        if (is_nan(esz, a) && !is_snan(esz, a) && inf_zero) {
            c->flags |= FPSR_IOC;
            return default_nan(esz);
        }
        return r;
    }
    uint64_t r;
    if (esz == 1) {
        return half_compute(c, 1, 0, a, 0, n, m);
    }
    if (fast_path_ok(c, esz) && zero_or_normal(esz, a) && zero_or_normal(esz, n) &&
        zero_or_normal(esz, m)) {
        r = host_compute(1, 0, esz, a, 0, n, m);
        /* a zero result can be exact only from an exact product cancelling the addend */
        if (fast_result_ok(esz, r, false)) {
            return r;
        }
    }
    uint32_t before = c->flags;
    int mode = fpcr_rmode(c);
    host_begin(c, mode);
    r = host_compute(1, 0, esz, a, 0, n, m);
    host_end(c, mode);
    check_tiny(c, esz, r, before, 1, 0, a, 0, n, m);
    return finish_result(c, esz, r, before);
}

uint32_t fp_compare(FpCtx *c, int esz, uint64_t a, uint64_t b, bool signal_qnan)
{
    a = flush_in(c, esz, a);
    b = flush_in(c, esz, b);
    if (is_nan(esz, a) || is_nan(esz, b)) {
        if (signal_qnan || is_snan(esz, a) || is_snan(esz, b)) {
            c->flags |= FPSR_IOC;
        }
        return 0x3u << 28;
    }
    double x = to_double(esz, a), y = to_double(esz, b);
    if (x == y) {
        return 0x6u << 28;
    }
    if (x < y) {
        return 0x8u << 28;
    }
    return 0x2u << 28;
}

uint64_t fp_to_int(FpCtx *c, int esz, uint64_t a, int rmode, bool is_unsigned, int bits, int fbits)
{
    a = flush_in(c, esz, a);
    if (is_nan(esz, a)) {
        c->flags |= FPSR_IOC;
        return 0;
    }
    if (rmode == FPR_FPCR) {
        rmode = fpcr_rmode(c);
    }
    double x = ldexp(to_double(esz, a), fbits);
    double r = round_int_d(x, rmode);
    uint64_t res;
    bool sat = false;
    if (is_unsigned) {
        double lim = ldexp(1.0, bits);
        if (r < 0) {
            res = 0;
            sat = true;
        } else if (r >= lim) {
            res = bits == 64 ? ~0ull : (1ull << bits) - 1;
            sat = true;
        } else {
            res = (uint64_t)r;
        }
    } else {
        double lim = ldexp(1.0, bits - 1);
        if (r >= lim) {
            res = (1ull << (bits - 1)) - 1;
            sat = true;
        } else if (r < -lim) {
            res = 1ull << (bits - 1);
            res = bits == 64 ? res : (uint64_t)(-(int64_t)res);
            sat = true;
        } else {
            res = (uint64_t)(int64_t)r;
        }
        if (bits < 64) {
            res &= (1ull << bits) - 1;
        }
    }
    if (sat) {
        c->flags |= FPSR_IOC;
    } else if (r != x) {
        c->flags |= FPSR_IXC;
    }
    return res;
}

/* Round a double to half precision in rounding mode m; a holds the double's bits.
 * ahp selects FPCR.AHP's alternative format (FPRoundBase): exponent 31 is a normal
 * exponent, and overflow gives the largest magnitude with Invalid Operation, not Inexact.
 * The caller handles infinities and NaNs in that case. */
static uint64_t double_to_half(FpCtx *c, uint64_t a, int m, bool ahp)
{
    uint64_t sign = (a >> 63) & 1;
    int e = (int)((a >> 52) & 0x7ff);
    uint64_t mant = a & ((1ull << 52) - 1);
    if (e == 0x7ff) {
        return sign << 15 | 0x7c00;
    }
    if (e == 0 && mant == 0) {
        return sign << 15;
    }
    /* value = sig * 2^exp2 with sig having its top bit at 52 (normalise denormals) */
    uint64_t sig;
    int exp2;
    if (e == 0) {
        sig = mant;
        exp2 = -1074;
        while (!(sig >> 52)) {
            sig <<= 1;
            exp2--;
        }
    } else {
        sig = mant | (1ull << 52);
        exp2 = e - 1075;
    }
    int e_norm = exp2 + 52; /* floor(log2(value)) */
    int E = e_norm - 10;    /* the half's ulp exponent */
    if (E < -24) {
        E = -24;
    }
    int shift = E - exp2;
    uint64_t q, rem, half;
    if (shift >= 64) {
        q = 0;
        rem = 1; /* nonzero, below half */
        half = 2;
    } else if (shift <= 0) {
        q = sig << -shift;
        rem = 0;
        half = 1;
    } else {
        q = sig >> shift;
        rem = sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    }
    bool inexact = rem != 0;
    bool up = false;
    switch (m) {
    case FPR_N:
        up = rem > half || (rem == half && (q & 1));
        break;
    case FPR_P:
        up = inexact && !sign;
        break;
    case FPR_M:
        up = inexact && sign;
        break;
    default:
        break;
    }
    q += up;
    uint64_t bits = ((uint64_t)(E + 24) << 10) + q;
    if (ahp && bits >= 0x8000) {
        c->flags |= FPSR_IOC;
        return sign << 15 | 0x7fff;
    }
    if (!ahp && bits >= 0x7c00) {
        c->flags |= FPSR_OFC | FPSR_IXC;
        bool to_inf = m == FPR_N || (m == FPR_P && !sign) || (m == FPR_M && sign);
        return sign << 15 | (to_inf ? 0x7c00 : 0x7bff);
    }
    if (inexact) {
        c->flags |= FPSR_IXC;
        if (e_norm < -14) {
            c->flags |= FPSR_UFC;
        }
    }
    return sign << 15 | bits;
}

uint64_t int_to_fp(FpCtx *c, int esz, uint64_t v, bool is_signed, int bits, int fbits)
{
    if (bits < 64) {
        uint64_t mask = (1ull << bits) - 1;
        bool neg = is_signed && ((v >> (bits - 1)) & 1);
        v = neg ? v | ~mask : v & mask;
    }
    if (esz == 1) {
        return half_from_int(c, v, is_signed, fbits);
    }
    int m = fpcr_rmode(c);
    uint64_t r;
    host_begin(c, m);
    if (esz == 3) {
        double d;
        if (is_signed) {
            int64_t sv = (int64_t)v;
            FP_BARRIER(sv);
            d = (double)sv;
        } else {
            FP_BARRIER(v);
            d = (double)v;
        }
        FP_BARRIER(d);
        r = d_to_bits(ldexp(d, -fbits));
    } else {
        float f;
        if (is_signed) {
            int64_t sv = (int64_t)v;
            FP_BARRIER(sv);
            f = (float)sv;
        } else {
            FP_BARRIER(v);
            f = (float)v;
        }
        FP_BARRIER(f);
        r = f_to_bits(ldexpf(f, -fbits));
    }
    host_end(c, m);
    return r;
}

uint64_t fp_convert(FpCtx *c, int from_esz, int to_esz, uint64_t a)
{
    bool ahp = (c->fpcr & FPCR_AHP) != 0;
    /* FPUnpackCV: a half source is never flushed (FZ16 does not apply to FCVT) */
    a = from_esz == 1 ? a : flush_in(c, from_esz, a);
    if (ahp && from_esz == 1) {
        /* FPCR.AHP source: no infinities or NaNs, exponent 31 is a normal exponent
         * (Arm ARM FPUnpackBase); the widening is exact. */
        int e = (int)((a >> 10) & 31);
        int m = (int)(a & 0x3ff);
        double v = e == 0 ? ldexp(m, -24) : ldexp(m | 0x400, e - 25);
        if (a & 0x8000) {
            v = -v;
        }
        return to_esz == 3 ? d_to_bits(v) : f_to_bits((float)v);
    }
    if (ahp && to_esz == 1 && (is_nan(from_esz, a) || is_inf(from_esz, a))) {
        /* FPConvert to AHP: NaN -> zero of its sign, infinity -> largest magnitude,
         * both Invalid Operation. */
        uint64_t sign = (a & sign_mask(from_esz)) ? 0x8000 : 0;
        c->flags |= FPSR_IOC;
        return is_nan(from_esz, a) ? sign : (sign | 0x7fff);
    }
    if (is_nan(from_esz, a)) {
        if (is_snan(from_esz, a)) {
            c->flags |= FPSR_IOC;
        }
        if (c->fpcr & FPCR_DN) {
            return default_nan(to_esz);
        }
        /* keep the sign and the top payload bits, quietened */
        uint64_t sign = (a & sign_mask(from_esz)) ? sign_mask(to_esz) : 0;
        uint64_t payload = a & frac_mask(from_esz);
        int shift = mant_bits[to_esz] - mant_bits[from_esz];
        payload = shift >= 0 ? payload << shift : payload >> -shift;
        return sign | expo_mask(to_esz) | quiet_bit(to_esz) | (payload & frac_mask(to_esz));
    }
    if (to_esz == 1) {
        uint64_t d = d_to_bits(to_double(from_esz, a));
        return double_to_half(c, d, fpcr_rmode(c), ahp);
    }
    double x = to_double(from_esz, a);
    if (to_esz == 3) {
        return d_to_bits(x);
    }
    uint32_t before = c->flags;
    int m = fpcr_rmode(c);
    host_begin(c, m);
    FP_BARRIER(x);
    float f = (float)x;
    FP_BARRIER(f);
    host_end(c, m);
    /* Arm detects tininess before rounding, the host after: a value below 2^-126 that
     * rounded up to it underflowed (the exact value is the double x) */
    if ((f_to_bits(f) & 0x7fffffffu) == 0x00800000u && fabs(x) < 0x1p-126 &&
        (c->op_flags & FPSR_IXC)) {
        c->flags |= FPSR_UFC;
        c->op_flags |= FPSR_UFC;
    }
    return finish_result(c, 2, f_to_bits(f), before);
}

/* ---- helpers called from translated code (scalar FP, see translate-fp.c) ---- */

static inline uint64_t vreg_lo(CPUArchState *env, int reg, int esz)
{
    uint64_t v = env->vregs[reg].d[0];
    return esz == 3 ? v : v & ((1ull << (8 << esz)) - 1);
}

static inline void vreg_set_scalar(CPUArchState *env, int reg, uint64_t v)
{
    env->vregs[reg].d[0] = v;
    env->vregs[reg].d[1] = 0;
}

/* op: 0 FMUL 1 FDIV 2 FADD 3 FSUB 4 FMAX 5 FMIN 6 FMAXNM 7 FMINNM 8 FNMUL */
void helper_fp_2src(CPUArchState *env, uint64_t desc)
{
    static const int ops[9] = {FPOP_MUL, FPOP_DIV,   FPOP_ADD,   FPOP_SUB, FPOP_MAX,
                               FPOP_MIN, FPOP_MAXNM, FPOP_MINNM, FPOP_NMUL};
    int esz = FPD_ESZ(desc);
    FpCtx c = fp_ctx_begin(env);
    uint64_t r = fp_binop(&c, ops[FPD_OP(desc)], esz, vreg_lo(env, FPD_RN(desc), esz),
                          vreg_lo(env, FPD_RM(desc), esz));
    vreg_set_scalar(env, FPD_RD(desc), r);
    fp_ctx_finish(env, &c);
}

/* helper_fop's operations other than the families (fused multiply-add, min/max, round to
 * integral) */
static uint64_t fop_single(FpCtx *c, IrFpOp fop, int esz, uint64_t a, uint64_t b)
{
    static const int binop[IR_FOP_NMUL + 1] = {[IR_FOP_ADD] = FPOP_ADD,
                                               [IR_FOP_SUB] = FPOP_SUB,
                                               [IR_FOP_MUL] = FPOP_MUL,
                                               [IR_FOP_DIV] = FPOP_DIV,
                                               [IR_FOP_NMUL] = FPOP_NMUL};
    switch (fop) {
    case IR_FOP_ADD:
    case IR_FOP_SUB:
    case IR_FOP_MUL:
    case IR_FOP_DIV:
    case IR_FOP_NMUL:
        return fp_binop(c, binop[fop], esz, a, b);
    case IR_FOP_SQRT:
        return fp_unop(c, FPU_SQRT, esz, a);
    case IR_FOP_CMP:
    case IR_FOP_CMPE:
        return fp_compare(c, esz, a, b, fop == IR_FOP_CMPE);
    case IR_FOP_SCVTF:
    case IR_FOP_UCVTF:
        return int_to_fp(c, esz, a, fop == IR_FOP_SCVTF, 64, 0);
    case IR_FOP_FCVTZS32:
    case IR_FOP_FCVTNS32:
        return fp_to_int(c, esz, a, fop == IR_FOP_FCVTZS32 ? FPR_Z : FPR_N, false, 32, 0) &
               0xffffffffu;
    case IR_FOP_FCVTZS64:
    case IR_FOP_FCVTNS64:
        return fp_to_int(c, esz, a, fop == IR_FOP_FCVTZS64 ? FPR_Z : FPR_N, false, 64, 0);
    case IR_FOP_CVT:
        return fp_convert(c, esz, esz == 3 ? 2 : 3, a);
    default:
        return 0;
    }
}

/* IR_FOP's exact definition (tcg/ir.h): what native code calls when the host's result
 * is not Arm's, and what the interpreter runs. */
uint64_t helper_fop(void *env_ptr, uint64_t a, uint64_t b, uint64_t c, uint32_t desc)
{
    CPUArchState *env = env_ptr;
    unsigned fop = desc & 0xff;
    int esz = (int)(desc >> 8) & 7;
    if (esz == 2) { /* FP operands are the low 32 bits (integers for SCVTF/UCVTF) */
        a = fop == IR_FOP_SCVTF || fop == IR_FOP_UCVTF ? a : (uint32_t)a;
        b = (uint32_t)b;
        c = (uint32_t)c;
    }
    FpCtx ctx = fp_ctx_begin(env);
    uint64_t r;
    if (ir_fop_is_fma(fop)) {
        unsigned k = fop - IR_FOP_FMA; /* bit0: negate the product, bit1: c */
        r = fp_muladd(&ctx, esz, c, a, b, k & 2, k & 1);
    } else if (ir_fop_is_minmax(fop)) {
        static const int op[4] = {FPOP_MAX, FPOP_MIN, FPOP_MAXNM, FPOP_MINNM};
        r = fp_binop(&ctx, op[fop - IR_FOP_MAX], esz, a, b);
    } else if (ir_fop_is_rint(fop)) {
        static const int op[6] = {FPU_RINT_N, FPU_RINT_P, FPU_RINT_M,
                                  FPU_RINT_Z, FPU_RINT_X, FPU_RINT_I};
        r = fp_unop(&ctx, op[fop - IR_FOP_RINT_N], esz, a);
    } else {
        r = fop_single(&ctx, (IrFpOp)fop, esz, a, b);
    }
    fp_ctx_finish(env, &ctx);
    return r;
}

/* op: FPU_* for arithmetic, or 0x10 | to_esz for FCVT */
void helper_fp_1src(CPUArchState *env, uint64_t desc)
{
    int esz = FPD_ESZ(desc);
    int op = FPD_OP(desc);
    FpCtx c = fp_ctx_begin(env);
    uint64_t a = vreg_lo(env, FPD_RN(desc), esz);
    uint64_t r;
    if (op & 0x10) {
        r = fp_convert(&c, esz, op & 7, a);
    } else {
        r = fp_unop(&c, op, esz, a);
    }
    vreg_set_scalar(env, FPD_RD(desc), r);
    fp_ctx_finish(env, &c);
}

/* op: bit0 = o0 (negate product), bit1 = o1 (negate addend): FMADD/FMSUB/FNMADD/FNMSUB */
void helper_fp_3src(CPUArchState *env, uint64_t desc)
{
    int esz = FPD_ESZ(desc);
    int op = FPD_OP(desc);
    FpCtx c = fp_ctx_begin(env);
    /* FMADD: a + n*m; FMSUB: a - n*m; FNMADD: -a - n*m; FNMSUB: -a + n*m */
    bool o1 = op & 2, o0 = op & 1;
    bool neg_prod = o0 != o1;
    uint64_t r =
        fp_muladd(&c, esz, vreg_lo(env, FPD_RA(desc), esz), vreg_lo(env, FPD_RN(desc), esz),
                  vreg_lo(env, FPD_RM(desc), esz), o1, neg_prod);
    vreg_set_scalar(env, FPD_RD(desc), r);
    fp_ctx_finish(env, &c);
}

/* op bit0: FCMPE (signal on quiet NaN); op bit1: compare with +0.0 */
uint64_t helper_fp_cmp(CPUArchState *env, uint64_t desc)
{
    int esz = FPD_ESZ(desc);
    int op = FPD_OP(desc);
    FpCtx c = fp_ctx_begin(env);
    uint64_t b = (op & 2) ? 0 : vreg_lo(env, FPD_RM(desc), esz);
    uint32_t nzcv = fp_compare(&c, esz, vreg_lo(env, FPD_RN(desc), esz), b, op & 1);
    fp_ctx_finish(env, &c);
    return nzcv;
}

uint64_t helper_fp_ccmp(CPUArchState *env, uint64_t desc, uint64_t cond)
{
    if (!cond) {
        return (uint64_t)FPD_EXTRA(desc) << 28;
    }
    return helper_fp_cmp(env, desc);
}

uint64_t helper_fp_to_int(CPUArchState *env, uint64_t desc)
{
    int esz = FPD_ESZ(desc);
    int op = FPD_OP(desc);
    unsigned extra = FPD_EXTRA(desc);
    FpCtx c = fp_ctx_begin(env);
    uint64_t r = fp_to_int(&c, esz, vreg_lo(env, FPD_RN(desc), esz), op & 7, op & 8, extra & 0xff,
                           extra >> 8);
    fp_ctx_finish(env, &c);
    return r;
}

void helper_int_to_fp(CPUArchState *env, uint64_t desc, uint64_t val)
{
    int esz = FPD_ESZ(desc);
    unsigned extra = FPD_EXTRA(desc);
    FpCtx c = fp_ctx_begin(env);
    uint64_t r = int_to_fp(&c, esz, val, FPD_OP(desc) & 1, extra & 0xff, extra >> 8);
    vreg_set_scalar(env, FPD_RD(desc), r);
    fp_ctx_finish(env, &c);
}
