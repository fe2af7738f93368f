/*
 * options.c - the option table of vemu-aarch64 and its parser (see options.h).
 *
 * Each row: the flag, the environment variable, whether it takes an argument, a help line
 * and a handler.  Environment variables are applied first, then flags, so
 *     VEMU_LOG=in_asm vemu-aarch64 -d op ./prog
 * logs only "op".  vemu_reexec_argv() turns the active settings back into flags so an
 * execve()'d arm64 program runs under the same options.  When binfmt_misc starts vemu
 * (auxv AT_EXECFD or AT_FLAGS_PRESERVE_ARGV0), argv carries no options, only the program.
 */
#include "linux-user/options.h"

#include <errno.h>
#include <stdarg.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "target/aarch64/cpu-models.h"
#include "tcg/log.h"
#include "tcg/perfmap.h"
#include "tcg/tb.h"

VemuConfig vemu_config;
LoadInfo vemu_load_info;

static GPtrArray *env_set_list, *env_unset_list;
static char *log_items_str; /* for re-exec */
static char *log_file_str;

typedef struct OptionDef {
    const char *flag;
    const char *env;
    bool has_arg;
    const char *arg_name;
    const char *help;
    void (*handle)(const char *arg);
} OptionDef;

static _Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("vemu-aarch64: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(VEMU_EXIT_USAGE);
}

static void print_help(void);

static void handle_help(const char *arg)
{
    (void)arg;
    print_help();
    exit(0);
}

static void handle_version(const char *arg)
{
    (void)arg;
    printf("vemu-aarch64 version %s\n", VEMU_VERSION);
    printf("Copyright (c) 2026 The vemu developers; MIT License\n");
    exit(0);
}

static void handle_ld_prefix(const char *arg)
{
    vemu_config.ld_prefix = arg;
}

static void handle_set_env(const char *arg)
{
    /* -E var=val; the environment form accepts a comma-separated list. */
    if (!strchr(arg, '=')) {
        usage_error("-E %s: expected VAR=VALUE", arg);
    }
    g_ptr_array_add(env_set_list, g_strdup(arg));
}

/* The environment-variable forms of -E/-U take comma-separated lists. */
static void for_each_list_item(const char *arg, void (*handle)(const char *item))
{
    char **parts = g_strsplit(arg, ",", -1);
    for (char **p = parts; *p; p++) {
        if (**p) {
            handle(*p);
        }
    }
    g_strfreev(parts);
}

static void handle_unset_env(const char *arg)
{
    g_ptr_array_add(env_unset_list, g_strdup(arg));
}

static void handle_argv0(const char *arg)
{
    vemu_config.argv0 = arg;
}

static void handle_cpu(const char *arg)
{
    if (strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0) {
        cpu_model_list(stdout);
        exit(0);
    }
    if (!cpu_model_find(arg)) {
        usage_error("-cpu %s: unknown CPU model (try -cpu help)", arg);
    }
    vemu_config.cpu_model = arg;
}

static void handle_accel(const char *arg)
{
    if (strcmp(arg, "help") == 0) {
        printf("native  x86-64 code generation (the default)\n"
               "tci     the portable IR interpreter (slow; the reference for tests)\n");
        exit(0);
    }
    if (strcmp(arg, "tci") == 0) {
        tb_set_accel(ACCEL_TCI);
    } else if (strcmp(arg, "native") == 0) {
        if (!tb_set_accel(ACCEL_NATIVE)) {
            usage_error("-accel native: this host cannot run the native backend");
        }
    } else {
        usage_error("-accel %s: unknown accelerator (native or tci)", arg);
    }
}

static bool tier_on;

static void handle_tier(const char *arg)
{
    if (strcmp(arg, "0") == 0 || strcmp(arg, "1") == 0) {
        tier_on = arg[0] == '1';
        tb_set_tiered(tier_on);
    } else {
        usage_error("-tier %s: expected 0 (translate every block natively) or 1", arg);
    }
}

static void handle_perfmap(const char *arg)
{
    (void)arg;
    perfmap_enable();
    vemu_config.perfmap = true;
}

static void handle_jitdump(const char *arg)
{
    (void)arg;
    jitdump_enable();
    vemu_config.jitdump = true;
}

static void handle_one_insn_per_tb(const char *arg)
{
    (void)arg;
    tb_set_max_insns(1);
    vemu_config.one_insn_per_tb = true;
}

