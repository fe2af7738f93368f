#!/usr/bin/env python3
"""fetch-oracle.py - fetch Debian 13 (trixie)'s qemu-user into the cache and print the path of its
qemu-aarch64: the newer difftest oracle (tests/difftest, docs/design/difftest.md).

Debian 12's qemu-aarch64 is 7.2 and lacks several Armv8.x features vemu implements; trixie's
qemu-user 10.0 ships static-pie binaries that run on Debian 12.  This tool does not add a trixie
source to the system's apt configuration (that would upgrade the host); it reads the archive
itself:

  1. the archive URI is the one apt already uses for Debian (`apt-get indextargets`, or the
     sources files when no lists exist yet); nothing here names a host;
  2. dists/trixie/InRelease is downloaded with apt's own transport (apt-helper) and its
     signature checked with gpgv against the debian-archive-keyring (when gpgv is there);
  3. main/binary-HOSTARCH/Packages.xz is checked against the SHA256 the signed Release lists;
  4. the qemu-user .deb is checked against the SHA256 that Packages lists, unpacked with
     dpkg-deb into ${VEMU_CACHE:-~/.cache/vemu}/oracle/qemu-user-trixie/ and the path of
     usr/bin/qemu-aarch64 in it is printed.

Once unpacked, later calls print the path without any network access (--refresh checks the
archive again).  Without network: a one-line error and exit status 3.

Exit status: 0 path printed, 2 usage, 3 download failed (no network?), 4 verification failed
(signature or checksum), 5 anything else (no such package, unpack failed, binary does not run).

With --root PKG,..., the same checks fetch arm64 packages of the suite instead and unpack them
into one directory (with merged-/usr links), whose path is printed: a root for `vemu-aarch64 -L`
to run newer Debian programs, e.g. trixie's, built with branch protection (tests/real/bti.py).

Example:
  qemu10=$(tools/fetch-oracle.py) && "$qemu10" --version
  root=$(tools/fetch-oracle.py --root libc6,hello) && vemu-aarch64 -L "$root" "$root/usr/bin/hello"
"""

import argparse
import fcntl
import glob
import hashlib
import lzma
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROG = "vemu-fetch-oracle"
SUITE = "trixie"                        # --suite: forky (testing) has a newer qemu
PACKAGE = "qemu-user"
APT_HELPER = "/usr/lib/apt/apt-helper"
KEYRINGS = ["/usr/share/keyrings/debian-archive-keyring.gpg"]
EXIT_USAGE, EXIT_NET, EXIT_VERIFY, EXIT_OTHER = 2, 3, 4, 5


class Fail(Exception):
    def __init__(self, status, what, why):
        super().__init__("%s: %s" % (what, why))
        self.status = status


def note(msg):
    print("%s: %s" % (PROG, msg), file=sys.stderr)


def cache_dir():
    return os.environ.get("VEMU_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "vemu")


def archive_uri():
    """The Debian archive URI apt is configured with (the one serving the release suite).
    VEMU_ORACLE_ARCHIVE overrides it (tests/difftest/fetch-oracle-test.py uses file:// ones)."""
    if os.environ.get("VEMU_ORACLE_ARCHIVE"):
        return os.environ["VEMU_ORACLE_ARCHIVE"].rstrip("/") + "/"
    try:
        out = subprocess.run(["apt-get", "indextargets", "--format",
                              "$(REPO_URI)\t$(CODENAME)\t$(ORIGIN)"],
                             capture_output=True, text=True, check=False).stdout
    except OSError:
        out = ""
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1] and "-" not in parts[1] and "security" not in parts[0]:
            return parts[0].rstrip("/") + "/"
    # no package lists yet: read the sources files (deb822 .sources and one-line .list)
    files = glob.glob("/etc/apt/sources.list.d/*.sources") + ["/etc/apt/sources.list"] + \
        glob.glob("/etc/apt/sources.list.d/*.list")
    for path in files:
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        if path.endswith(".sources"):
            for stanza in re.split(r"\n\s*\n", text):
                uris = re.search(r"^URIs:\s*(.+)$", stanza, re.M)
                suites = re.search(r"^Suites:\s*(.+)$", stanza, re.M)
                if uris and suites and any("-" not in s for s in suites.group(1).split()):
                    for u in uris.group(1).split():
                        if "security" not in u:
                            return u.rstrip("/") + "/"
        else:
            for line in text.splitlines():
                m = re.match(r"^\s*deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+(\S+)", line)
                if m and "-" not in m.group(2) and "security" not in m.group(1):
                    return m.group(1).rstrip("/") + "/"
    raise Fail(EXIT_OTHER, "apt configuration", "no Debian archive URI found in apt's sources")


