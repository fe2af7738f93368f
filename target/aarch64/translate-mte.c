/*
 * translate-mte.c - the trans_* functions of a64-mte.decode (IRG, GMI, SUBP, SUBPS,
 * CMPP, ADDG, SUBG, STG, STZG, ST2G, STZ2G, STGP, LDG, DC GVA/GZVA; LDGM, STGM, STZGM are
 * EL1-only and raise SIGILL at EL0 as on Linux), and the tag check translated before
 * every guest access once checking is live (mte_checks_enable).
 *
 * Pure tag arithmetic (GMI, SUBP/SUBPS) is plain IR; tag choice and tag memory go
 * through helper-mte.c.  The check is a call of helper_mte_check before each ir_qld/
 * ir_qst (through tcg's ir_guest_access_hook) and before the atomics' helpers; it is only
 * translated after a thread asked for tag-check faults while PROT_MTE pages exist, so
 * programs that never use MTE run the code they always did.  Models without HWCAP2_MTE
 * raise SIGILL for every pattern here.
 * Example: "stg x0, [x1, #16]!" -> a = x1 + 16; helper_stg(env, a, x0, 0); x1 = a.
 */
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-a64.h"
#include "target/aarch64/helper-mte.h"
#include "target/aarch64/mte.h"
#include "target/aarch64/translate.h"
#include "tcg/tb.h"

#include "a64-decode.h"

static IrHelper h_irg = {.name = "irg",
                         .func = (void *)helper_irg,
                         .ret = IR_I64,
                         .nargs = 3,
                         .args = {IR_I64, IR_I64, IR_I64},
                         .flags =
                             IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_EXIT};
/* GCR_EL1 (from the prctl) changes only at a syscall, a block end: pure within a block */
static IrHelper h_addg = {.name = "addg",
                          .func = (void *)helper_addg,
                          .ret = IR_I64,
                          .nargs = 3,
                          .args = {IR_I64, IR_I64, IR_I64},
                          .flags = IR_CALL_PURE};
static IrHelper h_stg = {.name = "stg",
                         .func = (void *)helper_stg,
                         .ret = IR_VOID,
                         .nargs = 4,
                         .args = {IR_I64, IR_I64, IR_I64, IR_I64},
                         .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS};
static IrHelper h_stgp = {.name = "stgp",
                          .func = (void *)helper_stgp,
                          .ret = IR_VOID,
                          .nargs = 4,
                          .args = {IR_I64, IR_I64, IR_I64, IR_I64},
                          .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS};
static IrHelper h_ldg = {.name = "ldg",
                         .func = (void *)helper_ldg,
                         .ret = IR_I64,
                         .nargs = 3,
                         .args = {IR_I64, IR_I64, IR_I64},
                         .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS};
static IrHelper h_dc_gva = {.name = "dc_gva",
                            .func = (void *)helper_dc_gva,
                            .ret = IR_VOID,
                            .nargs = 3,
                            .args = {IR_I64, IR_I64, IR_I64},
                            .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS};
static IrHelper h_check = {.name = "mte_check",
                           .func = (void *)helper_mte_check,
                           .ret = IR_VOID,
                           .nargs = 3,
                           .args = {IR_I64, IR_I64, IR_I64},
                           .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS};

static bool has_mte(DisasContext *s)
{
    return (s->env->hwcap2 & A64_HWCAP2_MTE) != 0;
}

/* ---- tag checks ---- */

static bool checks_on;

void mte_gen_access_check(IrContext *ir, IrTemp addr, MemOp mop, bool store)
{
    if (!__atomic_load_n(&checks_on, __ATOMIC_ACQUIRE)) {
        return;
    }
    unsigned size = 1u << (mop & MO_SIZE);
    unsigned align = (mop & MO_ALIGN16) ? 15 : (mop & MO_ALIGN) ? size - 1 : 0;
    uint64_t desc = size | (store ? MTE_CHECK_STORE : 0) | (uint64_t)align << MTE_CHECK_ALIGN_SHIFT;
    ir_call3(ir, &h_check, 0, IR_ENV, addr, ir_const64(ir, desc));
    /* Checked code uses tagged pointers: mask the top byte in this block's accesses from
     * the start, instead of faulting once on the host and running the instruction again
     * (which would report an asynchronous tag-check fault twice). */
    ir->ignore_top_byte = true;
}

