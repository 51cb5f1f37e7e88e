/* transport.c: the only user of libcurl. A transfer sends one prepared request, either
 * blocking on the caller's thread (hc_transfer_perform) or on an event loop through
 * hc_multi. Handles live in a per-Api pool so connections are kept alive between
 * requests; safety limits (schemes, redirects, timeout, body size) are set here. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"

#define HC_USER_AGENT "halchemy/0.1.0"
#define HC_POOL_KEEP 64
#define HC_NO_RESPONSE "Did not receive a response from the server"
#define HC_MAX_REDIRECTS 10
#define HC_MAX_HEADER_BYTES (256 * 1024)

/* ---- the handle pool --------------------------------------------------------------- */

struct hc_pool {
    pthread_mutex_t lock;
    int refs;
    CURL *idle[HC_POOL_KEEP];
    int n_idle;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

hc_pool *hc_pool_new(void)
{
    pthread_once(&global_once, global_init);
    hc_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return NULL;
    pthread_mutex_init(&pool->lock, NULL);
    pool->refs = 1;
    return pool;
}

void hc_pool_ref(hc_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->refs++;
    pthread_mutex_unlock(&pool->lock);
}

void hc_pool_unref(hc_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    int last = --pool->refs == 0;
    pthread_mutex_unlock(&pool->lock);
    if (!last) return;
    for (int i = 0; i < pool->n_idle; i++) curl_easy_cleanup(pool->idle[i]);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

/* *configured: 1 when the handle comes back from an earlier transfer, its options that
 * never change (configure_fixed) still set. */
static CURL *pool_take(hc_pool *pool, int *configured)
{
    CURL *easy = NULL;
    pthread_mutex_lock(&pool->lock);
    if (pool->n_idle > 0) easy = pool->idle[--pool->n_idle];
    pthread_mutex_unlock(&pool->lock);
    *configured = easy != NULL;
    return easy ? easy : curl_easy_init();
}

/* An idle handle keeps its live connections (the point of the pool) and the options every
 * transfer sets alike; nothing in it points at a finished transfer any more. Cheaper than
 * curl_easy_reset, which would have every option set again. */
static void pool_give(hc_pool *pool, CURL *easy)
{
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, NULL);
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L); /* after POSTFIELDS, which means POST */
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, NULL);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, NULL);
    pthread_mutex_lock(&pool->lock);
    if (pool->n_idle < HC_POOL_KEEP) {
        pool->idle[pool->n_idle++] = easy;
        easy = NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    if (easy) curl_easy_cleanup(easy);
}

/* ---- one transfer ------------------------------------------------------------------ */

enum { T_NEW, T_RUNNING, T_DONE };

struct hc_transfer {
    hc_pool *pool;
    CURL *easy;
    struct curl_slist *slist;
    hc_prepared req;
    double max_body;
    int raise_network;
    hc_status_spec *raise_status;
    int state;
    hc_error error;
    hc_raise raise;
    int status;
    char *reason;
    char *effective_url;
    hc_headers *resp_headers;
    hc_buf body;
    int too_big;
    int body_is_json;
    double timeout;
    char *orig_url;       /* the URL first asked for: credentials stay on its origin */
    int redirects;
    size_t header_bytes;  /* this hop's response headers, bounded */
    int headers_too_big;
    hc_code hop_error;    /* a redirect refused (scheme, too many); message in error */
    /* SPEC §8 refresh and apply again: after a 412, a GET of the resource (refreshing),
     * then the change again with the new ETag. The change's method and body wait in
     * change_method/change_body while the GET runs. */
    int retries_left, retries_made, refreshing;
    char *change_method, *change_body;
    size_t change_body_len;
    char *etag_field;
    /* libcurl's message buffer. On its own, so that the transfer stays under glibc's 1 KiB
     * "large chunk" size, whose allocation consolidates the heap each time. */
    char *errbuf;
    void *userdata;
    struct hc_transfer *next, *prev; /* in a multi: running list, then done queue */
};

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    hc_transfer *t = ud;
    size_t len = size * n;
    if (t->max_body > 0 && (double)(t->body.len + len) > t->max_body) {
        t->too_big = 1;
        return 0;
    }
    hc_buf_add(&t->body, data, len);
    return t->body.oom ? 0 : len;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) { (*s)++; (*n)--; }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' ||
                  (*s)[*n - 1] == '\n'))
        (*n)--;
}

