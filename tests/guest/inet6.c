/*
 * inet6.c - AF_INET6 sockets on the loopback address ::1, checked against ipv6(7),
 * socket(7) and tcp(7)/udp(7): bind to port 0 picks a port that getsockname reports,
 * connect/accept give each side the other's address (getpeername), data flows both
 * ways, shutdown gives the peer end-of-file, and IPV6_V6ONLY decides whether an IPv4
 * client reaches a socket bound to the wildcard address :: (then seen as the
 * v4-mapped address ::ffff:127.0.0.1) or is refused.  UDP: sendto/recvfrom with the
 * sender's address.
 * Example: vemu-aarch64 inet6   ->  PASS inet6
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

static struct sockaddr_in6 addr6(const char *text, uint16_t port)
{
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    inet_pton(AF_INET6, text, &a.sin6_addr);
    return a;
}

static int same_addr(const struct sockaddr_in6 *a, const char *text)
{
    struct in6_addr want;
    inet_pton(AF_INET6, text, &want);
    return memcmp(&a->sin6_addr, &want, sizeof want) == 0;
}

static void tcp_loopback(void)
{
    struct sockaddr_in6 a = addr6("::1", 0), got, peer, acc;
    socklen_t len = sizeof got;
    int one = 1, val = -1, srv, cli, con;
    char buf[16];

    srv = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK("tcp socket", srv >= 0);
    CHECK_EQ("IPV6_V6ONLY set", 0, setsockopt(srv, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
    len = sizeof val;
    CHECK_EQ("IPV6_V6ONLY get", 0, getsockopt(srv, IPPROTO_IPV6, IPV6_V6ONLY, &val, &len));
    CHECK_EQ("IPV6_V6ONLY value", 1, val);
    CHECK_EQ("IPV6_V6ONLY length", sizeof(int), len);
    CHECK_EQ("bind [::1]:0", 0, bind(srv, (struct sockaddr *)&a, sizeof a));
    len = sizeof got;
    CHECK_EQ("getsockname", 0, getsockname(srv, (struct sockaddr *)&got, &len));
    CHECK_EQ("getsockname length", sizeof(struct sockaddr_in6), len);
    CHECK_EQ("getsockname family", AF_INET6, got.sin6_family);
    CHECK("getsockname address ::1", same_addr(&got, "::1"));
    CHECK("port 0 picks a port", got.sin6_port != 0);
    CHECK_EQ("listen", 0, listen(srv, 4));

    cli = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK_EQ("connect", 0, connect(cli, (struct sockaddr *)&got, sizeof got));
    len = sizeof acc;
    con = accept(srv, (struct sockaddr *)&acc, &len);
    CHECK("accept", con >= 0);
    CHECK_EQ("accept address length", sizeof(struct sockaddr_in6), len);
    CHECK("accept peer is ::1", acc.sin6_family == AF_INET6 && same_addr(&acc, "::1"));
    len = sizeof peer;
    CHECK_EQ("getpeername", 0, getpeername(cli, (struct sockaddr *)&peer, &len));
    CHECK("getpeername is the server", peer.sin6_port == got.sin6_port && same_addr(&peer, "::1"));
    len = sizeof peer;
    CHECK_EQ("getsockname of the client", 0, getsockname(cli, (struct sockaddr *)&peer, &len));
    CHECK("client port is the accepted peer's", peer.sin6_port == acc.sin6_port);

    CHECK_EQ("send", 5, send(cli, "hello", 5, 0));
    CHECK_EQ("recv", 5, recv(con, buf, sizeof buf, 0));
    CHECK("recv data", memcmp(buf, "hello", 5) == 0);
    CHECK_EQ("send back", 3, send(con, "abc", 3, MSG_NOSIGNAL));
    CHECK_EQ("recv MSG_PEEK", 3, recv(cli, buf, sizeof buf, MSG_PEEK));
    CHECK_EQ("recv after peek", 3, recv(cli, buf, sizeof buf, 0));
    CHECK_EQ("shutdown", 0, shutdown(cli, SHUT_WR));
    CHECK_EQ("end of file after the peer's shutdown", 0, recv(con, buf, sizeof buf, 0));
    close(con);
    close(cli);
    close(srv);
}

/* A wildcard [::]:port socket with v6only; an IPv4 client connects to 127.0.0.1:port. */
static void v6only(int only)
{
    struct sockaddr_in6 a = addr6("::", 0), got, acc;
    struct sockaddr_in v4;
    socklen_t len = sizeof got;
    int srv = socket(AF_INET6, SOCK_STREAM, 0), cli, con, r;
    const char *what = only ? "v6only=1" : "v6only=0";

    CHECK(what, setsockopt(srv, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof only) == 0);
    CHECK(what, bind(srv, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(what, getsockname(srv, (struct sockaddr *)&got, &len) == 0);
    CHECK(what, listen(srv, 4) == 0);
    memset(&v4, 0, sizeof v4);
    v4.sin_family = AF_INET;
    v4.sin_port = got.sin6_port;
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cli = socket(AF_INET, SOCK_STREAM, 0);
    r = connect(cli, (struct sockaddr *)&v4, sizeof v4);
    if (only) {
        /* ipv6(7): with IPV6_V6ONLY the socket takes IPv6 only; nothing listens on v4 */
        CHECK_EQ("v6only=1: IPv4 connect fails", -1, r);
        CHECK_EQ("v6only=1: ECONNREFUSED", ECONNREFUSED, errno);
    } else {
        CHECK_EQ("v6only=0: IPv4 connect succeeds", 0, r);
        len = sizeof acc;
        con = accept(srv, (struct sockaddr *)&acc, &len);
        CHECK("v6only=0: accept", con >= 0);
        CHECK("v6only=0: peer is v4-mapped ::ffff:127.0.0.1",
              acc.sin6_family == AF_INET6 && same_addr(&acc, "::ffff:127.0.0.1"));
        close(con);
    }
    close(cli);
    close(srv);
}

static void udp_loopback(void)
{
    struct sockaddr_in6 a = addr6("::1", 0), srv_addr, from;
    socklen_t len = sizeof srv_addr;
    int srv = socket(AF_INET6, SOCK_DGRAM, 0), cli = socket(AF_INET6, SOCK_DGRAM, 0);
    char buf[16];

    CHECK_EQ("udp bind", 0, bind(srv, (struct sockaddr *)&a, sizeof a));
    CHECK_EQ("udp getsockname", 0, getsockname(srv, (struct sockaddr *)&srv_addr, &len));
    CHECK_EQ("udp sendto", 4,
             sendto(cli, "ping", 4, 0, (struct sockaddr *)&srv_addr, sizeof srv_addr));
    len = sizeof from;
    CHECK_EQ("udp recvfrom", 4, recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
    CHECK_EQ("udp recvfrom length", sizeof(struct sockaddr_in6), len);
    CHECK("udp sender is ::1", from.sin6_family == AF_INET6 && same_addr(&from, "::1"));
    CHECK_EQ("udp reply", 2, sendto(srv, "ok", 2, 0, (struct sockaddr *)&from, len));
    CHECK_EQ("udp recv reply MSG_TRUNC", 2, recv(cli, buf, 1, MSG_TRUNC));
    close(srv);
    close(cli);
}

int main(void)
{
    int probe = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 lo = addr6("::1", 0);
    if (probe < 0 || bind(probe, (struct sockaddr *)&lo, sizeof lo) != 0) {
        /* a host kernel without IPv6 (or without ::1 on lo): nothing to test */
        printf("inet6: no IPv6 loopback on this host (%s)\n", strerror(errno));
        printf("SKIP inet6\n");
        return 77;
    }
    close(probe);
    tcp_loopback();
    v6only(1);
    v6only(0);
    udp_loopback();
    return finish("inet6");
}
