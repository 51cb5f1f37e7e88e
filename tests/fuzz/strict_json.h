/* strict_json.h: a small strict RFC 8259 reader for the fuzz harnesses, written apart from
 * the core's so the two can be compared: one value with only whitespace around it; no
 * NaN/Infinity, comments, trailing commas or leading zeros; \u escapes of four hex digits
 * without lone surrogates; UTF-8 only; at most SJ_MAX_DEPTH levels (recursion stops
 * there). Works on text[0..len), so a NUL byte is just a byte (never valid JSON). */
#ifndef STRICT_JSON_H
#define STRICT_JSON_H

#include <string.h>

#include "fuzz_common.h"

#define SJ_MAX_DEPTH 1000
enum { SJ_OK, SJ_SYNTAX, SJ_ESCAPE, SJ_DEEP, SJ_UTF8 };

typedef struct sj {
    const unsigned char *p, *end;
    int depth, deep, nul, bad_escape, bad_utf8;
} sj;

static int sj_at(const sj *r, size_t k) { return r->p + k < r->end ? r->p[k] : -1; }

static void sj_ws(sj *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

static int sj_hex4(const sj *r, size_t k, unsigned *v)
{
    *v = 0;
    for (size_t i = 0; i < 4; i++) {
        int c = sj_at(r, k + i);
        if (c < 0 || !fz_is_hex((char)c)) return 0;
        *v = *v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return 1;
}

static int sj_string(sj *r)
{
    r->p++;
    for (;;) {
        int c = sj_at(r, 0);
        if (c < 0) return 0;
        if (c == '"') { r->p++; return 1; }
        if (c < 0x20) return 0;
        if (c >= 0x80) {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if ((size_t)(r->end - r->p) < n || !fz_utf8_valid((const char *)r->p, n)) {
                r->bad_utf8 = 1;
                return 0;
            }
            r->p += n;
            continue;
        }
        if (c != '\\') { r->p++; continue; }
        c = sj_at(r, 1);
        if (c > 0 && strchr("\"\\/bfnrt", c)) { r->p += 2; continue; }
        if (c != 'u') return 0;
        unsigned u, lo;
        if (!sj_hex4(r, 2, &u)) { r->bad_escape = 1; return 0; }
        r->p += 6;
        if (u == 0) r->nul = 1;
        if (u >= 0xDC00 && u <= 0xDFFF) { r->bad_escape = 1; return 0; }
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (sj_at(r, 0) != '\\' || sj_at(r, 1) != 'u' || !sj_hex4(r, 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                r->bad_escape = 1;
                return 0;
            }
            r->p += 6;
        }
    }
}

static int sj_digit(const sj *r, size_t k) { int c = sj_at(r, k); return c >= '0' && c <= '9'; }

static int sj_number(sj *r)
{
    if (sj_at(r, 0) == '-') r->p++;
    if (sj_at(r, 0) == '0') r->p++;
    else if (sj_digit(r, 0)) while (sj_digit(r, 0)) r->p++;
    else return 0;
    if (sj_at(r, 0) == '.') {
        r->p++;
        if (!sj_digit(r, 0)) return 0;
        while (sj_digit(r, 0)) r->p++;
    }
    if (sj_at(r, 0) == 'e' || sj_at(r, 0) == 'E') {
        r->p++;
        if (sj_at(r, 0) == '+' || sj_at(r, 0) == '-') r->p++;
        if (!sj_digit(r, 0)) return 0;
        while (sj_digit(r, 0)) r->p++;
    }
    return 1;
}

static int sj_value(sj *r)
{
    sj_ws(r);
    int c = sj_at(r, 0);
    if (c == '{' || c == '[') {
        if (++r->depth > SJ_MAX_DEPTH) { r->deep = 1; return 0; }
        int close = c == '{' ? '}' : ']';
        r->p++;
        sj_ws(r);
        if (sj_at(r, 0) == close) { r->p++; r->depth--; return 1; }
        for (;;) {
            if (c == '{') {
                sj_ws(r);
                if (sj_at(r, 0) != '"' || !sj_string(r)) return 0;
                sj_ws(r);
                if (sj_at(r, 0) != ':') return 0;
                r->p++;
            }
            if (!sj_value(r)) return 0;
            sj_ws(r);
            if (sj_at(r, 0) == ',') { r->p++; continue; }
            if (sj_at(r, 0) != close) return 0;
            r->p++;
            r->depth--;
            return 1;
        }
    }
    if (c == '"') return sj_string(r);
    if (c == '-' || (c >= '0' && c <= '9')) return sj_number(r);
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0) { r->p += n; return 1; }
    }
    return 0;
}

/* SJ_OK or why not; *first: the value's first byte (for object or not). */
static int sj_check(const char *text, size_t len, sj *r, int *first)
{
    memset(r, 0, sizeof *r);
    r->p = (const unsigned char *)text;
    r->end = r->p + len;
    sj_ws(r);
    *first = sj_at(r, 0);
    int ok = sj_value(r);
    if (ok) { sj_ws(r); ok = r->p == r->end; }
    if (ok) return SJ_OK;
    return r->deep ? SJ_DEEP : r->bad_escape ? SJ_ESCAPE : r->bad_utf8 ? SJ_UTF8 : SJ_SYNTAX;
}

#endif
