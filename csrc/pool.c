/* pool.c: each Api's pool of libcurl easy handles. A handle is reused by the next transfer,
 * so the connections it holds stay alive between requests. Reference-counted (the Api and
 * every unfinished transfer hold one) and thread-safe. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>

#include "transfer.h"

#define HC_POOL_KEEP 64 /* idle handles kept per Api */

struct hc_pool {
    pthread_mutex_t lock;
    int refs;
    CURL *idle[HC_POOL_KEEP];
    int n_idle;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }
void hc_curl_global_init(void) { pthread_once(&global_once, global_init); }

hc_pool *hc_pool_new(void)
{
    hc_curl_global_init();
    hc_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return NULL;
    pthread_mutex_init(&pool->lock, NULL);
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
    for (int i = 0; i < pool->n_idle; i++) curl_easy_cleanup(pool->idle[i]);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

/* *configured: 1 when the handle comes back from an earlier transfer, its options that
 * never change (configure_fixed) still set. */
CURL *hc_pool_take(hc_pool *pool, int *configured)
{
    CURL *easy = NULL;
    pthread_mutex_lock(&pool->lock);
    if (pool->n_idle > 0) easy = pool->idle[--pool->n_idle];
    pthread_mutex_unlock(&pool->lock);
    *configured = easy != NULL;
    return easy ? easy : curl_easy_init();
}

/* An idle handle keeps its live connections (the point of the pool) and the options every
 * transfer sets alike; nothing in it points at a finished transfer any more. Cheaper than
 * curl_easy_reset, which would have every option set again. */
void hc_pool_give(hc_pool *pool, CURL *easy)
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
    if (pool->n_idle < HC_POOL_KEEP) {
        pool->idle[pool->n_idle++] = easy;
        easy = NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    if (easy) curl_easy_cleanup(easy);
}
