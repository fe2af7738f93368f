/*
 * strace-sys.c - -strace printers for the constants of mounts, locks, IPC, keys, timers,
 * scheduling and seccomp (asm-generic values), and for the time, CPU-mask, stack_t,
 * fd_set and statx structures.  strace.c calls strace_print_sys() for each argument
 * after the other printer files declined it.
 * Example: mount("tmpfs", "/mnt", "tmpfs", MS_NOSUID|MS_NODEV, "size=1m")
 *          setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, ...}, NULL)
 */
#include <string.h>

#include "linux-user/strace-priv.h"
#include "linux-user/user.h"

static const StraceName mount_names[] = {
    {1, "MS_RDONLY"},
    {2, "MS_NOSUID"},
    {4, "MS_NODEV"},
    {8, "MS_NOEXEC"},
    {16, "MS_SYNCHRONOUS"},
    {32, "MS_REMOUNT"},
    {64, "MS_MANDLOCK"},
    {128, "MS_DIRSYNC"},
    {256, "MS_NOSYMFOLLOW"},
    {1024, "MS_NOATIME"},
    {2048, "MS_NODIRATIME"},
    {4096, "MS_BIND"},
    {8192, "MS_MOVE"},
    {16384, "MS_REC"},
    {32768, "MS_SILENT"},
    {1 << 16, "MS_POSIXACL"},
    {1 << 17, "MS_UNBINDABLE"},
    {1 << 18, "MS_PRIVATE"},
    {1 << 19, "MS_SLAVE"},
    {1 << 20, "MS_SHARED"},
    {1 << 21, "MS_RELATIME"},
    {1 << 22, "MS_KERNMOUNT"},
    {1 << 23, "MS_I_VERSION"},
    {1 << 24, "MS_STRICTATIME"},
    {1 << 25, "MS_LAZYTIME"},
    {0xc0ed0000u, "MS_MGC_VAL"},
};
static const StraceName umount_names[] = {
    {1, "MNT_FORCE"},
    {2, "MNT_DETACH"},
    {4, "MNT_EXPIRE"},
    {8, "UMOUNT_NOFOLLOW"},
};
static const StraceName flock_names[] = {
    {1, "LOCK_SH"}, {2, "LOCK_EX"}, {4, "LOCK_NB"}, {8, "LOCK_UN"}};
static const StraceName idtype_names[] = {
    {0, "P_ALL"}, {1, "P_PID"}, {2, "P_PGID"}, {3, "P_PIDFD"}};
static const StraceName itimer_names[] = {
    {0, "ITIMER_REAL"}, {1, "ITIMER_VIRTUAL"}, {2, "ITIMER_PROF"}};
static const StraceName timer_flag_names[] = {{1, "TIMER_ABSTIME"}, {2, "TFD_TIMER_CANCEL_ON_SET"}};
static const StraceName prio_names[] = {{0, "PRIO_PROCESS"}, {1, "PRIO_PGRP"}, {2, "PRIO_USER"}};
static const StraceName ipc_flag_names[] = {
    {01000, "IPC_CREAT"}, {02000, "IPC_EXCL"}, {04000, "IPC_NOWAIT"}};
