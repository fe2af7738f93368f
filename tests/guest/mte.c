/*
 * mte.c - the Memory Tagging Extension in user mode, as the arm64 Linux ABI defines it
 * (Documentation/arch/arm64/memory-tagging-extension.rst) and the Arm ARM's pseudocode
 * computes it: PROT_MTE mappings (anonymous and memfd; EINVAL for a regular file), the
 * PR_SET/GET_TAGGED_ADDR_CTRL prctls, IRG honouring the include mask, GMI, ADDG/SUBG
 * (ChooseNonExcludedTag), SUBP/SUBPS/CMPP, STG/STZG/ST2G/STZ2G/STGP in every indexing
 * mode with their writeback, LDG, DC GVA/GZVA; tag checks: a mismatch in sync mode faults
 * (SIGSEGV, SEGV_MTESERR, si_addr without the tag unless SA_EXPOSE_TAGBITS) with the
 * store not performed, async mode reports SEGV_MTEAERR with si_addr 0 at the next
 * syscall (the access done), TCO = 1 suppresses checks and handlers start with TCO = 0,
 * PR_MTE_STORE_ONLY checks stores only, SIMD, exclusive and atomic accesses are checked,
 * a store pair is checked as a whole; the settings are per thread and inherited; tags
 * survive fork and move with mremap.
 * On a model without HWCAP2_MTE every MTE instruction raises SIGILL and PROT_MTE is
 * EINVAL.  Built with -march=armv8.5-a+memtag -pthread.
 * Example: vemu-aarch64 -cpu max build/tests/guest/mte  ->  PASS mte
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fault-record.h"

#define HWCAP2_MTE_ (1ul << 18)
#define PROT_MTE_ 0x20
#define PR_SET_TAGGED_ADDR_CTRL_ 55
#define PR_GET_TAGGED_ADDR_CTRL_ 56
#define TAGGED_ADDR_ENABLE 1ul
#define TCF_SYNC (1ul << 1)
#define TCF_ASYNC (1ul << 2)
#define TAG_SHIFT 3
#define STORE_ONLY (1ul << 19)
#define SEGV_MTEAERR_ 8
#define SEGV_MTESERR_ 9
#define SA_EXPOSE_TAGBITS_ 0x800
#define PAGE 4096ul

static volatile int async_seen;

static unsigned tag_of(uint64_t p)
{
    return (unsigned)(p >> 56) & 15;
}

static void on_async(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uint64_t)(uintptr_t)si->si_addr;
    async_seen++;
}

static void on_signal(int sig, void (*fn)(int, siginfo_t *, void *), int extra)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | extra;
    sigaction(sig, &sa, NULL);
}

static long set_ctrl(unsigned long v)
{
    return prctl(PR_SET_TAGGED_ADDR_CTRL_, v, 0, 0, 0);
}

static uint64_t ldg(uint64_t addr)
{
    uint64_t r = addr;
    __asm__ volatile("ldg %0, [%1]" : "+r"(r) : "r"(addr) : "memory");
    return r;
}

static void stg(uint64_t addr)
{
    __asm__ volatile("stg %0, [%0]" : : "r"(addr) : "memory");
}

static uint64_t irg(uint64_t p, uint64_t excl)
{
    uint64_t r;
    __asm__ volatile("irg %0, %1, %2" : "=r"(r) : "r"(p), "r"(excl));
    return r;
}

/* ---- without MTE: SIGILL and EINVAL ---- */

static int expect_sigill(void (*fn)(void))
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        fn();
    }
    return got_sig == SIGILL;
}

static void run_irg(void)
{
    (void)irg(0x1000, 0);
}
static void run_addg(void)
{
    uint64_t r;
    __asm__ volatile("addg %0, %1, #16, #1" : "=r"(r) : "r"(0x1000ul));
}
static void run_subp(void)
{
    uint64_t r;
    __asm__ volatile("subp %0, %1, %2" : "=r"(r) : "r"(1ul), "r"(2ul));
}
static void run_msr_tco(void)
{
    __asm__ volatile("msr tco, #0");
}
static void run_mrs_tco(void)
{
    uint64_t r;
    __asm__ volatile("mrs %0, tco" : "=r"(r));
}

static char ldg_buf[64] __attribute__((aligned(16)));
static void run_ldg(void)
{
    (void)ldg((uint64_t)(uintptr_t)ldg_buf);
}

