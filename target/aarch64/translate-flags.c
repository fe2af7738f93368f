/*
 * translate-flags.c - cheaper NZCV for the common cases (see docs/design/frontend.md,
 * "Flags"):
 *
 * 1. Fused conditions.  A flag-setting ADDS/SUBS/ANDS (CMP, CMN, TST) records its
 *    operands; a condition read later in the same block with no flag write, helper call
 *    or branch in between is computed from those operands directly: CMP x0, x1; B.LT
 *    becomes brcond(lt, x0, x1) instead of a test of N != V from the NZCV globals.
 * 2. Dead flags at block exit.  If every direct successor of the block writes all of
 *    NZCV (ADDS/SUBS/ANDS/BICS) before anything that could read it (only data
 *    processing, loads, stores and direct branches come first, CBZ/TBZ followed both
 *    ways), the flag globals are dead at that exit (IrContext.dead_at_exit).  At an exit
 *    where they are live, they are recomputed from the recorded operands, so the main
 *    path's computation is dead unless an access or helper in between needs it: the
 *    optimizer drops it.  Guest accesses
 *    and helpers that may leave the block still see exact flags (the optimizer keeps
 *    globals live there); an asynchronous signal delivered between the two blocks may
 *    see the older NZCV value, which no instruction will read.
 *
 * Example: the loop "add x0, x0, #1; cmp x0, x4; b.ne loop" whose head starts with
 * "eor ...; add ...; subs ..." compiles to an add, a compare and a conditional jump.
 */
#include "target/aarch64/translate.h"
#include "tcg/guest-mem.h"

void flags_record(DisasContext *s, FlagKind kind, int sf, IrTemp a, IrTemp b, IrTemp res)
{
    s->flags.kind = kind;
    s->flags.sf = sf;
    s->flags.a = a;
    s->flags.b = b;
    s->flags.res = res;
    s->flags.op_end = s->ir->nb_ops;
    s->flags.nb_remat = 0;
}

static bool in_remat(const DisasContext *s, uint32_t i)
{
    for (int k = 0; k < s->flags.nb_remat; k++) {
        if (i >= s->flags.remat[k][0] && i < s->flags.remat[k][1]) {
            return true;
        }
    }
    return false;
}

static bool is_flag_global(IrTemp t)
{
    return t == cpu_NF || t == cpu_ZF || t == cpu_CF || t == cpu_VF;
}

/* Are the recorded operands still what the flags were computed from?  Forward branches
 * after the flag computation are fine (every path into a label then comes from there);
 * a label reached from before it, a helper that may write globals or any write of a flag
 * global ends the source's validity. */
static bool flags_source_valid(DisasContext *s)
{
    if (s->flags.kind == FLAGS_NONE) {
        return false;
    }
    const IrContext *ir = s->ir;
    uint32_t targets[8];
    int nb_targets = 0;
    for (uint32_t i = s->flags.op_end; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        switch (op->opc) {
        case IR_BR:
        case IR_BRCOND:
            if (nb_targets == 8) {
                return false;
            }
            targets[nb_targets++] = op->args[op->opc == IR_BR ? 0 : 3];
            break;
        case IR_SET_LABEL: {
            bool ok = false;
            for (int k = 0; k < nb_targets; k++) {
                ok |= targets[k] == op->args[0];
            }
            if (!ok) {
                return false;
            }
            break;
        }
        case IR_CALL:
            if (!(ir_op_helper(op)->flags & IR_CALL_NO_WRITE_GLOBALS)) {
                return false;
            }
            break;
        default:
            break;
        }
        for (int k = 0; k < op->nb_oargs; k++) {
            if (is_flag_global(op->args[k]) && !in_remat(s, i)) {
                return false;
            }
        }
    }
    return true;
}

/* NZCV from the recorded source.  With recompute, an ADDS/SUBS result is computed again
 * from its operands (at an exit, so that the main path's result, if only the flags
 * needed it, becomes dead: CMP + B.cond then costs one compare). */
