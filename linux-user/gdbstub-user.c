/*
 * gdbstub-user.c - `-g port` / VEMU_GDB: debugging the emulated process with gdb.
 * vemu listens on localhost:port and waits for gdb before the first guest instruction;
 * from then on the process's debug events go to the protocol server (gdbstub/):
 *   - EXCP_DEBUG from the translator (a breakpoint pc, the end of a single step),
 *   - every signal about to be delivered to the guest (gdb decides whether it is passed),
 *   - the end of the process (W status / X signal).
 * The thread that stops owns the session; it kicks the others out of translated code
 * and they wait at the top of the CPU loop (gdb_user_pause_point) until gdb resumes.
 * While one thread single-steps, the others run or wait as gdb asks.  Threads blocked in a system
 * call stay there and stop when it returns.  Fork children run undebugged; a vfork child
 * (which shares the parent's memory, so its breakpoints, while the parent waits) reports
 * as one more thread, with its own tid, until it execs.
 * Example: vemu-aarch64 -g 1234 ./prog  &  gdb-multiarch -ex 'target remote :1234' prog
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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
static CPUArchState *step_env; /* while it single-steps (vCont;s:T), only this CPU runs */
static bool initial_stop;      /* the first instruction has not run yet */
static bool running;           /* gdb resumed us: the watcher owns the socket */
static pthread_cond_t watch_cv = PTHREAD_COND_INITIALIZER;
/* Set by the watcher while running: 1 gdb sent ^C, 2 the connection is gone. */
static volatile int interrupt_pending;
static _Thread_local int pass_sig; /* queued on gdb's request: deliver, do not report */
static pid_t gdb_pid;              /* the debugged process (not a vfork or fork child) */

/* The guest tid of env's thread; a vfork child is no TaskState of the parent's list. */
static int64_t env_tid(CPUArchState *env)
{
    return env->task ? ((TaskState *)env->task)->tid : (int64_t)syscall(SYS_gettid);
}

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
    if (current_cpu && !current_task && q.n < max) {
        ids[q.n++] = env_tid(current_cpu); /* a vfork child reporting */
    }
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
    CPUArchState *env = env_of(id);
    if (!env && current_cpu && !current_task && id == env_tid(current_cpu)) {
        env = current_cpu; /* a vfork child reporting */
    }
    return env;
}

static const void *user_auxv(void *opaque, size_t *len)
{
    (void)opaque;
    const uint64_t *auxv = NULL;
    *len = loader_get_auxv(&auxv);
    return auxv;
}

/* Keep vemu's own descriptors out of the low numbers guest programs pick, close or
 * dup2 over (as syscall-exec.c does for its own). */
static int move_high(int fd)
{
    int high = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 900) : -1;
    if (high < 0) {
        return fd;
    }
    close(fd);
    return high;
}

/* The guest's view of a file: its -L prefix applies. */
static int user_file_open(void *opaque, const char *path)
{
    (void)opaque;
    char *p = strdup(path);
    if (!p) {
        return -ENOMEM;
    }
    p = under_ld_prefix(p); /* frees p when it returns another string */
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    int err = errno;
    free(p);
    return fd < 0 ? -err : move_high(fd);
}

static const char *user_exec_file(void *opaque)
{
    (void)opaque;
    return vemu_load_info.exe_path[0] ? vemu_load_info.exe_path : NULL;
}

