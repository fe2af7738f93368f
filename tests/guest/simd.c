/*
 * simd.c - AdvSIMD integer and a few FP vector instructions on pseudo-random
 * 128-bit inputs, each checked lane by lane against a plain C model:
 * add/sub/mul/mla (every element size), logic (and/orr/eor/bic/orn/bsl/bif/
 * bit/not), shifts (shl/ushr/sshr/ushl/sshl by register), saturating
 * sqadd/uqadd/uqsub, compares (cmeq/cmgt/cmhi/cmtst), reductions
 * (addv/umaxv/sminv/uaddlv), permutes (zip/uzp/trn/ext/rev64/tbl/dup/ins),
 * widening/narrowing (uxtl/sxtl/xtn), cnt, umov/smov, and fadd/fmul/fmla
 * on 4s/2d.  Also checks that writing a 64-bit vector (8b/4h/2s) clears
 * the upper half of the register.  The FP lane constants were computed on the
 * host with SSE arithmetic and fmaf() (correctly rounded, like FMLA).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

typedef struct {
    uint8_t b[16];
} __attribute__((aligned(16))) V;

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint8_t rnd8(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint8_t)(rng >> 56);
}

static void rndv(V *v, int mode)
{
    for (int i = 0; i < 16; i++) {
        v->b[i] = rnd8();
    }
    if (mode == 1) { /* many edge values */
        static const uint8_t edge[] = { 0x00, 0x7f, 0x80, 0xff, 0x01, 0xfe };
        for (int i = 0; i < 16; i++) {
            if (rnd8() & 1) {
                v->b[i] = edge[rnd8() % 6];
            }
        }
    }
}

/* lane accessors, little-endian lanes of `es` bytes */
static uint64_t lane(const V *v, int es, int i)
{
    uint64_t x = 0;
    memcpy(&x, v->b + i * es, es);
    return x;
}
static int64_t slane(const V *v, int es, int i)
{
    int sh = 64 - 8 * es;
    return (int64_t)(lane(v, es, i) << sh) >> sh;
}
static void setlane(V *v, int es, int i, uint64_t x) { memcpy(v->b + i * es, &x, es); }
static uint64_t emask(int es) { return es == 8 ? ~0ull : (1ull << (8 * es)) - 1; }

static int nreported;
static void cmpv(const char *what, const V *exp, const V *got, const V *a, const V *b)
{
    if (memcmp(exp, got, 16) != 0) {
        check_failures++;
        if (nreported++ < 40) {
            printf("FAIL %s:\n  a   =", what);
            for (int i = 15; i >= 0; i--) printf("%02x", a->b[i]);
            printf("\n  b   =");
            for (int i = 15; i >= 0; i--) printf("%02x", b->b[i]);
            printf("\n  exp =");
            for (int i = 15; i >= 0; i--) printf("%02x", exp->b[i]);
            printf("\n  got =");
            for (int i = 15; i >= 0; i--) printf("%02x", got->b[i]);
            printf("\n");
        }
    }
}

/* run `text` with v1 = a, v2 = b, v0 = c (accumulator); result is v0 */
#define VOP(text)                                                                  \
    asm volatile("ldr q1, [%1]\n\tldr q2, [%2]\n\tldr q0, [%3]\n\t" text "\n\tstr q0, [%0]" \
                 :: "r"(&got), "r"(&a), "r"(&b), "r"(&c) : "v0", "v1", "v2", "memory")

enum { ADD, SUB, MUL, MLA, SQADD, UQADD, UQSUB, CMEQ, CMGT, CMHI, CMTST, USHL, SSHL, UMAX, SMIN };

