/*
 * isa-ext.c - the Armv8.1-8.6 A64 additions vemu's `max` model advertises, against models
 * written from the Arm ARM pseudocode (not from any emulator's output):
 *   FEAT_DotProd  SDOT/UDOT vector and by element;
 *   FEAT_RDM      SQRDMLAH/SQRDMLSH vector, by element, scalar, with saturation and FPSR.QC;
 *   FEAT_FCMA     FCMLA (all four rotations, vector and by element) and FCADD, single and double;
 *   FEAT_FRINTTS  FRINT32Z/X, FRINT64Z/X scalar and vector, out-of-range/NaN/inf -> most
 *                 negative integer with IOC, inexact with IXC, signed zeros;
 *   FEAT_JSCVT    FJCVTZS results modulo 2^32 and NZCV = 0Z00, with FPCR.FZ too;
 *   FEAT_I8MM     SMMLA/UMMLA/USMMLA, USDOT vector and by element, SUDOT by element;
 *   FEAT_BF16     BFCVT/BFCVTN/BFCVTN2 rounding, BFDOT (round to odd, flushing, default NaN),
 *                 BFMMLA, BFMLALB/BFMLALT vector and by element;
 *   FEAT_RNG      RNDR/RNDRRS with NZCV = 0000; FEAT_SSBS/FEAT_DIT PSTATE bits read back;
 *   FEAT_CSSC     ABS/CNT/CTZ, SMAX/SMIN/UMAX/UMIN register and immediate, 32 and 64 bit;
 * and that AT_HWCAP/AT_HWCAP2 advertise each of them.
 * Integer operands are pseudo-random (LCG); FP operands are chosen so the products and sums
 * the model needs are exact in C doubles.  Example: sdot v0.4s of all-0xff bytes adds 4.
 */
#include <arm_neon.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/auxv.h>

#include "check.h"

typedef union {
    uint8_t b[16];
    int8_t sb[16];
    uint16_t h[8];
    int16_t sh[8];
    uint32_t s[4];
    int32_t ss[4];
    uint64_t d[2];
    float f[4];
    double df[2];
    uint8x16_t v;
} V;

/* VEMU_GUEST_QEMU_QUIRKS=1: tolerate qemu-aarch64 7.2 (docs/testing.md) */
static int quirks;

static uint64_t seed = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return seed >> 11 ^ seed << 7;
}
static V rndv(void)
{
    V v;
    v.d[0] = rnd();
    v.d[1] = rnd();
    return v;
}

static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}
static void set_fpsr(uint64_t v)
{
    __asm__ volatile("msr fpsr, %0" ::"r"(v));
}
static void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" ::"r"(v));
}
static uint64_t get_nzcv(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, nzcv" : "=r"(v));
    return v;
}

static void check_v(const char *what, const V *exp, const V *got)
{
    char buf[96];
    for (int i = 0; i < 2; i++) {
        snprintf(buf, sizeof buf, "%s d[%d]", what, i);
        CHECK_EQ(buf, exp->d[i], got->d[i]);
    }
}

/* d = OP(d, n, m) with an instruction string using %0 (d), %1 (n), %2 (m) */
#define VOP3(insn, d, n, m) __asm__ volatile(insn : "+w"((d).v) : "w"((n).v), "w"((m).v))
/* the by-element forms with 16-bit elements take Vm from v0..v15 only */
#define VOP3X(insn, d, n, m) __asm__ volatile(insn : "+w"((d).v) : "w"((n).v), "x"((m).v))

/* ---------------- DotProd and I8MM ---------------- */

static void dot_model(V *d, const V *n, const V *m, int lanes, int idx, int ns, int ms)
{
    for (int i = 0; i < lanes; i++) {
        int mb = idx >= 0 ? 4 * idx : 4 * i;
        uint32_t sum = d->s[i];
        for (int k = 0; k < 4; k++) {
            int32_t a = ns ? n->sb[4 * i + k] : n->b[4 * i + k];
            int32_t b = ms ? m->sb[mb + k] : m->b[mb + k];
            sum += (uint32_t)(a * b);
        }
        d->s[i] = sum;
    }
    if (lanes == 2) {
        d->d[1] = 0;
    }
}

static void mmla_model(V *d, const V *n, const V *m, int ns, int ms)
{
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            uint32_t sum = d->s[2 * i + j];
            for (int k = 0; k < 8; k++) {
                int32_t a = ns ? n->sb[8 * i + k] : n->b[8 * i + k];
                int32_t b = ms ? m->sb[8 * j + k] : m->b[8 * j + k];
                sum += (uint32_t)(a * b);
            }
            d->s[2 * i + j] = sum;
        }
    }
}

