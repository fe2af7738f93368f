/*
 * gdbstub-user.c - `-g port` / VEMU_GDB: debugging the emulated process with gdb.
 * vemu listens on localhost:port and waits for gdb before the first guest instruction;
 * from then on the process's debug events go to the protocol server (gdbstub/):
 *   - EXCP_DEBUG from the translator (a breakpoint pc, the end of a single step),
 *   - every signal about to be delivered to the guest (gdb decides whether it is passed),
 *   - the end of the process (W status / X signal).
 * The thread that stops owns the session; it kicks the others out of translated code
 * and they wait at the top of the CPU loop (gdb_user_pause_point) until gdb resumes.
 * While one thread single-steps the others stay stopped.  Threads blocked in a system
 * call stay there and stop when it returns.  Fork children run undebugged.
 * Example: vemu-aarch64 -g 1234 ./prog  &  gdb-multiarch -ex 'target remote :1234' prog
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub/gdbstub.h"
#include "linux-user/options.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/debug.h"
#include "target/aarch64/gdb-regs.h"
#include "tcg/tb.h"

volatile int gdb_user_connected;
static GdbSession sess;
static pthread_mutex_t gdb_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gdb_cv = PTHREAD_COND_INITIALIZER;
static bool stopped;           /* a thread owns the session: every other one waits */
static CPUArchState *step_env; /* while it single-steps, only this CPU runs */
static bool initial_stop;      /* the first instruction has not run yet */
static _Thread_local int pass_sig; /* queued on gdb's request: deliver, do not report */

/* ---- what gdbstub/ sees of the process ---- */

static int user_read_memory(void *opaque, uint64_t addr, void *buf, size_t len)
{
    (void)opaque;
    return copy_from_guest(buf, addr, len) == 0 ? 0 : -1;
}

static int user_write_memory(void *opaque, uint64_t addr, const void *buf, size_t len)
{
    (void)opaque;
    if (copy_to_guest(addr, buf, len) != 0) {
        return -1;
    }
    tb_invalidate_range(addr, len); /* the debugger may patch code */
    return 0;
}

static int user_breakpoint(void *opaque, bool insert, int type, uint64_t addr, uint64_t kind)
{
    (void)opaque;
    (void)kind;
    if (type != 0 && type != 1) {
        return 1; /* watchpoints: not supported (gdb falls back to software ones) */
    }
    /* A "hardware" breakpoint is the same thing here: nothing is written to memory. */
    return (insert ? a64_debug_bp_insert(addr) : a64_debug_bp_remove(addr)) ? 0 : -1;
}

typedef struct ThreadQuery {
    int64_t *ids;
    int max, n;
    int64_t want;
    CPUArchState *found;
} ThreadQuery;

static void query_thread(TaskState *ts, void *opaque)
{
    ThreadQuery *q = opaque;
    if (q->n < q->max) {
        q->ids[q->n] = ts->tid;
    }
    q->n++;
    if (ts->tid == q->want) {
        q->found = ts->env;
    }
}

static int user_thread_list(void *opaque, int64_t *ids, int max)
{
    (void)opaque;
    ThreadQuery q = {.ids = ids, .max = max, .want = -1};
    thread_foreach(query_thread, &q);
    /* The main thread first, as gdb numbers the process after it. */
    for (int i = 1; i < q.n && i < max; i++) {
        if (ids[i] < ids[0]) {
            int64_t t = ids[0];
            ids[0] = ids[i];
            ids[i] = t;
        }
    }
    return q.n < max ? q.n : max;
}

static CPUArchState *env_of(int64_t tid)
{
    ThreadQuery q = {.ids = NULL, .max = 0, .want = tid};
    thread_foreach(query_thread, &q);
    return q.found;
}

static void *user_thread_cpu(void *opaque, int64_t id)
{
    (void)opaque;
    return env_of(id);
}

static const void *user_auxv(void *opaque, size_t *len)
{
    (void)opaque;
    const uint64_t *auxv = NULL;
    *len = loader_get_auxv(&auxv);
    return auxv;
}

static const GdbTarget user_target = {
    .arch = &a64_gdb_arch,
    .read_memory = user_read_memory,
    .write_memory = user_write_memory,
    .breakpoint = user_breakpoint,
    .thread_list = user_thread_list,
    .thread_cpu = user_thread_cpu,
    .auxv = user_auxv,
};

/* ---- connection ---- */

