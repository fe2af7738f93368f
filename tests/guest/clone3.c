/*
 * clone3.c - clone3(2) as glibc 2.36 and programs use it, with the kernel's checks:
 *   - pthread_create and posix_spawn (glibc tries clone3 first; the raw syscall must not
 *     be ENOSYS here), a spawned child's exit status, posix_spawn of a missing program
 *     reporting ENOENT (the child writes it into memory shared with the parent:
 *     CLONE_VM|CLONE_VFORK), a dup2 file action and glibc's handler resets in the child
 *     leaving the parent's fds and handlers alone;
 *   - a raw fork-like clone3 (exit_signal SIGCHLD): child sees 0, parent the pid, the
 *     child's exit status through waitpid, CLONE_PIDFD giving a pidfd that polls
 *     readable when the child ends;
 *   - a raw thread-like clone3 on its own stack (CLONE_VM|CLONE_THREAD|...|SETTLS,
 *     PARENT_SETTID and CHILD_CLEARTID): the tid stored, the stack used, the memory shared;
 *   - the argument checks: size < 64 -> EINVAL, size > 4096 -> E2BIG, non-zero bytes past
 *     the known struct -> E2BIG, CSIGNAL bits in flags -> EINVAL, stack without
 *     stack_size -> EINVAL, CLONE_THREAD with an exit_signal -> EINVAL.
 * (qemu-user 7.2 has no clone3 and cannot posix_spawn an arm64 program without binfmt, so
 * this test fails under it.)
 * Example: clone3({.exit_signal = SIGCHLD}, 88) == 0 in the child, its pid in the parent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

extern char **environ;

static long raw_clone3(struct clone_args *ca, size_t size)
{
    return syscall(SYS_clone3, ca, size);
}

static void *thread_fn(void *arg)
{
    return (void *)((uintptr_t)arg * 2);
}

static volatile int usr1_hits;
static void on_usr1(int sig)
{
    (void)sig;
    usr1_hits++;
}

static void test_glibc(const char *self)
{
    errno = 0;
    long r = raw_clone3(NULL, 0);
    CHECK("clone3 exists (not ENOSYS)", !(r == -1 && errno == ENOSYS));

    pthread_t t;
    void *ret = NULL;
    CHECK("pthread_create", pthread_create(&t, NULL, thread_fn, (void *)21) == 0);
    CHECK("pthread_join", pthread_join(t, &ret) == 0);
    CHECK_EQ("thread result", 42, (uintptr_t)ret);

    pid_t pid;
    char *argv[] = {(char *)self, "exit7", NULL};
    CHECK("posix_spawn", posix_spawn(&pid, self, NULL, NULL, argv, environ) == 0);
    int st = 0;
    CHECK("waitpid spawned", waitpid(pid, &st, 0) == pid);
    CHECK_EQ("spawned child's exit status", 7, WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    /* The child's file actions and signal resets (glibc resets handled signals to
     * SIG_DFL in the child) leave the parent's fds and handlers alone. */
    int p[2];
    CHECK("pipe", pipe(p) == 0);
    struct sigaction sa, cur;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    struct stat before, after;
    fstat(1, &before);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    char *argv3[] = {(char *)self, "hello", NULL};
    CHECK("posix_spawn with dup2", posix_spawn(&pid, self, &fa, NULL, argv3, environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    char buf[16] = {0};
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    CHECK("spawned child wrote to the pipe as its stdout", n == 5 && strcmp(buf, "hello") == 0);
    close(p[0]);
    waitpid(pid, &st, 0);
    fstat(1, &after);
    CHECK("parent's stdout unchanged",
          before.st_ino == after.st_ino && before.st_dev == after.st_dev);
    sigaction(SIGUSR1, NULL, &cur);
    CHECK("parent's SIGUSR1 handler kept", cur.sa_handler == on_usr1);
    raise(SIGUSR1);
    CHECK_EQ("and it still runs", 1, usr1_hits);

    char *argv2[] = {"/nonexistent/prog", NULL};
    int err = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, argv2, environ);
    CHECK_EQ("posix_spawn of a missing program reports ENOENT", ENOENT, err);
}

