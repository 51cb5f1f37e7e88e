/* test_transport.c: the core end to end over real HTTP to tests/server: requests, the
 * If-Match rule on the wire, safety limits (schemes, credentials, timeout, body size,
 * broken servers) and many transfers on one hc_multi driven by poll(). */

#include "check.h"
#include "halchemy.h"
#include "poll_loop.h"
#include "server.h"

static test_server srv, other;
static hc_api *api;

/* Sends one request; returns the finished transfer (caller deletes) or NULL when
 * hc_transfer_new refused it, with *rc set either way. */
static hc_transfer *send_req(const hc_request_opts *o, hc_code *rc, hc_error *err)
{
    hc_transfer *t = NULL;
    *rc = hc_transfer_new(api, o, &t, err);
    if (*rc != HC_OK) return NULL;
    *rc = hc_transfer_perform(t);
    return t;
}

static cJSON *body_json(hc_transfer *t)
{
    size_t n = 0;
    const char *b = hc_transfer_response_body(t, &n);
    return cJSON_ParseWithLength(b, n);
}

static const char *echoed_header(cJSON *echo, const char *name)
{
    cJSON *h = cJSON_GetObjectItem(echo, "headers"); /* case-insensitive lookup */
    cJSON *v = cJSON_GetObjectItem(h, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_home_and_default_headers(void)
{
    hc_request_opts o = {.method = "get", .url = "/echo/home"};
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(&o, &rc, &err);
    CHECK(rc == HC_OK && t, "GET /echo/home: %s", err.message);
    if (!t) return;
    CHECK(hc_transfer_status(t) == 200, "status %d", hc_transfer_status(t));
    CHECK_STR(hc_transfer_reason(t), "OK", "reason");
    CHECK_STR(hc_transfer_method(t), "GET", "method upper-cased");
    CHECK(hc_transfer_body_json(t, NULL) == HC_JSON_OBJECT, "echo body is a JSON object");
    cJSON *echo = body_json(t);
    cJSON *defaults = vectors_load("tests/vectors/defaults.json");
    const cJSON *h = cJSON_GetObjectItem(defaults, "headers");
    CHECK_STR(echoed_header(echo, "Authorization"), cJSON_GetObjectItem(h, "Authorization")->valuestring,
              "default auth sent");
    CHECK_STR(echoed_header(echo, "Accept"), cJSON_GetObjectItem(h, "Accept")->valuestring, "accept");
    cJSON_Delete(defaults);
    CHECK(strncmp(hc_transfer_url(t), srv.base, strlen(srv.base)) == 0, "absolute url %s", hc_transfer_url(t));
    cJSON_Delete(echo);
    hc_transfer_delete(t);
}

/* One version (issue 11): hc_version() is package.json's and is the User-Agent sent. */
static void test_version_and_user_agent(void)
{
    cJSON *pkg = vectors_load("package.json");
    const cJSON *v = cJSON_GetObjectItem(pkg, "version");
    CHECK(cJSON_IsString(v), "package.json has a version");
    if (cJSON_IsString(v)) CHECK_STR(hc_version(), v->valuestring, "hc_version() is package.json's");
    cJSON_Delete(pkg);
    hc_request_opts o = {.method = "GET", .url = "/echo/ua"};
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(&o, &rc, &err);
    CHECK(rc == HC_OK && t, "GET /echo/ua: %s", err.message);
    if (!t) return;
    cJSON *echo = body_json(t);
    char want[64];
    snprintf(want, sizeof want, "halchemy/%s", hc_version());
    const char *ua = echoed_header(echo, "User-Agent");
    CHECK_STR(ua ? ua : "(none)", want, "User-Agent");
    cJSON_Delete(echo);
    hc_transfer_delete(t);
}

/* A default header removed for one request is not sent at all: libcurl's own default
 * Accept header (any type) must not take its place. */
static void test_removed_accept_is_not_replaced(void)
{
    hc_request_opts o = {.method = "GET", .url = "/echo/home", .headers = "{\"Accept\": null}"};
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(&o, &rc, &err);
    CHECK(rc == HC_OK && t, "GET /echo/home without Accept: %s", err.message);
    if (!t) return;
    cJSON *echo = body_json(t);
    const char *accept = echoed_header(echo, "Accept");
    CHECK(accept == NULL, "no Accept header sent, got '%s'", accept ? accept : "");
    CHECK(hc_headers_get(hc_transfer_request_headers(t), "Accept") == NULL,
          "no Accept among the request headers");
    cJSON_Delete(echo);
    hc_transfer_delete(t);
}

static void test_stale_patch_gets_412(void)
{
    hc_request_opts get = {.method = "GET", .url = "/customers/A375"};
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(&get, &rc, &err);
    CHECK(rc == HC_OK && t && hc_transfer_status(t) == 200, "GET customer: %s", err.message);
    if (!t) return;
    const char *etag_h = hc_headers_get(hc_transfer_response_headers(t), "etag");
    char *etag = etag_h ? strdup(etag_h) : NULL;
    CHECK(etag && etag[0] == '"', "ETag header quoted: %s", etag ? etag : "(none)");
    hc_transfer_delete(t);

    hc_request_opts patch = {.method = "PATCH", .url = "/customers/A375",
                             .data = "{\"givenName\":\"Leslie\"}", .self_href = "/customers/A375",
                             .etag_header = etag};
    t = send_req(&patch, &rc, &err);
    CHECK(t && hc_transfer_status(t) == 200, "fresh PATCH -> 200, got %d", t ? hc_transfer_status(t) : -1);
    if (t) CHECK_STR(hc_headers_get(hc_transfer_request_headers(t), "If-Match"), etag, "If-Match sent as received");
    hc_transfer_delete(t);

    t = send_req(&patch, &rc, &err); /* same ETag again: now stale */
    CHECK(t && hc_transfer_status(t) == 412, "stale PATCH -> 412, got %d", t ? hc_transfer_status(t) : -1);
    CHECK(t && hc_transfer_raise(t) == HC_RAISE_NONE, "412 does not raise by default");
    hc_transfer_delete(t);

    hc_request_opts other_link = patch;
    other_link.url = "/customers/A375/cancel";
    t = send_req(&other_link, &rc, &err);
    CHECK(t && !hc_headers_get(hc_transfer_request_headers(t), "If-Match"), "no If-Match to another resource");
    hc_transfer_delete(t);
    free(etag);
}

static void expect_refused(hc_request_opts *o, hc_code want, const char *what)
{
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(o, &rc, &err);
    CHECK(!t && rc == want, "%s: want %s got %s (%s)", what, hc_code_name(want), hc_code_name(rc), err.message);
    CHECK(err.message[0] != '\0', "%s: has a message", what);
    hc_transfer_delete(t);
}

static void expect_failed(hc_request_opts *o, hc_code want, const char *what)
{
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(o, &rc, &err);
    CHECK(t && rc == want, "%s: want %s got %s (%s)", what, hc_code_name(want), hc_code_name(rc),
          t ? hc_transfer_error(t)->message : err.message);
    if (t) {
        CHECK(hc_transfer_status(t) == 0, "%s: status 0", what);
        CHECK_STR(hc_transfer_reason(t), "Did not receive a response from the server", what);
        CHECK(hc_transfer_raise(t) == HC_RAISE_NETWORK, "%s: raises as a network error", what);
    }
    hc_transfer_delete(t);
}

static void test_hostile_input_is_refused_before_sending(void)
{
    hc_request_opts file = {.method = "GET", .url = "file:///etc/passwd"};
    expect_refused(&file, HC_ESCHEME, "file:// href");
    hc_request_opts gopher = {.method = "GET", .url = "gopher://127.0.0.1/x"};
    expect_refused(&gopher, HC_ESCHEME, "gopher:// href");
    hc_request_opts crlf = {.method = "GET", .url = "/echo", .headers = "{\"X-A\":\"1\\r\\nX-Injected: 1\"}"};
    expect_refused(&crlf, HC_EHEADER, "CR/LF in a header value");
    hc_request_opts tmpl = {.method = "GET", .url = "/x/{unclosed"};
    expect_refused(&tmpl, HC_ETEMPLATE, "invalid template");
}

static void test_broken_servers_fail_cleanly(void)
{
    hc_request_opts mid = {.method = "GET", .url = "/close-mid-body"};
    expect_failed(&mid, HC_ENETWORK, "closed mid-body");
    hc_request_opts refused = {.method = "GET", .url = "http://127.0.0.1:1/"};
    expect_failed(&refused, HC_ENETWORK, "connection refused");
    hc_error err = {0};
    hc_api_set_timeout(api, 0.3, &err);
    hc_request_opts slow = {.method = "GET", .url = "/slow/3"};
    expect_failed(&slow, HC_ETIMEOUT, "slow server");
    hc_api_set_timeout(api, 30, &err);
    hc_api_set_max_body(api, 1000, &err);
    hc_request_opts big = {.method = "GET", .url = "/big/100000"};
    expect_failed(&big, HC_ETOOBIG, "body over the limit");
    hc_api_set_max_body(api, 64.0 * 1024 * 1024, &err);
    char to[256];
    snprintf(to, sizeof to, "/redirect?to=%s", "file:///etc/passwd");
    hc_request_opts redir = {.method = "GET", .url = to};
    expect_failed(&redir, HC_ESCHEME, "redirect to file://");
    test_home_and_default_headers(); /* the Api still works */
}

static void test_credentials_stay_on_the_base_origin(void)
{
    char url[256];
    snprintf(url, sizeof url, "%s/echo/elsewhere", other.base);
    hc_request_opts direct = {.method = "GET", .url = url};
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = send_req(&direct, &rc, &err);
    cJSON *echo = t ? body_json(t) : NULL;
    CHECK(echo && !echoed_header(echo, "Authorization"), "no default Authorization to another origin");
    cJSON_Delete(echo);
    hc_transfer_delete(t);

    snprintf(url, sizeof url, "/redirect?to=%s/echo/after-redirect", other.base);
    hc_request_opts via = {.method = "GET", .url = url};
    t = send_req(&via, &rc, &err);
    echo = t ? body_json(t) : NULL;
    CHECK(t && hc_transfer_status(t) == 200, "redirect followed");
    CHECK(echo && !echoed_header(echo, "Authorization"), "no Authorization across a redirect");
    cJSON_Delete(echo);
    hc_transfer_delete(t);
}

/* ---- many in flight on one hc_multi, driven by poll() (poll_loop.h) ---- */

static void test_many_transfers_on_one_loop(void)
{
    enum { N = 100 };
    hc_multi *m = hc_multi_new(on_socket, on_timer, NULL);
    CHECK(m != NULL, "multi created");
    hc_error err = {0};
    for (int i = 0; i < N; i++) {
        hc_request_opts o = {.method = "GET", .url = (i % 10 == 0) ? "/slow/0.2" : "/customers"};
        hc_transfer *t = NULL;
        if (hc_transfer_new(api, &o, &t, &err) == HC_OK) hc_multi_add(m, t, &err);
    }
    CHECK(hc_multi_running(m) == N, "%d in flight", hc_multi_running(m));
    int ok = 0, done = 0;
    for (int spins = 0; done < N && spins < 100000; spins++) {
        pump(m);
        hc_transfer *t;
        while ((t = hc_multi_next_done(m))) {
            done++;
            ok += hc_transfer_status(t) == 200;
            hc_transfer_delete(t);
        }
    }
    CHECK(done == N && ok == N, "%d of %d done, %d ok", done, N, ok);
    hc_multi_delete(m);
}

/* SPEC §13 withSignal: hc_multi_cancel takes a transfer out of the multi at any stage (running,
 * or finished and waiting for next_done), so it can be deleted at once; the multi and the
 * Api keep working. ASan (make test-sanitize) checks nothing dangles or leaks. */
static void test_cancel_on_one_loop(void)
{
    hc_multi *m = hc_multi_new(on_socket, on_timer, NULL);
    hc_error err = {0};
    hc_request_opts slow_o = {.method = "GET", .url = "/slow/30"};
    hc_request_opts fast_o = {.method = "GET", .url = "/customers"};
    hc_transfer *slow = NULL, *fast = NULL, *idle = NULL, *t;
    CHECK(hc_transfer_new(api, &slow_o, &slow, &err) == HC_OK, "slow: %s", err.message);
    CHECK(hc_transfer_new(api, &fast_o, &fast, &err) == HC_OK, "fast: %s", err.message);
    CHECK(hc_transfer_new(api, &fast_o, &idle, &err) == HC_OK, "idle: %s", err.message);
    CHECK(hc_multi_add(m, slow, &err) == HC_OK && hc_multi_add(m, fast, &err) == HC_OK, "added");
    CHECK(hc_multi_cancel(m, idle) == 0, "a transfer never added is not in the multi");
    hc_transfer_delete(idle);
    /* Run until `fast` has finished (its status is set) without taking it out. */
    for (int spins = 0; hc_transfer_status(fast) == 0 && spins < 100000; spins++) pump(m);
    CHECK(hc_transfer_status(fast) == 200, "fast finished: %d", hc_transfer_status(fast));
    CHECK(hc_multi_running(m) == 2, "both still counted: %d", hc_multi_running(m));
    CHECK(hc_multi_cancel(m, fast) == 1, "a finished transfer leaves the done queue");
    CHECK(hc_multi_next_done(m) == NULL, "and is not handed out");
    hc_transfer_delete(fast);
    pump(m); /* the slow one's request is out, the server is sleeping */
    CHECK(hc_transfer_status(slow) == 0, "slow still running");
    CHECK(hc_multi_cancel(m, slow) == 1, "a running transfer is removed");
    CHECK(hc_multi_running(m) == 0, "nothing in flight: %d", hc_multi_running(m));
    CHECK(hc_multi_cancel(m, slow) == 0, "cancelling twice finds nothing");
    hc_transfer_delete(slow);
    /* The multi and the Api work on. */
    CHECK(hc_transfer_new(api, &fast_o, &t, &err) == HC_OK && hc_multi_add(m, t, &err) == HC_OK,
          "next transfer: %s", err.message);
    hc_transfer *done = NULL;
    for (int spins = 0; !done && spins < 100000; spins++) {
        pump(m);
        done = hc_multi_next_done(m);
    }
    CHECK(done == t && hc_transfer_status(t) == 200, "the next transfer after a cancel: %d",
          done ? hc_transfer_status(done) : -1);
    CHECK(hc_multi_cancel(m, t) == 0, "a transfer handed out is no longer in the multi");
    hc_transfer_delete(t);
    hc_multi_delete(m);
}

/* SPEC §8 v2: a stale change with conflict retries is refreshed and sent again, on both the
 * blocking and the event-loop path; require_if_match refuses a change with no ETag. */
static void test_conflict_retry_and_require_if_match(void)
{
    hc_code rc;
    hc_error err = {0};
    hc_request_opts stale = {.method = "PATCH", .url = "/customers/B200",
                             .data = "{\"givenName\":\"Retried\"}", .self_href = "/customers/B200",
                             .etag_header = "\"not-the-current-version\"", .conflict_retries = 2};
    hc_transfer *t = send_req(&stale, &rc, &err);
    CHECK(t && hc_transfer_status(t) == 200, "retried PATCH -> 200, got %d", t ? hc_transfer_status(t) : -1);
    CHECK(t && hc_transfer_conflict_retries(t) == 1, "one retry made");
    if (t) CHECK_STR(hc_transfer_method(t), "PATCH", "the last exchange is the change");
    if (t) CHECK(hc_headers_get(hc_transfer_request_headers(t), "If-Match") &&
                 strcmp(hc_headers_get(hc_transfer_request_headers(t), "If-Match"),
                        "\"not-the-current-version\"") != 0, "the refreshed ETag was sent");
    hc_transfer_delete(t);

    t = NULL;
    CHECK(hc_transfer_new(api, &stale, &t, &err) == HC_OK, "transfer for the loop: %s", err.message);
    t = t ? run_on_loop(t) : NULL;
    CHECK(t && hc_transfer_status(t) == 200 && hc_transfer_conflict_retries(t) == 1,
          "retried on the event loop: %d, %d retries", t ? hc_transfer_status(t) : -1,
          t ? hc_transfer_conflict_retries(t) : -1);
    hc_transfer_delete(t);

    hc_request_opts no_retry = stale;
    no_retry.conflict_retries = 0;
    t = send_req(&no_retry, &rc, &err);
    CHECK(t && hc_transfer_status(t) == 412 && hc_transfer_conflict_retries(t) == 0, "no retry: 412");
    hc_transfer_delete(t);

    hc_request_opts bare = {.method = "DELETE", .url = "/customers/B200", .self_href = "/customers/B200"};
    hc_api_set_require_if_match(api, 1);
    expect_refused(&bare, HC_ENOETAG, "require_if_match without an ETag");
    hc_api_set_require_if_match(api, 0);
}

/* SPEC §12: every case of tests/vectors/redirects.json (Python and Node read it too). */
static void test_redirect_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/redirects.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *to = cJSON_GetObjectItem(c, "to")->valuestring;
        const char *method = cJSON_GetObjectItem(c, "method")->valuestring;
        int code = cJSON_GetObjectItem(c, "code")->valueint;
        char target[256], url[512];
        if (strcmp(to, "same") == 0) snprintf(target, sizeof target, "/echo/r");
        else if (strcmp(to, "other") == 0) snprintf(target, sizeof target, "%s/echo/r", other.base);
        else snprintf(target, sizeof target, "%s", to);
        char *params_json = NULL;
        cJSON *params = cJSON_CreateObject();
        cJSON_AddStringToObject(params, "to", target);
        cJSON_AddNumberToObject(params, "code", code);
        params_json = cJSON_PrintUnformatted(params);
        cJSON_Delete(params);
        snprintf(url, sizeof url, "/redirect");
        const cJSON *data = cJSON_GetObjectItem(c, "data");
        char *data_json = data ? cJSON_PrintUnformatted(data) : NULL;
        hc_request_opts o = {.method = method, .url = url, .parameters = params_json, .data = data_json};
        hc_code rc;
        hc_error err = {0};
        hc_transfer *t = send_req(&o, &rc, &err);
        const cJSON *error = cJSON_GetObjectItem(c, "error");
        if (error) {
            const hc_error *te = t ? hc_transfer_error(t) : &err;
            CHECK(t && hc_transfer_status(t) == 0 && strcmp(hc_code_name(te->code), error->valuestring) == 0,
                  "%s %d to %s: want %s, got %s (%s)", method, code, to, error->valuestring,
                  hc_code_name(te->code), te->message);
        } else {
            const cJSON *want = cJSON_GetObjectItem(c, "expected");
            cJSON *echo = t ? body_json(t) : NULL;
            const cJSON *m = cJSON_GetObjectItem(echo, "method"), *b = cJSON_GetObjectItem(echo, "body");
            CHECK(echo && cJSON_IsString(m) && strcmp(m->valuestring, cJSON_GetObjectItem(want, "method")->valuestring) == 0,
                  "%s %d to %s: method", method, code, to);
            CHECK(cJSON_IsString(b) && (b->valuestring[0] != '\0') == cJSON_IsTrue(cJSON_GetObjectItem(want, "body")),
                  "%s %d to %s: body", method, code, to);
            CHECK((echoed_header(echo, "Authorization") != NULL) ==
                      cJSON_IsTrue(cJSON_GetObjectItem(want, "authorization")),
                  "%s %d to %s: Authorization", method, code, to);
            cJSON_Delete(echo);
        }
        hc_transfer_delete(t);
        free(params_json);
        free(data_json);
    }
    cJSON_Delete(root);
}

int main(void)
{
    if (test_server_start(&srv) != 0 || test_server_start(&other) != 0) {
        fprintf(stderr, "could not start tests/server/server.py\n");
        return 2;
    }
    hc_error err = {0};
    CHECK(hc_api_new_default(&api, &err) == HC_OK, "api: %s", err.message);
    CHECK(hc_api_set_base_url(api, srv.base, &err) == HC_OK, "base url: %s", err.message);
    hc_request_opts reset = {.method = "POST", .url = "/reset"};
    hc_code rc;
    hc_transfer_delete(send_req(&reset, &rc, &err));

    test_home_and_default_headers();
    test_removed_accept_is_not_replaced();
    test_version_and_user_agent();
    test_stale_patch_gets_412();
    test_hostile_input_is_refused_before_sending();
    test_broken_servers_fail_cleanly();
    test_credentials_stay_on_the_base_origin();
    test_many_transfers_on_one_loop();
    test_cancel_on_one_loop();
    test_conflict_retry_and_require_if_match();
    test_redirect_vectors();

    hc_api_delete(api);
    test_server_stop(&srv);
    test_server_stop(&other);
    return check_done("transport");
}
