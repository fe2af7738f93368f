/*
 * signals.c - Linux signal numbers <-> the GDB remote protocol's own signal numbers
 * (GDB's "enum gdb_signal": T/S/X packets and C/S requests use these, not the target's).
 * The first fifteen agree with Linux except 7 and 10; the rest differ.
 * Example: gdb_signal_from_linux(SIGUSR1 = 10) == 30; gdb_signal_to_linux(11) == SIGSEGV.
 */
#include <signal.h>

#include "gdbstub/gdbstub.h"

#define GDB_SIGNAL_UNKNOWN 143

/* index: Linux signal 1..31, value: GDB signal */
static const unsigned char linux_to_gdb[32] = {
    [SIGHUP] = 1,     [SIGINT] = 2,   [SIGQUIT] = 3,   [SIGILL] = 4,   [SIGTRAP] = 5,
    [SIGABRT] = 6,    [SIGBUS] = 10,  [SIGFPE] = 8,    [SIGKILL] = 9,  [SIGUSR1] = 30,
    [SIGSEGV] = 11,   [SIGUSR2] = 31, [SIGPIPE] = 13,  [SIGALRM] = 14, [SIGTERM] = 15,
    [SIGSTKFLT] = 0,  [SIGCHLD] = 20, [SIGCONT] = 19,  [SIGSTOP] = 17, [SIGTSTP] = 18,
    [SIGTTIN] = 21,   [SIGTTOU] = 22, [SIGURG] = 16,   [SIGXCPU] = 24, [SIGXFSZ] = 25,
    [SIGVTALRM] = 26, [SIGPROF] = 27, [SIGWINCH] = 28, [SIGIO] = 23,   [SIGPWR] = 32,
    [SIGSYS] = 12,
};

int gdb_signal_from_linux(int sig)
{
    if (sig <= 0) {
        return 0;
    }
    if (sig < 32) {
        return linux_to_gdb[sig] ? linux_to_gdb[sig] : GDB_SIGNAL_UNKNOWN;
    }
    /* Real-time signals: GDB numbers 33..63 as 45..75, 32 as 77, 64 as 78. */
    if (sig == 32) {
        return 77;
    }
    if (sig <= 63) {
        return sig + 12;
    }
    return sig == 64 ? 78 : GDB_SIGNAL_UNKNOWN;
}

int gdb_signal_to_linux(int gsig)
{
    if (gsig <= 0) {
        return 0;
    }
    for (int sig = 1; sig < 32; sig++) {
        if (linux_to_gdb[sig] == gsig) {
            return sig;
        }
    }
    if (gsig >= 45 && gsig <= 75) {
        return gsig - 12;
    }
    if (gsig == 77) {
        return 32;
    }
    return gsig == 78 ? 64 : 0;
}
