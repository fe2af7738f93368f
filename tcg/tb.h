/*
 * tb.h - translation blocks (TBs): translated guest code, cached by guest pc and CPU flags,
 * with direct links between blocks ("chaining").
 *
 * The CPU loop calls tb_find(env, pc): a per-thread jump cache, then the shared hash table,
 * then translation.  Example:
 *     TranslationBlock *tb = tb_find(env, env->pc);
 *     tb = tci_exec(env, tb, &slot);   // runs until an exit; returns the last block run
 */
#ifndef VEMU_TCG_TB_H
#define VEMU_TCG_TB_H

#include <stdint.h>

#include "target/aarch64/cpu.h"

struct TciOp;

typedef struct TranslationBlock {
    uint64_t pc;
    uint32_t flags;
    uint32_t size;   /* guest bytes covered */
    uint32_t icount; /* guest instructions */
    struct TciOp *ops;
    uint32_t nb_ops;
    uint64_t *consts;
    uint32_t frame_size; /* bytes of local temps */
    struct TranslationBlock *jmp_dest[2];
    struct TranslationBlock *hash_next;
} TranslationBlock;

/* Find (or translate) the block at pc. Never returns NULL. */
TranslationBlock *tb_find(CPUArchState *env, uint64_t pc);
/* Find an already translated block; NULL if none. */
TranslationBlock *tb_lookup(CPUArchState *env, uint64_t pc);
/* Chain: make from's exit slot jump straight to to. */
void tb_link(TranslationBlock *from, unsigned slot, TranslationBlock *to);
/* Drop every translation whose guest code intersects [start, start+len) (munmap, mprotect,
 * IC IVAU).  Currently flushes the whole cache if anything intersects. */
void tb_invalidate_range(uint64_t start, uint64_t len);
void tb_flush_all(void);

/* Maximum guest instructions per block. */
#define TB_MAX_INSNS 512

#endif
