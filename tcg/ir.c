/*
 * ir.c - building, printing and checking IR (see ir.h for the model).
 *
 * Builders append IrOps to the context; ir_dump prints them for -d op / -d op_opt:
 *     add_i64 t34, x2, $0x5
 *     mov_i64 x1, t34
 */
#include "tcg/ir.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>

#include "tcg/guest-mem.h"

#define O 1
#define I 2
#define C 3
const IrOpDef ir_op_defs[IR_NB_OPS] = {
    [IR_MOV] = {"mov", 1, 1, 0, 0},
    [IR_NEG] = {"neg", 1, 1, 0, 0},
    [IR_NOT] = {"not", 1, 1, 0, 0},
    [IR_CTPOP] = {"ctpop", 1, 1, 0, 0},
    [IR_BSWAP16] = {"bswap16", 1, 1, 0, 0},
    [IR_BSWAP32] = {"bswap32", 1, 1, 0, 0},
    [IR_BSWAP64] = {"bswap64", 1, 1, 0, 0},
    [IR_EXT8S] = {"ext8s", 1, 1, 0, 0},
    [IR_EXT8U] = {"ext8u", 1, 1, 0, 0},
    [IR_EXT16S] = {"ext16s", 1, 1, 0, 0},
    [IR_EXT16U] = {"ext16u", 1, 1, 0, 0},
    [IR_EXT32S] = {"ext32s", 1, 1, 0, 0},
    [IR_EXT32U] = {"ext32u", 1, 1, 0, 0},
    [IR_EXTRL] = {"extrl", 1, 1, 0, 0},
    [IR_EXTRH] = {"extrh", 1, 1, 0, 0},
    [IR_EXTU] = {"extu", 1, 1, 0, 0},
    [IR_EXTS] = {"exts", 1, 1, 0, 0},
    [IR_ADD] = {"add", 1, 2, 0, 0},
    [IR_SUB] = {"sub", 1, 2, 0, 0},
    [IR_MUL] = {"mul", 1, 2, 0, 0},
    [IR_AND] = {"and", 1, 2, 0, 0},
    [IR_OR] = {"or", 1, 2, 0, 0},
    [IR_XOR] = {"xor", 1, 2, 0, 0},
    [IR_ANDC] = {"andc", 1, 2, 0, 0},
    [IR_ORC] = {"orc", 1, 2, 0, 0},
    [IR_EQV] = {"eqv", 1, 2, 0, 0},
    [IR_SHL] = {"shl", 1, 2, 0, 0},
    [IR_SHR] = {"shr", 1, 2, 0, 0},
    [IR_SAR] = {"sar", 1, 2, 0, 0},
    [IR_ROTL] = {"rotl", 1, 2, 0, 0},
    [IR_ROTR] = {"rotr", 1, 2, 0, 0},
    [IR_DIVS] = {"divs", 1, 2, 0, 0},
    [IR_DIVU] = {"divu", 1, 2, 0, 0},
    [IR_REMS] = {"rems", 1, 2, 0, 0},
    [IR_REMU] = {"remu", 1, 2, 0, 0},
    [IR_MULUH] = {"muluh", 1, 2, 0, 0},
    [IR_MULSH] = {"mulsh", 1, 2, 0, 0},
    [IR_CLZ] = {"clz", 1, 2, 0, 0},
    [IR_CTZ] = {"ctz", 1, 2, 0, 0},
    [IR_EXTRACT] = {"extract", 1, 1, 2, 0},
    [IR_SEXTRACT] = {"sextract", 1, 1, 2, 0},
    [IR_DEPOSIT] = {"deposit", 1, 2, 2, 0},
    [IR_SETCOND] = {"setcond", 1, 2, 1, 0},
    [IR_MOVCOND] = {"movcond", 1, 4, 1, 0},
    [IR_ADD2] = {"add2", 2, 4, 0, 0},
    [IR_SUB2] = {"sub2", 2, 4, 0, 0},
    [IR_MULU2] = {"mulu2", 2, 2, 0, 0},
    [IR_MULS2] = {"muls2", 2, 2, 0, 0},
    [IR_BRCOND] = {"brcond", 0, 2, 2, IR_OPF_BB_END | IR_OPF_SIDE_EFFECTS},
    [IR_BR] = {"br", 0, 0, 1, IR_OPF_BB_END | IR_OPF_SIDE_EFFECTS},
    [IR_SET_LABEL] = {"set_label", 0, 0, 1, IR_OPF_BB_END | IR_OPF_SIDE_EFFECTS},
    [IR_LD] = {"ld", 1, 1, 2, 0},
    [IR_ST] = {"st", 0, 2, 2, IR_OPF_SIDE_EFFECTS},
    [IR_QLD] = {"qemu_ld", 1, 1, 1, IR_OPF_SIDE_EFFECTS | IR_OPF_MAY_FAULT},
    [IR_QST] = {"qemu_st", 0, 2, 1, IR_OPF_SIDE_EFFECTS | IR_OPF_MAY_FAULT},
    [IR_CALL] = {"call", 0, 0, 2, 0}, /* counts are per op */
    [IR_INSN_START] = {"insn_start", 0, 0, 2, IR_OPF_SIDE_EFFECTS},
    [IR_GOTO_TB] = {"goto_tb", 0, 0, 1, IR_OPF_SIDE_EFFECTS | IR_OPF_BB_END},
    [IR_EXIT_TB] = {"exit_tb", 0, 0, 1, IR_OPF_SIDE_EFFECTS | IR_OPF_BB_END},
    [IR_GOTO_PTR] = {"goto_ptr", 0, 1, 1, IR_OPF_SIDE_EFFECTS | IR_OPF_BB_END},
    [IR_DISCARD] = {"discard", 0, 1, 0, 0},
    [IR_MB] = {"mb", 0, 0, 1, IR_OPF_SIDE_EFFECTS},
    [IR_VOP] = {"vop", 1, 2, 3, 0},
    [IR_VCRYPTO] = {"vcrypto", 1, 3, 3, 0},
    [IR_FOP] = {"fop", 1, 3, 4, IR_OPF_SIDE_EFFECTS}, /* side effect: the exception flags */
    [IR_VFOP] = {"vfop", 1, 3, 5, IR_OPF_SIDE_EFFECTS},
};
#undef O
#undef I
#undef C

