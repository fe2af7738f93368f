/*
 * disas-helpers.h - formatting helpers that the generated disassembler (a64-disas.c, from
 * the .decode templates) calls for operands and aliases a template cannot spell: a
 * template part {@NAME(field, ..., literal)} becomes
 *     dis_NAME(buf, len, pc, field_value, ..., literal);
 * which writes that part (NUL-terminated, truncated to len) in binutils' syntax,
 * choosing the Arm ARM's preferred alias.  Example: {@movw(2,sf,hw,imm,rd)} on MOVZ
 * x0, #0x1, lsl #16 writes "mov x0, #0x10000".
 */
#ifndef VEMU_DISAS_HELPERS_H
#define VEMU_DISAS_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#define DIS_HELPER(name, ...) void dis_##name(char *b, size_t n, uint64_t pc, __VA_ARGS__)

/* branches, exceptions, system (a64-branch-sys.decode) */
DIS_HELPER(tb, int64_t op, int64_t b5, int64_t b40, int64_t imm, int64_t rt);
DIS_HELPER(ret, int64_t rn);
DIS_HELPER(hint, int64_t crm, int64_t op2);
/* "x<r>", or for r = 31 "sp" (sp != 0) or "xzr", in buf (shared by the helpers below). */
const char *dis_xreg_name(char *buf, size_t len, int64_t r, int sp);

/* CPY*, CPYF*, SET* (disas-mops.c): kind 0 CPYF, 1 CPY, 2 SET */
DIS_HELPER(mops, int64_t kind, int64_t op1, int64_t op2, int64_t rd, int64_t rs, int64_t rn);
/* LDRAA/LDRAB (disas-pauth.c) */
DIS_HELPER(ldra, int64_t m, int64_t s, int64_t imm, int64_t w, int64_t rn, int64_t rt);
/* memory tagging (disas-mte.c) */
DIS_HELPER(addg, int64_t sub, int64_t uimm6, int64_t uimm4, int64_t rn, int64_t rd);
DIS_HELPER(ldst_tag, int64_t opc, int64_t idx, int64_t imm, int64_t rn, int64_t rt);
DIS_HELPER(stgp, int64_t idx, int64_t imm, int64_t rt2, int64_t rn, int64_t rt);
DIS_HELPER(dc_tags, int64_t crm, int64_t op2, int64_t rt);
DIS_HELPER(barrier, int64_t kind, int64_t crm);
DIS_HELPER(msr_i, int64_t op1, int64_t crm, int64_t op2);
DIS_HELPER(sys, int64_t l, int64_t op1, int64_t crn, int64_t crm, int64_t op2, int64_t rt);
DIS_HELPER(sysreg, int64_t op0, int64_t op1, int64_t crn, int64_t crm, int64_t op2);

/* integer data processing (a64-dp.decode) */
DIS_HELPER(logimm, int64_t opc, int64_t sf, int64_t nbit, int64_t immr, int64_t imms, int64_t rn,
           int64_t rd);
DIS_HELPER(movw, int64_t opc, int64_t sf, int64_t hw, int64_t imm, int64_t rd);
DIS_HELPER(bfm, int64_t opc, int64_t sf, int64_t immr, int64_t imms, int64_t rn, int64_t rd);
DIS_HELPER(extr, int64_t sf, int64_t rm, int64_t imms, int64_t rn, int64_t rd);
DIS_HELPER(logreg, int64_t opc, int64_t neg, int64_t sf, int64_t shift, int64_t rm, int64_t imm6,
           int64_t rn, int64_t rd);
DIS_HELPER(addsub_sr, int64_t sub, int64_t s, int64_t sf, int64_t shift, int64_t rm, int64_t imm6,
           int64_t rn, int64_t rd);
DIS_HELPER(addsub_ext, int64_t sub, int64_t s, int64_t sf, int64_t rm, int64_t option, int64_t imm3,
           int64_t rn, int64_t rd);
DIS_HELPER(adc, int64_t sub, int64_t s, int64_t sf, int64_t rm, int64_t rn, int64_t rd);
DIS_HELPER(csel, int64_t op, int64_t o2, int64_t sf, int64_t rm, int64_t cond, int64_t rn,
           int64_t rd);
DIS_HELPER(rev32, int64_t sf, int64_t rn, int64_t rd);
DIS_HELPER(crc, int64_t c, int64_t sz, int64_t sf, int64_t rm, int64_t rn, int64_t rd);
DIS_HELPER(madd, int64_t op, int64_t sf, int64_t rm, int64_t ra, int64_t rn, int64_t rd);

/* loads and stores (a64-ldst.decode) */
DIS_HELPER(ldx, int64_t kind, int64_t sz, int64_t l, int64_t rs, int64_t o0, int64_t rt2,
           int64_t rn, int64_t rt);
