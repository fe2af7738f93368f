/*
 * cpu-state.h - allocating a guest thread's CPUArchState.
 *
 * The state ends with the block cache's jump cache (hundreds of KiB); it is mapped, not
 * malloc'd and cleared, so that pages a short-lived process never uses are never faulted
 * in, and a copy for a new thread leaves the cache out (it starts empty).
 * Example:
 *     CPUArchState *env = cpu_state_new(NULL);       // all zero
 *     CPUArchState *child = cpu_state_new(env);      // registers copied, empty cache
 *     cpu_state_free(child);
 */
#ifndef VEMU_LINUX_USER_CPU_STATE_H
#define VEMU_LINUX_USER_CPU_STATE_H

#include "target/aarch64/cpu.h"

/* A zeroed state, or a copy of from's registers and settings; NULL when out of memory. */
CPUArchState *cpu_state_new(const CPUArchState *from);
void cpu_state_free(CPUArchState *env);

#endif
