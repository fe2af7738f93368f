/*
 * faults.c - synchronous faults with the signal, si_code and si_addr the arm64 Linux
 * kernel gives (arch/arm64/mm/fault.c, traps.c; sigaction(2) lists the codes):
 *   - executing a page mapped without PROT_EXEC: SIGSEGV, SEGV_ACCERR, si_addr = pc
 *     (also after mprotect removes PROT_EXEC from code that already ran, and on the
 *     stack); the same page with PROT_EXEC runs;
 *   - executing unmapped memory: SIGSEGV, SEGV_MAPERR, si_addr = pc;
 *   - a read of unmapped memory: SEGV_MAPERR; a write to a read-only page: SEGV_ACCERR;
 *   - touching a file mapping past the end of the file (a whole page beyond EOF): SIGBUS,
 *     BUS_ADRERR, si_addr = the address; the rest of the last file page reads as zero;
 *   - a misaligned exclusive load (ldxr): SIGBUS, BUS_ADRALN;
 *   - udf #0: SIGILL, ILL_ILLOPC, si_addr = pc; brk #0: SIGTRAP, TRAP_BRKPT, si_addr = pc.
 * Every fault is left with siglongjmp.  VEMU_GUEST_QEMU_QUIRKS=1 tolerates qemu-user
 * 7.2's ILL_ILLOPN for udf (printing a QUIRK line); never set it for vemu.  Example: jump to an RW
 * page holding "mov w0, #42; ret" -> SIGSEGV SEGV_ACCERR at that page; mprotect(R|X) -> returns 42.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "check.h"

static sigjmp_buf jb;
static volatile int f_sig, f_code;
static void *volatile f_addr;
static volatile uint64_t f_pc, f_fault_address;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    f_sig = sig;
    f_code = si->si_code;
    f_addr = si->si_addr;
    f_pc = uc->uc_mcontext.pc;
    f_fault_address = uc->uc_mcontext.fault_address;
    siglongjmp(jb, 1);
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP};
    for (int i = 0; i < 4; i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

typedef int (*Fn)(void);

/* Calls fn; returns its result, or -1 with f_* set if it faulted. */
static int try_call(Fn fn)
{
    f_sig = f_code = 0;
    f_addr = NULL;
    if (sigsetjmp(jb, 1) == 0) {
        return fn();
    }
    return -1;
}

static void expect(const char *what, int sig, int code, uint64_t addr)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s: signal", what);
    CHECK_EQ(buf, sig, f_sig);
    snprintf(buf, sizeof buf, "%s: si_code", what);
    CHECK_EQ(buf, code, f_code);
    snprintf(buf, sizeof buf, "%s: si_addr", what);
    CHECK_EQ(buf, addr, (uint64_t)(uintptr_t)f_addr);
}

static const uint32_t ret42[] = {
    0x52800540u, /* mov w0, #42 */
    0xd65f03c0u, /* ret */
};

static void put_code(void *p)
{
    memcpy(p, ret42, sizeof ret42);
    __builtin___clear_cache((char *)p, (char *)p + sizeof ret42);
}

static void test_exec(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", p != MAP_FAILED);
    put_code(p);
    put_code(p + pg);
    uint64_t a = (uint64_t)(uintptr_t)p;

    CHECK_EQ("exec of an RW page faults", -1, try_call((Fn)(void *)p));
    expect("exec RW page", SIGSEGV, SEGV_ACCERR, a);
    CHECK_EQ("exec RW page: ucontext pc", a, f_pc);
    CHECK_EQ("exec RW page: fault_address", a, f_fault_address);

    CHECK("mprotect R|X", mprotect(p, 2 * pg, PROT_READ | PROT_EXEC) == 0);
    CHECK_EQ("exec R|X page runs", 42, try_call((Fn)(void *)p));
    CHECK_EQ("exec R|X second page runs", 42, try_call((Fn)(void *)(p + pg)));

    /* Code that already ran must fault once PROT_EXEC is gone. */
    CHECK("mprotect R", mprotect(p + pg, pg, PROT_READ) == 0);
    CHECK_EQ("exec after mprotect(PROT_READ) faults", -1, try_call((Fn)(void *)(p + pg)));
    expect("exec after mprotect", SIGSEGV, SEGV_ACCERR, a + (uint64_t)pg);
    CHECK_EQ("first page still runs", 42, try_call((Fn)(void *)p));

    /* mremap keeps the protection of the mapping. */
    uint8_t *q = mremap(p, 2 * pg, 4 * pg, MREMAP_MAYMOVE);
    CHECK("mremap", q != MAP_FAILED);
    if (q != MAP_FAILED) {
        CHECK_EQ("exec after mremap runs", 42, try_call((Fn)(void *)q));
        munmap(q, 4 * pg);
    }

    /* Unmapped: SEGV_MAPERR at the pc. */
    CHECK_EQ("exec of unmapped memory faults", -1, try_call((Fn)(void *)q));
    expect("exec unmapped", SIGSEGV, SEGV_MAPERR, (uint64_t)(uintptr_t)q);

    /* The stack is not executable. */
    uint32_t onstack[4] __attribute__((aligned(16)));
    put_code(onstack);
    CHECK_EQ("exec on the stack faults", -1, try_call((Fn)(void *)onstack));
    expect("exec stack", SIGSEGV, SEGV_ACCERR, (uint64_t)(uintptr_t)onstack);
}

