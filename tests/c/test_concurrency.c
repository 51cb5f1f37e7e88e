/* test_concurrency.c: the If-Match rule of SPEC §8 (csrc/concurrency.c): every case of
 * tests/vectors/if_match.json, and that the answer is borrowed from the arguments. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/if_match.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *header = str(c, "etag_header");
        char *field = hc_etag_field_exact(str(c, "etag_value"), str(c, "etag_source"), "_etag");
        const char *got = hc_if_match(str(c, "method"), str(c, "link_href"), str(c, "self_href"),
                                      header, field);
        const char *want = str(c, "expected");
        CHECK((!got && !want) || (got && want && strcmp(got, want) == 0), "%s: got %s want %s",
              str(c, "comment"), got ? got : "none", want ? want : "none");
        CHECK(!got || got == header || got == field, "%s: the answer is one of the arguments",
              str(c, "comment"));
        hc_free(field);
    }
    cJSON_Delete(root);
}

static void test_missing_arguments(void)
{
    CHECK(hc_if_match(NULL, "/c", "/c", "\"e\"", "f") == NULL, "no method");
    CHECK(hc_if_match("PUT", NULL, "/c", "\"e\"", "f") == NULL, "no link href");
    CHECK(hc_if_match("PUT", "/c", "/c", NULL, NULL) == NULL, "no ETag at all");
    CHECK(hc_if_match("", "/c", "/c", "\"e\"", "f") == NULL, "an empty method");
    CHECK(hc_if_match("PUTS", "/c", "/c", "\"e\"", "f") == NULL, "a longer method is another method");
}

/* SPEC §12: an etag field holding a NUL cannot be sent as If-Match, so it counts as no field
 * (a conflict retry's refresh then brings no ETag), never as the text before the NUL. */
static void test_etag_field_with_nul(void)
{
    char *text = NULL;
    hc_error err = {0};
    CHECK(hc_etag_field_text("{\"_etag\":\"a\\u0000b\"}", "_etag", &text, &err) == HC_OK && !text,
          "a field holding a NUL is no field: got %s", text ? text : "(none)");
    free(text);
    text = NULL;
    CHECK(hc_etag_field_text("{\"_etag\":\"ab\",\"x\\u0000\":1}", "_etag", &text, &err) == HC_OK &&
              text && strcmp(text, "ab") == 0,
          "a NUL elsewhere leaves the field alone");
    free(text);
}

/* SPEC §8, §12: a request from a resource whose etag field (from a server) holds a NUL:
 * refused, with the field named, only when it would be sent as If-Match; a strong ETag
 * header is sent instead when there is one; any other request is built as usual. No I/O:
 * hc_transfer_new only prepares. */
static hc_code prepare(hc_api *api, const char *method, const char *url, const char *header,
                       const char *if_match, hc_error *err)
{
    hc_request_opts o = {.method = method, .url = url, .self_href = "http://h.test/c/1",
                         .etag_header = header, .etag_value = "v1\0x", .etag_value_len = 4};
    hc_transfer *t = NULL;
    hc_code rc = hc_transfer_new(api, &o, &t, err);
    if (rc == HC_OK) {
        const char *sent = hc_headers_get(hc_transfer_request_headers(t), "If-Match");
        CHECK((!sent && !if_match) || (sent && if_match && strcmp(sent, if_match) == 0),
              "%s %s: If-Match %s, want %s", method, url, sent ? sent : "none", if_match ? if_match : "none");
    }
    hc_transfer_delete(t);
    return rc;
}

static void test_request_with_a_nul_in_the_etag_field(void)
{
    hc_api *api = NULL;
    hc_error err = {0};
    CHECK(hc_api_new_default(&api, &err) == HC_OK && hc_api_set_base_url(api, "http://h.test", &err) == HC_OK,
          "an Api: %s", err.message);
    CHECK(prepare(api, "PATCH", "http://h.test/c/1", NULL, NULL, &err) == HC_EINVAL &&
              strstr(err.message, "etag field '_etag' holds a NUL byte") && strstr(err.message, "PATCH"),
          "a change that would send it is refused, naming the field: %s", err.message);
    CHECK(prepare(api, "DELETE", "http://h.test/c/1", "W/\"w\"", NULL, &err) == HC_EINVAL,
          "a weak header does not stand in for it: %s", err.message);
    CHECK(prepare(api, "PUT", "http://h.test/c/1", "\"strong\"", "\"strong\"", &err) == HC_OK,
          "a strong ETag header is sent instead: %s", err.message);
    CHECK(prepare(api, "GET", "http://h.test/c/1", NULL, NULL, &err) == HC_OK, "a GET is built: %s", err.message);
    CHECK(prepare(api, "PATCH", "http://h.test/c/2", NULL, NULL, &err) == HC_OK,
          "a change of another resource sends no If-Match, so it is built: %s", err.message);
    hc_api_delete(api);
}

int main(void)
{
    test_etag_field_with_nul();
    test_request_with_a_nul_in_the_etag_field();
    test_vectors();
    test_missing_arguments();
    return check_done("concurrency");
}
