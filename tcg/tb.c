/*
 * tb.c - the translation block cache: translate on a miss, find by guest pc, chain blocks.
 *
 * Lookup order: the calling thread's direct-mapped jump cache (pc >> 2), then the shared
 * hash table (guarded by tb_lock).  A flush bumps a generation number so every thread's
 * jump cache is dropped lazily.  Invalidation of a guest range (IC IVAU, munmap) is
 * targeted: each guest page lists the blocks on it, and each block the exits linked to it,
 * so only the blocks on the range are dropped and the jumps into them unpatched; a dropped
 * block's lookup_pc no longer matches any pc that indexes its jump-cache slot, so stale
 * jump-cache entries miss (docs/design/threads.md).  While more than one guest thread
 * exists, a flush cannot know whether another thread is still running a block, so flushed
 * blocks are moved to a retired list and only freed by a later flush made while
 * single-threaded (the caller is then the only thread and is in syscall context).
 * Example: tb_find(env, 0x400080) translates the block at 0x400080 once; later calls
 * return the same
 * TranslationBlock.
 */
#include "tcg/tb.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include "target/aarch64/translate.h"
#include "tcg/guest-mem.h"
#include "tcg/host-prefault.h"
#include "tcg/log.h"
#include "tcg/stats.h"
#include "tcg/tci/tci.h"
#include "tcg/x86_64/native.h"

#define PAGE_BITS 12 /* GUEST_PAGE_SIZE */

/* The block hash table (under tb_lock): it starts small and doubles when it holds more
 * blocks than buckets, so a short-lived process touches a few pages of it, not 512 KiB
 * (each first touch is a page fault: a tenth of a static hello's start-up). */
#define HASH_MIN_BITS 10
#define HASH_MAX_BITS 20
static TranslationBlock **tb_hash;
static unsigned hash_bits;
static size_t nb_hashed;
static GMutex tb_lock;
static uint64_t tb_generation = 1;
static uint64_t code_lo = UINT64_MAX, code_hi; /* range of guest code translated */
static TranslationBlock *tb_all; /* every block since the last flush, linked by all_next */
static GHashTable *page_blocks;  /* guest page number -> first block on it (page_next) */
static GHashTable *tbi_pages;    /* guest pages whose blocks mask the address top byte */
static uint64_t tb_inval_count;  /* bumped by every tb_invalidate_range (under tb_lock) */
/* The ranges of the last INVAL_LOG invalidations, by count: a block translated meanwhile
 * is stale only if one of them overlaps it. */
#define INVAL_LOG 64
static struct {
    uint64_t start, end;
} inval_log[INVAL_LOG];
static size_t nb_invalid;            /* invalidated blocks still on tb_all */
static TranslationBlock *tb_retired; /* flushed while multi-threaded, linked by all_next */
static bool tb_multithreaded;
static void (*tb_flush_notify)(void);

static TcgAccel tb_accel = ACCEL_TCI;
static bool tb_tiered; /* off by default: see docs/design/native-backend.md */
static int tb_max_insns = TB_MAX_INSNS;

static _Thread_local IrContext *thread_ir;

static inline uint32_t hash_pc(uint64_t pc)
{
    uint64_t h = (pc >> 2) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> (64 - hash_bits));
}

/* A new empty table of 2^bits buckets (the old one's blocks are not moved). */
static void hash_alloc(unsigned bits)
{
    g_free(tb_hash);
    hash_bits = bits;
    tb_hash = g_new0(TranslationBlock *, (size_t)1 << bits);
    nb_hashed = 0;
}

/* Called with tb_lock held before adding a block: double the table when full. */
static void hash_grow_if_full(void)
{
    if (!tb_hash) {
        hash_alloc(HASH_MIN_BITS);
        return;
    }
    if (nb_hashed < ((size_t)1 << hash_bits) || hash_bits >= HASH_MAX_BITS) {
        return;
    }
    TranslationBlock **old = tb_hash;
    size_t old_size = (size_t)1 << hash_bits, n = nb_hashed;
    tb_hash = NULL;
    hash_alloc(hash_bits + 1);
    for (size_t i = 0; i < old_size; i++) {
        TranslationBlock *next;
        for (TranslationBlock *tb = old[i]; tb; tb = next) {
            next = tb->hash_next;
            uint32_t h = hash_pc(tb->pc);
            tb->hash_next = tb_hash[h];
            tb_hash[h] = tb;
        }
    }
    nb_hashed = n;
    g_free(old);
}

