/* scaling.c: SPEC §12 "work and memory grow at most linearly with the size of any input".
 * For every kind of input the core reads, builds it at sizes n, 2n, 4n and 8n, times the
 * operation and prints the time ratio per doubling: about 2 is linear, about 4 quadratic.
 * A run the core refuses by a stated limit is timed too (work must stop at the limit) and
 * shows the error code. `make scaling` builds and runs it; SCALE=k multiplies every n.
 * Built against the core's objects, so it can reach the INI reader and the header set's
 * receive path through internal.h as transfer.c and api.c do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "halchemy.h"
#include "internal.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- building inputs ------------------------------------------------------------------ */

static char *repeat(const char *unit, size_t times, const char *before, const char *after)
{
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_adds(&b, before);
    for (size_t i = 0; i < times; i++) hc_buf_adds(&b, unit);
    hc_buf_adds(&b, after);
    return hc_buf_take(&b);
}

static char *key_of(size_t len)
{
    char *k = malloc(len + 1);
    memset(k, 'k', len);
    k[len] = '\0';
    return k;
}

/* ---- the cases: each runs once at size n and returns the core's code ------------------ */

/* issue 10: {"<n-char key>": [1, 1, ... n items]} in repeat_key style */
static hc_code query_long_key(size_t n)
{
    char *k = key_of(n), *items = repeat("1,", n, "[", "1]");
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_addf(&j, "{\"%s\":%s}", k, items);
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_query_encode(j.data, HC_LIST_REPEAT_KEY, &out, &err);
    hc_free(out);
    hc_buf_free(&j);
    free(k);
    free(items);
    return rc;
}

/* a flat object of n parameters */
static hc_code query_wide(size_t n)
{
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_addc(&j, '{');
    for (size_t i = 0; i < n; i++) hc_buf_addf(&j, "%s\"p%zu\":%zu", i ? "," : "", i, i);
    hc_buf_addc(&j, '}');
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_query_encode(j.data, HC_LIST_INDEX, &out, &err);
    hc_free(out);
    hc_buf_free(&j);
    return rc;
}

/* a form body: one n-char key over n null items (repeat_key, as forms are) */
static hc_code form_long_key(size_t n)
{
    char *k = key_of(n), *items = repeat("null,", n, "[", "null]");
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_addf(&j, "{\"%s\":%s}", k, items);
    char *out = NULL;
    size_t len;
    hc_error err;
    hc_code rc = hc_body_encode(j.data, "application/x-www-form-urlencoded", &out, &len, &err);
    hc_free(out);
    hc_buf_free(&j);
    free(k);
    free(items);
    return rc;
}

/* issue 10: a template of n {x}, x a list of n nulls */
static hc_code template_nulls(size_t n)
{
    char *t = repeat("{x}", n, "", ""), *v = repeat("null,", n, "{\"x\":[", "null]}");
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_uritemplate_expand(t, v, &out, &err);
    hc_free(out);
    free(t);
    free(v);
    return rc;
}

/* a template of n {x}, x a list of n strings: output n*n, so the size limit must stop it */
static hc_code template_repeat(size_t n)
{
    char *t = repeat("{x}", n, "", ""), *v = repeat("\"ab\",", n, "{\"x\":[", "\"ab\"]}");
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_uritemplate_expand(t, v, &out, &err);
    hc_free(out);
    free(t);
    free(v);
    return rc;
}

/* {?<n-char name>*} over a list of n items: one variable writes its name n times */
static hc_code template_long_name(size_t n)
{
    char *name = key_of(n), *v = repeat("1,", n, "", "1]}");
    hc_buf t, vals;
    hc_buf_init(&t);
    hc_buf_init(&vals);
    hc_buf_addf(&t, "/x{?%s*}", name);
    hc_buf_addf(&vals, "{\"%s\":[%s", name, v);
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_uritemplate_expand(t.data, vals.data, &out, &err);
    hc_free(out);
    hc_buf_free(&t);
    hc_buf_free(&vals);
    free(name);
    free(v);
    return rc;
}

