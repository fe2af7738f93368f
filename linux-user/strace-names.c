/*
 * strace-names.c - -strace printers for the named-constant argument types of files,
 * memory, processes and time (the asm-generic values arm64 uses): one table per type
 * and strace_print_named(), which strace.c calls for each argument.  Socket types are
 * in strace-net.c.
 * Example: type fcntlcmd 2, then fcntlarg 1  ->  F_SETFD, FD_CLOEXEC
 */
#include <string.h>

#include "linux-user/strace-priv.h"

static const StraceName at_names[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},   {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},     {0x1000, "AT_EMPTY_PATH"}, {0x2000, "AT_STATX_FORCE_SYNC"},
    {0x4000, "AT_STATX_DONT_SYNC"}, {0x8000, "AT_RECURSIVE"},
};
static const StraceName access_names[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};
static const StraceName prot_names[] = {
    {1, "PROT_READ"},
    {2, "PROT_WRITE"},
    {4, "PROT_EXEC"},
    {0x10, "PROT_BTI"},
    {0x20, "PROT_MTE"},
    {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
};
static const StraceName map_type_names[] = {
    {1, "MAP_SHARED"},
    {2, "MAP_PRIVATE"},
    {3, "MAP_SHARED_VALIDATE"},
};
static const StraceName map_names[] = {
    {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"},
    {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},
    {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"},
    {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
    {0x4000000, "MAP_UNINITIALIZED"},
};
static const StraceName mremap_names[] = {
    {1, "MREMAP_MAYMOVE"},
    {2, "MREMAP_FIXED"},
    {4, "MREMAP_DONTUNMAP"},
};
static const StraceName msync_names[] = {{1, "MS_ASYNC"}, {2, "MS_INVALIDATE"}, {4, "MS_SYNC"}};
static const StraceName madv_names[] = {
    {0, "MADV_NORMAL"},           {1, "MADV_RANDOM"},         {2, "MADV_SEQUENTIAL"},
    {3, "MADV_WILLNEED"},         {4, "MADV_DONTNEED"},       {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},           {10, "MADV_DONTFORK"},      {11, "MADV_DOFORK"},
    {12, "MADV_MERGEABLE"},       {13, "MADV_UNMERGEABLE"},   {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},      {16, "MADV_DONTDUMP"},      {17, "MADV_DODUMP"},
    {18, "MADV_WIPEONFORK"},      {19, "MADV_KEEPONFORK"},    {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},         {22, "MADV_POPULATE_READ"}, {23, "MADV_POPULATE_WRITE"},
    {24, "MADV_DONTNEED_LOCKED"}, {25, "MADV_COLLAPSE"},      {100, "MADV_HWPOISON"},
};
static const StraceName fcntl_names[] = {
    {0, "F_DUPFD"},          {1, "F_GETFD"},
    {2, "F_SETFD"},          {3, "F_GETFL"},
    {4, "F_SETFL"},          {5, "F_GETLK"},
    {6, "F_SETLK"},          {7, "F_SETLKW"},
    {8, "F_SETOWN"},         {9, "F_GETOWN"},
    {10, "F_SETSIG"},        {11, "F_GETSIG"},
    {15, "F_SETOWN_EX"},     {16, "F_GETOWN_EX"},
    {17, "F_GETOWNER_UIDS"}, {36, "F_OFD_GETLK"},
    {37, "F_OFD_SETLK"},     {38, "F_OFD_SETLKW"},
    {1024, "F_SETLEASE"},    {1025, "F_GETLEASE"},
    {1026, "F_NOTIFY"},      {1030, "F_DUPFD_CLOEXEC"},
    {1031, "F_SETPIPE_SZ"},  {1032, "F_GETPIPE_SZ"},
    {1033, "F_ADD_SEALS"},   {1034, "F_GET_SEALS"},
};
static const StraceName seal_names[] = {
    {1, "F_SEAL_SEAL"},  {2, "F_SEAL_SHRINK"},          {4, "F_SEAL_GROW"},
    {8, "F_SEAL_WRITE"}, {0x10, "F_SEAL_FUTURE_WRITE"},
};
static const StraceName futex_names[] = {
    {0, "FUTEX_WAIT"},
    {1, "FUTEX_WAKE"},
    {2, "FUTEX_FD"},
    {3, "FUTEX_REQUEUE"},
    {4, "FUTEX_CMP_REQUEUE"},
    {5, "FUTEX_WAKE_OP"},
    {6, "FUTEX_LOCK_PI"},
    {7, "FUTEX_UNLOCK_PI"},
    {8, "FUTEX_TRYLOCK_PI"},
    {9, "FUTEX_WAIT_BITSET"},
    {10, "FUTEX_WAKE_BITSET"},
    {11, "FUTEX_WAIT_REQUEUE_PI"},
    {12, "FUTEX_CMP_REQUEUE_PI"},
    {13, "FUTEX_LOCK_PI2"},
};
static const StraceName prctl_names[] = {
    {1, "PR_SET_PDEATHSIG"},
    {2, "PR_GET_PDEATHSIG"},
    {3, "PR_GET_DUMPABLE"},
    {4, "PR_SET_DUMPABLE"},
    {5, "PR_GET_UNALIGN"},
    {6, "PR_SET_UNALIGN"},
    {7, "PR_GET_KEEPCAPS"},
    {8, "PR_SET_KEEPCAPS"},
    {15, "PR_SET_NAME"},
    {16, "PR_GET_NAME"},
    {21, "PR_GET_SECCOMP"},
    {22, "PR_SET_SECCOMP"},
    {23, "PR_CAPBSET_READ"},
    {24, "PR_CAPBSET_DROP"},
    {27, "PR_GET_SECUREBITS"},
    {28, "PR_SET_SECUREBITS"},
    {29, "PR_SET_TIMERSLACK"},
    {30, "PR_GET_TIMERSLACK"},
    {33, "PR_MCE_KILL"},
    {34, "PR_MCE_KILL_GET"},
    {35, "PR_SET_MM"},
    {36, "PR_SET_CHILD_SUBREAPER"},
    {37, "PR_GET_CHILD_SUBREAPER"},
    {38, "PR_SET_NO_NEW_PRIVS"},
    {39, "PR_GET_NO_NEW_PRIVS"},
    {40, "PR_GET_TID_ADDRESS"},
    {41, "PR_SET_THP_DISABLE"},
    {42, "PR_GET_THP_DISABLE"},
    {45, "PR_SET_FP_MODE"},
    {46, "PR_GET_FP_MODE"},
    {47, "PR_CAP_AMBIENT"},
    {50, "PR_SVE_SET_VL"},
    {51, "PR_SVE_GET_VL"},
    {52, "PR_GET_SPECULATION_CTRL"},
    {53, "PR_SET_SPECULATION_CTRL"},
    {54, "PR_PAC_RESET_KEYS"},
    {55, "PR_SET_TAGGED_ADDR_CTRL"},
    {56, "PR_GET_TAGGED_ADDR_CTRL"},
    {57, "PR_SET_IO_FLUSHER"},
    {58, "PR_GET_IO_FLUSHER"},
    {59, "PR_SET_SYSCALL_USER_DISPATCH"},
    {60, "PR_PAC_SET_ENABLED_KEYS"},
    {61, "PR_PAC_GET_ENABLED_KEYS"},
    {62, "PR_SCHED_CORE"},
    {63, "PR_SME_SET_VL"},
    {64, "PR_SME_GET_VL"},
    {65, "PR_SET_MDWE"},
    {66, "PR_GET_MDWE"},
    {0x53564d41, "PR_SET_VMA"},
};
static const StraceName ioctl_names[] = {
    {0x5401, "TCGETS"},
    {0x5402, "TCSETS"},
    {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},
    {0x5405, "TCGETA"},
    {0x5406, "TCSETA"},
    {0x5407, "TCSETAW"},
    {0x5408, "TCSETAF"},
    {0x5409, "TCSBRK"},
    {0x540a, "TCXONC"},
    {0x540b, "TCFLSH"},
    {0x540c, "TIOCEXCL"},
    {0x540d, "TIOCNXCL"},
    {0x540e, "TIOCSCTTY"},
    {0x540f, "TIOCGPGRP"},
    {0x5410, "TIOCSPGRP"},
    {0x5411, "TIOCOUTQ"},
    {0x5412, "TIOCSTI"},
    {0x5413, "TIOCGWINSZ"},
    {0x5414, "TIOCSWINSZ"},
    {0x5415, "TIOCMGET"},
    {0x5416, "TIOCMBIS"},
    {0x5417, "TIOCMBIC"},
    {0x5418, "TIOCMSET"},
    {0x541b, "FIONREAD"},
    {0x541c, "TIOCLINUX"},
    {0x541d, "TIOCCONS"},
    {0x5420, "TIOCPKT"},
    {0x5421, "FIONBIO"},
    {0x5422, "TIOCNOTTY"},
    {0x5423, "TIOCSETD"},
    {0x5424, "TIOCGETD"},
    {0x5427, "TIOCSBRK"},
    {0x5428, "TIOCCBRK"},
    {0x5429, "TIOCGSID"},
    {0x802c542a, "TCGETS2"},
    {0x402c542b, "TCSETS2"},
    {0x80045430, "TIOCGPTN"},
    {0x40045431, "TIOCSPTLCK"},
    {0x80045438, "TIOCGPKT"},
    {0x80045439, "TIOCGPTLCK"},
    {0x5441, "TIOCGPTPEER"},
    {0x5450, "FIONCLEX"},
    {0x5451, "FIOCLEX"},
    {0x5452, "FIOASYNC"},
    {0x5460, "FIOQSIZE"},
    {0x40049409, "FICLONE"},
    {0x80086601, "FS_IOC_GETFLAGS"},
    {0x40086602, "FS_IOC_SETFLAGS"},
    {0x1260, "BLKGETSIZE"},
    {0x125d, "BLKROSET"},
    {0x125e, "BLKROGET"},
    {0x1261, "BLKFLSBUF"},
    {0x1268, "BLKSSZGET"},
    {0x80081272, "BLKGETSIZE64"},
    {0x4c00, "LOOP_SET_FD"},
    {0x4c01, "LOOP_CLR_FD"},
    {0x4c04, "LOOP_SET_STATUS64"},
    {0x4c05, "LOOP_GET_STATUS64"},
    {0x4c0a, "LOOP_CONFIGURE"},
    {0x4c80, "LOOP_CTL_ADD"},
    {0x4c81, "LOOP_CTL_REMOVE"},
    {0x4c82, "LOOP_CTL_GET_FREE"},
    {0x8910, "SIOCGIFNAME"},
    {0x8912, "SIOCGIFCONF"},
    {0x8913, "SIOCGIFFLAGS"},
    {0x8915, "SIOCGIFADDR"},
    {0x8921, "SIOCGIFMTU"},
    {0x8927, "SIOCGIFHWADDR"},
    {0x8933, "SIOCGIFINDEX"},
};
static const StraceName whence_names[] = {
    {0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"},
};
static const StraceName how_names[] = {{0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"}};
static const StraceName clock_names[] = {
    {0, "CLOCK_REALTIME"},          {1, "CLOCK_MONOTONIC"},     {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"}, {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"},  {7, "CLOCK_BOOTTIME"},      {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"},    {11, "CLOCK_TAI"},
};
static const StraceName rlimit_names[] = {
    {0, "RLIMIT_CPU"},       {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},    {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"},      {5, "RLIMIT_RSS"},   {6, "RLIMIT_NPROC"},   {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"},   {9, "RLIMIT_AS"},    {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
};
static const StraceName wait_names[] = {
    {1, "WNOHANG"},         {2, "WSTOPPED"},
    {4, "WEXITED"},         {8, "WCONTINUED"},
    {0x1000000, "WNOWAIT"}, {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000ull, "__WCLONE"},
};
static const StraceName epoll_op_names[] = {
    {1, "EPOLL_CTL_ADD"},
    {2, "EPOLL_CTL_DEL"},
    {3, "EPOLL_CTL_MOD"},
};
static const StraceName grnd_names[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}};
static const StraceName rename_names[] = {
    {1, "RENAME_NOREPLACE"},
    {2, "RENAME_EXCHANGE"},
    {4, "RENAME_WHITEOUT"},
};
static const StraceName memfd_names[] = {
    {1, "MFD_CLOEXEC"},     {2, "MFD_ALLOW_SEALING"}, {4, "MFD_HUGETLB"},
    {8, "MFD_NOEXEC_SEAL"}, {0x10, "MFD_EXEC"},
};
static const StraceName close_range_names[] = {{2, "CLOSE_RANGE_UNSHARE"},
                                               {4, "CLOSE_RANGE_CLOEXEC"}};
static const StraceName ns_names[] = {
    {0x80, "CLONE_NEWTIME"},      {0x200, "CLONE_FS"},          {0x400, "CLONE_FILES"},
    {0x20000, "CLONE_NEWNS"},     {0x40000, "CLONE_SYSVSEM"},   {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},  {0x8000000, "CLONE_NEWIPC"},  {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"}, {0x40000000, "CLONE_NEWNET"},
};

/* O_CLOEXEC/O_NONBLOCK-style flags, named with the prefix of the call (EFD_CLOEXEC...). */
static void print_fd_flags(const char *call, uint64_t v)
{
    static const struct {
        const char *call, *prefix;
    } prefixes[] = {{"eventfd", "EFD_"},
                    {"epoll", "EPOLL_"},
                    {"inotify", "IN_"},
                    {"timerfd", "TFD_"},
                    {"signalfd", "SFD_"}};
    const char *prefix = "O_";
    bool first = true;
    for (size_t i = 0; i < STRACE_N(prefixes); i++) {
        if (strncmp(call, prefixes[i].call, strlen(prefixes[i].call)) == 0) {
            prefix = prefixes[i].prefix;
        }
    }
    if (v == 0) {
        strace_printf("0");
        return;
    }
    if (v & 02000000) {
        strace_printf("%sCLOEXEC", prefix);
        first = false;
    }
    if (v & 04000) {
        strace_printf("%s%sNONBLOCK", first ? "" : "|", prefix);
        first = false;
    }
    if ((v & 1) && strcmp(prefix, "EFD_") == 0) {
        strace_printf("%sEFD_SEMAPHORE", first ? "" : "|");
        first = false;
        v &= ~1ull;
    }
    v &= ~(uint64_t)(02000000 | 04000);
    if (v) {
        strace_printf("%s%#llx", first ? "" : "|", (unsigned long long)v);
    }
}

static void print_mmap_flags(uint64_t v)
{
    strace_enum(map_type_names, STRACE_N(map_type_names), (int64_t)(v & 0xf));
    v &= ~0xfull;
    if (v) {
        strace_printf("|");
        strace_flags(map_names, STRACE_N(map_names), v, NULL);
    }
}

static void print_futex_op(uint64_t v)
{
    int cmd = (int)(v & 0x7f);
    strace_enum(futex_names, STRACE_N(futex_names), cmd);
    if (v & 128) {
        strace_printf("_PRIVATE");
    }
    if (v & 256) {
        strace_printf("|FUTEX_CLOCK_REALTIME");
    }
}

/* What futex's arguments 4-6 are for each command (futex(2)): 4 = none, timeout or
 * val2; 5 = uaddr2 or none; 6 = none, val3 or a bitset. */
enum { F_NONE, F_TIMEOUT, F_VAL2, F_ADDR, F_VAL3, F_BITSET };
static const unsigned char futex_args[14][3] = {
    [0] = {F_TIMEOUT, F_NONE, F_NONE},   /* WAIT */
    [1] = {F_NONE, F_NONE, F_NONE},      /* WAKE */
    [2] = {F_NONE, F_NONE, F_NONE},      /* FD */
    [3] = {F_VAL2, F_ADDR, F_NONE},      /* REQUEUE */
    [4] = {F_VAL2, F_ADDR, F_VAL3},      /* CMP_REQUEUE */
    [5] = {F_VAL2, F_ADDR, F_VAL3},      /* WAKE_OP */
    [6] = {F_TIMEOUT, F_NONE, F_NONE},   /* LOCK_PI */
    [7] = {F_NONE, F_NONE, F_NONE},      /* UNLOCK_PI */
    [8] = {F_NONE, F_NONE, F_NONE},      /* TRYLOCK_PI */
    [9] = {F_TIMEOUT, F_NONE, F_BITSET}, /* WAIT_BITSET */
    [10] = {F_NONE, F_NONE, F_BITSET},   /* WAKE_BITSET */
    [11] = {F_TIMEOUT, F_ADDR, F_NONE},  /* WAIT_REQUEUE_PI */
    [12] = {F_VAL2, F_ADDR, F_VAL3},     /* CMP_REQUEUE_PI */
    [13] = {F_TIMEOUT, F_NONE, F_NONE},  /* LOCK_PI2 */
};

/* futex argument i (3..5) as its command uses it; -1 when the command takes none. */
static int print_futex_arg(const StraceCall *c, int i)
{
    unsigned int cmd = (unsigned int)(c->a[1] & 0x7f);
    uint64_t v = c->a[i];
    int what = cmd < 14 ? futex_args[cmd][i - 3] : F_VAL3;
    switch (what) {
    case F_TIMEOUT:
        strace_print_timespec(v);
        return 1;
    case F_VAL2:
    case F_VAL3:
        strace_printf("%d", (int)v);
        return 1;
    case F_ADDR:
        strace_print_ptr(v);
        return 1;
    case F_BITSET:
        if ((uint32_t)v == 0xffffffffu) {
            strace_printf("FUTEX_BITSET_MATCH_ANY");
        } else {
            strace_printf("%#x", (unsigned int)v);
        }
        return 1;
    default:
        return -1;
    }
}

/* fcntl's third argument by command; false when the command takes none. */
static bool print_fcntl_arg(uint64_t cmd, uint64_t v)
{
    switch (cmd) {
    case 1:
    case 3:
    case 9:
    case 11:
    case 1025:
    case 1032:
    case 1034:
        return false; /* F_GETFD, F_GETFL, F_GETOWN...: no argument */
    case 2:
        strace_printf("%s", v & 1 ? "FD_CLOEXEC" : "0");
        if (v & ~1ull) {
            strace_printf("|%#llx", (unsigned long long)(v & ~1ull));
        }
        return true;
    case 4:
        strace_print_oflags(v);
        return true;
    case 1033:
        strace_flags(seal_names, STRACE_N(seal_names), v, NULL);
        return true;
    case 0:
    case 8:
    case 10:
    case 1024:
    case 1030:
    case 1031:
        strace_printf("%d", (int)v);
        return true;
    default:
        strace_print_ptr(v);
        return true;
    }
}

/* 0 when the type is not a named one; 1 printed; -1 the argument is omitted (strace
 * leaves out arguments a command does not take). */
int strace_print_named_file(const StraceCall *c, int i)
{
    uint64_t v = c->a[i];
    switch (c->type[i]) {
    case ST_oflags:
        strace_print_oflags(v);
        break;
    case ST_atflags:
        strace_flags(at_names, STRACE_N(at_names), v, NULL);
        break;
    case ST_accmode:
        strace_flags(access_names, STRACE_N(access_names), v, "F_OK");
        break;
    case ST_mprot:
        strace_flags(prot_names, STRACE_N(prot_names), v, "PROT_NONE");
        break;
    case ST_mmapflags:
        print_mmap_flags(v);
        break;
    case ST_mremapflags:
        strace_flags(mremap_names, STRACE_N(mremap_names), v, NULL);
        break;
    case ST_msyncflags:
        strace_flags(msync_names, STRACE_N(msync_names), v, NULL);
        break;
    case ST_madvice:
        strace_enum(madv_names, STRACE_N(madv_names), (int)v);
        break;
    case ST_cloneflags:
        /* strace's order and names: child_stack=, flags=, parent_tid=, tls=, child_tidptr= */
        strace_printf("child_stack=");
        strace_print_ptr(c->a[1]);
        strace_printf(", flags=");
        strace_print_clone_flags(v);
        break;
    case ST_clonestack:
        return -1;
    case ST_clonetls:
        if (!(c->a[0] & 0x80000)) {
            return -1;
        }
        strace_printf("tls=%#llx", (unsigned long long)v);
        break;
    case ST_clonectid:
        if (!(c->a[0] & (0x1000000 | 0x200000))) {
            return -1;
        }
        strace_printf("child_tidptr=%#llx", (unsigned long long)v);
        break;
    case ST_oclonetid:
        if (!(c->a[0] & 0x100000)) {
            return -1;
        }
        strace_printf("parent_tid=");
        strace_print_ints(v, 1);
        break;
    case ST_fcntlcmd:
        strace_enum(fcntl_names, STRACE_N(fcntl_names), (int)v);
        break;
    case ST_fcntlarg:
        return i > 0 && print_fcntl_arg(c->a[i - 1], v) ? 1 : -1;
    case ST_futexop:
        print_futex_op(v);
        break;
    case ST_futex4:
    case ST_futex5:
    case ST_futex6:
        return print_futex_arg(c, i);
    case ST_prctlop:
        strace_enum(prctl_names, STRACE_N(prctl_names), (int)v);
        break;
    case ST_ioctlreq:
        for (size_t k = 0; k < STRACE_N(ioctl_names); k++) {
            if (ioctl_names[k].value == (uint32_t)v) {
                strace_printf("%s", ioctl_names[k].name);
                return 1;
            }
        }
        strace_printf("%#x", (unsigned int)v);
        break;
    case ST_whence:
        strace_enum(whence_names, STRACE_N(whence_names), (int)v);
        break;
    case ST_sighow:
        strace_enum(how_names, STRACE_N(how_names), (int)v);
        break;
    case ST_clockid:
        strace_enum(clock_names, STRACE_N(clock_names), (int)v);
        break;
    case ST_rlimres:
        strace_enum(rlimit_names, STRACE_N(rlimit_names), (int)v);
        break;
    case ST_waitopt:
        strace_flags(wait_names, STRACE_N(wait_names), v, NULL);
        break;
    case ST_epollop:
        strace_enum(epoll_op_names, STRACE_N(epoll_op_names), (int)v);
        break;
    case ST_fdflags:
        print_fd_flags(c->e ? c->e->name : "", v);
        break;
    case ST_grndflags:
        strace_flags(grnd_names, STRACE_N(grnd_names), v, NULL);
        break;
    case ST_renameflags:
        strace_flags(rename_names, STRACE_N(rename_names), v, NULL);
        break;
    case ST_memfdflags:
        strace_flags(memfd_names, STRACE_N(memfd_names), v, NULL);
        break;
    case ST_crflags:
        strace_flags(close_range_names, STRACE_N(close_range_names), v, NULL);
        break;
    case ST_nsflags:
        strace_flags(ns_names, STRACE_N(ns_names), v, NULL);
        break;
    case ST_sig:
        strace_print_sig((int)v);
        break;
    case ST_cmode:
        /* open's mode means something only when the call may create a file */
        return i > 0 && (c->a[i - 1] & (0100 | 020000000)) ? 0 : -1;
    default:
        return 0;
    }
    return 1;
}

bool strace_print_result(const StraceCall *c)
{
    if (!c->e || strcmp(c->e->name, "fcntl") != 0) {
        return false;
    }
    switch (c->a[1]) {
    case 1: /* F_GETFD */
        strace_printf(" = %#llx", (unsigned long long)c->ret);
        if (c->ret & 1) {
            strace_printf(" (flags FD_CLOEXEC)");
        }
        return true;
    case 3: /* F_GETFL */
        strace_printf(" = %#llx (flags ", (unsigned long long)c->ret);
        strace_print_oflags((uint64_t)c->ret);
        strace_printf(")");
        return true;
    case 1034: /* F_GET_SEALS */
        strace_printf(" = %#llx (seals ", (unsigned long long)c->ret);
        strace_flags(seal_names, STRACE_N(seal_names), (uint64_t)c->ret, NULL);
        strace_printf(")");
        return true;
    default:
        return false;
    }
}
