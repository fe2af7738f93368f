/*
 * helper-crypto.c - portable C implementations of the A64 AES, SHA-1, SHA-256, SHA-512, SM3,
 * SM4 and 64-bit PMULL instructions, written from the Arm ARM pseudocode (AESSubBytes,
 * AESShiftRows, AESMixColumns and their inverses; SHA1C/P/M via SHAchoose/SHAparity/
 * SHAmajority; SHA256hash(); the SHA512H/H2/SU0/SU1 operations), and the choice between
 * them and the host-instruction versions of helper-crypto-x86.c (see helper-crypto.h).
 *
 * The AES state is the 16 bytes of the vector register in FIPS-197 order: byte i of the
 * register is state row i % 4, column i / 4.  The AES and SM4 S-boxes are computed once
 * from their algebraic definitions (inverses in GF(2^8) and affine maps) rather than typed
 * in.  Example: with v0 = 0 and v1 = 0, `aese v0.16b, v1.16b` gives 16 bytes of 0x63.
 */
#include "target/aarch64/helper-crypto.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static uint8_t aes_sbox[256], aes_inv_sbox[256], sm4_sbox[256];

static uint8_t rol8(uint8_t x, int n)
{
    return (uint8_t)(x << n | x >> (8 - n));
}

/* Multiply by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
static uint8_t xtime(uint8_t x)
{
    return (uint8_t)(x << 1 ^ ((x & 0x80) ? 0x1b : 0));
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = xtime(a);
        b >>= 1;
    }
    return r;
}

/* Multiplication in GF(2^8) modulo x^8 + x^7 + x^6 + x^5 + x^4 + x^2 + 1 (SM4's field). */
static uint8_t sm4_gf_mul(uint8_t a, uint8_t b)
{
    unsigned r = 0, x = a;
    for (; b; b >>= 1, x <<= 1) {
        if (x & 0x100) {
            x ^= 0x1f5;
        }
        if (b & 1) {
            r ^= x;
        }
    }
    return (uint8_t)r;
}

/* SM4's affine map: the circulant bit matrix with first row 11100101, plus 0xd3. */
static uint8_t sm4_affine(uint8_t x)
{
    uint8_t out = 0;
    for (int i = 0; i < 8; i++) {
        int v = 0;
        for (int j = 0; j < 8; j++) {
            v ^= (0xe5 >> (7 - (j - i + 8) % 8)) & (x >> j) & 1;
        }
        out |= (uint8_t)(v << i);
    }
    return out ^ 0xd3;
}

/* The SM4 S-box (GB/T 32907) from its algebraic structure, S(x) = A(I(A(x))) with I the
 * inverse x^254 in SM4's field; it reproduces the standard's table (tested through SM4E). */
static void sm4_table_init(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t a = sm4_affine((uint8_t)x), inv = 1;
        for (int k = 0; k < 254; k++) {
            inv = sm4_gf_mul(inv, a);
        }
        sm4_sbox[x] = sm4_affine(inv);
    }
}

