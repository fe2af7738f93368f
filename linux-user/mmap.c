/*
 * mmap.c - the guest's memory-map syscalls: mmap, munmap, mprotect, mremap and brk.
 *
 * guest_base is 0, so guest mappings are host mappings made with the guest's own
 * addresses.  Two things differ from plain pass-through:
 *   - PROT_EXEC is never given to the host (guest code is translated, not run), and
 *     PROT_READ is added instead so the translator can read it; arm64-only PROT_BTI and
 *     PROT_MTE are not given to the host (PROT_MTE's tags: syscall-mte.c, mte-tags.c);
 *   - fixed-address requests that would hit vemu's own binary, libraries, heap or stack
 *     (recorded at start-up, plus ranges the core registers) fail with -ENOMEM.
 * brk is emulated from vemu_load_info.start_brk with anonymous MAP_FIXED_NOREPLACE pages.
 * munmap, mprotect, mremap (the old range) and MAP_FIXED mmap drop the translations of
 * guest code in the range (tb_invalidate_range), so code mapped later at the same address
 * is translated afresh (dlclose + dlopen).  mmap_lock guards brk and the reserved ranges
 * (guest threads call these concurrently).
 * Example: guest brk(0) -> start_brk; brk(start_brk + 5000) maps two pages, returns it.
 */
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "linux-user/vdso.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/mte.h"
#include "tcg/tb.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define MAX_RESERVED 256

static struct {
    uint64_t start, end;
} reserved[MAX_RESERVED];
static int n_reserved;

static uint64_t brk_start, brk_cur, brk_mapped_end;
static pthread_mutex_t mmap_lock = PTHREAD_MUTEX_INITIALIZER;

void mmap_fork_prepare(void)
{
    pthread_mutex_lock(&mmap_lock);
}

void mmap_fork_done(void)
{
    pthread_mutex_unlock(&mmap_lock);
}

static uint64_t page_up(uint64_t v)
{
    return (v + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);
}

static void reserve_locked(uint64_t start, uint64_t len)
{
    if (n_reserved < MAX_RESERVED && len > 0) {
        reserved[n_reserved].start = start & ~(GUEST_PAGE_SIZE - 1);
        reserved[n_reserved].end = page_up(start + len);
        n_reserved++;
    }
}

void mmap_reserve_range(uint64_t start, uint64_t len)
{
    pthread_mutex_lock(&mmap_lock);
    reserve_locked(start, len);
    pthread_mutex_unlock(&mmap_lock);
}

bool mmap_range_reserved(uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    bool hit = false;
    if (end < addr) {
        return true;
    }
    pthread_mutex_lock(&mmap_lock);
    for (int i = 0; i < n_reserved && !hit; i++) {
        hit = addr < reserved[i].end && end > reserved[i].start;
    }
    pthread_mutex_unlock(&mmap_lock);
    return hit;
}

bool mmap_reserved_span(uint64_t addr, uint64_t *end)
{
    bool inside = false;
    uint64_t next = UINT64_MAX;
    pthread_mutex_lock(&mmap_lock);
    for (int i = 0; i < n_reserved; i++) {
        if (addr >= reserved[i].start && addr < reserved[i].end) {
            inside = true;
            next = reserved[i].end;
            break;
        }
        if (reserved[i].start > addr && reserved[i].start < next) {
            next = reserved[i].start;
        }
    }
    pthread_mutex_unlock(&mmap_lock);
    *end = next;
    return inside;
}

/* true when [addr, addr+len) lies inside one reserved range. */
static bool reserved_only(uint64_t addr, uint64_t len)
{
    bool inside = false;
    pthread_mutex_lock(&mmap_lock);
    for (int i = 0; i < n_reserved && !inside; i++) {
        inside = addr >= reserved[i].start && addr + len <= reserved[i].end;
    }
    pthread_mutex_unlock(&mmap_lock);
    return inside;
}

/* Every PT_LOAD of vemu itself and of the host libraries it was linked with. */
static int reserve_host_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD) {
            reserve_locked(info->dlpi_addr + ph->p_vaddr, ph->p_memsz);
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
            reserve_locked(start > grow ? start - grow : 0, end - start + grow);
        } else if (strncmp(name, "[heap]", 6) == 0 || strncmp(name, "[vdso]", 6) == 0 ||
                   strncmp(name, "[vvar", 5) == 0 || strncmp(name, "[vsyscall]", 10) == 0) {
            reserve_locked(start, end - start);
        }
    }
    fclose(f);
}

void mmap_brk_range(uint64_t *start, uint64_t *end)
{
    pthread_mutex_lock(&mmap_lock);
    *start = brk_start;
    *end = brk_mapped_end;
    pthread_mutex_unlock(&mmap_lock);
}