static void test_dot(void)
{
    for (int t = 0; t < 20; t++) {
        V n = rndv(), m = rndv(), d0 = rndv(), d, e;
        if (t == 0) {
            memset(&n, 0xff, sizeof n);
            memset(&m, 0xff, sizeof m);
        }
#define DOT(name, insn, lanes, idx, ns, ms)                                                        \
    d = d0;                                                                                        \
    e = d0;                                                                                        \
    VOP3(insn, d, n, m);                                                                           \
    dot_model(&e, &n, &m, lanes, idx, ns, ms);                                                     \
    check_v(name, &e, &d);
        DOT("sdot 4s", "sdot %0.4s, %1.16b, %2.16b", 4, -1, 1, 1);
        DOT("udot 4s", "udot %0.4s, %1.16b, %2.16b", 4, -1, 0, 0);
        DOT("sdot 2s", "sdot %0.2s, %1.8b, %2.8b", 2, -1, 1, 1);
        DOT("udot 2s", "udot %0.2s, %1.8b, %2.8b", 2, -1, 0, 0);
        DOT("sdot elem", "sdot %0.4s, %1.16b, %2.4b[3]", 4, 3, 1, 1);
        DOT("udot elem", "udot %0.2s, %1.8b, %2.4b[1]", 2, 1, 0, 0);
        DOT("usdot 4s", "usdot %0.4s, %1.16b, %2.16b", 4, -1, 0, 1);
        DOT("usdot 2s", "usdot %0.2s, %1.8b, %2.8b", 2, -1, 0, 1);
        DOT("usdot elem", "usdot %0.4s, %1.16b, %2.4b[2]", 4, 2, 0, 1);
        DOT("sudot elem", "sudot %0.4s, %1.16b, %2.4b[0]", 4, 0, 1, 0);
        DOT("sudot elem 2s", "sudot %0.2s, %1.8b, %2.4b[3]", 2, 3, 1, 0);
#define MM(name, insn, ns, ms)                                                                     \
    d = d0;                                                                                        \
    e = d0;                                                                                        \
    VOP3(insn, d, n, m);                                                                           \
    mmla_model(&e, &n, &m, ns, ms);                                                                \
    check_v(name, &e, &d);
        MM("smmla", "smmla %0.4s, %1.16b, %2.16b", 1, 1);
        MM("ummla", "ummla %0.4s, %1.16b, %2.16b", 0, 0);
        MM("usmmla", "usmmla %0.4s, %1.16b, %2.16b", 0, 1);
    }
}

/* ---------------- RDM ---------------- */

static int qc_model;
static int64_t rdm_model(int esize, int64_t d, int64_t n, int64_t m, int sub)
{
    __int128 p = (__int128)2 * n * m;
    __int128 acc = ((__int128)d << esize) + (sub ? -p : p) + ((__int128)1 << (esize - 1));
    __int128 v = acc >> esize, max = ((__int128)1 << (esize - 1)) - 1;
    if (v > max) {
        v = max;
        qc_model = 1;
    } else if (v < -max - 1) {
        v = -max - 1;
        qc_model = 1;
    }
    return (int64_t)v;
}

static void rdm_vec_model(V *d, const V *n, const V *m, int esize, int ne, int idx, int sub)
{
    V r = *d;
    memset(&r, 0, sizeof r);
    for (int i = 0; i < ne; i++) {
        int j = idx >= 0 ? idx : i;
        if (esize == 16) {
            r.sh[i] = (int16_t)rdm_model(16, d->sh[i], n->sh[i], m->sh[j], sub);
        } else {
            r.ss[i] = (int32_t)rdm_model(32, d->ss[i], n->ss[i], m->ss[j], sub);
        }
    }
    if (ne * esize < 128) {
        for (int i = ne * esize / 8; i < 16; i++) {
            r.b[i] = 0;
        }
    }
    *d = r;
}

static void test_rdm(void)
{
    for (int t = 0; t < 20; t++) {
        V n = rndv(), m = rndv(), d0 = rndv(), d, e;
        if (t == 1) { /* saturating cases: 0x7fff.. + 2*0x7fff*0x7fff and 0x8000 - ... */
            for (int i = 0; i < 8; i++) {
                n.h[i] = 0x7fff;
                m.h[i] = i & 1 ? 0x8000 : 0x7fff;
                d0.h[i] = i & 2 ? 0x8000 : 0x7fff;
            }
        }
#define RDM(name, insn, esize, ne, idx, sub)                                                       \
    d = d0;                                                                                        \
    e = d0;                                                                                        \
    qc_model = 0;                                                                                  \
    set_fpsr(0);                                                                                   \
    VOP3X(insn, d, n, m);                                                                          \
    rdm_vec_model(&e, &n, &m, esize, ne, idx, sub);                                                \
    check_v(name, &e, &d);                                                                         \
    CHECK_EQ(name " QC", (uint64_t)qc_model << 27, get_fpsr());
        RDM("sqrdmlah 8h", "sqrdmlah %0.8h, %1.8h, %2.8h", 16, 8, -1, 0);
        RDM("sqrdmlsh 4h", "sqrdmlsh %0.4h, %1.4h, %2.4h", 16, 4, -1, 1);
        RDM("sqrdmlah 4s", "sqrdmlah %0.4s, %1.4s, %2.4s", 32, 4, -1, 0);
        RDM("sqrdmlsh 2s", "sqrdmlsh %0.2s, %1.2s, %2.2s", 32, 2, -1, 1);
        RDM("sqrdmlah h elem", "sqrdmlah %0.8h, %1.8h, %2.h[5]", 16, 8, 5, 0);
        RDM("sqrdmlsh s elem", "sqrdmlsh %0.4s, %1.4s, %2.s[3]", 32, 4, 3, 1);
        RDM("sqrdmlah h scalar", "sqrdmlah %h0, %h1, %h2", 16, 1, -1, 0);
        RDM("sqrdmlsh s scalar", "sqrdmlsh %s0, %s1, %s2", 32, 1, -1, 1);
        RDM("sqrdmlah h scalar elem", "sqrdmlah %h0, %h1, %2.h[7]", 16, 1, 7, 0);
        RDM("sqrdmlsh s scalar elem", "sqrdmlsh %s0, %s1, %2.s[2]", 32, 1, 2, 1);
    }
}

