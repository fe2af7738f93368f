/* helpers_main.c - checks the code decodegen generates for template helper calls: each
 * call passes pc, the named fields and the literals in order, and its text is spliced
 * into the template.  Example: 0x91400c20 -> "add x0, <imm=3 sh=1 lit=-7 pc=0x40>!". */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "helpers_gen.h"

void dis_imm(char *b, size_t n, uint64_t pc, int64_t imm, int64_t sh, int64_t lit)
{
    snprintf(b, n, "<imm=%" PRId64 " sh=%" PRId64 " lit=%" PRId64 " pc=0x%" PRIx64 ">", imm,
             sh, lit, pc);
}

void dis_none(char *b, size_t n, uint64_t pc)
{
    snprintf(b, n, "nop@%" PRIx64, pc);
}

static int check(uint32_t insn, uint64_t pc, const char *want)
{
    char buf[128];
    a64_disas(insn, pc, buf, sizeof buf);
    if (strcmp(buf, want) != 0) {
        printf("FAIL 0x%08x: got '%s', want '%s'\n", insn, buf, want);
        return 1;
    }
    printf("ok 0x%08x %s\n", insn, buf);
    return 0;
}

int main(void)
{
    int fails = 0;
    fails += check(0x91400c20, 0x40, "add x0, <imm=3 sh=1 lit=-7 pc=0x40>!");
    fails += check(0xd503201f, 0x1234, "nop@1234");
    return fails != 0;
}
