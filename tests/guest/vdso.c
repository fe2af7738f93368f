/*
 * vdso.c - the vDSO as the arm64 kernel provides it (Documentation/ABI/stable/vdso,
 * vdso(7), arch/arm64/kernel/vdso): AT_SYSINFO_EHDR points at an ELF shared object
 * (ET_DYN, EM_AARCH64, soname linux-vdso.so.1) whose dynamic symbols, found the way
 * Documentation/vDSO/parse_vdso.c finds them (DT_HASH, DT_SYMTAB, DT_STRTAB, DT_VERSYM,
 * DT_VERDEF), are __kernel_clock_gettime, __kernel_gettimeofday, __kernel_clock_getres and
 * __kernel_rt_sigreturn, version LINUX_2.6.39.  Called directly, they agree with the
 * system calls: REALTIME, MONOTONIC, BOOTTIME, TAI within a bound of the syscall read
 * around them, coarse clocks never ahead of the fine ones, MONOTONIC never going back,
 * clock_getres as the syscall's, unknown clocks -EINVAL, timezone as the syscall's.  glibc's
 * clock_gettime/gettimeofday/time agree too.  A handler installed without SA_RESTORER
 * (glibc's sigaction on arm64 never sets it) returns to __kernel_rt_sigreturn ("mov x8,
 * #139; svc #0" after a nop, as the kernel's), and the unwinder walks from the handler
 * through it into the interrupted code (backtrace() in a dynamic build, libgcc's
 * _Unwind_Backtrace in a static one), which needs the image's .eh_frame.
 * [vvar] and [vdso] are in /proc/self/maps with the kernel's permissions; a fork child's
 * vDSO works.
 *
 * VEMU_GUEST_QEMU_QUIRKS=1 accepts qemu-user 7.2's missing vDSO (a QUIRK line).
 * `vdso --loop N` only calls clock_gettime, gettimeofday and time N times each (for
 * tests/guest/vdso-strace.sh, which checks they make no system calls).
 * Example: vemu-aarch64 build/tests/guest/vdso  ->  ... PASS vdso
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unwind.h>

#include "check.h"

#define NS 1000000000ll

typedef int (*gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, struct timezone *);

static uintptr_t vdso_base;

/* ---- the symbol lookup of Documentation/vDSO/parse_vdso.c, written afresh ---------- */

static const Elf64_Sym *symtab;
static const char *strtab;
static const Elf32_Word *hashtab;
static const Elf64_Half *versym;
static const Elf64_Verdef *verdef;
static uintptr_t load_offset;

static unsigned long elf_hash(const char *name)
{
    unsigned long h = 0, g;
    while (*name) {
        h = (h << 4) + (unsigned char)*name++;
        g = h & 0xf0000000;
        if (g) {
            h ^= g >> 24;
        }
        h &= ~g;
    }
    return h;
}

static int parse_vdso(uintptr_t base)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    const Elf64_Dyn *dyn = NULL;
    bool found_load = false;
    CHECK("ELF magic", memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
    CHECK_EQ("ELFCLASS64", ELFCLASS64, eh->e_ident[EI_CLASS]);
    CHECK_EQ("ET_DYN", ET_DYN, eh->e_type);
    CHECK_EQ("EM_AARCH64", EM_AARCH64, eh->e_machine);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && !found_load) {
            found_load = true;
            load_offset = base + ph[i].p_offset - ph[i].p_vaddr;
        } else if (ph[i].p_type == PT_DYNAMIC) {
            dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
        }
    }
    CHECK("PT_LOAD and PT_DYNAMIC", found_load && dyn);
    if (!found_load || !dyn) {
        return -1;
    }
    for (; dyn->d_tag != DT_NULL; dyn++) {
        uintptr_t p = dyn->d_un.d_ptr + load_offset;
        switch (dyn->d_tag) {
        case DT_STRTAB:
            strtab = (const char *)p;
            break;
        case DT_SYMTAB:
            symtab = (const Elf64_Sym *)p;
            break;
        case DT_HASH:
            hashtab = (const Elf32_Word *)p;
            break;
        case DT_VERSYM:
            versym = (const Elf64_Half *)p;
            break;
        case DT_VERDEF:
            verdef = (const Elf64_Verdef *)p;
            break;
        }
    }
    CHECK("DT_STRTAB, DT_SYMTAB, DT_HASH", strtab && symtab && hashtab);
    CHECK("DT_VERSYM, DT_VERDEF", versym && verdef);
    return strtab && symtab && hashtab && versym && verdef ? 0 : -1;
}

