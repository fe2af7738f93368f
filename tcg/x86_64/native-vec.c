/*
 * native-vec.c - lane-wise vector ops on SSE (see native-vec.h).
 *
 * x86 has no unsigned compares, no byte multiply, and its pack instructions saturate, so:
 * unsigned compares flip the sign bits of both operands and compare signed; pairwise ops
 * split each pair into its even lane (masked) and odd lane (shifted down) within the
 * double-size lane, combine them there, and pack, where the values already fit so packing
 * does not saturate; narrowing masks before packing for the same reason.
 */
#include "tcg/x86_64/native-vec.h"

#include <cpuid.h>
#include <stdint.h>

static int host_level = -1; /* 0: SSE2, 1: + SSSE3, 2: + SSE4.1, 3: + SSE4.2 */

static int level(void)
{
    if (host_level < 0) {
        unsigned a, b, c, d;
        host_level = 0;
        if (__get_cpuid(1, &a, &b, &c, &d)) {
            host_level = (c & bit_SSE4_2) ? 3 : (c & bit_SSE4_1) ? 2 : (c & bit_SSSE3) ? 1 : 0;
        }
    }
    return host_level;
}

/* per lane size: the low half of each lane set (the even narrow lane), and the sign bits */
static const uint64_t low_half[4][2] __attribute__((aligned(16))) = {
    {0, 0},
    {0x00ff00ff00ff00ffull, 0x00ff00ff00ff00ffull},
    {0x0000ffff0000ffffull, 0x0000ffff0000ffffull},
    {0x00000000ffffffffull, 0x00000000ffffffffull},
};
static const uint64_t sign_bits[4][2] __attribute__((aligned(16))) = {
    {0x8080808080808080ull, 0x8080808080808080ull},
    {0x8000800080008000ull, 0x8000800080008000ull},
    {0x8000000080000000ull, 0x8000000080000000ull},
    {0x8000000000000000ull, 0x8000000000000000ull},
};

bool native_vop_supported(IrVecOp vop, unsigned vece)
{
    int need;
    switch (vop) {
    case IR_VOP_CMPGT:
    case IR_VOP_CMPGE:
    case IR_VOP_CMPHI:
    case IR_VOP_CMPHS:
        need = vece == 3 ? 3 : 0; /* pcmpgtq */
        break;
    case IR_VOP_MAXS:
    case IR_VOP_MINS:
        need = vece == 1 ? 0 : 2;
        break;
    case IR_VOP_MAXU:
    case IR_VOP_MINU:
    case IR_VOP_MAXUP:
    case IR_VOP_MINUP:
        need = vece == 0 ? 0 : 2;
        break;
    case IR_VOP_MUL:
        if (vece != 1 && vece != 2) {
            return false;
        }
        need = vece == 1 ? 0 : 2;
        break;
    case IR_VOP_ADDP:
        need = vece == 1 || vece == 2 ? 1 : 0;
        break;
    case IR_VOP_NARROW:
        if (vece == 0) {
            return false;
        }
        need = vece == 2 ? 2 : 0;
        break;
    case IR_VOP_WIDENU:
    case IR_VOP_WIDENS:
        if (vece == 0) {
            return false;
        }
        need = 2;
        break;
    case IR_VOP_ZIP:
    case IR_VOP_TRN:
        need = 0;
        break;
    case IR_VOP_UZP:
        need = vece < 2 ? 1 : 0; /* pshufb */
        break;
    case IR_VOP_DUPLANE:
        if (vece < 2) {
            return false;
        }
        need = 0;
        break;
    default:
        return false;
    }
    if ((vop == IR_VOP_MAXS || vop == IR_VOP_MINS || vop == IR_VOP_MAXU || vop == IR_VOP_MINU ||
         vop == IR_VOP_MAXUP || vop == IR_VOP_MINUP) &&
        vece == 3) {
        return false;
    }
    return level() >= need;
}

