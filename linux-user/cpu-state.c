/*
 * cpu-state.c - allocating a guest thread's CPUArchState (see cpu-state.h).
 */
#include "linux-user/cpu-state.h"
#include "tcg/tb.h"

#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

CPUArchState *cpu_state_new(const CPUArchState *from)
{
    /* anonymous pages are zero and page-aligned (the state wants 64-byte alignment) */
    void *p = mmap(NULL, sizeof(CPUArchState), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    CPUArchState *env = p;
    if (from) {
        memcpy(env, from, offsetof(CPUArchState, jc_generation));
    }
    if (!tb_jmp_cache_init(env)) { /* empty, also for a copy */
        munmap(env, sizeof(CPUArchState));
        return NULL;
    }
    return env;
}

void cpu_state_free(CPUArchState *env)
{
    if (env) {
        tb_jmp_cache_free(env);
        munmap(env, sizeof(CPUArchState));
    }
}