static void crypto_tables_init(void)
{
    sm4_table_init();
    /* FIPS-197 5.1.1: S(b) = affine(b^-1), inverses from powers of the generator 3. */
    uint8_t exp[255], log[256] = {0};
    uint8_t p = 1;
    for (int i = 0; i < 255; i++) {
        exp[i] = p;
        log[p] = (uint8_t)i;
        p = (uint8_t)(p ^ xtime(p));
    }
    for (int b = 0; b < 256; b++) {
        uint8_t inv = b ? exp[(255 - log[b]) % 255] : 0;
        uint8_t s = inv ^ rol8(inv, 1) ^ rol8(inv, 2) ^ rol8(inv, 3) ^ rol8(inv, 4) ^ 0x63;
        aes_sbox[b] = s;
        aes_inv_sbox[s] = (uint8_t)b;
    }
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* ---------------- AES ---------------- */

static void aes_sub_shift(Vreg *r, const Vreg *x, const uint8_t *box, bool inverse)
{
    for (int c = 0; c < 4; c++) {
        for (int row = 0; row < 4; row++) {
            /* ShiftRows: row r of column c comes from column c + r; InvShiftRows: c - r */
            int from = inverse ? (c - row + 4) % 4 : (c + row) % 4;
            r->b[row + 4 * c] = box[x->b[row + 4 * from]];
        }
    }
}

static void aes_mix(Vreg *r, const Vreg *x, bool inverse)
{
    static const uint8_t fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
    const uint8_t *k = inverse ? inv : fwd;
    for (int c = 0; c < 4; c++) {
        const uint8_t *col = &x->b[4 * c];
        for (int row = 0; row < 4; row++) {
            r->b[4 * c + row] = gf_mul(col[row], k[0]) ^ gf_mul(col[(row + 1) % 4], k[1]) ^
                                gf_mul(col[(row + 2) % 4], k[2]) ^ gf_mul(col[(row + 3) % 4], k[3]);
        }
    }
}

/* The value forms (IrVecFn, the portable meaning of IR_VCRYPTO): d = op(a = Vd, b = Vn,
 * c = Vm); d may alias an input. */

/* AESE / AESD: AddRoundKey (Vd ^ Vn), then the (inverse) ShiftRows and SubBytes. */
static void vec_aes_round(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], bool decrypt)
{
    Vreg x, k, r;
    memcpy(&x, a, 16);
    memcpy(&k, b, 16);
    x.d[0] ^= k.d[0];
    x.d[1] ^= k.d[1];
    aes_sub_shift(&r, &x, decrypt ? aes_inv_sbox : aes_sbox, decrypt);
    memcpy(d, &r, 16);
}

static void vec_aese(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)c;
    vec_aes_round(d, a, b, false);
}

static void vec_aesd(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)c;
    vec_aes_round(d, a, b, true);
}

/* AESMC / AESIMC: (Inv)MixColumns of Vn. */
static void vec_aes_mix(uint8_t d[16], const uint8_t b[16], bool inverse)
{
    Vreg x, r;
    memcpy(&x, b, 16);
    aes_mix(&r, &x, inverse);
    memcpy(d, &r, 16);
}

static void vec_aesmc(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)a;
    (void)c;
    vec_aes_mix(d, b, false);
}

static void vec_aesimc(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)a;
    (void)c;
    vec_aes_mix(d, b, true);
}

/* The helper form of a value operation: Vd = fn(Vd, Vn, Vm). */
#define ON_VREGS(NAME, FN)                                                                         \
    static void NAME(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)                     \
    {                                                                                              \
        FN(env->vregs[rd].b, env->vregs[rd].b, env->vregs[rn].b, env->vregs[rm].b);                \
    }

ON_VREGS(c_aese, vec_aese)
ON_VREGS(c_aesd, vec_aesd)
ON_VREGS(c_aesmc, vec_aesmc)
ON_VREGS(c_aesimc, vec_aesimc)

/* ---------------- SHA-1 / SHA-256 ---------------- */

static uint32_t rol32(uint32_t x, int n)
{
    return x << n | x >> (32 - n);
}

