/* uritemplate.c: RFC 6570 URI Template expansion, levels 1 to 4 (SPEC §4). Values are one
 * JSON object: strings, numbers and booleans are simple values (numbers and booleans as
 * their JSON text), arrays are lists, objects associative arrays; null, absent, [] and {}
 * are undefined and expand to nothing. */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"


/* SPEC §12: a short template can repeat a long value many times ({x}{x}{x}..., or a long
 * name over a long exploded list in {?name*}), so the output can grow as the square of the
 * input. Past HC_MAX_URL bytes it is refused rather than built (libcurl would refuse it
 * anyway); the size is checked after every literal, variable and list item, so the work
 * stops within one item of the limit. */
#define MAX_EXPANSION HC_MAX_URL

/* How each operator expands (RFC 6570 appendix A). */
typedef struct op {
    const char *first; /* before the first defined variable */
    char sep;          /* between variables, and between exploded items */
    char named;        /* name=value pairs */
    char eq_if_empty;  /* an empty value still gets its '=' (the query forms) */
    char reserved;     /* reserved characters and %XX triplets pass through */
} op;

static const op op_simple = {"", ',', 0, 0, 0};

static const op *find_op(char c)
{
    static const op plus = {"", ',', 0, 0, 1}, hash = {"#", ',', 0, 0, 1},
                    dot = {".", '.', 0, 0, 0}, slash = {"/", '/', 0, 0, 0},
                    semi = {";", ';', 1, 0, 0}, query = {"?", '&', 1, 1, 0},
                    amp = {"&", '&', 1, 1, 0};
    switch (c) {
    case '+': return &plus;
    case '#': return &hash;
    case '.': return &dot;
    case '/': return &slash;
    case ';': return &semi;
    case '?': return &query;
    case '&': return &amp;
    default: return NULL;
    }
}

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int is_unreserved(unsigned char c)
{
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
static int is_reserved(unsigned char c) { return c && strchr(":/?#[]@!$&'()*+,;=", c); }

/* One top-level value and what is learnt about it on first use, so that a template naming
 * it many times costs no more per use than what the use writes (SPEC §12: linear work). */
typedef struct entry {
    const cJSON *v;       /* NULL = a free slot */
    int ready;            /* the fields below are filled in */
    int nested;           /* a list or object holding a list or object */
    const cJSON **items;  /* a list's or object's non-null members */
    size_t n_items;
    const char *text;     /* a simple value's text (a string's own bytes, or own_text) */
    size_t len;
    char *own_text;       /* a number's or boolean's text */
} entry;

typedef struct expander {
    const char *tmpl;
    const cJSON *values;  /* an object, or NULL for none */
    entry *index;         /* open addressing over the values' names */
    size_t mask;
    hc_buf out;
    hc_buf scratch;       /* the text of a number or boolean */
    hc_error *err;
} expander;

static hc_code fail(expander *x, const char *fmt, ...) HC_PRINTF(2, 3);
static hc_code fail(expander *x, const char *fmt, ...)
{
    char why[256], q[224];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    hc_quote(q, sizeof q, x->tmpl);
    return hc_fail(x->err, HC_ETEMPLATE, "invalid URI template '%s': %s", q, why);
}

/* ---- looking up values ------------------------------------------------------------- */

static size_t name_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)h;
}

static int name_is(const cJSON *m, const char *name, size_t n)
{
    return strncmp(m->string, name, n) == 0 && m->string[n] == '\0';
}

/* A template with many variables against an object with many names would otherwise cost
 * their product. The first of duplicate names wins, as with cJSON_GetObjectItem. */
static hc_code build_index(expander *x)
{
    size_t n = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, x->values) n++;
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    x->index = calloc(cap, sizeof *x->index);
    if (!x->index) return hc_fail(x->err, HC_ENOMEM, "out of memory");
    x->mask = cap - 1;
    cJSON_ArrayForEach(m, x->values) {
        size_t len = strlen(m->string), i = name_hash(m->string, len) & x->mask;
        while (x->index[i].v && !name_is(x->index[i].v, m->string, len)) i = (i + 1) & x->mask;
        if (!x->index[i].v) x->index[i].v = m;
    }
    return HC_OK;
}

static void free_index(expander *x)
{
    for (size_t i = 0; x->index && i <= x->mask; i++) {
        free(x->index[i].items);
        free(x->index[i].own_text);
    }
    free(x->index);
}

