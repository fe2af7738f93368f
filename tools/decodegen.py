#!/usr/bin/env python3
"""decodegen.py - generate the A64 decoder, pattern table and disassembler
from one or more .decode spec files (see docs/design/decoder.md).

Example:
  python3 tools/decodegen.py --decode-header a64-decode.h \
      --decode-inc a64-decode.c.inc --disas a64-disas.c --names a64-names.c \
      target/aarch64/a64-base.decode target/aarch64/a64-simd.decode

A spec line looks like:
  ADD_i  sf:1 0 0 100010 sh:1 imm:12 rn:5 rd:5  "add {rd:RS}, {rn:RS}, #{imm:x}{sh:lsl12}"
Patterns are tried in command-line/file order; the first match wins.
"""

import argparse
import os
import re
import sys

C_KEYWORDS = {
    "auto", "break", "case", "char", "const", "continue", "default", "do",
    "double", "else", "enum", "extern", "float", "for", "goto", "if",
    "inline", "int", "long", "register", "restrict", "return", "short",
    "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
    "unsigned", "void", "volatile", "while", "_Bool", "_Complex",
    "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic",
    "_Noreturn", "_Static_assert", "_Thread_local", "bool", "true", "false",
}

IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FIELD_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(s?)([0-9]+)$")
BITS_RE = re.compile(r"^[01.]+$")
CONSTRAINT_RE = re.compile(
    r"^\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|<=|>=|=|<|>)\s*"
    r"(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)\s*\}$")
TOKEN_RE = re.compile(r"\{[^}]*\}?|[^\s{]+")
TEMPLATE_REF_RE = re.compile(r"\{([^{}]*)\}")

FORMATS = {"", "x", "X", "XS", "W", "WS", "R", "RS", "V", "cond", "pcrel4",
           "pcrel1", "lsl12", "x16", "shift", "ext", "nzcv", "adr", "adrp"}

# Top-level dispatch: bits 28:25 (A64 op0).
TOP_BITS = [28, 27, 26, 25]
# Below this many candidates a case is a plain linear scan.
LINEAR_LIMIT = 6
MAX_SWITCH_BITS = 5
# Total candidate copies allowed per switch, relative to the list length.
DUP_LIMIT = 2.0
# Overall code growth allowed below the op0 switch along any path.
DUP_BUDGET = 4.0


class SpecError(Exception):
    def __init__(self, where, msg):
        super().__init__(f"{where}: {msg}")
        self.where = where
        self.msg = msg


class Field:
    def __init__(self, name, pos, width, signed):
        self.name = name
        self.pos = pos
        self.width = width
        self.signed = signed

    @property
    def umask(self):
        return (1 << self.width) - 1

    def raw_expr(self):
        """C expression (uint32_t) for the raw unsigned field value."""
        if self.width == 32:
            return "insn"
        if self.pos == 0:
            return f"(insn & 0x{self.umask:x}u)"
        return f"((insn >> {self.pos}) & 0x{self.umask:x}u)"

    def value_expr(self):
        """C expression (int64_t) for the field value, sign-extended if sN."""
        raw = self.raw_expr()
        if not self.signed:
            return f"(int64_t){raw}"
        sb = 1 << (self.width - 1)
        return f"((int64_t)({raw} ^ 0x{sb:x}u) - (int64_t)0x{sb:x})"


class Constraint:
    def __init__(self, field, op, value):
        self.field = field
        self.op = "==" if op == "=" else op
        self.value = value

    def c_expr(self):
        if (self.op == ">=" and self.value == 0) or \
           (self.op == "<=" and self.value == self.field.umask):
            return "1"       # always true; avoids -Wtype-limits
        return f"{self.field.raw_expr()} {self.op} {self.value}u"

    def holds(self, raw):
        return {"==": raw == self.value, "!=": raw != self.value,
                "<": raw < self.value, ">": raw > self.value,
                "<=": raw <= self.value, ">=": raw >= self.value}[self.op]


