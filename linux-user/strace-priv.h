/*
 * strace-priv.h - what the -strace files share: the argument type enum built from
 * syscall/strace-types.def, the per-thread line buffer writer, and the printers of
 * strace-flags.c (named constants, flag sets, signals) and strace-structs.c (strings,
 * buffers and structures in guest memory).  strace.c walks a syscall's argument types
 * and calls strace_print_arg() for each.
 * Example: strace_flags(mmap_prot_names, N, 3)  appends  PROT_READ|PROT_WRITE
 */
#ifndef VEMU_STRACE_PRIV_H
#define VEMU_STRACE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscall/syscall-defs.h"

typedef enum StraceType {
#define STRACE_TYPE(name, when) ST_##name,
#include "syscall/strace-types.def"
#undef STRACE_TYPE
    ST_COUNT
} StraceType;

/* One decoded call: the entry, its arguments and (after the call) its result. */
typedef struct StraceCall {
    const SyscallEntry *e;
    uint64_t a[6];
    StraceType type[6];
    int nargs;
    int64_t ret;
    uint32_t len_in[6]; /* osocklen: the length before the call ("[128 => 16]") */
} StraceCall;

typedef struct StraceName {
    uint64_t value;
    const char *name;
} StraceName;

#define STRACE_N(table) (sizeof(table) / sizeof((table)[0]))
#define STRACE_MAX_ITEMS 16 /* array elements shown before "..." */

/* Read guest memory for printing: copy_from_guest, but NULL is never read (0 or
 * -EFAULT). */
int strace_peek(void *dst, uint64_t addr, size_t len);

/* Append to this thread's line (cut at the buffer size). */
void strace_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* strace-flags.c */
/* "A|B|0x40", or zero_name (or "0") for 0. */
void strace_flags(const StraceName *t, size_t n, uint64_t v, const char *zero_name);
/* The name of v, or v in decimal. */
void strace_enum(const StraceName *t, size_t n, int64_t v);
/* "SIGINT", "SIGRT_3"; NULL for numbers that are no signal. */
const char *strace_signame(int sig, char buf[16]);
void strace_print_sig(int sig);
/* Guest sigset, bit n-1 = signal n: "[INT TERM]" or "~[KILL STOP]". */
void strace_print_sigset_value(uint64_t set);
void strace_print_sa_flags(uint64_t flags);
void strace_print_poll_events(unsigned int ev);
void strace_print_clone_flags(uint64_t flags);
void strace_print_oflags(uint64_t v);
void strace_print_si_code(int sig, int code);
void strace_print_sockdomain(uint64_t v);
/* Named-constant and flag types of argument i: 1 printed, -1 the argument is left out
 * (strace omits what a command does not take: fcntl(3, F_GETFD)), 0 not such a type. */
int strace_print_named_file(const StraceCall *c, int i); /* strace-names.c */
int strace_print_named_net(const StraceCall *c, int i);  /* strace-net.c */
int strace_print_sys(const StraceCall *c, int i);        /* strace-sys.c */
/* A bit mask (fd_set, cpu_set_t) of nbits bits: "[0 3 4]" (strace-sys.c). */
void strace_print_bitmask(uint64_t addr, uint64_t nbits);
/* st_mode-style: S_IFREG|0644 */
void strace_print_mode_type(uint32_t mode);
void strace_print_sockaddr(uint64_t addr, uint64_t len);
/* " = 0x1 (flags FD_CLOEXEC)": results strace decodes (fcntl's F_GETFD, F_GETFL);
 * false for a plain number. */
bool strace_print_result(const StraceCall *c);

/* strace-structs.c */
/* Quoted and escaped, at most 32 bytes then "..." (strace -s 32). */
void strace_print_data(uint64_t addr, size_t len);
/* NUL-terminated string, whole (paths) or at most 32 bytes when limited. */
void strace_print_string(uint64_t addr, bool limited);
void strace_print_ptr(uint64_t addr);
/* {tv_sec=1, tv_nsec=0} */
void strace_print_timespec(uint64_t addr);
/* Strings, buffers and structures; 0 when the type is not one of them. */
int strace_print_memory(const StraceCall *c, int i);
/* int[n] at addr (n = 1 or 2): "[3]", "[3, 4]" */
void strace_print_ints(uint64_t addr, int n);

/* strace-io.c: iovec, msghdr, pollfd, epoll_event, sockaddr and option memory; 0 when
 * the type is not one of them. */
int strace_print_io(const StraceCall *c, int i);
/* Extra text after the result: the revents of poll. */
void strace_print_result_extra(const StraceCall *c);

#endif
