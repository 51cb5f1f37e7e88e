/* check.h: the tiny harness every C test file uses. CHECK records a pass or a failure
 * with a message; check_done() prints "N passed, N failed" and gives main's exit code.
 * vectors_load() reads a file of tests/vectors/ (path relative to the repo root, which
 * the Makefile passes as HC_ROOT) into a cJSON tree. */
#ifndef HC_CHECK_H
#define HC_CHECK_H

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                            \
    do {                                                                            \
        if (cond) {                                                                 \
            check_passed++;                                                         \
        } else {                                                                    \
            check_failed++;                                                         \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                    \
            fprintf(stderr, __VA_ARGS__);                                           \
            fputc('\n', stderr);                                                    \
        }                                                                           \
    } while (0)

#define CHECK_STR(got, want, ...)                                                   \
    do {                                                                            \
        const char *g_ = (got), *w_ = (want);                                       \
        CHECK(g_ && w_ && strcmp(g_, w_) == 0, "%s: got [%s] want [%s]",            \
              __VA_ARGS__, g_ ? g_ : "(null)", w_ ? w_ : "(null)");                 \
    } while (0)

static inline int check_done(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#ifndef HC_ROOT
#define HC_ROOT "."
#endif

/* Caller owns the tree (cJSON_Delete). Aborts the test run when the file is missing. */
static inline cJSON *vectors_load(const char *relpath)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", HC_ROOT, relpath);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "read %s\n", path); exit(2); }
    text[n] = '\0';
    fclose(f);
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root) { fprintf(stderr, "malformed JSON in %s\n", path); exit(2); }
    return root;
}

#endif /* HC_CHECK_H */
