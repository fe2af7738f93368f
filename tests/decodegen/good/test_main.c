/* Test driver for the decoder generated from good1.decode + good2.decode:
 * stub trans_* functions record the call, main() checks decode results and
 * disassembly strings.  Example check: 0x91000420 -> ADD_i, "add x0, x1, #0x1". */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "good.h"

struct DisasContext {
    const char *called;
    int64_t f[8];
    int nf;
};

static int failures;

#define REC(NAME, ...)                                                  \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                   \
    {                                                                   \
        int64_t v[] = { __VA_ARGS__ };                                  \
        s->called = #NAME;                                              \
        s->nf = (int)(sizeof(v) / sizeof(v[0]));                        \
        memcpy(s->f, v, sizeof(v));                                     \
        return true;                                                    \
    }

REC(MOV_sp, a->sf, a->rn, a->rd)
REC(ADD_i, a->sf, a->sh, a->imm, a->rn, a->rd)
REC(SUB_i, a->sf, a->sh, a->imm, a->rn, a->rd)
REC(ADD_sr, a->sf, a->shift, a->rm, a->imm6, a->rn, a->rd)
REC(ADD_ext, a->sf, a->rm, a->option, a->imm3, a->rn, a->rd)
REC(B, a->imm)
REC(BL, a->imm)
REC(B_cond, a->imm, a->cond)
REC(MOVZ, a->sf, a->hw, a->imm, a->rd)
REC(CCMP_i, a->sf, a->imm5, a->cond, a->rn, a->nzcv)
REC(ADD_v, a->q, a->size, a->rm, a->rn, a->rd)
REC(NOP, a->unused_)
REC(HINT, a->crm, a->op2)
REC(FIRST, a->x)
REC(SECOND, a->x)
REC(FAKE_PC, a->off, a->rd)
REC(FAKE_W, a->a, a->b, a->c, a->d)

bool trans_UDF(DisasContext *s, arg_UDF *a)
{
    s->called = "UDF";
    s->f[0] = a->imm;
    s->nf = 1;
    return false;           /* "matched but not implemented" */
}

/* Decode insn, expect pattern `name` (NULL: no match) with result `ret`
 * and fields f[0..n-1]; then disassemble at pc and compare with `dis`. */
static void check(uint32_t insn, uint64_t pc, const char *name, int ret,
                  const char *dis, int n, const int64_t *f)
{
    DisasContext ctx;
    char buf[128];
    int r;
    int ok = 1;

    memset(&ctx, 0, sizeof(ctx));
    r = a64_decode(&ctx, insn);
    if (r != ret) {
        printf("  0x%08x: a64_decode returned %d, want %d\n", insn, r, ret);
        ok = 0;
    }
    if (name == NULL ? ctx.called != NULL
                     : (ctx.called == NULL || strcmp(ctx.called, name) != 0)) {
        printf("  0x%08x: called %s, want %s\n", insn,
               ctx.called ? ctx.called : "(none)", name ? name : "(none)");
        ok = 0;
    } else if (name != NULL) {
        int idx = r >= 0 ? r : -r - 2;
        if (ctx.nf != n) {
            printf("  0x%08x: %d fields, want %d\n", insn, ctx.nf, n);
            ok = 0;
        }
        for (int i = 0; i < n && i < ctx.nf; i++) {
            if (ctx.f[i] != f[i]) {
                printf("  0x%08x: field %d = %" PRId64 ", want %" PRId64 "\n",
                       insn, i, ctx.f[i], f[i]);
                ok = 0;
            }
        }
        if (a64_match(insn) != idx ||
            strcmp(a64_pattern_name(idx), name) != 0) {
            printf("  0x%08x: a64_match/a64_pattern_name disagree\n", insn);
            ok = 0;
        }
    } else if (a64_match(insn) != -1) {
        printf("  0x%08x: a64_match != -1\n", insn);
        ok = 0;
    }
    a64_disas(insn, pc, buf, sizeof(buf));
    if (strcmp(buf, dis) != 0) {
        printf("  0x%08x: disas \"%s\", want \"%s\"\n", insn, buf, dis);
        ok = 0;
    }
    printf("%s: 0x%08x %s\n", ok ? "ok" : "FAIL", insn, dis);
    failures += !ok;
}

