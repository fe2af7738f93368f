/*
 * native.c - the x86-64 native backend (see native.h): turns a block's optimized IR into
 * host code.
 *
 * Register use in generated code: rbp = env (guest globals are [rbp + offset]), r12 = the
 * thread's spill frame (block-local temps live in 16-byte slots [r12 + 16*k], reused once a
 * temp is dead), rax/rcx/rdx/rsi/rdi/r8-r11 are scratch.  Every op loads its inputs from
 * env/frame/immediates, computes in scratch registers and stores its outputs, so guest
 * state in env is exact at every op: a host fault in a guest access, or a helper that
 * leaves the block, sees precise registers; the guest pc of the instruction is stored in
 * env->insn_pc before each such op.  Example, x1 = x2 + 5 (add_i64 x1, x2, $5):
 *     mov rax, [rbp+16] ; add rax, 5 ; mov [rbp+8], rax
 * Blocks end in a patchable `jmp rel32` (goto_tb, 4-byte aligned field so patching is one
 * atomic store), a return through the shared epilogue (exit_tb: rax = block, rdx = slot),
 * or an indirect lookup (goto_ptr).  docs/design/native-backend.md has the design.
 */
#include "tcg/x86_64/native.h"

#include <cpuid.h>
#include <glib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "tcg/host-prefault.h"
#include "tcg/log.h"
#include "tcg/perfmap.h"
#include "tcg/stats.h"
#include "tcg/x86_64/disas-host.h"
#include "tcg/x86_64/native-crypto.h"
#include "tcg/x86_64/native-vec.h"
#include "tcg/x86_64/x86-emit.h"

#define CODE_REGION_SIZE ((size_t)TB_CODE_BUFFER_MAX_MIB << 20)
#define FRAME_SLOTS 4096
#define FRAME_SIZE (FRAME_SLOTS * 16)
#define MIN_BLOCK_ROOM 4096 /* a block that needs more than what is left triggers a flush */

/* Guest state at a host instruction that accesses guest memory: which guest registers
 * are newer in host registers than in env, and the guest pc.  One record per access;
 * consecutive accesses with the same spills share them.  Kept small: every block keeps
 * its records, and a short process's start-up pays a page fault per 4 KiB of them. */
typedef struct NativeFaultSite {
    uint32_t host_off; /* of the access instruction, from tb->host_code */
    uint16_t pc_off;   /* guest pc - tb->pc (a block covers at most TB_MAX_INSNS) */
    uint16_t first;    /* spills[first .. first+count) */
    uint8_t count;
} NativeFaultSite;

typedef struct NativeFaultSpill {
    uint16_t env_off; /* of a 64-bit guest register global in CPUArchState */
    uint8_t reg;
} NativeFaultSpill;

/* followed by nb_sites NativeFaultSite, then the NativeFaultSpill they use */
typedef struct NativeFaultInfo {
    uint32_t nb_sites;
} NativeFaultInfo;

static const NativeFaultSite *fault_sites(const NativeFaultInfo *fi)
{
    return (const NativeFaultSite *)(const void *)(fi + 1);
}

static const NativeFaultSpill *fault_spills(const NativeFaultInfo *fi)
{
    return (const NativeFaultSpill *)(const void *)(fault_sites(fi) + fi->nb_sites);
}

/* ---- code buffer ---- */

#define REGION_MAX_TBS (CODE_REGION_SIZE / 32)

typedef struct CodeRegion {
    uint8_t *base;
    size_t used;
    /* blocks in code order (append-only, read without a lock by the fault handler) */
    struct TranslationBlock **tbs;
    size_t nb_tbs;
    struct CodeRegion *older; /* regions kept alive for threads still running old code */
    size_t populated;         /* bytes from base already faulted in (populate_ahead) */
} CodeRegion;

static size_t code_limit = CODE_REGION_SIZE; /* bytes of a region blocks may use */

void native_set_code_limit(unsigned mib)
{
    code_limit = mib < 1                        ? (size_t)1 << 20
                 : mib > TB_CODE_BUFFER_MAX_MIB ? CODE_REGION_SIZE
                                                : (size_t)mib << 20;
}

/* Fault in the region's pages ahead of the code, POPULATE_STEP bytes at a time
 * (tcg/host-prefault.h says why). */
#define POPULATE_STEP (64u << 10)

static void populate_ahead(CodeRegion *r, size_t need)
{
    while (r->populated < need && r->populated < code_limit) {
        host_prefault(r->base + r->populated, POPULATE_STEP);
        r->populated += POPULATE_STEP;
    }
}

static CodeRegion *region;
static uint8_t *prologue_code; /* native_enter_fn, at the start of the first region */
static uint8_t *epilogue_code;
static uint8_t *fop_thunk; /* the current region's slow path of IR_FOP (emit_fop_thunk) */
static GMutex code_lock;
static size_t code_total;
static bool have_popcnt, have_ssse3, have_sse41, have_fma;
static void vec_tables_init(void);

typedef struct NativeRet {
    TranslationBlock *tb;
    uint64_t slot;
} NativeRet;
typedef NativeRet (*NativeEnterFn)(CPUArchState *env, const void *code, void *frame);

static CodeRegion *new_region(void)
{
    void *p = mmap(NULL, CODE_REGION_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    void *t = mmap(NULL, REGION_MAX_TBS * sizeof(void *), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (t == MAP_FAILED) {
        munmap(p, CODE_REGION_SIZE);
        return NULL;
    }
    CodeRegion *r = g_new0(CodeRegion, 1);
    r->base = p;
    r->tbs = t;
    return r;
}

/* IR_FOP's slow path, shared by the region's blocks: a call that preserves every register
 * the block may use.  In: rax, rcx, rdx = the operands, r11d = desc, [rsp + 8] = the
 * IrFpFn; out: rax = fn(env, a, b, c, desc).  Generated code calls it with rsp 8 bytes
 * below a 16-byte boundary (after pushing fn), so the frame below keeps calls aligned. */
#define FOP_THUNK_XMM_FIRST 3 /* xmm0-2 are scratch; xmm3-15 hold cached values */
#define FOP_THUNK_FRAME (13 * 16 + 8)
static const int fop_thunk_saved[5] = {X86_RSI, X86_RDI, X86_R8, X86_R9, X86_R10};

static uint8_t *emit_fop_thunk(CodeBuf *cb)
{
    while ((uintptr_t)cb->ptr & 15) {
        x86_byte(cb, 0xcc);
    }
    uint8_t *entry = cb->ptr;
    for (int i = 0; i < 5; i++) {
        x86_opc(cb, 0x50 + (fop_thunk_saved[i] & 7), 0, 0, fop_thunk_saved[i]); /* push */
    }
    x86_op_ri(cb, X86_ALU_SUB, true, X86_RSP, FOP_THUNK_FRAME);
    for (int x = FOP_THUNK_XMM_FIRST; x < 16; x++) {
        x86_op_rm(cb, X86_OPC_MOVDQU_WxVx, x, X86_RSP, 8 + 16 * (x - FOP_THUNK_XMM_FIRST));
    }
    x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDI, X86_RBP);
    x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RSI, X86_RAX);
    x86_op_rr(cb, 0x87 | X86_P_W, X86_RDX, X86_RCX); /* xchg: rdx = b, rcx = c */
    x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_R8, X86_R11);
    /* call [rsp + frame + pushes + return address]: fn */
    x86_op_rm(cb, 0xff, 2, X86_RSP, FOP_THUNK_FRAME + 5 * 8 + 8);
    for (int x = FOP_THUNK_XMM_FIRST; x < 16; x++) {
        x86_op_rm(cb, X86_OPC_MOVDQU_VxWx, x, X86_RSP, 8 + 16 * (x - FOP_THUNK_XMM_FIRST));
    }
    x86_op_ri(cb, X86_ALU_ADD, true, X86_RSP, FOP_THUNK_FRAME);
    for (int i = 4; i >= 0; i--) {
        x86_opc(cb, 0x58 + (fop_thunk_saved[i] & 7), 0, 0, fop_thunk_saved[i]); /* pop */
    }
    x86_byte(cb, 0xc3);
    return entry;
}

/* The prologue/epilogue pair every region starts with (each region has its own so a
 * region can be dropped whole). */
/* The entry and exit code of region r.  The pointers are published only once the bytes
 * are written: native_exec reads prologue_code without code_lock, and a thread entering
 * a fresh region's prologue before it was written ran through zeroed pages to the
 * region's end (the rare threads-stress SIGSEGV). */
static void emit_prologue(CodeRegion *r)
{
    CodeBuf cb = {r->base + r->used, r->base + r->used, r->base + CODE_REGION_SIZE};
    uint8_t *pro = cb.ptr, *epi;
    static const int saved[] = {X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15};
    for (unsigned i = 0; i < G_N_ELEMENTS(saved); i++) {
        x86_opc(&cb, 0x50 + (saved[i] & 7), 0, 0, saved[i]); /* push */
    }
    x86_op_rr(&cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RBP, X86_RDI);
    x86_op_rr(&cb, X86_OPC_MOV_GvEv | X86_P_W, X86_R12, X86_RDX);
    x86_op_ri(&cb, X86_ALU_SUB, true, X86_RSP, 8); /* 16-byte aligned at calls */
    x86_op_rr(&cb, 0xff, 4, X86_RSI);              /* jmp *rsi */
    epi = cb.ptr;
    x86_op_ri(&cb, X86_ALU_ADD, true, X86_RSP, 8);
    for (int i = G_N_ELEMENTS(saved) - 1; i >= 0; i--) {
        x86_opc(&cb, 0x58 + (saved[i] & 7), 0, 0, saved[i]); /* pop */
    }
    x86_byte(&cb, 0xc3); /* ret */
    fop_thunk = emit_fop_thunk(&cb);
    r->used = (size_t)(cb.ptr - r->base + 15) & ~(size_t)15;
    __atomic_store_n(&epilogue_code, epi, __ATOMIC_RELEASE);
    __atomic_store_n(&prologue_code, pro, __ATOMIC_RELEASE);
}

static bool ensure_region(void)
{
    if (region) {
        return true;
    }
    region = new_region();
    if (!region) {
        return false;
    }
    emit_prologue(region);
    return true;
}

static void region_add_tb(CodeRegion *r, TranslationBlock *tb)
{
    if (r->nb_tbs < REGION_MAX_TBS) {
        r->tbs[r->nb_tbs] = tb;
        __atomic_store_n(&r->nb_tbs, r->nb_tbs + 1, __ATOMIC_RELEASE);
    }
}

/* The block whose host code contains host_pc, or NULL. */
static TranslationBlock *region_find_tb(uintptr_t host_pc, bool *in_code)
{
    *in_code = false;
    for (CodeRegion *r = __atomic_load_n(&region, __ATOMIC_ACQUIRE); r; r = r->older) {
        if (host_pc < (uintptr_t)r->base || host_pc >= (uintptr_t)r->base + CODE_REGION_SIZE) {
            continue;
        }
        *in_code = true;
        size_t lo = 0, hi = __atomic_load_n(&r->nb_tbs, __ATOMIC_ACQUIRE);
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            TranslationBlock *tb = r->tbs[mid];
            uintptr_t start = (uintptr_t)tb->host_code;
            if (host_pc < start) {
                hi = mid;
            } else if (host_pc >= start + tb->host_size) {
                lo = mid + 1;
            } else {
                return tb;
            }
        }
        return NULL;
    }
    return NULL;
}

NativeFaultKind native_fault_restore(CPUArchState *env, uintptr_t host_pc,
                                     const uint64_t host_regs[16])
{
    bool in_code;
    TranslationBlock *tb = region_find_tb(host_pc, &in_code);
    if (!in_code) {
        return NATIVE_FAULT_OUTSIDE;
    }
    if (!tb || !tb->fault_info) {
        return NATIVE_FAULT_BUG;
    }
    const NativeFaultInfo *fi = tb->fault_info;
    const NativeFaultSite *sites = fault_sites(fi);
    uint32_t off = (uint32_t)(host_pc - (uintptr_t)tb->host_code);
    size_t lo = 0, hi = fi->nb_sites;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sites[mid].host_off < off) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo >= fi->nb_sites || sites[lo].host_off != off) {
        return NATIVE_FAULT_BUG;
    }
    const NativeFaultSite *site = &sites[lo];
    for (uint32_t k = 0; k < site->count; k++) {
        const NativeFaultSpill *sp = &fault_spills(fi)[site->first + k];
        memcpy((uint8_t *)env + sp->env_off, &host_regs[sp->reg], 8);
    }
    env->insn_pc = tb->pc + site->pc_off;
    return NATIVE_FAULT_SITE;
}

bool native_available(void)
{
    static int avail = -1;
    if (avail < 0) {
        unsigned a, b, c, d;
        bool ok = __get_cpuid(1, &a, &b, &c, &d);
        have_popcnt = ok && (c & bit_POPCNT);
        have_ssse3 = ok && (c & bit_SSSE3);
        have_sse41 = ok && (c & bit_SSE4_1);
        /* FMA3 is VEX-encoded: the OS must also save the AVX state (XCR0 bits 1-2) */
        if (ok && (c & bit_FMA) && (c & bit_OSXSAVE)) {
            uint32_t lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            have_fma = (lo & 6) == 6;
        }
        vec_tables_init();
        g_mutex_lock(&code_lock);
        avail = ensure_region();
        g_mutex_unlock(&code_lock);
    }
    return avail;
}

void native_reset_code_buffer(bool others_may_run)
{
    g_mutex_lock(&code_lock);
    if (region) {
        if (others_may_run) {
            /* Old code stays mapped: another thread may still be inside it. */
            CodeRegion *fresh = new_region();
            if (fresh) {
                fresh->older = region;
                region = fresh;
                emit_prologue(region);
            }
        } else {
            for (CodeRegion *o = region->older; o;) {
                CodeRegion *next = o->older;
                munmap(o->base, CODE_REGION_SIZE);
                munmap(o->tbs, REGION_MAX_TBS * sizeof(void *));
                g_free(o);
                o = next;
            }
            region->older = NULL;
            region->used = 0;
            region->populated = 0;
            __atomic_store_n(&region->nb_tbs, 0, __ATOMIC_RELEASE);
            /* Drop the pages' contents (RSS) and start over. */
            madvise(region->base, CODE_REGION_SIZE, MADV_DONTNEED);
            emit_prologue(region);
        }
    }
    g_mutex_unlock(&code_lock);
}

void native_fork_prepare(void)
{
    g_mutex_lock(&code_lock);
}

void native_fork_done(void)
{
    g_mutex_unlock(&code_lock);
}

size_t native_code_size(void)
{
    return code_total;
}

/* ---- the per-thread spill frame ---- */

static _Thread_local uint8_t *frame_buf;

/* native_compile's per-block arrays, kept per thread from one block to the next (one
 * allocation each per block cost a tenth of a short process's start-up in malloc). */
enum {
    NS_SLOT_OF,
    NS_LAST_USE,
    NS_FREE_SLOTS,
    NS_LABEL_POS,
    NS_REG_OF,
    NS_VX_OF,
    NS_LABEL_KEEPS,
    NS_LABEL_REGS,
    NS_LABEL_REFS,
    NS_LABEL_SEEN,
    NS_GLOBAL_USES,
    NS_NB
};
static _Thread_local struct {
    void *p;
    size_t size;
} native_scratch[NS_NB];
static _Thread_local GArray *scratch_label_refs, *scratch_sites, *scratch_spills;

/* slot's buffer with room for bytes (contents undefined) */
static void *scratch_get(unsigned slot, size_t bytes)
{
    if (native_scratch[slot].size < bytes) {
        g_free(native_scratch[slot].p);
        native_scratch[slot].size = MAX(bytes, 2 * native_scratch[slot].size);
        native_scratch[slot].p = g_malloc(native_scratch[slot].size);
    }
    return native_scratch[slot].p;
}

static void *scratch_get0(unsigned slot, size_t bytes)
{
    return memset(scratch_get(slot, bytes), 0, bytes);
}

/* an empty per-thread GArray of elements of elt bytes */
static GArray *scratch_array(GArray **a, size_t elt)
{
    if (!*a) {
        *a = g_array_sized_new(false, false, (guint)elt, 64);
    }
    g_array_set_size(*a, 0);
    return *a;
}

void native_thread_cleanup(void)
{
    g_free(frame_buf);
    frame_buf = NULL;
    for (unsigned i = 0; i < NS_NB; i++) {
        g_free(native_scratch[i].p);
        native_scratch[i].p = NULL;
        native_scratch[i].size = 0;
    }
    GArray **arrays[] = {&scratch_label_refs, &scratch_sites, &scratch_spills};
    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++) {
        if (*arrays[i]) {
            g_array_free(*arrays[i], true);
            *arrays[i] = NULL;
        }
    }
}

/* ---- helpers called from generated code ---- */

