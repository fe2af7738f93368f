/*
 * test-loader.c - GTest units for loader/: ELF validation (valid and malformed images built
 * in memory), mapping ET_EXEC / ET_DYN / PT_INTERP from temporary files, and the initial
 * stack + auxv layout.
 *
 * Example:
 *     ./test-loader -p /loader/check/malformed     # run one group
 */
#include "loader/loader.h"
#include "linux-user/guest-mem.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define EXEC_BASE 0x10000000ull
#define IMG_SIZE 0x3000
#define TEXT_FILESZ 0x300
#define DATA_OFF 0x1000
#define DATA_FILESZ 0x100
#define DATA_MEMSZ 0x3000
#define INTERP_OFF 0x200

typedef struct Img {
    uint8_t buf[IMG_SIZE];
    size_t len;
} Img;

static Elf64_Ehdr *ehdr(Img *im)
{
    return (Elf64_Ehdr *)im->buf;
}

static Elf64_Phdr *phdr(Img *im, unsigned i)
{
    return (Elf64_Phdr *)(im->buf + sizeof(Elf64_Ehdr)) + i;
}

/* phdr 0: PT_LOAD text (headers + code), 1: PT_LOAD data + bss, 2: PT_NOTE or PT_INTERP. */
static void make_image(Img *im, uint16_t type, uint64_t base, const char *interp)
{
    memset(im, 0, sizeof *im);
    im->len = DATA_OFF + DATA_FILESZ;
    Elf64_Ehdr *e = ehdr(im);
    memcpy(e->e_ident, ELFMAG, SELFMAG);
    e->e_ident[EI_CLASS] = ELFCLASS64;
    e->e_ident[EI_DATA] = ELFDATA2LSB;
    e->e_ident[EI_VERSION] = EV_CURRENT;
    e->e_type = type;
    e->e_machine = EM_AARCH64;
    e->e_version = EV_CURRENT;
    e->e_entry = base + 0x100;
    e->e_phoff = sizeof(Elf64_Ehdr);
    e->e_ehsize = sizeof(Elf64_Ehdr);
    e->e_phentsize = sizeof(Elf64_Phdr);
    e->e_phnum = 3;

    Elf64_Phdr *t = phdr(im, 0);
    t->p_type = PT_LOAD;
    t->p_flags = PF_R | PF_X;
    t->p_offset = 0;
    t->p_vaddr = t->p_paddr = base;
    t->p_filesz = t->p_memsz = TEXT_FILESZ;
    t->p_align = 0x10000;

    Elf64_Phdr *d = phdr(im, 1);
    d->p_type = PT_LOAD;
    d->p_flags = PF_R | PF_W;
    d->p_offset = DATA_OFF;
    d->p_vaddr = d->p_paddr = base + 0x10000 + DATA_OFF;
    d->p_filesz = DATA_FILESZ;
    d->p_memsz = DATA_MEMSZ;
    d->p_align = 0x10000;

    Elf64_Phdr *n = phdr(im, 2);
    n->p_type = PT_NOTE;
    if (interp != NULL) {
        n->p_type = PT_INTERP;
        n->p_offset = INTERP_OFF;
        n->p_filesz = strlen(interp) + 1;
        memcpy(im->buf + INTERP_OFF, interp, strlen(interp) + 1);
    }
    /* "code": a recognisable pattern; data: another one. */
    memset(im->buf + 0x100, 0xd5, 0x40);
    memset(im->buf + DATA_OFF, 0x5a, DATA_FILESZ);
}

static int check(Img *im, char *err, size_t errlen)
{
    return loader_check_elf_image(im->buf, im->len, err, errlen);
}

static void test_check_valid(void)
{
    Img im;
    char err[256] = "";
    make_image(&im, ET_EXEC, EXEC_BASE, NULL);
    g_assert_cmpint(check(&im, err, sizeof err), ==, LOADER_OK);
    make_image(&im, ET_DYN, 0, "/lib/ld-linux-aarch64.so.1");
    g_assert_cmpint(check(&im, err, sizeof err), ==, LOADER_OK);

    ElfImageInfo ii;
    g_assert_cmpint(loader_check_elf_named(im.buf, im.len, "x", &ii, err, sizeof err), ==,
                    LOADER_OK);
    g_assert_cmpuint(ii.nload, ==, 2);
    g_assert_cmpuint(ii.interp_len, ==, strlen("/lib/ld-linux-aarch64.so.1"));
    g_assert_cmpuint(ii.phdr_vaddr, ==, sizeof(Elf64_Ehdr));
    g_assert_cmpuint(ii.max_align, ==, 0x10000);
    g_assert_cmpuint(ii.hi_page, ==, 0x10000 + DATA_OFF + DATA_MEMSZ);
}

