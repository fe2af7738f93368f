/*
 * native.h - the x86-64 native backend: optimized IR in, host machine code out.
 *
 * native_compile() emits a block's code into the shared code buffer and fills
 * tb->host_code; native_exec() enters it (through a prologue that pins env in rbp and the
 * per-thread spill frame in r12) and returns the last block that ran with its exit slot,
 * exactly like tci_exec().  Blocks chain by patching a jmp rel32 (native_link).  A block
 * the backend cannot compile is left to the interpreter (tb->host_code == NULL).
 * Example:
 *     if (native_compile(ir, tb)) { last = native_exec(env, tb, &slot); }
 */
#ifndef VEMU_TCG_NATIVE_H
#define VEMU_TCG_NATIVE_H

#include <stdbool.h>

#include "tcg/ir.h"
#include "tcg/tb.h"

/* Is the native backend usable on this host? (x86-64 with SSE2; always true there.) */
bool native_available(void);
/* Use at most mib MiB of the code region (see tb_set_code_buffer_mib). */
void native_set_code_limit(unsigned mib);

/* Compile ir into tb (host_code, jump patch sites).  false: the block is not compiled
 * (an op the backend lacks, too many temps); the caller interprets it instead.  Sets
 * *buffer_full when the code buffer has no room: the caller flushes and retries. */
bool native_compile(const IrContext *ir, TranslationBlock *tb, bool *buffer_full);

/* Run tb (and its chained successors) until an exit; see tci_exec() for the contract. */
TranslationBlock *native_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot);

/* Patch from's exit slot to jump straight into to (both native).  False when it cannot
 * (to is not native, or too far away): the exit then stays unlinked. */
bool native_link(TranslationBlock *from, unsigned slot, TranslationBlock *to);
/* Undo native_link: from's exit slot leaves the block again. */
void native_unlink(TranslationBlock *from, unsigned slot);

/* All blocks were dropped: reuse the code buffer (only when no thread can be running
 * translated code), or start a fresh region when other threads may still run old code. */
void native_reset_code_buffer(bool others_may_run);

/* A host fault at host_pc (registers by x86 number) while env ran translated code.
 * NATIVE_FAULT_SITE: host_pc is a guest access in a block: env->insn_pc and the guest
 * registers that lived in host registers are restored, env is exact.
 * NATIVE_FAULT_OUTSIDE: host_pc is not in generated code (a helper faulted; env->insn_pc
 * was set before the call).  NATIVE_FAULT_BUG: generated code faulted elsewhere. */
typedef enum NativeFaultKind {
    NATIVE_FAULT_SITE,
    NATIVE_FAULT_OUTSIDE,
    NATIVE_FAULT_BUG
} NativeFaultKind;
NativeFaultKind native_fault_restore(CPUArchState *env, uintptr_t host_pc,
                                     const uint64_t host_regs[16]);

/* Around fork: hold the code-buffer lock so the child never inherits it taken. */
void native_fork_prepare(void);
void native_fork_done(void);

/* Free the calling thread's spill frame. */
void native_thread_cleanup(void);

/* Bytes of code emitted so far (statistics). */
size_t native_code_size(void);

#endif
