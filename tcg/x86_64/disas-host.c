/*
 * disas-host.c - `-d out_asm`: print the x86-64 code the native backend emitted for a
 * block, through capstone when vemu was built with its headers (optional build dependency)
 * and the library can be opened at run time, as hex bytes otherwise.  Example:
 *     vemu-aarch64 -d in_asm,out_asm ./hello
 *     OUT: [size=52]
 *       0x7f0a1c000040:  mov rax, qword ptr [rbp + 0x10]
 */
#include "tcg/x86_64/disas-host.h"

#include <inttypes.h>
#include <stdbool.h>

#include "tcg/log.h"

#ifdef VEMU_HAVE_CAPSTONE
#include <capstone/capstone.h>
#include <dlfcn.h>
#include <stdio.h>

/* capstone is opened at the first use of -d out_asm, not linked: its tables would cost
 * every start-up of vemu thousands of relocations (a third of a static hello's run). */
static struct {
    __typeof__(cs_open) *open;
    __typeof__(cs_disasm) *disasm;
    __typeof__(cs_free) *free;
    __typeof__(cs_close) *close;
} cs;

static bool capstone_loaded(void)
{
    static int state; /* 0 not tried, 1 loaded, -1 unavailable */
    if (state == 0) {
        char soname[32];
        snprintf(soname, sizeof soname, "libcapstone.so.%d", CS_API_MAJOR);
        void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            h = dlopen("libcapstone.so", RTLD_NOW | RTLD_LOCAL);
        }
        state = -1;
        if (h) {
            cs.open = (__typeof__(cs.open))dlsym(h, "cs_open");
            cs.disasm = (__typeof__(cs.disasm))dlsym(h, "cs_disasm");
            cs.free = (__typeof__(cs.free))dlsym(h, "cs_free");
            cs.close = (__typeof__(cs.close))dlsym(h, "cs_close");
            state = cs.open && cs.disasm && cs.free && cs.close ? 1 : -1;
        }
    }
    return state > 0;
}
#endif

void disas_host_block(const uint8_t *code, size_t size)
{
    vemu_log("OUT: [size=%zu]\n", size);
#ifdef VEMU_HAVE_CAPSTONE
    csh handle;
    if (capstone_loaded() && cs.open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK) {
        cs_insn *insn;
        size_t n = cs.disasm(handle, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
        size_t done = 0;
        for (size_t i = 0; i < n; i++) {
            vemu_log("  0x%012" PRIx64 ":  %s %s\n", insn[i].address, insn[i].mnemonic,
                     insn[i].op_str);
            done += insn[i].size;
        }
        if (n) {
            cs.free(insn, n);
        }
        cs.close(&handle);
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
