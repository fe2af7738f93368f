/*
 * proc-fakes.c - the /proc files whose host contents would describe vemu instead of the
 * guest, kept in ONE table: /proc/self/exe (the guest executable), /proc/self/auxv (the
 * auxv the loader built), /proc/self/cmdline (the guest's argv strings), /proc/self/maps
 * (the host's without vemu's own mappings, split and labelled as the kernel would show the
 * guest's: x from the guest's PROT_EXEC, the loader's segments with their file, offset,
 * device and inode, [heap] for the brk area, [stack]) and /proc/cpuinfo (an aarch64 CPU).
 * Generated contents are served from a memfd.  /proc/<own pid>/... and /proc/thread-self/... match
 * as well. Example: guest openat(AT_FDCWD, "/proc/cpuinfo", O_RDONLY) -> memfd with "processor\t:
 * 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd ...".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "linux-user/vdso.h"
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
static uint64_t initial_sp; /* the guest's initial sp: its mapping is [stack] */

void proc_fakes_init(uint64_t sp)
{
    uint64_t argc = 0, first = 0, last = 0;
    char c;
    initial_sp = sp;
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

/* One line of the host's /proc/self/maps. */
typedef struct MapsLine {
    uint64_t start, end, offset, ino;
    char perms[5];
    char dev[16];
    char path[4096];
} MapsLine;

static bool parse_maps_line(const char *line, MapsLine *m)
{
    unsigned long long start, end, off, ino;
    int n = 0;
    if (sscanf(line, "%llx-%llx %4s %llx %15s %llu %n", &start, &end, m->perms, &off, m->dev, &ino,
               &n) < 6) {
        return false;
    }
    m->start = start;
    m->end = end;
    m->offset = off;
    m->ino = ino;
    snprintf(m->path, sizeof m->path, "%s", line + n);
    m->path[strcspn(m->path, "\n")] = '\0';
    return true;
}

/* The kernel's line format (fs/proc/task_mmu.c): the name starts at column 73. */
static void print_maps_line(FILE *out, uint64_t start, uint64_t end, const char *perms,
                            uint64_t offset, const char *dev, uint64_t ino, const char *name)
{
    int n = fprintf(out, "%08llx-%08llx %s %08llx %s %llu ", (unsigned long long)start,
                    (unsigned long long)end, perms, (unsigned long long)offset, dev,
                    (unsigned long long)ino);
    if (name[0]) {
        fprintf(out, "%*s%s", n < 73 ? 73 - n : 0, "", name);
    }
    fputc('\n', out);
}

/* Splits one host mapping where the guest's view changes (PROT_EXEC, the loader's file
 * segments, the brk area) and prints each piece as the kernel would show it. */
static void print_guest_pieces(FILE *out, const MapsLine *m, uint64_t brk_lo, uint64_t brk_hi)
{
    for (uint64_t pos = m->start; pos < m->end;) {
        uint64_t stop = guest_prot_run_end(pos, m->end), next;
        ImageSeg seg;
        bool in_image = image_maps_lookup(pos, &seg, &next);
        uint64_t bound = in_image ? seg.end : next;
        stop = bound < stop ? bound : stop;
        bool in_brk = pos >= brk_lo && pos < brk_hi;
        if (!in_brk && brk_lo > pos && brk_lo < stop && brk_hi > brk_lo) {
            stop = brk_lo;
        } else if (in_brk && brk_hi < stop) {
            stop = brk_hi;
        }

        int gp = guest_prot_get(pos);
        char perms[5];
        memcpy(perms, m->perms, sizeof perms);
        perms[2] = (gp & GUEST_PROT_EXEC) ? 'x' : '-';
        if (gp & GUEST_PROT_NOREAD) {
            perms[0] = '-';
        }
        uint64_t special_end;
        const char *special = vdso_map_name(pos, &special_end);
        if (special) {
            /* [vvar] is shared memory on the host; the kernel shows both private. */
            stop = special_end < stop ? special_end : stop;
            perms[3] = 'p';
            print_maps_line(out, pos, stop, perms, 0, "00:00", 0, special);
        } else if (in_image) {
            char dev[16];
            snprintf(dev, sizeof dev, "%02x:%02x", major((dev_t)seg.dev), minor((dev_t)seg.dev));
            print_maps_line(out, pos, stop, perms, seg.offset + (pos - seg.start), dev, seg.ino,
                            seg.path);
        } else if (m->ino != 0) {
            print_maps_line(out, pos, stop, perms, m->offset + (pos - m->start), m->dev, m->ino,
                            m->path);
        } else {
            const char *name = m->path;
            if (in_brk) {
                name = "[heap]";
            } else if (initial_sp >= m->start && initial_sp < m->end) {
                name = "[stack]";
            }
            print_maps_line(out, pos, stop, perms, 0, "00:00", 0, name);
        }
        pos = stop;
    }
}

static int fill_maps(FILE *out)
{
    FILE *in = fopen("/proc/self/maps", "re");
    char line[4096 + 128];
    MapsLine *m = malloc(sizeof *m);
    uint64_t stack_start = 0, brk_lo, brk_hi;
    if (!in || !m) {
        int e = in ? ENOMEM : errno;
        if (in) {
            fclose(in);
        }
        free(m);
        return -e;
    }
    mmap_brk_range(&brk_lo, &brk_hi);
    /* First pass: where the guest stack's mapping starts (its guard page is hidden, as
     * the kernel's stack guard gap is not a mapping). */
    while (fgets(line, sizeof line, in)) {
        if (parse_maps_line(line, m) && initial_sp >= m->start && initial_sp < m->end) {
            stack_start = m->start;
        }
    }
    rewind(in);
    while (fgets(line, sizeof line, in)) {
        if (!parse_maps_line(line, m) || mmap_range_reserved(m->start, m->end - m->start)) {
            continue;
        }
        if (m->end == stack_start && m->ino == 0 && strcmp(m->perms, "---p") == 0 &&
            m->end - m->start == 4096) {
            continue;
        }
        print_guest_pieces(out, m, brk_lo, brk_hi);
    }
    fclose(in);
    free(m);
    return 0;
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