/* A status line starts a new response (after a redirect or a 100): forget the old one. */
static void on_status_line(hc_transfer *t, const char *line, size_t n)
{
    hc_headers_delete(t->resp_headers);
    t->resp_headers = hc_headers_new();
    free(t->reason);
    t->reason = NULL;
    const char *sp = memchr(line, ' ', n);
    if (!sp) return;
    size_t rest = n - (size_t)(sp - line);
    const char *code_end = memchr(sp + 1, ' ', rest - 1);
    if (!code_end) return;
    const char *reason = code_end + 1;
    size_t rn = n - (size_t)(reason - line);
    trim(&reason, &rn);
    t->reason = hc_strndup(reason, rn);
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
    hc_transfer *t = ud;
    size_t len = size * n;
    t->header_bytes += len;
    if (t->header_bytes > HC_MAX_HEADER_BYTES) {
        t->headers_too_big = 1;
        return 0;
    }
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        on_status_line(t, data, len);
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon || !t->resp_headers) return len;
    const char *name = data, *value = colon + 1;
    size_t nn = (size_t)(colon - data), vn = len - nn - 1;
    trim(&name, &nn);
    trim(&value, &vn);
    hc_headers_add_received(t->resp_headers, name, nn, value, vn); /* malformed: dropped */
    return len;
}

/* 0 when out of memory (line NULL counts as that). */
static int slist_add(hc_transfer *t, const char *line)
{
    struct curl_slist *next = line ? curl_slist_append(t->slist, line) : NULL;
    if (next) t->slist = next;
    return next != NULL;
}

static hc_code build_slist(hc_transfer *t, hc_error *err)
{
    const hc_headers *h = t->req.headers;
    hc_buf line;
    hc_buf_init(&line);
    int ok = 1;
    for (size_t i = 0; ok && i < hc_headers_count(h); i++) {
        const char *value = hc_headers_value(h, i);
        line.len = 0;
        hc_buf_adds(&line, hc_headers_name(h, i));
        /* "Name;" is libcurl's way to send a header with an empty value. */
        if (*value) {
            hc_buf_add(&line, ": ", 2);
            hc_buf_adds(&line, value);
        } else {
            hc_buf_addc(&line, ';');
        }
        ok = slist_add(t, line.oom ? NULL : line.data);
    }
    hc_buf_free(&line);
    /* "Name:" keeps libcurl from adding its own: Accept when the caller removed it, and
     * Expect (no 100-continue round trip for larger bodies). */
    if (ok && !hc_headers_get(h, "Accept")) ok = slist_add(t, "Accept:");
    if (ok && t->req.body && !hc_headers_get(h, "Expect")) ok = slist_add(t, "Expect:");
    return ok ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

/* From a handle that pool_give left as a GET without a body. */
static void set_method(hc_transfer *t)
{
    CURL *e = t->easy;
    const char *m = t->req.method;
    if (strcmp(m, "GET") == 0) {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(m, "HEAD") == 0) {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else {
        if (strcmp(m, "POST") != 0) curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m);
        if (t->req.body || strcmp(m, "POST") == 0) {
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->req.body_len);
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->req.body ? t->req.body : "");
        }
    }
}

/* The options every transfer sets alike: once per handle (pool_give keeps them). */
static void configure_fixed(CURL *e)
{
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Redirects are followed by next_hop() below, not by libcurl, so that every hop's
     * scheme is checked and credentials never cross to another origin. */
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_USERAGENT, HC_USER_AGENT);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
}

static void configure(hc_transfer *t, double timeout, int configured)
{
    CURL *e = t->easy;
    if (!configured) configure_fixed(e);
    curl_easy_setopt(e, CURLOPT_URL, t->req.url);
    long ms = timeout > 0 ? (long)(timeout * 1000.0 + 0.5) : 0L; /* 0: none */
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)(t->max_body > 0 ? t->max_body : 0));
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->slist);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    set_method(t);
}

