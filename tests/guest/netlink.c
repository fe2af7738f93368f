/*
 * netlink.c - raw NETLINK_ROUTE sockets, checked against netlink(7) and rtnetlink(7):
 * bind with nl_pid 0 gets a unique port id (getsockname), SOL_NETLINK options
 * (NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK set and read back), an RTM_GETLINK dump read
 * with the MSG_PEEK|MSG_TRUNC length probe glibc and iproute2 use (the call returns the
 * whole datagram's length however small the buffer), "lo" present with ifindex 1 and
 * IFF_LOOPBACK, NLMSG_DONE at the end, the sender address being the kernel (nl_pid 0),
 * and an RTM_GETLINK for an index that does not exist answered by NLMSG_ERROR -ENODEV.
 * Example: vemu-aarch64 netlink   ->  PASS netlink
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

struct request {
    struct nlmsghdr nh;
    struct ifinfomsg ifi;
};

static int send_getlink(int fd, unsigned int flags, int index, unsigned int seq)
{
    struct request req;
    struct sockaddr_nl kernel;
    memset(&req, 0, sizeof req);
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    req.nh.nlmsg_len = sizeof req;
    req.nh.nlmsg_type = RTM_GETLINK;
    req.nh.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
    req.nh.nlmsg_seq = seq;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = index;
    return (int)sendto(fd, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel);
}

/* One datagram: probe its length with MSG_PEEK|MSG_TRUNC, then read it whole. */
static ssize_t read_datagram(int fd, char *buf, size_t size, struct sockaddr_nl *from)
{
    struct iovec iov = {buf, 0};
    struct msghdr msg;
    ssize_t len;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = from;
    msg.msg_namelen = sizeof *from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    len = recvmsg(fd, &msg, MSG_PEEK | MSG_TRUNC);
    CHECK("MSG_PEEK|MSG_TRUNC gives the datagram's length", len > 0 && (size_t)len <= size);
    CHECK("MSG_TRUNC reported in msg_flags", msg.msg_flags & MSG_TRUNC);
    if (len <= 0 || (size_t)len > size) {
        return -1;
    }
    iov.iov_len = size;
    msg.msg_namelen = sizeof *from;
    CHECK_EQ("recvmsg reads the same datagram", len, recvmsg(fd, &msg, 0));
    CHECK_EQ("from the kernel: nl_pid 0", 0, from->nl_pid);
    CHECK_EQ("sender address length", sizeof *from, msg.msg_namelen);
    return len;
}

int main(void)
{
    static char buf[65536];
    struct sockaddr_nl local, from;
    socklen_t len = sizeof local;
    int one = 1, val = 0, fd, done = 0, found_lo = 0, links = 0;
    unsigned int seq = 1;

    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    CHECK("socket(AF_NETLINK, NETLINK_ROUTE)", fd >= 0);
    memset(&local, 0, sizeof local);
    local.nl_family = AF_NETLINK;
    CHECK_EQ("bind nl_pid 0", 0, bind(fd, (struct sockaddr *)&local, sizeof local));
    CHECK_EQ("getsockname", 0, getsockname(fd, (struct sockaddr *)&local, &len));
    CHECK_EQ("getsockname length", sizeof local, len);
    CHECK_EQ("family", AF_NETLINK, local.nl_family);
    CHECK("the kernel assigned a port id", local.nl_pid != 0);
    CHECK_EQ("NETLINK_EXT_ACK", 0, setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one));
    len = sizeof val;
    CHECK_EQ("get NETLINK_EXT_ACK", 0, getsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &val, &len));
    CHECK_EQ("NETLINK_EXT_ACK on", 1, val);
    CHECK_EQ("NETLINK_GET_STRICT_CHK", 0,
             setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one));

    CHECK_EQ("send the RTM_GETLINK dump request", sizeof(struct request),
             send_getlink(fd, NLM_F_DUMP, 0, seq));
    while (!done) {
        ssize_t n = read_datagram(fd, buf, sizeof buf, &from);
        if (n <= 0) {
            break;
        }
        for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
             nh = NLMSG_NEXT(nh, n)) {
            CHECK_EQ("sequence number echoed", seq, nh->nlmsg_seq);
            CHECK_EQ("port id echoed", local.nl_pid, nh->nlmsg_pid);
            if (nh->nlmsg_type == NLMSG_DONE) {
                done = 1;
                break;
            }
            CHECK_EQ("RTM_NEWLINK in the dump", RTM_NEWLINK, nh->nlmsg_type);
            struct ifinfomsg *ifi = NLMSG_DATA(nh);
            int alen = (int)IFLA_PAYLOAD(nh);
            links++;
            for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
                if (a->rta_type == IFLA_IFNAME && strcmp(RTA_DATA(a), "lo") == 0) {
                    found_lo = 1;
                    CHECK_EQ("lo is ifindex 1", 1, ifi->ifi_index);
                    CHECK("lo has IFF_LOOPBACK", ifi->ifi_flags & IFF_LOOPBACK);
                }
            }
        }
    }
    CHECK("NLMSG_DONE ends the dump", done);
    CHECK("links listed", links > 0);
    CHECK("lo listed", found_lo);

    seq++;
    CHECK_EQ("send RTM_GETLINK for a missing index", sizeof(struct request),
             send_getlink(fd, NLM_F_ACK, 0x7ffffff0, seq));
    ssize_t n = read_datagram(fd, buf, sizeof buf, &from);
    struct nlmsghdr *nh = (struct nlmsghdr *)buf;
    CHECK("an answer", n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)));
    if (n > 0) {
        struct nlmsgerr *err = NLMSG_DATA(nh);
        CHECK_EQ("NLMSG_ERROR", NLMSG_ERROR, nh->nlmsg_type);
        CHECK_EQ("error -ENODEV", -ENODEV, err->error);
        CHECK_EQ("the error quotes our request", seq, err->msg.nlmsg_seq);
    }
    close(fd);
    return finish("netlink");
}
