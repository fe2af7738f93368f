/*
 * translate-sys.c - A64 exception-generating and system instructions for EL0 user mode:
 * UDF, SVC/HVC/SMC/BRK/HLT, hints, barriers, MSR (immediate), SYS/SYSL (DC/IC) and
 * MRS/MSR (register) (patterns in a64-branch-sys.decode; Arm ARM C5 and C6.2).
 *
 * Only what Linux lets EL0 do is implemented: NZCV, FPCR, FPSR, TPIDR_EL0, TPIDRRO_EL0,
 * the generic-timer counter/frequency, CTR_EL0, DCZID_EL0, and the ID registers that the
 * kernel emulates for EL0 (MIDR/MPIDR/REVIDR and the ID_AA64* space, derived from the
 * HWCAPs the loader advertises).  Everything else raises SIGILL, like the kernel does.
 * Example: "mrs x0, tpidr_el0" (0xd53bd040) -> ld x0 = env->tpidr_el0.
 */
#include <stddef.h>

#include "target/aarch64/translate.h"

#include "a64-decode.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-a64.h"
#include "target/aarch64/helper-ext.h"
#include "target/aarch64/mte.h"

/* PSTATE.SSBS / PSTATE.DIT (FEAT_SSBS, FEAT_DIT): no speculation or timing model, but the
 * bits read back as written (env->pstate_sd); the register exists only with the feature. */
/* The PSTATE bit kept in env->pstate_sd for MSR/MRS of SSBS (op2 1), DIT (op2 2) or TCO
 * (op2 4, FEAT_MTE), in the numbering of MSR (immediate); false without the feature. */
static bool pstate_sd_bit(DisasContext *s, int which, uint64_t *bit)
{
    switch (which) {
    case 1:
        *bit = PSTATE_SSBS;
        return (s->env->hwcap & A64_HWCAP_SSBS) != 0;
    case 2:
        *bit = PSTATE_DIT;
        return (s->env->hwcap & A64_HWCAP_DIT) != 0;
    default:
        *bit = PSTATE_TCO;
        return (s->env->hwcap2 & A64_HWCAP2_MTE) != 0;
    }
}

/* env->pstate_sd = (env->pstate_sd & ~bit) | (v & bit) */
static void gen_set_pstate_sd(DisasContext *s, uint64_t bit, IrTemp v)
{
    IrTemp old = new_tmp(s), t = new_tmp(s);
    int32_t off = (int32_t)offsetof(CPUArchState, pstate_sd);
    ir_ld(s->ir, old, IR_ENV, off, MO_64);
    ir_andi(s->ir, old, old, ~bit);
    ir_andi(s->ir, t, v, bit);
    ir_or(s->ir, old, old, t);
    ir_st(s->ir, old, IR_ENV, off, MO_64);
}

static IrHelper helper_info_rndr = {.name = "rndr",
                                    .func = (void *)helper_rndr,
                                    .ret = IR_I64,
                                    .nargs = 2,
                                    .args = {IR_I64, IR_I64},
                                    .flags = IR_CALL_NO_EXIT};

/* System register key: op0:op1:CRn:CRm:op2 as in the MRS/MSR encoding. */
#define SYSREG(op0, op1, crn, crm, op2)                                                            \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

enum {
    SR_NZCV = SYSREG(3, 3, 4, 2, 0),
    SR_DAIF = SYSREG(3, 3, 4, 2, 1),
    SR_DIT = SYSREG(3, 3, 4, 2, 5),
    SR_SSBS = SYSREG(3, 3, 4, 2, 6),
    SR_TCO = SYSREG(3, 3, 4, 2, 7),
    SR_RNDR = SYSREG(3, 3, 2, 4, 0),
    SR_RNDRRS = SYSREG(3, 3, 2, 4, 1),
    SR_FPCR = SYSREG(3, 3, 4, 4, 0),
    SR_FPSR = SYSREG(3, 3, 4, 4, 1),
    SR_TPIDR_EL0 = SYSREG(3, 3, 13, 0, 2),
    SR_TPIDRRO_EL0 = SYSREG(3, 3, 13, 0, 3),
    SR_CNTFRQ_EL0 = SYSREG(3, 3, 14, 0, 0),
    SR_CNTVCT_EL0 = SYSREG(3, 3, 14, 0, 2),
    SR_CNTVCTSS_EL0 = SYSREG(3, 3, 14, 0, 6),
    SR_CTR_EL0 = SYSREG(3, 3, 0, 0, 1),
    SR_DCZID_EL0 = SYSREG(3, 3, 0, 0, 7),
    SR_MIDR_EL1 = SYSREG(3, 0, 0, 0, 0),
    SR_MPIDR_EL1 = SYSREG(3, 0, 0, 0, 5),
    SR_REVIDR_EL1 = SYSREG(3, 0, 0, 0, 6),
};

