/*
 * test-backends.c - the native x86-64 backend against the IR interpreter: random IR
 * programs (fixed seeds) over 32- and 64-bit temps, every arithmetic and bit-field op,
 * guest loads and stores of every size and sign, helper calls (up to seven arguments,
 * one that writes a guest register) and forward branches are run on both backends;
 * guest registers and memory must come out identical.  The vector and crypto ops
 * (IR_VOP, IR_VCRYPTO) are checked against their definitions, and random sequences of
 * vector instructions (with the SHA-256 pairing the native backend optimizes, calls that
 * clobber every xmm register, branches and partial writes of vector registers) must give
 * the same vector registers on both backends.  The floating-point ops (IR_FOP, IR_VFOP)
 * must give their exact function's result and FPSR flags on awkward operands.  Run:
 * meson test -C build unit-backends
 */
#include <inttypes.h>
#include <stdlib.h>

#include "target/aarch64/helper-crypto.h"
#include "target/aarch64/helper-vec.h"
#include "tests/unit/ir-test-util.h"
#include "tcg/x86_64/native-crypto.h"
#include "tcg/x86_64/native-vec.h"
#include "tcg/x86_64/native.h"

#define NB_PROGRAMS 3000
#define BUF_SIZE 256

static uint8_t *guest_buf; /* guest memory is host memory (guest_base 0) */

static uint64_t h_mix(uint64_t a, uint64_t b)
{
    return a * 3 ^ (b >> 1);
}

static uint32_t h_mix32(uint32_t a, uint32_t b)
{
    return a * 5u + (b ^ 0x5a5a5a5au);
}

static uint64_t h_sum7(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f,
                       uint64_t g)
{
    return a + 2 * b + 3 * c + 5 * d + 7 * e + 11 * f + 13 * g;
}

static void h_set_x7(CPUArchState *env, uint64_t v)
{
    env->xregs[7] = v ^ 0x1234;
}

static IrHelper hi_mix = {.name = "mix",
                          .func = (void *)h_mix,
                          .ret = IR_I64,
                          .nargs = 2,
                          .args = {IR_I64, IR_I64},
                          .flags = IR_CALL_PURE};
static IrHelper hi_mix32 = {.name = "mix32",
                            .func = (void *)h_mix32,
                            .ret = IR_I32,
                            .nargs = 2,
                            .args = {IR_I32, IR_I32},
                            .flags = IR_CALL_PURE};
static IrHelper hi_sum7 = {.name = "sum7",
                           .func = (void *)h_sum7,
                           .ret = IR_I64,
                           .nargs = 7,
                           .args = {IR_I64, IR_I64, IR_I64, IR_I64, IR_I64, IR_I64, IR_I64},
                           .flags = IR_CALL_PURE};
static IrHelper hi_set_x7 = {.name = "set_x7",
                             .func = (void *)h_set_x7,
                             .ret = IR_VOID,
                             .nargs = 2,
                             .args = {IR_I64, IR_I64},
                             .flags = 0};

typedef struct Pools {
    IrTemp t64[16];
    int n64;
    IrTemp t32[8];
    int n32;
    IrTemp l64[4], l32[4];
} Pools;

static IrTemp pick(GRand *r, const IrTemp *v, int n)
{
    return v[g_rand_int_range(r, 0, n)];
}

static IrTemp src64(IrContext *ir, GRand *r, Pools *p)
{
    if (g_rand_int_range(r, 0, 5) == 0) {
        static const uint64_t k[] = {0,
                                     1,
                                     2,
                                     31,
                                     32,
                                     63,
                                     64,
                                     0x7fffffff,
                                     0x80000000,
                                     ~0ull,
                                     0x8000000000000000ull,
                                     0x123456789abcdefull};
        return ir_const64(ir, g_rand_boolean(r) ? k[g_rand_int_range(r, 0, G_N_ELEMENTS(k))]
                                                : ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r));
    }
    return pick(r, p->t64, p->n64);
}

static IrTemp src32(IrContext *ir, GRand *r, Pools *p)
{
    if (g_rand_int_range(r, 0, 5) == 0) {
        static const uint32_t k[] = {0, 1, 31, 32, 0x7fffffff, 0x80000000, 0xffffffff};
        return ir_const32(ir, g_rand_boolean(r) ? k[g_rand_int_range(r, 0, G_N_ELEMENTS(k))]
                                                : g_rand_int(r));
    }
    return pick(r, p->t32, p->n32);
}

static IrTemp dst64(GRand *r, IrFixture *f, Pools *p)
{
    return g_rand_boolean(r) ? f->x[g_rand_int_range(r, 0, 7)] : pick(r, p->l64, 4);
}

/* A guest address in the buffer aligned for a 1 << size access. */
static IrTemp buf_addr(IrContext *ir, GRand *r, unsigned size)
{
    uint64_t off = (uint64_t)g_rand_int_range(r, 0, BUF_SIZE - 16) & ~((1ull << size) - 1);
    return ir_const64(ir, (uint64_t)(uintptr_t)guest_buf + off);
}

