/* fuzz_uritemplate: hc_uritemplate_expand (SPEC §4, RFC 6570).
 * Input: template NUL values-JSON.
 * Checks: an expansion is a URI (only unreserved/reserved characters and %XX triplets: no
 * CR, LF, space, control or non-ASCII byte); it is the same on a second call; a template
 * without expressions expands to its literals as the rule encodes them (modelled here);
 * "{v}" and "{+v}" of a string value give that value encoded as RFC 6570 says (modelled
 * here); an error is a template or JSON error with a proper message that names a short
 * template. */
#include <cjson/cJSON.h>

#include "fuzz_common.h"

static int unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}
static int reserved(unsigned char c) { return c && strchr(":/?#[]@!$&'()*+,;=", c) != NULL; }

static void add_pct(char **o, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    *(*o)++ = '%';
    *(*o)++ = hex[c >> 4];
    *(*o)++ = hex[c & 15];
}

/* RFC 6570 §3.1 literals, or a value under {+v} (allow_reserved) or {v}. Returns NULL when
 * a literal holds a control byte (the core refuses those). */
static char *model_encode(const char *s, int literal, int allow_reserved)
{
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (literal && (c < 0x20 || c == 0x7f)) { free(out); return NULL; }
        if (unreserved(c) || (allow_reserved && reserved(c))) *o++ = (char)c;
        else if (allow_reserved && c == '%' && fz_is_hex(s[i + 1]) && fz_is_hex(s[i + 2]))
            *o++ = '%';
        else add_pct(&o, c);
    }
    *o = '\0';
    return out;
}

static void check_uri(const char *tmpl, const char *out)
{
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        FUZZ_CHECK(unreserved(*p) || reserved(*p) || *p == '%',
                   "expansion of '%.200s' holds byte 0x%02x at %zu", tmpl, *p,
                   (size_t)(p - (const unsigned char *)out));
    FUZZ_CHECK(fz_pct_ok(out), "expansion of '%.200s' has a '%%' that is not %%XX: '%.300s'",
               tmpl, out);
}

static char *expand(const char *tmpl, const char *values, hc_code *rc, hc_error *err)
{
    char *out = (char *)"sentinel";
    *rc = hc_uritemplate_expand(tmpl, values, &out, err);
    if (*rc != HC_OK) {
        FUZZ_CHECK(out == NULL, "a failed expansion left *out set");
        fz_check_error("hc_uritemplate_expand", *rc, err, FZ_CODES(HC_ETEMPLATE, HC_EJSON));
        return NULL;
    }
    FUZZ_CHECK(out != NULL, "HC_OK without output");
    check_uri(tmpl, out);
    return out;
}

/* The first member of a values object that is a string with a plain name (and the first
 * member of that name). */
static const cJSON *plain_string_member(const cJSON *obj)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj) {
        if (!cJSON_IsString(m) || !m->string || !*m->string) continue;
        if (strspn(m->string, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
            strlen(m->string) || strlen(m->string) > 64)
            continue;
        /* With duplicate names the first one is the value (the core's rule too). */
        if (cJSON_GetObjectItemCaseSensitive(obj, m->string) != m) continue;
        return m;
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_fields in;
    fz_split(data, size, 2, &in);
    fz_inputs_utf8 = fz_utf8_valid((const char *)data, size);
    const char *tmpl = in.f[0], *values = in.f[1];
    hc_error err = {0};
    hc_code rc;
    char *out = expand(tmpl, values, &rc, &err);
    if (out) {
        FUZZ_CHECK(strlen(out) <= (8u << 20) + 3 * size + 64, "expansion beyond the 8 MiB cap");
        hc_error err2 = {0};
        hc_code rc2;
        char *again = expand(tmpl, values, &rc2, &err2);
        FUZZ_CHECK(again && strcmp(out, again) == 0, "a second expansion differs");
        hc_free(again);
    } else if (rc == HC_ETEMPLATE && strlen(tmpl) <= 60 && fz_str_utf8(tmpl)) {
        int printable = 1;
        for (const char *p = tmpl; *p; p++) printable &= ((unsigned char)*p >= 0x20 && *p != 0x7f);
        if (printable)
            FUZZ_CHECK(strstr(err.message, tmpl) != NULL, "the message does not name '%s': %s",
                       tmpl, err.message);
    }

    /* A template without expressions: its literals, encoded. */
    if (!strchr(tmpl, '{') && !strchr(tmpl, '}') && (rc == HC_OK || rc == HC_ETEMPLATE)) {
        char *want = model_encode(tmpl, 1, 1);
        if (want) FUZZ_CHECK(out && strcmp(out, want) == 0,
                             "literal template '%.200s': got '%.200s', want '%.200s'", tmpl,
                             out ? out : "(error)", want);
        else FUZZ_CHECK(rc == HC_ETEMPLATE, "a control byte in a literal was accepted");
        free(want);
    }
    hc_free(out);

    /* One string value alone, simple and reserved expansion. */
    cJSON *obj = values ? cJSON_Parse(values) : NULL;
    const cJSON *m = obj && cJSON_IsObject(obj) ? plain_string_member(obj) : NULL;
    if (m && rc == HC_OK) {
        for (int plus = 0; plus <= 1; plus++) {
            char t[80];
            snprintf(t, sizeof t, "{%s%s}", plus ? "+" : "", m->string);
            hc_error e = {0};
            hc_code r;
            char *got = expand(t, values, &r, &e);
            char *want = model_encode(m->valuestring, 0, plus);
            /* SPEC §12 v2: a NUL in a value is %00, but cJSON cuts the model's string at it:
             * when the text holds a \u0000, the part before the NUL agrees, then %00. */
            size_t wn = strlen(want);
            int agrees = got && (strcmp(got, want) == 0 ||
                                 (strstr(values, "\\u0000") && strncmp(got, want, wn) == 0 &&
                                  strncmp(got + wn, "%00", 3) == 0));
            FUZZ_CHECK(agrees, "'%s' of %.200s: got '%.200s', want '%.200s'",
                       t, values, got ? got : e.message, want);
            free(want);
            hc_free(got);
        }
    }
    cJSON_Delete(obj);
    fz_free(&in);
    return 0;
}
