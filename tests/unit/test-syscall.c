/*
 * test-syscall.c - GTest unit tests for the syscall layer's pure parts: arm64 structure
 * layouts (stat, epoll_event, rt_sigframe and its pieces) against the offsets the arm64
 * kernel and glibc use, open-flag and sigset conversions, and the generated table.
 * Example: ./test-syscall -p /syscall/open-flags
 */
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "syscall/conv.h"
#include "syscall/syscall-defs.h"

/* Offsets printed by an arm64 static program built against the arm64 UAPI/glibc
 * headers (struct stat, ucontext_t, mcontext_t, struct fpsimd_context). */
static void test_stat_layout(void)
{
    g_assert_cmpuint(sizeof(TargetStat), ==, 128);
    g_assert_cmpuint(offsetof(TargetStat, st_mode), ==, 16);
    g_assert_cmpuint(offsetof(TargetStat, st_rdev), ==, 32);
    g_assert_cmpuint(offsetof(TargetStat, st_size), ==, 48);
    g_assert_cmpuint(offsetof(TargetStat, st_blksize), ==, 56);
    g_assert_cmpuint(offsetof(TargetStat, st_blocks), ==, 64);
    g_assert_cmpuint(offsetof(TargetStat, st_atime_sec), ==, 72);
    g_assert_cmpuint(offsetof(TargetStat, st_ctime_sec), ==, 104);
}

static void test_stat_convert(void)
{
    struct stat h;
    TargetStat t;
    memset(&h, 0, sizeof h);
    h.st_dev = 0x801;
    h.st_ino = 123456789;
    h.st_mode = S_IFREG | 0644;
    h.st_nlink = 3;
    h.st_uid = 1000;
    h.st_gid = 100;
    h.st_rdev = 0x1234;
    h.st_size = 1ll << 40;
    h.st_blksize = 4096;
    h.st_blocks = 77;
    h.st_atim.tv_sec = 1;
    h.st_atim.tv_nsec = 2;
    h.st_mtim.tv_sec = 3;
    h.st_mtim.tv_nsec = 4;
    h.st_ctim.tv_sec = 5;
    h.st_ctim.tv_nsec = 6;
    conv_stat_to_target(&t, &h);
    g_assert_cmpuint(t.st_dev, ==, 0x801);
    g_assert_cmpuint(t.st_ino, ==, 123456789);
    g_assert_cmpuint(t.st_mode, ==, S_IFREG | 0644);
    g_assert_cmpuint(t.st_nlink, ==, 3);
    g_assert_cmpuint(t.st_uid, ==, 1000);
    g_assert_cmpuint(t.st_gid, ==, 100);
    g_assert_cmpuint(t.st_rdev, ==, 0x1234);
    g_assert_cmpint(t.st_size, ==, 1ll << 40);
    g_assert_cmpint(t.st_blksize, ==, 4096);
    g_assert_cmpint(t.st_blocks, ==, 77);
    g_assert_cmpint(t.st_atime_sec, ==, 1);
    g_assert_cmpuint(t.st_atime_nsec, ==, 2);
    g_assert_cmpint(t.st_mtime_sec, ==, 3);
    g_assert_cmpuint(t.st_mtime_nsec, ==, 4);
    g_assert_cmpint(t.st_ctime_sec, ==, 5);
    g_assert_cmpuint(t.st_ctime_nsec, ==, 6);
    g_assert_cmpuint(t.pad1, ==, 0);
    g_assert_cmpuint(t.unused4, ==, 0);
}

static void test_open_flags(void)
{
    /* arm64 asm/fcntl.h vs x86-64 (asm-generic) values. */
    g_assert_cmpuint(conv_open_flags_to_host(040000), ==, 0200000);  /* O_DIRECTORY */
    g_assert_cmpuint(conv_open_flags_to_host(0100000), ==, 0400000); /* O_NOFOLLOW */
    g_assert_cmpuint(conv_open_flags_to_host(0200000), ==, 040000);  /* O_DIRECT */
    g_assert_cmpuint(conv_open_flags_to_host(0400000), ==, 0100000); /* O_LARGEFILE */
    g_assert_cmpuint(conv_open_flags_to_target(0200000), ==, 040000);
    g_assert_cmpuint(conv_open_flags_to_target(0400000), ==, 0100000);
    g_assert_cmpuint(conv_open_flags_to_target(040000), ==, 0200000);
    g_assert_cmpuint(conv_open_flags_to_target(0100000), ==, 0400000);
    g_assert_cmpuint(O_DIRECTORY, ==, 0200000);

    unsigned int same = O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK | O_CLOEXEC |
                        O_NOCTTY | O_SYNC | O_PATH;
    g_assert_cmpuint(conv_open_flags_to_host(same), ==, same);
    g_assert_cmpuint(conv_open_flags_to_target(same), ==, same);
    /* O_TMPFILE = __O_TMPFILE | O_DIRECTORY on each side. */
    g_assert_cmpuint(conv_open_flags_to_host(020000000 | 040000), ==, O_TMPFILE);
    for (unsigned int f = 0; f < (1u << 23); f += 0x1111) {
        g_assert_cmpuint(conv_open_flags_to_target(conv_open_flags_to_host(f)), ==, f);
    }
}

