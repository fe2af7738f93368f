/*
 * stats.c - the `-d stats` counters and their report (see stats.h).
 * Example report line: "indirect returns     1234567 (98.2% found inline)"
 */
#include "tcg/stats.h"

#include <inttypes.h>

#include "tcg/log.h"
#include "tcg/x86_64/native.h"

TcgStats tcg_stats;

static double percent(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void tcg_stats_dump(void)
{
    if (!log_enabled(LOG_STATS)) {
        return;
    }
    const TcgStats *s = &tcg_stats;
    uint64_t blocks = s->blocks_native + s->blocks_tci;
    vemu_log("vemu statistics:\n");
    vemu_log("  blocks translated   %" PRIu64 " (%" PRIu64 " native, %" PRIu64
             " interpreted), %" PRIu64 " guest instructions\n",
             blocks, s->blocks_native, s->blocks_tci, s->guest_insns);
    vemu_log("  tier 0 (cold)       %" PRIu64 " of them translated for the interpreter first\n",
             s->blocks_tier0);
    vemu_log("  host code           %zu bytes\n", native_code_size());
    vemu_log("  cache flushes       %" PRIu64 "\n", s->flushes);
    vemu_log("  invalidations       %" PRIu64 " (targeted)\n", s->invalidations);
    vemu_log("  chained jumps       %" PRIu64 " patched\n", s->links);
    vemu_log("  entries from loop   %" PRIu64 "\n", s->loop_entries);
    static const char *const kinds[3] = {"jumps  ", "calls  ", "returns"};
    for (int k = 0; k < 3; k++) {
        vemu_log("  indirect %s     %" PRIu64 " (%.1f%% found inline)\n", kinds[k], s->indirect[k],
                 percent(s->indirect[k] - s->indirect_misses[k], s->indirect[k]));
    }
    vemu_log("  helper calls        %" PRIu64 "\n", s->helper_calls);
}
