/* api.c: the hc_api object: its settings with their defaults (SPEC §2) and thread-safe
 * access (settings.c sets them by name and applies the .halchemy file). Requests are built in request.c and
 * sent in transfer.c; this file only holds and guards the configuration. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"

#define HC_DEFAULT_BASE_URL "http://localhost:2112"
#define HC_DEFAULT_MAX_BODY (64.0 * 1024 * 1024)

struct hc_api {
    pthread_mutex_t lock;
    char *base_url;
    hc_list_style style;
    char *etag_field;
    double timeout;
    double max_body;
    int raise_network;
    char *raise_status;
    int require_if_match;
    hc_headers *headers;
    hc_pool *pool;
    /* SPEC §13 network settings (NULL: unset) */
    char *ca_bundle, *client_cert, *client_key, *proxy;
    int verify, cookies;
    int verify_warned; /* hc_api_verify_warning gave its warning */
    int closed;
};

static const char *const default_headers[][2] = {
    {"Content-type", "application/json"},
    {"Accept", "application/hal+json, application/json;q=0.9, */*;q=0.8"},
    {"Authorization", "Basic cm9vdDpwYXNzd29yZA=="},
};

hc_code hc_api_new_default(hc_api **out, hc_error *err)
{
    *out = NULL;
    hc_api *api = calloc(1, sizeof *api);
    if (!api) return hc_fail(err, HC_ENOMEM, "out of memory creating an Api");
    pthread_mutex_init(&api->lock, NULL);
    api->base_url = hc_strdup(HC_DEFAULT_BASE_URL);
    api->style = HC_LIST_REPEAT_KEY;
    api->etag_field = hc_strdup("_etag");
    api->timeout = 30;
    api->max_body = HC_DEFAULT_MAX_BODY;
    api->raise_network = 1;
    api->verify = 1;
    api->cookies = 1;
    api->raise_status = hc_strdup("");
    api->headers = hc_headers_new();
    api->pool = hc_pool_new();
    if (!api->base_url || !api->etag_field || !api->raise_status || !api->headers ||
        !api->pool) {
        hc_api_delete(api);
        return hc_fail(err, HC_ENOMEM, "out of memory creating an Api");
    }
    for (size_t i = 0; i < sizeof default_headers / sizeof default_headers[0]; i++) {
        hc_code rc = hc_headers_set(api->headers, default_headers[i][0],
                                    default_headers[i][1], err);
        if (rc != HC_OK) { hc_api_delete(api); return rc; }
    }
    *out = api;
    return HC_OK;
}

void hc_api_delete(hc_api *api)
{
    if (!api) return;
    free(api->base_url);
    free(api->etag_field);
    free(api->raise_status);
    hc_headers_delete(api->headers);
    free(api->ca_bundle);
    free(api->client_cert);
    free(api->client_key);
    free(api->proxy);
    if (api->pool) hc_pool_unref(api->pool);
    pthread_mutex_destroy(&api->lock);
    free(api);
}

/* ---- settings ---------------------------------------------------------------------- */

static char *locked_copy(hc_api *api, char *const *field)
{
    pthread_mutex_lock(&api->lock);
    char *s = hc_strdup(*field);
    pthread_mutex_unlock(&api->lock);
    return s;
}

/* Swaps in a copy of value; the old string is freed outside the lock. */
static hc_code locked_replace(hc_api *api, char **field, const char *value, hc_error *err)
{
    char *copy = hc_strdup(value);
    if (!copy) return hc_fail(err, HC_ENOMEM, "out of memory");
    pthread_mutex_lock(&api->lock);
    char *old = *field;
    *field = copy;
    pthread_mutex_unlock(&api->lock);
    free(old);
    return HC_OK;
}

hc_code hc_api_set_base_url(hc_api *api, const char *url, hc_error *err)
{
    if (!url || !*url) return hc_fail(err, HC_EINVAL, "the base URL must not be empty");
    hc_code rc = hc_url_check_scheme(url, err);
    if (rc != HC_OK) return rc;
    return locked_replace(api, &api->base_url, url, err);
}

char *hc_api_base_url(hc_api *api) { return locked_copy(api, &api->base_url); }

hc_code hc_api_set_list_style(hc_api *api, const char *name, hc_error *err)
{
    hc_list_style style;
    hc_code rc = hc_list_style_parse(name ? name : "", &style, err);
    if (rc != HC_OK) return rc;
    pthread_mutex_lock(&api->lock);
    api->style = style;
    pthread_mutex_unlock(&api->lock);
    return HC_OK;
}

