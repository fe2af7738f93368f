/*
 * syscall-clone3.c - clone3(struct clone_args *, size): the extensible clone that glibc
 * 2.34+ tries first for pthread_create, posix_spawn and fork-like calls (falling back on
 * clone only after ENOSYS).  The arguments are checked as kernel/fork.c checks them
 * (size at least CLONE_ARGS_SIZE_VER0 = 64, unknown trailing bytes zero, no CSIGNAL bits in
 * flags, exit_signal a valid signal, stack and stack_size both or neither) and the call is
 * then the legacy clone's: the child's sp is stack + stack_size, exit_signal goes into the
 * CSIGNAL bits, pidfd is where CLONE_PIDFD stores the pidfd.
 * Example: glibc pthread_create -> clone3({CLONE_VM|CLONE_THREAD|..., stack, size, tls,
 *          parent_tid = child_tid = &pd->tid}, 88) -> a new guest thread, its tid.
 */
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>

#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_MAX 4096 /* a page, the kernel's limit */

/* struct clone_args (include/uapi/linux/sched.h); the same on arm64 and x86-64. */
typedef struct TargetCloneArgs {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
} TargetCloneArgs;

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ull
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#endif

int64_t sys_clone3(CPUArchState *env, uint64_t a[6])
{
    TargetCloneArgs ca;
    uint64_t size = a[1];
    if (size < CLONE_ARGS_SIZE_VER0 || size > CLONE_ARGS_SIZE_MAX) {
        return size > CLONE_ARGS_SIZE_MAX ? -E2BIG : -EINVAL;
    }
    int err = copy_struct_from_guest(&ca, sizeof ca, a[0], size);
    if (err != 0) {
        return err;
    }
    if ((ca.flags & CSIGNAL) || ca.exit_signal > 64 || (ca.exit_signal & ~CSIGNAL)) {
        return -EINVAL;
    }
    if ((ca.stack == 0) != (ca.stack_size == 0) || ca.set_tid_size > 32 ||
        (ca.set_tid == 0) != (ca.set_tid_size == 0)) {
        return -EINVAL;
    }
    if ((ca.flags & (CLONE_THREAD | CLONE_PARENT)) && ca.exit_signal != 0) {
        return -EINVAL;
    }
    if (ca.set_tid_size != 0 || (ca.flags & (CLONE_INTO_CGROUP | CLONE_CLEAR_SIGHAND))) {
        /* Choosing pids needs CAP_SYS_ADMIN in the pid namespace, cgroups and sighand
         * clearing are not emulated: refused rather than silently ignored. */
        return ca.set_tid_size != 0 ? -EPERM : -EINVAL;
    }
    if ((ca.flags & CLONE_PIDFD) && (ca.flags & CLONE_PARENT_SETTID) && ca.pidfd != ca.parent_tid) {
        /* The legacy clone has one slot for both; vemu uses it for the pidfd. */
        return -EINVAL;
    }
    uint64_t c[6] = {
        (ca.flags & 0xffffffffull) | ca.exit_signal,
        ca.stack ? ca.stack + ca.stack_size : 0,
        (ca.flags & CLONE_PIDFD) ? ca.pidfd : ca.parent_tid,
        ca.tls,
        ca.child_tid,
        0,
    };
    return sys_clone(env, c);
}
