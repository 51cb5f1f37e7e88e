// loop.cc: runs halchemy transfers on Node's own event loop. libcurl's multi interface
// (through hc_multi) says which sockets and which timeout to watch; libuv polls them on the
// JS thread, so there is no thread per request and hundreds of transfers share one loop.
// Finished transfers settle their promises once per loop turn, in one callback scope.
#include <uv.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "glue.h"

namespace {

struct Sock;

struct Pending {
  napi_deferred deferred = nullptr;
  ApiRef *api = nullptr;
  uint32_t cancel_id = 0;  // > 0: listed in Loop::cancellable (a request withSignal)
  bool trace = false;      // the finisher gets the trace lines
};

}  // namespace

struct Loop {
  napi_env env = nullptr;
  uv_loop_t *uv = nullptr;
  hc_multi *multi = nullptr;
  uv_timer_t timer;      // libcurl's one timeout
  uv_check_t drain;      // runs after the poll phase when a transfer may have finished
  uv_idle_t wake;        // active with `drain`: the poll phase must not block before it
  uv_async_t keepalive;  // never sent; ref'd exactly while transfers are in flight
  napi_ref resource = nullptr;
  napi_async_context context = nullptr;
  // Poll handles by fd. libcurl stops watching a kept-alive socket after every transfer
  // and starts again for the next one, so a handle is stopped and reused, not re-created.
  std::vector<Sock *> socks;
  std::unordered_set<hc_transfer *> running;
  // SPEC §13 withSignal: the unsettled transfers an abort may cancel, by their JS-given id.
  std::unordered_map<uint32_t, hc_transfer *> cancellable;
  std::vector<hc_transfer *> done;  // finished, taken from hc_multi, not yet settled
  napi_async_cleanup_hook_handle cleanup = nullptr;
  bool closing = false;
  // Set while DrainLoop runs JS. Requests started then are sent together right after it
  // (one libcurl action for all of them), not a loop turn later by the timer.
  bool settling = false;
  bool kick = false;
  // SPEC §13 close(): the kept-alive connections live in the multi's connection cache,
  // shared by every Api of this environment; set when they must go once nothing is in flight.
  bool close_idle = false;
  int open_handles = 0;
};