static int listen_on(int family, int port)
{
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0) {
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc;
    if (family == AF_INET) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        rc = bind(fd, (struct sockaddr *)&a, sizeof a);
    } else {
        struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
        a.sin6_addr = in6addr_loopback;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        rc = bind(fd, (struct sockaddr *)&a, sizeof a);
    }
    if (rc != 0 || listen(fd, 1) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

void gdb_user_listen(int port)
{
    /* IPv4 must work; ::1 too when the host has IPv6 (gdb may try "localhost" as either). */
    int fd4 = listen_on(AF_INET, port);
    if (fd4 < 0) {
        vemu_fatal(VEMU_EXIT_USAGE, "-g %d: cannot listen on localhost: %s", port,
                   strerror(errno));
    }
    int fd6 = listen_on(AF_INET6, port);
    struct pollfd pf[2] = {{.fd = fd4, .events = POLLIN}, {.fd = fd6, .events = POLLIN}};
    int conn = -1;
    while (conn < 0) {
        if (poll(pf, fd6 >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            vemu_fatal(VEMU_EXIT_USAGE, "-g %d: %s", port, strerror(errno));
        }
        for (int i = 0; i < 2 && conn < 0; i++) {
            if (pf[i].fd >= 0 && (pf[i].revents & POLLIN)) {
                conn = accept4(pf[i].fd, NULL, NULL, SOCK_CLOEXEC);
            }
        }
    }
    close(fd4);
    if (fd6 >= 0) {
        close(fd6);
    }
    int one = 1;
    setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    gdb_session_init(&sess, conn, &user_target);
    initial_stop = true;
    gdb_user_connected = 1;
}

static void disconnect(void)
{
    if (__atomic_exchange_n(&gdb_user_connected, 0, __ATOMIC_SEQ_CST)) {
        close(sess.fd);
        a64_debug_reset();
    }
}

/* ---- stops ---- */

static void kick_other(TaskState *ts, void *self)
{
    if (ts != self) {
        ts->env->exit_request = 1;
    }
}

/* env stopped with sig: hand the session to gdb until it resumes. */
static GdbResume report_stop(CPUArchState *env, int sig, bool initial)
{
    GdbResume r = {.action = GDB_RESUME_DETACH, .signal = sig};
    pthread_mutex_lock(&gdb_mu);
    while (gdb_user_connected && stopped) {
        pthread_cond_wait(&gdb_cv, &gdb_mu); /* another thread is reporting */
    }
    if (!gdb_user_connected) {
        pthread_mutex_unlock(&gdb_mu);
        return r;
    }
    stopped = true;
    step_env = NULL;
    pthread_mutex_unlock(&gdb_mu);
    thread_foreach(kick_other, env->task);

    r = gdb_session_stop(&sess, ((TaskState *)env->task)->tid, sig, initial);
    CPUArchState *step = NULL;
    switch (r.action) {
    case GDB_RESUME_KILL:
        syscall_flush_logs();
        kill(getpid(), SIGKILL);
        _exit(128 + SIGKILL);
    case GDB_RESUME_DETACH:
        disconnect();
        break;
    case GDB_RESUME_STEP:
        step = env_of(r.step_thread);
        step = step ? step : env;
        step->debug_step_done = 0;
        a64_debug_set_singlestep(true);
        break;
    case GDB_RESUME_CONTINUE:
        a64_debug_set_singlestep(false);
        break;
    }
    pthread_mutex_lock(&gdb_mu);
    stopped = false;
    step_env = step;
    pthread_cond_broadcast(&gdb_cv);
    pthread_mutex_unlock(&gdb_mu);
    return r;
}

void gdb_user_pause_point(CPUArchState *env)
{
    if (!gdb_user_connected) {
        return;
    }
    if (initial_stop && ((TaskState *)env->task)->is_main) {
        initial_stop = false;
        report_stop(env, SIGTRAP, true);
    }
    pthread_mutex_lock(&gdb_mu);
    while (gdb_user_connected && (stopped || (step_env && step_env != env))) {
        pthread_cond_wait(&gdb_cv, &gdb_mu);
    }
    pthread_mutex_unlock(&gdb_mu);
}

void gdb_user_debug_stop(CPUArchState *env)
{
    if (!gdb_user_connected) {
        return; /* a stale breakpoint block after gdb detached: just run on */
    }
    GdbResume r = report_stop(env, SIGTRAP, false);
    if (r.action != GDB_RESUME_DETACH && r.signal) {
        /* "signal SIG" in gdb: deliver it now, without stopping for it again. */
        pass_sig = r.signal;
        queue_guest_signal(env, r.signal, SI_USER, 0);
    }
}

int gdb_user_signal(CPUArchState *env, int sig)
{
    if (!gdb_user_connected) {
        return sig;
    }
    if (pass_sig == sig) {
        pass_sig = 0;
        return sig;
    }
    GdbResume r = report_stop(env, sig, false);
    return r.action == GDB_RESUME_DETACH ? sig : r.signal;
}

void gdb_user_exit(int status, int sig)
{
    if (__atomic_exchange_n(&gdb_user_connected, 0, __ATOMIC_SEQ_CST)) {
        gdb_session_exited(&sess, status, sig);
        close(sess.fd);
    }
}

void gdb_user_fork_child(void)
{
    /* The child is not debugged: drop the connection (the parent keeps it) and the
     * breakpoints, without a word to gdb. */
    disconnect();
    stopped = false;
    step_env = NULL;
}
