/*
 * thread.c - guest threads: clone with CLONE_VM|CLONE_THREAD runs the new guest thread on
 * a new host pthread with its own CPUArchState and TaskState; exit (93) of one thread
 * ends only that host thread; the list of live threads (for kicking them out of chained
 * code after a block-cache flush) and the locks a fork-like clone must hold.
 *
 * Guest tid == host tid (gettid, tgkill, tkill, futex and robust lists pass through,
 * guest addresses being host addresses).  docs/design/threads.md has the model.
 * Example: glibc pthread_create -> clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|
 *          CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|
 *          CLONE_CHILD_CLEARTID, newsp, &pd->tid, tls, &pd->tid) -> host pthread running
 *          cpu_loop() on a copy of the parent's registers with x0 = 0, sp = newsp,
 *          tpidr_el0 = tls; the parent gets the new tid once it is stored at &pd->tid.
 */
#include <errno.h>
#include <glib.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/cpu-state.h"
#include "linux-user/user.h"
#include "linux-user/vdso.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"
#include "tcg/tb.h"

/* What glibc's pthread_create asks for, and what else may come with it. */
#define THREAD_REQUIRED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define THREAD_OPTIONAL                                                                            \
    (CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |                     \
     CLONE_CHILD_CLEARTID | CLONE_DETACHED)
#define HOST_THREAD_STACK (4u << 20)

_Thread_local TaskState *current_task;

/* Live guest threads; thread_lock guards the list and the count.  Lock order:
 * thread_lock -> mmap lock -> sigaction lock -> tb_lock -> malloc. */
static pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
static TaskState *thread_list;
static int nthreads;

/* The parent waits on `done` until the child has stored its tid and set itself up. */
typedef struct ThreadStart {
    CPUArchState *env;
    TaskState *ts;
    uint64_t flags, parent_tid, child_tid, mask;
    void *sa_table; /* the creator's process's dispositions */
    int tid;
    sem_t done;
} ThreadStart;

/* Block every host signal, 32 and 33 included (glibc's sigfillset and pthread_sigmask
 * leave those two out); the old mask goes to *old if not NULL. */
static void block_all_host_signals(sigset_t *old)
{
    sigset_t all;
    memset(&all, 0xff, sizeof all);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, old, 8);
}

static void list_add(TaskState *ts)
{
    ts->next = thread_list;
    thread_list = ts;
    nthreads++;
}

static void list_remove(TaskState *ts)
{
    for (TaskState **p = &thread_list; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            nthreads--;
            return;
        }
    }
}

/* After a flush: make every other thread leave chained code at its next block exit. */
static void thread_kick_all(void)
{
    pthread_mutex_lock(&thread_lock);
    for (TaskState *ts = thread_list; ts; ts = ts->next) {
        if (ts != current_task) {
            ts->env->exit_request = 1;
        }
    }
    pthread_mutex_unlock(&thread_lock);
}

void thread_init_main(CPUArchState *env)
{
    TaskState *ts = g_new0(TaskState, 1);
    ts->env = env;
    ts->tid = (int)syscall(SYS_gettid);
    ts->pid = (int)getpid();
    ts->is_main = true;
    env->task = ts;
    current_task = ts;
    pthread_mutex_lock(&thread_lock);
    thread_list = NULL;
    nthreads = 0;
    list_add(ts);
    pthread_mutex_unlock(&thread_lock);
    tb_set_flush_notify(thread_kick_all);
}

void thread_foreach(void (*fn)(TaskState *ts, void *opaque), void *opaque)
{
    pthread_mutex_lock(&thread_lock);
    for (TaskState *ts = thread_list; ts; ts = ts->next) {
        fn(ts, opaque);
    }
    pthread_mutex_unlock(&thread_lock);
}

int thread_count(void)
{
    pthread_mutex_lock(&thread_lock);
    int n = nthreads;
    pthread_mutex_unlock(&thread_lock);
    return n;
}

static void *guest_thread_main(void *arg)
{
    ThreadStart *st = arg;
    CPUArchState *env = st->env;
    TaskState *ts = st->ts;
    jmp_buf exit_jmp;
    int tid = (int)syscall(SYS_gettid);

    current_cpu = env;
    current_task = ts;
    ts->tid = tid;
    ts->exit_jmp = &exit_jmp;
    if (st->flags & CLONE_CHILD_CLEARTID) {
        ts->clear_child_tid = st->child_tid;
    }
    /* The kernel stores the tid before either thread runs again; so do we. */
    if (st->flags & CLONE_PARENT_SETTID) {
        copy_to_guest(st->parent_tid, &tid, sizeof tid);
    }
    if (st->flags & CLONE_CHILD_SETTID) {
        copy_to_guest(st->child_tid, &tid, sizeof tid);
    }
    signal_set_dispositions_table(st->sa_table);
    signal_thread_init(st->mask);
    st->tid = tid;
    sem_post(&st->done); /* st belongs to the parent from here on */

    if (setjmp(exit_jmp) == 0) {
        signal_thread_start(); /* host signals were all blocked until now */
        cpu_loop(env);
    }
    /* thread_exit() came back here with host signals blocked and ts unlisted. */
    tb_thread_cleanup();
    current_task = NULL;
    current_cpu = NULL;
    g_free(ts);
    cpu_state_free(env);
    return NULL;
}

