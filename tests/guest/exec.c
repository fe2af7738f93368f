/*
 * exec.c - execveat(2) and fexecve(3) as the arm64 Linux kernel defines them.
 *
 * The program re-executes itself (found through /proc/self/exe) in a forked child in
 * each way execveat allows: through a descriptor (AT_EMPTY_PATH, with and without
 * close-on-exec), relative to a directory descriptor, by absolute path; then a "#!"
 * script whose interpreter is this program, reached through a descriptor (the
 * interpreter sees "/dev/fd/N"; with close-on-exec execveat fails with ENOENT).  Error
 * cases: empty path without AT_EMPTY_PATH (ENOENT), AT_SYMLINK_NOFOLLOW on a symlink
 * (ELOOP), unknown flags (EINVAL).  The child checks its argv, its environment and that
 * /proc/self/exe names this program, and reports through its exit status.
 *
 * Run as `exec`; children run as `exec --child TAG SELF [...]`.
 * qemu-user 7.2 has no execveat (ENOSYS): with VEMU_GUEST_QEMU_QUIRKS=1 that is printed as
 * a QUIRK line and nothing else is checked.  Never set it for vemu.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define CHILD_OK 42
#define SCRIPT_OK 43

static char self[PATH_MAX];
static char *env_child[] = {"VEMU_EXEC_TEST=yes", NULL};

static int my_execveat(int dirfd, const char *path, char *const argv[], char *const envp[],
                       int flags)
{
    return (int)syscall(SYS_execveat, dirfd, path, argv, envp, flags);
}

/* The child side: argv is [name, "--child", tag, self] or, for the script,
 * [self, "script-arg", "/dev/fd/N", "--child"...] as the kernel builds it. */
static int child_main(int argc, char **argv)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *env = getenv("VEMU_EXEC_TEST");
    if (n <= 0 || !env || strcmp(env, "yes") != 0) {
        return 1;
    }
    exe[n] = '\0';
    if (argc == 4 && strcmp(argv[1], "--child") == 0) {
        /* /proc/self/exe stays the guest program, not the emulator */
        return strcmp(argv[3], exe) == 0 ? CHILD_OK : 2;
    }
    if (argc == 4 && strcmp(argv[1], "script-arg") == 0 &&
        strncmp(argv[2], "/dev/fd/", 8) == 0 && strcmp(argv[3], "--script") == 0) {
        return strcmp(argv[0], self) == 0 || strcmp(exe, self) == 0 ? SCRIPT_OK : 3;
    }
    return 4;
}

