/* uritemplate.c: RFC 6570 URI Template expansion, levels 1 to 4 (SPEC §4). Values come as
 * a JSON object: strings, numbers and booleans are scalars (numbers and booleans expand as
 * their JSON text), arrays are lists, objects associative arrays, null means undefined. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_VARNAME 256

typedef struct op {
    char code;        /* 0 for simple expansion */
    const char *first;
    char sep;
    int named;
    const char *ifemp;
    int reserved;     /* allow reserved characters and pct-encoded triplets */
} op;

static const op ops[] = {
    {0, "", ',', 0, "", 0},    {'+', "", ',', 0, "", 1},  {'#', "#", ',', 0, "", 1},
    {'.', ".", '.', 0, "", 0}, {'/', "/", '/', 0, "", 0}, {';', ";", ';', 1, "", 0},
    {'?', "?", '&', 1, "=", 0}, {'&', "&", '&', 1, "=", 0},
};

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_unreserved(unsigned char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
static int is_reserved(unsigned char c) { return c && strchr(":/?#[]@!$&'()*+,;=", c) != NULL; }
static int is_hex(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static void pct(hc_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
    hc_buf_add(b, esc, 3);
}

static void encode(hc_buf *b, const char *s, size_t n, int reserved)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_unreserved(c) || (reserved && is_reserved(c))) {
            hc_buf_addc(b, (char)c);
        } else if (reserved && c == '%' && i + 2 < n &&
                   is_hex((unsigned char)s[i + 1]) && is_hex((unsigned char)s[i + 2])) {
            hc_buf_add(b, s + i, 3);
            i += 2;
        } else {
            pct(b, c);
        }
    }
}

/* Bytes of the first `chars` UTF-8 characters of s. */
static size_t prefix_bytes(const char *s, size_t n, int chars)
{
    size_t i = 0;
    for (int k = 0; k < chars && i < n; k++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

/* Text of a scalar (string/number/bool); caller frees. NULL for composites. */
static char *scalar_text(const cJSON *v)
{
    if (cJSON_IsString(v)) return hc_strdup(v->valuestring);
    if (cJSON_IsTrue(v)) return hc_strdup("true");
    if (cJSON_IsFalse(v)) return hc_strdup("false");
    if (cJSON_IsNumber(v)) {
        char *t = cJSON_PrintUnformatted(v);
        char *s = hc_strdup(t);
        cJSON_free(t);
        return s;
    }
    return NULL;
}

static int is_defined(const cJSON *v)
{
    if (!v || cJSON_IsNull(v)) return 0;
    if ((cJSON_IsArray(v) || cJSON_IsObject(v)) && !v->child) return 0;
    return 1;
}

typedef struct varspec {
    char name[MAX_VARNAME + 1];
    int prefix; /* 0 = none */
    int explode;
} varspec;

static void add_value_text(hc_buf *b, const cJSON *v, int reserved)
{
    char *t = scalar_text(v);
    if (t) encode(b, t, strlen(t), reserved); /* nested composites expand to nothing */
    free(t);
}

static void expand_var(hc_buf *b, const op *o, const varspec *vs, const cJSON *v)
{
    if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
        char *t = scalar_text(v);
        if (!t) { b->oom = 1; return; }
        size_t n = strlen(t);
        if (o->named) {
            hc_buf_adds(b, vs->name);
            hc_buf_adds(b, n ? "=" : o->ifemp);
        }
        if (vs->prefix) n = prefix_bytes(t, n, vs->prefix);
        encode(b, t, n, o->reserved);
        free(t);
        return;
    }
    int is_list = cJSON_IsArray(v);
    const cJSON *item;
    int i = 0;
    if (!vs->explode) {
        if (o->named) { hc_buf_adds(b, vs->name); hc_buf_addc(b, '='); }
        cJSON_ArrayForEach(item, v) {
            if (i++) hc_buf_addc(b, ',');
            if (!is_list) {
                encode(b, item->string, strlen(item->string), o->reserved);
                hc_buf_addc(b, ',');
            }
            add_value_text(b, item, o->reserved);
        }
        return;
    }
    cJSON_ArrayForEach(item, v) {
        if (is_list && !is_defined(item) && !cJSON_IsString(item)) continue;
        if (i++) hc_buf_addc(b, o->sep);
        char *t = scalar_text(item);
        int empty = t && !*t;
        free(t);
        if (is_list) {
            if (o->named) { hc_buf_adds(b, vs->name); hc_buf_adds(b, empty ? o->ifemp : "="); }
        } else {
            encode(b, item->string, strlen(item->string), o->reserved);
            hc_buf_adds(b, empty && o->named ? o->ifemp : "=");
        }
        add_value_text(b, item, o->reserved);
    }
}

static int parse_varspec(const char *s, size_t n, varspec *vs)
{
    memset(vs, 0, sizeof *vs);
    size_t i = 0, k = 0;
    int prev_dot = 1;
    while (i < n && s[i] != ':' && s[i] != '*') {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n || !is_hex((unsigned char)s[i + 1]) || !is_hex((unsigned char)s[i + 2])) return 0;
            if (k + 3 > MAX_VARNAME) return 0;
            memcpy(vs->name + k, s + i, 3);
            k += 3;
            i += 3;
            prev_dot = 0;
            continue;
        }
        if (c == '.') {
            if (prev_dot) return 0;
            prev_dot = 1;
        } else if (is_alnum(c) || c == '_') {
            prev_dot = 0;
        } else {
            return 0;
        }
        if (k + 1 > MAX_VARNAME) return 0;
        vs->name[k++] = (char)c;
        i++;
    }
    if (k == 0 || prev_dot) return 0;
    if (i == n) return 1;
    if (s[i] == '*') { vs->explode = 1; return i + 1 == n; }
    i++; /* ':' */
    if (i == n || s[i] < '1' || s[i] > '9' || n - i > 4) return 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        vs->prefix = vs->prefix * 10 + (s[i] - '0');
    }
    return 1;
}

