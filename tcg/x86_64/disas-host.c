/*
 * disas-host.c - `-d out_asm`: print the x86-64 code the native backend emitted for a
 * block, through capstone when vemu was built with it (optional build dependency), as
 * hex bytes otherwise.  Example:
 *     vemu-aarch64 -d in_asm,out_asm ./hello
 *     OUT: [size=52]
 *       0x7f0a1c000040:  mov rax, qword ptr [rbp + 0x10]
 */
#include "tcg/x86_64/disas-host.h"

#include <inttypes.h>

#include "tcg/log.h"

#ifdef VEMU_HAVE_CAPSTONE
#include <capstone/capstone.h>
/* Weak: vemu-aarch64-static leaves capstone out (its tables would add tens of thousands of
 * relocations to every start-up of a static-pie), and then prints hex. */
extern __typeof__(cs_open) cs_open __attribute__((weak));
extern __typeof__(cs_disasm) cs_disasm __attribute__((weak));
extern __typeof__(cs_free) cs_free __attribute__((weak));
extern __typeof__(cs_close) cs_close __attribute__((weak));
#endif

void disas_host_block(const uint8_t *code, size_t size)
{
    vemu_log("OUT: [size=%zu]\n", size);
#ifdef VEMU_HAVE_CAPSTONE
    csh handle;
    if (cs_open && cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK) {
        cs_insn *insn;
        size_t n = cs_disasm(handle, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
        size_t done = 0;
        for (size_t i = 0; i < n; i++) {
            vemu_log("  0x%012" PRIx64 ":  %s %s\n", insn[i].address, insn[i].mnemonic,
                     insn[i].op_str);
            done += insn[i].size;
        }
        if (n) {
            cs_free(insn, n);
        }
        cs_close(&handle);
        if (done == size) {
            vemu_log("\n");
            return;
        }
        code += done;
        size -= done;
    }
#endif
    for (size_t i = 0; i < size; i += 16) {
        vemu_log("  0x%012" PRIxPTR ": ", (uintptr_t)(code + i));
        for (size_t k = i; k < size && k < i + 16; k++) {
            vemu_log(" %02x", code[k]);
        }
        vemu_log("\n");
    }
    vemu_log("\n");
}
