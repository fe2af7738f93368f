/*
 * disas-words.c - print vemu's disassembly of raw A64 words, and whether vemu implements
 * them, for tests/disas/compare.py (which checks the text against binutils' objdump).
 *
 * Reads hex words (one per line) from stdin or takes them as arguments; for each prints
 *   WORD <tab> IMPL <tab> PATTERN <tab> TEXT
 * where IMPL is 1 if the word's trans_* accepts it under the `max` CPU model (0: SIGILL),
 * PATTERN the spec pattern (or "-") and TEXT a64_disas() at pc = 4 * (line index), the
 * address objdump gives the word in a flat binary file.
 * Example: disas-words 91000421 -> "91000421	1	ADD_i	add x1, x1, #0x1"
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "target/aarch64/cpu-models.h"
#include "target/aarch64/translate.h"

#include "a64-decode.h"

static IrContext ir;
static CPUArchState env;

static void one(uint32_t insn, uint64_t pc)
{
    DisasContext s = {.ir = &ir,
                      .env = &env,
                      .pc_first = pc,
                      .pc = pc,
                      .pc_next = pc + 4,
                      .insn = insn,
                      .is_jmp = DISAS_NEXT,
                      .no_lookahead = true}; /* branch targets are not mapped here */
    char buf[160];
    int idx = a64_match(insn);

    ir_reset(&ir);
    ir_insn_start(&ir, pc, 0);
    int r = a64_decode(&s, insn);
    a64_disas(insn, pc, buf, sizeof buf);
    printf("%08" PRIx32 "\t%d\t%s\t%s\n", insn, r >= 0, idx >= 0 ? a64_pattern_name(idx) : "-",
           buf);
}

int main(int argc, char **argv)
{
    const CpuModel *m = cpu_model_find("max");
    uint64_t pc = 0;
    char line[64];

    env.model = m;
    env.midr = m->midr;
    env.hwcap = m->hwcap;
    env.hwcap2 = m->hwcap2;
    ir_context_init(&ir);
    a64_translate_init(&ir);
    if (argc > 1) {
        for (int i = 1; i < argc; i++, pc += 4) {
            one((uint32_t)strtoul(argv[i], NULL, 16), pc);
        }
        return 0;
    }
    while (fgets(line, sizeof line, stdin)) {
        one((uint32_t)strtoul(line, NULL, 16), pc);
        pc += 4;
    }
    return 0;
}
