/*
 * cpu-models.c - the table of -cpu models and what follows from a model's HWCAPs: the EL0
 * view of the ID registers and the /proc/cpuinfo feature words (see cpu-models.h).
 *
 * Every model advertises only what vemu implements, so a model named after a real core is
 * that core's architecture level minus the extensions vemu lacks (MTE is on max
 * only).  The ID register fields are computed from the HWCAPs
 * so that the two discovery methods always agree (the kernel's
 * Documentation/arm64/cpu-feature-registers.rst lists the visible fields).
 * Example: vemu-aarch64 -cpu help  lists them; -cpu cortex-a53 hides the LSE atomics.
 */
#include "target/aarch64/cpu-models.h"

#include <string.h>

/* Implemented features, by architecture level. */
#define V80_FEATURES (A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CRC32 | A64_HWCAP_CPUID)
/* The crypto extension is optional in v8.0 (Cortex-A53/A72 parts exist with and without
 * it, e.g. the Raspberry Pi 4's A72 lacks it), so the v8.0 models leave it out; v8.2 server
 * parts such as Neoverse-N1 have AES, PMULL, SHA1 and SHA2. */
#define CRYPTO_FEATURES (A64_HWCAP_AES | A64_HWCAP_PMULL | A64_HWCAP_SHA1 | A64_HWCAP_SHA2)
#define V82_FEATURES                                                                               \
    (V80_FEATURES | A64_HWCAP_ATOMICS | A64_HWCAP_LRCPC | A64_HWCAP_DCPOP | CRYPTO_FEATURES)
/* Neoverse-N1 adds (of what vemu implements) half precision (FEAT_FP16, but not FHM),
 * dot product, RDM and SSBS to v8.2 */
#define N1_FEATURES                                                                                \
    (V82_FEATURES | A64_HWCAP_FPHP | A64_HWCAP_ASIMDHP | A64_HWCAP_ASIMDDP | A64_HWCAP_ASIMDRDM |  \
     A64_HWCAP_SSBS)
#define MAX_FEATURES                                                                               \
    (N1_FEATURES | A64_HWCAP_ASIMDFHM | A64_HWCAP_ILRCPC | A64_HWCAP_FLAGM | A64_HWCAP_SB |        \
     A64_HWCAP_FCMA | A64_HWCAP_JSCVT | A64_HWCAP_DIT | A64_HWCAP_SHA512 | A64_HWCAP_SHA3 |        \
     A64_HWCAP_SM3 | A64_HWCAP_SM4 | A64_HWCAP_PACA | A64_HWCAP_PACG)
#define MAX_FEATURES2                                                                              \
    (A64_HWCAP2_DCPODP | A64_HWCAP2_FLAGM2 | A64_HWCAP2_HBC | A64_HWCAP2_FRINT | A64_HWCAP2_I8MM | \
     A64_HWCAP2_BF16 | A64_HWCAP2_RNG | A64_HWCAP2_CSSC | A64_HWCAP2_BTI | A64_HWCAP2_MTE |        \
     A64_HWCAP2_MOPS | A64_HWCAP2_WFXT | A64_HWCAP2_ECV)

static const CpuModel models[] = {
    {"max",
     "everything vemu implements (v8.2 base + crypto, FP16, FHM, DotProd, RDM, FCMA, JSCVT, "
     "FRINTTS, I8MM, "
     "BF16, PAuth, BTI, MTE2, RNG, SSBS, DIT, CSSC, LRCPC2, FlagM/FlagM2, SB, DPB2, HBC, WFxT, "
     "MOPS)",
     0x410fd083, MAX_FEATURES, MAX_FEATURES2},
    {"cortex-a53", "ARM Cortex-A53 class (ARMv8.0: FP, AdvSIMD, CRC32)", 0x410fd034, V80_FEATURES,
     0},
    {"cortex-a72", "ARM Cortex-A72 class (ARMv8.0: FP, AdvSIMD, CRC32)", 0x410fd083, V80_FEATURES,
     0},
    {"neoverse-n1",
     "ARM Neoverse-N1 class (ARMv8.2: + LSE atomics, LRCPC, DC CVAP, AES/PMULL/SHA1/SHA2, "
     "FP16, DotProd, RDM, SSBS)",
     0x414fd0c1, N1_FEATURES, 0},
};

#define N_MODELS (sizeof(models) / sizeof(models[0]))

