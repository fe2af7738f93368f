/*
 * stats.h - translation and execution statistics for `-d stats`, printed to the log when
 * the process ends: blocks translated per backend, code size, flushes, chaining, the
 * indirect-branch lookup hit rate and helper calls.  Counters that generated code bumps
 * are only emitted while -d stats is on, so they cost nothing otherwise.
 * Example: vemu-aarch64 -d stats -D /tmp/s.log ./prog; cat /tmp/s.log
 */
#ifndef VEMU_TCG_STATS_H
#define VEMU_TCG_STATS_H

#include <stdint.h>

typedef struct TcgStats {
    uint64_t blocks_native; /* blocks compiled to host code */
    uint64_t blocks_tci;    /* blocks left to the interpreter */
    uint64_t blocks_tier0;  /* cold blocks translated cheaply for the interpreter first */
    uint64_t guest_insns;   /* guest instructions translated */
    uint64_t flushes;       /* whole-cache flushes */
    uint64_t invalidations; /* targeted invalidations that dropped blocks */
    uint64_t links;         /* direct jumps patched (chaining) */
    uint64_t loop_entries;  /* entries into translated code from the CPU loop */
    /* goto_ptr executed in native code, per IrBranchKind (jump, call, return), and those
     * that missed the inline jump-cache probe */
    uint64_t indirect[3];
    uint64_t indirect_misses[3];
    uint64_t helper_calls; /* helper calls executed by native code */
} TcgStats;

extern TcgStats tcg_stats;

#define STAT_INC(field) __atomic_add_fetch(&tcg_stats.field, 1, __ATOMIC_RELAXED)

/* Print the counters to the log (if -d stats is on). */
void tcg_stats_dump(void);

#endif
