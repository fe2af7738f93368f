/*
 * main.c - vemu-aarch64 entry point: parse options, load the arm64 program, build its
 * stack, initialise the CPU and hand over to the CPU loop.
 *
 * Started by binfmt_misc, argv and the auxv say how (options.c: flags P, O, C).
 * Example: vemu-aarch64 -L /usr/aarch64-linux-gnu ./hello
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux-user/cpu-state.h"
#include "linux-user/options.h"
#include "linux-user/user.h"
#include "linux-user/vdso.h"
#include "target/aarch64/cpu-models.h"
#include "target/aarch64/helper-pauth.h"
#include "tcg/log.h"

int main(int argc, char **argv)
{
    ParsedArgs pa;
    options_parse(argc, argv, &pa);

    const char *path = pa.path;
    char err[512];
    exec_self_init(argv[0]);
    int rc = pa.exec_fd >= 0
                 ? loader_load_elf_fd(pa.exec_fd, path, vemu_config.ld_prefix, &vemu_load_info, err,
                                      sizeof err)
                 : loader_load_elf(path, vemu_config.ld_prefix, &vemu_load_info, err, sizeof err);
    if (rc != LOADER_OK) {
        fprintf(stderr, "vemu-aarch64: %s\n", err);
        return loader_exit_status(rc);
    }

    const CpuModel *model = cpu_model_find(vemu_config.cpu_model);
    if (!model) {
        model = cpu_model_default();
    }

    int guest_argc = pa.guest_argc;
    char **guest_argv = g_new0(char *, guest_argc + 1);
    for (int i = 0; i < guest_argc; i++) {
        guest_argv[i] = pa.guest_argv[i];
    }
    if (vemu_config.argv0) {
        guest_argv[0] = (char *)vemu_config.argv0;
    }
    StackArgs sa = {
        .argc = guest_argc,
        .argv = guest_argv,
        .envp = options_guest_environ(&pa),
        .execfn = path,
        .platform = "aarch64",
        .hwcap = model->hwcap,
        .hwcap2 = model->hwcap2,
        .stack_size = vemu_config.stack_size,
        .secure = pa.secure,
        .vdso_base = vdso_map(),
    };
    uint64_t sp = loader_build_stack(&vemu_load_info, &sa, err, sizeof err);
    if (sp == 0) {
        fprintf(stderr, "vemu-aarch64: %s\n", err);
        return VEMU_EXIT_CANNOT_EXEC;
    }

    CPUArchState *env = cpu_state_new(NULL);
    if (!env) {
        fprintf(stderr, "vemu-aarch64: out of memory\n");
        return VEMU_EXIT_CANNOT_EXEC;
    }
    env->xregs[A64_REG_SP] = sp;
    env->pc = vemu_load_info.entry;
    env->exclusive_addr = ~0ull;
    env->zf = 1; /* NZCV = 0 */
    env->model = model;
    env->midr = model->midr;
    env->hwcap = model->hwcap;
    env->hwcap2 = model->hwcap2;
    /* Linux starts tasks with SSBS set where the CPU has it (speculative store bypass
     * mitigation off unless the task asks for it with PR_SET_SPECULATION_CTRL) */
    env->pstate_sd = (model->hwcap & A64_HWCAP_SSBS) ? PSTATE_SSBS : 0;
    /* exec gives a process new random pointer-authentication keys, all enabled */
    pauth_reset_keys(env, PAC_KEYS_ALL);
    env->pac_enabled_keys = PAC_KEYS_ADDR;
    current_cpu = env;

    syscall_init();
    if (vemu_config.gdb_port) {
        /* Before signal_init: ^C while waiting for gdb still ends vemu. */
        gdb_user_listen(vemu_config.gdb_port);
    }
    signal_init();
    cpu_loop(env);
}
