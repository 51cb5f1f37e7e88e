/* halchemy.h: the C core's one public header.
 * Every rule of SPEC.md lives behind these functions; the Python and Node bindings only
 * convert values. Structured values cross this boundary as JSON text, so no libcurl or
 * cJSON type appears here. Unless a comment says otherwise, a returned `char *` is owned
 * by the caller and released with hc_free(); a returned `const char *` is borrowed from
 * the object it came from and lives as long as that object. */
#ifndef HALCHEMY_H
#define HALCHEMY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------------------ */

typedef enum hc_code {
    HC_OK = 0,
    HC_ENOMEM,      /* out of memory */
    HC_EINVAL,      /* a bad argument (empty base URL, NULL where a value is needed) */
    HC_EJSON,       /* JSON text handed to the core is malformed or of the wrong type */
    HC_ETEMPLATE,   /* an invalid RFC 6570 template */
    HC_EPARAMS,     /* query parameters that cannot be encoded, or an unknown list style */
    HC_EHEADER,     /* a header name or value with CR/LF or otherwise invalid */
    HC_ESCHEME,     /* a URL whose scheme is not http or https */
    HC_ECONFIG,     /* a malformed .halchemy file */
    HC_ESTATUSSPEC, /* a malformed raise_for_status_codes spec */
    HC_EHAL,        /* a resource that is not well-formed HAL for what was asked */
    HC_ENOREL,      /* a rel (or rel + name) that the resource does not have */
    HC_EEXPECT,     /* embedded(rel, expect) found one where many was expected or back */
    HC_ENETWORK,    /* no response: refused, DNS, TLS, reset, closed mid-body */
    HC_ETIMEOUT,    /* no response within the timeout */
    HC_ETOOBIG,     /* the response body exceeded the configured limit */
    HC_EBUSY,       /* the object is in use by a transfer that has not finished */
    HC_EARG,        /* a wrong argument type or an unknown option: the language's TypeError */
    HC_ENOETAG,     /* require_if_match: a change of a resource with no ETag to send (SPEC §8) */
    HC_EHTTP,       /* a status that matched raise_for_status_codes (the bindings' HTTPError) */
    HC_ECLOSED,     /* a request on an Api after hc_api_close (SPEC §13) */
    HC_EINTERRUPTED, /* hc_transfer_perform_checked: the caller's check asked to stop */
    HC_CODE_COUNT
} hc_code;

/* A per-call error record. Filled on failure; never global. */
typedef struct hc_error {
    hc_code code;
    int curl_code;     /* libcurl's CURLcode when the transport failed, else 0 */
    char message[512]; /* a sentence saying what was wrong, naming the input */
} hc_error;

/* The stable short name of a code ("template", "network", ...); never NULL. */
/* The code's stable short name ('template', 'network', ...). Static: never freed. */
const char *hc_code_name(hc_code code);
/* The package's version ("2.0.0"), package.json's, as the build passed it (HC_VERSION). */
/* The package version ("2.0.0"). Static: never freed. */
const char *hc_version(void);
/* Frees anything the core handed out as `char *`. NULL-safe. */
/* Frees what the core handed over (every caller-owned `char *` and `*out` text). NULL-safe. */
void hc_free(void *p);
/* SPEC §10 (v2): the one table of error kinds both bindings build their classes from, as a
 * JSON list of {"code", "class", "parent", "python_also"}: for each code the class name
 * (the same in Python and JavaScript), the halchemy class it derives from (null for the
 * language's own TypeError), and the built-in Python exception it also derives from (or
 * null). Caller owns. tests/vectors/errors.json holds the same table. */
char *hc_errors_json(void);
/* SPEC §12 (v2): text handed to the core as a C string cannot hold a NUL byte; the bindings
 * pass each string argument with its length here first. HC_EINVAL showing the text when
 * s[0..len) holds a NUL (never silently cut at it). */
hc_code hc_check_text(const char *s, size_t len, hc_error *err);

/* ---- pure rules (no I/O) ----------------------------------------------------------- */

/* RFC 6570 levels 1-4. `values_json` is a JSON object text (NULL or "" = no values).
 * Numbers and booleans expand as their JSON text. *out: caller owns. */
hc_code hc_uritemplate_expand(const char *tmpl, const char *values_json, char **out,
                              hc_error *err);

typedef enum hc_list_style {
    HC_LIST_REPEAT_KEY = 0,
    HC_LIST_BRACKET,
    HC_LIST_INDEX,
    HC_LIST_COMMA,
    HC_LIST_PIPE
} hc_list_style;

/* "repeat_key", "bracket", "index", "comma", "pipe"; anything else is HC_EPARAMS. */
hc_code hc_list_style_parse(const char *name, hc_list_style *out, hc_error *err);
/* Static: never freed. */
const char *hc_list_style_name(hc_list_style style);

