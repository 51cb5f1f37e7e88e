/* fuzz_hal: hc_hal_find, hc_hal_link, hc_hal_has_rel, hc_hal_check, hc_hal_embedded,
 * hc_hal_collection, hc_if_match*, hc_etag_field_text, hc_etag_field_exact (SPEC §8, §11).
 * Input: one flags byte, then JSON (a resource, also used as a _links object and as an
 * etag source) NUL rel NUL criteria NUL method NUL link_href NUL self_href NUL etag_header
 * NUL etag_value.
 * Checks: find without criteria and hc_hal_link agree; a found link has an href and its
 * rel is reported by has_rel; has_rel "no" means find says no_rel; with criteria a found
 * link's rel is reported by has_rel; check, embedded and collection agree with a model read with
 * cJSON; the If-Match choice is modelled exactly (and borrowed from its arguments); the
 * etag field text is the string's value or the number's digits as written in the body;
 * the exact etag text is either the value given or the field's text in the source; JSON
 * the strict rule (SPEC §9, tests/fuzz/strict_json.h) refuses is refused by every one of
 * them. */
#include <cjson/cJSON.h>
#include <strings.h>

#include "fuzz_common.h"
#include "strict_json.h"

/* 1 when the text is JSON by SPEC §9's strict rule (the core refuses anything else; cJSON
 * alone would read "\uzzzz" as NUL and control bytes as whitespace). */
static int strict_ok(const char *t)
{
    sj r;
    int first;
    return t && sj_check(t, strlen(t), &r, &first) == SJ_OK;
}

/* 1 when some string in the (strict) JSON holds an escaped NUL ("\u0000"). */
static int strict_has_nul(const char *t)
{
    sj r;
    int first;
    return t && sj_check(t, strlen(t), &r, &first) == SJ_OK && r.nul;
}

/* An etag source is a response body: a UTF-8 BOM before it is skipped (SPEC §9). */
static const char *after_bom(const char *t)
{
    return t && strncmp(t, "\xEF\xBB\xBF", 3) == 0 ? t + 3 : t;
}

static const hc_code hal_codes[] = {HC_EJSON, HC_EHAL, HC_ENOREL, HC_EARG, HC_EEXPECT, HC_OK};
/* hc_hal_find also refuses an href, self href or criterion holding a NUL (SPEC §12). */
static const hc_code find_codes[] = {HC_EJSON, HC_EHAL, HC_ENOREL, HC_EARG, HC_EEXPECT, HC_EINVAL, HC_OK};

static void fuzz_links(const char *links, const char *rel, const char *crit)
{
    hc_error e1 = {0}, e2 = {0}, e3 = {0};
    hc_link l;
    hc_code rf = hc_hal_find(links, rel, NULL, &l, &e1);
    char *href = (char *)"sentinel";
    int templated = -1;
    hc_code rl = hc_hal_link(links, rel, NULL, &href, &templated, &e2);
    FUZZ_CHECK(rf == rl, "find %s, link %s", hc_code_name(rf), hc_code_name(rl));
    int has = -1;
    hc_code rh = hc_hal_has_rel(links, rel, &has, &e3);
    if (rf == HC_OK) {
        FUZZ_CHECK(l.href && href && strcmp(l.href, href) == 0 && l.templated == templated &&
                       (templated == 0 || templated == 1), "find and link differ");
        FUZZ_CHECK(rh == HC_OK && has == 1, "found rel '%.60s' but has_rel says %d", rel, has);
    } else {
        fz_check_error("hc_hal_find", rf, &e1, hal_codes);
        fz_check_error("hc_hal_link", rl, &e2, hal_codes);
        FUZZ_CHECK(href == NULL, "a failed hc_hal_link left an href");
    }
    if (rh == HC_OK && has == 0) FUZZ_CHECK(rf == HC_ENOREL, "has_rel no, find %s", hc_code_name(rf));
    if (rh != HC_OK) fz_check_error("hc_hal_has_rel", rh, &e3, hal_codes);
    hc_free(href);

    hc_link lc;
    hc_error e4 = {0};
    hc_code rc = hc_hal_find(links, rel, crit, &lc, &e4);
    /* Not "found without criteria": without them the first link object is taken, and it
     * may be one the criteria skip (e.g. one without an href). */
    if (rc == HC_OK) FUZZ_CHECK(rh == HC_OK && has == 1 && lc.href, "found with criteria %.100s, but has_rel %d",
                                crit, has);
    else fz_check_error("hc_hal_find", rc, &e4, find_codes);
    hc_link_clear(&lc);
    FUZZ_CHECK(lc.href == NULL && lc.self_href == NULL && lc.deprecation == NULL, "hc_link_clear");
    hc_link_clear(&l);
}

