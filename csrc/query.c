/* query.c: query strings and request bodies (SPEC §5, §7): form encoding of JSON objects
 * with nested objects as dotted keys and lists in the configured style, merging with a
 * query already in the URL, and choosing the body bytes for a content type. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static const char *const style_names[] = {"repeat_key", "bracket", "index", "comma", "pipe"};

hc_code hc_list_style_parse(const char *name, hc_list_style *out, hc_error *err)
{
    for (size_t i = 0; name && i < sizeof style_names / sizeof *style_names; i++)
        if (strcmp(name, style_names[i]) == 0) {
            *out = (hc_list_style)i;
            return HC_OK;
        }
    return hc_fail(err, HC_EPARAMS,
                   "unknown parameters list style '%.64s' (use repeat_key, bracket, index, "
                   "comma or pipe)", name ? name : "");
}

const char *hc_list_style_name(hc_list_style style)
{
    return (unsigned)style < sizeof style_names / sizeof *style_names ? style_names[style]
                                                                      : "repeat_key";
}

/* A scalar's text: strings as they are, numbers and booleans as their JSON text. */
static void add_scalar(hc_buf *b, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        hc_form_escape(b, v->valuestring, strlen(v->valuestring), 1);
    } else if (cJSON_IsTrue(v)) {
        hc_buf_adds(b, "true");
    } else if (cJSON_IsFalse(v)) {
        hc_buf_adds(b, "false");
    } else {
        char *text = cJSON_PrintUnformatted(v);
        if (text) hc_form_escape(b, text, strlen(text), 1);
        else b->oom = 1;
        cJSON_free(text);
    }
}

/* Keys arrive escaped: names are form-encoded where they are read, while the '.', "[]" and
 * "[i]" that nesting and list styles add stay literal (SPEC §5 shows list[]=a). */
static void add_key(hc_buf *b, const char *key)
{
    if (b->len) hc_buf_addc(b, '&');
    hc_buf_adds(b, key);
}

static hc_code add_pair(hc_buf *b, const char *key, const cJSON *v, hc_list_style style,
                        int depth, hc_error *err);

static hc_code add_list(hc_buf *b, const char *key, const cJSON *list, hc_list_style style,
                        int depth, hc_error *err)
{
    if (style == HC_LIST_COMMA || style == HC_LIST_PIPE) {
        add_key(b, key);
        hc_buf_addc(b, '=');
        int i = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, list) {
            if (cJSON_IsObject(item) || cJSON_IsArray(item))
                return hc_fail(err, HC_EPARAMS, "parameter '%.64s': a %s list cannot hold "
                               "lists or objects", key, hc_list_style_name(style));
            if (i++) hc_buf_adds(b, style == HC_LIST_COMMA ? "," : "|");
            if (!cJSON_IsNull(item)) add_scalar(b, item);
        }
        return HC_OK;
    }
    int i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        hc_buf k;
        hc_buf_init(&k);
        hc_buf_adds(&k, key);
        if (style == HC_LIST_BRACKET) hc_buf_adds(&k, "[]");
        else if (style == HC_LIST_INDEX) hc_buf_addf(&k, "[%d]", i);
        i++;
        hc_code rc = k.oom ? hc_fail(err, HC_ENOMEM, "out of memory")
                           : add_pair(b, k.data, item, style, depth + 1, err);
        hc_buf_free(&k);
        if (rc != HC_OK) return rc;
    }
    return HC_OK;
}

