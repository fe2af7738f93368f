/*
 * idregs.c - the EL0 view of the CPU identification that the arm64 kernel gives a program
 * (Documentation/arm64/cpu-feature-registers.rst): with HWCAP_CPUID, MRS of the ID_AA64*
 * registers is emulated, visible fields agree with getauxval(AT_HWCAP/AT_HWCAP2), hidden
 * fields read as the kernel's safe values, MPIDR_EL1 reads 0x80000000 and REVIDR_EL1 0,
 * untracked registers in the emulated space (op0=3, op1=0, CRn=0, CRm=2..7) read 0, and
 * anything else (other CRm=0 registers, AArch32 ID registers, EL1 registers) is SIGILL.
 * /proc/cpuinfo's Features words and CPU part/implementer must agree with the HWCAPs and
 * MIDR_EL1.  Holds for every -cpu model, so tests/cli runs it under each of them.
 * Example: vemu-aarch64 -cpu cortex-a53 idregs -> "hwcap=0x889 hwcap2=0x0 ..." PASS idregs
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <ucontext.h>

#include "check.h"

#define MRS(enc)                                                                                   \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        asm volatile("mrs %0, " enc : "=r"(v_));                                                   \
        v_;                                                                                        \
    })

/* One visible ID field and the HWCAP it must agree with: field >= min iff the bit is set. */
typedef struct {
    const char *name;
    int reg; /* index into regs[] below */
    int shift;
    unsigned min;
    int word; /* 1: AT_HWCAP, 2: AT_HWCAP2 */
    int bit;
} Visible;

enum { PFR0, PFR1, ISAR0, ISAR1, ISAR2, MMFR2, NREGS };

static const Visible visible[] = {
    {"ISAR0.AES", ISAR0, 4, 1, 1, 3},        {"ISAR0.PMULL", ISAR0, 4, 2, 1, 4},
    {"ISAR0.SHA1", ISAR0, 8, 1, 1, 5},       {"ISAR0.SHA2", ISAR0, 12, 1, 1, 6},
    {"ISAR0.SHA512", ISAR0, 12, 2, 1, 21},   {"ISAR0.CRC32", ISAR0, 16, 1, 1, 7},
    {"ISAR0.ATOMIC", ISAR0, 20, 2, 1, 8},    {"ISAR0.RDM", ISAR0, 28, 1, 1, 12},
    {"ISAR0.SHA3", ISAR0, 32, 1, 1, 17},     {"ISAR0.SM3", ISAR0, 36, 1, 1, 18},
    {"ISAR0.SM4", ISAR0, 40, 1, 1, 19},      {"ISAR0.DP", ISAR0, 44, 1, 1, 20},
    {"ISAR0.FHM", ISAR0, 48, 1, 1, 23},      {"ISAR0.TS/FLAGM", ISAR0, 52, 1, 1, 27},
    {"ISAR0.TS/FLAGM2", ISAR0, 52, 2, 2, 7}, {"ISAR0.RNDR", ISAR0, 60, 1, 2, 16},
    {"ISAR1.DPB", ISAR1, 0, 1, 1, 16},       {"ISAR1.DPB2", ISAR1, 0, 2, 2, 0},
    {"ISAR1.JSCVT", ISAR1, 12, 1, 1, 13},    {"ISAR1.FCMA", ISAR1, 16, 1, 1, 14},
    {"ISAR1.LRCPC", ISAR1, 20, 1, 1, 15},    {"ISAR1.LRCPC2", ISAR1, 20, 2, 1, 26},
    {"ISAR1.FRINTTS", ISAR1, 32, 1, 2, 8},   {"ISAR1.SB", ISAR1, 36, 1, 1, 29},
    {"ISAR1.BF16", ISAR1, 44, 1, 2, 14},     {"ISAR1.I8MM", ISAR1, 52, 1, 2, 13},
    {"ISAR2.MOPS", ISAR2, 16, 1, 2, 43},     {"ISAR2.BC", ISAR2, 20, 1, 2, 44},
    {"ISAR2.CSSC", ISAR2, 52, 1, 2, 34},     {"PFR0.SVE", PFR0, 32, 1, 1, 22},
    {"PFR0.DIT", PFR0, 48, 1, 1, 24},        {"PFR1.BT", PFR1, 0, 1, 2, 17},
    {"PFR1.SSBS", PFR1, 4, 2, 1, 28},        {"PFR1.MTE", PFR1, 8, 2, 2, 18},
    {"MMFR2.AT", MMFR2, 32, 1, 1, 25},
};

