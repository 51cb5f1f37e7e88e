/* test_config.c: the .halchemy file of SPEC §2 (csrc/config.c): the INI reader, booleans and
 * settings from tests/vectors/config.json; hostile files (binary, huge, long lines, FIFOs);
 * and where the file is found (HALCHEMY_CONFIG, the project root walked up to, home). */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "halchemy.h"
#include "internal.h"

static char tmp[256];

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void write_bytes(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n) { perror(path); exit(2); }
    fclose(f);
}

static void write_file(const char *path, const char *text) { write_bytes(path, text, strlen(text)); }

static void path_in(char *out, size_t cap, const char *rel)
{
    snprintf(out, cap, "%s/%s", tmp, rel);
}

/* ---- the reader ---------------------------------------------------------------------- */

typedef struct calls {
    cJSON *list;   /* [section, key, value, line] per call */
    int fail_at;   /* the call number (1-based) that fails, 0 = none */
} calls;

static hc_code collect(void *ud, const char *section, const char *key, const char *value,
                       const char *path, int line, hc_error *err)
{
    calls *c = ud;
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemToArray(one, cJSON_CreateString(section));
    cJSON_AddItemToArray(one, cJSON_CreateString(key));
    cJSON_AddItemToArray(one, cJSON_CreateString(value));
    cJSON_AddItemToArray(one, cJSON_CreateNumber(line));
    cJSON_AddItemToArray(c->list, one);
    if (cJSON_GetArraySize(c->list) == c->fail_at)
        return hc_fail(err, HC_EINVAL, "%s:%d: the callback refused '%s'", path, line, key);
    return HC_OK;
}

/* What the reader yields for text, read as text and from a file; caller frees. */
static char *read_calls(const char *text, hc_code *rc, hc_error *err)
{
    char path[512];
    path_in(path, sizeof path, "reader.ini");
    calls c = {cJSON_CreateArray(), 0};
    *rc = hc_ini_parse_text(text, path, collect, &c, err);
    char *from_text = cJSON_PrintUnformatted(c.list);
    cJSON_Delete(c.list);

    write_file(path, text);
    c.list = cJSON_CreateArray();
    hc_error ferr = {0};
    hc_code frc = hc_ini_parse_file(path, collect, &c, &ferr);
    char *from_file = cJSON_PrintUnformatted(c.list);
    cJSON_Delete(c.list);
    CHECK(frc == *rc && strcmp(from_text, from_file) == 0 && strcmp(err->message, ferr.message) == 0,
          "text and file read alike: %s / %s", from_text, from_file);
    cJSON_free(from_file);
    return from_text;
}

static void test_reader_vectors(const cJSON *root)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        if (!str(c, "ini") || !cJSON_GetObjectItem(c, "expected")) continue;
        hc_error err = {0};
        hc_code rc;
        char *got = read_calls(str(c, "ini"), &rc, &err);
        char *want = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "expected"));
        CHECK(rc == HC_OK, "%s: %s", str(c, "comment"), err.message);
        CHECK_STR(got, want, str(c, "comment"));
        cJSON_free(got);
        cJSON_free(want);
    }
}

static void test_reader(void)
{
    hc_error err = {0};
    calls c = {cJSON_CreateArray(), 2};
    CHECK(hc_ini_parse_text("[a]\nx = 1\ny = 2\nz = 3\n", "p.ini", collect, &c, &err) == HC_EINVAL,
          "the callback's failure is returned");
    CHECK(cJSON_GetArraySize(c.list) == 2 && strstr(err.message, "p.ini:3:"),
          "and stops the walk at its line: %s", err.message);
    cJSON_Delete(c.list);

    c = (calls){cJSON_CreateArray(), 0};
    CHECK(hc_ini_parse_text("nope\n", NULL, collect, &c, &err) == HC_ECONFIG &&
          strstr(err.message, "(text):1:"), "text without a path: %s", err.message);
    CHECK(hc_ini_parse_text(NULL, "p", collect, &c, &err) == HC_EINVAL, "NULL text");
    CHECK(hc_ini_parse_text("", "p", NULL, NULL, &err) == HC_EINVAL, "NULL callback");
    CHECK(hc_ini_parse_file(NULL, collect, &c, &err) == HC_EINVAL, "NULL path");
    cJSON_Delete(c.list);
}

