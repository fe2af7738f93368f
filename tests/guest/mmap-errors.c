/*
 * mmap-errors.c - the error cases of mmap, munmap, mprotect and mremap as mmap(2),
 * munmap(2), mprotect(2) and mremap(2) document them for Linux (arm64 has 4 KiB pages
 * here, as Debian's kernel): EINVAL for a zero length, an unaligned address or offset,
 * no MAP_PRIVATE/MAP_SHARED, MREMAP_FIXED without MREMAP_MAYMOVE; EBADF for a bad fd;
 * ENOMEM for a length beyond the address space, mprotect of unmapped memory, mremap
 * growth in place onto another mapping; EFAULT for mremap of an address that is not
 * mapped or a range that spans two mappings; success for munmap of nothing.
 * (qemu-user 7.2 differs on mremap to size 0: ENOMEM instead of the kernel's EINVAL.)
 * Example: mremap((void *)0x10000, 4096, 8192, MREMAP_MAYMOVE) -> -1 EFAULT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define PG 4096

static void expect_err(const char *what, long r, int err)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s: fails with %s (r=%ld errno=%s)", what, strerrorname_np(err), r,
             strerrorname_np(errno) ? strerrorname_np(errno) : "0");
    CHECK(buf, r == -1 && errno == err);
}

#define MM(...) (errno = 0, (long)(intptr_t)mmap(__VA_ARGS__))
#define RM(...) (errno = 0, (long)(intptr_t)mremap(__VA_ARGS__))
#define SYS(expr) (errno = 0, (long)(expr))

int main(void)
{
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    expect_err("mmap length 0", MM(NULL, 0, PROT_READ, anon, -1, 0), EINVAL);
    expect_err("mmap no PRIVATE/SHARED", MM(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
    expect_err("mmap bad fd", MM(NULL, PG, PROT_READ, MAP_PRIVATE, 9999, 0), EBADF);
    expect_err("mmap unaligned offset", MM(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 100), EINVAL);
    expect_err("mmap MAP_FIXED unaligned address",
               MM((void *)0x10000123, PG, PROT_READ, anon | MAP_FIXED, -1, 0), EINVAL);
    expect_err("mmap beyond the address space", MM(NULL, 1ull << 60, PROT_READ, anon, -1, 0),
               ENOMEM);

    uint8_t *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, anon, -1, 0);
    CHECK("mmap", a != MAP_FAILED);
    munmap(a + 2 * PG, 2 * PG); /* a hole after two pages */

    expect_err("munmap unaligned", SYS(munmap(a + 1, PG)), EINVAL);
    expect_err("munmap length 0", SYS(munmap(a, 0)), EINVAL);
    CHECK("munmap of nothing succeeds", SYS(munmap(a + 2 * PG, PG)) == 0);

    expect_err("mprotect unaligned", SYS(mprotect(a + 1, PG, PROT_READ)), EINVAL);
    expect_err("mprotect of unmapped memory", SYS(mprotect(a + 2 * PG, PG, PROT_READ)), ENOMEM);

    expect_err("mremap unaligned", RM(a + 1, PG, 2 * PG, MREMAP_MAYMOVE), EINVAL);
    expect_err("mremap new size 0", RM(a, PG, 0, MREMAP_MAYMOVE), EINVAL);
    expect_err("mremap MREMAP_FIXED without MAYMOVE", RM(a, PG, PG, MREMAP_FIXED, a + 3 * PG),
               EINVAL);
    expect_err("mremap of an unmapped address", RM(a + 2 * PG, PG, 2 * PG, MREMAP_MAYMOVE), EFAULT);
    expect_err("mremap of address 0x10000 (unmapped)", RM((void *)0x10000, PG, 2 * PG, 0), EFAULT);
    /* High in the 48-bit arm64 user address space, where nothing is mapped. */
    expect_err("mremap of 0xf00000000000 (unmapped)",
               RM((void *)0xf00000000000ull, PG, 2 * PG, MREMAP_MAYMOVE), EFAULT);
    /* Every address the program did not map is unmapped for it, whatever the emulator
     * keeps there: scan the top of the x86-64-sized half for such holes. */
    for (uint64_t p = 0x7ff000000000ull; p < 0x800000000000ull; p += 0x10000000ull) {
        unsigned char v;
        if (mincore((void *)p, PG, &v) == 0) {
            continue; /* the program's own */
        }
        if (RM((void *)p, PG, 2 * PG, MREMAP_MAYMOVE) != -1 || errno != EFAULT) {
            printf("FAIL mremap of unmapped 0x%llx: errno %s\n", (unsigned long long)p,
                   strerrorname_np(errno));
            check_failures++;
            break;
        }
    }

    /* Grow in place onto another mapping: ENOMEM without MAYMOVE. */
    uint8_t *b = mmap(a + 2 * PG, PG, PROT_READ, anon | MAP_FIXED, -1, 0);
    CHECK("mmap into the hole", b == a + 2 * PG);
    expect_err("mremap growth onto a mapping", RM(a, 2 * PG, 3 * PG, 0), ENOMEM);
    /* a..a+3PG now spans two mappings (rw and r): EFAULT. */
    expect_err("mremap across two mappings", RM(a, 3 * PG, 4 * PG, MREMAP_MAYMOVE), EFAULT);

    /* A working mremap keeps the contents. */
    a[0] = 0x5a;
    uint8_t *c = mremap(a, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
    CHECK("mremap grow with MAYMOVE", c != MAP_FAILED);
    CHECK("mremap keeps the contents", c != MAP_FAILED && c[0] == 0x5a);
    munmap(c, 8 * PG);
    munmap(b, PG);
    return finish("mmap-errors");
}
