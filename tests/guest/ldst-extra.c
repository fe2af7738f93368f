/*
 * ldst-extra.c - load/store corners not covered by ldst.c/atomics.c: AdvSIMD structure
 * transfers (LD1-LD4/ST1-ST4 multiple, single lanes, LDnR replicate, immediate and
 * register post-index), SIMD&FP loads zeroing the upper bytes, FP literals, pair
 * exclusives and CASP on X registers, RCpc LDAPUR/STLUR, the base == Rt writeback case
 * and SIGBUS on a misaligned exclusive.
 *
 * Example check: after "ld2 {v0.8h, v1.8h}, [x0]" on halfwords 0,1,2,...,15, v0 holds the
 * even ones and v1 the odd ones.  Build: aarch64-linux-gnu-gcc -static -O2
 * -march=armv8.4-a ldst-extra.c; prints "PASS ldst-extra".
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

typedef struct {
    uint8_t b[16];
} V16;

static uint8_t src[256] __attribute__((aligned(64)));
static uint8_t dst[256] __attribute__((aligned(64)));
static V16 out[8];

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(src); i++) {
        src[i] = (uint8_t)(i + 1);
    }
    memset(dst, 0xee, sizeof(dst));
    memset(out, 0xcc, sizeof(out));
}

/* Store v0..v7 to out[]. */
#define SAVE_V0_7 "st1 {v0.16b-v3.16b}, [%[o]], #64\n st1 {v4.16b-v7.16b}, [%[o]]\n"
#define PRESET_V0_7                                                                     \
    "movi v0.16b, #0xaa\n movi v1.16b, #0xaa\n movi v2.16b, #0xaa\n movi v3.16b, #0xaa\n" \
    "movi v4.16b, #0xaa\n movi v5.16b, #0xaa\n movi v6.16b, #0xaa\n movi v7.16b, #0xaa\n"
#define CLOB "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "memory"

static uint64_t q_lo(int r)
{
    uint64_t v;
    memcpy(&v, out[r].b, 8);
    return v;
}

static uint64_t q_hi(int r)
{
    uint64_t v;
    memcpy(&v, out[r].b + 8, 8);
    return v;
}

static void test_ld1_multi(void)
{
    void *o = out, *p = src;
    fill();
    asm volatile(PRESET_V0_7 "ld1 {v0.16b}, [%[p]]\n"
                             "ld1 {v1.8b, v2.8b}, [%[p]]\n"
                             "ld1 {v3.2d, v4.2d, v5.2d}, [%[p]], #48\n"
                             "ld1 {v6.4s}, [%[p]]\n" SAVE_V0_7
                 : [o] "+r"(o), [p] "+r"(p)
                 :
                 : CLOB);
    CHECK("ld1 post #48", (uint8_t *)p == src + 48);
    CHECK("ld1 16b", memcmp(out[0].b, src, 16) == 0);
    CHECK("ld1 8b x2 a", memcmp(out[1].b, src, 8) == 0);
    CHECK_EQ("ld1 8b upper zero", 0, q_hi(1));
    CHECK("ld1 8b x2 b", memcmp(out[2].b, src + 8, 8) == 0);
    CHECK_EQ("ld1 8b x2 b upper", 0, q_hi(2));
    CHECK("ld1 x3 a", memcmp(out[3].b, src, 16) == 0);
    CHECK("ld1 x3 b", memcmp(out[4].b, src + 16, 16) == 0);
    CHECK("ld1 x3 c", memcmp(out[5].b, src + 32, 16) == 0);
    CHECK("ld1 after post", memcmp(out[6].b, src + 48, 16) == 0);

    /* st1 x4 with register post-index, wrapping register list v31, v0, v1, v2. */
    void *d = dst;
    uint64_t step = 5;
    fill();
    asm volatile("ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [%[p]]\n"
                 "mov v31.16b, v3.16b\n"
                 "st1 {v31.16b, v0.16b, v1.16b, v2.16b}, [%[d]], %[step]\n"
                 : [d] "+r"(d)
                 : [p] "r"(src), [step] "r"(step)
                 : "v0", "v1", "v2", "v3", "v31", "memory");
    CHECK("st1 post reg", (uint8_t *)d == dst + 5);
    CHECK("st1 wrap a", memcmp(dst, src + 48, 16) == 0);
    CHECK("st1 wrap b", memcmp(dst + 16, src, 48) == 0);
}