/* ---- booleans, settings and errors through the Api ------------------------------------ */

static hc_code load(const char *ini, hc_api **api, char *path, size_t cap, hc_error *err)
{
    path_in(path, cap, "case.ini");
    write_file(path, ini);
    hc_api_new_default(api, err);
    return hc_api_load_config(*api, path, err);
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
            CHECK(cJSON_IsString(g) && strcmp(g->valuestring, h->valuestring) == 0,
                  "%s: header %s in %s", what, h->string, s);
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

static void test_api_vectors(const cJSON *root)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *what = str(c, "comment"), *ini = str(c, "ini");
        const cJSON *settings = cJSON_GetObjectItem(c, "settings");
        if (!ini || (!settings && !str(c, "error"))) continue;
        hc_api *api = NULL;
        hc_error err = {0};
        char path[512];
        hc_code rc = load(ini, &api, path, sizeof path, &err);
        if (str(c, "error")) {
            char where[600];
            snprintf(where, sizeof where, "%s:%d:", path, cJSON_GetObjectItem(c, "line")->valueint);
            CHECK(rc == HC_ECONFIG, "%s: want config error, got %s", what, hc_code_name(rc));
            CHECK(strncmp(err.message, where, strlen(where)) == 0, "%s: message [%s] starts with [%s]",
                  what, err.message, where);
            CHECK(strstr(err.message, str(c, "message")) != NULL, "%s: message [%s] lacks [%s]", what,
                  err.message, str(c, "message"));
        } else {
            CHECK(rc == HC_OK, "%s: %s", what, err.message);
            const cJSON *want;
            cJSON_ArrayForEach(want, settings) check_setting(api, want->string, want, what);
        }
        hc_api_delete(api);
    }
}

static void test_booleans(const cJSON *root)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *b = str(c, "bool");
        if (!b) continue;
        int want = str(c, "error") ? -1 : cJSON_IsTrue(cJSON_GetObjectItem(c, "expected"));
        CHECK(hc_parse_bool(b) == want, "'%s' reads as %d", b, want);
        /* and as the file's raise_for_network_errors, starting from the opposite */
        char ini[200];
        snprintf(ini, sizeof ini, "[error_handling]\nraise_for_network_errors = %s\n", b);
        hc_api *api = NULL;
        hc_error err = {0};
        char path[512];
        hc_api_new_default(&api, &err);
        hc_api_set_raise_network(api, want == 0);
        path_in(path, sizeof path, "bool.ini");
        write_file(path, ini);
        hc_code rc = hc_api_load_config(api, path, &err);
        if (want < 0) CHECK(rc == HC_ECONFIG && strstr(err.message, ":2:"), "'%s' is refused: %s", b, err.message);
        else CHECK(rc == HC_OK && hc_api_raise_network(api) == want, "'%s' applied", b);
        hc_api_delete(api);
    }
    CHECK(hc_parse_bool(NULL) == -1, "NULL is not a boolean");
}

/* ---- hostile files ---------------------------------------------------------------------- */

/* Reads a file and expects a config error naming it, at `line` when line > 0. */
static void expect_file_error(const char *path, int line, const char *part, const char *what)
{
    calls c = {cJSON_CreateArray(), 0};
    hc_error err = {0};
    hc_code rc = hc_ini_parse_file(path, collect, &c, &err);
    char where[600];
    if (line) snprintf(where, sizeof where, "%s:%d:", path, line);
    else snprintf(where, sizeof where, "%s:", path);
    CHECK(rc == HC_ECONFIG && strncmp(err.message, where, strlen(where)) == 0 && strstr(err.message, part),
          "%s: want [%s ... %s], got %s [%s]", what, where, part, hc_code_name(rc), err.message);
    cJSON_Delete(c.list);
}

