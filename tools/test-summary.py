#!/usr/bin/env python3
"""test-summary.py - print one closing line for one or more meson testlog.json files.

Example: tools/test-summary.py build/meson-logs/testlog.json  ->  "total: 57 passed, 0 failed, 1 skipped"
A test counts as passed only if meson recorded OK (skips are reported separately).
"""
import json
import sys


def main():
    passed = failed = skipped = 0
    for path in sys.argv[1:]:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line).get("result", "")
                if r in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif r == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
