/*
 * ldst.c - every A64 load/store addressing form the emulator must get right:
 * unsigned offset, pre/post-index (with writeback checked), unscaled (LDUR),
 * register offset with each extend and scale, PC-relative literals,
 * sign-extending loads to w and x, pairs (LDP/STP/LDPSW/LDNP/STNP), the
 * unprivileged LDTR/STTR family, PRFM as a no-op (even on unmapped
 * addresses), and SIMD&FP register loads/stores (b/h/s/d/q, LDP/STP q).
 *
 * Expected values come from memcpy() on a patterned buffer; a failure prints
 * "FAIL <form>: expected .. got ..".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static uint8_t buf[512] __attribute__((aligned(64)));

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 37 + 0x81);
    }
}

static uint64_t rd(const void *p, int n)
{
    uint64_t v = 0;
    memcpy(&v, p, n);
    return v;
}

static int64_t sx(uint64_t v, int bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static void test_imm_forms(void)
{
    uint8_t *b = buf;
    uint64_t r, base;
    fill();
    /* unsigned scaled offset */
    asm volatile("ldr %0, [%1, #24]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldr x [#24]", rd(b + 24, 8), r);
    asm volatile("ldr %0, [%1, #32760]" : "=r"(r) : "r"((uintptr_t)b - 32760 + 8));
    CHECK_EQ("ldr x [#32760] max offset", rd(b + 8, 8), r);
    asm volatile("ldr %w0, [%1, #12]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldr w [#12]", rd(b + 12, 4), r);
    asm volatile("ldrh %w0, [%1, #6]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrh [#6]", rd(b + 6, 2), r);
    asm volatile("ldrb %w0, [%1, #4095]" : "=r"(r) : "r"((uintptr_t)b - 4000));
    CHECK_EQ("ldrb [#4095]", b[95], r);
    /* sign-extending loads */
    asm volatile("ldrsb %0, [%1, #0]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrsb x", (uint64_t)sx(b[0], 8), r);
    asm volatile("ldrsb %w0, [%1, #0]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrsb w (upper 32 zero)", (uint32_t)sx(b[0], 8), r);
    asm volatile("ldrsh %0, [%1, #2]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrsh x", (uint64_t)sx(rd(b + 2, 2), 16), r);
    asm volatile("ldrsh %w0, [%1, #2]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrsh w", (uint32_t)sx(rd(b + 2, 2), 16), r);
    asm volatile("ldrsw %0, [%1, #4]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrsw", (uint64_t)sx(rd(b + 4, 4), 32), r);
    asm volatile("ldrsb %0, [%1, #1]" : "=r"(r) : "r"(b)); /* 0xa6: negative */
    CHECK_EQ("ldrsb x neg", (uint64_t)sx(b[1], 8), r);
    asm volatile("ldrsb %w0, [%1, #3]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldrsb w #3", (uint32_t)sx(b[3], 8), r);
    /* unscaled, unaligned, negative */
    asm volatile("ldur %0, [%1, #-3]" : "=r"(r) : "r"(b + 100));
    CHECK_EQ("ldur x [#-3]", rd(b + 97, 8), r);
    asm volatile("ldur %w0, [%1, #255]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldur w [#255]", rd(b + 255, 4), r);
    asm volatile("ldursh %0, [%1, #-256]" : "=r"(r) : "r"(b + 300));
    CHECK_EQ("ldursh x [#-256]", (uint64_t)sx(rd(b + 44, 2), 16), r);
    asm volatile("ldursb %w0, [%1, #7]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldursb w", (uint32_t)sx(b[7], 8), r);
    asm volatile("ldursw %0, [%1, #1]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldursw", (uint64_t)sx(rd(b + 1, 4), 32), r);
    /* unaligned normal load (allowed for normal memory) */
    asm volatile("ldr %0, [%1]" : "=r"(r) : "r"(b + 3));
    CHECK_EQ("ldr x unaligned", rd(b + 3, 8), r);
    /* pre-index */
    base = (uint64_t)b;
    asm volatile("ldr %0, [%1, #16]!" : "=r"(r), "+r"(base));
    CHECK_EQ("ldr x pre value", rd(b + 16, 8), r);
    CHECK_EQ("ldr x pre wb", (uint64_t)(b + 16), base);
    asm volatile("ldrsh %w0, [%1, #-5]!" : "=r"(r), "+r"(base));
    CHECK_EQ("ldrsh w pre value", (uint32_t)sx(rd(b + 11, 2), 16), r);
    CHECK_EQ("ldrsh w pre wb", (uint64_t)(b + 11), base);
    /* post-index */
    asm volatile("ldr %w0, [%1], #-11" : "=r"(r), "+r"(base));
    CHECK_EQ("ldr w post value", rd(b + 11, 4), r);
    CHECK_EQ("ldr w post wb", (uint64_t)b, base);
    asm volatile("ldrsb %0, [%1], #255" : "=r"(r), "+r"(base));
    CHECK_EQ("ldrsb x post value", (uint64_t)sx(b[0], 8), r);
    CHECK_EQ("ldrsb x post wb", (uint64_t)(b + 255), base);

    /* stores */
    uint8_t out[64];
    memset(out, 0xee, sizeof(out));
    uint64_t v = 0x0123456789abcdefull;
    asm volatile("str %1, [%0, #8]\n\t"
                 "str %w1, [%0, #20]\n\t"
                 "strh %w1, [%0, #26]\n\t"
                 "strb %w1, [%0, #31]\n\t"
                 "stur %1, [%0, #33]\n\t"
                 "sturh %w1, [%0, #45]\n\t"
                 "str xzr, [%0, #48]\n\t"
                 :: "r"(out), "r"(v) : "memory");
    uint8_t exp[64];
    memset(exp, 0xee, sizeof(exp));
    memcpy(exp + 8, &v, 8);
    memcpy(exp + 20, &v, 4);
    memcpy(exp + 26, &v, 2);
    memcpy(exp + 31, &v, 1);
    memcpy(exp + 33, &v, 8);
    memcpy(exp + 45, &v, 2);
    memset(exp + 48, 0, 8);
    for (int i = 0; i < 64; i++) {
        char what[48];
        snprintf(what, sizeof(what), "str forms byte %d", i);
        CHECK_EQ(what, exp[i], out[i]);
    }
    base = (uint64_t)out;
    asm volatile("str %1, [%0, #8]!\n\tstrb %w1, [%0], #-1\n\tstrh %w1, [%0, #-2]!"
                 : "+r"(base) : "r"(~v) : "memory");
    CHECK_EQ("str pre/post wb", (uint64_t)(out + 5), base);
    CHECK_EQ("str pre value", ~v, rd(out + 8, 8));
    CHECK_EQ("strh pre value", (uint16_t)~v, rd(out + 5, 2));

    /* stack pointer base with writeback */
    uint64_t got, sp0, sp1;
    asm volatile("mov %1, sp\n\t"
                 "str %3, [sp, #-16]!\n\t"
                 "ldr %0, [sp], #16\n\t"
                 "mov %2, sp"
                 : "=&r"(got), "=&r"(sp0), "=&r"(sp1) : "r"(v) : "memory");
    CHECK_EQ("str/ldr sp pre/post", v, got);
    CHECK_EQ("sp restored", sp0, sp1);
}

