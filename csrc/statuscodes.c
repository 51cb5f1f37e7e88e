/* statuscodes.c: the raise_for_status_codes spec (SPEC §10): parts separated by spaces and/or
 * commas, each N, A-B, >N, >=N, <N or <=N; a status matches when any part does. Status
 * numbers are three digits, 100-999; a malformed spec is refused, quoting the bad part. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct range { int lo, hi; } range;

/* Every part lies within 0-999 (">999" is empty), so the spec is kept as the set of
 * statuses it matches: a match is one lookup however many parts the spec has (SPEC §12),
 * and parsing marks the ranges through a difference array, O(parts + 1000). */
#define N_STATUS 1000

struct hc_status_spec {
    unsigned char hit[N_STATUS];
};

static int is_sep(char c) { return c == ',' || c == ' ' || (c >= '\t' && c <= '\r'); }
static int is_blank(char c) { return c == ' ' || c == '\t'; }
static void skip_blanks(const char **p) { while (is_blank(**p)) (*p)++; }

/* The length of s, at most max bytes, not ending inside a UTF-8 sequence, so a quoted
 * fragment keeps the message decodable by the bindings. */
/* Reads a status number; NULL when there is none, or it is not three digits 100-999. */
static const char *read_status(const char *p, int *out)
{
    int v = 0, digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (digits < 4) v = v * 10 + (*p - '0');
        digits++;
        p++;
    }
    if (digits != 3 || v < 100) return NULL;
    *out = v;
    return p;
}

/* Parses one part at p into r; returns the end of the part, or NULL with *why and *at
 * (where reading failed) set. Blanks may follow an operator and surround '-' (">= 500",
 * "400 - 403"): no part can start with '-' or be a lone operator, so nothing is ambiguous. */
static const char *parse_part(const char *p, range *r, const char **why, const char **at)
{
    int a, b;
    const char *q;
    *why = "is not N, A-B, >N, >=N, <N or <=N with N a status code (100-999)";
    if (*p == '>' || *p == '<') {
        int gt = *p++ == '>', eq = *p == '=';
        p += eq;
        skip_blanks(&p);
        if (!(q = read_status(p, &a))) { *at = p; return NULL; }
        r->lo = gt ? (eq ? a : a + 1) : 0;
        r->hi = gt ? 999 : (eq ? a : a - 1);
        return q;
    }
    if (!(q = read_status(p, &a))) { *at = p; return NULL; }
    p = q;
    skip_blanks(&q);
    if (*q != '-') { r->lo = r->hi = a; return p; }
    q++;
    skip_blanks(&q);
    if (!(p = read_status(q, &b))) { *at = q; return NULL; }
    if (b < a) {
        *why = "is a range whose start is above its end";
        *at = p;
        return NULL;
    }
    r->lo = a;
    r->hi = b;
    return p;
}

hc_code hc_status_spec_parse(const char *text, hc_status_spec **out, hc_error *err)
{
    if (!out) return hc_fail(err, HC_EINVAL, "no place for the status code spec");
    hc_status_spec *s = *out = calloc(1, sizeof **out);
    if (!s) return hc_fail(err, HC_ENOMEM, "out of memory");
    long starts[N_STATUS + 1] = {0}; /* +1 where a part starts, -1 after it ends */
    for (const char *p = text ? text : ""; *p;) {
        if (is_sep(*p)) { p++; continue; }
        range r = {0, 0};
        const char *why, *at = NULL, *end = parse_part(p, &r, &why, &at);
        if (end && *end && !is_sep(*end)) at = end; /* "400>401", "400x" */
        if (at) {
            while (*at && !is_sep(*at)) at++;
            int bad = (int)(at - p);
            hc_status_spec_delete(s);
            *out = NULL;
            /* Quoted with hc_quote: control bytes as \xHH, cut on a UTF-8 boundary. */
            char qs[204], qp[4 * 60 + 8], part[61];
            int pn = bad < 60 ? bad : 60;
            while (pn > 0 && pn < bad && ((unsigned char)p[pn] & 0xC0) == 0x80) pn--;
            memcpy(part, p, (size_t)pn);
            part[pn] = '\0';
            hc_quote(qs, sizeof qs, text);
            hc_quote(qp, sizeof qp, part); /* room for every byte escaped: never cut here */
            return hc_fail(err, HC_ESTATUSSPEC, "invalid status code spec '%s': '%s%s' %s", qs, qp,
                           pn < bad ? "..." : "", why);
        }
        if (r.lo <= r.hi) { /* ">999" and "<100"-like parts stay within 0-999 */
            starts[r.lo]++;
            starts[r.hi + 1]--;
        }
        p = end;
    }
    long open = 0;
    for (int i = 0; i < N_STATUS; i++) {
        open += starts[i];
        s->hit[i] = open > 0;
    }
    return HC_OK;
}

int hc_status_spec_match(const hc_status_spec *spec, int status)
{
    return spec && status >= 0 && status < N_STATUS && spec->hit[status];
}

void hc_status_spec_delete(hc_status_spec *spec) { free(spec); }

hc_code hc_status_matches(const char *text, int status, int *match, hc_error *err)
{
    hc_status_spec *spec = NULL;
    hc_code rc = hc_status_spec_parse(text, &spec, err);
    if (match) *match = rc == HC_OK && hc_status_spec_match(spec, status);
    hc_status_spec_delete(spec);
    return rc;
}

char *hc_http_error_message(const char *method, const char *url, int status,
                            const char *reason)
{
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_addf(&b, "%s %s returned %d", method ? method : "", url ? url : "", status);
    if (reason && *reason) hc_buf_addf(&b, " %s", reason);
    return hc_buf_take(&b);
}
