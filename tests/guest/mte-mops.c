/*
 * mte-mops.c - FEAT_MOPS together with FEAT_MTE (-cpu max): SETGP/SETGM/SETGE set memory
 * and the Allocation Tag of every granule from the logical tag of Xd, and fault with an
 * alignment fault (SIGBUS, BUS_ADRALN) when the address or the size is not a multiple of
 * 16; CPY* and SET* accesses are tag-checked like any load and store: with sync checks a
 * mismatch raises SIGSEGV SEGV_MTESERR before anything is written, with the registers
 * still describing the whole operation, and TCO = 1 turns the checks off (Arm ARM C6.2
 * SETGP, CPYFP; Linux's memory-tagging-extension.rst).
 * On models without MTE or MOPS there is nothing to test here (tests/guest/mops.c checks
 * that SETGP is SIGILL there).  Built with -march=armv8.8-a+mops+memtag -fno-builtin.
 * Example: vemu-aarch64 build/tests/guest/mte-mops  ->  PASS mte-mops
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "check.h"
#include "fault-record.h"

#define HWCAP2_MTE_BIT (1ul << 18)
#define HWCAP2_MOPS_BIT (1ul << 43)
#define PROT_MTE_ 0x20
#define PR_SET_TAGGED_ADDR_CTRL_ 55
#define CTRL_SYNC (1ul | 1ul << 1 | 0xfffeul << 3) /* tagged addresses, sync, tags 1-15 */
#define SEGV_MTESERR_ 9

static unsigned ldg_tag(const void *p)
{
    uint64_t r = (uint64_t)(uintptr_t)p;
    __asm__ volatile("ldg %0, [%0]" : "+r"(r) : : "memory");
    return (unsigned)(r >> 56) & 15;
}

/* The three-instruction sequences; each returns 0, or the signal that interrupted it
 * (then *dst, *src, *n hold the registers as the handler found them). */
static int setg(uint64_t *dst, uint64_t *n, uint64_t data)
{
    uint64_t d = *dst, s = *n;
    got_sig = 0;
    if (sigsetjmp(jb, 1)) {
        return got_sig;
    }
    __asm__ volatile("setgp [%0]!, %1!, %2\n\tsetgm [%0]!, %1!, %2\n\tsetge [%0]!, %1!, %2"
                     : "+r"(d), "+r"(s)
                     : "r"(data)
                     : "memory", "cc");
    *dst = d;
    *n = s;
    return 0;
}

static int set(uint64_t dst, uint64_t n, uint64_t data)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1)) {
        return got_sig;
    }
    __asm__ volatile("setp [%0]!, %1!, %2\n\tsetm [%0]!, %1!, %2\n\tsete [%0]!, %1!, %2"
                     : "+r"(dst), "+r"(n)
                     : "r"(data)
                     : "memory", "cc");
    return 0;
}

static int cpyf(uint64_t dst, uint64_t src, uint64_t n)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1)) {
        return got_sig;
    }
    __asm__ volatile("cpyfp [%0]!, [%1]!, %2!\n\tcpyfm [%0]!, [%1]!, %2!\n\t"
                     "cpyfe [%0]!, [%1]!, %2!"
                     : "+r"(dst), "+r"(src), "+r"(n)
                     :
                     : "memory", "cc");
    return 0;
}

int main(void)
{
    unsigned long hw2 = getauxval(AT_HWCAP2);
    struct sigaction sa;

    if (!(hw2 & HWCAP2_MTE_BIT) || !(hw2 & HWCAP2_MOPS_BIT)) {
        return finish("mte-mops");
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    uint8_t *p =
        mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_MTE_, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap PROT_MTE", p != MAP_FAILED);
    CHECK_EQ("prctl sync checks", 0, prctl(PR_SET_TAGGED_ADDR_CTRL_, CTRL_SYNC, 0, 0, 0));

    /* SETG: bytes and tags of [p, p + 64) with tag 3, the granule after untouched */
    uint64_t d = tagged(p, 3), n = 64;
    CHECK_EQ("setg runs", 0, setg(&d, &n, 0xab));
    CHECK_EQ("setg: Xd at the end", tagged(p + 64, 3), d);
    CHECK_EQ("setg: Xn 0", 0, n);
    for (int g = 0; g < 4; g++) {
        CHECK_EQ("setg: granule tag", 3, ldg_tag(p + 16 * g));
    }
    CHECK_EQ("setg: next granule keeps tag 0", 0, ldg_tag(p + 64));
    CHECK_EQ("setg: data", 0xab, *(volatile uint8_t *)(uintptr_t)tagged(p + 63, 3));
    CHECK_EQ("setg: data after", 0, *(volatile uint8_t *)(uintptr_t)tagged(p + 64, 0));

    /* SETG alignment: size and address multiples of 16 */
    d = tagged(p + 128, 5), n = 24;
    CHECK_EQ("setg size 24: SIGBUS", SIGBUS, setg(&d, &n, 1));
    CHECK_EQ("... BUS_ADRALN", BUS_ADRALN, got_code);
    CHECK_EQ("... nothing set", 0, p[128]);
    d = tagged(p + 136, 5), n = 16;
    CHECK_EQ("setg at +8: SIGBUS", SIGBUS, setg(&d, &n, 1));
    CHECK_EQ("... si_addr", (uint64_t)(uintptr_t)(p + 136), got_addr);
    CHECK_EQ("... tag unchanged", 0, ldg_tag(p + 128));

    /* tag checks of copies and sets: p[0..64) has tag 3, p[64..) tag 0 */
    CHECK_EQ("cpyf matching tags", 0, cpyf(tagged(p + 256, 0), tagged(p, 3), 64));
    CHECK_EQ("... copied", 0xab, p[256 + 63]);
    CHECK_EQ("cpyf, source tag wrong", SIGSEGV, cpyf(tagged(p + 512, 0), tagged(p, 4), 32));
    CHECK_EQ("... SEGV_MTESERR", SEGV_MTESERR_, got_code);
    CHECK_EQ("... si_addr is the source", (uint64_t)(uintptr_t)p, got_addr);
    CHECK_EQ("... nothing written", 0, p[512]);
    CHECK_EQ("cpyf, destination tag wrong", SIGSEGV,
             cpyf(tagged(p + 16, 7), tagged(p + 256, 0), 16));
    CHECK_EQ("... SEGV_MTESERR", SEGV_MTESERR_, got_code);
    CHECK_EQ("... si_addr is the destination", (uint64_t)(uintptr_t)(p + 16), got_addr);
    CHECK_EQ("set, tag wrong", SIGSEGV, set(tagged(p + 32, 0), 8, 0x11));
    CHECK_EQ("... SEGV_MTESERR", SEGV_MTESERR_, got_code);
    CHECK_EQ("... not written", 0xab, *(volatile uint8_t *)(uintptr_t)tagged(p + 32, 3));
    /* TCO = 1: no checks */
    __asm__ volatile("msr tco, #1" ::: "memory");
    CHECK_EQ("set with TCO", 0, set(tagged(p + 32, 0), 8, 0x11));
    __asm__ volatile("msr tco, #0" ::: "memory");
    CHECK_EQ("... written", 0x11, *(volatile uint8_t *)(uintptr_t)tagged(p + 32, 3));
    return finish("mte-mops");
}
