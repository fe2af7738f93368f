/*
 * gdb-target.c - the arm64 program tests/gdb/gdb.sh debugs through `vemu-aarch64 -g`.
 * Its functions have known arguments and effects, so what gdb shows can be checked:
 *   basic:   add3(0x11, 0x22, 0x33) (asm: x0..x2 at its first instruction), the string
 *            `greeting`, fp_set() (asm: fmov d0, #1.5), exit status 3;
 *   threads: two more threads (one spinning in guest code, one blocked in read(), which
 *            /proc/self/task/TID/stat confirms) alive when threads_ready() is called;
 *            exit status 0;
 *   segv:    a store to address 8 (SIGSEGV, SEGV_MAPERR);
 *   vfork:   a vfork child calls in_vfork_child() and _exit(5); exit status 0 if the
 *            parent saw that status;
 *   storm:   four threads call storm_hit() 200 times each (breakpoint hits racing);
 *   spin:    calls spin_iter() forever (raw-protocol.py: breakpoints, ^C, memory
 *            writes to `scratch`, kill).
 * Example: vemu-aarch64 -g 1234 gdb-target basic
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

long add3(long a, long b, long c);
void fp_set(void);
void threads_ready(void);
void spin_iter(void);
void in_vfork_child(void);
void storm_hit(void);

__asm__(".text\n"
        ".global add3\n"
        ".type add3, %function\n"
        "add3:\n"
        "    add x0, x0, x1\n"
        "    add x0, x0, x2\n"
        "    ret\n"
        ".size add3, .-add3\n"
        ".global fp_set\n"
        ".type fp_set, %function\n"
        "fp_set:\n"
        "    fmov d0, #1.5\n"
        "    ret\n"
        ".size fp_set, .-fp_set\n"
        ".global threads_ready\n"
        ".type threads_ready, %function\n"
        "threads_ready:\n"
        "    nop\n"
        "    ret\n"
        ".size threads_ready, .-threads_ready\n"
        ".global spin_iter\n"
        ".type spin_iter, %function\n"
        "spin_iter:\n"
        "    nop\n"
        "    nop\n"
        "    ret\n"
        ".size spin_iter, .-spin_iter\n"
        ".global in_vfork_child\n"
        ".type in_vfork_child, %function\n"
        "in_vfork_child:\n"
        "    nop\n"
        "    ret\n"
        ".size in_vfork_child, .-in_vfork_child\n"
        ".global storm_hit\n"
        ".type storm_hit, %function\n"
        "storm_hit:\n"
        "    nop\n"
        "    ret\n"
        ".size storm_hit, .-storm_hit\n");

const char greeting[] = "hello from the vemu gdbstub test";
volatile unsigned scratch = 0x12345678;

static atomic_int started;
static atomic_int stop_spinning;
static atomic_int reader_tid;
static int pipefd[2];

/* Wait (up to about 10 s) until thread tid sleeps in the kernel: state S in
 * /proc/self/task/TID/stat (proc(5)), i.e. the reader is inside read(). */
static void wait_sleeping(int tid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    for (int i = 0; i < 10000; i++) {
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f) {
            fclose(f);
        }
        buf[n] = 0;
        const char *paren = strrchr(buf, ')');
        if (paren && paren[1] == ' ' && paren[2] == 'S') {
            return;
        }
        usleep(1000);
    }
}

static void *spinner(void *arg)
{
    (void)arg;
    atomic_fetch_add(&started, 1);
    while (!atomic_load(&stop_spinning)) {
    }
    return NULL;
}

static void *reader(void *arg)
{
    char c;
    (void)arg;
    atomic_store(&reader_tid, (int)syscall(SYS_gettid));
    atomic_fetch_add(&started, 1);
    return read(pipefd[0], &c, 1) == 1 ? NULL : (void *)1;
}

static void *storm_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        storm_hit();
    }
    return NULL;
}

static int run_storm(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        if (pthread_create(&t[i], NULL, storm_thread, NULL) != 0) {
            return 1;
        }
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
    }
    return 0;
}

static int run_threads(void)
{
    pthread_t t1, t2;
    if (pipe(pipefd) != 0 || pthread_create(&t1, NULL, spinner, NULL) != 0 ||
        pthread_create(&t2, NULL, reader, NULL) != 0) {
        return 1;
    }
    while (atomic_load(&started) < 2) {
    }
    wait_sleeping(atomic_load(&reader_tid));
    threads_ready();
    atomic_store(&stop_spinning, 1);
    void *r1, *r2;
    if (write(pipefd[1], "x", 1) != 1 || pthread_join(t1, &r1) != 0 || pthread_join(t2, &r2) != 0) {
        return 1;
    }
    return r1 == NULL && r2 == NULL ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    if (strcmp(mode, "threads") == 0) {
        return run_threads();
    }
    if (strcmp(mode, "storm") == 0) {
        return run_storm();
    }
    if (strcmp(mode, "vfork") == 0) {
        pid_t pid = vfork();
        if (pid == 0) {
            in_vfork_child();
            _exit(5);
        }
        int status;
        return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
                       WEXITSTATUS(status) == 5
                   ? 0
                   : 1;
    }
    if (strcmp(mode, "spin") == 0) {
        for (;;) {
            spin_iter();
        }
    }
    if (strcmp(mode, "segv") == 0) {
        *(volatile int *)8 = 1;
        return 1;
    }
    long sum = add3(0x11, 0x22, 0x33);
    fp_set();
    printf("%s: %ld\n", greeting, sum);
    return sum == 0x66 ? 3 : 1;
}