def download(uri, dest, sha256=None):
    """Fetch uri to dest with apt's transport; verify sha256 when given."""
    cmd = [APT_HELPER, "download-file", uri, dest]
    if sha256:
        cmd.append("SHA256:" + sha256)
    if not os.path.exists(APT_HELPER):
        raise Fail(EXIT_OTHER, APT_HELPER, "not found (this tool needs Debian's apt)")
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if p.returncode != 0 or not os.path.exists(dest):
        err = [ln for ln in (p.stderr + p.stdout).splitlines()
               if ln.startswith(("E:", "Err:")) or "Hash Sum mismatch" in ln]
        why = err[-1] if err else "apt-helper exit %d" % p.returncode
        if "Hash Sum" in why or "hash" in why.lower():
            raise Fail(EXIT_VERIFY, uri, "checksum mismatch (%s)" % why)
        raise Fail(EXIT_NET, uri, "download failed (no network?): %s" % why)
    if sha256:
        check_sha256(dest, sha256)


def check_sha256(path, want):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    if h.hexdigest() != want:
        raise Fail(EXIT_VERIFY, os.path.basename(path),
                   "SHA256 %s, the signed index says %s" % (h.hexdigest(), want))


def verified_release(inrelease, tmp, suite):
    """The signed text of InRelease (signature checked with gpgv when it is installed)."""
    gpgv = shutil.which("gpgv")
    keyrings = [k for k in KEYRINGS if os.path.exists(k)]
    if gpgv and keyrings:
        out = os.path.join(tmp, "Release")
        cmd = [gpgv]
        for k in keyrings:
            cmd += ["--keyring", k]
        p = subprocess.run(cmd + ["--output", out, inrelease], capture_output=True, text=True,
                           check=False)
        if p.returncode != 0:
            raise Fail(EXIT_VERIFY, "dists/%s/InRelease" % suite,
                       "bad or unknown signature (gpgv: %s)" %
                       (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1])
        return open(out, encoding="utf-8", errors="replace").read()
    note("warning: gpgv or debian-archive-keyring missing, InRelease signature not checked "
         "(apt-get install gpgv debian-archive-keyring)")
    text = open(inrelease, encoding="utf-8", errors="replace").read()
    m = re.search(r"-----BEGIN PGP SIGNED MESSAGE-----\n(?:Hash:.*\n)*\n(.*?)"
                  r"\n-----BEGIN PGP SIGNATURE-----", text, re.S)
    return m.group(1) if m else text


def release_sha256(release, name):
    """The SHA256 and size the Release file lists for one index file."""
    m = re.search(r"^SHA256:\n((?:[ \t].*\n?)+)", release, re.M)
    if not m:
        raise Fail(EXIT_VERIFY, "Release", "no SHA256 section")
    for line in m.group(1).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return parts[0], int(parts[1])
    raise Fail(EXIT_OTHER, "Release", "%s not listed" % name)


def package_stanza(packages_text, name, suite):
    for stanza in packages_text.split("\n\n"):
        if re.search(r"^Package: %s$" % re.escape(name), stanza, re.M):
            fields = {}
            for line in stanza.splitlines():
                if line and not line[0].isspace() and ":" in line:
                    k, v = line.split(":", 1)
                    fields[k] = v.strip()
            return fields
    raise Fail(EXIT_OTHER, name, "not in %s's Packages index" % suite)


def host_arch():
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise Fail(EXIT_OTHER, "dpkg --print-architecture", "failed (this tool needs Debian)")


