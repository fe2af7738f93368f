/*
 * mops.c - FEAT_MOPS (CPYFP/CPYFM/CPYFE, CPYP/CPYM/CPYE, SETP/SETM/SETE) and FEAT_WFxT
 * (WFET/WFIT) as the Arm ARM defines them, checked against C models.
 *
 * - memcpy through CPYF*, memmove through CPY* (no overlap, and overlapping with the
 *   destination below and above the source) and memset through SET* for every size
 *   0..300 at several alignments, and a 3 MiB copy and set across many pages; the bytes
 *   around the destination stay untouched;
 * - the registers after the epilogue (the same under option A and option B): Xn = 0,
 *   Xd/Xs one past the end after a forward copy or a set, the start after a backward one;
 * - after a prologue alone, PSTATE.C says which option ran and the registers follow that
 *   option's format (Xd/Xs the ends and Xn the negated size left for option A forward);
 * - a copy into, and one from, a PROT_NONE page: SIGSEGV (SEGV_ACCERR) with si_addr the
 *   first byte of that page, the registers in the handler account for exactly the bytes
 *   before it; the handler makes the page accessible and returns, and the same instruction
 *   finishes the copy;
 * - WFET/WFIT with a timeout in the past and one in the near future return, and so do
 *   the DSB nXS barriers (FEAT_XS, Armv8.7 like WFxT);
 * - without HWCAP2_MTE, SETGP (memory set with tags) raises SIGILL; without HWCAP2_MOPS
 *   (the kernel leaves SCTLR_EL1.MSCEn clear) CPYFP and SETP raise SIGILL.
 * Built with -march=armv8.8-a+mops -fno-builtin: GCC 12 expands memcpy/memmove/memset
 * into CPY and SET sequences on the size variable itself, whose value the epilogue zeroes
 * (the C models here then broke their own loop counter).
 * Example: vemu-aarch64 build/tests/guest/mops
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "check.h"

#define HWCAP2_WFXT_BIT (1ul << 31)
#define HWCAP2_MOPS_BIT (1ul << 43)
#define HWCAP2_MTE_BIT (1ul << 18)
#define NZCV_C (1ul << 29)

typedef struct Regs {
    uint64_t d, s, n, nzcv;
} Regs;

/* The three instructions of a sequence on x9 (Xd), x10 (Xs) and x11 (Xn), where the fault
 * handler finds them; the registers are set and read inside the asm statement. */
#define SEQ3(P, M, E, XS)                                                                          \
    asm volatile("mov x9, %4\n\tmov x10, %5\n\tmov x11, %6\n\t" P " [x9]!, " XS ", x11!\n\t" M     \
                 " [x9]!, " XS ", x11!\n\t" E " [x9]!, " XS ", x11!\n\t"                           \
                 "mrs %3, nzcv\n\tmov %0, x9\n\tmov %1, x10\n\tmov %2, x11"                        \
                 : "=r"(r.d), "=r"(r.s), "=r"(r.n), "=r"(r.nzcv)                                   \
                 : "r"(dst), "r"(src), "r"(n)                                                      \
                 : "x9", "x10", "x11", "memory", "cc")

static Regs cpyf(void *dst, const void *src, uint64_t n)
{
    Regs r;
    SEQ3("cpyfp", "cpyfm", "cpyfe", "[x10]!");
    return r;
}

static Regs cpy(void *dst, const void *src, uint64_t n)
{
    Regs r;
    SEQ3("cpyp", "cpym", "cpye", "[x10]!");
    return r;
}

/* The option variants (unprivileged, non-temporal) behave the same at EL0. */
static Regs cpy_opts(void *dst, const void *src, uint64_t n)
{
    Regs r;
    SEQ3("cpyptn", "cpymtn", "cpyetn", "[x10]!");
    return r;
}

