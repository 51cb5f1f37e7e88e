/* fuzz_headers: the hc_headers_* set (SPEC §6), driven by the input as a list of ops, each
 * checked against a plain model (an ordered list compared case-insensitively):
 *   op byte % 8: 0 set, 1 append, 2 remove, 3 get, 4 merge_json, 5 to_json round trip,
 *   6 copy, 7 hc_headers_add_received (a response header line, by length).
 *   A name is a length byte (bit 7: one of a few stock names in a case given by bits 3-4)
 *   and that many bytes; a value a length byte and bytes; merge_json's text a two-byte
 *   length and bytes.
 * Checks: set/append succeed exactly for an RFC 7230 token name and a value without CR or
 * LF, and then get gives the value back; the order, spelling and values always equal the
 * model's; remove says whether there was one; a failed merge_json changes nothing, a
 * successful one holds each string member it was given, refuses a \u escape that is not
 * four hex digits (SPEC §12), and merging to_json into an empty set gives the same set; a
 * copy is equal and independent. */
#include <cjson/cJSON.h>
#include <strings.h>

#include "fuzz_common.h"
#include "internal.h"

#define MAXH 65536 /* more than a 64 KiB input can make */

typedef struct model { char *name[MAXH]; char *value[MAXH]; size_t n; } model;

static int tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}
static int token(const char *s, size_t n)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) if (!tchar((unsigned char)s[i])) return 0;
    return 1;
}

static long find(const model *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++) if (strcasecmp(m->name[i], name) == 0) return (long)i;
    return -1;
}

static void m_put(model *m, const char *name, const char *value, int append)
{
    long i = find(m, name);
    if (i >= 0 && append) {
        size_t a = strlen(m->value[i]), b = strlen(value);
        char *v = malloc(a + b + 3);
        memcpy(v, m->value[i], a);
        memcpy(v + a, ", ", 2);
        memcpy(v + a + 2, value, b + 1);
        free(m->value[i]);
        m->value[i] = v;
    } else if (i >= 0) {
        free(m->name[i]); free(m->value[i]);
        m->name[i] = strdup(name);
        m->value[i] = strdup(value);
    } else if (m->n < MAXH) {
        m->name[m->n] = strdup(name);
        m->value[m->n++] = strdup(value);
    }
}

static int m_remove(model *m, const char *name)
{
    long i = find(m, name);
    if (i < 0) return 0;
    free(m->name[i]); free(m->value[i]);
    memmove(m->name + i, m->name + i + 1, (m->n - (size_t)i - 1) * sizeof *m->name);
    memmove(m->value + i, m->value + i + 1, (m->n - (size_t)i - 1) * sizeof *m->value);
    m->n--;
    return 1;
}

static void m_clear(model *m)
{
    for (size_t i = 0; i < m->n; i++) { free(m->name[i]); free(m->value[i]); }
    m->n = 0;
}

/* After an op the model cannot follow in detail (merge_json), it is read back from h. */
static void m_load(model *m, const hc_headers *h)
{
    m_clear(m);
    for (size_t i = 0; i < hc_headers_count(h) && i < MAXH; i++) {
        m->name[i] = strdup(hc_headers_name(h, i));
        m->value[i] = strdup(hc_headers_value(h, i));
        m->n++;
    }
}

static void same(const hc_headers *h, const model *m, const char *what)
{
    FUZZ_CHECK(hc_headers_count(h) == m->n, "%s: %zu headers, model %zu", what, hc_headers_count(h), m->n);
    for (size_t i = 0; i < m->n; i++) {
        FUZZ_CHECK(strcmp(hc_headers_name(h, i), m->name[i]) == 0 &&
                       strcmp(hc_headers_value(h, i), m->value[i]) == 0,
                   "%s: header %zu is '%.60s: %.60s', model '%.60s: %.60s'", what, i,
                   hc_headers_name(h, i), hc_headers_value(h, i), m->name[i], m->value[i]);
        const char *g = hc_headers_get(h, m->name[i]);
        FUZZ_CHECK(g && strcmp(g, m->value[i]) == 0, "%s: get('%.60s') differs", what, m->name[i]);
    }
}