/* SPEC §12 v2: a value of n NULs ("\u0000" escapes), and an object of n values holding one
 * NUL each, expanded and encoded: each string holding a NUL is decoded once more */
static hc_code template_nul_value(size_t n)
{
    char *v = repeat("\\u0000", n, "{\"x\":\"", "\"}");
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_uritemplate_expand("/x/{x}{?x}", v, &out, &err);
    hc_free(out);
    free(v);
    return rc;
}

static hc_code query_nul_values(size_t n)
{
    hc_buf v;
    hc_buf_init(&v);
    hc_buf_addc(&v, '{');
    for (size_t i = 0; i < n; i++) hc_buf_addf(&v, "%s\"k%zu\":[\"a\\u0000\"]", i ? "," : "", i);
    hc_buf_addc(&v, '}');
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_query_encode(v.data, HC_LIST_INDEX, &out, &err);
    hc_free(out);
    hc_buf_free(&v);
    return rc;
}

/* n distinct variables named once each, against n values */
static hc_code template_many_vars(size_t n)
{
    hc_buf t, v;
    hc_buf_init(&t);
    hc_buf_init(&v);
    hc_buf_addc(&v, '{');
    for (size_t i = 0; i < n; i++) {
        hc_buf_addf(&t, "{v%zu}", i);
        hc_buf_addf(&v, "%s\"v%zu\":%zu", i ? "," : "", i, i);
    }
    hc_buf_addc(&v, '}');
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_uritemplate_expand(t.data, v.data, &out, &err);
    hc_free(out);
    hc_buf_free(&t);
    hc_buf_free(&v);
    return rc;
}

static char *headers_object(size_t n, const char *value)
{
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_addc(&j, '{');
    for (size_t i = 0; i < n; i++) hc_buf_addf(&j, "%s\"X-H%zu\":%s", i ? "," : "", i, value);
    hc_buf_addc(&j, '}');
    return hc_buf_take(&j);
}

/* issue 10: merge n headers, then remove them one by one in insertion order */
static hc_code headers_merge_remove(size_t n)
{
    char *j = headers_object(n, "\"v\"");
    hc_headers *h = hc_headers_new();
    hc_error err;
    hc_code rc = hc_headers_merge_json(h, j, &err);
    char name[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "x-h%zu", i);
        if (!hc_headers_remove(h, name)) rc = HC_EINVAL;
    }
    hc_headers_delete(h);
    free(j);
    return rc;
}

/* merge n headers, then one merge of n nulls removing them */
static hc_code headers_merge_nulls(size_t n)
{
    char *j = headers_object(n, "\"v\""), *nulls = headers_object(n, "null");
    hc_headers *h = hc_headers_new();
    hc_error err;
    hc_code rc = hc_headers_merge_json(h, j, &err);
    if (rc == HC_OK) rc = hc_headers_merge_json(h, nulls, &err);
    if (hc_headers_count(h) != 0) rc = HC_EINVAL;
    hc_headers_delete(h);
    free(j);
    free(nulls);
    return rc;
}

/* remove every other header of n one by one, then read the set by position */
static hc_code headers_remove_read(size_t n)
{
    char *j = headers_object(n, "\"v\"");
    hc_headers *h = hc_headers_new();
    hc_error err;
    hc_code rc = hc_headers_merge_json(h, j, &err);
    char name[32];
    for (size_t i = 0; i < n; i += 2) {
        snprintf(name, sizeof name, "X-H%zu", i);
        hc_headers_remove(h, name);
    }
    for (size_t i = 0; i < hc_headers_count(h); i++)
        if (!hc_headers_value(h, i) || !hc_headers_name(h, i)) rc = HC_EINVAL;
    hc_headers_delete(h);
    free(j);
    return rc;
}