/* Fills in e's fields once: for a list or object its non-null members and whether one of
 * them is a list or object, for a simple value its text. */
static hc_code prepare(expander *x, entry *e)
{
    if (e->ready) return HC_OK;
    const cJSON *v = e->v, *m;
    if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        size_t n = 0;
        cJSON_ArrayForEach(m, v) {
            if (cJSON_IsArray(m) || cJSON_IsObject(m)) e->nested = 1;
            if (!cJSON_IsNull(m)) n++;
        }
        if (n) {
            e->items = malloc(n * sizeof *e->items);
            if (!e->items) return hc_fail(x->err, HC_ENOMEM, "out of memory");
            cJSON_ArrayForEach(m, v)
                if (!cJSON_IsNull(m)) e->items[e->n_items++] = m;
        }
    } else if (cJSON_IsString(v)) {
        e->text = v->valuestring;
        e->len = hc_json_string_len(v); /* a NUL is a character (SPEC §12 v2) */
    } else if (!cJSON_IsNull(v)) {
        hc_buf b;
        hc_buf_init(&b);
        hc_json_scalar_text(v, &b);
        e->len = b.len;
        e->own_text = hc_buf_take(&b);
        if (!e->own_text) return hc_fail(x->err, HC_ENOMEM, "out of memory");
        e->text = e->own_text;
    }
    e->ready = 1;
    return HC_OK;
}

static entry *lookup(const expander *x, const char *name, size_t n)
{
    if (!x->values) return NULL;
    for (size_t i = name_hash(name, n) & x->mask; x->index[i].v; i = (i + 1) & x->mask)
        if (name_is(x->index[i].v, name, n)) return &x->index[i];
    return NULL;
}

/* ---- writing ----------------------------------------------------------------------- */

static void add_pct(hc_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[3] = {'%', hex[c >> 4], hex[c & 15]};
    hc_buf_add(b, e, 3);
}

static void encode(hc_buf *b, const char *s, size_t n, int reserved)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_unreserved(c) || (reserved && is_reserved(c))) {
            hc_buf_addc(b, (char)c);
        } else if (reserved && c == '%' && i + 2 < n && is_hex((unsigned char)s[i + 1]) &&
                   is_hex((unsigned char)s[i + 2])) {
            hc_buf_add(b, s + i, 3);
            i += 2;
        } else {
            add_pct(b, c);
        }
    }
}

/* The text of a simple value: a string's own bytes, else its JSON text in scratch. */
static const char *text_of(expander *x, const cJSON *v, size_t *n)
{
    if (cJSON_IsString(v)) {
        *n = hc_json_string_len(v);
        return v->valuestring;
    }
    x->scratch.len = 0;
    hc_json_scalar_text(v, &x->scratch);
    *n = x->scratch.len;
    return x->scratch.data ? x->scratch.data : "";
}

/* Bytes of the well-formed UTF-8 character at s (n > 0 bytes left), or 1 for a byte that
 * starts none (a stray continuation byte, an overlong form, a surrogate, a cut sequence):
 * such a byte counts as one character. The rule is util.c's hc_utf8_seq. */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
    size_t len = hc_utf8_seq(s, n);
    return len ? len : 1;
}

/* Bytes taken by the first `chars` characters of s[0..n) (SPEC §4 v2 prefix modifier): a
 * UTF-8 character is one character, and with `reserved` (the '+' and '#' expansions, where
 * encode() keeps %XX triplets) so is a %XX triplet. Nothing is ever cut in two. */
static size_t prefix_bytes(const char *s, size_t n, int chars, int reserved)
{
    size_t i = 0;
    for (int k = 0; k < chars && i < n; k++) {
        if (reserved && s[i] == '%' && i + 2 < n && is_hex((unsigned char)s[i + 1]) &&
            is_hex((unsigned char)s[i + 2]))
            i += 3;
        else
            i += utf8_char_len((const unsigned char *)s + i, n - i);
    }
    return i;
}

/* ---- expressions ------------------------------------------------------------------- */

typedef struct varspec {
    const char *name; /* into the template */
    size_t len;
    int prefix;       /* 0 = none; else 1..9999 */
    int explode;
} varspec;

