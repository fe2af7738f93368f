/*
 * syscall-proc.c - process-level syscalls: exit, exit_group, clone (fork and vfork here,
 * threads in thread.c), execve (re-runs vemu for arm64 programs and for #!
 * scripts with an arm64 interpreter), uname (machine "aarch64") and prctl.
 * Example: guest execve("/bin/ls", ...) on an arm64 ELF ->
 *          host execve(self_exe, ["vemu-aarch64", "-0", "ls", "/bin/ls", ...], envp)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"
#include "tcg/log.h"
#include "tcg/stats.h"

#define EM_AARCH64_NR 183

void syscall_flush_logs(void)
{
    tcg_stats_dump();
    fflush(stdout);
    fflush(stderr);
    if (vemu_log_file) {
        fflush(vemu_log_file);
    }
}

int64_t sys_exit(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    /* Ends this guest thread only; the last one ends the process (thread.c). */
    thread_exit((int)a[0]);
}

int64_t sys_exit_group(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    syscall_flush_logs();
    syscall(SYS_exit_group, (int)a[0]);
    _exit((int)a[0]);
}

/* arm64 clone(flags, newsp, parent_tid, tls, child_tid); x86-64 swaps tls and child_tid. */
int64_t sys_clone(CPUArchState *env, uint64_t a[6])
{
    uint64_t flags = a[0];
    uint64_t host_flags;
    long pid;

    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
        return thread_clone(env, flags, a[1], a[2], a[3], a[4]);
    }
    if ((flags & CLONE_VM) && !(flags & (CLONE_THREAD | CLONE_SIGHAND))) {
        /* vfork / posix_spawn: a process sharing the memory (vfork.c). */
        return vfork_clone(env, flags, a[1], a[2], a[3], a[4]);
    }
    if (flags & (CLONE_THREAD | CLONE_SIGHAND)) {
        return -EINVAL;
    }
    syscall_flush_logs();
    /* Other guest threads may hold vemu's locks (or malloc's): take them all first. */
    thread_fork_prepare();
    if ((flags & ~(uint64_t)(CSIGNAL | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
                             CLONE_PARENT_SETTID)) == 0 &&
        (flags & CSIGNAL) == SIGCHLD) {
        /* A plain fork (glibc's fork()): the host fork() also resets malloc's and
         * stdio's locks in the child; the tid stores are done by hand. */
        pid = fork();
        if (pid > 0 && (flags & CLONE_PARENT_SETTID)) {
            int tid = (int)pid;
            copy_to_guest(a[2], &tid, sizeof tid);
        }
        if (pid == 0) {
            int tid = (int)syscall(SYS_gettid);
            if (flags & CLONE_CHILD_SETTID) {
                copy_to_guest(a[4], &tid, sizeof tid);
            }
            if (flags & CLONE_CHILD_CLEARTID) {
                syscall(SYS_set_tid_address, g2h(a[4]));
            }
        }
    } else {
        /* vfork runs as a fork whose parent still waits for the child's exec or exit
         * (CLONE_VFORK works without CLONE_VM).  vemu's own TLS (fs) must not change. */
        host_flags = flags & ~(uint64_t)(CLONE_VM | CLONE_SETTLS);
        pid = syscall(SYS_clone, host_flags, 0, g2h(a[2]), g2h(a[4]), 0);
    }
    if (pid == -1) {
        int err = errno;
        thread_fork_parent();
        return -err;
    }
    if (pid != 0) {
        thread_fork_parent();
    }
    if (pid == 0) {
        thread_fork_child();
        if (a[1] != 0) {
            env->xregs[A64_REG_SP] = a[1];
        }
        if (flags & CLONE_SETTLS) {
            env->tpidr_el0 = a[3];
        }
        return 0;
    }
    return pid;
}

/* Free a NULL-terminated array of malloc'd strings. */
static void free_strv(char **v)
{
    if (v) {
        for (char **p = v; *p; p++) {
            free(*p);
        }
        free(v);
    }
}

/* Copy a guest char *[] into host memory; NULL with *err set on failure. */
static char **copy_strv(uint64_t addr, int *err)
{
    size_t n = 0, cap = 16;
    char **v = calloc(cap, sizeof *v);
    if (!v) {
        *err = -ENOMEM;
        return NULL;
    }
    if (addr == 0) {
        return v;
    }
    for (;;) {
        uint64_t p;
        if (copy_from_guest(&p, addr + n * 8, 8) != 0) {
            *err = -EFAULT;
            free_strv(v);
            return NULL;
        }
        if (p == 0) {
            break;
        }
        if (n + 2 > cap) {
            char **nv;
            if (cap > (1u << 20)) {
                *err = -E2BIG;
                free_strv(v);
                return NULL;
            }
            nv = realloc(v, cap * 2 * sizeof *v);
            if (!nv) {
                *err = -ENOMEM;
                free_strv(v);
                return NULL;
            }
            memset(nv + cap, 0, cap * sizeof *v);
            v = nv;
            cap *= 2;
        }
        v[n] = strdup_from_guest(p);
        if (!v[n]) {
            *err = -EFAULT;
            free_strv(v);
            return NULL;
        }
        n++;
    }
    v[n] = NULL;
    return v;
}

/* Is the file at path an arm64 ELF executable? */
static bool is_arm64_elf(const char *path)
{
    unsigned char h[20];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;
    if (fd < 0) {
        return false;
    }
    n = read(fd, h, sizeof h);
    close(fd);
    return n == (ssize_t)sizeof h && memcmp(h, "\177ELF", 4) == 0 && h[4] == 2 && h[5] == 1 &&
           (h[18] | h[19] << 8) == EM_AARCH64_NR;
}