static void handle_tb_size(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || v < 1 || v > TB_CODE_BUFFER_MAX_MIB) {
        usage_error("-tb-size %s: the code buffer size must be 1 to %d (MiB)", arg,
                    TB_CODE_BUFFER_MAX_MIB);
    }
    tb_set_code_buffer_mib((unsigned)v);
    vemu_config.tb_size_mib = (unsigned)v;
}

static void handle_gdb(const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == 0 || *end || v < 1 || v > 65535) {
        usage_error("-g %s: not a TCP port (1-65535)", arg);
    }
    vemu_config.gdb_port = (int)v;
    /* Programs this one starts are not debugged: they must not wait on the port too. */
    unsetenv("VEMU_GDB");
}

static void handle_log(const char *arg)
{
    if (strcmp(arg, "help") == 0) {
        log_print_help(stdout);
        exit(0);
    }
    uint32_t mask;
    const char *bad;
    if (!log_parse_items(arg, &mask, &bad)) {
        usage_error("-d %s: unknown log item '%s' (try -d help)", arg, bad);
    }
    vemu_log_mask = mask;
    g_free(log_items_str);
    log_items_str = g_strdup(arg);
    if (mask & LOG_STRACE) {
        vemu_config.strace = true;
    }
}

static void handle_log_file(const char *arg)
{
    if (!log_set_file(arg)) {
        usage_error("-D %s: %s", arg, strerror(errno));
    }
    g_free(log_file_str);
    log_file_str = g_strdup(arg);
}

static void handle_strace(const char *arg)
{
    (void)arg;
    vemu_config.strace = true;
    vemu_log_mask |= LOG_STRACE;
}

static int exec_fd_arg = -1; /* -execfd */

static void handle_execfd(const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == 0 || *end || v < 0 || v > 1 << 30) {
        usage_error("-execfd %s: not a file descriptor", arg);
    }
    exec_fd_arg = (int)v;
}

static void handle_stack_size(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 0);
    if (errno || end == arg) {
        usage_error("-s %s: not a size", arg);
    }
    switch (*end) {
    case 'k':
    case 'K':
        v <<= 10;
        end++;
        break;
    case 'm':
    case 'M':
        v <<= 20;
        end++;
        break;
    case 'g':
    case 'G':
        v <<= 30;
        end++;
        break;
    default:
        break;
    }
    if (*end || v < 65536 || v > (1ull << 36)) {
        usage_error("-s %s: stack size must be between 64K and 64G", arg);
    }
    vemu_config.stack_size = v;
}

static const OptionDef options[] = {
    {"h", NULL, false, NULL, "print this help and exit", handle_help},
    {"help", NULL, false, NULL, "print this help and exit", handle_help},
    {"version", NULL, false, NULL, "print the version and exit", handle_version},
    {"L", "VEMU_LD_PREFIX", true, "path", "look for the ELF interpreter and libraries under path",
     handle_ld_prefix},
    {"E", "VEMU_SET_ENV", true, "var=value", "set var in the guest environment", NULL},
    {"U", "VEMU_UNSET_ENV", true, "var", "remove var from the guest environment", NULL},
    {"0", "VEMU_ARGV0", true, "argv0", "use argv0 as the program's argv[0]", handle_argv0},
    {"cpu", "VEMU_CPU", true, "model", "select the CPU model (-cpu help lists them)", handle_cpu},
    {"accel", "VEMU_ACCEL", true, "name", "translation backend: native (default) or tci",
     handle_accel},
    {"tier", "VEMU_TIER", true, "0|1",
     "1: cold code runs on the interpreter until it is hot; 0 (default): all native", handle_tier},
    {"d", "VEMU_LOG", true, "item[,...]", "enable logging of items (-d help lists them)",
     handle_log},
    {"D", "VEMU_LOG_FILENAME", true, "logfile", "write logs to logfile instead of stderr",
     handle_log_file},
    {"strace", "VEMU_STRACE", false, NULL, "log system calls", handle_strace},
    {"perfmap", "VEMU_PERFMAP", false, NULL, "write /tmp/perf-PID.map for perf (native code)",
     handle_perfmap},
    {"jitdump", "VEMU_JITDUMP", false, NULL, "write /tmp/jit-PID.dump for perf inject --jit",
     handle_jitdump},
    {"one-insn-per-tb", "VEMU_ONE_INSN_PER_TB", false, NULL,
     "translate one guest instruction per block (debugging)", handle_one_insn_per_tb},
    {"tb-size", "VEMU_TB_SIZE", true, "MiB",
     "size of the translated-code buffer (default 256); full, it is emptied", handle_tb_size},
    {"g", "VEMU_GDB", true, "port", "wait for gdb on localhost:port before starting", handle_gdb},
    {"s", "VEMU_STACK_SIZE", true, "size", "set the guest stack size (default 8M)",
     handle_stack_size},
    {"execfd", NULL, true, "fd", "load the program from descriptor fd (program names it)",
     handle_execfd},
};