static void test_reg_offset(void)
{
    uint8_t *b = buf + 256;
    uint64_t r;
    fill();
    uint64_t i3 = 3, neg = (uint64_t)-5;
    uint64_t w_neg_hi = 0xdeadbeef00000000ull | (uint32_t)-7; /* upper half must be ignored */
    asm volatile("ldr %0, [%1, %2]" : "=r"(r) : "r"(b), "r"(i3));
    CHECK_EQ("ldr x [x, x]", rd(b + 3, 8), r);
    asm volatile("ldr %0, [%1, %2, lsl #3]" : "=r"(r) : "r"(b), "r"(i3));
    CHECK_EQ("ldr x [x, x, lsl #3]", rd(b + 24, 8), r);
    asm volatile("ldr %0, [%1, %2, sxtx #3]" : "=r"(r) : "r"(b), "r"(neg));
    CHECK_EQ("ldr x [x, x, sxtx #3]", rd(b - 40, 8), r);
    asm volatile("ldr %0, [%1, %w2, sxtw]" : "=r"(r) : "r"(b), "r"(w_neg_hi));
    CHECK_EQ("ldr x [x, w, sxtw]", rd(b - 7, 8), r);
    asm volatile("ldr %0, [%1, %w2, sxtw #3]" : "=r"(r) : "r"(b), "r"(w_neg_hi));
    CHECK_EQ("ldr x [x, w, sxtw #3]", rd(b - 56, 8), r);
    uint64_t w_pos_hi = 0xffffffff00000004ull;
    asm volatile("ldr %0, [%1, %w2, uxtw #3]" : "=r"(r) : "r"(b), "r"(w_pos_hi));
    CHECK_EQ("ldr x [x, w, uxtw #3]", rd(b + 32, 8), r);
    asm volatile("ldr %0, [%1, %w2, uxtw]" : "=r"(r) : "r"(b - 0x20), "r"(0x20ull));
    CHECK_EQ("ldr x [x, w, uxtw]", rd(b, 8), r);
    asm volatile("ldr %w0, [%1, %2, lsl #2]" : "=r"(r) : "r"(b), "r"(i3));
    CHECK_EQ("ldr w [x, x, lsl #2]", rd(b + 12, 4), r);
    asm volatile("ldrh %w0, [%1, %w2, sxtw #1]" : "=r"(r) : "r"(b), "r"(w_neg_hi));
    CHECK_EQ("ldrh [x, w, sxtw #1]", rd(b - 14, 2), r);
    asm volatile("ldrsh %0, [%1, %2, lsl #1]" : "=r"(r) : "r"(b), "r"(i3));
    CHECK_EQ("ldrsh x [x, x, lsl #1]", (uint64_t)sx(rd(b + 6, 2), 16), r);
    asm volatile("ldrsw %0, [%1, %w2, uxtw #2]" : "=r"(r) : "r"(b), "r"(i3));
    CHECK_EQ("ldrsw [x, w, uxtw #2]", (uint64_t)sx(rd(b + 12, 4), 32), r);
    asm volatile("ldrb %w0, [%1, %w2, sxtw]" : "=r"(r) : "r"(b), "r"(w_neg_hi));
    CHECK_EQ("ldrb [x, w, sxtw]", b[-7], r);
    asm volatile("ldrsb %w0, [%1, %2, lsl #0]" : "=r"(r) : "r"(b), "r"(neg));
    CHECK_EQ("ldrsb w [x, x, lsl #0]", (uint32_t)sx(b[-5], 8), r);
    asm volatile("ldrb %w0, [%1, %2]" : "=r"(r) : "r"(b), "r"(i3));
    CHECK_EQ("ldrb [x, x]", b[3], r);

    uint8_t out[32] = { 0 };
    asm volatile("str %2, [%0, %1, lsl #3]\n\t"
                 "strh %w2, [%0, %w1, uxtw #1]\n\t"
                 "strb %w2, [%0, %1]\n\t"
                 :: "r"(out), "r"(1ull), "r"(0x1122334455667788ull) : "memory");
    CHECK_EQ("str x [x, x, lsl #3]", 0x1122334455667788ull, rd(out + 8, 8));
    CHECK_EQ("strh [x, w, uxtw #1]", 0x7788, rd(out + 2, 2));
    CHECK_EQ("strb [x, x]", 0x88, out[1]);
    asm volatile("str %w2, [%0, %w1, sxtw #2]" :: "r"(out + 16), "r"(-2ull), "r"(0xa5a5a5a5u) : "memory");
    CHECK_EQ("str w [x, w, sxtw #2]", 0xa5a5a5a5u, rd(out + 8, 4));
}

