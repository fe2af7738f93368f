/*
 * gdb-regs.c - aarch64 registers for the gdbstub: reading and writing CPUArchState in
 * gdb's numbering (gdb-regs.h), and the target description gdb reads with
 * qXfer:features:read:target.xml.  The features and register names are the ones the GDB
 * manual's "AArch64 Features" section requires (org.gnu.gdb.aarch64.core: x0-x30, sp,
 * pc, cpsr; org.gnu.gdb.aarch64.fpu: v0-v31, fpsr, fpcr); gdb derives q/d/s/h/b views of
 * the vector registers itself.  Example: `p $v0.d.f[0]` in gdb reads register 34 and
 * shows its low 64 bits as a double.
 */
#include "target/aarch64/gdb-regs.h"

#include <glib.h>
#include <string.h>

#include "target/aarch64/cpu.h"

static const char *a64_target_xml(void)
{
    static gsize once;
    static char *xml;
    if (g_once_init_enter(&once)) {
        GString *x = g_string_new("<?xml version=\"1.0\"?>\n"
                                  "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                                  "<target version=\"1.0\">\n"
                                  "<architecture>aarch64</architecture>\n"
                                  "<osabi>GNU/Linux</osabi>\n"
                                  "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
                                  "<flags id=\"cpsr_flags\" size=\"4\">\n"
                                  "<field name=\"V\" start=\"28\" end=\"28\"/>\n"
                                  "<field name=\"C\" start=\"29\" end=\"29\"/>\n"
                                  "<field name=\"Z\" start=\"30\" end=\"30\"/>\n"
                                  "<field name=\"N\" start=\"31\" end=\"31\"/>\n"
                                  "</flags>\n");
        for (int i = 0; i <= 30; i++) {
            g_string_append_printf(x, "<reg name=\"x%d\" bitsize=\"64\" type=\"int\"/>\n", i);
        }
        g_string_append(x, "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
                           "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
                           "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\"/>\n"
                           "</feature>\n"
                           "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
        /* Lane views of a 128-bit register: [id, element type, count] */
        static const char *const vec[][3] = {
            {"v2d", "ieee_double", "2"}, {"v2u", "uint64", "2"}, {"v2i", "int64", "2"},
            {"v4f", "ieee_single", "4"}, {"v4u", "uint32", "4"}, {"v4i", "int32", "4"},
            {"v8f", "ieee_half", "8"},   {"v8u", "uint16", "8"}, {"v8i", "int16", "8"},
            {"v16u", "uint8", "16"},     {"v16i", "int8", "16"}, {"v1u", "uint128", "1"},
            {"v1i", "int128", "1"},
        };
        for (size_t i = 0; i < G_N_ELEMENTS(vec); i++) {
            g_string_append_printf(x, "<vector id=\"%s\" type=\"%s\" count=\"%s\"/>\n", vec[i][0],
                                   vec[i][1], vec[i][2]);
        }
        g_string_append(x, "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/>"
                           "<field name=\"u\" type=\"v2u\"/><field name=\"s\" type=\"v2i\"/>"
                           "</union>\n"
                           "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/>"
                           "<field name=\"u\" type=\"v4u\"/><field name=\"s\" type=\"v4i\"/>"
                           "</union>\n"
                           "<union id=\"vnh\"><field name=\"f\" type=\"v8f\"/>"
                           "<field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/>"
                           "</union>\n"
                           "<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/>"
                           "<field name=\"s\" type=\"v16i\"/></union>\n"
                           "<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/>"
                           "<field name=\"s\" type=\"v1i\"/></union>\n"
                           "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/>"
                           "<field name=\"s\" type=\"vns\"/><field name=\"h\" type=\"vnh\"/>"
                           "<field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/>"
                           "</union>\n");
        for (int i = 0; i < 32; i++) {
            g_string_append_printf(x, "<reg name=\"v%d\" bitsize=\"128\" type=\"aarch64v\"/>\n", i);
        }
        g_string_append(x, "<reg name=\"fpsr\" bitsize=\"32\"/>\n"
                           "<reg name=\"fpcr\" bitsize=\"32\"/>\n"
                           "</feature>\n"
                           "</target>\n");
        xml = g_string_free(x, FALSE);
        g_once_init_leave(&once, 1);
    }
    return xml;
}

static int put32(uint8_t *buf, uint32_t v)
{
    memcpy(buf, &v, 4); /* x86-64 and aarch64 are both little-endian */
    return 4;
}

static int a64_read_reg(void *cpu, int n, uint8_t *buf)
{
    CPUArchState *env = cpu;
    if (n >= A64_GDB_X0 && n <= A64_GDB_SP) {
        memcpy(buf, &env->xregs[n], 8);
        return 8;
    }
    if (n == A64_GDB_PC) {
        memcpy(buf, &env->pc, 8);
        return 8;
    }
    if (n == A64_GDB_CPSR) {
        return put32(buf, cpu_get_nzcv(env));
    }
    if (n >= A64_GDB_V0 && n < A64_GDB_V0 + 32) {
        memcpy(buf, &env->vregs[n - A64_GDB_V0], 16);
        return 16;
    }
    if (n == A64_GDB_FPSR) {
        return put32(buf, env->fpsr);
    }
    if (n == A64_GDB_FPCR) {
        return put32(buf, env->fpcr);
    }
    return 0;
}

static int a64_write_reg(void *cpu, int n, const uint8_t *buf, size_t len)
{
    CPUArchState *env = cpu;
    uint32_t v32;
    if ((n >= A64_GDB_X0 && n <= A64_GDB_PC) && len == 8) {
        memcpy(n == A64_GDB_PC ? &env->pc : &env->xregs[n], buf, 8);
        return 8;
    }
    if (n >= A64_GDB_V0 && n < A64_GDB_V0 + 32 && len == 16) {
        memcpy(&env->vregs[n - A64_GDB_V0], buf, 16);
        return 16;
    }
    if ((n == A64_GDB_CPSR || n == A64_GDB_FPSR || n == A64_GDB_FPCR) && len == 4) {
        memcpy(&v32, buf, 4);
        if (n == A64_GDB_CPSR) {
            cpu_set_nzcv(env, v32 & 0xf0000000u); /* EL0: only NZCV is writable */
        } else if (n == A64_GDB_FPSR) {
            env->fpsr = v32;
        } else {
            env->fpcr = v32;
        }
        return 4;
    }
    return 0;
}

const GdbArch a64_gdb_arch = {
    .num_regs = A64_GDB_NUM_REGS,
    .target_xml = a64_target_xml,
    .read_reg = a64_read_reg,
    .write_reg = a64_write_reg,
};
