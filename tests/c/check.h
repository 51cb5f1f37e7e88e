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

/* Where each node of a loaded vector file stands in the file's text: its value and, for a
 * member, its name (with quotes). Every file loaded stays with its spans until exit, so a
 * runner can ask for the text of any node of a live tree (newest file first: a node address
 * of a deleted tree may come back in a later one). */
typedef struct vec_span {
    const cJSON *node;
    const char *key, *key_end; /* NULL for a list item or the root */
    const char *start, *end;
} vec_span;

static struct vec_files {
    char **texts;
    vec_span *spans;
    size_t n_texts, n_spans, cap_spans;
} vec_files;

static inline void vectors_free_spans(void)
{
    for (size_t i = 0; i < vec_files.n_texts; i++) free(vec_files.texts[i]);
    free(vec_files.texts);
    free(vec_files.spans);
    memset(&vec_files, 0, sizeof vec_files);
}

static inline const char *vec_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    return s;
}

static inline const char *vec_string_end(const char *s) /* s at the opening quote */
{
    for (s++; *s != '"'; s++)
        if (*s == '\\') s++;
    return s + 1;
}

/* Walks the text of one value (cJSON accepted it, so it is well-formed) beside its node,
 * in the same order, and notes every node's span. Returns the end of the value. */
static inline const char *vec_walk(const char *s, const cJSON *node, const char *key, const char *key_end)
{
    s = vec_ws(s);
    const char *start = s;
    if (*s == '{' || *s == '[') {
        char close = *s == '{' ? '}' : ']';
        const cJSON *child = node->child;
        for (s = vec_ws(s + 1); *s != close; child = child->next) {
            const char *k = NULL, *ke = NULL;
            if (close == '}') {
                k = s;
                ke = vec_string_end(s);
                s = vec_ws(ke) + 1; /* past ':' */
            }
            s = vec_ws(vec_walk(s, child, k, ke));
            if (*s == ',') s = vec_ws(s + 1);
        }
        s++;
    } else if (*s == '"') {
        s = vec_string_end(s);
    } else {
        s += strcspn(s, ",]} \t\r\n");
    }
    if (vec_files.n_spans == vec_files.cap_spans) {
        vec_files.cap_spans = vec_files.cap_spans ? 2 * vec_files.cap_spans : 1024;
        vec_files.spans = realloc(vec_files.spans, vec_files.cap_spans * sizeof *vec_files.spans);
        if (!vec_files.spans) exit(2);
    }
    vec_files.spans[vec_files.n_spans++] = (vec_span){node, key, key_end, start, s};
    return s;
}

static inline void vectors_note_spans(char *text, const cJSON *root)
{
    if (!vec_files.texts) atexit(vectors_free_spans);
    char **t = realloc(vec_files.texts, (vec_files.n_texts + 1) * sizeof *t);
    if (!t) exit(2);
    vec_files.texts = t;
    vec_files.texts[vec_files.n_texts++] = text;
    vec_walk(text, root, NULL, NULL);
}

static inline const vec_span *vectors_span(const cJSON *node)
{
    for (size_t i = vec_files.n_spans; i-- > 0;)
        if (vec_files.spans[i].node == node) return &vec_files.spans[i];
    return NULL;
}

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
    if (!root) { fprintf(stderr, "malformed JSON in %s\n", path); exit(2); }
    vectors_note_spans(text, root);
    return root;
}

/* The JSON text of a vector value as the file writes it, minus the blanks between tokens
 * (so a JSON body is the compact text a binding's serializer writes), caller frees. For the
 * runners to hand to the core: cJSON's strings are C strings, so re-printing a tree would
 * cut "a\u0000b" to "a" (SPEC §12 v2: a NUL in a value is a character like any other). */
static inline char *vector_json(const cJSON *node)
{
    const vec_span *sp = vectors_span(node);
    if (!sp) { fprintf(stderr, "vector_json: a node of no loaded file\n"); exit(2); }
    char *t = malloc((size_t)(sp->end - sp->start) + 1), *o = t;
    if (!t) exit(2);
    for (const char *s = sp->start; s < sp->end;) {
        if (*s == '"') {
            const char *e = vec_string_end(s);
            memcpy(o, s, (size_t)(e - s));
            o += e - s;
            s = e;
        } else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            s++;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return t;
}

/* The member name of node as the file writes it, quotes and escapes included (NULL for an
 * item of a list): its own text, not the cut C string of node->string. */
static inline const char *vector_key_json(const cJSON *node, size_t *len)
{
    const vec_span *sp = vectors_span(node);
    if (!sp || !sp->key) return NULL;
    *len = (size_t)(sp->key_end - sp->key);
    return sp->key;
}

#endif /* HC_CHECK_H */