static uint32_t ror32(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

enum { SHA1_CHOOSE, SHA1_PARITY, SHA1_MAJORITY };

/* SHA1C/SHA1P/SHA1M: four rounds on X = Vd (A in lane 0) and Y = Sn (E) with Vm = W + K. */
static void vec_sha1_rounds(uint8_t dst[16], const uint8_t a[16], const uint8_t b[16],
                            const uint8_t c[16], int fn)
{
    uint32_t x[4], y, w[4];
    memcpy(x, a, sizeof x);
    memcpy(&y, b, sizeof y);
    memcpy(w, c, sizeof w);
    for (int e = 0; e < 4; e++) {
        uint32_t xb = x[1], xc = x[2], xd = x[3], t;
        if (fn == SHA1_CHOOSE) {
            t = ((xc ^ xd) & xb) ^ xd;
        } else if (fn == SHA1_PARITY) {
            t = xb ^ xc ^ xd;
        } else {
            t = (xb & xc) | ((xb | xc) & xd);
        }
        y = y + rol32(x[0], 5) + t + w[e];
        x[1] = rol32(x[1], 30);
        /* <Y, X> = ROL(Y : X, 32) */
        uint32_t top = x[3];
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = y;
        y = top;
    }
    memcpy(dst, x, sizeof x);
}

static void vec_sha1c(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    vec_sha1_rounds(d, a, b, c, SHA1_CHOOSE);
}

static void vec_sha1p(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    vec_sha1_rounds(d, a, b, c, SHA1_PARITY);
}

static void vec_sha1m(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    vec_sha1_rounds(d, a, b, c, SHA1_MAJORITY);
}

/* SHA1H: ROL(Sn, 30) in lane 0, the rest zero. */
static void vec_sha1h(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)a;
    (void)c;
    uint32_t r[4] = {0}, n;
    memcpy(&n, b, sizeof n);
    r[0] = rol32(n, 30);
    memcpy(d, r, sizeof r);
}

static void vec_sha1su0(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                        const uint8_t c[16])
{
    uint64_t x[2], n[2], m[2], r[2];
    memcpy(x, a, 16);
    memcpy(n, b, 16);
    memcpy(m, c, 16);
    /* (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm */
    r[0] = x[1] ^ x[0] ^ m[0];
    r[1] = n[0] ^ x[1] ^ m[1];
    memcpy(d, r, 16);
}

static void vec_sha1su1(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                        const uint8_t c[16])
{
    (void)c;
    uint32_t x[4], n[4], r[4];
    memcpy(x, a, 16);
    memcpy(n, b, 16);
    /* T = Vd EOR LSR(Vn, 32) */
    uint32_t t[4] = {x[0] ^ n[1], x[1] ^ n[2], x[2] ^ n[3], x[3]};
    r[0] = rol32(t[0], 1);
    r[1] = rol32(t[1], 1);
    r[2] = rol32(t[2], 1);
    r[3] = rol32(t[3], 1) ^ rol32(t[0], 2);
    memcpy(d, r, 16);
}

ON_VREGS(c_sha1c, vec_sha1c)
ON_VREGS(c_sha1p, vec_sha1p)
ON_VREGS(c_sha1m, vec_sha1m)
ON_VREGS(c_sha1h, vec_sha1h)
ON_VREGS(c_sha1su0, vec_sha1su0)
ON_VREGS(c_sha1su1, vec_sha1su1)

/* SHA256hash(X = ABCD, Y = EFGH, W): four rounds; returns X (part1) or Y. */
static void sha256_hash(uint32_t x[4], uint32_t y[4], const uint32_t w[4])
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = (y[0] & y[1]) ^ (~y[0] & y[2]);
        uint32_t maj = (x[0] & x[1]) | ((x[0] | x[1]) & x[2]);
        uint32_t s1 = ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25);
        uint32_t s0 = ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22);
        uint32_t t = y[3] + s1 + chs + w[e];
        x[3] += t;
        y[3] = t + s0 + maj;
        /* <Y, X> = ROL(Y : X, 32) */
        uint32_t ytop = y[3], xtop = x[3];
        y[3] = y[2];
        y[2] = y[1];
        y[1] = y[0];
        y[0] = xtop;
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = ytop;
    }
}

/* SHA256H (part1: X = Vd, Y = Vn, result X) and SHA256H2 (X = Vn, Y = Vd, result Y). */
static void vec_sha256_hash(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                            const uint8_t c[16], bool part1)
{
    uint32_t x[4], y[4], w[4];
    memcpy(x, part1 ? a : b, sizeof x);
    memcpy(y, part1 ? b : a, sizeof y);
    memcpy(w, c, sizeof w);
    sha256_hash(x, y, w);
    memcpy(d, part1 ? x : y, sizeof x);
}

