/*
 * test-mte.c - the MTE tag store (linux-user/mte-tags.c) and the Arm ARM's
 * ChooseNonExcludedTag (helper-mte.c), host-side with no guest: tags of real host memory
 * (the guest address space is the host's, guest_base 0).
 *   map: every granule 0, unmap: Untagged (-1), set/get per 16-byte granule with the top
 *   byte ignored, a shared zero block that a first non-zero store replaces, mprotect's
 *   keep, mremap's move (grow: zero tags, shrink: the tail dropped, untagged: nothing).
 * Example: meson test -C build unit-mte
 */
#include <glib.h>
#include <sys/mman.h>

#include "target/aarch64/helper-mte.h"
#include "target/aarch64/mte.h"

#define PAGE 4096u

static uint64_t map_pages(unsigned n)
{
    void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(p != MAP_FAILED);
    return (uint64_t)(uintptr_t)p;
}

static void test_map_set_get(void)
{
    uint64_t p = map_pages(2);
    g_assert_cmpint(mte_tag_get(p), ==, -1);
    g_assert_false(mte_tag_set(p, 3));
    mte_tags_map(p, 2 * PAGE, false);
    g_assert_true(mte_tags_in_use());
    for (unsigned off = 0; off < 2 * PAGE; off += 16) {
        g_assert_cmpint(mte_tag_get(p + off), ==, 0);
    }
    g_assert_true(mte_tag_set(p + 32, 5));
    g_assert_cmpint(mte_tag_get(p + 40), ==, 5);                /* same granule */
    g_assert_cmpint(mte_tag_get(p + 48), ==, 0);                /* next one */
    g_assert_cmpint(mte_tag_get(p + PAGE + 32), ==, 0);         /* other page: own block */
    g_assert_cmpint(mte_tag_get(p + 32 + (7ull << 56)), ==, 5); /* top byte ignored */
    g_assert_true(mte_tag_set(p + 32, 0x1f));                   /* 4 bits kept */
    g_assert_cmpint(mte_tag_get(p + 32), ==, 15);
    mte_tags_map(p, PAGE, true); /* mprotect(PROT_MTE) again: tags kept */
    g_assert_cmpint(mte_tag_get(p + 32), ==, 15);
    mte_tags_map(p, PAGE, false); /* a new mapping: tags 0 */
    g_assert_cmpint(mte_tag_get(p + 32), ==, 0);
    mte_tags_unmap(p, 2 * PAGE);
    g_assert_cmpint(mte_tag_get(p + 32), ==, -1);
    g_assert_cmpint(mte_tag_get(p + PAGE), ==, -1);
    munmap((void *)(uintptr_t)p, 2 * PAGE);
}

static void test_move(void)
{
    uint64_t src = map_pages(2), dst = map_pages(4);
    mte_tags_map(src, 2 * PAGE, false);
    mte_tag_set(src + PAGE + 16, 6);
    mte_tags_map(dst, 4 * PAGE, false);
    mte_tag_set(dst + 2 * PAGE, 8); /* replaced by the move */
    mte_tag_set(dst + 3 * PAGE, 9); /* outside the target: untouched */
    mte_tags_move(src, 2 * PAGE, dst, 3 * PAGE);
    g_assert_cmpint(mte_tag_get(src + PAGE + 16), ==, -1);
    g_assert_cmpint(mte_tag_get(dst + PAGE + 16), ==, 6);
    g_assert_cmpint(mte_tag_get(dst + 2 * PAGE), ==, 0); /* grown part: Tagged, 0 */
    g_assert_cmpint(mte_tag_get(dst + 3 * PAGE), ==, 9);
    mte_tags_move(dst, 3 * PAGE, dst, PAGE); /* shrink in place */
    g_assert_cmpint(mte_tag_get(dst), ==, 0);
    g_assert_cmpint(mte_tag_get(dst + PAGE + 16), ==, -1);
    mte_tags_unmap(dst, 4 * PAGE);
    /* an Untagged mapping moves as Untagged */
    mte_tags_move(src, 2 * PAGE, dst, 2 * PAGE);
    g_assert_cmpint(mte_tag_get(dst), ==, -1);
    munmap((void *)(uintptr_t)src, 2 * PAGE);
    munmap((void *)(uintptr_t)dst, 4 * PAGE);
}

/* ChooseNonExcludedTag, worked by hand from the Arm ARM pseudocode */
static void test_choose(void)
{
    g_assert_cmpuint(mte_choose_tag(3, 1, 0x0001), ==, 4);
    g_assert_cmpuint(mte_choose_tag(15, 1, 0x0001), ==, 1); /* 0 excluded: skipped */
    g_assert_cmpuint(mte_choose_tag(15, 15, 0x0001), ==, 15);
    g_assert_cmpuint(mte_choose_tag(0, 0, 0x0001), ==, 1); /* offset 0 leaves excluded tags */
    g_assert_cmpuint(mte_choose_tag(5, 0, 0x0001), ==, 5);
    g_assert_cmpuint(mte_choose_tag(5, 2, 0x00c0), ==, 9); /* 6, 7 excluded: 8, 9 */
    g_assert_cmpuint(mte_choose_tag(7, 3, 0xffff), ==, 0); /* all excluded */
    g_assert_cmpuint(mte_choose_tag(2, 4, 0x0000), ==, 6);
    g_assert_cmpuint(mte_choose_tag(9, 3, 0xfdff), ==, 9); /* only 9 allowed */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mte/map-set-get", test_map_set_get);
    g_test_add_func("/mte/move", test_move);
    g_test_add_func("/mte/choose-tag", test_choose);
    return g_test_run();
}
