/*
 * translate-simd.c - trans_* functions for the A64 Advanced SIMD data-processing
 * instructions (patterns in a64-simd.decode).
 *
 * Element moves (DUP, INS, UMOV, SMOV, scalar DUP) and the modified-immediate group
 * (MOVI/MVNI/ORR/BIC/FMOV vector) are inline IR on env->vregs.  The arithmetic groups
 * become one call to a helper in helper-simd.c with a descriptor (simd_desc()); at
 * translate time the same C function is run once on a scratch CPU state to find out
 * whether the encoding is implemented (false -> SIGILL), so the decode tables and the
 * semantics cannot disagree.
 * Example: `cmeq v1.16b, v1.16b, #0` becomes
 *     call simd_2misc(env, simd_desc(rd=1, rn=1, 0, size=0, q=1, u=0, opc=0x09, 0, 0))
 */
#include <string.h>

#include "target/aarch64/cpu-models.h"
#include "target/aarch64/translate.h"
#include "a64-decode.h"
#include "target/aarch64/helper-vec.h"

/* translate-vec.c: the inline forms, tried first (false: use the helper) */
bool vec_3same_inline(DisasContext *s, const arg_SIMD_3SAME *a);
bool vec_2misc_inline(DisasContext *s, const arg_SIMD_2MISC *a);
bool vec_shiftimm_inline(DisasContext *s, const arg_SIMD_SHIFTIMM *a);
bool vec_ext_inline(DisasContext *s, const arg_SIMD_EXT *a);
bool vec_perm_inline(DisasContext *s, const arg_SIMD_PERM *a);
bool vec_indexed_fp_inline(DisasContext *s, const arg_SIMD_INDEXED *a, int vm, int idx);

SIMD_HELPER(simd_3same)
SIMD_HELPER(simd_3diff)
SIMD_HELPER(simd_2misc)
SIMD_HELPER(simd_across)
SIMD_HELPER(simd_pairwise_scalar)
SIMD_HELPER(simd_shift_imm)
SIMD_HELPER(simd_perm)
SIMD_HELPER(simd_tbl)
SIMD_HELPER(simd_ext)
SIMD_HELPER(simd_indexed)

bool gen_simd_call(DisasContext *s, IrHelper *h, bool (*check)(CPUArchState *, uint64_t),
                   uint64_t desc)
{
    static _Thread_local CPUArchState scratch;
    memset(&scratch.vregs, 0, sizeof(scratch.vregs));
    scratch.fpcr = 0;
    scratch.fpsr = 0;
    if (!check(&scratch, desc)) {
        return false;
    }
    ir_call2(s->ir, h, 0, IR_ENV, ir_const64(s->ir, desc));
    return true;
}

/* Store a 64-bit value into both halves (q) or the low half with the high half zeroed. */
static void store_vreg64(DisasContext *s, int rd, IrTemp lo, IrTemp hi)
{
    ir_st(s->ir, lo, IR_ENV, vreg_offset(rd), MO_64);
    ir_st(s->ir, hi, IR_ENV, vreg_offset(rd) + 8, MO_64);
}

static const uint64_t rep_mul[4] = {0x0101010101010101ull, 0x0001000100010001ull,
                                    0x0000000100000001ull, 1};

/* imm5 -> element size (or -1) and index */
static int imm5_size(int64_t imm5)
{
    if (!(imm5 & 15)) {
        return -1;
    }
    return __builtin_ctzll((uint64_t)imm5);
}

/* ---- copy ---- */

static void gen_dup(DisasContext *s, int rd, int q, int size, IrTemp v)
{
    IrTemp r = v;
    if (size < 3) {
        r = new_tmp(s);
        ir_mul(s->ir, r, v, ir_const64(s->ir, rep_mul[size]));
    }
    store_vreg64(s, rd, r, q ? r : ir_const64(s->ir, 0));
}

bool trans_DUP_elem(DisasContext *s, arg_DUP_elem *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0 || (size == 3 && !a->q)) {
        return false;
    }
    int idx = (int)(a->imm5 >> (size + 1));
    IrTemp v = new_tmp(s);
    ir_ld(s->ir, v, IR_ENV, vreg_elem_offset((int)a->rn, idx, size), (MemOp)size);
    gen_dup(s, (int)a->rd, (int)a->q, size, v);
    return true;
}

