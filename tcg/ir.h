/*
 * ir.h - vemu's intermediate representation (IR): what a guest front end emits for one
 * translation block (TB), what the optimizer rewrites and what a backend executes.
 *
 * The IR is a linear list of ops over typed temps:
 *   - types: IR_I32, IR_I64 and IR_V128 (128-bit vector values for AdvSIMD);
 *   - temps: globals (fixed fields of CPUArchState, e.g. x0 or NZCV words), locals (per
 *     block, values survive labels and branches), constants, and the env pointer;
 *   - ops: arithmetic and logic, extensions, setcond/movcond, branches and labels, host
 *     loads/stores relative to env, guest memory ops carrying size/sign/alignment, helper
 *     calls with declared side effects, and block terminals (goto_tb/exit_tb/goto_ptr).
 * I32 ops compute on the low 32 bits; the result's upper bits are undefined to a native
 * backend but the interpreter keeps them zero.
 *
 * Example (x1 = x2 + 5, then end the block):
 *     IrTemp t = ir_new_temp(ir, IR_I64);
 *     ir_add(ir, t, x2, ir_const64(ir, 5));
 *     ir_mov(ir, x1, t);
 *     ir_exit_tb(ir, NULL, 0);
 */
#ifndef VEMU_TCG_IR_H
#define VEMU_TCG_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum IrType { IR_I32, IR_I64, IR_V128, IR_VOID } IrType;

typedef enum IrTempKind {
    IR_TEMP_ENV,    /* the CPUArchState pointer (temp 0) */
    IR_TEMP_GLOBAL, /* a field of CPUArchState at a fixed offset */
    IR_TEMP_LOCAL,  /* per block; value survives labels and branches */
    IR_TEMP_CONST,  /* an immutable constant */
} IrTempKind;

typedef uint32_t IrTemp; /* index into IrContext.temps */
typedef uint32_t IrLabel;

#define IR_ENV ((IrTemp)0)

/* Conditions for setcond/movcond/brcond. Signed/unsigned comparisons at the op's type. */
typedef enum IrCond {
    IR_COND_NEVER,
    IR_COND_ALWAYS,
    IR_COND_EQ,
    IR_COND_NE,
    IR_COND_LT,
    IR_COND_GE,
    IR_COND_LE,
    IR_COND_GT,
    IR_COND_LTU,
    IR_COND_GEU,
    IR_COND_LEU,
    IR_COND_GTU,
    IR_COND_TSTEQ, /* (a & b) == 0 */
    IR_COND_TSTNE, /* (a & b) != 0 */
} IrCond;

/* The value of cond(a, b) at type ty (I32 compares the low 32 bits).  Shared by the
 * interpreter and the optimizer so the semantics are written once. */
static inline bool ir_eval_cond(IrCond cond, IrType ty, uint64_t a, uint64_t b)
{
    if (ty == IR_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    int64_t sa = ty == IR_I32 ? (int64_t)(int32_t)a : (int64_t)a;
    int64_t sb = ty == IR_I32 ? (int64_t)(int32_t)b : (int64_t)b;
    switch (cond) {
    case IR_COND_ALWAYS:
        return true;
    case IR_COND_EQ:
        return a == b;
    case IR_COND_NE:
        return a != b;
    case IR_COND_LT:
        return sa < sb;
    case IR_COND_GE:
        return sa >= sb;
    case IR_COND_LE:
        return sa <= sb;
    case IR_COND_GT:
        return sa > sb;
    case IR_COND_LTU:
        return a < b;
    case IR_COND_GEU:
        return a >= b;
    case IR_COND_LEU:
        return a <= b;
    case IR_COND_GTU:
        return a > b;
    case IR_COND_TSTEQ:
        return (a & b) == 0;
    case IR_COND_TSTNE:
        return (a & b) != 0;
    case IR_COND_NEVER:
    default:
        return false;
    }
}

/* Memory access descriptor for ld/st/qld/qst (always little-endian). */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_128 = 4, /* IR_V128 value */
    MO_SIZE = 7,
    MO_SIGN = 8,     /* sign-extend the loaded value to the op's type */
    MO_ALIGN = 16,   /* fault (EXCP_ALIGN) unless naturally aligned */
    MO_ALIGN16 = 32, /* fault unless 16-byte aligned (pair exclusives) */
    MO_ATOMIC = 64,  /* single-copy atomic (informational for backends) */
    /* Bits 8-11 of a guest access (qld/qst): the MMU index, i.e. the translation regime
     * and privilege the access is checked with (target-defined; aarch64: cpu.h
     * A64_MMU_*).  User mode maps every index to guest_base + address; a system-mode TLB
     * indexes its tables by it.  ir_qld/ir_qst fill in IrContext.mmu_idx. */
    MO_MMU_SHIFT = 8,
    MO_MMU_MASK = 15 << 8,
} MemOp;