hc_code hc_transfer_new(hc_api *api, const hc_request_opts *opts, hc_transfer **out,
                        hc_error *err)
{
    *out = NULL;
    hc_snapshot snap;
    hc_code rc = hc_api_snapshot(api, &snap, err);
    if (rc != HC_OK) return rc;
    hc_transfer *t = calloc(1, sizeof *t);
    if (t && !(t->errbuf = calloc(1, CURL_ERROR_SIZE))) { free(t); t = NULL; }
    if (!t) { hc_snapshot_free(&snap); return hc_fail(err, HC_ENOMEM, "out of memory"); }
    t->max_body = snap.max_body;
    t->raise_network = snap.raise_network;
    rc = hc_prepare(&snap, opts, &t->req, err);
    t->retries_left = t->req.conflict_retries;
    if (rc == HC_OK && t->retries_left && !(t->etag_field = hc_strdup(snap.etag_field)))
        rc = hc_fail(err, HC_ENOMEM, "out of memory");
    if (rc == HC_OK && *snap.raise_status)
        rc = hc_status_spec_parse(snap.raise_status, &t->raise_status, err);
    if (rc == HC_OK) rc = build_slist(t, err);
    int configured = 0;
    if (rc == HC_OK) {
        t->pool = hc_api_pool(api);
        t->easy = pool_take(t->pool, &configured);
        if (!t->easy) rc = hc_fail(err, HC_ENOMEM, "could not create a libcurl handle");
    }
    t->timeout = snap.timeout;
    if (rc == HC_OK) {
        t->orig_url = hc_strdup(t->req.url);
        if (!t->orig_url) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    }
    if (rc == HC_OK) configure(t, t->timeout, configured);
    hc_snapshot_free(&snap);
    if (rc != HC_OK) { hc_transfer_delete(t); return rc; }
    *out = t;
    return HC_OK;
}

static int is_json_type(const char *ct)
{
    if (!ct) return -1;
    /* application/json, application/hal+json, anything+json; parameters ignored */
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    return (n >= 4 && strncasecmp(ct + n - 4, "json", 4) == 0) ? 1 : 0;
}