/* FPCR bits writable in A64: AHP, DN, FZ, RMode, FZ16 (trap enables read as zero). */
#define FPCR_WRITE_MASK 0x07c80000u
/* FPSR: QC and the cumulative exception flags IDC, IXC, UFC, OFC, DZC, IOC. */
#define FPSR_WRITE_MASK 0x0800009fu

/* ------------------------------------------------------------------------------------ */
/* Exception generation and UDF                                                         */

static bool gen_udef(DisasContext *s)
{
    gen_exception(s, EXCP_UDEF, s->pc, s->insn);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_UDF(DisasContext *s, arg_UDF *a)
{
    (void)a;
    return gen_udef(s);
}

bool trans_SVC(DisasContext *s, arg_SVC *a)
{
    gen_exception(s, EXCP_SVC, s->pc_next, (uint32_t)a->imm);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

/* HVC/SMC/HLT are undefined at EL0 */
bool trans_HVC(DisasContext *s, arg_HVC *a)
{
    (void)a;
    return gen_udef(s);
}

bool trans_SMC(DisasContext *s, arg_SMC *a)
{
    (void)a;
    return gen_udef(s);
}

bool trans_HLT(DisasContext *s, arg_HLT *a)
{
    (void)a;
    return gen_udef(s);
}

bool trans_BRK(DisasContext *s, arg_BRK *a)
{
    gen_exception(s, EXCP_BRK, s->pc, (uint32_t)a->imm);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Hints: NOP, YIELD, WFE, WFI, SEV, SEVL, BTI, PACIASP/AUTIASP..., XPACLRI, ESB, CSDB...
 * all behave as NOP for a user-mode emulator that never signs pointers.                */

bool trans_NOP(DisasContext *s, arg_NOP *a)
{
    (void)s;
    (void)a;
    return true;
}

/* YIELD: a spin-wait loop says another thread should run.  The block ends with
 * EXCP_YIELD so the execution environment can let one (linux-user: sched_yield); on an
 * oversubscribed host a spinning thread would otherwise hold its CPU for a whole time
 * slice while the thread it waits for cannot run. */
bool trans_YIELD(DisasContext *s, arg_YIELD *a)
{
    (void)a;
    gen_exception(s, EXCP_YIELD, s->pc_next, 0);
    return true;
}

bool trans_WFE(DisasContext *s, arg_WFE *a)
{
    (void)s;
    (void)a;
    return true;
}

bool trans_WFI(DisasContext *s, arg_WFI *a)
{
    (void)s;
    (void)a;
    return true;
}

/* WFET/WFIT Xt (FEAT_WFxT): wait for an event or interrupt, or until CNTVCT_EL0 reaches Xt.
 * The architecture lets the wait end at any time (a WFE may complete at once), so like WFE
 * it completes immediately; Xt is not written. */
static bool gen_wfxt(DisasContext *s)
{
    return (s->env->hwcap2 & A64_HWCAP2_WFXT) != 0;
}

bool trans_WFET(DisasContext *s, arg_WFET *a)
{
    (void)a;
    return gen_wfxt(s);
}

bool trans_WFIT(DisasContext *s, arg_WFIT *a)
{
    (void)a;
    return gen_wfxt(s);
}

bool trans_SEV(DisasContext *s, arg_SEV *a)
{
    (void)s;
    (void)a;
    return true;
}

bool trans_SEVL(DisasContext *s, arg_SEVL *a)
{
    (void)s;
    (void)a;
    return true;
}

bool trans_HINT(DisasContext *s, arg_HINT *a)
{
    (void)s;
    (void)a;
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Barriers                                                                             */

bool trans_CLREX(DisasContext *s, arg_CLREX *a)
{
    (void)a;
    ir_movi(s->ir, cpu_exclusive_addr, ~0ull);
    return true;
}

/* DMB/DSB: the host is x86-64 (TSO), which already orders load->load, load->store and
 * store->store; only barriers that order stores before later loads (CRm types ...11:
 * OSH, NSH, ISH, SY) need a real fence. */
static void gen_barrier(DisasContext *s, int crm)
{
    /* CRm<1:0>: 01 = loads (LD: load->load/store), 10 = stores (ST), 11 = all */
    switch (crm & 3) {
    case 1:
        ir_mb(s->ir, IR_MB_LD_LD | IR_MB_LD_ST);
        break;
    case 2:
        ir_mb(s->ir, IR_MB_ST_ST);
        break;
    case 3:
        ir_mb(s->ir, IR_MB_ALL);
        break;
    default:
        break;
    }
}

bool trans_DSB(DisasContext *s, arg_DSB *a)
{
    gen_barrier(s, (int)a->crm);
    return true;
}

bool trans_DMB(DisasContext *s, arg_DMB *a)
{
    gen_barrier(s, (int)a->crm);
    return true;
}

/* DSB nXS (FEAT_XS): vemu has no XS memory attribute, so it is a full DSB.  FEAT_XS is
 * mandatory from Armv8.7, as FEAT_WFxT is: the models with one have the other. */
static bool gen_dsb_nxs(DisasContext *s)
{
    if (!(s->env->hwcap2 & A64_HWCAP2_WFXT)) {
        return false;
    }
    gen_barrier(s, 3);
    return true;
}

#define TRANS_DSB_NXS(NAME)                                                                        \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        (void)a;                                                                                   \
        return gen_dsb_nxs(s);                                                                     \
    }
TRANS_DSB_NXS(DSB_nXS_OSH)
TRANS_DSB_NXS(DSB_nXS_NSH)
TRANS_DSB_NXS(DSB_nXS_ISH)
TRANS_DSB_NXS(DSB_nXS_SY)

bool trans_ISB(DisasContext *s, arg_ISB *a)
{
    /* Context synchronization: end the block, so the next instruction is fetched through
     * the block cache, after any IC IVAU (helper-sys.c) dropped its old translation. */
    (void)a;
    gen_goto(s, 0, s->pc_next);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

bool trans_SB(DisasContext *s, arg_SB *a)
{
    (void)s;
    (void)a;
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* MSR (immediate): PSTATE fields                                                       */

bool trans_MSR_i(DisasContext *s, arg_MSR_i *a)
{
    int op1 = (int)a->op1, op2 = (int)a->op2;

    if (op1 == 0 && a->crm == 0 && op2 == 0) {
        /* CFINV (FEAT_FlagM): C = NOT(C) */
        ir_setcond(s->ir, IR_COND_EQ, cpu_CF, cpu_CF, ir_const64(s->ir, 0));
        return true;
    }
    if (op1 == 0 && a->crm == 0 && (op2 == 1 || op2 == 2)) {
        /* FEAT_FlagM2.  XAFLAG: N = !C & !Z, Z = Z & C, C = C | Z, V = !C & Z.
         * AXFLAG: N = 0, Z = Z | V, C = C & !V, V = 0.  (NF/VF hold the flag in bit 63,
         * ZF is zero iff Z, CF is 0/1.) */
        IrTemp zero = ir_const64(s->ir, 0);
        IrTemp z = new_tmp(s), c = new_tmp(s), t = new_tmp(s);
        ir_setcond(s->ir, IR_COND_EQ, z, cpu_ZF, zero);
        ir_mov(s->ir, c, cpu_CF);
        if (op2 == 1) {
            IrTemp cz = new_tmp(s);
            ir_or(s->ir, cz, c, z);
            ir_xori(s->ir, t, cz, 1);
            ir_shli(s->ir, cpu_NF, t, 63);
            ir_andc(s->ir, t, z, c);
            ir_shli(s->ir, cpu_VF, t, 63);
            ir_and(s->ir, t, z, c);
            ir_xori(s->ir, cpu_ZF, t, 1);
            ir_mov(s->ir, cpu_CF, cz);
        } else {
            IrTemp v = new_tmp(s);
            ir_setcond(s->ir, IR_COND_LT, v, cpu_VF, zero);
            ir_or(s->ir, t, z, v);
            ir_xori(s->ir, cpu_ZF, t, 1);
            ir_andc(s->ir, cpu_CF, c, v);
            ir_movi(s->ir, cpu_NF, 0);
            ir_movi(s->ir, cpu_VF, 0);
        }
        return true;
    }
    /* SSBS, DIT, TCO: kept in env->pstate_sd when the model has the feature (TCO = 1
     * turns tag checks off, helper-mte.c); unallocated (SIGILL) otherwise. */
    if (op1 == 3 && (op2 == 1 || op2 == 2 || op2 == 4)) {
        uint64_t bit;
        if (!pstate_sd_bit(s, op2, &bit) || a->crm > 1) { /* CRm<3:1> must be 0 */
            return false;
        }
        gen_set_pstate_sd(s, bit, ir_const64(s->ir, (a->crm & 1) ? bit : 0));
        return true;
    }
    /* SPSel, DAIFSet/DAIFClr, PAN, UAO, SVCR (SMSTART), ALLINT ... */
    return false;
}

/* ------------------------------------------------------------------------------------ */
/* SYS / SYSL: cache maintenance                                                        */

bool trans_SYS(DisasContext *s, arg_SYS *a)
{
    IrTemp base, addr;

    if (a->op1 != 3 || a->crn != 7 || a->op2 != 1) {
        return false; /* EL1 operations (TLBI, AT, IC IALLU...) and unknown ones */
    }
    switch (a->crm) {
    case 4: /* DC ZVA: zero the 64-byte block containing Xt */
        base = new_tmp(s);
        ir_andi(s->ir, base, read_xreg(s, (int)a->rt), ~(uint64_t)(A64_DCZVA_BYTES - 1));
        for (int i = 0; i < A64_DCZVA_BYTES; i += 8) {
            addr = gen_addr_add(s, base, i);
            ir_qst(s->ir, ir_const64(s->ir, 0), addr, MO_64);
        }
        return true;
    case 10: /* DC CVAC */
    case 11: /* DC CVAU */
    case 14: /* DC CIVAC */
        return true;
    case 12: /* DC CVAP (FEAT_DPB) */
        return (s->env->hwcap & A64_HWCAP_DCPOP) != 0;
    case 13: /* DC CVADP (FEAT_DPB2) */
        return (s->env->hwcap2 & A64_HWCAP2_DCPODP) != 0;
    case 5: /* IC IVAU: recorded now, acted upon at the next ISB */
        ir_call1(s->ir, &helper_info_ic_ivau, 0, read_xreg(s, (int)a->rt));
        return true;
    default:
        return false;
    }
}

bool trans_SYSL(DisasContext *s, arg_SYSL *a)
{
    (void)s;
    (void)a;
    return false;
}

/* ------------------------------------------------------------------------------------ */
/* MRS / MSR (register)                                                                 */

/* NZCV packed from the lazy flag words (see cpu.h). */
static IrTemp gen_read_nzcv(DisasContext *s)
{
    IrContext *ir = s->ir;
    IrTemp zero = ir_const64(ir, 0);
    IrTemp v = new_tmp(s);
    IrTemp t = new_tmp(s);

    ir_shri(ir, v, cpu_NF, 63);
    ir_shli(ir, v, v, 31);
    ir_setcond(ir, IR_COND_EQ, t, cpu_ZF, zero);
    ir_shli(ir, t, t, 30);
    ir_or(ir, v, v, t);
    ir_setcond(ir, IR_COND_NE, t, cpu_CF, zero);
    ir_shli(ir, t, t, 29);
    ir_or(ir, v, v, t);
    ir_shri(ir, t, cpu_VF, 63);
    ir_shli(ir, t, t, 28);
    ir_or(ir, v, v, t);
    return v;
}

static void gen_write_nzcv(DisasContext *s, IrTemp v)
{
    IrContext *ir = s->ir;

    ir_shli(ir, cpu_NF, v, 32);         /* bit 31 -> bit 63 */
    ir_andi(ir, cpu_ZF, v, 1ull << 30); /* Z set -> zf == 0 */
    ir_xori(ir, cpu_ZF, cpu_ZF, 1ull << 30);
    ir_extract(ir, cpu_CF, v, 29, 1);
    ir_shli(ir, cpu_VF, v, 35); /* bit 28 -> bit 63 */
}

static IrTemp gen_ld_env(DisasContext *s, size_t offset, MemOp mop)
{
    IrTemp t = new_tmp(s);

    ir_ld(s->ir, t, IR_ENV, (int32_t)offset, mop);
    return t;
}

bool trans_MRS(DisasContext *s, arg_MRS *a)
{
    int key = (int)SYSREG(a->op0, a->op1, a->crn, a->crm, a->op2);
    int rt = (int)a->rt;
    IrTemp v;

    switch (key) {
    case SR_NZCV:
        v = gen_read_nzcv(s);
        break;
    case SR_FPCR:
        v = gen_ld_env(s, offsetof(CPUArchState, fpcr), MO_32);
        break;
    case SR_FPSR:
        v = new_tmp(s);
        ir_call1(s->ir, &helper_info_fpsr_read, v, IR_ENV);
        break;
    case SR_TPIDR_EL0:
        v = gen_ld_env(s, offsetof(CPUArchState, tpidr_el0), MO_64);
        break;
    case SR_TPIDRRO_EL0:
        v = gen_ld_env(s, offsetof(CPUArchState, tpidrro_el0), MO_64);
        break;
    case SR_CNTFRQ_EL0:
        v = ir_const64(s->ir, A64_CNTFRQ_HZ);
        break;
    case SR_CNTVCTSS_EL0:
        if (!(s->env->hwcap2 & A64_HWCAP2_ECV)) {
            return false; /* the self-synchronized view exists only with FEAT_ECV */
        }
        /* fall through */
    case SR_CNTVCT_EL0:
        /* (CNTPCT_EL0 is not enabled for EL0 by Linux: SIGILL) */
        v = new_tmp(s);
        ir_call0(s->ir, &helper_info_cntvct, v);
        break;
    case SR_CTR_EL0:
        v = ir_const64(s->ir, A64_CTR_EL0);
        break;
    case SR_DCZID_EL0:
        v = ir_const64(s->ir, A64_DCZID_EL0);
        break;
    case SR_DIT:
    case SR_SSBS:
    case SR_TCO: {
        uint64_t bit;
        if (!pstate_sd_bit(s, key == SR_SSBS ? 1 : key == SR_DIT ? 2 : 4, &bit)) {
            return false; /* the register does not exist without the feature */
        }
        v = gen_ld_env(s, offsetof(CPUArchState, pstate_sd), MO_64);
        ir_andi(s->ir, v, v, bit);
        break;
    }
    case SR_RNDR:
    case SR_RNDRRS:
        if (!(s->env->hwcap2 & A64_HWCAP2_RNG)) {
            return false;
        }
        v = new_tmp(s);
        ir_call2(s->ir, &helper_info_rndr, v, IR_ENV, ir_const64(s->ir, key == SR_RNDRRS));
        break;
    case SR_MIDR_EL1:
        v = ir_const64(s->ir, s->env->midr);
        break;
    case SR_MPIDR_EL1:
        v = ir_const64(s->ir, 1ull << 31); /* what Linux reports to EL0 */
        break;
    case SR_REVIDR_EL1:
        v = ir_const64(s->ir, 0);
        break;
    default:
        if (a->op0 == 3 && a->op1 == 0 && a->crn == 0 && a->crm >= 2 && a->crm <= 7) {
            /* the kernel's cpufeature emulation (see cpu-models.c) */
            v = ir_const64(
                s->ir, cpu_model_id_reg(s->env->hwcap, s->env->hwcap2, (int)a->crm, (int)a->op2));
            break;
        }
        return false; /* DAIF, CurrentEL, EL1 registers...: SIGILL as on Linux */
    }
    write_xreg(s, rt, v);
    return true;
}

bool trans_MSR_r(DisasContext *s, arg_MSR_r *a)
{
    int key = (int)SYSREG(a->op0, a->op1, a->crn, a->crm, a->op2);
    IrTemp v = read_xreg(s, (int)a->rt);
    IrTemp t;

    switch (key) {
    case SR_NZCV:
        gen_write_nzcv(s, v);
        return true;
    case SR_FPCR:
        t = new_tmp(s);
        ir_andi(s->ir, t, v, FPCR_WRITE_MASK);
        ir_st(s->ir, t, IR_ENV, (int32_t)offsetof(CPUArchState, fpcr), MO_32);
        /* FP code may be translated under assumptions about FPCR: end the block */
        s->is_jmp = DISAS_UPDATE;
        return true;
    case SR_FPSR:
        t = new_tmp(s);
        ir_andi(s->ir, t, v, FPSR_WRITE_MASK);
        ir_call2(s->ir, &helper_info_fpsr_write, 0, IR_ENV, t);
        return true;
    case SR_TPIDR_EL0:
        ir_st(s->ir, v, IR_ENV, (int32_t)offsetof(CPUArchState, tpidr_el0), MO_64);
        return true;
    case SR_DIT:
    case SR_SSBS:
    case SR_TCO: {
        uint64_t bit;
        if (!pstate_sd_bit(s, key == SR_SSBS ? 1 : key == SR_DIT ? 2 : 4, &bit)) {
            return false;
        }
        gen_set_pstate_sd(s, bit, v);
        return true;
    }
    default:
        return false; /* read-only (TPIDRRO_EL0, counters, ID regs) or EL1 registers */
    }
}
