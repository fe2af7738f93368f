/*
 * sha256.c - SHA-256 (FIPS 180-4, written from the standard) over a 1 MiB
 * deterministic buffer: a long run of ordinary integer code (rotates, adds,
 * loads/stores, loops) whose result is one digest.
 *
 * The buffer is the top byte of a 64-bit LCG (x = x*6364136223846793005 +
 * 1442695040888963407, x0 = 1), one byte per step.  The expected digests
 * were computed on the host with:
 *   python3 -c "import sys; x=1; M=2**64-1; b=bytearray()
 *   for i in range(1<<20): x=(x*6364136223846793005+1442695040888963407)&M; b.append(x>>56)
 *   sys.stdout.buffer.write(b)" | sha256sum
 * (and the same for the prefixes listed in prefix_cases, via head -c N).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sha256-k.h"

typedef struct {
    uint32_t h[8];
    uint64_t len;
    uint8_t block[64];
    size_t fill;
} Sha256;

static uint32_t ror(uint32_t x, int n) { return x >> n | x << (32 - n); }

static void compress(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) +
                      sha256_k[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

static void sha_init(Sha256 *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof(iv));
    s->len = 0;
    s->fill = 0;
}

static void sha_update(Sha256 *s, const uint8_t *p, size_t n)
{
    s->len += n;
    while (n > 0) {
        if (s->fill == 0 && n >= 64) {
            compress(s->h, p);
            p += 64;
            n -= 64;
            continue;
        }
        size_t take = 64 - s->fill < n ? 64 - s->fill : n;
        memcpy(s->block + s->fill, p, take);
        s->fill += take;
        p += take;
        n -= take;
        if (s->fill == 64) {
            compress(s->h, s->block);
            s->fill = 0;
        }
    }
}

static void sha_final(Sha256 *s, char hex[65])
{
    uint64_t bits = s->len * 8;
    uint8_t pad = 0x80, zero = 0, lenbuf[8];
    sha_update(s, &pad, 1);
    while (s->fill != 56) {
        sha_update(s, &zero, 1);
    }
    for (int i = 0; i < 8; i++) {
        lenbuf[i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    sha_update(s, lenbuf, 8);
    for (int i = 0; i < 8; i++) {
        snprintf(hex + 8 * i, 9, "%08x", s->h[i]);
    }
}

static void digest(const uint8_t *p, size_t n, size_t chunk, char hex[65])
{
    Sha256 s;
    sha_init(&s);
    for (size_t off = 0; off < n; off += chunk) {
        sha_update(&s, p + off, n - off < chunk ? n - off : chunk);
    }
    sha_final(&s, hex);
}

static void check_digest(const char *what, const char *expected, const char *got)
{
    if (strcmp(expected, got) != 0) {
        printf("FAIL %s: expected %s got %s\n", what, expected, got);
        check_failures++;
    }
}

int main(void)
{
    enum { N = 1 << 20 };
    uint8_t *buf = malloc(N);
    if (!buf) {
        printf("FAIL malloc\n");
        return 1;
    }
    uint64_t x = 1;
    for (size_t i = 0; i < N; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        buf[i] = (uint8_t)(x >> 56);
    }
    char hex[65];
    digest((const uint8_t *)"abc", 3, 64, hex);
    check_digest("sha256(\"abc\") (FIPS 180-4 example)",
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex);

    static const struct {
        size_t len;
        const char *hex;
    } prefix_cases[] = {
        { 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { 3, "cbd25e1ae13fef2c54babad93e6ce0e6388583640273786edc37fc11ddcc5338" },
        { 55, "2e3dfdb538bd25441d2d8a100c9929eecaa3016836b31222a2bb95bdac299757" },
        { 56, "8071c7e2501bca0d71260d87591c11c5f4c30f19a81b2ad21bc867618af152cd" },
        { 63, "c294459d22768097f4942f57309470e00a91e1a7b715e4f81f15773352063a69" },
        { 64, "b184ae31e4ce76997b24a5a5c5ac7c9fe1a511d8710d6ca8391158f2c587433f" },
        { 1000, "b8d77f2d825b2355d85a24ab8113730a7c8dcdda8c829270e1b648b617a3b88a" },
    };
    char what[64];
    for (size_t i = 0; i < sizeof(prefix_cases) / sizeof(prefix_cases[0]); i++) {
        digest(buf, prefix_cases[i].len, 7, hex);
        snprintf(what, sizeof(what), "sha256 of the first %zu bytes", prefix_cases[i].len);
        check_digest(what, prefix_cases[i].hex, hex);
    }

    static const char full[] = "bd2cbebd6861d7beee9bb0cc3c123b6482bf58852ef9b9c34aa86650aa32d88b";
    digest(buf, N, N, hex);
    printf("sha256(1 MiB LCG) = %s\n", hex);
    check_digest("sha256 of 1 MiB in one update", full, hex);
    digest(buf, N, 4093, hex);
    check_digest("sha256 of 1 MiB in 4093-byte updates", full, hex);
    free(buf);
    return finish("sha256");
}
