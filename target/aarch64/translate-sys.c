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
#include "target/aarch64/helper-a64.h"

/* Linux arm64 HWCAP / HWCAP2 bits (uapi asm/hwcap.h) used to build the ID registers. */
enum {
    HWCAP_FP = 1u << 0,
    HWCAP_ASIMD = 1u << 1,
    HWCAP_AES = 1u << 3,
    HWCAP_PMULL = 1u << 4,
    HWCAP_SHA1 = 1u << 5,
    HWCAP_SHA2 = 1u << 6,
    HWCAP_CRC32 = 1u << 7,
    HWCAP_ATOMICS = 1u << 8,
    HWCAP_FPHP = 1u << 9,
    HWCAP_ASIMDHP = 1u << 10,
    HWCAP_ASIMDRDM = 1u << 12,
    HWCAP_JSCVT = 1u << 13,
    HWCAP_FCMA = 1u << 14,
    HWCAP_LRCPC = 1u << 15,
    HWCAP_DCPOP = 1u << 16,
    HWCAP_SHA3 = 1u << 17,
    HWCAP_SM3 = 1u << 18,
    HWCAP_SM4 = 1u << 19,
    HWCAP_ASIMDDP = 1u << 20,
    HWCAP_SHA512 = 1u << 21,
    HWCAP_SVE = 1u << 22,
    HWCAP_ASIMDFHM = 1u << 23,
    HWCAP_DIT = 1u << 24,
    HWCAP_ILRCPC = 1u << 26,
    HWCAP_FLAGM = 1u << 27,
    HWCAP_SSBS = 1u << 28,
    HWCAP_SB = 1u << 29,
};
enum {
    HWCAP2_DCPODP = 1u << 0,
    HWCAP2_FLAGM2 = 1u << 7,
    HWCAP2_FRINT = 1u << 8,
    HWCAP2_I8MM = 1u << 13,
    HWCAP2_BF16 = 1u << 14,
    HWCAP2_BTI = 1u << 17,
};

/* System register key: op0:op1:CRn:CRm:op2 as in the MRS/MSR encoding. */
#define SYSREG(op0, op1, crn, crm, op2)                                                            \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

