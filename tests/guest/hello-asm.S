/*
 * hello-asm.S - the first program a new emulator can run: no libc, no stack
 * use, only two raw Linux syscalls (write = 64, exit = 93 in the arm64
 * asm-generic table).  Prints "hello, world" and "PASS hello-asm", exits 0.
 *
 * Build: aarch64-linux-gnu-gcc -static -nostdlib -o hello-asm hello-asm.S
 */
    .text
    .global _start
_start:
    mov     x0, #1              // fd = stdout
    adr     x1, msg             // buf
    mov     x2, #(msg_end - msg) // count
    mov     x8, #64             // __NR_write
    svc     #0
    cmp     x0, #(msg_end - msg)
    b.ne    1f
    mov     x0, #0              // status 0: all of it was written
    mov     x8, #93             // __NR_exit
    svc     #0
1:  mov     x0, #1
    mov     x8, #93
    svc     #0

    .section .rodata
msg:
    .ascii  "hello, world\nPASS hello-asm\n"
msg_end:
