/* query.c: JSON values as URL and body text (SPEC §5, §7): query strings (form encoding,
 * nested objects as dotted keys, lists in one of five styles), merging a query into a URL,
 * the body bytes for a content type, and the JSON-reading helpers uritemplate.c shares. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* ---- JSON values as text, shared with uritemplate.c and url.c (internal.h) -------- */

/* Messages stay short and on one line whatever the input was; the cut falls between
 * UTF-8 characters. */
void hc_quote(char *dst, size_t cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0, room = cap - 4; /* room for "..." and the NUL */
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    if (cap < 8) {
        if (cap) dst[0] = '\0';
        return;
    }
    for (; *p; p++) {
        size_t need = (*p < 0x20 || *p == 0x7f) ? 4 : 1;
        if (o + need > room) {
            if ((*p & 0xC0) == 0x80) { /* cut inside a character: drop its first bytes too */
                while (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0x80) o--;
                if (o > 0) o--;
            }
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        if (need == 4) {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[*p >> 4];
            dst[o++] = hex[*p & 15];
        } else {
            dst[o++] = (char)*p;
        }
    }
    dst[o] = '\0';
}

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

/* ---- list styles ------------------------------------------------------------------- */

static const char *const style_names[] = {"repeat_key", "bracket", "index", "comma", "pipe"};
#define STYLE_COUNT (sizeof style_names / sizeof *style_names)

hc_code hc_list_style_parse(const char *name, hc_list_style *out, hc_error *err)
{
    for (size_t i = 0; name && i < STYLE_COUNT; i++)
        if (strcmp(name, style_names[i]) == 0) {
            *out = (hc_list_style)i;
            return HC_OK;
        }
    char q[80];
    hc_quote(q, sizeof q, name);
    return hc_fail(err, HC_EPARAMS, "unknown parameters list style '%s' (use repeat_key, "
                   "bracket, index, comma or pipe)", q);
}

const char *hc_list_style_name(hc_list_style style)
{
    return (unsigned)style < STYLE_COUNT ? style_names[style] : "unknown";
}

/* ---- query strings ----------------------------------------------------------------- */

/* Nesting deeper than this is refused: it bounds the recursion and, since every leaf
 * repeats its whole key path, keeps the output within a small multiple of the input. */
#define MAX_DEPTH 32

typedef struct qenc {
    hc_buf out;
    hc_buf key; /* the escaped key of the value being encoded */
    hc_list_style style;
    int pairs;
    hc_error *err;
} qenc;

static void start_pair(qenc *q)
{
    if (q->pairs++) hc_buf_addc(&q->out, '&');
    hc_buf_add(&q->out, q->key.data ? q->key.data : "", q->key.len);
}

static void add_scalar(qenc *q, const cJSON *v)
{
    hc_buf t;
    hc_buf_init(&t);
    hc_json_scalar_text(v, &t);
    if (t.oom) q->out.oom = 1;
    else hc_form_escape(&q->out, t.data ? t.data : "", t.len, 1);
    hc_buf_free(&t);
}

static hc_code too_deep(qenc *q)
{
    char k[80];
    hc_quote(k, sizeof k, q->key.data);
    return hc_fail(q->err, HC_EPARAMS, "parameter '%s' is nested more than %d levels deep", k,
                   MAX_DEPTH);
}

static hc_code put_value(qenc *q, const cJSON *v, int depth);

/* Lists: repeat_key repeats the key; bracket and index add "[]" / "[i]" to it (literally,
 * as SPEC §5 shows); comma and pipe join scalar items into one value. Items go through
 * put_value, so a list inside a list or an object inside a list nests the same way a value
 * at the top does: {"l":[["a"]]} is l[0][0]=a (index), l[][]=a (bracket), l=a (repeat_key),
 * and {"l":[{"x":1}]} is l[0].x=1, l[].x=1, l.x=1. Comma and pipe cannot join composites:
 * such a list is HC_EPARAMS rather than a guess. A null item is a bare key (or an empty
 * place between separators), as a null value is. An empty list adds nothing. */
static hc_code put_list(qenc *q, const cJSON *list, int depth)
{
    const cJSON *item;
    if (!list->child) return HC_OK;
    if (q->style == HC_LIST_COMMA || q->style == HC_LIST_PIPE) {
        cJSON_ArrayForEach(item, list) {
            if (cJSON_IsArray(item) || cJSON_IsObject(item)) {
                char k[80];
                hc_quote(k, sizeof k, q->key.data);
                return hc_fail(q->err, HC_EPARAMS, "parameter '%s': the %s list style cannot "
                               "join lists or objects", k, hc_list_style_name(q->style));
            }
        }
        start_pair(q);
        hc_buf_addc(&q->out, '=');
        int i = 0;
        cJSON_ArrayForEach(item, list) {
            if (i++) hc_buf_addc(&q->out, q->style == HC_LIST_COMMA ? ',' : '|');
            if (!cJSON_IsNull(item)) add_scalar(q, item);
        }
        return HC_OK;
    }
    size_t keep = q->key.len;
    unsigned long i = 0;
    cJSON_ArrayForEach(item, list) {
        if (q->style == HC_LIST_BRACKET) hc_buf_adds(&q->key, "[]");
        else if (q->style == HC_LIST_INDEX) hc_buf_addf(&q->key, "[%lu]", i);
        i++;
        hc_code rc = put_value(q, item, depth + 1);
        q->key.len = keep;
        if (q->key.data) q->key.data[keep] = '\0';
        if (rc != HC_OK) return rc;
    }
    return HC_OK;
}

/* Objects nest as dotted keys (address.street=...), whatever they hold, including lists:
 * {"f":{"tags":["a","b"]}} is f.tags=a&f.tags=b, f.tags[]=a..., f.tags[0]=a..., f.tags=a,b. */
static hc_code put_value(qenc *q, const cJSON *v, int depth)
{
    if (depth > MAX_DEPTH) return too_deep(q);
    if (cJSON_IsArray(v)) return put_list(q, v, depth);
    if (cJSON_IsObject(v)) {
        size_t keep = q->key.len;
        const cJSON *m;
        cJSON_ArrayForEach(m, v) {
            hc_buf_addc(&q->key, '.');
            hc_form_escape(&q->key, m->string, strlen(m->string), 1);
            hc_code rc = put_value(q, m, depth + 1);
            q->key.len = keep;
            if (q->key.data) q->key.data[keep] = '\0';
            if (rc != HC_OK) return rc;
        }
        return HC_OK;
    }
    start_pair(q);
    if (!cJSON_IsNull(v)) { /* null is a bare key: ?pretty */
        hc_buf_addc(&q->out, '=');
        add_scalar(q, v);
    }
    return HC_OK;
}

/* Encodes the members of obj; *out: caller owns. */
static hc_code encode_object(const cJSON *obj, hc_list_style style, char **out, hc_error *err)
{
    qenc q = {.style = style, .err = err};
    hc_buf_init(&q.out);
    hc_buf_init(&q.key);
    hc_code rc = HC_OK;
    const cJSON *m;
    cJSON_ArrayForEach(m, obj) {
        q.key.len = 0;
        hc_form_escape(&q.key, m->string, strlen(m->string), 1);
        hc_buf_add(&q.key, "", 0); /* NUL-terminated even for an empty name */
        rc = put_value(&q, m, 1);
        if (rc != HC_OK) break;
    }
    if (rc == HC_OK && (q.out.oom || q.key.oom)) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    hc_buf_free(&q.key);
    if (rc != HC_OK) { hc_buf_free(&q.out); return rc; }
    *out = hc_buf_take(&q.out);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

hc_code hc_query_encode(const char *params_json, hc_list_style style, char **out,
                        hc_error *err)
{
    *out = NULL;
    if ((unsigned)style >= STYLE_COUNT)
        return hc_fail(err, HC_EPARAMS, "unknown parameters list style %d", (int)style);
    cJSON *obj = NULL;
    hc_code rc = hc_json_load(params_json, "query parameters", 0, &obj, err);
    if (rc != HC_OK) return rc;
    if (!obj || cJSON_IsNull(obj)) {
        cJSON_Delete(obj);
        *out = hc_strdup("");
        return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
    }
    if (!cJSON_IsObject(obj)) rc = hc_fail(err, HC_EJSON, "query parameters must be a JSON "
                                           "object of name: value");
    else rc = encode_object(obj, style, out, err);
    cJSON_Delete(obj);
    return rc;
}

/* The query goes before any #fragment, after '?' (none yet) or '&' (one there already,
 * unless the URL already ends with '?' or '&'). */
hc_code hc_url_add_query(const char *url, const char *query, char **out, hc_error *err)
{
    *out = NULL;
    if (!url) return hc_fail(err, HC_EINVAL, "no URL given");
    size_t before = strcspn(url, "#");
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_add(&b, url, before);
    if (query && *query) {
        if (!memchr(url, '?', before)) hc_buf_addc(&b, '?');
        else if (url[before - 1] != '?' && url[before - 1] != '&') hc_buf_addc(&b, '&');
        hc_buf_adds(&b, query);
    }
    hc_buf_adds(&b, url + before);
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

/* ---- bodies ------------------------------------------------------------------------ */

/* The media type of a Content-Type value, parameters (";charset=...") and blanks cut. */
static void media_type(const char *ct, const char **start, size_t *len)
{
    while (*ct == ' ' || *ct == '\t') ct++;
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    *start = ct;
    *len = n;
}

static int is_json_type(const char *t, size_t n)
{
    return (n == 16 && strncasecmp(t, "application/json", n) == 0) ||
           (n > 5 && strncasecmp(t + n - 5, "+json", 5) == 0);
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

/* Decodes the JSON string literal that `json` holds (cJSON has already accepted it, so
 * escapes and surrogate pairs are well-formed). Done here rather than with cJSON because
 * cJSON's C strings would cut a raw body at its first \u0000. */
static void decode_string(hc_buf *b, const char *json)
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

/* JSON types send the JSON text exactly as given (checked to parse). Form-urlencoded
 * encodes an object like query parameters (repeat_key lists). Otherwise a string sends its
 * contents (UTF-8, NULs kept) and any other value its JSON text. */
hc_code hc_body_encode(const char *data_json, const char *content_type, char **out,
                       size_t *out_len, hc_error *err)
{
    *out = NULL;
    *out_len = 0;
    if (!data_json) return hc_fail(err, HC_EINVAL, "no request body given");
    const char *type = "";
    size_t tlen = 0;
    if (content_type) media_type(content_type, &type, &tlen);
    int json_type = tlen == 0 || is_json_type(type, tlen);
    int form = tlen == 33 && strncasecmp(type, "application/x-www-form-urlencoded", tlen) == 0;
    cJSON *v = NULL;
    /* Only form encoding reads strings through cJSON, so only it must refuse a NUL. */
    hc_code rc = hc_json_load(data_json, "the request body", !form, &v, err);
    if (rc != HC_OK) return rc;
    if (!v) return hc_fail(err, HC_EJSON, "the request body: not valid JSON");
    hc_buf b;
    hc_buf_init(&b);
    if (!json_type && form && cJSON_IsObject(v)) {
        rc = encode_object(v, HC_LIST_REPEAT_KEY, out, err);
    } else if (!json_type && cJSON_IsString(v)) {
        decode_string(&b, data_json);
    } else {
        hc_buf_adds(&b, data_json);
    }
    cJSON_Delete(v);
    if (rc != HC_OK) { hc_buf_free(&b); return rc; }
    if (!*out) {
        *out_len = b.len;
        *out = hc_buf_take(&b);
    } else {
        *out_len = strlen(*out);
    }
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}
