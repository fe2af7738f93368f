/*
 * strace-net.c - -strace printers for sockets: domains, types, protocols, MSG_* flags,
 * socket option levels and names, and struct sockaddr (inet, inet6, unix, netlink).
 * strace.c calls strace_print_named_net() for the socket argument types of
 * syscall/aarch64.tbl; strace-structs.c calls strace_print_sockaddr() for sockaddr
 * arguments and msghdr names.
 * Example: socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP)
 *          bind(3, {sa_family=AF_INET6, sin6_port=htons(8080), ...}, 28)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "linux-user/strace-priv.h"
#include "linux-user/user.h"

static const StraceName domain_names[] = {
    {0, "AF_UNSPEC"},     {1, "AF_UNIX"},      {2, "AF_INET"},    {3, "AF_AX25"},
    {4, "AF_IPX"},        {5, "AF_APPLETALK"}, {7, "AF_BRIDGE"},  {10, "AF_INET6"},
    {15, "AF_KEY"},       {16, "AF_NETLINK"},  {17, "AF_PACKET"}, {29, "AF_CAN"},
    {31, "AF_BLUETOOTH"}, {38, "AF_ALG"},      {40, "AF_VSOCK"},  {44, "AF_XDP"},
};
static const StraceName type_names[] = {
    {1, "SOCK_STREAM"},    {2, "SOCK_DGRAM"}, {3, "SOCK_RAW"},     {4, "SOCK_RDM"},
    {5, "SOCK_SEQPACKET"}, {6, "SOCK_DCCP"},  {10, "SOCK_PACKET"},
};
static const StraceName sock_flag_names[] = {{02000000, "SOCK_CLOEXEC"}, {04000, "SOCK_NONBLOCK"}};
static const StraceName ipproto_names[] = {
    {0, "IPPROTO_IP"},    {1, "IPPROTO_ICMP"},    {6, "IPPROTO_TCP"},    {17, "IPPROTO_UDP"},
    {41, "IPPROTO_IPV6"}, {58, "IPPROTO_ICMPV6"}, {132, "IPPROTO_SCTP"}, {136, "IPPROTO_UDPLITE"},
    {255, "IPPROTO_RAW"}, {262, "IPPROTO_MPTCP"},
};
static const StraceName netlink_names[] = {
    {0, "NETLINK_ROUTE"},           {2, "NETLINK_USERSOCK"},   {3, "NETLINK_FIREWALL"},
    {4, "NETLINK_SOCK_DIAG"},       {5, "NETLINK_NFLOG"},      {6, "NETLINK_XFRM"},
    {7, "NETLINK_SELINUX"},         {8, "NETLINK_ISCSI"},      {9, "NETLINK_AUDIT"},
    {10, "NETLINK_FIB_LOOKUP"},     {11, "NETLINK_CONNECTOR"}, {12, "NETLINK_NETFILTER"},
    {15, "NETLINK_KOBJECT_UEVENT"}, {16, "NETLINK_GENERIC"},   {21, "NETLINK_CRYPTO"},
};
static const StraceName msg_names[] = {
    {0x1, "MSG_OOB"},
    {0x2, "MSG_PEEK"},
    {0x4, "MSG_DONTROUTE"},
    {0x8, "MSG_CTRUNC"},
    {0x10, "MSG_PROXY"},
    {0x20, "MSG_TRUNC"},
    {0x40, "MSG_DONTWAIT"},
    {0x80, "MSG_EOR"},
    {0x100, "MSG_WAITALL"},
    {0x200, "MSG_FIN"},
    {0x400, "MSG_SYN"},
    {0x800, "MSG_CONFIRM"},
    {0x1000, "MSG_RST"},
    {0x2000, "MSG_ERRQUEUE"},
    {0x4000, "MSG_NOSIGNAL"},
    {0x8000, "MSG_MORE"},
    {0x10000, "MSG_WAITFORONE"},
    {0x40000, "MSG_BATCH"},
    {0x4000000, "MSG_ZEROCOPY"},
    {0x20000000, "MSG_FASTOPEN"},
    {0x40000000, "MSG_CMSG_CLOEXEC"},
};
static const StraceName level_names[] = {
    {0, "SOL_IP"},        {1, "SOL_SOCKET"},  {6, "SOL_TCP"},   {17, "SOL_UDP"},
    {41, "SOL_IPV6"},     {58, "SOL_ICMPV6"}, {255, "SOL_RAW"}, {263, "SOL_PACKET"},
    {270, "SOL_NETLINK"}, {279, "SOL_ALG"},
};
static const StraceName so_names[] = {
    {1, "SO_DEBUG"},         {2, "SO_REUSEADDR"},      {3, "SO_TYPE"},
    {4, "SO_ERROR"},         {5, "SO_DONTROUTE"},      {6, "SO_BROADCAST"},
    {7, "SO_SNDBUF"},        {8, "SO_RCVBUF"},         {9, "SO_KEEPALIVE"},
    {10, "SO_OOBINLINE"},    {11, "SO_NO_CHECK"},      {12, "SO_PRIORITY"},
    {13, "SO_LINGER"},       {14, "SO_BSDCOMPAT"},     {15, "SO_REUSEPORT"},
    {16, "SO_PASSCRED"},     {17, "SO_PEERCRED"},      {18, "SO_RCVLOWAT"},
    {19, "SO_SNDLOWAT"},     {20, "SO_RCVTIMEO_OLD"},  {21, "SO_SNDTIMEO_OLD"},
    {25, "SO_BINDTODEVICE"}, {26, "SO_ATTACH_FILTER"}, {29, "SO_TIMESTAMP_OLD"},
    {30, "SO_ACCEPTCONN"},   {31, "SO_PEERSEC"},       {32, "SO_SNDBUFFORCE"},
    {33, "SO_RCVBUFFORCE"},  {34, "SO_PASSSEC"},       {36, "SO_MARK"},
    {38, "SO_PROTOCOL"},     {39, "SO_DOMAIN"},        {40, "SO_RXQ_OVFL"},
    {42, "SO_PEEK_OFF"},     {46, "SO_BUSY_POLL"},     {49, "SO_INCOMING_CPU"},
    {57, "SO_COOKIE"},       {59, "SO_PEERGROUPS"},    {60, "SO_ZEROCOPY"},
    {66, "SO_RCVTIMEO_NEW"}, {67, "SO_SNDTIMEO_NEW"},
};
static const StraceName ip_names[] = {
    {1, "IP_TOS"},
    {2, "IP_TTL"},
    {3, "IP_HDRINCL"},
    {4, "IP_OPTIONS"},
    {6, "IP_RECVOPTS"},
    {8, "IP_PKTINFO"},
    {10, "IP_MTU_DISCOVER"},
    {11, "IP_RECVERR"},
    {12, "IP_RECVTTL"},
    {13, "IP_RECVTOS"},
    {14, "IP_MTU"},
    {15, "IP_FREEBIND"},
    {32, "IP_MULTICAST_IF"},
    {33, "IP_MULTICAST_TTL"},
    {34, "IP_MULTICAST_LOOP"},
    {35, "IP_ADD_MEMBERSHIP"},
    {36, "IP_DROP_MEMBERSHIP"},
};
static const StraceName ipv6_names[] = {
    {1, "IPV6_ADDRFORM"},         {16, "IPV6_UNICAST_HOPS"},   {17, "IPV6_MULTICAST_IF"},
    {18, "IPV6_MULTICAST_HOPS"},  {19, "IPV6_MULTICAST_LOOP"}, {20, "IPV6_ADD_MEMBERSHIP"},
    {21, "IPV6_DROP_MEMBERSHIP"}, {23, "IPV6_MTU_DISCOVER"},   {24, "IPV6_MTU"},
    {25, "IPV6_RECVERR"},         {26, "IPV6_V6ONLY"},         {49, "IPV6_RECVPKTINFO"},
    {50, "IPV6_PKTINFO"},         {67, "IPV6_TCLASS"},
};
static const StraceName tcp_names[] = {
    {1, "TCP_NODELAY"},      {2, "TCP_MAXSEG"},        {3, "TCP_CORK"},      {4, "TCP_KEEPIDLE"},
    {5, "TCP_KEEPINTVL"},    {6, "TCP_KEEPCNT"},       {7, "TCP_SYNCNT"},    {8, "TCP_LINGER2"},
    {9, "TCP_DEFER_ACCEPT"}, {10, "TCP_WINDOW_CLAMP"}, {11, "TCP_INFO"},     {12, "TCP_QUICKACK"},
    {13, "TCP_CONGESTION"},  {18, "TCP_USER_TIMEOUT"}, {23, "TCP_FASTOPEN"},
};
static const StraceName netlink_opt_names[] = {
    {1, "NETLINK_ADD_MEMBERSHIP"},   {2, "NETLINK_DROP_MEMBERSHIP"}, {3, "NETLINK_PKTINFO"},
    {4, "NETLINK_BROADCAST_ERROR"},  {5, "NETLINK_NO_ENOBUFS"},      {8, "NETLINK_LISTEN_ALL_NSID"},
    {9, "NETLINK_LIST_MEMBERSHIPS"}, {10, "NETLINK_CAP_ACK"},        {11, "NETLINK_EXT_ACK"},
    {12, "NETLINK_GET_STRICT_CHK"},
};
static const StraceName shut_names[] = {{0, "SHUT_RD"}, {1, "SHUT_WR"}, {2, "SHUT_RDWR"}};

static void print_sockopt(uint64_t level, uint64_t opt)
{
    switch (level) {
    case 1:
        strace_enum(so_names, STRACE_N(so_names), (int)opt);
        break;
    case 0:
        strace_enum(ip_names, STRACE_N(ip_names), (int)opt);
        break;
    case 41:
        strace_enum(ipv6_names, STRACE_N(ipv6_names), (int)opt);
        break;
    case 6:
        strace_enum(tcp_names, STRACE_N(tcp_names), (int)opt);
        break;
    case 270:
        strace_enum(netlink_opt_names, STRACE_N(netlink_opt_names), (int)opt);
        break;
    default:
        strace_printf("%d", (int)opt);
        break;
    }
}

void strace_print_sockdomain(uint64_t v)
{
    strace_enum(domain_names, STRACE_N(domain_names), (int)v);
}

int strace_print_named_net(const StraceCall *c, int i)
{
    uint64_t v = c->a[i];
    switch (c->type[i]) {
    case ST_sockdomain:
        strace_print_sockdomain(v);
        break;
    case ST_socktype:
        strace_enum(type_names, STRACE_N(type_names), (int)(v & 0xf));
        if (v & ~0xfull) {
            strace_printf("|");
            strace_flags(sock_flag_names, STRACE_N(sock_flag_names), v & ~0xfull, NULL);
        }
        break;
    case ST_sockproto:
        if (i > 0 && (c->a[0] == 2 || c->a[0] == 10)) {
            strace_enum(ipproto_names, STRACE_N(ipproto_names), (int)v);
        } else if (i > 0 && c->a[0] == 16) {
            strace_enum(netlink_names, STRACE_N(netlink_names), (int)v);
        } else {
            strace_printf("%d", (int)v);
        }
        break;
    case ST_sockflags:
        strace_flags(sock_flag_names, STRACE_N(sock_flag_names), v, NULL);
        break;
    case ST_msgflags:
        strace_flags(msg_names, STRACE_N(msg_names), (uint32_t)v, NULL);
        break;
    case ST_solevel:
        strace_enum(level_names, STRACE_N(level_names), (int)v);
        break;
    case ST_sockopt:
        print_sockopt(i > 0 ? c->a[i - 1] : 1, v);
        break;
    case ST_shuthow:
        strace_enum(shut_names, STRACE_N(shut_names), (int)v);
        break;
    default:
        return 0;
    }
    return 1;
}

/* struct sockaddr_* at addr, len bytes (the arm64 layouts are the generic ones). */
void strace_print_sockaddr(uint64_t addr, uint64_t len)
{
    unsigned char sa[128];
    uint16_t family;
    char text[INET6_ADDRSTRLEN];
    if (addr == 0) {
        strace_printf("NULL");
        return;
    }
    if (len < 2 || len > sizeof sa || strace_peek(sa, addr, len) != 0) {
        strace_print_ptr(addr);
        return;
    }
    memset(sa + len, 0, sizeof sa - len);
    memcpy(&family, sa, 2);
    strace_printf("{sa_family=");
    strace_print_sockdomain(family);
    if (family == AF_INET && len >= 8) {
        uint16_t port;
        memcpy(&port, sa + 2, 2);
        inet_ntop(AF_INET, sa + 4, text, sizeof text);
        strace_printf(", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}", ntohs(port), text);
    } else if (family == AF_INET6 && len >= 24) {
        uint16_t port;
        uint32_t flow, scope;
        memcpy(&port, sa + 2, 2);
        memcpy(&flow, sa + 4, 4);
        memcpy(&scope, sa + 24, 4);
        inet_ntop(AF_INET6, sa + 8, text, sizeof text);
        strace_printf(", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, "
                      "\"%s\", &sin6_addr), sin6_scope_id=%u}",
                      ntohs(port), ntohl(flow), text, scope);
    } else if (family == AF_UNIX) {
        size_t n = len - 2;
        strace_printf(", sun_path=");
        if (n > 0 && sa[2] == 0) {
            strace_printf("@"); /* abstract: the name is the bytes after the NUL */
            strace_print_data(addr + 3, n - 1);
        } else if (n > 0) {
            strace_print_string(addr + 2, false);
        } else {
            strace_printf("\"\"");
        }
        strace_printf("}");
    } else if (family == AF_NETLINK && len >= 12) {
        uint32_t pid, groups;
        memcpy(&pid, sa + 4, 4);
        memcpy(&groups, sa + 8, 4);
        strace_printf(", nl_pid=%u, nl_groups=%08x}", pid, groups);
    } else {
        strace_printf(", sa_data=");
        strace_print_data(addr + 2, len - 2);
        strace_printf("}");
    }
}
