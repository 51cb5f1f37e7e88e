/* settings.c: the one table of the Api's settings (SPEC §2): each setting's name as Python
 * and `.halchemy` spell it (snake_case) and as JavaScript spells it (camelCase, derived),
 * its aliases, its type and range. Both bindings, and the `.halchemy` reader, set every
 * setting through hc_api_set, so a value means the same thing whichever way it was given,
 * and a wrong type, an out-of-range value or an unknown name fails with the same message. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef enum kind {
    K_URL,     /* a string: the base URL (http or https, not empty) */
    K_STYLE,   /* a string: one of the five list styles (SPEC §5) */
    K_FIELD,   /* a string: a body field's name, not empty */
    K_SECONDS, /* a number of seconds >= 0; 0 or null: none */
    K_BYTES,   /* a whole number of bytes >= 1 */
    K_BOOL,    /* true or false */
    K_SPEC,    /* a raise_for_status_codes spec string; null: none */
    K_PATH,    /* a readable file's path (PEM, SPEC §13); null: unset */
    K_PROXY,   /* an http, https, socks5 or socks5h URL (SPEC §13); null: unset */
    K_GROUP    /* an object whose members are the settings of the group named like it */
} kind;

typedef struct setting {
    const char *group;     /* NULL: a top-level setting ([halchemy] in the file) */
    const char *name;      /* snake_case */
    const char *canonical; /* for an alias: the setting it stands for; else NULL */
    kind type;
    int own_argument;      /* given by a constructor argument of its own (the base URL):
                              not a member of JavaScript's options argument */
    const char *doc;       /* what the value is, for messages and the table */
} setting;

static const setting table[] = {
    {NULL, "base_url", NULL, K_URL, 1, "the API's root URL (http or https)"},
    {NULL, "parameters_list_style", NULL, K_STYLE, 0,
     "repeat_key, bracket, index, comma or pipe (SPEC §5)"},
    {NULL, "etag_field", NULL, K_FIELD, 0, "the body field holding the ETag (SPEC §8)"},
    {NULL, "timeout", NULL, K_SECONDS, 0,
     "seconds for the whole call, redirects included; 0 or none: no timeout"},
    {NULL, "max_body", NULL, K_BYTES, 0, "the response body limit in bytes"},
    {NULL, "require_if_match", NULL, K_BOOL, 0,
     "refuse a change under the If-Match rule that has no ETag to send (SPEC §8)"},
    {NULL, "ca_bundle", NULL, K_PATH, 0,
     "a PEM file of CA certificates replacing the system store; none: $SSL_CERT_FILE, else "
     "the system store (SPEC §13)"},
    {NULL, "client_cert", NULL, K_PATH, 0, "the TLS client certificate, a PEM file (SPEC §13)"},
    {NULL, "client_key", NULL, K_PATH, 0,
     "the client certificate's private key, a PEM file; none: in client_cert (SPEC §13)"},
    {NULL, "verify", NULL, K_BOOL, 0,
     "verify TLS certificates and host names; false turns both off (SPEC §13)"},
    {NULL, "proxy", NULL, K_PROXY, 0,
     "the proxy URL (http, https, socks5, socks5h); none: the environment's (SPEC §13)"},
    {NULL, "cookies", NULL, K_BOOL, 0, "keep and send cookies in the Api's jar (SPEC §13)"},
    {NULL, "error_handling", NULL, K_GROUP, 0, "when requests raise (SPEC §10)"},
    {"error_handling", "raise_for_network_errors", NULL, K_BOOL, 0,
     "raise NetworkError when no response came"},
    {"error_handling", "raise_for_network_error", "raise_for_network_errors", K_BOOL, 0, NULL},
    {"error_handling", "raise_on_network_error", "raise_for_network_errors", K_BOOL, 0, NULL},
    {"error_handling", "raise_on_network_errors", "raise_for_network_errors", K_BOOL, 0, NULL},
    {"error_handling", "raise_for_status_codes", NULL, K_SPEC, 0,
     "the status codes that raise HTTPError, e.g. '>399' (SPEC §10); none: never"},
    {"error_handling", "raise_on_status_codes", "raise_for_status_codes", K_SPEC, 0, NULL},
};
#define N_SETTINGS (sizeof table / sizeof table[0])