/* varname = varchar *( ["."] varchar ), varchar = ALPHA / DIGIT / "_" / pct-encoded;
 * modifier = ":" 1-9 then up to three digits, or "*". Returns NULL or why it is bad. */
static const char *parse_varspec(const char *s, size_t n, varspec *vs)
{
    size_t i = 0;
    memset(vs, 0, sizeof *vs);
    vs->name = s;
    while (i < n && s[i] != ':' && s[i] != '*') {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n || !is_hex((unsigned char)s[i + 1]) || !is_hex((unsigned char)s[i + 2]))
                return "a '%' in a variable name must start a %XX escape";
            i += 3;
        } else if (c == '.') {
            if (i == 0 || s[i - 1] == '.') return "a '.' in a variable name must sit between "
                                                  "two name characters";
            i++;
        } else if (is_alnum(c) || c == '_') {
            i++;
        } else {
            return "a variable name may hold only letters, digits, '_', '.' and %XX escapes";
        }
    }
    vs->len = i;
    if (i == 0) return "a variable name is missing";
    if (s[i - 1] == '.') return "a variable name cannot end with '.'";
    if (i == n) return NULL;
    if (s[i] == '*') {
        vs->explode = 1;
        return i + 1 == n ? NULL : "nothing may follow the explode modifier '*'";
    }
    size_t digits = n - i - 1;
    if (digits == 0 || digits > 4 || s[i + 1] < '1' || s[i + 1] > '9')
        return "a prefix ':N' needs N from 1 to 9999";
    for (size_t k = i + 1; k < n; k++) {
        if (s[k] < '0' || s[k] > '9') return "a prefix ':N' needs N from 1 to 9999";
        vs->prefix = vs->prefix * 10 + (s[k] - '0');
    }
    return NULL;
}

/* Appends "name=" (or the bare name / "name=" for an empty value, by operator). */
static void add_name(expander *x, const op *o, const varspec *vs, int empty)
{
    hc_buf_add(&x->out, vs->name, vs->len);
    if (!empty || o->eq_if_empty) hc_buf_addc(&x->out, '=');
}

static hc_code too_long(expander *x)
{
    return fail(x, "it expands to more than the limit of %zu bytes", MAX_EXPANSION);
}

static hc_code expand_composite(expander *x, const op *o, const varspec *vs, const entry *e)
{
    int is_list = cJSON_IsArray(e->v);
    char sep = vs->explode ? o->sep : ',';
    if (!vs->explode && o->named) add_name(x, o, vs, 0);
    for (size_t i = 0; i < e->n_items; i++) {
        const cJSON *m = e->items[i];
        size_t n;
        const char *t = text_of(x, m, &n);
        if (i) hc_buf_addc(&x->out, sep);
        if (is_list) {
            if (vs->explode && o->named) add_name(x, o, vs, n == 0);
        } else {
            encode(&x->out, m->string, strlen(m->string), o->reserved);
            if (!vs->explode) hc_buf_addc(&x->out, ',');
            else if (n || !o->named || o->eq_if_empty) hc_buf_addc(&x->out, '=');
        }
        encode(&x->out, t, n, o->reserved);
        if (x->out.len > MAX_EXPANSION) return too_long(x);
    }
    return HC_OK;
}

static hc_code expand_var(expander *x, const op *o, const varspec *vs, int *first)
{
    entry *e = lookup(x, vs->name, vs->len);
    if (!e || cJSON_IsNull(e->v)) return HC_OK; /* undefined */
    hc_code rc = prepare(x, e);
    if (rc != HC_OK) return rc;
    const cJSON *v = e->v;
    char name[72];
    int composite = cJSON_IsArray(v) || cJSON_IsObject(v);
    if (composite) {
        snprintf(name, sizeof name, "%.*s%s", vs->len > 64 ? 64 : (int)vs->len, vs->name,
                 vs->len > 64 ? "..." : "");
        if (vs->prefix)
            return fail(x, "the prefix ':%d' cannot apply to '%s', which is a %s", vs->prefix,
                        name, cJSON_IsArray(v) ? "list" : "object");
        if (e->nested)
            return fail(x, "the value of '%s' holds a list or object inside a %s, which "
                        "RFC 6570 cannot expand", name, cJSON_IsArray(v) ? "list" : "object");
        /* RFC 6570 §2.3: a list or object without a non-null member is undefined */
        if (!e->n_items) return HC_OK;
    }
    if (*first) hc_buf_adds(&x->out, o->first);
    else hc_buf_addc(&x->out, o->sep);
    *first = 0;
    if (composite) return expand_composite(x, o, vs, e);
    size_t n = e->len;
    if (o->named) add_name(x, o, vs, n == 0);
    if (vs->prefix) n = prefix_bytes(e->text, n, vs->prefix, o->reserved);
    encode(&x->out, e->text, n, o->reserved);
    return HC_OK;
}

