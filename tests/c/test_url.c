/* test_url.c: URL resolution (SPEC §3) and the scheme allow-list (SPEC §12) against
 * tests/vectors/url_join.json, then C-only cases: control characters, bad arguments, and
 * the same-origin rule that scopes default credentials. */
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
        hc_code rc = hc_url_join(str(c, "base"), href, &out, &err);
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
                  "%s + %s: got [%s] want [%s] (%s)", str(c, "base"), href,
                  out ? out : "(error)", str(c, "expected"), err.message);
        }
        hc_free(out);
    }
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
    test_check_scheme();
    test_join_arguments();
    test_same_origin();
    return check_done("url");
}