/* A jump cache starts with 2^TB_JMP_CACHE_MIN_BITS entries and doubles, up to
 * 2^TB_JMP_CACHE_MAX_BITS, when lookups keep finding a slot taken by another block:
 * a short process touches a few pages of its cache (each first touch is a page fault,
 * about 10 us on a virtual machine), a program whose hot code aliases gets the full
 * size within microseconds. */
static inline uint32_t jc_mask(const CPUArchState *env)
{
    return *(const uint32_t *)(const void *)((const uint8_t *)env->tb_jmp_cache -
                                             TB_JMP_CACHE_HEADER);
}

static inline uint32_t jc_index(const CPUArchState *env, uint64_t pc)
{
    return (uint32_t)(pc >> 2) & jc_mask(env);
}

/* bytes of the entries of a cache with index mask mask */
static size_t jc_entries_bytes(uint32_t mask)
{
    return ((size_t)mask + 1) * sizeof(TranslationBlock *);
}

/* anonymous zero pages: those of entries never used are never faulted in */
static bool jc_map(CPUArchState *env, unsigned bits)
{
    size_t bytes = TB_JMP_CACHE_HEADER + jc_entries_bytes((1u << bits) - 1);
    uint8_t *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        env->tb_jmp_cache = NULL;
        return false;
    }
    *(uint32_t *)(void *)p = (1u << bits) - 1;
    env->tb_jmp_cache = (TranslationBlock **)(void *)(p + TB_JMP_CACHE_HEADER);
    return true;
}

static void jc_check_generation(CPUArchState *env)
{
    if (!env->tb_jmp_cache && !tb_jmp_cache_init(env)) {
        g_error("vemu: out of memory for the jump cache");
    }
    uint64_t g = __atomic_load_n(&tb_generation, __ATOMIC_ACQUIRE);
    if (env->jc_generation != g) {
        /* generation 0: a new CPU state, whose cache is still all zero pages (not
         * touched, so not faulted in, by a memset) */
        if (env->jc_generation != 0) {
            memset(env->tb_jmp_cache, 0, jc_entries_bytes(jc_mask(env)));
        }
        env->jc_generation = g;
    }
}

/* The block for pc translated under block flags flags (the key is both). */
static TranslationBlock *hash_lookup(uint64_t pc, uint32_t flags)
{
    if (!tb_hash) {
        return NULL;
    }
    for (TranslationBlock *tb = tb_hash[hash_pc(pc)]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->flags == flags) {
            return tb;
        }
    }
    return NULL;
}

bool tb_jmp_cache_init(CPUArchState *env)
{
    env->jc_generation = 0;
    env->jc_conflicts = 0;
    return jc_map(env, TB_JMP_CACHE_MIN_BITS);
}

void tb_jmp_cache_free(CPUArchState *env)
{
    if (env->tb_jmp_cache) {
        munmap((uint8_t *)env->tb_jmp_cache - TB_JMP_CACHE_HEADER,
               TB_JMP_CACHE_HEADER + jc_entries_bytes(jc_mask(env)));
        env->tb_jmp_cache = NULL;
    }
}

/* The jump cache holds blocks of one flags value (translated code probes it by pc
 * alone): when the CPU state's flags change (an FPCR write, which ends its block with an
 * exit to the CPU loop, or sigreturn), it is emptied. */
static void jc_check_flags(CPUArchState *env, uint32_t flags)
{
    if (env->jc_flags != flags) {
        memset(env->tb_jmp_cache, 0, jc_entries_bytes(jc_mask(env)));
        env->jc_flags = flags;
    }
}