class Pattern:
    def __init__(self, name, where, index):
        self.name = name
        self.where = where
        self.index = index
        self.mask = 0
        self.value = 0
        self.fields = []
        self.constraints = []
        self.template = None      # list of (literal) str or (Field, fmt)

    def field(self, name):
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def matches(self, insn):
        if insn & self.mask != self.value:
            return False
        return all(c.holds((insn >> c.field.pos) & c.field.umask)
                   for c in self.constraints)


def split_line(line, where):
    """Split a spec line into (token text, template or None)."""
    template = None
    q = line.find('"')
    h = line.find("#")
    if h >= 0 and (q < 0 or h < q):
        return line[:h], None
    if q < 0:
        return line, None
    end = line.find('"', q + 1)
    if end < 0:
        raise SpecError(where, "unterminated template string")
    template = line[q + 1:end]
    rest = line[end + 1:].strip()
    if rest and not rest.startswith("#"):
        raise SpecError(where, f"unexpected text after template: '{rest}'")
    return line[:q], template


def parse_template(pat, text, where):
    parts = []
    i = 0
    lit = []
    while i < len(text):
        ch = text[i]
        if text.startswith("{{", i):
            lit.append("{")
            i += 2
            continue
        if text.startswith("}}", i):
            lit.append("}")
            i += 2
            continue
        if ch == "}":
            raise SpecError(where, "template: unmatched '}' (use '}}')")
        if ch == "{":
            end = text.find("}", i)
            if end < 0:
                raise SpecError(where, "template: unterminated '{'")
            ref = text[i + 1:end]
            if "{" in ref:
                raise SpecError(where, f"template: bad reference '{{{ref}'")
            if ref.startswith("@"):
                if lit:
                    parts.append("".join(lit))
                    lit = []
                parts.append(parse_helper_call(pat, ref, where))
                i = end + 1
                continue
            fname, _, fmt = ref.partition(":")
            fname = fname.strip()
            fmt = fmt.strip()
            f = pat.field(fname)
            if f is None:
                raise SpecError(where, f"template: unknown field '{fname}'")
            if fmt not in FORMATS:
                raise SpecError(where, f"template: unknown format '{fmt}'")
            if lit:
                parts.append("".join(lit))
                lit = []
            parts.append((f, fmt))
            i = end + 1
            continue
        lit.append(ch)
        i += 1
    if lit:
        parts.append("".join(lit))
    return parts


HELPER_RE = re.compile(r"^@([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$")


class HelperCall:
    """{@name(arg, ...)} in a template: the C function dis_name(buf, len, pc, args...)
    formats this part; each arg is a field of the pattern or an integer literal."""

    def __init__(self, name, args):
        self.name = name
        self.args = args          # list of Field or int


def parse_helper_call(pat, ref, where):
    m = HELPER_RE.match(ref.replace(" ", ""))
    if not m:
        raise SpecError(where, f"template: bad helper call '{{{ref}}}'")
    args = []
    for a in (m.group(2).split(",") if m.group(2) else []):
        if re.match(r"^-?[0-9]+$", a):
            args.append(int(a))
            continue
        f = pat.field(a)
        if f is None:
            raise SpecError(where, f"template: unknown field '{a}' in helper call")
        args.append(f)
    return HelperCall(m.group(1), args)


