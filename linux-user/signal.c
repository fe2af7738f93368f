/*
 * signal.c - guest signal emulation: dispositions, masks, pending signals, delivery
 * through an arm64 rt_sigframe, rt_sigreturn, and vemu's own host signal handlers.
 *
 * The guest's blocked mask is mirrored into the host mask (except the fault signals
 * vemu needs), guest SIG_IGN and ignored-by-default SIG_DFL are mirrored into host
 * dispositions, and every other catchable signal gets host_signal_handler(), which only
 * records the signal and sets current_cpu->exit_request.  The CPU loop then calls
 * process_pending_signals() at a block boundary, which builds the frame exactly as
 * arch/arm64/kernel/signal.c does.  Masks, pending sets and the sigaltstack are per guest
 * thread (thread-local; each guest thread is a host thread), dispositions are shared.
 * docs/design/signals.md and docs/design/threads.md have the details and the gaps.
 * Example: guest SIGINT with a handler -> x0 = 2, x1 = &frame->info, x2 = &frame->uc,
 *          sp = frame, pc = handler, x30 = sa_restorer (or vemu's sigreturn trampoline).
 */
#include <errno.h>
#include <pthread.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "linux-user/vdso.h"
#include "syscall/conv.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/translate.h"
#include "target/aarch64/mte.h"
#include "tcg/log.h"
#include "tcg/x86_64/native.h"

#define NSIG_GUEST 64
#define SIGBIT(s) (1ull << ((s)-1))
#define TARGET_SIG_DFL 0
#define TARGET_SIG_IGN 1
#define TARGET_SA_SIGINFO 0x00000004ull
#define TARGET_SA_ONSTACK 0x08000000ull
#define TARGET_SA_RESTART 0x10000000ull
#define TARGET_SA_NODEFER 0x40000000ull
#define TARGET_SA_RESETHAND 0x80000000ull
#define TARGET_SA_RESTORER 0x04000000ull
#define TARGET_SA_EXPOSE_TAGBITS 0x00000800ull
#define TARGET_SS_ONSTACK 1
#define TARGET_SS_DISABLE 2
#define TARGET_SS_AUTODISARM (1u << 31)
#define TARGET_MINSIGSTKSZ 5120

/* Fault signals vemu must always catch itself and never block in the host. */
#define SYNC_SIGS                                                                                  \
    (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE) | SIGBIT(SIGTRAP))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

enum { ACT_TERM, ACT_CORE, ACT_IGNORE, ACT_STOP, ACT_CONT };

/* Process-wide: dispositions (CLONE_SIGHAND shares them), guarded by sigact_lock for
 * writers; the trampoline.  guest_sa is per thread only to name its process's table: the
 * initial one for every thread but those of a CLONE_VM child process without
 * CLONE_SIGHAND, which has a copy of its own (clone-vm.c). */
static TargetSigaction guest_sa_main[NSIG_GUEST + 1];
static _Thread_local TargetSigaction *guest_sa = guest_sa_main;
#define SA_TABLE_SIZE (sizeof(TargetSigaction) * (NSIG_GUEST + 1))
static pthread_mutex_t sigact_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t sigtramp_addr;

/* Per guest thread (= host thread), as in the kernel's task_struct: the blocked mask,
 * signals the host delivered to this thread and not yet given to the guest, the pending
 * synchronous signal, the sigaltstack, rt_sigsuspend's saved mask.  A process-directed
 * signal is recorded by whichever thread the host kernel chose for it, which is one that
 * does not block it, because each thread's host mask mirrors its own guest mask. */
static _Thread_local uint64_t guest_mask;
static _Thread_local volatile uint64_t pending_async;
static _Thread_local siginfo_t pending_info[NSIG_GUEST + 1];
static _Thread_local struct {
    bool valid;
    int sig;
    siginfo_t info;
} sync_pending;
static _Thread_local TargetStack altstack = {0, TARGET_SS_DISABLE, 0, 0};
static _Thread_local bool suspend_active;
static _Thread_local uint64_t suspend_saved_mask;
_Thread_local volatile unsigned int signal_arrivals;
_Thread_local volatile int signal_pending_flag;

static int default_action(int sig)
{
    switch (sig) {
    case SIGCHLD:
    case SIGWINCH:
    case SIGURG:
        return ACT_IGNORE;
    case SIGCONT:
        return ACT_CONT;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        return ACT_STOP;
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
        return ACT_CORE;
    default:
        return ACT_TERM;
    }
}

/* Would delivering sig now do nothing at all? */
static bool signal_is_ignored(int sig)
{
    uint64_t h = guest_sa[sig].handler;
    return h == TARGET_SIG_IGN || (h == TARGET_SIG_DFL && (default_action(sig) == ACT_IGNORE ||
                                                           default_action(sig) == ACT_CONT));
}

/* ---- host side ---------------------------------------------------------------- */

/* A fault in native code: restore the guest state the block kept in host registers.
 * false if the fault was not at a guest access (a bug in vemu's generated code). */
