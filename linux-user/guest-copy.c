/*
 * guest-copy.c - fault-safe copies between vemu and guest memory.
 *
 * guest_base is 0, so a guest pointer is a host pointer, but the guest may pass any
 * address to a syscall.  Each copy arms a thread-local recovery point; if the access
 * faults, the host SIGSEGV handler (signal.c) siglongjmps back and the copy returns
 * -EFAULT instead of crashing vemu.
 * Example: struct timespec ts; if (copy_from_guest(&ts, a[0], sizeof ts)) return -EFAULT;
 */
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

_Thread_local sigjmp_buf *guest_copy_recover;

static bool range_ok(uint64_t addr, size_t len)
{
    return addr + len >= addr && addr + len <= GUEST_ADDR_MAX + 1;
}

int copy_from_guest(void *dst, uint64_t src, size_t len)
{
    sigjmp_buf jb;
    if (len == 0) {
        return 0;
    }
    if (!range_ok(src, len)) {
        return -EFAULT;
    }
    /* The fault handler runs with SA_NODEFER, so the mask needs no restoring. */
    if (sigsetjmp(jb, 0)) {
        guest_copy_recover = NULL;
        return -EFAULT;
    }
    guest_copy_recover = &jb;
    memcpy(dst, g2h(src), len);
    guest_copy_recover = NULL;
    return 0;
}

int copy_to_guest(uint64_t dst, const void *src, size_t len)
{
    sigjmp_buf jb;
    if (len == 0) {
        return 0;
    }
    if (!range_ok(dst, len)) {
        return -EFAULT;
    }
    if (sigsetjmp(jb, 0)) {
        guest_copy_recover = NULL;
        return -EFAULT;
    }
    guest_copy_recover = &jb;
    memcpy(g2h(dst), src, len);
    guest_copy_recover = NULL;
    return 0;
}

int copy_struct_from_guest(void *dst, size_t ksize, uint64_t src, uint64_t usize)
{
    size_t n = usize < ksize ? (size_t)usize : ksize;
    memset(dst, 0, ksize);
    if (copy_from_guest(dst, src, n) != 0) {
        return -EFAULT;
    }
    /* A newer guest's larger struct: what vemu does not know must be zero. */
    for (uint64_t off = ksize; off < usize; off++) {
        unsigned char c;
        if (copy_from_guest(&c, src + off, 1) != 0) {
            return -EFAULT;
        }
        if (c != 0) {
            return -E2BIG;
        }
    }
    return 0;
}

/* strlen of a guest string, or -1 if it faults first. */
static long guest_strlen(uint64_t src)
{
    sigjmp_buf jb;
    volatile long n = -1;
    if (src == 0 || src > GUEST_ADDR_MAX) {
        return -1;
    }
    if (sigsetjmp(jb, 0)) {
        guest_copy_recover = NULL;
        return -1;
    }
    guest_copy_recover = &jb;
    n = (long)strlen((const char *)g2h(src));
    guest_copy_recover = NULL;
    return n;
}

char *strdup_from_guest(uint64_t src)
{
    long n = guest_strlen(src);
    char *s;
    if (n < 0) {
        return NULL;
    }
    s = malloc((size_t)n + 1);
    if (!s) {
        return NULL;
    }
    if (copy_from_guest(s, src, (size_t)n + 1) != 0) {
        free(s);
        return NULL;
    }
    s[n] = '\0';
    return s;
}
