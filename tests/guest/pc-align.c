/*
 * pc-align.c - PC alignment faults: BR, BLR and RET to an address with bit 0 or 1 set must
 * raise SIGBUS with si_code BUS_ADRALN, si_addr = the misaligned pc and the signal frame's
 * pc = the misaligned pc, as the arm64 kernel reports them (do_sp_pc_abort in
 * arch/arm64/mm/fault.c; Arm ARM D1.3.5 "PC alignment checking").
 * Example: "br x0" with x0 = &target + 2 -> SIGBUS BUS_ADRALN, si_addr = &target + 2.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#include "check.h"

static sigjmp_buf env;
static volatile int got_sig, got_code;
static volatile uint64_t got_addr, got_pc;

static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;

    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uint64_t)si->si_addr;
    got_pc = uc->uc_mcontext.pc;
    siglongjmp(env, 1);
}

static void target(void)
{
}

/* kind 0: BR, 1: BLR, 2: RET */
static void jump_to(int kind, uint64_t dest)
{
    register uint64_t x0 asm("x0") = dest;
    if (kind == 0) {
        asm volatile("br x0" : : "r"(x0) : "memory");
    } else if (kind == 1) {
        asm volatile("blr x0" : : "r"(x0) : "x30", "memory");
    } else {
        asm volatile("ret x0" : : "r"(x0) : "memory");
    }
}

static void check_kind(int kind, unsigned misalign)
{
    static const char *const names[] = {"br", "blr", "ret"};
    uint64_t bad = (uint64_t)(uintptr_t)&target + misalign;
    char what[64];

    got_sig = 0;
    if (sigsetjmp(env, 1) == 0) {
        jump_to(kind, bad);
        snprintf(what, sizeof what, "%s +%u returned", names[kind], misalign);
        CHECK(what, 0);
        return;
    }
    snprintf(what, sizeof what, "%s +%u signal", names[kind], misalign);
    CHECK_EQ(what, SIGBUS, got_sig);
    snprintf(what, sizeof what, "%s +%u si_code", names[kind], misalign);
    CHECK_EQ(what, BUS_ADRALN, got_code);
    snprintf(what, sizeof what, "%s +%u si_addr", names[kind], misalign);
    CHECK_EQ(what, bad, got_addr);
    snprintf(what, sizeof what, "%s +%u frame pc", names[kind], misalign);
    CHECK_EQ(what, bad, got_pc);
}

int main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    for (int kind = 0; kind < 3; kind++) {
        for (unsigned m = 1; m < 4; m++) {
            check_kind(kind, m);
        }
    }
    /* an aligned indirect branch still works */
    got_sig = 0;
    jump_to(1, (uint64_t)(uintptr_t)&target);
    CHECK_EQ("aligned blr", 0, got_sig);
    return finish("pc-align");
}