/* snake_case to camelCase: raise_on_network_error -> raiseOnNetworkError. */
static void camel(const char *snake, char *out, size_t cap)
{
    size_t o = 0;
    for (int up = 0; *snake && o + 1 < cap; snake++) {
        if (*snake == '_') { up = 1; continue; }
        out[o++] = (char)(up && *snake >= 'a' && *snake <= 'z' ? *snake - 32 : *snake);
        up = 0;
    }
    out[o] = '\0';
}

/* The name as `lang` spells it. */
static const char *spelled(const setting *s, hc_lang lang, char *buf, size_t cap)
{
    if (lang != HC_LANG_JS) return s->name;
    camel(s->name, buf, cap);
    return buf;
}

static const setting *find(hc_lang lang, const char *group, const char *name)
{
    char buf[64];
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const setting *s = &table[i];
        if ((s->group == NULL) != (group == NULL)) continue;
        if (group && strcmp(s->group, group) != 0) continue;
        if (strcmp(spelled(s, lang, buf, sizeof buf), name) == 0) return s;
    }
    return NULL;
}

static const setting *canonical(const setting *s)
{
    return s->canonical ? find(HC_LANG_PYTHON, s->group, s->canonical) : s;
}

static const char *none_word(hc_lang lang) { return lang == HC_LANG_JS ? "null" : "None"; }

static hc_code wrong_type(const setting *s, hc_lang lang, const char *want, const hc_value *v,
                          hc_error *err)
{
    char buf[64];
    const char *got = v->type_name ? v->type_name : "another type";
    if (v->kind == HC_VALUE_NULL) got = none_word(lang);
    return hc_fail(err, HC_EARG, "%s must be %s, got %s", spelled(s, lang, buf, sizeof buf),
                   want, got);
}

/* A string value, checked for NUL (SPEC §12). */
static hc_code text_of(const setting *s, hc_lang lang, const hc_value *v, const char **out,
                       hc_error *err)
{
    if (v->kind != HC_VALUE_STRING) return wrong_type(s, lang, "a string", v, err);
    hc_code rc = hc_check_text(v->string, v->length, err);
    if (rc != HC_OK) return rc;
    *out = v->string;
    return HC_OK;
}

static hc_code set_group(hc_api *api, hc_lang lang, const setting *s, const hc_value *v,
                         hc_error *err);

