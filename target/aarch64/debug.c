/*
 * debug.c - breakpoints and single-step mode for a debugger (see debug.h).  The
 * breakpoint set is small (what a person sets in gdb) and only read while translating,
 * so it is a plain array under a mutex.  Single step: the first block a CPU enters after
 * the debugger resumed it runs (setting debug_step_done); the next block entry, whatever
 * the path (a chained jump, an indirect branch, after a syscall), raises EXCP_DEBUG with
 * pc at that block, i.e. after exactly one instruction.
 * Example: stepi over "add x0, x0, #1" at 0x1000: the block at 0x1000 runs, the block at
 * 0x1004 raises EXCP_DEBUG; gdb sees pc = 0x1004.
 */
#include "target/aarch64/debug.h"

#include <glib.h>

#include "target/aarch64/translate.h"
#include "tcg/tb.h"

#define MAX_BREAKPOINTS 256

volatile int a64_debug_active;
static GMutex bp_lock;
static uint64_t bp_pc[MAX_BREAKPOINTS];
static int bp_count;
static bool singlestep;

static void update_active(void)
{
    a64_debug_active = bp_count > 0 || singlestep;
}

bool a64_debug_bp_at(uint64_t pc)
{
    bool hit = false;
    g_mutex_lock(&bp_lock);
    for (int i = 0; i < bp_count && !hit; i++) {
        hit = bp_pc[i] == pc;
    }
    g_mutex_unlock(&bp_lock);
    return hit;
}

bool a64_debug_bp_insert(uint64_t pc)
{
    g_mutex_lock(&bp_lock);
    bool ok = bp_count < MAX_BREAKPOINTS;
    if (ok) {
        /* Duplicates are kept: each insert is matched by one remove. */
        bp_pc[bp_count++] = pc;
    }
    update_active();
    g_mutex_unlock(&bp_lock);
    if (ok) {
        tb_invalidate_range(pc, 4);
    }
    return ok;
}

bool a64_debug_bp_remove(uint64_t pc)
{
    bool found = false;
    g_mutex_lock(&bp_lock);
    for (int i = 0; i < bp_count; i++) {
        if (bp_pc[i] == pc) {
            bp_pc[i] = bp_pc[--bp_count];
            found = true;
            break;
        }
    }
    update_active();
    g_mutex_unlock(&bp_lock);
    if (found) {
        tb_invalidate_range(pc, 4);
    }
    return found;
}

void a64_debug_set_singlestep(bool on)
{
    g_mutex_lock(&bp_lock);
    bool changed = singlestep != on;
    singlestep = on;
    update_active();
    g_mutex_unlock(&bp_lock);
    if (changed) {
        tb_flush_all();
    }
}

void a64_debug_reset(void)
{
    g_mutex_lock(&bp_lock);
    bool had = bp_count > 0 || singlestep;
    bp_count = 0;
    singlestep = false;
    update_active();
    g_mutex_unlock(&bp_lock);
    if (had) {
        tb_flush_all();
    }
}

static void helper_debug_step(CPUArchState *env)
{
    if (env->debug_step_done > 0) {
        cpu_loop_exit(env, EXCP_DEBUG);
    }
    if (env->debug_step_done == 0) {
        env->debug_step_done = 1; /* < 0: another thread steps, this one just runs */
    }
}

static IrHelper h_debug_step = {.name = "debug_step",
                                .func = (void *)helper_debug_step,
                                .ret = IR_VOID,
                                .nargs = 1,
                                .args = {IR_I64},
                                .flags = IR_CALL_NO_WRITE_GLOBALS};

bool a64_debug_translate_insn(DisasContext *s, int n, int *max_insns)
{
    if (a64_debug_bp_at(s->pc)) {
        if (n == 0) {
            gen_exception(s, EXCP_DEBUG, s->pc, 0);
        } else {
            gen_goto(s, 0, s->pc);
            s->is_jmp = DISAS_NORETURN;
        }
        return true;
    }
    if (singlestep && n == 0) {
        *max_insns = 1;
        ir_movi(s->ir, cpu_pc, s->pc);
        ir_call1(s->ir, &h_debug_step, 0, IR_ENV);
    }
    return false;
}
