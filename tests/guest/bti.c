/*
 * bti.c - Branch Target Identification (FEAT_BTI) as Linux user space sees it.
 *
 * Code copied into a page that mprotect makes PROT_EXEC | PROT_BTI ("guarded") is entered
 * by indirect branches of each kind; the Arm ARM (PSTATE.BTYPE, BTI, PACIxSP) and Linux
 * (SCTLR_EL1.BT0 set, so PACIASP acts as BTI c; a Branch Target exception is SIGILL with
 * ILL_ILLOPC at the target; a handler is entered with BTYPE = 10 as by BLR) define which
 * ones fault:
 *   BLR (BTYPE 10): BTI c, BTI jc and PACIASP accept it; BTI j, BTI and others fault.
 *   BR from an unguarded page, or BR X16/X17 (01): BTI c, j, jc and PACIASP accept it.
 *   BR Xn (n != 16, 17) from a guarded page (11): only BTI j and BTI jc accept it.
 *   RET and direct branches never fault; without PROT_BTI nothing faults.
 * On a -cpu model without HWCAP2_BTI, mprotect refuses PROT_BTI (EINVAL), mmap ignores it
 * and nothing faults.  Example: vemu-aarch64 bti  -> "PASS bti".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "check.h"

#ifndef PROT_BTI
#define PROT_BTI 0x10
#endif
#define HWCAP2_BTI_BIT (1ul << 17)

/* The code for the guarded page, copied there (position independent). */
extern const uint32_t g_start[], g_bti_c[], g_nopad[], g_bti_j[], g_bti_jc[], g_bti_none[],
    g_paciasp[], g_direct[], g_br_x9[], g_br_x16[], g_call_x9[], g_handler[], g_handler_nopad[],
    g_slot[], g_end[];
asm(".text\n"
    ".p2align 4\n"
    "g_start:\n"
    "g_bti_c:    bti c\n mov x0, #1\n ret\n"
    "g_nopad:    mov x0, #2\n ret\n"
    "g_bti_j:    bti j\n mov x0, #3\n ret\n"
    "g_bti_jc:   bti jc\n mov x0, #4\n ret\n"
    "g_bti_none: bti\n mov x0, #6\n ret\n"
    "g_paciasp:  paciasp\n mov x0, #5\n autiasp\n ret\n"
    /* a direct branch to an instruction that is no landing pad: never checked */
    "g_direct:   bti c\n b 1f\n nop\n1:  mov x0, #7\n ret\n"
    "g_br_x9:    bti c\n br x9\n"
    "g_br_x16:   bti c\n br x16\n"
    /* BLR from the guarded page; the callee's RET lands on a non-pad, which is fine */
    "g_call_x9:  bti c\n mov x10, x30\n blr x9\n mov x30, x10\n add x0, x0, #100\n ret\n"
    "g_handler:  bti c\n ldr x1, g_slot\n mov x2, #1\n str x2, [x1]\n ret\n"
    "g_handler_nopad: ldr x1, g_slot\n mov x2, #2\n str x2, [x1]\n ret\n"
    ".p2align 3\n"
    "g_slot: .quad 0\n"
    "g_end:\n"
    ".global g_start, g_bti_c, g_nopad, g_bti_j, g_bti_jc, g_bti_none, g_paciasp, g_direct\n"
    ".global g_br_x9, g_br_x16, g_call_x9, g_handler, g_handler_nopad, g_slot, g_end\n");

static uint8_t *page;
static volatile uint64_t handler_ran;
static sigjmp_buf jb;
static volatile int faulted, fault_code, fault_btype;
static volatile uintptr_t fault_addr;

static uintptr_t at(const uint32_t *sym)
{
    return (uintptr_t)page + (uintptr_t)((const uint8_t *)sym - (const uint8_t *)g_start);
}

static void on_sigill(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    ucontext_t *uc = ctx;
    faulted = 1;
    fault_code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    fault_btype = (int)((uc->uc_mcontext.pstate >> 10) & 3);
    siglongjmp(jb, 1);
}

/* The ways in: BLR, BR Xn from this (unguarded) code, BLR to a guarded trampoline that
 * does BR X9 / BR X16.  Each returns x0, or -1 after a SIGILL. */
enum how { VIA_BLR, VIA_BR_X16, VIA_BR_X9, VIA_TRAMP_X9, VIA_TRAMP_X16 };

