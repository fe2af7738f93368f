/*
 * helper-mte.c - the run-time side of FEAT_MTE2 (Arm ARM D10 "The Memory Tagging
 * Extension"): tag choice for IRG/ADDG/SUBG, the tag loads and stores (LDG, STG, STZG,
 * ST2G, STZ2G, STGP, DC GVA/GZVA) and the tag check made before a guest access.
 *
 * Tags live in the tag store of mte.h.  GCR_EL1.Exclude is what Linux derives from the
 * prctl include mask (exclude = ~include); RGSR_EL1 is not visible at EL0, so IRG draws
 * from a per-thread generator (GCR_EL1.RRND = 1 as Linux sets it: an IMPLEMENTATION
 * DEFINED choice).  The tag stores check write permission like a store (a byte of the
 * granule is atomically or-ed with 0, which faults exactly where a store would) and
 * ignore the tag on Untagged pages; STZG & co. zero the data without a tag check (the
 * Arm ARM makes these accesses Tag Unchecked).  A failed check faults before the access
 * (sync: EXCP_TAG_CHECK at the instruction) or records an asynchronous fault that
 * linux-user reports at the next syscall or signal delivery.
 * Example: helper_addg(env, 0x0300aaaa00001000, 16 << 4 | 1) with include mask 0xfffe ->
 *          0x0400aaaa00001010 (tag 3 + 1, offset 16).
 */
#include <string.h>
#include <sys/random.h>

#include "target/aarch64/helper-a64.h"
#include "target/aarch64/helper-mte.h"
#include "target/aarch64/mte.h"
#include "tcg/guest-mem.h"

static uint64_t with_tag(uint64_t addr, uint64_t tag)
{
    return (addr & ~(15ull << MTE_TAG_SHIFT)) | (tag & 15) << MTE_TAG_SHIFT;
}

/* GCR_EL1.Exclude as Linux programs it from the thread's prctl include mask. */
static unsigned gcr_exclude(const CPUArchState *env)
{
    return ~(env->mte_ctrl >> MTE_CTRL_INCL_SHIFT) & 0xffffu;
}

/* The Arm ARM's ChooseNonExcludedTag(). */
unsigned mte_choose_tag(unsigned tag, unsigned offset, unsigned exclude)
{
    tag &= 15;
    if ((exclude & 0xffff) == 0xffff) {
        return 0;
    }
    if (offset == 0) {
        while (exclude & (1u << tag)) {
            tag = (tag + 1) & 15;
        }
    }
    for (; offset != 0; offset--) {
        tag = (tag + 1) & 15;
        while (exclude & (1u << tag)) {
            tag = (tag + 1) & 15;
        }
    }
    return tag;
}

static _Thread_local uint64_t irg_state;

static unsigned random_nibble(void)
{
    while (irg_state == 0) {
        if (getrandom(&irg_state, sizeof irg_state, GRND_NONBLOCK) != sizeof irg_state) {
            irg_state = (uint64_t)(uintptr_t)&irg_state ^ 0x9e3779b97f4a7c15ull;
        }
    }
    /* xorshift64* */
    irg_state ^= irg_state >> 12;
    irg_state ^= irg_state << 25;
    irg_state ^= irg_state >> 27;
    return (unsigned)((irg_state * 0x2545f4914f6cdd1dull) >> 60);
}

uint64_t helper_irg(CPUArchState *env, uint64_t xn, uint64_t xm)
{
    unsigned exclude = ((unsigned)xm & 0xffffu) | gcr_exclude(env);
    if (exclude == 0xffff) {
        return with_tag(xn, 0);
    }
    unsigned tag;
    do {
        tag = random_nibble();
    } while (exclude & (1u << tag));
    return with_tag(xn, tag);
}

uint64_t helper_addg(CPUArchState *env, uint64_t xn, uint64_t desc)
{
    int64_t offset = (int64_t)desc >> 4;
    uint64_t sum = xn + (uint64_t)offset; /* the whole 64-bit AddWithCarry result */
    return with_tag(sum, mte_choose_tag(mte_logical_tag(xn), desc & 15, gcr_exclude(env)));
}