static void flags_compute_from(DisasContext *s, bool recompute)
{
    IrContext *ir = s->ir;
    const FlagSource *f = &s->flags;
    IrTemp res = f->res;
    if (recompute && f->kind != FLAGS_LOGIC) {
        res = new_tmp(s);
        if (f->kind == FLAGS_SUB) {
            ir_sub(ir, res, f->a, f->b);
        } else {
            ir_add(ir, res, f->a, f->b);
        }
        if (!f->sf) {
            ir_ext32u(ir, res, res);
        }
    }
    if (f->sf) {
        ir_mov(ir, cpu_NF, res);
    } else {
        ir_ext32s(ir, cpu_NF, res);
    }
    ir_mov(ir, cpu_ZF, res);
    if (f->kind == FLAGS_LOGIC) {
        ir_movi(ir, cpu_CF, 0);
        ir_movi(ir, cpu_VF, 0);
        return;
    }
    /* SUBS: C = a >=u b (NOT borrow), V = (a ^ b) & (a ^ res)
     * ADDS: C = res <u a (carry out),  V = (res ^ a) & ~(a ^ b)   (bit 63 / bit 31) */
    IrTemp t1 = new_tmp(s), t2 = new_tmp(s);
    if (f->kind == FLAGS_SUB) {
        ir_setcond(ir, IR_COND_GEU, cpu_CF, f->a, f->b);
    } else {
        ir_setcond(ir, IR_COND_LTU, cpu_CF, res, f->a);
    }
    ir_xor(ir, t1, res, f->a);
    ir_xor(ir, t2, f->a, f->b);
    if (f->kind == FLAGS_SUB) {
        ir_and(ir, t1, t1, t2);
    } else {
        ir_andc(ir, t1, t1, t2);
    }
    if (f->sf) {
        ir_mov(ir, cpu_VF, t1);
    } else {
        ir_ext32s(ir, cpu_VF, t1);
    }
}

void flags_compute(DisasContext *s)
{
    flags_compute_from(s, false);
}

static IrTemp sext32(DisasContext *s, IrTemp v)
{
    IrTemp t = new_tmp(s);
    ir_ext32s(s->ir, t, v);
    return t;
}

/* The sign bit of res (a negative result: N). */
static void sign_test(DisasContext *s, bool negative, FusedCond *fc)
{
    fc->a = s->flags.res;
    if (s->flags.sf) {
        fc->cond = negative ? IR_COND_LT : IR_COND_GE;
        fc->b = ir_const64(s->ir, 0);
    } else {
        fc->cond = negative ? IR_COND_TSTNE : IR_COND_TSTEQ;
        fc->b = ir_const64(s->ir, 0x80000000u);
    }
}

bool flags_fused_cond(DisasContext *s, int cond, FusedCond *fc)
{
    static const IrCond sub_cond[16] = {
        [0] = IR_COND_EQ,  [1] = IR_COND_NE,  [2] = IR_COND_GEU, [3] = IR_COND_LTU,
        [8] = IR_COND_GTU, [9] = IR_COND_LEU, [10] = IR_COND_GE, [11] = IR_COND_LT,
        [12] = IR_COND_GT, [13] = IR_COND_LE,
    };
    if (cond >= 14 || !flags_source_valid(s)) {
        return false;
    }
    IrContext *ir = s->ir;
    bool inv = cond & 1;
    switch (s->flags.kind) {
    case FLAGS_SUB:
        if (cond == 4 || cond == 5) { /* MI/PL */
            sign_test(s, cond == 4, fc);
            return true;
        }
        if (cond == 6 || cond == 7) { /* VS/VC need V */
            return false;
        }
        fc->cond = sub_cond[cond];
        fc->a = s->flags.a;
        fc->b = s->flags.b;
        if (!s->flags.sf && cond >= 10) { /* signed compare of 32-bit operands */
            fc->a = sext32(s, fc->a);
            fc->b = sext32(s, fc->b);
        }
        return true;
    case FLAGS_ADD:
        if (cond <= 1) {
            fc->cond = inv ? IR_COND_NE : IR_COND_EQ;
            fc->a = s->flags.res;
            fc->b = ir_const64(ir, 0);
            return true;
        }
        if (cond == 4 || cond == 5) {
            sign_test(s, cond == 4, fc);
            return true;
        }
        return false;
    case FLAGS_LOGIC:
        /* C = V = 0: CS, HI, VS never hold; GE is PL, LT is MI, GT is "res > 0" */
        fc->a = s->flags.res;
        fc->b = ir_const64(ir, 0);
        switch (cond >> 1) {
        case 0:
            fc->cond = inv ? IR_COND_NE : IR_COND_EQ;
            return true;
        case 1:
        case 3:
        case 4:
            fc->cond = inv ? IR_COND_ALWAYS : IR_COND_NEVER;
            return true;
        case 2:
            sign_test(s, !inv, fc);
            return true;
        case 5:
            sign_test(s, inv, fc);
            return true;
        case 6:
            fc->cond = inv ? IR_COND_LE : IR_COND_GT;
            if (!s->flags.sf) {
                fc->a = sext32(s, fc->a);
            }
            return true;
        default:
            return false;
        }
    default:
        return false;
    }
}

/* ---- flag liveness at the block's successors ---- */