static void emit_random_op(IrFixture *f, GRand *r, Pools *p, IrLabel *pending, bool *have)
{
    static const IrOpc bin[] = {IR_ADD,  IR_SUB,  IR_MUL,  IR_AND,  IR_OR,    IR_XOR,  IR_ANDC,
                                IR_ORC,  IR_EQV,  IR_SHL,  IR_SHR,  IR_SAR,   IR_ROTL, IR_ROTR,
                                IR_DIVS, IR_DIVU, IR_REMS, IR_REMU, IR_MULUH, IR_MULSH};
    static const IrOpc un[] = {IR_NEG,   IR_NOT,   IR_CTPOP,  IR_BSWAP16, IR_BSWAP32,
                               IR_EXT8S, IR_EXT8U, IR_EXT16S, IR_EXT16U};
    IrContext *ir = &f->ir;
    bool is64 = g_rand_boolean(r);
    IrType ty = is64 ? IR_I64 : IR_I32;
    IrTemp d = is64 ? dst64(r, f, p) : pick(r, p->l32, 4);
    IrTemp a = is64 ? src64(ir, r, p) : src32(ir, r, p);
    IrTemp b = is64 ? src64(ir, r, p) : src32(ir, r, p);
    unsigned width = is64 ? 64 : 32;
    int kind = g_rand_int_range(r, 0, 20);
    switch (kind) {
    case 0 ... 4: {
        uint32_t args[] = {d, a, b};
        ir_emit(ir, bin[g_rand_int_range(r, 0, G_N_ELEMENTS(bin))], ty, 1, 2, 0, args);
        break;
    }
    case 5: {
        IrOpc op = un[g_rand_int_range(r, 0, G_N_ELEMENTS(un))];
        if (is64 && g_rand_int_range(r, 0, 3) == 0) {
            op = g_rand_boolean(r) ? IR_BSWAP64 : (g_rand_boolean(r) ? IR_EXT32S : IR_EXT32U);
        }
        uint32_t args[] = {d, a};
        ir_emit(ir, op, ty, 1, 1, 0, args);
        break;
    }
    case 6: { /* width changes */
        IrTemp d32 = pick(r, p->l32, 4), d64 = dst64(r, f, p);
        switch (g_rand_int_range(r, 0, 4)) {
        case 0:
            ir_extrl(ir, d32, src64(ir, r, p));
            break;
        case 1:
            ir_extrh(ir, d32, src64(ir, r, p));
            break;
        case 2:
            ir_extu(ir, d64, src32(ir, r, p));
            break;
        default:
            ir_exts(ir, d64, src32(ir, r, p));
            break;
        }
        break;
    }
    case 7: {
        uint32_t args[] = {d, a, b};
        ir_emit(ir, g_rand_boolean(r) ? IR_CLZ : IR_CTZ, ty, 1, 2, 0, args);
        break;
    }
    case 8: {
        unsigned pos = (unsigned)g_rand_int_range(r, 0, (int)width);
        unsigned len = (unsigned)g_rand_int_range(r, 1, (int)(width - pos) + 1);
        if (g_rand_int_range(r, 0, 3) == 0) {
            ir_deposit(ir, d, a, b, pos, len);
        } else if (g_rand_boolean(r)) {
            ir_extract(ir, d, a, pos, len);
        } else {
            ir_sextract(ir, d, a, pos, len);
        }
        break;
    }
    case 9: {
        IrCond c = (IrCond)g_rand_int_range(r, IR_COND_NEVER, IR_COND_TSTNE + 1);
        if (g_rand_boolean(r)) {
            ir_setcond(ir, c, d, a, b);
        } else {
            IrTemp v1 = is64 ? src64(ir, r, p) : src32(ir, r, p);
            ir_movcond(ir, c, d, a, b, v1, is64 ? src64(ir, r, p) : src32(ir, r, p));
        }
        break;
    }
    case 10: {
        IrTemp d2 = is64 ? dst64(r, f, p) : pick(r, p->l32, 4);
        if (d2 == d) {
            break;
        }
        switch (g_rand_int_range(r, 0, 4)) {
        case 0:
            ir_add2(ir, d, d2, a, b, is64 ? src64(ir, r, p) : src32(ir, r, p),
                    is64 ? src64(ir, r, p) : src32(ir, r, p));
            break;
        case 1:
            ir_sub2(ir, d, d2, a, b, is64 ? src64(ir, r, p) : src32(ir, r, p),
                    is64 ? src64(ir, r, p) : src32(ir, r, p));
            break;
        case 2:
            ir_mulu2(ir, d, d2, a, b);
            break;
        default:
            ir_muls2(ir, d, d2, a, b);
            break;
        }
        break;
    }
    case 11 ... 13: { /* guest loads */
        unsigned size = (unsigned)g_rand_int_range(r, 0, is64 ? 4 : 3);
        MemOp mop =
            (MemOp)(size | (g_rand_boolean(r) ? MO_SIGN : 0) | (g_rand_boolean(r) ? MO_ALIGN : 0));
        ir_qld(ir, d, buf_addr(ir, r, size), mop);
        break;
    }
    case 14 ... 15: { /* guest stores */
        unsigned size = (unsigned)g_rand_int_range(r, 0, is64 ? 4 : 3);
        ir_qst(ir, a, buf_addr(ir, r, size), (MemOp)size);
        break;
    }
    case 16: { /* helper calls */
        switch (g_rand_int_range(r, 0, 4)) {
        case 0:
            ir_call2(ir, &hi_mix, dst64(r, f, p), src64(ir, r, p), src64(ir, r, p));
            break;
        case 1:
            ir_call2(ir, &hi_mix32, pick(r, p->l32, 4), src32(ir, r, p), src32(ir, r, p));
            break;
        case 2: {
            IrTemp args[7];
            for (int i = 0; i < 7; i++) {
                args[i] = src64(ir, r, p);
            }
            ir_call(ir, &hi_sum7, dst64(r, f, p), 7, args);
            break;
        }
        default:
            ir_call2(ir, &hi_set_x7, 0, IR_ENV, src64(ir, r, p));
            break;
        }
        break;
    }
    case 17:
        ir_mov(ir, d, a);
        break;
    default:
        if (!*have) {
            *pending = ir_new_label(ir);
            *have = true;
            ir_brcond(ir, (IrCond)g_rand_int_range(r, IR_COND_NEVER, IR_COND_TSTNE + 1), a, b,
                      *pending);
        } else {
            ir_set_label(ir, *pending);
            *have = false;
        }
        break;
    }
}

