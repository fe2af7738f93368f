/*
 * translate.c - the A64 front end's block loop and shared utilities (see translate.h):
 * IR globals for the guest registers, register access with XZR/SP handling, NZCV
 * computation, A64 condition evaluation, block terminals and exceptions.
 *
 * a64_translate_block() fetches instructions, emits insn_start, calls the generated
 * decoder (which calls one trans_* per pattern) and stops at a branch, an exception, a page
 * end or TB_MAX_INSNS.  Example: -d in_asm,op shows each guest instruction and its IR.
 */
#include "target/aarch64/translate.h"

#include <inttypes.h>
#include <stddef.h>

#include "a64-decode.h"
#include "target/aarch64/debug.h"
#include "tcg/guest-mem.h"
#include "tcg/log.h"

IrTemp cpu_X[32];
IrTemp cpu_pc;
IrTemp cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
IrTemp cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

static const char *const xreg_names[32] = {"x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",
                                           "x8",  "x9",  "x10", "x11", "x12", "x13", "x14", "x15",
                                           "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
                                           "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp"};

void a64_translate_init(IrContext *ir)
{
    /* Every thread's IrContext creates the same globals in the same order, so the
     * IrTemp numbers stored in cpu_X etc. are valid in all of them. */
    for (int i = 0; i < 32; i++) {
        cpu_X[i] =
            ir_new_global(ir, IR_I64, (int32_t)offsetof(CPUArchState, xregs[i]), xreg_names[i]);
    }
    cpu_pc = ir_new_global(ir, IR_I64, offsetof(CPUArchState, pc), "pc");
    cpu_NF = ir_new_global(ir, IR_I64, offsetof(CPUArchState, nf), "NF");
    cpu_ZF = ir_new_global(ir, IR_I64, offsetof(CPUArchState, zf), "ZF");
    cpu_CF = ir_new_global(ir, IR_I64, offsetof(CPUArchState, cf), "CF");
    cpu_VF = ir_new_global(ir, IR_I64, offsetof(CPUArchState, vf), "VF");
    cpu_exclusive_addr =
        ir_new_global(ir, IR_I64, offsetof(CPUArchState, exclusive_addr), "exclusive_addr");
    cpu_exclusive_val =
        ir_new_global(ir, IR_I64, offsetof(CPUArchState, exclusive_val), "exclusive_val");
    cpu_exclusive_high =
        ir_new_global(ir, IR_I64, offsetof(CPUArchState, exclusive_high), "exclusive_high");
}

IrTemp new_tmp(DisasContext *s)
{
    return ir_new_temp(s->ir, IR_I64);
}

IrTemp new_tmp32(DisasContext *s)
{
    return ir_new_temp(s->ir, IR_I32);
}

IrTemp read_xreg(DisasContext *s, int reg)
{
    if (reg == 31) {
        return ir_const64(s->ir, 0);
    }
    return cpu_X[reg];
}

void write_xreg(DisasContext *s, int reg, IrTemp v64)
{
    if (reg != 31) {
        ir_mov(s->ir, cpu_X[reg], v64);
    }
}

IrTemp read_xreg_sp(DisasContext *s, int reg)
{
    (void)s;
    return cpu_X[reg];
}

void write_xreg_sp(DisasContext *s, int reg, IrTemp v64)
{
    ir_mov(s->ir, cpu_X[reg], v64);
}

void write_wreg(DisasContext *s, int reg, IrTemp v64)
{
    if (reg != 31) {
        ir_ext32u(s->ir, cpu_X[reg], v64);
    }
}

void write_reg_sf(DisasContext *s, int sf, int reg, IrTemp v64)
{
    if (sf) {
        write_xreg(s, reg, v64);
    } else {
        write_wreg(s, reg, v64);
    }
}

void write_reg_sf_sp(DisasContext *s, int sf, int reg, IrTemp v64)
{
    if (sf) {
        write_xreg_sp(s, reg, v64);
    } else {
        ir_ext32u(s->ir, cpu_X[reg], v64);
    }
}

/* ---- flags ---- */

