/*
 * test-decode.c - unit tests for the generated A64 decoder and disassembler
 * (a64_match, a64_pattern_name, a64_disas from tools/decodegen.py over the *.decode
 * specs), for the trans_* functions' rejection of reserved encodings, and for the
 * logical-immediate decoder a64_logic_imm_decode (DecodeBitMasks).
 *
 * The encodings in the table were produced by aarch64-linux-gnu-as; the expected text is
 * what aarch64-linux-gnu-objdump prints for them (tests/disas compares many more).
 * Example: 0x91000421 -> pattern "ADD_i", text "add x1, x1, #0x1".
 * Run: meson test -C build unit-decode
 */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "target/aarch64/helper-a64.h"
#include "target/aarch64/translate.h"

#include "a64-decode.h"

typedef struct DecodeCase {
    uint32_t insn;
    const char *pattern;
    const char *text; /* a64_disas(insn, pc = 0x1000) */
} DecodeCase;

/* Integer data processing, branches, exceptions and system instructions. */
static const DecodeCase cases[] = {
    {0x91000421, "ADD_i", "add x1, x1, #0x1"},
    {0x8b020020, "ADD_sr", "add x0, x1, x2"},
    {0x31404083, "ADDS_i", "adds w3, w4, #0x10, lsl #12"},
    {0xd10083ff, "SUB_i", "sub sp, sp, #0x20"},
    {0x910003fd, "MOV_sp_i", "mov x29, sp"},
    {0xf100141f, "CMP_i", "cmp x0, #0x5"},
    {0x3100043f, "CMN_i", "cmn w1, #0x1"},
    {0xf1000062, "SUBS_i", "subs x2, x3, #0x0"},
    {0x92401c20, "AND_i", "and x0, x1, #0xff"},
    {0x3200cfe2, "ORR_i", "mov w2, #0xf0f0f0f"},
    {0xd200f083, "EOR_i", "eor x3, x4, #0x5555555555555555"},
    {0x720000c5, "ANDS_i", "ands w5, w6, #0x1"},
    {0xd2a24680, "MOVZ", "mov x0, #0x12340000"},
    {0x12800001, "MOVN", "mov w1, #0xffffffff"},
    {0xf2f7dde2, "MOVK", "movk x2, #0xbeef, lsl #48"},
    {0x93434420, "SBFM", "sbfx x0, x1, #3, #15"},
    {0x33110c20, "BFM", "bfi w0, w1, #15, #4"},
    {0xd341fc20, "UBFM", "lsr x0, x1, #1"},
    {0x93c21c20, "EXTR", "extr x0, x1, x2, #7"},
    {0x10000800, "ADR", "adr x0, 0x1100"},
    {0x90000000, "ADRP", "adrp x0, 0x1000"},
    {0xaa0103e0, "MOV_r", "mov x0, x1"},
    {0x8a020c20, "AND_r", "and x0, x1, x2, lsl #3"},
    {0x0a220020, "BIC_r", "bic w0, w1, w2"},
    {0xaae20820, "ORN_r", "orn x0, x1, x2, ror #2"},
    {0x4aa21020, "EON_r", "eon w0, w1, w2, asr #4"},
    {0xea020020, "ANDS_r", "ands x0, x1, x2"},
    {0x6a620420, "BICS_r", "bics w0, w1, w2, lsr #1"},
    {0x8b224820, "ADD_ext", "add x0, x1, w2, uxtw #2"},
    {0xeb22e3e0, "SUBS_ext", "subs x0, sp, x2, sxtx"},
    {0x2b020420, "ADDS_sr", "adds w0, w1, w2, lsl #1"},
    {0xcb820c20, "SUB_sr", "sub x0, x1, x2, asr #3"},
    {0xba01842f, "RMIF", "rmif x1, #3, #15"},
    {0x3a00084d, "SETF8", "setf8 w2"},
    {0x3a00486d, "SETF16", "setf16 w3"},
    {0x9a020020, "ADC", "adc x0, x1, x2"},
    {0x3a020020, "ADCS", "adcs w0, w1, w2"},
    {0xda020020, "SBC", "sbc x0, x1, x2"},
    {0x7a020020, "SBCS", "sbcs w0, w1, w2"},
    {0xba420023, "CCMN_r", "ccmn x1, x2, #0x3, eq"},
    {0x7a421020, "CCMP_r", "ccmp w1, w2, #0x0, ne"},
    {0xba458824, "CCMN_i", "ccmn x1, #0x5, #0x4, hi"},
    {0xfa5fb82f, "CCMP_i", "ccmp x1, #0x1f, #0xf, lt"},
    {0x9a820020, "CSEL", "csel x0, x1, x2, eq"},
    {0x1a821420, "CSINC", "csinc w0, w1, w2, ne"},
    {0xda82a020, "CSINV", "csinv x0, x1, x2, ge"},
    {0x5a82b420, "CSNEG", "csneg w0, w1, w2, lt"},
    {0xdac00020, "RBIT", "rbit x0, x1"},
    {0x5ac00420, "REV16", "rev16 w0, w1"},
    {0xdac00820, "REV32", "rev32 x0, x1"},
    {0x5ac00820, "REV32", "rev w0, w1"},
    {0xdac00c20, "REV64", "rev x0, x1"},
    {0xdac01020, "CLZ", "clz x0, x1"},
    {0x5ac01420, "CLS", "cls w0, w1"},
    {0x9ac20820, "UDIV", "udiv x0, x1, x2"},
    {0x1ac20c20, "SDIV", "sdiv w0, w1, w2"},
    {0x9ac22020, "LSLV", "lsl x0, x1, x2"},
    {0x1ac22420, "LSRV", "lsr w0, w1, w2"},
    {0x9ac22820, "ASRV", "asr x0, x1, x2"},
    {0x1ac22c20, "RORV", "ror w0, w1, w2"},
    {0x9ac24c20, "CRC32", "crc32x w0, w1, x2"},
    {0x1ac25020, "CRC32", "crc32cb w0, w1, w2"},
    {0x9b020c20, "MADD", "madd x0, x1, x2, x3"},
    {0x1b028c20, "MSUB", "msub w0, w1, w2, w3"},
    {0x9b220c20, "SMADDL", "smaddl x0, w1, w2, x3"},
    {0x9b228c20, "SMSUBL", "smsubl x0, w1, w2, x3"},
    {0x9b427c20, "SMULH", "smulh x0, x1, x2"},
    {0x9ba20c20, "UMADDL", "umaddl x0, w1, w2, x3"},
    {0x9ba28c20, "UMSUBL", "umsubl x0, w1, w2, x3"},
    {0x9bc27c20, "UMULH", "umulh x0, x1, x2"},
    {0x14000010, "B", "b 0x1040"},
    {0x97fffff0, "BL", "bl 0xfc0"},
    {0x54000041, "B_cond", "b.ne 0x1008"},
    {0x34000083, "CBZ", "cbz w3, 0x1010"},
    {0xb5ffffe3, "CBNZ", "cbnz x3, 0xffc"},
    {0x36180101, "TBZ", "tbz w1, #3, 0x1020"},
    {0xb7f80101, "TBNZ", "tbnz x1, #63, 0x1020"},
    {0xd61f0200, "BR", "br x16"},
    {0xd63f0100, "BLR", "blr x8"},
    {0xd65f03c0, "RET", "ret"},
    {0xd65f0060, "RET", "ret x3"},
    {0xd4000001, "SVC", "svc #0x0"},
    {0xd4000022, "HVC", "hvc #0x1"},
    {0xd4000043, "SMC", "smc #0x2"},
    {0xd4207d00, "BRK", "brk #0x3e8"},
    {0xd4400000, "HLT", "hlt #0x0"},
    {0xd503201f, "NOP", "nop"},
    {0xd503203f, "YIELD", "yield"},
    {0xd503205f, "WFE", "wfe"},
    {0xd503207f, "WFI", "wfi"},
    {0xd5031003, "WFET", "wfet x3"},
    {0xd5031023, "WFIT", "wfit x3"},
    {0xd503209f, "SEV", "sev"},
    {0xd50320bf, "SEVL", "sevl"},
    {0xd503245f, "HINT", "bti c"},
    {0xd503233f, "PACIASP", "paciasp"},
    {0xd50323bf, "AUTIASP", "autiasp"},
    {0xd50320ff, "XPACLRI", "xpaclri"},
    {0xdac103e0, "PACIA", "pacia x0, sp"},
    {0xd65f0bff, "RETAA", "retaa"},
    {0xf8600c20, "LDRA", "ldraa x0, [x1, #-4096]!"},
    {0x19010440, "CPYF", "cpyfp [x0]!, [x1]!, x2!"},
    {0x1d42b461, "CPY", "cpymtrn [x1]!, [x2]!, x3!"},
    {0x19dfa440, "SET", "seten [x0]!, x2!, xzr"},
    {0xd5033f5f, "CLREX", "clrex"},
    {0xd5033b9f, "DSB", "dsb ish"},
    {0xd50339bf, "DMB", "dmb ishld"},
    {0xd5033fdf, "ISB", "isb"},
    {0xd50330ff, "SB", "sb"},
    {0xd500401f, "MSR_i", "cfinv"},
    {0xd50342df, "MSR_i", "msr daifset, #0x2"},
    {0xd50b7420, "SYS", "dc zva, x0"},
    {0xd50b7b21, "SYS", "dc cvau, x1"},
    {0xd50b7522, "SYS", "ic ivau, x2"},
    {0xd5281260, "SYSL", "sysl x0, #0, C1, C2, #3"},
    {0xd51b4200, "MSR_r", "msr nzcv, x0"},
    {0xd53b4201, "MRS", "mrs x1, nzcv"},
    {0xd53bd040, "MRS", "mrs x0, tpidr_el0"},
    {0xd51b4402, "MSR_r", "msr fpcr, x2"},
    {0xd53be043, "MRS", "mrs x3, cntvct_el0"},
    {0xd5380004, "MRS", "mrs x4, midr_el1"},
    {0x00000000, "UDF", "udf #0"},
    {0x00001234, "UDF", "udf #4660"},
};

