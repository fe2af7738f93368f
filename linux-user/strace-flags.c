/*
 * strace-flags.c - -strace names for constants and flag sets of files, memory, processes
 * and signals: the arm64 (asm-generic) values, written out here rather than taken from
 * the x86-64 host headers where the two differ (O_DIRECTORY, O_LARGEFILE...).
 * strace.c calls strace_print_named() for every argument whose type (from
 * syscall/aarch64.tbl) is a flag set or an enumeration; socket ones are in strace-net.c.
 * Example: type mmapflags, value 0x22  ->  MAP_PRIVATE|MAP_ANONYMOUS
 */
#include <stdio.h>
#include <string.h>

#include "linux-user/strace-priv.h"
#include "syscall/conv.h"

void strace_flags(const StraceName *t, size_t n, uint64_t v, const char *zero_name)
{
    bool first = true;
    if (v == 0) {
        strace_printf("%s", zero_name ? zero_name : "0");
        return;
    }
    for (size_t i = 0; i < n && v; i++) {
        if (t[i].value && (v & t[i].value) == t[i].value) {
            strace_printf("%s%s", first ? "" : "|", t[i].name);
            v &= ~t[i].value;
            first = false;
        }
    }
    if (v) {
        strace_printf("%s%#llx", first ? "" : "|", (unsigned long long)v);
    }
}

void strace_enum(const StraceName *t, size_t n, int64_t v)
{
    for (size_t i = 0; i < n; i++) {
        if ((int64_t)t[i].value == v) {
            strace_printf("%s", t[i].name);
            return;
        }
    }
    strace_printf("%lld", (long long)v);
}

const char *strace_signame(int sig, char buf[16])
{
    static const char *const names[32] = {
        NULL,        "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
        "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
    };
    if (sig > 0 && sig < 32) {
        return names[sig];
    }
    if (sig == 32) {
        return "SIGRTMIN";
    }
    if (sig > 32 && sig <= 64) {
        snprintf(buf, 16, "SIGRT_%d", sig - 32);
        return buf;
    }
    return NULL;
}

void strace_print_sig(int sig)
{
    char buf[16];
    const char *name = strace_signame(sig, buf);
    if (name) {
        strace_printf("%s", name);
    } else {
        strace_printf("%d", sig);
    }
}

void strace_print_sigset_value(uint64_t set)
{
    char buf[16];
    bool first = true;
    /* strace prints the complement when more than half the signals are in the set. */
    bool inverted = __builtin_popcountll(set) > 32;
    if (inverted) {
        set = ~set;
        strace_printf("~");
    }
    strace_printf("[");
    for (int sig = 1; sig <= 64; sig++) {
        if (set & (1ull << (sig - 1))) {
            strace_printf("%s%s", first ? "" : " ", strace_signame(sig, buf) + 3);
            first = false;
        }
    }
    strace_printf("]");
}

static const StraceName sa_flag_names[] = {
    {0x1, "SA_NOCLDSTOP"},        {0x2, "SA_NOCLDWAIT"},        {0x4, "SA_SIGINFO"},
    {0x400, "SA_UNSUPPORTED"},    {0x800, "SA_EXPOSE_TAGBITS"}, {0x04000000, "SA_RESTORER"},
    {0x08000000, "SA_ONSTACK"},   {0x10000000, "SA_RESTART"},   {0x40000000, "SA_NODEFER"},
    {0x80000000, "SA_RESETHAND"},
};

void strace_print_sa_flags(uint64_t flags)
{
    strace_flags(sa_flag_names, STRACE_N(sa_flag_names), flags, NULL);
}

static const StraceName poll_names[] = {
    {0x1, "POLLIN"},       {0x2, "POLLPRI"},      {0x4, "POLLOUT"},     {0x8, "POLLERR"},
    {0x10, "POLLHUP"},     {0x20, "POLLNVAL"},    {0x40, "POLLRDNORM"}, {0x80, "POLLRDBAND"},
    {0x100, "POLLWRNORM"}, {0x200, "POLLWRBAND"}, {0x400, "POLLMSG"},   {0x1000, "POLLREMOVE"},
    {0x2000, "POLLRDHUP"},
};

void strace_print_poll_events(unsigned int ev)
{
    strace_flags(poll_names, STRACE_N(poll_names), ev, NULL);
}

