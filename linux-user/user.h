/*
 * user.h - the process-level emulation API shared by main.c, the CPU loop, the syscall
 * layer and signal delivery.
 *
 * Flow: main.c parses options (options.c), loads the ELF (loader/), sets up a CPUArchState
 * and calls cpu_loop(), which never returns: it runs cpu_exec() and handles each exit
 * reason (syscall, fault, pending signal) until the guest exits.
 * Example: cpu_loop(env);   // in main(), after loader_build_stack()
 */
#ifndef VEMU_USER_H
#define VEMU_USER_H

#include "tcg/guest-mem.h"
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/loader.h"
#include "target/aarch64/cpu.h"

/* Process-wide configuration from the command line / VEMU_* environment (options.c). */
typedef struct VemuConfig {
    const char *ld_prefix; /* -L / VEMU_LD_PREFIX, NULL if unset */
    const char *cpu_model; /* -cpu / VEMU_CPU */
    const char *argv0;     /* -0 / VEMU_ARGV0 */
    bool strace;           /* -strace / VEMU_STRACE */
    bool perfmap;          /* -perfmap / VEMU_PERFMAP */
    bool jitdump;          /* -jitdump / VEMU_JITDUMP */
    bool one_insn_per_tb;  /* -one-insn-per-tb / VEMU_ONE_INSN_PER_TB */
    unsigned tb_size_mib;  /* -tb-size / VEMU_TB_SIZE, 0 if unset */
    const char *self_exe;  /* absolute path of the vemu binary (for execve) */
    uint64_t stack_size;   /* -s / VEMU_STACK_SIZE */
    int gdb_port;          /* -g / VEMU_GDB, 0 if unset */
} VemuConfig;

extern VemuConfig vemu_config;
extern LoadInfo vemu_load_info; /* the main program as loaded */

/* options.c: argv for re-running vemu on another arm64 program with the same options:
 * writes [self_exe, opts..., ["-execfd", N,] "-0", argv0, "--", path] into a g_malloc'd
 * NULL-terminated array followed by guest_argv[1..]; returns it (caller g_frees the array
 * only).  exec_fd >= 0: the new vemu loads the program from that inherited descriptor. */
char **vemu_reexec_argv(const char *path, char *const guest_argv[], int exec_fd);
/* options.c: true when an option is active that a program started by the kernel through
 * binfmt_misc would not get (so execve must re-run vemu with vemu_reexec_argv). */
bool options_reexec_needed(void);

/* syscall-exec.c: open vemu's own executable (for re-running itself inside a chroot);
 * argv0 is the fallback when /proc is not mounted. */
void exec_self_init(const char *argv0);
/* syscall-exec.c: that descriptor (-1: none), and forgetting it (the guest took its number). */
int exec_self_fd(void);
void exec_self_fd_release(void);
/* fd-hide.c: does this call name one of vemu's own descriptors (then it fails with EBADF)? */
struct SyscallEntry;
bool fd_hidden_from_guest(const struct SyscallEntry *e, uint64_t nr, const uint64_t a[6]);
/* binfmt-match.c: does an enabled binfmt_misc entry, usable from this root, match the
 * file whose first n bytes are hdr? */
bool binfmt_kernel_handles(const unsigned char *hdr, size_t n);

/* cpu-loop.c: run the guest until it exits; never returns. */
_Noreturn void cpu_loop(CPUArchState *env);

/* syscall layer (syscall.c): handle the SVC the CPU stopped at: number in x8, arguments in
 * x0..x5, result (or -errno) into x0.  rt_sigreturn restores the whole register file. */
void do_syscall_insn(CPUArchState *env);
/* prctl PR_PAC_RESET_KEYS / PR_PAC_SET_ENABLED_KEYS / PR_PAC_GET_ENABLED_KEYS (a[0]) */
int64_t pauth_prctl(CPUArchState *env, const uint64_t a[6]);
/* syscall-mte.c: PR_SET/GET_TAGGED_ADDR_CTRL (a[0] = 55/56), and PROT_MTE in mmap and
 * mprotect: the *_check functions return 0 or -EINVAL before the host call, mte_mapped
 * records a successful one (fresh: a new mapping, whose old tags go). */
