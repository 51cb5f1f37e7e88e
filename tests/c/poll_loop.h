/* poll_loop.h: an hc_multi driven by poll(), as an event loop drives it in a binding: the
 * core says which sockets and which timeout to watch (on_socket, on_timer); pump() waits
 * for one of them and tells the core what happened. For the C tests (one loop per test
 * program: the watched sockets are file-scope). */
#ifndef HC_TEST_POLL_LOOP_H
#define HC_TEST_POLL_LOOP_H

#include <poll.h>

#include "halchemy.h"

#define POLL_LOOP_MAX_FDS 256
static struct pollfd pfds[POLL_LOOP_MAX_FDS];
static int npfds;
static long timer_ms = -1;

static void on_socket(void *ud, int fd, int what, void *socketp)
{
    (void)ud; (void)socketp;
    int i = 0;
    while (i < npfds && pfds[i].fd != fd) i++;
    if (what & HC_POLL_REMOVE) {
        if (i < npfds) pfds[i] = pfds[--npfds];
        return;
    }
    if (i == npfds) { if (npfds == POLL_LOOP_MAX_FDS) return; npfds++; }
    pfds[i].fd = fd;
    pfds[i].events = (short)(((what & HC_POLL_IN) ? POLLIN : 0) | ((what & HC_POLL_OUT) ? POLLOUT : 0));
}

static void on_timer(void *ud, long ms) { (void)ud; timer_ms = ms; }

/* One turn of the loop that drives m: waits (at most 100 ms when no timer is set) for a
 * socket or the timer, then tells libcurl what happened. */
static void pump(hc_multi *m)
{
    int n = poll(pfds, (nfds_t)npfds, timer_ms < 0 ? 100 : (int)timer_ms);
    if (n == 0) { timer_ms = -1; hc_multi_action(m, HC_SOCKET_TIMEOUT, 0); }
    for (int i = 0; n > 0 && i < npfds; i++) {
        if (!pfds[i].revents) continue;
        int ev = ((pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) ? HC_POLL_IN : 0) |
                 ((pfds[i].revents & POLLOUT) ? HC_POLL_OUT : 0);
        pfds[i].revents = 0;
        hc_multi_action(m, pfds[i].fd, ev);
    }
}

/* Runs one transfer on its own hc_multi; returns it finished (the caller deletes it), or
 * NULL when it could not be added. */
static hc_transfer *run_on_loop(hc_transfer *t)
{
    hc_multi *m = hc_multi_new(on_socket, on_timer, NULL);
    hc_error err = {0};
    hc_transfer *done = NULL;
    if (!m || hc_multi_add(m, t, &err) != HC_OK) { hc_multi_delete(m); return NULL; }
    for (int spins = 0; !done && spins < 100000; spins++) {
        pump(m);
        done = hc_multi_next_done(m);
    }
    hc_multi_delete(m);
    return done;
}

#endif