static void vec_sha256h(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                        const uint8_t c[16])
{
    vec_sha256_hash(d, a, b, c, true);
}

static void vec_sha256h2(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                         const uint8_t c[16])
{
    vec_sha256_hash(d, a, b, c, false);
}

static void vec_sha256su0(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                          const uint8_t c[16])
{
    (void)c;
    uint32_t x[4], n0, r[4];
    memcpy(x, a, sizeof x);
    memcpy(&n0, b, sizeof n0);
    /* T = Vn<31:0> : Vd<127:32> */
    const uint32_t t[4] = {x[1], x[2], x[3], n0};
    for (int e = 0; e < 4; e++) {
        r[e] = x[e] + (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3));
    }
    memcpy(d, r, sizeof r);
}

static uint32_t sha256_sigma1(uint32_t x)
{
    return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10);
}

static void vec_sha256su1(uint8_t d[16], const uint8_t a[16], const uint8_t b[16],
                          const uint8_t c[16])
{
    uint32_t x[4], n[4], m[4], r[4];
    memcpy(x, a, sizeof x);
    memcpy(n, b, sizeof n);
    memcpy(m, c, sizeof m);
    /* T0 = Vm<31:0> : Vn<127:32>; the upper two lanes use the lower two results */
    const uint32_t t0[4] = {n[1], n[2], n[3], m[0]};
    r[0] = sha256_sigma1(m[2]) + x[0] + t0[0];
    r[1] = sha256_sigma1(m[3]) + x[1] + t0[1];
    r[2] = sha256_sigma1(r[0]) + x[2] + t0[2];
    r[3] = sha256_sigma1(r[1]) + x[3] + t0[3];
    memcpy(d, r, sizeof r);
}

ON_VREGS(c_sha256h, vec_sha256h)
ON_VREGS(c_sha256h2, vec_sha256h2)
ON_VREGS(c_sha256su0, vec_sha256su0)
ON_VREGS(c_sha256su1, vec_sha256su1)

/* ---------------- SHA-512 ---------------- */

static uint64_t ror64(uint64_t x, int n)
{
    return x >> n | x << (64 - n);
}

static uint64_t sha512_sum1(uint64_t x)
{
    return ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41);
}

static uint64_t sha512_sum0(uint64_t x)
{
    return ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
}

/* SHA512H Qd, Qn, Vm.2D: X = Vn = {f, g}, Y = Vm = {d, e}, W = Vd (h + K + W of two rounds):
 * the T1 values of two rounds. */
static void c_sha512h(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    const Vreg x = env->vregs[rn], y = env->vregs[rm], w = env->vregs[rd];
    uint64_t hi = ((y.d[1] & x.d[0]) ^ (~y.d[1] & x.d[1])) + sha512_sum1(y.d[1]) + w.d[1];
    uint64_t tmp = hi + y.d[0];
    uint64_t lo = ((tmp & y.d[1]) ^ (~tmp & x.d[0])) + sha512_sum1(tmp) + w.d[0];
    env->vregs[rd].d[0] = lo;
    env->vregs[rd].d[1] = hi;
}

/* SHA512H2 Qd, Qn, Vm.2D: X = Vn = {c, d}, Y = Vm = {a, b}, W = Vd (the T1 values). */
static void c_sha512h2(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    const Vreg x = env->vregs[rn], y = env->vregs[rm], w = env->vregs[rd];
    uint64_t hi =
        ((x.d[0] & y.d[1]) ^ (x.d[0] & y.d[0]) ^ (y.d[1] & y.d[0])) + sha512_sum0(y.d[0]) + w.d[1];
    uint64_t lo = ((hi & y.d[0]) ^ (hi & y.d[1]) ^ (y.d[1] & y.d[0])) + sha512_sum0(hi) + w.d[0];
    env->vregs[rd].d[0] = lo;
    env->vregs[rd].d[1] = hi;
}

