#!/usr/bin/env python3
"""fetch-oracle-test.py - checks tools/fetch-oracle.py: the oracle it prints runs and is qemu
10; without network it fails with one line and status 3; an InRelease with a bad signature
and a Packages.xz that does not match the signed Release are refused with status 4.  The bad
archives are file:// directories made here (VEMU_ORACLE_ARCHIVE), with an empty cache.

Prints one line per check and ends with "N passed, M failed"; exit 1 if any failed.

Example:
  python3 tests/difftest/fetch-oracle-test.py tools/fetch-oracle.py
"""

import os
import subprocess
import sys
import tempfile


def run(tool, env_extra, *args):
    env = dict(os.environ, **env_extra)
    p = subprocess.run([sys.executable, tool] + list(args), capture_output=True, text=True,
                       env=env)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def main():
    tool = sys.argv[1]
    results = []

    def check(name, ok, detail=''):
        results.append(ok)
        print('%s: %s%s' % ('PASS' if ok else 'FAIL', name, '' if ok else ' (%s)' % detail))

    rc, out, err = run(tool, {})
    check('fetch prints the oracle', rc == 0 and os.access(out, os.X_OK), 'exit %d: %s' % (rc, err))
    if rc != 0:
        print('%d passed, %d failed' % (results.count(True), results.count(False)))
        return 1
    ver = subprocess.run([out, '--version'], capture_output=True, text=True).stdout
    check('the oracle is qemu 10', 'version 10.' in ver, ver.splitlines()[:1])
    inrelease = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(out))),
                             '.InRelease')
    if not os.path.exists(inrelease):           # a cache from before .InRelease was kept
        run(tool, {}, '--refresh')
    arch = subprocess.run(['dpkg', '--print-architecture'], capture_output=True,
                          text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, 'cache')
        rc, out, err = run(tool, {'VEMU_CACHE': cache,
                                  'VEMU_ORACLE_ARCHIVE': 'file://' + tmp + '/nowhere'})
        check('no network: exit 3 and one line', rc == 3 and not out and
              len(err.splitlines()) == 1 and err.startswith('vemu-fetch-oracle: '),
              'exit %d: %r' % (rc, err))
        bad = os.path.join(tmp, 'bad')
        dists = os.path.join(bad, 'dists', 'trixie')
        os.makedirs(os.path.join(dists, 'main', 'binary-' + arch))
        with open(os.path.join(dists, 'InRelease'), 'w') as fh:
            fh.write('Origin: Debian\nSuite: stable\nCodename: trixie\nSHA256:\n'
                     ' %s 4 main/binary-%s/Packages.xz\n' % ('0' * 64, arch))
        rc, out, err = run(tool, {'VEMU_CACHE': cache, 'VEMU_ORACLE_ARCHIVE': 'file://' + bad})
        check('unsigned InRelease: exit 4', rc == 4 and 'signature' in err,
              'exit %d: %r' % (rc, err))
        with open(inrelease, 'rb') as src, open(os.path.join(dists, 'InRelease'), 'wb') as dst:
            dst.write(src.read())
        with open(os.path.join(dists, 'main', 'binary-' + arch, 'Packages.xz'), 'wb') as fh:
            fh.write(b'\xfd7zXZ\x00 not the signed index')
        rc, out, err = run(tool, {'VEMU_CACHE': cache, 'VEMU_ORACLE_ARCHIVE': 'file://' + bad})
        check('Packages.xz not matching the signed Release: exit 4',
              rc == 4 and 'mismatch' in err, 'exit %d: %r' % (rc, err))
        check('nothing unpacked from a refused archive',
              not os.path.exists(os.path.join(cache, 'oracle', 'qemu-user-trixie')))
    print('%d passed, %d failed' % (results.count(True), results.count(False)))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
