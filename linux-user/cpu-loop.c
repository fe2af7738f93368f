/*
 * cpu-loop.c - the main loop of an emulated process: run translated code with
 * cpu_exec() and turn each exit reason into the Linux behaviour (a syscall, a guest
 * signal), then deliver pending signals before running again.
 * Example: an arm64 "udf #0" -> EXCP_UDEF -> SIGILL (ILL_ILLOPC) at that pc.
 */
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "tcg/log.h"

/* SEGV_ACCERR if something is mapped at addr (a permission fault), else SEGV_MAPERR. */
static int segv_code(uint64_t addr)
{
    unsigned char vec;
    uint64_t page = addr & ~(GUEST_PAGE_SIZE - 1);
    if (addr > GUEST_ADDR_MAX) {
        return SEGV_MAPERR;
    }
    return mincore(g2h(page), GUEST_PAGE_SIZE, &vec) == 0 ? SEGV_ACCERR : SEGV_MAPERR;
}

_Noreturn void cpu_loop(CPUArchState *env)
{
    for (;;) {
        int excp = cpu_exec(env);
        switch (excp) {
        case EXCP_SVC:
            do_syscall_insn(env);
            break;
        case EXCP_UDEF:
            if (log_enabled(LOG_UNIMP)) {
                vemu_log("unimplemented or undefined instruction 0x%08x at 0x%llx\n",
                         env->exception_syndrome, (unsigned long long)env->pc);
            }
            queue_guest_signal(env, SIGILL, ILL_ILLOPC, env->pc);
            break;
        case EXCP_BRK:
            queue_guest_signal(env, SIGTRAP, TRAP_BRKPT, env->pc);
            break;
        case EXCP_DATA_ABORT:
            queue_guest_signal(env, SIGSEGV, segv_code(env->fault_addr), env->fault_addr);
            break;
        case EXCP_ALIGN:
            queue_guest_signal(env, SIGBUS, BUS_ADRALN, env->fault_addr);
            break;
        case EXCP_HALT:
            _exit(0);
        case EXCP_INTERRUPT:
        case EXCP_YIELD:
        case EXCP_NONE:
        default:
            break;
        }
        process_pending_signals(env);
    }
}