/* Parse "#!interp [arg]" from the first line; false if not a script. */
static bool parse_shebang(const char *path, char *interp, size_t ilen, char *arg, size_t alen)
{
    char buf[256];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;
    char *p, *end, *q;
    if (fd < 0) {
        return false;
    }
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 3 || buf[0] != '#' || buf[1] != '!') {
        return false;
    }
    buf[n] = '\0';
    end = strchr(buf, '\n');
    if (end) {
        *end = '\0';
    }
    p = buf + 2;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    q = p;
    while (*q && *q != ' ' && *q != '\t') {
        q++;
    }
    if (q == p || (size_t)(q - p) >= ilen) {
        return false;
    }
    memcpy(interp, p, (size_t)(q - p));
    interp[q - p] = '\0';
    while (*q == ' ' || *q == '\t') {
        q++;
    }
    /* Like Linux: the rest of the line, trailing blanks removed, is one argument. */
    end = q + strlen(q);
    while (end > q && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) {
        end--;
    }
    if ((size_t)(end - q) >= alen) {
        return false;
    }
    memcpy(arg, q, (size_t)(end - q));
    arg[end - q] = '\0';
    return true;
}

static const char *self_exe(void)
{
    return vemu_config.self_exe ? vemu_config.self_exe : "/proc/self/exe";
}

static int64_t host_execve(const char *path, char **argv, char **envp)
{
    int err;
    syscall_flush_logs();
    signal_prepare_exec();
    execve(path, argv, envp);
    err = errno;
    signal_exec_failed();
    return -err;
}

/* The executable must be a regular file the caller may execute. */
static int check_exec_access(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return -errno;
    }
    if (!S_ISREG(st.st_mode)) {
        return -EACCES;
    }
    if (access(path, X_OK) != 0) {
        return -errno;
    }
    return 0;
}

int64_t sys_execve(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    int err = 0;
    char *path = strdup_from_guest(a[0]);
    char **argv = NULL, **envp = NULL;
    int64_t ret;
    char interp[256], iarg[256];

    if (!path) {
        return -EFAULT;
    }
    /* /proc/self/exe names the guest program, not vemu (busybox re-runs itself so). */
    char link[4096];
    int64_t ln = proc_fake_readlink(path, link, sizeof link - 1);
    if (ln >= 0) {
        link[ln] = '\0';
        free(path);
        path = strdup(link);
        if (!path) {
            return -ENOMEM;
        }
    }
    path = under_ld_prefix(path);
    argv = copy_strv(a[1], &err);
    if (argv) {
        envp = copy_strv(a[2], &err);
    }
    if (!argv || !envp) {
        ret = err;
        goto out;
    }
    ret = check_exec_access(path);
    if (ret != 0) {
        goto out;
    }
    if (is_arm64_elf(path)) {
        char **nargv = vemu_reexec_argv(path, argv);
        ret = host_execve(self_exe(), nargv, envp);
        free(nargv);
    } else if (parse_shebang(path, interp, sizeof interp, iarg, sizeof iarg)) {
        char resolved[4096 + 256];
        const char *ip = interp;
        if (vemu_config.ld_prefix && interp[0] == '/') {
            snprintf(resolved, sizeof resolved, "%s%s", vemu_config.ld_prefix, interp);
            if (access(resolved, F_OK) == 0) {
                ip = resolved;
            }
        }
        if (is_arm64_elf(ip)) {
            /* Guest argv as the kernel builds it: interp [arg] script argv[1..]. */
            size_t n = 0;
            while (argv[n]) {
                n++;
            }
            char **sargv = calloc(n + 4, sizeof *sargv);
            size_t k = 0;
            if (!sargv) {
                ret = -ENOMEM;
                goto out;
            }
            sargv[k++] = interp;
            if (iarg[0]) {
                sargv[k++] = iarg;
            }
            sargv[k++] = path;
            for (size_t i = 1; i < n; i++) {
                sargv[k++] = argv[i];
            }
            sargv[k] = NULL;
            char **nargv = vemu_reexec_argv(ip, sargv);
            ret = host_execve(self_exe(), nargv, envp);
            free(nargv);
            free(sargv);
        } else {
            ret = host_execve(path, argv, envp);
        }
    } else {
        /* Anything else (a host binary, a host-interpreted script) runs natively. */
        ret = host_execve(path, argv, envp);
    }
out:
    free(path);
    free_strv(argv);
    free_strv(envp);
    return ret;
}

int64_t sys_uname(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    struct utsname u;
    if (uname(&u) != 0) {
        return -errno;
    }
    snprintf(u.machine, sizeof u.machine, "aarch64");
    return copy_to_guest(a[0], &u, sizeof u);
}

int64_t sys_prctl(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    switch ((int)a[0]) {
    case 22: /* PR_SET_SECCOMP: a filter would see x86-64 syscall numbers */
    case 50: /* PR_SVE_SET_VL */
    case 51: /* PR_SVE_GET_VL */
    case 54: /* PR_PAC_RESET_KEYS */
    case 55: /* PR_SET_TAGGED_ADDR_CTRL */
    case 56: /* PR_GET_TAGGED_ADDR_CTRL */
    case 60: /* PR_PAC_SET_ENABLED_KEYS */
    case 61: /* PR_PAC_GET_ENABLED_KEYS */
    case 63: /* PR_SME_SET_VL */
    case 64: /* PR_SME_GET_VL */
        return -EINVAL;
    default: {
        long r = syscall(SYS_prctl, a[0], a[1], a[2], a[3], a[4]);
        return r == -1 ? -errno : r;
    }
    }
}