namespace {

struct Sock {
  uv_poll_t poll;
  Loop *loop;
  int fd;
};

uv_handle_t *H(void *h) { return reinterpret_cast<uv_handle_t *>(h); }

void OnSocket(void *ud, int fd, int what, void *);
void OnTimer(void *ud, long timeout_ms);

// Closes the idle connections of the multi's cache by making a new multi: libcurl has no
// call for that alone. Only with nothing in flight (the caller checks).
void CloseIdle(Loop *loop) {
  loop->close_idle = false;
  if (loop->closing || !loop->multi) return;
  hc_multi_delete(loop->multi);
  loop->multi = hc_multi_new(OnSocket, OnTimer, loop);
}

void UpdateKeepalive(Loop *loop) {
  if (loop->running.empty()) {
    uv_unref(H(&loop->keepalive));
    // (also while settling: every transfer settled by then is freed, and JS that runs as
    // the settling's callback scope closes, where close() usually is, sees it done)
    if (loop->close_idle && loop->done.empty()) CloseIdle(loop);
  } else {
    uv_ref(H(&loop->keepalive));
  }
}

void DrainLoop(Loop *loop);
void OnCheck(uv_check_t *check) { DrainLoop(static_cast<Loop *>(check->data)); }

void OnWake(uv_idle_t *) {}

// libcurl reports finished transfers after an action; settling them waits for the check
// phase so that every transfer finished in this loop turn shares one callback scope.
void ScheduleDrain(Loop *loop) {
  if (!loop->closing && !uv_is_active(H(&loop->drain))) uv_check_start(&loop->drain, OnCheck);
}

// ASCII text (nearly every URL, header and JSON body) is copied as Latin-1, which V8 takes
// without decoding; anything else is decoded as UTF-8.
napi_value Str(napi_env env, const char *s, size_t len = NAPI_AUTO_LENGTH) {
  napi_value v = nullptr;
  if (!s) s = "", len = 0;
  if (len == NAPI_AUTO_LENGTH) len = strlen(s);
  unsigned char high = 0;
  for (size_t i = 0; i < len; i++) high |= static_cast<unsigned char>(s[i]);
  if (high < 0x80) napi_create_string_latin1(env, s, len, &v);
  else napi_create_string_utf8(env, s, len, &v);
  return v;
}

// A header set crosses as one string, "name\0value\0name\0value": NUL cannot occur in a
// name or value (they are C strings), and one string is far cheaper to make than an array
// of them. node/lib/headers.js splits it only when a program reads the headers.
napi_value HeaderText(napi_env env, const hc_headers *h) {
  size_t n = h ? hc_headers_count(h) : 0;
  static thread_local std::string text;  // JS-thread scratch, its capacity kept
  text.clear();
  for (size_t i = 0; i < n; i++) {
    if (i) text.push_back('\0');
    text.append(hc_headers_name(h, i));
    text.push_back('\0');
    text.append(hc_headers_value(h, i));
  }
  return Str(env, text.data(), text.size());
}

// The finisher's arguments (ResultKey order) for a finished transfer. The response body is
// text (bytes that are not UTF-8 become U+FFFD, as Python's binding decodes them), plus its
// bytes as received when the text cannot give them back (SPEC §9 `content`).
void ResultArgs(napi_env env, hc_transfer *t, napi_value v[K_COUNT]) {
  size_t req_len = 0, body_len = 0;
  const char *req_body = hc_transfer_request_body(t, &req_len);
  const char *body = hc_transfer_response_body(t, &body_len);
  const hc_error *err = hc_transfer_error(t);
  napi_value null_value;
  napi_get_null(env, &null_value);
  v[K_METHOD] = Str(env, hc_transfer_method(t));
  v[K_URL] = Str(env, hc_transfer_url(t));
  v[K_REQUEST_HEADERS] = HeaderText(env, hc_transfer_request_headers(t));
  v[K_REQUEST_BODY] = req_body ? Str(env, req_body, req_len) : null_value;
  napi_create_int32(env, hc_transfer_status(t), &v[K_STATUS]);
  v[K_REASON] = Str(env, hc_transfer_reason(t));
  v[K_HEADERS] = HeaderText(env, hc_transfer_response_headers(t));
  v[K_BODY] = Str(env, body, body_len);
  // The bytes themselves only when the text does not give them back (not UTF-8): JS then
  // makes `content` from the text, and the common case costs no second copy.
  if (hc_transfer_body_utf8(t)) v[K_BODY_BYTES] = null_value;
  else napi_create_buffer_copy(env, body_len, body, nullptr, &v[K_BODY_BYTES]);
  napi_create_int32(env, static_cast<int>(hc_transfer_body_json(t, nullptr)), &v[K_BODY_JSON]);
  napi_create_int32(env, static_cast<int>(hc_transfer_raise(t)), &v[K_RAISE]);
  v[K_ERROR_CODE] = err->code != HC_OK ? Str(env, hc_code_name(err->code)) : null_value;
  v[K_ERROR_MESSAGE] = err->code != HC_OK ? Str(env, err->message) : null_value;
  // The one response header every follow() reads (If-Match), so JS need not search them.
  const char *etag = hc_headers_get(hc_transfer_response_headers(t), "ETag");
  v[K_ETAG] = etag ? Str(env, etag) : null_value;
  napi_create_int32(env, hc_transfer_conflict_retries(t), &v[K_CONFLICT_RETRIES]);
  // SPEC §13: the redirect hops (null when none: most calls) and, when asked for, the trace.
  char *history = hc_transfer_history_json(t);
  v[K_HISTORY] = history && strcmp(history, "[]") != 0 ? Str(env, history) : null_value;
  hc_free(history);
  Pending *p = static_cast<Pending *>(hc_transfer_userdata(t));
  v[K_TRACE] = null_value;
  if (p && p->trace) {
    char *trace = hc_transfer_trace_json(t);
    if (trace) v[K_TRACE] = Str(env, trace);
    hc_free(trace);
  }
}

// Settles p with what the finisher makes of t: its return value, or what it throws.
void Settle(napi_env env, napi_value finisher, napi_deferred deferred, hc_transfer *t) {
  napi_value v[K_COUNT], undefined, out = nullptr;
  ResultArgs(env, t, v);
  napi_get_undefined(env, &undefined);
  if (finisher && napi_call_function(env, undefined, finisher, K_COUNT, v, &out) == napi_ok) {
    napi_resolve_deferred(env, deferred, out);
    return;
  }
  napi_value thrown = nullptr;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &thrown);
  if (!thrown) {
    napi_value msg;
    napi_create_string_utf8(env, "halchemy: the result could not be read", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, nullptr, msg, &thrown);
  }
  napi_reject_deferred(env, deferred, thrown);
}