def parse_line(tokens_text, template, where, index):
    toks = TOKEN_RE.findall(tokens_text)
    name = toks[0]
    if not IDENT_RE.match(name) or name in C_KEYWORDS:
        raise SpecError(where, f"bad pattern name '{name}'")
    pat = Pattern(name, where, index)
    bit = 31          # next bit to assign, counting down
    for tok in toks[1:]:
        if tok.startswith("{"):
            m = CONSTRAINT_RE.match(tok)
            if not m:
                raise SpecError(where, f"bad constraint '{tok}'")
            f = pat.field(m.group(1))
            if f is None:
                raise SpecError(where,
                                f"constraint on unknown field '{m.group(1)}'")
            val = int(m.group(3), 0)
            if val > f.umask:
                raise SpecError(where, f"constraint value {val} out of range "
                                f"for {f.width}-bit field '{f.name}'")
            if (m.group(2) == "<" and val == 0) or \
               (m.group(2) == ">" and val == f.umask):
                raise SpecError(where, f"constraint '{tok}' can never hold")
            pat.constraints.append(Constraint(f, m.group(2), val))
            continue
        if BITS_RE.match(tok):
            for ch in tok:
                if bit < 0:
                    raise SpecError(where, "pattern wider than 32 bits")
                if ch != ".":
                    pat.mask |= 1 << bit
                    if ch == "1":
                        pat.value |= 1 << bit
                bit -= 1
            continue
        m = FIELD_RE.match(tok)
        if m:
            fname, signed, width = m.group(1), m.group(2) == "s", int(m.group(3))
            if fname in C_KEYWORDS:
                raise SpecError(where, f"bad field name '{fname}'")
            if width == 0 or width > 32:
                raise SpecError(where, f"field '{fname}' has bad width {width}")
            if pat.field(fname):
                raise SpecError(where, f"duplicate field '{fname}' in {name}")
            if bit - width + 1 < 0:
                raise SpecError(where, "pattern wider than 32 bits")
            pat.fields.append(Field(fname, bit - width + 1, width, signed))
            bit -= width
            continue
        raise SpecError(where, f"bad token '{tok}'")
    if bit != -1:
        raise SpecError(where, f"pattern width is {31 - bit}, not 32")
    if template is not None:
        pat.template = parse_template(pat, template, where)
    return pat


def parse_files(paths):
    patterns = []
    seen = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as fh:
                lines = fh.read().split("\n")
        except OSError as e:
            raise SpecError(path, f"cannot read: {e.strerror}")
        for lineno, line in enumerate(lines, 1):
            where = f"{path}:{lineno}"
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            text, template = split_line(line, where)
            if not text.strip():
                raise SpecError(where, "template without a pattern")
            pat = parse_line(text, template, where, len(patterns))
            if pat.name in seen:
                raise SpecError(where, f"duplicate pattern name '{pat.name}' "
                                f"(first defined at {seen[pat.name].where})")
            seen[pat.name] = pat
            patterns.append(pat)
    if not patterns:
        raise SpecError(paths[0] if paths else "decodegen", "no patterns")
    check_shadowing(patterns)
    return patterns


def check_shadowing(patterns):
    """Error if an earlier unconstrained pattern matches every word a later
    one matches: earlier.mask is a subset of later.mask and the later value
    agrees with the earlier one on earlier.mask.  Earlier patterns are
    bucketed by mask so each check is one dict lookup per distinct mask."""
    by_mask = {}          # mask -> {value: first unconstrained pattern}
    for later in patterns:
        hits = [values.get(later.value & mask)
                for mask, values in by_mask.items() if not mask & ~later.mask]
        hits = [h for h in hits if h is not None]
        if hits:
            earlier = min(hits, key=lambda p: p.index)
            raise SpecError(later.where, f"{later.name} is shadowed by "
                            f"{earlier.name} ({earlier.where})")
        if not later.constraints:
            by_mask.setdefault(later.mask, {}).setdefault(later.value, later)


# ---------------------------------------------------------------------------
# Decision tree: switch on op0 (bits 28:25), then recursively on bits that
# every remaining candidate fixes; leaves scan candidates in file order.

def compatible(pat, bits, key):
    for i, b in enumerate(bits):
        want = (key >> (len(bits) - 1 - i)) & 1
        if pat.mask >> b & 1 and (pat.value >> b & 1) != want:
            return False
    return True


def key_expr(bits):
    """C expression extracting `bits` (msb first) into a compact index."""
    # group into contiguous runs
    runs = []
    for b in bits:
        if runs and runs[-1][1] == b + 1:
            runs[-1][1] = b
        else:
            runs.append([b, b])
    terms = []
    shift_out = len(bits)
    for hi, lo in runs:
        width = hi - lo + 1
        shift_out -= width
        t = f"((insn >> {lo}) & 0x{(1 << width) - 1:x}u)"
        if shift_out:
            t = f"({t} << {shift_out})"
        terms.append(t)
    return " | ".join(terms)


