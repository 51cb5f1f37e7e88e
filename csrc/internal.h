/* internal.h: helpers shared by the core's source files (not part of the public API).
 * An hc_buf is a growable byte string; hc_fail fills an error record and returns its code. */
#ifndef HC_INTERNAL_H
#define HC_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stddef.h>

#include "halchemy.h"

#if defined(__GNUC__)
#define HC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define HC_PRINTF(a, b)
#endif

/* Fills err (when not NULL) with code and a formatted message; returns code. */
hc_code hc_fail(hc_error *err, hc_code code, const char *fmt, ...) HC_PRINTF(3, 4);

typedef struct hc_buf {
    char *data;  /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
    int oom;     /* set once an allocation failed; further appends are ignored */
} hc_buf;

void hc_buf_init(hc_buf *b);
void hc_buf_free(hc_buf *b);
void hc_buf_add(hc_buf *b, const char *s, size_t n);
void hc_buf_adds(hc_buf *b, const char *s);
void hc_buf_addc(hc_buf *b, char c);
void hc_buf_addf(hc_buf *b, const char *fmt, ...) HC_PRINTF(2, 3);
/* Hands the string to the caller (never NULL unless out of memory); b is reset. */
char *hc_buf_take(hc_buf *b);

char *hc_strdup(const char *s);
char *hc_strndup(const char *s, size_t n);
int hc_strcaseeq(const char *a, const char *b);
/* The one UTF-8 rule (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF):
 * the length of the valid sequence at s (n >= 1 bytes left; 1 for ASCII), or 0. */
size_t hc_utf8_seq(const unsigned char *s, size_t n);
/* 1 when text[0..n) is well-formed UTF-8. */
int hc_utf8_valid(const char *text, size_t n);
/* Bytes of s to show when cutting it to at most max bytes, never inside a UTF-8 character. */
int hc_utf8_fit(const char *s, int max);
/* 1 when s contains CR or LF. */
int hc_has_crlf(const char *s);

/* A response header line's name and value (by length) appended to h, a repeat joining the
 * earlier one with ", ". 0 when dropped: a name that is not a token, CR/LF/NUL, no memory. */
int hc_headers_add_received(hc_headers *h, const char *name, size_t nn, const char *value,
                            size_t vn);

/* Percent-encodes UTF-8 bytes of s[0..n): letters, digits and _ . - ~ stay; space becomes
 * '+' when plus_for_space, else %20. */
void hc_form_escape(hc_buf *b, const char *s, size_t n, int plus_for_space);

/* SPEC §12: the longest URL the core builds (an expanded template, a query string, a URL
 * with its query). libcurl refuses any longer string option (CURL_MAX_INPUT_LENGTH), so a
 * longer URL could never be sent; it is refused with the input's own error code instead. */
#define HC_MAX_URL ((size_t)8000000)

/* query.c: a parsed JSON object form-encoded as a query string (hc_query_encode's work;
 * body.c uses it for form-urlencoded bodies). Output longer than max bytes is HC_EPARAMS,
 * the message starting with `what`. *out: caller owns. */
hc_code hc_query_encode_object(const cJSON *obj, hc_list_style style, size_t max,
                               const char *what, char **out, hc_error *err);

/* json.c: JSON values as text, shared by uritemplate.c, query.c, body.c and url.c.
 * hc_json_load parses strictly (nothing may follow the value); NULL or "" gives *out NULL.
 * Every number node keeps its source text in valuestring (see hc_json_scalar_text). A
 * string holding \u0000 (cJSON's C strings end there) is handled by `nul`; `what` names
 * the input in messages. */
typedef enum hc_nul_rule {
    HC_NUL_REFUSE = 0, /* any string holding a NUL is HC_EJSON (settings) */
    HC_NUL_CUT = 1,    /* allowed and left as cJSON reads it, cut at the NUL: for callers
                        * that never send the tree's strings (JSON bodies sent as text) */
    HC_NUL_VALUES = 2, /* SPEC §12 v2: a value holding a NUL keeps all its bytes (read them
                        * with hc_json_string_len); a member name holding one, at any depth,
                        * is HC_EJSON (template values, parameters, form bodies) */
    HC_NUL_KEEP = 3,   /* values keep all their bytes, names are left as cJSON reads them:
                        * for readers that refuse what they use (HAL: an href holding a NUL) */
} hc_nul_rule;
hc_code hc_json_load(const char *text, const char *what, hc_nul_rule nul, cJSON **out,
                     hc_error *err);
/* The bytes of a string node: with HC_NUL_VALUES a string holding a NUL has its decoded
 * length in valuedouble (cJSON uses that field for numbers only and leaves it 0 for
 * strings), any other ends at its first NUL. */
size_t hc_json_string_len(const cJSON *v);
/* Appends the contents of the first JSON string literal in `json` (already checked by the
 * strict rule), decoded to UTF-8 with every NUL kept. */
void hc_json_decode_string(hc_buf *b, const char *json);
/* Appends a scalar's text (string contents, all their bytes; true/false; a number as JSON
 * writes it) and returns 1, or returns 0 for null, lists and objects. */
int hc_json_scalar_text(const cJSON *v, hc_buf *b);
/* SPEC §9: 1 when a Content-Type's media type (blanks and parameters cut, any case) is
 * application/json or a +json type (RFC 6839); 0 for any other; -1 when ct is NULL. */
int hc_json_media_type(const char *content_type);
/* SPEC §9: 1 when a body is declared JSON: a JSON media type, or, with no Content-Type, a
 * first byte after an optional UTF-8 BOM and whitespace that is '{' or '['. */
int hc_json_declared(const char *content_type, const char *body, size_t len);
/* hc_json_check with `what` naming the input in the message ("template values: ..."); a
 * NaN, Infinity or -Infinity gives hc_json_nonfinite_error's message for that `what`. */
hc_code hc_json_check_what(const char *text, size_t len, const char *what, hc_json_kind *kind,
                           hc_error *err);
/* The phrase messages use for a place ("the request body", ...). */
const char *hc_json_place_what(hc_json_place place);
/* util.c: copies s into dst for a message: control bytes as \xHH, cut with "..." to fit cap. */
void hc_quote(char *dst, size_t cap, const char *s);

/* config.c: reads an INI file and calls fn once per key, in file order. Section and key
 * are lower-cased, values trimmed; ';' and '#' start comments (whole-line, or after
 * whitespace inside a value). A malformed line fails with HC_ECONFIG naming path and line;
 * fn's own failure stops the walk and is returned (its message should name the line). */
typedef hc_code (*hc_ini_fn)(void *ud, const char *section, const char *key,
                             const char *value, const char *path, int line, hc_error *err);
hc_code hc_ini_parse_file(const char *path, hc_ini_fn fn, void *ud, hc_error *err);
hc_code hc_ini_parse_text(const char *text, const char *path, hc_ini_fn fn, void *ud,
                          hc_error *err);
/* api.c: sets one default header (hc_headers_set semantics), under the Api's lock. */
hc_code hc_api_set_header(hc_api *api, const char *name, const char *value, hc_error *err);
/* true/false, yes/no, on/off, 1/0 in any case; else -1. */
int hc_parse_bool(const char *s);
/* RFC 9110 §8.8.1: etag itself when it is a non-empty strong entity tag (no "W/"), else
 * NULL (concurrency.c: the If-Match choice of SPEC §8). */
const char *hc_etag_strong(const char *etag);

#endif /* HC_INTERNAL_H */