bool trans_DUP_gen(DisasContext *s, arg_DUP_gen *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0 || (size == 3 && !a->q)) {
        return false;
    }
    IrTemp v = read_xreg(s, (int)a->rn);
    if (size < 3) {
        IrTemp t = new_tmp(s);
        ir_andi(s->ir, t, v, (1ull << (8 << size)) - 1);
        v = t;
    }
    gen_dup(s, (int)a->rd, (int)a->q, size, v);
    return true;
}

bool trans_SMOV(DisasContext *s, arg_SMOV *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0 || size == 3 || (size == 2 && !a->q)) {
        return false;
    }
    int idx = (int)(a->imm5 >> (size + 1));
    IrTemp v = new_tmp(s);
    ir_ld(s->ir, v, IR_ENV, vreg_elem_offset((int)a->rn, idx, size), (MemOp)(size | MO_SIGN));
    if (a->q) {
        write_xreg(s, (int)a->rd, v);
    } else {
        write_wreg(s, (int)a->rd, v);
    }
    return true;
}

bool trans_UMOV(DisasContext *s, arg_UMOV *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0 || (a->q ? size != 3 : size == 3)) {
        return false;
    }
    int idx = (int)(a->imm5 >> (size + 1));
    IrTemp v = new_tmp(s);
    ir_ld(s->ir, v, IR_ENV, vreg_elem_offset((int)a->rn, idx, size), (MemOp)size);
    write_xreg(s, (int)a->rd, v);
    return true;
}

bool trans_INS_gen(DisasContext *s, arg_INS_gen *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0) {
        return false;
    }
    int idx = (int)(a->imm5 >> (size + 1));
    ir_st(s->ir, read_xreg(s, (int)a->rn), IR_ENV, vreg_elem_offset((int)a->rd, idx, size),
          (MemOp)size);
    return true;
}

bool trans_INS_elem(DisasContext *s, arg_INS_elem *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0) {
        return false;
    }
    int dst = (int)(a->imm5 >> (size + 1));
    int src = (int)(a->imm4 >> size);
    IrTemp v = new_tmp(s);
    ir_ld(s->ir, v, IR_ENV, vreg_elem_offset((int)a->rn, src, size), (MemOp)size);
    ir_st(s->ir, v, IR_ENV, vreg_elem_offset((int)a->rd, dst, size), (MemOp)size);
    return true;
}

bool trans_DUP_scalar(DisasContext *s, arg_DUP_scalar *a)
{
    int size = imm5_size(a->imm5);
    if (size < 0) {
        return false;
    }
    int idx = (int)(a->imm5 >> (size + 1));
    IrTemp v = new_tmp(s);
    ir_ld(s->ir, v, IR_ENV, vreg_elem_offset((int)a->rn, idx, size), (MemOp)size);
    store_vreg64(s, (int)a->rd, v, ir_const64(s->ir, 0));
    return true;
}

/* ---- modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector, immediate) ---- */