/* goto_ptr: the host code of env->pc's block if it is native and no exit is requested. */
static const void *native_lookup_ptr(CPUArchState *env)
{
    if (env->exit_request) {
        return NULL;
    }
    TranslationBlock *tb = tb_lookup(env, env->pc);
    return tb ? tb->host_code : NULL;
}

static _Noreturn void native_align_fault(CPUArchState *env, uint64_t addr, uint32_t write)
{
    env->pc = env->insn_pc;
    env->fault_addr = addr;
    env->fault_write = write != 0;
    cpu_loop_exit(env, EXCP_ALIGN);
}

static uint64_t native_popcount(uint64_t v)
{
    return (uint64_t)__builtin_popcountll(v);
}

/* ---- compilation ---- */

typedef struct LabelRef {
    uint8_t *field;
    uint32_t label;
} LabelRef;

/* xmm registers caching V128 values: xmm3..xmm13; xmm0-xmm2 are the templates' scratch,
 * xmm14-15 hold the packed SHA-256 state (native-crypto.h) */
#define VX_FIRST 3
#define NB_VX 11
#define VX_MIRRORS 3

typedef struct NativeCtx {
    const IrContext *ir;
    TranslationBlock *tb;
    CodeBuf cb;
    int32_t *slot_of;   /* local temp -> frame byte offset, -1 if none yet */
    uint32_t *last_use; /* local temp -> index of the last op using it */
    int32_t *free_slots;
    uint32_t nb_free, next_slot;
    uint8_t **label_pos;
    GArray *label_refs;
    uint64_t insn_pc;
    uint32_t op_idx; /* index of the op being compiled */
    bool failed;
    /* register cache: which temp each allocatable host register holds */
    struct CachedReg {
        IrTemp temp; /* 0 (IR_ENV, never cached): free */
        bool dirty;  /* newer than the temp's memory copy */
        uint32_t stamp;
    } regs[16];
    /* Labels reached only by one forward conditional branch, with no fall-through into
     * them (the op before is an exit): the register cache at the branch, restored at
     * the label, so values stay in registers across it (NULL: none or not such a label). */
    struct CachedReg (*label_regs)[16];
    bool *label_keeps_regs;
    int8_t *reg_of; /* temp -> index into regs, or -1 */
    uint32_t clock;
    bool no_cache_loads;    /* loading call arguments: argument registers are allocatable */
    GArray *sites, *spills; /* NativeFaultSite, NativeFaultSpill */
    /* a block that branches back to its own start (a loop): that exit slot jumps to
     * loop_head with the home globals kept in their registers (see plan_self_loop) */
    int self_slot; /* -1: none */
    uint8_t *loop_head;
    IrTemp home[16]; /* per register index: the global it holds at loop_head, or 0 */
    /* V128 cache (see "V128 values in xmm registers"): xmm VX_FIRST + i */
    struct VxReg {
        IrTemp temp; /* the V128 local it holds, 0: none */
        bool dirty;  /* newer than the local's frame slot */
        uint8_t nenv;
        uint32_t stamp;
        uint32_t val;            /* which value it holds: equal ids, equal contents (0: unknown) */
        int32_t env[VX_MIRRORS]; /* env fields (16 bytes at these offsets) equal to it */
    } vx[NB_VX];
    int8_t *vx_of;        /* temp -> index into vx, or -1 */
    uint32_t vx_op_clock; /* clock when the current op started: newer entries are its inputs */
    uint32_t vx_vals;     /* last value id handed out */
    /* What the packed SHA-256 registers hold (valid: since the last call or label): the
     * four rounds on inputs with value ids sha_in ({A,B,C,D}, {E,F,G,H}, W+K), whose
     * unpacked results got ids sha_out (0: not unpacked yet) */
    bool sha_valid;
    uint32_t sha_in[3], sha_out[2];
    /* frame slots where IR_VFOP's slow path passes its operands (vfop_slots_ready) */
    bool vfop_slots_ready;
    int32_t vfop_slot[3];
} NativeCtx;

/* Host registers that hold cached temps: callee-saved first (they survive helper calls).
 * rax, rcx, rdx and r11 stay free as the op templates' scratch registers. */
#define NB_ALLOC 9
static const int alloc_regs[NB_ALLOC] = {X86_RBX, X86_R13, X86_R14, X86_R15, X86_RSI,
                                         X86_RDI, X86_R8,  X86_R9,  X86_R10};
#define NB_CALLEE_SAVED 4

enum { OPND_MEM, OPND_IMM, OPND_ENV };

typedef struct Opnd {
    int kind;
    int base;
    int32_t disp;
    uint64_t imm;
} Opnd;

static Opnd opnd(NativeCtx *c, IrTemp t)
{
    const IrTempInfo *ti = &c->ir->temps[t];
    Opnd o = {0};
    switch (ti->kind) {
    case IR_TEMP_GLOBAL:
        o.kind = OPND_MEM;
        o.base = X86_RBP;
        o.disp = ti->env_offset;
        break;
    case IR_TEMP_CONST:
        o.kind = OPND_IMM;
        o.imm = ti->type == IR_I32 ? (uint32_t)ti->val : ti->val;
        break;
    case IR_TEMP_LOCAL: {
        uint32_t li = t - c->ir->nb_globals;
        if (c->slot_of[li] < 0) {
            if (c->nb_free) {
                c->slot_of[li] = c->free_slots[--c->nb_free];
            } else if (c->next_slot < FRAME_SLOTS) {
                c->slot_of[li] = (int32_t)(16 * c->next_slot++);
            } else {
                c->failed = true;
                c->slot_of[li] = 0;
            }
        }
        o.kind = OPND_MEM;
        o.base = X86_R12;
        o.disp = c->slot_of[li];
        break;
    }
    case IR_TEMP_ENV:
    default:
        o.kind = OPND_ENV;
        break;
    }
    return o;
}

/* ---- register cache ---- */

/* Is local t used by a later op (or, unless after_op, by the op being compiled)? */
static bool local_is_live(NativeCtx *c, IrTemp t, bool after_op)
{
    if (!c->last_use) {
        return true;
    }
    uint32_t last = c->last_use[t - c->ir->nb_globals];
    return last != UINT32_MAX && (after_op ? last > c->op_idx : last >= c->op_idx);
}

static void cache_writeback(NativeCtx *c, int i)
{
    if (!c->regs[i].dirty) {
        return;
    }
    Opnd o = opnd(c, c->regs[i].temp);
    x86_op_rm(&c->cb, X86_OPC_MOV_EvGv | X86_P_W, alloc_regs[i], o.base, o.disp);
    c->regs[i].dirty = false;
}

static void cache_drop(NativeCtx *c, int i)
{
    if (c->regs[i].temp) {
        c->reg_of[c->regs[i].temp] = -1;
    }
    c->regs[i].temp = 0;
    c->regs[i].dirty = false;
}

/* Write back what must survive (globals; locals still live) and forget register i. */
static void cache_evict(NativeCtx *c, int i)
{
    IrTemp t = c->regs[i].temp;
    if (t && c->regs[i].dirty &&
        (c->ir->temps[t].kind == IR_TEMP_GLOBAL || local_is_live(c, t, false))) {
        cache_writeback(c, i);
    }
    cache_drop(c, i);
}

static int cache_alloc(NativeCtx *c)
{
    int best = 0;
    for (int i = 0; i < NB_ALLOC; i++) {
        if (!c->regs[i].temp) {
            return i;
        }
        if (c->regs[i].stamp < c->regs[best].stamp) {
            best = i;
        }
    }
    cache_evict(c, best);
    return best;
}

static int cached_reg(NativeCtx *c, IrTemp t)
{
    int i = c->reg_of[t];
    if (i < 0) {
        return -1;
    }
    c->regs[i].stamp = ++c->clock;
    return alloc_regs[i];
}

static bool is_global(NativeCtx *c, IrTemp t)
{
    return c->ir->temps[t].kind == IR_TEMP_GLOBAL;
}

/* Write back the cached temps that are globals, and (with live_locals) the locals a
 * later op still reads. */
static void writeback_where(NativeCtx *c, bool live_locals)
{
    for (int i = 0; i < NB_ALLOC; i++) {
        IrTemp t = c->regs[i].temp;
        if (t && (is_global(c, t) || (live_locals && local_is_live(c, t, true)))) {
            cache_writeback(c, i);
        }
    }
}

/* Guest-visible state must be in env: before ops that can fault or leave the block. */
static void sync_globals(NativeCtx *c)
{
    writeback_where(c, false);
}

/* At a basic-block end every value that lives on must be in memory (the branch's own
 * operands stay in their registers for its compare). */
static void sync_all(NativeCtx *c)
{
    writeback_where(c, true);
}

/* Forget cached temps: all of them, or only the globals. */
static void drop_where(NativeCtx *c, bool globals_only)
{
    for (int i = 0; i < NB_ALLOC; i++) {
        IrTemp t = c->regs[i].temp;
        if (t && (!globals_only || is_global(c, t))) {
            cache_drop(c, i);
        }
    }
}

static void drop_all(NativeCtx *c)
{
    drop_where(c, false);
}

static void drop_globals(NativeCtx *c)
{
    drop_where(c, true);
}

/* Before a call: the caller-saved registers are clobbered. */
static void spill_caller_saved(NativeCtx *c)
{
    for (int i = NB_CALLEE_SAVED; i < NB_ALLOC; i++) {
        cache_evict(c, i);
    }
}

/* A host access to env [off, off+size) (ld/st ops): keep cached globals coherent. */
static void env_access(NativeCtx *c, int32_t off, unsigned size, bool write)
{
    for (int i = 0; i < NB_ALLOC; i++) {
        IrTemp t = c->regs[i].temp;
        if (!t || c->ir->temps[t].kind != IR_TEMP_GLOBAL) {
            continue;
        }
        int32_t g = c->ir->temps[t].env_offset;
        if (g < off + (int32_t)size && off < g + 8) {
            cache_writeback(c, i);
            if (write) {
                cache_drop(c, i);
            }
        }
    }
}

/* The register holding t: its cache register, or (for a global) a newly cached copy, or
 * -1 (a local or constant not in a register). */
static int reg_of_value(NativeCtx *c, IrTemp t)
{
    int r = cached_reg(c, t);
    if (r >= 0 || c->ir->temps[t].kind != IR_TEMP_GLOBAL || c->no_cache_loads) {
        return r;
    }
    /* keep the global in a register for the rest of the block */
    Opnd o = opnd(c, t);
    int i = cache_alloc(c);
    x86_op_rm(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, alloc_regs[i], o.base, o.disp);
    c->regs[i].temp = t;
    c->regs[i].dirty = false;
    c->regs[i].stamp = ++c->clock;
    c->reg_of[t] = (int8_t)i;
    return alloc_regs[i];
}

/* reg = t (64-bit; I32 temps are kept zero-extended in their slots). */
static void load(NativeCtx *c, int reg, IrTemp t)
{
    int r = reg_of_value(c, t);
    if (r >= 0) {
        if (r != reg) {
            x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, reg, r);
        }
        return;
    }
    Opnd o = opnd(c, t);
    switch (o.kind) {
    case OPND_MEM:
        x86_op_rm(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, reg, o.base, o.disp);
        break;
    case OPND_IMM:
        x86_movi(&c->cb, reg, o.imm);
        break;
    default:
        x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, reg, X86_RBP);
        break;
    }
}

/* The host register that will hold t's new value (written back lazily); the caller
 * computes into it. */
static int dest_reg(NativeCtx *c, IrTemp t)
{
    IrTempKind k = c->ir->temps[t].kind;
    if (k != IR_TEMP_GLOBAL && k != IR_TEMP_LOCAL) {
        c->failed = true; /* writing a constant or env: malformed IR */
        return X86_RAX;
    }
    int i = c->reg_of[t];
    if (i < 0) {
        i = cache_alloc(c);
        c->regs[i].temp = t;
        c->reg_of[t] = (int8_t)i;
    }
    c->regs[i].dirty = true;
    c->regs[i].stamp = ++c->clock;
    return alloc_regs[i];
}

/* mov o, t where t is a local that dies here and sits in a register: the register just
 * changes owner (no instruction).  o's old register, if any, is dropped unwritten. */
static bool rename_dying_local(NativeCtx *c, IrTemp o, IrTemp t)
{
    const IrContext *ir = c->ir;
    IrTempKind ko = ir->temps[o].kind;
    if (ir->temps[t].kind != IR_TEMP_LOCAL || !c->last_use ||
        c->last_use[t - ir->nb_globals] != c->op_idx || c->reg_of[t] < 0 ||
        (ko != IR_TEMP_GLOBAL && ko != IR_TEMP_LOCAL)) {
        return false;
    }
    int i = c->reg_of[t];
    if (c->reg_of[o] >= 0) {
        cache_drop(c, c->reg_of[o]);
    }
    c->reg_of[t] = -1;
    c->regs[i].temp = o;
    c->regs[i].dirty = true;
    c->regs[i].stamp = ++c->clock;
    c->reg_of[o] = (int8_t)i;
    return true;
}

/* For o = f(a) computed in place: the register that holds a copy of a and becomes o. */
static int unary_dest(NativeCtx *c, IrTemp o, IrTemp a)
{
    if (o != a && rename_dying_local(c, o, a)) {
        return alloc_regs[c->reg_of[o]]; /* a's register, now o's */
    }
    if (o == a && c->reg_of[o] < 0) {
        load(c, X86_RAX, a); /* o's old value must not be lost by claiming a register */
        int d = dest_reg(c, o);
        if (d != X86_RAX) {
            x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, d, X86_RAX);
        }
        return d;
    }
    int d = dest_reg(c, o);
    load(c, d, a);
    return d;
}

/* t = reg. */
static void store(NativeCtx *c, int reg, IrTemp t)
{
    int d = dest_reg(c, t);
    if (d != reg) {
        x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, d, reg);
    }
}

/* reg = reg <alu> t at width w. */
static void alu(NativeCtx *c, int aluop, bool w, int reg, IrTemp t)
{
    int p = w ? X86_P_W : 0;
    int gvev = aluop * 8 + 3;
    int r = cached_reg(c, t);
    if (r >= 0) {
        x86_op_rr(&c->cb, gvev | p, reg, r);
        return;
    }
    Opnd o = opnd(c, t);
    if (o.kind == OPND_MEM) {
        x86_op_rm(&c->cb, gvev | p, reg, o.base, o.disp);
    } else if (o.kind == OPND_IMM && (w ? x86_fits_i32((int64_t)o.imm) : true)) {
        x86_op_ri(&c->cb, aluop, w, reg, (int32_t)(uint32_t)o.imm);
    } else {
        load(c, X86_R11, t);
        x86_op_rr(&c->cb, gvev | p, reg, X86_R11);
    }
}

static void free_dead_locals(NativeCtx *c, const IrOp *op, uint32_t idx)
{
    int n = op->nb_oargs + op->nb_iargs;
    for (int k = 0; k < n; k++) {
        IrTemp t = op->args[k];
        if (c->ir->temps[t].kind != IR_TEMP_LOCAL || !c->last_use) {
            continue;
        }
        uint32_t li = t - c->ir->nb_globals;
        if (c->last_use[li] != idx) {
            continue;
        }
        if (c->reg_of[t] >= 0) {
            cache_drop(c, c->reg_of[t]);
        }
        if (c->vx_of[t] >= 0) {
            int k = c->vx_of[t];
            c->vx_of[t] = -1;
            c->vx[k].temp = 0; /* it may still mirror env */
            c->vx[k].dirty = false;
        }
        if (c->slot_of[li] >= 0) {
            c->free_slots[c->nb_free++] = c->slot_of[li];
            c->slot_of[li] = -1;
        }
    }
}

static void set_insn_pc(NativeCtx *c)
{
    if (x86_fits_i32((int64_t)c->insn_pc)) {
        x86_op_rm(&c->cb, 0xc7 | X86_P_W, 0, X86_RBP, offsetof(CPUArchState, insn_pc));
        x86_u32(&c->cb, (uint32_t)c->insn_pc);
    } else {
        x86_movi(&c->cb, X86_R11, c->insn_pc);
        x86_op_rm(&c->cb, X86_OPC_MOV_EvGv | X86_P_W, X86_R11, X86_RBP,
                  offsetof(CPUArchState, insn_pc));
    }
}

/* The dirty globals now (a guest access follows): their env copies are stale. */
static uint32_t record_spills(NativeCtx *c)
{
    uint32_t first = c->spills->len;
    for (int i = 0; i < NB_ALLOC; i++) {
        IrTemp t = c->regs[i].temp;
        if (t && c->regs[i].dirty && c->ir->temps[t].kind == IR_TEMP_GLOBAL) {
            int32_t env_off = c->ir->temps[t].env_offset;
            g_assert(env_off >= 0 && env_off <= UINT16_MAX);
            NativeFaultSpill sp = {(uint16_t)env_off, (uint8_t)alloc_regs[i]};
            g_array_append_val(c->spills, sp);
        }
    }
    return first;
}

