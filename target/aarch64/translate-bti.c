/*
 * translate-bti.c - FEAT_BTI: PSTATE.BTYPE and guarded pages (Arm ARM D8.4, "Branch
 * Target Identification").
 *
 * BTYPE is only ever non-zero between an indirect branch and the first instruction at its
 * target, and that instruction always starts a translation block.  So while the process
 * has guarded pages (a64_bti_set_in_use(), called by linux-user when the first PROT_BTI
 * executable page appears; it flushes the code translated before), the translator:
 *   - makes BR/BLR (and their PAuth forms) store the BTYPE they set in env->btype;
 *   - starts every block with env->btype = 0, and a block on a guarded page first tests
 *     env->btype against its first instruction: an incompatible BTYPE raises the Branch
 *     Target exception, which Linux delivers as SIGILL (ILL_ILLOPC) at that pc with BTYPE
 *     left in the saved PSTATE.
 * Processes without guarded pages pay nothing.  Whether a page is guarded is known at
 * translation time (guest_code_guarded); mprotect invalidates the range it changes.
 * Compatibility (Linux sets SCTLR_EL1.BT0, so PACIxSP acts as BTI c):
 *   BTYPE 00: anything.  01 (BR from an unguarded page, or BR X16/X17): BTI c/j/jc, PACIxSP.
 *   10 (BLR): BTI c/jc, PACIxSP.  11 (BR Xn, n != 16, 17, from a guarded page): BTI j/jc.
 * BRK and HLT take their own exception first.
 * Example: BLR to "mov x0, #1" on a PROT_BTI page -> SIGILL at that instruction.
 */
#include "target/aarch64/translate.h"

#include "tcg/guest-mem.h"

static bool bti_in_use;

bool a64_bti_in_use(void)
{
    return __atomic_load_n(&bti_in_use, __ATOMIC_ACQUIRE);
}

bool a64_bti_set_in_use(void)
{
    return !__atomic_exchange_n(&bti_in_use, true, __ATOMIC_ACQ_REL);
}

/* The BTYPE values (bit i for BTYPE i) insn accepts as the target of an indirect branch. */
static unsigned btype_compatible(uint32_t insn)
{
    if ((insn & 0xffffff3fu) == 0xd503241fu) { /* BTI {c, j, jc}: op2<2:1> */
        static const unsigned bti[4] = {0x1, 0x7, 0xb, 0xf};
        return bti[(insn >> 6) & 3];
    }
    if (insn == 0xd503233fu || insn == 0xd503237fu) { /* PACIASP, PACIBSP */
        return 0x7;
    }
    if ((insn & 0xffe0001fu) == 0xd4200000u || (insn & 0xffe0001fu) == 0xd4400000u) {
        return 0xf; /* BRK, HLT */
    }
    return 0x1;
}

void gen_bti_block_entry(DisasContext *s, uint32_t insn)
{
    IrContext *ir = s->ir;
    unsigned ok = s->guarded ? btype_compatible(insn) : 0xf;

    if (ok != 0xf) {
        IrTemp bt = new_tmp32(s);
        IrLabel pass = ir_new_label(ir);
        ir_ld(ir, bt, IR_ENV, offsetof(CPUArchState, btype), MO_32);
        if (ok == 0x1) {
            ir_brcond(ir, IR_COND_EQ, bt, ir_const32(ir, 0), pass);
        } else { /* exactly one BTYPE refused: 0x7 refuses 3, 0xb refuses 2 */
            ir_brcond(ir, IR_COND_NE, bt, ir_const32(ir, ok == 0x7 ? 3 : 2), pass);
        }
        gen_exception(s, EXCP_UDEF, s->pc, insn);
        s->is_jmp = DISAS_NEXT;
        ir_set_label(ir, pass);
    }
    ir_st(ir, ir_const32(ir, 0), IR_ENV, offsetof(CPUArchState, btype), MO_32);
}

void gen_bti_branch(DisasContext *s, IrBranchKind kind, int rn)
{
    uint32_t bt;

    if (!s->bti || kind == IR_BRANCH_RETURN) {
        return; /* RET sets BTYPE 00, which the block's entry already stored */
    }
    if (kind == IR_BRANCH_CALL) {
        bt = 2;
    } else {
        bt = (!s->guarded || rn == 16 || rn == 17) ? 1 : 3;
    }
    ir_st(s->ir, ir_const32(s->ir, bt), IR_ENV, offsetof(CPUArchState, btype), MO_32);
}
