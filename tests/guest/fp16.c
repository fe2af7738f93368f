/*
 * fp16.c - FEAT_FP16 (half-precision scalar and AdvSIMD arithmetic) and FEAT_FHM
 * (FMLAL/FMLSL) with results and FPSR flags worked out by hand from the Arm ARM
 * pseudocode (FPRound, FPUnpack, FPProcessNaNs, FPMulAddH, RecipEstimate), not taken from
 * any emulator: rounding in every FPCR mode, ties, overflow, subnormal results and
 * tininess detected before rounding, FPCR.FZ16 (input flushes raise no IDC, output
 * flushes only UFC) independent of FPCR.FZ, NaN propagation and the default NaN, the
 * fused multiply-add's single rounding, and 64-bit integer conversions that a
 * double-rounding implementation gets wrong.
 * Built with -march=armv8.2-a+fp16+fp16fml.  What runs follows the HWCAPs: an FP16 or FHM
 * instruction must raise SIGILL where HWCAP_FPHP/ASIMDHP or HWCAP_ASIMDFHM is not
 * advertised (VEMU_CPU=cortex-a53 has neither, neoverse-n1 has FP16 but not FHM).
 * Example: FADD h0 = 1.0 + 2^-11 in round-to-nearest is 1.0 (the tie goes to the even
 * significand) with FPSR.IXC; rounding up it is 0x3c01.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>

#include "check.h"

#define IOC 0x01
#define DZC 0x02
#define OFC 0x04
#define UFC 0x08
#define IXC 0x10
#define IDC 0x80

#define FZ16 (1u << 19)
#define FZ (1u << 24)
#define DN (1u << 25)
#define RN (0u << 22)
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)

static void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}

static void clear_fpsr(void)
{
    __asm__ volatile("msr fpsr, xzr");
}

static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}

/* one scalar instruction on h registers loaded from w registers, result back in a w */
#define H1(INSN, a)                                                                                \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile("fmov h1, %w1\n\t" INSN " h0, h1\n\tfmov %w0, h0"                         \
                         : "=r"(r_)                                                                \
                         : "r"((uint32_t)(a))                                                      \
                         : "v0", "v1");                                                            \
        r_;                                                                                        \
    })
#define H2(INSN, a, b)                                                                             \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile("fmov h1, %w1\n\tfmov h2, %w2\n\t" INSN " h0, h1, h2\n\tfmov %w0, h0"     \
                         : "=r"(r_)                                                                \
                         : "r"((uint32_t)(a)), "r"((uint32_t)(b))                                  \
                         : "v0", "v1", "v2");                                                      \
        r_;                                                                                        \
    })
#define H3(INSN, n, m, a)                                                                          \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile("fmov h1, %w1\n\tfmov h2, %w2\n\tfmov h3, %w3\n\t" INSN                   \
                         " h0, h1, h2, h3\n\tfmov %w0, h0"                                         \
                         : "=r"(r_)                                                                \
                         : "r"((uint32_t)(n)), "r"((uint32_t)(m)), "r"((uint32_t)(a))              \
                         : "v0", "v1", "v2", "v3");                                                \
        r_;                                                                                        \
    })

static char what[96];

/* run under fpcr with a clean FPSR; compare result and the cumulative flags */
#define T(name, fpcr, expr, want, want_flags)                                                      \
    do {                                                                                           \
        set_fpcr(fpcr);                                                                            \
        clear_fpsr();                                                                              \
        uint64_t got_ = (expr);                                                                    \
        uint64_t fl_ = get_fpsr() & 0x9f;                                                          \
        set_fpcr(0);                                                                               \
        snprintf(what, sizeof what, "%s: value", name);                                            \
        CHECK_EQ(what, want, got_);                                                                \
        snprintf(what, sizeof what, "%s: fpsr", name);                                             \
        CHECK_EQ(what, want_flags, fl_);                                                           \
    } while (0)

