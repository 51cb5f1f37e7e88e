/* test_uritemplate.c: RFC 6570 expansion against the community suite
 * (tests/vectors/uritemplate/ (every file)) and SPEC §4's table (tests/vectors/uritemplate_spec.json). */
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
            if (cJSON_IsFalse(want)) {
                CHECK(rc == HC_ETEMPLATE, "%s [%s] should fail, got %s", file, tmpl, out ? out : "?");
                CHECK(rc != HC_ETEMPLATE || strstr(err.message, tmpl) != NULL,
                      "%s: message names the template: %s", tmpl, err.message);
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

static void run_spec_table(void)
{
    cJSON *root = vectors_load("tests/vectors/uritemplate_spec.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *tmpl = cJSON_GetObjectItem(c, "template")->valuestring;
        const cJSON *vals = cJSON_GetObjectItem(c, "values");
        char *values = vals ? cJSON_PrintUnformatted(vals) : NULL;
        const cJSON *want = cJSON_GetObjectItem(c, "expected");
        const cJSON *error = cJSON_GetObjectItem(c, "error");
        char *out = NULL;
        hc_error err = {0};
        hc_code rc = hc_uritemplate_expand(tmpl, values, &out, &err);
        if (error) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), error->valuestring) == 0,
                  "[%s] should fail with %s, got %s", tmpl, error->valuestring, hc_code_name(rc));
        } else {
            CHECK(rc == HC_OK && out && strcmp(out, want->valuestring) == 0, "[%s] got [%s] want [%s] (%s)",
                  tmpl, out ? out : "(error)", want->valuestring, err.message);
        }
        hc_free(out);
        cJSON_free(values);
    }
    cJSON_Delete(root);
}

int main(void)
{
    run_suite("tests/vectors/uritemplate/spec-examples.json");
    run_suite("tests/vectors/uritemplate/spec-examples-by-section.json");
    run_suite("tests/vectors/uritemplate/extended-tests.json");
    run_suite("tests/vectors/uritemplate/negative-tests.json");
    run_spec_table();
    return check_done("uritemplate");
}