def choose_bits(cands, used, limit):
    """Greedily pick up to MAX_SWITCH_BITS bits to switch on.

    A candidate that does not fix a chosen bit is copied into every case it
    is compatible with, so each added bit must shrink the average case list
    (sum of case lengths / number of cases) by at least 10% while the total
    number of copies stays within `limit` times the list length."""
    n = len(cands)
    chosen = []
    chosen_mask = 0
    avg = float(n)
    while len(chosen) < MAX_SWITCH_BITS:
        best = None
        for b in range(31, -1, -1):
            if (used | chosen_mask) >> b & 1:
                continue
            m = chosen_mask | (1 << b)
            total = sum(1 << bin(m & ~p.mask).count("1") for p in cands)
            if total > limit * n:
                continue
            a = total / (1 << (len(chosen) + 1))
            if best is None or a < best[0]:
                best = (a, b)
        if best is None or best[0] > avg * 0.9:
            break
        avg, b = best
        chosen.append(b)
        chosen_mask |= 1 << b
    return sorted(chosen, reverse=True), (total_copies(cands, chosen_mask) / n)


def total_copies(cands, mask):
    return sum(1 << bin(mask & ~p.mask).count("1") for p in cands)


def emit_tree(out, cands, leaf, indent, used, top=False, budget=DUP_BUDGET):
    """Emit a switch over some bits (op0 at the top), recursing per case.

    `budget` bounds how much the subtree may multiply code size through
    candidates copied into several cases; it is shared down each path."""
    pad = "    " * indent
    growth = 1.0
    if top:
        bits = TOP_BITS
    elif len(cands) > LINEAR_LIMIT and budget > 1.0:
        bits, growth = choose_bits(cands, used, min(DUP_LIMIT, budget))
    else:
        bits = []
    if not bits:
        for p in cands:
            leaf(out, p, indent)
        return
    used |= sum(1 << b for b in bits)
    out.append(f"{pad}switch ({key_expr(bits)}) {{")
    for key in range(1 << len(bits)):
        sub = [p for p in cands if compatible(p, bits, key)]
        if not sub:
            continue
        out.append(f"{pad}case 0x{key:x}:")
        emit_tree(out, sub, leaf, indent + 1, used, budget=budget / growth)
        out.append(f"{pad}    break;")
    out.append(f"{pad}default:")
    out.append(f"{pad}    break;")
    out.append(f"{pad}}}")


def match_cond(p):
    conds = []
    if p.mask:
        conds.append(f"(insn & 0x{p.mask:08x}u) == 0x{p.value:08x}u")
    conds += [c.c_expr() for c in p.constraints]
    return " && ".join(conds) if conds else "1"


def leaf_decode(out, p, indent):
    pad = "    " * indent
    out.append(f"{pad}if ({match_cond(p)}) {{")
    out.append(f"{pad}    arg_{p.name} a;")
    if p.fields:
        for f in p.fields:
            out.append(f"{pad}    a.{f.name} = {f.value_expr()};")
    else:
        out.append(f"{pad}    a.unused_ = 0;")
    out.append(f"{pad}    return trans_{p.name}(s, &a) ? {p.index} : "
               f"-{p.index + 2};")
    out.append(f"{pad}}}")


def leaf_match(out, p, indent):
    pad = "    " * indent
    out.append(f"{pad}if ({match_cond(p)}) {{")
    out.append(f"{pad}    return {p.index};")
    out.append(f"{pad}}}")


# ---------------------------------------------------------------------------
# Output writers

def banner(what, srcs):
    return (f"/* {what}\n * Generated by tools/decodegen.py from: "
            f"{' '.join(os.path.basename(s) for s in srcs)}\n"
            f" * Do not edit; edit the .decode spec instead. */\n")


