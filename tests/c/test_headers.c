/* test_headers.c: the header set of SPEC §6 (csrc/headers.c): the vectors of
 * tests/vectors/headers.json applied to an hc_headers directly, then what the vectors cannot
 * say: append, copies, JSON merging, NUL, messages, NULL safety, and many headers. */
#include <time.h>

#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A set holding the Api's built-in defaults (the vectors start from them). */
static hc_headers *defaults(void)
{
    hc_api *api = NULL;
    hc_error err = {0};
    hc_api_new_default(&api, &err);
    char *json = hc_api_headers_json(api);
    hc_headers *h = hc_headers_new();
    hc_headers_merge_json(h, json, &err);
    hc_free(json);
    hc_api_delete(api);
    return h;
}

static void test_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/headers.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *what = str(c, "comment");
        hc_headers *h = defaults();
        hc_error err = {0};
        hc_code rc = HC_OK;
        const cJSON *op;
        cJSON_ArrayForEach(op, cJSON_GetObjectItem(c, "ops")) {
            const char *kind = cJSON_GetArrayItem(op, 0)->valuestring;
            const char *name = cJSON_GetArrayItem(op, 1)->valuestring;
            if (strcmp(kind, "remove") == 0) hc_headers_remove(h, name);
            else rc = hc_headers_set(h, name, cJSON_GetArrayItem(op, 2)->valuestring, &err);
            if (rc != HC_OK) break;
        }
        if (str(c, "error")) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), str(c, "error")) == 0,
                  "%s: want error %s, got %s", what, str(c, "error"), hc_code_name(rc));
            CHECK(err.message[0] && !strpbrk(err.message, "\r\n"),
                  "%s: a one-line message: [%s]", what, err.message);
        } else {
            char *got = hc_headers_to_json(h);
            char *want = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "expected"));
            CHECK(rc == HC_OK, "%s: %s", what, err.message);
            CHECK_STR(got, want, what);
            hc_free(got);
            cJSON_free(want);
        }
        hc_headers_delete(h);
    }
    cJSON_Delete(root);
}

static void test_lookup_and_order(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    CHECK(hc_headers_count(h) == 0 && hc_headers_get(h, "A") == NULL, "a new set is empty");
    hc_headers_set(h, "Content-Type", "a", &err);
    hc_headers_set(h, "X-B", "b", &err);
    hc_headers_set(h, "x-c", "c", &err);
    CHECK_STR(hc_headers_get(h, "content-type"), "a", "get ignores case");
    CHECK_STR(hc_headers_get(h, "X-C"), "c", "get ignores case");
    hc_headers_set(h, "CONTENT-TYPE", "z", &err);
    CHECK(hc_headers_count(h) == 3, "set replaces: 3 headers");
    CHECK_STR(hc_headers_name(h, 0), "CONTENT-TYPE", "new spelling wins, in the old place");
    CHECK_STR(hc_headers_value(h, 0), "z", "the new value");
    CHECK(hc_headers_name(h, 3) == NULL && hc_headers_value(h, 99) == NULL, "out of range: NULL");
    CHECK(hc_headers_remove(h, "x-b") == 1, "remove says it removed");
    CHECK(hc_headers_remove(h, "x-b") == 0, "a second remove finds nothing");
    CHECK_STR(hc_headers_get(h, "x-c"), "c", "lookups still work after a removal");
    CHECK_STR(hc_headers_name(h, 1), "x-c", "later headers move up");
    CHECK(hc_headers_remove(h, NULL) == 0, "remove(NULL) is nothing");
    CHECK(hc_headers_get(h, NULL) == NULL, "get(NULL) is NULL");
    hc_headers_delete(h);
}

static void test_append(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    CHECK(hc_headers_append(h, "Set-Cookie", "a=1", &err) == HC_OK, "append a new header");
    CHECK(hc_headers_append(h, "set-cookie", "b=2", &err) == HC_OK, "append to it");
    CHECK(hc_headers_append(h, "Vary", "Accept", &err) == HC_OK, "append another");
    CHECK_STR(hc_headers_get(h, "SET-COOKIE"), "a=1, b=2", "values joined with ', '");
    CHECK_STR(hc_headers_name(h, 0), "Set-Cookie", "append keeps the first spelling");
    CHECK(hc_headers_count(h) == 2, "two headers");
    CHECK(hc_headers_append(h, "Vary", "a\r\nX: 1", &err) == HC_EHEADER, "append refuses CR/LF too");
    CHECK_STR(hc_headers_get(h, "Vary"), "Accept", "a refused append changes nothing");
    hc_headers_delete(h);
}

