/* test_fuzz_findings.c: inputs the fuzzers (tests/fuzz/) found, minimized, with what SPEC
 * wants for them. Each case names the harness and the invariant it broke. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "halchemy.h"
#include "internal.h"

static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n) return 0;
        for (int i = 1; i < n; i++) if ((p[i] & 0xC0) != 0x80) return 0;
        p += n;
    }
    return 1;
}

static int no_control(const char *s)
{
    for (; *s; s++) if ((unsigned char)*s < 0x20 || *s == 0x7f) return 0;
    return 1;
}

/* fuzz_json / fuzz_query: a \u escape that is not four hex digits was loaded (cJSON reads
 * it as NUL, and the body decoder as some other character). SPEC §12: refused. */
static void bad_u_escapes(void)
{
    const char *texts[] = {"\"\\u\xc8\xc8\xc8\xc8\"", "\"x\\uzzzzy\"", "{\"a\":\"\\u12\"}",
                           "[\"\\u00G0\"]", "\"\\ut\\x10e\""};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        cJSON *v = NULL;
        hc_error err = {0};
        hc_code rc = hc_json_load(texts[i], "the test", 1, &v, &err);
        CHECK(rc == HC_EJSON && v == NULL, "bad \\u escape %zu loaded", i);
        char *out = NULL;
        size_t len = 0;
        rc = hc_body_encode(texts[i], "text/plain", &out, &len, &err);
        CHECK(rc == HC_EJSON && out == NULL, "text body with bad \\u escape %zu: %s", i, hc_code_name(rc));
        hc_free(out);
        rc = hc_uritemplate_expand("{x}", "{\"x\":\"\\uzzzz\"}", &out, &err);
        CHECK(rc == HC_EJSON, "template value with a bad \\u escape");
        hc_free(out);
    }
    cJSON *v = NULL;
    hc_error err = {0};
    CHECK(hc_json_load("\"\\u00e9\\uD83D\\uDE00\"", "t", 0, &v, &err) == HC_OK && v, "good escapes load");
    cJSON_Delete(v);
}

/* fuzz_headers: merge_json parses with cJSON itself, which read "x\uzzzzy" as "x" and sent
 * "X-A: x" (issue 10). SPEC §12: refused, and the set is left as it was. */
static void headers_bad_u_escape(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    CHECK(hc_headers_set(h, "X-A", "old", &err) == HC_OK, "set");
    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"x\\uzzzzy\"}", &err) == HC_EJSON, "bad \\u in a value");
    CHECK(hc_headers_merge_json(h, "{\"X-\\u12\":\"v\"}", &err) == HC_EJSON, "bad \\u in a name");
    CHECK_STR(hc_headers_get(h, "X-A"), "old", "the set is unchanged");
    CHECK(hc_headers_merge_json(h, "{\"X-A\":\"\\u00e9\"}", &err) == HC_OK, "a good escape");
    hc_headers_delete(h);
}

/* fuzz_hal: hal.c parsed with cJSON itself, so the href "/a\uzzzzb" was found as "/a". */
static void hal_bad_u_escape(void)
{
    hc_error err = {0};
    hc_link l;
    int has = -1;
    CHECK(hc_hal_find("{\"self\":{\"href\":\"/a\\uzzzzb\"}}", "self", NULL, &l, &err) == HC_EJSON,
          "find: %s", err.message);
    CHECK(l.href == NULL, "no href");
    CHECK(hc_hal_has_rel("{\"s\\uzzzz\":{\"href\":\"/\"}}", "s", &has, &err) == HC_EJSON, "has_rel");
    CHECK(hc_hal_check("{\"_links\":{\"self\":{\"href\":\"/\\u00zz\"}}}", &err) == HC_EJSON, "check");
    CHECK(hc_hal_find("{\"self\":{\"href\":\"/\\u00e9\"}}", "self", NULL, &l, &err) == HC_OK &&
              strcmp(l.href, "/\xc3\xa9") == 0, "a good escape");
    hc_link_clear(&l);
}

/* fuzz_hal (UBSan): criteria {"index": 1e4000} cast inf to long. An index beyond 1e9 is
 * not an index: the argument error, like -1 or 1.5. */