static uint64_t ref_lane(int op, int es, const V *a, const V *b, const V *c, int i)
{
    uint64_t m = emask(es), x = lane(a, es, i), y = lane(b, es, i);
    int64_t sx = slane(a, es, i), sy = slane(b, es, i);
    int64_t smax = (int64_t)(m >> 1), smin = -smax - 1;
    switch (op) {
    case ADD: return (x + y) & m;
    case SUB: return (x - y) & m;
    case MUL: return (x * y) & m;
    case MLA: return (lane(c, es, i) + x * y) & m;
    case SQADD: {
        __int128 s = (__int128)sx + sy;
        return (uint64_t)(s > smax ? smax : s < smin ? smin : (int64_t)s) & m;
    }
    case UQADD: {
        unsigned __int128 s = (unsigned __int128)x + y;
        return s > m ? m : (uint64_t)s;
    }
    case UQSUB: return x > y ? x - y : 0;
    case CMEQ: return x == y ? m : 0;
    case CMGT: return sx > sy ? m : 0;
    case CMHI: return x > y ? m : 0;
    case CMTST: return (x & y) ? m : 0;
    case USHL:
    case SSHL: {
        int8_t sh = (int8_t)(y & 0xff); /* shift from the bottom byte of each lane */
        int bits = 8 * es;
        if (sh >= 0) {
            return sh >= bits ? 0 : (x << sh) & m;
        }
        int r = -sh;
        if (op == USHL) {
            return r >= bits ? 0 : x >> r;
        }
        return (uint64_t)(r >= bits ? (sx < 0 ? -1 : 0) : sx >> r) & m;
    }
    case UMAX: return x > y ? x : y;
    case SMIN: return (uint64_t)(sx < sy ? sx : sy) & m;
    }
    return 0;
}

static void expect_lanes(V *exp, int op, int es, int nbytes, const V *a, const V *b, const V *c)
{
    memset(exp, 0, sizeof(*exp));
    for (int i = 0; i < nbytes / es; i++) {
        setlane(exp, es, i, ref_lane(op, es, a, b, c, i));
    }
}

static void test_lanewise(void)
{
    V a, b, c, got, exp;
    for (int iter = 0; iter < 200; iter++) {
        rndv(&a, iter & 1);
        rndv(&b, iter & 1);
        rndv(&c, 0);
        if (iter % 7 == 0) {
            b = a; /* exercise equality compares */
        }
#define L(op, es, nb, text)                                   \
    do {                                                      \
        VOP(text);                                            \
        expect_lanes(&exp, op, es, nb, &a, &b, &c);           \
        cmpv(text, &exp, &got, &a, &b);                       \
    } while (0)
        L(ADD, 1, 16, "add v0.16b, v1.16b, v2.16b");
        L(ADD, 2, 16, "add v0.8h, v1.8h, v2.8h");
        L(ADD, 4, 16, "add v0.4s, v1.4s, v2.4s");
        L(ADD, 8, 16, "add v0.2d, v1.2d, v2.2d");
        L(ADD, 1, 8, "add v0.8b, v1.8b, v2.8b");
        L(SUB, 2, 8, "sub v0.4h, v1.4h, v2.4h");
        L(SUB, 8, 16, "sub v0.2d, v1.2d, v2.2d");
        L(MUL, 1, 16, "mul v0.16b, v1.16b, v2.16b");
        L(MUL, 2, 16, "mul v0.8h, v1.8h, v2.8h");
        L(MUL, 4, 8, "mul v0.2s, v1.2s, v2.2s");
        L(MLA, 4, 16, "mla v0.4s, v1.4s, v2.4s");
        L(MLA, 1, 8, "mla v0.8b, v1.8b, v2.8b");
        L(SQADD, 1, 16, "sqadd v0.16b, v1.16b, v2.16b");
        L(SQADD, 4, 16, "sqadd v0.4s, v1.4s, v2.4s");
        L(SQADD, 8, 16, "sqadd v0.2d, v1.2d, v2.2d");
        L(UQADD, 2, 16, "uqadd v0.8h, v1.8h, v2.8h");
        L(UQSUB, 1, 16, "uqsub v0.16b, v1.16b, v2.16b");
        L(CMEQ, 1, 16, "cmeq v0.16b, v1.16b, v2.16b");
        L(CMEQ, 8, 16, "cmeq v0.2d, v1.2d, v2.2d");
        L(CMGT, 2, 16, "cmgt v0.8h, v1.8h, v2.8h");
        L(CMGT, 8, 16, "cmgt v0.2d, v1.2d, v2.2d");
        L(CMHI, 4, 16, "cmhi v0.4s, v1.4s, v2.4s");
        L(CMTST, 1, 16, "cmtst v0.16b, v1.16b, v2.16b");
        L(USHL, 1, 16, "ushl v0.16b, v1.16b, v2.16b");
        L(USHL, 4, 16, "ushl v0.4s, v1.4s, v2.4s");
        L(SSHL, 2, 16, "sshl v0.8h, v1.8h, v2.8h");
        L(SSHL, 8, 16, "sshl v0.2d, v1.2d, v2.2d");
        L(UMAX, 1, 16, "umax v0.16b, v1.16b, v2.16b");
        L(SMIN, 4, 16, "smin v0.4s, v1.4s, v2.4s");
#undef L
    }
}