DIS_HELPER(ldapur, int64_t sz, int64_t opc, int64_t imm, int64_t rn, int64_t rt);
DIS_HELPER(ldrlit, int64_t fp, int64_t opc, int64_t imm, int64_t rt);
DIS_HELPER(ldstp, int64_t fp, int64_t opc, int64_t idx, int64_t l, int64_t imm, int64_t rt2,
           int64_t rn, int64_t rt);
DIS_HELPER(ldst, int64_t fp, int64_t mode, int64_t sz, int64_t opc, int64_t imm, int64_t idx,
           int64_t rm, int64_t rn, int64_t rt);
DIS_HELPER(atomic, int64_t op, int64_t sz, int64_t a, int64_t r, int64_t rs, int64_t rn,
           int64_t rt);
DIS_HELPER(ldst_vec, int64_t single, int64_t q, int64_t l, int64_t r, int64_t post, int64_t rm,
           int64_t op, int64_t s, int64_t sz, int64_t rn, int64_t rt);

/* scalar floating point (a64-fp.decode) */
DIS_HELPER(freg, int64_t type, int64_t r);
DIS_HELPER(fmovimm, int64_t type, int64_t imm8);
DIS_HELPER(fp1, int64_t opcode, int64_t type, int64_t rn, int64_t rd);
DIS_HELPER(fcmp, int64_t e, int64_t z, int64_t type, int64_t rm, int64_t rn);
DIS_HELPER(fccmp, int64_t e, int64_t type, int64_t rm, int64_t cond, int64_t rn, int64_t nzcv);
DIS_HELPER(fmov_gen, int64_t to_fp, int64_t sf, int64_t type, int64_t top, int64_t rn, int64_t rd);
DIS_HELPER(fcvt_gen, int64_t kind, int64_t sf, int64_t type, int64_t rmode, int64_t u,
           int64_t scale, int64_t rn, int64_t rd);

/* Advanced SIMD (a64-simd.decode) */
DIS_HELPER(copy, int64_t kind, int64_t q, int64_t imm5, int64_t imm4, int64_t rn, int64_t rd);
DIS_HELPER(v3same, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rm, int64_t rn,
           int64_t rd);
DIS_HELPER(v3diff, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rm, int64_t rn,
           int64_t rd);
DIS_HELPER(v2misc, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rn, int64_t rd);
DIS_HELPER(vacross, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t rn, int64_t rd);
DIS_HELPER(vshift, int64_t u, int64_t opc, int64_t q, int64_t immh, int64_t immb, int64_t rn,
           int64_t rd);
DIS_HELPER(vindexed, int64_t u, int64_t opc, int64_t q, int64_t size, int64_t l, int64_t m,
           int64_t rm, int64_t h, int64_t rn, int64_t rd);
DIS_HELPER(vperm, int64_t opc, int64_t q, int64_t size, int64_t rm, int64_t rn, int64_t rd);
DIS_HELPER(vtbl, int64_t q, int64_t len, int64_t op, int64_t rm, int64_t rn, int64_t rd);
DIS_HELPER(vext, int64_t q, int64_t rm, int64_t imm4, int64_t rn, int64_t rd);
DIS_HELPER(modimm, int64_t q, int64_t op, int64_t abc, int64_t cmode, int64_t o2, int64_t defgh,
           int64_t rd);

/* Armv8.1+ AdvSIMD/FP additions (a64-simd-ext.decode, a64-fp-ext.decode), in disas-ext.c */
DIS_HELPER(va, int64_t q, int64_t size);
DIS_HELPER(vaf, int64_t q, int64_t sz);
DIS_HELPER(vsreg, int64_t size, int64_t r);
DIS_HELPER(r5, int64_t m, int64_t rm);
DIS_HELPER(idx, int64_t h, int64_t l);
DIS_HELPER(idx3, int64_t h, int64_t l, int64_t m);
DIS_HELPER(rot, int64_t fcadd, int64_t rot);

/* half-precision AdvSIMD, FEAT_FP16 and FEAT_FHM (a64-simd-fp16.decode), in disas-fp16.c;
 * q = -1 selects the scalar form */
DIS_HELPER(h3same, int64_t u, int64_t a, int64_t opc, int64_t q, int64_t rm, int64_t rn,
           int64_t rd);
DIS_HELPER(h2misc, int64_t u, int64_t a, int64_t opc, int64_t q, int64_t rn, int64_t rd);
DIS_HELPER(hacross, int64_t a, int64_t maxv, int64_t q, int64_t rn, int64_t rd);
DIS_HELPER(hpair, int64_t a, int64_t opc, int64_t rn, int64_t rd);
DIS_HELPER(hindexed, int64_t u, int64_t opc, int64_t q, int64_t l, int64_t m, int64_t rm, int64_t h,
           int64_t rn, int64_t rd);
DIS_HELPER(hfix, int64_t u, int64_t fcvtz, int64_t q, int64_t imm4, int64_t rn, int64_t rd);
DIS_HELPER(hh, int64_t q);

#endif
