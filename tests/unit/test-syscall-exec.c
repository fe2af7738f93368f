/*
 * test-syscall-exec.c - GTest tests that drive the syscall and signal layer the way the
 * CPU loop does, without the translator: fill x8/x0..x5 of a CPUArchState, call
 * do_syscall_insn(), and check x0 and the guest-visible effects (guest memory is host
 * memory, guest_base 0).  Covers conversions, brk/mmap, /proc fakes, strace output,
 * rt_sigframe delivery and rt_sigreturn, fork via clone, default signal actions, guest
 * threads (clone with pthread flags running real arm64 code, exit with
 * CLONE_CHILD_CLEARTID) and translation invalidation on munmap/mprotect/MAP_FIXED.
 * Example: ./test-syscall-exec -p /syscall-exec/sigframe
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "syscall/conv.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"
#include "tcg/tb.h"

static CPUArchState env;

/* Issue syscall nr with arguments a0..a5 as an SVC at pc would; returns x0. */
static int64_t sc_full(uint64_t pc, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5)
{
    env.xregs[8] = nr;
    env.xregs[0] = a0;
    env.xregs[1] = a1;
    env.xregs[2] = a2;
    env.xregs[3] = a3;
    env.xregs[4] = a4;
    env.xregs[5] = a5;
    env.pc = pc;
    do_syscall_insn(&env);
    return (int64_t)env.xregs[0];
}

static int64_t sc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                  uint64_t a5)
{
    return sc_full(0x400004, nr, a0, a1, a2, a3, a4, a5);
}

#define AT_FDCWD_G ((uint64_t)(int64_t)-100)
#define P(x) ((uint64_t)(uintptr_t)(x))

static void test_files(void)
{
    int fds[2];
    char buf[8] = {0};
    g_assert_cmpint(sc(59, P(fds), 0, 0, 0, 0, 0), ==, 0); /* pipe2 */
    g_assert_cmpint(sc(64, fds[1], P("hello"), 5, 0, 0, 0), ==, 5);
    g_assert_cmpint(sc(63, fds[0], P(buf), sizeof buf, 0, 0, 0), ==, 5);
    g_assert_cmpstr(buf, ==, "hello");
    sc(57, fds[0], 0, 0, 0, 0, 0);
    sc(57, fds[1], 0, 0, 0, 0, 0);

    /* arm64 O_DIRECTORY is 040000. */
    g_assert_cmpint(sc(56, AT_FDCWD_G, P("/etc/passwd"), 040000, 0, 0, 0), ==, -ENOTDIR);
    int64_t fd = sc(56, AT_FDCWD_G, P("/"), 040000, 0, 0, 0);
    g_assert_cmpint(fd, >=, 0);
    int64_t fl = sc(25, fd, F_GETFL, 0, 0, 0, 0);
    g_assert_cmpint(fl & 0400000, !=, 0); /* O_LARGEFILE in arm64 terms */
    g_assert_cmpint(fl & 0100000, ==, 0);
    TargetStat st;
    g_assert_cmpint(sc(80, fd, P(&st), 0, 0, 0, 0), ==, 0);
    g_assert_true(S_ISDIR(st.st_mode));
    g_assert_cmpint(sc(79, AT_FDCWD_G, P("/etc/passwd"), P(&st), 0, 0, 0), ==, 0);
    g_assert_true(S_ISREG(st.st_mode));
    g_assert_cmpint(st.st_size, >, 0);
    sc(57, fd, 0, 0, 0, 0, 0);
    g_assert_cmpint(sc(80, 9999, P(&st), 0, 0, 0, 0), ==, -EBADF);
    g_assert_cmpint(sc(80, 0, 0x10, 0, 0, 0, 0), ==, -EFAULT);
}