static void test_ld234(void)
{
    void *o = out;
    fill();
    asm volatile(PRESET_V0_7 "ld2 {v0.8h, v1.8h}, [%[p]]\n"
                             "ld3 {v2.4s, v3.4s, v4.4s}, [%[p]]\n" SAVE_V0_7
                 : [o] "+r"(o)
                 : [p] "r"(src)
                 : CLOB);
    for (int i = 0; i < 8; i++) {
        uint16_t e0, e1, s0, s1;
        memcpy(&e0, out[0].b + 2 * i, 2);
        memcpy(&e1, out[1].b + 2 * i, 2);
        memcpy(&s0, src + 4 * i, 2);
        memcpy(&s1, src + 4 * i + 2, 2);
        CHECK_EQ("ld2 8h even", s0, e0);
        CHECK_EQ("ld2 8h odd", s1, e1);
    }
    for (int i = 0; i < 4; i++) {
        for (int k = 0; k < 3; k++) {
            uint32_t e, v;
            memcpy(&e, out[2 + k].b + 4 * i, 4);
            memcpy(&v, src + 12 * i + 4 * k, 4);
            CHECK_EQ("ld3 4s", v, e);
        }
    }

    o = out;
    fill();
    asm volatile(PRESET_V0_7 "ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [%[p]]\n"
                             "ld4 {v4.8b, v5.8b, v6.8b, v7.8b}, [%[p]]\n" SAVE_V0_7
                 : [o] "+r"(o)
                 : [p] "r"(src)
                 : CLOB);
    for (int i = 0; i < 16; i++) {
        for (int k = 0; k < 4; k++) {
            CHECK_EQ("ld4 16b", src[4 * i + k], out[k].b[i]);
            if (i < 8) {
                CHECK_EQ("ld4 8b", src[4 * i + k], out[4 + k].b[i]);
            } else {
                CHECK_EQ("ld4 8b upper", 0, out[4 + k].b[i]);
            }
        }
    }

    /* ST2/ST3/ST4 invert the loads. */
    void *p = src, *d = dst;
    fill();
    asm volatile("ld2 {v0.2d, v1.2d}, [%[p]], #32\n"
                 "st2 {v0.2d, v1.2d}, [%[d]], #32\n"
                 "ld3 {v0.8b, v1.8b, v2.8b}, [%[p]], #24\n"
                 "st3 {v0.8b, v1.8b, v2.8b}, [%[d]], #24\n"
                 "ld4 {v0.4h, v1.4h, v2.4h, v3.4h}, [%[p]], #32\n"
                 "st4 {v0.4h, v1.4h, v2.4h, v3.4h}, [%[d]], #32\n"
                 "ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [%[p]]\n"
                 "st4 {v0.4s, v1.4s, v2.4s, v3.4s}, [%[d]]\n"
                 : [p] "+r"(p), [d] "+r"(d)
                 :
                 : "v0", "v1", "v2", "v3", "memory");
    CHECK("st234 post", (uint8_t *)p == src + 88 && (uint8_t *)d == dst + 88);
    CHECK("st234 roundtrip", memcmp(dst, src, 88 + 64) == 0);
    CHECK_EQ("st234 no overrun", 0xee, dst[88 + 64]);
}