def gen_header(patterns, srcs, hname):
    guard = re.sub(r"[^A-Za-z0-9]", "_", os.path.basename(hname)).upper()
    o = [banner("A64 decoder interface: arg_* structs, trans_* prototypes,\n"
                " * pattern indices. Example: arg_ADD_i a; trans_ADD_i(s, &a);",
                srcs)]
    o.append(f"#ifndef VEMU_GEN_{guard}")
    o.append(f"#define VEMU_GEN_{guard}")
    o.append("")
    o.append("#include <stdbool.h>")
    o.append("#include <stddef.h>")
    o.append("#include <stdint.h>")
    o.append("")
    o.append("#ifndef VEMU_DISAS_CONTEXT_DECLARED")
    o.append("#define VEMU_DISAS_CONTEXT_DECLARED")
    o.append("typedef struct DisasContext DisasContext;")
    o.append("#endif")
    o.append("")
    o.append(f"#define A64_NUM_PATTERNS {len(patterns)}")
    o.append("")
    o.append("enum {")
    for p in patterns:
        o.append(f"    A64_PAT_{p.name} = {p.index},")
    o.append("};")
    o.append("")
    for p in patterns:
        members = " ".join(f"int64_t {f.name};" for f in p.fields) \
            or "int64_t unused_;"
        o.append(f"typedef struct {{ {members} }} arg_{p.name};")
    o.append("")
    for p in patterns:
        o.append(f"bool trans_{p.name}(DisasContext *s, arg_{p.name} *a);")
    o.append("")
    o.append("struct A64PatternInfo {")
    o.append("    const char *name;")
    o.append("    uint32_t mask, value;")
    o.append("};")
    o.append("/* One entry per pattern, then a {NULL, 0, 0} sentinel. */")
    o.append("extern const struct A64PatternInfo a64_patterns[];")
    o.append("")
    o.append("/* Index of the pattern decoded and implemented; -1: no pattern"
             " matches;\n * -(2 + index): pattern matched but trans_* "
             "returned false. */")
    o.append("int a64_decode(DisasContext *s, uint32_t insn);")
    o.append("const char *a64_pattern_name(int idx);")
    o.append("/* Index of the first matching pattern, or -1. */")
    o.append("int a64_match(uint32_t insn);")
    o.append("void a64_disas(uint32_t insn, uint64_t pc, char *buf, "
             "size_t len);")
    o.append("")
    o.append(f"#endif /* VEMU_GEN_{guard} */")
    return "\n".join(o) + "\n"


def gen_decode_inc(patterns, srcs):
    o = [banner("Body of a64_decode(): op0 switch, then mask/value tests in "
                "spec order.\n * Example: #include \"a64-decode.c.inc\" at "
                "file scope after the decode header\n * (define "
                "A64_DECODE_BODY_ONLY to get only the function body).", srcs)]
    o.append("#ifndef A64_DECODE_BODY_ONLY")
    o.append("int a64_decode(DisasContext *s, uint32_t insn)")
    o.append("{")
    o.append("#endif")
    body = []
    emit_tree(body, patterns, leaf_decode, 1, 0, top=True)
    o += body
    o.append("    (void)s;")
    o.append("    return -1;")
    o.append("#ifndef A64_DECODE_BODY_ONLY")
    o.append("}")
    o.append("#endif")
    return "\n".join(o) + "\n"


def gen_names(patterns, srcs, hname):
    o = [banner("A64 pattern table, a64_pattern_name() and a64_match().\n"
                " * Example: a64_pattern_name(a64_match(0x91000420)) -> "
                "\"ADD_i\"", srcs)]
    o.append(f'#include "{os.path.basename(hname)}"')
    o.append("")
    o.append("const struct A64PatternInfo a64_patterns[] = {")
    for p in patterns:
        o.append(f'    {{ "{p.name}", 0x{p.mask:08x}u, 0x{p.value:08x}u }},')
    o.append("    { NULL, 0, 0 },")
    o.append("};")
    o.append("")
    o.append("const char *a64_pattern_name(int idx)")
    o.append("{")
    o.append("    if (idx < 0 || idx >= A64_NUM_PATTERNS) {")
    o.append("        return NULL;")
    o.append("    }")
    o.append("    return a64_patterns[idx].name;")
    o.append("}")
    o.append("")
    o.append("int a64_match(uint32_t insn)")
    o.append("{")
    emit_tree(o, patterns, leaf_match, 1, 0, top=True)
    o.append("    return -1;")
    o.append("}")
    return "\n".join(o) + "\n"


