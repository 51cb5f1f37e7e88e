/* test_hostile.c: the core's transport rules against tests/hostile/server.py (issue 10),
 * on the blocking path and on an hc_multi driven by poll(): replies that are not HTTP, a
 * head cut short, the response header limits, one deadline for the whole call, header
 * bytes as UTF-8 (SPEC §9), the request header limit, and a pool that survives servers
 * closing kept-alive connections. The bindings' view of the same cases is
 * tests/hostile/cases.json. */
#include <time.h>

#include "check.h"
#include "halchemy.h"
#include "poll_loop.h"
#include "server.h"

static test_server srv;
static hc_api *api;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* GET path on the blocking path (loop 0) or the event loop (loop 1); the finished
 * transfer (caller deletes), or NULL when hc_transfer_new refused it (*err says why). */
static hc_transfer *get(const char *path, const char *headers, int loop, double *seconds,
                        hc_error *err)
{
    hc_request_opts o = {.method = "GET", .url = path, .headers = headers};
    hc_transfer *t = NULL;
    double start = now();
    if (hc_transfer_new(api, &o, &t, err) != HC_OK) return NULL;
    if (loop) t = run_on_loop(t);
    else hc_transfer_perform(t);
    if (seconds) *seconds = now() - start;
    return t;
}

/* The Api still answers a normal request after a case. */
static void check_ok(const char *after)
{
    hc_error err = {0};
    hc_transfer *t = get("/ok", NULL, 0, NULL, &err);
    CHECK(t && hc_transfer_status(t) == 200, "after %s: GET /ok gives %d (%s)", after,
          t ? hc_transfer_status(t) : -1, t ? hc_transfer_error(t)->message : err.message);
    hc_transfer_delete(t);
}

/* path fails with code, its message holding `fragment`, on both paths. */
static void expect_failure(const char *path, hc_code code, const char *fragment)
{
    for (int loop = 0; loop < 2; loop++) {
        hc_error err = {0};
        hc_transfer *t = get(path, NULL, loop, NULL, &err);
        const hc_error *e = t ? hc_transfer_error(t) : &err;
        CHECK(t && e->code == code, "%s (loop %d): want %s, got %s: %s", path, loop,
              hc_code_name(code), hc_code_name(e->code), e->message);
        CHECK(strstr(e->message, fragment) != NULL, "%s (loop %d): '%s' not in '%s'", path,
              loop, fragment, e->message);
        if (t) {
            CHECK(hc_transfer_status(t) == 0, "%s: status 0", path);
            CHECK_STR(hc_transfer_reason(t), "Did not receive a response from the server", path);
        }
        hc_transfer_delete(t);
        check_ok(path);
    }
}

static void test_replies_that_are_not_http_say_so(void)
{
    expect_failure("/case/garbage", HC_ENETWORK, "is not valid HTTP");
    expect_failure("/case/http09", HC_ENETWORK, "is not valid HTTP");
    expect_failure("/case/status-not-number", HC_ENETWORK, "is not valid HTTP");
    expect_failure("/case/status-099", HC_ENETWORK, "is not valid HTTP");
    hc_error err = {0};
    hc_transfer *t = get("/case/garbage", NULL, 0, NULL, &err);
    CHECK(t && !strstr(hc_transfer_error(t)->message, "redirect"), "no word of a redirect: %s",
          t ? hc_transfer_error(t)->message : err.message);
    hc_transfer_delete(t);
}

static void test_a_head_cut_short_is_no_response(void)
{
    expect_failure("/case/header-no-crlf-close", HC_ENETWORK, "closed before the end of the response headers");
    expect_failure("/case/close-after-status", HC_ENETWORK, "closed before the end of the response headers");
    expect_failure("/case/close-mid-headers", HC_ENETWORK, "closed before the end of the response headers");
}

