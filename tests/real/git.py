#!/usr/bin/env python3
"""git.py - Debian's arm64 git under vemu against its amd64 build, in a temporary repository.

Each check builds a small repository from scratch with fixed author and committer names and
dates (so object and commit ids are the same on both sides) and runs git's porcelain and
plumbing over it: init/config/add/commit/log, diff and show, branches and merges (fast-forward,
three-way, a conflict), annotated tags and describe, status and stash, gc/repack/fsck/
count-objects/verify-pack, cat-file/ls-tree/rev-list/hash-object, grep/blame/shortlog,
archive and bundle, format-patch/am, rebase and cherry-pick, worktree and notes.
Transcripts (commands, outputs, exit statuses) must be byte-identical to amd64 git's.
The quick slice (CI) runs six of the twelve checks; --full runs all.

Example:
  tests/real/git.py --vemu build/vemu-aarch64 --top .
  tests/real/git.py --vemu build/vemu-aarch64 --top . --only merge -v
"""

import hashlib
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realcheck  # noqa: E402
from realcheck import text  # noqa: E402

PKGS = ["git", "dash", "libc6", "libexpat1", "libpcre2-8-0", "zlib1g"]
GIT = "/usr/bin/git"
WHEN = 1577836800  # 2020-01-01T00:00:00Z; every commit one minute later than the last


def git(s, *args, cwd="r", tick=None, **kw):
    env = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "A U Thor",
           "GIT_AUTHOR_EMAIL": "author@example.com", "GIT_COMMITTER_NAME": "C O Mitter",
           "GIT_COMMITTER_EMAIL": "committer@example.com"}
    if tick is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "@%d +0000" % (WHEN + 60 * tick)
    return s.run([GIT] + list(args), cwd=cwd, env=env, **kw)


def repo(s, commits=3):
    """r/: a repository with `commits` commits on master touching a few files."""
    git(s, "init", "-q", "-b", "master", "r", cwd="")
    git(s, "config", "core.autocrlf", "false")
    git(s, "config", "pack.threads", "1")
    for i in range(commits):
        s.write("r/a.txt", text(20 + 5 * i, 1))
        s.write("r/src/b%d.c" % i, "int f%d(void) { return %d; }\n" % (i, i))
        s.write("r/big.txt", text(400 + i, 7))
        git(s, "add", "-A")
        git(s, "commit", "-q", "-m", "commit %d\n\nbody of commit %d" % (i, i), tick=i)


def c_init(s):
    git(s, "init", "-b", "master", "r", cwd="")
    git(s, "config", "user.name", "Someone")
    git(s, "config", "--add", "x.list", "one")
    git(s, "config", "--add", "x.list", "two")
    git(s, "config", "--get-all", "x.list")
    git(s, "config", "--list", "--local")
    git(s, "status", "--porcelain=v2", "--branch")
    s.write("r/a.txt", text(10, 1))
    git(s, "add", "a.txt")
    git(s, "status")
    git(s, "commit", "-m", "first", tick=0)
    git(s, "rev-parse", "HEAD", "HEAD^{tree}")


def c_log(s):
    repo(s, 4)
    git(s, "log", "--stat")
    git(s, "log", "--pretty=fuller", "--patch", "-2")
    git(s, "log", "--oneline", "--graph", "--decorate", "--all")
    git(s, "log", "--format=%H %T %P %an %ae %ad %s", "--date=iso-strict")
    git(s, "rev-list", "--count", "HEAD")


def c_diff(s):
    repo(s, 3)
    s.write("r/a.txt", text(40, 2))
    s.write("r/new.txt", "new\n")
    git(s, "diff")
    git(s, "diff", "--stat", "HEAD~2", "HEAD")
    git(s, "diff", "--word-diff", "HEAD~1")
    git(s, "add", "-N", "new.txt")
    git(s, "diff", "--numstat", "--summary")
    git(s, "diff", "--patience", "HEAD~2", "--", "a.txt")
    git(s, "diff", "--histogram", "-U1", "HEAD~1", "--", "big.txt")
    git(s, "show", "--format=%H%n%B", "HEAD~1")