static const op *find_op(char c)
{
    for (size_t i = 1; i < sizeof ops / sizeof *ops; i++)
        if (ops[i].code == c) return &ops[i];
    return NULL;
}

static hc_code expand_expr(hc_buf *b, const char *expr, size_t n, const cJSON *values,
                           const char *tmpl, hc_error *err)
{
    const op *o = n ? find_op(expr[0]) : NULL;
    if (o) { expr++; n--; }
    else if (n && strchr("=,!@|", expr[0]))
        return hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': operator '%c' is reserved",
                       tmpl, expr[0]);
    else o = &ops[0];
    if (!n) return hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': empty expression", tmpl);
    int first = 1;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && expr[i] != ',') continue;
        varspec vs;
        if (!parse_varspec(expr + start, i - start, &vs))
            return hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': bad variable '%.*s'",
                           tmpl, (int)(i - start > 64 ? 64 : i - start), expr + start);
        start = i + 1;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(values, vs.name);
        if (vs.prefix && (cJSON_IsArray(v) || cJSON_IsObject(v)))
            return hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': prefix ':%d' on "
                           "composite value '%s'", tmpl, vs.prefix, vs.name);
        if (!is_defined(v)) continue;
        if (first) hc_buf_adds(b, o->first);
        else hc_buf_addc(b, o->sep);
        first = 0;
        expand_var(b, o, &vs, v);
    }
    return HC_OK;
}

hc_code hc_uritemplate_expand(const char *tmpl, const char *values_json, char **out,
                              hc_error *err)
{
    *out = NULL;
    if (!tmpl) return hc_fail(err, HC_ETEMPLATE, "no template given");
    cJSON *values = NULL;
    if (values_json && *values_json) {
        values = cJSON_Parse(values_json);
        if (!cJSON_IsObject(values)) {
            cJSON_Delete(values);
            return hc_fail(err, HC_EJSON, "template values must be a JSON object");
        }
    }
    hc_buf b;
    hc_buf_init(&b);
    hc_code rc = HC_OK;
    for (const char *p = tmpl; *p && rc == HC_OK;) {
        unsigned char c = (unsigned char)*p;
        if (c == '{') {
            const char *close = strpbrk(p + 1, "{}");
            if (!close || *close == '{') {
                rc = hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': unclosed '{'", tmpl);
                break;
            }
            rc = expand_expr(&b, p + 1, (size_t)(close - p - 1), values, tmpl, err);
            p = close + 1;
        } else if (c == '}') {
            rc = hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': '}' without '{'", tmpl);
        } else if (c == '%' && is_hex((unsigned char)p[1]) && is_hex((unsigned char)p[2])) {
            hc_buf_add(&b, p, 3);
            p += 3;
        } else if (is_unreserved(c) || is_reserved(c)) {
            hc_buf_addc(&b, (char)c);
            p++;
        } else if (c < 0x20 || c == 0x7f) {
            rc = hc_fail(err, HC_ETEMPLATE, "invalid template '%.200s': control character", tmpl);
        } else {
            pct(&b, c);
            p++;
        }
    }
    cJSON_Delete(values);
    if (rc == HC_OK && b.oom) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    if (rc != HC_OK) { hc_buf_free(&b); return rc; }
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}
