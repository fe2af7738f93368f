/*
 * strace.c - the -strace / -d strace log: one line per guest syscall in strace's format,
 * its arguments decoded by the types the strace column of syscall/aarch64.tbl gives them
 * (syscall/strace-types.def; printers in strace-names.c, strace-net.c, strace-sys.c,
 * strace-io.c and strace-structs.c, helpers in strace-flags.c; docs/design/syscalls.md).
 * Arguments the call reads are printed before it, those it writes after it (as strace
 * does); the line is built in a per-thread buffer and written with one vemu_log() call,
 * so lines of concurrent guest threads never mix; with several threads (or after a fork)
 * each line starts with "[pid TID]" (strace -f).  Signal deliveries and the end of the process get
 * strace's "--- SIG ---" and "+++ ... +++" lines.
 * Example output:  openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *                  read(3, 0x4000f000, 4096) = -1 EBADF (Bad file descriptor)
 *                  --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x0} ---
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/strace-priv.h"
#include "linux-user/user.h"
#include "tcg/log.h"

static const struct {
    const char *name;
    bool out;
} type_info[ST_COUNT] = {
#define IN false
#define OUT true
#define STRACE_TYPE(name, when) {#name, when},
#include "syscall/strace-types.def"
#undef STRACE_TYPE
#undef IN
#undef OUT
};

static _Thread_local char line_buf[8192];
static _Thread_local size_t line_len;
static _Thread_local StraceCall cur;
static _Thread_local int resume_at; /* first argument printed after the call */
/* Set once the process forked: from then on parent and child prefix their lines with
 * [pid N] as strace -f does, since both write to the same log. */
static bool forked;

void strace_printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    if (line_len >= sizeof line_buf - 1) {
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(line_buf + line_len, sizeof line_buf - line_len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        line_len += (size_t)n;
        if (line_len > sizeof line_buf - 1) {
            line_len = sizeof line_buf - 1;
        }
    }
}

int strace_peek(void *dst, uint64_t addr, size_t len)
{
    if (len == 0) {
        return 0;
    }
    return addr == 0 ? -EFAULT : copy_from_guest(dst, addr, len);
}

static bool strace_enabled(void)
{
    return vemu_config.strace || log_enabled(LOG_STRACE);
}

static void line_start(void)
{
    line_len = 0;
    if (__atomic_load_n(&forked, __ATOMIC_RELAXED) || thread_count() > 1) {
        strace_printf("[pid %d] ", (int)syscall(SYS_gettid));
    }
}

static void line_emit(void)
{
    if (line_len == sizeof line_buf - 1 && line_buf[line_len - 1] != '\n') {
        line_buf[line_len - 1] = '\n'; /* cut: still one line */
    }
    if (line_len > 0) {
        vemu_log("%s", line_buf);
    }
    line_len = 0;
}

const char *strace_errno_name(int err)
{
    return strerrorname_np(err); /* arm64 and x86-64 share the asm-generic numbers */
}

/* The types of e's strace column ("fd,obuf,size"); unknown names print as hex. */
static int parse_types(const SyscallEntry *e, StraceType type[6])
{
    const char *p = e->fmt;
    int n = 0;
    while (*p && n < 6) {
        size_t len = strcspn(p, ",");
        type[n] = ST_hex;
        for (int t = 0; t < ST_COUNT; t++) {
            if (strlen(type_info[t].name) == len && strncmp(type_info[t].name, p, len) == 0) {
                type[n] = (StraceType)t;
            }
        }
        n++;
        p += len;
        p += *p == ',';
    }
    return n;
}

static void print_scalar(StraceType t, uint64_t v)
{
    switch (t) {
    case ST_int:
    case ST_fd:
        strace_printf("%d", (int)v);
        break;
    case ST_uint:
        strace_printf("%u", (unsigned int)v);
        break;
    case ST_long:
        strace_printf("%lld", (long long)v);
        break;
    case ST_size:
        strace_printf("%llu", (unsigned long long)v);
        break;
    case ST_dirfd:
        if ((int)v == -100) {
            strace_printf("AT_FDCWD");
        } else {
            strace_printf("%d", (int)v);
        }
        break;
    case ST_mode:
    case ST_cmode:
        strace_printf("%#03llo", (unsigned long long)(v & 07777777));
        break;
    case ST_ptr:
        strace_print_ptr(v);
        break;
    default:
        strace_printf("%#llx", (unsigned long long)v);
        break;
    }
}

