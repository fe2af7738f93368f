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

CPUArchState *cpu_state_new_child(const CPUArchState *from, uint64_t newsp, bool set_tls,
                                  uint64_t tls)
{
    CPUArchState *env = cpu_state_new(from);
    if (!env) {
        return NULL;
    }
    env->xregs[0] = 0;
    if (newsp) {
        env->xregs[A64_REG_SP] = newsp;
    }
    if (set_tls) {
        env->tpidr_el0 = tls;
    }
    env->exclusive_addr = ~0ull;
    env->exit_request = 0;
    env->debug_step_done = -1; /* a debugger single-steps the parent, not the child */
    env->current_tb = NULL;
    env->current_op = NULL;
    env->in_guest_code = 0;
    env->task = NULL;
    env->mte_async_fault = 0; /* the tag-check settings (mte_ctrl) are inherited */
    return env;
}
