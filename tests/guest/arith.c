/*
 * arith.c - integer data-processing instructions and NZCV, checked against a
 * small reference model written in C from the Arm ARM pseudocode
 * (AddWithCarry, ConditionHolds, the bitfield and extend definitions).
 *
 * Every instruction is emitted with inline asm so the exact encoding under
 * test is used; NZCV is seeded with `msr nzcv` and read back with `mrs`.
 * All inputs come from tables of edge values; every mismatch is printed as
 * "FAIL <insn> x=.. y=..: expected .. got ..".
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#define NF (1ull << 31)
#define ZF (1ull << 30)
#define CF (1ull << 29)
#define VF (1ull << 28)

static const uint64_t vals[] = {
    0, 1, 2, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000000ffff0000ull,
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

static const uint64_t flag_seeds[] = { 0, CF, NF | ZF | CF | VF, ZF | VF, NF };
#define NSEEDS (sizeof(flag_seeds) / sizeof(flag_seeds[0]))

/* ---- reference model ---- */

/* AddWithCarry(x, y, carry) for width 32 or 64; returns result, sets *nzcv. */
static uint64_t ref_awc(uint64_t x, uint64_t y, int carry, int width, uint64_t *nzcv)
{
    uint64_t mask = width == 64 ? ~0ull : 0xffffffffull;
    x &= mask;
    y &= mask;
    unsigned __int128 usum = (unsigned __int128)x + y + (unsigned)carry;
    __int128 sx = width == 64 ? (__int128)(int64_t)x : (__int128)(int32_t)x;
    __int128 sy = width == 64 ? (__int128)(int64_t)y : (__int128)(int32_t)y;
    __int128 ssum = sx + sy + carry;
    uint64_t res = (uint64_t)usum & mask;
    __int128 sres = width == 64 ? (__int128)(int64_t)res : (__int128)(int32_t)res;
    uint64_t f = 0;
    if (res >> (width - 1) & 1) {
        f |= NF;
    }
    if (res == 0) {
        f |= ZF;
    }
    if ((unsigned __int128)res != usum) {
        f |= CF;
    }
    if (sres != ssum) {
        f |= VF;
    }
    *nzcv = f;
    return res;
}

static int ref_cond(int cond, uint64_t f)
{
    int n = !!(f & NF), z = !!(f & ZF), c = !!(f & CF), v = !!(f & VF);
    int r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = 1; break;
    }
    if ((cond & 1) && cond != 15) {
        r = !r;
    }
    return r;
}

static uint64_t mask_w(int width) { return width == 64 ? ~0ull : 0xffffffffull; }

/* ---- add/sub with flags ---- */

#define DEF_FLAGOP(fname, text)                                                  \
    static uint64_t fname(uint64_t x, uint64_t y, uint64_t fin, uint64_t *fout) \
    {                                                                            \
        uint64_t r, f;                                                           \
        asm volatile("msr nzcv, %[fin]\n\t" text "\n\tmrs %[f], nzcv"            \
                     : [r] "=&r"(r), [f] "=&r"(f)                                \
                     : [x] "r"(x), [y] "r"(y), [fin] "r"(fin)                    \
                     : "cc");                                                    \
        *fout = f;                                                               \
        return r;                                                                \
    }

DEF_FLAGOP(adds64, "adds %[r], %[x], %[y]")
DEF_FLAGOP(adds32, "adds %w[r], %w[x], %w[y]")
DEF_FLAGOP(subs64, "subs %[r], %[x], %[y]")
DEF_FLAGOP(subs32, "subs %w[r], %w[x], %w[y]")
DEF_FLAGOP(adcs64, "adcs %[r], %[x], %[y]")
DEF_FLAGOP(adcs32, "adcs %w[r], %w[x], %w[y]")
DEF_FLAGOP(sbcs64, "sbcs %[r], %[x], %[y]")
DEF_FLAGOP(sbcs32, "sbcs %w[r], %w[x], %w[y]")
DEF_FLAGOP(adc64, "adc %[r], %[x], %[y]")
DEF_FLAGOP(sbc32, "sbc %w[r], %w[x], %w[y]")
DEF_FLAGOP(negs64, "negs %[r], %[y]")
DEF_FLAGOP(negs32, "negs %w[r], %w[y]")
DEF_FLAGOP(ngcs64, "ngcs %[r], %[y]")
DEF_FLAGOP(cmp64, "mov %[r], #0\n\tcmp %[x], %[y]")
DEF_FLAGOP(cmp32, "mov %[r], #0\n\tcmp %w[x], %w[y]")
DEF_FLAGOP(cmn64, "mov %[r], #0\n\tcmn %[x], %[y]")
DEF_FLAGOP(cmn32, "mov %[r], #0\n\tcmn %w[x], %w[y]")
DEF_FLAGOP(ccmp64_eq5, "mov %[r], #0\n\tccmp %[x], %[y], #5, eq")
DEF_FLAGOP(ccmp32_lt10, "mov %[r], #0\n\tccmp %w[x], %w[y], #10, lt")
DEF_FLAGOP(ccmp64_hi0, "mov %[r], #0\n\tccmp %[x], %[y], #0, hi")
DEF_FLAGOP(ccmn64_ne15, "mov %[r], #0\n\tccmn %[x], %[y], #15, ne")
DEF_FLAGOP(ccmn32_cs3, "mov %[r], #0\n\tccmn %w[x], %w[y], #3, cs")
DEF_FLAGOP(ccmp64_imm_ge, "mov %[r], #0\n\tccmp %[x], #17, #8, ge")
DEF_FLAGOP(adds64_imm, "adds %[r], %[x], #0xfff")
DEF_FLAGOP(subs32_imm12, "subs %w[r], %w[x], #1, lsl #12")
DEF_FLAGOP(ands64, "ands %[r], %[x], %[y]")
DEF_FLAGOP(ands32, "ands %w[r], %w[x], %w[y]")
DEF_FLAGOP(bics64, "bics %[r], %[x], %[y]")
DEF_FLAGOP(tst32_imm, "mov %[r], #0\n\ttst %w[x], #0x80000001")

