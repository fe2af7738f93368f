/*
 * syscall.c - dispatch of the guest's SVC #0: number in x8, arguments in x0..x5.
 *
 * The generated table (syscall/aarch64.tbl -> syscall-table.c) says, per arm64 number,
 * whether the host syscall of the same name takes the arguments unchanged ("pass") or a
 * handler sys_<name>() in syscall-*.c / signal.c / mmap.c converts them ("custom").
 * Unknown numbers return -ENOSYS.  An interrupted host call becomes -EINTR for the guest
 * or a restart of the SVC, by signal(7)'s rules as the host kernel applies them: calls it
 * would restart (-VEMU_ERESTARTSYS from safe_syscall) restart after a SA_RESTART handler,
 * calls it never restarts (-EINTR) do not; with no guest-visible signal at all, both
 * restart transparently.  docs/design/signals.md.
 * Example: x8 = 64, x0 = 1, x1 = buf, x2 = 5  ->  syscall(SYS_write, 1, buf, 5) -> x0 = 5
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"

const SyscallEntry *syscall_lookup(uint64_t nr)
{
    if (nr >= SYSCALL_TABLE_SIZE || syscall_table[nr].kind == SC_NONE) {
        return NULL;
    }
    return &syscall_table[nr];
}

void syscall_init(void)
{
    mmap_init();
    /* main() sets current_cpu (sp = argc, argv...) before calling us. */
    image_maps_init();
    if (current_cpu) {
        proc_fakes_init(current_cpu->xregs[A64_REG_SP]);
        thread_init_main(current_cpu);
    }
}

static bool strace_on(void)
{
    return vemu_config.strace || log_enabled(LOG_STRACE);
}

/* A pass-through call; with -L, a path argument that -L applies to is looked up under the
 * prefix first (ld_prefix_path_arg). */
static int64_t pass_syscall(const SyscallEntry *e, uint64_t nr, const uint64_t a[6])
{
    int k = vemu_config.ld_prefix ? ld_prefix_path_arg(nr) : -1;
    if (k < 0) {
        return safe_syscall_raw(e->host_nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    char *path = strdup_from_guest(a[k]);
    if (!path) {
        return -EFAULT;
    }
    uint64_t h[6];
    memcpy(h, a, sizeof h);
    path = under_ld_prefix(path);
    h[k] = (uint64_t)(uintptr_t)path;
    int64_t ret = safe_syscall_raw(e->host_nr, h[0], h[1], h[2], h[3], h[4], h[5]);
    free(path);
    return ret;
}

void do_syscall_insn(CPUArchState *env)
{
    uint64_t nr = env->xregs[8];
    uint64_t a[6];
    const SyscallEntry *e = syscall_lookup(nr);
    bool trace = strace_on();
    unsigned int arrivals = signal_arrivals;
    int64_t ret;

    for (int i = 0; i < 6; i++) {
        a[i] = env->xregs[i];
    }
    if (signal_pending_flag) {
        bool restart;
        if (signal_pending_deliverable(&restart)) {
            /* The signal came before the SVC: deliver it first, run the SVC after. */
            env->pc -= 4;
            return;
        }
        signal_pending_flag = 0; /* nothing the guest would see: do not interrupt */
    }
    if (env->mte_async_fault) {
        /* An asynchronous tag-check fault is reported before the syscall runs, which
         * restarts after the handler (arm64 el0_svc_common: -ERESTARTNOINTR). */
        env->pc -= 4;
        return;
    }
    if (trace) {
        strace_pre(e, nr, a);
    }
    if (fd_hidden_from_guest(e, nr, a)) {
        ret = -EBADF; /* one of vemu's own descriptors: not there for the guest */
    } else if (!e || e->kind == SC_ENOSYS) {
        if (log_enabled(LOG_UNIMP)) {
            vemu_log("unimplemented syscall %llu%s%s\n", (unsigned long long)nr, e ? " " : "",
                     e ? e->name : "");
        }
        ret = -ENOSYS;
    } else if (e->kind == SC_PASS) {
        ret = pass_syscall(e, nr, a);
    } else {
        ret = e->handler(env, a);
    }

    bool handler_restart = false; /* strace: "= ? ERESTARTSYS" (else a restart is silent) */
    if (ret == -VEMU_ENOTSTARTED) {
        /* The signal came before the host call started: as if it came before the SVC
         * (deliver it, then run the SVC), whatever SA_RESTART says. */
        env->pc -= 4;
        ret = SYSRET_NOWRITE;
    } else if (ret == -VEMU_ERESTARTSYS) {
        /* The host kernel would restart this call after a SA_RESTART handler. */
        bool restart = false;
        bool visible = signal_pending_deliverable(&restart);
        if (!visible || restart) {
            /* x0 still holds the first argument: run the SVC again (after the handler). */
            env->pc -= 4;
            ret = SYSRET_NOWRITE;
            handler_restart = visible;
        } else {
            ret = -EINTR;
        }
    } else if (ret == -EINTR) {
        bool restart = false;
        if (!signal_pending_deliverable(&restart) && signal_arrivals != arrivals) {
            /* Nothing the guest will see interrupted it: re-issue transparently. */
            env->pc -= 4;
            ret = SYSRET_NOWRITE;
        }
    }
    if (trace) {
        strace_post(e, nr, handler_restart ? -VEMU_ERESTARTSYS : ret);
    }
    if (ret != SYSRET_NOWRITE) {
        env->xregs[0] = (uint64_t)ret;
    }
}