void gen_logic_flags(DisasContext *s, int sf, IrTemp result)
{
    IrContext *ir = s->ir;
    IrTemp res = new_tmp(s); /* a copy: result may be written again before a B.cond */
    if (sf) {
        ir_mov(ir, res, result);
    } else {
        ir_ext32u(ir, res, result);
    }
    flags_record(s, FLAGS_LOGIC, sf, 0, 0, res);
    flags_compute(s);
    s->flags.op_end = s->ir->nb_ops; /* fused conditions start here */
}

/* Shared by ADD(S)/ADC(S) and, with b inverted, SUB(S) with carry. carry_in is a temp
 * holding 0/1 or 0 (IrTemp 0 = none). */
static void gen_add_flags_common(DisasContext *s, int sf, IrTemp d, IrTemp a, IrTemp b,
                                 IrTemp carry_in)
{
    IrContext *ir = s->ir;
    IrTemp res = new_tmp(s);
    IrTemp vtmp = new_tmp(s);
    IrTemp xtmp = new_tmp(s);
    if (sf) {
        IrTemp zero = ir_const64(ir, 0);
        IrTemp hi = new_tmp(s);
        ir_add2(ir, res, hi, a, zero, b, zero);
        if (carry_in) {
            ir_add2(ir, res, hi, res, hi, carry_in, zero);
        }
        ir_mov(ir, cpu_CF, hi);
        /* V = (res ^ a) & ~(a ^ b), bit 63 */
        ir_xor(ir, vtmp, res, a);
        ir_xor(ir, xtmp, a, b);
        ir_andc(ir, cpu_VF, vtmp, xtmp);
        ir_mov(ir, cpu_NF, res);
        ir_mov(ir, cpu_ZF, res);
    } else {
        IrTemp a32 = new_tmp(s), b32 = new_tmp(s);
        ir_ext32u(ir, a32, a);
        ir_ext32u(ir, b32, b);
        ir_add(ir, res, a32, b32);
        if (carry_in) {
            ir_add(ir, res, res, carry_in);
        }
        ir_shri(ir, cpu_CF, res, 32);
        ir_xor(ir, vtmp, res, a32);
        ir_xor(ir, xtmp, a32, b32);
        ir_andc(ir, vtmp, vtmp, xtmp);
        ir_ext32s(ir, cpu_VF, vtmp);
        ir_ext32u(ir, res, res);
        ir_ext32s(ir, cpu_NF, res);
        ir_mov(ir, cpu_ZF, res);
    }
    if (d) {
        ir_mov(ir, d, res);
    }
}

/* ADDS/SUBS without carry-in: the result and NZCV from copies of the operands, which
 * translate-flags.c may compare directly for a later condition. */
static void gen_addsub_flags_nc(DisasContext *s, int sf, IrTemp d, IrTemp a, IrTemp b, bool sub)
{
    IrContext *ir = s->ir;
    IrTemp res = new_tmp(s), a0 = new_tmp(s), b0 = new_tmp(s);
    if (sf) {
        ir_mov(ir, a0, a);
        ir_mov(ir, b0, b);
    } else {
        ir_ext32u(ir, a0, a);
        ir_ext32u(ir, b0, b);
    }
    if (sub) {
        ir_sub(ir, res, a0, b0);
    } else {
        ir_add(ir, res, a0, b0);
    }
    if (!sf) {
        ir_ext32u(ir, res, res);
    }
    flags_record(s, sub ? FLAGS_SUB : FLAGS_ADD, sf, a0, b0, res);
    flags_compute(s);
    s->flags.op_end = s->ir->nb_ops; /* fused conditions start here */
    if (d) {
        ir_mov(ir, d, res);
    }
}

void gen_add_flags(DisasContext *s, int sf, IrTemp d, IrTemp a, IrTemp b, bool with_carry)
{
    if (!with_carry) {
        gen_addsub_flags_nc(s, sf, d, a, b, false);
        return;
    }
    IrTemp cin = 0;
    if (with_carry) {
        cin = new_tmp(s);
        ir_mov(s->ir, cin, cpu_CF);
    }
    gen_add_flags_common(s, sf, d, a, b, cin);
}

