/*
 * image-maps.c - the ELF images vemu's loader put in guest memory (the program and its
 * PT_INTERP), as the kernel would have mapped them: which pages are executable
 * (guest-prot.c) and which file, offset, device and inode each segment's pages come from,
 * for /proc/self/maps (proc-fakes.c).  The loader copies segments into anonymous memory,
 * so the host's own maps cannot say this.
 *
 * Each PT_LOAD [bias + vaddr, + memsz) becomes executable if PF_X; its file part
 * [page_down(bias + vaddr), page_up(bias + vaddr + filesz)) is recorded with offset
 * page_down(p_offset); the code of the image the kernel would guard (PT_GNU_PROPERTY with
 * the AArch64 BTI feature, on a CPU model with BTI) becomes PROT_BTI.  munmap, MAP_FIXED mmap and
 * mremap over a segment forget the overlap (image_maps_forget), so later anonymous memory there is
 * shown as such. Example: a PIE with "LOAD off 0x10000 vaddr 0x10000 filesz 0x2000 R E" at bias
 * 0x5500000000 -> 5500010000-5500012000 r-xp 00010000 fd:01 1234 /path/prog
 */
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/cpu-models.h"

#define MAX_SEGS 64

static ImageSeg segs[MAX_SEGS];
static int n_segs;
static pthread_mutex_t segs_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t pg_down(uint64_t v)
{
    return v & ~(GUEST_PAGE_SIZE - 1);
}

static uint64_t pg_up(uint64_t v)
{
    return pg_down(v + GUEST_PAGE_SIZE - 1);
}

static void add_seg(uint64_t start, uint64_t end, uint64_t offset, const struct stat *st,
                    const char *path)
{
    if (n_segs < MAX_SEGS && start < end) {
        ImageSeg *s = &segs[n_segs++];
        s->start = start;
        s->end = end;
        s->offset = offset;
        s->dev = (uint64_t)st->st_dev;
        s->ino = (uint64_t)st->st_ino;
        s->path = strdup(path);
    }
}

static void register_phdr(const Elf64_Phdr *ph, uint64_t bias, const struct stat *st,
                          const char *path, int exec_prot)
{
    if (ph->p_type != PT_LOAD || ph->p_memsz == 0) {
        return;
    }
    uint64_t s = pg_down(bias + ph->p_vaddr);
    if (ph->p_flags & PF_X) {
        guest_prot_set(s, pg_up(bias + ph->p_vaddr + ph->p_memsz) - s,
                       exec_prot | ((ph->p_flags & PF_R) ? PROT_READ : 0));
    }
    if (st && ph->p_filesz != 0) {
        add_seg(s, pg_up(bias + ph->p_vaddr + ph->p_filesz), pg_down(ph->p_offset), st, path);
    }
}

/* Whether the image's PT_GNU_PROPERTY note (read from guest memory: it lies in a PT_LOAD)
 * has GNU_PROPERTY_AARCH64_FEATURE_1_AND with the BTI bit, as the kernel's
 * arch_parse_elf_property reads it. */
static bool image_wants_bti(const Elf64_Phdr *ph, unsigned n, uint64_t bias)
{
    for (unsigned i = 0; i < n; i++) {
        if (ph[i].p_type != PT_GNU_PROPERTY) {
            continue;
        }
        uint8_t note[1024];
        size_t len = ph[i].p_filesz < sizeof note ? (size_t)ph[i].p_filesz : sizeof note;
        if (len < 16 || copy_from_guest(note, bias + ph[i].p_vaddr, len) != 0) {
            return false;
        }
        uint32_t namesz, descsz, type;
        memcpy(&namesz, note, 4);
        memcpy(&descsz, note + 4, 4);
        memcpy(&type, note + 8, 4);
        if (namesz != 4 || type != NT_GNU_PROPERTY_TYPE_0 || memcmp(note + 12, "GNU", 4) != 0 ||
            descsz > len - 16) {
            return false;
        }
        for (size_t o = 16; o + 8 <= 16 + (size_t)descsz;) {
            uint32_t pr_type, pr_datasz, bits;
            memcpy(&pr_type, note + o, 4);
            memcpy(&pr_datasz, note + o + 4, 4);
            if (pr_datasz > 16 + descsz - o - 8) {
                return false;
            }
            if (pr_type == GNU_PROPERTY_AARCH64_FEATURE_1_AND && pr_datasz >= 4) {
                memcpy(&bits, note + o + 8, 4);
                return (bits & GNU_PROPERTY_AARCH64_FEATURE_1_BTI) != 0;
            }
            o += 8 + (((size_t)pr_datasz + 7) & ~(size_t)7);
        }
        return false;
    }
    return false;
}

