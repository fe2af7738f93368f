/*
 * test-gdb-packet.c - the gdbstub's packet layer (gdbstub/packet.c) and signal mapping
 * (gdbstub/signals.c): checksums, framing, '}' escapes, '*' run-length decoding, acks,
 * the interrupt byte, damaged and oversized packets, hex helpers.  Expected values come
 * from the GDB manual's remote protocol appendix (checksum = sum of the payload bytes
 * modulo 256, escape = '}' then byte ^ 0x20, "X*n" = X repeated n - 29 more times).
 */
#include <glib.h>
#include <signal.h>
#include <string.h>

#include "gdbstub/gdbstub.h"
#include "gdbstub/packet.h"

static GdbRxEvent feed(GdbRx *rx, const char *bytes, size_t n)
{
    GdbRxEvent last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++) {
        GdbRxEvent e = gdb_rx_byte(rx, (uint8_t)bytes[i]);
        if (e != GDB_RX_NONE) {
            g_assert_cmpuint(i, ==, n - 1); /* only the last byte completes something */
            last = e;
        }
    }
    return last;
}

static void test_checksum(void)
{
    g_assert_cmpuint(gdb_checksum((const uint8_t *)"OK", 2), ==, 0x9a);
    g_assert_cmpuint(gdb_checksum((const uint8_t *)"", 0), ==, 0);
    /* "g" = 0x67; wraps modulo 256 */
    g_assert_cmpuint(gdb_checksum((const uint8_t *)"g", 1), ==, 0x67);
    g_assert_cmpuint(gdb_checksum((const uint8_t *)"\xff\x02", 2), ==, 0x01);
}

static void test_encode(void)
{
    GString *s = g_string_new(NULL);
    gdb_packet_encode(s, "OK", 2);
    g_assert_cmpstr(s->str, ==, "$OK#9a");
    g_string_truncate(s, 0);
    gdb_packet_encode(s, "", 0);
    g_assert_cmpstr(s->str, ==, "$#00");
    /* The four special bytes are escaped; the checksum covers the escaped form. */
    g_string_truncate(s, 0);
    gdb_packet_encode(s, "a$#}*", 5);
    const char *body = "a}\x04}\x03}]}\x0a";
    char want[64];
    g_snprintf(want, sizeof want, "$%s#%02x", body,
               gdb_checksum((const uint8_t *)body, strlen(body)));
    g_assert_cmpstr(s->str, ==, want);
    g_string_free(s, TRUE);
}

static void test_receive(void)
{
    GdbRx rx;
    gdb_rx_init(&rx);
    g_assert_cmpint(feed(&rx, "$m10,4#2e", 9), ==, GDB_RX_PACKET);
    g_assert_cmpstr((char *)rx.buf, ==, "m10,4");
    g_assert_cmpuint(rx.len, ==, 5);
    /* acks, the interrupt byte and noise between packets */
    g_assert_cmpint(gdb_rx_byte(&rx, '+'), ==, GDB_RX_ACK);
    g_assert_cmpint(gdb_rx_byte(&rx, '-'), ==, GDB_RX_NACK);
    g_assert_cmpint(gdb_rx_byte(&rx, 0x03), ==, GDB_RX_INTERRUPT);
    g_assert_cmpint(gdb_rx_byte(&rx, 'x'), ==, GDB_RX_NONE);
    /* upper-case checksum digits are accepted */
    g_assert_cmpint(feed(&rx, "$OK#9A", 6), ==, GDB_RX_PACKET);
    /* a wrong checksum */
    g_assert_cmpint(feed(&rx, "$OK#9b", 6), ==, GDB_RX_BAD_CHECKSUM);
    g_assert_cmpint(feed(&rx, "$OK#zz", 6), ==, GDB_RX_BAD_CHECKSUM);
    /* a '$' inside a packet restarts it (the first one was cut off) */
    g_assert_cmpint(feed(&rx, "$gar$OK#9a", 10), ==, GDB_RX_PACKET);
    g_assert_cmpstr((char *)rx.buf, ==, "OK");
}

static void test_round_trip_binary(void)
{
    /* Every byte value survives encode + receive (X packets carry binary data). */
    uint8_t data[256];
    for (int i = 0; i < 256; i++) {
        data[i] = (uint8_t)i;
    }
    GString *s = g_string_new(NULL);
    gdb_packet_encode(s, data, sizeof data);
    GdbRx rx;
    gdb_rx_init(&rx);
    g_assert_cmpint(feed(&rx, s->str, s->len), ==, GDB_RX_PACKET);
    g_assert_cmpuint(rx.len, ==, sizeof data);
    g_assert_cmpmem(rx.buf, rx.len, data, sizeof data);
    g_string_free(s, TRUE);
}

