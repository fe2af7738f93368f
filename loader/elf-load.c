/*
 * elf-load.c - maps a validated arm64 ELF executable and its PT_INTERP into guest memory.
 *
 * The file is mapped read-only, validated by elf-check.c, then each PT_LOAD gets
 * read-write pages: the file's own pages where the layout allows (place_file_bytes),
 * anonymous zero pages for the rest (the bss); finally p_flags protections are applied (PF_X only
 * needs host PROT_READ: the translator reads guest code as data).  ET_EXEC goes at its own
 * addresses with MAP_FIXED_NOREPLACE; an ET_DYN main program at LOADER_PIE_BASE; the interpreter
 * wherever mmap puts it.
 *
 * Example:
 *     LoadInfo li; char err[256];
 *     if (loader_load_elf("hello", "/usr/aarch64-linux-gnu", &li, err, sizeof err)) ...
 *     // li.entry = ld.so entry, li.exe_entry = hello's entry, li.interp_base = ld.so bias
 */
#include "loader/loader.h"
#include "linux-user/guest-mem.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

typedef struct FileImage {
    const uint8_t *buf;
    size_t len;
    void *map; /* what to munmap, NULL if nothing */
    int fd;    /* the file, for mapping segments' pages from it (-1: copy them) */
} FileImage;

typedef struct Mapped {
    uint64_t bias;
    uint64_t lo, hi; /* reservation [lo, hi) for ET_DYN, 0 for ET_EXEC */
} Mapped;

static int fail(int code, char *err, size_t errlen, const char *name, const char *fmt, ...)
{
    if (err != NULL && errlen > 0) {
        char why[4400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, sizeof why, fmt, ap);
        va_end(ap);
        snprintf(err, errlen, "%s: %s", name, why);
    }
    return code;
}

static uint64_t page_down(uint64_t a)
{
    return a & ~(GUEST_PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t a)
{
    return page_down(a + GUEST_PAGE_SIZE - 1);
}

static void read_phdr(const FileImage *fi, const ElfImageInfo *ii, unsigned i, Elf64_Phdr *ph)
{
    memcpy(ph, fi->buf + ii->phoff + (uint64_t)i * sizeof *ph, sizeof *ph);
}

static int prot_of(uint32_t flags)
{
    int prot = 0;
    if (flags & (PF_R | PF_X)) {
        prot |= PROT_READ;
    }
    if (flags & PF_W) {
        prot |= PROT_WRITE;
    }
    return prot;
}

static int open_errno(int e)
{
    return e == ENOENT || e == ENOTDIR ? LOADER_ENOENT : LOADER_EACCES;
}

/* Maps the whole file open on fd read-only; fd is kept in fi (closed by close_image) or
 * closed on failure (path names it in messages). */
static int map_image_fd(int fd, const char *path, FileImage *fi, char *err, size_t errlen)
{
    struct stat st;
    memset(fi, 0, sizeof *fi);
    fi->fd = -1;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(LOADER_EACCES, err, errlen, path, "%s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return fail(LOADER_EACCES, err, errlen, path, "%s", strerror(EISDIR));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail(LOADER_EACCES, err, errlen, path, "not a regular file");
    }
    if (st.st_size <= 0) {
        close(fd);
        return fail(LOADER_NOT_ELF, err, errlen, path, "not an ELF file");
    }
    if ((uint64_t)st.st_size > SIZE_MAX / 2) {
        close(fd);
        return fail(LOADER_NOMEM, err, errlen, path, "file too large");
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    if (m == MAP_FAILED) {
        close(fd);
        return fail(LOADER_NOMEM, err, errlen, path, "cannot map file: %s", strerror(e));
    }
    fi->buf = m;
    fi->len = (size_t)st.st_size;
    fi->map = m;
    fi->fd = fd;
    return LOADER_OK;
}

/* Opens and maps a whole file read-only; never blocks on FIFOs. */
static int open_image(const char *path, FileImage *fi, char *err, size_t errlen)
{
    memset(fi, 0, sizeof *fi);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        return fail(open_errno(e), err, errlen, path, "%s", strerror(e));
    }
    return map_image_fd(fd, path, fi, err, errlen);
}

static void close_image(FileImage *fi)
{
    if (fi->map != NULL) {
        munmap(fi->map, fi->len);
    }
    if (fi->map != NULL && fi->fd >= 0) {
        close(fi->fd);
    }
    memset(fi, 0, sizeof *fi);
    fi->fd = -1;
}

/* Puts the file bytes of segment ph at guest address a (= p_vaddr + bias), whose pages
 * are mapped read-write.  Whole pages come from the file itself (MAP_PRIVATE, as the
 * kernel's loader does: no copy, pages read on first touch) when the segment's first page
 * is its own and its offset and address agree modulo the page size; the rest of the last
 * file page is zeroed (it starts the bss).  Otherwise the bytes are copied. */
static void place_file_bytes(const FileImage *fi, const Elf64_Phdr *ph, uint64_t a,
                             bool first_page_own)
{
    uint64_t pa = page_down(a), off = ph->p_offset - (a - pa);
    if (fi->fd >= 0 && first_page_own && ((a - ph->p_offset) & (GUEST_PAGE_SIZE - 1)) == 0) {
        uint64_t end = a + ph->p_filesz, len = page_up(end) - pa;
        void *p =
            mmap(g2h(pa), len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fi->fd, (off_t)off);
        if (p != MAP_FAILED) {
            memset(g2h(end), 0, page_up(end) - end);
            return;
        }
        /* the anonymous pages are still there (MAP_FIXED failed before replacing) */
    }
    memcpy(g2h(a), fi->buf + ph->p_offset, ph->p_filesz);
}

/* Anonymous read-write pages at exactly addr; fixed_ok: addr is inside our reservation. */
static int map_anon_at(uint64_t addr, uint64_t size, int fixed_ok)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | (fixed_ok ? MAP_FIXED : MAP_FIXED_NOREPLACE);
    void *p = mmap(g2h(addr), size, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED) {
        return errno;
    }
    if (h2g(p) != addr) { /* kernel without MAP_FIXED_NOREPLACE treated it as a hint */
        munmap(p, size);
        return EEXIST;
    }
    return 0;
}

