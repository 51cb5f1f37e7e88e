/* test_json.c: the one JSON rule (SPEC §9 v2) against tests/vectors/json_bodies.json, the
 * refusal of NaN/Infinity in request values (SPEC §7 v2) and of invalid \u escapes in every
 * place JSON text enters the core (SPEC §12 v2) against tests/vectors/json_values.json, then
 * C-only cases: messages, offsets, limits, every byte, linear time. */
#include <time.h>

#include "check.h"
#include "halchemy.h"
#include "internal.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A vector's body bytes: `body`, `hex` or the `nest` generator. Caller frees. */
static char *body_of(const cJSON *c, size_t *len)
{
    hc_buf b;
    hc_buf_init(&b);
    const cJSON *nest = cJSON_GetObjectItem(c, "nest");
    if (str(c, "hex")) {
        const char *h = str(c, "hex");
        for (size_t i = 0; h[i] && h[i + 1]; i += 2) {
            unsigned v;
            sscanf(h + i, "%2x", &v);
            hc_buf_addc(&b, (char)v);
        }
    } else if (nest) {
        int count = cJSON_GetObjectItem(nest, "count")->valueint;
        const char *prefix = str(nest, "prefix"), *suffix = str(nest, "suffix");
        const char *open = str(nest, "open"), *close = str(nest, "close"), *inner = str(nest, "inner");
        if (prefix) hc_buf_adds(&b, prefix);
        for (int i = 0; i < count; i++) hc_buf_adds(&b, open);
        if (inner) hc_buf_adds(&b, inner);
        for (int i = 0; close && i < count; i++) hc_buf_adds(&b, close);
        if (suffix) hc_buf_adds(&b, suffix);
    } else {
        hc_buf_adds(&b, str(c, "body"));
    }
    hc_buf_addc(&b, '\0'); /* an empty body still gets a buffer */
    *len = b.len - 1;
    return hc_buf_take(&b);
}

static int vector_count;

static void run_body_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/json_bodies.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *name = str(c, "comment"), *ct = str(c, "content_type");
        int declared = cJSON_IsTrue(cJSON_GetObjectItem(c, "declared"));
        int valid = cJSON_IsTrue(cJSON_GetObjectItem(c, "valid"));
        size_t len, offset = 99;
        char *body = body_of(c, &len);
        hc_json_kind kind = hc_json_body(ct, body, len, &offset);
        CHECK((kind != HC_JSON_NONE) == declared, "%s: declared %d, kind %d", name, declared, kind);
        CHECK((kind == HC_JSON_OBJECT || kind == HC_JSON_OTHER) == valid, "%s: valid %d, kind %d",
              name, valid, kind);
        int bom = len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0;
        CHECK(offset == (valid && bom ? 3u : 0u), "%s: offset %zu", name, offset);
        if (valid) {
            /* the value: what cJSON reads (after our check) equals the expected value */
            const char *want = str(c, "value");
            int object = want ? want[0] == '{' : cJSON_GetObjectItem(c, "keys") != NULL;
            CHECK(kind == (object ? HC_JSON_OBJECT : HC_JSON_OTHER), "%s: kind %d", name, kind);
            hc_error err = {0};
            cJSON *got = NULL;
            hc_code rc = hc_json_load(body + offset, "body", 1, &got, &err);
            CHECK(rc == HC_OK && got, "%s: hc_json_load: %s", name, err.message);
            if (want && got && !strstr(want, "\\u0000") && !strstr(name, "duplicate") &&
                !strstr(name, "1e400")) {
                cJSON *w = cJSON_Parse(want);
                CHECK(w && cJSON_Compare(got, w, 1), "%s: value", name);
                cJSON_Delete(w);
            }
            cJSON_Delete(got);
        } else if (declared) {
            /* hc_json_check says why, naming a byte within the text */
            hc_error err = {0};
            hc_json_kind k = HC_JSON_OBJECT;
            size_t skip = bom ? 3 : 0;
            CHECK(hc_json_check(body + skip, len - skip, &k, &err) == HC_EJSON &&
                      k == HC_JSON_MALFORMED && strstr(err.message, "JSON"),
                  "%s: hc_json_check: %s", name, err.message);
        }
        free(body);
        vector_count++;
    }
    cJSON_Delete(root);
}

/* A vector value with {"$number": "NaN"} markers as JSON text with the raw tokens, as
 * Python's json.dumps writes them. Names and scalars are copied from the file's own text
 * (cJSON would cut "a\u0000b" at the NUL). */
