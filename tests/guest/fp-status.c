/*
 * fp-status.c - scalar floating-point results and FPSR's cumulative exception flags as the
 * Arm ARM defines them, wherever the emulator computes them (the native backend does
 * single and double arithmetic inline on the host's SSE unit, with exact slow paths):
 *   - IXC/DZC/OFC/UFC/IOC after FADD/FSUB/FMUL/FDIV/FNMUL/FSQRT/FMADD family, and not after
 *     exact operations; MSR FPSR clears them;
 *   - tininess detected before rounding (a product that rounds up to the smallest normal
 *     still raises UFC), which x86 detects after rounding;
 *   - Arm's NaN rules: signalling NaN operands quietened with IOC, the first NaN operand's
 *     payload, the positive default NaN for invalid operations, FPCR.DN, FNMUL negating
 *     a NaN result;
 *   - the flags survive a system call, a helper-computed instruction (FMAXNM), and reach
 *     a SIGSEGV handler's signal frame when raised just before the fault;
 *   - FCMP/FCMPE: NZCV for each outcome, IOC only for signalling NaNs (FCMP) or any NaN
 *     (FCMPE); SCVTF/UCVTF/FCVTZS/FCVTNS/FCVT results and flags (saturation raises IOC
 *     alone); FMAX/FMIN(NM) with signed zeros and NaNs; FRINT* in each mode;
 *   - FADD/FSUB/FMUL/FDIV/FMLA/FMLS on vectors of singles and doubles, and FMLA/FMLS/FMUL
 *     by element: results per lane,
 *     the 64-bit forms' zeroed upper half, and the flags of all lanes together;
 *   - the same code under different FPCR modes (round up, flush to zero): translations
 *     depend on FPCR, so they must not be shared between modes.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include <asm/sigcontext.h>

#include "check.h"

#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define ALL_FLAGS 0x9fu

/* bit patterns of FP values and back */
#define BITCAST(NAME, TO, FROM)                                                                    \
    static TO NAME(FROM x)                                                                         \
    {                                                                                              \
        TO r;                                                                                      \
        memcpy(&r, &x, sizeof r);                                                                  \
        return r;                                                                                  \
    }
BITCAST(d2u, uint64_t, double)
BITCAST(u2d, double, uint64_t)
BITCAST(f2u, uint32_t, float)
BITCAST(u2f, float, uint32_t)

static void fpsr_clear(void)
{
    asm volatile("msr fpsr, xzr" ::: "memory");
}
static uint32_t fpsr_get(void)
{
    uint64_t v;
    asm volatile("mrs %0, fpsr" : "=r"(v)::"memory");
    return (uint32_t)v;
}
static void fpcr_set(uint64_t v)
{
    asm volatile("msr fpcr, %0" ::"r"(v) : "memory");
}

/* Each operation in its own non-inlined function, so the same translated code runs under
 * every FPCR setting below.  T: double or float, R: its register prefix (d or s). */
#define OP1(NAME, T, R, INSN)                                                                      \
    __attribute__((noinline)) static T NAME(T a)                                                   \
    {                                                                                              \
        T r;                                                                                       \
        asm volatile(INSN " %" R "0, %" R "1" : "=w"(r) : "w"(a));                                 \
        return r;                                                                                  \
    }
#define OP2(NAME, T, R, INSN)                                                                      \
    __attribute__((noinline)) static T NAME(T a, T b)                                              \
    {                                                                                              \
        T r;                                                                                       \
        asm volatile(INSN " %" R "0, %" R "1, %" R "2" : "=w"(r) : "w"(a), "w"(b));                \
        return r;                                                                                  \
    }
/* FMADD: a + n*m; FMSUB: a - n*m; FNMADD: -a - n*m; FNMSUB: -a + n*m */
#define OP3(NAME, T, R, INSN)                                                                      \
    __attribute__((noinline)) static T NAME(T n, T m, T a)                                         \
    {                                                                                              \
        T r;                                                                                       \
        asm volatile(INSN " %" R "0, %" R "1, %" R "2, %" R "3"                                    \
                     : "=w"(r)                                                                     \
                     : "w"(n), "w"(m), "w"(a));                                                    \
        return r;                                                                                  \
    }
OP2(op_add, double, "d", "fadd")
OP2(op_sub, double, "d", "fsub")
OP2(op_mul, double, "d", "fmul")
OP2(op_div, double, "d", "fdiv")
OP2(op_nmul, double, "d", "fnmul")
OP1(op_sqrt, double, "d", "fsqrt")
OP3(op_fmadd, double, "d", "fmadd")
OP3(op_fmsub, double, "d", "fmsub")
OP3(op_fnmadd, double, "d", "fnmadd")
OP3(op_fnmsub, double, "d", "fnmsub")
OP2(op_adds, float, "s", "fadd")
OP2(op_muls, float, "s", "fmul")
OP3(op_fmadds, float, "s", "fmadd")
OP2(op_fmax, double, "d", "fmax")
OP2(op_fmin, double, "d", "fmin")
OP2(op_fmaxnm, double, "d", "fmaxnm")
OP2(op_fminnm, double, "d", "fminnm")
OP1(op_frintn, double, "d", "frintn")
OP1(op_frintp, double, "d", "frintp")
OP1(op_frintm, double, "d", "frintm")
OP1(op_frintz, double, "d", "frintz")
OP1(op_frintx, double, "d", "frintx")
OP1(op_frinti, double, "d", "frinti")
OP1(op_frintms, float, "s", "frintm")