static uint64_t sha512_sigma0(uint64_t x)
{
    return ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7);
}

static uint64_t sha512_sigma1(uint64_t x)
{
    return ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6);
}

static void c_sha512su0(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    const Vreg w = env->vregs[rd], x = env->vregs[rn];
    env->vregs[rd].d[0] = w.d[0] + sha512_sigma0(w.d[1]);
    env->vregs[rd].d[1] = w.d[1] + sha512_sigma0(x.d[0]);
}

static void c_sha512su1(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    const Vreg w = env->vregs[rd], x = env->vregs[rn], y = env->vregs[rm];
    env->vregs[rd].d[1] = w.d[1] + sha512_sigma1(x.d[1]) + y.d[1];
    env->vregs[rd].d[0] = w.d[0] + sha512_sigma1(x.d[0]) + y.d[0];
}

/* ---------------- SM3 ---------------- */

static void c_sm3ss1(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    uint32_t ra = rm >> 5;
    rm &= 31;
    uint32_t v =
        rol32(rol32(env->vregs[rn].s[3], 12) + env->vregs[rm].s[3] + env->vregs[ra].s[3], 7);
    memset(&env->vregs[rd], 0, sizeof(Vreg));
    env->vregs[rd].s[3] = v;
}

/* SM3TT1A/1B (tt2 = false) and SM3TT2A/2B: one round on Vd = {D, C, B, A} (or {H, G, F, E})
 * with Vn<127:96> = SS1 and the message word Vm.S[i]; majority selects the B forms. */
static void sm3_tt(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t elem, bool tt2,
                   bool majority)
{
    const Vreg d = env->vregs[rd];
    uint32_t w = env->vregs[elem >> 2].s[elem & 3], f, t;
    if (!majority) {
        f = d.s[1] ^ d.s[3] ^ d.s[2];
    } else if (!tt2) {
        f = (d.s[3] & d.s[1]) | (d.s[3] & d.s[2]) | (d.s[1] & d.s[2]);
    } else {
        f = (d.s[3] & d.s[2]) | (~d.s[3] & d.s[1]);
    }
    if (!tt2) {
        uint32_t ss2 = env->vregs[rn].s[3] ^ rol32(d.s[3], 12);
        t = f + d.s[0] + ss2 + w;
    } else {
        t = f + d.s[0] + env->vregs[rn].s[3] + w;
        t = t ^ rol32(t, 9) ^ rol32(t, 17);
    }
    env->vregs[rd].s[0] = d.s[1];
    env->vregs[rd].s[1] = rol32(d.s[2], tt2 ? 19 : 9);
    env->vregs[rd].s[2] = d.s[3];
    env->vregs[rd].s[3] = t;
}

static void c_sm3tt1a(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    sm3_tt(env, rd, rn, rm, false, false);
}

static void c_sm3tt1b(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    sm3_tt(env, rd, rn, rm, false, true);
}

static void c_sm3tt2a(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    sm3_tt(env, rd, rn, rm, true, false);
}

static void c_sm3tt2b(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    sm3_tt(env, rd, rn, rm, true, true);
}

static uint32_t sm3_p1(uint32_t x)
{
    return x ^ rol32(x, 15) ^ rol32(x, 23);
}

static void c_sm3partw1(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    const Vreg d = env->vregs[rd], n = env->vregs[rn], m = env->vregs[rm];
    uint32_t r[4];
    for (int i = 0; i < 3; i++) {
        r[i] = sm3_p1(d.s[i] ^ n.s[i] ^ rol32(m.s[i + 1], 15));
    }
    r[3] = sm3_p1(d.s[3] ^ n.s[3] ^ rol32(r[0], 15));
    memcpy(env->vregs[rd].s, r, sizeof r);
}