void gen_sub_flags(DisasContext *s, int sf, IrTemp d, IrTemp a, IrTemp b, bool with_carry)
{
    /* a - b - !C == a + ~b + C, and a - b == a + ~b + 1: the A64 C flag of a subtraction
     * is the carry out of that addition (NOT borrow), V and N/Z follow from the sum. */
    IrContext *ir = s->ir;
    if (!with_carry) {
        gen_addsub_flags_nc(s, sf, d, a, b, true);
        return;
    }
    IrTemp nb = new_tmp(s);
    ir_not(ir, nb, b);
    IrTemp cin = new_tmp(s);
    if (with_carry) {
        ir_mov(ir, cin, cpu_CF);
    } else {
        ir_movi(ir, cin, 1);
    }
    gen_add_flags_common(s, sf, d, a, nb, cin);
}

IrTemp gen_cond_value(DisasContext *s, int cond)
{
    IrContext *ir = s->ir;
    IrTemp r = new_tmp(s);
    FusedCond fc;
    if (flags_fused_cond(s, cond, &fc)) {
        ir_setcond(ir, fc.cond, r, fc.a, fc.b);
        return r;
    }
    IrTemp zero = ir_const64(ir, 0);
    IrTemp t1, t2;
    switch (cond >> 1) {
    case 0: /* EQ: Z */
        ir_setcond(ir, IR_COND_EQ, r, cpu_ZF, zero);
        break;
    case 1: /* CS: C */
        ir_setcond(ir, IR_COND_NE, r, cpu_CF, zero);
        break;
    case 2: /* MI: N */
        ir_setcond(ir, IR_COND_LT, r, cpu_NF, zero);
        break;
    case 3: /* VS: V */
        ir_setcond(ir, IR_COND_LT, r, cpu_VF, zero);
        break;
    case 4: /* HI: C && !Z */
        t1 = new_tmp(s);
        t2 = new_tmp(s);
        ir_setcond(ir, IR_COND_NE, t1, cpu_CF, zero);
        ir_setcond(ir, IR_COND_NE, t2, cpu_ZF, zero);
        ir_and(ir, r, t1, t2);
        break;
    case 5: /* GE: N == V */
        t1 = new_tmp(s);
        ir_xor(ir, t1, cpu_NF, cpu_VF);
        ir_setcond(ir, IR_COND_GE, r, t1, zero);
        break;
    case 6: /* GT: !Z && N == V */
        t1 = new_tmp(s);
        t2 = new_tmp(s);
        ir_xor(ir, t1, cpu_NF, cpu_VF);
        ir_setcond(ir, IR_COND_GE, t1, t1, zero);
        ir_setcond(ir, IR_COND_NE, t2, cpu_ZF, zero);
        ir_and(ir, r, t1, t2);
        break;
    default: /* AL, NV */
        ir_movi(ir, r, 1);
        return r;
    }
    if (cond & 1) {
        ir_xori(ir, r, r, 1);
    }
    return r;
}

/* A64 condition cond (0..13) as one IR comparison: of the recorded flag operands (fused),
 * of one flag global (EQ/NE, CS/CC, MI/PL, VS/VC), else of its 0/1 value with zero. */
void gen_cond_compare(DisasContext *s, int cond, FusedCond *fc)
{
    if (flags_fused_cond(s, cond, fc)) {
        return;
    }
    static const IrCond single[4][2] = {{IR_COND_EQ, IR_COND_NE},
                                        {IR_COND_NE, IR_COND_EQ},
                                        {IR_COND_LT, IR_COND_GE},
                                        {IR_COND_LT, IR_COND_GE}};
    IrTemp flag_of[4] = {cpu_ZF, cpu_CF, cpu_NF, cpu_VF};
    fc->b = ir_const64(s->ir, 0);
    if ((cond >> 1) < 4) {
        fc->cond = single[cond >> 1][cond & 1];
        fc->a = flag_of[cond >> 1];
        return;
    }
    fc->cond = IR_COND_NE;
    fc->a = gen_cond_value(s, cond);
}

void gen_brcond_a64(DisasContext *s, int cond, IrLabel l)
{
    if ((cond >> 1) == 7) {
        ir_br(s->ir, l);
        return;
    }
    FusedCond fc;
    gen_cond_compare(s, cond, &fc);
    ir_brcond(s->ir, fc.cond, fc.a, fc.b, l);
}

