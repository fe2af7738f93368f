/*
 * strace-calls.c - a guest program making system calls with known arguments, so that
 * tests/cli/strace.sh can compare vemu's -strace lines with the exact text strace
 * prints for them (tests/cli/strace-expected.txt).  Run it in an empty directory with
 * umask 022; it makes raw syscalls so that glibc adds or changes nothing.
 *   strace-calls            the deterministic calls, then exit_group(7)
 *   strace-calls --thread   one call from a second thread ("[pid N]" lines)
 *   strace-calls --segv     a signal to a handler, then a fatal SIGSEGV
 *   strace-calls --fork     a fork-like clone: "[pid N]" lines from parent and child
 *   strace-calls --bad      calls whose pointers point nowhere (decoding must not fault)
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define AT_FDCWD_ (-100)

struct ksigaction {
    uint64_t handler, flags, restorer, mask;
};

static void mark(const char *what)
{
    syscall(SYS_write, -1, what, strlen(what));
}

static void *thread_main(void *arg)
{
    (void)arg;
    mark("thread");
    return NULL;
}

static void on_usr2(int sig)
{
    (void)sig;
}

static int files_and_pipes(void)
{
    static const char data[] = "hello\n\t\"quoted\"\\ \001\377";
    static const char longer[] = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
    struct stat st;
    int p[2];
    char a[4], b[8];
    struct iovec out[2] = {{(void *)"ab", 2}, {(void *)"cde", 3}};
    struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
    struct pollfd pfd;
    struct timespec zero = {0, 0}, tiny = {0, 1000};
    struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
    int fd, avail;
    fd_set rd;
    int ep;
    struct epoll_event ev, evs[4];

    syscall(SYS_umask, 022);
    syscall(SYS_openat, AT_FDCWD_, "/nonexistent/x", O_RDONLY | O_CLOEXEC);
    fd = (int)syscall(SYS_openat, AT_FDCWD_, "strace-test.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    syscall(SYS_write, fd, data, sizeof data - 1);
    syscall(SYS_write, fd, longer, sizeof longer - 1);
    syscall(SYS_lseek, fd, 0, SEEK_SET);
    syscall(SYS_fstat, fd, &st);
    syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
    syscall(SYS_fcntl, fd, F_GETFD);
    syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK);
    syscall(SYS_fcntl, fd, F_GETFL);
    syscall(SYS_flock, fd, LOCK_EX | LOCK_NB);
    syscall(SYS_fadvise64, fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    syscall(SYS_utimensat, AT_FDCWD_, "strace-test.txt", times, 0);
    syscall(SYS_close, fd);
    syscall(SYS_close, 99);
    syscall(SYS_faccessat, AT_FDCWD_, "/", R_OK | X_OK);
    syscall(SYS_unlinkat, AT_FDCWD_, "strace-test.txt", 0);
    syscall(SYS_pipe2, p, O_CLOEXEC);
    syscall(SYS_dup3, p[0], 10, O_CLOEXEC);
    syscall(SYS_writev, p[1], out, 2);
    syscall(SYS_ioctl, p[0], FIONREAD, &avail);
    syscall(SYS_ioctl, p[0], FIOCLEX);
    pfd.fd = p[0];
    pfd.events = POLLIN;
    syscall(SYS_ppoll, &pfd, 1, &zero, NULL, 8);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &zero, NULL);
    ep = (int)syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
    ev.events = EPOLLIN;
    ev.data.u64 = 3;
    syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
    syscall(SYS_epoll_pwait, ep, evs, 4, 0, NULL, 8);
    syscall(SYS_close, ep);
    syscall(SYS_readv, p[0], in, 2);
    syscall(SYS_ppoll, &pfd, 1, &zero, NULL, 8);
    syscall(SYS_nanosleep, &tiny, NULL);
    syscall(SYS_close, 10);
    return 0;
}

static void signals_and_memory(void)
{
    struct ksigaction act = {(uint64_t)SIG_IGN, SA_RESTART, 0, 0}, old;
    uint64_t set = (1u << (SIGINT - 1)) | (1u << (SIGTERM - 1)), oldset;
    struct rlimit none = {0, 0}, got;
    struct itimerval off, prev;
    syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &oldset, NULL, 8);
    syscall(SYS_kill, -999999, 0);
    syscall(SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    syscall(SYS_madvise, NULL, 0, MADV_DONTNEED);
    syscall(SYS_prlimit64, 0, RLIMIT_CORE, &none, NULL);
    syscall(SYS_getrlimit, RLIMIT_CORE, &got);
    memset(&off, 0, sizeof off);
    syscall(SYS_setitimer, ITIMER_REAL, &off, &prev);
}

static void sockets(void)
{
    int one = 1, s, sv[2];
    long long val = 0;
    socklen_t vlen = sizeof val;
    char buf[16];
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
    syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    syscall(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, &val, &vlen);
    syscall(SYS_bind, s, &sin, sizeof sin);
    syscall(SYS_close, s);
    syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
    syscall(SYS_sendto, sv[0], "ping", 4, MSG_DONTWAIT, NULL, 0);
    syscall(SYS_recvfrom, sv[1], buf, sizeof buf, MSG_PEEK, NULL, NULL);
    syscall(SYS_shutdown, sv[0], SHUT_WR);
    syscall(SYS_close, sv[0]);
    syscall(SYS_close, sv[1]);
}

/* Unmapped addresses everywhere a call reads or writes memory: -EFAULT, and -strace
 * prints the addresses instead of what they would point to. */
static void bad_pointers(void)
{
    const long bad = 0x1000; /* below mmap_min_addr: never mapped */
    int s = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
    syscall(SYS_openat, AT_FDCWD_, bad, O_RDONLY);
    syscall(SYS_write, 2, bad, 10);
    syscall(SYS_fstat, 0, bad);
    syscall(SYS_rt_sigaction, SIGUSR1, bad, bad, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, bad, 8);
    syscall(SYS_ppoll, bad, 2, bad, bad, 8);
    syscall(SYS_writev, 1, bad, 2);
    syscall(SYS_bind, s, bad, 16);
    syscall(SYS_sendmsg, s, bad, 0);
    syscall(SYS_execve, bad, bad, bad);
    syscall(SYS_clone3, bad, 88);
    syscall(SYS_exit_group, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--fork") == 0) {
        int status;
        long pid;
        mark("BEGIN");
        pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) {
            mark("child");
            syscall(SYS_exit_group, 3);
        }
        syscall(SYS_wait4, pid, &status, 0, NULL);
        syscall(SYS_exit_group, 0);
    }
    if (argc > 1 && strcmp(argv[1], "--bad") == 0) {
        mark("BEGIN");
        bad_pointers();
    }
    if (argc > 1 && strcmp(argv[1], "--thread") == 0) {
        pthread_t t;
        mark("BEGIN");
        pthread_create(&t, NULL, thread_main, NULL);
        pthread_join(t, NULL);
        syscall(SYS_exit_group, 0);
    }
    if (argc > 1 && strcmp(argv[1], "--segv") == 0) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        signal(SIGUSR2, on_usr2);
        mark("BEGIN");
        syscall(SYS_kill, getpid(), SIGUSR2);
        *(volatile int *)0 = 1;
        return 0;
    }
    mark("BEGIN");
    files_and_pipes();
    signals_and_memory();
    sockets();
    {
        char *args[] = {"/nonexistent", "a", NULL};
        syscall(SYS_execve, "/nonexistent", args, NULL);
    }
    syscall(SYS_exit_group, 7);
    return 0;
}