static void test_without_mte(void)
{
    on_signal(SIGILL, on_fault, 0);
    CHECK("irg SIGILL", expect_sigill(run_irg));
    CHECK("addg SIGILL", expect_sigill(run_addg));
    CHECK("subp SIGILL", expect_sigill(run_subp));
    CHECK("ldg SIGILL", expect_sigill(run_ldg));
    CHECK("msr tco SIGILL", expect_sigill(run_msr_tco));
    CHECK("mrs tco SIGILL", expect_sigill(run_mrs_tco));
    void *p =
        mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_MTE_, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap PROT_MTE EINVAL", p == MAP_FAILED && errno == EINVAL);
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mprotect PROT_MTE EINVAL",
          mprotect(p, PAGE, PROT_READ | PROT_MTE_) == -1 && errno == EINVAL);
    CHECK("prctl TCF EINVAL", set_ctrl(TCF_SYNC) == -1 && errno == EINVAL);
}

/* ---- mappings and prctl ---- */

static char *map_mte(size_t len)
{
    void *p =
        mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_MTE_, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap PROT_MTE", p != MAP_FAILED);
    return p == MAP_FAILED ? NULL : p;
}

static void test_prctl(void)
{
    CHECK_EQ("initial ctrl", 0, prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0));
    unsigned long v = TAGGED_ADDR_ENABLE | TCF_SYNC | TCF_ASYNC | (0x1234ul << TAG_SHIFT);
    CHECK_EQ("set", 0, set_ctrl(v));
    CHECK_EQ("get", v, prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0));
    CHECK("unknown bit EINVAL", set_ctrl(1ul << 20) == -1 && errno == EINVAL);
    CHECK("arg3 EINVAL", prctl(PR_SET_TAGGED_ADDR_CTRL_, 1, 1, 0, 0) == -1 && errno == EINVAL);
    CHECK("get arg2 EINVAL", prctl(PR_GET_TAGGED_ADDR_CTRL_, 1, 0, 0, 0) == -1 && errno == EINVAL);
    CHECK_EQ("unchanged after EINVAL", v, prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0));
    CHECK_EQ("set none", 0, set_ctrl(TAGGED_ADDR_ENABLE));
}

static void test_mappings(void)
{
    int fd = open("/proc/self/exe", O_RDONLY);
    CHECK("open self", fd >= 0);
    void *f = mmap(NULL, PAGE, PROT_READ | PROT_MTE_, MAP_PRIVATE, fd, 0);
    CHECK("file mapping PROT_MTE EINVAL", f == MAP_FAILED && errno == EINVAL);
    f = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK("file mapping", f != MAP_FAILED);
    CHECK("mprotect file PROT_MTE EINVAL",
          mprotect(f, PAGE, PROT_READ | PROT_MTE_) == -1 && errno == EINVAL);
    munmap(f, PAGE);
    close(fd);

    int mfd = memfd_create("mte", 0);
    CHECK("memfd", mfd >= 0 && ftruncate(mfd, PAGE) == 0);
    char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_MTE_, MAP_SHARED, mfd, 0);
    CHECK("memfd PROT_MTE", m != MAP_FAILED);
    if (m != MAP_FAILED) {
        stg(tagged(m + 32, 9));
        CHECK_EQ("memfd ldg", 9, tag_of(ldg(tagged(m + 32, 0))));
        munmap(m, PAGE);
    }
    close(mfd);

    /* mprotect adds PROT_MTE to an anonymous mapping, and cannot take it away */
    char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_EQ("untagged ldg reads 0", 0, tag_of(ldg(tagged(a, 7))));
    stg(tagged(a, 7)); /* ignored on Untagged memory */
    CHECK_EQ("untagged stg ignored", 0, tag_of(ldg(tagged(a, 0))));
    CHECK_EQ("mprotect PROT_MTE", 0, mprotect(a, PAGE, PROT_READ | PROT_WRITE | PROT_MTE_));
    stg(tagged(a + 16, 7));
    CHECK_EQ("tagged after mprotect", 7, tag_of(ldg(tagged(a + 16, 0))));
    CHECK_EQ("mprotect without PROT_MTE", 0, mprotect(a, PAGE, PROT_READ | PROT_WRITE));
    CHECK_EQ("still tagged", 7, tag_of(ldg(tagged(a + 16, 0))));
    munmap(a, PAGE);
}

/* ---- instructions ---- */