/* SET's operands are [Xd]!, Xn!, Xs: here x9, x11 and the data in x10. */
static Regs set(void *dst, uint64_t n, uint64_t data)
{
    Regs r;
    const void *src = (const void *)data;
    asm volatile("mov x9, %4\n\tmov x10, %5\n\tmov x11, %6\n\t"
                 "setp [x9]!, x11!, x10\n\tsetm [x9]!, x11!, x10\n\tsete [x9]!, x11!, x10\n\t"
                 "mrs %3, nzcv\n\tmov %0, x9\n\tmov %1, x10\n\tmov %2, x11"
                 : "=r"(r.d), "=r"(r.s), "=r"(r.n), "=r"(r.nzcv)
                 : "r"(dst), "r"(src), "r"(n)
                 : "x9", "x10", "x11", "memory", "cc");
    return r;
}

static Regs set_zero_opts(void *dst, uint64_t n)
{
    Regs r;
    asm volatile("mov x9, %3\n\tmov x11, %4\n\t"
                 "setptn [x9]!, x11!, xzr\n\tsetmtn [x9]!, x11!, xzr\n\tsetetn [x9]!, x11!, xzr\n\t"
                 "mrs %2, nzcv\n\tmov %0, x9\n\tmov %1, x11"
                 : "=r"(r.d), "=r"(r.n), "=r"(r.nzcv)
                 : "r"(dst), "r"(n)
                 : "x9", "x11", "memory", "cc");
    r.s = 0;
    return r;
}

/* ---------------------------------------------------------------------------------- */

static uint8_t area[4096], model[4096];
static char what[160];

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
}

static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
    return memcmp(a, b, n) == 0;
}

/* memcpy (CPYF), memmove (CPY) and memset (SET) of n bytes, checked byte by byte against
 * a C model over the whole area (so bytes next to the destination are checked too). */
static void check_copies(void)
{
    static const int doff[] = {0, 1, 7, 16, 33};
    for (uint64_t n = 0; n <= 300; n++) {
        for (unsigned k = 0; k < sizeof doff / sizeof doff[0]; k++) {
            uint8_t *d = area + 512 + doff[k];
            uint8_t *s = area + 2048 + 3 * k;
            Regs r;

            fill(area, sizeof area, (unsigned)(n * 7 + k));
            memcpy(model, area, sizeof area);
            for (uint64_t i = 0; i < n; i++) {
                model[(d - area) + i] = model[(s - area) + i];
            }
            r = cpyf(d, s, n);
            snprintf(what, sizeof what, "cpyf n=%llu doff=%d", (unsigned long long)n, doff[k]);
            CHECK(what, same(area, model, sizeof area));
            CHECK_EQ(what, 0, r.n);
            CHECK_EQ(what, (uint64_t)d + n, r.d);
            CHECK_EQ(what, (uint64_t)s + n, r.s);

            /* memmove, the two regions apart: either direction is allowed */
            fill(area, sizeof area, (unsigned)(n * 11 + k));
            memcpy(model, area, sizeof area);
            memmove(model + (d - area), model + (s - area), n);
            r = (n & 1) ? cpy(d, s, n) : cpy_opts(d, s, n);
            snprintf(what, sizeof what, "cpy apart n=%llu doff=%d", (unsigned long long)n, doff[k]);
            CHECK(what, same(area, model, sizeof area));
            CHECK_EQ(what, 0, r.n);
            CHECK(what, (r.d == (uint64_t)d + n && r.s == (uint64_t)s + n) ||
                            (r.d == (uint64_t)d && r.s == (uint64_t)s));

            /* overlapping: destination below the source (forward), above it (backward) */
            for (int back = 0; back < 2; back++) {
                int gap = 1 + (int)(n % 17) + doff[k];
                uint8_t *src = area + 1024;
                uint8_t *dst = back ? src + gap : src - gap;
                fill(area, sizeof area, (unsigned)(n * 13 + k + back));
                memcpy(model, area, sizeof area);
                memmove(model + (dst - area), model + (src - area), n);
                r = cpy(dst, src, n);
                snprintf(what, sizeof what, "cpy overlap %s n=%llu gap=%d",
                         back ? "dst above" : "dst below", (unsigned long long)n, gap);
                CHECK(what, same(area, model, sizeof area));
                CHECK_EQ(what, 0, r.n);
                if (n > (uint64_t)gap) { /* the regions really overlap: direction is fixed */
                    CHECK_EQ(what, (uint64_t)dst + (back ? 0 : n), r.d);
                    CHECK_EQ(what, (uint64_t)src + (back ? 0 : n), r.s);
                }
            }

            fill(area, sizeof area, (unsigned)(n * 17 + k));
            memcpy(model, area, sizeof area);
            memset(model + (d - area), 0xa5, n);
            r = set(d, n, 0x12345678abcdefa5ull);
            snprintf(what, sizeof what, "set n=%llu doff=%d", (unsigned long long)n, doff[k]);
            CHECK(what, same(area, model, sizeof area));
            CHECK_EQ(what, 0, r.n);
            CHECK_EQ(what, (uint64_t)d + n, r.d);
            CHECK_EQ(what, 0x12345678abcdefa5ull, r.s);

            memset(model + (d - area), 0, n);
            r = set_zero_opts(d, n);
            snprintf(what, sizeof what, "set xzr n=%llu", (unsigned long long)n);
            CHECK(what, same(area, model, sizeof area));
            CHECK_EQ(what, 0, r.n);
            CHECK_EQ(what, (uint64_t)d + n, r.d);
        }
    }
}