static bool failed(int64_t ret)
{
    return ret < 0 && ret >= -4095;
}

/* Print argument i with its separator. */
/* The printer files, asked in turn; each returns 0 for a type that is not its own. */
static int (*const printers[])(const StraceCall *c, int i) = {
    strace_print_named_file, strace_print_named_net, strace_print_sys,
    strace_print_io,         strace_print_memory,
};

static void put_arg(int i, bool *first)
{
    size_t mark = line_len;
    int done = 0;
    strace_printf("%s", *first ? "" : ", ");
    if (type_info[cur.type[i]].out && failed(cur.ret)) {
        strace_print_ptr(cur.a[i]); /* the call failed: the memory means nothing */
        done = 1;
    }
    for (size_t k = 0; k < sizeof printers / sizeof printers[0] && done == 0; k++) {
        done = printers[k](&cur, i);
    }
    if (done == 0) {
        print_scalar(cur.type[i], cur.a[i]);
    } else if (done < 0) {
        line_len = mark; /* left out, as strace does: drop the separator too */
        line_buf[line_len] = '\0';
        return;
    }
    *first = false;
}

static _Thread_local bool first_arg;

void strace_pre(const SyscallEntry *e, uint64_t nr, const uint64_t a[6])
{
    line_start();
    memset(&cur, 0, sizeof cur);
    memcpy(cur.a, a, sizeof cur.a);
    cur.e = e;
    first_arg = true;
    resume_at = 0;
    if (!e) {
        strace_printf("syscall_%#llx(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx",
                      (unsigned long long)nr, (unsigned long long)a[0], (unsigned long long)a[1],
                      (unsigned long long)a[2], (unsigned long long)a[3], (unsigned long long)a[4],
                      (unsigned long long)a[5]);
        return;
    }
    cur.nargs = parse_types(e, cur.type);
    for (int i = 0; i < cur.nargs; i++) {
        if (cur.type[i] == ST_osocklen && strace_peek(&cur.len_in[i], a[i], 4) != 0) {
            cur.len_in[i] = 0;
        }
    }
    strace_printf("%s(", e->name);
    for (; resume_at < cur.nargs && !type_info[cur.type[resume_at]].out; resume_at++) {
        put_arg(resume_at, &first_arg);
    }
    if (e->flags & SC_F_NORETURN) {
        if (strncmp(e->name, "exit", 4) == 0) {
            /* exit, exit_group: the thread (process) ends in the call */
            strace_printf(") = ?\n");
            line_emit();
            line_start();
            strace_printf("+++ exited with %d +++\n", (int)a[0]);
        } else {
            /* execve: the new program's vemu logs from there; a failure comes back */
            strace_printf(" <unfinished ...>\n");
        }
        line_emit();
        if (vemu_log_file) {
            fflush(vemu_log_file);
        }
    }
}

/* clone/clone3 that made a process (not a thread): true. */
static bool made_process(const SyscallEntry *e, int64_t ret)
{
    uint64_t flags = cur.a[0];
    if (!e || ret < 0 || strncmp(e->name, "clone", 5) != 0) {
        return false;
    }
    if (strcmp(e->name, "clone3") == 0 && strace_peek(&flags, cur.a[0], 8) != 0) {
        return false;
    }
    return !(flags & 0x10000); /* CLONE_THREAD */
}

