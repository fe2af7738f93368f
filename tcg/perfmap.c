/*
 * perfmap.c - perf JIT symbol map and jitdump writers (see perfmap.h).
 *
 * The map is text, one line per block: "START SIZE guest:PC", as perf reads from
 * /tmp/perf-PID.map.  The jitdump follows tools/perf/Documentation/jitdump-specification
 * in the Linux tree: a file header, then one JIT_CODE_LOAD record per block carrying the
 * code bytes; the file is mmap'ed once with PROT_EXEC so `perf record` notices it.
 * Example line: "7f0a1c000040 34 guest:0x400550"
 */
#include "tcg/perfmap.h"

#include <elf.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static FILE *map_file;
static FILE *dump_file;
static uint64_t dump_index;
static GMutex perf_lock;

void perfmap_enable(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    map_file = fopen(path, "w");
}

static uint64_t timestamp(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void jitdump_enable(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/jit-%d.dump", (int)getpid());
    dump_file = fopen(path, "w+");
    if (!dump_file) {
        return;
    }
    struct {
        uint32_t magic, version, total_size, elf_mach, pad1, pid;
        uint64_t timestamp, flags;
    } hdr = {0x4A695444, 1, sizeof hdr, EM_X86_64, 0, (uint32_t)getpid(), timestamp(), 0};
    fwrite(&hdr, sizeof hdr, 1, dump_file);
    fflush(dump_file);
    /* perf finds the dump through this executable mapping of it */
    void *m = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_EXEC, MAP_PRIVATE,
                   fileno(dump_file), 0);
    (void)m;
}

void perfmap_add(const void *host, size_t size, uint64_t guest_pc, uint32_t guest_size)
{
    if (!map_file && !dump_file) {
        return;
    }
    char name[48];
    snprintf(name, sizeof name, "guest:0x%" PRIx64 "+%u", guest_pc, guest_size);
    g_mutex_lock(&perf_lock);
    if (map_file) {
        fprintf(map_file, "%" PRIxPTR " %zx %s\n", (uintptr_t)host, size, name);
        fflush(map_file);
    }
    if (dump_file) {
        size_t nlen = strlen(name) + 1;
        struct {
            uint32_t id, total_size;
            uint64_t timestamp;
            uint32_t pid, tid;
            uint64_t vma, code_addr, code_size, code_index;
        } rec = {0,
                 (uint32_t)(sizeof rec + nlen + size),
                 timestamp(),
                 (uint32_t)getpid(),
                 (uint32_t)syscall(SYS_gettid),
                 (uint64_t)(uintptr_t)host,
                 (uint64_t)(uintptr_t)host,
                 size,
                 dump_index++};
        fwrite(&rec, sizeof rec, 1, dump_file);
        fwrite(name, nlen, 1, dump_file);
        fwrite(host, size, 1, dump_file);
        fflush(dump_file);
    }
    g_mutex_unlock(&perf_lock);
}
