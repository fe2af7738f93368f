/*
 * hostio.c - the remote protocol's "host I/O" requests (vFile:setfs, open, pread, fstat,
 * close; GDB manual, "Host I/O Packets"), with which gdb reads the target's files: with
 * its default sysroot "target:", the dynamic loader and shared libraries of the program
 * (linux-user resolves the paths as the guest would, -L prefix included).  Read-only:
 * gdb never needs to write.  Numbers are hex; errors are "F-1,errno" in the protocol's
 * own errno values; the file descriptors gdb sees index the session's small table, so
 * gdb can never close a descriptor it did not open.
 * Example: "vFile:open:2f6c69622f6c6962632e736f2e36,0,0" -> "F0";
 *          "vFile:pread:0,40,0" -> "F40;\x7fELF...".
 */
#include "gdbstub/hostio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILEIO_EUNKNOWN 9999

static int fileio_errno(int e)
{
    switch (e) {
    case EPERM:
    case ENOENT:
    case EINTR:
    case EBADF:
    case EACCES:
    case EFAULT:
    case EBUSY:
    case EEXIST:
    case ENODEV:
    case ENOTDIR:
    case EISDIR:
    case EINVAL:
    case ENFILE:
    case EMFILE:
    case EFBIG:
    case ENOSPC:
    case ESPIPE:
    case EROFS:
        return e; /* the protocol uses the Linux numbers for these */
    case ENAMETOOLONG:
        return 91;
    default:
        return FILEIO_EUNKNOWN;
    }
}

static void reply_error(GString *r, int e)
{
    g_string_printf(r, "F-1,%x", fileio_errno(e));
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* struct stat as the protocol sends it ("struct stat" in the File-I/O appendix):
 * big-endian, 32-bit fields except size, blksize and blocks (64-bit). */
static void fileio_stat(const struct stat *st, uint8_t out[64])
{
    put_be(out + 0, st->st_dev, 4);
    put_be(out + 4, st->st_ino, 4);
    put_be(out + 8, st->st_mode, 4);
    put_be(out + 12, st->st_nlink, 4);
    put_be(out + 16, st->st_uid, 4);
    put_be(out + 20, st->st_gid, 4);
    put_be(out + 24, st->st_rdev, 4);
    put_be(out + 28, (uint64_t)st->st_size, 8);
    put_be(out + 36, (uint64_t)st->st_blksize, 8);
    put_be(out + 44, (uint64_t)st->st_blocks, 8);
    put_be(out + 52, (uint64_t)st->st_atime, 4);
    put_be(out + 56, (uint64_t)st->st_mtime, 4);
    put_be(out + 60, (uint64_t)st->st_ctime, 4);
}

/* The host descriptor behind gdb's fd number at *p, or -1. */
static int session_fd(GdbSession *s, const char **p)
{
    uint64_t n;
    if (!gdb_parse_hex(p, &n) || n >= G_N_ELEMENTS(s->files)) {
        return -1;
    }
    return s->files[n];
}

static void hostio_open(GdbSession *s, const char *p, GString *r)
{
    const char *comma = strchr(p, ',');
    uint64_t flags;
    size_t n = comma ? (size_t)(comma - p) / 2 : 0;
    char *path = g_malloc0(n + 1);
    const char *q = comma ? comma + 1 : "";
    if (!comma || n == 0 || !gdb_hex_decode(p, path, n) || !gdb_parse_hex(&q, &flags)) {
        reply_error(r, EINVAL);
    } else if (flags != 0) {
        reply_error(r, EACCES); /* only O_RDONLY (0 in the protocol) */
    } else {
        size_t slot = 0;
        while (slot < G_N_ELEMENTS(s->files) && s->files[slot] >= 0) {
            slot++;
        }
        int fd = slot < G_N_ELEMENTS(s->files) ? s->t->file_open(s->t->opaque, path) : -EMFILE;
        if (fd < 0) {
            reply_error(r, -fd);
        } else {
            s->files[slot] = fd;
            g_string_printf(r, "F%zx", slot);
        }
    }
    g_free(path);
}

static void hostio_pread(GdbSession *s, const char *p, GString *r)
{
    uint64_t count, offset;
    int fd = session_fd(s, &p);
    if (fd < 0 || *p++ != ',' || !gdb_parse_hex(&p, &count) || *p++ != ',' ||
        !gdb_parse_hex(&p, &offset)) {
        reply_error(r, fd < 0 ? EBADF : EINVAL);
        return;
    }
    if (count > GDB_MAX_PACKET / 2 - 32) {
        count = GDB_MAX_PACKET / 2 - 32; /* escaping may double it */
    }
    char *buf = g_malloc(count ? count : 1);
    ssize_t got = pread(fd, buf, count, (off_t)offset);
    if (got < 0) {
        reply_error(r, errno);
    } else {
        g_string_printf(r, "F%zx;", (size_t)got);
        g_string_append_len(r, buf, got);
    }
    g_free(buf);
}

void gdb_hostio(GdbSession *s, const char *p, GString *r)
{
    if (!s->t->file_open) {
        g_string_truncate(r, 0); /* not supported: gdb reads its own files */
        return;
    }
    if (strncmp(p, "setfs:", 6) == 0) {
        g_string_assign(r, "F0"); /* one file system: the process's */
    } else if (strncmp(p, "open:", 5) == 0) {
        hostio_open(s, p + 5, r);
    } else if (strncmp(p, "pread:", 6) == 0) {
        hostio_pread(s, p + 6, r);
    } else if (strncmp(p, "fstat:", 6) == 0) {
        const char *q = p + 6;
        int fd = session_fd(s, &q);
        struct stat st;
        uint8_t buf[64];
        if (fd < 0 || fstat(fd, &st) != 0) {
            reply_error(r, fd < 0 ? EBADF : errno);
            return;
        }
        fileio_stat(&st, buf);
        g_string_printf(r, "F%zx;", sizeof buf);
        g_string_append_len(r, (const char *)buf, sizeof buf);
    } else if (strncmp(p, "close:", 6) == 0) {
        const char *q = p + 6;
        uint64_t n;
        if (!gdb_parse_hex(&q, &n) || n >= G_N_ELEMENTS(s->files) || s->files[n] < 0) {
            reply_error(r, EBADF);
            return;
        }
        close(s->files[n]);
        s->files[n] = -1;
        g_string_assign(r, "F0");
    } else {
        g_string_truncate(r, 0); /* pwrite, unlink, readlink...: not supported */
    }
}

void gdb_hostio_close_all(GdbSession *s)
{
    for (size_t i = 0; i < G_N_ELEMENTS(s->files); i++) {
        if (s->files[i] >= 0) {
            close(s->files[i]);
            s->files[i] = -1;
        }
    }
}
