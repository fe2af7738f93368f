/*
 * host-prefault.h - fault in host memory ahead of use with one madvise.
 *
 * On a virtual machine a page fault is expensive (about 10 us a page on the bench machine,
 * a Firecracker guest); MADV_POPULATE_WRITE faults a range in for about 6 us a page, and a
 * short process's translated code and block records are a few hundred KiB.  Kernels
 * before 5.14 refuse the advice: the pages then fault in as they are first written.
 * Example: host_prefault(chunk, 64 << 10);
 */
#ifndef VEMU_TCG_HOST_PREFAULT_H
#define VEMU_TCG_HOST_PREFAULT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Fault in, writable, the whole pages inside [start, start + len). */
static inline void host_prefault(void *start, size_t len)
{
    uintptr_t lo = ((uintptr_t)start + 4095) & ~(uintptr_t)4095;
    uintptr_t hi = ((uintptr_t)start + len) & ~(uintptr_t)4095;
    if (hi > lo) {
        madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
    }
}

#endif