static void test_literal(void)
{
    uint64_t r, r2, r3;
    asm volatile("ldr %0, =0x0123456789abcdef" : "=r"(r));
    CHECK_EQ("ldr x, =imm (literal pool)", 0x0123456789abcdefull, r);
    asm volatile("ldr %w0, 1f\n\t"
                 "ldrsw %1, 1f\n\t"
                 "ldr %2, 2f\n\t"
                 "b 3f\n\t"
                 ".balign 8\n"
                 "1: .word 0x89abcdef\n\t"
                 ".word 0\n"
                 "2: .quad 0xfedcba9876543210\n"
                 "3:\n\t"
                 : "=r"(r), "=r"(r2), "=r"(r3));
    CHECK_EQ("ldr w literal", 0x89abcdefull, r);
    CHECK_EQ("ldrsw literal", 0xffffffff89abcdefull, r2);
    CHECK_EQ("ldr x literal", 0xfedcba9876543210ull, r3);
    uint64_t d, qlo, qhi;
    asm volatile("ldr d16, 1f\n\t"
                 "ldr q17, 2f\n\t"
                 "fmov %0, d16\n\t"
                 "mov %1, v17.d[0]\n\t"
                 "mov %2, v17.d[1]\n\t"
                 "b 3f\n\t"
                 ".balign 16\n"
                 "2: .quad 0x1111111122222222, 0x3333333344444444\n"
                 "1: .quad 0x400921fb54442d18\n"
                 "3:\n\t"
                 : "=r"(d), "=r"(qlo), "=r"(qhi) :: "v16", "v17");
    CHECK_EQ("ldr d literal", 0x400921fb54442d18ull, d);
    CHECK_EQ("ldr q literal lo", 0x1111111122222222ull, qlo);
    CHECK_EQ("ldr q literal hi", 0x3333333344444444ull, qhi);
    asm volatile("prfm pldl1keep, 1f\n\tb 1f\n\tnop\n1:");
}

