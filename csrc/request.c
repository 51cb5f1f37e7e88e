/* request.c: everything decided about a request before any I/O: the URL (template,
 * parameters, base URL, scheme), the header set (defaults, credential scoping, this
 * request's own headers, Content-type, If-Match) and the body bytes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* Default credentials go only to the base URL's origin (SPEC §12). */
static const char *const credential_names[] = {"Authorization", "Proxy-Authorization",
                                               "Cookie"};
#define N_CREDENTIALS (sizeof credential_names / sizeof *credential_names)

int hc_header_is_credential(const char *name)
{
    for (size_t i = 0; name && i < N_CREDENTIALS; i++)
        if (hc_strcaseeq(name, credential_names[i])) return 1;
    return 0;
}

const char *hc_header_shown(const char *name, const char *value)
{
    /* a response's Set-Cookie carries what the next request's Cookie will: hidden alike */
    return hc_header_is_credential(name) || (name && hc_strcaseeq(name, "Set-Cookie")) ? "[redacted]" : value;
}

void hc_remove_credentials(hc_headers *h)
{
    for (size_t i = 0; i < N_CREDENTIALS; i++) hc_headers_remove(h, credential_names[i]);
}

hc_code hc_build_url(const hc_snapshot *snap, const hc_request_opts *opts, char **out,
                     hc_error *err)
{
    *out = NULL;
    if (!opts->url) return hc_fail(err, HC_EINVAL, "a request needs a URL");
    char *expanded = NULL, *joined = NULL, *query = NULL;
    /* SPEC §4: a link's href is a template only when it says so or values are given */
    hc_code rc = opts->link_literal && !opts->template_values
                     ? hc_url_encode_reference(opts->url, &expanded, err)
                     : hc_uritemplate_expand(opts->url, opts->template_values, &expanded, err);
    if (rc == HC_OK)
        rc = hc_url_resolve(snap->base_url, opts->document_url, expanded, &joined, err);
    if (rc == HC_OK && opts->parameters)
        rc = hc_query_encode(opts->parameters, snap->style, &query, err);
    if (rc == HC_OK && query && *query) {
        rc = hc_url_add_query(joined, query, out, err);
    } else if (rc == HC_OK) {
        *out = joined;
        joined = NULL;
    }
    if (rc == HC_OK) rc = hc_url_check_scheme(*out, err);
    if (rc != HC_OK) { hc_free(*out); *out = NULL; }
    hc_free(expanded);
    hc_free(joined);
    hc_free(query);
    return rc;
}

static char *upper_copy(const char *s)
{
    char *u = hc_strdup(s);
    for (char *p = u; p && *p; p++) *p = (char)toupper((unsigned char)*p);
    return u;
}

static hc_code check_method(const char *method, hc_error *err)
{
    if (!method || !*method) return hc_fail(err, HC_EINVAL, "a request needs a method");
    for (const char *p = method; *p; p++)
        if (!isalpha((unsigned char)*p))
            return hc_fail(err, HC_EINVAL, "invalid HTTP method '%.64s'", method);
    return HC_OK;
}

/* SPEC §8: If-Match for a change of the resource itself (an If-Match given by the caller
 * wins), require_if_match, and how many 412s to answer by refreshing the ETag. */
static hc_code add_if_match(const hc_snapshot *snap, const hc_request_opts *opts,
                            const char *url, hc_headers *h, int *retries, hc_error *err)
{
    *retries = opts->conflict_retries > 0 ? opts->conflict_retries : 0;
    if (hc_headers_get(h, "If-Match")) return HC_OK;
    /* SPEC §12: a field holding a NUL can never be sent, and sending the change without it
     * would drop the conflict check: refused, unless a strong ETag header is used instead */
    if (opts->etag_value && opts->etag_value_len > strlen(opts->etag_value)) {
        const char *header = hc_etag_strong(opts->etag_header);
        if (header) return hc_headers_set(h, "If-Match", header, err);
        char q[240];
        hc_quote(q, sizeof q, url);
        return hc_fail(err, HC_EINVAL, "refusing to %s %s: the resource's etag field '%s' holds a "
                       "NUL byte, which cannot be sent as If-Match (SPEC §8, §12); set the field to "
                       "its ETag, or GET the resource again", opts->method, q, snap->etag_field);
    }
    char *field = hc_etag_field_exact(opts->etag_value, opts->etag_source, snap->etag_field);
    if (opts->etag_value && !field) return hc_fail(err, HC_ENOMEM, "out of memory");
    const char *etag = hc_if_match_etag(opts->etag_header, field);
    hc_code rc = HC_OK;
    if (etag) {
        rc = hc_headers_set(h, "If-Match", etag, err);
    } else if (snap->require_if_match) {
        char q[240];
        hc_quote(q, sizeof q, url);
        rc = hc_fail(err, HC_ENOETAG, "refusing to %s %s without If-Match: the resource has no "
                     "ETag (require_if_match is on); GET the resource first to get its ETag",
                     opts->method, q);
    }
    free(field);
    return rc;
}