TranslationBlock *tb_lookup(CPUArchState *env, uint64_t pc)
{
    uint32_t flags = a64_tb_flags(env);
    jc_check_generation(env);
    jc_check_flags(env, flags);
    TranslationBlock *tb = env->tb_jmp_cache[jc_index(env, pc)];
    if (tb && __atomic_load_n(&tb->lookup_pc, __ATOMIC_RELAXED) == pc) {
        return tb;
    }
    if (tb && ++env->jc_conflicts > (jc_mask(env) + 1) / 4 &&
        jc_mask(env) < (1u << TB_JMP_CACHE_MAX_BITS) - 1) {
        /* another block holds the slot, too often: double the cache (this runs outside
         * translated code, or in its lookup helper, which reads the cache again after
         * returning, so the old mapping is no longer used) */
        unsigned bits = (unsigned)__builtin_popcount(jc_mask(env)) + 1;
        uint64_t g = env->jc_generation;
        tb_jmp_cache_free(env);
        if (!jc_map(env, bits)) {
            g_error("vemu: out of memory for the jump cache");
        }
        env->jc_generation = g;
        env->jc_conflicts = 0;
    }
    g_mutex_lock(&tb_lock);
    tb = hash_lookup(pc, flags);
    g_mutex_unlock(&tb_lock);
    if (tb) {
        env->tb_jmp_cache[jc_index(env, pc)] = tb;
    }
    return tb;
}

void tb_set_code_buffer_mib(unsigned mib)
{
    native_set_code_limit(mib);
}

void tb_set_max_insns(int n)
{
    tb_max_insns = n < 1 ? 1 : n > TB_MAX_INSNS ? TB_MAX_INSNS : n;
}

uint64_t tb_current_generation(void)
{
    return __atomic_load_n(&tb_generation, __ATOMIC_ACQUIRE);
}

bool tb_set_accel(TcgAccel accel)
{
    if (accel == ACCEL_NATIVE && !native_available()) {
        return false;
    }
    tb_accel = accel;
    return true;
}

TcgAccel tb_get_accel(void)
{
    return tb_accel;
}

void tb_set_tiered(bool on)
{
    tb_tiered = on;
}

TranslationBlock *tb_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot)
{
    /* only under -d stats: an atomic add on a shared line at every entry from the loop
     * makes guest threads contend for it */
    if (log_enabled(LOG_STATS)) {
        STAT_INC(loop_entries);
    }
    if (tb->host_code) {
        env->exec_native = 1;
        TranslationBlock *last = native_exec(env, tb, slot);
        env->exec_native = 0;
        return last;
    }
    return tci_exec(env, tb, slot);
}

static IrContext *get_thread_ir(void)
{
    if (!thread_ir) {
        thread_ir = g_new0(IrContext, 1);
        ir_context_init(thread_ir);
        a64_translate_init(thread_ir);
    }
    return thread_ir;
}

void tb_thread_cleanup(void)
{
    if (thread_ir) {
        ir_context_free(thread_ir);
        g_free(thread_ir);
        thread_ir = NULL;
    }
    tci_thread_cleanup();
    native_thread_cleanup();
}

/* ---- block records: carved out of 64 KiB chunks, all freed by a single-threaded flush
 * (blocks are never freed one by one: a dropped block stays on tb_all or tb_retired until
 * a flush).  One malloc per block cost a short process 5% of its start-up, and the
 * allocator's headers a tenth of the records' pages. ---- */
#define ARENA_CHUNK (64u << 10)
typedef struct ArenaChunk {
    struct ArenaChunk *next;
    size_t used;
} ArenaChunk;
static GMutex arena_lock; /* taken alone, or inside tb_lock */
static ArenaChunk *arena; /* newest first */

static TranslationBlock *tb_alloc(void)
{
    size_t size = (sizeof(TranslationBlock) + 7) & ~(size_t)7;
    g_mutex_lock(&arena_lock);
    if (!arena || arena->used + size > ARENA_CHUNK) {
        /* From the malloc heap, not a mapping of its own: the host would merge such a
         * mapping with an adjacent guest mmap (guest /proc/self/smaps shows host VMAs).
         * Its pages are faulted in at once (tcg/host-prefault.h). */
        ArenaChunk *chunk = g_malloc(ARENA_CHUNK);
        host_prefault(chunk, ARENA_CHUNK);
        chunk->next = arena;
        chunk->used = (sizeof(ArenaChunk) + 15) & ~(size_t)15;
        arena = chunk;
    }
    TranslationBlock *tb = (TranslationBlock *)(void *)((uint8_t *)arena + arena->used);
    arena->used += size;
    g_mutex_unlock(&arena_lock);
    return memset(tb, 0, sizeof(*tb));
}

/* Free every block record (under tb_lock, when no block can be referenced any more). */
static void tb_arena_free_all(void)
{
    g_mutex_lock(&arena_lock);
    while (arena) {
        ArenaChunk *next = arena->next;
        g_free(arena);
        arena = next;
    }
    g_mutex_unlock(&arena_lock);
}

