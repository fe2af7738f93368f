/*
 * optimize.c - IR optimizer: constant folding and propagation, copy propagation and
 * simple algebraic identities (forward pass), then dead code elimination (backward pass).
 *
 * Knowledge about temps is dropped at labels, and knowledge about globals also at helper
 * calls that may write them.  DCE treats every global as live at block exits, at guest
 * memory ops and at helper calls that may raise (precise guest state on faults), and every
 * local read anywhere in the block as live at a branch or label (branches may go back).  Example:
 *     mov t1, $0x5 ; add t2, t1, $0x3 ; mov x0, t2    ==>    mov x0, $0x8
 */
#include <glib.h>
#include <string.h>

#include "tcg/ir.h"

typedef struct TempState {
    bool is_const;
    uint64_t val;
    IrTemp copy_of; /* 0 = none (env is never a copy source) */
    uint32_t copy_ver;
} TempState;

typedef struct OptState {
    IrContext *ir;
    TempState *ts;
    uint32_t *version;
} OptState;

static uint64_t mask_type(IrType t, uint64_t v)
{
    return t == IR_I32 ? (uint32_t)v : v;
}

static void forget(OptState *s, IrTemp t)
{
    s->ts[t].is_const = false;
    s->ts[t].copy_of = 0;
    s->version[t]++;
}

static void forget_all(OptState *s, bool globals_only)
{
    uint32_t end = globals_only ? s->ir->nb_globals : s->ir->nb_temps;
    for (uint32_t t = 1; t < end; t++) {
        forget(s, t);
    }
    if (globals_only) {
        /* Locals that copied a global: the version bump above invalidates them. */
    }
}

static bool known_const(OptState *s, IrTemp t, uint64_t *v)
{
    const IrTempInfo *ti = &s->ir->temps[t];
    if (ti->kind == IR_TEMP_CONST) {
        *v = ti->val;
        return true;
    }
    if (s->ts[t].is_const) {
        *v = s->ts[t].val;
        return true;
    }
    return false;
}

/* Replace an input with what it is known to equal. */
static IrTemp resolve_input(OptState *s, IrTemp t)
{
    IrContext *ir = s->ir;
    if (ir->temps[t].kind == IR_TEMP_CONST || ir->temps[t].kind == IR_TEMP_ENV) {
        return t;
    }
    if (s->ts[t].is_const) {
        return ir->temps[t].type == IR_I32 ? ir_const32(ir, (uint32_t)s->ts[t].val)
                                           : ir_const64(ir, s->ts[t].val);
    }
    IrTemp src = s->ts[t].copy_of;
    if (src && s->version[src] == s->ts[t].copy_ver && ir->temps[src].type == ir->temps[t].type) {
        return src;
    }
    return t;
}

static bool eval_unary(IrOpc opc, IrType ty, uint64_t a, uint64_t *r)
{
    switch (opc) {
    case IR_MOV:
        *r = a;
        break;
    case IR_NEG:
        *r = -a;
        break;
    case IR_NOT:
        *r = ~a;
        break;
    case IR_EXT8S:
        *r = (uint64_t)(int64_t)(int8_t)a;
        break;
    case IR_EXT8U:
        *r = (uint8_t)a;
        break;
    case IR_EXT16S:
        *r = (uint64_t)(int64_t)(int16_t)a;
        break;
    case IR_EXT16U:
        *r = (uint16_t)a;
        break;
    case IR_EXT32S:
    case IR_EXTS:
        *r = (uint64_t)(int64_t)(int32_t)a;
        return true;
    case IR_EXT32U:
    case IR_EXTU:
    case IR_EXTRL:
        *r = (uint32_t)a;
        return true;
    case IR_EXTRH:
        *r = a >> 32;
        return true;
    default:
        return false;
    }
    *r = mask_type(ty, *r);
    return true;
}

