/* pool.c: each Api's pool of libcurl easy handles. A handle is reused by the next transfer,
 * so the connections it holds stay alive between requests. Reference-counted (the Api and
 * every unfinished transfer hold one) and thread-safe. The pool also owns the Api's cookie
 * jar (SPEC §13): a libcurl share of cookie data that every handle of the pool is attached
 * to, guarded by one mutex per kind of shared data, since the Python binding runs one Api's
 * transfers on many threads at once. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "transfer.h"

#define HC_POOL_KEEP 64 /* idle handles kept per Api */

struct hc_pool {
    pthread_mutex_t lock;
    int refs;
    int closed; /* hc_pool_close: handles given back are cleaned up, not kept */
    CURL *idle[HC_POOL_KEEP];
    unsigned long long idle_state[HC_POOL_KEEP]; /* what each has set (HC_HANDLE_...) */
    int n_idle;
    CURLSH *share;
    CURLM *multi;   /* hc_transfer_perform_checked's, with its connections (or NULL) */
    int multi_busy; /* a thread is driving a transfer on it */
    pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
/* The system CA store, read once, so that a handle that used a ca_bundle can be given it
 * back: libcurl's built-in file and directory (Debian's, where the wheel's and the npm
 * package's libcurl was built), or where the running system keeps them instead. */
static char *default_cainfo, *default_capath;

/* Where Linux distributions keep the system's CA bundle (one PEM file). */
static const char *const system_ca_files[] = {
    "/etc/ssl/certs/ca-certificates.crt",                /* Debian, Ubuntu, Arch, Gentoo */
    "/etc/pki/tls/certs/ca-bundle.crt",                  /* Fedora, RHEL */
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", /* CentOS, RHEL 7+ */
    "/etc/ssl/ca-bundle.pem",                            /* openSUSE */
    "/etc/ssl/cert.pem",                                 /* Alpine */
    NULL,
};

const char *hc_ca_file_pick(const char *builtin, const char *const *candidates)
{
    if (builtin && access(builtin, R_OK) == 0) return builtin;
    for (size_t i = 0; candidates && candidates[i]; i++)
        if (access(candidates[i], R_OK) == 0) return candidates[i];
    return builtin; /* none: libcurl's own, so its error names the path it looked for */
}

static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *e = curl_easy_init();
    char *s = NULL;
    if (e && curl_easy_getinfo(e, CURLINFO_CAINFO, &s) == CURLE_OK) {
        const char *file = hc_ca_file_pick(s, system_ca_files);
        if (file) default_cainfo = hc_strdup(file);
    }
    s = NULL;
    /* a directory that is not there is no store: the file alone is used */
    if (e && curl_easy_getinfo(e, CURLINFO_CAPATH, &s) == CURLE_OK && s && access(s, R_OK | X_OK) == 0)
        default_capath = hc_strdup(s);
    curl_easy_cleanup(e);
}
void hc_curl_global_init(void) { pthread_once(&global_once, global_init); }
const char *hc_curl_default_cainfo(void) { return default_cainfo; }
const char *hc_curl_default_capath(void) { return default_capath; }

static void share_lock(CURL *e, curl_lock_data data, curl_lock_access access, void *ud)
{
    (void)e;
    (void)access;
    hc_pool *pool = ud;
    pthread_mutex_lock(&pool->share_locks[data]);
}

static void share_unlock(CURL *e, curl_lock_data data, void *ud)
{
    (void)e;
    hc_pool *pool = ud;
    pthread_mutex_unlock(&pool->share_locks[data]);
}

hc_pool *hc_pool_new(void)
{
    hc_curl_global_init();
    hc_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return NULL;
    pool->share = curl_share_init();
    if (!pool->share) { free(pool); return NULL; }
    pthread_mutex_init(&pool->lock, NULL);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&pool->share_locks[i], NULL);
    curl_share_setopt(pool->share, CURLSHOPT_LOCKFUNC, share_lock);
    curl_share_setopt(pool->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
    curl_share_setopt(pool->share, CURLSHOPT_USERDATA, pool);
    curl_share_setopt(pool->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    pool->refs = 1;
    return pool;
}

void hc_pool_ref(hc_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->refs++;
    pthread_mutex_unlock(&pool->lock);
}

void hc_pool_unref(hc_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    int last = --pool->refs == 0;
    pthread_mutex_unlock(&pool->lock);
    if (!last) return;
    /* every handle attached to the share goes first: libcurl refuses to clean up a share
     * that is still in use */
    if (pool->multi) curl_multi_cleanup(pool->multi);
    for (int i = 0; i < pool->n_idle; i++) curl_easy_cleanup(pool->idle[i]);
    curl_share_cleanup(pool->share);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_destroy(&pool->share_locks[i]);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

void hc_pool_close(hc_pool *pool)
{
    CURL *idle[HC_POOL_KEEP];
    pthread_mutex_lock(&pool->lock);
    pool->closed = 1;
    int n = pool->n_idle;
    for (int i = 0; i < n; i++) idle[i] = pool->idle[i];
    pool->n_idle = 0;
    CURLM *multi = pool->multi_busy ? NULL : pool->multi; /* busy: closed when given back */
    if (multi) pool->multi = NULL;
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < n; i++) curl_easy_cleanup(idle[i]); /* closes its connections */
    if (multi) curl_multi_cleanup(multi);
}

CURLM *hc_pool_take_multi(hc_pool *pool)
{
    CURLM *m = NULL;
    pthread_mutex_lock(&pool->lock);
    if (!pool->closed && !pool->multi_busy) {
        if (!pool->multi) pool->multi = curl_multi_init();
        m = pool->multi;
        pool->multi_busy = m != NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    return m;
}

void hc_pool_give_multi(hc_pool *pool, CURLM *multi)
{
    CURLM *drop = NULL;
    pthread_mutex_lock(&pool->lock);
    if (multi == pool->multi) {
        pool->multi_busy = 0;
        if (pool->closed) { drop = multi; pool->multi = NULL; }
    } else {
        drop = multi; /* a temporary one */
    }
    pthread_mutex_unlock(&pool->lock);
    if (drop) curl_multi_cleanup(drop);
}

CURLSH *hc_pool_share(hc_pool *pool) { return pool->share; }

CURL *hc_pool_take(hc_pool *pool, unsigned long long *state)
{
    CURL *easy = NULL;
    *state = HC_HANDLE_NEW;
    pthread_mutex_lock(&pool->lock);
    if (pool->n_idle > 0) {
        pool->n_idle--;
        easy = pool->idle[pool->n_idle];
        *state = pool->idle_state[pool->n_idle];
    }
    pthread_mutex_unlock(&pool->lock);
    return easy ? easy : curl_easy_init();
}

/* An idle handle keeps its live connections (the point of the pool) and the options every
 * transfer sets alike; nothing in it points at a finished transfer any more. Cheaper than
 * curl_easy_reset, which would have every option set again. */
void hc_pool_give(hc_pool *pool, CURL *easy, unsigned long long state)
{
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, NULL);
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L); /* after POSTFIELDS, which means POST */
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, NULL);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, NULL);
    pthread_mutex_lock(&pool->lock);
    if (!pool->closed && pool->n_idle < HC_POOL_KEEP) {
        pool->idle_state[pool->n_idle] = state;
        pool->idle[pool->n_idle++] = easy;
        easy = NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    if (easy) curl_easy_cleanup(easy);
}