static void print_help(void)
{
    printf("usage: vemu-aarch64 [options] program [arguments...]\n"
           "Run a Linux arm64 (aarch64) program on this x86-64 host.\n\n"
           "Options and their environment variables:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        const OptionDef *o = &options[i];
        char left[64];
        snprintf(left, sizeof left, "-%s%s%s", o->flag, o->has_arg ? " " : "",
                 o->has_arg ? o->arg_name : "");
        printf("  %-22s %-20s %s\n", left, o->env ? o->env : "", o->help);
    }
    printf("\nExit status: the program's own, or %d (usage error), %d (cannot execute the\n"
           "program), %d (program or interpreter not found).\n",
           VEMU_EXIT_USAGE, VEMU_EXIT_CANNOT_EXEC, VEMU_EXIT_NOT_FOUND);
}

static void apply(const OptionDef *o, const char *arg, bool from_env)
{
    if (strcmp(o->flag, "E") == 0) {
        from_env ? for_each_list_item(arg, handle_set_env) : handle_set_env(arg);
    } else if (strcmp(o->flag, "U") == 0) {
        from_env ? for_each_list_item(arg, handle_unset_env) : handle_unset_env(arg);
    } else {
        o->handle(arg);
    }
}

/* How binfmt_misc started us (Documentation/admin-guide/binfmt-misc.rst): with O or C
 * the kernel passes the open program in AT_EXECFD; with P it sets AT_FLAGS bit 0
 * (AT_FLAGS_PRESERVE_ARGV0) and argv is [interpreter, path, original argv0, args...],
 * otherwise [interpreter, path, args...].  Returns true when one of the two was seen:
 * then argv holds no vemu options. */
static bool binfmt_start(int argc, char **argv, ParsedArgs *out)
{
    errno = 0;
    unsigned long fd = getauxval(AT_EXECFD);
    bool has_fd = errno == 0;
    bool preserve = (getauxval(AT_FLAGS) & 1) != 0;
    if ((!has_fd && !preserve) || argc < 2) {
        return false;
    }
    out->exec_fd = has_fd ? (int)fd : -1;
    out->path = argv[1];
    if (preserve && argc >= 3) {
        out->guest_argv = argv + 2;
        out->guest_argc = argc - 2;
    } else {
        out->guest_argv = argv + 1;
        out->guest_argc = argc - 1;
    }
    return true;
}

void options_parse(int argc, char **argv, ParsedArgs *out)
{
    memset(out, 0, sizeof *out);
    out->exec_fd = -1;
    /* Started with more privileges than the caller (setuid program, binfmt flag C): the
     * caller's environment must not steer vemu (log files, library prefix). */
    out->secure = getauxval(AT_SECURE) != 0;
    env_set_list = g_ptr_array_new();
    env_unset_list = g_ptr_array_new();
    vemu_config.stack_size = 8ull << 20;
    vemu_config.cpu_model = "max";
    if (!tb_set_accel(ACCEL_NATIVE)) {
        tb_set_accel(ACCEL_TCI);
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = 0;
        vemu_config.self_exe = g_strdup(self);
    } else {
        vemu_config.self_exe = g_strdup(argv[0]);
    }

    /* Environment first. A boolean variable is on unless empty or "0". */
    for (size_t i = 0; i < G_N_ELEMENTS(options) && !out->secure; i++) {
        const OptionDef *o = &options[i];
        const char *v = o->env ? getenv(o->env) : NULL;
        if (!v) {
            continue;
        }
        if (!o->has_arg && (*v == 0 || strcmp(v, "0") == 0)) {
            continue;
        }
        apply(o, v, true);
    }

    bool by_binfmt = binfmt_start(argc, argv, out);
    int i = by_binfmt ? argc : 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1] != 0) {
        const char *flag = argv[i] + 1;
        if (flag[0] == '-') {
            if (flag[1] == 0) { /* "--" ends the options */
                i++;
                break;
            }
            flag++; /* accept --flag as well as -flag */
        }
        const OptionDef *o = NULL;
        for (size_t k = 0; k < G_N_ELEMENTS(options); k++) {
            if (strcmp(options[k].flag, flag) == 0) {
                o = &options[k];
                break;
            }
        }
        if (!o) {
            usage_error("unknown option '%s' (try -h)", argv[i]);
        }
        const char *arg = NULL;
        if (o->has_arg) {
            if (i + 1 >= argc) {
                usage_error("option '%s' needs an argument (%s)", argv[i], o->arg_name);
            }
            arg = argv[++i];
        }
        apply(o, arg, false);
        i++;
    }
    if (!by_binfmt) {
        if (i >= argc) {
            usage_error("no program given (usage: vemu-aarch64 [options] program [args...])");
        }
        out->path = argv[i];
        out->guest_argv = argv + i;
        out->guest_argc = argc - i;
        out->exec_fd = exec_fd_arg;
    }
    g_ptr_array_add(env_set_list, NULL);
    g_ptr_array_add(env_unset_list, NULL);
    out->env_set = (char **)env_set_list->pdata;
    out->env_unset = (char **)env_unset_list->pdata;
}

