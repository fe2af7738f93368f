/*
 * smc.c - code that changes at run time, made visible the way the Arm ARM requires
 * (B2.4.4, "Concurrent modification and execution of instructions"): write the new
 * instructions, DC CVAU + DSB ISH, IC IVAU + DSB ISH, then ISB on the executing thread.
 * After that the new instructions must run; code next to them on the same page that
 * was not rewritten must keep running too.  Covers what JITs do: patching one function
 * among many on a page, retargeting a direct branch that was already taken, rewriting a
 * branch target's code while the branch itself stays, patching code another thread runs,
 * several threads running a page that one thread keeps rewriting, and replacing a mapping
 * with MAP_FIXED.
 * Example: smc  ->  "PASS smc"
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "check.h"

typedef int (*fn_t)(void);

#define PAGE 4096
#define SLOTS 64 /* functions on the page, 16 bytes apart */

static uint32_t mov_w0(unsigned imm16)
{
    return 0x52800000u | (imm16 << 5); /* MOVZ W0, #imm16 */
}

static const uint32_t RET = 0xd65f03c0u;

static uint32_t b_to(const uint32_t *from, const uint32_t *to)
{
    return 0x14000000u | ((uint32_t)(to - from) & 0x3ffffffu); /* B to */
}

/* Make [p, p+n) visible to instruction fetch on every core (Arm ARM B2.4.4). */
static void sync_code(void *p, size_t n)
{
    for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + n; a += 64) {
        asm volatile("dc cvau, %0" ::"r"(a) : "memory");
    }
    asm volatile("dsb ish" ::: "memory");
    for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + n; a += 64) {
        asm volatile("ic ivau, %0" ::"r"(a) : "memory");
    }
    asm volatile("dsb ish\n\tisb" ::: "memory");
}

static uint32_t *slot(uint32_t *page, int i)
{
    return page + i * 4;
}

static int call(uint32_t *code)
{
    return ((fn_t)(void *)code)();
}

static void set_const(uint32_t *f, unsigned v)
{
    f[0] = mov_w0(v);
    f[1] = RET;
}

/* Many functions on one page; rewrite some, the others keep their results. */
static void patch_one_of_many(uint32_t *page)
{
    for (int i = 0; i < SLOTS; i++) {
        set_const(slot(page, i), 100 + i);
    }
    sync_code(page, PAGE);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < SLOTS; i++) {
            CHECK_EQ("initial function", 100 + i, call(slot(page, i)));
        }
    }
    for (int k = 0; k < 200; k++) {
        int i = (k * 7) % SLOTS;
        set_const(slot(page, i), 1000 + k);
        sync_code(slot(page, i), 8);
        CHECK_EQ("patched function", 1000 + k, call(slot(page, i)));
        int j = (i + 1) % SLOTS;
        int expect_j = 100 + j;
        for (int m = 0; m < k; m++) {
            if ((m * 7) % SLOTS == j) {
                expect_j = 1000 + m;
            }
        }
        CHECK_EQ("neighbour of a patched function", expect_j, call(slot(page, j)));
    }
}

/* A direct branch already taken (and so possibly chained) to code that is rewritten, then
 * the branch itself retargeted. */
static void patch_branch_target(uint32_t *page)
{
    uint32_t *entry = slot(page, 0), *a = slot(page, 8), *b = slot(page, 16);
    set_const(a, 1);
    set_const(b, 2);
    entry[0] = b_to(entry, a);
    sync_code(page, PAGE);
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ("branch to a", 1, call(entry));
    }
    set_const(a, 3); /* the target changes, the branch does not */
    sync_code(a, 8);
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ("branch to rewritten a", 3, call(entry));
    }
    entry[0] = b_to(entry, b); /* the branch changes */
    sync_code(entry, 4);
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ("branch retargeted to b", 2, call(entry));
    }
}

/* Code on a page boundary: a function whose instructions straddle two pages. */
static void patch_across_pages(uint32_t *two_pages)
{
    uint32_t *f = two_pages + PAGE / 4 - 1; /* last word of page 0 */
    f[0] = mov_w0(7);
    f[1] = RET; /* first word of page 1 */
    sync_code(f, 8);
    CHECK_EQ("straddling function", 7, call(f));
    f[1] = 0x11000400u; /* ADD W0, W0, #1 */
    f[2] = RET;
    sync_code(f + 1, 8);
    CHECK_EQ("straddling function, second page rewritten", 8, call(f));
}

static uint32_t *shared_code;
static int flag;
static int seen[4];

static void *reader(void *arg)
{
    (void)arg;
    for (int phase = 0; phase < 4; phase++) {
        while (__atomic_load_n(&flag, __ATOMIC_ACQUIRE) != phase) {
            call(shared_code); /* keeps the old code hot in this thread */
        }
        asm volatile("isb" ::: "memory"); /* the context synchronisation the ARM requires */
        __atomic_store_n(&seen[phase], call(shared_code), __ATOMIC_RELEASE);
    }
    return NULL;
}

