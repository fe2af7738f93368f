/*
 * proc-maps.c - /proc/self/maps as the arm64 kernel shows a process (proc(5), "maps";
 * fs/proc/task_mmu.c): the program's text r-xp, read-only data r--p and data rw-p, each
 * with the program's path, inode, device and the file offset of the line's first byte;
 * exactly one [stack] line holding the stack, a [heap] line holding what brk/sbrk gave;
 * an anonymous mapping split by mprotect into lines with the new permissions (x included);
 * a file mapping with its offset, device and inode.  Every line is checked for the
 * kernel's format ("start-end perms offset major:minor inode [path]").
 *
 * VEMU_GUEST_QEMU_QUIRKS=1 tolerates qemu-user 7.2's missing [heap] label (a QUIRK line);
 * never set it for vemu.  (qemu-user 7.2 also merges pages of different protections into
 * one line; that check fails under it.)
 * Example: the line holding main() reads "00400000-0047e000 r-xp 00000000 fe:00 1234
 * .../proc-maps".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "check.h"

typedef struct {
    uint64_t start, end, offset, ino;
    unsigned maj, min;
    char perms[5];
    char path[512];
} Line;

static Line lines[512];
static int n_lines, bad_format;

static void load_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char buf[1024];
    n_lines = bad_format = 0;
    CHECK("open /proc/self/maps", f != NULL);
    if (!f) {
        return;
    }
    while (fgets(buf, sizeof buf, f) && n_lines < 512) {
        Line *l = &lines[n_lines];
        unsigned long long s, e, o, ino;
        int n = 0;
        if (sscanf(buf, "%llx-%llx %4s %llx %x:%x %llu%n", &s, &e, l->perms, &o, &l->maj, &l->min,
                   &ino, &n) != 7 ||
            s >= e || (s & 4095) || (e & 4095)) {
            printf("bad maps line: %s", buf);
            bad_format++;
            continue;
        }
        l->start = s;
        l->end = e;
        l->offset = o;
        l->ino = ino;
        const char *p = buf + n;
        while (*p == ' ') {
            p++;
        }
        snprintf(l->path, sizeof l->path, "%s", p);
        l->path[strcspn(l->path, "\n")] = '\0';
        n_lines++;
    }
    fclose(f);
}

static const Line *find(const void *addr)
{
    uint64_t a = (uint64_t)(uintptr_t)addr;
    for (int i = 0; i < n_lines; i++) {
        if (a >= lines[i].start && a < lines[i].end) {
            return &lines[i];
        }
    }
    return NULL;
}

static const char rodata_marker[] = "proc-maps read-only data";
extern void (*__init_array_start[])(void); /* in the RELRO part, made read-only at start */
static char data_marker[64] = "proc-maps writable data";
static char exe_path[512];
static struct stat exe_st;

/* The line holding addr is the program's, with perms, and its offset names the bytes. */
static void check_image_line(const char *what, const void *addr, const char *perms)
{
    const Line *l = find(addr);
    char buf[128];
    snprintf(buf, sizeof buf, "%s: mapped", what);
    CHECK(buf, l != NULL);
    if (!l) {
        return;
    }
    snprintf(buf, sizeof buf, "%s: perms %s (got %s)", what, perms, l->perms);
    CHECK(buf, strcmp(l->perms, perms) == 0);
    snprintf(buf, sizeof buf, "%s: path is the program (got '%s')", what, l->path);
    CHECK(buf, strcmp(l->path, exe_path) == 0);
    snprintf(buf, sizeof buf, "%s: inode", what);
    CHECK_EQ(buf, exe_st.st_ino, l->ino);
    snprintf(buf, sizeof buf, "%s: device", what);
    CHECK_EQ(buf, exe_st.st_dev, makedev(l->maj, l->min));
    /* The file at offset + (addr - start) holds what memory holds at addr. */
    unsigned char file[16];
    int fd = open(exe_path, O_RDONLY);
    ssize_t n =
        pread(fd, file, sizeof file, (off_t)(l->offset + ((uint64_t)(uintptr_t)addr - l->start)));
    close(fd);
    snprintf(buf, sizeof buf, "%s: offset points at the same bytes in the file", what);
    CHECK(buf, n == (ssize_t)sizeof file && memcmp(file, addr, sizeof file) == 0);
}

static void test_program(void)
{
    ssize_t n = readlink("/proc/self/exe", exe_path, sizeof exe_path - 1);
    CHECK("readlink /proc/self/exe", n > 0);
    exe_path[n > 0 ? n : 0] = '\0';
    CHECK("stat exe", stat(exe_path, &exe_st) == 0);
    load_maps();
    CHECK_EQ("every line in the kernel's format", 0, bad_format);
    check_image_line("text (main)", (const void *)(uintptr_t)&test_program, "r-xp");
    /* .rodata shares the R E segment with the text in these static programs. */
    check_image_line("read-only data (in the text segment)", rodata_marker, "r-xp");
    check_image_line("RELRO (after glibc's mprotect)", __init_array_start, "r--p");
    check_image_line("data", data_marker, "rw-p");

    int stacks = 0;
    for (int i = 0; i < n_lines; i++) {
        stacks += strcmp(lines[i].path, "[stack]") == 0;
    }
    CHECK_EQ("exactly one [stack] line", 1, stacks);
    int local = 0;
    const Line *l = find(&local);
    CHECK("a local variable lies in [stack]", l && strcmp(l->path, "[stack]") == 0);
    CHECK("[stack] is rw-p", l && strcmp(l->perms, "rw-p") == 0);
}