char *hc_api_list_style(hc_api *api)
{
    pthread_mutex_lock(&api->lock);
    hc_list_style style = api->style;
    pthread_mutex_unlock(&api->lock);
    return hc_strdup(hc_list_style_name(style));
}

hc_code hc_api_set_etag_field(hc_api *api, const char *name, hc_error *err)
{
    if (!name || !*name) return hc_fail(err, HC_EINVAL, "the etag field name must not be empty");
    return locked_replace(api, &api->etag_field, name, err);
}

char *hc_api_etag_field(hc_api *api) { return locked_copy(api, &api->etag_field); }

static hc_code set_number(hc_api *api, double *field, double value, const char *what,
                          hc_error *err)
{
    if (!isfinite(value) || value < 0)
        return hc_fail(err, HC_EINVAL, "%s must be a number >= 0, got %g", what, value);
    pthread_mutex_lock(&api->lock);
    *field = value;
    pthread_mutex_unlock(&api->lock);
    return HC_OK;
}

static double get_number(hc_api *api, const double *field)
{
    pthread_mutex_lock(&api->lock);
    double v = *field;
    pthread_mutex_unlock(&api->lock);
    return v;
}

hc_code hc_api_set_timeout(hc_api *api, double seconds, hc_error *err)
{
    return set_number(api, &api->timeout, seconds, "timeout", err);
}

double hc_api_timeout(hc_api *api) { return get_number(api, &api->timeout); }

hc_code hc_api_set_max_body(hc_api *api, double bytes, hc_error *err)
{
    return set_number(api, &api->max_body, bytes, "max_body", err);
}

double hc_api_max_body(hc_api *api) { return get_number(api, &api->max_body); }

static void set_flag(hc_api *api, int *field, int on)
{
    pthread_mutex_lock(&api->lock);
    *field = on ? 1 : 0;
    pthread_mutex_unlock(&api->lock);
}

static int get_flag(hc_api *api, const int *field)
{
    pthread_mutex_lock(&api->lock);
    int v = *field;
    pthread_mutex_unlock(&api->lock);
    return v;
}

void hc_api_set_raise_network(hc_api *api, int raise) { set_flag(api, &api->raise_network, raise); }
int hc_api_raise_network(hc_api *api) { return get_flag(api, &api->raise_network); }
void hc_api_set_require_if_match(hc_api *api, int require)
{
    set_flag(api, &api->require_if_match, require);
}
int hc_api_require_if_match(hc_api *api) { return get_flag(api, &api->require_if_match); }

hc_code hc_api_set_raise_status(hc_api *api, const char *spec, hc_error *err)
{
    hc_status_spec *parsed = NULL;
    hc_code rc = hc_status_spec_parse(spec, &parsed, err);
    hc_status_spec_delete(parsed);
    if (rc != HC_OK) return rc;
    return locked_replace(api, &api->raise_status, spec ? spec : "", err);
}

char *hc_api_raise_status(hc_api *api) { return locked_copy(api, &api->raise_status); }

/* ---- network settings (SPEC §13) ---------------------------------------------------- */

/* NULL-able string settings: a copy of value (NULL: unset) swapped in. */
static hc_code locked_replace_null(hc_api *api, char **field, const char *value, hc_error *err)
{
    if (value) return locked_replace(api, field, value, err);
    pthread_mutex_lock(&api->lock);
    char *old = *field;
    *field = NULL;
    pthread_mutex_unlock(&api->lock);
    free(old);
    return HC_OK;
}

/* A PEM path setting is checked once, when it is set: it must name a readable regular
 * file. Requests do not stat it again (libcurl reads it when a TLS connection is made). */
static hc_code check_file(const char *setting, const char *path, hc_error *err)
{
    char shown[300];
    hc_quote(shown, sizeof shown, path);
    if (!*path)
        return hc_fail(err, HC_EINVAL, "%s must be the path of a PEM file or null/None, got ''",
                       setting);
    if (hc_has_crlf(path))
        return hc_fail(err, HC_EINVAL, "%s: the path '%s' holds CR or LF", setting, shown);
    struct stat st;
    if (stat(path, &st) != 0 || access(path, R_OK) != 0)
        return hc_fail(err, HC_EINVAL, "%s: cannot read '%s': %s", setting, shown,
                       strerror(errno));
    if (!S_ISREG(st.st_mode))
        return hc_fail(err, HC_EINVAL, "%s: '%s' is not a file", setting, shown);
    return HC_OK;
}

