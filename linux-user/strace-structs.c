/*
 * strace-structs.c - -strace printers for what arguments point to in guest memory:
 * strings, data buffers (at most 32 bytes shown, as strace -s 32), and the structures
 * strace decodes (stat, timespec, sigaction, sigset, rlimit, utsname, clone_args,
 * open_how, wait status, execve's argv), in their arm64 layouts; I/O and socket memory
 * is strace-io.c's.  Memory is
 * read with strace_peek(), so a bad pointer prints as an address, never faults.
 * strace.c calls strace_print_memory() for every pointer type of syscall/aarch64.tbl.
 * Example: type ostat  ->  {st_mode=S_IFREG|0644, st_size=1234, ...}
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "linux-user/strace-priv.h"
#include "linux-user/user.h"
#include "syscall/conv.h"

#define STRACE_MAX_DATA 32 /* bytes of a buffer shown (strace's default -s 32) */

void strace_print_ptr(uint64_t addr)
{
    if (addr == 0) {
        strace_printf("NULL");
    } else {
        strace_printf("%#llx", (unsigned long long)addr);
    }
}

/* Escape n bytes the way strace does: C escapes, octal for other non-printables. */
static void print_escaped(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = s[i];
        switch (ch) {
        case '\n':
            strace_printf("\\n");
            break;
        case '\t':
            strace_printf("\\t");
            break;
        case '\r':
            strace_printf("\\r");
            break;
        case '\v':
            strace_printf("\\v");
            break;
        case '\f':
            strace_printf("\\f");
            break;
        case '"':
            strace_printf("\\\"");
            break;
        case '\\':
            strace_printf("\\\\");
            break;
        default:
            if (ch >= 32 && ch < 127) {
                strace_printf("%c", ch);
            } else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
                strace_printf("\\%03o", ch); /* a shorter form would absorb the digit */
            } else {
                strace_printf("\\%o", ch);
            }
        }
    }
}

