#!/usr/bin/env python3
"""compare.py - check vemu's A64 disassembler against binutils' objdump.

For every pattern of the .decode specs, generate random words that the pattern matches
first (fields biased towards 0, 31 and all-ones), disassemble them with vemu
(tests/disas/disas-words, which also says whether vemu implements the word) and with
`aarch64-linux-gnu-objdump -D -z -b binary -m aarch64`, normalise both (whitespace, objdump's
`// ...` comments) and compare.  Only words vemu implements and objdump decodes count.
Differences listed in known-differences.txt (pattern + regular expression on objdump's text
+ reason) are deliberate and counted separately.  Exit status 1 if any other mismatch.

Example:
  compare.py --tool build/tests/disas/disas-words --decode-dir target/aarch64 \
      --known tests/disas/known-differences.txt --per-pattern 40 --seed 1
"""

import argparse
import os
import random
import re
import sys

SPEC_ORDER = ["a64-pauth.decode", "a64-dp.decode", "a64-dp-ext.decode", "a64-branch-sys.decode", "a64-ldst.decode",
              "a64-mops.decode",
              "a64-fp-ext.decode", "a64-fp.decode", "a64-simd-ext.decode", "a64-simd-fp16.decode",
              "a64-crypto.decode",
              "a64-simd.decode"]


# Directed words for patterns whose random fields are almost never accepted by vemu (SYS
# and MSR/MRS only implement the operations Linux allows at EL0).
DIRECTED = [
    0xd50b7420, 0xd50b7520, 0xd50b7a20, 0xd50b7b20, 0xd50b7e20, 0xd50b7c20, 0xd50b7d20,
    0xd51b4400, 0xd51b4420, 0xd51b4200, 0xd51bd040, 0xd53bd040, 0xd53bd060, 0xd53be040,
    0xd53be000, 0xd53b0020, 0xd53b00e0, 0xd5380000, 0xd53800a0, 0xd53800c0, 0xd5380600,
    0xd5380620, 0xd5380400, 0xd5380420, 0xd5380640, 0xd5380740, 0xd53b4200, 0xd53b4400,
    0xd53b4420, 0xd500401f, 0xd500403f, 0xd500405f,
    # RNDR, RNDRRS, SSBS and DIT (MSR immediate and register, MRS)
    0xd53b2400, 0xd53b2421, 0xd503413f, 0xd503403f, 0xd503405f, 0xd503415f, 0xd53b42c0,
    0xd53b42a0, 0xd51b42a3, 0xd51b42c5,
]


TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools")
sys.path.insert(0, TOOLS)
sys.dont_write_bytecode = True          # keep the source tree clean
import a64words  # noqa: E402


def load_decodegen():
    import decodegen  # noqa: E402
    return decodegen


def first_match(patterns, word):
    for p in patterns:
        if p.matches(word):
            return p
    return None


def random_word(rng, p):
    w = p.value | (rng.getrandbits(32) & ~p.mask & 0xffffffff)
    for f in p.fields:
        r = rng.random()
        if r < 0.15:
            v = 0
        elif r < 0.3:
            v = f.umask
        elif r < 0.4 and f.width == 5:
            v = 31
        else:
            continue
        fm = f.umask << f.pos
        w = (w & ~fm) | ((v << f.pos) & fm)
        w = (w & ~p.mask) | p.value
    return w & 0xffffffff


def norm(text):
    text = re.sub(r"\s*//.*$", "", text)
    text = re.sub(r"\s*;.*$", "", text)
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r" ?, ?", ", ", text)
    return text


def load_known(path):
    known = []
    if not path:
        return known
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            pat, regex, reason = line.split("\t", 2)
            known.append((pat, re.compile(regex), reason))
    return known


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--decode-dir", required=True)
    ap.add_argument("--known", default=None)
    ap.add_argument("--per-pattern", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=3, help="examples shown per pattern")
    ap.add_argument("--only", default=None, help="regex: only patterns whose name matches")
    args = ap.parse_args()

    a64words.require_objdump("compare.py")
    dg = load_decodegen()
    patterns = dg.parse_files([os.path.join(args.decode_dir, s) for s in SPEC_ORDER])
    if args.only:
        sel = [p for p in patterns if re.search(args.only, p.name)]
    else:
        sel = patterns
    rng = random.Random(args.seed)
    words = [] if args.only else list(DIRECTED)
    for p in sel:
        words += gen_words_for(patterns, p, args.per_pattern, rng)
    known = load_known(args.known)
    objd = a64words.objdump_texts(words)
    rows = a64words.vemu_rows(args.tool, words)

    stats = {"implemented": 0, "compared": 0, "match": 0, "known": 0, "mismatch": 0,
             "objdump_undefined": 0, "not_implemented": 0}
    by_pat = {}
    known_hits = {}
    for (word, impl, pat, ours), theirs in zip(rows, objd):
        if not impl:
            stats["not_implemented"] += 1
            continue
        stats["implemented"] += 1
        if not a64words.allocated(theirs):
            stats["objdump_undefined"] += 1
            continue
        stats["compared"] += 1
        a, b = norm(ours), norm(theirs)
        if a == b:
            stats["match"] += 1
            continue
        reason = next((r for kp, rx, r in known if kp == pat and rx.search(b)), None)
        if reason:
            stats["known"] += 1
            known_hits[(pat, reason)] = known_hits.get((pat, reason), 0) + 1
            continue
        stats["mismatch"] += 1
        by_pat.setdefault(pat, []).append((word, a, b))

    for pat in sorted(by_pat, key=lambda k: -len(by_pat[k])):
        lst = by_pat[pat]
        print(f"MISMATCH {pat}: {len(lst)}")
        for word, a, b in lst[:args.show]:
            print(f"    {word:08x}  vemu: {a}")
            print(f"    {'':8}  objdump: {b}")
    for (pat, reason), n in sorted(known_hits.items()):
        print(f"known difference {pat}: {n} ({reason})")
    impl_pats = {r[2] for r in rows if r[1]}
    never = [p.name for p in sel if p.name not in impl_pats]
    print(f"patterns {len(sel)}, words {len(words)}, implemented {stats['implemented']}, "
          f"not implemented {stats['not_implemented']}, objdump-undefined "
          f"{stats['objdump_undefined']}, compared {stats['compared']}, match "
          f"{stats['match']}, known differences {stats['known']}, mismatches "
          f"{stats['mismatch']}")
    if never:
        print(f"patterns with no implemented word among those generated: {' '.join(never)}")
    return 1 if stats["mismatch"] else 0


def gen_words_for(patterns, p, n, rng):
    out = []
    for _ in range(n * 20):
        if len(out) >= n:
            break
        w = random_word(rng, p)
        if first_match(patterns, w) is p:
            out.append(w)
    return out


if __name__ == "__main__":
    sys.exit(main())
