/* concurrency.c: the If-Match rule of optimistic concurrency (SPEC §8). Only a change (PUT,
 * PATCH, DELETE) of the resource itself carries its ETag: another resource's link would get
 * a spurious 412 from a representation that ETag does not describe. Which ETag: a strong
 * header, else the body's etag field exactly as the server wrote it, else a weak header. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int is_change(const char *method)
{
    return method && (hc_strcaseeq(method, "PUT") || hc_strcaseeq(method, "PATCH") ||
                      hc_strcaseeq(method, "DELETE"));
}

int hc_if_match_applies(const char *method, const char *link_href, const char *self_href)
{
    /* The hrefs are compared exactly, as the resource wrote them: "/c/1/" or another
     * spelling of the URL may be a different resource, and a wrong guess costs a 412. */
    return is_change(method) && link_href && self_href && *self_href &&
           strcmp(link_href, self_href) == 0;
}

const char *hc_etag_strong(const char *etag)
{
    return etag && *etag && !(etag[0] == 'W' && etag[1] == '/') ? etag : NULL;
}

const char *hc_if_match_etag(const char *etag_header, const char *etag_value)
{
    int header = etag_header && *etag_header, field = etag_value && *etag_value;
    /* A weak tag never satisfies If-Match (RFC 9110 §13.1.1: strong comparison); proxies
     * weaken strong tags when they compress, while the body's field stays as written. */
    if (header && (hc_etag_strong(etag_header) || !field)) return etag_header;
    if (field) return etag_value;
    return NULL;
}

const char *hc_if_match(const char *method, const char *link_href, const char *self_href,
                        const char *etag_header, const char *etag_value)
{
    if (!hc_if_match_applies(method, link_href, self_href)) return NULL;
    return hc_if_match_etag(etag_header, etag_value);
}

char *hc_etag_field_exact(const char *value, const char *source, const char *field)
{
    if (!value) return NULL;
    char *exact = NULL;
    hc_error ignored;
    if (source) hc_etag_field_text(source, field, &exact, &ignored);
    if (exact && strcmp(exact, value) != 0) {
        char *end1, *end2;
        double a = strtod(exact, &end1), b = strtod(value, &end2);
        if (*end1 || *end2 || end1 == exact || end2 == value || a != b) {
            free(exact); /* changed since: the field as it is now */
            exact = NULL;
        }
    }
    return exact ? exact : hc_strdup(value);
}

hc_code hc_etag_field_text(const char *body_json, const char *field, char **out,
                           hc_error *err)
{
    *out = NULL;
    if (!body_json || !field) return HC_OK;
    cJSON *body = NULL;
    hc_error ignored;
    if (strncmp(body_json, "\xEF\xBB\xBF", 3) == 0) body_json += 3; /* SPEC §9: a BOM */
    /* a body that is not JSON simply has no etag field */
    if (hc_json_load(body_json, "the response body", HC_NUL_KEEP, &body, &ignored) != HC_OK) return HC_OK;
    const cJSON *v = cJSON_IsObject(body) ? cJSON_GetObjectItemCaseSensitive(body, field) : NULL;
    /* a field holding a NUL cannot be sent as If-Match (SPEC §12): it counts as no field */
    if (cJSON_IsString(v) && hc_json_string_len(v) != strlen(v->valuestring)) v = NULL;
    hc_code rc = HC_OK;
    /* a number as its own digits (hc_json_load keeps them): 9007199254740993 stays exact */
    if (cJSON_IsString(v) || (cJSON_IsNumber(v) && v->valuestring)) {
        *out = hc_strdup(v->valuestring);
        if (!*out) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    }
    cJSON_Delete(body);
    return rc;
}