typedef struct BadCase {
    const char *name;
    void (*mutate)(Img *im);
    int code;
    const char *msg;
} BadCase;

static void m_empty(Img *im)
{
    im->len = 0;
}
static void m_magic(Img *im)
{
    im->buf[1] = 'X';
}
static void m_class32(Img *im)
{
    im->buf[EI_CLASS] = ELFCLASS32;
}
static void m_class_bad(Img *im)
{
    im->buf[EI_CLASS] = 7;
}
static void m_bigendian(Img *im)
{
    im->buf[EI_DATA] = ELFDATA2MSB;
}
static void m_machine(Img *im)
{
    ehdr(im)->e_machine = EM_X86_64;
}
static void m_type(Img *im)
{
    ehdr(im)->e_type = ET_REL;
}
static void m_short_header(Img *im)
{
    im->len = 40;
}
static void m_phoff(Img *im)
{
    ehdr(im)->e_phoff = im->len - 10;
}
static void m_phoff_huge(Img *im)
{
    ehdr(im)->e_phoff = UINT64_MAX - 8;
}
static void m_phnum_huge(Img *im)
{
    ehdr(im)->e_phnum = 0xffff;
}
static void m_phnum_zero(Img *im)
{
    ehdr(im)->e_phnum = 0;
}
static void m_phentsize(Img *im)
{
    ehdr(im)->e_phentsize = 32;
}
static void m_filesz(Img *im)
{
    phdr(im, 1)->p_filesz = DATA_MEMSZ + 1;
}
static void m_beyond_file(Img *im)
{
    phdr(im, 1)->p_filesz = 0x1000;
}
static void m_offset_huge(Img *im)
{
    phdr(im, 1)->p_offset = UINT64_MAX - 0x10;
}
static void m_vaddr_overflow(Img *im)
{
    phdr(im, 1)->p_vaddr = UINT64_MAX - 0x100;
}
static void m_above_max(Img *im)
{
    phdr(im, 1)->p_vaddr = GUEST_ADDR_MAX - 0x1000;
}
static void m_zero_page(Img *im)
{
    phdr(im, 0)->p_vaddr = 0x200;
}
static void m_overlap(Img *im)
{
    phdr(im, 1)->p_vaddr = EXEC_BASE + 0x100;
}
static void m_overlap_unsorted(Img *im)
{
    phdr(im, 0)->p_vaddr = EXEC_BASE + 0x11100;
}
static void m_no_load(Img *im)
{
    phdr(im, 0)->p_type = PT_NOTE;
    phdr(im, 1)->p_type = PT_NOTE;
}
static void m_align(Img *im)
{
    phdr(im, 0)->p_align = 0x3000;
}
static void m_interp_unterminated(Img *im)
{
    phdr(im, 2)->p_filesz -= 1;
}
static void m_interp_long(Img *im)
{
    im->len = IMG_SIZE;
    phdr(im, 2)->p_offset = 0x1200;
    phdr(im, 2)->p_filesz = 4097;
    im->buf[0x1200 + 4096] = 0;
}
static void m_interp_beyond(Img *im)
{
    phdr(im, 2)->p_offset = im->len - 2;
}