static void test_arith(char *p)
{
    uint64_t r, excl;
    /* include mask 0xfffe (Linux's recommendation): exclude = 1 | Xm */
    CHECK_EQ("ctrl", 0, set_ctrl(TAGGED_ADDR_ENABLE | (0xfffeul << TAG_SHIFT)));
    for (int i = 0; i < 64; i++) {
        r = irg(tagged(p, 3), 0);
        CHECK("irg never excluded tag 0", tag_of(r) != 0);
        CHECK_EQ("irg keeps the address", (uint64_t)(uintptr_t)p, r & ~(0xfful << 56));
        CHECK_EQ("irg keeps bits 63:60", 0, r >> 60);
    }
    CHECK_EQ("irg only tag 5 allowed", 5, tag_of(irg(tagged(p, 0), 0xffff & ~(1u << 5))));
    CHECK_EQ("irg all excluded", 0, tag_of(irg(tagged(p, 4), 0xfffe)));
    /* GMI: Xd = Xm | 1 << tag(Xn) */
    __asm__("gmi %0, %1, %2" : "=r"(excl) : "r"(tagged(p, 7)), "r"(0x1ul));
    CHECK_EQ("gmi", 0x81, excl);
    __asm__("gmi %0, %1, %2" : "=r"(excl) : "r"(tagged(p, 7)), "r"(0xff00000000000000ul));
    CHECK_EQ("gmi high bits", 0xff00000000000080ul, excl);
    /* ADDG/SUBG: address +- uimm6*16, tag = ChooseNonExcludedTag(tag, uimm4, exclude) */
    __asm__("addg %0, %1, #16, #1" : "=r"(r) : "r"(tagged(p, 3)));
    CHECK_EQ("addg", tagged(p + 16, 4), r);
    __asm__("addg %0, %1, #1008, #15" : "=r"(r) : "r"(tagged(p, 15)));
    /* from 15, 15 steps over 1..15 (0 excluded): 15 -> 1 -> 2 ... -> 15 */
    CHECK_EQ("addg wrap", tagged(p + 1008, 15), r);
    __asm__("addg %0, %1, #0, #0" : "=r"(r) : "r"(tagged(p, 0)));
    CHECK_EQ("addg offset 0 skips an excluded tag", tagged(p, 1), r);
    __asm__("subg %0, %1, #32, #2" : "=r"(r) : "r"(tagged(p + 64, 15)));
    CHECK_EQ("subg", tagged(p + 32, 2), r);
    /* SUBP: sign-extended 56-bit addresses */
    __asm__("subp %0, %1, %2" : "=r"(r) : "r"(tagged(p + 0x1000, 5)), "r"(tagged(p + 0x10, 3)));
    CHECK_EQ("subp", 0xff0, r);
    __asm__("subp %0, %1, %2" : "=r"(r) : "r"(0x0080000000000000ul), "r"(0ul));
    CHECK_EQ("subp sign bit 55", 0xff80000000000000ul, r);
    uint64_t nzcv;
    __asm__("subps %0, %2, %3\n\tmrs %1, nzcv"
            : "=r"(r), "=r"(nzcv)
            : "r"(tagged(p, 1)), "r"(tagged(p + 16, 9)));
    CHECK_EQ("subps value", (uint64_t)-16, r);
    CHECK_EQ("subps flags N", 0x80000000ul, nzcv);
    __asm__("cmpp %1, %2\n\tmrs %0, nzcv" : "=r"(nzcv) : "r"(tagged(p, 1)), "r"(tagged(p, 9)));
    CHECK_EQ("cmpp equal: Z C", 0x60000000ul, nzcv);
}