static void test_rounding(void)
{
    /* 1 + 2^-11 is the midpoint of 1.0 and 1 + 2^-10 */
    T("fadd tie RN", RN, H2("fadd", 0x3c00, 0x1000), 0x3c00, IXC);
    T("fadd tie RN odd", RN, H2("fadd", 0x3c01, 0x1000), 0x3c02, IXC);
    T("fadd tie RP", RP, H2("fadd", 0x3c00, 0x1000), 0x3c01, IXC);
    T("fadd tie RM", RM, H2("fadd", 0x3c00, 0x1000), 0x3c00, IXC);
    T("fadd tie RZ", RZ, H2("fadd", 0x3c00, 0x1000), 0x3c00, IXC);
    T("fsub neg RM", RM, H2("fsub", 0xbc00, 0x1000), 0xbc01, IXC);
    T("fsub neg RP", RP, H2("fsub", 0xbc00, 0x1000), 0xbc00, IXC);
    T("fadd exact", RN, H2("fadd", 0x3c00, 0x4000), 0x4200, 0);
    /* x - x is +0, except -0 when rounding towards minus infinity */
    T("fsub x-x RN", RN, H2("fsub", 0x4248, 0x4248), 0x0000, 0);
    T("fsub x-x RM", RM, H2("fsub", 0x4248, 0x4248), 0x8000, 0);
    /* 65504 is the largest half; 65520 is the midpoint to 2^16, which rounds to even */
    T("fadd overflow tie", RN, H2("fadd", 0x7bff, 0x4c00), 0x7c00, OFC | IXC);
    T("fadd below overflow tie", RN, H2("fadd", 0x7bff, 0x4800), 0x7bff, IXC);
    T("fadd overflow RZ", RZ, H2("fadd", 0x7bff, 0x7bff), 0x7bff, OFC | IXC);
    T("fadd overflow RM", RM, H2("fadd", 0x7bff, 0x7bff), 0x7bff, OFC | IXC);
    T("fadd overflow RM neg", RM, H2("fadd", 0xfbff, 0xfbff), 0xfc00, OFC | IXC);
    T("fmul", RN, H2("fmul", 0x4200, 0xc000), 0xc600, 0);
    T("fnmul", RN, H2("fnmul", 0x4200, 0xc000), 0x4600, 0);
    /* 1/3 = 0x3555 (0.333251953...) rounded to nearest, 0x3556 rounded up */
    T("fdiv 1/3 RN", RN, H2("fdiv", 0x3c00, 0x4200), 0x3555, IXC);
    T("fdiv 1/3 RP", RP, H2("fdiv", 0x3c00, 0x4200), 0x3556, IXC);
    T("fdiv by zero", RN, H2("fdiv", 0x3c00, 0x0000), 0x7c00, DZC);
    T("fdiv by -zero", RN, H2("fdiv", 0x3c00, 0x8000), 0xfc00, DZC);
    /* sqrt(2) = 1.41421356 -> 0x3da8 (1.4140625) RN, 0x3da9 RP */
    T("fsqrt 2 RN", RN, H1("fsqrt", 0x4000), 0x3da8, IXC);
    T("fsqrt 2 RP", RP, H1("fsqrt", 0x4000), 0x3da9, IXC);
    T("fsqrt 4", RN, H1("fsqrt", 0x4400), 0x4000, 0);
    T("fsqrt -0", RN, H1("fsqrt", 0x8000), 0x8000, 0);
    T("fsqrt -1", RN, H1("fsqrt", 0xbc00), 0x7e00, IOC);
}

static void test_subnormal(void)
{
    T("denormal add exact", RN, H2("fadd", 0x0001, 0x0001), 0x0002, 0);
    T("normal - denormal", RN, H2("fsub", 0x0400, 0x0001), 0x03ff, 0);
    /* 2^-25: the midpoint of 0 and the smallest denormal, ties to even (0) */
    T("half min denormal RN", RN, H2("fmul", 0x0001, 0x3800), 0x0000, UFC | IXC);
    T("half min denormal RP", RP, H2("fmul", 0x0001, 0x3800), 0x0001, UFC | IXC);
    T("1.5 denormals RN", RN, H2("fmul", 0x0003, 0x3800), 0x0002, UFC | IXC);
    /* 0x03ff * (1 + 2^-10) = (1024 - 2^-10) * 2^-24 rounds up to the smallest normal, but
     * was tiny before rounding: UFC (Arm detects tininess before rounding) */
    T("tiny before rounding", RN, H2("fmul", 0x03ff, 0x3c01), 0x0400, UFC | IXC);
    /* FZ (single/double) leaves halves alone */
    T("FZ does not flush halves", FZ, H2("fadd", 0x0001, 0x0001), 0x0002, 0);
    /* FZ16: inputs flush to zero with no IDC */
    T("FZ16 input", FZ16, H2("fadd", 0x0001, 0x0000), 0x0000, 0);
    T("FZ16 input neg", FZ16, H2("fmul", 0x8001, 0x3c00), 0x8000, 0);
    T("FZ16 input compare", FZ16, H2("fmul", 0x03ff, 0x4000), 0x0000, 0);
    /* FZ16 output: a tiny result is zero with UFC only */
    T("FZ16 output", FZ16, H2("fmul", 0x0400, 0x3800), 0x0000, UFC);
    T("FZ16 output neg", FZ16, H2("fmul", 0x8400, 0x3800), 0x8000, UFC);
    T("FZ16 rounds-to-normal still flushed", FZ16, H2("fmul", 0x0400, 0x3bff), 0x0000, UFC);
    T("FZ16 normal result", FZ16, H2("fmul", 0x0400, 0x4000), 0x0800, 0);
}

