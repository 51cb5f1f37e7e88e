/* headers.c: an ordered set of HTTP headers with case-insensitive names (SPEC §6). Names must
 * be RFC 7230 tokens and values may not hold CR, LF or NUL, which stops header injection
 * before anything is sent. A hash index keeps lookups O(1) even for hostile servers. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* One allocation per header: "name\0value\0", name at its start (what is freed). */
typedef struct entry {
    char *name;
    char *value;
} entry;

static char *make_block(const char *name, size_t nn, const char *value, size_t vn,
                        char **value_out)
{
    char *b = malloc(nn + vn + 2);
    if (!b) return NULL;
    memcpy(b, name, nn);
    b[nn] = '\0';
    memcpy(b + nn + 1, value, vn);
    b[nn + 1 + vn] = '\0';
    *value_out = b + nn + 1;
    return b;
}

/* items[] keeps insertion order; slots[] is an open-addressing index into it (0 = empty,
 * else item index + 1), sized a power of two at least twice the item count. Without it a
 * server sending tens of thousands of response headers makes appending quadratic. */
struct hc_headers {
    entry *items;
    size_t n, cap;
    size_t *slots;
    size_t nslots;
};

#define NOT_FOUND SIZE_MAX

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static size_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a over the ASCII-lowercased name */
    for (; *s; s++) h = (h ^ fold((unsigned char)*s)) * 1099511628211u;
    return (size_t)h;
}

/* The slot holding `name`, or the empty slot where it would go. nslots must be > n. */
static size_t probe(const hc_headers *h, const char *name)
{
    size_t mask = h->nslots - 1, i = name_hash(name) & mask;
    while (h->slots[i] && !hc_strcaseeq(h->items[h->slots[i] - 1].name, name)) i = (i + 1) & mask;
    return i;
}

static size_t find(const hc_headers *h, const char *name)
{
    if (!h || !name || !h->nslots) return NOT_FOUND;
    size_t s = h->slots[probe(h, name)];
    return s ? s - 1 : NOT_FOUND;
}

/* Rebuilds the index in `slots` (nslots entries, already allocated). */
static void reindex(hc_headers *h, size_t *slots, size_t nslots)
{
    memset(slots, 0, nslots * sizeof *slots);
    h->slots = slots;
    h->nslots = nslots;
    for (size_t i = 0; i < h->n; i++) slots[probe(h, h->items[i].name)] = i + 1;
}

/* Makes room for one more item, in the list and in the index. */
static int reserve_one(hc_headers *h)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16; /* a typical response fits at once */
        entry *items = realloc(h->items, cap * sizeof *items);
        if (!items) return 0;
        h->items = items;
        h->cap = cap;
    }
    if ((h->n + 1) * 2 > h->nslots) {
        size_t nslots = h->nslots ? h->nslots * 2 : 32;
        size_t *slots = malloc(nslots * sizeof *slots);
        if (!slots) return 0;
        free(h->slots);
        reindex(h, slots, nslots);
    }
    return 1;
}

hc_headers *hc_headers_new(void) { return calloc(1, sizeof(hc_headers)); }

void hc_headers_delete(hc_headers *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++) free(h->items[i].name);
    free(h->items);
    free(h->slots);
    free(h);
}

/* ---- validation ------------------------------------------------------------------- */

/* cJSON ends a string at an escaped NUL ("a\u0000b" reads as "a"), which would silently
 * change a header. So merge_json turns NUL escapes into U+2400 (SYMBOL FOR NULL, an escape
 * of the same length) before parsing, and refuses a member holding one. */
#define NUL_SYMBOL "\xE2\x90\x80"

static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A header name as it can safely appear in a message: printable ASCII as is, anything else
 * escaped (so a message never carries the CR/LF it complains about, and stays valid UTF-8
 * for the bindings), cut with "..." when long. Values are never shown: they may be secrets. */
static const char *shown(const char *name, int nul_marked, char out[static 96])
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (o > 80) { memcpy(out + o, "...", 4); return out; }
        if (nul_marked && strncmp((const char *)p, NUL_SYMBOL, 3) == 0) {
            o += (size_t)sprintf(out + o, "\\x00");
            p += 2;
        } else if (*p == '\r') o += (size_t)sprintf(out + o, "\\r");
        else if (*p == '\n') o += (size_t)sprintf(out + o, "\\n");
        else if (*p < 0x20 || *p >= 0x7f || *p == '\\')
            o += (size_t)sprintf(out + o, "\\x%02X", *p);
        else out[o++] = (char)*p;
    }
    out[o] = '\0';
    return out;
}

