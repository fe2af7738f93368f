/*
 * cpu-models.h - the CPU models selectable with -cpu.  A model is one place that decides
 * what the guest sees of the CPU: the MIDR_EL1 value, the HWCAP/HWCAP2 bits of the
 * auxiliary vector, the EL0 view of the ID_AA64* registers (derived from the HWCAPs, as the
 * kernel's cpufeature emulation exposes them) and the "Features" line of /proc/cpuinfo.
 * A model only advertises features vemu implements.
 * Example: const CpuModel *m = cpu_model_find("cortex-a53");  env->hwcap = m->hwcap;
 *          cpu_model_id_reg(m->hwcap, m->hwcap2, 6, 0) -> ID_AA64ISAR0_EL1 (CRC32 = 1).
 */
#ifndef VEMU_CPU_MODELS_H
#define VEMU_CPU_MODELS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct CpuModel {
    const char *name;
    const char *description;
    uint64_t midr;
    uint64_t hwcap;
    uint64_t hwcap2;
} CpuModel;

/* Linux arm64 HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h). */
#define A64_HWCAP_FP (1ull << 0)
#define A64_HWCAP_ASIMD (1ull << 1)
#define A64_HWCAP_EVTSTRM (1ull << 2)
#define A64_HWCAP_AES (1ull << 3)
#define A64_HWCAP_PMULL (1ull << 4)
#define A64_HWCAP_SHA1 (1ull << 5)
#define A64_HWCAP_SHA2 (1ull << 6)
#define A64_HWCAP_CRC32 (1ull << 7)
#define A64_HWCAP_ATOMICS (1ull << 8)
#define A64_HWCAP_FPHP (1ull << 9)
#define A64_HWCAP_ASIMDHP (1ull << 10)
#define A64_HWCAP_CPUID (1ull << 11)
#define A64_HWCAP_ASIMDRDM (1ull << 12)
#define A64_HWCAP_JSCVT (1ull << 13)
#define A64_HWCAP_FCMA (1ull << 14)
#define A64_HWCAP_LRCPC (1ull << 15)
#define A64_HWCAP_DCPOP (1ull << 16)
#define A64_HWCAP_SHA3 (1ull << 17)
#define A64_HWCAP_SM3 (1ull << 18)
#define A64_HWCAP_SM4 (1ull << 19)
#define A64_HWCAP_ASIMDDP (1ull << 20)
#define A64_HWCAP_SHA512 (1ull << 21)
#define A64_HWCAP_SVE (1ull << 22)
#define A64_HWCAP_ASIMDFHM (1ull << 23)
#define A64_HWCAP_DIT (1ull << 24)
#define A64_HWCAP_USCAT (1ull << 25)
#define A64_HWCAP_ILRCPC (1ull << 26)
#define A64_HWCAP_FLAGM (1ull << 27)
#define A64_HWCAP_SSBS (1ull << 28)
#define A64_HWCAP_SB (1ull << 29)
#define A64_HWCAP_PACA (1ull << 30)
#define A64_HWCAP_PACG (1ull << 31)

#define A64_HWCAP2_DCPODP (1ull << 0)
#define A64_HWCAP2_FLAGM2 (1ull << 7)
#define A64_HWCAP2_FRINT (1ull << 8)
#define A64_HWCAP2_I8MM (1ull << 13)
#define A64_HWCAP2_BF16 (1ull << 14)
#define A64_HWCAP2_RNG (1ull << 16)
#define A64_HWCAP2_BTI (1ull << 17)
#define A64_HWCAP2_MTE (1ull << 18)
#define A64_HWCAP2_ECV (1ull << 19)
#define A64_HWCAP2_WFXT (1ull << 31)
#define A64_HWCAP2_CSSC (1ull << 34)
#define A64_HWCAP2_MOPS (1ull << 43)
#define A64_HWCAP2_HBC (1ull << 44)

const CpuModel *cpu_model_find(const char *name);
const CpuModel *cpu_model_default(void);
void cpu_model_list(FILE *out);

/* Value an EL0 "mrs" of the ID register op0=3, op1=0, CRn=0, CRm=crm (2..7), op2 reads on
 * Linux for a CPU with these HWCAPs: visible fields follow the HWCAPs, hidden fields hold
 * the kernel's safe value, untracked registers read as zero. */
uint64_t cpu_model_id_reg(uint64_t hwcap, uint64_t hwcap2, int crm, int op2);

/* The /proc/cpuinfo "Features" words for these HWCAPs, in the kernel's order, separated by
 * single spaces, NUL-terminated (truncated to len).  Example: "fp asimd crc32 cpuid". */
void cpu_model_features(uint64_t hwcap, uint64_t hwcap2, char *buf, size_t len);

#endif