bool trans_SIMD_MODIMM(DisasContext *s, arg_SIMD_MODIMM *a)
{
    unsigned imm8 = (unsigned)(a->abc << 5 | a->defgh);
    int cmode = (int)a->cmode;
    int op = (int)a->op;
    uint64_t imm;
    enum { K_MOV, K_ORR, K_BIC } kind = K_MOV;
    bool invert = false;

    if (a->o2) { /* FMOV (vector, immediate, half precision): FEAT_FP16 */
        if (cmode != 15 || op || !(s->env->hwcap & A64_HWCAP_ASIMDHP)) {
            return false;
        }
        imm = vfp_expand_imm(1, imm8) * rep_mul[1];
    } else {
        switch (cmode >> 1) {
        case 0:
        case 1:
        case 2:
        case 3: { /* 32-bit shifted immediate */
            uint64_t v = (uint64_t)imm8 << (8 * (cmode >> 1));
            imm = v | v << 32;
            kind = (cmode & 1) ? (op ? K_BIC : K_ORR) : K_MOV;
            invert = !(cmode & 1) && op;
            break;
        }
        case 4:
        case 5: { /* 16-bit shifted immediate */
            uint64_t v = (uint64_t)imm8 << (8 * ((cmode >> 1) & 1));
            imm = v * rep_mul[1];
            kind = (cmode & 1) ? (op ? K_BIC : K_ORR) : K_MOV;
            invert = !(cmode & 1) && op;
            break;
        }
        case 6: { /* MSL: shifting ones */
            uint64_t v =
                (cmode & 1) ? ((uint64_t)imm8 << 16 | 0xffff) : ((uint64_t)imm8 << 8 | 0xff);
            imm = v | v << 32;
            invert = op;
            break;
        }
        default:
            if (!(cmode & 1)) {
                if (!op) {
                    imm = imm8 * rep_mul[0];
                } else {
                    imm = 0;
                    for (int i = 0; i < 8; i++) {
                        if (imm8 >> i & 1) {
                            imm |= 0xffull << (8 * i);
                        }
                    }
                }
            } else if (!op) {
                uint64_t v = vfp_expand_imm(2, imm8);
                imm = v | v << 32;
            } else {
                if (!a->q) {
                    return false;
                }
                imm = vfp_expand_imm(3, imm8);
            }
            break;
        }
    }
    if (invert) {
        imm = ~imm;
    }
    int rd = (int)a->rd;
    IrContext *ir = s->ir;
    IrTemp zero = ir_const64(ir, 0);
    if (kind == K_MOV) {
        IrTemp c = ir_const64(ir, imm);
        store_vreg64(s, rd, c, a->q ? c : zero);
        return true;
    }
    for (int half = 0; half < 2; half++) {
        if (half && !a->q) {
            ir_st(ir, zero, IR_ENV, vreg_offset(rd) + 8, MO_64);
            break;
        }
        IrTemp t = new_tmp(s);
        ir_ld(ir, t, IR_ENV, vreg_offset(rd) + 8 * half, MO_64);
        if (kind == K_ORR) {
            ir_ori(ir, t, t, imm);
        } else {
            ir_andi(ir, t, t, ~imm);
        }
        ir_st(ir, t, IR_ENV, vreg_offset(rd) + 8 * half, MO_64);
    }
    return true;
}

/* ---- vector groups ---- */

bool trans_SIMD_TBL(DisasContext *s, arg_SIMD_TBL *a)
{
    return gen_simd_call(
        s, &h_simd_tbl, simd_tbl,
        simd_desc(a->rd, a->rn, a->rm, 0, a->q, 0, 0, 0, (unsigned)(a->len | a->op << 2)));
}

bool trans_SIMD_PERM(DisasContext *s, arg_SIMD_PERM *a)
{
    if (vec_perm_inline(s, a)) {
        return true;
    }
    return gen_simd_call(s, &h_simd_perm, simd_perm,
                         simd_desc(a->rd, a->rn, a->rm, a->size, a->q, 0, a->opc, 0, 0));
}

bool trans_SIMD_EXT(DisasContext *s, arg_SIMD_EXT *a)
{
    if (vec_ext_inline(s, a)) {
        return true;
    }
    return gen_simd_call(s, &h_simd_ext, simd_ext,
                         simd_desc(a->rd, a->rn, a->rm, 0, a->q, 0, 0, 0, (unsigned)a->imm4));
}

bool trans_SIMD_SHIFTIMM(DisasContext *s, arg_SIMD_SHIFTIMM *a)
{
    if (vec_shiftimm_inline(s, a)) {
        return true;
    }
    return gen_simd_call(
        s, &h_simd_shift_imm, simd_shift_imm,
        simd_desc(a->rd, a->rn, 0, 0, a->q, a->u, a->opc, 0, (unsigned)(a->immh << 3 | a->immb)));
}

/* Element index and full Vm number of a by-element instruction (-1 if unallocated). */
static int indexed_args(int64_t u, int64_t size, int64_t l, int64_t m, int64_t rm, int64_t opc,
                        int64_t h, int *vm)
{
    bool is_fp = !u ? (opc == 0x1 || opc == 0x5 || opc == 0x9) : opc == 0x9;
    if (is_fp) {
        *vm = (int)(m << 4 | rm);
        if (size == 2) {
            return (int)(h << 1 | l);
        }
        if (size == 3 && !l) {
            return (int)h;
        }
        return -1;
    }
    if (size == 1) {
        *vm = (int)rm;
        return (int)(h << 2 | l << 1 | m);
    }
    if (size == 2) {
        *vm = (int)(m << 4 | rm);
        return (int)(h << 1 | l);
    }
    return -1;
}

