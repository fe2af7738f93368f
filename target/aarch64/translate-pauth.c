/*
 * translate-pauth.c - the trans_* functions of a64-pauth.decode: PAC*, AUT*, XPAC*, PACGA,
 * the hint-space forms, the combined branches (BRAA...RETAB) and LDRAA/LDRAB.
 *
 * Every signing or authenticating instruction is one call to helper_pac/helper_aut
 * (helper-pauth.c) with the key number as a constant; the combined forms then branch or
 * load through the result, so a failed authentication faults at the use, as on a CPU
 * without FEAT_FPAC.  Models without HWCAP_PACA execute the hint-space forms as NOPs (the
 * architecture allocates them in the hint space for that reason) and raise SIGILL for the
 * rest.  Example: "retaa" -> t = helper_aut(env, x30, sp, PAC_KEY_IA); jump to t.
 */
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-pauth.h"
#include "target/aarch64/translate.h"

#include "a64-decode.h"

/* The keys live outside the IR globals and change only at a syscall (a block end). */
#define PAUTH_CALL_FLAGS IR_CALL_PURE

static IrHelper h_pac = {.name = "pac",
                         .func = (void *)helper_pac,
                         .ret = IR_I64,
                         .nargs = 4,
                         .args = {IR_I64, IR_I64, IR_I64, IR_I64},
                         .flags = PAUTH_CALL_FLAGS};
static IrHelper h_aut = {.name = "aut",
                         .func = (void *)helper_aut,
                         .ret = IR_I64,
                         .nargs = 4,
                         .args = {IR_I64, IR_I64, IR_I64, IR_I64},
                         .flags = PAUTH_CALL_FLAGS};
static IrHelper h_pacga = {.name = "pacga",
                           .func = (void *)helper_pacga,
                           .ret = IR_I64,
                           .nargs = 3,
                           .args = {IR_I64, IR_I64, IR_I64},
                           .flags = PAUTH_CALL_FLAGS};
static IrHelper h_ldra_addr = {.name = "ldra_addr",
                               .func = (void *)helper_ldra_addr,
                               .ret = IR_I64,
                               .nargs = 5,
                               .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
                               .flags = IR_CALL_NO_READ_GLOBALS};
static IrHelper h_xpac = {.name = "xpac",
                          .func = (void *)helper_xpac,
                          .ret = IR_I64,
                          .nargs = 1,
                          .args = {IR_I64},
                          .flags = IR_CALL_PURE};

static bool has_pauth(DisasContext *s)
{
    return (s->env->hwcap & A64_HWCAP_PACA) != 0;
}

/* A fresh temp holding AddPAC (aut = false) or Auth (aut = true) of ptr. */
static IrTemp gen_pac(DisasContext *s, bool aut, IrTemp ptr, IrTemp mod, int key)
{
    IrTemp t = new_tmp(s);
    ir_call4(s->ir, aut ? &h_aut : &h_pac, t, IR_ENV, ptr, mod, ir_const64(s->ir, (uint64_t)key));
    return t;
}

static IrTemp zero(DisasContext *s)
{
    return ir_const64(s->ir, 0);
}

static IrTemp sp(DisasContext *s)
{
    return read_xreg_sp(s, 31);
}

/* Xd = PAC/AUT(Xd, mod) for the data-processing forms. */
static bool do_dp(DisasContext *s, int rd, IrTemp mod, bool aut, int key)
{
    if (!has_pauth(s)) {
        return false;
    }
    write_xreg(s, rd, gen_pac(s, aut, read_xreg(s, rd), mod, key));
    return true;
}

/* The hint-space forms: a NOP without PAuth. */
static bool do_hint(DisasContext *s, int rd, IrTemp mod, bool aut, int key)
{
    if (has_pauth(s)) {
        write_xreg(s, rd, gen_pac(s, aut, read_xreg(s, rd), mod, key));
    }
    return true;
}

#define TRANS_DP(NAME, AUT, KEY)                                                                   \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_dp(s, (int)a->rd, read_xreg_sp(s, (int)a->rn), AUT, KEY);                        \
    }
#define TRANS_DPZ(NAME, AUT, KEY)                                                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_dp(s, (int)a->rd, zero(s), AUT, KEY);                                            \
    }
#define TRANS_HINT(NAME, RD, MOD, AUT, KEY)                                                        \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        (void)a;                                                                                   \
        return do_hint(s, RD, MOD, AUT, KEY);                                                      \
    }

TRANS_DP(PACIA, false, PAC_KEY_IA)
TRANS_DP(PACIB, false, PAC_KEY_IB)
TRANS_DP(PACDA, false, PAC_KEY_DA)
TRANS_DP(PACDB, false, PAC_KEY_DB)
TRANS_DP(AUTIA, true, PAC_KEY_IA)
TRANS_DP(AUTIB, true, PAC_KEY_IB)
TRANS_DP(AUTDA, true, PAC_KEY_DA)
TRANS_DP(AUTDB, true, PAC_KEY_DB)
TRANS_DPZ(PACIZA, false, PAC_KEY_IA)
TRANS_DPZ(PACIZB, false, PAC_KEY_IB)
TRANS_DPZ(PACDZA, false, PAC_KEY_DA)
TRANS_DPZ(PACDZB, false, PAC_KEY_DB)
TRANS_DPZ(AUTIZA, true, PAC_KEY_IA)
TRANS_DPZ(AUTIZB, true, PAC_KEY_IB)
TRANS_DPZ(AUTDZA, true, PAC_KEY_DA)
TRANS_DPZ(AUTDZB, true, PAC_KEY_DB)

