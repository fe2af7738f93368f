/*
 * pauth-pacret.c - a program built with -mbranch-protection=pac-ret (and the default
 * -march, so GCC signs return addresses with the hint-space PACIASP/AUTIASP): recursion,
 * calls through function pointers (qsort), setjmp/longjmp and a signal handler must all
 * work on every -cpu model, signing on `max` and as NOPs on models without PAuth.
 * Example: vemu-aarch64 -cpu neoverse-n1 pauth-pacret  -> "PASS pauth-pacret".
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static unsigned __attribute__((noinline)) fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static jmp_buf jb;
static void (*volatile jump_out)(jmp_buf, int) = longjmp; /* hides noreturn from GCC */
static void __attribute__((noinline)) deep(int n)
{
    if (n == 0) {
        jump_out(jb, 7);
    } else {
        deep(n - 1);
    }
    asm volatile("" ::: "memory");
}

static volatile int handled;
static void on_usr1(int sig)
{
    handled = sig;
}

int main(void)
{
    int v[64];
    uint32_t first;

    /* the compiler did sign: fib (not a leaf) starts with PACIASP (hint #25) */
    memcpy(&first, (const void *)(uintptr_t)&fib, sizeof first);
    CHECK_EQ("fib starts with paciasp", 0xd503233fu, first);
    CHECK_EQ("fib(20)", 6765, fib(20));
    for (int i = 0; i < 64; i++) {
        v[i] = (i * 37) % 64;
    }
    qsort(v, 64, sizeof v[0], cmp);
    for (int i = 0; i < 64; i++) {
        CHECK_EQ("qsort", i, v[i]);
    }
    int r = setjmp(jb);
    if (r == 0) {
        deep(10);
        CHECK("longjmp did not return", 0);
    }
    CHECK_EQ("longjmp value", 7, r);
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    CHECK_EQ("signal handler ran", SIGUSR1, handled);
    return finish("pauth-pacret");
}