static void test_pairs(void)
{
    uint8_t *b = buf + 128;
    uint64_t a, c, base;
    fill();
    asm volatile("ldp %0, %1, [%2, #16]" : "=&r"(a), "=&r"(c) : "r"(b));
    CHECK_EQ("ldp x first", rd(b + 16, 8), a);
    CHECK_EQ("ldp x second", rd(b + 24, 8), c);
    asm volatile("ldp %w0, %w1, [%2, #-256]" : "=&r"(a), "=&r"(c) : "r"(b + 128));
    CHECK_EQ("ldp w first", rd(b - 128, 4), a);
    CHECK_EQ("ldp w second", rd(b - 124, 4), c);
    asm volatile("ldpsw %0, %1, [%2, #8]" : "=&r"(a), "=&r"(c) : "r"(b));
    CHECK_EQ("ldpsw first", (uint64_t)sx(rd(b + 8, 4), 32), a);
    CHECK_EQ("ldpsw second", (uint64_t)sx(rd(b + 12, 4), 32), c);
    base = (uint64_t)b;
    asm volatile("ldp %0, %1, [%2, #-32]!" : "=&r"(a), "=&r"(c), "+r"(base));
    CHECK_EQ("ldp pre first", rd(b - 32, 8), a);
    CHECK_EQ("ldp pre second", rd(b - 24, 8), c);
    CHECK_EQ("ldp pre wb", (uint64_t)(b - 32), base);
    asm volatile("ldpsw %0, %1, [%2], #40" : "=&r"(a), "=&r"(c), "+r"(base));
    CHECK_EQ("ldpsw post first", (uint64_t)sx(rd(b - 32, 4), 32), a);
    CHECK_EQ("ldpsw post second", (uint64_t)sx(rd(b - 28, 4), 32), c);
    CHECK_EQ("ldpsw post wb", (uint64_t)(b + 8), base);
    asm volatile("ldnp %0, %1, [%2, #504]" : "=&r"(a), "=&r"(c) : "r"((uintptr_t)buf - 504));
    CHECK_EQ("ldnp first", rd(buf, 8), a);
    CHECK_EQ("ldnp second", rd(buf + 8, 8), c);
    asm volatile("ldnp %w0, %w1, [%2]" : "=&r"(a), "=&r"(c) : "r"(b + 1));
    CHECK_EQ("ldnp w first (unaligned)", rd(b + 1, 4), a);
    CHECK_EQ("ldnp w second", rd(b + 5, 4), c);

    uint8_t out[96];
    memset(out, 0, sizeof(out));
    uint64_t x1 = 0xa1a2a3a4a5a6a7a8ull, x2 = 0xb1b2b3b4b5b6b7b8ull;
    base = (uint64_t)(out + 48);
    asm volatile("stp %1, %2, [%0, #-48]\n\t"
                 "stp %w1, %w2, [%0, #16]!\n\t"
                 "stp %2, %1, [%0], #-8\n\t"
                 "stnp %1, %2, [%0, #-16]\n\t"
                 "stnp %w2, %w1, [%0, #32]\n\t"
                 : "+r"(base) : "r"(x1), "r"(x2) : "memory");
    CHECK_EQ("stp offset first", x1, rd(out, 8));
    CHECK_EQ("stp offset second", x2, rd(out + 8, 8));
    CHECK_EQ("stp pre/post wb", (uint64_t)(out + 56), base);
    CHECK_EQ("stp w pre first, overwritten by stp post", x2, rd(out + 64, 8));
    CHECK_EQ("stp post second", x1, rd(out + 72, 8));
    CHECK_EQ("stnp x first", x1, rd(out + 40, 8));
    CHECK_EQ("stnp x second", x2, rd(out + 48, 8));
    CHECK_EQ("stnp w pair", ((uint64_t)(uint32_t)x1 << 32) | (uint32_t)x2, rd(out + 88, 8));
    base = (uint64_t)(out + 16);
    asm volatile("stp %w1, %w2, [%0, #4]!" : "+r"(base) : "r"(x1), "r"(x2) : "memory");
    CHECK_EQ("stp w pre value", ((uint64_t)(uint32_t)x2 << 32) | (uint32_t)x1, rd(out + 20, 8));
    CHECK_EQ("stp w pre wb", (uint64_t)(out + 20), base);
}