static const BadCase bad_cases[] = {
    {"empty", m_empty, LOADER_NOT_ELF, ": not an ELF file"},
    {"magic", m_magic, LOADER_NOT_ELF, ": not an ELF file"},
    {"class32", m_class32, LOADER_WRONG_CLASS, ": 32-bit ELF, expected 64-bit"},
    {"class7", m_class_bad, LOADER_WRONG_CLASS, "invalid ELF class 7"},
    {"bigendian", m_bigendian, LOADER_WRONG_CLASS, "big-endian"},
    {"machine", m_machine, LOADER_WRONG_ARCH, ": ELF for machine 62 (x86-64), not aarch64"},
    {"type", m_type, LOADER_BAD_TYPE, "ELF type 1"},
    {"short-header", m_short_header, LOADER_CORRUPT, "truncated ELF header"},
    {"phoff", m_phoff, LOADER_CORRUPT, ": truncated program header table"},
    {"phoff-huge", m_phoff_huge, LOADER_CORRUPT, ": truncated program header table"},
    {"phnum-huge", m_phnum_huge, LOADER_CORRUPT, "too many program headers"},
    {"phnum-zero", m_phnum_zero, LOADER_CORRUPT, "no program headers"},
    {"phentsize", m_phentsize, LOADER_CORRUPT, "bad program header size"},
    {"filesz", m_filesz, LOADER_CORRUPT, "larger than memory size"},
    {"beyond-file", m_beyond_file, LOADER_CORRUPT, "beyond end of file"},
    {"offset-huge", m_offset_huge, LOADER_CORRUPT, "beyond end of file"},
    {"vaddr-overflow", m_vaddr_overflow, LOADER_RANGE, "outside the guest address space"},
    {"above-max", m_above_max, LOADER_RANGE, "outside the guest address space"},
    {"zero-page", m_zero_page, LOADER_RANGE, "zero page"},
    {"overlap", m_overlap, LOADER_OVERLAP, ": PT_LOAD segments overlap"},
    {"overlap-unsorted", m_overlap_unsorted, LOADER_OVERLAP, ": PT_LOAD segments overlap"},
    {"no-load", m_no_load, LOADER_CORRUPT, "no PT_LOAD segments"},
    {"align", m_align, LOADER_CORRUPT, "not a power of two"},
    {"interp-unterminated", m_interp_unterminated, LOADER_CORRUPT, "PT_INTERP not NUL-terminated"},
    {"interp-long", m_interp_long, LOADER_CORRUPT, "PT_INTERP too long"},
    {"interp-beyond", m_interp_beyond, LOADER_CORRUPT, "PT_INTERP beyond end of file"},
};

static void test_check_malformed(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        const BadCase *bc = &bad_cases[i];
        Img im;
        char err[256] = "";
        make_image(&im, ET_EXEC, EXEC_BASE, "/lib/ld-linux-aarch64.so.1");
        bc->mutate(&im);
        int rc = check(&im, err, sizeof err);
        if (rc != bc->code || strstr(err, bc->msg) == NULL || strncmp(err, "<image>: ", 9) != 0 ||
            strchr(err, '\n') != NULL) {
            g_error("case %s: got %d \"%s\", want %d \"...%s\"", bc->name, rc, err, bc->code,
                    bc->msg);
        }
    }
}

static void test_check_truncated(void)
{
    Img im;
    make_image(&im, ET_EXEC, EXEC_BASE, NULL);
    size_t full = im.len;
    for (size_t len = 0; len < full; len++) {
        char err[256] = "";
        /* a fresh heap copy of exactly len bytes so ASan catches any over-read */
        uint8_t *copy = g_memdup2(im.buf, len);
        int rc = loader_check_elf_image(len ? copy : NULL, len, err, sizeof err);
        g_free(copy);
        if (rc == LOADER_OK || err[0] == '\0') {
            g_error("truncated at %zu accepted (%s)", len, err);
        }
    }
}

static char *tmpdir;

static char *write_image(const char *name, Img *im)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    GError *ge = NULL;
    g_assert_true(g_file_set_contents(path, (const char *)im->buf, (gssize)im->len, &ge));
    return path;
}

static void check_mapped(uint64_t base, const Img *im)
{
    const uint8_t *text = g2h(base);
    g_assert_cmpmem(text, TEXT_FILESZ, im->buf, TEXT_FILESZ);
    const uint8_t *data = g2h(base + 0x10000 + DATA_OFF);
    g_assert_cmpmem(data, DATA_FILESZ, im->buf + DATA_OFF, DATA_FILESZ);
    for (unsigned i = DATA_FILESZ; i < DATA_MEMSZ; i++) {
        g_assert_cmpuint(data[i], ==, 0);
    }
    ((uint8_t *)data)[DATA_MEMSZ - 1] = 1; /* bss is writable */
    ((uint8_t *)data)[DATA_MEMSZ - 1] = 0;
}

/* The "rwxp" permission string of the host mapping containing addr, from /proc/self/maps. */
static char *perms_at(uint64_t addr)
{
    char *maps = NULL;
    char *result = g_strdup("none");
    g_assert_true(g_file_get_contents("/proc/self/maps", &maps, NULL, NULL));
    char **lines = g_strsplit(maps, "\n", -1);
    for (char **l = lines; *l != NULL && **l != '\0'; l++) {
        unsigned long long lo, hi;
        char perms[8];
        if (sscanf(*l, "%llx-%llx %7s", &lo, &hi, perms) == 3 && addr >= lo && addr < hi) {
            g_free(result);
            result = g_strdup(perms);
            break;
        }
    }
    g_strfreev(lines);
    g_free(maps);
    return result;
}

