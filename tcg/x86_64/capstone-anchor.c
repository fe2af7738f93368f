/*
 * capstone-anchor.c - a strong reference to capstone, linked into the dynamic
 * vemu-aarch64 only.  disas-host.c refers to capstone weakly so the static emulator can
 * leave it out; without this anchor the linker (--as-needed) would drop libcapstone from
 * the dynamic build as well.  Example: `vemu-aarch64 -d out_asm` prints mnemonics,
 * `vemu-aarch64-static -d out_asm` prints hex.
 */
#include <capstone/capstone.h>

void *const vemu_capstone_anchor = (void *)cs_open;
