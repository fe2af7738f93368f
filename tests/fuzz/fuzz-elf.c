/*
 * fuzz-elf.c - libFuzzer harness: feeds arbitrary bytes to loader_check_elf_image and,
 * when they are accepted, re-checks the parsed view for internal consistency.
 *
 * Example:
 *     clang -fsanitize=fuzzer,address -D_GNU_SOURCE -I. tests/fuzz/fuzz-elf.c loader/elf-check.c
 *     ./a.out -max_total_time=60 corpus/
 */
#include "loader/loader.h"
#include "linux-user/guest-mem.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ElfImageInfo ii;
    char err[256];
    err[0] = '\0';
    int rc = loader_check_elf_named(data, size, "<image>", &ii, err, sizeof err);
    if (rc != LOADER_OK) {
        if (err[0] == '\0' || strchr(err, '\n') != NULL) {
            abort(); /* every rejection must explain itself in one line */
        }
        return 0;
    }
    /* What elf-load.c relies on after a successful check. */
    if (ii.nload == 0 || ii.lo_page >= ii.hi_page || ii.hi_page > GUEST_ADDR_MAX + 1 ||
        (ii.max_align & (ii.max_align - 1)) != 0 || ii.interp_len >= 4096 ||
        (ii.interp_len != 0 &&
         (ii.interp_off + ii.interp_len >= size || data[ii.interp_off + ii.interp_len] != '\0'))) {
        abort();
    }
    return 0;
}