static const StraceName ipc_cmd_names[] = {
    {0, "IPC_RMID"},    {1, "IPC_SET"},   {2, "IPC_STAT"},  {3, "IPC_INFO"}, {11, "SHM_LOCK"},
    {12, "SHM_UNLOCK"}, {13, "SHM_STAT"}, {14, "SHM_INFO"}, {11, "GETPID"},  {12, "GETVAL"},
    {13, "GETALL"},     {14, "GETNCNT"},  {15, "GETZCNT"},  {16, "SETVAL"},  {17, "SETALL"},
};
static const StraceName shmat_names[] = {
    {010000, "SHM_RDONLY"},
    {020000, "SHM_RND"},
    {040000, "SHM_REMAP"},
    {0100000, "SHM_EXEC"},
};
static const StraceName keyctl_names[] = {
    {0, "KEYCTL_GET_KEYRING_ID"},
    {1, "KEYCTL_JOIN_SESSION_KEYRING"},
    {2, "KEYCTL_UPDATE"},
    {3, "KEYCTL_REVOKE"},
    {4, "KEYCTL_CHOWN"},
    {5, "KEYCTL_SETPERM"},
    {6, "KEYCTL_DESCRIBE"},
    {7, "KEYCTL_CLEAR"},
    {8, "KEYCTL_LINK"},
    {9, "KEYCTL_UNLINK"},
    {10, "KEYCTL_SEARCH"},
    {11, "KEYCTL_READ"},
    {12, "KEYCTL_INSTANTIATE"},
    {13, "KEYCTL_NEGATE"},
    {14, "KEYCTL_SET_REQKEY_KEYRING"},
    {15, "KEYCTL_SET_TIMEOUT"},
    {16, "KEYCTL_ASSUME_AUTHORITY"},
    {17, "KEYCTL_GET_SECURITY"},
    {18, "KEYCTL_SESSION_TO_PARENT"},
    {19, "KEYCTL_REJECT"},
    {20, "KEYCTL_INSTANTIATE_IOV"},
    {21, "KEYCTL_INVALIDATE"},
    {22, "KEYCTL_GET_PERSISTENT"},
    {23, "KEYCTL_DH_COMPUTE"},
    {29, "KEYCTL_RESTRICT_KEYRING"},
    {30, "KEYCTL_MOVE"},
    {31, "KEYCTL_CAPABILITIES"},
};
static const StraceName fadv_names[] = {
    {0, "POSIX_FADV_NORMAL"},   {1, "POSIX_FADV_RANDOM"},   {2, "POSIX_FADV_SEQUENTIAL"},
    {3, "POSIX_FADV_WILLNEED"}, {4, "POSIX_FADV_DONTNEED"}, {5, "POSIX_FADV_NOREUSE"},
};
static const StraceName mcl_names[] = {{1, "MCL_CURRENT"}, {2, "MCL_FUTURE"}, {4, "MCL_ONFAULT"}};
static const StraceName seccomp_names[] = {
    {0, "SECCOMP_SET_MODE_STRICT"},
    {1, "SECCOMP_SET_MODE_FILTER"},
    {2, "SECCOMP_GET_ACTION_AVAIL"},
    {3, "SECCOMP_GET_NOTIF_SIZES"},
};
static const StraceName statx_names[] = {
    {0xfff, "STATX_ALL"},       {0x7ff, "STATX_BASIC_STATS"}, {1, "STATX_TYPE"},
    {2, "STATX_MODE"},          {4, "STATX_NLINK"},           {8, "STATX_UID"},
    {0x10, "STATX_GID"},        {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},
    {0x80, "STATX_CTIME"},      {0x100, "STATX_INO"},         {0x200, "STATX_SIZE"},
    {0x400, "STATX_BLOCKS"},    {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"},
    {0x2000, "STATX_DIOALIGN"},
};
static const StraceName splice_names[] = {
    {1, "SPLICE_F_MOVE"},
    {2, "SPLICE_F_NONBLOCK"},
    {4, "SPLICE_F_MORE"},
    {8, "SPLICE_F_GIFT"},
};

static void print_ipc_flags(uint64_t v)
{
    unsigned int perm = (unsigned int)v & 0777;
    uint64_t rest = v & ~0777ull;
    if (rest) {
        strace_flags(ipc_flag_names, STRACE_N(ipc_flag_names), rest, NULL);
        strace_printf("|");
    }
    strace_printf("%#03o", perm);
}

/* {tv_sec=1, tv_nsec=0} pairs: n timespecs (nsec) or timevals (usec) with field names. */
static void print_time_pairs(uint64_t addr, int n, bool usec, const char *const names[])
{
    int64_t t[4];
    if (addr == 0 || strace_peek(t, addr, 16 * (size_t)n) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf(names ? "{" : "[");
    for (int k = 0; k < n; k++) {
        strace_printf("%s", k ? ", " : "");
        if (names) {
            strace_printf("%s=", names[k]);
        }
        if (!usec && t[2 * k + 1] == (1l << 30) - 1) {
            strace_printf("UTIME_NOW");
        } else if (!usec && t[2 * k + 1] == (1l << 30) - 2) {
            strace_printf("UTIME_OMIT");
        } else {
            strace_printf("{tv_sec=%lld, %s=%lld}", (long long)t[2 * k],
                          usec ? "tv_usec" : "tv_nsec", (long long)t[2 * k + 1]);
        }
    }
    strace_printf(names ? "}" : "]");
}

static const char *const itimer_fields[] = {"it_interval", "it_value"};

/* A bit mask (fd_set, cpu_set_t) of nbits bits: "[0 3 4]". */
void strace_print_bitmask(uint64_t addr, uint64_t nbits)
{
    uint64_t word = 0;
    bool first = true;
    if (addr == 0) {
        strace_printf("NULL");
        return;
    }
    if (nbits > 65536) {
        nbits = 65536;
    }
    strace_printf("[");
    for (uint64_t bit = 0; bit < nbits; bit++) {
        if (bit % 64 == 0 && strace_peek(&word, addr + bit / 8, 8) != 0) {
            break;
        }
        if (word & (1ull << (bit % 64))) {
            strace_printf("%s%llu", first ? "" : " ", (unsigned long long)bit);
            first = false;
        }
    }
    strace_printf("]");
}

static void print_stack(uint64_t addr)
{
    static const StraceName ss_names[] = {
        {1, "SS_ONSTACK"}, {2, "SS_DISABLE"}, {1u << 31, "SS_AUTODISARM"}};
    uint64_t ss[3];
    if (addr == 0 || strace_peek(ss, addr, sizeof ss) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{ss_sp=");
    strace_print_ptr(ss[0]);
    strace_printf(", ss_flags=");
    strace_flags(ss_names, STRACE_N(ss_names), (uint32_t)ss[1], NULL);
    strace_printf(", ss_size=%llu}", (unsigned long long)ss[2]);
}

static void print_statx(uint64_t addr)
{
    /* struct statx: mask u32, blksize u32, attributes u64, nlink, uid, gid u32, mode u16,
     * pad, ino u64, size u64 (at offset 40) */
    unsigned char b[48];
    uint32_t mask;
    uint64_t attrs, size;
    uint16_t mode;
    if (strace_peek(b, addr, sizeof b) != 0) {
        strace_print_ptr(addr);
        return;
    }
    memcpy(&mask, b, 4);
    memcpy(&attrs, b + 8, 8);
    memcpy(&mode, b + 28, 2);
    memcpy(&size, b + 40, 8);
    strace_printf("{stx_mask=");
    strace_flags(statx_names, STRACE_N(statx_names), mask, NULL);
    strace_printf(", stx_attributes=%#llx, stx_mode=", (unsigned long long)attrs);
    strace_print_mode_type(mode);
    strace_printf(", stx_size=%llu, ...}", (unsigned long long)size);
}

int strace_print_sys(const StraceCall *c, int i)
{
    uint64_t v = c->a[i];
    uint64_t prev = i > 0 ? c->a[i - 1] : 0;
    switch (c->type[i]) {
    case ST_mountflags:
        strace_flags(mount_names, STRACE_N(mount_names), v, NULL);
        break;
    case ST_umountflags:
        strace_flags(umount_names, STRACE_N(umount_names), v, NULL);
        break;
    case ST_flockop:
        strace_flags(flock_names, STRACE_N(flock_names), v, NULL);
        break;
    case ST_idtype:
        strace_enum(idtype_names, STRACE_N(idtype_names), (int)v);
        break;
    case ST_itimerwhich:
        strace_enum(itimer_names, STRACE_N(itimer_names), (int)v);
        break;
    case ST_timerflags:
        strace_flags(timer_flag_names, STRACE_N(timer_flag_names), v, NULL);
        break;
    case ST_priowhich:
        strace_enum(prio_names, STRACE_N(prio_names), (int)v);
        break;
    case ST_ipcflags:
        print_ipc_flags(v);
        break;
    case ST_ipccmd:
        strace_enum(ipc_cmd_names, STRACE_N(ipc_cmd_names), (int)(v & 0xff));
        if (v & 0x100) {
            strace_printf("|IPC_64");
        }
        break;
    case ST_shmatflags:
        strace_flags(shmat_names, STRACE_N(shmat_names), v, NULL);
        break;
    case ST_keyctlcmd:
        strace_enum(keyctl_names, STRACE_N(keyctl_names), (int)v);
        break;
    case ST_fadvice:
        strace_enum(fadv_names, STRACE_N(fadv_names), (int)v);
        break;
    case ST_mclflags:
        strace_flags(mcl_names, STRACE_N(mcl_names), v, NULL);
        break;
    case ST_seccompop:
        strace_enum(seccomp_names, STRACE_N(seccomp_names), (int)v);
        break;
    case ST_statxmask:
        strace_flags(statx_names, STRACE_N(statx_names), v, NULL);
        break;
    case ST_spliceflags:
        strace_flags(splice_names, STRACE_N(splice_names), v, NULL);
        break;
    case ST_fdset:
        strace_print_bitmask(v, c->a[0]);
        break;
    case ST_pselsig: {
        uint64_t ss[2], set;
        if (strace_peek(ss, v, sizeof ss) != 0) {
            strace_print_ptr(v);
        } else if (ss[0] == 0) {
            strace_printf("{NULL, %llu}", (unsigned long long)ss[1]);
        } else if (strace_peek(&set, ss[0], 8) != 0) {
            strace_printf("{%#llx, %llu}", (unsigned long long)ss[0], (unsigned long long)ss[1]);
        } else {
            strace_printf("{");
            strace_print_sigset_value(set);
            strace_printf(", %llu}", (unsigned long long)ss[1]);
        }
        break;
    }
    case ST_ts2:
        print_time_pairs(v, 2, false, NULL);
        break;
    case ST_itimerspec:
    case ST_oitimerspec:
        print_time_pairs(v, 2, false, itimer_fields);
        break;
    case ST_itimerval:
    case ST_oitimerval:
        print_time_pairs(v, 2, true, itimer_fields);
        break;
    case ST_otv: {
        int64_t tv[2];
        if (v == 0 || strace_peek(tv, v, sizeof tv) != 0) {
            strace_print_ptr(v);
        } else {
            strace_printf("{tv_sec=%lld, tv_usec=%lld}", (long long)tv[0], (long long)tv[1]);
        }
        break;
    }
    case ST_cpuset:
        strace_print_bitmask(v, prev * 8);
        break;
    case ST_ocpuset:
        strace_print_bitmask(v, (uint64_t)c->ret * 8);
        break;
    case ST_stack:
    case ST_ostack:
        print_stack(v);
        break;
    case ST_ostatx:
        print_statx(v);
        break;
    default:
        return 0;
    }
    return 1;
}