/* Does symbol i have version `version`? */
static bool has_version(unsigned i, const char *version)
{
    unsigned ndx = versym[i] & 0x7fff;
    const Elf64_Verdef *d = verdef;
    for (;;) {
        if (!(d->vd_flags & VER_FLG_BASE) && (d->vd_ndx & 0x7fff) == ndx) {
            const Elf64_Verdaux *aux = (const Elf64_Verdaux *)((const char *)d + d->vd_aux);
            return d->vd_hash == elf_hash(version) && strcmp(version, strtab + aux->vda_name) == 0;
        }
        if (d->vd_next == 0) {
            return false;
        }
        d = (const Elf64_Verdef *)((const char *)d + d->vd_next);
    }
}

static void *vdso_sym(const char *version, const char *name)
{
    Elf32_Word nbucket = hashtab[0];
    const Elf32_Word *bucket = &hashtab[2], *chain = &hashtab[2 + nbucket];
    for (Elf32_Word i = bucket[elf_hash(name) % nbucket]; i != 0; i = chain[i]) {
        const Elf64_Sym *s = &symtab[i];
        if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || ELF64_ST_BIND(s->st_info) != STB_GLOBAL ||
            s->st_shndx == SHN_UNDEF || strcmp(name, strtab + s->st_name) != 0 ||
            !has_version(i, version)) {
            continue;
        }
        return (void *)(s->st_value + load_offset);
    }
    return NULL;
}

/* ---- time --------------------------------------------------------------------------- */

static long long ts_ns(const struct timespec *t)
{
    return t->tv_sec * NS + t->tv_nsec;
}

static long raw_clock_gettime(clockid_t c, struct timespec *t)
{
    return syscall(SYS_clock_gettime, c, t);
}

static void check_clock(gettime_fn fn, clockid_t c, const char *name, bool coarse)
{
    struct timespec before, got, after, res;
    char what[96];
    int r;
    raw_clock_gettime(c, &before);
    r = fn(c, &got);
    raw_clock_gettime(c, &after);
    snprintf(what, sizeof what, "vdso clock_gettime(%s) returns 0", name);
    CHECK_EQ(what, 0, r);
    snprintf(what, sizeof what, "vdso clock_gettime(%s) tv_nsec < 1e9", name);
    CHECK(what, got.tv_nsec >= 0 && got.tv_nsec < NS);
    /* Counter ticks are 10 ns (CNTFRQ_EL0 100 MHz); the clocks that are MONOTONIC plus an
     * offset may be off by the offset's measurement error, kept below a few µs
     * (docs/design/vdso.md); a coarse clock may lag by its resolution (clock_getres), as
     * the kernel's lags by up to a tick. */
    clock_getres(c, &res);
    long long slack = (c == CLOCK_MONOTONIC || c == CLOCK_MONOTONIC_COARSE) ? 20 : 5000;
    slack += coarse ? ts_ns(&res) : 0;
    snprintf(what, sizeof what, "vdso clock_gettime(%s) not before the syscall before it", name);
    CHECK(what, ts_ns(&got) + slack >= ts_ns(&before));
    snprintf(what, sizeof what, "vdso clock_gettime(%s) not after the syscall after it", name);
    CHECK(what, ts_ns(&got) <= ts_ns(&after) + (slack > 20 && !coarse ? slack : 20));
    if (coarse && res.tv_nsec > 1) {
        snprintf(what, sizeof what, "vdso clock_gettime(%s) a multiple of its resolution", name);
        CHECK_EQ(what, 0, got.tv_nsec % res.tv_nsec);
    }
}

