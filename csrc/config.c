/* config.c: the .halchemy configuration file (SPEC §2): where it is (HALCHEMY_CONFIG, the
 * project root found by walking up, the home directory) and how its INI text is read.
 * What each key means is decided in api.c; this file only finds and tokenizes. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* A configuration file is a few lines; anything bigger is a wrong path, not a config. A line
 * holds at most a header value, and real servers refuse headers far below this. */
#define MAX_FILE (1024 * 1024)
#define MAX_LINE (64 * 1024)

int hc_parse_bool(const char *s)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; s && i < sizeof yes / sizeof *yes; i++) {
        if (hc_strcaseeq(s, yes[i])) return 1;
        if (hc_strcaseeq(s, no[i])) return 0;
    }
    return -1;
}

/* ---- where the file is -------------------------------------------------------------- */

static const char *const root_markers[] = {".halchemy", ".git", "pyproject.toml", "setup.py",
                                           "package.json", "node_modules", "requirements.txt"};

/* dir + "/" + name into out; 0 when it does not fit (then nothing there can be used). */
static int join(char *out, size_t cap, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    const char *sep = n && dir[n - 1] == '/' ? "" : "/";
    return (size_t)snprintf(out, cap, "%s%s%s", dir, sep, name) < cap;
}

static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/.halchemy as a new string when it is a regular file, else NULL. */
static char *config_in(const char *dir)
{
    char path[PATH_MAX + 16];
    return join(path, sizeof path, dir, ".halchemy") && is_regular_file(path) ? hc_strdup(path)
                                                                              : NULL;
}

static int is_project_root(const char *dir)
{
    char path[PATH_MAX + 32];
    struct stat st;
    for (size_t i = 0; i < sizeof root_markers / sizeof *root_markers; i++)
        if (join(path, sizeof path, dir, root_markers[i]) && lstat(path, &st) == 0) return 1;
    return 0;
}

/* The .halchemy of the project root above cwd, or NULL. The walk starts from the physical
 * path (as getcwd gives it), so ".." and symlinks in cwd cannot make it skip a directory. */
static char *project_config(const char *cwd)
{
    char *dir = realpath(cwd ? cwd : ".", NULL);
    char *found = NULL;
    while (dir && dir[0] == '/') {
        if (is_project_root(dir)) {
            found = config_in(dir); /* the root without a .halchemy file: the home one applies */
            break;
        }
        char *slash = strrchr(dir, '/');
        if (slash == dir && !dir[1]) break; /* "/" was the last place to look */
        slash[slash == dir] = '\0';          /* "/a" -> "/", "/a/b" -> "/a" */
    }
    free(dir);
    return found;
}

hc_code hc_config_find(const char *cwd, const char *home, char **path, hc_error *err)
{
    if (!path) return hc_fail(err, HC_EINVAL, "no place for the configuration path");
    *path = NULL;
    const char *env = getenv("HALCHEMY_CONFIG");
    if (env && *env) {
        /* Named on purpose, so a missing file is a mistake worth reporting. */
        if (!is_regular_file(env))
            return hc_fail(err, HC_ECONFIG, "HALCHEMY_CONFIG names '%s', which is not an "
                           "existing file", env);
        *path = hc_strdup(env);
        return *path ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
    }
    *path = project_config(cwd);
    if (!*path) {
        if (!home) home = getenv("HOME");
        if (home && *home) *path = config_in(home);
    }
    return HC_OK;
}

/* ---- reading it --------------------------------------------------------------------- */

typedef struct reader {
    const char *path;
    hc_ini_fn fn;
    void *ud;
    hc_error *err;
    int line;
    const char *section; /* points into the text being read; NULL before the first */
} reader;

/* A binary file must be an error, not keys made of garbage: a line is UTF-8 text with no
 * control characters but tabs (and the CR of a CRLF ending). */
