/*
 * fd-table.c - the descriptor table an arm64 program sees after execve holds only what it
 * inherited: nothing of the emulator's own.
 *
 * execve(2) keeps open descriptors without FD_CLOEXEC and nothing else; close_range(2)
 * closes a whole range; fcntl(2), fstat(2) and dup(2) of a number that is not open fail
 * with EBADF; RLIMIT_NOFILE is one more than the largest number a process may open
 * (getrlimit(2)); dup2(2) may target any number below it.  CPython's subprocess tests list
 * open descriptors this way (fstat of every number below SC_OPEN_MAX); a descriptor the
 * emulator keeps for itself (vemu holds its executable open at 900) must not show up.
 *
 * The program closes everything from 3 up, re-runs itself, and the child checks that every
 * number from 3 to the soft RLIMIT_NOFILE is closed (fcntl F_GETFD, fstat, newfstatat
 * AT_EMPTY_PATH, dup), that a new file gets 3, that dup2 onto 900 works and the copy is the
 * same file, and that execve still works after that (the grandchild prints "grandchild").
 * Example: build/vemu-aarch64 build/tests/guest/fd-table   ->  ... PASS fd-table
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("FAIL " __VA_ARGS__);                                                           \
            printf("\n");                                                                          \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* Every number in [3, limit) must be closed, by four different calls. */
static void check_all_closed(void)
{
    struct rlimit rl;
    struct stat st;
    int reported = 0;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0, "getrlimit: %s", strerror(errno));
    rlim_t limit = rl.rlim_cur > 65536 ? 65536 : rl.rlim_cur;
    for (int fd = 3; fd < (int)limit && reported < 5; fd++) {
        errno = 0;
        int f = fcntl(fd, F_GETFD);
        int f_err = errno;
        int s = fstat(fd, &st);
        int s_err = errno;
        int a = fstatat(fd, "", &st, AT_EMPTY_PATH);
        int a_err = errno;
        int d = dup(fd);
        int d_err = errno;
        if (f != -1 || f_err != EBADF || s != -1 || s_err != EBADF || a != -1 || a_err != EBADF ||
            d != -1 || d_err != EBADF) {
            printf("FAIL fd %d open after close_range + execve: fcntl %d (%s), fstat %d, "
                   "fstatat %d, dup %d\n",
                   fd, f, strerror(f_err), s, a, d);
            failures++;
            reported++;
            if (d >= 0) {
                close(d);
            }
        }
    }
}

static int child(const char *self)
{
    struct stat a, b;
    check_all_closed();
    int fd = open("/dev/null", O_RDONLY);
    CHECK(fd == 3, "open after execve: expected fd 3 got %d", fd);
    /* any number below RLIMIT_NOFILE can be the target of dup2 */
    int d = dup2(fd, 900);
    CHECK(d == 900, "dup2(3, 900): expected 900 got %d (%s)", d, strerror(errno));
    CHECK(fstat(fd, &a) == 0 && fstat(900, &b) == 0 && a.st_ino == b.st_ino &&
              a.st_rdev == b.st_rdev,
          "fstat(900) after dup2 is not /dev/null");
    CHECK(close(900) == 0, "close(900): %s", strerror(errno));
    CHECK(close(900) == -1 && errno == EBADF, "second close(900): expected EBADF");
    close(fd);
    /* execve still works once the program has used number 900 */
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, "grandchild", (char *)NULL);
        _exit(98);
    }
    int st;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "grandchild: status %#x", st);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "grandchild") == 0) {
        printf("grandchild\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        return child(argv[0]);
    }
    fflush(stdout);
    /* whatever the test harness left open goes, so the child starts with 0, 1, 2 only */
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0) {
        printf("FAIL close_range(3, ~0U): %s\n", strerror(errno));
        return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", argv[0], "child", (char *)NULL);
        _exit(98);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
        printf("FAIL child: status %#x\n", st);
        return 1;
    }
    if (WEXITSTATUS(st) == 98 && getenv("VEMU_GUEST_QEMU_QUIRKS")) {
        printf("QUIRK execve of an arm64 ELF: ENOEXEC (runner has no binfmt_misc)\n");
    } else if (WEXITSTATUS(st) != 0) {
        printf("FAIL child exited with %d\n", WEXITSTATUS(st));
        return 1;
    }
    printf("PASS fd-table\n");
    return 0;
}