static uint32_t s_add(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__ volatile("fmov s1, %w1\n\tfmov s2, %w2\n\tfadd s0, s1, s2\n\tfmov %w0, s0"
                     : "=r"(r)
                     : "r"(a), "r"(b)
                     : "v0", "v1", "v2");
    return r;
}

static void test_nan(void)
{
    T("qnan propagates", RN, H2("fadd", 0x7e01, 0x3c00), 0x7e01, 0);
    T("qnan second", RN, H2("fmul", 0x3c00, 0xfe05), 0xfe05, 0);
    T("snan quietened", RN, H2("fadd", 0x7c01, 0x3c00), 0x7e01, IOC);
    T("snan beats qnan", RN, H2("fadd", 0x7e02, 0x7d03), 0x7f03, IOC);
    T("first qnan", RN, H2("fsub", 0x7e02, 0x7e03), 0x7e02, 0);
    T("default nan", DN, H2("fadd", 0x7e01, 0x3c00), 0x7e00, 0);
    T("default nan snan", DN, H2("fadd", 0x3c00, 0xfd00), 0x7e00, IOC);
    T("inf - inf", RN, H2("fsub", 0x7c00, 0x7c00), 0x7e00, IOC);
    T("0 * inf", RN, H2("fmul", 0x0000, 0xfc00), 0x7e00, IOC);
    T("0 / 0", RN, H2("fdiv", 0x8000, 0x0000), 0x7e00, IOC);
    T("fmaxnm qnan", RN, H2("fmaxnm", 0x7e00, 0x3c00), 0x3c00, 0);
    T("fminnm snan", RN, H2("fminnm", 0x7c01, 0x3c00), 0x7e01, IOC);
    T("fmax qnan", RN, H2("fmax", 0x7e00, 0x3c00), 0x7e00, 0);
    T("fmin -0 +0", RN, H2("fmin", 0x8000, 0x0000), 0x8000, 0);
    T("fmax -0 +0", RN, H2("fmax", 0x8000, 0x0000), 0x0000, 0);
    T("fabd", RN, H2("fabd", 0x3c00, 0x4200), 0x4000, 0);
    T("fabd nan sign", RN, H2("fabd", 0xfe01, 0x3c00), 0x7e01, 0);
    /* FMULX: infinity times zero is 2 with the product's sign */
    T("fmulx inf*0", RN, H2("fmulx", 0x7c00, 0x8000), 0xc000, 0);
    T("frecps", RN, H2("frecps", 0x3c00, 0x3e00), 0x3800, 0);
    T("frsqrts", RN, H2("frsqrts", 0x3c00, 0x3e00), 0x3a00, 0);
    T("frecps inf*0", RN, H2("frecps", 0x7c00, 0x0000), 0x4000, 0);
    /* FZ16 does not flush single precision */
    T("FZ16 leaves single", FZ16, s_add(1, 1), 2, 0);
}

