/*
 * translate-atomic.c - A64 exclusives, ordered and atomic memory instructions (patterns
 * in a64-ldst.decode): LDXR/LDAXR/STXR/STLXR, the pair forms LDXP/LDAXP/STXP/STLXP,
 * LDAR/STLR/LDLAR/STLLR, LDAPR, LDAPUR/STLUR (RCpc) and the ARMv8.1 LSE atomics CAS,
 * CASP, LD<op> (ST<op> when Rt = XZR) and SWP with their A/L/AL variants.
 *
 * Load-exclusive records the address and the loaded value(s) in the monitor globals;
 * store-exclusive calls helper_stxr/helper_stxp, which compare-and-swap memory from the
 * recorded value (helper-atomic.c).  Example: ldaxr w1, [x0] becomes
 *     a = x0;  v = qld32(a, MO_ALIGN);  exclusive_addr = a;  exclusive_val = v;  x1 = v
 * Every access here except LDAPR requires natural alignment (SIGBUS otherwise; a
 * store-exclusive checks alignment even when the monitor does not match, as the Arm ARM
 * says, where qemu 7.2 just fails).  Acquire/release order
 * needs no extra code on x86-64 hosts (TSO), except that a store-release followed by a
 * load-acquire (RCsc: LDAR, not LDAPR) must not pass it: every STLR/STLUR is followed
 * by a store->load barrier (mfence in native code).
 */
#include "target/aarch64/translate.h"
#include "a64-decode.h"
#include "target/aarch64/helper-ldst.h"
#include "target/aarch64/mte.h"

static IrHelper h_stxr = {
    .name = "stxr",
    .func = helper_stxr,
    .ret = IR_I64,
    .nargs = 5,
    .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
    .flags = 0,
};

static IrHelper h_stxp = {
    .name = "stxp",
    .func = helper_stxp,
    .ret = IR_I64,
    .nargs = 5,
    .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
    .flags = 0,
};

static IrHelper h_cas = {
    .name = "cas",
    .func = helper_cas,
    .ret = IR_I64,
    .nargs = 6,
    .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
    .flags = 0,
};

static IrHelper h_casp128 = {
    .name = "casp128",
    .func = helper_casp128,
    .ret = IR_VOID,
    .nargs = 5,
    .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
    .flags = 0,
};

static IrHelper h_atomic_op = {
    .name = "atomic_op",
    .func = helper_atomic_op,
    .ret = IR_I64,
    .nargs = 5,
    .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
    .flags = 0,
};

/* A fresh copy of the base register (31 = SP), so later register writes cannot change it. */
static IrTemp base_addr(DisasContext *s, int rn)
{
    IrTemp t = new_tmp(s);
    ir_mov(s->ir, t, read_xreg_sp(s, rn));
    return t;
}

static IrTemp pc_const(DisasContext *s)
{
    return ir_const64(s->ir, s->pc);
}

/* ---- exclusives ---- */

bool trans_LDSTXR(DisasContext *s, arg_LDSTXR *a)
{
    int size = (int)a->sz;
    IrTemp addr = base_addr(s, (int)a->rn);

    if (a->l) {
        IrTemp v = new_tmp(s);
        ir_qld(s->ir, v, addr, (MemOp)(size | MO_ALIGN | MO_ATOMIC));
        ir_mov(s->ir, cpu_exclusive_addr, addr);
        ir_mov(s->ir, cpu_exclusive_val, v);
        write_xreg(s, (int)a->rt, v);
    } else {
        IrTemp status = new_tmp(s);
        IrTemp args[5] = {IR_ENV, addr, read_xreg(s, (int)a->rt), ir_const64(s->ir, size),
                          pc_const(s)};
        mte_gen_access_check(s->ir, addr, (MemOp)(size | MO_ALIGN), true);
        ir_call(s->ir, &h_stxr, status, 5, args);
        write_xreg(s, (int)a->rs, status);
    }
    return true;
}