static void test_fork_like(void)
{
    int pidfd = -1;
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_PIDFD;
    ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
    ca.exit_signal = SIGCHLD;
    long pid = raw_clone3(&ca, sizeof ca);
    if (pid == 0) {
        _exit(33);
    }
    CHECK("fork-like clone3 returns the pid", pid > 0);
    CHECK("CLONE_PIDFD stored a pidfd", pidfd >= 0);
    struct pollfd p = {pidfd, POLLIN, 0};
    CHECK("pidfd readable when the child ends", poll(&p, 1, 5000) == 1);
    int st = 0;
    CHECK("waitpid", waitpid((pid_t)pid, &st, 0) == pid);
    CHECK_EQ("child's exit status", 33, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(pidfd);
}

/* The thread-like child runs this on its own stack with no libc state: raw syscalls. */
static volatile int shared_flag;
static volatile uint64_t child_sp;
static volatile int child_tid_word = -1, parent_tid_word;
static uint8_t thread_stack[64 * 1024] __attribute__((aligned(16)));

static void test_thread_like(void)
{
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
               CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    ca.parent_tid = (uint64_t)(uintptr_t)&parent_tid_word;
    ca.child_tid = (uint64_t)(uintptr_t)&child_tid_word;
    ca.stack = (uint64_t)(uintptr_t)thread_stack;
    ca.stack_size = sizeof thread_stack;
    child_tid_word = 1;
    /* The child: record sp, set the flag, exit (the kernel clears child_tid and wakes). */
    register long x0 asm("x0") = (long)(uintptr_t)&ca;
    register long x1 asm("x1") = sizeof ca;
    register long x8 asm("x8") = SYS_clone3;
    asm volatile("svc #0\n"
                 "cbnz x0, 1f\n"
                 "mov x9, sp\n"
                 "str x9, [%[sp]]\n"
                 "mov w9, #1\n"
                 "str w9, [%[flag]]\n"
                 "mov x0, #0\n"
                 "mov x8, #93\n" /* exit */
                 "svc #0\n"
                 "1:\n"
                 : "+r"(x0)
                 : "r"(x1), "r"(x8), [sp] "r"(&child_sp), [flag] "r"(&shared_flag)
                 : "x9", "memory");
    long tid = x0;
    CHECK("thread-like clone3 returns a tid", tid > 0);
    CHECK_EQ("CLONE_PARENT_SETTID stored the tid", tid, parent_tid_word);
    /* Wait for CLONE_CHILD_CLEARTID: the word becomes 0 when the thread is gone. */
    for (int i = 0; i < 5000 && child_tid_word != 0; i++) {
        usleep(1000);
    }
    CHECK_EQ("CLONE_CHILD_CLEARTID cleared the word", 0, child_tid_word);
    CHECK_EQ("the thread wrote shared memory", 1, shared_flag);
    CHECK_EQ("the thread started at stack + stack_size",
             (uint64_t)(uintptr_t)(thread_stack + sizeof thread_stack), child_sp);
}

static void expect_err(const char *what, long r, int err)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s: fails with %s (errno %s)", what, strerrorname_np(err),
             strerrorname_np(errno) ? strerrorname_np(errno) : "0");
    CHECK(buf, r == -1 && errno == err);
}

static void test_checks(void)
{
    struct {
        struct clone_args ca;
        uint64_t extra[4];
    } big;
    memset(&big, 0, sizeof big);
    big.ca.exit_signal = SIGCHLD;
    errno = 0;
    expect_err("size 32", raw_clone3(&big.ca, 32), EINVAL);
    errno = 0;
    expect_err("size 8192", raw_clone3(&big.ca, 8192), E2BIG);
    big.extra[1] = 1;
    errno = 0;
    expect_err("non-zero bytes past the struct", raw_clone3(&big.ca, sizeof big), E2BIG);
    big.extra[1] = 0;
    big.ca.flags = SIGCHLD;
    errno = 0;
    expect_err("CSIGNAL bits in flags", raw_clone3(&big.ca, sizeof big.ca), EINVAL);
    big.ca.flags = 0;
    big.ca.stack = (uint64_t)(uintptr_t)thread_stack;
    errno = 0;
    expect_err("stack without stack_size", raw_clone3(&big.ca, sizeof big.ca), EINVAL);
    big.ca.stack = 0;
    big.ca.flags = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    errno = 0;
    expect_err("CLONE_THREAD with exit_signal", raw_clone3(&big.ca, sizeof big.ca), EINVAL);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exit7") == 0) {
        return 7;
    }
    if (argc > 1 && strcmp(argv[1], "hello") == 0) {
        return write(1, "hello", 5) == 5 ? 0 : 1;
    }
    test_glibc(argv[0]);
    test_fork_like();
    test_thread_like();
    test_checks();
    return finish("clone3");
}
