/* headers.c: an ordered set of HTTP headers with case-insensitive names (SPEC §6). Names must
 * be RFC 7230 tokens and values may not hold CR, LF or NUL, which stops header injection
 * before anything is sent. A hash index keeps lookups O(1) even for hostile servers. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* One allocation per header, "name\0value\0", name at its start (what is freed). cap is
 * the block's size: a value that keeps being appended to (a server repeating a header)
 * grows it by doubling, so n repeats cost O(total length), not O(n * length). */
typedef struct entry {
    char *name;   /* NULL: removed, a hole until the next compaction */
    char *value;
    size_t name_len, value_len, cap;
    uint64_t hash; /* of the lower-cased name, kept for the index */
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
 * else item index + 1), sized a power of two at least twice the live count. Without it a
 * server sending tens of thousands of response headers makes appending quadratic.
 * Removal (SPEC §12, issue 10) leaves a hole in items[] and takes the name out of the
 * index at once (backward-shift deletion), so it is O(1); the holes are squeezed out in
 * one pass when they outnumber the live headers, when items[] is full, or before the set
 * is read by position (hc_headers_name/value/count), so positions always count live
 * headers only. A run of removals therefore costs O(1) each, amortized. */
struct hc_headers {
    entry *items;
    size_t n, cap;  /* items used (holes included), allocated */
    size_t dead;    /* holes among the n */
    size_t *slots;
    size_t nslots;
    uint64_t seed;  /* per set: a server cannot choose names that all land in one slot */
};

#define NOT_FOUND SIZE_MAX

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* FNV-1a over the ASCII-lowercased name, started from the set's seed and finished with
 * a 64-bit mix (MurmurHash3's fmix64), so the slot depends on every bit of the state. */
static uint64_t name_hash(const hc_headers *h, const char *s)
{
    uint64_t x = 1469598103934665603u ^ h->seed;
    for (; *s; s++) x = (x ^ fold((unsigned char)*s)) * 1099511628211u;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53u;
    return x ^ (x >> 33);
}

/* The slot holding `name` (hash `hv`), or the empty slot where it would go. */
static size_t probe(const hc_headers *h, const char *name, uint64_t hv)
{
    size_t mask = h->nslots - 1, i = (size_t)hv & mask;
    while (h->slots[i]) {
        const entry *e = &h->items[h->slots[i] - 1];
        if (e->hash == hv && hc_strcaseeq(e->name, name)) break;
        i = (i + 1) & mask;
    }
    return i;
}

static size_t find(const hc_headers *h, const char *name)
{
    if (!h || !name || !h->nslots) return NOT_FOUND;
    size_t s = h->slots[probe(h, name, name_hash(h, name))];
    return s ? s - 1 : NOT_FOUND;
}

/* Rebuilds the index in `slots` (nslots entries, already allocated) from the live items. */
static void reindex(hc_headers *h, size_t *slots, size_t nslots)
{
    memset(slots, 0, nslots * sizeof *slots);
    h->slots = slots;
    h->nslots = nslots;
    size_t mask = nslots - 1;
    for (size_t i = 0; i < h->n; i++) {
        if (!h->items[i].name) continue;
        size_t j = (size_t)h->items[i].hash & mask;
        while (slots[j]) j = (j + 1) & mask; /* names in a set are distinct */
        slots[j] = i + 1;
    }
}

/* Takes slot s out of the index, moving later members of its cluster back so that every
 * name stays reachable from its home slot (linear probing without tombstones). */
static void unslot(hc_headers *h, size_t s)
{
    size_t mask = h->nslots - 1;
    h->slots[s] = 0;
    for (size_t j = (s + 1) & mask; h->slots[j]; j = (j + 1) & mask) {
        size_t home = (size_t)h->items[h->slots[j] - 1].hash & mask;
        /* j's entry may move to s unless its home lies cyclically in (s, j] */
        int stays = s <= j ? (s < home && home <= j) : (s < home || home <= j);
        if (stays) continue;
        h->slots[s] = h->slots[j];
        h->slots[j] = 0;
        s = j;
    }
}

/* Squeezes the holes out of items[] (order kept) and rebuilds the index, smaller when
 * most of the set was removed. Costs O(n + nslots); run only after n/2 removals or before
 * a read by position, so removals stay O(1) amortized. Without memory for a smaller
 * index the old one is reused. */
static void compact(hc_headers *h)
{
    if (!h->dead) return;
    size_t k = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->items[i].name) h->items[k++] = h->items[i];
    h->n = k;
    h->dead = 0;
    size_t nslots = 32;
    while (nslots < 2 * (k + 1)) nslots *= 2;
    size_t *slots = h->slots;
    if (nslots < h->nslots) {
        size_t *smaller = malloc(nslots * sizeof *smaller);
        if (smaller) {
            free(h->slots);
            slots = smaller;
        } else {
            nslots = h->nslots;
        }
    } else {
        nslots = h->nslots;
    }
    if (slots) reindex(h, slots, nslots);
}

