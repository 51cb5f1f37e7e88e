/* test_network.c: SPEC §13 network settings in the core, over real servers: the six new
 * settings through the settings table (types, ranges, the .halchemy file); TLS against an
 * HTTPS server with a CA, server and client certificates made by openssl at test time
 * (tests/server/make_certs.sh, tls_server.py); a forward proxy (tests/server/proxy.py) by
 * setting and by environment, no_proxy, and proxy credentials that reach only the proxy;
 * the cookie jar (tests/server/server.py /cookies); a per-request timeout; close; the
 * redirect history. C only for now: the bindings expose these once wired. */
#include <math.h>
#include <pthread.h>
#include <sys/time.h>
#include <time.h>

#include "check.h"
#include "halchemy.h"
#include "server.h"
#include "transfer.h" /* hc_ca_file_pick */

static test_server srv, tls, proxy;
static char pki[256], proxy_log[300], proxy_hostport[128];
static char ca[320], other_ca[320], client_cert[320], client_key[320];

static void clear_proxy_env(void)
{
    static const char *const names[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                        "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) unsetenv(names[i]);
}

static hc_api *new_api(const char *base)
{
    hc_api *api = NULL;
    hc_error err = {0};
    if (hc_api_new_default(&api, &err) != HC_OK) { fprintf(stderr, "api: %s\n", err.message); exit(2); }
    if (base) hc_api_set_base_url(api, base, &err);
    return api;
}

/* One GET of url (absolute or relative to the base); the finished transfer or NULL (then
 * *rc and err say why hc_transfer_new refused). */
static hc_transfer *get(hc_api *api, const char *url, hc_code *rc, hc_error *err)
{
    hc_request_opts o = {.method = "GET", .url = url, .link_literal = 1};
    hc_transfer *t = NULL;
    *rc = hc_transfer_new(api, &o, &t, err);
    if (*rc != HC_OK) return NULL;
    *rc = hc_transfer_perform(t);
    return t;
}

static cJSON *body_json(const hc_transfer *t)
{
    size_t n = 0;
    const char *b = hc_transfer_response_body(t, &n);
    return cJSON_ParseWithLength(b, n);
}

/* The status of GET url (0: no response; *code the error code then). */
static int status_of(hc_api *api, const char *url, hc_code *code, char *msg, size_t cap)
{
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = get(api, url, &rc, &err);
    int status = t ? hc_transfer_status(t) : 0;
    const hc_error *e = t ? hc_transfer_error(t) : &err;
    if (code) *code = e->code;
    if (msg) snprintf(msg, cap, "%s", e->message);
    hc_transfer_delete(t);
    return status;
}

static hc_code set_str(hc_api *api, const char *name, const char *text, hc_error *err)
{
    hc_value v = {.kind = text ? HC_VALUE_STRING : HC_VALUE_NULL, .string = text,
                  .length = text ? strlen(text) : 0, .type_name = "str"};
    return hc_api_set(api, HC_LANG_PYTHON, NULL, name, &v, err);
}

static hc_code set_bool(hc_api *api, const char *name, int b, hc_error *err)
{
    hc_value v = {.kind = HC_VALUE_BOOL, .boolean = b, .type_name = "bool"};
    return hc_api_set(api, HC_LANG_PYTHON, NULL, name, &v, err);
}

/* ---- settings ------------------------------------------------------------------------ */

static void test_network_settings_defaults_types_and_ranges(void)
{
    hc_api *api = new_api(NULL);
    hc_error err = {0};
    hc_value v;
    static const char *const unset[] = {"ca_bundle", "client_cert", "client_key", "proxy"};
    for (size_t i = 0; i < 4; i++) {
        CHECK(hc_api_get(api, HC_LANG_PYTHON, unset[i], &v, &err) == HC_OK &&
              v.kind == HC_VALUE_NULL, "%s defaults to none", unset[i]);
    }
    CHECK(hc_api_get(api, HC_LANG_JS, "caBundle", &v, &err) == HC_OK && v.kind == HC_VALUE_NULL,
          "caBundle in camelCase");
    CHECK(hc_api_get(api, HC_LANG_PYTHON, "verify", &v, &err) == HC_OK && v.kind == HC_VALUE_BOOL &&
          v.boolean == 1, "verify defaults to true");
    CHECK(hc_api_get(api, HC_LANG_PYTHON, "cookies", &v, &err) == HC_OK && v.boolean == 1,
          "cookies defaults to true");

    /* paths: a readable file, else the setting and the path are named */
    CHECK(set_str(api, "ca_bundle", ca, &err) == HC_OK, "ca_bundle set: %s", err.message);
    CHECK(hc_api_get(api, HC_LANG_PYTHON, "ca_bundle", &v, &err) == HC_OK && v.kind == HC_VALUE_STRING &&
          strcmp(v.string, ca) == 0, "ca_bundle read back");
    if (v.kind == HC_VALUE_STRING) hc_free((void *)v.string);
    hc_code rc = set_str(api, "client_cert", "/nonexistent/dir/client.pem", &err);
    CHECK(rc == HC_EINVAL && strstr(err.message, "client_cert") &&
          strstr(err.message, "/nonexistent/dir/client.pem") && strstr(err.message, "No such file"),
          "a missing file names setting and path: %s", err.message);
    CHECK(set_str(api, "ca_bundle", pki, &err) == HC_EINVAL && strstr(err.message, "is not a file"),
          "a directory is refused: %s", err.message);
    CHECK(set_str(api, "client_key", "", &err) == HC_EINVAL, "an empty path is refused");
    hc_value nul = {.kind = HC_VALUE_STRING, .string = "/tmp/a\0b", .length = 8, .type_name = "str"};
    CHECK(hc_api_set(api, HC_LANG_PYTHON, NULL, "ca_bundle", &nul, &err) == HC_EINVAL &&
          strstr(err.message, "\\x00"), "a NUL in a path is refused: %s", err.message);
    hc_value num = {.kind = HC_VALUE_NUMBER, .number = 1, .type_name = "int"};
    CHECK(hc_api_set(api, HC_LANG_PYTHON, NULL, "ca_bundle", &num, &err) == HC_EARG &&
          strstr(err.message, "ca_bundle must be a file path or None, got int"), "%s", err.message);
    CHECK(hc_api_set(api, HC_LANG_JS, NULL, "clientCert", &num, &err) == HC_EARG &&
          strstr(err.message, "clientCert must be a file path or null"), "%s", err.message);
    CHECK(hc_api_get(api, HC_LANG_PYTHON, "ca_bundle", &v, &err) == HC_OK && v.kind == HC_VALUE_STRING,
          "a refused value leaves the old one");
    if (v.kind == HC_VALUE_STRING) hc_free((void *)v.string);
    CHECK(set_str(api, "ca_bundle", NULL, &err) == HC_OK &&
          hc_api_get(api, HC_LANG_PYTHON, "ca_bundle", &v, &err) == HC_OK && v.kind == HC_VALUE_NULL,
          "None unsets ca_bundle");

    /* booleans */
    hc_value yes = {.kind = HC_VALUE_STRING, .string = "yes", .length = 3, .type_name = "str"};
    CHECK(hc_api_set(api, HC_LANG_PYTHON, NULL, "verify", &yes, &err) == HC_EARG &&
          strstr(err.message, "verify must be a boolean"), "verify takes booleans only");
    CHECK(set_bool(api, "cookies", 0, &err) == HC_OK && hc_api_cookies(api) == 0, "cookies off");

    /* proxy */
    static const char *const good[] = {"http://127.0.0.1:3128", "https://proxy.example",
                                       "socks5://u:p@10.0.0.1:1080", "SOCKS5H://proxy:1080/"};
    for (size_t i = 0; i < 4; i++)
        CHECK(set_str(api, "proxy", good[i], &err) == HC_OK, "proxy %s: %s", good[i], err.message);
    static const char *const scheme[] = {"ftp://proxy:21", "socks4://proxy:1080", "proxy:3128",
                                         "file:///tmp/x"};
    for (size_t i = 0; i < 4; i++) {
        rc = set_str(api, "proxy", scheme[i], &err);
        CHECK(rc == HC_ESCHEME && strstr(err.message, "http, https, socks5 or socks5h") &&
              strstr(err.message, scheme[i]), "proxy %s refused: %s", scheme[i], err.message);
    }
    CHECK(set_str(api, "proxy", "http://", &err) == HC_EINVAL && strstr(err.message, "no host"),
          "a proxy URL without a host: %s", err.message);
    CHECK(set_str(api, "proxy", "http://a b:1", &err) == HC_EINVAL, "a blank in a proxy URL");
    CHECK(hc_api_get(api, HC_LANG_PYTHON, "proxy", &v, &err) == HC_OK && v.kind == HC_VALUE_STRING &&
          strcmp(v.string, good[3]) == 0, "refused proxies leave the last good one");
    if (v.kind == HC_VALUE_STRING) hc_free((void *)v.string);

    /* the table knows every row in both spellings */
    char *table = hc_settings_json(HC_LANG_JS);
    CHECK(table && strstr(table, "\"caBundle\"") && strstr(table, "\"clientKey\"") &&
          strstr(table, "\"proxy\"") && strstr(table, "\"cookies\"") && strstr(table, "\"verify\""),
          "the JS table lists the new rows");
    hc_free(table);
    hc_api_delete(api);
}

static void test_network_settings_in_the_halchemy_file(void)
{
    char path[300], text[1400];
    snprintf(path, sizeof path, "%s/net.halchemy", pki);
    snprintf(text, sizeof text,
             "[halchemy]\nca_bundle = %s\nclient_cert = %s\nclient_key = %s\nverify = no\n"
             "proxy = socks5h://127.0.0.1:1\ncookies = off\n", ca, client_cert, client_key);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    hc_api *api = new_api(NULL);
    hc_error err = {0};
    CHECK(hc_api_load_config(api, path, &err) == HC_OK, "file loads: %s", err.message);
    char *s = hc_api_client_key(api);
    CHECK_STR(s, client_key, "client_key from the file");
    hc_free(s);
    CHECK(hc_api_verify(api) == 0 && hc_api_cookies(api) == 0, "booleans from the file");
    f = fopen(path, "w");
    fputs("[halchemy]\nca_bundle =\nproxy = ftp://x\n", f);
    fclose(f);
    hc_code rc = hc_api_load_config(api, path, &err);
    CHECK(rc == HC_ECONFIG && strstr(err.message, ":3:") && strstr(err.message, "proxy"),
          "a bad proxy in the file names the line: %s", err.message);
    s = hc_api_ca_bundle(api);
    CHECK(s == NULL, "an empty ca_bundle in the file unsets it");
    hc_free(s);
    f = fopen(path, "w");
    fputs("[halchemy]\nclient_cert = /no/such.pem\n", f);
    fclose(f);
    rc = hc_api_load_config(api, path, &err);
    CHECK(rc == HC_ECONFIG && strstr(err.message, ":2:") && strstr(err.message, "/no/such.pem"),
          "a missing file in the file names line and path: %s", err.message);
    remove(path);
    hc_api_delete(api);
}

/* ---- TLS ---------------------------------------------------------------------------- */

static void test_tls_is_verified_against_the_ca_bundle(void)
{
    hc_api *api = new_api(tls.base);
    hc_code code;
    char msg[512];
    hc_error err = {0};
    unsetenv("SSL_CERT_FILE");
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 0 && code == HC_ENETWORK &&
          strstr(msg, "not verified") && strstr(msg, "system's CA store"),
          "the test CA is not in the system store: refused (%s)", msg);
    hc_code rc;
    hc_transfer *t = get(api, "/", &rc, &err);
    CHECK(t && hc_transfer_error(t)->curl_code == 60, "libcurl's CURLE_PEER_FAILED_VERIFICATION (60), got %d",
          t ? hc_transfer_error(t)->curl_code : -1);
    hc_transfer_delete(t);

    CHECK(set_str(api, "ca_bundle", other_ca, &err) == HC_OK, "other CA");
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 0 && code == HC_ENETWORK && strstr(msg, other_ca),
          "a bundle that did not sign the server: refused naming it (%s)", msg);
    CHECK(set_str(api, "ca_bundle", ca, &err) == HC_OK, "ca_bundle");
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 200, "accepted with ca_bundle (%s)", msg);
    char url[200];
    snprintf(url, sizeof url, "https://localhost:%s/", strrchr(tls.base, ':') + 1);
    CHECK(status_of(api, url, &code, msg, sizeof msg) == 200, "localhost is in the certificate too (%s)", msg);
    hc_api_delete(api);

    /* SSL_CERT_FILE when no ca_bundle is set, read for each transfer */
    api = new_api(tls.base);
    setenv("SSL_CERT_FILE", ca, 1);
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 200, "accepted via SSL_CERT_FILE (%s)", msg);
    setenv("SSL_CERT_FILE", other_ca, 1);
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 0, "SSL_CERT_FILE read again for the next request");
    char gone[320];
    snprintf(gone, sizeof gone, "%s/gone.pem", pki);
    setenv("SSL_CERT_FILE", gone, 1);
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 0 && code == HC_ENETWORK &&
          strstr(msg, gone) && strstr(msg, "SSL_CERT_FILE"),
          "a missing SSL_CERT_FILE is named (%s)", msg);
    CHECK(set_str(api, "ca_bundle", ca, &err) == HC_OK &&
          status_of(api, "/", &code, msg, sizeof msg) == 200, "ca_bundle wins over SSL_CERT_FILE (%s)", msg);
    unsetenv("SSL_CERT_FILE");
    hc_api_delete(api);
}

