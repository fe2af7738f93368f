/*
 * crypto.c - guest test of the A64 cryptographic instructions through the ACLE intrinsics
 * (built with -march=armv8.2-a+crypto+sha3+sm4):
 *   - AES-128 encryption of the FIPS-197 Appendix C.1 vector with AESE/AESMC rounds and its
 *     decryption with AESD/AESIMC (equivalent inverse cipher);
 *   - SHA-1, SHA-256 and SHA-512 of "abc" and of 1,000,000 'a' (FIPS 180-4 / NIST example
 *     values) with SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1, SHA512H/H2/SU0/SU1;
 *   - SM3 of "abc" and of 1,000,000 'a' with SM3SS1/TT1A/TT1B/TT2A/TT2B/PARTW1/PARTW2 (values
 *     checked with the host's `openssl dgst -sm3`);
 *   - SM4 key expansion (SM4EKEY) and encryption (SM4E) of the GB/T 32907 example;
 *   - EOR3, BCAX, RAX1, XAR and PMULL/PMULL2 (64-bit) against plain C on random values.
 * Each group runs when its HWCAP is advertised; otherwise one of its instructions must raise
 * SIGILL (a CPU model without the feature), and ID_AA64ISAR0_EL1 must agree with the HWCAPs.
 * Example: vemu-aarch64 build/tests/guest/crypto   (VEMU_NO_HOST_CRYPTO=1: the C helpers;
 *          VEMU_CPU=cortex-a53: no crypto, every group must SIGILL)
 */
#include <arm_neon.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "check.h"
#include "sha256-k.h"

#define HWCAP_AES_ (1ul << 3)
#define HWCAP_PMULL_ (1ul << 4)
#define HWCAP_SHA1_ (1ul << 5)
#define HWCAP_SHA2_ (1ul << 6)
#define HWCAP_SHA3_ (1ul << 17)
#define HWCAP_SM3_ (1ul << 18)
#define HWCAP_SM4_ (1ul << 19)
#define HWCAP_SHA512_ (1ul << 21)

/* ---------------- SIGILL probe ---------------- */

static sigjmp_buf probe_env;

static void on_sigill(int sig)
{
    (void)sig;
    siglongjmp(probe_env, 1);
}

/* 1 if fn raised SIGILL */
static int raises_sigill(void (*fn)(void))
{
    struct sigaction sa, old;
    int r;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, &old);
    if (sigsetjmp(probe_env, 1) == 0) {
        fn();
        r = 0;
    } else {
        r = 1;
    }
    sigaction(SIGILL, &old, NULL);
    return r;
}

/* one instruction of each feature, for the SIGILL check */
#define PROBE(NAME, INSN)                                                                          \
    static void NAME(void)                                                                         \
    {                                                                                              \
        __asm__ volatile(INSN ::: "v0");                                                           \
    }
PROBE(probe_aese, "aese v0.16b, v1.16b")
PROBE(probe_pmull, "pmull v0.1q, v1.1d, v2.1d")
PROBE(probe_sha1, "sha1h s0, s1")
PROBE(probe_sha256, "sha256h q0, q1, v2.4s")
PROBE(probe_sha512, "sha512h q0, q1, v2.2d")
PROBE(probe_sha3, "eor3 v0.16b, v1.16b, v2.16b, v3.16b")
PROBE(probe_sm3, "sm3partw1 v0.4s, v1.4s, v2.4s")
PROBE(probe_sm4, "sm4e v0.4s, v1.4s")

/* ---------------- AES ---------------- */

static void aes128_expand(const uint8_t key[16], uint8x16_t rk[11])
{
    static const uint8_t rcon[10] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};
    uint32_t w[44];
    memcpy(w, key, 16);
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            /* SubWord via AESE with a zero key: with the word in every column, ShiftRows
             * leaves the state unchanged and only SubBytes remains */
            uint8x16_t s = vaeseq_u8(vreinterpretq_u8_u32(vdupq_n_u32(t)), vdupq_n_u8(0));
            t = vgetq_lane_u32(vreinterpretq_u32_u8(s), 0);
            t = (t >> 8 | t << 24) ^ rcon[i / 4 - 1]; /* RotWord (little-endian bytes) */
        }
        w[i] = w[i - 4] ^ t;
    }
    for (int r = 0; r < 11; r++) {
        rk[r] = vld1q_u8((const uint8_t *)&w[4 * r]);
    }
}