/* result bits and the flags the operation raised (FPSR cleared before) */
#define RUN(expr, res_bits, flags)                                                                 \
    do {                                                                                           \
        fpsr_clear();                                                                              \
        res_bits = (expr);                                                                         \
        flags = fpsr_get() & ALL_FLAGS;                                                            \
    } while (0)

static void check_op(const char *what, uint64_t got, uint32_t got_flags, uint64_t want,
                     uint32_t want_flags)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s: result", what);
    CHECK_EQ(buf, want, got);
    snprintf(buf, sizeof buf, "%s: FPSR flags", what);
    CHECK_EQ(buf, want_flags, got_flags);
}

static void test_flags(void)
{
    uint64_t r;
    uint32_t f;
    RUN(d2u(op_add(1.0, 2.0)), r, f);
    check_op("1 + 2 (exact)", r, f, d2u(3.0), 0);
    RUN(d2u(op_div(1.0, 3.0)), r, f);
    check_op("1 / 3", r, f, 0x3fd5555555555555ull, IXC);
    RUN(d2u(op_add(1.0, 0x1p-60)), r, f);
    check_op("1 + 2^-60", r, f, d2u(1.0), IXC);
    RUN(d2u(op_div(1.0, 0.0)), r, f);
    check_op("1 / 0", r, f, 0x7ff0000000000000ull, DZC);
    RUN(d2u(op_div(-1.0, 0.0)), r, f);
    check_op("-1 / 0", r, f, 0xfff0000000000000ull, DZC);
    RUN(d2u(op_mul(0x1p1000, 0x1p1000)), r, f);
    check_op("2^1000 * 2^1000 (overflow)", r, f, 0x7ff0000000000000ull, OFC | IXC);
    RUN(d2u(op_mul(0x1p-1000, 0x1.8p-70)), r, f);
    check_op("2^-1000 * 1.5*2^-70 (exact subnormal)", r, f, 0x18, 0);
    RUN(d2u(op_mul(0x1p-1000, 0x1.0000000000001p-70)), r, f);
    check_op("inexact subnormal product", r, f, 0x10, UFC | IXC);
    RUN(d2u(op_sub(0x1p-1022, 0x1p-1023)), r, f);
    check_op("min normal - 2^-1023 (exact subnormal)", r, f, 0x0008000000000000ull, 0);
    RUN(d2u(op_sqrt(2.0)), r, f);
    check_op("sqrt 2", r, f, 0x3ff6a09e667f3bcdull, IXC);
    RUN(d2u(op_sqrt(4.0)), r, f);
    check_op("sqrt 4", r, f, d2u(2.0), 0);
    RUN(d2u(op_nmul(3.0, 0.1)), r, f);
    check_op("fnmul 3, 0.1", r, f, d2u(-(3.0 * 0.1)), IXC);
    RUN(d2u(op_nmul(2.0, -0.0)), r, f);
    check_op("fnmul 2, -0", r, f, d2u(0.0), 0);
    RUN(f2u(op_adds(1.0f, 0x1p-30f)), r, f);
    check_op("single 1 + 2^-30", r, f, f2u(1.0f), IXC);
    RUN(f2u(op_muls(0x1p100f, 0x1p100f)), r, f);
    check_op("single overflow", r, f, 0x7f800000u, OFC | IXC);

    /* fused: one rounding; (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60 exactly */
    RUN(d2u(op_fmadd(1.0 + 0x1p-30, 1.0 - 0x1p-30, -1.0)), r, f);
    check_op("fmadd single rounding", r, f, d2u(-0x1p-60), 0);
    RUN(d2u(op_fmsub(2.0, 3.0, 10.0)), r, f);
    check_op("fmsub 10 - 2*3", r, f, d2u(4.0), 0);
    RUN(d2u(op_fnmadd(2.0, 3.0, 10.0)), r, f);
    check_op("fnmadd -10 - 2*3", r, f, d2u(-16.0), 0);
    RUN(d2u(op_fnmsub(2.0, 3.0, 10.0)), r, f);
    check_op("fnmsub -10 + 2*3", r, f, d2u(-4.0), 0);
    RUN(d2u(op_fmadd(0.1, 3.0, 1.0)), r, f);
    check_op("fmadd 1 + 0.1*3", r, f, d2u(__builtin_fma(0.1, 3.0, 1.0)), IXC);
    RUN(f2u(op_fmadds(1.0f + 0x1p-12f, 1.0f - 0x1p-12f, -1.0f)), r, f);
    check_op("single fmadd single rounding", r, f, f2u(-0x1p-24f), 0);

    /* MSR FPSR overwrites flags raised just before */
    fpsr_clear();
    (void)op_div(1.0, 3.0);
    fpsr_clear();
    CHECK_EQ("msr fpsr, xzr clears pending flags", 0, fpsr_get() & ALL_FLAGS);
    /* flags accumulate */
    fpsr_clear();
    (void)op_div(1.0, 0.0);
    (void)op_div(1.0, 3.0);
    CHECK_EQ("flags accumulate", DZC | IXC, fpsr_get() & ALL_FLAGS);
}