/* ---------------- FCMA ---------------- */

/* FCMLA per the Arm ARM: element pairs (re, im); rot in quarter turns; idx = Vm pair or -1 */
static void fcmla_model_f(V *d, const V *n, const V *m, int ne, int rot, int idx)
{
    for (int e = 0; e < ne / 2; e++) {
        int p = idx >= 0 ? idx : e;
        float mre = m->f[2 * p], mim = m->f[2 * p + 1], e1, e2, e3;
        switch (rot) {
        case 0: e1 = mre; e2 = n->f[2 * e]; e3 = mim; break;
        case 1: e1 = -mim; e2 = n->f[2 * e + 1]; e3 = mre; break;
        case 2: e1 = -mre; e2 = n->f[2 * e]; e3 = -mim; break;
        default: e1 = mim; e2 = n->f[2 * e + 1]; e3 = -mre; break;
        }
        d->f[2 * e] = d->f[2 * e] + e2 * e1;
        d->f[2 * e + 1] = d->f[2 * e + 1] + e2 * e3;
    }
    if (ne == 2) {
        d->d[1] = 0;
    }
}

static void fcmla_model_d(V *d, const V *n, const V *m, int rot)
{
    double mre = m->df[0], mim = m->df[1], e1, e2, e3;
    switch (rot) {
    case 0: e1 = mre; e2 = n->df[0]; e3 = mim; break;
    case 1: e1 = -mim; e2 = n->df[1]; e3 = mre; break;
    case 2: e1 = -mre; e2 = n->df[0]; e3 = -mim; break;
    default: e1 = mim; e2 = n->df[1]; e3 = -mre; break;
    }
    d->df[0] = d->df[0] + e2 * e1;
    d->df[1] = d->df[1] + e2 * e3;
}

static float small(void)
{
    return (float)((int)(rnd() % 41) - 20) * 0.25f;
}

static void test_fcma(void)
{
    for (int t = 0; t < 10; t++) {
        V n, m, d0, d, e;
        for (int i = 0; i < 4; i++) {
            n.f[i] = small();
            m.f[i] = small();
            d0.f[i] = small();
        }
#define FCM(name, insn, ne, rot, idx)                                                              \
    d = d0;                                                                                        \
    e = d0;                                                                                        \
    VOP3(insn, d, n, m);                                                                           \
    fcmla_model_f(&e, &n, &m, ne, rot, idx);                                                       \
    check_v(name, &e, &d);
        FCM("fcmla 4s #0", "fcmla %0.4s, %1.4s, %2.4s, #0", 4, 0, -1);
        FCM("fcmla 4s #90", "fcmla %0.4s, %1.4s, %2.4s, #90", 4, 1, -1);
        FCM("fcmla 4s #180", "fcmla %0.4s, %1.4s, %2.4s, #180", 4, 2, -1);
        FCM("fcmla 2s #270", "fcmla %0.2s, %1.2s, %2.2s, #270", 2, 3, -1);
        FCM("fcmla elem #90", "fcmla %0.4s, %1.4s, %2.s[1], #90", 4, 1, 1);
        FCM("fcmla elem #270", "fcmla %0.4s, %1.4s, %2.s[0], #270", 4, 3, 0);
        /* FCADD: #90: (n.re - m.im, n.im + m.re); #270: (n.re + m.im, n.im - m.re) */
        d = d0;
        __asm__ volatile("fcadd %0.4s, %1.4s, %2.4s, #90" : "=w"(d.v) : "w"(n.v), "w"(m.v));
        for (int i = 0; i < 2; i++) {
            e.f[2 * i] = n.f[2 * i] - m.f[2 * i + 1];
            e.f[2 * i + 1] = n.f[2 * i + 1] + m.f[2 * i];
        }
        check_v("fcadd 4s #90", &e, &d);
        __asm__ volatile("fcadd %0.2s, %1.2s, %2.2s, #270" : "=w"(d.v) : "w"(n.v), "w"(m.v));
        e.f[0] = n.f[0] + m.f[1];
        e.f[1] = n.f[1] - m.f[0];
        e.d[1] = 0;
        check_v("fcadd 2s #270", &e, &d);
        for (int i = 0; i < 2; i++) {
            n.df[i] = small();
            m.df[i] = small();
            d0.df[i] = small();
        }
        for (int rot = 0; rot < 4; rot++) {
            d = d0;
            e = d0;
            switch (rot) {
            case 0: VOP3("fcmla %0.2d, %1.2d, %2.2d, #0", d, n, m); break;
            case 1: VOP3("fcmla %0.2d, %1.2d, %2.2d, #90", d, n, m); break;
            case 2: VOP3("fcmla %0.2d, %1.2d, %2.2d, #180", d, n, m); break;
            default: VOP3("fcmla %0.2d, %1.2d, %2.2d, #270", d, n, m); break;
            }
            fcmla_model_d(&e, &n, &m, rot);
            check_v("fcmla 2d", &e, &d);
        }
        __asm__ volatile("fcadd %0.2d, %1.2d, %2.2d, #270" : "=w"(d.v) : "w"(n.v), "w"(m.v));
        e.df[0] = n.df[0] + m.df[1];
        e.df[1] = n.df[1] - m.df[0];
        check_v("fcadd 2d #270", &e, &d);
    }
    /* FPNeg flips the sign of a NaN operand too: rot #180 of a quiet NaN -0x7fc00001 */
    V n, m, d;
    n.d[0] = n.d[1] = 0x3f8000003f800000ull; /* 1.0 */
    m.d[0] = m.d[1] = 0x7fc000017fc00001ull;
    d.d[0] = d.d[1] = 0;
    VOP3("fcmla %0.4s, %1.4s, %2.4s, #180", d, n, m);
    CHECK_EQ("fcmla #180 negated NaN", 0xffc00001ffc00001ull, d.d[0]);
}

