/* json.c: reading JSON text handed to the core (template values, parameters, headers,
 * bodies, resources): hc_json_load keeps every number's source text, and
 * hc_json_scalar_text writes a scalar back as text. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Collects the source text of every number token, in document order, and every string
 * token (member names included) that holds \u0000, where cJSON's C string would end: its
 * place among all string tokens and its opening quote. Only called on text cJSON accepted,
 * so tokens are well-formed. */
typedef struct scan {
    const char **start;
    size_t *len;
    size_t n, cap;
    size_t strings;        /* string tokens seen so far */
    size_t *nul_at;        /* for each string holding a NUL: its number among the strings */
    const char **nul_text; /* ... and its opening quote */
    size_t n_nul, cap_nul;
    int oom;
} scan;

static int note_nul(scan *sc, const char *quote)
{
    if (sc->n_nul == sc->cap_nul) {
        size_t cap = sc->cap_nul ? sc->cap_nul * 2 : 8;
        size_t *at = realloc(sc->nul_at, cap * sizeof *at);
        if (at) sc->nul_at = at;
        const char **tx = at ? realloc(sc->nul_text, cap * sizeof *tx) : NULL;
        if (tx) sc->nul_text = tx;
        if (!at || !tx) { sc->oom = 1; return 0; }
        sc->cap_nul = cap;
    }
    sc->nul_at[sc->n_nul] = sc->strings;
    sc->nul_text[sc->n_nul++] = quote;
    return 1;
}

static void scan_text(const char *s, scan *sc)
{
    while (*s) {
        if (*s == '"') {
            const char *quote = s;
            int noted = 0;
            for (s++;; s++) {
                s += strcspn(s, "\"\\");
                if (*s != '\\') break;
                s++; /* the escaped character */
                if (*s == 'u' && !noted && strncmp(s + 1, "0000", 4) == 0) {
                    if (!note_nul(sc, quote)) return;
                    noted = 1;
                }
                if (!*s) return;
            }
            sc->strings++;
            if (*s) s++;
        } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
            size_t n = strspn(s, "+-.eE0123456789");
            if (sc->n == sc->cap) {
                size_t cap = sc->cap ? sc->cap * 2 : 16;
                const char **st = realloc(sc->start, cap * sizeof *st);
                if (st) sc->start = st;
                size_t *ln = st ? realloc(sc->len, cap * sizeof *ln) : NULL;
                if (ln) sc->len = ln;
                if (!st || !ln) { sc->oom = 1; return; }
                sc->cap = cap;
            }
            sc->start[sc->n] = s;
            sc->len[sc->n++] = n;
            s += n;
        } else {
            s++;
        }
    }
}

/* Gives each number node (pre-order = document order) its source text in valuestring,
 * which cJSON_Delete frees and cJSON's printer ignores for numbers. Recursion is bounded by
 * cJSON's own nesting limit. */
static int attach_numbers(cJSON *node, const scan *sc, size_t *k)
{
    for (; node; node = node->next) {
        if (cJSON_IsNumber(node) && *k < sc->n) {
            char *t = cJSON_malloc(sc->len[*k] + 1);
            if (!t) return 0;
            memcpy(t, sc->start[*k], sc->len[*k]);
            t[sc->len[*k]] = '\0';
            node->valuestring = t;
            (*k)++;
        }
        if (node->child && !attach_numbers(node->child, sc, k)) return 0;
    }
    return 1;
}

/* ---- strings holding a NUL (SPEC §12 v2) -------------------------------------------- */

size_t hc_json_string_len(const cJSON *v)
{
    return v->valuedouble > 0 ? (size_t)v->valuedouble : strlen(v->valuestring);
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static void add_utf8(hc_buf *b, unsigned cp)
{
    char u[4];
    if (cp < 0x80) {
        u[0] = (char)cp;
        hc_buf_add(b, u, 1);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        hc_buf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        hc_buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        hc_buf_add(b, u, 4);
    }
}

/* The strict rule has accepted the text, so escapes and surrogate pairs are well-formed. */
void hc_json_decode_string(hc_buf *b, const char *json)
{
    const char *s = strchr(json, '"');
    for (s = s ? s + 1 : ""; *s && *s != '"'; s++) {
        const char *run = s;
        while (*s && *s != '"' && *s != '\\') s++;
        hc_buf_add(b, run, (size_t)(s - run));
        if (*s != '\\') { s--; continue; }
        char c = *++s;
        if (c == 'u') {
            unsigned cp = hex4(s + 1);
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(s + 3) - 0xDC00);
                s += 6;
            }
            add_utf8(b, cp);
        } else {
            const char *from = "bfnrt", *to = "\b\f\n\r\t";
            const char *at = strchr(from, c);
            hc_buf_addc(b, at && c ? to[at - from] : c); /* \" \\ \/ stand for themselves */
        }
    }
}