static void test_known_encodings(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const DecodeCase *c = &cases[i];
        char buf[128];
        int idx = a64_match(c->insn);

        g_test_message("0x%08x: expect %s \"%s\"", c->insn, c->pattern, c->text);
        g_assert_cmpint(idx, >=, 0);
        g_assert_cmpstr(a64_pattern_name(idx), ==, c->pattern);
        a64_disas(c->insn, 0x1000, buf, sizeof buf);
        g_assert_cmpstr(buf, ==, c->text);
    }
}

/* Encodings owned by the load/store and FP/SIMD specs: they must decode to something. */
static void test_other_areas(void)
{
    static const uint32_t words[] = {
        0xf9400020, /* ldr x0, [x1] */
        0xa9bf7bfd, /* stp x29, x30, [sp, #-16]! */
        0x1e220800, /* fmul s0, s0, s2 */
        0x4e228420, /* add v0.16b, v1.16b, v2.16b */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        int idx = a64_match(words[i]);
        g_test_message("0x%08x", words[i]);
        g_assert_cmpint(idx, >=, 0);
        g_assert_nonnull(a64_pattern_name(idx));
    }
    g_assert_null(a64_pattern_name(-1));
    g_assert_null(a64_pattern_name(A64_NUM_PATTERNS));
}

