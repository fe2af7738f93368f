/*
 * log.c - implementation of the -d / -D debug log (see log.h).
 * Example: vemu-aarch64 -d in_asm,op -D /tmp/vemu.log ./hello
 */
#include "tcg/log.h"

#include <stdarg.h>
#include <string.h>

uint32_t vemu_log_mask;
FILE *vemu_log_file;

static const struct {
    const char *name;
    uint32_t bit;
    const char *help;
} log_items[] = {
    {"in_asm", LOG_IN_ASM, "show guest instructions of each translated block"},
    {"op", LOG_OP, "show the IR generated for each block"},
    {"op_opt", LOG_OP_OPT, "show the IR after optimization"},
    {"exec", LOG_EXEC, "show each block as it is executed"},
    {"out_asm", LOG_OUT_ASM, "show the host code of each block (native backend)"},
    {"stats", LOG_STATS, "print translation and execution statistics at exit"},
    {"strace", LOG_STRACE, "log system calls (same as -strace)"},
    {"unimp", LOG_UNIMP, "log unimplemented instructions and system calls"},
};

void vemu_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(vemu_log_file ? vemu_log_file : stderr, fmt, ap);
    va_end(ap);
}

bool log_parse_items(const char *items, uint32_t *mask, const char **bad)
{
    static char badbuf[64];
    uint32_t m = 0;
    const char *p = items;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = false;
        for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
            if (strlen(log_items[i].name) == len && strncmp(p, log_items[i].name, len) == 0) {
                m |= log_items[i].bit;
                found = true;
            }
        }
        if (!found && len > 0) {
            snprintf(badbuf, sizeof badbuf, "%.*s", (int)(len < 60 ? len : 60), p);
            *bad = badbuf;
            return false;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    *mask = m;
    return true;
}

bool log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    vemu_log_file = f;
    return true;
}

void log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
        fprintf(out, "%-10s %s\n", log_items[i].name, log_items[i].help);
    }
}
