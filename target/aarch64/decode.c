/*
 * decode.c - instantiates the generated A64 decoder (a64-decode.c.inc, built from the
 * *.decode specs by tools/decodegen.py) in exactly one translation unit.
 * Example: a64_decode(s, 0x91000421) calls trans_ADD_i(s, &a) with rd=1, rn=1, imm=1.
 */
#include "target/aarch64/translate.h"

#include "a64-decode.h"

#include "a64-decode.c.inc"
