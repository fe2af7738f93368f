/*
 * cpu-models.c - the table of -cpu models (see cpu-models.h).
 * Example: vemu-aarch64 -cpu help  lists them; -cpu cortex-a53 hides the LSE atomics.
 */
#include "target/aarch64/cpu-models.h"

#include <string.h>

static const CpuModel models[] = {
    {"max", "all features vemu implements (FP, AdvSIMD, CRC32, LSE, FlagM, FlagM2)", 0x410fd083,
     A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CRC32 | A64_HWCAP_ATOMICS | A64_HWCAP_CPUID |
         A64_HWCAP_FLAGM,
     A64_HWCAP2_FLAGM2},
    {"cortex-a72", "ARM Cortex-A72 (ARMv8.0: FP, AdvSIMD, CRC32)", 0x410fd083,
     A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CRC32 | A64_HWCAP_CPUID, 0},
    {"cortex-a53", "ARM Cortex-A53 (ARMv8.0: FP, AdvSIMD, CRC32)", 0x410fd034,
     A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CRC32 | A64_HWCAP_CPUID, 0},
    {"neoverse-n1", "ARM Neoverse-N1 subset vemu implements (FP, AdvSIMD, CRC32, LSE)", 0x414fd0c1,
     A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CRC32 | A64_HWCAP_ATOMICS | A64_HWCAP_CPUID, 0},
};

const CpuModel *cpu_model_find(const char *name)
{
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
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
    fprintf(out, "Available CPU models:\n");
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        fprintf(out, "  %-12s %s\n", models[i].name, models[i].description);
    }
}