static void hal_huge_index(void)
{
    const char *links = "{\"a\":[{\"href\":\"/1\"},{\"href\":\"/2\"}]}";
    const char *crit[] = {"{\"index\":1e4000}", "{\"index\":-1e4000}", "{\"index\":1e10}",
                          "{\"title\":\"x\",\"index\":1e400}"};
    for (size_t i = 0; i < sizeof crit / sizeof *crit; i++) {
        hc_error err = {0};
        hc_link l;
        CHECK(hc_hal_find(links, "a", crit[i], &l, &err) == HC_EARG, "criteria %s: %s", crit[i], err.message);
        hc_link_clear(&l);
    }
    hc_error err = {0};
    hc_link l;
    CHECK(hc_hal_find(links, "a", "{\"index\":1}", &l, &err) == HC_OK && strcmp(l.href, "/2") == 0, "index 1");
    hc_link_clear(&l);
}

/* fuzz_status / fuzz_hal: a control byte in the input was copied raw into the message
 * (every other message shows it as \xHH, hc_quote). */
static void control_bytes_in_messages(void)
{
    hc_error err = {0};
    hc_status_spec *s = NULL;
    CHECK(hc_status_spec_parse("\x1a", &s, &err) == HC_ESTATUSSPEC, "spec \\x1a refused");
    CHECK(no_control(err.message) && strstr(err.message, "\\x1A"), "status message: %s", err.message);
    CHECK(hc_status_spec_parse("400, 4\x1b[31m", &s, &err) == HC_ESTATUSSPEC, "spec with ESC refused");
    CHECK(no_control(err.message) && strstr(err.message, "'4\\x1B[31m'"), "status message: %s", err.message);
    /* A long bad part is cut on a character boundary, with "...". */
    char spec[200];
    memset(spec, 0, sizeof spec);
    strcpy(spec, "4");
    for (int i = 0; i < 40; i++) strcat(spec, "\xc3\xa9");
    CHECK(hc_status_spec_parse(spec, &s, &err) == HC_ESTATUSSPEC && utf8_ok(err.message) &&
              strstr(err.message, "...'"), "long part: %s", err.message);

    hc_link l;
    CHECK(hc_hal_find("{\"self\":{\"href\":\"/\"}}", "\x03", NULL, &l, &err) == HC_ENOREL, "rel \\x03");
    CHECK(no_control(err.message) && strstr(err.message, "'\\x03'"), "hal message: %s", err.message);
    CHECK(hc_hal_find("{\"a\":[{\"href\":\"/\",\"name\":\"x\"}]}", "a", "{\"name\":\"\\n\"}", &l, &err) == HC_ENOREL,
          "name with a newline");
    CHECK(no_control(err.message) && strstr(err.message, "'\\x0A'"), "criteria message: %s", err.message);
    hc_link_clear(&l);
}

/* fuzz_hal (CI, stop 17): an etag field holding an escaped NUL. The core was right (SPEC
 * §12: such a field can never be sent as If-Match, so it counts as no field); the
 * harness's model was not (cJSON's copy ends at the NUL and looked like a plain string).
 * Kept: the field's text and the exact text for such bodies. */
static void etag_field_with_a_nul(void)
{
    const char *bodies[] = {"{\"_etag\": \"flang\\u0001ii\\u0000i-7\"}", "{\"_etag\":\"\\u0000\"}",
                            "\xEF\xBB\xBF{\"_etag\":\"v1\\u0000\"}"};
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        hc_error err = {0};
        char *text = (char *)"sentinel";
        CHECK(hc_etag_field_text(bodies[i], "_etag", &text, &err) == HC_OK && text == NULL,
              "body %zu: a NUL field has no etag text", i);
        char *exact = hc_etag_field_exact("v9", bodies[i], "_etag");
        CHECK(exact && strcmp(exact, "v9") == 0, "body %zu: the field as the program gives it", i);
        hc_free(exact);
    }
    hc_error err = {0};
    char *text = NULL;
    CHECK(hc_etag_field_text("{\"_etag\":\"a\\u0001b\"}", "_etag", &text, &err) == HC_OK && text &&
              strcmp(text, "a\x01" "b") == 0, "another control escape is text like any other");
    hc_free(text);
}

int main(void)
{
    bad_u_escapes();
    headers_bad_u_escape();
    hal_bad_u_escape();
    hal_huge_index();
    control_bytes_in_messages();
    etag_field_with_a_nul();
    return check_done("fuzz findings");
}
