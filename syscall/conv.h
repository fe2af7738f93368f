/*
 * conv.h - arm64 (asm-generic) kernel ABI structures and the pure conversions between
 * them and the x86-64 host's: struct stat, open flags, epoll_event, and the signal frame
 * layout (rt_sigframe, ucontext, sigcontext, fpsimd_context) that signal.c builds.
 *
 * Nothing here touches guest memory or global state, so tests/unit/test-syscall.c can
 * check every function directly.
 * Example: int hflags = conv_open_flags_to_host(0400000 | O_RDONLY);  // O_LARGEFILE
 */
#ifndef VEMU_SYSCALL_CONV_H
#define VEMU_SYSCALL_CONV_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/stat.h>

/* include/uapi/asm-generic/stat.h: the struct stat arm64 fstat/newfstatat fill (128 bytes). */
typedef struct TargetStat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4;
    uint32_t unused5;
} TargetStat;

/* arm64 asm/fcntl.h values that differ from x86-64 (asm-generic/fcntl.h). */
#define TARGET_O_DIRECTORY 0040000
#define TARGET_O_NOFOLLOW 0100000
#define TARGET_O_DIRECT 0200000
#define TARGET_O_LARGEFILE 0400000

/* arm64 struct epoll_event is naturally aligned (16 bytes); x86-64's is packed (12). */
typedef struct TargetEpollEvent {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
} TargetEpollEvent;

/* The kernel's struct sigaction as arm64 rt_sigaction reads it. */
typedef struct TargetSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} TargetSigaction;

typedef struct TargetStack {
    uint64_t ss_sp;
    int32_t ss_flags;
    int32_t pad;
    uint64_t ss_size;
} TargetStack;

/* arch/arm64/include/uapi/asm/sigcontext.h */
#define TARGET_FPSIMD_MAGIC 0x46508001u
#define TARGET_ESR_MAGIC 0x45535201u

typedef struct TargetCtxHeader {
    uint32_t magic;
    uint32_t size;
} TargetCtxHeader;

typedef struct TargetFpsimdContext {
    TargetCtxHeader head;
    uint32_t fpsr;
    uint32_t fpcr;
    uint64_t vregs[32][2] __attribute__((aligned(16)));
} TargetFpsimdContext;

typedef struct TargetSigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp;
    uint64_t pc;
    uint64_t pstate;
    uint8_t reserved[4096] __attribute__((aligned(16)));
} TargetSigcontext;

typedef struct TargetUcontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    TargetStack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - 8];
    TargetSigcontext uc_mcontext;
} TargetUcontext;

/* arch/arm64/kernel/signal.c: struct rt_sigframe { siginfo_t info; struct ucontext uc; } */
typedef struct TargetRtSigframe {
    uint8_t info[128];
    TargetUcontext uc;
} TargetRtSigframe;

/* struct frame_record { u64 fp; u64 lr; } pushed above the frame. */
typedef struct TargetFrameRecord {
    uint64_t fp;
    uint64_t lr;
} TargetFrameRecord;

void conv_stat_to_target(TargetStat *t, const struct stat *h);
unsigned int conv_open_flags_to_host(unsigned int target_flags);
unsigned int conv_open_flags_to_target(unsigned int host_flags);
void conv_epoll_event_to_host(struct epoll_event *h, const TargetEpollEvent *t);
void conv_epoll_event_to_target(TargetEpollEvent *t, const struct epoll_event *h);

/* Guest 64-bit sigset (bit n-1 = signal n) <-> host sigset_t. */
void conv_sigset_to_host(sigset_t *h, uint64_t target_set);
uint64_t conv_sigset_to_target(const sigset_t *h);

#endif
