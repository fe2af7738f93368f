/*
 * gdbstub.c - the GDB remote protocol commands (see gdbstub.h): stop replies, registers
 * (g/G/p/P), memory (m/M/X), breakpoints (Z/z), threads (H, T, qfThreadInfo, qC),
 * resumption (c/C/s/S/vCont), k/vKill, D, vFile (hostio.c), and the qSupported,
 * QStartNoAckMode and qXfer (features, auxv, exec-file) queries.  Everything else gets the empty
 * "not supported" reply, as the protocol asks.  I/O is blocking on one socket; the caller is the
 * stopped thread. Example exchange: <- "$?#3f"  -> "+$T05thread:1f2e;#.."  <- "+$g#67" -> registers
 * in hex.
 */
#include "gdbstub/gdbstub.h"
#include "gdbstub/hostio.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_THREADS 4096

static bool write_all(GdbSession *s, const char *p, size_t n)
{
    while (n > 0) {
        /* send(): a closed connection must not raise SIGPIPE (the guest's signal);
         * write() for descriptors that are not sockets (a serial line). */
        ssize_t w = send(s->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == ENOTSOCK) {
            w = write(s->fd, p, n);
        }
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            s->connected = false;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Next byte from gdb, or -1 when the connection is gone. */
static int read_byte(GdbSession *s)
{
    uint8_t c;
    for (;;) {
        ssize_t r = read(s->fd, &c, 1);
        if (r == 1) {
            return c;
        }
        if (r < 0 && errno == EINTR) {
            continue;
        }
        s->connected = false;
        return -1;
    }
}

/* Send one packet; without no-ack mode, wait for '+' and resend on '-'. */
static void send_packet(GdbSession *s, const void *data, size_t len)
{
    if (!s->connected) {
        return;
    }
    g_string_truncate(s->last, 0);
    gdb_packet_encode(s->last, data, len);
    for (int tries = 0; tries < 8; tries++) {
        if (!write_all(s, s->last->str, s->last->len) || s->no_ack) {
            return;
        }
        int c;
        while ((c = read_byte(s)) >= 0 && c != '+' && c != '-') {
        }
        if (c != '-') {
            return;
        }
    }
}

static void send_str(GdbSession *s, const char *str)
{
    send_packet(s, str, strlen(str));
}

/* Receive the next packet into s->rx.buf; false when the connection is gone. */
static bool recv_packet(GdbSession *s)
{
    for (;;) {
        int c = read_byte(s);
        if (c < 0) {
            return false;
        }
        switch (gdb_rx_byte(&s->rx, (uint8_t)c)) {
        case GDB_RX_PACKET:
            if (!s->no_ack && !write_all(s, "+", 1)) {
                return false;
            }
            return true;
        case GDB_RX_BAD_CHECKSUM:
            if (!s->no_ack && !write_all(s, "-", 1)) {
                return false;
            }
            break;
        default:
            /* acks outside a send, or ^C while already stopped */
            break;
        }
    }
}

void gdb_session_init(GdbSession *s, int fd, const GdbTarget *t)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->t = t;
    s->connected = true;
    s->last = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(s->files); i++) {
        s->files[i] = -1;
    }
    gdb_rx_init(&s->rx);
}

static void stop_reply(GdbSession *s, GString *r)
{
    g_string_printf(r, "T%02xthread:%" PRIx64 ";", gdb_signal_from_linux(s->stop_signal),
                    (uint64_t)s->stop_thread);
}

static void *reg_cpu(GdbSession *s)
{
    return s->t->thread_cpu(s->t->opaque, s->g_thread > 0 ? s->g_thread : s->stop_thread);
}

/* "-1", "0" or a hex id after H, T, or vCont's ':'. */
static int64_t parse_thread(const char *p)
{
    uint64_t v;
    if (p[0] == '-' && p[1] == '1') {
        return -1;
    }
    return gdb_parse_hex(&p, &v) ? (int64_t)v : 0;
}

static void cmd_read_regs(GdbSession *s, GString *r)
{
    void *cpu = reg_cpu(s);
    uint8_t buf[64];
    if (!cpu) {
        g_string_assign(r, "E01");
        return;
    }
    for (int n = 0; n < s->t->arch->num_regs; n++) {
        int size = s->t->arch->read_reg(cpu, n, buf);
        gdb_hex_append(r, buf, (size_t)size);
    }
}