/* Arm detects tininess before rounding: a result that rounds up to the smallest normal
 * was tiny, so UFC is raised (x86 would not). */
static void test_tininess(void)
{
    uint64_t r;
    uint32_t f;
    /* (1 - 2^-53) * 2^-1022 = 2^-1022 - 2^-1075: halfway, rounds (to even) to 2^-1022 */
    RUN(d2u(op_mul(0x1.fffffffffffffp-1, 0x1p-1022)), r, f);
    check_op("product rounding up to min normal", r, f, 0x0010000000000000ull, UFC | IXC);
    RUN(d2u(op_fmadd(0x1.fffffffffffffp-1, 0x1p-1022, 0.0)), r, f);
    check_op("fmadd rounding up to min normal", r, f, 0x0010000000000000ull, UFC | IXC);
    RUN(f2u(op_muls(0x1.fffffep-1f, 0x1p-126f)), r, f);
    check_op("single product rounding up to min normal", r, f, 0x00800000u, UFC | IXC);
    /* (1 - 2^-52)(1 + 2^-52) * 2^-1022 = (1 - 2^-104) * 2^-1022: rounded to 53 bits with an
     * unbounded exponent it is 2^-1022, so a host that detects tininess after rounding
     * (x86) sees no underflow; Arm does */
    RUN(d2u(op_mul(0x1.ffffffffffffep-1, 0x1.0000000000001p-1022)), r, f);
    check_op("product just below min normal", r, f, 0x0010000000000000ull, UFC | IXC);
    RUN(d2u(op_fmadd(0x1.ffffffffffffep-1, 0x1.0000000000001p-1022, 0.0)), r, f);
    check_op("fmadd just below min normal", r, f, 0x0010000000000000ull, UFC | IXC);
    RUN(f2u(op_muls(0x1.fffffcp-1f, 0x1.000002p-126f)), r, f);
    check_op("single product just below min normal", r, f, 0x00800000u, UFC | IXC);
    /* exactly the smallest normal: not tiny, no flags */
    RUN(d2u(op_mul(0x1p-511, 0x1p-511)), r, f);
    check_op("exact min normal", r, f, 0x0010000000000000ull, 0);
    RUN(d2u(op_nmul(0x1.fffffffffffffp-1, 0x1p-1022)), r, f);
    check_op("fnmul rounding up to min normal", r, f, 0x8010000000000000ull, UFC | IXC);
}

static void test_nans(void)
{
    uint64_t r;
    uint32_t f;
    const uint64_t snan = 0x7ff0000000000005ull, qnan = 0x7ff800000000000aull;
    const uint64_t qnan2 = 0xfff800000000000bull, dnan = 0x7ff8000000000000ull;
    RUN(d2u(op_add(u2d(snan), 1.0)), r, f);
    check_op("SNaN + 1", r, f, 0x7ff8000000000005ull, IOC);
    RUN(d2u(op_add(1.0, u2d(qnan))), r, f);
    check_op("1 + QNaN", r, f, qnan, 0);
    RUN(d2u(op_mul(u2d(qnan), u2d(qnan2))), r, f);
    check_op("QNaN * QNaN (first operand)", r, f, qnan, 0);
    RUN(d2u(op_mul(u2d(qnan2), u2d(snan))), r, f);
    check_op("QNaN * SNaN (the signalling one)", r, f, 0x7ff8000000000005ull, IOC);
    RUN(d2u(op_sub(__builtin_inf(), __builtin_inf())), r, f);
    check_op("inf - inf (default NaN, positive)", r, f, dnan, IOC);
    RUN(d2u(op_mul(0.0, __builtin_inf())), r, f);
    check_op("0 * inf", r, f, dnan, IOC);
    RUN(d2u(op_div(0.0, 0.0)), r, f);
    check_op("0 / 0", r, f, dnan, IOC);
    RUN(d2u(op_sqrt(-1.0)), r, f);
    check_op("sqrt -1", r, f, dnan, IOC);
    RUN(d2u(op_nmul(u2d(qnan), 1.0)), r, f);
    check_op("fnmul QNaN (sign of the NaN flipped)", r, f, qnan | 1ull << 63, 0);
    RUN(d2u(op_fmadd(0.0, __builtin_inf(), u2d(qnan))), r, f);
    check_op("fmadd 0 * inf + QNaN", r, f, dnan, IOC);
    RUN(d2u(op_fmadd(2.0, u2d(qnan2), u2d(qnan))), r, f);
    check_op("fmadd QNaN addend first", r, f, qnan, 0);
    RUN(f2u(op_adds(u2f(0x7f800001u), 1.0f)), r, f);
    check_op("single SNaN + 1", r, f, 0x7fc00001u, IOC);
    RUN(f2u(op_muls(0.0f, __builtin_inff())), r, f);
    check_op("single 0 * inf", r, f, 0x7fc00000u, IOC);
    /* FPCR.DN: every NaN result is the default NaN */
    fpcr_set(1u << 25);
    RUN(d2u(op_add(1.0, u2d(qnan))), r, f);
    fpcr_set(0);
    check_op("DN: 1 + QNaN", r, f, dnan, 0);
}

