/*
 * flags-blocks.c - NZCV across block boundaries (Arm ARM C6: CMP/CMN/TST/ADDS/SUBS/ANDS
 * set N, Z, C, V; B.cond, CSEL, CSET and MRS NZCV read them).  A translator that fuses
 * compares into branches and drops flag computations that its successors overwrite must
 * still give every reader the architectural flags, whichever block the reader is in:
 * after a loop exit, behind an unconditional branch, behind CBZ/TBZ on both paths, in
 * a called function, and read whole with MRS NZCV.
 */
#include <stdint.h>

#include "check.h"

static uint64_t nzcv_of_sub64(uint64_t a, uint64_t b)
{
    uint64_t r = a - b;
    uint64_t n = r >> 63, z = r == 0, c = a >= b, v = ((a ^ b) & (a ^ r)) >> 63;
    return n << 31 | z << 30 | c << 29 | v << 28;
}

static uint64_t nzcv_of_add32(uint32_t a, uint32_t b)
{
    uint32_t r = a + b;
    uint64_t n = r >> 31, z = r == 0, c = r < a, v = ((r ^ a) & ~(a ^ b)) >> 31;
    return n << 31 | z << 30 | c << 29 | v << 28;
}

/* cmp in one block, MRS NZCV after an unconditional branch */
static uint64_t sub_then_branch(uint64_t a, uint64_t b)
{
    uint64_t f;
    __asm__ volatile("cmp %1, %2\n\t"
                     "b 1f\n"
                     "1:\tmrs %0, nzcv"
                     : "=r"(f)
                     : "r"(a), "r"(b)
                     : "cc");
    return f;
}

/* adds w in one block; the next block starts with a flag write on one path (cbz taken)
 * and reads the flags on the other */
static uint64_t add32_then_cbz(uint32_t a, uint32_t b, uint64_t sel)
{
    uint64_t f;
    __asm__ volatile("adds wzr, %w1, %w2\n\t"
                     "cbz %3, 1f\n\t"
                     "mrs %0, nzcv\n\t"
                     "b 2f\n"
                     "1:\tsubs xzr, xzr, xzr\n\t"
                     "mrs %0, nzcv\n"
                     "2:"
                     : "=&r"(f)
                     : "r"(a), "r"(b), "r"(sel)
                     : "cc");
    return f;
}

/* a counted loop, then CSET on the loop's final compare */
static uint64_t loop_then_cset(uint64_t n, uint64_t *count)
{
    uint64_t i = 0, eq, f;
    __asm__ volatile("1:\tadd %0, %0, #1\n\t"
                     "eor x9, %0, %0, lsl #3\n\t" /* the head starts with data processing */
                     "subs x10, %0, %3\n\t"
                     "b.lo 1b\n\t"
                     "cset %1, eq\n\t"
                     "mrs %2, nzcv"
                     : "+r"(i), "=r"(eq), "=r"(f)
                     : "r"(n)
                     : "x9", "x10", "cc");
    *count = i;
    return (eq << 32) | f;
}

/* tst in one block, a conditional branch over a flag write into a block that reads */
static uint64_t tst_chain(uint64_t a, uint64_t b)
{
    uint64_t r;
    __asm__ volatile("tst %1, %2\n\t"
                     "b.eq 1f\n\t"
                     "mov %0, #1\n\t"
                     "b.mi 2f\n\t"
                     "mov %0, #2\n\t"
                     "b 2f\n"
                     "1:\tmov %0, #3\n"
                     "2:\tcsinc %0, %0, %0, ge"
                     : "=&r"(r)
                     : "r"(a), "r"(b)
                     : "cc");
    return r;
}

__attribute__((noinline)) static uint64_t read_nzcv_in_callee(void)
{
    uint64_t f;
    __asm__ volatile("mrs %0, nzcv" : "=r"(f));
    return f;
}

/* cmp, then BL: the callee reads the flags */
static uint64_t cmp_then_call(uint64_t a, uint64_t b)
{
    uint64_t f;
    __asm__ volatile("cmp %1, %2\n\t"
                     "bl read_nzcv_asm\n\t"
                     "mov %0, x0"
                     : "=r"(f)
                     : "r"(a), "r"(b)
                     : "x0", "x30", "cc", "memory");
    return f;
}
__asm__(".text\n.globl read_nzcv_asm\nread_nzcv_asm:\n\tmrs x0, nzcv\n\tret\n");

int main(void)
{
    static const uint64_t vals[] = {0,
                                    1,
                                    2,
                                    0x7fffffffffffffffull,
                                    0x8000000000000000ull,
                                    0xffffffffffffffffull,
                                    0x80000000u,
                                    0x7fffffffu,
                                    12345};
    int nv = sizeof vals / sizeof vals[0];
    for (int i = 0; i < nv; i++) {
        for (int j = 0; j < nv; j++) {
            uint64_t a = vals[i], b = vals[j];
            char what[64];
            snprintf(what, sizeof what, "cmp+b: %d,%d", i, j);
            CHECK_EQ(what, nzcv_of_sub64(a, b), sub_then_branch(a, b));
            snprintf(what, sizeof what, "adds w+cbz read: %d,%d", i, j);
            CHECK_EQ(what, nzcv_of_add32((uint32_t)a, (uint32_t)b),
                     add32_then_cbz((uint32_t)a, (uint32_t)b, 1));
            snprintf(what, sizeof what, "adds w+cbz overwrite: %d,%d", i, j);
            CHECK_EQ(what, 0x60000000u, add32_then_cbz((uint32_t)a, (uint32_t)b, 0));
            snprintf(what, sizeof what, "cmp+bl: %d,%d", i, j);
            CHECK_EQ(what, nzcv_of_sub64(a, b), cmp_then_call(a, b));
            uint64_t and = a & b;
            /* 3 if zero; 1 if negative, then +1 by CSINC (LT); 2 if positive */
            uint64_t expect = and == 0 ? 3 : 2;
            snprintf(what, sizeof what, "tst chain: %d,%d", i, j);
            CHECK_EQ(what, expect, tst_chain(a, b));
        }
    }
    for (uint64_t n = 1; n < 40; n += 7) {
        uint64_t count;
        uint64_t r = loop_then_cset(n, &count);
        CHECK_EQ("loop count", n, count);
        CHECK_EQ("loop cset eq", 1, r >> 32);
        CHECK_EQ("loop nzcv", nzcv_of_sub64(n, n), r & 0xffffffffu);
    }
    (void)read_nzcv_in_callee;
    return finish("flags-blocks");
}