static bool native_state_from_host_fault(CPUArchState *env, const ucontext_t *uc)
{
    static const int greg_of[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
                                    REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
                                    REG_R12, REG_R13, REG_R14, REG_R15};
    uint64_t regs[16];
    for (int i = 0; i < 16; i++) {
        regs[i] = (uint64_t)uc->uc_mcontext.gregs[greg_of[i]];
    }
    return native_fault_restore(env, (uintptr_t)uc->uc_mcontext.gregs[REG_RIP], regs) !=
           NATIVE_FAULT_BUG;
}

/* sigaddset without glibc's refusal of its reserved 32 and 33 (the kernel's sigset_t is
 * the first 64 bits of glibc's). */
static void host_sigset_add(sigset_t *set, int sig)
{
    uint64_t bits;
    memcpy(&bits, set, sizeof bits);
    bits |= SIGBIT(sig);
    memcpy(set, &bits, sizeof bits);
}

_Thread_local int host_fault_code;

static void host_fault(int sig, siginfo_t *info, void *uc_void)
{
    CPUArchState *env = current_cpu;
    ucontext_t *uc = uc_void;
    if (env && env->in_guest_code && env->exec_native && !native_state_from_host_fault(env, uc)) {
        env = NULL; /* generated code itself is broken: report, don't blame the guest */
    }
    if (env && env->in_guest_code) {
        host_fault_code = info->si_code; /* the host kernel's SEGV_* / BUS_* reason */
        /* the handler runs with a fresh FPU state: FP flags inline code left pending
         * are in the interrupted context's */
        if (uc->uc_mcontext.fpregs) {
            a64_fpsr_add_host(env, host_fp_flags_of(uc->uc_mcontext.fpregs->mxcsr));
        }
        bool write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
        cpu_loop_exit_fault(env, (uint64_t)(uintptr_t)info->si_addr, write,
                            sig == SIGBUS ? EXCP_ALIGN : EXCP_DATA_ABORT);
    }
    if (guest_copy_recover) {
        siglongjmp(*guest_copy_recover, 1);
    }
    /* vemu's own fault, never the guest's: say where.  The host pc comes first (with the
     * offset for `addr2line -e vemu-aarch64`), then a backtrace; backtrace() may need to
     * load the unwinder, and if the fault hit inside malloc that could hang: the alarm
     * ends the process then (not loaded up front: it would cost every start-up). */
    uintptr_t host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    Dl_info dl;
    uintptr_t base = dladdr((void *)host_pc, &dl) && dl.dli_fbase ? (uintptr_t)dl.dli_fbase : 0;
    char msg[192];
    int n = snprintf(msg, sizeof msg,
                     "vemu-aarch64: internal error: host signal %d at %p, host pc %p (%s+0x%lx)\n",
                     sig, info->si_addr, (void *)host_pc, base ? dl.dli_fname : "?",
                     (unsigned long)(host_pc - base));
    if (n > 0) {
        ssize_t w = write(2, msg, (size_t)n);
        (void)w;
    }
    alarm(5);
    void *frames[32];
    int nf = backtrace(frames, 32);
    backtrace_symbols_fd(frames, nf, 2);
    signal(SIGABRT, SIG_DFL);
    abort();
}

static void host_signal_handler(int sig, siginfo_t *info, void *uc)
{
    int saved_errno = errno;
    bool kernel_sent = info->si_code > 0;
    if (kernel_sent && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE)) {
        host_fault(sig, info, uc);
    }
    pending_info[sig] = *info;
    __atomic_or_fetch(&pending_async, SIGBIT(sig), __ATOMIC_SEQ_CST);
    if (!(SIGBIT(sig) & SYNC_SIGS)) {
        /* Keep further instances in the host kernel's queues until this one has reached
         * the guest: the handler returns with sig blocked (see host_set_mask). */
        host_sigset_add(&((ucontext_t *)uc)->uc_sigmask, sig);
    }
    signal_arrivals++;
    signal_pending_flag = 1;
    if (current_cpu) {
        current_cpu->exit_request = 1;
    }
    /* Between safe_syscall's flag test and its syscall instruction (do not enter), or
     * back on the instruction because the kernel restarts the call (SA_RESTART): leave
     * the decision to do_syscall_insn. */
    ucontext_t *u = uc;
    uintptr_t pc = (uintptr_t)u->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)safe_syscall_start && pc < (uintptr_t)safe_syscall_insn) {
        u->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_unstarted;
    } else if (pc >= (uintptr_t)safe_syscall_insn && pc < (uintptr_t)safe_syscall_end) {
        u->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_restart;
    }
    errno = saved_errno;
}

/* glibc refuses sigaction() and sigprocmask() for its reserved 32 (SIGCANCEL) and 33
 * (SIGSETXID), which the guest's own glibc needs (pthread_cancel, and setuid & co. in a
 * threaded program, which signal every thread).  vemu never uses them through its host
 * glibc, so they are installed with the raw syscall, reusing glibc's signal-return
 * trampoline (read back from a signal installed through glibc). */
