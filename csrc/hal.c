/* hal.c: HAL well-formedness and lookups (SPEC §11): links (a rel may hold a list of links,
 * picked by name), embedded resources (one or many) and collections of resources.
 * Messages say what is missing and name the rel or field, so a user sees why a helper refused. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* Quoted names are cut to this many bytes, so two of them and the sentence fit a message. */
#define SHOWN 150

/* The length of s, at most max bytes, not ending inside a UTF-8 sequence, so a quoted
 * name keeps the message decodable by the bindings. */
/* s quoted for a message (hc_quote: control bytes as \xHH, cut to SHOWN bytes on a UTF-8
 * boundary with "..."), into buf. */
static const char *shown(char *buf, size_t cap, const char *s)
{
    hc_quote(buf, cap, s);
    return buf;
}
/* printf arguments for "%.*s%s": s quoted by shown() into a buffer of this statement */
#define Q(s) SHOWN + 4, shown((char[SHOWN + 4]){0}, SHOWN + 4, (s)), ""

/* Read with hc_json_load, so a \u escape that is not four hex digits is refused rather
 * than read as NUL (SPEC §12); a string holding a \u0000 keeps all its bytes, and what is
 * used of it (an href, a criterion) is refused or compared whole, never cut. */
static cJSON *parse(const char *json, const char *what, hc_error *err)
{
    cJSON *v = NULL;
    hc_error ignored;
    if (!json || hc_json_load(json, what, HC_NUL_KEEP, &v, &ignored) != HC_OK || !v) {
        cJSON_Delete(v);
        hc_fail(err, HC_EJSON, "%s is not valid JSON", what);
        return NULL;
    }
    return v;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* Why r is not HAL the helpers can work on, or NULL when it is. HAL says a resource SHOULD
 * have a self link, not MUST (Spring Data REST's and Eve's home resources have none), so
 * self is not asked for here; only the If-Match rule needs it (SPEC §11 v2). */
static const char *malformation(const cJSON *r)
{
    if (!cJSON_IsObject(r)) return "it is not a JSON object";
    const cJSON *links = member(r, "_links");
    if (links && !cJSON_IsObject(links)) return "_links is not an object";
    const cJSON *emb = member(r, "_embedded");
    if (emb && !cJSON_IsObject(emb)) return "_embedded is not an object";
    return NULL;
}

static hc_code check_resource(const cJSON *r, hc_error *err)
{
    const char *why = malformation(r);
    return why ? hc_fail(err, HC_EHAL, "the resource is not well-formed HAL: %s", why) : HC_OK;
}

hc_code hc_hal_check(const char *resource_json, hc_error *err)
{
    cJSON *r = parse(resource_json, "the resource", err);
    if (!r) return HC_EJSON;
    hc_code rc = check_resource(r, err);
    cJSON_Delete(r);
    return rc;
}

/* ---- links ------------------------------------------------------------------------ */

/* The HAL link properties a link in an array can be chosen by (SPEC §11 v2), and index. */
static const char *const criterion_names[] = {"name", "title", "hreflang", "type", "profile"};
#define N_CRITERIA (sizeof criterion_names / sizeof *criterion_names)

typedef struct criteria {
    const char *value[N_CRITERIA]; /* borrowed from the parsed criteria; NULL: any */
    long index;                    /* -1: any */
    char shown[200];               /* for messages: " and title 'x'" */
    size_t shown_len;
} criteria;

static void no_criteria(criteria *c)
{
    memset(c, 0, sizeof *c);
    c->index = -1;
}

/* Adds " and key 'value'" (value NULL: " and index N") to the criteria's description. */
static void show(criteria *c, const char *key, const char *value)
{
    size_t room = sizeof c->shown - c->shown_len;
    if (room <= 1) return;
    char q[64];
    int n = value ? snprintf(c->shown + c->shown_len, room, " and %s '%s'", key,
                             shown(q, sizeof q, value))
                  : snprintf(c->shown + c->shown_len, room, " and index %ld", c->index);
    c->shown_len = n > 0 && (size_t)n < room ? c->shown_len + (size_t)n : sizeof c->shown - 1;
}

static hc_code parse_criteria(const cJSON *obj, criteria *c, hc_error *err)
{
    no_criteria(c);
    if (!obj || cJSON_IsNull(obj)) return HC_OK;
    if (!cJSON_IsObject(obj))
        return hc_fail(err, HC_EARG, "link criteria must be an object");
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        const char *key = item->string;
        if (cJSON_IsNull(item)) continue;
        size_t i = 0;
        while (i < N_CRITERIA && strcmp(key, criterion_names[i]) != 0) i++;
        if (i < N_CRITERIA) {
            if (!cJSON_IsString(item))
                return hc_fail(err, HC_EARG, "the link criterion '%s' must be a string", key);
            hc_code rc = hc_check_text(item->valuestring, hc_json_string_len(item), err);
            if (rc != HC_OK) return rc;
            c->value[i] = item->valuestring;
        } else if (strcmp(key, "index") == 0) {
            double d = item->valuedouble;
            /* The range first: casting inf (1e400) to long is undefined. */
            if (!cJSON_IsNumber(item) || !(d >= 0 && d <= 1e9) || d != (double)(long)d)
                return hc_fail(err, HC_EARG, "the link criterion 'index' must be an integer >= 0");
            c->index = (long)d;
        } else {
            return hc_fail(err, HC_EARG, "unknown link criterion '%.*s%s' (known: name, title, "
                           "hreflang, type, profile, index)", Q(key));
        }
        show(c, key, cJSON_IsString(item) ? item->valuestring : NULL);
    }
    return HC_OK;
}

