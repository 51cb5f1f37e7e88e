/* test_hal.c: the HAL helpers of SPEC §11 (csrc/hal.c): every case of tests/vectors/hal.json,
 * then what JSON vectors cannot carry: malformed JSON, NULL arguments, deep nesting, and
 * messages that stay decodable when a long name is cut. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *json_of(const cJSON *o, const char *k)
{
    return cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(o, k));
}

static hc_multiplicity expect_of(const char *s)
{
    return !s ? HC_ANY : strcmp(s, "one") == 0 ? HC_ONE : HC_MANY;
}

/* Runs one case; returns what it gave as JSON text (caller frees), or NULL on error. */
static char *run(const cJSON *c, hc_code *rc, hc_error *err)
{
    const char *op = str(c, "op");
    cJSON *got = NULL;
    if (strcmp(op, "link") == 0) {
        char *links = json_of(c, "links"), *href = NULL;
        int templated = -1;
        *rc = hc_hal_link(links, str(c, "rel"), str(c, "name"), &href, &templated, err);
        if (*rc == HC_OK) {
            got = cJSON_CreateObject();
            cJSON_AddStringToObject(got, "href", href);
            cJSON_AddBoolToObject(got, "templated", templated);
        }
        hc_free(href);
        cJSON_free(links);
    } else if (strcmp(op, "find") == 0) {
        char *links = json_of(c, "links"), *crit = json_of(c, "criteria");
        hc_link link;
        *rc = hc_hal_find(links, str(c, "rel"), crit, &link, err);
        if (*rc == HC_OK) {
            got = cJSON_CreateObject();
            cJSON_AddStringToObject(got, "href", link.href);
            cJSON_AddBoolToObject(got, "templated", link.templated);
            if (link.self_href) cJSON_AddStringToObject(got, "self_href", link.self_href);
            else cJSON_AddNullToObject(got, "self_href");
            if (link.deprecation) cJSON_AddStringToObject(got, "deprecation", link.deprecation);
            else cJSON_AddNullToObject(got, "deprecation");
        }
        hc_link_clear(&link);
        cJSON_free(links);
        cJSON_free(crit);
    } else if (strcmp(op, "has_rel") == 0) {
        char *links = json_of(c, "links");
        int has = -1;
        *rc = hc_hal_has_rel(links, str(c, "rel"), &has, err);
        if (*rc == HC_OK) got = cJSON_CreateBool(has);
        cJSON_free(links);
    } else {
        char *res = json_of(c, "resource");
        hc_multiplicity found = HC_ANY;
        if (strcmp(op, "check") == 0) *rc = hc_hal_check(res, err);
        else if (strcmp(op, "collection") == 0) *rc = hc_hal_collection(res, str(c, "field"), err);
        else *rc = hc_hal_embedded(res, str(c, "rel"), expect_of(str(c, "expect")), &found, err);
        if (*rc == HC_OK)
            got = strcmp(op, "embedded") == 0 ? cJSON_CreateString(found == HC_MANY ? "many" : "one")
                                              : cJSON_CreateTrue();
        cJSON_free(res);
    }
    char *text = got ? cJSON_PrintUnformatted(got) : NULL;
    cJSON_Delete(got);
    return text;
}

static void test_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/hal.json");
    const cJSON *c;
    int i = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        char what[200];
        snprintf(what, sizeof what, "case %d (%s %s)", i++, str(c, "op"),
                 str(c, "comment") ? str(c, "comment") : "");
        hc_error err = {0};
        hc_code rc;
        char *got = run(c, &rc, &err);
        if (str(c, "error")) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), str(c, "error")) == 0,
                  "%s: want %s, got %s", what, str(c, "error"), hc_code_name(rc));
            CHECK(strstr(err.message, str(c, "message")) != NULL, "%s: message [%s] lacks [%s]",
                  what, err.message, str(c, "message"));
        } else {
            char *want = json_of(c, "expected");
            CHECK_STR(got ? got : err.message, want, what);
            cJSON_free(want);
        }
        cJSON_free(got);
    }
    cJSON_Delete(root);
}

static void test_malformed_json(void)
{
    hc_error err = {0};
    char *href = (char *)"untouched";
    int templated = 7;
    CHECK(hc_hal_link("{\"self\":", "self", NULL, &href, &templated, &err) == HC_EJSON,
          "truncated _links JSON");
    CHECK(href == NULL && templated == 0, "outputs are reset on failure");
    CHECK(hc_hal_link("{\"self\":{\"href\":\"/\"}} x", "self", NULL, &href, &templated, &err) == HC_EJSON,
          "trailing garbage is malformed");
    CHECK(hc_hal_link(NULL, "self", NULL, &href, &templated, &err) == HC_EJSON, "NULL JSON");
    CHECK(hc_hal_check("", &err) == HC_EJSON, "empty text");
    CHECK(hc_hal_check("\xff\xfe", &err) == HC_EJSON, "binary");
    CHECK(hc_hal_check(NULL, &err) == HC_EJSON, "NULL resource");
    hc_multiplicity found = HC_ONE;
    CHECK(hc_hal_embedded("{", "x", HC_ANY, &found, &err) == HC_EJSON && found == HC_ANY,
          "embedded on malformed JSON");
    CHECK(hc_hal_collection("[1,", "_items", &err) == HC_EJSON, "collection on malformed JSON");
}

