/*
 * sysreg.c - EL0-visible system registers and system instructions:
 * TPIDR_EL0 write/read, TPIDRRO_EL0, CNTVCT_EL0 monotonic, CNTFRQ_EL0,
 * CTR_EL0, DCZID_EL0 + DC ZVA zeroing exactly the block it reports, FPCR
 * round trip with each rounding mode observed through FRINTI, FPSR
 * cumulative exception flags (incl. QC), NZCV msr/mrs, barriers, hint-space
 * instructions (NOP, YIELD, BTI, PACIASP/AUTIASP pair, unallocated hints),
 * MRS emulation of ID registers when HWCAP_CPUID says it exists, and
 * DC CVAU/IC IVAU with self-modifying code (the translator must notice).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>

#include "check.h"

#define READ_SYSREG(name) ({ uint64_t v_; asm volatile("mrs %0, " #name : "=r"(v_)); v_; })

static void test_tpidr(void)
{
    uint64_t saved, a, b;
    /* glibc keeps its thread pointer here: restore it before any libc call */
    asm volatile("mrs %0, tpidr_el0\n\t"
                 "msr tpidr_el0, %3\n\t"
                 "mrs %1, tpidr_el0\n\t"
                 "msr tpidr_el0, xzr\n\t"
                 "mrs %2, tpidr_el0\n\t"
                 "msr tpidr_el0, %0"
                 : "=&r"(saved), "=&r"(a), "=&r"(b) : "r"(0xfedcba9876543210ull) : "memory");
    CHECK_EQ("tpidr_el0 write/read", 0xfedcba9876543210ull, a);
    CHECK_EQ("tpidr_el0 zero", 0, b);
    CHECK_EQ("tpidr_el0 restored", saved, READ_SYSREG(tpidr_el0));
    CHECK("tpidr_el0 is glibc's thread pointer", saved == (uint64_t)__builtin_thread_pointer());
    uint64_t ro = READ_SYSREG(tpidrro_el0);
    printf("tpidrro_el0 = %#llx\n", (unsigned long long)ro);
}

static void test_counter(void)
{
    uint64_t frq = READ_SYSREG(cntfrq_el0);
    CHECK("cntfrq_el0 nonzero", frq != 0);
    uint64_t prev = READ_SYSREG(cntvct_el0), first = prev;
    for (int i = 0; i < 1000; i++) {
        uint64_t now;
        asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(now));
        if (now < prev) {
            printf("FAIL cntvct_el0 went backwards: %#llx then %#llx\n",
                   (unsigned long long)prev, (unsigned long long)now);
            check_failures++;
            break;
        }
        prev = now;
    }
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    uint64_t after = READ_SYSREG(cntvct_el0);
    /* 20 ms elapsed: at least 10 ms worth of ticks, and less than a minute */
    CHECK("cntvct_el0 advances with time", after - first >= frq / 100);
    CHECK("cntvct_el0 advances sanely", frq == 0 || (after - first) / frq < 60);
    /* FEAT_ECV's self-synchronized view (HWCAP2_ECV): the same counter, never behind */
    if (getauxval(AT_HWCAP2) & (1ul << 19)) {
        uint64_t ss;
        asm volatile("mrs %0, s3_3_c14_c0_6" : "=r"(ss)); /* cntvctss_el0 */
        CHECK("cntvctss_el0 >= an earlier cntvct_el0", ss >= after);
        CHECK("cntvctss_el0 close to cntvct_el0", ss - after < frq);
    }
}

static void test_ctr_dczid(void)
{
    uint64_t ctr = READ_SYSREG(ctr_el0);
    CHECK("ctr_el0 bit 31 is RES1", ctr >> 31 & 1);
    unsigned dminline = ctr >> 16 & 0xf, iminline = ctr & 0xf;
    CHECK("ctr_el0 DminLine sane (16..2048 bytes)", dminline >= 2 && dminline <= 9);
    CHECK("ctr_el0 IminLine sane", iminline >= 2 && iminline <= 9);

    uint64_t dczid = READ_SYSREG(dczid_el0);
    if (dczid & 16) {
        printf("dczid_el0 = %#llx: DC ZVA prohibited, skipping zeroing check\n",
               (unsigned long long)dczid);
        return;
    }
    size_t bs = 4u << (dczid & 0xf);
    CHECK("dczid block size <= 2 KiB", bs <= 2048);
    static uint8_t area[3 * 2048] __attribute__((aligned(2048)));
    memset(area, 0xa5, sizeof(area));
    uint8_t *target = area + 2048 + bs / 2 + 3; /* unaligned: the whole containing block goes */
    asm volatile("dc zva, %0" :: "r"(target) : "memory");
    uint8_t *blk = (uint8_t *)((uintptr_t)target & ~(uintptr_t)(bs - 1));
    for (size_t i = 0; i < sizeof(area); i++) {
        uint8_t expect = (area + i >= blk && area + i < blk + bs) ? 0 : 0xa5;
        if (area[i] != expect) {
            printf("FAIL dc zva (block %zu bytes): byte %zd from block start is %#x, expected %#x\n",
                   bs, (ssize_t)(area + i - blk), area[i], expect);
            check_failures++;
            break;
        }
    }
}