static void build_program(IrFixture *f, GRand *r)
{
    IrContext *ir = &f->ir;
    Pools p = {0};
    for (int i = 0; i < 8; i++) {
        p.t64[p.n64++] = f->x[i];
    }
    for (int i = 0; i < 4; i++) {
        p.l64[i] = ir_new_temp(ir, IR_I64);
        p.l32[i] = ir_new_temp(ir, IR_I32);
        ir_movi(ir, p.l64[i], ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r));
        ir_movi(ir, p.l32[i], g_rand_int(r));
        p.t64[p.n64++] = p.l64[i];
        p.t32[p.n32++] = p.l32[i];
    }
    IrLabel pending = 0;
    bool have = false;
    int n = g_rand_int_range(r, 10, 80);
    if (g_getenv("VEMU_TEST_MAX_OPS")) { /* for reducing a failure by hand */
        n = MIN(n, atoi(g_getenv("VEMU_TEST_MAX_OPS")));
    }
    for (int k = 0; k < n; k++) {
        emit_random_op(f, r, &p, &pending, &have);
    }
    if (have) {
        ir_set_label(ir, pending);
    }
    for (int i = 0; i < 4; i++) {
        IrTemp w = ir_new_temp(ir, IR_I64);
        ir_extu(ir, w, p.l32[i]);
        ir_xor(ir, f->x[i], f->x[i], p.l64[i]);
        ir_add(ir, f->x[i + 4], f->x[i + 4], w);
    }
    ir_exit_tb(ir, IR_EXIT_NOCHAIN);
}

static void run_native(IrFixture *f)
{
    char why[256];
    ir_optimize(&f->ir);
    g_assert_true(ir_check(&f->ir, why, sizeof why) || (g_printerr("%s\n", why), 0));
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    bool full = false;
    g_assert_true(native_compile(&f->ir, tb, &full));
    unsigned slot = 99;
    TranslationBlock *last = native_exec(f->env, tb, &slot);
    g_assert_true(last == tb);
    g_assert_cmpuint(slot, ==, IR_EXIT_NOCHAIN);
    g_free(tb); /* its code and fault records stay in the code buffer until the next reset */
}

static void test_random_programs(void)
{
    g_assert_true(native_available());
    guest_buf = g_malloc(BUF_SIZE);
    int checked = 0;
    /* VEMU_TEST_PROGRAMS=N runs more programs, for checking a backend change by hand */
    guint32 nb_programs = g_getenv("VEMU_TEST_PROGRAMS")
                              ? (guint32)atoi(g_getenv("VEMU_TEST_PROGRAMS"))
                              : NB_PROGRAMS;
    for (guint32 seed = 1; seed <= nb_programs; seed++) {
        uint64_t init[8];
        uint8_t mem_init[BUF_SIZE];
        GRand *rng = g_rand_new_with_seed(seed);
        for (int i = 0; i < 8; i++) {
            init[i] = ((uint64_t)g_rand_int(rng) << 32) | g_rand_int(rng);
        }
        for (int i = 0; i < BUF_SIZE; i++) {
            mem_init[i] = (uint8_t)g_rand_int(rng);
        }
        uint64_t regs[2][8];
        uint8_t mem[2][BUF_SIZE];
        for (int backend = 0; backend < 2; backend++) {
            IrFixture f;
            ir_fixture_init(&f);
            GRand *r2 = g_rand_new_with_seed(seed * 104729u);
            build_program(&f, r2);
            g_rand_free(r2);
            memcpy(f.env->xregs, init, sizeof init);
            memcpy(guest_buf, mem_init, BUF_SIZE);
            if (backend == 1 && g_getenv("VEMU_TEST_DUMP_SEED") &&
                (guint32)atoi(g_getenv("VEMU_TEST_DUMP_SEED")) == seed) {
                ir_dump(&f.ir, stderr); /* the program as generated, before optimization */
            }
            if (backend == 0) {
                ir_fixture_run(&f, true);
            } else {
                run_native(&f);
            }
            memcpy(regs[backend], f.env->xregs, sizeof init);
            memcpy(mem[backend], guest_buf, BUF_SIZE);
            ir_fixture_free(&f);
        }
        for (int i = 0; i < 8; i++) {
            if (regs[0][i] != regs[1][i]) {
                g_error("seed %u: x%d: interpreter %016llx, native %016llx", seed, i,
                        (unsigned long long)regs[0][i], (unsigned long long)regs[1][i]);
            }
        }
        for (int i = 0; i < BUF_SIZE; i++) {
            if (mem[0][i] != mem[1][i]) {
                g_error("seed %u: memory byte %d: interpreter %02x, native %02x", seed, i,
                        mem[0][i], mem[1][i]);
            }
        }
        checked++;
        g_rand_free(rng);
    }
    g_assert_cmpint(checked, ==, nb_programs);
    g_free(guest_buf);
}

/* Every vector op, lane size and immediate the front end can ask for: the native code,
 * the interpreter and ir_vec_eval() (which defines IR_VOP) must give the same 16 bytes,
 * also when the destination is one of the sources. */
typedef struct VopCase {
    IrVecOp vop;
    unsigned vece;
    uint32_t imm;
} VopCase;