static void test_client_certificates(void)
{
    hc_api *api = new_api(tls.base);
    hc_code code;
    char msg[512];
    hc_error err = {0};
    set_str(api, "ca_bundle", ca, &err);
    CHECK(status_of(api, "/client-cert", &code, msg, sizeof msg) == 403,
          "the client-cert endpoint refuses a client without one");
    CHECK(set_str(api, "client_key", client_key, &err) == HC_OK, "key first");
    CHECK(status_of(api, "/client-cert", &code, msg, sizeof msg) == 0 && code == HC_EINVAL &&
          strstr(msg, "client_key is set but client_cert is not"), "a key alone is refused (%s)", msg);
    CHECK(set_str(api, "client_cert", client_cert, &err) == HC_OK, "cert");
    hc_code rc;
    hc_transfer *t = get(api, "/client-cert", &rc, &err);
    CHECK(t && hc_transfer_status(t) == 200, "accepted with the client certificate (%s)",
          t ? hc_transfer_error(t)->message : err.message);
    cJSON *echo = t ? body_json(t) : NULL;
    cJSON *cn = cJSON_GetObjectItem(echo, "client_cert");
    CHECK(cJSON_IsString(cn) && strcmp(cn->valuestring, "halchemy-client") == 0, "the server saw our CN");
    cJSON_Delete(echo);
    hc_transfer_delete(t);
    /* a certificate that is not PEM: named */
    CHECK(set_str(api, "client_cert", ca, &err) == HC_OK && set_str(api, "client_key", NULL, &err) == HC_OK,
          "a CA cert as client cert, no key");
    CHECK(status_of(api, "/client-cert", &code, msg, sizeof msg) == 0 && code == HC_ENETWORK &&
          strstr(msg, "client_cert"), "an unusable client certificate is named (%s)", msg);
    hc_api_delete(api);
}

