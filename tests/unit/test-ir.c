/*
 * test-ir.c - unit tests for the IR builder, checker and printer, and for the interpreter
 * backend's semantics of every op class (edge values: division by zero, INT_MIN / -1,
 * rotates by 0, clz of 0, double-word arithmetic, signed vs unsigned 32-bit compares,
 * guest loads/stores, helper calls through libffi, loops via branches and labels).
 * Run: meson test -C build unit-ir
 */
#include "tests/unit/ir-test-util.h"

static void test_build_and_dump(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    ir_insn_start(ir, 0x400000, 0);
    IrTemp t = ir_new_temp(ir, IR_I64);
    ir_add(ir, t, f.x[2], ir_const64(ir, 5));
    ir_mov(ir, f.x[1], t);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    char why[256];
    g_assert_true(ir_check(ir, why, sizeof why));
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ir_dump(ir, mem);
    fclose(mem);
    g_assert_nonnull(strstr(buf, "---- 0000000000400000"));
    g_assert_nonnull(strstr(buf, "add_i64 t"));
    g_assert_nonnull(strstr(buf, "x2, $0x5"));
    g_assert_nonnull(strstr(buf, "mov_i64 x1, t"));
    g_assert_nonnull(strstr(buf, "exit_tb 3"));
    free(buf);
    ir_fixture_free(&f);
}

static void test_check_rejects(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    char why[256];
    IrLabel l = ir_new_label(ir);
    ir_br(ir, l); /* never set */
    g_assert_false(ir_check(ir, why, sizeof why));
    g_assert_nonnull(strstr(why, "never set"));

    ir_reset(ir);
    IrTemp c = ir_const64(ir, 1);
    uint32_t args[] = {c, f.x[0]};
    ir_emit(ir, IR_MOV, IR_I64, 1, 1, 0, args); /* writes a constant */
    g_assert_false(ir_check(ir, why, sizeof why));
    g_assert_nonnull(strstr(why, "constant"));

    ir_reset(ir);
    IrTemp t32 = ir_new_temp(ir, IR_I32);
    ir_extrl(ir, t32, f.x[0]);
    ir_extu(ir, f.x[1], t32);
    g_assert_true(ir_check(ir, why, sizeof why));
    uint32_t bad[] = {f.x[1], f.x[0]};
    ir_emit(ir, IR_EXTU, IR_I64, 1, 1, 0, bad); /* extu needs an i32 input */
    g_assert_false(ir_check(ir, why, sizeof why));
    ir_fixture_free(&f);
}

/* Temps of type ty holding x1 and x2 (the low halves for I32). */
static void load_operands(IrFixture *f, IrType ty, IrTemp *ta, IrTemp *tb)
{
    IrContext *ir = &f->ir;
    *ta = ir_new_temp(ir, ty);
    *tb = ir_new_temp(ir, ty);
    if (ty == IR_I32) {
        ir_extrl(ir, *ta, f->x[1]);
        ir_extrl(ir, *tb, f->x[2]);
    } else {
        ir_mov(ir, *ta, f->x[1]);
        ir_mov(ir, *tb, f->x[2]);
    }
}

/* Run "x0 = op(x1, x2)" at the given type for the given inputs. */
static uint64_t run_binop(IrOpc opc, IrType ty, uint64_t a, uint64_t b)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp ta, tb, td = ir_new_temp(ir, ty);
    load_operands(&f, ty, &ta, &tb);
    uint32_t args[] = {td, ta, tb};
    ir_emit(ir, opc, ty, 1, 2, 0, args);
    if (ty == IR_I32) {
        ir_extu(ir, f.x[0], td);
    } else {
        ir_mov(ir, f.x[0], td);
    }
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    f.env->xregs[1] = a;
    f.env->xregs[2] = b;
    ir_fixture_run(&f, false);
    uint64_t r = f.env->xregs[0];
    ir_fixture_free(&f);
    return r;
}