bool trans_SIMD_INDEXED(DisasContext *s, arg_SIMD_INDEXED *a)
{
    int vm;
    int idx = indexed_args(a->u, a->size, a->l, a->m, a->rm, a->opc, a->h, &vm);
    if (idx < 0) {
        return false;
    }
    if (vec_indexed_fp_inline(s, a, vm, idx)) {
        return true;
    }
    return gen_simd_call(s, &h_simd_indexed, simd_indexed,
                         simd_desc(a->rd, a->rn, vm, a->size, a->q, a->u, a->opc, 0, idx));
}

bool trans_SIMD_3SAME(DisasContext *s, arg_SIMD_3SAME *a)
{
    if (vec_3same_inline(s, a)) {
        return true;
    }
    return gen_simd_call(s, &h_simd_3same, simd_3same,
                         simd_desc(a->rd, a->rn, a->rm, a->size, a->q, a->u, a->opc, 0, 0));
}

bool trans_SIMD_3DIFF(DisasContext *s, arg_SIMD_3DIFF *a)
{
    return gen_simd_call(s, &h_simd_3diff, simd_3diff,
                         simd_desc(a->rd, a->rn, a->rm, a->size, a->q, a->u, a->opc, 0, 0));
}

bool trans_SIMD_2MISC(DisasContext *s, arg_SIMD_2MISC *a)
{
    if (vec_2misc_inline(s, a)) {
        return true;
    }
    return gen_simd_call(s, &h_simd_2misc, simd_2misc,
                         simd_desc(a->rd, a->rn, 0, a->size, a->q, a->u, a->opc, 0, 0));
}

bool trans_SIMD_ACROSS(DisasContext *s, arg_SIMD_ACROSS *a)
{
    return gen_simd_call(s, &h_simd_across, simd_across,
                         simd_desc(a->rd, a->rn, 0, a->size, a->q, a->u, a->opc, 0, 0));
}

/* ---- scalar groups ---- */

bool trans_SIMDS_3SAME(DisasContext *s, arg_SIMDS_3SAME *a)
{
    return gen_simd_call(s, &h_simd_3same, simd_3same,
                         simd_desc(a->rd, a->rn, a->rm, a->size, 0, a->u, a->opc, 1, 0));
}

bool trans_SIMDS_3DIFF(DisasContext *s, arg_SIMDS_3DIFF *a)
{
    return gen_simd_call(s, &h_simd_3diff, simd_3diff,
                         simd_desc(a->rd, a->rn, a->rm, a->size, 0, a->u, a->opc, 1, 0));
}

bool trans_SIMDS_2MISC(DisasContext *s, arg_SIMDS_2MISC *a)
{
    return gen_simd_call(s, &h_simd_2misc, simd_2misc,
                         simd_desc(a->rd, a->rn, 0, a->size, 0, a->u, a->opc, 1, 0));
}

bool trans_SIMDS_PAIR(DisasContext *s, arg_SIMDS_PAIR *a)
{
    return gen_simd_call(s, &h_simd_pairwise_scalar, simd_pairwise_scalar,
                         simd_desc(a->rd, a->rn, 0, a->size, 0, a->u, a->opc, 1, 0));
}

bool trans_SIMDS_SHIFTIMM(DisasContext *s, arg_SIMDS_SHIFTIMM *a)
{
    return gen_simd_call(
        s, &h_simd_shift_imm, simd_shift_imm,
        simd_desc(a->rd, a->rn, 0, 0, 0, a->u, a->opc, 1, (unsigned)(a->immh << 3 | a->immb)));
}

bool trans_SIMDS_INDEXED(DisasContext *s, arg_SIMDS_INDEXED *a)
{
    int vm;
    int idx = indexed_args(a->u, a->size, a->l, a->m, a->rm, a->opc, a->h, &vm);
    if (idx < 0) {
        return false;
    }
    return gen_simd_call(s, &h_simd_indexed, simd_indexed,
                         simd_desc(a->rd, a->rn, vm, a->size, 0, a->u, a->opc, 1, idx));
}