/* The next instruction emitted is a guest access; spills from record_spills(). */
static void record_site(NativeCtx *c, uint32_t first_spill)
{
    uint32_t count = c->spills->len - first_spill;
    if (c->sites->len) {
        /* the same spills as the previous access (the usual case): share them */
        const NativeFaultSite *prev = &g_array_index(c->sites, NativeFaultSite, c->sites->len - 1);
        const NativeFaultSpill *sp = (const NativeFaultSpill *)(const void *)c->spills->data;
        if (prev->count == count &&
            memcmp(sp + prev->first, sp + first_spill, count * sizeof(*sp)) == 0) {
            g_array_set_size(c->spills, first_spill);
            first_spill = prev->first;
        }
    }
    if (first_spill > UINT16_MAX) {
        c->failed = true; /* (not reached: a block has at most 512 instructions) */
        return;
    }
    NativeFaultSite site = {(uint32_t)(c->cb.ptr - c->cb.start), (uint16_t)(c->insn_pc - c->tb->pc),
                            (uint16_t)first_spill, (uint8_t)count};
    g_array_append_val(c->sites, site);
}

/* Out-of-line paths that leave the block: write the dirty globals back without
 * changing what the cache believes (the fast path continues with it). */
static void emit_writeback_dirty_globals(NativeCtx *c)
{
    for (int i = 0; i < NB_ALLOC; i++) {
        IrTemp t = c->regs[i].temp;
        if (t && c->regs[i].dirty && c->ir->temps[t].kind == IR_TEMP_GLOBAL) {
            x86_op_rm(&c->cb, X86_OPC_MOV_EvGv | X86_P_W, alloc_regs[i], X86_RBP,
                      c->ir->temps[t].env_offset);
        }
    }
}

/* Compare a with b at the op's width and return the x86 condition for cond (-1: always,
 * -2: never). */
static int emit_compare(NativeCtx *c, IrCond cond, bool w, IrTemp a, IrTemp b)
{
    static const int cc_of[] = {
        [IR_COND_EQ] = X86_CC_E,  [IR_COND_NE] = X86_CC_NE,   [IR_COND_LT] = X86_CC_L,
        [IR_COND_GE] = X86_CC_GE, [IR_COND_LE] = X86_CC_LE,   [IR_COND_GT] = X86_CC_G,
        [IR_COND_LTU] = X86_CC_B, [IR_COND_GEU] = X86_CC_AE,  [IR_COND_LEU] = X86_CC_BE,
        [IR_COND_GTU] = X86_CC_A, [IR_COND_TSTEQ] = X86_CC_E, [IR_COND_TSTNE] = X86_CC_NE,
    };
    if (cond == IR_COND_ALWAYS) {
        return -1;
    }
    if (cond == IR_COND_NEVER) {
        return -2;
    }
    /* compare a where it is (cmp and test leave it unchanged) */
    int ra = reg_of_value(c, a);
    if (ra < 0) {
        load(c, X86_RAX, a);
        ra = X86_RAX;
    }
    if (cond == IR_COND_TSTEQ || cond == IR_COND_TSTNE) {
        const IrTempInfo *tb = &c->ir->temps[b];
        if (tb->kind == IR_TEMP_CONST && (w ? x86_fits_i32((int64_t)tb->val) : true)) {
            x86_op_rr(&c->cb, 0xf7 | (w ? X86_P_W : 0), 0, ra); /* test ra, imm32 */
            x86_u32(&c->cb, (uint32_t)tb->val);
        } else {
            load(c, X86_R11, b);
            x86_op_rr(&c->cb, X86_OPC_TEST_EvGv | (w ? X86_P_W : 0), X86_R11, ra);
        }
    } else {
        alu(c, X86_ALU_CMP, w, ra, b);
    }
    return cc_of[cond];
}

static void emit_label_ref(NativeCtx *c, uint8_t *field, uint32_t label)
{
    LabelRef r = {field, label};
    g_array_append_val(c->label_refs, r);
}

/* Load size/sign per memop from m into reg; w: the value's type is I64. */
static void emit_load_sized(NativeCtx *c, int reg, X86Mem m, unsigned mop, bool w)
{
    int p = w ? X86_P_W : 0;
    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_8:
        x86_op_mem(&c->cb, X86_OPC_MOVZBL, reg, m);
        break;
    case MO_8 | MO_SIGN:
        x86_op_mem(&c->cb, X86_OPC_MOVSBL | p, reg, m);
        break;
    case MO_16:
        x86_op_mem(&c->cb, X86_OPC_MOVZWL, reg, m);
        break;
    case MO_16 | MO_SIGN:
        x86_op_mem(&c->cb, X86_OPC_MOVSWL | p, reg, m);
        break;
    case MO_32:
        x86_op_mem(&c->cb, X86_OPC_MOV_GvEv, reg, m);
        break;
    case MO_32 | MO_SIGN:
        if (w) {
            x86_op_mem(&c->cb, X86_OPC_MOVSLQ, reg, m);
        } else {
            x86_op_mem(&c->cb, X86_OPC_MOV_GvEv, reg, m);
        }
        break;
    default:
        x86_op_mem(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, reg, m);
        break;
    }
}

static void emit_store_sized(NativeCtx *c, int reg, X86Mem m, unsigned mop)
{
    switch (mop & MO_SIZE) {
    case MO_8:
        x86_op_mem(&c->cb, X86_OPC_MOV_EbGb | X86_P_BYTEREG, reg, m);
        break;
    case MO_16:
        x86_op_mem(&c->cb, X86_OPC_MOV_EvGv | X86_P_DATA16, reg, m);
        break;
    case MO_32:
        x86_op_mem(&c->cb, X86_OPC_MOV_EvGv, reg, m);
        break;
    default:
        x86_op_mem(&c->cb, X86_OPC_MOV_EvGv | X86_P_W, reg, m);
        break;
    }
}

/* ---- V128 values in xmm registers ----
 * V128 locals live in xmm3..xmm15 (an entry per register: the temp, a dirty bit meaning
 * newer than its frame slot).  Stores of vectors to env (the guest's vector registers)
 * are written through, and the register stored remembers which env fields it equals
 * ("mirrors"), so the next instruction's load of that register is a register copy and a
 * chain of vector instructions keeps its values in xmm registers.  Guest state in env is
 * thus always exact (faults need no record of xmm registers).  Every xmm register is
 * caller-saved: before a call, live dirty locals go to their slots and the cache is
 * emptied (the callee may also write env); at a label it is emptied, at a branch live
 * dirty locals are written back.  Any other write to env or through a pointer drops the
 * mirrors it may overlap. */

static void x86_movdqa_rr(CodeBuf *cb, int d, int s)
{
    if (d != s) {
        x86_op_rr(cb, 0x6f | X86_P_EXT | X86_P_DATA16, d, s);
    }
}

static void vx_reset(NativeCtx *c, int i)
{
    if (c->vx[i].temp) {
        c->vx_of[c->vx[i].temp] = -1;
    }
    c->vx[i] = (struct VxReg){0};
}

static void vx_writeback(NativeCtx *c, int i)
{
    if (c->vx[i].temp && c->vx[i].dirty) {
        Opnd o = opnd(c, c->vx[i].temp);
        x86_op_rm(&c->cb, X86_OPC_MOVDQU_WxVx, VX_FIRST + i, o.base, o.disp);
        c->vx[i].dirty = false;
    }
}

/* Write back the dirty locals still needed (at or after this op unless after_op). */
static void vx_sync(NativeCtx *c, bool after_op)
{
    for (int i = 0; i < NB_VX; i++) {
        if (c->vx[i].temp && local_is_live(c, c->vx[i].temp, after_op)) {
            vx_writeback(c, i);
        }
    }
}

/* Before a call or at a label: everything to memory, nothing cached. */
static void vx_flush(NativeCtx *c)
{
    c->sha_valid = false; /* calls clobber every xmm register; labels merge paths */
    vx_sync(c, false);
    for (int i = 0; i < NB_VX; i++) {
        vx_reset(c, i);
    }
}

/* env [off, off + size) is written: registers no longer equal what they mirrored there. */
static void vx_forget_env(NativeCtx *c, int32_t off, unsigned size)
{
    for (int i = 0; i < NB_VX; i++) {
        struct VxReg *v = &c->vx[i];
        for (int k = 0; k < v->nenv;) {
            if (v->env[k] < off + (int32_t)size && off < v->env[k] + 16) {
                v->env[k] = v->env[--v->nenv];
            } else {
                k++;
            }
        }
    }
}

static void vx_forget_all_env(NativeCtx *c)
{
    for (int i = 0; i < NB_VX; i++) {
        c->vx[i].nenv = 0;
    }
}

static void vx_add_mirror(NativeCtx *c, int i, int32_t off)
{
    struct VxReg *v = &c->vx[i];
    if (v->nenv == VX_MIRRORS) {
        memmove(v->env, v->env + 1, sizeof(v->env[0]) * (VX_MIRRORS - 1));
        v->nenv--;
    }
    v->env[v->nenv++] = off;
}

/* The entry mirroring env field off, or -1. */
static int vx_find_env(NativeCtx *c, int32_t off)
{
    for (int i = 0; i < NB_VX; i++) {
        for (int k = 0; k < c->vx[i].nenv; k++) {
            if (c->vx[i].env[k] == off) {
                return i;
            }
        }
    }
    return -1;
}

/* A free entry: an empty one, else one that only mirrors env, else the least recently
 * used (its local written back if still needed). */
static int vx_alloc(NativeCtx *c)
{
    int best = -1;
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        for (int i = 0; i < NB_VX; i++) {
            if (!c->vx[i].temp && (pass || !c->vx[i].nenv) && c->vx[i].stamp <= c->vx_op_clock) {
                best = i;
                break;
            }
        }
    }
    if (best < 0) {
        /* the least recently used; registers this op already uses are the newest */
        best = 0;
        for (int i = 1; i < NB_VX; i++) {
            if (c->vx[i].stamp < c->vx[best].stamp) {
                best = i;
            }
        }
        if (c->vx[best].dirty && local_is_live(c, c->vx[best].temp, false)) {
            vx_writeback(c, best);
        }
    }
    vx_reset(c, best);
    c->vx[best].stamp = ++c->clock;
    return best;
}

/* The xmm register holding V128 temp t (loaded into the cache if needed). */
static int vx_get(NativeCtx *c, IrTemp t)
{
    int i = c->vx_of[t];
    const IrTempInfo *ti = &c->ir->temps[t];
    if (i < 0 && ti->kind == IR_TEMP_GLOBAL) {
        i = vx_find_env(c, ti->env_offset);
    }
    if (i >= 0) {
        c->vx[i].stamp = ++c->clock;
        return VX_FIRST + i;
    }
    Opnd o = opnd(c, t);
    if (o.kind != OPND_MEM) {
        c->failed = true;
        return 0;
    }
    i = vx_alloc(c);
    x86_op_rm(&c->cb, X86_OPC_MOVDQU_VxWx, VX_FIRST + i, o.base, o.disp);
    c->vx[i].val = ++c->vx_vals;
    if (ti->kind == IR_TEMP_GLOBAL) {
        vx_add_mirror(c, i, ti->env_offset);
    } else {
        c->vx[i].temp = t;
        c->vx_of[t] = (int8_t)i;
    }
    return VX_FIRST + i;
}

/* The register the caller computes a new value of local t into (its own, else a fresh
 * one), or -1 when t is not a local or its register is xmm u or v (inputs the caller
 * still reads after writing the result's register): compute in scratch and vx_put. */
static int vx_def(NativeCtx *c, IrTemp t, int u, int v)
{
    if (c->ir->temps[t].kind != IR_TEMP_LOCAL) {
        return -1;
    }
    int i = c->vx_of[t];
    if (i >= 0 && (VX_FIRST + i == u || VX_FIRST + i == v)) {
        return -1;
    }
    if (i < 0) {
        i = vx_alloc(c);
        c->vx[i].temp = t;
        c->vx_of[t] = (int8_t)i;
    }
    c->vx[i].nenv = 0; /* its value changes */
    c->vx[i].val = ++c->vx_vals;
    c->vx[i].dirty = true;
    c->vx[i].stamp = ++c->clock;
    return VX_FIRST + i;
}

/* t = the value in xmm src (a scratch or a cache register). */
static void vx_put(NativeCtx *c, IrTemp t, int src)
{
    const IrTempInfo *ti = &c->ir->temps[t];
    if (ti->kind == IR_TEMP_GLOBAL) {
        x86_op_rm(&c->cb, X86_OPC_MOVDQU_WxVx, src, X86_RBP, ti->env_offset);
        vx_forget_env(c, ti->env_offset, 16);
        if (src >= VX_FIRST) {
            vx_add_mirror(c, src - VX_FIRST, ti->env_offset);
        }
        return;
    }
    if (ti->kind != IR_TEMP_LOCAL) {
        c->failed = true;
        return;
    }
    uint32_t val = src >= VX_FIRST ? c->vx[src - VX_FIRST].val : 0;
    int d = vx_def(c, t, -1, -1);
    if (val) {
        c->vx[d - VX_FIRST].val = val; /* a copy */
    }
    x86_movdqa_rr(&c->cb, d, src);
}

/* mov o, a on V128: a dying local's register changes owner, keeping its mirrors. */
static void vx_mov(NativeCtx *c, IrTemp o, IrTemp a)
{
    const IrContext *ir = c->ir;
    int i = c->vx_of[a];
    if (i >= 0 && ir->temps[o].kind == IR_TEMP_LOCAL && c->last_use &&
        c->last_use[a - ir->nb_globals] == c->op_idx) {
        if (c->vx_of[o] >= 0) {
            vx_reset(c, c->vx_of[o]);
        }
        c->vx_of[a] = -1;
        c->vx[i].temp = o;
        c->vx[i].dirty = true;
        c->vx_of[o] = (int8_t)i;
        return;
    }
    if (o != a) {
        vx_put(c, o, vx_get(c, a));
    }
}

/* ld_v128 t, env, off: a copy of the register that mirrors env there, if any. */
static void vx_load_env(NativeCtx *c, IrTemp t, int32_t off)
{
    int m = vx_find_env(c, off);
    if (m >= 0) {
        c->vx[m].stamp = ++c->clock;
        if (!c->vx[m].temp && c->ir->temps[t].kind == IR_TEMP_LOCAL && c->vx_of[t] < 0) {
            c->vx[m].temp = t; /* claim it: the value is the same */
            c->vx[m].dirty = true;
            c->vx_of[t] = (int8_t)m;
        } else {
            vx_put(c, t, VX_FIRST + m);
        }
        return;
    }
    int d = vx_def(c, t, -1, -1);
    x86_op_rm(&c->cb, X86_OPC_MOVDQU_VxWx, d >= 0 ? d : 0, X86_RBP, off);
    if (d < 0) {
        vx_put(c, t, 0);
    } else {
        vx_add_mirror(c, d - VX_FIRST, off);
    }
}

/* st_v128 t, env, off: written through; t's register now mirrors env there. */
static void vx_store_env(NativeCtx *c, IrTemp t, int32_t off)
{
    int r = vx_get(c, t);
    x86_op_rm(&c->cb, X86_OPC_MOVDQU_WxVx, r, X86_RBP, off);
    vx_forget_env(c, off, 16);
    if (r >= VX_FIRST) {
        vx_add_mirror(c, r - VX_FIRST, off);
    }
}

/* t = xmm (a scratch register the op computed in). */
static void store_v128(NativeCtx *c, int xmm, IrTemp t)
{
    vx_put(c, t, xmm);
}

/* Fault early (with a precise guest state) if addr in rcx is not aligned as mop asks. */
static void emit_align_check(NativeCtx *c, unsigned mop, bool write, int areg)
{
    uint32_t mask = 0;
    if (mop & MO_ALIGN16) {
        mask = 15;
    } else if (mop & MO_ALIGN) {
        mask = (1u << (mop & MO_SIZE)) - 1;
    }
    if (!mask) {
        return;
    }
    x86_op_rr(&c->cb, 0xf7, 0, areg); /* test areg32, imm32 */
    x86_u32(&c->cb, mask);
    uint8_t *skip = x86_jcc_rel32(&c->cb, X86_CC_E);
    emit_writeback_dirty_globals(c);
    set_insn_pc(c);
    x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RSI, areg);
    x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDI, X86_RBP);
    x86_movi(&c->cb, X86_RDX, write);
    x86_call_abs(&c->cb, (const void *)native_align_fault, X86_RAX);
    x86_patch_rel32(&c->cb, skip, c->cb.ptr);
}

/* -d stats: count an event in generated code (emitted only while stats are on). */
static void emit_count(NativeCtx *c, uint64_t *counter)
{
    if (!log_enabled(LOG_STATS)) {
        return;
    }
    x86_movi(&c->cb, X86_R11, (uint64_t)(uintptr_t)counter);
    x86_op_rm(&c->cb, 0xff | X86_P_W, 0, X86_R11, 0); /* inc qword [r11] */
}

