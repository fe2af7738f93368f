/*
 * clone-vm.c - clone(2) with CLONE_VM and without CLONE_THREAD/CLONE_VFORK, as clone(2)
 * and the kernel (kernel/fork.c) define it: a new process (its own pid, getppid() the
 * caller) that shares the caller's memory and runs fn on the given stack at once, the
 * caller going on without waiting; waitpid returns its exit status (fn's return value
 * through glibc's clone, or _exit's), or the signal that killed it; the exit signal in the
 * flags goes to the parent (SIGCHLD, or SIGUSR1, needing __WALL to wait for); without
 * CLONE_FILES the child's descriptors are a copy, with it they are shared; without
 * CLONE_SIGHAND the child's sigaction does not change the parent's handlers;
 * CLONE_PARENT_SETTID stores the pid, CLONE_CHILD_SETTID stores it in the child,
 * CLONE_CHILD_CLEARTID clears the word and wakes a futex on it when the child exits or
 * execs; a child that execs leaves the parent's memory alone and reports the new
 * program's status; the child runs translated code at the same time as the parent (both
 * sum the same table, the results must agree); clone3 with CLONE_VM and exit_signal
 * SIGCHLD on a stack of its own does the same; a signal sent to the child runs the
 * handler the child installed (not the parent's); after 50 children come and go the
 * process has one task again.
 * (qemu-user 7.2 does not implement this clone: the test fails under it.)
 * Example: clone(fn, stack + size, CLONE_VM | SIGCHLD, &x) -> fn sets x = 42 and returns
 *          7; waitpid -> WEXITSTATUS 7 and the parent sees x == 42.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define STACK_SIZE (256 * 1024)

static char *new_stack(void)
{
    char *s = malloc(STACK_SIZE);
    return s ? s + STACK_SIZE : NULL;
}

static volatile int shared_value;
static volatile sig_atomic_t got_sigchld, got_sigusr1;
static volatile pid_t child_saw_pid, child_saw_ppid;

static void on_sigchld(int sig)
{
    (void)sig;
    got_sigchld++;
}

static void on_sigusr1(int sig)
{
    (void)sig;
    got_sigusr1++;
}

static int child_basic(void *arg)
{
    shared_value = *(int *)arg;
    child_saw_pid = getpid();
    child_saw_ppid = getppid();
    return 7;
}

static void test_basic(void)
{
    int arg = 42, st = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sigaction(SIGCHLD, &sa, NULL);
    got_sigchld = 0;
    shared_value = 0;
    pid_t pid = clone(child_basic, new_stack(), CLONE_VM | SIGCHLD, &arg);
    CHECK("clone(CLONE_VM|SIGCHLD) returns a pid", pid > 0);
    CHECK_EQ("waitpid", pid, waitpid(pid, &st, 0));
    CHECK("exited", WIFEXITED(st));
    CHECK_EQ("fn's return value is the exit status", 7, WEXITSTATUS(st));
    CHECK_EQ("the child wrote the parent's memory", 42, shared_value);
    CHECK_EQ("the child's getpid() is the pid", pid, child_saw_pid);
    CHECK_EQ("the child's getppid() is the parent", getpid(), child_saw_ppid);
    for (int i = 0; i < 1000 && !got_sigchld; i++) {
        usleep(1000);
    }
    CHECK_EQ("SIGCHLD delivered once", 1, got_sigchld);
    signal(SIGCHLD, SIG_DFL);
}

static int child_exit_group(void *arg)
{
    (void)arg;
    _exit(5);
}

static int child_spin(void *arg)
{
    volatile int *go = arg;
    *go = 1;
    for (;;) {
        shared_value++;
    }
    return 0;
}

static void test_exit_and_kill(void)
{
    int st = 0, go = 0;
    pid_t pid = clone(child_exit_group, new_stack(), CLONE_VM | SIGCHLD, NULL);
    CHECK_EQ("waitpid (_exit)", pid, waitpid(pid, &st, 0));
    CHECK_EQ("_exit(5) status", 5, WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    /* A child running translated code while the parent goes on, then killed. */
    pid = clone(child_spin, new_stack(), CLONE_VM | SIGCHLD, &go);
    CHECK("clone spinner", pid > 0);
    while (!go) {
        sched_yield();
    }
    int before = shared_value;
    usleep(20000);
    CHECK("the child runs while the parent does", shared_value != before);
    CHECK_EQ("kill", 0, kill(pid, SIGKILL));
    CHECK_EQ("waitpid (killed)", pid, waitpid(pid, &st, 0));
    CHECK("killed by SIGKILL", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

static int child_return_0(void *arg)
{
    (void)arg;
    return 0;
}

static void test_exit_signal(void)
{
    int st = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigusr1;
    sigaction(SIGUSR1, &sa, NULL);
    got_sigusr1 = 0;
    pid_t pid = clone(child_return_0, new_stack(), CLONE_VM | SIGUSR1, NULL);
    CHECK("clone(CLONE_VM|SIGUSR1)", pid > 0);
    CHECK_EQ("waitpid without __WALL does not see it", -1, waitpid(pid, &st, WNOHANG));
    CHECK_EQ("... ECHILD", ECHILD, errno);
    CHECK_EQ("waitpid(__WALL)", pid, waitpid(pid, &st, __WALL));
    for (int i = 0; i < 1000 && !got_sigusr1; i++) {
        usleep(1000);
    }
    CHECK_EQ("exit signal SIGUSR1 delivered", 1, got_sigusr1);
    signal(SIGUSR1, SIG_DFL);
}

static int fd_to_close;

static int child_close_fd(void *arg)
{
    (void)arg;
    close(fd_to_close);
    return 0;
}

static int child_ignore_sigusr2(void *arg)
{
    (void)arg;
    signal(SIGUSR2, SIG_IGN);
    return 0;
}

static void test_sharing(void)
{
    int st;
    fd_to_close = open("/dev/null", O_RDONLY);
    pid_t pid = clone(child_close_fd, new_stack(), CLONE_VM | SIGCHLD, NULL);
    waitpid(pid, &st, 0);
    CHECK("without CLONE_FILES the parent's fd stays open", fcntl(fd_to_close, F_GETFD) >= 0);
    pid = clone(child_close_fd, new_stack(), CLONE_VM | CLONE_FILES | SIGCHLD, NULL);
    waitpid(pid, &st, 0);
    CHECK("with CLONE_FILES the child closed the parent's fd",
          fcntl(fd_to_close, F_GETFD) == -1 && errno == EBADF);

    struct sigaction sa, cur;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigusr1;
    sigaction(SIGUSR2, &sa, NULL);
    pid = clone(child_ignore_sigusr2, new_stack(), CLONE_VM | SIGCHLD, NULL);
    waitpid(pid, &st, 0);
    sigaction(SIGUSR2, NULL, &cur);
    CHECK("without CLONE_SIGHAND the parent's handler stays", cur.sa_handler == on_sigusr1);
    pid = clone(child_ignore_sigusr2, new_stack(), CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    waitpid(pid, &st, 0);
    sigaction(SIGUSR2, NULL, &cur);
    CHECK("with CLONE_SIGHAND the child's SIG_IGN is the parent's", cur.sa_handler == SIG_IGN);
    signal(SIGUSR2, SIG_DFL);
}

static volatile int32_t ctid_word = -1;
static volatile pid_t ptid_word;
static volatile pid_t ctid_seen;

static int child_tids(void *arg)
{
    (void)arg;
    ctid_seen = ctid_word; /* CLONE_CHILD_SETTID stored it before fn ran */
    usleep(20000);
    return 0;
}

static void test_tids(void)
{
    int st;
    pid_t pid =
        clone(child_tids, new_stack(),
              CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
              NULL, &ptid_word, NULL, &ctid_word);
    CHECK("clone with tid flags", pid > 0);
    CHECK_EQ("CLONE_PARENT_SETTID", pid, ptid_word);
    /* CLONE_CHILD_CLEARTID: 0 and a futex wake when the child is gone. */
    int32_t v;
    while ((v = ctid_word) != 0) {
        syscall(SYS_futex, &ctid_word, FUTEX_WAIT, v, NULL, NULL, 0);
    }
    CHECK_EQ("CLONE_CHILD_SETTID seen by the child", pid, ctid_seen);
    CHECK_EQ("CLONE_CHILD_CLEARTID cleared", 0, ctid_word);
    CHECK_EQ("waitpid", pid, waitpid(pid, &st, 0));
}

static char self_path[4096];

static int child_exec(void *arg)
{
    (void)arg;
    char *argv[] = {self_path, "--exit", "3", NULL};
    execv(self_path, argv);
    return 99;
}

static void test_exec(void)
{
    int st;
    ctid_word = -1;
    shared_value = 1234;
    pid_t pid = clone(child_exec, new_stack(), CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, NULL,
                      NULL, NULL, &ctid_word);
    CHECK("clone (exec)", pid > 0);
    CHECK_EQ("waitpid (exec)", pid, waitpid(pid, &st, 0));
    CHECK_EQ("the exec'd program's status", 3, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    CHECK_EQ("CLONE_CHILD_CLEARTID cleared at exec or exit", 0, ctid_word);
    CHECK_EQ("the parent's memory untouched", 1234, shared_value);
}

/* Both run the same code at the same time (one block cache, two processes). */
static uint64_t table[4096];
static volatile uint64_t child_sum;

static uint64_t sum_table(void)
{
    uint64_t s = 0;
    for (int r = 0; r < 200; r++) {
        for (int i = 0; i < 4096; i++) {
            s = s * 31 + (table[i] ^ (uint64_t)r);
        }
    }
    return s;
}

static int child_sum_fn(void *arg)
{
    (void)arg;
    child_sum = sum_table();
    return 0;
}

static void test_concurrent(void)
{
    int st;
    for (int i = 0; i < 4096; i++) {
        table[i] = (uint64_t)i * 0x9e3779b97f4a7c15ull;
    }
    pid_t pid = clone(child_sum_fn, new_stack(), CLONE_VM | SIGCHLD, NULL);
    uint64_t mine = sum_table();
    waitpid(pid, &st, 0);
    CHECK_EQ("child and parent computed the same", mine, child_sum);
}

/* clone3 with CLONE_VM and an exit signal: the child returns 0 on its own stack. */
static uint8_t c3_stack[64 * 1024] __attribute__((aligned(16)));

static void test_clone3(void)
{
    struct clone_args ca;
    int st;
    memset(&ca, 0, sizeof ca);
    ca.flags = CLONE_VM;
    ca.exit_signal = SIGCHLD;
    ca.stack = (uint64_t)(uintptr_t)c3_stack;
    ca.stack_size = sizeof c3_stack;
    shared_value = 0;
    register long x0 asm("x0") = (long)(uintptr_t)&ca;
    register long x1 asm("x1") = sizeof ca;
    register long x8 asm("x8") = SYS_clone3;
    asm volatile("svc #0\n"
                 "cbnz x0, 1f\n"
                 "mov w9, #77\n"
                 "str w9, [%[val]]\n"
                 "mov x0, #9\n"
                 "mov x8, #94\n" /* exit_group(9) */
                 "svc #0\n"
                 "1:\n"
                 : "+r"(x0)
                 : "r"(x1), "r"(x8), [val] "r"(&shared_value)
                 : "x9", "memory");
    long pid = x0;
    CHECK("clone3(CLONE_VM, SIGCHLD) returns a pid", pid > 0);
    CHECK_EQ("waitpid (clone3)", pid, waitpid((pid_t)pid, &st, 0));
    CHECK_EQ("clone3 child's status", 9, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    CHECK_EQ("clone3 child wrote shared memory", 77, shared_value);
}

/* A signal sent to the child runs the child's handler (its own copy of the table). */
static volatile sig_atomic_t child_handled, child_ready;

static void child_on_usr1(int sig)
{
    (void)sig;
    child_handled = 1;
}

static int child_signal_fn(void *arg)
{
    (void)arg;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = child_on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    /* SIGUSR1 stays blocked except inside sigsuspend: a signal arriving between the test
     * of child_handled and the wait would otherwise be handled before a pause() that then
     * never returns (a race of the test, on any kernel) */
    sigset_t block, old_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old_mask);
    child_ready = 1;
    while (!child_handled) {
        sigsuspend(&old_mask);
    }
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    return 11;
}

static void test_child_signal(void)
{
    int st;
    struct sigaction cur;
    child_handled = child_ready = 0;
    pid_t pid = clone(child_signal_fn, new_stack(), CLONE_VM | SIGCHLD, NULL);
    while (!child_ready) {
        sched_yield();
    }
    CHECK_EQ("kill the child with SIGUSR1", 0, kill(pid, SIGUSR1));
    CHECK_EQ("waitpid (signal)", pid, waitpid(pid, &st, 0));
    CHECK_EQ("the child's handler ran, then it returned", 11, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    CHECK_EQ("... in the shared memory", 1, child_handled);
    sigaction(SIGUSR1, NULL, &cur);
    CHECK("the parent's SIGUSR1 is still SIG_DFL", cur.sa_handler == SIG_DFL);
}

/* Many children: once they are gone, the process is one task again (this one). */
static int count_tasks(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;
    if (!d) {
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        n += e->d_name[0] != '.';
    }
    closedir(d);
    return n;
}

static void test_many(void)
{
    int st, ok = 0, tasks = 0;
    for (int i = 0; i < 50; i++) {
        char *stack = new_stack();
        pid_t pid = clone(child_return_0, stack, CLONE_VM | SIGCHLD, NULL);
        ok += pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
        free(stack - STACK_SIZE);
    }
    CHECK_EQ("50 children in a row", 50, ok);
    for (int i = 0; i < 1000 && (tasks = count_tasks()) != 1; i++) {
        usleep(1000);
    }
    CHECK_EQ("one task left", 1, tasks);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--exit") == 0) {
        return atoi(argv[2]);
    }
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    CHECK("readlink /proc/self/exe", n > 0);
    test_basic();
    test_exit_and_kill();
    test_exit_signal();
    test_sharing();
    test_tids();
    if (n > 0) {
        test_exec();
    }
    test_concurrent();
    test_clone3();
    test_child_signal();
    test_many();
    return finish("clone-vm");
}
