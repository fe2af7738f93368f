/*
 * hostio.h - vFile host I/O requests of the remote protocol (hostio.c), used by
 * gdbstub.c when gdb reads the target's files.
 * Example: gdb_hostio(s, "setfs:0", reply) sets reply to "F0".
 */
#ifndef VEMU_GDBSTUB_HOSTIO_H
#define VEMU_GDBSTUB_HOSTIO_H

#include "gdbstub/gdbstub.h"

/* Answer the request after "vFile:" into r (empty: not supported). */
void gdb_hostio(GdbSession *s, const char *req, GString *r);
/* Close every file gdb left open (the session ends). */
void gdb_hostio_close_all(GdbSession *s);

#endif