static const int arg_regs[6] = {X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9};

static void emit_call(NativeCtx *c, const IrOp *op)
{
    const IrHelper *h = ir_op_helper(op);
    int nb_o = op->nb_oargs, nb_i = op->nb_iargs;
    bool touches_globals = (h->flags & (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)) !=
                           (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS);
    if (touches_globals || !(h->flags & IR_CALL_NO_EXIT)) {
        sync_globals(c); /* the helper reads them, or may leave with a precise state */
    }
    spill_caller_saved(c);
    vx_flush(c);
    if (!(h->flags & IR_CALL_NO_EXIT)) {
        set_insn_pc(c);
    }
    bool extra = nb_i > 6;
    c->no_cache_loads = true;
    if (extra) {
        /* the 7th argument goes on the stack; keep rsp 16-byte aligned */
        load(c, X86_R11, op->args[nb_o + 6]);
        x86_op_ri(&c->cb, X86_ALU_SUB, true, X86_RSP, 8);
        x86_opc(&c->cb, 0x50 + (X86_R11 & 7), 0, 0, X86_R11);
    }
    for (int i = 0; i < nb_i && i < 6; i++) {
        load(c, arg_regs[i], op->args[nb_o + i]);
    }
    c->no_cache_loads = false;
    emit_count(c, &tcg_stats.helper_calls);
    x86_call_abs(&c->cb, h->func, X86_RAX);
    if (extra) {
        x86_op_ri(&c->cb, X86_ALU_ADD, true, X86_RSP, 16);
    }
    if (!(h->flags & IR_CALL_NO_WRITE_GLOBALS)) {
        drop_globals(c); /* reload what the helper may have changed */
    }
    if (nb_o) {
        if (h->ret == IR_I32) {
            x86_op_rr(&c->cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX); /* zero-extend */
        }
        store(c, X86_RAX, op->args[0]);
    }
}

static void emit_exit(NativeCtx *c, unsigned slot)
{
    x86_movi(&c->cb, X86_RAX, (uint64_t)(uintptr_t)c->tb);
    x86_movi(&c->cb, X86_RDX, slot);
    uint8_t *f = x86_jcc_rel32(&c->cb, -1);
    x86_patch_rel32(&c->cb, f, epilogue_code);
}

static void emit_goto_tb(NativeCtx *c, unsigned slot)
{
    /* cmp dword [rbp+exit_request], 0 ; jne past the jump */
    x86_op_rm(&c->cb, X86_OPC_ARITH_EvIb, X86_ALU_CMP, X86_RBP,
              offsetof(CPUArchState, exit_request));
    x86_byte(&c->cb, 0);
    uint8_t *skip = x86_jcc_rel8(&c->cb, X86_CC_NE);
    /* pad so that the jmp's rel32 field is 4-byte aligned: one atomic store patches it */
    while (((uintptr_t)c->cb.ptr + 1) & 3) {
        x86_byte(&c->cb, 0x90);
    }
    uint8_t *field = x86_jcc_rel32(&c->cb, -1);
    x86_patch_rel32(&c->cb, field, c->cb.ptr); /* unlinked: fall through */
    x86_patch_rel8(&c->cb, skip);
    if (slot < 2) {
        c->tb->jmp_field[slot] = field;
    }
}

/* Indirect branch (env->pc = target): probe the jump cache inline, then the lookup
 * helper.  Globals are already synced. */
static void emit_goto_ptr(NativeCtx *c, IrTemp target, unsigned kind)
{
    CodeBuf *cb = &c->cb;
    uint8_t *miss[4];
    const IrTempInfo *ti = &c->ir->temps[target];
    load(c, X86_RAX, target); /* rax = target from here on */
    if (ti->kind != IR_TEMP_GLOBAL || ti->env_offset != (int32_t)offsetof(CPUArchState, pc)) {
        x86_op_rm(cb, X86_OPC_MOV_EvGv | X86_P_W, X86_RAX, X86_RBP, offsetof(CPUArchState, pc));
    }
    if (log_enabled(LOG_EXEC)) {
        emit_exit(c, IR_EXIT_NOCHAIN); /* every block goes through the loop's trace */
        return;
    }
    kind = kind < IR_NB_BRANCH_KINDS ? kind : IR_BRANCH_JUMP;
    emit_count(c, &tcg_stats.indirect[kind]);
    x86_op_rm(cb, X86_OPC_ARITH_EvIb, X86_ALU_CMP, X86_RBP, offsetof(CPUArchState, exit_request));
    x86_byte(cb, 0);
    miss[0] = x86_jcc_rel8(cb, X86_CC_NE);
    x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RCX, X86_RAX);
    x86_shift_ri(cb, X86_SHIFT_SHR, false, X86_RCX, 2);
    x86_op_rm(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDX, X86_RBP,
              offsetof(CPUArchState, tb_jmp_cache));
    /* the mask from the cache's header: read from env instead (the same instruction
     * with rbp as base), it made sqlite twice as slow on the bench machine's AMD EPYC,
     * every run (4.9 s against 2.4 s; the cause in the core was not pinned down) */
    x86_op_rm(cb, X86_OPC_AND_GvEv, X86_RCX, X86_RDX, -TB_JMP_CACHE_HEADER);
    x86_op_rm_index(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDX, X86_RDX, X86_RCX, 3, 0);
    x86_op_rr(cb, X86_OPC_TEST_EvGv | X86_P_W, X86_RDX, X86_RDX);
    miss[1] = x86_jcc_rel8(cb, X86_CC_E);
    x86_op_rm(cb, X86_OPC_CMP_GvEv | X86_P_W, X86_RAX, X86_RDX,
              offsetof(TranslationBlock, lookup_pc));
    miss[2] = x86_jcc_rel8(cb, X86_CC_NE);
    x86_op_rm(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDX, X86_RDX,
              offsetof(TranslationBlock, host_code));
    x86_op_rr(cb, X86_OPC_TEST_EvGv | X86_P_W, X86_RDX, X86_RDX);
    miss[3] = x86_jcc_rel8(cb, X86_CC_E);
    x86_op_rr(cb, 0xff, 4, X86_RDX); /* jmp *rdx */
    for (int i = 0; i < 4; i++) {
        x86_patch_rel8(cb, miss[i]);
    }
    emit_count(c, &tcg_stats.indirect_misses[kind]);
    x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDI, X86_RBP);
    x86_call_abs(cb, (const void *)native_lookup_ptr, X86_RAX);
    x86_op_rr(cb, X86_OPC_TEST_EvGv | X86_P_W, X86_RAX, X86_RAX);
    uint8_t *none = x86_jcc_rel8(cb, X86_CC_E);
    x86_op_rr(cb, 0xff, 4, X86_RAX); /* jmp *rax */
    x86_patch_rel8(cb, none);
    emit_exit(c, IR_EXIT_NOCHAIN);
}

/* o = a +/- constant with a in a register that stays a's: one lea.  False if a
 * cannot be in a register or the constant does not fit a displacement. */
static bool emit_add_lea(NativeCtx *c, const IrOp *op)
{
    IrTemp o = op->args[0], a = op->args[1];
    uint64_t k = c->ir->temps[op->args[2]].val;
    int64_t disp = op->opc == IR_SUB ? -(int64_t)k : (int64_t)k;
    if (op->type == IR_I32) {
        disp = (int32_t)(uint32_t)disp;
    }
    if (!x86_fits_i32(disp)) {
        return false;
    }
    int ra = reg_of_value(c, a);
    if (ra < 0 || (c->ir->temps[a].kind == IR_TEMP_LOCAL && !local_is_live(c, a, true))) {
        return false; /* not in a register, or dying: computing in place is as good */
    }
    int d = dest_reg(c, o);
    x86_op_rm(&c->cb, X86_OPC_LEA | (op->type == IR_I32 ? 0 : X86_P_W), d, ra, (int32_t)disp);
    return true;
}

/* o = zero-extended low 32 bits of a: one 32-bit move (which clears the upper half). */
static void emit_zext32(NativeCtx *c, IrTemp o, IrTemp a)
{
    if (o == a || c->ir->temps[a].kind == IR_TEMP_CONST) {
        int d = unary_dest(c, o, a);
        x86_op_rr(&c->cb, X86_OPC_MOV_GvEv, d, d);
        return;
    }
    int r = reg_of_value(c, a);
    if (r >= 0) {
        int d = dest_reg(c, o); /* a's register was just used: never the one evicted */
        x86_op_rr(&c->cb, X86_OPC_MOV_GvEv, d, r);
        return;
    }
    Opnd src = opnd(c, a);
    int d = dest_reg(c, o);
    x86_op_rm(&c->cb, X86_OPC_MOV_GvEv, d, src.base, src.disp);
}

static void emit_shift(NativeCtx *c, const IrOp *op, int ext, bool w)
{
    IrTemp o = op->args[0], a = op->args[1], b = op->args[2];
    if (ir_temp_is_const(c->ir, b)) {
        /* in place in o's register */
        unsigned n = (unsigned)c->ir->temps[b].val & (w ? 63 : 31);
        int d = unary_dest(c, o, a);
        if (n) {
            x86_shift_ri(&c->cb, ext, w, d, n);
        } else if (!w) {
            x86_op_rr(&c->cb, X86_OPC_MOV_GvEv, d, d);
        }
        return;
    }
    load(c, X86_RAX, a);
    load(c, X86_RCX, b);
    x86_op_rr(&c->cb, X86_OPC_SHIFT_Ev_CL | (w ? X86_P_W : 0), ext, X86_RAX);
    store(c, X86_RAX, o);
}

static void emit_div(NativeCtx *c, const IrOp *op, bool w)
{
    bool is_signed = op->opc == IR_DIVS || op->opc == IR_REMS;
    bool want_rem = op->opc == IR_REMS || op->opc == IR_REMU;
    int p = w ? X86_P_W : 0;
    load(c, X86_RAX, op->args[1]);
    load(c, X86_RCX, op->args[2]);
    /* b == 0: quotient 0, remainder a */
    x86_op_rr(&c->cb, X86_OPC_TEST_EvGv | p, X86_RCX, X86_RCX);
    uint8_t *zero = x86_jcc_rel8(&c->cb, X86_CC_E);
    uint8_t *minus1 = NULL;
    if (is_signed) {
        /* b == -1: quotient -a (wrapping, so INT_MIN / -1 = INT_MIN), remainder 0 */
        x86_op_ri(&c->cb, X86_ALU_CMP, w, X86_RCX, -1);
        minus1 = x86_jcc_rel8(&c->cb, X86_CC_E);
        if (w) {
            x86_byte(&c->cb, 0x48); /* cqo */
        }
        x86_byte(&c->cb, 0x99);                             /* cdq */
        x86_op_rr(&c->cb, X86_OPC_GRP3_Ev | p, 7, X86_RCX); /* idiv */
    } else {
        x86_op_rr(&c->cb, X86_OPC_XOR_GvEv, X86_RDX, X86_RDX);
        x86_op_rr(&c->cb, X86_OPC_GRP3_Ev | p, 6, X86_RCX); /* div */
    }
    if (want_rem) {
        x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | p, X86_RAX, X86_RDX);
    }
    uint8_t *done = x86_jcc_rel8(&c->cb, -1);
    x86_patch_rel8(&c->cb, zero);
    if (!want_rem) {
        x86_op_rr(&c->cb, X86_OPC_XOR_GvEv, X86_RAX, X86_RAX);
    }
    uint8_t *done2 = NULL;
    if (minus1) {
        done2 = x86_jcc_rel8(&c->cb, -1);
        x86_patch_rel8(&c->cb, minus1);
        if (want_rem) {
            x86_op_rr(&c->cb, X86_OPC_XOR_GvEv, X86_RAX, X86_RAX);
        } else {
            x86_op_rr(&c->cb, X86_OPC_GRP3_Ev | p, 3, X86_RAX); /* neg */
        }
    }
    x86_patch_rel8(&c->cb, done);
    if (done2) {
        x86_patch_rel8(&c->cb, done2);
    }
    if (!w) {
        x86_op_rr(&c->cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
    }
    store(c, X86_RAX, op->args[0]);
}

/* clz/ctz: o = a ? count : b. */
static void emit_bitscan(NativeCtx *c, const IrOp *op, bool w)
{
    int p = w ? X86_P_W : 0;
    /* both inputs before any branch: the cache state must not differ between paths */
    load(c, X86_RDX, op->args[2]);
    load(c, X86_RAX, op->args[1]);
    x86_op_rr(&c->cb, X86_OPC_TEST_EvGv | p, X86_RAX, X86_RAX);
    uint8_t *zero = x86_jcc_rel8(&c->cb, X86_CC_E);
    if (op->opc == IR_CLZ) {
        x86_op_rr(&c->cb, X86_OPC_BSR | p, X86_RAX, X86_RAX);
        x86_op_ri(&c->cb, X86_ALU_XOR, w, X86_RAX, w ? 63 : 31);
    } else {
        x86_op_rr(&c->cb, X86_OPC_BSF | p, X86_RAX, X86_RAX);
    }
    uint8_t *done = x86_jcc_rel8(&c->cb, -1);
    x86_patch_rel8(&c->cb, zero);
    x86_op_rr(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RAX, X86_RDX);
    x86_patch_rel8(&c->cb, done);
    store(c, X86_RAX, op->args[0]);
}

/* A guest address folded into an x86 memory operand: base + (index << shift) + disp
 * (index 0 for none: env is never an index). */
typedef struct GuestAddr {
    IrTemp base, index;
    int shift;
    int32_t disp;
} GuestAddr;

/* A guest load or store at ga (guest_base is 0: the guest address is the host address).
 * No write-back here: a fault restores the state from this site's record. */
static void emit_guest_access(NativeCtx *c, const IrOp *op, GuestAddr ga)
{
    CodeBuf *cb = &c->cb;
    const bool w = op->type != IR_I32;
    const uint32_t *a = op->args;
    bool is_ld = op->opc == IR_QLD;
    unsigned mop = a[2];
    /* the address: its parts' cache registers if they have them */
    int areg = reg_of_value(c, ga.base);
    if (areg < 0) {
        load(c, X86_RCX, ga.base);
        areg = X86_RCX;
    }
    X86Mem m = x86_mem(areg, ga.disp);
    if (ga.index) {
        m.index = reg_of_value(c, ga.index);
        if (m.index < 0) {
            load(c, X86_RDX, ga.index);
            m.index = X86_RDX;
        }
        m.shift = ga.shift;
    }
    emit_align_check(c, mop, !is_ld, areg); /* only with a plain address (fuse_address) */
    if ((mop & MO_SIZE) == MO_128) {
        if (is_ld) {
            int d = vx_def(c, a[0], -1, -1); /* (written only if the load succeeds) */
            record_site(c, record_spills(c));
            x86_op_mem(cb, X86_OPC_MOVDQU_VxWx, d >= 0 ? d : 0, m);
            if (d < 0) {
                store_v128(c, 0, a[0]);
            }
        } else {
            int r = vx_get(c, a[0]);
            record_site(c, record_spills(c));
            x86_op_mem(cb, X86_OPC_MOVDQU_WxVx, r, m);
        }
    } else if (is_ld) {
        /* Registers keep their old values until the load completes, so the spills
         * are taken before dest_reg (which may claim one of them, even areg's). */
        uint32_t first = record_spills(c);
        int d = dest_reg(c, a[0]);
        record_site(c, first);
        emit_load_sized(c, d, m, mop, w);
    } else {
        int vreg = reg_of_value(c, a[0]);
        if (vreg < 0) {
            load(c, X86_RAX, a[0]);
            vreg = X86_RAX;
        }
        record_site(c, record_spills(c));
        emit_store_sized(c, vreg, m, mop);
    }
}

/* Which labels keep the register cache of their only branch (see label_regs). */
static void find_kept_labels(NativeCtx *c)
{
    const IrContext *ir = c->ir;
    if (ir->nb_labels == 0) {
        return; /* most blocks: nothing to allocate */
    }
    uint32_t n = ir->nb_labels + 1;
    uint8_t *refs = scratch_get0(NS_LABEL_REFS, n);
    bool *seen = scratch_get0(NS_LABEL_SEEN, n * sizeof(bool));
    c->label_keeps_regs = scratch_get0(NS_LABEL_KEEPS, n * sizeof(bool));
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc == IR_BR || op->opc == IR_BRCOND) {
            uint32_t l = op->args[op->opc == IR_BR ? 0 : 3];
            refs[l] = refs[l] < 2 && op->opc == IR_BRCOND && !seen[l] ? refs[l] + 1 : 2;
        } else if (op->opc == IR_SET_LABEL) {
            uint32_t l = op->args[0];
            seen[l] = true;
            IrOpc prev = i ? (IrOpc)ir->ops[i - 1].opc : IR_NB_OPS;
            c->label_keeps_regs[l] =
                refs[l] == 1 && (prev == IR_EXIT_TB || prev == IR_GOTO_PTR || prev == IR_BR);
        }
    }
    /* a later branch to an already placed label makes it a loop head: not kept */
    for (uint32_t l = 0; l < n; l++) {
        c->label_keeps_regs[l] &= refs[l] == 1;
    }
    c->label_regs = scratch_get0(NS_LABEL_REGS, n * sizeof(*c->label_regs));
}

