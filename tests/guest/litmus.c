/*
 * litmus.c - memory-ordering litmus tests run on two threads: outcomes the Arm memory
 * model forbids must never be observed (Arm ARM B2.3, "Definition of the Armv8 memory
 * model"; the store-buffering and message-passing shapes of the herd7 litmus catalogue).
 *
 *   SB+rel-acq:  T0: STLR x=1; LDAR r0=y     T1: STLR y=1; LDAR r1=x
 *                forbidden: r0 == 0 && r1 == 0 (release -> acquire is ordered, RCsc)
 *   SB+dmbs:     T0: STR x=1; DMB ISH; LDR r0=y    T1: STR y=1; DMB ISH; LDR r1=x
 *                forbidden: r0 == 0 && r1 == 0
 *   MP+rel-acq:  T0: STR data=1; STLR flag=1     T1: LDAR f=flag; LDR d=data
 *                forbidden: f == 1 && d == 0
 * An x86-64 host reorders a store with a later load unless a fence separates them, so a
 * translator that drops the barrier of STLR->LDAR or DMB ISH fails SB within a few
 * thousand rounds.  Each round the threads meet at a counter so their accesses overlap.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"

#define ROUNDS 20000

static volatile uint64_t x, y, data, flag;
static volatile uint64_t r0[ROUNDS], r1[ROUNDS];
static volatile uint64_t go0, go1; /* round number each thread may start */
static volatile uint64_t done0, done1;
static int test_kind;

/* Spin until *v == want; YIELD lets the other thread run when both share one host CPU
 * (CI runs other tests alongside: a bare spin then waits a whole time slice per round). */
static void wait_for(volatile uint64_t *v, uint64_t want)
{
    while (__atomic_load_n(v, __ATOMIC_ACQUIRE) != want) {
        __asm__ volatile("yield");
    }
}

static uint64_t sb_side(volatile uint64_t *mine, volatile uint64_t *other)
{
    uint64_t r;
    if (test_kind == 0) {
        __asm__ volatile("mov x9, #1\n\tstlr x9, [%1]\n\tldar %0, [%2]"
                         : "=&r"(r)
                         : "r"(mine), "r"(other)
                         : "x9", "memory");
    } else {
        __asm__ volatile("mov x9, #1\n\tstr x9, [%1]\n\tdmb ish\n\tldr %0, [%2]"
                         : "=&r"(r)
                         : "r"(mine), "r"(other)
                         : "x9", "memory");
    }
    return r;
}

static void *thread1(void *arg)
{
    (void)arg;
    for (uint64_t i = 0; i < ROUNDS; i++) {
        wait_for(&go1, i + 1);
        if (test_kind == 2) {
            uint64_t f, d;
            __asm__ volatile("ldar %0, [%2]\n\tldr %1, [%3]"
                             : "=&r"(f), "=&r"(d)
                             : "r"(&flag), "r"(&data)
                             : "memory");
            r1[i] = f;
            r0[i] = d;
        } else {
            r1[i] = sb_side(&y, &x);
        }
        __atomic_store_n(&done1, i + 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

static int run(int kind)
{
    pthread_t t;
    test_kind = kind;
    go0 = go1 = done0 = done1 = 0;
    pthread_create(&t, NULL, thread1, NULL);
    for (uint64_t i = 0; i < ROUNDS; i++) {
        x = y = data = flag = 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        __atomic_store_n(&go1, i + 1, __ATOMIC_RELEASE);
        if (kind == 2) {
            uint64_t one = 1;
            __asm__ volatile("str %0, [%1]\n\tstlr %0, [%2]"
                             :
                             : "r"(one), "r"(&data), "r"(&flag)
                             : "memory");
        } else {
            r0[i] = sb_side(&x, &y);
        }
        wait_for(&done1, i + 1);
    }
    pthread_join(t, NULL);
    int bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        if (kind == 2 ? (r1[i] == 1 && r0[i] == 0) : (r0[i] == 0 && r1[i] == 0)) {
            bad++;
        }
    }
    return bad;
}

int main(void)
{
    CHECK_EQ("SB+rel-acq forbidden outcomes", 0, run(0));
    CHECK_EQ("SB+dmbs forbidden outcomes", 0, run(1));
    CHECK_EQ("MP+rel-acq forbidden outcomes", 0, run(2));
    return finish("litmus");
}
