/*
 * hello.c - the smallest libc guest program: prints "hello, world".
 *
 * Used for smoke tests and for tracing (vemu-aarch64 -d in_asm,op ./hello).
 * The final PASS line follows the convention of every tests/guest program.
 */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    printf("PASS hello\n");
    return 0;
}
