/*
 * cpu-models.h - the CPU models selectable with -cpu: MIDR value and the HWCAP/HWCAP2 bits
 * reported in the auxiliary vector.  A model only advertises features vemu implements.
 * Example: const CpuModel *m = cpu_model_find("max");  env->hwcap = m->hwcap;
 */
#ifndef VEMU_CPU_MODELS_H
#define VEMU_CPU_MODELS_H

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
#define A64_HWCAP_CRC32 (1ull << 7)
#define A64_HWCAP_ATOMICS (1ull << 8)
#define A64_HWCAP_CPUID (1ull << 11)
#define A64_HWCAP_FLAGM (1ull << 27)
#define A64_HWCAP2_FLAGM2 (1ull << 7)

const CpuModel *cpu_model_find(const char *name);
const CpuModel *cpu_model_default(void);
void cpu_model_list(FILE *out);

#endif