static void test_tag_memory(char *p)
{
    uint64_t q;
    CHECK_EQ("fresh tag 0", 0, tag_of(ldg(tagged(p, 6))));
    stg(tagged(p + 16, 5));
    CHECK_EQ("stg/ldg", 5, tag_of(ldg(tagged(p + 16, 0))));
    CHECK_EQ("ldg keeps the address", (uint64_t)(uintptr_t)(p + 16),
             ldg(tagged(p + 16, 0)) & ~(0xfful << 56));
    CHECK_EQ("ldg unaligned address", 5, tag_of(ldg(tagged(p + 16 + 9, 0))));
    CHECK_EQ("neighbours untouched", 0, tag_of(ldg(tagged(p + 32, 0))));
    CHECK_EQ("neighbours untouched 2", 0, tag_of(ldg(tagged(p, 0))));
    /* offset form, post- and pre-index writeback */
    uint64_t two = tagged(0, 2); /* the tag source (Xt), apart from the base (Xn) */
    q = tagged(p + 64, 9);
    __asm__ volatile("stg %1, [%0, #32]" : : "r"(q), "r"(two) : "memory");
    CHECK_EQ("stg offset", 2, tag_of(ldg(tagged(p + 96, 0))));
    __asm__ volatile("stg %1, [%0], #48" : "+r"(q) : "r"(two) : "memory");
    CHECK_EQ("stg post tag", 2, tag_of(ldg(tagged(p + 64, 0))));
    CHECK_EQ("stg post writeback", tagged(p + 112, 9), q);
    __asm__ volatile("st2g %1, [%0, #-32]!" : "+r"(q) : "r"(two) : "memory");
    CHECK_EQ("st2g pre writeback", tagged(p + 80, 9), q);
    CHECK_EQ("st2g first", 2, tag_of(ldg(tagged(p + 80, 0))));
    CHECK_EQ("st2g second", 2, tag_of(ldg(tagged(p + 96, 0))));
    /* the zeroing forms */
    memset(p + 256, 0x55, 64);
    q = tagged(p + 256, 11);
    __asm__ volatile("stzg %0, [%0]" : : "r"(q) : "memory");
    CHECK("stzg zeroes 16 bytes", p[256] == 0 && p[271] == 0 && p[272] == 0x55);
    __asm__ volatile("stz2g %0, [%0, #32]" : : "r"(q) : "memory");
    CHECK("stz2g zeroes 32 bytes", p[287] == 0x55 && p[288] == 0 && p[319] == 0);
    CHECK_EQ("stz2g tag", 11, tag_of(ldg(tagged(p + 304, 0))));
    /* STGP: data and the address's own tag */
    q = tagged(p + 512, 13);
    __asm__ volatile("stgp %1, %2, [%0, #16]!" : "+r"(q) : "r"(0x1111ul), "r"(0x2222ul) : "memory");
    CHECK_EQ("stgp writeback", tagged(p + 528, 13), q);
    CHECK_EQ("stgp data lo", 0x1111, *(uint64_t *)(p + 528));
    CHECK_EQ("stgp data hi", 0x2222, *(uint64_t *)(p + 536));
    CHECK_EQ("stgp tag", 13, tag_of(ldg(tagged(p + 528, 0))));
    /* DC GVA / GZVA: the DC ZVA block (DCZID_EL0.BS: 4 << BS bytes) */
    uint64_t dczid;
    __asm__("mrs %0, dczid_el0" : "=r"(dczid));
    size_t bs = 4ul << (dczid & 15);
    char *blk = p + 2 * bs; /* p is page-aligned */
    CHECK("block fits", 4 * bs <= 2048);
    memset(blk - bs, 0x66, 3 * bs);
    q = tagged(blk + 6, 4);
    __asm__ volatile("dc gva, %0" : : "r"(q) : "memory");
    CHECK_EQ("dc gva first", 4, tag_of(ldg(tagged(blk, 0))));
    CHECK_EQ("dc gva last", 4, tag_of(ldg(tagged(blk + bs - 16, 0))));
    CHECK_EQ("dc gva block only (before)", 0, tag_of(ldg(tagged(blk - 16, 0))));
    CHECK_EQ("dc gva block only (after)", 0, tag_of(ldg(tagged(blk + bs, 0))));
    CHECK("dc gva keeps data", (unsigned char)blk[0] == 0x66 && (unsigned char)blk[bs - 1] == 0x66);
    q = tagged(blk + bs + bs - 1, 8);
    __asm__ volatile("dc gzva, %0" : : "r"(q) : "memory");
    CHECK("dc gzva zeroes the block", blk[bs] == 0 && blk[2 * bs - 1] == 0);
    CHECK("dc gzva only the block", (unsigned char)blk[bs - 1] == 0x66);
    CHECK_EQ("dc gzva tag", 8, tag_of(ldg(tagged(blk + bs, 0))));
    /* tag accesses check permissions as the data accesses they stand for */
    on_signal(SIGSEGV, on_fault, 0);
    char *ro = mmap(NULL, PAGE, PROT_READ | PROT_MTE_, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("read-only PROT_MTE mapping", ro != MAP_FAILED);
    CHECK_EQ("ldg on read-only memory", 0, tag_of(ldg(tagged(ro, 3))));
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        stg(tagged(ro + 16, 3));
    }
    CHECK_EQ("stg to read-only memory faults", SIGSEGV, got_sig);
    CHECK_EQ("stg to read-only memory: SEGV_ACCERR", SEGV_ACCERR, got_code);
    CHECK_EQ("stg si_addr", (uint64_t)(uintptr_t)(ro + 16), got_addr);
    CHECK_EQ("tag not stored", 0, tag_of(ldg(tagged(ro + 16, 0))));
    CHECK_EQ("mprotect PROT_NONE", 0, mprotect(ro, PAGE, PROT_NONE));
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        (void)ldg(tagged(ro + 32, 0));
    }
    CHECK_EQ("ldg on PROT_NONE faults", SIGSEGV, got_sig);
    CHECK_EQ("ldg on PROT_NONE: SEGV_ACCERR", SEGV_ACCERR, got_code);
    munmap(ro, PAGE);
    /* a misaligned tag store is an alignment fault */
    on_signal(SIGBUS, on_fault, 0);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        stg(tagged(p + 8, 1));
    }
    CHECK_EQ("stg misaligned SIGBUS", SIGBUS, got_sig);
    CHECK_EQ("stg misaligned BUS_ADRALN", BUS_ADRALN, got_code);
}

