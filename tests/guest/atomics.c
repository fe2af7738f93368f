/*
 * atomics.c - exclusive and atomic memory instructions, single-threaded:
 * LDXR/STXR, LDAXR/STLXR (b/h/w/x), LDXP/STXP, CLREX making STXR fail,
 * LDAR/STLR, LDAPR (RCpc, armv8.3), and the LSE set (armv8.1): CAS/CASA/
 * CASAL/CASL in every size, CASP, LDADD/LDCLR/LDEOR/LDSET/LDSMAX/LDSMIN/
 * LDUMAX/LDUMIN and SWP with every ordering suffix and size.
 *
 * Each op's returned old value and the resulting memory are compared with a
 * C model; bytes next to the accessed element must stay untouched.
 * Built with -march=armv8.3-a (which includes LSE and RCpc).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static const uint64_t vals[] = {
    0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0x0123456789abcdefull, 0xfedcba9876543210ull, 0x5a5a5a5a5a5a5a5aull,
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

enum { OP_ldadd, OP_ldclr, OP_ldeor, OP_ldset, OP_ldsmax, OP_ldsmin, OP_ldumax, OP_ldumin, OP_swp };

static uint64_t size_mask(int size) { return size == 8 ? ~0ull : (1ull << (8 * size)) - 1; }

static int64_t sext(uint64_t v, int size)
{
    int sh = 64 - 8 * size;
    return (int64_t)(v << sh) >> sh;
}

static uint64_t ref_op(int op, uint64_t old, uint64_t v, int size)
{
    uint64_t m = size_mask(size);
    old &= m;
    v &= m;
    switch (op) {
    case OP_ldadd: return (old + v) & m;
    case OP_ldclr: return old & ~v;
    case OP_ldeor: return old ^ v;
    case OP_ldset: return old | v;
    case OP_ldsmax: return sext(old, size) > sext(v, size) ? old : v;
    case OP_ldsmin: return sext(old, size) < sext(v, size) ? old : v;
    case OP_ldumax: return old > v ? old : v;
    case OP_ldumin: return old < v ? old : v;
    default: return v; /* swp */
    }
}

/* ---- LSE load-op / swap: fn(mem, v) returns the old value ---- */
#define F(n, insn, r)                                                             \
    static uint64_t n(void *m, uint64_t v)                                        \
    {                                                                             \
        uint64_t o;                                                               \
        asm volatile(insn " %" r "1, %" r "0, [%2]" : "=&r"(o) : "r"(v), "r"(m) : "memory"); \
        return o;                                                                 \
    }