#define MO_MMU(idx) ((MemOp)((unsigned)(idx) << MO_MMU_SHIFT))
static inline unsigned mo_mmu_idx(unsigned mop)
{
    return (mop & MO_MMU_MASK) >> MO_MMU_SHIFT;
}

typedef enum IrOpc {
    /* o, a */
    IR_MOV,
    IR_NEG,
    IR_NOT,
    IR_CTPOP,
    IR_BSWAP16, /* swap bytes within the low 16 bits, zero the rest */
    IR_BSWAP32, /* swap bytes within the low 32 bits, zero the rest (on I64) */
    IR_BSWAP64,
    IR_EXT8S,
    IR_EXT8U,
    IR_EXT16S,
    IR_EXT16U,
    IR_EXT32S, /* I64 only */
    IR_EXT32U, /* I64 only */
    IR_EXTRL,  /* I32 o = low 32 bits of I64 a */
    IR_EXTRH,  /* I32 o = high 32 bits of I64 a */
    IR_EXTU,   /* I64 o = zero-extended I32 a */
    IR_EXTS,   /* I64 o = sign-extended I32 a */
    /* o, a, b */
    IR_ADD,
    IR_SUB,
    IR_MUL,
    IR_AND,
    IR_OR,
    IR_XOR,
    IR_ANDC, /* a & ~b */
    IR_ORC,  /* a | ~b */
    IR_EQV,  /* ~(a ^ b) */
    IR_SHL,  /* shift count taken modulo the type width */
    IR_SHR,
    IR_SAR,
    IR_ROTL,
    IR_ROTR,
    IR_DIVS, /* b == 0 -> 0; INT_MIN / -1 -> INT_MIN (A64 semantics) */
    IR_DIVU, /* b == 0 -> 0 */
    IR_REMS, /* b == 0 -> a */
    IR_REMU,
    IR_MULUH, /* high half of unsigned product */
    IR_MULSH, /* high half of signed product */
    IR_CLZ,   /* o = a ? clz(a) : b */
    IR_CTZ,   /* o = a ? ctz(a) : b */
    /* o, a, c:pos, c:len */
    IR_EXTRACT,  /* unsigned bitfield (a >> pos) & ((1 << len) - 1) */
    IR_SEXTRACT, /* signed bitfield */
    /* o, a, b, c:pos, c:len: o = a with bits [pos, pos+len) replaced by low bits of b */
    IR_DEPOSIT,
    /* o, a, b, c:cond: o = cond(a, b) ? 1 : 0 */
    IR_SETCOND,
    /* o, c1, c2, v1, v2, c:cond: o = cond(c1, c2) ? v1 : v2 */
    IR_MOVCOND,
    /* olo, ohi, alo, ahi, blo, bhi: double-word add/sub */
    IR_ADD2,
    IR_SUB2,
    /* olo, ohi, a, b: full product */
    IR_MULU2,
    IR_MULS2,
    /* a, b, c:cond, c:label */
    IR_BRCOND,
    /* c:label */
    IR_BR,
    IR_SET_LABEL,
    /* o, base, c:offset, c:memop: host load from (base + offset); base is usually IR_ENV */
    IR_LD,
    /* v, base, c:offset, c:memop: host store */
    IR_ST,
    /* o, addr(I64), c:memop: guest memory load (may fault -> precise guest exception) */
    IR_QLD,
    /* v, addr(I64), c:memop: guest memory store */
    IR_QST,
    /* [out], ins..., c:helper_ptr_lo, c:helper_ptr_hi: see IrHelper; counts in the op */
    IR_CALL,
    /* c:pc_lo, c:pc_hi: start of the guest instruction at that pc */
    IR_INSN_START,
    /* c:slot: jump directly to the chained successor block, if linked */
    IR_GOTO_TB,
    /* c:slot (0/1, or IR_EXIT_NOCHAIN): return to the CPU loop, env->pc already set */
    IR_EXIT_TB,
    /* target, c:kind: indirect branch: env->pc = target, then continue in the block for
     * it (found through the jump cache) or exit to the loop; kind (IrBranchKind) says
     * which guest branch it is, for prediction and statistics */
    IR_GOTO_PTR,
    /* t: the value of t is no longer needed */
    IR_DISCARD,
    /* c:kind: memory barrier ordering the accesses named by kind (IR_MB_*) */
    IR_MB,
    /* o, a, b, c:vop, c:vece, c:imm: lane-wise vector op on V128 temps (IrVecOp; lanes of
     * 8 << vece bits); semantics in ir_vec_eval() (vec-ops.c), written once */
    IR_VOP,
    /* o, a, b, c, c:kind, c:fn_lo, c:fn_hi: o = kind(a, b, c) on V128 temps, a step of a
     * cryptographic algorithm that hosts may have an instruction for (IrVecCrypto); fn
     * (IrVecFn) is its portable definition, which the interpreter calls */
    IR_VCRYPTO,
    /* o, a, b, c, c:fop, c:esz, c:fn_lo, c:fn_hi: o = the guest's floating-point operation
     * fop (IrFpOp) on IEEE values of 8 << esz bits (esz 2: single, 3: double) in the low
     * bits of the I64 temps a, b, c (unused ones: any constant); upper bits of o are zero.
     * fn (IrFpFn) is the exact definition, which also raises the guest's exception flags;
     * the interpreter calls it.  The front end emits this op only where the host's IEEE
     * arithmetic, rounding to nearest, gives the guest's result and flags whenever that
     * result is a number other than +-the smallest normal: a backend may compute on the
     * host, leave the exception flags pending in the host FPU (tcg/host-fp.h), and call
     * fn for the rest (NaN results, which the guest's NaN rules decide, and results
     * that may have been tiny before rounding).  Comparisons and conversions to integers
     * give a flags word or an integer instead of an FP value (IrFpOp). */
    IR_FOP,
    /* o, a, b, c, c:fop, c:esz, c:bytes, c:fn_lo, c:fn_hi: IR_FOP lane by lane on V128
     * temps (fop: add, sub, mul, div or a fused multiply-add), over the low bytes (8 or
     * 16) of each; the rest of o is zero.  fn (IrFpFn) is the exact definition with a, b
     * and c passed as host pointers to 16-byte values, the result written over a's;
     * desc = fop | esz << 8 | bytes << 16.  Same conditions as IR_FOP. */
    IR_VFOP,
    IR_NB_OPS
} IrOpc;