static hc_code check(const char *name, const char *value, hc_error *err)
{
    char buf[96];
    if (!name || !*name) return hc_fail(err, HC_EHEADER, "a header name must not be empty");
    if (hc_has_crlf(name))
        return hc_fail(err, HC_EHEADER, "header name '%s' contains CR or LF (header injection)",
                       shown(name, 0, buf));
    for (const char *p = name; *p; p++)
        if (!is_tchar((unsigned char)*p))
            return hc_fail(err, HC_EHEADER,
                           "header name '%s' is not a token: only letters, digits and "
                           "!#$%%&'*+-.^_`|~ are allowed", shown(name, 0, buf));
    if (!value) return hc_fail(err, HC_EHEADER, "header '%s' has no value", shown(name, 0, buf));
    if (hc_has_crlf(value))
        return hc_fail(err, HC_EHEADER, "the value of header '%s' contains CR or LF "
                       "(header injection)", shown(name, 0, buf));
    return HC_OK;
}

/* ---- the set ---------------------------------------------------------------------- */

/* Sets (or, with append, extends) one header; block is name and value in one allocation
 * (make_block), owned by the set from here on, also when this fails. */
static hc_code put_block(hc_headers *h, char *block, char *value, int append, hc_error *err)
{
    const char *name = block;
    size_t i = find(h, name);
    if (i != NOT_FOUND && append) {
        const entry *old = &h->items[i];
        size_t nn = strlen(old->name), on = strlen(old->value), vn = strlen(value);
        char *joined = malloc(nn + on + vn + 4);
        if (!joined) { free(block); return hc_fail(err, HC_ENOMEM, "out of memory"); }
        memcpy(joined, old->name, nn + 1); /* the first spelling stays */
        char *v = joined + nn + 1;
        memcpy(v, old->value, on);
        memcpy(v + on, ", ", 2);
        memcpy(v + on + 2, value, vn + 1);
        free(block);
        free(h->items[i].name);
        h->items[i].name = joined;
        h->items[i].value = v;
        return HC_OK;
    }
    if (i == NOT_FOUND && !reserve_one(h)) {
        free(block);
        return hc_fail(err, HC_ENOMEM, "out of memory");
    }
    if (i != NOT_FOUND) { /* same slot: the names hash alike whatever their case */
        free(h->items[i].name);
    } else {
        i = h->n++;
        h->slots[probe(h, name)] = i + 1;
    }
    h->items[i].name = block; /* the new spelling wins */
    h->items[i].value = value;
    return HC_OK;
}

static hc_code put(hc_headers *h, const char *name, const char *value, int append,
                   hc_error *err)
{
    if (!h) return hc_fail(err, HC_EINVAL, "no header set given");
    hc_code rc = check(name, value, err);
    if (rc != HC_OK) return rc;
    char *v, *block = make_block(name, strlen(name), value, strlen(value), &v);
    if (!block) return hc_fail(err, HC_ENOMEM, "out of memory");
    return put_block(h, block, v, append, err);
}

/* A header line as received: name and value given by length, appended (a repeated
 * header joins the earlier one). Not a token name, or CR/LF in it: dropped, not fatal. */
int hc_headers_add_received(hc_headers *h, const char *name, size_t nn, const char *value,
                            size_t vn)
{
    if (!h || !nn) return 0;
    for (size_t k = 0; k < nn; k++)
        if (!is_tchar((unsigned char)name[k])) return 0;
    if (memchr(value, '\r', vn) || memchr(value, '\n', vn) || memchr(value, '\0', vn)) return 0;
    char *v, *block = make_block(name, nn, value, vn, &v);
    if (!block) return 0;
    hc_error err;
    return put_block(h, block, v, 1, &err) == HC_OK;
}

hc_code hc_headers_set(hc_headers *h, const char *name, const char *value, hc_error *err)
{
    return put(h, name, value, 0, err);
}

hc_code hc_headers_append(hc_headers *h, const char *name, const char *value, hc_error *err)
{
    return put(h, name, value, 1, err);
}

hc_headers *hc_headers_copy(const hc_headers *h)
{
    hc_headers *c = hc_headers_new();
    if (!c || !h || !h->n) return c;
    c->items = calloc(h->n, sizeof *c->items);
    c->slots = malloc(h->nslots * sizeof *c->slots);
    if (!c->items || !c->slots) { hc_headers_delete(c); return NULL; }
    c->cap = h->n;
    for (; c->n < h->n; c->n++) {
        entry *e = &c->items[c->n];
        const entry *from = &h->items[c->n];
        size_t nn = (size_t)(from->value - from->name) - 1;
        e->name = malloc(nn + 1 + strlen(from->value) + 1);
        if (!e->name) { hc_headers_delete(c); return NULL; }
        memcpy(e->name, from->name, nn + 1 + strlen(from->value) + 1);
        e->value = e->name + nn + 1;
    }
    memcpy(c->slots, h->slots, h->nslots * sizeof *c->slots); /* same items, same index */
    c->nslots = h->nslots;
    return c;
}

