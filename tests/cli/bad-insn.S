/* bad-insn.S - arm64 guest for the command-line tests: executes an unallocated encoding
 * (0x00800000), which must raise SIGILL in the guest and be named under -d unimp. */
.global _start
_start:
    .inst 0x00800000
    mov x0, #0
    mov x8, #93
    svc #0
