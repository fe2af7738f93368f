/*
 * strace-io.c - -strace printers for the memory of I/O and socket calls: iovec arrays
 * (readv/writev, and msghdr's), struct msghdr (sendmsg/recvmsg), pollfd arrays with
 * poll's revents after the result, epoll_event, socket addresses and option values.
 * strace.c calls strace_print_io() for each argument the other printer files declined.
 * Example: writev(4, [{iov_base="ab", iov_len=2}, {iov_base="cde", iov_len=3}], 2) = 5
 *          ppoll([{fd=3, events=POLLIN}], 1, NULL, NULL, 8) = 1 ([{fd=3, revents=POLLIN}])
 */
#include "linux-user/strace-priv.h"
#include "linux-user/user.h"
#include "syscall/conv.h"

/* iovec array; with limit (bytes the call moved) only that much data is shown. */
static void print_iov(uint64_t addr, uint64_t count, bool use_limit, uint64_t limit)
{
    strace_printf("[");
    for (uint64_t k = 0; k < count; k++) {
        uint64_t iov[2];
        if (k == STRACE_MAX_ITEMS) {
            strace_printf(", ...");
            break;
        }
        if (strace_peek(iov, addr + 16 * k, sizeof iov) != 0) {
            strace_printf("%s%#llx", k ? ", " : "", (unsigned long long)(addr + 16 * k));
            break;
        }
        strace_printf("%s{iov_base=", k ? ", " : "");
        uint64_t shown = iov[1];
        if (use_limit) {
            shown = limit < iov[1] ? limit : iov[1];
            limit -= shown;
        }
        strace_print_data(iov[0], shown);
        strace_printf(", iov_len=%llu}", (unsigned long long)iov[1]);
    }
    strace_printf("]");
}

