/*
 * safe-syscall.c - a host syscall that a guest signal can always interrupt: closes the
 * race between "no signal pending" and "blocked in the kernel".
 *
 * safe_syscall() tests *flag (set by the host signal handler) and then executes the
 * syscall instruction.  If a signal arrives between the test and the instruction, the
 * handler (signal.c) sees the interrupted host pc inside [safe_syscall_start,
 * safe_syscall_end) and moves it to safe_syscall_interrupted, which returns -EINTR
 * without entering the kernel.  A signal arriving during the syscall makes the kernel
 * return -EINTR (vemu's handlers have no SA_RESTART).
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
        "    jnz safe_syscall_interrupted\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    pop %rbp\n"
        "    ret\n"
        ".globl safe_syscall_interrupted\n"
        "safe_syscall_interrupted:\n"
        "    mov $-4, %rax\n" /* -EINTR */
        "    pop %rbp\n"
        "    ret\n"
        ".size safe_syscall_base, .-safe_syscall_base\n"
        ".section .note.GNU-stack,\"\",@progbits\n"
        ".text\n");

long safe_syscall_base(volatile int *flag, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5);

int64_t safe_syscall(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                     uint64_t a5)
{
    return safe_syscall_base(&signal_pending_flag, nr, a0, a1, a2, a3, a4, a5);
}