/* NZCV after a compare (bits 31:28, shifted down) */
#define CMP(NAME, INSN)                                                                            \
    __attribute__((noinline)) static uint64_t NAME(double a, double b)                             \
    {                                                                                              \
        uint64_t nzcv;                                                                             \
        asm volatile(INSN " %d1, %d2\n\tmrs %0, nzcv" : "=r"(nzcv) : "w"(a), "w"(b) : "cc");       \
        return nzcv >> 28;                                                                         \
    }
CMP(op_fcmp, "fcmp")
CMP(op_fcmpe, "fcmpe")
__attribute__((noinline)) static uint64_t op_fcmp0s(float a)
{
    uint64_t nzcv;
    asm volatile("fcmp %s1, #0.0\n\tmrs %0, nzcv" : "=r"(nzcv) : "w"(a) : "cc");
    return nzcv >> 28;
}
/* conversions: TO from FROM, destination and source operand prefixes D and S, operand
 * constraints IN_CONS and OUT_CONS (FP or general registers) */
#define CVT(NAME, TO, FROM, D, S, INSN, IN_CONS, OUT_CONS)                                         \
    __attribute__((noinline)) static TO NAME(FROM a)                                               \
    {                                                                                              \
        TO r;                                                                                      \
        asm volatile(INSN " %" D "0, %" S "1" : OUT_CONS(r) : IN_CONS(a));                         \
        return r;                                                                                  \
    }
#define W_(x) "=w"(x)
#define R_(x) "=r"(x)
#define IW_(x) "w"(x)
#define IR_(x) "r"(x)
CVT(op_scvtf, double, int64_t, "d", "x", "scvtf", IR_, W_)
CVT(op_ucvtf, double, uint64_t, "d", "x", "ucvtf", IR_, W_)
CVT(op_scvtf_ws, float, int32_t, "s", "w", "scvtf", IR_, W_)
CVT(op_fcvtzs_x, uint64_t, double, "x", "d", "fcvtzs", IW_, R_)
CVT(op_fcvtzs_w, uint64_t, double, "w", "d", "fcvtzs", IW_, R_)
CVT(op_fcvtns_x, uint64_t, double, "x", "d", "fcvtns", IW_, R_)
CVT(op_fcvtns_w, uint64_t, double, "w", "d", "fcvtns", IW_, R_)
CVT(op_fcvt_ds, float, double, "s", "d", "fcvt", IW_, W_)
CVT(op_fcvt_sd, double, float, "d", "s", "fcvt", IW_, W_)

