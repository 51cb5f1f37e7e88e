/* hal.c: HAL well-formedness and lookups (SPEC §11): links (a rel may hold a list of links,
 * picked by name), embedded resources (one or many) and collections of resources.
 * Messages say what is missing and name the rel or field, so a user sees why a helper refused. */
#include <cjson/cJSON.h>
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

/* Why r is not well-formed HAL, or NULL when it is. */
static const char *malformation(const cJSON *r)
{
    if (!cJSON_IsObject(r)) return "it is not a JSON object";
    const cJSON *links = member(r, "_links");
    if (!links) return "it has no _links";
    if (!cJSON_IsObject(links)) return "_links is not an object";
    const cJSON *self = member(links, "self");
    if (!self) return "_links has no self";
    if (!cJSON_IsObject(self)) return "_links.self is not an object";
    if (!cJSON_IsString(member(self, "href"))) return "_links.self has no string href";
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

static int has_name(const cJSON *link, const char *name)
{
    const cJSON *n = member(link, "name");
    return cJSON_IsString(n) && strcmp(n->valuestring, name) == 0;
}

/* The link object of rel's value: itself, or the first (or first named) of a list.
 * *link NULL with HC_OK: no such link. A value that is not links at all is HC_EHAL. */
static hc_code pick_link(const cJSON *value, const char *rel, const char *name,
                         const cJSON **link, hc_error *err)
{
    *link = NULL;
    if (cJSON_IsObject(value)) {
        if (!name || has_name(value, name)) *link = value;
        return HC_OK;
    }
    if (!cJSON_IsArray(value))
        return hc_fail(err, HC_EHAL,
                       "the link '%.*s%s' is neither a link object nor a list of them", Q(rel));
    const cJSON *item;
    cJSON_ArrayForEach(item, value) {
        if (!cJSON_IsObject(item))
            return hc_fail(err, HC_EHAL, "the links of rel '%.*s%s' are not all link objects",
                           Q(rel));
    }
    cJSON_ArrayForEach(item, value) {
        if (!name || has_name(item, name)) {
            *link = item;
            break;
        }
    }
    return HC_OK;
}

/* The href of link rel (named name) in the parsed links. */
static hc_code find_link(const cJSON *links, const char *rel, const char *name, char **href,
                         int *templated, hc_error *err)
{
    const cJSON *link = NULL;
    hc_code rc = HC_OK;
    if (!cJSON_IsObject(links) && !cJSON_IsNull(links))
        rc = hc_fail(err, HC_EHAL, "the resource's _links is not an object");
    const cJSON *value = rc == HC_OK ? member(links, rel) : NULL;
    if (value) rc = pick_link(value, rel, name, &link, err);
    if (rc == HC_OK && !link) {
        if (name)
            rc = hc_fail(err, HC_ENOREL,
                         "the resource has no link with rel '%.*s%s' and name '%.*s%s'", Q(rel),
                         Q(name));
        else
            rc = hc_fail(err, HC_ENOREL, "the resource has no link with rel '%.*s%s'", Q(rel));
    }
    if (rc == HC_OK) {
        const cJSON *h = member(link, "href");
        if (!cJSON_IsString(h)) {
            rc = hc_fail(err, HC_EHAL, "the link '%.*s%s' has no string href", Q(rel));
        } else if (!(*href = hc_strdup(h->valuestring))) {
            rc = hc_fail(err, HC_ENOMEM, "out of memory");
        } else if (templated) {
            *templated = cJSON_IsTrue(member(link, "templated"));
        }
    }
    return rc;
}

hc_code hc_hal_link(const char *links_json, const char *rel, const char *name, char **href,
                    int *templated, hc_error *err)
{
    return hc_hal_follow(links_json, rel, name, href, templated, NULL, err);
}

hc_code hc_hal_follow(const char *links_json, const char *rel, const char *name, char **href,
                      int *templated, char **self_href, hc_error *err)
{
    if (href) *href = NULL;
    if (templated) *templated = 0;
    if (self_href) *self_href = NULL;
    if (!rel || !href)
        return hc_fail(err, HC_EINVAL, "hc_hal_link needs a rel and a place for the href");
    cJSON *links = parse(links_json, "the resource's _links", err);
    if (!links) return HC_EJSON;
    hc_code rc = find_link(links, rel, name, href, templated, err);
    if (rc == HC_OK && self_href) {
        hc_error ignored;
        if (strcmp(rel, "self") == 0 && !name) *self_href = hc_strdup(*href);
        else if (find_link(links, "self", NULL, self_href, NULL, &ignored) != HC_OK)
            *self_href = NULL; /* no usable self link: the If-Match rule never applies */
    }
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