/* 66 0F op / 66 0F 38 op xmm d, xmm s */
static void sse(CodeBuf *cb, int opc, int d, int s)
{
    x86_op_rr(cb, opc | X86_P_EXT | X86_P_DATA16, d, s);
}

static void movdqa(CodeBuf *cb, int d, int s)
{
    if (d != s) {
        sse(cb, 0x6f, d, s);
    }
}

/* op xmm d, [table] (16-byte aligned) */
static void sse_mem(CodeBuf *cb, int opc, int d, const void *table)
{
    x86_movi(cb, X86_R11, (uint64_t)(uintptr_t)table);
    x86_op_rm(cb, opc | X86_P_EXT | X86_P_DATA16, d, X86_R11, 0);
}

/* shift each lane of xmm d by n: group 0x71 (16-bit), 0x72 (32), 0x73 (64; /3 and /7 are
 * the byte shifts of the whole register) with /2 right, /4 arithmetic right, /6 left */
static void sse_shift(CodeBuf *cb, int grp, int digit, int d, unsigned n)
{
    x86_op_rr(cb, grp | X86_P_EXT | X86_P_DATA16, digit, d);
    x86_byte(cb, (uint8_t)n);
}

static const int shift_grp[4] = {0, 0x71, 0x72, 0x73};
/* pshufb controls gathering the even (0) or odd (1) bytes / 16-bit lanes into the low 8
 * bytes, the rest zero */
static uint8_t uzp_ctl[2][2][16] __attribute__((aligned(16)));

static void uzp_tables_init(void)
{
    if (uzp_ctl[0][0][8] == 0x80) {
        return;
    }
    for (int vece = 0; vece < 2; vece++) {
        for (int odd = 0; odd < 2; odd++) {
            int size = 1 << vece;
            for (int i = 0; i < 16; i++) {
                int lane = i / size, byte = i % size;
                uzp_ctl[vece][odd][i] =
                    i < 8 ? (uint8_t)((2 * lane + odd) * size + byte) : (uint8_t)0x80;
            }
        }
    }
}
static const int pcmpgt[4] = {0x64, 0x65, 0x66, X86_P_EXT38 | 0x37};
static const int pack_of[4] = {0, 0x67, X86_P_EXT38 | 0x2b, 0}; /* packuswb, packusdw */

/* xmm d = the pairwise op of xmm s's lanes (lanes of 8 << vece bits), in the low lanes of
 * each double-size lane, the rest zero; xmm t is scratch */
static void pair_combine(CodeBuf *cb, IrVecOp vop, unsigned vece, int d, int s, int t)
{
    static const int maxu[3] = {0xde, X86_P_EXT38 | 0x3e, X86_P_EXT38 | 0x3f};
    static const int minu[3] = {0xda, X86_P_EXT38 | 0x3a, X86_P_EXT38 | 0x3b};
    static const int add[3] = {0xfc, 0xfd, 0xfe};
    movdqa(cb, d, s);
    movdqa(cb, t, s);
    sse_shift(cb, shift_grp[vece + 1], 2, t, 8u << vece); /* the odd lanes, moved down */
    if (vop == IR_VOP_ADDP) {
        sse(cb, add[vece], d, t); /* the even lane's sum is exact modulo its size */
        sse_mem(cb, 0xdb, d, low_half[vece + 1]);
        return;
    }
    sse_mem(cb, 0xdb, d, low_half[vece + 1]); /* the even lanes */
    sse(cb, vop == IR_VOP_MAXUP ? maxu[vece] : minu[vece], d, t);
}