static const GdbTarget user_target = {
    .arch = &a64_gdb_arch,
    .read_memory = user_read_memory,
    .write_memory = user_write_memory,
    .breakpoint = user_breakpoint,
    .thread_list = user_thread_list,
    .thread_cpu = user_thread_cpu,
    .auxv = user_auxv,
    .file_open = user_file_open,
    .exec_file = user_exec_file,
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

static void start_watcher(void);

/* While step_env steps alone, every other thread waits; not a vfork child, which its
 * parent (perhaps the one stepping) waits for. */
static bool held_by_step(CPUArchState *env)
{
    return step_env && step_env != env && env->task;
}

void gdb_user_listen(int port)
{
    /* IPv4 must work; ::1 too when the host has IPv6 (gdb may try "localhost" as either). */
    int fd4 = listen_on(AF_INET, port);
    if (fd4 < 0) {
        vemu_fatal(VEMU_EXIT_USAGE, "-g %d: cannot listen on localhost: %s", port, strerror(errno));
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
    conn = move_high(conn);
    gdb_session_init(&sess, conn, &user_target);
    initial_stop = true;
    gdb_pid = getpid();
    gdb_user_connected = 1;
    start_watcher();
}

static void disconnect(void)
{
    if (__atomic_exchange_n(&gdb_user_connected, 0, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&gdb_mu);
        running = false;
        close(sess.fd);
        pthread_cond_broadcast(&watch_cv);
        pthread_cond_broadcast(&gdb_cv);
        pthread_mutex_unlock(&gdb_mu);
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

static void count_in_code(TaskState *ts, void *opaque)
{
    int *n = opaque;
    if (ts != current_task && ts->env->in_guest_code) {
        (*n)++;
    }
}

/* Kicked threads leave translated code at their next block boundary; wait (briefly:
 * a thread can only stay in a block that never ends) so that their registers are
 * current when gdb reads them. */
static void wait_others_out_of_code(void)
{
    for (int i = 0; i < 200; i++) {
        int n = 0;
        thread_foreach(count_in_code, &n);
        if (n == 0) {
            return;
        }
        usleep(500);
    }
}

/* A host thread that, while the guest runs, watches the connection for gdb's interrupt
 * byte (^C) or its end, and makes a guest thread stop (gdb_user_pause_point). */
static void *watch_main(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&gdb_mu);
        while (gdb_user_connected && !running) {
            pthread_cond_wait(&watch_cv, &gdb_mu);
        }
        int fd = sess.fd;
        pthread_mutex_unlock(&gdb_mu);
        if (!gdb_user_connected) {
            return NULL;
        }
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, 100) <= 0) {
            continue;
        }
        int why = 0;
        pthread_mutex_lock(&gdb_mu);
        if (running && gdb_user_connected) { /* else a stopped thread reads it now */
            uint8_t c;
            ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
                why = 2;
            } else if (n == 1 && c == 0x03) {
                why = 1;
            }
            if (why) {
                running = false;
                interrupt_pending = why;
                pthread_cond_broadcast(&gdb_cv); /* threads waiting out another's step */
            }
        }
        pthread_mutex_unlock(&gdb_mu);
        if (why) {
            thread_foreach(kick_other, NULL);
        }
    }
}

static void start_watcher(void)
{
    pthread_t th;
    pthread_attr_t attr;
    sigset_t all, old;
    /* No host signal may land on this thread: they are all the guest's. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, watch_main, NULL) != 0) {
        vemu_fatal(VEMU_EXIT_USAGE, "-g: cannot start the connection watcher");
    }
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /* signal_init(), after this, installs vemu's handlers for every signal, 32 and 33
     * (which glibc's first pthread_create takes) included. */
}

static void mark_not_stepping(TaskState *ts, void *opaque)
{
    (void)opaque;
    ts->env->debug_step_done = -1;
}

typedef enum StopKind {
    STOP_INITIAL,   /* before the first instruction: no stop reply until gdb asks */
    STOP_BREAK,     /* at a breakpoint */
    STOP_STEP,      /* a single step ended */
    STOP_SIGNAL,    /* a signal is about to be delivered */
    STOP_INTERRUPT, /* ^C */
} StopKind;

/* env stopped with sig: hand the session to gdb until it resumes.  A breakpoint hit is
 * dropped if gdb removed the breakpoint while this thread waited (the thread then just
 * runs the instruction), as gdbserver drops such pending events. */