enum kind { K_ADD, K_SUB, K_ADC, K_SBC, K_NEG, K_NGC, K_ADDIMM, K_SUBIMM12,
            K_CCMP, K_CCMN, K_CCMPIMM, K_AND, K_BIC, K_TSTIMM };

struct flagop {
    const char *name;
    uint64_t (*fn)(uint64_t, uint64_t, uint64_t, uint64_t *);
    enum kind kind;
    int width;
    int sets_flags;     /* 0: flags must be unchanged */
    int writes_result;  /* 0: result register is 0 (compare forms) */
    int cond, nzcv_imm; /* CCMP/CCMN */
};

static const struct flagop flagops[] = {
    { "adds x", adds64, K_ADD, 64, 1, 1, 0, 0 },
    { "adds w", adds32, K_ADD, 32, 1, 1, 0, 0 },
    { "subs x", subs64, K_SUB, 64, 1, 1, 0, 0 },
    { "subs w", subs32, K_SUB, 32, 1, 1, 0, 0 },
    { "adcs x", adcs64, K_ADC, 64, 1, 1, 0, 0 },
    { "adcs w", adcs32, K_ADC, 32, 1, 1, 0, 0 },
    { "sbcs x", sbcs64, K_SBC, 64, 1, 1, 0, 0 },
    { "sbcs w", sbcs32, K_SBC, 32, 1, 1, 0, 0 },
    { "adc x", adc64, K_ADC, 64, 0, 1, 0, 0 },
    { "sbc w", sbc32, K_SBC, 32, 0, 1, 0, 0 },
    { "negs x", negs64, K_NEG, 64, 1, 1, 0, 0 },
    { "negs w", negs32, K_NEG, 32, 1, 1, 0, 0 },
    { "ngcs x", ngcs64, K_NGC, 64, 1, 1, 0, 0 },
    { "cmp x", cmp64, K_SUB, 64, 1, 0, 0, 0 },
    { "cmp w", cmp32, K_SUB, 32, 1, 0, 0, 0 },
    { "cmn x", cmn64, K_ADD, 64, 1, 0, 0, 0 },
    { "cmn w", cmn32, K_ADD, 32, 1, 0, 0, 0 },
    { "ccmp x #5 eq", ccmp64_eq5, K_CCMP, 64, 1, 0, 0, 5 },
    { "ccmp w #10 lt", ccmp32_lt10, K_CCMP, 32, 1, 0, 11, 10 },
    { "ccmp x #0 hi", ccmp64_hi0, K_CCMP, 64, 1, 0, 8, 0 },
    { "ccmn x #15 ne", ccmn64_ne15, K_CCMN, 64, 1, 0, 1, 15 },
    { "ccmn w #3 cs", ccmn32_cs3, K_CCMN, 32, 1, 0, 2, 3 },
    { "ccmp x #17 #8 ge", ccmp64_imm_ge, K_CCMPIMM, 64, 1, 0, 10, 8 },
    { "adds x #0xfff", adds64_imm, K_ADDIMM, 64, 1, 1, 0, 0 },
    { "subs w #1 lsl 12", subs32_imm12, K_SUBIMM12, 32, 1, 1, 0, 0 },
    { "ands x", ands64, K_AND, 64, 1, 1, 0, 0 },
    { "ands w", ands32, K_AND, 32, 1, 1, 0, 0 },
    { "bics x", bics64, K_BIC, 64, 1, 1, 0, 0 },
    { "tst w #0x80000001", tst32_imm, K_TSTIMM, 32, 1, 0, 0, 0 },
};

