/*
 * helper-mops.c - FEAT_MOPS memory copy and set (CPY*, CPYF*, SET*) as the Arm ARM's option
 * A defines them (C6.2 CPYP/CPYM/CPYE, SETP/SETM/SETE; docs/design/mops.md).
 *
 * Option A register formats, between the prologue and the end of the epilogue:
 *   forward copy:  Xd, Xs = one past the last byte; Xn = -(bytes left), so the next byte is
 *                  at Xd + Xn;
 *   backward copy: Xd, Xs = the first byte; Xn = bytes left (copied from the top down);
 *   set:           Xd = one past the last byte; Xn = -(bytes left).
 * The prologue only converts the registers (it copies 0 bytes, an IMPLEMENTATION DEFINED
 * portion) and sets NZCV to 0000; the main instruction copies everything, page by page,
 * writing Xn after every piece; the epilogue copies whatever is left (nothing after a main
 * instruction that completed).  A fault leaves Xn at the progress made, so returning to the
 * faulting instruction finishes the copy.  Each piece lies within one page of the source
 * and one of the destination, and its first byte (its last for a backward copy) is touched
 * before the bulk copy, so si_addr is the first byte that faulted in copy order.
 * SETG* (FEAT_MTE) also stores the Allocation Tag of every 16-byte granule it sets, from
 * the logical tag of Xd; its address and size must be multiples of 16 (else an alignment
 * fault: SIGBUS, BUS_ADRALN) and its stores are not tag-checked.  With MTE tag checks on
 * (mte_checks_enabled: PROT_MTE pages and a thread that asked), every piece a copy or a
 * set reads or writes is checked before it is accessed, so a sync tag-check fault leaves
 * the registers at the progress made, like any other fault.
 * Example: x0 = dst, x1 = src, x2 = 10; CPYP [x0]!, [x1]!, x2! -> x0 = dst + 10,
 * x1 = src + 10, x2 = -10, NZCV = 0000; CPYM copies the 10 bytes, x2 = 0; CPYE: nothing.
 */
#include "target/aarch64/helper-mops.h"

#include <stdbool.h>
#include <string.h>

#include "target/aarch64/helper-mte.h"
#include "target/aarch64/mte.h"
#include "tcg/guest-mem.h"

/* CPY*: Xn<63:55> != 0 saturates the size (ArchMaxMOPSCPYSize). */
#define MOPS_MAX_CPY 0x007fffffffffffffull
/* CPYF*, SET*: Xn<63> == 1 saturates the size (ArchMaxMOPSBlockSize); SETG*: to a
 * multiple of the tag granule. */
#define MOPS_MAX_BLOCK 0x7fffffffffffffffull
#define MOPS_MAX_SETG 0x7ffffffffffffff0ull
/* The direction test compares bits 55:0 of the addresses. */
#define MOPS_ADDR_MASK ((1ull << 56) - 1)
/* Tag checks of a piece are made this many bytes at a time (<= MTE_CHECK_SIZE_MASK). */
#define MOPS_CHECK_CHUNK 128u
/* A long main instruction looks for a pending signal after this many bytes. */
#define MOPS_POLL_BYTES (1ull << 20)

typedef struct Mops {
    CPUArchState *env;
    int kind, stage, rd, rs, rn;
    uint64_t pc;
    uint64_t since_poll;
} Mops;

static uint64_t xreg(const CPUArchState *env, int r)
{
    return r == 31 ? 0 : env->xregs[r];
}

/* The host address of guest byte addr (top byte ignored), or a data abort at the
 * instruction when addr lies outside the user address space. */
static uint8_t *mops_ptr(Mops *m, uint64_t addr, bool write)
{
    uint64_t a = addr & GUEST_ADDR_TBI_MASK;

    if (a > GUEST_ADDR_MAX) {
        m->env->pc = m->pc;
        m->env->fault_addr = a;
        m->env->fault_write = write;
        cpu_loop_exit(m->env, EXCP_DATA_ABORT);
    }
    return g2h(addr);
}

/* Touch one byte so that a fault happens here, at a known address, and not somewhere
 * inside memmove/memset (host fault -> guest SIGSEGV at this instruction). */
static void probe_read(const uint8_t *p)
{
    (void)*(const volatile uint8_t *)p;
}

static void probe_write(uint8_t *p)
{
    __atomic_fetch_or(p, 0, __ATOMIC_RELAXED); /* a write that changes nothing */
}