#define IR_EXIT_NOCHAIN 3u

/* Memory barrier kinds: which earlier accesses are ordered before which later ones.
 * On an x86-64 host (TSO) only IR_MB_ST_LD needs a fence instruction. */
enum {
    IR_MB_LD_LD = 1,
    IR_MB_LD_ST = 2,
    IR_MB_ST_LD = 4,
    IR_MB_ST_ST = 8,
    IR_MB_ALL = 15,
};

/* Vector ops (IR_VOP).  a and b are V128; unary ops ignore b; imm as noted. */
typedef enum IrVecOp {
    IR_VOP_ADD,    /* a + b per lane, wrapping */
    IR_VOP_SUB,    /* a - b */
    IR_VOP_SHLI,   /* a << imm (imm < lane bits) */
    IR_VOP_SHRI,   /* a >> imm, logical (imm <= lane bits; lane bits give 0) */
    IR_VOP_SARI,   /* a >> imm, arithmetic (imm <= lane bits: the sign fills the lane) */
    IR_VOP_REV,    /* lanes reversed within containers of imm bytes (2, 4 or 8) */
    IR_VOP_EXT,    /* bytes imm..imm+15 of the 32-byte b:a (a the low half; imm < 16) */
    IR_VOP_ANDC,   /* a & ~b */
    IR_VOP_CMPEQ,  /* lanes all ones where a == b, else zero */
    IR_VOP_CMPEQ0, /* lanes all ones where a == 0 */
    IR_VOP_CMPGT,  /* lanes all ones where a > b, signed */
    IR_VOP_CMPGE,  /* a >= b, signed */
    IR_VOP_CMPHI,  /* a > b, unsigned */
    IR_VOP_CMPHS,  /* a >= b, unsigned */
    IR_VOP_MAXS,   /* the larger of a and b, signed (lanes of 8 to 32 bits) */
    IR_VOP_MAXU,
    IR_VOP_MINS,
    IR_VOP_MINU,
    IR_VOP_MUL,     /* a * b, the low half of the product (16- and 32-bit lanes) */
    IR_VOP_ADDP,    /* pairwise: lane i of the concatenation a:b (a low) plus lane i + 1, the
                       sums in order (ADDP) */
    IR_VOP_MAXUP,   /* pairwise unsigned maximum (UMAXP; lanes of 8 to 32 bits) */
    IR_VOP_MINUP,   /* pairwise unsigned minimum (UMINP) */
    IR_VOP_NARROW,  /* low 8 bytes: each lane of a (16 to 64 bits) shifted right by imm,
                       truncated to half its size; high 8 bytes zero (SHRN, XTN) */
    IR_VOP_WIDENU,  /* lanes of 8 << vece bits (16 to 64): the zero-extended half-size
                       lanes of a's low 8 bytes (a's high 8 bytes if imm & 0x100), shifted
                       left by imm & 0xff (USHLL, UXTL, and the "2" forms) */
    IR_VOP_WIDENS,  /* the same, sign-extended (SSHLL, SXTL) */
    IR_VOP_ZIP,     /* lanes of a and b interleaved, a first, from their low halves (imm 0) or
                       high halves (imm 1) (ZIP1, ZIP2) */
    IR_VOP_UZP,     /* the even (imm 0) or odd (imm 1) lanes of the concatenation a:b, a low
                       (UZP1, UZP2) */
    IR_VOP_TRN,     /* lane 2i from a, 2i + 1 from b, each taken from lane 2i + imm (TRN1,
                       TRN2) */
    IR_VOP_DUPLANE, /* every lane = lane imm of a (DUP element; the by-element forms) */
    IR_VOP_NB
} IrVecOp;

