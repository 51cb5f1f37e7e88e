// glue.h: what the Node glue files share: the per-environment state, turning core errors
// into the package's JS errors, and the entry points of each glue file.
// Native code only converts values; argument checks and defaults live in node/lib/.
#ifndef HC_NODE_GLUE_H
#define HC_NODE_GLUE_H

#include <napi.h>

#include "halchemy.h"

struct Loop;

// What native code knows of a finished transfer (loop.cc), in the order of the arguments
// of the JS function that turns it into a resource (resourceFrom in node/lib/index.js).
enum ResultKey {
  K_METHOD, K_URL, K_REQUEST_HEADERS, K_REQUEST_BODY, K_STATUS, K_REASON, K_HEADERS,
  K_BODY, K_BODY_BYTES, K_BODY_JSON, K_RAISE, K_ERROR_CODE, K_ERROR_MESSAGE, K_ETAG, K_CONFLICT_RETRIES,
  K_HISTORY, K_TRACE,
  K_COUNT
};

// Per-environment state (main thread and each worker thread have their own), stored as
// the addon's instance data.
struct AddonData {
  Napi::FunctionReference error_factory;  // (code, message) => Error, from errors.js
  // (method, url, ...) => resource, or throws the error the request rejects with; from
  // index.js. The promise settles with what it returns: no second hop through JS.
  Napi::FunctionReference finisher;
  // (text) => void: gives the core's verify=false warning (SPEC §13); from index.js.
  Napi::FunctionReference warner;
  Loop *loop = nullptr;  // owned by its own async cleanup hook, see loop.cc
};

AddonData *GetData(Napi::Env env);
// A JS Error made by the package's factory for a core error, with its string `code`.
Napi::Value MakeError(Napi::Env env, const hc_error &err);
// Throws that error; returns undefined for the caller to return.
Napi::Value ThrowCoreError(Napi::Env env, const hc_error &err);
// An optional string argument: present only when it is a JS string. A string holding a NUL
// leaves the core's error pending (SPEC §12: refused, never cut).
std::string OptString(const Napi::CallbackInfo &info, size_t i, bool *present);
// false with the core's error thrown when s[0..len) holds a NUL (hc_check_text).
bool CheckText(Napi::Env env, const char *s, size_t len);

// rules.cc: the core's pure rules (templates, HAL lookups, status specs) as functions.
void InitRules(Napi::Env env, Napi::Object exports);

// api.cc: the native Api class over hc_api. The hc_api is shared by the JS object and
// every transfer in flight (a transfer must be deleted before its api): whoever lets go
// last deletes it, so neither garbage collection nor env teardown order can break that.
struct ApiRef {
  hc_api *api = nullptr;
  int refs = 1;
};
void ApiRelease(ApiRef *ref);
Napi::Function InitApiClass(Napi::Env env);

// loop.cc: transfers driven by libcurl's multi interface on this environment's libuv loop.
Loop *LoopNew(Napi::Env env);
// Starts t (taking ownership, holding a reference on api until t is deleted); the returned
// promise settles with what the finisher makes of the result (rejects also when t cannot be
// started). cancel_id > 0 makes it cancellable by LoopCancel under that id; trace: the
// finisher gets the transfer's trace lines.
Napi::Value LoopStart(Napi::Env env, Loop *loop, hc_transfer *t, ApiRef *api, uint32_t cancel_id,
                      bool trace);
// SPEC §13 withSignal: rejects the promise of the transfer started under cancel_id with
// `reason` and frees the transfer at once (or, when it already finished and waits to be
// settled, as soon as the loop gets to it, without settling). false when no transfer of
// that id is unsettled.
bool LoopCancel(Napi::Env env, Loop *loop, uint32_t cancel_id, napi_value reason);
// SPEC §13 close(): the Apis of one environment share the multi's connection cache, so an
// Api's kept-alive connections are closed with the cache's other idle ones: now when nothing
// is in flight, else as soon as nothing is.
void LoopCloseIdle(Loop *loop);

#endif
