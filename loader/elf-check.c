/*
 * elf-check.c - validation of an arm64 ELF image held in memory, before anything is mapped.
 *
 * Every header field the loader later trusts is checked here, with overflow-safe
 * arithmetic, so that loading never crashes or hangs on a malformed file.  Both
 * loader_load_elf() and the fuzz harness go through loader_check_elf_named().
 *
 * Example:
 *     char err[256];
 *     if (loader_check_elf_image(buf, len, err, sizeof err) != LOADER_OK) {
 *         puts(err);   // "<image>: ELF for machine 62 (x86-64), not aarch64"
 *     }
 */
#include "loader/loader.h"
#include "linux-user/guest-mem.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define INTERP_MAX 4096 /* bytes including the NUL, the size of LoadInfo.interp_path */

static int fail(int code, char *err, size_t errlen, const char *name, const char *fmt, ...)
{
    if (err != NULL && errlen > 0) {
        char why[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, sizeof why, fmt, ap);
        va_end(ap);
        snprintf(err, errlen, "%s: %s", name, why);
    }
    return code;
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_386:
        return "i386";
    case EM_X86_64:
        return "x86-64";
    case EM_ARM:
        return "32-bit arm";
    case EM_MIPS:
        return "mips";
    case EM_PPC:
        return "powerpc";
    case EM_PPC64:
        return "powerpc64";
    case EM_S390:
        return "s390";
    case EM_SPARCV9:
        return "sparc64";
    case 243:
        return "riscv";
    case 258:
        return "loongarch";
    default:
        return "unknown";
    }
}

static uint64_t page_down(uint64_t a)
{
    return a & ~(GUEST_PAGE_SIZE - 1);
}

static int is_pow2(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

static void read_phdr(const uint8_t *buf, uint64_t phoff, unsigned i, Elf64_Phdr *ph)
{
    memcpy(ph, buf + phoff + (uint64_t)i * sizeof *ph, sizeof *ph);
}

static int check_ident(const uint8_t *buf, size_t len, const char *name, char *err, size_t errlen)
{
    if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG) != 0) {
        return fail(LOADER_NOT_ELF, err, errlen, name, "not an ELF file");
    }
    if (buf[EI_CLASS] == ELFCLASS32) {
        return fail(LOADER_WRONG_CLASS, err, errlen, name, "32-bit ELF, expected 64-bit");
    }
    if (buf[EI_CLASS] != ELFCLASS64) {
        return fail(LOADER_WRONG_CLASS, err, errlen, name, "invalid ELF class %u", buf[EI_CLASS]);
    }
    if (buf[EI_DATA] == ELFDATA2MSB) {
        return fail(LOADER_WRONG_CLASS, err, errlen, name,
                    "big-endian ELF, expected little-endian");
    }
    if (buf[EI_DATA] != ELFDATA2LSB) {
        return fail(LOADER_WRONG_CLASS, err, errlen, name, "invalid ELF data encoding %u",
                    buf[EI_DATA]);
    }
    return LOADER_OK;
}

static int check_header(const Elf64_Ehdr *eh, size_t len, const char *name, char *err,
                        size_t errlen)
{
    if (eh->e_machine != EM_AARCH64) {
        return fail(LOADER_WRONG_ARCH, err, errlen, name, "ELF for machine %u (%s), not aarch64",
                    eh->e_machine, machine_name(eh->e_machine));
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
        return fail(LOADER_BAD_TYPE, err, errlen, name,
                    "ELF type %u is not an executable or shared object", eh->e_type);
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr)) {
        return fail(LOADER_CORRUPT, err, errlen, name, "bad program header size %u",
                    eh->e_phentsize);
    }
    if (eh->e_phnum == 0) {
        return fail(LOADER_CORRUPT, err, errlen, name, "no program headers");
    }
    if (eh->e_phnum > LOADER_MAX_PHNUM) {
        return fail(LOADER_CORRUPT, err, errlen, name, "too many program headers (%u)",
                    eh->e_phnum);
    }
    uint64_t table = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (eh->e_phoff > len || table > len - eh->e_phoff) {
        return fail(LOADER_CORRUPT, err, errlen, name, "truncated program header table");
    }
    return LOADER_OK;
}