/* n calls of add_headers with one header each, as a program adding them in a loop */
static hc_code api_add_headers(size_t n)
{
    hc_api *api = NULL;
    hc_error err;
    hc_code rc = hc_api_new_default(&api, &err);
    char obj[64];
    for (size_t i = 0; rc == HC_OK && i < n; i++) {
        snprintf(obj, sizeof obj, "{\"X-H%zu\":\"v\"}", i);
        rc = hc_api_merge_headers(api, obj, &err);
    }
    hc_api_delete(api);
    return rc;
}

/* a server repeating one header n times: each joins the earlier ones with ", " */
static hc_code headers_repeat_received(size_t n)
{
    hc_headers *h = hc_headers_new();
    hc_code rc = HC_OK;
    for (size_t i = 0; i < n; i++)
        if (!hc_headers_add_received(h, "Set-Cookie", 10, "a=b", 3)) rc = HC_ENOMEM;
    hc_headers_delete(h);
    return rc;
}

/* n distinct response headers, then the set as JSON and a copy */
static hc_code headers_received_json(size_t n)
{
    hc_headers *h = hc_headers_new();
    hc_code rc = HC_OK;
    char name[32];
    for (size_t i = 0; i < n; i++) {
        int nn = snprintf(name, sizeof name, "X-H%zu", i);
        if (!hc_headers_add_received(h, name, (size_t)nn, "v", 1)) rc = HC_ENOMEM;
    }
    char *j = hc_headers_to_json(h);
    hc_headers *c = hc_headers_copy(h);
    if (!j || !c) rc = HC_ENOMEM;
    hc_free(j);
    hc_headers_delete(c);
    hc_headers_delete(h);
    return rc;
}

/* a spec of n parts, matched against every status */
static hc_code status_spec(size_t n)
{
    char *text = repeat("401,", n, "", "400-403");
    hc_status_spec *s = NULL;
    hc_error err;
    hc_code rc = hc_status_spec_parse(text, &s, &err);
    int hits = 0;
    for (int k = 0; k < 20; k++)
        for (int st = 100; st < 1000; st++) hits += hc_status_spec_match(s, st);
    if (rc == HC_OK && hits != 20 * 4) rc = HC_EINVAL;
    hc_status_spec_delete(s);
    free(text);
    return rc;
}

/* _links with n curies and n rels, the rel asked for by its URI: every curie gives a
 * CURIE to look up, and only the last one's is there */
static hc_code hal_curies(size_t n)
{
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_adds(&j, "{\"curies\":[");
    for (size_t i = 0; i < n; i++)
        hc_buf_addf(&j, "%s{\"name\":\"c%zu\",\"href\":\"http://x/{rel}\"}", i ? "," : "", i);
    hc_buf_adds(&j, "]");
    for (size_t i = 0; i < n; i++) hc_buf_addf(&j, ",\"r%zu\":{\"href\":\"/%zu\"}", i, i);
    hc_buf_addf(&j, ",\"c%zu:w\":{\"href\":\"/w\"}}", n - 1);
    char *href = NULL;
    hc_error err;
    hc_code rc = hc_hal_link(j.data, "http://x/w", NULL, &href, NULL, &err);
    if (rc == HC_OK && strcmp(href, "/w") != 0) rc = HC_EINVAL;
    hc_free(href);
    hc_buf_free(&j);
    return rc;
}

/* n curies all named alike, asked for by a CURIE with an n-byte reference part: every
 * curie gives an n-byte URI to look up */
static hc_code hal_curies_long_rel(size_t n)
{
    char *local = key_of(n);
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_adds(&j, "{\"curies\":[");
    for (size_t i = 0; i < n; i++)
        hc_buf_addf(&j, "%s{\"name\":\"c\",\"href\":\"http://x/%zu/{rel}\"}", i ? "," : "", i);
    hc_buf_addf(&j, "],\"http://x/%zu/%s\":{\"href\":\"/w\"}}", n - 1, local);
    hc_buf rel;
    hc_buf_init(&rel);
    hc_buf_addf(&rel, "c:%s", local);
    char *href = NULL;
    hc_error err;
    hc_code rc = hc_hal_link(j.data, rel.data, NULL, &href, NULL, &err);
    if (rc == HC_OK && strcmp(href, "/w") != 0) rc = HC_EINVAL;
    hc_free(href);
    hc_buf_free(&j);
    hc_buf_free(&rel);
    free(local);
    return rc;
}