static hc_code add_pair(hc_buf *b, const char *key, const cJSON *v, hc_list_style style,
                        int depth, hc_error *err)
{
    if (depth > 32) return hc_fail(err, HC_EPARAMS, "parameters are nested too deeply");
    if (cJSON_IsNull(v)) {
        add_key(b, key);
    } else if (cJSON_IsArray(v)) {
        return add_list(b, key, v, style, depth, err);
    } else if (cJSON_IsObject(v)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, v) {
            hc_buf k;
            hc_buf_init(&k);
            hc_buf_adds(&k, key);
            hc_buf_addc(&k, '.');
            hc_form_escape(&k, item->string, strlen(item->string), 1);
            hc_code rc = k.oom ? hc_fail(err, HC_ENOMEM, "out of memory")
                               : add_pair(b, k.data, item, style, depth + 1, err);
            hc_buf_free(&k);
            if (rc != HC_OK) return rc;
        }
    } else {
        add_key(b, key);
        hc_buf_addc(b, '=');
        add_scalar(b, v);
    }
    return HC_OK;
}

static hc_code encode_object(const cJSON *obj, hc_list_style style, char **out, hc_error *err)
{
    hc_buf b;
    hc_buf_init(&b);
    const cJSON *item;
    hc_code rc = HC_OK;
    cJSON_ArrayForEach(item, obj) {
        hc_buf k;
        hc_buf_init(&k);
        hc_form_escape(&k, item->string, strlen(item->string), 1);
        rc = k.oom ? hc_fail(err, HC_ENOMEM, "out of memory")
                   : add_pair(&b, k.data ? k.data : "", item, style, 0, err);
        hc_buf_free(&k);
        if (rc != HC_OK) break;
    }
    if (rc == HC_OK && b.oom) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    if (rc != HC_OK) { hc_buf_free(&b); return rc; }
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

hc_code hc_query_encode(const char *params_json, hc_list_style style, char **out,
                        hc_error *err)
{
    *out = NULL;
    if (!params_json || !*params_json) {
        *out = hc_strdup("");
        return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
    }
    cJSON *obj = cJSON_Parse(params_json);
    if (!cJSON_IsObject(obj)) {
        cJSON_Delete(obj);
        return hc_fail(err, HC_EJSON, "parameters must be an object of name: value");
    }
    hc_code rc = encode_object(obj, style, out, err);
    cJSON_Delete(obj);
    return rc;
}

hc_code hc_url_add_query(const char *url, const char *query, char **out, hc_error *err)
{
    *out = NULL;
    size_t before = strcspn(url, "#");
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_add(&b, url, before);
    if (query && *query) {
        const char *q = memchr(url, '?', before);
        if (!q) hc_buf_addc(&b, '?');
        else if (url[before - 1] != '?' && url[before - 1] != '&') hc_buf_addc(&b, '&');
        hc_buf_adds(&b, query);
    }
    hc_buf_adds(&b, url + before);
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

/* Media type without parameters, e.g. "application/json" from "application/json; q=1". */
static int type_is(const char *ct, const char *want)
{
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    while (n && (*ct == ' ' || *ct == '\t')) { ct++; n--; }
    return strlen(want) == n && strncasecmp(ct, want, n) == 0;
}

static int is_json_type(const char *ct)
{
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    return type_is(ct, "application/json") || (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

hc_code hc_body_encode(const char *data_json, const char *content_type, char **out,
                       size_t *out_len, hc_error *err)
{
    *out = NULL;
    *out_len = 0;
    cJSON *v = cJSON_Parse(data_json ? data_json : "");
    if (!v) return hc_fail(err, HC_EJSON, "the request body is not valid JSON");
    hc_code rc = HC_OK;
    if (!content_type || !*content_type || is_json_type(content_type)) {
        *out = hc_strdup(data_json);
    } else if (type_is(content_type, "application/x-www-form-urlencoded") && cJSON_IsObject(v)) {
        rc = encode_object(v, HC_LIST_REPEAT_KEY, out, err);
    } else if (cJSON_IsString(v)) {
        *out = hc_strdup(v->valuestring);
    } else {
        char *text = cJSON_PrintUnformatted(v);
        *out = hc_strdup(text);
        cJSON_free(text);
    }
    cJSON_Delete(v);
    if (rc == HC_OK && !*out) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    if (rc == HC_OK) *out_len = strlen(*out);
    return rc;
}
