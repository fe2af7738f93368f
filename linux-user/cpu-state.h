/*
 * cpu-state.h - allocating a guest thread's CPUArchState.
 *
 * The state and its jump cache (256 KiB, tcg/tb.c) are mapped, not malloc'd and cleared,
 * so pages a short-lived process never uses are never faulted in; a copy for a new thread
 * gets its own empty cache.
 * Example:
 *     CPUArchState *env = cpu_state_new(NULL);       // all zero
 *     CPUArchState *child = cpu_state_new(env);      // registers copied, empty cache
 *     cpu_state_free(child);
 */
#ifndef VEMU_LINUX_USER_CPU_STATE_H
#define VEMU_LINUX_USER_CPU_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"

/* A zeroed state, or a copy of from's registers and settings; NULL when out of memory. */
CPUArchState *cpu_state_new(const CPUArchState *from);
void cpu_state_free(CPUArchState *env);
/* The state a clone's child starts with (a thread, a vfork child, a CLONE_VM process):
 * from's registers with x0 = 0, sp = newsp if nonzero, TPIDR_EL0 = tls if set_tls, no
 * exclusive monitor, nothing requested or running, no task yet. */
CPUArchState *cpu_state_new_child(const CPUArchState *from, uint64_t newsp, bool set_tls,
                                  uint64_t tls);

#endif
