/* fuzz_url: hc_url_resolve, hc_url_join, hc_url_encode_reference, hc_url_check_scheme,
 * hc_url_same_origin (SPEC §3, §4, §12).
 * Input: base NUL document NUL href (a missing document is NULL).
 * Checks: resolving is idempotent (a resolved absolute URL resolves to itself, against the
 * same base and document) and join equals resolve without a document; a resolved URL that
 * passes the scheme check starts with http:// or https:// and holds no space or control
 * byte; a URL that passes the scheme check has the same origin as itself; same_origin is
 * symmetric, only ever says yes for http(s) URLs with a host, and is modelled for plain
 * hosts and ports; encode_reference
 * is modelled exactly (SPEC §4 v2) and its output holds only URI characters. */
#include <strings.h>

#include "fuzz_common.h"

static const hc_code resolve_codes[] = {HC_EINVAL, HC_ESCHEME, HC_EJSON, HC_OK};

static char *resolve(const char *base, const char *doc, const char *href, hc_code *rc)
{
    hc_error err = {0};
    char *out = (char *)"sentinel";
    *rc = hc_url_resolve(base, doc, href, &out, &err);
    if (*rc != HC_OK) {
        FUZZ_CHECK(out == NULL, "a failed resolve left *out set");
        fz_check_error("hc_url_resolve", *rc, &err, resolve_codes);
        return NULL;
    }
    FUZZ_CHECK(out != NULL, "HC_OK without a URL");
    return out;
}

static int scheme_ok(const char *url)
{
    hc_error err = {0};
    hc_code rc = hc_url_check_scheme(url, &err);
    if (rc == HC_OK) {
        FUZZ_CHECK(strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0,
                   "'%.200s' passed the scheme check", url);
        for (const unsigned char *p = (const unsigned char *)url; *p; p++)
            FUZZ_CHECK(*p > 0x20 && *p != 0x7f, "'%.200s' with byte 0x%02x passed", url, *p);
        return 1;
    }
    fz_check_error("hc_url_check_scheme", rc, &err, FZ_CODES(HC_ESCHEME));
    return 0;
}

static char *model_reference(const char *href)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(href);
    char *out = malloc(3 * n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)href[i];
        if (c < 0x20 || c == 0x7f) { free(out); return NULL; }
        if (c == '%' && fz_is_hex(href[i + 1]) && fz_is_hex(href[i + 2])) *o++ = '%';
        else if (c >= 0x80 || c == '%' || (c && strchr(" \"<>\\^`{|}", c))) {
            *o++ = '%'; *o++ = hex[c >> 4]; *o++ = hex[c & 15];
        } else *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

static void fuzz_reference(const char *href)
{
    hc_error err = {0};
    char *out = (char *)"sentinel";
    hc_code rc = hc_url_encode_reference(href, &out, &err);
    char *want = model_reference(href);
    if (!want) {
        FUZZ_CHECK(rc == HC_ESCHEME && out == NULL, "a control byte in an href was accepted");
        fz_check_error("hc_url_encode_reference", rc, &err, FZ_CODES(HC_ESCHEME));
        return;
    }
    FUZZ_CHECK(rc == HC_OK && out && strcmp(out, want) == 0, "reference '%.200s': got '%.200s' want '%.200s'",
               href, rc == HC_OK ? out : err.message, want);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        FUZZ_CHECK(*p > 0x20 && *p < 0x7f && !strchr("\"<>\\^`{|}", *p), "byte 0x%02x kept", *p);
    FUZZ_CHECK(fz_pct_ok(out), "a lone '%%' in '%.200s'", out);
    /* Encoding a reference twice changes nothing more. */
    char *twice = NULL;
    FUZZ_CHECK(hc_url_encode_reference(out, &twice, &err) == HC_OK && strcmp(twice, out) == 0,
               "encode_reference is not idempotent on '%.200s'", out);
    hc_free(twice);
    free(want);
    hc_free(out);
}