static void run_vop(const VopCase *vc, bool native, bool alias, const uint8_t in[2][16],
                    uint8_t out[16])
{
    IrFixture f;
    ir_fixture_init(&f);
    int32_t off[3];
    for (int i = 0; i < 3; i++) {
        off[i] = (int32_t)(offsetof(CPUArchState, vregs) + (size_t)i * 16);
    }
    memcpy((uint8_t *)f.env + off[0], in[0], 16);
    memcpy((uint8_t *)f.env + off[1], in[1], 16);
    IrTemp a = ir_new_temp(&f.ir, IR_V128), b = ir_new_temp(&f.ir, IR_V128);
    IrTemp d = alias ? a : ir_new_temp(&f.ir, IR_V128);
    ir_ld(&f.ir, a, IR_ENV, off[0], MO_128);
    ir_ld(&f.ir, b, IR_ENV, off[1], MO_128);
    ir_vop(&f.ir, vc->vop, vc->vece, d, a, b, vc->imm);
    ir_st(&f.ir, d, IR_ENV, off[2], MO_128);
    ir_exit_tb(&f.ir, IR_EXIT_NOCHAIN);
    if (native) {
        run_native(&f);
    } else {
        ir_fixture_run(&f, true);
    }
    memcpy(out, (uint8_t *)f.env + off[2], 16);
    ir_fixture_free(&f);
}

static void test_vector_ops(void)
{
    g_assert_true(native_available());
    GArray *cases = g_array_new(false, false, sizeof(VopCase));
    for (unsigned vece = 0; vece < 4; vece++) {
        unsigned bits = 8u << vece;
        IrVecOp plain[] = {IR_VOP_ADD, IR_VOP_SUB, IR_VOP_ANDC, IR_VOP_CMPEQ, IR_VOP_CMPEQ0};
        for (size_t k = 0; k < G_N_ELEMENTS(plain); k++) {
            g_array_append_val(cases, ((VopCase){plain[k], vece, 0}));
        }
        for (unsigned n = 0; n <= bits; n++) {
            if (n < bits) {
                g_array_append_val(cases, ((VopCase){IR_VOP_SHLI, vece, n}));
            }
            g_array_append_val(cases, ((VopCase){IR_VOP_SHRI, vece, n}));
            if (vece == 1 || vece == 2) {
                g_array_append_val(cases, ((VopCase){IR_VOP_SARI, vece, n}));
            }
        }
        for (unsigned cont = 2; cont <= 8; cont *= 2) {
            if ((1u << vece) < cont) {
                g_array_append_val(cases, ((VopCase){IR_VOP_REV, vece, cont}));
            }
        }
    }
    for (unsigned n = 0; n < 16; n++) {
        g_array_append_val(cases, ((VopCase){IR_VOP_EXT, 0, n}));
    }
    /* the ops of native-vec.c, for every lane size and immediate the front end uses */
    IrVecOp lanewise[] = {IR_VOP_CMPGT, IR_VOP_CMPGE, IR_VOP_CMPHI, IR_VOP_CMPHS,
                          IR_VOP_MAXS,  IR_VOP_MAXU,  IR_VOP_MINS,  IR_VOP_MINU,
                          IR_VOP_MUL,   IR_VOP_ADDP,  IR_VOP_MAXUP, IR_VOP_MINUP};
    for (unsigned vece = 0; vece < 4; vece++) {
        for (size_t k = 0; k < G_N_ELEMENTS(lanewise); k++) {
            if (native_vop_supported(lanewise[k], vece)) {
                g_array_append_val(cases, ((VopCase){lanewise[k], vece, 0}));
            }
        }
        for (unsigned n = 0; vece > 0 && n <= (8u << vece) / 2; n++) {
            g_array_append_val(cases, ((VopCase){IR_VOP_NARROW, vece, n}));
        }
        for (unsigned k = 0; vece >= 2 && k < (16u >> vece); k++) {
            g_array_append_val(cases, ((VopCase){IR_VOP_DUPLANE, vece, k}));
        }
        for (unsigned k = 0; k < 2; k++) {
            g_array_append_val(cases, ((VopCase){IR_VOP_ZIP, vece, k}));
            g_array_append_val(cases, ((VopCase){IR_VOP_UZP, vece, k}));
            g_array_append_val(cases, ((VopCase){IR_VOP_TRN, vece, k}));
        }
        for (unsigned n = 0; vece > 0 && n < (8u << vece) / 2; n++) {
            for (unsigned hi = 0; hi < 2; hi++) {
                g_array_append_val(cases, ((VopCase){IR_VOP_WIDENU, vece, n | hi << 8}));
                g_array_append_val(cases, ((VopCase){IR_VOP_WIDENS, vece, n | hi << 8}));
            }
        }
    }
    GRand *rng = g_rand_new_with_seed(7);
    for (guint i = 0; i < cases->len; i++) {
        const VopCase *vc = &g_array_index(cases, VopCase, i);
        for (int rep = 0; rep < 8; rep++) {
            uint8_t in[2][16], want[16], got[16];
            for (int k = 0; k < 32; k++) {
                in[k / 16][k % 16] = (uint8_t)g_rand_int(rng);
            }
            if (rep & 1) {
                memcpy(in[1], in[0], 8); /* some equal lanes for the compares */
            }
            if (rep == 2) {
                memset(in[0], 0, 8);
            }
            ir_vec_eval(vc->vop, vc->vece, vc->imm, want, in[0], in[1]);
            for (int backend = 0; backend < 2; backend++) {
                run_vop(vc, backend == 1, rep & 2, in, got);
                if (memcmp(got, want, 16) != 0) {
                    g_error("vop %d vece %u imm %u (%s): result differs from ir_vec_eval", vc->vop,
                            vc->vece, vc->imm, backend ? "native" : "interpreter");
                }
            }
        }
    }
    g_rand_free(rng);
    g_array_free(cases, true);
}

/* ---- IR_FOP and IR_VFOP ----
 * The native code (SSE, with slow paths) must give the exact function's result and FPSR
 * flags, which the interpreter runs as it is: for every operation and size, on operands
 * drawn from the awkward values (NaNs, infinities, zeros, subnormals, the smallest normal
 * and its neighbours, integer limits) and random bit patterns. */
