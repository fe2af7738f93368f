/*
 * bti-elf.c - guarded pages from the ELF file: a static program whose PT_GNU_PROPERTY note
 * has GNU_PROPERTY_AARCH64_FEATURE_1_BTI gets PROT_BTI on its code from the loader, as
 * the kernel gives it (arch_elf_adjust_prot), on a CPU with BTI (HWCAP2_BTI in the auxv).
 *
 * Built with -nostdlib -mbranch-protection=standard (glibc's static archive in Debian 12
 * has no BTI note, and one object without it drops the property from the link).  Each C
 * function starts with BTI c; nopad() (assembly) does not.  A call through a pointer to
 * nopad() must raise SIGILL (ILL_ILLOPC at nopad) where the model has BTI, and return 9
 * where it has not.  Built again with -mbranch-protection=none (no note), the call must
 * return 9 on every model.  Example: vemu-aarch64 bti-elf  -> "PASS bti-elf".
 */
#include <stdint.h>

#include "raw-syscall.h"

#ifndef NAME
#define NAME "bti-elf"
#endif
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_rt_sigaction 134
#define SIGILL 4
#define ILL_ILLOPC 1
#define SA_SIGINFO 4
#define AT_HWCAP2 26
#define HWCAP2_BTI (1ul << 17)

long nopad(void);
__asm__(".text\n.p2align 2\n.globl nopad\nnopad:\n\tmov x0, #9\n\tret\n");

static void say(const char *s)
{
    volatile long n = 0; /* (no strlen: the loop is not turned into a libc call) */
    while (s[n]) {
        n++;
    }
    sys4(SYS_write, 1, (long)s, n, 0);
}

static void finish(int ok, const char *why)
{
    say(ok ? "PASS " NAME "\n" : "FAIL " NAME ": ");
    if (!ok) {
        say(why);
        say("\n");
    }
    sys4(SYS_exit_group, ok ? 0 : 1, 0, 0, 0);
}

typedef struct {
    int si_signo, si_errno, si_code, pad;
    uint64_t si_addr;
} Siginfo;

static void on_sigill(int sig, Siginfo *si, void *uc)
{
    (void)sig;
    (void)uc;
#ifdef WITH_BTI_NOTE
    finish(si->si_code == ILL_ILLOPC && si->si_addr == (uint64_t)(uintptr_t)nopad,
           "SIGILL with the wrong si_code or si_addr");
#else
    (void)si;
    finish(0, "SIGILL without a BTI note");
#endif
}

static long twice(long v)
{
    return 2 * v;
}

/* Calls through pointers the compiler cannot see through. */
static long (*volatile fn_twice)(long) = twice;
static long (*volatile fn_nopad)(void) = nopad;

void main_c(uint64_t *sp)
{
    uint64_t argc = sp[0], *p = sp + 1 + argc + 1, hwcap2 = 0;
    while (*p) { /* environment */
        p++;
    }
    for (p++; p[0]; p += 2) {
        if (p[0] == AT_HWCAP2) {
            hwcap2 = p[1];
        }
    }
    struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        unsigned long mask;
    } sa = {(void *)on_sigill, SA_SIGINFO, 0, 0};
    sys4(SYS_rt_sigaction, SIGILL, (long)&sa, 0, 8);

    if (fn_twice(21) != 42) {
        finish(0, "a call to a BTI c function failed");
    }
    long r = fn_nopad();
#ifdef WITH_BTI_NOTE
    if (hwcap2 & HWCAP2_BTI) {
        finish(0, "a call to a non-landing pad in a guarded page did not fault");
    }
#else
    (void)hwcap2;
#endif
    finish(r == 9, "nopad() returned the wrong value");
}

__asm__(".text\n.globl _start\n_start:\n\tmov x29, #0\n\tmov x0, sp\n\tbl main_c\n");