static void test_copy(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    for (int i = 0; i < 40; i++) {
        char name[16];
        snprintf(name, sizeof name, "X-%d", i);
        hc_headers_set(h, name, name, &err);
    }
    hc_headers *c = hc_headers_copy(h);
    CHECK(hc_headers_count(c) == 40, "the copy has every header");
    CHECK_STR(hc_headers_get(c, "x-39"), "X-39", "the copy's index works");
    hc_headers_set(c, "x-0", "changed", &err);
    hc_headers_remove(c, "X-1");
    CHECK_STR(hc_headers_get(h, "X-0"), "X-0", "changing the copy leaves the original");
    CHECK(hc_headers_count(h) == 40 && hc_headers_count(c) == 39, "removing from the copy too");
    hc_headers *empty = hc_headers_copy(NULL);
    CHECK(empty && hc_headers_count(empty) == 0, "a copy of NULL is an empty set");
    hc_headers *e2 = hc_headers_copy(empty);
    hc_error e = {0};
    CHECK(e2 && hc_headers_set(e2, "A", "1", &e) == HC_OK, "a copy of an empty set is usable");
    hc_headers_delete(e2);
    hc_headers_delete(empty);
    hc_headers_delete(c);
    hc_headers_delete(h);
}

static void test_merge_json(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    hc_headers_set(h, "Accept", "x", &err);
    hc_headers_set(h, "Authorization", "secret", &err);
    CHECK(hc_headers_merge_json(h, "{\"accept\":\"y\",\"authorization\":null,\"X-N\":50,"
                                   "\"X-F\":3.5,\"X-T\":true,\"X-False\":false,\"X-Absent\":null}",
                                &err) == HC_OK, "merge: %s", err.message);
    char *json = hc_headers_to_json(h);
    CHECK_STR(json, "{\"accept\":\"y\",\"X-N\":\"50\",\"X-F\":\"3.5\",\"X-T\":\"true\",\"X-False\":\"false\"}",
              "strings set, null removes, numbers and booleans as JSON text");
    hc_free(json);

    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"1\",\"X-O\":{\"a\":1}}", &err) == HC_EJSON &&
          strstr(err.message, "X-O"), "an object value is HC_EJSON naming it: %s", err.message);
    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"1\",\"X-L\":[1]}", &err) == HC_EJSON, "a list value is HC_EJSON");
    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"1\",\"X-B\":\"a\\r\\nc\"}", &err) == HC_EHEADER,
          "CR/LF in a merged value");
    CHECK(hc_headers_get(h, "X-A") == NULL, "a refused merge sets nothing, not even the good members");
    CHECK(hc_headers_merge_json(h, "[]", &err) == HC_EJSON, "a list is not a header object");
    CHECK(hc_headers_merge_json(h, "\"a\"", &err) == HC_EJSON, "a string is not a header object");
    CHECK(hc_headers_merge_json(h, "{", &err) == HC_EJSON, "malformed JSON");
    CHECK(hc_headers_merge_json(h, "{} trailing", &err) == HC_EJSON, "trailing garbage is malformed");
    CHECK(hc_headers_merge_json(h, NULL, &err) == HC_EJSON, "NULL is not JSON");
    CHECK(hc_headers_merge_json(h, "{}", &err) == HC_OK, "an empty object changes nothing");
    CHECK(hc_headers_merge_json(NULL, "{}", &err) == HC_EINVAL, "no set");
    hc_headers_delete(h);
}

/* cJSON would end "a\u0000b" at the NUL; the set refuses it instead of sending "a". */
static void test_nul(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    CHECK(hc_headers_merge_json(h, "{\"X-Ok\":\"1\",\"X-Nul\":\"a\\u0000\\r\\nInjected: 1\"}", &err) ==
              HC_EHEADER, "NUL in a value is HC_EHEADER");
    CHECK(strstr(err.message, "X-Nul") && strstr(err.message, "NUL"), "the message names the header: %s",
          err.message);
    CHECK(hc_headers_merge_json(h, "{\"X\\u0000Y\":\"1\"}", &err) == HC_EHEADER &&
          strstr(err.message, "'X\\x00Y'"), "NUL in a name, shown as \\x00: %s", err.message);
    CHECK(hc_headers_count(h) == 0, "nothing was set");
    CHECK(hc_headers_merge_json(h, "{\"X-Text\":\"\\\\u0000\"}", &err) == HC_OK,
          "an escaped backslash before u0000 is text, not NUL: %s", err.message);
    CHECK_STR(hc_headers_get(h, "X-Text"), "\\u0000", "the text kept as is");
    CHECK(hc_headers_merge_json(h, "{\"X-Sym\":\"\xE2\x90\x80\"}", &err) == HC_OK,
          "U+2400 itself is an ordinary character");
    hc_headers_delete(h);
}

