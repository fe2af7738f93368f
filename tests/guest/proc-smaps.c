/*
 * proc-smaps.c - /proc/self/smaps as the arm64 kernel shows it (proc(5) "smaps",
 * Documentation/filesystems/proc.rst, fs/proc/task_mmu.c): one block per line of
 * /proc/self/maps, starting with that same line, then "Name:  N kB" fields and VmFlags.
 * Checked: the header lines are exactly the maps lines; Size is the line's length;
 * KernelPageSize and MMUPageSize are 4 kB; Rss <= Size, Pss <= Rss, the four
 * Shared/Private_Clean/Dirty amounts add up to no more than Rss; VmFlags has rd, wr and
 * ex exactly when the permissions have r, w, x; no x86-only ProtectionKey line.  For a
 * mapping the test makes (16 pages, 5 touched) Rss, Anonymous and Private_Dirty are
 * 20 kB; after mprotect(PROT_READ|PROT_EXEC) of its first 8 pages the two lines count
 * their own touched pages.  [vdso] is r-xp with ex, [vvar] r--p.  /proc/PID/smaps,
 * /proc/PID/maps and /proc/self/task/TID/smaps are the same files.
 * Example: "7f12a4c01000-7f12a4c02000 r-xp 00000000 00:00 0   [vdso]" then "Size:  4 kB"...
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

typedef struct {
    char line[512];
    uint64_t start, end;
    char perms[5];
    long long size, kps, mps, rss, pss, sc, sd, pc, pd, anon, swap;
    char vmflags[512];
    int nfields;
} Block;

static Block blocks[1024];
static int nblocks, protkey_lines;

static void load_smaps(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[512];
    nblocks = protkey_lines = 0;
    CHECK("open smaps", f != NULL);
    if (!f) {
        return;
    }
    Block *b = NULL;
    while (fgets(buf, sizeof buf, f)) {
        unsigned long long s, e;
        char perms[5];
        char name[64];
        long long v;
        if (sscanf(buf, "%llx-%llx %4s", &s, &e, perms) == 3 && nblocks < 1024) {
            b = &blocks[nblocks++];
            memset(b, 0, sizeof *b);
            snprintf(b->line, sizeof b->line, "%s", buf);
            b->start = s;
            b->end = e;
            memcpy(b->perms, perms, 5);
            b->size = b->kps = b->mps = b->rss = b->pss = -1;
            continue;
        }
        if (!b) {
            continue;
        }
        b->nfields++;
        if (strncmp(buf, "VmFlags:", 8) == 0) {
            snprintf(b->vmflags, sizeof b->vmflags, "%s", buf + 8);
            continue;
        }
        if (strncmp(buf, "ProtectionKey:", 14) == 0) {
            protkey_lines++;
        }
        if (sscanf(buf, "%63[^:]: %lld kB", name, &v) != 2) {
            continue;
        }
        long long *slot = !strcmp(name, "Size")             ? &b->size
                          : !strcmp(name, "KernelPageSize") ? &b->kps
                          : !strcmp(name, "MMUPageSize")    ? &b->mps
                          : !strcmp(name, "Rss")            ? &b->rss
                          : !strcmp(name, "Pss")            ? &b->pss
                          : !strcmp(name, "Shared_Clean")   ? &b->sc
                          : !strcmp(name, "Shared_Dirty")   ? &b->sd
                          : !strcmp(name, "Private_Clean")  ? &b->pc
                          : !strcmp(name, "Private_Dirty")  ? &b->pd
                          : !strcmp(name, "Anonymous")      ? &b->anon
                          : !strcmp(name, "Swap")           ? &b->swap
                                                            : NULL;
        if (slot) {
            *slot = v;
        }
    }
    fclose(f);
}

static bool has_flag(const char *flags, const char *flag)
{
    char padded[520];
    char want[8];
    snprintf(padded, sizeof padded, " %s ", flags);
    padded[strcspn(padded, "\n")] = ' ';
    snprintf(want, sizeof want, " %s ", flag);
    return strstr(padded, want) != NULL;
}

static const Block *find(uint64_t addr)
{
    for (int i = 0; i < nblocks; i++) {
        if (addr >= blocks[i].start && addr < blocks[i].end) {
            return &blocks[i];
        }
    }
    return NULL;
}

static void check_blocks(void)
{
    int bad = 0, vdso = 0, vvar = 0;
    for (int i = 0; i < nblocks; i++) {
        const Block *b = &blocks[i];
        bool ok = b->size == (long long)((b->end - b->start) / 1024) && b->kps == 4 &&
                  b->mps == 4 && b->rss >= 0 && b->rss <= b->size && b->pss >= 0 &&
                  b->pss <= b->rss && b->sc + b->sd + b->pc + b->pd <= b->rss &&
                  b->vmflags[0] != '\0' && has_flag(b->vmflags, "rd") == (b->perms[0] == 'r') &&
                  has_flag(b->vmflags, "wr") == (b->perms[1] == 'w') &&
                  has_flag(b->vmflags, "ex") == (b->perms[2] == 'x');
        if (!ok && bad++ < 3) {
            printf("bad smaps block: %sSize %lld Rss %lld Pss %lld VmFlags:%s", b->line, b->size,
                   b->rss, b->pss, b->vmflags);
        }
        if (strstr(b->line, "[vdso]")) {
            vdso++;
            CHECK("[vdso] r-xp", strcmp(b->perms, "r-xp") == 0);
        }
        if (strstr(b->line, "[vvar]")) {
            vvar++;
            CHECK("[vvar] r--p", strcmp(b->perms, "r--p") == 0);
        }
    }
    CHECK_EQ("smaps blocks consistent", 0, bad);
    CHECK_EQ("no ProtectionKey lines", 0, protkey_lines);
    CHECK_EQ("one [vdso]", 1, vdso);
    CHECK_EQ("one [vvar]", 1, vvar);
}

/* The header lines of smaps are exactly the lines of maps read right after it; returns
 * the number of differences (quietly unless report). */
