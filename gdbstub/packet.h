/*
 * packet.h - the GDB remote serial protocol's framing, independent of any target or
 * transport: "$payload#cc" packets with a two-digit checksum, '+'/'-' acknowledgements,
 * '}' escaping of binary data, '*' run-length encoding, the 0x03 interrupt byte, and the
 * hex helpers the commands use.  gdbstub.c feeds received bytes through gdb_rx_byte() and
 * frames replies with gdb_packet_encode().
 * Example: gdb_packet_encode(out, "OK", 2) appends "$OK#9a";
 *          feeding "$m10,4#2e" byte by byte ends in GDB_RX_PACKET with payload "m10,4".
 */
#ifndef VEMU_GDBSTUB_PACKET_H
#define VEMU_GDBSTUB_PACKET_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest payload vemu accepts and announces in qSupported (PacketSize, hex). */
#define GDB_MAX_PACKET 0x4000

typedef enum GdbRxEvent {
    GDB_RX_NONE,         /* byte consumed, nothing complete yet */
    GDB_RX_PACKET,       /* a packet with a good checksum: rx->buf[0..len) (NUL-terminated) */
    GDB_RX_BAD_CHECKSUM, /* a packet arrived damaged (or too long): answer '-' */
    GDB_RX_INTERRUPT,    /* 0x03 outside a packet: gdb asks to stop the target */
    GDB_RX_ACK,          /* '+' */
    GDB_RX_NACK,         /* '-': resend the last packet */
} GdbRxEvent;

typedef struct GdbRx {
    int state;   /* idle, in payload, first or second checksum digit */
    bool escape; /* the previous payload byte was '}' */
    bool repeat; /* the previous payload byte was '*' */
    bool overflow;
    uint8_t sum;  /* running checksum of the raw payload bytes */
    uint8_t want; /* checksum received */
    size_t len;
    uint8_t buf[GDB_MAX_PACKET + 1];
} GdbRx;

void gdb_rx_init(GdbRx *rx);
/* Feed one received byte; returns what it completed. */
GdbRxEvent gdb_rx_byte(GdbRx *rx, uint8_t c);

/* Modulo-256 sum of the bytes (the protocol's checksum). */
uint8_t gdb_checksum(const uint8_t *data, size_t len);
/* Append "$<data escaped>#cc" to out; '$', '#', '}' and '*' in data are escaped. */
void gdb_packet_encode(GString *out, const void *data, size_t len);

/* Append len bytes as lower-case hex. */
void gdb_hex_append(GString *out, const void *data, size_t len);
/* Decode 2*len hex digits into out; false on a non-hex digit. */
bool gdb_hex_decode(const char *hex, void *out, size_t len);
/* Parse a hex number at *p (at least one digit), advance *p past it; false if none. */
bool gdb_parse_hex(const char **p, uint64_t *v);

#endif