/* a rel holding n links, picked by the name of the last */
static hc_code hal_link_array(size_t n)
{
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_adds(&j, "{\"self\":{\"href\":\"/s\"},\"item\":[");
    for (size_t i = 0; i < n; i++)
        hc_buf_addf(&j, "%s{\"href\":\"/%zu\",\"name\":\"n%zu\"}", i ? "," : "", i, i);
    hc_buf_adds(&j, "]}");
    char name[32];
    snprintf(name, sizeof name, "n%zu", n - 1);
    char *href = NULL;
    hc_error err;
    hc_code rc = hc_hal_link(j.data, "item", name, &href, NULL, &err);
    hc_free(href);
    hc_buf_free(&j);
    return rc;
}

/* a collection of n resources */
static hc_code hal_collection(size_t n)
{
    char *r = repeat("{\"_links\":{\"self\":{\"href\":\"/x\"}}},", n, "{\"items\":[", "{}]}");
    hc_error err;
    hc_code rc = hc_hal_collection(r, "items", &err);
    free(r);
    return rc;
}

/* a body of n fields, the etag field last */
static hc_code etag_field(size_t n)
{
    hc_buf j;
    hc_buf_init(&j);
    hc_buf_addc(&j, '{');
    for (size_t i = 0; i < n; i++) hc_buf_addf(&j, "\"f%zu\":%zu,", i, i);
    hc_buf_adds(&j, "\"_etag\":\"abc\"}");
    char *out = hc_etag_field_exact("abc", j.data, "_etag");
    hc_code rc = out && strcmp(out, "abc") == 0 ? HC_OK : HC_EINVAL;
    hc_free(out);
    hc_buf_free(&j);
    return rc;
}

static hc_code ini_ignore(void *ud, const char *section, const char *key, const char *value,
                          const char *path, int line, hc_error *err)
{
    (void)section, (void)key, (void)value, (void)path, (void)line, (void)err;
    (*(size_t *)ud)++;
    return HC_OK;
}

/* an INI text of n keys */
static hc_code ini_keys(size_t n)
{
    hc_buf t;
    hc_buf_init(&t);
    hc_buf_adds(&t, "[headers]\n");
    for (size_t i = 0; i < n; i++) hc_buf_addf(&t, "X-H%zu = v ; comment\n", i);
    size_t seen = 0;
    hc_error err;
    hc_code rc = hc_ini_parse_text(t.data, NULL, ini_ignore, &seen, &err);
    if (rc == HC_OK && seen != n) rc = HC_EINVAL;
    hc_buf_free(&t);
    return rc;
}

/* one INI line of n bytes (refused past the stated line limit) */
static hc_code ini_long_line(size_t n)
{
    char *t = repeat("a", n, "[s]\nk = ", "\n");
    size_t seen = 0;
    hc_error err;
    hc_code rc = hc_ini_parse_text(t, NULL, ini_ignore, &seen, &err);
    free(t);
    return rc;
}

/* an href of n "a/../" pairs: dot-segment removal */
static hc_code url_dots(size_t n)
{
    char *href = repeat("a/../", n, "./", "z");
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_url_resolve("http://h/base/", "http://h/doc/x", href, &out, &err);
    hc_free(out);
    free(href);
    return rc;
}

/* an href of n "../" after a path of n segments */
static hc_code url_dots_deep(size_t n)
{
    char *path = repeat("s/", n, "http://h/", ""), *href = repeat("../", n, "", "z");
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_url_resolve("http://h/", path, href, &out, &err);
    hc_free(out);
    free(path);
    free(href);
    return rc;
}

