/*
 * disas-host.h - print host code for `-d out_asm` (see disas-host.c).
 * Example: disas_host_block(tb->host_code, tb->host_size);
 */
#ifndef VEMU_TCG_DISAS_HOST_H
#define VEMU_TCG_DISAS_HOST_H

#include <stddef.h>
#include <stdint.h>

void disas_host_block(const uint8_t *code, size_t size);

#endif
