/*
 * pauth.c - pointer authentication (FEAT_PAuth) as Linux user space sees it.
 *
 * The keys are secret and random per process, so no signature is a fixed expectation; the
 * checks are properties the Arm ARM pseudocode (AddPAC, Auth, Strip) and the kernel's
 * Documentation/arm64/pointer-authentication.rst define for a 48-bit user VA with TBI:
 * a PAC only changes bits 54:48, AUT with the same key and modifier gives the pointer back,
 * with another one it gives the pointer with error code 01 (A keys) or 10 (B keys) in bits
 * 54:53, which faults when used (SIGSEGV, SEGV_MAPERR, si_addr = that address), XPAC*
 * strips, PR_PAC_RESET_KEYS changes the named keys only and fork keeps them.
 * On a -cpu model without HWCAP_PACA the hint-space forms are NOPs and the rest SIGILL.
 * Built with -march=armv8.3-a.  Example: vemu-aarch64 -cpu max pauth  -> "PASS pauth".
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fault-record.h"

#define HWCAP_PACA_BIT (1ul << 30)
#define HWCAP_PACG_BIT (1ul << 31)
#define PAC_MASK 0x007f000000000000ull
#define ERR_A (1ull << 53)
#define ERR_B (1ull << 54)

#define PAC_OP(NAME, INSN)                                                                         \
    static uint64_t NAME(uint64_t p, uint64_t m)                                                   \
    {                                                                                              \
        asm volatile(INSN " %0, %1" : "+r"(p) : "r"(m));                                           \
        return p;                                                                                  \
    }
PAC_OP(pacia, "pacia")
PAC_OP(pacib, "pacib")
PAC_OP(pacda, "pacda")
PAC_OP(pacdb, "pacdb")
PAC_OP(autia, "autia")
PAC_OP(autib, "autib")
PAC_OP(autda, "autda")
PAC_OP(autdb, "autdb")

typedef uint64_t (*PacFn)(uint64_t, uint64_t);
static const struct {
    const char *name;
    PacFn pac, aut;
    uint64_t err;
} keys[] = {
    {"ia", pacia, autia, ERR_A},
    {"ib", pacib, autib, ERR_B},
    {"da", pacda, autda, ERR_A},
    {"db", pacdb, autdb, ERR_B},
};

static int target_calls;
static void __attribute__((noinline)) target(void)
{
    target_calls++;
    asm volatile("" ::: "memory");
}

static uint64_t data_words[4] = {0x1111, 0x2222, 0x3333, 0x4444};

/* the modifier under which ptr signed with key k (modifier m) fails to authenticate */
static uint64_t failing_modifier(int k, uint64_t ptr, uint64_t m)
{
    uint64_t signed_p = keys[k].pac(ptr, m);
    for (uint64_t w = m + 1;; w++) {
        if (keys[k].pac(ptr, w) != signed_p) {
            return w;
        }
    }
}