static void test_fma(void)
{
    /* (1 + 3*2^-10)^2 - 1 = 6*2^-10 + 9*2^-20 -> 0x1e02 (fused); an unfused multiply then
     * add would give 6*2^-10 = 0x1e00 */
    T("fmadd fused", RN, H3("fmadd", 0x3c03, 0x3c03, 0xbc00), 0x1e02, IXC);
    /* (1 + 2^-10)^2 - 1 = 2^-9 + 2^-20, a tie to 2^-9: fused is inexact */
    T("fmadd fused inexact", RN, H3("fmadd", 0x3c01, 0x3c01, 0xbc00), 0x1800, IXC);
    T("fmadd fused RP", RP, H3("fmadd", 0x3c01, 0x3c01, 0xbc00), 0x1801, IXC);
    T("fmsub", RN, H3("fmsub", 0x4000, 0x4200, 0x4900), 0x4400, 0);   /* 10 - 6 */
    T("fnmadd", RN, H3("fnmadd", 0x4000, 0x4200, 0x4900), 0xcc00, 0); /* -10 - 6 */
    T("fnmsub", RN, H3("fnmsub", 0x4000, 0x4200, 0x4900), 0xc400, 0); /* -10 + 6 */
    T("fmadd exact zero RM", RM, H3("fmadd", 0x4000, 0x4200, 0xc600), 0x8000, 0);
    T("fmadd exact zero RN", RN, H3("fmadd", 0x4000, 0x4200, 0xc600), 0x0000, 0);
    T("fmadd 0*inf + qnan", RN, H3("fmadd", 0x0000, 0x7c00, 0x7e01), 0x7e00, IOC);
    T("fmadd overflow", RN, H3("fmadd", 0x7bff, 0x4000, 0x0000), 0x7c00, OFC | IXC);
}

static uint64_t fcmp_nzcv(uint32_t a, uint32_t b, int e)
{
    uint64_t f;
    if (e) {
        __asm__ volatile("fmov h1, %w1\n\tfmov h2, %w2\n\tfcmpe h1, h2\n\tmrs %0, nzcv"
                         : "=r"(f)
                         : "r"(a), "r"(b)
                         : "v1", "v2", "cc");
    } else {
        __asm__ volatile("fmov h1, %w1\n\tfmov h2, %w2\n\tfcmp h1, h2\n\tmrs %0, nzcv"
                         : "=r"(f)
                         : "r"(a), "r"(b)
                         : "v1", "v2", "cc");
    }
    return f >> 28;
}

static uint64_t cvt_x(const char *which, uint32_t h)
{
    uint64_t r = 0;
    if (!strcmp(which, "zs")) {
        __asm__ volatile("fmov h1, %w1\n\tfcvtzs %0, h1" : "=r"(r) : "r"(h) : "v1");
    } else if (!strcmp(which, "ns")) {
        __asm__ volatile("fmov h1, %w1\n\tfcvtns %0, h1" : "=r"(r) : "r"(h) : "v1");
    } else if (!strcmp(which, "as")) {
        __asm__ volatile("fmov h1, %w1\n\tfcvtas %0, h1" : "=r"(r) : "r"(h) : "v1");
    } else if (!strcmp(which, "zu")) {
        __asm__ volatile("fmov h1, %w1\n\tfcvtzu %w0, h1" : "=r"(r) : "r"(h) : "v1");
    } else if (!strcmp(which, "zs4")) {
        __asm__ volatile("fmov h1, %w1\n\tfcvtzs %w0, h1, #4" : "=r"(r) : "r"(h) : "v1");
    }
    return r;
}

static uint32_t scvtf_x60(uint64_t x)
{
    uint32_t r;
    __asm__ volatile("scvtf h0, %1, #60\n\tfmov %w0, h0" : "=r"(r) : "r"(x) : "v0");
    return r;
}

static uint32_t ucvtf_w(uint32_t x)
{
    uint32_t r;
    __asm__ volatile("ucvtf h0, %w1\n\tfmov %w0, h0" : "=r"(r) : "r"(x) : "v0");
    return r;
}

