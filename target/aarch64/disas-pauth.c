/*
 * disas-pauth.c - disassembler helper for LDRAA/LDRAB (a64-pauth.decode), whose offset is
 * the 10-bit S:imm9 field scaled by 8, printed as binutils' objdump does.  The other
 * pointer-authentication patterns have plain templates.
 * Example: {@ldra(m,s,imm,w,rn,rt)} on 0xf8600c20 (m=0 s=1 imm=0 w=1) prints
 * "ldraa x0, [x1, #-4096]!".
 */
#include <stdio.h>

#include "target/aarch64/disas-helpers.h"

DIS_HELPER(ldra, int64_t m, int64_t s, int64_t imm, int64_t w, int64_t rn, int64_t rt)
{
    int64_t off = ((s ? -512 : 0) + imm) * 8;
    char base[8], t[8];
    (void)pc;
    dis_xreg_name(t, sizeof t, rt, 0);
    dis_xreg_name(base, sizeof base, rn, 1);
    if (off == 0) {
        snprintf(b, n, "ldra%c %s, [%s]%s", m ? 'b' : 'a', t, base, w ? "!" : "");
    } else {
        snprintf(b, n, "ldra%c %s, [%s, #%lld]%s", m ? 'b' : 'a', t, base, (long long)off,
                 w ? "!" : "");
    }
}
