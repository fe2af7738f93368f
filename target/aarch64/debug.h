/*
 * debug.h - debugger breakpoints and single-stepping in the A64 translator (debug.c).
 * A breakpoint is never written into guest memory: the translator ends a block before a
 * breakpoint pc, and the block starting at it raises EXCP_DEBUG before the instruction
 * runs.  Single-step mode makes every block one instruction long and, at entry, raise
 * EXCP_DEBUG if this CPU has already run its one step (env->debug_step_done: 0 before,
 * 1 after; other CPUs that run meanwhile have -1 and are not stopped).  Changing
 * either drops the translations they affect (tb_invalidate_range / tb_flush_all), so call
 * these from the CPU loop, never from inside a block.
 * Example: a64_debug_bp_insert(0x400560); ... cpu_exec() returns EXCP_DEBUG, pc 0x400560.
 */
#ifndef VEMU_TARGET_AARCH64_DEBUG_H
#define VEMU_TARGET_AARCH64_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

struct DisasContext;

/* Nonzero while any breakpoint exists or single-step mode is on (a cheap test). */
extern volatile int a64_debug_active;

/* false: no room (insert), or no such breakpoint (remove). */
bool a64_debug_bp_insert(uint64_t pc);
bool a64_debug_bp_remove(uint64_t pc);
/* Is there a breakpoint at pc (still, for a hit reported late)? */
bool a64_debug_bp_at(uint64_t pc);
/* Remove every breakpoint and leave single-step mode (a debugger detached). */
void a64_debug_reset(void);
/* Enter/leave single-step mode (flushes the translations when it changes). */
void a64_debug_set_singlestep(bool on);

/* translate.c, before translating instruction n of a block (s->pc set): emits what the
 * debugger needs; true when the block must end here (the caller breaks out). */
bool a64_debug_translate_insn(struct DisasContext *s, int n, int *max_insns);

#endif