static void c_sm3partw2(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    const Vreg d = env->vregs[rd], n = env->vregs[rn], m = env->vregs[rm];
    uint32_t tmp[4];
    for (int i = 0; i < 4; i++) {
        tmp[i] = n.s[i] ^ rol32(m.s[i], 7);
        env->vregs[rd].s[i] = d.s[i] ^ tmp[i];
    }
    env->vregs[rd].s[3] ^= sm3_p1(rol32(tmp[0], 15));
}

/* ---------------- SM4 ---------------- */

/* Four SM4 rounds on Vtmp = {X0, X1, X2, X3} with the words k[0..3] (round keys for SM4E,
 * CK constants for SM4EKEY, whose linear map is L' = rotations 13 and 23). */
static void sm4_rounds(CPUArchState *env, uint32_t rd, const Vreg *src, const uint32_t *k, bool key)
{
    uint32_t x[4];
    memcpy(x, src->s, sizeof x);
    for (int e = 0; e < 4; e++) {
        uint32_t t = x[3] ^ x[2] ^ x[1] ^ k[e], b = 0;
        for (int i = 0; i < 4; i++) {
            b |= (uint32_t)sm4_sbox[t >> (8 * i) & 0xff] << (8 * i);
        }
        if (key) {
            t = b ^ rol32(b, 13) ^ rol32(b, 23);
        } else {
            t = b ^ rol32(b, 2) ^ rol32(b, 10) ^ rol32(b, 18) ^ rol32(b, 24);
        }
        t ^= x[0];
        x[0] = x[1];
        x[1] = x[2];
        x[2] = x[3];
        x[3] = t;
    }
    memcpy(env->vregs[rd].s, x, sizeof x);
}

static void c_sm4e(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    (void)rm;
    const Vreg d = env->vregs[rd], n = env->vregs[rn];
    sm4_rounds(env, rd, &d, n.s, false);
}

static void c_sm4ekey(CPUArchState *env, uint32_t rd, uint32_t rn, uint32_t rm)
{
    const Vreg n = env->vregs[rn], m = env->vregs[rm];
    sm4_rounds(env, rd, &n, m.s, true);
}

/* ---------------- PMULL 64 x 64 ---------------- */

/* PMULL / PMULL2 (64-bit): the 128-bit carry-less product of doubleword h of Vn and Vm. */
static void vec_pmull_half(uint8_t d[16], const uint8_t b[16], const uint8_t c[16], int h)
{
    uint64_t n, m, r[2];
    memcpy(&n, b + 8 * h, 8);
    memcpy(&m, c + 8 * h, 8);
    r[0] = pmul64(n, m, &r[1]);
    memcpy(d, r, 16);
}

static void vec_pmull(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)a;
    vec_pmull_half(d, b, c, 0);
}

static void vec_pmull2(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16])
{
    (void)a;
    vec_pmull_half(d, b, c, 1);
}

ON_VREGS(c_pmull, vec_pmull)
ON_VREGS(c_pmull2, vec_pmull2)

/* ---------------- tables and the choice of implementation ---------------- */