/* Form-encodes a JSON object as a query string (SPEC §5), no leading '?'. *out: caller owns. */
hc_code hc_query_encode(const char *params_json, hc_list_style style, char **out,
                        hc_error *err);
/* Appends an encoded query to a URL, with '?' or '&' as the URL needs. *out: caller owns. */
hc_code hc_url_add_query(const char *url, const char *query, char **out, hc_error *err);

/* SPEC §3 URL resolution (v2): `href` resolved against the base URL and, for `?q`, `#f`,
 * `./` and `../` hrefs, the document URL (the URL the resource came from; NULL when
 * unknown: then the base URL taken as a directory). Dot segments are removed afterwards;
 * a fragment is kept. *out: caller owns. */
hc_code hc_url_resolve(const char *base, const char *document, const char *href, char **out,
                       hc_error *err);
/* hc_url_resolve without a document URL. */
hc_code hc_url_join(const char *base, const char *href, char **out, hc_error *err);
/* SPEC §4 (v2): a link's href that is not a template, as a URI reference: characters a URI
 * may not hold (space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, bytes outside printable
 * ASCII) percent-encoded as UTF-8 bytes, a `%` not starting a `%XX` triplet as `%25`, all
 * else kept. CR, LF or another control byte is HC_ESCHEME naming the href. *out: caller owns. */
hc_code hc_url_encode_reference(const char *href, char **out, hc_error *err);
/* HC_OK when the URL's scheme is http or https, else HC_ESCHEME naming the URL. */
hc_code hc_url_check_scheme(const char *url, hc_error *err);
/* 1 when both URLs have the same scheme, host and port (default ports filled in). */
int hc_url_same_origin(const char *a, const char *b);

/* SPEC §7: the bytes to send for `data_json` (JSON text of the value) under
 * `content_type` (NULL = JSON). JSON types send the JSON text; form-urlencoded form-encodes
 * an object; any other type sends a string's contents. *out (caller owns) is
 * NUL-terminated and *out_len excludes the NUL. */
hc_code hc_body_encode(const char *data_json, const char *content_type, char **out,
                       size_t *out_len, hc_error *err);

/* ---- JSON text (SPEC §9 v2: one rule, in the core) ---------------------------------- */

/* Containers nest at most this deep; the top-level object or list is level 1. */
#define HC_JSON_MAX_DEPTH 1000

/* What a body is under SPEC §9's JSON rule. */
typedef enum hc_json_kind {
    HC_JSON_NONE = 0,  /* not declared JSON: the body is text */
    HC_JSON_MALFORMED, /* declared JSON (or empty) that breaks the rule: the body is text */
    HC_JSON_OBJECT,    /* a JSON object: its members are the resource's fields */
    HC_JSON_OTHER      /* a list, string, number, true, false or null: an empty resource */
} hc_json_kind;

/* The strict rule on text[0..len): one RFC 8259 value and only whitespace around it; no
 * NaN/Infinity, comments, trailing commas, single quotes or leading zeros; every \u escape
 * four hex digits and no lone surrogate; only UTF-8 (no overlong forms, surrogates or code
 * points above U+10FFFF); containers at most HC_JSON_MAX_DEPTH deep. Linear, no recursion.
 * HC_OK with *kind (optional) HC_JSON_OBJECT or HC_JSON_OTHER, else HC_EJSON with a message
 * saying what is wrong at which byte (and *kind HC_JSON_MALFORMED). No BOM is skipped. */
hc_code hc_json_check(const char *text, size_t len, hc_json_kind *kind, hc_error *err);
/* SPEC §9: the verdict on a response body with this Content-Type (NULL: none). Declared
 * JSON is a JSON media type (application/json, any +json type), or with no Content-Type a
 * body whose first byte after an optional UTF-8 BOM and whitespace is '{' or '['. A
 * declared body is checked by hc_json_check after its BOM; *offset (optional) is where the
 * JSON text starts (3 after a BOM, else 0) when the verdict is OBJECT or OTHER, else 0. A
 * binding builds values from body[*offset..len) with its own parser, which on such text
 * gives the same values in every language, and keeps any other body as text (UTF-8,
 * U+FFFD for invalid sequences). */
hc_json_kind hc_json_body(const char *content_type, const char *body, size_t len,
                          size_t *offset);

/* Where a request's JSON text comes from, for messages. */
typedef enum hc_json_place {
    HC_JSON_BODY = 0,   /* "the request body" */
    HC_JSON_VALUES,     /* "template values" */
    HC_JSON_PARAMETERS, /* "query parameters" */
    HC_JSON_HEADERS     /* "headers" */
} hc_json_place;
/* SPEC §7 (v2): a number JSON cannot represent ("NaN", "Infinity" or "-Infinity") found in
 * a request value by a binding's own serializer. Fills err exactly as the core does when it
 * finds that token in JSON text for `place` (code HC_EJSON, so both languages raise the
 * same HalchemyError with the same message), and returns HC_EJSON. */