typedef struct HostKSigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
} HostKSigaction;
#define HOST_SA_RESTORER 0x04000000ul

static void raw_sigaction(int sig, const struct sigaction *sa)
{
    static void *restorer;
    HostKSigaction k;
    if (!restorer) {
        HostKSigaction cur;
        if (syscall(SYS_rt_sigaction, SIGSEGV, NULL, &cur, 8) != 0 ||
            !(cur.flags & HOST_SA_RESTORER)) {
            return;
        }
        restorer = cur.restorer;
    }
    k.handler = (sa->sa_flags & SA_SIGINFO) ? (void *)sa->sa_sigaction : (void *)sa->sa_handler;
    k.flags = (unsigned long)sa->sa_flags | HOST_SA_RESTORER;
    k.restorer = restorer;
    memcpy(&k.mask, &sa->sa_mask, sizeof k.mask);
    syscall(SYS_rt_sigaction, sig, &k, NULL, 8);
}

/* Make the host disposition of sig follow the guest's (see the file comment). */
static void host_install(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (sig == SIGKILL || sig == SIGSTOP) {
        return;
    }
    if (SIGBIT(sig) & SYNC_SIGS) {
        sa.sa_sigaction = host_signal_handler;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
    } else if (guest_sa[sig].handler == TARGET_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else if (guest_sa[sig].handler == TARGET_SIG_DFL &&
               (default_action(sig) == ACT_IGNORE || default_action(sig) == ACT_CONT)) {
        sa.sa_handler = SIG_DFL;
    } else {
        sa.sa_sigaction = host_signal_handler;
        /* SA_RESTART: the host kernel tells restartable calls apart (safe-syscall.c). */
        sa.sa_flags = SA_SIGINFO | SA_RESTART;
        sigfillset(&sa.sa_mask);
        sigdelset(&sa.sa_mask, SIGSEGV);
        sigdelset(&sa.sa_mask, SIGBUS);
    }
    if (sigaction(sig, &sa, NULL) != 0 && (sig == 32 || sig == 33)) {
        raw_sigaction(sig, &sa);
    }
}

/* The host mask of this thread: the guest's, plus every signal recorded in pending_async
 * and not yet given to the guest, so that the host kernel keeps later instances queued
 * (real-time signals with their values, per thread or per process, in its own order)
 * instead of letting them overwrite pending_info[].  Fault signals are never blocked. */
static void host_set_mask(uint64_t mask)
{
    sigset_t hs;
    mask |= __atomic_load_n(&pending_async, __ATOMIC_SEQ_CST);
    conv_sigset_to_host(&hs, mask & ~SYNC_SIGS);
    /* Raw, per thread, and including 32/33 (glibc's sigprocmask drops those). */
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &hs, NULL, 8);
}

static void set_guest_mask(uint64_t mask)
{
    guest_mask = mask & ~UNBLOCKABLE;
    host_set_mask(guest_mask);
}

void signal_init(void)
{
    sigset_t cur;
    void *page;
    static const uint32_t tramp[2] = {
        0xd2801168u, /* mov x8, #139 (rt_sigreturn) */
        0xd4000001u, /* svc #0 */
    };

    /* A blocked mask and ignored signals are inherited across execve. */
    sigprocmask(SIG_SETMASK, NULL, &cur);
    guest_mask = conv_sigset_to_target(&cur) & ~UNBLOCKABLE;
    for (int sig = 1; sig <= NSIG_GUEST; sig++) {
        struct sigaction old;
        memset(&guest_sa[sig], 0, sizeof guest_sa[sig]);
        if (sigaction(sig, NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
            old.sa_handler == SIG_IGN) {
            guest_sa[sig].handler = TARGET_SIG_IGN;
        }
        host_install(sig);
    }
    set_guest_mask(guest_mask);

    /* Handlers without SA_RESTORER return to the vDSO's __kernel_rt_sigreturn, as on
     * arm64 Linux; only without a vDSO to a page of vemu's own. */
    sigtramp_addr = vdso_sigreturn_addr();
    if (sigtramp_addr) {
        return;
    }
    page = mmap(NULL, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        vemu_fatal(1, "cannot map the signal trampoline: %s", strerror(errno));
    }
    memcpy(page, tramp, sizeof tramp);
    mprotect(page, GUEST_PAGE_SIZE, PROT_READ);
    sigtramp_addr = h2g(page);
    guest_prot_set(sigtramp_addr, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC);
}

uint64_t signal_get_mask(void)
{
    return guest_mask;
}

void signal_thread_init(uint64_t mask)
{
    /* A new thread (clone with CLONE_VM) inherits the mask; nothing is pending and the
     * kernel disables the sigaltstack.  The host mask is set by signal_thread_start(). */
    guest_mask = mask & ~UNBLOCKABLE;
    pending_async = 0;
    sync_pending.valid = false;
    altstack.ss_sp = 0;
    altstack.ss_size = 0;
    altstack.ss_flags = TARGET_SS_DISABLE;
    suspend_active = false;
    signal_pending_flag = 0;
}

void *signal_dispositions_table(void)
{
    return guest_sa;
}

void signal_set_dispositions_table(void *table)
{
    guest_sa = table;
}

void signal_reinstall_reserved(void)
{
    /* glibc's first pthread_create installs its own SIGSETXID handler: take it back. */
    pthread_mutex_lock(&sigact_lock);
    host_install(32);
    host_install(33);
    pthread_mutex_unlock(&sigact_lock);
}

/* Fork: the host signals stay blocked from before the fork until the child has dropped
 * what the parent had recorded, so a signal sent to the new child at once (kill(-pgrp)
 * right after fork) waits in the host kernel instead of being recorded and then wiped. */
static _Thread_local uint64_t fork_saved_host_mask;

void *signal_dispositions_save(void)
{
    void *copy = malloc(SA_TABLE_SIZE);
    if (copy) {
        pthread_mutex_lock(&sigact_lock);
        memcpy(copy, guest_sa, SA_TABLE_SIZE);
        pthread_mutex_unlock(&sigact_lock);
    }
    return copy;
}

void signal_dispositions_restore(void *saved)
{
    /* Only vemu's table: the host dispositions of this process were never changed (the
     * vfork child had its own). */
    pthread_mutex_lock(&sigact_lock);
    memcpy(guest_sa, saved, SA_TABLE_SIZE);
    pthread_mutex_unlock(&sigact_lock);
    free(saved);
}

void signal_fork_prepare(void)
{
    uint64_t all = ~0ull;
    pthread_mutex_lock(&sigact_lock);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &fork_saved_host_mask, 8);
}