static int meets(const cJSON *link, long position, const criteria *c)
{
    if (c->index >= 0 && c->index != position) return 0;
    for (size_t i = 0; i < N_CRITERIA; i++) {
        if (!c->value[i]) continue;
        const cJSON *v = member(link, criterion_names[i]);
        if (!cJSON_IsString(v) || hc_json_string_len(v) != strlen(c->value[i]) ||
            strcmp(v->valuestring, c->value[i]) != 0)
            return 0;
    }
    return 1;
}

/* The link object of rel's value that meets c: itself (position 0), or the first such of a
 * list. *link NULL with HC_OK: none. A value that is not links at all is HC_EHAL. */
static hc_code pick_link(const cJSON *value, const char *rel, const criteria *c,
                         const cJSON **link, hc_error *err)
{
    *link = NULL;
    if (cJSON_IsObject(value)) {
        if (meets(value, 0, c)) *link = value;
        return HC_OK;
    }
    if (!cJSON_IsArray(value))
        return hc_fail(err, HC_EHAL,
                       "the link '%.*s%s' is neither a link object nor a list of them", Q(rel));
    const cJSON *item;
    long position = 0;
    cJSON_ArrayForEach(item, value) {
        if (!cJSON_IsObject(item))
            return hc_fail(err, HC_EHAL, "the links of rel '%.*s%s' are not all link objects",
                           Q(rel));
        if (!*link && meets(item, position, c)) *link = item;
        position++;
    }
    return HC_OK;
}

/* The CURIE template's parts around "{rel}": href = prefix{rel}suffix. 0 when it has none. */
static int curie_parts(const cJSON *curie, const char **name, const char **href,
                       size_t *prefix, size_t *suffix)
{
    const cJSON *n = member(curie, "name"), *h = member(curie, "href");
    if (!cJSON_IsString(n) || !cJSON_IsString(h) || !*n->valuestring) return 0;
    const char *at = strstr(h->valuestring, "{rel}");
    if (!at) return 0;
    *name = n->valuestring;
    *href = h->valuestring;
    *prefix = (size_t)(at - h->valuestring);
    *suffix = strlen(at + 5);
    return 1;
}

/* ---- CURIE lookups in linear time (SPEC §12) ---------------------------------------
 * Each curie gives one other spelling of the rel to look up. Looking each up with
 * cJSON_GetObjectItem costs the whole _links object per curie, and building each spelling
 * costs the rel's length per curie: both are quadratic (10,000 curies over 10,000 rels).
 * So the names of _links are indexed once by a polynomial hash modulo 2^61-1, whose base
 * is chosen afresh per lookup (a server cannot aim collisions at it), and each spelling's
 * hash is put together from pieces: the curie's own text and prefix hashes of the rel.
 * Only a name whose hash and length agree is compared byte for byte. */

