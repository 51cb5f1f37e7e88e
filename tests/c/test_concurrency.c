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

int main(void)
{
    test_etag_field_with_nul();
    test_vectors();
    test_missing_arguments();
    return check_done("concurrency");
}