/* ---- vector ops (IR_VOP) on SSE: operands in xmm0/xmm1, constants from tables ---- */

/* pshufb controls for IR_VOP_REV, [vece][log2(container bytes) - 1] */
static uint8_t rev_ctl[3][3][16] __attribute__((aligned(16)));
/* byte masks for 8-bit lane shifts done as 16-bit ones: [left?][count] */
static uint8_t byte_shift_mask[2][9][16] __attribute__((aligned(16)));

static void vec_tables_init(void)
{
    for (int vece = 0; vece < 3; vece++) {
        for (int c = 1; c <= 3; c++) {
            int lane = 1 << vece, cont = 1 << c;
            for (int i = 0; i < 16; i++) {
                int base = i / cont * cont, k = (i % cont) / lane, off = i % lane;
                int per = cont / lane;
                rev_ctl[vece][c - 1][i] = (uint8_t)(base + (per - 1 - k) * lane + off);
            }
        }
    }
    for (int n = 0; n <= 8; n++) {
        memset(byte_shift_mask[1][n], (uint8_t)(0xff << n), 16);
        memset(byte_shift_mask[0][n], (uint8_t)(0xff >> n), 16);
    }
}

/* sse op xmm d, xmm s (66 0F xx, or 66 0F 38 xx with ext38). */
static void sse_rr(NativeCtx *c, int opc, int d, int s)
{
    x86_op_rr(&c->cb, opc | X86_P_EXT | X86_P_DATA16, d, s);
}

/* shift xmm d by an immediate: group 0x71/0x72/0x73 with /digit. */
static void sse_shift(NativeCtx *c, int grp, int digit, int d, unsigned n)
{
    x86_op_rr(&c->cb, grp | X86_P_EXT | X86_P_DATA16, digit, d);
    x86_byte(&c->cb, (uint8_t)n);
}

/* xmm1 = 16 bytes at p */
static void sse_load_const(NativeCtx *c, const void *p)
{
    x86_movi(&c->cb, X86_R11, (uint64_t)(uintptr_t)p);
    x86_op_rm(&c->cb, X86_OPC_MOVDQU_VxWx, 1, X86_R11, 0);
}

/* The result is computed in w: the result's cache register, or xmm0 (then copied) when
 * that register is also an input.  Inputs are read from their cache registers; xmm1
 * holds constants. */
static void emit_vop(NativeCtx *c, const IrOp *op)
{
    const uint32_t *a = op->args;
    IrVecOp vop = (IrVecOp)a[3];
    unsigned vece = a[4], imm = a[5], bits = 8u << vece;
    static const int add_of[4] = {0xfc, 0xfd, 0xfe, 0xd4}, sub_of[4] = {0xf8, 0xf9, 0xfa, 0xfb};
    static const int grp_of[4] = {0x71, 0x71, 0x72, 0x73};
    int ra = vx_get(c, a[1]), rb = vx_get(c, a[2]);
    int d = vx_def(c, a[0], ra, rb);
    int w = d >= 0 ? d : 0;
    /* the x86 compare of the lane size (pcmpeqq needs SSE4.1) */
    int cmpeq = vece == 3 ? X86_P_EXT38 | 0x29 : 0x74 + (int)vece;
    if ((vop == IR_VOP_CMPEQ || vop == IR_VOP_CMPEQ0) && vece == 3 && !have_sse41) {
        c->failed = true;
    }
    switch (vop) {
    case IR_VOP_ADD:
    case IR_VOP_SUB:
    case IR_VOP_CMPEQ:
        x86_movdqa_rr(&c->cb, w, ra);
        sse_rr(c,
               vop == IR_VOP_CMPEQ ? cmpeq
               : vop == IR_VOP_ADD ? add_of[vece]
                                   : sub_of[vece],
               w, rb);
        break;
    case IR_VOP_ANDC:
        x86_movdqa_rr(&c->cb, w, rb); /* pandn: w = ~w & a */
        sse_rr(c, 0xdf, w, ra);
        break;
    case IR_VOP_CMPEQ0:
        x86_movdqa_rr(&c->cb, w, ra);
        x86_op_rr(&c->cb, X86_OPC_PXOR, 1, 1);
        sse_rr(c, cmpeq, w, 1);
        break;
    case IR_VOP_SHLI:
    case IR_VOP_SHRI:
    case IR_VOP_SARI: {
        x86_movdqa_rr(&c->cb, w, ra);
        bool left = vop == IR_VOP_SHLI;
        if (vop == IR_VOP_SARI) {
            if (vece == 0 || vece == 3) {
                c->failed = true; /* the front end does not ask for these */
                break;
            }
            sse_shift(c, grp_of[vece], 4, w, imm < bits ? imm : bits - 1);
            break;
        }
        if (imm >= bits) {
            x86_op_rr(&c->cb, X86_OPC_PXOR, w, w);
            break;
        }
        sse_shift(c, vece ? grp_of[vece] : 0x71, left ? 6 : 2, w, imm);
        if (vece == 0) {
            /* 16-bit shift, then drop the bits that crossed into the neighbour byte */
            sse_load_const(c, byte_shift_mask[left][imm]);
            sse_rr(c, 0xdb, w, 1); /* pand */
        }
        break;
    }
    case IR_VOP_REV: {
        int cl = imm == 2 ? 1 : imm == 4 ? 2 : 3;
        if (!have_ssse3 || vece > 2 || (1u << vece) >= imm) {
            c->failed = true;
            break;
        }
        x86_movdqa_rr(&c->cb, w, ra);
        sse_load_const(c, rev_ctl[vece][cl - 1]);
        sse_rr(c, X86_P_EXT38 | 0x00, w, 1); /* pshufb */
        break;
    }
    case IR_VOP_EXT:
        if (!have_ssse3) {
            c->failed = true;
            break;
        }
        /* palignr w, a, imm: bytes imm.. of b:a */
        x86_movdqa_rr(&c->cb, w, rb);
        x86_byte(&c->cb, 0x66);
        if ((w | ra) & 8) {
            x86_byte(&c->cb, (uint8_t)(0x40 | ((w & 8) ? 4 : 0) | ((ra & 8) ? 1 : 0)));
        }
        x86_byte(&c->cb, 0x0f);
        x86_byte(&c->cb, 0x3a);
        x86_byte(&c->cb, 0x0f);
        x86_byte(&c->cb, (uint8_t)(0xc0 | ((w & 7) << 3) | (ra & 7)));
        x86_byte(&c->cb, (uint8_t)imm);
        break;
    default:
        if (!native_vop_supported(vop, vece)) {
            c->failed = true;
            break;
        }
        native_emit_vop(&c->cb, vop, vece, imm, ra, rb);
        x86_movdqa_rr(&c->cb, w, 0);
        break;
    }
    if (d < 0) {
        store_v128(c, 0, a[0]);
    }
}

/* ---- floating-point arithmetic (IR_FOP) on SSE ----
 * The operands go to rax, rcx, rdx (where the slow path wants them) and xmm0-2; the
 * host computes; a NaN result, or +-the smallest normal (Arm detects tininess before
 * rounding, x86 after: such a result may have underflowed for Arm), goes to the exact
 * function through the region's thunk.  The host's exception flags stay pending in
 * MXCSR (tcg/host-fp.h). */

/* rax = fn(env, rax, rcx, rdx, desc) through the region's thunk (emit_fop_thunk) */
static void emit_fop_thunk_call(CodeBuf *cb, uint64_t fn, uint32_t desc)
{
    x86_movi(cb, X86_R11, fn);
    x86_opc(cb, 0x50 + (X86_R11 & 7), 0, 0, X86_R11); /* push fn */
    x86_movi(cb, X86_R11, desc);
    uint8_t *f = x86_jcc_rel32(cb, -1);
    f[-1] = 0xe8; /* call rel32 */
    x86_patch_rel32(cb, f, fop_thunk);
    x86_op_ri(cb, X86_ALU_ADD, true, X86_RSP, 8);
}

/* VEX.LIG.66.0F38.W(esz==3) op xmm d, xmm v, xmm s (d, v, s < 8): the FMA3 231 forms */
static void vex_fma231(NativeCtx *c, int opc, unsigned esz, int d, int v, int s)
{
    x86_byte(&c->cb, 0xc4);
    x86_byte(&c->cb, 0xe2); /* R, X, B clear (inverted), map 0F38 */
    x86_byte(&c->cb, (uint8_t)((esz == 3 ? 0x80 : 0) | ((~v & 15) << 3) | 0x01));
    x86_byte(&c->cb, (uint8_t)opc);
    x86_byte(&c->cb, (uint8_t)(0xc0 | (d << 3) | s));
}

/* movq xmm x, gpr r (movd when !w) */
static void movq_to_xmm(CodeBuf *cb, int x, int r, bool w)
{
    x86_op_rr(cb, 0x6e | X86_P_EXT | X86_P_DATA16 | (w ? X86_P_W : 0), x, r);
}

/* movq gpr r, xmm x (movd when !w) */
static void movq_from_xmm(CodeBuf *cb, int r, int x, bool w)
{
    x86_op_rr(cb, 0x7e | X86_P_EXT | X86_P_DATA16 | (w ? X86_P_W : 0), x, r);
}

/* Jump to the slow path if xmm x holds a NaN (ucomisd/ucomiss x, x: parity set). */
static uint8_t *fop_nan_check(CodeBuf *cb, int x, bool dbl)
{
    x86_op_rr(cb, 0x2e | X86_P_EXT | (dbl ? X86_P_DATA16 : 0), x, x);
    return x86_jcc_rel8(cb, 0xa); /* jp */
}

/* Jump to the slow path if xmm x holds +-the smallest normal (r11 clobbered). */
static uint8_t *fop_min_normal_check(CodeBuf *cb, int x, bool dbl)
{
    movq_from_xmm(cb, X86_R11, x, dbl);
    x86_op_rr(cb, X86_OPC_ADD_GvEv | (dbl ? X86_P_W : 0), X86_R11, X86_R11); /* drop the sign */
    x86_shift_ri(cb, X86_SHIFT_ROR, dbl, X86_R11, dbl ? 53 : 24);
    x86_op_ri(cb, X86_ALU_CMP, dbl, X86_R11, 1); /* exponent 1, fraction 0 */
    return x86_jcc_rel8(cb, X86_CC_E);
}

/* rax = the NZCV word of the comparison whose result is in the host flags:
 * ucomis gives (ZF, CF) 00 greater, 01 less, 10 equal, 11 unordered, which index the
 * nibbles of 0x3682 (NZCV 0010, 1000, 0110, 0011). */
static void fop_nzcv_from_host_flags(CodeBuf *cb)
{
    x86_opc(cb, 0xb8 + X86_RAX, 0, 0, X86_RAX); /* mov eax, imm32 (flags kept) */
    x86_u32(cb, 0x3682);
    x86_opc(cb, 0xb8 + X86_RCX, 0, 0, X86_RCX);
    x86_u32(cb, 0);
    x86_op_rr(cb, X86_OPC_SETCC | X86_CC_E | X86_P_BYTEREG, 0, X86_RCX); /* setz cl */
    x86_op_rr(cb, X86_OPC_ADC_GvEv, X86_RCX, X86_RCX);                   /* ecx = 2 ZF + CF */
    x86_shift_ri(cb, X86_SHIFT_SHL, false, X86_RCX, 2);
    x86_op_rr(cb, X86_OPC_SHIFT_Ev_CL, X86_SHIFT_SHR, X86_RAX);
    x86_op_ri(cb, X86_ALU_AND, false, X86_RAX, 0xf);
    x86_shift_ri(cb, X86_SHIFT_SHL, false, X86_RAX, 28);
}

static void emit_fop(NativeCtx *c, const IrOp *op)
{
    const uint32_t *a = op->args;
    IrFpOp fop = (IrFpOp)a[4];
    unsigned esz = a[5];
    bool dbl = esz == 3;
    int scalar = X86_P_EXT | (dbl ? X86_P_REPNZ : X86_P_REPZ); /* the sd or ss form */
    bool fma = ir_fop_is_fma(fop);
    bool minmax = ir_fop_is_minmax(fop);
    bool rint = ir_fop_is_rint(fop);
    bool two = (fop != IR_FOP_SQRT && fop < IR_FOP_SCVTF) || minmax;
    uint64_t fn = (uint64_t)(uintptr_t)ir_op_fpfn(op);
    CodeBuf *cb = &c->cb;

    load(c, X86_RAX, a[1]);
    if (two) {
        load(c, X86_RCX, a[2]);
    }
    if (fma) {
        load(c, X86_RDX, a[3]);
    }
    uint8_t *to_slow[3] = {NULL, NULL, NULL};
    uint8_t *to_done = NULL;
    int nslow = 0;
    bool inline_ok = (!fma || have_fma) && (!rint || have_sse41);
    if (inline_ok && fop != IR_FOP_SCVTF && fop != IR_FOP_UCVTF) {
        movq_to_xmm(cb, 0, X86_RAX, dbl);
        if (two) {
            movq_to_xmm(cb, 1, X86_RCX, dbl);
        }
    }
    switch (inline_ok ? fop : IR_FOP_NB) {
    case IR_FOP_ADD:
    case IR_FOP_SUB:
    case IR_FOP_MUL:
    case IR_FOP_NMUL:
    case IR_FOP_DIV:
    case IR_FOP_SQRT:
    case IR_FOP_FMA:
    case IR_FOP_FMA_NP:
    case IR_FOP_FMA_NC:
    case IR_FOP_FMA_NPC: {
        int xr = 0;
        if (fma) {
            /* vfmadd231 / vfnmadd231 / vfmsub231 / vfnmsub231: xmm2 = +-(xmm0 xmm1) +- xmm2 */
            static const int fma_opc[4] = {0xb9, 0xbd, 0xbb, 0xbf};
            movq_to_xmm(cb, 2, X86_RDX, dbl);
            vex_fma231(c, fma_opc[fop - IR_FOP_FMA], esz, 2, 0, 1);
            xr = 2;
        } else {
            static const int opc_of[IR_FOP_SQRT + 1] = {
                [IR_FOP_ADD] = 0x58, [IR_FOP_SUB] = 0x5c,  [IR_FOP_MUL] = 0x59,
                [IR_FOP_DIV] = 0x5e, [IR_FOP_NMUL] = 0x59, [IR_FOP_SQRT] = 0x51};
            x86_op_rr(cb, opc_of[fop] | scalar, 0, fop == IR_FOP_SQRT ? 0 : 1);
        }
        to_slow[nslow++] = fop_nan_check(cb, xr, dbl);
        to_slow[nslow++] = fop_min_normal_check(cb, xr, dbl);
        movq_from_xmm(cb, X86_RAX, xr, dbl);
        if (fop == IR_FOP_NMUL) {
            x86_op_rr(cb, 0xba | X86_P_EXT | (dbl ? X86_P_W : 0), 7, X86_RAX); /* btc sign */
            x86_byte(cb, dbl ? 63 : 31);
        }
        break;
    }
    case IR_FOP_CMP:
    case IR_FOP_CMPE:
        /* comis signals invalid on quiet NaNs too, ucomis only on signalling ones: as
         * FCMPE and FCMP; nothing else is raised (denormal-operand is not a flag here) */
        x86_op_rr(cb, (fop == IR_FOP_CMPE ? 0x2f : 0x2e) | X86_P_EXT | (dbl ? X86_P_DATA16 : 0), 0,
                  1);
        fop_nzcv_from_host_flags(cb);
        break;
    case IR_FOP_UCVTF:
        x86_op_rr(cb, X86_OPC_TEST_EvGv | X86_P_W, X86_RAX, X86_RAX);
        to_slow[nslow++] = x86_jcc_rel8(cb, X86_CC_S); /* 2^63 and above */
        /* fall through */
    case IR_FOP_SCVTF:
        x86_op_rr(cb, X86_OPC_PXOR, 0, 0);                  /* no dependency on xmm0's old value */
        x86_op_rr(cb, 0x2a | scalar | X86_P_W, 0, X86_RAX); /* cvtsi2sd/ss xmm0, rax */
        movq_from_xmm(cb, X86_RAX, 0, dbl);
        break;
    case IR_FOP_MAX:
    case IR_FOP_MIN:
    case IR_FOP_MAXNM:
    case IR_FOP_MINNM:
        /* equal (+0 and -0 differ for Arm, not for maxsd) or unordered: the exact function;
         * ucomis raises Invalid only for signalling NaNs, as FMAX/FMAXNM do */
        x86_op_rr(cb, 0x2e | X86_P_EXT | (dbl ? X86_P_DATA16 : 0), 0, 1);
        to_slow[nslow++] = x86_jcc_rel8(cb, X86_CC_E);
        x86_op_rr(cb, (fop == IR_FOP_MAX || fop == IR_FOP_MAXNM ? 0x5f : 0x5d) | scalar, 0, 1);
        movq_from_xmm(cb, X86_RAX, 0, dbl);
        break;
    case IR_FOP_RINT_N:
    case IR_FOP_RINT_P:
    case IR_FOP_RINT_M:
    case IR_FOP_RINT_Z:
    case IR_FOP_RINT_X:
    case IR_FOP_RINT_I: {
        /* roundsd/roundss xmm0, xmm0, mode; 8 suppresses the inexact flag, 4 takes MXCSR's
         * mode (round to nearest in these blocks) */
        static const uint8_t mode[6] = {0 | 8, 2 | 8, 1 | 8, 3 | 8, 4, 4 | 8};
        x86_byte(cb, 0x66);
        x86_byte(cb, 0x0f);
        x86_byte(cb, 0x3a);
        x86_byte(cb, dbl ? 0x0b : 0x0a);
        x86_byte(cb, 0xc0);
        x86_byte(cb, mode[fop - IR_FOP_RINT_N]);
        to_slow[nslow++] = fop_nan_check(cb, 0, dbl);
        movq_from_xmm(cb, X86_RAX, 0, dbl);
        break;
    }
    case IR_FOP_FCVTNS32:
    case IR_FOP_FCVTNS64:
    case IR_FOP_FCVTZS32:
    case IR_FOP_FCVTZS64: {
        /* cvttsd2si: out of range or NaN gives the "integer indefinite" (the minimum), and
         * invalid without inexact, as Arm saturates; the minimum itself goes to fn */
        bool w64 = fop == IR_FOP_FCVTZS64 || fop == IR_FOP_FCVTNS64;
        bool trunc = fop == IR_FOP_FCVTZS32 || fop == IR_FOP_FCVTZS64;
        /* cvttsd2si truncates, cvtsd2si rounds as MXCSR says: to nearest even here (into
         * rcx: rax keeps the operand for the slow path) */
        x86_op_rr(cb, (trunc ? 0x2c : 0x2d) | scalar | (w64 ? X86_P_W : 0), X86_RCX, 0);
        x86_op_rr(cb, X86_OPC_MOV_GvEv | (w64 ? X86_P_W : 0), X86_R11, X86_RCX);
        x86_op_rr(cb, X86_OPC_GRP3_Ev | (w64 ? X86_P_W : 0), 3, X86_R11); /* neg */
        to_slow[nslow++] = x86_jcc_rel8(cb, X86_CC_O);
        x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RAX, X86_RCX);
        break;
    }
    case IR_FOP_CVT:
        x86_op_rr(cb, 0x5a | scalar, 0, 0); /* cvtsd2ss / cvtss2sd xmm0, xmm0 */
        to_slow[nslow++] = fop_nan_check(cb, 0, !dbl);
        if (dbl) { /* narrowing: the result may have been tiny before rounding */
            to_slow[nslow++] = fop_min_normal_check(cb, 0, false);
        }
        movq_from_xmm(cb, X86_RAX, 0, !dbl);
        break;
    default:
        break;
    }
    if (inline_ok && fop < IR_FOP_NB && nslow == 0) {
        store(c, X86_RAX, a[0]); /* no slow path */
        return;
    }
    if (inline_ok) {
        to_done = x86_jcc_rel8(cb, -1);
    }
    for (int i = 0; i < nslow; i++) {
        x86_patch_rel8(cb, to_slow[i]);
    }
    emit_fop_thunk_call(cb, fn, (uint32_t)fop | esz << 8);
    if (to_done) {
        x86_patch_rel8(cb, to_done);
    }
    store(c, X86_RAX, a[0]);
}