#define P61 ((UINT64_C(1) << 61) - 1)

static uint64_t mod_mul(uint64_t a, uint64_t b)
{
    unsigned __int128 m = (unsigned __int128)a * b;
    uint64_t r = (uint64_t)(m & P61) + (uint64_t)(m >> 61);
    return r >= P61 ? r - P61 : r;
}
static uint64_t mod_add(uint64_t a, uint64_t b)
{
    uint64_t r = a + b;
    return r >= P61 ? r - P61 : r;
}
static uint64_t mod_sub(uint64_t a, uint64_t b) { return a >= b ? a - b : a + P61 - b; }

/* The hash of a string, base^length and the length: enough to append it to another. */
typedef struct rhash {
    uint64_t h, pw;
    size_t len;
} rhash;

static rhash rh_of(uint64_t base, const char *s, size_t n)
{
    rhash r = {0, 1, n};
    for (size_t i = 0; i < n; i++) {
        r.h = mod_add(mod_mul(r.h, base), (unsigned char)s[i] + 1u);
        r.pw = mod_mul(r.pw, base);
    }
    return r;
}

static rhash rh_cat(rhash a, rhash b)
{
    rhash r = {mod_add(mod_mul(a.h, b.pw), b.h), mod_mul(a.pw, b.pw), a.len + b.len};
    return r;
}

/* A spelling to look up: up to three pieces of text, and its hash. */
typedef struct spelling {
    const char *part[3];
    size_t len[3];
    rhash rh;
} spelling;

typedef struct name_index {
    uint64_t base;
    const cJSON **slot;   /* members of _links by name hash; the first of a name wins */
    uint64_t *hash;
    size_t mask;
    uint64_t *pre, *pw;   /* the rel's prefix hashes and base powers, 0..rel_len */
    size_t rel_len;
} name_index;

static rhash rel_piece(const name_index *ix, size_t from, size_t to)
{
    rhash r = {mod_sub(ix->pre[to], mod_mul(ix->pre[from], ix->pw[to - from])), ix->pw[to - from],
               to - from};
    return r;
}

static int spelled(const char *name, const spelling *sp)
{
    for (int k = 0; k < 3; k++) {
        if (strncmp(name, sp->part[k], sp->len[k]) != 0) return 0;
        name += sp->len[k];
    }
    return *name == '\0';
}

static const cJSON *index_find(const name_index *ix, const spelling *sp)
{
    for (size_t i = sp->rh.h & ix->mask; ix->slot[i]; i = (i + 1) & ix->mask)
        if (ix->hash[i] == sp->rh.h && spelled(ix->slot[i]->string, sp)) return ix->slot[i];
    return NULL;
}

static void index_free(name_index *ix)
{
    free(ix->slot);
    free(ix->hash);
    free(ix->pre);
    free(ix->pw);
}

/* 0 when out of memory. */
static int index_build(name_index *ix, const cJSON *links, const char *rel)
{
    memset(ix, 0, sizeof *ix);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t seed = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)ix;
    ix->base = 257 + (seed * UINT64_C(0x9e3779b97f4a7c15) >> 4) % (P61 - 514);
    size_t n = 0, cap = 16;
    const cJSON *m;
    cJSON_ArrayForEach(m, links) n++;
    while (cap < 2 * n) cap *= 2;
    ix->rel_len = strlen(rel);
    ix->slot = calloc(cap, sizeof *ix->slot);
    ix->hash = malloc(cap * sizeof *ix->hash);
    ix->pre = malloc((ix->rel_len + 1) * sizeof *ix->pre);
    ix->pw = malloc((ix->rel_len + 1) * sizeof *ix->pw);
    if (!ix->slot || !ix->hash || !ix->pre || !ix->pw) { index_free(ix); return 0; }
    ix->mask = cap - 1;
    cJSON_ArrayForEach(m, links) {
        rhash r = rh_of(ix->base, m->string, strlen(m->string));
        size_t i = r.h & ix->mask;
        spelling sp = {{m->string, "", ""}, {r.len, 0, 0}, r};
        while (ix->slot[i] && !(ix->hash[i] == r.h && spelled(ix->slot[i]->string, &sp)))
            i = (i + 1) & ix->mask;
        if (!ix->slot[i]) {
            ix->slot[i] = m;
            ix->hash[i] = r.h;
        }
    }
    ix->pre[0] = 0;
    ix->pw[0] = 1;
    for (size_t k = 0; k < ix->rel_len; k++) {
        ix->pre[k + 1] = mod_add(mod_mul(ix->pre[k], ix->base), (unsigned char)rel[k] + 1u);
        ix->pw[k + 1] = mod_mul(ix->pw[k], ix->base);
    }
    return 1;
}

