/* test_query.c: query parameters (SPEC §5) and request bodies (SPEC §7) against
 * tests/vectors/query.json and bodies.json, then C-only cases: list style names, bad JSON,
 * nesting limits, NUL characters, number text and merging a query into a URL. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void run_query_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/query.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        char *params = vector_json(cJSON_GetObjectItem(c, "params")); /* NULs kept */
        const char *url = str(c, "url") ? str(c, "url") : "/test", *style_name = str(c, "style");
        hc_list_style style = HC_LIST_REPEAT_KEY;
        char *q = NULL, *out = NULL;
        hc_error err = {0};
        hc_code rc = style_name ? hc_list_style_parse(style_name, &style, &err) : HC_OK;
        if (rc == HC_OK) rc = hc_query_encode(params, style, &q, &err);
        if (rc == HC_OK) rc = hc_url_add_query(url, q, &out, &err);
        if (str(c, "error")) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), str(c, "error")) == 0,
                  "%s: want %s, got %s", params, str(c, "error"), hc_code_name(rc));
            CHECK(strstr(err.message, style_name) != NULL, "message names the style: %s",
                  err.message);
        } else {
            CHECK(rc == HC_OK && out && strcmp(out, str(c, "expected")) == 0,
                  "%s (%s): got [%s] want [%s] (%s)", params, style_name ? style_name : "default",
                  out ? out : "(error)", str(c, "expected"), err.message);
        }
        hc_free(q);
        hc_free(out);
        free(params);
    }
    cJSON_Delete(root);
}

static void run_body_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/bodies.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        char *data = vector_json(cJSON_GetObjectItem(c, "data")), *out = NULL; /* NULs kept */
        const char *want = str(c, "expected");
        size_t len = 0;
        hc_error err = {0};
        hc_code rc = hc_body_encode(data, str(c, "content_type"), &out, &len, &err);
        CHECK(rc == HC_OK && out && strcmp(out, want) == 0 && len == strlen(want),
              "%s as %s: got [%s] want [%s] (%s)", data,
              str(c, "content_type") ? str(c, "content_type") : "default", out ? out : "(error)",
              want, err.message);
        hc_free(out);
        free(data);
    }
    cJSON_Delete(root);
}

static void test_list_styles(void)
{
    static const char *const names[] = {"repeat_key", "bracket", "index", "comma", "pipe"};
    for (int i = 0; i < 5; i++) {
        hc_list_style s = (hc_list_style)99;
        CHECK(hc_list_style_parse(names[i], &s, NULL) == HC_OK && (int)s == i, "parse %s", names[i]);
        CHECK(strcmp(hc_list_style_name((hc_list_style)i), names[i]) == 0, "name of %d", i);
    }
    CHECK(strcmp(hc_list_style_name((hc_list_style)42), "unknown") == 0, "an invalid style");
    hc_error err = {0};
    hc_list_style s = HC_LIST_PIPE;
    CHECK(hc_list_style_parse(NULL, &s, &err) == HC_EPARAMS && s == HC_LIST_PIPE, "NULL name");
    CHECK(hc_list_style_parse("comma\r\nX: 1", &s, &err) == HC_EPARAMS &&
          !strchr(err.message, '\r') && strstr(err.message, "\\x0D"),
          "a name with CR/LF is shown escaped: %s", err.message);
    CHECK(strstr(err.message, "repeat_key, bracket, index, comma or pipe") != NULL,
          "the message lists the styles: %s", err.message);
    char *out = (char *)"untouched";
    CHECK(hc_query_encode("{\"a\":1}", (hc_list_style)7, &out, &err) == HC_EPARAMS && !out,
          "an out-of-range style value");
}