/* Reading by position needs the holes gone. The set is only ever read by position by the
 * thread that owns it (a transfer's headers, a binding converting a response), so this
 * writing inside a getter of a const set races with nothing. */
static void settle(const hc_headers *h)
{
    if (h && h->dead) compact((hc_headers *)h);
}

/* Makes room for one more item, in the list and in the index. */
static int reserve_one(hc_headers *h)
{
    if (h->n == h->cap && h->dead * 2 >= h->n && h->dead) compact(h);
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16; /* a typical response fits at once */
        entry *items = realloc(h->items, cap * sizeof *items);
        if (!items) return 0;
        h->items = items;
        h->cap = cap;
    }
    if ((h->n - h->dead + 1) * 2 > h->nslots) {
        size_t nslots = h->nslots ? h->nslots * 2 : 32;
        size_t *slots = malloc(nslots * sizeof *slots);
        if (!slots) return 0;
        free(h->slots);
        reindex(h, slots, nslots);
    }
    return 1;
}

hc_headers *hc_headers_new(void)
{
    hc_headers *h = calloc(1, sizeof(hc_headers));
    if (h) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        h->seed = ((uint64_t)(uintptr_t)h * 0x9e3779b97f4a7c15u) ^
                  ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec;
    }
    return h;
}

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
 * (make_block) of nn + vn + 2 bytes, owned by the set from here on, also when this fails. */
static hc_code put_block(hc_headers *h, char *block, size_t nn, char *value, size_t vn,
                         int append, hc_error *err)
{
    const char *name = block;
    uint64_t hv = name_hash(h, name);
    size_t i = h->nslots ? h->slots[probe(h, name, hv)] : 0;
    i = i ? i - 1 : NOT_FOUND;
    if (i != NOT_FOUND && append) {
        entry *old = &h->items[i];
        size_t need = old->name_len + 1 + old->value_len + 2 + vn + 1;
        if (need > old->cap) { /* doubling: repeated appends stay linear */
            size_t cap = old->cap * 2 > need ? old->cap * 2 : need;
            char *grown = realloc(old->name, cap);
            if (!grown) { free(block); return hc_fail(err, HC_ENOMEM, "out of memory"); }
            old->name = grown;
            old->value = grown + old->name_len + 1;
            old->cap = cap;
        }
        memcpy(old->value + old->value_len, ", ", 2); /* the first spelling stays */
        memcpy(old->value + old->value_len + 2, value, vn + 1);
        old->value_len += 2 + vn;
        free(block);
        return HC_OK;
    }
    if (i == NOT_FOUND) {
        if (!reserve_one(h)) {
            free(block);
            return hc_fail(err, HC_ENOMEM, "out of memory");
        }
        i = h->n++;
        h->slots[probe(h, name, hv)] = i + 1;
    } else { /* same slot: the names hash alike whatever their case */
        free(h->items[i].name);
    }
    entry *e = &h->items[i];
    e->name = block; /* the new spelling wins */
    e->value = value;
    e->name_len = nn;
    e->value_len = vn;
    e->cap = nn + vn + 2;
    e->hash = hv;
    return HC_OK;
}

