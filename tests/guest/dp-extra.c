/*
 * dp-extra.c - wide differential coverage of the A64 integer data-processing, branch and
 * EL0 system instructions, freestanding (no libc, built with -nostdlib
 * -mgeneral-regs-only) so it runs before any FP/SIMD support exists.
 *
 * Every T("insn") below is run on 256 (x1, x2, x3, NZCV) input tuples: x0 starts equal to
 * x3, the instruction (or short sequence) leaves its result in x0, and x0 plus the NZCV
 * that follows are folded into one FNV-1a hash per instruction.  The expected hashes
 * were recorded under qemu-aarch64 (Debian 12, the project's oracle) with
 * `dp-extra hashes`; `dp-extra dump` prints every individual result for diffing.
 * Hand-written checks cover SP forms, DC ZVA, the counter and the SIGILL/SIGTRAP cases.
 * Example: T("adds w0, w1, w2") -> on failure "FAIL adds w0, w1, w2: hash ..." and the
 * last line is "FAIL dp-extra", else "PASS dp-extra".
 */
#include <stddef.h>
#include <stdint.h>

#include "raw-syscall.h"

/* ---- minimal runtime ------------------------------------------------------------- */

void *memset(void *d, int c, size_t n);
void *memset(void *d, int c, size_t n)
{
    volatile unsigned char *p = d;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n);
