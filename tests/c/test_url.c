/* test_url.c: URL resolution (SPEC §3 v2) and the scheme allow-list (SPEC §12) against
 * tests/vectors/url_join.json, hrefs as URI references (SPEC §4 v2) against
 * tests/vectors/uri_reference.json, then C-only cases: control characters, bad arguments,
 * invalid UTF-8, inputs large enough to show quadratic work, and the same-origin rule that
 * scopes default credentials. */
#include <time.h>

#include "check.h"
#include "halchemy.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void run_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/url_join.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *href = str(c, "href"), *error = str(c, "error");
        char *out = NULL;
        hc_error err = {0};
        const char *document = str(c, "document");
        hc_code rc = hc_url_resolve(str(c, "base"), document, href, &out, &err);
        if (rc == HC_OK) rc = hc_url_check_scheme(out, &err);
        if (error) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), error) == 0, "%s: want %s, got %s",
                  href, error, hc_code_name(rc));
            /* the message names the URL and its scheme */
            char scheme[64];
            size_t n = strcspn(href, ":");
            snprintf(scheme, sizeof scheme, "%.*s", (int)n, href);
            CHECK(strstr(err.message, href) && strstr(err.message, scheme),
                  "%s: message names URL and scheme: %s", href, err.message);
        } else {
            CHECK(rc == HC_OK && out && strcmp(out, str(c, "expected")) == 0,
                  "%s (document %s) + %s: got [%s] want [%s] (%s)", str(c, "base"),
                  document ? document : "none", href, out ? out : "(error)",
                  str(c, "expected"), err.message);
        }
        hc_free(out);
        /* without a document URL hc_url_join is the same call */
        if (!document && !error && hc_url_join(str(c, "base"), href, &out, &err) == HC_OK) {
            CHECK(strcmp(out, str(c, "expected")) == 0, "join %s + %s", str(c, "base"), href);
            hc_free(out);
        }
    }
    cJSON_Delete(root);
}

static void run_reference_vectors(void)
{
    cJSON *root = vectors_load("tests/vectors/uri_reference.json");
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases")) {
        const char *href = str(c, "href"), *error = str(c, "error"), *want = str(c, "expected");
        char *out = (char *)"untouched";
        hc_error err = {0};
        hc_code rc = hc_url_encode_reference(href, &out, &err);
        n++;
        if (error) {
            CHECK(rc != HC_OK && strcmp(hc_code_name(rc), error) == 0 && !out,
                  "[%s] (%s): want %s, got %s", href, str(c, "comment"), error,
                  rc == HC_OK ? out : hc_code_name(rc));
            /* the message quotes the href (control bytes as \xHH) and says why */
            char start[8];
            snprintf(start, sizeof start, "%.*s", (int)strcspn(href, "\x01\x02\x03\x04\x05\x06"
                     "\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
                     "\x1a\x1b\x1c\x1d\x1e\x1f\x7f"), href);
            int raw_ctl = 0;
            for (const char *p = err.message; *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f) raw_ctl = 1;
            CHECK(strstr(err.message, "control character") && strstr(err.message, "\\x") &&
                  strstr(err.message, start) && !raw_ctl, "[%s]: message: %s", str(c, "comment"),
                  err.message);
        } else {
            CHECK(rc == HC_OK && out && strcmp(out, want) == 0, "[%s] (%s): got [%s] want [%s]",
                  href, str(c, "comment"), rc == HC_OK ? out : err.message, want);
            if (rc == HC_OK) hc_free(out);
        }
    }
    CHECK(n >= 20, "uri_reference.json has its cases (%d)", n);
    cJSON_Delete(root);
}

