/*
 * mte.h - FEAT_MTE2 as the front end and its helpers see it: the allocation-tag store
 * (one 4-bit tag per 16-byte granule of Tagged memory), the per-thread tag-check control,
 * and the hook that puts a tag check before every guest access once checks are live.
 *
 * The tag store is "memory" and so belongs to the execution environment, like
 * guest_fetch_code(): linux-user/mte-tags.c implements it for user mode (PROT_MTE pages);
 * a system emulator would back it with tag RAM.  Untagged memory (no PROT_MTE) has no
 * tags: LDG reads 0 there and tag stores are ignored (Arm ARM, "Allocation Tag accesses
 * to memory that is not Tagged").  docs/design/mte.md has the whole design.
 * Example: mte_tags_map(p, 4096); mte_tag_set(p + 32, 5); mte_tag_get(p + 40) -> 5,
 *          mte_tag_get(p + 48) -> 0; after mte_tags_unmap(p, 4096): -1.
 */
#ifndef VEMU_TARGET_AARCH64_MTE_H
#define VEMU_TARGET_AARCH64_MTE_H

#include <stdbool.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"
#include "tcg/ir.h"

#define MTE_GRANULE 16u
#define MTE_TAG_SHIFT 56 /* the logical tag: address bits 59:56 */

/* The logical tag of a pointer (bits 59:56). */
static inline unsigned mte_logical_tag(uint64_t addr)
{
    return (unsigned)(addr >> MTE_TAG_SHIFT) & 15;
}
#define PSTATE_TCO (1ull << 25)

/* env->mte_ctrl: the PR_SET_TAGGED_ADDR_CTRL value as the thread last set it (Linux
 * <linux/prctl.h>), reported back by PR_GET_TAGGED_ADDR_CTRL. */
#define MTE_CTRL_TAGGED_ADDR 1u      /* PR_TAGGED_ADDR_ENABLE */
#define MTE_CTRL_TCF_SYNC (1u << 1)  /* PR_MTE_TCF_SYNC */
#define MTE_CTRL_TCF_ASYNC (1u << 2) /* PR_MTE_TCF_ASYNC */
#define MTE_CTRL_INCL_SHIFT 3        /* PR_MTE_TAG_SHIFT: include mask of IRG/ADDG/SUBG */
#define MTE_CTRL_INCL_MASK (0xffffu << 3)
#define MTE_CTRL_STORE_ONLY (1u << 19) /* PR_MTE_STORE_ONLY (Linux 6.x, FEAT_MTE_STORE_ONLY) */

/* ---- the tag store (linux-user/mte-tags.c) ---- */

/* The allocation tag of the granule holding addr (top byte ignored): 0..15, or -1 if
 * the page is not Tagged.  Lock-free; safe from any thread. */
int mte_tag_get(uint64_t addr);
/* Set it; false (nothing stored) if the page is not Tagged. */
bool mte_tag_set(uint64_t addr, unsigned tag);
/* True once any page has been Tagged in this process (cheap test, never goes back). */
bool mte_tags_in_use(void);
/* [start, start+len) becomes Tagged with every tag 0 (pages already Tagged keep their
 * tags when keep is true: mprotect adding PROT_MTE again). */
void mte_tags_map(uint64_t start, uint64_t len, bool keep);
/* [start, start+len) is no longer Tagged (munmap, a new mapping over it). */
void mte_tags_unmap(uint64_t start, uint64_t len);
/* mremap: the tags of [old, old+old_len) move to new (new_len long; a grown part of a
 * Tagged mapping is Tagged with tags 0). */
void mte_tags_move(uint64_t old_addr, uint64_t old_len, uint64_t new_addr, uint64_t new_len);

/* ---- tag checks (translate-mte.c, helper-mte.c) ---- */

/* Start translating tag checks into every guest access from now on (flushing what was
 * translated without them).  Called by linux-user when a thread turns checking on while
 * Tagged pages exist, or the first Tagged page appears while a thread checks. */
void mte_checks_enable(void);
bool mte_checks_enabled(void);
/* Emit the check of an access of 1 << (mop & MO_SIZE) bytes at addr (nothing until checks
 * are enabled); the atomics call it before their helpers, STP/STGP-like pairs for their
 * whole span (size 5: two Q registers) before the first store, ir_qld/ir_qst through the
 * hook. */
void mte_gen_access_check(IrContext *ir, IrTemp addr, MemOp mop, bool store);
/* A pending asynchronous tag-check fault of this thread (SEGV_MTEAERR): taken and cleared
 * by linux-user at the next syscall or signal delivery. */
bool mte_take_async_fault(CPUArchState *env);

#endif