/* x0 of a call to fn with x9 = x16 = target (the registers are set inside the asm: a
 * register variable does not survive the sigsetjmp call). */
static long call(uintptr_t fn, uintptr_t target)
{
    uint64_t r;
    asm volatile("mov x9, %2\n\tmov x16, %2\n\tblr %1\n\tmov %0, x0"
                 : "=r"(r)
                 : "r"(fn), "r"(target)
                 : "x0", "x1", "x2", "x9", "x10", "x16", "x30", "memory");
    return (long)r;
}

/* The same through BR x16 / BR x9 from this (unguarded) code. */
static long branch(bool x16, uintptr_t target)
{
    uint64_t r;
    if (x16) {
        asm volatile("mov x16, %1\n\tadr x30, 1f\n\tbr x16\n1:\tmov %0, x0"
                     : "=r"(r)
                     : "r"(target)
                     : "x0", "x16", "x30", "memory");
    } else {
        asm volatile("mov x9, %1\n\tadr x30, 1f\n\tbr x9\n1:\tmov %0, x0"
                     : "=r"(r)
                     : "r"(target)
                     : "x0", "x9", "x30", "memory");
    }
    return (long)r;
}

static long enter(enum how how, uintptr_t target)
{
    faulted = 0;
    if (sigsetjmp(jb, 1)) {
        return -1;
    }
    switch (how) {
    case VIA_BLR:
        return call(target, 0);
    case VIA_BR_X16:
    case VIA_BR_X9:
        return branch(how == VIA_BR_X16, target);
    case VIA_TRAMP_X9:
        return call(at(g_br_x9), target);
    case VIA_TRAMP_X16:
        return call(at(g_br_x16), target);
    }
    return 0;
}

static void expect(const char *what, enum how how, const uint32_t *sym, long want)
{
    char buf[128];
    long got = enter(how, at(sym));
    CHECK_EQ(what, want, got);
    if (want == -1 && faulted) {
        snprintf(buf, sizeof buf, "%s: si_code ILL_ILLOPC", what);
        CHECK_EQ(buf, ILL_ILLOPC, fault_code);
        snprintf(buf, sizeof buf, "%s: si_addr = the target", what);
        CHECK_EQ(buf, at(sym), fault_addr);
    }
}

static void expect_btype(const char *what, enum how how, const uint32_t *sym, int btype)
{
    char buf[128];
    enter(how, at(sym));
    snprintf(buf, sizeof buf, "%s: faulted", what);
    CHECK(buf, faulted);
    snprintf(buf, sizeof buf, "%s: BTYPE in the saved PSTATE", what);
    CHECK_EQ(buf, btype, fault_btype);
}

static void protect(int prot)
{
    CHECK_EQ("mprotect", 0, mprotect(page, 4096, prot));
}

/* Handlers on the guarded page: Linux enters them as if by BLR. */
static void check_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = (void (*)(int))at(g_handler);
    sigaction(SIGUSR1, &sa, NULL);
    handler_ran = 0;
    raise(SIGUSR1);
    CHECK_EQ("handler starting with BTI c runs", 1, handler_ran);

    sa.sa_handler = (void (*)(int))at(g_handler_nopad);
    sigaction(SIGUSR2, &sa, NULL);
    handler_ran = 0;
    faulted = 0;
    if (sigsetjmp(jb, 1) == 0) {
        raise(SIGUSR2);
    }
    CHECK("handler without a landing pad faults", faulted);
    CHECK_EQ("... before it runs", 0, handler_ran);
    CHECK_EQ("... at the handler", at(g_handler_nopad), fault_addr);
    CHECK_EQ("... with BTYPE 10", 2, fault_btype);
}

