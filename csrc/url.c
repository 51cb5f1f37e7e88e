/* url.c: URL resolution against the base URL (SPEC §3), the http/https allow-list and
 * origin comparison (SPEC §12). Only the parts of RFC 3986 these rules need are parsed. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Length of "scheme" when s starts with "scheme:", else 0. */
static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return 0;
    while (s[i] && s[i] != ':') {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '-' || c == '.';
        if (!ok) return 0;
        i++;
    }
    return s[i] == ':' ? i : 0;
}

hc_code hc_url_join(const char *base, const char *href, char **out, hc_error *err)
{
    *out = NULL;
    if (!href) return hc_fail(err, HC_EINVAL, "no URL given");
    hc_buf b;
    hc_buf_init(&b);
    if (scheme_len(href)) {
        hc_buf_adds(&b, href);
    } else if (href[0] == '/' && href[1] == '/') {
        size_t n = base ? scheme_len(base) : 0;
        hc_buf_add(&b, n ? base : "http", n ? n : 4);
        hc_buf_addc(&b, ':');
        hc_buf_adds(&b, href);
    } else {
        if (!base || !*base) return hc_fail(err, HC_EINVAL, "the base URL must not be empty");
        size_t bn = strlen(base);
        while (bn && base[bn - 1] == '/') bn--;
        hc_buf_add(&b, base, bn);
        hc_buf_addc(&b, '/');
        const char *rel = href;
        while (*rel == '/') rel++;
        hc_buf_adds(&b, rel);
    }
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

hc_code hc_url_check_scheme(const char *url, hc_error *err)
{
    if (!url) return hc_fail(err, HC_EINVAL, "no URL given");
    size_t n = scheme_len(url);
    if (!n || !((n == 4 && strncasecmp(url, "http", 4) == 0) ||
                (n == 5 && strncasecmp(url, "https", 5) == 0)))
        return hc_fail(err, HC_ESCHEME,
                       "refusing to request '%.200s': only http and https URLs are allowed",
                       url);
    if (strncmp(url + n, "://", 3) != 0 || !url[n + 3] || url[n + 3] == '/')
        return hc_fail(err, HC_ESCHEME, "'%.200s' is not a valid http(s) URL (no host)", url);
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return hc_fail(err, HC_ESCHEME,
                           "'%.200s' contains a space or control character", url);
    return HC_OK;
}

typedef struct origin {
    char scheme[8];
    const char *host;
    size_t host_len;
    long port;
} origin;

static int parse_origin(const char *url, origin *o)
{
    size_t n = scheme_len(url);
    if (!n || n >= sizeof o->scheme || strncmp(url + n, "://", 3) != 0) return 0;
    for (size_t i = 0; i < n; i++) o->scheme[i] = (char)(url[i] | 0x20);
    o->scheme[n] = '\0';
    const char *auth = url + n + 3;
    size_t alen = strcspn(auth, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < alen; i++)
        if (auth[i] == '@') at = auth + i;
    if (at) { alen -= (size_t)(at + 1 - auth); auth = at + 1; }
    const char *colon = NULL;
    if (auth[0] == '[') {
        const char *close = memchr(auth, ']', alen);
        if (!close) return 0;
        if (close + 1 < auth + alen && close[1] == ':') colon = close + 1;
    } else {
        colon = memchr(auth, ':', alen);
    }
    o->host = auth;
    o->host_len = colon ? (size_t)(colon - auth) : alen;
    o->port = strcmp(o->scheme, "https") == 0 ? 443 : strcmp(o->scheme, "http") == 0 ? 80 : -1;
    if (colon && colon + 1 < auth + alen) o->port = strtol(colon + 1, NULL, 10);
    return 1;
}

int hc_url_same_origin(const char *a, const char *b)
{
    origin x, y;
    if (!a || !b || !parse_origin(a, &x) || !parse_origin(b, &y)) return 0;
    return strcmp(x.scheme, y.scheme) == 0 && x.port == y.port && x.host_len == y.host_len &&
           strncasecmp(x.host, y.host, x.host_len) == 0;
}
