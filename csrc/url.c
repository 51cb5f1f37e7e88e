/* url.c: URL resolution against the base URL (SPEC §3), the http/https allow-list and the
 * origin comparison that scopes default credentials (SPEC §12). Only the parts of RFC 3986
 * these rules need are parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"


/* Length of the scheme when s starts with `scheme:` (a letter, then letters, digits, '+',
 * '-' or '.'), else 0. Any scheme counts, so that file:, gopher: or javascript: hrefs are
 * taken as absolute and then refused, never glued to the base URL. */
static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return 0;
    for (; s[i] && s[i] != ':'; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return 0;
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
        /* scheme-relative: //host/path takes the base URL's scheme */
        size_t n = base ? scheme_len(base) : 0;
        if (!n) return hc_fail(err, HC_EINVAL, "the base URL has no scheme to give a "
                               "scheme-relative URL");
        hc_buf_add(&b, base, n + 1);
        hc_buf_adds(&b, href);
    } else {
        if (!base || !*base) return hc_fail(err, HC_EINVAL, "the base URL must not be empty");
        size_t bn = strlen(base);
        while (bn && base[bn - 1] == '/') bn--;
        hc_buf_add(&b, base, bn);
        hc_buf_addc(&b, '/');
        hc_buf_adds(&b, href[0] == '/' ? href + 1 : href); /* exactly one '/' between */
    }
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

/* The authority parts of scheme://[userinfo@]host[:port]. */
typedef struct authority {
    size_t scheme_len;
    const char *host;  /* an IPv6 host keeps its brackets */
    size_t host_len;
    long port;         /* -1 when none is given */
    int odd;           /* holds a character no plain authority has (see same_origin) */
} authority;

static int is_authority_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80 || strchr("-._~!$&'()*+,;=:@[]%", c);
}

/* 0 when url has no scheme://. A bad port (not digits, above 65535) sets odd. */
static int parse_authority(const char *url, authority *a)
{
    memset(a, 0, sizeof *a);
    a->scheme_len = scheme_len(url);
    if (!a->scheme_len || strncmp(url + a->scheme_len, "://", 3) != 0) return 0;
    const char *s = url + a->scheme_len + 3;
    size_t n = strcspn(s, "/?#"), ats = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_authority_char((unsigned char)s[i])) a->odd = 1;
        if (s[i] == '@') {
            ats++;
            a->host = s + i + 1; /* userinfo is not part of the origin */
        }
    }
    if (ats > 1) a->odd = 1;
    if (!a->host) a->host = s;
    const char *end = s + n, *colon;
    if (a->host < end && a->host[0] == '[') {
        const char *close = memchr(a->host, ']', (size_t)(end - a->host));
        if (!close) { a->odd = 1; close = end - 1; }
        colon = close + 1 < end ? close + 1 : NULL;
        if (colon && *colon != ':') a->odd = 1;
    } else {
        colon = memchr(a->host, ':', (size_t)(end - a->host));
    }
    a->host_len = (size_t)((colon ? colon : end) - a->host);
    a->port = -1;
    if (colon && colon + 1 < end) {
        long port = 0;
        for (const char *p = colon + 1; p < end; p++) {
            if (*p < '0' || *p > '9' || port > 65535) { a->odd = 1; break; }
            port = port * 10 + (*p - '0');
        }
        if (port > 65535) a->odd = 1;
        a->port = port;
    }
    return 1;
}

static int is_web_scheme(const char *url, size_t n)
{
    return (n == 4 && strncasecmp(url, "http", 4) == 0) ||
           (n == 5 && strncasecmp(url, "https", 5) == 0);
}

hc_code hc_url_check_scheme(const char *url, hc_error *err)
{
    if (!url) return hc_fail(err, HC_EINVAL, "no URL given");
    char q[240];
    hc_quote(q, sizeof q, url);
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return hc_fail(err, HC_ESCHEME, "refusing to request '%s': a URL cannot hold a "
                           "space or a control character", q);
    authority a;
    int has_authority = parse_authority(url, &a);
    size_t n = scheme_len(url);
    if (!n)
        return hc_fail(err, HC_ESCHEME, "refusing to request '%s': it has no scheme (only "
                       "http and https URLs are requested)", q);
    if (!is_web_scheme(url, n))
        return hc_fail(err, HC_ESCHEME, "refusing to request '%s': its scheme '%.*s%s' is not "
                       "http or https", q, n > 32 ? 32 : (int)n, url, n > 32 ? "..." : "");
    if (!has_authority || a.host_len == 0)
        return hc_fail(err, HC_ESCHEME, "refusing to request '%s': an %.*s URL needs "
                       "'%.*s://' and a host", q, (int)n, url, (int)n, url);
    return HC_OK;
}

/* For an http or https URL. */
static long port_or_default(const authority *a)
{
    return a->port >= 0 ? a->port : a->scheme_len == 5 ? 443 : 80;
}

/* Used to decide whether default credentials may go to a URL, so every doubt answers 0:
 * an authority with a character a plain host:port never has (a backslash, a space, two
 * '@'), which URL parsers disagree about, is never the same origin. */
int hc_url_same_origin(const char *a, const char *b)
{
    authority x, y;
    if (!a || !b || !parse_authority(a, &x) || !parse_authority(b, &y)) return 0;
    if (x.odd || y.odd || !x.host_len) return 0;
    if (!is_web_scheme(a, x.scheme_len) || !is_web_scheme(b, y.scheme_len)) return 0;
    return x.scheme_len == y.scheme_len && strncasecmp(a, b, x.scheme_len) == 0 &&
           port_or_default(&x) == port_or_default(&y) && x.host_len == y.host_len &&
           strncasecmp(x.host, y.host, x.host_len) == 0;
}