/* The other spelling of rel through one curie, in *sp; 0 when the curie does not apply.
 * Costs the curie's own length, never the rel's. */
static int curie_spelling(const name_index *ix, const cJSON *curie, const char *rel,
                          spelling *sp)
{
    const char *name, *href;
    size_t pre, suf, name_len, rel_len = ix->rel_len;
    if (!cJSON_IsObject(curie) || !curie_parts(curie, &name, &href, &pre, &suf)) return 0;
    name_len = strlen(name);
    const char *tail = href + pre + 5;
    if (rel_len > name_len && strncmp(rel, name, name_len) == 0 && rel[name_len] == ':') {
        /* a CURIE asked for: its full URI, href's prefix + reference + href's suffix */
        rhash rh = rh_cat(rh_cat(rh_of(ix->base, href, pre), rel_piece(ix, name_len + 1, rel_len)),
                          rh_of(ix->base, tail, suf));
        *sp = (spelling){{href, rel + name_len + 1, tail}, {pre, rel_len - name_len - 1, suf}, rh};
        return 1;
    }
    if (rel_len > pre + suf && strncmp(rel, href, pre) == 0 &&
        memcmp(rel + rel_len - suf, tail, suf) == 0) {
        /* a full URI asked for: its CURIE, name + ':' + the part between */
        rhash rh = rh_cat(rh_cat(rh_of(ix->base, name, name_len), rh_of(ix->base, ":", 1)),
                          rel_piece(ix, pre, rel_len - suf));
        *sp = (spelling){{name, ":", rel + pre}, {name_len, 1, rel_len - pre - suf}, rh};
        return 1;
    }
    return 0;
}

/* rel's value in links, as written or through a CURIE (SPEC §11 v2): `acme:widgets` is also
 * looked up as its full URI, and a full URI as `acme:widgets`; the first curie whose other
 * spelling is a rel of links wins. *value NULL: none. */
static hc_code rel_value(const cJSON *links, const char *rel, const cJSON **value,
                         hc_error *err)
{
    *value = member(links, rel);
    const cJSON *curies = member(links, "curies");
    if (*value || !curies) return HC_OK;
    const cJSON *one = cJSON_IsObject(curies) ? curies : NULL;
    const cJSON *curie = cJSON_IsArray(curies) ? curies->child : one;
    if (!curie) return HC_OK;
    name_index ix;
    if (!index_build(&ix, links, rel)) return hc_fail(err, HC_ENOMEM, "out of memory");
    for (; curie && !*value; curie = one ? NULL : curie->next) {
        spelling sp;
        if (curie_spelling(&ix, curie, rel, &sp)) *value = index_find(&ix, &sp);
    }
    index_free(&ix);
    return HC_OK;
}

/* links parsed: an object, or NULL/null meaning no links at all. */
static hc_code check_links(const cJSON *links, hc_error *err)
{
    if (links && !cJSON_IsObject(links) && !cJSON_IsNull(links))
        return hc_fail(err, HC_EHAL, "the resource's _links is not an object");
    return HC_OK;
}

/* The link of rel meeting c in the parsed links, or HC_ENOREL. */
static hc_code find_link(const cJSON *links, const char *rel, const criteria *c,
                         const cJSON **link, hc_error *err)
{
    *link = NULL;
    const cJSON *value = NULL;
    hc_code rc = check_links(links, err);
    if (rc == HC_OK && cJSON_IsObject(links)) rc = rel_value(links, rel, &value, err);
    if (value) rc = pick_link(value, rel, c, link, err);
    if (rc == HC_OK && !*link)
        rc = hc_fail(err, HC_ENOREL, "the resource has no link with rel '%.*s%s'%s", Q(rel),
                     c->shown);
    if (rc == HC_OK && !cJSON_IsString(member(*link, "href")))
        rc = hc_fail(err, HC_EHAL, "the link '%.*s%s' has no string href", Q(rel));
    return rc;
}