static void cmd_write_regs(GdbSession *s, const char *hex, GString *r)
{
    void *cpu = reg_cpu(s);
    uint8_t buf[64];
    size_t avail = strlen(hex) / 2;
    if (!cpu) {
        g_string_assign(r, "E01");
        return;
    }
    for (int n = 0; n < s->t->arch->num_regs; n++) {
        size_t size = (size_t)s->t->arch->read_reg(cpu, n, buf);
        if (size > avail || !gdb_hex_decode(hex, buf, size)) {
            break; /* a short G leaves the remaining registers alone */
        }
        s->t->arch->write_reg(cpu, n, buf, size);
        hex += 2 * size;
        avail -= size;
    }
    g_string_assign(r, "OK");
}

static void cmd_reg(GdbSession *s, const char *p, bool write, GString *r)
{
    void *cpu = reg_cpu(s);
    uint64_t n;
    uint8_t buf[64];
    if (!cpu || !gdb_parse_hex(&p, &n) || n >= (uint64_t)s->t->arch->num_regs) {
        g_string_assign(r, "E01");
        return;
    }
    if (!write) {
        int size = s->t->arch->read_reg(cpu, (int)n, buf);
        gdb_hex_append(r, buf, (size_t)size);
        return;
    }
    size_t len = *p == '=' ? strlen(p + 1) / 2 : 0;
    if (len == 0 || len > sizeof buf || !gdb_hex_decode(p + 1, buf, len) ||
        s->t->arch->write_reg(cpu, (int)n, buf, len) == 0) {
        g_string_assign(r, "E01");
        return;
    }
    g_string_assign(r, "OK");
}

/* "addr,len" (and what follows, left in *end) */
static bool parse_addr_len(const char *p, uint64_t *addr, uint64_t *len, const char **end)
{
    if (!gdb_parse_hex(&p, addr) || *p++ != ',' || !gdb_parse_hex(&p, len)) {
        return false;
    }
    *end = p;
    return true;
}

static void cmd_read_mem(GdbSession *s, const char *p, GString *r)
{
    uint64_t addr, len;
    const char *end;
    if (!parse_addr_len(p, &addr, &len, &end)) {
        g_string_assign(r, "E01");
        return;
    }
    if (len > GDB_MAX_PACKET / 2 - 16) {
        len = GDB_MAX_PACKET / 2 - 16;
    }
    uint8_t *buf = g_malloc(len ? len : 1);
    size_t got = len;
    if (s->t->read_memory(s->t->opaque, addr, buf, len) != 0) {
        /* Return the readable prefix, as the protocol allows; nothing: an error. */
        for (got = 0; got < len; got++) {
            if (s->t->read_memory(s->t->opaque, addr + got, buf + got, 1) != 0) {
                break;
            }
        }
    }
    if (got == 0 && len > 0) {
        g_string_assign(r, "E14"); /* EFAULT */
    } else {
        gdb_hex_append(r, buf, got);
    }
    g_free(buf);
}

/* M addr,len:hex  or  X addr,len:binary (pkt_len bytes in all) */
static void cmd_write_mem(GdbSession *s, const char *p, size_t pkt_len, bool binary, GString *r)
{
    uint64_t addr, len;
    const char *data;
    if (!parse_addr_len(p + 1, &addr, &len, &data) || *data++ != ':' || len > GDB_MAX_PACKET) {
        g_string_assign(r, "E01");
        return;
    }
    size_t avail = pkt_len - (size_t)(data - p);
    uint8_t *buf = g_malloc(len ? len : 1);
    bool ok = binary ? avail >= len : (avail >= 2 * len && gdb_hex_decode(data, buf, len));
    if (ok && binary) {
        memcpy(buf, data, len);
    }
    if (!ok) {
        g_string_assign(r, "E01");
    } else if (len > 0 && s->t->write_memory(s->t->opaque, addr, buf, len) != 0) {
        g_string_assign(r, "E14");
    } else {
        g_string_assign(r, "OK");
    }
    g_free(buf);
}

static void cmd_breakpoint(GdbSession *s, const char *p, GString *r)
{
    bool insert = p[0] == 'Z';
    uint64_t type, addr, kind;
    p++;
    if (!gdb_parse_hex(&p, &type) || *p++ != ',' || !gdb_parse_hex(&p, &addr) || *p++ != ',' ||
        !gdb_parse_hex(&p, &kind)) {
        g_string_assign(r, "E01");
        return;
    }
    int rc = s->t->breakpoint(s->t->opaque, insert, (int)type, addr, kind);
    g_string_assign(r, rc == 0 ? "OK" : rc > 0 ? "" : "E01");
}