/* ---------------- FRINTTS ---------------- */

static uint32_t fbits(float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    return v;
}
static uint64_t dbits(double f)
{
    uint64_t v;
    memcpy(&v, &f, 8);
    return v;
}

#define FPSR_IOC 1u
#define FPSR_IXC 0x10u
#define FPSR_IDC 0x80u

static void test_frint(void)
{
    /* input, FRINT32Z, FRINT32X (round to nearest even), and the flags of each */
    static const struct {
        float in, z, x;
        uint32_t fz, fx;
    } s32[] = {
        {2.7f, 2.0f, 3.0f, FPSR_IXC, FPSR_IXC},
        {-2.5f, -2.0f, -2.0f, FPSR_IXC, FPSR_IXC},
        {3.5f, 3.0f, 4.0f, FPSR_IXC, FPSR_IXC},
        {-0.25f, -0.0f, -0.0f, FPSR_IXC, FPSR_IXC},
        {-0.0f, -0.0f, -0.0f, 0, 0},
        {5.0f, 5.0f, 5.0f, 0, 0},
        {2147483520.0f, 2147483520.0f, 2147483520.0f, 0, 0}, /* largest float < 2^31 */
        {2147483648.0f, -2147483648.0f, -2147483648.0f, FPSR_IOC, FPSR_IOC},
        {-2147483648.0f, -2147483648.0f, -2147483648.0f, 0, 0},
        {-3e9f, -2147483648.0f, -2147483648.0f, FPSR_IOC, FPSR_IOC},
        {INFINITY, -2147483648.0f, -2147483648.0f, FPSR_IOC, FPSR_IOC},
        {NAN, -2147483648.0f, -2147483648.0f, FPSR_IOC, FPSR_IOC},
    };
    for (unsigned i = 0; i < sizeof s32 / sizeof s32[0]; i++) {
        float r;
        char name[64];
        set_fpsr(0);
        __asm__ volatile("frint32z %s0, %s1" : "=w"(r) : "w"(s32[i].in));
        snprintf(name, sizeof name, "frint32z s #%u", i);
        CHECK_EQ(name, fbits(s32[i].z), fbits(r));
        CHECK_EQ(name, s32[i].fz, get_fpsr());
        set_fpsr(0);
        __asm__ volatile("frint32x %s0, %s1" : "=w"(r) : "w"(s32[i].in));
        snprintf(name, sizeof name, "frint32x s #%u", i);
        CHECK_EQ(name, fbits(s32[i].x), fbits(r));
        CHECK_EQ(name, s32[i].fx, get_fpsr());
    }
    static const struct {
        double in, z32, z64;
        uint32_t f32, f64;
    } s64[] = {
        {-7.75, -7.0, -7.0, FPSR_IXC, FPSR_IXC},
        {4294967296.0, -2147483648.0, 4294967296.0, FPSR_IOC, 0},
        {9.3e18, -2147483648.0, -9223372036854775808.0, FPSR_IOC, FPSR_IOC},
        {-9223372036854775808.0, -2147483648.0, -9223372036854775808.0, FPSR_IOC, 0},
        {0.5, 0.0, 0.0, FPSR_IXC, FPSR_IXC},
    };
    for (unsigned i = 0; i < sizeof s64 / sizeof s64[0]; i++) {
        double r;
        char name[64];
        set_fpsr(0);
        __asm__ volatile("frint32z %d0, %d1" : "=w"(r) : "w"(s64[i].in));
        snprintf(name, sizeof name, "frint32z d #%u", i);
        CHECK_EQ(name, dbits(s64[i].z32), dbits(r));
        CHECK_EQ(name, s64[i].f32, get_fpsr());
        set_fpsr(0);
        __asm__ volatile("frint64z %d0, %d1" : "=w"(r) : "w"(s64[i].in));
        snprintf(name, sizeof name, "frint64z d #%u", i);
        CHECK_EQ(name, dbits(s64[i].z64), dbits(r));
        CHECK_EQ(name, s64[i].f64, get_fpsr());
    }
    /* FRINT64X with FPCR.RMode = toward +inf (01), single precision vector */
    V n, d;
    n.f[0] = 1.25f;
    n.f[1] = -1.75f;
    n.f[2] = 1e19f;
    n.f[3] = -9.5f;
    set_fpcr(1u << 22);
    set_fpsr(0);
    __asm__ volatile("frint64x %0.4s, %1.4s" : "=w"(d.v) : "w"(n.v));
    uint64_t fl = get_fpsr();
    set_fpcr(0);
    CHECK_EQ("frint64x 4s [0]", fbits(2.0f), d.s[0]);
    CHECK_EQ("frint64x 4s [1]", fbits(-1.0f), d.s[1]);
    CHECK_EQ("frint64x 4s [2]", 0xdf000000u, d.s[2]);
    CHECK_EQ("frint64x 4s [3]", fbits(-9.0f), d.s[3]);
    CHECK_EQ("frint64x 4s flags", FPSR_IOC | FPSR_IXC, fl);
    n.df[0] = 2.5;
    n.df[1] = -3e10;
    __asm__ volatile("frint32z %0.2d, %1.2d" : "=w"(d.v) : "w"(n.v));
    CHECK_EQ("frint32z 2d [0]", dbits(2.0), d.d[0]);
    CHECK_EQ("frint32z 2d [1]", dbits(-2147483648.0), d.d[1]);
    n.f[0] = 0.5f;
    n.f[1] = -6.5f;
    __asm__ volatile("frint32x %0.2s, %1.2s" : "=w"(d.v) : "w"(n.v));
    CHECK_EQ("frint32x 2s", (uint64_t)fbits(-6.0f) << 32 | fbits(0.0f), d.d[0]);
    CHECK_EQ("frint32x 2s high", 0, d.d[1]);
}