static void test_unknown(void)
{
    g_assert_cmpint(sc(1000, 0, 0, 0, 0, 0, 0), ==, -ENOSYS);
    g_assert_cmpint(sc(42, 0, 0, 0, 0, 0, 0), ==, -ENOSYS);
    g_assert_cmpint(sc(293, 0, 0, 0, 0, 0, 0), ==, -ENOSYS); /* rseq */
    g_assert_cmpint(sc(435, 0, 0, 0, 0, 0, 0), ==, -EINVAL); /* clone3, size < 64 */
    /* CLONE_VM|CLONE_THREAD without CLONE_SIGHAND etc. is not a pthread: -EINVAL. */
    g_assert_cmpint(sc(220, 0x100 /* CLONE_VM */ | 0x10000 /* THREAD */, 0, 0, 0, 0, 0), ==,
                    -EINVAL);
}

static void test_uname(void)
{
    char u[6][65];
    g_assert_cmpint(sc(160, P(u), 0, 0, 0, 0, 0), ==, 0);
    g_assert_cmpstr(u[0], ==, "Linux");
    g_assert_cmpstr(u[4], ==, "aarch64");
}

static void test_brk_mmap(void)
{
    void *area = mmap(NULL, 1 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(area != MAP_FAILED);
    munmap(area, 1 << 20);
    uint64_t start = P(area) + 123;
    vemu_load_info.start_brk = start;
    uint64_t base = (start + 4095) & ~4095ull;
    g_assert_cmpuint(sc(214, 0, 0, 0, 0, 0, 0), ==, base);
    g_assert_cmpuint(sc(214, base + 5000, 0, 0, 0, 0, 0), ==, base + 5000);
    memset((void *)(uintptr_t)base, 0xab, 5000);
    g_assert_cmpuint(sc(214, base + 10, 0, 0, 0, 0, 0), ==, base + 10);
    g_assert_cmpuint(sc(214, base + 8192, 0, 0, 0, 0, 0), ==, base + 8192);
    g_assert_cmpint(((unsigned char *)(uintptr_t)base)[5000], ==, 0);       /* regrown page */
    g_assert_cmpuint(sc(214, base - 4096, 0, 0, 0, 0, 0), ==, base + 8192); /* below start */

    /* A fixed mapping over vemu's own code is refused. */
    uint64_t text = P(&test_brk_mmap) & ~4095ull;
    g_assert_cmpint(sc(222, text, 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, (uint64_t)-1, 0),
                    ==, -ENOMEM);
    /* munmap of it leaves it alone; for the guest nothing is mapped there (kernel: 0). */
    g_assert_cmpint(sc(215, text, 4096, 0, 0, 0, 0), ==, 0);
    g_assert_cmpint(*(volatile char *)(uintptr_t)text, ==, *(volatile char *)(uintptr_t)text);
    /* mremap of it: EFAULT, as for any address the guest has not mapped. */
    g_assert_cmpint(sc(216, text, 4096, 8192, 1 /* MAYMOVE */, 0, 0), ==, -EFAULT);
    /* A normal mapping with PROT_EXEC works (and is readable). */
    int64_t m =
        sc(222, 0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0);
    g_assert_cmpint(m, >, 0);
    g_assert_cmpint(*(volatile char *)(uintptr_t)m, ==, 0);
    g_assert_cmpint(sc(215, (uint64_t)m, 4096, 0, 0, 0, 0), ==, 0);
}

static void test_proc(void)
{
    char buf[4096];
    snprintf(vemu_load_info.exe_path, sizeof vemu_load_info.exe_path, "/bin/guest-prog");
    int64_t n = sc(78, AT_FDCWD_G, P("/proc/self/exe"), P(buf), sizeof buf, 0, 0);
    g_assert_cmpint(n, ==, strlen("/bin/guest-prog"));
    g_assert_cmpmem(buf, (size_t)n, "/bin/guest-prog", (size_t)n);
    int64_t fd = sc(56, AT_FDCWD_G, P("/proc/cpuinfo"), 0, 0, 0, 0);
    g_assert_cmpint(fd, >=, 0);
    n = sc(63, (uint64_t)fd, P(buf), sizeof buf - 1, 0, 0, 0);
    g_assert_cmpint(n, >, 0);
    buf[n] = '\0';
    g_assert_nonnull(strstr(buf, "CPU implementer\t: 0x41"));
    sc(57, (uint64_t)fd, 0, 0, 0, 0, 0);
    fd = sc(56, AT_FDCWD_G, P("/proc/self/auxv"), 0, 0, 0, 0);
    g_assert_cmpint(fd, >=, 0);
    sc(57, (uint64_t)fd, 0, 0, 0, 0, 0);
}

static void test_strace(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *old = vemu_log_file;
    vemu_log_file = open_memstream(&text, &len);
    vemu_config.strace = true;
    sc(172, 0, 0, 0, 0, 0, 0);
    sc(57, (uint64_t)-1, 0, 0, 0, 0, 0);
    sc(56, AT_FDCWD_G, P("/nonexistent"), 02000000, 0, 0, 0);
    vemu_config.strace = false;
    fclose(vemu_log_file);
    vemu_log_file = old;
    g_test_message("%s", text);
    g_assert_nonnull(strstr(text, "getpid() = "));
    g_assert_nonnull(strstr(text, "close(-1) = -1 EBADF (Bad file descriptor)"));
    g_assert_nonnull(strstr(text, "openat(AT_FDCWD, \"/nonexistent\", O_RDONLY|O_CLOEXEC) = -1 "
                                  "ENOENT (No such file or directory)"));
    free(text);
}

static void test_guest_copy(void)
{
    uint64_t v = 0;
    g_assert_cmpint(copy_from_guest(&v, 0x10, 8), ==, -EFAULT);
    g_assert_cmpint(copy_to_guest(0x10, &v, 8), ==, -EFAULT);
    g_assert_null(strdup_from_guest(0x10));
    char *s = strdup_from_guest(P("abc"));
    g_assert_cmpstr(s, ==, "abc");
    free(s);
}

static uint64_t guest_mask_now(void)
{
    uint64_t m = 0;
    g_assert_cmpint(sc(135, SIG_BLOCK, 0, P(&m), 8, 0, 0), ==, 0);
    return m;
}

static void test_sigframe(void)
{
    static uint8_t stack[64 * 1024] __attribute__((aligned(16)));
    TargetSigaction act = {0x1000, 0x04000000 | 0x4 /* RESTORER|SIGINFO */, 0x2000,
                           1ull << (SIGUSR2 - 1)};
    TargetSigaction old;
    g_assert_cmpint(sc(134, SIGUSR1, P(&act), P(&old), 8, 0, 0), ==, 0);
    g_assert_cmpuint(old.handler, ==, 0);
    g_assert_cmpint(sc(134, SIGKILL, P(&act), 0, 8, 0, 0), ==, -EINVAL);

    g_assert_cmpint(sc(129, (uint64_t)getpid(), SIGUSR1, 0, 0, 0, 0), ==, 0);
    g_assert_cmpint(env.exit_request, ==, 1);
    for (int i = 0; i < 31; i++) {
        env.xregs[i] = 0x100 + (uint64_t)i;
    }
    uint64_t sp0 = P(stack + sizeof stack) - 0x40;
    env.xregs[31] = sp0;
    env.pc = 0x400100;
    env.vregs[3].d[1] = 0x1234;
    env.fpsr = 0x8000000;
    cpu_set_nzcv(&env, 0x60000000);
    process_pending_signals(&env);

    g_assert_cmpuint(env.pc, ==, 0x1000);
    g_assert_cmpuint(env.xregs[0], ==, SIGUSR1);
    g_assert_cmpuint(env.xregs[30], ==, 0x2000);
    uint64_t frame = env.xregs[31];
    g_assert_cmpuint(frame & 15, ==, 0);
    g_assert_cmpuint(env.xregs[1], ==, frame);
    g_assert_cmpuint(env.xregs[2], ==, frame + 128);
    g_assert_cmpuint(env.xregs[29], ==, (sp0 - 16) & ~15ull);
    g_assert_cmpuint(frame, ==, env.xregs[29] - sizeof(TargetRtSigframe));
    const TargetRtSigframe *f = (const void *)(uintptr_t)frame;
    const siginfo_t *si = (const void *)f->info;
    g_assert_cmpint(si->si_signo, ==, SIGUSR1);
    g_assert_cmpint(si->si_pid, ==, getpid());
    g_assert_cmpuint(f->uc.uc_mcontext.regs[5], ==, 0x105);
    g_assert_cmpuint(f->uc.uc_mcontext.sp, ==, sp0);
    g_assert_cmpuint(f->uc.uc_mcontext.pc, ==, 0x400100);
    g_assert_cmpuint(f->uc.uc_mcontext.pstate, ==, 0x60000000);
    g_assert_cmpuint(f->uc.uc_sigmask, ==, 0);
    const TargetFpsimdContext *fp = (const void *)f->uc.uc_mcontext.reserved;
    g_assert_cmphex(fp->head.magic, ==, 0x46508001);
    g_assert_cmpuint(fp->head.size, ==, 528);
    g_assert_cmphex(fp->fpsr, ==, 0x8000000);
    g_assert_cmphex(fp->vregs[3][1], ==, 0x1234);
    const TargetCtxHeader *end = (const void *)(f->uc.uc_mcontext.reserved + 528);
    g_assert_cmpuint(end->magic, ==, 0);
    g_assert_cmpuint(end->size, ==, 0);
    const TargetFrameRecord *rec = (const void *)(uintptr_t)env.xregs[29];
    g_assert_cmpuint(rec->fp, ==, 0x100 + 29);
    g_assert_cmpuint(rec->lr, ==, 0x100 + 30);
    /* In the handler: SIGUSR1 (no SA_NODEFER) and sa_mask's SIGUSR2 are blocked. */
    g_assert_cmphex(guest_mask_now(), ==, (1ull << (SIGUSR1 - 1)) | (1ull << (SIGUSR2 - 1)));

    /* The handler changes registers, then returns through the restorer. */
    env.xregs[31] = frame;
    env.vregs[3].d[1] = 0;
    cpu_set_nzcv(&env, 0);
    env.xregs[8] = 139;
    env.xregs[0] = 0xdead;
    do_syscall_insn(&env);
    g_assert_cmpuint(env.pc, ==, 0x400100);
    g_assert_cmpuint(env.xregs[31], ==, sp0);
    g_assert_cmpuint(env.xregs[0], ==, 0x100); /* not clobbered by a return value */
    g_assert_cmpuint(env.xregs[8], ==, 0x108);
    g_assert_cmpuint(env.xregs[30], ==, 0x100 + 30);
    g_assert_cmphex(env.vregs[3].d[1], ==, 0x1234);
    g_assert_cmphex(cpu_get_nzcv(&env), ==, 0x60000000);
    g_assert_cmphex(guest_mask_now(), ==, 0);
}

static void test_sigsuspend(void)
{
    static uint8_t stack[64 * 1024] __attribute__((aligned(16)));
    uint64_t usr1 = 1ull << (SIGUSR1 - 1), none = 0;
    g_assert_cmpint(sc(135, SIG_BLOCK, P(&usr1), 0, 8, 0, 0), ==, 0);
    g_assert_cmpint(sc(129, (uint64_t)getpid(), SIGUSR1, 0, 0, 0, 0), ==, 0);
    uint64_t pend = 0;
    g_assert_cmpint(sc(136, P(&pend), 8, 0, 0, 0, 0), ==, 0);
    g_assert_cmphex(pend, ==, usr1);
    env.xregs[31] = P(stack + sizeof stack);
    g_assert_cmpint(sc(133, P(&none), 8, 0, 0, 0, 0), ==, -EINTR);
    process_pending_signals(&env);
    g_assert_cmpuint(env.pc, ==, 0x1000);
    const TargetRtSigframe *f = (const void *)(uintptr_t)env.xregs[31];
    g_assert_cmphex(f->uc.uc_sigmask, ==, usr1); /* the mask from before sigsuspend */
    env.xregs[8] = 139;
    do_syscall_insn(&env);
    g_assert_cmphex(guest_mask_now(), ==, usr1);
    g_assert_cmpint(sc(135, SIG_SETMASK, P(&none), 0, 8, 0, 0), ==, 0);
}

static void test_fork(void)
{
    int status = 0;
    int64_t pid = sc(220, SIGCHLD, 0, 0, 0, 0, 0);
    if (pid == 0) {
        _exit(42);
    }
    g_assert_cmpint(pid, >, 0);
    g_assert_cmpint(sc(260, (uint64_t)pid, P(&status), 0, 0, 0, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 42);

    /* vfork-style clone: a child process sharing the memory runs the guest code after
     * the SVC on its new stack: it stores its sp where the parent can see it (shared
     * memory) and execs a host program. */
    static const uint32_t child_code[] = {
        0x910003e9u, /* mov x9, sp */
        0xf9000309u, /* str x9, [x24] */
        0xaa1303e0u, /* mov x0, x19 */
        0xaa1403e1u, /* mov x1, x20 */
        0xaa1503e2u, /* mov x2, x21 */
        0xd2801ba8u, /* mov x8, #221 (execve) */
        0xd4000001u, /* svc #0 */
        0xd2800c60u, /* mov x0, #99 */
        0xd2800bc8u, /* mov x8, #94 (exit_group) */
        0xd4000001u, /* svc #0 */
    };
    static uint8_t cstack[16384] __attribute__((aligned(16)));
    static volatile uint64_t child_sp;
    const char *argv[] = {"sh", "-c", "exit 7", NULL};
    const char *envp[] = {NULL};
    void *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(code != MAP_FAILED);
    memcpy(code, child_code, sizeof child_code);
    g_assert_cmpint(sc(226, P(code), 4096, PROT_READ | PROT_EXEC, 0, 0, 0), ==, 0);
    uint64_t saved[6] = {env.xregs[19], env.xregs[20], env.xregs[21], env.xregs[24]};
    env.xregs[19] = P("/bin/sh");
    env.xregs[20] = P(argv);
    env.xregs[21] = P(envp);
    env.xregs[24] = P(&child_sp);
    pid = sc_full(P(code), 220, 0x4000 | 0x100 | SIGCHLD /* VFORK|VM */, P(cstack + sizeof cstack),
                  0, 0, 0, 0);
    g_assert_cmpint(pid, >, 0);
    g_assert_cmphex(child_sp, ==, P(cstack + sizeof cstack));
    g_assert_cmpint(sc(260, (uint64_t)pid, P(&status), 0, 0, 0, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 7);
    env.xregs[19] = saved[0];
    env.xregs[20] = saved[1];
    env.xregs[21] = saved[2];
    env.xregs[24] = saved[3];
    g_assert_cmpint(sc(215, P(code), 4096, 0, 0, 0, 0), ==, 0);
}

/* A blocking read interrupted by SIGALRM: -EINTR without SA_RESTART, a rewound SVC
 * with x0 intact with it. */
static void test_eintr(void)
{
    static uint8_t stack[64 * 1024] __attribute__((aligned(16)));
    int fds[2];
    char c;
    g_assert_cmpint(pipe(fds), ==, 0);
    for (int restart = 0; restart < 2; restart++) {
        TargetSigaction act = {0x3000, 0x04000000 | (restart ? 0x10000000 : 0), 0x2000, 0};
        g_assert_cmpint(sc(134, SIGALRM, P(&act), 0, 8, 0, 0), ==, 0);
        ualarm(50000, 0);
        int64_t r = sc(63, (uint64_t)fds[0], P(&c), 1, 0, 0, 0);
        if (restart) {
            g_assert_cmpint(r, ==, fds[0]);
            g_assert_cmphex(env.pc, ==, 0x400000);
        } else {
            g_assert_cmpint(r, ==, -EINTR);
            g_assert_cmphex(env.pc, ==, 0x400004);
        }
        env.xregs[31] = P(stack + sizeof stack);
        process_pending_signals(&env);
        g_assert_cmphex(env.pc, ==, 0x3000);
        env.xregs[8] = 139;
        do_syscall_insn(&env);
    }
    TargetSigaction dfl = {0, 0, 0, 0};
    sc(134, SIGALRM, P(&dfl), 0, 8, 0, 0);
    close(fds[0]);
    close(fds[1]);
}

/* A signal recorded before a blocking syscall: the syscall is not entered (no
 * lost wake-up); the SVC is rewound so the handler runs first. */
static void test_safe_syscall(void)
{
    int fds[2];
    char c;
    g_assert_cmpint(pipe(fds), ==, 0);
    signal_pending_flag = 1;
    /* Not entered: "restartable", do_syscall_insn decides between a restart and EINTR. */
    g_assert_cmpint(safe_syscall(SYS_read, (uint64_t)fds[0], P(&c), 1, 0, 0, 0), ==,
                    -VEMU_ERESTARTSYS);
    signal_pending_flag = 0;
    g_assert_cmpint(safe_syscall(SYS_write, (uint64_t)fds[1], P("z"), 1, 0, 0, 0), ==, 1);
    g_assert_cmpint(safe_syscall(SYS_read, (uint64_t)fds[0], P(&c), 1, 0, 0, 0), ==, 1);
    g_assert_cmpint(c, ==, 'z');
    g_assert_cmpint(safe_syscall(SYS_close, 12345, 0, 0, 0, 0, 0), ==, -EBADF);

    /* Blocked in read() with nothing to read; SIGALRM arrives first. */
    TargetSigaction act = {0x3000, 0x04000000, 0x2000, 0};
    g_assert_cmpint(sc(134, SIGALRM, P(&act), 0, 8, 0, 0), ==, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGALRM);
    sigprocmask(SIG_UNBLOCK, &set, NULL); /* handler runs now, before the "SVC" */
    g_assert_cmpint(signal_pending_flag, ==, 1);
    env.xregs[0] = (uint64_t)fds[0];
    env.xregs[8] = 63;
    env.pc = 0x400004;
    do_syscall_insn(&env);
    g_assert_cmphex(env.pc, ==, 0x400000);
    g_assert_cmpuint(env.xregs[0], ==, (uint64_t)fds[0]);
    static uint8_t stack[64 * 1024] __attribute__((aligned(16)));
    env.xregs[31] = P(stack + sizeof stack);
    process_pending_signals(&env);
    g_assert_cmphex(env.pc, ==, 0x3000);
    env.xregs[8] = 139;
    do_syscall_insn(&env);
    g_assert_cmphex(env.pc, ==, 0x400000);
    TargetSigaction dfl = {0, 0, 0, 0};
    sc(134, SIGALRM, P(&dfl), 0, 8, 0, 0);
    close(fds[0]);
    close(fds[1]);
}

/* Run fn in a child and return its wait status. */
static int in_child(void (*fn)(void))
{
    int status;
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    waitpid(pid, &status, 0);
    return status;
}

static void child_sigterm(void)
{
    kill(getpid(), SIGTERM);
    process_pending_signals(&env);
}

static void child_segv(void)
{
    queue_guest_signal(&env, SIGSEGV, SEGV_MAPERR, 0x10);
    process_pending_signals(&env);
}

static void child_ignored(void)
{
    TargetSigaction ign = {1 /* SIG_IGN */, 0, 0, 0};
    sc(134, SIGTERM, P(&ign), 0, 8, 0, 0);
    kill(getpid(), SIGTERM);
    process_pending_signals(&env);
    kill(getpid(), SIGWINCH); /* default: ignore */
    process_pending_signals(&env);
}

static void test_default_actions(void)
{
    int st = in_child(child_sigterm);
    g_assert_true(WIFSIGNALED(st));
    g_assert_cmpint(WTERMSIG(st), ==, SIGTERM);
    st = in_child(child_segv);
    g_assert_true(WIFSIGNALED(st));
    g_assert_cmpint(WTERMSIG(st), ==, SIGSEGV);
    g_assert_false(WCOREDUMP(st));
    st = in_child(child_ignored);
    g_assert_true(WIFEXITED(st));
    g_assert_cmpint(WEXITSTATUS(st), ==, 0);
}

/* Each thread adds 1 to *x9 1000 times with ldxr/stxr, then exit(0) (nr 93). */
static const uint32_t thread_code[] = {
    0xd2807d0a, /* mov x10, #1000 */
    0xc85f7d22, /* 1: ldxr x2, [x9] */
    0x91000442, /* add x2, x2, #1 */
    0xc8037d22, /* stxr w3, x2, [x9] */
    0x35ffffa3, /* cbnz w3, 1b */
    0xf100054a, /* subs x10, x10, #1 */
    0x54ffff61, /* b.ne 1b */
    0xd2800000, /* mov x0, #0 */
    0xd2800ba8, /* mov x8, #93 (exit) */
    0xd4000001, /* svc #0 */
};

#define PTHREAD_CLONE_FLAGS                                                                        \
    0x3d0f00ull /* VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|                                      \
                   PARENT_SETTID|CHILD_CLEARTID (glibc) */

/* Like sc() but from a given pc (clone returns there in the child), x5 left as it is. */
static int64_t sc_at(uint64_t pc, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t a4)
{
    return sc_full(pc, nr, a0, a1, a2, a3, a4, env.xregs[5]);
}

/* Wait like pthread_join: until the kernel-style CLONE_CHILD_CLEARTID store of 0. */
static void join_tid(volatile int *tidp)
{
    int v;
    while ((v = __atomic_load_n(tidp, __ATOMIC_ACQUIRE)) != 0) {
        syscall(SYS_futex, tidp, FUTEX_WAIT, v, NULL, NULL, 0);
    }
}

static void test_threads(void)
{
    enum { NT = 8, ROUNDS = 20 };
    static volatile int tids[NT], ptids[NT];
    static uint64_t counter;
    void *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(code != MAP_FAILED);
    memcpy(code, thread_code, sizeof thread_code);
    /* Guest code must be executable for the guest (the translator checks PROT_EXEC). */
    g_assert_cmpint(sc(226, P(code), 4096, PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, 0), ==, 0);
    uint64_t saved_x9 = env.xregs[9], saved_tls = env.tpidr_el0;

    g_assert_cmpint(thread_count(), ==, 1);
    counter = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < NT; i++) {
            env.xregs[9] = P(&counter);
            env.tpidr_el0 = 0x1111;
            tids[i] = -1;
            int64_t tid = sc_at(P(code), 220, PTHREAD_CLONE_FLAGS, 0, P(&ptids[i]),
                                0x1000 + (uint64_t)i, P(&tids[i]));
            g_assert_cmpint(tid, >, 0);
            g_assert_cmpint(tid, !=, getpid());
            /* The tid is stored before clone returns (both SETTID places). */
            g_assert_cmpint(ptids[i], ==, tid);
            g_assert_cmpuint(env.tpidr_el0, ==, 0x1111); /* the parent's TLS is untouched */
        }
        for (int i = 0; i < NT; i++) {
            join_tid(&tids[i]);
        }
    }
    g_assert_cmpuint(__atomic_load_n(&counter, __ATOMIC_SEQ_CST), ==, (uint64_t)NT * ROUNDS * 1000);
    /* The host threads finish after clearing the tid; give them a moment. */
    for (int i = 0; i < 1000 && thread_count() != 1; i++) {
        g_usleep(1000);
    }
    g_assert_cmpint(thread_count(), ==, 1);
    /* Unsupported thread-like flag sets are refused. */
    g_assert_cmpint(sc(220, PTHREAD_CLONE_FLAGS | SIGCHLD, 0, 0, 0, 0, 0), ==, -EINVAL);
    env.xregs[9] = saved_x9;
    env.tpidr_el0 = saved_tls;
    /* Through the guest syscall, so the translations of this page go too (a host munmap
     * would leave them, and a later mapping at the same address would see a flush). */
    g_assert_cmpint(sc(215, P(code), 4096, 0, 0, 0, 0), ==, 0);
}

/* munmap, mprotect and MAP_FIXED mmap over translated code drop its translations, and
 * only those. */
static void test_invalidate(void)
{
    uint8_t *code =
        mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(code != MAP_FAILED);
    for (int p = 0; p < 3; p++) {
        memcpy(code + p * 4096, thread_code, sizeof thread_code);
    }
    g_assert_cmpint(sc(226, P(code), 3 * 4096, PROT_READ | PROT_EXEC, 0, 0, 0), ==, 0);
    uint64_t a = P(code), b = P(code + 4096), c = P(code + 8192);
    g_assert_nonnull(tb_find(&env, a));
    g_assert_nonnull(tb_find(&env, b));
    g_assert_nonnull(tb_lookup(&env, a));

    /* Unrelated memory: no flush. */
    void *other = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_cmpint(sc(226, P(other), 4096, PROT_READ | PROT_WRITE, 0, 0, 0), ==, 0);
    g_assert_cmpint(sc(215, P(other), 4096, 0, 0, 0, 0), ==, 0);
    g_assert_nonnull(tb_lookup(&env, a));

    /* mprotect of a code page: its blocks go, those of the other pages stay. */
    g_assert_cmpint(sc(226, b, 4096, PROT_READ | PROT_EXEC, 0, 0, 0), ==, 0);
    g_assert_null(tb_lookup(&env, b));
    g_assert_nonnull(tb_lookup(&env, a));

    /* MAP_FIXED over a code page. */
    g_assert_nonnull(tb_find(&env, c));
    g_assert_cmpint(sc(222, c, 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, (uint64_t)-1, 0),
                    ==, (int64_t)c);
    g_assert_null(tb_lookup(&env, c));

    /* munmap of a code page. */
    g_assert_nonnull(tb_find(&env, a));
    g_assert_cmpint(sc(215, a, 3 * 4096, 0, 0, 0, 0), ==, 0);
    g_assert_null(tb_lookup(&env, a));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    current_cpu = &env;
    signal_init();
    syscall_init();
    g_test_add_func("/syscall-exec/files", test_files);
    g_test_add_func("/syscall-exec/unknown", test_unknown);
    g_test_add_func("/syscall-exec/uname", test_uname);
    g_test_add_func("/syscall-exec/brk-mmap", test_brk_mmap);
    g_test_add_func("/syscall-exec/proc", test_proc);
    g_test_add_func("/syscall-exec/strace", test_strace);
    g_test_add_func("/syscall-exec/guest-copy", test_guest_copy);
    g_test_add_func("/syscall-exec/sigframe", test_sigframe);
    g_test_add_func("/syscall-exec/sigsuspend", test_sigsuspend);
    g_test_add_func("/syscall-exec/eintr", test_eintr);
    g_test_add_func("/syscall-exec/safe-syscall", test_safe_syscall);
    g_test_add_func("/syscall-exec/fork", test_fork);
    g_test_add_func("/syscall-exec/default-actions", test_default_actions);
    g_test_add_func("/syscall-exec/threads", test_threads);
    g_test_add_func("/syscall-exec/invalidate", test_invalidate);
    return g_test_run();
}