static bool eval_binary(IrOpc opc, IrType ty, uint64_t a, uint64_t b, uint64_t *r)
{
    unsigned bits = ty == IR_I32 ? 32 : 64;
    if (ty == IR_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    switch (opc) {
    case IR_ADD:
        *r = a + b;
        break;
    case IR_SUB:
        *r = a - b;
        break;
    case IR_MUL:
        *r = a * b;
        break;
    case IR_AND:
        *r = a & b;
        break;
    case IR_OR:
        *r = a | b;
        break;
    case IR_XOR:
        *r = a ^ b;
        break;
    case IR_ANDC:
        *r = a & ~b;
        break;
    case IR_ORC:
        *r = a | ~b;
        break;
    case IR_EQV:
        *r = ~(a ^ b);
        break;
    case IR_SHL:
        *r = a << (b & (bits - 1));
        break;
    case IR_SHR:
        *r = a >> (b & (bits - 1));
        break;
    case IR_SAR:
        if (bits == 32) {
            *r = (uint64_t)(int64_t)((int32_t)a >> (b & 31));
        } else {
            *r = (uint64_t)((int64_t)a >> (b & 63));
        }
        break;
    default:
        return false;
    }
    *r = mask_type(ty, *r);
    return true;
}

/* Turn op into "mov d, src". */
static void make_mov(IrOp *op, IrTemp d, IrTemp src, IrType ty)
{
    memset(op->args, 0, sizeof(op->args));
    op->opc = IR_MOV;
    op->type = ty;
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[0] = d;
    op->args[1] = src;
}

static void make_movi(OptState *s, IrOp *op, IrTemp d, uint64_t v)
{
    IrType ty = s->ir->temps[d].type;
    IrTemp c = ty == IR_I32 ? ir_const32(s->ir, (uint32_t)v) : ir_const64(s->ir, v);
    make_mov(op, d, c, ty);
}

/* Identities with one constant operand: returns true if op was rewritten. */
static bool simplify_binary(OptState *s, IrOp *op)
{
    uint64_t cb = 0, ca = 0;
    IrTemp d = op->args[0], a = op->args[1], b = op->args[2];
    bool kb = known_const(s, b, &cb), ka = known_const(s, a, &ca);
    IrType ty = op->type;
    uint64_t ones = ty == IR_I32 ? 0xffffffffull : ~0ull;
    switch (op->opc) {
    case IR_ADD:
    case IR_OR:
    case IR_XOR:
        if (kb && cb == 0) {
            make_mov(op, d, a, ty);
            return true;
        }
        if (ka && ca == 0) {
            make_mov(op, d, b, ty);
            return true;
        }
        if (op->opc == IR_XOR && a == b) {
            make_movi(s, op, d, 0);
            return true;
        }
        break;
    case IR_SUB:
    case IR_SHL:
    case IR_SHR:
    case IR_SAR:
    case IR_ROTL:
    case IR_ROTR:
        if (kb && (cb & (ty == IR_I32 ? 31 : 63)) == 0 && (op->opc != IR_SUB || cb == 0)) {
            make_mov(op, d, a, ty);
            return true;
        }
        if (op->opc == IR_SUB && a == b) {
            make_movi(s, op, d, 0);
            return true;
        }
        break;
    case IR_AND:
        if ((kb && cb == 0) || (ka && ca == 0)) {
            make_movi(s, op, d, 0);
            return true;
        }
        if (kb && (cb & ones) == ones) {
            make_mov(op, d, a, ty);
            return true;
        }
        if (ka && (ca & ones) == ones) {
            make_mov(op, d, b, ty);
            return true;
        }
        break;
    case IR_MUL:
        if ((kb && cb == 0) || (ka && ca == 0)) {
            make_movi(s, op, d, 0);
            return true;
        }
        if (kb && cb == 1) {
            make_mov(op, d, a, ty);
            return true;
        }
        break;
    default:
        break;
    }
    return false;
}

static void forward_pass(IrContext *ir)
{
    OptState s = {.ir = ir};
    uint32_t cap = ir->nb_temps * 2 + 64; /* folding creates constants */
    s.ts = ir_scratch(ir, 0, cap * sizeof(TempState));
    s.version = ir_scratch(ir, 1, cap * sizeof(uint32_t));
    uint32_t nb_ops = ir->nb_ops;
    for (uint32_t i = 0; i < nb_ops; i++) {
        if (ir->nb_temps + 8 >= cap) {
            uint32_t ncap = cap * 2;
            s.ts = ir_scratch_grow(ir, 0, cap * sizeof(TempState), ncap * sizeof(TempState));
            s.version = ir_scratch_grow(ir, 1, cap * sizeof(uint32_t), ncap * sizeof(uint32_t));
            cap = ncap;
        }
        IrOp *op = &ir->ops[i];
        const IrOpDef *def = &ir_op_defs[op->opc];
        int nb_o = op->nb_oargs, nb_i = op->nb_iargs;

        if (op->opc == IR_SET_LABEL) {
            forget_all(&s, false);
            continue;
        }
        /* Propagate into inputs (not for V128, whose copies we don't track). */
        for (int k = nb_o; k < nb_o + nb_i; k++) {
            if (ir->temps[op->args[k]].type != IR_V128) {
                op->args[k] = resolve_input(&s, op->args[k]);
            }
        }
        /* Fold. */
        uint64_t va = 0, vb = 0, r = 0;
        bool res = false;
        switch (op->opc) {
        case IR_MOV:
        case IR_NEG:
        case IR_NOT:
        case IR_EXT8S:
        case IR_EXT8U:
        case IR_EXT16S:
        case IR_EXT16U:
        case IR_EXT32S:
        case IR_EXT32U:
        case IR_EXTRL:
        case IR_EXTRH:
        case IR_EXTU:
        case IR_EXTS:
            if (op->type != IR_V128 && known_const(&s, op->args[1], &va) &&
                eval_unary(op->opc, op->type, va, &r)) {
                if (op->opc != IR_MOV || !ir_temp_is_const(ir, op->args[1])) {
                    make_movi(&s, op, op->args[0], r);
                }
            }
            break;
        case IR_ADD:
        case IR_SUB:
        case IR_MUL:
        case IR_AND:
        case IR_OR:
        case IR_XOR:
        case IR_ANDC:
        case IR_ORC:
        case IR_EQV:
        case IR_SHL:
        case IR_SHR:
        case IR_SAR:
        case IR_ROTL:
        case IR_ROTR:
            if (op->type == IR_V128) {
                break;
            }
            if (known_const(&s, op->args[1], &va) && known_const(&s, op->args[2], &vb) &&
                eval_binary(op->opc, op->type, va, vb, &r)) {
                make_movi(&s, op, op->args[0], r);
            } else {
                simplify_binary(&s, op);
            }
            break;
        case IR_EXTRACT:
        case IR_SEXTRACT:
            if (known_const(&s, op->args[1], &va)) {
                unsigned pos = op->args[2], len = op->args[3];
                r = va >> pos;
                if (len < 64) {
                    r &= (1ull << len) - 1;
                    if (op->opc == IR_SEXTRACT && (r >> (len - 1)) & 1) {
                        r |= ~0ull << len;
                    }
                }
                make_movi(&s, op, op->args[0], mask_type(op->type, r));
            }
            break;
        case IR_DEPOSIT:
            /* MOV + MOVK sequences build constants this way */
            if (known_const(&s, op->args[1], &va) && known_const(&s, op->args[2], &vb)) {
                unsigned pos = op->args[3], len = op->args[4];
                uint64_t mask = (len < 64 ? (1ull << len) - 1 : ~0ull) << pos;
                r = (va & ~mask) | ((vb << pos) & mask);
                make_movi(&s, op, op->args[0], mask_type(op->type, r));
            }
            break;
        case IR_SETCOND:
            if (known_const(&s, op->args[1], &va) && known_const(&s, op->args[2], &vb)) {
                make_movi(&s, op, op->args[0], ir_eval_cond(op->args[3], op->type, va, vb));
            }
            break;
        case IR_MOVCOND:
            if (known_const(&s, op->args[1], &va) && known_const(&s, op->args[2], &vb)) {
                res = ir_eval_cond(op->args[5], op->type, va, vb);
                IrTemp d = op->args[0];
                make_mov(op, d, res ? op->args[3] : op->args[4], ir->temps[d].type);
            }
            break;
        case IR_BRCOND:
            if (known_const(&s, op->args[0], &va) && known_const(&s, op->args[1], &vb)) {
                res = ir_eval_cond(op->args[2], op->type, va, vb);
                uint32_t label = op->args[3];
                if (res) {
                    memset(op->args, 0, sizeof(op->args));
                    op->opc = IR_BR;
                    op->type = IR_VOID;
                    op->nb_oargs = op->nb_iargs = 0;
                    op->nb_cargs = 1;
                    op->args[0] = label;
                } else {
                    op->opc = IR_NB_OPS; /* never taken: removed by the DCE compaction */
                    op->nb_iargs = 0;
                    op->nb_cargs = 0;
                }
            }
            break;
        default:
            break;
        }
        if (op->opc == IR_NB_OPS) {
            continue;
        }
        def = &ir_op_defs[op->opc];
        nb_o = op->nb_oargs;
        /* Record what the outputs now hold. */
        if (op->opc == IR_CALL) {
            const IrHelper *h = ir_op_helper(op);
            if (!(h->flags & IR_CALL_NO_WRITE_GLOBALS)) {
                forget_all(&s, true);
            }
        }
        for (int k = 0; k < nb_o; k++) {
            forget(&s, op->args[k]);
        }
        if (op->opc == IR_MOV && op->type != IR_V128) {
            IrTemp d = op->args[0], a = op->args[1];
            uint64_t v;
            if (known_const(&s, a, &v)) {
                s.ts[d].is_const = true;
                s.ts[d].val = mask_type(ir->temps[d].type, v);
            } else if (ir->temps[a].kind != IR_TEMP_ENV) {
                s.ts[d].copy_of = a;
                s.ts[d].copy_ver = s.version[a];
            }
        }
        (void)def;
    }
}

/* Which globals are live just before a block-ending op (walking backwards). */
static void globals_live_at_bb_end(const IrContext *ir, const IrOp *op, uint8_t *live,
                                   uint8_t *label_live, uint8_t *label_seen)
{
    uint32_t ng = ir->nb_globals;
    switch (op->opc) {
    case IR_EXIT_TB:
    case IR_GOTO_TB: {
        uint32_t slot = op->args[0];
        uint64_t dead = slot < 2 ? ir->dead_at_exit[slot] : 0;
        memset(live, 1, ng);
        for (; dead; dead &= dead - 1) {
            uint32_t t = (uint32_t)__builtin_ctzll(dead);
            if (t < ng) {
                live[t] = 0;
            }
        }
        break;
    }
    case IR_SET_LABEL: {
        uint32_t l = op->args[0];
        memcpy(label_live + (size_t)ng * l, live, ng);
        label_seen[l] = 1;
        break;
    }
    case IR_BRCOND:
    case IR_BR: {
        uint32_t l = op->args[op->opc == IR_BR ? 0 : 3];
        if (!label_seen[l]) {
            memset(live, 1, ng); /* a backward branch: be conservative */
        } else if (op->opc == IR_BR) {
            memcpy(live, label_live + (size_t)ng * l, ng);
        } else {
            for (uint32_t t = 0; t < ng; t++) {
                live[t] |= label_live[(size_t)ng * l + t];
            }
        }
        break;
    }
    default:
        memset(live, 1, ng);
        break;
    }
}

static void dce_pass(IrContext *ir)
{
    uint32_t n = ir->nb_temps;
    uint8_t *live = ir_scratch(ir, 2, n);
    uint8_t *used_later = ir_scratch(ir, 3, n); /* read anywhere in the block */
    uint32_t ng = ir->nb_globals;
    /* globals live at each label (filled when the backward walk passes the label; a
     * branch seen later in the walk is a forward branch to it) */
    uint8_t *label_live = ir_scratch(ir, 4, (size_t)ng * (ir->nb_labels + 1));
    uint8_t *label_seen = ir_scratch(ir, 5, ir->nb_labels + 1);
    for (uint32_t t = 0; t < ng; t++) {
        live[t] = 1;
    }
    /* At a branch or label, a local that may be read on some path onwards is live.  With
     * forward branches only, that is "read by a later op" (used_later is filled as the
     * backward walk goes); a backward branch makes every local read anywhere live. */
    bool backward = false;
    uint8_t *seen = label_seen; /* first used here, zeroed again below */
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc == IR_SET_LABEL) {
            seen[op->args[0]] = 1;
        } else if ((op->opc == IR_BR && seen[op->args[0]]) ||
                   (op->opc == IR_BRCOND && seen[op->args[3]])) {
            backward = true;
        }
    }
    memset(seen, 0, ir->nb_labels + 1);
    for (uint32_t i = 0; backward && i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc == IR_NB_OPS || op->opc == IR_DISCARD) {
            continue;
        }
        for (int k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
            used_later[op->args[k]] = 1;
        }
    }
    for (int64_t i = (int64_t)ir->nb_ops - 1; i >= 0; i--) {
        IrOp *op = &ir->ops[i];
        if (op->opc == IR_NB_OPS) {
            continue; /* removed by the forward pass */
        }
        const IrOpDef *def = &ir_op_defs[op->opc];
        int nb_o = op->nb_oargs, nb_i = op->nb_iargs;
        bool side_effects = (def->flags & IR_OPF_SIDE_EFFECTS) != 0;
        bool reads_globals = false;
        bool may_exit = (def->flags & (IR_OPF_MAY_FAULT | IR_OPF_BB_END)) != 0;
        if (op->opc == IR_CALL) {
            const IrHelper *h = ir_op_helper(op);
            side_effects = !(h->flags & IR_CALL_NO_SIDE_EFFECTS);
            reads_globals = !(h->flags & IR_CALL_NO_READ_GLOBALS);
            may_exit = !(h->flags & IR_CALL_NO_EXIT);
            if (!(h->flags & IR_CALL_NO_WRITE_GLOBALS)) {
                side_effects = true;
            }
        }
        if (op->opc == IR_DISCARD) {
            if (op->args[0] >= ng) {
                live[op->args[0]] = 0;
            }
            op->opc = IR_NB_OPS; /* removed */
            continue;
        }
        if (!side_effects) {
            bool any_live = false;
            for (int k = 0; k < nb_o; k++) {
                if (live[op->args[k]]) {
                    any_live = true;
                }
            }
            if (!any_live) {
                op->opc = IR_NB_OPS; /* removed */
                continue;
            }
        }
        for (int k = 0; k < nb_o; k++) {
            live[op->args[k]] = 0;
        }
        if (def->flags & IR_OPF_BB_END) {
            globals_live_at_bb_end(ir, op, live, label_live, label_seen);
            for (uint32_t t = ng; t < n; t++) {
                live[t] |= used_later[t]; /* (branch-free: vectorized) */
            }
        } else if (may_exit || reads_globals) {
            memset(live, 1, ng);
        }
        for (int k = nb_o; k < nb_o + nb_i; k++) {
            live[op->args[k]] = 1;
            used_later[op->args[k]] = 1;
        }
    }
    /* Compact the op list. */
    uint32_t j = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        if (ir->ops[i].opc != IR_NB_OPS) {
            if (j != i) {
                ir->ops[j] = ir->ops[i];
            }
            j++;
        }
    }
    ir->nb_ops = j;
}

void ir_optimize(IrContext *ir)
{
    forward_pass(ir);
    dce_pass(ir);
}