void mte_checks_enable(void)
{
    if (__atomic_exchange_n(&checks_on, true, __ATOMIC_ACQ_REL)) {
        return;
    }
    ir_guest_access_hook = mte_gen_access_check;
    tb_flush_all(); /* every block translated so far lacks the checks */
}

bool mte_checks_enabled(void)
{
    return __atomic_load_n(&checks_on, __ATOMIC_ACQUIRE);
}

/* ---- tag arithmetic ---- */

static bool do_irg(DisasContext *s, int rd, int rn, IrTemp xm)
{
    if (!has_mte(s)) {
        return false;
    }
    IrTemp t = new_tmp(s);
    ir_call3(s->ir, &h_irg, t, IR_ENV, read_xreg_sp(s, rn), xm);
    write_xreg_sp(s, rd, t);
    return true;
}

bool trans_IRG_z(DisasContext *s, arg_IRG_z *a)
{
    return do_irg(s, (int)a->rd, (int)a->rn, ir_const64(s->ir, 0));
}

bool trans_IRG(DisasContext *s, arg_IRG *a)
{
    return do_irg(s, (int)a->rd, (int)a->rn, read_xreg(s, (int)a->rm));
}

/* GMI: Xd = Xm | 1 << tag(Xn) */
bool trans_GMI(DisasContext *s, arg_GMI *a)
{
    if (!has_mte(s)) {
        return false;
    }
    IrTemp tag = new_tmp(s), bit = new_tmp(s), d = new_tmp(s);
    ir_extract(s->ir, tag, read_xreg_sp(s, (int)a->rn), MTE_TAG_SHIFT, 4);
    ir_shl(s->ir, bit, ir_const64(s->ir, 1), tag);
    ir_or(s->ir, d, read_xreg(s, (int)a->rm), bit);
    write_xreg(s, (int)a->rd, d);
    return true;
}

/* SUBP/SUBPS: the 56-bit addresses, sign-extended, subtracted (flags as SUBS). */
static bool do_subp(DisasContext *s, int rd, int rn, int rm, bool setflags)
{
    if (!has_mte(s)) {
        return false;
    }
    IrTemp n = new_tmp(s), m = new_tmp(s), d = new_tmp(s);
    ir_sextract(s->ir, n, read_xreg_sp(s, rn), 0, 56);
    ir_sextract(s->ir, m, read_xreg_sp(s, rm), 0, 56);
    if (setflags) {
        gen_sub_flags(s, 1, d, n, m, false);
    } else {
        ir_sub(s->ir, d, n, m);
    }
    write_xreg(s, rd, d);
    return true;
}

bool trans_SUBP(DisasContext *s, arg_SUBP *a)
{
    return do_subp(s, (int)a->rd, (int)a->rn, (int)a->rm, false);
}

bool trans_SUBPS(DisasContext *s, arg_SUBPS *a)
{
    return do_subp(s, (int)a->rd, (int)a->rn, (int)a->rm, true);
}

bool trans_CMPP(DisasContext *s, arg_CMPP *a)
{
    return do_subp(s, 31, (int)a->rn, (int)a->rm, true);
}

static bool do_addg(DisasContext *s, int rd, int rn, int64_t offset, unsigned tag_offset)
{
    if (!has_mte(s)) {
        return false;
    }
    IrTemp t = new_tmp(s);
    uint64_t desc = (uint64_t)offset << 4 | tag_offset;
    ir_call3(s->ir, &h_addg, t, IR_ENV, read_xreg_sp(s, rn), ir_const64(s->ir, desc));
    write_xreg_sp(s, rd, t);
    return true;
}

bool trans_ADDG(DisasContext *s, arg_ADDG *a)
{
    return do_addg(s, (int)a->rd, (int)a->rn, (int64_t)a->uimm6 * 16, (unsigned)a->uimm4);
}

bool trans_SUBG(DisasContext *s, arg_SUBG *a)
{
    return do_addg(s, (int)a->rd, (int)a->rn, -(int64_t)a->uimm6 * 16, (unsigned)a->uimm4);
}

