/*
 * perfmap.h - tell host profilers which guest code each block of host code runs:
 * -perfmap writes /tmp/perf-PID.map (perf's JIT symbol map), -jitdump writes
 * /tmp/jit-PID.dump (perf's jitdump format, for `perf inject --jit`).
 * Example:
 *     vemu-aarch64 -perfmap ./prog & perf record -p $!; perf report
 *     ... shows "guest:0x400550" for the host code of the block at 0x400550.
 */
#ifndef VEMU_TCG_PERFMAP_H
#define VEMU_TCG_PERFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void perfmap_enable(void);
void jitdump_enable(void);
/* A block of host code [host, host+size) was emitted for the guest code at guest_pc. */
void perfmap_add(const void *host, size_t size, uint64_t guest_pc, uint32_t guest_size);

#endif