void hc_link_clear(hc_link *link)
{
    if (!link) return;
    hc_free(link->href);
    hc_free(link->self_href);
    hc_free(link->deprecation);
    memset(link, 0, sizeof *link);
}

/* links_json NULL or "" means no links (a resource without _links). */
static cJSON *parse_links(const char *links_json, hc_error *err)
{
    if (!links_json || !*links_json) return cJSON_CreateNull();
    return parse(links_json, "the resource's _links", err);
}

/* hc_hal_find with the criteria already parsed. */
static hc_code find(const char *links_json, const char *rel, const criteria *c, hc_link *out,
                    hc_error *err)
{
    cJSON *links = parse_links(links_json, err);
    if (!links) return HC_EJSON;
    const cJSON *link = NULL;
    hc_code rc = find_link(links, rel, c, &link, err);
    const cJSON *href = rc == HC_OK ? member(link, "href") : NULL;
    if (href) rc = hc_check_text(href->valuestring, hc_json_string_len(href), err); /* §12 */
    if (rc == HC_OK) {
        out->href = hc_strdup(href->valuestring);
        out->templated = cJSON_IsTrue(member(link, "templated"));
        const cJSON *dep = member(link, "deprecation");
        int deprecated = dep && !cJSON_IsNull(dep) && !cJSON_IsFalse(dep);
        if (deprecated)
            out->deprecation = hc_strdup(cJSON_IsString(dep) ? dep->valuestring : "");
        /* the self link, for the If-Match rule; a resource without one never gets If-Match */
        criteria any;
        no_criteria(&any);
        const cJSON *self = NULL;
        hc_error ignored;
        int has_self = find_link(links, "self", &any, &self, &ignored) == HC_OK;
        const cJSON *self_href = has_self ? member(self, "href") : NULL;
        if (self_href) rc = hc_check_text(self_href->valuestring, hc_json_string_len(self_href), err);
        if (rc == HC_OK && has_self) out->self_href = hc_strdup(self_href->valuestring);
        if (rc == HC_OK && (!out->href || (has_self && !out->self_href) ||
                            (deprecated && !out->deprecation)))
            rc = hc_fail(err, HC_ENOMEM, "out of memory");
    }
    if (rc != HC_OK) hc_link_clear(out);
    cJSON_Delete(links);
    return rc;
}

hc_code hc_hal_find(const char *links_json, const char *rel, const char *criteria_json,
                    hc_link *out, hc_error *err)
{
    if (!out) return hc_fail(err, HC_EINVAL, "hc_hal_find needs a place for the link");
    memset(out, 0, sizeof *out);
    if (!rel) return hc_fail(err, HC_EINVAL, "hc_hal_find needs a rel");
    cJSON *crit_json = NULL;
    if (criteria_json && *criteria_json && !(crit_json = parse(criteria_json, "the link criteria", err)))
        return HC_EJSON;
    criteria c;
    hc_code rc = parse_criteria(crit_json, &c, err);
    if (rc == HC_OK) rc = find(links_json, rel, &c, out, err);
    cJSON_Delete(crit_json); /* after find: c borrows its strings */
    return rc;
}

hc_code hc_hal_link(const char *links_json, const char *rel, const char *name, char **href,
                    int *templated, hc_error *err)
{
    if (href) *href = NULL;
    if (templated) *templated = 0;
    if (!rel || !href)
        return hc_fail(err, HC_EINVAL, "hc_hal_link needs a rel and a place for the href");
    if (!links_json) return hc_fail(err, HC_EJSON, "the resource's _links is not valid JSON");
    criteria c;
    no_criteria(&c);
    if (name) {
        c.value[0] = name; /* criterion_names[0] */
        show(&c, "name", name);
    }
    hc_link link = {0};
    hc_code rc = find(links_json, rel, &c, &link, err);
    if (rc == HC_OK) {
        *href = link.href;
        link.href = NULL;
        if (templated) *templated = link.templated;
    }
    hc_link_clear(&link);
    return rc;
}