static uint64_t ref_flagop(const struct flagop *op, uint64_t x, uint64_t y, uint64_t fin,
                           uint64_t *fout)
{
    int c = !!(fin & CF);
    uint64_t r = 0, f = 0, m = mask_w(op->width);
    switch (op->kind) {
    case K_ADD: r = ref_awc(x, y, 0, op->width, &f); break;
    case K_SUB: r = ref_awc(x, ~y, 1, op->width, &f); break;
    case K_ADC: r = ref_awc(x, y, c, op->width, &f); break;
    case K_SBC: r = ref_awc(x, ~y, c, op->width, &f); break;
    case K_NEG: r = ref_awc(0, ~y, 1, op->width, &f); break;
    case K_NGC: r = ref_awc(0, ~y, c, op->width, &f); break;
    case K_ADDIMM: r = ref_awc(x, 0xfff, 0, op->width, &f); break;
    case K_SUBIMM12: r = ref_awc(x, ~0x1000ull, 1, op->width, &f); break;
    case K_CCMP:
    case K_CCMN:
    case K_CCMPIMM:
        if (ref_cond(op->cond, fin)) {
            uint64_t yy = op->kind == K_CCMPIMM ? 17 : y;
            if (op->kind == K_CCMN) {
                ref_awc(x, yy, 0, op->width, &f);
            } else {
                ref_awc(x, ~yy, 1, op->width, &f);
            }
        } else {
            f = (uint64_t)op->nzcv_imm << 28;
        }
        break;
    case K_AND:
    case K_BIC:
    case K_TSTIMM: {
        uint64_t yy = op->kind == K_BIC ? ~y : op->kind == K_TSTIMM ? 0x80000001ull : y;
        r = x & yy & m;
        f = (r >> (op->width - 1) & 1 ? NF : 0) | (r == 0 ? ZF : 0);
        break;
    }
    }
    if (!op->writes_result) {
        r = 0;
    }
    *fout = op->sets_flags ? f : fin;
    return r;
}

static void test_flagops(void)
{
    char what[160];
    for (size_t o = 0; o < sizeof(flagops) / sizeof(flagops[0]); o++) {
        const struct flagop *op = &flagops[o];
        for (size_t i = 0; i < NVALS; i++) {
            for (size_t j = 0; j < NVALS; j++) {
                for (size_t s = 0; s < NSEEDS; s++) {
                    uint64_t x = vals[i], y = vals[j], fin = flag_seeds[s];
                    uint64_t ef, gf;
                    uint64_t er = ref_flagop(op, x, y, fin, &ef);
                    uint64_t gr = op->fn(x, y, fin, &gf);
                    if (er != gr || ef != gf) {
                        snprintf(what, sizeof(what), "%s x=%#llx y=%#llx nzcv_in=%#llx", op->name,
                                 (unsigned long long)x, (unsigned long long)y,
                                 (unsigned long long)fin);
                        if (er != gr) {
                            printf("FAIL %s result: expected %#llx got %#llx\n", what,
                                   (unsigned long long)er, (unsigned long long)gr);
                        }
                        if (ef != gf) {
                            printf("FAIL %s nzcv: expected %#llx got %#llx\n", what,
                                   (unsigned long long)ef, (unsigned long long)gf);
                        }
                        check_failures++;
                    }
                }
            }
        }
    }
}

/* ---- multiply / divide ---- */

static void test_muldiv(void)
{
    char what[128];
    for (size_t i = 0; i < NVALS; i++) {
        for (size_t j = 0; j < NVALS; j++) {
            uint64_t x = vals[i], y = vals[j], a = vals[(i + j) % NVALS];
            uint64_t r;
#define T(insn, expr, exp)                                                           \
    do {                                                                             \
        asm volatile(expr : "=&r"(r) : "r"(x), "r"(y), "r"(a));                      \
        snprintf(what, sizeof(what), insn " x=%#llx y=%#llx a=%#llx",                \
                 (unsigned long long)x, (unsigned long long)y, (unsigned long long)a); \
        CHECK_EQ(what, (exp), r);                                                    \
    } while (0)
            uint32_t x32 = (uint32_t)x, y32 = (uint32_t)y, a32 = (uint32_t)a;
            T("madd x", "madd %0, %1, %2, %3", x * y + a);
            T("msub x", "msub %0, %1, %2, %3", a - x * y);
            T("madd w", "madd %w0, %w1, %w2, %w3", (uint32_t)(x32 * y32 + a32));
            T("msub w", "msub %w0, %w1, %w2, %w3", (uint32_t)(a32 - x32 * y32));
            T("mul x", "mul %0, %1, %2", x * y);
            T("mneg x", "mneg %0, %1, %2", -(x * y));
            T("smull", "smull %0, %w1, %w2", (uint64_t)((int64_t)(int32_t)x32 * (int32_t)y32));
            T("umull", "umull %0, %w1, %w2", (uint64_t)x32 * y32);
            T("smaddl", "smaddl %0, %w1, %w2, %3",
              (uint64_t)((int64_t)(int32_t)x32 * (int32_t)y32) + a);
            T("umsubl", "umsubl %0, %w1, %w2, %3", a - (uint64_t)x32 * y32);
            T("smulh", "smulh %0, %1, %2",
              (uint64_t)(((__int128)(int64_t)x * (__int128)(int64_t)y) >> 64));
            T("umulh", "umulh %0, %1, %2",
              (uint64_t)(((unsigned __int128)x * y) >> 64));
            uint64_t udiv64 = y ? x / y : 0;
            uint32_t udiv32 = y32 ? x32 / y32 : 0;
            int64_t sx = (int64_t)x, sy = (int64_t)y;
            uint64_t sdiv64 = sy == 0 ? 0 : (sx == INT64_MIN && sy == -1) ? (uint64_t)INT64_MIN
                                                                          : (uint64_t)(sx / sy);
            int32_t sx32 = (int32_t)x32, sy32 = (int32_t)y32;
            uint32_t sdiv32 = sy32 == 0 ? 0 : (sx32 == INT32_MIN && sy32 == -1)
                                                  ? (uint32_t)INT32_MIN
                                                  : (uint32_t)(sx32 / sy32);
            T("udiv x", "udiv %0, %1, %2", udiv64);
            T("udiv w", "udiv %w0, %w1, %w2", udiv32);
            T("sdiv x", "sdiv %0, %1, %2", sdiv64);
            T("sdiv w", "sdiv %w0, %w1, %w2", sdiv32);
#undef T
        }
    }
}