static double frinti(double x)
{
    double r;
    asm volatile("frinti %d0, %d1" : "=w"(r) : "w"(x));
    return r;
}

static void test_fpcr_fpsr(void)
{
    uint64_t saved = READ_SYSREG(fpcr);
    static const double in[] = { 2.5, -2.5, 3.5, -0.5, 1.25 };
    static const double out[4][5] = {
        { 2.0, -2.0, 4.0, -0.0, 1.0 },  /* RN: ties to even */
        { 3.0, -2.0, 4.0, -0.0, 2.0 },  /* RP */
        { 2.0, -3.0, 3.0, -1.0, 1.0 },  /* RM */
        { 2.0, -2.0, 3.0, -0.0, 1.0 },  /* RZ */
    };
    char what[64];
    for (uint64_t mode = 0; mode < 4; mode++) {
        uint64_t w = (saved & ~(3ull << 22)) | mode << 22, r;
        asm volatile("msr fpcr, %1\n\tmrs %0, fpcr" : "=r"(r) : "r"(w));
        snprintf(what, sizeof(what), "fpcr rmode %llu round trip", (unsigned long long)mode);
        CHECK_EQ(what, w, r);
        for (int i = 0; i < 5; i++) {
            double got = frinti(in[i]);
            uint64_t gb, eb;
            memcpy(&gb, &got, 8);
            memcpy(&eb, &out[mode][i], 8);
            snprintf(what, sizeof(what), "frinti(%g) rmode %llu", in[i], (unsigned long long)mode);
            CHECK_EQ(what, eb, gb);
        }
    }
    uint64_t bits = saved | 1ull << 24 | 1ull << 25 | 1ull << 26, r; /* FZ, DN, AHP */
    asm volatile("msr fpcr, %1\n\tmrs %0, fpcr" : "=r"(r) : "r"(bits));
    CHECK_EQ("fpcr FZ/DN/AHP round trip", bits, r);
    asm volatile("msr fpcr, %0" :: "r"(saved));
    CHECK_EQ("fpcr restored", saved, READ_SYSREG(fpcr));

    /* FPSR flags are cumulative: each step adds bits, none are cleared */
    uint64_t f;
    volatile double zero = 0.0, one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308;
    double sink;
    asm volatile("msr fpsr, xzr");
    CHECK_EQ("fpsr cleared", 0, READ_SYSREG(fpsr));
    asm volatile("fdiv %d0, %d1, %d2" : "=w"(sink) : "w"(one), "w"(zero));
    f = READ_SYSREG(fpsr);
    CHECK_EQ("fpsr after 1/0 (DZC)", 0x2, f);
    asm volatile("fdiv %d0, %d1, %d2" : "=w"(sink) : "w"(zero), "w"(zero));
    f = READ_SYSREG(fpsr);
    CHECK_EQ("fpsr after 0/0 (+IOC)", 0x3, f);
    asm volatile("fdiv %d0, %d1, %d2" : "=w"(sink) : "w"(one), "w"(three));
    f = READ_SYSREG(fpsr);
    CHECK_EQ("fpsr after 1/3 (+IXC)", 0x13, f);
    asm volatile("msr fpsr, xzr\n\tfmul %d0, %d1, %d1" : "=w"(sink) : "w"(big));
    f = READ_SYSREG(fpsr);
    CHECK_EQ("fpsr after overflow (OFC|IXC)", 0x14, f);
    asm volatile("msr fpsr, xzr\n\tfmul %d0, %d1, %d1" : "=w"(sink) : "w"(tiny));
    f = READ_SYSREG(fpsr);
    CHECK_EQ("fpsr after underflow (UFC|IXC)", 0x18, f);
    asm volatile("msr fpsr, xzr\n\tfadd %d0, %d1, %d1" : "=w"(sink) : "w"(one));
    CHECK_EQ("fpsr after exact add", 0, READ_SYSREG(fpsr));
    uint64_t q;
    asm volatile("msr fpsr, xzr\n\tmovi v0.4s, #0x7f, lsl #24\n\tsqadd v0.4s, v0.4s, v0.4s\n\t"
                 "mov %0, v0.d[0]" : "=r"(q) :: "v0");
    CHECK_EQ("sqadd saturates", 0x7fffffff7fffffffull, q);
    CHECK_EQ("fpsr QC after saturation", 1ull << 27, READ_SYSREG(fpsr));
    asm volatile("msr fpsr, %0" :: "r"(0x0800001full));
    CHECK_EQ("fpsr write/read", 0x0800001full, READ_SYSREG(fpsr));
    asm volatile("msr fpsr, xzr");
}