bool trans_LDSTXP(DisasContext *s, arg_LDSTXP *a)
{
    IrTemp addr = base_addr(s, (int)a->rn);
    IrTemp status;

    if (a->l) {
        IrTemp lo = new_tmp(s);
        IrTemp hi = new_tmp(s);
        if (!a->sz) {
            /* Two W registers: one aligned 64-bit access. */
            IrTemp v = new_tmp(s);
            ir_qld(s->ir, v, addr, (MemOp)(MO_64 | MO_ALIGN | MO_ATOMIC));
            ir_mov(s->ir, cpu_exclusive_addr, addr);
            ir_mov(s->ir, cpu_exclusive_val, v);
            ir_ext32u(s->ir, lo, v);
            ir_shri(s->ir, hi, v, 32);
        } else {
            IrTemp addr2 = new_tmp(s);
            ir_addi(s->ir, addr2, addr, 8);
            ir_qld(s->ir, lo, addr, (MemOp)(MO_64 | MO_ALIGN16));
            ir_qld(s->ir, hi, addr2, MO_64);
            ir_mov(s->ir, cpu_exclusive_addr, addr);
            ir_mov(s->ir, cpu_exclusive_val, lo);
            ir_mov(s->ir, cpu_exclusive_high, hi);
        }
        write_xreg(s, (int)a->rt, lo);
        write_xreg(s, (int)a->rt2, hi);
        return true;
    }

    status = new_tmp(s);
    mte_gen_access_check(s->ir, addr,
                         a->sz ? (MemOp)(MO_128 | MO_ALIGN16) : (MemOp)(MO_64 | MO_ALIGN), true);
    if (!a->sz) {
        IrTemp v = new_tmp(s);
        IrTemp hi = new_tmp(s);
        ir_ext32u(s->ir, v, read_xreg(s, (int)a->rt));
        ir_shli(s->ir, hi, read_xreg(s, (int)a->rt2), 32);
        ir_or(s->ir, v, v, hi);
        IrTemp args[5] = {IR_ENV, addr, v, ir_const64(s->ir, 3), pc_const(s)};
        ir_call(s->ir, &h_stxr, status, 5, args);
    } else {
        IrTemp args[5] = {IR_ENV, addr, read_xreg(s, (int)a->rt), read_xreg(s, (int)a->rt2),
                          pc_const(s)};
        ir_call(s->ir, &h_stxp, status, 5, args);
    }
    write_xreg(s, (int)a->rs, status);
    return true;
}

/* ---- load-acquire / store-release ---- */

bool trans_LDSTLR(DisasContext *s, arg_LDSTLR *a)
{
    MemOp mop = (MemOp)(a->sz | MO_ALIGN | MO_ATOMIC);
    IrTemp addr = base_addr(s, (int)a->rn);

    if (a->l) {
        IrTemp v = new_tmp(s);
        ir_qld(s->ir, v, addr, mop);
        write_xreg(s, (int)a->rt, v);
    } else {
        ir_qst(s->ir, read_xreg(s, (int)a->rt), addr, mop);
        ir_mb(s->ir, IR_MB_ST_LD);
    }
    return true;
}

/* LDAPR: no alignment check, like qemu 7.2 and cores with FEAT_LSE2 (the one ordered
 * access here that does not raise SIGBUS when misaligned). */
bool trans_LDAPR(DisasContext *s, arg_LDAPR *a)
{
    IrTemp addr = base_addr(s, (int)a->rn);
    IrTemp v = new_tmp(s);

    ir_qld(s->ir, v, addr, (MemOp)(a->sz | MO_ATOMIC));
    write_xreg(s, (int)a->rt, v);
    return true;
}

/* STLUR (opc 0), LDAPUR (1), LDAPURS to X (2), LDAPURS to W (3). */
bool trans_LDAPUR_STLUR(DisasContext *s, arg_LDAPUR_STLUR *a)
{
    int size = (int)a->sz;
    MemOp mop = (MemOp)(size | MO_ALIGN | MO_ATOMIC);
    IrTemp addr;

    if ((a->opc == 2 && size == 3) || (a->opc == 3 && size >= 2)) {
        return false;
    }
    addr = base_addr(s, (int)a->rn);
    ir_addi(s->ir, addr, addr, a->imm);
    if (a->opc == 0) {
        ir_qst(s->ir, read_xreg(s, (int)a->rt), addr, mop);
        ir_mb(s->ir, IR_MB_ST_LD);
    } else {
        IrTemp v = new_tmp(s);
        ir_qld(s->ir, v, addr, (MemOp)(mop | (a->opc >= 2 ? MO_SIGN : 0)));
        if (a->opc == 3) {
            write_wreg(s, (int)a->rt, v);
        } else {
            write_xreg(s, (int)a->rt, v);
        }
    }
    return true;
}