static hc_code apply(hc_api *api, hc_lang lang, const setting *s, const hc_value *v,
                     hc_error *err)
{
    char buf[64];
    const char *name = spelled(s, lang, buf, sizeof buf);
    const char *text = NULL;
    hc_code rc;
    switch (s->type) {
    case K_URL:
        rc = text_of(s, lang, v, &text, err);
        return rc != HC_OK ? rc : hc_api_set_base_url(api, text, err);
    case K_STYLE:
        rc = text_of(s, lang, v, &text, err);
        return rc != HC_OK ? rc : hc_api_set_list_style(api, text, err);
    case K_FIELD:
        rc = text_of(s, lang, v, &text, err);
        return rc != HC_OK ? rc : hc_api_set_etag_field(api, text, err);
    case K_SPEC:
        if (v->kind == HC_VALUE_NULL) return hc_api_set_raise_status(api, "", err);
        rc = text_of(s, lang, v, &text, err);
        return rc != HC_OK ? rc : hc_api_set_raise_status(api, text, err);
    case K_BOOL: {
        if (v->kind != HC_VALUE_BOOL) return wrong_type(s, lang, "a boolean", v, err);
        const char *which = canonical(s)->name;
        if (strcmp(which, "require_if_match") == 0) hc_api_set_require_if_match(api, v->boolean);
        else if (strcmp(which, "verify") == 0) hc_api_set_verify(api, v->boolean);
        else if (strcmp(which, "cookies") == 0) hc_api_set_cookies(api, v->boolean);
        else hc_api_set_raise_network(api, v->boolean);
        return HC_OK;
    }
    case K_PATH:
    case K_PROXY: {
        if (v->kind != HC_VALUE_NULL) {
            char want[64];
            snprintf(want, sizeof want, "%s or %s", s->type == K_PATH ? "a file path" : "a URL",
                     none_word(lang));
            if (v->kind != HC_VALUE_STRING) return wrong_type(s, lang, want, v, err);
            rc = text_of(s, lang, v, &text, err);
            if (rc != HC_OK) return rc;
        }
        if (s->type == K_PROXY) return hc_api_set_proxy(api, text, err);
        if (strcmp(s->name, "ca_bundle") == 0) return hc_api_set_ca_bundle(api, text, err);
        if (strcmp(s->name, "client_cert") == 0) return hc_api_set_client_cert(api, text, err);
        return hc_api_set_client_key(api, text, err);
    }
    case K_SECONDS:
        if (v->kind == HC_VALUE_NULL) return hc_api_set_timeout(api, 0, err);
        if (v->kind != HC_VALUE_NUMBER) {
            char want[64];
            snprintf(want, sizeof want, "a number of seconds or %s", none_word(lang));
            return wrong_type(s, lang, want, v, err);
        }
        if (!isfinite(v->number) || v->number < 0)
            return hc_fail(err, HC_EINVAL,
                           "%s must be a finite number of seconds >= 0 (0 or %s: no timeout), "
                           "got %g", name, none_word(lang), v->number);
        return hc_api_set_timeout(api, v->number, err);
    case K_BYTES:
        if (v->kind != HC_VALUE_NUMBER) return wrong_type(s, lang, "a number of bytes", v, err);
        if (!isfinite(v->number) || v->number < 1 || v->number != floor(v->number) ||
            v->number > 9007199254740992.0)
            return hc_fail(err, HC_EINVAL,
                           "%s must be a whole number of bytes >= 1 (every response is "
                           "bounded, SPEC §12), got %g", name, v->number);
        return hc_api_set_max_body(api, v->number, err);
    case K_GROUP:
        return set_group(api, lang, s, v, err);
    }
    return hc_fail(err, HC_EINVAL, "%s: unknown setting type", name);
}

static void value_of_json(const cJSON *item, hc_value *v)
{
    memset(v, 0, sizeof *v);
    if (cJSON_IsNull(item)) {
        v->kind = HC_VALUE_NULL;
    } else if (cJSON_IsBool(item)) {
        v->kind = HC_VALUE_BOOL;
        v->boolean = cJSON_IsTrue(item);
        v->type_name = "a boolean";
    } else if (cJSON_IsNumber(item)) {
        v->kind = HC_VALUE_NUMBER;
        v->number = item->valuedouble;
        v->type_name = "a number";
    } else if (cJSON_IsString(item)) {
        v->kind = HC_VALUE_STRING;
        v->string = item->valuestring;
        v->length = strlen(item->valuestring);
        v->type_name = "a string";
    } else {
        v->kind = HC_VALUE_OTHER;
        v->type_name = cJSON_IsArray(item) ? "a list" : "an object";
    }
}

/* Every member is checked (known name, right type) before any is applied: a bad member
 * leaves the group as it was. The values are applied on a scratch Api first. */
static hc_code set_group(hc_api *api, hc_lang lang, const setting *s, const hc_value *v,
                         hc_error *err)
{
    char buf[64];
    if (v->kind != HC_VALUE_JSON) return wrong_type(s, lang, "a mapping of settings", v, err);
    cJSON *obj = NULL;
    hc_code rc = hc_json_load(v->string, spelled(s, lang, buf, sizeof buf), HC_NUL_REFUSE, &obj,
                              err);
    if (rc != HC_OK) return rc;
    if (!cJSON_IsObject(obj)) {
        cJSON_Delete(obj);
        return hc_fail(err, HC_EARG, "%s must be a mapping of settings",
                       spelled(s, lang, buf, sizeof buf));
    }
    hc_api *scratch = NULL;
    rc = hc_api_new_default(&scratch, err);
    for (int pass = 0; rc == HC_OK && pass < 2; pass++) {
        const cJSON *item;
        cJSON_ArrayForEach(item, obj) {
            hc_value member;
            value_of_json(item, &member);
            rc = hc_api_set(pass ? api : scratch, lang, s->name, item->string, &member, err);
            if (rc != HC_OK) break;
        }
    }
    hc_api_delete(scratch);
    cJSON_Delete(obj);
    return rc;
}

