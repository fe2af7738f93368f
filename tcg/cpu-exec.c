/*
 * cpu-exec.c - the inner execution loop: find the block for env->pc, chain it to the block
 * that just exited, run it, repeat until something needs linux-user's attention.
 *
 * An exception a block raises (SVC, BRK, UDF...) is an ordinary exit: the block stores
 * env->exception_index and returns to this loop.  Helpers that must abandon a block
 * leave by siglongjmp to env->jmp_env (cpu_loop_exit); a host fault inside a guest
 * memory access is turned into a precise guest fault by cpu_loop_exit_fault, which
 * recovers the guest pc from the fault tables or the op being interpreted.
 * Example: int excp = cpu_exec(env);  // EXCP_SVC after an SVC, env->pc past it
 */
#include <signal.h>
#include <string.h>

#include "target/aarch64/cpu.h"
#include "tcg/tb.h"
#include "tcg/tci/tci.h"

_Thread_local CPUArchState *current_cpu;

_Noreturn void cpu_loop_exit(CPUArchState *env, int excp)
{
    env->exception_index = excp;
    siglongjmp(env->jmp_env, 1);
}

_Noreturn void cpu_loop_exit_fault(CPUArchState *env, uint64_t addr, bool write, int excp)
{
    TranslationBlock *tb = env->current_tb;
    const TciOp *op = env->current_op;
    if (env->exec_native) {
        env->pc = env->insn_pc;
    } else if (tb && op && op >= tb->ops && op < tb->ops + tb->nb_ops) {
        env->pc = tb->pc + 4ull * op->insn_idx;
    }
    env->fault_addr = addr;
    env->fault_write = write;
    cpu_loop_exit(env, excp);
}

int cpu_exec(CPUArchState *env)
{
    current_cpu = env;
    /* savemask=0: no rt_sigprocmask per entry (one per guest syscall).  A fault longjmps
     * out of linux-user's fault handler, which runs with SA_NODEFER and an empty sa_mask:
     * the mask is then what it was, plus what async handlers added on purpose. */
    if (sigsetjmp(env->jmp_env, 0) != 0) {
        a64_fpsr_sync(env);
        env->in_guest_code = 0;
        env->exec_native = 0;
        env->current_tb = NULL;
        env->current_op = NULL;
        int excp = env->exception_index;
        env->exception_index = EXCP_NONE;
        return excp;
    }
    /* The host FP flags from here to the return are the guest's (inline FP arithmetic
     * leaves them pending, tcg/host-fp.h); what vemu's own code left there is not. */
    (void)host_fp_flags_take();
    TranslationBlock *last = NULL;
    unsigned slot = IR_EXIT_NOCHAIN;
    for (;;) {
        if (env->exit_request) {
            env->exit_request = 0;
            a64_fpsr_sync(env);
            return EXCP_INTERRUPT;
        }
        uint64_t gen = tb_current_generation();
        TranslationBlock *tb = tb_find(env, env->pc);
        if (last && slot < 2 && gen == tb_current_generation()) {
            tb_link(last, slot, tb);
        }
        env->in_guest_code = 1;
        last = tb_exec(env, tb, &slot);
        env->in_guest_code = 0;
        env->current_tb = NULL;
        if (env->exception_index != EXCP_NONE) {
            /* raised by the block itself (gen_exception): an ordinary exit */
            int excp = env->exception_index;
            env->exception_index = EXCP_NONE;
            a64_fpsr_sync(env);
            return excp;
        }
    }
}
