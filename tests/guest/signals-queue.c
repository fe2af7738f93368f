/*
 * signals-queue.c - pending signals as the arm64 Linux kernel keeps them (signal(7),
 * "Queueing and delivery semantics"): every sigqueue() of a real-time signal is queued
 * with its own value and delivered once, in order; a standard signal is pending at most
 * once (later instances are dropped, the first siginfo kept); at unblock the lowest
 * signal number goes first; thread-directed signals (pthread_sigqueue) wait in the
 * thread's own queue, process-directed ones (sigqueue to the pid) in the shared queue,
 * and sigtimedwait takes the thread's own first.
 *
 * Example: block SIGRTMIN+2, sigqueue it five times with values 10..14, unblock: the
 * handler runs five times and sees 10, 11, 12, 13, 14.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define MAX_LOG 32

/* What the handler saw, in order. */
static volatile int log_sig[MAX_LOG], log_val[MAX_LOG], log_code[MAX_LOG], log_tid[MAX_LOG];
static volatile int n_log;

static void logger(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int i = n_log;
    if (i < MAX_LOG) {
        log_sig[i] = sig;
        log_val[i] = si->si_value.sival_int;
        log_code[i] = si->si_code;
        log_tid[i] = (int)syscall(SYS_gettid);
        n_log = i + 1;
    }
}

/* A handler that blocks every signal while it runs (sa_mask full), so that each pending
 * signal gets its own turn and the order of delivery is the order the handler runs in. */
static void install(int sig, bool mask_all)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = logger;
    sa.sa_flags = SA_SIGINFO;
    if (mask_all) {
        sigfillset(&sa.sa_mask);
    } else {
        sigemptyset(&sa.sa_mask);
    }
    CHECK("sigaction", sigaction(sig, &sa, NULL) == 0);
}

static void block(int sig, sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    pthread_sigmask(SIG_BLOCK, &s, old);
}

static void queue(int sig, int val)
{
    union sigval v = {.sival_int = val};
    CHECK("sigqueue", sigqueue(getpid(), sig, v) == 0);
}

/* Five instances of one RT signal, each with its value, in FIFO order. */
static void test_rt_fifo(void)
{
    int sig = SIGRTMIN + 2;
    sigset_t old;
    install(sig, false);
    block(sig, &old);
    n_log = 0;
    for (int i = 0; i < 5; i++) {
        queue(sig, 10 + i);
    }
    CHECK_EQ("rt: nothing delivered while blocked", 0, n_log);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    CHECK_EQ("rt: five sigqueue -> five deliveries", 5, n_log);
    for (int i = 0; i < 5 && i < n_log; i++) {
        char what[64];
        snprintf(what, sizeof what, "rt: delivery %d value", i);
        CHECK_EQ(what, 10 + i, log_val[i]);
        snprintf(what, sizeof what, "rt: delivery %d si_code SI_QUEUE", i);
        CHECK_EQ(what, SI_QUEUE, log_code[i]);
    }
}

/* A standard signal is pending once: the first instance's siginfo is kept. */
static void test_standard_not_queued(void)
{
    sigset_t old;
    install(SIGUSR1, false);
    block(SIGUSR1, &old);
    n_log = 0;
    queue(SIGUSR1, 1);
    queue(SIGUSR1, 2);
    kill(getpid(), SIGUSR1);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    CHECK_EQ("standard: three sends -> one delivery", 1, n_log);
    CHECK_EQ("standard: first instance's value kept", 1, log_val[0]);
    CHECK_EQ("standard: first instance's si_code kept", SI_QUEUE, log_code[0]);
}