static void rle_packet(GString *s, const char *body)
{
    g_string_printf(s, "$%s#%02x", body, gdb_checksum((const uint8_t *)body, strlen(body)));
}

static void test_run_length(void)
{
    GdbRx rx;
    GString *s = g_string_new(NULL);
    gdb_rx_init(&rx);
    /* "0* " = '0' then ' ' - 29 = 3 more: "0000" */
    rle_packet(s, "0* ");
    g_assert_cmpint(feed(&rx, s->str, s->len), ==, GDB_RX_PACKET);
    g_assert_cmpstr((char *)rx.buf, ==, "0000");
    /* "a*\"b": '"' (34) - 29 = 5 more copies */
    rle_packet(s, "a*\"b");
    g_assert_cmpint(feed(&rx, s->str, s->len), ==, GDB_RX_PACKET);
    g_assert_cmpstr((char *)rx.buf, ==, "aaaaaab");
    /* a run with nothing before it is malformed */
    rle_packet(s, "* ");
    g_assert_cmpint(feed(&rx, s->str, s->len), ==, GDB_RX_BAD_CHECKSUM);
    g_string_free(s, TRUE);
}

static void test_oversized(void)
{
    GdbRx rx;
    gdb_rx_init(&rx);
    GString *s = g_string_new("$");
    for (int i = 0; i < GDB_MAX_PACKET + 10; i++) {
        g_string_append_c(s, 'a');
    }
    g_string_append(s, "#00");
    g_assert_cmpint(feed(&rx, s->str, s->len), ==, GDB_RX_BAD_CHECKSUM);
    /* the receiver recovers for the next packet */
    g_assert_cmpint(feed(&rx, "$OK#9a", 6), ==, GDB_RX_PACKET);
    g_string_free(s, TRUE);
}

static void test_hex(void)
{
    GString *s = g_string_new(NULL);
    uint8_t b[4] = {0x00, 0x7f, 0xab, 0xff};
    gdb_hex_append(s, b, 4);
    g_assert_cmpstr(s->str, ==, "007fabff");
    uint8_t out[4];
    g_assert_true(gdb_hex_decode("007FabfF", out, 4));
    g_assert_cmpmem(out, 4, b, 4);
    g_assert_false(gdb_hex_decode("0g", out, 1));
    g_assert_false(gdb_hex_decode("0", out, 1));
    const char *p = "4005a0,8:";
    uint64_t v;
    g_assert_true(gdb_parse_hex(&p, &v));
    g_assert_cmphex(v, ==, 0x4005a0);
    g_assert_cmpint(*p, ==, ',');
    p = ":";
    g_assert_false(gdb_parse_hex(&p, &v));
    g_string_free(s, TRUE);
}

static void test_signals(void)
{
    /* GDB's numbering: SEGV 11, TRAP 5, BUS 10, USR1 30, CHLD 20, realtime 34 = 46 */
    g_assert_cmpint(gdb_signal_from_linux(SIGSEGV), ==, 11);
    g_assert_cmpint(gdb_signal_from_linux(SIGTRAP), ==, 5);
    g_assert_cmpint(gdb_signal_from_linux(SIGBUS), ==, 10);
    g_assert_cmpint(gdb_signal_from_linux(SIGUSR1), ==, 30);
    g_assert_cmpint(gdb_signal_from_linux(SIGCHLD), ==, 20);
    g_assert_cmpint(gdb_signal_from_linux(34), ==, 46);
    g_assert_cmpint(gdb_signal_from_linux(0), ==, 0);
    for (int sig = 1; sig <= 64; sig++) {
        if (sig == SIGSTKFLT) {
            continue; /* GDB has no number for it */
        }
        g_assert_cmpint(gdb_signal_to_linux(gdb_signal_from_linux(sig)), ==, sig);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gdb-packet/checksum", test_checksum);
    g_test_add_func("/gdb-packet/encode", test_encode);
    g_test_add_func("/gdb-packet/receive", test_receive);
    g_test_add_func("/gdb-packet/binary-round-trip", test_round_trip_binary);
    g_test_add_func("/gdb-packet/run-length", test_run_length);
    g_test_add_func("/gdb-packet/oversized", test_oversized);
    g_test_add_func("/gdb-packet/hex", test_hex);
    g_test_add_func("/gdb-packet/signals", test_signals);
    return g_test_run();
}