hc_code hc_json_nonfinite_error(hc_json_place place, const char *token, hc_error *err);

/* ---- headers: an ordered, case-insensitive name -> value set ---------------------- */

typedef struct hc_headers hc_headers;

/* A new empty set / a deep copy: caller owns, freed with hc_headers_delete (not hc_free).
 * The set copies every name and value it is given; callers keep their own strings. */
hc_headers *hc_headers_new(void);
void hc_headers_delete(hc_headers *h); /* NULL-safe */
hc_headers *hc_headers_copy(const hc_headers *h);
/* Replaces any header of the same name (any case); the new spelling wins.
 * A name or value with CR or LF, or an empty/invalid name, is HC_EHEADER. */
hc_code hc_headers_set(hc_headers *h, const char *name, const char *value, hc_error *err);
/* Like set, but an existing value gets ", value" appended (response headers). */
hc_code hc_headers_append(hc_headers *h, const char *name, const char *value,
                          hc_error *err);
/* Returns 1 when a header was removed. */
int hc_headers_remove(hc_headers *h, const char *name);
/* Borrowed value or NULL: valid until h is changed (set, append, remove, merge) or deleted. */
const char *hc_headers_get(const hc_headers *h, const char *name);
size_t hc_headers_count(const hc_headers *h);
/* The i-th name / value (0-based, i < count): borrowed as for hc_headers_get. */
const char *hc_headers_name(const hc_headers *h, size_t i);
const char *hc_headers_value(const hc_headers *h, size_t i);
/* Merges every string member of a JSON object over h (set semantics). */
hc_code hc_headers_merge_json(hc_headers *h, const char *obj_json, hc_error *err);
/* The set as a JSON object text. Caller owns. */
char *hc_headers_to_json(const hc_headers *h);

/* ---- status code specs (SPEC §10) ------------------------------------------------- */

typedef struct hc_status_spec hc_status_spec;

/* Parses "400-403, >404" etc.; NULL or "" is an empty spec that matches nothing.
 * *out: caller owns, freed with hc_status_spec_delete (not hc_free). */
hc_code hc_status_spec_parse(const char *text, hc_status_spec **out, hc_error *err);
int hc_status_spec_match(const hc_status_spec *spec, int status);
void hc_status_spec_delete(hc_status_spec *spec); /* NULL-safe */
/* SPEC §10: the HTTPError message for a response, "<METHOD> <url> returned <status>
 * <reason>", without a trailing space when the reason is empty. Caller owns. */
char *hc_http_error_message(const char *method, const char *url, int status,
                            const char *reason);
/* One-shot: *match = 1 when `status` matches `text`. */
hc_code hc_status_matches(const char *text, int status, int *match, hc_error *err);

/* ---- HAL (SPEC §11) -------------------------------------------------------------- */

/* A link found by hc_hal_find. Every string is owned by the struct; hc_link_clear frees. */
typedef struct hc_link {
    char *href;        /* as written in the link object */
    int templated;     /* the link object's "templated" is true */
    char *self_href;   /* the resource's _links.self.href, NULL when it has no usable one */
    char *deprecation; /* the link object's "deprecation" as text, NULL when it has none */
} hc_link;
void hc_link_clear(hc_link *link); /* NULL-safe; leaves every member NULL/0 */

/* SPEC §11 (v2): the link `rel` of a resource's `_links` object (JSON text; NULL, "" or
 * null: no links). `rel` is matched as written, and through `_links.curies` by its CURIE
 * or its full URI. A rel holding a list of link objects gives the first one that meets
 * every criterion of `criteria_json` (NULL or a JSON object of "name", "title",
 * "hreflang", "type", "profile": strings, and "index": a 0-based position; null members
 * are ignored); a single link object is position 0. An unknown criterion or a criterion of
 * the wrong type is HC_EARG; nothing found is HC_ENOREL naming rel and criteria; links
 * that are not link objects are HC_EHAL; an href, self href or criterion holding a NUL is
 * HC_EINVAL (SPEC §12: refused, never cut). */
hc_code hc_hal_find(const char *links_json, const char *rel, const char *criteria_json,
                    hc_link *out, hc_error *err);
/* hc_hal_find with at most a name, returning only the href (caller owns) and templated. */
hc_code hc_hal_link(const char *links_json, const char *rel, const char *name, char **href,
                    int *templated, hc_error *err);
