/*
 * guest-mem.h - how guest virtual addresses map to host addresses in user mode.
 *
 * vemu maps the guest address space 1:1 into its own (guest_base = 0), so a guest
 * pointer is a host pointer: g2h(0x400000) == (void *)0x400000.  The guest can therefore
 * reach vemu's own memory; docs/design/memory.md explains the trade-off.
 * Guest addresses must stay below GUEST_ADDR_MAX (the x86-64 user half).
 */
#ifndef VEMU_GUEST_MEM_H
#define VEMU_GUEST_MEM_H

#include <stdint.h>

#define GUEST_PAGE_SIZE 4096ull
#define GUEST_ADDR_MAX 0x00007fffffffffffull

static inline void *g2h(uint64_t addr)
{
    return (void *)(uintptr_t)addr;
}

static inline uint64_t h2g(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

#endif