static uint64_t fp_special(GRand *r, unsigned esz)
{
    static const uint64_t d[] = {0,
                                 0x8000000000000000ull,
                                 0x3ff0000000000000ull,
                                 0x7ff0000000000000ull,
                                 0xfff0000000000000ull,
                                 0x7ff8000000000000ull,
                                 0x7ff0000000000001ull,
                                 0xfff8000000000123ull,
                                 0x0010000000000000ull,
                                 0x000fffffffffffffull,
                                 0x0000000000000001ull,
                                 0x3ca0000000000000ull,
                                 0x3feffffffffffffeull,
                                 0x0010000000000001ull,
                                 0x43e0000000000000ull,
                                 0xc3e0000000000000ull,
                                 0x41dfffffffc00000ull,
                                 0x7fefffffffffffffull};
    static const uint32_t f[] = {0,           0x80000000u, 0x3f800000u, 0x7f800000u, 0xff800000u,
                                 0x7fc00000u, 0x7f800001u, 0xffc00123u, 0x00800000u, 0x007fffffu,
                                 0x00000001u, 0x33800000u, 0x3f7ffffeu, 0x00800001u, 0x5f000000u,
                                 0xdf000000u, 0x4f000000u, 0x7f7fffffu};
    int k = g_rand_int_range(r, 0, 24);
    if (k >= 18) {
        uint64_t v = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
        return esz == 3 ? v : (uint32_t)v;
    }
    return esz == 3 ? d[k] : f[k];
}

typedef struct FopRun {
    uint64_t out[2];
    uint32_t fpsr;
} FopRun;

static FopRun run_fop(bool vector, IrFpOp fop, unsigned esz, unsigned bytes, bool native,
                      const uint64_t in[3][2])
{
    IrFixture f;
    ir_fixture_init(&f);
    FopRun res = {{0, 0}, 0};
    int32_t off[4];
    for (int i = 0; i < 4; i++) {
        off[i] = (int32_t)(offsetof(CPUArchState, vregs) + (size_t)i * 16);
    }
    for (int i = 0; i < 3; i++) {
        memcpy((uint8_t *)f.env + off[i], in[i], 16);
    }
    IrTemp t[3], d;
    IrType ty = vector ? IR_V128 : IR_I64;
    for (int i = 0; i < 3; i++) {
        t[i] = ir_new_temp(&f.ir, ty);
        ir_ld(&f.ir, t[i], IR_ENV, off[i], vector ? MO_128 : (MemOp)MO_64);
    }
    d = ir_new_temp(&f.ir, ty);
    if (vector) {
        ir_vfop(&f.ir, fop, esz, bytes, helper_vfop, d, t[0], t[1], t[2]);
    } else {
        ir_fop(&f.ir, fop, esz, helper_fop, d, t[0], t[1], t[2]);
    }
    ir_st(&f.ir, d, IR_ENV, off[3], vector ? MO_128 : (MemOp)MO_64);
    ir_exit_tb(&f.ir, IR_EXIT_NOCHAIN);
    f.env->fpcr = 0;
    f.env->fpsr = 0;
    (void)host_fp_flags_take();
    if (native) {
        run_native(&f);
    } else {
        ir_fixture_run(&f, true);
    }
    a64_fpsr_sync(f.env);
    memcpy(res.out, (uint8_t *)f.env + off[3], vector ? 16 : 8);
    res.fpsr = f.env->fpsr;
    ir_fixture_free(&f);
    return res;
}

static void test_fp_ops(void)
{
    g_assert_true(native_available());
    GRand *r = g_rand_new_with_seed(11);
    unsigned checked = 0;
    for (int vector = 0; vector < 2; vector++) {
        for (int fop = 0; fop < IR_FOP_NB; fop++) {
            if (vector && (fop > IR_FOP_FMA_NPC || fop == IR_FOP_NMUL || fop == IR_FOP_SQRT)) {
                continue;
            }
            for (unsigned esz = 2; esz <= 3; esz++) {
                for (unsigned bytes = 8; bytes <= (vector ? 16u : 8u); bytes += 8) {
                    for (int rep = 0; rep < 300; rep++) {
                        uint64_t in[3][2];
                        for (int i = 0; i < 3; i++) {
                            for (int h = 0; h < 2; h++) {
                                uint64_t lo = fp_special(r, esz), hi = fp_special(r, esz);
                                in[i][h] = esz == 3 ? lo : (lo | hi << 32);
                            }
                            if (!vector) { /* scalars: zero-extended, as the front end loads */
                                in[i][0] = esz == 3 ? in[i][0] : (uint32_t)in[i][0];
                                in[i][1] = 0;
                            }
                        }
                        if (!vector && (fop == IR_FOP_SCVTF || fop == IR_FOP_UCVTF) && (rep & 1)) {
                            in[0][0] = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
                        }
                        FopRun want = run_fop(vector, (IrFpOp)fop, esz, bytes, false, in);
                        FopRun got = run_fop(vector, (IrFpOp)fop, esz, bytes, true, in);
                        if (memcmp(&want, &got, sizeof want) != 0) {
                            g_error("%s %d esz %u bytes %u on %016" PRIx64 ":%016" PRIx64
                                    " %016" PRIx64 ":%016" PRIx64 " %016" PRIx64 ":%016" PRIx64
                                    ": native %016" PRIx64 ":%016" PRIx64 " fpsr %x, exact "
                                    "%016" PRIx64 ":%016" PRIx64 " fpsr %x",
                                    vector ? "vfop" : "fop", fop, esz, bytes, in[0][1], in[0][0],
                                    in[1][1], in[1][0], in[2][1], in[2][0], got.out[1], got.out[0],
                                    got.fpsr, want.out[1], want.out[0], want.fpsr);
                        }
                        checked++;
                    }
                }
            }
        }
    }
    g_assert_cmpuint(checked, >, 10000);
    g_rand_free(r);
}

