/* test_rules.c: the core's pure rules against the shared vectors in tests/vectors/ (the
 * same files pytest and node:test read): URLs, query parameters, bodies, status specs,
 * headers, the If-Match rule and the HAL helpers. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* JSON text of o[k], or NULL when absent/null. Caller frees with cJSON_free. */
static char *json_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return v && !cJSON_IsNull(v) ? cJSON_PrintUnformatted(v) : NULL;
}

static void check_error(hc_code rc, const hc_error *err, const cJSON *c, const char *what)
{
    const char *want = str(c, "error"), *msg = str(c, "message");
    CHECK(rc != HC_OK && strcmp(hc_code_name(rc), want) == 0, "%s: want error %s, got %s",
          what, want, hc_code_name(rc));
    CHECK(err->message[0], "%s: error has a message", what);
    if (msg) CHECK(strstr(err->message, msg) != NULL, "%s: message [%s] lacks [%s]", what, err->message, msg);
}

#define FOR_CASES(file, c) \
    cJSON *root_ = vectors_load(file); \
    const cJSON *c; \
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root_, "cases"))

static void test_url_join(void)
{
    FOR_CASES("tests/vectors/url_join.json", c) {
        char *out = NULL;
        hc_error err = {0};
        hc_code rc = hc_url_join(str(c, "base"), str(c, "href"), &out, &err);
        if (rc == HC_OK) rc = hc_url_check_scheme(out, &err);
        if (str(c, "error")) check_error(rc, &err, c, str(c, "href"));
        else CHECK_STR(rc == HC_OK ? out : err.message, str(c, "expected"), str(c, "href"));
        hc_free(out);
    }
    cJSON_Delete(root_);
}

static void test_query(void)
{
    FOR_CASES("tests/vectors/query.json", c) {
        hc_list_style style = HC_LIST_REPEAT_KEY;
        char *params = json_of(c, "params"), *q = NULL, *out = NULL;
        const char *url = str(c, "url") ? str(c, "url") : "/test";
        hc_error err = {0};
        hc_code rc = str(c, "style") ? hc_list_style_parse(str(c, "style"), &style, &err) : HC_OK;
        if (rc == HC_OK) rc = hc_query_encode(params, style, &q, &err);
        if (rc == HC_OK) rc = hc_url_add_query(url, q, &out, &err);
        if (str(c, "error")) check_error(rc, &err, c, params);
        else CHECK_STR(rc == HC_OK ? out : err.message, str(c, "expected"), params);
        hc_free(q);
        hc_free(out);
        cJSON_free(params);
    }
    cJSON_Delete(root_);
}

static void test_bodies(void)
{
    FOR_CASES("tests/vectors/bodies.json", c) {
        char *data = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "data")), *out = NULL;
        size_t len = 0;
        hc_error err = {0};
        hc_code rc = hc_body_encode(data, str(c, "content_type"), &out, &len, &err);
        CHECK_STR(rc == HC_OK ? out : err.message, str(c, "expected"), data);
        CHECK(rc != HC_OK || len == strlen(str(c, "expected")), "%s: length", data);
        hc_free(out);
        cJSON_free(data);
    }
    cJSON_Delete(root_);
}

static void test_status_codes(void)
{
    FOR_CASES("tests/vectors/status_codes.json", c) {
        const char *spec = str(c, "spec");
        hc_status_spec *s = NULL;
        hc_error err = {0};
        hc_code rc = hc_status_spec_parse(spec, &s, &err);
        if (str(c, "error")) {
            check_error(rc, &err, c, spec);
            CHECK(strstr(err.message, spec) != NULL, "message quotes the spec: %s", err.message);
        } else {
            CHECK(rc == HC_OK, "%s: %s", spec, err.message);
            const cJSON *n;
            cJSON_ArrayForEach(n, cJSON_GetObjectItem(c, "raises"))
                CHECK(hc_status_spec_match(s, n->valueint), "'%s' should match %d", spec, n->valueint);
            cJSON_ArrayForEach(n, cJSON_GetObjectItem(c, "passes"))
                CHECK(!hc_status_spec_match(s, n->valueint), "'%s' should not match %d", spec, n->valueint);
        }
        hc_status_spec_delete(s);
    }
    cJSON_Delete(root_);
}

