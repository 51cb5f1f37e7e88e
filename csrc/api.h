/* api.h: what the request builder and the transport need from an hc_api (internal).
 * A snapshot is a consistent copy of the settings taken under the api's lock, so a
 * transfer never sees a half-changed Api while another thread edits it. */
#ifndef HC_API_H
#define HC_API_H

#include "internal.h"

typedef struct hc_pool hc_pool;

/* SPEC §13: the network settings one transfer uses (all strings owned; NULL: unset). */
typedef struct hc_net {
    char *ca_bundle;   /* the setting, else $SSL_CERT_FILE when the transfer was set up */
    int ca_from_env;   /* ca_bundle came from SSL_CERT_FILE (for messages) */
    char *client_cert, *client_key;
    int verify;
    char *proxy;
    int cookies;
} hc_net;
void hc_net_free(hc_net *net);

typedef struct hc_snapshot {
    char *base_url;
    hc_list_style style;
    double timeout;
    double max_body;
    int raise_network;
    char *raise_status; /* spec text, "" when none */
    char *etag_field;
    int require_if_match;
    hc_headers *headers;
    hc_net net;
    int closed;        /* hc_api_close was called */
} hc_snapshot;

hc_code hc_api_snapshot(hc_api *api, hc_snapshot *snap, hc_error *err);
void hc_snapshot_free(hc_snapshot *snap);
/* The api's pool of reusable connections; the caller takes a reference. */
hc_pool *hc_api_pool(hc_api *api);

/* pool.c: the pool of libcurl handles (one per concurrent request, reused so that
 * connections stay alive between requests). Reference-counted, thread-safe. */
hc_pool *hc_pool_new(void);
void hc_pool_ref(hc_pool *pool);
void hc_pool_unref(hc_pool *pool);
/* Closes the idle handles (and their connections) now; handles given back later are
 * closed instead of kept. */
void hc_pool_close(hc_pool *pool);

/* request.c: everything about a request that is decided before any I/O. */
typedef struct hc_prepared {
    char *method;     /* upper-cased */
    char *url;        /* absolute, scheme checked */
    hc_headers *headers;
    char *body;       /* NULL = no body */
    size_t body_len;
    int conflict_retries; /* SPEC §8: 412s to answer by refreshing the ETag (0 = none) */
} hc_prepared;

/* Drops Authorization, Proxy-Authorization and Cookie (crossing to another origin). */
void hc_remove_credentials(hc_headers *h);

/* Moves snap->headers into out (snap keeps the rest; free it as usual). */
hc_code hc_prepare(hc_snapshot *snap, const hc_request_opts *opts, hc_prepared *out,
                   hc_error *err);
void hc_prepared_free(hc_prepared *p);
/* The absolute URL for opts under snap (template, parameters, join, scheme check). */
hc_code hc_build_url(const hc_snapshot *snap, const hc_request_opts *opts, char **out,
                     hc_error *err);

#endif /* HC_API_H */
