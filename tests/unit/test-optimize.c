/*
 * test-optimize.c - unit tests for the IR optimizer: constant folding/propagation, copy
 * propagation, algebraic identities, branch folding and dead code elimination, plus a
 * randomized check (fixed seeds) that optimized IR computes exactly what unoptimized IR
 * computes.  Run: meson test -C build unit-optimize
 */
#include "tests/unit/ir-test-util.h"

static void test_constant_folding(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp t1 = ir_new_temp(ir, IR_I64), t2 = ir_new_temp(ir, IR_I64);
    ir_movi(ir, t1, 5);
    ir_addi(ir, t2, t1, 3);
    ir_shli(ir, t2, t2, 4);
    ir_mov(ir, f.x[0], t2);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    ir_optimize(ir);
    /* Only "mov x0, $0x80" and the exit remain. */
    g_assert_cmpuint(ir->nb_ops, ==, 2);
    g_assert_cmpuint(ir->ops[0].opc, ==, IR_MOV);
    g_assert_cmpuint(ir->ops[0].args[0], ==, f.x[0]);
    g_assert_true(ir_temp_is_const(ir, ir->ops[0].args[1]));
    g_assert_cmphex(ir->temps[ir->ops[0].args[1]].val, ==, 0x80);
    ir_fixture_run(&f, false);
    g_assert_cmphex(f.env->xregs[0], ==, 0x80);
    ir_fixture_free(&f);
}

static void test_copy_propagation_and_dce(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp t1 = ir_new_temp(ir, IR_I64), dead = ir_new_temp(ir, IR_I64);
    ir_mov(ir, t1, f.x[2]);
    ir_mul(ir, dead, t1, t1); /* never used */
    ir_add(ir, f.x[0], t1, f.x[3]);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    ir_optimize(ir);
    g_assert_cmpint(ir_count_ops(ir, IR_MUL), ==, 0);
    g_assert_cmpint(ir_count_ops(ir, IR_MOV), ==, 0);
    g_assert_cmpuint(ir->ops[0].opc, ==, IR_ADD);
    g_assert_cmpuint(ir->ops[0].args[1], ==, f.x[2]);
    ir_fixture_free(&f);
}

static void test_identities(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrTemp t = ir_new_temp(ir, IR_I64);
    ir_addi(ir, t, f.x[1], 0);
    ir_andi(ir, t, t, ~0ull);
    ir_shli(ir, t, t, 0);
    ir_mov(ir, f.x[0], t);
    ir_xor(ir, f.x[2], f.x[3], f.x[3]);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    ir_optimize(ir);
    /* x0 = x1 and x2 = 0 directly. */
    g_assert_cmpuint(ir->nb_ops, ==, 3);
    g_assert_cmpint(ir_count_ops(ir, IR_ADD) + ir_count_ops(ir, IR_AND) + ir_count_ops(ir, IR_SHL) +
                        ir_count_ops(ir, IR_XOR),
                    ==, 0);
    ir_fixture_free(&f);
}

static void test_global_stores(void)
{
    /* A global overwritten later is dead, unless a guest memory op (which may fault and
     * must see precise state) lies in between. */
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    ir_movi(ir, f.x[0], 1);
    ir_movi(ir, f.x[0], 2);
    ir_movi(ir, f.x[1], 3);
    ir_qld(ir, f.x[2], f.x[4], MO_64);
    ir_movi(ir, f.x[1], 4);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    ir_optimize(ir);
    g_assert_cmpuint(ir->nb_ops, ==, 5); /* x0=2, x1=3, qld, x1=4, exit */
    ir_fixture_free(&f);
}

static void test_branch_folding(void)
{
    IrFixture f;
    ir_fixture_init(&f);
    IrContext *ir = &f.ir;
    IrLabel skip = ir_new_label(ir);
    IrTemp t = ir_new_temp(ir, IR_I64);
    ir_movi(ir, t, 7);
    ir_brcond(ir, IR_COND_EQ, t, ir_const64(ir, 8), skip); /* never taken */
    ir_movi(ir, f.x[0], 1);
    ir_set_label(ir, skip);
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
    ir_optimize(ir);
    g_assert_cmpint(ir_count_ops(ir, IR_BRCOND), ==, 0);
    g_assert_cmpint(ir_count_ops(ir, IR_BR), ==, 0);
    ir_fixture_run(&f, false);
    g_assert_cmpuint(f.env->xregs[0], ==, 1);
    ir_fixture_free(&f);
}

