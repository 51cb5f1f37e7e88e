/* config.c: the .halchemy configuration file (SPEC §2): where it is (HALCHEMY_CONFIG, the
 * project root found by walking up, the home directory) and how its INI text is read.
 * What each key means is decided in api.c; this file only finds and tokenizes. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define HC_CONFIG_MAX_BYTES (1024 * 1024)

static const char *const root_markers[] = {".halchemy", ".git", "pyproject.toml", "setup.py",
                                           "package.json", "node_modules", "requirements.txt"};

int hc_parse_bool(const char *s)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; s && i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) return 1;
        if (strcasecmp(s, no[i]) == 0) return 0;
    }
    return -1;
}

static int exists(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return 0;
    return stat(path, &st) == 0;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

hc_code hc_config_find(const char *cwd, const char *home, char **path, hc_error *err)
{
    *path = NULL;
    const char *env = getenv("HALCHEMY_CONFIG");
    if (env && *env) {
        if (!is_file(env))
            return hc_fail(err, HC_ECONFIG, "HALCHEMY_CONFIG names '%.300s', which is not a file", env);
        *path = hc_strdup(env);
        return *path ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
    }
    char dir[4096];
    if (cwd) snprintf(dir, sizeof dir, "%s", cwd);
    else if (!getcwd(dir, sizeof dir)) dir[0] = '\0';
    while (dir[0]) {
        int marked = 0;
        for (size_t i = 0; i < sizeof root_markers / sizeof *root_markers && !marked; i++)
            marked = exists(dir, root_markers[i]);
        if (marked) {
            if (exists(dir, ".halchemy")) {
                hc_buf b;
                hc_buf_init(&b);
                hc_buf_addf(&b, "%s/.halchemy", strcmp(dir, "/") == 0 ? "" : dir);
                if (is_file(b.data)) { *path = hc_buf_take(&b); return HC_OK; }
                hc_buf_free(&b);
            }
            break;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) { if (strcmp(dir, "/") == 0) break; strcpy(dir, "/"); continue; }
        *slash = '\0';
    }
    if (!home) home = getenv("HOME");
    if (home && *home) {
        hc_buf b;
        hc_buf_init(&b);
        hc_buf_addf(&b, "%s/.halchemy", home);
        if (!b.oom && is_file(b.data)) { *path = hc_buf_take(&b); return HC_OK; }
        hc_buf_free(&b);
    }
    return HC_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

static void lower(char *s)
{
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

/* Cuts an inline comment: ';' or '#' preceded by whitespace. */
static void cut_comment(char *v)
{
    for (char *p = v; *p; p++)
        if ((*p == ';' || *p == '#') && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return;
        }
}

hc_code hc_ini_parse_text(const char *text, const char *path, hc_ini_fn fn, void *ud,
                          hc_error *err)
{
    char *copy = hc_strdup(text);
    if (!copy) return hc_fail(err, HC_ENOMEM, "out of memory");
    char section[256] = "";
    hc_code rc = HC_OK;
    int line_no = 0;
    char *save = NULL;
    for (char *p = copy; p && rc == HC_OK; p = save) {
        char *nl = strchr(p, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl) *nl = '\0';
        line_no++;
        char *line = trim(p);
        if (!*line || *line == ';' || *line == '#') continue;
        for (char *c = line; *c; c++)
            if ((unsigned char)*c < 0x20 && *c != '\t') {
                rc = hc_fail(err, HC_ECONFIG, "%s:%d: the line contains a control character "
                             "(is this a text file?)", path, line_no);
                break;
            }
        if (rc != HC_OK) break;
        if (*line == '[') {
            char *close = strchr(line, ']');
            if (!close || *trim(close + 1) || close == line + 1 || (size_t)(close - line) >= sizeof section) {
                rc = hc_fail(err, HC_ECONFIG, "%s:%d: malformed section header '%.80s'", path,
                             line_no, line);
                break;
            }
            *close = '\0';
            snprintf(section, sizeof section, "%s", trim(line + 1));
            lower(section);
            continue;
        }
        char *eq = strpbrk(line, "=:");
        if (!eq) {
            rc = hc_fail(err, HC_ECONFIG, "%s:%d: expected 'key = value' or '[section]', got '%.80s'",
                         path, line_no, line);
            break;
        }
        if (!section[0]) {
            rc = hc_fail(err, HC_ECONFIG, "%s:%d: 'key = value' before any [section]", path, line_no);
            break;
        }
        *eq = '\0';
        char *key = trim(line), *value = eq + 1;
        cut_comment(value);
        value = trim(value);
        if (!*key) {
            rc = hc_fail(err, HC_ECONFIG, "%s:%d: a key is missing before '='", path, line_no);
            break;
        }
        if (strcmp(section, "headers") != 0) lower(key);
        rc = fn(ud, section, key, value, path, line_no, err);
    }
    free(copy);
    return rc;
}

hc_code hc_ini_parse_file(const char *path, hc_ini_fn fn, void *ud, hc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return hc_fail(err, HC_ECONFIG, "%s: cannot be opened", path);
    hc_buf b;
    hc_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        hc_buf_add(&b, chunk, n);
        if (b.len > HC_CONFIG_MAX_BYTES) break;
    }
    fclose(f);
    hc_code rc;
    if (b.oom) rc = hc_fail(err, HC_ENOMEM, "out of memory");
    else if (b.len > HC_CONFIG_MAX_BYTES) rc = hc_fail(err, HC_ECONFIG, "%s: larger than 1 MiB; not a config file", path);
    else if (b.data && memchr(b.data, '\0', b.len)) rc = hc_fail(err, HC_ECONFIG, "%s:1: the file contains NUL bytes (is this a text file?)", path);
    else rc = hc_ini_parse_text(b.data ? b.data : "", path, fn, ud, err);
    hc_buf_free(&b);
    return rc;
}