static void test_logic_shift_perm(void)
{
    V a, b, c, got, exp;
    for (int iter = 0; iter < 100; iter++) {
        rndv(&a, 0);
        rndv(&b, 0);
        rndv(&c, 0);
#define BYTES(text, expr)                                     \
    do {                                                      \
        VOP(text);                                            \
        for (int i = 0; i < 16; i++) {                        \
            exp.b[i] = (uint8_t)(expr);                       \
        }                                                     \
        cmpv(text, &exp, &got, &a, &b);                       \
    } while (0)
        BYTES("and v0.16b, v1.16b, v2.16b", a.b[i] & b.b[i]);
        BYTES("orr v0.16b, v1.16b, v2.16b", a.b[i] | b.b[i]);
        BYTES("eor v0.16b, v1.16b, v2.16b", a.b[i] ^ b.b[i]);
        BYTES("bic v0.16b, v1.16b, v2.16b", a.b[i] & ~b.b[i]);
        BYTES("orn v0.16b, v1.16b, v2.16b", a.b[i] | ~b.b[i]);
        BYTES("not v0.16b, v1.16b", ~a.b[i]);
        BYTES("bsl v0.16b, v1.16b, v2.16b", (c.b[i] & a.b[i]) | (~c.b[i] & b.b[i]));
        BYTES("bit v0.16b, v1.16b, v2.16b", (b.b[i] & a.b[i]) | (~b.b[i] & c.b[i]));
        BYTES("bif v0.16b, v1.16b, v2.16b", (~b.b[i] & a.b[i]) | (b.b[i] & c.b[i]));
        BYTES("and v0.8b, v1.8b, v2.8b", i < 8 ? a.b[i] & b.b[i] : 0); /* upper half cleared */
        BYTES("cnt v0.16b, v1.16b", __builtin_popcount(a.b[i]));
        BYTES("rev64 v0.16b, v1.16b", a.b[(i & 8) + 7 - (i & 7)]);
        BYTES("zip1 v0.16b, v1.16b, v2.16b", (i & 1) ? b.b[i / 2] : a.b[i / 2]);
        BYTES("zip2 v0.16b, v1.16b, v2.16b", (i & 1) ? b.b[8 + i / 2] : a.b[8 + i / 2]);
        BYTES("uzp1 v0.16b, v1.16b, v2.16b", i < 8 ? a.b[2 * i] : b.b[2 * (i - 8)]);
        BYTES("uzp2 v0.16b, v1.16b, v2.16b", i < 8 ? a.b[2 * i + 1] : b.b[2 * (i - 8) + 1]);
        BYTES("trn1 v0.16b, v1.16b, v2.16b", (i & 1) ? b.b[i - 1] : a.b[i]);
        BYTES("trn2 v0.16b, v1.16b, v2.16b", (i & 1) ? b.b[i] : a.b[i + 1]);
        BYTES("ext v0.16b, v1.16b, v2.16b, #5", i + 5 < 16 ? a.b[i + 5] : b.b[i + 5 - 16]);
        BYTES("dup v0.16b, v1.b[9]", a.b[9]);
        BYTES("ins v0.b[3], v1.b[12]", i == 3 ? a.b[12] : c.b[i]);
        BYTES("shl v0.16b, v1.16b, #3", a.b[i] << 3);
        BYTES("ushr v0.16b, v1.16b, #7", a.b[i] >> 7);
        BYTES("sshr v0.16b, v1.16b, #2", (int8_t)a.b[i] >> 2);
        BYTES("movi v0.16b, #0xa5", 0xa5);
        /* tbl: indices >= 16 give 0 */
        for (int i = 0; i < 16; i++) {
            b.b[i] &= 0x1f;
        }
        BYTES("tbl v0.16b, {v1.16b}, v2.16b", b.b[i] < 16 ? a.b[b.b[i]] : 0);
#undef BYTES
        /* lane-typed shifts and widening / narrowing */
        VOP("ushr v0.4s, v1.4s, #31");
        for (int i = 0; i < 4; i++) setlane(&exp, 4, i, lane(&a, 4, i) >> 31);
        cmpv("ushr v0.4s, #31", &exp, &got, &a, &b);
        VOP("sshr v0.2d, v1.2d, #63");
        for (int i = 0; i < 2; i++) setlane(&exp, 8, i, (uint64_t)(slane(&a, 8, i) >> 63));
        cmpv("sshr v0.2d, #63", &exp, &got, &a, &b);
        VOP("shl v0.8h, v1.8h, #15");
        for (int i = 0; i < 8; i++) setlane(&exp, 2, i, (lane(&a, 2, i) << 15) & 0xffff);
        cmpv("shl v0.8h, #15", &exp, &got, &a, &b);
        VOP("uxtl v0.8h, v1.8b");
        for (int i = 0; i < 8; i++) setlane(&exp, 2, i, a.b[i]);
        cmpv("uxtl v0.8h, v1.8b", &exp, &got, &a, &b);
        VOP("sxtl2 v0.2d, v1.4s");
        for (int i = 0; i < 2; i++) setlane(&exp, 8, i, (uint64_t)slane(&a, 4, i + 2));
        cmpv("sxtl2 v0.2d, v1.4s", &exp, &got, &a, &b);
        VOP("xtn v0.8b, v1.8h");
        memset(&exp, 0, sizeof(exp));
        for (int i = 0; i < 8; i++) exp.b[i] = a.b[2 * i];
        cmpv("xtn v0.8b, v1.8h", &exp, &got, &a, &b);
        VOP("xtn2 v0.8h, v1.4s");
        memcpy(&exp, &c, 8);
        for (int i = 0; i < 4; i++) setlane(&exp, 2, 4 + i, lane(&a, 4, i) & 0xffff);
        cmpv("xtn2 v0.8h, v1.4s", &exp, &got, &a, &b);
    }
}