static void assert_perms(uint64_t addr, const char *want)
{
    char *got = perms_at(addr);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_load_exec(void)
{
    Img im;
    LoadInfo li;
    char err[256] = "";
    make_image(&im, ET_EXEC, EXEC_BASE, NULL);
    char *path = write_image("exec", &im);
    g_assert_cmpint(loader_load_elf(path, NULL, &li, err, sizeof err), ==, LOADER_OK);
    g_assert_cmpuint(li.load_bias, ==, 0);
    g_assert_cmpuint(li.entry, ==, EXEC_BASE + 0x100);
    g_assert_cmpuint(li.exe_entry, ==, li.entry);
    g_assert_cmpuint(li.interp_base, ==, 0);
    g_assert_cmpstr(li.interp_path, ==, "");
    g_assert_cmpuint(li.phdr_addr, ==, EXEC_BASE + sizeof(Elf64_Ehdr));
    g_assert_cmpuint(li.phnum, ==, 3);
    g_assert_cmpuint(li.phent, ==, sizeof(Elf64_Phdr));
    g_assert_cmpuint(li.start_code, ==, EXEC_BASE);
    g_assert_cmpuint(li.end_code, ==, EXEC_BASE + TEXT_FILESZ);
    g_assert_cmpuint(li.start_brk, ==, EXEC_BASE + 0x10000 + DATA_OFF + DATA_MEMSZ);
    g_assert_true(li.exe_path[0] == '/');
    check_mapped(EXEC_BASE, &im);
    assert_perms(EXEC_BASE, "r--p");
    assert_perms(EXEC_BASE + 0x10000 + DATA_OFF, "rw-p");
    assert_perms(EXEC_BASE + 0x10000 + DATA_OFF + DATA_MEMSZ - 1, "rw-p");
    assert_perms(EXEC_BASE + 0x8000, "none");

    /* Loading again must not clobber the existing mapping. */
    LoadInfo li2;
    g_assert_cmpint(loader_load_elf(path, NULL, &li2, err, sizeof err), ==, LOADER_NOMEM);
    g_assert_nonnull(strstr(err, "already in use"));
    check_mapped(EXEC_BASE, &im);

    munmap(g2h(EXEC_BASE), li.start_brk - EXEC_BASE);
    g_free(path);
}

/* From a descriptor (binfmt_misc's AT_EXECFD, -execfd): mapped the same, the descriptor
 * closed, /proc/self/exe the file behind it even when the name given is not a path. */
static void test_load_fd(void)
{
    const uint64_t base = EXEC_BASE + 0x2000000;
    Img im;
    LoadInfo li;
    char err[256] = "";
    make_image(&im, ET_EXEC, base, NULL);
    char *path = write_image("byfd", &im);
    char *real = realpath(path, NULL);
    int fd = open(path, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    int rc = loader_load_elf_fd(fd, "/dev/fd/5", NULL, &li, err, sizeof err);
    if (rc != LOADER_OK) {
        g_error("%s", err);
    }
    g_assert_cmpint(fcntl(fd, F_GETFD), ==, -1); /* closed */
    g_assert_cmpstr(li.exe_path, ==, real);
    check_mapped(base, &im);
    munmap(g2h(base), li.start_brk - base);

    /* errors name the file as given */
    int dfd = open("/", O_RDONLY | O_DIRECTORY);
    g_assert_cmpint(loader_load_elf_fd(dfd, "/dev/fd/9", NULL, &li, err, sizeof err), ==,
                    LOADER_EACCES);
    g_assert_true(g_str_has_prefix(err, "/dev/fd/9: "));
    g_assert_cmpint(fcntl(dfd, F_GETFD), ==, -1);
    free(real);
    g_free(path);
}

/* Text and data sharing one page: both land, the page gets the union of protections. */
static void test_load_shared_page(void)
{
    const uint64_t base = EXEC_BASE + 0x1000000;
    Img im;
    LoadInfo li;
    char err[256] = "";
    make_image(&im, ET_EXEC, base, NULL);
    phdr(&im, 1)->p_vaddr = base + TEXT_FILESZ;
    char *path = write_image("shared", &im);
    int rc = loader_load_elf(path, NULL, &li, err, sizeof err);
    if (rc != LOADER_OK) {
        g_error("%s", err);
    }
    g_assert_cmpmem(g2h(base), TEXT_FILESZ, im.buf, TEXT_FILESZ);
    g_assert_cmpmem(g2h(base + TEXT_FILESZ), DATA_FILESZ, im.buf + DATA_OFF, DATA_FILESZ);
    const uint8_t *bss = g2h(base + TEXT_FILESZ + DATA_FILESZ);
    for (unsigned i = 0; i < DATA_MEMSZ - DATA_FILESZ; i++) {
        g_assert_cmpuint(bss[i], ==, 0);
    }
    assert_perms(base, "rw-p");
    assert_perms(base + TEXT_FILESZ + DATA_MEMSZ - 1, "rw-p");
    g_assert_cmpuint(li.start_brk, ==, base + 0x4000);
    munmap(g2h(base), li.start_brk - base);
    g_free(path);
}

static void test_load_dyn_interp(void)
{
    Img im, ld;
    LoadInfo li;
    char err[256] = "";
    make_image(&im, ET_DYN, 0, "/ld.so");
    make_image(&ld, ET_DYN, 0, NULL);
    ehdr(&ld)->e_entry = 0x180;
    char *path = write_image("pie", &im);
    char *ldpath = write_image("ld.so", &ld);

    /* The PIE goes at LOADER_PIE_BASE when that is free (it is not under ASan). */
    char *before = perms_at(LOADER_PIE_BASE);
    int base_free = strcmp(before, "none") == 0;
    g_free(before);
    int rc = loader_load_elf(path, tmpdir, &li, err, sizeof err);
    if (rc != LOADER_OK) {
        g_error("%s", err);
    }
    uint64_t bias = li.load_bias;
    if (base_free) {
        g_assert_cmpuint(bias, ==, LOADER_PIE_BASE);
    }
    g_assert_cmpuint(bias, !=, 0);
    g_assert_cmpuint(bias % 0x10000, ==, 0);
    g_assert_cmpuint(li.exe_entry, ==, bias + 0x100);
    g_assert_cmpuint(li.phdr_addr, ==, bias + sizeof(Elf64_Ehdr));
    g_assert_cmpstr(li.interp_path, ==, "/ld.so");
    g_assert_cmpuint(li.interp_base, !=, 0);
    g_assert_cmpuint(li.interp_base % 0x10000, ==, 0);
    g_assert_cmpuint(li.entry, ==, li.interp_base + 0x180);
    check_mapped(bias, &im);
    check_mapped(li.interp_base, &ld);
    assert_perms(bias, "r--p");
    assert_perms(bias + 0x8000, "---p"); /* hole inside the reservation */
    assert_perms(li.interp_base + 0x10000 + DATA_OFF, "rw-p");
    uint64_t span = 0x10000 + DATA_OFF + DATA_MEMSZ;
    munmap(g2h(li.interp_base), span);

    /* Interpreter missing: ENOENT naming the interpreter, exit status 127. */
    munmap(g2h(bias), span);
    rc = loader_load_elf(path, "/nonexistent-prefix", &li, err, sizeof err);
    g_assert_cmpint(rc, ==, LOADER_ENOENT);
    g_assert_cmpint(loader_exit_status(rc), ==, 127);
    g_assert_nonnull(strstr(err, ": interpreter /ld.so not found (use -L"));
    munmap(g2h(li.load_bias), span);
    g_free(path);
    g_free(ldpath);
}

static void test_load_errors(void)
{
    LoadInfo li;
    char err[256] = "";
    int rc = loader_load_elf("/nonexistent/vemu-x", NULL, &li, err, sizeof err);
    g_assert_cmpint(rc, ==, LOADER_ENOENT);
    g_assert_cmpstr(err, ==, "/nonexistent/vemu-x: No such file or directory");
    g_assert_cmpint(loader_exit_status(rc), ==, 127);

    rc = loader_load_elf(tmpdir, NULL, &li, err, sizeof err);
    g_assert_cmpint(rc, ==, LOADER_EACCES);
    g_assert_cmpint(loader_exit_status(rc), ==, 126);

    Img im;
    make_image(&im, ET_EXEC, EXEC_BASE, NULL);
    ehdr(&im)->e_machine = EM_X86_64;
    char *path = write_image("x86", &im);
    rc = loader_load_elf(path, NULL, &li, err, sizeof err);
    g_assert_cmpint(rc, ==, LOADER_WRONG_ARCH);
    g_assert_cmpint(loader_exit_status(rc), ==, 126);
    char *want = g_strdup_printf("%s: ELF for machine 62 (x86-64), not aarch64", path);
    g_assert_cmpstr(err, ==, want);
    g_free(want);
    g_free(path);

    /* A hostile PT_INTERP cannot break the one-line message. */
    const uint64_t base = EXEC_BASE + 0x2000000;
    make_image(&im, ET_EXEC, base, "/no\nsuch\033[2J");
    path = write_image("nl", &im);
    rc = loader_load_elf(path, NULL, &li, err, sizeof err);
    g_assert_cmpint(rc, ==, LOADER_ENOENT);
    g_assert_null(strchr(err, '\n'));
    g_assert_nonnull(strstr(err, "interpreter /no?such?[2J not found"));
    munmap(g2h(base), li.start_brk - base);
    g_free(path);
}

/* A real arm64 ld.so, when the cross toolchain's sysroot is installed. */
static void test_load_real_ldso(void)
{
    const char *p = "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1";
    LoadInfo li;
    char err[256] = "";
    if (access(p, R_OK) != 0) {
        g_test_skip("no arm64 ld.so installed");
        return;
    }
    if (loader_load_elf(p, NULL, &li, err, sizeof err) != LOADER_OK) {
        g_error("%s", err);
    }
    g_assert_cmpuint(li.load_bias % 0x10000, ==, 0);
    g_assert_cmpmem(g2h(li.load_bias), 4, ELFMAG, 4);
    g_assert_cmpuint(li.phdr_addr, ==, li.load_bias + sizeof(Elf64_Ehdr));
    munmap(g2h(li.load_bias), li.start_brk - li.load_bias);
}

static uint64_t auxv_get(const uint64_t *a, uint64_t type)
{
    for (; a[0] != AT_NULL; a += 2) {
        if (a[0] == type) {
            return a[1];
        }
    }
    return UINT64_MAX;
}

static void test_build_stack(void)
{
    LoadInfo li;
    memset(&li, 0, sizeof li);
    li.phdr_addr = 0x400040;
    li.phnum = 9;
    li.phent = 56;
    li.exe_entry = 0x400100;
    li.entry = 0x7000100;
    li.interp_base = 0x7000000;
    strcpy(li.exe_path, "/bin/prog");
    char *argv[] = {"prog", "-x", "", "last", NULL};
    char *envp[] = {"A=1", "PATH=/bin", NULL};
    StackArgs sa = {.argc = 4,
                    .argv = argv,
                    .envp = envp,
                    .execfn = "./prog",
                    .platform = "aarch64",
                    .hwcap = 0xff,
                    .hwcap2 = 0x3,
                    .stack_size = 0};
    char err[256] = "";
    uint64_t sp = loader_build_stack(&li, &sa, err, sizeof err);
    g_assert_cmpuint(sp, !=, 0);
    g_assert_cmpuint(sp % 16, ==, 0);
    g_assert_cmpuint(li.stack_top, >, sp);
    g_assert_cmpuint(li.stack_top - sp, <, 4096);

    const uint64_t *w = g2h(sp);
    g_assert_cmpuint(w[0], ==, 4);
    for (int i = 0; i < 4; i++) {
        g_assert_cmpstr((const char *)g2h(w[1 + i]), ==, argv[i]);
        g_assert_cmpuint(w[1 + i], >, sp);
        g_assert_cmpuint(w[1 + i], <, li.stack_top);
    }
    g_assert_cmpuint(w[5], ==, 0);
    g_assert_cmpstr((const char *)g2h(w[6]), ==, "A=1");
    g_assert_cmpstr((const char *)g2h(w[7]), ==, "PATH=/bin");
    g_assert_cmpuint(w[8], ==, 0);
    /* argv strings below envp strings, contiguous, as the kernel copies them */
    g_assert_cmpuint(w[6], ==, w[4] + strlen("last") + 1);

    const uint64_t *aux = w + 9;
    g_assert_cmpuint(aux[0], ==, AT_MINSIGSTKSZ);
    g_assert_cmpuint(aux[1], ==, 5120);
    g_assert_cmpuint(auxv_get(aux, AT_HWCAP), ==, 0xff);
    g_assert_cmpuint(auxv_get(aux, AT_HWCAP2), ==, 0x3);
    g_assert_cmpuint(auxv_get(aux, AT_PAGESZ), ==, 4096);
    g_assert_cmpuint(auxv_get(aux, AT_CLKTCK), ==, 100);
    g_assert_cmpuint(auxv_get(aux, AT_PHDR), ==, 0x400040);
    g_assert_cmpuint(auxv_get(aux, AT_PHENT), ==, 56);
    g_assert_cmpuint(auxv_get(aux, AT_PHNUM), ==, 9);
    g_assert_cmpuint(auxv_get(aux, AT_BASE), ==, 0x7000000);
    g_assert_cmpuint(auxv_get(aux, AT_FLAGS), ==, 0);
    g_assert_cmpuint(auxv_get(aux, AT_ENTRY), ==, 0x400100);
    g_assert_cmpuint(auxv_get(aux, AT_UID), ==, getuid());
    g_assert_cmpuint(auxv_get(aux, AT_EUID), ==, geteuid());
    g_assert_cmpuint(auxv_get(aux, AT_GID), ==, getgid());
    g_assert_cmpuint(auxv_get(aux, AT_EGID), ==, getegid());
    g_assert_cmpuint(auxv_get(aux, AT_SECURE), ==, 0);
    g_assert_cmpuint(auxv_get(aux, AT_SYSINFO_EHDR), ==, UINT64_MAX);
    g_assert_cmpstr((const char *)g2h(auxv_get(aux, AT_EXECFN)), ==, "./prog");
    g_assert_cmpstr((const char *)g2h(auxv_get(aux, AT_PLATFORM)), ==, "aarch64");
    uint64_t rnd = auxv_get(aux, AT_RANDOM);
    g_assert_cmpuint(rnd, >, sp);
    g_assert_cmpuint(rnd + 16, <=, li.stack_top);
    static const uint8_t zero[16];
    g_assert_true(memcmp(g2h(rnd), zero, 16) != 0);
    /* the execfn string sits just below the zero word at the top */
    g_assert_cmpuint(auxv_get(aux, AT_EXECFN), ==, li.stack_top - 8 - strlen("./prog") - 1);

    const uint64_t *saved;
    size_t n = loader_get_auxv(&saved);
    g_assert_cmpuint(n % 16, ==, 0);
    g_assert_cmpuint(n, ==, 20 * 16);
    g_assert_cmpmem(saved, n, aux, n);
    g_assert_cmpuint(saved[n / 8 - 2], ==, AT_NULL);

    /* Stack writable right below sp. */
    ((uint64_t *)g2h(sp))[-1] = 42;
}

static void test_build_stack_too_small(void)
{
    LoadInfo li;
    memset(&li, 0, sizeof li);
    strcpy(li.exe_path, "/bin/prog");
    char *big = g_malloc(20000);
    memset(big, 'a', 19999);
    big[19999] = 0;
    char *argv[] = {big, NULL};
    StackArgs sa = {.argc = 1, .argv = argv, .envp = NULL, .stack_size = 16384};
    char err[256] = "";
    g_assert_cmpuint(loader_build_stack(&li, &sa, err, sizeof err), ==, 0);
    g_assert_nonnull(strstr(err, "argument list too long"));
    g_free(big);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("vemu-test-loader-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/loader/check/valid", test_check_valid);
    g_test_add_func("/loader/check/malformed", test_check_malformed);
    g_test_add_func("/loader/check/truncated", test_check_truncated);
    g_test_add_func("/loader/load/exec", test_load_exec);
    g_test_add_func("/loader/load/shared-page", test_load_shared_page);
    g_test_add_func("/loader/load/dyn-interp", test_load_dyn_interp);
    g_test_add_func("/loader/load/errors", test_load_errors);
    g_test_add_func("/loader/load/fd", test_load_fd);
    g_test_add_func("/loader/load/real-ldso", test_load_real_ldso);
    g_test_add_func("/loader/stack/layout", test_build_stack);
    g_test_add_func("/loader/stack/too-small", test_build_stack_too_small);
    int rc = g_test_run();
    const char *names[] = {"exec", "shared", "x86", "nl", "pie", "ld.so"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *p = g_build_filename(tmpdir, names[i], NULL);
        g_unlink(p);
        g_free(p);
    }
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return rc;
}