const CpuModel *cpu_model_find(const char *name)
{
    for (size_t i = 0; i < N_MODELS; i++) {
        if (strcmp(models[i].name, name) == 0) {
            return &models[i];
        }
    }
    return NULL;
}

const CpuModel *cpu_model_default(void)
{
    return &models[0];
}

void cpu_model_list(FILE *out)
{
    char feat[512];

    fprintf(out, "Available CPU models (default: %s):\n", cpu_model_default()->name);
    for (size_t i = 0; i < N_MODELS; i++) {
        cpu_model_features(models[i].hwcap, models[i].hwcap2, feat, sizeof feat);
        fprintf(out, "  %-12s %s\n  %-12s   features: %s\n", models[i].name, models[i].description,
                "", feat);
    }
}

/* A 4-bit ID field: `v` at bit `shift`. */
static uint64_t fld(uint64_t v, unsigned shift)
{
    return (v & 0xf) << shift;
}

static uint64_t has(uint64_t caps, uint64_t bit)
{
    return (caps & bit) != 0;
}

uint64_t cpu_model_id_reg(uint64_t hw, uint64_t hw2, int crm, int op2)
{
    switch (crm << 3 | op2) {
    case 4 << 3 | 0: /* ID_AA64PFR0_EL1 */
        /* EL0/EL1 are hidden with the safe value 1 (AArch64 only); EL2, EL3, GIC hidden: 0.
         * FP/AdvSIMD: 0xf = not implemented, 0 = implemented, 1 = with half precision. */
        return fld(1, 0) | fld(1, 4) |
               fld(has(hw, A64_HWCAP_FP) ? has(hw, A64_HWCAP_FPHP) : 0xf, 16) |
               fld(has(hw, A64_HWCAP_ASIMD) ? has(hw, A64_HWCAP_ASIMDHP) : 0xf, 20) |
               fld(has(hw, A64_HWCAP_SVE), 32) | fld(has(hw, A64_HWCAP_DIT), 48);
    case 4 << 3 | 1: /* ID_AA64PFR1_EL1: BT, SSBS (2 = with MSR/MRS SSBS), MTE */
        return fld(has(hw2, A64_HWCAP2_BTI), 0) | fld(has(hw, A64_HWCAP_SSBS) * 2, 4) |
               fld(has(hw2, A64_HWCAP2_MTE) * 2, 8);
    case 6 << 3 | 0: /* ID_AA64ISAR0_EL1 */
        return fld(has(hw, A64_HWCAP_PMULL) ? 2 : has(hw, A64_HWCAP_AES), 4) |
               fld(has(hw, A64_HWCAP_SHA1), 8) |
               fld(has(hw, A64_HWCAP_SHA512) ? 2 : has(hw, A64_HWCAP_SHA2), 12) |
               fld(has(hw, A64_HWCAP_CRC32), 16) | fld(has(hw, A64_HWCAP_ATOMICS) * 2, 20) |
               fld(has(hw, A64_HWCAP_ASIMDRDM), 28) | fld(has(hw, A64_HWCAP_SHA3), 32) |
               fld(has(hw, A64_HWCAP_SM3), 36) | fld(has(hw, A64_HWCAP_SM4), 40) |
               fld(has(hw, A64_HWCAP_ASIMDDP), 44) | fld(has(hw, A64_HWCAP_ASIMDFHM), 48) |
               fld(has(hw2, A64_HWCAP2_FLAGM2) ? 2 : has(hw, A64_HWCAP_FLAGM), 52) |
               fld(has(hw2, A64_HWCAP2_RNG), 60);
    case 6 << 3 | 1: /* ID_AA64ISAR1_EL1; PAuth is vemu's IMPLEMENTATION DEFINED algorithm
                      * (API = 1, GPI = 1; APA/GPA, the QARMA5 fields, stay 0) */
        return fld(has(hw2, A64_HWCAP2_DCPODP) ? 2 : has(hw, A64_HWCAP_DCPOP), 0) |
               fld(has(hw, A64_HWCAP_PACA), 8) | fld(has(hw, A64_HWCAP_PACG), 28) |
               fld(has(hw, A64_HWCAP_JSCVT), 12) | fld(has(hw, A64_HWCAP_FCMA), 16) |
               fld(has(hw, A64_HWCAP_ILRCPC) ? 2 : has(hw, A64_HWCAP_LRCPC), 20) |
               fld(has(hw2, A64_HWCAP2_FRINT), 32) | fld(has(hw, A64_HWCAP_SB), 36) |
               fld(has(hw2, A64_HWCAP2_BF16), 44) | fld(has(hw2, A64_HWCAP2_I8MM), 52);
    case 6 << 3 | 2: /* ID_AA64ISAR2_EL1: WFxT (2 = implemented), MOPS, BC (FEAT_HBC), CSSC */
        return fld(has(hw2, A64_HWCAP2_WFXT) * 2, 0) | fld(has(hw2, A64_HWCAP2_MOPS), 16) |
               fld(has(hw2, A64_HWCAP2_HBC), 20) | fld(has(hw2, A64_HWCAP2_CSSC), 52);
    case 5 << 3 | 0: /* ID_AA64DFR0_EL1: all hidden; DebugVer's safe value is 6 (Armv8) */
        return fld(6, 0);
    case 7 << 3 | 0: /* ID_AA64MMFR0_EL1: all hidden; the safe values say TGran4 and TGran64
                      * not implemented (0xf), TGran16 not implemented (0), and the stage 2
                      * TGran*_2 fields (Linux 5.13 and later) "not supported" (1) */
        return fld(0xf, 28) | fld(0xf, 24) | fld(1, 40) | fld(1, 36) | fld(1, 32) |
               fld(has(hw2, A64_HWCAP2_ECV), 60); /* ECV: visible (HWCAP2_ECV) */
    case 7 << 3 | 2:                              /* ID_AA64MMFR2_EL1: AT (FEAT_LSE2) */
        return fld(has(hw, A64_HWCAP_USCAT), 32);
    default:
        /* ID_AA64MMFR1, DFR1, AFR0/1, ZFR0 without SVE, SMFR0 without SME, the AArch32
         * registers and reserved encodings: nothing visible, hidden fields' safe value 0. */
        return 0;
    }
}

