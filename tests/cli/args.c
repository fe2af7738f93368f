/*
 * args.c - arm64 guest helper for the command-line tests: prints its argv and selected
 * environment variables, then exits with a given status or kills itself with a signal.
 *   args [--env NAME]... [--lookup PATH]... [--exit N] [--kill SIG] [other args...]
 * --lookup runs the read-only lookups a loader or runtime makes on PATH (stat, statx,
 * faccessat, readlink, statfs) and prints 0 or the errno of each (-L applies to them).
 * Example: vemu-aarch64 -0 foo -E A=1 args --env A --exit 3   prints argv[0]=foo, A=1
 */
#define _GNU_SOURCE /* statx */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static int err(int r)
{
    return r < 0 ? errno : 0;
}

static void lookup(const char *path)
{
    struct stat st;
    struct statx stx;
    struct statfs sfs;
    char buf[64];
    int s = err(stat(path, &st));
    int x = err(statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx));
    int a = err(faccessat(AT_FDCWD, path, R_OK, 0));
    int l = err((int)readlink(path, buf, sizeof buf));
    int f = err(statfs(path, &sfs));
    printf("lookup %s stat=%d statx=%d access=%d readlink=%d statfs=%d\n", path, s, x, a, l, f);
}

int main(int argc, char **argv)
{
    int status = 0, sig = 0;
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--env") == 0 && i + 1 < argc) {
            const char *v = getenv(argv[i + 1]);
            printf("env %s=%s\n", argv[i + 1], v ? v : "(unset)");
            i++;
        } else if (strcmp(argv[i], "--lookup") == 0 && i + 1 < argc) {
            lookup(argv[++i]);
        } else if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) {
            status = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--kill") == 0 && i + 1 < argc) {
            sig = atoi(argv[++i]);
        }
    }
    fflush(stdout);
    if (sig) {
        raise(sig);
    }
    return status;
}