static const struct {
    const char *name;
    CryptoFn *fn;
    IrVecFn *vec; /* the same on values, for IR_VCRYPTO (NULL: helper only) */
} c_ops[CRYPTO_NB_OPS] = {
    [CRYPTO_AESE] = {"aese", c_aese, vec_aese},
    [CRYPTO_AESD] = {"aesd", c_aesd, vec_aesd},
    [CRYPTO_AESMC] = {"aesmc", c_aesmc, vec_aesmc},
    [CRYPTO_AESIMC] = {"aesimc", c_aesimc, vec_aesimc},
    [CRYPTO_SHA1C] = {"sha1c", c_sha1c, vec_sha1c},
    [CRYPTO_SHA1P] = {"sha1p", c_sha1p, vec_sha1p},
    [CRYPTO_SHA1M] = {"sha1m", c_sha1m, vec_sha1m},
    [CRYPTO_SHA1H] = {"sha1h", c_sha1h, vec_sha1h},
    [CRYPTO_SHA1SU0] = {"sha1su0", c_sha1su0, vec_sha1su0},
    [CRYPTO_SHA1SU1] = {"sha1su1", c_sha1su1, vec_sha1su1},
    [CRYPTO_SHA256H] = {"sha256h", c_sha256h, vec_sha256h},
    [CRYPTO_SHA256H2] = {"sha256h2", c_sha256h2, vec_sha256h2},
    [CRYPTO_SHA256SU0] = {"sha256su0", c_sha256su0, vec_sha256su0},
    [CRYPTO_SHA256SU1] = {"sha256su1", c_sha256su1, vec_sha256su1},
    [CRYPTO_SHA512H] = {"sha512h", c_sha512h},
    [CRYPTO_SHA512H2] = {"sha512h2", c_sha512h2},
    [CRYPTO_SHA512SU0] = {"sha512su0", c_sha512su0},
    [CRYPTO_SHA512SU1] = {"sha512su1", c_sha512su1},
    [CRYPTO_PMULL] = {"pmull", c_pmull, vec_pmull},
    [CRYPTO_PMULL2] = {"pmull2", c_pmull2, vec_pmull2},
    [CRYPTO_SM3SS1] = {"sm3ss1", c_sm3ss1},
    [CRYPTO_SM3TT1A] = {"sm3tt1a", c_sm3tt1a},
    [CRYPTO_SM3TT1B] = {"sm3tt1b", c_sm3tt1b},
    [CRYPTO_SM3TT2A] = {"sm3tt2a", c_sm3tt2a},
    [CRYPTO_SM3TT2B] = {"sm3tt2b", c_sm3tt2b},
    [CRYPTO_SM3PARTW1] = {"sm3partw1", c_sm3partw1},
    [CRYPTO_SM3PARTW2] = {"sm3partw2", c_sm3partw2},
    [CRYPTO_SM4E] = {"sm4e", c_sm4e},
    [CRYPTO_SM4EKEY] = {"sm4ekey", c_sm4ekey},
};

/* They read and write env->vregs only: not the IR globals (X registers, pc, NZCV). */
#define CRYPTO_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_EXIT)

static IrHelper chosen[CRYPTO_NB_OPS];
static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

static void choose(void)
{
    const char *no_host = getenv("VEMU_NO_HOST_CRYPTO");
    bool allow_host = !no_host || !*no_host || strcmp(no_host, "0") == 0;

    pthread_once(&tables_once, crypto_tables_init);
    for (int op = 0; op < CRYPTO_NB_OPS; op++) {
        CryptoFn *fn = allow_host ? crypto_host_fn((CryptoOp)op) : NULL;
        chosen[op] = (IrHelper){.name = c_ops[op].name,
                                .func = (void *)(fn ? fn : c_ops[op].fn),
                                .ret = IR_VOID,
                                .nargs = 4,
                                .args = {IR_I64, IR_I32, IR_I32, IR_I32},
                                .flags = CRYPTO_CALL_FLAGS};
    }
}

CryptoFn *crypto_c_fn(CryptoOp op)
{
    pthread_once(&tables_once, crypto_tables_init);
    return c_ops[op].fn;
}

IrHelper *crypto_helper(CryptoOp op)
{
    pthread_once(&chosen_once, choose);
    return &chosen[op];
}

IrVecFn *crypto_vec_fn(CryptoOp op)
{
    pthread_once(&tables_once, crypto_tables_init); /* the AES S-boxes */
    return c_ops[op].vec;
}

bool crypto_uses_host(CryptoOp op)
{
    return crypto_helper(op)->func != (void *)c_ops[op].fn;
}

const char *crypto_op_name(CryptoOp op)
{
    return c_ops[op].name;
}