#define CHECK(insn, pc, name, ret, dis, ...)                            \
    do {                                                                \
        static const int64_t f_[] = { 0, __VA_ARGS__ };                 \
        check(insn, pc, name, ret, dis,                                 \
              (int)(sizeof(f_) / sizeof(f_[0])) - 1, f_ + 1);           \
    } while (0)

int main(void)
{
    char small[8];

    /* first match: MOV_sp (constraint rn=31) before ADD_i */
    CHECK(0x910003e0, 0, "MOV_sp", A64_PAT_MOV_sp, "mov x0, sp", 1, 31, 0);
    CHECK(0x110003ff, 0, "MOV_sp", A64_PAT_MOV_sp, "mov wsp, wsp", 0, 31, 31);
    /* constraint fails (rn=1) -> falls through to ADD_i */
    CHECK(0x91000020, 0, "ADD_i", A64_PAT_ADD_i, "add x0, x1, #0x0", 1, 0, 0, 1, 0);
    CHECK(0x91000420, 0, "ADD_i", A64_PAT_ADD_i, "add x0, x1, #0x1", 1, 0, 1, 1, 0);
    CHECK(0x11000420, 0, "ADD_i", A64_PAT_ADD_i, "add w0, w1, #0x1", 0, 0, 1, 1, 0);
    CHECK(0x91400420, 0, "ADD_i", A64_PAT_ADD_i, "add x0, x1, #0x1, lsl #12", 1, 1, 1, 1, 0);
    CHECK(0xd10043ff, 0, "SUB_i", A64_PAT_SUB_i, "sub sp, sp, #0x10", 1, 0, 16, 31, 31);
    CHECK(0x8b020c20, 0, "ADD_sr", A64_PAT_ADD_sr, "add x0, x1, x2, lsl #3", 1, 0, 2, 3, 1, 0);
    CHECK(0x0b9f7fff, 0, "ADD_sr", A64_PAT_ADD_sr, "add wzr, wzr, wzr, asr #31", 0, 2, 31, 31, 31, 31);
    CHECK(0x8b224be0, 0, "ADD_ext", A64_PAT_ADD_ext, "add x0, sp, w2, uxtw #2", 1, 2, 2, 2, 31, 0);
    CHECK(0x8b22f3e0, 0, "ADD_ext", A64_PAT_ADD_ext, "add x0, sp, w2, sxtx #4", 1, 2, 7, 4, 31, 0);
    /* signed 26-bit field, negative and positive */
    CHECK(0x17ffffff, 0x1000, "B", A64_PAT_B, "b 0xffc", -1);
    CHECK(0x16000000, 0x10000000, "B", A64_PAT_B, "b 0x8000000", -(1 << 25));
    CHECK(0x15ffffff, 0, "B", A64_PAT_B, "b 0x7fffffc", (1 << 25) - 1);
    CHECK(0x94000003, 0, "BL", A64_PAT_BL, "bl imm=3", 3);
    CHECK(0x97fffffe, 0, "BL", A64_PAT_BL, "bl imm=-2", -2);
    CHECK(0x54000041, 0x1000, "B_cond", A64_PAT_B_cond, "b.ne 0x1008", 2, 1);
    CHECK(0x54ffffec, 0x1000, "B_cond", A64_PAT_B_cond, "b.gt 0xffc", -1, 12);
    CHECK(0x52a00020, 0, "MOVZ", A64_PAT_MOVZ, "movz w0, #0x1, lsl #16", 0, 1, 1, 0);
    CHECK(0xd2e0055e, 0, "MOVZ", A64_PAT_MOVZ, "movz x30, #0x2a, lsl #48", 1, 3, 42, 30);
    CHECK(0xfa430824, 0, "CCMP_i", A64_PAT_CCMP_i, "ccmp x1, #3, #0x4, eq", 1, 3, 0, 1, 4);
    CHECK(0x7a5fdbef, 0, "CCMP_i", A64_PAT_CCMP_i, "ccmp wzr, #31, #0xf, le", 0, 31, 13, 31, 15);
    CHECK(0x4e228420, 0, "ADD_v", A64_PAT_ADD_v, "add v0.16b, v1.16b, v2.16b", 1, 0, 2, 1, 0);
    /* exact NOP before the general HINT */
    CHECK(0xd503201f, 0, "NOP", A64_PAT_NOP, "nop", 0);
    CHECK(0xd503203f, 0, "HINT", A64_PAT_HINT, "hint crm=0 op2=1", 0, 1);
    /* cross-file order and constraints */
    CHECK(0xf0000005, 0, "FIRST", A64_PAT_FIRST, "first 5", 5);
    CHECK(0xf0000006, 0, "SECOND", A64_PAT_SECOND, "second 0x6", 6);
    CHECK(0xf1ffffff, 0, "SECOND", A64_PAT_SECOND, "second 0x1ffffff", 0x1ffffff);
    CHECK(0xfffffe1f, 0x1000, "FAKE_PC", A64_PAT_FAKE_PC, "fake xzr, 0xff0, #-0x10, -16", -16, 31);
    CHECK(0xff7fffe3, 0, "FAKE_PC", A64_PAT_FAKE_PC, "fake x3, 0x3ffff, #0x3ffff, 262143", 262143, 3);
    CHECK(0xfefffff0, 0, "FAKE_W", A64_PAT_FAKE_W, "w wzr wsp xzr sp {}", 31, 31, 31, 31);
    CHECK(0xfe088640, 0, "FAKE_W", A64_PAT_FAKE_W, "w w1 w2 x3 x4 {}", 1, 2, 3, 4);
    /* trans returns false -> -(2 + index) */
    CHECK(0x00001234, 0, "UDF", -(2 + A64_PAT_UDF), "udf #4660", 0x1234);
    /* no match -> -1 (the trailing 0 is an ignored field list) */
    CHECK(0x00010000, 0, NULL, -1, ".inst 0x00010000 (unallocated)", 0);
    CHECK(0xfd000000, 0, NULL, -1, ".inst 0xfd000000 (unallocated)", 0);
    CHECK(0x5c000000, 0, NULL, -1, ".inst 0x5c000000 (unallocated)", 0);

    /* safe truncation */
    memset(small, 'X', sizeof(small));
    a64_disas(0x91400420, 0, small, 5);
    if (strcmp(small, "add ") != 0 || small[5] != 'X') {
        printf("FAIL: truncation to 5 gave \"%s\"\n", small);
        failures++;
    } else {
        printf("ok: truncation to 5\n");
    }
    memset(small, 'X', sizeof(small));
    a64_disas(0x91400420, 0, small, 1);
    a64_disas(0x91400420, 0, small + 1, 0);
    if (small[0] != '\0' || small[1] != 'X') {
        printf("FAIL: truncation to 1/0\n");
        failures++;
    } else {
        printf("ok: truncation to 1 and 0\n");
    }
    /* table and names */
    if (A64_NUM_PATTERNS != 18 || a64_patterns[A64_NUM_PATTERNS].name != NULL ||
        strcmp(a64_patterns[A64_PAT_B].name, "B") != 0 ||
        a64_patterns[A64_PAT_B].mask != 0xfc000000u ||
        a64_patterns[A64_PAT_B].value != 0x14000000u ||
        a64_pattern_name(-1) != NULL || a64_pattern_name(A64_NUM_PATTERNS) != NULL) {
        printf("FAIL: pattern table\n");
        failures++;
    } else {
        printf("ok: pattern table\n");
    }
    printf("%d failures\n", failures);
    return failures != 0;
}
