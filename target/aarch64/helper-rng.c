/*
 * helper-rng.c - RNDR and RNDRRS (FEAT_RNG), the EL0-readable random number registers.
 *
 * Both return 64 bits from the host kernel's random pool (getrandom(2), which never blocks
 * once the pool is initialised) and set NZCV to 0000; if no random bits can be had the
 * architecture says the result is 0 with NZCV = 0100, which software retries.  vemu does
 * not distinguish the reseeded RNDRRS from RNDR: both come from a cryptographic generator.
 * Example: mrs x0, rndr  ->  x0 = helper_rndr(env, 0), NZCV = 0000.
 */
#include <errno.h>
#include <sys/random.h>

#include "target/aarch64/helper-ext.h"

uint64_t helper_rndr(CPUArchState *env, uint64_t reseed)
{
    uint64_t v = 0;
    ssize_t got;
    (void)reseed;
    do {
        got = getrandom(&v, sizeof v, GRND_NONBLOCK);
    } while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof v) {
        cpu_set_nzcv(env, 0x4u << 28);
        return 0;
    }
    cpu_set_nzcv(env, 0);
    return v;
}