typedef struct nul_walk {
    const scan *sc;
    size_t string_no; /* string tokens passed, in document order */
    size_t next;      /* the next entry of sc->nul_at to meet */
    hc_nul_rule rule;
    const char *what;
    hc_error *err;
} nul_walk;

static hc_code name_has_nul(const nul_walk *w, const char *quote)
{
    hc_buf name, shown;
    hc_buf_init(&name);
    hc_buf_init(&shown);
    hc_json_decode_string(&name, quote);
    /* hc_quote shows control bytes as \xHH but stops at a NUL: write those here */
    for (size_t i = 0; i < name.len && shown.len < 200; i++) {
        if (name.data[i]) hc_buf_addc(&shown, name.data[i]);
        else hc_buf_adds(&shown, "\\x00");
    }
    char q[96];
    hc_quote(q, sizeof q, shown.data ? shown.data : "");
    int oom = name.oom || shown.oom;
    hc_buf_free(&name);
    hc_buf_free(&shown);
    if (oom) return hc_fail(w->err, HC_ENOMEM, "out of memory");
    return hc_fail(w->err, HC_EJSON, "%s: the name '%s' holds a NUL character (\\u0000), which "
                   "a name cannot hold", w->what, q);
}

/* One string token: is it the next one holding a NUL? */
static int meets_nul(nul_walk *w)
{
    size_t no = w->string_no++;
    if (w->next < w->sc->n_nul && w->sc->nul_at[w->next] == no) {
        w->next++;
        return 1;
    }
    return 0;
}

/* Walks the nodes in document order (a member's name, then its value, then what the value
 * holds), counting string tokens as scan_text did, and applies the rule to each one that
 * holds a NUL: a value gets its full bytes (decoded again from its own text, so the total
 * work is the text's length), a name is refused. Recursion is bounded by cJSON's nesting
 * limit, as in attach_numbers. */
static hc_code apply_nul_rule(cJSON *node, nul_walk *w)
{
    for (; node && w->next < w->sc->n_nul; node = node->next) {
        if (node->string && meets_nul(w)) {
            if (w->rule == HC_NUL_REFUSE || w->rule == HC_NUL_VALUES)
                return name_has_nul(w, w->sc->nul_text[w->next - 1]);
        }
        if (cJSON_IsString(node) && meets_nul(w)) {
            if (w->rule == HC_NUL_REFUSE)
                return hc_fail(w->err, HC_EJSON, "%s: a string holds a NUL character (\\u0000), "
                               "which cannot be sent", w->what);
            if (w->rule == HC_NUL_VALUES || w->rule == HC_NUL_KEEP) {
                hc_buf b;
                hc_buf_init(&b);
                hc_json_decode_string(&b, w->sc->nul_text[w->next - 1]);
                char *full = b.oom ? NULL : cJSON_malloc(b.len + 1);
                if (!full) {
                    hc_buf_free(&b);
                    return hc_fail(w->err, HC_ENOMEM, "out of memory");
                }
                memcpy(full, b.data, b.len + 1);
                cJSON_free(node->valuestring);
                node->valuestring = full;
                node->valuedouble = (double)b.len; /* > 0: it holds at least the NUL */
                hc_buf_free(&b);
            }
        }
        if (node->child) {
            hc_code rc = apply_nul_rule(node->child, w);
            if (rc != HC_OK) return rc;
        }
    }
    return HC_OK;
}

hc_code hc_json_load(const char *text, const char *what, hc_nul_rule nul, cJSON **out,
                     hc_error *err)
{
    *out = NULL;
    if (!text || !*text) return HC_OK;
    /* cJSON is lenient (it reads "\uzzzz" as NUL, and lone surrogates): the strict rule
     * first, so cJSON only ever sees text both bindings' parsers would read the same way. */
    hc_code rc = hc_json_check_what(text, strlen(text), what, NULL, err);
    if (rc != HC_OK) return rc;
    cJSON *root = cJSON_ParseWithOpts(text, NULL, 1);
    if (!root) return hc_fail(err, HC_EJSON, "%s: not valid JSON", what);
    scan sc = {0};
    scan_text(text, &sc);
    size_t k = 0;
    if (sc.oom || !attach_numbers(root, &sc, &k)) {
        rc = hc_fail(err, HC_ENOMEM, "out of memory");
    } else if (sc.n_nul && nul != HC_NUL_CUT) {
        nul_walk w = {.sc = &sc, .rule = nul, .what = what, .err = err};
        rc = apply_nul_rule(root, &w);
    }
    free(sc.start);
    free(sc.len);
    free(sc.nul_at);
    free(sc.nul_text);
    if (rc != HC_OK) { cJSON_Delete(root); return rc; }
    *out = root;
    return HC_OK;
}

