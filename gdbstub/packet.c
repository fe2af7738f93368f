/*
 * packet.c - framing of GDB remote protocol packets (see packet.h): a byte-at-a-time
 * receiver that undoes '}' escapes and '*' run-length encoding while it checks the
 * checksum, and the sender's framing.  The checksum covers the bytes as sent, escapes
 * and run-length markers included ("Overview" in the GDB manual's remote protocol
 * appendix).  Example: "$a*\"#.." decodes to "aaaaa" ('"' - 29 = 5 more copies).
 */
#include "gdbstub/packet.h"

#include <string.h>

enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 };

void gdb_rx_init(GdbRx *rx)
{
    memset(rx, 0, sizeof *rx);
    rx->state = RX_IDLE;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static void rx_put(GdbRx *rx, uint8_t c)
{
    if (rx->len >= GDB_MAX_PACKET) {
        rx->overflow = true;
        return;
    }
    rx->buf[rx->len++] = c;
}

static void rx_data(GdbRx *rx, uint8_t c)
{
    rx->sum += c;
    if (rx->escape) {
        rx->escape = false;
        rx_put(rx, c ^ 0x20);
    } else if (rx->repeat) {
        /* "X*n": n - 29 more copies of X (n is printable, at least ' ' + 3). */
        rx->repeat = false;
        if (rx->len == 0 || c < 29) {
            rx->overflow = true;
            return;
        }
        uint8_t prev = rx->buf[rx->len - 1];
        for (int i = 0; i < c - 29; i++) {
            rx_put(rx, prev);
        }
    } else if (c == '}') {
        rx->escape = true;
    } else if (c == '*') {
        rx->repeat = true;
    } else {
        rx_put(rx, c);
    }
}

GdbRxEvent gdb_rx_byte(GdbRx *rx, uint8_t c)
{
    int v;
    switch (rx->state) {
    case RX_IDLE:
        if (c == '$') {
            rx->state = RX_DATA;
            rx->len = 0;
            rx->sum = 0;
            rx->escape = rx->repeat = rx->overflow = false;
            return GDB_RX_NONE;
        }
        return c == 0x03  ? GDB_RX_INTERRUPT
               : c == '+' ? GDB_RX_ACK
               : c == '-' ? GDB_RX_NACK
                          : GDB_RX_NONE;
    case RX_DATA:
        if (c == '#') {
            rx->state = RX_SUM1;
        } else if (c == '$') {
            /* A new start inside a packet: the old one was cut off; restart. */
            rx->len = 0;
            rx->sum = 0;
            rx->escape = rx->repeat = rx->overflow = false;
        } else {
            rx_data(rx, c);
        }
        return GDB_RX_NONE;
    case RX_SUM1:
        v = hexval(c);
        rx->want = (uint8_t)((v < 0 ? 0 : v) << 4);
        rx->overflow |= v < 0;
        rx->state = RX_SUM2;
        return GDB_RX_NONE;
    default:
        v = hexval(c);
        rx->want |= (uint8_t)(v < 0 ? 0 : v);
        rx->overflow |= v < 0;
        rx->state = RX_IDLE;
        rx->buf[rx->len] = 0;
        if (rx->overflow || rx->escape || rx->repeat || rx->want != rx->sum) {
            return GDB_RX_BAD_CHECKSUM;
        }
        return GDB_RX_PACKET;
    }
}

uint8_t gdb_checksum(const uint8_t *data, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++) {
        sum += data[i];
    }
    return sum;
}

void gdb_packet_encode(GString *out, const void *data, size_t len)
{
    const uint8_t *d = data;
    size_t start = out->len;
    g_string_append_c(out, '$');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = d[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            c ^= 0x20;
        }
        g_string_append_c(out, (char)c);
    }
    uint8_t sum = gdb_checksum((const uint8_t *)out->str + start + 1, out->len - start - 1);
    g_string_append_printf(out, "#%02x", sum);
}

void gdb_hex_append(GString *out, const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *d = data;
    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, digits[d[i] >> 4]);
        g_string_append_c(out, digits[d[i] & 15]);
    }
}

bool gdb_hex_decode(const char *hex, void *out, size_t len)
{
    uint8_t *o = out;
    for (size_t i = 0; i < len; i++) {
        int hi = hexval((unsigned char)hex[2 * i]);
        int lo = hi < 0 ? -1 : hexval((unsigned char)hex[2 * i + 1]);
        if (lo < 0) {
            return false;
        }
        o[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t r = 0;
    int d;
    while ((d = hexval((unsigned char)*s)) >= 0) {
        r = r << 4 | (uint64_t)d;
        s++;
    }
    if (s == *p) {
        return false;
    }
    *v = r;
    *p = s;
    return true;
}
