/*
 * syscall-defs.h - internal interface of the syscall layer: the generated table's entry
 * type and the helpers the linux-user/syscall-*.c, signal.c, mmap.c and strace.c files
 * share.  Not for use outside linux-user/ and syscall/.
 *
 * Example: const SyscallEntry *e = syscall_lookup(63);   // {"read", NULL, SYS_read, ...}
 */
#ifndef VEMU_SYSCALL_DEFS_H
#define VEMU_SYSCALL_DEFS_H

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"

typedef int64_t (*SyscallHandler)(CPUArchState *env, uint64_t a[6]);

enum { SC_NONE = 0, SC_PASS, SC_CUSTOM, SC_ENOSYS };

#define SC_F_RESTART                                                                               \
    1u                   /* signal(7): restarted after a SA_RESTART handler (documentation: at run \
                          * time the host kernel decides, see do_syscall_insn) */
#define SC_F_HEX 2u      /* strace prints the result in hex */
#define SC_F_NORETURN 4u /* strace prints before the call */
#define SC_F_OCT 8u      /* strace prints the result in octal (umask) */

#define SYSCALL_TABLE_SIZE 512

typedef struct SyscallEntry {
    const char *name;
    SyscallHandler handler; /* SC_CUSTOM */
    int host_nr;            /* SC_PASS: x86-64 number */
    unsigned char kind;
    unsigned char flags;
    const char *fmt; /* strace argument formats, "fd,ptr,size" */
} SyscallEntry;

extern const SyscallEntry syscall_table[SYSCALL_TABLE_SIZE];

/* Handlers return this to leave every guest register alone (rt_sigreturn, restarts). */
#define SYSRET_NOWRITE ((int64_t)INT64_MIN)

/* NULL when the number is not in the table. */
const SyscallEntry *syscall_lookup(uint64_t nr);

/* strace.c */
void strace_pre(const SyscallEntry *e, uint64_t nr, const uint64_t a[6]);
/* ret: the result; SYSRET_NOWRITE for a call re-issued unseen (no line), -VEMU_ERESTARTSYS
 * for one restarted after a guest handler (strace's "= ? ERESTARTSYS"). */
void strace_post(const SyscallEntry *e, uint64_t nr, int64_t ret);
const char *strace_errno_name(int err);
/* "--- SIGSEGV {si_signo=SIGSEGV, ...} ---" when a signal is delivered to the guest, and
 * "+++ killed by SIGSEGV +++" before vemu dies of one (nothing unless -strace is on). */
void strace_signal(int sig, const siginfo_t *info);
void strace_killed(int sig);

/* mmap.c */
void mmap_init(void);
/* true when [addr, addr+len) overlaps memory vemu itself depends on. */
bool mmap_range_reserved(uint64_t addr, uint64_t len);
/* Is addr inside one of vemu's own ranges?  *end: where that range ends if so, else where
 * the next one starts (UINT64_MAX if none).  /proc/self/maps cuts them out of host lines
 * (the host kernel merges an adjacent guest mapping with the same protection into them). */
bool mmap_reserved_span(uint64_t addr, uint64_t *end);

/* signal.c */
/* A host signal arrived or is pending that the guest will see now: used to decide between
 * -EINTR and a transparent restart when a host syscall returns EINTR. */
bool signal_pending_deliverable(bool *restart);
/* ppoll, pselect6, epoll_pwait(2) with a signal mask: install the guest mask at mask_addr
 * (size must be 8) for the duration of the call and give the host call its mask (8
 * bytes at host_set); returns 0, -EINVAL/-EFAULT, or -EINTR when a recorded signal is
 * already unblocked by it.  signal_pwait_end(ret) afterwards, whatever happened. */
int signal_pwait_begin(uint64_t mask_addr, uint64_t size, uint64_t *host_set);
void signal_pwait_end(int64_t ret);
/* Set the host signal mask to what a new program should inherit (the guest mask) before
 * execve; signal_exec_failed() undoes it. */
void signal_prepare_exec(void);
void signal_exec_failed(void);

/* proc-fakes.c: open a faked /proc file; returns an fd, -errno, or -ENOENT-like
 * PROC_FAKE_NONE when the path is not faked. */
#define PROC_FAKE_NONE (-100000)
int proc_fake_open(const char *path, int host_flags);
/* Remember where the guest's argv strings are (for /proc/self/cmdline). */
void proc_fakes_init(uint64_t initial_sp);
/* readlink of /proc/self/exe: length written, or PROC_FAKE_NONE. */
int64_t proc_fake_readlink(const char *path, char *buf, size_t len);