/* *has = 1 when `_links` (JSON text) has rel, as written or by CURIE (see hc_hal_find). A
 * `_links` that is not an object is HC_EHAL. */
hc_code hc_hal_has_rel(const char *links_json, const char *rel, int *has, hc_error *err);
/* HC_OK when the resource (JSON text) is HAL the helpers can work on (SPEC §11 v2): a JSON
 * object whose `_links` (if present) is an object and `_embedded` (if present) an object.
 * `self` is not required. Else HC_EHAL with a message saying what is wrong. */
hc_code hc_hal_check(const char *resource_json, hc_error *err);

typedef enum hc_multiplicity { HC_ANY = 0, HC_ONE = 1, HC_MANY = 2 } hc_multiplicity;

/* `expect` of embedded(rel, expect) (SPEC §11): NULL (any), "one" or "many"; anything else
 * is HC_EARG, the language's TypeError. */
hc_code hc_multiplicity_parse(const char *expect, hc_multiplicity *out, hc_error *err);
/* Checks `_embedded[rel]` of a resource: exists (else HC_ENOREL), is an object (one) or
 * a list (many), and matches `expect` (else HC_EEXPECT). *found says which it is. */
hc_code hc_hal_embedded(const char *resource_json, const char *rel, hc_multiplicity expect,
                        hc_multiplicity *found, hc_error *err);
/* Checks that resource[field] exists, is a list, and holds only well-formed HAL objects;
 * else HC_EHAL whose message says "does not exist", "is not a collection" or "contains
 * non-HAL formatted objects". */
hc_code hc_hal_collection(const char *resource_json, const char *field, hc_error *err);

/* SPEC §8: 1 when the If-Match rule applies: a PUT, PATCH or DELETE of a link whose href is
 * the resource's own self href (compared exactly as written). */
int hc_if_match_applies(const char *method, const char *link_href, const char *self_href);
/* SPEC §8 (v2): the ETag to send as If-Match when the rule applies, or NULL for none.
 * Borrowed: one of the arguments. A strong `etag_header` (the ETag the resource came with)
 * wins; else the etag field (`etag_value`, its text); else a weak header as received. */
const char *hc_if_match_etag(const char *etag_header, const char *etag_value);
/* hc_if_match_etag when hc_if_match_applies, else NULL. */
const char *hc_if_match(const char *method, const char *link_href, const char *self_href,
                        const char *etag_header, const char *etag_value);
/* SPEC §8 (v2): the text of a resource's etag field `field` exactly as the server wrote it,
 * from the response body `body_json` (JSON text): a string's contents, a number's own
 * digits. *out NULL when the body is not a JSON object, has no such field, or the field
 * is not a string or number. Caller owns *out. */
hc_code hc_etag_field_text(const char *body_json, const char *field, char **out,
                           hc_error *err);
/* SPEC §8 (v2): the etag field's text to send. `value` is the field as the resource holds
 * it now (its text; NULL: none, and NULL is returned); `source` the body the resource came
 * in (NULL when unknown). When the field in `source` is the same value (the same text, or
 * the same number: a JavaScript number cannot hold 9007199254740993), its text there is
 * returned, digits exactly as the server wrote them; else `value`. Caller owns. */
char *hc_etag_field_exact(const char *value, const char *source, const char *field);

/* ---- configuration (.halchemy INI, SPEC §2) ------------------------------------------ */

/* The config file that applies: $HALCHEMY_CONFIG, else `.halchemy` in the project root
 * found walking up from `cwd`, else `.halchemy` in `home`. *path NULL when none exists.
 * cwd/home NULL mean the process's own. Caller owns *path. */
hc_code hc_config_find(const char *cwd, const char *home, char **path, hc_error *err);

/* ---- the Api --------------------------------------------------------------------- */

typedef struct hc_api hc_api;

/* A new Api with the built-in defaults, then the config file found by hc_config_find
 * (if any) applied. A malformed file fails with HC_ECONFIG naming file and line.
 * *out: caller owns, freed with hc_api_delete (after every transfer made from it). */
hc_code hc_api_new(hc_api **out, hc_error *err);
/* A new Api with built-in defaults only. *out: as for hc_api_new. */
hc_code hc_api_new_default(hc_api **out, hc_error *err);
/* Applies one INI file over the Api's settings. */
hc_code hc_api_load_config(hc_api *api, const char *path, hc_error *err);
/* NULL-safe. Waits for nothing: the caller must have finished or deleted its transfers. */
void hc_api_delete(hc_api *api);

/* Settings. Getters return a copy the caller owns. Setters validate and leave the old
 * value on failure. All are safe to call while other threads run transfers. */
