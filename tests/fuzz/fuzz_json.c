/* fuzz_json: hc_json_load (internal.h), the core's reader of JSON handed to it.
 * Input: one flags byte (bit 0: allow_nul), then the JSON text.
 * Checks, against a strict RFC 8259 reader written here: text it accepts (nesting within
 * cJSON's limit, no \u0000 unless allowed) loads; text the core loads has no \u escape that
 * is not four hex digits or that leaves a lone surrogate (SPEC §12: refused, never read as
 * something else); every number node carries its own digits exactly as written (they
 * read back as its value, in document order); a loaded value printed and loaded again is
 * the same value (numbers within a double's range); a refusal is a JSON error with a proper message. */
#include <cjson/cJSON.h>
#include <math.h>

#include "fuzz_common.h"
#include "internal.h"

enum { J_OK, J_SYNTAX, J_ESCAPE, J_DEEP, J_NUL };

typedef struct jr { const char *p; int depth, max_depth, nul, bad_escape; } jr;

static void ws(jr *r) { while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r') r->p++; }

static int hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        if (!fz_is_hex(s[i])) return 0;
        *v = *v * 16 + (unsigned)(s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
    }
    return 1;
}

static int string(jr *r)
{
    r->p++;
    for (;;) {
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') { r->p++; return 1; }
        if (c < 0x20) return 0;
        if (c != '\\') { r->p++; continue; }
        c = (unsigned char)*++r->p;
        if (c && strchr("\"\\/bfnrt", c)) { r->p++; continue; }
        if (c != 'u') return 0;
        unsigned u, lo;
        if (!hex4(r->p + 1, &u)) { r->bad_escape = 1; return 0; }
        r->p += 5;
        if (u == 0) r->nul = 1;
        if (u >= 0xDC00 && u <= 0xDFFF) { r->bad_escape = 1; return 0; }
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (r->p[0] != '\\' || r->p[1] != 'u' || !hex4(r->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                r->bad_escape = 1;
                return 0;
            }
            r->p += 6;
        }
    }
}

static int number(jr *r)
{
    const char *p = r->p;
    if (*p == '-') p++;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (*p >= '0' && *p <= '9') p++;
    else return 0;
    if (*p == '.') { p++; if (!(*p >= '0' && *p <= '9')) return 0; while (*p >= '0' && *p <= '9') p++; }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    r->p = p;
    return 1;
}

static int value(jr *r)
{
    ws(r);
    char c = *r->p;
    if (c == '{' || c == '[') {
        if (++r->depth > r->max_depth) r->max_depth = r->depth;
        char close = c == '{' ? '}' : ']';
        r->p++;
        ws(r);
        if (*r->p == close) { r->p++; r->depth--; return 1; }
        for (;;) {
            if (c == '{') {
                ws(r);
                if (*r->p != '"' || !string(r)) return 0;
                ws(r);
                if (*r->p++ != ':') return 0;
            }
            if (!value(r)) return 0;
            ws(r);
            if (*r->p == ',') { r->p++; continue; }
            if (*r->p++ != close) return 0;
            r->depth--;
            return 1;
        }
    }
    if (c == '"') return string(r);
    if (c == '-' || (c >= '0' && c <= '9')) return number(r);
    for (const char *const *w = (const char *const[]){"true", "false", "null", NULL}; *w; w++)
        if (strncmp(r->p, *w, strlen(*w)) == 0) { r->p += strlen(*w); return 1; }
    return 0;
}

static int strict(const char *text, jr *r)
{
    memset(r, 0, sizeof *r);
    r->p = text;
    if (!value(r)) return r->bad_escape ? J_ESCAPE : J_SYNTAX;
    ws(r);
    if (*r->p) return J_SYNTAX;
    if (r->max_depth > 900) return J_DEEP; /* cJSON stops at 1000 levels */
    return r->nul ? J_NUL : J_OK;
}

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
    jr r;
    int verdict = *text ? strict(text, &r) : J_OK;
    if (rc != HC_OK) {
        FUZZ_CHECK(v == NULL, "a refused text left a value");
        fz_check_error("hc_json_load", rc, &err, FZ_CODES(HC_EJSON));
        FUZZ_CHECK(verdict != J_OK && !(verdict == J_NUL && allow_nul),
                   "valid JSON refused (%s): %.200s", err.message, text);
        fz_free(&in);
        return 0;
    }
    FUZZ_CHECK(verdict != J_ESCAPE, "a bad \\u escape was loaded: %.200s", text);
    FUZZ_CHECK(verdict != J_NUL || allow_nul, "a \\u0000 was loaded without allow_nul");
    if (!*text) { FUZZ_CHECK(v == NULL, "empty text gave a value"); fz_free(&in); return 0; }
    FUZZ_CHECK(v != NULL, "HC_OK without a value");
    const char *at = text;
    nonfinite = 0;
    numbers(v, text, &at);
    if (verdict == J_OK && !nonfinite) { /* cJSON prints 1e400 as null */
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
