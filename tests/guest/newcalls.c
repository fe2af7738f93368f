/*
 * newcalls.c - the newer system calls of the arm64 table, checked against their man
 * pages, and the ones vemu deliberately answers like a kernel built without them
 * (docs/syscalls.md says why):
 *   close_range(2): CLOSE_RANGE_CLOEXEC marks, plain close_range closes, EINVAL cases;
 *   pidfd_open(2), pidfd_send_signal(2) (signal 0), pidfd_getfd(2) (a duplicate of the
 *   same open file), ESRCH/EINVAL;
 *   futex_waitv(2): EAGAIN when a value differs, ETIMEDOUT at an absolute timeout,
 *   EINVAL for a bad size flag;
 *   landlock_*, seccomp, io_uring_*: ENOSYS, and prctl's PR_SET_SECCOMP/PR_GET_SECCOMP
 *   EINVAL (as on a kernel without CONFIG_SECCOMP).
 * Example: vemu-aarch64 newcalls   ->  PASS newcalls
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* asm-generic numbers, in case the cross headers are older than the calls */
#define NR_io_uring_setup 425
#define NR_pidfd_open 434
#define NR_close_range 436
#define NR_pidfd_getfd 438
#define NR_landlock_create_ruleset 444
#define NR_landlock_add_rule 445
#define NR_landlock_restrict_self 446
#define NR_futex_waitv 449
#define NR_pidfd_send_signal 424
#define CLOSE_RANGE_CLOEXEC_ (1u << 2)

struct waitv {
    uint64_t val;
    uint64_t uaddr;
    uint32_t flags;
    uint32_t reserved;
};

static long fails_with(long r, int err)
{
    return r == -1 && errno == err;
}

static void test_close_range(void)
{
    int a = dup(1), b = dup(1);
    CHECK("dup", a >= 0 && b > a);
    CHECK_EQ("close_range CLOEXEC", 0, syscall(NR_close_range, a, b, CLOSE_RANGE_CLOEXEC_));
    CHECK_EQ("FD_CLOEXEC set on the first", FD_CLOEXEC, fcntl(a, F_GETFD));
    CHECK_EQ("FD_CLOEXEC set on the last", FD_CLOEXEC, fcntl(b, F_GETFD));
    CHECK("close_range first > last: EINVAL", fails_with(syscall(NR_close_range, b, a, 0), EINVAL));
    CHECK("close_range unknown flag: EINVAL",
          fails_with(syscall(NR_close_range, a, b, 1u << 7), EINVAL));
    CHECK_EQ("close_range closes", 0, syscall(NR_close_range, a, b, 0));
    CHECK("closed", fails_with(fcntl(a, F_GETFD), EBADF) && fails_with(fcntl(b, F_GETFD), EBADF));
}

static void test_pidfd(void)
{
    struct stat s1, s2;
    int fd = open("/proc/self/exe", O_RDONLY);
    int pidfd = (int)syscall(NR_pidfd_open, getpid(), 0);
    int copy;
    CHECK("pidfd_open", pidfd >= 0);
    CHECK_EQ("pidfd_send_signal 0", 0, syscall(NR_pidfd_send_signal, pidfd, 0, NULL, 0));
    copy = (int)syscall(NR_pidfd_getfd, pidfd, fd, 0);
    CHECK("pidfd_getfd", copy >= 0 && copy != fd);
    CHECK("pidfd_getfd: the same open file", fstat(fd, &s1) == 0 && fstat(copy, &s2) == 0 &&
                                                 s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev);
    CHECK_EQ("pidfd_getfd: FD_CLOEXEC set", FD_CLOEXEC, fcntl(copy, F_GETFD));
    CHECK("pidfd_open(-1): EINVAL", fails_with(syscall(NR_pidfd_open, -1, 0), EINVAL));
    CHECK("pidfd_open bad flags: EINVAL", fails_with(syscall(NR_pidfd_open, getpid(), 1), EINVAL));
    close(copy);
    close(fd);
    close(pidfd);
}

static void test_futex_waitv(void)
{
    static uint32_t word = 5;
    struct waitv w = {6, (uint64_t)(uintptr_t)&word, 2 /* FUTEX2_SIZE_U32 */ | 128, 0};
    struct timespec t;
    CHECK("futex_waitv: value differs -> EAGAIN",
          fails_with(syscall(NR_futex_waitv, &w, 1, 0, NULL, CLOCK_MONOTONIC), EAGAIN));
    w.val = 5;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += 20 * 1000 * 1000;
    if (t.tv_nsec >= 1000000000) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000;
    }
    CHECK("futex_waitv: absolute timeout -> ETIMEDOUT",
          fails_with(syscall(NR_futex_waitv, &w, 1, 0, &t, CLOCK_MONOTONIC), ETIMEDOUT));
    w.flags = 3; /* FUTEX2_SIZE_U64: not supported by futex_waitv */
    CHECK("futex_waitv: bad size -> EINVAL",
          fails_with(syscall(NR_futex_waitv, &w, 1, 0, NULL, CLOCK_MONOTONIC), EINVAL));
}

static void test_unsupported(void)
{
    char params[120];
    memset(params, 0, sizeof params);
    CHECK("landlock_create_ruleset: ENOSYS",
          fails_with(syscall(NR_landlock_create_ruleset, NULL, 0, 1), ENOSYS));
    CHECK("landlock_add_rule: ENOSYS",
          fails_with(syscall(NR_landlock_add_rule, -1, 1, NULL, 0), ENOSYS));
    CHECK("landlock_restrict_self: ENOSYS",
          fails_with(syscall(NR_landlock_restrict_self, -1, 0), ENOSYS));
    CHECK("seccomp: ENOSYS", fails_with(syscall(SYS_seccomp, 0, 0, NULL), ENOSYS));
    CHECK("PR_GET_SECCOMP: EINVAL", fails_with(prctl(PR_GET_SECCOMP, 0, 0, 0, 0), EINVAL));
    CHECK("PR_SET_SECCOMP strict: EINVAL", fails_with(prctl(PR_SET_SECCOMP, 1, 0, 0, 0), EINVAL));
    CHECK("io_uring_setup: ENOSYS", fails_with(syscall(NR_io_uring_setup, 1, params), ENOSYS));
}

int main(void)
{
    test_close_range();
    test_pidfd();
    test_futex_waitv();
    test_unsupported();
    return finish("newcalls");
}
