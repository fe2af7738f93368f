/*
 * signals-nointr.c - calls that never block never fail with EINTR, however many signals
 * arrive around them.
 *
 * signal(7) lists the interfaces a signal handler can interrupt (blocking ones: read on a
 * pipe, wait, nanosleep, ...); getpid(2) and getppid(2) "are always successful",
 * clock_gettime(2) and kill(2) have no EINTR error.  The kernel takes a signal that
 * arrives around such a call before or after it, and the call still returns its result.
 * (CPython's test_signal StressTest saw os.getpid() return -4 under vemu: a signal that
 * came between vemu's pending-signal check and the host syscall made the call "fail"
 * with EINTR when the handler had no SA_RESTART.)
 *
 * A second thread sends SIGUSR1 to the main thread (tgkill) as fast as it can while the
 * main thread makes raw getpid, getppid, gettid, clock_gettime and kill(pid, 0) calls for
 * about a second; every result must be right, and some signals must have landed.
 * Example: build/vemu-aarch64 build/tests/guest/signals-nointr   ->  PASS signals-nointr
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static volatile int stop;
static pid_t main_tid, pid;

static void on_usr1(int sig)
{
    (void)sig;
    handled++;
}

static void *bomber(void *arg)
{
    (void)arg;
    while (!stop) {
        syscall(SYS_tgkill, pid, main_tid, SIGUSR1);
    }
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1; /* no SA_RESTART: a blocking call would see EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    pid = getpid();
    pid_t ppid = getppid();
    main_tid = (pid_t)syscall(SYS_gettid);

    pthread_t t;
    if (pthread_create(&t, NULL, bomber, NULL) != 0) {
        printf("FAIL pthread_create\n");
        return 1;
    }
    int failures = 0;
    long calls = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        for (int i = 0; i < 1000; i++) {
            long r;
            struct timespec ts;
            if ((r = syscall(SYS_getpid)) != pid) {
                printf("FAIL getpid: %ld (errno %s), expected %d\n", r, strerror(errno), pid);
                failures++;
            }
            if ((r = syscall(SYS_getppid)) != ppid) {
                printf("FAIL getppid: %ld (errno %s), expected %d\n", r, strerror(errno), ppid);
                failures++;
            }
            if ((r = syscall(SYS_gettid)) != main_tid) {
                printf("FAIL gettid: %ld (errno %s)\n", r, strerror(errno));
                failures++;
            }
            if ((r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts)) != 0) {
                printf("FAIL clock_gettime: %ld (errno %s)\n", r, strerror(errno));
                failures++;
            }
            if ((r = syscall(SYS_kill, pid, 0)) != 0) {
                printf("FAIL kill(pid, 0): %ld (errno %s)\n", r, strerror(errno));
                failures++;
            }
            calls += 5;
            if (failures > 10) {
                break;
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (failures > 10 || now.tv_sec - start.tv_sec >= 2 ||
            (now.tv_sec - start.tv_sec >= 1 && now.tv_nsec >= start.tv_nsec)) {
            break;
        }
    }
    stop = 1;
    pthread_join(t, NULL);
    printf("%ld calls, %d signals handled\n", calls, (int)handled);
    if (handled == 0) {
        printf("FAIL no SIGUSR1 was handled during the calls\n");
        failures++;
    }
    if (failures) {
        return 1;
    }
    printf("PASS signals-nointr\n");
    return 0;
}
