/*
 * check.h - tiny self-checking helpers shared by the tests/guest programs.
 *
 * Each guest program counts mismatches with CHECK()/CHECK_EQ() (which print
 * "FAIL <what>: expected X got Y" and keep going, so every mismatch is
 * reported) and ends with `return finish("arith");`, which prints the final
 * "PASS arith" line and returns 0, or a failure summary and returns 1.
 */
#ifndef VEMU_GUEST_CHECK_H
#define VEMU_GUEST_CHECK_H

#include <stdint.h>
#include <stdio.h>

static int check_failures;

static inline void check_u64(const char *what, uint64_t expected, uint64_t got)
{
    if (expected != got) {
        printf("FAIL %s: expected 0x%llx got 0x%llx\n", what,
               (unsigned long long)expected, (unsigned long long)got);
        check_failures++;
    }
}

#define CHECK_EQ(what, expected, got) check_u64((what), (uint64_t)(expected), (uint64_t)(got))

#define CHECK(what, cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            printf("FAIL %s: %s (%s:%d)\n", (what), #cond, __FILE__, __LINE__); \
            check_failures++;                                                  \
        }                                                                      \
    } while (0)

static inline int finish(const char *name)
{
    fflush(stdout);
    if (check_failures) {
        printf("FAIL %s: %d check(s) failed\n", name, check_failures);
        return 1;
    }
    printf("PASS %s\n", name);
    return 0;
}

#endif