int64_t mte_prctl(CPUArchState *env, const uint64_t a[6]);
int mte_mmap_check(const CPUArchState *env, uint64_t prot, int flags, int fd);
int mte_mprotect_check(const CPUArchState *env, uint64_t start, uint64_t len, uint64_t prot);
void mte_mapped(uint64_t start, uint64_t len, uint64_t prot, bool fresh);
void syscall_init(void);

/* signal.c */
void signal_init(void);
/* Queue a synchronous signal caused by the instruction at env->pc (SIGILL, SIGSEGV, ...). */
void queue_guest_signal(CPUArchState *env, int sig, int si_code, uint64_t addr);
/* Make sig pending for the calling thread as the kernel's send_sig_fault does (blockable,
 * delivered at the next safe point): an asynchronous MTE tag-check fault. */
void queue_thread_signal(int sig, int si_code, uint64_t addr);
/* The si_code of the host fault behind the last EXCP_DATA_ABORT/EXCP_ALIGN raised from a
 * guest memory access (SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR, ...), 0 if that exception
 * did not come from a host fault (an instruction fetch, an alignment check); the CPU
 * loop reads and clears it. */
extern _Thread_local int host_fault_code;
/* Deliver pending signals that are not blocked (build rt_sigframe, redirect pc). */
void process_pending_signals(CPUArchState *env);

/* Fault-safe copies between vemu and guest memory: return 0 or -EFAULT (never crash). */
int copy_from_guest(void *dst, uint64_t src, size_t len);
int copy_to_guest(uint64_t dst, const void *src, size_t len);
/* An extensible struct (clone_args, open_how) of usize bytes at src into dst (ksize
 * bytes), as the kernel's copy_struct_from_user: a shorter one is zero-extended, a longer
 * one must have only zeros past ksize.  0, -EFAULT, or -E2BIG. */
int copy_struct_from_guest(void *dst, size_t ksize, uint64_t src, uint64_t usize);
/* guest_fetch_code() (guest-prot.c) is declared in tcg/guest-mem.h, for the translator. */
/* Copy a NUL-terminated guest string into a malloc'd buffer; NULL on fault. */
char *strdup_from_guest(uint64_t src);

/* gdbstub-user.c: -g port.  gdb_user_listen waits for gdb (before signal_init);
 * the hooks below do nothing unless gdb is connected. */
extern volatile int gdb_user_connected;
void gdb_user_listen(int port);
/* Top of the CPU loop: the first stop, and waiting while gdb holds the process. */
void gdb_user_pause_point(CPUArchState *env);
/* EXCP_DEBUG: a breakpoint or the end of a single step. */
void gdb_user_debug_stop(CPUArchState *env);
/* A signal is about to be delivered: returns the one gdb lets through (0: none);
 * *injected: it is one gdb asked for ("signal SIG"), not the one that arrived. */
int gdb_user_signal(CPUArchState *env, int sig, bool *injected);
/* The process ends with status, or killed by sig (nonzero). */
void gdb_user_exit(int status, int sig);
void gdb_user_fork_child(void);

