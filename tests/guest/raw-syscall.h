/*
 * raw-syscall.h - Linux arm64 system calls without a C library, for the tests/guest
 * programs built with -nostdlib (dp-extra.c, bti-elf.c): number in x8, arguments in
 * x0..x3, result (or -errno) in x0.  Example: sys3(64, 1, (long)"hi\n", 3) writes "hi".
 */
#ifndef VEMU_GUEST_RAW_SYSCALL_H
#define VEMU_GUEST_RAW_SYSCALL_H

static inline long sys3(long nr, long a, long b, long c)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static inline long sys4(long nr, long a, long b, long c, long d)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}

#endif
