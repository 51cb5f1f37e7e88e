/* hal.c: HAL well-formedness and lookups (SPEC §11): links (a rel may hold a list of
 * links, picked by name), embedded resources (one or many) and collections of resources.
 * Messages say what is missing, so a user can see why a helper refused. */
#include <cjson/cJSON.h>
#include <string.h>

#include "internal.h"

static cJSON *parse(const char *json, hc_error *err)
{
    cJSON *v = cJSON_Parse(json ? json : "");
    if (!v) hc_fail(err, HC_EJSON, "the resource is not valid JSON");
    return v;
}

static hc_code check_resource(const cJSON *r, const char *what, hc_error *err)
{
    if (!cJSON_IsObject(r)) return hc_fail(err, HC_EHAL, "%s is not a JSON object", what);
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(r, "_links");
    if (!links) return hc_fail(err, HC_EHAL, "%s is not well-formed HAL: it has no _links", what);
    if (!cJSON_IsObject(links))
        return hc_fail(err, HC_EHAL, "%s is not well-formed HAL: _links is not an object", what);
    const cJSON *self = cJSON_GetObjectItemCaseSensitive(links, "self");
    if (!cJSON_IsObject(self))
        return hc_fail(err, HC_EHAL, "%s is not well-formed HAL: _links has no self object", what);
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(self, "href")))
        return hc_fail(err, HC_EHAL, "%s is not well-formed HAL: _links.self has no string href", what);
    const cJSON *emb = cJSON_GetObjectItemCaseSensitive(r, "_embedded");
    if (emb && !cJSON_IsObject(emb))
        return hc_fail(err, HC_EHAL, "%s is not well-formed HAL: _embedded is not an object", what);
    return HC_OK;
}

hc_code hc_hal_check(const char *resource_json, hc_error *err)
{
    cJSON *r = parse(resource_json, err);
    if (!r) return HC_EJSON;
    hc_code rc = check_resource(r, "the resource", err);
    cJSON_Delete(r);
    return rc;
}

static const cJSON *pick_link(const cJSON *value, const char *name)
{
    if (cJSON_IsObject(value)) {
        if (!name) return value;
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(value, "name");
        return cJSON_IsString(n) && strcmp(n->valuestring, name) == 0 ? value : NULL;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, value) {
        if (!cJSON_IsObject(item)) continue;
        if (!name) return item;
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(item, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) return item;
    }
    return NULL;
}

hc_code hc_hal_link(const char *links_json, const char *rel, const char *name, char **href,
                    int *templated, hc_error *err)
{
    *href = NULL;
    *templated = 0;
    cJSON *links = parse(links_json, err);
    if (!links) return HC_EJSON;
    hc_code rc = HC_OK;
    const cJSON *value = cJSON_IsObject(links) ? cJSON_GetObjectItemCaseSensitive(links, rel) : NULL;
    const cJSON *link = value ? pick_link(value, name) : NULL;
    if (!cJSON_IsObject(links) && !cJSON_IsNull(links)) {
        rc = hc_fail(err, HC_EHAL, "the resource's _links is not an object");
    } else if (!link && name) {
        rc = hc_fail(err, HC_ENOREL, "the resource has no link with rel '%.100s' and name '%.100s'",
                     rel, name);
    } else if (!link) {
        rc = hc_fail(err, HC_ENOREL, "the resource has no link with rel '%.100s'", rel);
    } else {
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(link, "href");
        if (!cJSON_IsString(h)) {
            rc = hc_fail(err, HC_EHAL, "the link '%.100s' has no string href", rel);
        } else {
            *href = hc_strdup(h->valuestring);
            *templated = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(link, "templated"));
            if (!*href) rc = hc_fail(err, HC_ENOMEM, "out of memory");
        }
    }
    cJSON_Delete(links);
    return rc;
}

hc_code hc_hal_embedded(const char *resource_json, const char *rel, hc_multiplicity expect,
                        hc_multiplicity *found, hc_error *err)
{
    cJSON *r = parse(resource_json, err);
    if (!r) return HC_EJSON;
    hc_code rc = check_resource(r, "the resource", err);
    const cJSON *value = NULL;
    if (rc == HC_OK) {
        value = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "_embedded"), rel);
        if (!value) rc = hc_fail(err, HC_ENOREL, "the resource has no embedded '%.100s'", rel);
    }
    if (rc == HC_OK) {
        *found = cJSON_IsArray(value) ? HC_MANY : HC_ONE;
        if (!cJSON_IsArray(value) && !cJSON_IsObject(value))
            rc = hc_fail(err, HC_EHAL, "embedded '%.100s' is neither an object nor a list", rel);
        else if (expect != HC_ANY && expect != *found)
            rc = hc_fail(err, HC_EEXPECT, "embedded '%.100s' is %s, but %s was expected", rel,
                         *found == HC_MANY ? "a list (many)" : "an object (one)",
                         expect == HC_MANY ? "many" : "one");
    }
    cJSON_Delete(r);
    return rc;
}

hc_code hc_hal_collection(const char *resource_json, const char *field, hc_error *err)
{
    cJSON *r = parse(resource_json, err);
    if (!r) return HC_EJSON;
    hc_code rc = HC_OK;
    const cJSON *list = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, field) : NULL;
    if (!list) {
        rc = hc_fail(err, HC_EHAL, "field '%.100s' does not exist", field);
    } else if (!cJSON_IsArray(list)) {
        rc = hc_fail(err, HC_EHAL, "field '%.100s' is not a collection", field);
    } else {
        const cJSON *item;
        hc_error ignored;
        cJSON_ArrayForEach(item, list) {
            if (check_resource(item, "an item", &ignored) != HC_OK) {
                rc = hc_fail(err, HC_EHAL, "field '%.100s' contains non-HAL formatted objects", field);
                break;
            }
        }
    }
    cJSON_Delete(r);
    return rc;
}