static uint64_t min2(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* The tag check of [addr, addr + len) (one page at most) as a load or a store, granule by
 * granule, when checks are on: a sync mismatch leaves through the tag-check fault at this
 * instruction, an async one is recorded and the access goes ahead. */
static void mops_check(Mops *m, uint64_t addr, uint64_t len, bool store)
{
    if (!mte_checks_enabled()) {
        return;
    }
    m->env->pc = m->pc;
    /* helper_mte_check walks the granules of up to MTE_CHECK_SIZE_MASK bytes at a time */
    for (uint64_t off = 0; off < len; off += MOPS_CHECK_CHUNK) {
        uint64_t chunk = min2(len - off, MOPS_CHECK_CHUNK);
        helper_mte_check(m->env, addr + off, chunk | (store ? MTE_CHECK_STORE : 0));
    }
}

/* SETG*: the address and the size left must be multiples of the tag granule (a size of 0
 * accepts any address), else the alignment fault at this instruction. */
static void setg_check_alignment(Mops *m, uint64_t addr, uint64_t size)
{
    if ((size != 0 && (addr & (MTE_GRANULE - 1))) || (size & (MTE_GRANULE - 1))) {
        m->env->pc = m->pc;
        m->env->fault_addr = addr & GUEST_ADDR_TBI_MASK;
        m->env->fault_write = true;
        cpu_loop_exit(m->env, EXCP_ALIGN);
    }
}

static uint64_t page_left(uint64_t addr) /* bytes from addr to the end of its page */
{
    return GUEST_PAGE_SIZE - (addr & (GUEST_PAGE_SIZE - 1));
}

static uint64_t page_before(uint64_t end) /* bytes of [.., end) in the page of end - 1 */
{
    return ((end - 1) & (GUEST_PAGE_SIZE - 1)) + 1;
}

/* Progress was written to the registers: let a pending signal in now and then, resuming
 * at this instruction (as an interrupt taken in the middle of a main instruction). */
static void mops_poll(Mops *m, uint64_t done)
{
    m->since_poll += done;
    if (m->since_poll >= MOPS_POLL_BYTES) {
        m->since_poll = 0;
        if (m->env->exit_request) {
            m->env->pc = m->pc;
            cpu_loop_exit(m->env, EXCP_INTERRUPT);
        }
    }
}

/* What Linux does with a MOPS exception at EL0 (arch/arm64 arm64_mops_reset_regs): put the
 * registers back into the prologue's format and restart the sequence at the prologue.
 * wrong_option: the registers are in option B's format (PSTATE.C = 1), else option A's. */
static _Noreturn void mops_exception(Mops *m, bool wrong_option)
{
    CPUArchState *env = m->env;
    uint64_t dst = env->xregs[m->rd], size = env->xregs[m->rn];

    if (m->kind == MOPS_SET || m->kind == MOPS_SETG) {
        if (!wrong_option) {
            env->xregs[m->rd] = dst + size;
            env->xregs[m->rn] = -size;
        }
    } else {
        uint64_t src = env->xregs[m->rs];
        if (wrong_option) {
            if (env->nf >> 63) { /* option B, backward: Xd/Xs are one past the end */
                env->xregs[m->rd] = dst - size;
                env->xregs[m->rs] = src - size;
            }
        } else if (size >> 63) { /* option A, forward */
            env->xregs[m->rd] = dst + size;
            env->xregs[m->rs] = src + size;
            env->xregs[m->rn] = -size;
        }
    }
    env->pc = m->pc - (m->stage == MOPS_EPILOGUE ? 8 : 4);
    cpu_loop_exit(env, EXCP_INTERRUPT);
}

static void prologue(Mops *m)
{
    CPUArchState *env = m->env;
    uint64_t size = env->xregs[m->rn];
    uint64_t dst = env->xregs[m->rd];

    if (m->kind == MOPS_SET || m->kind == MOPS_SETG) {
        size = size >> 63 ? (m->kind == MOPS_SETG ? MOPS_MAX_SETG : MOPS_MAX_BLOCK) : size;
        if (m->kind == MOPS_SETG) {
            setg_check_alignment(m, dst, size);
        }
        env->xregs[m->rd] = dst + size;
        env->xregs[m->rn] = -size;
    } else {
        uint64_t src = env->xregs[m->rs];
        bool forward = true;
        if (m->kind == MOPS_CPY) {
            uint64_t s56 = src & MOPS_ADDR_MASK, d56 = dst & MOPS_ADDR_MASK;
            size = size > MOPS_MAX_CPY ? MOPS_MAX_CPY : size;
            /* backward only when the destination overlaps the end of the source; the
             * IMPLEMENTATION DEFINED cases (no overlap, same address) go forward */
            forward = !(s56 < d56 && s56 + size > d56);
        } else {
            size = size >> 63 ? MOPS_MAX_BLOCK : size;
        }
        if (forward) {
            env->xregs[m->rd] = dst + size;
            env->xregs[m->rs] = src + size;
            env->xregs[m->rn] = -size;
        } else {
            env->xregs[m->rn] = size;
        }
    }
    cpu_set_nzcv(env, 0); /* option A */
}

static void copy_forward(Mops *m, int64_t n)
{
    CPUArchState *env = m->env;
    uint64_t dend = env->xregs[m->rd], send = env->xregs[m->rs];

    while (n < 0) {
        uint64_t d = dend + (uint64_t)n, s = send + (uint64_t)n;
        uint64_t len = min2(min2(0 - (uint64_t)n, page_left(d)), page_left(s));
        const uint8_t *hs = mops_ptr(m, s, false);
        probe_read(hs);
        uint8_t *hd = mops_ptr(m, d, true);
        probe_write(hd);
        mops_check(m, s, len, false);
        mops_check(m, d, len, true);
        memmove(hd, hs, len);
        n = (int64_t)((uint64_t)n + len);
        env->xregs[m->rn] = (uint64_t)n;
        mops_poll(m, len);
    }
}

static void copy_backward(Mops *m, int64_t n)
{
    CPUArchState *env = m->env;
    uint64_t dst = env->xregs[m->rd], src = env->xregs[m->rs];

    while (n > 0) {
        uint64_t dend = dst + (uint64_t)n, send = src + (uint64_t)n;
        uint64_t len = min2(min2((uint64_t)n, page_before(dend)), page_before(send));
        const uint8_t *hs = mops_ptr(m, send - 1, false);
        probe_read(hs);
        uint8_t *hd = mops_ptr(m, dend - 1, true);
        probe_write(hd);
        mops_check(m, send - len, len, false);
        mops_check(m, dend - len, len, true);
        memmove(hd + 1 - len, hs + 1 - len, len);
        n -= (int64_t)len;
        env->xregs[m->rn] = (uint64_t)n;
        mops_poll(m, len);
    }
}

static void set_forward(Mops *m, int64_t n)
{
    CPUArchState *env = m->env;
    uint64_t dend = env->xregs[m->rd];
    int data = (int)(xreg(env, m->rs) & 0xff);

    while (n < 0) {
        uint64_t d = dend + (uint64_t)n;
        uint64_t len = min2(0 - (uint64_t)n, page_left(d));
        uint8_t *hd = mops_ptr(m, d, true);
        probe_write(hd);
        if (m->kind == MOPS_SETG) {
            /* the tags first: a store to a read-only page faulted above already */
            for (uint64_t g = 0; g < len; g += MTE_GRANULE) {
                mte_tag_set(d + g, mte_logical_tag(dend));
            }
        } else {
            mops_check(m, d, len, true);
        }
        memset(hd, data, len);
        n = (int64_t)((uint64_t)n + len);
        env->xregs[m->rn] = (uint64_t)n;
        mops_poll(m, len);
    }
}

void helper_mops(CPUArchState *env, uint64_t desc, uint64_t pc)
{
    Mops m = {.env = env,
              .rd = (int)(desc & 31),
              .rs = (int)((desc >> 5) & 31),
              .rn = (int)((desc >> 10) & 31),
              .kind = (int)((desc >> 15) & 3),
              .stage = (int)((desc >> 17) & 3),
              .pc = pc};
    int64_t n;

    if (m.stage == MOPS_PROLOGUE) {
        prologue(&m);
        return;
    }
    /* Main and epilogue: option A expects PSTATE.C = 0 and, for the forward-only forms, a
     * remaining size <= 0; anything else is a MOPS exception (wrong option, or parameters
     * no prologue of this implementation produces), which Linux handles by restarting. */
    if (env->cf) {
        mops_exception(&m, true);
    }
    n = (int64_t)env->xregs[m.rn];
    if (m.kind != MOPS_CPY && n > 0) {
        mops_exception(&m, false);
    }
    if (m.kind == MOPS_SETG) {
        setg_check_alignment(&m, env->xregs[m.rd] + (uint64_t)n, 0 - (uint64_t)n);
    }
    if (m.kind == MOPS_SET || m.kind == MOPS_SETG) {
        set_forward(&m, n);
    } else if (n < 0) {
        copy_forward(&m, n);
    } else {
        copy_backward(&m, n);
    }
}