/* ---------------- JSCVT ---------------- */

static void test_jscvt(void)
{
    static const struct {
        uint64_t in;
        uint32_t res, z, flags;
    } t[] = {
        {0x3ff0000000000000ull, 1, 1, 0},                    /* 1.0 */
        {0x3ff8000000000000ull, 1, 0, FPSR_IXC},             /* 1.5 */
        {0xbff8000000000000ull, 0xffffffffu, 0, FPSR_IXC},   /* -1.5 -> -1 */
        {0x41f0000050000000ull, 0x500, 0, FPSR_IOC},         /* 2^32 + 0x500 */
        {0x41e0000000000000ull, 0x80000000u, 0, FPSR_IOC},   /* 2^31 */
        {0xc1e0000000000000ull, 0x80000000u, 1, 0},          /* -2^31 */
        {0xc1dfffffffc00000ull, 0x80000001u, 1, 0},          /* -(2^31 - 1) */
        {0x8000000000000000ull, 0, 0, 0},                    /* -0.0: Z = 0 */
        {0x0000000000000000ull, 0, 1, 0},                    /* +0.0 */
        {0x7ff8000000000000ull, 0, 0, FPSR_IOC},             /* NaN */
        {0x7ff0000000000000ull, 0, 0, FPSR_IOC},             /* inf */
        {0x4415af1d78b58c40ull, 0x63100000u, 0, FPSR_IOC},   /* 1e20 mod 2^32 */
        {0x4202a05f20000000ull, 0x540be400u, 0, FPSR_IOC},   /* 1e10 */
        {0xc202a05f20000000ull, 0xabf41c00u, 0, FPSR_IOC},   /* -1e10 */
        {0x0000000000000001ull, 0, 0, FPSR_IXC},             /* denormal */
        {0x3fe0000000000000ull, 0, 0, FPSR_IXC},             /* 0.5 */
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        for (int fz = 0; fz < 2; fz++) {
            uint64_t r, nzcv, fl;
            double in;
            char name[64];
            memcpy(&in, &t[i].in, 8);
            set_fpcr(fz ? 1u << 24 : 0);
            set_fpsr(0);
            /* start from NZCV = 1111 so that every bit must be written */
            __asm__ volatile("msr nzcv, %3\n\tfjcvtzs %w0, %d2\n\tmrs %1, nzcv"
                             : "=&r"(r), "=r"(nzcv)
                             : "w"(in), "r"(0xf0000000ull)
                             : "cc");
            fl = get_fpsr();
            set_fpcr(0);
            snprintf(name, sizeof name, "fjcvtzs #%u fz=%d", i, fz);
            uint32_t exp_flags = t[i].flags;
            uint32_t exp_z = t[i].z;
            if (fz && i == 14) {
                /* flushed to +0 with IDC, but FPToFixedJS clears Z when op<51:0> is not
                 * zero: qemu-aarch64 7.2 sets Z here */
                exp_flags = FPSR_IDC;
                if (quirks && (nzcv >> 30 & 1)) {
                    printf("QUIRK fjcvtzs of a flushed denormal sets Z\n");
                    nzcv = 0;
                }
            }
            CHECK_EQ(name, t[i].res, r);
            CHECK_EQ(name, (uint64_t)exp_z << 30, nzcv);
            CHECK_EQ(name, exp_flags, fl);
        }
    }
}