/* An integer literal (-?digits) is kept as written, so ids beyond 2^53 keep every digit. */
static int is_int_literal(const char *t)
{
    if (*t == '-') t++;
    return *t && strspn(t, "0123456789") == strlen(t);
}

/* The shortest decimal that reads back as d, laid out as JavaScript's Number#toString
 * (and so JSON.stringify) does: plain digits up to 1e21, exponent form beyond, and
 * "0.000001" down to 1e-6. So 43.7 is "43.7", never "43.700000". */
static void add_double(hc_buf *b, double d)
{
    char e[40];
    if (!isfinite(d)) { hc_buf_adds(b, "null"); return; } /* as JSON.stringify */
    if (d == 0) { hc_buf_addc(b, '0'); return; }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, d);
        if (strtod(e, NULL) == d) break;
    }
    /* e is "[-]D[.DDD]e[+-]X": collect the digits and the decimal exponent. */
    char digits[24];
    int k = 0, exp10 = 0;
    const char *p = e;
    if (*p == '-') { hc_buf_addc(b, '-'); p++; }
    for (; *p && *p != 'e' && *p != 'E'; p++)
        if (*p >= '0' && *p <= '9' && k < 20) digits[k++] = *p;
    if (*p) exp10 = atoi(p + 1);
    while (k > 1 && digits[k - 1] == '0') k--;
    int n = exp10 + 1; /* the decimal point sits after n digits */
    if (k <= n && n <= 21) {
        hc_buf_add(b, digits, (size_t)k);
        for (int i = k; i < n; i++) hc_buf_addc(b, '0');
    } else if (0 < n && n <= 21) {
        hc_buf_add(b, digits, (size_t)n);
        hc_buf_addc(b, '.');
        hc_buf_add(b, digits + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        hc_buf_adds(b, "0.");
        for (int i = n; i < 0; i++) hc_buf_addc(b, '0');
        hc_buf_add(b, digits, (size_t)k);
    } else {
        hc_buf_addc(b, digits[0]);
        if (k > 1) { hc_buf_addc(b, '.'); hc_buf_add(b, digits + 1, (size_t)(k - 1)); }
        hc_buf_addf(b, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
    }
}

int hc_json_scalar_text(const cJSON *v, hc_buf *b)
{
    if (cJSON_IsString(v)) {
        hc_buf_add(b, v->valuestring, hc_json_string_len(v));
    } else if (cJSON_IsTrue(v)) {
        hc_buf_adds(b, "true");
    } else if (cJSON_IsFalse(v)) {
        hc_buf_adds(b, "false");
    } else if (cJSON_IsNumber(v)) {
        const char *src = v->valuestring;
        if (src && is_int_literal(src) && strcmp(src, "-0") != 0) hc_buf_adds(b, src);
        else if (src && !isfinite(v->valuedouble)) hc_buf_adds(b, src); /* 1e999 as written */
        else add_double(b, v->valuedouble);
    } else {
        return 0;
    }
    return 1;
}

/* ---- is it JSON (SPEC §9: one rule for request and response bodies) -------------- */

int hc_json_media_type(const char *ct)
{
    if (!ct) return -1;
    while (*ct == ' ' || *ct == '\t') ct++;
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    return (n == 16 && strncasecmp(ct, "application/json", n) == 0) ||
           (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

int hc_json_declared(const char *content_type, const char *body, size_t len)
{
    int typed = hc_json_media_type(content_type);
    if (typed >= 0) return typed;
    size_t i = 0;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    return i < len && (body[i] == '{' || body[i] == '[');
}

/* ---- the strict rule (SPEC §9 v2): RFC 8259, UTF-8, at most 1,000 levels ------------
 * cJSON is lenient (NaN is refused but "\uzzzz" reads as NUL, lone surrogates pass, and its
 * own nesting limit is a recursion limit), so the verdict is ours: one pass over the bytes,
 * no recursion, memory bounded by a 1,000-byte stack of open containers. Text it accepts is
 * read the same way by cJSON, Python's json module and JavaScript's JSON.parse. */

/* Bytes that may stand in a string as they are: printable ASCII but '"' and '\\'. */
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char plain_byte[256] = {
    R16(0), R16(0),                                 /* 0x00-0x1F: control characters */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2F: '"' */
    R16(1), R16(1),                                 /* 0x30-0x4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5F: '\\' */
    R16(1), R16(1),                                 /* 0x60-0x7F */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), /* UTF-8: checked apart */
};
#undef R16
#define PLAIN_BYTE(c) plain_byte[c]

static int hex4_at(const unsigned char *s, size_t n, size_t i, unsigned *cp)
{
    if (n - i < 4) return 0;
    unsigned v = 0;
    for (size_t j = 0; j < 4; j++) {
        unsigned char c = s[i + j];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *cp = v;
    return 1;
}

typedef struct fault {
    size_t at;             /* byte offset of the problem */
    const char *why;       /* what is wrong */
    const char *nonfinite; /* "NaN", "Infinity" or "-Infinity" when that is the problem */
} fault;

/* s[*pi] is a string's opening quote: moves *pi past the closing one, or returns why not
 * (with *pi at the offending byte). */
static const char *scan_string(const unsigned char *s, size_t n, size_t *pi)
{
    size_t i = *pi + 1;
    for (;;) {
        while (i < n && PLAIN_BYTE(s[i])) i++;
        *pi = i;
        if (i >= n) return "a string that never ends";
        unsigned char c = s[i];
        if (c == '"') { *pi = i + 1; return NULL; }
        if (c < 0x20) return "a control character inside a string (it must be escaped)";
        if (c >= 0x80) {
            size_t k = hc_utf8_seq(s + i, n - i);
            if (!k) return "bytes that are not UTF-8";
            i += k;
            continue;
        }
        /* a backslash */
        if (i + 1 >= n) return "a string that never ends";
        unsigned char e = s[i + 1];
        if (e != 'u') {
            if (!e || !strchr("\"\\/bfnrt", e)) return "an unknown escape (only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)";
            i += 2;
            continue;
        }
        unsigned cp, lo;
        if (!hex4_at(s, n, i + 2, &cp)) return "a \\u escape without four hex digits";
        if (cp >= 0xDC00 && cp <= 0xDFFF) return "a \\u escape that is a lone surrogate";
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!(n - i >= 12 && s[i + 6] == '\\' && s[i + 7] == 'u' && hex4_at(s, n, i + 8, &lo) &&
                  lo >= 0xDC00 && lo <= 0xDFFF))
                return "a \\u escape that is a lone surrogate";
            i += 6;
        }
        i += 6;
    }
}

/* RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static const char *scan_number(const unsigned char *s, size_t n, size_t *pi)
{
    size_t i = *pi;
#define DIGIT(j) ((j) < n && s[j] >= '0' && s[j] <= '9')
    if (s[i] == '-') i++;
    if (i < n && s[i] == '0') i++;
    else if (DIGIT(i)) while (DIGIT(i)) i++;
    else { *pi = i; return "a number without digits"; }
    if (i < n && s[i] == '.') {
        if (!DIGIT(i + 1)) { *pi = i; return "a decimal point without digits after it"; }
        for (i++; DIGIT(i); i++) {}
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (!DIGIT(i)) { *pi = i; return "an exponent without digits"; }
        while (DIGIT(i)) i++;
    }
#undef DIGIT
    *pi = i;
    return NULL;
}

#define word_at(s, n, i, w) ((n) - (i) >= sizeof(w) - 1 && memcmp((s) + (i), (w), sizeof(w) - 1) == 0)

/* The verdict on text[0..n): HC_JSON_OBJECT or HC_JSON_OTHER, else HC_JSON_MALFORMED with
 * *f saying what and where. */
static hc_json_kind validate(const unsigned char *s, size_t n, fault *f)
{
    unsigned char open[HC_JSON_MAX_DEPTH]; /* 1: an object, 0: a list */
    size_t depth = 0, i = 0;
    enum { VALUE, KEY, AFTER } state = VALUE;
    hc_json_kind kind = HC_JSON_OTHER;
    f->nonfinite = NULL;
#define SKIP_WS() while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++
#define FAIL(w) do { f->why = (w); goto fail; } while (0)
    SKIP_WS();
    if (i < n && s[i] == '{') kind = HC_JSON_OBJECT;
    for (;;) {
        SKIP_WS();
        if (state == AFTER) {
            if (!depth) {
                if (i < n) FAIL("text after the JSON value");
                return kind;
            }
            int obj = open[depth - 1];
            if (i >= n) FAIL(obj ? "the text ends inside an object" : "the text ends inside a list");
            if (s[i] == ',') { i++; state = obj ? KEY : VALUE; continue; }
            if (s[i] == (obj ? '}' : ']')) { i++; depth--; continue; }
            FAIL(obj ? "expected ',' or '}' after a member" : "expected ',' or ']' after an item");
        }
        if (state == KEY) {
            if (i >= n || s[i] != '"') FAIL("expected a member name in double quotes");
            const char *why = scan_string(s, n, &i);
            if (why) FAIL(why);
            SKIP_WS();
            if (i >= n || s[i] != ':') FAIL("expected ':' after a member name");
            i++;
            state = VALUE;
            continue;
        }
        if (i >= n) FAIL("the text ends where a value should be");
        unsigned char c = s[i];
        const char *why = NULL;
        state = AFTER;
        if (c == '{' || c == '[') {
            if (depth == HC_JSON_MAX_DEPTH) FAIL("nesting deeper than 1000 levels");
            open[depth++] = c == '{';
            i++;
            SKIP_WS();
            if (i < n && s[i] == (c == '{' ? '}' : ']')) { i++; depth--; }
            else state = c == '{' ? KEY : VALUE;
        } else if (c == '"') {
            why = scan_string(s, n, &i);
        } else if (word_at(s, n, i, "true")) {
            i += 4;
        } else if (word_at(s, n, i, "false")) {
            i += 5;
        } else if (word_at(s, n, i, "null")) {
            i += 4;
        } else if (word_at(s, n, i, "NaN") || word_at(s, n, i, "Infinity") ||
                   word_at(s, n, i, "-Infinity")) {
            f->nonfinite = c == 'N' ? "NaN" : c == 'I' ? "Infinity" : "-Infinity";
            why = "NaN, Infinity and -Infinity are not JSON numbers";
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            why = scan_number(s, n, &i);
        } else {
            why = "an unexpected character";
        }
        if (why) FAIL(why);
    }
fail:
    f->at = i;
    return HC_JSON_MALFORMED;
#undef SKIP_WS
#undef FAIL
}

static const char *const place_what[] = {
    [HC_JSON_BODY] = "the request body",
    [HC_JSON_VALUES] = "template values",
    [HC_JSON_PARAMETERS] = "query parameters",
    [HC_JSON_HEADERS] = "headers",
};

const char *hc_json_place_what(hc_json_place place)
{
    return (unsigned)place < sizeof place_what / sizeof *place_what ? place_what[place] : "JSON text";
}

static hc_code nonfinite_fail(const char *what, const char *token, hc_error *err)
{
    return hc_fail(err, HC_EJSON, "%s: %s is a number JSON cannot represent; nothing was sent",
                   what, token);
}

hc_code hc_json_nonfinite_error(hc_json_place place, const char *token, hc_error *err)
{
    if (!token || (strcmp(token, "NaN") != 0 && strcmp(token, "Infinity") != 0 &&
                   strcmp(token, "-Infinity") != 0))
        token = "NaN";
    return nonfinite_fail(hc_json_place_what(place), token, err);
}

hc_code hc_json_check_what(const char *text, size_t len, const char *what, hc_json_kind *kind,
                           hc_error *err)
{
    fault f;
    hc_json_kind k = text ? validate((const unsigned char *)text, len, &f) : HC_JSON_MALFORMED;
    if (kind) *kind = k;
    if (k != HC_JSON_MALFORMED) return HC_OK;
    if (!text) return hc_fail(err, HC_EJSON, "%s: no JSON text given", what);
    if (f.nonfinite) return nonfinite_fail(what, f.nonfinite, err);
    return hc_fail(err, HC_EJSON, "%s: not valid JSON: %s (at byte %zu)", what, f.why, f.at);
}

hc_code hc_json_check(const char *text, size_t len, hc_json_kind *kind, hc_error *err)
{
    return hc_json_check_what(text, len, "JSON text", kind, err);
}

hc_json_kind hc_json_body(const char *content_type, const char *body, size_t len,
                          size_t *offset)
{
    if (offset) *offset = 0;
    if (!body) len = 0;
    if (!hc_json_declared(content_type, body ? body : "", len)) return HC_JSON_NONE;
    size_t skip = len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    fault f;
    hc_json_kind k = validate((const unsigned char *)body + skip, len - skip, &f);
    if (offset && k != HC_JSON_MALFORMED) *offset = skip;
    return k;
}