/* /proc/cpuinfo words by HWCAP bit and HWCAP2 bit (the kernel's hwcap_str[]). */
static const char *const names1[32] = {
    "fp",      "asimd", "evtstrm", "aes",   "pmull",    "sha1",   "sha2", "crc32",
    "atomics", "fphp",  "asimdhp", "cpuid", "asimdrdm", "jscvt",  "fcma", "lrcpc",
    "dcpop",   "sha3",  "sm3",     "sm4",   "asimddp",  "sha512", "sve",  "asimdfhm",
    "dit",     "uscat", "ilrcpc",  "flagm", "ssbs",     "sb",     "paca", "pacg",
};
static const char *const names2[45] = {
    "dcpodp",    "sve2",      "sveaes",  "svepmull",  "svebitperm", "svesha3",    "svesm4",
    "flagm2",    "frint",     "svei8mm", "svef32mm",  "svef64mm",   "svebf16",    "i8mm",
    "bf16",      "dgh",       "rng",     "bti",       "mte",        "ecv",        "afp",
    "rpres",     "mte3",      "sme",     "smei16i64", "smef64f64",  "smei8i32",   "smef16f32",
    "smeb16f32", "smef32f32", "smefa64", "wfxt",      "ebf16",      "sveebf16",   "cssc",
    "rprfm",     "sve2p1",    "sme2",    "sme2p1",    "smei16i32",  "smebi32i64", "smeb16b16",
    "smef16f16", "mops",      "hbc",
};

static unsigned fieldv(uint64_t reg, int shift)
{
    return (unsigned)(reg >> shift & 0xf);
}

static void test_visible(unsigned long hw, unsigned long hw2, const uint64_t *regs)
{
    char what[80];

    for (size_t i = 0; i < sizeof visible / sizeof visible[0]; i++) {
        const Visible *v = &visible[i];
        int cap = ((v->word == 1 ? hw : hw2) >> v->bit) & 1;
        int fld = fieldv(regs[v->reg], v->shift) >= v->min;
        snprintf(what, sizeof what, "%s agrees with HWCAP%s bit %d", v->name,
                 v->word == 1 ? "" : "2", v->bit);
        CHECK_EQ(what, cap, fld);
    }
    /* FP / AdvSIMD: 0xf = absent, 0 = present, 1 = with half precision */
    unsigned fp = fieldv(regs[PFR0], 16), simd = fieldv(regs[PFR0], 20);
    CHECK_EQ("PFR0.FP present == HWCAP_FP", (hw >> 0) & 1, fp != 0xf);
    CHECK_EQ("PFR0.FP == 1 iff HWCAP_FPHP", (hw >> 9) & 1, fp == 1);
    CHECK_EQ("PFR0.AdvSIMD present == HWCAP_ASIMD", (hw >> 1) & 1, simd != 0xf);
    CHECK_EQ("PFR0.AdvSIMD == 1 iff HWCAP_ASIMDHP", (hw >> 10) & 1, simd == 1);
    /* hidden fields: EL0 and EL1 read as the safe value 1 (AArch64 only), EL2/EL3/GIC 0 */
    CHECK_EQ("PFR0.EL0 (hidden, safe 1)", 1, fieldv(regs[PFR0], 0));
    CHECK_EQ("PFR0.EL1 (hidden, safe 1)", 1, fieldv(regs[PFR0], 4));
    CHECK_EQ("PFR0.EL2 (hidden)", 0, fieldv(regs[PFR0], 8));
    CHECK_EQ("PFR0.EL3 (hidden)", 0, fieldv(regs[PFR0], 12));
    CHECK_EQ("PFR0.GIC (hidden)", 0, fieldv(regs[PFR0], 24));
    CHECK_EQ("ISAR1.APA/API/GPA/GPI without HWCAP_PACA/PACG", ((hw >> 30) & 3) != 0,
             (regs[ISAR1] >> 4 & 0xff) != 0 || (regs[ISAR1] >> 24) & 0xff);
}