static hc_code unknown(hc_lang lang, const char *group, const char *name, hc_error *err)
{
    char shown[96], buf[64];
    hc_quote(shown, sizeof shown, name);
    const setting *g = group ? find(HC_LANG_PYTHON, NULL, group) : NULL;
    if (g) return hc_fail(err, HC_EARG, "unknown %s setting '%s'", spelled(g, lang, buf, sizeof buf), shown);
    return hc_fail(err, HC_EARG, "unknown setting '%s'", shown);
}

hc_code hc_api_set(hc_api *api, hc_lang lang, const char *group, const char *name,
                   const hc_value *value, hc_error *err)
{
    if (!name) return hc_fail(err, HC_EARG, "no setting name given");
    const setting *s = find(lang, group, name);
    return s ? apply(api, lang, s, value, err) : unknown(lang, group, name, err);
}

hc_code hc_api_set_option(hc_api *api, hc_lang lang, const char *name, const hc_value *value,
                          hc_error *err)
{
    if (!name) return hc_fail(err, HC_EARG, "no setting name given");
    const setting *s = find(lang, NULL, name);
    return s && !s->own_argument ? apply(api, lang, s, value, err) : unknown(lang, NULL, name, err);
}

hc_code hc_api_get(hc_api *api, hc_lang lang, const char *name, hc_value *out, hc_error *err)
{
    memset(out, 0, sizeof *out);
    const setting *s = NULL;
    for (size_t i = 0; !s && i < N_SETTINGS; i++) {
        char buf[64];
        if (strcmp(spelled(&table[i], lang, buf, sizeof buf), name) == 0) s = &table[i];
    }
    if (!s || s->type == K_GROUP) {
        char shown[96];
        hc_quote(shown, sizeof shown, name ? name : "");
        return hc_fail(err, HC_EARG, "unknown setting '%s'", shown);
    }
    s = canonical(s);
    char *text = NULL;
    switch (s->type) {
    case K_URL: text = hc_api_base_url(api); break;
    case K_STYLE: text = hc_api_list_style(api); break;
    case K_FIELD: text = hc_api_etag_field(api); break;
    case K_SPEC:
        text = hc_api_raise_status(api);
        if (text && !*text) { free(text); return HC_OK; } /* none: HC_VALUE_NULL */
        break;
    case K_BOOL:
        out->kind = HC_VALUE_BOOL;
        out->boolean = strcmp(s->name, "require_if_match") == 0 ? hc_api_require_if_match(api)
                       : strcmp(s->name, "verify") == 0        ? hc_api_verify(api)
                       : strcmp(s->name, "cookies") == 0       ? hc_api_cookies(api)
                                                               : hc_api_raise_network(api);
        return HC_OK;
    case K_PATH:
    case K_PROXY:
        text = strcmp(s->name, "proxy") == 0         ? hc_api_proxy(api)
               : strcmp(s->name, "ca_bundle") == 0   ? hc_api_ca_bundle(api)
               : strcmp(s->name, "client_cert") == 0 ? hc_api_client_cert(api)
                                                     : hc_api_client_key(api);
        if (!text) return HC_OK; /* unset: HC_VALUE_NULL */
        break;
    case K_SECONDS:
    case K_BYTES:
        out->kind = HC_VALUE_NUMBER;
        out->number = s->type == K_SECONDS ? hc_api_timeout(api) : hc_api_max_body(api);
        return HC_OK;
    case K_GROUP:
        break;
    }
    if (!text) return hc_fail(err, HC_ENOMEM, "out of memory");
    out->kind = HC_VALUE_STRING;
    out->string = text;
    out->length = strlen(text);
    return HC_OK;
}

/* ---- the .halchemy file ------------------------------------------------------------ */

