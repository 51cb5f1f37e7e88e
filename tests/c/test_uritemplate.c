/* test_uritemplate.c: RFC 6570 expansion against the community suite
 * (tests/vectors/uritemplate/, every file), SPEC §4's vectors (uritemplate_spec.json), and
 * C-only cases: values JSON handling, number text, hostile templates and values. */
#include <time.h>

#include "check.h"
#include "halchemy.h"

static int matches(const char *got, const cJSON *expected)
{
    if (cJSON_IsString(expected)) return strcmp(got, expected->valuestring) == 0;
    const cJSON *alt;
    cJSON_ArrayForEach(alt, expected)
        if (cJSON_IsString(alt) && strcmp(got, alt->valuestring) == 0) return 1;
    return 0;
}

static int suite_count;

static void run_suite(const char *file)
{
    cJSON *root = vectors_load(file);
    const cJSON *group;
    cJSON_ArrayForEach(group, root) {
        char *values = cJSON_PrintUnformatted(cJSON_GetObjectItem(group, "variables"));
        const cJSON *tc;
        cJSON_ArrayForEach(tc, cJSON_GetObjectItem(group, "testcases")) {
            const char *tmpl = cJSON_GetArrayItem(tc, 0)->valuestring;
            const cJSON *want = cJSON_GetArrayItem(tc, 1);
            char *out = NULL;
            hc_error err = {0};
            hc_code rc = hc_uritemplate_expand(tmpl, values, &out, &err);
            suite_count++;
            if (cJSON_IsFalse(want)) {
                CHECK(rc == HC_ETEMPLATE && out == NULL, "%s [%s] should fail, got %s", file,
                      tmpl, out ? out : hc_code_name(rc));
                CHECK(strstr(err.message, tmpl) != NULL, "%s: message names the template: %s",
                      tmpl, err.message);
            } else {
                CHECK(rc == HC_OK && matches(out, want), "%s [%s] got [%s] (%s)", file, tmpl,
                      out ? out : "(error)", err.message);
            }
            hc_free(out);
        }
        cJSON_free(values);
    }
    cJSON_Delete(root);
}

static void run_spec_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/uritemplate_spec.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *tmpl = cJSON_GetObjectItem(c, "template")->valuestring;
        char *values = vector_json(cJSON_GetObjectItem(c, "values")); /* NULs kept */
        const cJSON *want = cJSON_GetObjectItem(c, "expected");
        const cJSON *error = cJSON_GetObjectItem(c, "error");
        char *out = NULL;
        hc_error err = {0};
        hc_code rc = hc_uritemplate_expand(tmpl, values, &out, &err);
        if (error) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), error->valuestring) == 0,
                  "[%s] should fail with %s, got %s", tmpl, error->valuestring,
                  out ? out : hc_code_name(rc));
            CHECK(strstr(err.message, tmpl) != NULL, "[%s] message names it: %s", tmpl,
                  err.message);
        } else {
            CHECK(rc == HC_OK && out && strcmp(out, want->valuestring) == 0,
                  "[%s] got [%s] want [%s] (%s)", tmpl, out ? out : "(error)",
                  want->valuestring, err.message);
        }
        hc_free(out);
        free(values);
    }
    cJSON_Delete(root);
}

/* Expands and compares; want NULL means "must fail with code". */
static void expect(const char *tmpl, const char *values, const char *want, hc_code code,
                   const char *what)
{
    char *out = NULL;
    hc_error err = {0};
    hc_code rc = hc_uritemplate_expand(tmpl, values, &out, &err);
    if (want) {
        CHECK(rc == HC_OK && out && strcmp(out, want) == 0, "%s: got [%.200s] want [%s] (%s)",
              what, out ? out : "(error)", want, err.message);
    } else {
        CHECK(rc == code && out == NULL, "%s: want %s, got %s", what, hc_code_name(code),
              rc == HC_OK ? "ok" : hc_code_name(rc));
        CHECK(rc == HC_OK || err.message[0], "%s: the error has a message", what);
    }
    hc_free(out);
}

