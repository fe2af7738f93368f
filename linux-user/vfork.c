/*
 * vfork.c - clone with CLONE_VM|CLONE_VFORK and without CLONE_THREAD (vfork(),
 * posix_spawn): a new process that shares the parent's memory, the parent suspended until
 * the child execs or exits.  glibc's posix_spawn relies on the sharing: the child writes
 * the exec error into the parent's memory, so posix_spawn("/missing") fails with ENOENT.
 *
 * The host child is made with the same flags (CLONE_VM|CLONE_VFORK), so memory really is
 * shared.  It must not run on the parent's host stack or with the parent's TLS (vemu's
 * thread-local state, glibc's): it gets a fresh host stack and the TLS block of a host
 * thread created for the purpose, lent only once that thread sleeps on a semaphore, until
 * the child is done (pthread_t is the TLS block on x86-64 glibc).  The guest state is a copy of the
 * parent's with x0 = 0 and the new sp/TLS.  The guest's signal dispositions live in
 * shared memory, which the child's sigaction calls (posix_spawn resets handlers) would
 * change for the parent too: the parent saves them before and puts them back after.
 * Host signals stay blocked from before the clone until each side has its state.
 * Example: guest clone(CLONE_VM|CLONE_VFORK|SIGCHLD, child_stack) -> the child runs the
 *          guest until execve/exit_group; the parent gets its pid afterwards.
 */
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/cpu-state.h"
#include "linux-user/guest-mem.h"
#include "linux-user/raw-clone.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

#define CHILD_HOST_STACK (1u << 20)

typedef struct VforkChild {
    CPUArchState *env;
    uint64_t mask;  /* the guest mask the child inherits */
    void *sa_table; /* the parent's process's dispositions */
} VforkChild;

typedef struct Parking {
    sem_t ready; /* posted by the parked thread once it is idle */
    sem_t park;  /* posted by the parent when the child is done */
} Parking;

static void *parked_thread(void *arg)
{
    Parking *pk = arg;
    sem_post(&pk->ready);
    while (sem_wait(&pk->park) != 0) {
    }
    return NULL;
}

/* The host child starts here, on its own stack, with the parked thread's TLS. */
static _Noreturn void vfork_child_main(void *arg)
{
    VforkChild *vc = arg;
    current_cpu = vc->env;
    current_task = NULL; /* not one of the parent's threads; exit ends the process */
    signal_set_dispositions_table(vc->sa_table);
    signal_thread_init(vc->mask);
    signal_thread_start();
    cpu_loop(vc->env);
}

int64_t vfork_clone(CPUArchState *env, uint64_t flags, uint64_t newsp, uint64_t parent_tid,
                    uint64_t tls, uint64_t child_tid)
{
    VforkChild vc;
    Parking pk;
    pthread_t parked;
    sigset_t all, old;
    void *saved_sa = signal_dispositions_save();
    void *stack = mmap(NULL, CHILD_HOST_STACK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    vc.env = stack == MAP_FAILED || !saved_sa
                 ? NULL
                 : cpu_state_new_child(env, newsp, (flags & CLONE_SETTLS) != 0, tls);
    if (!vc.env) {
        if (stack != MAP_FAILED) {
            munmap(stack, CHILD_HOST_STACK);
        }
        free(saved_sa);
        return -ENOMEM;
    }
    /* (task stays NULL: not one of the parent's threads) */
    vc.mask = signal_get_mask();
    vc.sa_table = signal_dispositions_table();

    /* Neither the parked thread nor the new child may take a host signal before its
     * vemu state is set up. */
    memset(&all, 0xff, sizeof all);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, 8);
    sem_init(&pk.ready, 0, 0);
    sem_init(&pk.park, 0, 0);
    if (pthread_create(&parked, NULL, parked_thread, &pk) != 0) {
        syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
        munmap(stack, CHILD_HOST_STACK);
        cpu_state_free(vc.env);
        free(saved_sa);
        return -EAGAIN;
    }
    /* The TLS block is lent only once its thread has finished starting and sleeps. */
    while (sem_wait(&pk.ready) != 0) {
    }
    signal_reinstall_reserved();
    syscall_flush_logs();

    /* The guest's flags (exit signal, CLONE_*_SETTID, CLONE_PIDFD, ...) with the host TLS. */
    unsigned long host_flags = (unsigned long)flags | CLONE_SETTLS;
    long pid = raw_clone_call(host_flags, (char *)stack + CHILD_HOST_STACK, parent_tid, child_tid,
                              (void *)parked, vfork_child_main, &vc);

    /* The child has exec'd or exited (or the clone failed): back to the parent's state. */
    signal_dispositions_restore(saved_sa);
    sem_post(&pk.park);
    pthread_join(parked, NULL);
    sem_destroy(&pk.park);
    sem_destroy(&pk.ready);
    munmap(stack, CHILD_HOST_STACK);
    cpu_state_free(vc.env);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
    return pid; /* the pid, or -errno from the raw syscall */
}