enum {
    SR_NZCV = SYSREG(3, 3, 4, 2, 0),
    SR_DAIF = SYSREG(3, 3, 4, 2, 1),
    SR_DIT = SYSREG(3, 3, 4, 2, 5),
    SR_SSBS = SYSREG(3, 3, 4, 2, 6),
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
    SR_ID_AA64PFR0_EL1 = SYSREG(3, 0, 0, 4, 0),
    SR_ID_AA64PFR1_EL1 = SYSREG(3, 0, 0, 4, 1),
    SR_ID_AA64ISAR0_EL1 = SYSREG(3, 0, 0, 6, 0),
    SR_ID_AA64ISAR1_EL1 = SYSREG(3, 0, 0, 6, 1),
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

bool trans_YIELD(DisasContext *s, arg_YIELD *a)
{
    (void)s;
    (void)a;
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

bool trans_ISB(DisasContext *s, arg_ISB *a)
{
    /* Context synchronization: apply pending IC IVAU invalidations (see helper-sys.c). */
    (void)a;
    ir_call2(s->ir, &helper_info_isb, 0, IR_ENV, ir_const64(s->ir, s->pc_next));
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
    if (op1 == 3 && (op2 == 1 || op2 == 2 || op2 == 4)) {
        /* SSBS, DIT, TCO: accepted and ignored (no speculation/timing/tag model). */
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
        return (s->env->hwcap & HWCAP_DCPOP) != 0;
    case 13: /* DC CVADP (FEAT_DPB2) */
        return (s->env->hwcap2 & HWCAP2_DCPODP) != 0;
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

static uint64_t field(uint64_t value, unsigned shift)
{
    return value << shift;
}

/* Value of an ID register in the space Linux emulates for EL0 (op0=3, op1=0, CRn=0,
 * CRm=2..7); fields follow the HWCAPs so that both discovery methods agree. */
static uint64_t id_reg_value(const CPUArchState *env, int crm, int op2)
{
    uint64_t hw = env->hwcap, hw2 = env->hwcap2, v = 0;

    if (hw == 0) {
        hw = HWCAP_FP | HWCAP_ASIMD | HWCAP_CRC32 | HWCAP_ATOMICS;
    }
    switch (SYSREG(3, 0, 0, crm, op2)) {
    case SR_ID_AA64PFR0_EL1:
        v |= field(1, 0) | field(1, 4); /* EL0, EL1: AArch64 only */
        v |= field((hw & HWCAP_FP) ? ((hw & HWCAP_FPHP) ? 1 : 0) : 0xf, 16);
        v |= field((hw & HWCAP_ASIMD) ? ((hw & HWCAP_ASIMDHP) ? 1 : 0) : 0xf, 20);
        v |= field((hw & HWCAP_SVE) ? 1 : 0, 32);
        v |= field((hw & HWCAP_DIT) ? 1 : 0, 48);
        return v;
    case SR_ID_AA64PFR1_EL1:
        v |= field((hw2 & HWCAP2_BTI) ? 1 : 0, 0);
        v |= field((hw & HWCAP_SSBS) ? 2 : 0, 4);
        return v;
    case SR_ID_AA64ISAR0_EL1:
        v |= field((hw & HWCAP_PMULL) ? 2 : (hw & HWCAP_AES) ? 1 : 0, 4);
        v |= field((hw & HWCAP_SHA1) ? 1 : 0, 8);
        v |= field((hw & HWCAP_SHA512) ? 2 : (hw & HWCAP_SHA2) ? 1 : 0, 12);
        v |= field((hw & HWCAP_CRC32) ? 1 : 0, 16);
        v |= field((hw & HWCAP_ATOMICS) ? 2 : 0, 20);
        v |= field((hw & HWCAP_ASIMDRDM) ? 1 : 0, 28);
        v |= field((hw & HWCAP_SHA3) ? 1 : 0, 32);
        v |= field((hw & HWCAP_SM3) ? 1 : 0, 36);
        v |= field((hw & HWCAP_SM4) ? 1 : 0, 40);
        v |= field((hw & HWCAP_ASIMDDP) ? 1 : 0, 44);
        v |= field((hw & HWCAP_ASIMDFHM) ? 1 : 0, 48);
        v |= field((hw2 & HWCAP2_FLAGM2) ? 2 : (hw & HWCAP_FLAGM) ? 1 : 0, 52);
        return v;
    case SR_ID_AA64ISAR1_EL1:
        v |= field((hw2 & HWCAP2_DCPODP) ? 2 : (hw & HWCAP_DCPOP) ? 1 : 0, 0);
        v |= field((hw & HWCAP_JSCVT) ? 1 : 0, 12);
        v |= field((hw & HWCAP_FCMA) ? 1 : 0, 16);
        v |= field((hw & HWCAP_ILRCPC) ? 2 : (hw & HWCAP_LRCPC) ? 1 : 0, 20);
        v |= field((hw2 & HWCAP2_FRINT) ? 1 : 0, 32);
        v |= field((hw & HWCAP_SB) ? 1 : 0, 36);
        v |= field((hw2 & HWCAP2_BF16) ? 1 : 0, 44);
        v |= field((hw2 & HWCAP2_I8MM) ? 1 : 0, 52);
        return v;
    default:
        return 0; /* hidden or not implemented: Linux reports zero */
    }
}

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
        v = gen_ld_env(s, offsetof(CPUArchState, fpsr), MO_32);
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
    case SR_CNTVCT_EL0:
    case SR_CNTVCTSS_EL0:
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
        v = ir_const64(s->ir, 0);
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
            v = ir_const64(s->ir, id_reg_value(s->env, (int)a->crm, (int)a->op2));
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
        ir_st(s->ir, t, IR_ENV, (int32_t)offsetof(CPUArchState, fpsr), MO_32);
        return true;
    case SR_TPIDR_EL0:
        ir_st(s->ir, v, IR_ENV, (int32_t)offsetof(CPUArchState, tpidr_el0), MO_64);
        return true;
    case SR_DIT:
    case SR_SSBS:
        return true; /* accepted and ignored */
    default:
        return false; /* read-only (TPIDRRO_EL0, counters, ID regs) or EL1 registers */
    }
}