static void test_single(void)
{
    void *o = out;
    fill();
    asm volatile(PRESET_V0_7 "ld1 {v0.s}[2], [%[p]]\n"
                             "ld2 {v1.h, v2.h}[5], [%[p]]\n"
                             "ld4 {v3.b, v4.b, v5.b, v6.b}[15], [%[p]]\n"
                             "ld1 {v7.d}[1], [%[p]]\n" SAVE_V0_7
                 : [o] "+r"(o)
                 : [p] "r"(src)
                 : CLOB);
    for (int i = 0; i < 16; i++) {
        uint8_t want = (i >= 8 && i < 12) ? src[i - 8] : 0xaa;
        CHECK_EQ("ld1 s[2]", want, out[0].b[i]);
        want = (i >= 10 && i < 12) ? src[i - 10] : 0xaa;
        CHECK_EQ("ld2 h[5] a", want, out[1].b[i]);
        want = (i >= 10 && i < 12) ? src[i - 10 + 2] : 0xaa;
        CHECK_EQ("ld2 h[5] b", want, out[2].b[i]);
        for (int k = 0; k < 4; k++) {
            want = i == 15 ? src[k] : 0xaa;
            CHECK_EQ("ld4 b[15]", want, out[3 + k].b[i]);
        }
        want = i >= 8 ? src[i - 8] : 0xaa;
        CHECK_EQ("ld1 d[1]", want, out[7].b[i]);
    }

    o = out;
    void *p = src;
    uint64_t step = 3;
    fill();
    asm volatile(PRESET_V0_7 "ld1r {v0.4s}, [%[p]]\n"
                             "ld1r {v1.8b}, [%[p]], #1\n"
                             "ld2r {v2.8h, v3.8h}, [%[p]], %[step]\n"
                             "ld3r {v4.2d, v5.2d, v6.2d}, [%[p]]\n"
                             "ld1r {v7.1d}, [%[p]]\n" SAVE_V0_7
                 : [o] "+r"(o), [p] "+r"(p)
                 : [step] "r"(step)
                 : CLOB);
    CHECK("ldnr post", (uint8_t *)p == src + 4);
    for (int i = 0; i < 16; i++) {
        CHECK_EQ("ld1r 4s", src[i % 4], out[0].b[i]);
        CHECK_EQ("ld1r 8b", i < 8 ? src[0] : 0, out[1].b[i]);
        CHECK_EQ("ld2r 8h a", src[1 + i % 2], out[2].b[i]);
        CHECK_EQ("ld2r 8h b", src[3 + i % 2], out[3].b[i]);
        for (int k = 0; k < 3; k++) {
            CHECK_EQ("ld3r 2d", src[4 + 8 * k + i % 8], out[4 + k].b[i]);
        }
        CHECK_EQ("ld1r 1d", i < 8 ? src[4 + i] : 0, out[7].b[i]);
    }

    /* st1/st3 lanes */
    fill();
    asm volatile("ld1 {v0.16b, v1.16b, v2.16b}, [%[p]]\n"
                 "st1 {v0.b}[7], [%[d]]\n"
                 "st3 {v0.s, v1.s, v2.s}[3], [%[d2]]\n"
                 "st1 {v2.d}[1], [%[d3]]\n"
                 :
                 : [p] "r"(src), [d] "r"(dst), [d2] "r"(dst + 16), [d3] "r"(dst + 40)
                 : "v0", "v1", "v2", "memory");
    CHECK_EQ("st1 b[7]", src[7], dst[0]);
    CHECK_EQ("st1 b[7] only", 0xee, dst[1]);
    CHECK("st3 s[3]", memcmp(dst + 16, src + 12, 4) == 0 &&
                          memcmp(dst + 20, src + 28, 4) == 0 &&
                          memcmp(dst + 24, src + 44, 4) == 0);
    CHECK_EQ("st3 only", 0xee, dst[28]);
    CHECK("st1 d[1]", memcmp(dst + 40, src + 40, 8) == 0);
}

