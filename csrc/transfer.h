/* transfer.h: one request's transfer, shared by transfer.c (one exchange with libcurl),
 * call.c (the whole call: redirects, conflict retries) and multi.c (the event loop), and
 * the handle pool (pool.c). Internal. */
#ifndef HC_TRANSFER_H
#define HC_TRANSFER_H

#include <curl/curl.h>

#include "api.h"

#define HC_NO_RESPONSE "Did not receive a response from the server"
#define HC_MAX_REDIRECTS 10
#define HC_MAX_HEADER_BYTES (256 * 1024)         /* all of one exchange's response headers */
#define HC_MAX_REQUEST_HEADER_BYTES (256 * 1024) /* all request header lines together */
#define HC_MAX_TIMEOUT_MS 2147483647L            /* about 24.8 days: libcurl takes a long */

/* pool.c */
void hc_curl_global_init(void); /* once per process; every entry point calls it */
/* What a pooled handle has set, besides the options of one transfer: HC_HANDLE_NEW
 * (nothing: a new handle), HC_HANDLE_FIXED (the options every transfer sets alike), or
 * any other value: those and the TLS, proxy and cookie options of hc_net_stamp. */
enum { HC_HANDLE_NEW = 0, HC_HANDLE_FIXED = 1 };
/* A handle from the pool or a new one (NULL: out of memory); *state: what it has set. */
CURL *hc_pool_take(hc_pool *pool, unsigned long long *state);
/* Back to the pool (kept alive with its connections) with what it has set, or cleaned up
 * when the pool is full or closed. */
void hc_pool_give(hc_pool *pool, CURL *easy, unsigned long long state);
/* The pool's libcurl share holding the Api's cookie jar (SPEC §13); lives as long as it. */
CURLSH *hc_pool_share(hc_pool *pool);
/* SPEC §13: the multi hc_transfer_perform_checked drives its transfers on, kept with its
 * connections between calls (made on first use); NULL when another thread holds it or the
 * pool is closed (the caller then uses a temporary one). Given back with give_multi. */
CURLM *hc_pool_take_multi(hc_pool *pool);
void hc_pool_give_multi(hc_pool *pool, CURLM *multi);
/* The system CA file and directory: libcurl's built-in ones when they exist, else the
 * first CA file of the known system places that exists (NULL when it has none). */
const char *hc_curl_default_cainfo(void);
const char *hc_curl_default_capath(void);
/* builtin when it is a readable file, else the first readable one of the NULL-ended
 * candidates, else builtin (borrowed from the arguments). */
const char *hc_ca_file_pick(const char *builtin, const char *const *candidates);


enum { T_NEW, T_RUNNING, T_DONE };
/* How far a hop's response head has come: the final (non-1xx) head's blank line is
 * HEAD_DONE; a call that ends before it has no response (SPEC §10 v2). */
enum { HEAD_NONE, HEAD_OPEN, HEAD_DONE };

struct hc_transfer {
    hc_pool *pool;
    CURL *easy;
    struct curl_slist *slist;
    hc_prepared req;
    double max_body;
    int raise_network;
    hc_status_spec *raise_status;
    int state;
    hc_error error;
    hc_raise raise;
    int status;
    char *reason;
    char *effective_url;
    hc_headers *resp_headers;
    hc_buf body;
    int too_big;
    hc_json_kind body_kind; /* SPEC §9: the JSON rule's verdict on the body */
    size_t body_offset;     /* where its JSON text starts (after a BOM) */
    double timeout;       /* this call's: the Api's, or the request's own (SPEC §13) */
    hc_net net;           /* SPEC §13: TLS, proxy and cookie settings of this call */
    unsigned long long net_stamp; /* their fingerprint: a pooled handle that has them set
                                     already is not given them again (hc_pool_take) */
    cJSON *history;       /* SPEC §13: the redirect hops followed, oldest first (or NULL) */
    cJSON *trace;         /* SPEC §13 tracing: one line per exchange (NULL: not asked for) */
    long long deadline_ms; /* SPEC §12 v2: the whole call's end (monotonic ms; 0 = none) */
    char *orig_url;       /* the URL first asked for: credentials stay on its origin */
    int redirects;
    size_t header_bytes;  /* this hop's response headers, interim ones included, bounded */
    int headers_too_big;
    int head_state;       /* this hop: HEAD_NONE, HEAD_OPEN (status line seen) or HEAD_DONE */
    int interim;          /* the open head is a 1xx one */
    hc_code hop_error;    /* a redirect refused (scheme, too many); message in error */
    /* SPEC §8 refresh and apply again: after a 412, a GET of the resource (refreshing),
     * then the change again with the new ETag. The change's method and body wait in
     * change_method/change_body while the GET runs. */
    int retries_left, retries_made, refreshing;
    char *change_method, *change_body;
    size_t change_body_len;
    char *etag_field;
    /* libcurl's message buffer. On its own, so that the transfer stays under glibc's 1 KiB
     * "large chunk" size, whose allocation consolidates the heap each time. */
    char *errbuf;
    void *userdata;
    struct hc_transfer *next, *prev; /* in a multi: running list, then done queue */
};

/* transfer.c */
/* Marks t running and starts its deadline: the one timeout of the whole call (SPEC §12 v2),
 * which each later hop gets only the rest of. */
void hc_transfer_start(hc_transfer *t);
/* Sets the handle up again for t->req (a redirect hop, a refresh, a retry); 1 when ready. */
int hc_transfer_rearm(hc_transfer *t);
/* Fills the result from the finished easy handle and gives the handle back to the pool. */
void hc_transfer_finish(hc_transfer *t, CURLcode cc);

/* call.c: after an exchange ended with cc, sets t up for the next one (a redirect, a
 * conflict-retry step) and returns 1, or returns 0 when the call is over. */
int hc_call_next(hc_transfer *t, CURLcode cc);

#endif /* HC_TRANSFER_H */