static void test_messages(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    CHECK(hc_headers_set(h, "X-Bad\r\nInjected", "1", &err) == HC_EHEADER, "CR/LF in a name");
    CHECK(strstr(err.message, "X-Bad\\r\\nInjected") && !strpbrk(err.message, "\r\n"),
          "the name is shown escaped: %s", err.message);
    CHECK(hc_headers_set(h, "Authorization", "Bearer s3cret\r\nX: 1", &err) == HC_EHEADER, "CR/LF in a value");
    CHECK(strstr(err.message, "Authorization") && !strstr(err.message, "s3cret"),
          "the message names the header but never shows the value: %s", err.message);
    CHECK(hc_headers_set(h, "X-\xC3\xBC", "1", &err) == HC_EHEADER && strstr(err.message, "\\xC3\\xBC"),
          "a non-ASCII name is shown escaped: %s", err.message);
    char long_name[300];
    memset(long_name, 'A', sizeof long_name - 2);
    long_name[sizeof long_name - 2] = ' ';
    long_name[sizeof long_name - 1] = '\0';
    CHECK(hc_headers_set(h, long_name, "1", &err) == HC_EHEADER && strstr(err.message, "..."),
          "a long bad name is cut: %s", err.message);
    CHECK(hc_headers_set(h, "", "1", &err) == HC_EHEADER && strstr(err.message, "empty"), "empty name");
    CHECK(hc_headers_set(h, NULL, "1", &err) == HC_EHEADER, "NULL name");
    CHECK(hc_headers_set(h, "X", NULL, &err) == HC_EHEADER && strstr(err.message, "'X'"), "NULL value");
    CHECK(hc_headers_set(NULL, "X", "1", &err) == HC_EINVAL, "NULL set");
    CHECK(hc_headers_set(h, "X-Ctl", "a\x01" "b", &err) == HC_OK, "other control characters pass (only CR, LF, NUL split headers)");
    hc_headers_delete(h);
}

static void test_null_safety(void)
{
    hc_headers_delete(NULL);
    CHECK(hc_headers_count(NULL) == 0, "count(NULL)");
    CHECK(hc_headers_name(NULL, 0) == NULL && hc_headers_value(NULL, 0) == NULL, "name/value(NULL)");
    CHECK(hc_headers_get(NULL, "A") == NULL && hc_headers_remove(NULL, "A") == 0, "get/remove(NULL)");
    char *json = hc_headers_to_json(NULL);
    CHECK_STR(json, "{}", "to_json(NULL)");
    hc_free(json);
}

/* A server may send any number of headers; appending stays linear. */
static void test_many_headers(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    char name[32];
    clock_t start = clock();
    for (int i = 0; i < 100000; i++) {
        snprintf(name, sizeof name, "x-header-%d", i);
        hc_headers_append(h, name, "v", &err);
    }
    for (int i = 0; i < 100000; i += 2) {
        snprintf(name, sizeof name, "X-HEADER-%d", i);
        hc_headers_append(h, name, "w", &err);
    }
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    CHECK(hc_headers_count(h) == 100000, "100000 headers");
    CHECK_STR(hc_headers_get(h, "X-Header-99998"), "v, w", "found among 100000");
    CHECK(secs < 5, "150000 appends take %.2fs", secs);
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "x-header-%d", i);
        hc_headers_remove(h, name);
    }
    CHECK(hc_headers_count(h) == 99900 && hc_headers_get(h, "x-header-100"), "removals keep the index right");
    hc_headers_delete(h);
}

int main(void)
{
    test_vectors();
    test_lookup_and_order();
    test_append();
    test_copy();
    test_merge_json();
    test_nul();
    test_messages();
    test_null_safety();
    test_many_headers();
    return check_done("headers");
}
