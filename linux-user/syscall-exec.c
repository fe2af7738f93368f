/*
 * syscall-exec.c - execve and execveat (fexecve) for the guest.
 *
 * The target's first bytes decide (docs/design/binfmt.md):
 *   - an arm64 ELF, or a "#!" script whose interpreter is one: when an enabled
 *     binfmt_misc entry runs it (binfmt-match.c) and no command-line option needs
 *     carrying over, the host kernel execs it directly; otherwise vemu re-runs itself
 *     through the descriptor opened on its own executable at start-up (execveat with
 *     AT_EMPTY_PATH), never by a host path that a chroot may not see;
 *   - anything else (host programs, host-interpreted scripts) is exec'd natively.
 * A program named by a descriptor (fexecve, or a path relative to a dirfd) reaches the
 * new vemu as "-execfd N NAME", NAME being the kernel's "/dev/fd/N[/path]".
 * Example: guest execve("/bin/ls", ["ls"], envp) on an arm64 ELF without binfmt ->
 *          host execveat(self_fd, "", ["vemu-aarch64", "-0", "ls", "--", "/bin/ls"], envp,
 *                        AT_EMPTY_PATH)
 */
#include <elf.h>
#include <errno.h>
#include <glib.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "syscall/syscall-defs.h"

#define EM_AARCH64_NR 183
#define HDR_LEN 256

/* vemu's own executable, opened at start-up; identity checked before each use since the
 * guest may close or reuse the descriptor. */
static int self_fd = -1;
static dev_t self_dev;
static ino_t self_ino;

/* Re-run by a vemu that had no /proc either, we inherit its descriptor: the kernel names
 * a program exec'd through a descriptor "/dev/fd/N" in AT_EXECFN. */
static int inherited_self_fd(void)
{
    const char *fn = (const char *)getauxval(AT_EXECFN);
    char *end;
    if (!fn || strncmp(fn, "/dev/fd/", 8) != 0) {
        return -1;
    }
    long n = strtol(fn + 8, &end, 10);
    unsigned char h[20];
    if (*end || n < 3 || n > INT_MAX) {
        return -1;
    }
    /* A guest fexecve run by binfmt_misc also gives "/dev/fd/N": that N is the guest's
     * arm64 program, left alone.  vemu is a host (x86-64) ELF. */
    if (pread((int)n, h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h, "\177ELF", 4) != 0 ||
        (h[18] | h[19] << 8) != EM_X86_64 || fcntl((int)n, F_SETFD, FD_CLOEXEC) != 0) {
        return -1;
    }
    return (int)n;
}

void exec_self_init(const char *argv0)
{
    struct stat st;
    int fd = inherited_self_fd();
    if (fd < 0) {
        fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0 && argv0 && strchr(argv0, '/')) {
        fd = open(argv0, O_RDONLY | O_CLOEXEC); /* no /proc (yet) in this root */
    }
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        return;
    }
    /* Keep it out of the low numbers guest programs pick for themselves. */
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 900);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    self_fd = fd;
    self_dev = st.st_dev;
    self_ino = st.st_ino;
}

int exec_self_fd(void)
{
    return self_fd;
}

void exec_self_fd_release(void)
{
    self_fd = -1;
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

static bool is_arm64_elf(const unsigned char *h, size_t n)
{
    return n >= 20 && memcmp(h, "\177ELF", 4) == 0 && h[4] == 2 && h[5] == 1 &&
           (h[18] | h[19] << 8) == EM_AARCH64_NR;
}

/* Reads the first bytes of the file at path (fd when path is NULL); -1 on error. */
static ssize_t read_header(const char *path, int fd, unsigned char *h, size_t len)
{
    ssize_t n;
    if (path) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return -1;
        }
    }
    n = pread(fd, h, len, 0);
    if (path) {
        close(fd);
    }
    return n;
}