def c_merge(s):
    repo(s, 2)
    git(s, "branch", "topic")
    git(s, "checkout", "-q", "topic")
    s.write("r/topic.txt", text(30, 3))
    git(s, "add", "topic.txt")
    git(s, "commit", "-q", "-m", "topic work", tick=10)
    git(s, "checkout", "-q", "master")
    s.write("r/master.txt", "on master\n")
    git(s, "add", "master.txt")
    git(s, "commit", "-q", "-m", "master work", tick=11)
    git(s, "merge", "--no-edit", "topic", tick=12)
    git(s, "branch", "-a", "-v")
    git(s, "checkout", "-q", "-b", "ff", "HEAD~1")
    git(s, "merge", "--ff-only", "master")
    # a conflict, then its resolution
    git(s, "checkout", "-q", "-b", "c1", "master")
    s.write("r/a.txt", "c1 version\n")
    git(s, "commit", "-q", "-am", "c1", tick=13)
    git(s, "checkout", "-q", "-b", "c2", "master")
    s.write("r/a.txt", "c2 version\n")
    git(s, "commit", "-q", "-am", "c2", tick=14)
    git(s, "merge", "c1", tick=15)
    git(s, "status", "--short")
    git(s, "diff")
    s.note(s.read("r/a.txt").decode())
    s.write("r/a.txt", "resolved\n")
    git(s, "add", "a.txt")
    git(s, "commit", "-q", "--no-edit", tick=16)
    git(s, "log", "--oneline", "--graph", "--all")


def c_tag(s):
    repo(s, 3)
    git(s, "tag", "v1.0", "HEAD~2")
    git(s, "tag", "-a", "v2.0", "-m", "release 2.0\n\nnotes", "HEAD~1", tick=20)
    git(s, "tag", "-l", "-n9")
    git(s, "describe", "--tags", "--long")
    git(s, "describe", "HEAD")
    git(s, "cat-file", "-p", "v2.0")
    git(s, "for-each-ref", "--format=%(refname) %(objecttype) %(objectname) %(*objectname)")
    git(s, "tag", "-d", "v1.0")
    git(s, "show-ref", "--tags")


def c_status_stash(s):
    repo(s, 2)
    s.write("r/a.txt", "changed\n")
    s.write("r/untracked.txt", "u\n")
    os.remove(s.host("r/src/b0.c"))
    git(s, "status")
    git(s, "status", "--short", "--branch", "--untracked-files=all")
    git(s, "stash", "push", "-u", "-m", "wip", tick=30)
    git(s, "status", "--short")
    git(s, "stash", "list")
    git(s, "stash", "show", "-p", "stash@{0}")
    git(s, "stash", "pop")
    git(s, "status", "--porcelain")
    git(s, "clean", "-n")
    git(s, "restore", "a.txt")
    git(s, "diff", "--stat")


def c_gc_fsck(s):
    repo(s, 6)
    git(s, "count-objects", "-v")
    git(s, "gc", "--quiet")
    git(s, "count-objects", "-v")
    git(s, "fsck", "--full", "--strict")
    out = git(s, "rev-parse", "HEAD", show=False)
    git(s, "verify-pack", "-s", *[".git/objects/pack/" + p for p in
                                  sorted(os.listdir(s.host("r/.git/objects/pack")))
                                  if p.endswith(".idx")])
    git(s, "repack", "-a", "-d", "-f", "--depth=5", "--window=20", "-q")
    git(s, "fsck", "--no-dangling")
    git(s, "cat-file", "--batch-check", input=out + b"HEAD:a.txt\nHEAD~3:big.txt\n")
    s.note(" ".join(sorted(os.listdir(s.host("r/.git/objects/pack")))))
    git(s, "prune", "-v")


def c_plumbing(s):
    repo(s, 3)
    git(s, "cat-file", "-p", "HEAD")
    git(s, "cat-file", "-t", "HEAD^{tree}")
    git(s, "cat-file", "-s", "HEAD:big.txt")
    git(s, "ls-tree", "-r", "-l", "HEAD")
    git(s, "ls-files", "-s")
    git(s, "rev-list", "--objects", "--all")
    s.write("blob.bin", bytes(range(256)) * 300)
    git(s, "hash-object", "-w", "../blob.bin")
    tree = git(s, "write-tree").strip().decode()
    git(s, "commit-tree", tree, "-p", "HEAD", "-m", "plumbed", tick=40)
    git(s, "merge-base", "--all", "HEAD", "HEAD~2")
    git(s, "name-rev", "HEAD~1")
    git(s, "update-ref", "refs/heads/other", "HEAD~1")
    git(s, "symbolic-ref", "HEAD")
    git(s, "show-branch", "--all")