static void test_aes(void)
{
    static const uint8_t key[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const uint8_t ct[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                   0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    uint8x16_t rk[11], dk[11];
    uint8_t out[16];

    aes128_expand(key, rk);
    /* FIPS-197 A.1: the last round key of this key */
    vst1q_u8(out, rk[10]);
    CHECK_EQ("aes key schedule w[40]", 0x13111d7fu,
             (uint32_t)out[0] << 24 | out[1] << 16 | out[2] << 8 | out[3]);

    uint8x16_t s = vld1q_u8(pt);
    for (int r = 0; r < 9; r++) {
        s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
    }
    s = veorq_u8(vaeseq_u8(s, rk[9]), rk[10]);
    vst1q_u8(out, s);
    CHECK("aes-128 encrypt FIPS-197 C.1", memcmp(out, ct, 16) == 0);

    dk[0] = rk[10];
    for (int r = 1; r < 10; r++) {
        dk[r] = vaesimcq_u8(rk[10 - r]);
    }
    dk[10] = rk[0];
    s = vld1q_u8(ct);
    for (int r = 0; r < 9; r++) {
        s = vaesimcq_u8(vaesdq_u8(s, dk[r]));
    }
    s = veorq_u8(vaesdq_u8(s, dk[9]), dk[10]);
    vst1q_u8(out, s);
    CHECK("aes-128 decrypt FIPS-197 C.1", memcmp(out, pt, 16) == 0);
}

/* ---------------- SHA-1 / SHA-256 / SHA-512 ---------------- */

static uint32x4_t load_be32(const uint8_t *p)
{
    return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
}

static void sha1_block(uint32_t st[5], const uint8_t *p)
{
    static const uint32_t k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32x4_t abcd = vld1q_u32(st), abcd0 = abcd, m[4];
    uint32_t e = st[4];
    for (int i = 0; i < 4; i++) {
        m[i] = load_be32(p + 16 * i);
    }
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(k[i / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (i < 5) {
            abcd = vsha1cq_u32(abcd, e, wk);
        } else if (i >= 10 && i < 15) {
            abcd = vsha1mq_u32(abcd, e, wk);
        } else {
            abcd = vsha1pq_u32(abcd, e, wk);
        }
        e = e_next;
        if (i < 16) {
            m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4], m[(i + 2) % 4]),
                                     m[(i + 3) % 4]);
        }
    }
    vst1q_u32(st, vaddq_u32(abcd, abcd0));
    st[4] += e;
}

static void sha256_block(uint32_t st[8], const uint8_t *p)
{
    uint32x4_t abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4), m[4];
    uint32x4_t abcd0 = abcd, efgh0 = efgh;
    for (int i = 0; i < 4; i++) {
        m[i] = load_be32(p + 16 * i);
    }
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vld1q_u32(sha256_k + 4 * i));
        uint32x4_t prev = abcd;
        abcd = vsha256hq_u32(abcd, efgh, wk);
        efgh = vsha256h2q_u32(efgh, prev, wk);
        if (i < 12) {
            m[i % 4] = vsha256su1q_u32(vsha256su0q_u32(m[i % 4], m[(i + 1) % 4]), m[(i + 2) % 4],
                                       m[(i + 3) % 4]);
        }
    }
    vst1q_u32(st, vaddq_u32(abcd, abcd0));
    vst1q_u32(st + 4, vaddq_u32(efgh, efgh0));
}