static void test_check_scheme(void)
{
    static const char *const refused[] = {
        "http://example.org/a b",   "http://example.org/a\r\nX-Injected: 1",
        "http://example.org/\n",    "http://example.org/\tx",
        "http://example.org/\x7f",  " http://example.org/",
        "http://example.org/\x01",  "http://example.org/\x1b[31m",
    };
    hc_error err;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        memset(&err, 0, sizeof err);
        CHECK(hc_url_check_scheme(refused[i], &err) == HC_ESCHEME, "refused #%zu", i);
        int raw_ctl = 0;
        for (const char *p = err.message; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) raw_ctl = 1;
        CHECK(!raw_ctl && strstr(err.message, "example.org"),
              "#%zu: the message names the URL, controls escaped: %s", i, err.message);
    }
    CHECK(strstr(err.message, "\\x1B") != NULL, "ESC shown as \\x1B: %s", err.message);

    static const char *const allowed[] = {
        "http://example.org",        "https://example.org/",   "HTTP://EXAMPLE.ORG/",
        "hTTpS://x/y?z#f",           "http://[::1]:8080/",     "http://user:pw@host/",
        "http://example.org/%20",    "http://h/caf\xC3\xA9",
    };
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        CHECK(hc_url_check_scheme(allowed[i], NULL) == HC_OK, "allowed: %s", allowed[i]);

    static const char *const no_host[] = {"http:", "http:/x", "http://", "https:///x",
                                          "http://user@/x", "http:example.org"};
    for (size_t i = 0; i < sizeof no_host / sizeof *no_host; i++)
        CHECK(hc_url_check_scheme(no_host[i], NULL) == HC_ESCHEME, "no host: %s", no_host[i]);

    CHECK(hc_url_check_scheme("/relative", &err) == HC_ESCHEME &&
          strstr(err.message, "no scheme"), "a relative URL: %s", err.message);
    CHECK(hc_url_check_scheme("", NULL) == HC_ESCHEME, "an empty URL");
    CHECK(hc_url_check_scheme(NULL, NULL) == HC_EINVAL, "NULL");
    CHECK(hc_url_check_scheme("httpx://example.org", &err) == HC_ESCHEME &&
          strstr(err.message, "'httpx'"), "httpx names its scheme: %s", err.message);
    CHECK(hc_url_check_scheme("https+unix://x", NULL) == HC_ESCHEME, "https+unix");

    /* a very long URL: the message is cut, nothing overflows */
    size_t n = 100000;
    char *big = malloc(n + 16);
    strcpy(big, "gopher://");
    memset(big + 9, 'a', n);
    big[n + 9] = '\0';
    CHECK(hc_url_check_scheme(big, &err) == HC_ESCHEME && strstr(err.message, "...") &&
          strstr(err.message, "gopher"), "a long URL's message: %.80s", err.message);
    memcpy(big, "http:///", 8);
    memset(big, 'h', 5000);
    big[5000] = ':';
    CHECK(hc_url_check_scheme(big, &err) == HC_ESCHEME && strlen(err.message) < 500,
          "a 5000-letter scheme: %.80s", err.message);
    free(big);
}

static void test_join_arguments(void)
{
    char *out = (char *)"untouched";
    hc_error err = {0};
    CHECK(hc_url_join("http://x", NULL, &out, &err) == HC_EINVAL && !out, "NULL href");
    CHECK(hc_url_join(NULL, "/a", &out, &err) == HC_EINVAL && !out, "NULL base");
    CHECK(hc_url_join("", "/a", &out, &err) == HC_EINVAL && !out &&
          strstr(err.message, "base URL"), "empty base: %s", err.message);
    CHECK(hc_url_join(NULL, "https://x/a", &out, &err) == HC_OK && strcmp(out, "https://x/a") == 0,
          "an absolute href needs no base");
    hc_free(out);
    CHECK(hc_url_join("relative/base", "//host/x", &out, &err) == HC_EINVAL && !out,
          "a scheme-relative href needs a base with a scheme");
    CHECK(hc_url_join("http://x/api", "", &out, &err) == HC_OK && strcmp(out, "http://x/api/") == 0,
          "an empty href is the base with one '/'");
    hc_free(out);
    CHECK(hc_url_join("http://x/api///", "/a", &out, &err) == HC_OK &&
          strcmp(out, "http://x/api/a") == 0, "every trailing '/' of the base goes");
    hc_free(out);
    CHECK(hc_url_join("http://x", "?q=1", &out, &err) == HC_OK && strcmp(out, "http://x/?q=1") == 0,
          "a query-only href");
    hc_free(out);
    CHECK(hc_url_join("http://x", "1a:b", &out, &err) == HC_OK && strcmp(out, "http://x/1a:b") == 0,
          "a scheme starts with a letter, so 1a:b is relative");
    hc_free(out);
    CHECK(hc_url_join("http://x", "a/b:c", &out, &err) == HC_OK && strcmp(out, "http://x/a/b:c") == 0,
          "a ':' after a '/' is no scheme");
    hc_free(out);
    CHECK(hc_url_join("https://x", "//y:8443/p", &out, &err) == HC_OK &&
          strcmp(out, "https://y:8443/p") == 0, "scheme-relative with a port");
    hc_free(out);
}