/* Fork; the child runs fn (which execs); returns the child's exit status or -signal. */
static int run_child(int (*fn)(void *), void *arg)
{
    int st;
    pid_t pid = fork();
    if (pid == 0) {
        int e = fn(arg);
        _exit(e == 0 ? 100 : 100 + e); /* fn returns errno only when exec failed */
    }
    if (pid < 0 || waitpid(pid, &st, 0) != pid) {
        return -1000;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

typedef struct ExecCase {
    int dirfd;
    const char *path;
    int flags;
    char **argv;
} ExecCase;

static int do_case(void *p)
{
    ExecCase *c = p;
    my_execveat(c->dirfd, c->path, c->argv, env_child, c->flags);
    return errno;
}

static int via_fexecve(void *p)
{
    int fd = *(int *)p;
    char *argv[] = {"exec-child", "--child", "fexecve", self, NULL};
    fexecve(fd, argv, env_child);
    return errno;
}

/* errno of an execveat that must fail, called in this process (it does not return). */
static int failing(int dirfd, const char *path, int flags)
{
    char *argv[] = {"x", NULL};
    errno = 0;
    int r = my_execveat(dirfd, path, argv, env_child, flags);
    return r == -1 ? errno : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--child") == 0 || strcmp(argv[1], "script-arg") == 0)) {
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = '\0';
        return child_main(argc, argv);
    }
    if (getenv("VEMU_GUEST_QEMU_QUIRKS") && my_execveat(-1, "", NULL, NULL, 0x10000) == -1 &&
        errno == ENOSYS) {
        printf("QUIRK execveat: ENOSYS (qemu-user 7.2 does not implement it)\n");
        return finish("exec");
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    CHECK("readlink /proc/self/exe", n > 0);
    if (n <= 0) {
        return finish("exec");
    }
    self[n] = '\0';
    char *child_argv[] = {"exec-child", "--child", "x", self, NULL};

    /* fexecve on a plain descriptor and on a close-on-exec one (an ELF needs no path). */
    int fd = open(self, O_RDONLY);
    CHECK("open self", fd >= 0);
    CHECK_EQ("fexecve(fd)", CHILD_OK, run_child(via_fexecve, &fd));
    int cfd = open(self, O_RDONLY | O_CLOEXEC);
    CHECK_EQ("fexecve(O_CLOEXEC fd)", CHILD_OK, run_child(via_fexecve, &cfd));
    int pfd = open(self, O_PATH | O_CLOEXEC);
    ExecCase c_path = {pfd, "", AT_EMPTY_PATH, child_argv};
    CHECK_EQ("execveat(O_PATH fd, \"\", AT_EMPTY_PATH)", CHILD_OK, run_child(do_case, &c_path));

    /* relative to a directory descriptor, and by absolute path with AT_FDCWD */
    char dircopy[PATH_MAX], basecopy[PATH_MAX];
    snprintf(dircopy, sizeof dircopy, "%s", self);
    snprintf(basecopy, sizeof basecopy, "%s", self);
    int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    CHECK("open dir", dfd >= 0);
    ExecCase c_rel = {dfd, basename(basecopy), 0, child_argv};
    CHECK_EQ("execveat(dirfd, name, 0)", CHILD_OK, run_child(do_case, &c_rel));
    ExecCase c_abs = {AT_FDCWD, self, 0, child_argv};
    CHECK_EQ("execveat(AT_FDCWD, abs, 0)", CHILD_OK, run_child(do_case, &c_abs));

    /* a script reached through a descriptor: the interpreter gets /dev/fd/N */
    char script[] = "/tmp/vemu-exec-test.XXXXXX";
    int sfd = mkstemp(script);
    CHECK("mkstemp", sfd >= 0);
    dprintf(sfd, "#!%s script-arg\n", self);
    fchmod(sfd, 0700);
    close(sfd);
    int scfd = open(script, O_RDONLY);
    char *script_argv[] = {"script", "--script", NULL};
    ExecCase c_script = {scfd, "", AT_EMPTY_PATH, script_argv};
    CHECK_EQ("execveat(script fd, AT_EMPTY_PATH)", SCRIPT_OK, run_child(do_case, &c_script));
    int sccfd = open(script, O_RDONLY | O_CLOEXEC);
    ExecCase c_script_ce = {sccfd, "", AT_EMPTY_PATH, script_argv};
    CHECK_EQ("execveat(O_CLOEXEC script fd): ENOENT", 100 + ENOENT,
             run_child(do_case, &c_script_ce));

    /* errors that leave this process running */
    char link[] = "/tmp/vemu-exec-link.XXXXXX";
    int lfd = mkstemp(link);
    close(lfd);
    unlink(link);
    CHECK("symlink", symlink(self, link) == 0);
    CHECK_EQ("empty path without AT_EMPTY_PATH", ENOENT, failing(fd, "", 0));
    CHECK_EQ("AT_SYMLINK_NOFOLLOW on a symlink", ELOOP,
             failing(AT_FDCWD, link, AT_SYMLINK_NOFOLLOW));
    CHECK_EQ("unknown flag", EINVAL, failing(AT_FDCWD, self, 0x1));
    CHECK_EQ("missing file", ENOENT, failing(AT_FDCWD, "/nonexistent/vemu-exec", 0));
    unlink(link);
    unlink(script);
    return finish("exec");
}