/* goto_ptr with an explicit target: env->pc becomes the target's value whatever temp
 * holds it (a global other than pc, a computed local), and with nothing translated there
 * the block leaves through the no-chain exit.  Every branch kind, both backends. */
static void test_goto_ptr_target(void)
{
    g_assert_true(native_available());
    for (unsigned kind = 0; kind < IR_NB_BRANCH_KINDS; kind++) {
        for (int local = 0; local < 2; local++) {
            for (int backend = 0; backend < 2; backend++) {
                IrFixture f;
                ir_fixture_init(&f);
                IrTemp target = f.x[5];
                if (local) {
                    target = ir_new_temp(&f.ir, IR_I64);
                    ir_addi(&f.ir, target, f.x[5], 0x40);
                }
                ir_goto_ptr(&f.ir, target, (IrBranchKind)kind);
                f.env->xregs[5] = 0x7123456780ull;
                f.env->pc = 4;
                if (backend) {
                    run_native(&f);
                } else {
                    g_assert_cmpuint(ir_fixture_run(&f, true), ==, IR_EXIT_NOCHAIN);
                }
                g_assert_cmphex(f.env->pc, ==, 0x7123456780ull + (local ? 0x40 : 0));
                ir_fixture_free(&f);
            }
        }
    }
}

/* ---- IR_VCRYPTO ---- */

static const CryptoOp vcrypto_op[IR_VCRYPTO_NB] = {
    [IR_VCRYPTO_SHA256_ABCD] = CRYPTO_SHA256H,
    [IR_VCRYPTO_SHA256_EFGH] = CRYPTO_SHA256H2,
    [IR_VCRYPTO_SHA256_SCHED0] = CRYPTO_SHA256SU0,
    [IR_VCRYPTO_SHA256_SCHED1] = CRYPTO_SHA256SU1,
    [IR_VCRYPTO_SHA1_CH] = CRYPTO_SHA1C,
    [IR_VCRYPTO_SHA1_PARITY] = CRYPTO_SHA1P,
    [IR_VCRYPTO_SHA1_MAJ] = CRYPTO_SHA1M,
    [IR_VCRYPTO_SHA1_ROL30] = CRYPTO_SHA1H,
    [IR_VCRYPTO_SHA1_SCHED0] = CRYPTO_SHA1SU0,
    [IR_VCRYPTO_SHA1_SCHED1] = CRYPTO_SHA1SU1,
    [IR_VCRYPTO_AESE] = CRYPTO_AESE,
    [IR_VCRYPTO_AESD] = CRYPTO_AESD,
    [IR_VCRYPTO_AESMC] = CRYPTO_AESMC,
    [IR_VCRYPTO_AESIMC] = CRYPTO_AESIMC,
    [IR_VCRYPTO_CLMUL_LO] = CRYPTO_PMULL,
    [IR_VCRYPTO_CLMUL_HI] = CRYPTO_PMULL2,
};

static int32_t voff(int r)
{
    return (int32_t)(offsetof(CPUArchState, vregs) + (size_t)r * 16);
}

/* Vd = kind(Vd, Vn, Vm) as the translator emits it. */
static void emit_vcrypto_insn(IrContext *ir, IrVecCrypto kind, int d, int n, int m)
{
    IrTemp v[4];
    const int reg[3] = {d, n, m};
    for (int i = 0; i < 4; i++) {
        v[i] = ir_new_temp(ir, IR_V128);
        if (i) {
            ir_ld(ir, v[i], IR_ENV, voff(reg[i - 1]), MO_128);
        }
    }
    ir_vcrypto(ir, kind, crypto_vec_fn(vcrypto_op[kind]), v[0], v[1], v[2], v[3]);
    ir_st(ir, v[0], IR_ENV, voff(d), MO_128);
}

/* Run f's ops on one backend (native: false if it refused the block). */
static bool run_backend(IrFixture *f, bool native)
{
    if (!native) {
        ir_fixture_run(f, true);
        return true;
    }
    char why[256];
    ir_optimize(&f->ir);
    g_assert_true(ir_check(&f->ir, why, sizeof why) || (g_printerr("%s\n", why), 0));
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    bool full = false;
    if (!native_compile(&f->ir, tb, &full)) {
        g_free(tb);
        return false;
    }
    unsigned slot = 99;
    g_assert_true(native_exec(f->env, tb, &slot) == tb);
    g_assert_cmpuint(slot, ==, IR_EXIT_NOCHAIN);
    g_free(tb); /* (its fault records lie in the code buffer) */
    return true;
}

/* Each step on random inputs (and with the destination also a source): both backends
 * must give what the step's portable function gives.  A host without the instructions
 * must refuse the block (the interpreter then runs it). */
