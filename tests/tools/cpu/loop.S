# SPDX-License-Identifier: Apache-2.0
# A program whose trace is known exactly (tests/tools/cputrace_test.sh): from _start, 2
# instructions, then 1000 iterations of a store, a load-and-add, a decrement and a conditional
# branch (taken 999 times), then exit: 4005 instructions, 2004 ALU, 1000 stores, 1000 loads (the
# add's), 1000 conditional branches, 1 system call. Assembled with
#   gcc -nostdlib -static -no-pie -o loop loop.S
# The .data word gives the executable a file-backed writable mapping, without which Valgrind does
# not read its symbols (so --start=_start would never match).
  .data
marker: .quad 1
  .bss
  .align 64
buf: .zero 8200
  .text
  .globl _start
  .type _start, @function
_start:
  mov $1000, %ecx
  lea buf(%rip), %rsi
1:
  mov %rcx, (%rsi,%rcx,8)
  add (%rsi), %rax
  dec %ecx
  jnz 1b
  mov $60, %eax
  xor %edi, %edi
  syscall
  .size _start, .-_start
