/*
 * disas-fp16.c - disassembler helpers for the half-precision AdvSIMD groups and FEAT_FHM
 * (a64-simd-fp16.decode): mnemonic tables indexed by the U, a (bit 23) and opcode fields,
 * with the operands spelled as binutils' objdump prints them (tests/disas checks it).
 * A q argument of -1 selects the scalar form (h registers).
 * Example: {@h3same(u,a,opc,q,rm,rn,rd)} on 0x4e401400 (u=0 a=0 opc=2 q=1) prints
 * "fadd v0.8h, v0.8h, v0.8h"; on 0x5e401c00 (scalar, opc=3) "fmulx h0, h0, h0".
 */
#include <stdbool.h>
#include <stdio.h>

#include "target/aarch64/disas-helpers.h"

/* "v<r>.4h"/"v<r>.8h", or "h<r>" for the scalar form (q < 0) */
static const char *hreg(char *buf, size_t len, int64_t q, int64_t r)
{
    if (q < 0) {
        snprintf(buf, len, "h%d", (int)r);
    } else {
        snprintf(buf, len, "v%d.%s", (int)r, q ? "8h" : "4h");
    }
    return buf;
}

DIS_HELPER(h3same, int64_t u, int64_t a, int64_t opc, int64_t q, int64_t rm, int64_t rn, int64_t rd)
{
    static const char *const mn[2][2][8] = {
        {{"fmaxnm", "fmla", "fadd", "fmulx", "fcmeq", NULL, "fmax", "frecps"},
         {"fminnm", "fmls", "fsub", NULL, NULL, NULL, "fmin", "frsqrts"}},
        {{"fmaxnmp", NULL, "faddp", "fmul", "fcmge", "facge", "fmaxp", "fdiv"},
         {"fminnmp", NULL, "fabd", NULL, "fcmgt", "facgt", "fminp", NULL}},
    };
    const char *m = mn[u & 1][a & 1][opc & 7];
    char d[16], x[16], y[16];
    (void)pc;
    if (!m) {
        snprintf(b, n, "unallocated (fp16 three same)");
        return;
    }
    snprintf(b, n, "%s %s, %s, %s", m, hreg(d, sizeof d, q, rd), hreg(x, sizeof x, q, rn),
             hreg(y, sizeof y, q, rm));
}

DIS_HELPER(h2misc, int64_t u, int64_t a, int64_t opc, int64_t q, int64_t rn, int64_t rd)
{
    /* opcodes 0x0c..0x0f and 0x18..0x1f; index [a][u][opc & 0xf] after folding */
    static const char *const hi[2][2][8] = {
        {{"frintn", "frintm", "fcvtns", "fcvtms", "fcvtas", "scvtf", NULL, NULL},
         {"frinta", "frintx", "fcvtnu", "fcvtmu", "fcvtau", "ucvtf", NULL, NULL}},
        {{"frintp", "frintz", "fcvtps", "fcvtzs", NULL, "frecpe", NULL, "frecpx"},
         {NULL, "frinti", "fcvtpu", "fcvtzu", NULL, "frsqrte", NULL, "fsqrt"}},
    };
    static const char *const lo[2][4] = {
        {"fcmgt", "fcmeq", "fcmlt", "fabs"},
        {"fcmge", "fcmle", NULL, "fneg"},
    };
    const char *m = NULL;
    bool zero = false;
    char d[16], x[16];
    (void)pc;
    if (opc >= 0x18) {
        m = hi[a & 1][u & 1][opc - 0x18];
    } else if (opc >= 0x0c && opc <= 0x0f && a) {
        m = lo[u & 1][opc - 0x0c];
        zero = opc != 0x0f;
    }
    if (!m) {
        snprintf(b, n, "unallocated (fp16 two-register misc)");
        return;
    }
    snprintf(b, n, "%s %s, %s%s", m, hreg(d, sizeof d, q, rd), hreg(x, sizeof x, q, rn),
             zero ? ", #0.0" : "");
}

DIS_HELPER(hacross, int64_t a, int64_t maxv, int64_t q, int64_t rn, int64_t rd)
{
    static const char *const mn[2][2] = {{"fmaxnmv", "fmaxv"}, {"fminnmv", "fminv"}};
    char x[16];
    (void)pc;
    snprintf(b, n, "%s h%d, %s", mn[a & 1][maxv & 1], (int)rd, hreg(x, sizeof x, q, rn));
}

DIS_HELPER(hpair, int64_t a, int64_t opc, int64_t rn, int64_t rd)
{
    const char *m = NULL;
    (void)pc;
    if (opc == 0x0c) {
        m = a ? "fminnmp" : "fmaxnmp";
    } else if (opc == 0x0d && !a) {
        m = "faddp";
    } else if (opc == 0x0f) {
        m = a ? "fminp" : "fmaxp";
    }
    if (!m) {
        snprintf(b, n, "unallocated (fp16 scalar pairwise)");
        return;
    }
    snprintf(b, n, "%s h%d, v%d.2h", m, (int)rd, (int)rn);
}

DIS_HELPER(hindexed, int64_t u, int64_t opc, int64_t q, int64_t l, int64_t m, int64_t rm, int64_t h,
           int64_t rn, int64_t rd)
{
    const char *mn = NULL;
    char d[16], x[16];
    (void)pc;
    if (!u) {
        mn = opc == 1 ? "fmla" : opc == 5 ? "fmls" : opc == 9 ? "fmul" : NULL;
    } else if (opc == 9) {
        mn = "fmulx";
    }
    if (!mn) {
        snprintf(b, n, "unallocated (fp16 by element)");
        return;
    }
    snprintf(b, n, "%s %s, %s, v%d.h[%d]", mn, hreg(d, sizeof d, q, rd), hreg(x, sizeof x, q, rn),
             (int)rm, (int)(h << 2 | l << 1 | m));
}

DIS_HELPER(hfix, int64_t u, int64_t fcvtz, int64_t q, int64_t imm4, int64_t rn, int64_t rd)
{
    static const char *const mn[2][2] = {{"scvtf", "ucvtf"}, {"fcvtzs", "fcvtzu"}};
    char d[16], x[16];
    (void)pc;
    snprintf(b, n, "%s %s, %s, #%d", mn[fcvtz & 1][u & 1], hreg(d, sizeof d, q, rd),
             hreg(x, sizeof x, q, rn), (int)(16 - imm4));
}

DIS_HELPER(hh, int64_t q)
{
    (void)pc;
    snprintf(b, n, "%s", q ? "4h" : "2h");
}