void FinishTransfer(Loop *loop, hc_transfer *t) {
  Pending *p = static_cast<Pending *>(hc_transfer_userdata(t));
  loop->running.erase(t);
  hc_transfer_delete(t);  // before its api: the transfer holds the api's connection pool
  if (p && p->cancel_id) loop->cancellable.erase(p->cancel_id);
  if (p) {
    ApiRelease(p->api);
    delete p;
  }
}

void OnPoll(uv_poll_t *handle, int status, int events) {
  Sock *s = reinterpret_cast<Sock *>(handle);
  Loop *loop = s->loop;
  int flags = 0;
  if (status < 0) flags = HC_POLL_IN | HC_POLL_OUT;  // libcurl finds the socket error itself
  if (events & UV_READABLE) flags |= HC_POLL_IN;
  if (events & UV_WRITABLE) flags |= HC_POLL_OUT;
  hc_multi_action(loop->multi, s->fd, flags);
  ScheduleDrain(loop);
}

void OnSocket(void *ud, int fd, int what, void *) {
  Loop *loop = static_cast<Loop *>(ud);
  if (fd < 0) return;
  Sock *s = static_cast<size_t>(fd) < loop->socks.size() ? loop->socks[fd] : nullptr;
  if (what & HC_POLL_REMOVE) {
    // Stopping also drops events already reported for fd, which libcurl may close next.
    if (s) uv_poll_stop(&s->poll);
    return;
  }
  if (loop->closing) return;
  if (!s) {
    s = new Sock();
    s->loop = loop;
    s->fd = fd;
    if (uv_poll_init_socket(loop->uv, &s->poll, fd) != 0) {
      delete s;  // libcurl then times the transfer out: an error, never a hang or crash
      return;
    }
    uv_unref(H(&s->poll));  // only `keepalive` decides whether the process stays alive
    loop->open_handles++;
    if (loop->socks.size() <= static_cast<size_t>(fd)) loop->socks.resize(fd + 1, nullptr);
    loop->socks[fd] = s;
  }
  int events = 0;
  if (what & HC_POLL_IN) events |= UV_READABLE;
  if (what & HC_POLL_OUT) events |= UV_WRITABLE;
  uv_poll_start(&s->poll, events, OnPoll);
}

// An action in the timers phase (usually: sending new requests) rarely finishes one, and
// then no socket event may follow to end the poll phase: only in that case the idle handle
// keeps the poll phase from blocking before the check phase settles it.
void RunDue(Loop *loop) {
  hc_multi_action(loop->multi, HC_SOCKET_TIMEOUT, 0);
  if (hc_transfer *t = hc_multi_next_done(loop->multi)) {
    loop->done.push_back(t);
    ScheduleDrain(loop);
    uv_idle_start(&loop->wake, OnWake);
  }
}

void OnTimeout(uv_timer_t *timer) { RunDue(static_cast<Loop *>(timer->data)); }

