/*
 * mte-tags.c - the allocation tags of PROT_MTE memory in user mode (the tag store that
 * target/aarch64/mte.h declares): one 4-bit tag per 16-byte granule, kept one per byte in
 * a 256-byte block per 4 KiB guest page (shared and all zero until a tag is stored).
 *
 * The blocks hang off a three-level radix table indexed by the 35-bit page number (12 +
 * 11 + 12 bits, as guest-prot.c); a NULL entry is an Untagged page.  Writers (mmap,
 * mprotect, munmap, mremap) hold tags_lock; readers (LDG, the tag-check helper, STG's
 * byte stores) take no lock: entries are loaded atomically and blocks are never freed,
 * only put on a free list and reused, so a racing reader sees old or new tags, never
 * freed memory.  A forked child gets a copy with the rest of vemu's heap, as the kernel
 * copies tags on fork; exec starts afresh.
 * Example: mmap(PROT_READ|PROT_WRITE|PROT_MTE) -> mte_tags_map(addr, len, false);
 *          STG sets mte_tag_set(addr + 16, 3); munmap -> mte_tags_unmap(addr, len).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "target/aarch64/mte.h"
#include "tcg/guest-mem.h"

#define L1_BITS 12
#define L2_BITS 11
#define L3_BITS 12
#define PAGE_BITS 12
#define GRANULES (GUEST_PAGE_SIZE / MTE_GRANULE)

typedef struct TagPage {
    union {
        uint8_t tag[GRANULES];
        struct TagPage *next_free;
    };
} TagPage;
typedef struct Leaf {
    TagPage *page[1u << L3_BITS];
} Leaf;
typedef struct Mid {
    Leaf *leaf[1u << L2_BITS];
} Mid;

static Mid *top[1u << L1_BITS];
/* Every Tagged page starts out sharing this all-zero block; the first non-zero tag store
 * gives the page its own (so a large PROT_MTE mapping costs a pointer per page). */
static TagPage zero_page;
static TagPage *free_pages;
static bool in_use;
static pthread_mutex_t tags_lock = PTHREAD_MUTEX_INITIALIZER;

/* The entry for page, or NULL; allocates the path (tags_lock held) when create. */
static TagPage **slot_of(uint64_t page, bool create)
{
    Mid **mp = &top[(page >> (L2_BITS + L3_BITS)) & ((1u << L1_BITS) - 1)];
    Mid *m = __atomic_load_n(mp, __ATOMIC_ACQUIRE);
    if (!m) {
        if (!create || !(m = calloc(1, sizeof *m))) {
            return NULL;
        }
        __atomic_store_n(mp, m, __ATOMIC_RELEASE);
    }
    Leaf **lp = &m->leaf[(page >> L3_BITS) & ((1u << L2_BITS) - 1)];
    Leaf *l = __atomic_load_n(lp, __ATOMIC_ACQUIRE);
    if (!l) {
        if (!create || !(l = calloc(1, sizeof *l))) {
            return NULL;
        }
        __atomic_store_n(lp, l, __ATOMIC_RELEASE);
    }
    return &l->page[page & ((1u << L3_BITS) - 1)];
}

static TagPage *page_of(uint64_t addr)
{
    addr &= GUEST_ADDR_TBI_MASK;
    if (addr > GUEST_ADDR_MAX) {
        return NULL;
    }
    TagPage **s = slot_of(addr >> PAGE_BITS, false);
    return s ? __atomic_load_n(s, __ATOMIC_ACQUIRE) : NULL;
}

int mte_tag_get(uint64_t addr)
{
    TagPage *p = page_of(addr);
    if (!p) {
        return -1;
    }
    return __atomic_load_n(&p->tag[(addr & (GUEST_PAGE_SIZE - 1)) / MTE_GRANULE], __ATOMIC_RELAXED);
}

static TagPage *alloc_page_locked(void);

bool mte_tag_set(uint64_t addr, unsigned tag)
{
    TagPage *p = page_of(addr);
    unsigned i = (unsigned)((addr & (GUEST_PAGE_SIZE - 1)) / MTE_GRANULE);
    if (!p) {
        return false;
    }
    if (p == &zero_page) {
        if ((tag & 15) == 0) {
            return true;
        }
        pthread_mutex_lock(&tags_lock);
        TagPage **s = slot_of((addr & GUEST_ADDR_TBI_MASK) >> PAGE_BITS, false);
        p = s ? *s : NULL;
        if (p == &zero_page) {
            TagPage *own = alloc_page_locked();
            if (own) {
                __atomic_store_n(s, own, __ATOMIC_RELEASE);
            }
            p = own;
        }
        pthread_mutex_unlock(&tags_lock);
        if (!p) {
            return false; /* unmapped meanwhile, or out of memory */
        }
    }
    __atomic_store_n(&p->tag[i], (uint8_t)(tag & 15), __ATOMIC_RELAXED);
    return true;
}