/* ---- bit manipulation ---- */

static int ref_clz(uint64_t x, int width)
{
    int n = 0;
    for (int b = width - 1; b >= 0 && !(x >> b & 1); b--) {
        n++;
    }
    return n;
}

static int ref_cls(uint64_t x, int width)
{
    int top = x >> (width - 1) & 1, n = 0;
    for (int b = width - 2; b >= 0 && (int)(x >> b & 1) == top; b--) {
        n++;
    }
    return n;
}

static uint64_t ref_rbit(uint64_t x, int width)
{
    uint64_t r = 0;
    for (int b = 0; b < width; b++) {
        if (x >> b & 1) {
            r |= 1ull << (width - 1 - b);
        }
    }
    return r;
}

/* Reverse bytes inside each container of `csize` bytes over `width` bits. */
static uint64_t ref_rev(uint64_t x, int width, int csize)
{
    uint8_t in[8], out[8];
    int nbytes = width / 8;
    for (int i = 0; i < 8; i++) {
        in[i] = (uint8_t)(x >> (8 * i));
        out[i] = 0;
    }
    for (int c = 0; c < nbytes; c += csize) {
        for (int i = 0; i < csize; i++) {
            out[c + i] = in[c + csize - 1 - i];
        }
    }
    uint64_t r = 0;
    for (int i = 0; i < nbytes; i++) {
        r |= (uint64_t)out[i] << (8 * i);
    }
    return r;
}

static void test_bits(void)
{
    char what[96];
    for (size_t i = 0; i < NVALS; i++) {
        for (int variant = 0; variant < 3; variant++) {
            uint64_t x = vals[i];
            if (variant == 1) {
                x = x >> 3 | 1ull << 40;
            } else if (variant == 2) {
                x = ~x >> 17;
            }
            uint64_t r;
#define T(insn, expr, exp)                                                                  \
    do {                                                                                    \
        asm volatile(expr : "=r"(r) : "r"(x));                                              \
        snprintf(what, sizeof(what), insn " x=%#llx", (unsigned long long)x);               \
        CHECK_EQ(what, (exp), r);                                                           \
    } while (0)
            T("clz x", "clz %0, %1", ref_clz(x, 64));
            T("clz w", "clz %w0, %w1", ref_clz(x & 0xffffffff, 32));
            T("cls x", "cls %0, %1", ref_cls(x, 64));
            T("cls w", "cls %w0, %w1", ref_cls(x & 0xffffffff, 32));
            T("rbit x", "rbit %0, %1", ref_rbit(x, 64));
            T("rbit w", "rbit %w0, %w1", ref_rbit(x & 0xffffffff, 32));
            T("rev x", "rev %0, %1", ref_rev(x, 64, 8));
            T("rev w", "rev %w0, %w1", ref_rev(x, 32, 4));
            T("rev16 x", "rev16 %0, %1", ref_rev(x, 64, 2));
            T("rev16 w", "rev16 %w0, %w1", ref_rev(x, 32, 2));
            T("rev32 x", "rev32 %0, %1", ref_rev(x, 64, 4));
#undef T
        }
    }
}

/* ---- bitfield moves ---- */

static uint64_t ref_ubfx(uint64_t x, int lsb, int width) { return (x >> lsb) & (width == 64 ? ~0ull : (1ull << width) - 1); }

static uint64_t ref_sbfx(uint64_t x, int lsb, int width, int regw)
{
    uint64_t v = ref_ubfx(x, lsb, width);
    if (width < 64 && (v >> (width - 1) & 1)) {
        v |= ~0ull << width;
    }
    return v & mask_w(regw);
}

static uint64_t ref_bfi(uint64_t d, uint64_t x, int lsb, int width, int regw)
{
    uint64_t fm = ((width == 64 ? ~0ull : (1ull << width) - 1)) << lsb;
    return ((d & ~fm) | ((x << lsb) & fm)) & mask_w(regw);
}