static void test_epoll(void)
{
    TargetEpollEvent t = {EPOLLIN | EPOLLOUT, 0, 0x1122334455667788ull}, back;
    struct epoll_event h;
    g_assert_cmpuint(sizeof(TargetEpollEvent), ==, 16);
    g_assert_cmpuint(sizeof(struct epoll_event), ==, 12);
    conv_epoll_event_to_host(&h, &t);
    g_assert_cmpuint(h.events, ==, EPOLLIN | EPOLLOUT);
    g_assert_cmpuint(h.data.u64, ==, 0x1122334455667788ull);
    memset(&back, 0xff, sizeof back);
    conv_epoll_event_to_target(&back, &h);
    g_assert_cmpmem(&back, sizeof back, &t, sizeof t);
}

static void test_sigset(void)
{
    sigset_t h;
    uint64_t t = (1ull << (SIGINT - 1)) | (1ull << (SIGCHLD - 1)) | (1ull << 63);
    conv_sigset_to_host(&h, t);
    g_assert_cmpint(sigismember(&h, SIGINT), ==, 1);
    g_assert_cmpint(sigismember(&h, SIGCHLD), ==, 1);
    g_assert_cmpint(sigismember(&h, SIGTERM), ==, 0);
    g_assert_cmpuint(conv_sigset_to_target(&h), ==, t);
    /* The kernel's sigset_t is the same 64-bit word on both sides. */
    sigemptyset(&h);
    sigaddset(&h, SIGUSR1);
    uint64_t raw;
    memcpy(&raw, &h, 8);
    g_assert_cmpuint(raw, ==, conv_sigset_to_target(&h));
}

static void test_sigframe_layout(void)
{
    g_assert_cmpuint(sizeof(siginfo_t), ==, 128);
    g_assert_cmpuint(offsetof(TargetRtSigframe, info), ==, 0);
    g_assert_cmpuint(offsetof(TargetRtSigframe, uc), ==, 128);
    g_assert_cmpuint(sizeof(TargetStack), ==, 24);
    g_assert_cmpuint(offsetof(TargetUcontext, uc_stack), ==, 16);
    g_assert_cmpuint(offsetof(TargetUcontext, uc_sigmask), ==, 40);
    g_assert_cmpuint(offsetof(TargetUcontext, uc_mcontext), ==, 176);
    g_assert_cmpuint(offsetof(TargetSigcontext, regs), ==, 8);
    g_assert_cmpuint(offsetof(TargetSigcontext, sp), ==, 256);
    g_assert_cmpuint(offsetof(TargetSigcontext, pc), ==, 264);
    g_assert_cmpuint(offsetof(TargetSigcontext, pstate), ==, 272);
    g_assert_cmpuint(offsetof(TargetSigcontext, reserved), ==, 288);
    g_assert_cmpuint(sizeof(TargetSigcontext), ==, 4384);
    g_assert_cmpuint(sizeof(TargetUcontext), ==, 4560);
    g_assert_cmpuint(sizeof(TargetRtSigframe), ==, 4688);
    g_assert_cmpuint(sizeof(TargetRtSigframe) % 16, ==, 0);
    g_assert_cmpuint(sizeof(TargetFpsimdContext), ==, 528);
    g_assert_cmpuint(offsetof(TargetFpsimdContext, fpsr), ==, 8);
    g_assert_cmpuint(offsetof(TargetFpsimdContext, vregs), ==, 16);
    g_assert_cmpuint(sizeof(TargetSigaction), ==, 32);
    g_assert_cmpuint(offsetof(TargetSigaction, mask), ==, 24);
    g_assert_cmpuint(sizeof(TargetFrameRecord), ==, 16);
}

static void test_table(void)
{
    static const struct {
        unsigned nr;
        const char *name;
        int kind;
    } known[] = {
        {56, "openat", SC_CUSTOM},  {57, "close", SC_PASS},        {63, "read", SC_PASS},
        {64, "write", SC_PASS},     {79, "newfstatat", SC_CUSTOM}, {80, "fstat", SC_CUSTOM},
        {93, "exit", SC_CUSTOM},    {94, "exit_group", SC_CUSTOM}, {139, "rt_sigreturn", SC_CUSTOM},
        {220, "clone", SC_CUSTOM},  {221, "execve", SC_CUSTOM},    {222, "mmap", SC_CUSTOM},
        {435, "clone3", SC_CUSTOM}, {293, "rseq", SC_ENOSYS},      {24, "dup3", SC_PASS},
        {59, "pipe2", SC_CUSTOM},   {129, "kill", SC_PASS},        {260, "wait4", SC_PASS},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        const SyscallEntry *e = &syscall_table[known[i].nr];
        g_assert_cmpstr(e->name, ==, known[i].name);
        g_assert_cmpint(e->kind, ==, known[i].kind);
        if (e->kind == SC_CUSTOM) {
            g_assert_nonnull(e->handler);
        }
        if (e->kind == SC_PASS) {
            g_assert_cmpint(e->host_nr, >=, 0);
        }
    }
    g_assert_cmpint(syscall_table[63].host_nr, ==, 0); /* x86-64 read */
    g_assert_cmpint(syscall_table[64].host_nr, ==, 1); /* x86-64 write */
    g_assert_true(syscall_table[63].flags & SC_F_RESTART);
    g_assert_cmpint(syscall_table[42].kind, ==, SC_NONE); /* nfsservctl: not listed */
    g_assert_cmpint(syscall_table[500].kind, ==, SC_NONE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/syscall/stat-layout", test_stat_layout);
    g_test_add_func("/syscall/stat-convert", test_stat_convert);
    g_test_add_func("/syscall/open-flags", test_open_flags);
    g_test_add_func("/syscall/epoll", test_epoll);
    g_test_add_func("/syscall/sigset", test_sigset);
    g_test_add_func("/syscall/sigframe-layout", test_sigframe_layout);
    g_test_add_func("/syscall/table", test_table);
    return g_test_run();
}