/* ---- LSE ---- */

bool trans_CAS_single(DisasContext *s, arg_CAS_single *a)
{
    IrTemp addr = base_addr(s, (int)a->rn);
    IrTemp old = new_tmp(s);
    IrTemp args[6] = {IR_ENV,
                      addr,
                      read_xreg(s, (int)a->rs),
                      read_xreg(s, (int)a->rt),
                      ir_const64(s->ir, (uint64_t)a->sz),
                      pc_const(s)};

    mte_gen_access_check(s->ir, addr, (MemOp)(a->sz | MO_ALIGN), true);
    ir_call(s->ir, &h_cas, old, 6, args);
    write_xreg(s, (int)a->rs, old);
    return true;
}

/* (r+1):r as one 64-bit value, low word from r. */
static IrTemp concat_w(DisasContext *s, int r)
{
    IrTemp v = new_tmp(s);
    IrTemp hi = new_tmp(s);
    ir_ext32u(s->ir, v, read_xreg(s, r));
    ir_shli(s->ir, hi, read_xreg(s, r + 1), 32);
    ir_or(s->ir, v, v, hi);
    return v;
}

bool trans_CASP_pair(DisasContext *s, arg_CASP_pair *a)
{
    int rs = (int)a->rs, rt = (int)a->rt;
    IrTemp addr;

    if ((rs & 1) || (rt & 1)) {
        return false;
    }
    addr = base_addr(s, (int)a->rn);
    mte_gen_access_check(s->ir, addr,
                         a->sz ? (MemOp)(MO_128 | MO_ALIGN16) : (MemOp)(MO_64 | MO_ALIGN), true);
    if (!a->sz) {
        IrTemp old = new_tmp(s);
        IrTemp lo = new_tmp(s);
        IrTemp hi = new_tmp(s);
        IrTemp args[6] = {IR_ENV,     addr, concat_w(s, rs), concat_w(s, rt), ir_const64(s->ir, 3),
                          pc_const(s)};
        ir_call(s->ir, &h_cas, old, 6, args);
        ir_ext32u(s->ir, lo, old);
        ir_shri(s->ir, hi, old, 32);
        write_xreg(s, rs, lo);
        write_xreg(s, rs + 1, hi);
    } else {
        IrTemp args[5] = {IR_ENV, addr, ir_const64(s->ir, (uint64_t)rs),
                          ir_const64(s->ir, (uint64_t)rt), pc_const(s)};
        ir_call(s->ir, &h_casp128, 0, 5, args);
    }
    return true;
}

static bool do_atomic_op(DisasContext *s, int size, int op, int rs, int rn, int rt)
{
    IrTemp addr = base_addr(s, rn);
    IrTemp old = new_tmp(s);
    IrTemp args[5] = {IR_ENV, addr, read_xreg(s, rs), ir_const64(s->ir, (uint64_t)(op | size << 4)),
                      pc_const(s)};

    mte_gen_access_check(s->ir, addr, (MemOp)(size | MO_ALIGN), true);
    ir_call(s->ir, &h_atomic_op, old, 5, args);
    write_xreg(s, rt, old);
    return true;
}

bool trans_SWP(DisasContext *s, arg_SWP *a)
{
    return do_atomic_op(s, (int)a->sz, A64_ATOMIC_SWP, (int)a->rs, (int)a->rn, (int)a->rt);
}

bool trans_LDATOMIC(DisasContext *s, arg_LDATOMIC *a)
{
    return do_atomic_op(s, (int)a->sz, (int)a->op, (int)a->rs, (int)a->rn, (int)a->rt);
}