static hc_code set_path(hc_api *api, char **field, const char *setting, const char *path,
                        hc_error *err)
{
    hc_code rc = path ? check_file(setting, path, err) : HC_OK;
    return rc != HC_OK ? rc : locked_replace_null(api, field, path, err);
}

hc_code hc_api_set_ca_bundle(hc_api *api, const char *path, hc_error *err)
{
    return set_path(api, &api->ca_bundle, "ca_bundle", path, err);
}
char *hc_api_ca_bundle(hc_api *api) { return locked_copy(api, &api->ca_bundle); }
hc_code hc_api_set_client_cert(hc_api *api, const char *path, hc_error *err)
{
    return set_path(api, &api->client_cert, "client_cert", path, err);
}
char *hc_api_client_cert(hc_api *api) { return locked_copy(api, &api->client_cert); }
hc_code hc_api_set_client_key(hc_api *api, const char *path, hc_error *err)
{
    return set_path(api, &api->client_key, "client_key", path, err);
}
char *hc_api_client_key(hc_api *api) { return locked_copy(api, &api->client_key); }

/* The schemes libcurl's CURLOPT_PROXY takes that halchemy allows: the proxy is reached by
 * HTTP (CONNECT for https origins), TLS, or SOCKS5 (socks5h: the proxy resolves names). */
static const char *const proxy_schemes[] = {"http://", "https://", "socks5://", "socks5h://"};

hc_code hc_api_set_proxy(hc_api *api, const char *url, hc_error *err)
{
    if (url) {
        char shown[300];
        hc_quote(shown, sizeof shown, url);
        if (hc_has_crlf(url) || strpbrk(url, " \t"))
            return hc_fail(err, HC_EINVAL, "proxy: '%s' holds a blank, CR or LF", shown);
        size_t n = 0;
        for (size_t i = 0; !n && i < sizeof proxy_schemes / sizeof *proxy_schemes; i++)
            if (strncasecmp(url, proxy_schemes[i], strlen(proxy_schemes[i])) == 0)
                n = strlen(proxy_schemes[i]);
        if (!n)
            return hc_fail(err, HC_ESCHEME, "proxy must be an http, https, socks5 or socks5h "
                           "URL, got '%s'", shown);
        const char *host = strrchr(url + n, '@');
        host = host ? host + 1 : url + n;
        if (!*host || *host == '/' || *host == ':')
            return hc_fail(err, HC_EINVAL, "proxy: '%s' names no host", shown);
    }
    return locked_replace_null(api, &api->proxy, url, err);
}
char *hc_api_proxy(hc_api *api) { return locked_copy(api, &api->proxy); }

void hc_api_set_verify(hc_api *api, int verify) { set_flag(api, &api->verify, verify); }
int hc_api_verify(hc_api *api) { return get_flag(api, &api->verify); }
void hc_api_set_cookies(hc_api *api, int on) { set_flag(api, &api->cookies, on); }
int hc_api_cookies(hc_api *api) { return get_flag(api, &api->cookies); }

char *hc_api_verify_warning(hc_api *api)
{
    pthread_mutex_lock(&api->lock);
    int due = !api->verify && !api->verify_warned;
    if (due) api->verify_warned = 1;
    pthread_mutex_unlock(&api->lock);
    return due ? hc_strdup("TLS certificate verification is off for this Api (verify=false): "
                           "any server can pose as the one asked for")
               : NULL;
}

void hc_api_close(hc_api *api)
{
    pthread_mutex_lock(&api->lock);
    api->closed = 1;
    pthread_mutex_unlock(&api->lock);
    hc_pool_close(api->pool);
}

int hc_api_closed(hc_api *api) { return get_flag(api, &api->closed); }

/* ---- default headers --------------------------------------------------------------- */

/* Replace builds the new set outside the lock, then swaps it in: a bad header leaves the
 * old set. Merge works in place under the lock: hc_headers_merge_json checks every member
 * before it applies any, so a bad header leaves the set as it was too, and a merge costs
 * what is merged rather than a copy of the whole set (SPEC §12: n add_headers calls of one
 * header each were quadratic). Only running out of memory part-way leaves part applied. */
