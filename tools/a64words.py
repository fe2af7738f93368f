"""a64words.py - run raw A64 words through binutils' objdump and through vemu's decoder
(build/tests/disas/disas-words); shared by tests/disas/compare.py and tools/isa-coverage.py.

Example:
  texts = objdump_texts([0x91000421])          # ["add\\tx1, x1, #0x1"]
  rows = vemu_rows("build/tests/disas/disas-words", [0x91000421])
  # [(0x91000421, True, "ADD_i", "add x1, x1, #0x1")]
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

OBJDUMP = "aarch64-linux-gnu-objdump"


def require_objdump(prog):
    """Exit with a one-line message when objdump is missing."""
    if shutil.which(OBJDUMP) is None:
        print(f"{prog}: {OBJDUMP} not found: apt-get install binutils-aarch64-linux-gnu "
              "(tools/quickstart installs it)", file=sys.stderr)
        sys.exit(1)


def objdump_texts(words):
    """objdump's text for each word (at address 4 * index), "" if it printed nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "words.bin")
        with open(path, "wb") as fh:
            fh.write(b"".join(struct.pack("<I", w) for w in words))
        out = subprocess.run([OBJDUMP, "-D", "-z", "-b", "binary", "-m", "aarch64", path],
                             check=True, capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$", line)
        if m:
            res[int(m.group(1), 16) // 4] = m.group(3)
    return [res.get(i, "") for i in range(len(words))]


def allocated(text):
    """Did objdump decode the word as an instruction?"""
    return bool(text) and not text.startswith(".inst") and "undefined" not in text


def vemu_rows(tool, words):
    """(word, implemented, pattern, text) from vemu's disas-words tool for each word."""
    inp = "".join(f"{w:08x}\n" for w in words)
    out = subprocess.run([tool], input=inp, check=True, capture_output=True,
                         text=True).stdout
    rows = []
    for line in out.splitlines():
        word, impl, pat, text = line.split("\t", 3)
        rows.append((int(word, 16), impl == "1", pat, text))
    return rows