/* One thread rewrites code another thread keeps running. */
static void patch_for_other_thread(uint32_t *page)
{
    shared_code = slot(page, 4);
    set_const(shared_code, 500);
    sync_code(page, PAGE);
    __atomic_store_n(&flag, -1, __ATOMIC_RELEASE);
    pthread_t t;
    CHECK("pthread_create", pthread_create(&t, NULL, reader, NULL) == 0);
    for (int phase = 0; phase < 4; phase++) {
        for (volatile int spin = 0; spin < 20000; spin++) {
        }
        set_const(shared_code, 600 + phase);
        sync_code(shared_code, 8);
        __atomic_store_n(&flag, phase, __ATOMIC_RELEASE);
        while (!__atomic_load_n(&seen[phase], __ATOMIC_ACQUIRE)) {
            sched_yield();
        }
    }
    pthread_join(t, NULL);
    for (int phase = 0; phase < 4; phase++) {
        CHECK_EQ("other thread sees the rewritten code", 600 + phase, seen[phase]);
    }
}

/* Stress: several threads keep calling the functions of a page while one thread rewrites
 * them.  Function i only ever returns (i << 8) | version; a caller must never see anything
 * else (a torn or stale-beyond-synchronisation translation), and after it has read the
 * published version (acquire) and executed an ISB it must see at least that version. */
#define STRESS_THREADS 3
#define STRESS_FUNCS 16
#define STRESS_VERSIONS 200
static uint32_t *stress_page;
static int stress_version;
static int stress_bad;

static void *stress_runner(void *arg)
{
    (void)arg;
    int last = -1;
    while (last < STRESS_VERSIONS - 1) {
        int v = __atomic_load_n(&stress_version, __ATOMIC_ACQUIRE);
        asm volatile("isb" ::: "memory");
        for (int i = 0; i < STRESS_FUNCS; i++) {
            int r = call(slot(stress_page, i * 2));
            if ((r >> 8) != i || (r & 0xff) < v || (r & 0xff) >= STRESS_VERSIONS) {
                __atomic_add_fetch(&stress_bad, 1, __ATOMIC_RELAXED);
            }
        }
        last = v;
    }
    return NULL;
}

static void invalidation_stress(uint32_t *page)
{
    stress_page = page;
    for (int i = 0; i < STRESS_FUNCS; i++) {
        set_const(slot(page, i * 2), (unsigned)(i << 8));
    }
    sync_code(page, PAGE);
    pthread_t t[STRESS_THREADS];
    for (int k = 0; k < STRESS_THREADS; k++) {
        CHECK("pthread_create", pthread_create(&t[k], NULL, stress_runner, NULL) == 0);
    }
    for (int v = 1; v < STRESS_VERSIONS; v++) {
        for (int i = 0; i < STRESS_FUNCS; i++) {
            set_const(slot(page, i * 2), (unsigned)(i << 8 | v));
            sync_code(slot(page, i * 2), 8);
        }
        __atomic_store_n(&stress_version, v, __ATOMIC_RELEASE);
        for (volatile int spin = 0; spin < 2000; spin++) {
        }
    }
    for (int k = 0; k < STRESS_THREADS; k++) {
        pthread_join(t[k], NULL);
    }
    CHECK_EQ("wrong or stale results while code was rewritten", 0, stress_bad);
}

/* munmap + a new mapping at the same address: the new code runs. */
static void remap_same_address(void)
{
    uint32_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", p != MAP_FAILED);
    set_const(p, 11);
    CHECK("mprotect rx", mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0);
    sync_code(p, 8);
    CHECK_EQ("first mapping", 11, call(p));
    uint32_t *q =
        mmap(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("mmap fixed", q == p);
    set_const(q, 12);
    CHECK("mprotect rx again", mprotect(q, PAGE, PROT_READ | PROT_EXEC) == 0);
    sync_code(q, 8);
    CHECK_EQ("replacing mapping", 12, call(q));
    munmap(q, PAGE);
}

int main(void)
{
    uint32_t *rwx = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap rwx", rwx != MAP_FAILED);
    if (rwx == MAP_FAILED) {
        return finish("smc");
    }
    patch_one_of_many(rwx);
    memset(rwx, 0, PAGE);
    patch_branch_target(rwx);
    patch_across_pages(rwx + PAGE / 4);
    memset(rwx, 0, PAGE);
    patch_for_other_thread(rwx);
    memset(rwx, 0, PAGE);
    invalidation_stress(rwx);
    remap_same_address();
    return finish("smc");
}
