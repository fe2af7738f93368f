/*
 * cpu-loop.c - the main loop of an emulated process: run translated code with
 * cpu_exec() and turn each exit reason into the Linux behaviour (a syscall, a guest
 * signal), then deliver pending signals before running again.
 * si_code as the arm64 kernel gives it: ILL_ILLOPC (udf, unallocated), TRAP_BRKPT (brk),
 * SEGV_MAPERR/SEGV_ACCERR (data and instruction aborts, incl. a fetch from a page without
 * PROT_EXEC), BUS_ADRALN (alignment), BUS_ADRERR (a file mapping past EOF) and
 * SEGV_MTESERR (a synchronous MTE tag-check fault).
 * Example: an arm64 "udf #0" -> EXCP_UDEF -> SIGILL (ILL_ILLOPC) at that pc.
 */
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/guest-mem.h"
#include "linux-user/user.h"
#include "tcg/log.h"
#include "tcg/tb.h"

/* SEGV_ACCERR if something is mapped at addr (a permission fault), else SEGV_MAPERR;
 * the host kernel's own answer when the fault was a host one. */
static int segv_code(uint64_t addr, int host_code)
{
    unsigned char vec;
    if (host_code == SEGV_MAPERR || host_code == SEGV_ACCERR) {
        return host_code;
    }
    uint64_t page = addr & ~(GUEST_PAGE_SIZE - 1);
    if (addr > GUEST_ADDR_MAX) {
        return SEGV_MAPERR;
    }
    return mincore(g2h(page), GUEST_PAGE_SIZE, &vec) == 0 ? SEGV_ACCERR : SEGV_MAPERR;
}

_Noreturn void cpu_loop(CPUArchState *env)
{
    for (;;) {
        gdb_user_pause_point(env);
        int excp = cpu_exec(env);
        int host_code = host_fault_code;
        host_fault_code = 0;
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
            /* A non-canonical host address (#GP: SI_KERNEL, no address) from generated
             * code: a tagged pointer, whose top byte arm64 Linux ignores (TBI0).  Run the
             * instruction again from a translation that masks it; if that was one
             * already, the fault is genuine. */
            if (host_code == SI_KERNEL && tb_ignore_top_byte_at(env->pc)) {
                break;
            }
            queue_guest_signal(env, SIGSEGV, segv_code(env->fault_addr, host_code),
                               env->fault_addr);
            break;
        case EXCP_TAG_CHECK:
            queue_guest_signal(env, SIGSEGV, 9 /* SEGV_MTESERR */, env->fault_addr);
            break;
        case EXCP_ALIGN:
            /* A host SIGBUS (a file mapping past EOF: BUS_ADRERR, a memory error:
             * BUS_MCEERR_*) keeps its reason; vemu's own alignment checks are ADRALN. */
            queue_guest_signal(env, SIGBUS,
                               host_code >= BUS_ADRALN && host_code <= BUS_MCEERR_AO ? host_code
                                                                                     : BUS_ADRALN,
                               env->fault_addr);
            break;
        case EXCP_HALT:
            gdb_user_exit(0, 0);
            _exit(0);
        case EXCP_DEBUG:
            gdb_user_debug_stop(env);
            break;
        case EXCP_YIELD: /* the guest's YIELD hint: let another thread run */
            sched_yield();
            break;
        case EXCP_INTERRUPT:
        case EXCP_NONE:
        default:
            break;
        }
        process_pending_signals(env);
    }
}
