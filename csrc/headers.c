/* headers.c: an ordered set of HTTP headers with case-insensitive names (SPEC §6).
 * Setting a name replaces any spelling of it; names must be tokens and values may not
 * carry CR, LF or NUL, which is what stops header injection before anything is sent. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct entry {
    char *name;
    char *value;
} entry;

struct hc_headers {
    entry *items;
    size_t n, cap;
};

hc_headers *hc_headers_new(void) { return calloc(1, sizeof(hc_headers)); }

void hc_headers_delete(hc_headers *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++) {
        free(h->items[i].name);
        free(h->items[i].value);
    }
    free(h->items);
    free(h);
}

static int is_token_char(unsigned char c)
{
    if (c >= 'a' && c <= 'z') return 1;
    if (c >= 'A' && c <= 'Z') return 1;
    if (c >= '0' && c <= '9') return 1;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static hc_code check(const char *name, const char *value, hc_error *err)
{
    if (!name || !*name) return hc_fail(err, HC_EHEADER, "a header name must not be empty");
    if (!value) return hc_fail(err, HC_EHEADER, "header '%.100s' has no value", name);
    if (hc_has_crlf(name) || hc_has_crlf(value))
        return hc_fail(err, HC_EHEADER,
                       "header '%.100s' contains CR or LF (header injection); nothing was sent",
                       name);
    for (const char *p = name; *p; p++)
        if (!is_token_char((unsigned char)*p))
            return hc_fail(err, HC_EHEADER, "header name '%.100s' contains an invalid character",
                           name);
    return HC_OK;
}

static entry *find(const hc_headers *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (hc_strcaseeq(h->items[i].name, name)) return &h->items[i];
    return NULL;
}

static hc_code put(hc_headers *h, const char *name, const char *value, int append,
                   hc_error *err)
{
    hc_code rc = check(name, value, err);
    if (rc != HC_OK) return rc;
    entry *e = find(h, name);
    if (e && append) {
        hc_buf b;
        hc_buf_init(&b);
        hc_buf_adds(&b, e->value);
        hc_buf_adds(&b, ", ");
        hc_buf_adds(&b, value);
        char *joined = hc_buf_take(&b);
        if (!joined) return hc_fail(err, HC_ENOMEM, "out of memory");
        free(e->value);
        e->value = joined;
        return HC_OK;
    }
    char *n = hc_strdup(name), *v = hc_strdup(value);
    if (!n || !v) { free(n); free(v); return hc_fail(err, HC_ENOMEM, "out of memory"); }
    if (e) {
        free(e->name);
        free(e->value);
        e->name = n; /* the new spelling wins */
        e->value = v;
        return HC_OK;
    }
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        entry *items = realloc(h->items, cap * sizeof *items);
        if (!items) { free(n); free(v); return hc_fail(err, HC_ENOMEM, "out of memory"); }
        h->items = items;
        h->cap = cap;
    }
    h->items[h->n].name = n;
    h->items[h->n].value = v;
    h->n++;
    return HC_OK;
}

hc_code hc_headers_set(hc_headers *h, const char *name, const char *value, hc_error *err)
{
    return put(h, name, value, 0, err);
}

hc_code hc_headers_append(hc_headers *h, const char *name, const char *value, hc_error *err)
{
    return put(h, name, value, 1, err);
}

hc_headers *hc_headers_copy(const hc_headers *h)
{
    hc_headers *c = hc_headers_new();
    if (!c) return NULL;
    for (size_t i = 0; h && i < h->n; i++)
        if (put(c, h->items[i].name, h->items[i].value, 0, NULL) != HC_OK) {
            hc_headers_delete(c);
            return NULL;
        }
    return c;
}

int hc_headers_remove(hc_headers *h, const char *name)
{
    entry *e = name ? find(h, name) : NULL;
    if (!e) return 0;
    free(e->name);
    free(e->value);
    size_t i = (size_t)(e - h->items);
    memmove(e, e + 1, (h->n - i - 1) * sizeof *e);
    h->n--;
    return 1;
}

const char *hc_headers_get(const hc_headers *h, const char *name)
{
    entry *e = (h && name) ? find(h, name) : NULL;
    return e ? e->value : NULL;
}

size_t hc_headers_count(const hc_headers *h) { return h ? h->n : 0; }
const char *hc_headers_name(const hc_headers *h, size_t i) { return i < h->n ? h->items[i].name : NULL; }
const char *hc_headers_value(const hc_headers *h, size_t i) { return i < h->n ? h->items[i].value : NULL; }

hc_code hc_headers_merge_json(hc_headers *h, const char *obj_json, hc_error *err)
{
    cJSON *obj = cJSON_Parse(obj_json ? obj_json : "");
    if (!cJSON_IsObject(obj)) {
        cJSON_Delete(obj);
        return hc_fail(err, HC_EJSON, "headers must be an object of name: value");
    }
    hc_code rc = HC_OK;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        if (cJSON_IsNull(item)) {
            hc_headers_remove(h, item->string);
        } else if (cJSON_IsString(item)) {
            rc = hc_headers_set(h, item->string, item->valuestring, err);
        } else if (cJSON_IsNumber(item) || cJSON_IsBool(item)) {
            char *text = cJSON_PrintUnformatted(item);
            rc = text ? hc_headers_set(h, item->string, text, err)
                      : hc_fail(err, HC_ENOMEM, "out of memory");
            cJSON_free(text);
        } else {
            rc = hc_fail(err, HC_EJSON, "header '%.100s' must be a string, number or boolean",
                         item->string);
        }
        if (rc != HC_OK) break;
    }
    cJSON_Delete(obj);
    return rc;
}

char *hc_headers_to_json(const hc_headers *h)
{
    cJSON *obj = cJSON_CreateObject();
    for (size_t i = 0; obj && h && i < h->n; i++)
        cJSON_AddStringToObject(obj, h->items[i].name, h->items[i].value);
    char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;
    cJSON_Delete(obj);
    char *out = hc_strdup(text);
    cJSON_free(text);
    return out;
}