/* ---- block ends and exceptions ---- */

void gen_goto(DisasContext *s, unsigned slot, uint64_t dest)
{
    IrContext *ir = s->ir;
    flags_at_exit(s, slot, dest);
    ir_goto_tb(ir, slot);
    ir_movi(ir, cpu_pc, dest);
    ir_exit_tb(ir, slot);
}

void gen_indirect(DisasContext *s, IrTemp v, IrBranchKind kind)
{
    ir_mov(s->ir, cpu_pc, v);
    ir_goto_ptr(s->ir, cpu_pc, kind);
}

void gen_jump_reg(DisasContext *s, IrTemp v)
{
    gen_indirect(s, v, IR_BRANCH_JUMP);
}

/* The exception is an ordinary block exit (no helper, no longjmp): the block records it
 * in env and returns to cpu_exec's loop, which hands it to linux-user. */
void gen_exception(DisasContext *s, int excp, uint64_t ret_pc, uint32_t syndrome)
{
    IrContext *ir = s->ir;
    ir_movi(ir, cpu_pc, ret_pc);
    ir_st(ir, ir_const32(ir, syndrome), IR_ENV, offsetof(CPUArchState, exception_syndrome), MO_32);
    if (excp == EXCP_DATA_ABORT || excp == EXCP_ALIGN) {
        /* instruction fetch abort or PC alignment fault: the faulting address is the pc */
        ir_st(ir, ir_const64(ir, ret_pc), IR_ENV, offsetof(CPUArchState, fault_addr), MO_64);
        ir_st(ir, ir_const32(ir, 0), IR_ENV, offsetof(CPUArchState, fault_write), MO_8);
    }
    ir_st(ir, ir_const32(ir, (uint32_t)excp), IR_ENV, offsetof(CPUArchState, exception_index),
          MO_32);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    s->is_jmp = DISAS_NORETURN;
}

IrTemp gen_addr_add(DisasContext *s, IrTemp base, int64_t offset)
{
    IrTemp a = new_tmp(s);
    ir_addi(s->ir, a, base, offset);
    return a;
}

void clear_vreg_high(DisasContext *s, int reg, int from_bytes)
{
    IrContext *ir = s->ir;
    IrTemp zero = ir_const64(ir, 0);
    if (from_bytes <= 0) {
        ir_st(ir, zero, IR_ENV, vreg_offset(reg), MO_64);
        ir_st(ir, zero, IR_ENV, vreg_offset(reg) + 8, MO_64);
        return;
    }
    if (from_bytes < 8) {
        IrTemp lo = new_tmp(s);
        ir_ld(ir, lo, IR_ENV, vreg_offset(reg), MO_64);
        ir_andi(ir, lo, lo, (1ull << (8 * from_bytes)) - 1);
        ir_st(ir, lo, IR_ENV, vreg_offset(reg), MO_64);
    }
    if (from_bytes <= 8) {
        ir_st(ir, zero, IR_ENV, vreg_offset(reg) + 8, MO_64);
    } else if (from_bytes < 16) {
        IrTemp hi = new_tmp(s);
        ir_ld(ir, hi, IR_ENV, vreg_offset(reg) + 8, MO_64);
        ir_andi(ir, hi, hi, (1ull << (8 * (from_bytes - 8))) - 1);
        ir_st(ir, hi, IR_ENV, vreg_offset(reg) + 8, MO_64);
    }
}

/* ---- the block loop ---- */

/* Guest code is read through linux-user's fault-safe fetch, so that jumping to unmapped
 * or non-executable memory becomes a guest SIGSEGV rather than a crash of vemu. */

bool code_window_peek(const CodeWindow *w, uint64_t pc, uint32_t *insn)
{
    uint64_t off = pc - w->base;
    if (off < (uint64_t)w->n * 4 && !(off & 3)) {
        *insn = w->insn[off / 4];
        return true;
    }
    return false;
}

