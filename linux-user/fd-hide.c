/*
 * fd-hide.c - keep vemu's own descriptors out of the guest's sight.
 *
 * vemu holds its executable open (syscall-exec.c, at 900 or above) to re-run itself inside
 * a chroot; an arm64 kernel has no such descriptor, and programs that probe every number
 * below RLIMIT_NOFILE (CPython's subprocess tests, closefrom-style loops) must not see it.
 * Before dispatch, any argument whose strace format in syscall/aarch64.tbl is "fd" or
 * "dirfd" and names a hidden descriptor makes the call fail with EBADF, as for a closed
 * one.  Exceptions that keep the kernel's semantics: dup3/dup2 onto it (the guest's
 * descriptor takes the number, vemu lets go of its own), close_range (never EBADF).
 * Example: guest fstat(900, &st) -> -EBADF while vemu's executable is open at 900.
 */
#include <stdbool.h>
#include <string.h>

#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

#define NR_DUP3 24
#define NR_CLOSE_RANGE 436

/* Is argument i of e's format an "fd" or "dirfd"? */
static bool arg_is_fd(const char *fmt, int i)
{
    const char *p = fmt;
    for (int k = 0; k < i; k++) {
        p = strchr(p, ',');
        if (!p) {
            return false;
        }
        p++;
    }
    size_t n = strcspn(p, ",");
    return (n == 2 && strncmp(p, "fd", 2) == 0) || (n == 5 && strncmp(p, "dirfd", 5) == 0);
}

bool fd_hidden_from_guest(const SyscallEntry *e, uint64_t nr, const uint64_t a[6])
{
    int hidden = exec_self_fd();
    if (hidden < 0 || !e || !e->fmt || nr == NR_CLOSE_RANGE) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        if ((int32_t)a[i] != hidden || !arg_is_fd(e->fmt, i)) {
            continue;
        }
        if (nr == NR_DUP3 && i == 1) {
            exec_self_fd_release(); /* the guest's descriptor replaces vemu's */
            return false;
        }
        return true;
    }
    return false;
}
