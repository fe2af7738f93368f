/*
 * tci.h - the portable backend: an interpreter of optimized IR.
 *
 * tci_compile() turns an IrContext into a compact array of TciOps stored in a TB, with each
 * temp operand resolved to (base, offset) where base is env, the block's frame or its
 * constant pool; tci_exec() runs it.  Helper calls go through libffi.  Example:
 *     tci_compile(ir, tb);
 *     unsigned slot; TranslationBlock *last = tci_exec(env, tb, &slot);
 */
#ifndef VEMU_TCG_TCI_H
#define VEMU_TCG_TCI_H

#include "tcg/ir.h"
#include "tcg/tb.h"

typedef struct TciOp {
    uint16_t opc;
    uint8_t type;
    uint8_t nargs;
    uint16_t insn_idx; /* guest instruction index within the block (precise faults) */
    uint16_t pad;
    uint32_t a[IR_MAX_ARGS];
} TciOp;

/* Fill tb->ops/consts/frame_size from ir. */
void tci_compile(const IrContext *ir, TranslationBlock *tb);

/* Run tb and its chained successors. Returns the last block executed and its exit slot
 * (0/1 when the exit can be chained, IR_EXIT_NOCHAIN otherwise). env->pc is the next pc. */
TranslationBlock *tci_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot);

/* Free the calling thread's interpreter frame (when a guest thread ends). */
void tci_thread_cleanup(void);

#endif