static void test_minmax_round(void)
{
    uint64_t r;
    uint32_t f;
    const double qnan = u2d(0x7ff800000000000aull), snan = u2d(0x7ff0000000000005ull);
    RUN(d2u(op_fmax(-0.0, 0.0)), r, f);
    check_op("fmax -0, +0", r, f, d2u(0.0), 0);
    RUN(d2u(op_fmax(0.0, -0.0)), r, f);
    check_op("fmax +0, -0", r, f, d2u(0.0), 0);
    RUN(d2u(op_fmin(0.0, -0.0)), r, f);
    check_op("fmin +0, -0", r, f, d2u(-0.0), 0);
    RUN(d2u(op_fmax(1.0, 2.0)), r, f);
    check_op("fmax 1, 2", r, f, d2u(2.0), 0);
    RUN(d2u(op_fmin(1.0, 2.0)), r, f);
    check_op("fmin 1, 2", r, f, d2u(1.0), 0);
    RUN(d2u(op_fmax(qnan, 1.0)), r, f);
    check_op("fmax QNaN, 1", r, f, d2u(qnan), 0);
    RUN(d2u(op_fmaxnm(qnan, 1.0)), r, f);
    check_op("fmaxnm QNaN, 1", r, f, d2u(1.0), 0);
    RUN(d2u(op_fminnm(1.0, qnan)), r, f);
    check_op("fminnm 1, QNaN", r, f, d2u(1.0), 0);
    RUN(d2u(op_fmaxnm(snan, 1.0)), r, f);
    check_op("fmaxnm SNaN, 1", r, f, 0x7ff8000000000005ull, IOC);
    RUN(d2u(op_fmax(__builtin_inf(), -__builtin_inf())), r, f);
    check_op("fmax inf, -inf", r, f, d2u(__builtin_inf()), 0);

    RUN(d2u(op_frintn(2.5)), r, f);
    check_op("frintn 2.5", r, f, d2u(2.0), 0);
    RUN(d2u(op_frintn(-3.5)), r, f);
    check_op("frintn -3.5", r, f, d2u(-4.0), 0);
    RUN(d2u(op_frintp(-0.5)), r, f);
    check_op("frintp -0.5 (negative zero)", r, f, d2u(-0.0), 0);
    RUN(d2u(op_frintm(-0.5)), r, f);
    check_op("frintm -0.5", r, f, d2u(-1.0), 0);
    RUN(d2u(op_frintz(-2.75)), r, f);
    check_op("frintz -2.75", r, f, d2u(-2.0), 0);
    RUN(d2u(op_frintx(2.5)), r, f);
    check_op("frintx 2.5 (inexact)", r, f, d2u(2.0), IXC);
    RUN(d2u(op_frintx(7.0)), r, f);
    check_op("frintx 7 (exact)", r, f, d2u(7.0), 0);
    RUN(d2u(op_frinti(2.5)), r, f);
    check_op("frinti 2.5 (quiet)", r, f, d2u(2.0), 0);
    RUN(d2u(op_frintm(snan)), r, f);
    check_op("frintm SNaN", r, f, 0x7ff8000000000005ull, IOC);
    RUN(d2u(op_frintp(0x1p60 + 0x1p8)), r, f);
    check_op("frintp of a large integer", r, f, d2u(0x1p60 + 0x1p8), 0);
    RUN(f2u(op_frintms(-1.25f)), r, f);
    check_op("frintm single -1.25", r, f, f2u(-2.0f), 0);
    fpcr_set(1u << 22); /* frinti follows FPCR: towards +infinity */
    RUN(d2u(op_frinti(2.25)), r, f);
    fpcr_set(0);
    check_op("frinti 2.25 towards +inf", r, f, d2u(3.0), 0);

    RUN(op_fcvtns_x(2.5), r, f);
    check_op("fcvtns x 2.5", r, f, 2, IXC);
    RUN(op_fcvtns_x(-3.5), r, f);
    check_op("fcvtns x -3.5", r, f, (uint64_t)-4, IXC);
    RUN(op_fcvtns_x(1e300), r, f);
    check_op("fcvtns x 1e300 saturates", r, f, 0x7fffffffffffffffull, IOC);
    RUN(op_fcvtns_w(-3e9), r, f);
    check_op("fcvtns w -3e9 saturates", r, f, 0x80000000u, IOC);
    RUN(op_fcvtns_w(-2147483648.4), r, f);
    check_op("fcvtns w -2^31 - 0.4", r, f, 0x80000000u, IXC);
    RUN(op_fcvtns_w(qnan), r, f);
    check_op("fcvtns w NaN", r, f, 0, IOC);
}

static void test_compare_convert(void)
{
    uint64_t r;
    uint32_t f;
    const double qnan = u2d(0x7ff800000000000aull), snan = u2d(0x7ff0000000000005ull);
    RUN(op_fcmp(1.0, 2.0), r, f);
    check_op("fcmp less", r, f, 0x8, 0);
    RUN(op_fcmp(2.0, 2.0), r, f);
    check_op("fcmp equal", r, f, 0x6, 0);
    RUN(op_fcmp(0.0, -0.0), r, f);
    check_op("fcmp +0 -0 equal", r, f, 0x6, 0);
    RUN(op_fcmp(3.0, 2.0), r, f);
    check_op("fcmp greater", r, f, 0x2, 0);
    RUN(op_fcmp(qnan, 2.0), r, f);
    check_op("fcmp QNaN", r, f, 0x3, 0);
    RUN(op_fcmp(2.0, snan), r, f);
    check_op("fcmp SNaN", r, f, 0x3, IOC);
    RUN(op_fcmpe(qnan, 2.0), r, f);
    check_op("fcmpe QNaN", r, f, 0x3, IOC);
    RUN(op_fcmpe(1.0, 2.0), r, f);
    check_op("fcmpe less", r, f, 0x8, 0);
    RUN(op_fcmp0s(-1.0f), r, f);
    check_op("fcmp single with #0.0", r, f, 0x8, 0);

    RUN(d2u(op_scvtf((1ll << 53) + 1)), r, f);
    check_op("scvtf 2^53 + 1", r, f, d2u(0x1p53), IXC);
    RUN(d2u(op_scvtf(-12345)), r, f);
    check_op("scvtf -12345", r, f, d2u(-12345.0), 0);
    RUN(d2u(op_ucvtf(0xffffffffffffffffull)), r, f);
    check_op("ucvtf 2^64 - 1", r, f, d2u(0x1p64), IXC);
    RUN(d2u(op_ucvtf(1ull << 63)), r, f);
    check_op("ucvtf 2^63", r, f, d2u(0x1p63), 0);
    RUN(f2u(op_scvtf_ws(-16777217)), r, f);
    check_op("scvtf single from w", r, f, f2u(-16777216.0f), IXC);
    RUN(op_fcvtzs_x(-2.75), r, f);
    check_op("fcvtzs x -2.75", r, f, (uint64_t)-2, IXC);
    RUN(op_fcvtzs_x(0x1p63), r, f);
    check_op("fcvtzs x 2^63 saturates", r, f, 0x7fffffffffffffffull, IOC);
    RUN(op_fcvtzs_x(-0x1p63), r, f);
    check_op("fcvtzs x -2^63 exact", r, f, 0x8000000000000000ull, 0);
    RUN(op_fcvtzs_x(qnan), r, f);
    check_op("fcvtzs x NaN", r, f, 0, IOC);
    RUN(op_fcvtzs_w(-2147483648.5), r, f);
    check_op("fcvtzs w -2^31 - 0.5", r, f, 0x80000000u, IXC);
    RUN(op_fcvtzs_w(3e9), r, f);
    check_op("fcvtzs w 3e9 saturates", r, f, 0x7fffffffu, IOC);
    RUN(op_fcvtzs_w(1e9 + 0.5), r, f);
    check_op("fcvtzs w 1e9 + 0.5", r, f, 1000000000u, IXC);

    RUN(f2u(op_fcvt_ds(0.1)), r, f);
    check_op("fcvt 0.1 to single", r, f, f2u(0.1f), IXC);
    RUN(f2u(op_fcvt_ds(1e300)), r, f);
    check_op("fcvt 1e300 to single", r, f, 0x7f800000u, OFC | IXC);
    /* 0x1.fffffffp-127 is below 2^-126 but rounds up to it: tiny before rounding */
    RUN(f2u(op_fcvt_ds(0x1.fffffffp-127)), r, f);
    check_op("fcvt to single min normal from below", r, f, 0x00800000u, UFC | IXC);
    RUN(f2u(op_fcvt_ds(snan)), r, f);
    check_op("fcvt SNaN to single", r, f, 0x7fc00000u, IOC);
    RUN(f2u(op_fcvt_ds(u2d(0xfff8000020000000ull))), r, f);
    check_op("fcvt QNaN payload to single", r, f, 0xffc00001u, 0);
    RUN(d2u(op_fcvt_sd(0.1f)), r, f);
    check_op("fcvt 0.1f to double", r, f, d2u((double)0.1f), 0);
    RUN(d2u(op_fcvt_sd(u2f(0x7f800001u))), r, f);
    check_op("fcvt single SNaN to double", r, f, 0x7ff8000020000000ull, IOC);
}