static volatile int *volatile null_ptr = (volatile int *)8;
static int read_null(void)
{
    return *null_ptr;
}

static volatile int *ro_ptr;
static int write_ro(void)
{
    *ro_ptr = 1;
    return 0;
}

static volatile uint8_t *bus_ptr;
static int read_bus(void)
{
    return *bus_ptr;
}

static volatile uint64_t *unaligned_ptr;
static int ldxr_unaligned(void)
{
    uint64_t v;
    asm volatile("ldxr %0, [%1]" : "=r"(v) : "r"(unaligned_ptr) : "memory");
    return (int)v;
}

/* The address of the faulting instruction is stored before it executes. */
static uint64_t udf_pc, brk_pc;
static int do_udf(void)
{
    asm volatile("adr x9, 1f\n str x9, [%0]\n1: udf #0" : : "r"(&udf_pc) : "x9", "memory");
    return 0;
}

static int do_brk(void)
{
    asm volatile("adr x9, 1f\n str x9, [%0]\n1: brk #0" : : "r"(&brk_pc) : "x9", "memory");
    return 0;
}

static void test_data_faults(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    try_call(read_null);
    expect("read of address 8", SIGSEGV, SEGV_MAPERR, 8);

    int *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ro_ptr = ro;
    try_call(write_ro);
    expect("write to a read-only page", SIGSEGV, SEGV_ACCERR, (uint64_t)(uintptr_t)ro);
    munmap(ro, pg);

    /* A 100-byte file mapped over two pages. */
    char path[] = "/tmp/vemu-faults-XXXXXX";
    int fd = mkstemp(path);
    CHECK("mkstemp", fd >= 0);
    unlink(path);
    char data[100];
    memset(data, 'a', sizeof data);
    CHECK("write file", write(fd, data, sizeof data) == (ssize_t)sizeof data);
    uint8_t *m = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("mmap file", m != MAP_FAILED);
    CHECK_EQ("file byte 0", 'a', m[0]);
    CHECK_EQ("past EOF in the last file page reads zero", 0, m[200]);
    bus_ptr = m + pg + 16;
    CHECK_EQ("a page past EOF faults", -1, try_call(read_bus));
    expect("page past EOF", SIGBUS, BUS_ADRERR, (uint64_t)(uintptr_t)(m + pg + 16));
    munmap(m, 2 * pg);
    close(fd);

    static uint64_t words[4];
    unaligned_ptr = (volatile uint64_t *)((uintptr_t)words + 4);
    CHECK_EQ("misaligned ldxr faults", -1, try_call(ldxr_unaligned));
    expect("misaligned ldxr", SIGBUS, BUS_ADRALN, (uint64_t)(uintptr_t)unaligned_ptr);

    try_call(do_udf);
    if (getenv("VEMU_GUEST_QEMU_QUIRKS") && f_code == ILL_ILLOPN) {
        printf("QUIRK udf #0: si_code ILL_ILLOPN (qemu-user 7.2), the kernel gives ILL_ILLOPC\n");
        f_code = ILL_ILLOPC;
    }
    expect("udf #0", SIGILL, ILL_ILLOPC, udf_pc);
    try_call(do_brk);
    expect("brk #0", SIGTRAP, TRAP_BRKPT, brk_pc);
}

int main(void)
{
    install();
    test_exec();
    test_data_faults();
    return finish("faults");
}