static void write_value(hc_buf *b, const cJSON *v)
{
    const cJSON *num = cJSON_IsObject(v) ? cJSON_GetObjectItem(v, "$number") : NULL;
    if (num && cJSON_IsString(num)) { hc_buf_adds(b, num->valuestring); return; }
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        hc_buf_addc(b, cJSON_IsObject(v) ? '{' : '[');
        const cJSON *item;
        int first = 1;
        cJSON_ArrayForEach(item, v) {
            if (!first) hc_buf_addc(b, ',');
            first = 0;
            if (cJSON_IsObject(v)) {
                size_t kn = 0;
                const char *k = vector_key_json(item, &kn); /* as written: NULs kept */
                hc_buf_add(b, k, kn);
                hc_buf_addc(b, ':');
            }
            write_value(b, item);
        }
        hc_buf_addc(b, cJSON_IsObject(v) ? '}' : ']');
        return;
    }
    char *t = vector_json(v);
    hc_buf_adds(b, t);
    free(t);
}

/* The core's entry point for a place, on JSON text. */
static hc_code send_in(const char *place, const char *json, char **out, hc_error *err)
{
    *out = NULL;
    if (strcmp(place, "body") == 0) {
        size_t n;
        return hc_body_encode(json, NULL, out, &n, err);
    }
    if (strcmp(place, "text_body") == 0) {
        size_t n;
        return hc_body_encode(json, "text/plain", out, &n, err);
    }
    if (strcmp(place, "form_body") == 0) {
        size_t n;
        return hc_body_encode(json, "application/x-www-form-urlencoded", out, &n, err);
    }
    if (strcmp(place, "values") == 0) return hc_uritemplate_expand("/x/{x}{?y}", json, out, err);
    if (strcmp(place, "parameters") == 0) return hc_query_encode(json, HC_LIST_REPEAT_KEY, out, err);
    hc_headers *h = hc_headers_new();
    hc_code rc = hc_headers_merge_json(h, json, err);
    if (rc == HC_OK) *out = hc_headers_to_json(h);
    hc_headers_delete(h);
    return rc;
}

static void run_value_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/json_values.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *name = str(c, "comment"), *place = str(c, "place");
        hc_buf b;
        hc_buf_init(&b);
        if (str(c, "json")) hc_buf_adds(&b, str(c, "json"));
        else write_value(&b, cJSON_GetObjectItem(c, "value"));
        char *json = hc_buf_take(&b), *out = NULL;
        hc_error err = {0};
        hc_code rc = send_in(place, json, &out, &err);
        if (str(c, "error")) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), str(c, "error")) == 0,
                  "%s: %s in %s: want %s, got %s (%s)", name, json, place, str(c, "error"),
                  hc_code_name(rc), out ? out : "");
            if (str(c, "message")) CHECK_STR(err.message, str(c, "message"), name);
            if (str(c, "contains"))
                CHECK(strstr(err.message, str(c, "contains")) != NULL, "%s: message [%s]", name,
                      err.message);
        } else if (strcmp(place, "headers") != 0) {
            CHECK(rc == HC_OK && out && strcmp(out, str(c, "expected")) == 0, "%s: got [%s] (%s)",
                  name, out ? out : "(error)", err.message);
        }
        hc_free(out);
        free(json);
        vector_count++;
    }
    cJSON_Delete(root);
}

