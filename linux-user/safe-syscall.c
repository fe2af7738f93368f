/*
 * safe-syscall.c - a host syscall that a guest signal can always interrupt: closes the
 * race between "no signal pending" and "blocked in the kernel".
 *
 * safe_syscall() tests *flag (set by the host signal handler) and then executes the
 * syscall instruction.  vemu's host handlers have SA_RESTART, so the host kernel itself
 * says how a signal ended the call (signal(7)): a call it would restart after a
 * SA_RESTART handler (-ERESTARTSYS inside the kernel) comes back with the pc moved back
 * onto the syscall instruction; one it never restarts (a timeout set, poll, nanosleep,
 * ...) returns -EINTR after it.  The handler (signal.c) moves an interrupted pc in
 * [safe_syscall_start, safe_syscall_end), i.e. before or on the syscall instruction, to
 * safe_syscall_restart, which returns -VEMU_ERESTARTSYS: "not done, restart it if the
 * guest handler has SA_RESTART".  A signal before the instruction (the flag already set,
 * or the pc before it) ends at safe_syscall_unstarted instead: -VEMU_ENOTSTARTED, "the
 * call never ran", which safe_syscall_raw() returns as is (the dispatcher then delivers
 * the signal and runs the SVC again, as a kernel would that took the signal just before
 * the SVC: getpid or clock_gettime never fail with EINTR) and safe_syscall() folds into
 * -VEMU_ERESTARTSYS for handlers.  do_syscall_insn() makes the guest-visible decision.
 * Example: long r = safe_syscall(SYS_read, fd, buf, len, 0, 0, 0);  // r = n or -errno
 */
#include "syscall/syscall-defs.h"

/* long safe_syscall_base(volatile int *flag, long nr, a0, a1, a2, a3, a4, a5) (SysV ABI:
 * rdi, rsi, rdx, rcx, r8, r9, then a4 and a5 on the stack); returns the raw kernel
 * result (-errno on failure). */
__asm__(".text\n"
        ".globl safe_syscall_base\n"
        ".type safe_syscall_base, @function\n"
        "safe_syscall_base:\n"
        "    push %rbp\n"
        "    mov %rdi, %rbp\n"
        "    mov %rsi, %rax\n"
        "    mov %rdx, %rdi\n"
        "    mov %rcx, %rsi\n"
        "    mov %r8, %rdx\n"
        "    mov %r9, %r10\n"
        "    mov 16(%rsp), %r8\n"
        "    mov 24(%rsp), %r9\n"
        ".globl safe_syscall_start\n"
        "safe_syscall_start:\n"
        "    cmpl $0, (%rbp)\n"
        "    jnz safe_syscall_unstarted\n"
        ".globl safe_syscall_insn\n"
        "safe_syscall_insn:\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    pop %rbp\n"
        "    ret\n"
        ".globl safe_syscall_restart\n"
        "safe_syscall_restart:\n"
        "    mov $-512, %rax\n" /* -VEMU_ERESTARTSYS */
        "    pop %rbp\n"
        "    ret\n"
        ".globl safe_syscall_unstarted\n"
        "safe_syscall_unstarted:\n"
        "    mov $-513, %rax\n" /* -VEMU_ENOTSTARTED */
        "    pop %rbp\n"
        "    ret\n"
        ".size safe_syscall_base, .-safe_syscall_base\n"
        ".section .note.GNU-stack,\"\",@progbits\n"
        ".text\n");

long safe_syscall_base(volatile int *flag, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5);

int64_t safe_syscall_raw(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                         uint64_t a5)
{
    return safe_syscall_base(&signal_pending_flag, nr, a0, a1, a2, a3, a4, a5);
}

int64_t safe_syscall(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                     uint64_t a5)
{
    int64_t ret = safe_syscall_base(&signal_pending_flag, nr, a0, a1, a2, a3, a4, a5);
    return ret == -VEMU_ENOTSTARTED ? -VEMU_ERESTARTSYS : ret;
}