static void test_fixed(void)
{
    CHECK_EQ("MPIDR_EL1", 0x80000000ull, MRS("mpidr_el1"));
    CHECK_EQ("REVIDR_EL1", 0, MRS("revidr_el1"));
    CHECK_EQ("untracked s3_0_c0_c7_7", 0, MRS("s3_0_c0_c7_7"));
    /* hidden fields at their safe values (arch/arm64/kernel/cpufeature.c) */
    CHECK_EQ("ID_AA64DFR0_EL1 (DebugVer safe value 6)", 6, MRS("id_aa64dfr0_el1"));
    CHECK_EQ("ID_AA64MMFR0_EL1 TGran4/TGran64 (safe value: not implemented)", 0xff,
             MRS("id_aa64mmfr0_el1") >> 24 & 0xff);
    CHECK_EQ("ID_AA64MMFR0_EL1 PARange/ASIDBits/TGran16 (hidden, 0)", 0,
             MRS("id_aa64mmfr0_el1") & 0xffffff);
    CHECK_EQ("untracked s3_0_c0_c6_7", 0, MRS("s3_0_c0_c6_7"));
    uint64_t midr = MRS("midr_el1");
    CHECK("MIDR_EL1 architecture field is 0xf (CPUID scheme)", (midr >> 16 & 0xf) == 0xf);
    CHECK("MIDR_EL1 upper half is RES0", (midr >> 32) == 0);
}

static void test_cpuinfo(unsigned long hw, unsigned long hw2, uint64_t midr)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[1024], features[1024] = "";
    unsigned long impl = ~0ul, part = ~0ul;

    CHECK("open /proc/cpuinfo", f != NULL);
    if (!f) {
        return;
    }
    while (fgets(line, sizeof line, f)) {
        if (!features[0] && strncmp(line, "Features", 8) == 0) {
            snprintf(features, sizeof features, " %s", strchr(line, ':') + 1);
            features[strcspn(features, "\n")] = ' ';
        } else if (impl == ~0ul && strncmp(line, "CPU implementer", 15) == 0) {
            impl = strtoul(strchr(line, ':') + 1, NULL, 0);
        } else if (part == ~0ul && strncmp(line, "CPU part", 8) == 0) {
            part = strtoul(strchr(line, ':') + 1, NULL, 0);
        }
    }
    fclose(f);
    CHECK("cpuinfo has a Features line", features[0] != 0);
    for (int word = 1; word <= 2; word++) {
        const char *const *names = word == 1 ? names1 : names2;
        int n = word == 1 ? 32 : 45;
        unsigned long caps = word == 1 ? hw : hw2;
        for (int bit = 0; bit < n; bit++) {
            char key[32], what[80];
            snprintf(key, sizeof key, " %s ", names[bit]);
            snprintf(what, sizeof what, "cpuinfo '%s' iff HWCAP%s bit %d", names[bit],
                     word == 1 ? "" : "2", bit);
            CHECK_EQ(what, (caps >> bit) & 1, strstr(features, key) != NULL);
        }
    }
    CHECK_EQ("cpuinfo CPU implementer == MIDR[31:24]", midr >> 24 & 0xff, impl);
    CHECK_EQ("cpuinfo CPU part == MIDR[15:4]", midr >> 4 & 0xfff, part);
}

static sigjmp_buf jb;
static volatile int got_sig;
static volatile uint64_t got_addr, got_pc;