static hc_code check_text(const reader *r, const char *line, size_t n)
{
    const unsigned char *s = (const unsigned char *)line;
    if (n > MAX_LINE)
        return hc_fail(r->err, HC_ECONFIG, "%s:%d: the line is longer than %d bytes", r->path,
                       r->line, MAX_LINE);
    for (size_t i = 0; i < n;) {
        if ((s[i] < 0x20 && s[i] != '\t' && !(s[i] == '\r' && i == n - 1)) || s[i] == 0x7f)
            return hc_fail(r->err, HC_ECONFIG, "%s:%d: the line contains the control character "
                           "0x%02X (is this a text file?)", r->path, r->line, s[i]);
        size_t len = hc_utf8_seq(s + i, n - i);
        if (!len)
            return hc_fail(r->err, HC_ECONFIG, "%s:%d: the line is not UTF-8 text (is this a "
                           "text file?)", r->path, r->line);
        i += len;
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

static int is_comment_start(const char *s) { return *s == ';' || *s == '#'; }

/* Cuts an inline comment: ';' or '#' after whitespace. A ';' inside a value stays, as in
 * "application/json;q=0.9"; "text/html; charset=utf-8" cannot be written (no quoting). */
static void cut_comment(char *v)
{
    for (char *p = v; *p; p++)
        if (is_comment_start(p) && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return;
        }
}

static hc_code syntax_error(const reader *r, const char *what)
{
    return hc_fail(r->err, HC_ECONFIG, "%s:%d: %s", r->path, r->line, what);
}

static hc_code read_section(reader *r, char *line)
{
    char *close = strchr(line, ']');
    if (!close) return syntax_error(r, "the section header has no closing ']'");
    char *rest = trim(close + 1);
    if (*rest && !is_comment_start(rest))
        return syntax_error(r, "there is text after the section header");
    *close = '\0';
    char *name = trim(line + 1);
    if (!*name) return syntax_error(r, "the section name is empty");
    lower(name);
    r->section = name;
    return HC_OK;
}

static hc_code read_line(reader *r, char *line)
{
    line = trim(line);
    if (!*line || is_comment_start(line)) return HC_OK;
    if (*line == '[') return read_section(r, line);
    char *eq = strpbrk(line, "=:");
    if (!eq) return syntax_error(r, "expected 'key = value' or '[section]'");
    if (!r->section) return syntax_error(r, "'key = value' comes before any [section]");
    *eq = '\0';
    char *key = trim(line), *value = eq + 1;
    if (!*key) return syntax_error(r, "the key before '=' is missing");
    cut_comment(value);
    value = trim(value);
    /* Header names are shown to users as written; everything else is snake_case. */
    if (strcmp(r->section, "headers") != 0) lower(key);
    return r->fn(r->ud, r->section, key, value, r->path, r->line, r->err);
}

/* Reads text[0..len), which this function may modify; text[len] must be a writable NUL. */
static hc_code read_text(char *text, size_t len, const char *path, hc_ini_fn fn, void *ud,
                         hc_error *err)
{
    reader r = {path ? path : "(text)", fn, ud, err, 0, NULL};
    char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* a BOM, as Windows editors write */
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        r.line++;
        hc_code rc = check_text(&r, p, n);
        if (rc != HC_OK) return rc;
        p[n] = '\0';
        if ((rc = read_line(&r, p)) != HC_OK) return rc;
        if (!nl) break;
        p = nl + 1;
    }
    return HC_OK;
}

hc_code hc_ini_parse_text(const char *text, const char *path, hc_ini_fn fn, void *ud,
                          hc_error *err)
{
    if (!text || !fn) return hc_fail(err, HC_EINVAL, "no INI text or callback given");
    char *copy = hc_strdup(text);
    if (!copy) return hc_fail(err, HC_ENOMEM, "out of memory");
    hc_code rc = read_text(copy, strlen(copy), path, fn, ud, err);
    free(copy);
    return rc;
}

static const char *open_problem(int e)
{
    return e == ENOENT ? "does not exist" : e == EACCES ? "cannot be read (permission denied)"
                                                        : "cannot be opened";
}

hc_code hc_ini_parse_file(const char *path, hc_ini_fn fn, void *ud, hc_error *err)
{
    if (!path || !fn) return hc_fail(err, HC_EINVAL, "no INI path or callback given");
    /* O_NONBLOCK: a FIFO named by mistake must not hang the open; it is refused below. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return hc_fail(err, HC_ECONFIG, "%s: %s", path, open_problem(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return hc_fail(err, HC_ECONFIG, "%s: is not a regular file", path);
    }
    hc_buf b;
    hc_buf_init(&b);
    char chunk[16384];
    hc_code rc = HC_OK;
    while (b.len <= MAX_FILE) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) rc = hc_fail(err, HC_ECONFIG, "%s: cannot be read", path);
        if (n <= 0) break;
        hc_buf_add(&b, chunk, (size_t)n);
    }
    close(fd);
    if (rc != HC_OK) {
        /* reported */
    } else if (b.oom) {
        rc = hc_fail(err, HC_ENOMEM, "out of memory reading %s", path);
    } else if (b.len > MAX_FILE) {
        rc = hc_fail(err, HC_ECONFIG, "%s: larger than %d bytes, so not a configuration file",
                     path, MAX_FILE);
    } else if (b.data) {
        rc = read_text(b.data, b.len, path, fn, ud, err);
    }
    hc_buf_free(&b);
    return rc;
}
