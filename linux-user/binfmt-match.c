/*
 * binfmt-match.c - does the host kernel's binfmt_misc run a given file by itself?
 *
 * execve() of an arm64 program may go straight to the kernel when an enabled
 * binfmt_misc entry of type M (magic) matches the file's first bytes: the kernel then
 * starts the registered emulator itself, which works inside a chroot when the entry was
 * registered with flag F (the interpreter was opened at registration time) or when its
 * interpreter path exists in the current root.  Entries are read from
 * /proc/sys/fs/binfmt_misc (Documentation/admin-guide/binfmt-misc.rst):
 *
 *     enabled
 *     interpreter /usr/bin/vemu-aarch64-static
 *     flags: PF
 *     offset 0
 *     magic 7f454c460201010000000000000000000200b700
 *     mask ffffffffffffff00fffffffffffffffffeffffff
 *
 * Example: if (binfmt_kernel_handles(hdr, n)) execve(path, argv, envp);
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/user.h"

#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"
#define BINFMT_MAX_MAGIC 128

/* Reads a small procfs file into buf (NUL-terminated); false on error. */
static bool read_small(int dirfd, const char *name, char *buf, size_t len)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    ssize_t n = read(fd, buf, len - 1);
    close(fd);
    if (n <= 0) {
        return false;
    }
    buf[n] = '\0';
    return true;
}

/* Parses the hex string after "key " on its own line; returns the byte count or -1. */
static int hex_field(const char *text, const char *key, unsigned char *out, size_t max)
{
    const char *p = strstr(text, key);
    size_t n = 0;
    if (!p || (p != text && p[-1] != '\n')) {
        return -1;
    }
    p += strlen(key);
    while (p[0] && p[0] != '\n' && p[1] && p[1] != '\n') {
        char two[3] = {p[0], p[1], 0};
        char *end;
        if (n == max) {
            return -1;
        }
        out[n++] = (unsigned char)strtoul(two, &end, 16);
        if (*end) {
            return -1;
        }
        p += 2;
    }
    return (int)n;
}

/* One entry's text: does it run the file that starts with hdr? */
static bool entry_matches(const char *text, const unsigned char *hdr, size_t n)
{
    unsigned char magic[BINFMT_MAX_MAGIC], mask[BINFMT_MAX_MAGIC];
    const char *p;
    long offset = 0;
    if (strncmp(text, "enabled\n", 8) != 0) {
        return false;
    }
    int mlen = hex_field(text, "magic ", magic, sizeof magic);
    if (mlen <= 0) {
        return false; /* an extension (E) entry, or unreadable */
    }
    int klen = hex_field(text, "mask ", mask, sizeof mask);
    if (klen < 0) {
        memset(mask, 0xff, sizeof mask);
    } else if (klen != mlen) {
        return false;
    }
    p = strstr(text, "\noffset ");
    if (p) {
        offset = strtol(p + 8, NULL, 10);
    }
    if (offset < 0 || (size_t)offset + (size_t)mlen > n) {
        return false;
    }
    for (int i = 0; i < mlen; i++) {
        if ((hdr[offset + i] & mask[i]) != magic[i]) {
            return false;
        }
    }
    /* Without F the kernel opens the interpreter by path at exec time, in our root. */
    p = strstr(text, "\nflags: ");
    bool fixed = p && strchr(p + 8, 'F') && strchr(p + 8, 'F') < strchr(p + 8, '\n');
    if (!fixed) {
        char interp[4096];
        p = strstr(text, "\ninterpreter ");
        if (!p || sscanf(p + 13, "%4095s", interp) != 1 || access(interp, X_OK) != 0) {
            return false;
        }
    }
    return true;
}

bool binfmt_kernel_handles(const unsigned char *hdr, size_t n)
{
    char text[1024];
    int dirfd = open(BINFMT_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        return false;
    }
    if (!read_small(dirfd, "status", text, sizeof text) || strncmp(text, "enabled", 7) != 0) {
        close(dirfd);
        return false;
    }
    DIR *d = fdopendir(dirfd);
    if (!d) {
        close(dirfd);
        return false;
    }
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "status") == 0 ||
            strcmp(de->d_name, "register") == 0) {
            continue;
        }
        found = read_small(dirfd, de->d_name, text, sizeof text) && entry_matches(text, hdr, n);
    }
    closedir(d);
    return found;
}