static hc_code file_value(const setting *s, const char *text, hc_value *v, hc_error *err)
{
    memset(v, 0, sizeof *v);
    switch (canonical(s)->type) {
    case K_BOOL: {
        int b = hc_parse_bool(text);
        if (b < 0)
            return hc_fail(err, HC_EINVAL,
                           "'%s' is not a boolean (true/false, yes/no, on/off, 1/0)", text);
        v->kind = HC_VALUE_BOOL;
        v->boolean = b;
        return HC_OK;
    }
    case K_SECONDS:
    case K_BYTES: {
        char *end = NULL;
        double d = strtod(text, &end);
        if (end == text || *end != '\0') return hc_fail(err, HC_EINVAL, "'%s' is not a number", text);
        v->kind = HC_VALUE_NUMBER;
        v->number = d;
        return HC_OK;
    }
    case K_PATH:
    case K_PROXY:
        if (!*text) { /* `ca_bundle =` with no value: unset */
            v->kind = HC_VALUE_NULL;
            return HC_OK;
        }
        /* fall through */
    default:
        v->kind = HC_VALUE_STRING;
        v->string = text;
        v->length = strlen(text);
        return HC_OK;
    }
}

static hc_code file_key(const char *section, const char *key, const char *text, hc_api *api,
                        hc_error *err)
{
    if (strcmp(section, "headers") == 0) return hc_api_set_header(api, key, text, err);
    const char *group = strcmp(section, "halchemy") == 0 ? NULL : section;
    const setting *s = find(HC_LANG_PYTHON, group, key);
    /* Unknown sections and keys are ignored, so newer files still load (README); a group
     * is a section of its own, never a key. */
    if (!s || s->type == K_GROUP) return HC_OK;
    hc_value v;
    hc_code rc = file_value(s, text, &v, err);
    return rc != HC_OK ? rc : apply(api, HC_LANG_PYTHON, s, &v, err);
}

static hc_code apply_line(void *ud, const char *section, const char *key, const char *value,
                          const char *path, int line, hc_error *err)
{
    hc_error cause = {0};
    if (file_key(section, key, value, ud, &cause) == HC_OK) return HC_OK;
    return hc_fail(err, HC_ECONFIG, "%s:%d: bad value for '%s': %s", path, line, key,
                   cause.message);
}

hc_code hc_api_load_config(hc_api *api, const char *path, hc_error *err)
{
    return hc_ini_parse_file(path, apply_line, api, err);
}

hc_code hc_api_new(hc_api **out, hc_error *err)
{
    hc_code rc = hc_api_new_default(out, err);
    if (rc != HC_OK) return rc;
    char *path = NULL;
    rc = hc_config_find(NULL, NULL, &path, err);
    if (rc == HC_OK && path) rc = hc_api_load_config(*out, path, err);
    hc_free(path);
    if (rc != HC_OK) { hc_api_delete(*out); *out = NULL; }
    return rc;
}

/* ---- the table, for the bindings and tests/vectors/settings.json ------------------ */

static const char *kind_name(kind k)
{
    static const char *const names[] = {"url",  "list_style",  "field", "seconds", "bytes",
                                        "bool", "status_spec", "path",  "proxy",   "group"};
    return names[k];
}

char *hc_settings_json(hc_lang lang)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; list && i < N_SETTINGS; i++) {
        const setting *s = &table[i];
        char buf[64], canon[64];
        cJSON *o = cJSON_CreateObject();
        if (!o) break;
        cJSON_AddItemToArray(list, o);
        cJSON_AddStringToObject(o, "name", spelled(s, lang, buf, sizeof buf));
        if (s->group) cJSON_AddStringToObject(o, "group", s->group);
        else cJSON_AddNullToObject(o, "group");
        if (s->canonical) {
            const setting *c = canonical(s);
            cJSON_AddStringToObject(o, "alias_of", spelled(c, lang, canon, sizeof canon));
        } else {
            cJSON_AddNullToObject(o, "alias_of");
        }
        cJSON_AddStringToObject(o, "type", kind_name(s->type));
        cJSON_AddBoolToObject(o, "own_argument", s->own_argument);
        if (s->doc) cJSON_AddStringToObject(o, "doc", s->doc);
    }
    char *text = list ? cJSON_PrintUnformatted(list) : NULL;
    cJSON_Delete(list);
    return text;
}
