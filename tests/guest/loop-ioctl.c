/*
 * loop-ioctl.c - loop and block device ioctls, checked against loop(4) and the
 * <linux/fs.h> block ioctls: LOOP_CTL_GET_FREE on /dev/loop-control, LOOP_CONFIGURE a
 * 1 MiB file (with LO_FLAGS_AUTOCLEAR, so the device lets go of it even if this
 * program dies), LOOP_GET_STATUS64, BLKGETSIZE64 / BLKGETSIZE / BLKSSZGET / BLKROGET,
 * reading the file's bytes through the device, LOOP_CLR_FD.  The layouts
 * (struct loop_config, loop_info64) and request numbers are the same on arm64 and
 * x86-64, so vemu passes them through.  Needs root and /dev/loop-control: elsewhere it
 * prints why and "SKIP loop-ioctl" and exits 77 (meson: skipped).
 * Example: sudo vemu-aarch64 loop-ioctl   ->  PASS loop-ioctl
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"

#define FILE_SIZE (1024 * 1024)

static int skip(const char *why)
{
    printf("loop-ioctl: %s (%s)\nSKIP loop-ioctl\n", why, strerror(errno));
    return 77;
}

int main(void)
{
    char file[] = "/tmp/vemu-loop-XXXXXX", dev[32];
    static char block[FILE_SIZE];
    char back[512];
    struct loop_config cfg;
    struct loop_info64 info;
    uint64_t size = 0;
    unsigned long sectors = 0;
    int ssz = 0, ro = -1, ctl, fd, loop = -1, n = -1, r = -1;

    if (geteuid() != 0) {
        errno = EPERM;
        return skip("loop devices need root");
    }
    ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0) {
        return skip("no /dev/loop-control");
    }
    fd = mkstemp(file);
    CHECK("mkstemp", fd >= 0);
    unlink(file);
    for (int i = 0; i < FILE_SIZE; i++) {
        block[i] = (char)(i * 7 + 3);
    }
    CHECK_EQ("write the backing file", FILE_SIZE, write(fd, block, FILE_SIZE));

    memset(&cfg, 0, sizeof cfg);
    cfg.fd = (uint32_t)fd;
    cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR;
    /* another process may take the free device between the two calls: try again */
    for (int tries = 0; tries < 20 && r != 0; tries++) {
        n = ioctl(ctl, LOOP_CTL_GET_FREE);
        CHECK("LOOP_CTL_GET_FREE", n >= 0);
        if (n < 0) {
            break;
        }
        snprintf(dev, sizeof dev, "/dev/loop%d", n);
        loop = open(dev, O_RDWR | O_CLOEXEC);
        if (loop < 0) {
            close(fd);
            return skip("the free loop device has no node in /dev");
        }
        r = ioctl(loop, LOOP_CONFIGURE, &cfg);
        if (r != 0) {
            close(loop);
            loop = -1;
        }
    }
    CHECK_EQ("LOOP_CONFIGURE", 0, r);
    if (loop >= 0) {
        memset(&info, 0, sizeof info);
        CHECK_EQ("LOOP_GET_STATUS64", 0, ioctl(loop, LOOP_GET_STATUS64, &info));
        CHECK_EQ("lo_number", n, info.lo_number);
        CHECK("LO_FLAGS_AUTOCLEAR kept", info.lo_flags & LO_FLAGS_AUTOCLEAR);
        CHECK_EQ("BLKGETSIZE64", 0, ioctl(loop, BLKGETSIZE64, &size));
        CHECK_EQ("size in bytes", FILE_SIZE, size);
        CHECK_EQ("BLKGETSIZE", 0, ioctl(loop, BLKGETSIZE, &sectors));
        CHECK_EQ("size in 512-byte sectors", FILE_SIZE / 512, sectors);
        CHECK_EQ("BLKSSZGET", 0, ioctl(loop, BLKSSZGET, &ssz));
        CHECK_EQ("logical block size", 512, ssz);
        CHECK_EQ("BLKROGET", 0, ioctl(loop, BLKROGET, &ro));
        CHECK_EQ("writable", 0, ro);
        CHECK_EQ("pread through the device", 512, pread(loop, back, 512, 4096));
        CHECK("the file's bytes", memcmp(back, block + 4096, 512) == 0);
        CHECK_EQ("LOOP_CLR_FD", 0, ioctl(loop, LOOP_CLR_FD));
        close(loop);
    }
    close(fd);
    close(ctl);
    return finish("loop-ioctl");
}
