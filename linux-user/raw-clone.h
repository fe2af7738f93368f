/*
 * raw-clone.h - the host clone system call for a child that shares vemu's memory
 * (CLONE_VM) and must start on a stack and with a TLS of its own: vfork.c and clone-vm.c.
 * glibc's clone() wrapper cannot be used (it would run the child on the caller's TLS
 * through glibc code); this one switches to fn(arg) on stack_top straight after the
 * syscall in the child (rax 0), and returns the pid or -errno in the parent.
 * Example: raw_clone_call(CLONE_VM | CLONE_SETTLS | SIGCHLD, stack + size, 0, 0, tcb,
 *                         child_main, child_state);
 */
#ifndef VEMU_RAW_CLONE_H
#define VEMU_RAW_CLONE_H

#include <stdint.h>
#include <sys/syscall.h>

/* x86-64 clone(flags, stack, parent_tid, child_tid, tls). */
static inline long raw_clone_call(unsigned long flags, void *stack_top, uint64_t parent_tid,
                                  uint64_t child_tid, void *tls, void (*fn)(void *), void *arg)
{
    long ret;
    register unsigned long r10 __asm__("r10") = (unsigned long)child_tid;
    register void *r8 __asm__("r8") = tls;
    register void (*r12)(void *) __asm__("r12") = fn;
    register void *r13 __asm__("r13") = arg;
    __asm__ volatile("syscall\n"
                     "test %%rax, %%rax\n"
                     "jnz 1f\n"
                     "xor %%ebp, %%ebp\n"
                     "mov %%r13, %%rdi\n"
                     "call *%%r12\n"
                     "ud2\n"
                     "1:\n"
                     : "=a"(ret)
                     : "0"((long)SYS_clone), "D"(flags), "S"(stack_top), "d"(parent_tid), "r"(r10),
                       "r"(r8), "r"(r12), "r"(r13)
                     : "rcx", "r11", "memory");
    return ret;
}

#endif