/* Fatal emulator error: prints "vemu-aarch64: <msg>" and exits with status. */
_Noreturn void vemu_fatal(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* thread.c: per guest thread (= host thread) linux-user state; env->task points here.
 * The signal state of a thread (mask, pending, sigaltstack) is thread-local in signal.c.
 * docs/design/threads.md. */
typedef struct TaskState {
    CPUArchState *env;
    int tid;                  /* host tid, which is also the guest tid */
    int pid;                  /* its process (CLONE_VM children are other processes) */
    uint64_t clear_child_tid; /* CLONE_CHILD_CLEARTID address, 0 if none */
    bool is_main;             /* the initial thread (no start routine to return to) */
    jmp_buf *exit_jmp;        /* thread_exit() returns to the host thread's start */
    struct TaskState *next;   /* list of live threads */
} TaskState;

extern _Thread_local TaskState *current_task;

/* Register the initial thread (from syscall_init). */
void thread_init_main(CPUArchState *env);
/* clone with CLONE_VM|CLONE_THREAD, without CLONE_VFORK: a new guest thread; returns its
 * tid or -errno (-EINVAL for flag sets other than pthread-style ones). */
int64_t thread_clone(CPUArchState *env, uint64_t flags, uint64_t newsp, uint64_t parent_tid,
                     uint64_t tls, uint64_t child_tid);
/* exit (93): end the calling guest thread; the process if it is the last one. */
_Noreturn void thread_exit(int status);
/* Number of live guest threads. */
int thread_count(void);
/* clone-vm.c: list a CLONE_VM child process's first thread (in the child), and take
 * what is left of a child process off the list once it is gone (in the parent). */
void thread_add_process(TaskState *ts);
void thread_process_gone(TaskState *ts);
/* clone-vm.c: clone with CLONE_VM and without CLONE_THREAD and CLONE_VFORK: a child
 * process sharing the guest's memory; returns its pid or -errno. */
int64_t vm_process_clone(CPUArchState *env, uint64_t flags, uint64_t newsp, uint64_t parent_tid,
                         uint64_t tls, uint64_t child_tid);
/* Around a fork-like clone: take every vemu lock, release in the parent, reset the thread
 * list to the caller and release in the child. */
void thread_fork_prepare(void);
void thread_fork_parent(void);
void thread_fork_child(void);
/* Call fn on every live guest thread, with the thread list locked (gdbstub). */
void thread_foreach(void (*fn)(TaskState *ts, void *opaque), void *opaque);

/* signal.c, per thread: the calling thread's guest blocked mask; set up a new thread's
 * signal state (inherited mask, nothing pending, no sigaltstack) and then, once it may
 * receive signals, its host mask; around fork: the sigaction lock, with every host
 * signal blocked until the parent (signal_fork_done) or the child (signal_fork_child,
 * which also empties the pending set) is ready. */
uint64_t signal_get_mask(void);
void signal_thread_init(uint64_t mask);
void signal_thread_start(void);
/* After vemu's first host pthread_create: reinstall vemu's handlers for 32 and 33. */
void signal_reinstall_reserved(void);
void signal_fork_prepare(void);
void signal_fork_done(void);
void signal_fork_child(void);
/* Around a vfork child that shares memory: a malloc'd copy of the guest dispositions,
 * and putting it back (frees it).  The table the calling thread's process uses, and
 * making the calling thread use another (a copy from signal_dispositions_save, for a
 * CLONE_VM child process without CLONE_SIGHAND; or its creator's, for a new thread). */
void *signal_dispositions_table(void);
void signal_set_dispositions_table(void *table);
void *signal_dispositions_save(void);
void signal_dispositions_restore(void *saved);

/* vfork.c: clone with CLONE_VM|CLONE_VFORK, without CLONE_THREAD: a child process
 * sharing the guest's memory; returns its pid (after it exec'd or exited) or -errno. */
int64_t vfork_clone(CPUArchState *env, uint64_t flags, uint64_t newsp, uint64_t parent_tid,
                    uint64_t tls, uint64_t child_tid);

/* mmap.c: the lock of the brk/reserved-range bookkeeping, around fork. */
void mmap_fork_prepare(void);
void mmap_fork_done(void);

/* mmap.c: declare a host range vemu depends on (e.g. the translated-code buffer), so a
 * guest MAP_FIXED mmap, munmap or mprotect over it fails instead of clobbering vemu. */
void mmap_reserve_range(uint64_t start, uint64_t len);

#endif