static uint64_t ref_bfxil(uint64_t d, uint64_t x, int lsb, int width, int regw)
{
    uint64_t fm = (width == 64 ? ~0ull : (1ull << width) - 1);
    return ((d & ~fm) | ((x >> lsb) & fm)) & mask_w(regw);
}

static void test_bitfield(void)
{
    char what[96];
    for (size_t i = 0; i < NVALS; i++) {
        for (size_t j = 0; j < NVALS; j += 3) {
            uint64_t x = vals[i], d = vals[j], r;
            uint64_t x32 = x & 0xffffffff, d32 = d & 0xffffffff;
#define T1(insn, expr, exp)                                                      \
    do {                                                                         \
        asm volatile(expr : "=r"(r) : "r"(x));                                   \
        snprintf(what, sizeof(what), insn " x=%#llx", (unsigned long long)x);    \
        CHECK_EQ(what, (exp), r);                                                \
    } while (0)
#define T2(insn, expr, exp)                                                      \
    do {                                                                         \
        r = d;                                                                   \
        asm volatile(expr : "+r"(r) : "r"(x));                                   \
        snprintf(what, sizeof(what), insn " d=%#llx x=%#llx", (unsigned long long)d, \
                 (unsigned long long)x);                                         \
        CHECK_EQ(what, (exp), r);                                                \
    } while (0)
            T1("asr x #63", "asr %0, %1, #63", (uint64_t)((int64_t)x >> 63));
            T1("asr x #7", "asr %0, %1, #7", (uint64_t)((int64_t)x >> 7));
            T1("asr w #31", "asr %w0, %w1, #31", (uint32_t)((int32_t)x32 >> 31));
            T1("asr w #5", "asr %w0, %w1, #5", (uint32_t)((int32_t)x32 >> 5));
            T1("lsl x #1", "lsl %0, %1, #1", x << 1);
            T1("lsl x #63", "lsl %0, %1, #63", x << 63);
            T1("lsl w #31", "lsl %w0, %w1, #31", (uint32_t)(x32 << 31));
            T1("lsr x #60", "lsr %0, %1, #60", x >> 60);
            T1("lsr w #1", "lsr %w0, %w1, #1", x32 >> 1);
            T1("ror x #13", "ror %0, %1, #13", x >> 13 | x << 51);
            T1("ror w #31", "ror %w0, %w1, #31", (uint32_t)(x32 >> 31 | x32 << 1));
            T1("ubfx x #4 #8", "ubfx %0, %1, #4, #8", ref_ubfx(x, 4, 8));
            T1("ubfx x #0 #64", "ubfx %0, %1, #0, #64", x);
            T1("ubfx x #32 #32", "ubfx %0, %1, #32, #32", ref_ubfx(x, 32, 32));
            T1("ubfx w #28 #4", "ubfx %w0, %w1, #28, #4", ref_ubfx(x32, 28, 4));
            T1("sbfx x #4 #8", "sbfx %0, %1, #4, #8", ref_sbfx(x, 4, 8, 64));
            T1("sbfx x #31 #2", "sbfx %0, %1, #31, #2", ref_sbfx(x, 31, 2, 64));
            T1("sbfx w #16 #16", "sbfx %w0, %w1, #16, #16", ref_sbfx(x32, 16, 16, 32));
            T1("sbfx w #0 #1", "sbfx %w0, %w1, #0, #1", ref_sbfx(x32, 0, 1, 32));
            T1("sxtb x", "sxtb %0, %w1", ref_sbfx(x, 0, 8, 64));
            T1("sxth w", "sxth %w0, %w1", ref_sbfx(x, 0, 16, 32));
            T1("sxtw", "sxtw %0, %w1", ref_sbfx(x, 0, 32, 64));
            T1("uxtb", "uxtb %w0, %w1", x & 0xff);
            T1("uxth", "uxth %w0, %w1", x & 0xffff);
            T1("sbfiz x #8 #12", "sbfiz %0, %1, #8, #12", ref_sbfx(x, 0, 12, 64) << 8);
            T1("ubfiz w #3 #20", "ubfiz %w0, %w1, #3, #20", (x & 0xfffff) << 3);
            T2("bfi x #8 #16", "bfi %0, %1, #8, #16", ref_bfi(d, x, 8, 16, 64));
            T2("bfi x #60 #4", "bfi %0, %1, #60, #4", ref_bfi(d, x, 60, 4, 64));
            T2("bfi w #0 #31", "bfi %w0, %w1, #0, #31", ref_bfi(d32, x32, 0, 31, 32));
            T2("bfxil x #20 #40", "bfxil %0, %1, #20, #40", ref_bfxil(d, x, 20, 40, 64));
            T2("bfxil w #1 #7", "bfxil %w0, %w1, #1, #7", ref_bfxil(d32, x32, 1, 7, 32));
            T2("bfi xzr (bfc) x #4 #8", "bfi %0, xzr, #4, #8", d & ~(0xffull << 4));
            T2("extr x #0 (d:x)", "extr %0, %0, %1, #0", x);
            T2("extr x #17 (d:x)", "extr %0, %0, %1, #17", x >> 17 | d << 47);
            T2("extr x #63 (d:x)", "extr %0, %0, %1, #63", x >> 63 | d << 1);
            T2("extr w #9 (d:x)", "extr %w0, %w0, %w1, #9", (uint32_t)(x32 >> 9 | d32 << 23));
#undef T1
#undef T2
        }
    }
}

