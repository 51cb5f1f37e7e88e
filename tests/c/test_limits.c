/* test_limits.c: SPEC §12 linear work. The cases of tests/vectors/limits.json (built by
 * the generator that file describes) through the same core calls the bindings make, then
 * what a vector cannot say: the limits' exact boundaries, form bodies, header sets after
 * many removals and appends, status specs of many parts and CURIE lookups over many
 * curies. Speed itself is measured by bench/scaling.c, not asserted here. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

/* s with every "{i}" replaced by i. */
static char *with_index(const char *s, size_t i)
{
    char num[32], *out = malloc(strlen(s) * 8 + 32), *o = out;
    int nn = snprintf(num, sizeof num, "%zu", i);
    while (*s) {
        if (strncmp(s, "{i}", 3) == 0) {
            memcpy(o, num, (size_t)nn);
            o += nn;
            s += 3;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static cJSON *generate(const cJSON *g);

/* A generated string: a plain string, or {"$repeat": S, "times": N, "before", "then"}. */
static char *gen_string(const cJSON *g)
{
    if (cJSON_IsString(g)) return strdup(g->valuestring);
    const char *unit = str(g, "$repeat"), *before = str(g, "before"), *then = str(g, "then");
    size_t times = (size_t)cJSON_GetObjectItem(g, "times")->valuedouble;
    char *body = repeat(unit, times);
    size_t n = strlen(body) + (before ? strlen(before) : 0) + (then ? strlen(then) : 0);
    char *s = malloc(n + 1);
    snprintf(s, n + 1, "%s%s%s", before ? before : "", body, then ? then : "");
    free(body);
    return s;
}

static cJSON *generate(const cJSON *g)
{
    if (cJSON_IsObject(g) && cJSON_GetObjectItem(g, "$repeat")) {
        char *s = gen_string(g);
        cJSON *v = cJSON_CreateString(s);
        free(s);
        return v;
    }
    if (cJSON_IsObject(g) && cJSON_GetObjectItem(g, "$list")) {
        const cJSON *item = cJSON_GetObjectItem(g, "$list");
        size_t times = (size_t)cJSON_GetObjectItem(g, "times")->valuedouble;
        cJSON *list = cJSON_CreateArray();
        for (size_t i = 0; i < times; i++) {
            if (cJSON_IsString(item)) {
                char *s = with_index(item->valuestring, i);
                cJSON_AddItemToArray(list, cJSON_CreateString(s));
                free(s);
            } else {
                cJSON_AddItemToArray(list, generate(item));
            }
        }
        return list;
    }
    if (cJSON_IsObject(g) && cJSON_GetObjectItem(g, "$object")) {
        char *name = gen_string(cJSON_GetObjectItem(g, "$object"));
        const cJSON *value = cJSON_GetObjectItem(g, "value");
        size_t times = (size_t)cJSON_GetObjectItem(g, "times")->valuedouble;
        cJSON *obj = cJSON_CreateObject();
        for (size_t i = 0; i < times; i++) {
            char *k = with_index(name, i);
            cJSON_AddItemToObject(obj, k, generate(value));
            free(k);
        }
        free(name);
        return obj;
    }
    if (cJSON_IsObject(g)) {
        cJSON *obj = cJSON_CreateObject();
        const cJSON *m;
        cJSON_ArrayForEach(m, g) cJSON_AddItemToObject(obj, m->string, generate(m));
        return obj;
    }
    return cJSON_Duplicate(g, 1);
}

static char *generate_json(const cJSON *g)
{
    cJSON *v = generate(g);
    char *text = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    return text;
}

static void expect_error(hc_code rc, const hc_error *err, const cJSON *c, const char *what)
{
    CHECK(rc != HC_OK && strcmp(hc_code_name(rc), str(c, "error")) == 0, "%s: want %s, got %s",
          what, str(c, "error"), hc_code_name(rc));
    CHECK(!str(c, "message") || strstr(err->message, str(c, "message")),
          "%s: the message names the limit: %s", what, err->message);
}

static void run_query(const cJSON *c, const char *what)
{
    char *params = generate_json(cJSON_GetObjectItem(c, "params"));
    hc_list_style style = HC_LIST_REPEAT_KEY;
    hc_error err = {0};
    char *q = NULL, *url = NULL;
    hc_code rc = str(c, "style") ? hc_list_style_parse(str(c, "style"), &style, &err) : HC_OK;
    if (rc == HC_OK) rc = hc_query_encode(params, style, &q, &err);
    if (rc == HC_OK) rc = hc_url_add_query("/test", q, &url, &err);
    if (str(c, "error")) {
        expect_error(rc, &err, c, what);
        CHECK(!q || !url, "%s: nothing is built", what);
    } else {
        size_t want = (size_t)cJSON_GetObjectItem(c, "expected_length")->valuedouble;
        CHECK(rc == HC_OK && url && strlen(url) == want, "%s: length %zu, want %zu (%s)", what,
              url ? strlen(url) : 0, want, err.message);
    }
    hc_free(q);
    hc_free(url);
    cJSON_free(params);
}

static void run_template(const cJSON *c, const char *what)
{
    char *tmpl = gen_string(cJSON_GetObjectItem(c, "template"));
    char *values = generate_json(cJSON_GetObjectItem(c, "values"));
    char *out = NULL;
    hc_error err = {0};
    hc_code rc = hc_uritemplate_expand(tmpl, values, &out, &err);
    if (str(c, "error")) {
        expect_error(rc, &err, c, what);
        CHECK(!out, "%s: nothing is built", what);
    } else {
        CHECK(rc == HC_OK && out && strcmp(out, str(c, "expected")) == 0, "%s: got [%.40s] (%s)",
              what, out ? out : "(error)", err.message);
    }
    hc_free(out);
    free(tmpl);
    cJSON_free(values);
}

/* Through the Api, as the bindings' add_headers/remove_headers do. */
static void run_headers(const cJSON *c, const char *what)
{
    hc_api *api = NULL;
    hc_error err = {0};
    hc_api_new_default(&api, &err);
    char *before = hc_api_headers_json(api);
    cJSON *defaults = cJSON_Parse(before);
    char *merge = generate_json(cJSON_GetObjectItem(c, "merge"));
    CHECK(hc_api_merge_headers(api, merge, &err) == HC_OK, "%s: merge (%s)", what, err.message);
    cJSON *names = generate(cJSON_GetObjectItem(c, "remove"));
    const cJSON *name;
    cJSON_ArrayForEach(name, names) hc_api_remove_header(api, name->valuestring);
    char *after = hc_api_headers_json(api);
    cJSON *got = cJSON_Parse(after);
    const cJSON *added = cJSON_GetObjectItem(c, "expected_added");
    CHECK(cJSON_GetArraySize(got) == cJSON_GetArraySize(defaults) + cJSON_GetArraySize(added),
          "%s: %d headers remain", what, cJSON_GetArraySize(got));
    const cJSON *m;
    cJSON_ArrayForEach(m, defaults)
        CHECK_STR(str(got, m->string), m->valuestring, what);
    cJSON_ArrayForEach(m, added)
        CHECK_STR(str(got, m->string), m->valuestring, what);
    cJSON_Delete(got);
    cJSON_Delete(names);
    cJSON_Delete(defaults);
    hc_free(after);
    hc_free(before);
    cJSON_free(merge);
    hc_api_delete(api);
}

static void run_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/limits.json");
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *kind = str(c, "kind"), *what = str(c, "comment");
        if (strcmp(kind, "query") == 0) run_query(c, what);
        else if (strcmp(kind, "template") == 0) run_template(c, what);
        else if (strcmp(kind, "headers") == 0) run_headers(c, what);
        else CHECK(0, "unknown kind %s", kind);
        n++;
    }
    CHECK(n >= 9, "%d limit vectors", n);
    cJSON_Delete(root);
}

/* ---- the limits' boundaries --------------------------------------------------------- */

#define LIMIT 8000000

/* {"k": "<n bytes>"} encodes to "k=" and n bytes. */
static hc_code query_of(size_t value_len, char **out, hc_error *err)
{
    char *v = repeat("a", value_len), *json = malloc(value_len + 16);
    sprintf(json, "{\"k\":\"%s\"}", v);
    hc_code rc = hc_query_encode(json, HC_LIST_REPEAT_KEY, out, err);
    free(json);
    free(v);
    return rc;
}

static void test_query_boundary(void)
{
    char *out = NULL;
    hc_error err = {0};
    CHECK(query_of(LIMIT - 2, &out, &err) == HC_OK && out && strlen(out) == LIMIT,
          "a query of exactly 8000000 bytes is built (%s)", err.message);
    hc_free(out);
    out = NULL;
    CHECK(query_of(LIMIT - 1, &out, &err) == HC_EPARAMS && !out &&
          strstr(err.message, "query parameters") && strstr(err.message, "limit of 8000000 bytes"),
          "one byte more is refused: %s", err.message);
    /* the URL it goes into is bounded too */
    char *q = repeat("a", LIMIT - 6), *url = NULL;
    CHECK(hc_url_add_query("/test", q, &url, &err) == HC_OK && url && strlen(url) == LIMIT,
          "a URL with its query of exactly 8000000 bytes (%s)", err.message);
    hc_free(url);
    url = NULL;
    CHECK(hc_url_add_query("/tests", q, &url, &err) == HC_EPARAMS && !url &&
          strstr(err.message, "limit of 8000000 bytes"), "one more: %s", err.message);
    CHECK(hc_url_add_query("/tests", "", &url, &err) == HC_OK && strcmp(url, "/tests") == 0,
          "no query: the URL as it was");
    hc_free(url);
    free(q);
    /* comma and pipe styles are checked too, and nulls cost their key as well */
    char *items = repeat("\"abcdefghi\",", 900000), *json = malloc(strlen(items) + 16);
    sprintf(json, "{\"l\":[%s1]}", items);
    CHECK(hc_query_encode(json, HC_LIST_PIPE, &out, &err) == HC_EPARAMS && !out,
          "a pipe list of 9 MB is refused: %s", err.message);
    free(json);
    free(items);
}

static void test_template_boundary(void)
{
    char *out = NULL;
    hc_error err = {0};
    char *lit = repeat("a", LIMIT);
    CHECK(hc_uritemplate_expand(lit, NULL, &out, &err) == HC_OK && out && strlen(out) == LIMIT,
          "a template expanding to exactly 8000000 bytes (%s)", err.message);
    hc_free(out);
    out = NULL;
    char *more = malloc(LIMIT + 4);
    sprintf(more, "%s{x}", lit);
    CHECK(hc_uritemplate_expand(more, "{\"x\":\"b\"}", &out, &err) == HC_ETEMPLATE && !out &&
          strstr(err.message, "limit of 8000000 bytes"), "one more byte: %s", err.message);
    free(more);
    free(lit);
    /* {x*} of an object with a long key: the key is written once per use, checked per item */
    CHECK(hc_uritemplate_expand("{x}", "{\"x\":[null,null]}", &out, &err) == HC_OK && out &&
          !*out, "a list of nulls is undefined");
    hc_free(out);
}

static void test_form_body(void)
{
    /* issue 10's query input as a form body: 400 MB, refused at 64 MiB */
    char *key = repeat("k", 20000), *items = repeat("null,", 20000);
    char *json = malloc(strlen(key) + strlen(items) + 16);
    sprintf(json, "{\"%s\":[%snull]}", key, items);
    char *out = NULL;
    size_t len = 0;
    hc_error err = {0};
    CHECK(hc_body_encode(json, "application/x-www-form-urlencoded", &out, &len, &err) ==
              HC_EPARAMS && !out && strstr(err.message, "form body") &&
              strstr(err.message, "67108864 bytes"), "a 400 MB form body: %s", err.message);
    /* the same object as JSON is sent as given: its size is the input's */
    CHECK(hc_body_encode(json, NULL, &out, &len, &err) == HC_OK && len == strlen(json),
          "as JSON it is the input itself");
    hc_free(out);
    free(json);
    free(items);
    free(key);
}

/* ---- header sets ------------------------------------------------------------------ */

static void expect_order(const hc_headers *h, const char *const *names, size_t n,
                         const char *what)
{
    CHECK(hc_headers_count(h) == n, "%s: %zu headers, want %zu", what, hc_headers_count(h), n);
    for (size_t i = 0; i < n && i < hc_headers_count(h); i++)
        CHECK_STR(hc_headers_name(h, i), names[i], what);
    CHECK(hc_headers_name(h, n) == NULL, "%s: nothing past the end", what);
}

static void test_header_removal(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    static const char *const all[] = {"A", "B", "C", "D", "E", "F"};
    for (int i = 0; i < 6; i++) hc_headers_set(h, all[i], all[i], &err);
    CHECK(hc_headers_remove(h, "c") && hc_headers_remove(h, "A") && !hc_headers_remove(h, "a"),
          "removal by any case, once");
    CHECK(hc_headers_get(h, "b") && !hc_headers_get(h, "c") && hc_headers_get(h, "F"),
          "lookups after removal");
    static const char *const left[] = {"B", "D", "E", "F"};
    expect_order(h, left, 4, "order kept after removals in the middle and at the start");
    hc_headers_remove(h, "F");
    hc_headers_remove(h, "E");
    hc_headers_set(h, "c", "again", &err);
    static const char *const again[] = {"B", "D", "c"};
    expect_order(h, again, 3, "removed from the end, and one set again goes last");
    char *json = hc_headers_to_json(h);
    CHECK_STR(json, "{\"B\":\"B\",\"D\":\"D\",\"c\":\"again\"}", "to_json skips the holes");
    hc_free(json);
    hc_headers_remove(h, "D");
    hc_headers *copy = hc_headers_copy(h);
    static const char *const copied[] = {"B", "c"};
    expect_order(copy, copied, 2, "a copy after a removal");
    CHECK_STR(hc_headers_get(copy, "C"), "again", "a copy finds by any case");
    hc_headers_delete(copy);
    hc_headers_remove(h, "B");
    hc_headers_remove(h, "C");
    CHECK(hc_headers_count(h) == 0 && !hc_headers_name(h, 0), "all removed");
    hc_headers_set(h, "Z", "z", &err);
    expect_order(h, (const char *const[]){"Z"}, 1, "used again after emptying");
    hc_headers_delete(h);

    /* issue 10: 40,000 merged, then removed one by one; every other one is checked to be
     * still found (and the removed ones not) at several points, which exercises the index's
     * backward-shift deletion and the compactions */
    h = hc_headers_new();
    {
        size_t n = 40000, cap = n * 24 + 8, o = 0;
        char *obj = malloc(cap), name[32];
        o += (size_t)sprintf(obj + o, "{");
        for (size_t i = 0; i < n; i++)
            o += (size_t)sprintf(obj + o, "%s\"X-H%zu\":\"%zu\"", i ? "," : "", i, i);
        sprintf(obj + o, "}");
        CHECK(hc_headers_merge_json(h, obj, &err) == HC_OK && hc_headers_count(h) == n,
              "40000 merged (%s)", err.message);
        free(obj);
        int bad = 0;
        for (size_t i = 0; i < n; i += 2) {
            snprintf(name, sizeof name, "x-h%zu", i);
            if (!hc_headers_remove(h, name)) bad++;
            if (i % 10000 == 0) /* a read by position in between */
                bad += hc_headers_name(h, hc_headers_count(h) - 1) == NULL;
        }
        CHECK(!bad && hc_headers_count(h) == n / 2, "20000 removed, in order");
        for (size_t i = 0; i < n && !bad; i++) {
            snprintf(name, sizeof name, "X-h%zu", i);
            const char *v = hc_headers_get(h, name);
            bad += (i % 2 == 0) ? v != NULL : (v == NULL || (size_t)atol(v) != i);
        }
        CHECK(!bad, "each remaining one found, each removed one gone");
        for (size_t i = 0; i < hc_headers_count(h) && !bad; i++) {
            snprintf(name, sizeof name, "X-H%zu", 2 * i + 1);
            bad += strcmp(hc_headers_name(h, i), name) != 0;
        }
        CHECK(!bad, "the remaining ones in insertion order");
        for (size_t i = 1; i < n; i += 2) {
            snprintf(name, sizeof name, "X-H%zu", i);
            bad += !hc_headers_remove(h, name);
        }
        CHECK(!bad && hc_headers_count(h) == 0 && !hc_headers_get(h, "X-H1"), "and the rest");
    }
    hc_headers_delete(h);
}

/* A server repeating one header: the value grows by ", v" each time, in place. */
static void test_repeated_append(void)
{
    hc_headers *h = hc_headers_new();
    hc_error err = {0};
    hc_headers_set(h, "Other", "o", &err);
    size_t n = 100000;
    for (size_t i = 0; i < n; i++)
        hc_headers_append(h, i ? "set-cookie" : "Set-Cookie", "a=b", &err);
    const char *v = hc_headers_get(h, "SET-COOKIE");
    CHECK(v && strlen(v) == n * 3 + (n - 1) * 2, "100000 values joined with ', '");
    CHECK(v && strncmp(v, "a=b, a=b", 8) == 0 && strcmp(v + strlen(v) - 5, ", a=b") == 0,
          "joined in order");
    CHECK_STR(hc_headers_name(h, 1), "Set-Cookie", "the first spelling stays");
    hc_headers *copy = hc_headers_copy(h);
    CHECK(copy && strcmp(hc_headers_get(copy, "set-cookie"), v) == 0, "a copy keeps the value");
    hc_headers_append(copy, "Set-Cookie", "c=d", &err);
    CHECK(strlen(hc_headers_get(copy, "set-cookie")) == strlen(v) + 5 &&
          strlen(hc_headers_get(h, "set-cookie")) == strlen(v), "appending to a copy only");
    hc_headers_delete(copy);
    hc_headers_delete(h);
}

/* ---- status specs and CURIEs -------------------------------------------------------- */

static void test_status_spec_parts(void)
{
    size_t n = 100000;
    char *spec = malloc(n * 9 + 32), *o = spec;
    for (size_t i = 0; i < n; i++) o += sprintf(o, "%s", i % 2 ? "401, " : ">=598 ");
    sprintf(o, "<101 300-302");
    hc_status_spec *s = NULL;
    hc_error err = {0};
    CHECK(hc_status_spec_parse(spec, &s, &err) == HC_OK, "100000 parts (%s)", err.message);
    int want[] = {0, 1, 100, 300, 301, 302, 401, 598, 599, 999};
    int not[] = {-1, 101, 299, 303, 400, 402, 597, 1000, 100000};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        CHECK(hc_status_spec_match(s, want[i]), "%d matches", want[i]);
    for (size_t i = 0; i < sizeof not / sizeof *not; i++)
        CHECK(!hc_status_spec_match(s, not[i]), "%d does not match", not[i]);
    hc_status_spec_delete(s);
    free(spec);
    CHECK(hc_status_spec_parse(">999 <100", &s, &err) == HC_OK && !hc_status_spec_match(s, 1000) &&
          hc_status_spec_match(s, 99) && !hc_status_spec_match(s, 100), ">999 is empty, <100 is 0-99");
    hc_status_spec_delete(s);
    CHECK(!hc_status_spec_match(NULL, 404), "no spec matches nothing");
}

static char *curies_links(size_t n, const char *extra)
{
    size_t cap = n * 128 + strlen(extra) + 64, o = 0;
    char *j = malloc(cap);
    o += (size_t)sprintf(j + o, "{\"curies\":[");
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(j + o, "%s{\"name\":\"c%zu\",\"href\":\"http://x/{rel}\"}", i ? "," : "", i);
    o += (size_t)sprintf(j + o, "]");
    for (size_t i = 0; i < n; i++) o += (size_t)sprintf(j + o, ",\"r%zu\":{\"href\":\"/r%zu\"}", i, i);
    sprintf(j + o, "%s}", extra);
    return j;
}

static void test_curies(void)
{
    /* 20,000 curies each giving a CURIE to look up among 20,000 rels: only the last is there */
    char *links = curies_links(20000, ",\"c19999:w\":{\"href\":\"/w\"}");
    char *href = NULL;
    hc_error err = {0};
    CHECK(hc_hal_link(links, "http://x/w", NULL, &href, NULL, &err) == HC_OK && href &&
          strcmp(href, "/w") == 0, "found through the last of 20000 curies (%s)", err.message);
    hc_free(href);
    href = NULL;
    CHECK(hc_hal_link(links, "http://x/v", NULL, &href, NULL, &err) == HC_ENOREL && !href,
          "not there through any: %s", err.message);
    int has = 0;
    CHECK(hc_hal_has_rel(links, "c5:w", &has, &err) == HC_OK && !has, "c5:w is not there");
    free(links);
    /* the first curie whose spelling is there wins; the first of duplicate rels is taken */
    links = curies_links(3, ",\"c2:w\":{\"href\":\"/2\"},\"c1:w\":{\"href\":\"/1\"},"
                            "\"c1:w\":{\"href\":\"/dup\"}");
    CHECK(hc_hal_link(links, "http://x/w", NULL, &href, NULL, &err) == HC_OK && href &&
          strcmp(href, "/1") == 0, "the first curie that applies wins: %s", href ? href : err.message);
    hc_free(href);
    href = NULL;
    free(links);
    /* a CURIE asked for, its full URI there; a long reference part */
    char *local = repeat("z", 100000);
    size_t cap = 2 * strlen(local) + 256;
    char *j = malloc(cap), *rel = malloc(strlen(local) + 8);
    snprintf(j, cap, "{\"curies\":[{\"name\":\"c\",\"href\":\"http://y/{rel}\"},"
             "{\"name\":\"c\",\"href\":\"http://x/{rel}/s\"}],\"http://x/%s/s\":{\"href\":\"/z\"}}",
             local);
    sprintf(rel, "c:%s", local);
    CHECK(hc_hal_link(j, rel, NULL, &href, NULL, &err) == HC_OK && href && strcmp(href, "/z") == 0,
          "a CURIE with a 100000-byte reference, through the second curie (%s)", err.message);
    hc_free(href);
    href = NULL;
    rel[strlen(rel) - 1] = 'y';
    CHECK(hc_hal_link(j, rel, NULL, &href, NULL, &err) == HC_ENOREL, "one byte off: not there");
    free(j);
    free(rel);
    free(local);
}

int main(void)
{
    run_vectors();
    test_query_boundary();
    test_template_boundary();
    test_form_body();
    test_header_removal();
    test_repeated_append();
    test_status_spec_parts();
    test_curies();
    return check_done("limits");
}
