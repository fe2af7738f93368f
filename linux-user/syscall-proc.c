/*
 * syscall-proc.c - process-level syscalls: exit, exit_group, clone (fork and vfork here,
 * threads in thread.c, CLONE_VM processes in clone-vm.c and vfork.c), uname (machine "aarch64") and prctl.  execve and execveat are in
 * syscall-exec.c.
 * Example: guest uname() -> the host's utsname with machine "aarch64"
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"
#include "tcg/stats.h"

#define EM_AARCH64_NR 183

void syscall_flush_logs(void)
{
    tcg_stats_dump();
    fflush(stdout);
    fflush(stderr);
    if (vemu_log_file) {
        fflush(vemu_log_file);
    }
}

int64_t sys_exit(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    /* Ends this guest thread only; the last one ends the process (thread.c). */
    thread_exit((int)a[0]);
}

int64_t sys_exit_group(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    syscall_flush_logs();
    gdb_user_exit((int)a[0], 0);
    syscall(SYS_exit_group, (int)a[0]);
    _exit((int)a[0]);
}

/* arm64 clone(flags, newsp, parent_tid, tls, child_tid); x86-64 swaps tls and child_tid. */
int64_t sys_clone(CPUArchState *env, uint64_t a[6])
{
    uint64_t flags = a[0];
    uint64_t host_flags;
    long pid;

    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
        if (!(flags & CLONE_THREAD)) {
            /* A process sharing the memory (clone-vm.c). */
            return vm_process_clone(env, flags, a[1], a[2], a[3], a[4]);
        }
        return thread_clone(env, flags, a[1], a[2], a[3], a[4]);
    }
    if ((flags & CLONE_VM) && !(flags & (CLONE_THREAD | CLONE_SIGHAND))) {
        /* vfork / posix_spawn: a process sharing the memory (vfork.c). */
        return vfork_clone(env, flags, a[1], a[2], a[3], a[4]);
    }
    if (flags & (CLONE_THREAD | CLONE_SIGHAND)) {
        return -EINVAL;
    }
    syscall_flush_logs();
    /* Other guest threads may hold vemu's locks (or malloc's): take them all first. */
    thread_fork_prepare();
    if ((flags & ~(uint64_t)(CSIGNAL | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
                             CLONE_PARENT_SETTID)) == 0 &&
        (flags & CSIGNAL) == SIGCHLD) {
        /* A plain fork (glibc's fork()): the host fork() also resets malloc's and
         * stdio's locks in the child; the tid stores are done by hand. */
        pid = fork();
        if (pid > 0 && (flags & CLONE_PARENT_SETTID)) {
            int tid = (int)pid;
            copy_to_guest(a[2], &tid, sizeof tid);
        }
        if (pid == 0) {
            int tid = (int)syscall(SYS_gettid);
            if (flags & CLONE_CHILD_SETTID) {
                copy_to_guest(a[4], &tid, sizeof tid);
            }
            if (flags & CLONE_CHILD_CLEARTID) {
                syscall(SYS_set_tid_address, g2h(a[4]));
            }
        }
    } else {
        /* vfork runs as a fork whose parent still waits for the child's exec or exit
         * (CLONE_VFORK works without CLONE_VM).  vemu's own TLS (fs) must not change. */
        host_flags = flags & ~(uint64_t)(CLONE_VM | CLONE_SETTLS);
        pid = syscall(SYS_clone, host_flags, 0, g2h(a[2]), g2h(a[4]), 0);
    }
    if (pid == -1) {
        int err = errno;
        thread_fork_parent();
        return -err;
    }
    if (pid != 0) {
        thread_fork_parent();
    }
    if (pid == 0) {
        thread_fork_child();
        if (a[1] != 0) {
            env->xregs[A64_REG_SP] = a[1];
        }
        if (flags & CLONE_SETTLS) {
            env->tpidr_el0 = a[3];
        }
        return 0;
    }
    return pid;
}

int64_t sys_uname(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct utsname u;
    if (uname(&u) != 0) {
        return -errno;
    }
    snprintf(u.machine, sizeof u.machine, "aarch64");
    return copy_to_guest(a[0], &u, sizeof u);
}

int64_t sys_prctl(CPUArchState *env, uint64_t a[6])
{
    switch ((int)a[0]) {
    case 21: /* PR_GET_SECCOMP: as on a kernel without CONFIG_SECCOMP (docs/syscalls.md) */
    case 22: /* PR_SET_SECCOMP: a filter would see x86-64 syscall numbers */
    case 50: /* PR_SVE_SET_VL */
    case 51: /* PR_SVE_GET_VL */
    case 63: /* PR_SME_SET_VL */
    case 64: /* PR_SME_GET_VL */
        return -EINVAL;
    case 54: /* PR_PAC_RESET_KEYS */
    case 60: /* PR_PAC_SET_ENABLED_KEYS */
    case 61: /* PR_PAC_GET_ENABLED_KEYS */
        return pauth_prctl(env, a);
    case 55: /* PR_SET_TAGGED_ADDR_CTRL */
    case 56: /* PR_GET_TAGGED_ADDR_CTRL */
        return mte_prctl(env, a);
    default: {
        long r = syscall(SYS_prctl, a[0], a[1], a[2], a[3], a[4]);
        return r == -1 ? -errno : r;
    }
    }
}