static void test_vcrypto_ops(void)
{
    GRand *rng = g_rand_new_with_seed(11);
    for (int kind = 0; kind < IR_VCRYPTO_NB; kind++) {
        bool host = native_vcrypto_supported((IrVecCrypto)kind);
        if (!host) {
            g_test_message("vcrypto %d: no host instructions; checking the refusal", kind);
        }
        for (int rep = 0; rep < 400; rep++) {
            uint8_t in[3][16], want[16];
            for (int k = 0; k < 48; k++) {
                in[k / 16][k % 16] = (uint8_t)g_rand_int(rng);
            }
            int n = rep & 1 ? 0 : 1, m = rep & 2 ? 0 : 2; /* aliased operands too */
            const uint8_t *src[3] = {in[0], in[n], in[m]};
            crypto_vec_fn(vcrypto_op[kind])(want, src[0], src[1], src[2]);
            for (int backend = 0; backend < 2; backend++) {
                IrFixture f;
                ir_fixture_init(&f);
                memcpy(f.env->vregs, in, sizeof in);
                emit_vcrypto_insn(&f.ir, (IrVecCrypto)kind, 0, n, m);
                ir_exit_tb(&f.ir, IR_EXIT_NOCHAIN);
                bool ran = run_backend(&f, backend == 1);
                g_assert_true(ran == (backend == 0 || host));
                if (ran && memcmp(f.env->vregs[0].b, want, 16) != 0) {
                    g_error("vcrypto %d rep %d (%s): result differs from its function", kind, rep,
                            backend ? "native" : "interpreter");
                }
                ir_fixture_free(&f);
            }
        }
    }
    g_rand_free(rng);
}

