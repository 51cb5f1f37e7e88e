/* fuzz_jsonbody: the strict JSON rule of SPEC §9 v2, hc_json_check and hc_json_body.
 * Input: one flags byte (bit 0: a Content-Type is given), then content-type NUL body; the
 * body runs to the end of the input and may hold NUL bytes (it is passed by length).
 * Checks, against the strict reader of strict_json.h (written apart from the core's):
 * hc_json_check accepts exactly the text it accepts, says OBJECT exactly for an object,
 * and a refusal is a JSON error with a message and the MALFORMED kind; hc_json_body is
 * NONE exactly when the body is not declared JSON (media type application/json or any
 * +json, case-insensitive, parameters ignored; no type: first byte after a BOM and
 * whitespace is '{' or '['), else the check's verdict on the text after a BOM, with the
 * offset 3 after a BOM (0 otherwise, and for a malformed body). */
#include <strings.h>

#include "fuzz_common.h"
#include "strict_json.h"

static int json_media(const char *ct)
{
    while (*ct == ' ' || *ct == '\t') ct++;
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t')) n--;
    return (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
           (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int has_ct = data[0] & 1;
    const char *rest = (const char *)data + 1;
    size_t rn = size - 1;
    const char *nul = memchr(rest, 0, rn);
    char *ct = NULL;
    const char *body = rest;
    size_t len = rn;
    if (has_ct && nul) {
        ct = strndup(rest, (size_t)(nul - rest));
        body = nul + 1;
        len = rn - (size_t)(nul - rest) - 1;
    }
    /* An exact-size copy, so a read past the end is caught. */
    char *b = malloc(len ? len : 1);
    memcpy(b, body, len);
    fz_inputs_utf8 = 1; /* messages name byte offsets, never quote the body */

    sj r;
    int first;
    int want = sj_check(b, len, &r, &first);
    hc_json_kind kind = (hc_json_kind)99;
    hc_error err = {0};
    hc_code rc = hc_json_check(b, len, &kind, &err);
    if (rc == HC_OK) {
        FUZZ_CHECK(want == SJ_OK, "hc_json_check accepted what the strict reader refuses (%d)", want);
        FUZZ_CHECK(kind == (first == '{' ? HC_JSON_OBJECT : HC_JSON_OTHER), "kind %d", kind);
    } else {
        fz_check_error("hc_json_check", rc, &err, FZ_CODES(HC_EJSON));
        FUZZ_CHECK(kind == HC_JSON_MALFORMED, "a refusal's kind is %d", kind);
        FUZZ_CHECK(want != SJ_OK, "hc_json_check refused valid JSON: %s", err.message);
    }

    size_t bom = len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t i = bom;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
    int declared = ct ? json_media(ct) : (i < len && (b[i] == '{' || b[i] == '['));
    size_t offset = 12345;
    hc_json_kind got = hc_json_body(ct, b, len, &offset);
    if (!declared) {
        FUZZ_CHECK(got == HC_JSON_NONE, "an undeclared body gave kind %d", got);
    } else {
        int w2 = sj_check(b + bom, len - bom, &r, &first);
        hc_json_kind wk = w2 != SJ_OK ? HC_JSON_MALFORMED : first == '{' ? HC_JSON_OBJECT : HC_JSON_OTHER;
        FUZZ_CHECK(got == wk, "a declared body gave kind %d, want %d", got, wk);
        FUZZ_CHECK(offset == (wk == HC_JSON_MALFORMED ? 0 : bom), "offset %zu", offset);
    }
    free(b);
    free(ct);
    return 0;
}
