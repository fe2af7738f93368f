/*
 * disas-mops.c - disassembler helper for the FEAT_MOPS patterns (a64-mops.decode): the
 * mnemonic is built from the stage (P, M, E) and the option bits, as binutils' objdump
 * spells it: CPY[F]{P,M,E} + {"", WT, RT, T}[op2<1:0>] + {"", WN, RN, N}[op2<3:2>], and
 * SET[G]{P,M,E}[T][N] with the stage in op2<3:2>.
 * Example: {@mops(0,op1,op2,rd,rs,rn)} on 0x19015440 (op1=0 op2=0101) prints
 * "cpyfpwtwn [x0]!, [x1]!, x2!".
 */
#include <stdio.h>

#include "target/aarch64/disas-helpers.h"

DIS_HELPER(mops, int64_t kind, int64_t op1, int64_t op2, int64_t rd, int64_t rs, int64_t rn)
{
    static const char stage[] = "pme";
    static const char *const unpriv[] = {"", "wt", "rt", "t"};
    static const char *const nontemp[] = {"", "wn", "rn", "n"};
    char d[8], s[8], sz[8];
    (void)pc;

    dis_xreg_name(d, sizeof d, rd, 0);
    dis_xreg_name(s, sizeof s, rs, 0);
    dis_xreg_name(sz, sizeof sz, rn, 0);
    if (kind >= 2) {
        snprintf(b, n, "set%s%c%s%s [%s]!, %s!, %s", kind == 3 ? "g" : "", stage[(op2 >> 2) % 3],
                 (op2 & 1) ? "t" : "", (op2 & 2) ? "n" : "", d, sz, s);
        return;
    }
    snprintf(b, n, "cpy%s%c%s%s [%s]!, [%s]!, %s!", kind == 0 ? "f" : "", stage[op1 % 3],
             unpriv[op2 & 3], nontemp[(op2 >> 2) & 3], d, s, sz);
}
