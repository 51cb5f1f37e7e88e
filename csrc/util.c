/* util.c: small shared pieces of the core: error records, growable strings, escaping,
 * and the code-name table both bindings use to pick their exception classes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* The package's one version lives in package.json; every build (setup.py, binding.gyp, the
 * Makefile) reads it there and passes it as HC_VERSION, so it cannot drift. */
#ifndef HC_VERSION
#error "HC_VERSION is not defined: the build must pass -DHC_VERSION=\"<package.json's version>\""
#endif

const char *hc_version(void) { return HC_VERSION; }

/* SPEC §10: each code's stable name and the class both bindings raise for it. `parent` is
 * the halchemy class it derives from (NULL: the language's own TypeError); `python_also`
 * a built-in Python exception it derives from too. */
static const struct kind {
    const char *name, *cls, *parent, *python_also;
} kinds[HC_CODE_COUNT] = {
    [HC_OK] = {"ok", NULL, NULL, NULL},
    [HC_ENOMEM] = {"nomem", "HalchemyError", NULL, NULL},
    [HC_EINVAL] = {"invalid", "InvalidValueError", "HalchemyError", "ValueError"},
    [HC_EJSON] = {"json", "InvalidValueError", "HalchemyError", "ValueError"},
    [HC_ETEMPLATE] = {"template", "TemplateError", "HalchemyError", "ValueError"},
    [HC_EPARAMS] = {"parameters", "ParameterError", "HalchemyError", "ValueError"},
    [HC_EHEADER] = {"header", "HeaderError", "HalchemyError", "ValueError"},
    [HC_ESCHEME] = {"scheme", "SchemeError", "HalchemyError", "ValueError"},
    [HC_ECONFIG] = {"config", "ConfigError", "HalchemyError", "ValueError"},
    [HC_ESTATUSSPEC] = {"status_spec", "StatusSpecError", "HalchemyError", "ValueError"},
    [HC_EHAL] = {"hal", "HalFormatError", "HalchemyError", "ValueError"},
    [HC_ENOREL] = {"no_rel", "RelNotFoundError", "HalchemyError", "KeyError"},
    [HC_EEXPECT] = {"expect", "MultiplicityError", "HalchemyError", "TypeError"},
    [HC_ENETWORK] = {"network", "NetworkError", "HalchemyError", "ConnectionError"},
    [HC_ETIMEOUT] = {"timeout", "TimeoutError", "NetworkError", "TimeoutError"},
    [HC_ETOOBIG] = {"too_big", "NetworkError", "HalchemyError", "ConnectionError"},
    [HC_EBUSY] = {"busy", "InvalidValueError", "HalchemyError", "ValueError"},
    [HC_EARG] = {"argument", "TypeError", NULL, NULL},
    [HC_ENOETAG] = {"missing_etag", "MissingETagError", "HalchemyError", NULL},
    [HC_EHTTP] = {"http", "HTTPError", "HalchemyError", NULL},
    [HC_ECLOSED] = {"closed", "HalchemyError", "HalchemyError", NULL},
    [HC_EINTERRUPTED] = {"interrupted", "HalchemyError", "HalchemyError", NULL},
};

const char *hc_code_name(hc_code code)
{
    if ((int)code < 0 || code >= HC_CODE_COUNT) return "unknown";
    return kinds[code].name;
}

char *hc_errors_json(void)
{
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_addc(&b, '[');
    for (int c = HC_OK + 1; c < HC_CODE_COUNT; c++) {
        const struct kind *k = &kinds[c];
        hc_buf_addf(&b, "%s{\"code\":\"%s\",\"class\":\"%s\",", c > 1 ? "," : "", k->name, k->cls);
        if (k->parent) hc_buf_addf(&b, "\"parent\":\"%s\",", k->parent);
        else hc_buf_adds(&b, "\"parent\":null,");
        if (k->python_also) hc_buf_addf(&b, "\"python_also\":\"%s\"}", k->python_also);
        else hc_buf_adds(&b, "\"python_also\":null}");
    }
    hc_buf_addc(&b, ']');
    return hc_buf_take(&b);
}

