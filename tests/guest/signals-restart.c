/*
 * signals-restart.c - which blocking calls a signal handler interrupts and which it
 * restarts, as signal(7) "Interruption of system calls and library functions by signal
 * handlers" lists them for Linux: with SA_RESTART, read/write on pipes and sockets,
 * wait4, futex FUTEX_WAIT (no timeout), fcntl F_SETLKW and socket calls without a timeout
 * are restarted; a socket call with SO_RCVTIMEO/SO_SNDTIMEO set, nanosleep, poll, ppoll,
 * select, epoll_wait, sigtimedwait and sigsuspend fail with EINTR whatever the flags;
 * without SA_RESTART every one of them fails with EINTR.  ppoll, pselect and epoll_pwait
 * with a mask that unblocks the signal: the handler runs under that mask, the call fails
 * with EINTR, the old mask is back afterwards.  Also kill(-pgrp, SIGTERM) of the
 * caller's own process group (several processes, threads, a handler), which must end, not
 * hang.
 *
 * Each case arms a 30 ms periodic ITIMER_REAL; in the restart cases the SIGALRM handler
 * writes one byte to the pipe or socket the call waits on, so a restarted call returns
 * that byte, and an interrupted one fails with EINTR.  Example: SA_RESTART + read(pipe) -> 1 byte;
 * SA_RESTART + read(socket with SO_RCVTIMEO 5 s) -> -1 EINTR after ~30 ms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int wake_fd = -1;        /* the handler writes one byte here (if >= 0) */
static volatile int futex_word; /* the handler sets it to 1 (if set_word) */
static volatile int set_word;
static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    if (set_word) {
        futex_word = 1;
    }
    if (wake_fd >= 0) {
        ssize_t w = write(wake_fd, "x", 1);
        (void)w;
    }
}

static void set_handler(int restart)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
}

/* A SIGALRM every 30 ms until disarm(): if a slow or loaded machine lets the first one
 * arrive before the call blocks, the next one still interrupts it.  The handler writes to
 * fd (if >= 0) so a restarted call can complete; "interrupted" cases pass -1. */