int64_t thread_clone(CPUArchState *env, uint64_t flags, uint64_t newsp, uint64_t parent_tid,
                     uint64_t tls, uint64_t child_tid)
{
    uint64_t csig = flags & CSIGNAL;
    uint64_t f = flags & ~CSIGNAL;
    ThreadStart st;
    pthread_attr_t attr;
    pthread_t th;
    sigset_t old;
    int err;

    if ((f & THREAD_REQUIRED) != THREAD_REQUIRED ||
        (f & ~(uint64_t)(THREAD_REQUIRED | THREAD_OPTIONAL)) || csig != 0) {
        if (log_enabled(LOG_UNIMP)) {
            vemu_log("unimplemented: clone flags 0x%llx (only pthread-style threads)\n",
                     (unsigned long long)flags);
        }
        return -EINVAL;
    }

    CPUArchState *nenv = cpu_state_new_child(env, newsp, (f & CLONE_SETTLS) != 0, tls);
    if (!nenv) {
        return -ENOMEM;
    }
    TaskState *ts = g_new0(TaskState, 1);
    ts->env = nenv;
    ts->pid = current_task ? current_task->pid : (int)getpid();
    nenv->task = ts;

    memset(&st, 0, sizeof st);
    st.env = nenv;
    st.ts = ts;
    st.flags = f;
    st.parent_tid = parent_tid;
    st.child_tid = child_tid;
    st.mask = signal_get_mask();
    st.sa_table = signal_dispositions_table();
    sem_init(&st.done, 0, 0);

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, HOST_THREAD_STACK);

    /* The child starts with every host signal blocked (inherited), and only takes its
     * guest mask once it is set up.  Blocking them here also keeps sem_wait from EINTR. */
    block_all_host_signals(&old);
    pthread_mutex_lock(&thread_lock);
    list_add(ts);
    if (nthreads > 1) {
        tb_set_multithreaded(true);
    }
    err = pthread_create(&th, &attr, guest_thread_main, &st);
    if (err != 0) {
        list_remove(ts);
        if (nthreads <= 1) {
            tb_set_multithreaded(false);
        }
    }
    pthread_mutex_unlock(&thread_lock);
    if (err == 0) {
        static int reserved_reinstalled;
        if (!__atomic_exchange_n(&reserved_reinstalled, 1, __ATOMIC_ACQ_REL)) {
            signal_reinstall_reserved();
        }
        while (sem_wait(&st.done) != 0 && errno == EINTR) {
        }
    }
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
    pthread_attr_destroy(&attr);
    sem_destroy(&st.done);
    if (err != 0) {
        g_free(ts);
        cpu_state_free(nenv);
        return -EAGAIN;
    }
    return st.tid;
}

_Noreturn void thread_exit(int status)
{
    TaskState *ts = current_task;
    int left;

    /* No more guest signals for this thread: the host sends process-directed ones to
     * the others from now on. */
    block_all_host_signals(NULL);
    pthread_mutex_lock(&thread_lock);
    left = nthreads;
    if (ts) {
        /* Threads of this process (CLONE_VM child processes are on the list too). */
        list_remove(ts);
        left = 0;
        for (TaskState *t = thread_list; t; t = t->next) {
            left += t->pid == ts->pid;
        }
    }
    if (nthreads <= 1) {
        tb_set_multithreaded(false);
    }
    pthread_mutex_unlock(&thread_lock);

    if (!ts || left == 0) {
        /* The last thread of the process: it ends with this status. */
        syscall_flush_logs();
        gdb_user_exit(status, 0);
        syscall(SYS_exit_group, status);
        _exit(status);
    }
    if (ts->clear_child_tid) {
        /* As the kernel does for CLONE_CHILD_CLEARTID: pthread_join waits on this. */
        uint32_t zero = 0;
        if (copy_to_guest(ts->clear_child_tid, &zero, sizeof zero) == 0) {
            syscall(SYS_futex, ts->clear_child_tid, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    if (ts->is_main || !ts->exit_jmp) {
        /* The initial host thread has no start routine to return to; end it alone.
         * Its TaskState and CPU state are left allocated (nobody else uses them). */
        for (;;) {
            syscall(SYS_exit, 0);
        }
    }
    longjmp(*ts->exit_jmp, 1);
}

void thread_add_process(TaskState *ts)
{
    pthread_mutex_lock(&thread_lock);
    list_add(ts);
    if (nthreads > 1) {
        tb_set_multithreaded(true);
    }
    pthread_mutex_unlock(&thread_lock);
}

void thread_process_gone(TaskState *ts)
{
    bool listed = false;
    pthread_mutex_lock(&thread_lock);
    for (TaskState *t = thread_list; t; t = t->next) {
        listed |= t == ts;
    }
    /* Still listed: the process died as a whole (exit_group, a signal, execve), so every
     * thread of it is gone too (their states are not freed: rare, and nothing else can
     * tell they are unused).  Otherwise its first thread left by exit (thread_exit) and
     * the others, if any, still run. */
    for (TaskState **p = &thread_list; listed && *p;) {
        TaskState *t = *p;
        if (t == ts || (ts->pid > 0 && t->pid == ts->pid)) {
            *p = t->next;
            nthreads--;
        } else {
            p = &t->next;
        }
    }
    if (nthreads <= 1) {
        tb_set_multithreaded(false);
    }
    pthread_mutex_unlock(&thread_lock);
}

void thread_fork_prepare(void)
{
    pthread_mutex_lock(&thread_lock);
    mmap_fork_prepare();
    signal_fork_prepare();
    tb_fork_prepare();
}

void thread_fork_parent(void)
{
    tb_fork_done();
    signal_fork_done();
    mmap_fork_done();
    pthread_mutex_unlock(&thread_lock);
}

void thread_fork_child(void)
{
    /* Only the calling thread exists in the child. */
    TaskState *self = current_task;
    thread_list = NULL;
    nthreads = 0;
    if (self) {
        list_add(self);
    }
    tb_fork_done();
    tb_set_multithreaded(false);
    signal_fork_child();
    mmap_fork_done();
    pthread_mutex_unlock(&thread_lock);
    gdb_user_fork_child();
    vdso_fork_child();
}
