/*
 * cpuinfo.c - /proc/cpuinfo's "Features" line names exactly the AT_HWCAP/AT_HWCAP2 bits,
 * as the arm64 kernel prints them (arch/arm64/kernel/cpuinfo.c from the same hwcaps).
 * Libraries such as libgcrypt trust either source, so a feature listed in one but not
 * the other makes them run instructions the CPU does not have (apt's http method died
 * with SIGILL on SHA256SU0 that way).
 * qemu-user 7.2 shows the host's (x86-64) /proc/cpuinfo: with VEMU_GUEST_QEMU_QUIRKS=1 a
 * missing Features line is printed as a QUIRK.  Never set it for vemu.
 * Run as `cpuinfo`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "check.h"

/* Bit numbers from arch/arm64/include/uapi/asm/hwcap.h. */
static const char *const hwcap_names[32] = {
    "fp",    "asimd", "evtstrm", "aes",   "pmull",   "sha1",   "sha2", "crc32",
    "atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc",
    "dcpop", "sha3",  "sm3",     "sm4",   "asimddp", "sha512", "sve",  "asimdfhm",
    "dit",   "uscat", "ilrcpc",  "flagm", "ssbs",    "sb",     "paca", "pacg",
};
static const char *const hwcap2_names[8] = {
    "dcpodp", "sve2", "sveaes", "svepmull", "svebitperm", "svesha3", "svesm4", "flagm2",
};

static int has_word(const char *line, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(line, w); p; p = strstr(p + 1, w)) {
        if ((p == line || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == 0)) {
            return 1;
        }
    }
    return 0;
}

int main(void)
{
    char line[1024], features[1024] = "";
    FILE *f = fopen("/proc/cpuinfo", "r");
    CHECK("open /proc/cpuinfo", f != NULL);
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "Features", 8) == 0) {
            char *c = strchr(line, ':');
            snprintf(features, sizeof features, "%s", c ? c + 1 : "");
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    if (features[0] == 0 && getenv("VEMU_GUEST_QEMU_QUIRKS")) {
        printf("QUIRK /proc/cpuinfo has no Features line (the host's x86-64 cpuinfo)\n");
        return finish("cpuinfo");
    }
    CHECK("a Features line", features[0] != 0);
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    char what[64];
    for (int b = 0; b < 32; b++) {
        snprintf(what, sizeof what, "Features '%s' iff HWCAP bit %d", hwcap_names[b], b);
        CHECK_EQ(what, (hw >> b) & 1, has_word(features, hwcap_names[b]));
    }
    for (int b = 0; b < 8; b++) {
        snprintf(what, sizeof what, "Features '%s' iff HWCAP2 bit %d", hwcap2_names[b], b);
        CHECK_EQ(what, (hw2 >> b) & 1, has_word(features, hwcap2_names[b]));
    }
    return finish("cpuinfo");
}