static void test_arith_edges(void)
{
    g_assert_cmphex(run_binop(IR_ADD, IR_I32, 0xffffffff, 1), ==, 0);
    g_assert_cmphex(run_binop(IR_ADD, IR_I64, ~0ull, 2), ==, 1);
    g_assert_cmphex(run_binop(IR_SUB, IR_I32, 0, 1), ==, 0xffffffff);
    g_assert_cmphex(run_binop(IR_DIVS, IR_I64, 7, 0), ==, 0);
    g_assert_cmphex(run_binop(IR_DIVU, IR_I32, 7, 0), ==, 0);
    g_assert_cmphex(run_binop(IR_DIVS, IR_I64, 0x8000000000000000ull, ~0ull), ==,
                    0x8000000000000000ull);
    g_assert_cmphex(run_binop(IR_DIVS, IR_I32, 0x80000000u, 0xffffffffu), ==, 0x80000000u);
    g_assert_cmphex(run_binop(IR_DIVS, IR_I32, (uint32_t)-7, 2), ==, (uint32_t)-3);
    g_assert_cmphex(run_binop(IR_REMS, IR_I64, (uint64_t)-7, 2), ==, (uint64_t)-1);
    g_assert_cmphex(run_binop(IR_REMU, IR_I64, 7, 0), ==, 7);
    g_assert_cmphex(run_binop(IR_SHL, IR_I32, 1, 33), ==, 2); /* count mod 32 */
    g_assert_cmphex(run_binop(IR_SHL, IR_I64, 1, 63), ==, 0x8000000000000000ull);
    g_assert_cmphex(run_binop(IR_SAR, IR_I32, 0x80000000u, 31), ==, 0xffffffffu);
    g_assert_cmphex(run_binop(IR_SAR, IR_I64, 0x8000000000000000ull, 63), ==, ~0ull);
    g_assert_cmphex(run_binop(IR_SHR, IR_I32, 0x80000000u, 31), ==, 1);
    g_assert_cmphex(run_binop(IR_ROTR, IR_I32, 0x12345678, 0), ==, 0x12345678);
    g_assert_cmphex(run_binop(IR_ROTR, IR_I32, 0x12345678, 8), ==, 0x78123456);
    g_assert_cmphex(run_binop(IR_ROTR, IR_I64, 1, 1), ==, 0x8000000000000000ull);
    g_assert_cmphex(run_binop(IR_ROTL, IR_I64, 0x8000000000000000ull, 1), ==, 1);
    g_assert_cmphex(run_binop(IR_MULUH, IR_I64, ~0ull, ~0ull), ==, ~0ull - 1);
    g_assert_cmphex(run_binop(IR_MULSH, IR_I64, ~0ull, ~0ull), ==, 0);
    g_assert_cmphex(run_binop(IR_MULSH, IR_I64, 0x8000000000000000ull, 2), ==, ~0ull);
    g_assert_cmphex(run_binop(IR_CLZ, IR_I64, 0, 64), ==, 64);
    g_assert_cmphex(run_binop(IR_CLZ, IR_I32, 1, 32), ==, 31);
    g_assert_cmphex(run_binop(IR_CTZ, IR_I64, 0x100, 64), ==, 8);
    g_assert_cmphex(run_binop(IR_ANDC, IR_I64, 0xff, 0x0f), ==, 0xf0);
    g_assert_cmphex(run_binop(IR_ORC, IR_I32, 0, 0xfffffff0u), ==, 0xf);
    g_assert_cmphex(run_binop(IR_EQV, IR_I32, 0, 0), ==, 0xffffffffu);
}

static uint64_t run_setcond(IrCond c, IrType ty, uint64_t a, uint64_t b)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp ta, tb;
    load_operands(&f, ty, &ta, &tb);
    ir_setcond(ir, c, f.x[0], ta, tb);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    f.env->xregs[1] = a;
    f.env->xregs[2] = b;
    ir_fixture_run(&f, false);
    uint64_t r = f.env->xregs[0];
    ir_fixture_free(&f);
    return r;
}