/* ---- floating-point lanes (IR_VFOP) on SSE ----
 * As IR_FOP, on four single or two double lanes: a NaN lane (cmpunord) or a lane equal
 * to +-the smallest normal sends the whole operation to the exact function, which gets
 * the operands through three frame slots. */

/* |x| masks and the smallest normals, per element size 2 (single) and 3 (double) */
static const uint64_t vfop_consts[2][2][2] __attribute__((aligned(16))) = {
    {{0x7fffffff7fffffffull, 0x7fffffff7fffffffull},
     {0x0080000000800000ull, 0x0080000000800000ull}},
    {{0x7fffffffffffffffull, 0x7fffffffffffffffull},
     {0x0010000000000000ull, 0x0010000000000000ull}},
};

/* the frame offsets of the three operand slots */
static bool vfop_slots(NativeCtx *c)
{
    if (!c->vfop_slots_ready) {
        for (int i = 0; i < 3; i++) {
            if (c->next_slot >= FRAME_SLOTS) {
                c->failed = true;
                return false;
            }
            c->vfop_slot[i] = (int32_t)(16 * c->next_slot++);
        }
        c->vfop_slots_ready = true;
    }
    return true;
}

/* xmm d = the low bytes (8 or 16) of xmm s, the rest zero */
static void vfop_operand(CodeBuf *cb, int d, int s, unsigned bytes)
{
    if (bytes == 16) {
        x86_movdqa_rr(cb, d, s);
    } else {
        x86_op_rr(cb, 0x7e | X86_P_EXT | X86_P_REPZ, d, s); /* movq xmm, xmm */
    }
}

static void emit_vfop(NativeCtx *c, const IrOp *op)
{
    const uint32_t *a = op->args;
    IrFpOp fop = (IrFpOp)a[4];
    unsigned esz = a[5], bytes = a[6];
    bool dbl = esz == 3;
    int packed = X86_P_EXT | (dbl ? X86_P_DATA16 : 0); /* the ps or pd form */
    bool fma = ir_fop_is_fma(fop);
    uint64_t fn = (uint64_t)(uintptr_t)ir_op_vfpfn(op);
    CodeBuf *cb = &c->cb;
    if (!vfop_slots(c)) {
        return;
    }
    int ra = vx_get(c, a[1]), rb = vx_get(c, a[2]), rc = fma ? vx_get(c, a[3]) : -1;
    int xr = fma ? 2 : 0;
    uint8_t *to_slow = NULL, *to_done = NULL;
    /* (a 64-bit division would divide the zeroed upper lanes: 0/0 raises Invalid) */
    if ((!fma || have_fma) && !(bytes == 8 && fop == IR_FOP_DIV)) {
        vfop_operand(cb, 0, ra, bytes);
        vfop_operand(cb, 1, rb, bytes);
        if (fma) {
            /* vfmadd231 / vfnmadd231 / vfmsub231 / vfnmsub231 ps|pd: xmm2 = +-(xmm0 xmm1) +- xmm2
             */
            static const int fma_opc[4] = {0xb8, 0xbc, 0xba, 0xbe};
            vfop_operand(cb, 2, rc, bytes);
            vex_fma231(c, fma_opc[fop - IR_FOP_FMA], esz, 2, 0, 1);
        } else {
            static const int opc_of[IR_FOP_DIV + 1] = {
                [IR_FOP_ADD] = 0x58, [IR_FOP_SUB] = 0x5c, [IR_FOP_MUL] = 0x59, [IR_FOP_DIV] = 0x5e};
            x86_op_rr(cb, opc_of[fop] | packed, 0, 1);
        }
        if (bytes == 8) {
            vfop_operand(cb, xr, xr, 8); /* -(0 * 0) - 0 is -0: the upper half must be 0 */
        }
        /* t = NaN lanes | lanes equal to +-min normal, from the two free scratch registers */
        int t1 = fma ? 0 : 1, t2 = fma ? 1 : 2;
        x86_movdqa_rr(cb, t1, xr);
        x86_op_rr(cb, 0xc2 | packed, t1, t1); /* cmpunordps/pd t1, t1 */
        x86_byte(cb, 3);
        x86_movdqa_rr(cb, t2, xr);
        x86_movi(cb, X86_R11, (uint64_t)(uintptr_t)vfop_consts[dbl]);
        x86_op_rm(cb, 0x54 | packed, t2, X86_R11, 0);  /* andps/pd t2, |x| mask */
        x86_op_rm(cb, 0xc2 | packed, t2, X86_R11, 16); /* cmpeqps/pd t2, min normal */
        x86_byte(cb, 0);
        x86_op_rr(cb, 0x56 | packed, t1, t2);         /* orps/pd */
        x86_op_rr(cb, 0x50 | X86_P_EXT, X86_R11, t1); /* movmskps r11d, t1 */
        x86_op_rr(cb, X86_OPC_TEST_EvGv, X86_R11, X86_R11);
        to_slow = x86_jcc_rel8(cb, X86_CC_NE);
        to_done = x86_jcc_rel32(cb, -1);
        x86_patch_rel8(cb, to_slow);
    }
    x86_op_rm(cb, X86_OPC_MOVDQU_WxVx, ra, X86_R12, c->vfop_slot[0]);
    x86_op_rm(cb, X86_OPC_MOVDQU_WxVx, rb, X86_R12, c->vfop_slot[1]);
    if (fma) {
        x86_op_rm(cb, X86_OPC_MOVDQU_WxVx, rc, X86_R12, c->vfop_slot[2]);
    }
    x86_op_rm(cb, X86_OPC_LEA | X86_P_W, X86_RAX, X86_R12, c->vfop_slot[0]);
    x86_op_rm(cb, X86_OPC_LEA | X86_P_W, X86_RCX, X86_R12, c->vfop_slot[1]);
    x86_op_rm(cb, X86_OPC_LEA | X86_P_W, X86_RDX, X86_R12, c->vfop_slot[2]);
    emit_fop_thunk_call(cb, fn, (uint32_t)fop | esz << 8 | bytes << 16);
    x86_op_rm(cb, X86_OPC_MOVDQU_VxWx, xr, X86_R12, c->vfop_slot[0]);
    if (to_done) {
        x86_patch_rel32(cb, to_done, cb->ptr);
    }
    vx_put(c, a[0], xr);
}

/* ---- blocks that loop on themselves ----
 * A block ending in a branch back to its own start would go through its goto_tb exit and
 * reload every guest register at the top of each iteration.  Instead, the globals it uses
 * most ("homes") are loaded once before loop_head; the back edge puts each home back in
 * its register (usually already there), checks exit_request and jumps to loop_head.
 * From loop_head on the homes count as dirty (newer than env), so every exit, fault
 * record and helper call sees them as it would any modified global. */
#define MAX_HOMES 5

/* The exit slot whose goto_tb leads back to this block's own pc, or -1. */
static int find_self_slot(const IrContext *ir, uint64_t block_pc)
{
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc != IR_GOTO_TB || op->args[0] >= 2) {
            continue;
        }
        for (uint32_t k = i + 1; k < ir->nb_ops && ir->ops[k].opc != IR_EXIT_TB; k++) {
            const IrOp *m = &ir->ops[k];
            const IrTempInfo *d = &ir->temps[m->args[0]];
            if (m->opc == IR_MOV && d->kind == IR_TEMP_GLOBAL &&
                d->env_offset == (int32_t)offsetof(CPUArchState, pc) &&
                ir->temps[m->args[1]].kind == IR_TEMP_CONST &&
                ir->temps[m->args[1]].val == block_pc) {
                return (int)op->args[0];
            }
        }
    }
    return -1;
}

/* Choose and load the homes (the 64-bit globals the block reads or writes most, but not
 * pc), then mark loop_head. */
static void plan_self_loop(NativeCtx *c)
{
    const IrContext *ir = c->ir;
    uint32_t *uses = scratch_get0(NS_GLOBAL_USES, ir->nb_globals * sizeof(uint32_t));
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        for (int k = 0; k < op->nb_oargs + op->nb_iargs; k++) {
            IrTemp t = op->args[k];
            const IrTempInfo *ti = &ir->temps[t];
            if (ti->kind == IR_TEMP_GLOBAL && ti->type == IR_I64 &&
                ti->env_offset != (int32_t)offsetof(CPUArchState, pc)) {
                uses[t]++;
            }
        }
    }
    for (int n = 0; n < MAX_HOMES; n++) {
        IrTemp best = 0;
        for (IrTemp t = 1; t < ir->nb_globals; t++) {
            if (uses[t] && (!best || uses[t] > uses[best])) {
                best = t;
            }
        }
        if (!best) {
            break;
        }
        uses[best] = 0;
        reg_of_value(c, best);
        c->home[c->reg_of[best]] = best;
    }
    c->loop_head = c->cb.ptr;
    for (int i = 0; i < NB_ALLOC; i++) {
        if (c->home[i]) {
            c->regs[i].dirty = true;
        }
    }
}

/* The back edge: every home in its register (as at loop_head), anything else written
 * back, then exit_request checked; the exit path that follows (the IR's pc write and
 * exit_tb) writes the homes back. */
static void emit_self_loop_edge(NativeCtx *c)
{
    for (int i = 0; i < NB_VX; i++) {
        vx_reset(c, i); /* locals are dead and env exact; loop_head has nothing cached */
    }
    c->sha_valid = false;
    for (int i = 0; i < NB_ALLOC; i++) {
        if (c->regs[i].temp && c->regs[i].temp != c->home[i]) {
            if (is_global(c, c->regs[i].temp)) {
                cache_writeback(c, i);
            }
            cache_drop(c, i);
        }
    }
    for (int i = 0; i < NB_ALLOC; i++) {
        IrTemp g = c->home[i];
        if (g && c->regs[i].temp != g) {
            x86_op_rm(&c->cb, X86_OPC_MOV_GvEv | X86_P_W, alloc_regs[i], X86_RBP,
                      c->ir->temps[g].env_offset);
            c->regs[i].temp = g;
            c->reg_of[g] = (int8_t)i;
        }
        if (g) {
            c->regs[i].dirty = true;
        }
    }
    x86_op_rm(&c->cb, X86_OPC_ARITH_EvIb, X86_ALU_CMP, X86_RBP,
              offsetof(CPUArchState, exit_request));
    x86_byte(&c->cb, 0);
    uint8_t *out = x86_jcc_rel8(&c->cb, X86_CC_NE);
    uint8_t *back = x86_jcc_rel32(&c->cb, -1);
    x86_patch_rel32(&c->cb, back, c->loop_head);
    x86_patch_rel8(&c->cb, out);
}

/* IR_VCRYPTO: inputs in cache registers (never the scratch xmm0-2), the result computed
 * in a scratch one.  openssl's SHA-256 loop does SHA256H then SHA256H2 on the same state
 * and W+K (the same four rounds: the second only unpacks the packed state), and the next
 * SHA256H continues from their results (the packed state is still there: no packing). */
static void emit_vcrypto(NativeCtx *c, const IrOp *op)
{
    IrVecCrypto kind = (IrVecCrypto)op->args[4];
    int in[3];
    uint32_t id[3];
    for (int k = 0; k < 3; k++) {
        in[k] = vx_get(c, op->args[1 + k]);
        id[k] = c->failed ? 0 : c->vx[in[k] - VX_FIRST].val;
    }
    if (!native_vcrypto_supported(kind)) {
        c->failed = true; /* the interpreter runs the block */
        return;
    }
    if (kind != IR_VCRYPTO_SHA256_ABCD && kind != IR_VCRYPTO_SHA256_EFGH) {
        /* into the result's register unless that is an input's */
        int d = vx_def(c, op->args[0], in[1], in[2]);
        if (d == in[0]) {
            d = -1;
        }
        native_emit_vcrypto(&c->cb, kind, d >= 0 ? d : 1, in[0], in[1], in[2]);
        if (d < 0) {
            store_v128(c, 1, op->args[0]);
        }
        return;
    }
    bool abcd = kind == IR_VCRYPTO_SHA256_ABCD;
    int x = abcd ? in[0] : in[1], y = abcd ? in[1] : in[0];
    uint32_t want[3] = {abcd ? id[0] : id[1], abcd ? id[1] : id[0], id[2]};
    bool known = want[0] && want[1] && want[2];
    if (!c->sha_valid || memcmp(want, c->sha_in, sizeof want) != 0) {
        bool cont = c->sha_valid && c->sha_out[0] == want[0] && c->sha_out[1] == want[1];
        native_emit_sha256_rounds(&c->cb, !cont, x, y, in[2]);
        memcpy(c->sha_in, want, sizeof want);
        c->sha_out[0] = c->sha_out[1] = 0;
        c->sha_valid = known;
    }
    int d = vx_def(c, op->args[0], -1, -1);
    native_emit_sha256_unpack(&c->cb, abcd, d >= 0 ? d : 0);
    if (d < 0) {
        store_v128(c, 0, op->args[0]);
    }
    int r = c->vx_of[op->args[0]];
    c->sha_out[abcd ? 0 : 1] = r >= 0 ? c->vx[r].val : 0;
}

