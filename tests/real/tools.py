#!/usr/bin/env python3
"""tools.py - small Debian arm64 tools with their own engines under vemu vs amd64.

Each of these interprets a language or runs a codec of its own, so a wrong instruction shows
as a wrong answer: jq (its bytecode interpreter, oniguruma regexps, number formatting), sqlite3
(its VDBE, B-trees, a WAL journal, window functions, recursive CTEs), gawk (with MPFR
arbitrary precision under -M), bc (arbitrary precision: 500 digits of pi), zstd and xz (levels,
multi-threaded compression, round trips).  Each transcript must equal the amd64 build's (same
Debian version).

Example:
  tests/real/tools.py --vemu build/vemu-aarch64 --top .
"""

import hashlib
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realcheck  # noqa: E402
from realcheck import text  # noqa: E402

PKGS = ["jq", "libjq1", "libonig5", "sqlite3", "libsqlite3-0", "libreadline8", "libtinfo6",
        "zlib1g", "gawk", "libgmp10", "libmpfr6", "libsigsegv2", "bc", "zstd", "liblz4-1",
        "liblzma5", "libstdc++6", "libgcc-s1", "xz-utils", "libc6"]


def c_jq(s):
    doc = {"items": [{"id": i, "name": "item%d" % i, "price": (i * 37 % 101) / 4,
                      "tags": ["t%d" % (i % 5), "t%d" % (i % 3)]} for i in range(2000)],
           "meta": {"version": "1.2.3", "nested": {"deep": [1, 2.5e-7, None, True]}}}
    s.write("d.json", json.dumps(doc))
    s.run(["/usr/bin/jq", "--version"])
    for f in ([".meta"], ["-c", ".items[1234]"], ["[.items[] | .price] | add"],
              ["-c", "[.items[] | select(.price > 20) | .id] | length"],
              ["-c", ".items | group_by(.tags[0]) | map([.[0].tags[0], length])"],
              ["-r", ".items[:5][] | \"\\(.name)\\t\\(.price)\""],
              ["-c", ".items | map(.name | test(\"item1[0-9]+3$\")) | map(select(.)) | length"],
              ["-c", "[.items[].name | sub(\"item(?<n>[0-9]+)\"; \"#\\(.n)\")] | .[-3:]"],
              ["-c", "[paths(type == \"number\")] | length"],
              ["-S", "-c", ".meta | to_entries"], ["-r", "[limit(5; repeat(1.5) | . * 3)] | @csv"],
              ["-c", "[range(0; 30)] | map(pow(2; .) | tostring) | .[-1]"],
              ["-c", "reduce range(1; 100) as $i (0; . + 1 / $i)"], ["-c", ".meta | .x.y.z = 1"],
              ["--arg", "v", "item7", "-c", ".items[] | select(.name == $v)"]):
        s.run(["/usr/bin/jq"] + f + ["d.json"])
    s.run(["/usr/bin/jq", "-c", "[.items[] | .tags] | flatten | unique"], input=b"")
    s.run(["/usr/bin/jq", "."], input=b'{"broken": [1, 2,}')


SQL = """
PRAGMA journal_mode=WAL;
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, grp INT, val REAL, blob BLOB);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)
  INSERT INTO t SELECT x, 'name' || (x * 7919 % 20011), x % 37, x * 1.25 / 7, zeroblob(x % 50)
  FROM c;
CREATE INDEX ti ON t(grp, val);
SELECT count(*), sum(val), avg(length(name)), total(length(blob)) FROM t;
SELECT grp, count(*), round(sum(val), 6), min(name), max(name) FROM t GROUP BY grp
  ORDER BY grp LIMIT 8;
SELECT id, name, val, rank() OVER (PARTITION BY grp ORDER BY val DESC),
  round(avg(val) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING), 6)
  FROM t WHERE id % 1000 = 0;
SELECT printf('%.15g %e %5.2f %x', 1.0 / 3, 6.02e23, 3.14159, 255), hex(zeroblob(2)),
  upper('abc'), instr('hello', 'll'), substr('vemu', 2, 2), unicode('é'), char(9731);
SELECT name FROM t WHERE name LIKE 'name1%7' ORDER BY name LIMIT 5;
SELECT json_object('a', 1, 'b', json_array(1, 2.5, 'x')), json_extract('{"k":[1,{"z":7}]}',
  '$.k[1].z');
BEGIN; DELETE FROM t WHERE grp = 3; UPDATE t SET val = -val WHERE grp = 4; COMMIT;
SELECT count(*), round(sum(val), 4) FROM t;
PRAGMA integrity_check;
VACUUM;
SELECT 1e308 * 10, -0.0, 9223372036854775807 + 1, 7 / 2, 7 % -3, cast('12abc' AS INT);
"""