/* ---- tag loads and stores ---- */

/* The address of a post (idx 1), offset (2) or pre-indexed (3) access. */
static IrTemp tag_addr(DisasContext *s, int rn, int idx, int64_t offset)
{
    IrTemp base = read_xreg_sp(s, rn);
    return idx == 1 ? base : gen_addr_add(s, base, offset);
}

static void tag_writeback(DisasContext *s, int rn, int idx, IrTemp addr, int64_t offset)
{
    if (idx == 1) {
        write_xreg_sp(s, rn, gen_addr_add(s, addr, offset));
    } else if (idx == 3) {
        write_xreg_sp(s, rn, addr);
    }
}

bool trans_STG_any(DisasContext *s, arg_STG_any *a)
{
    if (!has_mte(s)) {
        return false;
    }
    int64_t offset = (int64_t)a->imm * 16;
    IrTemp addr = tag_addr(s, (int)a->rn, (int)a->idx, offset);
    uint64_t desc = ((a->opc & 1) ? MTE_STG_ZERO : 0) | ((a->opc & 2) ? MTE_STG_TWO : 0);
    ir_call4(s->ir, &h_stg, 0, IR_ENV, addr, read_xreg_sp(s, (int)a->rt), ir_const64(s->ir, desc));
    tag_writeback(s, (int)a->rn, (int)a->idx, addr, offset);
    return true;
}

bool trans_STGP(DisasContext *s, arg_STGP *a)
{
    if (!has_mte(s)) {
        return false;
    }
    int64_t offset = (int64_t)a->imm * 16;
    IrTemp addr = tag_addr(s, (int)a->rn, (int)a->idx, offset);
    ir_call4(s->ir, &h_stgp, 0, IR_ENV, addr, read_xreg(s, (int)a->rt), read_xreg(s, (int)a->rt2));
    tag_writeback(s, (int)a->rn, (int)a->idx, addr, offset);
    return true;
}

bool trans_LDG(DisasContext *s, arg_LDG *a)
{
    if (!has_mte(s)) {
        return false;
    }
    IrTemp t = new_tmp(s);
    IrTemp addr = gen_addr_add(s, read_xreg_sp(s, (int)a->rn), (int64_t)a->imm * 16);
    ir_call3(s->ir, &h_ldg, t, IR_ENV, addr, read_xreg(s, (int)a->rt));
    write_xreg(s, (int)a->rt, t);
    return true;
}

/* LDGM, STGM, STZGM: EL1 only (UNDEFINED at EL0). */
#define TRANS_EL1_ONLY(NAME)                                                                       \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        (void)s;                                                                                   \
        (void)a;                                                                                   \
        return false;                                                                              \
    }
TRANS_EL1_ONLY(STZGM)
TRANS_EL1_ONLY(STGM)
TRANS_EL1_ONLY(LDGM)

static bool do_dc_gva(DisasContext *s, int rt, bool zero)
{
    if (!has_mte(s)) {
        return false;
    }
    ir_call3(s->ir, &h_dc_gva, 0, IR_ENV, read_xreg(s, rt), ir_const64(s->ir, zero));
    return true;
}

bool trans_DC_GVA(DisasContext *s, arg_DC_GVA *a)
{
    return do_dc_gva(s, (int)a->rt, false);
}

bool trans_DC_GZVA(DisasContext *s, arg_DC_GZVA *a)
{
    return do_dc_gva(s, (int)a->rt, true);
}

/* DC CGVAC, CGDVAC, CGVAP, CGDVAP, CGVADP, CGDVADP, CIGVAC, CIGDVAC: cache maintenance of
 * tags (op2 3) or tags and data (op2 5); vemu has no caches, so like DC CVAC they do
 * nothing.  The persistence forms need FEAT_DPB/DPB2 as DC CVAP/CVADP do. */
bool trans_DC_TAGS(DisasContext *s, arg_DC_TAGS *a)
{
    if (!has_mte(s)) {
        return false;
    }
    if (a->crm == 12) {
        return (s->env->hwcap & A64_HWCAP_DCPOP) != 0;
    }
    if (a->crm == 13) {
        return (s->env->hwcap2 & A64_HWCAP2_DCPODP) != 0;
    }
    return true;
}