void *memcpy(void *d, const void *s, size_t n)
{
    volatile unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static int seq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static char obuf[4096];
static size_t opos;

static void flush(void)
{
    sys3(64, 1, (long)obuf, (long)opos);
    opos = 0;
}

static void puts_(const char *s)
{
    size_t n = slen(s);
    if (opos + n >= sizeof(obuf)) {
        flush();
    }
    memcpy(obuf + opos, s, n);
    opos += n;
}

static void puthex(uint64_t v)
{
    char b[19];
    b[0] = '0';
    b[1] = 'x';
    for (int i = 0; i < 16; i++) {
        b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    }
    b[18] = 0;
    puts_(b);
}

/* ---- the table-driven tests ---------------------------------------------------------- */

typedef struct Test {
    const char *insn;
    void (*fn)(uint64_t *io);
} Test;

/* io[0..2] = x1, x2, x3; io[3] = NZCV in; io[4] = x0 out; io[5] = NZCV out */
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define T(INSN)                                                                                    \
    static void CAT(t_, __LINE__)(uint64_t * io)                                                   \
    {                                                                                              \
        __asm__ volatile("ldp x1, x2, [%0]\n\t"                                                    \
                         "ldp x3, x4, [%0, #16]\n\t"                                               \
                         "mov x0, x3\n\t"                                                          \
                         "msr nzcv, x4\n\t" INSN "\n\t"                                            \
                         "mrs x4, nzcv\n\t"                                                        \
                         "stp x0, x4, [%0, #32]\n\t"                                               \
                         :                                                                         \
                         : "r"(io)                                                                 \
                         : "x0", "x1", "x2", "x3", "x4", "memory", "cc");                          \
    }                                                                                              \
    static const Test CAT(d_, __LINE__)                                                            \
        __attribute__((used, section("dptests"), aligned(16))) = {INSN, CAT(t_, __LINE__)};

/* add/sub immediate */
T("add x0, x1, #0x123")
T("add w0, w1, #0xfff, lsl #12")
T("adds x0, x1, #1")
T("adds w0, w1, #1")
T("subs x0, x1, #0x7ff, lsl #12")
T("subs w0, w1, #4")
T("sub w0, w1, #1")
T("cmp x1, #0")
T("cmn w1, #1")
/* logical immediate */
T("and x0, x1, #0xff00ff00ff00ff00")
T("and w0, w1, #0x7ffffffe")
T("orr x0, x1, #0x5555555555555555")
T("orr w0, wzr, #0x0f0f0f0f")
T("eor x0, x1, #0xfffffffffffffff0")
T("eor w0, w1, #0x80000001")
T("ands x0, x1, #0x8000000000000000")
T("ands w0, w1, #0xc0000000")
T("tst w1, #1")
T("orr x0, x1, #0x3ffffffc0")
/* move wide */
T("movz x0, #0x1234, lsl #48")
T("movn x0, #0x1234, lsl #16")
T("movn w0, #0x1234, lsl #16")
T("movk x0, #0xbeef, lsl #32")
T("movk w0, #0xbeef, lsl #16")
/* bitfield and extract */
T("sbfm x0, x1, #3, #17")
T("sbfm w0, w1, #17, #3")
T("sbfm x0, x1, #60, #2")
T("asr w0, w1, #31")
T("asr x0, x1, #63")
T("sxtb x0, w1")
T("sxth w0, w1")
T("sxtw x0, w1")
T("ubfm x0, x1, #3, #17")
T("ubfm w0, w1, #17, #3")
T("lsr w0, w1, #1")
T("lsl w0, w1, #31")
T("lsl x0, x1, #1")
T("uxtb w0, w1")
T("uxth w0, w1")
T("ubfiz x0, x1, #40, #20")
T("bfm x0, x1, #3, #17")
T("bfm w0, w1, #17, #3")
T("bfi x0, x1, #8, #56")
T("bfxil w0, w1, #4, #28")
T("extr x0, x1, x2, #7")
T("extr w0, w1, w2, #31")
T("extr x0, x1, x2, #0")
T("ror w0, w1, #5")
T("ror x0, x1, #63")
/* logical shifted register */
T("and x0, x1, x2, lsl #3")
T("and w0, w1, w2, ror #31")
T("bic x0, x1, x2, asr #63")
T("bic w0, w1, w2, lsr #1")
T("orr x0, x1, x2, ror #17")
T("orn w0, w1, w2, asr #7")
T("eor x0, x1, x2, lsr #63")
T("eon w0, w1, w2, lsl #31")
T("ands x0, x1, x2")
T("ands w0, w1, w2, asr #31")
T("bics x0, x1, x2, ror #1")
T("bics w0, w1, w2")
T("mov w0, w1")
T("mvn x0, x1")
/* add/sub shifted and extended register */
T("add x0, x1, x2, lsl #63")
T("add w0, w1, w2, asr #31")
T("adds x0, x1, x2")
T("adds w0, w1, w2")
T("adds x0, x1, x2, lsr #3")
T("subs x0, x1, x2")
T("subs w0, w1, w2")
T("subs w0, w1, w2, lsl #17")
T("sub x0, x1, x2, asr #9")
T("neg w0, w1")
T("negs x0, x1")
T("cmp w1, w2")
T("cmn x1, x2")
T("add x0, x1, w2, uxtb #1")
T("add x0, x1, w2, sxtb #4")
T("add w0, w1, w2, uxth")
T("add x0, x1, w2, sxth #2")
T("add x0, x1, w2, uxtw #3")
T("add x0, x1, w2, sxtw")
T("add x0, x1, x2, sxtx #1")
T("adds w0, w1, w2, sxtb")
T("subs x0, x1, w2, sxtw #2")
T("sub w0, w1, w2, uxtb #4")
T("cmp x1, w2, uxtw")
/* with carry */
T("adc x0, x1, x2")
T("adc w0, w1, w2")
T("adcs x0, x1, x2")
T("adcs w0, w1, w2")
T("sbc x0, x1, x2")
T("sbc w0, w1, w2")
T("sbcs x0, x1, x2")
T("sbcs w0, w1, w2")
T("ngcs w0, w2")
/* flag manipulation (FEAT_FlagM) */
T("cfinv")
T("rmif x1, #3, #0xf")
T("rmif x1, #63, #0x5")
T("rmif x1, #17, #0xa")
T("setf8 w1")
T("setf16 w1")
/* conditional compare */
T("ccmp x1, x2, #0x5, eq")
T("ccmp w1, w2, #0xa, ne")
T("ccmp x1, #31, #0xf, hi")
T("ccmp w1, #0, #0x0, lt")
T("ccmn x1, x2, #0x2, ge")
T("ccmn w1, #7, #0x8, vs")
T("ccmp x1, x2, #0x3, al")
/* conditional select */
T("csel x0, x1, x2, eq")
T("csel w0, w1, w2, hi")
T("csinc x0, x1, x2, cs")
T("csinc w0, w1, w2, le")
T("csinv x0, x1, x2, mi")
T("csinv w0, w1, w2, gt")
T("csneg x0, x1, x2, vc")
T("csneg w0, w1, w2, ls")
T("cset w0, ge")
T("csetm x0, lt")
T("cinc x0, x1, pl")
T("csel x0, x1, x2, nv")
/* 1 source */
T("rbit x0, x1")
T("rbit w0, w1")
T("rev16 x0, x1")
T("rev16 w0, w1")
T("rev32 x0, x1")
T("rev w0, w1")
T("rev x0, x1")
T("clz x0, x1")
T("clz w0, w1")
T("cls x0, x1")
T("cls w0, w1")
/* 2 source */
T("udiv x0, x1, x2")
T("udiv w0, w1, w2")
T("sdiv x0, x1, x2")
T("sdiv w0, w1, w2")
T("lslv x0, x1, x2")
T("lslv w0, w1, w2")
T("lsrv x0, x1, x2")
T("lsrv w0, w1, w2")
T("asrv x0, x1, x2")
T("asrv w0, w1, w2")
T("rorv x0, x1, x2")
T("rorv w0, w1, w2")
T(".inst 0x9ac24c20 /* crc32x w0, w1, x2 */")
T(".inst 0x1ac24820 /* crc32w w0, w1, w2 */")
T(".inst 0x1ac24420 /* crc32h w0, w1, w2 */")
T(".inst 0x1ac24020 /* crc32b w0, w1, w2 */")
T(".inst 0x9ac25c20 /* crc32cx w0, w1, x2 */")
T(".inst 0x1ac25020 /* crc32cb w0, w1, w2 */")
/* 3 source */
T("madd x0, x1, x2, x3")
T("madd w0, w1, w2, w3")
T("msub x0, x1, x2, x3")
T("msub w0, w1, w2, w3")
T("mul w0, w1, w2")
T("mneg x0, x1, x2")
T("smaddl x0, w1, w2, x3")
T("smsubl x0, w1, w2, x3")
T("umaddl x0, w1, w2, x3")
T("umsubl x0, w1, w2, x3")
T("smulh x0, x1, x2")
T("umulh x0, x1, x2")
T("umull x0, w1, w2")
/* PC-relative */
T("adr x0, .\n\tadr x1, . + 0x1234\n\tsub x0, x1, x0")
T("adrp x0, .\n\tadr x1, .\n\tsub x0, x1, x0\n\tlsr x0, x0, #12")
/* branches: x0 = 1 if taken */
T("b.eq 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.ne 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.cs 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.cc 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.mi 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.pl 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.vs 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.vc 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.hi 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.ls 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.ge 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.lt 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.gt 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.le 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.al 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("b.nv 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("cbz x1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("cbz w1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("cbnz x1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("cbnz w1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("tbz x1, #63, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("tbz w1, #0, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("tbnz x1, #32, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("tbnz w1, #31, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:")
T("mov x4, x30\n\tbl 1f\n1:\tadr x0, 1b\n\tsub x0, x30, x0\n\tmov x30, x4")
T("mov x4, x30\n\tadr x1, 1f\n\tblr x1\n1:\tsub x0, x30, x1\n\tmov x30, x4")
T("adr x1, 1f\n\tbr x1\n\tmov x0, #7\n1:\tadd x0, x0, #1")
T("mov x4, x30\n\tadr x30, 1f\n\tret\n\tmov x0, #7\n1:\tadd x0, x0, #2\n\tmov x30, x4")
T("mov x4, x30\n\tadr x2, 1f\n\tret x2\n\tmov x0, #7\n1:\tadd x0, x0, #3\n\tmov x30, x4")
/* system registers and hints */
T("msr nzcv, x1\n\tmrs x0, nzcv")
T("mrs x4, tpidr_el0\n\tmsr tpidr_el0, x1\n\tmrs x0, tpidr_el0\n\tmsr tpidr_el0, x4")
T("mrs x4, fpcr\n\tand x1, x1, #0x07c00000\n\tmsr fpcr, x1\n\tmrs x0, fpcr\n\tmsr fpcr, x4")
T("mrs x4, fpsr\n\tand x1, x1, #0x1f\n\tmsr fpsr, x1\n\tmrs x0, fpsr\n\tmsr fpsr, x4")
T("nop\n\tyield\n\tsevl\n\thint #34\n\tpaciasp\n\tautiasp\n\txpaclri\n\tbti c\n\tadd x0, x1, #1")
T("dmb ish\n\tdmb ishld\n\tdmb ishst\n\tdsb sy\n\tisb\n\tclrex\n\tssbb\n\tadd x0, x1, x2")
T("sb\n\tmov x0, x1")

/* ---- the values and the driver -------------------------------------------------------- */

static const uint64_t vals[16] = {
    0,
    1,
    2,
    0x7f,
    0x80,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xffffffffffffffffull,
    0xfffffffffffffffeull,
    0x123456789abcdef0ull,
    0x00000000ffff8001ull,
    0x8000000080000000ull,
};

extern const Test __start_dptests[], __stop_dptests[];

static uint64_t run_test(const Test *t, int dump)
{
    uint64_t h = 0xcbf29ce484222325ull;
    uint64_t io[6];

    for (int i = 0; i < 16; i++) {
        for (int j = 0; j < 16; j++) {
            io[0] = vals[i];
            io[1] = vals[j];
            io[2] = vals[(i * 3 + j * 5) & 15];
            io[3] = (uint64_t)((i + 3 * j) & 15) << 28;
            t->fn(io);
            if (dump) {
                puts_(t->insn);
                puts_(" ");
                puthex(io[0]);
                puts_(" ");
                puthex(io[1]);
                puts_(" ");
                puthex(io[2]);
                puts_(" ");
                puthex(io[3]);
                puts_(" -> ");
                puthex(io[4]);
                puts_(" ");
                puthex(io[5]);
                puts_("\n");
            }
            for (int k = 4; k < 6; k++) {
                for (int b = 0; b < 64; b += 8) {
                    h ^= (io[k] >> b) & 0xff;
                    h *= 0x100000001b3ull;
                }
            }
        }
    }
    return h;
}

typedef struct Expect {
    const char *insn;
    uint64_t hash;
} Expect;

/* Recorded with qemu-aarch64 (`dp-extra hashes`). */
static const Expect expected[] = {
    {"sb\n\tmov x0, x1", 0xb1a1e9fb4912fb85ull},
    {"dmb ish\n\tdmb ishld\n\tdmb ishst\n\tdsb sy\n\tisb\n\tclrex\n\tssbb\n\tadd x0, x1, x2",
     0x71fea6620d7a56c7ull},
    {"nop\n\tyield\n\tsevl\n\thint #34\n\tpaciasp\n\tautiasp\n\txpaclri\n\tbti c\n\tadd x0, x1, #1",
     0x2b50d0b25d41f225ull},
    {"mrs x4, fpsr\n\tand x1, x1, #0x1f\n\tmsr fpsr, x1\n\tmrs x0, fpsr\n\tmsr fpsr, x4",
     0xa602758fe2e35a25ull},
    {"mrs x4, fpcr\n\tand x1, x1, #0x07c00000\n\tmsr fpcr, x1\n\tmrs x0, fpcr\n\tmsr fpcr, x4",
     0xb5caae4f54dd8325ull},
    {"mrs x4, tpidr_el0\n\tmsr tpidr_el0, x1\n\tmrs x0, tpidr_el0\n\tmsr tpidr_el0, x4",
     0xb1a1e9fb4912fb85ull},
    {"msr nzcv, x1\n\tmrs x0, nzcv", 0x01f161fb23548b25ull},
    {"mov x4, x30\n\tadr x2, 1f\n\tret x2\n\tmov x0, #7\n1:\tadd x0, x0, #3\n\tmov x30, x4",
     0x2657627038ce5e29ull},
    {"mov x4, x30\n\tadr x30, 1f\n\tret\n\tmov x0, #7\n1:\tadd x0, x0, #2\n\tmov x30, x4",
     0x660a0ad769282109ull},
    {"adr x1, 1f\n\tbr x1\n\tmov x0, #7\n1:\tadd x0, x0, #1", 0xafe50e5baabd6429ull},
    {"mov x4, x30\n\tadr x1, 1f\n\tblr x1\n1:\tsub x0, x30, x1\n\tmov x30, x4",
     0xffdf54d96d943325ull},
    {"mov x4, x30\n\tbl 1f\n1:\tadr x0, 1b\n\tsub x0, x30, x0\n\tmov x30, x4",
     0xffdf54d96d943325ull},
    {"tbnz w1, #31, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x4537ecd2e1260825ull},
    {"tbnz x1, #32, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xcf2ceefd15a3cf25ull},
    {"tbz w1, #0, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x438da7d41fbfe925ull},
    {"tbz x1, #63, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x8eca2643a6a5de25ull},
    {"cbnz w1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x9742bb08f4810525ull},
    {"cbnz x1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x0792566c12cab625ull},
    {"cbz w1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x2f959a0bf1024525ull},
    {"cbz x1, 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xbf45fea8d2b89425ull},
    {"b.nv 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xc6f9003b77ef1725ull},
    {"b.al 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xc6f9003b77ef1725ull},
    {"b.le 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xa8623e5a107b0a25ull},
    {"b.gt 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x9863b28af2a0e825ull},
    {"b.lt 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x01f40695bafcba25ull},
    {"b.ge 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x7d8d80abf7907425ull},
    {"b.ls 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x77d82e2e3783d125ull},
    {"b.hi 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xf204e5832d3c2225ull},
    {"b.vc 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x9c54663b59d88925ull},
    {"b.vs 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xa3e91d19f8f37f25ull},
    {"b.pl 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x737d279da2baa225ull},
    {"b.mi 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0xdc2e347d91fe2225ull},
    {"b.cc 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x3fa78df68693d725ull},
    {"b.cs 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x9489ed4d36781125ull},
    {"b.ne 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x088d346d5c3a3225ull},
    {"b.eq 1f\n\tmov x0, #0\n\tb 2f\n1:\tmov x0, #1\n2:", 0x78317b542d3b6c25ull},
    {"adrp x0, .\n\tadr x1, .\n\tsub x0, x1, x0\n\tlsr x0, x0, #12", 0xffdf54d96d943325ull},
    {"adr x0, .\n\tadr x1, . + 0x1234\n\tsub x0, x1, x0", 0xec297ef5b6e5bb25ull},
    {"umull x0, w1, w2", 0xd2109ecf5f5c6b38ull},
    {"umulh x0, x1, x2", 0x934c7139c597ebefull},
    {"smulh x0, x1, x2", 0xd856a612da828c79ull},
    {"umsubl x0, w1, w2, x3", 0xcbc007fb5962f696ull},
    {"umaddl x0, w1, w2, x3", 0x414eaf0c05f4280eull},
    {"smsubl x0, w1, w2, x3", 0x4c169f6aa241ee89ull},
    {"smaddl x0, w1, w2, x3", 0x6cbd0c7ce03cf7b4ull},
    {"mneg x0, x1, x2", 0x3e25cfad7e9871a8ull},
    {"mul w0, w1, w2", 0xe818e2d987aae513ull},
    {"msub w0, w1, w2, w3", 0x47b92012da4da3cbull},
    {"msub x0, x1, x2, x3", 0x965003a939bc305cull},
    {"madd w0, w1, w2, w3", 0x8747a05634bf0381ull},
    {"madd x0, x1, x2, x3", 0x6cbe65800b3a49f4ull},
    {".inst 0x1ac25020 /* crc32cb w0, w1, w2 */", 0xafe50ae1f2a6b66dull},
    {".inst 0x9ac25c20 /* crc32cx w0, w1, x2 */", 0x9f0681c8fac14bf5ull},
    {".inst 0x1ac24020 /* crc32b w0, w1, w2 */", 0x4003dfb779271995ull},
    {".inst 0x1ac24420 /* crc32h w0, w1, w2 */", 0x6edbb923bf3fc1e9ull},
    {".inst 0x1ac24820 /* crc32w w0, w1, w2 */", 0xb9cb60dc32d59b0dull},
    {".inst 0x9ac24c20 /* crc32x w0, w1, x2 */", 0x01d9d7a463fa6fddull},
    {"rorv w0, w1, w2", 0x2489477b42721c16ull},
    {"rorv x0, x1, x2", 0xdcf1d34429a07238ull},
    {"asrv w0, w1, w2", 0x06275b6eb77d0cfeull},
    {"asrv x0, x1, x2", 0x5acd85bc53b6daf1ull},
    {"lsrv w0, w1, w2", 0x6d89ee27cc3beb2eull},
    {"lsrv x0, x1, x2", 0xfd93184e2c81c7e5ull},
    {"lslv w0, w1, w2", 0x07bea75fb02b8c88ull},
    {"lslv x0, x1, x2", 0x32b3974069fa1dbdull},
    {"sdiv w0, w1, w2", 0x90f90b2c589f8fd5ull},
    {"sdiv x0, x1, x2", 0xc2224822b74e4ed9ull},
    {"udiv w0, w1, w2", 0x0a79acc0c55e3a49ull},
    {"udiv x0, x1, x2", 0x3189b0c036ec5513ull},
    {"cls w0, w1", 0x9ba28e703c1d7525ull},
    {"cls x0, x1", 0x9ea1a2409c5dc925ull},
    {"clz w0, w1", 0x7a81435534473325ull},
    {"clz x0, x1", 0x60387342a1034625ull},
    {"rev x0, x1", 0x3aaed77ca19e7685ull},
    {"rev w0, w1", 0x288962dd982432c5ull},
    {"rev32 x0, x1", 0x25fe19ea4c753d05ull},
    {"rev16 w0, w1", 0xbb14cd477a4cff05ull},
    {"rev16 x0, x1", 0x0b1d4b968954e645ull},
    {"rbit w0, w1", 0xff3eb886c135cf85ull},
    {"rbit x0, x1", 0xbb0f11025be5fb45ull},
    {"csel x0, x1, x2, nv", 0xb1a1e9fb4912fb85ull},
    {"cinc x0, x1, pl", 0x287a4bf18bf106ddull},
    {"csetm x0, lt", 0x31b9f1ef1eb350e5ull},
    {"cset w0, ge", 0x7d8d80abf7907425ull},
    {"csneg w0, w1, w2, ls", 0xbd4c3237e87e596dull},
    {"csneg x0, x1, x2, vc", 0x64a0d0e59e47af95ull},
    {"csinv w0, w1, w2, gt", 0xcbd2b61fe05c5d81ull},
    {"csinv x0, x1, x2, mi", 0x4b8de1702f53f25dull},
    {"csinc w0, w1, w2, le", 0x4af761eb5b3602a1ull},
    {"csinc x0, x1, x2, cs", 0xf8bd40aad4b8272dull},
    {"csel w0, w1, w2, hi", 0x2c66524772e6b005ull},
    {"csel x0, x1, x2, eq", 0x6758ab9d72ef2aedull},
    {"ccmp x1, x2, #0x3, al", 0x0caf4ae7a8e82651ull},
    {"ccmn w1, #7, #0x8, vs", 0x2f40b9dcf4f1cd01ull},
    {"ccmn x1, x2, #0x2, ge", 0x10664b0b74c0f2f1ull},
    {"ccmp w1, #0, #0x0, lt", 0x61c6e536cea33f81ull},
    {"ccmp x1, #31, #0xf, hi", 0xcbecbf20bd9a85a1ull},
    {"ccmp w1, w2, #0xa, ne", 0x1ab46a527a802631ull},
    {"ccmp x1, x2, #0x5, eq", 0x9d00eb6b6f74dcd1ull},
    {"setf16 w1", 0xa7428028f9ab21c1ull},
    {"setf8 w1", 0x74a429986f13cfa1ull},
    {"rmif x1, #17, #0xa", 0x6552efa5d64b5d41ull},
    {"rmif x1, #63, #0x5", 0x7808a03748503921ull},
    {"rmif x1, #3, #0xf", 0xa9b7e0168fe8a181ull},
    {"cfinv", 0xa8927b653a5a7801ull},
    {"ngcs w0, w2", 0x823dab5d7109c265ull},
    {"sbcs w0, w1, w2", 0x36f18efab5673c1full},
    {"sbcs x0, x1, x2", 0xe88102cfbe205c83ull},
    {"sbc w0, w1, w2", 0x6d4c115ca4dcb67full},
    {"sbc x0, x1, x2", 0x41f280cfdbf94ac3ull},
    {"adcs w0, w1, w2", 0x87d957ce38749390ull},
    {"adcs x0, x1, x2", 0x019dc4f10c574a5dull},
    {"adc w0, w1, w2", 0x4e17cfcae1baf1f0ull},
    {"adc x0, x1, x2", 0xebf29ce159ff7d6dull},
    {"cmp x1, w2, uxtw", 0x6e2ba12a188ef1b1ull},
    {"sub w0, w1, w2, uxtb #4", 0x2578231c26a7ee81ull},
    {"subs x0, x1, w2, sxtw #2", 0x2a8bc3208ebfc55bull},
    {"adds w0, w1, w2, sxtb", 0x5a28d0a567ca5376ull},
    {"add x0, x1, x2, sxtx #1", 0x6a4c3a26d5b0d4b3ull},
    {"add x0, x1, w2, sxtw", 0x4216033a8556dfddull},
    {"add x0, x1, w2, uxtw #3", 0x9e4afe5b3c313472ull},
    {"add x0, x1, w2, sxth #2", 0xf34610623e3fa686ull},
    {"add w0, w1, w2, uxth", 0xe7349db81db24f84ull},
    {"add x0, x1, w2, sxtb #4", 0x29fa50678925722eull},
    {"add x0, x1, w2, uxtb #1", 0x8fe81b891b5bbeb0ull},
    {"cmn x1, x2", 0x443c8ab28d33c1d1ull},
    {"cmp w1, w2", 0xc640274405617cb1ull},
    {"negs x0, x1", 0x7d24aa98743ebd85ull},
    {"neg w0, w1", 0xb440f8301129d8c5ull},
    {"sub x0, x1, x2, asr #9", 0x16b948df3bd47621ull},
    {"subs w0, w1, w2, lsl #17", 0xca04c1046c041fdcull},
    {"subs w0, w1, w2", 0x891c54799c775ddaull},
    {"subs x0, x1, x2", 0xe1d6920c3c07b48eull},
    {"adds x0, x1, x2, lsr #3", 0x36124fd458cd8351ull},
    {"adds w0, w1, w2", 0x2b0e5eb592eba210ull},
    {"adds x0, x1, x2", 0xf93589fe115f4217ull},
    {"add w0, w1, w2, asr #31", 0x9614a22c393554f5ull},
    {"add x0, x1, x2, lsl #63", 0xbab2019fe5ecf585ull},
    {"mvn x0, x1", 0xbfe0f8c56cf29385ull},
    {"mov w0, w1", 0xc9fbf6d0bd5c7845ull},
    {"bics w0, w1, w2", 0x516ddae38b24b383ull},
    {"bics x0, x1, x2, ror #1", 0x3e34b440fb78878full},
    {"ands w0, w1, w2, asr #31", 0x273440ed78453c35ull},
    {"ands x0, x1, x2", 0xafafe1bc3d1ddb46ull},
    {"eon w0, w1, w2, lsl #31", 0x526fd3d1694ed785ull},
    {"eor x0, x1, x2, lsr #63", 0x998f6533a487e445ull},
    {"orn w0, w1, w2, asr #7", 0xc746fa97187f2931ull},
    {"orr x0, x1, x2, ror #17", 0x339d53c1b4add5e9ull},
    {"bic w0, w1, w2, lsr #1", 0x8c45ab6c230061a4ull},
    {"bic x0, x1, x2, asr #63", 0xe3f35460163295edull},
    {"and w0, w1, w2, ror #31", 0xd8a1d86043918c30ull},
    {"and x0, x1, x2, lsl #3", 0x3750938e39d8915bull},
    {"ror x0, x1, #63", 0xc24c5f0b7fc5f465ull},
    {"ror w0, w1, #5", 0x9239e352664fe7c5ull},
    {"extr x0, x1, x2, #0", 0x2b533c4f21e5b405ull},
    {"extr w0, w1, w2, #31", 0x2e8616fce7092ff9ull},
    {"extr x0, x1, x2, #7", 0xf40a7ccb6b1e3645ull},
    {"bfxil w0, w1, #4, #28", 0x11a0bb0364537945ull},
    {"bfi x0, x1, #8, #56", 0x54af0a43420f34d1ull},
    {"bfm w0, w1, #17, #3", 0xa9958035338c3b09ull},
    {"bfm x0, x1, #3, #17", 0x6fd3f92716d9982dull},
    {"ubfiz x0, x1, #40, #20", 0x08b9cd9f0dad2325ull},
    {"uxth w0, w1", 0x83bd73c454dc9dc5ull},
    {"uxtb w0, w1", 0xe038ebbb43793025ull},
    {"lsl x0, x1, #1", 0x3d2297c7ee3e1865ull},
    {"lsl w0, w1, #31", 0xd9931348f5413325ull},
    {"lsr w0, w1, #1", 0x9613e6bde7624745ull},
    {"ubfm w0, w1, #17, #3", 0xc16b686c08dc2725ull},
    {"ubfm x0, x1, #3, #17", 0xc8f0b8406e563a65ull},
    {"sxtw x0, w1", 0xc6fd6eefd78e0f85ull},
    {"sxth w0, w1", 0x5ce8976ae4659245ull},
    {"sxtb x0, w1", 0xd27dca237e4dd825ull},
    {"asr x0, x1, #63", 0xd23e8f494b180325ull},
    {"asr w0, w1, #31", 0x8b145de8ce5f6ea5ull},
    {"sbfm x0, x1, #60, #2", 0x75d8163c22d81725ull},
    {"sbfm w0, w1, #17, #3", 0xb8b27f20b2d39a65ull},
    {"sbfm x0, x1, #3, #17", 0xbdf0f33d1c9452a5ull},
    {"movk w0, #0xbeef, lsl #16", 0x38e18fb165fe40adull},
    {"movk x0, #0xbeef, lsl #32", 0x40ebf03ee5a243adull},
    {"movn w0, #0x1234, lsl #16", 0x8b44d0fbd17c8725ull},
    {"movn x0, #0x1234, lsl #16", 0x4f92b67329001925ull},
    {"movz x0, #0x1234, lsl #48", 0x91c89c981c9b1f25ull},
    {"orr x0, x1, #0x3ffffffc0", 0x6aa3a49ffabc0565ull},
    {"tst w1, #1", 0x9bea83fd84b06f81ull},
    {"ands w0, w1, #0xc0000000", 0xb0cf1c25a605ff25ull},
    {"ands x0, x1, #0x8000000000000000", 0x5381ccbbbd7bf325ull},
    {"eor w0, w1, #0x80000001", 0x6fa9904adc992305ull},
    {"eor x0, x1, #0xfffffffffffffff0", 0x5c6ab7d1268b7025ull},
    {"orr w0, wzr, #0x0f0f0f0f", 0x8c9803ae80de8f25ull},
    {"orr x0, x1, #0x5555555555555555", 0xe48731106f4aab65ull},
    {"and w0, w1, #0x7ffffffe", 0xf643943395891cc5ull},
    {"and x0, x1, #0xff00ff00ff00ff00", 0x579b6fc7d0b0ee25ull},
    {"cmn w1, #1", 0x324a0700bef59ae1ull},
    {"cmp x1, #0", 0x1456fd4856627881ull},
    {"sub w0, w1, #1", 0xef26537a188d0b05ull},
    {"subs w0, w1, #4", 0xe8144b0e5a229aa5ull},
    {"subs x0, x1, #0x7ff, lsl #12", 0xbec6de16c7fb9185ull},
    {"adds w0, w1, #1", 0xc9733a00705599a5ull},
    {"adds x0, x1, #1", 0xc82eb5e2c39e0125ull},
    {"add w0, w1, #0xfff, lsl #12", 0x372305613dc2f125ull},
    {"add x0, x1, #0x123", 0x0492f97b99c33b85ull},
    {NULL, 0},
};

static int failures;

static void fail(const char *what, uint64_t exp, uint64_t got)
{
    puts_("FAIL ");
    puts_(what);
    puts_(": expected ");
    puthex(exp);
    puts_(" got ");
    puthex(got);
    puts_("\n");
    failures++;
}

/* ---- signals: UDF, HVC, EL1 registers -> SIGILL, BRK -> SIGTRAP --------------------- */

struct ksigaction {
    void (*handler)(int, void *, void *);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

static volatile int last_sig;

static void on_signal(int sig, void *info, void *uc)
{
    (void)info;
    last_sig = sig;
    /* ucontext: uc_flags, uc_link, uc_stack (24), uc_sigmask + pad (128), then the
     * 16-aligned sigcontext {fault_address, regs[31], sp, pc, pstate}: pc at 440 */
    *(uint64_t *)((char *)uc + 440) += 4;
}

void restorer(void);
__asm__(".text\n.globl restorer\nrestorer:\n\tmov x8, #139\n\tsvc #0\n");

static void setup_signal(int sig)
{
    struct ksigaction sa = {on_signal, 0x04000000ul | 0x4ul /* RESTORER | SIGINFO */, restorer, 0};
    sys4(134, sig, (long)&sa, 0, 8);
}

#define SIGILL 4
#define SIGTRAP 5

static void expect_signal(const char *what, int sig, void (*fn)(void))
{
    last_sig = 0;
    fn();
    if (last_sig != sig) {
        fail(what, (uint64_t)sig, (uint64_t)last_sig);
    }
}

static void do_udf(void)
{
    __asm__ volatile(".inst 0x00001234" ::: "memory");
}
static void do_hvc(void)
{
    __asm__ volatile("hvc #0" ::: "memory");
}
static void do_sctlr(void)
{
    __asm__ volatile("mrs x0, sctlr_el1" ::: "x0", "memory");
}
static void do_msr_daifset(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}
static void do_brk(void)
{
    __asm__ volatile("brk #0x7" ::: "memory");
}
static void do_tpidrro_write(void)
{
    __asm__ volatile("msr tpidrro_el0, xzr" ::: "memory");
}

/* ---- hand-written checks ---------------------------------------------------------------- */

static unsigned char zbuf[2048] __attribute__((aligned(1024)));

static void hand_checks(void)
{
    uint64_t v, w, sp0;

    /* SP forms */
    __asm__ volatile("mov %0, sp\n\tadd %1, sp, #0x30\n\tsub %1, %1, %0" : "=&r"(sp0), "=&r"(v));
    if (v != 0x30) {
        fail("add x, sp, #imm", 0x30, v);
    }
    __asm__ volatile("mov x9, sp\n\tsub sp, sp, #0x40\n\tmov %0, sp\n\tmov sp, x9\n\t"
                     "sub %0, x9, %0"
                     : "=&r"(v)
                     :
                     : "x9");
    if (v != 0x40) {
        fail("sub sp, sp, #imm", 0x40, v);
    }
    w = 3;
    __asm__ volatile("mov x9, sp\n\tadd sp, sp, %1, uxtw #4\n\tmov %0, sp\n\tmov sp, x9\n\t"
                     "sub %0, %0, x9"
                     : "=&r"(v)
                     : "r"(w)
                     : "x9");
    if (v != 0x30) {
        fail("add sp, sp, w, uxtw #4", 0x30, v);
    }
    __asm__ volatile("mov x9, sp\n\tand sp, x9, #~0xff\n\tmov %0, sp\n\tmov sp, x9"
                     : "=&r"(v)
                     :
                     : "x9");
    if (v != (sp0 & ~0xffull)) {
        fail("and sp, x, #imm", sp0 & ~0xffull, v);
    }
    __asm__ volatile("cmp sp, #0\n\tcset %0, ne" : "=r"(v) : : "cc");
    if (v != 1) {
        fail("cmp sp, #0", 1, v);
    }

    /* DC ZVA zeroes exactly one DCZID-sized, aligned block */
    __asm__ volatile("mrs %0, dczid_el0" : "=r"(v));
    if (!(v & 16)) {
        uint64_t bs = 4ull << (v & 15);
        if (bs <= 1024) {
            memset(zbuf, 0xa5, sizeof(zbuf));
            __asm__ volatile("dc zva, %0" : : "r"(zbuf + 1024 + 8) : "memory");
            for (uint64_t i = 0; i < sizeof(zbuf); i++) {
                unsigned char want = (i >= 1024 && i < 1024 + bs) ? 0 : 0xa5;
                if (zbuf[i] != want) {
                    fail("dc zva", want, zbuf[i]);
                    break;
                }
            }
        }
    }
    __asm__ volatile("dc cvau, %0\n\tdc civac, %0\n\tdc cvac, %0\n\tic ivau, %0\n\t"
                     "dsb ish\n\tisb"
                     :
                     : "r"(zbuf)
                     : "memory");

    /* counter: monotonic, frequency plausible */
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(w));
    if (w < v) {
        fail("cntvct monotonic", v, w);
    }
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    if (v < 1000000 || v > 4000000000ull) {
        fail("cntfrq plausible", 100000000, v);
    }
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(v));
    if (!(v >> 31) || ((v >> 16) & 15) < 3) {
        fail("ctr_el0 plausible", 0x8444c004, v);
    }
    /* ID registers the kernel emulates */
    __asm__ volatile("mrs %0, midr_el1\n\tmrs %1, id_aa64pfr0_el1" : "=r"(v), "=r"(w));
    if (((w >> 16) & 15) == 15) {
        fail("id_aa64pfr0 FP", 0, w);
    }
    __asm__ volatile("mrs %0, id_aa64isar0_el1\n\tmrs %1, id_aa64mmfr2_el1" : "=r"(v), "=r"(w));

    /* signals */
    setup_signal(SIGILL);
    setup_signal(SIGTRAP);
    expect_signal("udf", SIGILL, do_udf);
    expect_signal("hvc", SIGILL, do_hvc);
    expect_signal("mrs sctlr_el1", SIGILL, do_sctlr);
    expect_signal("msr daifset", SIGILL, do_msr_daifset);
    expect_signal("msr tpidrro_el0", SIGILL, do_tpidrro_write);
    expect_signal("brk", SIGTRAP, do_brk);
}

int main_c(long argc, char **argv);
int main_c(long argc, char **argv)
{
    int dump = argc > 1 && seq(argv[1], "dump");
    int hashes = argc > 1 && seq(argv[1], "hashes");

    for (const Test *t = __start_dptests; t < __stop_dptests; t++) {
        uint64_t h = run_test(t, dump);
        if (hashes) {
            puts_("    {\"");
            for (const char *p = t->insn; *p; p++) {
                if (*p == '\n') {
                    puts_("\\n");
                } else if (*p == '\t') {
                    puts_("\\t");
                } else if (*p == '"' || *p == '\\') {
                    char b[3] = {'\\', *p, 0};
                    puts_(b);
                } else {
                    char b[2] = {*p, 0};
                    puts_(b);
                }
            }
            puts_("\", ");
            puthex(h);
            puts_("ull},\n");
            continue;
        }
        if (dump) {
            continue;
        }
        const Expect *e = expected;
        while (e->insn && !seq(e->insn, t->insn)) {
            e++;
        }
        if (!e->insn) {
            puts_("FAIL no expected hash for: ");
            puts_(t->insn);
            puts_("\n");
            failures++;
        } else if (e->hash != h) {
            fail(t->insn, e->hash, h);
        }
    }
    if (!dump && !hashes) {
        hand_checks();
        puts_(failures ? "FAIL dp-extra\n" : "PASS dp-extra\n");
    }
    flush();
    return failures ? 1 : 0;
}

__asm__(".text\n.globl _start\n_start:\n\tmov x29, #0\n\tldr x0, [sp]\n\tadd x1, sp, #8\n\t"
        "bl main_c\n\tmov x8, #94\n\tsvc #0\n");