static int sniff_json(const hc_buf *body)
{
    for (size_t i = 0; i < body->len; i++) {
        char c = body->data[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{' || c == '[';
    }
    return 0;
}

static void describe_failure(hc_transfer *t, CURLcode cc)
{
    const char *what = curl_easy_strerror(cc);
    const char *detail = t->errbuf[0] ? t->errbuf : what;
    hc_code code = HC_ENETWORK;
    if (t->hop_error) {
        t->error.code = t->hop_error; /* message written by next_hop */
        return;
    } else if (t->headers_too_big) {
        code = HC_ETOOBIG;
        hc_fail(&t->error, code, "%s %s: the response headers are larger than %d bytes",
                t->req.method, t->req.url, HC_MAX_HEADER_BYTES);
    } else if (t->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        code = HC_ETOOBIG;
        hc_fail(&t->error, code, "%s %s: the response body is larger than the limit of %.0f bytes",
                t->req.method, t->req.url, t->max_body);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        code = HC_ETIMEOUT;
        hc_fail(&t->error, code, "%s %s: timed out (%s)", t->req.method, t->req.url, detail);
    } else if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
        code = HC_ESCHEME;
        hc_fail(&t->error, code, "%s %s: refused a redirect to a URL that is not http or https (%s)",
                t->req.method, t->req.url, detail);
    } else {
        hc_fail(&t->error, code, "%s %s: %s (%s)", t->req.method, t->req.url, what, detail);
    }
    t->error.curl_code = (int)cc;
}

/* Sets the handle up again for t->req (a redirect hop, a refresh, a retry); 1 when ready. */
static int rearm(hc_transfer *t)
{
    hc_error why;
    t->header_bytes = 0;
    t->body.len = 0;
    if (t->body.data) t->body.data[0] = '\0';
    curl_slist_free_all(t->slist);
    t->slist = NULL;
    if (build_slist(t, &why) != HC_OK) {
        t->hop_error = hc_fail(&t->error, HC_ENOMEM, "out of memory");
        return 0;
    }
    curl_easy_reset(t->easy);
    configure(t, t->timeout, 0);
    return 1;
}

/* Swaps the change's method and body with the refresh GET's (none): called to start the
 * refresh and again to end it. */
static void swap_change(hc_transfer *t)
{
    char *m = t->req.method, *b = t->req.body;
    size_t n = t->req.body_len;
    t->req.method = t->change_method;
    t->req.body = t->change_body;
    t->req.body_len = t->change_body_len;
    t->change_method = m;
    t->change_body = b;
    t->change_body_len = n;
}

/* SPEC §8: a 412 to a change with retries left starts a GET of the resource (without
 * If-Match); that GET's ETag (hc_if_match_etag over its header and body field) is then
 * sent with the change again. 1 when t was set up for another exchange. A refresh that
 * brings no ETag ends the call with the refresh's own response. */
static int next_conflict_step(hc_transfer *t, long status)
{
    if (!t->refreshing) {
        if (status != 412 || t->retries_left <= 0) return 0;
        if (!t->change_method && !(t->change_method = hc_strdup("GET"))) return 0;
        swap_change(t);
        hc_headers_remove(t->req.headers, "If-Match");
        t->refreshing = 1;
    } else {
        if (status < 200 || status > 299) return 0;
        char *field = NULL;
        hc_error ignored;
        /* an hc_buf is NUL-terminated once anything was added */
        hc_etag_field_text(t->body.data ? t->body.data : "", t->etag_field, &field, &ignored);
        const char *etag = hc_if_match_etag(hc_headers_get(t->resp_headers, "ETag"), field);
        int ok = etag && hc_headers_set(t->req.headers, "If-Match", etag, &ignored) == HC_OK;
        free(field);
        if (!ok) return 0;
        swap_change(t);
        t->refreshing = 0;
        t->retries_left--;
        t->retries_made++;
    }
    char *url = hc_strdup(t->orig_url); /* both go to the resource itself */
    if (!url) return 0;
    free(t->req.url);
    t->req.url = url;
    return rearm(t);
}

/* After a hop that answered with a redirect: sets t up for the next hop and returns 1, or
 * returns 0 when there is nothing to follow (or the redirect is refused: hop_error). A
 * 303, and a 301/302 after POST, continue as GET without a body, as browsers and requests
 * do; credentials are dropped once the target leaves the origin first asked for. A 412
 * may start a conflict retry (next_conflict_step). */
static int next_hop(hc_transfer *t, CURLcode cc)
{
    long status = 0;
    char *loc = NULL;
    if (cc != CURLE_OK) return 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
        return t->retries_left > 0 || t->refreshing ? next_conflict_step(t, status) : 0;
    curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc);
    if (!loc) return 0;
    if (t->redirects >= HC_MAX_REDIRECTS) {
        t->hop_error = hc_fail(&t->error, HC_ENETWORK, "%s %s: more than %d redirects",
                               t->req.method, t->orig_url, HC_MAX_REDIRECTS);
        return 0;
    }
    hc_error why;
    if (hc_url_check_scheme(loc, &why) != HC_OK) {
        t->hop_error = hc_fail(&t->error, HC_ESCHEME,
                               "%s %s: refused a redirect to a URL that is not http or https (%.200s)",
                               t->req.method, t->orig_url, loc);
        return 0;
    }
    char *next = hc_strdup(loc);
    if (!next) {
        t->hop_error = hc_fail(&t->error, HC_ENOMEM, "out of memory");
        return 0;
    }
    if (!hc_url_same_origin(next, t->orig_url))
        hc_remove_credentials(t->req.headers);
    int to_get = (status == 303 && strcmp(t->req.method, "HEAD") != 0) ||
                 ((status == 301 || status == 302) && strcmp(t->req.method, "POST") == 0);
    if (to_get) {
        char *get = hc_strdup("GET");
        if (get) { free(t->req.method); t->req.method = get; }
        free(t->req.body);
        t->req.body = NULL;
        t->req.body_len = 0;
    }
    free(t->req.url);
    t->req.url = next;
    t->redirects++;
    return rearm(t);
}

/* Fills the result from the finished easy handle and gives the handle back to the pool. */
static void finish(hc_transfer *t, CURLcode cc)
{
    long status = 0;
    char *url = NULL;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
    t->effective_url = hc_strdup(url ? url : t->req.url);
    if (!t->resp_headers) t->resp_headers = hc_headers_new();
    if (cc != CURLE_OK || status == 0 || t->hop_error) {
        if (cc == CURLE_OK) cc = CURLE_RECV_ERROR;
        describe_failure(t, cc);
        t->status = 0;
        free(t->reason);
        t->reason = hc_strdup(HC_NO_RESPONSE);
        hc_buf_free(&t->body);
        t->raise = t->raise_network ? HC_RAISE_NETWORK : HC_RAISE_NONE;
    } else {
        t->status = (int)status;
        if (!t->reason) t->reason = hc_strdup("");
        int json = is_json_type(hc_headers_get(t->resp_headers, "Content-Type"));
        t->body_is_json = t->body.len > 0 && (json == 1 || (json == -1 && sniff_json(&t->body)));
        if (t->raise_status && hc_status_spec_match(t->raise_status, t->status))
            t->raise = HC_RAISE_STATUS;
    }
    pool_give(t->pool, t->easy);
    t->easy = NULL;
    t->state = T_DONE;
}

hc_code hc_transfer_perform(hc_transfer *t)
{
    if (t->state != T_NEW)
        return hc_fail(&t->error, HC_EBUSY, "this transfer has already been started");
    t->state = T_RUNNING;
    CURLcode cc;
    do {
        cc = curl_easy_perform(t->easy);
    } while (next_hop(t, cc));
    finish(t, cc);
    return t->error.code;
}

void hc_transfer_delete(hc_transfer *t)
{
    if (!t) return;
    if (t->easy) pool_give(t->pool, t->easy);
    if (t->pool) hc_pool_unref(t->pool);
    curl_slist_free_all(t->slist);
    hc_prepared_free(&t->req);
    hc_status_spec_delete(t->raise_status);
    free(t->reason);
    free(t->effective_url);
    free(t->orig_url);
    free(t->change_method);
    free(t->change_body);
    free(t->etag_field);
    hc_headers_delete(t->resp_headers);
    hc_buf_free(&t->body);
    free(t->errbuf);
    free(t);
}

const char *hc_transfer_method(const hc_transfer *t) { return t->req.method; }
const char *hc_transfer_url(const hc_transfer *t) { return t->req.url; }
const hc_headers *hc_transfer_request_headers(const hc_transfer *t) { return t->req.headers; }

const char *hc_transfer_request_body(const hc_transfer *t, size_t *len)
{
    if (len) *len = t->req.body_len;
    return t->req.body;
}

const hc_error *hc_transfer_error(const hc_transfer *t) { return &t->error; }
int hc_transfer_status(const hc_transfer *t) { return t->status; }
const char *hc_transfer_reason(const hc_transfer *t) { return t->reason ? t->reason : ""; }

const char *hc_transfer_effective_url(const hc_transfer *t)
{
    return t->effective_url ? t->effective_url : t->req.url;
}

const hc_headers *hc_transfer_response_headers(const hc_transfer *t) { return t->resp_headers; }

const char *hc_transfer_response_body(const hc_transfer *t, size_t *len)
{
    if (len) *len = t->body.len;
    return t->body.data ? t->body.data : "";
}

int hc_transfer_body_is_json(const hc_transfer *t) { return t->body_is_json; }
hc_raise hc_transfer_raise(const hc_transfer *t) { return t->raise; }
int hc_transfer_conflict_retries(const hc_transfer *t) { return t->retries_made; }
void hc_transfer_set_userdata(hc_transfer *t, void *userdata) { t->userdata = userdata; }
void *hc_transfer_userdata(const hc_transfer *t) { return t->userdata; }

/* ---- many transfers on one event loop ---------------------------------------------- */

struct hc_multi {
    CURLM *cm;
    hc_socket_fn on_socket;
    hc_timer_fn on_timer;
    void *ud;
    hc_transfer *running;             /* doubly linked */
    hc_transfer *done_head, *done_tail;
    int count;                        /* added and not yet handed out */
};

static int socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    hc_multi *m = userp;
    int ev = 0;
    if (what == CURL_POLL_REMOVE) ev = HC_POLL_REMOVE;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) ev |= HC_POLL_IN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) ev |= HC_POLL_OUT;
    m->on_socket(m->ud, (int)s, ev, socketp);
    return 0;
}

