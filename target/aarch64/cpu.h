/*
 * cpu.h - the architectural state of one emulated aarch64 CPU (one guest thread).
 *
 * Translated code reads and writes this struct directly: IR globals are fixed offsets
 * into it (see translate.c), so keep the hot fields first.  NZCV is kept "lazily" in four
 * 64-bit words so that flag-setting instructions need no packing:
 *   N = bit 63 of nf     Z = (zf == 0)     C = (cf != 0)     V = bit 63 of vf
 * 32-bit flag-setting ops sign-extend their result into nf/vf and zero-extend into zf.
 * Example: after CMP x0, x1 with x0 == x1: nf = 0, zf = 0 (so Z=1), cf = 1, vf = 0.
 */
#ifndef VEMU_TARGET_AARCH64_CPU_H
#define VEMU_TARGET_AARCH64_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include "tcg/host-fp.h"

#define A64_REG_SP 31 /* xregs[31] holds SP; XZR is handled by the translator */

/* Reasons the CPU loop returns control to linux-user. */
enum {
    EXCP_NONE = 0,
    EXCP_INTERRUPT,  /* exit_request was set: pending host signal, etc. */
    EXCP_SVC,        /* SVC #imm: pc already points past the SVC */
    EXCP_UDEF,       /* unallocated/unimplemented encoding: SIGILL at pc */
    EXCP_BRK,        /* BRK #imm: SIGTRAP at pc */
    EXCP_DATA_ABORT, /* guest memory fault: fault_addr, fault_write, pc = faulting insn */
    EXCP_ALIGN,      /* alignment fault: SIGBUS at fault_addr */
    EXCP_YIELD,      /* YIELD/WFE/WFI hint when other threads may run */
    EXCP_HALT,       /* guest asked to exit (set by exit/exit_group) */
    EXCP_DEBUG,      /* debugger breakpoint or end of a single step (target/aarch64/debug.c) */
    EXCP_TAG_CHECK,  /* synchronous MTE tag-check fault: fault_addr (logical tag kept), pc */
};

typedef union Vreg {
    uint64_t d[2];
    uint32_t s[4];
    uint16_t h[8];
    uint8_t b[16];
} __attribute__((aligned(16))) Vreg;

struct TranslationBlock;
struct CpuModel;

/* jump cache entries: 2^bits, growing from MIN to MAX on conflicting lookups (tb.c); the
 * entries follow a header of TB_JMP_CACHE_HEADER bytes whose first uint32_t is the index
 * mask (entries - 1) */
#define TB_JMP_CACHE_MIN_BITS 12
#define TB_JMP_CACHE_MAX_BITS 17
#define TB_JMP_CACHE_HEADER 16

/* MMU indexes carried by guest accesses (tcg/ir.h MO_MMU): which translation regime and
 * privilege an access is checked with.  User mode runs only EL0; a system emulator adds
 * the EL1 regimes (privileged, and EL0 accesses made from EL1 by LDTR/STTR). */
enum { A64_MMU_EL0 = 0, A64_MMU_EL1 = 1 };

typedef struct CPUArchState {
    /* --- hot state used by translated code (fixed offsets) --- */
    uint64_t xregs[32]; /* x0..x30, [31] = SP */
    uint64_t pc;
    uint64_t nf, zf, cf, vf; /* lazy NZCV, see top of file */
    uint64_t exclusive_addr; /* -1 when the monitor is clear */
    uint64_t exclusive_val;
    uint64_t exclusive_high; /* second word of LDXP/LDAXP */
    uint64_t tpidr_el0;
    uint64_t tpidrro_el0;
    uint32_t fpcr;
    uint32_t fpsr;             /* cumulative exception flags (IOC..IDC) and QC */
    volatile int exit_request; /* set asynchronously; checked at every block entry */
    uint32_t btype;            /* PSTATE.BTYPE while BTI is in use (translate-bti.c) */
    Vreg vregs[32];

    /* --- exception reporting (set by helpers / fault handler) --- */
    int exception_index;
    uint32_t exception_syndrome; /* SVC/BRK immediate, or the faulting insn for UDEF */
    uint64_t fault_addr;
    bool fault_write;
    /* A debugger's single step (target/aarch64/debug.c): 0 to run, 1 ran its one
     * instruction, -1 another CPU is the one stepping. */
    int debug_step_done;

    /* --- bookkeeping for the CPU loop --- */
    sigjmp_buf jmp_env;                  /* cpu_loop_exit() longjmps here */
    struct TranslationBlock *current_tb; /* TB being executed, or NULL */
    const void *current_op;              /* interpreter: op being executed (precise faults) */
    uint64_t insn_pc;           /* native: pc of the guest insn at the last fault-capable op */
    volatile int exec_native;   /* nonzero while native code runs (insn_pc is meaningful) */
    volatile int in_guest_code; /* nonzero while executing translated code */
    const struct CpuModel *model;
    uint64_t midr;
    uint64_t hwcap, hwcap2;
    uint64_t pstate_sd; /* PSTATE.SSBS (bit 12), DIT (bit 24), TCO (bit 25), as MRS reads them */
    void *task;         /* linux-user per-thread state (TaskState *) */
    /* pointer authentication (helper-pauth.h): keys IA, IB, DA, DB, GA (low, high half),
     * random at exec and inherited by threads and forks; enabled address keys mask */
    uint64_t pac_keys[5][2];
    uint32_t pac_enabled_keys;
    /* memory tagging (mte.h): the PR_SET_TAGGED_ADDR_CTRL value of this thread, and a
     * pending asynchronous tag-check fault; PSTATE.TCO is bit 25 of pstate_sd */
    uint32_t mte_ctrl;
    int mte_async_fault;

    /* --- the block cache's per-CPU jump cache (tcg/tb.c); translated code probes it
     * inline for indirect branches.  Index: (pc >> 2) & the mask in the cache's header.
     * A separate mapping (tb_jmp_cache_init), so the state itself stays small. --- */
    uint64_t jc_generation;
    struct TranslationBlock **tb_jmp_cache; /* the entries, after the header */
    uint32_t jc_conflicts;                  /* lookups that found another block's entry (tb.c) */
    uint32_t jc_flags; /* the block flags (a64_tb_flags) of the blocks the cache holds */
} CPUArchState;