static void test_compare_convert(void)
{
    T("fcmp lt", RN, fcmp_nzcv(0x3c00, 0x4000, 0), 0x8, 0);
    T("fcmp eq -0", RN, fcmp_nzcv(0x8000, 0x0000, 0), 0x6, 0);
    T("fcmp gt", RN, fcmp_nzcv(0x4000, 0x3c00, 0), 0x2, 0);
    T("fcmp qnan", RN, fcmp_nzcv(0x7e00, 0x3c00, 0), 0x3, 0);
    T("fcmpe qnan", RN, fcmp_nzcv(0x7e00, 0x3c00, 1), 0x3, IOC);
    T("fcmp snan", RN, fcmp_nzcv(0x3c00, 0x7c01, 0), 0x3, IOC);
    T("FZ16 fcmp denormal", FZ16, fcmp_nzcv(0x0001, 0x8000, 0), 0x6, 0);
    T("fcvtzs -2.5", RN, cvt_x("zs", 0xc100), (uint64_t)-2, IXC);
    T("fcvtns 2.5", RN, cvt_x("ns", 0x4100), 2, IXC);
    T("fcvtas 2.5", RN, cvt_x("as", 0x4100), 3, IXC);
    T("fcvtzu -1", RN, cvt_x("zu", 0xbc00), 0, IOC);
    T("fcvtzs inf", RN, cvt_x("zs", 0x7c00), 0x7fffffffffffffffull, IOC);
    T("fcvtzs nan", RN, cvt_x("zs", 0x7e00), 0, IOC);
    T("fcvtzs fixed #4", RN, cvt_x("zs4", 0x3e00), 24, 0);
    /* 1 + 2^-11 + 2^-60: just above a tie, so 0x3c01; rounding the 64-bit integer to a
     * double first would land on the tie and give 0x3c00 */
    T("scvtf x #60 no double rounding", RN, scvtf_x60((1ull << 60) + (1ull << 49) + 1), 0x3c01,
      IXC);
    T("scvtf x #60 exact", RN, scvtf_x60(1ull << 60), 0x3c00, 0);
    T("ucvtf 65520 overflows", RN, ucvtf_w(65520), 0x7c00, OFC | IXC);
    T("ucvtf 65519", RN, ucvtf_w(65519), 0x7bff, IXC);
    /* overflow is judged after rounding: towards zero 65520 is 65504 */
    T("ucvtf 65520 RZ", RZ, ucvtf_w(65520), 0x7bff, IXC);
    T("frintn 2.5", RN, H1("frintn", 0x4100), 0x4000, 0);
    T("frinta 2.5", RN, H1("frinta", 0x4100), 0x4200, 0);
    T("frintx 2.5", RN, H1("frintx", 0x4100), 0x4000, IXC);
    T("frintm -0.5", RN, H1("frintm", 0xb800), 0xbc00, 0);
    T("frintp -0.5", RN, H1("frintp", 0xb800), 0x8000, 0);
    T("frinti 2.5 RP", RP, H1("frinti", 0x4100), 0x4200, 0);
    /* FRECPE(1.0) = 0.998046875 = 0x3bfc (RecipEstimate(256) = 511) */
    T("frecpe 1", RN, H1("frecpe", 0x3c00), 0x3bfc, 0);
    T("frsqrte 1", RN, H1("frsqrte", 0x3c00), 0x3bfc, 0);
    T("frecpe 0", RN, H1("frecpe", 0x8000), 0xfc00, DZC);
    T("frecpx 3", RN, H1("frecpx", 0x4200), 0x3c00, 0); /* exponent inverted, fraction 0 */
}

typedef union {
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} V128;

/* v0 = d, v1 = a, v2 = b; run INSN; the new v0 */
#define VOP(INSN, d, a, b)                                                                         \
    ({                                                                                             \
        V128 r_;                                                                                   \
        __asm__ volatile("ldr q0, %1\n\tldr q1, %2\n\tldr q2, %3\n\t" INSN "\n\tstr q0, %0"        \
                         : "=m"(r_)                                                                \
                         : "m"(d), "m"(a), "m"(b)                                                  \
                         : "v0", "v1", "v2");                                                      \
        r_;                                                                                        \
    })

