/*
 * strings.c - glibc's string/memory routines (which use SIMD, unaligned
 * loads and page-crossing tricks on arm64) against naive reference versions,
 * for every length 0..300 and every source/destination alignment 0..15:
 * memcpy memmove memset memcmp strlen strnlen strchr strrchr strcmp strncmp
 * strcpy memchr strstr.  Buffers sit at the end of a page followed by a
 * PROT_NONE page, so an over-read past the terminator would fault.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define MAXLEN 300
#define MAXALIGN 16

static int nfail_reported;

static void fail(const char *fn, int len, int align, int align2, long expected, long got)
{
    check_failures++;
    if (nfail_reported++ < 50) {
        printf("FAIL %s len=%d align=%d align2=%d: expected %ld got %ld\n", fn, len, align, align2,
               expected, got);
    }
}

static size_t ref_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int ref_memcmp_sign(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}
static int ref_strcmp_sign(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
        if (!a[i]) {
            return 0;
        }
    }
    return 0;
}
static int sign(long v) { return v < 0 ? -1 : v > 0; }

static size_t guarded_len;

static uint8_t *setup_guard(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t span = ((MAXLEN + 2 * MAXALIGN + 64 + pg - 1) / pg) * pg;
    uint8_t *m = mmap(NULL, span + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        return NULL;
    }
    mprotect(m + span, pg, PROT_NONE);
    guarded_len = span;
    return m;
}

static void pattern(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)((i * 131 + seed * 17 + 1) % 251 + 1); /* never 0 */
    }
}

static void test_mem(void)
{
    static uint8_t src[MAXLEN + 2 * MAXALIGN + 64], dst[MAXLEN + 2 * MAXALIGN + 64],
        ref[sizeof(dst)];
    for (int len = 0; len <= MAXLEN; len++) {
        for (int sa = 0; sa < MAXALIGN; sa++) {
            int da = (sa * 7 + len) % MAXALIGN;
            pattern(src, sizeof(src), (unsigned)len);
            memset(dst, 0xee, sizeof(dst));
            memcpy(ref, dst, sizeof(dst));
            for (int i = 0; i < len; i++) {
                ref[da + i] = src[sa + i];
            }
            void *r = memcpy(dst + da, src + sa, len);
            if (r != dst + da || memcmp(dst, ref, sizeof(dst)) != 0) {
                fail("memcpy", len, sa, da, 0, 1);
            }
            /* memset */
            memcpy(ref, dst, sizeof(dst));
            for (int i = 0; i < len; i++) {
                ref[da + i] = (uint8_t)(len + 3);
            }
            r = memset(dst + da, len + 3 + 256, len);
            if (r != dst + da || memcmp(dst, ref, sizeof(dst)) != 0) {
                fail("memset", len, da, 0, 0, 1);
            }
            /* memmove overlapping both ways within one buffer */
            for (int dir = 0; dir < 2; dir++) {
                pattern(dst, sizeof(dst), (unsigned)(len + dir));
                memcpy(ref, dst, sizeof(dst));
                int from = dir ? sa + 16 : sa, to = dir ? da : da + 16;
                uint8_t tmp[MAXLEN];
                for (int i = 0; i < len; i++) {
                    tmp[i] = ref[from + i];
                }
                for (int i = 0; i < len; i++) {
                    ref[to + i] = tmp[i];
                }
                memmove(dst + to, dst + from, len);
                if (memcmp(dst, ref, sizeof(dst)) != 0) {
                    fail(dir ? "memmove backward-overlap" : "memmove forward-overlap", len, from, to, 0, 1);
                }
            }
            /* memcmp: equal, then a difference at several positions */
            pattern(src, sizeof(src), 5);
            memcpy(dst + da, src + sa, len);
            if (memcmp(dst + da, src + sa, len) != 0) {
                fail("memcmp equal", len, sa, da, 0, 1);
            }
            for (int pos = 0; pos < len; pos += (len / 5) + 1) {
                uint8_t save = dst[da + pos];
                dst[da + pos] = (uint8_t)(save ^ 0x80);
                int e = ref_memcmp_sign(dst + da, src + sa, len);
                int g = sign(memcmp(dst + da, src + sa, len));
                if (e != g) {
                    fail("memcmp diff", len, sa, da, e, g);
                }
                dst[da + pos] = save;
            }
            /* memchr: find a byte placed at the end, and one not present */
            if (len > 0) {
                memset(dst, 1, sizeof(dst));
                dst[da + len - 1] = 0xab;
                void *g = memchr(dst + da, 0xab, len);
                if (g != dst + da + len - 1) {
                    fail("memchr", len, da, 0, len - 1, g ? (long)((uint8_t *)g - dst - da) : -1);
                }
                if (memchr(dst + da, 0xab, len - 1) != NULL) {
                    fail("memchr absent", len, da, 0, -1, 0);
                }
            }
        }
    }
}

