/*
 * helper-fp16.c - FEAT_FHM: FMLAL/FMLSL(2) multiply half-precision elements of Vn and Vm
 * and add the product to single-precision elements of Vd with one rounding (Arm ARM
 * FPMulAddH).
 *
 * The half operands are unpacked as FPUnpack does for N = 16 (FPCR.FZ16 flushes a
 * denormal to zero without IDC) and widened exactly to single precision, NaNs included
 * (a signalling NaN stays signalling, so FPProcessNaNs3H's priority, the quietening and
 * FPConvertNaN's payload come out of fp_muladd's single-precision NaN rules unchanged).
 * fp_muladd then does the fused single-precision multiply-add with FPCR.FZ, DN and the
 * rounding mode: the product of two widened halves is exact in single, and so is the
 * architectural one.
 * Example: fmlal v0.2s, v1.2h, v2.2h with v1.h[0] = 2.0, v2.h[0] = 3.0 and v0.s[0] = 1.0
 * gives v0.s[0] = 7.0.
 */
#include <string.h>

#include "target/aarch64/helper-fp16.h"

/* FPUnpack(N = 16) and exact widening to a single-precision bit pattern. */
static uint32_t half_to_single(const FpCtx *c, uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t e = (h >> 10) & 31, f = h & 0x3ff;
    if (e == 31) {
        return sign | 0x7f800000u | f << 13;
    }
    if (e == 0) {
        if (f == 0 || (c->fpcr & FPCR_FZ16)) {
            return sign;
        }
        e = 1; /* normalise the denormal 0.f * 2^-14 */
        while (!(f & 0x400)) {
            f <<= 1;
            e--;
        }
        f &= 0x3ff;
        return sign | (e + 127 - 15) << 23 | f << 13;
    }
    return sign | (e + 127 - 15) << 23 | f << 13;
}

bool simd_fhm(CPUArchState *env, uint64_t desc)
{
    int op = SD_OPC(desc);
    bool q = SD_Q(desc);
    unsigned imm = SD_IMM(desc);
    if (SD_SCALAR(desc) || op > (FHM_SUB | FHM_TOP)) {
        return false;
    }
    const Vreg n = env->vregs[SD_RN(desc)], m = env->vregs[SD_RM(desc)];
    Vreg r = env->vregs[SD_RD(desc)];
    FpCtx c = fp_ctx_begin(env);
    int ne = q ? 4 : 2;
    int base = (op & FHM_TOP) ? ne : 0;
    uint16_t neg = (op & FHM_SUB) ? 0x8000 : 0;
    for (int e = 0; e < ne; e++) {
        uint16_t hn = n.h[base + e] ^ neg;
        uint16_t hm = (imm & SXI_INDEXED) ? m.h[imm & 7] : m.h[base + e];
        r.s[e] = (uint32_t)fp_muladd(&c, 2, r.s[e], half_to_single(&c, hn), half_to_single(&c, hm),
                                     false, false);
    }
    if (!q) {
        r.d[1] = 0;
    }
    env->vregs[SD_RD(desc)] = r;
    fp_ctx_finish(env, &c);
    return true;
}

void helper_simd_fhm(CPUArchState *env, uint64_t desc)
{
    simd_fhm(env, desc);
}
