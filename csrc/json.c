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

/* Collects the source text of every number token, in document order, and notes whether a
 * string holds \u0000 (cJSON would cut the string there). Only called on text cJSON
 * accepted, so tokens are well-formed. */
typedef struct scan {
    const char **start;
    size_t *len;
    size_t n, cap;
    int has_nul;
    int oom;
} scan;

static void scan_text(const char *s, scan *sc)
{
    while (*s) {
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++) {
                if (*s != '\\') continue;
                s++;
                if (*s == 'u' && strncmp(s + 1, "0000", 4) == 0) sc->has_nul = 1;
                if (!*s) return;
            }
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

hc_code hc_json_load(const char *text, const char *what, int allow_nul, cJSON **out,
                     hc_error *err)
{
    *out = NULL;
    if (!text || !*text) return HC_OK;
    cJSON *root = cJSON_ParseWithOpts(text, NULL, 1);
    if (!root) return hc_fail(err, HC_EJSON, "%s: not valid JSON", what);
    scan sc = {0};
    scan_text(text, &sc);
    size_t k = 0;
    hc_code rc = HC_OK;
    if (sc.oom || !attach_numbers(root, &sc, &k)) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    else if (sc.has_nul && !allow_nul)
        rc = hc_fail(err, HC_EJSON, "%s: a string holds a NUL character (\\u0000), which "
                     "cannot be sent", what);
    free(sc.start);
    free(sc.len);
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
        hc_buf_adds(b, v->valuestring);
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