static void check_round_trips(void)
{
    static const uint64_t mods[] = {0, 1, 0x7fffffffff00ull, 0xdeadbeefcafef00dull};
    uint64_t ptrs[] = {(uint64_t)(uintptr_t)&target, (uint64_t)(uintptr_t)data_words,
                       (uint64_t)(uintptr_t)data_words | 0x5aull << 56, 0x1000};
    char what[96];

    for (int k = 0; k < 4; k++) {
        int nonzero = 0;
        for (unsigned i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++) {
            for (unsigned j = 0; j < sizeof mods / sizeof mods[0]; j++) {
                uint64_t p = keys[k].pac(ptrs[i], mods[j]);
                snprintf(what, sizeof what, "pac%s ptr %u mod %u keeps non-PAC bits", keys[k].name,
                         i, j);
                CHECK_EQ(what, ptrs[i], p & ~PAC_MASK);
                nonzero += (p & PAC_MASK) != 0;
                CHECK_EQ(what, p, keys[k].pac(ptrs[i], mods[j])); /* deterministic */
                snprintf(what, sizeof what, "aut%s ptr %u mod %u round trip", keys[k].name, i, j);
                CHECK_EQ(what, ptrs[i], keys[k].aut(p, mods[j]));
                /* another modifier: the pointer back only if the PAC happens to be the same */
                uint64_t w = mods[j] ^ 0x10, pw = keys[k].pac(ptrs[i], w);
                snprintf(what, sizeof what, "aut%s ptr %u mod %u wrong modifier", keys[k].name, i,
                         j);
                CHECK_EQ(what, pw == p ? ptrs[i] : ptrs[i] | keys[k].err, keys[k].aut(p, w));
            }
        }
        snprintf(what, sizeof what, "pac%s signs (some PAC is not zero)", keys[k].name);
        CHECK(what, nonzero > 0);
        /* a failing modifier always exists and gives the error code */
        uint64_t p = keys[k].pac(ptrs[0], 7), w = failing_modifier(k, ptrs[0], 7);
        snprintf(what, sizeof what, "aut%s failure sets the error code", keys[k].name);
        CHECK_EQ(what, ptrs[0] | keys[k].err, keys[k].aut(p, w));
    }
    /* a wrong key: IB on an IA signature (same rule) */
    uint64_t p = pacia(ptrs[0], 3);
    CHECK_EQ("autib of a pacia signature", pacib(ptrs[0], 3) == p ? ptrs[0] : ptrs[0] | ERR_B,
             autib(p, 3));
    /* a pointer with bad extension bits (bits 55:48 neither all 0 nor all 1) cannot verify */
    uint64_t bad = ptrs[1] | 1ull << 50;
    CHECK_EQ("aut of a signed non-canonical pointer fails", (bad & ~PAC_MASK) | ERR_A,
             autda(pacda(bad, 5), 5));
}