static void test_fp_regs(void)
{
    void *o = out;
    uint8_t *p = src + 16;
    fill();
    asm volatile(PRESET_V0_7 "ldr b0, [%[p]]\n"
                             "ldr h1, [%[p], #2]\n"
                             "ldur s2, [%[p], #-3]\n"
                             "ldr d3, [%[p], %[i], lsl #3]\n"
                             "ldr q4, [%[p], #16]!\n"
                             "ldp s5, s6, [%[p]], #-8\n"
                             "ldnp d7, d2, [%[p]]\n" SAVE_V0_7
                 : [o] "+r"(o), [p] "+r"(p)
                 : [i] "r"(2ull)
                 : CLOB);
    CHECK("fp wb", p == src + 24);
    CHECK_EQ("ldr b", src[16], q_lo(0));
    CHECK_EQ("ldr b hi", 0, q_hi(0));
    CHECK_EQ("ldr h", src[18] | src[19] << 8, q_lo(1));
    CHECK_EQ("ldr h hi", 0, q_hi(1));
    CHECK("ldnp d2", memcmp(out[2].b, src + 32, 8) == 0 && q_hi(2) == 0);
    CHECK("ldr d reg", memcmp(out[3].b, src + 32, 8) == 0 && q_hi(3) == 0);
    CHECK("ldr q pre", memcmp(out[4].b, src + 32, 16) == 0);
    CHECK("ldp s a", memcmp(out[5].b, src + 32, 4) == 0 && q_hi(5) == 0 &&
                         (q_lo(5) >> 32) == 0);
    CHECK("ldp s b", memcmp(out[6].b, src + 36, 4) == 0 && q_hi(6) == 0);
    CHECK("ldnp d7", memcmp(out[7].b, src + 24, 8) == 0 && q_hi(7) == 0);

    /* stores: str h, stur s, str q register offset sxtw, stp q pre-index, stnp s */
    uint8_t *d = dst + 64;
    fill();
    asm volatile("ldr q0, [%[p]]\n"
                 "ldr q1, [%[p], #16]\n"
                 "str h0, [%[d], #-64]\n"
                 "stur s1, [%[d], #-61]\n"
                 "str q0, [%[d], %w[neg], sxtw]\n"
                 "stp q0, q1, [%[d], #32]!\n"
                 "stnp s1, s0, [%[d], #-8]\n"
                 : [d] "+r"(d)
                 : [p] "r"(src), [neg] "r"(-16)
                 : "v0", "v1", "memory");
    CHECK("stp q pre wb", d == dst + 96);
    CHECK("str h", memcmp(dst, src, 2) == 0 && dst[2] == 0xee);
    CHECK("stur s", memcmp(dst + 3, src + 16, 4) == 0 && dst[7] == 0xee);
    CHECK("str q sxtw", memcmp(dst + 48, src, 16) == 0);
    CHECK("stp q", memcmp(dst + 96, src, 32) == 0);
    CHECK("stnp s", memcmp(dst + 88, src + 16, 4) == 0 && memcmp(dst + 92, src, 4) == 0);
}

static void test_fp_literal(void)
{
    uint64_t s, d, qlo, qhi;
    asm volatile("ldr s0, 1f\n"
                 "ldr d1, 2f\n"
                 "ldr q2, 3f\n"
                 "b 4f\n"
                 ".balign 16\n"
                 "3: .quad 0x1122334455667788, 0x99aabbccddeeff00\n"
                 "1: .word 0xcafef00d\n"
                 ".balign 8\n"
                 "2: .quad 0x0123456789abcdef\n"
                 "4:\n"
                 "fmov %[s], d0\n"
                 "fmov %[d], d1\n"
                 "mov %[ql], v2.d[0]\n"
                 "mov %[qh], v2.d[1]\n"
                 : [s] "=r"(s), [d] "=r"(d), [ql] "=r"(qlo), [qh] "=r"(qhi)
                 :
                 : "v0", "v1", "v2");
    CHECK_EQ("ldr s lit", 0xcafef00d, s);
    CHECK_EQ("ldr d lit", 0x0123456789abcdefull, d);
    CHECK_EQ("ldr q lit lo", 0x1122334455667788ull, qlo);
    CHECK_EQ("ldr q lit hi", 0x99aabbccddeeff00ull, qhi);
}

