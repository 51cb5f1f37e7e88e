/* cookies.c: the Api's cookie jar as the bindings show it (SPEC §13): libcurl's cookie
 * engine keeps the cookies in the pool's share; here they are listed, from libcurl's
 * Netscape cookie-file lines, and cleared. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "transfer.h"

/* A handle attached to the Api's share, for reading or changing the jar (NULL when out of
 * memory); *pooled says whether it came from the pool (then it goes back there: a new one
 * lacks the options the pool's handles keep, and is cleaned up by jar_done). */
static CURL *jar_handle(hc_pool *pool, int *pooled)
{
    unsigned long long state;
    CURL *e = hc_pool_take(pool, &state);
    *pooled = state != HC_HANDLE_NEW;
    if (e) curl_easy_setopt(e, CURLOPT_SHARE, hc_pool_share(pool));
    return e;
}

/* Attaching the share may have changed the handle's cookie options: it goes back with
 * only its fixed options counted as set. */
static void jar_done(hc_pool *pool, CURL *e, int pooled)
{
    if (e && pooled) hc_pool_give(pool, e, HC_HANDLE_FIXED);
    else if (e) curl_easy_cleanup(e);
    hc_pool_unref(pool);
}

/* One line: [#HttpOnly_]domain TAB tailmatch TAB path TAB secure TAB expires TAB name TAB
 * value. 1 when added, 0 when the line is not of that shape (skipped), -1: no memory. */
static int add_cookie(cJSON *list, const char *line)
{
    const char *f[7];
    size_t len[7];
    const char *p = line;
    if (strncmp(p, "#HttpOnly_", 10) == 0) p += 10;
    for (int i = 0; i < 7; i++) {
        const char *tab = i < 6 ? strchr(p, '\t') : NULL;
        if (i < 6 && !tab) return 0;
        f[i] = p;
        len[i] = tab ? (size_t)(tab - p) : strlen(p);
        p = tab ? tab + 1 : p;
    }
    cJSON *o = cJSON_CreateObject();
    if (!o) return -1;
    cJSON_AddItemToArray(list, o);
    char *name = hc_strndup(f[5], len[5]), *value = hc_strndup(f[6], len[6]);
    char *domain = hc_strndup(f[0], len[0]), *path = hc_strndup(f[2], len[2]);
    long long expires = strtoll(f[4], NULL, 10);
    int ok = name && value && domain && path;
    if (ok) {
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddStringToObject(o, "value", value);
        cJSON_AddStringToObject(o, "domain", domain);
        cJSON_AddStringToObject(o, "path", path);
        /* 0 is libcurl's mark of a session cookie */
        if (expires > 0) cJSON_AddNumberToObject(o, "expires", (double)expires);
        else cJSON_AddNullToObject(o, "expires");
        cJSON_AddBoolToObject(o, "secure", len[3] == 4 && strncmp(f[3], "TRUE", 4) == 0);
    }
    free(name);
    free(value);
    free(domain);
    free(path);
    return ok ? 1 : -1;
}

hc_code hc_api_cookie_jar_json(hc_api *api, char **out, hc_error *err)
{
    *out = NULL;
    hc_pool *pool = hc_api_pool(api);
    int pooled = 0;
    CURL *e = jar_handle(pool, &pooled);
    struct curl_slist *lines = NULL;
    hc_code rc = HC_OK;
    if (!e || curl_easy_getinfo(e, CURLINFO_COOKIELIST, &lines) != CURLE_OK)
        rc = hc_fail(err, HC_ENOMEM, "out of memory reading the cookie jar");
    cJSON *list = rc == HC_OK ? cJSON_CreateArray() : NULL;
    for (struct curl_slist *l = lines; list && l; l = l->next)
        if (l->data && add_cookie(list, l->data) < 0) {
            rc = hc_fail(err, HC_ENOMEM, "out of memory reading the cookie jar");
            break;
        }
    curl_slist_free_all(lines);
    jar_done(pool, e, pooled);
    if (rc == HC_OK && !(list && (*out = cJSON_PrintUnformatted(list))))
        rc = hc_fail(err, HC_ENOMEM, "out of memory reading the cookie jar");
    cJSON_Delete(list);
    return rc;
}

hc_code hc_api_clear_cookies(hc_api *api, hc_error *err)
{
    hc_pool *pool = hc_api_pool(api);
    int pooled = 0;
    CURL *e = jar_handle(pool, &pooled);
    hc_code rc = HC_OK;
    /* "ALL" erases every cookie the engine holds: here the share's, so the whole jar */
    if (!e || curl_easy_setopt(e, CURLOPT_COOKIELIST, "ALL") != CURLE_OK)
        rc = hc_fail(err, HC_ENOMEM, "out of memory clearing the cookie jar");
    jar_done(pool, e, pooled);
    return rc;
}
