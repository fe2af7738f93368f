/*
 * gdb-regs.h - the aarch64 register file as gdb sees it (gdb-regs.c): numbering and the
 * target description with the org.gnu.gdb.aarch64.core and .fpu features.
 * Example: a64_gdb_arch.read_reg(env, A64_GDB_PC, buf) copies env->pc (8 bytes).
 */
#ifndef VEMU_TARGET_AARCH64_GDB_REGS_H
#define VEMU_TARGET_AARCH64_GDB_REGS_H

#include "gdbstub/gdbstub.h"

enum {
    A64_GDB_X0 = 0, /* x0..x30: 0..30 */
    A64_GDB_SP = 31,
    A64_GDB_PC = 32,
    A64_GDB_CPSR = 33, /* 32 bits: NZCV only in user mode */
    A64_GDB_V0 = 34,   /* v0..v31: 34..65, 128 bits */
    A64_GDB_FPSR = 66,
    A64_GDB_FPCR = 67,
    A64_GDB_NUM_REGS = 68,
};

extern const GdbArch a64_gdb_arch;

#endif