/* qXfer:OBJECT:read:ANNEX:off,len -> "m"/"l" + the slice of data */
static void cmd_xfer(GdbSession *s, const char *p, GString *r)
{
    const char *data = NULL;
    size_t size = 0;
    char annex[64];
    const char *rest;
    if (strncmp(p, "features:read:", 14) == 0) {
        rest = p + 14;
        const char *colon = strchr(rest, ':');
        size_t n = colon ? (size_t)(colon - rest) : 0;
        if (!colon || n >= sizeof annex) {
            g_string_assign(r, "E00");
            return;
        }
        memcpy(annex, rest, n);
        annex[n] = 0;
        if (strcmp(annex, "target.xml") != 0) {
            g_string_assign(r, "E00");
            return;
        }
        data = s->t->arch->target_xml();
        size = strlen(data);
        rest = colon + 1;
    } else if (strncmp(p, "auxv:read::", 11) == 0 && s->t->auxv) {
        rest = p + 11;
        data = s->t->auxv(s->t->opaque, &size);
    } else if (strncmp(p, "exec-file:read:", 15) == 0 && s->t->exec_file) {
        /* annex: a process id, or empty for the current one; there is only one */
        rest = strchr(p + 15, ':');
        rest = rest ? rest + 1 : "";
        data = s->t->exec_file(s->t->opaque);
        size = data ? strlen(data) : 0;
    } else {
        g_string_truncate(r, 0); /* unknown object: not supported */
        return;
    }
    uint64_t off, len;
    const char *end;
    if (!data || !parse_addr_len(rest, &off, &len, &end)) {
        g_string_assign(r, "E00");
        return;
    }
    if (len > GDB_MAX_PACKET / 2) {
        len = GDB_MAX_PACKET / 2; /* escaping may double the size */
    }
    if (off >= size) {
        g_string_assign(r, "l");
        return;
    }
    size_t n = size - off < len ? size - off : len;
    g_string_assign(r, off + n < size ? "m" : "l");
    g_string_append_len(r, data + off, (gssize)n);
}

static void cmd_thread_info(GdbSession *s, GString *r)
{
    int64_t *ids = g_new(int64_t, MAX_THREADS);
    int n = s->t->thread_list(s->t->opaque, ids, MAX_THREADS);
    g_string_assign(r, "m");
    for (int i = 0; i < n && i < MAX_THREADS; i++) {
        g_string_append_printf(r, "%s%" PRIx64, i ? "," : "", (uint64_t)ids[i]);
    }
    g_free(ids);
}

/* c, C sig, s, S sig ([;addr] ignored: gdb resumes where the thread stopped) */
static void parse_resume(GdbSession *s, const char *p, GdbResume *res)
{
    uint64_t sig = 0;
    const char *q = p + 1;
    if (p[0] == 'C' || p[0] == 'S') {
        gdb_parse_hex(&q, &sig);
    }
    res->signal = gdb_signal_to_linux((int)sig);
    res->action = (p[0] == 's' || p[0] == 'S') ? GDB_RESUME_STEP : GDB_RESUME_CONTINUE;
    res->step_thread = s->stop_thread;
    res->others_run = false;
}

/* vCont;ACTION[:tid];...  The first step action decides the stepping thread; a signal
 * given to the stopped thread (or to all) is delivered to it. */
static bool parse_vcont(GdbSession *s, const char *p, GdbResume *res)
{
    res->action = GDB_RESUME_CONTINUE;
    res->signal = 0;
    res->step_thread = s->stop_thread;
    res->others_run = false;
    bool stepping = false;
    while (*p == ';') {
        p++;
        char act = *p;
        uint64_t sig = 0;
        const char *q = p + 1;
        if (act == 'C' || act == 'S') {
            gdb_parse_hex(&q, &sig);
        } else if (act != 'c' && act != 's' && act != 't') {
            return false;
        }
        int64_t tid = -1;
        if (*q == ':') {
            tid = parse_thread(q + 1);
        }
        if ((act == 's' || act == 'S') && !stepping) {
            stepping = true;
            res->action = GDB_RESUME_STEP;
            res->step_thread = tid > 0 ? tid : s->stop_thread;
        }
        if ((act == 'c' || act == 'C') && tid <= 0) {
            res->others_run = true; /* a default action: every thread not named before */
        }
        if ((act == 'C' || act == 'S') && (tid <= 0 || tid == s->stop_thread)) {
            res->signal = gdb_signal_to_linux((int)sig);
        }
        p = strchr(q, ';');
        if (!p) {
            break;
        }
    }
    return true;
}