/* Checks one PT_LOAD; the address limit depends on whether the image will be biased. */
static int check_load(const Elf64_Phdr *ph, unsigned i, int is_dyn, size_t len, const char *name,
                      char *err, size_t errlen)
{
    if (ph->p_filesz > ph->p_memsz) {
        return fail(LOADER_CORRUPT, err, errlen, name,
                    "segment %u: file size 0x%llx larger than memory size 0x%llx", i,
                    (unsigned long long)ph->p_filesz, (unsigned long long)ph->p_memsz);
    }
    /* A segment without file data (pure bss) may have any offset, as for the kernel. */
    if (ph->p_filesz != 0 && (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)) {
        return fail(LOADER_CORRUPT, err, errlen, name, "segment %u: data beyond end of file", i);
    }
    if (ph->p_align > 1 && !is_pow2(ph->p_align)) {
        return fail(LOADER_CORRUPT, err, errlen, name,
                    "segment %u: alignment 0x%llx is not a power of two", i,
                    (unsigned long long)ph->p_align);
    }
    if (ph->p_align > (1ull << 30)) {
        return fail(LOADER_CORRUPT, err, errlen, name, "segment %u: alignment too large", i);
    }
    if (ph->p_memsz == 0) {
        return LOADER_OK; /* maps nothing, so its address does not matter */
    }
    uint64_t limit = GUEST_ADDR_MAX + 1 - (is_dyn ? LOADER_PIE_BASE : 0);
    if (ph->p_vaddr >= limit || ph->p_memsz > limit - ph->p_vaddr) {
        return fail(LOADER_RANGE, err, errlen, name,
                    "segment %u at 0x%llx+0x%llx lies outside the guest address space", i,
                    (unsigned long long)ph->p_vaddr, (unsigned long long)ph->p_memsz);
    }
    if (!is_dyn && page_down(ph->p_vaddr) < GUEST_PAGE_SIZE) {
        return fail(LOADER_RANGE, err, errlen, name, "segment %u maps the zero page", i);
    }
    return LOADER_OK;
}

static int check_interp(const uint8_t *buf, size_t len, const Elf64_Phdr *ph, ElfImageInfo *ii,
                        const char *name, char *err, size_t errlen)
{
    if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset) {
        return fail(LOADER_CORRUPT, err, errlen, name, "PT_INTERP beyond end of file");
    }
    if (ph->p_filesz < 2) {
        return fail(LOADER_CORRUPT, err, errlen, name, "PT_INTERP too short");
    }
    if (ph->p_filesz > INTERP_MAX) {
        return fail(LOADER_CORRUPT, err, errlen, name, "PT_INTERP too long");
    }
    const uint8_t *s = buf + ph->p_offset;
    if (s[ph->p_filesz - 1] != '\0') {
        return fail(LOADER_CORRUPT, err, errlen, name, "PT_INTERP not NUL-terminated");
    }
    size_t n = strlen((const char *)s);
    if (n == 0) {
        return fail(LOADER_CORRUPT, err, errlen, name, "PT_INTERP is empty");
    }
    ii->interp_off = ph->p_offset;
    ii->interp_len = n;
    return LOADER_OK;
}

/* Sorts ii->load_idx by p_vaddr (insertion sort: the table is nearly always sorted). */
static void sort_loads(const uint8_t *buf, ElfImageInfo *ii)
{
    for (unsigned i = 1; i < ii->nload; i++) {
        uint16_t cur = ii->load_idx[i];
        Elf64_Phdr pc, pj;
        read_phdr(buf, ii->phoff, cur, &pc);
        unsigned j = i;
        while (j > 0) {
            read_phdr(buf, ii->phoff, ii->load_idx[j - 1], &pj);
            if (pj.p_vaddr <= pc.p_vaddr) {
                break;
            }
            ii->load_idx[j] = ii->load_idx[j - 1];
            j--;
        }
        ii->load_idx[j] = cur;
    }
}

/* Byte ranges must not overlap (sharing a page is allowed, as the kernel allows). */
static int check_overlap(const uint8_t *buf, ElfImageInfo *ii, const char *name, char *err,
                         size_t errlen)
{
    Elf64_Phdr prev, cur;
    for (unsigned k = 0; k < ii->nload; k++) {
        read_phdr(buf, ii->phoff, ii->load_idx[k], &cur);
        if (k > 0 && cur.p_vaddr < prev.p_vaddr + prev.p_memsz) {
            return fail(LOADER_OVERLAP, err, errlen, name,
                        "PT_LOAD segments overlap (segments %u and %u)", ii->load_idx[k - 1],
                        ii->load_idx[k]);
        }
        prev = cur;
    }
    return LOADER_OK;
}

