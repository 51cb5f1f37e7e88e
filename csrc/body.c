/* body.c: the bytes a request body sends for its content type (SPEC §7). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* ---- bodies ------------------------------------------------------------------------ */

/* SPEC §12: a form body repeats each key once per list item (repeat_key), so its size can
 * grow as the square of the data; past this it is refused. The same as max_body's
 * default for responses: no form a person fills in comes near it. */
#define MAX_FORM ((size_t)64 << 20)

/* The media type of a Content-Type value, parameters (";charset=...") and blanks cut. */
static void media_type(const char *ct, const char **start, size_t *len)
{
    while (*ct == ' ' || *ct == '\t') ct++;
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    *start = ct;
    *len = n;
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
    int json_type = tlen == 0 || hc_json_media_type(content_type) == 1;
    int form = tlen == 33 && strncasecmp(type, "application/x-www-form-urlencoded", tlen) == 0;
    cJSON *v = NULL;
    /* Only form encoding reads strings through cJSON: it needs their full bytes (SPEC §12
     * v2: a NUL in a value is %00) and refuses a NUL in a name, as parameters do. */
    hc_code rc = hc_json_load(data_json, "the request body", form ? HC_NUL_VALUES : HC_NUL_CUT,
                              &v, err);
    if (rc != HC_OK) return rc;
    if (!v) return hc_fail(err, HC_EJSON, "the request body: not valid JSON");
    hc_buf b;
    hc_buf_init(&b);
    if (!json_type && form && cJSON_IsObject(v)) {
        rc = hc_query_encode_object(v, HC_LIST_REPEAT_KEY, MAX_FORM, "the form body", out,
                                    err);
    } else if (!json_type && cJSON_IsString(v)) {
        hc_json_decode_string(&b, data_json); /* cJSON's C string would end at a NUL */
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