/* ---------------- BF16 ---------------- */

static uint16_t bf(float f)
{
    return (uint16_t)(fbits(f) >> 16); /* exact for the values used below */
}

static void test_bf16(void)
{
    /* BFCVT: round to nearest even by default, toward zero with FPCR.RMode = 11 */
    static const struct {
        uint32_t in;
        uint16_t rn, rz;
        uint32_t fl;
    } c[] = {
        {0x3f800000u, 0x3f80, 0x3f80, 0},
        {0x3f808000u, 0x3f80, 0x3f80, FPSR_IXC},  /* tie to even (down) */
        {0x3f818000u, 0x3f82, 0x3f81, FPSR_IXC},  /* tie to even (up) */
        {0xbf80c000u, 0xbf81, 0xbf80, FPSR_IXC},
        {0x7f7fffffu, 0x7f80, 0x7f7f, FPSR_IXC | 0x4}, /* overflow (RN) */
        {0x7f800001u, 0x7fc0, 0x7fc0, FPSR_IOC},  /* signalling NaN, quietened */
        {0xffc12345u, 0xffc1, 0xffc1, 0},
        {0x80000000u, 0x8000, 0x8000, 0},
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        for (int rz = 0; rz < 2; rz++) {
            float in, r;
            char name[64];
            memcpy(&in, &c[i].in, 4);
            set_fpcr(rz ? 3u << 22 : 0);
            set_fpsr(0);
            __asm__ volatile("bfcvt %h0, %s1" : "=w"(r) : "w"(in));
            uint64_t fl = get_fpsr();
            set_fpcr(0);
            snprintf(name, sizeof name, "bfcvt #%u rz=%d", i, rz);
            CHECK_EQ(name, rz ? c[i].rz : c[i].rn, fbits(r));
            uint32_t efl = c[i].fl;
            if (rz && i == 4) {
                efl = FPSR_IXC; /* toward zero: the largest finite value, no overflow */
            }
            CHECK_EQ(name, efl, fl);
        }
    }
    V n, d;
    n.s[0] = 0x3f800000u;
    n.s[1] = 0x3f818000u;
    n.s[2] = 0xc0000000u;
    n.s[3] = 0x3f808001u;
    d.d[0] = d.d[1] = 0x1111111111111111ull;
    __asm__ volatile("bfcvtn %0.4h, %1.4s" : "=w"(d.v) : "w"(n.v));
    CHECK_EQ("bfcvtn", 0x3f81c0003f823f80ull, d.d[0]);
    CHECK_EQ("bfcvtn high", 0, d.d[1]);
    d.d[0] = d.d[1] = 0x1111111111111111ull;
    __asm__ volatile("bfcvtn2 %0.8h, %1.4s" : "+w"(d.v) : "w"(n.v));
    CHECK_EQ("bfcvtn2 low", 0x1111111111111111ull, d.d[0]);
    CHECK_EQ("bfcvtn2", 0x3f81c0003f823f80ull, d.d[1]);

    /* BFDOT: BFAdd(addend, BFAdd(BFMulH(a1, b1), BFMulH(a2, b2))), round to odd */
    V a, b, acc, r;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&acc, 0, sizeof acc);
    a.h[0] = bf(1.0f), a.h[1] = bf(1.0f), b.h[0] = bf(1.0f), b.h[1] = 0x3080; /* 2^-30 */
    acc.s[0] = 0;                              /* lane 0: 1 + 2^-30 rounds to odd */
    a.h[2] = bf(3.0f), a.h[3] = bf(-2.0f), b.h[2] = bf(0.5f), b.h[3] = bf(0.25f);
    acc.s[1] = fbits(10.0f);                   /* lane 1: 10 + (1.5 - 0.5) = 11 */
    a.h[4] = 0x0001, a.h[5] = bf(2.0f), b.h[4] = bf(1.0f), b.h[5] = bf(2.0f);
    acc.s[2] = 0x00400000u;                    /* lane 2: denormals flushed: 0 + 4 */
    a.h[6] = 0x7f81, a.h[7] = bf(1.0f), b.h[6] = bf(1.0f), b.h[7] = bf(1.0f);
    acc.s[3] = fbits(1.0f);                    /* lane 3: a NaN gives the default NaN */
    r = acc;
    VOP3("bfdot %0.4s, %1.8h, %2.8h", r, a, b);
    CHECK_EQ("bfdot round to odd", 0x3f800001u, r.s[0]);
    CHECK_EQ("bfdot", fbits(11.0f), r.s[1]);
    CHECK_EQ("bfdot flush", fbits(4.0f), r.s[2]);
    CHECK_EQ("bfdot nan", 0x7fc00000u, r.s[3]);
    r = acc;
    VOP3X("bfdot %0.2s, %1.4h, %2.2h[1]", r, a, b); /* b pair 1 = (0.5, 0.25) */
    CHECK_EQ("bfdot elem [0]", fbits(0.75f), r.s[0]);
    CHECK_EQ("bfdot elem [1]", fbits(11.0f), r.s[1]);
    CHECK_EQ("bfdot elem high", 0, r.d[1]);
    /* -1 + 1 with products exact: an exact zero sum is +0 */
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.h[0] = bf(-1.0f), b.h[0] = bf(1.0f);
    r.d[0] = r.d[1] = 0;
    r.s[0] = fbits(1.0f);
    r.s[1] = 0x80000000u; /* -0 + (-0 * 0) + (0 * 0): zero */
    VOP3("bfdot %0.2s, %1.4h, %2.4h", r, a, b);
    CHECK_EQ("bfdot +0", 0, r.s[0]);
    CHECK_EQ("bfdot -0 + 0", 0, r.s[1]);

    /* BFMMLA: 2x4 by 4x2 (rows of Vn, rows of Vm) into a 2x2 single matrix */
    for (int i = 0; i < 8; i++) {
        a.h[i] = bf((float)(i + 1));
        b.h[i] = bf((float)(i - 3) * 0.5f);
    }
    for (int i = 0; i < 4; i++) {
        acc.s[i] = fbits((float)i);
    }
    r = acc;
    VOP3("bfmmla %0.4s, %1.8h, %2.8h", r, a, b);
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            float sum = (float)(2 * i + j);
            for (int k = 0; k < 4; k++) {
                sum += (float)(4 * i + k + 1) * ((float)(4 * j + k - 3) * 0.5f);
            }
            char name[32];
            snprintf(name, sizeof name, "bfmmla [%d][%d]", i, j);
            CHECK_EQ(name, fbits(sum), r.s[2 * i + j]);
        }
    }

    /* BFMLALB/T: IEEE fused multiply-add of the widened even/odd halves (FPCR rounding) */
    for (int t = 0; t < 10; t++) {
        V x = rndv(), y = rndv(), z = rndv();
        for (int i = 0; i < 8; i++) { /* finite, normal values */
            x.h[i] = (uint16_t)((x.h[i] & 0x807f) | (0x3c00 + (x.h[i] & 0x0f00) / 2) << 0);
            y.h[i] = (uint16_t)((y.h[i] & 0x807f) | (0x3c00 + (y.h[i] & 0x0f00) / 2));
        }
        for (int i = 0; i < 4; i++) {
            z.s[i] = (z.s[i] & 0x807fffffu) | 0x3f000000u;
        }
        for (int top = 0; top < 2; top++) {
            for (int el = 0; el < 2; el++) {
                V e, g = z;
                for (int i = 0; i < 4; i++) {
                    float p, q2, s;
                    uint32_t pb = (uint32_t)x.h[2 * i + top] << 16;
                    uint32_t qb = (uint32_t)y.h[el ? 5 : 2 * i + top] << 16;
                    memcpy(&p, &pb, 4);
                    memcpy(&q2, &qb, 4);
                    memcpy(&s, &z.s[i], 4);
                    e.f[i] = fmaf(p, q2, s);
                }
                if (!el && !top) {
                    VOP3("bfmlalb %0.4s, %1.8h, %2.8h", g, x, y);
                } else if (!el) {
                    VOP3("bfmlalt %0.4s, %1.8h, %2.8h", g, x, y);
                } else if (!top) {
                    VOP3X("bfmlalb %0.4s, %1.8h, %2.h[5]", g, x, y);
                } else {
                    VOP3X("bfmlalt %0.4s, %1.8h, %2.h[5]", g, x, y);
                }
                check_v(top ? (el ? "bfmlalt elem" : "bfmlalt") : (el ? "bfmlalb elem" : "bfmlalb"),
                        &e, &g);
            }
        }
    }
}