hc_code hc_hal_has_rel(const char *links_json, const char *rel, int *has, hc_error *err)
{
    *has = 0;
    if (!rel) return hc_fail(err, HC_EINVAL, "hc_hal_has_rel needs a rel");
    cJSON *links = parse_links(links_json, err);
    if (!links) return HC_EJSON;
    const cJSON *value = NULL;
    hc_code rc = check_links(links, err);
    if (rc == HC_OK && cJSON_IsObject(links)) rc = rel_value(links, rel, &value, err);
    *has = value != NULL;
    cJSON_Delete(links);
    return rc;
}

/* ---- embedded resources and collections ------------------------------------------- */

hc_code hc_hal_embedded(const char *resource_json, const char *rel, hc_multiplicity expect,
                        hc_multiplicity *found, hc_error *err)
{
    if (found) *found = HC_ANY;
    if (!rel || (expect != HC_ANY && expect != HC_ONE && expect != HC_MANY))
        return hc_fail(err, HC_EINVAL,
                       "hc_hal_embedded needs a rel and an expect of any, one or many");
    cJSON *r = parse(resource_json, "the resource", err);
    if (!r) return HC_EJSON;
    hc_code rc = check_resource(r, err);
    const cJSON *value = rc == HC_OK ? member(member(r, "_embedded"), rel) : NULL;
    hc_multiplicity is = cJSON_IsArray(value) ? HC_MANY : HC_ONE;
    if (rc != HC_OK) {
        /* already reported */
    } else if (!value) {
        rc = hc_fail(err, HC_ENOREL, "the resource has no embedded '%.*s%s'", Q(rel));
    } else if (!cJSON_IsArray(value) && !cJSON_IsObject(value)) {
        rc = hc_fail(err, HC_EHAL, "embedded '%.*s%s' is neither an object nor a list", Q(rel));
    } else if (expect != HC_ANY && expect != is) {
        rc = hc_fail(err, HC_EEXPECT, "embedded '%.*s%s' is %s, but %s was expected", Q(rel),
                     is == HC_MANY ? "a list (many)" : "an object (one)",
                     expect == HC_MANY ? "many" : "one");
    } else if (is == HC_MANY) {
        const cJSON *item;
        cJSON_ArrayForEach(item, value) {
            if (!cJSON_IsObject(item)) {
                rc = hc_fail(err, HC_EHAL, "embedded '%.*s%s' is a list of something other than "
                             "resources", Q(rel));
                break;
            }
        }
    }
    if (rc == HC_OK && found) *found = is;
    cJSON_Delete(r);
    return rc;
}

hc_code hc_hal_collection(const char *resource_json, const char *field, hc_error *err)
{
    if (!field) return hc_fail(err, HC_EINVAL, "hc_hal_collection needs a field");
    cJSON *r = parse(resource_json, "the resource", err);
    if (!r) return HC_EJSON;
    hc_code rc = HC_OK;
    const cJSON *list = cJSON_IsObject(r) ? member(r, field) : NULL;
    if (!list) {
        rc = hc_fail(err, HC_EHAL, "field '%.*s%s' does not exist", Q(field));
    } else if (!cJSON_IsArray(list)) {
        rc = hc_fail(err, HC_EHAL, "field '%.*s%s' is not a collection", Q(field));
    } else {
        const cJSON *item;
        int i = 0;
        cJSON_ArrayForEach(item, list) {
            const char *why = malformation(item);
            if (why) {
                rc = hc_fail(err, HC_EHAL, "field '%.*s%s' contains non-HAL formatted objects "
                             "(item %d: %s)", Q(field), i, why);
                break;
            }
            i++;
        }
    }
    cJSON_Delete(r);
    return rc;
}

hc_code hc_multiplicity_parse(const char *expect, hc_multiplicity *out, hc_error *err)
{
    *out = HC_ANY;
    if (!expect) return HC_OK;
    if (strcmp(expect, "one") == 0) { *out = HC_ONE; return HC_OK; }
    if (strcmp(expect, "many") == 0) { *out = HC_MANY; return HC_OK; }
    char shown[64];
    hc_quote(shown, sizeof shown, expect);
    return hc_fail(err, HC_EARG, "expect must be 'one' or 'many', not '%s'", shown);
}
