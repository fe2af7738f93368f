/*
 * proc-maps.h - the guest's /proc/self/maps and /proc/self/smaps (proc-maps.c), which
 * proc-fakes.c serves.
 * Example: proc_maps_fill(memfd_stream, true);   // the guest's smaps
 */
#ifndef VEMU_PROC_MAPS_H
#define VEMU_PROC_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The guest's initial sp: the mapping holding it is [stack]. */
void proc_maps_init(uint64_t initial_sp);
/* Write the guest's maps (smaps: with the fields of each line) to out; 0 or -errno. */
int proc_maps_fill(FILE *out, bool smaps);

#endif
