/*
 * threads.c - guest threads running as real concurrent threads: LSE and
 * exclusive-monitor atomics under contention (no lost updates), a mutex-
 * protected counter, per-thread TLS (TPIDR_EL0 differs per thread), distinct
 * gettid values, pthread_join return values, a thread-directed signal
 * (pthread_kill) handled on the target thread, and a condition variable
 * ping-pong (futex wait/wake).
 *
 * Built with -march=armv8.1-a for LDADD.  Each worker does ITERS increments
 * of three shared counters; all must end at NTHREADS * ITERS.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS 4
#define ITERS 20000

static uint64_t lse_counter, llsc_counter, mutex_counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread uint64_t tls_value;
static pthread_barrier_t start;

struct result {
    uint64_t tls_seen;
    uint64_t tpidr;
    long tid;
};

static void *worker(void *arg)
{
    uintptr_t idx = (uintptr_t)arg;
    struct result *r = malloc(sizeof(*r));
    tls_value = 1000 + idx;
    pthread_barrier_wait(&start);
    for (int i = 0; i < ITERS; i++) {
        asm volatile("stadd %1, [%0]" :: "r"(&lse_counter), "r"(1ull) : "memory");
        uint64_t old, st;
        asm volatile("1: ldxr %0, [%2]\n\t"
                     "add %0, %0, #1\n\t"
                     "stxr %w1, %0, [%2]\n\t"
                     "cbnz %w1, 1b"
                     : "=&r"(old), "=&r"(st) : "r"(&llsc_counter) : "memory");
        pthread_mutex_lock(&lock);
        mutex_counter++;
        pthread_mutex_unlock(&lock);
        if ((i & 1023) == 0) {
            sched_yield();
        }
    }
    r->tls_seen = tls_value;
    asm volatile("mrs %0, tpidr_el0" : "=r"(r->tpidr));
    r->tid = syscall(SYS_gettid);
    return r;
}

static volatile pthread_t handled_on;
static volatile sig_atomic_t handled;

static void usr1(int sig)
{
    (void)sig;
    handled_on = pthread_self();
    handled = 1;
}

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int turn, pp_rounds = 200;

static void *pinger(void *arg)
{
    int me = (int)(uintptr_t)arg;
    for (int i = 0; i < pp_rounds; i++) {
        pthread_mutex_lock(&pp_lock);
        while (turn != me) {
            pthread_cond_wait(&pp_cond, &pp_lock);
        }
        turn = !me;
        pthread_cond_broadcast(&pp_cond);
        pthread_mutex_unlock(&pp_lock);
    }
    return NULL;
}

static void *sleeper(void *arg)
{
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    while (!handled) {
        usleep(1000);
    }
    return NULL;
}



int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_t th[NTHREADS];
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (uintptr_t i = 0; i < NTHREADS; i++) {
        CHECK("pthread_create", pthread_create(&th[i], NULL, worker, (void *)i) == 0);
    }
    struct result *res[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        void *rv = NULL;
        pthread_join(th[i], &rv);
        res[i] = rv;
    }
    CHECK_EQ("LSE stadd counter", (uint64_t)NTHREADS * ITERS, lse_counter);
    CHECK_EQ("ldxr/stxr counter", (uint64_t)NTHREADS * ITERS, llsc_counter);
    CHECK_EQ("mutex counter", (uint64_t)NTHREADS * ITERS, mutex_counter);
    long main_tid = syscall(SYS_gettid);
    uint64_t main_tpidr;
    asm volatile("mrs %0, tpidr_el0" : "=r"(main_tpidr));
    CHECK_EQ("main thread tid == pid", getpid(), main_tid);
    for (int i = 0; i < NTHREADS; i++) {
        char what[64];
        snprintf(what, sizeof(what), "thread %d TLS value", i);
        CHECK_EQ(what, 1000 + i, res[i]->tls_seen);
        snprintf(what, sizeof(what), "thread %d tpidr_el0 differs from main", i);
        CHECK(what, res[i]->tpidr != main_tpidr);
        snprintf(what, sizeof(what), "thread %d tid differs from main", i);
        CHECK(what, res[i]->tid != main_tid && res[i]->tid > 0);
        for (int j = 0; j < i; j++) {
            CHECK("distinct tids", res[i]->tid != res[j]->tid);
            CHECK("distinct tpidr_el0", res[i]->tpidr != res[j]->tpidr);
        }
        free(res[i]);
    }
    CHECK_EQ("main TLS untouched", 0, tls_value);

    /* pthread_kill: only the target thread runs the handler */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* main blocks it; the target unblocks */
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    CHECK_EQ("pthread_kill handled", 1, handled);
    CHECK("handler ran on the target thread", pthread_equal(handled_on, t));

    /* condition variable ping-pong */
    pthread_t a, b;
    pthread_create(&a, NULL, pinger, (void *)0);
    pthread_create(&b, NULL, pinger, (void *)1);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    CHECK_EQ("ping-pong finished on turn 0", 0, turn);
    return finish("threads");
}