static const uint64_t k512[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

/* Two rounds per step: ab = {a, b}, cd, ef, gh (lane 0 first). */
static void sha512_block(uint64_t st[8], const uint8_t *p)
{
    uint64x2_t ab = vld1q_u64(st), cd = vld1q_u64(st + 2), ef = vld1q_u64(st + 4),
               gh = vld1q_u64(st + 6), w[8];
    const uint64x2_t ab0 = ab, cd0 = cd, ef0 = ef, gh0 = gh;
    for (int i = 0; i < 8; i++) {
        w[i] = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(p + 16 * i)));
    }
    for (int j = 0; j < 40; j++) {
        uint64x2_t kw = vaddq_u64(w[j % 8], vld1q_u64(k512 + 2 * j));
        uint64x2_t fg = vextq_u64(ef, gh, 1), de = vextq_u64(cd, ef, 1);
        uint64x2_t t1 = vsha512hq_u64(vaddq_u64(gh, vextq_u64(kw, kw, 1)), fg, de);
        uint64x2_t new_ef = vaddq_u64(cd, t1);
        uint64x2_t new_ab = vsha512h2q_u64(t1, cd, ab);
        gh = ef;
        cd = ab;
        ef = new_ef;
        ab = new_ab;
        if (j < 32) {
            w[j % 8] = vsha512su1q_u64(vsha512su0q_u64(w[j % 8], w[(j + 1) % 8]), w[(j + 7) % 8],
                                       vextq_u64(w[(j + 4) % 8], w[(j + 5) % 8], 1));
        }
    }
    vst1q_u64(st, vaddq_u64(ab, ab0));
    vst1q_u64(st + 2, vaddq_u64(cd, cd0));
    vst1q_u64(st + 4, vaddq_u64(ef, ef0));
    vst1q_u64(st + 6, vaddq_u64(gh, gh0));
}

