/*
 * openat2.c - openat2(2) as the kernel documents it: arm64 O_* flags in struct open_how
 * (O_DIRECTORY on a regular file -> ENOTDIR, O_CREAT with a mode), RESOLVE_NO_SYMLINKS
 * refusing a symlink with ELOOP, RESOLVE_BENEATH refusing ".." with EXDEV, the size
 * checks (smaller than open_how_v0 -> EINVAL, non-zero bytes past it -> E2BIG), unknown
 * flag bits -> EINVAL.  (qemu-user 7.2 has no openat2: this test fails under it.)
 * Example: openat2(AT_FDCWD, "/etc/passwd", {O_RDONLY|O_DIRECTORY}, 24) -> -1 ENOTDIR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static long do_openat2(int dfd, const char *path, const void *how, size_t size)
{
    errno = 0;
    return syscall(SYS_openat2, dfd, path, how, size);
}

static void expect_err(const char *what, long r, int err)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s: fails with %s (errno %s)", what, strerrorname_np(err),
             strerrorname_np(errno) ? strerrorname_np(errno) : "0");
    CHECK(buf, r == -1 && errno == err);
}

int main(void)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_RDONLY;
    long fd = do_openat2(AT_FDCWD, "/etc/passwd", &how, sizeof how);
    CHECK("openat2 /etc/passwd", fd >= 0);
    if (fd >= 0) {
        close((int)fd);
    }
    how.flags = O_RDONLY | O_DIRECTORY;
    expect_err("O_DIRECTORY on a file", do_openat2(AT_FDCWD, "/etc/passwd", &how, sizeof how),
               ENOTDIR);

    char dir[] = "/tmp/vemu-openat2-XXXXXX";
    CHECK("mkdtemp", mkdtemp(dir) != NULL);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    how.flags = O_WRONLY | O_CREAT | O_EXCL;
    how.mode = 0640;
    umask(022);
    fd = do_openat2(dfd, "f", &how, sizeof how);
    CHECK("O_CREAT|O_EXCL", fd >= 0);
    struct stat st;
    CHECK("created with the mode",
          fd >= 0 && fstat((int)fd, &st) == 0 && (st.st_mode & 0777) == 0640);
    if (fd >= 0) {
        close((int)fd);
    }
    CHECK("symlink", symlinkat("f", dfd, "link") == 0);
    memset(&how, 0, sizeof how);
    how.flags = O_RDONLY;
    how.resolve = RESOLVE_NO_SYMLINKS;
    expect_err("RESOLVE_NO_SYMLINKS", do_openat2(dfd, "link", &how, sizeof how), ELOOP);
    how.resolve = RESOLVE_BENEATH;
    expect_err("RESOLVE_BENEATH ..", do_openat2(dfd, "../etc", &how, sizeof how), EXDEV);
    how.resolve = 0;

    expect_err("size 16", do_openat2(dfd, "f", &how, 16), EINVAL);
    struct {
        struct open_how h;
        uint64_t extra;
    } big;
    memset(&big, 0, sizeof big);
    big.extra = 1;
    expect_err("non-zero bytes past open_how", do_openat2(dfd, "f", &big, sizeof big), E2BIG);
    big.extra = 0;
    fd = do_openat2(dfd, "f", &big, sizeof big);
    CHECK("zero bytes past open_how are fine", fd >= 0);
    if (fd >= 0) {
        close((int)fd);
    }
    how.flags = 1ull << 40;
    expect_err("unknown flag bits", do_openat2(dfd, "f", &how, sizeof how), EINVAL);

    unlinkat(dfd, "link", 0);
    unlinkat(dfd, "f", 0);
    close(dfd);
    rmdir(dir);
    return finish("openat2");
}
