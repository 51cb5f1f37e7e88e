/* test_statuscodes.c: raise_for_status_codes specs of SPEC §10 (csrc/statuscodes.c): every
 * case of tests/vectors/status_codes.json, then messages, the one-shot matcher, every
 * status against the SPEC examples, and hostile specs. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/status_codes.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *spec = str(c, "spec"), *msg = str(c, "message");
        hc_status_spec *s = NULL;
        hc_error err = {0};
        hc_code rc = hc_status_spec_parse(spec, &s, &err);
        if (str(c, "error")) {
            CHECK(rc == HC_ESTATUSSPEC && s == NULL, "'%s': want status_spec, got %s", spec,
                  hc_code_name(rc));
            CHECK(strstr(err.message, spec) != NULL, "the message quotes the spec: %s", err.message);
            if (msg) CHECK(strstr(err.message, msg) != NULL, "message [%s] lacks [%s]", err.message, msg);
            continue;
        }
        CHECK(rc == HC_OK, "'%s': %s", spec, err.message);
        const cJSON *n;
        cJSON_ArrayForEach(n, cJSON_GetObjectItem(c, "raises")) {
            int match = 0;
            CHECK(hc_status_spec_match(s, n->valueint), "'%s' should match %d", spec, n->valueint);
            CHECK(hc_status_matches(spec, n->valueint, &match, &err) == HC_OK && match,
                  "one-shot: '%s' should match %d", spec, n->valueint);
        }
        cJSON_ArrayForEach(n, cJSON_GetObjectItem(c, "passes")) {
            int match = 1;
            CHECK(!hc_status_spec_match(s, n->valueint), "'%s' should not match %d", spec, n->valueint);
            CHECK(hc_status_matches(spec, n->valueint, &match, &err) == HC_OK && !match,
                  "one-shot: '%s' should not match %d", spec, n->valueint);
        }
        hc_status_spec_delete(s);
    }
    cJSON_Delete(root);
}

/* Every status 100-599 against the SPEC examples, computed another way. */
static void test_every_status(void)
{
    hc_status_spec *gt399 = NULL, *ranges = NULL, *pair = NULL;
    hc_error err = {0};
    hc_status_spec_parse(">399", &gt399, &err);
    hc_status_spec_parse("400-403, >404", &ranges, &err);
    hc_status_spec_parse("400 >401", &pair, &err);
    int wrong = 0;
    for (int code = 100; code <= 599; code++) {
        wrong += hc_status_spec_match(gt399, code) != (code > 399);
        wrong += hc_status_spec_match(ranges, code) != ((code >= 400 && code <= 403) || code > 404);
        wrong += hc_status_spec_match(pair, code) != (code == 400 || code > 401);
    }
    CHECK(wrong == 0, "%d statuses matched wrongly", wrong);
    hc_status_spec_delete(gt399);
    hc_status_spec_delete(ranges);
    hc_status_spec_delete(pair);
}

static void test_messages(void)
{
    hc_status_spec *s = NULL;
    hc_error err = {0};
    hc_status_spec_parse("400-403, 4xx, 500", &s, &err);
    CHECK(strstr(err.message, "'400-403, 4xx, 500'") && strstr(err.message, "'4xx'"),
          "quotes the spec and the bad part: %s", err.message);
    hc_status_spec_parse("500-400", &s, &err);
    CHECK(strstr(err.message, "'500-400'") && strstr(err.message, "above"),
          "a backwards range says so: %s", err.message);
    hc_status_spec_parse("400 - abc", &s, &err);
    CHECK(strstr(err.message, "'400 - abc'"), "the bad part runs to where reading failed: %s",
          err.message);

    char spec[400];
    memset(spec, ' ', sizeof spec);
    memcpy(spec + 300, "bad", 3);
    spec[sizeof spec - 1] = '\0';
    CHECK(hc_status_spec_parse(spec, &s, &err) == HC_ESTATUSSPEC && strstr(err.message, "...'"),
          "a long spec is cut in the message: %s", err.message);
    /* "ü" is two bytes; cut at an odd length it would split, which the bindings cannot decode */
    char wide[300] = "x"; /* an odd start, so a cut at 200 bytes lands inside a character */
    for (int i = 0; i < 120; i++) strcat(wide, "\xC3\xBC");
    CHECK(hc_status_spec_parse(wide, &s, &err) == HC_ESTATUSSPEC, "a spec of ü");
    size_t n = strlen(err.message);
    int broken = 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)err.message[i] == 0xC3 && (unsigned char)err.message[i + 1] != 0xBC) broken = 1;
    CHECK(!broken, "the cut never splits a UTF-8 character: %s", err.message);
}

static void test_edges(void)
{
    hc_status_spec *s = NULL;
    hc_error err = {0};
    CHECK(hc_status_spec_parse(NULL, &s, &err) == HC_OK && s, "NULL is the empty spec");
    CHECK(!hc_status_spec_match(s, 500), "the empty spec matches nothing");
    hc_status_spec_delete(s);
    CHECK(!hc_status_spec_match(NULL, 500), "a NULL spec matches nothing");
    hc_status_spec_delete(NULL);
    CHECK(hc_status_spec_parse("400", NULL, &err) == HC_EINVAL, "no out pointer");
    int match = 7;
    CHECK(hc_status_matches("nope", 404, &match, &err) == HC_ESTATUSSPEC && match == 0,
          "one-shot with a bad spec: error and no match");
    CHECK(hc_status_matches(">399", 404, NULL, &err) == HC_OK, "one-shot without a result pointer");
    CHECK(hc_status_matches("<300", -1, &match, &err) == HC_OK && !match, "a negative status");
    CHECK(hc_status_matches(">399", 0, &match, &err) == HC_OK && !match, "status 0 (no response)");
    CHECK(hc_status_matches("9999999999999999999999", 404, &match, &err) == HC_ESTATUSSPEC,
          "a huge number is refused, not overflowed");

    /* many parts */
    char big[8000] = "";
    for (int code = 100; code < 1000; code += 2) {
        char part[16];
        snprintf(part, sizeof part, "%d,", code);
        strcat(big, part);
    }
    CHECK(hc_status_matches(big, 998, &match, &err) == HC_OK && match, "450 parts: %s", err.message);
    CHECK(hc_status_matches(big, 999, &match, &err) == HC_OK && !match, "450 parts, odd code");
}

/* SPEC §10 v2: one HTTPError message for both languages, no trailing space. */
static void test_http_error_message(void)
{
    char *m = hc_http_error_message("GET", "http://h/x", 404, "Not Found");
    CHECK_STR(m, "GET http://h/x returned 404 Not Found", "with a reason");
    hc_free(m);
    m = hc_http_error_message("PATCH", "http://h/x", 412, "");
    CHECK_STR(m, "PATCH http://h/x returned 412", "an empty reason leaves no trailing space");
    hc_free(m);
}

int main(void)
{
    test_http_error_message();
    test_vectors();
    test_every_status();
    test_messages();
    test_edges();
    return check_done("statuscodes");
}