/* Words no pattern matches (objdump prints them as .inst / undefined). */
static void test_unallocated(void)
{
    static const uint32_t words[] = {
        0x00800000, /* reserved space, not UDF (bits 31:16 != 0) */
        0x1ac00020, /* data-processing (2 source), opcode 000000 */
        0x9ac27c20, /* data-processing (2 source), opcode 011111 */
        0xd6bf03e0, /* DRPS: debug state only */
        0xd503201e, /* hint space with Rt != 31 */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        char buf[64];
        g_test_message("0x%08x", words[i]);
        g_assert_cmpint(a64_match(words[i]), ==, -1);
        a64_disas(words[i], 0, buf, sizeof buf);
        g_assert_true(g_str_has_prefix(buf, ".inst"));
    }
}

/* Words that match a pattern whose trans_* must refuse them (SIGILL), and words whose
 * trans_* must accept them. */
static void test_trans_accept_reject(void)
{
    static const struct {
        uint32_t insn;
        bool ok;
    } words[] = {
        {0x5ac00c20, false}, /* REV with sf=0, opc=11 */
        {0x12c00000, false}, /* MOVN w0 with hw=2 */
        {0x9240fc00, false}, /* AND x0, x0, #<all ones>: reserved bitmask */
        {0x12400000, false}, /* AND (32-bit) with N=1 */
        {0x13c00000, false}, /* EXTR w0 with N=1 */
        {0x13008000, false}, /* SBFM w0 with imms=32 */
        {0x8b400000, true},  /* ADD (shifted) lsr */
        {0x8bc00000, false}, /* ADD (shifted) with shift=11 */
        {0x0b008000, false}, /* ADD w0 (shifted) lsl #32 */
        {0x8b2017e0, false}, /* ADD (extended) with imm3=5 */
        {0x1ac24c20, false}, /* CRC32X with sf=0 */
        {0x9ac24820, false}, /* CRC32W with sf=1 */
        {0xd50342df, false}, /* MSR DAIFSet */
        {0xd500401f, true},  /* CFINV */
        {0xd5381000, false}, /* MRS x0, SCTLR_EL1 */
        {0xd53b4220, false}, /* MRS x0, DAIF */
        {0xd51bd060, false}, /* MSR TPIDRRO_EL0, x0 (read-only at EL0) */
        {0xd5380540, true},  /* MRS x0, ID_AA64... space (emulated, reads as 0) */
        {0xd5080000, false}, /* SYS #0, c0, c0, #0 */
        {0xd5281260, false}, /* SYSL */
        {0xd50b7420, true},  /* DC ZVA */
        {0xd503245f, true},  /* BTI c */
        {0x00000000, true},  /* UDF #0: translated into an UNDEF exception */
    };
    IrContext ir;
    CPUArchState *env = g_new0(CPUArchState, 1);

    ir_context_init(&ir);
    a64_translate_init(&ir);
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        DisasContext s = {.ir = &ir,
                          .env = env,
                          .pc_first = 0x1000,
                          .pc = 0x1000,
                          .pc_next = 0x1004,
                          .insn = words[i].insn,
                          .is_jmp = DISAS_NEXT};
        int r;

        ir_reset(&ir);
        ir_insn_start(&ir, s.pc, 0);
        r = a64_decode(&s, words[i].insn);
        g_test_message("0x%08x -> %d", words[i].insn, r);
        g_assert_cmpint(r, !=, -1);
        g_assert_cmpint(r >= 0, ==, words[i].ok);
    }
    ir_context_free(&ir);
    g_free(env);
}