void ir_context_init(IrContext *ir)
{
    memset(ir, 0, sizeof(*ir));
    ir->cap_temps = 256;
    ir->temps = g_new0(IrTempInfo, ir->cap_temps);
    ir->cap_ops = 512;
    ir->ops = g_new0(IrOp, ir->cap_ops);
    /* temp 0: env */
    ir->temps[0].type = IR_I64;
    ir->temps[0].kind = IR_TEMP_ENV;
    ir->temps[0].name = "env";
    ir->nb_temps = 1;
    ir->nb_globals = 1;
}

void ir_context_free(IrContext *ir)
{
    g_free(ir->temps);
    g_free(ir->ops);
    for (int i = 0; i < IR_NB_SCRATCH; i++) {
        g_free(ir->scratch[i]);
    }
    memset(ir, 0, sizeof(*ir));
}

void *ir_scratch(IrContext *ir, unsigned slot, size_t bytes)
{
    g_assert(slot < IR_NB_SCRATCH);
    if (ir->scratch_size[slot] < bytes) {
        g_free(ir->scratch[slot]);
        ir->scratch_size[slot] = MAX(bytes, 2 * ir->scratch_size[slot]);
        ir->scratch[slot] = g_malloc(ir->scratch_size[slot]);
    }
    memset(ir->scratch[slot], 0, bytes);
    return ir->scratch[slot];
}

void *ir_scratch_grow(IrContext *ir, unsigned slot, size_t old_bytes, size_t bytes)
{
    g_assert(slot < IR_NB_SCRATCH && old_bytes <= bytes);
    if (ir->scratch_size[slot] < bytes) {
        ir->scratch_size[slot] = MAX(bytes, 2 * ir->scratch_size[slot]);
        ir->scratch[slot] = g_realloc(ir->scratch[slot], ir->scratch_size[slot]);
    }
    memset((char *)ir->scratch[slot] + old_bytes, 0, bytes - old_bytes);
    return ir->scratch[slot];
}

void ir_reset(IrContext *ir)
{
    ir->nb_temps = ir->nb_globals;
    ir->nb_ops = 0;
    ir->nb_labels = 0;
    ir->cur_insn = 0;
    ir->mmu_idx = 0;
    ir->ignore_top_byte = false;
    ir->quick = false;
    ir->dead_at_exit[0] = ir->dead_at_exit[1] = 0;
}

static IrTemp alloc_temp(IrContext *ir)
{
    if (ir->nb_temps == ir->cap_temps) {
        ir->cap_temps *= 2;
        ir->temps = g_renew(IrTempInfo, ir->temps, ir->cap_temps);
    }
    IrTemp t = ir->nb_temps++;
    memset(&ir->temps[t], 0, sizeof(ir->temps[t]));
    return t;
}

