/*
 * tci.c - the IR interpreter backend (see tci.h).
 *
 * Operands are encoded as (base << 28) | byte offset, base 0 = env (globals), 1 = the
 * block's frame of 16-byte local slots, 2 = the block's constant pool.  I32 results are
 * kept zero-extended in their 64-bit slot.  Example compiled op:
 *     add_i64  a = {0x00000008 (env+8: x1), 0x10000000 (frame slot 0), 0x20000008 (const 1)}
 */
#include "tcg/tci/tci.h"

#include <ffi.h>
#include <glib.h>
#include <string.h>

#include "tcg/guest-mem.h"
#include "tcg/log.h"

#define BASE_ENV 0u
#define BASE_FRAME 1u
#define BASE_CONST 2u
#define OPND(base, off) (((base) << 28) | (uint32_t)(off))

static uint32_t encode_temp(const IrContext *ir, IrTemp t, uint32_t *const_slot, uint64_t *consts)
{
    const IrTempInfo *ti = &ir->temps[t];
    switch (ti->kind) {
    case IR_TEMP_GLOBAL:
        return OPND(BASE_ENV, ti->env_offset);
    case IR_TEMP_CONST:
        consts[*const_slot] = ti->val;
        return OPND(BASE_CONST, 8 * (*const_slot)++);
    case IR_TEMP_LOCAL:
        return OPND(BASE_FRAME, 16 * (t - ir->nb_globals));
    case IR_TEMP_ENV:
    default:
        return OPND(3u, 0); /* the env pointer itself */
    }
}

void tci_compile(const IrContext *ir, TranslationBlock *tb)
{
    /* Count ops and constant uses. */
    uint32_t nb_ops = 0, nb_consts = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc == IR_INSN_START || op->opc == IR_DISCARD) {
            continue;
        }
        nb_ops++;
        for (int k = 0; k < op->nb_oargs + op->nb_iargs; k++) {
            if (ir->temps[op->args[k]].kind == IR_TEMP_CONST) {
                nb_consts++;
            }
        }
    }
    TciOp *ops = g_new0(TciOp, nb_ops + 1);
    uint64_t *consts = g_new0(uint64_t, nb_consts + 1);
    uint32_t *label_pos = g_new0(uint32_t, ir->nb_labels + 1);
    uint32_t cslot = 0, n = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc == IR_INSN_START || op->opc == IR_DISCARD) {
            continue;
        }
        if (op->opc == IR_SET_LABEL) {
            label_pos[op->args[0]] = n;
        }
        TciOp *t = &ops[n++];
        t->opc = op->opc;
        t->type = op->type;
        t->insn_idx = op->insn_idx;
        int nt = op->nb_oargs + op->nb_iargs;
        t->nargs = (uint8_t)(nt + op->nb_cargs);
        for (int k = 0; k < nt; k++) {
            t->a[k] = encode_temp(ir, op->args[k], &cslot, consts);
        }
        for (int k = 0; k < op->nb_cargs; k++) {
            t->a[nt + k] = op->args[nt + k];
        }
        if (op->opc == IR_CALL) {
            /* a[0..nt) temps; remember the output count in pad */
            t->pad = op->nb_oargs;
        }
    }
    /* Resolve labels to op indices. */
    for (uint32_t i = 0; i < n; i++) {
        if (ops[i].opc == IR_BR) {
            ops[i].a[0] = label_pos[ops[i].a[0]];
        } else if (ops[i].opc == IR_BRCOND) {
            ops[i].a[3] = label_pos[ops[i].a[3]];
        }
    }
    g_free(label_pos);
    tb->ops = ops;
    tb->nb_ops = n;
    tb->consts = consts;
    tb->frame_size = 16 * (ir->nb_temps - ir->nb_globals) + 16;
}

/* ---- execution ---- */

static _Thread_local uint8_t *frame_buf;
static _Thread_local uint32_t frame_cap;

static uint8_t *frame_for(uint32_t size)
{
    if (size > frame_cap) {
        g_free(frame_buf);
        frame_cap = size < 4096 ? 4096 : size * 2;
        frame_buf = g_malloc0(frame_cap);
    }
    return frame_buf;
}

static ffi_type *ffi_of(IrType t)
{
    switch (t) {
    case IR_I32:
        return &ffi_type_uint32;
    case IR_I64:
        return &ffi_type_uint64;
    default:
        return &ffi_type_void;
    }
}

