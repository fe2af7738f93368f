/*
 * helper-dp.c - out-of-line helpers for A64 integer data processing that have no
 * single IR equivalent: CRC32B/H/W/X and CRC32CB/CH/CW/CX (Arm ARM C6.2 "CRC32*").
 *
 * The A64 CRC instructions use bit-reflected polynomials with no pre/post inversion,
 * so a byte-at-a-time table walk over the low `bytes` bytes of the value suffices.
 * Example: helper_crc32(0xffffffff, 'a', 1) == 0x3ab551ce (crc32 of "a" before the final
 * inversion, i.e. ~0xe8b7be43).
 */
#include "target/aarch64/helper-a64.h"

#include <pthread.h>

static uint32_t crc_table[2][256]; /* [0]: crc32 (0xEDB88320), [1]: crc32c (0x82F63B78) */
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    static const uint32_t poly[2] = {0xedb88320u, 0x82f63b78u};

    for (int k = 0; k < 2; k++) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int b = 0; b < 8; b++) {
                c = (c >> 1) ^ (poly[k] & (0u - (c & 1u)));
            }
            crc_table[k][i] = c;
        }
    }
}

static uint64_t crc_update(int k, uint64_t acc, uint64_t val, uint32_t bytes)
{
    uint32_t crc = (uint32_t)acc;

    pthread_once(&crc_once, crc_init);
    for (uint32_t i = 0; i < bytes; i++) {
        crc = crc_table[k][(crc ^ (uint32_t)val) & 0xffu] ^ (crc >> 8);
        val >>= 8;
    }
    return crc;
}

uint64_t helper_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_update(0, acc, val, bytes);
}

uint64_t helper_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_update(1, acc, val, bytes);
}

IrHelper helper_info_crc32 = {.name = "crc32",
                              .func = (void *)helper_crc32,
                              .ret = IR_I64,
                              .nargs = 3,
                              .args = {IR_I64, IR_I64, IR_I32},
                              .flags = IR_CALL_PURE};

IrHelper helper_info_crc32c = {.name = "crc32c",
                               .func = (void *)helper_crc32c,
                               .ret = IR_I64,
                               .nargs = 3,
                               .args = {IR_I64, IR_I64, IR_I32},
                               .flags = IR_CALL_PURE};
