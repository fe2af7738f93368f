/*
 * test-crypto.c - the A64 crypto helpers: the host-instruction versions
 * (helper-crypto-x86.c: AES-NI, SHA-NI, PCLMULQDQ) must give exactly what the portable C
 * versions (helper-crypto.c, from the Arm ARM pseudocode) give, on 20000 random register
 * states per operation, with distinct and with aliased registers; plus a few known answers
 * for the C versions (FIPS-197 S-box and MixColumns examples, a carry-less product).
 * An operation the host has no instruction for is reported as skipped, with its name.
 * Example: build/tests/unit/test-crypto -p /crypto/host-vs-c/aese
 */
#include <glib.h>
#include <string.h>

#include "target/aarch64/helper-crypto.h"

#define RANDOM_CASES 20000

static void random_vregs(CPUArchState *env, GRand *rng)
{
    for (int r = 0; r < 32; r++) {
        for (int i = 0; i < 4; i++) {
            env->vregs[r].s[i] = g_rand_int(rng);
        }
    }
}

static void test_host_vs_c(gconstpointer data)
{
    CryptoOp op = (CryptoOp)GPOINTER_TO_INT(data);
    CryptoFn *host = crypto_host_fn(op), *ref = crypto_c_fn(op);
    static CPUArchState a, b;

    if (!host) {
        g_test_skip("this host CPU has no AES-NI/SHA-NI/PCLMULQDQ instruction for it");
        return;
    }
    GRand *rng = g_rand_new_with_seed(0x5eed + (guint32)op);
    for (int i = 0; i < RANDOM_CASES; i++) {
        random_vregs(&a, rng);
        b = a;
        /* mostly distinct registers; every 8th case aliases rd with rn or rm */
        uint32_t rd = 1, rn = 2, rm = 3;
        if (i % 8 == 7) {
            rn = (i & 8) ? rd : rn;
            rm = (i & 8) ? rm : rd;
        }
        host(&a, rd, rn, rm);
        ref(&b, rd, rn, rm);
        if (memcmp(a.vregs, b.vregs, sizeof a.vregs) != 0) {
            g_test_message("%s case %d: host %016" G_GINT64_MODIFIER "x:%016" G_GINT64_MODIFIER
                           "x, C %016" G_GINT64_MODIFIER "x:%016" G_GINT64_MODIFIER "x",
                           crypto_op_name(op), i, a.vregs[rd].d[1], a.vregs[rd].d[0],
                           b.vregs[rd].d[1], b.vregs[rd].d[0]);
            g_test_fail();
            break;
        }
    }
    g_rand_free(rng);
}

static void set_bytes(Vreg *v, const uint8_t *bytes)
{
    memcpy(v->b, bytes, 16);
}

static void test_c_known_answers(void)
{
    static CPUArchState env;

    /* AESE with state 0 and key 0: SubBytes(0) = 0x63 everywhere */
    memset(&env, 0, sizeof env);
    crypto_c_fn(CRYPTO_AESE)(&env, 0, 1, 0);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(env.vregs[0].b[i], ==, 0x63);
    }
    /* FIPS-197 5.1.1: S(0x53) = 0xed; with the key, AESE(0x53 ^ 0) in row 0 stays put */
    memset(&env, 0, sizeof env);
    env.vregs[0].b[0] = 0x50;
    env.vregs[1].b[0] = 0x03;
    crypto_c_fn(CRYPTO_AESE)(&env, 0, 1, 0);
    g_assert_cmphex(env.vregs[0].b[0], ==, 0xed);
    /* AESD inverts it (InvSubBytes(0xed) = 0x53) */
    env.vregs[1].b[0] = 0;
    memset(&env.vregs[0].b[1], 0x63, 15);
    crypto_c_fn(CRYPTO_AESD)(&env, 0, 1, 0);
    g_assert_cmphex(env.vregs[0].b[0], ==, 0x53);
    g_assert_cmphex(env.vregs[0].b[5], ==, 0);

    /* MixColumns test column db 13 53 45 -> 8e 4d a1 bc, and back with InvMixColumns */
    static const uint8_t col[16] = {0xdb, 0x13, 0x53, 0x45, 0xf2, 0x0a, 0x22, 0x5c,
                                    0x01, 0x01, 0x01, 0x01, 0xc6, 0xc6, 0xc6, 0xc6};
    static const uint8_t mixed[16] = {0x8e, 0x4d, 0xa1, 0xbc, 0x9f, 0xdc, 0x58, 0x9d,
                                      0x01, 0x01, 0x01, 0x01, 0xc6, 0xc6, 0xc6, 0xc6};
    set_bytes(&env.vregs[2], col);
    crypto_c_fn(CRYPTO_AESMC)(&env, 3, 2, 0);
    g_assert_cmpmem(env.vregs[3].b, 16, mixed, 16);
    crypto_c_fn(CRYPTO_AESIMC)(&env, 4, 3, 0);
    g_assert_cmpmem(env.vregs[4].b, 16, col, 16);

    /* (x + 1)(x + 1) = x^2 + 1 in the high doublewords (PMULL2) */
    env.vregs[5].d[1] = 3;
    env.vregs[6].d[1] = 3;
    crypto_c_fn(CRYPTO_PMULL2)(&env, 7, 5, 6);
    g_assert_cmphex(env.vregs[7].d[0], ==, 5);
    g_assert_cmphex(env.vregs[7].d[1], ==, 0);
    /* x^63 * x^63 = x^126: bit 62 of the high doubleword */
    env.vregs[5].d[0] = 1ull << 63;
    env.vregs[6].d[0] = 1ull << 63;
    crypto_c_fn(CRYPTO_PMULL)(&env, 7, 5, 6);
    g_assert_cmphex(env.vregs[7].d[0], ==, 0);
    g_assert_cmphex(env.vregs[7].d[1], ==, 1ull << 62);

    /* SHA1H: ROL(x, 30), upper lanes zeroed */
    memset(&env.vregs[8], 0xff, 16);
    env.vregs[9].s[0] = 0x80000001u;
    crypto_c_fn(CRYPTO_SHA1H)(&env, 8, 9, 0);
    g_assert_cmphex(env.vregs[8].s[0], ==, 0x60000000u);
    g_assert_cmphex(env.vregs[8].s[1] | env.vregs[8].s[2] | env.vregs[8].s[3], ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/crypto/c-known-answers", test_c_known_answers);
    /* the operations helper-crypto-x86.c accelerates (the rest are C only by design) */
    static const CryptoOp accelerated[] = {
        CRYPTO_AESE,      CRYPTO_AESD,  CRYPTO_AESMC,   CRYPTO_AESIMC,   CRYPTO_SHA1C,
        CRYPTO_SHA1P,     CRYPTO_SHA1M, CRYPTO_SHA256H, CRYPTO_SHA256H2, CRYPTO_SHA256SU0,
        CRYPTO_SHA256SU1, CRYPTO_PMULL, CRYPTO_PMULL2,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(accelerated); i++) {
        CryptoOp op = accelerated[i];
        char *path = g_strdup_printf("/crypto/host-vs-c/%s", crypto_op_name(op));
        g_test_add_data_func(path, GINT_TO_POINTER(op), test_host_vs_c);
        g_free(path);
    }
    return g_test_run();
}
