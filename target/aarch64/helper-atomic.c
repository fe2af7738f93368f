/*
 * helper-atomic.c - memory helpers for A64 loads/stores that cannot be single IR ops:
 * store-exclusive against the LL/SC monitor, the ARMv8.1 LSE atomics and the interleaved
 * AdvSIMD structure transfers (declared in helper-ldst.h).
 *
 * The exclusive monitor: LDXR records exclusive_addr and the loaded value(s) in env (see
 * translate-atomic.c); STXR succeeds only if the address matches and an atomic
 * compare-and-swap of memory from the recorded value to the new one succeeds, which keeps
 * LL/SC correct between host threads.  128-bit compare-and-swap uses cmpxchg16b on x86-64
 * and a global mutex elsewhere.  Example: LDXR x1,[x0] reads 5; another thread stores 7;
 * STXR w2,x3,[x0] then fails (w2 = 1) because memory no longer holds 5.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "tcg/guest-mem.h"
#include "target/aarch64/cpu.h"
#include "target/aarch64/helper-ldst.h"

static _Noreturn void align_fault(CPUArchState *env, uint64_t addr, uint64_t pc, bool write)
{
    env->pc = pc;
    env->fault_addr = addr;
    env->fault_write = write;
    cpu_loop_exit(env, EXCP_ALIGN);
}

static inline void check_align(CPUArchState *env, uint64_t addr, unsigned bytes, uint64_t pc)
{
    if (addr & (bytes - 1)) {
        align_fault(env, addr, pc, true);
    }
}

static inline uint64_t size_mask(unsigned size)
{
    return size >= 3 ? ~0ull : (1ull << (8u << size)) - 1;
}

/* Compare-and-swap of 1 << size bytes at host p; *expected receives the old value. */
static bool cas_n(void *p, unsigned size, uint64_t *expected, uint64_t newv)
{
    switch (size) {
    case 0: {
        uint8_t e = (uint8_t)*expected;
        bool ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)newv, false,
                                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    case 1: {
        uint16_t e = (uint16_t)*expected;
        bool ok = __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)newv, false,
                                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    case 2: {
        uint32_t e = (uint32_t)*expected;
        bool ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)newv, false,
                                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    default: {
        uint64_t e = *expected;
        bool ok = __atomic_compare_exchange_n((uint64_t *)p, &e, newv, false, __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    }
}

static uint64_t load_n(const void *p, unsigned size)
{
    switch (size) {
    case 0:
        return __atomic_load_n((const uint8_t *)p, __ATOMIC_SEQ_CST);
    case 1:
        return __atomic_load_n((const uint16_t *)p, __ATOMIC_SEQ_CST);
    case 2:
        return __atomic_load_n((const uint32_t *)p, __ATOMIC_SEQ_CST);
    default:
        return __atomic_load_n((const uint64_t *)p, __ATOMIC_SEQ_CST);
    }
}

#if !defined(__x86_64__)
static pthread_mutex_t cas128_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

/* 16-byte compare-and-swap at host p (16-byte aligned): on failure elo/ehi receive the
 * current contents.  Returns true if the new value was stored. */
static bool cas_128(void *p, uint64_t *elo, uint64_t *ehi, uint64_t nlo, uint64_t nhi)
{
#if defined(__x86_64__)
    bool ok;
    uint64_t *m = p;
    __asm__ __volatile__("lock cmpxchg16b %1"
                         : "=@ccz"(ok), "+m"(*m), "+a"(*elo), "+d"(*ehi)
                         : "b"(nlo), "c"(nhi)
                         : "memory");
    return ok;
#else
    volatile uint64_t *m = p;
    bool ok;
    pthread_mutex_lock(&cas128_lock);
    ok = m[0] == *elo && m[1] == *ehi;
    if (ok) {
        m[0] = nlo;
        m[1] = nhi;
    } else {
        *elo = m[0];
        *ehi = m[1];
    }
    pthread_mutex_unlock(&cas128_lock);
    return ok;
#endif
}

uint64_t helper_stxr(CPUArchState *env, uint64_t addr, uint64_t val, uint64_t size, uint64_t pc)
{
    uint64_t expected;
    bool ok;

    check_align(env, addr, 1u << size, pc);
    if (addr != env->exclusive_addr) {
        env->exclusive_addr = ~0ull;
        return 1;
    }
    expected = env->exclusive_val & size_mask((unsigned)size);
    ok = cas_n(g2h(addr), (unsigned)size, &expected, val & size_mask((unsigned)size));
    env->exclusive_addr = ~0ull;
    return ok ? 0 : 1;
}

uint64_t helper_stxp(CPUArchState *env, uint64_t addr, uint64_t lo, uint64_t hi, uint64_t pc)
{
    uint64_t elo, ehi;
    bool ok;

    check_align(env, addr, 16, pc);
    if (addr != env->exclusive_addr) {
        env->exclusive_addr = ~0ull;
        return 1;
    }
    elo = env->exclusive_val;
    ehi = env->exclusive_high;
    ok = cas_128(g2h(addr), &elo, &ehi, lo, hi);
    env->exclusive_addr = ~0ull;
    return ok ? 0 : 1;
}

uint64_t helper_cas(CPUArchState *env, uint64_t addr, uint64_t cmp, uint64_t newv, uint64_t size,
                    uint64_t pc)
{
    uint64_t expected = cmp & size_mask((unsigned)size);

    check_align(env, addr, 1u << size, pc);
    cas_n(g2h(addr), (unsigned)size, &expected, newv & size_mask((unsigned)size));
    return expected;
}

static inline uint64_t xreg_or_zero(const CPUArchState *env, uint64_t r)
{
    return r == 31 ? 0 : env->xregs[r];
}

void helper_casp128(CPUArchState *env, uint64_t addr, uint64_t rs, uint64_t rt, uint64_t pc)
{
    uint64_t elo = xreg_or_zero(env, rs);
    uint64_t ehi = xreg_or_zero(env, rs + 1);

    check_align(env, addr, 16, pc);
    cas_128(g2h(addr), &elo, &ehi, xreg_or_zero(env, rt), xreg_or_zero(env, rt + 1));
    /* On success elo/ehi still hold the compare value, which equals the old memory. */
    if (rs != 31) {
        env->xregs[rs] = elo;
    }
    if (rs + 1 != 31) {
        env->xregs[rs + 1] = ehi;
    }
}

static inline int64_t sext_n(uint64_t v, unsigned size)
{
    unsigned sh = 64 - (8u << size);
    return (int64_t)(v << sh) >> sh;
}

/* The new memory value of LD<op> for old value `old` and operand `val` at size. */
static uint64_t atomic_apply(unsigned op, unsigned size, uint64_t old, uint64_t val)
{
    switch (op) {
    case A64_ATOMIC_ADD:
        return old + val;
    case A64_ATOMIC_CLR:
        return old & ~val;
    case A64_ATOMIC_EOR:
        return old ^ val;
    case A64_ATOMIC_SET:
        return old | val;
    case A64_ATOMIC_SMAX:
        return sext_n(old, size) > sext_n(val, size) ? old : val;
    case A64_ATOMIC_SMIN:
        return sext_n(old, size) < sext_n(val, size) ? old : val;
    case A64_ATOMIC_UMAX:
        return old > val ? old : val;
    case A64_ATOMIC_UMIN:
        return old < val ? old : val;
    default: /* A64_ATOMIC_SWP */
        return val;
    }
}

uint64_t helper_atomic_op(CPUArchState *env, uint64_t addr, uint64_t val, uint64_t desc,
                          uint64_t pc)
{
    unsigned op = (unsigned)(desc & 15);
    unsigned size = (unsigned)(desc >> 4) & 3;
    uint64_t mask = size_mask(size);
    void *p = g2h(addr);
    uint64_t old;

    check_align(env, addr, 1u << size, pc);
    val &= mask;
    if (size == 3) {
        uint64_t *p64 = p;
        switch (op) {
        case A64_ATOMIC_ADD:
            return __atomic_fetch_add(p64, val, __ATOMIC_SEQ_CST);
        case A64_ATOMIC_CLR:
            return __atomic_fetch_and(p64, ~val, __ATOMIC_SEQ_CST);
        case A64_ATOMIC_EOR:
            return __atomic_fetch_xor(p64, val, __ATOMIC_SEQ_CST);
        case A64_ATOMIC_SET:
            return __atomic_fetch_or(p64, val, __ATOMIC_SEQ_CST);
        case A64_ATOMIC_SWP:
            return __atomic_exchange_n(p64, val, __ATOMIC_SEQ_CST);
        default:
            break;
        }
    }
    /* Generic compare-and-swap loop for narrow sizes and max/min. */
    old = load_n(p, size);
    for (;;) {
        uint64_t newv = atomic_apply(op, size, old, val) & mask;
        uint64_t expected = old;
        if (cas_n(p, size, &expected, newv)) {
            return old;
        }
        old = expected;
    }
}

void helper_simd_ldst_multi(CPUArchState *env, uint64_t addr, uint64_t desc)
{
    unsigned rt = (unsigned)(desc & 31);
    unsigned selem = (unsigned)(desc >> 5) & 7;
    unsigned size = (unsigned)(desc >> 8) & 3;
    bool q = (desc >> 10) & 1;
    bool load = (desc >> 11) & 1;
    unsigned ebytes = 1u << size;
    unsigned elements = (q ? 16u : 8u) / ebytes;
    uint8_t *mem = g2h(addr);
    Vreg tmp[4];

    if (load) {
        memset(tmp, 0, sizeof(tmp));
    } else {
        for (unsigned k = 0; k < selem; k++) {
            tmp[k] = env->vregs[(rt + k) % 32];
        }
    }
    for (unsigned e = 0; e < elements; e++) {
        for (unsigned k = 0; k < selem; k++) {
            uint8_t *m = mem + (e * selem + k) * ebytes;
            if (load) {
                memcpy(&tmp[k].b[e * ebytes], m, ebytes);
            } else {
                memcpy(m, &tmp[k].b[e * ebytes], ebytes);
            }
        }
    }
    if (load) {
        /* Q = 0 loads zero the upper 64 bits (tmp was cleared). */
        for (unsigned k = 0; k < selem; k++) {
            env->vregs[(rt + k) % 32] = tmp[k];
        }
    }
}
