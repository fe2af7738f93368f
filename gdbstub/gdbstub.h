/*
 * gdbstub.h - a GDB remote protocol server that knows no guest process model: the target
 * (linux-user today, system mode later) supplies registers, memory, threads and
 * breakpoints through GdbTarget; the architecture supplies its register file and
 * target description through GdbArch.  The session runs in the thread that stopped:
 * gdb_session_stop() reports why, then serves gdb's requests until gdb resumes.
 * Example (linux-user/gdbstub-user.c):
 *     gdb_session_init(&sess, fd, &user_target);
 *     GdbResume r = gdb_session_stop(&sess, tid, SIGTRAP);   // breakpoint hit
 *     if (r.action == GDB_RESUME_STEP) ...
 * Signal numbers in this API are Linux's; the wire uses GDB's own numbering.
 */
#ifndef VEMU_GDBSTUB_GDBSTUB_H
#define VEMU_GDBSTUB_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdbstub/packet.h"

/* An architecture's register file as gdb numbers it (the order of target.xml). */
typedef struct GdbArch {
    int num_regs;
    /* The target description document ("target.xml"), NUL-terminated. */
    const char *(*target_xml)(void);
    /* Copy register n of cpu into buf (little-endian, target byte size); returns the size,
     * 0 if n is not a register. */
    int (*read_reg)(void *cpu, int n, uint8_t *buf);
    /* Set register n from len bytes; returns the size consumed, 0 if n or len is bad. */
    int (*write_reg)(void *cpu, int n, const uint8_t *buf, size_t len);
} GdbArch;

/* What the target can do; every function gets `opaque`. */
typedef struct GdbTarget {
    const GdbArch *arch;
    void *opaque;
    /* Fault-safe copies: 0 or -1 (nothing mapped, not writable). */
    int (*read_memory)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*write_memory)(void *opaque, uint64_t addr, const void *buf, size_t len);
    /* Insert/remove a breakpoint of Z type `type` (0 software, 1 hardware, 2-4
     * watchpoints): 0 done, -1 failed, 1 this type is not supported. */
    int (*breakpoint)(void *opaque, bool insert, int type, uint64_t addr, uint64_t kind);
    /* Thread ids (> 0) into ids[0..max); returns how many exist. */
    int (*thread_list)(void *opaque, int64_t *ids, int max);
    /* The CPU (GdbArch's cpu argument) of thread id, NULL if it does not exist. */
    void *(*thread_cpu)(void *opaque, int64_t id);
    /* qXfer:auxv:read: the process's auxiliary vector, or NULL (no such object). */
    const void *(*auxv)(void *opaque, size_t *len);
    /* vFile:open (read-only) of a file as the target sees it: a host descriptor or
     * -errno; NULL when the target has no file system gdb can read (then gdb uses its
     * own files).  The session reads, stats and closes what it opened itself. */
    int (*file_open)(void *opaque, const char *path);
    /* qXfer:exec-file:read: the program's path as file_open takes it, or NULL. */
    const char *(*exec_file)(void *opaque);
} GdbTarget;

typedef enum GdbAction {
    GDB_RESUME_CONTINUE,
    GDB_RESUME_STEP,   /* one instruction in step_thread; the others per others_run */
    GDB_RESUME_DETACH, /* gdb is gone (D, or the connection closed): run freely */
    GDB_RESUME_KILL,   /* k / vKill: end the process */
} GdbAction;

typedef struct GdbResume {
    GdbAction action;
    int signal;          /* Linux signal to deliver to the stopped thread, 0 for none */
    int64_t step_thread; /* GDB_RESUME_STEP: which thread steps */
    bool others_run;     /* GDB_RESUME_STEP: vCont;s:T;c - the other threads continue */
} GdbResume;

typedef struct GdbSession {
    int fd;
    bool no_ack;      /* QStartNoAckMode accepted */
    bool connected;   /* false once the connection failed or gdb detached */
    int64_t g_thread; /* Hg: thread for register/memory requests (0 = the stopped one) */
    int64_t stop_thread;
    int stop_signal;
    const GdbTarget *t;
    GdbRx rx;
    GString *last; /* the last packet sent, for '-' */
    int files[16]; /* descriptors opened for vFile (-1: free); gdb's fd is the index */
} GdbSession;

void gdb_session_init(GdbSession *s, int fd, const GdbTarget *t);
/* Report that `thread` stopped with Linux signal `sig` (SIGTRAP for a breakpoint or step)
 * and serve requests until gdb resumes.  initial: gdb has not asked to resume yet
 * (the first stop after connecting): no stop reply is sent until it asks ('?'). */
GdbResume gdb_session_stop(GdbSession *s, int64_t thread, int sig, bool initial);
/* The process ended: W (exit status) or X (killed by Linux signal); closes the session. */
void gdb_session_exited(GdbSession *s, int status, int killed_by_signal);

/* Linux <-> GDB signal numbers (gdb/signals.def numbering); 0 maps to 0. */
int gdb_signal_from_linux(int sig);
int gdb_signal_to_linux(int gsig);

#endif