def fetch(root, uri, suite, arch=None, packages=(PACKAGE,)):
    """Download, verify and unpack the packages (of arch, default the host's) into root;
    returns the .debs' file names."""
    arch = arch or host_arch()
    debs = os.path.join(cache_dir(), "debs")
    os.makedirs(debs, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oracle.", dir=os.path.dirname(root)) as tmp:
        inrel = os.path.join(tmp, "InRelease")
        download(uri + "dists/%s/InRelease" % suite, inrel)
        release = verified_release(inrel, tmp, suite)
        index = "main/binary-%s/Packages.xz" % arch
        sha, _ = release_sha256(release, index)
        pxz = os.path.join(tmp, "Packages.xz")
        download(uri + "dists/%s/%s" % (suite, index), pxz, sha)
        with lzma.open(pxz, "rt", encoding="utf-8", errors="replace") as fh:
            packages_text = fh.read()
        unpack = os.path.join(tmp, "root")
        names = []
        for name in packages:
            st = package_stanza(packages_text, name, suite)
            if "SHA256" not in st or "Filename" not in st:
                raise Fail(EXIT_VERIFY, name, "Packages entry has no Filename/SHA256")
            deb = os.path.join(debs, os.path.basename(st["Filename"]))
            if os.path.exists(deb):
                check_sha256(deb, st["SHA256"])
            else:
                part = os.path.join(tmp, os.path.basename(deb))
                note("downloading %s %s (%s bytes)" % (name, st.get("Version", "?"),
                                                        st.get("Size", "?")))
                download(uri + st["Filename"], part, st["SHA256"])
                shutil.move(part, deb)
            p = subprocess.run(["dpkg-deb", "-x", deb, unpack], capture_output=True, text=True,
                               check=False)
            if p.returncode != 0:
                raise Fail(EXIT_OTHER, os.path.basename(deb), "dpkg-deb -x failed: %s" %
                           p.stderr.strip())
            names.append("%s %s" % (os.path.basename(deb), st["SHA256"]))
        for d in ("bin", "lib", "sbin"):     # merged /usr, as base-files makes it
            if os.path.isdir(os.path.join(unpack, "usr", d)) and \
                    not os.path.lexists(os.path.join(unpack, d)):
                os.symlink("usr/" + d, os.path.join(unpack, d))
        shutil.copy(inrel, os.path.join(unpack, ".InRelease"))     # what was verified
        with open(os.path.join(unpack, ".vemu-complete"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(names) + "\n")
        if os.path.exists(root):
            shutil.rmtree(root)
        os.rename(unpack, root)
        return names


def locked_fetch(root, a, do_fetch, check=None):
    """Run do_fetch under the cache lock unless root is complete (or --refresh), then
    check(); returns 0, or the exit status after printing the one-line error."""
    try:
        base = os.path.dirname(root)
        os.makedirs(base, exist_ok=True)
        # one fetcher at a time (meson runs the difftest suite's tests in parallel)
        with open(os.path.join(base, ".lock"), "w", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if a.refresh or not os.path.exists(os.path.join(root, ".vemu-complete")):
                do_fetch()
        if check:
            check()
    except Fail as e:
        print("%s: %s" % (PROG, e), file=sys.stderr)
        return e.status
    except OSError as e:
        print("%s: %s: %s" % (PROG, e.filename or "cache", e.strerror), file=sys.stderr)
        return EXIT_OTHER
    return 0


def fetch_root(a):
    """--root: arm64 packages of a suite in one directory, e.g. for -L."""
    pkgs = a.root.split(",")
    if not all(re.fullmatch(r"[a-z0-9][a-z0-9+.-]*", p) for p in pkgs):
        print("%s: --root %s: not a list of package names" % (PROG, a.root), file=sys.stderr)
        return EXIT_USAGE
    key = hashlib.sha256(a.root.encode()).hexdigest()[:12]
    root = os.path.join(cache_dir(), "oracle", "root-%s-arm64-%s" % (a.suite, key))
    status = locked_fetch(root, a, lambda: fetch(root, archive_uri(), a.suite, "arm64", pkgs))
    if status:
        return status
    print(root)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refresh", action="store_true",
                    help="check the archive again even when a copy is unpacked")
    ap.add_argument("--binary", default="qemu-aarch64", help="which binary's path to print")
    ap.add_argument("--suite", default=SUITE, help="the Debian suite (default %s)" % SUITE)
    ap.add_argument("--root", metavar="PKG,...",
                    help="instead: unpack these arm64 packages of the suite into one root in "
                         "the cache (merged /usr) and print its path")
    a = ap.parse_args()
    if not re.fullmatch(r"[a-z]+", a.suite):
        print("%s: --suite %s: not a Debian code name" % (PROG, a.suite), file=sys.stderr)
        return EXIT_USAGE
    if a.root is not None:
        return fetch_root(a)
    if not re.fullmatch(r"qemu-[a-z0-9_]+", a.binary):
        print("%s: --binary %s: not a qemu-user binary name" % (PROG, a.binary), file=sys.stderr)
        return EXIT_USAGE
    root = os.path.join(cache_dir(), "oracle", "%s-%s" % (PACKAGE, a.suite))
    exe = os.path.join(root, "usr", "bin", a.binary)

    def check():
        if not os.access(exe, os.X_OK):
            raise Fail(EXIT_OTHER, exe, "not in %s's %s package" % (a.suite, PACKAGE))
        p = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
        if p.returncode != 0:
            raise Fail(EXIT_OTHER, exe, "does not run on this host (exit %d)" % p.returncode)

    status = locked_fetch(root, a, lambda: fetch(root, archive_uri(), a.suite), check)
    if status:
        return status
    print(exe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
