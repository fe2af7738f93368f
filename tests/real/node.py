#!/usr/bin/env python3
"""node.py - Debian's arm64 nodejs 18 (V8 10.2) under vemu against its amd64 build.

V8 compiles JavaScript and regular expressions to machine code at run time, patches it
(inline caches, on-stack replacement, deoptimisation) and flushes the instruction cache:
this is vemu's self-modifying-code test.  The scripts in tests/real/node/ print what they
compute; each check runs one script (or node's command line) and requires the same
transcript as the amd64 node of the same Debian version:
  jit.js    hot loops (OSR), 400 generated functions, polymorphic sites and deopts, BigInt
  data.js   irregexp regular expressions, JSON, typed arrays, DataView, Map/Set, sorting
  async.js  Promises/async/await ordering, generators, a worker_threads isolate, child_process
  io.js     fs (sync/callback/promises/streams), zlib/gzip/brotli, crypto hashes/HMAC/AES/PBKDF2
  esm.mjs   ES modules, importing CommonJS through cjs-module-lexer, dynamic import
The quick slice (CI) runs jit.js, async.js and io.js; full mode (--full) adds the rest and
jit.js with --always-sparkplug and --jitless, and data.js with
--regexp-tier-up-ticks=0 (regexps compiled to native code at once) and --regexp-interpret-all.

Example:
  tests/real/node.py --vemu build/vemu-aarch64 --top .
  tests/real/node.py --vemu build/vemu-aarch64 --top . --full --only jit -v
"""

import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import realcheck  # noqa: E402

PKGS = ["nodejs", "libnode108", "libc6", "libgcc-s1", "libstdc++6", "libbrotli1", "libc-ares2",
        "libicu72", "libnghttp2-14", "libssl3", "libuv1", "zlib1g"]
ALL_PKGS = ["node-acorn", "node-cjs-module-lexer", "node-undici"]
NODE = "/usr/bin/node"


def script(name, *flags):
    def check(s):
        with open(os.path.join(HERE, "node", name), "rb") as f:
            s.write(name, f.read())
        s.run([NODE] + list(flags) + [name, "out"])
    return check


def c_cli(s):
    s.run([NODE, "--version"])
    s.run([NODE, "-p", "[1, 2, 3].map((x) => x * x).join() + ' ' + typeof WebAssembly"])
    s.run([NODE, "-e", "process.exitCode = 3; console.error('to stderr')"])
    s.run([NODE, "-e", "throw new RangeError('uncaught')"], show=False)
    s.run([NODE, "-"], input=b"let s = 0; for (const c of 'stdin') s += c.charCodeAt(0);"
                             b" console.log(s)")


def c_wasm(s):
    # a hand-assembled module exporting add(i32, i32) and a loop summing 1..n
    s.run([NODE, "-e", r"""
const b = new Uint8Array([0,97,115,109,1,0,0,0,1,12,2,96,2,127,127,1,127,96,1,127,1,127,3,3,2,0,1,
7,13,2,3,97,100,100,0,0,3,115,117,109,0,1,10,39,2,7,0,32,0,32,1,106,11,29,1,1,127,3,64,32,1,32,0,
106,33,1,32,0,65,1,107,34,0,13,0,11,32,1,11]);
const m = new WebAssembly.Instance(new WebAssembly.Module(b));
let t = 0; for (let i = 0; i < 20000; i++) t = m.exports.add(t, i) | 0;
console.log(m.exports.add(2, 40), t, m.exports.sum(100000));"""])


CHECKS = [
    ("command line, stdin, exit codes", c_cli, "full"),
    ("jit.js (OSR, generated functions, deopt)", script("jit.js")),
    ("data.js (regexp, JSON, typed arrays)", script("data.js"), "full"),
    ("async.js (promises, worker_threads, child_process)", script("async.js")),
    ("io.js (fs, zlib, crypto)", script("io.js")),
    ("esm.mjs (ES modules, CommonJS interop)", script("esm.mjs"), "full"),
    ("WebAssembly (Liftoff and TurboFan code)", c_wasm, "full"),
    ("jit.js --always-sparkplug", script("jit.js", "--always-sparkplug"), "full"),
    ("jit.js --jitless", script("jit.js", "--jitless"), "full"),
    ("data.js --regexp-tier-up-ticks=0", script("data.js", "--regexp-tier-up-ticks=0"), "full"),
    ("data.js --regexp-interpret-all", script("data.js", "--regexp-interpret-all"), "full"),
]

if __name__ == "__main__":
    sys.exit(realcheck.main("node", PKGS, CHECKS, all_pkgs=ALL_PKGS, doc=__doc__))