typedef struct HelperCif {
    ffi_cif cif;
    ffi_type *args[IR_MAX_HELPER_ARGS];
} HelperCif;

static GMutex cif_lock;

static ffi_cif *helper_cif(const IrHelper *hc)
{
    IrHelper *h = (IrHelper *)hc; /* the cif cache lives in the descriptor */
    ffi_cif *cif = __atomic_load_n((ffi_cif **)&h->ffi_cif, __ATOMIC_ACQUIRE);
    if (cif) {
        return cif;
    }
    g_mutex_lock(&cif_lock);
    if (!h->ffi_cif) {
        HelperCif *c = g_new0(HelperCif, 1);
        for (int i = 0; i < h->nargs; i++) {
            c->args[i] = ffi_of(h->args[i]);
        }
        if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, h->nargs, ffi_of(h->ret), c->args) != FFI_OK) {
            g_error("libffi cannot describe helper %s", h->name);
        }
        __atomic_store_n((ffi_cif **)&h->ffi_cif, &c->cif, __ATOMIC_RELEASE);
    }
    g_mutex_unlock(&cif_lock);
    return h->ffi_cif;
}

static void do_call(const TciOp *op, uint8_t *const base[4], uint64_t env_ptr)
{
    int nb_o = op->pad;
    int nt = op->nargs - 2;
    int nb_i = nt - nb_o;
    uint64_t p = (uint64_t)op->a[nt] | ((uint64_t)op->a[nt + 1] << 32);
    const IrHelper *h = (const IrHelper *)(uintptr_t)p;
    ffi_cif *cif = helper_cif(h);
    uint64_t vals[IR_MAX_HELPER_ARGS];
    uint32_t vals32[IR_MAX_HELPER_ARGS];
    void *argp[IR_MAX_HELPER_ARGS];
    for (int i = 0; i < nb_i; i++) {
        uint32_t o = op->a[nb_o + i];
        uint64_t v = (o >> 28) == 3 ? env_ptr : *(uint64_t *)(base[o >> 28] + (o & 0x0fffffff));
        if (h->args[i] == IR_I32) {
            vals32[i] = (uint32_t)v;
            argp[i] = &vals32[i];
        } else {
            vals[i] = v;
            argp[i] = &vals[i];
        }
    }
    ffi_arg ret = 0;
    ffi_call(cif, FFI_FN(h->func), &ret, argp);
    if (nb_o) {
        uint32_t o = op->a[0];
        uint64_t *d = (uint64_t *)(base[o >> 28] + (o & 0x0fffffff));
        *d = h->ret == IR_I32 ? (uint32_t)ret : (uint64_t)ret;
    }
}

