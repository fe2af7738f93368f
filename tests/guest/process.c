/*
 * process.c - process syscalls: fork + waitpid exit codes, a pipe between
 * parent and child, execve of this same program (path taken from argv[0],
 * since /proc/self/exe is not reliable under emulators) with an argument and
 * an environment variable, wait4 status and rusage of a child killed by
 * SIGKILL, getpid/getppid consistency, and vfork.
 *
 * Run as `process`; re-executes itself as `process --child-exec ARG`.
 * An emulator must make execve of an arm64 ELF work by itself (vemu re-runs
 * itself).  qemu-aarch64 can only do that through binfmt_misc; where that is
 * missing, VEMU_GUEST_QEMU_QUIRKS=1 turns the ENOEXEC failure into a
 * printed QUIRK line so the rest can still be compared.  Never set it for vemu.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void test_fork_exit_codes(void)
{
    static const int codes[] = { 0, 1, 42, 127, 255 };
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        pid_t pid = fork();
        if (pid == 0) {
            _exit(codes[i]);
        }
        CHECK("fork succeeded", pid > 0);
        int st = 0;
        pid_t w = waitpid(pid, &st, 0);
        CHECK_EQ("waitpid returns the child", pid, w);
        CHECK("child exited normally", WIFEXITED(st));
        char what[48];
        snprintf(what, sizeof(what), "exit code %d", codes[i]);
        CHECK_EQ(what, codes[i], WEXITSTATUS(st));
    }
    /* exit(256 + 3) truncates to 3 */
    pid_t pid = fork();
    if (pid == 0) {
        exit(259);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK_EQ("exit status truncated to 8 bits", 3, WEXITSTATUS(st));
    /* no children left: ECHILD */
    errno = 0;
    CHECK_EQ("waitpid with no children", (uint64_t)-1, (uint64_t)(int64_t)waitpid(-1, &st, WNOHANG));
    CHECK_EQ("errno ECHILD", ECHILD, errno);
}

static void test_pids(void)
{
    pid_t me = getpid(), parent = getppid();
    int fds[2];
    CHECK("pipe", pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        pid_t ids[2] = { getpid(), getppid() };
        ssize_t n = write(fds[1], ids, sizeof(ids));
        _exit(n == sizeof(ids) ? 0 : 1);
    }
    close(fds[1]);
    pid_t ids[2] = { 0, 0 };
    ssize_t n = read(fds[0], ids, sizeof(ids));
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    CHECK_EQ("child read size", sizeof(ids), n);
    CHECK_EQ("child's getpid() == fork() result", pid, ids[0]);
    CHECK_EQ("child's getppid() == parent's getpid()", me, ids[1]);
    CHECK("getpid differs from getppid", me != parent);
    CHECK_EQ("getppid stable", parent, getppid());
    CHECK("child pid differs from parent", pid != me);
}

