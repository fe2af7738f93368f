/*
 * helper-crypto-x86.c - the A64 crypto helpers on x86-64 host instructions: AES-NI for
 * AESE/AESD/AESMC/AESIMC, SHA-NI for SHA1C/P/M and SHA256H/H2/SU0/SU1, PCLMULQDQ for
 * PMULL/PMULL2 (64-bit).  Each function is compiled with the target attribute it needs and
 * is only handed out by crypto_host_fn() when cpuid says the host has the instructions;
 * the others (SHA1H/SU0/SU1, SHA-512) stay on the portable C of helper-crypto.c.  On other
 * hosts crypto_host_fn() returns NULL.  tests/unit/test-crypto.c checks every function
 * here against the C version on random inputs.
 *
 * The mappings (Arm ARM pseudocode vs the Intel SDM):
 *   AESE(d, k)  = ShiftRows+SubBytes(d ^ k)      = aesenclast(d ^ k, 0)
 *   AESD(d, k)  = InvShiftRows+InvSubBytes(d ^ k) = aesdeclast(d ^ k, 0)
 *   AESMC(x)    = MixColumns(x) = aesenc(aesdeclast(x, 0), 0)  (the inverse byte steps of
 *                 aesdeclast cancel the forward ones of aesenc, leaving MixColumns)
 *   AESIMC(x)   = aesimc(x)
 *   SHA256H/H2: Arm keeps {A,B,C,D} and {E,F,G,H} in lanes 0..3; sha256rnds2 wants
 *     ABEF = {F,E,B,A} and CDGH = {H,G,D,C} (lane 0 first) and does two rounds with
 *     W+K in lanes 0 and 1 of xmm0; two calls give Arm's four rounds.
 *   SHA256SU0 = sha256msg1(d, n); SHA256SU1 = sha256msg2(d + (m:n >> 32 bits), m).
 *   SHA1C/P/M: sha1rnds4 keeps A in lane 3 and adds K itself (imm 0..3 picks f and K), and
 *     wants E added to the first W; Arm's W already holds W+K, so the helper passes
 *     W - K + {E, 0, 0, 0} with lanes reversed (all arithmetic is modulo 2^32).
 *   PMULL/PMULL2 = pclmulqdq(n, m, 0x00 / 0x11).
 * Example: crypto_host_fn(CRYPTO_AESE) on a host with AES-NI -> x86_aese.
 */
#include "target/aarch64/helper-crypto.h"

#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__)

#include <immintrin.h>

#define AES_FN __attribute__((target("aes,sse4.1")))
#define SHA_FN __attribute__((target("sha,sse4.1")))
#define CLMUL_FN __attribute__((target("pclmul,sse4.1")))

static inline __m128i vload(CPUArchState *env, uint32_t r)
{
    return _mm_load_si128((const __m128i *)&env->vregs[r]);
}

static inline void vstore(CPUArchState *env, uint32_t r, __m128i v)
{
    _mm_store_si128((__m128i *)&env->vregs[r], v);
}

AES_FN static void x86_aese(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    __m128i x = _mm_xor_si128(vload(env, rd), vload(env, rn));
    vstore(env, rd, _mm_aesenclast_si128(x, _mm_setzero_si128()));
}

AES_FN static void x86_aesd(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    __m128i x = _mm_xor_si128(vload(env, rd), vload(env, rn));
    vstore(env, rd, _mm_aesdeclast_si128(x, _mm_setzero_si128()));
}

AES_FN static void x86_aesmc(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    __m128i z = _mm_setzero_si128();
    vstore(env, rd, _mm_aesenc_si128(_mm_aesdeclast_si128(vload(env, rn), z), z));
}

AES_FN static void x86_aesimc(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    vstore(env, rd, _mm_aesimc_si128(vload(env, rn)));
}

/* SHA1C/P/M through sha1rnds4 with function/constant selector fn (0 choose, 1 parity,
 * 2 majority); k is the constant sha1rnds4 adds for that selector. */
#define SHA1_RNDS4(NAME, FN, K)                                                                    \
    SHA_FN static void NAME(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)              \
    {                                                                                              \
        __m128i abcd = _mm_shuffle_epi32(vload(env, rd), 0x1b);                                    \
        __m128i e = _mm_cvtsi32_si128((int)env->vregs[rn].s[0]);                                   \
        __m128i w = _mm_add_epi32(_mm_sub_epi32(vload(env, rm), _mm_set1_epi32((int)(K))), e);     \
        __m128i r = _mm_sha1rnds4_epu32(abcd, _mm_shuffle_epi32(w, 0x1b), FN);                     \
        vstore(env, rd, _mm_shuffle_epi32(r, 0x1b));                                               \
    }