/* ---- conditional select ---- */

#define DEF_CSEL(fname, text)                                                   \
    static uint64_t fname(uint64_t x, uint64_t y, uint64_t fin)                 \
    {                                                                           \
        uint64_t r;                                                             \
        asm volatile("msr nzcv, %[fin]\n\t" text                                \
                     : [r] "=&r"(r) : [x] "r"(x), [y] "r"(y), [fin] "r"(fin) : "cc"); \
        return r;                                                               \
    }
DEF_CSEL(csel_eq, "csel %[r], %[x], %[y], eq")
DEF_CSEL(csel_w_lt, "csel %w[r], %w[x], %w[y], lt")
DEF_CSEL(csinc_ne, "csinc %[r], %[x], %[y], ne")
DEF_CSEL(csinc_w_hi, "csinc %w[r], %w[x], %w[y], hi")
DEF_CSEL(csinv_ge, "csinv %[r], %[x], %[y], ge")
DEF_CSEL(csinv_w_ls, "csinv %w[r], %w[x], %w[y], ls")
DEF_CSEL(csneg_gt, "csneg %[r], %[x], %[y], gt")
DEF_CSEL(csneg_w_vs, "csneg %w[r], %w[x], %w[y], vs")
DEF_CSEL(cset_mi, "cset %[r], mi")
DEF_CSEL(csetm_w_le, "csetm %w[r], le")
DEF_CSEL(cinc_cc, "cinc %[r], %[x], cc")
DEF_CSEL(cneg_pl, "cneg %[r], %[x], pl")
DEF_CSEL(csel_al, "csel %[r], %[x], %[y], al")
DEF_CSEL(csel_nv, "csel %[r], %[x], %[y], nv")

enum csk { CS_SEL, CS_INC, CS_INV, CS_NEG, CS_SET, CS_SETM, CS_CINC, CS_CNEG };
struct csop {
    const char *name;
    uint64_t (*fn)(uint64_t, uint64_t, uint64_t);
    enum csk kind;
    int cond, width;
};
static const struct csop csops[] = {
    { "csel eq", csel_eq, CS_SEL, 0, 64 },       { "csel w lt", csel_w_lt, CS_SEL, 11, 32 },
    { "csinc ne", csinc_ne, CS_INC, 1, 64 },     { "csinc w hi", csinc_w_hi, CS_INC, 8, 32 },
    { "csinv ge", csinv_ge, CS_INV, 10, 64 },    { "csinv w ls", csinv_w_ls, CS_INV, 9, 32 },
    { "csneg gt", csneg_gt, CS_NEG, 12, 64 },    { "csneg w vs", csneg_w_vs, CS_NEG, 6, 32 },
    { "cset mi", cset_mi, CS_SET, 4, 64 },       { "csetm w le", csetm_w_le, CS_SETM, 13, 32 },
    { "cinc cc", cinc_cc, CS_CINC, 3, 64 },      { "cneg pl", cneg_pl, CS_CNEG, 5, 64 },
    { "csel al", csel_al, CS_SEL, 14, 64 },      { "csel nv", csel_nv, CS_SEL, 15, 64 },
};

static void test_csel(void)
{
    char what[128];
    for (size_t o = 0; o < sizeof(csops) / sizeof(csops[0]); o++) {
        const struct csop *op = &csops[o];
        for (unsigned f = 0; f < 16; f++) {
            uint64_t fin = (uint64_t)f << 28;
            int c = ref_cond(op->cond, fin);
            for (size_t i = 0; i < NVALS; i += 2) {
                uint64_t x = vals[i], y = vals[(i * 7 + 3) % NVALS], e = 0;
                switch (op->kind) {
                case CS_SEL: e = c ? x : y; break;
                case CS_INC: e = c ? x : y + 1; break;
                case CS_INV: e = c ? x : ~y; break;
                case CS_NEG: e = c ? x : -y; break;
                /* the aliases invert the condition: cset = csinc xzr, xzr, invert(cond) */
                case CS_SET: e = c ? 1 : 0; break;
                case CS_SETM: e = c ? ~0ull : 0; break;
                case CS_CINC: e = c ? x + 1 : x; break;
                case CS_CNEG: e = c ? -x : x; break;
                }
                e &= mask_w(op->width);
                snprintf(what, sizeof(what), "%s nzcv=%#x x=%#llx y=%#llx", op->name, f,
                         (unsigned long long)x, (unsigned long long)y);
                CHECK_EQ(what, e, op->fn(x, y, fin));
            }
        }
    }
}

/* ---- shifts by register, logical shifted register ---- */

