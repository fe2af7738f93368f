/*
 * translate-mops.c - the trans_* functions of a64-mops.decode: CPY*, CPYF* and SET*
 * (FEAT_MOPS).  Each instruction is one call to helper_mops (helper-mops.c), which reads and
 * writes the registers in env and may fault, so the call declares that it reads and writes
 * the globals and may leave the block.
 *
 * The unprivileged (T) and non-temporal (N) options change nothing at EL0.  Register
 * choices the Arm ARM calls CONSTRAINED UNPREDICTABLE (CheckCPYConstrainedUnpredictable,
 * CheckSETConstrainedUnpredictable: Rd, Rs, Rn not all different, or Rd/Rn/CPY's Rs being
 * 31) take the UNDEFINED choice: SIGILL, as binutils calls them undefined.
 * Example: 0x19c20420 "setp [x0]!, x2!, x1" -> call mops(env, desc(SET, P, 0, 1, 2), pc).
 */
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-mops.h"
#include "target/aarch64/translate.h"

#include "a64-decode.h"

static IrHelper h_mops = {.name = "mops",
                          .func = (void *)helper_mops,
                          .ret = IR_VOID,
                          .nargs = 3,
                          .args = {IR_I64, IR_I64, IR_I64},
                          .flags = 0};

static bool gen_mops(DisasContext *s, int kind, int stage, int rd, int rs, int rn)
{
    if (!(s->env->hwcap2 & A64_HWCAP2_MOPS)) {
        return false;
    }
    if (rd == rs || rd == rn || rs == rn || rd == 31 || rn == 31 || (kind < MOPS_SET && rs == 31)) {
        return false;
    }
    ir_call3(s->ir, &h_mops, 0, IR_ENV, ir_const64(s->ir, MOPS_DESC(kind, stage, rd, rs, rn)),
             ir_const64(s->ir, s->pc));
    return true;
}

bool trans_CPYF(DisasContext *s, arg_CPYF *a)
{
    return gen_mops(s, MOPS_CPYF, (int)a->op1, (int)a->rd, (int)a->rs, (int)a->rn);
}

bool trans_CPY(DisasContext *s, arg_CPY *a)
{
    return gen_mops(s, MOPS_CPY, (int)a->op1, (int)a->rd, (int)a->rs, (int)a->rn);
}

bool trans_SET(DisasContext *s, arg_SET *a)
{
    return gen_mops(s, MOPS_SET, (int)(a->op2 >> 2), (int)a->rd, (int)a->rs, (int)a->rn);
}

bool trans_SETG(DisasContext *s, arg_SETG *a)
{
    if (!(s->env->hwcap2 & A64_HWCAP2_MTE)) {
        return false;
    }
    return gen_mops(s, MOPS_SETG, (int)(a->op2 >> 2), (int)a->rd, (int)a->rs, (int)a->rn);
}
