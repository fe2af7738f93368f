/*
 * guest-mem.h - the translator's view of guest memory: how a guest virtual address maps
 * to a host address, and how guest instructions are fetched.  tcg/ and target/ use only
 * this; the execution environment (linux-user today, a system emulator later with a TLB)
 * provides it.
 *
 * In user mode vemu maps the guest address space 1:1 into its own (guest_base = 0), so a
 * guest pointer is a host pointer: g2h(0x400000) == (void *)0x400000.  The guest can
 * therefore reach vemu's own memory; docs/design/memory.md explains the trade-off.
 * Guest addresses must stay below GUEST_ADDR_MAX (the x86-64 user half).  Generated code
 * uses guest addresses as they are, unless a block was translated with
 * IrContext.ignore_top_byte (tb.c does so for a page after a tagged access faulted there).
 */
#ifndef VEMU_TCG_GUEST_MEM_H
#define VEMU_TCG_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_PAGE_SIZE 4096ull
#define GUEST_ADDR_MAX 0x00007fffffffffffull
/* Top-byte-ignore: Linux runs arm64 user space with TBI0 set, so data accesses ignore
 * bits 63:56 of the address (tagged pointers: HWASan, MTE, some allocators and JITs). */
#define GUEST_ADDR_TBI_MASK 0x00ffffffffffffffull

/* The host address of a guest data address (its top byte ignored). */
static inline void *g2h(uint64_t addr)
{
    return (void *)(uintptr_t)(addr & GUEST_ADDR_TBI_MASK);
}

static inline uint64_t h2g(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/* Copy len bytes of guest code at pc into dst: 0, -EACCES if a page is not executable
 * for the guest, -EFAULT if unmapped (the translator then raises the fetch abort).  Provided by the
 * execution environment (linux-user/guest-prot.c). */
int guest_fetch_code(void *dst, uint64_t pc, size_t len);

/* Whether the executable page holding pc is guarded (FEAT_BTI: PROT_BTI in user mode, the
 * GP bit of the stage 1 descriptor in a system emulator). */
bool guest_code_guarded(uint64_t pc);

#endif