static void test_response_header_limits(void)
{
    expect_failure("/case/headers-10000", HC_ETOOBIG, "larger than the limit of 262144 bytes");
    expect_failure("/case/informational-endless", HC_ETOOBIG, "larger than the limit of 262144 bytes");
    expect_failure("/case/header-line-1mib", HC_ETOOBIG, "longer than 102400 bytes");
    expect_failure("/case/status-line-huge", HC_ETOOBIG, "longer than 102400 bytes");
    hc_error err = {0};
    hc_transfer *t = get("/case/headers-5000", NULL, 0, NULL, &err);
    CHECK(t && hc_transfer_status(t) == 200, "5,000 headers under the limit: 200");
    CHECK(t && hc_headers_count(hc_transfer_response_headers(t)) == 5002, "all kept: %zu",
          t ? hc_headers_count(hc_transfer_response_headers(t)) : 0);
    hc_transfer_delete(t);
    t = get("/case/informational-flood", NULL, 0, NULL, &err);
    CHECK(t && hc_transfer_status(t) == 200, "1xx flood under the limit: 200");
    CHECK(t && !hc_headers_get(hc_transfer_response_headers(t), "Link"), "no 103 header kept");
    hc_transfer_delete(t);
}

/* SPEC §12 v2: five redirects of 0.8 s each under a 1 s timeout end at about 1 s. */
static void test_one_deadline_for_the_whole_call(void)
{
    hc_error err = {0};
    hc_api_set_timeout(api, 1.0, &err);
    for (int loop = 0; loop < 2; loop++) {
        double s = 0;
        hc_transfer *t = get("/case/redirect-slow/5", NULL, loop, &s, &err);
        CHECK(t && hc_transfer_error(t)->code == HC_ETIMEOUT, "slow redirects (loop %d): %s",
              loop, t ? hc_transfer_error(t)->message : err.message);
        CHECK(s > 0.9 && s < 2.5, "slow redirects (loop %d) took %.2f s", loop, s);
        hc_transfer_delete(t);
    }
    hc_api_set_timeout(api, 0.0004, &err);
    for (int loop = 0; loop < 2; loop++) {
        double s = 0;
        hc_transfer *t = get("/case/stall-before-reply", NULL, loop, &s, &err);
        CHECK(t && hc_transfer_error(t)->code == HC_ETIMEOUT, "timeout 0.4 ms (loop %d): %s",
              loop, t ? hc_transfer_error(t)->message : err.message);
        CHECK(s < 1.0, "timeout 0.4 ms (loop %d) is 1 ms, not none: %.2f s", loop, s);
        hc_transfer_delete(t);
    }
    hc_api_set_timeout(api, 3.0, &err);
    double s = 0;
    hc_transfer *t = get("/case/redirect-slow/1", NULL, 1, &s, &err);
    CHECK(t && hc_transfer_status(t) == 200, "a redirect within the deadline: %s",
          t ? hc_transfer_error(t)->message : err.message);
    hc_transfer_delete(t);
    hc_api_set_timeout(api, 5.0, &err);
    check_ok("the deadline tests");
}

/* SPEC §9 v2: each value as a whole: valid UTF-8 stays, anything else is ISO-8859-1. */
static void test_header_bytes_become_utf8(void)
{
    hc_error err = {0};
    hc_transfer *t = get("/case/header-latin1", NULL, 0, NULL, &err);
    CHECK(t && hc_transfer_status(t) == 200, "latin-1 headers: 200");
    if (t) {
        CHECK_STR(hc_transfer_reason(t), "Gr\xc3\xbc\xc3\x9f" "e", "latin-1 reason");
        CHECK_STR(hc_headers_get(hc_transfer_response_headers(t), "X-Latin"), "caf\xc3\xa9", "X-Latin");
        CHECK_STR(hc_headers_get(hc_transfer_response_headers(t), "X-FF"), "a\xc3\xbf" "b", "X-FF");
    }
    hc_transfer_delete(t);
    t = get("/case/header-utf8", NULL, 1, NULL, &err);
    if (t) {
        CHECK_STR(hc_transfer_reason(t), "Caf\xc3\xa9", "utf-8 reason kept");
        CHECK_STR(hc_headers_get(hc_transfer_response_headers(t), "X-Utf8"), "caf\xc3\xa9 \xe2\x82\xac", "X-Utf8");
    }
    CHECK(t != NULL, "utf-8 headers");
    hc_transfer_delete(t);
    t = get("/case/header-mixed", NULL, 0, NULL, &err);
    if (t) {
        CHECK_STR(hc_transfer_reason(t), "\xc3\x83\xc2\xa9\xc3\xbf", "mixed reason");
        const hc_headers *h = hc_transfer_response_headers(t);
        CHECK_STR(hc_headers_get(h, "X-Mixed"), "\xc3\x83\xc2\xa9\xc3\xbf", "X-Mixed");
        CHECK_STR(hc_headers_get(h, "X-Cut"), "ab\xc3\xa2\xc2\x82", "X-Cut");
        CHECK_STR(hc_headers_get(h, "X-Overlong"), "\xc3\x80\xc2\xaf", "X-Overlong");
        CHECK_STR(hc_headers_get(h, "X-Surrogate"), "\xc3\xad\xc2\xa0\xc2\x80", "X-Surrogate");
    }
    CHECK(t != NULL, "mixed headers");
    hc_transfer_delete(t);
    t = get("/case/reason-empty", NULL, 0, NULL, &err);
    CHECK(t && hc_transfer_status(t) == 200, "empty reason: 200");
    if (t) CHECK_STR(hc_transfer_reason(t), "", "empty reason");
    hc_transfer_delete(t);
}

