/*
 * proc-fakes.c - the /proc files whose host contents would describe vemu instead of the
 * guest, kept in ONE table: /proc/self/exe (the guest executable), /proc/self/auxv (the
 * auxv the loader built), /proc/self/cmdline (the guest's argv strings), /proc/self/maps
 * (the host's, without vemu's own mappings) and /proc/cpuinfo (an aarch64 CPU).
 * Generated contents are served from a memfd.  /proc/<own pid>/... and /proc/thread-self/... match
 * as well. Example: guest openat(AT_FDCWD, "/proc/cpuinfo", O_RDONLY) -> memfd with "processor\t:
 * 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd ..." (the features of the CPU model's HWCAPs).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

typedef struct ProcFake {
    const char *name;          /* path below /proc/self/, or absolute for global files */
    bool per_process;          /* matches /proc/self/NAME and /proc/<pid>/NAME */
    int (*fill)(FILE *out);    /* generated contents, or NULL */
    const char *(*link)(void); /* symlink target (also opened), or NULL */
} ProcFake;

static const char *exe_link(void)
{
    return vemu_load_info.exe_path;
}

static int fill_auxv(FILE *out)
{
    const uint64_t *auxv = NULL;
    size_t n = loader_get_auxv(&auxv);
    if (auxv && n) {
        fwrite(auxv, 1, n, out);
    }
    return 0;
}

static uint64_t arg_start, arg_end;

void proc_fakes_init(uint64_t initial_sp)
{
    uint64_t argc = 0, first = 0, last = 0;
    char c;
    if (initial_sp == 0 || copy_from_guest(&argc, initial_sp, 8) != 0 || argc == 0 ||
        argc > (1u << 20) || copy_from_guest(&first, initial_sp + 8, 8) != 0 ||
        copy_from_guest(&last, initial_sp + 8 * argc, 8) != 0) {
        return;
    }
    /* The strings are contiguous, as the kernel (and the loader) lays them out. */
    while (copy_from_guest(&c, last, 1) == 0 && c != '\0') {
        last++;
    }
    arg_start = first;
    arg_end = last + 1;
}

static int fill_cmdline(FILE *out)
{
    char buf[4096];
    for (uint64_t p = arg_start; p < arg_end;) {
        size_t n = arg_end - p < sizeof buf ? (size_t)(arg_end - p) : sizeof buf;
        if (copy_from_guest(buf, p, n) != 0) {
            break;
        }
        fwrite(buf, 1, n, out);
        p += n;
    }
    return 0;
}

static int fill_maps(FILE *out)
{
    FILE *in = fopen("/proc/self/maps", "re");
    char line[4096 + 128];
    if (!in) {
        return -errno;
    }
    while (fgets(line, sizeof line, in)) {
        unsigned long long start, end;
        if (sscanf(line, "%llx-%llx", &start, &end) == 2 &&
            mmap_range_reserved(start, end - start)) {
            continue;
        }
        fputs(line, out);
    }
    fclose(in);
    return 0;
}

/* The "Features" names of the arm64 kernel's HWCAP and HWCAP2 bits, by bit number
 * (arch/arm64/include/uapi/asm/hwcap.h).  Libraries (libgcrypt, for one) trust this line
 * as much as AT_HWCAP, so it lists exactly what the CPU model advertises. */
static const char *const hwcap_names[32] = {
    "fp",    "asimd", "evtstrm", "aes",   "pmull",   "sha1", "sha2",   "crc32",
    "atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc",
    "dcpop", "sha3",  "sm3",     "sm4",   "asimddp", "sha512", "sve",  "asimdfhm",
    "dit",   "uscat", "ilrcpc",  "flagm", "ssbs",    "sb",   "paca",   "pacg",
};
static const char *const hwcap2_names[] = {
    "dcpodp", "sve2", "sveaes", "svepmull", "svebitperm", "svesha3", "svesm4", "flagm2",
    "frint",  "svei8mm", "svef32mm", "svef64mm", "svebf16", "i8mm", "bf16", "dgh", "rng", "bti",
};