/* Leave with an alignment fault unless addr is granule-aligned. */
static void check_granule_aligned(CPUArchState *env, uint64_t addr)
{
    if (addr & (MTE_GRANULE - 1)) {
        cpu_loop_exit_fault(env, addr, true, EXCP_ALIGN);
    }
}

/* A store's permission check without changing memory: faults as a store would. */
static void probe_write(uint64_t addr)
{
    __atomic_fetch_or((uint8_t *)g2h(addr), 0, __ATOMIC_RELAXED);
}

void helper_stg(CPUArchState *env, uint64_t addr, uint64_t xt, uint64_t desc)
{
    unsigned granules = desc & MTE_STG_TWO ? 2 : 1;
    check_granule_aligned(env, addr);
    for (unsigned i = 0; i < granules; i++) {
        uint64_t a = addr + i * MTE_GRANULE;
        if (desc & MTE_STG_ZERO) {
            memset(g2h(a), 0, MTE_GRANULE);
        } else {
            probe_write(a);
        }
        mte_tag_set(a, mte_logical_tag(xt));
    }
}

void helper_stgp(CPUArchState *env, uint64_t addr, uint64_t lo, uint64_t hi)
{
    uint64_t data[2] = {lo, hi};
    check_granule_aligned(env, addr);
    memcpy(g2h(addr), data, sizeof data);
    mte_tag_set(addr, mte_logical_tag(addr));
}

uint64_t helper_ldg(CPUArchState *env, uint64_t addr, uint64_t xt)
{
    (void)env;
    addr &= ~(uint64_t)(MTE_GRANULE - 1);
    (void)*(volatile uint8_t *)g2h(addr); /* faults as a load would */
    int tag = mte_tag_get(addr);
    return with_tag(xt, tag < 0 ? 0 : (uint64_t)tag);
}

void helper_dc_gva(CPUArchState *env, uint64_t xt, uint64_t zero)
{
    (void)env;
    uint64_t base = xt & ~(uint64_t)(A64_DCZVA_BYTES - 1);
    if (zero) {
        memset(g2h(base), 0, A64_DCZVA_BYTES);
    }
    for (unsigned off = 0; off < A64_DCZVA_BYTES; off += MTE_GRANULE) {
        if (!zero) {
            probe_write(base + off);
        }
        mte_tag_set(base + off, mte_logical_tag(xt));
    }
}

bool mte_take_async_fault(CPUArchState *env)
{
    if (!env->mte_async_fault) {
        return false;
    }
    env->mte_async_fault = 0;
    return true;
}

void helper_mte_check(CPUArchState *env, uint64_t addr, uint64_t desc)
{
    uint32_t ctrl = env->mte_ctrl;
    bool store = (desc & MTE_CHECK_STORE) != 0;
    unsigned size = desc & MTE_CHECK_SIZE_MASK;
    if (!(ctrl & (MTE_CTRL_TCF_SYNC | MTE_CTRL_TCF_ASYNC)) || (env->pstate_sd & PSTATE_TCO) ||
        ((ctrl & MTE_CTRL_STORE_ONLY) && !store)) {
        return;
    }
    uint64_t align = (desc >> MTE_CHECK_ALIGN_SHIFT) & 31;
    if (addr & align) {
        return; /* the access itself raises its alignment fault first */
    }
    uint64_t ltag = mte_logical_tag(addr);
    uint64_t first = addr & GUEST_ADDR_TBI_MASK;
    uint64_t g = first & ~(uint64_t)(MTE_GRANULE - 1);
    uint64_t last = (first + size - 1) & ~(uint64_t)(MTE_GRANULE - 1);
    for (;; g += MTE_GRANULE) {
        int atag = mte_tag_get(g);
        if (atag >= 0 && (uint64_t)atag != ltag) {
            if (!(ctrl & MTE_CTRL_TCF_SYNC)) {
                env->mte_async_fault = 1; /* the access goes ahead */
                return;
            }
            /* FAR: the address with its logical tag (bits 63:60 cleared, as Linux
             * reports it); the signal code clears the tag unless SA_EXPOSE_TAGBITS. */
            uint64_t far = (g > first ? g : first) | ltag << MTE_TAG_SHIFT;
            cpu_loop_exit_fault(env, far, store, EXCP_TAG_CHECK);
        }
        if (g == last) {
            break;
        }
    }
}
