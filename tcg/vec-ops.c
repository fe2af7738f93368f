/*
 * vec-ops.c - the meaning of the IR's lane-wise vector ops (IR_VOP), written once: the
 * interpreter runs it, and the backend tests compare the native code against it.
 * Lanes are little-endian within the 16-byte value, lane size 8 << vece bits.
 * Example: ir_vec_eval(IR_VOP_ADD, 2, 0, d, a, b) adds four 32-bit lanes.
 */
#include <string.h>

#include "tcg/ir.h"

static uint64_t lane_get(const uint8_t *v, unsigned vece, int i)
{
    uint64_t x = 0;
    memcpy(&x, v + (i << vece), 1u << vece);
    return x;
}

static void lane_set(uint8_t *v, unsigned vece, int i, uint64_t x)
{
    memcpy(v + (i << vece), &x, 1u << vece);
}

void ir_vec_eval(IrVecOp vop, unsigned vece, uint32_t imm, uint8_t d[16], const uint8_t a[16],
                 const uint8_t b[16])
{
    uint8_t r[16] = {0};
    unsigned bits = 8u << vece;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    int lanes = 16 >> vece;
    switch (vop) {
    case IR_VOP_REV: {
        int per = (int)imm >> vece; /* lanes per container */
        for (int i = 0; i < lanes; i++) {
            int c = i / per, k = i % per;
            lane_set(r, vece, i, lane_get(a, vece, c * per + (per - 1 - k)));
        }
        break;
    }
    case IR_VOP_EXT:
        for (int i = 0; i < 16; i++) {
            unsigned k = i + imm;
            r[i] = k < 16 ? a[k] : b[k - 16];
        }
        break;
    case IR_VOP_ADDP:
    case IR_VOP_MAXUP:
    case IR_VOP_MINUP:
        for (int i = 0; i < lanes; i++) {
            const uint8_t *src = i < lanes / 2 ? a : b;
            int j = (i % (lanes / 2)) * 2;
            uint64_t x = lane_get(src, vece, j), y = lane_get(src, vece, j + 1);
            uint64_t o = vop == IR_VOP_ADDP    ? x + y
                         : vop == IR_VOP_MAXUP ? (x > y ? x : y)
                                               : (x < y ? x : y);
            lane_set(r, vece, i, o & mask);
        }
        break;
    case IR_VOP_DUPLANE:
        for (int i = 0; i < lanes; i++) {
            lane_set(r, vece, i, lane_get(a, vece, (int)imm));
        }
        break;
    case IR_VOP_ZIP:
        for (int i = 0; i < lanes / 2; i++) {
            int k = (imm ? lanes / 2 : 0) + i;
            lane_set(r, vece, 2 * i, lane_get(a, vece, k));
            lane_set(r, vece, 2 * i + 1, lane_get(b, vece, k));
        }
        break;
    case IR_VOP_UZP:
        for (int i = 0; i < lanes; i++) {
            int k = 2 * i + (int)imm;
            lane_set(r, vece, i, k < lanes ? lane_get(a, vece, k) : lane_get(b, vece, k - lanes));
        }
        break;
    case IR_VOP_TRN:
        for (int i = 0; i < lanes / 2; i++) {
            lane_set(r, vece, 2 * i, lane_get(a, vece, 2 * i + (int)imm));
            lane_set(r, vece, 2 * i + 1, lane_get(b, vece, 2 * i + (int)imm));
        }
        break;
    case IR_VOP_NARROW: /* vece: the source lanes */
        memset(r, 0, 16);
        for (int i = 0; i < lanes; i++) {
            uint64_t x = lane_get(a, vece, i);
            lane_set(r, vece - 1, i, (imm < bits ? x >> imm : 0) & (mask >> (bits / 2)));
        }
        break;
    case IR_VOP_WIDENU:
    case IR_VOP_WIDENS: /* vece: the destination lanes */
        for (int i = 0; i < lanes; i++) {
            unsigned half = bits / 2;
            uint64_t x = lane_get(a + ((imm & 0x100) ? 8 : 0), vece - 1, i);
            if (vop == IR_VOP_WIDENS && (x >> (half - 1)) & 1) {
                x |= ~0ull << half;
            }
            lane_set(r, vece, i, (x << (imm & 0xff)) & mask);
        }
        break;
    default:
        for (int i = 0; i < lanes; i++) {
            uint64_t x = lane_get(a, vece, i), y = lane_get(b, vece, i), o = 0;
            int64_t sx = bits == 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
            switch (vop) {
            case IR_VOP_ADD:
                o = x + y;
                break;
            case IR_VOP_SUB:
                o = x - y;
                break;
            case IR_VOP_SHLI:
                o = imm < bits ? x << imm : 0;
                break;
            case IR_VOP_SHRI:
                o = imm < bits ? x >> imm : 0;
                break;
            case IR_VOP_SARI:
                o = (uint64_t)(sx >> (imm < bits ? imm : bits - 1));
                break;
            case IR_VOP_ANDC:
                o = x & ~y;
                break;
            case IR_VOP_CMPEQ:
                o = x == y ? ~0ull : 0;
                break;
            case IR_VOP_CMPEQ0:
                o = x == 0 ? ~0ull : 0;
                break;
            case IR_VOP_CMPGT:
            case IR_VOP_CMPGE:
            case IR_VOP_MAXS:
            case IR_VOP_MINS: {
                int64_t sy = bits == 64 ? (int64_t)y : (int64_t)(y << (64 - bits)) >> (64 - bits);
                o = vop == IR_VOP_CMPGT   ? (sx > sy ? ~0ull : 0)
                    : vop == IR_VOP_CMPGE ? (sx >= sy ? ~0ull : 0)
                    : vop == IR_VOP_MAXS  ? (sx > sy ? x : y)
                                          : (sx < sy ? x : y);
                break;
            }
            case IR_VOP_CMPHI:
                o = x > y ? ~0ull : 0;
                break;
            case IR_VOP_CMPHS:
                o = x >= y ? ~0ull : 0;
                break;
            case IR_VOP_MAXU:
                o = x > y ? x : y;
                break;
            case IR_VOP_MINU:
                o = x < y ? x : y;
                break;
            case IR_VOP_MUL:
                o = x * y;
                break;
            default:
                break;
            }
            lane_set(r, vece, i, o & mask);
        }
        break;
    }
    memcpy(d, r, 16);
}