/* Encodes with a style; want NULL = must fail with code. */
static void expect_query(const char *params, hc_list_style style, const char *want, hc_code code,
                         const char *what)
{
    char *out = NULL;
    hc_error err = {0};
    hc_code rc = hc_query_encode(params, style, &out, &err);
    if (want) {
        CHECK(rc == HC_OK && out && strcmp(out, want) == 0, "%s: got [%.200s] want [%s] (%s)",
              what, out ? out : "(error)", want, err.message);
    } else {
        CHECK(rc == code && !out && err.message[0], "%s: want %s, got %s", what,
              hc_code_name(code), rc == HC_OK ? out : hc_code_name(rc));
    }
    hc_free(out);
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

static void test_query_edges(void)
{
    expect_query(NULL, HC_LIST_REPEAT_KEY, "", HC_OK, "NULL: no parameters");
    expect_query("", HC_LIST_REPEAT_KEY, "", HC_OK, "empty text: no parameters");
    expect_query("null", HC_LIST_REPEAT_KEY, "", HC_OK, "JSON null: no parameters");
    expect_query("{}", HC_LIST_REPEAT_KEY, "", HC_OK, "an empty object");
    expect_query("[1]", HC_LIST_REPEAT_KEY, NULL, HC_EJSON, "a list is not parameters");
    expect_query("\"a=1\"", HC_LIST_REPEAT_KEY, NULL, HC_EJSON, "a string is not parameters");
    expect_query("{\"a\":", HC_LIST_REPEAT_KEY, NULL, HC_EJSON, "malformed JSON");
    expect_query("{\"a\":1} x", HC_LIST_REPEAT_KEY, NULL, HC_EJSON, "text after the object");
    expect_query("{\"a\":\"x\\u0000y\"}", HC_LIST_REPEAT_KEY, "a=x%00y", HC_OK,
                 "SPEC §12 v2: a NUL in a value is %00, never a cut");
    expect_query("{\"a\":[\"\\u0000\",\"b\\u0000\"]}", HC_LIST_PIPE, "a=%00|b%00", HC_OK,
                 "NULs in a pipe list");
    expect_query("{\"a\":\"\\\\u0000\"}", HC_LIST_REPEAT_KEY, "a=%5Cu0000", HC_OK,
                 "an escaped backslash before u0000 is no NUL");
    expect_query("{\"a\\u0000b\":1}", HC_LIST_REPEAT_KEY, NULL, HC_EJSON, "a NUL in a name");
    expect_query("{\"id\":12345678901234567890}", HC_LIST_REPEAT_KEY, "id=12345678901234567890",
                 HC_OK, "an integer beyond 2^53 keeps every digit");
    expect_query("{\"n\":1.0,\"m\":2.50,\"z\":-0,\"e\":5e-324}", HC_LIST_REPEAT_KEY,
                 "n=1&m=2.5&z=0&e=5e-324", HC_OK, "doubles as their shortest JSON text");
    expect_query("{\"\":\"v\",\"k\":null}", HC_LIST_REPEAT_KEY, "=v&k", HC_OK, "an empty name");
    expect_query("{\"\":null,\"k\":1}", HC_LIST_REPEAT_KEY, "&k=1", HC_OK,
                 "an empty bare name still gets its '&'");
    expect_query("{\"a\":1,\"a\":2}", HC_LIST_REPEAT_KEY, "a=1&a=2", HC_OK,
                 "duplicate names are both sent");
    expect_query("{\"l\":[[1],2]}", HC_LIST_COMMA, NULL, HC_EPARAMS, "comma cannot join a list");
    expect_query("{\"l\":[{\"a\":1}]}", HC_LIST_PIPE, NULL, HC_EPARAMS, "pipe cannot join an object");
    expect_query("{\"l\":[]}", HC_LIST_COMMA, "", HC_OK, "an empty comma list adds nothing");
    expect_query("{\"a.b\":{\"c\":1}}", HC_LIST_REPEAT_KEY, "a.b.c=1", HC_OK,
                 "a dot in a name stays a dot");
    expect_query("{\"l\":[\"a\",\"b\"]}", HC_LIST_INDEX, "l[0]=a&l[1]=b", HC_OK,
                 "brackets stay literal");

    hc_error err = {0};
    char *out = NULL;
    hc_query_encode("{\"list\":[{\"a\":1}]}", HC_LIST_COMMA, &out, &err);
    CHECK(strstr(err.message, "'list'") && strstr(err.message, "comma"),
          "the message names the parameter and the style: %s", err.message);

    /* Nesting: 32 levels are encoded, 33 refused (the bound keeps output linear). */
    char *open = repeat("{\"k\":", 32), *close = repeat("}", 32);
    char *deep = malloc(strlen(open) + 16 + strlen(close));
    sprintf(deep, "%s\"v\"%s", open, close);
    char *want = malloc(32 * 2 + 8);
    strcpy(want, "k");
    for (int i = 0; i < 31; i++) strcat(want, ".k");
    strcat(want, "=v");
    expect_query(deep, HC_LIST_REPEAT_KEY, want, HC_OK, "32 levels");
    sprintf(deep, "%s[\"v\"]%s", open, close);
    expect_query(deep, HC_LIST_REPEAT_KEY, NULL, HC_EPARAMS, "33 levels");
    free(deep);
    free(want);
    free(open);
    free(close);
    char *o2 = repeat("[", 990), *c2 = repeat("]", 990);
    char *deeper = malloc(2100);
    sprintf(deeper, "{\"a\":%s%s}", o2, c2);
    expect_query(deeper, HC_LIST_INDEX, NULL, HC_EPARAMS, "990 levels fail cleanly");
    free(deeper);
    free(o2);
    free(c2);

    /* Many parameters. */
    cJSON *obj = cJSON_CreateObject();
    for (int i = 0; i < 50000; i++) {
        char name[16];
        snprintf(name, sizeof name, "p%d", i);
        cJSON_AddNumberToObject(obj, name, i);
    }
    char *text = cJSON_PrintUnformatted(obj);
    CHECK(hc_query_encode(text, HC_LIST_REPEAT_KEY, &out, &err) == HC_OK && out &&
          strncmp(out, "p0=0&p1=1&", 10) == 0 && strstr(out, "&p49999=49999"),
          "50000 parameters");
    hc_free(out);
    cJSON_free(text);
    cJSON_Delete(obj);
}

static void expect_merge(const char *url, const char *query, const char *want)
{
    char *out = NULL;
    hc_error err = {0};
    CHECK(hc_url_add_query(url, query, &out, &err) == HC_OK && out && strcmp(out, want) == 0,
          "%s + %s: got [%s] want [%s]", url, query ? query : "(null)", out ? out : "(error)", want);
    hc_free(out);
}

static void test_add_query(void)
{
    expect_merge("/test?age=50", "name=John", "/test?age=50&name=John");
    expect_merge("/test/", "age=50", "/test/?age=50");
    expect_merge("/test", "", "/test");
    expect_merge("/test", NULL, "/test");
    expect_merge("/test#f", NULL, "/test#f");
    expect_merge("/test#f", "a=1", "/test?a=1#f");
    expect_merge("/test?x#f?y", "a=1", "/test?x&a=1#f?y");
    expect_merge("/t#a#b", "a=1", "/t?a=1#a#b");
    expect_merge("", "a=1", "?a=1");
    expect_merge("?", "a=1", "?a=1");
    expect_merge("http://h/p?", "a=1", "http://h/p?a=1");
    char *out = (char *)"untouched";
    CHECK(hc_url_add_query(NULL, "a=1", &out, NULL) == HC_EINVAL && !out, "NULL URL");
}

static void expect_body(const char *data, const char *type, const char *want, size_t want_len,
                        hc_code code, const char *what)
{
    char *out = NULL;
    size_t len = 12345;
    hc_error err = {0};
    hc_code rc = hc_body_encode(data, type, &out, &len, &err);
    if (want) {
        CHECK(rc == HC_OK && out && len == want_len && memcmp(out, want, want_len) == 0 &&
              out[len] == '\0', "%s: got [%s] (%zu bytes) (%s)", what, out ? out : "(error)",
              len, err.message);
    } else {
        CHECK(rc == code && !out && len == 0 && err.message[0], "%s: want %s, got %s", what,
              hc_code_name(code), rc == HC_OK ? out : hc_code_name(rc));
    }
    hc_free(out);
}

static void test_bodies(void)
{
    expect_body("\"a\\u0000b\"", "text/plain", "a\0b", 3, HC_OK, "a NUL in a raw body is kept");
    expect_body("\"\\u0000\"", "application/octet-stream", "\0", 1, HC_OK, "only a NUL");
    expect_body("\"a\\u0000b\"", NULL, "\"a\\u0000b\"", 10, HC_OK, "JSON keeps the escape");
    expect_body("{\"a\":\"\\u0000\"}", "application/x-www-form-urlencoded", "a=%00", 5, HC_OK,
                "SPEC §12 v2: a NUL in form data is %00");
    expect_body("{\"a\\u0000\":\"x\"}", "application/x-www-form-urlencoded", NULL, 0, HC_EJSON,
                "a NUL in a form name is refused");
    expect_body("{\"a\\u0000\":\"x\"}", "text/plain", "{\"a\\u0000\":\"x\"}", 15, HC_OK,
                "a text body sends JSON text as given, a NUL in a name too");
    expect_body("\"\\ud83d\\ude00 \\u00e9\\u4e2d\"", "text/plain", "\xF0\x9F\x98\x80 \xC3\xA9\xE4\xB8\xAD",
                10, HC_OK, "\\u escapes and a surrogate pair decode to UTF-8");
    expect_body("\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "text/plain", "/\b\f\n\r\t\"\\", 8, HC_OK,
                "every short escape");
    expect_body("\"\"", "text/plain", "", 0, HC_OK, "an empty string is an empty body");
    expect_body(" { \"a\" : 1 } ", NULL, " { \"a\" : 1 } ", 13, HC_OK,
                "JSON text is sent exactly as given");
    expect_body("1.50", "application/json", "1.50", 4, HC_OK, "a number exactly as given");
    expect_body("{\"n\":1.50,\"big\":12345678901234567890}", "application/x-www-form-urlencoded",
                "n=1.5&big=12345678901234567890", 30, HC_OK, "form numbers as their JSON text");
    expect_body("{\"l\":[1,2]}", "  application/x-www-form-urlencoded ; charset=utf-8", "l=1&l=2",
                7, HC_OK, "blanks around the media type");
    expect_body("{\"l\":[1,2]}", "APPLICATION/X-WWW-FORM-URLENCODED", "l=1&l=2", 7, HC_OK,
                "the form type in capitals");
    expect_body("[1,2]", "application/x-www-form-urlencoded", "[1,2]", 5, HC_OK,
                "a list as form data: its JSON text");
    expect_body("\"x\"", "application/jsonx", "x", 1, HC_OK, "application/jsonx is not JSON");
    expect_body("\"x\"", "text/json-ish", "x", 1, HC_OK, "only +json suffixes are JSON");
    expect_body("\"x\"", "application/vnd.api+JSON", "\"x\"", 3, HC_OK, "+JSON in capitals");
    expect_body("\"x\"", "", "\"x\"", 3, HC_OK, "an empty content type is the JSON default");
    expect_body("\"x\"", ";charset=utf-8", "\"x\"", 3, HC_OK, "only parameters: the default");
    expect_body(NULL, NULL, NULL, 0, HC_EINVAL, "NULL data");
    expect_body("", NULL, NULL, 0, HC_EJSON, "empty data text");
    expect_body("{", NULL, NULL, 0, HC_EJSON, "malformed JSON");
    expect_body("{} {}", NULL, NULL, 0, HC_EJSON, "two values");
    expect_body("undefined", "text/plain", NULL, 0, HC_EJSON, "not JSON with another type");
    expect_body("{\"a\":[[[1]]]}", "application/x-www-form-urlencoded", "a=1", 3, HC_OK,
                "nested lists flatten with repeat_key");

    /* A large body passes through whole. */
    size_t n = 8 << 20;
    char *big = malloc(n + 3);
    big[0] = '"';
    memset(big + 1, 'z', n);
    strcpy(big + n + 1, "\"");
    char *out = NULL;
    size_t len = 0;
    CHECK(hc_body_encode(big, "text/plain", &out, &len, NULL) == HC_OK && len == n &&
          out[0] == 'z' && out[n - 1] == 'z', "an 8 MiB text body");
    hc_free(out);
    free(big);
}

int main(void)
{
    run_query_vectors();
    run_body_vectors();
    test_list_styles();
    test_query_edges();
    test_add_query();
    test_bodies();
    return check_done("query");
}
