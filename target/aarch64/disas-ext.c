/*
 * disas-ext.c - disassembler operand helpers for the Armv8.1-8.6 AdvSIMD/FP additions
 * (a64-simd-ext.decode, a64-fp-ext.decode): vector arrangements chosen by Q and an element
 * size, scalar register names by size, element indexes assembled from H:L(:M), the 5-bit
 * register M:Rm of by-element forms, and the FCMLA/FCADD rotation.  Spelled as binutils'
 * objdump prints them (tests/disas checks it).
 * Example: "sdot v{rd}.{@va(q,2)}, ..." with q = 1 prints "sdot v0.4s, ...".
 */
#include <stdio.h>

#include "target/aarch64/disas-helpers.h"

DIS_HELPER(va, int64_t q, int64_t size)
{
    static const char *const arr[8] = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};
    (void)pc;
    snprintf(b, n, "%s", arr[(size & 3) << 1 | (q & 1)]);
}

DIS_HELPER(vaf, int64_t q, int64_t sz)
{
    dis_va(b, n, pc, q, 2 + (sz & 1));
}

DIS_HELPER(vsreg, int64_t size, int64_t r)
{
    (void)pc;
    snprintf(b, n, "%c%d", "bhsd"[size & 3], (int)r);
}

DIS_HELPER(r5, int64_t m, int64_t rm)
{
    (void)pc;
    snprintf(b, n, "%d", (int)(m << 4 | rm));
}

DIS_HELPER(idx, int64_t h, int64_t l)
{
    (void)pc;
    snprintf(b, n, "%d", (int)(h << 1 | l));
}

DIS_HELPER(idx3, int64_t h, int64_t l, int64_t m)
{
    (void)pc;
    snprintf(b, n, "%d", (int)(h << 2 | l << 1 | m));
}

/* FCMLA: rot * 90; FCADD: 90 or 270 */
DIS_HELPER(rot, int64_t fcadd, int64_t rot)
{
    (void)pc;
    snprintf(b, n, "%d", fcadd ? (rot ? 270 : 90) : (int)rot * 90);
}
