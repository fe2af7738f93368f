/*
 * guest-prot.c - the guest page protections the host mappings cannot carry: PROT_EXEC
 * (guest code is read by the translator, never run by the host, so host pages are never
 * executable), "execute-only" (vemu adds host PROT_READ to PROT_EXEC pages so it can
 * read the code) and PROT_BTI (guarded pages, translate-bti.c; the first one switches
 * BTYPE tracking on and drops the code translated before).  Everything else (R, W, mapped
 * or not) is the host mapping's own.
 *
 * One byte per 4 KiB guest page in a three-level radix table (12 + 11 + 12 bits of the
 * 35-bit page number); a leaf covers 16 MiB and exists only once something in it has
 * been executable, so huge PROT_NONE reservations cost nothing.  Writers (mmap,
 * mprotect, munmap, mremap, the loader's segments, the signal trampoline) hold a mutex;
 * the translator reads without a lock (atomic loads; nodes are never freed).
 *
 * guest_fetch_code() is what the translator reads instructions with: a page that is not
 * executable makes it fail, so the translator raises the same instruction-abort exception
 * as for unmapped memory, and the CPU loop turns it into SIGSEGV with si_addr = pc and
 * SEGV_ACCERR (the page is mapped) as the arm64 kernel does.
 * Example: guest_prot_set(0x400000, 0x1000, PROT_READ | PROT_EXEC);
 *          guest_fetch_code(&insn, 0x400000, 4) -> 0; after mprotect(PROT_READ) -> -EACCES.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/translate.h"
#include "tcg/tb.h"

#define L1_BITS 12
#define L2_BITS 11
#define L3_BITS 12
#define PAGE_BITS 12

typedef struct Leaf {
    unsigned char prot[1u << L3_BITS];
} Leaf;
typedef struct Mid {
    Leaf *leaf[1u << L2_BITS];
} Mid;

static Mid *top[1u << L1_BITS];
static pthread_mutex_t prot_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned idx1(uint64_t page)
{
    return (unsigned)(page >> (L2_BITS + L3_BITS)) & ((1u << L1_BITS) - 1);
}

static unsigned idx2(uint64_t page)
{
    return (unsigned)(page >> L3_BITS) & ((1u << L2_BITS) - 1);
}

static unsigned idx3(uint64_t page)
{
    return (unsigned)page & ((1u << L3_BITS) - 1);
}

/* The leaf for page, or NULL; allocates (with prot_lock held) when create. */
static Leaf *leaf_of(uint64_t page, bool create)
{
    Mid *m = __atomic_load_n(&top[idx1(page)], __ATOMIC_ACQUIRE);
    if (!m) {
        if (!create || !(m = calloc(1, sizeof *m))) {
            return NULL;
        }
        __atomic_store_n(&top[idx1(page)], m, __ATOMIC_RELEASE);
    }
    Leaf *l = __atomic_load_n(&m->leaf[idx2(page)], __ATOMIC_ACQUIRE);
    if (!l) {
        if (!create || !(l = calloc(1, sizeof *l))) {
            return NULL;
        }
        __atomic_store_n(&m->leaf[idx2(page)], l, __ATOMIC_RELEASE);
    }
    return l;
}

void guest_prot_set(uint64_t start, uint64_t len, int prot)
{
    unsigned char v = 0;
    if (prot & PROT_EXEC) {
        v = GUEST_PROT_EXEC | ((prot & PROT_READ) ? 0 : GUEST_PROT_NOREAD) |
            ((prot & TARGET_PROT_BTI) ? GUEST_PROT_GUARDED : 0);
    }
    if (len == 0 || start > GUEST_ADDR_MAX) {
        return;
    }
    uint64_t first = start >> PAGE_BITS;
    uint64_t last = (start + len - 1) >> PAGE_BITS;
    if (last > (GUEST_ADDR_MAX >> PAGE_BITS)) {
        last = GUEST_ADDR_MAX >> PAGE_BITS;
    }
    pthread_mutex_lock(&prot_lock);
    for (uint64_t p = first; p <= last;) {
        Leaf *l = leaf_of(p, v != 0);
        uint64_t leaf_end = (p | ((1u << L3_BITS) - 1));
        uint64_t stop = leaf_end < last ? leaf_end : last;
        if (l) {
            for (uint64_t q = p; q <= stop; q++) {
                __atomic_store_n(&l->prot[idx3(q)], v, __ATOMIC_RELAXED);
            }
        }
        p = stop + 1;
    }
    pthread_mutex_unlock(&prot_lock);
    if ((v & GUEST_PROT_GUARDED) && a64_bti_set_in_use()) {
        /* the first guarded page: code translated so far does not track BTYPE */
        tb_flush_all();
    }
}

int guest_prot_get(uint64_t addr)
{
    if (addr > GUEST_ADDR_MAX) {
        return 0;
    }
    Leaf *l = leaf_of(addr >> PAGE_BITS, false);
    return l ? __atomic_load_n(&l->prot[idx3(addr >> PAGE_BITS)], __ATOMIC_RELAXED) : 0;
}

uint64_t guest_prot_run_end(uint64_t addr, uint64_t end)
{
    int v = guest_prot_get(addr);
    uint64_t p = (addr & ~(GUEST_PAGE_SIZE - 1)) + GUEST_PAGE_SIZE;
    while (p < end) {
        Leaf *l = p <= GUEST_ADDR_MAX ? leaf_of(p >> PAGE_BITS, false) : NULL;
        if (!l && v == 0) {
            /* A whole missing leaf is all zero: skip it. */
            p = ((p >> (PAGE_BITS + L3_BITS)) + 1) << (PAGE_BITS + L3_BITS);
            continue;
        }
        if (guest_prot_get(p) != v) {
            return p;
        }
        p += GUEST_PAGE_SIZE;
    }
    return end;
}

void guest_prot_move(uint64_t old_addr, uint64_t new_addr, uint64_t new_len)
{
    /* mremap keeps one mapping's protection (the range lies in a single mapping). */
    int v = guest_prot_get(old_addr);
    int prot = (v & GUEST_PROT_EXEC) ? PROT_EXEC | ((v & GUEST_PROT_NOREAD) ? 0 : PROT_READ) |
                                           ((v & GUEST_PROT_GUARDED) ? TARGET_PROT_BTI : 0)
                                     : 0;
    guest_prot_set(new_addr, new_len, prot);
}

bool guest_code_guarded(uint64_t pc)
{
    return (guest_prot_get(pc) & GUEST_PROT_GUARDED) != 0;
}

int guest_fetch_code(void *dst, uint64_t pc, size_t len)
{
    uint64_t last = pc + len - 1;
    if (len == 0) {
        return 0;
    }
    if (!(guest_prot_get(pc) & GUEST_PROT_EXEC) || !(guest_prot_get(last) & GUEST_PROT_EXEC)) {
        return -EACCES;
    }
    return copy_from_guest(dst, pc, len);
}