/* Cryptographic steps (IR_VCRYPTO).  Words are 32-bit lanes, lane 0 first; a is the
 * destination's old value, b and c the other inputs (the operand order of the A64
 * instructions of the same meaning: SHA256H/H2/SU0/SU1, SHA1C/P/M/H/SU0/SU1, AESE/D/MC/IMC,
 * PMULL/PMULL2 .1Q).
 * SHA-256 in FIPS 180-4's names: */
typedef enum IrVecCrypto {
    IR_VCRYPTO_SHA256_ABCD,   /* four SHA-256 rounds on a = {A,B,C,D}, b = {E,F,G,H} with
                               * c = four words W[t] + K[t]: the new {A,B,C,D} */
    IR_VCRYPTO_SHA256_EFGH,   /* the same four rounds on a = {E,F,G,H}, b = {A,B,C,D}: the
                               * new {E,F,G,H} */
    IR_VCRYPTO_SHA256_SCHED0, /* lane i: a[i] + sigma0(word i + 1 of b:a), a = W[t..t+3] */
    IR_VCRYPTO_SHA256_SCHED1, /* lane i: T[i] + sigma1(W[t+14+i]), T = a + (c:b >> 32),
                               * the W[t+14+i] of lanes 2, 3 being lanes 0, 1 computed */
    /* SHA-1 (FIPS 180-4): four rounds on a = {A,B,C,D} and E = b's lane 0 with
     * c = W[t..t+3] + K, f = Ch, Parity or Maj; the new {A,B,C,D} */
    IR_VCRYPTO_SHA1_CH,
    IR_VCRYPTO_SHA1_PARITY,
    IR_VCRYPTO_SHA1_MAJ,
    IR_VCRYPTO_SHA1_ROL30,  /* {ROL(b[0], 30), 0, 0, 0} (the next E) */
    IR_VCRYPTO_SHA1_SCHED0, /* (b<63:0> : a<127:64>) ^ a ^ c */
    IR_VCRYPTO_SHA1_SCHED1, /* lane i: ROL(T[i], 1), T = a ^ (b >> 32), lane 3 also ^ ROL(T[0], 2)
                             */
    /* AES (FIPS-197; the state's byte i is row i % 4 of column i / 4); c unused */
    IR_VCRYPTO_AESE,   /* SubBytes(ShiftRows(a ^ b)) */
    IR_VCRYPTO_AESD,   /* InvSubBytes(InvShiftRows(a ^ b)) */
    IR_VCRYPTO_AESMC,  /* MixColumns(b); a unused */
    IR_VCRYPTO_AESIMC, /* InvMixColumns(b); a unused */
    /* carry-less (GF(2)[x]) 64 x 64 -> 128-bit product of b and c's low (high) halves */
    IR_VCRYPTO_CLMUL_LO,
    IR_VCRYPTO_CLMUL_HI,
    IR_VCRYPTO_NB
} IrVecCrypto;