static void print_msghdr(uint64_t addr, bool out, int64_t ret)
{
    /* struct msghdr: name, namelen(u32), iov, iovlen, control, controllen, flags(u32) */
    uint64_t m[7];
    if (addr == 0 || strace_peek(m, addr, sizeof m) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("{msg_name=");
    if (m[0] && (uint32_t)m[1]) {
        strace_print_sockaddr(m[0], (uint32_t)m[1]);
    } else {
        strace_print_ptr(m[0]);
    }
    strace_printf(", msg_namelen=%u, msg_iov=", (uint32_t)m[1]);
    print_iov(m[2], m[3], out, out ? (uint64_t)ret : 0);
    strace_printf(", msg_iovlen=%llu, msg_controllen=%llu, msg_flags=", (unsigned long long)m[3],
                  (unsigned long long)m[5]);
    static const StraceName msg_out_flags[] = {
        {0x8, "MSG_CTRUNC"},      {0x20, "MSG_TRUNC"}, {0x80, "MSG_EOR"},
        {0x2000, "MSG_ERRQUEUE"}, {0x1, "MSG_OOB"},
    };
    strace_flags(msg_out_flags, STRACE_N(msg_out_flags), (uint32_t)m[6], NULL);
    strace_printf("}");
}

static void print_pollfds(uint64_t addr, uint64_t n, bool revents, int64_t ready)
{
    int32_t probe;
    if (n > 0 && strace_peek(&probe, addr, 4) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("[");
    for (uint64_t k = 0, shown = 0; k < n; k++) {
        int32_t fd;
        uint16_t ev[2];
        if (k == STRACE_MAX_ITEMS) {
            strace_printf(", ...");
            break;
        }
        if (strace_peek(&fd, addr + 8 * k, 4) != 0 || strace_peek(ev, addr + 8 * k + 4, 4) != 0) {
            break;
        }
        if (revents && ev[1] == 0) {
            continue; /* strace lists only the descriptors that are ready */
        }
        strace_printf("%s{fd=%d, %s=", shown++ ? ", " : "", fd, revents ? "revents" : "events");
        strace_print_poll_events(revents ? ev[1] : ev[0]);
        strace_printf("}");
        if (revents && (int64_t)shown == ready) {
            break;
        }
    }
    strace_printf("]");
}

static const StraceName epoll_names[] = {
    {0x1, "EPOLLIN"},
    {0x2, "EPOLLPRI"},
    {0x4, "EPOLLOUT"},
    {0x8, "EPOLLERR"},
    {0x10, "EPOLLHUP"},
    {0x20, "EPOLLNVAL"},
    {0x40, "EPOLLRDNORM"},
    {0x80, "EPOLLRDBAND"},
    {0x100, "EPOLLWRNORM"},
    {0x200, "EPOLLWRBAND"},
    {0x400, "EPOLLMSG"},
    {0x2000, "EPOLLRDHUP"},
    {1u << 28, "EPOLLEXCLUSIVE"},
    {1u << 29, "EPOLLWAKEUP"},
    {1u << 30, "EPOLLONESHOT"},
    {1u << 31, "EPOLLET"},
};

/* n struct epoll_event (arm64: 16 bytes each); one without brackets when !array. */
static void print_epoll_events(uint64_t addr, int64_t n, bool array)
{
    TargetEpollEvent ev;
    if (strace_peek(&ev, addr, sizeof ev) != 0) {
        strace_print_ptr(addr);
        return;
    }
    strace_printf("%s", array ? "[" : "");
    for (int64_t k = 0; k < n; k++) {
        if (k == STRACE_MAX_ITEMS) {
            strace_printf(", ...");
            break;
        }
        if (strace_peek(&ev, addr + sizeof ev * (uint64_t)k, sizeof ev) != 0) {
            break;
        }
        strace_printf("%s{events=", k ? ", " : "");
        strace_flags(epoll_names, STRACE_N(epoll_names), ev.events, NULL);
        strace_printf(", data={u32=%u, u64=%llu}}", (uint32_t)ev.data, (unsigned long long)ev.data);
    }
    strace_printf("%s", array ? "]" : "");
}

/* A socket option value: an int shows as [1], anything else as data. */
static void print_optval(uint64_t addr, uint64_t len)
{
    if (len == 4) {
        strace_print_ints(addr, 1);
    } else {
        strace_print_data(addr, len);
    }
}

/* After ppoll's and pselect6's result, as strace: " ([{fd=3, revents=POLLIN}], left
 * {tv_sec=0, tv_nsec=0})", " (in [3], left {...})", or " (Timeout)". */
void strace_print_result_extra(const StraceCall *c)
{
    static const char *const set_names[3] = {"in", "out", "except"};
    bool ppoll = c->nargs == 5 && c->type[0] == ST_pollfd;
    bool pselect = c->nargs == 6 && c->type[1] == ST_fdset;
    const char *sep = "";
    uint64_t word;
    if (!ppoll && !pselect) {
        return;
    }
    if (c->ret == 0) {
        strace_printf(" (Timeout)");
        return;
    }
    strace_printf(" (");
    if (ppoll) {
        print_pollfds(c->a[0], c->a[1], true, c->ret);
        sep = ", ";
    }
    for (int k = 0; pselect && k < 3; k++) {
        /* the sets the call left non-empty */
        if (c->a[1 + k] && strace_peek(&word, c->a[1 + k], 8) == 0 && word) {
            strace_printf("%s%s ", sep, set_names[k]);
            strace_print_bitmask(c->a[1 + k], c->a[0]);
            sep = ", ";
        }
    }
    uint64_t ts = ppoll ? c->a[2] : c->a[4];
    if (ts) {
        strace_printf("%sleft ", sep);
        strace_print_timespec(ts);
    }
    strace_printf(")");
}

/* struct termios as strace abbreviates it: {B38400 opost isig icanon echo ...} */
static void print_termios(uint64_t addr)
{
    static const struct {
        uint32_t code;
        const char *name;
    } speeds[] = {
        {0, "B0"},           {1, "B50"},          {2, "B75"},          {3, "B110"},
        {4, "B134"},         {5, "B150"},         {6, "B200"},         {7, "B300"},
        {010, "B600"},       {011, "B1200"},      {012, "B1800"},      {013, "B2400"},
        {014, "B4800"},      {015, "B9600"},      {016, "B19200"},     {017, "B38400"},
        {010001, "B57600"},  {010002, "B115200"}, {010003, "B230400"}, {010004, "B460800"},
        {010005, "B500000"}, {010006, "B576000"}, {010007, "B921600"}, {010010, "B1000000"},
    };
    uint32_t t[4]; /* c_iflag, c_oflag, c_cflag, c_lflag */
    uint32_t speed;
    const char *name = NULL;
    if (strace_peek(t, addr, sizeof t) != 0) {
        strace_print_ptr(addr);
        return;
    }
    speed = t[2] & 010017; /* CBAUD */
    for (size_t k = 0; k < STRACE_N(speeds); k++) {
        if (speeds[k].code == speed) {
            name = speeds[k].name;
        }
    }
    strace_printf("{%s %sopost %sisig %sicanon %secho ...}", name ? name : "B?",
                  (t[1] & 1) ? "" : "-", (t[3] & 1) ? "" : "-", (t[3] & 2) ? "" : "-",
                  (t[3] & 010) ? "" : "-");
}

/* ioctl's argument for the requests strace decodes; -1 for those that take none. */
static int print_ioctl_arg(uint64_t req, uint64_t v)
{
    uint16_t ws[4];
    switch ((uint32_t)req) {
    case 0x5413: /* TIOCGWINSZ */
    case 0x5414: /* TIOCSWINSZ */
        if (strace_peek(ws, v, sizeof ws) != 0) {
            strace_print_ptr(v);
        } else {
            strace_printf("{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", ws[0], ws[1], ws[2],
                          ws[3]);
        }
        return 1;
    case 0x541b:     /* FIONREAD */
    case 0x5411:     /* TIOCOUTQ */
    case 0x540f:     /* TIOCGPGRP */
    case 0x5410:     /* TIOCSPGRP */
    case 0x5429:     /* TIOCGSID */
    case 0x5421:     /* FIONBIO */
    case 0x5452:     /* FIOASYNC */
    case 0x80045430: /* TIOCGPTN */
    case 0x40045431: /* TIOCSPTLCK */
    case 0x80045439: /* TIOCGPTLCK */
    case 0x1268:     /* BLKSSZGET */
    case 0x125e:     /* BLKROGET */
        strace_print_ints(v, 1);
        return 1;
    case 0x5401: /* TCGETS */
    case 0x5402: /* TCSETS */
    case 0x5403: /* TCSETSW */
    case 0x5404: /* TCSETSF */
        print_termios(v);
        return 1;
    case 0x540b: /* TCFLSH */
        strace_printf("%s", v == 0 ? "TCIFLUSH" : v == 1 ? "TCOFLUSH" : v == 2 ? "TCIOFLUSH" : "?");
        return 1;
    case 0x5450: /* FIONCLEX */
    case 0x5451: /* FIOCLEX */
    case 0x540c: /* TIOCEXCL */
    case 0x540d: /* TIOCNXCL */
    case 0x5422: /* TIOCNOTTY */
    case 0x4c01: /* LOOP_CLR_FD */
        return -1;
    default:
        strace_print_ptr(v);
        return 1;
    }
}

int strace_print_io(const StraceCall *c, int i)
{
    uint64_t v = c->a[i];
    uint64_t next = i < 5 ? c->a[i + 1] : 0;
    switch (c->type[i]) {
    case ST_oepevs:
        print_epoll_events(v, c->ret, true);
        break;
    case ST_oioctlarg:
        return print_ioctl_arg(c->a[1], v);
    case ST_iov:
        print_iov(v, next, false, 0);
        break;
    case ST_msghdr:
        print_msghdr(v, false, 0);
        break;
    case ST_sockaddr:
        strace_print_sockaddr(v, next);
        break;
    case ST_pollfd:
        print_pollfds(v, next, false, 0);
        break;
    case ST_epev:
        print_epoll_events(v, 1, false);
        break;
    case ST_optval:
        print_optval(v, next);
        break;
    case ST_oiov:
        print_iov(v, next, true, (uint64_t)c->ret);
        break;
    case ST_omsghdr:
        print_msghdr(v, true, c->ret);
        break;
    case ST_osocklen: {
        uint32_t out;
        if (v == 0 || strace_peek(&out, v, 4) != 0) {
            strace_print_ptr(v);
        } else if (out != c->len_in[i]) {
            strace_printf("[%u => %u]", c->len_in[i], out);
        } else {
            strace_printf("[%u]", out);
        }
        break;
    }
    case ST_osockaddr: {
        uint32_t len = 0;
        if (v && strace_peek(&len, next, 4) == 0) {
            strace_print_sockaddr(v, len);
        } else {
            strace_print_ptr(v);
        }
        break;
    }
    case ST_ooptval: {
        uint32_t len = 0;
        if (v && strace_peek(&len, next, 4) == 0) {
            print_optval(v, len);
        } else {
            strace_print_ptr(v);
        }
        break;
    }
    default:
        return 0;
    }
    return 1;
}