/* cJSON's reading of the resource: 1 object, 0 not HAL, -1 not JSON the core reads. */
static void fuzz_resource(const char *json, const char *rel, hc_multiplicity expect)
{
    cJSON *v = strict_ok(json) ? cJSON_ParseWithOpts(json, NULL, 1) : NULL;
    hc_error err = {0};
    hc_code rc = hc_hal_check(json, &err);
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(v, "_links");
    const cJSON *emb = cJSON_GetObjectItemCaseSensitive(v, "_embedded");
    int hal = cJSON_IsObject(v) && (!links || cJSON_IsObject(links)) && (!emb || cJSON_IsObject(emb));
    if (!v) FUZZ_CHECK(rc == HC_EJSON, "check accepted what is not strict JSON");
    else if (rc != HC_EJSON) FUZZ_CHECK((rc == HC_OK) == hal, "check says %s, model %d", hc_code_name(rc), hal);
    if (rc != HC_OK) fz_check_error("hc_hal_check", rc, &err, FZ_CODES(HC_EJSON, HC_EHAL));

    hc_multiplicity found = (hc_multiplicity)7;
    hc_code re = hc_hal_embedded(json, rel, expect, &found, &err);
    const cJSON *item = hal && emb ? cJSON_GetObjectItemCaseSensitive(emb, rel) : NULL;
    if (re == HC_OK) {
        FUZZ_CHECK(hal && item, "embedded '%.60s' found in a resource without it", rel);
        FUZZ_CHECK((found == HC_ONE && cJSON_IsObject(item)) || (found == HC_MANY && cJSON_IsArray(item)),
                   "embedded found %d", found);
        FUZZ_CHECK(expect == HC_ANY || expect == found, "expect %d, found %d", expect, found);
    } else {
        fz_check_error("hc_hal_embedded", re, &err, hal_codes);
        if (re == HC_ENOREL) FUZZ_CHECK(!item, "no_rel for an embedded rel that exists");
    }
    rc = hc_hal_collection(json, rel, &err);
    const cJSON *col = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, rel) : NULL;
    if (rc == HC_OK) {
        FUZZ_CHECK(cJSON_IsArray(col), "collection '%.60s' is not a list", rel);
        const cJSON *it;
        cJSON_ArrayForEach(it, col) FUZZ_CHECK(cJSON_IsObject(it), "a collection item is not an object");
    } else {
        fz_check_error("hc_hal_collection", rc, &err, FZ_CODES(HC_EJSON, HC_EHAL));
    }
    cJSON_Delete(v);
}

static int nonempty(const char *s) { return s && *s; }

static void fuzz_if_match(const char *method, const char *link, const char *self, const char *hdr,
                          const char *val)
{
    int applies = hc_if_match_applies(method, link, self);
    int want = method && (strcasecmp(method, "PUT") == 0 || strcasecmp(method, "PATCH") == 0 ||
                          strcasecmp(method, "DELETE") == 0) &&
               nonempty(self) && link && strcmp(link, self) == 0;
    FUZZ_CHECK(applies == want, "applies(%.20s, %.60s, %.60s) = %d", method, link, self, applies);
    const char *e = hc_if_match_etag(hdr, val);
    const char *we = nonempty(hdr) && strncmp(hdr, "W/", 2) != 0 ? hdr
                     : nonempty(val)                             ? val
                     : nonempty(hdr)                             ? hdr
                                                                 : NULL;
    FUZZ_CHECK(e == we, "if_match_etag('%.60s', '%.60s') = '%.60s'", hdr ? hdr : "(null)",
               val ? val : "(null)", e ? e : "(null)");
    FUZZ_CHECK(hc_if_match(method, link, self, hdr, val) == (applies ? e : NULL), "hc_if_match");
}

