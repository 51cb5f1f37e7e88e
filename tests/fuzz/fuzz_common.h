/* fuzz_common.h: what every harness in tests/fuzz/ shares.
 * The input is cut into NUL-separated fields (the core takes C strings, so a field can
 * never hold a NUL anyway); FUZZ_CHECK aborts with a message when an invariant fails, so
 * libFuzzer (and the seed replayer, tests/fuzz/replay.c) report it as a crash. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "halchemy.h"

#define FUZZ_CHECK(cond, ...)                                                          \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "\n%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                              \
            fprintf(stderr, "\n");                                                     \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* Up to max fields: the input split at NUL bytes. Missing fields are NULL. Each field is
 * a fresh heap copy (so ASan sees reads past its end). Returns the number present. */
typedef struct fz_fields {
    char *f[8];
    int n;
} fz_fields;

static inline void fz_split(const uint8_t *data, size_t size, int max, fz_fields *out)
{
    memset(out, 0, sizeof *out);
    if (max > 8) max = 8;
    size_t start = 0;
    for (int i = 0; i < max; i++) {
        if (start > size) break;
        size_t end = start;
        while (end < size && data[end] != 0) end++;
        char *s = malloc(end - start + 1);
        if (!s) abort();
        memcpy(s, data + start, end - start);
        s[end - start] = '\0';
        out->f[i] = s;
        out->n = i + 1;
        start = end + 1;
    }
}

static inline void fz_free(fz_fields *fl)
{
    for (int i = 0; i < 8; i++) free(fl->f[i]);
    memset(fl, 0, sizeof *fl);
}

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF). */
static inline int fz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        size_t len;
        unsigned min, cp;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (i + len > n) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += len;
    }
    return 1;
}

static inline int fz_str_utf8(const char *s) { return !s || fz_utf8_valid(s, strlen(s)); }

/* Set by a harness: 1 when every string it hands the core is UTF-8, as every string from
 * a binding is (Python and JavaScript strings encode to UTF-8). */
static int fz_inputs_utf8 = 1;

/* The error record after a failed call: the code returned is the one recorded, it is one
 * the function may give, it has a name, and the message is a non-empty sentence on one
 * line (no control byte but TAB) that a binding can decode (the bindings decode messages
 * strictly as UTF-8; given UTF-8 inputs, the message must be UTF-8).
 * `allowed` is a list of codes ending in HC_OK. */
static inline void fz_check_error(const char *fn, hc_code rc, const hc_error *err,
                                  const hc_code *allowed)
{
    FUZZ_CHECK(rc != HC_OK, "%s", fn);
    FUZZ_CHECK(err->code == rc, "%s returned %d but recorded %d", fn, rc, err->code);
    int ok = 0;
    for (const hc_code *a = allowed; *a != HC_OK; a++) ok |= (*a == rc);
    FUZZ_CHECK(ok, "%s returned an unexpected code %s: %s", fn, hc_code_name(rc), err->message);
    const char *name = hc_code_name(rc);
    FUZZ_CHECK(name && *name && strcmp(name, "unknown") != 0 && strcmp(name, "ok") != 0,
               "%s: code %d has no name", fn, rc);
    size_t len = strnlen(err->message, sizeof err->message);
    FUZZ_CHECK(len > 0 && len < sizeof err->message, "%s: empty or unterminated message", fn);
    FUZZ_CHECK(!fz_inputs_utf8 || fz_utf8_valid(err->message, len),
               "%s: the %s message is not UTF-8 (a binding cannot decode it): %s", fn, name,
               err->message);
    for (size_t i = 0; i < len; i++) /* TAB is allowed: an INI value may hold one */
        FUZZ_CHECK(((unsigned char)err->message[i] >= 0x20 || err->message[i] == '\t') &&
                       err->message[i] != 0x7f,
                   "%s: the message holds a raw control byte 0x%02x at %zu", fn,
                   (unsigned char)err->message[i], i);
}

#define FZ_CODES(...) ((const hc_code[]){__VA_ARGS__, HC_OK})

static inline int fz_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* 1 when every '%' in s starts a %XX triplet. */
static inline int fz_pct_ok(const char *s)
{
    for (; *s; s++)
        if (*s == '%' && !(fz_is_hex(s[1]) && fz_is_hex(s[2]))) return 0;
    return 1;
}

#endif