/* The portable meaning of an IR_VCRYPTO step: d = step(a, b, c), 16 bytes each (d may
 * alias an input). */
typedef void IrVecFn(uint8_t d[16], const uint8_t a[16], const uint8_t b[16], const uint8_t c[16]);

/* Floating-point operations of IR_FOP. */
typedef enum IrFpOp {
    IR_FOP_ADD,      /* a + b */
    IR_FOP_SUB,      /* a - b */
    IR_FOP_MUL,      /* a * b */
    IR_FOP_DIV,      /* a / b */
    IR_FOP_NMUL,     /* -(a * b), the sign flipped after rounding */
    IR_FOP_SQRT,     /* sqrt(a) */
    IR_FOP_FMA,      /* a * b + c, rounded once; the next three negate the product and/or c */
    IR_FOP_FMA_NP,   /* -(a * b) + c */
    IR_FOP_FMA_NC,   /* a * b - c */
    IR_FOP_FMA_NPC,  /* -(a * b) - c */
    IR_FOP_CMP,      /* the guest's flags word for comparing a with b (Arm: NZCV in bits 31:28) */
    IR_FOP_CMPE,     /* the same, signalling on quiet NaNs too */
    IR_FOP_SCVTF,    /* the signed 64-bit integer a, converted */
    IR_FOP_UCVTF,    /* the unsigned 64-bit integer a, converted */
    IR_FOP_FCVTZS32, /* a to a signed 32-bit integer, rounding towards zero, saturating
                        (zero-extended in o) */
    IR_FOP_FCVTZS64, /* the same, 64-bit */
    IR_FOP_CVT,      /* a converted to the other size (single <-> double) */
    IR_FOP_MAX,      /* the larger of a and b (Arm FMAX: NaNs propagate, +0 > -0) */
    IR_FOP_MIN,
    IR_FOP_MAXNM, /* FMAXNM: a quiet NaN loses to a number */
    IR_FOP_MINNM,
    IR_FOP_RINT_N,   /* a rounded to an integral value: to nearest even, no inexact flag */
    IR_FOP_RINT_P,   /* towards +infinity */
    IR_FOP_RINT_M,   /* towards -infinity */
    IR_FOP_RINT_Z,   /* towards zero */
    IR_FOP_RINT_X,   /* in the current mode, raising inexact (FRINTX) */
    IR_FOP_RINT_I,   /* in the current mode, quietly (FRINTI) */
    IR_FOP_FCVTNS32, /* a to a signed 32-bit integer, to nearest even, saturating */
    IR_FOP_FCVTNS64,
    IR_FOP_NB
} IrFpOp;

/* Families of IrFpOp. */
static inline bool ir_fop_is_fma(unsigned fop)
{
    return fop >= IR_FOP_FMA && fop <= IR_FOP_FMA_NPC;
}
static inline bool ir_fop_is_minmax(unsigned fop)
{
    return fop >= IR_FOP_MAX && fop <= IR_FOP_MINNM;
}
static inline bool ir_fop_is_rint(unsigned fop)
{
    return fop >= IR_FOP_RINT_N && fop <= IR_FOP_RINT_I;
}

/* The exact meaning of an IR_FOP op: env is the CPU state (FP control and status);
 * desc = fop | esz << 8. */
typedef uint64_t IrFpFn(void *env, uint64_t a, uint64_t b, uint64_t c, uint32_t desc);

/* Helper-call side-effect declarations (what the optimizer and backends may assume). */
enum {
    IR_CALL_NO_READ_GLOBALS = 1u << 0,  /* does not read guest globals through env */
    IR_CALL_NO_WRITE_GLOBALS = 1u << 1, /* does not write guest globals through env */
    IR_CALL_NO_SIDE_EFFECTS = 1u << 2,  /* pure: removable if the result is unused */
    IR_CALL_NO_EXIT = 1u << 3,          /* never raises an exception / longjmps */
};
#define IR_CALL_PURE                                                                               \
    (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS | IR_CALL_NO_EXIT)

#define IR_MAX_HELPER_ARGS 7

/* A helper function callable from IR.  Arguments and result are I32/I64 (pointers are
 * I64, e.g. IR_ENV); I32 arguments arrive as uint32_t.  Declare one static IrHelper per
 * C function, e.g.
 *     static IrHelper h_udiv64 = {.name = "udiv64", .func = helper_udiv64, .ret = IR_I64,
 *                                 .nargs = 2, .args = {IR_I64, IR_I64}, .flags = IR_CALL_PURE};
 * (not const: the interpreter caches its libffi call descriptor in ffi_cif). */