/* The program headers of an image as loaded: from its file if it can be read (then the
 * file identity is recorded too), else from guest memory (phdr_addr, or the ELF header
 * at the start of the image), so that PF_X segments are executable in any case.  with_bti:
 * the image whose BTI property guards its code, as the kernel decides it (the interpreter
 * if there is one, else the program; ld.so guards the others with mprotect). */
static void register_image(const char *path, uint64_t bias, uint64_t phdr_addr, unsigned phnum,
                           bool with_bti)
{
    Elf64_Ehdr eh;
    struct stat st;
    bool have_st = false;
    Elf64_Phdr *ph = NULL;
    unsigned n = 0;
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0 && fstat(fd, &st) == 0 && pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
        eh.e_phentsize == sizeof(Elf64_Phdr) && eh.e_phnum <= 4096) {
        have_st = true;
        ph = calloc(eh.e_phnum ? eh.e_phnum : 1, sizeof *ph);
        while (ph && n < eh.e_phnum &&
               pread(fd, &ph[n], sizeof *ph, (off_t)(eh.e_phoff + n * sizeof *ph)) ==
                   (ssize_t)sizeof *ph) {
            n++;
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    if (!have_st) {
        if (phdr_addr == 0 && copy_from_guest(&eh, bias, sizeof eh) == 0 &&
            memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 && eh.e_phentsize == sizeof(Elf64_Phdr)) {
            phdr_addr = bias + eh.e_phoff;
            phnum = eh.e_phnum;
        }
        ph = phdr_addr && phnum ? calloc(phnum < 4096 ? phnum : 4096, sizeof *ph) : NULL;
        while (ph && n < phnum && n < 4096 &&
               copy_from_guest(&ph[n], phdr_addr + n * sizeof *ph, sizeof *ph) == 0) {
            n++;
        }
    }
    int exec_prot = PROT_EXEC;
    if (with_bti && current_cpu && (current_cpu->hwcap2 & A64_HWCAP2_BTI) &&
        image_wants_bti(ph, n, bias)) {
        exec_prot |= TARGET_PROT_BTI;
    }
    for (unsigned i = 0; i < n; i++) {
        register_phdr(&ph[i], bias, have_st ? &st : NULL, path, exec_prot);
    }
    free(ph);
}

void image_maps_init(void)
{
    pthread_mutex_lock(&segs_lock);
    n_segs = 0;
    pthread_mutex_unlock(&segs_lock);
    bool has_interp = vemu_load_info.interp_path[0] != '\0';
    register_image(vemu_load_info.exe_path[0] ? vemu_load_info.exe_path : NULL,
                   vemu_load_info.load_bias, vemu_load_info.phdr_addr, vemu_load_info.phnum,
                   !has_interp);
    if (has_interp) {
        char *p = under_ld_prefix(strdup(vemu_load_info.interp_path));
        register_image(p, vemu_load_info.interp_base, 0, 0, true);
        free(p);
    }
}

void image_maps_forget(uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    pthread_mutex_lock(&segs_lock);
    for (int i = 0; i < n_segs; i++) {
        ImageSeg *s = &segs[i];
        if (end <= s->start || start >= s->end) {
            continue;
        }
        if (start > s->start && end < s->end && n_segs < MAX_SEGS) {
            /* A hole in the middle: keep the tail as a new segment. */
            ImageSeg *t = &segs[n_segs++];
            *t = *s;
            t->path = strdup(s->path);
            t->offset += end - s->start;
            t->start = end;
            s->end = start;
        } else if (start > s->start) {
            s->end = start;
        } else if (end < s->end) {
            s->offset += end - s->start;
            s->start = end;
        } else {
            s->end = s->start; /* gone */
        }
    }
    pthread_mutex_unlock(&segs_lock);
}

bool image_maps_lookup(uint64_t addr, ImageSeg *out, uint64_t *next)
{
    bool found = false;
    *next = UINT64_MAX;
    pthread_mutex_lock(&segs_lock);
    for (int i = 0; i < n_segs; i++) {
        const ImageSeg *s = &segs[i];
        if (s->start >= s->end) {
            continue;
        }
        if (addr >= s->start && addr < s->end) {
            *out = *s;
            found = true;
        } else if (s->start > addr && s->start < *next) {
            *next = s->start;
        }
    }
    pthread_mutex_unlock(&segs_lock);
    return found;
}
