/*
 * tbi.c - tagged pointers: arm64 Linux runs user space with top-byte-ignore (TBI0), so
 * loads and stores ignore bits 63:56 of the address (Documentation/arch/arm64/
 * tagged-pointers.rst).  Checks every kind of access through tagged pointers (sizes 1-16,
 * pairs, SIMD structures, exclusives, LSE atomics, glibc's string routines), code that first
 * ran with untagged pointers and later gets tagged ones, and that a tagged pointer to an
 * inaccessible page still raises SIGSEGV with si_addr = the address without its tag (the
 * kernel clears the tag unless SA_EXPOSE_TAGBITS is set).
 * Example: tbi  ->  "PASS tbi"
 */
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "check.h"

static void *tag(void *p, unsigned t)
{
    return (void *)(((uintptr_t)p & 0x00ffffffffffffffull) | ((uintptr_t)t << 56));
}

/* Out of line, so the same code sees untagged and then tagged pointers. */
__attribute__((noinline)) static uint64_t sum_words(const uint64_t *p, int n)
{
    uint64_t s = 0;
    for (int i = 0; i < n; i++) {
        s += p[i];
    }
    return s;
}

__attribute__((noinline)) static void fill_words(uint64_t *p, int n, uint64_t v)
{
    for (int i = 0; i < n; i++) {
        p[i] = v + (uint64_t)i;
    }
}

static void scalar_sizes(uint8_t *buf)
{
    uint8_t *t = tag(buf, 0x5a);
    *(volatile uint8_t *)(t + 1) = 0x11;
    *(volatile uint16_t *)(t + 2) = 0x2233;
    *(volatile uint32_t *)(t + 4) = 0x44556677;
    *(volatile uint64_t *)(t + 8) = 0x8899aabbccddeeffull;
    CHECK_EQ("byte via untagged", 0x11, buf[1]);
    CHECK_EQ("half via untagged", 0x2233, *(uint16_t *)(buf + 2));
    CHECK_EQ("word via untagged", 0x44556677, *(uint32_t *)(buf + 4));
    CHECK_EQ("dword via untagged", 0x8899aabbccddeeffull, *(uint64_t *)(buf + 8));
    CHECK_EQ("signed byte via tagged", (uint64_t)(int64_t)(int8_t)0x88,
             (uint64_t)(int64_t) * (volatile int8_t *)(tag(buf, 0xff) + 15));
    uint64_t lo, hi;
    asm volatile("stp %2, %3, [%4]\n\tldp %0, %1, [%4]"
                 : "=&r"(lo), "=&r"(hi)
                 : "r"(1ull), "r"(2ull), "r"(tag(buf + 16, 0x01))
                 : "memory");
    CHECK_EQ("ldp/stp tagged", 3, lo + hi);
    CHECK_EQ("stp reached memory", 2, *(uint64_t *)(buf + 24));
    uint8_t out[32];
    asm volatile("ld1 {v0.16b, v1.16b}, [%1]\n\tst1 {v0.16b, v1.16b}, [%0]"
                 :
                 : "r"(out), "r"(tag(buf, 0x80))
                 : "v0", "v1", "memory");
    CHECK("ld1 through a tagged pointer", memcmp(out, buf, 32) == 0);
}

static void atomics(uint64_t *word)
{
    uint64_t *t = tag(word, 0x3c);
    *word = 5;
    uint64_t old;
    unsigned fail;
    asm volatile("1: ldxr %0, [%2]\n\tadd %0, %0, #1\n\tstxr %w1, %0, [%2]\n\tcbnz %w1, 1b"
                 : "=&r"(old), "=&r"(fail)
                 : "r"(t)
                 : "memory");
    CHECK_EQ("ldxr/stxr tagged", 6, *word);
    old = __atomic_fetch_add(t, 10, __ATOMIC_SEQ_CST);
    CHECK_EQ("atomic add old", 6, old);
    CHECK_EQ("atomic add new", 16, *word);
    uint64_t expect = 16;
    CHECK("compare-exchange tagged",
          __atomic_compare_exchange_n(t, &expect, 99, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    CHECK_EQ("compare-exchange stored", 99, *word);
}

static sigjmp_buf jb;
static volatile uint64_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_addr = (uint64_t)(uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

static void tagged_fault(void)
{
    uint8_t *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", page != MAP_FAILED);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    fault_addr = 0;
    if (sigsetjmp(jb, 1) == 0) {
        *(volatile uint8_t *)tag(page + 40, 0x77) = 1;
        CHECK("store to PROT_NONE through a tagged pointer faults", 0);
    }
    CHECK_EQ("si_addr is the address without its tag", (uint64_t)(uintptr_t)(page + 40),
             fault_addr);
    signal(SIGSEGV, SIG_DFL);
    munmap(page, 4096);
}

int main(void)
{
    static uint64_t words[64];
    static uint8_t buf[64];
    /* warm up untagged: the code is translated for plain addresses first */
    for (int round = 0; round < 100; round++) {
        fill_words(words, 64, (uint64_t)round);
        CHECK_EQ("untagged sum", 64ull * (uint64_t)round + 2016, sum_words(words, 64));
    }
    for (unsigned t = 1; t < 256; t += 37) {
        fill_words(tag(words, t), 64, t);
        CHECK_EQ("tagged fill, untagged sum", 64ull * t + 2016, sum_words(words, 64));
        CHECK_EQ("tagged sum", 64ull * t + 2016, sum_words(tag(words, t + 1), 64));
    }
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t)i;
    }
    scalar_sizes(buf);
    atomics(&words[3]);
    char src[100], dst[100];
    memset(src, 'x', sizeof src);
    src[99] = 0;
    memcpy(tag(dst, 0x42), tag(src, 0x24), sizeof src);
    CHECK("memcpy between tagged pointers", memcmp(dst, src, sizeof src) == 0);
    CHECK_EQ("strlen of a tagged pointer", 99, strlen(tag(src, 0x99)));
    tagged_fault();
    return finish("tbi");
}