static void test_unpriv(void)
{
    uint8_t *b = buf + 64;
    uint64_t r;
    fill();
    asm volatile("ldtr %0, [%1, #-8]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtr x", rd(b - 8, 8), r);
    asm volatile("ldtr %w0, [%1, #3]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtr w", rd(b + 3, 4), r);
    asm volatile("ldtrh %w0, [%1, #255]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtrh", rd(b + 255, 2), r);
    asm volatile("ldtrb %w0, [%1]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtrb", b[0], r);
    asm volatile("ldtrsb %0, [%1, #1]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtrsb x", (uint64_t)sx(b[1], 8), r);
    asm volatile("ldtrsh %w0, [%1, #2]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtrsh w", (uint32_t)sx(rd(b + 2, 2), 16), r);
    asm volatile("ldtrsw %0, [%1, #-4]" : "=r"(r) : "r"(b));
    CHECK_EQ("ldtrsw", (uint64_t)sx(rd(b - 4, 4), 32), r);
    uint8_t out[32] = { 0 };
    asm volatile("sttr %1, [%0, #1]\n\tsttr %w1, [%0, #12]\n\tsttrh %w1, [%0, #18]\n\t"
                 "sttrb %w1, [%0, #21]" :: "r"(out), "r"(0x8877665544332211ull) : "memory");
    CHECK_EQ("sttr x", 0x8877665544332211ull, rd(out + 1, 8));
    CHECK_EQ("sttr w", 0x44332211ull, rd(out + 12, 4));
    CHECK_EQ("sttrh", 0x2211, rd(out + 18, 2));
    CHECK_EQ("sttrb", 0x11, out[21]);
}

static void test_prfm(void)
{
    uint64_t base = 0x10; /* unmapped: a prefetch must never fault */
    asm volatile("prfm pldl1keep, [%0]\n\t"
                 "prfm pstl2strm, [%0, #4088]\n\t"
                 "prfm plil3keep, [%0, %1, lsl #3]\n\t"
                 "prfum pldl1strm, [%0, #-1]\n\t"
                 "prfm #0x1f, [%0]\n\t"
                 :: "r"(base), "r"(0x123456789ull) : "memory");
    asm volatile("prfm pldl1keep, [%0, #64]" :: "r"(buf));
    CHECK("prfm is a no-op", 1);
}

