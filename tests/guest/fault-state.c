/*
 * fault-state.c - a memory fault in the middle of a translated block must show the
 * signal handler the exact architectural state at the faulting instruction (Arm ARM:
 * synchronous exceptions are precise; Linux reports it in the rt_sigframe's
 * uc_mcontext): registers and NZCV written by earlier instructions of the same block,
 * pc = the faulting load/store, and nothing from the instructions after it.
 *
 * Each case runs straight-line code that sets registers and flags, then a load or store
 * to an unmapped page, then more register writes.  The SIGSEGV handler checks the state,
 * records it and resumes at the next instruction (pc += 4).  Destination registers of
 * the faulting access itself are not checked (UNKNOWN in the Arm ARM).  A native backend that keeps
 * guest registers in host registers must restore them from its side tables.
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "check.h"

extern char fault_ld_insn[], fault_st_insn[], fault_ldp_insn[];

static volatile uint64_t seen_regs[31];
static volatile uint64_t seen_pc, seen_pstate, seen_addr;
static volatile int faults;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    ucontext_t *uc = ucv;
    for (int i = 0; i < 31; i++) {
        seen_regs[i] = uc->uc_mcontext.regs[i];
    }
    seen_pc = uc->uc_mcontext.pc;
    seen_pstate = uc->uc_mcontext.pstate;
    seen_addr = (uint64_t)(uintptr_t)si->si_addr;
    faults++;
    uc->uc_mcontext.pc += 4; /* skip the faulting access */
}

static void check_nzcv(const char *what, uint64_t expected_nzcv)
{
    CHECK_EQ(what, expected_nzcv, seen_pstate & 0xf0000000u);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    /* an address that is certainly unmapped: a page we map and unmap */
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p, 4096);
    uint64_t bad = (uint64_t)(uintptr_t)p + 8;

    /* load: registers and flags set in the same block before the fault */
    uint64_t after9, after14;
    __asm__ volatile("mov x9, #0x1111\n\t"
                     "mov x10, #0x2222\n\t"
                     "add x11, x9, x10\n\t"
                     "subs x12, x9, x10\n\t" /* negative: N=1, C=0 */
                     "mov x14, #0x77\n\t"
                     ".globl fault_ld_insn\n"
                     "fault_ld_insn:\n\t"
                     "ldr x14, [%2]\n\t"
                     "mov x9, #0x9999\n\t"
                     "mov %0, x9\n\t"
                     "mov %1, x14\n\t"
                     : "=r"(after9), "=r"(after14)
                     : "r"(bad)
                     : "x9", "x10", "x11", "x12", "x14", "memory", "cc");
    CHECK_EQ("load: faults", 1, faults);
    CHECK_EQ("load: pc", (uintptr_t)fault_ld_insn, seen_pc);
    CHECK_EQ("load: si_addr", bad, seen_addr);
    CHECK_EQ("load: x9", 0x1111, seen_regs[9]);
    CHECK_EQ("load: x10", 0x2222, seen_regs[10]);
    CHECK_EQ("load: x11", 0x3333, seen_regs[11]);
    CHECK_EQ("load: x12", (uint64_t)0x1111 - 0x2222, seen_regs[12]);
    CHECK_EQ("load: x14 before", 0x77, seen_regs[14]);
    check_nzcv("load: nzcv", 0x80000000u);
    CHECK_EQ("load: x9 after resuming", 0x9999, after9);
    (void)after14; /* a destination of a faulting load is UNKNOWN in the Arm ARM */

    /* store: a value register and an address computed in the block */
    uint64_t after20;
    __asm__ volatile("mov x20, #5\n\t"
                     "adds x21, x20, #3\n\t" /* 8: N=0 Z=0 C=0 V=0 */
                     "cmp x21, x21\n\t"      /* Z=1 C=1 */
                     "add x22, %1, #8\n\t"
                     ".globl fault_st_insn\n"
                     "fault_st_insn:\n\t"
                     "str x21, [x22]\n\t"
                     "mov x20, #6\n\t"
                     "mov %0, x20\n\t"
                     : "=r"(after20)
                     : "r"(bad)
                     : "x20", "x21", "x22", "memory", "cc");
    CHECK_EQ("store: faults", 2, faults);
    CHECK_EQ("store: pc", (uintptr_t)fault_st_insn, seen_pc);
    CHECK_EQ("store: si_addr", bad + 8, seen_addr);
    CHECK_EQ("store: x20", 5, seen_regs[20]);
    CHECK_EQ("store: x21", 8, seen_regs[21]);
    CHECK_EQ("store: x22", bad + 8, seen_regs[22]);
    check_nzcv("store: nzcv", 0x60000000u);
    CHECK_EQ("store: x20 after resuming", 6, after20);

    /* a pair load whose second half faults: pc is the LDP (destinations are UNKNOWN) */
    uint64_t keep0, keep1;
    uint64_t pair_addr = (uint64_t)(uintptr_t)p - 8; /* 8 bytes below the hole */
    void *below = mmap((void *)((uintptr_t)p - 4096), 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (below != MAP_FAILED) {
        *(volatile uint64_t *)(uintptr_t)pair_addr = 0xabcdef;
        __asm__ volatile("mov x3, #0x33\n\t"
                         "mov x4, #0x44\n\t"
                         ".globl fault_ldp_insn\n"
                         "fault_ldp_insn:\n\t"
                         "ldp x3, x4, [%2]\n\t"
                         "mov %0, x3\n\t"
                         "mov %1, x4\n\t"
                         : "=r"(keep0), "=r"(keep1)
                         : "r"(pair_addr)
                         : "x3", "x4", "memory");
        CHECK_EQ("ldp: faults", 3, faults);
        CHECK_EQ("ldp: pc", (uintptr_t)fault_ldp_insn, seen_pc);
        CHECK_EQ("ldp: si_addr", (uint64_t)(uintptr_t)p, seen_addr);
        (void)keep0;
        (void)keep1;
        munmap(below, 4096);
    }
    return finish("fault-state");
}