typedef struct {
    uint64_t lo, hi;
} V128;

#define VOP3(NAME, INSN, ARR)                                                                      \
    __attribute__((noinline)) static V128 NAME(V128 a, V128 b)                                     \
    {                                                                                              \
        V128 r;                                                                                    \
        asm volatile("ldr q0, [%1]\n\tldr q1, [%2]\n\t" INSN " v2." ARR ", v0." ARR ", v1." ARR    \
                     "\n\tstr q2, [%0]"                                                            \
                     :                                                                             \
                     : "r"(&r), "r"(&a), "r"(&b)                                                   \
                     : "v0", "v1", "v2", "memory");                                                \
        return r;                                                                                  \
    }
VOP3(vadd_4s, "fadd", "4s")
VOP3(vsub_2d, "fsub", "2d")
VOP3(vmul_2d, "fmul", "2d")
VOP3(vmul_2s, "fmul", "2s")
VOP3(vdiv_4s, "fdiv", "4s")

/* d = acc +- a * b (FMLA / FMLS) */
#define VFMA(NAME, INSN, ARR)                                                                      \
    __attribute__((noinline)) static V128 NAME(V128 acc, V128 a, V128 b)                           \
    {                                                                                              \
        V128 r;                                                                                    \
        asm volatile("ldr q2, [%1]\n\tldr q0, [%2]\n\tldr q1, [%3]\n\t" INSN " v2." ARR            \
                     ", v0." ARR ", v1." ARR "\n\tstr q2, [%0]"                                    \
                     :                                                                             \
                     : "r"(&r), "r"(&acc), "r"(&a), "r"(&b)                                        \
                     : "v0", "v1", "v2", "memory");                                                \
        return r;                                                                                  \
    }
VFMA(vfmla_2d, "fmla", "2d")
/* by element: d = acc +- a * b[lane] (FMLA/FMLS), or a * b[lane] (FMUL, acc unused) */
#define VBYEL(NAME, INSN, ARR, ELEM)                                                               \
    __attribute__((noinline)) static V128 NAME(V128 acc, V128 a, V128 b)                           \
    {                                                                                              \
        V128 r;                                                                                    \
        asm volatile("ldr q2, [%1]\n\tldr q0, [%2]\n\tldr q1, [%3]\n\t" INSN " v2." ARR            \
                     ", v0." ARR ", v1." ELEM "\n\tstr q2, [%0]"                                   \
                     :                                                                             \
                     : "r"(&r), "r"(&acc), "r"(&a), "r"(&b)                                        \
                     : "v0", "v1", "v2", "memory");                                                \
        return r;                                                                                  \
    }
VBYEL(vfmla_4s_el1, "fmla", "4s", "s[1]")
VBYEL(vfmls_2d_el1, "fmls", "2d", "d[1]")
VBYEL(vfmul_2s_el3, "fmul", "2s", "s[3]")
VFMA(vfmls_4s, "fmls", "4s")
VFMA(vfmla_2s, "fmla", "2s")

