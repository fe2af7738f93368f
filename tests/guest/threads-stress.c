/*
 * threads-stress.c - guest threads under churn and the
 * corners around them.  Thread create/join storms (joinable and detached, pthread_exit),
 * malloc in many threads (arena mprotects), code unmapped and remapped at the same
 * address while other threads run (translations must be dropped; no IC IVAU used on
 * purpose), process-directed signals while threads spin, fork from a threaded process,
 * SIGSEGV in a thread killing the process, main calling pthread_exit, pthread_cancel of
 * a thread blocked in a syscall (glibc's signal 32) and setuid in a threaded program
 * (glibc signals every thread with 33).
 *
 * Build: aarch64-linux-gnu-gcc -static -O2 -pthread -o threads-stress threads-stress.c
 * Run:   vemu-aarch64 ./threads-stress   -> last line "PASS threads-stress"
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static uint64_t total;
static volatile int stop_spin;

static void *adder(void *arg)
{
    __atomic_add_fetch(&total, (uint64_t)(uintptr_t)arg, __ATOMIC_SEQ_CST);
    if ((uintptr_t)arg % 3 == 0) {
        pthread_exit((void *)((uintptr_t)arg * 2));
    }
    return (void *)((uintptr_t)arg * 2);
}

static void *detached(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&total, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void *mallocer(void *arg)
{
    uintptr_t n = (uintptr_t)arg;
    void *p[64];
    for (int r = 0; r < 50; r++) {
        for (int i = 0; i < 64; i++) {
            p[i] = malloc(64 + (size_t)(i * 997 + r * 13 + n) % 20000);
            memset(p[i], (int)i, 64);
        }
        for (int i = 0; i < 64; i++) {
            free(p[i]);
        }
    }
    return NULL;
}

static void *spinner(void *arg)
{
    volatile uint64_t *c = arg;
    while (!stop_spin) {
        (*c)++;
    }
    return NULL;
}

/* "mov w0, #imm; ret" */
static void write_code(uint32_t *p, int imm)
{
    p[0] = 0x52800000u | ((uint32_t)imm << 5);
    p[1] = 0xd65f03c0u;
}

static void test_remap(void)
{
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap code", page != MAP_FAILED);
    for (int round = 1; round <= 20; round++) {
        write_code((uint32_t *)page, round);
        mprotect(page, 4096, PROT_READ | PROT_EXEC);
        int (*fn)(void) = (int (*)(void))(void *)page;
        int got = fn();
        CHECK_EQ("remapped code result", round, got);
        munmap(page, 4096);
        void *again = mmap(page, 4096, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        CHECK("remap at the same address", again == page);
    }
    munmap(page, 4096);
}

static volatile int usr2_count;

static void on_usr2(int sig)
{
    (void)sig;
    __atomic_add_fetch(&usr2_count, 1, __ATOMIC_SEQ_CST);
}

static void *segv_thread(void *arg)
{
    (void)arg;
    usleep(10000);
    volatile int *volatile bad = (volatile int *)16;
    *bad = 1;
    return NULL;
}

static void *blocker(void *arg)
{
    (void)arg;
    for (;;) {
        sleep(100);
    }
    return NULL;
}

static void *late_exit(void *arg)
{
    int fd = (int)(intptr_t)arg;
    usleep(20000);
    ssize_t w = write(fd, "x", 1);
    (void)w;
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    /* 1. create/join storm */
    uint64_t expect = 0;
    for (int batch = 0; batch < 25; batch++) {
        pthread_t th[16];
        for (uintptr_t i = 0; i < 16; i++) {
            uintptr_t v = (uintptr_t)batch * 16 + i + 1;
            expect += v;
            CHECK("pthread_create", pthread_create(&th[i], NULL, adder, (void *)v) == 0);
        }
        for (uintptr_t i = 0; i < 16; i++) {
            void *rv;
            pthread_join(th[i], &rv);
            CHECK_EQ("join value", ((uintptr_t)batch * 16 + i + 1) * 2, (uintptr_t)rv);
        }
    }
    CHECK_EQ("storm total", expect, total);

    /* 2. detached threads */
    total = 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 100; i++) {
        pthread_t t;
        CHECK("detached create", pthread_create(&t, &attr, detached, NULL) == 0);
    }
    for (int i = 0; i < 2000 && __atomic_load_n(&total, __ATOMIC_SEQ_CST) != 100; i++) {
        usleep(1000);
    }
    CHECK_EQ("detached total", 100, total);

    /* 3. malloc in many threads */
    pthread_t mt[8];
    for (uintptr_t i = 0; i < 8; i++) {
        pthread_create(&mt[i], NULL, mallocer, (void *)i);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(mt[i], NULL);
    }

    /* 4. code remapped while other threads run, and process-directed signals */
    static volatile uint64_t spins[4];
    pthread_t sp[4];
    for (int i = 0; i < 4; i++) {
        pthread_create(&sp[i], NULL, spinner, (void *)&spins[i]);
    }
    test_remap();
    signal(SIGUSR2, on_usr2);
    for (int i = 0; i < 50; i++) {
        kill(getpid(), SIGUSR2);
        for (int j = 0; j < 2000 && usr2_count <= i; j++) {
            usleep(100);
        }
    }
    CHECK_EQ("process-directed SIGUSR2 handled", 50, usr2_count);

    /* 5. fork from a threaded process */
    pid_t pid = fork();
    if (pid == 0) {
        void *p = malloc(1000); /* malloc must not be locked in the child */
        free(p);
        pthread_t t;
        pthread_create(&t, NULL, adder, (void *)1);
        pthread_join(t, NULL);
        _exit(3);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK("fork child exit 3", WIFEXITED(st) && WEXITSTATUS(st) == 3);
    stop_spin = 1;
    for (int i = 0; i < 4; i++) {
        pthread_join(sp[i], NULL);
        CHECK("spinner ran", spins[i] > 0);
    }

    /* 6. SIGSEGV in a thread kills the whole process with SIGSEGV */
    pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, segv_thread, NULL);
        for (;;) {
            pause();
        }
    }
    waitpid(pid, &st, 0);
    CHECK("thread SIGSEGV kills the process", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

    /* 7. main thread pthread_exit: the process lives on until the last thread ends */
    int pfd[2];
    CHECK("pipe", pipe(pfd) == 0);
    pid = fork();
    if (pid == 0) {
        pthread_t t;
        close(pfd[0]);
        pthread_create(&t, NULL, late_exit, (void *)(intptr_t)pfd[1]);
        pthread_exit(NULL);
    }
    close(pfd[1]);
    char c = 0;
    ssize_t n = read(pfd[0], &c, 1);
    waitpid(pid, &st, 0);
    CHECK("thread outlived main", n == 1 && c == 'x');
    CHECK("exit status after main pthread_exit", WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* 8. pthread_cancel (SIGCANCEL = 32) and setuid with threads (SIGSETXID = 33) */
    pthread_t bl[3];
    for (int i = 0; i < 3; i++) {
        pthread_create(&bl[i], NULL, blocker, NULL);
    }
    CHECK("setuid(getuid()) with threads", setuid(getuid()) == 0);
    CHECK("setgid(getgid()) with threads", setgid(getgid()) == 0);
    for (int i = 0; i < 3; i++) {
        void *rv = NULL;
        CHECK("pthread_cancel", pthread_cancel(bl[i]) == 0);
        pthread_join(bl[i], &rv);
        CHECK("cancelled thread joined", rv == PTHREAD_CANCELED);
    }

    return finish("threads-stress");
}