static const char *stock[8] = {"Accept", "Authorization", "Content-Type", "X-A",
                               "If-Match", "Cookie", "A", "x-a"};

typedef struct reader { const uint8_t *p; size_t n; } reader;

static size_t take(reader *r, size_t want, const uint8_t **at)
{
    if (want > r->n) want = r->n;
    *at = r->p;
    r->p += want;
    r->n -= want;
    return want;
}

static int byte(reader *r) { const uint8_t *at; return take(r, 1, &at) ? *at : -1; }

/* A name or value as a heap string (may hold NUL when raw; *len says how long). */
static char *field(reader *r, int stock_ok, size_t *len)
{
    int l = byte(r);
    if (l < 0) l = 0;
    if (stock_ok && (l & 0x80)) {
        char *s = strdup(stock[l & 7]);
        int c = (l >> 3) & 3;
        for (char *p = s; *p; p++)
            if (c == 1) *p = (char)(*p | ((*p >= 'A' && *p <= 'Z') ? 0x20 : 0));
            else if (c == 2 && *p >= 'a' && *p <= 'z') *p = (char)(*p - 0x20);
        *len = strlen(s);
        return s;
    }
    const uint8_t *at;
    size_t n = take(r, stock_ok ? (size_t)(l & 0x3f) : (size_t)l, &at);
    char *s = malloc(n + 1);
    memcpy(s, at, n);
    s[n] = '\0';
    *len = n;
    return s;
}

static int bad_u_escape(const char *t)
{
    for (; *t; t++)
        if (*t == '\\') {
            if (t[1] == 'u' && !(fz_is_hex(t[2]) && fz_is_hex(t[3]) && fz_is_hex(t[4]) && fz_is_hex(t[5])))
                return 1;
            if (t[1]) t++;
        }
    return 0;
}