static void emit_op(NativeCtx *c, const IrOp *op)
{
    CodeBuf *cb = &c->cb;
    c->vx_op_clock = c->clock;
    const bool w = op->type != IR_I32;
    const int p = w ? X86_P_W : 0;
    const uint32_t *a = op->args;
    switch (op->opc) {
    case IR_INSN_START:
        c->insn_pc = (uint64_t)a[0] | ((uint64_t)a[1] << 32);
        break;
    case IR_DISCARD:
        break;
    case IR_MOV:
        if (op->type == IR_V128) {
            vx_mov(c, a[0], a[1]);
        } else if (a[0] != a[1] && !rename_dying_local(c, a[0], a[1])) {
            /* straight into the destination's register */
            int d = dest_reg(c, a[0]);
            load(c, d, a[1]);
        }
        break;
    case IR_NEG:
    case IR_NOT: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_GRP3_Ev | p, op->opc == IR_NEG ? 3 : 2, d);
        break;
    }
    case IR_CTPOP:
        load(c, X86_RAX, a[1]);
        if (!w) {
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
        }
        if (have_popcnt) {
            x86_op_rr(cb, X86_OPC_POPCNT | X86_P_W, X86_RAX, X86_RAX);
        } else {
            spill_caller_saved(c);
            vx_flush(c);
            x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDI, X86_RAX);
            x86_call_abs(cb, (const void *)native_popcount, X86_RAX);
        }
        store(c, X86_RAX, a[0]);
        break;
    case IR_BSWAP16: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_SHIFT_Ev_Ib | X86_P_DATA16, X86_SHIFT_ROL, d);
        x86_byte(cb, 8);
        x86_op_rr(cb, X86_OPC_MOVZWL, d, d);
        break;
    }
    case IR_BSWAP32:
    case IR_BSWAP64: {
        int d = unary_dest(c, a[0], a[1]);
        x86_opc(cb, ((0xc8 + (d & 7)) | X86_P_EXT) | (op->opc == IR_BSWAP64 ? X86_P_W : 0), 0, 0,
                d);
        break;
    }
    case IR_EXT8S: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_MOVSBL | p | X86_P_BYTEREG, d, d);
        break;
    }
    case IR_EXT8U: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_MOVZBL | X86_P_BYTEREG, d, d);
        break;
    }
    case IR_EXT16S: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_MOVSWL | p, d, d);
        break;
    }
    case IR_EXT16U: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_MOVZWL, d, d);
        break;
    }
    case IR_EXT32S:
    case IR_EXTS: {
        int d = unary_dest(c, a[0], a[1]);
        x86_op_rr(cb, X86_OPC_MOVSLQ, d, d);
        break;
    }
    case IR_EXT32U:
    case IR_EXTU:
    case IR_EXTRL:
        emit_zext32(c, a[0], a[1]);
        break;
    case IR_EXTRH: {
        int d = unary_dest(c, a[0], a[1]);
        x86_shift_ri(cb, X86_SHIFT_SHR, true, d, 32);
        break;
    }
    case IR_ADD:
    case IR_SUB:
    case IR_AND:
    case IR_OR:
    case IR_XOR: {
        static const int alu_of[] = {[IR_ADD] = X86_ALU_ADD,
                                     [IR_SUB] = X86_ALU_SUB,
                                     [IR_AND] = X86_ALU_AND,
                                     [IR_OR] = X86_ALU_OR,
                                     [IR_XOR] = X86_ALU_XOR};
        if (op->type == IR_V128) {
            static const int sse_of[] = {
                [IR_AND] = X86_OPC_PAND, [IR_OR] = X86_OPC_POR, [IR_XOR] = X86_OPC_PXOR};
            if (op->opc == IR_ADD || op->opc == IR_SUB) {
                c->failed = true;
                break;
            }
            if (a[1] == a[2] && op->opc != IR_XOR) {
                vx_mov(c, a[0], a[1]); /* ORR Vd, Vn, Vn: a move */
                break;
            }
            int ra = vx_get(c, a[1]), rb = vx_get(c, a[2]);
            int d = vx_def(c, a[0], rb, -1);
            x86_movdqa_rr(cb, d >= 0 ? d : 0, ra);
            x86_op_rr(cb, sse_of[op->opc], d >= 0 ? d : 0, rb);
            if (d < 0) {
                store_v128(c, 0, a[0]);
            }
            break;
        }
        if ((op->opc == IR_ADD || op->opc == IR_SUB) && a[0] != a[1] &&
            ir_temp_is_const(c->ir, a[2]) && emit_add_lea(c, op)) {
            break;
        }
        uint32_t swapped[3];
        if (op->opc != IR_SUB && a[0] == a[2] && a[0] != a[1]) {
            /* o = b op o, commutative: o op= b, in o's register */
            swapped[0] = a[0];
            swapped[1] = a[2];
            swapped[2] = a[1];
            a = swapped;
        }
        if (a[0] == a[1] && a[0] != a[2]) {
            (void)reg_of_value(c, a[1]); /* a global updated in place: into its register */
        }
        if (a[0] != a[2] && (a[0] != a[1] || c->reg_of[a[0]] >= 0)) {
            /* compute in the destination's register (which already holds a if o == a);
             * a's register may become o's unless b needs it too */
            int d;
            if (a[1] == a[2] || a[0] == a[1]) {
                d = dest_reg(c, a[0]);
                load(c, d, a[1]);
            } else {
                d = unary_dest(c, a[0], a[1]);
            }
            alu(c, alu_of[op->opc], w, d, a[2]);
        } else {
            load(c, X86_RAX, a[1]);
            alu(c, alu_of[op->opc], w, X86_RAX, a[2]);
            store(c, X86_RAX, a[0]);
        }
        break;
    }
    case IR_MUL: {
        /* in o's register unless o is the second operand */
        if (a[0] == a[1] && a[0] != a[2]) {
            (void)reg_of_value(c, a[1]);
        }
        bool in_place = a[0] != a[2] && (a[0] != a[1] || c->reg_of[a[0]] >= 0);
        int d = in_place ? dest_reg(c, a[0]) : X86_RAX;
        load(c, d, a[1]);
        int rb = cached_reg(c, a[2]);
        Opnd ob = rb >= 0 ? (Opnd){.kind = OPND_IMM} : opnd(c, a[2]);
        if (rb >= 0) {
            x86_op_rr(cb, X86_OPC_IMUL_GvEv | p, d, rb);
        } else if (ob.kind == OPND_MEM) {
            x86_op_rm(cb, X86_OPC_IMUL_GvEv | p, d, ob.base, ob.disp);
        } else {
            load(c, X86_RCX, a[2]);
            x86_op_rr(cb, X86_OPC_IMUL_GvEv | p, d, X86_RCX);
        }
        if (!in_place) {
            store(c, X86_RAX, a[0]);
        }
        break;
    }
    case IR_ANDC:
    case IR_ORC:
    case IR_EQV:
        load(c, X86_RAX, a[1]);
        load(c, X86_RCX, a[2]);
        if (op->opc == IR_EQV) {
            x86_op_rr(cb, X86_OPC_XOR_GvEv | p, X86_RAX, X86_RCX);
            x86_op_rr(cb, X86_OPC_GRP3_Ev | p, 2, X86_RAX);
        } else {
            x86_op_rr(cb, X86_OPC_GRP3_Ev | p, 2, X86_RCX);
            x86_op_rr(cb, (op->opc == IR_ANDC ? X86_OPC_AND_GvEv : X86_OPC_OR_GvEv) | p, X86_RAX,
                      X86_RCX);
        }
        store(c, X86_RAX, a[0]);
        break;
    case IR_SHL:
        emit_shift(c, op, X86_SHIFT_SHL, w);
        break;
    case IR_SHR:
        emit_shift(c, op, X86_SHIFT_SHR, w);
        break;
    case IR_SAR:
        emit_shift(c, op, X86_SHIFT_SAR, w);
        break;
    case IR_ROTL:
        emit_shift(c, op, X86_SHIFT_ROL, w);
        break;
    case IR_ROTR:
        emit_shift(c, op, X86_SHIFT_ROR, w);
        break;
    case IR_DIVS:
    case IR_DIVU:
    case IR_REMS:
    case IR_REMU:
        emit_div(c, op, w);
        break;
    case IR_MULUH:
    case IR_MULSH:
        load(c, X86_RAX, a[1]);
        load(c, X86_RCX, a[2]);
        x86_op_rr(cb, X86_OPC_GRP3_Ev | p, op->opc == IR_MULUH ? 4 : 5, X86_RCX);
        if (!w) {
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RDX, X86_RDX);
        }
        store(c, X86_RDX, a[0]);
        break;
    case IR_CLZ:
    case IR_CTZ:
        emit_bitscan(c, op, w);
        break;
    case IR_EXTRACT:
    case IR_SEXTRACT: {
        unsigned pos = a[2], len = a[3];
        if (op->opc == IR_EXTRACT && (a[0] != a[1] || c->reg_of[a[0]] >= 0) &&
            (pos + len == (w ? 64u : 32u) || (pos == 0 && (len == 8 || len == 16 || len == 32)) ||
             len <= 31)) {
            /* common unsigned forms: a zero-extending move, a shift, or shift + and */
            int d = unary_dest(c, a[0], a[1]);
            if (pos == 0 && len == 8) {
                x86_op_rr(cb, X86_OPC_MOVZBL | X86_P_BYTEREG, d, d);
            } else if (pos == 0 && len == 16) {
                x86_op_rr(cb, X86_OPC_MOVZWL, d, d);
            } else if (pos == 0 && len == 32) {
                x86_op_rr(cb, X86_OPC_MOV_GvEv, d, d);
            } else if (w && pos + len == 32) {
                x86_shift_ri(cb, X86_SHIFT_SHR, false, d, pos); /* a W register's top bits */
            } else {
                if (pos) {
                    x86_shift_ri(cb, X86_SHIFT_SHR, w, d, pos);
                }
                if (pos + len != (w ? 64u : 32u)) {
                    x86_op_ri(cb, X86_ALU_AND, true, d, (int32_t)((1u << len) - 1));
                }
            }
            break;
        }
        load(c, X86_RAX, a[1]);
        if (!w) {
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
        }
        if (64 - pos - len) {
            x86_shift_ri(cb, X86_SHIFT_SHL, true, X86_RAX, 64 - pos - len);
        }
        if (64 - len) {
            x86_shift_ri(cb, op->opc == IR_EXTRACT ? X86_SHIFT_SHR : X86_SHIFT_SAR, true, X86_RAX,
                         64 - len);
        }
        if (!w) {
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
        }
        store(c, X86_RAX, a[0]);
        break;
    }
    case IR_DEPOSIT: {
        unsigned pos = a[3], len = a[4];
        uint64_t mask = (len < 64 ? (1ull << len) - 1 : ~0ull) << pos;
        if (!w) {
            mask &= 0xffffffffu;
        }
        if (ir_temp_is_const(c->ir, a[2])) {
            /* MOVK: clear the field and OR in the constant, in the destination's register
             * (32-bit forms for a W register; imm32 forms where the 64-bit masks fit) */
            uint64_t v = (c->ir->temps[a[2]].val << pos) & mask;
            if (a[0] == a[1]) {
                (void)reg_of_value(c, a[1]);
            }
            int d = unary_dest(c, a[0], a[1]);
            if (!w || x86_fits_i32((int64_t)~mask)) {
                x86_op_ri(cb, X86_ALU_AND, w, d, (int32_t)~mask);
            } else {
                x86_movi(cb, X86_RDX, ~mask);
                x86_op_rr(cb, X86_OPC_AND_GvEv | X86_P_W, d, X86_RDX);
            }
            if (v && (!w || x86_fits_i32((int64_t)v))) {
                x86_op_ri(cb, X86_ALU_OR, w, d, (int32_t)v);
            } else if (v) {
                x86_movi(cb, X86_RDX, v);
                x86_op_rr(cb, X86_OPC_OR_GvEv | X86_P_W, d, X86_RDX);
            }
            break;
        }
        load(c, X86_RAX, a[1]);
        load(c, X86_RCX, a[2]);
        if (pos) {
            x86_shift_ri(cb, X86_SHIFT_SHL, true, X86_RCX, pos);
        }
        x86_movi(cb, X86_RDX, mask);
        x86_op_rr(cb, X86_OPC_AND_GvEv | X86_P_W, X86_RCX, X86_RDX);
        x86_op_rr(cb, X86_OPC_GRP3_Ev | X86_P_W, 2, X86_RDX); /* not */
        x86_op_rr(cb, X86_OPC_AND_GvEv | X86_P_W, X86_RAX, X86_RDX);
        x86_op_rr(cb, X86_OPC_OR_GvEv | X86_P_W, X86_RAX, X86_RCX);
        if (!w) {
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
        }
        store(c, X86_RAX, a[0]);
        break;
    }
    case IR_SETCOND: {
        int cc = emit_compare(c, (IrCond)a[3], w, a[1], a[2]);
        if (cc < 0) {
            x86_movi(cb, X86_RAX, cc == -1);
        } else {
            x86_op_rr(cb, (X86_OPC_SETCC + cc) | X86_P_BYTEREG, 0, X86_RAX);
            x86_op_rr(cb, X86_OPC_MOVZBL, X86_RAX, X86_RAX);
        }
        store(c, X86_RAX, a[0]);
        break;
    }
    case IR_MOVCOND: {
        /* o = cond(c1, c2) ? v1 : v2; the compare clobbers rax, so values go to rdx/rcx */
        load(c, X86_RDX, a[3]);
        load(c, X86_RCX, a[4]);
        int cc = emit_compare(c, (IrCond)a[5], w, a[1], a[2]);
        if (cc == -1) {
            x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RCX, X86_RDX);
        } else if (cc >= 0) {
            x86_op_rr(cb, (X86_OPC_CMOVCC + cc) | X86_P_W, X86_RCX, X86_RDX);
        }
        store(c, X86_RCX, a[0]);
        break;
    }
    case IR_ADD2:
    case IR_SUB2:
        if (w) {
            load(c, X86_RAX, a[2]);
            load(c, X86_RDX, a[3]);
            alu(c, op->opc == IR_ADD2 ? X86_ALU_ADD : X86_ALU_SUB, true, X86_RAX, a[4]);
            alu(c, op->opc == IR_ADD2 ? X86_ALU_ADC : X86_ALU_SBB, true, X86_RDX, a[5]);
        } else {
            /* combine each pair into one 64-bit value */
            load(c, X86_RAX, a[2]);
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
            load(c, X86_RCX, a[3]);
            x86_shift_ri(cb, X86_SHIFT_SHL, true, X86_RCX, 32);
            x86_op_rr(cb, X86_OPC_OR_GvEv | X86_P_W, X86_RAX, X86_RCX);
            load(c, X86_RDX, a[4]);
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RDX, X86_RDX);
            load(c, X86_RCX, a[5]);
            x86_shift_ri(cb, X86_SHIFT_SHL, true, X86_RCX, 32);
            x86_op_rr(cb, X86_OPC_OR_GvEv | X86_P_W, X86_RDX, X86_RCX);
            x86_op_rr(cb, (op->opc == IR_ADD2 ? X86_OPC_ADD_GvEv : X86_OPC_SUB_GvEv) | X86_P_W,
                      X86_RAX, X86_RDX);
            x86_op_rr(cb, X86_OPC_MOV_GvEv | X86_P_W, X86_RDX, X86_RAX);
            x86_shift_ri(cb, X86_SHIFT_SHR, true, X86_RDX, 32);
            x86_op_rr(cb, X86_OPC_MOV_GvEv, X86_RAX, X86_RAX);
        }
        store(c, X86_RAX, a[0]);
        store(c, X86_RDX, a[1]);
        break;
    case IR_MULU2:
    case IR_MULS2:
        load(c, X86_RAX, a[2]);
        load(c, X86_RCX, a[3]);
        x86_op_rr(cb, X86_OPC_GRP3_Ev | p, op->opc == IR_MULU2 ? 4 : 5, X86_RCX);
        store(c, X86_RAX, a[0]);
        store(c, X86_RDX, a[1]);
        break;
    case IR_BRCOND: {
        bool keep = c->label_keeps_regs && c->label_keeps_regs[a[3]];
        if (!keep) {
            sync_all(c);
        }
        vx_sync(c, true); /* the label starts with no V128 cached */
        int cc = emit_compare(c, (IrCond)a[2], w, a[0], a[1]);
        if (keep) {
            memcpy(c->label_regs[a[3]], c->regs, sizeof c->regs);
        }
        if (cc != -2) {
            emit_label_ref(c, x86_jcc_rel32(cb, cc), a[3]);
        }
        break;
    }
    case IR_BR:
        sync_all(c);
        vx_flush(c);
        emit_label_ref(c, x86_jcc_rel32(cb, -1), a[0]);
        drop_all(c);
        break;
    case IR_SET_LABEL:
        vx_flush(c);
        if (c->label_keeps_regs && c->label_keeps_regs[a[0]]) {
            /* only the branch comes here: its register cache is valid */
            drop_all(c);
            memcpy(c->regs, c->label_regs[a[0]], sizeof c->regs);
            for (int i = 0; i < NB_ALLOC; i++) {
                if (c->regs[i].temp) {
                    c->reg_of[c->regs[i].temp] = (int8_t)i;
                }
            }
        } else {
            /* other paths arrive here with everything in memory */
            sync_all(c);
            drop_all(c);
        }
        c->label_pos[a[0]] = cb->ptr;
        break;
    case IR_LD:
    case IR_ST: {
        bool is_ld = op->opc == IR_LD;
        IrTemp v = a[0], base = a[1];
        int32_t off = (int32_t)a[2];
        unsigned mop = a[3];
        int breg = X86_RBP;
        unsigned bytes = 1u << (mop & MO_SIZE);
        if (base != IR_ENV) {
            /* a computed host pointer might point into env */
            sync_globals(c);
            if (!is_ld) {
                drop_globals(c);
                vx_forget_all_env(c);
            }
            load(c, X86_RCX, base);
            breg = X86_RCX;
        } else {
            env_access(c, off, bytes, !is_ld);
            if (!is_ld && (mop & MO_SIZE) != MO_128) {
                vx_forget_env(c, off, bytes);
            }
        }
        if ((mop & MO_SIZE) == MO_128 && base == IR_ENV) {
            if (is_ld) {
                vx_load_env(c, v, off);
            } else {
                vx_store_env(c, v, off);
            }
        } else if ((mop & MO_SIZE) == MO_128) {
            if (is_ld) {
                x86_op_rm(cb, X86_OPC_MOVDQU_VxWx, 0, breg, off);
                store_v128(c, 0, v);
            } else {
                x86_op_rm(cb, X86_OPC_MOVDQU_WxVx, vx_get(c, v), breg, off);
            }
        } else if (is_ld) {
            emit_load_sized(c, X86_RAX, x86_mem(breg, off), mop, w);
            store(c, X86_RAX, v);
        } else {
            load(c, X86_RAX, v);
            emit_store_sized(c, X86_RAX, x86_mem(breg, off), mop);
        }
        break;
    }
    case IR_QLD:
    case IR_QST:
        emit_guest_access(c, op, (GuestAddr){.base = a[1]});
        break;
    case IR_CALL:
        emit_call(c, op);
        break;
    case IR_VOP:
        emit_vop(c, op);
        break;
    case IR_VCRYPTO:
        emit_vcrypto(c, op);
        break;
    case IR_FOP:
        emit_fop(c, op);
        break;
    case IR_VFOP:
        emit_vfop(c, op);
        break;
    case IR_MB:
        /* x86-TSO keeps every order but store -> load */
        if (a[0] & IR_MB_ST_LD) {
            x86_mfence(cb);
        }
        break;
    case IR_GOTO_TB:
        if ((int)a[0] == c->self_slot) {
            emit_self_loop_edge(c);
            break;
        }
        sync_globals(c);
        emit_goto_tb(c, a[0]);
        break;
    case IR_EXIT_TB:
        sync_globals(c);
        emit_exit(c, a[0]);
        break;
    case IR_GOTO_PTR:
        sync_globals(c);
        emit_goto_ptr(c, a[0], a[1]);
        break;
    default:
        c->failed = true;
        break;
    }
}