void signal_fork_done(void)
{
    pthread_mutex_unlock(&sigact_lock);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &fork_saved_host_mask, NULL, 8);
}

void signal_fork_child(void)
{
    /* Dispositions and masks were copied with the process; the host kernel gave the child
     * an empty pending set, so vemu's must be empty too. */
    pthread_mutex_unlock(&sigact_lock);
    pending_async = 0;
    host_set_mask(guest_mask);
}

void signal_thread_start(void)
{
    host_set_mask(guest_mask);
}

void signal_prepare_exec(void)
{
    sigset_t hs;
    conv_sigset_to_host(&hs, guest_mask);
    sigprocmask(SIG_SETMASK, &hs, NULL);
}

void signal_exec_failed(void)
{
    host_set_mask(guest_mask);
}

/* ---- default actions ---------------------------------------------------------- */

static _Noreturn void die_with_signal(int sig)
{
    struct sigaction sa;
    sigset_t set;
    strace_killed(sig);
    syscall_flush_logs();
    gdb_user_exit(0, sig);
    /* A core signal dumps core (and sets WCOREDUMP in the wait status) exactly when the
     * kernel would for the guest: the guest's RLIMIT_CORE and core_pattern decide.  The
     * core is vemu's (guest memory included, not the arm64 registers). */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    kill(getpid(), sig);
    _exit(128 + sig);
}

static void stop_self(int sig)
{
    struct sigaction sa;
    sigset_t set;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig); /* stops here until SIGCONT */
    host_install(sig);
    host_set_mask(guest_mask);
}

/* ---- frames ------------------------------------------------------------------- */

static bool on_altstack(uint64_t sp)
{
    return !(altstack.ss_flags & TARGET_SS_DISABLE) && sp > altstack.ss_sp &&
           sp - altstack.ss_sp <= altstack.ss_size;
}

static void save_altstack(TargetStack *out, uint64_t sp)
{
    out->ss_sp = altstack.ss_sp;
    out->ss_size = altstack.ss_size;
    out->pad = 0;
    if (altstack.ss_flags & TARGET_SS_DISABLE) {
        out->ss_flags = TARGET_SS_DISABLE;
    } else {
        out->ss_flags = on_altstack(sp) ? TARGET_SS_ONSTACK : 0;
    }
}

static _Thread_local TargetRtSigframe frame_buf;

/* Build the rt_sigframe for sig on the guest stack and redirect the CPU to the handler.
 * Returns false if the frame cannot be written (the caller kills with SIGSEGV). */