static void test_headers(void)
{
    FOR_CASES("tests/vectors/headers.json", c) {
        hc_api *api = NULL;
        hc_error err = {0};
        hc_api_new_default(&api, &err);
        hc_code rc = HC_OK;
        const cJSON *op;
        cJSON_ArrayForEach(op, cJSON_GetObjectItem(c, "ops")) {
            const char *kind = cJSON_GetArrayItem(op, 0)->valuestring;
            const char *name = cJSON_GetArrayItem(op, 1)->valuestring;
            if (strcmp(kind, "remove") == 0) {
                hc_api_remove_header(api, name);
                continue;
            }
            cJSON *one = cJSON_CreateObject();
            cJSON_AddStringToObject(one, name, cJSON_GetArrayItem(op, 2)->valuestring);
            char *text = cJSON_PrintUnformatted(one);
            rc = hc_api_merge_headers(api, text, &err);
            cJSON_free(text);
            cJSON_Delete(one);
            if (rc != HC_OK) break;
        }
        if (str(c, "error")) {
            check_error(rc, &err, c, str(c, "comment"));
        } else {
            char *got = hc_api_headers_json(api), *want = json_of(c, "expected");
            CHECK_STR(got, want, str(c, "comment"));
            hc_free(got);
            cJSON_free(want);
        }
        hc_api_delete(api);
    }
    cJSON_Delete(root_);
}

static void test_if_match(void)
{
    FOR_CASES("tests/vectors/if_match.json", c) {
        const char *got = hc_if_match(str(c, "method"), str(c, "link_href"), str(c, "self_href"),
                                      str(c, "etag_header"), str(c, "etag_value"));
        const char *want = str(c, "expected");
        CHECK((!got && !want) || (got && want && strcmp(got, want) == 0),
              "%s %s: got %s want %s", str(c, "method"), str(c, "link_href"), got ? got : "none",
              want ? want : "none");
    }
    cJSON_Delete(root_);
}

static hc_multiplicity expect_of(const char *s)
{
    return !s ? HC_ANY : strcmp(s, "one") == 0 ? HC_ONE : HC_MANY;
}

static void test_hal(void)
{
    FOR_CASES("tests/vectors/hal.json", c) {
        const char *op = str(c, "op");
        hc_error err = {0};
        hc_code rc;
        char *got = NULL;
        if (strcmp(op, "link") == 0) {
            char *links = json_of(c, "links"), *href = NULL;
            int templated = 0;
            rc = hc_hal_link(links, str(c, "rel"), str(c, "name"), &href, &templated, &err);
            if (rc == HC_OK) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "href", href);
                cJSON_AddBoolToObject(o, "templated", templated);
                got = cJSON_PrintUnformatted(o);
                cJSON_Delete(o);
            }
            hc_free(href);
            cJSON_free(links);
        } else {
            char *res = json_of(c, "resource");
            hc_multiplicity found = HC_ANY;
            if (strcmp(op, "check") == 0) rc = hc_hal_check(res, &err);
            else if (strcmp(op, "collection") == 0) rc = hc_hal_collection(res, str(c, "field"), &err);
            else rc = hc_hal_embedded(res, str(c, "rel"), expect_of(str(c, "expect")), &found, &err);
            if (rc == HC_OK)
                got = strcmp(op, "embedded") == 0 ? strdup(found == HC_MANY ? "\"many\"" : "\"one\"")
                                                  : strdup("true");
            cJSON_free(res);
        }
        if (str(c, "error")) {
            check_error(rc, &err, c, op);
        } else {
            char *want = json_of(c, "expected");
            CHECK_STR(got ? got : err.message, want, op);
            cJSON_free(want);
        }
        free(got);
    }
    cJSON_Delete(root_);
}

int main(void)
{
    test_url_join();
    test_query();
    test_bodies();
    test_status_codes();
    test_headers();
    test_if_match();
    test_hal();
    return check_done("rules");
}