IrTemp ir_new_global(IrContext *ir, IrType type, int32_t env_offset, const char *name)
{
    g_assert(ir->nb_temps == ir->nb_globals); /* globals first, before any block */
    IrTemp t = alloc_temp(ir);
    ir->temps[t].type = type;
    ir->temps[t].kind = IR_TEMP_GLOBAL;
    ir->temps[t].env_offset = env_offset;
    ir->temps[t].name = name;
    ir->nb_globals = ir->nb_temps;
    return t;
}

IrTemp ir_new_temp(IrContext *ir, IrType type)
{
    IrTemp t = alloc_temp(ir);
    ir->temps[t].type = type;
    ir->temps[t].kind = IR_TEMP_LOCAL;
    return t;
}

IrTemp ir_const32(IrContext *ir, uint32_t v)
{
    IrTemp t = alloc_temp(ir);
    ir->temps[t].type = IR_I32;
    ir->temps[t].kind = IR_TEMP_CONST;
    ir->temps[t].val = v;
    return t;
}

IrTemp ir_const64(IrContext *ir, uint64_t v)
{
    IrTemp t = alloc_temp(ir);
    ir->temps[t].type = IR_I64;
    ir->temps[t].kind = IR_TEMP_CONST;
    ir->temps[t].val = v;
    return t;
}

static IrTemp const_of_type(IrContext *ir, IrType type, uint64_t v)
{
    return type == IR_I32 ? ir_const32(ir, (uint32_t)v) : ir_const64(ir, v);
}

IrLabel ir_new_label(IrContext *ir)
{
    return ir->nb_labels++;
}