static int timer_cb(CURLM *cm, long timeout_ms, void *userp)
{
    (void)cm;
    hc_multi *m = userp;
    m->on_timer(m->ud, timeout_ms);
    return 0;
}

hc_multi *hc_multi_new(hc_socket_fn on_socket, hc_timer_fn on_timer, void *userdata)
{
    pthread_once(&global_once, global_init);
    hc_multi *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cm = curl_multi_init();
    if (!m->cm) { free(m); return NULL; }
    m->on_socket = on_socket;
    m->on_timer = on_timer;
    m->ud = userdata;
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETFUNCTION, socket_cb);
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETDATA, m);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERFUNCTION, timer_cb);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERDATA, m);
    return m;
}

static void unlink_running(hc_multi *m, hc_transfer *t)
{
    if (t->prev) t->prev->next = t->next;
    else m->running = t->next;
    if (t->next) t->next->prev = t->prev;
    t->next = t->prev = NULL;
}

hc_code hc_multi_add(hc_multi *m, hc_transfer *t, hc_error *err)
{
    if (t->state != T_NEW)
        return hc_fail(err, HC_EBUSY, "this transfer has already been started");
    if (curl_multi_add_handle(m->cm, t->easy) != CURLM_OK)
        return hc_fail(err, HC_ENOMEM, "could not add the transfer to the event loop");
    t->state = T_RUNNING;
    t->prev = NULL;
    t->next = m->running;
    if (m->running) m->running->prev = t;
    m->running = t;
    m->count++;
    return HC_OK;
}