static void test_values_json(void)
{
    expect("/a/{x}", NULL, "/a/", HC_OK, "NULL values: nothing defined");
    expect("/a/{x}", "", "/a/", HC_OK, "empty values text: nothing defined");
    expect("/a/{x}", "null", "/a/", HC_OK, "JSON null values: nothing defined");
    expect("/a/{x}", " {\"x\" : \"1\"} ", "/a/1", HC_OK, "blanks around the object");
    expect("/a/{x}", "{\"x\":", NULL, HC_EJSON, "malformed values");
    expect("/a/{x}", "{\"x\":\"1\"} trailing", NULL, HC_EJSON, "text after the object");
    expect("/a/{x}", "[\"x\"]", NULL, HC_EJSON, "a list is not a values object");
    expect("/a/{x}", "\"x\"", NULL, HC_EJSON, "a string is not a values object");
    expect("/a/{x}", "{\"x\":\"a\\u0000b\"}", "/a/a%00b", HC_OK,
           "SPEC §12 v2: a NUL in a value is %00, never a cut");
    expect("/a/{x}", "{\"x\":\"\\u0000\\ud83d\\ude00\\u0000\\n\\u0000\"}",
           "/a/%00%F0%9F%98%80%00%0A%00", HC_OK, "NULs beside a surrogate pair and an escape");
    expect("/a/{x:3}", "{\"x\":\"\\u0000\\ud83d\\ude00\\u0000\\n\"}", "/a/%00%F0%9F%98%80%00",
           HC_OK, "a prefix counts a NUL and an emoji as one character each");
    expect("/a/{x}", "{\"x\":\"a\\u0000b\",\"x\":\"c\"}", "/a/a%00b", HC_OK,
           "the first of duplicate names wins, NUL and all");
    expect("/a/{x}", "{\"a\\u0000b\":1}", NULL, HC_EJSON, "a NUL in a name");
    expect("/a/{x}", "{\"x\":{\"a\\u0000\":1}}", NULL, HC_EJSON, "a NUL in an object key");
    expect("/a/{x}", "{\"x\":\"a\\\\u0000b\"}", "/a/a%5Cu0000b", HC_OK,
           "an escaped backslash before u0000 is no NUL");
    expect("{x}", "{\"x\":\"1\",\"x\":\"2\"}", "1", HC_OK, "the first of duplicate names wins");
    expect("{x}", "{\"x\":\"\\ud83d\\ude00\"}", "%F0%9F%98%80", HC_OK, "a surrogate pair");

    hc_error err = {0};
    char *out = (char *)"untouched";
    CHECK(hc_uritemplate_expand(NULL, "{}", &out, &err) == HC_EINVAL && out == NULL,
          "a NULL template is HC_EINVAL and *out is NULL");
}

static void test_numbers(void)
{
    expect("{n}", "{\"n\":12345678901234567890}", "12345678901234567890", HC_OK,
           "an integer beyond 2^53 keeps every digit");
    expect("{n}", "{\"n\":-9007199254740993}", "-9007199254740993", HC_OK,
           "a negative one too");
    expect("{n}", "{\"n\":1.0}", "1", HC_OK, "1.0 is 1");
    expect("{n}", "{\"n\":43.70}", "43.7", HC_OK, "43.70 is 43.7");
    expect("{n}", "{\"n\":1E2}", "100", HC_OK, "1E2 is 100");
    expect("{n}", "{\"n\":-0}", "0", HC_OK, "-0 is 0");
    expect("{n}", "{\"n\":0.1}", "0.1", HC_OK, "0.1, not 0.10000000000000001");
    expect("{n}", "{\"n\":0.30000000000000004}", "0.30000000000000004", HC_OK,
           "17 digits when they are needed");
    expect("{+n}", "{\"n\":5e-324}", "5e-324", HC_OK, "the smallest double");
    expect("{+n}", "{\"n\":1.7976931348623157e308}", "1.7976931348623157e+308", HC_OK,
           "the largest double");
    expect("{n}", "{\"n\":123456789012345680000}", "123456789012345680000", HC_OK,
           "an integer literal as written");
    expect("{n}", "{\"n\":1.2345678901234568e20}", "123456789012345680000", HC_OK,
           "below 1e21 plain digits");
    expect("{n}", "{\"n\":-1e-7}", "-1e-7", HC_OK, "a small negative");
    expect("{n}", "{\"n\":0.000001}", "0.000001", HC_OK, "1e-6 in full");
    expect("{n}", "{\"n\":123.456}", "123.456", HC_OK, "a plain fraction");
    expect("{+n}", "{\"n\":1e400}", "1e400", HC_OK, "beyond a double: as written");
    expect("{n}", "{\"n\":true}", "true", HC_OK, "true");
    expect("{?n,m}", "{\"n\":false,\"m\":0}", "?n=false&m=0", HC_OK, "false and 0 are values");
    expect("{n:3}", "{\"n\":3.14159}", "3.1", HC_OK, "a prefix of a number's text");
    expect("{?k*}", "{\"k\":{\"a\":1.50,\"b\":-2}}", "?a=1.5&b=-2", HC_OK, "numbers in an object");
}