/* expr is what lies between '{' and '}'. */
static hc_code expand_expr(expander *x, const char *expr, size_t n)
{
    char q[80];
    if (n == 0) return fail(x, "an expression '{}' names no variable");
    const op *o = find_op(expr[0]);
    if (o) {
        expr++;
        n--;
    } else if (strchr("=,!@|", expr[0])) {
        return fail(x, "the operator '%c' is reserved by RFC 6570", expr[0]);
    } else {
        o = &op_simple;
    }
    int first = 1;
    for (size_t start = 0, i = 0; i <= n; i++) {
        if (i < n && expr[i] != ',') continue;
        varspec vs;
        const char *why = parse_varspec(expr + start, i - start, &vs);
        if (why) {
            char *part = hc_strndup(expr + start, i - start);
            hc_quote(q, 72, part ? part : "");
            free(part);
            return fail(x, "%s (in '%s')", why, q);
        }
        hc_code rc = expand_var(x, o, &vs, &first);
        if (rc != HC_OK) return rc;
        if (x->out.len > MAX_EXPANSION) return too_long(x);
        start = i + 1;
    }
    return HC_OK;
}

/* Literals: characters a URI allows are copied, %XX triplets kept, anything else (spaces,
 * quotes, non-ASCII UTF-8) percent-encoded as RFC 6570 §3.1 says. Control characters are
 * refused: no template needs one, and CR/LF in a URL is an injection. */
static hc_code expand_template(expander *x)
{
    for (const char *p = x->tmpl; *p;) {
        unsigned char c = (unsigned char)*p;
        if (c == '{') {
            const char *end = p + 1 + strcspn(p + 1, "{}");
            if (*end != '}') return fail(x, "a '{' is not closed by '}'");
            hc_code rc = expand_expr(x, p + 1, (size_t)(end - p - 1));
            if (rc != HC_OK) return rc;
            p = end + 1;
            continue;
        }
        if (c == '}') return fail(x, "a '}' has no '{' before it");
        if (c < 0x20 || c == 0x7f) return fail(x, "it holds the control character \\x%02X", c);
        if (c == '%' && is_hex((unsigned char)p[1]) && is_hex((unsigned char)p[2])) {
            hc_buf_add(&x->out, p, 3);
            p += 3;
            continue;
        }
        if (is_unreserved(c) || is_reserved(c)) hc_buf_addc(&x->out, (char)c);
        else add_pct(&x->out, c);
        p++;
        if (x->out.len > MAX_EXPANSION) return too_long(x);
    }
    return HC_OK;
}

hc_code hc_uritemplate_expand(const char *tmpl, const char *values_json, char **out,
                              hc_error *err)
{
    *out = NULL;
    if (!tmpl) return hc_fail(err, HC_EINVAL, "no URI template given");
    cJSON *values = NULL;
    hc_code rc = hc_json_load(values_json, "template values", HC_NUL_VALUES, &values, err);
    if (rc != HC_OK) return rc;
    if (values && !cJSON_IsObject(values) && !cJSON_IsNull(values)) {
        cJSON_Delete(values);
        return hc_fail(err, HC_EJSON, "template values must be a JSON object of name: value");
    }
    expander x = {.tmpl = tmpl, .values = cJSON_IsObject(values) ? values : NULL, .err = err};
    hc_buf_init(&x.out);
    hc_buf_init(&x.scratch);
    rc = x.values ? build_index(&x) : HC_OK;
    if (rc == HC_OK) rc = expand_template(&x);
    if (rc == HC_OK && (x.out.oom || x.scratch.oom)) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    free_index(&x);
    hc_buf_free(&x.scratch);
    cJSON_Delete(values);
    if (rc != HC_OK) { hc_buf_free(&x.out); return rc; }
    *out = hc_buf_take(&x.out);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}
