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

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"

struct TciOp;

typedef struct TranslationBlock {
    /* (fields ordered so none is padded: a short process keeps ~2000 of these, and on
     * a virtual machine every 4 KiB of them costs a page fault) */
    uint64_t pc;        /* guest address of the first instruction (never changes) */
    uint64_t lookup_pc; /* pc while the block is valid; pc ^ 4 once invalidated (tb.c) */
    uint32_t flags;
    uint32_t size;   /* guest bytes covered */
    uint32_t icount; /* guest instructions */
    uint32_t nb_ops;
    struct TciOp *ops;
    uint64_t *consts;
    uint32_t frame_size; /* bytes of local temps */
    uint32_t host_size;
    void *host_code;       /* native backend: entry of the block's host code, or NULL */
    uint8_t *jmp_field[2]; /* native: rel32 field of each goto_tb jump (patched to chain) */
    /* native: guest state at each guest access that can fault (x86_64/native.c) */
    struct NativeFaultInfo *fault_info;
    struct TranslationBlock *jmp_dest[2];
    struct TranslationBlock *hash_next;
    struct TranslationBlock *all_next; /* every block since the last flush, for freeing */
    /* Targeted invalidation (tb.c): the next block of each of the guest pages the block's
     * code lies on (one or two, tb_page()), and the exits linked to this block (tagged
     * from|slot, threaded through from->jmp_incoming_next[slot]). */
    struct TranslationBlock *page_next[2];
    uintptr_t jmp_incoming;
    uintptr_t jmp_incoming_next[2];
    /* Tiered translation (tb.c): a block first translated cheaply for the interpreter,
     * retranslated natively once it has run TB_TIER_UP_COUNT times (counted by tci). */
    uint32_t exec_count;
    uint8_t tier0;
    uint8_t nb_pages;
    uint8_t invalid; /* dropped by tb_invalidate_range: never found, linked or chained to */
} TranslationBlock;

/* Which backend translates new blocks: the IR interpreter or native x86-64 code. */
typedef enum TcgAccel { ACCEL_TCI, ACCEL_NATIVE } TcgAccel;
/* Select the backend (before the first block is translated).  Returns false if the
 * native backend was asked for and this host cannot run it. */
bool tb_set_accel(TcgAccel accel);
TcgAccel tb_get_accel(void);
/* Run tb (and whatever it chains to) on its backend; see tci_exec(). */
TranslationBlock *tb_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot);

/* The native backend's code buffer: at most mib MiB (1 to TB_CODE_BUFFER_MAX_MIB, the
 * default) of translated code; when it is full, every translation is dropped and the
 * buffer reused.  Set before the first block is translated (-tb-size). */
#define TB_CODE_BUFFER_MAX_MIB 256
void tb_set_code_buffer_mib(unsigned mib);

/* Guest instructions per block at most (-one-insn-per-tb sets 1). */
void tb_set_max_insns(int n);

/* Bumped by every flush: a block pointer taken before a flush must not be chained. */
uint64_t tb_current_generation(void);

/* Find (or translate) the block at pc. Never returns NULL. */
TranslationBlock *tb_find(CPUArchState *env, uint64_t pc);
/* Find an already translated block; NULL if none. */
TranslationBlock *tb_lookup(CPUArchState *env, uint64_t pc);
/* Give env its (empty) jump cache; every CPU state that runs code needs one.  False when
 * out of memory.  tb_jmp_cache_free releases it. */
bool tb_jmp_cache_init(CPUArchState *env);
void tb_jmp_cache_free(CPUArchState *env);
/* Chain: make from's exit slot jump straight to to. */
void tb_link(TranslationBlock *from, unsigned slot, TranslationBlock *to);
/* Drop every translation whose guest code intersects [start, start+len) (munmap, mprotect,
 * IC IVAU): only those blocks, found through per-page lists; jumps chained into them are
 * unpatched, so no thread enters them again.  A thread already inside one finishes it (as
 * a core that has not yet synchronised its instruction stream).  Never flushes, so it
 * may be called from a helper inside a block.  True if any block was dropped. */
bool tb_invalidate_range(uint64_t start, uint64_t len);
/* A guest access of the instruction at pc faulted on an address the host cannot use as
 * it is (a non-canonical x86 address: a tagged pointer, bits 63:56 set): translate pc's
 * page again with the top byte of guest addresses ignored (Linux's TBI0).  Returns false
 * if that page already was, i.e. the fault is genuine.  Never flushes. */
bool tb_ignore_top_byte_at(uint64_t pc);
/* Drop every block.  Must be called from syscall/helper context (never returns into a
 * block).  With several guest threads the blocks are retired, not freed (tb.c). */
void tb_flush_all(void);
/* Free the calling thread's translation state (IR context, interpreter frame); call when
 * a guest thread ends. */
void tb_thread_cleanup(void);
/* linux-user says whether more than one guest thread exists (retire instead of free). */
void tb_set_multithreaded(bool on);
/* Called after every flush (outside the cache lock): linux-user kicks the other threads
 * out of chained code so they look up fresh translations. */
void tb_set_flush_notify(void (*fn)(void));
/* Around a fork-like clone: hold the cache lock so the child never inherits it taken. */
void tb_fork_prepare(void);
void tb_fork_done(void);

/* Maximum guest instructions per block. */
#define TB_MAX_INSNS 512
/* Executions of a tier-0 (interpreted, unoptimized) block before it is translated to
 * native code; see tb.c. */
#define TB_TIER_UP_COUNT 16
/* Tiered translation on or off (native backend only; off by default: fewer host
 * instructions at start-up but slower in wall time so far, docs/design/native-backend.md). */
void tb_set_tiered(bool on);

#endif
