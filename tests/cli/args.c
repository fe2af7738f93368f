/*
 * args.c - arm64 guest helper for the command-line tests: prints its argv and selected
 * environment variables, then exits with a given status or kills itself with a signal.
 *   args [--env NAME]... [--exit N] [--kill SIG] [other args...]
 * Example: vemu-aarch64 -0 foo -E A=1 args --env A --exit 3   prints argv[0]=foo, A=1
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