void native_emit_vop(CodeBuf *cb, IrVecOp vop, unsigned vece, unsigned imm, int a, int b)
{
    switch (vop) {
    case IR_VOP_CMPGT:
        movdqa(cb, 0, a);
        sse(cb, pcmpgt[vece], 0, b);
        break;
    case IR_VOP_CMPGE: /* not (b > a) */
        movdqa(cb, 0, b);
        sse(cb, pcmpgt[vece], 0, a);
        sse(cb, 0x76, 1, 1); /* pcmpeqd: all ones */
        sse(cb, 0xef, 0, 1);
        break;
    case IR_VOP_CMPHI:
    case IR_VOP_CMPHS:
        movdqa(cb, 0, a);
        movdqa(cb, 2, b);
        x86_movi(cb, X86_R11, (uint64_t)(uintptr_t)sign_bits[vece]);
        x86_op_rm(cb, 0xef | X86_P_EXT | X86_P_DATA16, 0, X86_R11, 0);
        x86_op_rm(cb, 0xef | X86_P_EXT | X86_P_DATA16, 2, X86_R11, 0);
        if (vop == IR_VOP_CMPHI) {
            sse(cb, pcmpgt[vece], 0, 2);
        } else { /* not (b > a) */
            sse(cb, pcmpgt[vece], 2, 0);
            sse(cb, 0x76, 0, 0);
            sse(cb, 0xef, 0, 2);
        }
        break;
    case IR_VOP_MAXS:
    case IR_VOP_MINS:
    case IR_VOP_MAXU:
    case IR_VOP_MINU: {
        static const int op_of[4][3] = {
            {X86_P_EXT38 | 0x3c, 0xee, X86_P_EXT38 | 0x3d}, /* pmaxsb, pmaxsw, pmaxsd */
            {0xde, X86_P_EXT38 | 0x3e, X86_P_EXT38 | 0x3f}, /* pmaxub, pmaxuw, pmaxud */
            {X86_P_EXT38 | 0x38, 0xea, X86_P_EXT38 | 0x39}, /* pminsb, pminsw, pminsd */
            {0xda, X86_P_EXT38 | 0x3a, X86_P_EXT38 | 0x3b}, /* pminub, pminuw, pminud */
        };
        int k = vop == IR_VOP_MAXS ? 0 : vop == IR_VOP_MAXU ? 1 : vop == IR_VOP_MINS ? 2 : 3;
        movdqa(cb, 0, a);
        sse(cb, op_of[k][vece], 0, b);
        break;
    }
    case IR_VOP_MUL:
        movdqa(cb, 0, a);
        sse(cb, vece == 1 ? 0xd5 : X86_P_EXT38 | 0x40, 0, b); /* pmullw, pmulld */
        break;
    case IR_VOP_ADDP:
        if (vece == 1 || vece == 2) {
            movdqa(cb, 0, a);
            sse(cb, X86_P_EXT38 | (vece == 1 ? 0x01 : 0x02), 0, b); /* phaddw, phaddd */
            break;
        }
        if (vece == 3) {
            movdqa(cb, 0, a);
            sse(cb, 0x6c, 0, b); /* punpcklqdq: {a0, b0} */
            movdqa(cb, 1, a);
            sse(cb, 0x6d, 1, b); /* punpckhqdq: {a1, b1} */
            sse(cb, 0xd4, 0, 1); /* paddq */
            break;
        }
        /* bytes, as for max/min: */
        /* fall through */
    case IR_VOP_MAXUP:
    case IR_VOP_MINUP:
        pair_combine(cb, vop, vece, 0, a, 1);
        pair_combine(cb, vop, vece, 1, b, 2);
        if (vece == 2) {
            x86_op_rr(cb, 0xc6 | X86_P_EXT, 0, 1); /* shufps: dwords 0, 2 of each */
            x86_byte(cb, 0x88);
        } else {
            sse(cb, pack_of[vece + 1], 0, 1);
        }
        break;
    case IR_VOP_ZIP: {
        static const int lo[4] = {0x60, 0x61, 0x62, 0x6c}, hi[4] = {0x68, 0x69, 0x6a, 0x6d};
        movdqa(cb, 0, a);
        sse(cb, imm ? hi[vece] : lo[vece], 0, b); /* punpckl/punpckh */
        break;
    }
    case IR_VOP_UZP:
        if (vece == 3) {
            movdqa(cb, 0, a);
            sse(cb, imm ? 0x6d : 0x6c, 0, b); /* punpckhqdq / punpcklqdq */
        } else if (vece == 2) {
            movdqa(cb, 0, a);
            x86_op_rr(cb, 0xc6 | X86_P_EXT, 0, b); /* shufps: dwords 0, 2 (1, 3) of each */
            x86_byte(cb, imm ? 0xdd : 0x88);
        } else {
            uzp_tables_init();
            movdqa(cb, 0, a);
            movdqa(cb, 1, b);
            x86_movi(cb, X86_R11, (uint64_t)(uintptr_t)uzp_ctl[vece][imm & 1]);
            x86_op_rm(cb, 0x6f | X86_P_EXT | X86_P_DATA16, 2, X86_R11, 0); /* the control */
            sse(cb, X86_P_EXT38 | 0x00, 0, 2);                             /* pshufb */
            sse(cb, X86_P_EXT38 | 0x00, 1, 2);
            sse(cb, 0x6c, 0, 1); /* punpcklqdq */
        }
        break;
    case IR_VOP_DUPLANE: /* pshufd: dword idx everywhere, or the qword's two dwords */
        x86_op_rr(cb, 0x70 | X86_P_EXT | X86_P_DATA16, 0, a);
        x86_byte(cb, vece == 2 ? (uint8_t)(imm * 0x55) : (uint8_t)(imm ? 0xee : 0x44));
        break;
    case IR_VOP_TRN:
        if (vece == 3) {
            movdqa(cb, 0, a);
            sse(cb, imm ? 0x6d : 0x6c, 0, b);
            break;
        }
        /* TRN1: (a & low) | (b << lane bits); TRN2: (a >> lane bits) | (b & ~low), in the
         * double-size lanes */
        movdqa(cb, 0, a);
        movdqa(cb, 1, b);
        if (imm) {
            sse_shift(cb, shift_grp[vece + 1], 2, 0, 8u << vece);
            x86_movi(cb, X86_R11, (uint64_t)(uintptr_t)low_half[vece + 1]);
            x86_op_rm(cb, 0x6f | X86_P_EXT | X86_P_DATA16, 2, X86_R11, 0);
            sse(cb, 0xdf, 2, 1); /* pandn: ~low & b */
            sse(cb, 0xeb, 0, 2); /* por */
        } else {
            sse_mem(cb, 0xdb, 0, low_half[vece + 1]);
            sse_shift(cb, shift_grp[vece + 1], 6, 1, 8u << vece);
            sse(cb, 0xeb, 0, 1);
        }
        break;
    case IR_VOP_NARROW:
        movdqa(cb, 0, a);
        if (imm) {
            sse_shift(cb, shift_grp[vece], 2, 0, imm);
        }
        if (vece == 3) {
            x86_op_rr(cb, 0x70 | X86_P_EXT | X86_P_DATA16, 0, 0); /* pshufd: dwords 0, 2 */
            x86_byte(cb, 0x08);
            x86_op_rr(cb, 0x7e | X86_P_EXT | X86_P_REPZ, 0, 0); /* movq: upper half zero */
            break;
        }
        sse_mem(cb, 0xdb, 0, low_half[vece]);
        sse(cb, 0xef, 1, 1); /* zero */
        sse(cb, pack_of[vece], 0, 1);
        break;
    case IR_VOP_WIDENU:
    case IR_VOP_WIDENS: {
        /* pmovzxbw/wd/dq, pmovsxbw/wd/dq */
        static const int zx[4] = {0, 0x30, 0x33, 0x35}, sx[4] = {0, 0x20, 0x23, 0x25};
        movdqa(cb, 0, a);
        if (imm & 0x100) {
            sse_shift(cb, 0x73, 3, 0, 8); /* psrldq 8: the high half down */
        }
        sse(cb, X86_P_EXT38 | (vop == IR_VOP_WIDENU ? zx[vece] : sx[vece]), 0, 0);
        if (imm & 0xff) {
            sse_shift(cb, shift_grp[vece], 6, 0, imm & 0xff);
        }
        break;
    }
    default:
        break;
    }
}
