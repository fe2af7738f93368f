/*
 * syscall-pauth.c - the pointer-authentication prctls as Linux implements them
 * (Documentation/arm64/pointer-authentication.rst, kernel/sys.c):
 *   PR_PAC_RESET_KEYS (54): new random values for the named keys (0 = all five);
 *   PR_PAC_SET_ENABLED_KEYS (60): enable/disable the four address keys of this thread;
 *   PR_PAC_GET_ENABLED_KEYS (61): the enabled address keys.
 * All three fail with EINVAL on a -cpu model without PAuth, or with bad arguments.  The
 * keys themselves are per thread (env->pac_keys), copied at clone and fork.
 * Example: prctl(PR_PAC_RESET_KEYS, PR_PAC_APIAKEY, 0, 0, 0) -> 0, new IA key.
 */
#include <errno.h>

#include "linux-user/user.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-pauth.h"

int64_t pauth_prctl(CPUArchState *env, const uint64_t a[6])
{
    bool addr_auth = (env->hwcap & A64_HWCAP_PACA) != 0;
    bool gen_auth = (env->hwcap & A64_HWCAP_PACG) != 0;

    switch ((int)a[0]) {
    case 54: /* PR_PAC_RESET_KEYS */
        if (a[2] || a[3] || a[4] || (!addr_auth && !gen_auth) || (a[1] & ~(uint64_t)PAC_KEYS_ALL)) {
            return -EINVAL;
        }
        pauth_reset_keys(env, a[1] ? (unsigned)a[1] : PAC_KEYS_ALL);
        return 0;
    case 60: /* PR_PAC_SET_ENABLED_KEYS */
        if (a[3] || a[4] || !addr_auth || (a[1] & ~(uint64_t)PAC_KEYS_ADDR) || (a[2] & ~a[1])) {
            return -EINVAL;
        }
        env->pac_enabled_keys = (env->pac_enabled_keys & ~(uint32_t)a[1]) | (uint32_t)a[2];
        return 0;
    case 61: /* PR_PAC_GET_ENABLED_KEYS */
        if (a[1] || a[2] || a[3] || a[4] || !addr_auth) {
            return -EINVAL;
        }
        return env->pac_enabled_keys;
    default:
        return -EINVAL;
    }
}
