/* test_config.c: the .halchemy file (SPEC §2) from tests/vectors/config.json, and where
 * it is found: HALCHEMY_CONFIG, the project root walked up to, the home directory. */
#include <sys/stat.h>

#include "check.h"
#include "halchemy.h"

static char tmp[256];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(2); }
    fputs(text, f);
    fclose(f);
}

static void check_setting(hc_api *api, const char *key, const cJSON *want, const char *what)
{
    char *s = NULL;
    if (strcmp(key, "timeout") == 0) {
        CHECK(hc_api_timeout(api) == want->valuedouble, "%s: timeout", what);
        return;
    }
    if (strcmp(key, "raise_for_network_errors") == 0) {
        CHECK(hc_api_raise_network(api) == cJSON_IsTrue(want), "%s: raise_for_network_errors", what);
        return;
    }
    if (strcmp(key, "headers") == 0) {
        cJSON *got = cJSON_Parse(s = hc_api_headers_json(api));
        const cJSON *h;
        cJSON_ArrayForEach(h, want) {
            const cJSON *g = cJSON_GetObjectItemCaseSensitive(got, h->string);
            CHECK(cJSON_IsString(g) && strcmp(g->valuestring, h->valuestring) == 0, "%s: header %s", what, h->string);
        }
        cJSON_Delete(got);
    } else {
        if (strcmp(key, "base_url") == 0) s = hc_api_base_url(api);
        else if (strcmp(key, "parameters_list_style") == 0) s = hc_api_list_style(api);
        else if (strcmp(key, "etag_field") == 0) s = hc_api_etag_field(api);
        else if (strcmp(key, "raise_for_status_codes") == 0) s = hc_api_raise_status(api);
        CHECK_STR(s, want->valuestring, what);
    }
    hc_free(s);
}

static void test_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/config.json");
    const cJSON *c;
    char path[512];
    snprintf(path, sizeof path, "%s/case.ini", tmp);
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *what = cJSON_GetObjectItem(c, "comment")->valuestring;
        write_file(path, cJSON_GetObjectItem(c, "ini")->valuestring);
        hc_api *api = NULL;
        hc_error err = {0};
        hc_api_new_default(&api, &err);
        hc_code rc = hc_api_load_config(api, path, &err);
        const cJSON *line = cJSON_GetObjectItem(c, "line");
        if (line) {
            char where[600];
            snprintf(where, sizeof where, "%s:%d:", path, line->valueint);
            CHECK(rc == HC_ECONFIG, "%s: want config error, got %s", what, hc_code_name(rc));
            CHECK(strstr(err.message, where) != NULL, "%s: message [%s] names [%s]", what, err.message, where);
        } else {
            CHECK(rc == HC_OK, "%s: %s", what, err.message);
            const cJSON *want;
            cJSON_ArrayForEach(want, cJSON_GetObjectItem(c, "expected"))
                check_setting(api, want->string, want, what);
        }
        hc_api_delete(api);
    }
    cJSON_Delete(root);
}

static void test_hostile_files(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/binary.ini", tmp);
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 4096; i++) fputc(i % 256, f);
    fclose(f);
    hc_api *api = NULL;
    hc_error err = {0};
    hc_api_new_default(&api, &err);
    CHECK(hc_api_load_config(api, path, &err) == HC_ECONFIG, "binary file is a config error");
    snprintf(path, sizeof path, "%s/long.ini", tmp);
    f = fopen(path, "wb");
    fputs("[halchemy]\netag_field = ", f);
    for (int i = 0; i < 100000; i++) fputc('x', f);
    fclose(f);
    CHECK(hc_api_load_config(api, path, &err) == HC_OK, "a 100k-character line loads: %s", err.message);
    snprintf(path, sizeof path, "%s/missing.ini", tmp);
    CHECK(hc_api_load_config(api, path, &err) == HC_ECONFIG && strstr(err.message, path),
          "a missing file names itself: %s", err.message);
    hc_api_delete(api);
}

static void test_find(void)
{
    char project[512], sub[600], home[512], p[700];
    snprintf(project, sizeof project, "%s/project", tmp);
    snprintf(sub, sizeof sub, "%s/src/deep", project);
    snprintf(home, sizeof home, "%s/home", tmp);
    mkdir(project, 0700);
    snprintf(p, sizeof p, "%s/src", project);
    mkdir(p, 0700);
    mkdir(sub, 0700);
    mkdir(home, 0700);
    snprintf(p, sizeof p, "%s/.git", project);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/.halchemy", home);
    write_file(p, "[halchemy]\netag_field = from_home\n");
    unsetenv("HALCHEMY_CONFIG");

    char *found = NULL;
    hc_error err = {0};
    hc_config_find(sub, home, &found, &err);
    CHECK(found && strstr(found, "/home/.halchemy"), "no project file: the home one (%s)", found ? found : "none");
    hc_free(found);

    snprintf(p, sizeof p, "%s/.halchemy", project);
    write_file(p, "[halchemy]\netag_field = from_project\n");
    hc_config_find(sub, home, &found, &err);
    CHECK(found && strcmp(found, p) == 0, "the project file wins (%s)", found ? found : "none");
    hc_free(found);

    snprintf(p, sizeof p, "%s/explicit.ini", tmp);
    write_file(p, "[halchemy]\n");
    setenv("HALCHEMY_CONFIG", p, 1);
    hc_config_find(sub, home, &found, &err);
    CHECK(found && strcmp(found, p) == 0, "HALCHEMY_CONFIG names the file (%s)", found ? found : "none");
    hc_free(found);
    unsetenv("HALCHEMY_CONFIG");
}

int main(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/halchemy-config-XXXXXX");
    if (!mkdtemp(tmp)) { perror("mkdtemp"); return 2; }
    test_vectors();
    test_hostile_files();
    test_find();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    return check_done("config");
}
