/*
 * syscall-file.c - file-system syscalls whose arguments differ between arm64 and x86-64:
 * openat (O_DIRECTORY/O_NOFOLLOW/O_DIRECT/O_LARGEFILE bits), fstat/newfstatat (struct
 * stat layout), fcntl F_GETFL/F_SETFL, pipe2, readlinkat (/proc/self/exe) and the epoll
 * calls (struct epoll_event is packed on x86-64 only).
 * Example: arm64 openat(AT_FDCWD, "d", 040000) -> host openat(AT_FDCWD, "d", O_DIRECTORY)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/conv.h"
#include "syscall/syscall-defs.h"

static int64_t host_ret(long r)
{
    return r == -1 ? -(int64_t)errno : (int64_t)r;
}

/* With -L PREFIX, an absolute path that exists under PREFIX means that file (so a
 * dynamic program's ld.so finds /lib/libc.so.6 in an arm64 sysroot).  Returns path or
 * a newly malloc'd prefixed copy (the caller frees path and uses the result). */
char *under_ld_prefix(char *path)
{
    const char *prefix = vemu_config.ld_prefix;
    struct stat st;
    char *p;
    if (!prefix || !prefix[0] || path[0] != '/' || strncmp(path, "/proc/", 6) == 0) {
        return path;
    }
    if (asprintf(&p, "%s%s", prefix, path) < 0) {
        return path;
    }
    if (lstat(p, &st) != 0) {
        free(p);
        return path;
    }
    free(path);
    return p;
}

int64_t sys_openat(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    char *path = strdup_from_guest(a[1]);
    unsigned int hflags = conv_open_flags_to_host((unsigned int)a[2]);
    int64_t ret;
    if (!path) {
        return -EFAULT;
    }
    ret = proc_fake_open(path, (int)hflags);
    if (ret == PROC_FAKE_NONE) {
        path = under_ld_prefix(path);
        /* Opening a FIFO blocks: use the interruptible entry. */
        ret = safe_syscall(SYS_openat, (uint64_t)(int)a[0], (uint64_t)(uintptr_t)path, hflags,
                           (unsigned int)a[3], 0, 0);
    }
    free(path);
    return ret;
}

/* openat2(dirfd, path, struct open_how *, size): open_how {u64 flags, mode, resolve} has
 * the same layout on both; the flags are arm64 O_* values to convert. */
int64_t sys_openat2(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct {
        uint64_t flags, mode, resolve;
    } how;
    uint64_t size = a[3];
    if (size < sizeof how) {
        return -EINVAL;
    }
    if (size > 4096) {
        return -E2BIG;
    }
    int err = copy_struct_from_guest(&how, sizeof how, a[2], size);
    if (err != 0) {
        return err;
    }
    if (how.flags >> 32) {
        return -EINVAL;
    }
    char *path = strdup_from_guest(a[1]);
    if (!path) {
        return -EFAULT;
    }
    how.flags = conv_open_flags_to_host((unsigned int)how.flags);
    int64_t ret = proc_fake_open(path, (int)how.flags);
    if (ret == PROC_FAKE_NONE) {
        path = under_ld_prefix(path);
        ret = safe_syscall(SYS_openat2, (uint64_t)(int)a[0], (uint64_t)(uintptr_t)path,
                           (uint64_t)(uintptr_t)&how, sizeof how, 0, 0);
    }
    free(path);
    return ret;
}

int64_t sys_fstat(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct stat hs;
    TargetStat ts;
    if (syscall(SYS_fstat, (int)a[0], &hs) == -1) {
        return -errno;
    }
    conv_stat_to_target(&ts, &hs);
    return copy_to_guest(a[1], &ts, sizeof ts);
}

int64_t sys_newfstatat(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct stat hs;
    TargetStat ts;
    char *path = NULL;
    long r;
    if (a[1]) {
        path = strdup_from_guest(a[1]);
        if (!path) {
            return -EFAULT;
        }
        path = under_ld_prefix(path);
    }
    r = syscall(SYS_newfstatat, (int)a[0], path, &hs, (int)a[3]);
    free(path);
    if (r == -1) {
        return -errno;
    }
    conv_stat_to_target(&ts, &hs);
    return copy_to_guest(a[2], &ts, sizeof ts);
}

int64_t sys_fcntl(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int cmd = (int)a[1];
    long r;
    switch (cmd) {
    case F_GETFL:
        r = syscall(SYS_fcntl, (int)a[0], cmd);
        if (r == -1) {
            return -errno;
        }
        return conv_open_flags_to_target((unsigned int)r);
    case F_SETFL:
        return host_ret(
            syscall(SYS_fcntl, (int)a[0], cmd, conv_open_flags_to_host((unsigned int)a[2])));
    default:
        /* struct flock, f_owner_ex and the command numbers are the same on both;
         * F_SETLKW blocks. */
        return safe_syscall(SYS_fcntl, (uint64_t)(int)a[0], (uint64_t)cmd, a[2], 0, 0, 0);
    }
}