#define SIZES(op, ord)                                                            \
    F(op##ord##b, #op #ord "b", "w")                                              \
    F(op##ord##h, #op #ord "h", "w")                                              \
    F(op##ord##w, #op #ord, "w")                                                  \
    F(op##ord##x, #op #ord, "")
#define ORDS(op) SIZES(op, ) SIZES(op, a) SIZES(op, al) SIZES(op, l)
ORDS(ldadd)
ORDS(ldclr)
ORDS(ldeor)
ORDS(ldset)
ORDS(ldsmax)
ORDS(ldsmin)
ORDS(ldumax)
ORDS(ldumin)
ORDS(swp)
#undef F
#undef SIZES
#undef ORDS

struct lseop {
    const char *name;
    int op, size;
    uint64_t (*fn)(void *, uint64_t);
};
#define E(op, ord)                                                                \
    { #op #ord "b", OP_##op, 1, op##ord##b }, { #op #ord "h", OP_##op, 2, op##ord##h }, \
    { #op #ord " w", OP_##op, 4, op##ord##w }, { #op #ord " x", OP_##op, 8, op##ord##x }
#define EO(op) E(op, ), E(op, a), E(op, al), E(op, l)
static const struct lseop lseops[] = {
    EO(ldadd), EO(ldclr), EO(ldeor), EO(ldset), EO(ldsmax),
    EO(ldsmin), EO(ldumax), EO(ldumin), EO(swp),
};
#undef E
#undef EO

static uint8_t cell[32] __attribute__((aligned(16)));
#define CANARY 0xc3

static void check_canaries(const char *what, int off, int size)
{
    for (int i = 0; i < (int)sizeof(cell); i++) {
        if ((i < off || i >= off + size) && cell[i] != CANARY) {
            printf("FAIL %s: byte %d outside the element changed to %#x\n", what, i, cell[i]);
            check_failures++;
            memset(cell, CANARY, sizeof(cell));
            return;
        }
    }
}

static void test_lse(void)
{
    char what[128];
    for (size_t o = 0; o < sizeof(lseops) / sizeof(lseops[0]); o++) {
        const struct lseop *op = &lseops[o];
        for (size_t i = 0; i < NVALS; i++) {
            for (size_t j = 0; j < NVALS; j++) {
                uint64_t init = vals[i], v = vals[j];
                memset(cell, CANARY, sizeof(cell));
                memcpy(cell + 8, &init, op->size);
                uint64_t got_old = op->fn(cell + 8, v);
                uint64_t got_mem = 0;
                memcpy(&got_mem, cell + 8, op->size);
                snprintf(what, sizeof(what), "%s mem=%#llx v=%#llx", op->name,
                         (unsigned long long)init, (unsigned long long)v);
                CHECK_EQ(what, init & size_mask(op->size), got_old);
                CHECK_EQ(what, ref_op(op->op, init, v, op->size), got_mem);
                check_canaries(what, 8, op->size);
            }
        }
    }
    /* ST<op> aliases (Rt = zr) */
    uint64_t m = 5;
    asm volatile("stadd %1, [%0]\n\tstsetl %2, [%0]\n\tsteor %3, [%0]" ::
                 "r"(&m), "r"(10ull), "r"(0x100ull), "r"(1ull) : "memory");
    CHECK_EQ("stadd/stsetl/steor", (15ull | 0x100) ^ 1, m);
}

/* ---- CAS: fn(mem, cmp, new) returns Rs after (the old memory value) ---- */
#define C(n, insn, r)                                                             \
    static uint64_t n(void *m, uint64_t cmp, uint64_t nv)                         \
    {                                                                             \
        asm volatile(insn " %" r "0, %" r "1, [%2]" : "+&r"(cmp) : "r"(nv), "r"(m) : "memory"); \
        return cmp;                                                               \
    }
#define CSIZES(ord)                                                               \
    C(cas##ord##b, "cas" #ord "b", "w")                                           \
    C(cas##ord##h, "cas" #ord "h", "w")                                           \
    C(cas##ord##w, "cas" #ord, "w")                                               \
    C(cas##ord##x, "cas" #ord, "")
CSIZES()
CSIZES(a)
CSIZES(al)
CSIZES(l)
#undef C
#undef CSIZES

struct casop {
    const char *name;
    int size;
    uint64_t (*fn)(void *, uint64_t, uint64_t);
};
#define E(ord)                                                                    \
    { "cas" #ord "b", 1, cas##ord##b }, { "cas" #ord "h", 2, cas##ord##h },        \
    { "cas" #ord " w", 4, cas##ord##w }, { "cas" #ord " x", 8, cas##ord##x }
static const struct casop casops[] = { E(), E(a), E(al), E(l) };
#undef E

static void test_cas(void)
{
    char what[128];
    for (size_t o = 0; o < sizeof(casops) / sizeof(casops[0]); o++) {
        const struct casop *op = &casops[o];
        uint64_t m = size_mask(op->size);
        for (size_t i = 0; i < NVALS; i++) {
            for (int hit = 0; hit < 2; hit++) {
                uint64_t init = vals[i], nv = vals[(i + 5) % NVALS];
                /* for sub-word sizes only the low bits of Rs take part in the compare */
                uint64_t cmp = hit ? (init | ~m) : init ^ 1;
                if (op->size == 8 && hit) {
                    cmp = init;
                }
                memset(cell, CANARY, sizeof(cell));
                memcpy(cell + 16, &init, op->size);
                uint64_t got_rs = op->fn(cell + 16, cmp, nv);
                uint64_t got_mem = 0;
                memcpy(&got_mem, cell + 16, op->size);
                snprintf(what, sizeof(what), "%s mem=%#llx cmp=%#llx new=%#llx", op->name,
                         (unsigned long long)init, (unsigned long long)cmp,
                         (unsigned long long)nv);
                CHECK_EQ(what, init & m, got_rs);
                CHECK_EQ(what, hit ? nv & m : init & m, got_mem);
                check_canaries(what, 16, op->size);
            }
        }
    }
}

#define CASP_X(fname, insn)                                                       \
    static void fname(void *m, uint64_t c0, uint64_t c1, uint64_t n0, uint64_t n1, \
                      uint64_t *o0, uint64_t *o1)                                 \
    {                                                                             \
        asm volatile("mov x4, %2\n\tmov x5, %3\n\tmov x6, %4\n\tmov x7, %5\n\t"   \
                     insn " x4, x5, x6, x7, [%6]\n\t"                             \
                     "mov %0, x4\n\tmov %1, x5"                                   \
                     : "=r"(*o0), "=r"(*o1)                                       \
                     : "r"(c0), "r"(c1), "r"(n0), "r"(n1), "r"(m)                 \
                     : "x4", "x5", "x6", "x7", "memory");                         \
    }
CASP_X(casp_x, "casp")
CASP_X(caspa_x, "caspa")
CASP_X(caspal_x, "caspal")
CASP_X(caspl_x, "caspl")

static void casp_w(void *m, uint64_t c0, uint64_t c1, uint64_t n0, uint64_t n1, uint64_t *o0,
                   uint64_t *o1)
{
    asm volatile("mov x4, %2\n\tmov x5, %3\n\tmov x6, %4\n\tmov x7, %5\n\t"
                 "caspal w4, w5, w6, w7, [%6]\n\t"
                 "mov %0, x4\n\tmov %1, x5"
                 : "=r"(*o0), "=r"(*o1)
                 : "r"(c0), "r"(c1), "r"(n0), "r"(n1), "r"(m)
                 : "x4", "x5", "x6", "x7", "memory");
}

static void test_casp(void)
{
    static void (*const fns[])(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t *,
                               uint64_t *) = { casp_x, caspa_x, caspal_x, caspl_x };
    static const char *const names[] = { "casp x", "caspa x", "caspal x", "caspl x" };
    char what[96];
    uint64_t mem[2] __attribute__((aligned(16)));
    for (int f = 0; f < 4; f++) {
        for (int hit = 0; hit < 4; hit++) {
            /* hit 0: both match; 1: low differs; 2: high differs; 3: both differ */
            uint64_t a = 0x1111222233334444ull, b = 0x5555666677778888ull, o0, o1;
            mem[0] = a;
            mem[1] = b;
            fns[f](mem, a ^ (hit & 1), b ^ (hit >> 1), 0xaaaa, 0xbbbb, &o0, &o1);
            snprintf(what, sizeof(what), "%s case %d", names[f], hit);
            CHECK_EQ(what, a, o0);
            CHECK_EQ(what, b, o1);
            CHECK_EQ(what, hit ? a : 0xaaaa, mem[0]);
            CHECK_EQ(what, hit ? b : 0xbbbb, mem[1]);
        }
    }
    uint32_t wm[2] __attribute__((aligned(8))) = { 0x01020304, 0x05060708 };
    uint64_t o0, o1;
    casp_w(wm, 0xffffffff01020304ull, 0x05060708, 0x11, 0x22, &o0, &o1);
    CHECK_EQ("caspal w old lo", 0x01020304, o0);
    CHECK_EQ("caspal w old hi", 0x05060708, o1);
    CHECK_EQ("caspal w new lo", 0x11, wm[0]);
    CHECK_EQ("caspal w new hi", 0x22, wm[1]);
    casp_w(wm, 0x11, 0x23, 0x33, 0x44, &o0, &o1);
    CHECK_EQ("caspal w miss lo", 0x11, wm[0]);
    CHECK_EQ("caspal w miss hi", 0x22, wm[1]);
    CHECK_EQ("caspal w miss returns hi", 0x22, o1);
}

/* ---- load/store exclusive ---- */
#define XADD(fname, ld, st, r)                                                    \
    static uint64_t fname(void *m, uint64_t v, uint64_t *old)                     \
    {                                                                             \
        uint64_t o, t, s, tries = 0;                                              \
        asm volatile("1: add %3, %3, #1\n\t"                                      \
                     ld " %" r "0, [%4]\n\t"                                      \
                     "add %" r "1, %" r "0, %" r "5\n\t"                          \
                     st " %w2, %" r "1, [%4]\n\t"                                 \
                     "cbnz %w2, 1b"                                               \
                     : "=&r"(o), "=&r"(t), "=&r"(s), "+&r"(tries)                 \
                     : "r"(m), "r"(v) : "memory");                                \
        *old = o;                                                                 \
        return tries;                                                             \
    }
XADD(xadd_b, "ldxrb", "stxrb", "w")
XADD(xadd_h, "ldxrh", "stxrh", "w")
XADD(xadd_w, "ldxr", "stxr", "w")
XADD(xadd_x, "ldxr", "stxr", "")
XADD(axadd_b, "ldaxrb", "stlxrb", "w")
XADD(axadd_h, "ldaxrh", "stlxrh", "w")
XADD(axadd_w, "ldaxr", "stlxr", "w")
XADD(axadd_x, "ldaxr", "stlxr", "")

static void test_exclusive(void)
{
    static const struct {
        const char *name;
        int size;
        uint64_t (*fn)(void *, uint64_t, uint64_t *);
    } ops[] = {
        { "ldxrb/stxrb", 1, xadd_b },   { "ldxrh/stxrh", 2, xadd_h },
        { "ldxr/stxr w", 4, xadd_w },   { "ldxr/stxr x", 8, xadd_x },
        { "ldaxrb/stlxrb", 1, axadd_b }, { "ldaxrh/stlxrh", 2, axadd_h },
        { "ldaxr/stlxr w", 4, axadd_w }, { "ldaxr/stlxr x", 8, axadd_x },
    };
    char what[96];
    for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
        for (size_t i = 0; i < NVALS; i += 2) {
            uint64_t init = vals[i], v = vals[(i + 3) % NVALS], old, got = 0;
            memset(cell, CANARY, sizeof(cell));
            memcpy(cell + 8, &init, ops[o].size);
            uint64_t tries = ops[o].fn(cell + 8, v, &old);
            memcpy(&got, cell + 8, ops[o].size);
            snprintf(what, sizeof(what), "%s mem=%#llx v=%#llx", ops[o].name,
                     (unsigned long long)init, (unsigned long long)v);
            CHECK_EQ(what, init & size_mask(ops[o].size), old);
            CHECK_EQ(what, (init + v) & size_mask(ops[o].size), got);
            CHECK(what, tries >= 1 && tries < 100);
            check_canaries(what, 8, ops[o].size);
        }
    }

    /* CLREX clears the local monitor: the store-exclusive must fail and not write */
    uint64_t m = 7, st, ld;
    asm volatile("ldxr %1, [%2]\n\tclrex\n\tstxr %w0, %3, [%2]"
                 : "=&r"(st), "=&r"(ld) : "r"(&m), "r"(99ull) : "memory");
    CHECK_EQ("clrex then stxr status", 1, st);
    CHECK_EQ("clrex then stxr memory", 7, m);
    /* a store-exclusive with no preceding load-exclusive must fail too */
    asm volatile("clrex\n\tstxr %w0, %2, [%1]" : "=&r"(st) : "r"(&m), "r"(98ull) : "memory");
    CHECK_EQ("stxr without ldxr status", 1, st);
    CHECK_EQ("stxr without ldxr memory", 7, m);

    /* pairs */
    uint64_t pair[2] __attribute__((aligned(16))) = { 0x1122334455667788ull, 0x99aabbccddeeff00ull };
    uint64_t lo, hi, tries = 0;
    asm volatile("1: add %3, %3, #1\n\t"
                 "ldxp %0, %1, [%4]\n\t"
                 "add %0, %0, #1\n\tadd %1, %1, #2\n\t"
                 "stxp %w2, %0, %1, [%4]\n\t"
                 "cbnz %w2, 1b"
                 : "=&r"(lo), "=&r"(hi), "=&r"(st), "+&r"(tries) : "r"(pair) : "memory");
    CHECK_EQ("ldxp/stxp lo", 0x1122334455667789ull, pair[0]);
    CHECK_EQ("ldxp/stxp hi", 0x99aabbccddeeff02ull, pair[1]);
    asm volatile("1: ldaxp %w0, %w1, [%3]\n\t"
                 "stlxp %w2, %w1, %w0, [%3]\n\t" /* swap the two words */
                 "cbnz %w2, 1b"
                 : "=&r"(lo), "=&r"(hi), "=&r"(st) : "r"(pair) : "memory");
    CHECK_EQ("ldaxp/stlxp w returned lo", 0x55667789, lo);
    CHECK_EQ("ldaxp/stlxp w returned hi", 0x11223344, hi);
    CHECK_EQ("ldaxp/stlxp w swapped", 0x5566778911223344ull, pair[0]);
    CHECK_EQ("ldaxp/stlxp w untouched", 0x99aabbccddeeff02ull, pair[1]);
}

static void test_acqrel(void)
{
    uint64_t m = 0, r;
    asm volatile("stlr %1, [%0]" :: "r"(&m), "r"(0xfeedfacecafebeefull) : "memory");
    CHECK_EQ("stlr x", 0xfeedfacecafebeefull, m);
    asm volatile("stlrb %w1, [%0]" :: "r"(&m), "r"(0x11ull) : "memory");
    asm volatile("stlrh %w1, [%0, #0]" :: "r"((char *)&m + 2), "r"(0x2233ull) : "memory");
    asm volatile("stlr %w1, [%0]" :: "r"((char *)&m + 4), "r"(0x44556677ull) : "memory");
    CHECK_EQ("stlrb/stlrh/stlr w", 0x445566772233be11ull, m);
    CHECK_EQ("stlrb kept byte 1", 0xbe, (m >> 8) & 0xff);
    asm volatile("ldar %0, [%1]" : "=r"(r) : "r"(&m) : "memory");
    CHECK_EQ("ldar x", m, r);
    asm volatile("ldar %w0, [%1]" : "=r"(r) : "r"((char *)&m + 4) : "memory");
    CHECK_EQ("ldar w", 0x44556677, r);
    asm volatile("ldarh %w0, [%1]" : "=r"(r) : "r"((char *)&m + 2) : "memory");
    CHECK_EQ("ldarh", 0x2233, r);
    asm volatile("ldarb %w0, [%1]" : "=r"(r) : "r"(&m) : "memory");
    CHECK_EQ("ldarb", 0x11, r);
    asm volatile("ldapr %0, [%1]" : "=r"(r) : "r"(&m) : "memory");
    CHECK_EQ("ldapr x", m, r);
    asm volatile("ldapr %w0, [%1]" : "=r"(r) : "r"((char *)&m + 4) : "memory");
    CHECK_EQ("ldapr w", 0x44556677, r);
    asm volatile("ldaprh %w0, [%1]" : "=r"(r) : "r"((char *)&m + 2) : "memory");
    CHECK_EQ("ldaprh", 0x2233, r);
    asm volatile("ldaprb %w0, [%1]" : "=r"(r) : "r"((char *)&m + 6) : "memory");
    CHECK_EQ("ldaprb", 0x55, r);
}

int main(void)
{
    test_exclusive();
    test_acqrel();
    test_lse();
    test_cas();
    test_casp();
    return finish("atomics");
}