/* ---- checks ---- */

static uint8_t peek(uint64_t addr)
{
    return *(volatile uint8_t *)(uintptr_t)addr;
}

static int store_faults(uint64_t addr, uint8_t v)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        *(volatile uint8_t *)(uintptr_t)addr = v;
    }
    return got_sig == SIGSEGV;
}

static int load_faults(uint64_t addr)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        (void)*(volatile uint64_t *)(uintptr_t)addr;
    }
    return got_sig == SIGSEGV;
}

static void test_sync(char *p)
{
    on_signal(SIGSEGV, on_fault, 0);
    CHECK_EQ("sync", 0, set_ctrl(TAGGED_ADDR_ENABLE | TCF_SYNC | (0xfffeul << TAG_SHIFT)));
    uint64_t good = tagged(p + 2048, 5), bad = tagged(p + 2048, 6);
    stg(good);
    CHECK("matching store", !store_faults(good, 0x22));
    CHECK_EQ("matching store done", 0x22, peek(good));
    CHECK("untagged pointer faults", store_faults(tagged(p + 2048, 0), 0x23));
    CHECK("mismatching store faults", store_faults(bad + 3, 0x33));
    CHECK_EQ("SEGV_MTESERR", SEGV_MTESERR_, got_code);
    CHECK_EQ("si_addr untagged", (uint64_t)(uintptr_t)(p + 2051), got_addr);
    CHECK_EQ("store not performed", 0, peek(good + 3));
    CHECK_EQ("store not performed 2", 0x22, peek(good));
    CHECK("mismatching load faults", load_faults(bad));
    CHECK_EQ("load SEGV_MTESERR", SEGV_MTESERR_, got_code);
    /* an access that spans two granules is checked in both */
    stg(tagged(p + 2064, 7));
    CHECK("unaligned across granules", load_faults(tagged(p + 2060, 5)));
    CHECK("fault address within the access", got_addr >= (uint64_t)(uintptr_t)(p + 2060) &&
                                                 got_addr < (uint64_t)(uintptr_t)(p + 2068));
    /* a store pair whose second half mismatches stores neither half */
    uint64_t lo = tagged(p + 2112 - 8, 5);
    stg(tagged(p + 2096, 5));
    stg(tagged(p + 2112, 9));
    *(volatile uint64_t *)(uintptr_t)lo = 0;
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        __asm__ volatile("stp %0, %0, [%1]" : : "r"(~0ul), "r"(lo) : "memory");
    }
    CHECK_EQ("stp across granules faults", SIGSEGV, got_sig);
    CHECK_EQ("stp first half not stored", 0, *(volatile uint64_t *)(uintptr_t)lo);
    /* SIMD, exclusive and atomic accesses are checked too */
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        __asm__ volatile("ld1 {v0.16b}, [%0]" : : "r"(bad) : "v0", "memory");
    }
    CHECK_EQ("simd load faults", SIGSEGV, got_sig);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        uint64_t v;
        __asm__ volatile("ldxr %0, [%1]\n\tclrex" : "=&r"(v) : "r"(bad) : "memory");
    }
    CHECK_EQ("ldxr faults", SIGSEGV, got_sig);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        uint64_t old;
        __asm__ volatile("ldadd %1, %0, [%2]" : "=&r"(old) : "r"(1ul), "r"(bad) : "memory");
    }
    CHECK_EQ("ldadd faults", SIGSEGV, got_sig);
    CHECK_EQ("ldadd not performed", 0x22, peek(good));
    uint64_t old = 0;
    __asm__ volatile("ldadd %1, %0, [%2]" : "=&r"(old) : "r"(1ul), "r"(good) : "memory");
    CHECK_EQ("matching ldadd", 0x23, peek(good));
    /* untagged memory is never checked */
    static char plain[32];
    CHECK("untagged memory", !store_faults(tagged(plain, 9), 1));
    /* SA_EXPOSE_TAGBITS keeps the logical tag in si_addr */
    on_signal(SIGSEGV, on_fault, SA_EXPOSE_TAGBITS_);
    CHECK("exposed", store_faults(bad, 1));
    CHECK_EQ("si_addr with tag bits", tagged(p + 2048, 6), got_addr);
    on_signal(SIGSEGV, on_fault, 0);
    /* TCO = 1 turns checks off */
    uint64_t tco;
    __asm__ volatile("msr tco, #1\n\tmrs %0, tco" : "=r"(tco));
    CHECK_EQ("tco read", 1ul << 25, tco);
    CHECK("tco suppresses", !store_faults(bad, 0x44));
    __asm__ volatile("msr tco, #0\n\tmrs %0, tco" : "=r"(tco));
    CHECK_EQ("tco cleared", 0, tco);
    CHECK_EQ("store under tco done", 0x44, peek(good));
    __asm__ volatile("msr tco, %0" : : "r"(1ul << 25));
    CHECK("msr tco, xN", !load_faults(bad));
    __asm__ volatile("msr tco, xzr");
    CHECK("tco off again", load_faults(bad));
    /* store-only mode */
    CHECK_EQ("store only", 0,
             set_ctrl(TAGGED_ADDR_ENABLE | TCF_SYNC | STORE_ONLY | (0xfffeul << TAG_SHIFT)));
    CHECK("store-only: load unchecked", !load_faults(bad));
    CHECK("store-only: store checked", store_faults(bad, 1));
    /* TCF none: no checks */
    CHECK_EQ("none", 0, set_ctrl(TAGGED_ADDR_ENABLE | (0xfffeul << TAG_SHIFT)));
    CHECK("none: store unchecked", !store_faults(bad, 0x55));
}