typedef struct IrHelper {
    const char *name;
    void *func;
    IrType ret; /* IR_VOID for none */
    uint8_t nargs;
    IrType args[IR_MAX_HELPER_ARGS];
    uint32_t flags;
    void *ffi_cif; /* prepared lazily by the interpreter */
} IrHelper;

typedef struct IrTempInfo {
    IrType type;
    IrTempKind kind;
    int32_t env_offset; /* GLOBAL: offset in CPUArchState */
    uint64_t val;       /* CONST: value (I32 constants zero-extended) */
    const char *name;   /* GLOBAL: name for dumps */
} IrTempInfo;

#define IR_MAX_ARGS 10

typedef struct IrOp {
    uint16_t opc;
    uint8_t type; /* IrType the op computes in */
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint16_t insn_idx; /* index of the guest instruction this op belongs to */
    uint32_t args[IR_MAX_ARGS];
} IrOp;

#define IR_NB_SCRATCH 8

typedef struct IrContext {
    IrTempInfo *temps;
    uint32_t nb_temps, cap_temps;
    uint32_t nb_globals; /* temps [0, nb_globals) are env + globals, shared by all blocks */
    IrOp *ops;
    uint32_t nb_ops, cap_ops;
    uint32_t nb_labels;
    uint16_t cur_insn; /* set by ir_insn_start */
    uint8_t mmu_idx;   /* MMU index of this block's guest accesses (front end, per block) */
    /* Guest accesses ignore the address's top byte (GUEST_ADDR_TBI_MASK): ir_qld/ir_qst
     * clear it first.  Set by tb.c per block, for pages where tagged pointers were seen. */
    bool ignore_top_byte;
    /* Translate cheaply (a cold block for the interpreter): the front end skips analyses
     * that only make code faster, such as looking ahead for dead flags. */
    bool quick;
    /* Globals (bit = temp index, < 64) whose values no successor block can read before
     * overwriting them: the front end's promise, so the optimizer may drop their last
     * writes (e.g. NZCV after CMP + B.cond when both successors set flags first).  Guest
     * accesses and helpers that may leave the block still see exact values. */
    uint64_t dead_at_exit[2]; /* for the exits through goto_tb/exit_tb slot 0 and 1 */
    /* Work arrays of the passes, kept across blocks (one allocation per context, not
     * per block: large blocks crossed malloc's mmap threshold); see ir_scratch(). */
    void *scratch[IR_NB_SCRATCH];
    size_t scratch_size[IR_NB_SCRATCH];
} IrContext;

/* Zeroed work array number slot (< IR_NB_SCRATCH) of at least bytes, owned by ir and
 * valid until the next ir_scratch() of the same slot.  Slots: 0-1 forward pass, 2-5 DCE,
 * 6-7 free for backends. */
void *ir_scratch(IrContext *ir, unsigned slot, size_t bytes);
/* Grow slot to bytes keeping its contents; the new part is zeroed. */
void *ir_scratch_grow(IrContext *ir, unsigned slot, size_t old_bytes, size_t bytes);

/* ---- context and temps ---- */
void ir_context_init(IrContext *ir);
void ir_context_free(IrContext *ir);
/* Start a new block: drop all ops, locals and constants; keep globals. */
void ir_reset(IrContext *ir);
IrTemp ir_new_global(IrContext *ir, IrType type, int32_t env_offset, const char *name);
IrTemp ir_new_temp(IrContext *ir, IrType type);
IrTemp ir_const32(IrContext *ir, uint32_t v);
IrTemp ir_const64(IrContext *ir, uint64_t v);
IrLabel ir_new_label(IrContext *ir);
static inline IrType ir_temp_type(const IrContext *ir, IrTemp t)
{
    return ir->temps[t].type;
}
static inline bool ir_temp_is_const(const IrContext *ir, IrTemp t)
{
    return ir->temps[t].kind == IR_TEMP_CONST;
}

/* Generic emitter: append an op; all builders below use it. Returns the op. */
IrOp *ir_emit(IrContext *ir, IrOpc opc, IrType type, int nb_o, int nb_i, int nb_c,
              const uint32_t *args);