/* ---------------- CSSC ---------------- */

#define CSSC1(insn, in)                                                                            \
    ({                                                                                             \
        uint64_t r_;                                                                               \
        __asm__(".arch_extension cssc\n\t" insn : "=r"(r_) : "r"((uint64_t)(in)));                 \
        r_;                                                                                        \
    })
#define CSSC2(insn, a, b)                                                                          \
    ({                                                                                             \
        uint64_t r_;                                                                               \
        __asm__(".arch_extension cssc\n\t" insn : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
        r_;                                                                                        \
    })

static void test_cssc(void)
{
    static const uint64_t vals[] = {0, 1, 0x80, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
                                    0x8000000000000000ull, 0x7fffffffffffffffull, ~0ull,
                                    0xfffffffffffffff6ull, 0x123456789abcdef0ull, 200, 0xc8};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint64_t x = vals[i];
        uint32_t w = (uint32_t)x;
        int64_t sx = (int64_t)x;
        int32_t sw = (int32_t)w;
        char name[64];
#define C(what, exp, got)                                                                          \
    snprintf(name, sizeof name, "%s(0x%llx)", what, (unsigned long long)x);                        \
    CHECK_EQ(name, exp, got)
        C("abs x", (uint64_t)(sx < 0 ? -(uint64_t)x : x), CSSC1("abs %0, %1", x));
        C("abs w", (uint32_t)(sw < 0 ? 0u - w : w), CSSC1("abs %w0, %w1", x));
        C("cnt x", __builtin_popcountll(x), CSSC1("cnt %0, %1", x));
        C("cnt w", __builtin_popcount(w), CSSC1("cnt %w0, %w1", x));
        C("ctz x", x ? __builtin_ctzll(x) : 64, CSSC1("ctz %0, %1", x));
        C("ctz w", w ? __builtin_ctz(w) : 32, CSSC1("ctz %w0, %w1", x));
        for (unsigned j = 0; j < sizeof vals / sizeof vals[0]; j++) {
            uint64_t y = vals[j];
            uint32_t v = (uint32_t)y;
            int64_t sy = (int64_t)y;
            int32_t sv = (int32_t)v;
            C("smax x", (uint64_t)(sx > sy ? sx : sy), CSSC2("smax %0, %1, %2", x, y));
            C("umin x", x < y ? x : y, CSSC2("umin %0, %1, %2", x, y));
            C("smin w", (uint32_t)(sw < sv ? sw : sv), CSSC2("smin %w0, %w1, %w2", x, y));
            C("umax w", w > v ? w : v, CSSC2("umax %w0, %w1, %w2", x, y));
        }
        C("smax x #-5", (uint64_t)(sx > -5 ? sx : -5), CSSC1("smax %0, %1, #-5", x));
        C("smin w #100", (uint32_t)(sw < 100 ? sw : 100), CSSC1("smin %w0, %w1, #100", x));
        C("umax w #200", w > 200 ? w : 200, CSSC1("umax %w0, %w1, #200", x));
        C("umin x #255", x < 255 ? x : 255, CSSC1("umin %0, %1, #255", x));
        C("smin x #-128", (uint64_t)(sx < -128 ? sx : -128), CSSC1("smin %0, %1, #-128", x));
#undef C
    }
}