/* Several MiB across many pages, unaligned, both directions. */
static void check_large(void)
{
    size_t big = 3u << 20;
    uint8_t *a =
        mmap(NULL, 2 * big + 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *b =
        mmap(NULL, 2 * big + 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t n = big + 17;
    Regs r;

    CHECK("mmap", a != MAP_FAILED && b != MAP_FAILED);
    if (a == MAP_FAILED || b == MAP_FAILED) {
        return;
    }
    fill(a, 2 * big + 8192, 99);
    r = cpyf(b + 5, a + 3, n);
    CHECK("large cpyf", same(b + 5, a + 3, n) && b[4] == 0 && b[5 + n] == 0);
    CHECK_EQ("large cpyf xn", 0, r.n);
    /* overlapping backward: shift by 4097 bytes upwards */
    memcpy(b, a, 2 * big + 8192);
    r = cpy(a + 4097 + 11, a + 11, n);
    CHECK("large cpy backward", same(a + 4097 + 11, b + 11, n) && same(a, b, 4097 + 11));
    CHECK_EQ("large cpy backward xd", (uint64_t)(a + 4097 + 11), r.d);
    uint8_t before = b[0], after = b[n + 1];
    r = set(b + 1, n, 0x3c);
    CHECK_EQ("large set xd", (uint64_t)(b + 1 + n), r.d);
    CHECK("large set", b[0] == before && b[1] == 0x3c && b[n] == 0x3c && b[n + 1] == after);
    for (uint64_t i = 1; i <= n; i += 4093) {
        if (b[i] != 0x3c) {
            CHECK("large set byte", 0);
            break;
        }
    }
    munmap(a, 2 * big + 8192);
    munmap(b, 2 * big + 8192);
}

/* A prologue alone: PSTATE.C tells the option; check that option's register format, then
 * let the main and epilogue instructions finish from the saved registers. */
static void check_prologue(void)
{
    uint8_t *d = area + 100, *s = area + 2000;
    uint64_t n = 40, pd, ps, pn, nzcv, fn;

    fill(area, sizeof area, 77);
    asm volatile("mov x9, %5\n\tmov x10, %6\n\tmov x11, %7\n\tmsr nzcv, xzr\n\t"
                 "cpyfp [x9]!, [x10]!, x11!\n\tmov %0, x9\n\tmov %1, x10\n\tmov %2, x11\n\t"
                 "mrs %3, nzcv\n\tcpyfm [x9]!, [x10]!, x11!\n\tcpyfe [x9]!, [x10]!, x11!\n\t"
                 "mov %4, x11"
                 : "=&r"(pd), "=&r"(ps), "=&r"(pn), "=&r"(nzcv), "=&r"(fn)
                 : "r"(d), "r"(s), "r"(n)
                 : "x9", "x10", "x11", "memory", "cc");
    if (nzcv & NZCV_C) {
        uint64_t done = pd - (uint64_t)d;
        CHECK_EQ("cpyfp option B nzcv", NZCV_C, nzcv);
        CHECK("option B: Xs and Xd advance together", ps - (uint64_t)s == done);
        CHECK_EQ("option B: Xn = bytes left", n - done, pn);
    } else {
        CHECK_EQ("cpyfp option A nzcv", 0, nzcv);
        CHECK_EQ("option A: Xd = end", (uint64_t)d + n, pd);
        CHECK_EQ("option A: Xs = end", (uint64_t)s + n, ps);
        CHECK("option A: Xn = -(bytes left)", (int64_t)pn <= 0 && (int64_t)pn >= -(int64_t)n);
    }
    CHECK_EQ("cpyfe: Xn", 0, fn);
    CHECK("cpyf after a split sequence", same(d, s, n));
}

/* ---------------------------------------------------------------------------------- */
/* Faults in the middle of a copy                                                      */

static volatile uint64_t fault_addr, fault_code, fault_count, fault_xn, fault_xd, fault_nzcv;
static uint8_t *fault_page;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)sig;
    fault_count++;
    fault_addr = (uint64_t)si->si_addr;
    fault_code = (uint64_t)si->si_code;
    fault_xd = uc->uc_mcontext.regs[9];
    fault_xn = uc->uc_mcontext.regs[11];
    fault_nzcv = uc->uc_mcontext.pstate & 0xf0000000ul;
    /* make the page accessible and return: the faulting instruction runs again */
    mprotect(fault_page, 4096, PROT_READ | PROT_WRITE);
}

