/* fuzz_query: hc_query_encode (all five list styles), hc_body_encode, hc_url_add_query
 * (SPEC §5, §7).
 * Input: one flags byte, then params-JSON NUL content-type NUL url NUL query.
 * Checks: a query holds only form-encoded bytes (unreserved, %XX with upper-case hex, '+',
 * '=', '&', the '.' '[' ']' digits of keys, and ',' or '|' for those styles); it is at most
 * linear in the input (or under an 8 MiB cap); repeat_key, bracket and index agree on
 * success and on the number of pairs (unless one hit the stated size limit: their
 * lengths differ); an object of scalars gives the same query in every
 * style; an unknown style is refused. A body is NUL-terminated at its claimed length, is
 * the JSON text exactly for JSON types (modelled here), the repeat_key query for a form
 * object, and a string's contents otherwise. hc_url_add_query is modelled exactly. */
#include <cjson/cJSON.h>
#include <strings.h>

#include "fuzz_common.h"
#include "internal.h"

static int form_byte(unsigned char c, hc_list_style style)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    if (c && strchr("-._~%+=&[]", c)) return 1;
    return (style == HC_LIST_COMMA && c == ',') || (style == HC_LIST_PIPE && c == '|');
}

static size_t pairs(const char *q) /* '&'-separated pairs in a query */
{
    if (!*q) return 0;
    size_t n = 1;
    for (; *q; q++) n += (*q == '&');
    return n;
}

static void check_query(const char *params, hc_list_style style, const char *q, size_t insize)
{
    for (const char *p = q; *p; p++)
        FUZZ_CHECK(form_byte((unsigned char)*p, style), "style %s: byte 0x%02x in '%.200s' of %.200s",
                   hc_list_style_name(style), (unsigned char)*p, q, params);
    for (const char *p = q; (p = strchr(p, '%')); p++)
        FUZZ_CHECK(fz_is_hex(p[1]) && fz_is_hex(p[2]) && !(p[1] >= 'a') && !(p[2] >= 'a'),
                   "a '%%' not followed by two upper-case hex digits in '%.200s'", q);
    FUZZ_CHECK(strlen(q) <= (8u << 20) + 64 * insize,
               "style %s: %zu bytes of query from %zu bytes of input (superlinear)",
               hc_list_style_name(style), strlen(q), insize);
}

/* 1 when v is an object whose members are all strings, numbers, booleans or null. */
static int flat_object(const cJSON *v)
{
    if (!cJSON_IsObject(v)) return 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, v) if (cJSON_IsArray(m) || cJSON_IsObject(m)) return 0;
    return 1;
}

static void media(const char *ct, const char **t, size_t *n)
{
    while (*ct == ' ' || *ct == '\t') ct++;
    size_t k = strcspn(ct, ";");
    while (k && (ct[k - 1] == ' ' || ct[k - 1] == '\t')) k--;
    *t = ct;
    *n = k;
}

static void fuzz_body(const char *data, const char *ct, const char *repeat_q, hc_code repeat_rc)
{
    char *out = (char *)"sentinel";
    size_t len = 12345;
    hc_error err = {0};
    hc_code rc = hc_body_encode(data, ct, &out, &len, &err);
    if (rc != HC_OK) {
        FUZZ_CHECK(out == NULL && len == 0, "a failed body left output");
        fz_check_error("hc_body_encode", rc, &err, FZ_CODES(HC_EJSON, HC_EPARAMS, HC_EINVAL));
        return;
    }
    FUZZ_CHECK(out && out[len] == '\0', "the body is not NUL-terminated at its length %zu", len);
    const char *t = "";
    size_t tn = 0;
    if (ct) media(ct, &t, &tn);
    int json_type = tn == 0 || (tn == 16 && strncasecmp(t, "application/json", 16) == 0) ||
                    (tn > 5 && strncasecmp(t + tn - 5, "+json", 5) == 0);
    int form = tn == 33 && strncasecmp(t, "application/x-www-form-urlencoded", 33) == 0;
    cJSON *v = cJSON_ParseWithOpts(data, NULL, 1);
    FUZZ_CHECK(v != NULL, "a body that cJSON cannot parse was accepted: %.200s", data);
    if (json_type || (!cJSON_IsString(v) && !(form && cJSON_IsObject(v)))) {
        FUZZ_CHECK(len == strlen(data) && memcmp(out, data, len) == 0,
                   "type '%s': the body is not the JSON text as given", ct ? ct : "(none)");
    } else if (form && cJSON_IsObject(v)) {
        FUZZ_CHECK(repeat_rc == HC_OK && strcmp(out, repeat_q) == 0 && len == strlen(out),
                   "a form body differs from the repeat_key query: '%.200s' vs '%.200s'", out,
                   repeat_q ? repeat_q : "(error)");
    } else {
        /* A string's contents: cJSON's decoding, unless the text holds a \u0000 (cJSON cuts
         * there); then at least the part before the NUL agrees. */
        size_t vn = strlen(v->valuestring);
        if (len == vn) FUZZ_CHECK(memcmp(out, v->valuestring, len) == 0, "a text body differs from the string");
        else FUZZ_CHECK(len > vn && memcmp(out, v->valuestring, vn) == 0 && out[vn] == '\0',
                        "a text body of %zu bytes for a string of %zu", len, vn);
        FUZZ_CHECK(!fz_inputs_utf8 || fz_utf8_valid(out, len), "a text body of type '%s' is not UTF-8 (from %.200s)",
                   ct, data);
    }
    cJSON_Delete(v);
    hc_free(out);
}