def c_sqlite(s):
    s.run(["/usr/bin/sqlite3", "-version"], show=False)
    s.write("q.sql", SQL)
    s.run(["/usr/bin/sqlite3", "-bail", "db.sqlite"], input=SQL.encode())
    s.run(["/usr/bin/sqlite3", "-csv", "-header", "db.sqlite",
           "SELECT * FROM t WHERE id BETWEEN 100 AND 104"])
    s.run(["/usr/bin/sqlite3", "db.sqlite", ".schema", ".tables"])
    s.run(["/usr/bin/sqlite3", "db.sqlite", "SELECT nosuchcolumn FROM t"])


def c_gawk(s):
    s.write("in.txt", text(5000, 11))
    gawk = "/usr/bin/gawk"
    s.run([gawk, "--version"], show=False)
    s.run([gawk, "{ n[$5]++; s += strtonum(\"0x\" $5) % 1000 } END { print NR, length(n), s }",
           "in.txt"])
    s.run([gawk, "-F", "[ :]", "{ c[length($NF)]++ } END { PROCINFO[\"sorted_in\"] = "
           "\"@ind_num_asc\"; for (k in c) print k, c[k] }", "in.txt"])
    s.run([gawk, "BEGIN { printf \"%.17g %e %d %o %x %c|%-8s|%08.3f\\n\", 1/3, 2^70, -7.9, "
           "64, 255, 65, \"ab\", 3.14159; print sin(1), exp(1), log(10), sqrt(2), atan2(1, 2),"
           " int(-3.7), 2^53 + 1 }"])
    s.run([gawk, "{ gsub(/[aeiou]+/, \"<&>\"); if (match($0, /([0-9a-f]{3})f/, m)) "
           "print NR, m[1], toupper($0) }", "in.txt"])
    s.run([gawk, "-M", "-v", "PREC=200", "BEGIN { print 2^200, 3^100 % 1000007; "
           "printf \"%.50f\\n\", atan2(0, -1) }"])
    s.run([gawk, "BEGIN { n = split(\"c b a d\", a); asort(a); for (i = 1; i <= n; i++) "
           "printf \"%s \", a[i]; print strftime(\"%Y-%m-%d %H:%M:%S\", 86400 * 365, 1); "
           "print gensub(/(.)(.)/, \"\\\\2\\\\1\", \"g\", \"abcdef\") }"])


def c_bc(s):
    s.run(["/usr/bin/bc", "-l", "-q"], input=b"scale=500; 4*a(1)\n")
    s.run(["/usr/bin/bc", "-q"], input=b"2^1000 % 1000000007\n"
                                         b"define f(n) { if (n < 2) return n; "
                                         b"return f(n-1) + f(n-2); }\nf(20)\n"
                                         b"scale=30; sqrt(2); e(1)\n1/0\n")
    s.run(["/usr/bin/bc", "-l", "-q"], input=b"scale=60; e(1); l(2); s(1); c(1); j(0, 2)\n")


def c_compress(s):
    data = (text(8000, 3) * 2).encode() + bytes(range(256)) * 1000
    s.write("data", data)
    for cmd in (["/usr/bin/zstd", "-q", "-19", "-o", "data.zst", "data"],
                ["/usr/bin/zstd", "-q", "-3", "-T2", "--long=24", "-o", "data.t.zst", "data"],
                ["/usr/bin/xz", "-k", "-9e", "data"],
                ["/usr/bin/xz", "-k", "-T2", "-6", "--stdout", "data"]):
        out = s.run(cmd, show=False)
        s.note(" ".join(cmd[1:]))
        if out:
            s.note("stdout %d bytes, sha256 %s" % (len(out), hashlib.sha256(out).hexdigest()))
    for f in ("data.zst", "data.t.zst", "data.xz"):
        blob = s.read(f)
        s.note("%s %d %s" % (f, len(blob), hashlib.sha256(blob).hexdigest()))
    s.run(["/usr/bin/zstd", "-t", "-q", "data.zst", "data.t.zst"])
    back = s.run(["/usr/bin/zstd", "-d", "-c", "--long=24", "data.t.zst"], show=False)
    s.note("zstd round trip %s" % (back == data))
    back = s.run(["/usr/bin/xz", "-d", "-c", "data.xz"], show=False)
    s.note("xz round trip %s" % (back == data))
    s.run(["/usr/bin/xz", "-l", "--robot", "data.xz"])
    s.run(["/usr/bin/zstd", "-d", "-c"], input=b"not zstd", show=False)


CHECKS = [
    ("jq (filters, regexps, numbers)", c_jq),
    ("sqlite3 (WAL, indexes, window functions, JSON)", c_sqlite),
    ("gawk (arrays, regexps, printf, MPFR -M)", c_gawk),
    ("bc (500 digits of pi, recursion, math library)", c_bc),
    ("zstd and xz (levels, threads, round trips)", c_compress),
]

if __name__ == "__main__":
    sys.exit(realcheck.main("tools", PKGS, CHECKS, doc=__doc__))
