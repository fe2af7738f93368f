/*
 * disas-mte.c - disassembler helpers for a64-mte.decode operands a template cannot
 * spell: ADDG/SUBG's immediates (the offset scaled by 16, both in hex) and the tag
 * loads/stores with their scaled, signed offsets and writeback forms, as binutils'
 * objdump prints them.
 * Example: {@ldst_tag(opc,idx,imm,rn,rt)} on 0xd9202c20 (opc=0 idx=3 imm=2) prints
 * "stg x0, [x1, #32]!"; {@addg(0,uimm6,uimm4,rn,rd)} on 0x91810c20 prints
 * "addg x0, x1, #0x10, #0x3".
 */
#include <stdio.h>

#include "target/aarch64/disas-helpers.h"

/* x<r>, with 31 as sp (sp_ok) or xzr. */
static const char *xreg(char *buf, size_t len, int64_t r, int sp_ok)
{
    if (r == 31) {
        snprintf(buf, len, sp_ok ? "sp" : "xzr");
    } else {
        snprintf(buf, len, "x%d", (int)r);
    }
    return buf;
}

DIS_HELPER(addg, int64_t sub, int64_t uimm6, int64_t uimm4, int64_t rn, int64_t rd)
{
    char d[8], s[8];
    (void)pc;
    snprintf(b, n, "%s %s, %s, #0x%llx, #0x%llx", sub ? "subg" : "addg", xreg(d, sizeof d, rd, 1),
             xreg(s, sizeof s, rn, 1), (unsigned long long)(uimm6 * 16), (unsigned long long)uimm4);
}

/* "[xn]", "[xn, #off]", "[xn, #off]!" or "[xn], #off" for idx 2 (offset), 3 (pre), 1 (post) */
static void addr_mode(char *b, size_t n, int64_t idx, int64_t off, int64_t rn)
{
    char base[8];
    xreg(base, sizeof base, rn, 1);
    if (idx == 1) {
        snprintf(b, n, "[%s], #%lld", base, (long long)off);
    } else if (off == 0 && idx == 2) {
        snprintf(b, n, "[%s]", base);
    } else {
        snprintf(b, n, "[%s, #%lld]%s", base, (long long)off, idx == 3 ? "!" : "");
    }
}

DIS_HELPER(ldst_tag, int64_t opc, int64_t idx, int64_t imm, int64_t rn, int64_t rt)
{
    static const char *const names[] = {"stg", "stzg", "st2g", "stz2g", "ldg"};
    char t[8], a[40];
    (void)pc;
    addr_mode(a, sizeof a, idx, imm * 16, rn);
    /* the tag stores take Xt|SP; LDG's Xt is an ordinary register */
    snprintf(b, n, "%s %s, %s", names[opc], xreg(t, sizeof t, rt, opc != 4), a);
}

DIS_HELPER(stgp, int64_t idx, int64_t imm, int64_t rt2, int64_t rn, int64_t rt)
{
    char t[8], t2[8], a[40];
    (void)pc;
    addr_mode(a, sizeof a, idx, imm * 16, rn);
    snprintf(b, n, "stgp %s, %s, %s", xreg(t, sizeof t, rt, 0), xreg(t2, sizeof t2, rt2, 0), a);
}

/* DC CGVAC..CIGDVAC: the name from CRm (10 c, 12 c..p, 13 c..dp, 14 ci) and op2 (3 g, 5 gd). */
DIS_HELPER(dc_tags, int64_t crm, int64_t op2, int64_t rt)
{
    char t[8];
    const char *pre = crm == 14 ? "ci" : "c";
    const char *post = crm == 12 ? "p" : crm == 13 ? "dp" : "c";
    (void)pc;
    snprintf(b, n, "dc %s%sva%s, %s", pre, op2 == 5 ? "gd" : "g", post, xreg(t, sizeof t, rt, 0));
}
