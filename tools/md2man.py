#!/usr/bin/env python3
"""md2man.py - turn the docs/*.1.md manual pages into man(7) roff for `meson install`.

Handles the subset the manuals use: "# NAME(1)" title, "##"/"###" sections, paragraphs,
indented or fenced code blocks, "- " bullets, definition lists (a term line followed by
": description", continued by indented lines), **bold**, *italic* and `code`.

Example: tools/md2man.py docs/vemu-binfmt.1.md vemu-binfmt.1 0.1.0
"""
import re
import sys


def inline(text):
    text = text.replace("\\", "\\e")
    text = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*", r"\\fI\1\\fR", text)
    text = text.replace("—", "\\(em")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def literal(line):
    line = line.replace("\\", "\\e")
    return "\\&" + line if line.startswith((".", "'")) else line


def convert(lines, version):
    out = []
    i = 0
    in_comment = False
    while i < len(lines):
        line = lines[i].rstrip("\n")
        nxt = lines[i + 1].rstrip("\n") if i + 1 < len(lines) else ""
        if in_comment or line.startswith("<!--"):
            in_comment = "-->" not in line
            i += 1
            continue
        m = re.match(r"^# ([A-Z0-9-]+)\((\d)\)", line)
        if m:
            out.append('.TH "%s" "%s" "" "vemu %s" "vemu manual"' % (m.group(1), m.group(2), version))
        elif line.startswith("### "):
            out.append(".SS " + inline(line[4:]))
        elif line.startswith("## "):
            out.append(".SH " + inline(line[3:]))
        elif line.startswith("```"):
            out.append(".PP\n.nf\n.RS 4")
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(literal(lines[i].rstrip("\n")))
                i += 1
            out.append(".RE\n.fi")
        elif line.startswith("    ") or line.startswith("|"):
            out.append(".PP\n.nf\n.RS 4")
            while i < len(lines) and (lines[i].startswith("    ") or lines[i].startswith("|")):
                out.append(literal(lines[i].rstrip("\n")[4 if lines[i].startswith("    ") else 0:]))
                i += 1
            out.append(".RE\n.fi")
            continue
        elif nxt.startswith(": "):
            out.append(".TP\n" + inline(line))
            out.append(inline(nxt[2:]))
            i += 2
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                out.append(inline(lines[i].strip()))
                i += 1
            continue
        elif line.startswith("- "):
            out.append(".IP \\(bu 2\n" + inline(line[2:]))
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                out.append(inline(lines[i].strip()))
                i += 1
            continue
        elif not line.strip():
            pass
        else:
            if i == 0 or not lines[i - 1].strip() or lines[i - 1].startswith("#"):
                out.append(".PP")
            out.append(inline(line))
        i += 1
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: md2man.py IN.md OUT.1 VERSION")
    with open(sys.argv[1], encoding="utf-8") as f:
        text = convert(f.readlines(), sys.argv[3])
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
