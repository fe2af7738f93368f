/*
 * x86-emit.h - a tiny x86-64 assembler used by the native backend (tcg/x86_64/native.c).
 *
 * Instructions are appended to a CodeBuf.  An opcode is an int: the low byte is the opcode
 * byte, and flag bits add the 0x0F escape, legacy prefixes and REX.W.  Operands are host
 * register numbers (X86_RAX..X86_R15) or [base + disp32] memory references.  Example:
 *     x86_op_rm(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RAX, X86_RBP, 16);  // mov rax, [rbp+16]
 *     x86_op_ri(cb, X86_ALU_ADD, true, X86_RAX, 5);                     // add rax, 5
 * Encodings follow the Intel SDM volume 2 (instruction format, ModR/M and SIB tables).
 */
#ifndef VEMU_TCG_X86_EMIT_H
#define VEMU_TCG_X86_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct CodeBuf {
    uint8_t *start; /* first byte of this block's code */
    uint8_t *ptr;   /* next byte to write */
    uint8_t *end;   /* writing at or past end means the block does not fit */
} CodeBuf;

enum {
    X86_RAX,
    X86_RCX,
    X86_RDX,
    X86_RBX,
    X86_RSP,
    X86_RBP,
    X86_RSI,
    X86_RDI,
    X86_R8,
    X86_R9,
    X86_R10,
    X86_R11,
    X86_R12,
    X86_R13,
    X86_R14,
    X86_R15,
};

/* Opcode flags. */
#define X86_P_EXT 0x100      /* 0x0F escape */
#define X86_P_EXT38 0x200    /* 0x0F 0x38 escape */
#define X86_P_DATA16 0x400   /* 0x66 prefix */
#define X86_P_REPZ 0x800     /* 0xF3 prefix */
#define X86_P_REPNZ 0x1000   /* 0xF2 prefix */
#define X86_P_W 0x2000       /* REX.W: 64-bit operand size */
#define X86_P_BYTEREG 0x4000 /* byte operand: force REX so 4-7 mean spl..dil, not ah..bh */

/* Opcodes (Intel SDM names: Gv = reg field, Ev = r/m field). */
#define X86_OPC_ADD_GvEv 0x03
#define X86_OPC_OR_GvEv 0x0b
#define X86_OPC_AND_GvEv 0x23
#define X86_OPC_SUB_GvEv 0x2b
#define X86_OPC_XOR_GvEv 0x33
#define X86_OPC_CMP_GvEv 0x3b
#define X86_OPC_ADC_GvEv 0x13
#define X86_OPC_SBB_GvEv 0x1b
#define X86_OPC_TEST_EvGv 0x85
#define X86_OPC_MOV_EbGb 0x88
#define X86_OPC_MOV_EvGv 0x89
#define X86_OPC_MOV_GvEv 0x8b
#define X86_OPC_LEA 0x8d
#define X86_OPC_MOVSLQ (0x63 | X86_P_W)
#define X86_OPC_IMUL_GvEv (0xaf | X86_P_EXT)
#define X86_OPC_MOVZBL (0xb6 | X86_P_EXT)
#define X86_OPC_MOVZWL (0xb7 | X86_P_EXT)
#define X86_OPC_MOVSBL (0xbe | X86_P_EXT)
#define X86_OPC_MOVSWL (0xbf | X86_P_EXT)
#define X86_OPC_BSF (0xbc | X86_P_EXT)
#define X86_OPC_BSR (0xbd | X86_P_EXT)
#define X86_OPC_POPCNT (0xb8 | X86_P_EXT | X86_P_REPZ)
#define X86_OPC_CMOVCC (0x40 | X86_P_EXT)
#define X86_OPC_SETCC (0x90 | X86_P_EXT)
#define X86_OPC_JCC_LONG (0x80 | X86_P_EXT)
#define X86_OPC_GRP3_Ev 0xf7 /* /2 not, /3 neg, /4 mul, /5 imul, /6 div, /7 idiv */
#define X86_OPC_SHIFT_Ev_1 0xd1
#define X86_OPC_SHIFT_Ev_CL 0xd3
#define X86_OPC_SHIFT_Ev_Ib 0xc1
#define X86_OPC_ARITH_EvIz 0x81
#define X86_OPC_ARITH_EvIb 0x83
#define X86_OPC_MOVDQU_VxWx (0x6f | X86_P_EXT | X86_P_REPZ)
#define X86_OPC_MOVDQU_WxVx (0x7f | X86_P_EXT | X86_P_REPZ)
#define X86_OPC_PAND (0xdb | X86_P_EXT | X86_P_DATA16)
#define X86_OPC_POR (0xeb | X86_P_EXT | X86_P_DATA16)
#define X86_OPC_PXOR (0xef | X86_P_EXT | X86_P_DATA16)