static void test_shifts(void)
{
    static const uint64_t amounts[] = { 0, 1, 5, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256,
                                        0xffffffff, 0x100000001ull, 0xffffffffffffffffull };
    char what[128];
    for (size_t i = 0; i < NVALS; i++) {
        for (size_t j = 0; j < sizeof(amounts) / sizeof(amounts[0]); j++) {
            uint64_t x = vals[i], s = amounts[j], r;
            uint32_t x32 = (uint32_t)x;
            unsigned s64 = s & 63, s32 = s & 31;
#define T(insn, expr, exp)                                                          \
    do {                                                                            \
        asm volatile(expr : "=r"(r) : "r"(x), "r"(s));                              \
        snprintf(what, sizeof(what), insn " x=%#llx s=%#llx", (unsigned long long)x, \
                 (unsigned long long)s);                                            \
        CHECK_EQ(what, (exp), r);                                                   \
    } while (0)
            T("lslv x", "lsl %0, %1, %2", x << s64);
            T("lsrv x", "lsr %0, %1, %2", x >> s64);
            T("asrv x", "asr %0, %1, %2", (uint64_t)((int64_t)x >> s64));
            T("rorv x", "ror %0, %1, %2", s64 ? x >> s64 | x << (64 - s64) : x);
            T("lslv w", "lsl %w0, %w1, %w2", (uint32_t)(x32 << s32));
            T("lsrv w", "lsr %w0, %w1, %w2", x32 >> s32);
            T("asrv w", "asr %w0, %w1, %w2", (uint32_t)((int32_t)x32 >> s32));
            T("rorv w", "ror %w0, %w1, %w2",
              s32 ? (uint32_t)(x32 >> s32 | x32 << (32 - s32)) : x32);
            /* logical with shifted register: second operand is the shifted one */
            T("and lsl #3", "and %0, %1, %2, lsl #3", x & (s << 3));
            T("orr lsr #7", "orr %0, %1, %2, lsr #7", x | (s >> 7));
            T("eor asr #60", "eor %0, %1, %2, asr #60", x ^ (uint64_t)((int64_t)s >> 60));
            T("bic ror #13", "bic %0, %1, %2, ror #13", x & ~(s >> 13 | s << 51));
            T("orn lsl #0", "orn %0, %1, %2", x | ~s);
            T("eon lsr #1", "eon %0, %1, %2, lsr #1", x ^ ~(s >> 1));
            T("and w ror #31", "and %w0, %w1, %w2, ror #31",
              x32 & (uint32_t)((uint32_t)s >> 31 | (uint32_t)s << 1));
            T("orr w asr #4", "orr %w0, %w1, %w2, asr #4",
              x32 | (uint32_t)((int32_t)(uint32_t)s >> 4));
            T("mvn w", "mvn %w0, %w2", (uint32_t)~(uint32_t)s);
            T("add lsl #12", "add %0, %1, %2, lsl #12", x + (s << 12));
            T("sub asr #2", "sub %0, %1, %2, asr #2", x - (uint64_t)((int64_t)s >> 2));
            T("add w lsr #31", "add %w0, %w1, %w2, lsr #31", (uint32_t)(x32 + ((uint32_t)s >> 31)));
            T("neg lsl #1", "neg %0, %2, lsl #1", -(s << 1));
#undef T
        }
    }
}

/* ---- add/sub extended register ---- */

static void test_extend(void)
{
    char what[128];
    for (size_t i = 0; i < NVALS; i++) {
        for (size_t j = 0; j < NVALS; j++) {
            uint64_t x = vals[i], y = vals[j], r;
            uint32_t x32 = (uint32_t)x;
#define T(insn, expr, exp)                                                           \
    do {                                                                             \
        asm volatile(expr : "=r"(r) : "r"(x), "r"(y));                               \
        snprintf(what, sizeof(what), insn " x=%#llx y=%#llx", (unsigned long long)x,  \
                 (unsigned long long)y);                                             \
        CHECK_EQ(what, (exp), r);                                                    \
    } while (0)
            T("add uxtb", "add %0, %1, %w2, uxtb", x + (uint8_t)y);
            T("add uxtb #4", "add %0, %1, %w2, uxtb #4", x + ((uint64_t)(uint8_t)y << 4));
            T("add uxth #1", "add %0, %1, %w2, uxth #1", x + ((uint64_t)(uint16_t)y << 1));
            T("add uxtw #2", "add %0, %1, %w2, uxtw #2", x + ((uint64_t)(uint32_t)y << 2));
            T("add uxtx #3", "add %0, %1, %2, uxtx #3", x + (y << 3));
            T("add sxtb", "add %0, %1, %w2, sxtb", x + (uint64_t)(int64_t)(int8_t)y);
            T("sub sxth #3", "sub %0, %1, %w2, sxth #3", x - ((uint64_t)(int64_t)(int16_t)y << 3));
            T("add sxtw #1", "add %0, %1, %w2, sxtw #1", x + ((uint64_t)(int64_t)(int32_t)y << 1));
            T("sub sxtx #4", "sub %0, %1, %2, sxtx #4", x - (y << 4));
            T("add w uxtb #2", "add %w0, %w1, %w2, uxtb #2", (uint32_t)(x32 + ((uint32_t)(uint8_t)y << 2)));
            T("add w sxth", "add %w0, %w1, %w2, sxth", (uint32_t)(x32 + (uint32_t)(int32_t)(int16_t)y));
            T("sub w sxtb #1", "sub %w0, %w1, %w2, sxtb #1", (uint32_t)(x32 - ((uint32_t)(int32_t)(int8_t)y << 1)));
#undef T
            /* extended form with SP as the base register */
            uint64_t spdiff;
            asm volatile("mov x9, sp\n\tadd x10, sp, %w1, uxtb #1\n\tsub %0, x10, x9"
                         : "=r"(spdiff) : "r"(y) : "x9", "x10");
            snprintf(what, sizeof(what), "add x, sp, uxtb #1 y=%#llx", (unsigned long long)y);
            CHECK_EQ(what, (uint64_t)(uint8_t)y << 1, spdiff);
            /* flag-setting extended form */
            uint64_t f, ef;
            asm volatile("adds %0, %2, %w3, sxtw\n\tmrs %1, nzcv" : "=r"(r), "=r"(f) : "r"(x), "r"(y) : "cc");
            uint64_t er = ref_awc(x, (uint64_t)(int64_t)(int32_t)y, 0, 64, &ef);
            snprintf(what, sizeof(what), "adds sxtw x=%#llx y=%#llx", (unsigned long long)x,
                     (unsigned long long)y);
            CHECK_EQ(what, er, r);
            CHECK_EQ(what, ef, f);
        }
    }
}