/* Reserves the span of an ET_DYN image with PROT_NONE; want_bias == 0 lets mmap choose. */
static int reserve_dyn(const ElfImageInfo *ii, uint64_t want_bias, Mapped *m, const char *name,
                       char *err, size_t errlen)
{
    uint64_t span = ii->hi_page - ii->lo_page;
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    if (want_bias != 0) {
        uint64_t lo = want_bias + ii->lo_page;
        void *p = mmap(g2h(lo), span, PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED || h2g(p) != lo) {
            int e = p == MAP_FAILED ? errno : EEXIST;
            if (p != MAP_FAILED) {
                munmap(p, span);
            }
            return fail(LOADER_NOMEM, err, errlen, name,
                        "cannot reserve 0x%llx bytes at 0x%llx: %s", (unsigned long long)span,
                        (unsigned long long)lo, strerror(e));
        }
        m->bias = want_bias;
        m->lo = lo;
        m->hi = lo + span;
        return LOADER_OK;
    }
    uint64_t align = ii->max_align;
    uint64_t total = span + align - GUEST_PAGE_SIZE;
    void *p = mmap(NULL, total, PROT_NONE, flags, -1, 0);
    if (p == MAP_FAILED || h2g(p) + total - 1 > GUEST_ADDR_MAX) {
        int e = p == MAP_FAILED ? errno : ENOMEM;
        if (p != MAP_FAILED) {
            munmap(p, total);
        }
        return fail(LOADER_NOMEM, err, errlen, name, "cannot reserve 0x%llx bytes: %s",
                    (unsigned long long)span, strerror(e));
    }
    uint64_t start = h2g(p);
    uint64_t lo = (start + align - 1) & ~(align - 1);
    if (lo > start) {
        munmap(p, lo - start);
    }
    if (lo + span < start + total) {
        munmap(g2h(lo + span), start + total - (lo + span));
    }
    m->bias = lo - ii->lo_page;
    m->lo = lo;
    m->hi = lo + span;
    return LOADER_OK;
}

static void unmap_segments(const FileImage *fi, const ElfImageInfo *ii, const Mapped *m,
                           unsigned count)
{
    if (m->hi > m->lo) {
        munmap(g2h(m->lo), m->hi - m->lo);
        return;
    }
    uint64_t done = 0;
    for (unsigned k = 0; k < count; k++) {
        Elf64_Phdr ph;
        read_phdr(fi, ii, ii->load_idx[k], &ph);
        uint64_t s = page_down(ph.p_vaddr), e = page_up(ph.p_vaddr + ph.p_memsz);
        s = s < done ? done : s;
        if (s < e) {
            munmap(g2h(s), e - s);
            done = e;
        }
    }
}

/* Maps every PT_LOAD read-write, copies file bytes, then applies the final protections.
 * Consecutive segments may share one page; it gets the union of their protections. */
