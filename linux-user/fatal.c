/*
 * fatal.c - vemu_fatal(): the one way vemu reports an unrecoverable error of its own.
 * Prints a single line "vemu-aarch64: <msg>" on stderr and exits with the given status.
 * Example: vemu_fatal(126, "%s: cannot execute", path);
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "tcg/log.h"

void vemu_fatal(int status, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    if (vemu_log_file && vemu_log_file != stderr) {
        fflush(vemu_log_file);
    }
    fputs("vemu-aarch64: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    _exit(status);
}