/* Group-1 ALU extensions (the /digit of 0x81 / 0x83) and their GvEv opcodes. */
enum {
    X86_ALU_ADD = 0,
    X86_ALU_OR = 1,
    X86_ALU_ADC = 2,
    X86_ALU_SBB = 3,
    X86_ALU_AND = 4,
    X86_ALU_SUB = 5,
    X86_ALU_XOR = 6,
    X86_ALU_CMP = 7
};
/* Group-2 shift extensions. */
enum {
    X86_SHIFT_ROL = 0,
    X86_SHIFT_ROR = 1,
    X86_SHIFT_SHL = 4,
    X86_SHIFT_SHR = 5,
    X86_SHIFT_SAR = 7
};

/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum {
    X86_CC_O = 0,
    X86_CC_NO = 1,
    X86_CC_B = 2,
    X86_CC_AE = 3,
    X86_CC_E = 4,
    X86_CC_NE = 5,
    X86_CC_BE = 6,
    X86_CC_A = 7,
    X86_CC_S = 8,
    X86_CC_NS = 9,
    X86_CC_L = 0xc,
    X86_CC_GE = 0xd,
    X86_CC_LE = 0xe,
    X86_CC_G = 0xf
};

static inline void x86_byte(CodeBuf *cb, uint8_t b)
{
    if (cb->ptr < cb->end) {
        *cb->ptr = b;
    }
    cb->ptr++;
}

static inline void x86_u32(CodeBuf *cb, uint32_t v)
{
    if (cb->ptr + 4 <= cb->end) {
        memcpy(cb->ptr, &v, 4);
    }
    cb->ptr += 4;
}

static inline void x86_u64(CodeBuf *cb, uint64_t v)
{
    if (cb->ptr + 8 <= cb->end) {
        memcpy(cb->ptr, &v, 8);
    }
    cb->ptr += 8;
}

/* Prefixes, REX and opcode bytes.  r: the ModR/M reg field (or /digit), x: SIB index,
 * b: the r/m or SIB base register. */
static inline void x86_opc(CodeBuf *cb, int opc, int r, int x, int b)
{
    if (opc & X86_P_DATA16) {
        x86_byte(cb, 0x66);
    }
    if (opc & X86_P_REPZ) {
        x86_byte(cb, 0xf3);
    } else if (opc & X86_P_REPNZ) {
        x86_byte(cb, 0xf2);
    }
    int rex = 0;
    rex |= (opc & X86_P_W) ? 8 : 0;
    rex |= (r & 8) ? 4 : 0;
    rex |= (x & 8) ? 2 : 0;
    rex |= (b & 8) ? 1 : 0;
    if (rex || ((opc & X86_P_BYTEREG) && ((r & ~3) == 4 || (b & ~3) == 4))) {
        x86_byte(cb, (uint8_t)(0x40 | rex));
    }
    if (opc & (X86_P_EXT | X86_P_EXT38)) {
        x86_byte(cb, 0x0f);
        if (opc & X86_P_EXT38) {
            x86_byte(cb, 0x38);
        }
    }
    x86_byte(cb, (uint8_t)opc);
}

/* op reg, rm (register direct). */
static inline void x86_op_rr(CodeBuf *cb, int opc, int r, int rm)
{
    x86_opc(cb, opc, r, 0, rm);
    x86_byte(cb, (uint8_t)(0xc0 | ((r & 7) << 3) | (rm & 7)));
}

/* ModR/M (+ SIB) and displacement for [base + index * (1 << shift) + disp], index -1 for
 * none (index must not be rsp; base rsp/r12 needs a SIB byte, base rbp/r13 a displacement). */
static inline void x86_modrm_mem(CodeBuf *cb, int r, int base, int index, int shift, int32_t disp)
{
    int mod;
    if (disp == 0 && (base & 7) != X86_RBP) {
        mod = 0;
    } else if (disp >= -128 && disp <= 127) {
        mod = 1;
    } else {
        mod = 2;
    }
    if (index >= 0 || (base & 7) == X86_RSP) {
        /* SIB; an index field of 100 (rsp) means none */
        int ix = index >= 0 ? index & 7 : 4;
        x86_byte(cb, (uint8_t)((mod << 6) | ((r & 7) << 3) | 4));
        x86_byte(cb, (uint8_t)(((index >= 0 ? shift : 0) << 6) | (ix << 3) | (base & 7)));
    } else {
        x86_byte(cb, (uint8_t)((mod << 6) | ((r & 7) << 3) | (base & 7)));
    }
    if (mod == 1) {
        x86_byte(cb, (uint8_t)(int8_t)disp);
    } else if (mod == 2) {
        x86_u32(cb, (uint32_t)disp);
    }
}

/* op reg, [base + disp]. */
static inline void x86_op_rm(CodeBuf *cb, int opc, int r, int base, int32_t disp)
{
    x86_opc(cb, opc, r, 0, base);
    x86_modrm_mem(cb, r, base, -1, 0, disp);
}

