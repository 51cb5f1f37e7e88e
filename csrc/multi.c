/* multi.c: many transfers on one event loop (the Node binding's): libcurl's multi socket
 * interface, with the loop's own timers and socket watchers doing the waiting. */
#include <curl/curl.h>
#include <stdlib.h>

#include "transfer.h"

struct hc_multi {
    CURLM *cm;
    hc_socket_fn on_socket;
    hc_timer_fn on_timer;
    void *ud;
    hc_transfer *running;             /* doubly linked */
    hc_transfer *done_head, *done_tail;
    int count;                        /* added and not yet handed out */
};

static int socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    hc_multi *m = userp;
    int ev = 0;
    if (what == CURL_POLL_REMOVE) ev = HC_POLL_REMOVE;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) ev |= HC_POLL_IN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) ev |= HC_POLL_OUT;
    m->on_socket(m->ud, (int)s, ev, socketp);
    return 0;
}

static int timer_cb(CURLM *cm, long timeout_ms, void *userp)
{
    (void)cm;
    hc_multi *m = userp;
    m->on_timer(m->ud, timeout_ms);
    return 0;
}

hc_multi *hc_multi_new(hc_socket_fn on_socket, hc_timer_fn on_timer, void *userdata)
{
    hc_curl_global_init();
    hc_multi *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cm = curl_multi_init();
    if (!m->cm) { free(m); return NULL; }
    m->on_socket = on_socket;
    m->on_timer = on_timer;
    m->ud = userdata;
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETFUNCTION, socket_cb);
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETDATA, m);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERFUNCTION, timer_cb);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERDATA, m);
    return m;
}

static void unlink_running(hc_multi *m, hc_transfer *t)
{
    if (t->prev) t->prev->next = t->next;
    else m->running = t->next;
    if (t->next) t->next->prev = t->prev;
    t->next = t->prev = NULL;
}

hc_code hc_multi_add(hc_multi *m, hc_transfer *t, hc_error *err)
{
    if (t->state != T_NEW)
        return hc_fail(err, HC_EBUSY, "this transfer has already been started");
    if (curl_multi_add_handle(m->cm, t->easy) != CURLM_OK)
        return hc_fail(err, HC_ENOMEM, "could not add the transfer to the event loop");
    hc_transfer_start(t);
    t->prev = NULL;
    t->next = m->running;
    if (m->running) m->running->prev = t;
    m->running = t;
    m->count++;
    return HC_OK;
}

void hc_multi_remove(hc_multi *m, hc_transfer *t)
{
    if (t->state != T_RUNNING) return;
    curl_multi_remove_handle(m->cm, t->easy);
    unlink_running(m, t);
    t->state = T_NEW; /* never started as far as the caller is concerned */
    m->count--;
}

int hc_multi_cancel(hc_multi *m, hc_transfer *t)
{
    if (t->state == T_RUNNING) {
        hc_multi_remove(m, t);
        return 1;
    }
    /* Finished in an action, not yet handed out: unlink it from the done queue. */
    hc_transfer *prev = NULL;
    for (hc_transfer *d = m->done_head; d; prev = d, d = d->next) {
        if (d != t) continue;
        if (prev) prev->next = d->next;
        else m->done_head = d->next;
        if (m->done_tail == d) m->done_tail = prev;
        d->next = NULL;
        m->count--;
        return 1;
    }
    return 0;
}

void hc_multi_delete(hc_multi *m)
{
    if (!m) return;
    while (m->running) hc_multi_remove(m, m->running);
    curl_multi_cleanup(m->cm);
    free(m);
}

void hc_multi_assign(hc_multi *m, int fd, void *socketp)
{
    curl_multi_assign(m->cm, (curl_socket_t)fd, socketp);
}

void hc_multi_action(hc_multi *m, int fd, int events)
{
    int running = 0, mask = 0;
    if (events & HC_POLL_IN) mask |= CURL_CSELECT_IN;
    if (events & HC_POLL_OUT) mask |= CURL_CSELECT_OUT;
    curl_socket_t s = fd == HC_SOCKET_TIMEOUT ? CURL_SOCKET_TIMEOUT : (curl_socket_t)fd;
    curl_multi_socket_action(m->cm, s, mask, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->cm, &left))) {
        if (msg->msg != CURLMSG_DONE) continue;
        hc_transfer *t = NULL;
        CURLcode cc = msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        curl_multi_remove_handle(m->cm, msg->easy_handle);
        if (hc_call_next(t, cc) && curl_multi_add_handle(m->cm, t->easy) == CURLM_OK) continue;
        unlink_running(m, t);
        hc_transfer_finish(t, cc);
        if (m->done_tail) m->done_tail->next = t;
        else m->done_head = t;
        m->done_tail = t;
    }
}

hc_transfer *hc_multi_next_done(hc_multi *m)
{
    hc_transfer *t = m->done_head;
    if (!t) return NULL;
    m->done_head = t->next;
    if (!m->done_head) m->done_tail = NULL;
    t->next = NULL;
    m->count--;
    return t;
}

int hc_multi_running(const hc_multi *m) { return m->count; }