hc_code hc_api_set_base_url(hc_api *api, const char *url, hc_error *err);
char *hc_api_base_url(hc_api *api);
hc_code hc_api_set_list_style(hc_api *api, const char *name, hc_error *err);
char *hc_api_list_style(hc_api *api);
hc_code hc_api_set_etag_field(hc_api *api, const char *name, hc_error *err);
char *hc_api_etag_field(hc_api *api);
hc_code hc_api_set_timeout(hc_api *api, double seconds, hc_error *err); /* 0 = none */
double hc_api_timeout(hc_api *api);
hc_code hc_api_set_max_body(hc_api *api, double bytes, hc_error *err); /* default 64 MiB */
double hc_api_max_body(hc_api *api);
void hc_api_set_raise_network(hc_api *api, int raise);
int hc_api_raise_network(hc_api *api);
hc_code hc_api_set_raise_status(hc_api *api, const char *spec, hc_error *err);
char *hc_api_raise_status(hc_api *api); /* "" when none */
/* SPEC §8 (v2): refuse a change under the If-Match rule that has no ETag to send. */
void hc_api_set_require_if_match(hc_api *api, int require);
int hc_api_require_if_match(hc_api *api);
/* SPEC §11 (v2): the warning to give for following a deprecated link (a link object with a
 * `deprecation` property) to `url`, or NULL when one was already given for that URL in this
 * process. Caller owns the returned text. Thread-safe. */
char *hc_deprecation_notice(const char *url, const char *deprecation);
/* SPEC §2: every setting by name, through the one table of settings (csrc/settings.c), so
 * that both languages and the .halchemy file accept the same names, types and ranges. */
typedef enum hc_lang {
    HC_LANG_PYTHON = 0, /* snake_case names, None */
    HC_LANG_JS = 1      /* camelCase names, null */
} hc_lang;

typedef enum hc_value_kind {
    HC_VALUE_NULL = 0, /* Python None, JavaScript null or undefined */
    HC_VALUE_BOOL,
    HC_VALUE_NUMBER,
    HC_VALUE_STRING,
    HC_VALUE_JSON,     /* a mapping given as JSON object text in `string` (a group's value) */
    HC_VALUE_OTHER     /* any other type: refused, naming type_name */
} hc_value_kind;

/* A value crossing from a language: the binding fills kind and the member it uses. */
typedef struct hc_value {
    hc_value_kind kind;
    int boolean;
    double number;
    const char *string;    /* STRING and JSON (UTF-8; from hc_api_get the caller frees it) */
    size_t length;         /* STRING: its bytes; a NUL among them is refused */
    const char *type_name; /* the language's name of the value's type, for messages */
} hc_value;

/* Sets the setting `name` (as `lang` spells it; an alias names its setting) of `group`
 * (NULL: top level; "error_handling": a member of that group). A value of the wrong type and
 * an unknown name are HC_EARG (the language's TypeError); a value out of range is HC_EINVAL
 * or the setting's own code (HC_EPARAMS for a list style, HC_ESTATUSSPEC, HC_ESCHEME). A
 * group's value is HC_VALUE_JSON: every member is checked before any is applied. */
hc_code hc_api_set(hc_api *api, hc_lang lang, const char *group, const char *name,
                   const hc_value *value, hc_error *err);
/* hc_api_set for a setting given to the constructor beside its own arguments (Python's
 * keywords, JavaScript's options): a setting with an argument of its own (the base URL) is
 * an unknown name there. */
hc_code hc_api_set_option(hc_api *api, hc_lang lang, const char *name, const hc_value *value,
                          hc_error *err);
/* A top-level setting's value (a group is HC_EARG); a STRING's text is the caller's. */
hc_code hc_api_get(hc_api *api, hc_lang lang, const char *name, hc_value *out, hc_error *err);
/* The table as a JSON list of {"name", "group", "alias_of", "type", "own_argument", "doc"},
 * names as `lang` spells them. Caller owns. */
char *hc_settings_json(hc_lang lang);

/* ---- network settings (SPEC §13) ----------------------------------------------------
 * Each is also a row of the settings table (hc_api_set/hc_api_get by name: ca_bundle,
 * client_cert, client_key, verify, proxy, cookies), which is how the bindings and the
 * .halchemy file reach them; these typed functions are the same setters. Getters return a
 * copy the caller frees with hc_free, NULL when the setting is unset. */

/* TLS: a PEM file of CA certificates that replaces the system store (NULL: unset; then
 * $SSL_CERT_FILE, read when each transfer is set up, else the system store). The file must
 * exist and be readable now: else HC_EINVAL naming the setting and the path. (A file that
 * disappears later fails the request as a network error naming it.) */
hc_code hc_api_set_ca_bundle(hc_api *api, const char *path, hc_error *err);
char *hc_api_ca_bundle(hc_api *api);
/* TLS client certificate and its key, PEM files (NULL: none); checked like ca_bundle.
 * The key may be left unset when the certificate file holds it; a key without a
 * certificate fails each request with HC_EINVAL. */