static model M;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    hc_headers *h = hc_headers_new();
    FUZZ_CHECK(h != NULL, "hc_headers_new");
    m_clear(&M);
    int op;
    while ((op = byte(&r)) >= 0) {
        size_t nn = 0, vn = 0;
        char *name = NULL, *value = NULL;
        hc_error err = {0};
        switch (op % 8) {
        case 0: case 1: {
            name = field(&r, 1, &nn);
            value = field(&r, 0, &vn);
            fz_inputs_utf8 = fz_utf8_valid(name, nn);
            if (nn != strlen(name) || vn != strlen(value)) break; /* a C string stops at NUL */
            int valid = token(name, nn) && !strpbrk(value, "\r\n");
            hc_code rc = op % 8 ? hc_headers_append(h, name, value, &err)
                                : hc_headers_set(h, name, value, &err);
            FUZZ_CHECK((rc == HC_OK) == valid, "%s('%.60s') gave %s", op % 8 ? "append" : "set",
                       name, hc_code_name(rc));
            if (rc != HC_OK) fz_check_error("hc_headers_set", rc, &err, FZ_CODES(HC_EHEADER));
            else if (M.n < MAXH || find(&M, name) >= 0) m_put(&M, name, value, op % 8);
            else m_load(&M, h);
            if (rc == HC_OK && op % 8 == 0)
                FUZZ_CHECK(strcmp(hc_headers_get(h, name), value) == 0, "set then get differs");
            break;
        }
        case 2: {
            name = field(&r, 1, &nn);
            int had = find(&M, name) >= 0;
            FUZZ_CHECK(hc_headers_remove(h, name) == had, "remove('%.60s') != %d", name, had);
            m_remove(&M, name);
            break;
        }
        case 3: {
            name = field(&r, 1, &nn);
            long i = find(&M, name);
            const char *g = hc_headers_get(h, name);
            FUZZ_CHECK((i < 0) == (g == NULL) && (i < 0 || strcmp(g, M.value[i]) == 0),
                       "get('%.60s')", name);
            break;
        }
        case 4: {
            int hi = byte(&r), lo = byte(&r);
            const uint8_t *at;
            size_t n = take(&r, (size_t)((hi < 0 ? 0 : hi) << 8 | (lo < 0 ? 0 : lo)), &at);
            value = malloc(n + 1);
            memcpy(value, at, n);
            value[n] = '\0';
            fz_inputs_utf8 = fz_utf8_valid(value, n);
            char *before = hc_headers_to_json(h);
            hc_code rc = hc_headers_merge_json(h, value, &err);
            char *after = hc_headers_to_json(h);
            if (rc != HC_OK) {
                fz_check_error("hc_headers_merge_json", rc, &err, FZ_CODES(HC_EJSON, HC_EHEADER));
                FUZZ_CHECK(strcmp(before, after) == 0, "a failed merge_json changed the set");
            } else {
                FUZZ_CHECK(!bad_u_escape(value), "merge_json accepted a bad \\u escape: %.200s", value);
                cJSON *obj = cJSON_Parse(value), *mem;
                FUZZ_CHECK(cJSON_IsObject(obj), "merge_json accepted a non-object");
                cJSON_ArrayForEach(mem, obj) {
                    int dup = 0;
                    for (cJSON *o = mem->next; o; o = o->next) dup |= strcasecmp(o->string, mem->string) == 0;
                    if (dup) continue; /* a later member of the same name wins */
                    const char *g = hc_headers_get(h, mem->string);
                    if (cJSON_IsString(mem))
                        FUZZ_CHECK(g && strcmp(g, mem->valuestring) == 0, "merged '%.60s' differs", mem->string);
                    else if (cJSON_IsNull(mem))
                        FUZZ_CHECK(g == NULL, "merged null '%.60s' is still set", mem->string);
                }
                cJSON_Delete(obj);
                m_load(&M, h);
            }
            free(before);
            free(after);
            break;
        }
        case 5: {
            char *j = hc_headers_to_json(h);
            FUZZ_CHECK(j != NULL, "to_json");
            cJSON *obj = cJSON_Parse(j);
            FUZZ_CHECK(cJSON_IsObject(obj) && (size_t)cJSON_GetArraySize(obj) == M.n, "to_json: %.200s", j);
            /* Merging back: only for UTF-8 values. set takes any bytes but CR, LF and NUL, and
             * JSON holding other bytes breaks the strict rule; values from the bindings, the
             * .halchemy file and responses (transcoded, SPEC §9) are always UTF-8. */
            int utf8 = 1;
            for (size_t i = 0; i < M.n; i++) utf8 &= fz_str_utf8(M.name[i]) && fz_str_utf8(M.value[i]);
            if (utf8) {
                hc_headers *back = hc_headers_new();
                FUZZ_CHECK(hc_headers_merge_json(back, j, &err) == HC_OK, "to_json does not merge back: %s",
                           err.message);
                same(back, &M, "to_json round trip");
                hc_headers_delete(back);
            }
            cJSON_Delete(obj);
            hc_free(j);
            break;
        }
        case 6: {
            hc_headers *c = hc_headers_copy(h);
            same(c, &M, "copy");
            FUZZ_CHECK(hc_headers_set(c, "X-Copy-Only", "1", &err) == HC_OK, "set on a copy");
            FUZZ_CHECK(hc_headers_get(h, "X-Copy-Only") == NULL || find(&M, "X-Copy-Only") >= 0,
                       "a copy shares its set");
            hc_headers_delete(h);
            h = c;
            hc_headers_remove(h, "X-Copy-Only");
            if (find(&M, "X-Copy-Only") >= 0) m_remove(&M, "X-Copy-Only");
            break;
        }
        case 7: {
            name = field(&r, 1, &nn);
            value = field(&r, 0, &vn);
            int valid = token(name, nn) && !memchr(value, '\r', vn) && !memchr(value, '\n', vn) &&
                        !memchr(value, '\0', vn);
            int got = hc_headers_add_received(h, name, nn, value, vn);
            FUZZ_CHECK(got == valid, "add_received('%.60s') = %d", name, got);
            if (got) {
                if (M.n < MAXH || find(&M, name) >= 0) m_put(&M, name, value, 1);
                else m_load(&M, h);
            }
            break;
        }
        }
        free(name);
        free(value);
        if (M.n <= 64) same(h, &M, "after an op");
        else FUZZ_CHECK(hc_headers_count(h) == M.n, "count %zu, model %zu", hc_headers_count(h), M.n);
    }
    same(h, &M, "at the end");
    hc_headers_delete(h);
    m_clear(&M);
    return 0;
}
