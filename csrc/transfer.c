/* transfer.c: one exchange through libcurl: the request's headers and method set on an easy
 * handle, the response's status line, headers and body collected within their limits, and
 * the outcome described. The only file besides pool.c, call.c and multi.c that uses libcurl. */
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "transfer.h"

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


/* SPEC §9 (v2) header bytes: a response header value or reason phrase as UTF-8, decided for
 * the value as a whole: kept when it is valid UTF-8, else every byte read as ISO-8859-1.
 * Returns s itself or the text in *scratch (NULL only when out of memory); *len updated. */
static const char *header_text(const char *s, size_t *len, hc_buf *scratch)
{
    if (hc_utf8_valid(s, *len)) return s;
    scratch->len = 0;
    for (size_t i = 0; i < *len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            hc_buf_addc(scratch, (char)c);
        } else {
            char two[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
            hc_buf_add(scratch, two, 2);
        }
    }
    if (scratch->oom) return NULL;
    *len = scratch->len;
    return scratch->data;
}

/* A status line starts a new response (after a redirect or a 1xx): forget the old one. */
static void on_status_line(hc_transfer *t, const char *line, size_t n)
{
    hc_headers_delete(t->resp_headers);
    t->resp_headers = hc_headers_new();
    free(t->reason);
    t->reason = NULL;
    t->head_state = HEAD_OPEN;
    const char *sp = memchr(line, ' ', n);
    if (!sp) return;
    t->interim = sp + 1 < line + n && sp[1] == '1';
    size_t rest = n - (size_t)(sp - line);
    const char *code_end = memchr(sp + 1, ' ', rest - 1);
    if (!code_end) return;
    const char *reason = code_end + 1;
    size_t rn = n - (size_t)(reason - line);
    trim(&reason, &rn);
    hc_buf scratch;
    hc_buf_init(&scratch);
    reason = header_text(reason, &rn, &scratch);
    if (reason) t->reason = hc_strndup(reason, rn);
    hc_buf_free(&scratch);
}

/* libcurl hands over one whole header line per call (up to CURL_MAX_HTTP_HEADER bytes),
 * the blank line that ends a head included. */
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
    if ((len == 2 && data[0] == '\r' && data[1] == '\n') || (len == 1 && data[0] == '\n')) {
        /* the end of a head; after a 1xx the real response's status line follows */
        if (t->head_state == HEAD_OPEN) t->head_state = t->interim ? HEAD_NONE : HEAD_DONE;
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon || !t->resp_headers) return len;
    const char *name = data, *value = colon + 1;
    size_t nn = (size_t)(colon - data), vn = len - nn - 1;
    trim(&name, &nn);
    trim(&value, &vn);
    hc_buf scratch;
    hc_buf_init(&scratch);
    value = header_text(value, &vn, &scratch);
    if (value) hc_headers_add_received(t->resp_headers, name, nn, value, vn); /* malformed: dropped */
    hc_buf_free(&scratch);
    return len;
}

/* 0 when out of memory (line NULL counts as that). */
static int slist_add(hc_transfer *t, const char *line)
{
    struct curl_slist *next = line ? curl_slist_append(t->slist, line) : NULL;
    if (next) t->slist = next;
    return next != NULL;
}

/* The request's header lines for libcurl. Together they may not pass
 * HC_MAX_REQUEST_HEADER_BYTES: libcurl would refuse a larger request as "out of memory"
 * (and most servers refuse far less), so the caller hears what was wrong and nothing is
 * sent. */