static void test_exclusive_pairs(void)
{
    static uint64_t m[2] __attribute__((aligned(16))) = {0x1111, 0x2222};
    static uint32_t w[2] __attribute__((aligned(8))) = {0x33, 0x44};
    uint64_t a, b, st;
    uint32_t wa, wb;

    asm volatile("1: ldaxp %[a], %[b], [%[m]]\n"
                 "add %[a], %[a], #1\n"
                 "add %[b], %[b], #2\n"
                 "stlxp %w[st], %[a], %[b], [%[m]]\n"
                 "cbnz %w[st], 1b\n"
                 : [a] "=&r"(a), [b] "=&r"(b), [st] "=&r"(st)
                 : [m] "r"(m)
                 : "memory");
    CHECK_EQ("ldxp/stxp x lo", 0x1112, m[0]);
    CHECK_EQ("ldxp/stxp x hi", 0x2224, m[1]);
    asm volatile("1: ldxp %w[a], %w[b], [%[m]]\n"
                 "stxp %w[st], %w[b], %w[a], [%[m]]\n"
                 "cbnz %w[st], 1b\n"
                 : [a] "=&r"(wa), [b] "=&r"(wb), [st] "=&r"(st)
                 : [m] "r"(w)
                 : "memory");
    CHECK_EQ("ldxp w a", 0x33, wa);
    CHECK_EQ("ldxp w b", 0x44, wb);
    CHECK_EQ("stxp w swapped", 0x44, w[0]);
    CHECK_EQ("stxp w swapped hi", 0x33, w[1]);

    /* store-exclusive to a different address than the monitored one fails */
    asm volatile("ldxr %[a], [%[m]]\n"
                 "stxr %w[st], %[a], [%[m2]]\n"
                 : [a] "=&r"(a), [st] "=&r"(st)
                 : [m] "r"(m), [m2] "r"(m + 1)
                 : "memory");
    CHECK_EQ("stxr other addr fails", 1, st);
    /* a second stxr after a successful one fails (monitor cleared) */
    asm volatile("ldxr %[a], [%[m]]\n"
                 "stxr %w[st], %[a], [%[m]]\n"
                 "stxr %w[b], %[a], [%[m]]\n"
                 : [a] "=&r"(a), [st] "=&r"(st), [b] "=&r"(b)
                 : [m] "r"(m)
                 : "memory");
    CHECK_EQ("stxr ok", 0, st);
    CHECK_EQ("stxr again fails", 1, b);
}

static void test_casp_x(void)
{
    static uint64_t m[2] __attribute__((aligned(16))) = {10, 20};
    register uint64_t x0 asm("x0") = 10;
    register uint64_t x1 asm("x1") = 20;
    register uint64_t x2 asm("x2") = 30;
    register uint64_t x3 asm("x3") = 40;
    asm volatile("caspal x0, x1, x2, x3, [%[m]]"
                 : "+r"(x0), "+r"(x1)
                 : "r"(x2), "r"(x3), [m] "r"(m)
                 : "memory");
    CHECK("casp x match", x0 == 10 && x1 == 20 && m[0] == 30 && m[1] == 40);
    x0 = 1;
    x1 = 2;
    asm volatile("casp x0, x1, x2, x3, [%[m]]"
                 : "+r"(x0), "+r"(x1)
                 : "r"(x2), "r"(x3), [m] "r"(m)
                 : "memory");
    CHECK("casp x mismatch", x0 == 30 && x1 == 40 && m[0] == 30 && m[1] == 40);
}

static void test_rcpc(void)
{
    static uint64_t m[4] __attribute__((aligned(16))) = {0, 0x8000000000000080ull, 0, 0};
    uint64_t a, b, c;
    asm volatile("stlur %[v], [%[p], #-8]\n"
                 "ldapur %[a], [%[p], #-8]\n"
                 "ldapursb %[b], [%[p]]\n"
                 "ldapursw %[c], [%[p], #4]\n"
                 : [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c)
                 : [p] "r"(&m[1]), [v] "r"(0x1234ull)
                 : "memory");
    CHECK_EQ("stlur/ldapur", 0x1234, a);
    CHECK_EQ("ldapursb", 0xffffffffffffff80ull, b);
    CHECK_EQ("ldapursw", 0xffffffff80000000ull, c);
}