static volatile uint64_t tco_in_handler;
static void on_usr1(int sig)
{
    (void)sig;
    uint64_t t;
    __asm__ volatile("mrs %0, tco" : "=r"(t));
    tco_in_handler = t;
}

static void test_tco_signal(void)
{
    signal(SIGUSR1, on_usr1);
    uint64_t t;
    __asm__ volatile("msr tco, #1");
    raise(SIGUSR1);
    __asm__ volatile("mrs %0, tco\n\tmsr tco, #0" : "=r"(t));
    CHECK_EQ("handler runs with TCO 0", 0, tco_in_handler);
    CHECK_EQ("TCO restored by sigreturn", 1ul << 25, t);
}

static void test_async(char *p)
{
    on_signal(SIGSEGV, on_async, 0);
    CHECK_EQ("async", 0, set_ctrl(TAGGED_ADDR_ENABLE | TCF_ASYNC | (0xfffeul << TAG_SHIFT)));
    uint64_t bad = tagged(p + 2048, 12); /* the granule's tag is 5 (test_sync) */
    async_seen = 0;
    got_code = 0;
    *(volatile uint8_t *)(uintptr_t)bad = 0x77;
    CHECK_EQ("async: access performed", 0x77, peek(tagged(p + 2048, 5)));
    pid_t pid = getpid(); /* the next syscall reports it, then runs */
    CHECK_EQ("async: one SIGSEGV", 1, async_seen);
    CHECK_EQ("SEGV_MTEAERR", SEGV_MTEAERR_, got_code);
    CHECK_EQ("async si_addr 0", 0, got_addr);
    CHECK("syscall ran after the handler", pid > 0 && pid == getpid());
    CHECK_EQ("no second report", 1, async_seen);
    CHECK_EQ("none", 0, set_ctrl(TAGGED_ADDR_ENABLE));
    on_signal(SIGSEGV, on_fault, 0);
}