static void test_verify_false_and_its_warning_once(void)
{
    hc_api *api = new_api(tls.base);
    hc_code code;
    char msg[512];
    hc_error err = {0};
    char *w = hc_api_verify_warning(api);
    CHECK(w == NULL, "no warning while verify is on");
    CHECK(set_bool(api, "verify", 0, &err) == HC_OK, "verify off");
    CHECK(status_of(api, "/", &code, msg, sizeof msg) == 200, "verify=false accepts the unknown CA (%s)", msg);
    w = hc_api_verify_warning(api);
    CHECK(w && strstr(w, "verif"), "the warning, the first time");
    hc_free(w);
    w = hc_api_verify_warning(api);
    CHECK(w == NULL, "once per Api");
    hc_api_delete(api);
}

/* ---- proxy -------------------------------------------------------------------------- */

static int log_lines(void)
{
    FILE *f = fopen(proxy_log, "r");
    if (!f) return 0;
    int n = 0, c;
    while ((c = fgetc(f)) != EOF) n += c == '\n';
    fclose(f);
    return n;
}

/* The proxy log's line `i` (0-based) as JSON, caller deletes. */
static cJSON *log_line(int i)
{
    FILE *f = fopen(proxy_log, "r");
    char line[2048];
    cJSON *out = NULL;
    for (int k = 0; f && fgets(line, sizeof line, f); k++)
        if (k == i) { out = cJSON_Parse(line); break; }
    if (f) fclose(f);
    return out;
}

static int log_says(int i, const char *start, const char *auth)
{
    cJSON *l = log_line(i);
    cJSON *line = cJSON_GetObjectItem(l, "line"), *pa = cJSON_GetObjectItem(l, "proxy_authorization");
    int ok = cJSON_IsString(line) && strncmp(line->valuestring, start, strlen(start)) == 0 &&
             (auth ? cJSON_IsString(pa) && strcmp(pa->valuestring, auth) == 0 : cJSON_IsNull(pa));
    if (!ok) fprintf(stderr, "proxy log %d: %s\n", i, l ? cJSON_PrintUnformatted(l) : "(none)");
    cJSON_Delete(l);
    return ok;
}

/* The origin's echo of the request: no trace of the proxy credentials anywhere. */
static int clean_of_credentials(const hc_transfer *t)
{
    size_t n = 0;
    const char *b = hc_transfer_response_body(t, &n);
    return b && n > 0 && !strstr(b, "Proxy-Authorization") && !strstr(b, "dXNlcjpzM2NyZXQ=") &&
           !strstr(b, "s3cret");
}