/* op reg, [base + index * (1 << shift) + disp] (index must not be rsp). */
static inline void x86_op_rm_index(CodeBuf *cb, int opc, int r, int base, int index, int shift,
                                   int32_t disp)
{
    x86_opc(cb, opc, r, index, base);
    x86_modrm_mem(cb, r, base, index, shift, disp);
}

/* A memory operand: [base + index * (1 << shift) + disp], index -1 for none. */
typedef struct X86Mem {
    int base, index, shift;
    int32_t disp;
} X86Mem;

static inline X86Mem x86_mem(int base, int32_t disp)
{
    return (X86Mem){base, -1, 0, disp};
}

static inline void x86_op_mem(CodeBuf *cb, int opc, int r, X86Mem m)
{
    if (m.index < 0) {
        x86_op_rm(cb, opc, r, m.base, m.disp);
    } else {
        x86_op_rm_index(cb, opc, r, m.base, m.index, m.shift, m.disp);
    }
}

static inline bool x86_fits_i32(int64_t v)
{
    return v == (int32_t)v;
}

/* ALU op reg, imm (group 1). */
static inline void x86_op_ri(CodeBuf *cb, int alu, bool w, int r, int32_t imm)
{
    int p = w ? X86_P_W : 0;
    if (imm >= -128 && imm <= 127) {
        x86_op_rr(cb, X86_OPC_ARITH_EvIb | p, alu, r);
        x86_byte(cb, (uint8_t)(int8_t)imm);
    } else {
        x86_op_rr(cb, X86_OPC_ARITH_EvIz | p, alu, r);
        x86_u32(cb, (uint32_t)imm);
    }
}

/* reg = constant, in the shortest form. */
static inline void x86_movi(CodeBuf *cb, int r, uint64_t v)
{
    if (v == 0) {
        x86_op_rr(cb, X86_OPC_XOR_GvEv, r, r);
    } else if (v <= UINT32_MAX) {
        x86_opc(cb, 0xb8 + (r & 7), 0, 0, r); /* mov r32, imm32 (zero-extends) */
        x86_u32(cb, (uint32_t)v);
    } else if (x86_fits_i32((int64_t)v)) {
        x86_op_rr(cb, 0xc7 | X86_P_W, 0, r); /* mov r64, simm32 */
        x86_u32(cb, (uint32_t)v);
    } else {
        x86_opc(cb, (0xb8 + (r & 7)) | X86_P_W, 0, 0, r); /* movabs */
        x86_u64(cb, v);
    }
}

/* Shift/rotate reg by an immediate count (group 2). */
static inline void x86_shift_ri(CodeBuf *cb, int ext, bool w, int r, unsigned count)
{
    int p = w ? X86_P_W : 0;
    if (count == 1) {
        x86_op_rr(cb, X86_OPC_SHIFT_Ev_1 | p, ext, r);
    } else {
        x86_op_rr(cb, X86_OPC_SHIFT_Ev_Ib | p, ext, r);
        x86_byte(cb, (uint8_t)count);
    }
}

/* jmp/jcc rel32 to an unknown target: returns the offset of the rel32 field. */
static inline uint8_t *x86_jcc_rel32(CodeBuf *cb, int cc)
{
    if (cc < 0) {
        x86_byte(cb, 0xe9);
    } else {
        x86_byte(cb, 0x0f);
        x86_byte(cb, (uint8_t)(0x80 | cc));
    }
    uint8_t *field = cb->ptr;
    x86_u32(cb, 0);
    return field;
}

/* Point a rel32 field at target. */
static inline void x86_patch_rel32(CodeBuf *cb, uint8_t *field, const uint8_t *target)
{
    if (field + 4 <= cb->end) {
        int32_t rel = (int32_t)(target - (field + 4));
        memcpy(field, &rel, 4);
    }
}

/* Short conditional jump over a known small distance; returns the rel8 byte to patch. */
static inline uint8_t *x86_jcc_rel8(CodeBuf *cb, int cc)
{
    x86_byte(cb, cc < 0 ? 0xeb : (uint8_t)(0x70 | cc));
    uint8_t *field = cb->ptr;
    x86_byte(cb, 0);
    return field;
}

static inline void x86_patch_rel8(CodeBuf *cb, uint8_t *field)
{
    if (field < cb->end) {
        *field = (uint8_t)(int8_t)(cb->ptr - (field + 1));
    }
}

static inline void x86_call_abs(CodeBuf *cb, const void *fn, int scratch)
{
    x86_movi(cb, scratch, (uint64_t)(uintptr_t)fn);
    x86_op_rr(cb, 0xff, 2, scratch); /* call *scratch */
}

static inline void x86_mfence(CodeBuf *cb)
{
    x86_byte(cb, 0x0f);
    x86_byte(cb, 0xae);
    x86_byte(cb, 0xf0);
}

#endif
