/*
 * strace.c - the -strace / -d strace log: one line per guest syscall, formatted from the
 * argument formats in syscall/aarch64.tbl, in the style of strace and qemu -strace.
 * A line is built in a per-thread buffer and written with one vemu_log() call when the
 * syscall returns (before it, for calls that do not return), so lines of concurrent
 * guest threads never mix; the number in front is the thread id (the pid for the main
 * thread).
 * Example output:  1234 openat(AT_FDCWD,"/etc/passwd",O_RDONLY|O_CLOEXEC,0) = 3
 *                  1234 read(3,0x7ffc1000,4096) = -1 ENOENT (No such file or directory)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/conv.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"

static _Thread_local char line_buf[1024];
static _Thread_local size_t line_len;

/* Append to this thread's line (cut at the buffer size). */
static void __attribute__((format(printf, 1, 2))) slog(const char *fmt, ...)
{
    va_list ap;
    int n;
    if (line_len >= sizeof line_buf - 1) {
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(line_buf + line_len, sizeof line_buf - line_len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        line_len += (size_t)n;
        if (line_len > sizeof line_buf - 1) {
            line_len = sizeof line_buf - 1;
        }
    }
}

static void line_emit(void)
{
    if (line_len == sizeof line_buf - 1 && line_buf[line_len - 1] != '\n') {
        line_buf[line_len - 1] = '\n'; /* cut: still one line */
    }
    if (line_len > 0) {
        vemu_log("%s", line_buf);
    }
    line_len = 0;
}

const char *strace_errno_name(int err)
{
    static const struct {
        int err;
        const char *name;
    } names[] = {
        {EPERM, "EPERM"},
        {ENOENT, "ENOENT"},
        {ESRCH, "ESRCH"},
        {EINTR, "EINTR"},
        {EIO, "EIO"},
        {ENXIO, "ENXIO"},
        {E2BIG, "E2BIG"},
        {ENOEXEC, "ENOEXEC"},
        {EBADF, "EBADF"},
        {ECHILD, "ECHILD"},
        {EAGAIN, "EAGAIN"},
        {ENOMEM, "ENOMEM"},
        {EACCES, "EACCES"},
        {EFAULT, "EFAULT"},
        {EBUSY, "EBUSY"},
        {EEXIST, "EEXIST"},
        {EXDEV, "EXDEV"},
        {ENODEV, "ENODEV"},
        {ENOTDIR, "ENOTDIR"},
        {EISDIR, "EISDIR"},
        {EINVAL, "EINVAL"},
        {ENFILE, "ENFILE"},
        {EMFILE, "EMFILE"},
        {ENOTTY, "ENOTTY"},
        {ETXTBSY, "ETXTBSY"},
        {EFBIG, "EFBIG"},
        {ENOSPC, "ENOSPC"},
        {ESPIPE, "ESPIPE"},
        {EROFS, "EROFS"},
        {EMLINK, "EMLINK"},
        {EPIPE, "EPIPE"},
        {EDOM, "EDOM"},
        {ERANGE, "ERANGE"},
        {EDEADLK, "EDEADLK"},
        {ENAMETOOLONG, "ENAMETOOLONG"},
        {ENOSYS, "ENOSYS"},
        {ENOTEMPTY, "ENOTEMPTY"},
        {ELOOP, "ELOOP"},
        {ENODATA, "ENODATA"},
        {ETIME, "ETIME"},
        {EOVERFLOW, "EOVERFLOW"},
        {ENOTSOCK, "ENOTSOCK"},
        {EOPNOTSUPP, "EOPNOTSUPP"},
        {EADDRINUSE, "EADDRINUSE"},
        {ECONNREFUSED, "ECONNREFUSED"},
        {ECONNRESET, "ECONNRESET"},
        {ENOTCONN, "ENOTCONN"},
        {ETIMEDOUT, "ETIMEDOUT"},
        {EINPROGRESS, "EINPROGRESS"},
        {EALREADY, "EALREADY"},
        {EAFNOSUPPORT, "EAFNOSUPPORT"},
        {ENOTSUP, "ENOTSUP"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].err == err) {
            return names[i].name;
        }
    }
    return NULL;
}