IrOp *ir_emit(IrContext *ir, IrOpc opc, IrType type, int nb_o, int nb_i, int nb_c,
              const uint32_t *args)
{
    g_assert(nb_o + nb_i + nb_c <= IR_MAX_ARGS);
    if (ir->nb_ops == ir->cap_ops) {
        ir->cap_ops *= 2;
        ir->ops = g_renew(IrOp, ir->ops, ir->cap_ops);
    }
    IrOp *op = &ir->ops[ir->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    op->nb_oargs = nb_o;
    op->nb_iargs = nb_i;
    op->nb_cargs = nb_c;
    op->insn_idx = ir->cur_insn;
    memcpy(op->args, args, sizeof(uint32_t) * (nb_o + nb_i + nb_c));
    return op;
}

static void emit_std(IrContext *ir, IrOpc opc, IrType type, const uint32_t *args)
{
    const IrOpDef *d = &ir_op_defs[opc];
    ir_emit(ir, opc, type, d->nb_o, d->nb_i, d->nb_c, args);
}

#define TY(t) (ir->temps[(t)].type)

static void emit1(IrContext *ir, IrOpc opc, IrTemp d, IrTemp a)
{
    uint32_t args[] = {d, a};
    emit_std(ir, opc, TY(d), args);
}

static void emit2(IrContext *ir, IrOpc opc, IrTemp d, IrTemp a, IrTemp b)
{
    uint32_t args[] = {d, a, b};
    emit_std(ir, opc, TY(d), args);
}

void ir_mov(IrContext *ir, IrTemp d, IrTemp a)
{
    if (d != a) {
        emit1(ir, IR_MOV, d, a);
    }
}

void ir_movi(IrContext *ir, IrTemp d, uint64_t v)
{
    emit1(ir, IR_MOV, d, const_of_type(ir, TY(d), v));
}

#define UNARY(name, OPC)                                                                           \
    void ir_##name(IrContext *ir, IrTemp d, IrTemp a)                                              \
    {                                                                                              \
        emit1(ir, OPC, d, a);                                                                      \
    }
UNARY(neg, IR_NEG)
UNARY(not, IR_NOT)
UNARY(ctpop, IR_CTPOP)
UNARY(bswap16, IR_BSWAP16)
UNARY(bswap32, IR_BSWAP32)
UNARY(bswap64, IR_BSWAP64)
UNARY(ext8s, IR_EXT8S)
UNARY(ext8u, IR_EXT8U)
UNARY(ext16s, IR_EXT16S)
UNARY(ext16u, IR_EXT16U)
UNARY(ext32s, IR_EXT32S)
UNARY(ext32u, IR_EXT32U)
UNARY(extrl, IR_EXTRL)
UNARY(extrh, IR_EXTRH)
UNARY(extu, IR_EXTU)
UNARY(exts, IR_EXTS)

#define BINARY(name, OPC)                                                                          \
    void ir_##name(IrContext *ir, IrTemp d, IrTemp a, IrTemp b)                                    \
    {                                                                                              \
        emit2(ir, OPC, d, a, b);                                                                   \
    }
BINARY(add, IR_ADD)
BINARY(sub, IR_SUB)
BINARY(mul, IR_MUL)
BINARY(and, IR_AND)
BINARY(or, IR_OR)
BINARY(xor, IR_XOR)
BINARY(andc, IR_ANDC)
BINARY(orc, IR_ORC)
BINARY(eqv, IR_EQV)
BINARY(shl, IR_SHL)
BINARY(shr, IR_SHR)
BINARY(sar, IR_SAR)
BINARY(rotl, IR_ROTL)
BINARY(rotr, IR_ROTR)
BINARY(divs, IR_DIVS)
BINARY(divu, IR_DIVU)
BINARY(rems, IR_REMS)
BINARY(remu, IR_REMU)
BINARY(muluh, IR_MULUH)
BINARY(mulsh, IR_MULSH)
BINARY(clz, IR_CLZ)
BINARY(ctz, IR_CTZ)

void ir_addi(IrContext *ir, IrTemp d, IrTemp a, int64_t imm)
{
    emit2(ir, IR_ADD, d, a, const_of_type(ir, TY(d), (uint64_t)imm));
}
void ir_andi(IrContext *ir, IrTemp d, IrTemp a, uint64_t imm)
{
    emit2(ir, IR_AND, d, a, const_of_type(ir, TY(d), imm));
}
void ir_ori(IrContext *ir, IrTemp d, IrTemp a, uint64_t imm)
{
    emit2(ir, IR_OR, d, a, const_of_type(ir, TY(d), imm));
}
void ir_xori(IrContext *ir, IrTemp d, IrTemp a, uint64_t imm)
{
    emit2(ir, IR_XOR, d, a, const_of_type(ir, TY(d), imm));
}
void ir_shli(IrContext *ir, IrTemp d, IrTemp a, unsigned sh)
{
    emit2(ir, IR_SHL, d, a, const_of_type(ir, TY(d), sh));
}
void ir_shri(IrContext *ir, IrTemp d, IrTemp a, unsigned sh)
{
    emit2(ir, IR_SHR, d, a, const_of_type(ir, TY(d), sh));
}
void ir_sari(IrContext *ir, IrTemp d, IrTemp a, unsigned sh)
{
    emit2(ir, IR_SAR, d, a, const_of_type(ir, TY(d), sh));
}
void ir_rotri(IrContext *ir, IrTemp d, IrTemp a, unsigned sh)
{
    emit2(ir, IR_ROTR, d, a, const_of_type(ir, TY(d), sh));
}

void ir_extract(IrContext *ir, IrTemp d, IrTemp a, unsigned pos, unsigned len)
{
    uint32_t args[] = {d, a, pos, len};
    emit_std(ir, IR_EXTRACT, TY(d), args);
}

void ir_sextract(IrContext *ir, IrTemp d, IrTemp a, unsigned pos, unsigned len)
{
    uint32_t args[] = {d, a, pos, len};
    emit_std(ir, IR_SEXTRACT, TY(d), args);
}

void ir_deposit(IrContext *ir, IrTemp d, IrTemp a, IrTemp b, unsigned pos, unsigned len)
{
    uint32_t args[] = {d, a, b, pos, len};
    emit_std(ir, IR_DEPOSIT, TY(d), args);
}

void ir_setcond(IrContext *ir, IrCond c, IrTemp d, IrTemp a, IrTemp b)
{
    uint32_t args[] = {d, a, b, c};
    /* The comparison happens at the type of the inputs. */
    IrOp *op = ir_emit(ir, IR_SETCOND, TY(a), 1, 2, 1, args);
    (void)op;
}

void ir_movcond(IrContext *ir, IrCond c, IrTemp d, IrTemp c1, IrTemp c2, IrTemp v1, IrTemp v2)
{
    uint32_t args[] = {d, c1, c2, v1, v2, c};
    /* Like setcond, the op's type is the comparison's; v1/v2 have d's type. */
    emit_std(ir, IR_MOVCOND, TY(c1), args);
}

void ir_add2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp alo, IrTemp ahi, IrTemp blo, IrTemp bhi)
{
    uint32_t args[] = {dlo, dhi, alo, ahi, blo, bhi};
    emit_std(ir, IR_ADD2, TY(dlo), args);
}

