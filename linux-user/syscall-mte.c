/*
 * syscall-mte.c - the memory-tagging parts of the arm64 Linux ABI
 * (Documentation/arch/arm64/memory-tagging-extension.rst):
 *   - PR_SET_TAGGED_ADDR_CTRL (55) / PR_GET_TAGGED_ADDR_CTRL (56): per thread, inherited
 *     by clone and fork, reset by exec (vemu starts afresh); on a -cpu model without MTE
 *     both fail with EINVAL as before;
 *   - PROT_MTE (0x20) for mmap and mprotect: EINVAL without MTE, and for mappings other
 *     than anonymous and RAM-based files (tmpfs, memfd, System V shm); it cannot be
 *     cleared by mprotect.  The tags themselves live in mte-tags.c.
 * Tag checks are translated into guest code only once Tagged pages exist and a thread
 * asked for tag-check faults (mte_checks_enable), so other programs pay nothing.
 * Example: prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC |
 *          (0xfffe << PR_MTE_TAG_SHIFT), 0, 0, 0) -> 0; PR_GET_TAGGED_ADDR_CTRL -> 0x7fff3.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>

#include "linux-user/user.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/mte.h"

#define TARGET_PROT_MTE 0x20
#define TMPFS_MAGIC_ 0x01021994

static bool checks_wanted; /* some thread selected sync or async tag-check faults */

static bool has_mte(const CPUArchState *env)
{
    return (env->hwcap2 & A64_HWCAP2_MTE) != 0;
}

static void maybe_enable_checks(void)
{
    if (__atomic_load_n(&checks_wanted, __ATOMIC_ACQUIRE) && mte_tags_in_use() &&
        !mte_checks_enabled()) {
        mte_checks_enable();
    }
}

int64_t mte_prctl(CPUArchState *env, const uint64_t a[6])
{
    if (!has_mte(env)) {
        return -EINVAL;
    }
    if (a[0] == 56) { /* PR_GET_TAGGED_ADDR_CTRL */
        if (a[1] || a[2] || a[3] || a[4]) {
            return -EINVAL;
        }
        return env->mte_ctrl;
    }
    uint64_t valid = MTE_CTRL_TAGGED_ADDR | MTE_CTRL_TCF_SYNC | MTE_CTRL_TCF_ASYNC |
                     MTE_CTRL_INCL_MASK | MTE_CTRL_STORE_ONLY;
    if (a[2] || a[3] || a[4] || (a[1] & ~valid)) {
        return -EINVAL;
    }
    env->mte_ctrl = (uint32_t)a[1];
    if (a[1] & (MTE_CTRL_TCF_SYNC | MTE_CTRL_TCF_ASYNC)) {
        __atomic_store_n(&checks_wanted, true, __ATOMIC_RELEASE);
        maybe_enable_checks();
    }
    return 0;
}

/* A file mapping of tmpfs (memfd, shm_open, System V shm are tmpfs too). */
static bool fd_ram_based(int fd)
{
    struct statfs st;
    return fstatfs(fd, &st) == 0 && st.f_type == TMPFS_MAGIC_;
}

int mte_mmap_check(const CPUArchState *env, uint64_t prot, int flags, int fd)
{
    if (!(prot & TARGET_PROT_MTE)) {
        return 0;
    }
    if (!has_mte(env) || (!(flags & MAP_ANONYMOUS) && !fd_ram_based(fd))) {
        return -EINVAL;
    }
    return 0;
}

/* Every host mapping in [start, end) is anonymous or RAM-based (read from the host's
 * /proc/self/maps: no inode, or a file on tmpfs, or an unlinked memfd/shm object). */
static bool range_ram_based(uint64_t start, uint64_t end)
{
    FILE *f = fopen("/proc/self/maps", "re");
    char line[4096];
    bool ok = true;
    if (!f) {
        return false;
    }
    while (ok && fgets(line, sizeof line, f)) {
        unsigned long lo, hi, ino;
        int path_at = 0;
        if (sscanf(line, "%lx-%lx %*s %*s %*s %lu %n", &lo, &hi, &ino, &path_at) < 3) {
            continue;
        }
        if (hi <= start || lo >= end || ino == 0) {
            continue;
        }
        char *path = line + path_at;
        path[strcspn(path, "\n")] = '\0';
        char *del = strstr(path, " (deleted)");
        if (del) {
            *del = '\0';
        }
        struct statfs st;
        ok = strncmp(path, "/memfd:", 7) == 0 || strncmp(path, "/SYSV", 5) == 0 ||
             strcmp(path, "/dev/zero") == 0 ||
             (statfs(path, &st) == 0 && st.f_type == TMPFS_MAGIC_);
    }
    fclose(f);
    return ok;
}

int mte_mprotect_check(const CPUArchState *env, uint64_t start, uint64_t len, uint64_t prot)
{
    if (!(prot & TARGET_PROT_MTE)) {
        return 0;
    }
    if (!has_mte(env) || !range_ram_based(start, start + len)) {
        return -EINVAL;
    }
    return 0;
}

void mte_mapped(uint64_t start, uint64_t len, uint64_t prot, bool fresh)
{
    if (prot & TARGET_PROT_MTE) {
        mte_tags_map(start, len, !fresh);
        maybe_enable_checks();
    } else if (fresh) {
        mte_tags_unmap(start, len);
    }
}
