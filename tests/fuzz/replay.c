/*
 * replay.c - runs every file of a corpus directory through loader_check_elf_image.
 *
 * valid-* files must be accepted, bad-* files rejected with a one-line "<image>: why"
 * message; any other file (e.g. a crash input saved by libFuzzer) only has to not crash.
 * Exits 1 if anything failed.
 *
 * Example:
 *     ./fuzz-replay build/corpus        # prints "63 passed, 0 failed"
 */
#include "loader/loader.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a whole file into an exactly sized heap buffer (so ASan sees over-reads). */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t r;
    while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL) {
        uint8_t *exact = malloc(n ? n : 1);
        if (exact != NULL) {
            memcpy(exact, buf, n);
        }
        free(buf);
        buf = exact;
    }
    *len = n;
    return buf;
}

static int replay_one(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    uint8_t *buf = read_file(path, &len);
    if (buf == NULL) {
        printf("FAIL %s: cannot read\n", name);
        return 0;
    }
    char err[512] = "";
    int rc = loader_check_elf_image(buf, len, err, sizeof err);
    free(buf);
    int ok = 1;
    if (strncmp(name, "valid-", 6) == 0 && rc != LOADER_OK) {
        printf("FAIL %s: rejected: %s\n", name, err);
        ok = 0;
    } else if (strncmp(name, "bad-", 4) == 0) {
        if (rc == LOADER_OK) {
            printf("FAIL %s: accepted\n", name);
            ok = 0;
        } else if (strncmp(err, "<image>: ", 9) != 0 || strchr(err, '\n') != NULL) {
            printf("FAIL %s: malformed message \"%s\"\n", name, err);
            ok = 0;
        }
    }
    if (ok && getenv("REPLAY_VERBOSE") != NULL) {
        printf("ok %s: %s\n", name, rc == LOADER_OK ? "accepted" : err);
    }
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (d == NULL) {
        perror(argv[1]);
        return 2;
    }
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *de;
    while (names != NULL && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            char **nn = realloc(names, cap * 2 * sizeof *names);
            if (nn == NULL) {
                break;
            }
            names = nn;
            cap *= 2;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (names == NULL) {
        return 2;
    }
    qsort(names, n, sizeof *names, cmp_names);
    unsigned passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (names[i] != NULL && replay_one(argv[1], names[i])) {
            passed++;
        } else {
            failed++;
        }
        free(names[i]);
    }
    free(names);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