static void arm(int restart, int fd)
{
    struct itimerval it = {{0, 30000}, {0, 30000}};
    set_handler(restart);
    wake_fd = fd;
    set_word = restart;
    futex_word = 0;
    alarms = 0;
    setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    wake_fd = -1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Result of one interrupted call: its return value and errno. */
typedef struct {
    long r;
    int err;
} Res;

static void expect_restarted(const char *what, Res got, long want)
{
    char buf[160];
    disarm();
    snprintf(buf, sizeof buf, "%s: restarted after the handler (r=%ld errno=%s)", what, got.r,
             strerror(got.err));
    CHECK(buf, got.r == want);
    snprintf(buf, sizeof buf, "%s: handler ran", what);
    CHECK(buf, alarms >= 1);
}

static void expect_eintr(const char *what, Res got)
{
    char buf[160];
    disarm();
    snprintf(buf, sizeof buf, "%s: fails with EINTR (r=%ld errno=%s)", what, got.r,
             strerror(got.err));
    CHECK(buf, got.r == -1 && got.err == EINTR);
    snprintf(buf, sizeof buf, "%s: handler ran", what);
    CHECK(buf, alarms >= 1);
}

#define CALL(expr)                                                                                 \
    ({                                                                                             \
        errno = 0;                                                                                 \
        long r_ = (long)(expr);                                                                    \
        (Res){r_, errno};                                                                          \
    })

static void drain(int fd)
{
    char buf[16];
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    while (read(fd, buf, sizeof buf) > 0) {
    }
    fcntl(fd, F_SETFL, fl);
}

static void test_pipe(void)
{
    int p[2];
    char c;
    CHECK("pipe", pipe(p) == 0);
    arm(1, p[1]);
    expect_restarted("SA_RESTART read(pipe)", CALL(read(p[0], &c, 1)), 1);
    drain(p[0]);
    arm(0, -1);
    expect_eintr("no SA_RESTART read(pipe)", CALL(read(p[0], &c, 1)));
    drain(p[0]);
    close(p[0]);
    close(p[1]);
}

static void test_sockets(void)
{
    int sv[2];
    char c;
    CHECK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    arm(1, sv[1]);
    expect_restarted("SA_RESTART recv(socket, no timeout)", CALL(recv(sv[0], &c, 1, 0)), 1);
    drain(sv[0]);
    arm(1, sv[1]);
    expect_restarted("SA_RESTART read(socket, no timeout)", CALL(read(sv[0], &c, 1)), 1);
    drain(sv[0]);

    /* With SO_RCVTIMEO the kernel never restarts: EINTR, long before the timeout. */
    struct timeval tv = {5, 0};
    CHECK("SO_RCVTIMEO", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    double t0 = now();
    arm(1, -1);
    expect_eintr("SA_RESTART read(socket, SO_RCVTIMEO)", CALL(read(sv[0], &c, 1)));
    arm(1, -1);
    expect_eintr("SA_RESTART recvfrom(socket, SO_RCVTIMEO)",
                 CALL(recvfrom(sv[0], &c, 1, 0, NULL, NULL)));
    CHECK("SO_RCVTIMEO: interrupted well before the 5 s timeout", now() - t0 < 4.0);
    close(sv[0]);
    close(sv[1]);
}

static void test_never_restarted(void)
{
    int p[2];
    CHECK("pipe", pipe(p) == 0);
    struct timespec ts = {5, 0};
    arm(1, -1);
    expect_eintr("SA_RESTART nanosleep", CALL(nanosleep(&ts, NULL)));
    struct pollfd pfd = {p[0], POLLIN, 0};
    arm(1, -1);
    expect_eintr("SA_RESTART poll", CALL(poll(&pfd, 1, 5000)));
    arm(1, -1);
    expect_eintr("SA_RESTART ppoll", CALL(ppoll(&pfd, 1, &ts, NULL)));
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = {5, 0};
    arm(1, -1);
    expect_eintr("SA_RESTART select", CALL(select(p[0] + 1, &rd, NULL, NULL, &tv)));
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    arm(1, -1);
    expect_eintr("SA_RESTART epoll_wait", CALL(epoll_wait(ep, &ev, 1, 5000)));
    close(ep);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    arm(1, -1);
    expect_eintr("SA_RESTART sigtimedwait", CALL(sigtimedwait(&set, NULL, &ts)));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigset_t none;
    sigemptyset(&none);
    arm(1, -1);
    expect_eintr("sigsuspend", CALL(sigsuspend(&none)));
    close(p[0]);
    close(p[1]);
}

static void test_futex_wait(void)
{
    /* Restarted, the wait finds the word changed by the handler: EAGAIN. */
    arm(1, -1);
    Res r = CALL(syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0));
    disarm();
    CHECK("SA_RESTART futex wait: restarted, then EAGAIN (word changed)",
          r.r == -1 && r.err == EAGAIN);
    arm(0, -1);
    expect_eintr("no SA_RESTART futex wait",
                 CALL(syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0)));
}

static void test_wait(void)
{
    int p[2];
    CHECK("pipe", pipe(p) == 0);
    pid_t c = fork();
    if (c == 0) {
        char b;
        close(p[1]);
        ssize_t n = read(p[0], &b, 1); /* until the parent's handler writes */
        _exit(n == 1 ? 7 : 8);
    }
    close(p[0]);
    int st = 0;
    arm(1, p[1]);
    Res r = CALL(waitpid(c, &st, 0));
    disarm();
    CHECK("SA_RESTART waitpid: restarted, reaps the child", r.r == c);
    CHECK_EQ("waitpid: child's status", 7, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(p[1]);
}

/* ---- waits with a signal mask: ppoll, pselect, epoll_pwait ---- */

static volatile int usr2_blocked_in_handler = -1;
static void on_alarm_mask(int sig)
{
    (void)sig;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    usr2_blocked_in_handler = sigismember(&cur, SIGUSR2);
    alarms++;
}

/* SIGALRM and SIGUSR2 blocked; the call's mask unblocks both: the handler runs under the
 * call's mask (SIGUSR2 not blocked), the call fails with EINTR, the old mask is back. */
static void test_pwait_masks(void)
{
    int p[2];
    CHECK("pipe", pipe(p) == 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm_mask;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    sigset_t blk, none, cur;
    sigemptyset(&blk);
    sigaddset(&blk, SIGALRM);
    sigaddset(&blk, SIGUSR2);
    sigemptyset(&none);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    static const char *names[] = {"ppoll", "pselect", "epoll_pwait"};
    for (int which = 0; which < 3; which++) {
        char what[96];
        struct itimerval it = {{0, 0}, {0, 30000}};
        struct timespec ts = {5, 0};
        struct pollfd pfd = {p[0], POLLIN, 0};
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(p[0], &rd);
        sigprocmask(SIG_SETMASK, &blk, NULL);
        alarms = 0;
        usr2_blocked_in_handler = -1;
        setitimer(ITIMER_REAL, &it, NULL);
        Res r = which == 0   ? CALL(ppoll(&pfd, 1, &ts, &none))
                : which == 1 ? CALL(pselect(p[0] + 1, &rd, NULL, NULL, &ts, &none))
                             : CALL(epoll_pwait(ep, &ev, 1, 5000, &none));
        snprintf(what, sizeof what, "%s with a mask unblocking SIGALRM", names[which]);
        expect_eintr(what, r);
        snprintf(what, sizeof what, "%s: handler runs under the call's mask", names[which]);
        CHECK_EQ(what, 0, usr2_blocked_in_handler);
        sigprocmask(SIG_BLOCK, NULL, &cur);
        snprintf(what, sizeof what, "%s: the old mask is back", names[which]);
        CHECK(what, sigismember(&cur, SIGALRM) && sigismember(&cur, SIGUSR2));
    }
    sigprocmask(SIG_SETMASK, &none, NULL);
    close(ep);
    close(p[0]);
    close(p[1]);
}

/* ---- kill(-pgrp, SIGTERM) of one's own process group ---- */

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;) {
        pause();
    }
    return NULL;
}