/* A plain origin: http(s)://host[:port] with host of letters, digits, '.', '-' and a port
 * of 1-5 digits up to 65535 (default ports filled in). 0 when the URL is anything else. */
typedef struct origin { int https; char host[256]; long port; } origin;

static int plain_origin(const char *url, origin *o)
{
    const char *p;
    if (strncasecmp(url, "http://", 7) == 0) { o->https = 0; p = url + 7; }
    else if (strncasecmp(url, "https://", 8) == 0) { o->https = 1; p = url + 8; }
    else return 0;
    size_t n = strcspn(p, "/?#");
    size_t h = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
    if (h == 0 || h > 255 || h > n) return 0;
    for (size_t i = 0; i < h; i++) o->host[i] = (char)(p[i] | ((p[i] >= 'A' && p[i] <= 'Z') ? 0x20 : 0));
    o->host[h] = '\0';
    o->port = o->https ? 443 : 80;
    if (h == n) return 1;
    if (p[h] != ':') return 0;
    size_t d = strspn(p + h + 1, "0123456789");
    if (d == 0 || d > 5 || h + 1 + d != n) return 0;
    o->port = strtol(p + h + 1, NULL, 10);
    return o->port <= 65535;
}

static int http_prefix(const char *u)
{
    size_t n = strncasecmp(u, "http://", 7) == 0 ? 7 : strncasecmp(u, "https://", 8) == 0 ? 8 : 0;
    return n && u[n] && !strchr("/?#", u[n]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_fields in;
    fz_split(data, size, 3, &in);
    fz_inputs_utf8 = fz_utf8_valid((const char *)data, size);
    const char *base = in.f[0], *doc = in.f[1], *href = in.f[2] ? in.f[2] : "";
    if (doc && !*doc) doc = NULL;

    hc_code rc, rc2;
    char *url = resolve(base, doc, href, &rc);
    if (!doc) {
        hc_error err = {0};
        char *j = NULL;
        rc2 = hc_url_join(base, href, &j, &err);
        FUZZ_CHECK(rc2 == rc && (rc != HC_OK || strcmp(j, url) == 0),
                   "join and resolve without a document differ for '%.100s' + '%.100s'", base, href);
        hc_free(j);
    }
    if (url && scheme_ok(url)) {
        char *again = resolve(base, doc, url, &rc2);
        FUZZ_CHECK(again && strcmp(again, url) == 0,
                   "not idempotent: '%.100s' + '%.100s' -> '%.200s' -> '%.200s'", base, href, url,
                   again ? again : "(error)");
        hc_free(again);
        origin o;
        if (plain_origin(url, &o))
            FUZZ_CHECK(hc_url_same_origin(url, url) == 1, "'%.200s' is not its own origin", url);
    }
    const char *pair[3] = {base, doc ? doc : href, url ? url : href};
    for (int i = 0; i < 3; i++)
        for (int k = i; k < 3; k++) {
            int ab = hc_url_same_origin(pair[i], pair[k]), ba = hc_url_same_origin(pair[k], pair[i]);
            FUZZ_CHECK(ab == ba && (ab == 0 || ab == 1), "same_origin is not symmetric: '%.100s' '%.100s'",
                       pair[i], pair[k]);
            if (ab) FUZZ_CHECK(http_prefix(pair[i]) && http_prefix(pair[k]),
                               "same origin for a URL that is not http(s): '%.100s' '%.100s'",
                               pair[i], pair[k]);
            origin oa, ob;
            if (plain_origin(pair[i], &oa) && plain_origin(pair[k], &ob) && scheme_ok(pair[i]) &&
                scheme_ok(pair[k])) {
                int want = oa.https == ob.https && oa.port == ob.port && strcmp(oa.host, ob.host) == 0;
                FUZZ_CHECK(ab == want, "same_origin('%.100s', '%.100s') = %d, want %d", pair[i],
                           pair[k], ab, want);
            }
        }
    hc_free(url);
    fuzz_reference(href);
    fuzz_reference(base);
    fz_free(&in);
    return 0;
}
