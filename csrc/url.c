/* url.c: URL resolution against the base URL and the document URL (SPEC §3 v2), hrefs as
 * URI references (SPEC §4 v2), the http/https allow-list and the origin comparison that
 * scopes default credentials (SPEC §12). Only the parts of RFC 3986 these rules need are
 * parsed. */
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

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The parts of a URL (RFC 3986 appendix B), as offsets into it: the prefix before the
 * path (scheme ":" and "//" authority, each when present), the path, and what follows the
 * path (the query and fragment, from the first '?' or '#'). */
typedef struct parts {
    size_t path;  /* where the path starts (= length of scheme and authority) */
    size_t rest;  /* where the path ends: at '?', '#' or the end */
    size_t query; /* where the fragment starts, or the end (the query is [rest, query)) */
    int has_authority;
} parts;

static void split(const char *s, parts *p)
{
    size_t i = scheme_len(s);
    if (i) i++;
    p->has_authority = s[i] == '/' && s[i + 1] == '/';
    if (p->has_authority) i += 2 + strcspn(s + i + 2, "/?#");
    p->path = i;
    p->rest = i + strcspn(s + i, "?#");
    p->query = p->rest + (s[p->rest] == '?' ? strcspn(s + p->rest, "#") : 0);
}

/* Removes the last segment and its '/' from the path written since `start`. */
static void pop_segment(hc_buf *o, size_t start)
{
    while (o->len > start && o->data[o->len - 1] != '/') o->len--;
    if (o->len > start) o->len--;
    if (o->data) o->data[o->len] = '\0';
}

static int at(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(p, lit, k) == 0;
}

/* RFC 3986 §5.2.4 remove_dot_segments, appending the result to o. Linear: every byte is
 * written once and taken back at most once. Only literal '.' segments count (not %2E). */
static void add_path_without_dots(hc_buf *o, const char *p, size_t n)
{
    size_t start = o->len, i = 0;
    while (i < n) {
        const char *s = p + i;
        size_t left = n - i;
        if (at(s, left, "../")) {
            i += 3;
        } else if (at(s, left, "./") || at(s, left, "/./")) {
            i += 2;
        } else if (left == 2 && at(s, left, "/.")) {
            hc_buf_addc(o, '/');
            i = n;
        } else if (at(s, left, "/../")) {
            pop_segment(o, start);
            i += 3;
        } else if (left == 3 && at(s, left, "/..")) {
            pop_segment(o, start);
            hc_buf_addc(o, '/');
            i = n;
        } else if ((left == 1 && s[0] == '.') || (left == 2 && at(s, left, ".."))) {
            i = n;
        } else {
            size_t j = i + (p[i] == '/');
            while (j < n && p[j] != '/') j++;
            hc_buf_add(o, p + i, j - i);
            i = j;
        }
    }
}

/* url with dot segments removed from its path. */
static void add_normalized(hc_buf *o, const char *url)
{
    parts u;
    split(url, &u);
    hc_buf_add(o, url, u.path);
    add_path_without_dots(o, url + u.path, u.rest - u.path);
    hc_buf_adds(o, url + u.rest);
}

/* RFC 3986 §5.2.2 for a reference without scheme and authority (`?q`, `#f`, `./x`, `../x`,
 * `.`, `..`) against base B, which is `b` with, when dir_slash, a '/' added to its path
 * when the path does not end with one. The result's dots are removed later. */
static void rfc_resolve(hc_buf *o, const char *b, int dir_slash, const char *href)
{
    parts B;
    split(b, &B);
    size_t path_end = B.rest;
    int add_slash = dir_slash && (B.rest == B.path || b[B.rest - 1] != '/');
    if (href[0] == '?' || href[0] == '#') {
        hc_buf_add(o, b, path_end);
        if (add_slash) hc_buf_addc(o, '/');
        if (href[0] == '#') hc_buf_add(o, b + B.rest, B.query - B.rest); /* base query kept */
        hc_buf_adds(o, href);
        return;
    }
    /* merge (§5.2.3): the base path up to its last '/', or "/" for an authority and no path */
    if (add_slash) {
        hc_buf_add(o, b, path_end);
        hc_buf_addc(o, '/');
    } else if (B.has_authority && B.rest == B.path) {
        hc_buf_add(o, b, B.path);
        hc_buf_addc(o, '/');
    } else {
        size_t k = path_end;
        while (k > B.path && b[k - 1] != '/') k--;
        hc_buf_add(o, b, k);
    }
    hc_buf_adds(o, href);
}

/* The v1 rule: the base without its trailing '/'s, one '/', the href without a leading
 * '/'. The base is taken as text, so a query in it stays where it is. */
static void v1_join(hc_buf *o, const char *base, const char *href)
{
    size_t bn = strlen(base);
    while (bn && base[bn - 1] == '/') bn--;
    hc_buf_add(o, base, bn);
    hc_buf_addc(o, '/');
    hc_buf_adds(o, href[0] == '/' ? href + 1 : href);
}

/* A root-relative href under the base URL's path (SPEC §3): its path equals the base path
 * or starts with it and a '/'; the base path's trailing '/'s are ignored, and an empty base
 * path takes every href. */
static int under_base_path(const char *base, const parts *B, const char *href)
{
    size_t bn = B->rest - B->path, hn = strcspn(href, "?#");
    const char *bp = base + B->path;
    while (bn && bp[bn - 1] == '/') bn--;
    if (bn == 0) return 1;
    return hn >= bn && memcmp(href, bp, bn) == 0 && (hn == bn || href[bn] == '/');
}