/* Random straight-line and branchy programs over x0..x7 and a few locals. */
static void build_random(IrFixture *f, GRand *rng)
{
    static const IrOpc bin[] = {IR_ADD, IR_SUB, IR_MUL,  IR_AND,  IR_OR,   IR_XOR,
                                IR_SHL, IR_SHR, IR_SAR,  IR_ANDC, IR_ROTR, IR_DIVU,
                                IR_ORC, IR_EQV, IR_REMS, IR_MULUH};
    IrContext *ir = &f->ir;
    IrTemp locals[4];
    for (int i = 0; i < 4; i++) {
        locals[i] = ir_new_temp(ir, IR_I64);
        ir_movi(ir, locals[i], g_rand_int_range(rng, 0, 3) == 0 ? 0 : g_rand_int(rng));
    }
    IrLabel pending = 0;
    bool have_pending = false;
    int n = g_rand_int_range(rng, 5, 40);
    for (int k = 0; k < n; k++) {
        IrTemp pool[16];
        int np = 0;
        for (int i = 0; i < 8; i++) {
            pool[np++] = f->x[i];
        }
        for (int i = 0; i < 4; i++) {
            pool[np++] = locals[i];
        }
        pool[np++] = ir_const64(ir, (uint64_t)g_rand_int_range(rng, 0, 70));
        pool[np++] = ir_const64(ir, ~0ull);
        IrTemp a = pool[g_rand_int_range(rng, 0, np)];
        IrTemp b = pool[g_rand_int_range(rng, 0, np)];
        IrTemp d = g_rand_boolean(rng) ? f->x[g_rand_int_range(rng, 0, 8)]
                                       : locals[g_rand_int_range(rng, 0, 4)];
        int kind = g_rand_int_range(rng, 0, 10);
        if (kind < 6) {
            uint32_t args[] = {d, a, b};
            ir_emit(ir, bin[g_rand_int_range(rng, 0, G_N_ELEMENTS(bin))], IR_I64, 1, 2, 0, args);
        } else if (kind == 6) {
            ir_mov(ir, d, a);
        } else if (kind == 7) {
            ir_setcond(ir, (IrCond)g_rand_int_range(rng, IR_COND_EQ, IR_COND_TSTNE + 1), d, a, b);
        } else if (kind == 8 && !have_pending) {
            pending = ir_new_label(ir);
            have_pending = true;
            ir_brcond(ir, (IrCond)g_rand_int_range(rng, IR_COND_EQ, IR_COND_TSTNE + 1), a, b,
                      pending);
        } else if (have_pending) {
            ir_set_label(ir, pending);
            have_pending = false;
        }
    }
    if (have_pending) {
        ir_set_label(ir, pending);
    }
    for (int i = 0; i < 4; i++) {
        ir_xor(ir, f->x[i], f->x[i], locals[i]);
    }
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
}

static void test_random_equivalence(void)
{
    int programs = 0;
    for (guint32 seed = 1; seed <= 400; seed++) {
        uint64_t init[8];
        GRand *rng = g_rand_new_with_seed(seed);
        for (int i = 0; i < 8; i++) {
            init[i] = ((uint64_t)g_rand_int(rng) << 32) | g_rand_int(rng);
            if (g_rand_int_range(rng, 0, 4) == 0) {
                init[i] = (uint64_t)g_rand_int_range(rng, -2, 3);
            }
        }
        uint64_t results[2][8];
        for (int pass = 0; pass < 2; pass++) {
            IrFixture f;
            ir_fixture_init(&f);
            GRand *r2 = g_rand_new_with_seed(seed * 7919u);
            build_random(&f, r2);
            g_rand_free(r2);
            memcpy(f.env->xregs, init, sizeof init);
            ir_fixture_run(&f, pass == 1);
            memcpy(results[pass], f.env->xregs, sizeof init);
            ir_fixture_free(&f);
        }
        for (int i = 0; i < 8; i++) {
            if (results[0][i] != results[1][i]) {
                g_error("seed %u: x%d differs: unoptimized %016llx, optimized %016llx", seed, i,
                        (unsigned long long)results[0][i], (unsigned long long)results[1][i]);
            }
        }
        programs++;
        g_rand_free(rng);
    }
    g_assert_cmpint(programs, ==, 400);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/optimize/constant-folding", test_constant_folding);
    g_test_add_func("/optimize/copy-propagation-dce", test_copy_propagation_and_dce);
    g_test_add_func("/optimize/identities", test_identities);
    g_test_add_func("/optimize/global-stores-precise", test_global_stores);
    g_test_add_func("/optimize/branch-folding", test_branch_folding);
    g_test_add_func("/optimize/random-equivalence", test_random_equivalence);
    return g_test_run();
}