static void test_vector(void)
{
    V128 a = {.h = {0x3c00, 0x4000, 0x4200, 0x4400, 0x7bff, 0x0001, 0x7e00, 0xbc00}};
    V128 b = {.h = {0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x7bff, 0x0001, 0x3c00, 0x1000}};
    V128 r = {.d = {0, 0}};
    set_fpcr(0);
    clear_fpsr();
    r = VOP("fadd v0.8h, v1.8h, v2.8h", r, a, b);
    static const uint16_t sum[8] = {0x4000, 0x4200, 0x4400, 0x4500, 0x7c00, 0x0002, 0x7e00, 0xbbff};
    for (int i = 0; i < 8; i++) {
        snprintf(what, sizeof what, "fadd v.8h lane %d", i);
        CHECK_EQ(what, sum[i], r.h[i]);
    }
    CHECK_EQ("fadd v.8h fpsr", OFC | IXC, get_fpsr() & 0x9f);

    clear_fpsr();
    r = VOP("fmaxnmv h0, v1.8h", r, a, r);
    CHECK_EQ("fmaxnmv 8h", 0x7bff, r.d[0]);
    CHECK_EQ("fmaxnmv 8h upper", 0, r.d[1]);
    r = VOP("fminv h0, v1.4h", r, a, r);
    CHECK_EQ("fminv 4h", 0x3c00, r.d[0]);
    r = VOP("faddp h0, v1.2h", r, a, r);
    CHECK_EQ("faddp h", 0x4200, r.d[0]);

    /* by element: v1.8h * v2.h[2] (3.0) */
    r = VOP("fmul v0.4h, v1.4h, v2.h[2]", r, a, a);
    CHECK_EQ("fmul by element 4h", 0x4a00488046004200ull, r.d[0]); /* 3, 6, 9, 12 */
    CHECK_EQ("fmul by element 4h upper", 0, r.d[1]);

    /* compare with zero: > 0 lanes of a */
    r = VOP("fcmgt v0.8h, v1.8h, #0.0", r, a, r);
    CHECK_EQ("fcmgt #0 lo", 0xffffffffffffffffull, r.d[0]);
    CHECK_EQ("fcmgt #0 hi", 0x00000000ffffffffull, r.d[1]); /* 65504, 2^-24, NaN, -1 */

    /* fixed point: scvtf v.4h, #2 of 16-bit integers */
    V128 iv = {.h = {4, 0xfffc, 1, 0x7fff}};
    r = VOP("scvtf v0.4h, v1.4h, #2", r, iv, r);
    /* 1.0, -1.0, 0.25, 8191.75 -> 8192 (0x7000) rounded to nearest */
    CHECK_EQ("scvtf v.4h #2", 0x70003400bc003c00ull, r.d[0]);
}

static void test_fhm(void)
{
    V128 acc = {.s = {0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000}};
    V128 n = {.h = {0x4000, 0x7c01, 0x0001, 0x3c00, 0x4200, 0x3800, 0xc000, 0x3c00}};
    V128 m = {.h = {0x4200, 0x3c00, 0x0001, 0x3c00, 0x4400, 0x4000, 0x3800, 0x7c00}};
    V128 r = {.d = {0, 0}};
    set_fpcr(0);
    clear_fpsr();
    r = VOP("fmlal v0.4s, v1.4h, v2.4h", acc, n, m);
    CHECK_EQ("fmlal 1 + 2*3", 0x40e00000, r.s[0]);
    CHECK_EQ("fmlal snan", 0x7fc02000, r.s[1]);      /* quietened, payload << 13 */
    CHECK_EQ("fmlal 1 + 2^-48", 0x3f800000, r.s[2]); /* single rounding: 1.0 */
    CHECK_EQ("fmlal 1 + 1", 0x40000000, r.s[3]);
    CHECK_EQ("fmlal flags", IOC | IXC, get_fpsr() & 0x9f);

    clear_fpsr();
    r = VOP("fmlsl2 v0.4s, v1.4h, v2.4h", acc, n, m);
    CHECK_EQ("fmlsl2 1 - 3*4", 0xc1300000, r.s[0]);
    CHECK_EQ("fmlsl2 1 - 0.5*2", 0x00000000, r.s[1]);
    CHECK_EQ("fmlsl2 1 - (-2*0.5)", 0x40000000, r.s[2]);
    CHECK_EQ("fmlsl2 1 - inf", 0xff800000, r.s[3]);
    CHECK_EQ("fmlsl2 flags", 0, get_fpsr() & 0x9f);

    /* by element, 2s: acc + n.h[e] * m.h[4] (4.0) */
    V128 z = {.s = {0, 0, 0x12345678, 0x9abcdef0}};
    clear_fpsr();
    r = VOP("fmlal v0.2s, v1.2h, v2.h[4]", z, n, m);
    CHECK_EQ("fmlal by element 2*4", 0x41000000, r.s[0]);
    CHECK_EQ("fmlal by element snan", 0x7fc02000, r.s[1]);
    CHECK_EQ("fmlal 2s clears the upper half", 0, r.d[1]);

    /* FZ16 flushes the half inputs (no IDC); the single product 2^-48 is then 0 */
    set_fpcr(FZ16);
    clear_fpsr();
    V128 d0 = {.s = {0, 0, 0, 0}};
    V128 dn = {.h = {0x0001, 0x0001}};
    r = VOP("fmlal v0.2s, v1.2h, v1.2h", d0, dn, r);
    uint64_t fl = get_fpsr() & 0x9f;
    set_fpcr(0);
    CHECK_EQ("fmlal FZ16", 0, r.d[0]);
    CHECK_EQ("fmlal FZ16 flags", 0, fl);
    clear_fpsr();
    r = VOP("fmlal v0.2s, v1.2h, v1.2h", d0, dn, r);
    CHECK_EQ("fmlal denormal halves", 0x27800000, r.s[0]); /* 2^-48, exact */
    CHECK_EQ("fmlal denormal halves flags", 0, get_fpsr() & 0x9f);
}