static void test_resolve_arguments(void)
{
    char *out = (char *)"untouched";
    hc_error err = {0};
    CHECK(hc_url_resolve(NULL, "http://h/a/b", "?q", &out, &err) == HC_OK &&
          strcmp(out, "http://h/a/b?q") == 0, "a query-only href with a document needs no base");
    hc_free(out);
    CHECK(hc_url_resolve("", "http://h/a/b", "../c", &out, &err) == HC_OK &&
          strcmp(out, "http://h/c") == 0, "nor does '../' with a document");
    hc_free(out);
    CHECK(hc_url_resolve(NULL, NULL, "?q", &out, &err) == HC_EINVAL && !out &&
          strstr(err.message, "base URL"), "without a document it does: %s", err.message);
    CHECK(hc_url_resolve(NULL, "http://h/a", "/x", &out, &err) == HC_EINVAL && !out,
          "a root-relative href needs a base URL even with a document");
    CHECK(hc_url_resolve("http://h/api", "", "?q", &out, &err) == HC_OK &&
          strcmp(out, "http://h/api/?q") == 0, "an empty document URL counts as none");
    hc_free(out);
    CHECK(hc_url_resolve("http://h/api", NULL, NULL, &out, &err) == HC_EINVAL && !out, "NULL href");
    CHECK(hc_url_resolve("http://h/", "http://h", "./x", &out, &err) == HC_OK &&
          strcmp(out, "http://h/x") == 0, "a document with an authority and no path merges as '/'");
    hc_free(out);
    CHECK(hc_url_resolve("http://h/", "http://h/a/b", "..//x", &out, &err) == HC_OK &&
          strcmp(out, "http://h//x") == 0, "an empty segment survives dot removal (RFC 3986)");
    hc_free(out);
    CHECK(hc_url_resolve("http://h/", NULL, "/a/b/../../../../c/./d/.", &out, &err) == HC_OK &&
          strcmp(out, "http://h/c/d/") == 0, "dots never climb above the root");
    hc_free(out);
    CHECK(hc_url_resolve("relative/base", NULL, "./x", &out, &err) == HC_OK &&
          strcmp(out, "relative/base/x") == 0, "a base without a scheme is taken as text");
    hc_free(out);
    CHECK(hc_url_resolve("http://h/api/", NULL, "/api/%2e%2E/x", &out, &err) == HC_OK &&
          strcmp(out, "http://h/api/%2e%2E/x") == 0, "encoded dots are not dot segments");
    hc_free(out);

    /* hc_url_encode_reference, beyond the vectors */
    CHECK(hc_url_encode_reference(NULL, &out, &err) == HC_EINVAL && !out, "NULL href");
    CHECK(hc_url_encode_reference("/\xFF\xC3(\x80", &out, &err) == HC_OK &&
          strcmp(out, "/%FF%C3(%80") == 0, "invalid UTF-8 bytes are encoded one by one: %s",
          out ? out : err.message);
    hc_free(out);
    CHECK(hc_url_encode_reference("/a\x1b", &out, &err) == HC_ESCHEME && !out &&
          strstr(err.message, "'/a\\x1B'"), "the message quotes the href: %s", err.message);
}

static char *repeat(const char *unit, size_t times, const char *head)
{
    size_t n = strlen(unit), h = strlen(head);
    char *s = malloc(h + n * times + 1);
    memcpy(s, head, h);
    for (size_t i = 0; i < times; i++) memcpy(s + h + i * n, unit, n);
    s[h + n * times] = '\0';
    return s;
}