static bool setup_frame(CPUArchState *env, int sig, const TargetSigaction *sa,
                        const siginfo_t *info, uint64_t fault_addr, uint64_t saved_mask)
{
    TargetRtSigframe *f = &frame_buf;
    TargetFpsimdContext *fp;
    TargetFrameRecord rec;
    uint64_t sp = env->xregs[A64_REG_SP];
    uint64_t rec_addr, frame_addr;

    if ((sa->flags & TARGET_SA_ONSTACK) && !(altstack.ss_flags & TARGET_SS_DISABLE) &&
        !on_altstack(sp)) {
        sp = altstack.ss_sp + altstack.ss_size;
    }
    rec_addr = (sp - sizeof(TargetFrameRecord)) & ~15ull;
    frame_addr = (rec_addr - ((sizeof(TargetRtSigframe) + 15) & ~15ull)) & ~15ull;

    memset(f, 0, sizeof *f);
    memcpy(f->info, info, sizeof f->info);
    f->uc.uc_flags = 0;
    f->uc.uc_link = 0;
    save_altstack(&f->uc.uc_stack, env->xregs[A64_REG_SP]);
    f->uc.uc_sigmask = saved_mask;
    f->uc.uc_mcontext.fault_address = fault_addr;
    for (int i = 0; i < 31; i++) {
        f->uc.uc_mcontext.regs[i] = env->xregs[i];
    }
    f->uc.uc_mcontext.sp = env->xregs[A64_REG_SP];
    f->uc.uc_mcontext.pc = env->pc;
    /* EL0t: mode bits 0; BTYPE (bits 11:10) of an interrupted branch to a guarded page */
    f->uc.uc_mcontext.pstate =
        cpu_get_nzcv(env) | env->pstate_sd | (uint64_t)(env->btype & 3) << PSTATE_BTYPE_SHIFT;
    fp = (TargetFpsimdContext *)(void *)f->uc.uc_mcontext.reserved;
    fp->head.magic = TARGET_FPSIMD_MAGIC;
    fp->head.size = sizeof(TargetFpsimdContext);
    fp->fpsr = env->fpsr;
    fp->fpcr = env->fpcr;
    for (int i = 0; i < 32; i++) {
        fp->vregs[i][0] = env->vregs[i].d[0];
        fp->vregs[i][1] = env->vregs[i].d[1];
    }
    /* The terminating null record after it is already zero. */

    rec.fp = env->xregs[29];
    rec.lr = env->xregs[30];
    if (copy_to_guest(frame_addr, f, sizeof *f) != 0 ||
        copy_to_guest(rec_addr, &rec, sizeof rec) != 0) {
        return false;
    }

    env->xregs[0] = (uint64_t)sig;
    if (sa->flags & TARGET_SA_SIGINFO) {
        env->xregs[1] = frame_addr + offsetof(TargetRtSigframe, info);
        env->xregs[2] = frame_addr + offsetof(TargetRtSigframe, uc);
    }
    env->xregs[A64_REG_SP] = frame_addr;
    env->xregs[29] = rec_addr;
    env->xregs[30] = (sa->flags & TARGET_SA_RESTORER) ? sa->restorer : sigtramp_addr;
    env->pc = sa->handler;
    /* Linux enters a handler as if called by BLR (PSR_BTYPE_C): a handler on a guarded
     * page must start with BTI c (or PACIxSP) */
    env->btype = a64_bti_in_use() ? 2 : 0;
    env->pstate_sd &= ~PSTATE_TCO; /* handlers always start with tag checks on */
    return true;
}

/* Deliver one signal whose disposition is not "ignore". */
static void deliver(CPUArchState *env, int sig, const siginfo_t *info, uint64_t fault_addr,
                    bool sync)
{
    const TargetSigaction *sa;
    uint64_t saved_mask;
    siginfo_t user_info;

    if (gdb_user_connected) {
        /* gdb sees the signal first and decides what is delivered (signal.c's only
         * debugger hook). */
        bool injected = false;
        int passed = gdb_user_signal(env, sig, &injected);
        if (passed == 0) {
            return;
        }
        if (passed != sig || injected) {
            /* gdb's choice: an ordinary (blockable, ignorable) signal from a user. */
            memset(&user_info, 0, sizeof user_info);
            user_info.si_signo = passed;
            user_info.si_code = SI_USER;
            info = &user_info;
            sig = passed;
            sync = false;
        }
    }
    /* One consistent copy of the disposition: another thread may change it meanwhile
     * (sigaction racing with delivery; CPython's test_signal StressTest flips a handler
     * and SIG_IGN in a loop: reading it twice once jumped to SIG_IGN, pc = 1).  A
     * SA_RESETHAND reset happens in the same critical section. */
    TargetSigaction snap;
    pthread_mutex_lock(&sigact_lock);
    snap = guest_sa[sig];
    if ((snap.flags & TARGET_SA_RESETHAND) && snap.handler != TARGET_SIG_IGN &&
        snap.handler != TARGET_SIG_DFL) {
        guest_sa[sig].handler = TARGET_SIG_DFL;
        guest_sa[sig].flags &= ~TARGET_SA_SIGINFO;
        host_install(sig);
    }
    pthread_mutex_unlock(&sigact_lock);
    sa = &snap;
    if (info->si_code > 0 && !(sa->flags & TARGET_SA_EXPOSE_TAGBITS) && (SIGBIT(sig) & SYNC_SIGS)) {
        /* The kernel clears a fault address's tag bits unless the handler asked for them
         * (arch_untagged_si_addr); only an MTE fault address carries them here. */
        user_info = *info;
        user_info.si_addr = (void *)((uintptr_t)info->si_addr & GUEST_ADDR_TBI_MASK);
        info = &user_info;
    }
    strace_signal(sig, info);
    if (sync && ((guest_mask & SIGBIT(sig)) || sa->handler == TARGET_SIG_IGN)) {
        die_with_signal(sig); /* the kernel forces these too */
    }
    if (sa->handler == TARGET_SIG_IGN) {
        return;
    }
    if (sa->handler == TARGET_SIG_DFL) {
        switch (default_action(sig)) {
        case ACT_IGNORE:
        case ACT_CONT:
            return;
        case ACT_STOP:
            stop_self(sig);
            return;
        default:
            die_with_signal(sig);
        }
    }
    saved_mask = suspend_active ? suspend_saved_mask : guest_mask;
    suspend_active = false;
    if (!setup_frame(env, sig, sa, info, fault_addr, saved_mask)) {
        die_with_signal(SIGSEGV);
    }
    uint64_t new_mask = guest_mask | sa->mask;
    if (!(sa->flags & TARGET_SA_NODEFER)) {
        new_mask |= SIGBIT(sig);
    }
    set_guest_mask(new_mask);
}

