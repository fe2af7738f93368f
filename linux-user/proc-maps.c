/*
 * proc-maps.c - the guest's /proc/self/maps and /proc/self/smaps (served by proc-fakes.c).
 *
 * Both start from the host's file of the same name without vemu's own ranges
 * (mmap_range_reserved), and split each host mapping wherever the guest's view differs
 * (fs/proc/task_mmu.c is the format): `x` from the tracked PROT_EXEC (guest-prot.c), the
 * loader's segments (which it copies into anonymous memory) with the file's path, device,
 * inode and offset (image-maps.c), [heap] for the brk area, [stack] for the mapping
 * holding the initial sp (the loader's guard page below it hidden, as the kernel's guard
 * gap is no mapping), [vvar] and [vdso] (vdso.c).
 *
 * smaps gives each such line the kernel's fields.  A line that is a whole host mapping
 * gets the host's values as they are.  A piece of a split host mapping gets its Size,
 * its Rss counted with mincore() over its pages, and the host mapping's other amounts
 * (Pss, Private_Dirty, Anonymous, Swap, ...) scaled by the piece's share of the Rss: an
 * approximation, documented in docs/design/memory.md.  VmFlags follows the guest's rd/wr/ex;
 * x86-only lines (ProtectionKey) are left out.
 * Example: a PIE's text, loaded from 5500000000 to 5500001000 ->
 *     5500000000-5500001000 r-xp 00000000 fe:00 1234    /path/prog
 *     Size:                  4 kB
 *     KernelPageSize:        4 kB ... Rss: 4 kB ... VmFlags: rd ex mr mw me
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux-user/proc-maps.h"
#include "linux-user/user.h"
#include "linux-user/vdso.h"
#include "syscall/syscall-defs.h"

#define MAX_FIELDS 48

static uint64_t initial_sp; /* the guest's initial sp: its mapping is [stack] */

void proc_maps_init(uint64_t sp)
{
    initial_sp = sp;
}

/* One host mapping: its maps line and, for smaps, its field lines. */
typedef struct MapsLine {
    uint64_t start, end, offset, ino;
    char perms[5];
    char dev[16];
    char path[4096];
    int nfields;
    char fields[MAX_FIELDS][96]; /* "Rss:   12 kB" ... "VmFlags: rd wr ..." */
} MapsLine;

static bool parse_maps_line(const char *line, MapsLine *m)
{
    unsigned long long start, end, off, ino;
    int n = 0;
    if (sscanf(line, "%llx-%llx %4s %llx %15s %llu %n", &start, &end, m->perms, &off, m->dev, &ino,
               &n) < 6) {
        return false;
    }
    m->start = start;
    m->end = end;
    m->offset = off;
    m->ino = ino;
    snprintf(m->path, sizeof m->path, "%s", line + n);
    m->path[strcspn(m->path, "\n")] = '\0';
    m->nfields = 0;
    return true;
}

/* The kernel's line format: the name starts at column 73. */
static void print_maps_line(FILE *out, uint64_t start, uint64_t end, const char *perms,
                            uint64_t offset, const char *dev, uint64_t ino, const char *name)
{
    int n = fprintf(out, "%08llx-%08llx %s %08llx %s %llu ", (unsigned long long)start,
                    (unsigned long long)end, perms, (unsigned long long)offset, dev,
                    (unsigned long long)ino);
    if (name[0]) {
        fprintf(out, "%*s%s", n < 73 ? 73 - n : 0, "", name);
    }
    fputc('\n', out);
}

/* Resident pages of [start, end) in kB (mincore). */
static uint64_t resident_kb(uint64_t start, uint64_t end)
{
    static unsigned char vec[4096];
    uint64_t pages = 0, page = (uint64_t)sysconf(_SC_PAGESIZE);
    for (uint64_t p = start; p < end;) {
        uint64_t n = (end - p) / page;
        n = n > sizeof vec ? sizeof vec : n;
        if (n == 0 || mincore((void *)(uintptr_t)p, n * page, vec) != 0) {
            break;
        }
        for (uint64_t i = 0; i < n; i++) {
            pages += vec[i] & 1;
        }
        p += n * page;
    }
    return pages * page / 1024;
}

/* The value of a "Name:   123 kB" field line, or -1. */
static long long field_kb(const char *f, const char *name)
{
    size_t n = strlen(name);
    long long v;
    if (strncmp(f, name, n) != 0 || f[n] != ':' || sscanf(f + n + 1, "%lld kB", &v) != 1) {
        return -1;
    }
    return v;
}