def c_grep_blame(s):
    repo(s, 4)
    git(s, "grep", "-n", "line 1[0-9] ")
    git(s, "grep", "-c", "-E", "a{3,}", "HEAD~1")
    git(s, "grep", "-P", "-o", r"f\d\(", "--", "src")
    git(s, "blame", "-s", "a.txt")
    git(s, "blame", "--porcelain", "-L", "1,5", "big.txt")
    git(s, "shortlog", "-s", "-n", "-e", "HEAD")
    git(s, "log", "-S", "return 2", "--oneline")
    git(s, "log", "-G", "aaaa", "--format=%h %s", "--", "a.txt")


def c_archive_bundle(s):
    repo(s, 3)
    git(s, "archive", "--format=tar", "-o", "../r.tar", "--prefix=r/", "HEAD")
    git(s, "archive", "--format=zip", "-o", "../r.zip", "HEAD~1")
    git(s, "archive", "--format=tar.gz", "-o", "../r.tgz", "HEAD")
    for f in ("r.tar", "r.zip", "r.tgz"):
        s.note("%s %d %s" % (f, len(s.read(f)), hashlib.sha256(s.read(f)).hexdigest()))
    git(s, "bundle", "create", "../r.bundle", "--all")
    git(s, "bundle", "verify", "../r.bundle")
    git(s, "clone", "-q", "r.bundle", "clone", cwd="")
    git(s, "log", "--oneline", cwd="clone")
    git(s, "clone", "-q", "--no-local", "r", "clone2", cwd="")
    git(s, "rev-parse", "HEAD", cwd="clone2")
    git(s, "fsck", cwd="clone2")


def c_patches(s):
    repo(s, 4)
    git(s, "format-patch", "-o", "../patches", "HEAD~3")
    for p in sorted(os.listdir(s.host("patches"))):
        s.note("== " + p)
        s.note(s.read("patches/" + p).decode())
    git(s, "checkout", "-q", "-b", "applied", "HEAD~3")
    git(s, "am", "-q", *["../patches/" + p for p in sorted(os.listdir(s.host("patches")))],
        tick=50)
    git(s, "log", "--format=%H %s")
    git(s, "checkout", "-q", "-b", "picked", "master~3")
    git(s, "cherry-pick", "master~1", tick=51)
    git(s, "checkout", "-q", "-b", "rebased", "master~2")
    s.write("r/rebase.txt", "to rebase\n")
    git(s, "add", "rebase.txt")
    git(s, "commit", "-q", "-m", "to be rebased", tick=52)
    git(s, "rebase", "master", tick=53)
    git(s, "log", "--format=%H %P %s", "-3")
    git(s, "reflog", "-5", "--format=%gs")


def c_worktree_notes(s):
    repo(s, 2)
    git(s, "worktree", "add", "-q", "../wt", "-b", "wtb", "HEAD~1")
    s.write("wt/w.txt", "worktree\n")
    git(s, "add", "w.txt", cwd="wt")
    git(s, "commit", "-q", "-m", "from worktree", cwd="wt", tick=60)
    git(s, "worktree", "list", "--porcelain")
    git(s, "notes", "add", "-m", "a note", "HEAD", tick=61)
    git(s, "notes", "show", "HEAD")
    git(s, "log", "-1", "--notes", "--format=%H%n%N")
    git(s, "worktree", "remove", "../wt")
    git(s, "branch", "-D", "wtb")
    git(s, "rm", "-q", "-r", "src")
    git(s, "mv", "a.txt", "moved.txt")
    git(s, "commit", "-q", "-m", "rm and mv", tick=62)
    git(s, "log", "--stat", "-M", "-1")


CHECKS = [
    ("init/config/add/commit/status", c_init),
    ("log", c_log),
    ("diff/show", c_diff, "full"),
    ("branch/merge/conflict", c_merge),
    ("tag/describe", c_tag, "full"),
    ("status/stash/clean/restore", c_status_stash, "full"),
    ("gc/repack/fsck/verify-pack", c_gc_fsck),
    ("plumbing (cat-file, ls-tree, hash-object, commit-tree)", c_plumbing),
    ("grep/blame/shortlog/pickaxe", c_grep_blame, "full"),
    ("archive/bundle/clone", c_archive_bundle, "full"),
    ("format-patch/am/cherry-pick/rebase", c_patches),
    ("worktree/notes/rm/mv", c_worktree_notes, "full"),
]

if __name__ == "__main__":
    sys.exit(realcheck.main("git", PKGS, CHECKS, doc=__doc__))
