/*
 * stack.c - builds the initial guest stack (argc, argv, envp, auxv) the way the arm64
 * Linux kernel lays it out at execve, and keeps a copy of the auxv for /proc/self/auxv.
 *
 * From the top of the mapping down: an 8-byte zero word, the AT_EXECFN string, the envp
 * strings, the argv strings, (16-byte alignment), the AT_PLATFORM string, 16 AT_RANDOM
 * bytes, then at sp (16-byte aligned): argc, argv[], NULL, envp[], NULL, auxv pairs.
 *
 * Example:
 *     char *argv[] = {"hello", NULL}, *envp[] = {"A=1", NULL};
 *     StackArgs sa = {.argc = 1, .argv = argv, .envp = envp, .execfn = "hello"};
 *     uint64_t sp = loader_build_stack(&li, &sa, err, sizeof err);
 *     // *(uint64_t *)sp == 1, ((char **)sp)[1] -> "hello"
 */
#include "loader/loader.h"
#include "linux-user/guest-mem.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

#define DEFAULT_STACK_SIZE (8ull << 20)
#define ARM64_MINSIGSTKSZ 5120
#define AUXV_MAX_PAIRS 32

static uint64_t saved_auxv[AUXV_MAX_PAIRS * 2];
static size_t saved_auxv_bytes;

size_t loader_get_auxv(const uint64_t **auxv)
{
    if (auxv != NULL) {
        *auxv = saved_auxv;
    }
    return saved_auxv_bytes;
}

static void random_bytes(uint8_t *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    if (got < n) { /* no entropy source: still fill the bytes with something varying */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)getpid();
        for (size_t i = got; i < n; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            out[i] = (uint8_t)(x >> 56);
        }
    }
}

/* Copies s (with its NUL) below *p and returns its guest address. */
static uint64_t push_string(uint64_t *p, const char *s)
{
    size_t n = strlen(s) + 1;
    *p -= n;
    memcpy(g2h(*p), s, n);
    return *p;
}

static size_t count_env(char **envp)
{
    size_t n = 0;
    while (envp != NULL && envp[n] != NULL) {
        n++;
    }
    return n;
}

static size_t build_auxv(uint64_t *a, const LoadInfo *info, const StackArgs *args,
                         uint64_t rand_addr, uint64_t execfn_addr, uint64_t platform_addr)
{
    size_t n = 0;
#define AUX(type, value)                                                                           \
    do {                                                                                           \
        a[n++] = (type);                                                                           \
        a[n++] = (uint64_t)(value);                                                                \
    } while (0)
    if (args->vdso_base) {
        AUX(AT_SYSINFO_EHDR, args->vdso_base); /* first, as arm64's ARCH_DLINFO */
    }
    AUX(AT_MINSIGSTKSZ, ARM64_MINSIGSTKSZ);
    AUX(AT_HWCAP, args->hwcap);
    AUX(AT_PAGESZ, GUEST_PAGE_SIZE);
    AUX(AT_CLKTCK, 100);
    AUX(AT_PHDR, info->phdr_addr);
    AUX(AT_PHENT, info->phent);
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_BASE, info->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, info->exe_entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, args->secure ? 1 : 0);
    AUX(AT_RANDOM, rand_addr);
    AUX(AT_HWCAP2, args->hwcap2);
    AUX(AT_EXECFN, execfn_addr);
    AUX(AT_PLATFORM, platform_addr);
    AUX(AT_NULL, 0);
#undef AUX
    return n;
}

uint64_t loader_build_stack(LoadInfo *info, const StackArgs *args, char *err, size_t errlen)
{
    size_t argc = args->argc > 0 ? (size_t)args->argc : 0;
    size_t envc = count_env(args->envp);
    const char *platform = args->platform != NULL ? args->platform : "aarch64";
    const char *execfn = args->execfn;
    if (execfn == NULL) {
        execfn = argc > 0 && args->argv[0] != NULL ? args->argv[0] : info->exe_path;
    }
    uint64_t size = args->stack_size != 0 ? args->stack_size : DEFAULT_STACK_SIZE;
    size = (size + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);

    /* Everything must fit, with a page to spare for the program's first frames. */
    uint64_t need = 8 + strlen(execfn) + 1 + 16 + strlen(platform) + 1 + 16 + 16;
    for (size_t i = 0; i < argc; i++) {
        need += (args->argv[i] != NULL ? strlen(args->argv[i]) : 0) + 1;
    }
    for (size_t i = 0; i < envc; i++) {
        need += strlen(args->envp[i]) + 1;
    }
    need += (1 + argc + 1 + envc + 1 + AUXV_MAX_PAIRS * 2) * 8;
    if (need + GUEST_PAGE_SIZE > size) {
        snprintf(err, err != NULL ? errlen : 0,
                 "%s: argument list too long for a 0x%llx-byte stack", info->exe_path,
                 (unsigned long long)size);
        return 0;
    }

    void *map = mmap(NULL, size + GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (map == MAP_FAILED) {
        snprintf(err, err != NULL ? errlen : 0, "%s: cannot allocate the stack: %s", info->exe_path,
                 strerror(errno));
        return 0;
    }
    mprotect(map, GUEST_PAGE_SIZE, PROT_NONE); /* guard page below the stack */
    uint64_t top = h2g(map) + GUEST_PAGE_SIZE + size;
    uint64_t p = top - 8; /* the kernel leaves one zero word at the very top */
    memset(g2h(p), 0, 8);

    uint64_t execfn_addr = push_string(&p, execfn);
    for (size_t i = envc; i-- > 0;) {
        push_string(&p, args->envp[i]);
    }
    for (size_t i = argc; i-- > 0;) {
        push_string(&p, args->argv[i] != NULL ? args->argv[i] : "");
    }
    uint64_t strings = p; /* argv[0] .. argv[argc-1], envp[0] .. follow contiguously */
    p &= ~15ull;
    uint64_t platform_addr = push_string(&p, platform);
    p -= 16;
    random_bytes(g2h(p), 16);
    uint64_t rand_addr = p;

    uint64_t auxv[AUXV_MAX_PAIRS * 2];
    size_t naux = build_auxv(auxv, info, args, rand_addr, execfn_addr, platform_addr);
    size_t words = 1 + argc + 1 + envc + 1 + naux;
    uint64_t sp = (p - words * 8) & ~15ull;

    uint64_t *w = g2h(sp);
    *w++ = argc;
    for (size_t i = 0; i < argc; i++) {
        *w++ = strings;
        strings += strlen(g2h(strings)) + 1;
    }
    *w++ = 0;
    for (size_t i = 0; i < envc; i++) {
        *w++ = strings;
        strings += strlen(g2h(strings)) + 1;
    }
    *w++ = 0;
    memcpy(w, auxv, naux * 8);

    memcpy(saved_auxv, auxv, naux * 8);
    saved_auxv_bytes = naux * 8;
    info->stack_top = top;
    return sp;
}