static void test_reduce_moves(void)
{
    V a;
    for (int iter = 0; iter < 100; iter++) {
        rndv(&a, iter & 1);
        uint64_t addv, umaxv, sminv, uaddlv, um, sm;
        asm volatile("ldr q1, [%6]\n\t"
                     "addv b0, v1.16b\n\tumov %w0, v0.b[0]\n\t"
                     "umaxv h0, v1.8h\n\tumov %w1, v0.h[0]\n\t"
                     "sminv s0, v1.4s\n\tfmov %w2, s0\n\t"
                     "uaddlv h0, v1.16b\n\tumov %w3, v0.h[0]\n\t"
                     "umov %4, v1.d[1]\n\t"
                     "smov %5, v1.h[5]"
                     : "=r"(addv), "=r"(umaxv), "=r"(sminv), "=r"(uaddlv), "=r"(um), "=r"(sm)
                     : "r"(&a) : "v0", "v1");
        uint64_t e_add = 0, e_umax = 0, e_uaddlv = 0;
        int64_t e_smin = INT64_MAX;
        for (int i = 0; i < 16; i++) {
            e_add += a.b[i];
            e_uaddlv += a.b[i];
        }
        for (int i = 0; i < 8; i++) {
            if (lane(&a, 2, i) > e_umax) e_umax = lane(&a, 2, i);
        }
        for (int i = 0; i < 4; i++) {
            if (slane(&a, 4, i) < e_smin) e_smin = slane(&a, 4, i);
        }
        CHECK_EQ("addv b", e_add & 0xff, addv);
        CHECK_EQ("umaxv h", e_umax, umaxv);
        CHECK_EQ("sminv s", (uint32_t)e_smin, sminv);
        CHECK_EQ("uaddlv h", e_uaddlv, uaddlv);
        CHECK_EQ("umov x, v.d[1]", lane(&a, 8, 1), um);
        CHECK_EQ("smov x, v.h[5]", (uint64_t)slane(&a, 2, 5), sm);
    }
    uint64_t lo, hi;
    asm volatile("mov x9, #0x1234\n\tdup v3.4s, w9\n\tmov %0, v3.d[0]\n\tmov %1, v3.d[1]"
                 : "=r"(lo), "=r"(hi) :: "x9", "v3");
    CHECK_EQ("dup v.4s, w lo", 0x0000123400001234ull, lo);
    CHECK_EQ("dup v.4s, w hi", 0x0000123400001234ull, hi);
    asm volatile("movi v4.2d, #0xff00ff00ff00ff00\n\tmov %0, v4.d[0]\n\tmov %1, v4.d[1]"
                 : "=r"(lo), "=r"(hi) :: "v4");
    CHECK_EQ("movi 2d", 0xff00ff00ff00ff00ull, lo);
    CHECK_EQ("movi 2d hi", 0xff00ff00ff00ff00ull, hi);
    asm volatile("movi v5.16b, #0xff\n\tmovi v5.2s, #1\n\tmov %0, v5.d[0]\n\tmov %1, v5.d[1]"
                 : "=r"(lo), "=r"(hi) :: "v5");
    CHECK_EQ("movi 2s", 0x0000000100000001ull, lo);
    CHECK_EQ("movi 2s clears the upper half", 0, hi);
}