static void test_hostile_files(void)
{
    char path[512];
    char bytes[1024];
    for (int i = 0; i < 1024; i++) bytes[i] = (char)(i % 256);
    path_in(path, sizeof path, "binary.ini");
    write_bytes(path, bytes, sizeof bytes);
    expect_file_error(path, 1, "control character", "every byte value");

    const char nul[] = "[halchemy]\netag_field = v\nbase_url = a\0b\n";
    write_bytes(path, nul, sizeof nul - 1);
    expect_file_error(path, 3, "0x00", "a NUL byte on line 3");

    const char *bad_utf8[] = {"[h]\nk = \xff\n", "[h]\nk = \xC0\xAF\n", "[h]\nk = \xED\xA0\x80\n",
                              "[h]\nk = \xF4\x90\x80\x80\n", "[h]\nk = \xE2\x82\n", "[h]\nk = \x80\n"};
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof *bad_utf8; i++) {
        write_file(path, bad_utf8[i]);
        expect_file_error(path, 2, "UTF-8", "invalid UTF-8");
    }

    /* a line of 100,000 characters, and one of exactly the limit */
    size_t n = 100000;
    char *big = malloc(n + 64);
    strcpy(big, "[halchemy]\netag_field = ");
    size_t used = strlen(big);
    memset(big + used, 'x', n);
    big[used + n] = '\0';
    write_file(path, big);
    expect_file_error(path, 2, "longer than", "a 100k-character line");
    const char *key = "etag_field = ";
    strcpy(big, "[halchemy]\n");
    used = strlen(big);
    strcpy(big + used, key);
    memset(big + used + strlen(key), 'y', 65536 - strlen(key));
    big[used + 65536] = '\0';
    write_file(path, big);
    calls c = {cJSON_CreateArray(), 0};
    hc_error err = {0};
    CHECK(hc_ini_parse_file(path, collect, &c, &err) == HC_OK && cJSON_GetArraySize(c.list) == 1,
          "a line of exactly 65536 bytes is read: %s", err.message);
    cJSON_Delete(c.list);
    free(big);

    /* a file over 1 MiB, even of comments */
    size_t huge = 1024 * 1024 + 1;
    char *lots = malloc(huge);
    memset(lots, '\n', huge);
    lots[0] = '#';
    write_bytes(path, lots, huge);
    expect_file_error(path, 0, "larger than", "a file over 1 MiB");
    write_bytes(path, lots, huge - 1);
    c = (calls){cJSON_CreateArray(), 0};
    CHECK(hc_ini_parse_file(path, collect, &c, &err) == HC_OK, "exactly 1 MiB is read: %s", err.message);
    cJSON_Delete(c.list);
    free(lots);

    path_in(path, sizeof path, "unterminated.ini");
    write_file(path, "[halchemy]\ntimeout = 1\n[error_handling");
    expect_file_error(path, 3, "']'", "an unterminated section at the end of the file");

    path_in(path, sizeof path, "missing.ini");
    expect_file_error(path, 0, "does not exist", "a missing file");
    path_in(path, sizeof path, "a-directory");
    mkdir(path, 0700);
    expect_file_error(path, 0, "not a regular file", "a directory");
    path_in(path, sizeof path, "a-fifo");
    if (mkfifo(path, 0600) == 0) expect_file_error(path, 0, "not a regular file", "a FIFO, without hanging");

    /* random bytes biased towards INI syntax: an answer every time, never a crash */
    static const char alphabet[] = "[]=:;# \t\r\nabcXYZ_-01\xC3\xBC\xFF\x01";
    unsigned seed = 12345;
    int answered = 0;
    path_in(path, sizeof path, "fuzz.ini");
    for (int round = 0; round < 300; round++) {
        char buf[512];
        size_t len = (size_t)(round % 97) * 5;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        write_bytes(path, buf, len);
        c = (calls){cJSON_CreateArray(), 0};
        hc_code rc = hc_ini_parse_file(path, collect, &c, &err);
        answered += rc == HC_OK || (rc == HC_ECONFIG && strncmp(err.message, path, strlen(path)) == 0);
        cJSON_Delete(c.list);
    }
    CHECK(answered == 300, "every random file is read or refused naming itself (%d of 300)", answered);
}