void strace_print_data(uint64_t addr, size_t len)
{
    unsigned char buf[STRACE_MAX_DATA];
    size_t n = len < STRACE_MAX_DATA ? len : STRACE_MAX_DATA;
    if (addr == 0 && len > 0) {
        strace_printf("NULL");
        return;
    }
    if (strace_peek(buf, addr, n) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("\"");
    print_escaped(buf, n);
    strace_printf(len > n ? "\"..." : "\"");
}

void strace_print_string(uint64_t addr, bool limited)
{
    unsigned char buf[4096];
    size_t max = limited ? STRACE_MAX_DATA : sizeof buf;
    size_t n = 0;
    bool ended = false;
    if (addr == 0) {
        strace_printf("NULL");
        return;
    }
    /* Byte by byte: a string may end just before an unmapped page. */
    while (n < max && strace_peek(&buf[n], addr + n, 1) == 0) {
        if (buf[n] == 0) {
            ended = true;
            break;
        }
        n++;
    }
    if (n == 0 && !ended) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("\"");
    print_escaped(buf, n);
    strace_printf(ended ? "\"" : "\"...");
}

void strace_print_timespec(uint64_t addr)
{
    int64_t ts[2];
    if (addr == 0 || strace_peek(ts, addr, sizeof ts) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[0], (long long)ts[1]);
}

/* A sigset (arm64's is 8 bytes; the size argument is checked by the call itself). */
static void print_sigset(uint64_t addr)
{
    uint64_t set;
    if (addr == 0 || strace_peek(&set, addr, 8) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_print_sigset_value(set);
}

static void print_sigaction(uint64_t addr)
{
    TargetSigaction sa;
    if (addr == 0 || strace_peek(&sa, addr, sizeof sa) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{sa_handler=");
    if (sa.handler == 0) {
        strace_printf("SIG_DFL");
    } else if (sa.handler == 1) {
        strace_printf("SIG_IGN");
    } else {
        strace_printf("%#llx", (unsigned long long)sa.handler);
    }
    strace_printf(", sa_mask=");
    strace_print_sigset_value(sa.mask);
    strace_printf(", sa_flags=");
    strace_print_sa_flags(sa.flags);
    if (sa.flags & 0x04000000) {
        strace_printf(", sa_restorer=%#llx", (unsigned long long)sa.restorer);
    }
    strace_printf("}");
}

static const char *file_type(uint32_t mode)
{
    static const char *const types[16] = {
        [001] = "S_IFIFO", [002] = "S_IFCHR", [004] = "S_IFDIR",  [006] = "S_IFBLK",
        [010] = "S_IFREG", [012] = "S_IFLNK", [014] = "S_IFSOCK",
    };
    return types[(mode >> 12) & 017];
}

void strace_print_mode_type(uint32_t mode)
{
    const char *type = file_type(mode);
    strace_printf("%s%s%#o", type ? type : "", type ? "|" : "", mode & 07777);
}

static void print_stat(uint64_t addr)
{
    TargetStat st;
    if (strace_peek(&st, addr, sizeof st) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{st_mode=");
    strace_print_mode_type(st.st_mode);
    if ((st.st_mode & 0170000) == 0020000 || (st.st_mode & 0170000) == 0060000) {
        /* arm64 new_encode_dev: major in bits 8-19, minor in 0-7 and 20-31 */
        strace_printf(", st_rdev=makedev(%#llx, %#llx)",
                      (unsigned long long)((st.st_rdev >> 8) & 0xfff),
                      (unsigned long long)((st.st_rdev & 0xff) | ((st.st_rdev >> 12) & ~0xffull)));
    } else {
        strace_printf(", st_size=%lld", (long long)st.st_size);
    }
    strace_printf(", ...}");
}

static void print_rlimit_value(uint64_t v)
{
    if (v == UINT64_MAX) {
        strace_printf("RLIM64_INFINITY");
    } else if (v > 0 && v % 1024 == 0) {
        strace_printf("%llu*1024", (unsigned long long)(v / 1024));
    } else {
        strace_printf("%llu", (unsigned long long)v);
    }
}

static void print_rlimit(uint64_t addr)
{
    uint64_t r[2];
    if (addr == 0 || strace_peek(r, addr, sizeof r) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{rlim_cur=");
    print_rlimit_value(r[0]);
    strace_printf(", rlim_max=");
    print_rlimit_value(r[1]);
    strace_printf("}");
}

static void print_utsname(uint64_t addr)
{
    strace_printf("{sysname=");
    strace_print_string(addr, false);
    strace_printf(", nodename=");
    strace_print_string(addr + 65, false);
    strace_printf(", ...}");
}

static void print_argv(uint64_t addr, bool env)
{
    uint64_t p;
    uint64_t k = 0;
    if (addr == 0 || strace_peek(&p, addr, 8) != 0) {
        strace_print_ptr(addr);
        return;
    }
    if (env) {
        /* strace's default for the environment: the address and the count */
        while (k < 100000 && strace_peek(&p, addr + 8 * k, 8) == 0 && p) {
            k++;
        }
        strace_printf("%#llx /* %llu vars */", (unsigned long long)addr, (unsigned long long)k);
        return;
    }
    strace_printf("[");
    for (; strace_peek(&p, addr + 8 * k, 8) == 0 && p; k++) {
        if (k == STRACE_MAX_ITEMS * 2) {
            strace_printf(", ...");
            break;
        }
        strace_printf("%s", k ? ", " : "");
        strace_print_string(p, true); /* argv strings are strings (-s 32), not paths */
    }
    strace_printf("]");
}

static void print_clone_args(uint64_t addr, uint64_t size)
{
    /* struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal, stack,
     * stack_size, tls (then set_tid, set_tid_size, cgroup) */
    uint64_t ca[8];
    if (addr == 0 || size < sizeof ca || strace_peek(ca, addr, sizeof ca) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{flags=");
    strace_print_clone_flags(ca[0]);
    strace_printf(", child_tid=%#llx, parent_tid=%#llx, exit_signal=", (unsigned long long)ca[2],
                  (unsigned long long)ca[3]);
    strace_print_sig((int)ca[4]);
    strace_printf(", stack=%#llx, stack_size=%#llx, tls=%#llx}", (unsigned long long)ca[5],
                  (unsigned long long)ca[6], (unsigned long long)ca[7]);
}

static void print_wait_status(uint64_t addr)
{
    int32_t s;
    if (addr == 0 || strace_peek(&s, addr, 4) != 0) {
        strace_print_ptr(addr);
        return;
    }
    if ((s & 0x7f) == 0) {
        strace_printf("[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (s >> 8) & 0xff);
    } else if ((s & 0xff) == 0x7f) {
        strace_printf("[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
        strace_print_sig((s >> 8) & 0xff);
        strace_printf("}]");
    } else if (s == 0xffff) {
        strace_printf("[{WIFCONTINUED(s)}]");
    } else {
        strace_printf("[{WIFSIGNALED(s) && WTERMSIG(s) == ");
        strace_print_sig(s & 0x7f);
        strace_printf("%s}]", (s & 0x80) ? " && WCOREDUMP(s)" : "");
    }
}

void strace_print_ints(uint64_t addr, int n)
{
    int32_t v[2] = {0, 0};
    if (addr == 0 || strace_peek(v, addr, 4 * (size_t)n) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf(n == 2 ? "[%d, %d]" : "[%d]", v[0], v[1]);
}

static void print_open_how(uint64_t addr, uint64_t size)
{
    /* struct open_how: flags, mode, resolve (u64 each) */
    static const StraceName resolve_names[] = {
        {1, "RESOLVE_NO_XDEV"}, {2, "RESOLVE_NO_MAGICLINKS"}, {4, "RESOLVE_NO_SYMLINKS"},
        {8, "RESOLVE_BENEATH"}, {0x10, "RESOLVE_IN_ROOT"},    {0x20, "RESOLVE_CACHED"},
    };
    uint64_t how[3];
    if (addr == 0 || size < sizeof how || strace_peek(how, addr, sizeof how) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{flags=");
    strace_print_oflags(how[0]);
    if (how[0] & (0100 | 020000000)) {
        strace_printf(", mode=%#03llo", (unsigned long long)how[1]);
    }
    strace_printf(", resolve=");
    strace_flags(resolve_names, STRACE_N(resolve_names), how[2], NULL);
    strace_printf("}");
}

int strace_print_memory(const StraceCall *c, int i)
{
    uint64_t v = c->a[i];
    uint64_t next = i < 5 ? c->a[i + 1] : 0;
    switch (c->type[i]) {
    case ST_str:
        strace_print_string(v, false);
        break;
    case ST_buf:
        strace_print_data(v, next);
        break;
    case ST_ts:
        strace_print_timespec(v);
        break;
    case ST_sigset:
        print_sigset(v);
        break;
    case ST_sigact:
        print_sigaction(v);
        break;
    case ST_rlim:
        print_rlimit(v);
        break;
    case ST_argv:
        print_argv(v, false);
        break;
    case ST_envp:
        print_argv(v, true);
        break;
    case ST_sigframe: {
        /* the arm64 rt_sigframe at sp: siginfo (128 bytes), then the ucontext whose
         * uc_sigmask follows uc_flags, uc_link and uc_stack */
        uint64_t mask;
        uint64_t sp = current_cpu ? current_cpu->xregs[A64_REG_SP] : 0;
        if (sp && strace_peek(&mask, sp + offsetof(TargetRtSigframe, uc.uc_sigmask), 8) == 0) {
            strace_printf("{mask=");
            strace_print_sigset_value(mask);
            strace_printf("}");
        } else {
            strace_print_ptr(sp);
        }
        break;
    }
    case ST_cloneargs:
        print_clone_args(v, next);
        break;
    case ST_openhow:
        print_open_how(v, next);
        break;
    /* after the call, which succeeded */
    case ST_obuf:
        strace_print_data(v, (uint64_t)c->ret);
        break;
    case ST_ostat:
        print_stat(v);
        break;
    case ST_ots:
        strace_print_timespec(v);
        break;
    case ST_osigset:
        print_sigset(v);
        break;
    case ST_osigact:
        print_sigaction(v);
        break;
    case ST_orlim:
        print_rlimit(v);
        break;
    case ST_outsname:
        print_utsname(v);
        break;
    case ST_opipe:
        strace_print_ints(v, 2);
        break;
    case ST_oint:
        strace_print_ints(v, 1);
        break;
    case ST_owstatus:
        print_wait_status(v);
        break;
    case ST_ostr:
        strace_print_string(v, false);
        break;
    default:
        return 0;
    }
    return 1;
}