/* guest-copy.c: recovery point the host SIGSEGV handler jumps to while a guest copy
 * is in progress (NULL otherwise). */
extern _Thread_local sigjmp_buf *guest_copy_recover;

/* signal.c: host signals seen so far by this thread (to tell a signal EINTR from a
 * spurious one). */
extern _Thread_local volatile unsigned int signal_arrivals;

/* syscall-file.c: with -L PREFIX, an absolute path that exists under PREFIX names that
 * file.  Takes a malloc'd path; returns it or a malloc'd replacement (freeing path). */
char *under_ld_prefix(char *path);
/* The path argument (index) of a pass-through syscall that -L applies to, or -1. */
int ld_prefix_path_arg(uint64_t nr);

/* Returned (negated) by safe_syscall when a signal ended a host call the kernel would
 * restart after a SA_RESTART handler, or arrived before it started; the kernel's own
 * ERESTARTSYS number.  Never reaches the guest (do_syscall_insn turns it into a restart
 * or -EINTR). */
#define VEMU_ERESTARTSYS 512
/* Returned (negated) by safe_syscall_raw when a signal arrived before the host call started
 * (the flag was set, or the pc had not reached the syscall instruction). */
#define VEMU_ENOTSTARTED 513

/* safe-syscall.c: call host syscall nr; returns the result or -errno, -EINTR if a signal
 * interrupted a call the kernel never restarts, -VEMU_ERESTARTSYS if the call may be
 * restarted (or had not started when a guest signal arrived). */
int64_t safe_syscall(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                     uint64_t a5);
/* The same, but -VEMU_ENOTSTARTED (not -VEMU_ERESTARTSYS) when the call never started. */
int64_t safe_syscall_raw(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                         uint64_t a5);
/* Set by the host signal handler when a signal is recorded for the guest thread it ran
 * on (thread-local); cleared by process_pending_signals(). */
extern _Thread_local volatile int signal_pending_flag;
/* The host pc range in which a signal must abort the safe syscall, and where to go. */
extern const char safe_syscall_start[], safe_syscall_end[], safe_syscall_restart[];
extern const char safe_syscall_insn[], safe_syscall_unstarted[];

/* guest-prot.c: the guest's PROT_EXEC (and execute-only, and PROT_BTI) per page, which
 * host mappings never carry.  guest_prot_set takes guest PROT_* bits (only EXEC, READ and
 * BTI matter; the caller drops PROT_BTI when the CPU model lacks BTI); guest_prot_get
 * returns GUEST_PROT_* bits; guest_prot_run_end returns the first page address in
 * (addr, end) whose bits differ from addr's, or end. */
#define GUEST_PROT_EXEC 1
#define GUEST_PROT_NOREAD 2
#define GUEST_PROT_GUARDED 4 /* PROT_BTI on an executable page */
#define TARGET_PROT_BTI 0x10
#define TARGET_PROT_MTE 0x20
void guest_prot_set(uint64_t start, uint64_t len, int prot);
int guest_prot_get(uint64_t addr);
uint64_t guest_prot_run_end(uint64_t addr, uint64_t end);
/* mremap: the new range [new_addr, +new_len) gets the old mapping's protection. */
void guest_prot_move(uint64_t old_addr, uint64_t new_addr, uint64_t new_len);

/* image-maps.c: file identity of the pages of the ELF images the loader mapped. */
typedef struct ImageSeg {
    uint64_t start, end; /* page-aligned guest range */
    uint64_t offset;     /* file offset of start */
    uint64_t dev, ino;
    const char *path;
} ImageSeg;
void image_maps_init(void);
void image_maps_forget(uint64_t start, uint64_t len);
/* The segment containing addr (true), else false with *next = the lowest segment start
 * above addr (UINT64_MAX if none). */
bool image_maps_lookup(uint64_t addr, ImageSeg *out, uint64_t *next);

/* mmap.c: the brk area [start, mapped end) as the guest sees it ([heap] in maps). */
void mmap_brk_range(uint64_t *start, uint64_t *end);

/* syscall-proc.c: the arm64 clone (flags, newsp, parent_tid, tls, child_tid), which
 * clone3 (syscall-clone3.c) ends in. */
int64_t sys_clone(CPUArchState *env, uint64_t a[6]);

/* syscall-proc.c: flush logs before the process goes away. */
void syscall_flush_logs(void);

#endif