/* Parse "#!interp [arg]" from the header; false if not a script. */
static bool parse_shebang(const unsigned char *h, size_t n, char *interp, size_t ilen, char *arg,
                          size_t alen)
{
    char buf[HDR_LEN + 1];
    char *p, *end, *q;
    if (n < 3 || h[0] != '#' || h[1] != '!') {
        return false;
    }
    memcpy(buf, h, n);
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

/* The host execveat, with the signal mask the new program inherits. */
static int64_t host_execveat(int dirfd, const char *path, char **argv, char **envp, int flags)
{
    int err;
    syscall_flush_logs();
    signal_prepare_exec();
    syscall(SYS_execveat, dirfd, path, argv, envp, flags);
    err = errno;
    signal_exec_failed();
    return -err;
}

static bool self_fd_valid(void)
{
    struct stat st;
    return self_fd >= 0 && fstat(self_fd, &st) == 0 && st.st_dev == self_dev &&
           st.st_ino == self_ino;
}

/* Can vemu re-run itself?  If not, the kernel (binfmt_misc) is the only way left. */
static bool exec_self_available(void)
{
    return self_fd_valid() || access("/proc/self/exe", X_OK) == 0;
}

/* Re-run vemu on another arm64 program (argv from vemu_reexec_argv). */
static int64_t exec_vemu(char **nargv, char **envp)
{
    if (self_fd_valid()) {
        /* Inherited, so that the new vemu can re-run itself too in a root without /proc
         * (inherited_self_fd); close-on-exec again if the exec fails. */
        fcntl(self_fd, F_SETFD, 0);
        int64_t ret = host_execveat(self_fd, "", nargv, envp, AT_EMPTY_PATH);
        fcntl(self_fd, F_SETFD, FD_CLOEXEC);
        return ret;
    }
    /* The descriptor is gone: the magic link still reaches vemu when /proc is mounted. */
    return host_execveat(AT_FDCWD, "/proc/self/exe", nargv, envp, 0);
}

/* Should the kernel exec this arm64 program (or script) by itself? */
static bool kernel_runs(const unsigned char *h, size_t n)
{
    return !options_reexec_needed() && (binfmt_kernel_handles(h, n) || !exec_self_available());
}

/* Re-run vemu on path (or on exec_fd, which must survive the exec, named path). */
static int64_t reexec(const char *path, int exec_fd, char **argv, char **envp)
{
    char **nargv = vemu_reexec_argv(path, argv, exec_fd);
    int64_t ret = exec_vemu(nargv, envp);
    g_free(nargv);
    return ret;
}

/* The execute permission check the kernel makes on the file open on fd. */
static int check_exec_access(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return -errno;
    }
    if (!S_ISREG(st.st_mode)) {
        return -EACCES;
    }
    if (syscall(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH) != 0 && errno != ENOSYS) {
        return -errno;
    }
    return 0;
}

/* A descriptor the new vemu inherits (dup of fd without close-on-exec), or -errno. */
static int inheritable(int fd)
{
    int nfd = fcntl(fd, F_DUPFD, 3);
    return nfd < 0 ? -errno : nfd;
}

/* "#!" script whose interpreter ip (as found on the host, under -L) is an arm64 ELF:
 * the guest argv the kernel would build is interp [arg] script argv[1..]. */
static int64_t exec_script(const char *interp, const char *ip, const char *iarg, const char *script,
                           char **argv, char **envp)
{
    size_t n = 0, k = 0;
    while (argv[n]) {
        n++;
    }
    char **sargv = calloc(n + 4, sizeof *sargv);
    if (!sargv) {
        return -ENOMEM;
    }
    sargv[k++] = (char *)interp;
    if (iarg[0]) {
        sargv[k++] = (char *)iarg;
    }
    sargv[k++] = (char *)script;
    for (size_t i = 1; i < n; i++) {
        sargv[k++] = argv[i];
    }
    sargv[k] = NULL;
    int64_t ret = reexec(ip, -1, sargv, envp);
    free(sargv);
    return ret;
}

/* Both execve and execveat: path relative to dirfd, flags AT_EMPTY_PATH and
 * AT_SYMLINK_NOFOLLOW as execveat(2) defines them. */