/* Block flags: the CPU state a translation depends on besides its pc, part of the block
 * cache's key (tcg/tb.c).  A64_TBF_FP_EXACT: FPCR selects a rounding mode other than
 * round-to-nearest or flush-to-zero, so floating-point arithmetic is never done inline
 * on the host's SSE unit (translate-fp.c) but always by the exact helpers.  The default
 * FPCR gives 0. */
#define A64_TBF_FP_EXACT 1u
#define A64_FPCR_FZ (1u << 24)
#define A64_FPCR_RMODE_MASK (3u << 22)

/* Inline floating-point arithmetic in native code leaves the IEEE exception flags it
 * raised pending in the host FPU (tcg/host-fp.h).  They belong to FPSR: a64_fpsr_add_host
 * merges flags in the FE_* layout into its cumulative bits (IOC, DZC, OFC, UFC, IXC);
 * a64_fpsr_sync takes the pending ones.  Synced wherever FPSR can be looked at: when
 * cpu_exec returns, in every FP helper, MRS/MSR FPSR, and at a host fault in guest code. */
static inline void a64_fpsr_add_host(CPUArchState *env, unsigned fe)
{
    env->fpsr |= (fe & 1u) | ((fe >> 1) & 0x1eu);
}

static inline void a64_fpsr_sync(CPUArchState *env)
{
    unsigned fe = host_fp_flags_take();
    if (fe) {
        a64_fpsr_add_host(env, fe);
    }
}

static inline uint32_t a64_tb_flags(const CPUArchState *env)
{
    return (env->fpcr & (A64_FPCR_FZ | A64_FPCR_RMODE_MASK)) ? A64_TBF_FP_EXACT : 0;
}

#define PSTATE_SSBS (1ull << 12)
#define PSTATE_BTYPE_SHIFT 10 /* PSTATE.BTYPE, bits 11:10 of a saved PSTATE */
#define PSTATE_DIT (1ull << 24)

/* Read the architectural NZCV as the NZCV system register encodes it (bits 31:28). */
static inline uint32_t cpu_get_nzcv(const CPUArchState *env)
{
    return (uint32_t)((env->nf >> 63) << 31) | (uint32_t)(env->zf == 0) << 30 |
           (uint32_t)(env->cf != 0) << 29 | (uint32_t)((env->vf >> 63) << 28);
}

static inline void cpu_set_nzcv(CPUArchState *env, uint32_t nzcv)
{
    env->nf = (nzcv & (1u << 31)) ? ~0ull : 0;
    env->zf = (nzcv & (1u << 30)) ? 0 : 1;
    env->cf = (nzcv >> 29) & 1;
    env->vf = (nzcv & (1u << 28)) ? ~0ull : 0;
}

/* Abandon the current block and return to the CPU loop with env->exception_index = excp.
 * Safe from helpers and from synchronous host signal handlers. */
_Noreturn void cpu_loop_exit(CPUArchState *env, int excp);

/* A guest memory access faulted (called from the host SIGSEGV/SIGBUS handler while
 * in_guest_code): restores the precise guest pc and longjmps to the CPU loop. */
_Noreturn void cpu_loop_exit_fault(CPUArchState *env, uint64_t addr, bool write, int excp);

/* Run translated code until an exception (EXCP_*) needs linux-user's attention. */
int cpu_exec(CPUArchState *env);

/* The CPU executing on this host thread (NULL outside guest threads). */
extern _Thread_local CPUArchState *current_cpu;

#endif