int64_t sys_pipe2(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int fds[2];
    if (syscall(SYS_pipe2, fds, conv_open_flags_to_host((unsigned int)a[1])) == -1) {
        return -errno;
    }
    if (copy_to_guest(a[0], fds, sizeof fds) != 0) {
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_readlinkat(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    char *path = strdup_from_guest(a[1]);
    int64_t ret;
    if (!path) {
        return -EFAULT;
    }
    if ((int64_t)a[3] <= 0) {
        free(path);
        return -EINVAL;
    }
    if (path[0] == '/') {
        char buf[PATH_MAX];
        ret = proc_fake_readlink(path, buf, sizeof buf);
        if (ret != PROC_FAKE_NONE) {
            free(path);
            if (ret < 0) {
                return ret;
            }
            if ((uint64_t)ret > a[3]) {
                ret = (int64_t)a[3];
            }
            return copy_to_guest(a[2], buf, (size_t)ret) ? -EFAULT : ret;
        }
    }
    path = under_ld_prefix(path);
    ret = host_ret(syscall(SYS_readlinkat, (int)a[0], path, g2h(a[2]), (size_t)a[3]));
    free(path);
    return ret;
}

/* Which argument of a pass-through syscall is a path that -L applies to (a lookup that
 * only reads: the ones a dynamic loader or a runtime's module loader makes), or -1. */
int ld_prefix_path_arg(uint64_t nr)
{
    switch (nr) {
    case 8:  /* getxattr */
    case 9:  /* lgetxattr */
    case 11: /* listxattr */
    case 12: /* llistxattr */
    case 43: /* statfs */
        return 0;
    case 48:  /* faccessat */
    case 291: /* statx */
    case 439: /* faccessat2 */
        return 1;
    default:
        return -1;
    }
}

int64_t sys_epoll_ctl(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    TargetEpollEvent te;
    struct epoll_event he;
    struct epoll_event *hp = NULL;
    if (a[3] != 0 && (int)a[1] != EPOLL_CTL_DEL) {
        if (copy_from_guest(&te, a[3], sizeof te) != 0) {
            return -EFAULT;
        }
        conv_epoll_event_to_host(&he, &te);
        hp = &he;
    }
    return host_ret(syscall(SYS_epoll_ctl, (int)a[0], (int)a[1], (int)a[2], hp));
}

/* epoll_pwait and epoll_pwait2 differ only in the timeout argument (a[3]). */
static int64_t do_epoll_wait(int host_nr, uint64_t a[6], bool timeout_is_ptr)
{
    int maxevents = (int)a[2];
    struct epoll_event *hev;
    long n;
    if (maxevents <= 0 || maxevents > (int)(INT_MAX / sizeof(TargetEpollEvent))) {
        return -EINVAL;
    }
    hev = calloc((size_t)maxevents, sizeof *hev);
    if (!hev) {
        return -ENOMEM;
    }
    /* The timeout is an int (epoll_pwait) or a timespec pointer (epoll_pwait2); a signal
     * mask is the guest's for the duration of the call (signal_pwait_begin). */
    uint64_t tmo = timeout_is_ptr ? a[3] : (uint64_t)(int)a[3], hset;
    if (a[4] == 0) {
        n = safe_syscall(host_nr, (uint64_t)(int)a[0], (uint64_t)(uintptr_t)hev,
                         (uint64_t)maxevents, tmo, 0, a[5]);
    } else {
        n = signal_pwait_begin(a[4], a[5], &hset);
        if (n == 0) {
            n = safe_syscall(host_nr, (uint64_t)(int)a[0], (uint64_t)(uintptr_t)hev,
                             (uint64_t)maxevents, tmo, (uint64_t)(uintptr_t)&hset, 8);
        }
        signal_pwait_end(n);
    }
    if (n < 0) {
        free(hev);
        return n;
    }
    for (long i = 0; i < n; i++) {
        TargetEpollEvent te;
        conv_epoll_event_to_target(&te, &hev[i]);
        if (copy_to_guest(a[1] + (uint64_t)i * sizeof te, &te, sizeof te) != 0) {
            free(hev);
            return -EFAULT;
        }
    }
    free(hev);
    return n;
}

int64_t sys_epoll_pwait(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    return do_epoll_wait(SYS_epoll_pwait, a, false);
}

int64_t sys_epoll_pwait2(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    return do_epoll_wait(SYS_epoll_pwait2, a, true);
}