/* ---- builders: the op type is the destination's type ---- */
void ir_mov(IrContext *ir, IrTemp d, IrTemp a);
void ir_movi(IrContext *ir, IrTemp d, uint64_t v); /* d = constant */
void ir_neg(IrContext *ir, IrTemp d, IrTemp a);
void ir_not(IrContext *ir, IrTemp d, IrTemp a);
void ir_ctpop(IrContext *ir, IrTemp d, IrTemp a);
void ir_bswap16(IrContext *ir, IrTemp d, IrTemp a);
void ir_bswap32(IrContext *ir, IrTemp d, IrTemp a);
void ir_bswap64(IrContext *ir, IrTemp d, IrTemp a);
void ir_ext8s(IrContext *ir, IrTemp d, IrTemp a);
void ir_ext8u(IrContext *ir, IrTemp d, IrTemp a);
void ir_ext16s(IrContext *ir, IrTemp d, IrTemp a);
void ir_ext16u(IrContext *ir, IrTemp d, IrTemp a);
void ir_ext32s(IrContext *ir, IrTemp d, IrTemp a);
void ir_ext32u(IrContext *ir, IrTemp d, IrTemp a);
void ir_extrl(IrContext *ir, IrTemp d32, IrTemp a64);
void ir_extrh(IrContext *ir, IrTemp d32, IrTemp a64);
void ir_extu(IrContext *ir, IrTemp d64, IrTemp a32);
void ir_exts(IrContext *ir, IrTemp d64, IrTemp a32);