/* Feature words indexed by HWCAP bit, then HWCAP2 bit (the kernel's hwcap_str order). */
static const char *const hwcap_names[] = {
    "fp",      "asimd", "evtstrm", "aes",   "pmull",    "sha1",   "sha2", "crc32",
    "atomics", "fphp",  "asimdhp", "cpuid", "asimdrdm", "jscvt",  "fcma", "lrcpc",
    "dcpop",   "sha3",  "sm3",     "sm4",   "asimddp",  "sha512", "sve",  "asimdfhm",
    "dit",     "uscat", "ilrcpc",  "flagm", "ssbs",     "sb",     "paca", "pacg",
};
static const char *const hwcap2_names[] = {
    "dcpodp",    "sve2",      "sveaes",  "svepmull",  "svebitperm", "svesha3",    "svesm4",
    "flagm2",    "frint",     "svei8mm", "svef32mm",  "svef64mm",   "svebf16",    "i8mm",
    "bf16",      "dgh",       "rng",     "bti",       "mte",        "ecv",        "afp",
    "rpres",     "mte3",      "sme",     "smei16i64", "smef64f64",  "smei8i32",   "smef16f32",
    "smeb16f32", "smef32f32", "smefa64", "wfxt",      "ebf16",      "sveebf16",   "cssc",
    "rprfm",     "sve2p1",    "sme2",    "sme2p1",    "smei16i32",  "smebi32i64", "smeb16b16",
    "smef16f16", "mops",      "hbc",
};

static void add_words(uint64_t caps, const char *const *names, size_t n, char *buf, size_t len,
                      size_t *pos)
{
    for (size_t bit = 0; bit < n; bit++) {
        if (!(caps & (1ull << bit))) {
            continue;
        }
        int w = snprintf(buf + *pos, len - *pos, "%s%s", *pos ? " " : "", names[bit]);
        if (w < 0 || (size_t)w >= len - *pos) {
            *pos = len - 1;
            return;
        }
        *pos += (size_t)w;
    }
}

void cpu_model_features(uint64_t hwcap, uint64_t hwcap2, char *buf, size_t len)
{
    size_t pos = 0;

    if (len == 0) {
        return;
    }
    buf[0] = '\0';
    add_words(hwcap, hwcap_names, sizeof hwcap_names / sizeof hwcap_names[0], buf, len, &pos);
    add_words(hwcap2, hwcap2_names, sizeof hwcap2_names / sizeof hwcap2_names[0], buf, len, &pos);
}
