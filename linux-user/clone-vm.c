/*
 * clone-vm.c - clone with CLONE_VM and without CLONE_THREAD and CLONE_VFORK, e.g.
 * clone(fn, stack, CLONE_VM | SIGCHLD, arg): a new process (its own pid, waited for with
 * waitpid, its exit signal sent to the parent) that shares the guest's memory.
 *
 * The host child is a clone with the same flags, so memory, and with CLONE_FILES/FS/
 * SIGHAND also descriptors, cwd and dispositions, are shared exactly as the guest asked.
 * It runs on a host stack of its own with the TLS of a "keeper" host thread that vemu
 * starts in the parent and that sleeps, doing nothing that touches its TLS, until the
 * child has exited or exec'd: the kernel tells it by clearing a word the host clone's
 * CLONE_CHILD_CLEARTID names.  The keeper then does the guest's CLONE_CHILD_CLEARTID
 * (the kernel's clearing at exit or exec, done a moment later), takes the child off
 * the thread list if it died as a whole, and frees its stack, CPU state and the
 * translator's per-thread caches (which lived in the shared TLS).
 * vemu's state in memory is shared like a thread's: the child is on the thread list
 * (block-cache flushes kick it, the cache stays in multi-threaded mode while it lives)
 * and takes the same locks (private futexes work across processes sharing an mm).  Its
 * guest dispositions are a copy of the parent's (the kernel copies the table at clone),
 * unless CLONE_SIGHAND shares them.  docs/design/threads.md has the details and the gaps.
 * Example: guest clone(CLONE_VM|SIGCHLD, stack) -> host clone(CLONE_VM|SIGCHLD|
 *          CLONE_SETTLS|CLONE_CHILD_CLEARTID): the child runs the guest from the SVC
 *          with x0 = 0 and sp = stack; the parent gets the pid, waitpid reaps it.
 */
#include <errno.h>
#include <glib.h>
#include <linux/futex.h>
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
#include "tcg/log.h"
#include "tcg/tb.h"

#define CHILD_HOST_STACK (4u << 20)

/* The guest flags passed on to the host clone as they are. */
#define PASSED_FLAGS                                                                               \
    (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM |                 \
     CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_PARENT | CLONE_IO | CLONE_UNTRACED)
/* ... and those vemu does itself. */
#define EMULATED_FLAGS (CLONE_SETTLS | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED)

typedef struct VmChild {
    CPUArchState *env;
    TaskState *ts;
    uint64_t flags, child_tid, mask;
    void *sa_table;         /* a private copy of the dispositions, or NULL */
    void *stack;            /* the child's host stack */
    volatile int32_t alive; /* nonzero until the kernel clears it (CLONE_CHILD_CLEARTID) */
    sem_t ready;            /* the keeper has started and will touch its TLS no more */
} VmChild;

static _Noreturn void vm_child_main(void *arg)
{
    VmChild *c = arg;
    int tid = (int)syscall(SYS_gettid);
    current_cpu = c->env;
    current_task = c->ts;
    c->ts->tid = tid;
    c->ts->pid = tid;
    if (c->flags & CLONE_CHILD_SETTID) {
        copy_to_guest(c->child_tid, &tid, sizeof tid);
    }
    if (c->sa_table) {
        signal_set_dispositions_table(c->sa_table);
    }
    signal_thread_init(c->mask);
    signal_thread_start(); /* host signals were blocked since before the clone */
    cpu_loop(c->env);
}

static void vm_child_free(VmChild *c)
{
    if (c->stack != MAP_FAILED) {
        munmap(c->stack, CHILD_HOST_STACK);
    }
    free(c->sa_table);
    cpu_state_free(c->env);
    g_free(c->ts);
    sem_destroy(&c->ready);
    g_free(c);
}

/* The keeper: lends its TLS to the child, cleans up after it. */
static void *keeper_main(void *arg)
{
    VmChild *c = arg;
    sem_post(&c->ready);
    /* From here until the child is gone: raw system calls only (errno is TLS, but the
     * call fails only once the word is 0, i.e. when the child is gone). */
    for (int32_t v; (v = __atomic_load_n(&c->alive, __ATOMIC_ACQUIRE)) != 0;) {
        syscall(SYS_futex, &c->alive, FUTEX_WAIT, v, NULL, NULL, 0);
    }
    if (c->flags & CLONE_CHILD_CLEARTID) {
        uint32_t zero = 0;
        if (copy_to_guest(c->child_tid, &zero, sizeof zero) == 0) {
            syscall(SYS_futex, c->child_tid, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    thread_process_gone(c->ts);
    tb_thread_cleanup(); /* the child's block jump cache and IR context, in this TLS */
    vm_child_free(c);
    return NULL;
}

int64_t vm_process_clone(CPUArchState *env, uint64_t flags, uint64_t newsp, uint64_t parent_tid,
                         uint64_t tls, uint64_t child_tid)
{
    pthread_attr_t attr;
    pthread_t keeper;
    sigset_t all, old;
    VmChild *c;
    int err;

    if ((flags & ~(uint64_t)(PASSED_FLAGS | EMULATED_FLAGS)) ||
        ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))) {
        if (log_enabled(LOG_UNIMP)) {
            vemu_log("unimplemented: clone flags 0x%llx for a CLONE_VM process\n",
                     (unsigned long long)flags);
        }
        return -EINVAL;
    }
    c = g_new0(VmChild, 1);
    c->flags = flags;
    c->child_tid = child_tid;
    c->mask = signal_get_mask();
    c->alive = -1;
    c->sa_table = (flags & CLONE_SIGHAND) ? NULL : signal_dispositions_save();
    c->stack = mmap(NULL, CHILD_HOST_STACK, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    c->env = cpu_state_new_child(env, newsp, (flags & CLONE_SETTLS) != 0, tls);
    c->ts = g_new0(TaskState, 1);
    sem_init(&c->ready, 0, 0);
    if (c->stack == MAP_FAILED || !c->env || (!(flags & CLONE_SIGHAND) && !c->sa_table)) {
        vm_child_free(c);
        return -ENOMEM;
    }
    c->ts->env = c->env;
    c->env->task = c->ts;

    /* Neither the keeper nor the child may take a host signal before it is set up. */
    memset(&all, 0xff, sizeof all);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, 8);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256u << 10);
    err = pthread_create(&keeper, &attr, keeper_main, c);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
        vm_child_free(c);
        return -EAGAIN;
    }
    while (sem_wait(&c->ready) != 0) {
    }
    signal_reinstall_reserved();
    syscall_flush_logs();
    /* Listed before it runs, so that a flush from now on kicks it too. */
    thread_add_process(c->ts);

    unsigned long host_flags =
        (unsigned long)(flags & PASSED_FLAGS) | CLONE_VM | CLONE_SETTLS | CLONE_CHILD_CLEARTID;
    long pid = raw_clone_call(host_flags, (char *)c->stack + CHILD_HOST_STACK, parent_tid,
                              (uint64_t)(uintptr_t)&c->alive, (void *)keeper, vm_child_main, c);
    if (pid < 0) {
        /* No child: the keeper cleans up at once. */
        __atomic_store_n(&c->alive, 0, __ATOMIC_RELEASE);
        syscall(SYS_futex, &c->alive, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
    return pid;
}