static V128 v2d(double a, double b)
{
    return (V128){d2u(a), d2u(b)};
}
static V128 v4s(float a, float b, float c, float d)
{
    return (V128){f2u(a) | (uint64_t)f2u(b) << 32, f2u(c) | (uint64_t)f2u(d) << 32};
}

static void check_v(const char *what, V128 got, uint32_t got_flags, V128 want, uint32_t want_flags)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s: low half", what);
    CHECK_EQ(buf, want.lo, got.lo);
    snprintf(buf, sizeof buf, "%s: high half", what);
    CHECK_EQ(buf, want.hi, got.hi);
    snprintf(buf, sizeof buf, "%s: FPSR flags", what);
    CHECK_EQ(buf, want_flags, got_flags);
}

#define RUNV(expr, res, flags)                                                                     \
    do {                                                                                           \
        fpsr_clear();                                                                              \
        res = (expr);                                                                              \
        flags = fpsr_get() & ALL_FLAGS;                                                            \
    } while (0)

static void test_vectors(void)
{
    V128 r;
    uint32_t f;
    RUNV(vadd_4s(v4s(1, 2, 3, 4), v4s(10, 20, 30, 40)), r, f);
    check_v("fadd 4s exact", r, f, v4s(11, 22, 33, 44), 0);
    RUNV(vadd_4s(v4s(1, 2, 3, 1), v4s(10, 20, 30, 0x1p-30f)), r, f);
    check_v("fadd 4s one inexact lane", r, f, v4s(11, 22, 33, 1), IXC);
    RUNV(vsub_2d(v2d(__builtin_inf(), 5), v2d(__builtin_inf(), 1)), r, f);
    check_v("fsub 2d inf - inf lane", r, f, (V128){0x7ff8000000000000ull, d2u(4.0)}, IOC);
    RUNV(vmul_2d(v2d(u2d(0x7ff0000000000005ull), 2), v2d(3, u2d(0x7ff800000000000aull))), r, f);
    check_v("fmul 2d SNaN and QNaN lanes", r, f,
            (V128){0x7ff8000000000005ull, 0x7ff800000000000aull}, IOC);
    RUNV(vmul_2d(v2d(0x1.ffffffffffffep-1, 3), v2d(0x1.0000000000001p-1022, 0.5)), r, f);
    check_v("fmul 2d lane just below min normal", r, f, (V128){0x0010000000000000ull, d2u(1.5)},
            UFC | IXC);
    RUNV(vmul_2s((V128){f2u(2.0f) | (uint64_t)f2u(3.0f) << 32, 0x7f8000017f800001ull},
                 (V128){f2u(4.0f) | (uint64_t)f2u(0.5f) << 32, 0x7f8000017f800001ull}),
         r, f);
    check_v("fmul 2s ignores and zeroes the upper half", r, f,
            (V128){f2u(8.0f) | (uint64_t)f2u(1.5f) << 32, 0}, 0);
    RUNV(vdiv_4s(v4s(1, 1, -1, 6), v4s(3, 0, 0, 3)), r, f);
    check_v("fdiv 4s", r, f, v4s(1.0f / 3, __builtin_inff(), -__builtin_inff(), 2), DZC | IXC);
    RUNV(vfmla_2d(v2d(-1, 1), v2d(1.0 + 0x1p-30, 2), v2d(1.0 - 0x1p-30, 3)), r, f);
    check_v("fmla 2d fused", r, f, v2d(-0x1p-60, 7), 0);
    RUNV(vfmls_4s(v4s(10, 1, 0, 5), v4s(2, 0.1f, 0, 1), v4s(3, 3, 0, 1)), r, f);
    check_v("fmls 4s", r, f, v4s(4, __builtin_fmaf(-0.1f, 3, 1), 0, 4), IXC);
    RUNV(vfmla_2s((V128){f2u(1.0f) | (uint64_t)f2u(2.0f) << 32, 0x1234567812345678ull},
                  (V128){f2u(2.0f) | (uint64_t)f2u(2.0f) << 32, ~0ull},
                  (V128){f2u(3.0f) | (uint64_t)f2u(0.25f) << 32, ~0ull}),
         r, f);
    check_v("fmla 2s", r, f, (V128){f2u(7.0f) | (uint64_t)f2u(2.5f) << 32, 0}, 0);
    RUNV(vfmla_4s_el1(v4s(10, 20, 30, 40), v4s(1.5f, -2.25f, 3, 0.1f), v4s(0.5f, 2, -1, 3)), r, f);
    check_v("fmla 4s by element", r, f, v4s(13, 15.5f, 36, __builtin_fmaf(0.1f, 2, 40)), IXC);
    RUNV(vfmls_2d_el1(v2d(1, 2), v2d(1.5, -0.1), v2d(3, 0.7)), r, f);
    check_v("fmls 2d by element", r, f,
            v2d(__builtin_fma(-1.5, 0.7, 1), __builtin_fma(0.1, 0.7, 2)), IXC);
    RUNV(vfmul_2s_el3((V128){0, ~0ull}, v4s(2, -3, 5, 7), v4s(0, 0, 0, 0.5f)), r, f);
    check_v("fmul 2s by element (upper half zero)", r, f,
            (V128){f2u(1.0f) | (uint64_t)f2u(-1.5f) << 32, 0}, 0);
    fpcr_set(1u << 22); /* towards +infinity: the same code */
    RUNV(vadd_4s(v4s(1, 2, 3, 1), v4s(10, 20, 30, 0x1p-30f)), r, f);
    fpcr_set(0);
    check_v("fadd 4s towards +inf", r, f, v4s(11, 22, 33, 0x1.000002p0f), IXC);
}