static void test_heap(void)
{
    char *p = sbrk(4 * 4096);
    CHECK("sbrk", p != (char *)-1);
    p[0] = 1;
    load_maps();
    const Line *l = find(p);
    CHECK("sbrk memory mapped", l != NULL);
    if (l && strcmp(l->path, "[heap]") != 0 && getenv("VEMU_GUEST_QEMU_QUIRKS")) {
        printf("QUIRK brk memory not labelled [heap] (qemu-user 7.2)\n");
        return;
    }
    CHECK("sbrk memory lies in [heap]", l && strcmp(l->path, "[heap]") == 0);
    CHECK("[heap] is rw-p", l && strcmp(l->perms, "rw-p") == 0);
}

static void expect_line(const char *what, uint64_t start, uint64_t end, const char *perms)
{
    const Line *l = find((void *)(uintptr_t)start);
    char buf[128];
    snprintf(buf, sizeof buf, "%s: a line starts there", what);
    CHECK(buf, l && l->start == start);
    snprintf(buf, sizeof buf, "%s: and ends there", what);
    CHECK(buf, l && l->end == end);
    snprintf(buf, sizeof buf, "%s: perms %s (got %s)", what, perms, l ? l->perms : "none");
    CHECK(buf, l && strcmp(l->perms, perms) == 0);
}

static void test_mprotect(void)
{
    long pg = 4096;
    uint8_t *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap", m != MAP_FAILED);
    uint64_t a = (uint64_t)(uintptr_t)m;
    mprotect(m + pg, pg, PROT_READ | PROT_EXEC);
    mprotect(m + 2 * pg, pg, PROT_READ);
    mprotect(m + 3 * pg, pg, PROT_NONE);
    load_maps();
    expect_line("mprotect: page 0", a, a + pg, "rw-p");
    expect_line("mprotect: page 1 R|X", a + pg, a + 2 * pg, "r-xp");
    expect_line("mprotect: page 2 R", a + 2 * pg, a + 3 * pg, "r--p");
    expect_line("mprotect: page 3 NONE", a + 3 * pg, a + 4 * pg, "---p");
    const Line *l = find(m);
    CHECK("anonymous: offset 0, no inode, no path",
          l && l->offset == 0 && l->ino == 0 && l->path[0] == '\0');
    munmap(m, 4 * pg);
}

static void test_file_mapping(void)
{
    char path[] = "/tmp/vemu-maps-XXXXXX";
    int fd = mkstemp(path);
    CHECK("mkstemp", fd >= 0);
    CHECK("ftruncate", ftruncate(fd, 3 * 4096) == 0);
    struct stat st;
    fstat(fd, &st);
    uint8_t *m = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 4096);
    CHECK("mmap file", m != MAP_FAILED);
    load_maps();
    const Line *l = find(m);
    CHECK("file mapping: r--s", l && strcmp(l->perms, "r--s") == 0);
    CHECK("file mapping: offset 0x1000", l && l->offset == 4096);
    CHECK("file mapping: inode", l && l->ino == st.st_ino);
    CHECK("file mapping: device", l && makedev(l->maj, l->min) == st.st_dev);
    CHECK("file mapping: path", l && strcmp(l->path, path) == 0);
    munmap(m, 2 * 4096);
    close(fd);
    unlink(path);
}

static pthread_mutex_t park = PTHREAD_MUTEX_INITIALIZER;

static void *parked(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&park); /* held by main until the checks are done */
    pthread_mutex_unlock(&park);
    return NULL;
}

/* Mappings made right after a thread starts (when the emulator may map memory of its own
 * for it, which the host kernel can merge with an adjacent guest mapping of the same
 * protection) are listed all the same. */
static void test_mappings_after_thread(void)
{
    pthread_t t;
    pthread_mutex_lock(&park);
    CHECK("pthread_create", pthread_create(&t, NULL, parked, NULL) == 0);
    uint8_t *p[8];
    for (int i = 0; i < 8; i++) {
        p[i] = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        CHECK("mmap", p[i] != MAP_FAILED);
        p[i][0] = 1;
    }
    load_maps();
    for (int i = 0; i < 8; i++) {
        const Line *l = find(p[i]);
        CHECK("a page mapped after a thread started is listed", l != NULL);
        CHECK("... as rw-p", l && strcmp(l->perms, "rw-p") == 0);
    }
    pthread_mutex_unlock(&park);
    pthread_join(t, NULL);
    for (int i = 0; i < 8; i++) {
        munmap(p[i], 4096);
    }
}

int main(void)
{
    data_marker[0] = 'p';
    test_program();
    test_heap();
    test_mprotect();
    test_file_mapping();
    test_mappings_after_thread();
    return finish("proc-maps");
}