static void *thread_ctrl(void *arg)
{
    unsigned long *v = arg;
    v[0] = (unsigned long)prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0);
    v[1] = (unsigned long)set_ctrl(TAGGED_ADDR_ENABLE);
    v[2] = (unsigned long)prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0);
    return NULL;
}

static void test_thread(void)
{
    unsigned long ctrl = TAGGED_ADDR_ENABLE | TCF_SYNC | (0x0ff0ul << TAG_SHIFT), v[3] = {0};
    CHECK_EQ("ctrl", 0, set_ctrl(ctrl));
    pthread_t t;
    CHECK_EQ("thread", 0, pthread_create(&t, NULL, thread_ctrl, v));
    pthread_join(t, NULL);
    CHECK_EQ("thread inherits the setting", ctrl, v[0]);
    CHECK_EQ("thread sets its own", 0, v[1]);
    CHECK_EQ("thread's own value", TAGGED_ADDR_ENABLE, v[2]);
    CHECK_EQ("per thread: parent unchanged", ctrl, prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0));
    CHECK_EQ("none", 0, set_ctrl(TAGGED_ADDR_ENABLE));
}

static void test_fork_mremap(char *p)
{
    unsigned long ctrl = TAGGED_ADDR_ENABLE | TCF_SYNC | (0x00f0ul << TAG_SHIFT);
    CHECK_EQ("ctrl", 0, set_ctrl(ctrl));
    stg(tagged(p + 3072, 10));
    pid_t child = fork();
    if (child == 0) {
        int ok = tag_of(ldg(tagged(p + 3072, 0))) == 10 &&
                 (unsigned long)prctl(PR_GET_TAGGED_ADDR_CTRL_, 0, 0, 0, 0) == ctrl &&
                 store_faults(tagged(p + 3072, 3), 1);
        _exit(ok ? 0 : 1);
    }
    int st = 0;
    waitpid(child, &st, 0);
    CHECK("fork keeps tags and settings", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK_EQ("none", 0, set_ctrl(TAGGED_ADDR_ENABLE));

    char *m = map_mte(2 * PAGE);
    char *dst = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!m || dst == MAP_FAILED) {
        return;
    }
    stg(tagged(m + PAGE + 48, 6));
    char *n = mremap(m, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
    CHECK("mremap", n == dst);
    CHECK_EQ("tag moved", 6, tag_of(ldg(tagged(n + PAGE + 48, 0))));
    CHECK_EQ("grown part tagged with 0", 0, tag_of(ldg(tagged(n + 2 * PAGE, 3))));
    stg(tagged(n + 2 * PAGE, 3));
    CHECK_EQ("grown part Tagged", 3, tag_of(ldg(tagged(n + 2 * PAGE, 0))));
    munmap(n, 4 * PAGE);
    char *again = mmap(n, PAGE, PROT_READ | PROT_WRITE | PROT_MTE_,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("map again", again == n);
    CHECK_EQ("new mapping starts at 0", 0, tag_of(ldg(tagged(again + 48, 0))));
    munmap(again, PAGE);
}

int main(void)
{
    if (!(getauxval(AT_HWCAP2) & HWCAP2_MTE_)) {
        test_without_mte();
        return finish("mte");
    }
    test_prctl();
    test_mappings();
    char *p = map_mte(PAGE);
    if (!p) {
        return finish("mte");
    }
    test_arith(p);
    /* tag cache maintenance by VA (EL0 may use them on Linux; nothing to observe but that
     * they run and change neither data nor tags) */
    p[0] = 0x5a;
    __asm__ volatile("dc cgvac, %0\n\tdc cgdvac, %0\n\tdc cigvac, %0\n\tdc cigdvac, %0\n\t"
                     "dc cgvap, %0\n\tdc cgdvap, %0" : : "r"(p) : "memory");
    CHECK_EQ("dc cg*vac keeps the data", 0x5a, p[0]);
    CHECK_EQ("dc cg*vac keeps the tag", 0, tag_of(ldg((uint64_t)(uintptr_t)p)));
    p[0] = 0;
    test_tag_memory(p);
    test_sync(p);
    test_tco_signal();
    test_async(p);
    test_thread();
    test_fork_mremap(p);
    return finish("mte");
}