static int seen(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "/count/%s", name);
    hc_error err = {0};
    hc_transfer *t = get(path, NULL, 0, NULL, &err);
    size_t n = 0;
    const char *body = t ? hc_transfer_response_body(t, &n) : NULL;
    cJSON *j = body ? cJSON_ParseWithLength(body, n) : NULL;
    cJSON *count = cJSON_GetObjectItem(j, "count");
    int c = cJSON_IsNumber(count) ? count->valueint : -1;
    cJSON_Delete(j);
    hc_transfer_delete(t);
    return c;
}

static void test_request_headers_over_the_limit_are_refused_before_sending(void)
{
    size_t n = 1024 * 1024;
    char *headers = malloc(n + 32);
    strcpy(headers, "{\"X-Big\": \"");
    memset(headers + 11, 'a', n);
    strcpy(headers + 11 + n, "\"}");
    int before = seen("request-header-huge");
    hc_error err = {0};
    hc_transfer *t = get("/case/request-header-huge", headers, 0, NULL, &err);
    CHECK(!t && err.code == HC_EHEADER, "1 MiB request header: %s (%s)", hc_code_name(err.code), err.message);
    CHECK(strstr(err.message, "262144 bytes") && strstr(err.message, "'X-Big'"),
          "names the limit and the header: %s", err.message);
    hc_transfer_delete(t);
    CHECK(seen("request-header-huge") == before, "nothing was sent");
    memset(headers + 11, 'a', 1000); /* a header of 1000 bytes is fine */
    strcpy(headers + 11 + 1000, "\"}");
    t = get("/case/request-header-huge", headers, 0, NULL, &err);
    CHECK(t && hc_transfer_status(t) == 200, "1000-byte header sent");
    hc_transfer_delete(t);
    CHECK(seen("request-header-huge") == before + 1, "and received");
    free(headers);
}

/* libcurl retries a request whose kept-alive connection died, and counts those retries
 * per handle for the handle's whole life; the pool must not let that count fail a request. */
static void test_pool_survives_closed_keepalive_connections(void)
{
    for (int loop = 0; loop < 2; loop++) {
        int fails = 0;
        for (int i = 0; i < 8; i++) {
            hc_error err = {0};
            hc_transfer *t = get("/case/drop-next-request", NULL, loop, NULL, &err);
            fails += !t || hc_transfer_status(t) != 200;
            hc_transfer_delete(t);
            t = get("/ok", NULL, loop, NULL, &err);
            if (!t || hc_transfer_status(t) != 200) {
                fails++;
                fprintf(stderr, "  /ok after a dropped connection: %s\n",
                        t ? hc_transfer_error(t)->message : err.message);
            }
            hc_transfer_delete(t);
        }
        CHECK(fails == 0, "8 dropped kept-alive connections (loop %d): %d failures", loop, fails);
    }
}

int main(void)
{
    if (test_server_start_script(&srv, "tests/hostile/server.py") != 0) {
        fprintf(stderr, "could not start tests/hostile/server.py\n");
        return 2;
    }
    hc_error err = {0};
    CHECK(hc_api_new_default(&api, &err) == HC_OK, "api: %s", err.message);
    CHECK(hc_api_set_base_url(api, srv.base, &err) == HC_OK, "base url: %s", err.message);
    hc_api_set_timeout(api, 5.0, &err);

    test_replies_that_are_not_http_say_so();
    test_a_head_cut_short_is_no_response();
    test_response_header_limits();
    test_one_deadline_for_the_whole_call();
    test_header_bytes_become_utf8();
    test_request_headers_over_the_limit_are_refused_before_sending();
    test_pool_survives_closed_keepalive_connections();

    hc_api_delete(api);
    test_server_stop(&srv);
    return check_done("hostile");
}