static void test_nzcv(void)
{
    char what[48];
    for (uint64_t v = 0; v < 16; v++) {
        uint64_t r;
        asm volatile("msr nzcv, %1\n\tmrs %0, nzcv" : "=r"(r) : "r"(v << 28) : "cc");
        snprintf(what, sizeof(what), "nzcv round trip %#llx", (unsigned long long)v);
        CHECK_EQ(what, v << 28, r);
    }
    uint64_t r;
    asm volatile("msr nzcv, %1\n\tcset %0, hi" : "=r"(r) : "r"(0x2ull << 28) : "cc");
    CHECK_EQ("msr nzcv visible to cset hi", 1, r);
    /* flag-manipulation instructions from armv8.4 are not tested: not in v8.0 */
}

static void test_barriers_hints(void)
{
    uint64_t lr_before, lr_after;
    asm volatile("dmb ish\n\tdmb ishld\n\tdmb ishst\n\tdmb sy\n\tdmb oshld\n\t"
                 "dsb sy\n\tdsb ish\n\tisb\n\t"
                 "nop\n\tyield\n\tsevl\n\twfe\n\t" /* sevl sets the event: wfe returns */
                 "hint #34\n\thint #36\n\thint #38\n\t" /* BTI c, BTI j, BTI jc */
                 "hint #20\n\t"                         /* CSDB */
                 "hint #0x7f\n\thint #0x45\n\t"         /* unallocated hints: NOP */
                 ::: "memory");
    /* PACIASP/AUTIASP: NOPs without PAuth; with PAuth they sign and authenticate
       LR against SP, so as a pair LR must come back unchanged either way. */
    asm volatile("mov %0, x30\n\t"
                 "hint #25\n\t"
                 "hint #29\n\t"
                 "mov %1, x30"
                 : "=&r"(lr_before), "=&r"(lr_after) :: "x30");
    CHECK_EQ("paciasp+autiasp leave lr", lr_before, lr_after);
    uint64_t stripped;
    asm volatile("mov x30, %1\n\thint #7\n\tmov %0, x30" /* XPACLRI */
                 : "=r"(stripped) : "r"((uint64_t)&test_nzcv) : "x30");
    CHECK_EQ("xpaclri on an unsigned pointer", (uint64_t)&test_nzcv, stripped);
}

static void test_id_regs(void)
{
    unsigned long hwcap = getauxval(AT_HWCAP);
    if (!(hwcap & HWCAP_CPUID)) {
        printf("no HWCAP_CPUID: ID register emulation not advertised, skipped\n");
        return;
    }
    uint64_t isar0 = READ_SYSREG(id_aa64isar0_el1);
    uint64_t pfr0 = READ_SYSREG(id_aa64pfr0_el1);
    unsigned atomic = isar0 >> 20 & 0xf;
    CHECK("ID_AA64ISAR0.Atomic agrees with HWCAP_ATOMICS",
          (atomic >= 2) == !!(hwcap & HWCAP_ATOMICS));
    CHECK("ID_AA64PFR0.EL0 is AArch64", (pfr0 & 0xf) >= 1);
    CHECK("ID_AA64PFR0.FP present agrees with HWCAP_FP",
          ((pfr0 >> 16 & 0xf) != 0xf) == !!(hwcap & HWCAP_FP));
    uint64_t midr = READ_SYSREG(midr_el1);
    printf("midr_el1 = %#llx, id_aa64isar0_el1 = %#llx\n", (unsigned long long)midr,
           (unsigned long long)isar0);
}

typedef uint64_t (*fn_t)(void);

static void test_smc(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        printf("FAIL mmap rwx\n");
        check_failures++;
        return;
    }
    char what[48];
    for (uint32_t k = 1; k <= 5; k++) {
        code[0] = 0xd2800000u | (k * 111) << 5; /* movz x0, #k*111 */
        code[1] = 0xd65f03c0u;                  /* ret */
        /* the clean/invalidate sequence of the Arm ARM for modified code */
        asm volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                     :: "r"(code) : "memory");
        snprintf(what, sizeof(what), "self-modifying code round %u", k);
        CHECK_EQ(what, k * 111, ((fn_t)code)());
    }
    /* same thing through the compiler's helper */
    code[0] = 0xd2800000u | 4242u << 5;
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    CHECK_EQ("__builtin___clear_cache", 4242, ((fn_t)code)());
    munmap(code, 4096);
}

int main(void)
{
    test_tpidr();
    test_counter();
    test_ctr_dczid();
    test_fpcr_fpsr();
    test_nzcv();
    test_barriers_hints();
    test_id_regs();
    test_smc();
    return finish("sysreg");
}
