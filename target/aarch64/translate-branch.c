/*
 * translate-branch.c - A64 branches: the trans_* functions for B, BL, B.cond/BC.cond,
 * CBZ/CBNZ, TBZ/TBNZ, BR, BLR and RET (patterns in a64-branch-sys.decode; Arm ARM C6.2).
 *
 * Direct branches end the block with gen_goto (slot 0 = taken, slot 1 = fall-through) so
 * the TB layer can chain them; register branches use gen_jump_reg.  The pointer-auth
 * forms (BRAA, RETAA...) are not matched and raise SIGILL.
 * Example: "cbz w3, 0x400100" at 0x4000f0 -> brcond TSTEQ x3, 0xffffffff -> taken:
 *          gen_goto(s, 0, 0x400100); else gen_goto(s, 1, 0x4000f4).
 */
#include "target/aarch64/translate.h"

#include "a64-decode.h"

/* Two-way branch: to dest if the condition already emitted as a branch to `taken` holds,
 * else to the next instruction. */
static void gen_two_way(DisasContext *s, IrLabel taken, uint64_t dest)
{
    gen_goto(s, 1, s->pc_next);
    ir_set_label(s->ir, taken);
    gen_goto(s, 0, dest);
    s->is_jmp = DISAS_NORETURN;
}

bool trans_B(DisasContext *s, arg_B *a)
{
    gen_goto(s, 0, s->pc + (uint64_t)(a->imm * 4));
    s->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_BL(DisasContext *s, arg_BL *a)
{
    write_xreg(s, 30, ir_const64(s->ir, s->pc_next));
    gen_goto(s, 0, s->pc + (uint64_t)(a->imm * 4));
    s->is_jmp = DISAS_NORETURN;
    return true;
}

static bool do_bcond(DisasContext *s, int64_t imm, int cond)
{
    uint64_t dest = s->pc + (uint64_t)(imm * 4);
    IrLabel taken;

    if (cond >= 14) {
        /* AL and NV both mean "always" */
        gen_goto(s, 0, dest);
        s->is_jmp = DISAS_NORETURN;
        return true;
    }
    taken = ir_new_label(s->ir);
    gen_brcond_a64(s, cond, taken);
    gen_two_way(s, taken, dest);
    return true;
}

bool trans_B_cond(DisasContext *s, arg_B_cond *a)
{
    return do_bcond(s, a->imm, (int)a->cond);
}

bool trans_BC_cond(DisasContext *s, arg_BC_cond *a)
{
    return do_bcond(s, a->imm, (int)a->cond);
}

/* Branch if (Rt & mask) is zero (TSTEQ) or nonzero (TSTNE). */
static bool do_test_branch(DisasContext *s, int rt, uint64_t mask, bool nonzero, int64_t imm)
{
    IrLabel taken = ir_new_label(s->ir);

    ir_brcond(s->ir, nonzero ? IR_COND_TSTNE : IR_COND_TSTEQ, read_xreg(s, rt),
              ir_const64(s->ir, mask), taken);
    gen_two_way(s, taken, s->pc + (uint64_t)(imm * 4));
    return true;
}

static bool do_cbz(DisasContext *s, int sf, int rt, bool nonzero, int64_t imm)
{
    IrLabel taken;

    if (!sf) {
        return do_test_branch(s, rt, 0xffffffffull, nonzero, imm);
    }
    taken = ir_new_label(s->ir);
    ir_brcond(s->ir, nonzero ? IR_COND_NE : IR_COND_EQ, read_xreg(s, rt), ir_const64(s->ir, 0),
              taken);
    gen_two_way(s, taken, s->pc + (uint64_t)(imm * 4));
    return true;
}

bool trans_CBZ(DisasContext *s, arg_CBZ *a)
{
    return do_cbz(s, (int)a->sf, (int)a->rt, false, a->imm);
}

bool trans_CBNZ(DisasContext *s, arg_CBNZ *a)
{
    return do_cbz(s, (int)a->sf, (int)a->rt, true, a->imm);
}

bool trans_TBZ(DisasContext *s, arg_TBZ *a)
{
    unsigned bit = (unsigned)(a->b5 << 5 | a->b40);

    return do_test_branch(s, (int)a->rt, 1ull << bit, false, a->imm);
}

bool trans_TBNZ(DisasContext *s, arg_TBNZ *a)
{
    unsigned bit = (unsigned)(a->b5 << 5 | a->b40);

    return do_test_branch(s, (int)a->rt, 1ull << bit, true, a->imm);
}

bool trans_BR(DisasContext *s, arg_BR *a)
{
    gen_bti_branch(s, IR_BRANCH_JUMP, (int)a->rn);
    gen_jump_reg(s, read_xreg(s, (int)a->rn));
    s->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_BLR(DisasContext *s, arg_BLR *a)
{
    /* read the target before writing x30 (BLR x30 branches to the old value) */
    IrTemp target = new_tmp(s);

    ir_mov(s->ir, target, read_xreg(s, (int)a->rn));
    write_xreg(s, 30, ir_const64(s->ir, s->pc_next));
    gen_bti_branch(s, IR_BRANCH_CALL, (int)a->rn);
    gen_indirect(s, target, IR_BRANCH_CALL);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_RET(DisasContext *s, arg_RET *a)
{
    gen_indirect(s, read_xreg(s, (int)a->rn), IR_BRANCH_RETURN);
    s->is_jmp = DISAS_NORETURN;
    return true;
}
