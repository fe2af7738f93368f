/*
 * proc-fakes.c - the /proc files whose host contents would describe vemu instead of the
 * guest, kept in ONE table: /proc/self/exe (the guest executable), /proc/self/auxv (the
 * auxv the loader built), /proc/self/cmdline (the guest's argv strings), /proc/self/maps
 * and /proc/self/smaps (the guest's view of the memory map, proc-maps.c) and /proc/cpuinfo
 * (an aarch64 CPU).  Generated contents are served from a memfd.  /proc/<own pid>/...,
 * /proc/<tid of one of its threads>/..., /proc/self/task/<tid>/... and
 * /proc/thread-self/... match as well.
 * Example: guest openat(AT_FDCWD, "/proc/cpuinfo", O_RDONLY) -> memfd with "processor\t: 0\n
 * BogoMIPS\t: 50.00\nFeatures\t: fp asimd ...".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/proc-maps.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/cpu-models.h"

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

void proc_fakes_init(uint64_t sp)
{
    uint64_t argc = 0, first = 0, last = 0;
    char c;
    proc_maps_init(sp);
    if (sp == 0 || copy_from_guest(&argc, sp, 8) != 0 || argc == 0 || argc > (1u << 20) ||
        copy_from_guest(&first, sp + 8, 8) != 0 || copy_from_guest(&last, sp + 8 * argc, 8) != 0) {
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
    return proc_maps_fill(out, false);
}

static int fill_smaps(FILE *out)
{
    return proc_maps_fill(out, true);
}

static int fill_cpuinfo(FILE *out)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    const CpuModel *m =
        current_cpu && current_cpu->model ? current_cpu->model : cpu_model_default();
    char features[512];

    /* the -cpu model decides the Features words and the MIDR fields */
    cpu_model_features(m->hwcap, m->hwcap2, features, sizeof features);
    if (ncpu < 1) {
        ncpu = 1;
    }
    for (long i = 0; i < ncpu; i++) {
        fprintf(out,
                "processor\t: %ld\n"
                "BogoMIPS\t: 50.00\n"
                "Features\t: %s\n"
                "CPU implementer\t: 0x%02x\n"
                "CPU architecture: 8\n"
                "CPU variant\t: 0x%x\n"
                "CPU part\t: 0x%03x\n"
                "CPU revision\t: %u\n\n",
                i, features, (unsigned)(m->midr >> 24 & 0xff), (unsigned)(m->midr >> 20 & 0xf),
                (unsigned)(m->midr >> 4 & 0xfff), (unsigned)(m->midr & 0xf));
    }
    return 0;
}

static const ProcFake proc_fakes[] = {
    {"exe", true, NULL, exe_link},
    {"auxv", true, fill_auxv, NULL},
    {"cmdline", true, fill_cmdline, NULL},
    {"maps", true, fill_maps, NULL},
    {"smaps", true, fill_smaps, NULL},
    {"/proc/cpuinfo", false, fill_cpuinfo, NULL},
};

#define N_FAKES (sizeof proc_fakes / sizeof proc_fakes[0])

/* Is n (digits, up to '/') the pid of this process or the tid of one of its threads?
 * Sets *after to the character after the number. */
static bool own_task(const char *n, const char **after)
{
    char *end;
    long id = strtol(n, &end, 10);
    char task[64];
    if (end == n || *end != '/' || id <= 0) {
        return false;
    }
    *after = end + 1;
    if (id == (long)getpid()) {
        return true;
    }
    snprintf(task, sizeof task, "/proc/self/task/%ld", id);
    return access(task, F_OK) == 0;
}

/* What follows /proc/self/, /proc/thread-self/, /proc/<own pid or tid>/ and then an
 * optional task/<own tid>/ in path, or NULL. */
static const char *own_proc_rest(const char *path)
{
    const char *rest = NULL;
    if (strncmp(path, "/proc/self/", 11) == 0) {
        rest = path + 11;
    } else if (strncmp(path, "/proc/thread-self/", 18) == 0) {
        return path + 18;
    } else if (!own_task(path + 6, &rest)) {
        return NULL;
    }
    if (strncmp(rest, "task/", 5) == 0) {
        const char *after;
        return own_task(rest + 5, &after) ? after : NULL;
    }
    return rest;
}

/* The fake entry for path, or NULL. */
static const ProcFake *find_fake(const char *path)
{
    const char *rest;
    if (strncmp(path, "/proc/", 6) != 0) {
        return NULL;
    }
    rest = own_proc_rest(path);
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