static void test_proxy_setting_and_credentials(void)
{
    clear_proxy_env();
    hc_api *api = new_api(srv.base);
    hc_error err = {0};
    char purl[200], want[300];
    snprintf(purl, sizeof purl, "http://user:s3cret@%s", proxy_hostport);
    CHECK(set_str(api, "proxy", purl, &err) == HC_OK, "proxy set: %s", err.message);
    int before = log_lines();
    hc_code rc;
    hc_transfer *t = get(api, "/echo/via-proxy", &rc, &err);
    CHECK(t && hc_transfer_status(t) == 200, "GET through the proxy (%s)", t ? hc_transfer_error(t)->message : err.message);
    snprintf(want, sizeof want, "GET %s/echo/via-proxy ", srv.base);
    CHECK(log_lines() == before + 1 && log_says(before, want, "Basic dXNlcjpzM2NyZXQ="),
          "the proxy got the absolute-form request and the credentials");
    CHECK(t && clean_of_credentials(t), "the origin never saw the proxy credentials");
    hc_transfer_delete(t);

    /* https through CONNECT: the credentials go in the CONNECT only */
    hc_api *sec = new_api(tls.base);
    set_str(sec, "proxy", purl, &err);
    set_str(sec, "ca_bundle", ca, &err);
    before = log_lines();
    t = get(sec, "/tunnelled", &rc, &err);
    CHECK(t && hc_transfer_status(t) == 200, "HTTPS through a CONNECT tunnel (%s)",
          t ? hc_transfer_error(t)->message : err.message);
    snprintf(want, sizeof want, "CONNECT %s ", tls.base + strlen("https://"));
    CHECK(log_lines() == before + 1 && log_says(before, want, "Basic dXNlcjpzM2NyZXQ="),
          "CONNECT carried the credentials");
    CHECK(t && clean_of_credentials(t), "the TLS origin never saw the proxy credentials");
    hc_transfer_delete(t);

    /* no_proxy applies to the setting too */
    setenv("no_proxy", "127.0.0.1", 1);
    before = log_lines();
    hc_code code;
    CHECK(status_of(api, "/echo/direct", &code, NULL, 0) == 200 && log_lines() == before,
          "no_proxy bypasses the proxy setting");
    unsetenv("no_proxy");
    setenv("NO_PROXY", "localhost,127.0.0.1", 1);
    CHECK(status_of(sec, "/direct", &code, NULL, 0) == 200 && log_lines() == before,
          "NO_PROXY too, for https");
    unsetenv("NO_PROXY");
    CHECK(status_of(api, "/echo/again", &code, NULL, 0) == 200 && log_lines() == before + 1,
          "without no_proxy the proxy is used again");
    CHECK(set_str(api, "proxy", NULL, &err) == HC_OK &&
          status_of(api, "/echo/unset", &code, NULL, 0) == 200 && log_lines() == before + 1,
          "proxy unset: direct");
    hc_api_delete(sec);
    hc_api_delete(api);
}

static void test_proxy_from_the_environment(void)
{
    clear_proxy_env();
    hc_api *api = new_api(srv.base), *sec = new_api(tls.base);
    hc_error err = {0};
    hc_code code;
    set_str(sec, "ca_bundle", ca, &err);
    char purl[200], want[300];
    snprintf(purl, sizeof purl, "http://%s", proxy_hostport);
    int before = log_lines();
    setenv("HTTP_PROXY", purl, 1);
    CHECK(status_of(api, "/echo/upper", &code, NULL, 0) == 200 && log_lines() == before,
          "upper-case HTTP_PROXY is ignored (as libcurl does)");
    unsetenv("HTTP_PROXY");
    setenv("http_proxy", purl, 1);
    CHECK(status_of(api, "/echo/env", &code, NULL, 0) == 200 && log_lines() == before + 1,
          "http_proxy is used");
    snprintf(want, sizeof want, "GET %s/echo/env ", srv.base);
    CHECK(log_says(before, want, NULL), "absolute form, no credentials");
    CHECK(status_of(sec, "/https-no-env", &code, NULL, 0) == 200 && log_lines() == before + 1,
          "http_proxy is not for https");
    setenv("HTTPS_PROXY", purl, 1);
    CHECK(status_of(sec, "/https-env", &code, NULL, 0) == 200 && log_lines() == before + 2,
          "HTTPS_PROXY is used for https");
    unsetenv("HTTPS_PROXY");
    setenv("https_proxy", purl, 1);
    /* a new Api: the first one would reuse its tunnel through the same proxy */
    hc_api_delete(sec);
    sec = new_api(tls.base);
    set_str(sec, "ca_bundle", ca, &err);
    CHECK(status_of(sec, "/https-env2", &code, NULL, 0) == 200 && log_lines() == before + 3,
          "https_proxy is used for https");
    hc_api_delete(sec);
    sec = new_api(tls.base);
    set_str(sec, "ca_bundle", ca, &err);
    setenv("no_proxy", "127.0.0.1", 1);
    CHECK(status_of(api, "/echo/np", &code, NULL, 0) == 200 && status_of(sec, "/np", &code, NULL, 0) == 200 &&
          log_lines() == before + 3, "no_proxy bypasses the environment's proxies");
    clear_proxy_env();
    setenv("all_proxy", purl, 1);
    CHECK(status_of(api, "/echo/all", &code, NULL, 0) == 200 && log_lines() == before + 4,
          "all_proxy is used");
    clear_proxy_env();
    hc_api_delete(sec);
    hc_api_delete(api);
}

/* ---- cookies ------------------------------------------------------------------------ */

static char *cookie_seen(hc_api *api, const char *url)
{
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = get(api, url, &rc, &err);
    cJSON *echo = t ? body_json(t) : NULL;
    cJSON *c = cJSON_GetObjectItem(echo, "cookie");
    char *out = cJSON_IsString(c) ? strdup(c->valuestring) : NULL;
    cJSON_Delete(echo);
    hc_transfer_delete(t);
    return out;
}

static cJSON *jar(hc_api *api)
{
    char *text = NULL;
    hc_error err = {0};
    if (hc_api_cookie_jar_json(api, &text, &err) != HC_OK) {
        fprintf(stderr, "jar: %s\n", err.message);
        return NULL;
    }
    cJSON *j = cJSON_Parse(text);
    hc_free(text);
    return j;
}

