/*
 * tb.c - the translation block cache: translate on a miss, find by guest pc, chain blocks.
 *
 * Lookup order: the calling thread's direct-mapped jump cache (pc >> 2), then the shared
 * hash table (guarded by tb_lock).  A flush bumps a generation number so every thread's
 * jump cache is dropped lazily.  While more than one guest thread exists, a flush cannot
 * know whether another thread is still running a block, so flushed blocks are moved to
 * a retired list and only freed by a later flush made while single-threaded (the caller
 * is then the only thread and is in syscall context); docs/design/threads.md.  Example:
 * tb_find(env, 0x400080) translates the block at 0x400080 once; later calls return the same
 * TranslationBlock.
 */
#include "tcg/tb.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include "target/aarch64/translate.h"
#include "tcg/log.h"
#include "tcg/stats.h"
#include "tcg/tci/tci.h"
#include "tcg/x86_64/native.h"

#define JC_SIZE TB_JMP_CACHE_SIZE

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
static TranslationBlock *tb_all;               /* every live block, linked by all_next */
static TranslationBlock *tb_retired; /* flushed while multi-threaded, linked by all_next */
static bool tb_multithreaded;
static void (*tb_flush_notify)(void);

static TcgAccel tb_accel = ACCEL_TCI;
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

static inline uint32_t jc_index(uint64_t pc)
{
    return (uint32_t)(pc >> 2) & (JC_SIZE - 1);
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
            memset(env->tb_jmp_cache, 0, JC_SIZE * sizeof(*env->tb_jmp_cache));
        }
        env->jc_generation = g;
    }
}

static TranslationBlock *hash_lookup(uint64_t pc)
{
    if (!tb_hash) {
        return NULL;
    }
    for (TranslationBlock *tb = tb_hash[hash_pc(pc)]; tb; tb = tb->hash_next) {
        if (tb->pc == pc) {
            return tb;
        }
    }
    return NULL;
}

bool tb_jmp_cache_init(CPUArchState *env)
{
    /* anonymous zero pages: those of entries never used are never faulted in */
    void *p = mmap(NULL, JC_SIZE * sizeof(*env->tb_jmp_cache), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    env->tb_jmp_cache = p == MAP_FAILED ? NULL : p;
    env->jc_generation = 0;
    return env->tb_jmp_cache != NULL;
}

void tb_jmp_cache_free(CPUArchState *env)
{
    if (env->tb_jmp_cache) {
        munmap(env->tb_jmp_cache, JC_SIZE * sizeof(*env->tb_jmp_cache));
        env->tb_jmp_cache = NULL;
    }
}

TranslationBlock *tb_lookup(CPUArchState *env, uint64_t pc)
{
    jc_check_generation(env);
    TranslationBlock *tb = env->tb_jmp_cache[jc_index(pc)];
    if (tb && tb->pc == pc) {
        return tb;
    }
    g_mutex_lock(&tb_lock);
    tb = hash_lookup(pc);
    g_mutex_unlock(&tb_lock);
    if (tb) {
        env->tb_jmp_cache[jc_index(pc)] = tb;
    }
    return tb;
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

TranslationBlock *tb_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot)
{
    STAT_INC(loop_entries);
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

static TranslationBlock *tb_gen_code(CPUArchState *env, uint64_t pc)
{
    IrContext *ir = get_thread_ir();
    ir_reset(ir);
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    tb->pc = pc;
    tb->size = a64_translate_block(ir, env, pc, tb_max_insns);
    tb->icount = tb->size / 4;
    if (tb->icount == 0) {
        tb->icount = 1;
    }
    if (log_enabled(LOG_OP)) {
        vemu_log("OP:\n");
        ir_dump(ir, vemu_log_file ? vemu_log_file : stderr);
        vemu_log("\n");
    }
    ir_optimize(ir);
    if (log_enabled(LOG_OP_OPT)) {
        vemu_log("OP after optimization:\n");
        ir_dump(ir, vemu_log_file ? vemu_log_file : stderr);
        vemu_log("\n");
    }
    __atomic_add_fetch(&tcg_stats.guest_insns, tb->icount, __ATOMIC_RELAXED);
    if (tb_accel == ACCEL_NATIVE) {
        bool full = false;
        if (native_compile(ir, tb, &full)) {
            STAT_INC(blocks_native);
            return tb;
        }
        if (full) {
            /* The code buffer is full: drop every block and start over (the caller is
             * the CPU loop, outside translated code). */
            tb_flush_all();
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

TranslationBlock *tb_find(CPUArchState *env, uint64_t pc)
{
    TranslationBlock *tb = tb_lookup(env, pc);
    if (tb) {
        return tb;
    }
    tb = tb_gen_code(env, pc);
    g_mutex_lock(&tb_lock);
    TranslationBlock *other = hash_lookup(pc);
    if (other) {
        /* Another thread translated it first; keep theirs.  A native duplicate stays
         * listed in its code region (the fault handler searches that list), so it is
         * retired with its region instead of freed now. */
        if (tb->host_code) {
            tb->all_next = tb_retired;
            tb_retired = tb;
        } else {
            g_free(tb->ops);
            g_free(tb->consts);
            g_free(tb);
        }
        tb = other;
    } else {
        hash_grow_if_full();
        uint32_t h = hash_pc(pc);
        tb->hash_next = tb_hash[h];
        tb_hash[h] = tb;
        nb_hashed++;
        tb->all_next = tb_all;
        tb_all = tb;
        if (pc < code_lo) {
            code_lo = pc;
        }
        if (pc + (tb->size ? tb->size : 4) > code_hi) {
            code_hi = pc + (tb->size ? tb->size : 4);
        }
    }
    g_mutex_unlock(&tb_lock);
    env->tb_jmp_cache[jc_index(pc)] = tb;
    return tb;
}

void tb_link(TranslationBlock *from, unsigned slot, TranslationBlock *to)
{
    if (slot >= 2) {
        return;
    }
    if (from->host_code) {
        /* Chain native blocks only to native blocks (the other kind runs elsewhere). */
        if (to->host_code && !log_enabled(LOG_EXEC)) {
            native_link(from, slot, to);
            STAT_INC(links);
        }
        return;
    }
    if (!to->host_code) {
        __atomic_store_n(&from->jmp_dest[slot], to, __ATOMIC_RELEASE);
        STAT_INC(links);
    }
}

static void tb_free_list(TranslationBlock *tb)
{
    while (tb) {
        TranslationBlock *next = tb->all_next;
        g_free(tb->ops);
        g_free(tb->fault_info);
        g_free(tb->consts);
        g_free(tb);
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
    native_fork_prepare();
}

void tb_fork_done(void)
{
    native_fork_done();
    g_mutex_unlock(&tb_lock);
}

void tb_flush_all(void)
{
    g_mutex_lock(&tb_lock);
    if (tb_hash) {
        memset(tb_hash, 0, sizeof(*tb_hash) << hash_bits);
        nb_hashed = 0;
    }
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

bool tb_invalidate_range(uint64_t start, uint64_t len)
{
    bool hit = false;
    uint64_t end = start + len < start ? UINT64_MAX : start + len;
    g_mutex_lock(&tb_lock);
    if (start < code_hi && end > code_lo) {
        for (TranslationBlock *tb = tb_all; tb; tb = tb->all_next) {
            /* A block covers at least its first instruction. */
            uint64_t tb_end = tb->pc + (tb->size ? tb->size : 4);
            if (tb->pc < end && tb_end > start) {
                hit = true;
                break;
            }
        }
    }
    g_mutex_unlock(&tb_lock);
    if (hit) {
        tb_flush_all();
    }
    return hit;
}
