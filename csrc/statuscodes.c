/* statuscodes.c: the raise_for_status_codes spec (SPEC §10): parts separated by spaces
 * and/or commas, each N, A-B, >N, >=N, <N or <=N; a status matches when any part does. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct range { int lo, hi; } range;

struct hc_status_spec {
    range *parts;
    size_t n;
};

static int read_int(const char **p, const char *end, int *out)
{
    const char *s = *p;
    long v = 0;
    if (s >= end || *s < '0' || *s > '9') return 0;
    while (s < end && *s >= '0' && *s <= '9') {
        v = v * 10 + (*s - '0');
        if (v > 999) return 0;
        s++;
    }
    *out = (int)v;
    *p = s;
    return 1;
}

static int parse_part(const char *s, const char *end, range *r)
{
    int a, b;
    if (*s == '>' || *s == '<') {
        int gt = *s == '>', eq = 0;
        s++;
        if (s < end && *s == '=') { eq = 1; s++; }
        if (!read_int(&s, end, &a) || s != end) return 0;
        if (gt) { r->lo = eq ? a : a + 1; r->hi = 999; }
        else { r->lo = 0; r->hi = eq ? a : a - 1; }
        return 1;
    }
    if (!read_int(&s, end, &a)) return 0;
    if (s == end) { r->lo = r->hi = a; return 1; }
    if (*s != '-') return 0;
    s++;
    if (!read_int(&s, end, &b) || s != end || b < a) return 0;
    r->lo = a;
    r->hi = b;
    return 1;
}

hc_code hc_status_spec_parse(const char *text, hc_status_spec **out, hc_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return hc_fail(err, HC_ENOMEM, "out of memory");
    if (!text) return HC_OK;
    size_t len = strlen(text);
    const char *p = text, *end = text + len;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ',' || *p == '\t')) p++;
        if (p >= end) break;
        const char *q = p;
        while (q < end && *q != ' ' && *q != ',' && *q != '\t') q++;
        range r;
        if (!parse_part(p, q, &r)) {
            hc_status_spec_delete(*out);
            *out = NULL;
            return hc_fail(err, HC_ESTATUSSPEC,
                           "invalid status code spec '%.100s': '%.*s' is not N, A-B, >N, >=N, "
                           "<N or <=N", text, (int)(q - p > 40 ? 40 : q - p), p);
        }
        range *parts = realloc((*out)->parts, ((*out)->n + 1) * sizeof *parts);
        if (!parts) { hc_status_spec_delete(*out); *out = NULL; return hc_fail(err, HC_ENOMEM, "out of memory"); }
        parts[(*out)->n++] = r;
        (*out)->parts = parts;
        p = q;
    }
    return HC_OK;
}

int hc_status_spec_match(const hc_status_spec *spec, int status)
{
    for (size_t i = 0; spec && i < spec->n; i++)
        if (status >= spec->parts[i].lo && status <= spec->parts[i].hi) return 1;
    return 0;
}

void hc_status_spec_delete(hc_status_spec *spec)
{
    if (!spec) return;
    free(spec->parts);
    free(spec);
}

hc_code hc_status_matches(const char *text, int status, int *match, hc_error *err)
{
    hc_status_spec *spec = NULL;
    hc_code rc = hc_status_spec_parse(text, &spec, err);
    *match = rc == HC_OK && hc_status_spec_match(spec, status);
    hc_status_spec_delete(spec);
    return rc;
}