void OnTimer(void *ud, long timeout_ms) {
  Loop *loop = static_cast<Loop *>(ud);
  if (loop->closing) return;
  // libcurl must not be re-entered from its own callback: even "now" (0) waits a turn.
  if (timeout_ms < 0) uv_timer_stop(&loop->timer);
  else uv_timer_start(&loop->timer, OnTimeout, static_cast<uint64_t>(timeout_ms), 0);
}

void HandleClosed(Loop *loop) {
  if (--loop->open_handles > 0) return;
  napi_remove_async_cleanup_hook(loop->cleanup);
  delete loop;
}

void OnHandleClosed(uv_handle_t *h) { HandleClosed(static_cast<Loop *>(h->data)); }

void OnSockClosed(uv_handle_t *h) {
  Sock *s = reinterpret_cast<Sock *>(h);
  Loop *loop = s->loop;
  delete s;
  HandleClosed(loop);
}

// Env teardown (process exit, worker terminate): drop unfinished transfers without settling
// their promises (no JS runs any more), then close every libuv handle; the hook is done
// when the last one has closed.
void OnEnvCleanup(napi_async_cleanup_hook_handle handle, void *arg) {
  Loop *loop = static_cast<Loop *>(arg);
  loop->cleanup = handle;
  loop->closing = true;
  for (hc_transfer *t : loop->done) FinishTransfer(loop, t);
  loop->done.clear();
  std::vector<hc_transfer *> unfinished(loop->running.begin(), loop->running.end());
  for (hc_transfer *t : unfinished) {
    hc_multi_remove(loop->multi, t);
    FinishTransfer(loop, t);
  }
  hc_multi_delete(loop->multi);  // its sockets' REMOVE calls stop their poll handles
  loop->multi = nullptr;
  if (loop->context) napi_async_destroy(loop->env, loop->context);
  if (loop->resource) napi_delete_reference(loop->env, loop->resource);
  loop->context = nullptr;
  loop->resource = nullptr;
  uv_close(H(&loop->timer), OnHandleClosed);
  uv_close(H(&loop->drain), OnHandleClosed);
  uv_close(H(&loop->wake), OnHandleClosed);
  uv_close(H(&loop->keepalive), OnHandleClosed);
  for (Sock *s : loop->socks)
    if (s) uv_close(H(&s->poll), OnSockClosed);
  loop->socks.clear();
}

void Noop(uv_async_t *) {}

// Settles the promises of every finished transfer. The callback scope is what makes Node
// run the promise reactions (and process.nextTick) when it closes, as after any I/O.
void DrainLoop(Loop *loop) {
  uv_check_stop(&loop->drain);
  uv_idle_stop(&loop->wake);
  if (!loop->multi) return;
  while (hc_transfer *t = hc_multi_next_done(loop->multi)) loop->done.push_back(t);
  if (loop->done.empty()) {
    UpdateKeepalive(loop);
    return;
  }
  napi_env env = loop->env;
  AddonData *data = nullptr;
  napi_get_instance_data(env, reinterpret_cast<void **>(&data));
  napi_handle_scope handles = nullptr;
  napi_callback_scope scope = nullptr;
  napi_value resource = nullptr;
  napi_open_handle_scope(env, &handles);
  napi_get_reference_value(env, loop->resource, &resource);
  napi_value finisher = nullptr;
  if (data && !data->finisher.IsEmpty()) finisher = data->finisher.Value();
  bool scoped = napi_open_callback_scope(env, resource, loop->context, &scope) == napi_ok;
  loop->settling = true;
  // The finisher is JS: taken out first, `done` may grow meanwhile without harm. Promise
  // reactions wait for the scope to close.
  std::vector<hc_transfer *> settling;
  settling.swap(loop->done);
  for (hc_transfer *t : settling) {
    Pending *p = static_cast<Pending *>(hc_transfer_userdata(t));
    if (p && p->deferred) Settle(env, finisher, p->deferred, t);
    if (p) p->deferred = nullptr;
    FinishTransfer(loop, t);
  }
  if (loop->done.empty()) {  // keep the vector's capacity for the next turn
    settling.clear();
    loop->done.swap(settling);
  }
  UpdateKeepalive(loop);
  if (scoped) napi_close_callback_scope(env, scope);  // runs JS: may start new transfers
  loop->settling = false;
  if (loop->kick && !loop->closing && loop->multi) {
    loop->kick = false;
    RunDue(loop);
  }
  napi_close_handle_scope(env, handles);
}

}  // namespace