/* Every failure names the template, quoted and cut to a sane length. */
static void test_messages(void)
{
    hc_error err = {0};
    char *out = NULL;
    hc_uritemplate_expand("/x/{a b}", NULL, &out, &err);
    CHECK(strstr(err.message, "'/x/{a b}'") && strstr(err.message, "a b"),
          "message quotes the template and the bad part: %s", err.message);
    hc_uritemplate_expand("/x/{a:2}", "{\"a\":[1]}", &out, &err);
    CHECK(strstr(err.message, "':2'") && strstr(err.message, "list"),
          "message says the prefix met a list: %s", err.message);
    hc_uritemplate_expand("/x\r\n{a}", NULL, &out, &err);
    CHECK(err.code == HC_ETEMPLATE && strstr(err.message, "\\x0D") && !strchr(err.message, '\r') &&
          !strchr(err.message, '\n'), "CR/LF refused and shown escaped: %s", err.message);
    hc_uritemplate_expand("/x/\x7f", NULL, &out, &err);
    CHECK(err.code == HC_ETEMPLATE, "DEL refused");
    CHECK(hc_uritemplate_expand("/x/\t{a}", NULL, &out, &err) == HC_ETEMPLATE, "tab refused");

    size_t n = 5000;
    char *big = malloc(n + 8);
    memset(big, 'a', n);
    strcpy(big + n, "{");
    CHECK(hc_uritemplate_expand(big, NULL, &out, &err) == HC_ETEMPLATE && out == NULL,
          "a long unclosed template fails");
    CHECK(strlen(err.message) < sizeof err.message - 1 && strstr(err.message, "...") &&
          strstr(err.message, "aaaaaaaaaa"), "its message is cut with '...': %s", err.message);
    /* A UTF-8 template cut for the message is cut between characters. */
    char *utf = malloc(3 * 300 + 8);
    for (int i = 0; i < 300; i++) memcpy(utf + 3 * i, "\xE4\xB8\xAD", 3);
    strcpy(utf + 900, "{");
    hc_uritemplate_expand(utf, NULL, &out, &err);
    const char *dots = strstr(err.message, "..."), *quote = strchr(err.message, '\'');
    CHECK(dots && quote && (dots - quote - 1) % 3 == 0 &&
          memcmp(dots - 3, "\xE4\xB8\xAD", 3) == 0, "cut on a character boundary: %s",
          err.message);
    free(utf);
    free(big);
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

static void test_hostile(void)
{
    char *out = NULL;
    hc_error err = {0};

    /* A megabyte of literal text expands to itself. */
    char *lit = repeat("abcdefgh", 1 << 17);
    CHECK(hc_uritemplate_expand(lit, NULL, &out, &err) == HC_OK && out &&
          strcmp(out, lit) == 0, "a 1 MiB literal template");
    hc_free(out);
    free(lit);

    /* A short template repeating a long value would build gigabytes: refused past 8,000,000 bytes
     * (libcurl's CURL_MAX_INPUT_LENGTH). */
    char *value = repeat("x", 100000);
    char values[100100];
    snprintf(values, sizeof values, "{\"x\":\"%s\"}", value);
    char *many = repeat("{x}", 10000);
    CHECK(hc_uritemplate_expand(many, values, &out, &err) == HC_ETEMPLATE && !out &&
          strstr(err.message, "limit of 8000000 bytes"), "repeated expressions stop at the size cap: %s", err.message);
    free(many);
    char *one = repeat("x,", 100000);
    one[strlen(one) - 1] = '}';
    char *expr = malloc(strlen(one) + 3);
    sprintf(expr, "{+%s", one);
    CHECK(hc_uritemplate_expand(expr, values, &out, &err) == HC_ETEMPLATE && !out,
          "one expression repeating a variable stops at the cap too");
    free(expr);
    free(one);
    free(value);

    /* Many variables against many names (the hashed lookup). */
    cJSON *obj = cJSON_CreateObject();
    char *tmpl = malloc(20000 * 12 + 8), *want = malloc(20000 * 12 + 8);
    char *tp = tmpl, *wp = want;
    for (int i = 0; i < 20000; i++) {
        char name[16], val[16];
        snprintf(name, sizeof name, "v%d", i);
        snprintf(val, sizeof val, "%d", i * 7);
        cJSON_AddStringToObject(obj, name, val);
        tp += sprintf(tp, "{%s}", name);
        wp += sprintf(wp, "%s", val);
    }
    cJSON_AddStringToObject(obj, "v5", "second v5 is ignored");
    char *vals = cJSON_PrintUnformatted(obj);
    CHECK(hc_uritemplate_expand(tmpl, vals, &out, &err) == HC_OK && out && strcmp(out, want) == 0,
          "20000 variables looked up among 20000 names");
    hc_free(out);
    CHECK(hc_uritemplate_expand("{nope}{v19999}", vals, &out, &err) == HC_OK && out &&
          strcmp(out, "139993") == 0, "an absent name among many");
    hc_free(out);
    cJSON_free(vals);
    cJSON_Delete(obj);
    free(tmpl);
    free(want);

    /* Deep values: an unused deep value is fine, a used one is refused, nothing overflows. */
    char *open = repeat("[", 900), *close = repeat("]", 900);
    char *deep = malloc(2000);
    snprintf(deep, 2000, "{\"a\":\"1\",\"d\":%s1%s}", open, close);
    expect("{a}", deep, "1", HC_OK, "an unused deep value");
    expect("{d}", deep, NULL, HC_ETEMPLATE, "a deep list cannot be expanded");
    free(deep);
    char *deeper = malloc(5000);
    char *o2 = repeat("[", 2000), *c2 = repeat("]", 2000);
    snprintf(deeper, 5000, "{\"d\":%s%s}", o2, c2);
    expect("{d}", deeper, NULL, HC_EJSON, "nesting beyond cJSON's limit is malformed JSON");
    free(deeper);
    free(o2);
    free(c2);
    free(open);
    free(close);

    /* Long names: valid ones work, invalid ones fail without overflowing anything. */
    char *name = repeat("n", 100000);
    char *t2 = malloc(100010), *v2 = malloc(100020);
    sprintf(t2, "{%s}", name);
    sprintf(v2, "{\"%s\":\"ok\"}", name);
    expect(t2, v2, "ok", HC_OK, "a 100000-character name");
    sprintf(t2, "{%s-}", name);
    expect(t2, v2, NULL, HC_ETEMPLATE, "a 100000-character bad name");
    free(t2);
    free(v2);
    free(name);

    /* The longest prefix on a long value. */
    char *longval = repeat("y", 20000);
    char *lv = malloc(20020);
    sprintf(lv, "{\"a\":\"%s\"}", longval);
    longval[9999] = '\0';
    expect("{a:9999}", lv, longval, HC_OK, "prefix 9999 of 20000 characters");
    expect("{a:99999}", lv, NULL, HC_ETEMPLATE, "prefix 99999");
    expect("{a:4294967297}", lv, NULL, HC_ETEMPLATE, "a prefix that would overflow an int");
    free(lv);
    free(longval);

    /* Odd shapes that must fail cleanly. */
    expect("{", NULL, NULL, HC_ETEMPLATE, "a lone '{'");
    expect("}", NULL, NULL, HC_ETEMPLATE, "a lone '}'");
    expect("{{{{{{", NULL, NULL, HC_ETEMPLATE, "only braces");
    expect("{%", NULL, NULL, HC_ETEMPLATE, "a cut escape at the end");
    expect("{a%", NULL, NULL, HC_ETEMPLATE, "a cut escape in a name");
    expect("{a%4}", NULL, NULL, HC_ETEMPLATE, "a short escape in a name");
    expect("%", NULL, "%25", HC_OK, "a lone '%' literal");
    expect("%4", NULL, "%254", HC_OK, "a cut escape literal");
    expect("", NULL, "", HC_OK, "an empty template");
    expect("{*}", NULL, NULL, HC_ETEMPLATE, "explode without a name");
    expect("{a**}", NULL, NULL, HC_ETEMPLATE, "two explodes");
    expect("{a:1:2}", NULL, NULL, HC_ETEMPLATE, "two prefixes");
}

/* SPEC §4 v2: a prefix counts characters. SPEC §9/§12 v2: JSON text must be UTF-8, so
 * values with bytes that are not (a lone lead or continuation byte, a cut sequence, an
 * overlong form, an encoded surrogate, above U+10FFFF, 0xFF) are refused as HC_EJSON before
 * any expansion; well-formed characters are never cut. */
static void test_prefix(void)
{
    expect("{v:1}", "{\"v\":\"\xC3\"}", NULL, HC_EJSON, "a lone lead byte");
    expect("{v:1}", "{\"v\":\"\x80\x80\"}", NULL, HC_EJSON, "a stray continuation byte");
    expect("{v:2}", "{\"v\":\"a\x80" "b\"}", NULL, HC_EJSON, "a continuation byte after ASCII");
    expect("{v:1}", "{\"v\":\"\xE4\xB8" "a\"}", NULL, HC_EJSON, "a cut sequence: byte by byte");
    expect("{v:3}", "{\"v\":\"\xE4\xB8" "a\"}", NULL, HC_EJSON, "a cut sequence, all of it");
    expect("{v:1}", "{\"v\":\"\xC0\x80\"}", NULL, HC_EJSON, "an overlong form");
    expect("{v:1}", "{\"v\":\"\xED\xA0\x80\"}", NULL, HC_EJSON, "an encoded surrogate");
    expect("{v:1}", "{\"v\":\"\xF4\x90\x80\x80\"}", NULL, HC_EJSON, "above U+10FFFF");
    expect("{v:1}", "{\"v\":\"\xF4\x8F\xBF\xBFz\"}", "%F4%8F%BF%BF", HC_OK, "U+10FFFF");
    expect("{v:1}", "{\"v\":\"\xFFz\"}", NULL, HC_EJSON, "0xFF");
    expect("{+v:2}", "{\"v\":\"\xE2\x82\xAC%41z\"}", "%E2%82%AC%41", HC_OK, "a character, a triplet");
    expect("{+v:4}", "{\"v\":\"\xE2\x82\xAC%41\xE2\x82\"}", NULL, HC_EJSON, "then a cut sequence");
    expect("{#v:1}", "{\"v\":\"%4g\"}", "#%25", HC_OK, "'%4g' is no triplet");
    expect("{+v:1}", "{\"v\":\"%\"}", "%25", HC_OK, "a lone '%'");
    expect("{v:3}", "{\"v\":\"%41%42\"}", "%2541", HC_OK, "a simple expansion counts '%'");
    expect("{;v:2}", "{\"v\":\"\\u00e9t\\u00e9\"}", ";v=%C3%A9t", HC_OK, "';' counts characters");
    expect("{&v:1}", "{\"v\":\"\\ud83d\\ude00!\"}", "&v=%F0%9F%98%80", HC_OK,
           "a surrogate pair is one character");
    expect("{.v:2}", "{\"v\":true}", ".tr", HC_OK, "a boolean's text");
}

static double seconds_since(clock_t t0) { return (double)(clock() - t0) / CLOCKS_PER_SEC; }

/* SPEC §12: work grows linearly with the template and the values. A template naming a big
 * value many times, where each use writes little, must not pay for the whole value each
 * time (a prefix of a long string or number, a list of nulls). */
static void test_linear(void)
{
    clock_t t0 = clock();
    char *out = NULL;
    hc_error err = {0};

    char *nulls = repeat("null,", 200000);
    char *vals = malloc(2 * strlen(nulls) + 64);
    sprintf(vals, "{\"l\":[%s\"a\"],\"e\":[%snull]}", nulls, nulls);
    char *tmpl = repeat("{l}{e}", 100000);
    CHECK(hc_uritemplate_expand(tmpl, vals, &out, &err) == HC_OK && strlen(out) == 100000,
          "100000 uses of lists of 200000 nulls: %s", out ? "" : err.message);
    hc_free(out);
    free(tmpl);
    tmpl = repeat("{?l*}", 100000);
    CHECK(hc_uritemplate_expand(tmpl, vals, &out, &err) == HC_OK && strlen(out) == 400000,
          "exploded, 100000 times: %s", out ? "" : err.message);
    hc_free(out);
    free(tmpl);
    free(vals);
    free(nulls);

    char *big = repeat("\xC3\xA9", 500000), *digits = repeat("7", 1000000);
    vals = malloc(strlen(big) + strlen(digits) + 64);
    sprintf(vals, "{\"s\":\"%s\",\"n\":%s}", big, digits);
    tmpl = repeat("{s:1}{+n:2}", 100000);
    CHECK(hc_uritemplate_expand(tmpl, vals, &out, &err) == HC_OK && strlen(out) == 800000 &&
          strncmp(out, "%C3%A977%C3%A977", 16) == 0, "100000 prefixes of 1 MB values: %s",
          out ? "" : err.message);
    hc_free(out);
    free(tmpl);
    free(vals);
    free(big);
    free(digits);

    double secs = seconds_since(t0);
    CHECK(secs < 10, "these took %.1f s", secs);
}

/* Operators against each value shape, beyond the suite: nulls and empty strings inside
 * composites, where RFC 6570 says little. */
static void test_shapes(void)
{
    const char *v = "{\"l\":[\"a\",\"\",null],\"k\":{\"x\":\"\",\"y\":\"1\",\"z\":null},\"e\":\"\"}";
    expect("{?l*}", v, "?l=a&l=", HC_OK, "an empty item keeps '=' with '?'");
    expect("{;l*}", v, ";l=a;l", HC_OK, "and drops it with ';'");
    expect("{l}", v, "a,", HC_OK, "an empty item between commas");
    expect("{?k*}", v, "?x=&y=1", HC_OK, "an empty member with '?'");
    expect("{;k*}", v, ";x;y=1", HC_OK, "an empty member with ';'");
    expect("{k*}", v, "x=,y=1", HC_OK, "an empty member unnamed");
    expect("{k}", v, "x,,y,1", HC_OK, "an empty member unexploded");
    expect("{?e,l}", v, "?e=&l=a,", HC_OK, "an empty string is defined");
    expect("{#e}", v, "#", HC_OK, "an empty string with '#'");
    expect("{.e}", v, ".", HC_OK, "an empty string with '.'");
    expect("{/e}", v, "/", HC_OK, "an empty string with '/'");
}

int main(void)
{
    run_suite("tests/vectors/uritemplate/spec-examples.json");
    run_suite("tests/vectors/uritemplate/spec-examples-by-section.json");
    run_suite("tests/vectors/uritemplate/extended-tests.json");
    run_suite("tests/vectors/uritemplate/negative-tests.json");
    CHECK(suite_count == 270, "the community suite has 270 cases, ran %d", suite_count);
    run_spec_vectors();
    test_values_json();
    test_numbers();
    test_messages();
    test_hostile();
    test_shapes();
    test_prefix();
    test_linear();
    return check_done("uritemplate");
}