void ir_add(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_sub(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_mul(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_and(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_or(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_xor(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_andc(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_orc(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_eqv(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_shl(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_shr(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_sar(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_rotl(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_rotr(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_divs(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_divu(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_rems(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_remu(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_muluh(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_mulsh(IrContext *ir, IrTemp d, IrTemp a, IrTemp b);
void ir_clz(IrContext *ir, IrTemp d, IrTemp a, IrTemp if_zero);
void ir_ctz(IrContext *ir, IrTemp d, IrTemp a, IrTemp if_zero);
/* Immediate-operand conveniences (constant of the destination's type). */
void ir_addi(IrContext *ir, IrTemp d, IrTemp a, int64_t imm);
void ir_andi(IrContext *ir, IrTemp d, IrTemp a, uint64_t imm);
void ir_ori(IrContext *ir, IrTemp d, IrTemp a, uint64_t imm);
void ir_xori(IrContext *ir, IrTemp d, IrTemp a, uint64_t imm);
void ir_shli(IrContext *ir, IrTemp d, IrTemp a, unsigned sh);
void ir_shri(IrContext *ir, IrTemp d, IrTemp a, unsigned sh);
void ir_sari(IrContext *ir, IrTemp d, IrTemp a, unsigned sh);
void ir_rotri(IrContext *ir, IrTemp d, IrTemp a, unsigned sh);

void ir_extract(IrContext *ir, IrTemp d, IrTemp a, unsigned pos, unsigned len);
void ir_sextract(IrContext *ir, IrTemp d, IrTemp a, unsigned pos, unsigned len);
void ir_deposit(IrContext *ir, IrTemp d, IrTemp a, IrTemp b, unsigned pos, unsigned len);
void ir_setcond(IrContext *ir, IrCond c, IrTemp d, IrTemp a, IrTemp b);
void ir_movcond(IrContext *ir, IrCond c, IrTemp d, IrTemp c1, IrTemp c2, IrTemp v1, IrTemp v2);
void ir_add2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp alo, IrTemp ahi, IrTemp blo, IrTemp bhi);
void ir_sub2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp alo, IrTemp ahi, IrTemp blo, IrTemp bhi);
void ir_mulu2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp a, IrTemp b);
void ir_muls2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp a, IrTemp b);

void ir_brcond(IrContext *ir, IrCond c, IrTemp a, IrTemp b, IrLabel l);
void ir_br(IrContext *ir, IrLabel l);
void ir_set_label(IrContext *ir, IrLabel l);

/* Host memory relative to a pointer temp (normally IR_ENV); type from v/d. */
void ir_ld(IrContext *ir, IrTemp d, IrTemp base, int32_t offset, MemOp mop);
void ir_st(IrContext *ir, IrTemp v, IrTemp base, int32_t offset, MemOp mop);
/* Guest memory. d/v may be I32, I64 or (with MO_128) V128. */
void ir_qld(IrContext *ir, IrTemp d, IrTemp addr, MemOp mop);
void ir_qst(IrContext *ir, IrTemp v, IrTemp addr, MemOp mop);
/* When set, ir_qld/ir_qst call it first with the address as the guest gave it: the front
 * end emits a check before the access (MTE tag checks; target/aarch64/translate-mte.c). */
extern void (*ir_guest_access_hook)(IrContext *ir, IrTemp addr, MemOp mop, bool store);

/* Helper call: ret may be 0 (== IR_ENV, meaning none) for void helpers. */
void ir_call(IrContext *ir, const IrHelper *h, IrTemp ret, int nargs, const IrTemp *args);
void ir_call0(IrContext *ir, const IrHelper *h, IrTemp ret);
void ir_call1(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a);
void ir_call2(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b);
void ir_call3(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b, IrTemp c);
void ir_call4(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b, IrTemp c, IrTemp d);
void ir_call5(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b, IrTemp c, IrTemp d,
              IrTemp e);

void ir_insn_start(IrContext *ir, uint64_t pc, uint16_t insn_idx);
void ir_goto_tb(IrContext *ir, unsigned slot);
void ir_exit_tb(IrContext *ir, unsigned slot);
/* The guest branch behind an indirect goto_ptr: a plain jump (BR), a call (BLR: the
 * return address was just written) or a return (RET). */
typedef enum IrBranchKind { IR_BRANCH_JUMP, IR_BRANCH_CALL, IR_BRANCH_RETURN } IrBranchKind;
#define IR_NB_BRANCH_KINDS 3
void ir_goto_ptr(IrContext *ir, IrTemp target, IrBranchKind kind);
void ir_discard(IrContext *ir, IrTemp t);
void ir_mb(IrContext *ir, unsigned kind);
/* d = vop(a, b) on V128 temps with lanes of 8 << vece bits (IR_VOP). */
void ir_vop(IrContext *ir, IrVecOp vop, unsigned vece, IrTemp d, IrTemp a, IrTemp b, uint32_t imm);
/* d = kind(a, b, c) (IR_VCRYPTO), fn its portable definition. */
void ir_vcrypto(IrContext *ir, IrVecCrypto kind, IrVecFn *fn, IrTemp d, IrTemp a, IrTemp b,
                IrTemp c);
/* The portable function of an IR_VCRYPTO op. */
IrVecFn *ir_op_vecfn(const IrOp *op);
/* d = fop(a, b, c) on esz-sized FP values (IR_FOP); fn its exact definition. */
void ir_fop(IrContext *ir, IrFpOp fop, unsigned esz, IrFpFn *fn, IrTemp d, IrTemp a, IrTemp b,
            IrTemp c);
/* The exact function of an IR_FOP op. */
IrFpFn *ir_op_fpfn(const IrOp *op);
/* d = fop(a, b, c) lane by lane over the low bytes (8 or 16) of V128 temps (IR_VFOP). */
void ir_vfop(IrContext *ir, IrFpOp fop, unsigned esz, unsigned bytes, IrFpFn *fn, IrTemp d,
             IrTemp a, IrTemp b, IrTemp c);
/* The exact function of an IR_VFOP op. */
IrFpFn *ir_op_vfpfn(const IrOp *op);
/* The meaning of IR_VOP, shared by the interpreter and the tests of the backends. */
void ir_vec_eval(IrVecOp vop, unsigned vece, uint32_t imm, uint8_t d[16], const uint8_t a[16],
                 const uint8_t b[16]);

/* ---- introspection ---- */
typedef struct IrOpDef {
    const char *name;
    uint8_t nb_o, nb_i, nb_c;
    uint8_t flags;
} IrOpDef;
enum {
    IR_OPF_SIDE_EFFECTS = 1, /* never removed by DCE */
    IR_OPF_BB_END = 2,       /* ends a basic block (branch/label/exit) */
    IR_OPF_MAY_FAULT = 4,    /* guest memory op: globals must be up to date */
};
extern const IrOpDef ir_op_defs[IR_NB_OPS];
/* The helper an IR_CALL op calls. */
const IrHelper *ir_op_helper(const IrOp *op);

/* Print the ops (for -d op / -d op_opt). */
void ir_dump(const IrContext *ir, FILE *out);
/* Check well-formedness (types, labels defined once, arg counts); returns false and
 * writes a reason into why on the first problem. Used by unit tests and debug builds. */
bool ir_check(const IrContext *ir, char *why, size_t len);

/* Optimizer (optimize.c): constant folding/propagation, copy propagation, DCE. */
void ir_optimize(IrContext *ir);

#endif