static void test_shapes(void)
{
    hc_error err = {0};
    char *href = NULL;
    int templated = 0;
    CHECK(hc_hal_link("null", "self", NULL, &href, &templated, &err) == HC_ENOREL,
          "no _links at all: the rel is missing");
    CHECK(hc_hal_link("[]", "self", NULL, &href, &templated, &err) == HC_EHAL &&
          strstr(err.message, "_links"), "_links a list: %s", err.message);
    CHECK(hc_hal_link("{\"self\":{\"href\":\"/s\"}}", "self", NULL, &href, NULL, &err) == HC_OK &&
          strcmp(href, "/s") == 0, "templated may be NULL");
    hc_free(href);
    CHECK(hc_hal_link("{}", NULL, NULL, &href, &templated, &err) == HC_EINVAL, "NULL rel");
    CHECK(hc_hal_link("{}", "self", NULL, NULL, &templated, &err) == HC_EINVAL, "NULL href pointer");

    CHECK(hc_hal_check("[1,2]", &err) == HC_EHAL && strstr(err.message, "not a JSON object"),
          "a list is not a resource: %s", err.message);
    CHECK(hc_hal_collection("[1]", "_items", &err) == HC_EHAL && strstr(err.message, "does not exist"),
          "a list has no fields: %s", err.message);
    CHECK(hc_hal_collection("{\"_items\":[{\"_links\":{\"self\":{\"href\":\"/1\"}}},{\"_links\":[]}]}",
                            "_items", &err) == HC_EHAL && strstr(err.message, "item 1"),
          "the message says which item: %s", err.message);
    CHECK(hc_hal_collection("{}", NULL, &err) == HC_EINVAL, "NULL field");

    const char *res = "{\"_links\":{\"self\":{\"href\":\"/\"}},\"_embedded\":{\"a\":[]}}";
    CHECK(hc_hal_embedded(res, "a", HC_MANY, NULL, &err) == HC_OK, "found may be NULL");
    CHECK(hc_hal_embedded(res, NULL, HC_ANY, NULL, &err) == HC_EINVAL, "NULL rel");
    CHECK(hc_hal_embedded(res, "a", (hc_multiplicity)7, NULL, &err) == HC_EINVAL, "bad expect");
}

static void test_hostile(void)
{
    hc_error err = {0};
    /* nesting far deeper than cJSON's limit: refused as malformed, not a stack overflow */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    CHECK(hc_hal_check(deep, &err) == HC_EJSON, "100000 nested lists");
    free(deep);

    /* a long rel in a message is cut on a character boundary */
    char rel[801] = "";
    strcat(rel, "x");
    for (int i = 0; i < 399; i++) strcat(rel, "\xC3\xBC");
    char *href = NULL;
    int templated = 0;
    CHECK(hc_hal_link("{}", rel, rel, &href, &templated, &err) == HC_ENOREL, "a long rel is missing");
    int broken = 0;
    for (size_t i = 0; err.message[i]; i++)
        if ((unsigned char)err.message[i] == 0xC3 && (unsigned char)err.message[i + 1] != 0xBC) broken = 1;
    CHECK(!broken && strlen(err.message) < sizeof err.message - 1 && strstr(err.message, "...' and name"),
          "the message is whole and never splits a character: %s", err.message);
}

/* SPEC §12: a NUL in an href, the self href or a criterion is refused, never cut (the fuzz
 * finding hal-crash-37483ea6: a criterion "\u0000x" in a link array). */
static void test_nul_in_links(void)
{
    static const struct { const char *links, *criteria; } cases[] = {
        {"{\"x\":{\"href\":\"/a\\u0000b\"}}", NULL},
        {"{\"self\":{\"href\":\"/s\\u0000\"},\"x\":{\"href\":\"/a\"}}", NULL},
        {"{\"x\":[{\"href\":\"/a\",\"title\":\"t\"}]}", "{\"title\":\"\\u0000x\"}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hc_link link = {0};
        hc_error err = {0};
        hc_code rc = hc_hal_find(cases[i].links, "x", cases[i].criteria, &link, &err);
        CHECK(rc == HC_EINVAL && strstr(err.message, "NUL") && !link.href, "case %zu: %s %s", i,
              hc_code_name(rc), err.message);
        hc_link_clear(&link);
    }
    hc_link link = {0};
    hc_error err = {0};
    CHECK(hc_hal_find("{\"x\":[{\"href\":\"/1\",\"name\":\"a\\u0000b\"},{\"href\":\"/2\",\"name\":\"a\"}]}",
                      "x", "{\"name\":\"a\"}", &link, &err) == HC_OK &&
              link.href && strcmp(link.href, "/2") == 0,
          "a name holding a NUL is not the name before it: %s", link.href ? link.href : err.message);
    hc_link_clear(&link);
}

int main(void)
{
    test_nul_in_links();
    test_vectors();
    test_malformed_json();
    test_shapes();
    test_hostile();
    return check_done("hal");
}