/* ---- PC-relative and move-wide ---- */

static int some_global = 42;

static void test_adr_movw(void)
{
    uint64_t a, p, lbl, g;
    asm volatile("adr %0, 1f\n\t"
                 "adrp %1, 1f\n\t"
                 "1: adr %2, .\n\t"
                 : "=r"(a), "=r"(p), "=r"(lbl));
    CHECK_EQ("adr label", lbl, a);
    CHECK_EQ("adrp page of label", lbl & ~0xfffull, p);
    asm volatile("adrp %0, some_global\n\tadd %0, %0, :lo12:some_global" : "=r"(g));
    CHECK_EQ("adrp+add :lo12: global", (uint64_t)&some_global, g);
    uint64_t back, fwd;
    asm volatile("2: nop\n\tnop\n\tadr %0, 2b\n\tadr %1, 3f\n\tnop\n\t3:\n\t"
                 "sub %0, %1, %0" : "=r"(back), "=r"(fwd));
    CHECK_EQ("adr back/forward distance", 20, back);

    uint64_t r;
    asm volatile("movz %0, #0x1234, lsl #16" : "=r"(r));
    CHECK_EQ("movz lsl 16", 0x12340000ull, r);
    asm volatile("movz %0, #0xffff, lsl #48" : "=r"(r));
    CHECK_EQ("movz lsl 48", 0xffff000000000000ull, r);
    asm volatile("movn %0, #0" : "=r"(r));
    CHECK_EQ("movn 0", ~0ull, r);
    asm volatile("movn %0, #0x5a5a, lsl #32" : "=r"(r));
    CHECK_EQ("movn lsl 32", ~0x00005a5a00000000ull, r);
    asm volatile("movn %w0, #0x1" : "=r"(r));
    CHECK_EQ("movn w", 0xfffffffeull, r);
    asm volatile("movz %w0, #0xbeef, lsl #16" : "=r"(r));
    CHECK_EQ("movz w lsl 16", 0xbeef0000ull, r);
    r = 0x1111222233334444ull;
    asm volatile("movk %0, #0xabcd, lsl #32" : "+r"(r));
    CHECK_EQ("movk lsl 32", 0x1111abcd33334444ull, r);
    asm volatile("movk %0, #0xffff" : "+r"(r));
    CHECK_EQ("movk lsl 0", 0x1111abcd3333ffffull, r);
    r = 0x1111222233334444ull;
    asm volatile("movk %w0, #0x9999, lsl #16" : "+r"(r));
    CHECK_EQ("movk w clears top", 0x99994444ull, r);
    asm volatile("movz %0, #0x1\n\tmovk %0, #0x2, lsl #16\n\tmovk %0, #0x3, lsl #32\n\t"
                 "movk %0, #0x8004, lsl #48" : "=r"(r));
    CHECK_EQ("movz+movk chain", 0x8004000300020001ull, r);
    asm volatile("mov %0, #0xff00ff00ff00ff00" : "=r"(r)); /* logical immediate (orr) */
    CHECK_EQ("mov bitmask imm", 0xff00ff00ff00ff00ull, r);
    asm volatile("mov %w0, #0x7ffffffe" : "=r"(r));
    CHECK_EQ("mov w bitmask imm", 0x7ffffffeull, r);
}

int main(void)
{
    test_flagops();
    test_muldiv();
    test_bits();
    test_bitfield();
    test_csel();
    test_shifts();
    test_extend();
    test_adr_movw();
    return finish("arith");
}
