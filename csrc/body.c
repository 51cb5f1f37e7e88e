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
    int json_type = tlen == 0 || hc_json_media_type(content_type) == 1;
    int form = tlen == 33 && strncasecmp(type, "application/x-www-form-urlencoded", tlen) == 0;
    cJSON *v = NULL;
    /* Only form encoding reads strings through cJSON, so only it must refuse a NUL. */
    hc_code rc = hc_json_load(data_json, "the request body", !form, &v, err);
    if (rc != HC_OK) return rc;
    if (!v) return hc_fail(err, HC_EJSON, "the request body: not valid JSON");
    hc_buf b;
    hc_buf_init(&b);
    if (!json_type && form && cJSON_IsObject(v)) {
        rc = hc_query_encode_object(v, HC_LIST_REPEAT_KEY, MAX_FORM, "the form body", out,
                                    err);
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
