/* helpers.h - the dis_* helpers that good/helpers.decode calls (tests/decodegen). */
#include <stddef.h>
#include <stdint.h>
void dis_imm(char *b, size_t n, uint64_t pc, int64_t imm, int64_t sh, int64_t lit);
void dis_none(char *b, size_t n, uint64_t pc);