static void test_simd(void)
{
    uint8_t *b = buf;
    fill();
    uint64_t lo, hi, d, s, h, bb, base;
    asm volatile("ldr q0, [%4, #32]\n\t"
                 "mov %0, v0.d[0]\n\tmov %1, v0.d[1]\n\t"
                 "ldr d1, [%4, #8]\n\tfmov %2, d1\n\t"
                 "ldr s2, [%4, #4]\n\tfmov %w3, s2\n\t"
                 : "=&r"(lo), "=&r"(hi), "=&r"(d), "=&r"(s) : "r"(b) : "v0", "v1", "v2");
    CHECK_EQ("ldr q lo", rd(b + 32, 8), lo);
    CHECK_EQ("ldr q hi", rd(b + 40, 8), hi);
    CHECK_EQ("ldr d", rd(b + 8, 8), d);
    CHECK_EQ("ldr s", rd(b + 4, 4), s);
    /* ldr of a narrower register must zero the rest of the vector */
    asm volatile("ldr q3, [%2]\n\tldr h3, [%2, #2]\n\tmov %0, v3.d[0]\n\tmov %1, v3.d[1]"
                 : "=&r"(h), "=&r"(hi) : "r"(b) : "v3");
    CHECK_EQ("ldr h zero-extends", rd(b + 2, 2), h);
    CHECK_EQ("ldr h clears upper", 0, hi);
    asm volatile("ldr b4, [%1, #7]\n\tumov %w0, v4.b[0]" : "=r"(bb) : "r"(b) : "v4");
    CHECK_EQ("ldr b", b[7], bb);
    asm volatile("ldur q5, [%2, #-1]\n\tmov %0, v5.d[0]\n\tmov %1, v5.d[1]"
                 : "=&r"(lo), "=&r"(hi) : "r"(b + 100) : "v5");
    CHECK_EQ("ldur q lo", rd(b + 99, 8), lo);
    CHECK_EQ("ldur q hi", rd(b + 107, 8), hi);
    asm volatile("ldr q6, [%2, %3, lsl #4]\n\tmov %0, v6.d[0]\n\tmov %1, v6.d[1]"
                 : "=&r"(lo), "=&r"(hi) : "r"(b), "r"(5ull) : "v6");
    CHECK_EQ("ldr q [x, x, lsl #4] lo", rd(b + 80, 8), lo);
    CHECK_EQ("ldr q [x, x, lsl #4] hi", rd(b + 88, 8), hi);
    uint64_t l2, h2;
    base = (uint64_t)b;
    asm volatile("ldp q7, q8, [%4, #64]!\n\t"
                 "mov %0, v7.d[0]\n\tmov %1, v7.d[1]\n\tmov %2, v8.d[0]\n\tmov %3, v8.d[1]"
                 : "=&r"(lo), "=&r"(hi), "=&r"(l2), "=&r"(h2), "+r"(base) :: "v7", "v8");
    CHECK_EQ("ldp q first lo", rd(b + 64, 8), lo);
    CHECK_EQ("ldp q first hi", rd(b + 72, 8), hi);
    CHECK_EQ("ldp q second lo", rd(b + 80, 8), l2);
    CHECK_EQ("ldp q second hi", rd(b + 88, 8), h2);
    CHECK_EQ("ldp q pre wb", (uint64_t)(b + 64), base);
    asm volatile("ldp d9, d10, [%2, #-8]\n\tfmov %0, d9\n\tfmov %1, d10"
                 : "=&r"(lo), "=&r"(hi) : "r"(b + 8) : "v9", "v10");
    CHECK_EQ("ldp d first", rd(b, 8), lo);
    CHECK_EQ("ldp d second", rd(b + 8, 8), hi);
    asm volatile("ldp s11, s12, [%2], #8\n\tfmov %w0, s11\n\tfmov %w1, s12"
                 : "=&r"(lo), "=&r"(hi) : "r"(b + 4) : "v11", "v12");
    CHECK_EQ("ldp s first", rd(b + 4, 4), lo);
    CHECK_EQ("ldp s second", rd(b + 8, 4), hi);

    uint8_t out[128];
    memset(out, 0, sizeof(out));
    base = (uint64_t)(out + 32);
    asm volatile("ldr q0, [%1]\n\tldr q1, [%1, #16]\n\t"
                 "str q0, [%0]\n\t"
                 "str d1, [%0, #-8]\n\t"
                 "str s0, [%0, #20]\n\t"
                 "str h1, [%0, #26]\n\t"
                 "str b0, [%0, #29]\n\t"
                 "stur q1, [%0, #33]\n\t"
                 "stp q0, q1, [%0, #64]!\n\t"
                 "stp d0, d1, [%0], #-80\n\t"
                 : "+r"(base) : "r"(b) : "v0", "v1", "memory");
    uint8_t exp[128];
    memset(exp, 0, sizeof(exp));
    memcpy(exp + 32, b, 16);
    memcpy(exp + 24, b + 16, 8);
    memcpy(exp + 52, b, 4);
    memcpy(exp + 58, b + 16, 2);
    memcpy(exp + 61, b, 1);
    memcpy(exp + 65, b + 16, 16);
    memcpy(exp + 96, b, 16);
    memcpy(exp + 112, b + 16, 16);
    memcpy(exp + 96, b, 8);
    memcpy(exp + 104, b + 16, 8);
    for (int i = 0; i < 128; i++) {
        char what[48];
        snprintf(what, sizeof(what), "simd stores byte %d", i);
        CHECK_EQ(what, exp[i], out[i]);
    }
    CHECK_EQ("stp q pre + stp d post wb", (uint64_t)(out + 16), base);
}

int main(void)
{
    test_imm_forms();
    test_reg_offset();
    test_literal();
    test_pairs();
    test_unpriv();
    test_prfm();
    test_simd();
    return finish("ldst");
}