def c_str(s):
    r = []
    for byte in s.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\\?':
            r.append("\\" + ch)      # '?' too: no trigraphs
        elif 32 <= byte < 127:
            r.append(ch)
        else:
            r.append(f"\\{byte:03o}")
    return '"' + "".join(r) + '"'


def disas_part(p, f, fmt):
    v = f"a_{f.name}"
    sf = p.field("sf")
    if fmt in ("R", "RS"):
        kind = fmt.replace("R", "")   # "" or "S"
        if sf is None:
            fmt = "X" + kind
        else:
            return (f"if (a_sf == 1) {{ d_reg(&o, 'x', {v}, {int(kind == 'S')}); }}"
                    f" else {{ d_reg(&o, 'w', {v}, {int(kind == 'S')}); }}")
    if fmt in ("X", "XS", "W", "WS"):
        return f"d_reg(&o, '{fmt[0].lower()}', {v}, {int(fmt.endswith('S'))});"
    if fmt == "":
        return f'd_put(&o, "%" PRId64, {v});'
    if fmt == "x":
        return f"d_hex(&o, {v});"
    if fmt == "V":
        return f'd_put(&o, "v%" PRId64, {v});'
    if fmt == "cond":
        return f"d_str(&o, cond_names[{v} & 15]);"
    if fmt == "pcrel4":
        return f'd_put(&o, "0x%" PRIx64, pc + (uint64_t){v} * 4u);'
    if fmt == "pcrel1":
        return f'd_put(&o, "0x%" PRIx64, pc + (uint64_t){v});'
    if fmt in ("adr", "adrp"):
        # ADR/ADRP split their offset: this field is immhi, the pattern's immlo the rest.
        if p.field("immlo") is None:
            raise AssertionError(f"{fmt} needs an immlo field")
        off = f"((uint64_t){v} * 4u + (uint64_t)a_immlo)"
        if fmt == "adr":
            return f'd_put(&o, "0x%" PRIx64, pc + {off});'
        return f'd_put(&o, "0x%" PRIx64, (pc & ~(uint64_t)0xfff) + ({off} << 12));'
    if fmt == "lsl12":
        return f'if ({v} != 0) {{ d_str(&o, ", lsl #12"); }}'
    if fmt == "x16":
        return f'd_put(&o, "%" PRId64, {v} * 16);'
    if fmt == "shift":
        return f"d_str(&o, shift_names[{v} & 3]);"
    if fmt == "ext":
        return f"d_str(&o, ext_names[{v} & 7]);"
    if fmt == "nzcv":
        return f'd_put(&o, "#0x%x", (unsigned)({v} & 0xffffffff));'
    raise AssertionError(fmt)


