/*
 * helper-sys.c - out-of-line helpers for A64 system instructions: the virtual counter
 * (CNTVCT_EL0 and friends) and the host memory barrier behind DMB/DSB.
 *
 * CNTVCT_EL0 counts CLOCK_MONOTONIC at A64_CNTFRQ_HZ (the value CNTFRQ_EL0 reports), so
 * guest code that divides the counter by the frequency sees real elapsed time.
 * IC IVAU only records the invalidated lines; the next ISB (on any thread) drops the
 * translations that cover them and leaves the block, which is the point at which the
 * architecture requires modified code to become visible.
 * Example: 1.5 s after boot, helper_cntvct() == 150000000 (at 100 MHz).
 */
#include "target/aarch64/helper-a64.h"

#include <pthread.h>
#include <time.h>

#include "tcg/tb.h"

uint64_t helper_cntvct(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * A64_CNTFRQ_HZ +
           (uint64_t)ts.tv_nsec / (1000000000ull / A64_CNTFRQ_HZ);
}

/* Lines named by IC IVAU since the last ISB that acted on them: [ic_lo, ic_hi). */
static pthread_mutex_t ic_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t ic_lo = UINT64_MAX, ic_hi;
static int ic_pending;

void helper_ic_ivau(uint64_t addr)
{
    uint64_t line = addr & ~(uint64_t)(A64_ICACHE_LINE - 1);

    pthread_mutex_lock(&ic_lock);
    if (line < ic_lo) {
        ic_lo = line;
    }
    if (line + A64_ICACHE_LINE > ic_hi) {
        ic_hi = line + A64_ICACHE_LINE;
    }
    __atomic_store_n(&ic_pending, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&ic_lock);
}

void helper_isb(CPUArchState *env, uint64_t next_pc)
{
    uint64_t lo, hi;

    if (!__atomic_load_n(&ic_pending, __ATOMIC_ACQUIRE)) {
        return;
    }
    pthread_mutex_lock(&ic_lock);
    lo = ic_lo;
    hi = ic_hi;
    ic_lo = UINT64_MAX;
    ic_hi = 0;
    __atomic_store_n(&ic_pending, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&ic_lock);
    if (hi <= lo) {
        return;
    }
    /* The block running this helper may be among those dropped: never return into it. */
    env->pc = next_pc;
    tb_invalidate_range(lo, hi - lo);
    cpu_loop_exit(env, EXCP_INTERRUPT);
}

IrHelper helper_info_ic_ivau = {.name = "ic_ivau",
                                .func = (void *)helper_ic_ivau,
                                .ret = IR_VOID,
                                .nargs = 1,
                                .args = {IR_I64},
                                .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                         IR_CALL_NO_EXIT};

/* May leave the block: globals must be in env (flags 0). */
IrHelper helper_info_isb = {.name = "isb",
                            .func = (void *)helper_isb,
                            .ret = IR_VOID,
                            .nargs = 2,
                            .args = {IR_I64, IR_I64},
                            .flags = 0};

IrHelper helper_info_cntvct = {.name = "cntvct",
                               .func = (void *)helper_cntvct,
                               .ret = IR_I64,
                               .nargs = 0,
                               .args = {IR_VOID},
                               .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                        IR_CALL_NO_EXIT};