static int64_t do_exec(int dirfd, char *path, char **argv, char **envp, int flags)
{
    unsigned char h[HDR_LEN];
    char interp[HDR_LEN], iarg[HDR_LEN], name[64 + 4096];
    bool by_fd = !(path[0] == '/' || dirfd == AT_FDCWD); /* only a descriptor reaches it */
    int fd, ret;

    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) {
        return -EINVAL;
    }
    if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
        int fl = fcntl(dirfd, F_GETFL);
        if (fl >= 0 && (fl & O_PATH)) {
            /* the kernel execs an O_PATH descriptor; vemu must read it: reopen it */
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", dirfd);
            fd = open(proc, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        } else {
            fd = fl < 0 ? -1 : fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
        }
    } else {
        int of = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
        fd = openat(dirfd, path, of | ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0));
    }
    if (fd < 0) {
        return -errno;
    }
    ret = check_exec_access(fd);
    ssize_t n = ret == 0 ? read_header(NULL, fd, h, sizeof h) : 0;
    if (ret == 0 && n < 0) {
        ret = -errno;
    }
    if (ret != 0) {
        close(fd);
        return ret;
    }
    /* The name the kernel gives a program reached through a descriptor. */
    snprintf(name, sizeof name, "/dev/fd/%d%s%s", dirfd, path[0] ? "/" : "", path);

    if (is_arm64_elf(h, (size_t)n)) {
        /* binfmt_misc names a program reached through a close-on-exec descriptor
         * /dev/fd/N, which its interpreter cannot open (ENOENT, unless the entry has the
         * O flag); an arm64 kernel runs such an ELF, so vemu re-runs itself instead. */
        bool fd_lost = by_fd && (fcntl(dirfd, F_GETFD) & FD_CLOEXEC) && exec_self_available();
        if (kernel_runs(h, (size_t)n) && !fd_lost) {
            ret = (int)host_execveat(dirfd, path, argv, envp, flags);
        } else if (!by_fd) {
            ret = (int)reexec(path, -1, argv, envp);
        } else {
            int nfd = inheritable(fd);
            ret = nfd < 0 ? nfd : (int)reexec(name, nfd, argv, envp);
            if (nfd >= 0) {
                close(nfd);
            }
        }
    } else if (parse_shebang(h, (size_t)n, interp, sizeof interp, iarg, sizeof iarg)) {
        char resolved[4096 + HDR_LEN];
        unsigned char ih[HDR_LEN];
        const char *ip = interp;
        if (vemu_config.ld_prefix && interp[0] == '/') {
            snprintf(resolved, sizeof resolved, "%s%s", vemu_config.ld_prefix, interp);
            if (access(resolved, F_OK) == 0) {
                ip = resolved;
            }
        }
        ssize_t in = read_header(ip, -1, ih, sizeof ih);
        if (in < 0 || !is_arm64_elf(ih, (size_t)in) || kernel_runs(ih, (size_t)in)) {
            ret = (int)host_execveat(dirfd, path, argv, envp, flags);
        } else if (by_fd && (fcntl(dirfd, F_GETFD) & FD_CLOEXEC)) {
            ret = -ENOENT; /* the interpreter could not open /dev/fd/N: execveat(2) */
        } else {
            ret = (int)exec_script(interp, ip, iarg, by_fd ? name : path, argv, envp);
        }
    } else {
        /* Anything else (a host binary, a host-interpreted script) runs natively. */
        ret = (int)host_execveat(dirfd, path, argv, envp, flags);
    }
    close(fd);
    return ret;
}

/* Copies the guest's path, argv and envp, then runs do_exec. */
static int64_t exec_from_guest(int dirfd, uint64_t gpath, uint64_t gargv, uint64_t genvp, int flags)
{
    int err = 0;
    char *path = strdup_from_guest(gpath);
    char **argv = NULL, **envp = NULL;
    int64_t ret;

    if (!path) {
        return -EFAULT;
    }
    if (path[0] == '/' || dirfd == AT_FDCWD) {
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
    }
    argv = copy_strv(gargv, &err);
    if (argv) {
        envp = copy_strv(genvp, &err);
    }
    ret = argv && envp ? do_exec(dirfd, path, argv, envp, flags) : err;
    free(path);
    free_strv(argv);
    free_strv(envp);
    return ret;
}

int64_t sys_execve(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    return exec_from_guest(AT_FDCWD, a[0], a[1], a[2], 0);
}

int64_t sys_execveat(CPUArchState *env, uint64_t a[6])
{
    (void)env;
    return exec_from_guest((int)a[0], a[1], a[2], a[3], (int)a[4]);
}
