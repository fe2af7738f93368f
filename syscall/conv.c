/*
 * conv.c - the pure arm64 <-> x86-64 structure and flag conversions declared in conv.h.
 * Example: TargetStat ts; conv_stat_to_target(&ts, &host_stat);  // then copy_to_guest
 */
#include "syscall/conv.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>

void conv_stat_to_target(TargetStat *t, const struct stat *h)
{
    memset(t, 0, sizeof *t);
    t->st_dev = h->st_dev;
    t->st_ino = h->st_ino;
    t->st_mode = h->st_mode;
    t->st_nlink = (uint32_t)h->st_nlink;
    t->st_uid = h->st_uid;
    t->st_gid = h->st_gid;
    t->st_rdev = h->st_rdev;
    t->st_size = h->st_size;
    t->st_blksize = (int32_t)h->st_blksize;
    t->st_blocks = h->st_blocks;
    t->st_atime_sec = h->st_atim.tv_sec;
    t->st_atime_nsec = (uint64_t)h->st_atim.tv_nsec;
    t->st_mtime_sec = h->st_mtim.tv_sec;
    t->st_mtime_nsec = (uint64_t)h->st_mtim.tv_nsec;
    t->st_ctime_sec = h->st_ctim.tv_sec;
    t->st_ctime_nsec = (uint64_t)h->st_ctim.tv_nsec;
}

/* The four bits that moved; everything else has the same value on both. */
static const struct {
    unsigned int target;
    unsigned int host;
} open_flag_map[] = {
    {TARGET_O_DIRECTORY, O_DIRECTORY},
    {TARGET_O_NOFOLLOW, O_NOFOLLOW},
    {TARGET_O_DIRECT, O_DIRECT},
    {TARGET_O_LARGEFILE, 0100000 /* x86-64 O_LARGEFILE; glibc defines it as 0 */},
};

#define OPEN_FLAG_MAP_N (sizeof open_flag_map / sizeof open_flag_map[0])

unsigned int conv_open_flags_to_host(unsigned int target_flags)
{
    unsigned int moved = 0, out;
    for (size_t i = 0; i < OPEN_FLAG_MAP_N; i++) {
        moved |= open_flag_map[i].target;
    }
    out = target_flags & ~moved;
    for (size_t i = 0; i < OPEN_FLAG_MAP_N; i++) {
        if (target_flags & open_flag_map[i].target) {
            out |= open_flag_map[i].host;
        }
    }
    return out;
}

unsigned int conv_open_flags_to_target(unsigned int host_flags)
{
    unsigned int moved = 0, out;
    for (size_t i = 0; i < OPEN_FLAG_MAP_N; i++) {
        moved |= open_flag_map[i].host;
    }
    out = host_flags & ~moved;
    for (size_t i = 0; i < OPEN_FLAG_MAP_N; i++) {
        if (host_flags & open_flag_map[i].host) {
            out |= open_flag_map[i].target;
        }
    }
    return out;
}

void conv_epoll_event_to_host(struct epoll_event *h, const TargetEpollEvent *t)
{
    memset(h, 0, sizeof *h);
    h->events = t->events;
    h->data.u64 = t->data;
}

void conv_epoll_event_to_target(TargetEpollEvent *t, const struct epoll_event *h)
{
    t->events = h->events;
    t->pad = 0;
    t->data = h->data.u64;
}

void conv_sigset_to_host(sigset_t *h, uint64_t target_set)
{
    sigemptyset(h);
    for (int sig = 1; sig <= 64; sig++) {
        if (target_set & (1ull << (sig - 1))) {
            sigaddset(h, sig);
        }
    }
}

uint64_t conv_sigset_to_target(const sigset_t *h)
{
    uint64_t out = 0;
    for (int sig = 1; sig <= 64; sig++) {
        if (sigismember(h, sig) == 1) {
            out |= 1ull << (sig - 1);
        }
    }
    return out;
}