/* Merkle-Damgard padding around a block function; block = 64 or 128 bytes. */
static void md_hash(const uint8_t *msg, size_t len, size_t block,
                    void (*fn)(void *, const uint8_t *), void *st)
{
    uint8_t tail[256];
    size_t full = len / block * block, rest = len - full;
    for (size_t i = 0; i < full; i += block) {
        fn(st, msg + i);
    }
    size_t lenbytes = block == 128 ? 16 : 8;
    size_t padded = rest + 1 + lenbytes <= block ? block : 2 * block;
    memset(tail, 0, sizeof tail);
    memcpy(tail, msg + full, rest);
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) {
        tail[padded - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    for (size_t i = 0; i < padded; i += block) {
        fn(st, tail + i);
    }
}

static void sha1_fn(void *st, const uint8_t *p)
{
    sha1_block(st, p);
}
static void sha256_fn(void *st, const uint8_t *p)
{
    sha256_block(st, p);
}
static void sha512_fn(void *st, const uint8_t *p)
{
    sha512_block(st, p);
}

static const uint8_t *million_a(void)
{
    static uint8_t *buf;
    if (!buf) {
        buf = malloc(1000000);
        memset(buf, 'a', 1000000);
    }
    return buf;
}

static void check_words32(const char *what, const uint32_t *got, const uint32_t *want, int n)
{
    for (int i = 0; i < n; i++) {
        CHECK_EQ(what, want[i], got[i]);
    }
}

/* digest of "abc" and of a million 'a' from the initial value iv (n 32-bit words) */
static void check_sha32(const char *name, const uint32_t *iv, int n,
                        void (*fn)(void *, const uint8_t *), const uint32_t *abc,
                        const uint32_t *mil)
{
    uint32_t st[8];
    char what[32];
    memcpy(st, iv, n * sizeof st[0]);
    md_hash((const uint8_t *)"abc", 3, 64, fn, st);
    snprintf(what, sizeof what, "%s(abc)", name);
    check_words32(what, st, abc, n);
    memcpy(st, iv, n * sizeof st[0]);
    md_hash(million_a(), 1000000, 64, fn, st);
    snprintf(what, sizeof what, "%s(1M a)", name);
    check_words32(what, st, mil, n);
}

static void test_sha1(void)
{
    static const uint32_t iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    static const uint32_t abc[5] = {0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d};
    static const uint32_t mil[5] = {0x34aa973c, 0xd4c4daa4, 0xf61eeb2b, 0xdbad2731, 0x6534016f};
    check_sha32("sha1", iv, 5, sha1_fn, abc, mil);
}

static void test_sha256(void)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    static const uint32_t abc[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                    0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    static const uint32_t mil[8] = {0xcdc76e5c, 0x9914fb92, 0x81a1c7e2, 0x84d73e67,
                                    0xf1809a48, 0xa497200e, 0x046d39cc, 0xc7112cd0};
    check_sha32("sha256", iv, 8, sha256_fn, abc, mil);
}

static void test_sha512(void)
{
    static const uint64_t iv[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                   0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                   0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
    static const uint64_t abc[8] = {0xddaf35a193617aba, 0xcc417349ae204131, 0x12e6fa4e89a97ea2,
                                    0x0a9eeee64b55d39a, 0x2192992a274fc1a8, 0x36ba3c23a3feebbd,
                                    0x454d4423643ce80e, 0x2a9ac94fa54ca49f};
    static const uint64_t mil[8] = {0xe718483d0ce76964, 0x4e2e42c7bc15b463, 0x8e1f98b13b204428,
                                    0x5632a803afa973eb, 0xde0ff244877ea60a, 0x4cb0432ce577c31b,
                                    0xeb009c5c2c49aa2e, 0x4eadb217ad8cc09b};
    uint64_t st[8];
    memcpy(st, iv, sizeof st);
    md_hash((const uint8_t *)"abc", 3, 128, sha512_fn, st);
    for (int i = 0; i < 8; i++) {
        CHECK_EQ("sha512(abc)", abc[i], st[i]);
    }
    memcpy(st, iv, sizeof st);
    md_hash(million_a(), 1000000, 128, sha512_fn, st);
    for (int i = 0; i < 8; i++) {
        CHECK_EQ("sha512(1M a)", mil[i], st[i]);
    }
}

/* ---------------- SM3 (GB/T 32905, with SM3SS1/TT1x/TT2x/PARTW1/PARTW2) ---------------- */

static uint32x4_t rev4(uint32x4_t v)
{
    v = vrev64q_u32(v);
    return vextq_u32(v, v, 2);
}

/* round J: state vectors abcd = {D,C,B,A} and efgh = {H,G,F,E}; lane I of wv / wpv holds
 * W[J] / W'[J] */
#define SM3_ROUND(J, I, TT1, TT2)                                                                  \
    do {                                                                                           \
        uint32_t tj = (J) < 16 ? 0x79cc4519u : 0x7a879d8au;                                        \
        tj = (J) % 32 ? tj << ((J) % 32) | tj >> (32 - (J) % 32) : tj;                             \
        uint32x4_t ss1 = vsm3ss1q_u32(abcd, efgh, vsetq_lane_u32(tj, vdupq_n_u32(0), 3));          \
        abcd = TT1(abcd, ss1, wpv, I);                                                             \
        efgh = TT2(efgh, ss1, wv, I);                                                              \
    } while (0)

static void sm3_block(uint32_t st[8], const uint8_t *p)
{
    uint32_t w[68], wprime[64];
    for (int i = 0; i < 16; i++) {
        vst1q_u32(&w[4 * (i / 4)], load_be32(p + 16 * (i / 4)));
    }
    for (int j = 16; j < 68; j += 4) {
        uint32x4_t t =
            vsm3partw1q_u32(vld1q_u32(&w[j - 16]), vld1q_u32(&w[j - 9]), vld1q_u32(&w[j - 4]));
        vst1q_u32(&w[j], vsm3partw2q_u32(t, vld1q_u32(&w[j - 6]), vld1q_u32(&w[j - 13])));
    }
    for (int j = 0; j < 64; j += 4) {
        vst1q_u32(&wprime[j], veorq_u32(vld1q_u32(&w[j]), vld1q_u32(&w[j + 4])));
    }
    uint32x4_t abcd0 = rev4(vld1q_u32(st)), efgh0 = rev4(vld1q_u32(st + 4));
    uint32x4_t abcd = abcd0, efgh = efgh0;
    for (int j = 0; j < 64; j += 4) {
        uint32x4_t wv = vld1q_u32(&w[j]), wpv = vld1q_u32(&wprime[j]);
        if (j < 16) {
            SM3_ROUND(j, 0, vsm3tt1aq_u32, vsm3tt2aq_u32);
            SM3_ROUND(j + 1, 1, vsm3tt1aq_u32, vsm3tt2aq_u32);
            SM3_ROUND(j + 2, 2, vsm3tt1aq_u32, vsm3tt2aq_u32);
            SM3_ROUND(j + 3, 3, vsm3tt1aq_u32, vsm3tt2aq_u32);
        } else {
            SM3_ROUND(j, 0, vsm3tt1bq_u32, vsm3tt2bq_u32);
            SM3_ROUND(j + 1, 1, vsm3tt1bq_u32, vsm3tt2bq_u32);
            SM3_ROUND(j + 2, 2, vsm3tt1bq_u32, vsm3tt2bq_u32);
            SM3_ROUND(j + 3, 3, vsm3tt1bq_u32, vsm3tt2bq_u32);
        }
    }
    vst1q_u32(st, rev4(veorq_u32(abcd, abcd0)));
    vst1q_u32(st + 4, rev4(veorq_u32(efgh, efgh0)));
}

static void sm3_fn(void *st, const uint8_t *p)
{
    sm3_block(st, p);
}

static void test_sm3(void)
{
    static const uint32_t iv[8] = {0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600,
                                   0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};
    static const uint32_t abc[8] = {0x66c7f0f4, 0x62eeedd9, 0xd1f2d46b, 0xdc10e4e2,
                                    0x4167c487, 0x5cf2f7a2, 0x297da02b, 0x8f4ba8e0};
    static const uint32_t mil[8] = {0xc8aaf894, 0x29554029, 0xe231941a, 0x2acc0ad6,
                                    0x1ff2a5ac, 0xd8fadd25, 0x847a3a73, 0x2b3b02c3};
    check_sha32("sm3", iv, 8, sm3_fn, abc, mil);
}

/* ---------------- SM4 (GB/T 32907) with SM4EKEY and SM4E ---------------- */

static void test_sm4(void)
{
    /* the standard's example: key = plaintext = 01 23 .. 10 */
    static const uint8_t key[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                    0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
    static const uint8_t ct[16] = {0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e,
                                   0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e, 0x42, 0x46};
    static const uint32_t fk[4] = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc};
    uint32_t ck[32];
    uint32x4_t rk[8];
    uint8_t out[16];

    for (int i = 0; i < 32; i++) { /* CK_i,j = (4i + j) * 7 mod 256 */
        ck[i] = 0;
        for (int j = 0; j < 4; j++) {
            ck[i] = ck[i] << 8 | (uint8_t)((4 * i + j) * 7);
        }
    }
    uint32x4_t k = veorq_u32(load_be32(key), vld1q_u32(fk));
    for (int i = 0; i < 8; i++) {
        k = rk[i] = vsm4ekeyq_u32(k, vld1q_u32(&ck[4 * i]));
    }
    CHECK_EQ("sm4 rk[0]", 0xf12186f9u, vgetq_lane_u32(rk[0], 0));
    CHECK_EQ("sm4 rk[31]", 0x9124a012u, vgetq_lane_u32(rk[7], 3));
    uint32x4_t x = load_be32(key);
    for (int i = 0; i < 8; i++) {
        x = vsm4eq_u32(x, rk[i]);
    }
    /* output (X35, X34, X33, X32), big-endian words */
    vst1q_u8(out, vrev32q_u8(vreinterpretq_u8_u32(rev4(x))));
    CHECK("sm4 encrypt (GB/T 32907 example 1)", memcmp(out, ct, 16) == 0);
}

/* ---------------- SHA-3 bitwise and PMULL against C ---------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t rol64(uint64_t x, int n)
{
    return n ? x << n | x >> (64 - n) : x;
}

#define XAR_CHECK(IMM)                                                                             \
    do {                                                                                           \
        uint64x2_t r = vxarq_u64(a, b, IMM);                                                       \
        CHECK_EQ("xar #" #IMM " lo", rol64(x[0] ^ y[0], (64 - (IMM)) % 64), vgetq_lane_u64(r, 0)); \
        CHECK_EQ("xar #" #IMM " hi", rol64(x[1] ^ y[1], (64 - (IMM)) % 64), vgetq_lane_u64(r, 1)); \
    } while (0)

static void test_sha3(void)
{
    for (int i = 0; i < 200; i++) {
        uint64_t x[2] = {rnd(), rnd()}, y[2] = {rnd(), rnd()}, z[2] = {rnd(), rnd()};
        uint64x2_t a = vld1q_u64(x), b = vld1q_u64(y), c = vld1q_u64(z);
        uint64x2_t r = vreinterpretq_u64_u8(
            veor3q_u8(vreinterpretq_u8_u64(a), vreinterpretq_u8_u64(b), vreinterpretq_u8_u64(c)));
        CHECK_EQ("eor3", x[0] ^ y[0] ^ z[0], vgetq_lane_u64(r, 0));
        CHECK_EQ("eor3", x[1] ^ y[1] ^ z[1], vgetq_lane_u64(r, 1));
        r = vreinterpretq_u64_u8(
            vbcaxq_u8(vreinterpretq_u8_u64(a), vreinterpretq_u8_u64(b), vreinterpretq_u8_u64(c)));
        CHECK_EQ("bcax", x[0] ^ (y[0] & ~z[0]), vgetq_lane_u64(r, 0));
        CHECK_EQ("bcax", x[1] ^ (y[1] & ~z[1]), vgetq_lane_u64(r, 1));
        r = vrax1q_u64(a, b);
        CHECK_EQ("rax1", x[0] ^ rol64(y[0], 1), vgetq_lane_u64(r, 0));
        CHECK_EQ("rax1", x[1] ^ rol64(y[1], 1), vgetq_lane_u64(r, 1));
        XAR_CHECK(0);
        XAR_CHECK(1);
        XAR_CHECK(17);
        XAR_CHECK(63);
    }
}

static void clmul_c(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (int i = 0; i < 64; i++) {
        if (b >> i & 1) {
            *lo ^= a << i;
            *hi ^= i ? a >> (64 - i) : 0;
        }
    }
}

static void test_pmull(void)
{
    for (int i = 0; i < 500; i++) {
        uint64_t x[2] = {rnd(), rnd()}, y[2] = {rnd(), rnd()}, lo, hi;
        if (i == 0) {
            x[0] = y[0] = ~0ull; /* all-ones squared */
        }
        poly128_t p = vmull_p64((poly64_t)x[0], (poly64_t)y[0]);
        clmul_c(x[0], y[0], &lo, &hi);
        CHECK_EQ("pmull lo", lo, (uint64_t)p);
        CHECK_EQ("pmull hi", hi, (uint64_t)(p >> 64));
        p = vmull_high_p64(vreinterpretq_p64_u64(vld1q_u64(x)),
                           vreinterpretq_p64_u64(vld1q_u64(y)));
        clmul_c(x[1], y[1], &lo, &hi);
        CHECK_EQ("pmull2 lo", lo, (uint64_t)p);
        CHECK_EQ("pmull2 hi", hi, (uint64_t)(p >> 64));
    }
}

