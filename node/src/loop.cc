// loop.cc: runs halchemy transfers on Node's own event loop. libcurl's multi interface
// (through hc_multi) tells us which sockets and timeout to watch; libuv polls them on the
// main thread, so there is no thread per request and many transfers share one loop.
// The handles are unref'd: only a transfer in flight keeps the process alive.
#include "glue.h"

#include <set>

struct Loop {
  napi_env env;
  uv_loop_t *uv = nullptr;
  hc_multi *multi = nullptr;
  uv_timer_t timer;
  uv_async_t keepalive;  // ref'd exactly while transfers are in flight
  Napi::AsyncContext *context = nullptr;
  std::set<hc_transfer *> running;
};

namespace {

struct Sock {
  uv_poll_t poll;
  Loop *loop;
  int fd;
};

struct Pending {
  Napi::Promise::Deferred deferred;
  explicit Pending(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
};

void FreeHandle(uv_handle_t *h) { delete reinterpret_cast<Sock *>(h); }

void UpdateKeepalive(Loop *loop) {
  if (loop->running.empty()) uv_unref(reinterpret_cast<uv_handle_t *>(&loop->keepalive));
  else uv_ref(reinterpret_cast<uv_handle_t *>(&loop->keepalive));
}

// The result as a positional array (indexed stores are much cheaper than named ones); the
// order is the R_* table at the top of node/lib/index.js:
// [method, url, requestHeaders, requestBody, status, reason, headers, body, bodyIsJson,
//  raise, errorCode, errorMessage], headers flat as [name, value, name, value, ...].
Napi::Array ResultArray(Napi::Env env, hc_transfer *t) {
  size_t req_len = 0, body_len = 0;
  const char *req_body = hc_transfer_request_body(t, &req_len);
  const char *body = hc_transfer_response_body(t, &body_len);
  const hc_error *err = hc_transfer_error(t);
  napi_value items[12];
  items[0] = Napi::String::New(env, hc_transfer_method(t));
  items[1] = Napi::String::New(env, hc_transfer_url(t));
  items[2] = HeadersArray(env, hc_transfer_request_headers(t));
  items[3] = req_body ? Napi::Value(Napi::String::New(env, req_body, req_len)) : env.Null();
  items[4] = Napi::Number::New(env, hc_transfer_status(t));
  items[5] = Napi::String::New(env, hc_transfer_reason(t));
  items[6] = HeadersArray(env, hc_transfer_response_headers(t));
  items[7] = Napi::String::New(env, body, body_len);
  items[8] = Napi::Boolean::New(env, hc_transfer_body_is_json(t));
  items[9] = Napi::Number::New(env, static_cast<int>(hc_transfer_raise(t)));
  items[10] = err->code ? Napi::Value(Napi::String::New(env, hc_code_name(err->code))) : env.Null();
  items[11] = err->code ? Napi::Value(Napi::String::New(env, err->message)) : env.Null();
  Napi::Array r = Napi::Array::New(env, 12);
  for (uint32_t i = 0; i < 12; i++) r.Set(i, items[i]);
  return r;
}

// Settles the promises of finished transfers. Runs in a libuv callback, so it opens a
// callback scope: that is what makes Node run the promise reactions afterwards.
void Drain(Loop *loop) {
  hc_transfer *t = hc_multi_next_done(loop->multi);
  if (!t) { UpdateKeepalive(loop); return; }
  Napi::Env env(loop->env);
  Napi::HandleScope handles(env);
  Napi::CallbackScope scope(env, *loop->context);
  for (; t; t = hc_multi_next_done(loop->multi)) {
    loop->running.erase(t);
    Pending *p = static_cast<Pending *>(hc_transfer_userdata(t));
    p->deferred.Resolve(ResultArray(env, t));
    delete p;
    hc_transfer_delete(t);
  }
  UpdateKeepalive(loop);
}

void OnPoll(uv_poll_t *handle, int status, int events) {
  Sock *s = reinterpret_cast<Sock *>(handle);
  int flags = 0;
  if (status < 0) flags = HC_POLL_IN | HC_POLL_OUT;  // let libcurl find the error
  if (events & UV_READABLE) flags |= HC_POLL_IN;
  if (events & UV_WRITABLE) flags |= HC_POLL_OUT;
  Loop *loop = s->loop;
  hc_multi_action(loop->multi, s->fd, flags);
  Drain(loop);
}

void OnSocket(void *ud, int fd, int what, void *socketp) {
  Loop *loop = static_cast<Loop *>(ud);
  Sock *s = static_cast<Sock *>(socketp);
  if (what & HC_POLL_REMOVE) {
    if (s) {
      uv_poll_stop(&s->poll);
      hc_multi_assign(loop->multi, fd, nullptr);
      uv_close(reinterpret_cast<uv_handle_t *>(&s->poll), FreeHandle);
    }
    return;
  }
  if (!s) {
    s = new Sock();
    s->loop = loop;
    s->fd = fd;
    uv_poll_init_socket(loop->uv, &s->poll, fd);
    uv_unref(reinterpret_cast<uv_handle_t *>(&s->poll));
    hc_multi_assign(loop->multi, fd, s);
  }
  int events = 0;
  if (what & HC_POLL_IN) events |= UV_READABLE;
  if (what & HC_POLL_OUT) events |= UV_WRITABLE;
  uv_poll_start(&s->poll, events, OnPoll);
}

void OnTimeout(uv_timer_t *timer) {
  Loop *loop = static_cast<Loop *>(timer->data);
  hc_multi_action(loop->multi, HC_SOCKET_TIMEOUT, 0);
  Drain(loop);
}

void OnTimer(void *ud, long timeout_ms) {
  Loop *loop = static_cast<Loop *>(ud);
  if (timeout_ms < 0) uv_timer_stop(&loop->timer);
  else uv_timer_start(&loop->timer, OnTimeout, static_cast<uint64_t>(timeout_ms), 0);
}

void Noop(uv_async_t *) {}

}  // namespace

Loop *LoopNew(Napi::Env env) {
  Loop *loop = new Loop();
  loop->env = env;
  napi_get_uv_event_loop(env, &loop->uv);
  loop->multi = hc_multi_new(OnSocket, OnTimer, loop);
  uv_timer_init(loop->uv, &loop->timer);
  loop->timer.data = loop;
  uv_unref(reinterpret_cast<uv_handle_t *>(&loop->timer));
  uv_async_init(loop->uv, &loop->keepalive, Noop);
  uv_unref(reinterpret_cast<uv_handle_t *>(&loop->keepalive));
  loop->context = new Napi::AsyncContext(env, "halchemy.request");
  return loop;
}

void LoopDelete(Loop *loop) {
  if (!loop) return;
  for (hc_transfer *t : loop->running) {
    hc_multi_remove(loop->multi, t);
    delete static_cast<Pending *>(hc_transfer_userdata(t));
    hc_transfer_delete(t);
  }
  loop->running.clear();
  hc_multi_delete(loop->multi);  // closes sockets; their poll handles are closed via OnSocket
  uv_close(reinterpret_cast<uv_handle_t *>(&loop->timer), nullptr);
  uv_close(reinterpret_cast<uv_handle_t *>(&loop->keepalive), nullptr);
  delete loop->context;
  // The Loop itself stays allocated: libuv may still touch the closing handles.
}

Napi::Value LoopStart(Loop *loop, Napi::Env env, hc_transfer *t) {
  Pending *p = new Pending(env);
  Napi::Promise promise = p->deferred.Promise();
  hc_transfer_set_userdata(t, p);
  hc_error err = {};
  if (!loop->multi || hc_multi_add(loop->multi, t, &err) != HC_OK) {
    if (!loop->multi) err.code = HC_ENOMEM;
    p->deferred.Reject(MakeError(env, err));
    delete p;
    hc_transfer_delete(t);
    return promise;
  }
  loop->running.insert(t);
  UpdateKeepalive(loop);
  return promise;
}