/* The same translated functions under other FPCR modes. */
static void test_modes(void)
{
    uint64_t r;
    uint32_t f;
    for (int round = 0; round < 3; round++) {
        RUN(d2u(op_div(1.0, 3.0)), r, f);
        check_op("1/3 to nearest", r, f, 0x3fd5555555555555ull, IXC);
        fpcr_set(1u << 22); /* RP: towards +infinity */
        RUN(d2u(op_div(1.0, 3.0)), r, f);
        check_op("1/3 towards +inf", r, f, 0x3fd5555555555556ull, IXC);
        RUN(d2u(op_add(1.0, 0x1p-60)), r, f);
        check_op("1 + 2^-60 towards +inf", r, f, 0x3ff0000000000001ull, IXC);
        fpcr_set(3u << 22); /* RZ */
        RUN(d2u(op_add(-1.0, -0x1p-60)), r, f);
        check_op("-1 - 2^-60 towards zero", r, f, d2u(-1.0), IXC);
        fpcr_set(1u << 24); /* FZ: subnormal results flushed (UFC), inputs too (IDC) */
        RUN(d2u(op_sub(0x1.8p-1022, 0x1p-1022)), r, f);
        check_op("FZ: subnormal result flushed", r, f, 0, UFC);
        RUN(d2u(op_sub(0x1p-1022, 0x1p-1023)), r, f);
        check_op("FZ: subnormal input flushed", r, f, 0x0010000000000000ull, 0x80);
        fpcr_set(0);
        RUN(d2u(op_sub(0x1.8p-1022, 0x1p-1022)), r, f);
        check_op("no FZ: subnormal result", r, f, 0x0008000000000000ull, 0);
        RUN(d2u(op_add(1.0, 0x1p-60)), r, f);
        check_op("1 + 2^-60 to nearest again", r, f, d2u(1.0), IXC);
    }
}

/* Called once, so it is translated after the flags were raised (the translator checks
 * vector encodings by running their helpers). */
__attribute__((noinline)) static void fresh_vector_fmul(void)
{
    asm volatile("fmul v23.4s, v2.4s, v15.4s\n\tfmla v22.2d, v3.2d, v4.2d" ::: "v22", "v23");
}

static void test_survival(void)
{
    fpsr_clear();
    (void)op_div(1.0, 3.0);
    fresh_vector_fmul();
    CHECK_EQ("IXC survives the translation of new vector code", IXC, fpsr_get() & IXC);
    fpsr_clear();
    (void)op_div(1.0, 3.0);
    (void)getppid();
    CHECK_EQ("IXC survives a system call", IXC, fpsr_get() & ALL_FLAGS);
    fpsr_clear();
    double r;
    (void)op_div(1.0, 0.0);
    asm volatile("fmaxnm %d0, %d1, %d2" : "=w"(r) : "w"(1.0), "w"(2.0));
    CHECK_EQ("fmaxnm result", d2u(2.0), d2u(r));
    CHECK_EQ("DZC survives an FMAXNM", DZC, fpsr_get() & ALL_FLAGS);
}

static sigjmp_buf fault_jmp;
static volatile uint32_t frame_fpsr;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ucv;
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)(void *)uc->uc_mcontext.__reserved;
    while (h->magic) {
        if (h->magic == FPSIMD_MAGIC) {
            frame_fpsr = ((struct fpsimd_context *)(void *)h)->fpsr;
        }
        h = (struct _aarch64_ctx *)(void *)((char *)h + h->size);
    }
    siglongjmp(fault_jmp, 1);
}

/* An inexact division right before a faulting load in the same block: the signal
 * frame's FPSR has IXC. */
static void test_fault_frame(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    frame_fpsr = 0xdead;
    if (!sigsetjmp(fault_jmp, 1)) {
        uint64_t tmp;
        double r;
        asm volatile("msr fpsr, xzr\n\t"
                     "fdiv %d1, %d2, %d3\n\t"
                     "ldr %0, [%4]"
                     : "=r"(tmp), "=&w"(r)
                     : "w"(1.0), "w"(3.0), "r"((uint64_t *)16)
                     : "memory");
        (void)tmp;
        (void)r;
    }
    CHECK_EQ("signal frame FPSR at a fault after an inexact fdiv", IXC, frame_fpsr & ALL_FLAGS);
    signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
    test_flags();
    test_tininess();
    test_nans();
    test_compare_convert();
    test_minmax_round();
    test_vectors();
    test_modes();
    test_survival();
    test_fault_frame();
    return finish("fp-status");
}
