/* hal.c: HAL well-formedness and lookups (SPEC §11): links (a rel may hold a list of links,
 * picked by name), embedded resources (one or many) and collections of resources.
 * Messages say what is missing and name the rel or field, so a user sees why a helper refused. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Quoted names are cut to this many bytes, so two of them and the sentence fit a message. */
#define SHOWN 150

/* The length of s, at most max bytes, not ending inside a UTF-8 sequence, so a quoted
 * name keeps the message decodable by the bindings. */
/* printf arguments for "%.*s%s": s cut to SHOWN bytes, with "..." when it was cut */
#define Q(s) hc_utf8_fit((s), SHOWN), (s), ((s)[hc_utf8_fit((s), SHOWN)] ? "..." : "")

static cJSON *parse(const char *json, const char *what, hc_error *err)
{
    cJSON *v = json ? cJSON_ParseWithOpts(json, NULL, 1) : NULL;
    if (!v) hc_fail(err, HC_EJSON, "%s is not valid JSON", what);
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
    int n = value ? snprintf(c->shown + c->shown_len, room, " and %s '%.*s%s'", key,
                             hc_utf8_fit(value, 60), value, value[hc_utf8_fit(value, 60)] ? "..." : "")
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
            c->value[i] = item->valuestring;
        } else if (strcmp(key, "index") == 0) {
            double d = item->valuedouble;
            if (!cJSON_IsNumber(item) || d < 0 || d != (double)(long)d || d > 1e9)
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
        if (!cJSON_IsString(v) || strcmp(v->valuestring, c->value[i]) != 0) return 0;
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

/* rel's value in links, as written or through a CURIE (SPEC §11 v2): `acme:widgets` is also
 * looked up as its full URI, and a full URI as `acme:widgets`. */
static const cJSON *rel_value(const cJSON *links, const char *rel)
{
    const cJSON *value = member(links, rel);
    const cJSON *curies = member(links, "curies");
    if (value || !curies) return value;
    const cJSON *one = cJSON_IsObject(curies) ? curies : NULL;
    const cJSON *curie = cJSON_IsArray(curies) ? curies->child : one;
    size_t rel_len = strlen(rel);
    for (; curie && !value; curie = one ? NULL : curie->next) {
        const char *name, *href;
        size_t pre, suf, name_len;
        if (!cJSON_IsObject(curie) || !curie_parts(curie, &name, &href, &pre, &suf)) continue;
        name_len = strlen(name);
        hc_buf alt;
        hc_buf_init(&alt);
        if (rel_len > name_len && strncmp(rel, name, name_len) == 0 && rel[name_len] == ':') {
            /* a CURIE asked for: its full URI */
            hc_buf_add(&alt, href, pre);
            hc_buf_adds(&alt, rel + name_len + 1);
            hc_buf_adds(&alt, href + pre + 5);
        } else if (rel_len > pre + suf && strncmp(rel, href, pre) == 0 &&
                   strcmp(rel + rel_len - suf, href + pre + 5) == 0) {
            /* a full URI asked for: its CURIE */
            hc_buf_add(&alt, name, name_len);
            hc_buf_addc(&alt, ':');
            hc_buf_add(&alt, rel + pre, rel_len - pre - suf);
        }
        if (alt.data && !alt.oom) value = member(links, alt.data);
        hc_buf_free(&alt);
    }
    return value;
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
    hc_code rc = check_links(links, err);
    const cJSON *value = rc == HC_OK && cJSON_IsObject(links) ? rel_value(links, rel) : NULL;
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
    if (rc == HC_OK) {
        out->href = hc_strdup(member(link, "href")->valuestring);
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
        if (has_self) out->self_href = hc_strdup(member(self, "href")->valuestring);
        if (!out->href || (has_self && !out->self_href) || (deprecated && !out->deprecation))
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
    hc_code rc = check_links(links, err);
    if (rc == HC_OK) *has = cJSON_IsObject(links) && rel_value(links, rel) != NULL;
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