/* ---- per-mnemonic aliases (a64-simd.decode): same semantics as the group patterns ---- */

/* (through the group's trans_ function, which tries the inline forms first) */
#define ALIAS_3SAME(NAME, U, OPC)                                                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        arg_SIMD_3SAME g = {a->q, U, a->size, a->rm, OPC, a->rn, a->rd};                           \
        return trans_SIMD_3SAME(s, &g);                                                            \
    }
#define ALIAS_LOGIC(NAME, U, SZ)                                                                   \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        arg_SIMD_3SAME g = {a->q, U, SZ, a->rm, 0x03, a->rn, a->rd};                               \
        return trans_SIMD_3SAME(s, &g);                                                            \
    }
#define ALIAS_FP3(NAME, U, A, OPC)                                                                 \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        arg_SIMD_3SAME g = {a->q, U, (A) << 1 | a->sz, a->rm, OPC, a->rn, a->rd};                  \
        return trans_SIMD_3SAME(s, &g);                                                            \
    }
#define ALIAS_2MISC(NAME, U, OPC)                                                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        arg_SIMD_2MISC g = {a->q, U, a->size, OPC, a->rn, a->rd};                                  \
        return trans_SIMD_2MISC(s, &g);                                                            \
    }
#define ALIAS_ACROSS(NAME, U, OPC)                                                                 \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_simd_call(s, &h_simd_across, simd_across,                                       \
                             simd_desc(a->rd, a->rn, 0, a->size, a->q, U, OPC, 0, 0));             \
    }
#define ALIAS_SHIFT(NAME, U, OPC)                                                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        arg_SIMD_SHIFTIMM g = {a->q, U, a->immh, a->immb, OPC, a->rn, a->rd};                      \
        return trans_SIMD_SHIFTIMM(s, &g);                                                         \
    }
#define ALIAS_PERM(NAME, OPC)                                                                      \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return gen_simd_call(s, &h_simd_perm, simd_perm,                                           \
                             simd_desc(a->rd, a->rn, a->rm, a->size, a->q, 0, OPC, 0, 0));         \
    }