static void on_sigill(int sig, siginfo_t *si, void *uc_)
{
    got_sig = sig;
    got_addr = (uint64_t)si->si_addr;
    got_pc = ((ucontext_t *)uc_)->uc_mcontext.pc;
    siglongjmp(jb, 1);
}

#define EXPECT_SIGILL(what, insn)                                                                  \
    do {                                                                                           \
        got_sig = 0;                                                                               \
        if (sigsetjmp(jb, 1) == 0) {                                                               \
            uint64_t v_ = 0;                                                                       \
            asm volatile(insn : "+r"(v_) : : "memory");                                            \
        }                                                                                          \
        CHECK_EQ(what " raises SIGILL", SIGILL, got_sig);                                          \
        CHECK_EQ(what " si_addr is the pc", got_pc, got_addr);                                     \
    } while (0)

static void test_sigill(void)
{
    struct sigaction sa, old;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGILL, &sa, &old);
    EXPECT_SIGILL("mrs s3_0_c0_c0_1 (CRm=0, not MIDR/MPIDR/REVIDR)", "mrs %0, s3_0_c0_c0_1");
    EXPECT_SIGILL("mrs ID_PFR0_EL1 (CRm=1, outside the emulated space)", "mrs %0, s3_0_c0_c1_0");
    EXPECT_SIGILL("mrs SCTLR_EL1", "mrs %0, s3_0_c1_c0_0");
    EXPECT_SIGILL("mrs CCSIDR_EL1", "mrs %0, s3_1_c0_c0_0");
    EXPECT_SIGILL("mrs CurrentEL", "mrs %0, s3_0_c4_c2_2");
    EXPECT_SIGILL("mrs DAIF", "mrs %0, s3_3_c4_c2_1");
    EXPECT_SIGILL("msr MIDR_EL1", "msr s3_0_c0_c0_0, %0");
    EXPECT_SIGILL("msr ID_AA64ISAR0_EL1", "msr s3_0_c0_c6_0, %0");
    EXPECT_SIGILL("msr TPIDRRO_EL0", "msr s3_3_c13_c0_3, %0");
    EXPECT_SIGILL("msr CNTVCT_EL0", "msr s3_3_c14_c0_2, %0");
    if (!(getauxval(AT_HWCAP2) & (1ul << 19))) { /* HWCAP2_ECV */
        EXPECT_SIGILL("mrs CNTVCTSS_EL0 without FEAT_ECV", "mrs %0, s3_3_c14_c0_6");
    }
    sigaction(SIGILL, &old, NULL);
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    uint64_t regs[NREGS];

    printf("hwcap=%#lx hwcap2=%#lx\n", hw, hw2);
    if (!(hw & (1ul << 11))) {
        printf("FAIL HWCAP_CPUID not advertised: every vemu model emulates the ID registers\n");
        return 1;
    }
    regs[PFR0] = MRS("id_aa64pfr0_el1");
    regs[PFR1] = MRS("id_aa64pfr1_el1");
    regs[ISAR0] = MRS("id_aa64isar0_el1");
    regs[ISAR1] = MRS("id_aa64isar1_el1");
    regs[ISAR2] = MRS("s3_0_c0_c6_2");
    regs[MMFR2] = MRS("s3_0_c0_c7_2");
    printf("pfr0=%#llx pfr1=%#llx isar0=%#llx isar1=%#llx isar2=%#llx mmfr2=%#llx\n",
           (unsigned long long)regs[PFR0], (unsigned long long)regs[PFR1],
           (unsigned long long)regs[ISAR0], (unsigned long long)regs[ISAR1],
           (unsigned long long)regs[ISAR2], (unsigned long long)regs[MMFR2]);
    printf("midr=%#llx\n", (unsigned long long)MRS("midr_el1"));
    test_visible(hw, hw2, regs);
    test_fixed();
    test_cpuinfo(hw, hw2, MRS("midr_el1"));
    test_sigill();
    return finish("idregs");
}
