/*
 * tty-ioctl.c - terminal ioctls on a pseudo-terminal pair, checked against
 * ioctl_tty(2) and pty(7): the ioctl numbers and struct termios / winsize of arm64
 * are the asm-generic ones the x86-64 host uses too, so vemu passes them through.
 * /dev/ptmx: TIOCGPTN, TIOCSPTLCK; the slave: TCGETS/TCSETS (raw mode), TIOCSWINSZ /
 * TIOCGWINSZ, FIONREAD after the master writes, TCFLSH discarding it, TIOCGPGRP
 * without a controlling terminal (ENOTTY), isatty-style TCGETS on a pipe (ENOTTY),
 * FIONBIO/FIOCLEX on the master.
 * Example: vemu-aarch64 tty-ioctl   ->  PASS tty-ioctl
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY), slave, n = -1, unlock = 0, on = 1;
    int p[2], avail = -1;
    unsigned int ptn = ~0u;
    char path[64];
    struct termios t, t2;
    struct winsize ws = {24, 80, 0, 0}, ws2;
    struct pollfd pfd;
    pid_t pgrp;

    if (master < 0) {
        printf("tty-ioctl: no /dev/ptmx on this host (%s)\nSKIP tty-ioctl\n", strerror(errno));
        return 77;
    }
    CHECK_EQ("TIOCGPTN", 0, ioctl(master, TIOCGPTN, &ptn));
    CHECK("TIOCGPTN number", ptn != ~0u);
    CHECK_EQ("TIOCSPTLCK unlock", 0, ioctl(master, TIOCSPTLCK, &unlock));
    snprintf(path, sizeof path, "/dev/pts/%u", ptn);
    slave = open(path, O_RDWR | O_NOCTTY);
    CHECK("open the slave", slave >= 0);

    CHECK_EQ("TCGETS", 0, ioctl(slave, TCGETS, &t));
    CHECK("a new pty starts in canonical mode with echo",
          (t.c_lflag & ICANON) && (t.c_lflag & ECHO));
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    CHECK_EQ("TCSETS", 0, ioctl(slave, TCSETS, &t));
    CHECK_EQ("TCGETS again", 0, ioctl(slave, TCGETS, &t2));
    CHECK("raw mode kept", !(t2.c_lflag & (ICANON | ECHO | ISIG)) && t2.c_cc[VMIN] == 1);

    CHECK_EQ("TIOCSWINSZ", 0, ioctl(slave, TIOCSWINSZ, &ws));
    memset(&ws2, 0, sizeof ws2);
    CHECK_EQ("TIOCGWINSZ on the master", 0, ioctl(master, TIOCGWINSZ, &ws2));
    CHECK("winsize", ws2.ws_row == 24 && ws2.ws_col == 80);

    CHECK_EQ("master write", 3, write(master, "abc", 3));
    pfd.fd = slave;
    pfd.events = POLLIN;
    CHECK_EQ("slave readable", 1, poll(&pfd, 1, 5000));
    CHECK_EQ("FIONREAD", 0, ioctl(slave, FIONREAD, &n));
    CHECK_EQ("FIONREAD count", 3, n);
    CHECK_EQ("TCFLSH TCIFLUSH", 0, ioctl(slave, TCFLSH, TCIFLUSH));
    CHECK_EQ("FIONREAD after flush", 0, ioctl(slave, FIONREAD, &n));
    CHECK_EQ("FIONREAD count after flush", 0, n);

    errno = 0;
    CHECK("TIOCGPGRP without a controlling terminal: ENOTTY",
          ioctl(slave, TIOCGPGRP, &pgrp) == -1 && errno == ENOTTY);
    CHECK_EQ("pipe", 0, pipe(p));
    errno = 0;
    CHECK("TCGETS on a pipe: ENOTTY", ioctl(p[0], TCGETS, &t) == -1 && errno == ENOTTY);
    CHECK_EQ("FIONREAD on a pipe", 0, ioctl(p[0], FIONREAD, &avail));
    CHECK_EQ("FIONREAD on an empty pipe", 0, avail);
    CHECK_EQ("FIONBIO", 0, ioctl(master, FIONBIO, &on));
    CHECK("FIONBIO sets O_NONBLOCK", fcntl(master, F_GETFL) & O_NONBLOCK);
    CHECK_EQ("FIOCLEX", 0, ioctl(master, FIOCLEX));
    CHECK_EQ("FIOCLEX sets FD_CLOEXEC", FD_CLOEXEC, fcntl(master, F_GETFD));
    close(p[0]);
    close(p[1]);
    close(slave);
    close(master);
    return finish("tty-ioctl");
}