/* VmFlags with rd, wr, ex as the guest's permissions say (and no sh, ms on a line shown
 * private: [vvar]), and bt on guarded (PROT_BTI) code, in the kernel's bit order. */
static void print_vmflags(FILE *out, const char *host, const char *perms, bool guarded)
{
    char flags[96], *save = NULL;
    snprintf(flags, sizeof flags, "%s", host);
    fputs("VmFlags:", out);
    const char *want[3] = {perms[0] == 'r' ? "rd" : NULL, perms[1] == 'w' ? "wr" : NULL,
                           perms[2] == 'x' ? "ex" : NULL};
    for (int i = 0; i < 3; i++) {
        if (want[i]) {
            fprintf(out, " %s", want[i]);
        }
    }
    for (char *t = strtok_r(flags, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) {
        bool shared = strcmp(t, "sh") == 0 || strcmp(t, "ms") == 0;
        if (strcmp(t, "rd") != 0 && strcmp(t, "wr") != 0 && strcmp(t, "ex") != 0 &&
            !(shared && perms[3] == 'p')) {
            fprintf(out, " %s", t);
        }
    }
    fputs(guarded ? " bt \n" : " \n", out);
}

/* The smaps fields of the guest line [start, end) cut from host mapping m. */
static void print_smaps_fields(FILE *out, const MapsLine *m, uint64_t start, uint64_t end,
                               const char *perms)
{
    bool whole = start == m->start && end == m->end;
    long long host_rss = 0, rss;
    for (int i = 0; i < m->nfields; i++) {
        long long v = field_kb(m->fields[i], "Rss");
        host_rss = v >= 0 ? v : host_rss;
    }
    rss = whole ? host_rss : (long long)resident_kb(start, end);
    for (int i = 0; i < m->nfields; i++) {
        const char *f = m->fields[i];
        char name[32];
        long long v;
        if (strncmp(f, "VmFlags:", 8) == 0) {
            print_vmflags(out, f + 8, perms, (guest_prot_get(start) & GUEST_PROT_GUARDED) != 0);
            continue;
        }
        if (strncmp(f, "ProtectionKey:", 14) == 0 || sscanf(f, "%31[^:]:", name) != 1) {
            continue; /* x86's memory protection keys: no such line on arm64 */
        }
        v = field_kb(f, name);
        if (v < 0 || whole || strcmp(name, "KernelPageSize") == 0 ||
            strcmp(name, "MMUPageSize") == 0) {
            fputs(f, out);
            continue;
        }
        if (strcmp(name, "Size") == 0) {
            v = (long long)((end - start) / 1024);
        } else if (strcmp(name, "Rss") == 0) {
            v = rss;
        } else {
            v = host_rss > 0 ? v * rss / host_rss : 0; /* the piece's share */
        }
        fprintf(out, "%-16s%8lld kB\n", strcat(name, ":"), v);
    }
}

typedef struct Walk {
    FILE *out;
    bool smaps;
    uint64_t brk_lo, brk_hi;
} Walk;

static void emit(const Walk *w, const MapsLine *m, uint64_t start, uint64_t end, const char *perms,
                 uint64_t offset, const char *dev, uint64_t ino, const char *name)
{
    print_maps_line(w->out, start, end, perms, offset, dev, ino, name);
    if (w->smaps) {
        print_smaps_fields(w->out, m, start, end, perms);
    }
}

/* Splits one host mapping where the guest's view changes (PROT_EXEC, the loader's file
 * segments, the brk area, the vDSO) and prints each piece as the kernel would show it. */
static void print_guest_pieces(const Walk *w, const MapsLine *m)
{
    for (uint64_t pos = m->start; pos < m->end;) {
        uint64_t stop = guest_prot_run_end(pos, m->end), next;
        ImageSeg seg;
        bool in_image = image_maps_lookup(pos, &seg, &next);
        uint64_t bound = in_image ? seg.end : next;
        stop = bound < stop ? bound : stop;
        bool in_brk = pos >= w->brk_lo && pos < w->brk_hi;
        if (!in_brk && w->brk_lo > pos && w->brk_lo < stop && w->brk_hi > w->brk_lo) {
            stop = w->brk_lo;
        } else if (in_brk && w->brk_hi < stop) {
            stop = w->brk_hi;
        }

        int gp = guest_prot_get(pos);
        char perms[5];
        memcpy(perms, m->perms, sizeof perms);
        perms[2] = (gp & GUEST_PROT_EXEC) ? 'x' : '-';
        if (gp & GUEST_PROT_NOREAD) {
            perms[0] = '-';
        }
        uint64_t special_end;
        const char *special = vdso_map_name(pos, &special_end);
        if (special) {
            /* [vvar] is shared memory on the host; the kernel shows both private. */
            stop = special_end < stop ? special_end : stop;
            perms[3] = 'p';
            emit(w, m, pos, stop, perms, 0, "00:00", 0, special);
        } else if (in_image) {
            char dev[16];
            snprintf(dev, sizeof dev, "%02x:%02x", major((dev_t)seg.dev), minor((dev_t)seg.dev));
            emit(w, m, pos, stop, perms, seg.offset + (pos - seg.start), dev, seg.ino, seg.path);
        } else if (m->ino != 0) {
            emit(w, m, pos, stop, perms, m->offset + (pos - m->start), m->dev, m->ino, m->path);
        } else {
            const char *name = m->path;
            if (in_brk) {
                name = "[heap]";
            } else if (initial_sp >= m->start && initial_sp < m->end) {
                name = "[stack]";
            }
            emit(w, m, pos, stop, perms, 0, "00:00", 0, name);
        }
        pos = stop;
    }
}

/* Is m the loader's guard page below the stack (the kernel has a gap, not a mapping)? */
static bool guard_page(const MapsLine *m, uint64_t stack_start)
{
    return m->end == stack_start && m->ino == 0 && strcmp(m->perms, "---p") == 0 &&
           m->end - m->start == 4096;
}

/* Print the parts of host line m the guest sees: without vemu's own ranges, which the
 * host may have merged with an adjacent guest mapping of the same protection (a guest
 * mmap placed right above a host library's .bss became part of its line and vanished). */
static void print_visible(Walk *w, MapsLine *m, uint64_t stack_start)
{
    if (guard_page(m, stack_start) || strcmp(m->path, "[heap]") == 0) {
        return; /* (the host's [heap] is vemu's own malloc heap, grown past the range
                   recorded at start-up) */
    }
    /* Cut vemu's ranges out (a guest mapping merged with, say, a library's .bss, or a
     * thread's CPU state): the rest is the guest's. */
    uint64_t start = m->start, stop = m->end, offset = m->offset, end;
    for (uint64_t pos = start; pos < stop; pos = end) {
        bool own = mmap_reserved_span(pos, &end);
        end = end < stop ? end : stop;
        if (!own) {
            m->start = pos;
            m->end = end;
            m->offset = offset + (pos - start);
            print_guest_pieces(w, m);
        }
    }
    m->start = start;
    m->end = stop;
    m->offset = offset;
}

int proc_maps_fill(FILE *out, bool smaps)
{
    FILE *in = fopen(smaps ? "/proc/self/smaps" : "/proc/self/maps", "re");
    char line[4096 + 128];
    MapsLine *m = malloc(sizeof *m);
    uint64_t stack_start = 0;
    bool have = false;
    Walk w = {out, smaps, 0, 0};
    if (!in || !m) {
        int e = in ? ENOMEM : errno;
        if (in) {
            fclose(in);
        }
        free(m);
        return -e;
    }
    mmap_brk_range(&w.brk_lo, &w.brk_hi);
    /* First pass: where the guest stack's mapping starts. */
    while (fgets(line, sizeof line, in)) {
        if (parse_maps_line(line, m) && initial_sp >= m->start && initial_sp < m->end) {
            stack_start = m->start;
        }
    }
    rewind(in);
    while (fgets(line, sizeof line, in)) {
        if (smaps && have && !(line[0] >= '0' && line[0] <= '9') &&
            !(line[0] >= 'a' && line[0] <= 'f')) {
            /* A field line of the current mapping (field names start with a capital). */
            if (m->nfields < MAX_FIELDS) {
                char *f = m->fields[m->nfields++];
                size_t n = strnlen(line, sizeof m->fields[0] - 1);
                memcpy(f, line, n);
                f[n] = '\0';
            }
            continue;
        }
        if (have) {
            print_visible(&w, m, stack_start);
        }
        have = parse_maps_line(line, m);
    }
    if (have) {
        print_visible(&w, m, stack_start);
    }
    fclose(in);
    free(m);
    return 0;
}
