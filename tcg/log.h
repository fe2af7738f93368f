/*
 * log.h - the -d / -D debug log shared by the translator core and the front ends.
 *
 * Items are bits in vemu_log_mask; output goes to vemu_log_file (stderr unless -D was
 * given).  Example: if (log_enabled(LOG_IN_ASM)) vemu_log("0x%08llx: ...\n", pc);
 */
#ifndef VEMU_LOG_H
#define VEMU_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1u << 0, /* guest instructions of each translated block */
    LOG_OP = 1u << 1,     /* IR as generated */
    LOG_OP_OPT = 1u << 2, /* IR after the optimizer */
    LOG_EXEC = 1u << 3,   /* each block executed */
    LOG_STRACE = 1u << 4, /* system calls */
    LOG_UNIMP = 1u << 5,  /* unimplemented instructions / syscalls */
    LOG_OUT_ASM = 1u << 6, /* host code of each block (native backend) */
    LOG_STATS = 1u << 7,   /* translation/execution statistics at exit */
};

extern uint32_t vemu_log_mask;
extern FILE *vemu_log_file;

static inline bool log_enabled(uint32_t item)
{
    return (vemu_log_mask & item) != 0;
}

void vemu_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse "in_asm,op" into a mask; returns false and sets *bad to the unknown item. */
bool log_parse_items(const char *items, uint32_t *mask, const char **bad);

/* Open path as the log file ("-D"); returns false on error. */
bool log_set_file(const char *path);

/* One line per item, for "-d help". */
void log_print_help(FILE *out);

#endif