void ir_sub2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp alo, IrTemp ahi, IrTemp blo, IrTemp bhi)
{
    uint32_t args[] = {dlo, dhi, alo, ahi, blo, bhi};
    emit_std(ir, IR_SUB2, TY(dlo), args);
}

void ir_mulu2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp a, IrTemp b)
{
    uint32_t args[] = {dlo, dhi, a, b};
    emit_std(ir, IR_MULU2, TY(dlo), args);
}

void ir_muls2(IrContext *ir, IrTemp dlo, IrTemp dhi, IrTemp a, IrTemp b)
{
    uint32_t args[] = {dlo, dhi, a, b};
    emit_std(ir, IR_MULS2, TY(dlo), args);
}

void ir_brcond(IrContext *ir, IrCond c, IrTemp a, IrTemp b, IrLabel l)
{
    uint32_t args[] = {a, b, c, l};
    emit_std(ir, IR_BRCOND, TY(a), args);
}

void ir_br(IrContext *ir, IrLabel l)
{
    uint32_t args[] = {l};
    emit_std(ir, IR_BR, IR_VOID, args);
}

void ir_set_label(IrContext *ir, IrLabel l)
{
    uint32_t args[] = {l};
    emit_std(ir, IR_SET_LABEL, IR_VOID, args);
}

void ir_ld(IrContext *ir, IrTemp d, IrTemp base, int32_t offset, MemOp mop)
{
    uint32_t args[] = {d, base, (uint32_t)offset, mop};
    emit_std(ir, IR_LD, TY(d), args);
}

void ir_st(IrContext *ir, IrTemp v, IrTemp base, int32_t offset, MemOp mop)
{
    uint32_t args[] = {v, base, (uint32_t)offset, mop};
    emit_std(ir, IR_ST, TY(v), args);
}

/* The address a guest access uses: addr, or addr with its top byte cleared. */
static IrTemp guest_addr(IrContext *ir, IrTemp addr)
{
    if (!ir->ignore_top_byte) {
        return addr;
    }
    IrTemp t = ir_new_temp(ir, IR_I64);
    ir_andi(ir, t, addr, GUEST_ADDR_TBI_MASK);
    return t;
}

void (*ir_guest_access_hook)(IrContext *ir, IrTemp addr, MemOp mop, bool store);

void ir_qld(IrContext *ir, IrTemp d, IrTemp addr, MemOp mop)
{
    if (ir_guest_access_hook) {
        ir_guest_access_hook(ir, addr, mop, false);
    }
    addr = guest_addr(ir, addr);
    uint32_t args[] = {d, addr, mop | MO_MMU(ir->mmu_idx)};
    emit_std(ir, IR_QLD, TY(d), args);
}

void ir_qst(IrContext *ir, IrTemp v, IrTemp addr, MemOp mop)
{
    if (ir_guest_access_hook) {
        ir_guest_access_hook(ir, addr, mop, true);
    }
    addr = guest_addr(ir, addr);
    uint32_t args[] = {v, addr, mop | MO_MMU(ir->mmu_idx)};
    emit_std(ir, IR_QST, TY(v), args);
}

void ir_call(IrContext *ir, const IrHelper *h, IrTemp ret, int nargs, const IrTemp *args)
{
    uint32_t a[IR_MAX_ARGS];
    int n = 0;
    g_assert(nargs == h->nargs);
    int nb_o = (h->ret != IR_VOID) ? 1 : 0;
    if (nb_o) {
        g_assert(ret != IR_ENV);
        a[n++] = ret;
    }
    for (int i = 0; i < nargs; i++) {
        a[n++] = args[i];
    }
    uintptr_t p = (uintptr_t)h;
    a[n++] = (uint32_t)p;
    a[n++] = (uint32_t)((uint64_t)p >> 32);
    ir_emit(ir, IR_CALL, h->ret, nb_o, nargs, 2, a);
}

void ir_call0(IrContext *ir, const IrHelper *h, IrTemp ret)
{
    ir_call(ir, h, ret, 0, NULL);
}

void ir_call1(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a)
{
    IrTemp args[] = {a};
    ir_call(ir, h, ret, 1, args);
}

void ir_call2(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b)
{
    IrTemp args[] = {a, b};
    ir_call(ir, h, ret, 2, args);
}