TRANS_HINT(PACIA1716, 17, read_xreg(s, 16), false, PAC_KEY_IA)
TRANS_HINT(PACIB1716, 17, read_xreg(s, 16), false, PAC_KEY_IB)
TRANS_HINT(AUTIA1716, 17, read_xreg(s, 16), true, PAC_KEY_IA)
TRANS_HINT(AUTIB1716, 17, read_xreg(s, 16), true, PAC_KEY_IB)
TRANS_HINT(PACIAZ, 30, zero(s), false, PAC_KEY_IA)
TRANS_HINT(PACIASP, 30, sp(s), false, PAC_KEY_IA)
TRANS_HINT(PACIBZ, 30, zero(s), false, PAC_KEY_IB)
TRANS_HINT(PACIBSP, 30, sp(s), false, PAC_KEY_IB)
TRANS_HINT(AUTIAZ, 30, zero(s), true, PAC_KEY_IA)
TRANS_HINT(AUTIASP, 30, sp(s), true, PAC_KEY_IA)
TRANS_HINT(AUTIBZ, 30, zero(s), true, PAC_KEY_IB)
TRANS_HINT(AUTIBSP, 30, sp(s), true, PAC_KEY_IB)

static void gen_xpac(DisasContext *s, int rd)
{
    IrTemp t = new_tmp(s);
    ir_call1(s->ir, &h_xpac, t, read_xreg(s, rd));
    write_xreg(s, rd, t);
}

bool trans_XPACI(DisasContext *s, arg_XPACI *a)
{
    if (!has_pauth(s)) {
        return false;
    }
    gen_xpac(s, (int)a->rd);
    return true;
}

bool trans_XPACD(DisasContext *s, arg_XPACD *a)
{
    return trans_XPACI(s, (arg_XPACI *)a);
}

bool trans_XPACLRI(DisasContext *s, arg_XPACLRI *a)
{
    (void)a;
    if (has_pauth(s)) {
        gen_xpac(s, 30);
    }
    return true;
}

bool trans_PACGA(DisasContext *s, arg_PACGA *a)
{
    IrTemp t;

    if (!(s->env->hwcap & A64_HWCAP_PACG)) {
        return false;
    }
    t = new_tmp(s);
    ir_call3(s->ir, &h_pacga, t, IR_ENV, read_xreg(s, (int)a->rn), read_xreg_sp(s, (int)a->rm));
    write_xreg(s, (int)a->rd, t);
    return true;
}

/* Authenticate Xn with mod and key, then branch there (and link if asked). */
static bool do_branch(DisasContext *s, int rn, IrTemp mod, int key, bool link)
{
    IrTemp target;

    if (!has_pauth(s)) {
        return false;
    }
    target = gen_pac(s, true, read_xreg(s, rn), mod, key);
    if (link) {
        write_xreg(s, 30, ir_const64(s->ir, s->pc_next));
    }
    gen_bti_branch(s, link ? IR_BRANCH_CALL : IR_BRANCH_JUMP, rn);
    gen_jump_reg(s, target);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

#define TRANS_BR(NAME, MOD, KEY, LINK)                                                             \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                                              \
    {                                                                                              \
        return do_branch(s, (int)a->rn, MOD, KEY, LINK);                                           \
    }

TRANS_BR(BRAAZ, zero(s), PAC_KEY_IA, false)
TRANS_BR(BRABZ, zero(s), PAC_KEY_IB, false)
TRANS_BR(BLRAAZ, zero(s), PAC_KEY_IA, true)
TRANS_BR(BLRABZ, zero(s), PAC_KEY_IB, true)
TRANS_BR(BRAA, read_xreg_sp(s, (int)a->rm), PAC_KEY_IA, false)
TRANS_BR(BRAB, read_xreg_sp(s, (int)a->rm), PAC_KEY_IB, false)
TRANS_BR(BLRAA, read_xreg_sp(s, (int)a->rm), PAC_KEY_IA, true)
TRANS_BR(BLRAB, read_xreg_sp(s, (int)a->rm), PAC_KEY_IB, true)

bool trans_RETAA(DisasContext *s, arg_RETAA *a)
{
    (void)a;
    return do_branch(s, 30, sp(s), PAC_KEY_IA, false);
}

bool trans_RETAB(DisasContext *s, arg_RETAB *a)
{
    (void)a;
    return do_branch(s, 30, sp(s), PAC_KEY_IB, false);
}

/* LDRAA/LDRAB: authenticate the base with the DA/DB key and modifier 0, add the offset,
 * load 64 bits; W writes the address back to the base (pre-index). */
bool trans_LDRA(DisasContext *s, arg_LDRA *a)
{
    int64_t off = ((a->s ? -512 : 0) + (int64_t)a->imm) * 8;
    IrTemp addr, v;

    if (!has_pauth(s)) {
        return false;
    }
    addr = new_tmp(s);
    ir_call5(s->ir, &h_ldra_addr, addr, IR_ENV, read_xreg_sp(s, (int)a->rn),
             ir_const64(s->ir, (uint64_t)off), ir_const64(s->ir, a->m ? PAC_KEY_DB : PAC_KEY_DA),
             ir_const64(s->ir, s->pc));
    v = new_tmp(s);
    ir_qld(s->ir, v, addr, MO_64);
    write_xreg(s, (int)a->rt, v);
    if (a->w) {
        write_xreg_sp(s, (int)a->rn, addr);
    }
    return true;
}