/* `.` or `..` as the first segment: `./x`, `../x`, `.`, `..`, `.?q`. */
static int is_dot_relative(const char *href)
{
    size_t n = strcspn(href, "/?#");
    return (n == 1 && href[0] == '.') || (n == 2 && href[0] == '.' && href[1] == '.');
}

hc_code hc_url_resolve(const char *base, const char *document, const char *href, char **out,
                       hc_error *err)
{
    *out = NULL;
    if (!href) return hc_fail(err, HC_EINVAL, "no URL given");
    if (document && !*document) document = NULL;
    hc_buf r, o;
    hc_buf_init(&r);
    hc_buf_init(&o);
    int needs_base = !scheme_len(href) && !(href[0] == '/' && href[1] == '/') &&
                     !(document && (href[0] == '?' || href[0] == '#' || is_dot_relative(href)));
    if (needs_base && (!base || !*base))
        return hc_fail(err, HC_EINVAL, "the base URL must not be empty");
    if (scheme_len(href)) {
        hc_buf_adds(&r, href);
    } else if (href[0] == '/' && href[1] == '/') {
        /* scheme-relative: //host/path takes the base URL's scheme */
        size_t n = base ? scheme_len(base) : 0;
        if (!n) return hc_fail(err, HC_EINVAL, "the base URL has no scheme to give a "
                               "scheme-relative URL");
        hc_buf_add(&r, base, n + 1);
        hc_buf_adds(&r, href);
    } else if (href[0] == '/') {
        parts B;
        split(base, &B);
        if (under_base_path(base, &B, href)) {
            hc_buf_add(&r, base, B.path); /* the base URL's origin */
            hc_buf_adds(&r, href);
        } else {
            v1_join(&r, base, href);
        }
    } else if (href[0] == '?' || href[0] == '#' || is_dot_relative(href)) {
        if (document) rfc_resolve(&r, document, 0, href);
        else rfc_resolve(&r, base, 1, href);
    } else {
        v1_join(&r, base, href);
    }
    if (!r.oom) add_normalized(&o, r.data ? r.data : "");
    if (r.oom) o.oom = 1;
    hc_buf_free(&r);
    if (o.oom) hc_buf_free(&o);
    *out = o.oom ? NULL : hc_buf_take(&o);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

hc_code hc_url_join(const char *base, const char *href, char **out, hc_error *err)
{
    return hc_url_resolve(base, NULL, href, out, err);
}

/* SPEC §4 (v2): an href that is not a template is a URI reference; only what a URI cannot
 * hold is percent-encoded, so the href keeps its meaning. */
hc_code hc_url_encode_reference(const char *href, char **out, hc_error *err)
{
    static const char hex[] = "0123456789ABCDEF";
    *out = NULL;
    if (!href) return hc_fail(err, HC_EINVAL, "no URL given");
    hc_buf b;
    hc_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        unsigned char c = *p;
        if (c < 0x20 || c == 0x7f) {
            char q[240];
            hc_buf_free(&b);
            hc_quote(q, sizeof q, href);
            return hc_fail(err, HC_ESCHEME, "refusing to follow the href '%s': it holds a "
                           "control character (\\x%02X), so it is not requested", q, c);
        }
        if (c == '%' && is_hex(p[1]) && is_hex(p[2])) {
            hc_buf_add(&b, (const char *)p, 3);
            p += 2;
        } else if (c >= 0x80 || c == '%' || strchr(" \"<>\\^`{|}", c)) {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            hc_buf_add(&b, e, 3);
        } else {
            hc_buf_addc(&b, (char)c);
        }
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

/* The query goes before any #fragment, after '?' (none yet) or '&' (one there already,
 * unless the URL already ends with '?' or '&'). */
hc_code hc_url_add_query(const char *url, const char *query, char **out, hc_error *err)
{
    *out = NULL;
    if (!url) return hc_fail(err, HC_EINVAL, "no URL given");
    size_t before = strcspn(url, "#");
    /* SPEC §12: the query is at most HC_MAX_URL bytes, and so is the URL it ends up in */
    if (query && *query && strlen(url) + 1 + strlen(query) > HC_MAX_URL)
        return hc_fail(err, HC_EPARAMS, "the URL with its query parameters would be longer "
                       "than the limit of %zu bytes", HC_MAX_URL);
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_add(&b, url, before);
    if (query && *query) {
        if (!memchr(url, '?', before)) hc_buf_addc(&b, '?');
        else if (url[before - 1] != '?' && url[before - 1] != '&') hc_buf_addc(&b, '&');
        hc_buf_adds(&b, query);
    }
    hc_buf_adds(&b, url + before);
    *out = hc_buf_take(&b);
    return *out ? HC_OK : hc_fail(err, HC_ENOMEM, "out of memory");
}

/* SPEC §13 redaction: the password of the authority's userinfo (between "//" and the
 * last '@' before the path) becomes "***". */
char *hc_url_redacted(const char *url)
{
    const char *start = strstr(url, "://");
    if (!start) return hc_strdup(url);
    start += 3;
    size_t auth_len = strcspn(start, "/?#");
    const char *at = NULL;
    for (const char *p = start; p < start + auth_len; p++)
        if (*p == '@') at = p;
    const char *colon = at ? memchr(start, ':', (size_t)(at - start)) : NULL;
    if (!colon) return hc_strdup(url);
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_add(&b, url, (size_t)(colon + 1 - url));
    hc_buf_adds(&b, "***");
    hc_buf_adds(&b, at);
    return hc_buf_take(&b);
}