Loop *LoopNew(Napi::Env env) {
  Loop *loop = new Loop();
  loop->env = env;
  napi_get_uv_event_loop(env, &loop->uv);
  loop->multi = hc_multi_new(OnSocket, OnTimer, loop);
  uv_timer_init(loop->uv, &loop->timer);
  uv_check_init(loop->uv, &loop->drain);
  uv_idle_init(loop->uv, &loop->wake);
  uv_async_init(loop->uv, &loop->keepalive, Noop);
  loop->timer.data = loop->drain.data = loop->wake.data = loop->keepalive.data = loop;
  uv_unref(H(&loop->timer));
  uv_unref(H(&loop->drain));
  uv_unref(H(&loop->wake));
  uv_unref(H(&loop->keepalive));
  loop->open_handles = 4;
  Napi::Object resource = Napi::Object::New(env);
  napi_create_reference(env, resource, 1, &loop->resource);
  napi_async_init(env, resource, Napi::String::New(env, "halchemy.request"), &loop->context);
  napi_add_async_cleanup_hook(env, OnEnvCleanup, loop, nullptr);
  return loop;
}

Napi::Value LoopStart(Napi::Env env, Loop *loop, hc_transfer *t, ApiRef *api, uint32_t cancel_id,
                      bool trace) {
  Pending *p = new Pending();
  p->api = api;
  p->trace = trace;
  api->refs++;
  napi_value promise = nullptr;
  napi_create_promise(env, &p->deferred, &promise);
  hc_transfer_set_userdata(t, p);
  hc_error err = {};
  if (!loop || loop->closing || !loop->multi) {
    err.code = HC_EINVAL;
    snprintf(err.message, sizeof err.message, "halchemy is shutting down: no new requests");
  } else if (hc_multi_add(loop->multi, t, &err) == HC_OK) {
    loop->running.insert(t);
    if (cancel_id) {
      p->cancel_id = cancel_id;
      loop->cancellable[cancel_id] = t;
    }
    UpdateKeepalive(loop);
    // Started while settling (a program's next request): sent once the settling is done.
    if (loop->settling) loop->kick = true;
    return Napi::Value(env, promise);
  }
  napi_reject_deferred(env, p->deferred, MakeError(env, err));
  p->deferred = nullptr;
  hc_transfer_delete(t);
  ApiRelease(p->api);
  delete p;
  return Napi::Value(env, promise);
}

bool LoopCancel(Napi::Env env, Loop *loop, uint32_t cancel_id, napi_value reason) {
  if (!loop || loop->closing) return false;
  auto it = loop->cancellable.find(cancel_id);
  if (it == loop->cancellable.end()) return false;
  hc_transfer *t = it->second;
  loop->cancellable.erase(it);
  Pending *p = static_cast<Pending *>(hc_transfer_userdata(t));
  p->cancel_id = 0;
  bool settled = p->deferred == nullptr;
  if (!settled) {
    napi_reject_deferred(env, p->deferred, reason);
    p->deferred = nullptr;
  }
  // Still in libcurl's hands (running, or finished in an action and not yet taken): out of
  // the multi and freed now. Otherwise it waits in `done`, and DrainLoop frees it without
  // settling anything.
  if (loop->multi && hc_multi_cancel(loop->multi, t)) {
    FinishTransfer(loop, t);
    UpdateKeepalive(loop);
  }
  return !settled;
}

void LoopCloseIdle(Loop *loop) {
  if (!loop || loop->closing) return;
  loop->close_idle = true;
  UpdateKeepalive(loop);
}