static void fuzz_add_query(const char *url, const char *q)
{
    char *out = (char *)"sentinel";
    hc_error err = {0};
    hc_code rc = hc_url_add_query(url, q, &out, &err);
    FUZZ_CHECK(rc == HC_OK && out, "hc_url_add_query failed: %s", err.message);
    size_t before = strcspn(url, "#");
    size_t qn = strlen(q);
    const char *sep = "";
    if (qn) {
        if (!memchr(url, '?', before)) sep = "?";
        else if (url[before - 1] != '?' && url[before - 1] != '&') sep = "&";
    }
    size_t sn = strlen(sep);
    FUZZ_CHECK(strlen(out) == strlen(url) + sn + qn && memcmp(out, url, before) == 0 &&
                   memcmp(out + before, sep, sn) == 0 && memcmp(out + before + sn, q, qn) == 0 &&
                   strcmp(out + before + sn + qn, url + before) == 0,
               "'%.100s' + '%.100s' gave '%.200s'", url, q, out);
    hc_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned flags = data[0];
    fz_fields in;
    fz_split(data + 1, size - 1, 4, &in);
    fz_inputs_utf8 = fz_utf8_valid((const char *)data + 1, size - 1);
    const char *params = in.f[0];
    const char *ct = in.f[1] && (flags & 1) ? in.f[1] : NULL;
    const char *url = in.f[2] ? in.f[2] : "http://example.org/x";
    const char *query = in.f[3] ? in.f[3] : "";

    char *q[5] = {0};
    hc_code rc[5];
    int too_long = 0; /* some style hit the stated size limit, so the verdicts may differ */
    for (int s = 0; s < 5; s++) {
        hc_error err = {0};
        char *o = (char *)"sentinel";
        rc[s] = hc_query_encode(params, (hc_list_style)s, &o, &err);
        if (rc[s] == HC_EPARAMS && strstr(err.message, "longer than the limit")) too_long = 1;
        if (rc[s] != HC_OK) {
            FUZZ_CHECK(o == NULL, "a failed query left *out set");
            fz_check_error("hc_query_encode", rc[s], &err, FZ_CODES(HC_EJSON, HC_EPARAMS));
            continue;
        }
        FUZZ_CHECK(o != NULL, "HC_OK without a query");
        check_query(params, (hc_list_style)s, o, size);
        q[s] = o;
    }
    /* repeat_key, bracket and index name every leaf once each: same verdict, same pairs. */
    for (int s = 1; s <= 2 && !too_long; s++) {
        FUZZ_CHECK(rc[s] == rc[0], "%s gives %s but repeat_key %s for %.200s",
                   hc_list_style_name((hc_list_style)s), hc_code_name(rc[s]), hc_code_name(rc[0]),
                   params);
        /* An empty query may be one empty pair ({"":[null]} in repeat_key): not counted. */
        if (q[0] && *q[0]) FUZZ_CHECK(pairs(q[s]) == pairs(q[0]), "%s: %zu pairs, repeat_key %zu: %.200s",
                             hc_list_style_name((hc_list_style)s), pairs(q[s]), pairs(q[0]), params);
    }
    /* comma and pipe refuse more, never less. */
    for (int s = 3; s <= 4; s++)
        if (rc[0] != HC_OK && !too_long) FUZZ_CHECK(rc[s] != HC_OK, "%s accepts what repeat_key refuses",
                                       hc_list_style_name((hc_list_style)s));
    cJSON *v = params && *params ? cJSON_ParseWithOpts(params, NULL, 1) : NULL;
    if (v && flat_object(v) && rc[0] == HC_OK)
        for (int s = 1; s < 5; s++)
            FUZZ_CHECK(q[s] && strcmp(q[s], q[0]) == 0, "an object of scalars differs in style %s",
                       hc_list_style_name((hc_list_style)s));
    cJSON_Delete(v);

    hc_error err = {0};
    char *o = (char *)"sentinel";
    hc_code bad = hc_query_encode(params, (hc_list_style)(5 + (flags >> 4)), &o, &err);
    FUZZ_CHECK(bad == HC_EPARAMS || bad == HC_EJSON, "an unknown list style was accepted");
    FUZZ_CHECK(o == NULL, "a refused style left *out set");
    fz_check_error("hc_query_encode", bad, &err, FZ_CODES(HC_EJSON, HC_EPARAMS));

    if (params) fuzz_body(params, ct, q[0], rc[0]);
    fuzz_add_query(url, (flags & 2) && q[flags >> 5 & 3] ? q[flags >> 5 & 3] : query);
    for (int s = 0; s < 5; s++) hc_free(q[s]);
    fz_free(&in);
    return 0;
}