/* Bytes still to copy after a forward copy stopped, from the registers of either option. */
static uint64_t left_forward(uint64_t xn, uint64_t nzcv)
{
    return (nzcv & NZCV_C) ? xn : (uint64_t)0 - xn;
}

static void check_faults(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m =
        mmap(NULL, 3 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa, old;
    uint8_t src[600];
    uint64_t n = 500;

    CHECK("mmap", m != MAP_FAILED);
    if (m == MAP_FAILED) {
        return;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, &old);

    /* destination: 200 bytes before a PROT_NONE page, 300 in it */
    fill(src, sizeof src, 5);
    fault_page = m + pg;
    mprotect(fault_page, (size_t)pg, PROT_NONE);
    fault_count = 0;
    Regs r = cpyf(fault_page - 200, src, n);
    CHECK_EQ("write fault: one SIGSEGV", 1, fault_count);
    CHECK_EQ("write fault: si_addr = first byte of the page", (uint64_t)fault_page, fault_addr);
    CHECK_EQ("write fault: SEGV_ACCERR", SEGV_ACCERR, fault_code);
    CHECK_EQ("write fault: registers show 200 bytes done", n - 200,
             left_forward(fault_xn, fault_nzcv));
    CHECK("write fault: copy finished after return", same(fault_page - 200, src, n));
    CHECK_EQ("write fault: xn", 0, r.n);
    CHECK_EQ("write fault: xd", (uint64_t)(fault_page - 200 + n), r.d);

    /* source: 100 bytes before a PROT_NONE page, 400 in it (memmove, no overlap) */
    fill(m, 3 * (size_t)pg, 6);
    uint8_t expect[600];
    memcpy(expect, m + 2 * pg - 100, n);
    fault_page = m + 2 * pg;
    mprotect(fault_page, (size_t)pg, PROT_NONE);
    fault_count = 0;
    uint8_t dst[600];
    memset(dst, 0, sizeof dst);
    r = cpy(dst, m + 2 * pg - 100, n);
    CHECK_EQ("read fault: one SIGSEGV", 1, fault_count);
    CHECK_EQ("read fault: si_addr = first byte of the page", (uint64_t)fault_page, fault_addr);
    CHECK_EQ("read fault: SEGV_ACCERR", SEGV_ACCERR, fault_code);
    CHECK("read fault: copy finished after return", same(dst, expect, n));
    CHECK_EQ("read fault: xn", 0, r.n);

    /* set into a PROT_NONE page: 37 bytes before it */
    fault_page = m + pg;
    uint8_t after = fault_page[n - 37];
    mprotect(fault_page, (size_t)pg, PROT_NONE);
    fault_count = 0;
    r = set(fault_page - 37, n, 0x77);
    CHECK_EQ("set fault: one SIGSEGV", 1, fault_count);
    CHECK_EQ("set fault: si_addr", (uint64_t)fault_page, fault_addr);
    CHECK_EQ("set fault: registers show 37 bytes done", n - 37, left_forward(fault_xn, fault_nzcv));
    CHECK("set fault: finished",
          fault_page[-37] == 0x77 && fault_page[n - 38] == 0x77 && fault_page[n - 37] == after);
    CHECK_EQ("set fault: xn", 0, r.n);

    sigaction(SIGSEGV, &old, NULL);
    munmap(m, 3 * (size_t)pg);
}

/* ---------------------------------------------------------------------------------- */

static sigjmp_buf jb;
static volatile int got_sig;

static void on_ill(int sig)
{
    got_sig = sig;
    siglongjmp(jb, 1);
}

/* Run fn and say whether it raised SIGILL. */
static int raises_sigill(void (*fn)(void))
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_ill;
    sigaction(SIGILL, &sa, &old);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        fn();
    }
    sigaction(SIGILL, &old, NULL);
    return got_sig == SIGILL;
}