hc_code hc_api_set_client_cert(hc_api *api, const char *path, hc_error *err);
char *hc_api_client_cert(hc_api *api);
hc_code hc_api_set_client_key(hc_api *api, const char *path, hc_error *err);
char *hc_api_client_key(hc_api *api);
/* verify (default 1): 0 turns off the peer and host name checks of TLS, for the origin and
 * an https proxy alike. */
void hc_api_set_verify(hc_api *api, int verify);
int hc_api_verify(hc_api *api);
/* SPEC §13: the warning to give once per Api when verify is off: the text (caller frees)
 * the first time this is called while verify is 0, NULL otherwise (verify on, or already
 * given). A binding calls it after creating each transfer (hc_transfer_new) and logs /
 * emits what it returns. Thread-safe. */
char *hc_api_verify_warning(hc_api *api);
/* The proxy for every request, an http, https, socks5 or socks5h URL, credentials as its
 * userinfo (NULL: unset; then libcurl's environment rules: http_proxy, https_proxy or
 * HTTPS_PROXY, all_proxy or ALL_PROXY; never HTTP_PROXY). no_proxy / NO_PROXY applies to
 * both. Another scheme, or none, is HC_ESCHEME; CR, LF or a blank is HC_EINVAL. */
hc_code hc_api_set_proxy(hc_api *api, const char *url, hc_error *err);
char *hc_api_proxy(hc_api *api);
/* cookies (default 1): the Api's in-memory cookie jar (libcurl's cookie engine, shared by
 * all of the Api's transfers, also across threads). 0: no cookie is stored or sent by the
 * engine; the jar keeps what it held (hc_api_clear_cookies empties it). */
void hc_api_set_cookies(hc_api *api, int on);
int hc_api_cookies(hc_api *api);
/* The jar as a JSON list of {"name", "value", "domain", "path", "expires", "secure"}:
 * strings, expires in seconds since the epoch or null for a session cookie, secure a
 * boolean; domain as libcurl keeps it (a leading '.' when the cookie covers subdomains).
 * *out: caller frees. Works after hc_api_close too. */
hc_code hc_api_cookie_jar_json(hc_api *api, char **out, hc_error *err);
/* Empties the jar (err may be NULL). */
hc_code hc_api_clear_cookies(hc_api *api, hc_error *err);

/* SPEC §13 lifetime: closes the connections the Api keeps alive, now, on this thread.
 * Transfers still running finish and close their connections when they end. Afterwards
 * hc_transfer_new fails with HC_ECLOSED; settings, headers, hc_api_url and the cookie jar
 * still work. Idempotent. hc_api_delete is still needed to free the Api. */
void hc_api_close(hc_api *api);
/* 1 after hc_api_close. */
int hc_api_closed(hc_api *api);

/* Default headers. replace: the JSON object becomes the whole set; merge: set over. */
hc_code hc_api_replace_headers(hc_api *api, const char *obj_json, hc_error *err);
hc_code hc_api_merge_headers(hc_api *api, const char *obj_json, hc_error *err);
void hc_api_remove_header(hc_api *api, const char *name);
char *hc_api_headers_json(hc_api *api); /* JSON object text; caller owns (hc_free) */

/* ---- requests -------------------------------------------------------------------- */

/* One options struct for every request; unused members are NULL. */
typedef struct hc_request_opts {
    const char *method;          /* "GET", "POST", ... */
    const char *url;             /* an href: absolute, or relative to the base URL; it is
                                    expanded as an RFC 6570 template unless link_literal */
    int link_literal;            /* 1: url is a link's href without "templated": true and no
                                    template values are given: a URI reference (SPEC §4) */
    const char *document_url;    /* the URL the followed resource came from (SPEC §3), or NULL */
    const char *template_values; /* JSON object text */
    const char *parameters;      /* JSON object text, form-encoded into the query */
    const char *headers;         /* JSON object text: this request's own headers */
    const char *data;            /* JSON text of the body value; NULL = no body */
    const char *raw_body;        /* SPEC §9: bytes sent as is instead of `data` (NULL: none);
                                    Content-type: content_type, else one in `headers`, else
                                    application/octet-stream (never the default JSON one) */
    size_t raw_body_len;
    const char *content_type;    /* sets Content-type for this request */
    /* For the If-Match rule (SPEC §8), when the requester came from follow(resource): */
    const char *self_href;       /* the resource's _links.self.href */
    const char *etag_header;     /* the ETag header the resource came with */
    const char *etag_value;      /* the resource's etag field, as text */
    size_t etag_value_len;       /* its length in bytes, for a field that may hold a NUL (a
                                    server may send "\u0000"); 0: strlen(etag_value). A NUL
                                    in it refuses only a request that would send it as
                                    If-Match (SPEC §8, §12) */
    const char *etag_source;     /* the body the resource came in (JSON text), or NULL: the
                                    etag field is then read from it exactly (SPEC §8) */
    int conflict_retries;        /* SPEC §8 refresh and apply again: at most this many */
    /* SPEC §13 with_timeout: when timeout_set is 1, `timeout` seconds replace the Api's
     * timeout for this call (one deadline, redirects included): 0 = none; negative, NaN or
     * infinite is HC_EINVAL (the Api setting's rule). A zeroed struct (timeout_set 0)
     * keeps the Api's, so callers that predate the field are unchanged. */
    int timeout_set;
    double timeout;
    /* SPEC §13 tracing: 1 records one line per exchange of the call (hc_transfer_trace_json);
     * 0 records nothing (a binding sets it only when its log is on, so tracing off costs
     * nothing). */
    int trace;
} hc_request_opts;