static void test_messages(void)
{
    hc_error err = {0};
    hc_json_kind k;
    CHECK(hc_json_check("{\"a\":\"x\\uzzzzy\"}", 16, &k, &err) == HC_EJSON, "\\uzzzz");
    CHECK_STR(err.message, "JSON text: not valid JSON: a \\u escape without four hex digits (at byte 7)",
              "the message names what and where");
    CHECK(hc_json_check("[1,2,]", 6, &k, &err) == HC_EJSON && strstr(err.message, "(at byte 5)"),
          "trailing comma: %s", err.message);
    CHECK(hc_json_check("{\"a\":1} x", 9, &k, &err) == HC_EJSON &&
              strstr(err.message, "text after the JSON value (at byte 8)"), "garbage: %s", err.message);
    CHECK(hc_json_check(NULL, 0, &k, &err) == HC_EJSON, "NULL text");
    CHECK(hc_json_check("", 0, &k, &err) == HC_EJSON && k == HC_JSON_MALFORMED, "empty text");
    CHECK(hc_json_check("{}", 2, NULL, NULL) == HC_OK, "kind and err are optional");
    CHECK(hc_json_check("{\"a\":1}\0", 8, &k, &err) == HC_EJSON, "a NUL after the value");
    CHECK(hc_json_check("\"a\0b\"", 5, &k, &err) == HC_EJSON && strstr(err.message, "control"),
          "a raw NUL byte inside a string: %s", err.message);
    CHECK(hc_json_check("\"a\\u0000b\"", 10, &k, &err) == HC_OK && k == HC_JSON_OTHER,
          "an escaped NUL is a character");

    /* one message for a non-finite number, whoever finds it */
    const char *places[] = {"the request body", "template values", "query parameters", "headers"};
    for (int p = HC_JSON_BODY; p <= HC_JSON_HEADERS; p++) {
        char want[160];
        snprintf(want, sizeof want, "%s: -Infinity is a number JSON cannot represent; nothing was sent",
                 places[p]);
        CHECK(hc_json_nonfinite_error((hc_json_place)p, "-Infinity", &err) == HC_EJSON, "place %d", p);
        CHECK_STR(err.message, want, "binding-found message");
    }
    CHECK(hc_json_nonfinite_error(HC_JSON_BODY, "rubbish", &err) == HC_EJSON &&
              strstr(err.message, ": NaN is"), "an unknown token is named NaN: %s", err.message);
    char *out = NULL;
    size_t n;
    CHECK(hc_body_encode("{\"a\":[NaN]}", NULL, &out, &n, &err) == HC_EJSON && !out, "NaN body");
    hc_error err2 = {0};
    hc_json_nonfinite_error(HC_JSON_BODY, "NaN", &err2);
    CHECK_STR(err.message, err2.message, "core-found and binding-found messages agree");
    CHECK(hc_uritemplate_expand("/{x}", "{\"x\":Infinity}", &out, &err) == HC_EJSON, "template");
    hc_json_nonfinite_error(HC_JSON_VALUES, "Infinity", &err2);
    CHECK_STR(err.message, err2.message, "template message");
    CHECK(hc_query_encode("{\"x\":{\"y\":-Infinity}}", HC_LIST_REPEAT_KEY, &out, &err) == HC_EJSON,
          "parameters");
    hc_json_nonfinite_error(HC_JSON_PARAMETERS, "-Infinity", &err2);
    CHECK_STR(err.message, err2.message, "parameters message");
    hc_headers *h = hc_headers_new();
    hc_headers_set(h, "X-Keep", "1", NULL);
    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"x\\uzzzzy\"}", &err) == HC_EJSON &&
              hc_headers_count(h) == 1, "\\uzzzz in a header value: refused, set unchanged");
    CHECK(hc_headers_merge_json(h, "{\"X-\\udc00\":\"v\"}", &err) == HC_EJSON,
          "lone surrogate in a header name");
    CHECK(hc_headers_merge_json(h, "{\"X-N\":NaN}", &err) == HC_EJSON, "NaN header");
    hc_json_nonfinite_error(HC_JSON_HEADERS, "NaN", &err2);
    CHECK_STR(err.message, err2.message, "headers message");
    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"x\\\\uzzzzy\"}", &err) == HC_OK &&
              strcmp(hc_headers_get(h, "X-A"), "x\\uzzzzy") == 0,
          "an escaped backslash before uzzzz is text");
    hc_headers_delete(h);
}

static void test_depth(void)
{
    size_t n = 2 * 100000;
    char *s = malloc(n);
    for (size_t i = 0; i < n / 2; i++) { s[i] = '['; s[n - 1 - i] = ']'; }
    hc_error err = {0};
    hc_json_kind k;
    /* 1000 levels in the middle of the buffer */
    CHECK(hc_json_check(s + n / 2 - 1000, 2000, &k, &err) == HC_OK && k == HC_JSON_OTHER, "1000 ok");
    CHECK(hc_json_check(s + n / 2 - 1001, 2002, &k, &err) == HC_EJSON &&
              strstr(err.message, "deeper than 1000") && strstr(err.message, "(at byte 1000)"),
          "1001: %s", err.message);
    CHECK(hc_json_check(s, n, &k, &err) == HC_EJSON, "100,000 levels: refused, no recursion");
    /* what the core accepts, cJSON (its own limit is 1000 too) reads */
    char *text = hc_strndup(s + n / 2 - 1000, 2000);
    cJSON *v = NULL;
    CHECK(hc_json_load(text, "deep", 1, &v, &err) == HC_OK && v, "cJSON reads 1000 levels");
    cJSON_Delete(v);
    free(text);
    free(s);
}

/* Every single byte and every pair as a one- or two-character string body: the verdict
 * matches a reference UTF-8 rule, and nothing crashes. */