static void test_cookie_jar(void)
{
    clear_proxy_env();
    hc_api *api = new_api(srv.base);
    hc_code code;
    char other[200], *c;
    snprintf(other, sizeof other, "http://localhost:%s/cookies", strrchr(srv.base, ':') + 1);
    cJSON *j = jar(api);
    CHECK(cJSON_IsArray(j) && cJSON_GetArraySize(j) == 0, "a new Api's jar is empty");
    cJSON_Delete(j);
    CHECK(status_of(api, "/cookies/set?sid=abc&max_age=3600", &code, NULL, 0) == 200, "set");
    c = cookie_seen(api, "/cookies");
    CHECK_STR(c, "sid=abc", "the cookie comes back to its origin");
    free(c);
    c = cookie_seen(api, other);
    CHECK(c == NULL, "and not to another host (localhost is not 127.0.0.1): %s", c ? c : "");
    free(c);
    CHECK(status_of(api, "/cookies/set?session=1", &code, NULL, 0) == 200, "a session cookie");
    j = jar(api);
    CHECK(cJSON_GetArraySize(j) == 2, "two cookies in the jar");
    long now = (long)time(NULL);
    const cJSON *ck;
    int seen = 0;
    cJSON_ArrayForEach(ck, j) {
        const char *name = cJSON_GetObjectItem(ck, "name")->valuestring;
        const cJSON *exp = cJSON_GetObjectItem(ck, "expires");
        CHECK_STR(cJSON_GetObjectItem(ck, "domain")->valuestring, "127.0.0.1", "domain");
        CHECK_STR(cJSON_GetObjectItem(ck, "path")->valuestring, "/", "path");
        CHECK(cJSON_IsFalse(cJSON_GetObjectItem(ck, "secure")), "not secure");
        if (strcmp(name, "sid") == 0) {
            seen++;
            CHECK_STR(cJSON_GetObjectItem(ck, "value")->valuestring, "abc", "value");
            CHECK(cJSON_IsNumber(exp) && fabs(exp->valuedouble - (double)(now + 3600)) < 60,
                  "expires in seconds since the epoch");
        } else if (strcmp(name, "session") == 0) {
            seen++;
            CHECK(cJSON_IsNull(exp), "a session cookie's expires is null");
        }
    }
    CHECK(seen == 2, "both cookies listed with their names");
    cJSON_Delete(j);
    hc_error err = {0};
    CHECK(hc_api_clear_cookies(api, &err) == HC_OK, "clear");
    j = jar(api);
    CHECK(cJSON_GetArraySize(j) == 0, "clear empties the jar");
    cJSON_Delete(j);
    c = cookie_seen(api, "/cookies");
    CHECK(c == NULL, "and nothing is sent after clearing");
    free(c);

    /* cookies=false: none kept, none sent; a default Cookie header still goes, on its origin */
    CHECK(status_of(api, "/cookies/set?kept=1", &code, NULL, 0) == 200, "one cookie in the jar");
    CHECK(set_bool(api, "cookies", 0, &err) == HC_OK, "cookies off");
    CHECK(status_of(api, "/cookies/set?dropped=1", &code, NULL, 0) == 200, "set while off");
    c = cookie_seen(api, "/cookies");
    CHECK(c == NULL, "cookies=false sends none: %s", c ? c : "");
    free(c);
    j = jar(api);
    CHECK(cJSON_GetArraySize(j) == 1, "and keeps none (only the earlier one is in the jar)");
    cJSON_Delete(j);
    hc_api_merge_headers(api, "{\"Cookie\": \"mine=1\"}", &err);
    c = cookie_seen(api, "/cookies");
    CHECK_STR(c, "mine=1", "a default Cookie header is sent with cookies off");
    free(c);
    c = cookie_seen(api, other);
    CHECK(c == NULL, "but only to the base URL's origin (SPEC §12)");
    free(c);
    CHECK(set_bool(api, "cookies", 1, &err) == HC_OK, "cookies on again");
    c = cookie_seen(api, "/cookies");
    CHECK(c && strstr(c, "mine=1") && strstr(c, "kept=1"),
          "the default header and the jar's cookie, in one Cookie header: %s", c ? c : "(none)");
    free(c);
    hc_api_delete(api);
}

struct cookie_thread { hc_api *api; int id, ok; };

static void *cookie_worker(void *arg)
{
    struct cookie_thread *w = arg;
    char url[100];
    for (int i = 0; i < 20; i++) {
        snprintf(url, sizeof url, "/cookies/set?t%d=%d", w->id, i);
        hc_code code;
        w->ok += status_of(w->api, url, &code, NULL, 0) == 200;
        char *c = cookie_seen(w->api, "/cookies");
        snprintf(url, sizeof url, "t%d=%d", w->id, i);
        w->ok += c && strstr(c, url) != NULL;
        free(c);
    }
    return NULL;
}

static void test_cookie_jar_shared_by_threads(void)
{
    hc_api *api = new_api(srv.base);
    pthread_t th[4];
    struct cookie_thread w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct cookie_thread){api, i, 0};
        pthread_create(&th[i], NULL, cookie_worker, &w[i]);
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) CHECK(w[i].ok == 40, "thread %d saw its own cookies (%d/40)", i, w[i].ok);
    cJSON *j = jar(api);
    CHECK(cJSON_GetArraySize(j) == 4, "one jar: the four threads' cookies");
    cJSON_Delete(j);
    hc_api_delete(api);
}

/* ---- per-request timeout, close, history ------------------------------------------- */