typedef enum { INSN_NEUTRAL, INSN_WRITES_NZCV, INSN_OTHER } FlagUse;

/* How an instruction uses NZCV, from its encoding (Arm ARM C4.1, the A64 encoding
 * index); anything not known to leave the flags alone counts as a reader. */
static FlagUse insn_flag_use(uint32_t insn)
{
    bool s_bit = (insn >> 29) & 1;
    if ((insn & 0x1f800000) == 0x11000000 || /* add/sub (immediate) */
        (insn & 0x1f200000) == 0x0b000000 || /* add/sub (shifted register) */
        (insn & 0x1f200000) == 0x0b200000) { /* add/sub (extended register) */
        return s_bit ? INSN_WRITES_NZCV : INSN_NEUTRAL;
    }
    if ((insn & 0x1f000000) == 0x0a000000 || /* logical (shifted register) */
        (insn & 0x1f800000) == 0x12000000) { /* logical (immediate) */
        return (insn & 0x60000000) == 0x60000000 ? INSN_WRITES_NZCV : INSN_NEUTRAL;
    }
    if ((insn & 0x1f800000) == 0x12800000 || /* move wide */
        (insn & 0x1f800000) == 0x13000000 || /* bitfield */
        (insn & 0x1f800000) == 0x13800000 || /* extract */
        (insn & 0x1f000000) == 0x10000000 || /* pc-relative addressing */
        (insn & 0x1f000000) == 0x1b000000 || /* data-processing (3 source) */
        (insn & 0x1fe00000) == 0x1ac00000 || /* data-processing (1 and 2 source) */
        (insn & 0x0a000000) == 0x08000000 || /* loads and stores */
        insn == 0xd503201f) {                /* nop */
        return INSN_NEUTRAL;
    }
    return INSN_OTHER;
}

static int64_t sext(uint32_t v, int bits)
{
    return (int64_t)((uint64_t)v << (64 - bits)) >> (64 - bits);
}

/* Does every path from pc write NZCV before reading it?  Follows B, BL and both ways of
 * CBZ/CBNZ/TBZ/TBNZ (which leave the flags alone), within a budget of instructions;
 * anything unknown (indirect branches, system instructions, B.cond, CSEL...) or the
 * budget running out means "maybe read". */
static bool flags_dead_at(const CodeWindow *block, CodeWindow *w, uint64_t pc, int *budget,
                          int depth)
{
    for (;;) {
        uint32_t insn;
        if (--*budget < 0) {
            return false;
        }
        /* the block's own window (fetched 64 instructions at a time, so it usually
         * covers a fall-through exit and short branches) before fetching again */
        if (!code_window_peek(block, pc, &insn) && code_window_fetch(w, pc, &insn) != 0) {
            return false;
        }
        if ((insn & 0x7c000000) == 0x14000000) { /* B, BL */
            pc += (uint64_t)(sext(insn & 0x3ffffff, 26) * 4);
            continue;
        }
        if ((insn & 0x7c000000) == 0x34000000) { /* CBZ/CBNZ, TBZ/TBNZ */
            if (depth >= 3) {
                return false;
            }
            int64_t off = (insn & 0x02000000) ? sext((insn >> 5) & 0x3fff, 14)
                                              : sext((insn >> 5) & 0x7ffff, 19);
            if (!flags_dead_at(block, w, pc + (uint64_t)(off * 4), budget, depth + 1)) {
                return false;
            }
            pc += 4;
            continue;
        }
        switch (insn_flag_use(insn)) {
        case INSN_WRITES_NZCV:
            return true;
        case INSN_NEUTRAL:
            pc += 4;
            break;
        default:
            return false;
        }
    }
}

void flags_at_exit(DisasContext *s, unsigned slot, uint64_t dest)
{
    if (slot >= 2) {
        return;
    }
    int budget = 48;
    if (!s->no_lookahead && !s->ir->quick && flags_dead_at(&s->code, &s->ahead, dest, &budget, 0)) {
        s->ir->dead_at_exit[slot] |=
            (1ull << cpu_NF) | (1ull << cpu_ZF) | (1ull << cpu_CF) | (1ull << cpu_VF);
    } else if (s->flags.nb_remat < 2 && flags_source_valid(s)) {
        /* computed on this path only; the main path's copy becomes dead if no other
         * exit, access or helper needs it */
        uint32_t start = s->ir->nb_ops;
        flags_compute_from(s, true);
        s->flags.remat[s->flags.nb_remat][0] = start;
        s->flags.remat[s->flags.nb_remat][1] = s->ir->nb_ops;
        s->flags.nb_remat++;
    }
}
