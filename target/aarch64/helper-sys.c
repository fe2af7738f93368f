/*
 * helper-sys.c - out-of-line helpers for A64 system instructions: the virtual counter
 * (CNTVCT_EL0 and friends) and the host memory barrier behind DMB/DSB.
 *
 * CNTVCT_EL0 counts CLOCK_MONOTONIC at A64_CNTFRQ_HZ (the value CNTFRQ_EL0 reports), so
 * guest code that divides the counter by the frequency sees real elapsed time.
 * IC IVAU drops the translations of its line at once (targeted, tcg/tb.c); ISB ends the
 * block (translate-sys.c), which is where the architecture requires modified code to
 * become visible to the executing thread.
 * FPSR is read and written here, not inline: inline FP arithmetic may have left exception
 * flags pending in the host FPU (cpu.h, a64_fpsr_sync), which belong to it.
 * Example: 1.5 s after boot, helper_cntvct() == 150000000 (at 100 MHz).
 */
#include "target/aarch64/helper-a64.h"

#include <time.h>

#include "tcg/tb.h"

uint64_t helper_cntvct(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * A64_CNTFRQ_HZ +
           (uint64_t)ts.tv_nsec / (1000000000ull / A64_CNTFRQ_HZ);
}

/* IC IVAU: drop the translations of the line now, so that once the instruction (and the
 * DSB after it) has completed, every thread that synchronises its context (ISB, which
 * ends the block) translates the new code.  The block running this helper may be among
 * those dropped: it stays intact until its end (tb.c keeps dropped blocks until a flush). */
void helper_ic_ivau(uint64_t addr)
{
    tb_invalidate_range(addr & ~(uint64_t)(A64_ICACHE_LINE - 1), A64_ICACHE_LINE);
}

IrHelper helper_info_ic_ivau = {.name = "ic_ivau",
                                .func = (void *)helper_ic_ivau,
                                .ret = IR_VOID,
                                .nargs = 1,
                                .args = {IR_I64},
                                .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                         IR_CALL_NO_EXIT};

IrHelper helper_info_cntvct = {.name = "cntvct",
                               .func = (void *)helper_cntvct,
                               .ret = IR_I64,
                               .nargs = 0,
                               .args = {IR_VOID},
                               .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                        IR_CALL_NO_EXIT};

/* MRS FPSR: with the flags inline arithmetic left pending. */
uint64_t helper_fpsr_read(CPUArchState *env)
{
    a64_fpsr_sync(env);
    return env->fpsr;
}

/* MSR FPSR: pending flags are overwritten too. */
void helper_fpsr_write(CPUArchState *env, uint64_t v)
{
    (void)host_fp_flags_take();
    env->fpsr = (uint32_t)v;
}

IrHelper helper_info_fpsr_read = {.name = "fpsr_read",
                                  .func = (void *)helper_fpsr_read,
                                  .ret = IR_I64,
                                  .nargs = 1,
                                  .args = {IR_I64},
                                  .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                           IR_CALL_NO_EXIT};

IrHelper helper_info_fpsr_write = {.name = "fpsr_write",
                                   .func = (void *)helper_fpsr_write,
                                   .ret = IR_VOID,
                                   .nargs = 2,
                                   .args = {IR_I64, IR_I64},
                                   .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                            IR_CALL_NO_EXIT};