static double now_s(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static hc_code timed(hc_api *api, const char *url, int set, double timeout, double *took)
{
    hc_request_opts o = {.method = "GET", .url = url, .timeout_set = set, .timeout = timeout};
    hc_transfer *t = NULL;
    hc_error err = {0};
    double t0 = now_s();
    hc_code rc = hc_transfer_new(api, &o, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform(t);
    *took = now_s() - t0;
    hc_transfer_delete(t);
    return rc;
}

static void test_per_request_timeout(void)
{
    hc_api *api = new_api(srv.base);
    double took;
    CHECK(hc_api_timeout(api) == 30, "the Api's timeout is 30 s");
    hc_code rc = timed(api, "/slow/5", 1, 0.3, &took);
    CHECK(rc == HC_ETIMEOUT && took < 2.0, "a 0.3 s request timeout beats the Api's 30 s (%s, %.2f s)",
          hc_code_name(rc), took);
    hc_error err = {0};
    hc_api_set_timeout(api, 0.3, &err);
    rc = timed(api, "/slow/0.8", 1, 0, &took);
    CHECK(rc == HC_OK, "0 for this request: no timeout, over the Api's 0.3 s (%s)", hc_code_name(rc));
    rc = timed(api, "/slow/0.8", 1, 5, &took);
    CHECK(rc == HC_OK, "a longer request timeout than the Api's (%s)", hc_code_name(rc));
    rc = timed(api, "/slow/5", 1, -1, &took);
    CHECK(rc == HC_EINVAL, "negative is refused, as the Api setting refuses it (%s)", hc_code_name(rc));
    rc = timed(api, "/slow/5", 0, 0, &took);
    CHECK(rc == HC_ETIMEOUT && took < 2.0, "timeout_set 0 (a zeroed struct): the Api's (%s)", hc_code_name(rc));
    rc = timed(api, "/slow/0", 1, NAN, &took);
    CHECK(rc == HC_EINVAL, "NaN is refused (%s)", hc_code_name(rc));
    rc = timed(api, "/slow/0", 1, INFINITY, &took);
    CHECK(rc == HC_EINVAL, "infinity is refused (%s)", hc_code_name(rc));
    hc_api_set_timeout(api, 30, &err);
    /* one deadline for the call, redirects included */
    rc = timed(api, "/redirect?to=/slow/5", 1, 0.3, &took);
    CHECK(rc == HC_ETIMEOUT && took < 2.0, "the request's deadline covers its redirects (%s)", hc_code_name(rc));
    hc_api_delete(api);
}

static void test_close(void)
{
    hc_api *api = new_api(srv.base);
    hc_code code;
    hc_error err = {0};
    CHECK(status_of(api, "/cookies/set?c=1", &code, NULL, 0) == 200, "a request before close");
    hc_request_opts o = {.method = "GET", .url = "/echo/in-flight"};
    hc_transfer *early = NULL;
    CHECK(hc_transfer_new(api, &o, &early, &err) == HC_OK, "a transfer made before close");
    CHECK(hc_api_closed(api) == 0, "not closed yet");
    hc_api_close(api);
    hc_api_close(api);
    CHECK(hc_api_closed(api) == 1, "closed (twice is fine)");
    CHECK(early && hc_transfer_perform(early) == HC_OK && hc_transfer_status(early) == 200,
          "a transfer made before close still runs");
    hc_transfer_delete(early);
    char msg[512];
    CHECK(status_of(api, "/echo/after", &code, msg, sizeof msg) == 0 && code == HC_ECLOSED &&
          strcmp(hc_code_name(code), "closed") == 0 && strstr(msg, "the Api is closed"),
          "a request after close: code closed (%s)", msg);
    char *errors = hc_errors_json();
    CHECK(errors && strstr(errors, "{\"code\":\"closed\",\"class\":\"HalchemyError\",\"parent\":\"HalchemyError\""),
          "closed is a HalchemyError in the errors table");
    hc_free(errors);
    char *base = hc_api_base_url(api);
    CHECK_STR(base, srv.base, "settings are still read after close");
    hc_free(base);
    CHECK(hc_api_set_timeout(api, 5, &err) == HC_OK && hc_api_timeout(api) == 5, "and set");
    cJSON *j = jar(api);
    CHECK(cJSON_GetArraySize(j) == 1, "the cookie jar still reads after close");
    cJSON_Delete(j);
    char *url = NULL;
    o.url = "/echo/x";
    CHECK(hc_api_url(api, &o, &url, &err) == HC_OK, "hc_api_url still works");
    hc_free(url);
    hc_api_delete(api);
}

static void test_redirect_history(void)
{
    hc_api *api = new_api(srv.base);
    hc_code rc;
    hc_error err = {0};
    hc_transfer *t = get(api, "/echo/plain", &rc, &err);
    char *h = t ? hc_transfer_history_json(t) : NULL;
    CHECK_STR(h, "[]", "no redirect: an empty history");
    hc_free(h);
    hc_transfer_delete(t);

    hc_request_opts o = {.method = "GET", .url = "/redirect?to=%2Fredirect%3Fto%3D%252Fecho%252Ffinal%26code%3D307"};
    t = NULL;
    rc = hc_transfer_new(api, &o, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform(t);
    CHECK(rc == HC_OK && hc_transfer_status(t) == 200, "two hops, then the final response (%s)",
          t ? hc_transfer_error(t)->message : err.message);
    h = t ? hc_transfer_history_json(t) : NULL;
    cJSON *hist = h ? cJSON_Parse(h) : NULL;
    CHECK(cJSON_GetArraySize(hist) == 2, "two hops listed: %s", h ? h : "(null)");
    cJSON *a = cJSON_GetArrayItem(hist, 0), *b = cJSON_GetArrayItem(hist, 1);
    char want[300];
    snprintf(want, sizeof want, "%s/redirect?to=%%2Fredirect%%3Fto%%3D%%252Fecho%%252Ffinal%%26code%%3D307", srv.base);
    CHECK(a && strcmp(cJSON_GetObjectItem(a, "url")->valuestring, want) == 0, "the first hop's URL, absolute");
    CHECK(a && cJSON_GetObjectItem(a, "status")->valueint == 302 &&
          strcmp(cJSON_GetObjectItem(a, "reason")->valuestring, "Found") == 0 &&
          strcmp(cJSON_GetObjectItem(a, "method")->valuestring, "GET") == 0, "oldest first: 302 Found");
    snprintf(want, sizeof want, "%s/redirect?to=%%2Fecho%%2Ffinal&code=307", srv.base);
    CHECK(b && strcmp(cJSON_GetObjectItem(b, "url")->valuestring, want) == 0, "the second hop's URL: %s",
          b ? cJSON_GetObjectItem(b, "url")->valuestring : "");
    CHECK(b && cJSON_GetObjectItem(b, "status")->valueint == 307 &&
          strcmp(cJSON_GetObjectItem(b, "reason")->valuestring, "Temporary Redirect") == 0, "then 307");
    CHECK(strstr(hc_transfer_effective_url(t), "/echo/final") != NULL, "the final URL is not a hop");
    cJSON_Delete(hist);
    hc_free(h);
    hc_transfer_delete(t);

    /* a POST turned into a GET by a 303: each hop's own method */
    hc_request_opts p = {.method = "POST", .url = "/redirect?to=/echo/after-post&code=303", .data = "{}"};
    t = NULL;
    rc = hc_transfer_new(api, &p, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform(t);
    h = t ? hc_transfer_history_json(t) : NULL;
    CHECK(h && strstr(h, "\"method\":\"POST\"") && strstr(h, "\"status\":303") &&
          strcmp(hc_transfer_method(t), "GET") == 0, "303: the hop was a POST, the final request a GET: %s",
          h ? h : "");
    hc_free(h);
    hc_transfer_delete(t);
    hc_api_delete(api);
}

/* SPEC §13 tracing: one line per exchange, credentials never in it. */
static void test_trace_lines(void)
{
    hc_api *api = new_api(srv.base);
    hc_error err = {0};
    CHECK(hc_api_merge_headers(api, "{\"Authorization\":\"Bearer s3cret-token\","
                               "\"Cookie\":\"session=s3cret-cookie\"}", &err) == HC_OK,
          "credential headers set");
    hc_request_opts o = {.method = "GET", .url = "/redirect?to=/echo/traced&code=307", .trace = 1};
    hc_transfer *t = NULL;
    hc_code rc = hc_transfer_new(api, &o, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform(t);
    char *lines = t ? hc_transfer_trace_json(t) : NULL;
    cJSON *arr = lines ? cJSON_Parse(lines) : NULL;
    CHECK(rc == HC_OK && cJSON_GetArraySize(arr) == 2, "a redirect hop and the final exchange: %s",
          lines ? lines : "(null)");
    char want[300];
    snprintf(want, sizeof want, "GET %s/redirect?to=/echo/traced&code=307 -> 307 Temporary Redirect (", srv.base);
    cJSON *first = cJSON_GetArrayItem(arr, 0), *last = cJSON_GetArrayItem(arr, 1);
    CHECK(first && strncmp(first->valuestring, want, strlen(want)) == 0 &&
          strstr(first->valuestring, " ms)"), "the hop: method, URL, status, reason, ms: %s",
          first ? first->valuestring : "");
    snprintf(want, sizeof want, "GET %s/echo/traced -> 200 OK (", srv.base);
    CHECK(last && strncmp(last->valuestring, want, strlen(want)) == 0, "then the final one: %s",
          last ? last->valuestring : "");
    CHECK(lines && !strstr(lines, "s3cret"), "no credential value in the lines");
    cJSON_Delete(arr);
    hc_free(lines);
    hc_transfer_delete(t);

    hc_request_opts quiet = {.method = "GET", .url = "/echo/quiet"};
    t = NULL;
    rc = hc_transfer_new(api, &quiet, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform(t);
    lines = t ? hc_transfer_trace_json(t) : NULL;
    CHECK_STR(lines, "[]", "tracing not asked for: nothing recorded");
    hc_free(lines);
    hc_transfer_delete(t);

    hc_request_opts dead = {.method = "GET", .url = "http://127.0.0.1:1/x", .trace = 1};
    t = NULL;
    rc = hc_transfer_new(api, &dead, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform(t);
    lines = t ? hc_transfer_trace_json(t) : NULL;
    CHECK(lines && strstr(lines, "GET http://127.0.0.1:1/x -> no response: "), "no response: why: %s",
          lines ? lines : "");
    hc_free(lines);
    hc_transfer_delete(t);
    hc_api_delete(api);

    char *r = hc_url_redacted("https://ann:pa55@proxy.example:3128/p?q=user:x@y");
    CHECK_STR(r, "https://ann:***@proxy.example:3128/p?q=user:x@y", "a URL's password is ***");
    hc_free(r);
    r = hc_url_redacted("http://ann@h/x");
    CHECK_STR(r, "http://ann@h/x", "a user without password is kept");
    hc_free(r);
    r = hc_url_redacted("http://h:80/a@b");
    CHECK_STR(r, "http://h:80/a@b", "an '@' in the path is not userinfo");
    hc_free(r);
    CHECK(hc_header_is_credential("authorization") && hc_header_is_credential("Proxy-Authorization") &&
          hc_header_is_credential("COOKIE") && !hc_header_is_credential("Accept") &&
          !hc_header_is_credential(NULL), "the credential headers, any case");
    CHECK(strcmp(hc_header_shown("authorization", "Bearer x"), "[redacted]") == 0 &&
          strcmp(hc_header_shown("Accept", "text/plain"), "text/plain") == 0, "what a header shows");
    CHECK(strcmp(hc_header_shown("set-cookie", "sid=s3cret; Path=/"), "[redacted]") == 0 &&
              !hc_header_is_credential("Set-Cookie"),
          "a Set-Cookie value is hidden when shown, but is no request credential to scope");
}

/* hc_transfer_perform_checked: a check that asks to stop ends a stalled transfer at once
 * (HC_EINTERRUPTED, "interrupted"), and the Api keeps working, on the pool's multi and on
 * the plain path alike; a check that never asks changes nothing (redirects included). */
struct stop_after { double at; int calls; };
static int stop_check(void *ud)
{
    struct stop_after *s = ud;
    s->calls++;
    return now_s() >= s->at;
}

static hc_code checked(hc_api *api, const char *url, double stop_in, int *calls, double *took,
                       char *msg, size_t cap)
{
    hc_request_opts o = {.method = "GET", .url = url, .trace = 1};
    hc_transfer *t = NULL;
    hc_error err = {0};
    double t0 = now_s();
    struct stop_after s = {t0 + stop_in, 0};
    hc_code rc = hc_transfer_new(api, &o, &t, &err);
    if (rc == HC_OK) rc = hc_transfer_perform_checked(t, stop_check, &s, 20);
    *took = now_s() - t0;
    if (calls) *calls = s.calls;
    if (msg && t) snprintf(msg, cap, "%s", hc_transfer_error(t)->message);
    if (rc == HC_OK && hc_transfer_status(t) != 200) rc = HC_ENETWORK;
    hc_transfer_delete(t);
    return rc;
}

static void test_perform_checked(void)
{
    hc_api *api = new_api(srv.base);
    double took;
    int calls = 0;
    char msg[512] = "";
    hc_code rc = checked(api, "/slow/30", 0.1, &calls, &took, msg, sizeof msg);
    CHECK(rc == HC_EINTERRUPTED && took < 0.3 && calls >= 2,
          "a stalled transfer stops when the check asks (%s, %.3f s, %d checks)", hc_code_name(rc), took, calls);
    CHECK(strstr(msg, "interrupted") != NULL && strcmp(hc_code_name(HC_EINTERRUPTED), "interrupted") == 0,
          "its message says interrupted (%s)", msg);
    rc = checked(api, "/echo/next", 1000, NULL, &took, NULL, 0);
    CHECK(rc == HC_OK, "the next request works (%s)", hc_code_name(rc));
    rc = checked(api, "/redirect?to=/redirect%3Fto%3D/echo/two", 1000, NULL, &took, NULL, 0);
    CHECK(rc == HC_OK, "redirects are followed on the checked path (%s)", hc_code_name(rc));
    rc = checked(api, "/redirect?to=/slow/30", 0.1, NULL, &took, NULL, 0);
    CHECK(rc == HC_EINTERRUPTED && took < 0.3, "a later hop stops too (%s, %.3f s)", hc_code_name(rc), took);
    hc_code code;
    CHECK(status_of(api, "/echo/plain", &code, NULL, 0) == 200, "the plain path still works");
    hc_request_opts o = {.method = "GET", .url = "/echo/nocheck"};
    hc_transfer *t = NULL;
    hc_error err = {0};
    CHECK(hc_transfer_new(api, &o, &t, &err) == HC_OK &&
          hc_transfer_perform_checked(t, NULL, NULL, 0) == HC_OK && hc_transfer_status(t) == 200,
          "a NULL check is hc_transfer_perform");
    CHECK(hc_transfer_perform_checked(t, stop_check, NULL, 10) == HC_EBUSY, "a finished transfer is busy");
    hc_transfer_delete(t);
    /* close while the pool's multi is idle, then a transfer made before close */
    CHECK(hc_transfer_new(api, &o, &t, &err) == HC_OK, "a transfer before close");
    hc_api_close(api);
    struct stop_after never = {now_s() + 1000, 0};
    CHECK(t && hc_transfer_perform_checked(t, stop_check, &never, 20) == HC_OK, "runs after close");
    hc_transfer_delete(t);
    hc_api_delete(api);
}

/* The system CA store where the running system keeps it, when libcurl's built-in file is
 * not there (a wheel's Debian-built libcurl on Fedora, openSUSE, Alpine). */
static void test_system_ca_file_where_the_system_keeps_it(void)
{
    char a[340], b[340];
    snprintf(a, sizeof a, "%s/builtin.crt", pki);
    snprintf(b, sizeof b, "%s/fedora-like.crt", pki);
    char missing[340];
    snprintf(missing, sizeof missing, "%s/not-there.crt", pki);
    FILE *f = fopen(b, "w");
    CHECK(f && fputs("pem\n", f) >= 0 && fclose(f) == 0, "wrote %s", b);
    const char *cands[] = {missing, b, NULL};
    CHECK(hc_ca_file_pick(missing, cands) == cands[1], "the built-in file is missing: the first candidate there");
    CHECK(hc_ca_file_pick(NULL, cands) == cands[1], "libcurl has no built-in file: the first candidate there");
    f = fopen(a, "w");
    CHECK(f && fputs("pem\n", f) >= 0 && fclose(f) == 0, "wrote %s", a);
    CHECK(hc_ca_file_pick(a, cands) == a, "the built-in file is there: it is used");
    const char *none[] = {missing, NULL};
    CHECK(hc_ca_file_pick(missing, none) == missing, "none there: libcurl's own path, for its error message");
    CHECK(hc_ca_file_pick(NULL, NULL) == NULL, "nothing at all: NULL");
    remove(a);
    remove(b);
}

int main(void)
{
    clear_proxy_env();
    snprintf(pki, sizeof pki, "/tmp/halchemy-pki-XXXXXX");
    if (!mkdtemp(pki)) { perror("mkdtemp"); return 2; }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "sh %s/tests/server/make_certs.sh %s", HC_ROOT, pki);
    if (system(cmd) != 0) { fprintf(stderr, "network: openssl could not make the test certificates\n"); return 2; }
    snprintf(ca, sizeof ca, "%s/ca.pem", pki);
    snprintf(other_ca, sizeof other_ca, "%s/other-ca.pem", pki);
    snprintf(client_cert, sizeof client_cert, "%s/client.pem", pki);
    snprintf(client_key, sizeof client_key, "%s/client.key", pki);
    char scert[320], skey[320];
    snprintf(scert, sizeof scert, "%s/server.pem", pki);
    snprintf(skey, sizeof skey, "%s/server.key", pki);
    snprintf(proxy_log, sizeof proxy_log, "%s/proxy.log", pki);
    const char *tls_args[] = {"--cert", scert, "--key", skey, "--ca", ca, "--port", "0", NULL};
    const char *proxy_args[] = {"--log", proxy_log, "--port", "0", NULL};
    if (test_server_start(&srv) != 0 || test_server_start_args(&tls, "tests/server/tls_server.py", tls_args) != 0 ||
        test_server_start_args(&proxy, "tests/server/proxy.py", proxy_args) != 0) {
        fprintf(stderr, "network: could not start the servers\n");
        return 2;
    }
    snprintf(proxy_hostport, sizeof proxy_hostport, "%s", proxy.base + strlen("http://"));

    test_network_settings_defaults_types_and_ranges();
    test_network_settings_in_the_halchemy_file();
    test_tls_is_verified_against_the_ca_bundle();
    test_client_certificates();
    test_verify_false_and_its_warning_once();
    test_proxy_setting_and_credentials();
    test_proxy_from_the_environment();
    test_cookie_jar();
    test_cookie_jar_shared_by_threads();
    test_per_request_timeout();
    test_close();
    test_redirect_history();
    test_trace_lines();
    test_perform_checked();
    test_system_ca_file_where_the_system_keeps_it();

    test_server_stop(&proxy);
    test_server_stop(&tls);
    test_server_stop(&srv);
    snprintf(cmd, sizeof cmd, "rm -rf %s", pki);
    if (system(cmd) != 0) fprintf(stderr, "network: could not remove %s\n", pki);
    return check_done("network");
}
