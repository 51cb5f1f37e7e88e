/* fuzz_json: hc_json_load (internal.h), the core's reader of JSON handed to it.
 * Input: one flags byte (bit 0: allow_nul), then the JSON text.
 * Checks, against the strict reader of strict_json.h (SPEC §9's rule, written apart from
 * the core's): text it accepts (no \u0000 unless allowed) loads, and text the core loads
 * it accepts (so no bad \u escape, lone surrogate, invalid UTF-8 or nesting beyond 1,000
 * levels is ever read as something else, SPEC §12); every number node carries its own
 * digits exactly as written (they read back as its value, in document order); a loaded
 * value printed and loaded again is the same (numbers within a double's range); a refusal
 * is a JSON error with a proper message. */
#include <cjson/cJSON.h>
#include <math.h>

#include "fuzz_common.h"
#include "internal.h"
#include "strict_json.h"

/* Number nodes in document order, each with its own text. */
static int nonfinite;

static void numbers(const cJSON *n, const char *text, const char **at)
{
    for (; n; n = n->next) {
        if (cJSON_IsNumber(n)) {
            FUZZ_CHECK(n->valuestring && *n->valuestring, "a number without its text");
            const char *found = strstr(*at, n->valuestring);
            FUZZ_CHECK(found, "number text '%.60s' not found in order in the input", n->valuestring);
            *at = found + strlen(n->valuestring);
            double d = strtod(n->valuestring, NULL);
            nonfinite |= !isfinite(n->valuedouble);
            FUZZ_CHECK(d == n->valuedouble || (isinf(d) && isinf(n->valuedouble)) ||
                           (isnan(d) && isnan(n->valuedouble)),
                       "number text '%.60s' is not the value %.17g", n->valuestring, n->valuedouble);
        }
        numbers(n->child, text, at);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int allow_nul = data[0] & 1;
    fz_fields in;
    fz_split(data + 1, size - 1, 1, &in);
    const char *text = in.f[0];
    fz_inputs_utf8 = fz_utf8_valid(text, strlen(text));
    cJSON *v = NULL;
    hc_error err = {0};
    hc_code rc = hc_json_load(text, "fuzz input", allow_nul, &v, &err);
    sj r = {0};
    int first;
    int verdict = *text ? sj_check(text, strlen(text), &r, &first) : SJ_OK;
    if (rc != HC_OK) {
        FUZZ_CHECK(v == NULL, "a refused text left a value");
        fz_check_error("hc_json_load", rc, &err, FZ_CODES(HC_EJSON));
        FUZZ_CHECK(verdict != SJ_OK || (r.nul && !allow_nul), "valid JSON refused (%s): %.200s",
                   err.message, text);
        fz_free(&in);
        return 0;
    }
    FUZZ_CHECK(verdict == SJ_OK, "JSON the strict rule refuses (%d) was loaded: %.200s", verdict, text);
    FUZZ_CHECK(!r.nul || allow_nul, "a \\u0000 was loaded without allow_nul");
    if (!*text) { FUZZ_CHECK(v == NULL, "empty text gave a value"); fz_free(&in); return 0; }
    FUZZ_CHECK(v != NULL, "HC_OK without a value");
    const char *at = text;
    nonfinite = 0;
    numbers(v, text, &at);
    if (!nonfinite) { /* cJSON prints 1e400 as null */
        char *printed = cJSON_PrintUnformatted(v);
        cJSON *again = NULL;
        FUZZ_CHECK(printed && hc_json_load(printed, "printed", 1, &again, &err) == HC_OK,
                   "the value printed does not load again");
        /* Compared as printed text: cJSON_Compare cannot tell duplicate member names apart. */
        char *reprinted = cJSON_PrintUnformatted(again);
        FUZZ_CHECK(reprinted && strcmp(printed, reprinted) == 0,
                   "the value printed and loaded again differs: %.200s / %.200s", printed, reprinted);
        cJSON_free(reprinted);
        cJSON_Delete(again);
        cJSON_free(printed);
    }
    cJSON_Delete(v);
    fz_free(&in);
    return 0;
}