static const StraceName oflag_names[] = {
    {00100, "O_CREAT"},
    {00200, "O_EXCL"},
    {00400, "O_NOCTTY"},
    {01000, "O_TRUNC"},
    {02000, "O_APPEND"},
    {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"},
    {010000, "O_DSYNC"},
    {020000, "O_ASYNC"},
    {020000000 | TARGET_O_DIRECTORY, "O_TMPFILE"},
    {TARGET_O_DIRECTORY, "O_DIRECTORY"},
    {TARGET_O_NOFOLLOW, "O_NOFOLLOW"},
    {TARGET_O_DIRECT, "O_DIRECT"},
    {TARGET_O_LARGEFILE, "O_LARGEFILE"},
    {01000000, "O_NOATIME"},
    {02000000, "O_CLOEXEC"},
    {010000000, "O_PATH"},
};

void strace_print_oflags(uint64_t v)
{
    static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    unsigned int rest = (unsigned int)v & ~3u;
    strace_printf("%s", acc[v & 3]);
    if (rest) {
        strace_printf("|");
        strace_flags(oflag_names, STRACE_N(oflag_names), rest, NULL);
    }
}

static const StraceName clone_names[] = {
    {0x100, "CLONE_VM"},
    {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},
    {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},
    {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x400000, "CLONE_DETACHED"},
    {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},
    {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000ull, "CLONE_IO"},
    {0x100000000ull, "CLONE_CLEAR_SIGHAND"},
    {0x200000000ull, "CLONE_INTO_CGROUP"},
    {0x80, "CLONE_NEWTIME"}, /* unshare/setns only: the exit-signal byte in clone */
};

/* clone's flags: the flag bits, then the exit signal in the low byte (strace style). */
void strace_print_clone_flags(uint64_t flags)
{
    int sig = (int)(flags & 0xff);
    flags &= ~0xffull;
    if (flags) {
        strace_flags(clone_names, STRACE_N(clone_names) - 1, flags, NULL);
    }
    if (sig) {
        strace_printf("%s", flags ? "|" : "");
        strace_print_sig(sig);
    } else if (!flags) {
        strace_printf("0");
    }
}

static const StraceName si_generic[] = {
    {0, "SI_USER"},
    {0x80, "SI_KERNEL"},
    {(uint64_t)-1, "SI_QUEUE"},
    {(uint64_t)-2, "SI_TIMER"},
    {(uint64_t)-3, "SI_MESGQ"},
    {(uint64_t)-4, "SI_ASYNCIO"},
    {(uint64_t)-5, "SI_SIGIO"},
    {(uint64_t)-6, "SI_TKILL"},
};
static const StraceName si_segv[] = {
    {1, "SEGV_MAPERR"}, {2, "SEGV_ACCERR"},  {3, "SEGV_BNDERR"},
    {4, "SEGV_PKUERR"}, {8, "SEGV_MTEAERR"}, {9, "SEGV_MTESERR"},
};
static const StraceName si_bus[] = {
    {1, "BUS_ADRALN"},    {2, "BUS_ADRERR"},    {3, "BUS_OBJERR"},
    {4, "BUS_MCEERR_AR"}, {5, "BUS_MCEERR_AO"},
};
static const StraceName si_ill[] = {
    {1, "ILL_ILLOPC"}, {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"}, {4, "ILL_ILLTRP"},
    {5, "ILL_PRVOPC"}, {6, "ILL_PRVREG"}, {7, "ILL_COPROC"}, {8, "ILL_BADSTK"},
};
static const StraceName si_fpe[] = {
    {1, "FPE_INTDIV"}, {2, "FPE_INTOVF"}, {3, "FPE_FLTDIV"}, {4, "FPE_FLTOVF"},
    {5, "FPE_FLTUND"}, {6, "FPE_FLTRES"}, {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"},
};
static const StraceName si_trap[] = {
    {1, "TRAP_BRKPT"},
    {2, "TRAP_TRACE"},
    {3, "TRAP_BRANCH"},
    {4, "TRAP_HWBKPT"},
};
static const StraceName si_chld[] = {
    {1, "CLD_EXITED"},  {2, "CLD_KILLED"},  {3, "CLD_DUMPED"},
    {4, "CLD_TRAPPED"}, {5, "CLD_STOPPED"}, {6, "CLD_CONTINUED"},
};
static const StraceName si_poll[] = {
    {1, "POLL_IN"},  {2, "POLL_OUT"}, {3, "POLL_MSG"},
    {4, "POLL_ERR"}, {5, "POLL_PRI"}, {6, "POLL_HUP"},
};

void strace_print_si_code(int sig, int code)
{
    const StraceName *t = NULL;
    size_t n = 0;
    if (code > 0 && code < 0x80) {
        switch (sig) {
        case 11:
            t = si_segv, n = STRACE_N(si_segv);
            break;
        case 7:
            t = si_bus, n = STRACE_N(si_bus);
            break;
        case 4:
            t = si_ill, n = STRACE_N(si_ill);
            break;
        case 8:
            t = si_fpe, n = STRACE_N(si_fpe);
            break;
        case 5:
            t = si_trap, n = STRACE_N(si_trap);
            break;
        case 17:
            t = si_chld, n = STRACE_N(si_chld);
            break;
        case 29:
            t = si_poll, n = STRACE_N(si_poll);
            break;
        default:
            break;
        }
    }
    if (!t) {
        t = si_generic, n = STRACE_N(si_generic);
    }
    strace_enum(t, n, code);
}