bool mte_tags_in_use(void)
{
    return __atomic_load_n(&in_use, __ATOMIC_ACQUIRE);
}

static TagPage *alloc_page_locked(void)
{
    TagPage *p = free_pages;
    if (p) {
        free_pages = p->next_free;
    } else if (!(p = malloc(sizeof *p))) {
        return NULL;
    }
    memset(p->tag, 0, sizeof p->tag);
    return p;
}

static void release_locked(TagPage *p)
{
    if (p && p != &zero_page) {
        p->next_free = free_pages;
        free_pages = p;
    }
}

/* The page-number range of [start, start+len), clipped to the user VA; false if empty. */
static bool page_range(uint64_t start, uint64_t len, uint64_t *first, uint64_t *last)
{
    if (len == 0 || start > GUEST_ADDR_MAX) {
        return false;
    }
    *first = start >> PAGE_BITS;
    uint64_t end = start + len - 1;
    *last = (end > GUEST_ADDR_MAX ? GUEST_ADDR_MAX : end) >> PAGE_BITS;
    return true;
}

void mte_tags_map(uint64_t start, uint64_t len, bool keep)
{
    uint64_t first, last;
    if (!page_range(start, len, &first, &last)) {
        return;
    }
    pthread_mutex_lock(&tags_lock);
    for (uint64_t pg = first; pg <= last; pg++) {
        TagPage **s = slot_of(pg, true);
        if (!s) {
            continue; /* out of memory: the page stays Untagged */
        }
        TagPage *old = *s;
        if (old && keep) {
            continue;
        }
        __atomic_store_n(s, &zero_page, __ATOMIC_RELEASE);
        release_locked(old);
    }
    __atomic_store_n(&in_use, true, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&tags_lock);
}

/* The first page >= pg whose radix path exists (so a huge Untagged range is skipped a
 * leaf, 16 MiB, at a time), or last + 1. */
static uint64_t next_present(uint64_t pg, uint64_t last)
{
    while (pg <= last && !slot_of(pg, false)) {
        pg = ((pg >> L3_BITS) + 1) << L3_BITS;
    }
    return pg;
}

/* Detach the entries of [first, last] into out (NULL where Untagged; out has a slot per
 * page) or onto the free list (out NULL), tags_lock held. */
static void detach_locked(uint64_t first, uint64_t last, TagPage **out)
{
    if (out) {
        memset(out, 0, (size_t)(last - first + 1) * sizeof *out);
    }
    for (uint64_t pg = next_present(first, last); pg <= last; pg = next_present(pg + 1, last)) {
        TagPage **s = slot_of(pg, false);
        TagPage *p = *s;
        if (!p) {
            continue;
        }
        __atomic_store_n(s, NULL, __ATOMIC_RELEASE);
        if (out) {
            out[pg - first] = p;
        } else {
            release_locked(p);
        }
    }
}

void mte_tags_unmap(uint64_t start, uint64_t len)
{
    uint64_t first, last;
    if (!mte_tags_in_use() || !page_range(start, len, &first, &last)) {
        return;
    }
    pthread_mutex_lock(&tags_lock);
    detach_locked(first, last, NULL);
    pthread_mutex_unlock(&tags_lock);
}

void mte_tags_move(uint64_t old_addr, uint64_t old_len, uint64_t new_addr, uint64_t new_len)
{
    uint64_t of, ol, nf, nl;
    if (!mte_tags_in_use() || !page_range(old_addr, old_len, &of, &ol)) {
        return;
    }
    pthread_mutex_lock(&tags_lock);
    bool have_new = page_range(new_addr, new_len, &nf, &nl);
    TagPage **s0 = slot_of(of, false);
    size_t n = (size_t)(ol - of + 1);
    TagPage **moved = (s0 && *s0) ? malloc(n * sizeof *moved) : NULL;
    /* One mapping is Tagged throughout or not at all: an Untagged one (or no memory for
     * the move) leaves both ranges Untagged. */
    detach_locked(of, ol, moved);
    if (have_new) {
        detach_locked(nf, nl, NULL); /* MREMAP_FIXED replaced whatever was there */
    }
    if (moved && have_new) {
        for (uint64_t pg = nf; pg <= nl; pg++) {
            size_t i = (size_t)(pg - nf);
            TagPage *p = i < n ? moved[i] : &zero_page;
            TagPage **s = slot_of(pg, true);
            if (i < n) {
                moved[i] = NULL;
            }
            if (s) {
                __atomic_store_n(s, p, __ATOMIC_RELEASE);
            } else {
                release_locked(p);
            }
        }
    }
    for (size_t i = 0; moved && i < n; i++) {
        release_locked(moved[i]); /* the part a shrink dropped */
    }
    free(moved);
    pthread_mutex_unlock(&tags_lock);
}
