/*
 * strace.c - the -strace / -d strace log: one line per guest syscall, formatted from the
 * argument formats in syscall/aarch64.tbl, in the style of strace and qemu -strace.
 * Example output:  1234 openat(AT_FDCWD,"/etc/passwd",O_RDONLY|O_CLOEXEC,0) = 3
 *                  1234 read(3,0x7ffc1000,4096) = -1 ENOENT (No such file or directory)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/conv.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"

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
    vemu_log("%s", acc[f & 3]);
    f &= ~3u;
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        if ((f & bits[i].bit) == bits[i].bit) {
            vemu_log("|%s", bits[i].name);
            f &= ~bits[i].bit;
        }
    }
    if (f) {
        vemu_log("|%#o", f);
    }
}

static void print_str(uint64_t addr)
{
    char buf[68];
    size_t n = 0;
    if (addr == 0) {
        vemu_log("NULL");
        return;
    }
    /* Copy byte by byte so a string near the end of a mapping does not fault. */
    while (n < 64 && copy_from_guest(&buf[n], addr + n, 1) == 0 && buf[n] != '\0') {
        n++;
    }
    vemu_log("\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n') {
            vemu_log("\\n");
        } else if (c == '"' || c == '\\') {
            vemu_log("\\%c", c);
        } else if (c < 32 || c >= 127) {
            vemu_log("\\%03o", c);
        } else {
            vemu_log("%c", c);
        }
    }
    vemu_log(n == 64 ? "\"..." : "\"");
}

static void print_arg(const char *fmt, size_t len, uint64_t v)
{
    if (len == 3 && strncmp(fmt, "str", 3) == 0) {
        print_str(v);
    } else if (len == 5 && strncmp(fmt, "dirfd", 5) == 0 && (int)v == -100) {
        vemu_log("AT_FDCWD");
    } else if ((len == 2 && strncmp(fmt, "fd", 2) == 0) ||
               (len == 3 && strncmp(fmt, "int", 3) == 0) ||
               (len == 5 && strncmp(fmt, "dirfd", 5) == 0) ||
               (len == 3 && strncmp(fmt, "sig", 3) == 0)) {
        vemu_log("%d", (int)v);
    } else if ((len == 4 && strncmp(fmt, "uint", 4) == 0) ||
               (len == 4 && strncmp(fmt, "size", 4) == 0)) {
        vemu_log("%llu", (unsigned long long)v);
    } else if (len == 6 && strncmp(fmt, "oflags", 6) == 0) {
        print_oflags(v);
    } else if (len == 4 && strncmp(fmt, "mode", 4) == 0) {
        vemu_log("%#llo", (unsigned long long)(v & 07777777));
    } else if (len == 3 && strncmp(fmt, "ptr", 3) == 0 && v == 0) {
        vemu_log("NULL");
    } else {
        vemu_log("0x%llx", (unsigned long long)v);
    }
}

void strace_pre(const SyscallEntry *e, uint64_t nr, const uint64_t a[6])
{
    vemu_log("%d ", (int)getpid());
    if (!e) {
        vemu_log("syscall_%llu(0x%llx,0x%llx,0x%llx,0x%llx,0x%llx,0x%llx)", (unsigned long long)nr,
                 (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
                 (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5]);
        return;
    }
    vemu_log("%s(", e->name);
    const char *p = e->fmt;
    for (int i = 0; *p && i < 6; i++) {
        size_t len = strcspn(p, ",");
        if (i > 0) {
            vemu_log(",");
        }
        print_arg(p, len, a[i]);
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    vemu_log(")");
    if (e->flags & SC_F_NORETURN) {
        vemu_log("\n");
        if (vemu_log_file) {
            fflush(vemu_log_file);
        }
    }
}

void strace_post(const SyscallEntry *e, uint64_t nr, int64_t ret)
{
    (void)nr;
    if (ret == SYSRET_NOWRITE) {
        vemu_log(" = ?\n");
        return;
    }
    if (ret < 0 && ret >= -4095) {
        const char *name = strace_errno_name((int)-ret);
        if (name) {
            vemu_log(" = -1 %s (%s)\n", name, strerror((int)-ret));
        } else {
            vemu_log(" = -1 errno=%d (%s)\n", (int)-ret, strerror((int)-ret));
        }
    } else if (e && (e->flags & SC_F_HEX)) {
        vemu_log(" = 0x%llx\n", (unsigned long long)ret);
    } else {
        vemu_log(" = %lld\n", (long long)ret);
    }
}