static uint64_t load_sized(const void *p, uint32_t mop)
{
    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_8:
        return *(const uint8_t *)p;
    case MO_8 | MO_SIGN:
        return (uint64_t)(int64_t) * (const int8_t *)p;
    case MO_16: {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    case MO_16 | MO_SIGN: {
        int16_t v;
        memcpy(&v, p, 2);
        return (uint64_t)(int64_t)v;
    }
    case MO_32: {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    case MO_32 | MO_SIGN: {
        int32_t v;
        memcpy(&v, p, 4);
        return (uint64_t)(int64_t)v;
    }
    default: {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    }
}

static void store_sized(void *p, uint64_t v, uint32_t mop)
{
    switch (mop & MO_SIZE) {
    case MO_8:
        *(uint8_t *)p = (uint8_t)v;
        break;
    case MO_16: {
        uint16_t x = (uint16_t)v;
        memcpy(p, &x, 2);
        break;
    }
    case MO_32: {
        uint32_t x = (uint32_t)v;
        memcpy(p, &x, 4);
        break;
    }
    default:
        memcpy(p, &v, 8);
        break;
    }
}

void tci_thread_cleanup(void)
{
    g_free(frame_buf);
    frame_buf = NULL;
    frame_cap = 0;
}

static bool misaligned(uint64_t addr, uint32_t mop)
{
    if (mop & MO_ALIGN16) {
        return (addr & 15) != 0;
    }
    if (mop & MO_ALIGN) {
        unsigned size = mop & MO_SIZE;
        return (addr & ((1ull << size) - 1)) != 0;
    }
    return false;
}

static inline uint64_t rotl64(uint64_t v, unsigned n)
{
    n &= 63;
    return n ? (v << n) | (v >> (64 - n)) : v;
}

static inline uint32_t rotl32(uint32_t v, unsigned n)
{
    n &= 31;
    return n ? (v << n) | (v >> (32 - n)) : v;
}

TranslationBlock *tci_exec(CPUArchState *env, TranslationBlock *tb, unsigned *slot)
{
    uint8_t *base[4];
    base[BASE_ENV] = (uint8_t *)env;
    base[3] = NULL;
    const uint64_t env_ptr = (uint64_t)(uintptr_t)env;

#define REG(o) (*(uint64_t *)(base[(o) >> 28] + ((o)&0x0fffffff)))
#define IN(o) ((o) >> 28 == 3 ? env_ptr : REG(o))
#define OUT(v) (REG(op->a[0]) = is32 ? (uint32_t)(v) : (uint64_t)(v))

enter:
    if (tb->tier0 && ++tb->exec_count >= TB_TIER_UP_COUNT) {
        /* hot: back to the loop before running it, which translates it natively */
        env->pc = tb->pc;
        *slot = IR_EXIT_NOCHAIN;
        return tb;
    }
    env->current_tb = tb;
    if (log_enabled(LOG_EXEC)) {
        vemu_log("Trace: %016llx [%u insns]\n", (unsigned long long)tb->pc, tb->icount);
    }
    base[BASE_FRAME] = frame_for(tb->frame_size);
    base[BASE_CONST] = (uint8_t *)tb->consts;
    const TciOp *ops = tb->ops;
    const TciOp *op = ops;
    for (;;) {
        const bool is32 = op->type == IR_I32;
        switch (op->opc) {
        case IR_MOV:
            if (op->type == IR_V128) {
                memcpy(&REG(op->a[0]), &REG(op->a[1]), 16);
            } else {
                OUT(IN(op->a[1]));
            }
            break;
        case IR_NEG:
            OUT(-IN(op->a[1]));
            break;
        case IR_NOT:
            OUT(~IN(op->a[1]));
            break;
        case IR_CTPOP:
            OUT(is32 ? __builtin_popcount((uint32_t)IN(op->a[1]))
                     : __builtin_popcountll(IN(op->a[1])));
            break;
        case IR_BSWAP16:
            OUT(__builtin_bswap16((uint16_t)IN(op->a[1])));
            break;
        case IR_BSWAP32:
            OUT(__builtin_bswap32((uint32_t)IN(op->a[1])));
            break;
        case IR_BSWAP64:
            OUT(__builtin_bswap64(IN(op->a[1])));
            break;
        case IR_EXT8S:
            OUT((uint64_t)(int64_t)(int8_t)IN(op->a[1]));
            break;
        case IR_EXT8U:
            OUT((uint8_t)IN(op->a[1]));
            break;
        case IR_EXT16S:
            OUT((uint64_t)(int64_t)(int16_t)IN(op->a[1]));
            break;
        case IR_EXT16U:
            OUT((uint16_t)IN(op->a[1]));
            break;
        case IR_EXT32S:
        case IR_EXTS:
            REG(op->a[0]) = (uint64_t)(int64_t)(int32_t)IN(op->a[1]);
            break;
        case IR_EXT32U:
        case IR_EXTU:
        case IR_EXTRL:
            REG(op->a[0]) = (uint32_t)IN(op->a[1]);
            break;
        case IR_EXTRH:
            REG(op->a[0]) = IN(op->a[1]) >> 32;
            break;
        case IR_ADD:
            OUT(IN(op->a[1]) + IN(op->a[2]));
            break;
        case IR_SUB:
            OUT(IN(op->a[1]) - IN(op->a[2]));
            break;
        case IR_MUL:
            OUT(IN(op->a[1]) * IN(op->a[2]));
            break;
        case IR_AND:
            if (op->type == IR_V128) {
                uint64_t *d = &REG(op->a[0]), *x = &REG(op->a[1]), *y = &REG(op->a[2]);
                d[0] = x[0] & y[0];
                d[1] = x[1] & y[1];
            } else {
                OUT(IN(op->a[1]) & IN(op->a[2]));
            }
            break;
        case IR_OR:
            if (op->type == IR_V128) {
                uint64_t *d = &REG(op->a[0]), *x = &REG(op->a[1]), *y = &REG(op->a[2]);
                d[0] = x[0] | y[0];
                d[1] = x[1] | y[1];
            } else {
                OUT(IN(op->a[1]) | IN(op->a[2]));
            }
            break;
        case IR_XOR:
            if (op->type == IR_V128) {
                uint64_t *d = &REG(op->a[0]), *x = &REG(op->a[1]), *y = &REG(op->a[2]);
                d[0] = x[0] ^ y[0];
                d[1] = x[1] ^ y[1];
            } else {
                OUT(IN(op->a[1]) ^ IN(op->a[2]));
            }
            break;
        case IR_ANDC:
            OUT(IN(op->a[1]) & ~IN(op->a[2]));
            break;
        case IR_ORC:
            OUT(IN(op->a[1]) | ~IN(op->a[2]));
            break;
        case IR_EQV:
            OUT(~(IN(op->a[1]) ^ IN(op->a[2])));
            break;
        case IR_SHL:
            if (is32) {
                OUT((uint32_t)IN(op->a[1]) << (IN(op->a[2]) & 31));
            } else {
                OUT(IN(op->a[1]) << (IN(op->a[2]) & 63));
            }
            break;
        case IR_SHR:
            if (is32) {
                OUT((uint32_t)IN(op->a[1]) >> (IN(op->a[2]) & 31));
            } else {
                OUT(IN(op->a[1]) >> (IN(op->a[2]) & 63));
            }
            break;
        case IR_SAR:
            if (is32) {
                OUT((uint32_t)((int32_t)IN(op->a[1]) >> (IN(op->a[2]) & 31)));
            } else {
                OUT((uint64_t)((int64_t)IN(op->a[1]) >> (IN(op->a[2]) & 63)));
            }
            break;
        case IR_ROTL:
            if (is32) {
                OUT(rotl32((uint32_t)IN(op->a[1]), (unsigned)IN(op->a[2])));
            } else {
                OUT(rotl64(IN(op->a[1]), (unsigned)IN(op->a[2])));
            }
            break;
        case IR_ROTR:
            if (is32) {
                OUT(rotl32((uint32_t)IN(op->a[1]), (32 - (IN(op->a[2]) & 31)) & 31));
            } else {
                OUT(rotl64(IN(op->a[1]), (64 - (IN(op->a[2]) & 63)) & 63));
            }
            break;
        case IR_DIVS:
        case IR_REMS: {
            int64_t a = is32 ? (int32_t)IN(op->a[1]) : (int64_t)IN(op->a[1]);
            int64_t b = is32 ? (int32_t)IN(op->a[2]) : (int64_t)IN(op->a[2]);
            int64_t min = is32 ? INT32_MIN : INT64_MIN;
            int64_t q, r;
            if (b == 0) {
                q = 0;
                r = a;
            } else if (a == min && b == -1) {
                q = min;
                r = 0;
            } else {
                q = a / b;
                r = a % b;
            }
            OUT(op->opc == IR_DIVS ? (uint64_t)q : (uint64_t)r);
            break;
        }
        case IR_DIVU:
        case IR_REMU: {
            uint64_t a = is32 ? (uint32_t)IN(op->a[1]) : IN(op->a[1]);
            uint64_t b = is32 ? (uint32_t)IN(op->a[2]) : IN(op->a[2]);
            uint64_t q = b ? a / b : 0;
            uint64_t r = b ? a % b : a;
            OUT(op->opc == IR_DIVU ? q : r);
            break;
        }
        case IR_MULUH:
            if (is32) {
                OUT(((uint64_t)(uint32_t)IN(op->a[1]) * (uint32_t)IN(op->a[2])) >> 32);
            } else {
                OUT((uint64_t)(((unsigned __int128)IN(op->a[1]) * IN(op->a[2])) >> 64));
            }
            break;
        case IR_MULSH:
            if (is32) {
                OUT((uint64_t)(((int64_t)(int32_t)IN(op->a[1]) * (int32_t)IN(op->a[2])) >> 32));
            } else {
                OUT((uint64_t)(((__int128)(int64_t)IN(op->a[1]) * (int64_t)IN(op->a[2])) >> 64));
            }
            break;
        case IR_CLZ: {
            uint64_t a = is32 ? (uint32_t)IN(op->a[1]) : IN(op->a[1]);
            if (a == 0) {
                OUT(IN(op->a[2]));
            } else {
                OUT(is32 ? __builtin_clz((uint32_t)a) : __builtin_clzll(a));
            }
            break;
        }
        case IR_CTZ: {
            uint64_t a = is32 ? (uint32_t)IN(op->a[1]) : IN(op->a[1]);
            OUT(a ? (uint64_t)__builtin_ctzll(a) : IN(op->a[2]));
            break;
        }
        case IR_EXTRACT: {
            uint64_t a = is32 ? (uint32_t)IN(op->a[1]) : IN(op->a[1]);
            unsigned pos = op->a[2], len = op->a[3];
            uint64_t v = a >> pos;
            if (len < 64) {
                v &= (1ull << len) - 1;
            }
            OUT(v);
            break;
        }
        case IR_SEXTRACT: {
            uint64_t a = is32 ? (uint32_t)IN(op->a[1]) : IN(op->a[1]);
            unsigned pos = op->a[2], len = op->a[3];
            int64_t v = (int64_t)(a << (64 - pos - len)) >> (64 - len);
            OUT((uint64_t)v);
            break;
        }
        case IR_DEPOSIT: {
            unsigned pos = op->a[3], len = op->a[4];
            uint64_t mask = (len < 64 ? (1ull << len) - 1 : ~0ull) << pos;
            OUT((IN(op->a[1]) & ~mask) | ((IN(op->a[2]) << pos) & mask));
            break;
        }
        case IR_SETCOND:
            REG(op->a[0]) = ir_eval_cond(op->a[3], op->type, IN(op->a[1]), IN(op->a[2]));
            break;
        case IR_MOVCOND:
            REG(op->a[0]) = ir_eval_cond(op->a[5], op->type, IN(op->a[1]), IN(op->a[2]))
                                ? IN(op->a[3])
                                : IN(op->a[4]);
            break;
        case IR_ADD2:
        case IR_SUB2: {
            if (is32) {
                uint64_t a = (uint32_t)IN(op->a[2]) | (IN(op->a[3]) << 32);
                uint64_t b = (uint32_t)IN(op->a[4]) | (IN(op->a[5]) << 32);
                uint64_t r = op->opc == IR_ADD2 ? a + b : a - b;
                uint64_t lo = (uint32_t)r, hi = r >> 32;
                REG(op->a[0]) = lo;
                REG(op->a[1]) = hi;
            } else {
                unsigned __int128 a =
                    (unsigned __int128)IN(op->a[2]) | ((unsigned __int128)IN(op->a[3]) << 64);
                unsigned __int128 b =
                    (unsigned __int128)IN(op->a[4]) | ((unsigned __int128)IN(op->a[5]) << 64);
                unsigned __int128 r = op->opc == IR_ADD2 ? a + b : a - b;
                uint64_t lo = (uint64_t)r, hi = (uint64_t)(r >> 64);
                REG(op->a[0]) = lo;
                REG(op->a[1]) = hi;
            }
            break;
        }
        case IR_MULU2: {
            uint64_t lo, hi;
            if (is32) {
                uint64_t r = (uint64_t)(uint32_t)IN(op->a[2]) * (uint32_t)IN(op->a[3]);
                lo = (uint32_t)r;
                hi = r >> 32;
            } else {
                unsigned __int128 r = (unsigned __int128)IN(op->a[2]) * IN(op->a[3]);
                lo = (uint64_t)r;
                hi = (uint64_t)(r >> 64);
            }
            REG(op->a[0]) = lo;
            REG(op->a[1]) = hi;
            break;
        }
        case IR_MULS2: {
            uint64_t lo, hi;
            if (is32) {
                int64_t r = (int64_t)(int32_t)IN(op->a[2]) * (int32_t)IN(op->a[3]);
                lo = (uint32_t)r;
                hi = (uint32_t)((uint64_t)r >> 32);
            } else {
                __int128 r = (__int128)(int64_t)IN(op->a[2]) * (int64_t)IN(op->a[3]);
                lo = (uint64_t)r;
                hi = (uint64_t)((unsigned __int128)r >> 64);
            }
            REG(op->a[0]) = lo;
            REG(op->a[1]) = hi;
            break;
        }
        case IR_BRCOND:
            if (ir_eval_cond(op->a[2], op->type, IN(op->a[0]), IN(op->a[1]))) {
                op = &ops[op->a[3]];
                continue;
            }
            break;
        case IR_BR:
            op = &ops[op->a[0]];
            continue;
        case IR_SET_LABEL:
            break;
        case IR_LD: {
            const uint8_t *p = (const uint8_t *)(uintptr_t)IN(op->a[1]) + (int32_t)op->a[2];
            if ((op->a[3] & MO_SIZE) == MO_128) {
                memcpy(&REG(op->a[0]), p, 16);
            } else {
                OUT(load_sized(p, op->a[3]));
            }
            break;
        }
        case IR_ST: {
            uint8_t *p = (uint8_t *)(uintptr_t)IN(op->a[1]) + (int32_t)op->a[2];
            if ((op->a[3] & MO_SIZE) == MO_128) {
                memcpy(p, &REG(op->a[0]), 16);
            } else {
                store_sized(p, IN(op->a[0]), op->a[3]);
            }
            break;
        }
        case IR_QLD: {
            uint64_t addr = IN(op->a[1]);
            uint32_t mop = op->a[2];
            env->current_op = op;
            if (misaligned(addr, mop)) {
                cpu_loop_exit_fault(env, addr, false, EXCP_ALIGN);
            }
            if ((mop & MO_SIZE) == MO_128) {
                memcpy(&REG(op->a[0]), g2h(addr), 16);
            } else {
                OUT(load_sized(g2h(addr), mop));
            }
            break;
        }
        case IR_QST: {
            uint64_t addr = IN(op->a[1]);
            uint32_t mop = op->a[2];
            env->current_op = op;
            if (misaligned(addr, mop)) {
                cpu_loop_exit_fault(env, addr, true, EXCP_ALIGN);
            }
            if ((mop & MO_SIZE) == MO_128) {
                memcpy(g2h(addr), &REG(op->a[0]), 16);
            } else {
                store_sized(g2h(addr), IN(op->a[0]), mop);
            }
            break;
        }
        case IR_CALL:
            env->current_op = op;
            do_call(op, base, env_ptr);
            break;
        case IR_GOTO_TB: {
            TranslationBlock *next = tb->jmp_dest[op->a[0]];
            if (next && !env->exit_request) {
                tb = next;
                goto enter;
            }
            break;
        }
        case IR_EXIT_TB:
            *slot = op->a[0];
            return tb;
        case IR_VOP:
            ir_vec_eval((IrVecOp)op->a[3], op->a[4], op->a[5], (uint8_t *)&REG(op->a[0]),
                        (const uint8_t *)&REG(op->a[1]), (const uint8_t *)&REG(op->a[2]));
            break;
        case IR_VCRYPTO: {
            uint64_t fp = (uint64_t)op->a[5] | ((uint64_t)op->a[6] << 32);
            ((IrVecFn *)(uintptr_t)fp)((uint8_t *)&REG(op->a[0]), (const uint8_t *)&REG(op->a[1]),
                                       (const uint8_t *)&REG(op->a[2]),
                                       (const uint8_t *)&REG(op->a[3]));
            break;
        }
        case IR_VFOP: {
            uint64_t fp = (uint64_t)op->a[7] | ((uint64_t)op->a[8] << 32);
            uint8_t res[16], b[16], c[16];
            memcpy(res, &REG(op->a[1]), 16);
            memcpy(b, &REG(op->a[2]), 16);
            memcpy(c, &REG(op->a[3]), 16);
            ((IrFpFn *)(uintptr_t)fp)(env, (uint64_t)(uintptr_t)res, (uint64_t)(uintptr_t)b,
                                      (uint64_t)(uintptr_t)c,
                                      op->a[4] | op->a[5] << 8 | op->a[6] << 16);
            memcpy(&REG(op->a[0]), res, 16);
            break;
        }
        case IR_FOP: {
            uint64_t fp = (uint64_t)op->a[6] | ((uint64_t)op->a[7] << 32);
            REG(op->a[0]) = ((IrFpFn *)(uintptr_t)fp)(env, IN(op->a[1]), IN(op->a[2]), IN(op->a[3]),
                                                      op->a[4] | op->a[5] << 8);
            break;
        }
        case IR_MB:
            if (op->a[0] & IR_MB_ST_LD) {
                __atomic_thread_fence(__ATOMIC_SEQ_CST);
            } else {
                __atomic_signal_fence(__ATOMIC_SEQ_CST);
            }
            break;
        case IR_GOTO_PTR: {
            env->pc = IN(op->a[0]);
            if (!env->exit_request) {
                TranslationBlock *next = tb_lookup(env, env->pc);
                if (next && !next->host_code) { /* a native block runs on its backend */
                    tb = next;
                    goto enter;
                }
            }
            *slot = IR_EXIT_NOCHAIN;
            return tb;
        }
        default:
            g_error("tci: unhandled op %u", op->opc);
        }
        op++;
    }
#undef REG
#undef IN
#undef OUT
}
