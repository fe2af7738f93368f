"""inputs.py - deterministic input files for the benchmark workloads.

Every runner reads the same files, generated once per run from fixed seeds, so outputs can
be compared byte for byte between vemu, qemu-aarch64 and the native build.

Example: text_file(work, 1 << 20) -> WORK/text-1048576.txt (1 MiB of word-like text)
"""

import itertools
import os
import random

_WORDS = None


def _vocabulary():
    global _WORDS
    if _WORDS is None:
        rnd = random.Random(7)
        letters = "etaoinshrdlcumwfgypbvkjxqz"
        weights = [26 - i for i in range(26)]
        _WORDS = ["".join(rnd.choices(letters, weights, k=rnd.randint(2, 10)))
                  for _ in range(5000)]
    return _WORDS


def _generated(name_fmt, mode="w"):
    """Decorator: gen(f, rnd, n) writes the file WORK/(name_fmt % n) once, seeded by n."""

    def wrap(gen):
        def make(work, n):
            path = os.path.join(work, name_fmt % n)
            if not os.path.exists(path):
                with open(path + ".part", mode) as f:
                    gen(f, random.Random(n), n)
                os.rename(path + ".part", path)
            return path

        make.__doc__ = gen.__doc__
        return make

    return wrap


@_generated("text-%d.txt")
def text_file(f, rnd, size):
    """size bytes of lines of Zipf-ish distributed words (compresses like prose)."""
    words = _vocabulary()
    cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(words))))
    parts, n = [], 0
    while n < size:
        line = " ".join(rnd.choices(words, cum_weights=cum, k=rnd.randint(4, 14)))
        line += "%s %d.\n" % ("," if rnd.random() < 0.3 else "", rnd.randint(0, 99999))
        parts.append(line)
        n += len(line)
    f.write("".join(parts)[:size])


@_generated("random-%d.bin", "wb")
def random_file(f, rnd, size):
    """size pseudo-random bytes (for hashing)."""
    for left in range(size, 0, -(1 << 22)):
        f.write(rnd.randbytes(min(left, 1 << 22)))


@_generated("sort-%d.txt")
def sort_file(f, rnd, lines):
    """lines records 'key number word' in random order."""
    words = _vocabulary()
    f.write("".join("%s %d %s\n" % (rnd.choice(words), rnd.randint(0, 1 << 30), rnd.choice(words))
                    for _ in range(lines)))


@_generated("sqlite-%d.sql")
def sqlite_script(f, rnd, rows):
    """An SQL script: rows generated inside SQLite, plus explicit INSERTs for the parser."""
    words = _vocabulary()
    out = [
        "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL);",
        "CREATE TABLE w(id INTEGER PRIMARY KEY, word TEXT, n INTEGER);",
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d)" % rows,
        "  INSERT INTO t SELECT i, (i * 7919) % 1000, printf('item-%05d', (i * 31) % 5000),"
        " (i % 97) * 0.5 FROM s;",
        "BEGIN;",
    ]
    for i in range(rows // 10):
        out.append("INSERT INTO w(word, n) VALUES('%s', %d);"
                   % (rnd.choice(words), rnd.randint(0, 1000)))
    out += [
        "COMMIT;",
        "CREATE INDEX t_a ON t(a);",
        "CREATE INDEX w_word ON w(word);",
        "SELECT a, count(*), sum(c) FROM t GROUP BY a ORDER BY 3 DESC, 1 LIMIT 5;",
        "SELECT count(DISTINCT b), min(b), max(b) FROM t;",
        "SELECT t1.a, count(*) FROM t t1 JOIN t t2 ON t1.a = t2.a AND t1.id < t2.id"
        " WHERE t1.id % 50 = 0 GROUP BY t1.a ORDER BY 2 DESC, 1 LIMIT 3;",
        "UPDATE t SET c = c * 2 WHERE a < 100;",
        "DELETE FROM t WHERE a % 3 = 0;",
        "SELECT count(*), sum(a), total(c) FROM t;",
        "SELECT word, count(*), sum(n) FROM w GROUP BY word ORDER BY 2 DESC, 1 LIMIT 5;",
        "SELECT substr(b, 6) || '/' || upper(word), length(word) FROM t JOIN w ON t.id = w.id"
        " WHERE word LIKE '%e%' ORDER BY t.id LIMIT 3;",
        "SELECT count(*) FROM w WHERE word IN (SELECT b FROM t) OR n > 990;",
    ]
    f.write("\n".join(out) + "\n")


@_generated("big-%d.c")
def c_file(f, rnd, funcs):
    """A header-free C file of funcs functions (loops, switches, structs, calls) for cc1."""
    out = ["typedef unsigned long u64; typedef unsigned int u32;",
           "struct pt { int x, y; double w; u32 tag[4]; };",
           "static u64 tab[256]; static struct pt pts[64];"]
    for i in range(funcs):
        k1, k2, k3 = rnd.randint(1, 60), rnd.randint(3, 31), rnd.randint(2, 9)
        callee = "f%d(x ^ %d, n - 1)" % (rnd.randrange(i), k1) if i else "x + n"
        out.append(
            "u64 f%d(u64 x, int n)\n{\n"
            "    u64 acc = x * %dUL;\n"
            "    for (int i = 0; i < n; i++) {\n"
            "        acc ^= tab[(acc >> %d) & 255] + (acc << %d);\n"
            "        switch ((acc + i) & 7) {\n"
            "        case 0: acc += %d; break;\n"
            "        case 1: acc -= pts[i & 63].x * %d; break;\n"
            "        case 2: pts[i & 63].w += (double)acc / %d.0; break;\n"
            "        case 3: acc = (acc >> 3) | (acc << 61); break;\n"
            "        case 5: pts[(i * %d) & 63].tag[i & 3] ^= (u32)acc; break;\n"
            "        default: acc *= 0x9e3779b97f4a7c15UL;\n"
            "        }\n"
            "    }\n"
            "    for (int j = 0; j < 64; j++) {\n"
            "        pts[j].y += (int)(acc >> (j & 31)) + pts[(j + %d) & 63].x;\n"
            "    }\n"
            "    if (n > 0 && (acc & %d) == 0) {\n"
            "        acc += %s;\n"
            "    }\n"
            "    return acc;\n}\n"
            % (i, k1, k2 % 56, k3, k1 * 3, k3, k2, k3, k2 % 64, k2, callee))
    out.append("int main(void)\n{\n    u64 s = 0;\n    for (int i = 0; i < %d; i++) {\n"
               "        s += f%d((u64)i, 8);\n    }\n    return (int)(s & 127);\n}\n"
               % (funcs, funcs - 1))
    f.write("\n".join(out))
