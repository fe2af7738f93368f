/*
 * vdso-time.c - the time data of the guest's [vvar] page, and the time syscalls that keep
 * it current.  The vDSO (tools/gen-vdso.py) computes a clock as
 *     ns = ((CNTVCT_EL0 * MULT) >> SHIFT) + OFFSET[clock]
 * CNTVCT_EL0 being the host's CLOCK_MONOTONIC at A64_CNTFRQ_HZ (helper_cntvct), so
 * CLOCK_MONOTONIC needs no offset and is always exact; CLOCK_REALTIME, CLOCK_BOOTTIME and
 * CLOCK_TAI differ from it by offsets that only change when the clock is stepped
 * (settimeofday, a leap second, a resume), never by NTP slewing, which moves them all.
 * Those offsets are trusted until EXPIRY (VDSO_REFRESH_NS after they were read); past it
 * the vDSO takes the syscall, and the syscall refreshes the page.  Coarse clocks are the
 * fine ones rounded down to the host's coarse resolution, in the vDSO and the syscall alike
 * (the host's own coarse clocks tick at other moments).  Other clocks (CPU time,
 * MONOTONIC_RAW, alarms, per-fd) always take the syscall.  A step made through vemu
 * (clock_settime, settimeofday, adjtimex, clock_adjtime) refreshes at once.
 * The page is written under a sequence count (odd while writing; the vDSO retries, and
 * takes the syscall if it stays odd), by whichever thread wins the compare-and-swap that
 * makes it odd; the new contents are computed first, so it is odd only for a memcpy.
 * Example: clock_gettime(CLOCK_REALTIME) in the guest, 3 ms after the last refresh ->
 *          no syscall; 12 ms after -> svc clock_gettime, vemu rewrites OFFSET and EXPIRY.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "linux-user/vdso-image.h"
#include "linux-user/vdso.h"
#include "syscall/syscall-defs.h"
#include "target/aarch64/helper-a64.h"

#define VDSO_REFRESH_NS 10000000ull /* 10 ms: how late the guest may see a clock step */
#define OFFSET_JITTER_NS 1000       /* smaller differences are measurement noise */
#define NSEC_PER_SEC 1000000000ull

static unsigned char *vv; /* vemu's writable alias of [vvar] */

/* Which clock ids the vDSO serves, and how (see the file comment). */
static const struct {
    int id;
    int base; /* the clock whose offset it uses, or -1: none (monotonic) */
    bool coarse;
} served[] = {
    {CLOCK_REALTIME, CLOCK_REALTIME, false},       {CLOCK_MONOTONIC, -1, false},
    {CLOCK_REALTIME_COARSE, CLOCK_REALTIME, true}, {CLOCK_MONOTONIC_COARSE, -1, true},
    {CLOCK_BOOTTIME, CLOCK_BOOTTIME, false},       {CLOCK_TAI, CLOCK_TAI, false},
};
#define N_SERVED (sizeof served / sizeof served[0])

static uint64_t ts_ns(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

/* The fields of a [vvar] image at base. */
static uint32_t *vv_u32(unsigned char *base, unsigned off)
{
    return (uint32_t *)(void *)(base + off);
}

static uint64_t *vv_u64(unsigned char *base, unsigned off)
{
    return (uint64_t *)(void *)(base + off);
}

#define VV_DATA_END (VDSO_VV_TRUNC + 8 * VDSO_VV_NCLOCKS)

/* clock - CLOCK_MONOTONIC in ns, read between two monotonic reads (the error is at most
 * half the window between them), the narrowest window of a few tries (one try may be
 * preempted); false if the host does not have the clock. */
static bool host_offset(int clock, int64_t *off)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 3; i++) {
        struct timespec m1, t, m2;
        if (clock_gettime(CLOCK_MONOTONIC, &m1) != 0 || clock_gettime(clock, &t) != 0 ||
            clock_gettime(CLOCK_MONOTONIC, &m2) != 0) {
            return false;
        }
        uint64_t window = ts_ns(&m2) - ts_ns(&m1);
        if (window < best) {
            best = window;
            *off = (int64_t)(ts_ns(&t) - (ts_ns(&m1) + window / 2));
        }
    }
    return true;
}

/* The new contents of the page, computed into img (a copy of the current ones) before
 * the sequence goes odd, so that the page is inconsistent only for a memcpy. */