static void print_features(FILE *out, uint64_t hwcap, uint64_t hwcap2)
{
    fputs("Features\t:", out);
    for (unsigned b = 0; b < 32; b++) {
        if (hwcap & (1ull << b)) {
            fprintf(out, " %s", hwcap_names[b]);
        }
    }
    for (unsigned b = 0; b < sizeof hwcap2_names / sizeof hwcap2_names[0]; b++) {
        if (hwcap2 & (1ull << b)) {
            fprintf(out, " %s", hwcap2_names[b]);
        }
    }
    fputc('\n', out);
}

static int fill_cpuinfo(FILE *out)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1) {
        ncpu = 1;
    }
    for (long i = 0; i < ncpu; i++) {
        fprintf(out,
                "processor\t: %ld\n"
                "BogoMIPS\t: 50.00\n",
                i);
        print_features(out, current_cpu ? current_cpu->hwcap : 0,
                       current_cpu ? current_cpu->hwcap2 : 0);
        fprintf(out,
                "CPU implementer\t: 0x41\n"
                "CPU architecture: 8\n"
                "CPU variant\t: 0x3\n"
                "CPU part\t: 0xd0c\n"
                "CPU revision\t: 1\n\n");
    }
    return 0;
}

static const ProcFake proc_fakes[] = {
    {"exe", true, NULL, exe_link},
    {"auxv", true, fill_auxv, NULL},
    {"cmdline", true, fill_cmdline, NULL},
    {"maps", true, fill_maps, NULL},
    {"/proc/cpuinfo", false, fill_cpuinfo, NULL},
};

#define N_FAKES (sizeof proc_fakes / sizeof proc_fakes[0])

/* The fake entry for path, or NULL. */
static const ProcFake *find_fake(const char *path)
{
    char self[64];
    const char *rest = NULL;
    if (strncmp(path, "/proc/", 6) != 0) {
        return NULL;
    }
    snprintf(self, sizeof self, "/proc/%d/", (int)getpid());
    if (strncmp(path, "/proc/self/", 11) == 0) {
        rest = path + 11;
    } else if (strncmp(path, "/proc/thread-self/", 18) == 0) {
        rest = path + 18;
    } else if (strncmp(path, self, strlen(self)) == 0) {
        rest = path + strlen(self);
    }
    for (size_t i = 0; i < N_FAKES; i++) {
        const ProcFake *f = &proc_fakes[i];
        if (f->per_process ? (rest && strcmp(rest, f->name) == 0) : strcmp(path, f->name) == 0) {
            return f;
        }
    }
    return NULL;
}

int proc_fake_open(const char *path, int host_flags)
{
    const ProcFake *f = find_fake(path);
    int fd;
    FILE *out;
    if (!f) {
        return PROC_FAKE_NONE;
    }
    if (f->link) {
        fd = open(f->link(), host_flags & ~(O_CREAT | O_EXCL | O_TRUNC));
        return fd < 0 ? -errno : fd;
    }
    if ((host_flags & O_ACCMODE) != O_RDONLY) {
        return -EACCES;
    }
    fd = memfd_create("vemu-proc", (host_flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0) {
        return -errno;
    }
    out = fdopen(dup(fd), "w");
    if (!out) {
        close(fd);
        return -ENOMEM;
    }
    int err = f->fill(out);
    fclose(out);
    if (err < 0) {
        close(fd);
        return err;
    }
    lseek(fd, 0, SEEK_SET);
    if (host_flags & O_NONBLOCK) {
        fcntl(fd, F_SETFL, O_NONBLOCK);
    }
    return fd;
}

int64_t proc_fake_readlink(const char *path, char *buf, size_t len)
{
    const ProcFake *f = find_fake(path);
    size_t n;
    if (!f || !f->link) {
        return PROC_FAKE_NONE;
    }
    n = strlen(f->link());
    if (n > len) {
        n = len;
    }
    memcpy(buf, f->link(), n);
    return (int64_t)n;
}