void queue_guest_signal(CPUArchState *env, int sig, int si_code, uint64_t addr)
{
    memset(&sync_pending.info, 0, sizeof sync_pending.info);
    sync_pending.info.si_signo = sig;
    sync_pending.info.si_code = si_code;
    sync_pending.info.si_addr = (void *)(uintptr_t)addr;
    sync_pending.sig = sig;
    sync_pending.valid = true;
    env->fault_addr = addr;
    env->exit_request = 1;
}

/* Lowest pending signal the guest does not block, or 0. */
static int next_pending(void)
{
    uint64_t ready = __atomic_load_n(&pending_async, __ATOMIC_SEQ_CST) & ~guest_mask;
    return ready ? __builtin_ctzll(ready) + 1 : 0;
}

void queue_thread_signal(int sig, int si_code, uint64_t addr)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_signo = sig;
    info.si_code = si_code;
    info.si_addr = (void *)(uintptr_t)addr;
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pending_info[sig] = info;
    __atomic_or_fetch(&pending_async, SIGBIT(sig), __ATOMIC_SEQ_CST);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

void process_pending_signals(CPUArchState *env)
{
    int sig;
    bool delivered = false;
    env->exit_request = 0;
    signal_pending_flag = 0;
    if (mte_take_async_fault(env)) {
        queue_thread_signal(SIGSEGV, 8 /* SEGV_MTEAERR */, 0);
    }
    if (sync_pending.valid) {
        siginfo_t info = sync_pending.info;
        sync_pending.valid = false;
        deliver(env, sync_pending.sig, &info, (uint64_t)(uintptr_t)info.si_addr, true);
    }
    while ((sig = next_pending()) != 0) {
        siginfo_t info;
        sigset_t all, old;
        /* Take the signal out of the set with host signals blocked, so the handler
         * cannot overwrite pending_info[sig] half-way through the copy. */
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, &old);
        info = pending_info[sig];
        __atomic_and_fetch(&pending_async, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
        sigprocmask(SIG_SETMASK, &old, NULL);
        deliver(env, sig, &info, 0, false);
        delivered = true;
    }
    if (suspend_active) {
        /* rt_sigsuspend woke for a signal that ended up ignored. */
        suspend_active = false;
        set_guest_mask(suspend_saved_mask);
    } else if (delivered) {
        /* Let the host kernel hand over the next queued instance of what was taken. */
        host_set_mask(guest_mask);
    }
}

bool signal_pending_deliverable(bool *restart)
{
    uint64_t ready = __atomic_load_n(&pending_async, __ATOMIC_SEQ_CST) & ~guest_mask;
    *restart = false;
    for (int sig = 1; sig <= NSIG_GUEST; sig++) {
        if (!(ready & SIGBIT(sig)) || signal_is_ignored(sig)) {
            continue;
        }
        if (guest_sa[sig].handler == TARGET_SIG_DFL && default_action(sig) == ACT_STOP) {
            /* A stop does not interrupt the syscall for the guest. */
            continue;
        }
        *restart = (guest_sa[sig].flags & TARGET_SA_RESTART) != 0;
        return true;
    }
    return false;
}

/* ---- syscalls ----------------------------------------------------------------- */

