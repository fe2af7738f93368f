/*
 * shm-memfd.c - shared memory as the arm64 kernel provides it: memfd_create with file seals
 * (memfd_create(2), fcntl(2) "File Sealing"), System V shared memory shared with a forked
 * child (shmget/shmat/shmctl/shmdt, struct shmid_ds read back), and one POSIX shared memory
 * object mapped twice.
 * Example: shm-memfd  ->  "PASS shm-memfd"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void memfd_seals(void)
{
    int fd = memfd_create("vemu-test", MFD_ALLOW_SEALING | MFD_CLOEXEC);
    CHECK("memfd_create", fd >= 0);
    CHECK("FD_CLOEXEC", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    CHECK("write", write(fd, "sealed", 6) == 6);
    CHECK_EQ("no seals yet", 0, fcntl(fd, F_GET_SEALS));
    CHECK("add seals", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE) == 0);
    CHECK_EQ("F_GET_SEALS", F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE, fcntl(fd, F_GET_SEALS));
    errno = 0;
    CHECK("write after F_SEAL_WRITE fails with EPERM", write(fd, "x", 1) == -1 && errno == EPERM);
    errno = 0;
    CHECK("ftruncate after F_SEAL_SHRINK fails with EPERM",
          ftruncate(fd, 1) == -1 && errno == EPERM);
    errno = 0;
    CHECK("shared writable mapping refused with EPERM",
          mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
              errno == EPERM);
    char buf[8] = {0};
    CHECK("pread", pread(fd, buf, sizeof buf, 0) == 6 && memcmp(buf, "sealed", 6) == 0);
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("read-only shared mapping", ro != MAP_FAILED && memcmp(ro, "sealed", 6) == 0);
    if (ro != MAP_FAILED) {
        munmap(ro, 4096);
    }
    close(fd);

    /* without MFD_ALLOW_SEALING the file starts with F_SEAL_SEAL */
    fd = memfd_create("vemu-nosealing", 0);
    CHECK_EQ("F_SEAL_SEAL by default", F_SEAL_SEAL, fcntl(fd, F_GET_SEALS));
    errno = 0;
    CHECK("no sealing allowed", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EPERM);
    close(fd);
}

static void sysv_shm(void)
{
    int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    CHECK("shmget", id >= 0);
    if (id < 0) {
        return;
    }
    char *p = shmat(id, NULL, 0);
    CHECK("shmat", p != (char *)-1);
    if (p == (char *)-1) {
        shmctl(id, IPC_RMID, NULL);
        return;
    }
    strcpy(p, "parent");
    pid_t pid = fork();
    if (pid == 0) {
        char *c = shmat(id, NULL, 0);
        if (c == (char *)-1 || strcmp(c, "parent") != 0) {
            _exit(1);
        }
        strcpy(c + 4096, "child");
        shmdt(c);
        _exit(0);
    }
    int st = 0;
    CHECK("child", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK("the child's write is seen", strcmp(p + 4096, "child") == 0);
    struct shmid_ds ds;
    CHECK("IPC_STAT", shmctl(id, IPC_STAT, &ds) == 0);
    CHECK_EQ("shm_segsz", 8192, ds.shm_segsz);
    CHECK_EQ("shm_nattch (the child detached)", 1, ds.shm_nattch);
    CHECK_EQ("shm_cpid", getpid(), ds.shm_cpid);
    CHECK_EQ("shm_perm.mode", 0600, ds.shm_perm.mode & 0777);
    CHECK("shmdt", shmdt(p) == 0);
    CHECK("IPC_RMID", shmctl(id, IPC_RMID, NULL) == 0);
    errno = 0;
    CHECK("shmat after IPC_RMID fails", shmat(id, NULL, 0) == (void *)-1 && errno == EINVAL);
}

static void posix_shm(void)
{
    char name[64];
    snprintf(name, sizeof name, "/vemu-shm-%d", (int)getpid());
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    CHECK("shm_open", fd >= 0);
    if (fd < 0) {
        return;
    }
    CHECK("ftruncate", ftruncate(fd, 4096) == 0);
    char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *b = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("two mappings", a != MAP_FAILED && b != MAP_FAILED && a != b);
    if (a != MAP_FAILED && b != MAP_FAILED) {
        strcpy(a, "one object");
        CHECK("seen through the other mapping", strcmp(b, "one object") == 0);
        munmap(a, 4096);
        munmap(b, 4096);
    }
    close(fd);
    CHECK("shm_unlink", shm_unlink(name) == 0);
}

int main(void)
{
    memfd_seals();
    sysv_shm();
    posix_shm();
    return finish("shm-memfd");
}
