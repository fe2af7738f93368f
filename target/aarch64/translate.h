/*
 * translate.h - shared state and utilities of the A64 front end: the DisasContext that
 * every trans_* function receives, the IR globals for guest registers, and helpers for
 * reading/writing registers, ending blocks and raising exceptions.
 *
 * Each trans_NAME(s, a) (one per pattern in the *.decode files, prototypes generated into
 * a64-decode.h) emits IR for one instruction and returns true, or returns false for an
 * unallocated/unimplemented variant (the caller then raises SIGILL and logs it under
 * -d unimp).  Example:
 *     bool trans_MOVZ(DisasContext *s, arg_MOVZ *a) {
 *         uint64_t v = (uint64_t)a->imm << (a->hw * 16);
 *         if (!a->sf && a->hw > 1) return false;
 *         write_xreg(s, a->rd, ir_const64(s->ir, v));   // 32-bit results: zero-extend first
 *         return true;
 *     }
 * Conventions: integer work is done in I64 temps; for 32-bit (sf == 0) forms compute in
 * I64 and zero-extend with ir_ext32u before write_xreg (write_wreg does this for you).
 */
#ifndef VEMU_TARGET_AARCH64_TRANSLATE_H
#define VEMU_TARGET_AARCH64_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "target/aarch64/cpu.h"
#include "tcg/ir.h"

/* How the block continues after the current instruction. */
typedef enum DisasJumpType {
    DISAS_NEXT,     /* fall through to the next instruction */
    DISAS_NORETURN, /* the instruction ended the block itself (branch/exception emitted) */
    DISAS_UPDATE,   /* pc must be set to pc_next and the block ended (e.g. after MSR) */
} DisasJumpType;

/* What the last flag-setting instruction computed (translate-flags.c). */
typedef enum FlagKind { FLAGS_NONE, FLAGS_SUB, FLAGS_ADD, FLAGS_LOGIC } FlagKind;
typedef struct FlagSource {
    FlagKind kind;
    int sf;
    IrTemp a, b, res;     /* operand copies (zero-extended when !sf) and the result */
    uint32_t op_end;      /* IR op index just after the flag computation */
    uint32_t remat[2][2]; /* op ranges of recomputations at exits (not new sources) */
    int nb_remat;
} FlagSource;

/* Guest instructions read ahead from one page: the translator and its lookahead read code
 * through it, one fault-safe copy for up to 64 instructions instead of one per
 * instruction (translate.c). */
typedef struct CodeWindow {
    uint64_t base; /* guest address of insn[0] */
    uint32_t n;    /* valid entries */
    uint32_t insn[64];
} CodeWindow;

/* The instruction at pc (0), or guest_fetch_code's error; w starts zeroed. */
int code_window_fetch(CodeWindow *w, uint64_t pc, uint32_t *insn);
/* The instruction at pc if w already holds it (true), without fetching. */
bool code_window_peek(const CodeWindow *w, uint64_t pc, uint32_t *insn);

typedef struct DisasContext {
    IrContext *ir;
    CPUArchState *env;
    uint64_t pc_first; /* first instruction of the block */
    uint64_t pc;       /* address of the instruction being translated */
    uint64_t pc_next;  /* pc + 4 */
    uint32_t insn;     /* its encoding */
    uint16_t insn_idx; /* index within the block */
    DisasJumpType is_jmp;
    FlagSource flags;
    bool no_lookahead; /* never read guest code beyond the block (tools without guests) */
    bool bti;          /* the process has guarded pages: track BTYPE (translate-bti.c) */
    bool guarded;      /* this block's page is guarded (PROT_BTI) */
    uint32_t tb_flags; /* the block's flags (a64_tb_flags, cpu.h): part of its cache key */
    CodeWindow code;   /* the block's instructions */
    CodeWindow ahead;  /* lookahead past the block (translate-flags.c) */
} DisasContext;
#define VEMU_DISAS_CONTEXT_DECLARED 1

/* IR globals, created once by a64_translate_init(). cpu_X[31] is SP. */
extern IrTemp cpu_X[32];
extern IrTemp cpu_pc;
extern IrTemp cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
extern IrTemp cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

void a64_translate_init(IrContext *ir);

/* FEAT_BTI (translate-bti.c).  a64_bti_set_in_use: the first guarded page appeared;
 * returns true the first time (the caller then drops the code translated before). */
bool a64_bti_in_use(void);
bool a64_bti_set_in_use(void);
void gen_bti_block_entry(DisasContext *s, uint32_t insn);
/* The BTYPE an indirect branch of this kind through Xrn sets. */
void gen_bti_branch(DisasContext *s, IrBranchKind kind, int rn);

/* New I64 / I32 temps (freed with the block). */
IrTemp new_tmp(DisasContext *s);
IrTemp new_tmp32(DisasContext *s);

/* Register 31 means XZR for these: reads give a 0 constant, writes are discarded. */
IrTemp read_xreg(DisasContext *s, int reg);
void write_xreg(DisasContext *s, int reg, IrTemp v64);
/* Register 31 means SP for these. */
IrTemp read_xreg_sp(DisasContext *s, int reg);
void write_xreg_sp(DisasContext *s, int reg, IrTemp v64);
/* 32-bit view: write_wreg zero-extends v64's low half into the X register (31 = WZR). */
void write_wreg(DisasContext *s, int reg, IrTemp v64);
/* sf ? write_xreg : write_wreg */
void write_reg_sf(DisasContext *s, int sf, int reg, IrTemp v64);
void write_reg_sf_sp(DisasContext *s, int sf, int reg, IrTemp v64);