int code_window_fetch(CodeWindow *w, uint64_t pc, uint32_t *insn)
{
    if (code_window_peek(w, pc, insn)) {
        return 0;
    }
    uint64_t room = GUEST_PAGE_SIZE - (pc & (GUEST_PAGE_SIZE - 1));
    size_t len = room < sizeof w->insn ? (size_t)room : sizeof w->insn;
    w->n = 0;
    /* (a page's protection is uniform: if its first word can be read, all can) */
    if ((pc & 3) || guest_fetch_code(w->insn, pc, len) != 0) {
        return guest_fetch_code(insn, pc, 4);
    }
    w->base = pc;
    w->n = (uint32_t)(len / 4);
    *insn = w->insn[0];
    return 0;
}

static void log_unimp(DisasContext *s, int r)
{
    if (!log_enabled(LOG_UNIMP)) {
        return;
    }
    if (r == -1) {
        vemu_log("vemu-aarch64: unallocated encoding 0x%08x at 0x%" PRIx64 "\n", s->insn, s->pc);
    } else {
        vemu_log("vemu-aarch64: unimplemented instruction 0x%08x (%s) at 0x%" PRIx64 "\n", s->insn,
                 a64_pattern_name(-r - 2), s->pc);
    }
}

uint32_t a64_translate_block(IrContext *ir, CPUArchState *env, uint64_t pc, uint32_t tb_flags,
                             int max_insns)
{
    DisasContext ctx = {
        .ir = ir, .env = env, .pc_first = pc, .tb_flags = tb_flags, .is_jmp = DISAS_NEXT};
    DisasContext *s = &ctx;
    int n = 0;
    /* Translating may run FP helpers on a scratch state (gen_simd_call checks encodings
     * that way): FP flags env's code left pending in the host go to env first. */
    a64_fpsr_sync(env);
    s->bti = a64_bti_in_use();
    s->guarded = s->bti && guest_code_guarded(pc);
    ir->mmu_idx = A64_MMU_EL0; /* the only level this CPU state runs at; a system emulator
                                  derives it from PSTATE.EL */
    if (log_enabled(LOG_IN_ASM)) {
        vemu_log("IN:\n");
    }
    for (;;) {
        s->pc = pc;
        s->pc_next = pc + 4;
        s->insn_idx = (uint16_t)n;
        ir_insn_start(ir, pc, (uint16_t)n);
        if (a64_debug_active && a64_debug_translate_insn(s, n, &max_insns)) {
            break; /* a debugger breakpoint here, or the end of a single step */
        }
        uint32_t insn;
        if (pc & 3) { /* PC alignment fault (BR/BLR/RET to pc & 3 != 0): SIGBUS BUS_ADRALN */
            gen_exception(s, EXCP_ALIGN, pc, 0);
            break;
        }
        if (code_window_fetch(&s->code, pc, &insn) != 0) {
            if (n == 0) {
                gen_exception(s, EXCP_DATA_ABORT, pc, 0);
            } else {
                gen_goto(s, 0, pc);
                s->is_jmp = DISAS_NORETURN;
            }
            break;
        }
        s->insn = insn;
        if (n == 0 && s->bti) {
            gen_bti_block_entry(s, insn);
        }
        if (log_enabled(LOG_IN_ASM)) {
            char buf[128];
            a64_disas(insn, pc, buf, sizeof buf);
            vemu_log("0x%016" PRIx64 ":  %08x      %s\n", pc, insn, buf);
        }
        uint32_t ops_before = ir->nb_ops;
        int r = a64_decode(s, insn);
        n++;
        if (r < 0) {
            /* Drop any IR a refusing trans_* emitted, then raise SIGILL. */
            ir->nb_ops = ops_before;
            s->is_jmp = DISAS_NEXT;
            log_unimp(s, r);
            gen_exception(s, EXCP_UDEF, pc, insn);
        }
        if (s->is_jmp != DISAS_NEXT) {
            break;
        }
        pc += 4;
        if (n >= max_insns || (pc & (GUEST_PAGE_SIZE - 1)) == 0) {
            gen_goto(s, 0, pc);
            s->is_jmp = DISAS_NORETURN;
            break;
        }
    }
    if (s->is_jmp == DISAS_UPDATE) {
        ir_movi(ir, cpu_pc, s->pc_next);
        ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    }
    if (log_enabled(LOG_IN_ASM)) {
        vemu_log("\n");
    }
    return (uint32_t)(s->pc_next - s->pc_first);
}
