/*
 * host-fp.h - the host FPU's sticky exception flags as generated code leaves them.
 *
 * Inline floating-point arithmetic in native code (IR_FOP) does not update the guest's
 * cumulative exception flags itself: the host's SSE unit accumulates them in MXCSR, and
 * the target moves them into its own status register at the points where anything can
 * look at it (target/aarch64: a64_fpsr_sync).  These functions read and clear them in the
 * <fenv.h> FE_* layout (MXCSR's own: invalid 0x01, divide-by-zero 0x04, overflow 0x08,
 * underflow 0x10, inexact 0x20).  The denormal-operand flag (0x02) has no IEEE meaning
 * and is left out.
 * Example: unsigned fe = host_fp_flags_take();  // FE_INEXACT after 1.0 / 3.0
 */
#ifndef VEMU_TCG_HOST_FP_H
#define VEMU_TCG_HOST_FP_H

#include <stdint.h>

#define HOST_FP_FLAGS_MASK 0x3du

#if defined(__x86_64__)
static inline uint32_t host_mxcsr(void)
{
    uint32_t csr;
    __asm__ volatile("stmxcsr %0" : "=m"(csr));
    return csr;
}

/* The pending flags, cleared. */
static inline unsigned host_fp_flags_take(void)
{
    uint32_t csr = host_mxcsr();
    if (csr & 0x3fu) {
        uint32_t clean = csr & ~0x3fu;
        __asm__ volatile("ldmxcsr %0" : : "m"(clean));
    }
    return csr & HOST_FP_FLAGS_MASK;
}

/* The flags of an interrupted context's saved MXCSR (a signal frame's). */
static inline unsigned host_fp_flags_of(uint32_t saved_mxcsr)
{
    return saved_mxcsr & HOST_FP_FLAGS_MASK;
}
#else
static inline unsigned host_fp_flags_take(void)
{
    return 0;
}
#endif

#endif