static int map_segments(const FileImage *fi, const ElfImageInfo *ii, Mapped *m, const char *name,
                        char *err, size_t errlen)
{
    uint64_t done = 0;
    int in_reservation = m->hi > m->lo;
    for (unsigned k = 0; k < ii->nload; k++) {
        Elf64_Phdr ph;
        read_phdr(fi, ii, ii->load_idx[k], &ph);
        uint64_t s = page_down(ph.p_vaddr + m->bias);
        uint64_t e = page_up(ph.p_vaddr + ph.p_memsz + m->bias);
        bool first_page_own = s >= done;
        s = s < done ? done : s;
        if (s < e) {
            int rc = map_anon_at(s, e - s, in_reservation);
            if (rc != 0) {
                unmap_segments(fi, ii, m, k);
                return fail(LOADER_NOMEM, err, errlen, name, "cannot map segment at 0x%llx: %s",
                            (unsigned long long)s,
                            rc == EEXIST ? "address range already in use" : strerror(rc));
            }
            done = e;
        }
        if (ph.p_filesz != 0) {
            place_file_bytes(fi, &ph, ph.p_vaddr + m->bias, first_page_own);
        }
    }

    uint64_t last_end = 0;
    int last_prot = 0;
    for (unsigned k = 0; k < ii->nload; k++) {
        Elf64_Phdr ph;
        read_phdr(fi, ii, ii->load_idx[k], &ph);
        uint64_t s = page_down(ph.p_vaddr + m->bias);
        uint64_t e = page_up(ph.p_vaddr + ph.p_memsz + m->bias);
        int prot = prot_of(ph.p_flags);
        if (s < last_end) { /* first page shared with the previous segment */
            int both = last_prot | prot;
            mprotect(g2h(s), GUEST_PAGE_SIZE, both);
            if (e > last_end) {
                mprotect(g2h(last_end), e - last_end, prot);
                last_prot = prot;
            } else {
                last_prot = both;
            }
        } else {
            mprotect(g2h(s), e - s, prot);
            last_prot = prot;
        }
        last_end = e > last_end ? e : last_end;
    }
    return LOADER_OK;
}

/* Maps one validated image; want_bias: 0 = ET_EXEC at its addresses or ET_DYN anywhere. */
static int map_image(const FileImage *fi, const ElfImageInfo *ii, uint64_t want_bias, Mapped *m,
                     const char *name, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (ii->type == ET_DYN) {
        int rc = reserve_dyn(ii, want_bias, m, name, err, errlen);
        if (rc != LOADER_OK && want_bias != 0) {
            /* The preferred PIE base is taken (e.g. by a sanitizer's shadow): let the
             * kernel choose, as it would for a randomized PIE. */
            rc = reserve_dyn(ii, 0, m, name, err, errlen);
        }
        if (rc != LOADER_OK) {
            return rc;
        }
    }
    return map_segments(fi, ii, m, name, err, errlen);
}

static uint64_t pie_bias(const ElfImageInfo *ii)
{
    uint64_t align = ii->max_align;
    if (ii->lo_page >= LOADER_PIE_BASE) {
        return 0; /* oddly linked PIE: it already sits high, keep its addresses */
    }
    return (LOADER_PIE_BASE - ii->lo_page + align - 1) & ~(align - 1);
}

/* Fills the LoadInfo fields that describe the main program. */
static void describe_main(const FileImage *fi, const ElfImageInfo *ii, uint64_t bias,
                          LoadInfo *info)
{
    uint64_t start_code = UINT64_MAX, end_code = 0, start_data = 0, end_data = 0, brk = 0;
    for (unsigned k = 0; k < ii->nload; k++) {
        Elf64_Phdr ph;
        read_phdr(fi, ii, ii->load_idx[k], &ph);
        uint64_t file_end = ph.p_vaddr + ph.p_filesz;
        start_code = ph.p_vaddr < start_code ? ph.p_vaddr : start_code;
        start_data = ph.p_vaddr > start_data ? ph.p_vaddr : start_data;
        if ((ph.p_flags & PF_X) && file_end > end_code) {
            end_code = file_end;
        }
        end_data = file_end > end_data ? file_end : end_data;
        brk = ph.p_vaddr + ph.p_memsz > brk ? ph.p_vaddr + ph.p_memsz : brk;
    }
    info->load_bias = bias;
    info->exe_entry = ii->entry + bias;
    info->entry = info->exe_entry;
    info->phdr_addr = ii->phdr_vaddr != 0 ? ii->phdr_vaddr + bias : 0;
    info->phnum = ii->phnum;
    info->phent = sizeof(Elf64_Phdr);
    info->start_code = start_code + bias;
    info->end_code = end_code + bias;
    info->start_data = start_data + bias;
    info->end_data = end_data + bias;
    info->start_brk = page_up(brk + bias);
}