/* ---- where the file is found ------------------------------------------------------------- */

static void mkdirs(const char *rel)
{
    char path[512];
    path_in(path, sizeof path, rel);
    for (char *p = path + strlen(tmp) + 1; *p; p++)
        if (*p == '/') { *p = '\0'; mkdir(path, 0700); *p = '/'; }
    mkdir(path, 0700);
}

/* The path found from cwd with home, compared with `want` (relative to tmp, NULL = none). */
static void expect_found(const char *cwd, const char *home, const char *want, const char *what)
{
    char *found = NULL, want_path[PATH_MAX + 64];
    hc_error err = {0};
    hc_code rc = hc_config_find(cwd, home, &found, &err);
    if (want) path_in(want_path, sizeof want_path, want);
    CHECK(rc == HC_OK, "%s: %s", what, err.message);
    CHECK(want ? found && strcmp(found, want_path) == 0 : !found, "%s: found %s, want %s", what,
          found ? found : "none", want ? want_path : "none");
    hc_free(found);
}

static int has_marker_above_tmp(void)
{
    const char *dirs[] = {"/", "/tmp"};
    const char *markers[] = {".halchemy", ".git", "pyproject.toml", "setup.py", "package.json",
                             "node_modules", "requirements.txt"};
    for (size_t d = 0; d < 2; d++)
        for (size_t m = 0; m < sizeof markers / sizeof *markers; m++) {
            char p[64];
            struct stat st;
            snprintf(p, sizeof p, "%s/%s", strcmp(dirs[d], "/") ? dirs[d] : "", markers[m]);
            if (lstat(p, &st) == 0) return 1;
        }
    return 0;
}