/* The absolute URL a request would go to (template expanded, parameters added, scheme
 * checked). Caller owns *out. */
hc_code hc_api_url(hc_api *api, const hc_request_opts *opts, char **out, hc_error *err);

typedef struct hc_transfer hc_transfer;

/* Builds a transfer: URL, headers, body, If-Match, limits. No I/O. A bad template,
 * header, scheme or body fails here and nothing is sent. The transfer holds a reference
 * to the api's connection pool: delete every transfer before the api. *out: caller owns,
 * freed with hc_transfer_delete; every string of opts is copied (opts may go at once). */
hc_code hc_transfer_new(hc_api *api, const hc_request_opts *opts, hc_transfer **out,
                        hc_error *err);
/* Runs the transfer to completion on this thread (blocking; never calls back into a host
 * language). Returns its outcome code; the error record is hc_transfer_error(). */
hc_code hc_transfer_perform(hc_transfer *t);
/* SPEC §13 (Python Ctrl-C): hc_transfer_perform that the caller can stop. The call (every
 * hop) runs on a libcurl multi kept by the Api's pool (a temporary one when another thread
 * holds it), waiting at most interval_ms (at least 1) at a time; between waits check(ud)
 * is called, and a nonzero return ends the transfer at once with HC_EINTERRUPTED (its
 * connection closed, the handle back in the pool; the transfer is then finished like any
 * failed one and still needs hc_transfer_delete). check NULL: hc_transfer_perform. */
hc_code hc_transfer_perform_checked(hc_transfer *t, int (*check)(void *ud), void *ud,
                                    int interval_ms);
void hc_transfer_delete(hc_transfer *t); /* NULL-safe; returns the handle to the pool */

/* What was sent (borrowed, valid until delete). */
const char *hc_transfer_method(const hc_transfer *t);
const char *hc_transfer_url(const hc_transfer *t);
const hc_headers *hc_transfer_request_headers(const hc_transfer *t);
const char *hc_transfer_request_body(const hc_transfer *t, size_t *len); /* NULL: none */

/* What came back (borrowed, valid until delete). Status 0 when no response. */
const hc_error *hc_transfer_error(const hc_transfer *t);
int hc_transfer_status(const hc_transfer *t);
const char *hc_transfer_reason(const hc_transfer *t);
const char *hc_transfer_effective_url(const hc_transfer *t);
const hc_headers *hc_transfer_response_headers(const hc_transfer *t);
const char *hc_transfer_response_body(const hc_transfer *t, size_t *len);
/* SPEC §9: hc_json_body's verdict on the response body (*offset optional): the binding
 * builds its value from body[*offset..] for HC_JSON_OBJECT and HC_JSON_OTHER, and keeps any
 * other body as text. HC_JSON_NONE when there was no response. */
hc_json_kind hc_transfer_body_json(const hc_transfer *t, size_t *offset);
/* 1 when the response body is well-formed UTF-8 (RFC 3629), so its text decodes back to the
 * same bytes; a body the JSON rule accepted always is. */
int hc_transfer_body_utf8(const hc_transfer *t);
/* What the binding must raise, from the api's error-handling settings at creation:
 * HC_RAISE_NONE, HC_RAISE_NETWORK (no response, raise_for_network_errors on) or
 * HC_RAISE_STATUS (status matched raise_for_status_codes). */
typedef enum hc_raise { HC_RAISE_NONE = 0, HC_RAISE_NETWORK, HC_RAISE_STATUS } hc_raise;
hc_raise hc_transfer_raise(const hc_transfer *t);
/* How many times a 412 was answered by refreshing the ETag and sending again (SPEC §8). */
int hc_transfer_conflict_retries(const hc_transfer *t);
/* SPEC §13 `_halchemy.history`: the redirect hops followed before the final response,
 * oldest first, as a JSON list of {"method", "url", "status", "reason"}: the method and
 * absolute URL as sent on that hop, the status it answered (a number) and its reason
 * phrase as received ("" when empty). "[]" when there was none; a hop that failed (no
 * response) is not listed. Caller frees. NULL only when out of memory. */