/* ---------------- RNG, SSBS, DIT ---------------- */

static void test_sys(void)
{
    uint64_t a, b, f1, f2;
    __asm__ volatile("msr nzcv, %4\n\tmrs %0, rndr\n\tmrs %1, nzcv\n\t"
                     "msr nzcv, %4\n\tmrs %2, rndrrs\n\tmrs %3, nzcv"
                     : "=&r"(a), "=&r"(f1), "=&r"(b), "=&r"(f2)
                     : "r"(0xf0000000ull)
                     : "cc");
    CHECK_EQ("rndr nzcv", 0, f1);
    CHECK_EQ("rndrrs nzcv", 0, f2);
    CHECK("rndr and rndrrs differ", a != b);
    uint64_t v;
    if (quirks && !(getauxval(AT_HWCAP) & (1ul << 28))) {
        printf("QUIRK no SSBS/DIT\n");
        return;
    }
    /* Linux starts a task with SSBS set on a CPU that has it (no SSB mitigation requested) */
    __asm__ volatile("mrs %0, ssbs" : "=r"(v));
    CHECK_EQ("ssbs at start", 1u << 12, v);
    __asm__ volatile("msr ssbs, #0\n\tmrs %0, ssbs" : "=r"(v));
    CHECK_EQ("msr ssbs, #0", 0, v);
    __asm__ volatile("msr ssbs, %1\n\tmrs %0, ssbs" : "=r"(v) : "r"(~0ull));
    CHECK_EQ("msr ssbs, x", 1u << 12, v);
    __asm__ volatile("mrs %0, dit" : "=r"(v));
    CHECK_EQ("dit at start", 0, v);
    __asm__ volatile("msr dit, #1\n\tmrs %0, dit" : "=r"(v));
    CHECK_EQ("msr dit, #1", 1u << 24, v);
    __asm__ volatile("msr dit, %1\n\tmrs %0, dit" : "=r"(v) : "r"(0ull));
    CHECK_EQ("msr dit, xzr", 0, v);
    (void)get_nzcv;
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    quirks = getenv("VEMU_GUEST_QEMU_QUIRKS") != NULL;
    if (quirks) {
        hw |= 1ul << 24 | 1ul << 28; /* qemu 7.2 advertises neither DIT nor SSBS */
    }
    CHECK("HWCAP_ASIMDDP", hw & (1ul << 20));
    CHECK("HWCAP_ASIMDRDM", hw & (1ul << 12));
    CHECK("HWCAP_FCMA", hw & (1ul << 14));
    CHECK("HWCAP_JSCVT", hw & (1ul << 13));
    CHECK("HWCAP_DIT", hw & (1ul << 24));
    CHECK("HWCAP_SSBS", hw & (1ul << 28));
    CHECK("HWCAP2_FRINT", hw2 & (1ul << 8));
    CHECK("HWCAP2_I8MM", hw2 & (1ul << 13));
    CHECK("HWCAP2_BF16", hw2 & (1ul << 14));
    CHECK("HWCAP2_RNG", hw2 & (1ul << 16));
    if (quirks && !(hw2 & (1ul << 34))) {
        printf("QUIRK no CSSC\n");
    } else {
        CHECK("HWCAP2_CSSC", hw2 & (1ul << 34));
        test_cssc();
    }
    test_dot();
    test_rdm();
    test_fcma();
    test_frint();
    test_jscvt();
    test_bf16();
    test_sys();
    return finish("isa-ext");
}