char **options_guest_environ(const ParsedArgs *pa)
{
    extern char **environ;
    char **env = g_strdupv(environ);
    for (char **u = pa->env_unset; *u; u++) {
        env = g_environ_unsetenv(env, *u);
    }
    for (char **s = pa->env_set; *s; s++) {
        char *eq = strchr(*s, '=');
        char *name = g_strndup(*s, (gsize)(eq - *s));
        env = g_environ_setenv(env, name, eq + 1, TRUE);
        g_free(name);
    }
    return env;
}

bool options_reexec_needed(void)
{
    /* Whatever vemu_reexec_argv would carry over: [self, options..., "--", path]. */
    char **a = vemu_reexec_argv("x", NULL, -1);
    bool any = a[1] && strcmp(a[1], "--") != 0;
    g_free(a);
    return any;
}

char **vemu_reexec_argv(const char *path, char *const guest_argv[], int exec_fd)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, (char *)vemu_config.self_exe);
    if (vemu_config.ld_prefix) {
        g_ptr_array_add(a, "-L");
        g_ptr_array_add(a, (char *)vemu_config.ld_prefix);
    }
    if (vemu_config.cpu_model && strcmp(vemu_config.cpu_model, "max") != 0) {
        g_ptr_array_add(a, "-cpu");
        g_ptr_array_add(a, (char *)vemu_config.cpu_model);
    }
    if (tb_get_accel() == ACCEL_TCI) {
        g_ptr_array_add(a, "-accel");
        g_ptr_array_add(a, "tci");
    }
    if (tier_on) {
        g_ptr_array_add(a, "-tier");
        g_ptr_array_add(a, "1");
    }
    if (log_items_str) {
        g_ptr_array_add(a, "-d");
        g_ptr_array_add(a, log_items_str);
    }
    if (log_file_str) {
        g_ptr_array_add(a, "-D");
        g_ptr_array_add(a, log_file_str);
    }
    if (vemu_config.strace) {
        g_ptr_array_add(a, "-strace");
    }
    if (vemu_config.perfmap) {
        g_ptr_array_add(a, "-perfmap");
    }
    if (vemu_config.jitdump) {
        g_ptr_array_add(a, "-jitdump");
    }
    if (vemu_config.one_insn_per_tb) {
        g_ptr_array_add(a, "-one-insn-per-tb");
    }
    if (vemu_config.tb_size_mib) {
        g_ptr_array_add(a, "-tb-size");
        g_ptr_array_add(a, g_strdup_printf("%u", vemu_config.tb_size_mib));
    }
    if (vemu_config.stack_size != (8ull << 20)) {
        g_ptr_array_add(a, "-s");
        g_ptr_array_add(a, g_strdup_printf("%llu", (unsigned long long)vemu_config.stack_size));
    }
    if (exec_fd >= 0) {
        g_ptr_array_add(a, "-execfd");
        g_ptr_array_add(a, g_strdup_printf("%d", exec_fd));
    }
    if (guest_argv && guest_argv[0]) {
        g_ptr_array_add(a, "-0");
        g_ptr_array_add(a, guest_argv[0]);
    }
    g_ptr_array_add(a, "--");
    g_ptr_array_add(a, (char *)path);
    if (guest_argv && guest_argv[0]) {
        for (int k = 1; guest_argv[k]; k++) {
            g_ptr_array_add(a, guest_argv[k]);
        }
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}