static hc_code swap_headers(hc_api *api, const char *obj_json, int merge, hc_error *err)
{
    if (merge) {
        pthread_mutex_lock(&api->lock);
        hc_code rc = hc_headers_merge_json(api->headers, obj_json ? obj_json : "{}", err);
        pthread_mutex_unlock(&api->lock);
        return rc;
    }
    hc_headers *next = hc_headers_new();
    if (!next) return hc_fail(err, HC_ENOMEM, "out of memory");
    hc_code rc = hc_headers_merge_json(next, obj_json ? obj_json : "{}", err);
    if (rc != HC_OK) { hc_headers_delete(next); return rc; }
    pthread_mutex_lock(&api->lock);
    hc_headers *old = api->headers;
    api->headers = next;
    pthread_mutex_unlock(&api->lock);
    hc_headers_delete(old);
    return HC_OK;
}

hc_code hc_api_replace_headers(hc_api *api, const char *obj_json, hc_error *err)
{
    return swap_headers(api, obj_json, 0, err);
}

hc_code hc_api_merge_headers(hc_api *api, const char *obj_json, hc_error *err)
{
    return swap_headers(api, obj_json, 1, err);
}

hc_code hc_api_set_header(hc_api *api, const char *name, const char *value, hc_error *err)
{
    pthread_mutex_lock(&api->lock);
    hc_code rc = hc_headers_set(api->headers, name, value, err);
    pthread_mutex_unlock(&api->lock);
    return rc;
}

void hc_api_remove_header(hc_api *api, const char *name)
{
    pthread_mutex_lock(&api->lock);
    hc_headers_remove(api->headers, name);
    pthread_mutex_unlock(&api->lock);
}

char *hc_api_headers_json(hc_api *api)
{
    pthread_mutex_lock(&api->lock);
    char *s = hc_headers_to_json(api->headers);
    pthread_mutex_unlock(&api->lock);
    return s;
}

/* ---- snapshot for one request ------------------------------------------------------ */

hc_code hc_api_snapshot(hc_api *api, hc_snapshot *snap, hc_error *err)
{
    memset(snap, 0, sizeof *snap);
    pthread_mutex_lock(&api->lock);
    snap->base_url = hc_strdup(api->base_url);
    snap->style = api->style;
    snap->timeout = api->timeout;
    snap->max_body = api->max_body;
    snap->raise_network = api->raise_network;
    snap->raise_status = hc_strdup(api->raise_status);
    snap->etag_field = hc_strdup(api->etag_field);
    snap->require_if_match = api->require_if_match;
    snap->headers = hc_headers_copy(api->headers);
    snap->closed = api->closed;
    hc_net *net = &snap->net;
    int oom = 0;
#define COPY_NULLABLE(dst, src) do { if (src && !(dst = hc_strdup(src))) oom = 1; } while (0)
    COPY_NULLABLE(net->ca_bundle, api->ca_bundle);
    COPY_NULLABLE(net->client_cert, api->client_cert);
    COPY_NULLABLE(net->client_key, api->client_key);
    COPY_NULLABLE(net->proxy, api->proxy);
    net->verify = api->verify;
    net->cookies = api->cookies;
    pthread_mutex_unlock(&api->lock);
    /* SPEC §13: SSL_CERT_FILE is honoured when no ca_bundle is set, read now, so a change
     * of the environment applies to the next request (libcurl itself does not read it). */
    if (!net->ca_bundle && !oom) {
        const char *env = getenv("SSL_CERT_FILE");
        if (env && *env) {
            COPY_NULLABLE(net->ca_bundle, env);
            net->ca_from_env = 1;
        }
    }
#undef COPY_NULLABLE
    if (oom || !snap->base_url || !snap->raise_status || !snap->etag_field || !snap->headers) {
        hc_snapshot_free(snap);
        return hc_fail(err, HC_ENOMEM, "out of memory");
    }
    return HC_OK;
}

void hc_snapshot_free(hc_snapshot *snap)
{
    free(snap->base_url);
    free(snap->raise_status);
    free(snap->etag_field);
    hc_headers_delete(snap->headers);
    hc_net_free(&snap->net);
    memset(snap, 0, sizeof *snap);
}

void hc_net_free(hc_net *net)
{
    free(net->ca_bundle);
    free(net->client_cert);
    free(net->client_key);
    free(net->proxy);
    memset(net, 0, sizeof *net);
}

hc_pool *hc_api_pool(hc_api *api)
{
    hc_pool_ref(api->pool);
    return api->pool;
}