/* Takes snap->headers (the snapshot's own copy) as the request's header set. */
static hc_code build_headers(hc_snapshot *snap, const hc_request_opts *opts,
                             const char *url, hc_headers **out, int *retries, hc_error *err)
{
    hc_headers *h = snap->headers;
    snap->headers = NULL;
    if (!h) return hc_fail(err, HC_ENOMEM, "out of memory");
    if (!hc_url_same_origin(url, snap->base_url)) hc_remove_credentials(h);
    hc_code rc = HC_OK;
    /* SPEC §9 raw bytes: the default JSON Content-type does not apply to them. */
    if (opts->raw_body) hc_headers_remove(h, "Content-type");
    if (opts->headers) rc = hc_headers_merge_json(h, opts->headers, err);
    if (rc == HC_OK && opts->content_type)
        rc = hc_headers_set(h, "Content-type", opts->content_type, err);
    if (rc == HC_OK && opts->raw_body && !hc_headers_get(h, "Content-type"))
        rc = hc_headers_set(h, "Content-type", "application/octet-stream", err);
    if (rc == HC_OK && hc_if_match_applies(opts->method, opts->url, opts->self_href))
        rc = add_if_match(snap, opts, url, h, retries, err);
    if (rc != HC_OK) { hc_headers_delete(h); return rc; }
    *out = h;
    return HC_OK;
}

hc_code hc_prepare(hc_snapshot *snap, const hc_request_opts *opts, hc_prepared *out,
                   hc_error *err)
{
    memset(out, 0, sizeof *out);
    hc_code rc = check_method(opts->method, err);
    if (rc != HC_OK) return rc;
    out->method = upper_copy(opts->method);
    if (!out->method) return hc_fail(err, HC_ENOMEM, "out of memory");
    rc = hc_build_url(snap, opts, &out->url, err);
    if (rc == HC_OK)
        rc = build_headers(snap, opts, out->url, &out->headers, &out->conflict_retries, err);
    if (rc == HC_OK && opts->raw_body) {
        out->body = malloc(opts->raw_body_len + 1); /* sent as is (SPEC §9 raw bytes) */
        if (!out->body) {
            rc = hc_fail(err, HC_ENOMEM, "out of memory");
        } else {
            if (opts->raw_body_len) memcpy(out->body, opts->raw_body, opts->raw_body_len);
            out->body[opts->raw_body_len] = '\0';
            out->body_len = opts->raw_body_len;
        }
    } else if (rc == HC_OK && opts->data) {
        rc = hc_body_encode(opts->data, hc_headers_get(out->headers, "Content-type"),
                            &out->body, &out->body_len, err);
    }
    if (rc != HC_OK) hc_prepared_free(out);
    return rc;
}

void hc_prepared_free(hc_prepared *p)
{
    free(p->method);
    free(p->url);
    hc_headers_delete(p->headers);
    free(p->body);
    memset(p, 0, sizeof *p);
}

hc_code hc_api_url(hc_api *api, const hc_request_opts *opts, char **out, hc_error *err)
{
    hc_snapshot snap;
    hc_code rc = hc_api_snapshot(api, &snap, err);
    if (rc != HC_OK) return rc;
    rc = hc_build_url(&snap, opts, out, err);
    hc_snapshot_free(&snap);
    return rc;
}