static volatile sig_atomic_t got_term;
static void on_term(int sig)
{
    (void)sig;
    got_term++;
}

/* Runs in a child that made its own group; returns the exit status to use. */
static int pgrp_child(int mode)
{
    pid_t kids[2];
    pthread_t t;
    if (mode == 1) {
        pthread_create(&t, NULL, sleeper, NULL);
    }
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            for (;;) {
                pause();
            }
        }
    }
    if (mode == 2) {
        signal(SIGTERM, on_term); /* the caller only; the children keep SIG_DFL */
    }
    kill(-getpgrp(), SIGTERM);
    /* The kernel delivers to the caller before kill() returns to it. */
    for (int i = 0; i < 2; i++) {
        int st;
        if (waitpid(kids[i], &st, 0) != kids[i] || !WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM) {
            return 20 + i;
        }
    }
    return mode == 2 && got_term == 1 ? 3 : 30;
}

static void test_kill_pgrp(void)
{
    static const char *names[] = {"single thread", "with a second thread", "with a handler"};
    for (int mode = 0; mode < 3; mode++) {
        int p[2];
        CHECK("pipe", pipe(p) == 0);
        pid_t c = fork();
        if (c == 0) {
            /* Every process of the group holds the pipe's write end. */
            close(p[0]);
            setpgid(0, 0);
            alarm(10); /* a hang becomes SIGALRM, not a stuck test */
            _exit(pgrp_child(mode));
        }
        close(p[1]);
        int st = 0;
        waitpid(c, &st, 0);
        char what[96];
        snprintf(what, sizeof what, "kill(-pgrp, SIGTERM) %s: status", names[mode]);
        if (mode < 2) {
            CHECK_EQ(what, SIGTERM, WIFSIGNALED(st) ? WTERMSIG(st) : 0x100 + WEXITSTATUS(st));
        } else {
            CHECK_EQ(what, 0x100 + 3, WIFSIGNALED(st) ? WTERMSIG(st) : 0x100 + WEXITSTATUS(st));
        }
        /* EOF on the pipe once every member of the group is gone. */
        struct pollfd pfd = {p[0], POLLIN, 0};
        char b;
        snprintf(what, sizeof what, "kill(-pgrp, SIGTERM) %s: the whole group ended", names[mode]);
        CHECK(what, poll(&pfd, 1, 8000) == 1 && read(p[0], &b, 1) == 0);
        kill(-c, SIGKILL); /* leave nothing behind if it failed */
        close(p[0]);
    }
}

int main(void)
{
    /* A tick can write to a pipe whose reader is gone (test_wait's child): EPIPE only. */
    signal(SIGPIPE, SIG_IGN);
    test_pipe();
    test_sockets();
    test_never_restarted();
    test_futex_wait();
    test_wait();
    test_pwait_masks();
    signal(SIGALRM, SIG_DFL);
    test_kill_pgrp();
    return finish("signals-restart");
}