/* clang-format off */
ALIAS_3SAME(V_SHADD, 0, 0x00)
ALIAS_3SAME(V_UHADD, 1, 0x00)
ALIAS_3SAME(V_SQADD, 0, 0x01)
ALIAS_3SAME(V_UQADD, 1, 0x01)
ALIAS_3SAME(V_SRHADD, 0, 0x02)
ALIAS_3SAME(V_URHADD, 1, 0x02)
ALIAS_3SAME(V_SHSUB, 0, 0x04)
ALIAS_3SAME(V_UHSUB, 1, 0x04)
ALIAS_3SAME(V_SQSUB, 0, 0x05)
ALIAS_3SAME(V_UQSUB, 1, 0x05)
ALIAS_3SAME(V_CMGT, 0, 0x06)
ALIAS_3SAME(V_CMHI, 1, 0x06)
ALIAS_3SAME(V_CMGE, 0, 0x07)
ALIAS_3SAME(V_CMHS, 1, 0x07)
ALIAS_3SAME(V_SSHL, 0, 0x08)
ALIAS_3SAME(V_USHL, 1, 0x08)
ALIAS_3SAME(V_SQSHL, 0, 0x09)
ALIAS_3SAME(V_UQSHL, 1, 0x09)
ALIAS_3SAME(V_SRSHL, 0, 0x0a)
ALIAS_3SAME(V_URSHL, 1, 0x0a)
ALIAS_3SAME(V_SQRSHL, 0, 0x0b)
ALIAS_3SAME(V_UQRSHL, 1, 0x0b)
ALIAS_3SAME(V_SMAX, 0, 0x0c)
ALIAS_3SAME(V_UMAX, 1, 0x0c)
ALIAS_3SAME(V_SMIN, 0, 0x0d)
ALIAS_3SAME(V_UMIN, 1, 0x0d)
ALIAS_3SAME(V_SABD, 0, 0x0e)
ALIAS_3SAME(V_UABD, 1, 0x0e)
ALIAS_3SAME(V_SABA, 0, 0x0f)
ALIAS_3SAME(V_UABA, 1, 0x0f)
ALIAS_3SAME(V_ADD, 0, 0x10)
ALIAS_3SAME(V_SUB, 1, 0x10)
ALIAS_3SAME(V_CMTST, 0, 0x11)
ALIAS_3SAME(V_CMEQ, 1, 0x11)
ALIAS_3SAME(V_MLA, 0, 0x12)
ALIAS_3SAME(V_MLS, 1, 0x12)
ALIAS_3SAME(V_MUL, 0, 0x13)
ALIAS_3SAME(V_PMUL, 1, 0x13)
ALIAS_3SAME(V_SMAXP, 0, 0x14)
ALIAS_3SAME(V_UMAXP, 1, 0x14)
ALIAS_3SAME(V_SMINP, 0, 0x15)
ALIAS_3SAME(V_UMINP, 1, 0x15)
ALIAS_3SAME(V_SQDMULH, 0, 0x16)
ALIAS_3SAME(V_SQRDMULH, 1, 0x16)
ALIAS_3SAME(V_ADDP, 0, 0x17)
ALIAS_LOGIC(V_AND, 0, 0)
ALIAS_LOGIC(V_BIC, 0, 1)
ALIAS_LOGIC(V_ORR, 0, 2)
ALIAS_LOGIC(V_ORN, 0, 3)
ALIAS_LOGIC(V_EOR, 1, 0)
ALIAS_LOGIC(V_BSL, 1, 1)
ALIAS_LOGIC(V_BIT, 1, 2)
ALIAS_LOGIC(V_BIF, 1, 3)
ALIAS_FP3(V_FMAXNM, 0, 0, 0x18)
ALIAS_FP3(V_FMLA, 0, 0, 0x19)
ALIAS_FP3(V_FADD, 0, 0, 0x1a)
ALIAS_FP3(V_FMULX, 0, 0, 0x1b)
ALIAS_FP3(V_FCMEQ, 0, 0, 0x1c)
ALIAS_FP3(V_FMAX, 0, 0, 0x1e)
ALIAS_FP3(V_FRECPS, 0, 0, 0x1f)
ALIAS_FP3(V_FMINNM, 0, 1, 0x18)
ALIAS_FP3(V_FMLS, 0, 1, 0x19)
ALIAS_FP3(V_FSUB, 0, 1, 0x1a)
ALIAS_FP3(V_FMIN, 0, 1, 0x1e)
ALIAS_FP3(V_FRSQRTS, 0, 1, 0x1f)
ALIAS_FP3(V_FMAXNMP, 1, 0, 0x18)
ALIAS_FP3(V_FADDP, 1, 0, 0x1a)
ALIAS_FP3(V_FMUL, 1, 0, 0x1b)
ALIAS_FP3(V_FCMGE, 1, 0, 0x1c)
ALIAS_FP3(V_FACGE, 1, 0, 0x1d)
ALIAS_FP3(V_FMAXP, 1, 0, 0x1e)
ALIAS_FP3(V_FDIV, 1, 0, 0x1f)
ALIAS_FP3(V_FMINNMP, 1, 1, 0x18)
ALIAS_FP3(V_FABD, 1, 1, 0x1a)
ALIAS_FP3(V_FCMGT, 1, 1, 0x1c)
ALIAS_FP3(V_FACGT, 1, 1, 0x1d)
ALIAS_FP3(V_FMINP, 1, 1, 0x1e)
ALIAS_2MISC(V_REV64, 0, 0x00)
ALIAS_2MISC(V_REV32, 1, 0x00)
ALIAS_2MISC(V_REV16, 0, 0x01)
ALIAS_2MISC(V_SADDLP, 0, 0x02)
ALIAS_2MISC(V_UADDLP, 1, 0x02)
ALIAS_2MISC(V_SUQADD, 0, 0x03)
ALIAS_2MISC(V_USQADD, 1, 0x03)
ALIAS_2MISC(V_CLS, 0, 0x04)
ALIAS_2MISC(V_CLZ, 1, 0x04)
ALIAS_2MISC(V_CNT, 0, 0x05)
ALIAS_2MISC(V_NOT_RBIT, 1, 0x05)
ALIAS_2MISC(V_SADALP, 0, 0x06)
ALIAS_2MISC(V_UADALP, 1, 0x06)
ALIAS_2MISC(V_SQABS, 0, 0x07)
ALIAS_2MISC(V_SQNEG, 1, 0x07)
ALIAS_2MISC(V_CMGT0, 0, 0x08)
ALIAS_2MISC(V_CMGE0, 1, 0x08)
ALIAS_2MISC(V_CMEQ0, 0, 0x09)
ALIAS_2MISC(V_CMLE0, 1, 0x09)
ALIAS_2MISC(V_CMLT0, 0, 0x0a)
ALIAS_2MISC(V_ABS, 0, 0x0b)
ALIAS_2MISC(V_NEG, 1, 0x0b)
ALIAS_2MISC(V_XTN, 0, 0x12)
ALIAS_2MISC(V_SQXTUN, 1, 0x12)
ALIAS_2MISC(V_SHLL, 1, 0x13)
ALIAS_2MISC(V_SQXTN, 0, 0x14)
ALIAS_2MISC(V_UQXTN, 1, 0x14)
ALIAS_2MISC(V_FCVTN, 0, 0x16)
ALIAS_2MISC(V_FCVTXN, 1, 0x16)
ALIAS_2MISC(V_FCVTL, 0, 0x17)
ALIAS_ACROSS(V_SADDLV, 0, 0x03)
ALIAS_ACROSS(V_UADDLV, 1, 0x03)
ALIAS_ACROSS(V_SMAXV, 0, 0x0a)
ALIAS_ACROSS(V_UMAXV, 1, 0x0a)
ALIAS_ACROSS(V_SMINV, 0, 0x1a)
ALIAS_ACROSS(V_UMINV, 1, 0x1a)
ALIAS_ACROSS(V_ADDV, 0, 0x1b)
ALIAS_SHIFT(V_SSHR_I, 0, 0x00)
ALIAS_SHIFT(V_USHR_I, 1, 0x00)
ALIAS_SHIFT(V_SSRA_I, 0, 0x02)
ALIAS_SHIFT(V_USRA_I, 1, 0x02)
ALIAS_SHIFT(V_SRSHR_I, 0, 0x04)
ALIAS_SHIFT(V_URSHR_I, 1, 0x04)
ALIAS_SHIFT(V_SRSRA_I, 0, 0x06)
ALIAS_SHIFT(V_URSRA_I, 1, 0x06)
ALIAS_SHIFT(V_SRI_I, 1, 0x08)
ALIAS_SHIFT(V_SHL_I, 0, 0x0a)
ALIAS_SHIFT(V_SLI_I, 1, 0x0a)
ALIAS_SHIFT(V_SQSHLU_I, 1, 0x0c)
ALIAS_SHIFT(V_SQSHL_I, 0, 0x0e)
ALIAS_SHIFT(V_UQSHL_I, 1, 0x0e)
ALIAS_SHIFT(V_SHRN_I, 0, 0x10)
ALIAS_SHIFT(V_SQSHRUN_I, 1, 0x10)
ALIAS_SHIFT(V_RSHRN_I, 0, 0x11)
ALIAS_SHIFT(V_SQRSHRUN_I, 1, 0x11)
ALIAS_SHIFT(V_SQSHRN_I, 0, 0x12)
ALIAS_SHIFT(V_UQSHRN_I, 1, 0x12)
ALIAS_SHIFT(V_SQRSHRN_I, 0, 0x13)
ALIAS_SHIFT(V_UQRSHRN_I, 1, 0x13)
ALIAS_SHIFT(V_SSHLL_I, 0, 0x14)
ALIAS_SHIFT(V_USHLL_I, 1, 0x14)
ALIAS_SHIFT(V_SCVTF_I, 0, 0x1c)
ALIAS_SHIFT(V_UCVTF_I, 1, 0x1c)
ALIAS_SHIFT(V_FCVTZS_I, 0, 0x1f)
ALIAS_SHIFT(V_FCVTZU_I, 1, 0x1f)
ALIAS_PERM(V_UZP1, 1)
ALIAS_PERM(V_TRN1, 2)
ALIAS_PERM(V_ZIP1, 3)
ALIAS_PERM(V_UZP2, 5)
ALIAS_PERM(V_TRN2, 6)
ALIAS_PERM(V_ZIP2, 7)
/* clang-format on */