/* ---------------- driver ---------------- */

static void group(const char *name, unsigned long hwcap, unsigned long bit, void (*test)(void),
                  void (*probe)(void))
{
    if (hwcap & bit) {
        test();
        printf("%s: checked\n", name);
    } else {
        CHECK(name, raises_sigill(probe));
        printf("%s: not advertised, SIGILL\n", name);
    }
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    uint64_t isar0;

    __asm__ volatile("mrs %0, ID_AA64ISAR0_EL1" : "=r"(isar0));
    CHECK_EQ("ISAR0.AES", (hw & HWCAP_PMULL_) ? 2 : (hw & HWCAP_AES_) ? 1 : 0, isar0 >> 4 & 0xf);
    CHECK_EQ("ISAR0.SHA1", (hw & HWCAP_SHA1_) ? 1 : 0, isar0 >> 8 & 0xf);
    CHECK_EQ("ISAR0.SHA2",
             (hw & HWCAP_SHA512_) ? 2
             : (hw & HWCAP_SHA2_) ? 1
                                  : 0,
             isar0 >> 12 & 0xf);
    CHECK_EQ("ISAR0.SHA3", (hw & HWCAP_SHA3_) ? 1 : 0, isar0 >> 32 & 0xf);
    CHECK_EQ("ISAR0.SM3", (hw & HWCAP_SM3_) ? 1 : 0, isar0 >> 36 & 0xf);
    CHECK_EQ("ISAR0.SM4", (hw & HWCAP_SM4_) ? 1 : 0, isar0 >> 40 & 0xf);

    group("aes", hw, HWCAP_AES_, test_aes, probe_aese);
    group("pmull", hw, HWCAP_PMULL_, test_pmull, probe_pmull);
    group("sha1", hw, HWCAP_SHA1_, test_sha1, probe_sha1);
    group("sha256", hw, HWCAP_SHA2_, test_sha256, probe_sha256);
    group("sha512", hw, HWCAP_SHA512_, test_sha512, probe_sha512);
    group("sha3", hw, HWCAP_SHA3_, test_sha3, probe_sha3);
    group("sm3", hw, HWCAP_SM3_, test_sm3, probe_sm3);
    group("sm4", hw, HWCAP_SM4_, test_sm4, probe_sm4);
    return finish("crypto");
}