/* Work stays linear in the size of the href (SPEC §12): megabyte inputs that a quadratic
 * loop would take minutes over. */
static void test_large(void)
{
    clock_t t0 = clock();
    char *out = NULL;
    hc_error err = {0};
    char *href = repeat("a/../", 400000, "/api/");
    CHECK(hc_url_resolve("http://h/api", NULL, href, &out, &err) == HC_OK &&
          strcmp(out, "http://h/api/") == 0, "2 MB of 'a/../'");
    hc_free(out);
    free(href);
    href = repeat("../", 600000, "./");
    CHECK(hc_url_resolve("http://h/api", "http://h/a/b/c", href, &out, &err) == HC_OK &&
          strcmp(out, "http://h/") == 0, "2 MB of '../'");
    hc_free(out);
    free(href);
    href = repeat("x/", 1000000, "");
    CHECK(hc_url_resolve("http://h/api", NULL, href, &out, &err) == HC_OK &&
          strlen(out) == strlen("http://h/api/") + 2000000, "2 MB of segments");
    hc_free(out);
    free(href);
    href = repeat("{\xC3\xA9 %", 300000, "/");
    CHECK(hc_url_encode_reference(href, &out, &err) == HC_OK &&
          strlen(out) == 1 + 300000 * 15 && strncmp(out, "/%7B%C3%A9%20%25", 16) == 0,
          "1.5 MB encoded");
    hc_free(out);
    free(href);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 10, "large inputs took %.1f s", secs);
}

static void test_same_origin(void)
{
    static const struct { const char *a, *b; int same; } cases[] = {
        {"http://example.org", "http://example.org/x", 1},
        {"http://example.org/api", "http://example.org/other?q#f", 1},
        {"http://EXAMPLE.org", "http://example.ORG/", 1},
        {"HTTP://example.org", "http://example.org", 1},
        {"http://example.org", "http://example.org:80/", 1},
        {"https://example.org", "https://example.org:443/", 1},
        {"http://example.org:", "http://example.org/", 1},
        {"http://user:pw@example.org", "http://example.org/", 1},
        {"http://[::1]:2112/", "http://[::1]:2112/x", 1},
        {"http://[::1]/", "http://[::1]:80/", 1},
        {"http://localhost:2112", "http://localhost:2112/customers", 1},
        {"http://example.org", "https://example.org", 0},
        {"http://example.org", "http://example.org:8080", 0},
        {"https://example.org", "https://example.org:80", 0},
        {"http://example.org", "http://other.org", 0},
        {"http://example.org", "http://example.org.evil.com/", 0},
        {"http://example.org", "http://evil.com/?http://example.org", 0},
        {"http://example.org", "http://evil.com#@example.org", 0},
        {"http://example.org", "http://evil.com\\@example.org/", 0},
        {"http://example.org", "http://a@b@example.org/", 0},
        {"http://example.org", "http://example.org:99999/", 0},
        {"http://example.org", "http://example.org:8o/", 0},
        {"http://[::1]", "http://[::2]", 0},
        {"http://[::1", "http://[::1", 0},
        {"http://example.org", "/relative", 0},
        {"http://example.org", "", 0},
        {"ftp://example.org", "ftp://example.org", 0},
        {"http://", "http://", 0},
        {"http://exa mple.org", "http://exa mple.org", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK(hc_url_same_origin(cases[i].a, cases[i].b) == cases[i].same,
              "same_origin(%s, %s) should be %d", cases[i].a, cases[i].b, cases[i].same);
        CHECK(hc_url_same_origin(cases[i].b, cases[i].a) == cases[i].same,
              "same_origin(%s, %s) should be %d", cases[i].b, cases[i].a, cases[i].same);
    }
    CHECK(!hc_url_same_origin(NULL, "http://x") && !hc_url_same_origin("http://x", NULL),
          "NULL is never the same origin");
}

int main(void)
{
    run_vectors();
    run_reference_vectors();
    test_check_scheme();
    test_join_arguments();
    test_resolve_arguments();
    test_large();
    test_same_origin();
    return check_done("url");
}