void ir_call3(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b, IrTemp c)
{
    IrTemp args[] = {a, b, c};
    ir_call(ir, h, ret, 3, args);
}

void ir_call4(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b, IrTemp c, IrTemp d)
{
    IrTemp args[] = {a, b, c, d};
    ir_call(ir, h, ret, 4, args);
}

void ir_call5(IrContext *ir, const IrHelper *h, IrTemp ret, IrTemp a, IrTemp b, IrTemp c, IrTemp d,
              IrTemp e)
{
    IrTemp args[] = {a, b, c, d, e};
    ir_call(ir, h, ret, 5, args);
}

const IrHelper *ir_op_helper(const IrOp *op)
{
    int n = op->nb_oargs + op->nb_iargs;
    uint64_t p = (uint64_t)op->args[n] | ((uint64_t)op->args[n + 1] << 32);
    return (const IrHelper *)(uintptr_t)p;
}

void ir_insn_start(IrContext *ir, uint64_t pc, uint16_t insn_idx)
{
    ir->cur_insn = insn_idx;
    uint32_t args[] = {(uint32_t)pc, (uint32_t)(pc >> 32)};
    emit_std(ir, IR_INSN_START, IR_VOID, args);
}

void ir_goto_tb(IrContext *ir, unsigned slot)
{
    uint32_t args[] = {slot};
    emit_std(ir, IR_GOTO_TB, IR_VOID, args);
}

void ir_exit_tb(IrContext *ir, unsigned slot)
{
    uint32_t args[] = {slot};
    emit_std(ir, IR_EXIT_TB, IR_VOID, args);
}

void ir_goto_ptr(IrContext *ir, IrTemp target, IrBranchKind kind)
{
    uint32_t args[] = {target, kind};
    emit_std(ir, IR_GOTO_PTR, IR_VOID, args);
}

void ir_mb(IrContext *ir, unsigned kind)
{
    uint32_t args[] = {kind};
    emit_std(ir, IR_MB, IR_VOID, args);
}

void ir_vop(IrContext *ir, IrVecOp vop, unsigned vece, IrTemp d, IrTemp a, IrTemp b, uint32_t imm)
{
    uint32_t args[] = {d, a, b, vop, vece, imm};
    emit_std(ir, IR_VOP, IR_V128, args);
}

void ir_vcrypto(IrContext *ir, IrVecCrypto kind, IrVecFn *fn, IrTemp d, IrTemp a, IrTemp b,
                IrTemp c)
{
    uint64_t p = (uint64_t)(uintptr_t)fn;
    uint32_t args[] = {d, a, b, c, kind, (uint32_t)p, (uint32_t)(p >> 32)};
    emit_std(ir, IR_VCRYPTO, IR_V128, args);
}

IrVecFn *ir_op_vecfn(const IrOp *op)
{
    uint64_t p = (uint64_t)op->args[5] | ((uint64_t)op->args[6] << 32);
    return (IrVecFn *)(uintptr_t)p;
}

void ir_fop(IrContext *ir, IrFpOp fop, unsigned esz, IrFpFn *fn, IrTemp d, IrTemp a, IrTemp b,
            IrTemp c)
{
    uint64_t p = (uint64_t)(uintptr_t)fn;
    uint32_t args[] = {d, a, b, c, fop, esz, (uint32_t)p, (uint32_t)(p >> 32)};
    emit_std(ir, IR_FOP, IR_I64, args);
}

IrFpFn *ir_op_fpfn(const IrOp *op)
{
    uint64_t p = (uint64_t)op->args[6] | ((uint64_t)op->args[7] << 32);
    return (IrFpFn *)(uintptr_t)p;
}

void ir_vfop(IrContext *ir, IrFpOp fop, unsigned esz, unsigned bytes, IrFpFn *fn, IrTemp d,
             IrTemp a, IrTemp b, IrTemp c)
{
    uint64_t p = (uint64_t)(uintptr_t)fn;
    uint32_t args[] = {d, a, b, c, fop, esz, bytes, (uint32_t)p, (uint32_t)(p >> 32)};
    emit_std(ir, IR_VFOP, IR_V128, args);
}

IrFpFn *ir_op_vfpfn(const IrOp *op)
{
    uint64_t p = (uint64_t)op->args[7] | ((uint64_t)op->args[8] << 32);
    return (IrFpFn *)(uintptr_t)p;
}

void ir_discard(IrContext *ir, IrTemp t)
{
    uint32_t args[] = {t};
    emit_std(ir, IR_DISCARD, TY(t), args);
}