char *hc_transfer_history_json(const hc_transfer *t);
/* SPEC §13 tracing: when the request asked for it (hc_request_opts.trace), one line per
 * exchange of the call, oldest first, as a JSON list of strings: every redirect hop, every
 * SPEC §8 refresh and resend, and the last exchange, each
 * "METHOD URL -> STATUS REASON (N ms)" or "METHOD URL -> no response: WHY (N ms)", with
 * N the exchange's milliseconds. A password in a URL is shown as *** (hc_url_redacted);
 * header values are never included. "[]" when tracing was off. Caller frees; NULL only
 * when out of memory. */
char *hc_transfer_trace_json(const hc_transfer *t);
/* SPEC §13 redaction: 1 when a header of this name (any case) holds a credential whose
 * value must never be logged or shown: Authorization, Proxy-Authorization, Cookie. The
 * same names are dropped when a redirect leaves the origin (SPEC §12). */
int hc_header_is_credential(const char *name);
/* SPEC §13 redaction: the value to show for a header in a log, repr or inspect: "[redacted]"
 * for a credential header (hc_header_is_credential) and for a response's Set-Cookie (the
 * secret the next Cookie will carry), else value itself. Static or value: never freed. */
const char *hc_header_shown(const char *name, const char *value);
/* SPEC §13 redaction: a copy of url with the password of its userinfo replaced by "***"
 * (http://user:***@host/); unchanged when it has none. Caller frees; NULL only when out of
 * memory. */
char *hc_url_redacted(const char *url);

/* ---- many transfers on one event loop (the Node binding) --------------------------- */

typedef struct hc_multi hc_multi;

enum { HC_POLL_IN = 1, HC_POLL_OUT = 2, HC_POLL_REMOVE = 4 };
#define HC_SOCKET_TIMEOUT (-1)

/* Called when the loop must watch `fd` for `what` (HC_POLL_IN|HC_POLL_OUT) or stop
 * watching it (HC_POLL_REMOVE). `socketp` is what hc_multi_assign stored for fd. */
typedef void (*hc_socket_fn)(void *userdata, int fd, int what, void *socketp);
/* Called when the loop must call hc_multi_action(m, HC_SOCKET_TIMEOUT, 0) after
 * `timeout_ms` (-1 = delete the timer, 0 = as soon as possible). */
typedef void (*hc_timer_fn)(void *userdata, long timeout_ms);

/* Caller owns, freed with hc_multi_delete; userdata is borrowed (passed back to the
 * callbacks, never freed). A transfer added stays owned by the caller. */
hc_multi *hc_multi_new(hc_socket_fn on_socket, hc_timer_fn on_timer, void *userdata);
void hc_multi_delete(hc_multi *m); /* NULL-safe; removes unfinished transfers */
hc_code hc_multi_add(hc_multi *m, hc_transfer *t, hc_error *err);
/* Removes an unfinished transfer (e.g. on shutdown). */
void hc_multi_remove(hc_multi *m, hc_transfer *t);
/* SPEC §13 withSignal: takes t out of m whatever its stage, so the caller can delete it at
 * once: a running transfer is removed from libcurl (its connection is closed, not reused);
 * one that finished in an action and waits for hc_multi_next_done leaves that queue. 1 when
 * t was in m (it no longer counts in hc_multi_running), 0 when it was not (never added, or
 * already handed out by hc_multi_next_done). The caller still owns t and deletes it. */
int hc_multi_cancel(hc_multi *m, hc_transfer *t);
void hc_multi_assign(hc_multi *m, int fd, void *socketp);
/* Tells libcurl that fd is ready for `events` (HC_POLL_IN|HC_POLL_OUT), or that the timer
 * fired (fd = HC_SOCKET_TIMEOUT). */
void hc_multi_action(hc_multi *m, int fd, int events);
/* A finished transfer (removed from m, result filled in) or NULL when none is ready.
 * The caller still owns it and deletes it. */
hc_transfer *hc_multi_next_done(hc_multi *m);
/* Number of transfers added and not yet returned by next_done. */
int hc_multi_running(const hc_multi *m);

/* Opaque per-transfer slot for the binding (e.g. its Promise): borrowed, never freed by the core. */
void hc_transfer_set_userdata(hc_transfer *t, void *userdata);
void *hc_transfer_userdata(const hc_transfer *t);

#ifdef __cplusplus
}
#endif

#endif /* HALCHEMY_H */