/* an href of n bytes to encode as a reference, then to check */
static hc_code url_reference(size_t n)
{
    char *href = repeat("a b%", n, "/", "");
    char *out = NULL;
    hc_error err;
    hc_code rc = hc_url_encode_reference(href, &out, &err);
    if (rc == HC_OK) rc = hc_url_check_scheme(out, &err) == HC_ESCHEME ? HC_OK : HC_EINVAL;
    hc_free(out);
    free(href);
    return rc;
}

/* n distinct deprecated URLs warned about */
static size_t dep_round;
static hc_code deprecation(size_t n)
{
    char url[64];
    dep_round++;
    for (size_t i = 0; i < n; i++) {
        snprintf(url, sizeof url, "http://h/%zu/%zu", dep_round, i);
        hc_free(hc_deprecation_notice(url, ""));
    }
    return HC_OK;
}

typedef struct bench_case {
    const char *name;
    hc_code (*run)(size_t n);
    size_t n; /* the smallest size */
} bench_case;

static const bench_case cases[] = {
    {"query: n-char key x n items (repeat_key)", query_long_key, 1000},
    {"query: n parameters", query_wide, 25000},
    {"query: n values holding a NUL (index)", query_nul_values, 25000},
    {"form body: n-char key x n nulls", form_long_key, 1000},
    {"template: n {x}, x = n nulls", template_nulls, 2500},
    {"template: n {x}, x = n strings", template_repeat, 1000},
    {"template: n variables", template_many_vars, 25000},
    {"template: a value of n NULs, twice", template_nul_value, 100000},
    {"template: {?<n-char name>*}, n items", template_long_name, 1000},
    {"headers: merge n, remove each", headers_merge_remove, 5000},
    {"headers: merge n, merge n nulls", headers_merge_nulls, 5000},
    {"headers: remove n/2, read by position", headers_remove_read, 5000},
    {"Api: n add_headers calls of one header", api_add_headers, 2500},
    {"headers: one header received n times", headers_repeat_received, 5000},
    {"headers: n received, to JSON, copy", headers_received_json, 25000},
    {"status spec: n parts, match all", status_spec, 5000},
    {"HAL: n curies, n rels", hal_curies, 2000},
    {"HAL: n curies alike, n-byte CURIE", hal_curies_long_rel, 4000},
    {"HAL: n links in one rel, by name", hal_link_array, 25000},
    {"HAL: collection of n", hal_collection, 25000},
    {"If-Match: etag field after n fields", etag_field, 25000},
    {"INI: n keys", ini_keys, 25000},
    {"INI: one n-byte line", ini_long_line, 8000},
    {"URL: n 'a/../' segments", url_dots, 25000},
    {"URL: n segments, n '../'", url_dots_deep, 25000},
    {"URL: n-byte reference", url_reference, 50000},
    {"deprecation: n URLs", deprecation, 25000},
};

int main(int argc, char **argv)
{
    double scale = getenv("SCALE") ? atof(getenv("SCALE")) : 1;
    if (scale <= 0) scale = 1;
    printf("%-42s %10s %10s %10s %10s %10s  %s\n", "input", "n", "t(n) s", "t(2n) s",
           "t(4n) s", "t(8n) s", "ratio per doubling");
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        if (argc > 1 && !strstr(cases[c].name, argv[1])) continue;
        size_t n = (size_t)(cases[c].n * scale);
        double t[4];
        hc_code rc[4];
        for (int k = 0; k < 4; k++) {
            double best = 1e9;
            for (int rep = 0; rep < 3; rep++) { /* best of three: the machine is shared */
                double t0 = now();
                rc[k] = cases[c].run(n << k);
                double dt = now() - t0;
                if (dt < best) best = dt;
                if (dt > 2) break; /* a slow one need not be repeated */
            }
            t[k] = best;
        }
        printf("%-42s %10zu %10.4f %10.4f %10.4f %10.4f  %.1f %.1f %.1f", cases[c].name, n,
               t[0], t[1], t[2], t[3], t[1] / t[0], t[2] / t[1], t[3] / t[2]);
        for (int k = 0; k < 4; k++)
            if (rc[k] != HC_OK) printf("  [%dn: %s]", 1 << k, hc_code_name(rc[k]));
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