void mmap_init(void)
{
    pthread_mutex_lock(&mmap_lock);
    /* (ranges reserved before, e.g. vdso.c's alias of [vvar], stay) */
    dl_iterate_phdr(reserve_host_object, NULL);
    reserve_special_maps();
    pthread_mutex_unlock(&mmap_lock);
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

/* Translations of the old contents of [start, start+len) must go (called with no lock
 * held; tb.c kicks the other threads out of chained code when it flushes). */
static void invalidate(uint64_t start, uint64_t len)
{
    if (len > 0) {
        tb_invalidate_range(start & ~(GUEST_PAGE_SIZE - 1),
                            page_up(start + len) - (start & ~(GUEST_PAGE_SIZE - 1)));
    }
}

/* PROT_BTI only means something where the CPU model has BTI; the kernel ignores it in
 * mmap there and refuses it in mprotect (arch_validate_prot). */
static bool prot_bti_supported(const CPUArchState *env)
{
    return (env->hwcap2 & A64_HWCAP2_BTI) != 0;
}

int64_t sys_mmap(CPUArchState *env, uint64_t a[6])
{
    int flags = (int)a[3];
    int64_t r;
    if (!prot_bti_supported(env)) {
        a[2] &= ~(uint64_t)TARGET_PROT_BTI;
    }
    if ((flags & MAP_FIXED) && mmap_range_reserved(a[0], a[1])) {
        return -ENOMEM;
    }
    if ((r = mte_mmap_check(env, a[2], flags, (int)a[4])) != 0) {
        return r;
    }
    r = host_ret(syscall(SYS_mmap, a[0], a[1], host_prot(a[2]), flags, (int)a[4], a[5]));
    if (r >= 0) {
        guest_prot_set((uint64_t)r, a[1], (int)a[2]);
        mte_mapped((uint64_t)r, a[1], a[2], true);
        if (flags & MAP_FIXED) {
            /* MAP_FIXED over existing memory replaces whatever code was there. */
            image_maps_forget((uint64_t)r, page_up(a[1]));
            vdso_forget((uint64_t)r, page_up(a[1]));
            invalidate((uint64_t)r, a[1]);
        }
    }
    return r;
}

int64_t sys_munmap(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int64_t r;
    if ((a[0] & (GUEST_PAGE_SIZE - 1)) || a[1] == 0) {
        return -EINVAL;
    }
    if (mmap_range_reserved(a[0], a[1])) {
        /* vemu's own memory is unmapped as far as the guest knows: nothing to do. */
        return reserved_only(a[0], a[1]) ? 0 : -EINVAL;
    }
    r = host_ret(syscall(SYS_munmap, a[0], a[1]));
    if (r == 0) {
        guest_prot_set(a[0], a[1], 0);
        mte_mapped(a[0], a[1], 0, true);
        image_maps_forget(a[0], page_up(a[1]));
        vdso_forget(a[0], page_up(a[1]));
        invalidate(a[0], a[1]);
    }
    return r;
}

int64_t sys_mprotect(CPUArchState *env, uint64_t a[6])
{
    int64_t r;
    if ((a[2] & TARGET_PROT_BTI) && !prot_bti_supported(env)) {
        return -EINVAL;
    }
    if (mmap_range_reserved(a[0], a[1])) {
        return -ENOMEM;
    }
    if ((r = mte_mprotect_check(env, a[0], a[1], a[2])) != 0) {
        return r;
    }
    r = host_ret(syscall(SYS_mprotect, a[0], a[1], host_prot(a[2])));
    if (r == 0) {
        guest_prot_set(a[0], a[1], (int)a[2]);
        mte_mapped(a[0], a[1], a[2], false);
        invalidate(a[0], a[1]);
    }
    return r;
}

int64_t sys_mremap(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int flags = (int)a[3];
    if ((a[0] & (GUEST_PAGE_SIZE - 1)) || a[2] == 0) {
        return -EINVAL;
    }
    if (mmap_range_reserved(a[0], a[1] ? a[1] : 1)) {
        /* Not a mapping of the guest's (vemu's own memory): as for any unmapped address. */
        return -EFAULT;
    }
    if ((flags & MREMAP_FIXED) && mmap_range_reserved(a[4], a[2])) {
        return -ENOMEM;
    }
    if (!(flags & MREMAP_MAYMOVE) && mmap_range_reserved(a[0], a[2])) {
        return -ENOMEM;
    }
    int64_t r = host_ret(syscall(SYS_mremap, a[0], a[1], a[2], flags, a[4]));
    if (r >= 0) {
        /* The old range is gone (or shrunk/moved); a fixed target was replaced. */
        guest_prot_move(a[0], (uint64_t)r, a[2]);
        mte_tags_move(a[0], a[1], (uint64_t)r, a[2]);
        if ((uint64_t)r != a[0]) {
            guest_prot_set(a[0], a[1], 0);
            image_maps_forget(a[0], page_up(a[1]));
            image_maps_forget((uint64_t)r, page_up(a[2]));
            vdso_forget(a[0], page_up(a[1]));
            vdso_forget((uint64_t)r, page_up(a[2]));
        } else if (a[2] < a[1]) {
            guest_prot_set(a[0] + page_up(a[2]), a[1] - page_up(a[2]), 0);
        }
        invalidate(a[0], a[1]);
        if ((uint64_t)r != a[0]) {
            invalidate((uint64_t)r, a[2]);
        }
    }
    return r;
}

static int64_t brk_locked(uint64_t want);

int64_t sys_brk(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    pthread_mutex_lock(&mmap_lock);
    int64_t r = brk_locked(a[0]);
    pthread_mutex_unlock(&mmap_lock);
    return r;
}

static bool brk_reserved(uint64_t addr, uint64_t len)
{
    for (int i = 0; i < n_reserved; i++) {
        if (addr < reserved[i].end && addr + len > reserved[i].start) {
            return true;
        }
    }
    return false;
}

static int64_t brk_locked(uint64_t want)
{
    if (brk_start == 0) {
        brk_start = brk_cur = brk_mapped_end = page_up(vemu_load_info.start_brk);
    }
    if (want < brk_start || want > GUEST_ADDR_MAX) {
        return (int64_t)brk_cur;
    }
    if (want > brk_mapped_end) {
        uint64_t new_end = page_up(want);
        void *p;
        if (brk_reserved(brk_mapped_end, new_end - brk_mapped_end)) {
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
        guest_prot_set(new_end, brk_mapped_end - new_end, 0);
        brk_mapped_end = new_end;
    }
    brk_cur = want;
    return (int64_t)brk_cur;
}