static void test_pipe_data(void)
{
    int to_child[2], from_child[2];
    CHECK("pipe 1", pipe(to_child) == 0);
    CHECK("pipe 2", pipe(from_child) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(to_child[1]);
        close(from_child[0]);
        /* echo back every byte + 1 until EOF */
        unsigned char buf[4096];
        ssize_t n;
        while ((n = read(to_child[0], buf, sizeof(buf))) > 0) {
            for (ssize_t i = 0; i < n; i++) {
                buf[i]++;
            }
            if (write(from_child[1], buf, n) != n) {
                _exit(2);
            }
        }
        _exit(n == 0 ? 0 : 3);
    }
    close(to_child[0]);
    close(from_child[1]);
    enum { TOTAL = 200000 };
    static unsigned char out[TOTAL], in[TOTAL];
    for (int i = 0; i < TOTAL; i++) {
        out[i] = (unsigned char)(i * 7);
    }
    /* interleave writes and reads so neither side blocks on a full pipe */
    size_t sent = 0, got = 0;
    while (got < TOTAL) {
        if (sent < TOTAL) {
            size_t chunk = TOTAL - sent < 8192 ? TOTAL - sent : 8192;
            ssize_t w = write(to_child[1], out + sent, chunk);
            if (w <= 0) {
                break;
            }
            sent += w;
            if (sent == TOTAL) {
                close(to_child[1]);
            }
        }
        ssize_t r = read(from_child[0], in + got, TOTAL - got);
        if (r <= 0) {
            break;
        }
        got += r;
    }
    close(from_child[0]);
    int st;
    waitpid(pid, &st, 0);
    CHECK_EQ("pipe round trip bytes", TOTAL, got);
    int bad = 0;
    for (size_t i = 0; i < got; i++) {
        bad += in[i] != (unsigned char)(out[i] + 1);
    }
    CHECK_EQ("pipe round trip data mismatches", 0, bad);
    CHECK("pipe child exit 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void test_exec(const char *self)
{
    int fds[2];
    CHECK("pipe", pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        char *argv[] = { (char *)self, "--child-exec", "hello exec", NULL };
        char *envp[] = { "VEMU_TEST_VAR=value42", NULL };
        execve(self, argv, envp);
        _exit(errno == ENOEXEC ? 98 : 99);
    }
    close(fds[1]);
    char buf[256] = { 0 };
    size_t got = 0;
    ssize_t n;
    while (got < sizeof(buf) - 1 && (n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
        got += n;
    }
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    CHECK("exec'd child exited", WIFEXITED(st));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 98 && getenv("VEMU_GUEST_QEMU_QUIRKS")) {
        printf("QUIRK execve of an arm64 ELF: ENOEXEC (runner has no binfmt_misc)\n");
        return;
    }
    CHECK_EQ("exec'd child exit code (98 = ENOEXEC, 99 = other execve failure)", 7, WEXITSTATUS(st));
    if (strcmp(buf, "child argc=3 arg=hello exec env=value42\n") != 0) {
        printf("FAIL exec output: got \"%s\"\n", buf);
        check_failures++;
    }
    /* execve of a missing file fails with ENOENT and returns */
    char *argv[] = { "/nonexistent/prog", NULL };
    errno = 0;
    CHECK_EQ("execve missing returns -1", (uint64_t)-1, (uint64_t)(int64_t)execve(argv[0], argv, NULL));
    CHECK_EQ("execve missing errno", ENOENT, errno);
}

static void test_killed(void)
{
    int fds[2];
    CHECK("pipe", pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char c = 'r';
        if (write(fds[1], &c, 1) != 1) {
            _exit(1);
        }
        for (;;) {
            pause();
        }
    }
    close(fds[1]);
    char c;
    CHECK_EQ("child ready", 1, read(fds[0], &c, 1));
    close(fds[0]);
    int st = 0;
    CHECK_EQ("waitpid WNOHANG on a live child", 0, waitpid(pid, &st, WNOHANG));
    kill(pid, SIGKILL);
    struct rusage ru;
    memset(&ru, 0xff, sizeof(ru));
    pid_t w = wait4(pid, &st, 0, &ru);
    CHECK_EQ("wait4 returns the child", pid, w);
    CHECK("wait4: WIFSIGNALED", WIFSIGNALED(st));
    CHECK_EQ("wait4: WTERMSIG", SIGKILL, WTERMSIG(st));
    CHECK("wait4: not WIFEXITED", !WIFEXITED(st));
    CHECK("wait4: rusage filled", ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_sec < 1000);
    /* a child that raises SIGTERM on itself */
    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(5);
    }
    waitpid(pid, &st, 0);
    CHECK("raise(SIGTERM): WIFSIGNALED", WIFSIGNALED(st));
    CHECK_EQ("raise(SIGTERM): WTERMSIG", SIGTERM, WTERMSIG(st));
}

static void test_vfork(void)
{
    /* Only the exit status is checked: whether the child shares memory is
       not guaranteed (qemu-user implements vfork as fork). */
    pid_t pid = vfork();
    if (pid == 0) {
        _exit(17);
    }
    int st;
    CHECK_EQ("vfork waitpid", pid, waitpid(pid, &st, 0));
    CHECK_EQ("vfork child exit", 17, WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--child-exec") == 0) {
        const char *v = getenv("VEMU_TEST_VAR");
        printf("child argc=%d arg=%s env=%s\n", argc, argc > 2 ? argv[2] : "(none)", v ? v : "(unset)");
        fflush(stdout);
        return 7;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    test_fork_exit_codes();
    test_pids();
    test_pipe_data();
    test_exec(argv[0]);
    test_killed();
    test_vfork();
    return finish("process");
}