static void test_find(void)
{
    char p[PATH_MAX], home[512], cwd[512], saved[PATH_MAX];
    unsetenv("HALCHEMY_CONFIG");
    mkdirs("project/.git");
    mkdirs("project/src/deep");
    mkdirs("home");
    path_in(home, sizeof home, "home");
    path_in(cwd, sizeof cwd, "project/src/deep");
    path_in(p, sizeof p, "home/.halchemy");
    write_file(p, "[halchemy]\n");

    expect_found(cwd, home, "home/.halchemy", "a project without .halchemy: the home one");
    path_in(p, sizeof p, "project/.halchemy");
    write_file(p, "[halchemy]\n");
    expect_found(cwd, home, "project/.halchemy", "the project file wins over home");
    path_in(p, sizeof p, "project");
    expect_found(p, home, "project/.halchemy", "cwd is the project root itself");

    /* the nearest marker is the root, even without a .halchemy there */
    mkdirs("project/sub/x");
    path_in(p, sizeof p, "project/sub/package.json");
    write_file(p, "{}");
    path_in(cwd, sizeof cwd, "project/sub/x");
    expect_found(cwd, home, "home/.halchemy", "a nearer root without .halchemy: not the outer project's");

    /* every marker makes a root */
    const char *markers[] = {".git", "pyproject.toml", "setup.py", "package.json", "node_modules",
                             "requirements.txt"};
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++) {
        char rel[128], want[128];
        snprintf(rel, sizeof rel, "m%zu/a/b", i);
        mkdirs(rel);
        snprintf(rel, sizeof rel, "m%zu/%s", i, markers[i]);
        path_in(p, sizeof p, rel);
        write_file(p, "");
        snprintf(want, sizeof want, "m%zu/.halchemy", i);
        path_in(p, sizeof p, want);
        write_file(p, "[halchemy]\n");
        snprintf(rel, sizeof rel, "m%zu/a/b", i);
        path_in(cwd, sizeof cwd, rel);
        expect_found(cwd, home, want, markers[i]);
    }
    mkdirs("solo/w");
    path_in(p, sizeof p, "solo/.halchemy");
    write_file(p, "[halchemy]\n");
    path_in(cwd, sizeof cwd, "solo/w");
    expect_found(cwd, home, "solo/.halchemy", ".halchemy is itself a marker");

    /* a .halchemy that is a directory marks the root but is no file */
    mkdirs("dirconf/.halchemy");
    mkdirs("dirconf/w");
    path_in(cwd, sizeof cwd, "dirconf/w");
    expect_found(cwd, home, "home/.halchemy", "a .halchemy directory is not a config file");

    /* no project root at all (only checkable when / and /tmp carry no marker) */
    if (!has_marker_above_tmp() && strncmp(tmp, "/tmp/", 5) == 0) {
        mkdirs("bare/w");
        path_in(cwd, sizeof cwd, "bare/w");
        expect_found(cwd, home, "home/.halchemy", "no project root: home");
    }

    /* home */
    path_in(cwd, sizeof cwd, "project/sub/x");
    mkdirs("emptyhome");
    path_in(p, sizeof p, "emptyhome");
    expect_found(cwd, p, NULL, "no file anywhere: none, and no error");
    setenv("HOME", home, 1);
    expect_found(cwd, NULL, "home/.halchemy", "home NULL means $HOME");
    unsetenv("HOME");
    expect_found(cwd, NULL, NULL, "no $HOME: none");
    expect_found(cwd, "", NULL, "an empty home: none");

    /* relative, dotted, symlinked, missing and default working directories */
    if (!getcwd(saved, sizeof saved)) saved[0] = '\0';
    if (chdir(tmp) == 0) {
        expect_found("project/src/deep", home, "project/.halchemy", "a relative cwd");
        expect_found("project/sub/../src/./deep", home, "project/.halchemy", "a cwd with .. and .");
        path_in(p, sizeof p, "project/src/deep");
        if (symlink(p, "link") == 0) expect_found("link", home, "project/.halchemy",
                                                  "a symlinked cwd walks up from where it points");
        if (chdir("project/src/deep") == 0) expect_found(NULL, home, "project/.halchemy", "cwd NULL: the process's own");
        if (saved[0] && chdir(saved) != 0) perror("chdir back");
    }
    path_in(cwd, sizeof cwd, "does/not/exist");
    expect_found(cwd, home, "home/.halchemy", "a cwd that does not exist: home only");

    /* HALCHEMY_CONFIG */
    path_in(p, sizeof p, "explicit.ini");
    write_file(p, "[halchemy]\n");
    setenv("HALCHEMY_CONFIG", p, 1);
    path_in(cwd, sizeof cwd, "project/src/deep");
    expect_found(cwd, home, "explicit.ini", "HALCHEMY_CONFIG names the file, over the project's");
    path_in(p, sizeof p, "nowhere.ini");
    setenv("HALCHEMY_CONFIG", p, 1);
    char *found = (char *)"untouched";
    hc_error err = {0};
    CHECK(hc_config_find(cwd, home, &found, &err) == HC_ECONFIG && !found && strstr(err.message, p),
          "HALCHEMY_CONFIG naming a missing file is an error naming it: %s", err.message);
    path_in(p, sizeof p, "project");
    setenv("HALCHEMY_CONFIG", p, 1);
    CHECK(hc_config_find(cwd, home, &found, &err) == HC_ECONFIG, "HALCHEMY_CONFIG naming a directory");
    setenv("HALCHEMY_CONFIG", "", 1);
    expect_found(cwd, home, "project/.halchemy", "an empty HALCHEMY_CONFIG is unset");
    unsetenv("HALCHEMY_CONFIG");
    CHECK(hc_config_find(cwd, home, NULL, &err) == HC_EINVAL, "no out pointer");
}

int main(void)
{
    /* realpath: the walk compares physical paths, and /tmp may itself be a symlink */
    char base[PATH_MAX];
    const char *t = getenv("TMPDIR");
    if (!realpath(t && *t ? t : "/tmp", base)) { perror("realpath"); return 2; }
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/halchemy-config-XXXXXX", base) >= sizeof tmp ||
        !mkdtemp(tmp)) { perror("mkdtemp"); return 2; }
    cJSON *root = vectors_load("tests/vectors/config.json");
    test_reader_vectors(root);
    test_reader();
    test_api_vectors(root);
    test_booleans(root);
    cJSON_Delete(root);
    test_hostile_files();
    test_find();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    return check_done("config");
}