int main(void)
{
    int has_bti = (getauxval(AT_HWCAP2) & HWCAP2_BTI_BIT) != 0;
    size_t len = (size_t)((const uint8_t *)g_end - (const uint8_t *)g_start);
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);

    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", page != MAP_FAILED);
    memcpy(page, g_start, len);
    *(volatile uint64_t *)at(g_slot) = (uintptr_t)&handler_ran;
    __builtin___clear_cache((char *)page, (char *)page + len);

    if (!has_bti) {
        /* the kernel refuses PROT_BTI in mprotect and ignores it in mmap */
        errno = 0;
        CHECK_EQ("mprotect PROT_BTI without BTI", -1,
                 mprotect(page, 4096, PROT_READ | PROT_EXEC | PROT_BTI));
        CHECK_EQ("... EINVAL", EINVAL, errno);
        void *p =
            mmap(NULL, 4096, PROT_READ | PROT_EXEC | PROT_BTI, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        CHECK("mmap PROT_BTI without BTI succeeds", p != MAP_FAILED);
        protect(PROT_READ | PROT_EXEC);
        expect("no BTI: BLR to a non-pad", VIA_BLR, g_nopad, 2);
        expect("no BTI: BLR to BTI j (a NOP)", VIA_BLR, g_bti_j, 3);
        expect("no BTI: BR x9 via the page to BTI c", VIA_TRAMP_X9, g_bti_c, 1);
        return finish("bti");
    }

    /* unguarded first: nothing faults */
    protect(PROT_READ | PROT_EXEC);
    expect("unguarded: BLR to a non-pad", VIA_BLR, g_nopad, 2);
    expect("unguarded: BLR to BTI j", VIA_BLR, g_bti_j, 3);

    protect(PROT_READ | PROT_EXEC | PROT_BTI);
    /* BLR: BTYPE 10 */
    expect("BLR to BTI c", VIA_BLR, g_bti_c, 1);
    expect("BLR to a non-pad", VIA_BLR, g_nopad, -1);
    expect("BLR to BTI j", VIA_BLR, g_bti_j, -1);
    expect("BLR to BTI jc", VIA_BLR, g_bti_jc, 4);
    expect("BLR to BTI (no targets)", VIA_BLR, g_bti_none, -1);
    expect("BLR to PACIASP", VIA_BLR, g_paciasp, 5);
    expect("BLR to a direct branch to a non-pad", VIA_BLR, g_direct, 7);
    expect_btype("BLR to a non-pad", VIA_BLR, g_nopad, 2);
    /* BR from unguarded code: BTYPE 01 whatever the register */
    expect("BR x9 from unguarded code to BTI c", VIA_BR_X9, g_bti_c, 1);
    expect("BR x9 from unguarded code to BTI j", VIA_BR_X9, g_bti_j, 3);
    expect("BR x16 from unguarded code to PACIASP", VIA_BR_X16, g_paciasp, 5);
    expect("BR x16 from unguarded code to a non-pad", VIA_BR_X16, g_nopad, -1);
    expect_btype("BR x16 from unguarded code to a non-pad", VIA_BR_X16, g_nopad, 1);
    /* BR from the guarded page: BTYPE 11 except through x16/x17 (01) */
    expect("guarded BR x9 to BTI c", VIA_TRAMP_X9, g_bti_c, -1);
    expect_btype("guarded BR x9 to BTI c", VIA_TRAMP_X9, g_bti_c, 3);
    expect("guarded BR x9 to BTI j", VIA_TRAMP_X9, g_bti_j, 3);
    expect("guarded BR x9 to BTI jc", VIA_TRAMP_X9, g_bti_jc, 4);
    expect("guarded BR x9 to PACIASP", VIA_TRAMP_X9, g_paciasp, -1);
    expect("guarded BR x16 to BTI c", VIA_TRAMP_X16, g_bti_c, 1);
    expect("guarded BR x16 to BTI j", VIA_TRAMP_X16, g_bti_j, 3);
    expect("guarded BR x16 to PACIASP", VIA_TRAMP_X16, g_paciasp, 5);
    expect("guarded BR x16 to a non-pad", VIA_TRAMP_X16, g_nopad, -1);
    /* a call from the guarded page whose callee returns to a non-pad there */
    faulted = 0;
    if (sigsetjmp(jb, 1) == 0) {
        CHECK_EQ("BLR from the guarded page, RET to a non-pad", 101,
                 call(at(g_call_x9), at(g_bti_c)));
    }
    CHECK("... no fault", !faulted);
    check_handlers();

    /* PROT_BTI off again: the same code runs unchecked (its translations must go) */
    protect(PROT_READ | PROT_EXEC);
    expect("unguarded again: BLR to a non-pad", VIA_BLR, g_nopad, 2);
    expect("unguarded again: BR x9 via the page to BTI c", VIA_TRAMP_X9, g_bti_c, 1);
    return finish("bti");
}