static void print_oflags(uint64_t v)
{
    static const struct {
        unsigned int bit;
        const char *name;
    } bits[] = {
        {00100, "O_CREAT"},
        {00200, "O_EXCL"},
        {00400, "O_NOCTTY"},
        {01000, "O_TRUNC"},
        {02000, "O_APPEND"},
        {04000, "O_NONBLOCK"},
        {010000, "O_DSYNC"},
        {020000, "O_ASYNC"},
        {TARGET_O_DIRECTORY, "O_DIRECTORY"},
        {TARGET_O_NOFOLLOW, "O_NOFOLLOW"},
        {TARGET_O_DIRECT, "O_DIRECT"},
        {TARGET_O_LARGEFILE, "O_LARGEFILE"},
        {01000000, "O_NOATIME"},
        {02000000, "O_CLOEXEC"},
        {04000000, "O_SYNC"},
        {010000000, "O_PATH"},
        {020000000, "O_TMPFILE"},
    };
    unsigned int f = (unsigned int)v;
    static const char *acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    slog("%s", acc[f & 3]);
    f &= ~3u;
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        if ((f & bits[i].bit) == bits[i].bit) {
            slog("|%s", bits[i].name);
            f &= ~bits[i].bit;
        }
    }
    if (f) {
        slog("|%#o", f);
    }
}

static void print_str(uint64_t addr)
{
    char buf[68];
    size_t n = 0;
    if (addr == 0) {
        slog("NULL");
        return;
    }
    /* Copy byte by byte so a string near the end of a mapping does not fault. */
    while (n < 64 && copy_from_guest(&buf[n], addr + n, 1) == 0 && buf[n] != '\0') {
        n++;
    }
    slog("\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n') {
            slog("\\n");
        } else if (c == '"' || c == '\\') {
            slog("\\%c", c);
        } else if (c < 32 || c >= 127) {
            slog("\\%03o", c);
        } else {
            slog("%c", c);
        }
    }
    slog(n == 64 ? "\"..." : "\"");
}

static void print_arg(const char *fmt, size_t len, uint64_t v)
{
    if (len == 3 && strncmp(fmt, "str", 3) == 0) {
        print_str(v);
    } else if (len == 5 && strncmp(fmt, "dirfd", 5) == 0 && (int)v == -100) {
        slog("AT_FDCWD");
    } else if ((len == 2 && strncmp(fmt, "fd", 2) == 0) ||
               (len == 3 && strncmp(fmt, "int", 3) == 0) ||
               (len == 5 && strncmp(fmt, "dirfd", 5) == 0) ||
               (len == 3 && strncmp(fmt, "sig", 3) == 0)) {
        slog("%d", (int)v);
    } else if ((len == 4 && strncmp(fmt, "uint", 4) == 0) ||
               (len == 4 && strncmp(fmt, "size", 4) == 0)) {
        slog("%llu", (unsigned long long)v);
    } else if (len == 6 && strncmp(fmt, "oflags", 6) == 0) {
        print_oflags(v);
    } else if (len == 4 && strncmp(fmt, "mode", 4) == 0) {
        slog("%#llo", (unsigned long long)(v & 07777777));
    } else if (len == 3 && strncmp(fmt, "ptr", 3) == 0 && v == 0) {
        slog("NULL");
    } else {
        slog("0x%llx", (unsigned long long)v);
    }
}

void strace_pre(const SyscallEntry *e, uint64_t nr, const uint64_t a[6])
{
    line_len = 0;
    slog("%d ", (int)syscall(SYS_gettid));
    if (!e) {
        slog("syscall_%llu(0x%llx,0x%llx,0x%llx,0x%llx,0x%llx,0x%llx)", (unsigned long long)nr,
             (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
             (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5]);
        return;
    }
    slog("%s(", e->name);
    const char *p = e->fmt;
    for (int i = 0; *p && i < 6; i++) {
        size_t len = strcspn(p, ",");
        if (i > 0) {
            slog(",");
        }
        print_arg(p, len, a[i]);
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    slog(")");
    if (e->flags & SC_F_NORETURN) {
        slog("\n");
        line_emit();
        if (vemu_log_file) {
            fflush(vemu_log_file);
        }
    }
}

void strace_post(const SyscallEntry *e, uint64_t nr, int64_t ret)
{
    (void)nr;
    if (ret == SYSRET_NOWRITE) {
        slog(" = ?\n");
        line_emit();
        return;
    }
    if (ret < 0 && ret >= -4095) {
        const char *name = strace_errno_name((int)-ret);
        if (name) {
            slog(" = -1 %s (%s)\n", name, strerror((int)-ret));
        } else {
            slog(" = -1 errno=%d (%s)\n", (int)-ret, strerror((int)-ret));
        }
    } else if (e && (e->flags & SC_F_HEX)) {
        slog(" = 0x%llx\n", (unsigned long long)ret);
    } else {
        slog(" = %lld\n", (long long)ret);
    }
    line_emit();
}