static hc_code build_slist(hc_transfer *t, hc_error *err)
{
    const hc_headers *h = t->req.headers;
    size_t total = 0, largest = 0, largest_i = 0;
    for (size_t i = 0; i < hc_headers_count(h); i++) {
        size_t line = strlen(hc_headers_name(h, i)) + strlen(hc_headers_value(h, i)) + 4;
        total += line;
        if (line > largest) { largest = line; largest_i = i; }
    }
    if (total > HC_MAX_REQUEST_HEADER_BYTES)
        return hc_fail(err, HC_EHEADER,
                       "%s %.200s: the request headers are %zu bytes together, more than the "
                       "limit of %d bytes (the largest, '%.80s', is %zu bytes)",
                       t->req.method, t->req.url, total, HC_MAX_REQUEST_HEADER_BYTES,
                       hc_headers_name(h, largest_i), largest);
    hc_buf line;
    hc_buf_init(&line);
    int ok = 1;
    for (size_t i = 0; ok && i < hc_headers_count(h); i++) {
        const char *value = hc_headers_value(h, i);
        if (*value && hc_strcaseeq(hc_headers_name(h, i), "Cookie"))
            continue; /* sent with the jar's cookies as one header: see request_cookie */
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

/* From a handle that hc_pool_give left as a GET without a body. */
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

/* The options every transfer sets alike: once per handle (hc_pool_give keeps them). */
static void configure_fixed(CURL *e)
{
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    /* A reply without a status line is not HTTP (libcurl's default since 7.66; said here
     * so that describe_failure can rely on it). */
    curl_easy_setopt(e, CURLOPT_HTTP09_ALLOWED, 0L);
    /* Redirects are followed by hc_call_next() below, not by libcurl, so that every hop's
     * scheme is checked and credentials never cross to another origin. */
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    /* "halchemy/<version>": the one version (hc_version); libcurl copies the string. */
    char ua[64];
    snprintf(ua, sizeof ua, "halchemy/%s", hc_version());
    curl_easy_setopt(e, CURLOPT_USERAGENT, ua);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SPEC §12 v2: seconds as libcurl's milliseconds; 0 is none, and a positive timeout below
 * 1 ms is 1 ms (libcurl would read 0 as "no timeout"). */
static long timeout_ms(double seconds)
{
    if (!(seconds > 0)) return 0;
    double ms = seconds * 1000.0 + 0.5;
    if (ms < 1) return 1;
    return ms >= (double)HC_MAX_TIMEOUT_MS ? HC_MAX_TIMEOUT_MS : (long)ms;
}

/* The request's own Cookie header (SPEC §12: a default one only on its origin), or NULL.
 * libcurl's cookie engine writes a Cookie line of its own, and a Cookie line among the
 * request headers would be a second one (RFC 6265 §5.4 allows one); given as CURLOPT_COOKIE
 * instead, libcurl appends it to the engine's line. */
static const char *request_cookie(const hc_transfer *t)
{
    const char *v = hc_headers_get(t->req.headers, "Cookie");
    return v && *v ? v : NULL;
}

/* SPEC §13: the TLS and proxy settings, when the handle does not have them already (a
 * pooled handle keeps what the transfer before set; see configure). */
static void configure_net(hc_transfer *t)
{
    CURL *e = t->easy;
    const hc_net *n = &t->net;
    /* A ca_bundle (or SSL_CERT_FILE) replaces the system store, as with requests'
     * `verify=path`: the CA directory is turned off with it. Else libcurl's own defaults. */
    const char *cainfo = n->ca_bundle ? n->ca_bundle : hc_curl_default_cainfo();
    const char *capath = n->ca_bundle ? NULL : hc_curl_default_capath();
    curl_easy_setopt(e, CURLOPT_CAINFO, cainfo);
    curl_easy_setopt(e, CURLOPT_CAPATH, capath);
    curl_easy_setopt(e, CURLOPT_PROXY_CAINFO, cainfo);
    curl_easy_setopt(e, CURLOPT_PROXY_CAPATH, capath);
    curl_easy_setopt(e, CURLOPT_SSLCERT, n->client_cert);
    curl_easy_setopt(e, CURLOPT_SSLKEY, n->client_key);
    long verify = n->verify ? 1L : 0L;
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, verify);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
    curl_easy_setopt(e, CURLOPT_PROXY_SSL_VERIFYPEER, verify);
    curl_easy_setopt(e, CURLOPT_PROXY_SSL_VERIFYHOST, verify ? 2L : 0L);
    /* NULL: libcurl reads http_proxy, https_proxy, all_proxy and no_proxy itself, for each
     * transfer; a proxy set here is still subject to no_proxy (libcurl >= 7.53 checks the
     * no-proxy list, CURLOPT_NOPROXY or else the environment's, before any proxy). The
     * proxy URL's userinfo is sent as Proxy-Authorization to the proxy only. */
    curl_easy_setopt(e, CURLOPT_PROXY, n->proxy);
}

/* curl_easy_reset, without losing memory: libcurl 7.88's reset drops a cookie-file list
 * that no transfer has read yet (CURLOPT_COOKIEFILE "" set by configure_cookies) without
 * freeing it; setting it to NULL first frees it (the shared jar is left alone). */
static void reset_handle(CURL *e)
{
    curl_easy_setopt(e, CURLOPT_COOKIEFILE, NULL);
    curl_easy_reset(e);
}

/* SPEC §13 the Api's jar, on every exchange: the share holds the cookies; COOKIEFILE ""
 * switches the engine on for the next transfer of this handle (it reads no file; libcurl
 * turns the engine off again unless told each time). Off: the engine off and the handle
 * detached. COOKIEFILE appends to a list of files that the handle keeps and reads all of
 * before each transfer, so giving "" alone at every request made that list one longer
 * each time: quadratic over an Api's life (found by callgrind in the benchmark). NULL
 * first empties it (with the share attached, the jar is kept). */
static void configure_cookies(hc_transfer *t)
{
    CURL *e = t->easy;
    if (t->net.cookies) {
        /* in this order: NULL also detaches the handle from the jar, SHARE attaches it */
        curl_easy_setopt(e, CURLOPT_COOKIEFILE, NULL);
        curl_easy_setopt(e, CURLOPT_SHARE, hc_pool_share(t->pool));
        curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
    } else {
        curl_easy_setopt(e, CURLOPT_COOKIEFILE, NULL);
        curl_easy_setopt(e, CURLOPT_SHARE, NULL);
    }
    curl_easy_setopt(e, CURLOPT_COOKIE, request_cookie(t));
}

/* A fingerprint of the TLS, proxy and cookie settings (FNV-1a over each field, NULL told
 * apart from ""): never HC_HANDLE_NEW or HC_HANDLE_FIXED. */
static unsigned long long net_stamp(const hc_net *n)
{
    unsigned long long h = 14695981039346656037ULL;
    const char *fields[] = {n->ca_bundle, n->client_cert, n->client_key, n->proxy};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const unsigned char *p = (const unsigned char *)(fields[i] ? fields[i] : "");
        h = (h ^ (fields[i] ? 1u : 2u)) * 1099511628211ULL;
        for (; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    }
    h = (h ^ (unsigned)(n->verify ? 3 : 4)) * 1099511628211ULL;
    h = (h ^ (unsigned)(n->cookies ? 5 : 6)) * 1099511628211ULL;
    return h > HC_HANDLE_FIXED ? h : h + 2;
}

/* ms: this exchange's share of the call's timeout (0: none). state: what the handle has
 * set already (HC_HANDLE_...): the TLS, proxy and cookie options are set again only when
 * they differ, since libcurl copies each string option it is given. */
static void configure(hc_transfer *t, long ms, unsigned long long state)
{
    CURL *e = t->easy;
    if (state == HC_HANDLE_NEW) configure_fixed(e);
    if (state != t->net_stamp) configure_net(t);
    configure_cookies(t);
    curl_easy_setopt(e, CURLOPT_URL, t->req.url);
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

void hc_transfer_start(hc_transfer *t)
{
    long ms = timeout_ms(t->timeout);
    t->state = T_RUNNING;
    t->deadline_ms = ms ? now_ms() + ms : 0;
}

hc_code hc_transfer_new(hc_api *api, const hc_request_opts *opts, hc_transfer **out,
                        hc_error *err)
{
    *out = NULL;
    hc_snapshot snap;
    hc_code rc = hc_api_snapshot(api, &snap, err);
    if (rc != HC_OK) return rc;
    double timeout = snap.timeout;
    /* the same rule as the Api's timeout setting (SPEC §2, §13) */
    if (opts && opts->timeout_set && !(isfinite(opts->timeout) && opts->timeout >= 0))
        rc = hc_fail(err, HC_EINVAL, "the request's timeout must be a finite number of seconds "
                     ">= 0 (0 or none: no timeout), got %g", opts->timeout);
    else if (opts && opts->timeout_set)
        timeout = opts->timeout;
    if (rc == HC_OK && snap.closed)
        rc = hc_fail(err, HC_ECLOSED, "the Api is closed: no request can be sent after close()");
    if (rc == HC_OK && snap.net.client_key && !snap.net.client_cert)
        rc = hc_fail(err, HC_EINVAL, "client_key is set but client_cert is not: a key needs "
                     "its certificate");
    if (rc != HC_OK) { hc_snapshot_free(&snap); return rc; }
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
    unsigned long long configured = HC_HANDLE_NEW;
    if (rc == HC_OK) {
        t->pool = hc_api_pool(api);
        t->easy = hc_pool_take(t->pool, &configured);
        if (!t->easy) rc = hc_fail(err, HC_ENOMEM, "could not create a libcurl handle");
    }
    t->timeout = timeout;
    t->net = snap.net; /* moved: the snapshot no longer owns its strings */
    memset(&snap.net, 0, sizeof snap.net);
    t->net_stamp = net_stamp(&t->net);
    if (rc == HC_OK) {
        t->orig_url = hc_strdup(t->req.url);
        if (!t->orig_url) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    }
    if (rc == HC_OK && opts && opts->trace && !(t->trace = cJSON_CreateArray()))
        rc = hc_fail(err, HC_ENOMEM, "out of memory");
    if (rc == HC_OK) configure(t, timeout_ms(t->timeout), configured);
    hc_snapshot_free(&snap);
    if (rc != HC_OK) { hc_transfer_delete(t); return rc; }
    *out = t;
    return HC_OK;
}

/* SPEC §10 v2: the true cause, in words both bindings show as they are. */
static void describe_failure(hc_transfer *t, CURLcode cc)
{
    const char *what = curl_easy_strerror(cc);
    const char *detail = t->errbuf[0] ? t->errbuf : what;
    const char *m = t->req.method, *url = t->req.url;
    hc_code code = HC_ENETWORK;
    if (t->hop_error) {
        t->error.code = t->hop_error; /* message written by hc_call_next or rearm */
        return;
    } else if (t->headers_too_big) {
        code = HC_ETOOBIG;
        hc_fail(&t->error, code, "%s %.200s: the response headers are larger than the limit "
                "of %d bytes", m, url, HC_MAX_HEADER_BYTES);
    } else if (cc == CURLE_OUT_OF_MEMORY && t->head_state != HEAD_DONE) {
        /* libcurl's answer to a header line over its fixed per-line limit */
        code = HC_ETOOBIG;
        hc_fail(&t->error, code, "%s %.200s: a response header line is longer than %d bytes",
                m, url, CURL_MAX_HTTP_HEADER);
    } else if (t->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        code = HC_ETOOBIG;
        hc_fail(&t->error, code, "%s %.200s: the response body is larger than the limit of "
                "%.0f bytes", m, url, t->max_body);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        code = HC_ETIMEOUT;
        hc_fail(&t->error, code, "%s %.200s: timed out: no response within the timeout of "
                "%ld ms for the whole call (%s)", m, url, timeout_ms(t->timeout), detail);
    } else if (cc == CURLE_SSL_CACERT_BADFILE) {
        hc_fail(&t->error, code, "%s %.200s: the CA bundle '%.300s' (%s) could not be read (%s)",
                m, url, t->net.ca_bundle ? t->net.ca_bundle : "(system store)",
                t->net.ca_from_env ? "from SSL_CERT_FILE" : "the ca_bundle setting", detail);
    } else if (cc == CURLE_SSL_CERTPROBLEM) {
        hc_fail(&t->error, code, "%s %.200s: the client certificate '%.300s' (client_cert) or "
                "its key could not be used (%s)", m, url,
                t->net.client_cert ? t->net.client_cert : "", detail);
    } else if (cc == CURLE_PEER_FAILED_VERIFICATION) {
        hc_fail(&t->error, code, "%s %.200s: TLS: the server's certificate was not verified "
                "against %s%.300s%s (%s)", m, url,
                t->net.ca_bundle ? "the CA bundle '" : "the system's CA store",
                t->net.ca_bundle ? t->net.ca_bundle : "", t->net.ca_bundle ? "'" : "", detail);
    } else if (cc == CURLE_UNSUPPORTED_PROTOCOL || cc == CURLE_WEIRD_SERVER_REPLY) {
        /* redirects are followed by call.c, which checks their scheme itself: here libcurl
         * refused the reply (HTTP/0.9, a bad status line, a malformed header) */
        hc_fail(&t->error, code, "%s %.200s: the server's reply is not valid HTTP (%s)", m,
                url, detail);
    } else if (cc == CURLE_OK || (cc == CURLE_PARTIAL_FILE && t->head_state != HEAD_DONE)) {
        hc_fail(&t->error, code, "%s %.200s: the connection was closed before the end of the "
                "response headers", m, url);
    } else {
        hc_fail(&t->error, code, "%s %.200s: %s (%s)", m, url, what, detail);
    }
    t->error.curl_code = (int)cc;
}

int hc_transfer_rearm(hc_transfer *t)
{
    hc_error why;
    long ms = 0;
    t->header_bytes = 0;
    t->head_state = HEAD_NONE;
    t->body.len = 0;
    if (t->body.data) t->body.data[0] = '\0';
    if (t->deadline_ms) {
        long long left = t->deadline_ms - now_ms();
        if (left <= 0) {
            t->hop_error = hc_fail(&t->error, HC_ETIMEOUT,
                                   "%s %.200s: timed out: no response within the timeout of "
                                   "%ld ms for the whole call (%d redirects and retries made)",
                                   t->req.method, t->req.url, timeout_ms(t->timeout),
                                   t->redirects + t->retries_made + t->refreshing);
            return 0;
        }
        ms = left > HC_MAX_TIMEOUT_MS ? HC_MAX_TIMEOUT_MS : (long)left;
    }
    curl_slist_free_all(t->slist);
    t->slist = NULL;
    if (build_slist(t, &why) != HC_OK) {
        t->hop_error = hc_fail(&t->error, why.code, "%s", why.message);
        return 0;
    }
    reset_handle(t->easy);
    configure(t, ms, HC_HANDLE_NEW);
    return 1;
}

void hc_transfer_finish(hc_transfer *t, CURLcode cc)
{
    long status = 0;
    char *url = NULL;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
    t->effective_url = hc_strdup(url ? url : t->req.url);
    if (!t->resp_headers) t->resp_headers = hc_headers_new();
    if (cc != CURLE_OK || status == 0 || t->hop_error || t->head_state != HEAD_DONE) {
        describe_failure(t, cc);
        t->status = 0;
        free(t->reason);
        t->reason = hc_strdup(HC_NO_RESPONSE);
        hc_buf_free(&t->body);
        t->raise = t->raise_network ? HC_RAISE_NETWORK : HC_RAISE_NONE;
    } else {
        t->status = (int)status;
        if (!t->reason) t->reason = hc_strdup("");
        t->body_kind = hc_json_body(hc_headers_get(t->resp_headers, "Content-Type"),
                                    t->body.data, t->body.len, &t->body_offset);
        if (t->raise_status && hc_status_spec_match(t->raise_status, t->status))
            t->raise = HC_RAISE_STATUS;
    }
    /* libcurl counts the retries it makes after a kept-alive connection died in the handle,
     * across transfers, and refuses the sixth ("Connection died, tried 5 times") however
     * long ago the others were; only curl_easy_reset clears the count. A retry means a new
     * connection, so a handle that connected (or failed) is reset before it is reused. */
    long connects = 0;
    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
    unsigned long long state = t->net_stamp;
    if (connects > 0 || cc != CURLE_OK) {
        reset_handle(t->easy);
        configure_fixed(t->easy);
        state = HC_HANDLE_FIXED;
    }
    hc_pool_give(t->pool, t->easy, state);
    t->easy = NULL;
    t->state = T_DONE;
}

void hc_transfer_delete(hc_transfer *t)
{
    if (!t) return;
    if (t->easy) hc_pool_give(t->pool, t->easy, t->net_stamp);
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
    hc_net_free(&t->net);
    cJSON_Delete(t->history);
    cJSON_Delete(t->trace);
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

hc_json_kind hc_transfer_body_json(const hc_transfer *t, size_t *offset)
{
    if (offset) *offset = t->status ? t->body_offset : 0;
    return t->status ? t->body_kind : HC_JSON_NONE;
}
hc_raise hc_transfer_raise(const hc_transfer *t) { return t->raise; }
int hc_transfer_conflict_retries(const hc_transfer *t) { return t->retries_made; }
void hc_transfer_set_userdata(hc_transfer *t, void *userdata) { t->userdata = userdata; }
void *hc_transfer_userdata(const hc_transfer *t) { return t->userdata; }

int hc_transfer_body_utf8(const hc_transfer *t)
{
    hc_json_kind kind = hc_transfer_body_json(t, NULL);
    if (kind == HC_JSON_OBJECT || kind == HC_JSON_OTHER) return 1; /* checked by the rule */
    return hc_utf8_valid(t->body.data ? t->body.data : "", t->body.len);
}
