"""sysroot.py - the arm64 and amd64 roots the benchmark runs programs from.

Each Debian package is fetched and unpacked by tools/fetch-deb.sh (cached under
${VEMU_CACHE:-~/.cache/vemu}, the mirror from apt's configuration); this module merges the
unpacked packages of one architecture into one directory tree with hard links, so that
`vemu-aarch64 -L ROOT ROOT/usr/bin/xz` finds ld.so and every library, and the amd64 build
of the same packages runs natively with LD_LIBRARY_PATH pointing into its root.

Example:
    root = merged_root(top, "arm64", ["libc6", "xz-utils", "liblzma5"])
    # -> ~/.cache/vemu/bench/root-arm64-<hash>/usr/bin/xz exists
    merged_root(top, "arm64", pkgs, group="python")  # -> ~/.cache/vemu/python/root-arm64-...
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys

TRIPLET = {"arm64": "aarch64-linux-gnu", "amd64": "x86_64-linux-gnu"}


def cache_dir():
    return os.environ.get("VEMU_CACHE") or os.path.join(
        os.environ.get("HOME", "/root"), ".cache", "vemu"
    )


def fetch(top, arch, pkgs):
    """Unpacked directory of each package (fetch-deb.sh prints one per line)."""
    cmd = [os.path.join(top, "tools", "fetch-deb.sh"), "--arch", arch] + list(pkgs)
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    if res.returncode != 0:
        raise SystemExit(
            "bench: fetching %s packages failed (fetch-deb.sh exit %d; needs apt and network "
            "the first time)" % (arch, res.returncode)
        )
    dirs = res.stdout.split()
    if len(dirs) != len(pkgs):
        raise SystemExit("bench: fetch-deb.sh printed %d directories for %d packages"
                         % (len(dirs), len(pkgs)))
    return dirs


def link_tree(src, dest):
    """Hard-link every file of src into dest (symlinks copied); first package wins."""
    for dirpath, dirnames, filenames in os.walk(src):
        rel = os.path.relpath(dirpath, src)
        out = os.path.normpath(os.path.join(dest, rel))
        os.makedirs(out, exist_ok=True)
        for name in list(dirnames):
            s = os.path.join(dirpath, name)
            if os.path.islink(s):  # a symlink to a directory: copy the link, do not descend
                dirnames.remove(name)
                filenames.append(name)
        for name in filenames:
            if rel == "." and name == ".vemu-complete":
                continue
            s = os.path.join(dirpath, name)
            d = os.path.join(out, name)
            if os.path.lexists(d):
                continue
            if os.path.islink(s):
                os.symlink(os.readlink(s), d)
            else:
                try:
                    os.link(s, d)
                except OSError:
                    shutil.copy2(s, d)


def merged_root(top, arch, pkgs, group="bench"):
    """One directory holding all pkgs of arch, rebuilt only when the package set changes.

    Roots live in $CACHE/<group>/; a new root replaces the older roots of its group and arch
    only, so users with other package sets (tests/real/python-regrtest.py) pick another group.
    """
    pkgs = sorted(set(pkgs))
    dirs = fetch(top, arch, pkgs)
    stamps = []
    for d in dirs:
        with open(os.path.join(d, ".vemu-complete")) as f:
            stamps.append(f.read().strip())
    key = hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:12]
    base = os.path.join(cache_dir(), group)
    root = os.path.join(base, "root-%s-%s" % (arch, key))
    done = os.path.join(root, ".bench-complete")
    if os.path.exists(done):
        return root
    os.makedirs(base, exist_ok=True)
    tmp = root + ".tmp%d" % os.getpid()
    shutil.rmtree(tmp, ignore_errors=True)
    for d in dirs:
        link_tree(d, tmp)
    with open(os.path.join(tmp, ".bench-complete"), "w") as f:
        f.write("\n".join(stamps) + "\n")
    shutil.rmtree(root, ignore_errors=True)
    os.rename(tmp, root)
    # roots of older package versions are not used again
    for old in glob.glob(os.path.join(base, "root-%s-*" % arch)):
        if old != root and ".tmp" not in old:
            shutil.rmtree(old, ignore_errors=True)
    return root


def native_libdirs(root, arch):
    """LD_LIBRARY_PATH entries for running root's programs on a host of arch."""
    t = TRIPLET[arch]
    return ":".join(os.path.join(root, p) for p in ("lib/" + t, "usr/lib/" + t, "usr/lib"))
