/*
 * mmap.c - the guest's memory-map syscalls: mmap, munmap, mprotect, mremap and brk.
 *
 * guest_base is 0, so guest mappings are host mappings made with the guest's own
 * addresses.  Two things differ from plain pass-through:
 *   - PROT_EXEC is never given to the host (guest code is translated, not run), and
 *     PROT_READ is added instead so the translator can read it; arm64-only PROT_BTI and
 *     PROT_MTE are dropped;
 *   - fixed-address requests that would hit vemu's own binary, libraries, heap or stack
 *     (recorded at start-up, plus ranges the core registers) fail with -ENOMEM.
 * brk is emulated from vemu_load_info.start_brk with anonymous MAP_FIXED_NOREPLACE pages.
 * Example: guest brk(0) -> start_brk; brk(start_brk + 5000) maps two pages, returns it.
 */
#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define TARGET_PROT_BTI 0x10
#define TARGET_PROT_MTE 0x20

#define MAX_RESERVED 256

static struct {
    uint64_t start, end;
} reserved[MAX_RESERVED];
static int n_reserved;

static uint64_t brk_start, brk_cur, brk_mapped_end;

static uint64_t page_up(uint64_t v)
{
    return (v + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);
}

void mmap_reserve_range(uint64_t start, uint64_t len)
{
    if (n_reserved < MAX_RESERVED && len > 0) {
        reserved[n_reserved].start = start & ~(GUEST_PAGE_SIZE - 1);
        reserved[n_reserved].end = page_up(start + len);
        n_reserved++;
    }
}

bool mmap_range_reserved(uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    if (end < addr) {
        return true;
    }
    for (int i = 0; i < n_reserved; i++) {
        if (addr < reserved[i].end && end > reserved[i].start) {
            return true;
        }
    }
    return false;
}

/* Every PT_LOAD of vemu itself and of the host libraries it was linked with. */
static int reserve_host_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD) {
            mmap_reserve_range(info->dlpi_addr + ph->p_vaddr, ph->p_memsz);
        }
    }
    return 0;
}

/* [heap], [stack] (with room to grow), [vdso], [vvar], [vsyscall] from /proc/self/maps. */
static void reserve_special_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "re");
    char line[512];
    if (!f) {
        return;
    }
    while (fgets(line, sizeof line, f)) {
        unsigned long long start, end;
        char *name;
        if (sscanf(line, "%llx-%llx", &start, &end) != 2) {
            continue;
        }
        name = strchr(line, '[');
        if (!name) {
            continue;
        }
        if (strncmp(name, "[stack]", 7) == 0) {
            uint64_t grow = 8ull << 20;
            mmap_reserve_range(start > grow ? start - grow : 0, end - start + grow);
        } else if (strncmp(name, "[heap]", 6) == 0 || strncmp(name, "[vdso]", 6) == 0 ||
                   strncmp(name, "[vvar", 5) == 0 || strncmp(name, "[vsyscall]", 10) == 0) {
            mmap_reserve_range(start, end - start);
        }
    }
    fclose(f);
}

void mmap_init(void)
{
    n_reserved = 0;
    dl_iterate_phdr(reserve_host_object, NULL);
    reserve_special_maps();
}

static int host_prot(uint64_t prot)
{
    int p = (int)(prot & ~(uint64_t)(TARGET_PROT_BTI | TARGET_PROT_MTE));
    if (p & PROT_EXEC) {
        p = (p & ~PROT_EXEC) | PROT_READ;
    }
    return p;
}

static int64_t host_ret(long r)
{
    return r == -1 ? -(int64_t)errno : (int64_t)r;
}

int64_t sys_mmap(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int flags = (int)a[3];
    if ((flags & MAP_FIXED) && mmap_range_reserved(a[0], a[1])) {
        return -ENOMEM;
    }
    return host_ret(syscall(SYS_mmap, a[0], a[1], host_prot(a[2]), flags, (int)a[4], a[5]));
}

int64_t sys_munmap(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    if (mmap_range_reserved(a[0], a[1])) {
        return -EINVAL;
    }
    return host_ret(syscall(SYS_munmap, a[0], a[1]));
}

int64_t sys_mprotect(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    if (mmap_range_reserved(a[0], a[1])) {
        return -ENOMEM;
    }
    return host_ret(syscall(SYS_mprotect, a[0], a[1], host_prot(a[2])));
}

int64_t sys_mremap(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int flags = (int)a[3];
    if (mmap_range_reserved(a[0], a[1])) {
        return -EINVAL;
    }
    if ((flags & MREMAP_FIXED) && mmap_range_reserved(a[4], a[2])) {
        return -ENOMEM;
    }
    if (!(flags & MREMAP_MAYMOVE) && mmap_range_reserved(a[0], a[2])) {
        return -ENOMEM;
    }
    return host_ret(syscall(SYS_mremap, a[0], a[1], a[2], flags, a[4]));
}

int64_t sys_brk(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    uint64_t want = a[0];
    if (brk_start == 0) {
        brk_start = brk_cur = brk_mapped_end = page_up(vemu_load_info.start_brk);
    }
    if (want < brk_start || want > GUEST_ADDR_MAX) {
        return (int64_t)brk_cur;
    }
    if (want > brk_mapped_end) {
        uint64_t new_end = page_up(want);
        void *p;
        if (mmap_range_reserved(brk_mapped_end, new_end - brk_mapped_end)) {
            return (int64_t)brk_cur;
        }
        p = mmap(g2h(brk_mapped_end), new_end - brk_mapped_end, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED) {
            return (int64_t)brk_cur;
        }
        if (p != g2h(brk_mapped_end)) {
            /* An old kernel ignored MAP_FIXED_NOREPLACE and put it elsewhere. */
            munmap(p, new_end - brk_mapped_end);
            return (int64_t)brk_cur;
        }
        brk_mapped_end = new_end;
    } else if (page_up(want) < brk_mapped_end) {
        /* Shrinking gives pages back, so growing again yields zeroed memory. */
        uint64_t new_end = page_up(want);
        munmap(g2h(new_end), brk_mapped_end - new_end);
        brk_mapped_end = new_end;
    }
    brk_cur = want;
    return (int64_t)brk_cur;
}