/* A call that clobbers every xmm register, as any C function may. */
static void h_clobber_xmm(void)
{
#if defined(__x86_64__)
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\tpcmpeqd %%xmm1, %%xmm1\n\t"
                     "pcmpeqd %%xmm2, %%xmm2\n\tpcmpeqd %%xmm3, %%xmm3\n\t"
                     "pcmpeqd %%xmm4, %%xmm4\n\tpcmpeqd %%xmm5, %%xmm5\n\t"
                     "pcmpeqd %%xmm6, %%xmm6\n\tpcmpeqd %%xmm7, %%xmm7\n\t"
                     "pcmpeqd %%xmm8, %%xmm8\n\tpcmpeqd %%xmm9, %%xmm9\n\t"
                     "pcmpeqd %%xmm10, %%xmm10\n\tpcmpeqd %%xmm11, %%xmm11\n\t"
                     "pcmpeqd %%xmm12, %%xmm12\n\tpcmpeqd %%xmm13, %%xmm13\n\t"
                     "pcmpeqd %%xmm14, %%xmm14\n\tpcmpeqd %%xmm15, %%xmm15" ::
                         : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                           "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

static IrHelper hi_clobber_xmm = {.name = "clobber_xmm",
                                  .func = (void *)h_clobber_xmm,
                                  .ret = IR_VOID,
                                  .nargs = 0,
                                  .flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS |
                                           IR_CALL_NO_EXIT};

/* One random vector instruction on v0..v7 (mostly the SHA-256 loop's shapes). */
#define NO_LABEL UINT32_MAX

static void emit_random_vinsn(IrFixture *f, GRand *r, IrLabel *pending)
{
    IrContext *ir = &f->ir;
    int d = g_rand_int_range(r, 0, 8), n = g_rand_int_range(r, 0, 8), m = g_rand_int_range(r, 0, 8);
    switch (g_rand_int_range(r, 0, 12)) {
    case 0:
    case 1:
    case 2: {
        /* mov v2, v0; sha256h q0, q1, vW; sha256h2 q1, q2, vW (sometimes not a pair) */
        int w = g_rand_int_range(r, 3, 8), copy = g_rand_int_range(r, 0, 4) ? 2 : w;
        IrTemp t = ir_new_temp(ir, IR_V128);
        ir_ld(ir, t, IR_ENV, voff(0), MO_128);
        ir_st(ir, t, IR_ENV, voff(2), MO_128);
        emit_vcrypto_insn(ir, IR_VCRYPTO_SHA256_ABCD, 0, 1, w);
        emit_vcrypto_insn(ir, IR_VCRYPTO_SHA256_EFGH, 1, copy, w);
        break;
    }
    case 3:
    case 4:
        emit_vcrypto_insn(ir, (IrVecCrypto)g_rand_int_range(r, 0, IR_VCRYPTO_NB), d, n, m);
        break;
    case 5: {
        IrTemp a = ir_new_temp(ir, IR_V128), b = ir_new_temp(ir, IR_V128);
        IrTemp o = ir_new_temp(ir, IR_V128);
        ir_ld(ir, a, IR_ENV, voff(n), MO_128);
        ir_ld(ir, b, IR_ENV, voff(m), MO_128);
        ir_vop(ir, IR_VOP_ADD, 2, o, a, b, 0);
        ir_st(ir, o, IR_ENV, voff(d), MO_128);
        break;
    }
    case 6: {
        IrTemp a = ir_new_temp(ir, IR_V128), o = ir_new_temp(ir, IR_V128);
        ir_ld(ir, a, IR_ENV, voff(n), MO_128);
        ir_or(ir, o, a, a);
        ir_st(ir, o, IR_ENV, voff(d), MO_128);
        break;
    }
    case 7: {
        /* a 64-bit write into half of a vector register */
        IrTemp x = ir_new_temp(ir, IR_I64);
        ir_ld(ir, x, IR_ENV, voff(n) + 8 * (m & 1), MO_64);
        ir_xori(ir, x, x, 0x5555aaaa12345678ull);
        ir_st(ir, x, IR_ENV, voff(d) + 8 * (m & 1), MO_64);
        break;
    }
    case 8:
        ir_call0(ir, &hi_clobber_xmm, 0);
        break;
    case 9:
        if (*pending != NO_LABEL) {
            ir_set_label(ir, *pending);
            *pending = NO_LABEL;
        } else {
            *pending = ir_new_label(ir);
            ir_brcond(ir, IR_COND_TSTNE, f->x[0], ir_const64(ir, 1u << (d & 3)), *pending);
        }
        break;
    default: {
        /* a value kept in a local across other instructions */
        IrTemp a = ir_new_temp(ir, IR_V128);
        ir_ld(ir, a, IR_ENV, voff(n), MO_128);
        emit_vcrypto_insn(ir, IR_VCRYPTO_SHA256_SCHED0, n, m, m);
        ir_st(ir, a, IR_ENV, voff(d), MO_128);
        break;
    }
    }
}

/* End f's block, run it on backend (1: native, which must accept it when the host has
 * the instructions), keep v0-v7 in out[backend] (a refused block counts as the
 * interpreter's result) and free f. */
static void run_into(IrFixture *f, int backend, bool host, Vreg out[2][8])
{
    ir_exit_tb(&f->ir, IR_EXIT_NOCHAIN);
    bool ran = run_backend(f, backend == 1);
    g_assert_true(ran == (backend == 0 || host));
    memcpy(out[backend], f->env->vregs, sizeof out[backend]);
    if (!ran) {
        memcpy(out[1], out[0], sizeof out[1]);
    }
    ir_fixture_free(f);
}

static void compare_vregs(Vreg out[2][8], unsigned seed)
{
    for (int v = 0; v < 8; v++) {
        if (memcmp(&out[0][v], &out[1][v], 16) != 0) {
            g_error("seed %u: v%d differs between the interpreter and native code", seed, v);
        }
    }
}

static void test_vcrypto_sequences(void)
{
    bool host = native_vcrypto_supported(IR_VCRYPTO_SHA256_ABCD);
    if (!host) {
        g_test_message("no SHA-NI: the sequences run on the interpreter only");
    }
    for (unsigned seed = 1; seed <= 300; seed++) {
        Vreg out[2][8];
        uint8_t init[8 * 16];
        uint64_t x0 = 0;
        GRand *r = g_rand_new_with_seed(seed);
        for (size_t k = 0; k < sizeof init; k++) {
            init[k] = (uint8_t)g_rand_int(r);
        }
        x0 = g_rand_int(r);
        g_rand_free(r);
        for (int backend = 0; backend < 2; backend++) {
            IrFixture f;
            IrLabel pending = NO_LABEL;
            ir_fixture_init(&f);
            memcpy(f.env->vregs, init, sizeof init);
            f.env->xregs[0] = x0;
            r = g_rand_new_with_seed(seed);
            for (int i = 0; i < 40; i++) {
                emit_random_vinsn(&f, r, &pending);
            }
            if (pending != NO_LABEL) {
                ir_set_label(&f.ir, pending);
            }
            g_rand_free(r);
            run_into(&f, backend, host, out);
        }
        compare_vregs(out, seed);
    }
}

/* V128 globals (env fields the IR names directly) mixed with env loads and stores of the
 * same fields: the native code's xmm cache must see every write. */
static void test_v128_globals(void)
{
    bool host = native_vcrypto_supported(IR_VCRYPTO_SHA256_SCHED0);
    Vreg out[2][8];
    for (int backend = 0; backend < 2; backend++) {
        IrFixture f;
        ir_fixture_init(&f);
        IrContext *ir = &f.ir;
        IrTemp g5 = ir_new_global(ir, IR_V128, voff(5), "v5");
        IrTemp g6 = ir_new_global(ir, IR_V128, voff(6), "v6");
        for (int k = 0; k < 8 * 16; k++) {
            f.env->vregs[k / 16].b[k % 16] = (uint8_t)(k * 37 + 11);
        }
        IrTemp a = ir_new_temp(ir, IR_V128), t = ir_new_temp(ir, IR_V128);
        ir_ld(ir, a, IR_ENV, voff(1), MO_128);
        ir_vop(ir, IR_VOP_ADD, 2, g5, g5, a, 0); /* v5 += v1 */
        ir_ld(ir, t, IR_ENV, voff(5), MO_128);   /* sees the new v5 */
        ir_st(ir, t, IR_ENV, voff(2), MO_128);   /* v2 = v5 */
        ir_vcrypto(ir, IR_VCRYPTO_SHA256_SCHED0, crypto_vec_fn(CRYPTO_SHA256SU0), g6, g6, g5, g5);
        IrTemp x = ir_new_temp(ir, IR_I64); /* v6[1] ^= 1: env write */
        ir_ld(ir, x, IR_ENV, voff(6) + 8, MO_64);
        ir_xori(ir, x, x, 1);
        ir_st(ir, x, IR_ENV, voff(6) + 8, MO_64);
        ir_vop(ir, IR_VOP_SUB, 2, g5, g6, g5, 0); /* v5 = v6 - v5 */
        IrTemp b = ir_new_temp(ir, IR_V128);
        ir_ld(ir, b, IR_ENV, voff(6), MO_128);
        ir_st(ir, b, IR_ENV, voff(3), MO_128); /* v3 = v6 */
        run_into(&f, backend, host, out);
    }
    compare_vregs(out, 0);
    /* and the interpreter did what the ops say: v2 = v1 + v5 (old), v3 = v6 */
    Vreg v1, v5;
    for (int k = 0; k < 16; k++) {
        v1.b[k] = (uint8_t)((16 + k) * 37 + 11);
        v5.b[k] = (uint8_t)((80 + k) * 37 + 11);
    }
    for (int l = 0; l < 4; l++) {
        g_assert_cmphex(out[0][2].s[l], ==, (uint32_t)(v1.s[l] + v5.s[l]));
    }
    g_assert_cmpmem(&out[0][3], 16, &out[0][6], 16);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/backends/random-programs", test_random_programs);
    g_test_add_func("/backends/vector-ops", test_vector_ops);
    g_test_add_func("/backends/fp-ops", test_fp_ops);
    g_test_add_func("/backends/goto-ptr-target", test_goto_ptr_target);
    g_test_add_func("/backends/vcrypto-ops", test_vcrypto_ops);
    g_test_add_func("/backends/vcrypto-sequences", test_vcrypto_sequences);
    g_test_add_func("/backends/v128-globals", test_v128_globals);
    return g_test_run();
}