def gen_disas(patterns, srcs, hname, helpers_header=None):
    o = [banner("A64 disassembler generated from the spec templates.\n"
                " * Example: a64_disas(0x91000420, 0, buf, sizeof buf) -> "
                "\"add x0, x1, #0x1\"", srcs)]
    o.append("#include <inttypes.h>")
    o.append("#include <stdarg.h>")
    o.append("#include <stdio.h>")
    o.append("#include <string.h>")
    o.append(f'#include "{os.path.basename(hname)}"')
    if helpers_header:
        o.append(f'#include "{helpers_header}"')
    else:
        for p in patterns:
            if any(isinstance(part, HelperCall) for part in (p.template or [])):
                raise SpecError(p.where, "template helper calls need --disas-helpers")
    o.append("""
typedef struct {
    char *buf;
    size_t len;
    size_t pos;
} DisOut;

static void d_put(DisOut *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void d_put(DisOut *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->pos + 1 >= o->len) {
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    o->pos += (size_t)n;
    if (o->pos >= o->len) {
        o->pos = o->len - 1;
    }
}

static void d_str(DisOut *o, const char *s)
{
    d_put(o, "%s", s);
}

static void d_hex(DisOut *o, int64_t v)
{
    if (v < 0) {
        d_put(o, "-0x%" PRIx64, (uint64_t)0 - (uint64_t)v);
    } else {
        d_put(o, "0x%" PRIx64, (uint64_t)v);
    }
}

static void d_reg(DisOut *o, char kind, int64_t n, int sp)
{
    if (n == 31) {
        d_str(o, kind == 'x' ? (sp ? "sp" : "xzr") : (sp ? "wsp" : "wzr"));
    } else {
        d_put(o, "%c%" PRId64, kind, n);
    }
}

static const char *const cond_names[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};
static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };
static const char *const ext_names[8] = {
    "uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx",
};
""")
    o.append("void a64_disas(uint32_t insn, uint64_t pc, char *buf, "
             "size_t len)")
    o.append("{")
    o.append("    DisOut o = { buf, len, 0 };")
    o.append("")
    o.append("    if (len == 0) {")
    o.append("        return;")
    o.append("    }")
    o.append("    buf[0] = '\\0';")
    o.append("    (void)pc;")
    o.append("    (void)cond_names; (void)shift_names; (void)ext_names;")
    o.append("    (void)d_hex; (void)d_reg; (void)d_str;")
    o.append("    switch (a64_match(insn)) {")
    for p in patterns:
        o.append(f"    case {p.index}: {{ /* {p.name} */")
        for f in p.fields:
            o.append(f"        int64_t a_{f.name} = {f.value_expr()};")
        if p.template is None:
            o.append(f"        d_str(&o, {c_str(p.name.lower())});")
            for f in p.fields:
                o.append(f'        d_put(&o, " {f.name}=%" PRId64, '
                         f'a_{f.name});')
        else:
            used = set()
            for part in p.template:
                if isinstance(part, str):
                    o.append(f"        d_str(&o, {c_str(part)});")
                elif isinstance(part, HelperCall):
                    args = []
                    for a in part.args:
                        if isinstance(a, int):
                            args.append(f"(int64_t){a}")
                        else:
                            used.add(a.name)
                            args.append(f"a_{a.name}")
                    call_args = "".join(", " + a for a in args)
                    o.append(f"        {{ char t_[128]; dis_{part.name}(t_, sizeof t_, pc"
                             f"{call_args}); d_str(&o, t_); }}")
                else:
                    f, fmt = part
                    used.add(f.name)
                    if fmt in ("R", "RS") and p.field("sf"):
                        used.add("sf")
                    o.append("        " + disas_part(p, f, fmt))
            for f in p.fields:
                if f.name not in used:
                    o.append(f"        (void)a_{f.name};")
        o.append("        return;")
        o.append("    }")
    o.append("    default:")
    o.append('        d_put(&o, ".inst 0x%08x (unallocated)", '
             "(unsigned)insn);")
    o.append("        return;")
    o.append("    }")
    o.append("}")
    return "\n".join(o) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="decodegen",
        description="Generate the A64 decoder and disassembler from specs.")
    ap.add_argument("--decode-header", required=True)
    ap.add_argument("--decode-inc", required=True)
    ap.add_argument("--disas", required=True)
    ap.add_argument("--names", required=True)
    ap.add_argument("--disas-helpers", default=None,
                    help="header declaring the dis_NAME() helpers that templates call "
                    "with {@NAME(field, ...)}; #included by the disassembler")
    ap.add_argument("specs", nargs="+")
    args = ap.parse_args(argv)
    try:
        patterns = parse_files(args.specs)
        outputs = {
            args.decode_header: gen_header(patterns, args.specs,
                                           args.decode_header),
            args.decode_inc: gen_decode_inc(patterns, args.specs),
            args.names: gen_names(patterns, args.specs, args.decode_header),
            args.disas: gen_disas(patterns, args.specs, args.decode_header,
                                  args.disas_helpers),
        }
    except SpecError as e:
        print(f"decodegen: {e}", file=sys.stderr)
        return 1
    for path, text in outputs.items():
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