/* PACxZx Xd equals PACxx Xd with a zero modifier register; AUTxZx undoes it. */
#define CHECK_Z_FORM(PACZ, AUTZ, PAC)                                                              \
    do {                                                                                           \
        uint64_t v_ = ptr;                                                                         \
        asm volatile(PACZ " %0" : "+r"(v_));                                                       \
        CHECK_EQ(PACZ " = " #PAC " with 0", PAC(ptr, 0), v_);                                      \
        asm volatile(AUTZ " %0" : "+r"(v_));                                                       \
        CHECK_EQ(AUTZ " round trip", ptr, v_);                                                     \
    } while (0)

static void check_zero_and_strip_forms(void)
{
    uint64_t ptr = (uint64_t)(uintptr_t)data_words, v;

    CHECK_Z_FORM("paciza", "autiza", pacia);
    CHECK_Z_FORM("pacizb", "autizb", pacib);
    CHECK_Z_FORM("pacdza", "autdza", pacda);
    CHECK_Z_FORM("pacdzb", "autdzb", pacdb);

    for (int k = 0; k < 4; k++) {
        uint64_t tagged = ptr | 0xa5ull << 56;
        v = keys[k].pac(tagged, 99);
        asm volatile("xpaci %0" : "+r"(v));
        CHECK_EQ("xpaci strips", tagged, v);
        v = keys[k].pac(tagged, 99);
        asm volatile("xpacd %0" : "+r"(v));
        CHECK_EQ("xpacd strips", tagged, v);
    }
}

/* out = INSN applied to x17 = in with x16 = mod */
#define ON_X17(INSN, in, mod, out)                                                                 \
    asm volatile("mov x17, %1\n\tmov x16, %2\n\t" INSN "\n\tmov %0, x17"                           \
                 : "=r"(out)                                                                       \
                 : "r"(in), "r"(mod)                                                               \
                 : "x16", "x17")
/* out = INSN applied to x30 = in; sp_out = SP as INSN saw it */
#define ON_X30(INSN, in, out, sp_out)                                                              \
    asm volatile("mov x30, %2\n\t" INSN "\n\tmov %0, x30\n\tmov %1, sp"                            \
                 : "=&r"(out), "=&r"(sp_out)                                                       \
                 : "r"(in)                                                                         \
                 : "x30")

/* PAC1716 signs x17 with modifier x16 as PAC does; AUT1716 undoes it */
#define CHECK_1716_FORM(PAC1716, AUT1716, PAC)                                                     \
    do {                                                                                           \
        uint64_t r_, back_;                                                                        \
        ON_X17(PAC1716, ptr, mod, r_);                                                             \
        CHECK_EQ(PAC1716 " = " #PAC " x17, x16", PAC(ptr, mod), r_);                               \
        ON_X17(AUT1716, r_, mod, back_);                                                           \
        CHECK_EQ(AUT1716 " round trip", ptr, back_);                                               \
    } while (0)
/* PACX30 signs x30 with modifier MOD (sp_ is SP) as PAC does; AUTX30 undoes it */
#define CHECK_X30_FORM(PACX30, AUTX30, PAC, MOD)                                                   \
    do {                                                                                           \
        uint64_t r_, back_, sp_;                                                                   \
        ON_X30(PACX30, ptr, r_, sp_);                                                              \
        CHECK_EQ(PACX30 " = " #PAC " x30, " #MOD, PAC(ptr, MOD), r_);                              \
        ON_X30(AUTX30, r_, back_, sp_);                                                            \
        CHECK_EQ(AUTX30 " round trip", ptr, back_);                                                \
    } while (0)

/* the hint-space forms against the data-processing forms */
static void check_hint_forms(void)
{
    uint64_t ptr = (uint64_t)(uintptr_t)&target, mod = 0x1234, r30, sp_val;

    CHECK_1716_FORM("pacia1716", "autia1716", pacia);
    CHECK_1716_FORM("pacib1716", "autib1716", pacib);
    CHECK_X30_FORM("paciasp", "autiasp", pacia, sp_);
    CHECK_X30_FORM("pacibsp", "autibsp", pacib, sp_);
    CHECK_X30_FORM("paciaz", "autiaz", pacia, 0);
    CHECK_X30_FORM("pacibz", "autibz", pacib, 0);
    ON_X30("xpaclri", pacib(ptr, 5), r30, sp_val);
    CHECK_EQ("xpaclri strips x30", ptr, r30);
}

/* Run fn(arg); expect SIGSEGV SEGV_MAPERR at addr. */
static void expect_segv(const char *what, void (*fn)(uint64_t, uint64_t), uint64_t a, uint64_t b,
                        uint64_t addr)
{
    char buf[96];
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        fn(a, b);
        snprintf(buf, sizeof buf, "%s did not fault", what);
        CHECK(buf, 0);
        return;
    }
    snprintf(buf, sizeof buf, "%s: signal", what);
    CHECK_EQ(buf, SIGSEGV, got_sig);
    snprintf(buf, sizeof buf, "%s: si_code", what);
    CHECK_EQ(buf, SEGV_MAPERR, got_code);
    snprintf(buf, sizeof buf, "%s: si_addr", what);
    CHECK_EQ(buf, addr, got_addr);
}

static void do_br(uint64_t p, uint64_t unused)
{
    (void)unused;
    asm volatile("br %0" : : "r"(p) : "memory");
}

static void do_braa(uint64_t p, uint64_t m)
{
    asm volatile("braa %0, %1" : : "r"(p), "r"(m) : "memory");
}

static void do_ldrab(uint64_t p, uint64_t unused)
{
    uint64_t v;
    (void)unused;
    asm volatile("ldrab %0, [%1]" : "=r"(v) : "r"(p) : "memory");
}

static void check_branches_and_loads(void)
{
    uint64_t fn = (uint64_t)(uintptr_t)&target, d = (uint64_t)(uintptr_t)data_words;
    uint64_t p, w, v, base;

    /* combined branches with the right modifier call the target */
    target_calls = 0;
    p = pacia(fn, 42);
    asm volatile("blraa %0, %1"
                 :
                 : "r"(p), "r"(42ull)
                 : "x30", "memory", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
                   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17");
    p = pacib(fn, 0);
    asm volatile("blrabz %0"
                 :
                 : "r"(p)
                 : "x30", "memory", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
                   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17");
    p = pacia(fn, 0);
    asm volatile("blraaz %0"
                 :
                 : "r"(p)
                 : "x30", "memory", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
                   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17");
    CHECK_EQ("blraa/blrabz/blraaz reached the target", 3, target_calls);
    /* RETAA: sign x30 with SP as the modifier, then return through it */
    asm volatile("adr x30, 1f\n\tpaciasp\n\tretaa\n\t1:" ::: "x30", "memory");
    asm volatile("adr x30, 1f\n\tpacibsp\n\tretab\n\t1:" ::: "x30", "memory");

    /* a failed authentication faults where the pointer is used */
    w = failing_modifier(0, fn, 1);
    p = pacia(fn, 1);
    expect_segv("br to a failed autia", do_br, autia(p, w), 0, fn | ERR_A);
    expect_segv("braa with a wrong modifier", do_braa, p, w, fn | ERR_A);

    /* LDRAA/LDRAB: offset, pre-index writeback, and a failed authentication */
    p = pacda(d, 0);
    asm volatile("ldraa %0, [%1]" : "=r"(v) : "r"(p));
    CHECK_EQ("ldraa [x]", 0x1111, v);
    asm volatile("ldraa %0, [%1, #16]" : "=r"(v) : "r"(p));
    CHECK_EQ("ldraa [x, #16]", 0x3333, v);
    base = pacdb(d + 32, 0);
    asm volatile("ldrab %0, [%1, #-8]!" : "=r"(v), "+r"(base));
    CHECK_EQ("ldrab [x, #-8]! value", 0x4444, v);
    CHECK_EQ("ldrab [x, #-8]! writeback", d + 24, base);
    /* DB key on a DA signature: fails unless the two PACs happen to agree */
    if (pacdb(d, 0) != p) {
        expect_segv("ldrab of a pacda pointer", do_ldrab, p, 0, d | ERR_B);
    }
}

static void check_pacga(void)
{
    uint64_t a, b, c;
    int differ = 0;

    asm volatile("pacga %0, %1, %2" : "=r"(a) : "r"(0x1234ull), "r"(0x5678ull));
    asm volatile("pacga %0, %1, %2" : "=r"(b) : "r"(0x1234ull), "r"(0x5678ull));
    CHECK_EQ("pacga deterministic", a, b);
    CHECK_EQ("pacga low half is zero", 0, a & 0xffffffffull);
    for (uint64_t i = 1; i < 8; i++) {
        asm volatile("pacga %0, %1, %2" : "=r"(c) : "r"(0x1234ull + i), "r"(0x5678ull));
        differ += c != a;
    }
    CHECK("pacga depends on its input", differ > 0);
}

static int count_changed(PacFn pac, const uint64_t *before)
{
    int changed = 0;
    for (int i = 0; i < 16; i++) {
        changed += pac(0x400000 + 0x40 * (uint64_t)i, 9) != before[i];
    }
    return changed;
}

static void sign16(PacFn pac, uint64_t *out)
{
    for (int i = 0; i < 16; i++) {
        out[i] = pac(0x400000 + 0x40 * (uint64_t)i, 9);
    }
}

static void *thread_signs(void *arg)
{
    const uint64_t *before = arg;
    uint64_t mine[16];
    /* the thread has the process's keys; resetting its own IA key leaves the parent's */
    int same = count_changed(pacia, before) == 0;
    prctl(PR_PAC_RESET_KEYS, PR_PAC_APIAKEY, 0, 0, 0);
    sign16(pacia, mine);
    return (void *)(uintptr_t)(same && memcmp(mine, before, sizeof mine) != 0);
}

static void check_prctl_and_fork(void)
{
    uint64_t ia[16], da[16], g1, g2;
    int status;
    pid_t pid;

    /* fork: the child has the parent's keys */
    sign16(pacia, ia);
    pid = fork();
    if (pid == 0) {
        _exit(count_changed(pacia, ia) == 0 ? 0 : 3);
    }
    CHECK("fork", pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK("fork child keeps the keys", WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* a thread starts with the same keys; its PR_PAC_RESET_KEYS is its own (per thread) */
    pthread_t t;
    void *ret = NULL;
    CHECK("pthread_create", pthread_create(&t, NULL, thread_signs, ia) == 0);
    CHECK("pthread_join", pthread_join(t, &ret) == 0);
    CHECK("thread had the keys and reset its own", ret == (void *)1);
    CHECK_EQ("thread's reset left this thread's IA key", 0, count_changed(pacia, ia));

    sign16(pacda, da);
    CHECK_EQ("PR_PAC_RESET_KEYS(APIAKEY)", 0, prctl(PR_PAC_RESET_KEYS, PR_PAC_APIAKEY, 0, 0, 0));
    CHECK("IA signatures changed", count_changed(pacia, ia) > 0);
    CHECK_EQ("DA key kept", 0, count_changed(pacda, da));
    asm volatile("pacga %0, %1, %2" : "=r"(g1) : "r"(1ull), "r"(2ull));
    CHECK_EQ("PR_PAC_RESET_KEYS(0)", 0, prctl(PR_PAC_RESET_KEYS, 0, 0, 0, 0));
    asm volatile("pacga %0, %1, %2" : "=r"(g2) : "r"(1ull), "r"(2ull));
    CHECK("all keys reset: PACGA changed", g1 != g2);
    CHECK("all keys reset: DA changed", count_changed(pacda, da) > 0);
    errno = 0;
    CHECK("PR_PAC_RESET_KEYS bad key",
          prctl(PR_PAC_RESET_KEYS, 1 << 5, 0, 0, 0) == -1 && errno == EINVAL);

    CHECK_EQ("PR_PAC_GET_ENABLED_KEYS", 0xf, prctl(PR_PAC_GET_ENABLED_KEYS, 0, 0, 0, 0));
    CHECK_EQ("disable IA", 0, prctl(PR_PAC_SET_ENABLED_KEYS, PR_PAC_APIAKEY, 0, 0, 0));
    CHECK_EQ("PR_PAC_GET_ENABLED_KEYS after", 0xe, prctl(PR_PAC_GET_ENABLED_KEYS, 0, 0, 0, 0));
    CHECK_EQ("pacia with IA disabled is a NOP", 0x400000, pacia(0x400000, 9));
    CHECK_EQ("autia with IA disabled is a NOP", 0x400000 | ERR_A, autia(0x400000 | ERR_A, 9));
    CHECK_EQ("enable IA", 0, prctl(PR_PAC_SET_ENABLED_KEYS, PR_PAC_APIAKEY, PR_PAC_APIAKEY, 0, 0));
    CHECK_EQ("pacia enabled again round trip", 0x400000, autia(pacia(0x400000, 9), 9));
    errno = 0;
    CHECK("PR_PAC_SET_ENABLED_KEYS GA",
          prctl(PR_PAC_SET_ENABLED_KEYS, PR_PAC_APGAKEY, 0, 0, 0) == -1 && errno == EINVAL);
}

static void run_pacia(uint64_t a, uint64_t b)
{
    (void)pacia(a, b);
}

/* Without PAuth: the hint forms are NOPs, the others SIGILL, the prctls EINVAL. */
static void check_absent(void)
{
    uint64_t r30;

    asm volatile("mov x30, %1\n\tpaciasp\n\tautibsp\n\tpaciaz\n\txpaclri\n\tmov %0, x30"
                 : "=r"(r30)
                 : "r"(0x123456789ull)
                 : "x30");
    CHECK_EQ("hint forms are NOPs", 0x123456789ull, r30);
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        run_pacia(1, 2);
    }
    CHECK_EQ("pacia without PAuth: SIGILL", SIGILL, got_sig);
    errno = 0;
    CHECK("PR_PAC_RESET_KEYS without PAuth: EINVAL",
          prctl(PR_PAC_RESET_KEYS, 0, 0, 0, 0) == -1 && errno == EINVAL);
}

int main(void)
{
    unsigned long hwcap = getauxval(AT_HWCAP);
    struct sigaction sa;
    uint64_t isar1;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);

    asm volatile("mrs %0, id_aa64isar1_el1" : "=r"(isar1));
    CHECK_EQ("ID_AA64ISAR1.API/APA agree with HWCAP_PACA", !!(hwcap & HWCAP_PACA_BIT),
             ((isar1 >> 4) & 0xff) != 0);
    CHECK_EQ("ID_AA64ISAR1.GPI/GPA agree with HWCAP_PACG", !!(hwcap & HWCAP_PACG_BIT),
             ((isar1 >> 24) & 0xff) != 0);
    if (hwcap & HWCAP_PACA_BIT) {
        check_round_trips();
        check_zero_and_strip_forms();
        check_hint_forms();
        check_branches_and_loads();
        check_pacga();
        check_prctl_and_fork();
    } else {
        check_absent();
    }
    return finish("pauth");
}