int hc_headers_remove(hc_headers *h, const char *name)
{
    size_t i = find(h, name);
    if (i == NOT_FOUND) return 0;
    free(h->items[i].name);
    memmove(&h->items[i], &h->items[i + 1], (h->n - i - 1) * sizeof *h->items);
    h->n--;
    reindex(h, h->slots, h->nslots); /* later items moved down one place; removal is rare */
    return 1;
}

const char *hc_headers_get(const hc_headers *h, const char *name)
{
    size_t i = find(h, name);
    return i == NOT_FOUND ? NULL : h->items[i].value;
}

size_t hc_headers_count(const hc_headers *h) { return h ? h->n : 0; }

const char *hc_headers_name(const hc_headers *h, size_t i)
{
    return h && i < h->n ? h->items[i].name : NULL;
}

const char *hc_headers_value(const hc_headers *h, size_t i)
{
    return h && i < h->n ? h->items[i].value : NULL;
}

/* ---- JSON ------------------------------------------------------------------------- */

/* *copy: NULL when json has no NUL escape, else a marked copy. 0 when out of memory. */
static int mark_nul_escapes(const char *json, char **copy)
{
    *copy = NULL;
    for (const char *p = json; *p; p++) {
        if (*p != '\\' || !p[1]) continue;
        if (p[1] == 'u' && strncmp(p + 2, "0000", 4) == 0) {
            if (!*copy && !(*copy = hc_strdup(json))) return 0;
            memcpy(*copy + (p - json) + 2, "2400", 4);
        }
        p++; /* the escaped character is never the start of another escape */
    }
    return 1;
}

/* Every member is checked before any is applied, so a bad one leaves h as it was. */
static hc_code check_member(const cJSON *item, int had_nul, hc_error *err)
{
    char buf[96];
    const char *name = item->string;
    if (!cJSON_IsString(item) && !cJSON_IsNumber(item) && !cJSON_IsBool(item) &&
        !cJSON_IsNull(item))
        return hc_fail(err, HC_EJSON, "header '%s' must be a string, number, boolean or null",
                       shown(name, 0, buf));
    if (had_nul && (strstr(name, NUL_SYMBOL) ||
                    (cJSON_IsString(item) && strstr(item->valuestring, NUL_SYMBOL))))
        return hc_fail(err, HC_EHEADER, "header '%s' contains a NUL character",
                       shown(name, 1, buf));
    return check(name, cJSON_IsString(item) ? item->valuestring : "", err);
}

hc_code hc_headers_merge_json(hc_headers *h, const char *obj_json, hc_error *err)
{
    if (!h) return hc_fail(err, HC_EINVAL, "no header set given");
    if (!obj_json) obj_json = "";
    char *marked;
    if (!mark_nul_escapes(obj_json, &marked)) return hc_fail(err, HC_ENOMEM, "out of memory");
    cJSON *obj = cJSON_ParseWithOpts(marked ? marked : obj_json, NULL, 1);
    int had_nul = marked != NULL;
    free(marked);
    if (!cJSON_IsObject(obj)) {
        cJSON_Delete(obj);
        return hc_fail(err, HC_EJSON, "headers must be a JSON object of name: value");
    }
    hc_code rc = HC_OK;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        if ((rc = check_member(item, had_nul, err)) != HC_OK) break;
    }
    cJSON_ArrayForEach(item, obj) {
        if (rc != HC_OK) break;
        if (cJSON_IsNull(item)) {
            hc_headers_remove(h, item->string);
        } else if (cJSON_IsString(item)) {
            rc = hc_headers_set(h, item->string, item->valuestring, err);
        } else { /* a number or boolean is sent as its JSON text */
            char *text = cJSON_PrintUnformatted(item);
            rc = text ? hc_headers_set(h, item->string, text, err)
                      : hc_fail(err, HC_ENOMEM, "out of memory");
            cJSON_free(text);
        }
    }
    cJSON_Delete(obj);
    return rc;
}

char *hc_headers_to_json(const hc_headers *h)
{
    cJSON *obj = cJSON_CreateObject();
    for (size_t i = 0; obj && h && i < h->n; i++)
        if (!cJSON_AddStringToObject(obj, h->items[i].name, h->items[i].value)) {
            cJSON_Delete(obj);
            obj = NULL;
        }
    char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;
    cJSON_Delete(obj);
    char *out = hc_strdup(text); /* ours is released with hc_free, cJSON's with cJSON_free */
    cJSON_free(text);
    return out;
}