static void test_time(void *ehdr)
{
    gettime_fn vgettime = vdso_sym("LINUX_2.6.39", "__kernel_clock_gettime");
    gettime_fn vgetres = vdso_sym("LINUX_2.6.39", "__kernel_clock_getres");
    gettimeofday_fn vgtod = vdso_sym("LINUX_2.6.39", "__kernel_gettimeofday");
    void *vsigret = vdso_sym("LINUX_2.6.39", "__kernel_rt_sigreturn");
    (void)ehdr;
    CHECK("__kernel_clock_gettime@LINUX_2.6.39", vgettime != NULL);
    CHECK("__kernel_clock_getres@LINUX_2.6.39", vgetres != NULL);
    CHECK("__kernel_gettimeofday@LINUX_2.6.39", vgtod != NULL);
    CHECK("__kernel_rt_sigreturn@LINUX_2.6.39", vsigret != NULL);
    CHECK("no __kernel_clock_gettime@LINUX_2.6.15",
          vdso_sym("LINUX_2.6.15", "__kernel_clock_gettime") == NULL);
    CHECK("no __kernel_time", vdso_sym("LINUX_2.6.39", "__kernel_time") == NULL);
    if (!vgettime || !vgetres || !vgtod) {
        return;
    }

    check_clock(vgettime, CLOCK_REALTIME, "REALTIME", false);
    check_clock(vgettime, CLOCK_MONOTONIC, "MONOTONIC", false);
    check_clock(vgettime, CLOCK_BOOTTIME, "BOOTTIME", false);
    check_clock(vgettime, CLOCK_TAI, "TAI", false);
    check_clock(vgettime, CLOCK_REALTIME_COARSE, "REALTIME_COARSE", true);
    check_clock(vgettime, CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", true);
    check_clock(vgettime, CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", false);

    /* Clocks the vDSO leaves to the kernel still work through it. */
    struct timespec t;
    CHECK_EQ("vdso CLOCK_PROCESS_CPUTIME_ID", 0, vgettime(CLOCK_PROCESS_CPUTIME_ID, &t));
    CHECK("vdso CPU time plausible", t.tv_sec >= 0 && t.tv_sec < 60 && t.tv_nsec < NS);
    /* The vDSO returns the raw syscall result: -errno. */
    CHECK_EQ("vdso clock_gettime(100) = -EINVAL", -EINVAL, vgettime(100, &t));
    CHECK_EQ("vdso clock_gettime(-1) = -EINVAL", -EINVAL, vgettime((clockid_t)-1, &t));
    CHECK_EQ("vdso clock_getres(100) = -EINVAL", -EINVAL, vgetres(100, &t));

    for (clockid_t c = 0; c <= 11; c++) {
        struct timespec a = {-1, -1}, b = {-2, -2};
        long r1 = syscall(SYS_clock_getres, c, &a);
        int r2 = vgetres(c, &b);
        char what[64];
        snprintf(what, sizeof what, "clock_getres(%d) result", c);
        CHECK_EQ(what, r1 == 0 ? 0 : -errno, r2);
        if (r1 == 0) {
            snprintf(what, sizeof what, "clock_getres(%d) value", c);
            CHECK_EQ(what, ts_ns(&a), ts_ns(&b));
            CHECK_EQ("clock_getres(c, NULL)", 0, vgetres(c, NULL));
        }
    }

    /* MONOTONIC never goes back, mixing the vDSO and the syscall. */
    long long last = 0;
    int backwards = 0;
    for (int i = 0; i < 2000; i++) {
        struct timespec a;
        if (i % 3 == 0) {
            raw_clock_gettime(CLOCK_MONOTONIC, &a);
            a.tv_nsec -= a.tv_nsec % 10; /* the counter's tick: see check_clock */
        } else {
            vgettime(CLOCK_MONOTONIC, &a);
        }
        backwards += ts_ns(&a) < last;
        last = ts_ns(&a);
    }
    CHECK_EQ("MONOTONIC never goes back", 0, backwards);

    /* gettimeofday: tv as CLOCK_REALTIME in microseconds, tz as the syscall's. */
    struct timeval tv, before_tv;
    struct timezone tz = {-99, -99}, ktz = {-98, -98};
    syscall(SYS_gettimeofday, &before_tv, &ktz);
    CHECK_EQ("vdso gettimeofday returns 0", 0, vgtod(&tv, &tz));
    CHECK("vdso gettimeofday tv_usec < 1e6", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    long long d = (tv.tv_sec - before_tv.tv_sec) * 1000000ll + (tv.tv_usec - before_tv.tv_usec);
    CHECK("vdso gettimeofday within 1 s after the syscall", d >= 0 && d < 1000000);
    CHECK_EQ("tz_minuteswest", ktz.tz_minuteswest, tz.tz_minuteswest);
    CHECK_EQ("tz_dsttime", ktz.tz_dsttime, tz.tz_dsttime);
    CHECK_EQ("vdso gettimeofday(NULL, NULL)", 0, vgtod(NULL, NULL));

    /* glibc's own calls (which go through the vDSO) agree with the syscalls. */
    struct timespec k, g;
    raw_clock_gettime(CLOCK_REALTIME, &k);
    clock_gettime(CLOCK_REALTIME, &g);
    CHECK("glibc clock_gettime within 1 s of the syscall",
          ts_ns(&g) + 5000 >= ts_ns(&k) && ts_ns(&g) - ts_ns(&k) < NS);
    time_t now = time(NULL);
    raw_clock_gettime(CLOCK_REALTIME, &k);
    CHECK("glibc time() not ahead of CLOCK_REALTIME", now <= k.tv_sec);
    CHECK("glibc time() within 2 s of CLOCK_REALTIME", now >= k.tv_sec - 2);
    gettimeofday(&tv, NULL);
    CHECK("glibc gettimeofday within 1 s of time()", tv.tv_sec >= now && tv.tv_sec <= now + 1);
}

/* ---- signal return and unwinding ---------------------------------------------------- */

static volatile uintptr_t handler_ra;
static volatile int unwind_saw_vdso, unwind_saw_victim, unwind_frames;
static uintptr_t victim_lo, victim_hi;

static void note_pc(uintptr_t pc)
{
    unwind_frames++;
    if (pc >= vdso_base && pc < vdso_base + 4096) {
        unwind_saw_vdso = 1;
    }
    if (pc >= victim_lo && pc < victim_hi) {
        unwind_saw_victim = 1;
    }
}

#ifndef VDSO_DYNAMIC
static _Unwind_Reason_Code unwind_step(struct _Unwind_Context *ctx, void *arg)
{
    (void)arg;
    note_pc((uintptr_t)_Unwind_GetIP(ctx));
    return unwind_frames > 64 ? _URC_END_OF_STACK : _URC_NO_REASON;
}
#endif

static void handler(int sig)
{
    (void)sig;
    handler_ra = (uintptr_t)__builtin_extract_return_addr(__builtin_return_address(0));
#ifdef VDSO_DYNAMIC
    /* dynamic (built with -DVDSO_DYNAMIC): glibc's backtrace(), which loads libgcc_s */
    void *frames[64];
    int n = backtrace(frames, 64);
    for (int i = 0; i < n; i++) {
        note_pc((uintptr_t)frames[i]);
    }
#else
    _Unwind_Backtrace(unwind_step, NULL);
#endif
}

/* Raises the signal; the unwinder must find this function above the handler. */
__attribute__((noinline)) static int victim(void)
{
    int r = raise(SIGUSR1);
    __asm__ volatile("" ::: "memory");
    return r + 1;
}

__attribute__((noinline)) static void victim_end(void)
{
    __asm__ volatile("");
}

static void test_signal_return(void *sigret)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    /* The kernel's view: no SA_RESTORER (0x04000000) from glibc on arm64. */
    struct {
        uint64_t handler, flags, restorer, mask;
    } k;
    CHECK_EQ("rt_sigaction read back", 0, syscall(SYS_rt_sigaction, SIGUSR1, NULL, &k, 8));
    CHECK_EQ("no SA_RESTORER", 0, k.flags & 0x04000000ull);

    victim_lo = (uintptr_t)victim;
    victim_hi = (uintptr_t)victim_end;
    if (victim_hi <= victim_lo) {
        victim_hi = victim_lo + 64;
    }
    CHECK_EQ("victim() returns after the handler", 1, victim());
    CHECK_EQ("handler returns to __kernel_rt_sigreturn", (uintptr_t)sigret, handler_ra);
    if (sigret) {
        const uint32_t *insn = sigret;
        CHECK_EQ("nop before __kernel_rt_sigreturn", 0xd503201f, insn[-1]);
        CHECK_EQ("mov x8, #139", 0xd2801168, insn[0]);
        CHECK_EQ("svc #0", 0xd4000001, insn[1]);
    }
    CHECK("unwinding found frames", unwind_frames >= 3);
    CHECK("unwinding passed through the vDSO", unwind_saw_vdso);
    CHECK("unwinding reached the interrupted function", unwind_saw_victim);
}

/* ---- /proc/self/maps ----------------------------------------------------------------- */

static void test_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int vvar = 0, vdso = 0;
    CHECK("open /proc/self/maps", f != NULL);
    if (!f) {
        return;
    }
    while (fgets(line, sizeof line, f)) {
        unsigned long long s, e;
        char perms[5];
        if (sscanf(line, "%llx-%llx %4s", &s, &e, perms) != 3) {
            continue;
        }
        if (strstr(line, "[vdso]")) {
            vdso++;
            CHECK_EQ("[vdso] starts at AT_SYSINFO_EHDR", vdso_base, s);
            CHECK("[vdso] is r-xp", strcmp(perms, "r-xp") == 0);
            CHECK(" [vdso] offset 0, device 00:00, inode 0",
                  strstr(line, " 00000000 00:00 0 ") != NULL);
        }
        if (strstr(line, "[vvar]")) {
            vvar++;
            CHECK("[vvar] is r--p", strcmp(perms, "r--p") == 0);
        }
    }
    fclose(f);
    CHECK_EQ("one [vdso] line", 1, vdso);
    CHECK_EQ("one [vvar] line", 1, vvar);
}

/* A fork child has a vDSO that works (a [vvar] page of its own under vemu). */
static void test_fork(void)
{
    gettime_fn vgettime = vdso_sym("LINUX_2.6.39", "__kernel_clock_gettime");
    int st = 0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec a, b;
        int bad = 0;
        for (int i = 0; i < 100; i++) {
            raw_clock_gettime(CLOCK_REALTIME, &a);
            bad += vgettime(CLOCK_REALTIME, &b) != 0 || ts_ns(&b) + 5000 < ts_ns(&a) ||
                   ts_ns(&b) - ts_ns(&a) > NS;
        }
        _exit(bad ? 1 : 0);
    }
    CHECK("fork", pid > 0);
    CHECK_EQ("waitpid", pid, waitpid(pid, &st, 0));
    CHECK_EQ("the fork child's vDSO REALTIME agrees with its syscall", 0,
             WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--loop") == 0) {
        int n = atoi(argv[2]);
        struct timespec t;
        struct timeval tv;
        long sum = 0;
        clock_gettime(CLOCK_MONOTONIC, &t); /* let a first refresh happen */
        for (int i = 0; i < n; i++) {
            clock_gettime(CLOCK_REALTIME, &t);
            sum += t.tv_nsec & 1;
            clock_gettime(CLOCK_MONOTONIC, &t);
            gettimeofday(&tv, NULL);
            sum += time(NULL) & 1;
        }
        printf("loop %d done (%ld)\n", n, sum);
        return 0;
    }
    vdso_base = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    if (vdso_base == 0 && getenv("VEMU_GUEST_QEMU_QUIRKS")) {
        printf("QUIRK no vDSO (qemu-user before 8.0 maps none for aarch64)\n");
        return finish("vdso");
    }
    CHECK("AT_SYSINFO_EHDR set", vdso_base != 0);
    CHECK_EQ("AT_SYSINFO_EHDR page aligned", 0, vdso_base & 4095);
    if (vdso_base == 0 || parse_vdso(vdso_base) != 0) {
        return finish("vdso");
    }
    test_time((void *)vdso_base);
    test_signal_return(vdso_sym("LINUX_2.6.39", "__kernel_rt_sigreturn"));
    test_maps();
    test_fork();
    return finish("vdso");
}