/* Is t a local whose only use is op idx? */
static bool single_use_at(NativeCtx *c, IrTemp t, uint32_t idx)
{
    const IrContext *ir = c->ir;
    return ir->temps[t].kind == IR_TEMP_LOCAL && ir->temps[t].type == IR_I64 &&
           c->last_use[t - ir->nb_globals] == idx;
}

/* Address arithmetic folded into the guest access that follows it (the ops are then not
 * emitted): `add t, b, $k; ld [t]` -> [b + k], `add t, b, i; ld [t]` -> [b + i] and
 * `shl s, i, $n; add t, b, s; ld [t]` -> [b + i * 2^n] (n <= 3), when the temps are used
 * nowhere else.  Not for accesses with an alignment check, which tests one register.
 * Returns the number of ops folded before the access (0: none). */
static int fuse_address(NativeCtx *c, uint32_t i, GuestAddr *ga)
{
    const IrContext *ir = c->ir;
    if (!c->last_use || i + 1 >= ir->nb_ops) {
        return 0;
    }
    const IrOp *op = &ir->ops[i];
    int n = 1;
    IrTemp scaled = 0;
    if (op->opc == IR_SHL && op->type == IR_I64 && i + 2 < ir->nb_ops &&
        ir_temp_is_const(ir, op->args[2]) && ir->temps[op->args[2]].val <= 3 &&
        single_use_at(c, op->args[0], i + 1) && ir->temps[op->args[1]].type == IR_I64) {
        scaled = op->args[0];
        op++;
        n = 2;
    }
    const IrOp *acc = op + 1;
    if (op->opc != IR_ADD || op->type != IR_I64 || (acc->opc != IR_QLD && acc->opc != IR_QST)) {
        return 0;
    }
    IrTemp t = op->args[0], b = op->args[1], k = op->args[2];
    if (acc->args[1] != t || (acc->opc == IR_QST && acc->args[0] == t) ||
        !single_use_at(c, t, i + n) || (acc->args[2] & (MO_ALIGN | MO_ALIGN16)) ||
        ir->temps[b].type != IR_I64 || ir->temps[k].type != IR_I64) {
        return 0;
    }
    *ga = (GuestAddr){.base = b};
    if (scaled) {
        if (k != scaled) {
            return 0;
        }
        ga->index = ir->ops[i].args[1];
        ga->shift = (int)ir->temps[ir->ops[i].args[2]].val;
    } else if (ir_temp_is_const(ir, k)) {
        if (!x86_fits_i32((int64_t)ir->temps[k].val)) {
            return 0;
        }
        ga->disp = (int32_t)ir->temps[k].val;
    } else if (ir->temps[k].kind == IR_TEMP_ENV) {
        return 0;
    } else {
        ga->index = k;
    }
    if (ga->base == IR_ENV || ir_temp_is_const(ir, ga->base) ||
        (ga->index && ir_temp_is_const(ir, ga->index))) {
        return 0; /* constants stay in the plain path */
    }
    return n;
}

/* `op t, ...; ext32u d, t` with t used nowhere else (how the front end writes a W
 * register) becomes the 32-bit form of op writing d: a 32-bit x86 instruction clears the
 * upper half itself.  Valid for ops whose low 32 result bits depend only on the low 32
 * input bits, and for guest loads narrower than 64 bits.  Likewise `op_i32 t, ...;
 * extu d, t`: the 32-bit forms emitted here all leave t zero-extended. */
static bool fuse_zext32(NativeCtx *c, const IrOp *op, const IrOp *next, IrOp *out)
{
    const IrContext *ir = c->ir;
    bool zext_of_i64 = next->opc == IR_EXT32U && op->type == IR_I64;
    bool extu_of_i32 = next->opc == IR_EXTU && op->type == IR_I32;
    if ((!zext_of_i64 && !extu_of_i32) || op->nb_oargs != 1 || !c->last_use) {
        return false;
    }
    IrTemp t = op->args[0];
    if (next->args[1] != t || ir->temps[t].kind != IR_TEMP_LOCAL ||
        c->last_use[t - ir->nb_globals] != c->op_idx + 1) {
        return false;
    }
    if (extu_of_i32) {
        /* the 32-bit forms below all end in a 32-bit write of the result */
        switch (op->opc) {
        case IR_SHR:
        case IR_SAR:
        case IR_ROTL:
        case IR_ROTR:
        case IR_EXTRL:
            *out = *op;
            out->args[0] = next->args[0];
            return true;
        default:
            break;
        }
    }
    switch (op->opc) {
    case IR_ADD:
    case IR_SUB:
    case IR_AND:
    case IR_OR:
    case IR_XOR:
    case IR_ANDC:
    case IR_ORC:
    case IR_EQV:
    case IR_MUL:
    case IR_NEG:
    case IR_NOT:
    case IR_DEPOSIT: /* (the low 32 result bits come from the low 32 input bits) */
        break;
    case IR_SHL:
        if (zext_of_i64 &&
            (!ir_temp_is_const(ir, op->args[2]) || ir->temps[op->args[2]].val >= 32)) {
            return false;
        }
        break;
    case IR_QLD:
        if ((op->args[2] & MO_SIZE) >= MO_64 && zext_of_i64) {
            return false;
        }
        break;
    default:
        return false;
    }
    *out = *op;
    out->type = IR_I32;
    out->args[0] = next->args[0];
    return true;
}

/* Liveness for slot reuse: the last op using each local; none when the block branches
 * backwards (a local could then be live around the loop). */
static uint32_t *compute_last_use(const IrContext *ir, uint32_t nb_locals)
{
    bool *label_seen = scratch_get0(NS_LABEL_SEEN, (ir->nb_labels + 1) * sizeof(bool));
    uint32_t *last = scratch_get(NS_LAST_USE, sizeof(uint32_t) * (nb_locals + 1));
    memset(last, 0xff, sizeof(uint32_t) * (nb_locals + 1));
    bool backward = false;
    for (uint32_t i = 0; i < ir->nb_ops && !backward; i++) {
        const IrOp *op = &ir->ops[i];
        int n = op->nb_oargs + op->nb_iargs;
        for (int k = 0; k < n; k++) {
            IrTemp t = op->args[k];
            if (ir->temps[t].kind == IR_TEMP_LOCAL) {
                last[t - ir->nb_globals] = i;
            }
        }
        if (op->opc == IR_SET_LABEL) {
            label_seen[op->args[0]] = true;
        } else if (op->opc == IR_BR) {
            backward = label_seen[op->args[0]];
        } else if (op->opc == IR_BRCOND) {
            backward = label_seen[op->args[3]];
        }
    }
    if (backward) {
        return NULL;
    }
    return last;
}

bool native_compile(const IrContext *ir, TranslationBlock *tb, bool *buffer_full)
{
    *buffer_full = false;
    if (!native_available()) {
        return false;
    }
    uint32_t nb_locals = ir->nb_temps - ir->nb_globals;
    NativeCtx c = {.ir = ir, .tb = tb};
    c.slot_of = scratch_get(NS_SLOT_OF, sizeof(int32_t) * (nb_locals + 1));
    memset(c.slot_of, 0xff, sizeof(int32_t) * (nb_locals + 1));
    c.last_use = compute_last_use(ir, nb_locals);
    c.free_slots = scratch_get(NS_FREE_SLOTS, sizeof(int32_t) * (nb_locals + 1));
    c.label_pos = scratch_get0(NS_LABEL_POS, sizeof(uint8_t *) * (ir->nb_labels + 1));
    c.label_refs = scratch_array(&scratch_label_refs, sizeof(LabelRef));
    c.sites = scratch_array(&scratch_sites, sizeof(NativeFaultSite));
    c.spills = scratch_array(&scratch_spills, sizeof(NativeFaultSpill));
    c.reg_of = scratch_get(NS_REG_OF, ir->nb_temps + 1);
    memset(c.reg_of, 0xff, ir->nb_temps + 1);
    c.vx_of = scratch_get(NS_VX_OF, ir->nb_temps + 1);
    memset(c.vx_of, 0xff, ir->nb_temps + 1);

    g_mutex_lock(&code_lock);
    populate_ahead(region, region->used + MIN_BLOCK_ROOM);
    uint8_t *start = region->base + region->used;
    c.cb.start = c.cb.ptr = start;
    c.cb.end = region->base + code_limit;
    if ((size_t)(c.cb.end - start) < MIN_BLOCK_ROOM) {
        *buffer_full = true;
        c.failed = true;
    }
    tb->jmp_field[0] = tb->jmp_field[1] = NULL;
    find_kept_labels(&c);
    c.self_slot = log_enabled(LOG_EXEC) || c.failed ? -1 : find_self_slot(ir, tb->pc);
    if (c.self_slot >= 0) {
        plan_self_loop(&c);
    }
    for (uint32_t i = 0; i < ir->nb_ops && !c.failed; i++) {
        IrOp fused;
        c.op_idx = i;
        if (i + 1 < ir->nb_ops && fuse_zext32(&c, &ir->ops[i], &ir->ops[i + 1], &fused)) {
            /* the extension no longer reads the old output: its last use is here */
            c.last_use[ir->ops[i].args[0] - ir->nb_globals] = i;
            emit_op(&c, &fused);
            free_dead_locals(&c, &ir->ops[i], i);
            i++;
            c.op_idx = i;
            free_dead_locals(&c, &ir->ops[i], i);
            continue;
        }
        GuestAddr ga;
        int folded = fuse_address(&c, i, &ga);
        if (folded) {
            /* the folded ops' results are never computed: their last use is here */
            for (int k = 0; k < folded; k++) {
                c.last_use[ir->ops[i + k].args[0] - ir->nb_globals] = i;
            }
            c.vx_op_clock = c.clock;
            emit_guest_access(&c, &ir->ops[i + folded], ga);
            for (int k = 0; k <= folded; k++) {
                c.op_idx = i + k;
                free_dead_locals(&c, &ir->ops[i + k], i + k);
            }
            i += folded;
            continue;
        }
        emit_op(&c, &ir->ops[i]);
        free_dead_locals(&c, &ir->ops[i], i);
    }
    if (!c.failed && c.cb.ptr > c.cb.end) {
        *buffer_full = true;
        c.failed = true;
    }
    if (!c.failed) {
        for (guint i = 0; i < c.label_refs->len; i++) {
            LabelRef *r = &g_array_index(c.label_refs, LabelRef, i);
            if (!c.label_pos[r->label]) {
                c.failed = true;
                break;
            }
            x86_patch_rel32(&c.cb, r->field, c.label_pos[r->label]);
        }
    }
    /* the block's fault records follow its code in the region (freed with it) */
    uint8_t *fi_at = (uint8_t *)(((uintptr_t)c.cb.ptr + 3) & ~(uintptr_t)3);
    size_t fi_size = sizeof(NativeFaultInfo) + sizeof(NativeFaultSite) * c.sites->len +
                     sizeof(NativeFaultSpill) * c.spills->len;
    if (!c.failed && fi_at + fi_size > c.cb.end) {
        *buffer_full = true;
        c.failed = true;
    }
    if (!c.failed) {
        NativeFaultInfo *fi = (NativeFaultInfo *)(void *)fi_at;
        fi->nb_sites = c.sites->len;
        if (c.sites->len) { /* (an empty GArray's data may be NULL) */
            memcpy((void *)fault_sites(fi), c.sites->data, sizeof(NativeFaultSite) * c.sites->len);
        }
        if (c.spills->len) {
            memcpy((void *)fault_spills(fi), c.spills->data,
                   sizeof(NativeFaultSpill) * c.spills->len);
        }
        tb->fault_info = fi;
        tb->host_code = start;
        tb->host_size = (uint32_t)(c.cb.ptr - start);
        region_add_tb(region, tb);
        region->used = ((size_t)(fi_at + fi_size - region->base) + 15) & ~(size_t)15;
        code_total += tb->host_size;
    } else {
        tb->host_code = NULL;
        tb->jmp_field[0] = tb->jmp_field[1] = NULL;
    }
    g_mutex_unlock(&code_lock);
    if (!c.failed) {
        perfmap_add(tb->host_code, tb->host_size, tb->pc, tb->size);
        if (log_enabled(LOG_OUT_ASM)) {
            disas_host_block(tb->host_code, tb->host_size);
        }
    }
    return !c.failed;
}

bool native_link(TranslationBlock *from, unsigned slot, TranslationBlock *to)
{
    uint8_t *field = from->jmp_field[slot];
    if (!field || !to->host_code) {
        return false;
    }
    /* Blocks of different code regions (a multi-threaded flush starts a new one) may be
     * more than 2 GiB apart: those exits stay unlinked. */
    int64_t rel = (uint8_t *)to->host_code - (field + 4);
    if (rel != (int32_t)rel) {
        return false;
    }
    __atomic_store_n((int32_t *)(void *)field, (int32_t)rel, __ATOMIC_RELEASE);
    return true;
}

void native_unlink(TranslationBlock *from, unsigned slot)
{
    uint8_t *field = from->jmp_field[slot];
    if (field) {
        /* rel32 = 0: the jump falls through to the block's exit (emit_goto_tb) */
        __atomic_store_n((int32_t *)(void *)field, 0, __ATOMIC_RELEASE);
    }
}

TranslationBlock *native_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot)
{
    if (!frame_buf) {
        /* not zeroed: locals are written before they are read, and a memset would
         * fault in all 16 pages where a short process uses one or two */
        frame_buf = g_malloc(FRAME_SIZE);
    }
    if (log_enabled(LOG_EXEC)) {
        vemu_log("Trace: %016llx [%u insns]\n", (unsigned long long)tb->pc, tb->icount);
    }
    NativeEnterFn enter = (NativeEnterFn)(void *)__atomic_load_n(&prologue_code, __ATOMIC_ACQUIRE);
    NativeRet r = enter(env, tb->host_code, frame_buf);
    *slot = (unsigned)r.slot;
    return r.tb;
}
