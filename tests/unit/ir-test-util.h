/*
 * ir-test-util.h - shared fixture for the IR unit tests: an IrContext with x0..x7 as
 * globals over a CPUArchState, and a runner that compiles the IR with the interpreter
 * backend and executes it once.
 * Example: IrFixture f; ir_fixture_init(&f); ...build ops...; ir_fixture_run(&f, false);
 */
#ifndef VEMU_TESTS_IR_TEST_UTIL_H
#define VEMU_TESTS_IR_TEST_UTIL_H

#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "target/aarch64/cpu.h"
#include "tcg/ir.h"
#include "tcg/tb.h"
#include "tcg/tci/tci.h"

typedef struct IrFixture {
    IrContext ir;
    IrTemp x[8];
    CPUArchState *env;
} IrFixture;

static inline void ir_fixture_init(IrFixture *f)
{
    static const char *names[8] = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"};
    ir_context_init(&f->ir);
    for (int i = 0; i < 8; i++) {
        f->x[i] =
            ir_new_global(&f->ir, IR_I64, (int32_t)offsetof(CPUArchState, xregs[i]), names[i]);
    }
    f->env = g_aligned_alloc0(1, sizeof(CPUArchState), 64);
    g_assert_true(tb_jmp_cache_init(f->env));
}

static inline void ir_fixture_free(IrFixture *f)
{
    ir_context_free(&f->ir);
    tb_jmp_cache_free(f->env);
    g_aligned_free(f->env);
}

/* Compile and run the current ops once (optionally optimized first). Returns exit slot. */
static inline unsigned ir_fixture_run(IrFixture *f, bool optimize)
{
    if (optimize) {
        ir_optimize(&f->ir);
    }
    char why[256];
    g_assert_true(ir_check(&f->ir, why, sizeof why) || (g_printerr("%s\n", why), 0));
    TranslationBlock tb;
    memset(&tb, 0, sizeof tb);
    tci_compile(&f->ir, &tb);
    unsigned slot = 99;
    tci_exec(f->env, &tb, &slot);
    g_free(tb.ops);
    g_free(tb.consts);
    return slot;
}

/* Number of ops (excluding insn_start) with the given opcode. */
static inline int ir_count_ops(const IrContext *ir, IrOpc opc)
{
    int n = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        n += ir->ops[i].opc == opc;
    }
    return n;
}

#endif
