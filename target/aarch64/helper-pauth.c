/*
 * helper-pauth.c - pointer authentication: the PAC function, AddPAC/Auth/Strip for Linux
 * user pointers, PACGA and the keys (declarations and the address layout in helper-pauth.h).
 *
 * The PAC function is SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input
 * PRF") of the 16 bytes ptr:modifier under the 128-bit key: a keyed PRF as the
 * architecture asks of an IMPLEMENTATION DEFINED algorithm, about ten times cheaper than
 * QARMA5 in software (docs/design/pauth.md).  Auth follows the Arm ARM pseudocode without
 * FEAT_PAuth2/FEAT_FPAC: a wrong PAC leaves the pointer with error code 01 (A keys) or 10
 * (B keys) in bits 54:53, an address no user mapping can have, so using it faults.
 * Example: siphash24(k = 00..0f, m = 00..0e) = 0xa129ca6149be45e5 (the paper's vector).
 */
#include "target/aarch64/helper-pauth.h"

#include "tcg/guest-mem.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static void sip_round(uint64_t v[4])
{
    v[0] += v[1];
    v[1] = ROTL(v[1], 13);
    v[1] ^= v[0];
    v[0] = ROTL(v[0], 32);
    v[2] += v[3];
    v[3] = ROTL(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = ROTL(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = ROTL(v[1], 17);
    v[1] ^= v[2];
    v[2] = ROTL(v[2], 32);
}

static void sip_block(uint64_t v[4], uint64_t m)
{
    v[3] ^= m;
    sip_round(v);
    sip_round(v);
    v[0] ^= m;
}

static uint64_t load_le64(const uint8_t *p, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        m |= (uint64_t)p[i] << (8 * i);
    }
    return m;
}

/* SipHash-2-4 of len bytes at msg under key k0 (bytes 0-7), k1 (bytes 8-15). */
uint64_t siphash24(uint64_t k0, uint64_t k1, const void *msg, size_t len)
{
    const uint8_t *p = msg;
    uint64_t v[4] = {k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
                     k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull};
    size_t i;

    for (i = 0; i + 8 <= len; i += 8) {
        sip_block(v, load_le64(p + i, 8));
    }
    sip_block(v, load_le64(p + i, len - i) | (uint64_t)(len & 0xff) << 56);
    v[2] ^= 0xff;
    for (int r = 0; r < 4; r++) {
        sip_round(v);
    }
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t pauth_compute(uint64_t ptr, uint64_t modifier, const uint64_t key[2])
{
    uint8_t m[16];

    for (int i = 0; i < 8; i++) {
        m[i] = (uint8_t)(ptr >> (8 * i));
        m[8 + i] = (uint8_t)(modifier >> (8 * i));
    }
    return siphash24(key[0], key[1], m, sizeof m);
}

/* Linux sets TCR_EL1.TBI0 and leaves TBI1 (and TBID0) clear: a pointer with bit 55 clear
 * (the user half) keeps its top byte and has its PAC in bits 54:48; one with bit 55 set
 * has no TBI, so its PAC also takes bits 63:56.  These are the two PAC fields. */
#define PAC_FIELD_TBI 0x007f000000000000ull   /* bits 54:48 */
#define PAC_FIELD_NOTBI 0xff7f000000000000ull /* bits 63:56 and 54:48 */
#define BIT55 (1ull << 55)

static uint64_t pac_field(uint64_t ptr)
{
    return (ptr & BIT55) ? PAC_FIELD_NOTBI : PAC_FIELD_TBI;
}

/* The pointer with its PAC field replaced by copies of bit 55. */
static uint64_t extend_bit55(uint64_t ptr)
{
    uint64_t field = pac_field(ptr);
    return (ptr & BIT55) ? ptr | field : ptr & ~field;
}

static int key_enabled(const CPUArchState *env, int key)
{
    return key == PAC_KEY_GA || (env->pac_enabled_keys & (1u << key));
}

uint64_t pauth_add(const CPUArchState *env, uint64_t ptr, uint64_t modifier, int key)
{
    uint64_t field = pac_field(ptr), pac;
    /* the extension bits the pseudocode checks: ptr<top_bit:48>, top_bit 55 or 63 */
    uint64_t ext_bits = field | BIT55, ext = ptr & ext_bits;

    if (!key_enabled(env, key)) {
        return ptr;
    }
    pac = pauth_compute(extend_bit55(ptr), modifier, env->pac_keys[key]);
    /* a pointer whose extension bits are not all equal gets a PAC that cannot match:
     * PAC<top_bit - 1> inverted */
    if (ext != 0 && ext != ext_bits) {
        pac ^= (ptr & BIT55) ? 1ull << 62 : 1ull << 54;
    }
    return (ptr & ~field) | (pac & field);
}

uint64_t pauth_auth(const CPUArchState *env, uint64_t ptr, uint64_t modifier, int key)
{
    uint64_t orig = extend_bit55(ptr), field = pac_field(ptr);
    uint64_t pac, error_code;
    unsigned shift;

    if (!key_enabled(env, key)) {
        return ptr;
    }
    pac = pauth_compute(orig, modifier, env->pac_keys[key]);
    if (((pac ^ ptr) & field) == 0) {
        return orig;
    }
    /* error_code = keynumber:NOT(keynumber), keynumber 0 for the A keys, 1 for the B keys,
     * in bits 54:53 (with TBI) or 62:61 */
    error_code = (key == PAC_KEY_IB || key == PAC_KEY_DB) ? 2 : 1;
    shift = (ptr & BIT55) ? 61 : 53;
    return (orig & ~(3ull << shift)) | error_code << shift;
}

uint64_t pauth_strip(uint64_t ptr)
{
    return extend_bit55(ptr);
}

void pauth_reset_keys(CPUArchState *env, unsigned mask)
{
    for (int k = 0; k < PAC_NKEYS; k++) {
        uint64_t key[2] = {0, 0};
        size_t got = 0;
        if (!(mask & (1u << k))) {
            continue;
        }
        while (got < sizeof key) {
            ssize_t r = getrandom((char *)key + got, sizeof key - got, 0);
            if (r > 0) {
                got += (size_t)r;
            } else if (r < 0 && errno != EINTR) {
                break; /* no entropy source: keep what was read (still a valid key) */
            }
        }
        memcpy(env->pac_keys[k], key, sizeof key);
    }
}

uint64_t helper_pac(CPUArchState *env, uint64_t ptr, uint64_t modifier, uint64_t key)
{
    return pauth_add(env, ptr, modifier, (int)key);
}

uint64_t helper_aut(CPUArchState *env, uint64_t ptr, uint64_t modifier, uint64_t key)
{
    return pauth_auth(env, ptr, modifier, (int)key);
}

uint64_t helper_ldra_addr(CPUArchState *env, uint64_t base, uint64_t offset, uint64_t key,
                          uint64_t pc)
{
    uint64_t addr = pauth_auth(env, base, 0, (int)key) + offset;

    /* A failed authentication leaves an address outside the user VA even with its top
     * byte ignored; the host would report such an access without its address, so fault
     * here as the kernel does: SIGSEGV, SEGV_MAPERR, si_addr without the tag byte. */
    if ((addr & GUEST_ADDR_TBI_MASK) > GUEST_ADDR_MAX) {
        env->pc = pc;
        env->fault_addr = addr & GUEST_ADDR_TBI_MASK;
        env->fault_write = false;
        cpu_loop_exit(env, EXCP_DATA_ABORT);
    }
    return addr;
}

uint64_t helper_pacga(CPUArchState *env, uint64_t x, uint64_t modifier)
{
    return pauth_compute(x, modifier, env->pac_keys[PAC_KEY_GA]) & 0xffffffff00000000ull;
}

uint64_t helper_xpac(uint64_t ptr)
{
    return pauth_strip(ptr);
}