/* DecodeBitMasks written out literally from the Arm ARM pseudocode, bit by bit. */
static bool ref_bitmask(int sf, int n, int immr, int imms, uint64_t *out)
{
    int datasize = sf ? 64 : 32;
    int len = -1;
    unsigned combined = ((unsigned)n << 6) | (~(unsigned)imms & 0x3f);
    for (int b = 6; b >= 0; b--) {
        if (combined & (1u << b)) {
            len = b;
            break;
        }
    }
    if (len < 1 || (1 << len) > datasize) {
        return false;
    }
    int levels = (1 << len) - 1;
    if ((imms & levels) == levels) {
        return false;
    }
    int s = imms & levels, r = immr & levels, esize = 1 << len;
    uint8_t welem[64] = {0}, rot[64], full[64];
    for (int i = 0; i <= s; i++) {
        welem[i] = 1;
    }
    for (int i = 0; i < esize; i++) {
        rot[i] = welem[(i + r) % esize]; /* ROR by r */
    }
    for (int i = 0; i < datasize; i++) {
        full[i] = rot[i % esize];
    }
    uint64_t v = 0;
    for (int i = 0; i < datasize; i++) {
        v |= (uint64_t)full[i] << i;
    }
    *out = v;
    return true;
}

static void test_logic_imm(void)
{
    for (int sf = 0; sf <= 1; sf++) {
        GHashTable *seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
        for (int n = 0; n <= 1; n++) {
            for (int immr = 0; immr < 64; immr++) {
                for (int imms = 0; imms < 64; imms++) {
                    uint64_t got = 0, want = 0;
                    bool ok = a64_logic_imm_decode(sf, n, immr, imms, &got);
                    bool ref_ok = ref_bitmask(sf, n, immr, imms, &want);
                    g_assert_cmpint(ok, ==, ref_ok);
                    if (!ok) {
                        continue;
                    }
                    g_assert_cmphex(got, ==, want);
                    g_hash_table_add(seen, g_memdup2(&got, sizeof got));
                }
            }
        }
        /* distinct values: sum over element sizes e of e * (e - 1) (rotations by r and
         * r + e are the same value): 5334 for 64-bit, 1302 for 32-bit */
        g_assert_cmpint(g_hash_table_size(seen), ==, sf ? 5334 : 1302);
        g_hash_table_destroy(seen);
    }
    uint64_t v;
    g_assert_true(a64_logic_imm_decode(1, 1, 0, 7, &v));
    g_assert_cmphex(v, ==, 0xff);
    g_assert_true(a64_logic_imm_decode(0, 0, 0, 51, &v));
    g_assert_cmphex(v, ==, 0x0f0f0f0f);
    g_assert_true(a64_logic_imm_decode(1, 0, 0, 60, &v));
    g_assert_cmphex(v, ==, 0x5555555555555555ull);
    g_assert_true(a64_logic_imm_decode(1, 1, 1, 0, &v));
    g_assert_cmphex(v, ==, 0x8000000000000000ull);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/decode/known-encodings", test_known_encodings);
    g_test_add_func("/decode/other-areas", test_other_areas);
    g_test_add_func("/decode/unallocated", test_unallocated);
    g_test_add_func("/decode/trans-accept-reject", test_trans_accept_reject);
    g_test_add_func("/decode/logic-imm", test_logic_imm);
    return g_test_run();
}