void strace_post(const SyscallEntry *e, uint64_t nr, int64_t ret)
{
    (void)nr;
    if (made_process(e, ret)) {
        if (ret == 0) {
            /* the child: strace shows the clone once, in the parent */
            __atomic_store_n(&forked, true, __ATOMIC_RELAXED);
            line_len = 0;
            return;
        }
        /* the parent: print the line again, prefixed now (and whole, even when a
         * vfork child used this thread's buffer meanwhile) */
        __atomic_store_n(&forked, true, __ATOMIC_RELAXED);
        line_start();
        strace_printf("%s(", e->name);
        first_arg = true;
        resume_at = 0;
    }
    if (e && (e->flags & SC_F_NORETURN)) {
        line_start();
        strace_printf("<... %s resumed>", e->name);
    }
    cur.ret = ret;
    for (; resume_at < cur.nargs; resume_at++) {
        put_arg(resume_at, &first_arg);
    }
    strace_printf(")");
    if (ret == SYSRET_NOWRITE && e && strcmp(e->name, "rt_sigreturn") == 0 && current_cpu) {
        /* strace shows the x0 the frame restored */
        strace_printf(" = %lld\n", (long long)current_cpu->xregs[0]);
    } else if (ret == SYSRET_NOWRITE) {
        /* re-issued without the guest seeing anything: the next line shows it */
        line_len = 0;
        return;
    } else if (ret == -VEMU_ERESTARTSYS) {
        strace_printf(" = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n");
    } else if (failed(ret)) {
        const char *name = strace_errno_name((int)-ret);
        if (name) {
            strace_printf(" = -1 %s (%s)\n", name, strerror((int)-ret));
        } else {
            strace_printf(" = -1 errno=%d (%s)\n", (int)-ret, strerror((int)-ret));
        }
    } else {
        if (strace_print_result(&cur)) {
            /* decoded: fcntl(fd, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE) */
        } else if (e && (e->flags & SC_F_OCT)) {
            strace_printf(" = %#03llo", (unsigned long long)ret);
        } else if (e && (e->flags & SC_F_HEX)) {
            strace_printf(" = %#llx", (unsigned long long)ret);
        } else {
            strace_printf(" = %lld", (long long)ret);
        }
        strace_print_result_extra(&cur);
        strace_printf("\n");
    }
    line_emit();
}

void strace_signal(int sig, const siginfo_t *info)
{
    char buf[16];
    const char *name = strace_signame(sig, buf);
    int code = info ? info->si_code : 0;
    if (!strace_enabled()) {
        return;
    }
    line_start();
    strace_printf("--- %s {si_signo=%s, si_code=", name ? name : "?", name ? name : "?");
    strace_print_si_code(sig, code);
    if (code > 0 && code < 0x80 && sig == SIGCHLD) {
        strace_printf(", si_pid=%d, si_uid=%u, si_status=", info->si_pid, info->si_uid);
        if (code == 1) {
            strace_printf("%d", info->si_status);
        } else {
            strace_print_sig(info->si_status);
        }
        strace_printf(", si_utime=%ld, si_stime=%ld", (long)info->si_utime, (long)info->si_stime);
    } else if ((code > 0 || code == 0x80) && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
                                              sig == SIGFPE || sig == SIGTRAP)) {
        strace_printf(", si_addr=0x%llx", (unsigned long long)(uintptr_t)info->si_addr);
    } else if (code <= 0 && info) {
        strace_printf(", si_pid=%d, si_uid=%u", info->si_pid, info->si_uid);
        if (code == SI_QUEUE || code == SI_TIMER || code == SI_MESGQ) {
            strace_printf(", si_int=%d, si_ptr=%p", info->si_value.sival_int,
                          info->si_value.sival_ptr);
        }
    }
    strace_printf("} ---\n");
    line_emit();
}

void strace_killed(int sig)
{
    char buf[16];
    const char *name = strace_signame(sig, buf);
    struct rlimit core;
    bool dumps = sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT ||
                 sig == SIGBUS || sig == SIGFPE || sig == SIGSEGV || sig == SIGXCPU ||
                 sig == SIGXFSZ || sig == SIGSYS;
    if (!strace_enabled()) {
        return;
    }
    /* The kernel tries a core dump for these when RLIMIT_CORE allows one. */
    if (dumps && (getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur == 0)) {
        dumps = false;
    }
    line_start();
    strace_printf("+++ killed by %s%s +++\n", name ? name : "?", dumps ? " (core dumped)" : "");
    line_emit();
    if (vemu_log_file) {
        fflush(vemu_log_file);
    }
}