void hc_multi_remove(hc_multi *m, hc_transfer *t)
{
    if (t->state != T_RUNNING) return;
    curl_multi_remove_handle(m->cm, t->easy);
    unlink_running(m, t);
    t->state = T_NEW; /* never started as far as the caller is concerned */
    m->count--;
}

void hc_multi_delete(hc_multi *m)
{
    if (!m) return;
    while (m->running) hc_multi_remove(m, m->running);
    curl_multi_cleanup(m->cm);
    free(m);
}

void hc_multi_assign(hc_multi *m, int fd, void *socketp)
{
    curl_multi_assign(m->cm, (curl_socket_t)fd, socketp);
}

void hc_multi_action(hc_multi *m, int fd, int events)
{
    int running = 0, mask = 0;
    if (events & HC_POLL_IN) mask |= CURL_CSELECT_IN;
    if (events & HC_POLL_OUT) mask |= CURL_CSELECT_OUT;
    curl_socket_t s = fd == HC_SOCKET_TIMEOUT ? CURL_SOCKET_TIMEOUT : (curl_socket_t)fd;
    curl_multi_socket_action(m->cm, s, mask, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->cm, &left))) {
        if (msg->msg != CURLMSG_DONE) continue;
        hc_transfer *t = NULL;
        CURLcode cc = msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        curl_multi_remove_handle(m->cm, msg->easy_handle);
        if (next_hop(t, cc) && curl_multi_add_handle(m->cm, t->easy) == CURLM_OK) continue;
        unlink_running(m, t);
        finish(t, cc);
        if (m->done_tail) m->done_tail->next = t;
        else m->done_head = t;
        m->done_tail = t;
    }
}

hc_transfer *hc_multi_next_done(hc_multi *m)
{
    hc_transfer *t = m->done_head;
    if (!t) return NULL;
    m->done_head = t->next;
    if (!m->done_head) m->done_tail = NULL;
    t->next = NULL;
    m->count--;
    return t;
}

int hc_multi_running(const hc_multi *m) { return m->count; }