static void test_wb_same_reg(void)
{
    static uint64_t m[4] = {0x1111, 0x2222, 0x3333, 0x4444};
    register uint64_t r asm("x0") = (uint64_t)&m[0];
    /* str x0, [x0], #8: stores the original base value */
    asm volatile(".inst 0xf8008400\n" /* str x0, [x0], #8 */
                 : "+r"(r)
                 :
                 : "memory");
    CHECK_EQ("str rt==rn post wb", (uint64_t)&m[1], r);
    CHECK_EQ("str rt==rn value", (uint64_t)&m[0], m[0]);
    /* ldr x0, [x0], #8 and ldp x0, x1, [x0], #16: qemu keeps the written-back address */
    r = (uint64_t)&m[1];
    asm volatile(".inst 0xf8408400\n" : "+r"(r) : : "memory");
    CHECK_EQ("ldr rt==rn post wb", (uint64_t)&m[2], r);
    register uint64_t r1 asm("x1");
    r = (uint64_t)&m[2];
    asm volatile(".inst 0xa8c10400\n" : "+r"(r), "=r"(r1) : : "memory");
    CHECK_EQ("ldp rt==rn post wb", (uint64_t)&m[4], r);
    CHECK_EQ("ldp rt2", 0x4444, r1);
}

static sigjmp_buf bus_jmp;
static volatile int bus_seen;

static void on_bus(int sig)
{
    bus_seen = sig;
    siglongjmp(bus_jmp, 1);
}

static void test_misaligned_exclusive(void)
{
    static uint64_t m[2] __attribute__((aligned(16)));
    struct sigaction sa, old;
    volatile uint64_t v = 0; /* volatile: live across sigsetjmp */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_bus;
    sigaction(SIGBUS, &sa, &old);
    bus_seen = 0;
    if (!sigsetjmp(bus_jmp, 1)) {
        asm volatile("ldxr %0, [%1]" : "=r"(v) : "r"((char *)m + 4) : "memory");
    }
    CHECK_EQ("ldxr misaligned -> SIGBUS", SIGBUS, bus_seen);
    bus_seen = 0;
    if (!sigsetjmp(bus_jmp, 1)) {
        asm volatile("ldadd %0, %0, [%1]" : "+r"(v) : "r"((char *)m + 2) : "memory");
    }
    CHECK_EQ("ldadd misaligned -> SIGBUS", SIGBUS, bus_seen);
    sigaction(SIGBUS, &old, NULL);
}

static sigjmp_buf ill_jmp;
static volatile int ill_seen;

static void on_ill(int sig)
{
    ill_seen = sig;
    siglongjmp(ill_jmp, 1);
}

/* Unallocated load/store encodings must raise SIGILL. */
static void test_unallocated(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_ill;
    sigaction(SIGILL, &sa, &old);
#define EXPECT_SIGILL(what, word)                                                          \
    do {                                                                                   \
        ill_seen = 0;                                                                      \
        if (!sigsetjmp(ill_jmp, 1)) {                                                      \
            asm volatile(".inst " #word ::: "memory");                                     \
        }                                                                                  \
        CHECK_EQ(what, SIGILL, ill_seen);                                                  \
    } while (0)
    EXPECT_SIGILL("ldp opc=11", 0xe9400000);
    EXPECT_SIGILL("ldtr simd", 0x3c400800);
    EXPECT_SIGILL("ldrs? sz=3 opc=3", 0xf9c00000);
    EXPECT_SIGILL("ld1 multiple op=0001", 0x4c401000);
    EXPECT_SIGILL("ldr reg option=000", 0xf8600800);
    EXPECT_SIGILL("ld2 .1d", 0x0c408c00);
    EXPECT_SIGILL("ld1r store form", 0x0d00c000);
    EXPECT_SIGILL("casp odd rs", 0x08617c02);
    sigaction(SIGILL, &old, NULL);
}

int main(void)
{
    test_ld1_multi();
    test_ld234();
    test_single();
    test_fp_regs();
    test_fp_literal();
    test_exclusive_pairs();
    test_casp_x();
    test_rcpc();
    test_wb_same_reg();
    test_misaligned_exclusive();
    test_unallocated();
    return finish("ldst-extra");
}