/* ---- printing ---- */

static const char *type_suffix(IrType t)
{
    switch (t) {
    case IR_I32:
        return "_i32";
    case IR_I64:
        return "_i64";
    case IR_V128:
        return "_v128";
    default:
        return "";
    }
}

static const char *cond_name(uint32_t c)
{
    static const char *names[] = {"never", "always", "eq",  "ne",  "lt",  "ge",    "le",
                                  "gt",    "ltu",    "geu", "leu", "gtu", "tsteq", "tstne"};
    return c < G_N_ELEMENTS(names) ? names[c] : "?";
}

static void print_temp(const IrContext *ir, IrTemp t, FILE *out)
{
    if (t >= ir->nb_temps) {
        fprintf(out, "<bad %u>", t);
        return;
    }
    const IrTempInfo *ti = &ir->temps[t];
    switch (ti->kind) {
    case IR_TEMP_ENV:
    case IR_TEMP_GLOBAL:
        fputs(ti->name ? ti->name : "global", out);
        break;
    case IR_TEMP_CONST:
        fprintf(out, "$0x%" PRIx64, ti->val);
        break;
    default:
        fprintf(out, "t%u", t);
        break;
    }
}

static void print_memop(uint32_t mop, FILE *out)
{
    static const char *sizes[] = {"8", "16", "32", "64", "128", "?", "?", "?"};
    fprintf(out, "%s%s%s", (mop & MO_SIGN) ? "s" : "u", sizes[mop & MO_SIZE],
            (mop & MO_ALIGN16) ? "+al16"
            : (mop & MO_ALIGN) ? "+al"
                               : "");
    if (mo_mmu_idx(mop)) {
        fprintf(out, "+mmu%u", mo_mmu_idx(mop));
    }
}

void ir_dump(const IrContext *ir, FILE *out)
{
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        const IrOp *op = &ir->ops[i];
        const IrOpDef *d = &ir_op_defs[op->opc];
        if (op->opc == IR_INSN_START) {
            uint64_t pc = (uint64_t)op->args[0] | ((uint64_t)op->args[1] << 32);
            fprintf(out, " ---- %016" PRIx64 "\n", pc);
            continue;
        }
        if (op->opc == IR_SET_LABEL) {
            fprintf(out, "L%u:\n", op->args[0]);
            continue;
        }
        if (op->opc == IR_CALL) {
            fprintf(out, " call %s", ir_op_helper(op)->name);
        } else {
            fprintf(out, " %s%s", d->name, type_suffix(op->type));
        }
        int n = op->nb_oargs + op->nb_iargs;
        for (int k = 0; k < n; k++) {
            fputs(k ? ", " : " ", out);
            print_temp(ir, op->args[k], out);
        }
        const uint32_t *c = &op->args[n];
        switch (op->opc) {
        case IR_SETCOND:
        case IR_MOVCOND:
            fprintf(out, ", %s", cond_name(c[0]));
            break;
        case IR_BRCOND:
            fprintf(out, ", %s, L%u", cond_name(c[0]), c[1]);
            break;
        case IR_BR:
            fprintf(out, " L%u", c[0]);
            break;
        case IR_LD:
        case IR_ST:
            fprintf(out, ", %d, ", (int32_t)c[0]);
            print_memop(c[1], out);
            break;
        case IR_QLD:
        case IR_QST:
            fputs(", ", out);
            print_memop(c[0], out);
            break;
        case IR_CALL:
            break;
        case IR_GOTO_PTR: {
            static const char *const kinds[] = {"jump", "call", "return"};
            fprintf(out, ", %s", c[0] < IR_NB_BRANCH_KINDS ? kinds[c[0]] : "?");
            break;
        }
        default:
            for (int k = 0; k < op->nb_cargs; k++) {
                fprintf(out, "%s%u", (n + k) ? ", " : " ", c[k]);
            }
            break;
        }
        fputc('\n', out);
    }
}

/* ---- checking ---- */

