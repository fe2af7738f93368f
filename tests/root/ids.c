/*
 * ids.c - arm64 helper for the root tests: prints its credentials, AT_SECURE, argv[0]
 * and where /proc/self/exe points, one "key=value" per line.
 * Example (setuid root, started by binfmt_misc with flag C, run by nobody):
 *     euid=0  ruid=65534  secure=1  argv0=./ids  exe=/tmp/x/ids
 */
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    printf("euid=%d\nruid=%d\nsecure=%lu\nargv0=%s\nexe=%s\nargc=%d\n", (int)geteuid(),
           (int)getuid(), getauxval(AT_SECURE), argc > 0 ? argv[0] : "", exe, argc);
    for (int i = 1; i < argc; i++) {
        printf("arg%d=%s\n", i, argv[i]);
    }
    return 0;
}
