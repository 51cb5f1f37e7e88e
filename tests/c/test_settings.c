/* test_settings.c: the one table of settings (SPEC §2, csrc/settings.c) and the one table
 * of errors (SPEC §10, csrc/util.c) against tests/vectors/settings.json, errors.json and
 * defaults.json; every settings case through hc_api_set, in both spellings; NUL refused. */
#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The core's table, as text, equals the vector file's (parsed and printed alike). */
static void check_table(char *core_json, const cJSON *want, const char *what)
{
    cJSON *got = cJSON_Parse(core_json);
    CHECK(got && cJSON_Compare(got, want, 1), "%s: the core's table differs from the vector "
          "file:\n core: %s", what, core_json ? core_json : "(null)");
    cJSON_Delete(got);
    hc_free(core_json);
}

static hc_code code_of(const char *name)
{
    for (int c = 0; c < HC_CODE_COUNT; c++)
        if (strcmp(hc_code_name((hc_code)c), name) == 0) return (hc_code)c;
    return HC_CODE_COUNT;
}

/* The vector's JSON value as the hc_value a binding would pass (text kept in *keep). */
static hc_value value_of(const cJSON *j, char **keep)
{
    hc_value v = {0};
    *keep = NULL;
    if (!j || cJSON_IsNull(j)) {
        v.kind = HC_VALUE_NULL;
    } else if (cJSON_IsBool(j)) {
        v.kind = HC_VALUE_BOOL;
        v.boolean = cJSON_IsTrue(j);
        v.type_name = "bool";
    } else if (cJSON_IsNumber(j)) {
        v.kind = HC_VALUE_NUMBER;
        v.number = j->valuedouble;
        v.type_name = "number";
    } else if (cJSON_IsString(j)) {
        v.kind = HC_VALUE_STRING;
        v.string = j->valuestring;
        v.length = strlen(j->valuestring);
        v.type_name = "str";
    } else if (cJSON_IsObject(j)) {
        *keep = cJSON_PrintUnformatted(j);
        v.kind = HC_VALUE_JSON;
        v.string = *keep;
        v.type_name = "dict";
    } else {
        v.kind = HC_VALUE_OTHER;
        v.type_name = "list";
    }
    return v;
}

static int same_value(const hc_value *got, const cJSON *want)
{
    if (cJSON_IsNull(want)) return got->kind == HC_VALUE_NULL;
    if (cJSON_IsBool(want)) return got->kind == HC_VALUE_BOOL && got->boolean == cJSON_IsTrue(want);
    if (cJSON_IsNumber(want)) return got->kind == HC_VALUE_NUMBER && got->number == want->valuedouble;
    if (cJSON_IsString(want))
        return got->kind == HC_VALUE_STRING && strcmp(got->string, want->valuestring) == 0;
    return 0;
}

