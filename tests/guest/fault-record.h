/*
 * fault-record.h - for the tests/guest programs that provoke faults (pauth.c, mte.c,
 * mte-mops.c): a handler that records the signal, si_code and si_addr and jumps back to
 * the test's sigsetjmp(jb, 1), and pointer-tag arithmetic (the tag in bits 59:56).
 * Example: if (sigsetjmp(jb, 1) == 0) { *(volatile char *)tagged(p, 3) = 0; }
 *          then got_sig == SIGSEGV, got_code == SEGV_MTESERR (9) on a mismatch.
 */
#ifndef VEMU_GUEST_FAULT_RECORD_H
#define VEMU_GUEST_FAULT_RECORD_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static volatile uint64_t got_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uint64_t)(uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

/* p with logical tag `tag` */
static inline uint64_t tagged(const void *p, unsigned tag)
{
    return ((uint64_t)(uintptr_t)p & ~(0xfful << 56)) | (uint64_t)tag << 56;
}

#endif
