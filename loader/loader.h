/*
 * loader.h - loading an arm64 ELF executable (and its PT_INTERP, if any) into guest memory
 * and building the initial process stack the arm64 Linux kernel would build.
 *
 * Example:
 *     LoadInfo li;  char err[256];
 *     int rc = loader_load_elf("/bin/busybox", NULL, &li, err, sizeof err);
 *     if (rc != LOADER_OK) { fprintf(stderr, "vemu-aarch64: %s\n", err);
 * exit(loader_exit_status(rc)); } uint64_t sp = loader_build_stack(&li, &args, err, sizeof err);
 */
#ifndef VEMU_LOADER_H
#define VEMU_LOADER_H

#include <stddef.h>
#include <stdint.h>

enum LoaderError {
    LOADER_OK = 0,
    LOADER_ENOENT,      /* file (or interpreter) does not exist */
    LOADER_EACCES,      /* cannot open / not executable */
    LOADER_NOT_ELF,     /* bad magic */
    LOADER_WRONG_CLASS, /* ELFCLASS32, wrong endianness */
    LOADER_WRONG_ARCH,  /* e_machine != EM_AARCH64 */
    LOADER_BAD_TYPE,    /* neither ET_EXEC nor ET_DYN */
    LOADER_CORRUPT,     /* truncated, inconsistent headers, bad segment sizes */
    LOADER_OVERLAP,     /* PT_LOAD segments overlap each other */
    LOADER_RANGE,       /* a segment lies outside the guest address space */
    LOADER_NOMEM,       /* mmap failed / address already in use */
};

typedef struct LoadInfo {
    uint64_t entry;       /* where execution starts (the interpreter's entry if any) */
    uint64_t exe_entry;   /* AT_ENTRY: the executable's own entry point */
    uint64_t load_bias;   /* 0 for ET_EXEC */
    uint64_t phdr_addr;   /* AT_PHDR (guest address of the program headers) */
    uint32_t phnum;       /* AT_PHNUM */
    uint32_t phent;       /* AT_PHENT */
    uint64_t interp_base; /* AT_BASE: load bias of the interpreter, 0 if none */
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_brk;     /* first byte after the highest segment, page-aligned */
    uint64_t stack_top;     /* filled by loader_build_stack */
    char interp_path[4096]; /* PT_INTERP contents ("" if none) */
    char exe_path[4096];    /* absolute path of the executable (for /proc/self/exe) */
} LoadInfo;

typedef struct StackArgs {
    int argc;
    char **argv;          /* guest argv (argv[0] possibly overridden by -0) */
    char **envp;          /* NULL-terminated guest environment */
    const char *execfn;   /* AT_EXECFN string */
    const char *platform; /* AT_PLATFORM string, "aarch64" */
    uint64_t hwcap, hwcap2;
    uint64_t stack_size; /* bytes to reserve for the stack, e.g. 8 MiB */
    int secure;          /* AT_SECURE */
    uint64_t vdso_base;  /* AT_SYSINFO_EHDR, 0: no vDSO (no entry) */
} StackArgs;

/* Map the executable at path (and PT_INTERP resolved under ld_prefix first, then /).
 * On failure returns a LoaderError and writes one line (no trailing newline) into err:
 * "<path>: <why>". Never aborts on malformed input. */
int loader_load_elf(const char *path, const char *ld_prefix, LoadInfo *info, char *err,
                    size_t errlen);

/* The same for a program already open on fd (binfmt_misc's AT_EXECFD, or a guest
 * fexecve): fd is closed; name is used in messages and, when /proc cannot name the file
 * behind fd, as the /proc/self/exe path. */
int loader_load_elf_fd(int fd, const char *name, const char *ld_prefix, LoadInfo *info,
                       char *err, size_t errlen);

/* Validate only (no mapping): used by the fuzz harness and by execve to decide whether a
 * file is an arm64 ELF.  buf/len is the whole file. */
int loader_check_elf_image(const uint8_t *buf, size_t len, char *err, size_t errlen);

/* Allocate the guest stack and write argc, argv, envp, auxv the way the arm64 kernel
 * does (16-byte aligned sp, AT_RANDOM bytes, AT_EXECFN and AT_PLATFORM strings).
 * Returns the initial guest sp, or 0 with err set. */
uint64_t loader_build_stack(LoadInfo *info, const StackArgs *args, char *err, size_t errlen);

/* Exit status vemu uses for each loader error: 127 not found, 126 cannot execute. */
int loader_exit_status(int loader_error);

/* Copy of the auxv that was built (for /proc/self/auxv), as (type, value) pairs ending
 * with AT_NULL; returns the number of bytes. */
size_t loader_get_auxv(const uint64_t **auxv);

/* ---- Internal to loader/ (shared by elf-check.c and elf-load.c; also used by tests) ---- */

#define LOADER_PIE_BASE 0x5500000000ull /* load bias base for an ET_DYN main program */
#define LOADER_MAX_PHNUM 1170           /* 64 KiB of program headers, as the kernel allows */

/* What validation learned about an image; PT_LOAD indices are sorted by p_vaddr and
 * exclude segments with p_memsz == 0. */
typedef struct ElfImageInfo {
    uint16_t type;       /* ET_EXEC or ET_DYN */
    uint64_t entry;      /* e_entry (unbiased) */
    uint64_t phoff;      /* e_phoff */
    uint16_t phnum;      /* e_phnum */
    uint64_t lo_page;    /* lowest PT_LOAD page (unbiased) */
    uint64_t hi_page;    /* end of the highest PT_LOAD, rounded up to a page */
    uint64_t max_align;  /* largest power-of-two p_align, at least GUEST_PAGE_SIZE */
    uint64_t phdr_vaddr; /* PT_PHDR p_vaddr, or where e_phoff lands in a PT_LOAD; 0 if none */
    uint64_t interp_off; /* file offset of the PT_INTERP string (NUL-terminated) */
    uint64_t interp_len; /* its length without the NUL; 0 if no PT_INTERP */
    uint16_t nload;
    uint16_t load_idx[LOADER_MAX_PHNUM];
} ElfImageInfo;

/* loader_check_elf_image with a name for messages ("NAME: why") and the parsed result
 * (out may be NULL). */
int loader_check_elf_named(const uint8_t *buf, size_t len, const char *name, ElfImageInfo *out,
                           char *err, size_t errlen);

#endif