static sigjmp_buf ill_jmp;

static void on_sigill(int sig)
{
    (void)sig;
    siglongjmp(ill_jmp, 1);
}

/* 1 if the instruction (which must not touch anything but v0) raised SIGILL */
#define RAISES_SIGILL(INSN)                                                                        \
    ({                                                                                             \
        volatile int ill_ = 1;                                                                     \
        if (!sigsetjmp(ill_jmp, 1)) {                                                              \
            __asm__ volatile(INSN : : : "v0");                                                     \
            ill_ = 0;                                                                              \
        }                                                                                          \
        ill_;                                                                                      \
    })

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    int fphp = (hw & HWCAP_FPHP) != 0, asimdhp = (hw & HWCAP_ASIMDHP) != 0;
    int fhm = (hw & HWCAP_ASIMDFHM) != 0;
    signal(SIGILL, on_sigill);
    CHECK_EQ("scalar fadd h raises SIGILL iff no HWCAP_FPHP", !fphp,
             RAISES_SIGILL("fadd h0, h0, h0"));
    CHECK_EQ("fmov h, #imm raises SIGILL iff no HWCAP_FPHP", !fphp, RAISES_SIGILL("fmov h0, #1.0"));
    CHECK_EQ("fadd v.8h raises SIGILL iff no HWCAP_ASIMDHP", !asimdhp,
             RAISES_SIGILL("fadd v0.8h, v0.8h, v0.8h"));
    CHECK_EQ("fmov v.8h, #imm raises SIGILL iff no HWCAP_ASIMDHP", !asimdhp,
             RAISES_SIGILL("fmov v0.8h, #1.0"));
    CHECK_EQ("fmlal raises SIGILL iff no HWCAP_ASIMDFHM", !fhm,
             RAISES_SIGILL("fmlal v0.4s, v0.4h, v0.4h"));
    CHECK("FHM implies FP16", !fhm || (fphp && asimdhp));
    /* FCVT between half and single is base Armv8 */
    CHECK_EQ("fcvt s, h never raises SIGILL", 0, RAISES_SIGILL("fcvt s0, h0"));
    signal(SIGILL, SIG_DFL);
    if (asimdhp) { /* FMOV (vector, immediate) half precision: VFPExpandImm into every lane */
        uint16_t h[8];
        __asm__ volatile("movi v1.2d, #-1\n\tfmov v1.4h, #-0.1875\n\tstr q1, [%0]" : : "r"(h)
                         : "v1", "memory");
        CHECK_EQ("fmov v.4h, #-0.1875 lane 0", 0xb200, h[0]);
        CHECK_EQ("fmov v.4h, #-0.1875 lane 3", 0xb200, h[3]);
        CHECK_EQ("fmov v.4h clears the upper half", 0, h[4] | h[7]);
        __asm__ volatile("fmov v1.8h, #31.0\n\tstr q1, [%0]" : : "r"(h) : "v1", "memory");
        CHECK_EQ("fmov v.8h, #31.0 lane 7", 0x4fc0, h[7]);
    }
    if (fphp && asimdhp) {
        test_rounding();
        test_subnormal();
        test_nan();
        test_fma();
        test_compare_convert();
        test_vector();
    }
    if (fhm) {
        test_fhm();
    }
    return finish("fp16");
}