int64_t sys_rt_sigaction(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int sig = (int)a[0];
    TargetSigaction act, old;
    if (a[3] != 8) {
        return -EINVAL;
    }
    if (sig < 1 || sig > NSIG_GUEST) {
        return -EINVAL;
    }
    if (a[1] && (sig == SIGKILL || sig == SIGSTOP)) {
        return -EINVAL;
    }
    if (a[1] && copy_from_guest(&act, a[1], sizeof act) != 0) {
        return -EFAULT;
    }
    pthread_mutex_lock(&sigact_lock);
    old = guest_sa[sig];
    if (a[1]) {
        act.mask &= ~UNBLOCKABLE;
        guest_sa[sig] = act;
        host_install(sig);
        if (signal_is_ignored(sig)) {
            /* Only this thread's copy; other threads drop it when they look at it. */
            __atomic_and_fetch(&pending_async, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
            host_set_mask(guest_mask);
        }
    }
    pthread_mutex_unlock(&sigact_lock);
    if (a[2] && copy_to_guest(a[2], &old, sizeof old) != 0) {
        return -EFAULT;
    }
    return 0;
}

int64_t sys_rt_sigprocmask(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    uint64_t set = 0, old = guest_mask, m;
    if (a[3] != 8) {
        return -EINVAL;
    }
    if (a[1]) {
        if (copy_from_guest(&set, a[1], 8) != 0) {
            return -EFAULT;
        }
        switch ((int)a[0]) {
        case SIG_BLOCK:
            m = guest_mask | set;
            break;
        case SIG_UNBLOCK:
            m = guest_mask & ~set;
            break;
        case SIG_SETMASK:
            m = set;
            break;
        default:
            return -EINVAL;
        }
    } else {
        m = guest_mask;
    }
    if (a[2] && copy_to_guest(a[2], &old, 8) != 0) {
        return -EFAULT;
    }
    set_guest_mask(m);
    return 0;
}

int64_t sys_rt_sigpending(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    sigset_t hs;
    uint64_t set;
    if (a[1] != 8) {
        return -EINVAL;
    }
    sigpending(&hs);
    set = (conv_sigset_to_target(&hs) | pending_async) & guest_mask;
    return copy_to_guest(a[0], &set, 8);
}

int64_t sys_rt_sigsuspend(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    uint64_t m;
    sigset_t all, hs;
    if (a[1] != 8) {
        return -EINVAL;
    }
    if (copy_from_guest(&m, a[0], 8) != 0) {
        return -EFAULT;
    }
    suspend_saved_mask = guest_mask;
    suspend_active = true;
    guest_mask = m & ~UNBLOCKABLE;
    /* Check and sleep atomically: host signals stay blocked until sigsuspend. */
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    conv_sigset_to_host(&hs, guest_mask & ~SYNC_SIGS);
    while (next_pending() == 0) {
        sigsuspend(&hs);
    }
    host_set_mask(guest_mask);
    return -EINTR;
}

int signal_pwait_begin(uint64_t mask_addr, uint64_t size, uint64_t *host_set)
{
    uint64_t m;
    /* As rt_sigsuspend: the mask from before the call goes into a handler's frame.  Saved
     * first, so that signal_pwait_end() puts it back whatever fails below. */
    suspend_saved_mask = guest_mask;
    suspend_active = true;
    if (size != 8) {
        return -EINVAL;
    }
    if (copy_from_guest(&m, mask_addr, 8) != 0) {
        return -EFAULT;
    }
    guest_mask = m & ~UNBLOCKABLE;
    if (next_pending() != 0) {
        /* Recorded already and unblocked by the new mask: interrupted at once. */
        return -EINTR;
    }
    /* Signals recorded but not yet delivered stay blocked in the host (host_set_mask). */
    sigset_t hs;
    conv_sigset_to_host(&hs, (guest_mask | pending_async) & ~SYNC_SIGS);
    memcpy(host_set, &hs, 8);
    return 0;
}

void signal_pwait_end(int64_t ret)
{
    if ((ret == -EINTR || ret == -VEMU_ERESTARTSYS) && next_pending() != 0) {
        /* A signal the temporary mask let in: its handler runs under that mask and the
         * frame gets the old one (deliver(), process_pending_signals()). */
        host_set_mask(guest_mask);
        return;
    }
    suspend_active = false;
    set_guest_mask(suspend_saved_mask);
}

int64_t sys_rt_sigtimedwait(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    uint64_t set;
    sigset_t hs;
    siginfo_t info;
    long r;
    if (a[3] != 8) {
        return -EINVAL;
    }
    if (copy_from_guest(&set, a[0], 8) != 0) {
        return -EFAULT;
    }
    set &= ~UNBLOCKABLE;
    uint64_t ready = __atomic_load_n(&pending_async, __ATOMIC_SEQ_CST) & set;
    if (ready) {
        int sig = __builtin_ctzll(ready) + 1;
        info = pending_info[sig];
        __atomic_and_fetch(&pending_async, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
        host_set_mask(guest_mask);
        if (a[1] && copy_to_guest(a[1], &info, sizeof info) != 0) {
            return -EFAULT;
        }
        return sig;
    }
    conv_sigset_to_host(&hs, set);
    r = safe_syscall(SYS_rt_sigtimedwait, (uint64_t)(uintptr_t)&hs, (uint64_t)(uintptr_t)&info,
                     a[2], 8, 0, 0);
    if (r < 0) {
        return r;
    }
    if (a[1] && copy_to_guest(a[1], &info, sizeof info) != 0) {
        return -EFAULT;
    }
    return r;
}

int64_t sys_sigaltstack(CPUArchState *env, uint64_t a[6])
{
    uint64_t sp = env->xregs[A64_REG_SP];
    TargetStack old, ss;
    save_altstack(&old, sp);
    if (a[0]) {
        if (copy_from_guest(&ss, a[0], sizeof ss) != 0) {
            return -EFAULT;
        }
        if (on_altstack(sp)) {
            return -EPERM;
        }
        int mode = ss.ss_flags & ~(int32_t)TARGET_SS_AUTODISARM;
        if (mode != 0 && mode != TARGET_SS_DISABLE && mode != TARGET_SS_ONSTACK) {
            return -EINVAL;
        }
        if (mode == TARGET_SS_DISABLE) {
            altstack.ss_sp = 0;
            altstack.ss_size = 0;
            altstack.ss_flags = TARGET_SS_DISABLE;
        } else {
            if (ss.ss_size < TARGET_MINSIGSTKSZ) {
                return -ENOMEM;
            }
            altstack.ss_sp = ss.ss_sp;
            altstack.ss_size = ss.ss_size;
            altstack.ss_flags = ss.ss_flags & (int32_t)TARGET_SS_AUTODISARM;
        }
    }
    if (a[1] && copy_to_guest(a[1], &old, sizeof old) != 0) {
        return -EFAULT;
    }
    return 0;
}

static _Noreturn void bad_sigreturn(void)
{
    die_with_signal(SIGSEGV);
}

int64_t sys_rt_sigreturn(CPUArchState *env, uint64_t a[6])
{
    (void)a;
    TargetRtSigframe *f = &frame_buf;
    uint64_t frame_addr = env->xregs[A64_REG_SP];
    size_t off = 0;

    if ((frame_addr & 15) || copy_from_guest(f, frame_addr, sizeof *f) != 0) {
        bad_sigreturn();
    }
    for (int i = 0; i < 31; i++) {
        env->xregs[i] = f->uc.uc_mcontext.regs[i];
    }
    env->xregs[A64_REG_SP] = f->uc.uc_mcontext.sp;
    env->pc = f->uc.uc_mcontext.pc;
    cpu_set_nzcv(env, (uint32_t)f->uc.uc_mcontext.pstate & 0xf0000000u);
    env->pstate_sd = f->uc.uc_mcontext.pstate & (PSTATE_SSBS | PSTATE_DIT | PSTATE_TCO);
    env->btype =
        a64_bti_in_use() ? (uint32_t)(f->uc.uc_mcontext.pstate >> PSTATE_BTYPE_SHIFT) & 3 : 0;
    /* Walk the records in __reserved: fpsimd is required, unknown ones are skipped. */
    bool have_fpsimd = false;
    while (off + sizeof(TargetCtxHeader) <= sizeof f->uc.uc_mcontext.reserved) {
        TargetCtxHeader h;
        memcpy(&h, f->uc.uc_mcontext.reserved + off, sizeof h);
        if (h.magic == 0 && h.size == 0) {
            break;
        }
        if (h.size < sizeof h || (h.size & 15) ||
            off + h.size > sizeof f->uc.uc_mcontext.reserved) {
            bad_sigreturn();
        }
        if (h.magic == TARGET_FPSIMD_MAGIC) {
            TargetFpsimdContext fp;
            if (h.size != sizeof fp) {
                bad_sigreturn();
            }
            memcpy(&fp, f->uc.uc_mcontext.reserved + off, sizeof fp);
            env->fpsr = fp.fpsr;
            env->fpcr = fp.fpcr;
            for (int i = 0; i < 32; i++) {
                env->vregs[i].d[0] = fp.vregs[i][0];
                env->vregs[i].d[1] = fp.vregs[i][1];
            }
            have_fpsimd = true;
        }
        off += h.size;
    }
    if (!have_fpsimd) {
        bad_sigreturn();
    }
    /* restore_altstack(): like sigaltstack(), ignored when it would fail. */
    if (!on_altstack(env->xregs[A64_REG_SP])) {
        const TargetStack *ss = &f->uc.uc_stack;
        int mode = ss->ss_flags & ~(int32_t)TARGET_SS_AUTODISARM;
        if (mode == TARGET_SS_DISABLE) {
            altstack.ss_sp = 0;
            altstack.ss_size = 0;
            altstack.ss_flags = TARGET_SS_DISABLE;
        } else if ((mode == 0 || mode == TARGET_SS_ONSTACK) && ss->ss_size >= TARGET_MINSIGSTKSZ) {
            altstack.ss_sp = ss->ss_sp;
            altstack.ss_size = ss->ss_size;
            altstack.ss_flags = ss->ss_flags & (int32_t)TARGET_SS_AUTODISARM;
        }
    }
    set_guest_mask(f->uc.uc_sigmask);
    return SYSRET_NOWRITE;
}