/* Where the program headers are in guest memory: PT_PHDR, else inside a PT_LOAD. */
static uint64_t find_phdr_vaddr(const uint8_t *buf, const ElfImageInfo *ii, int has_pt_phdr,
                                uint64_t pt_phdr_vaddr)
{
    if (has_pt_phdr) {
        return pt_phdr_vaddr;
    }
    uint64_t size = (uint64_t)ii->phnum * sizeof(Elf64_Phdr);
    for (unsigned k = 0; k < ii->nload; k++) {
        Elf64_Phdr ph;
        read_phdr(buf, ii->phoff, ii->load_idx[k], &ph);
        if (ph.p_offset <= ii->phoff && ii->phoff - ph.p_offset <= ph.p_filesz &&
            size <= ph.p_filesz - (ii->phoff - ph.p_offset)) {
            return ph.p_vaddr + (ii->phoff - ph.p_offset);
        }
    }
    return 0;
}

int loader_check_elf_named(const uint8_t *buf, size_t len, const char *name, ElfImageInfo *out,
                           char *err, size_t errlen)
{
    ElfImageInfo scratch;
    ElfImageInfo *ii = out != NULL ? out : &scratch;
    Elf64_Ehdr eh;
    int rc;

    if (buf == NULL) {
        len = 0;
    }
    if (name == NULL) {
        name = "<image>";
    }
    rc = check_ident(buf, len, name, err, errlen);
    if (rc != LOADER_OK) {
        return rc;
    }
    if (len < sizeof eh) {
        return fail(LOADER_CORRUPT, err, errlen, name, "truncated ELF header");
    }
    memcpy(&eh, buf, sizeof eh);
    rc = check_header(&eh, len, name, err, errlen);
    if (rc != LOADER_OK) {
        return rc;
    }

    memset(ii, 0, offsetof(ElfImageInfo, load_idx));
    ii->type = eh.e_type;
    ii->entry = eh.e_entry;
    ii->phoff = eh.e_phoff;
    ii->phnum = eh.e_phnum;
    ii->max_align = GUEST_PAGE_SIZE;

    int is_dyn = eh.e_type == ET_DYN;
    int has_pt_phdr = 0, seen_interp = 0;
    uint64_t pt_phdr_vaddr = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        read_phdr(buf, eh.e_phoff, i, &ph);
        if (ph.p_type == PT_LOAD) {
            rc = check_load(&ph, i, is_dyn, len, name, err, errlen);
            if (rc != LOADER_OK) {
                return rc;
            }
            if (ph.p_memsz == 0) {
                continue;
            }
            ii->load_idx[ii->nload++] = (uint16_t)i;
            if (ph.p_align > ii->max_align) {
                ii->max_align = ph.p_align;
            }
        } else if (ph.p_type == PT_INTERP && !seen_interp) {
            seen_interp = 1;
            rc = check_interp(buf, len, &ph, ii, name, err, errlen);
            if (rc != LOADER_OK) {
                return rc;
            }
        } else if (ph.p_type == PT_PHDR && !has_pt_phdr) {
            has_pt_phdr = 1;
            pt_phdr_vaddr = ph.p_vaddr;
        }
    }
    if (ii->nload == 0) {
        return fail(LOADER_CORRUPT, err, errlen, name, "no PT_LOAD segments");
    }
    sort_loads(buf, ii);
    rc = check_overlap(buf, ii, name, err, errlen);
    if (rc != LOADER_OK) {
        return rc;
    }

    Elf64_Phdr first, last;
    read_phdr(buf, ii->phoff, ii->load_idx[0], &first);
    read_phdr(buf, ii->phoff, ii->load_idx[ii->nload - 1], &last);
    ii->lo_page = page_down(first.p_vaddr);
    /* check_load guarantees this cannot overflow: the end is below GUEST_ADDR_MAX + 1. */
    ii->hi_page = page_down(last.p_vaddr + last.p_memsz + GUEST_PAGE_SIZE - 1);
    ii->phdr_vaddr = find_phdr_vaddr(buf, ii, has_pt_phdr, pt_phdr_vaddr);
    return LOADER_OK;
}

int loader_check_elf_image(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
    return loader_check_elf_named(buf, len, "<image>", NULL, err, errlen);
}

int loader_exit_status(int loader_error)
{
    return loader_error == LOADER_ENOENT ? 127 : 126;
}