static void test_setcond(void)
{
    g_assert_cmpuint(run_setcond(IR_COND_LT, IR_I32, 0x80000000u, 0), ==, 1);
    g_assert_cmpuint(run_setcond(IR_COND_LTU, IR_I32, 0x80000000u, 0), ==, 0);
    g_assert_cmpuint(run_setcond(IR_COND_LT, IR_I64, 0x80000000u, 0), ==, 0);
    g_assert_cmpuint(run_setcond(IR_COND_GEU, IR_I64, 5, 5), ==, 1);
    g_assert_cmpuint(run_setcond(IR_COND_GT, IR_I64, ~0ull, 0), ==, 0);
    g_assert_cmpuint(run_setcond(IR_COND_TSTNE, IR_I64, 6, 1), ==, 0);
    g_assert_cmpuint(run_setcond(IR_COND_TSTEQ, IR_I64, 6, 1), ==, 1);
    g_assert_cmpuint(run_setcond(IR_COND_NEVER, IR_I64, 0, 0), ==, 0);
}

static void test_bitfields_and_double_word(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    ir_extract(ir, f.x[0], f.x[1], 4, 8);
    ir_sextract(ir, f.x[2], f.x[1], 8, 4);
    ir_deposit(ir, f.x[3], f.x[1], f.x[4], 16, 8);
    ir_add2(ir, f.x[5], f.x[6], f.x[1], ir_const64(ir, 0), ir_const64(ir, ~0ull),
            ir_const64(ir, 0));
    ir_exit_tb(ir, 1);
    f.env->xregs[1] = 0xabcdef;
    f.env->xregs[4] = 0x12;
    g_assert_cmpuint(ir_fixture_run(&f, false), ==, 1);
    g_assert_cmphex(f.env->xregs[0], ==, 0xde);
    g_assert_cmphex(f.env->xregs[2], ==, ~0ull - 2); /* 0xd sign-extended from 4 bits */
    g_assert_cmphex(f.env->xregs[3], ==, 0x12cdef);
    g_assert_cmphex(f.env->xregs[5], ==, 0xabcdee); /* 0xabcdef + ~0 */
    g_assert_cmphex(f.env->xregs[6], ==, 1);        /* carry out */
    ir_fixture_free(&f);
}

static void test_loop_with_labels(void)
{
    /* x0 = sum of 1..x1 using a local counter, brcond and a backward branch. */
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp i = ir_new_temp(ir, IR_I64), acc = ir_new_temp(ir, IR_I64);
    IrLabel top = ir_new_label(ir), done = ir_new_label(ir);
    ir_movi(ir, i, 1);
    ir_movi(ir, acc, 0);
    ir_set_label(ir, top);
    ir_brcond(ir, IR_COND_GTU, i, f.x[1], done);
    ir_add(ir, acc, acc, i);
    ir_addi(ir, i, i, 1);
    ir_br(ir, top);
    ir_set_label(ir, done);
    ir_mov(ir, f.x[0], acc);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    f.env->xregs[1] = 100;
    ir_fixture_run(&f, true);
    g_assert_cmpuint(f.env->xregs[0], ==, 5050);
    ir_fixture_free(&f);
}

static uint64_t helper_mix(uint64_t a, uint32_t b, uint64_t c)
{
    return a * 1000 + b * 10 + c;
}

static IrHelper h_mix = {.name = "mix",
                         .func = (void *)helper_mix,
                         .ret = IR_I64,
                         .nargs = 3,
                         .args = {IR_I64, IR_I32, IR_I64},
                         .flags = IR_CALL_PURE};

static void helper_set_x7(CPUArchState *env, uint64_t v)
{
    env->xregs[7] = v;
}

static IrHelper h_set_x7 = {.name = "set_x7",
                            .func = (void *)helper_set_x7,
                            .ret = IR_VOID,
                            .nargs = 2,
                            .args = {IR_I64, IR_I64},
                            .flags = IR_CALL_NO_READ_GLOBALS};

static void test_helper_calls(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp b32 = ir_new_temp(ir, IR_I32);
    ir_extrl(ir, b32, f.x[2]);
    ir_call3(ir, &h_mix, f.x[0], f.x[1], b32, ir_const64(ir, 3));
    ir_call2(ir, &h_set_x7, 0, IR_ENV, ir_const64(ir, 77));
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    f.env->xregs[1] = 4;
    f.env->xregs[2] = 0x100000005ull; /* only the low 32 bits reach the helper */
    ir_fixture_run(&f, true);
    g_assert_cmpuint(f.env->xregs[0], ==, 4053);
    g_assert_cmpuint(f.env->xregs[7], ==, 77);
    ir_fixture_free(&f);
}