/* Translate the block at pc; tier0: cheaply, for the interpreter (a cold block). */
static TranslationBlock *tb_gen_code(CPUArchState *env, uint64_t pc, uint32_t flags, bool tier0)
{
    IrContext *ir = get_thread_ir();
    ir_reset(ir);
    ir->quick = tier0;
    if (__atomic_load_n(&tbi_pages, __ATOMIC_ACQUIRE)) {
        g_mutex_lock(&tb_lock);
        ir->ignore_top_byte =
            g_hash_table_contains(tbi_pages, (gpointer)(uintptr_t)(pc >> PAGE_BITS));
        g_mutex_unlock(&tb_lock);
    }
    TranslationBlock *tb = tb_alloc();
    tb->pc = tb->lookup_pc = pc;
    tb->flags = flags;
    tb->size = a64_translate_block(ir, env, pc, flags, tb_max_insns);
    tb->icount = tb->size / 4;
    if (tb->icount == 0) {
        tb->icount = 1;
    }
    __atomic_add_fetch(&tcg_stats.guest_insns, tb->icount, __ATOMIC_RELAXED);
    if (log_enabled(LOG_OP)) {
        vemu_log("OP:\n");
        ir_dump(ir, vemu_log_file ? vemu_log_file : stderr);
        vemu_log("\n");
    }
    if (tier0) {
        /* run a few times at most by the interpreter: optimizing would cost more than
         * it saves */
        tb->tier0 = 1;
        STAT_INC(blocks_tier0);
        STAT_INC(blocks_tci);
        tci_compile(ir, tb);
        return tb;
    }
    ir_optimize(ir);
    if (log_enabled(LOG_OP_OPT)) {
        vemu_log("OP after optimization:\n");
        ir_dump(ir, vemu_log_file ? vemu_log_file : stderr);
        vemu_log("\n");
    }
    if (tb_accel == ACCEL_NATIVE) {
        bool full = false;
        if (native_compile(ir, tb, &full)) {
            STAT_INC(blocks_native);
            return tb;
        }
        if (full) {
            /* The code buffer is full: drop every block and start over (the caller is
             * the CPU loop, outside translated code).  The flush frees the arena tb
             * came from: the record moves to a fresh one. */
            TranslationBlock saved = *tb;
            tb_flush_all();
            tb = tb_alloc();
            *tb = saved;
            if (native_compile(ir, tb, &full)) {
                STAT_INC(blocks_native);
                return tb;
            }
        }
        /* Not compilable natively: this block runs on the interpreter. */
    }
    STAT_INC(blocks_tci);
    tci_compile(ir, tb);
    return tb;
}

/* ---- per-page block lists and incoming links (all under tb_lock) ---- */

/* End of tb's guest code (a block covers at least its first instruction). */
static uint64_t tb_end(const TranslationBlock *tb)
{
    return tb->pc + (tb->size ? tb->size : 4);
}

/* The guest page number of tb's first (i = 0) or last (i = 1) byte of code. */
static uint64_t tb_page(const TranslationBlock *tb, unsigned i)
{
    return (i ? tb_end(tb) - 1 : tb->pc) >> PAGE_BITS;
}

