/*
 * code-buffer.c - thousands of distinct functions written at run time, each run and its
 * result checked several times, first by one thread, then by two at once: more
 * translated code than a small code buffer holds.  Under `-tb-size 1`
 * (tests/cli/code-buffer.sh) the buffer fills, is emptied and refilled again and again,
 * with one thread and with two (whose old code must stay valid while they run it); every
 * function must still return its own value.  The code is made visible to instruction
 * fetch as the Arm ARM requires (B2.4.4) by __builtin___clear_cache (DC CVAU, IC IVAU).
 * Example: code-buffer  ->  "PASS code-buffer"
 */
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

#include "check.h"

#define NFUNC 6000
#define STEPS 23                       /* ADD + EOR pairs per function */
#define FUNC_INSNS (1 + 2 * STEPS + 1) /* MOVZ, the steps, RET */

typedef uint32_t (*fn_t)(void);

static uint32_t *code;

static uint32_t add_imm(unsigned i, unsigned j)
{
    return (i * 7 + j * 13) & 0xfff;
}

/* What function i computes, in C. */
static uint32_t expected(unsigned i)
{
    uint32_t w = i & 0xffff;
    for (unsigned j = 0; j < STEPS; j++) {
        w += add_imm(i, j);
        w ^= w >> 3;
    }
    return w;
}

static void write_function(uint32_t *p, unsigned i)
{
    *p++ = 0x52800000u | ((i & 0xffff) << 5); /* MOVZ W0, #i */
    for (unsigned j = 0; j < STEPS; j++) {
        *p++ = 0x11000000u | (add_imm(i, j) << 10); /* ADD W0, W0, #imm */
        *p++ = 0x4a400c00u;                         /* EOR W0, W0, W0, LSR #3 */
    }
    *p = 0xd65f03c0u; /* RET */
}

static fn_t function(unsigned i)
{
    return (fn_t)(uintptr_t)(code + (size_t)i * FUNC_INSNS);
}

/* Run every function once, in order or backwards; returns the number of wrong results. */
static unsigned run_all(int backwards)
{
    unsigned bad = 0;
    for (unsigned k = 0; k < NFUNC; k++) {
        unsigned i = backwards ? NFUNC - 1 - k : k;
        bad += function(i)() != expected(i);
    }
    return bad;
}

static void *thread_main(void *arg)
{
    return (void *)(uintptr_t)run_all(arg != NULL);
}

int main(void)
{
    size_t bytes = (size_t)NFUNC * FUNC_INSNS * 4;
    code =
        mmap(NULL, bytes, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", code != MAP_FAILED);
    if (code == MAP_FAILED) {
        return finish("code-buffer");
    }
    for (unsigned i = 0; i < NFUNC; i++) {
        write_function(code + (size_t)i * FUNC_INSNS, i);
    }
    __builtin___clear_cache((char *)code, (char *)code + bytes);

    CHECK_EQ("one thread, first pass", 0, run_all(0));
    CHECK_EQ("one thread, second pass (backwards)", 0, run_all(1));
    pthread_t t[2];
    for (uintptr_t k = 0; k < 2; k++) {
        CHECK_EQ("pthread_create", 0, pthread_create(&t[k], NULL, thread_main, (void *)k));
    }
    for (int k = 0; k < 2; k++) {
        void *bad = (void *)1;
        CHECK_EQ("pthread_join", 0, pthread_join(t[k], &bad));
        CHECK_EQ("two threads: wrong results", 0, (uintptr_t)bad);
    }
    CHECK_EQ("one thread again", 0, run_all(0));
    return finish("code-buffer");
}
