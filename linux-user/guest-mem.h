/*
 * guest-mem.h - guest addresses in linux-user: the translator's mapping (tcg/guest-mem.h),
 * which linux-user provides and uses as well.
 */
#ifndef VEMU_GUEST_MEM_H
#define VEMU_GUEST_MEM_H

#include "tcg/guest-mem.h"

#endif
