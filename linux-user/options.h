/*
 * options.h - the vemu-aarch64 command line: one table gives every option its flag, its
 * VEMU_* environment variable and its help line (binfmt_misc launches can only be
 * configured through the environment).
 * Example: VEMU_STRACE=1 vemu-aarch64 -L /usr/aarch64-linux-gnu ./prog
 */
#ifndef VEMU_OPTIONS_H
#define VEMU_OPTIONS_H

#include <stdbool.h>

/* Exit statuses for errors the user can cause (docs/vemu-aarch64.1.md lists them). */
#define VEMU_EXIT_USAGE 125       /* unknown option, bad option argument, missing program */
#define VEMU_EXIT_CANNOT_EXEC 126 /* not an arm64 ELF, corrupt, cannot map */
#define VEMU_EXIT_NOT_FOUND 127   /* program or interpreter does not exist */

typedef struct ParsedArgs {
    const char *path;  /* the program to load (its name when exec_fd >= 0) */
    int exec_fd;       /* >= 0: load the program from this descriptor (AT_EXECFD, -execfd) */
    char **guest_argv; /* the guest's argv (points into main's argv) */
    int guest_argc;
    bool secure;      /* AT_SECURE: started with more privileges; VEMU_* variables ignored */
    char **env_set;   /* -E var=val (NULL-terminated, malloc'd) */
    char **env_unset; /* -U var */
} ParsedArgs;

/* Parse environment then argv (argv wins). Exits on -h/-version/-cpu help/-d help and
 * on errors (status VEMU_EXIT_USAGE, one line on stderr). */
void options_parse(int argc, char **argv, ParsedArgs *out);

/* Build the guest environment from the host's and -E/-U. */
char **options_guest_environ(const ParsedArgs *pa);

#endif
