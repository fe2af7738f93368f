/*
 * ns-mount.c - namespaces and mounts as far as a user-mode emulator honours them: vemu
 * passes unshare, setns, mount, umount2 and pivot_root to the host kernel, which applies
 * them to the vemu process that is the guest.  Checked against unshare(2), setns(2),
 * mount(2), pivot_root(2), pid_namespaces(7), in forked children: a private mount
 * namespace with a tmpfs (a file created in it, then detached), a UTS namespace
 * (sethostname visible to uname, setns back to the saved namespace restores the old
 * name), a PID namespace (the next child is pid 1), and pivot_root into a tmpfs (the
 * new root has the file, the old root is unmounted from under it).
 * Needs root and a host that allows namespaces: elsewhere it prints why and
 * "SKIP ns-mount" and exits 77 (meson: skipped).
 * Example: sudo vemu-aarch64 ns-mount   ->  PASS ns-mount
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char dir[] = "/tmp/vemu-ns-XXXXXX";

/* Run fn in a child; its status is the number of failed checks. */
static void in_child(const char *what, int (*fn)(void))
{
    int status = -1;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        _exit(fn());
    }
    CHECK(what, pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(what, WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int mount_ns(void)
{
    char path[64];
    int fd;
    CHECK_EQ("unshare(CLONE_NEWNS)", 0, unshare(CLONE_NEWNS));
    CHECK_EQ("make / private", 0, mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
    CHECK_EQ("mount tmpfs", 0, mount("vemu-tmpfs", dir, "tmpfs", 0, "size=1m"));
    snprintf(path, sizeof path, "%s/f", dir);
    fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK("create a file on the tmpfs", fd >= 0);
    close(fd);
    CHECK_EQ("umount2 MNT_DETACH", 0, umount2(dir, MNT_DETACH));
    CHECK("the file went with the mount", access(path, F_OK) != 0 && errno == ENOENT);
    fflush(stdout);
    return check_failures;
}

static int uts_ns(void)
{
    struct utsname before, inside, after;
    int saved = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    CHECK("open /proc/self/ns/uts", saved >= 0);
    uname(&before);
    CHECK_EQ("unshare(CLONE_NEWUTS)", 0, unshare(CLONE_NEWUTS));
    CHECK_EQ("sethostname", 0, sethostname("vemu-uts-test", 13));
    uname(&inside);
    CHECK("uname shows the new name", strcmp(inside.nodename, "vemu-uts-test") == 0);
    CHECK_EQ("setns back", 0, setns(saved, CLONE_NEWUTS));
    uname(&after);
    CHECK("the old name is back", strcmp(after.nodename, before.nodename) == 0);
    fflush(stdout);
    return check_failures;
}

static int pid_ns(void)
{
    int status = -1;
    pid_t child;
    CHECK_EQ("unshare(CLONE_NEWPID)", 0, unshare(CLONE_NEWPID));
    fflush(stdout);
    child = fork();
    if (child == 0) {
        _exit(getpid() == 1 ? 0 : 1);
    }
    CHECK("the first child of a new PID namespace",
          child > 0 && waitpid(child, &status, 0) == child);
    CHECK("is pid 1 inside it", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    fflush(stdout);
    return check_failures;
}

static int pivot(void)
{
    char old[64], path[64];
    int fd;
    CHECK_EQ("unshare(CLONE_NEWNS)", 0, unshare(CLONE_NEWNS));
    CHECK_EQ("make / private", 0, mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
    CHECK_EQ("mount tmpfs", 0, mount("vemu-tmpfs", dir, "tmpfs", 0, "size=1m"));
    snprintf(old, sizeof old, "%s/old", dir);
    snprintf(path, sizeof path, "%s/marker", dir);
    CHECK_EQ("mkdir old", 0, mkdir(old, 0755));
    fd = open(path, O_CREAT | O_WRONLY, 0644);
    close(fd);
    CHECK_EQ("pivot_root", 0, syscall(SYS_pivot_root, dir, old));
    CHECK_EQ("chdir /", 0, chdir("/"));
    CHECK("the new root has the marker", access("/marker", F_OK) == 0);
    CHECK_EQ("umount the old root", 0, umount2("/old", MNT_DETACH));
    CHECK_EQ("the old root is gone", 0, rmdir("/old"));
    fflush(stdout);
    return check_failures;
}

int main(void)
{
    if (geteuid() != 0) {
        printf("ns-mount: namespaces and mounts need root\nSKIP ns-mount\n");
        return 77;
    }
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    fflush(stdout);
    pid_t probe = fork();
    int status = -1;
    if (probe == 0) {
        _exit(unshare(CLONE_NEWNS) == 0 ? 0 : errno);
    }
    waitpid(probe, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("ns-mount: this host forbids unshare(CLONE_NEWNS) (%s)\nSKIP ns-mount\n",
               strerror(WIFEXITED(status) ? WEXITSTATUS(status) : 0));
        rmdir(dir);
        return 77;
    }
    in_child("mount namespace", mount_ns);
    in_child("UTS namespace", uts_ns);
    in_child("PID namespace", pid_ns);
    in_child("pivot_root", pivot);
    rmdir(dir);
    return finish("ns-mount");
}