static void compute_data(unsigned char *img, bool first)
{
    int64_t offsets[VDSO_VV_NCLOCKS] = {0};
    bool have[VDSO_VV_NCLOCKS] = {false};
    struct {
        int minuteswest, dsttime;
    } tz = {0, 0};

    for (size_t i = 0; i < N_SERVED; i++) {
        int b = served[i].base;
        if (b >= 0 && !have[b]) {
            have[b] = host_offset(b, &offsets[b]);
        }
    }
    for (size_t i = 0; i < N_SERVED; i++) {
        int id = served[i].id, b = served[i].base;
        struct timespec res;
        uint32_t flags = VDSO_VV_F_COUNTER | (b >= 0 ? VDSO_VV_F_FRESH : 0);
        if ((b >= 0 && !have[b]) || clock_getres(id, &res) != 0 || res.tv_sec != 0) {
            *vv_u32(img, VDSO_VV_FLAGS + 4 * id) = 0; /* the syscall decides */
            continue;
        }
        int64_t *off = (int64_t *)vv_u64(img, VDSO_VV_OFFSET + 8 * id);
        if (b >= 0) {
            int64_t d = offsets[b] - *off;
            if (first || d > OFFSET_JITTER_NS || d < -OFFSET_JITTER_NS) {
                *off = offsets[b];
            }
        } else {
            *off = 0;
        }
        *vv_u64(img, VDSO_VV_RES + 8 * id) = (uint64_t)res.tv_nsec;
        *vv_u64(img, VDSO_VV_TRUNC + 8 * id) = served[i].coarse ? (uint64_t)res.tv_nsec : 0;
        *vv_u32(img, VDSO_VV_FLAGS + 4 * id) = flags;
    }
    *vv_u64(img, VDSO_VV_MULT) = NSEC_PER_SEC / A64_CNTFRQ_HZ;
    *vv_u32(img, VDSO_VV_SHIFT) = 0;
    syscall(SYS_gettimeofday, NULL, &tz);
    memcpy(img + VDSO_VV_TZ, &tz, sizeof tz);
    *vv_u64(img, VDSO_VV_EXPIRY) =
        helper_cntvct() + VDSO_REFRESH_NS / (NSEC_PER_SEC / A64_CNTFRQ_HZ);
}

static void refresh(bool force, bool first)
{
    uint32_t *seq = vv_u32(vv, VDSO_VV_SEQ);
    uint32_t s = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
    unsigned char img[VV_DATA_END] __attribute__((aligned(8)));
    if (s & 1) {
        return; /* another thread is writing it now */
    }
    if (!force && helper_cntvct() < *vv_u64(vv, VDSO_VV_EXPIRY)) {
        return;
    }
    memcpy(img, vv, sizeof img);
    compute_data(img, first);
    if (!__atomic_compare_exchange_n(seq, &s, s + 1, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
        return;
    }
    memcpy(vv + 8, img + 8, sizeof img - 8); /* everything after the sequence word */
    __atomic_store_n(seq, s + 2, __ATOMIC_RELEASE);
}

void vdso_time_init(void *rw)
{
    vv = rw;
    refresh(true, true);
}

void vdso_time_refresh(bool force)
{
    if (vv) {
        refresh(force, false);
    }
}

static int64_t host_ret(long r)
{
    return r == -1 ? -(int64_t)errno : (int64_t)r;
}

/* A coarse clock as the vDSO computes it (the fine clock rounded down to the coarse
 * resolution), so that the syscall and the vDSO show the guest one clock; false if the
 * vDSO does not serve it. */
static bool coarse_now(int clock, struct timespec *ts)
{
    uint32_t *seq = vv_u32(vv, VDSO_VV_SEQ);
    uint32_t s;
    uint64_t ns;
    if (clock < 0 || clock >= VDSO_VV_NCLOCKS || *vv_u64(vv, VDSO_VV_TRUNC + 8 * clock) == 0) {
        return false;
    }
    do {
        s = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
        if (!(*vv_u32(vv, VDSO_VV_FLAGS + 4 * clock) & VDSO_VV_F_COUNTER)) {
            return false;
        }
        uint64_t trunc = *vv_u64(vv, VDSO_VV_TRUNC + 8 * clock);
        ns = ((helper_cntvct() * *vv_u64(vv, VDSO_VV_MULT)) >> *vv_u32(vv, VDSO_VV_SHIFT)) +
             *vv_u64(vv, VDSO_VV_OFFSET + 8 * clock);
        ns -= trunc ? ns % trunc : 0;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((s & 1) || s != __atomic_load_n(seq, __ATOMIC_RELAXED));
    ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
    ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
    return true;
}

/* The vDSO's fallbacks: what they return is the host's (coarse clocks: the vDSO's, see
 * coarse_now); the page is refreshed if due. */
int64_t sys_clock_gettime(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct timespec ts;
    vdso_time_refresh(false);
    if (vv && coarse_now((int)a[0], &ts)) {
        return copy_to_guest(a[1], &ts, sizeof ts);
    }
    return host_ret(syscall(SYS_clock_gettime, (int)a[0], a[1]));
}

int64_t sys_gettimeofday(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    vdso_time_refresh(false);
    return host_ret(syscall(SYS_gettimeofday, a[0], a[1]));
}

/* Clock steps the guest makes: the page follows at once. */
int64_t sys_clock_settime(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int64_t r = host_ret(syscall(SYS_clock_settime, (int)a[0], a[1]));
    vdso_time_refresh(true);
    return r;
}

int64_t sys_settimeofday(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int64_t r = host_ret(syscall(SYS_settimeofday, a[0], a[1]));
    vdso_time_refresh(true);
    return r;
}

int64_t sys_adjtimex(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int64_t r = host_ret(syscall(SYS_adjtimex, a[0]));
    vdso_time_refresh(true);
    return r;
}

int64_t sys_clock_adjtime(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int64_t r = host_ret(syscall(SYS_clock_adjtime, (int)a[0], a[1]));
    vdso_time_refresh(true);
    return r;
}