static void test_fp_vector(void)
{
    static const float fa[4] = { 1.5f, -2.25f, 1e30f, 0.1f }, fb[4] = { 2.0f, 0.5f, 1e10f, 0.2f },
                       fc[4] = { 0.25f, 1.0f, -1.0f, 3.0f };
    float out[4] __attribute__((aligned(16)));
    asm volatile("ldr q1, [%1]\n\tldr q2, [%2]\n\tfadd v0.4s, v1.4s, v2.4s\n\tstr q0, [%0]"
                 :: "r"(out), "r"(fa), "r"(fb) : "v0", "v1", "v2", "memory");
    static const uint32_t add_exp[4] = { 0x40600000u, 0xbfe00000u, 0x7149f2cau, 0x3e99999au };
    for (int i = 0; i < 4; i++) {
        uint32_t g;
        memcpy(&g, &out[i], 4);
        CHECK_EQ("fadd 4s lane", add_exp[i], g);
    }
    asm volatile("ldr q1, [%1]\n\tldr q2, [%2]\n\tldr q0, [%3]\n\tfmla v0.4s, v1.4s, v2.4s\n\tstr q0, [%0]"
                 :: "r"(out), "r"(fa), "r"(fb), "r"(fc) : "v0", "v1", "v2", "memory");
    static const uint32_t fmla_exp[4] = { 0x40500000u, 0xbe000000u, 0x7f800000u, 0x404147aeu };
    for (int i = 0; i < 4; i++) {
        uint32_t g;
        memcpy(&g, &out[i], 4);
        CHECK_EQ("fmla 4s lane (fused)", fmla_exp[i], g);
    }
    static const double da[2] = { 1.0 / 3, -0.0 }, db[2] = { 3.0, 0.0 };
    double dout[2] __attribute__((aligned(16)));
    asm volatile("ldr q1, [%1]\n\tldr q2, [%2]\n\tfmul v0.2d, v1.2d, v2.2d\n\tstr q0, [%0]"
                 :: "r"(dout), "r"(da), "r"(db) : "v0", "v1", "v2", "memory");
    uint64_t d0, d1;
    memcpy(&d0, &dout[0], 8);
    memcpy(&d1, &dout[1], 8);
    CHECK_EQ("fmul 2d lane 0", 0x3ff0000000000000ull, d0);
    CHECK_EQ("fmul 2d lane 1 (-0 * 0)", 0x8000000000000000ull, d1);
}

int main(void)
{
    test_lanewise();
    test_logic_shift_perm();
    test_reduce_moves();
    test_fp_vector();
    return finish("simd");
}