static int compare_with_maps(const char *maps_path, bool report)
{
    FILE *f = fopen(maps_path, "r");
    char buf[512];
    int i = 0, diff = 0;
    if (!f) {
        return 1;
    }
    while (fgets(buf, sizeof buf, f)) {
        if (i >= nblocks || strcmp(buf, blocks[i].line) != 0) {
            if (report && diff < 2) {
                printf("maps line %d: %s  smaps: %s", i, buf, i < nblocks ? blocks[i].line : "-\n");
            }
            diff++;
        }
        i++;
    }
    fclose(f);
    return diff + (i != nblocks);
}

/* Load smaps_path and compare it with maps_path.  Memory the emulator allocates for
 * itself between the two reads may show up (a documented gap): a few tries. */
static void load_and_compare(const char *smaps_path, const char *maps_path)
{
    int diff = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
        load_smaps(smaps_path);
        diff = compare_with_maps(maps_path, attempt == 4);
        if (diff == 0) {
            break;
        }
    }
    CHECK_EQ("maps and smaps have the same lines", 0, diff);
}

int main(void)
{
    char path[128], maps[128];
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *m =
        mmap(NULL, 18 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", m != MAP_FAILED);
    /* A hole on each side, so that no neighbour can merge with the 16 pages. */
    munmap(m, page);
    munmap(m + 17 * page, page);
    m += page;
    for (int i = 0; i < 5; i++) {
        m[(i * 3) * page] = 1; /* pages 0, 3, 6, 9, 12 */
    }

    load_and_compare("/proc/self/smaps", "/proc/self/maps");
    check_blocks();
    const Block *b = find((uint64_t)(uintptr_t)m);
    CHECK("our mapping is listed", b != NULL);
    if (b) {
        CHECK_EQ("our mapping: one line", (uint64_t)(uintptr_t)m, b->start);
        CHECK_EQ("our mapping: Size", 16 * page / 1024, b->size);
        CHECK_EQ("our mapping: Rss", 5 * page / 1024, b->rss);
        CHECK_EQ("our mapping: Anonymous", 5 * page / 1024, b->anon);
        CHECK_EQ("our mapping: Private_Dirty", 5 * page / 1024, b->pd);
        CHECK_EQ("our mapping: Swap", 0, b->swap);
    }
    b = find((uint64_t)(uintptr_t)main);
    CHECK("the program's text has Rss", b && b->rss > 0 && strcmp(b->perms, "r-xp") == 0);

    /* Split by mprotect: each line counts its own resident pages. */
    CHECK_EQ("mprotect", 0, mprotect(m, 8 * page, PROT_READ | PROT_EXEC));
    load_smaps("/proc/self/smaps");
    check_blocks();
    const Block *x = find((uint64_t)(uintptr_t)m), *w = find((uint64_t)(uintptr_t)(m + 8 * page));
    CHECK("two lines after mprotect", x && w && x != w);
    if (x && w) {
        CHECK("r-xp part", strcmp(x->perms, "r-xp") == 0 && has_flag(x->vmflags, "ex"));
        CHECK_EQ("r-xp part: Size", 8 * page / 1024, x->size);
        CHECK_EQ("r-xp part: Rss (pages 0, 3, 6)", 3 * page / 1024, x->rss);
        CHECK_EQ("rw-p part: Rss (pages 9, 12)", 2 * page / 1024, w->rss);
    }

    /* The same files under /proc/PID and /proc/self/task/TID. */
    snprintf(path, sizeof path, "/proc/%d/smaps", (int)getpid());
    snprintf(maps, sizeof maps, "/proc/%d/maps", (int)getpid());
    load_and_compare(path, maps);
    check_blocks();
    snprintf(path, sizeof path, "/proc/self/task/%d/smaps", (int)gettid());
    load_and_compare(path, "/proc/thread-self/maps");
    check_blocks();
    return finish("proc-smaps");
}
