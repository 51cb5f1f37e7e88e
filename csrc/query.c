/* query.c: query strings from JSON values (SPEC §5): form encoding, nested objects as
 * dotted keys, lists in one of five styles. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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
    hc_buf key;     /* the escaped key of the value being encoded */
    hc_buf scratch; /* a scalar's text before escaping */
    hc_list_style style;
    int pairs;
    size_t max;     /* the output may not grow past this (SPEC §12) */
    const char *what;
    hc_error *err;
} qenc;

static void start_pair(qenc *q)
{
    if (q->pairs++) hc_buf_addc(&q->out, '&');
    hc_buf_add(&q->out, q->key.data ? q->key.data : "", q->key.len);
}

static void add_scalar(qenc *q, const cJSON *v)
{
    q->scratch.len = 0;
    hc_json_scalar_text(v, &q->scratch);
    if (q->scratch.oom) q->out.oom = 1;
    else hc_form_escape(&q->out, q->scratch.data ? q->scratch.data : "", q->scratch.len, 1);
}

/* SPEC §12: repeat_key writes the key once per item, so a long key over a long list is
 * quadratic in the input (a 20,000-byte key over 20,000 items is 400 MB). The output is
 * checked after every pair, so the work stops within one pair of the limit. */
static hc_code check_size(qenc *q)
{
    if (q->out.len <= q->max) return HC_OK;
    return hc_fail(q->err, HC_EPARAMS, "%s: the encoded text would be longer than the limit "
                   "of %zu bytes", q->what, q->max);
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
        return check_size(q);
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
    return check_size(q);
}

/* Encodes the members of obj; *out: caller owns. */
hc_code hc_query_encode_object(const cJSON *obj, hc_list_style style, size_t max,
                               const char *what, char **out, hc_error *err)
{
    qenc q = {.style = style, .max = max, .what = what, .err = err};
    hc_buf_init(&q.out);
    hc_buf_init(&q.key);
    hc_buf_init(&q.scratch);
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
    hc_buf_free(&q.scratch);
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
    hc_code rc = hc_json_load(params_json, "query parameters", HC_NUL_VALUES, &obj, err);
    if (rc != HC_OK) return rc;
    if (!obj || cJSON_IsNull(obj)) {
        cJSON_Delete(obj);
        *out = hc_strdup("");
        return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
    }
    if (!cJSON_IsObject(obj)) rc = hc_fail(err, HC_EJSON, "query parameters must be a JSON "
                                           "object of name: value");
    else rc = hc_query_encode_object(obj, style, HC_MAX_URL, "query parameters", out, err);
    cJSON_Delete(obj);
    return rc;
}