hc_code hc_check_text(const char *s, size_t len, hc_error *err)
{
    if (!s || !memchr(s, '\0', len)) return HC_OK;
    char shown[160];
    hc_buf b;
    hc_buf_init(&b);
    /* hc_quote shows control bytes as \xHH but stops at a NUL: write those here. */
    for (size_t i = 0; i < len && b.len < sizeof shown; i++) {
        if (s[i]) hc_buf_addc(&b, s[i]);
        else hc_buf_adds(&b, "\\x00");
    }
    hc_quote(shown, sizeof shown, b.data ? b.data : "");
    hc_buf_free(&b);
    return hc_fail(err, HC_EINVAL, "text holds a NUL byte (shown as \\x00), never sent or cut: '%s'",
                   shown);
}

void hc_free(void *p) { free(p); }

/* A message cut at the buffer's end may end inside a UTF-8 character; the bindings decode
 * messages strictly, so the partial character is dropped. */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < want) s[i - 1] = '\0';
}

hc_code hc_fail(hc_error *err, hc_code code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->curl_code = 0;
        va_start(ap, fmt);
        int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        if (n >= (int)sizeof err->message) utf8_trim(err->message);
    }
    return code;
}

void hc_buf_init(hc_buf *b) { memset(b, 0, sizeof *b); }

void hc_buf_free(hc_buf *b)
{
    free(b->data);
    hc_buf_init(b);
}

static int buf_reserve(hc_buf *b, size_t extra)
{
    if (b->oom) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) { b->oom = 1; return 0; }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = 1; return 0; }
    b->data = p;
    b->cap = cap;
    return 1;
}

void hc_buf_add(hc_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void hc_buf_adds(hc_buf *b, const char *s) { hc_buf_add(b, s, strlen(s)); }

void hc_buf_addc(hc_buf *b, char c) { hc_buf_add(b, &c, 1); }

void hc_buf_addf(hc_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) { hc_buf_add(b, small, (size_t)n); return; }
    if (!buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *hc_buf_take(hc_buf *b)
{
    if (b->oom) { hc_buf_free(b); return NULL; }
    char *s = b->data ? b->data : hc_strdup("");
    hc_buf_init(b);
    return s;
}

char *hc_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *hc_strdup(const char *s) { return s ? hc_strndup(s, strlen(s)) : NULL; }

int hc_strcaseeq(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

int hc_utf8_fit(const char *s, int max)
{
    int n = 0;
    while (n < max && s[n]) n++;
    if (s[n]) while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

int hc_has_crlf(const char *s) { return strpbrk(s, "\r\n") != NULL; }

void hc_form_escape(hc_buf *b, const char *s, size_t n, int plus_for_space)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '~') {
            hc_buf_addc(b, (char)c);
        } else if (c == ' ' && plus_for_space) {
            hc_buf_addc(b, '+');
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            hc_buf_add(b, esc, 3);
        }
    }
}

/* Messages stay short and on one line whatever the input was; the cut falls between
 * UTF-8 characters. */
void hc_quote(char *dst, size_t cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0, room = cap - 4; /* room for "..." and the NUL */
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    if (cap < 8) {
        if (cap) dst[0] = '\0';
        return;
    }
    for (; *p; p++) {
        size_t need = (*p < 0x20 || *p == 0x7f) ? 4 : 1;
        if (o + need > room) {
            if ((*p & 0xC0) == 0x80) { /* cut inside a character: drop its first bytes too */
                while (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0x80) o--;
                if (o > 0) o--;
            }
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        if (need == 4) {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[*p >> 4];
            dst[o++] = hex[*p & 15];
        } else {
            dst[o++] = (char)*p;
        }
    }
    dst[o] = '\0';
}

/* RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
size_t hc_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    size_t len;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0; /* overlong */
        if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90; /* overlong */
        if (c == 0xF4) hi = 0x8F; /* beyond U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return len;
}

int hc_utf8_valid(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0, k; i < n; i += k) {
        if (s[i] < 0x80) { k = 1; continue; }
        if (!(k = hc_utf8_seq(s + i, n - i))) return 0;
    }
    return 1;
}