/* Several pending signals: lowest number first, each RT signal's instances in order. */
static void test_order(void)
{
    int rt0 = SIGRTMIN, rt3 = SIGRTMIN + 3;
    int sigs[] = {SIGUSR1, SIGUSR2, rt0, rt3};
    sigset_t set, old;
    sigemptyset(&set);
    for (int i = 0; i < 4; i++) {
        install(sigs[i], true);
        sigaddset(&set, sigs[i]);
    }
    pthread_sigmask(SIG_BLOCK, &set, &old);
    n_log = 0;
    queue(rt3, 1);
    queue(SIGUSR2, 2);
    queue(rt0, 3);
    queue(SIGUSR1, 4);
    queue(SIGUSR1, 5); /* dropped: SIGUSR1 is already pending */
    queue(rt3, 6);
    queue(rt0, 7);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    static const int want_sig_idx[] = {0, 1, 2, 2, 3, 3};
    static const int want_val[] = {4, 2, 3, 7, 1, 6};
    CHECK_EQ("order: deliveries", 6, n_log);
    for (int i = 0; i < 6 && i < n_log; i++) {
        char what[64];
        snprintf(what, sizeof what, "order: delivery %d signal", i);
        CHECK_EQ(what, sigs[want_sig_idx[i]], log_sig[i]);
        snprintf(what, sizeof what, "order: delivery %d value", i);
        CHECK_EQ(what, want_val[i], log_val[i]);
    }

    /* sigtimedwait dequeues in the same order. */
    pthread_sigmask(SIG_BLOCK, &set, &old);
    queue(rt3, 1);
    queue(SIGUSR2, 2);
    queue(rt0, 3);
    queue(SIGUSR1, 4);
    queue(rt3, 6);
    queue(rt0, 7);
    struct timespec zero = {0, 0};
    for (int i = 0; i < 6; i++) {
        siginfo_t si;
        char what[64];
        int s = sigtimedwait(&set, &si, &zero);
        snprintf(what, sizeof what, "sigtimedwait %d signal", i);
        CHECK_EQ(what, sigs[want_sig_idx[i]], s);
        snprintf(what, sizeof what, "sigtimedwait %d value", i);
        CHECK_EQ(what, want_val[i], s > 0 ? si.si_value.sival_int : -1);
    }
    errno = 0;
    CHECK("sigtimedwait: queue empty -> EAGAIN",
          sigtimedwait(&set, NULL, &zero) == -1 && errno == EAGAIN);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ---- per-thread and per-process queues ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int step; /* 0 worker starting, 1 worker ready, 2 main done, 3 worker done */
static int worker_tid;
static int worker_vals[8], worker_n;
static int worker_handled;

static void wait_step(int s)
{
    pthread_mutex_lock(&mu);
    while (step < s) {
        pthread_cond_wait(&cv, &mu);
    }
    pthread_mutex_unlock(&mu);
}

static void set_step(int s)
{
    pthread_mutex_lock(&mu);
    step = s;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static void *worker(void *arg)
{
    int sig = *(int *)arg;
    sigset_t set, none;
    struct timespec zero = {0, 0};
    worker_tid = (int)syscall(SYS_gettid);
    set_step(1);
    wait_step(2);
    /* Its own queue first (values 1, 2), then the process-wide one (3 was taken by the
     * main thread, 4 is left). */
    sigemptyset(&set);
    sigaddset(&set, sig);
    siginfo_t si;
    while (worker_n < 8 && sigtimedwait(&set, &si, &zero) == sig) {
        worker_vals[worker_n++] = si.si_value.sival_int;
    }
    /* Three more for this thread only, delivered to its handler at unblock. */
    for (int i = 0; i < 3; i++) {
        union sigval v = {.sival_int = 20 + i};
        pthread_sigqueue(pthread_self(), sig, v);
    }
    n_log = 0;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    worker_handled = n_log;
    set_step(3);
    return NULL;
}

static void test_thread_queues(void)
{
    int sig = SIGRTMIN + 4;
    sigset_t old, set;
    pthread_t t;
    install(sig, false);
    block(sig, &old); /* inherited by the worker */
    step = 0;
    CHECK("pthread_create", pthread_create(&t, NULL, worker, &sig) == 0);
    wait_step(1);
    union sigval v1 = {.sival_int = 1}, v2 = {.sival_int = 2};
    pthread_sigqueue(t, sig, v1);
    pthread_sigqueue(t, sig, v2);
    queue(sig, 3);
    queue(sig, 4);

    /* The main thread sees the process-wide queue only, and sigpending reports it. */
    sigset_t pend;
    sigpending(&pend);
    CHECK("threads: process-directed signal pending in main", sigismember(&pend, sig));
    sigemptyset(&set);
    sigaddset(&set, sig);
    struct timespec zero = {0, 0};
    siginfo_t si;
    int s = sigtimedwait(&set, &si, &zero);
    CHECK_EQ("threads: main takes the first process-directed one", sig, s);
    CHECK_EQ("threads: its value", 3, s == sig ? si.si_value.sival_int : -1);
    set_step(2);
    wait_step(3);
    pthread_join(t, NULL);
    CHECK_EQ("threads: worker dequeued", 3, worker_n);
    CHECK_EQ("threads: worker's own queue first (1)", 1, worker_vals[0]);
    CHECK_EQ("threads: worker's own queue first (2)", 2, worker_vals[1]);
    CHECK_EQ("threads: then the shared queue (4)", 4, worker_vals[2]);
    CHECK_EQ("threads: three thread-directed deliveries in the worker", 3, worker_handled);
    for (int i = 0; i < 3 && i < worker_handled; i++) {
        CHECK_EQ("threads: delivered on the worker thread", worker_tid, log_tid[i]);
        CHECK_EQ("threads: thread-directed value", 20 + i, log_val[i]);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
    test_rt_fifo();
    test_standard_not_queued();
    test_order();
    test_thread_queues();
    return finish("signals-queue");
}