static void test_settings_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/settings.json");
    check_table(hc_settings_json(HC_LANG_PYTHON), cJSON_GetObjectItem(root, "table"), "settings");
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *name = str(c, "name"), *group = str(c, "group"), *error = str(c, "error");
        const char *msg = str(c, "message"), *get_name = str(c, "get_name");
        hc_api *api = NULL;
        hc_error err = {0};
        CHECK(hc_api_new_default(&api, &err) == HC_OK, "new api: %s", err.message);
        if (!api) continue;
        char *keep = NULL;
        hc_value v = value_of(cJSON_GetObjectItem(c, "value"), &keep);
        /* cJSON cuts a string at "\u0000": the one such vector is given here whole. */
        static const char with_nul[] = "http://example.org/a\0b";
        if (v.kind == HC_VALUE_STRING && msg && strcmp(msg, "NUL") == 0) {
            CHECK(strcmp(v.string, "http://example.org/a") == 0, "the NUL vector is the one known");
            v.string = with_nul;
            v.length = sizeof with_nul - 1;
        }
        hc_code rc = hc_api_set(api, HC_LANG_PYTHON, group, name, &v, &err);
        if (error) {
            CHECK(rc == code_of(error), "%s=%s: want %s, got %s (%s)", name,
                  cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "value")), error,
                  hc_code_name(rc), err.message);
            if (msg) CHECK(strstr(err.message, msg) != NULL, "%s: message [%s] lacks [%s]", name,
                           err.message, msg);
        } else {
            CHECK(rc == HC_OK, "%s: %s", name, err.message);
        }
        const cJSON *want = cJSON_GetObjectItem(c, "get");
        if (want) {
            hc_value got = {0};
            CHECK(hc_api_get(api, HC_LANG_PYTHON, get_name ? get_name : name, &got, &err) == HC_OK,
                  "get %s: %s", get_name ? get_name : name, err.message);
            CHECK(same_value(&got, want), "%s: read back a different value", name);
            if (got.kind == HC_VALUE_STRING) hc_free((char *)got.string);
        }
        /* The same case through the JavaScript spelling gives the same code. */
        if (name && strchr(name, '_') && !group && v.kind != HC_VALUE_JSON) { /* members: snake_case */
            char camel[64];
            size_t o = 0;
            for (const char *p = name; *p && o + 1 < sizeof camel; p++) {
                if (*p == '_' && p[1]) { camel[o++] = (char)(p[1] - 32); p++; }
                else camel[o++] = *p;
            }
            camel[o] = '\0';
            hc_error js = {0};
            hc_code jrc = hc_api_set(api, HC_LANG_JS, NULL, camel, &v, &js);
            CHECK(jrc == rc, "%s as %s: %s, not %s", name, camel, hc_code_name(jrc), hc_code_name(rc));
            CHECK(hc_api_set(api, HC_LANG_JS, NULL, name, &v, &js) == HC_EARG,
                  "JavaScript does not take the snake_case name %s", name);
        }
        free(keep);
        hc_api_delete(api);
        n++;
    }
    CHECK(n >= 40, "%d settings cases", n);
    cJSON_Delete(root);
}

static void test_options_and_defaults(void)
{
    hc_api *api = NULL;
    hc_error err = {0};
    CHECK(hc_api_new_default(&api, &err) == HC_OK, "new api");
    hc_value url = {HC_VALUE_STRING, 0, 0, "http://example.org", 18, "str"};
    CHECK(hc_api_set_option(api, HC_LANG_JS, "baseUrl", &url, &err) == HC_EARG &&
              strstr(err.message, "unknown setting 'baseUrl'"),
          "the base URL has an argument of its own, not an option: %s", err.message);
    hc_value t = {HC_VALUE_NUMBER, 0, 7, NULL, 0, "number"};
    CHECK(hc_api_set_option(api, HC_LANG_JS, "timeout", &t, &err) == HC_OK, "timeout option");
    CHECK(hc_api_timeout(api) == 7, "timeout set through options");
    hc_api_delete(api);

    cJSON *root = vectors_load("tests/vectors/defaults.json");
    CHECK(hc_api_new_default(&api, &err) == HC_OK, "new api");
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(root, "settings")) {
        hc_value got = {0};
        CHECK(hc_api_get(api, HC_LANG_PYTHON, s->string, &got, &err) == HC_OK, "get %s", s->string);
        CHECK(same_value(&got, s), "default of %s", s->string);
        if (got.kind == HC_VALUE_STRING) hc_free((char *)got.string);
    }
    char *headers = hc_api_headers_json(api);
    check_table(headers, cJSON_GetObjectItem(root, "headers"), "default headers");
    hc_api_delete(api);
    cJSON_Delete(root);
}

static void test_errors_table(void)
{
    cJSON *root = vectors_load("tests/vectors/errors.json");
    check_table(hc_errors_json(), cJSON_GetObjectItem(root, "table"), "errors");
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(root, "table"));
    CHECK(n == HC_CODE_COUNT - 1, "every code but ok is in the table (%d of %d)", n, HC_CODE_COUNT - 1);
    cJSON_Delete(root);
}

static void test_nul(void)
{
    hc_error err = {0};
    CHECK(hc_check_text("/echo/a", 7, &err) == HC_OK, "no NUL: fine");
    CHECK(hc_check_text("/echo/a\0b", 9, &err) == HC_EINVAL, "a NUL is refused");
    CHECK(strstr(err.message, "'/echo/a\\x00b'") != NULL, "the text is shown whole: %s", err.message);
    CHECK(hc_check_text("\0", 1, &err) == HC_EINVAL, "a lone NUL");
    CHECK(hc_check_text(NULL, 0, &err) == HC_OK, "NULL: nothing to check");
}

int main(void)
{
    test_settings_vectors();
    test_options_and_defaults();
    test_errors_table();
    test_nul();
    return check_done("settings");
}
