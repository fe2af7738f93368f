"""cpu.py N - a CPU-bound Python workload for bench/ (integers, strings, dicts, sorting).

Run by Debian's python3.11 under each runner; prints results that must match exactly.
Example: python3.11 -I bench/scripts/cpu.py 3
"""

import sys


def sieve(limit):
    flags = bytearray([1]) * (limit + 1)
    flags[0:2] = b"\0\0"
    for i in range(2, int(limit ** 0.5) + 1):
        if flags[i]:
            flags[i * i :: i] = bytes(len(range(i * i, limit + 1, i)))
    return [i for i in range(limit + 1) if flags[i]]


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def words(n):
    counts = {}
    x = 12345
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        w = "w%x" % (x % 4099)
        counts[w] = counts.get(w, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return top, len(counts)


def bignum(n):
    return pow(3, 10 ** 4 * n + 7, (1 << 4099) - 1) % 1000000007


def matrix(n):
    a = [[(i * j + 1) % 17 for j in range(n)] for i in range(n)]
    b = [[(i + 2 * j) % 13 for j in range(n)] for i in range(n)]
    c = [[sum(a[i][k] * b[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    return sum(map(sum, c))


def main():
    n = int(sys.argv[1])
    primes = sieve(20000 * n)
    print("primes", len(primes), primes[-1])
    print("fib", fib(14 + n))
    print("words", *words(20000 * n))
    print("bignum", bignum(n))
    print("matrix", matrix(10 + 6 * n))
    print("sorted", sum(sorted((x * 7919) % 10007 for x in range(5000 * n))[::97]))


main()
