/*
 * ifaddrs.c - print what glibc's getifaddrs(), if_nameindex(), if_nametoindex() and
 * if_indextoname() report (all answered through NETLINK_ROUTE sockets), one line per
 * item, so that tests/host/same-as-host.sh can compare the arm64 build run under vemu with
 * the same source built for the host and run natively.  Traffic counters (ifa_data)
 * change from run to run and are not printed.
 * Example output:  ifaddr lo AF_INET flags=0x49 addr=127.0.0.1 netmask=255.0.0.0
 *                  index 1 lo
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <sys/socket.h>

static void print_addr(const char *label, const struct sockaddr *sa)
{
    char text[INET6_ADDRSTRLEN];
    if (!sa) {
        return;
    }
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof text);
        printf(" %s=%s", label, text);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &s6->sin6_addr, text, sizeof text);
        printf(" %s=%s%%%u", label, text, (unsigned int)s6->sin6_scope_id);
    } else if (sa->sa_family == AF_PACKET) {
        const struct sockaddr_ll *ll = (const struct sockaddr_ll *)sa;
        printf(" %s=ifindex:%d,hatype:%u,halen:%u,", label, ll->sll_ifindex,
               (unsigned int)ll->sll_hatype, (unsigned int)ll->sll_halen);
        for (unsigned int i = 0; i < ll->sll_halen && i < 8; i++) {
            printf("%02x", ll->sll_addr[i]);
        }
    } else {
        printf(" %s=family%u", label, (unsigned int)sa->sa_family);
    }
}

int main(void)
{
    struct ifaddrs *list;
    struct if_nameindex *names;
    char name[IF_NAMESIZE];
    int n = 0;

    if (getifaddrs(&list) != 0) {
        perror("getifaddrs");
        return 1;
    }
    for (struct ifaddrs *i = list; i; i = i->ifa_next, n++) {
        int family = i->ifa_addr ? i->ifa_addr->sa_family : -1;
        printf("ifaddr %s %s flags=%#x", i->ifa_name,
               family == AF_INET     ? "AF_INET"
               : family == AF_INET6  ? "AF_INET6"
               : family == AF_PACKET ? "AF_PACKET"
                                     : "other",
               i->ifa_flags);
        print_addr("addr", i->ifa_addr);
        print_addr("netmask", i->ifa_netmask);
        if (i->ifa_flags & IFF_BROADCAST) {
            print_addr("broadcast", i->ifa_broadaddr);
        }
        printf("\n");
    }
    freeifaddrs(list);
    names = if_nameindex();
    if (!names) {
        perror("if_nameindex");
        return 1;
    }
    for (struct if_nameindex *p = names; p->if_index; p++) {
        printf("index %u %s\n", p->if_index, p->if_name);
    }
    if_freenameindex(names);
    printf("if_nametoindex(lo) = %u\n", if_nametoindex("lo"));
    printf("if_indextoname(%u) = %s\n", if_nametoindex("lo"),
           if_indextoname(if_nametoindex("lo"), name) ? name : "(null)");
    printf("%d getifaddrs entries\n", n);
    return n > 0 ? 0 : 1;
}
