/*
 * test-pauth.c - the pointer-authentication core (target/aarch64/helper-pauth.c): the PAC
 * function against SipHash-2-4's published test vectors (key 00..0f, message 00..len-1,
 * from the reference implementation's vectors table), and AddPAC/Auth/Strip against the
 * Arm ARM pseudocode's rules for Linux's 48-bit VA, TBI0 = 1, TBI1 = 0: only bits 54:48
 * change (also 63:56 when bit 55 is set), AUT restores, a mismatch sets error code 01/10
 * in bits 54:53 (62:61), bad extension bits never authenticate, disabled keys are NOPs.
 * Example: build/tests/unit/test-pauth -p /pauth/siphash
 */
#include <glib.h>
#include <string.h>

#include "target/aarch64/helper-pauth.h"

static const uint64_t K0 = 0x0706050403020100ull, K1 = 0x0f0e0d0c0b0a0908ull;

static void test_siphash(void)
{
    static const struct {
        size_t len;
        uint64_t want;
    } v[] = {{8, 0x93f5f5799a932462ull}, {15, 0xa129ca6149be45e5ull}, {16, 0x3f2acc7f57c29bdbull}};
    uint8_t msg[16];
    uint64_t key[2] = {K0, K1};

    for (int i = 0; i < 16; i++) {
        msg[i] = (uint8_t)i;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
        g_assert_cmphex(siphash24(K0, K1, msg, v[i].len), ==, v[i].want);
    }
    /* the PAC of (ptr, modifier) is SipHash of their 16 little-endian bytes */
    g_assert_cmphex(pauth_compute(K0, K1, key), ==, 0x3f2acc7f57c29bdbull);
}

static void setup(CPUArchState *env)
{
    memset(env, 0, sizeof *env);
    for (int k = 0; k < PAC_NKEYS; k++) {
        env->pac_keys[k][0] = K0 + (uint64_t)k;
        env->pac_keys[k][1] = K1 * (uint64_t)(k + 1);
    }
    env->pac_enabled_keys = PAC_KEYS_ADDR;
}

/* the PAC field: bits 54:48 with TBI (bit 55 clear: TBI0 = 1), also 63:56 without (TBI1 = 0) */
static uint64_t field_of(uint64_t ptr)
{
    return (ptr >> 55) & 1 ? 0xff7f000000000000ull : 0x007f000000000000ull;
}

static void test_add_auth(void)
{
    static CPUArchState env;
    static const uint64_t ptrs[] = {0x400123, 0x7fffffffeff0ull, 0x5a00000000401000ull,
                                    0xffff800000001000ull};
    int nonzero = 0, failures = 0;

    setup(&env);
    for (size_t i = 0; i < G_N_ELEMENTS(ptrs); i++) {
        for (int key = 0; key < 4; key++) {
            for (uint64_t mod = 0; mod < 64; mod++) {
                uint64_t p = pauth_add(&env, ptrs[i], mod, key);
                uint64_t err = (key == PAC_KEY_IB || key == PAC_KEY_DB) ? 2 : 1;
                uint64_t field = field_of(ptrs[i]);
                unsigned shift = (ptrs[i] >> 55) & 1 ? 61 : 53;
                g_assert_cmphex(p & ~field, ==, ptrs[i] & ~field);
                nonzero += (p & field) != (ptrs[i] & field);
                g_assert_cmphex(pauth_auth(&env, p, mod, key), ==, ptrs[i]);
                g_assert_cmphex(pauth_strip(p), ==, ptrs[i]);
                /* another modifier: either the same PAC or the error code */
                uint64_t w = pauth_auth(&env, p, mod + 1000, key);
                if (pauth_add(&env, ptrs[i], mod + 1000, key) == p) {
                    g_assert_cmphex(w, ==, ptrs[i]);
                } else {
                    failures++;
                    g_assert_cmphex(w, ==, (ptrs[i] & ~(3ull << shift)) | err << shift);
                }
            }
        }
    }
    g_assert_cmpint(nonzero, >, 0);
    g_assert_cmpint(failures, >, 900); /* 7- and 15-bit PACs: few collide */
}

static void test_bad_extension_and_disabled(void)
{
    static CPUArchState env;
    uint64_t bad = 0x0004000000401000ull; /* bit 50 set: not a canonical user pointer */

    setup(&env);
    for (uint64_t mod = 0; mod < 32; mod++) {
        uint64_t p = pauth_add(&env, bad, mod, PAC_KEY_DA);
        g_assert_cmphex(pauth_auth(&env, p, mod, PAC_KEY_DA) & (3ull << 53), ==, 1ull << 53);
    }
    env.pac_enabled_keys = PAC_KEYS_ADDR & ~(1u << PAC_KEY_IA);
    g_assert_cmphex(pauth_add(&env, 0x400000, 5, PAC_KEY_IA), ==, 0x400000);
    g_assert_cmphex(pauth_auth(&env, 0x0020000000400000ull, 5, PAC_KEY_IA), ==,
                    0x0020000000400000ull);
    g_assert_cmphex(pauth_auth(&env, pauth_add(&env, 0x400000, 5, PAC_KEY_IB), 5, PAC_KEY_IB), ==,
                    0x400000);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pauth/siphash", test_siphash);
    g_test_add_func("/pauth/add-auth", test_add_auth);
    g_test_add_func("/pauth/bad-extension-and-disabled", test_bad_extension_and_disabled);
    return g_test_run();
}