/* Opens the interpreter: ld_prefix + path first, then path.  Fills the path used. */
static int open_interp(const char *interp, const char *ld_prefix, FileImage *fi, char *used,
                       size_t usedlen, const char *exe, char *err, size_t errlen)
{
    char tmp[512];
    if (ld_prefix != NULL && ld_prefix[0] != '\0') {
        int pl = (int)strnlen(ld_prefix, PATH_MAX);
        while (pl > 1 && ld_prefix[pl - 1] == '/') {
            pl--;
        }
        int n =
            snprintf(used, usedlen, "%.*s%s%s", pl, ld_prefix, interp[0] == '/' ? "" : "/", interp);
        if (n > 0 && (size_t)n < usedlen) {
            int rc = open_image(used, fi, err, errlen);
            if (rc != LOADER_ENOENT) {
                return rc;
            }
        }
    }
    snprintf(used, usedlen, "%s", interp);
    int rc = open_image(used, fi, tmp, sizeof tmp);
    if (rc == LOADER_ENOENT) {
        char shown[256]; /* PT_INTERP comes from the file: keep the message on one line */
        snprintf(shown, sizeof shown, "%.255s", interp);
        for (char *c = shown; *c != '\0'; c++) {
            unsigned char u = (unsigned char)*c;
            *c = u < 0x20 || u == 0x7f ? '?' : *c;
        }
        return fail(LOADER_ENOENT, err, errlen, exe,
                    "interpreter %s not found (use -L to set the library prefix)", shown);
    }
    if (rc != LOADER_OK && err != NULL && errlen > 0) {
        snprintf(err, errlen, "%s", tmp);
    }
    return rc;
}

static int load_interp(const char *exe, const char *ld_prefix, LoadInfo *info, char *err,
                       size_t errlen)
{
    static char used[PATH_MAX + 4096 + 2];
    FileImage fi;
    ElfImageInfo *ii = malloc(sizeof *ii);
    Mapped m;
    if (ii == NULL) {
        return fail(LOADER_NOMEM, err, errlen, exe, "out of memory");
    }
    int rc = open_interp(info->interp_path, ld_prefix, &fi, used, sizeof used, exe, err, errlen);
    if (rc == LOADER_OK) {
        rc = loader_check_elf_named(fi.buf, fi.len, used, ii, err, errlen);
        if (rc == LOADER_OK) {
            rc = map_image(&fi, ii, 0, &m, used, err, errlen);
        }
        if (rc == LOADER_OK) {
            info->interp_base = m.bias;
            info->entry = ii->entry + m.bias;
        }
        close_image(&fi);
    }
    free(ii);
    return rc;
}

/* Loads the main program from fd (closed here) when fd >= 0, else from path. */
static int load_main(int fd, const char *path, const char *ld_prefix, LoadInfo *info, char *err,
                     size_t errlen)
{
    FileImage fi;
    Mapped m;
    memset(info, 0, sizeof *info);
    if (err != NULL && errlen > 0) {
        err[0] = '\0';
    }
    ElfImageInfo *ii = malloc(sizeof *ii);
    if (ii == NULL) {
        if (fd >= 0) {
            close(fd);
        }
        return fail(LOADER_NOMEM, err, errlen, path, "out of memory");
    }
    char fdlink[64];
    snprintf(fdlink, sizeof fdlink, "/proc/self/fd/%d", fd);
    ssize_t ln = fd >= 0 ? readlink(fdlink, info->exe_path, sizeof info->exe_path - 1) : -1;
    if (ln > 0) {
        info->exe_path[ln] = '\0';
    }
    int rc =
        fd >= 0 ? map_image_fd(fd, path, &fi, err, errlen) : open_image(path, &fi, err, errlen);
    if (rc == LOADER_OK) {
        rc = loader_check_elf_named(fi.buf, fi.len, path, ii, err, errlen);
    }
    if (rc == LOADER_OK) {
        uint64_t bias = ii->type == ET_DYN ? pie_bias(ii) : 0;
        rc = map_image(&fi, ii, bias, &m, path, err, errlen);
        if (rc == LOADER_OK) {
            describe_main(&fi, ii, m.bias, info);
            memcpy(info->interp_path, fi.buf + ii->interp_off, ii->interp_len);
            info->interp_path[ii->interp_len] = '\0';
        }
    }
    if (fi.map != NULL) {
        close_image(&fi);
    }
    free(ii);
    if (rc != LOADER_OK) {
        return rc;
    }
    if (ln > 0) {
        /* exe_path already names the file behind the descriptor */
    } else if (fd >= 0 || realpath(path, info->exe_path) == NULL) {
        snprintf(info->exe_path, sizeof info->exe_path, "%s", path);
    }
    if (info->interp_path[0] != '\0') {
        rc = load_interp(path, ld_prefix, info, err, errlen);
    }
    return rc;
}

int loader_load_elf(const char *path, const char *ld_prefix, LoadInfo *info, char *err,
                    size_t errlen)
{
    return load_main(-1, path, ld_prefix, info, err, errlen);
}

int loader_load_elf_fd(int fd, const char *name, const char *ld_prefix, LoadInfo *info, char *err,
                       size_t errlen)
{
    return load_main(fd, name, ld_prefix, info, err, errlen);
}