/* Handle one packet; true (and *res) when gdb resumed the target. */
static bool handle_packet(GdbSession *s, GdbResume *res, GString *r)
{
    const char *p = (const char *)s->rx.buf;
    size_t len = s->rx.len;
    g_string_truncate(r, 0);
    switch (p[0]) {
    case '?':
        stop_reply(s, r);
        break;
    case 'g':
        cmd_read_regs(s, r);
        break;
    case 'G':
        cmd_write_regs(s, p + 1, r);
        break;
    case 'p':
    case 'P':
        cmd_reg(s, p + 1, p[0] == 'P', r);
        break;
    case 'm':
        cmd_read_mem(s, p + 1, r);
        break;
    case 'M':
    case 'X':
        cmd_write_mem(s, p, len, p[0] == 'X', r);
        break;
    case 'Z':
    case 'z':
        cmd_breakpoint(s, p, r);
        break;
    case 'H':
        if (p[1] == 'g') {
            s->g_thread = parse_thread(p + 2);
        }
        g_string_assign(r, "OK");
        break;
    case 'T':
        g_string_assign(r, s->t->thread_cpu(s->t->opaque, parse_thread(p + 1)) ? "OK" : "E01");
        break;
    case 'c':
    case 'C':
    case 's':
    case 'S':
        parse_resume(s, p, res);
        return true;
    case 'k':
        res->action = GDB_RESUME_KILL;
        return true;
    case 'D':
        send_str(s, "OK");
        res->action = GDB_RESUME_DETACH;
        return true;
    case 'v':
        if (strcmp(p, "vCont?") == 0) {
            g_string_assign(r, "vCont;c;C;s;S");
        } else if (strncmp(p, "vCont;", 6) == 0) {
            if (parse_vcont(s, p + 5, res)) {
                return true;
            }
            g_string_assign(r, "E01");
        } else if (strncmp(p, "vFile:", 6) == 0) {
            gdb_hostio(s, p + 6, r);
        } else if (strncmp(p, "vKill", 5) == 0) {
            send_str(s, "OK");
            res->action = GDB_RESUME_KILL;
            return true;
        }
        break;
    case 'q':
        if (strncmp(p, "qSupported", 10) == 0) {
            g_string_printf(r,
                            "PacketSize=%x;qXfer:features:read+;%s%sQStartNoAckMode+;"
                            "vContSupported+",
                            GDB_MAX_PACKET, s->t->auxv ? "qXfer:auxv:read+;" : "",
                            s->t->exec_file ? "qXfer:exec-file:read+;" : "");
        } else if (strncmp(p, "qXfer:", 6) == 0) {
            cmd_xfer(s, p + 6, r);
        } else if (strcmp(p, "qC") == 0) {
            g_string_printf(r, "QC%" PRIx64, (uint64_t)s->stop_thread);
        } else if (strcmp(p, "qfThreadInfo") == 0) {
            cmd_thread_info(s, r);
        } else if (strcmp(p, "qsThreadInfo") == 0) {
            g_string_assign(r, "l");
        } else if (strncmp(p, "qAttached", 9) == 0) {
            g_string_assign(r, "1");
        } else if (strncmp(p, "qSymbol", 7) == 0) {
            g_string_assign(r, "OK");
        }
        break;
    case 'Q':
        if (strcmp(p, "QStartNoAckMode") == 0) {
            send_str(s, "OK");
            s->no_ack = true;
            return false;
        }
        break;
    default:
        break;
    }
    send_packet(s, r->str, r->len);
    return false;
}

GdbResume gdb_session_stop(GdbSession *s, int64_t thread, int sig, bool initial)
{
    GdbResume res = {.action = GDB_RESUME_DETACH, .signal = sig, .step_thread = thread};
    GString *r = g_string_new(NULL);
    s->stop_thread = thread;
    s->stop_signal = sig;
    /* g_thread stays: gdb remembers what it last set with Hg and does not repeat it. */
    if (!initial) {
        stop_reply(s, r);
        send_packet(s, r->str, r->len);
    }
    while (s->connected) {
        if (!recv_packet(s)) {
            break;
        }
        if (handle_packet(s, &res, r)) {
            break;
        }
    }
    if (!s->connected) {
        /* gdb went away: let the program run on, with the signal it stopped for. */
        res.action = GDB_RESUME_DETACH;
        res.signal = sig;
    }
    if (res.action == GDB_RESUME_DETACH) {
        gdb_hostio_close_all(s);
    }
    g_string_free(r, TRUE);
    return res;
}

void gdb_session_exited(GdbSession *s, int status, int killed_by_signal)
{
    char buf[16];
    if (killed_by_signal) {
        snprintf(buf, sizeof buf, "X%02x", gdb_signal_from_linux(killed_by_signal) & 0xff);
    } else {
        snprintf(buf, sizeof buf, "W%02x", status & 0xff);
    }
    /* No waiting for the ack: the process is about to end. */
    s->no_ack = true;
    send_str(s, buf);
    s->connected = false;
    gdb_hostio_close_all(s);
}