static void do_cpyfp(void)
{
    uint64_t n = 0;
    asm volatile("mov x9, sp\n\tmov x10, sp\n\tmov x11, %0\n\tcpyfp [x9]!, [x10]!, x11!"
                 :
                 : "r"(n)
                 : "x9", "x10", "x11", "memory", "cc");
}

static void do_setp(void)
{
    asm volatile("mov x9, sp\n\tmov x11, xzr\n\tsetp [x9]!, x11!, xzr" ::
                     : "x9", "x11", "memory", "cc");
}

static void do_setgp(void)
{
    asm volatile("mov x9, sp\n\tmov x11, xzr\n\t.inst 0x1ddf0569 // setgp [x9]!, x11!, xzr" ::
                     : "x9", "x11", "memory", "cc");
}

static void check_wfxt(void)
{
    uint64_t t0, t1, deadline;
    asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t0));
    /* a deadline in the past: completes at once */
    asm volatile("wfet %0" : : "r"(t0 - 1));
    asm volatile("wfit %0" : : "r"(t0 - 1));
    /* a deadline about 1 ms ahead: may end early, must end (at the latest then) */
    uint64_t frq;
    asm volatile("mrs %0, cntfrq_el0" : "=r"(frq));
    deadline = t0 + frq / 1000;
    asm volatile("wfet %0" : : "r"(deadline));
    asm volatile("wfit %0" : : "r"(deadline));
    asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t1));
    CHECK("wfet/wfit returned, counter monotonic", t1 >= t0);
    /* FEAT_XS (mandatory with WFxT from Armv8.7): DSB nXS is a barrier that returns */
    asm volatile("dsb synxs\n\tdsb ishnxs\n\tdsb nshnxs\n\tdsb oshnxs" ::: "memory");
}

int main(void)
{
    unsigned long hw2 = getauxval(AT_HWCAP2);

    if (!(hw2 & HWCAP2_MOPS_BIT)) {
        CHECK("no MOPS: cpyfp SIGILL", raises_sigill(do_cpyfp));
        CHECK("no MOPS: setp SIGILL", raises_sigill(do_setp));
    } else {
        check_copies();
        check_prologue();
        check_large();
        check_faults();
        CHECK("mops: cpyfp runs", !raises_sigill(do_cpyfp));
    }
    if (!(hw2 & HWCAP2_MTE_BIT)) {
        CHECK("no MTE: setgp SIGILL", raises_sigill(do_setgp));
    }
    /* (no SIGILL check without HWCAP2_WFXT: a kernel that predates the hwcap runs WFET on
     * a CPU that has it, and qemu-aarch64 10's max does the same) */
    if (hw2 & HWCAP2_WFXT_BIT) {
        check_wfxt();
    }
    return finish("mops");
}
