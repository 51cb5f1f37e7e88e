/* call.c: the whole of one call: the exchanges after the first (redirects, each checked
 * for scheme and origin; SPEC §8 conflict retries), on the caller's thread
 * (hc_transfer_perform) or stepped by the event loop (multi.c). */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "transfer.h"

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
    return hc_transfer_rearm(t);
}

/* SPEC §13: notes the hop that answered with a redirect about to be followed. */
static int note_hop(hc_transfer *t, long status)
{
    if (!t->history && !(t->history = cJSON_CreateArray())) return 0;
    cJSON *hop = cJSON_CreateObject();
    if (!hop) return 0;
    cJSON_AddItemToArray(t->history, hop);
    return cJSON_AddStringToObject(hop, "method", t->req.method) &&
           cJSON_AddStringToObject(hop, "url", t->req.url) &&
           cJSON_AddNumberToObject(hop, "status", (double)status) &&
           cJSON_AddStringToObject(hop, "reason", t->reason ? t->reason : "");
}

char *hc_transfer_history_json(const hc_transfer *t)
{
    return t->history ? cJSON_PrintUnformatted(t->history) : hc_strdup("[]");
}

/* SPEC §13 tracing: the exchange that just ended, as one line (when asked for). Its time
 * is libcurl's for this hop alone: each hop is a transfer of its own. */
static void note_exchange(hc_transfer *t, CURLcode cc)
{
    curl_off_t us = 0;
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &us);
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    char *url = hc_url_redacted(t->req.url);
    if (!url) return;
    hc_buf line;
    hc_buf_init(&line);
    hc_buf_addf(&line, "%s %s -> ", t->req.method, url);
    free(url);
    if (cc == CURLE_OK || status > 0) {
        hc_buf_addf(&line, "%ld", status);
        if (t->reason && *t->reason) hc_buf_addf(&line, " %s", t->reason);
    } else {
        hc_buf_addf(&line, "no response: %s", t->errbuf[0] ? t->errbuf : curl_easy_strerror(cc));
    }
    hc_buf_addf(&line, " (%lld ms)", (long long)(us / 1000));
    char *text = hc_buf_take(&line);
    if (text) cJSON_AddItemToArray(t->trace, cJSON_CreateString(text));
    free(text);
}

char *hc_transfer_trace_json(const hc_transfer *t)
{
    return t->trace ? cJSON_PrintUnformatted(t->trace) : hc_strdup("[]");
}

/* After a hop that answered with a redirect: sets t up for the next hop and returns 1, or
 * returns 0 when there is nothing to follow (or the redirect is refused: hop_error). A
 * 303, and a 301/302 after POST, continue as GET without a body, as browsers and requests
 * do; credentials are dropped once the target leaves the origin first asked for. A 412
 * may start a conflict retry (next_conflict_step). */
int hc_call_next(hc_transfer *t, CURLcode cc)
{
    long status = 0;
    char *loc = NULL;
    if (t->trace) note_exchange(t, cc);
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
    if (!next || !note_hop(t, status)) {
        free(next);
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
    return hc_transfer_rearm(t);
}

hc_code hc_transfer_perform(hc_transfer *t)
{
    if (t->state != T_NEW)
        return hc_fail(&t->error, HC_EBUSY, "this transfer has already been started");
    hc_transfer_start(t);
    CURLcode cc;
    do {
        cc = curl_easy_perform(t->easy);
    } while (hc_call_next(t, cc));
    hc_transfer_finish(t, cc);
    return t->error.code;
}

/* One exchange of t on m, waiting at most interval_ms at a time and asking check between
 * waits. *stopped: 1 when check asked to stop (the exchange is then abandoned). */
static CURLcode run_exchange(CURLM *m, hc_transfer *t, int (*check)(void *), void *ud,
                             int interval_ms, int *stopped)
{
    if (curl_multi_add_handle(m, t->easy) != CURLM_OK) return CURLE_FAILED_INIT;
    CURLcode cc = CURLE_FAILED_INIT;
    for (;;) {
        int running = 0, left = 0, done = 0;
        if (curl_multi_perform(m, &running) != CURLM_OK) break;
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(m, &left)))
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == t->easy) {
                cc = msg->data.result;
                done = 1;
            }
        if (done || !running) break;
        if (curl_multi_poll(m, NULL, 0, interval_ms, NULL) != CURLM_OK) break;
        if (check(ud)) {
            *stopped = 1;
            cc = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
    }
    /* unfinished: libcurl closes the connection rather than keep it */
    curl_multi_remove_handle(m, t->easy);
    return cc;
}

hc_code hc_transfer_perform_checked(hc_transfer *t, int (*check)(void *ud), void *ud,
                                    int interval_ms)
{
    if (!check) return hc_transfer_perform(t);
    if (t->state != T_NEW)
        return hc_fail(&t->error, HC_EBUSY, "this transfer has already been started");
    CURLM *m = hc_pool_take_multi(t->pool);
    if (!m && !(m = curl_multi_init())) return hc_transfer_perform(t);
    if (interval_ms < 1) interval_ms = 1;
    hc_transfer_start(t);
    CURLcode cc;
    int stopped = 0;
    do {
        cc = run_exchange(m, t, check, ud, interval_ms, &stopped);
    } while (!stopped && hc_call_next(t, cc));
    if (stopped) {
        if (t->trace) note_exchange(t, cc);
        t->hop_error = hc_fail(&t->error, HC_EINTERRUPTED, "%s %.200s: interrupted",
                               t->req.method, t->req.url);
    }
    hc_transfer_finish(t, cc);
    hc_pool_give_multi(t->pool, m);
    return t->error.code;
}