SHA1_RNDS4(x86_sha1c, 0, 0x5a827999u)
SHA1_RNDS4(x86_sha1p, 1, 0x6ed9eba1u)
SHA1_RNDS4(x86_sha1m, 2, 0x8f1bbcdcu)

/* Four SHA-256 rounds on Arm-layout abcd/efgh with wk = W + K; results in Arm layout. */
SHA_FN static inline void sha256_4rounds(__m128i *abcd, __m128i *efgh, __m128i wk)
{
    __m128i abef = _mm_shuffle_epi32(_mm_unpacklo_epi64(*efgh, *abcd), 0xb1);
    __m128i cdgh = _mm_shuffle_epi32(_mm_unpackhi_epi64(*efgh, *abcd), 0xb1);
    __m128i abef1 = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    __m128i abef2 = _mm_sha256rnds2_epu32(abef, abef1, _mm_shuffle_epi32(wk, 0x0e));
    /* after two more rounds the old ABEF is the new CDGH */
    __m128i x = _mm_shuffle_epi32(abef2, 0xb1); /* {E,F,A,B} */
    __m128i y = _mm_shuffle_epi32(abef1, 0xb1); /* {G,H,C,D} */
    *abcd = _mm_unpackhi_epi64(x, y);
    *efgh = _mm_unpacklo_epi64(x, y);
}

SHA_FN static void x86_sha256h(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    __m128i abcd = vload(env, rd), efgh = vload(env, rn);
    sha256_4rounds(&abcd, &efgh, vload(env, rm));
    vstore(env, rd, abcd);
}

SHA_FN static void x86_sha256h2(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    __m128i abcd = vload(env, rn), efgh = vload(env, rd);
    sha256_4rounds(&abcd, &efgh, vload(env, rm));
    vstore(env, rd, efgh);
}

SHA_FN static void x86_sha256su0(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    vstore(env, rd, _mm_sha256msg1_epu32(vload(env, rd), vload(env, rn)));
}

SHA_FN static void x86_sha256su1(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    __m128i m = vload(env, rm);
    __m128i t0 = _mm_alignr_epi8(m, vload(env, rn), 4); /* Vm<31:0> : Vn<127:32> */
    vstore(env, rd, _mm_sha256msg2_epu32(_mm_add_epi32(vload(env, rd), t0), m));
}

CLMUL_FN static void x86_pmull(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    vstore(env, rd, _mm_clmulepi64_si128(vload(env, rn), vload(env, rm), 0x00));
}

CLMUL_FN static void x86_pmull2(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    vstore(env, rd, _mm_clmulepi64_si128(vload(env, rn), vload(env, rm), 0x11));
}

CryptoFn *crypto_host_fn(CryptoOp op)
{
    __builtin_cpu_init();
    bool sse41 = __builtin_cpu_supports("sse4.1");
    bool aes = sse41 && __builtin_cpu_supports("aes");
    bool sha = sse41 && __builtin_cpu_supports("sha");
    bool clmul = sse41 && __builtin_cpu_supports("pclmul");

    switch (op) {
    case CRYPTO_AESE:
        return aes ? x86_aese : NULL;
    case CRYPTO_AESD:
        return aes ? x86_aesd : NULL;
    case CRYPTO_AESMC:
        return aes ? x86_aesmc : NULL;
    case CRYPTO_AESIMC:
        return aes ? x86_aesimc : NULL;
    case CRYPTO_SHA1C:
        return sha ? x86_sha1c : NULL;
    case CRYPTO_SHA1P:
        return sha ? x86_sha1p : NULL;
    case CRYPTO_SHA1M:
        return sha ? x86_sha1m : NULL;
    case CRYPTO_SHA256H:
        return sha ? x86_sha256h : NULL;
    case CRYPTO_SHA256H2:
        return sha ? x86_sha256h2 : NULL;
    case CRYPTO_SHA256SU0:
        return sha ? x86_sha256su0 : NULL;
    case CRYPTO_SHA256SU1:
        return sha ? x86_sha256su1 : NULL;
    case CRYPTO_PMULL:
        return clmul ? x86_pmull : NULL;
    case CRYPTO_PMULL2:
        return clmul ? x86_pmull2 : NULL;
    default:
        return NULL;
    }
}

#else

CryptoFn *crypto_host_fn(CryptoOp op)
{
    (void)op;
    return NULL;
}

#endif