static hc_code put(hc_headers *h, const char *name, const char *value, int append,
                   hc_error *err)
{
    if (!h) return hc_fail(err, HC_EINVAL, "no header set given");
    hc_code rc = check(name, value, err);
    if (rc != HC_OK) return rc;
    size_t nn = strlen(name), vn = strlen(value);
    char *v, *block = make_block(name, nn, value, vn, &v);
    if (!block) return hc_fail(err, HC_ENOMEM, "out of memory");
    return put_block(h, block, nn, v, vn, append, err);
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
    return put_block(h, block, nn, v, vn, 1, &err) == HC_OK;
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
    if (!c || !h || h->n == h->dead) return c;
    size_t live = h->n - h->dead, nslots = 32;
    while (nslots < 2 * (live + 1)) nslots *= 2;
    c->seed = h->seed; /* the same hashes, so the index is rebuilt without rehashing */
    c->items = calloc(live, sizeof *c->items);
    c->slots = malloc(nslots * sizeof *c->slots);
    if (!c->items || !c->slots) { hc_headers_delete(c); return NULL; }
    c->cap = live;
    for (size_t i = 0; i < h->n; i++) { /* the holes are left behind */
        const entry *from = &h->items[i];
        if (!from->name) continue;
        entry *e = &c->items[c->n];
        *e = *from;
        e->cap = from->name_len + from->value_len + 2;
        e->name = malloc(e->cap);
        if (!e->name) { hc_headers_delete(c); return NULL; }
        memcpy(e->name, from->name, e->cap);
        e->value = e->name + e->name_len + 1;
        c->n++;
    }
    reindex(c, c->slots, nslots);
    return c;
}

int hc_headers_remove(hc_headers *h, const char *name)
{
    if (!h || !name || !h->nslots) return 0;
    size_t s = probe(h, name, name_hash(h, name));
    if (!h->slots[s]) return 0;
    size_t i = h->slots[s] - 1;
    unslot(h, s);
    free(h->items[i].name);
    h->items[i].name = h->items[i].value = NULL;
    h->dead++;
    while (h->n && !h->items[h->n - 1].name) { /* holes at the end are simply dropped */
        h->n--;
        h->dead--;
    }
    if (h->dead > h->n - h->dead) compact(h); /* more holes than headers: O(1) amortized */
    return 1;
}

const char *hc_headers_get(const hc_headers *h, const char *name)
{
    size_t i = find(h, name);
    return i == NOT_FOUND ? NULL : h->items[i].value;
}

size_t hc_headers_count(const hc_headers *h) { return h ? h->n - h->dead : 0; }

const char *hc_headers_name(const hc_headers *h, size_t i)
{
    settle(h);
    return h && i < h->n ? h->items[i].name : NULL;
}

const char *hc_headers_value(const hc_headers *h, size_t i)
{
    settle(h);
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
    /* The strict rule first: cJSON reads "\uzzzz" as NUL and would cut the header there. */
    hc_code rc = *obj_json ? hc_json_check_what(obj_json, strlen(obj_json),
                                                hc_json_place_what(HC_JSON_HEADERS), NULL, err)
                           : HC_OK;
    if (rc != HC_OK) return rc;
    char *marked;
    if (!mark_nul_escapes(obj_json, &marked)) return hc_fail(err, HC_ENOMEM, "out of memory");
    cJSON *obj = cJSON_ParseWithOpts(marked ? marked : obj_json, NULL, 1);
    int had_nul = marked != NULL;
    free(marked);
    if (!cJSON_IsObject(obj)) {
        cJSON_Delete(obj);
        return hc_fail(err, HC_EJSON, "headers must be a JSON object of name: value");
    }
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
        if (h->items[i].name && !cJSON_AddStringToObject(obj, h->items[i].name, h->items[i].value)) {
            cJSON_Delete(obj);
            obj = NULL;
        }
    char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;
    cJSON_Delete(obj);
    char *out = hc_strdup(text); /* ours is released with hc_free, cJSON's with cJSON_free */
    cJSON_free(text);
    return out;
}
