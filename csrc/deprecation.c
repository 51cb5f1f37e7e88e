/* deprecation.c: SPEC §11 (v2) deprecated links. Following a link object that has a
 * `deprecation` property warns once per resolved URL per process; this file remembers
 * which URLs were warned about (a process-wide set, guarded for threads). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SLOTS_MIN 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **slots;  /* open addressing; NULL = empty */
static size_t n_slots, n_used;

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* 1 when url was added now, 0 when it was there, -1 when out of memory. Lock held. */
static int remember(const char *url)
{
    if ((n_used + 1) * 2 > n_slots) {
        size_t n = n_slots ? n_slots * 2 : SLOTS_MIN;
        char **grown = calloc(n, sizeof *grown);
        if (!grown) return -1;
        for (size_t i = 0; i < n_slots; i++) {
            if (!slots[i]) continue;
            size_t j = hash(slots[i]) & (n - 1);
            while (grown[j]) j = (j + 1) & (n - 1);
            grown[j] = slots[i];
        }
        free(slots);
        slots = grown;
        n_slots = n;
    }
    size_t j = hash(url) & (n_slots - 1);
    for (; slots[j]; j = (j + 1) & (n_slots - 1))
        if (strcmp(slots[j], url) == 0) return 0;
    if (!(slots[j] = hc_strdup(url))) return -1;
    n_used++;
    return 1;
}

char *hc_deprecation_notice(const char *url, const char *deprecation)
{
    if (!url || !deprecation) return NULL;
    pthread_mutex_lock(&lock);
    int first = remember(url);
    pthread_mutex_unlock(&lock);
    if (first == 0) return NULL;
    char q[240], d[240];
    hc_quote(q, sizeof q, url);
    hc_quote(d, sizeof d, deprecation);
    hc_buf b;
    hc_buf_init(&b);
    hc_buf_addf(&b, "the link to %s is deprecated", q);
    if (*deprecation) hc_buf_addf(&b, " (see %s)", d);
    return hc_buf_take(&b);
}