bool ir_check(const IrContext *ir, char *why, size_t len)
{
    uint8_t *label_set = g_malloc0(ir->nb_labels + 1);
    bool ok = true;
    for (uint32_t i = 0; i < ir->nb_ops && ok; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc >= IR_NB_OPS) {
            snprintf(why, len, "op %u: bad opcode %u", i, op->opc);
            ok = false;
            break;
        }
        const IrOpDef *d = &ir_op_defs[op->opc];
        if (op->opc != IR_CALL &&
            (op->nb_oargs != d->nb_o || op->nb_iargs != d->nb_i || op->nb_cargs != d->nb_c)) {
            snprintf(why, len, "op %u (%s): wrong argument counts", i, d->name);
            ok = false;
            break;
        }
        for (int k = 0; k < op->nb_oargs + op->nb_iargs; k++) {
            IrTemp t = op->args[k];
            if (t >= ir->nb_temps) {
                snprintf(why, len, "op %u (%s): temp %u out of range", i, d->name, t);
                ok = false;
                break;
            }
            if (k < op->nb_oargs &&
                (ir->temps[t].kind == IR_TEMP_CONST || ir->temps[t].kind == IR_TEMP_ENV)) {
                snprintf(why, len, "op %u (%s): writes a constant", i, d->name);
                ok = false;
                break;
            }
        }
        if (!ok) {
            break;
        }
        IrType ty = op->type;
        switch (op->opc) {
        case IR_ADD:
        case IR_SUB:
        case IR_AND:
        case IR_OR:
        case IR_XOR:
        case IR_MUL:
            for (int k = 0; k < 3; k++) {
                if (ir->temps[op->args[k]].type != ty) {
                    snprintf(why, len, "op %u (%s%s): operand %d has the wrong type", i, d->name,
                             type_suffix(ty), k);
                    ok = false;
                    break;
                }
            }
            break;
        case IR_VCRYPTO:
            for (int k = 0; k < 4 && ok; k++) {
                if (ir->temps[op->args[k]].type != IR_V128) {
                    snprintf(why, len, "op %u (%s): operand %d is not v128", i, d->name, k);
                    ok = false;
                }
            }
            if (ok && (op->args[4] >= IR_VCRYPTO_NB || !ir_op_vecfn(op))) {
                snprintf(why, len, "op %u (%s): bad kind or function", i, d->name);
                ok = false;
            }
            break;
        case IR_FOP:
        case IR_VFOP: {
            bool vec = op->opc == IR_VFOP;
            for (int k = 0; k < 4 && ok; k++) {
                if (ir->temps[op->args[k]].type != (vec ? IR_V128 : IR_I64)) {
                    snprintf(why, len, "op %u (%s): operand %d is not %s", i, d->name, k,
                             vec ? "v128" : "i64");
                    ok = false;
                }
            }
            unsigned fop = op->args[4];
            bool fop_ok = vec ? fop <= IR_FOP_FMA_NPC && fop != IR_FOP_NMUL && fop != IR_FOP_SQRT &&
                                    (op->args[6] == 8 || op->args[6] == 16)
                              : fop < IR_FOP_NB;
            if (ok && (!fop_ok || (op->args[5] != 2 && op->args[5] != 3) ||
                       !(vec ? ir_op_vfpfn(op) : ir_op_fpfn(op)))) {
                snprintf(why, len, "op %u (%s): bad operation, size or function", i, d->name);
                ok = false;
            }
            break;
        }
        case IR_EXTRL:
        case IR_EXTRH:
            if (ir->temps[op->args[0]].type != IR_I32 || ir->temps[op->args[1]].type != IR_I64) {
                snprintf(why, len, "op %u (%s): needs i32 <- i64", i, d->name);
                ok = false;
            }
            break;
        case IR_EXTU:
        case IR_EXTS:
            if (ir->temps[op->args[0]].type != IR_I64 || ir->temps[op->args[1]].type != IR_I32) {
                snprintf(why, len, "op %u (%s): needs i64 <- i32", i, d->name);
                ok = false;
            }
            break;
        case IR_SET_LABEL: {
            uint32_t l = op->args[0];
            if (l >= ir->nb_labels || label_set[l]) {
                snprintf(why, len, "op %u: label L%u undefined or set twice", i, l);
                ok = false;
            } else {
                label_set[l] = 1;
            }
            break;
        }
        default:
            break;
        }
    }
    for (uint32_t i = 0; i < ir->nb_ops && ok; i++) {
        const IrOp *op = &ir->ops[i];
        uint32_t l = UINT32_MAX;
        if (op->opc == IR_BR) {
            l = op->args[0];
        } else if (op->opc == IR_BRCOND) {
            l = op->args[3];
        }
        if (l != UINT32_MAX && (l >= ir->nb_labels || !label_set[l])) {
            snprintf(why, len, "op %u: branch to label L%u that is never set", i, l);
            ok = false;
        }
    }
    g_free(label_set);
    return ok;
}
