/* fuzz_status: hc_status_spec_parse / hc_status_spec_match / hc_status_matches and
 * hc_http_error_message (SPEC §10).
 * Input: spec NUL method NUL url NUL reason, then the status as the last two bytes.
 * Checks: a spec is the union of its comma-separated parts (it parses exactly when every
 * part parses, and matches a status exactly when some part does), for every status
 * 0-1000; the empty spec matches nothing; hc_status_matches agrees with parse + match; the
 * HTTPError message is exactly "<METHOD> <url> returned <status>[ <reason>]". */
#include "fuzz_common.h"

static hc_status_spec *parse(const char *text, hc_code *rc)
{
    hc_error err = {0};
    hc_status_spec *s = (hc_status_spec *)&err;
    *rc = hc_status_spec_parse(text, &s, &err);
    if (*rc != HC_OK) {
        fz_check_error("hc_status_spec_parse", *rc, &err, FZ_CODES(HC_ESTATUSSPEC));
        return NULL;
    }
    FUZZ_CHECK(s != NULL && s != (hc_status_spec *)&err, "HC_OK without a spec");
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_fields in;
    fz_split(data, size, 4, &in);
    fz_inputs_utf8 = fz_utf8_valid((const char *)data, size);
    const char *spec = in.f[0];
    int status = size >= 2 ? (data[size - 2] << 8 | data[size - 1]) % 1100 : 404;

    hc_code rc;
    hc_status_spec *whole = parse(spec, &rc);
    /* The parts between commas. */
    size_t n = strlen(spec), parts = 0, cap = 1;
    for (size_t i = 0; i < n; i++) cap += spec[i] == ',';
    if (cap <= 64) {
        hc_status_spec **part = calloc(cap, sizeof *part);
        int all_ok = 1;
        const char *p = spec;
        for (;;) {
            size_t k = strcspn(p, ",");
            char *t = strndup(p, k);
            hc_code prc;
            part[parts++] = parse(t, &prc);
            all_ok &= prc == HC_OK;
            free(t);
            if (!p[k]) break;
            p += k + 1;
        }
        FUZZ_CHECK((rc == HC_OK) == all_ok, "'%.200s' %s but its parts %s", spec,
                   rc == HC_OK ? "parses" : "fails", all_ok ? "all parse" : "do not");
        if (whole)
            for (int st = 0; st <= 1000; st++) {
                int any = 0;
                for (size_t i = 0; i < parts; i++) any |= hc_status_spec_match(part[i], st);
                FUZZ_CHECK(hc_status_spec_match(whole, st) == any, "'%.200s' on %d: %d, parts %d",
                           spec, st, hc_status_spec_match(whole, st), any);
            }
        for (size_t i = 0; i < parts; i++) hc_status_spec_delete(part[i]);
        free(part);
    }
    if (whole) {
        int m = -1;
        hc_error err = {0};
        FUZZ_CHECK(hc_status_matches(spec, status, &m, &err) == HC_OK &&
                       m == hc_status_spec_match(whole, status),
                   "hc_status_matches disagrees on %d", status);
    }
    hc_status_spec_delete(whole);
    hc_status_spec *empty = parse("", &rc);
    FUZZ_CHECK(rc == HC_OK && !hc_status_spec_match(empty, status), "the empty spec matched");
    hc_status_spec_delete(empty);

    const char *method = in.f[1] ? in.f[1] : "GET", *url = in.f[2] ? in.f[2] : "http://h/";
    const char *reason = in.f[3] ? in.f[3] : "";
    char *msg = hc_http_error_message(method, url, status, reason);
    FUZZ_CHECK(msg != NULL, "no message");
    char want_head[64];
    snprintf(want_head, sizeof want_head, " returned %d", status);
    size_t ml = strlen(method), ul = strlen(url), hl = strlen(want_head), rl = strlen(reason);
    size_t want_len = ml + 1 + ul + hl + (rl ? 1 + rl : 0);
    FUZZ_CHECK(strlen(msg) == want_len && memcmp(msg, method, ml) == 0 && msg[ml] == ' ' &&
                   memcmp(msg + ml + 1, url, ul) == 0 && memcmp(msg + ml + 1 + ul, want_head, hl) == 0 &&
                   (!rl || (msg[ml + 1 + ul + hl] == ' ' && strcmp(msg + ml + 2 + ul + hl, reason) == 0)),
               "message '%.300s'", msg);
    hc_free(msg);
    fz_free(&in);
    return 0;
}
