/*
 * keys.c - the kernel key retention service through add_key(2), keyctl(2) and
 * request_key(2), whose arguments are plain integers, strings and buffers on both
 * architectures, so vemu passes them through.  Prints what each call returned (never
 * the key ids, which differ between runs) so that tests/host/same-as-host.sh can
 * compare the arm64 build under vemu with the host build: a host whose policy forbids
 * keys fails the same way in both.
 * Example output:  add_key user: ok
 *                  KEYCTL_READ: 4 "data"
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEY_SPEC_PROCESS_KEYRING (-2)
#define KEYCTL_UPDATE 2
#define KEYCTL_REVOKE 3
#define KEYCTL_DESCRIBE 6
#define KEYCTL_SEARCH 10
#define KEYCTL_READ 11

static void report(const char *what, long r)
{
    if (r < 0) {
        printf("%s: -1 %s\n", what, strerror(errno));
    } else {
        printf("%s: ok\n", what);
    }
}

static void read_key(long id)
{
    char buf[64];
    long n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof buf, 0);
    if (n < 0) {
        printf("KEYCTL_READ: -1 %s\n", strerror(errno));
    } else {
        printf("KEYCTL_READ: %ld \"%.*s\"\n", n, (int)n, buf);
    }
}

int main(void)
{
    char desc[256];
    long id = syscall(SYS_add_key, "user", "vemu-test", "data", 4, KEY_SPEC_PROCESS_KEYRING);
    long n, found;
    report("add_key user", id);
    read_key(id);
    n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, desc, sizeof desc, 0);
    /* "type;uid;gid;perm;description" */
    printf("KEYCTL_DESCRIBE: %s\n",
           n > 0 ? (strncmp(desc, "user;", 5) == 0 ? "user key" : desc) : strerror(errno));
    printf("description ends with vemu-test: %s\n",
           n > 0 && strstr(desc, ";vemu-test") ? "yes" : "no");
    found = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, "user", "vemu-test", 0);
    printf("KEYCTL_SEARCH finds it: %s\n", found >= 0 && found == id ? "yes" : strerror(errno));
    report("KEYCTL_UPDATE", syscall(SYS_keyctl, KEYCTL_UPDATE, id, "newer", 5, 0));
    read_key(id);
    report("KEYCTL_REVOKE", syscall(SYS_keyctl, KEYCTL_REVOKE, id, 0, 0, 0));
    read_key(id);
    report("request_key missing",
           syscall(SYS_request_key, "user", "vemu-no-such-key", NULL, KEY_SPEC_PROCESS_KEYRING));
    report("add_key unknown type",
           syscall(SYS_add_key, "no-such-type", "x", "d", 1, KEY_SPEC_PROCESS_KEYRING));
    return 0;
}