static void test_str(uint8_t *g)
{
    uint8_t *end = g + guarded_len; /* first byte of the guard page */
    static char other[MAXLEN + 64];
    for (int len = 0; len <= MAXLEN; len++) {
        for (int a = 0; a < MAXALIGN; a++) {
            /* string ends exactly at the guard page when a == 0 */
            char *s = (char *)end - len - 1 - a;
            pattern((uint8_t *)s, len, (unsigned)a);
            s[len] = 0;
            memset(s + len + 1, 0x55, a);
            size_t e = ref_strlen(s);
            if (strlen(s) != (size_t)len || e != (size_t)len) {
                fail("strlen", len, a, 0, len, (long)strlen(s));
            }
            if (strnlen(s, len / 2) != (size_t)(len / 2)) {
                fail("strnlen short", len, a, 0, len / 2, (long)strnlen(s, len / 2));
            }
            if (strnlen(s, len + 100) != (size_t)len) {
                fail("strnlen long", len, a, 0, len, (long)strnlen(s, len + 100));
            }
            /* strchr/strrchr for a char in the middle, the terminator and a missing char */
            if (len > 0) {
                int mid = len / 2;
                char c = s[mid];
                char *ef = NULL, *er = NULL;
                for (int i = 0; i < len; i++) {
                    if (s[i] == c) {
                        if (!ef) {
                            ef = s + i;
                        }
                        er = s + i;
                    }
                }
                if (strchr(s, c) != ef) {
                    fail("strchr", len, a, 0, ef - s, strchr(s, c) ? strchr(s, c) - s : -1);
                }
                if (strrchr(s, c) != er) {
                    fail("strrchr", len, a, 0, er - s, strrchr(s, c) ? strrchr(s, c) - s : -1);
                }
            }
            if (strchr(s, 0) != s + len) {
                fail("strchr nul", len, a, 0, len, -1);
            }
            if (strchr(s, 0xff) != NULL || strrchr(s, 0xff) != NULL) {
                fail("strchr absent", len, a, 0, -1, 0);
            }
            /* strcpy into a differently aligned buffer, then strcmp/strncmp */
            int oa = (a * 5 + 3) % MAXALIGN;
            memset(other, 0x77, sizeof(other));
            char *d = other + oa;
            if (strcpy(d, s) != d || memcmp(d, s, len + 1) != 0 || d[len + 1] != 0x77) {
                fail("strcpy", len, a, oa, 0, 1);
            }
            if (strcmp(d, s) != 0 || strncmp(d, s, len + 5) != 0) {
                fail("strcmp equal", len, a, oa, 0, 1);
            }
            for (int pos = 0; pos < len; pos += len / 4 + 1) {
                char save = d[pos];
                d[pos] = (char)((uint8_t)save + 0x70 == 0 ? 1 : (uint8_t)save + 0x70);
                int ec = ref_strcmp_sign((uint8_t *)d, (uint8_t *)s, (size_t)len + 1);
                if (sign(strcmp(d, s)) != ec) {
                    fail("strcmp diff", len, a, pos, ec, sign(strcmp(d, s)));
                }
                int en = ref_strcmp_sign((uint8_t *)d, (uint8_t *)s, (size_t)pos);
                if (sign(strncmp(d, s, pos)) != en) {
                    fail("strncmp prefix", len, a, pos, en, sign(strncmp(d, s, pos)));
                }
                d[pos] = save;
            }
            if (len > 2) {
                char save = d[len - 1];
                d[len - 1] = 0; /* d is a proper prefix of s */
                if (sign(strcmp(d, s)) != -1 || sign(strcmp(s, d)) != 1) {
                    fail("strcmp prefix", len, a, oa, -1, sign(strcmp(d, s)));
                }
                d[len - 1] = save;
            }
            /* strstr: needle taken from the end of the haystack */
            if (len >= 4) {
                char needle[8];
                memcpy(needle, s + len - 4, 4);
                needle[4] = 0;
                char *ee = NULL;
                for (int i = 0; i + 4 <= len && !ee; i++) {
                    if (memcmp(s + i, needle, 4) == 0) {
                        ee = s + i;
                    }
                }
                if (strstr(s, needle) != ee) {
                    fail("strstr", len, a, 0, ee - s, strstr(s, needle) ? strstr(s, needle) - s : -1);
                }
                needle[0] = (char)0xfe;
                if (strstr(s, needle) != NULL) {
                    fail("strstr absent", len, a, 0, -1, 0);
                }
            }
            if (strstr(s, "") != s) {
                fail("strstr empty needle", len, a, 0, 0, -1);
            }
        }
    }
}

int main(void)
{
    uint8_t *g = setup_guard();
    if (!g) {
        printf("FAIL mmap\n");
        return 1;
    }
    test_mem();
    test_str(g);
    return finish("strings");
}