static void test_bytes(void)
{
    int wrong = 0;
    for (int a = 0; a < 256; a++) {
        char t[4] = {'"', (char)a, '"', 0};
        hc_json_kind k;
        hc_code rc = hc_json_check(t, 3, &k, NULL);
        int want = a >= 0x20 && a < 0x80 && a != '"' && a != '\\';
        if ((rc == HC_OK) != want) wrong++;
    }
    CHECK(!wrong, "%d single bytes judged wrongly", wrong);
    /* two-byte sequences: valid exactly for C2..DF followed by 80..BF */
    wrong = 0;
    for (int a = 0x80; a < 256; a++)
        for (int b = 0; b < 256; b++) {
            char t[5] = {'"', (char)a, (char)b, '"', 0};
            int want = a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF;
            if ((hc_json_check(t, 4, NULL, NULL) == HC_OK) != want) wrong++;
        }
    CHECK(!wrong, "%d byte pairs judged wrongly", wrong);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Linear: 8 MB of strings with escapes and multibyte text, and of numbers, in well under a
 * second even under the sanitizers. */
static void test_linear(void)
{
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_addc(&b, '[');
    while (b.len < 8u << 20) hc_buf_adds(&b, "\"ab\\u00e9\\ud83d\\ude00 \xC3\xA9\xE4\xB8\xAD\",1.5e3,-0,{\"k\":[true,null]},");
    hc_buf_adds(&b, "0]");
    double t0 = now();
    hc_json_kind k;
    hc_error err = {0};
    hc_code rc = hc_json_check(b.data, b.len, &k, &err);
    double t = now() - t0;
    CHECK(rc == HC_OK && k == HC_JSON_OTHER, "8 MB: %s", err.message);
    CHECK(t < 2.0, "8 MB checked in %.3f s", t);
    hc_buf_free(&b);
}

/* SPEC §12 v2: strings holding \u0000 under each rule of hc_json_load. */
static void test_nul_rules(void)
{
    hc_error err = {0};
    cJSON *v = NULL;
    const char *t = "{\"a\":\"x\\u0000y\",\"b\":[\"\\u0000\",\"plain\",{\"c\":\"\\u00e9\\u0000\\ud83d\\ude00\"}]}";
    CHECK(hc_json_load(t, "v", HC_NUL_VALUES, &v, &err) == HC_OK && v, "values: %s", err.message);
    if (v) {
        const cJSON *a = cJSON_GetObjectItem(v, "a"), *b = cJSON_GetObjectItem(v, "b");
        const cJSON *b0 = cJSON_GetArrayItem(b, 0), *b1 = cJSON_GetArrayItem(b, 1);
        const cJSON *c = cJSON_GetObjectItem(cJSON_GetArrayItem(b, 2), "c");
        CHECK(hc_json_string_len(a) == 3 && memcmp(a->valuestring, "x\0y", 4) == 0, "x NUL y");
        CHECK(hc_json_string_len(b0) == 1 && b0->valuestring[0] == 0 && b0->valuestring[1] == 0,
              "only a NUL");
        CHECK(hc_json_string_len(b1) == 5, "a string without NUL keeps strlen");
        CHECK(hc_json_string_len(c) == 7 && memcmp(c->valuestring, "\xC3\xA9\0\xF0\x9F\x98\x80", 8) == 0,
              "NUL between multibyte characters");
        hc_buf s;
        hc_buf_init(&s);
        CHECK(hc_json_scalar_text(a, &s) && s.len == 3 && memcmp(s.data, "x\0y", 3) == 0,
              "scalar text keeps the NUL");
        hc_buf_free(&s);
    }
    cJSON_Delete(v);
    v = NULL;
    CHECK(hc_json_load(t, "settings", HC_NUL_REFUSE, &v, &err) == HC_EJSON && !v,
          "refuse: any NUL value");
    CHECK_STR(err.message, "settings: a string holds a NUL character (\\u0000), which cannot be sent",
              "refuse message");
    CHECK(hc_json_load(t, "body", HC_NUL_CUT, &v, &err) == HC_OK && v &&
              strcmp(cJSON_GetObjectItem(v, "a")->valuestring, "x") == 0,
          "cut: allowed, left as cJSON reads it");
    cJSON_Delete(v);
    v = NULL;
    /* names */
    CHECK(hc_json_load("{\"ok\":\"\\u0000\",\"k\\u0000\":1}", "p", HC_NUL_VALUES, &v, &err) ==
              HC_EJSON && !v, "values: a NUL in a name after a NUL value");
    CHECK_STR(err.message, "p: the name 'k\\x00' holds a NUL character (\\u0000), which a name cannot hold",
              "name message");
    CHECK(hc_json_load("{\"a\\n\\u0000\\u0001\\\\\":1}", "p", HC_NUL_VALUES, &v, &err) == HC_EJSON,
          "control characters in the name");
    CHECK_STR(err.message, "p: the name 'a\\x0A\\x00\\x01\\' holds a NUL character (\\u0000), which a name "
              "cannot hold", "control characters shown escaped");
    hc_buf long_name;
    hc_buf_init(&long_name);
    hc_buf_adds(&long_name, "{\"x\":{\"y\":[{\"");
    for (int i = 0; i < 100000; i++) hc_buf_adds(&long_name, "\\u0000");
    hc_buf_adds(&long_name, "\":1}]}}");
    CHECK(hc_json_load(long_name.data, "p", HC_NUL_VALUES, &v, &err) == HC_EJSON &&
              strlen(err.message) < 200 && strstr(err.message, "\\x00\\x00...' holds"),
          "a long name is cut in the message: %s", err.message);
    hc_buf_free(&long_name);
    CHECK(hc_json_load("{\"k\\u0000\":1}", "b", HC_NUL_CUT, &v, &err) == HC_OK && v,
          "cut: a NUL in a name is allowed");
    cJSON_Delete(v);
    v = NULL;
    CHECK(hc_json_load("{\"k\\\\u0000\":\"\\\\u0000\"}", "p", HC_NUL_VALUES, &v, &err) == HC_OK && v &&
              hc_json_string_len(cJSON_GetObjectItem(v, "k\\u0000")) == 6,
          "an escaped backslash before u0000 is no NUL, in a name or a value");
    cJSON_Delete(v);
    v = NULL;
    /* a duplicate name: both members keep their bytes, in document order */
    CHECK(hc_json_load("{\"d\":\"\\u0000\",\"d\":\"a\\u0000b\"}", "p", HC_NUL_VALUES, &v, &err) ==
              HC_OK && v && hc_json_string_len(v->child) == 1 && hc_json_string_len(v->child->next) == 3,
          "duplicate names");
    cJSON_Delete(v);
    v = NULL;
    /* 1,000 levels, the NUL at the bottom */
    hc_buf deep;
    hc_buf_init(&deep);
    for (int i = 0; i < 999; i++) hc_buf_adds(&deep, "{\"a\":");
    hc_buf_adds(&deep, "[\"z\\u0000\"]");
    for (int i = 0; i < 999; i++) hc_buf_addc(&deep, '}');
    CHECK(hc_json_load(deep.data, "p", HC_NUL_VALUES, &v, &err) == HC_OK && v, "deep: %s", err.message);
    const cJSON *n = v;
    while (n && n->child) n = n->child;
    CHECK(n && cJSON_IsString(n) && hc_json_string_len(n) == 2, "the NUL 1,000 levels down");
    cJSON_Delete(v);
    hc_buf_free(&deep);

    /* linear: 1,000,000 NULs in one value, and 100,000 values holding one each */
    hc_buf big;
    hc_buf_init(&big);
    hc_buf_adds(&big, "{\"x\":\"");
    for (int i = 0; i < 1000000; i++) hc_buf_adds(&big, "\\u0000");
    hc_buf_adds(&big, "\"}");
    double t0 = now();
    char *out = NULL;
    hc_code rc = hc_uritemplate_expand("{x}", big.data, &out, &err);
    double secs = now() - t0;
    CHECK(rc == HC_OK && out && strlen(out) == 3000000 && strncmp(out, "%00%00", 6) == 0,
          "1,000,000 NULs: %s", err.message);
    CHECK(secs < 2.0, "1,000,000 NULs expanded in %.3f s", secs);
    hc_free(out);
    big.len = 0;
    hc_buf_addc(&big, '{');
    for (int i = 0; i < 100000; i++) hc_buf_addf(&big, "%s\"k%d\":\"\\u0000\"", i ? "," : "", i);
    hc_buf_addc(&big, '}');
    t0 = now();
    rc = hc_query_encode(big.data, HC_LIST_REPEAT_KEY, &out, &err);
    secs = now() - t0;
    CHECK(rc == HC_OK && out && strstr(out, "&k99999=%00"), "100,000 NUL values: %s", err.message);
    CHECK(secs < 2.0, "100,000 NUL values encoded in %.3f s", secs);
    hc_free(out);
    hc_buf_free(&big);
}

int main(void)
{
    run_body_vectors();
    run_value_vectors();
    printf("json vectors: %d cases\n", vector_count);
    test_messages();
    test_depth();
    test_bytes();
    test_linear();
    test_nul_rules();
    return check_done("test_json");
}