static GdbResume report_stop(CPUArchState *env, int sig, StopKind kind)
{
    GdbResume r = {.action = GDB_RESUME_DETACH, .signal = sig};
    pthread_mutex_lock(&gdb_mu);
    /* Wait while another thread reports, or steps alone: gdb expects that thread's stop
     * next (it is stepping it over a breakpoint), not ours.  ^C ends the wait. */
    while (gdb_user_connected &&
           (stopped || (kind != STOP_INTERRUPT && held_by_step(env) && !interrupt_pending))) {
        pthread_cond_wait(&gdb_cv, &gdb_mu);
    }
    if (!gdb_user_connected) {
        pthread_mutex_unlock(&gdb_mu);
        return r;
    }
    if (kind == STOP_BREAK && !a64_debug_bp_at(env->pc)) {
        pthread_mutex_unlock(&gdb_mu);
        r.action = GDB_RESUME_CONTINUE;
        r.signal = 0;
        return r;
    }
    if (held_by_step(env)) {
        interrupt_pending = 0; /* this stop answers the ^C */
    }
    stopped = true;
    step_env = NULL;
    running = false;
    pthread_mutex_unlock(&gdb_mu);
    thread_foreach(kick_other, env->task);
    wait_others_out_of_code();

    r = gdb_session_stop(&sess, env_tid(env), sig, kind == STOP_INITIAL);
    CPUArchState *step = NULL;
    switch (r.action) {
    case GDB_RESUME_KILL:
        syscall_flush_logs();
        if (getpid() != gdb_pid) {
            kill(gdb_pid, SIGKILL); /* asked in a vfork child: the debugged process too */
        }
        kill(getpid(), SIGKILL);
        _exit(128 + SIGKILL);
    case GDB_RESUME_DETACH:
        disconnect();
        break;
    case GDB_RESUME_STEP:
        thread_foreach(mark_not_stepping, NULL);
        step = env_of(r.step_thread);
        step = step ? step : env;
        step->debug_step_done = 0;
        a64_debug_set_singlestep(true);
        if (r.others_run) {
            step = NULL; /* vCont;s:T;c: the others run too (one block per instruction) */
        }
        break;
    case GDB_RESUME_CONTINUE:
        thread_foreach(mark_not_stepping, NULL);
        a64_debug_set_singlestep(false);
        break;
    }
    pthread_mutex_lock(&gdb_mu);
    stopped = false;
    step_env = step;
    running = gdb_user_connected;
    pthread_cond_broadcast(&gdb_cv);
    pthread_cond_broadcast(&watch_cv);
    pthread_mutex_unlock(&gdb_mu);
    return r;
}

void gdb_user_pause_point(CPUArchState *env)
{
    if (!gdb_user_connected) {
        return;
    }
    if (initial_stop && env->task && ((TaskState *)env->task)->is_main) {
        initial_stop = false;
        report_stop(env, SIGTRAP, STOP_INITIAL);
    }
    for (;;) {
        switch (__atomic_exchange_n(&interrupt_pending, 0, __ATOMIC_SEQ_CST)) {
        case 1:
            report_stop(env, SIGINT, STOP_INTERRUPT);
            break;
        case 2:
            disconnect(); /* gdb is gone: run on undebugged */
            return;
        default:
            break;
        }
        /* Wait while another thread holds the session or single-steps alone; a ^C then
         * (the stepping thread blocked in a system call) is taken by a waiting thread. */
        pthread_mutex_lock(&gdb_mu);
        while (gdb_user_connected && !interrupt_pending && (stopped || held_by_step(env))) {
            pthread_cond_wait(&gdb_cv, &gdb_mu);
        }
        bool again = gdb_user_connected && interrupt_pending;
        pthread_mutex_unlock(&gdb_mu);
        if (!again) {
            return;
        }
    }
}

void gdb_user_debug_stop(CPUArchState *env)
{
    if (!gdb_user_connected) {
        return; /* a stale breakpoint block after gdb detached: just run on */
    }
    /* The end of a step (this CPU ran its instruction), else a breakpoint. */
    GdbResume r = report_stop(env, SIGTRAP, env->debug_step_done == 1 ? STOP_STEP : STOP_BREAK);
    if (r.action != GDB_RESUME_DETACH && r.signal) {
        /* "signal SIG" in gdb: deliver it now, without stopping for it again. */
        pass_sig = r.signal;
        queue_guest_signal(env, r.signal, SI_USER, 0);
    }
}

int gdb_user_signal(CPUArchState *env, int sig, bool *injected)
{
    if (!gdb_user_connected) {
        return sig;
    }
    if (pass_sig == sig) {
        pass_sig = 0;
        *injected = true;
        return sig;
    }
    GdbResume r = report_stop(env, sig, STOP_SIGNAL);
    return r.action == GDB_RESUME_DETACH ? sig : r.signal;
}

void gdb_user_exit(int status, int sig)
{
    if (!gdb_user_connected || getpid() != gdb_pid) {
        return; /* a vfork child ending shares our memory, not our fate */
    }
    if (__atomic_exchange_n(&gdb_user_connected, 0, __ATOMIC_SEQ_CST)) {
        gdb_session_exited(&sess, status, sig);
        close(sess.fd);
    }
}

void gdb_user_fork_child(void)
{
    /* The child is not debugged: drop the connection (the parent keeps it) and the
     * breakpoints, without a word to gdb.  The watcher thread did not come along, and
     * may have held the lock at the fork. */
    pthread_mutex_init(&gdb_mu, NULL);
    disconnect();
    stopped = false;
    step_env = NULL;
}