static void test_guest_memory(void)
{
    /* Guest addresses are host addresses in user mode. */
    uint8_t *buf = g_malloc0(64);
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    ir_qst(ir, f.x[1], f.x[0], MO_32);
    IrTemp a8 = ir_new_temp(ir, IR_I64);
    ir_addi(ir, a8, f.x[0], 3);
    ir_qld(ir, f.x[2], a8, MO_8 | MO_SIGN);
    ir->mmu_idx = 1; /* another regime: user mode lowers every index the same way */
    ir_qld(ir, f.x[3], f.x[0], MO_16);
    ir->mmu_idx = 0;
    unsigned seen_idx1 = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        if (ir->ops[i].opc == IR_QLD || ir->ops[i].opc == IR_QST) {
            unsigned mop = ir->ops[i].args[2];
            seen_idx1 += mo_mmu_idx(mop) == 1;
            g_assert_cmpuint(mop & MO_SIZE, <=, MO_128); /* the index leaves the size alone */
        }
    }
    g_assert_cmpuint(seen_idx1, ==, 1);
    IrTemp v = ir_new_temp(ir, IR_V128);
    ir_qld(ir, v, f.x[0], MO_128);
    IrTemp a16 = ir_new_temp(ir, IR_I64);
    ir_addi(ir, a16, f.x[0], 16);
    ir_qst(ir, v, a16, MO_128);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    f.env->xregs[0] = (uint64_t)(uintptr_t)buf;
    f.env->xregs[1] = 0x80a0b0c0;
    ir_fixture_run(&f, true);
    g_assert_cmphex(f.env->xregs[2], ==, 0xffffffffffffff80ull);
    g_assert_cmphex(f.env->xregs[3], ==, 0xb0c0);
    g_assert_cmpmem(buf, 16, buf + 16, 16);
    ir_fixture_free(&f);
    g_free(buf);
}

static void test_chaining(void)
{
    /* Block A: x0 += 1; goto_tb 0 (linked to B).  Block B: x0 *= 10; exit_tb NOCHAIN. */
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    ir_addi(ir, f.x[0], f.x[0], 1);
    ir_goto_tb(ir, 0);
    ir_exit_tb(ir, 0);
    TranslationBlock a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    tci_compile(ir, &a);
    ir_reset(ir);
    IrTemp t = ir_new_temp(ir, IR_I64);
    ir_mul(ir, t, f.x[0], ir_const64(ir, 10));
    ir_mov(ir, f.x[0], t);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    tci_compile(ir, &b);
    unsigned slot;
    f.env->xregs[0] = 4;
    g_assert_true(tci_exec(f.env, &a, &slot) == &a); /* not linked yet: exits slot 0 */
    g_assert_cmpuint(slot, ==, 0);
    g_assert_cmpuint(f.env->xregs[0], ==, 5);
    tb_link(&a, 0, &b);
    g_assert_true(tci_exec(f.env, &a, &slot) == &b); /* runs straight through into B */
    g_assert_cmpuint(slot, ==, IR_EXIT_NOCHAIN);
    g_assert_cmpuint(f.env->xregs[0], ==, 60);
    f.env->exit_request = 1; /* a pending interrupt stops chaining */
    tci_exec(f.env, &a, &slot);
    g_assert_cmpuint(slot, ==, 0);
    g_free(a.ops);
    g_free(a.consts);
    g_free(b.ops);
    g_free(b.consts);
    ir_fixture_free(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ir/build-and-dump", test_build_and_dump);
    g_test_add_func("/ir/check-rejects", test_check_rejects);
    g_test_add_func("/tci/arith-edges", test_arith_edges);
    g_test_add_func("/tci/setcond", test_setcond);
    g_test_add_func("/tci/bitfields-double-word", test_bitfields_and_double_word);
    g_test_add_func("/tci/loop-labels", test_loop_with_labels);
    g_test_add_func("/tci/helper-calls-libffi", test_helper_calls);
    g_test_add_func("/tci/guest-memory", test_guest_memory);
    g_test_add_func("/tci/chaining", test_chaining);
    return g_test_run();
}
