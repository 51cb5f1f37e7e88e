/* fuzz_ini: the .halchemy reader (hc_ini_parse_text, hc_ini_parse_file) and applying a
 * file to an Api (hc_api_load_config), SPEC §2.
 * Input: the file's text (a NUL ends it, as it ends a C string).
 * Checks: every key reported has a lower-case section and key (outside [headers]), a non-empty trimmed key
 * without '=' or ':' and a trimmed value without line breaks, on a line that exists, in
 * file order; the file reader reports exactly what the text reader does; an error is a
 * config error naming "path:line" or "path"; an Api that loaded the file (or failed to)
 * still gives consistent settings: a list style the core knows, a status spec that parses,
 * headers that are a JSON object, and it builds a request URL. */
#include <cjson/cJSON.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "internal.h"

typedef struct seen {
    char *buf;
    size_t len, cap;
    int count, last_line, lines;
} seen;

static void add(seen *s, const char *t)
{
    size_t n = strlen(t) + 1;
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->buf = realloc(s->buf, s->cap);
    }
    memcpy(s->buf + s->len, t, n);
    s->len += n;
}

static int trimmed(const char *s)
{
    size_t n = strlen(s);
    return !n || (s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t');
}

static hc_code on_key(void *ud, const char *section, const char *key, const char *value,
                      const char *path, int line, hc_error *err)
{
    (void)err;
    seen *s = ud;
    FUZZ_CHECK(strcmp(path, "fuzz.ini") == 0 || strstr(path, "halchemy-fuzz") != NULL, "path '%s'", path);
    for (const char *p = section; *p; p++) FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'), "section '%s' not lower-case", section);
    if (strcmp(section, "headers") != 0) /* header names keep their spelling */
        for (const char *p = key; *p; p++) FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'), "key '%s' not lower-case", key);
    FUZZ_CHECK(*key && !strpbrk(key, "=:\r\n") && trimmed(key), "key '%s'", key);
    FUZZ_CHECK(!strpbrk(value, "\r\n") && trimmed(value), "value '%s'", value);
    FUZZ_CHECK(trimmed(section) && !strpbrk(section, "\r\n"), "section '%s'", section);
    FUZZ_CHECK(line >= 1 && line <= s->lines && line > s->last_line, "line %d after %d (of %d)", line,
               s->last_line, s->lines);
    s->last_line = line;
    char l[16];
    snprintf(l, sizeof l, "%d", line);
    add(s, section); add(s, key); add(s, value); add(s, l);
    s->count++;
    return HC_OK;
}

static char tmp_path[64];
static int tmp_fd = -1;

static void remove_tmp(void) { unlink(tmp_path); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_fields in;
    fz_split(data, size, 1, &in);
    const char *text = in.f[0];
    size_t n = strlen(text);
    fz_inputs_utf8 = fz_utf8_valid(text, n);
    int lines = 1;
    for (size_t i = 0; i < n; i++) lines += text[i] == '\n';

    seen a = {.lines = lines}, b = {.lines = lines};
    hc_error ea = {0}, eb = {0};
    hc_code ra = hc_ini_parse_text(text, "fuzz.ini", on_key, &a, &ea);
    if (ra != HC_OK) {
        fz_check_error("hc_ini_parse_text", ra, &ea, FZ_CODES(HC_ECONFIG));
        FUZZ_CHECK(strncmp(ea.message, "fuzz.ini:", 9) == 0, "the message does not name the file: %s", ea.message);
    }

    if (tmp_fd < 0) {
        snprintf(tmp_path, sizeof tmp_path, "/tmp/halchemy-fuzz-XXXXXX");
        tmp_fd = mkstemp(tmp_path);
        FUZZ_CHECK(tmp_fd >= 0, "mkstemp");
        atexit(remove_tmp);
    }
    FUZZ_CHECK(ftruncate(tmp_fd, 0) == 0 && pwrite(tmp_fd, text, n, 0) == (ssize_t)n, "writing %s", tmp_path);
    hc_code rb = hc_ini_parse_file(tmp_path, on_key, &b, &eb);
    FUZZ_CHECK(ra == rb && a.count == b.count && a.len == b.len && (!a.len || memcmp(a.buf, b.buf, a.len) == 0),
               "the file reader (%s, %d keys) and the text reader (%s, %d keys) differ", hc_code_name(rb),
               b.count, hc_code_name(ra), a.count);
    if (rb != HC_OK) {
        fz_check_error("hc_ini_parse_file", rb, &eb, FZ_CODES(HC_ECONFIG));
        FUZZ_CHECK(strncmp(eb.message, tmp_path, strlen(tmp_path)) == 0, "message: %s", eb.message);
        const char *after = eb.message + strlen(tmp_path);
        const char *ta = ea.message + strlen("fuzz.ini");
        FUZZ_CHECK(strcmp(after, ta) == 0 || strlen(eb.message) >= sizeof eb.message - 8,
                   "the two readers' messages differ: '%s' / '%s'", ea.message, eb.message);
    }
    free(a.buf);
    free(b.buf);

    hc_api *api = NULL;
    hc_error err = {0};
    FUZZ_CHECK(hc_api_new_default(&api, &err) == HC_OK, "hc_api_new_default");
    hc_code rc = hc_api_load_config(api, tmp_path, &err);
    if (rc != HC_OK) fz_check_error("hc_api_load_config", rc, &err, FZ_CODES(HC_ECONFIG));
    char *style = hc_api_list_style(api), *spec = hc_api_raise_status(api);
    char *hj = hc_api_headers_json(api), *base = hc_api_base_url(api), *etag = hc_api_etag_field(api);
    hc_list_style ls;
    FUZZ_CHECK(style && hc_list_style_parse(style, &ls, &err) == HC_OK, "list style '%s'", style);
    FUZZ_CHECK(spec && hc_status_matches(spec, 500, &(int){0}, &err) == HC_OK, "status spec '%s'", spec);
    cJSON *h = cJSON_Parse(hj);
    FUZZ_CHECK(cJSON_IsObject(h), "headers '%s'", hj);
    cJSON_Delete(h);
    FUZZ_CHECK(base && etag, "settings");
    FUZZ_CHECK(hc_api_timeout(api) >= 0 && hc_api_max_body(api) >= 0, "timeout/max_body");
    hc_request_opts o = {.method = "GET", .url = "http://example.org/x"};
    char *url = NULL;
    FUZZ_CHECK(hc_api_url(api, &o, &url, &err) == HC_OK, "the Api cannot build a URL: %s", err.message);
    hc_free(url);
    hc_free(style); hc_free(spec); hc_free(hj); hc_free(base); hc_free(etag);
    hc_api_delete(api);
    fz_free(&in);
    return 0;
}
