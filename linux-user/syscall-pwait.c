/*
 * syscall-pwait.c - ppoll and pselect6, the waits that take a signal mask for their
 * duration (epoll_pwait/epoll_pwait2 in syscall-file.c share the mechanism).  The mask
 * must become the guest's too, not only the host thread's: a signal it unblocks is then
 * delivered to the guest handler under that mask, with the old mask in the frame, as the
 * kernel does (signal.c: signal_pwait_begin/end).  Without a mask they are plain host
 * calls.  The other arguments (pollfd, fd_set, timespec) have the same layout on both.
 * Example: block SIGCHLD; ppoll(fds, 1, NULL, &empty_mask) -> -1 EINTR once a child exits,
 *          after the SIGCHLD handler ran.
 */
#include <errno.h>
#include <sys/syscall.h>

#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

int64_t sys_ppoll(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    uint64_t hset;
    int64_t r;
    if (a[3] == 0) {
        return safe_syscall(SYS_ppoll, a[0], a[1], a[2], 0, a[4], 0);
    }
    r = signal_pwait_begin(a[3], a[4], &hset);
    if (r == 0) {
        r = safe_syscall(SYS_ppoll, a[0], a[1], a[2], (uint64_t)(uintptr_t)&hset, 8, 0);
    }
    signal_pwait_end(r);
    return r;
}

int64_t sys_pselect6(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct {
        uint64_t ss, ss_len;
    } gsig, hsig;
    uint64_t hset;
    int64_t r;
    if (a[5] == 0) {
        return safe_syscall(SYS_pselect6, a[0], a[1], a[2], a[3], a[4], 0);
    }
    if (copy_from_guest(&gsig, a[5], sizeof gsig) != 0) {
        return -EFAULT;
    }
    if (gsig.ss == 0) {
        return safe_syscall(SYS_pselect6, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    r = signal_pwait_begin(gsig.ss, gsig.ss_len, &hset);
    if (r == 0) {
        hsig.ss = (uint64_t)(uintptr_t)&hset;
        hsig.ss_len = 8;
        r = safe_syscall(SYS_pselect6, a[0], a[1], a[2], a[3], a[4], (uint64_t)(uintptr_t)&hsig);
    }
    signal_pwait_end(r);
    return r;
}