/* Flags: set NZCV from a result (logical ops: C = V = 0). */
void gen_logic_flags(DisasContext *s, int sf, IrTemp result);
/* d = a + b (+ carry-in if with_carry) setting NZCV; sf selects 32/64-bit flags. d may be 0
 * to only set flags (CMN). */
void gen_add_flags(DisasContext *s, int sf, IrTemp d, IrTemp a, IrTemp b, bool with_carry);
/* d = a - b (- !C if with_carry) setting NZCV (CMP when d == 0). */
void gen_sub_flags(DisasContext *s, int sf, IrTemp d, IrTemp a, IrTemp b, bool with_carry);
/* Evaluate A64 condition cond (0..15) into an I64 temp holding 0 or 1. */
IrTemp gen_cond_value(DisasContext *s, int cond);
/* Branch to label if A64 condition cond holds. */
void gen_brcond_a64(DisasContext *s, int cond, IrLabel l);

/* translate-flags.c: fused conditions and dead flags at block exit. */
typedef struct FusedCond {
    IrCond cond;
    IrTemp a, b; /* I64 */
} FusedCond;
/* Remember a flag source; the caller then emits flags_compute() and sets flags.op_end. */
void flags_record(DisasContext *s, FlagKind kind, int sf, IrTemp a, IrTemp b, IrTemp res);
/* A64 condition cond (0..13) as one IR comparison of the recorded operands, if valid. */
bool flags_fused_cond(DisasContext *s, int cond, FusedCond *fc);
/* Condition cond (0..13) as one IR comparison fc (the fused form when valid). */
void gen_cond_compare(DisasContext *s, int cond, FusedCond *fc);
/* Write the NZCV globals from the recorded source (after flags_record). */
void flags_compute(DisasContext *s);
/* Before the exit through slot to dest (gen_goto): NZCV is marked dead there if dest
 * overwrites it before any read, else recomputed on this path when the source is still
 * valid, so the block's main path need not compute it at all. */
void flags_at_exit(DisasContext *s, unsigned slot, uint64_t dest);

/* Block ends. gen_goto(s, slot, dest): direct branch with chaining (slot 0 or 1).
 * gen_jump_reg: indirect branch to the address in v (sets pc, looks up the cache). */
void gen_goto(DisasContext *s, unsigned slot, uint64_t dest);
/* The IrHelper h_NAME for an AdvSIMD helper_NAME(desc, ptr) that reads and writes only
 * env's vector state (helper-simd.c, helper-fp16.c): SIMD_HELPER(simd_3same). */
/* Emit a call to the AdvSIMD helper h with desc if check() accepts desc on a scratch
 * state (the helper's own decoder: false means an unallocated encoding). */
bool gen_simd_call(DisasContext *s, IrHelper *h, bool (*check)(CPUArchState *, uint64_t),
                   uint64_t desc);
#define SIMD_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_EXIT)
#define SIMD_HELPER(NAME)                                                                          \
    static IrHelper h_##NAME = {.name = #NAME,                                                     \
                                .func = (void *)helper_##NAME,                                     \
                                .ret = IR_VOID,                                                    \
                                .nargs = 2,                                                        \
                                .args = {IR_I64, IR_I64},                                          \
                                .flags = SIMD_CALL_FLAGS};

void gen_jump_reg(DisasContext *s, IrTemp v);
/* The same, naming the kind of branch (BLR: IR_BRANCH_CALL, RET: IR_BRANCH_RETURN). */
void gen_indirect(DisasContext *s, IrTemp v, IrBranchKind kind);
/* Raise excp (EXCP_SVC/UDEF/BRK...) with pc = ret_pc and syndrome; ends the block. */
void gen_exception(DisasContext *s, int excp, uint64_t ret_pc, uint32_t syndrome);

/* Guest address computation helper: base + offset with TBI ignored (user mode). */
IrTemp gen_addr_add(DisasContext *s, IrTemp base, int64_t offset);

/* Guest vector/FP registers live in env->vregs[n]: byte offset of lane/element. */
static inline int32_t vreg_offset(int reg)
{
    return (int32_t)offsetof(CPUArchState, vregs) + reg * (int32_t)sizeof(Vreg);
}
/* Offset of element idx of size (MO_8..MO_64) within vreg reg (little-endian host). */
static inline int32_t vreg_elem_offset(int reg, int idx, int size)
{
    return vreg_offset(reg) + (idx << size);
}
/* Clear bits [from_bytes, 16) of a vector register (writes to D/S/H/B regs zero the rest). */
void clear_vreg_high(DisasContext *s, int reg, int from_bytes);

/* Translate one block starting at pc into ir (called by the TB layer) for a CPU state
 * whose block flags are tb_flags (a64_tb_flags).  Returns the number of guest bytes
 * covered. max_insns bounds the block length. */
uint32_t a64_translate_block(IrContext *ir, CPUArchState *env, uint64_t pc, uint32_t tb_flags,
                             int max_insns);

#endif