static void fuzz_etag(const char *body, const char *field, const char *value)
{
    hc_error err = {0};
    char *text = (char *)"sentinel";
    hc_code rc = hc_etag_field_text(body, field, &text, &err);
    if (rc != HC_OK) {
        fz_check_error("hc_etag_field_text", rc, &err, FZ_CODES(HC_EJSON, HC_EINVAL));
        text = NULL;
    } else {
        /* Text the strict rule refuses is no JSON to the core: no text. */
        cJSON *v = strict_ok(after_bom(body)) ? cJSON_ParseWithOpts(after_bom(body), NULL, 1) : NULL;
        const cJSON *f = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, field) : NULL;
        if (text) {
            FUZZ_CHECK(cJSON_IsString(f) || cJSON_IsNumber(f), "etag text '%.60s' from a field that is neither", text);
            if (cJSON_IsNumber(f))
                FUZZ_CHECK(*text && strstr(body, text) && strspn(text, "-+.eE0123456789") == strlen(text),
                           "a number's etag text '%.60s' is not its digits as written", text);
            else
                FUZZ_CHECK(strcmp(text, f->valuestring) == 0, "etag text '%.60s' is not the string", text);
        } else if (v) {
            /* SPEC §12: a string holding a NUL cannot be sent as If-Match, so it counts as
             * no field; cJSON's copy ends at the NUL, so the model asks the strict reader
             * whether the body has one. */
            FUZZ_CHECK(cJSON_IsNumber(f) ? 0 : !cJSON_IsString(f) || strict_has_nul(after_bom(body)),
                       "no etag text for a string/number field '%.60s'", field);
        }
        cJSON_Delete(v);
    }
    char *exact = hc_etag_field_exact(value, body, field);
    if (!value) FUZZ_CHECK(exact == NULL, "exact text for no value");
    else FUZZ_CHECK(exact && (strcmp(exact, value) == 0 || (text && strcmp(exact, text) == 0)),
                    "exact etag '%.60s' is neither the value '%.60s' nor the source's '%.60s'",
                    exact ? exact : "(null)", value, text ? text : "(null)");
    hc_free(exact);
    hc_free(text);
}

/* SPEC §9, §12: JSON the strict rule refuses (a bad \u escape, a control byte, bytes
 * that are not UTF-8, ...) is refused by every helper, never read some other way. */
static void refuses_bad_escapes(const char *json, const char *rel)
{
    hc_error err = {0};
    hc_link l;
    int has;
    hc_multiplicity found;
    char *text = NULL;
    FUZZ_CHECK(hc_hal_find(json, rel, NULL, &l, &err) != HC_OK, "find read non-strict JSON");
    FUZZ_CHECK(hc_hal_has_rel(json, rel, &has, &err) != HC_OK, "has_rel read non-strict JSON");
    FUZZ_CHECK(hc_hal_check(json, &err) != HC_OK, "check read non-strict JSON");
    FUZZ_CHECK(hc_hal_embedded(json, rel, HC_ANY, &found, &err) != HC_OK, "embedded read non-strict JSON");
    FUZZ_CHECK(hc_hal_collection(json, rel, &err) != HC_OK, "collection read non-strict JSON");
    hc_code rc = hc_etag_field_text(json, rel, &text, &err);
    if (!strict_ok(after_bom(json)))
        FUZZ_CHECK(rc != HC_OK || text == NULL, "etag_field_text read non-strict JSON");
    hc_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned flags = data[0];
    fz_fields in;
    fz_split(data + 1, size - 1, 8, &in);
    fz_inputs_utf8 = fz_utf8_valid((const char *)data + 1, size - 1);
    const char *json = in.f[0], *rel = in.f[1] ? in.f[1] : "self", *crit = in.f[2];
    fuzz_links(json, rel, crit);
    /* The links of the resource, when it has an object of them. */
    cJSON *v = cJSON_ParseWithOpts(json, NULL, 1);
    cJSON *links = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "_links") : NULL;
    if (links) {
        char *lt = cJSON_PrintUnformatted(links);
        if (lt) fuzz_links(lt, rel, crit);
        cJSON_free(lt);
    }
    cJSON_Delete(v);
    fuzz_resource(json, rel, (hc_multiplicity)(flags % 3));
    if (*json && !strict_ok(json)) refuses_bad_escapes(json, rel);
    const char *s[5];
    for (int i = 0; i < 5; i++) s[i] = (flags >> 3 & 1) && in.f[3 + i] && !*in.f[3 + i] ? NULL : in.f[3 + i];
    fuzz_if_match(s[0] ? s[0] : "PUT", s[1], (flags & 4) ? s[1] : s[2], s[3], s[4]);
    fuzz_etag(json, rel, s[4]);
    fz_free(&in);
    return 0;
}