static void page_add(TranslationBlock *tb)
{
    if (!page_blocks) {
        page_blocks = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    tb->nb_pages = tb_page(tb, 1) != tb_page(tb, 0) ? 2 : 1;
    for (unsigned i = 0; i < tb->nb_pages; i++) {
        gpointer key = (gpointer)(uintptr_t)tb_page(tb, i);
        tb->page_next[i] = g_hash_table_lookup(page_blocks, key);
        g_hash_table_insert(page_blocks, key, tb);
    }
}

/* Which of tb's page-list links belongs to page (0 or 1). */
static unsigned page_slot(const TranslationBlock *tb, uint64_t page)
{
    return tb_page(tb, 0) == page ? 0 : 1;
}

static void page_remove(TranslationBlock *tb)
{
    for (unsigned i = 0; i < tb->nb_pages; i++) {
        gpointer key = (gpointer)(uintptr_t)tb_page(tb, i);
        TranslationBlock *head = g_hash_table_lookup(page_blocks, key);
        if (head == tb) {
            if (tb->page_next[i]) {
                g_hash_table_insert(page_blocks, key, tb->page_next[i]);
            } else {
                g_hash_table_remove(page_blocks, key);
            }
            continue;
        }
        for (TranslationBlock *p = head; p;) {
            unsigned ps = page_slot(p, tb_page(tb, i));
            if (p->page_next[ps] == tb) {
                p->page_next[ps] = tb->page_next[i];
                break;
            }
            p = p->page_next[ps];
        }
    }
}

static void hash_remove(TranslationBlock *tb)
{
    for (TranslationBlock **p = &tb_hash[hash_pc(tb->pc)]; *p; p = &(*p)->hash_next) {
        if (*p == tb) {
            *p = tb->hash_next;
            nb_hashed--;
            return;
        }
    }
}

#define JMP_TAG(tb, slot) ((uintptr_t)(tb) | (slot))
#define JMP_TB(t) ((TranslationBlock *)((t) & ~(uintptr_t)1))
#define JMP_SLOT(t) ((unsigned)((t)&1))

/* Make from's exit slot leave its block again, and forget where it led. */
static void unpatch_exit(TranslationBlock *from, unsigned slot)
{
    if (from->host_code) {
        native_unlink(from, slot);
    }
    __atomic_store_n(&from->jmp_dest[slot], NULL, __ATOMIC_RELEASE);
}

/* Take from's exit slot off the incoming list of the block it is linked to. */
static void incoming_remove(TranslationBlock *from, unsigned slot)
{
    TranslationBlock *to = from->jmp_dest[slot];
    uintptr_t want = JMP_TAG(from, slot);
    for (uintptr_t *p = &to->jmp_incoming; *p; p = &JMP_TB(*p)->jmp_incoming_next[JMP_SLOT(*p)]) {
        if (*p == want) {
            *p = from->jmp_incoming_next[slot];
            return;
        }
    }
}

/* Drop one block: no lookup finds it, nothing chains into it, its own exits leave it. */
static void invalidate_one(TranslationBlock *tb)
{
    hash_remove(tb);
    page_remove(tb);
    for (uintptr_t t = tb->jmp_incoming; t;) {
        TranslationBlock *from = JMP_TB(t);
        unsigned slot = JMP_SLOT(t);
        t = from->jmp_incoming_next[slot];
        unpatch_exit(from, slot);
    }
    tb->jmp_incoming = 0;
    for (unsigned slot = 0; slot < 2; slot++) {
        if (tb->jmp_dest[slot]) {
            incoming_remove(tb, slot);
            unpatch_exit(tb, slot);
        }
    }
    /* pc ^ 4 differs from pc in bit 2, which selects the jump-cache slot: no pc that
     * indexes this block's slot can match it any more */
    __atomic_store_n(&tb->lookup_pc, tb->pc ^ 4, __ATOMIC_RELEASE);
    tb->invalid = 1;
    nb_invalid++;
}

static bool overlaps(const TranslationBlock *tb, uint64_t start, uint64_t end)
{
    return tb->pc < end && tb_end(tb) > start;
}

/* Invalidate the blocks of one page that intersect [start, end). */
static bool invalidate_page(uint64_t page, uint64_t start, uint64_t end)
{
    bool hit = false;
    TranslationBlock *tb = g_hash_table_lookup(page_blocks, (gpointer)(uintptr_t)page);
    while (tb) {
        TranslationBlock *next = tb->page_next[page_slot(tb, page)];
        if (overlaps(tb, start, end)) {
            invalidate_one(tb);
            hit = true;
        }
        tb = next;
    }
    return hit;
}

/* Under tb_lock: did an invalidation since count `since` overlap tb's code? */
static bool stale_translation(const TranslationBlock *tb, uint64_t since)
{
    if (tb_inval_count - since > INVAL_LOG) {
        return true; /* too many to tell: assume so */
    }
    for (uint64_t n = since; n != tb_inval_count; n++) {
        if (overlaps(tb, inval_log[n % INVAL_LOG].start, inval_log[n % INVAL_LOG].end)) {
            return true;
        }
    }
    return false;
}

TranslationBlock *tb_find(CPUArchState *env, uint64_t pc)
{
    uint32_t flags = a64_tb_flags(env);
    TranslationBlock *tb = tb_lookup(env, pc);
    /* (not while logging what only native blocks have: optimized IR, host code, traces) */
    bool tier0 =
        tb_tiered && tb_accel == ACCEL_NATIVE && !log_enabled(LOG_EXEC | LOG_OP_OPT | LOG_OUT_ASM);
    if (tb && tb->tier0 && tb->exec_count >= TB_TIER_UP_COUNT) {
        /* Hot tier-0 block (tci returned before running it): replace it by a native
         * translation; whoever still runs or points at the old one is handled as for
         * any dropped block. */
        g_mutex_lock(&tb_lock);
        if (!tb->invalid) {
            invalidate_one(tb);
        }
        g_mutex_unlock(&tb_lock);
        tb = NULL;
        tier0 = false;
    }
    if (tb) {
        return tb;
    }
    /* Dropped blocks stay allocated (a thread, or a jump-cache entry, may still point at
     * them) until a flush; a single-threaded process flushes once they dominate.  Here,
     * in the CPU loop, no block is running. */
    size_t dropped = __atomic_load_n(&nb_invalid, __ATOMIC_RELAXED);
    if (!__atomic_load_n(&tb_multithreaded, __ATOMIC_RELAXED) && dropped > 4096 &&
        dropped > __atomic_load_n(&nb_hashed, __ATOMIC_RELAXED)) {
        tb_flush_all();
    }
    for (;;) {
        uint64_t inval = __atomic_load_n(&tb_inval_count, __ATOMIC_ACQUIRE);
        tb = tb_gen_code(env, pc, flags, tier0);
        g_mutex_lock(&tb_lock);
        TranslationBlock *other = hash_lookup(pc, flags);
        /* (if code was invalidated while this block was translated, it may hold the old
         * instructions: it is set aside like a duplicate and translated again) */
        if (!other && !stale_translation(tb, inval)) {
            hash_grow_if_full();
            uint32_t h = hash_pc(pc);
            tb->hash_next = tb_hash[h];
            tb_hash[h] = tb;
            nb_hashed++;
            tb->all_next = tb_all;
            tb_all = tb;
            page_add(tb);
            if (pc < code_lo) {
                code_lo = pc;
            }
            if (tb_end(tb) > code_hi) {
                code_hi = tb_end(tb);
            }
            g_mutex_unlock(&tb_lock);
            break;
        }
        /* Another thread translated it first (keep theirs), or this one is stale.  A
         * native block stays listed in its code region (the fault handler searches that
         * list), so it is retired with its region instead of freed now. */
        tb->invalid = 1;
        tb->lookup_pc = pc ^ 4;
        tb->all_next = tb_retired;
        tb_retired = tb;
        g_mutex_unlock(&tb_lock);
        if (other) {
            tb = other;
            break;
        }
    }
    env->tb_jmp_cache[jc_index(env, pc)] = tb;
    return tb;
}

void tb_link(TranslationBlock *from, unsigned slot, TranslationBlock *to)
{
    if (slot >= 2 || from->jmp_dest[slot] == to) {
        return;
    }
    /* Chain native blocks only to native blocks, interpreted only to interpreted (each
     * kind runs elsewhere); never while tracing every block. */
    if (!from->host_code != !to->host_code || (from->host_code && log_enabled(LOG_EXEC))) {
        return;
    }
    /* A chained jump is taken whatever the CPU state: only between blocks of equal flags
     * (they differ when the first block's code changed them, e.g. an FPCR write). */
    if (from->flags != to->flags) {
        return;
    }
    g_mutex_lock(&tb_lock);
    /* under the lock: neither block can be invalidated meanwhile */
    if (!from->invalid && !to->invalid && !from->jmp_dest[slot]) {
        bool linked = true;
        if (from->host_code) {
            linked = native_link(from, slot, to);
        }
        if (linked) {
            __atomic_store_n(&from->jmp_dest[slot], to, __ATOMIC_RELEASE);
            from->jmp_incoming_next[slot] = to->jmp_incoming;
            to->jmp_incoming = JMP_TAG(from, slot);
            STAT_INC(links);
        }
    }
    g_mutex_unlock(&tb_lock);
}

static void tb_free_list(TranslationBlock *tb)
{
    while (tb) {
        TranslationBlock *next = tb->all_next;
        g_free(tb->ops); /* (tb->fault_info lies in the code region, tb in the arena) */
        g_free(tb->consts);
        tb = next;
    }
}

void tb_set_multithreaded(bool on)
{
    g_mutex_lock(&tb_lock);
    tb_multithreaded = on;
    g_mutex_unlock(&tb_lock);
}

void tb_set_flush_notify(void (*fn)(void))
{
    tb_flush_notify = fn;
}

void tb_fork_prepare(void)
{
    g_mutex_lock(&tb_lock);
    g_mutex_lock(&arena_lock);
    native_fork_prepare();
}

void tb_fork_done(void)
{
    native_fork_done();
    g_mutex_unlock(&arena_lock);
    g_mutex_unlock(&tb_lock);
}

void tb_flush_all(void)
{
    g_mutex_lock(&tb_lock);
    if (tb_hash) {
        memset(tb_hash, 0, sizeof(*tb_hash) << hash_bits);
        nb_hashed = 0;
    }
    if (page_blocks) {
        g_hash_table_remove_all(page_blocks);
    }
    nb_invalid = 0;
    if (tb_multithreaded) {
        /* Another thread may be inside one of these blocks (or about to follow a chain
         * into one): keep them all, forever or until a single-threaded flush. */
        TranslationBlock **tail = &tb_all;
        while (*tail) {
            tail = &(*tail)->all_next;
        }
        *tail = tb_retired;
        tb_retired = tb_all;
    } else {
        /* The only guest thread is the caller, in syscall or helper context, and it
         * never returns into a block after a flush. */
        tb_free_list(tb_all);
        tb_free_list(tb_retired);
        tb_retired = NULL;
        tb_arena_free_all();
    }
    tb_all = NULL;
    STAT_INC(flushes);
    native_reset_code_buffer(tb_multithreaded);
    code_lo = UINT64_MAX;
    code_hi = 0;
    __atomic_add_fetch(&tb_generation, 1, __ATOMIC_RELEASE);
    g_mutex_unlock(&tb_lock);
    if (current_cpu) {
        jc_check_generation(current_cpu);
    }
    if (tb_flush_notify) {
        tb_flush_notify();
    }
}

bool tb_ignore_top_byte_at(uint64_t pc)
{
    uint64_t page = pc >> PAGE_BITS;
    g_mutex_lock(&tb_lock);
    if (!tbi_pages) {
        __atomic_store_n(&tbi_pages, g_hash_table_new(g_direct_hash, g_direct_equal),
                         __ATOMIC_RELEASE);
    }
    bool added = g_hash_table_add(tbi_pages, (gpointer)(uintptr_t)page);
    g_mutex_unlock(&tb_lock);
    if (added) {
        tb_invalidate_range(page << PAGE_BITS, GUEST_PAGE_SIZE);
    }
    return added;
}

bool tb_invalidate_range(uint64_t start, uint64_t len)
{
    bool hit = false;
    uint64_t end = start + len < start ? UINT64_MAX : start + len;
    g_mutex_lock(&tb_lock);
    if (len > 0 && page_blocks && start < code_hi && end > code_lo) {
        uint64_t lo = start > code_lo ? start : code_lo;
        uint64_t hi = end < code_hi ? end : code_hi;
        uint64_t first = lo >> PAGE_BITS, last = (hi - 1) >> PAGE_BITS;
        if (last - first < g_hash_table_size(page_blocks)) {
            for (uint64_t page = first; page <= last; page++) {
                hit |= invalidate_page(page, start, end);
            }
        } else {
            /* a range wider than the set of pages holding code (a big munmap): walk the
             * pages with code instead of the range */
            GArray *pages = g_array_new(false, false, sizeof(uint64_t));
            GHashTableIter it;
            gpointer key;
            g_hash_table_iter_init(&it, page_blocks);
            while (g_hash_table_iter_next(&it, &key, NULL)) {
                uint64_t page = (uint64_t)(uintptr_t)key;
                if (page >= first && page <= last) {
                    g_array_append_val(pages, page);
                }
            }
            for (guint i = 0; i < pages->len; i++) {
                hit |= invalidate_page(g_array_index(pages, uint64_t, i), start, end);
            }
            g_array_free(pages, true);
        }
        if (hit) {
            STAT_INC(invalidations);
        }
    }
    /* Even when nothing was dropped: a block of this range may be being translated now
     * from the old bytes; tb_find sees it in the log and translates it again. */
    inval_log[tb_inval_count % INVAL_LOG].start = start;
    inval_log[tb_inval_count % INVAL_LOG].end = end;
    __atomic_add_fetch(&tb_inval_count, 1, __ATOMIC_RELEASE);
    g_mutex_unlock(&tb_lock);
    return hit;
}
